"""Property tests of a summary's tables of many groups against references that must agree.

The day made a summary's count cells one text per count and style (`_Counts`), measured each
column's widest from its rows directly, filled the split tables a column at a time, and let
`_rows` give a cell met before in the same column and row style the lines it was given, by the
text's identity. Here random summaries (hostile names, names alike but for an invisible
character, counts of 0 and of many digits, every `--by` shape, en/zh, 20-200 columns, a pipe,
a truecolor terminal, one with NO_COLOR and a dumb one) are printed beside the code before the
day patched back in (a text for every count, every cell measured, `add_row`, Rich's own table
layout): the same bytes. Printed twice in one process, with other tables made and dropped
between (their texts' ids free for reuse), and by two consoles in turn: the same bytes again.
A table whose one text object sits in many rows, columns and row styles, and the header's too,
is laid out as Rich lays it out. Budgets as in tests/test_fuzz_layout.py
(`MINECHECK_FUZZ_EXAMPLES=N` for a longer hunt with a new seed).
"""

from __future__ import annotations

import dataclasses
import functools
import gc
import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console, Group
from rich.table import Row, Table
from rich.text import Text

from minecheck.cli import _summary_table, _table
from minecheck.cli._render import safe, table
from minecheck.cli._summary_table import _Fitted, _n, _widest, summary_renderables
from minecheck.cli._table import FittedTable
from minecheck.report.render import shown_measures
from minecheck.report.summary import (
    MEASURES,
    Counts,
    GroupRow,
    ResponsibleOverdue,
    SiteCount,
    Summary,
)
from tests.helpers_heap import old_objects_set_aside
from tests.test_fuzz_layout import HOSTILE, budget
from tests.test_summary_table_rules import known

# names from a file: markup, escapes, bidi, Chinese, emoji with a ZWJ, combining marks, tabs,
# a word wider than any column, and names alike on a screen but for an invisible character
NAMES = [
    "Eastgate",
    "Eastgate\u200b",
    "Eastgate ",
    "Εastgate",
    "[bold red]Markup[/] mine",
    "\\[esc]",
    "Esc\x1b[31mape",
    "Bidi \u202eenim\u202c",
    "黑龙江东山煤矿（井工）第三采区",
    "⛏️👷🏽\u200d♀️ pit",
    "Tab\there",
    "line\nbreak",
    "x" * 53,
    "",
]
DIGITS = [0, 0, 1, 2, 7, 10, 99, 12345, 10**9, 10**15 + 7]
BY = [("site",), ("item",), ("site", "item"), ("inspector",), ("month",), ("severity", "site")]
MODES = ["pipe", "tty", "nocolor", "dumb"]

_name = st.one_of(
    st.sampled_from(NAMES),
    st.lists(st.sampled_from([*NAMES, *HOSTILE]), min_size=1, max_size=4).map("".join),
)
_counts = st.lists(st.sampled_from(DIGITS), min_size=len(MEASURES), max_size=len(MEASURES)).map(
    lambda values: Counts(*values)
)


@functools.cache
def _known(by: tuple[str, ...]) -> Summary:
    return known(by)


@st.composite
def _summaries(draw: st.DrawFn) -> Summary:
    """`known()` grouped by a random `--by`, given random groups, sites with a major open and
    responsible units: names drawn from a few (so many alike) or made anew."""
    by = draw(st.sampled_from(BY))
    few = draw(st.lists(_name, min_size=1, max_size=4))
    name = st.one_of(st.sampled_from(few), _name)
    groups = draw(
        st.lists(
            st.tuples(st.lists(name, min_size=len(by), max_size=len(by)), _counts),
            min_size=1,
            max_size=40,
        )
    )
    majors = draw(st.lists(st.tuples(name, st.sampled_from(DIGITS)), max_size=5))
    units = draw(st.lists(st.tuples(name, st.sampled_from(DIGITS)), max_size=4))
    return dataclasses.replace(
        _known(by),
        groups=tuple(GroupRow(key=tuple(k), counts=c) for k, c in groups),
        open_majors_by_site=tuple(SiteCount(s, n) for s, n in majors),
        overdue_by_responsible=tuple(ResponsibleOverdue(u, n, n // 2) for u, n in units),
        headline=draw(_counts),
    )


def _console(width: int, mode: str, kind: type[Console] = Console) -> Console:
    return kind(
        file=io.StringIO(),
        width=width,
        force_terminal=mode != "pipe",
        color_system={"tty": "truecolor", "pipe": None}.get(mode, "standard"),
        no_color=mode == "nocolor",
        _environ={"TERM": "dumb" if mode == "dumb" else "xterm-256color"},
    )


def _printed(parts: Any, width: int, mode: str) -> str:
    console = _console(width, mode)
    console.print(Group(*parts))
    return console.file.getvalue()  # type: ignore[attr-defined, no-any-return]


class _EachCount:
    """`_Counts` as before the day: a text for every cell."""

    def __call__(self, value: int, alert: bool = False) -> Text:
        return _n(value, alert)


def _each_measured(console: Any, options: Any, cells: Any) -> Iterator[int]:
    return (_widest(console, options, cell) for cell in cells)


def _added_row_by_row(self: _Fitted, columns: Any) -> Table:
    made = table(*(self.header[i] for i in columns))
    _summary_table._numeric(made, self.keys)
    made.kept = self.kept
    for cells in self.rows:
        made.add_row(*(cells[i] for i in columns))
    return made


@contextmanager
def _before() -> Iterator[None]:
    """The code before the day: a text for every count cell, every cell of a column measured,
    the split tables filled by `add_row`, tables laid out by Rich's own code."""

    def line_by_line(console: Any, options: Any, text: Text, said: Any) -> Iterator[Text]:
        yield text

    saved = (
        _summary_table._Counts,
        _summary_table._widths,
        _Fitted._table,
        FittedTable._render,
        _table._one_line,
    )
    _summary_table._Counts = _EachCount  # type: ignore[assignment, misc]
    _summary_table._widths = _each_measured
    _Fitted._table = _added_row_by_row  # type: ignore[method-assign]
    FittedTable._render = Table._render  # type: ignore[method-assign]
    _table._one_line = line_by_line
    try:
        yield
    finally:
        (
            _summary_table._Counts,  # type: ignore[misc]
            _summary_table._widths,
            _Fitted._table,  # type: ignore[method-assign]
            FittedTable._render,  # type: ignore[method-assign]
            _table._one_line,
        ) = saved


@budget(30)
@given(_summaries(), st.sampled_from(["en", "zh"]), st.integers(20, 200), st.sampled_from(MODES))
def test_a_summary_is_printed_as_before_the_day(
    summary: Summary, lang: str, width: int, mode: str
) -> None:
    """Every byte, styles' escapes too, as the code before the day printed it."""
    shown = _printed(summary_renderables(summary, lang), width, mode)
    with _before():
        expected = _printed(summary_renderables(summary, lang), width, mode)
    assert shown == expected


def _churn(others: list[Summary]) -> None:
    """Other summaries' tables made, printed at a few widths and dropped (their texts freed)."""
    for other, width in zip(others, (24, 160), strict=False):
        _printed(summary_renderables(other, "zh"), width, "tty")
    gc.collect()


@budget(12)
@given(
    _summaries(),
    st.lists(_summaries(), max_size=1),
    st.sampled_from(["en", "zh"]),
    st.integers(20, 200),
    st.sampled_from(MODES),
)
def test_a_summary_printed_again_and_by_another_console_is_the_same(
    summary: Summary, others: list[Summary], lang: str, width: int, mode: str
) -> None:
    """Printed twice in one process with other tables made and dropped between (a new text may
    take a freed one's id), the same renderables printed again and by a second console after
    the first: the same bytes each time."""
    with old_objects_set_aside():  # (the churn's collection: of what this example made)
        parts = summary_renderables(summary, lang)
        first = _printed(parts, width, mode)
        _churn(others)
        assert _printed(summary_renderables(summary, lang), width, mode) == first
        one, two = _console(width, mode), _console(width, mode)
        for console in (one, two, one):
            console.print(Group(*parts))
        assert two.file.getvalue() == first  # type: ignore[attr-defined]
        assert one.file.getvalue() == first * 2  # type: ignore[attr-defined]


_TOKEN = st.from_regex(r"[a-z]{1,6}", fullmatch=True)


@budget(15)
@given(st.lists(st.tuples(_TOKEN, _counts), min_size=1, max_size=40), st.booleans())
def test_each_group_s_row_shows_its_own_counts(groups: list[tuple[str, Counts]], zh: bool) -> None:
    """The count cells shared by every group with that count: each group's row, read back at
    a width its columns fit in, gives that group's counts and no other's."""
    named = [(f"g{k}-{token}", counts) for k, (token, counts) in enumerate(groups)]
    summary = dataclasses.replace(
        _known(("site",)),
        groups=tuple(GroupRow(key=(n,), counts=c) for n, c in named),
    )
    shown = _printed(summary_renderables(summary, "zh" if zh else "en"), 1000, "pipe")
    rows = {
        fields[0]: fields[1:]
        for line in shown.splitlines()
        if (fields := line.split()) and re.fullmatch(r"g\d+-[a-z]+", fields[0])
    }
    measures = shown_measures(summary)
    assert rows == {n: [str(getattr(c, m)) for m in measures] for n, c in named}


_STYLES = st.sampled_from([None, "on blue", "bold", "dim"])


@budget(40)
@given(
    st.lists(_name, min_size=1, max_size=4),
    st.integers(1, 4),
    st.lists(st.tuples(st.lists(st.integers(0, 9), min_size=4, max_size=4), _STYLES), max_size=8),
    st.sampled_from([None, "on red"]),
    st.booleans(),
    st.integers(1, 120),
    st.sampled_from(MODES),
)
def test_one_text_in_many_cells_is_laid_out_as_rich_lays_it_out(
    said: list[str],
    count: int,
    rows: list[tuple[list[int], str | None]],
    striped: str | None,
    header_too: bool,
    width: int,
    mode: str,
) -> None:
    """A few text objects, each in many rows and columns, under row styles and stripes, the
    header's own text in the body too: each cell as Rich lays it out, whatever cell of the same
    object was laid out before in another column or row style."""

    def made() -> FittedTable:
        texts = [
            safe(x, style) for x, style in zip(said, ["", "bold", "dim", "on blue"], strict=False)
        ]
        t = table(*(f"H{k}" for k in range(count)))
        if striped:
            t.row_styles = [striped, ""]
        if header_too:
            t.columns[0].header = texts[0]
        for picks, style in rows:
            t.add_row(*(texts[p % len(texts)] for p in picks[:count]), style=style)
        return t

    shown = _printed([made()], width, mode)
    with _before():
        assert shown == _printed([made()], width, mode)


def test_texts_made_and_dropped_between_tables_are_not_taken_for_each_other() -> None:
    """Tables printed one after another, each of texts made for it and dropped after (a new
    text often takes a freed one's id): each as Rich lays it out."""
    shown: list[str] = []
    expected: list[str] = []
    for k in range(30):
        for out in (shown, expected):
            t = FittedTable(show_header=False, box=None, pad_edge=False)
            t.add_column()
            t.rows.append(Row())
            t.columns[0]._cells.append(Text(f"{k:03d}" * (k % 3 + 1), "bold" if k % 2 else ""))
            if out is expected:
                with _before():
                    out.append(_printed([t], 20, "tty"))
            else:
                out.append(_printed([t], 20, "tty"))
            del t  # (its texts freed: the next table's may take their ids)
    assert shown == expected
    assert len(set(shown)) == 30
