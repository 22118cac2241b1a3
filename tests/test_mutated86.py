"""Mutation testing, round 86: a summary's tables of many groups (the counts' cells shared by
every row, `_rows`' styles and dividers worked out once for each row style). Each test holds a
rule a mutant broke without any test noticing; none times anything, each counts the work."""

from __future__ import annotations

import pytest
from rich import box
from rich.style import Style
from rich.table import Table

from minecheck.cli._render import safe, table
from minecheck.cli._summary_table import summary_renderables
from minecheck.cli._table import FittedTable
from tests.test_summary_table_rules import drawn, known
from tests.test_summary_table_speed import _many, _shown
from tests.test_table_speed import _as_rich, _counted, _printed


@pytest.mark.parametrize("terminal", [False, True])
def test_a_column_s_style_is_added_to_the_row_s_once_for_each_row_style(
    terminal: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each column's style with the row's, and the divider between cells, are worked out once
    for the rows of a style (a summary's rows have none), not again in every row: 600 groups
    split in tables at 60 columns added two styles for each row and cell (12,152; the
    dividers anew in each row: 5,317)."""
    added = _counted(monkeypatch, Style, "__add__")
    shown = _shown(_many(600), 60, terminal)
    assert "Site 00599" in shown
    # (the headers, the sections' few rows, each distinct cell's lines once)
    assert 0 < added[0] <= 600


def test_a_row_without_a_style_in_a_table_without_row_styles_asks_for_none(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A row has the null style where neither it nor its table has one: no table's row style
    is asked for row by row (600 groups in split tables: 5,026 asked)."""
    asked = _counted(monkeypatch, Table, "get_row_style")
    shown = _shown(_many(600), 60)
    assert "Site 00599" in shown
    assert asked[0] == 0


@pytest.mark.parametrize("ruled", [box.ROUNDED, box.SIMPLE])
@pytest.mark.parametrize("terminal", [False, True])
def test_a_text_shared_by_rows_of_other_styles_is_laid_out_in_each_row_s_style(
    ruled: box.Box, terminal: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A summary's count is one text in every row it shows in; in a table whose rows take
    turns of a background, each row's copy of it has the row's background, and so has the
    blank divider between its cells (`box.SIMPLE`): laid out once for the first row, the
    second's were shown without it."""

    def made() -> FittedTable:
        shared = safe("7")
        striped = table("NAME", "COUNT", title="Striped")
        striped.box = ruled
        striped.row_styles = ["", "on red"]
        for k in range(4):
            striped.add_row(safe(f"name {k}"), shared)
        return striped

    shown = _printed(made(), 40, terminal)
    with monkeypatch.context() as patched:
        _as_rich(patched)
        expected = _printed(made(), 40, terminal)
    assert shown == expected
    assert "name 3" in shown


def test_a_split_group_table_s_counts_stand_right_under_their_headers() -> None:
    """Each of the tables a group table is split into puts its counts flush right in their
    columns, as one table does: the split tables were made without it, every count left
    under the start of its header."""
    part = next(
        p for p in summary_renderables(known(), "en") if drawn(p, 120).startswith("By site")
    )
    lines = [line.rstrip() for line in drawn(part, 120).splitlines() if line.strip()]
    assert lines == [
        "By site",
        " Site                         Checklist items   Hidden dangers   Major   Open"
        "   Open major   Overdue   Overdue major",
        " Dongshan Coal Mine                         4                2       1      1"
        "            1         0               0",
        " Hongyang Iron Mine                         3                3       1      2"
        "            1         1               0",
        " Xinxing Coal Mine 新兴煤矿                 7                5       4      4"
        "            3         2               1",
        " Site                         Closed   Open major, no enforcement   Repeat major"
        "   Inconsistent",
        " Dongshan Coal Mine                1                            0              0"
        "              0",
        " Hongyang Iron Mine                0                            1              0"
        "              0",
        " Xinxing Coal Mine 新兴煤矿        1                            2              1"
        "              1",
    ]
