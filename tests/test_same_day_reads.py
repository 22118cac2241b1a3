"""`separate-inspections` in the reports reads no document again: pass 1 notes each document's
site, checklist, day and hidden dangers' items in the spill (the cached value's first line
carries the items), and the warning is made from the spill alone. It used to fetch and decode
every document of such a day again, on warm runs too (the benchmark's corpus: 287 days of
2,000 inspections, a tenth of a warm run)."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path
from typing import Any

import pytest

from tests.helpers_merge import CREATED, Who, allowed_signers, findings
from tests.test_coordinator2 import people

__all__ = ["people"]  # fixtures

BAD = ["noncompliant", "compliant", "compliant"]


def _folder(tmp_path: Path, who: dict[str, Who], *, one_mine: bool) -> list[str]:
    """Six inspections, each its own id, on one day: at one mine (three by three sharing a
    hidden danger: `separate-inspections`), or each at a mine of its own (nothing to say); the
    arguments of a report of them."""
    docs = tmp_path / ("one-mine" if one_mine else "six-mines")
    docs.mkdir()
    signers = sorted(who.values(), key=lambda w: w.principal)
    for k in range(6):
        data = findings(
            signers[k % len(signers)],
            BAD,
            k,
            inspection_id=str(uuid.UUID(int=k + 1, version=4)),
            when=CREATED + dt.timedelta(minutes=k),
            site_id="HLJ-0001" if one_mine else f"HLJ-{k + 1:04d}",
        )
        (docs / f"{k}.toml").write_bytes(data)
    trusted = allowed_signers(tmp_path / f"{docs.name}.allowed", *signers)
    return [str(docs), "--allowed-signers", str(trusted)]


def _fetched(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every file whose whole value pass 2 takes from the cache (or from memory), as asked."""
    from minecheck.report import stream_files

    asked: list[str] = []
    real = stream_files._fetch

    def counted(values: Any, kept: Any, keys: Any, *, again: bool = False) -> Any:
        keys = list(keys)
        asked.extend(path for _, path in keys)
        return real(values, kept, keys, again=again)

    monkeypatch.setattr(stream_files, "_fetch", counted)
    return asked


@pytest.mark.parametrize("cache", [[], ["--no-cache"]], ids=["cache", "no-cache"])
def test_a_summary_warns_of_separate_inspections_without_reading_a_document_again(
    people: dict[str, Who],
    tmp_path: Path,
    cli: Any,
    monkeypatch: pytest.MonkeyPatch,
    cache: list[str],
) -> None:
    """Lone documents are counted from their tallies (a worker's, or the one kept from the last
    run): with the cache warm, a summary fetches no value at all, and the warning is said as
    the cold run said it; without a cache, none is fetched for the warning either."""
    args = _folder(tmp_path, people, one_mine=True)
    cold = cli(["summary", *args, "--as-of", "2026-12-30", "--format", "json", *cache])
    assert cold.exit_code == 0
    assert cold.stderr.count("separate-inspections") == 0  # (said without the code)
    assert "6 inspections on 2026-11-29" in cold.stderr
    asked = _fetched(monkeypatch)
    # another day: the whole summary is not remembered, each document's value is
    warm = cli(["summary", *args, "--as-of", "2026-12-31", "--format", "json", *cache])
    assert (warm.exit_code, warm.stderr) == (0, cold.stderr)
    assert asked == []


def test_an_export_reads_no_more_for_separate_inspections_than_without_them(
    people: dict[str, Who], tmp_path: Path, cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An export fetches every document for its rows; six inspections of one mine on one day
    (a warning) are fetched exactly as often as six of six mines (none): the warning costs no
    reading of its own."""
    one_mine = _folder(tmp_path, people, one_mine=True)
    six_mines = _folder(tmp_path, people, one_mine=False)
    asked = _fetched(monkeypatch)
    counts, warned = [], []
    for args in (one_mine, six_mines):
        for _ in range(2):  # cold, then warm
            asked.clear()
            run = cli(["export", *args, "--as-of", "2026-12-31", "--format", "csv"])
            assert run.exit_code == 0
            counts.append(len(asked))
            warned.append("6 inspections on 2026-11-29" in run.stderr)
    assert warned == [True, True, False, False]
    assert counts[:2] == counts[2:], counts


def test_a_damaged_list_of_hidden_dangers_in_the_cache_is_never_served(
    people: dict[str, Who], tmp_path: Path, cli: Any
) -> None:
    """A cached value whose first line gives a document's hidden dangers as anything but a list
    of item ids (a value damaged on disk) is read again from the file: the warning is the
    cold run's."""
    args = _folder(tmp_path, people, one_mine=True)
    argv = ["summary", *args, "--format", "json"]
    cold = cli([*argv, "--as-of", "2026-12-30"])
    damage_heads([["gas-check-genuine"]])  # (a list in a list: no item id)
    warm = cli([*argv, "--as-of", "2026-12-31"])
    assert (warm.exit_code, warm.stderr) == (0, cold.stderr)


def damage_heads(items: object) -> None:
    """Every cached value's first line (of `_folder`'s six documents) given `items` as each
    document's hidden dangers, as a value damaged on disk would."""
    import json
    import os
    import sqlite3

    from minecheck.report import corpus_cache

    home = Path(os.environ["MINECHECK_HOME"])
    db = sqlite3.connect(home / "cache" / "results.sqlite3", isolation_level=None)
    try:
        rows = db.execute(
            "SELECT rowid, value FROM result WHERE version LIKE ?",
            (f"% {corpus_cache.CACHE_VERSION}%",),
        ).fetchall()
        assert len(rows) == 6
        for rowid, value in rows:
            head, _, body = bytes(value).partition(b"\n")
            merged, outer, leaves, mergers = json.loads(head)
            leaves[0][-1] = items
            damaged = json.dumps([merged, outer, leaves, mergers]).encode() + b"\n" + body
            db.execute("UPDATE result SET value = ? WHERE rowid = ?", (damaged, rowid))
    finally:
        db.close()
