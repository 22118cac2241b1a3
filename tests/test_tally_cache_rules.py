"""A count kept on disk (report/tally_cache.py) is taken only when it reads as one: a value of
another shape, however it came there, is a miss and the document is counted again (a count
taken as it stood would change the summary's figures with no word said)."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import struct
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from minecheck.core.trust import TrustStore
from minecheck.report import tally_cache
from minecheck.report.cache import FILE_NAME
from minecheck.report.summary import DIMENSIONS
from tests.helpers_merge import ITEMS, findings, person
from tests.test_summary_tally import _summary, archive  # noqa: F401 - the fixture
from tests.test_tally_cache import _counted

PLAIN = 13  # where the findings that are no hidden danger sit in a count's parts


def _with(part: int, value: Any) -> bytes:
    blob = tally_cache.encode(_counted(), 0, 0)
    data = json.loads(blob[8:])
    data[part] = value
    return blob[:8] + json.dumps(data).encode()


@pytest.mark.parametrize("value", [{}, "", None, 7, {"煤矿": [7, 2]}], ids=repr)
def test_findings_that_are_no_hidden_danger_not_in_a_list_are_no_count(value: Any) -> None:
    with pytest.raises(ValueError, match="not a count"):
        tally_cache.decode(_with(PLAIN, value))


LAST = 3  # the inspection the count saw last (None where it saw none)


def test_the_inspection_seen_last_is_a_text_or_nothing() -> None:
    """A number or a list there is no count (that part's check was held by no test)."""
    assert tally_cache.decode(_with(LAST, None))[0][LAST] is None
    wrong: list[Any] = [7, ["insp-1"], {}]
    for value in wrong:
        with pytest.raises(ValueError, match="not a count"):
            tally_cache.decode(_with(LAST, value))


def _reshaped(part: int, change: Callable[[Any], Any]) -> bytes:
    blob = tally_cache.encode(_counted(), 0, 0)
    data = json.loads(blob[8:])
    data[part] = [change(entry) for entry in data[part]]
    return blob[:8] + json.dumps(data).encode()


@pytest.mark.parametrize(
    ("part", "change"),
    [
        (4, lambda site: [site[0], "".join(site[1])]),  # names as one text: read as characters
        (4, lambda site: [site[0], dict.fromkeys(site[1], 1)]),
        (1, lambda group: ["".join(group[0]), group[1]]),  # a group's key as one text
        (1, lambda group: [dict.fromkeys(group[0], 1), group[1]]),
    ],
    ids=["names-text", "names-object", "key-text", "key-object"],
)
def test_names_and_keys_not_in_a_list_are_no_count(part: int, change: Callable[[Any], Any]) -> None:
    """Taken, a site's names as the text "东门" read as the two names "东" and "门"."""
    blob = _reshaped(part, change)
    assert tally_cache.decode(blob, checked=False)  # (of a count's shape but for that)
    with pytest.raises(ValueError, match="not a count"):
        tally_cache.decode(blob)


def test_a_kept_count_whose_other_findings_are_no_list_is_counted_again(
    archive: tuple[list[str], TrustStore],  # noqa: F811 - the fixture
    isolated_home: Path,
) -> None:
    """Taken as it stood, `{}` read as "no such findings": the summary lost them."""
    from minecheck.paths import cache_dir

    paths, store = archive
    expected = _summary(paths, store, DIMENSIONS, True, cache=False, tallies=False)
    _summary(paths, store, DIMENSIONS, True)
    with closing(sqlite3.connect(cache_dir() / FILE_NAME)) as db, db:
        kept = db.execute("SELECT digest, value FROM result WHERE version LIKE 'tally/%'")
        rows = kept.fetchall()
        assert sum(json.loads(bytes(v)[12:])[PLAIN] != [] for _, v in rows) > 10
        for digest, value in rows:
            (entry,) = tally_cache.entries(bytes(value))
            body = json.loads(entry[8:])
            body[PLAIN] = {}
            broken = tally_cache.to_keep(entry[:8] + json.dumps(body).encode())
            db.execute(
                "UPDATE result SET value = ? WHERE digest = ? AND version LIKE 'tally/%'",
                (broken, digest),
            )
    assert _summary(paths, store, DIMENSIONS, True) == expected


def test_a_zone_folder_named_in_chinese_keeps_counts_as_any_other(
    archive: tuple[list[str], TrustStore],  # noqa: F811 - the fixture
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """TZDIR (or TZ) is part of what a kept count is filed under; a name outside ASCII there
    made the summary a traceback under a mutant that wrote it as it is."""
    paths, store = archive
    monkeypatch.setenv("TZDIR", "/usr/share/zoneinfo-时区")
    expected = _summary(paths, store, (), False, cache=False, tallies=False)
    assert _summary(paths, store, (), False) == expected  # cold: the counts kept
    assert _summary(paths, store, (), False) == expected  # warm: taken


def _band_of(data: bytes, as_of: dt.date) -> tuple[int, int]:
    """The band of dates a worker's count of one lone document holds for (tally_file)."""
    from minecheck.report.corpus_cache import encoded_read
    from minecheck.report.stream import tally_file
    from minecheck.report.summary import SummaryBuilder

    blob = tally_file(SummaryBuilder(as_of=as_of), as_of, encoded_read(data, "lone.toml"))
    assert blob is not None
    low, high = struct.unpack_from(">ii", blob)
    return low, high


@pytest.mark.parametrize(
    ("severity", "high"),
    [("general", dt.date(2027, 6, 1)), ("major", dt.date(2026, 12, 31))],
)
def test_a_count_is_reused_to_the_deadline_and_a_major_only_to_its_month_end(
    tmp_path: Path, severity: str, high: dt.date
) -> None:
    """A lone document's kept count serves every later day up to the deadline of its hidden
    danger: a general one found in December is counted again only after its deadline; a
    major one at the month's end too (it moves from the increment to the stock). A general
    one that ended the band at its month's end would have every report of January count the
    document again for nothing."""
    who = person(tmp_path, "alice")
    when = dt.datetime(2026, 12, 3, 9, 0, tzinfo=dt.UTC)
    data = findings(
        who,
        ["noncompliant"],
        items=ITEMS[:1],
        when=when,
        deadline=dt.date(2027, 6, 1),
        severity=severity,
    )
    assert _band_of(data, dt.date(2026, 12, 10)) == (0, high.toordinal())
    if severity == "general":  # past the month's end, the same band: nothing moved
        assert _band_of(data, dt.date(2027, 1, 20)) == (0, high.toordinal())
