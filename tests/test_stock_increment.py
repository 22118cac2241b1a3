"""Stock against increment of major hidden dangers (AP24: 存量清零, 增量遏制), as a provincial
campaign office reads it from the monthly summary, recounted from the signed files.

For the month of the report's day: the stock is the majors found before its first day and open
when it began, cleared those of them closed or withdrawn by the report's day; the increment the
majors found from its first day on, and of those the ones still open. Each figure is held three
ways: by hand from the archive's story below, by the summary's other figures (the stock is the
open majors of a report as of the day before the month began; the increment is the majors of the
month's row with `--by month`), and cold = warm = `--no-cache` = the next day.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from minecheck.core.documents import FOLLOWUP, Event, FollowUpDoc, Header
from minecheck.core.seal import seal
from minecheck.core.sshsig import NAMESPACE_FINDINGS
from minecheck.core.trust import TrustStore
from minecheck.report.render import STOCK_COLUMNS
from minecheck.report.summary import MajorsStock, month_end, month_start
from tests.helpers_merge import (
    ITEMS,
    Who,
    allowed_signers,
    findings,
    make_merged,
    person,
    store_for,
)
from tests.test_summary_tally import _summary, archive  # noqa: F401 - the fixture

D = dt.date
STOCK_KEYS = ("stock", "cleared", "increment", "increment_open")


def _at(month: int, day: int, hour: int = 12, year: int = 2025) -> dt.datetime:
    """A time of the story: October to December of the year before the report of January."""
    return dt.datetime(year, month, day, hour, 0, tzinfo=dt.UTC)


def _uuid(text: str) -> str:
    """A version-4 id of its own for each text (the documents' ids are random ones)."""
    return str(uuid.UUID(bytes=hashlib.sha256(text.encode()).digest()[:16], version=4))


def _iid(name: str) -> str:
    return _uuid(f"inspection/{name}")


@pytest.fixture
def utc(in_zone: Callable[[str | None], None]) -> None:
    """Local days are UTC days here (the story's times are noon UTC, its first day 02:00)."""
    in_zone("UTC")


class Story:
    """The archive: five inspections of one mine, their majors and what became of each."""

    def __init__(self, tmp_path: Path) -> None:
        self.alice, self.bob = person(tmp_path, "alice"), person(tmp_path, "bob")
        self.allowed = allowed_signers(tmp_path / "allowed_signers", self.alice, self.bob)
        self.docs = tmp_path / "docs"
        self.docs.mkdir()
        self.n = 0

    def found(self, name: str, when: dt.datetime, results: list[str], **kw: Any) -> str:
        who: Who = kw.pop("who", self.alice)
        iid = _iid(name)
        body = findings(who, results, n=len(name), inspection_id=iid, when=when, **kw)
        (self.docs / f"{name}-{who.principal[:3]}.toml").write_bytes(body)
        return iid

    def event(self, ref: str, action: str, when: dt.datetime, **kw: Any) -> None:
        """One event a file, signed when it happened (a file signed later is not yet known)."""
        who = self.alice if action == "rectified" else self.bob
        if action == "accepted":
            kw = {"method": "expert-review", "reviewers": ("Chen Jie",), **kw}
        if action in ("withdrawn", "reopened"):
            kw = {"note": "recorded so on review", **kw}
        self.n += 1
        document_id = _uuid(f"event/{self.n}")
        header = Header(FOLLOWUP, document_id, when, who.principal, who.fingerprint, "minecheck")
        doc = FollowUpDoc(header, (Event(ref, action, when, **kw),))
        body = seal(doc.to_toml(), who.signer, NAMESPACE_FINDINGS)
        (self.docs / f"event-{self.n:02d}.toml").write_bytes(body)

    def closed(self, ref: str, when: dt.datetime) -> None:
        self.event(ref, "rectified", when)
        self.event(ref, "accepted", when + dt.timedelta(hours=1))
        self.event(ref, "closed", when + dt.timedelta(hours=2))


def _story(tmp_path: Path) -> Story:
    s = Story(tmp_path)
    bad = ["noncompliant"] * 3
    a = s.found("a", _at(11, 1), bad)  # the first day of November
    s.closed(f"{a}/{ITEMS[1]}", _at(11, 20, 9))  # closed in November: no stock in December
    s.event(f"{a}/{ITEMS[2]}", "rectified", _at(11, 10))
    s.event(f"{a}/{ITEMS[2]}", "accepted", _at(11, 15))
    s.event(f"{a}/{ITEMS[2]}", "closed", _at(12, 1, 10))  # closed on December's first day
    b = s.found("b", _at(12, 1, 2), bad)  # found on December's first day
    s.closed(f"{b}/{ITEMS[1]}", _at(12, 1, 3))  # and closed that day
    s.event(f"{b}/{ITEMS[2]}", "withdrawn", _at(12, 5))
    c = s.found("c", _at(10, 5), bad)
    s.closed(f"{c}/{ITEMS[0]}", _at(10, 20, 9))
    s.event(f"{c}/{ITEMS[0]}", "reopened", _at(12, 3))  # a rebound in December
    s.closed(f"{c}/{ITEMS[1]}", _at(10, 20, 9))
    s.event(f"{c}/{ITEMS[1]}", "reopened", _at(11, 10))  # a rebound in November
    s.event(f"{c}/{ITEMS[2]}", "withdrawn", _at(11, 1))  # withdrawn on November's first day
    d = s.found("d", _at(12, 3), ["noncompliant", "compliant", "compliant"])
    s.closed(f"{d}/{ITEMS[0]}", _at(12, 2, 9))  # dated before it was found: not applied
    # one major found by two inspectors of a joint inspection, each signing a file
    ok = ["noncompliant", "compliant", "compliant"]
    s.found("e", _at(11, 20), ok)
    s.found("e", _at(11, 20), ok, who=s.bob)
    # graded general by the inspector and major by the expert of the same inspection
    s.found("f", _at(11, 25), ok, severity="general")
    s.found("f", _at(11, 25), ok, who=s.bob)
    return s


# By hand, for each report date: (stock, cleared, increment, increment_open).
EXPECTED = {
    # November: c's third withdrawn on the first day is stock and cleared; a, e and f are new,
    # a's second closed, a's third accepted (closed only in December)
    "2025-11-30": (1, 1, 5, 4),
    # December's first day: a's first and third, c's second (reopened in November), e and f
    # open when it began; a's third closed that day; b's three new, its second closed
    "2025-12-01": (5, 1, 3, 2),
    # b's third withdrawn, d new (its closure before it was found not applied); c's first
    # reopened on the 3rd is in neither figure (closed when the month began)
    "2025-12-15": (5, 1, 4, 2),
    "2025-12-31": (5, 1, 4, 2),
    # January: the stock reaches back across the year, c's first among it
    "2026-01-01": (7, 0, 0, 0),
    "2026-01-10": (7, 0, 0, 0),
}


def _stock(cli: Any, s: Story, as_of: str, *more: str) -> tuple[int, ...]:
    trust = ["--allowed-signers", str(s.allowed)]
    run = cli(["summary", str(s.docs), "--json", *trust, "--as-of", as_of, *more])
    assert run.exit_code == 0, run.stderr
    data = run.json()["data"]
    assert data["stock"]["month"] == as_of[:7]
    return tuple(data["stock"][k] for k in STOCK_KEYS)


def test_each_figure_as_counted_by_hand_cold_warm_uncached_and_the_next_day(
    cli: Any, tmp_path: Path, utc: None
) -> None:
    s = _story(tmp_path)
    for as_of, expected in EXPECTED.items():
        assert _stock(cli, s, as_of, "--no-cache") == expected, as_of
    # in turn, each date the day after the one before (the cache as the run before left it)
    for as_of, expected in EXPECTED.items():
        assert _stock(cli, s, as_of) == expected, as_of  # cold, then the next day
        assert _stock(cli, s, as_of) == expected, as_of  # warm (the memo)
    for as_of, expected in reversed(EXPECTED.items()):
        assert _stock(cli, s, as_of) == expected, as_of  # counts kept from other dates


def test_the_stock_is_last_month_end_open_majors_and_the_increment_this_month_row(
    cli: Any, tmp_path: Path, utc: None
) -> None:
    """Recounted from the summary's other figures: the stock is the open majors of a report
    as of the day before the month began; the increment, the majors of the month's row."""
    s = _story(tmp_path)
    trust = ["--allowed-signers", str(s.allowed)]
    for as_of in EXPECTED:
        day = D.fromisoformat(as_of)
        before = (month_start(day) - dt.timedelta(days=1)).isoformat()
        run = cli(["summary", str(s.docs), "--json", *trust, "--as-of", before])
        stock = _stock(cli, s, as_of)
        assert stock[0] == run.json()["data"]["headline"]["open_majors"], as_of
        run = cli(["summary", str(s.docs), "--json", *trust, "--as-of", as_of, "--by", "month"])
        data = run.json()["data"]
        rows = {g["month"]: g for g in data["groups"]}
        this = rows.get(as_of[:7], {"majors": 0, "open_majors": 0})
        assert (stock[2], stock[3]) == (this["majors"], this["open_majors"]), as_of
        # by month, each row's figures are its majors': they add up to the whole
        for key, column in zip(STOCK_KEYS, STOCK_COLUMNS, strict=True):
            assert sum(g[column] for g in data["groups"]) == data["stock"][key]
        # and open majors now: what is open of the stock and the increment, and the rebounds
        open_now = data["headline"]["open_majors"]
        # (c's second, reopened in November; c's first, reopened on 3 December)
        rebounds = {"2025-11-30": 1, "2025-12-15": 1, "2025-12-31": 1}.get(as_of, 0)
        assert open_now == stock[0] - stock[1] + stock[3] + rebounds, as_of


def test_every_format_gives_the_same_four_figures_in_english_and_chinese(
    cli: Any, tmp_path: Path, utc: None
) -> None:
    s = _story(tmp_path)
    args = ["summary", str(s.docs), "--allowed-signers", str(s.allowed), "--as-of", "2025-12-15"]
    figures = ["5", "1", "4", "2"]
    out = cli([*args, "--format", "csv"]).stdout
    (header, values) = list(csv.reader(io.StringIO(out)))
    assert header[-4:] == list(STOCK_COLUMNS)
    assert values[-4:] == figures
    (line,) = cli([*args, "--format", "nl"]).stdout.splitlines()
    assert [json.loads(line)[c] for c in STOCK_COLUMNS] == [5, 1, 4, 2]
    by_site = cli([*args, "--format", "csv", "--by", "site"]).stdout
    (_, row) = list(csv.reader(io.StringIO(by_site)))
    assert row[0] == "Demo mine"
    assert row[-4:] == figures
    md = cli([*args, "--format", "md"]).stdout
    heading = "## Major hidden dangers this month (2025-12): stock and increment\n"
    # the figures right-aligned under their words, as every other table of figures
    assert f"{heading}\n| Major hidden dangers | Count |\n| --- | ---: |\n" in md
    for label, n in (
        ("Stock: open when the month began (found before it)", 5),
        ("of which closed or withdrawn by the report date", 1),
        ("Increment: found from the month's first day to the report date", 4),
        ("of which still open", 2),
    ):
        assert f"| {label} | {n} |\n" in md
    md_zh = cli([*args, "--format", "md", "--lang", "zh"]).stdout
    assert (
        "## 本月（2025-12）重大事故隐患存量与增量\n\n| 重大事故隐患 | 数量 |\n| --- | ---: |\n"
        in md_zh
    )
    for label, n in (
        ("存量：月初未销号（此前排查出）", 5),
        ("其中截至统计日已销号或撤销", 1),
        ("增量：本月1日至统计日新排查出", 4),
        ("其中仍未销号", 2),
    ):
        assert f"| {label} | {n} |\n" in md_zh
    html = cli([*args, "--format", "html", "--lang", "zh"]).stdout
    assert 'id="h-stock">本月（2025-12）重大事故隐患存量与增量</h2>' in html
    assert '<tr><th scope="row">其中仍未销号</th><td class="n">2</td></tr>' in html
    table = cli([*args, "--format", "table"]).stdout
    assert "stock and increment" in table
    label = "Increment: found from the month's first day to the report date"
    assert f"{label} 4" in " ".join(table.split())


def test_month_ends_and_year_ends() -> None:
    assert month_end(D(2026, 12, 5)) == D(2026, 12, 31)
    assert month_end(D(2028, 2, 1)) == D(2028, 2, 29)
    assert month_end(D(2026, 2, 28)) == D(2026, 2, 28)
    assert month_start(D(2027, 1, 10)) == D(2027, 1, 1)


def test_counts_kept_across_month_ends_give_the_stock_counted_afresh(
    archive: tuple[list[str], TrustStore],  # noqa: F811 - the fixture
    isolated_home: Path,
) -> None:
    """A lone document's count kept on the last day of a month must not be taken on the first
    of the next: its majors move from the increment to the stock there."""
    paths, store = archive
    dates = [D(2026, 12, 31), D(2027, 1, 1), D(2026, 11, 30), D(2026, 12, 1), D(2026, 12, 2)]
    dates += [D(2026, 10, 31), D(2026, 11, 1), D(2026, 12, 31), D(2027, 1, 1)]
    for by in ((), ("site",), ("month",)):
        seen = set()
        for day in dates:
            got = _summary(list(paths), store, by, False, day)
            fresh = _summary(list(paths), store, by, False, day, cache=False, tallies=False)
            assert got == fresh, (by, day)
            seen.add(got.stock)
        assert len(seen) > 2  # (the archive has majors to move)
        assert MajorsStock() not in seen


def test_a_closure_recorded_late_takes_a_major_out_of_the_stock_not_last_month_report(
    cli: Any, tmp_path: Path, utc: None
) -> None:
    """The stock is what was open when the month began as known on the report's day: a closure
    dated in November but signed in December leaves it (November's report, made before the
    file was signed, stays as it was: the file is not yet known there)."""
    s = Story(tmp_path)
    a = s.found("late", _at(11, 2), ["noncompliant", "noncompliant", "compliant"])
    ref = f"{a}/{ITEMS[0]}"
    s.event(ref, "rectified", _at(11, 20))
    s.event(ref, "accepted", _at(11, 25))
    when = _at(11, 28)
    header = Header(FOLLOWUP, _uuid("late"), _at(12, 3), s.bob.principal, s.bob.fingerprint, "m")
    body = seal(
        FollowUpDoc(header, (Event(ref, "closed", when),)).to_toml(),
        s.bob.signer,
        NAMESPACE_FINDINGS,
    )
    (s.docs / "late-closure.toml").write_bytes(body)
    trust = ["--allowed-signers", str(s.allowed)]
    run = cli(["summary", str(s.docs), "--json", *trust, "--as-of", "2025-11-30"])
    assert run.json()["data"]["headline"]["open_majors"] == 2
    assert _stock(cli, s, "2025-11-30") == (0, 0, 2, 2)
    assert _stock(cli, s, "2025-12-02") == (2, 0, 0, 0)  # (the closure not yet known)
    assert _stock(cli, s, "2025-12-15") == (1, 0, 0, 0)
    assert _stock(cli, s, "2025-12-15", "--no-cache") == (1, 0, 0, 0)


@pytest.mark.parametrize("loose", [False, True], ids=["merged", "merged-and-loose"])
def test_a_major_found_in_a_merged_file_counts_once(
    cli: Any, tmp_path: Path, utc: None, loose: bool
) -> None:
    """The joint inspection's two files merged into one (and, beside it, the loose copies too):
    the same figures as the two files alone."""
    s = _story(tmp_path)
    sources = [(s.docs / f"e-{who}.toml") for who in ("ali", "bob")]
    store = store_for(s.alice, s.bob)
    merged = make_merged(
        s.bob, [p.read_bytes() for p in sources], store, created=_at(11, 21), document_id=_uuid("m")
    )
    (s.docs / "merged.toml").write_bytes(merged)
    if not loose:
        for path in sources:
            path.unlink()
    for as_of in ("2025-11-30", "2025-12-15", "2026-01-10"):
        assert _stock(cli, s, as_of, "--no-cache") == EXPECTED[as_of], as_of
        assert _stock(cli, s, as_of) == EXPECTED[as_of], as_of
