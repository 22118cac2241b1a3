"""The workers count what they read (report/stream.tally_file), and the summary is the same.

A worker that reads a file for the summary also counts its document as the lone, trusted
record of an inspection no event names; pass 2 merges that tally instead of taking the
document's findings again, wherever the document turned out to be one. Whatever the corpus
(joint inspections, events, merged files, untrusted, revoked or future documents), groups and
options, the summary must be exactly the one counted without tallies and the one `summarize`
gives over every row.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from pathlib import Path
from typing import Any

import pytest
from benchmarks.corpus import generate

from minecheck.core.documents import Event
from minecheck.core.trust import TrustStore, load_trust
from minecheck.report import batch, stream_files
from minecheck.report.corpus import read_document_file
from minecheck.report.stream_files import summarize_files
from minecheck.report.summary import DIMENSIONS, Summary, SummaryBuilder
from tests.helpers_merge import ITEMS, Who, findings, person, store_for
from tests.summary_corpus import row
from tests.test_export import followup
from tests.test_summary_counts import BYS, by_rows

AS_OF = dt.date(2026, 12, 31)
FUTURE = dt.datetime(2099, 1, 1, tzinfo=dt.UTC)
LONE = "3a5f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c11"  # recorded by one document, named by an event
SPLIT = "3a5f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c22"  # recorded by two documents in two files


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], TrustStore]:
    """A generated corpus (joint inspections in merged files, follow-ups) and, beside it, a
    joint inspection across two plain files, an event naming a lone document's finding, a
    document created in the future and one by a key the store revokes."""
    root = tmp_path_factory.mktemp("tally")
    generate(root, 56, 24, seed=11, merged=3)
    keys = tmp_path_factory.mktemp("keys")
    alice, bob, carol = (person(keys, n) for n in ("alice", "bob", "carol"))
    extra = root / "docs" / "extra"
    extra.mkdir()
    bad = ["noncompliant", "compliant", "noncompliant"]
    at = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)
    files: dict[str, bytes] = {
        "lone.toml": findings(alice, bad, inspection_id=LONE, deadline=dt.date(2026, 5, 1)),
        "split-a.toml": findings(alice, bad, inspection_id=SPLIT),
        "split-b.toml": findings(
            bob, ["compliant", "compliant", "noncompliant"], 1, inspection_id=SPLIT
        ),
        "future.toml": findings(alice, bad, 2, when=FUTURE),
        "revoked.toml": findings(carol, bad, 3),
        "events.toml": followup(
            bob,
            Event(f"{LONE}/{ITEMS[0]}", "rectified", at, note="done"),
            Event(f"{LONE}/{ITEMS[1]}", "rectified", at, note="compliant"),  # rejected
            Event(f"{LONE}/no-such-item", "rectified", at, note="none"),  # rejected
            Event(f"{LONE}/{ITEMS[2]}", "withdrawn", at, note="misclassified"),  # its reason read
        ),
    }
    for name, data in files.items():
        (extra / name).write_bytes(data)
    generated = load_trust(root / "allowed_signers", None)
    ours = store_for(alice, bob, carol)
    store = TrustStore(
        generated.allowed + ours.allowed, frozenset({_key(carol)}) | generated.revoked
    )
    return sorted(str(p) for p in (root / "docs").rglob("*.toml")), store


def _key(who: Who) -> bytes:
    import base64

    return base64.b64decode(Path(f"{who.key}.pub").read_text().split()[1])


def _summary(
    paths: list[str],
    store: TrustStore,
    by: tuple[str, ...],
    wide: bool,
    as_of: dt.date = AS_OF,
    **options: Any,
) -> Summary:
    builder = SummaryBuilder(as_of=as_of, by=by, include_untrusted=wide)
    corpus = summarize_files(
        paths, store, as_of=as_of, include_untrusted=wide, sink=builder, **options
    )
    return builder.build(corpus.documents, corpus.rejected)


@pytest.mark.parametrize("by", BYS, ids=lambda b: "-".join(b) or "none")
def test_tallies_give_the_summary_counted_without_them_and_row_by_row(
    archive: tuple[list[str], TrustStore],
    by: tuple[str, ...],
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    paths, full = archive
    partial = TrustStore(full.allowed[1:], full.revoked)  # some documents untrusted
    results = [read_document_file(Path(p).read_bytes(), p) for p in paths]
    fetched: list[int] = []
    real_fetch = stream_files._fetch

    def counting(values: Any, kept: Any, keys: Any, **again: Any) -> Any:
        if not again:  # (pass 2's; a reading before it keeps what it fetches: `again`)
            fetched.append(len(keys))
        return real_fetch(values, kept, keys, **again)

    monkeypatch.setattr(stream_files, "_fetch", counting)
    for store, wide in itertools.product((full, partial), (False, True)):
        expected = by_rows(results, store, by, wide)
        assert expected.headline.findings > 900
        fetched.clear()
        plain = _summary(paths, store, by, wide, tallies=False, cache=False)
        untallied = sum(fetched)
        fetched.clear()
        tallied = _summary(paths, store, by, wide, cache=False)
        assert 0 < sum(fetched) < untallied / 2  # most documents were counted by the workers
        assert tallied == plain == expected


@pytest.mark.parametrize("by", [(), ("item",), DIMENSIONS], ids=lambda b: "-".join(b) or "none")
def test_values_served_from_the_cache_are_counted_by_workers_in_pass_two(
    archive: tuple[list[str], TrustStore],
    by: tuple[str, ...],
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A warm run (another --as-of, say) reads no file: the lone documents are counted by the
    workers from their cached values; one whose value is gone is counted here, read again.
    (Counts kept from the run before, for dates in their band, are left out here: see
    tests/test_tally_cache.py.)"""
    from minecheck.report import tally_cache

    monkeypatch.setattr(tally_cache, "in_band", lambda blob, as_of: False)
    paths, store = archive
    expected = _summary(paths, store, by, True, tallies=False, cache=False)
    assert _summary(paths, store, by, True) == expected  # cold: fills the cache
    counted: list[bytes | None] = []
    real = stream_files.tally_blob

    def counting(*args: Any) -> bytes | None:
        got = real(*args)
        counted.append(got)
        return got

    monkeypatch.setattr(stream_files, "tally_blob", counting)
    assert _summary(paths, store, by, True) == expected  # warm
    assert len(counted) > 30
    assert all(counted)
    counted.clear()
    monkeypatch.setattr(stream_files, "_blobs", lambda values, kept, keys: (b"" for _ in keys))
    assert _summary(paths, store, by, True) == expected  # every value gone: read again here
    assert counted
    assert not any(counted)


def test_the_corner_cases_are_in_the_archive_and_left_to_pass_two(
    archive: tuple[list[str], TrustStore], isolated_home: Path
) -> None:
    paths, store = archive
    got = _summary(paths, store, ("item", "state"), False)
    statuses = {Path(d.path).name: d.status for d in got.documents}
    assert statuses["future.toml"] == "key-not-yet-valid"
    assert statuses["revoked.toml"] == "revoked"
    assert got.headline.repeat_major > 0
    assert got.headline.inconsistent > 0  # SPLIT: the two documents disagree
    assert dict(got.results)["inconsistent"] > 0
    # the first event on LONE was applied; the other two are rejected
    assert [(r.finding, r.reason) for r in got.rejected] == [
        (f"{LONE}/{ITEMS[1]}", "the finding is not a hidden danger"),
        (f"{LONE}/no-such-item", "no trusted findings document holds this finding"),
    ]
    # a second run takes every value from the cache: no tallies, the same summary
    assert _summary(paths, store, ("item", "state"), False) == got


def _random_rows(seed: int) -> list[Any]:
    rng = random.Random(seed)  # noqa: S311 - test data
    rows = []
    for n in range(60):
        hidden = rng.random() < 0.4
        state = rng.choice(("open", "rectified", "closed", "overdue-ish"))
        rows.append(
            row(
                inspection=f"insp-{n // 5}",
                site=rng.choice(("S1", "S2 新兴")),
                item=f"item-{rng.randrange(9)}",
                result="noncompliant" if hidden else rng.choice(("compliant", "not-checked")),
                severity=rng.choice(("major", "general")) if hidden else None,
                state=state if hidden and state != "overdue-ish" else None,
                overdue=hidden and state == "overdue-ish",
                responsible=rng.choice((None, "Unit 1")),
                inspectors=tuple(rng.sample(("Wang", "Li", "Zhao"), rng.randrange(1, 3))),
                found=dt.date(2026, rng.randrange(1, 13), 1),
                rectified_on=dt.date(2026, 7, 1) if state == "rectified" else None,
                closed_on=dt.date(2026, 8, 3) if state == "closed" else None,
            )
        )
    return rows


@pytest.mark.parametrize("by", [(), ("site",), ("item", "inspector"), DIMENSIONS], ids=str)
def test_a_merged_tally_counts_as_the_rows_themselves(by: tuple[str, ...]) -> None:
    import marshal

    rows = _random_rows(5)
    whole = SummaryBuilder(as_of=AS_OF, by=by)
    whole.inspections_in_turn()
    for r in rows:
        whole.add(r)
    merged = SummaryBuilder(as_of=AS_OF, by=by)
    merged.inspections_in_turn()
    for _, group in itertools.groupby(rows, key=lambda r: r.inspection):
        part = merged.fresh()
        part.inspections_in_turn()
        for r in group:
            part.add(r)
        merged.merge(marshal.loads(marshal.dumps(part.tally())))  # noqa: S302 (made here)
    assert merged.build() == whole.build()
    assert merged.build().inspections == 12


def test_a_tally_is_of_inspections_counted_in_turn() -> None:
    builder = SummaryBuilder(as_of=AS_OF)
    with pytest.raises(ValueError, match="in turn"):
        builder.tally()
    other = SummaryBuilder(as_of=AS_OF)
    other.inspections_in_turn()
    with pytest.raises(ValueError, match="in turn"):
        builder.merge(other.tally())


def test_the_workers_count_served_values_in_the_pool(
    tmp_path: Path, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Enough lone documents served from the cache go to the process pool (not counted here),
    where no count was kept for the date (here: none is)."""
    from minecheck.report import tally_cache

    monkeypatch.setattr(tally_cache, "in_band", lambda blob, as_of: False)
    generate(tmp_path, 150, 6, seed=4, merged=2)
    paths = sorted(str(p) for p in (tmp_path / "docs").rglob("*.toml"))
    store = load_trust(tmp_path / "allowed_signers", None)
    expected = _summary(paths, store, ("site", "state"), False, tallies=False, cache=False)
    assert _summary(paths, store, ("site", "state"), False) == expected  # cold
    pools: list[int] = []
    fetched: list[int] = []
    real_pool, real_fetch = batch._make_pool, stream_files._fetch

    def pool(workers: int, func: Any) -> Any:
        pools.append(workers)
        return real_pool(workers, func)

    def counting(values: Any, kept: Any, keys: Any, **again: Any) -> Any:
        if not again:  # (pass 2's; a reading before it keeps what it fetches: `again`)
            fetched.append(len(keys))
        return real_fetch(values, kept, keys, **again)

    monkeypatch.setattr(batch, "_make_pool", pool)
    monkeypatch.setattr(stream_files, "_fetch", counting)
    monkeypatch.setattr(batch, "cpu_count", lambda: 2)
    assert _summary(paths, store, ("site", "state"), False) == expected  # warm
    assert pools == [2]  # no file read: the one pool counted in pass 2
    assert sum(fetched) < len(paths) / 3
