"""Mutation testing, round 83: what round 82 had no time to run (the big tables' own layout,
the rest of a folded question, the dumb terminal's echo, the cap of combining marks). Each test
holds a rule a mutant broke without any test noticing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from rich import box
from rich.panel import Panel
from rich.text import Text

from minecheck.cli._line_reader import fold
from minecheck.cli._render import safe, table
from minecheck.cli._table import FittedTable
from minecheck.core.sanitize import for_terminal
from tests.test_line_reader_rules import _delivered, _terminal
from tests.test_table_speed import STATES, WORDS, _as_rich, _printed

_Shape = Callable[[FittedTable], None]


def _set(part: Callable[[FittedTable], Any] = lambda t: t, **values: Any) -> _Shape:
    """A change to a table: VALUES set on the table, or on the part of it PART picks."""

    def change(made: FittedTable) -> None:
        for name, value in values.items():
            setattr(part(made), name, value)

    return change


def _both(*changes: _Shape) -> _Shape:
    def change(made: FittedTable) -> None:
        for each in changes:
            each(made)

    return change


def _cell(row: int, text: Any) -> _Shape:
    def put(made: FittedTable) -> None:
        made.columns[2]._cells[row] = text

    return put


# Tables of every shape Rich draws, each a change to one made as `show` makes its own: those
# `_rows` lays out itself (no box, no edge, no header, row styles, styled borders and headers,
# a text's own justification, overflow, tab size or no_wrap) and those it leaves to Rich (a
# footer, lines between rows, padding above or below, a section's end, a cell not a text).
SHAPES: dict[str, _Shape] = {
    "footer": _both(_set(show_footer=True), _set(lambda t: t.columns[0], footer="F")),
    "lines": _set(show_lines=True),
    "leading": _set(leading=1),
    "collapsed": _set(collapse_padding=True),
    "padded-above": _set(padding=(1, 1, 0, 1)),
    "padded-below": _set(padding=(0, 0, 1, 0)),
    "section": _set(lambda t: t.rows[1], end_section=True),
    "middle": _set(lambda t: t.columns[1], vertical="middle"),
    "panel": _cell(1, Panel("boxed")),
    "no-box": _set(box=None),
    "no-edge": _set(box=box.SQUARE, show_edge=False),
    "no-header": _set(show_header=False),
    "heavy-head": _set(box=box.HEAVY_HEAD),
    "heavy-head-no-header": _set(box=box.HEAVY_HEAD, show_header=False),
    "no-box-no-header": _set(box=None, show_header=False),
    "tall-header": _set(lambda t: t.columns[0], header=Text("ID\nof the item")),
    "pad-edge": _set(pad_edge=True),
    "row-styles": _set(row_styles=["", "on red"]),
    "row-styles-ruled": _set(box=box.MINIMAL, row_styles=["", "on red"]),
    "row-style": _set(lambda t: t.rows[2], style="on green"),
    "borders": _set(style="blue", border_style="red"),
    "headers": _both(
        _set(header_style="bold"), _set(lambda t: t.columns[1], header_style="italic")
    ),
    "column-style": _set(lambda t: t.columns[2], style="green"),
    "justified": _cell(0, Text("short", justify="right")),
    "ellipsis": _cell(0, Text("a" * 60, overflow="ellipsis")),
    "no-wrap-text": _cell(0, Text("b " * 30, no_wrap=True)),
    "tab": _cell(0, Text("tab\there", tab_size=4)),
}


def _shaped(shape: str) -> FittedTable:
    made = table("ID", "STATE", "NOTE", title="Shapes")
    made.columns[0].min_width = 10
    for k in range(6):
        made.add_row(
            safe(f"id-{k % 3}"),
            safe(STATES[k % 3], "bold" if k % 2 else ""),
            safe(WORDS[k % 4] + " x" * k),
        )
    SHAPES[shape](made)
    return made


@pytest.mark.parametrize("terminal", [False, True])
@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_a_table_of_any_shape_is_shown_byte_for_byte_as_rich_lays_it_out(
    shape: str, terminal: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`show`'s tables are laid out by `_rows`, Rich's layout redone for speed: a table of
    another shape is laid out by it too where it can be (a border, an edge, a header, a style
    left out or changed: each once mislaid without a test seeing it), or else by Rich."""
    shown = _printed(_shaped(shape), 80, terminal)
    with monkeypatch.context() as patched:
        _as_rich(patched)
        expected = _printed(_shaped(shape), 80, terminal)
    assert shown == expected
    assert "id-2" in shown


def test_a_dumb_terminal_shows_a_yank_taken_back_whole_where_it_was_longer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Ctrl-Y puts back the last cut (`longword`), Esc y swaps it for the one before (`a`),
    Ctrl-_ takes the swap back: the line is again `xlongword`, longer than `xa` and the cursor
    at its end, but not `xa` with more after it. Only what follows the line as shown may be
    written after it; this line is written again whole (added after `xa`, it showed
    `xaongword`)."""
    cuts = ["a", "\x17", "longword", "\x17"]  # (two cuts with Ctrl-W: `a`, then `longword`)
    line, written, _ = _delivered(monkeypatch, "dumb", [*cuts, "x", "\x19", "\x1by", "\x1f"], "> ")
    assert line == "xlongword"
    assert written == "> a\r\n> longword\r\n> xlongword\r\n> xa\r\n> xlongword"


def test_marks_beside_a_letter_in_a_text_holding_every_noncharacter_are_counted_alone() -> None:
    """A text holding all 32 noncharacters that stand in for marks finds its runs by the marks
    themselves: the letter before a run of six marks (two kinds) is not one of them, so all six
    are drawn and none escaped. (The pattern's marks joined with a letter between them took the
    letter for a mark and escaped the sixth.)"""
    every = "".join(map(chr, range(0xFDD0, 0xFDF0)))
    marks = "\u0301\u0302" * 3
    for letter in "X", "a", "中":
        shown = for_terminal(every + letter + marks)
        assert shown.endswith("\\ufdef" + letter + marks)


@pytest.mark.parametrize(
    ("columns", "rows"),
    [
        (
            81,
            [
                "* --principal PRINCIPAL",
                "用此密钥签名的签名身份，如 wang.wei@hlj.example。 （必填）",
            ],
        ),
        (82, ["* --principal PRINCIPAL 用此密钥签名的签名身份，", "如 wang.wei@hlj.example。"]),
    ],
)
def test_help_puts_the_help_beside_its_names_where_its_widest_word_just_fits(
    columns: int, rows: list[str]
) -> None:
    """`keys generate --help` in Chinese: at 82 columns the names and the help's widest word
    (`用此密钥签名的签名身份，`, 24 cells) fill the line exactly and stand side by side; at 81
    the help goes under the names. (Side by side only where there was room to spare, the help
    went under them at 82 too.)"""
    from tests.test_help_layout import narrow_help

    lines = narrow_help(("keys", "generate"), "zh", columns).splitlines()
    at = next(k for k, x in enumerate(lines) if "--principal" in x)
    assert [" ".join(x.split()) for x in lines[at : at + 2]] == rows


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_help_shown_side_by_side_is_shown_once(lang: str) -> None:
    """Where the names and the help stand side by side (120 columns), that is the whole help:
    each option once, not again under its names after the table."""
    from tests.test_help_layout import narrow_help

    shown = narrow_help(("keys", "generate"), lang, 120)
    assert (shown.count("--principal"), shown.count("MINECHECK_PASSPHRASE_FILE")) == (1, 1)


def test_a_question_folded_inside_its_words_leaves_no_blank_at_a_line_s_end(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """At 6 columns words are folded where they must be, and every line but the cursor's
    ends at its last character: a blank left there (`Why `, `nce `) is a cell a braille
    display shows, and a line wider than it looks."""
    _terminal(monkeypatch, 6)
    assert fold("Why there is no evidence (this item requires it): ") == [
        "Why",
        "there",
        "is no",
        "evide",
        "nce",
        "(this",
        "item",
        "requi",
        "res",
        "it): ",
    ]


def test_a_table_exactly_as_wide_as_its_narrowest_columns_is_still_a_table() -> None:
    """`show`'s table of three findings needs 73 columns with every column at its narrowest:
    at 73 it is a table, its headers on one line; at 72 each row is a field a line. (Taken
    for too narrow where it fitted exactly, the table went a field a line at 73 too.)"""
    from tests.test_table_speed import _findings

    at_73, at_72 = (_printed(_findings(3), columns, False) for columns in (73, 72))
    headers = ["ITEM", "GRADE", "STATE", "DEADLINE", "DESCRIPTION"]
    assert [x.split() for x in at_73.splitlines()][2] == headers
    assert at_72.splitlines()[:3] == ["Non-compliant items", "ITEM:", "  item-0"]
