"""A summary of many groups on a terminal: cells made, measured and laid out once for each
distinct text, not once for each cell (10,000 sites: 110,000 count cells of a few values, each
made, measured and keyed in every table the groups were split into)."""

from __future__ import annotations

import dataclasses

import pytest
from rich.console import Group

from minecheck.cli import _summary_table, _table
from minecheck.report.summary import Counts, GroupRow, SiteCount, Summary
from tests.test_summary_table_rules import known
from tests.test_table_speed import _as_rich, _counted, _printed

NAMES = ["Eastgate", "北山煤矿（井工）", "[bold]Westfield[/]", "Dong\u202esheng", "⛏️ pit"]


def _many(groups: int) -> Summary:
    """`known()` by site with `groups` sites, each a few counts, a third of them with a major
    left open."""
    rows = tuple(
        GroupRow(
            key=(f"Site {k:05d} {NAMES[k % len(NAMES)]}",),
            counts=Counts(
                findings=1 + k % 2,
                hidden_dangers=k % 2,
                majors=int(k % 3 == 0),
                open=k % 2,
                open_majors=int(k % 3 == 0),
                overdue=int(k % 5 == 0),
                closed=int(k % 7 == 0),
            ),
        )
        for k in range(groups)
    )
    majors = tuple(SiteCount(f"Site {k:05d}", 1 + k % 2) for k in range(0, groups, 3))
    return dataclasses.replace(known(), groups=rows, open_majors_by_site=majors)


def _shown(summary: Summary, width: int, terminal: bool = False) -> str:
    return _printed(Group(*_summary_table.summary_renderables(summary, "en")), width, terminal)


def test_a_count_is_made_into_a_cell_once(monkeypatch: pytest.MonkeyPatch) -> None:
    made = _counted(monkeypatch, _summary_table, "safe")
    _summary_table.summary_renderables(_many(600), "en")
    # (600 names, 200 sites with a major open, the headings, labels and a few counts; each
    # count's cell was made for each of 600 groups and 11 measures)
    assert 0 < made[0] <= 600 + 200 + 150


def test_a_split_summary_measures_each_distinct_cell_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    measured = _counted(monkeypatch, _table, "widest_line")
    shown = _shown(_many(600), 60)
    assert shown.count("Site 00595 Eastgate") >= 3  # (split: the names in each table)
    # (the names when the split is chosen and when the first table is laid out, the sites
    # with a major open, a few counts: each count of each group was measured)
    assert 0 < measured[0] <= 2 * 600 + 200 + 150


def test_a_cell_shared_by_many_rows_is_keyed_once_in_each_column(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    keyed = _counted(monkeypatch, _table, "_same")
    shown = _shown(_many(600), 60)
    tables = shown.count("Site 00595 Eastgate")
    # (each table's names, the sites with a major open, the headers and a few counts in each
    # column: each cell was keyed, every count of every group again)
    assert 0 < keyed[0] <= tables * 600 + 200 + 150


@pytest.mark.parametrize("width", [40, 60, 80, 120, 200])
@pytest.mark.parametrize("terminal", [False, True])
def test_a_summary_of_many_groups_is_shown_byte_for_byte_as_rich_lays_it_out(
    width: int, terminal: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = _many(90)
    shown = _shown(summary, width, terminal)
    with monkeypatch.context() as patched:
        _as_rich(patched)
        expected = _shown(summary, width, terminal)
    assert shown == expected
    assert "Site 00089" in shown


def test_the_shared_count_cells_show_each_group_s_own_counts() -> None:
    shown = _shown(_many(12), 250)
    lines = [line.split() for line in shown.splitlines() if line.startswith(" Site 0001")]
    # (site 10: 1 finding... as `_many` counts it; site 11: 2 findings, 1 open)
    assert lines[0][:3] == ["Site", "00010", "Eastgate"]
    assert lines[0][3:6] == ["1", "0", "0"]
    assert lines[1][:3] == ["Site", "00011", "北山煤矿（井工）"]
    assert lines[1][3:6] == ["2", "1", "0"]
