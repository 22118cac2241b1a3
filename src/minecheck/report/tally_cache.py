"""The counts of a lone findings document, kept from one run for the next (the next day's run).

A worker counts each lone findings document it reads (report.stream.tally_file): as a trusted
inspection that no other document records and no event names. What it counts depends on the
document's bytes, the summary's groups and `--include-untrusted`, the local time zone and this
code, and on the report date only through the deadlines of its hidden dangers: with no event, a
hidden danger is open, and overdue once the date is past its deadline; nothing else in the count
moves with the date. So a count holds for every date of the *band* between two of its deadlines
(`band`), and is kept with its band: by the document's content digest, in the result cache's file
under a version of its own (report/cache.py: what no run has used for 30 days expires there as
values do). A run whose date falls in the kept band takes the count instead of counting again.
Whether the document is trusted, lone and named by no event is judged afresh in every run, as for
a count made in the run.

A count travels as bytes: the band (two day numbers, 0 for none) and the counts as JSON (data
only: the file sits on disk). Reading it checks every part's type and size (a count is never
below zero, a list of counts as long as the builder's), so a damaged value is a miss.
What is kept for a document is its latest count and the latest of another band before it
(`to_keep`, each with its length), so that a run at another date (the end of last month, a far
date) does not push out the count the daily run takes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import struct
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from minecheck.report.cache import ResultCache, open_cache

LAYOUT = "tally/4"  # what `to_keep` writes; joined to the tool, the code, the zone and the groups
_BAND = struct.Struct(">ii")  # the band's ends as day numbers (date.toordinal), 0 for none
_SIZE = struct.Struct(">I")  # a kept count's length, before it
KEPT_BANDS = 2  # counts kept for a document: its latest, and the latest of another band

# A SummaryBuilder's tally and the majors' occasions counted with it (report.stream.tally_file).
Counted = tuple[tuple[Any, ...], list[tuple[str, int, str, str, int]]]


def band(deadlines: Iterable[dt.date], as_of: dt.date) -> tuple[int, int]:
    """The dates a count made `as_of` holds for, as (low, high) day numbers: after the last
    deadline before `as_of` (low) and up to the first on or after it (high); 0 for no end."""
    day = as_of.toordinal()
    low = high = 0
    for deadline in deadlines:
        n = deadline.toordinal()
        if n < day:
            low = max(low, n)
        elif high == 0 or n < high:
            high = n
    return low, high


def holds(low: int, high: int, as_of: dt.date) -> bool:
    day = as_of.toordinal()
    return (low == 0 or day > low) and (high == 0 or day <= high)


def in_band(blob: bytes, as_of: dt.date) -> bool:
    """Whether the count in `blob` holds `as_of` (its band alone is read)."""
    if len(blob) < _BAND.size:
        return False
    low, high = _BAND.unpack_from(blob)
    return holds(low, high, as_of)


def to_keep(made: bytes, before: bytes | None = None) -> bytes:
    """What is kept for a document: the count just `made` and, from what was kept `before`, the
    latest count of another band (at most KEPT_BANDS in all)."""
    out = [made]
    for entry in entries(before or b""):
        if len(out) >= KEPT_BANDS:
            break
        if entry[: _BAND.size] != made[: _BAND.size]:
            out.append(entry)
    return b"".join(_SIZE.pack(len(entry)) + entry for entry in out)


def entries(value: bytes) -> Iterator[bytes]:
    """The counts a kept value holds, latest first (a damaged tail ends them)."""
    pos = 0
    while pos + _SIZE.size <= len(value):
        (size,) = _SIZE.unpack_from(value, pos)
        pos += _SIZE.size
        if pos + size > len(value):
            return
        yield value[pos : pos + size]
        pos += size


def held(value: bytes, as_of: dt.date) -> bytes | None:
    """The count kept in `value` that holds `as_of` (their bands alone are read), or None."""
    return next((entry for entry in entries(value) if in_band(entry, as_of)), None)


def encode(counted: Counted, low: int, high: int) -> bytes:
    """A count and its band as bytes (what travels from a worker, and what is kept)."""
    (headline, groups, inspections, last, sites, results, cells, majors_open) = counted[0][:8]
    found, rectified, closed, overdue, plain, closing, stock, stock_groups = counted[0][8:]
    data = [
        headline,
        [[list(key), values] for key, values in groups.items()],
        inspections,
        last,
        sorted([key, sorted(names)] for key, names in sites.items()),
        results,
        [[*cell, n] for cell, n in cells.items()],
        majors_open,
        found,
        rectified,
        closed,
        overdue,
        [list(row) for row in counted[1]],
        [[*key, findings, untrusted] for key, (findings, untrusted) in plain.items()],
        closing,
        stock,
        [[list(key), values] for key, values in stock_groups.items()],
    ]
    return _BAND.pack(low, high) + json.dumps(data, ensure_ascii=False).encode()


def decode(blob: bytes, *, checked: bool = True) -> Counted:
    """The count in `blob` (`held` finds the one for a date). ValueError when the bytes are not a
    count (damaged). `checked`: every part's type is checked, so what is merged is numbers where
    numbers go (a count kept on disk); unchecked for one this run made."""
    if len(blob) < _BAND.size:
        raise ValueError("not a count: too short")
    try:
        data = json.loads(blob[_BAND.size :])
        return _counted(data, checked)
    except (TypeError, ValueError, AttributeError, UnicodeDecodeError) as exc:
        raise ValueError(f"not a count: {exc}") from None


def _counted(data: list[Any], checked: bool) -> Counted:
    """The count as `encode` was given it; `checked`: every part's type checked on the way
    (TypeError where one is not what it must be), else taken as this run wrote it."""
    from minecheck.report.summary import CLOSING_MEASURES, MEASURES, STOCK_MEASURES

    num, text, counts = (_int, _str, _counts) if checked else (_same,) * 3
    texts, plains = (_strs, _plain) if checked else (tuple, _plain_as_written)
    headline, groups, inspections, last, sites, results, cells, majors_open = data[:8]
    found, rectified, closed, overdue, majors, plain, closing, stock, stock_groups = data[8:]
    # (as many numbers as the builder adds up: a list cut short cut its total short)
    measures, pair, closings, stocks = (
        (_sized(len(MEASURES)), _sized(2), _sized(CLOSING_MEASURES), _sized(STOCK_MEASURES))
        if checked
        else (_same,) * 4
    )
    tally = (
        measures(headline),
        {texts(key): measures(values) for key, values in groups},
        num(inspections),
        last if last is None else text(last),
        {text(key): set(texts(names)) for key, names in sites},
        counts(results),
        {(text(a), text(b)): num(n) for a, b, n in cells},
        counts(majors_open),
        counts(found),
        counts(rectified),
        counts(closed),
        {text(name): pair(two) for name, two in overdue.items()},
        plains(plain),
        {text(severity): closings(values) for severity, values in closing.items()},
        stocks(stock),
        {texts(key): stocks(values) for key, values in stock_groups},
    )
    rows = [
        (text(site), num(day), text(iid), text(groups_), num(n))
        for site, day, iid, groups_, n in majors
    ]
    return tally, rows


def _plain(groups: object) -> dict[tuple[str, ...], list[int]]:
    """The groups of findings that are no hidden danger, each its key's texts and then its
    counts of findings and of untrusted ones, checked."""
    if type(groups) is not list:
        raise TypeError("a list was expected")
    out: dict[tuple[str, ...], list[int]] = {}
    for group in groups:
        if type(group) is not list or len(group) < 2:
            raise TypeError("a group was expected")
        out[_strs(group[:-2])] = [_int(group[-2]), _int(group[-1])]
    return out


def _plain_as_written(groups: list[list[Any]]) -> dict[tuple[str, ...], list[int]]:
    """The groups of findings that are no hidden danger, as this run wrote them."""
    return {tuple(group[:-2]): [group[-2], group[-1]] for group in groups}


def _same(value: Any) -> Any:
    return value


def _int(value: object) -> int:
    if type(value) is not int or value < 0:  # (counts and day numbers: none below zero)
        raise TypeError("a number was expected")
    return value


def _str(value: object) -> str:
    if type(value) is not str:
        raise TypeError("a text was expected")
    return value


def _ints(values: object) -> list[int]:
    if type(values) is not list:
        raise TypeError("a list was expected")
    return [_int(v) for v in values]


def _sized(size: int) -> Any:
    """`_ints` of exactly `size` numbers."""

    def check(values: object) -> list[int]:
        out = _ints(values)
        if len(out) != size:
            raise TypeError(f"{size} numbers were expected")
        return out

    return check


def _strs(values: object) -> tuple[str, ...]:
    if type(values) is not list:
        raise TypeError("a list was expected")
    return tuple(_str(v) for v in values)


def _counts(values: object) -> dict[str, int]:
    if type(values) is not dict:
        raise TypeError("an object was expected")
    return {_str(k): _int(v) for k, v in values.items()}


def open_tallies(spec: Mapping[str, object], *, enabled: bool = True) -> ResultCache:
    """The kept counts of this code, zone and `spec` (the sink's groups and options)."""
    from minecheck import __version__
    from minecheck.report.memo import _package_code, local_zone

    key = {
        "tool": __version__,
        "code": _package_code(),
        "zone": local_zone(),
        "spec": spec,
    }
    text = json.dumps(key, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    version = f"{LAYOUT} {hashlib.sha256(text.encode('ascii')).hexdigest()[:32]}"
    return open_cache(version, enabled=enabled)
