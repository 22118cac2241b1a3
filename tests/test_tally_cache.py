"""Counts of lone documents kept from one run for the next (report/tally_cache.py).

A count is kept with the band of dates it holds for (between two of its document's deadlines);
a later run whose date is in the band takes it instead of counting again. Whatever the date, the
groups, the trust and the zone, the summary must be the one counted afresh without any cache.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from minecheck.core.trust import TrustStore
from minecheck.report import batch, stream_files, tally_cache
from minecheck.report.cache import FILE_NAME
from minecheck.report.corpus import read_document_file
from minecheck.report.summary import DIMENSIONS, MEASURES
from tests.test_summary_tally import AS_OF, _summary, archive  # noqa: F401 - the fixture

D = dt.date


def test_a_band_runs_from_after_the_last_deadline_passed_to_the_next_deadline() -> None:
    deadlines = [D(2026, 3, 1), D(2026, 5, 1), D(2026, 5, 1), D(2026, 9, 30)]
    low, high = tally_cache.band(deadlines, D(2026, 5, 1))
    assert (low, high) == (D(2026, 3, 1).toordinal(), D(2026, 5, 1).toordinal())
    # on its deadline a hidden danger is not yet overdue; the day after, it is
    assert tally_cache.holds(low, high, D(2026, 3, 2))
    assert tally_cache.holds(low, high, D(2026, 5, 1))
    assert not tally_cache.holds(low, high, D(2026, 3, 1))
    assert not tally_cache.holds(low, high, D(2026, 5, 2))
    assert tally_cache.band([], D(2026, 5, 1)) == (0, 0)  # no deadline: every date
    assert tally_cache.holds(0, 0, D(1, 1, 1))
    assert tally_cache.holds(0, 0, D(9999, 12, 31))
    low, high = tally_cache.band(deadlines, D(2027, 1, 1))
    assert (low, high) == (D(2026, 9, 30).toordinal(), 0)
    assert tally_cache.holds(low, high, D(9999, 12, 31))


def _counted() -> tally_cache.Counted:
    measures = len(MEASURES)
    tally: tuple[Any, ...] = (
        [3, 1, 2, *[0] * (measures - 3)],
        {
            ("煤矿", "open"): [1, 0, 1, *[0] * (measures - 3)],
            ("", ""): [2, 1, 1] + [1] * (measures - 3),
        },
        1,
        "insp-1",
        {"煤矿": {"煤矿"}, "\x00HLJ-1": {"Eastgate", "东门"}},
        {"compliant": 2},
        {("major", "open"): 1},
        {"煤矿": 1},
        {"2026-05": 1},
        {},
        {},
        {"Unit 1": [1, 1]},
        {("煤矿", ""): [7, 2], ("Eastgate", ""): [3, 0]},
        {"major": [2, 17, 1, 2, 0]},
        [1, 0, 1, 1],
        {("煤矿", "open"): [1, 0, 1, 1]},
    )
    return tally, [("煤矿", 739000, "insp-1", '[["煤矿"]]', 1)]


def test_a_count_reads_back_as_it_was_written_checked_or_not() -> None:
    blob = tally_cache.encode(_counted(), 0, D(2026, 5, 1).toordinal())
    assert tally_cache.decode(blob) == _counted()
    assert tally_cache.decode(blob, checked=False) == _counted()
    assert tally_cache.held(tally_cache.to_keep(blob), D(2026, 5, 1)) == blob
    assert tally_cache.held(tally_cache.to_keep(blob), D(2026, 5, 2)) is None
    assert tally_cache.in_band(blob, D(2026, 5, 1))
    assert not tally_cache.in_band(blob, D(2026, 5, 2))
    assert not tally_cache.in_band(b"\x00", D(2026, 5, 1))


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: b"",
        lambda data: data[:8] + b"not json",
        lambda data: data[:8] + b"[]",
        lambda data: data[:8] + data[8:].replace(b"[3, 1, 2, ", b'[3, "1", 2, '),
        lambda data: data[:8] + data[8:].replace(b'"insp-1"', b"7"),
        lambda data: data[:8] + data[8:].replace(b'{"compliant": 2}', b'["compliant", 2]'),
        lambda data: data[:8] + data[8:].replace(b"739000", b"739000.5"),
        lambda data: data[:8] + data[8:].replace(b"[1, 1]", b"[1, true]"),
        lambda data: data[:8] + data[8:].replace(b'"Eastgate", "", 3', b'"Eastgate", "", "3"'),
        lambda data: data[:8] + data[8:].replace(b'["Eastgate", "", 3, 0]', b"[0]"),
        lambda data: data[:8] + data[8:].replace(b'["Eastgate", "", 3, 0]', b"{}"),
        lambda data: data[:8] + data[8:].replace(b'["Eastgate", "", 3, 0]', b'[7, "", 3, 0]'),
        lambda data: data[:8] + data[8:].replace(b"[2, 17, 1, 2, 0]", b"[2, 1.5, 1, 2, 0]"),
        lambda data: data[:8] + data[8:].replace(b'{"major": [2, 17, 1, 2, 0]}', b"[]"),
        lambda data: data[:8] + data[8:].replace(b"[2, 17, 1, 2, 0]", b"[2, 17]"),
        lambda data: data[:8] + data[8:].replace(b"[2, 17, 1, 2, 0]", b"[2, 17, 1, 2, -1]"),
        lambda data: data[:8] + data[8:].replace(b"[1, 1]", b"[1, 1, 1]"),
        lambda data: data[:8] + data[8:].replace(b"[3, 1, 2, ", b"[3, 1, "),
        # the stock against increment of majors: four numbers, whole and by group
        lambda data: data[:8] + data[8:].replace(b"[1, 0, 1, 1]]", b"[1, 0, 1]]"),
        lambda data: data[:8] + data[8:].replace(b"[1, 0, 1, 1], [", b"[1, 0, -1, 1], ["),
        lambda data: (
            data[:8] + data[8:].replace(b'"open"], [1, 0, 1, 1]', b'"open"], [1, 0, "1", 1]')
        ),
    ],
)
def test_a_damaged_count_is_refused(damage: Any) -> None:
    blob = tally_cache.encode(_counted(), 0, 0)
    damaged = damage(blob)
    assert damaged != blob
    with pytest.raises(ValueError, match="not a count"):
        tally_cache.decode(damaged)


def _deadlines(paths: list[str]) -> list[dt.date]:
    found: set[dt.date] = set()
    for path in paths:
        result = read_document_file(Path(path).read_bytes(), path)
        for leaf in result.leaves:
            found.update(f.deadline for f in leaf.findings if f.deadline is not None)
    return sorted(found)


def _another_band(paths: list[str]) -> dt.date:
    """A report date in another band than AS_OF for as many documents as can be: found by then
    (an inspection finished later is not yet known), a deadline between it and AS_OF."""
    found: list[tuple[dt.date, list[dt.date]]] = []
    for path in paths:
        for leaf in read_document_file(Path(path).read_bytes(), path).leaves:
            if leaf.inspection is not None:
                deadlines = [f.deadline for f in leaf.findings if f.deadline is not None]
                found.append((leaf.inspection.finished.date(), deadlines))

    def moved(day: dt.date) -> int:
        return sum(
            finished <= day and any(day <= d < AS_OF for d in deadlines)
            for finished, deadlines in found
        )

    return max(sorted({finished for finished, _ in found if finished < AS_OF}), key=moved)


class _Counting:
    """How many lone documents were counted afresh in pass 2 (in this process)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls = 0
        real = stream_files.tally_blob

        def counting(*args: Any) -> Any:
            self.calls += 1
            return real(*args)

        monkeypatch.setattr(stream_files, "tally_blob", counting)
        monkeypatch.setattr(batch, "cpu_count", lambda: 1)  # the pool's work done here


@pytest.mark.parametrize("by", [(), DIMENSIONS], ids=lambda b: "-".join(b) or "none")
def test_counts_kept_from_another_run_give_the_summary_counted_afresh_on_any_date(
    archive: tuple[list[str], TrustStore],  # noqa: F811 - the fixture
    by: tuple[str, ...],
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Dates on each side of deadlines (a day before, on, after): where the band holds, the
    kept count is taken; where not, the document is counted again (and that count kept)."""
    paths, store = archive
    deadlines = _deadlines(paths)
    assert len(deadlines) > 10
    picked = deadlines[:: max(1, len(deadlines) // 4)][:4]
    dates = [AS_OF, AS_OF]
    for d in picked:
        dates += [d, d + dt.timedelta(days=1), d - dt.timedelta(days=1), d]
    dates += [D(2099, 1, 1), D(2000, 1, 1)]
    counting = _Counting(monkeypatch)
    _summary(paths, store, by, False, AS_OF)  # cold: every lone document counted, kept
    assert counting.calls == 0  # (counted by the reading)
    calls = []
    afresh: dict[dt.date, Any] = {}  # (a day's summary counted afresh is the same each time)
    for day in dates:
        counting.calls = 0
        got = _summary(paths, store, by, False, day)
        calls.append(counting.calls)
        if day not in afresh:
            afresh[day] = _summary(paths, store, by, False, day, cache=False, tallies=False)
        assert got == afresh[day], day
    assert calls[0] == calls[1] == 0  # the date of the run before: every count kept
    assert max(calls) > 0  # a date past a deadline: some counted again
    assert calls[-2:] != [0, 0] or calls[:-2].count(0) > len(picked)


def test_counts_are_kept_per_grouping_zone_and_code_and_trust_is_judged_afresh(
    archive: tuple[list[str], TrustStore],  # noqa: F811 - the fixture
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from minecheck.report import corpus_cache, memo

    paths, full = archive
    counting = _Counting(monkeypatch)
    _summary(paths, full, (), False)  # cold: counts kept for no groups
    counting.calls = 0
    _summary(paths, full, ("site",), False)
    assert counting.calls > 20  # none kept for these groups
    counting.calls = 0
    partial = TrustStore(full.allowed[1:], full.revoked)  # some signers no longer trusted
    assert _summary(paths, partial, (), False) == _summary(
        paths, partial, (), False, cache=False, tallies=False
    )
    assert counting.calls == 0  # the counts were kept, and the untrusted left out afresh
    zone = memo.local_zone()
    monkeypatch.setattr(memo, "local_zone", lambda: {**zone, "timezone": "elsewhere"})
    _summary(paths, full, (), False)
    assert counting.calls > 20  # another zone dates inspections otherwise: none kept
    counting.calls = 0
    # another build: its counts are not taken (the documents' values, which another build's
    # reader would not take either, are held as read here, so that pass 2 counts them)
    values = corpus_cache.values_version()
    monkeypatch.setattr(corpus_cache, "values_version", lambda: values)
    monkeypatch.setattr(memo, "_package_code", lambda: "another build")
    _summary(paths, full, (), False)
    assert counting.calls > 20


def test_a_damaged_kept_count_is_counted_again(
    archive: tuple[list[str], TrustStore],  # noqa: F811 - the fixture
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from minecheck.paths import cache_dir

    paths, store = archive
    expected = _summary(paths, store, DIMENSIONS, True, cache=False, tallies=False)
    counting = _Counting(monkeypatch)
    _summary(paths, store, DIMENSIONS, True)
    with closing(sqlite3.connect(cache_dir() / FILE_NAME)) as db, db:
        kept = db.execute("SELECT digest, value FROM result WHERE version LIKE 'tally/%'")
        rows = kept.fetchall()
        assert len(rows) > 20
        for n, (digest, value) in enumerate(rows):
            (entry,) = tally_cache.entries(bytes(value))
            head, body = entry[:8], json.loads(entry[8:])
            body[0] = [str(x) for x in body[0]] if n % 2 else [*body[0][:-1], None]
            broken = tally_cache.to_keep(head + json.dumps(body).encode())
            db.execute(
                "UPDATE result SET value = ? WHERE digest = ? AND version LIKE 'tally/%'",
                (broken, digest),
            )
    counting.calls = 0
    assert _summary(paths, store, DIMENSIONS, True) == expected
    damaged = counting.calls
    counting.calls = 0
    monkeypatch.setattr(tally_cache, "in_band", lambda blob, as_of: False)
    assert _summary(paths, store, DIMENSIONS, True) == expected
    assert damaged == counting.calls > 20  # every one counted again, as with none kept


def test_each_count_is_decoded_once_in_a_run(
    archive: tuple[list[str], TrustStore],  # noqa: F811 - the fixture
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A kept count is checked as it is read and merged as read (it was decoded twice)."""
    paths, store = archive
    _summary(paths, store, (), False)  # cold: counts kept
    decoded: list[bytes] = []
    real = tally_cache.decode

    def watched(blob: bytes, *args: Any, **kwargs: Any) -> Any:
        decoded.append(blob)
        return real(blob, *args, **kwargs)

    monkeypatch.setattr(tally_cache, "decode", watched)
    monkeypatch.setattr(batch, "cpu_count", lambda: 1)
    day = AS_OF + dt.timedelta(days=1)  # another date: the memo misses, the counts are taken
    assert _summary(paths, store, (), False, day) == _summary(
        paths, store, (), False, day, cache=False, tallies=False
    )
    assert len(decoded) > 20
    assert len(set(decoded)) == len(decoded)


def test_a_document_keeps_its_latest_count_and_one_of_another_band() -> None:
    def count(low: int, high: int) -> bytes:
        return tally_cache.encode(_counted(), low, high)

    may, june, july = count(0, 10), count(10, 20), count(20, 0)
    kept = tally_cache.to_keep(may)
    assert list(tally_cache.entries(kept)) == [may]
    kept = tally_cache.to_keep(june, kept)
    assert list(tally_cache.entries(kept)) == [june, may]
    assert list(tally_cache.entries(tally_cache.to_keep(june, kept))) == [june, may]  # once
    kept = tally_cache.to_keep(july, kept)
    assert list(tally_cache.entries(kept)) == [july, june]  # at most two
    day = D.fromordinal
    assert tally_cache.held(kept, day(15)) == june
    assert tally_cache.held(kept, day(21)) == july
    assert tally_cache.held(kept, day(5)) is None
    assert list(tally_cache.entries(kept[:-1])) == [july]  # a damaged tail ends them
    assert list(tally_cache.entries(b"\x00\x00")) == []


def test_a_run_at_another_date_leaves_the_daily_count_in_place(
    archive: tuple[list[str], TrustStore],  # noqa: F811 - the fixture
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A run at a far date (a report as of some other day, before every deadline) keeps its
    counts beside the daily ones: the next run at the daily date takes them all (with one band
    a document, it took none)."""
    paths, store = archive
    counting = _Counting(monkeypatch)
    _summary(paths, store, (), False)  # cold: every lone document counted, kept
    far = _another_band(paths)
    _summary(paths, store, (), False, far)
    assert counting.calls > 5  # found by then, a deadline still ahead: counted again, kept beside
    counting.calls = 0
    day = AS_OF + dt.timedelta(days=1)  # not the memo's: the counts are looked up
    assert not any(AS_OF < d <= day for d in _deadlines(paths))  # (the same band as AS_OF)
    got = _summary(paths, store, (), False, day)
    assert got == _summary(paths, store, (), False, day, cache=False, tallies=False)
    assert counting.calls == 0
    counting.calls = 0
    assert _summary(paths, store, (), False, far + dt.timedelta(days=1)) == _summary(
        paths, store, (), False, far + dt.timedelta(days=1), cache=False, tallies=False
    )
    assert counting.calls == 0  # and the far date's counts too


@pytest.mark.parametrize("part", [0, 1, 11, 14])
def test_a_kept_count_of_the_wrong_shape_is_counted_again(
    archive: tuple[list[str], TrustStore],  # noqa: F811 - the fixture
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    part: int,
) -> None:
    """Numbers where numbers go, but too few or too many of them (the headline, a group, an
    overdue pair, a closing line cut short or grown): not a count, counted again. Taken, a
    total was cut to the short list's length, and a closing line was a traceback."""
    from minecheck.paths import cache_dir

    paths, store = archive
    expected = _summary(paths, store, DIMENSIONS, True, cache=False, tallies=False)
    _summary(paths, store, DIMENSIONS, True)
    with closing(sqlite3.connect(cache_dir() / FILE_NAME)) as db, db:
        kept = db.execute("SELECT digest, value FROM result WHERE version LIKE 'tally/%'")
        rows = kept.fetchall()
        assert len(rows) > 20
        for n, (digest, value) in enumerate(rows):
            (entry,) = tally_cache.entries(bytes(value))
            head, body = entry[:8], json.loads(entry[8:])
            grow = n % 2 == 0
            if part == 0:
                body[0] = [*body[0], 5] if grow else body[0][:-1]
            elif part == 1:
                body[1] = [[key, [*values, 5] if grow else values[:1]] for key, values in body[1]]
                body[1] = body[1] or [[["x"] * len(DIMENSIONS), [1]]]
            elif part == 11:
                body[11] = {
                    name: [*pair, 5] if grow else pair[:1] for name, pair in body[11].items()
                }
                body[11] = body[11] or {"x": [1]}
            else:
                body[14] = {sev: [*v, 5] if grow else v[:1] for sev, v in body[14].items()}
                body[14] = body[14] or {"major": [1]}
            broken = tally_cache.to_keep(head + json.dumps(body).encode())
            db.execute(
                "UPDATE result SET value = ? WHERE digest = ? AND version LIKE 'tally/%'",
                (broken, digest),
            )
    assert _summary(paths, store, DIMENSIONS, True) == expected
