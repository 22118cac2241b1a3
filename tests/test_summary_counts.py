"""The summary counts findings that are no hidden danger without a row each, with equal results.

`load_corpus(..., sink=builder)` hands such findings (one document of the inspection records
them) to `SummaryBuilder.add_plain`; everything else stays a row. The summary must be exactly the
one `summarize` gives over every row, for every grouping, trusted or not.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from benchmarks.corpus import generate

from minecheck.core.documents import Event
from minecheck.core.trust import TrustStore, load_trust
from minecheck.report.corpus import DocResult, load_corpus, read_document_file
from minecheck.report.corpus_cache import decode_result, encode_result, read_for_cache
from minecheck.report.rows import FindingRow
from minecheck.report.summary import DIMENSIONS, Summary, SummaryBuilder, summarize
from tests.helpers_merge import INSPECTION, ITEMS, Who, findings, person, store_for
from tests.summary_corpus import row
from tests.test_export import followup

AS_OF = dt.date(2026, 12, 31)
D = dt.date
OTHER = "3a5f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c99"  # an inspection no document records
JOINT = "3a5f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c77"  # two documents record it

# Groupings: none, each dimension alone, item before and after others, and all of them.
BYS: list[tuple[str, ...]] = [
    (),
    *((d,) for d in DIMENSIONS),
    ("site", "item"),
    ("item", "month", "inspector"),
    ("severity", "item", "state"),
    DIMENSIONS,
]


def by_sink(
    results: list[DocResult], store: TrustStore, by: tuple[str, ...], wide: bool
) -> Summary:
    builder = SummaryBuilder(as_of=AS_OF, by=by, include_untrusted=wide)
    corpus = load_corpus(results, store, as_of=AS_OF, include_untrusted=wide, sink=builder)
    for r in corpus.rows:
        builder.add(r)
    return builder.build(corpus.documents, corpus.rejected)


def by_rows(
    results: list[DocResult], store: TrustStore, by: tuple[str, ...], wide: bool
) -> Summary:
    corpus = load_corpus(results, store, as_of=AS_OF, include_untrusted=wide)
    return summarize(
        corpus.rows,
        as_of=AS_OF,
        by=by,
        documents=corpus.documents,
        rejected=corpus.rejected,
        include_untrusted=wide,
    )


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[DocResult], Path]:
    root = tmp_path_factory.mktemp("gen")
    generate(root, 40, 30, seed=3, merged=3)
    paths = sorted((root / "docs").rglob("*.toml"))
    return [read_document_file(p.read_bytes(), str(p)) for p in paths], root


@pytest.mark.parametrize("by", BYS, ids=lambda b: "-".join(b) or "none")
def test_counted_without_rows_equals_every_row_on_a_generated_corpus(
    generated: tuple[list[DocResult], Path], by: tuple[str, ...]
) -> None:
    results, root = generated
    full = load_trust(root / "allowed_signers", None)
    # one signer less: some documents are untrusted (and counted with --include-untrusted)
    partial = TrustStore(full.allowed[1:], full.revoked)
    for store, wide in itertools.product((full, partial), (False, True)):
        expected = by_rows(results, store, by, wide)
        assert expected.headline.findings > 0
        assert by_sink(results, store, by, wide) == expected


class Recorder(SummaryBuilder):
    """A builder that also remembers what it was given."""

    def __init__(self) -> None:
        super().__init__(as_of=AS_OF)
        self.rows: list[FindingRow] = []
        self.plain: list[tuple[str, str, str]] = []
        self.repeats = 0

    def add(self, row: FindingRow) -> None:
        self.rows.append(row)
        super().add(row)

    def add_plain(self, **given: Any) -> None:
        self.plain += [(given["inspection"], i, r) for r, items in given["results"] for i in items]
        super().add_plain(**given)

    def add_repeats(self, keys: tuple[tuple[str, ...], ...], count: int) -> None:
        self.repeats += count
        super().add_repeats(keys, count)


def test_every_finding_goes_to_the_sink_once_and_no_row_is_kept(
    generated: tuple[list[DocResult], Path],
) -> None:
    results, root = generated
    store = load_trust(root / "allowed_signers", None)
    sink = Recorder()
    assert load_corpus(results, store, as_of=AS_OF, sink=sink).rows == ()
    # rows given to a sink leave out the text a summary never reads (not the clauses cited:
    # `--by clause`), and the repeat-major flag, which joins inspections: it is counted once
    # all are in (add_repeats)
    full = load_corpus(results, store, as_of=AS_OF).rows
    every = tuple(
        replace(
            r,
            description=None,
            location=None,
            flags=tuple(f for f in r.flags if f != "repeat-major"),
        )
        for r in full
    )
    assert sink.repeats == sum("repeat-major" in r.flags for r in full) > 0
    assert sorted(
        sink.rows + [r for r in every if (r.inspection, r.item, r.result) in set(sink.plain)],
        key=lambda r: (r.inspection, r.item),
    ) == list(every)
    assert len(sink.rows) + len(sink.plain) == len(every)
    # only rows that are no hidden danger and that one document records are counted bare
    bare = {
        (r.inspection, r.item, r.result)
        for r in every
        if not r.is_hidden_danger and len(r.document_ids) == 1
    }
    assert set(sink.plain) <= bare
    assert {r for r in every if r.is_hidden_danger} <= set(sink.rows)
    assert any(r.state == "closed" for r in sink.rows)


def test_cached_values_give_the_same_rows_and_summaries_as_reading_afresh(
    generated: tuple[list[DocResult], Path],
) -> None:
    results, root = generated
    cached = []
    for r in results:
        blob = encode_result(read_for_cache(Path(r.path).read_bytes()))
        cached.append(decode_result(blob).located(r.path))
    # the cache keeps the findings that are no hidden danger grouped by result, not one by one
    assert any(leaf.plain for c in cached for leaf in c.leaves)
    full = load_trust(root / "allowed_signers", None)
    partial = TrustStore(full.allowed[1:], full.revoked)
    for store, wide in itertools.product((full, partial), (False, True)):
        afresh = load_corpus(results, store, as_of=AS_OF, include_untrusted=wide)
        assert load_corpus(cached, store, as_of=AS_OF, include_untrusted=wide) == afresh
        for by in (("item",), DIMENSIONS):
            assert by_sink(cached, store, by, wide) == by_rows(results, store, by, wide)


def test_a_value_decoded_at_its_path_equals_one_placed_there(
    generated: tuple[list[DocResult], Path],
) -> None:
    from minecheck.report.corpus_cache import decode_at

    results, _ = generated
    assert any(r.merged for r in results)
    for r in results:
        blob = encode_result(read_for_cache(Path(r.path).read_bytes()))
        placed = decode_result(blob).located(r.path)
        direct = decode_at(blob, r.path)
        assert direct == placed
        assert (direct.outer is direct.leaves[0]) == (placed.outer is placed.leaves[0])


def test_a_cached_value_that_calls_a_hidden_danger_plain_is_refused(
    generated: tuple[list[DocResult], Path],
) -> None:
    import json

    path = Path(generated[0][0].path)
    head, body = encode_result(read_for_cache(path.read_bytes())).split(b"\n")
    bodies = json.loads(body)
    bodies[0][-1] = [["noncompliant", ["gas-overlimit"]]]
    with pytest.raises(ValueError, match="cannot decode a cached value"):
        decode_result(head + b"\n" + json.dumps(bodies).encode())


@pytest.fixture(scope="module")
def people(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Who]:
    d = tmp_path_factory.mktemp("keys")
    return {n: person(d, n) for n in ("alice", "bob")}


def test_events_naming_findings_that_are_no_hidden_danger_are_rejected_alike(
    people: dict[str, Who],
) -> None:
    alice, bob = people["alice"], people["bob"]
    at = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
    events = [
        Event(f"{INSPECTION}/{ITEMS[0]}", "rectified", at, note="done"),  # compliant
        Event(f"{INSPECTION}/{ITEMS[1]}", "rectified", at, note="done"),  # a hidden danger
        Event(f"{OTHER}/{ITEMS[0]}", "rectified", at, note="x"),  # no such finding
    ]
    results = [
        read_document_file(findings(alice, ["compliant", "noncompliant", "not-checked"]), "a"),
        read_document_file(followup(bob, *events), "f"),
        read_document_file(
            findings(bob, ["compliant", "compliant", "noncompliant"], inspection_id=JOINT), "b"
        ),
        read_document_file(
            findings(alice, ["compliant", "noncompliant", "noncompliant"], inspection_id=JOINT), "c"
        ),
    ]
    store = store_for(alice, bob)
    assert all(d.status == "trusted" for d in load_corpus(results, store, as_of=AS_OF).documents)
    for by in BYS:
        expected = by_rows(results, store, by, False)
        assert by_sink(results, store, by, False) == expected
    reasons = {(e.finding.split("/")[0], e.reason) for e in expected.rejected}
    assert (INSPECTION, "the finding is not a hidden danger") in reasons
    assert (OTHER, "no trusted findings document holds this finding") in reasons
    # the joint inspection: agreed compliant, disagreeing (inconsistent), agreed non-compliant
    assert expected.results[:3] == (("compliant", 2), ("noncompliant", 2), ("inconsistent", 1))


def test_add_plain_counts_as_add_does_row_by_row() -> None:
    rng = random.Random(7)  # noqa: S311 - test data
    sites, inspectors = ("S1", "S2 新兴"), ("Wang", "", "Li")
    signers = ("wang@hlj.example", "li@hlj.example", "")  # (one name may be two people's)
    batches = []
    for n in range(30):
        trust = rng.choice(("trusted", "untrusted-key"))
        site, inspector, signer = rng.choice(sites), rng.choice(inspectors), rng.choice(signers)
        month = D(2026, rng.randrange(1, 13), 1)
        pairs = [
            (f"item-{i}", rng.choice(("compliant", "not-applicable", "not-checked")))
            for i in rng.sample(range(20), rng.randrange(0, 6))
        ]
        batches.append((f"insp-{n % 12}", site, inspector, signer, month, trust, pairs))
    for by in BYS:
        one, other = SummaryBuilder(as_of=AS_OF, by=by), SummaryBuilder(as_of=AS_OF, by=by)
        for iid, site, inspector, signer, month, trust, pairs in batches:
            one.add_plain(
                inspection=iid,
                site=site,
                checklist="ck",
                inspector=inspector,
                signer=signer,
                month=f"{month.year:04d}-{month.month:02d}",
                trust=trust,
                results=[
                    (r, [item for item, result in pairs if result == r])
                    for r in ("not-checked", "compliant", "not-applicable")
                ],
            )
            for item, result in pairs:
                other.add(
                    row(
                        inspection=iid,
                        site=site,
                        checklist="ck",
                        item=item,
                        result=result,
                        inspectors=(inspector,),
                        signers=(signer,),
                        trust=trust,
                        found=month,
                    )
                )
        assert one.build() == other.build()


def test_add_plain_refuses_a_hidden_danger() -> None:
    builder = SummaryBuilder(as_of=AS_OF)
    with pytest.raises(ValueError, match="hidden danger"):
        builder.add_plain(
            inspection="i",
            site="s",
            checklist="c",
            inspector="w",
            signer="w@hlj.example",
            month="2026-01",
            trust="trusted",
            results=[("compliant", ["y"]), ("noncompliant", ["x"])],
        )


def test_an_untrusted_file_read_afresh_is_listed_once(people: dict[str, Who]) -> None:
    result = read_document_file(findings(people["bob"], ["compliant"] * 3), "b.toml")
    corpus = load_corpus([result], store_for(people["alice"]), as_of=AS_OF, include_untrusted=True)
    assert [(d.path, d.status) for d in corpus.documents] == [("b.toml", "untrusted-key")]
    assert [r.trust for r in corpus.rows] == ["untrusted-key"] * 3
