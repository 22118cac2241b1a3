"""Found by an attacker on the day's changes: the export of events read by the documented
DuckDB lines, principals that pass as naming someone, paths named on standard input."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import duckdb
import pytest

from tests.test_export_events import CLOSING_SQL, STOCK_SQL, _run, _summary
from tests.test_stock_increment import Story, _at, utc  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent
GUIDES = ("docs/formats.md", "docs/guide-monthly-report.md", "docs/guide-monthly-report.zh.md")
# how each text makes the table `ev` from the CSV export of events
CREATE_EV = re.compile(r"CREATE TABLE ev AS FROM read_csv\('events\.csv'[^)]*\)")


def _creates() -> list[tuple[str, str]]:
    found = [
        (name, m.group(0))
        for name in GUIDES
        for m in CREATE_EV.finditer((ROOT / name).read_text(encoding="utf-8"))
    ]
    assert {name for name, _ in found} == set(GUIDES)
    return found


def _numbered(tmp_path: Path) -> Story:
    """Majors whose item ids read as numbers (1.1, 1.10: a checklist numbered by clause):
    1.1 closed in December, 1.10 rectified and still open, 2 open."""
    s = Story(tmp_path)
    items = ("1.1", "1.10", "2")
    a = s.found("a", _at(11, 3), ["noncompliant"] * 3, items=items)
    s.closed(f"{a}/1.1", _at(12, 4))
    s.event(f"{a}/1.10", "rectified", _at(12, 6))
    return s


@pytest.mark.usefixtures("utc")
def test_item_ids_that_read_as_numbers_are_counted_apart_by_the_documented_csv_read(
    cli: Any, tmp_path: Path
) -> None:
    s = _numbered(tmp_path)
    day = "2025-12-20"
    summary = _summary(cli, s, day)
    (closing,) = summary["closing"]
    assert (closing["closed"], closing["ever_closed"]) == (1, 1)
    stock = summary["stock"]
    expected = tuple(stock[k] for k in ("stock", "cleared", "increment", "increment_open"))
    assert expected == (3, 1, 0, 0)
    out = tmp_path / "events.csv"
    run = _run(cli, s, "--rows", "events", "--format", "csv", "--as-of", day, "-o", str(out))
    assert run.exit_code == 0, run.stderr
    for name, create in _creates():
        con = duckdb.connect()
        con.execute(create.replace("'events.csv'", "?"), [str(out)])
        items = con.execute("SELECT DISTINCT CAST(item AS VARCHAR) FROM ev ORDER BY 1").fetchall()
        assert items == [("1.1",), ("1.10",), ("2",)], name
        got = con.execute(CLOSING_SQL).fetchall()
        assert [(r[0], r[1], r[4]) for r in got] == [("major", 1, 1)], name
        first = dt.date(2025, 12, 1)
        assert con.execute(STOCK_SQL, {"first": first}).fetchone() == expected, name
