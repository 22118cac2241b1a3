"""Property tests of the day's new layout code against references that must agree with it.

`FittedTable`'s own row layout (`_rows`, each cell laid out once and shared, lines that fit
given without Rich's wrap) against Rich's own table layout patched back in, on random tables of
hostile cells, styles, repeated cells, column settings and widths 1-250, at a terminal and
through a pipe, and for a summary's groups split into tables that share their cells; the
Chinese phrase rule against the breaker with no move (`PHRASE` 0): the same characters, no
more lines, none wider; a line with an emoji or a keycap broken as the project breaks it, not
as Rich breaks English; `--help` at any width: every option's and variable's name whole.
Budgets as in tests/test_fuzz_layout.py (`MINECHECK_FUZZ_EXAMPLES=N` for a longer hunt with a
new seed).
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from minecheck.cli import _breaks, _table
from minecheck.cli._breaks import Broken
from minecheck.cli._parts import Parts
from minecheck.cli._reference import command_paths
from minecheck.cli._render import safe, table
from minecheck.cli._summary_table import _Fitted
from minecheck.cli._table import FittedTable
from tests.test_cjk_breaks import drawn
from tests.test_fuzz_layout import HOSTILE, budget
from tests.test_help_layout import narrow_help

CONSOLE = Console(width=80)


def test_a_line_with_an_emoji_is_not_broken_as_english() -> None:
    """An emoji shown two cells wide by its variation selector (`⚠️`, `✔️`) or a keycap
    (`1️⃣`) is one character of one cell and marks of none: the line was taken for English
    and broken as Rich breaks it, so a line began with the blank it broke at (` airway` in a
    description at 11 columns) or was a blank alone (`d⚠️ ab` at 2: four lines, not three).
    Such a line is not English, so an id wider than it folds after a `-` where the rest fits
    (`on-fan-` / `3high`, not `on-fan-3hig` / `h`)."""
    said = "Gas high ✔️ 1️⃣ventilation-fan-3high ventilation-fan-3face  airway"
    assert drawn(safe(said), 11) == [
        "Gas high ✔️",
        "1️⃣ventilati",
        "on-fan-",
        "3high",
        "ventilation",
        "-fan-3face",
        "airway",
    ]
    assert drawn(safe("d⚠️ ab"), 2) == ["d", "⚠️", "ab"]
    assert drawn(safe("returnairway Gas ✔️ ⚠️  ⚠️"), 6) == [
        "return",
        "airway",
        "Gas ✔️",
        "⚠️  ⚠️",
    ]


# what a cell holds: English words and ids, markup-looking text, Chinese runs, marks and
# brackets, and test_fuzz_layout's hostile characters (kana, Hangul, emoji with ZWJ and
# variation selectors, combining marks, zero-width, bidi, controls, escapes, tabs)
ENGLISH_WORDS = ["Methane", "above the limit", "item-12", "gas-overlimit-check", "x" * 34]
ENGLISH_WORDS += ["(1.2 % against 1.0 %)", "[bold]", "[/]", "é", "m³", "…", "2026-05-01", " "]
CHINESE_WORDS = ["回风巷", "甲烷浓度超限", "、", "；", "，", "。", "（", "）", "未整改"]
CHINESE_WORDS += ["[逾期、未记录执法措施]", "由受信任的密钥签名", "（coal-underground）", "3个"]
STYLES = ["", "bold", "bold red", "dim", "on blue"]


def _words(english: bool) -> st.SearchStrategy[str]:
    pool = ENGLISH_WORDS if english else [*ENGLISH_WORDS, *CHINESE_WORDS, *HOSTILE]
    word = st.sampled_from(pool)
    joint = st.sampled_from([" ", " ", "", "\n"])
    return st.lists(st.tuples(word, joint).map("".join), max_size=8).map("".join)


@st.composite
def _tables(draw: st.DrawFn, english: bool = False) -> tuple[list[Any], list[Any]]:
    """A table's make as `(columns, rows)`: each column `(header, min_width, no_wrap,
    justify, style)`, each row `(cells, style)`; a cell `(kind, text, style, parts)`. Made
    into a table twice (`_made`), for the code under test and for its reference."""
    count = draw(st.integers(1, 5))
    header = st.sampled_from(["", "ITEM", "STATE", "DESCRIPTION", "名称", "计数 (n)"])
    columns = [
        (
            draw(header),
            draw(st.sampled_from([None, None, 6, 12])),
            draw(st.booleans()) and draw(st.booleans()),
            draw(st.sampled_from(["left", "left", "right", "center"])),
            draw(st.sampled_from([None, None, "italic"])),
        )
        for _ in range(count)
    ]
    text = _words(english)
    shared = draw(st.lists(text, min_size=1, max_size=3))  # (cells alike: the cache's)
    said = st.one_of(st.sampled_from(shared), text)
    cell = st.tuples(
        st.sampled_from(["safe", "text", "markup", "parts", "two"]),
        said,
        st.sampled_from(STYLES),
        st.lists(st.tuples(said, st.sampled_from(STYLES)), min_size=1, max_size=3),
    )
    rows = draw(
        st.lists(
            st.tuples(
                st.lists(cell, min_size=count, max_size=count),
                st.sampled_from([None, None, None, "on blue"]),
            ),
            max_size=6,
        )
    )
    return columns, rows


def _cell(kind: str, text: str, style: str, parts: list[tuple[str, str]]) -> Any:
    if kind == "text":
        return Text(text, style=style)
    if kind == "markup":
        return escape(text) + " [bold]b[/bold]"
    if kind == "parts":
        made = Parts()
        for part, part_style in parts:
            made.add(safe(part, part_style), "、")
        return made
    shown = safe(text, style, multiline=True)
    if kind == "two":
        shown.append("\n")
        shown.append_text(safe(parts[0][0], "dim"))
    return shown


def _made(make: tuple[list[Any], list[Any]], title: str | None) -> FittedTable:
    columns, rows = make
    made = table(*(c[0] for c in columns), title=title)
    for column, (_, least, no_wrap, justify, style) in zip(made.columns, columns, strict=True):
        column.min_width, column.no_wrap, column.justify, column.style = (
            least,
            no_wrap,
            justify,
            style,
        )
    for cells, style in rows:
        made.add_row(*(_cell(*x) for x in cells), style=style)
    return made


def _printed(renderable: Any, width: int, terminal: bool, dumb: bool = False) -> str:
    out = io.StringIO()
    console = Console(
        file=out,
        width=width,
        force_terminal=terminal,
        color_system="truecolor" if terminal and not dumb else None,
        _environ={"TERM": "dumb"} if dumb else {"TERM": "xterm-256color"},
    )
    console.print(renderable)
    return out.getvalue()


def _as_rich(printing: Any) -> str:
    """What `printing()` gives with tables laid out by Rich's own code, as before the day."""
    saved = (FittedTable._render, _table._one_line)

    def line_by_line(console: Any, options: Any, text: Text, said: Any) -> Iterator[Text]:
        yield text

    FittedTable._render = Table._render  # type: ignore[method-assign]
    _table._one_line = line_by_line
    try:
        return str(printing())
    finally:
        FittedTable._render, _table._one_line = saved  # type: ignore[method-assign]


TITLES = st.sampled_from([None, "Non-compliant items", "不符合项 [x]", "检查 " * 12])


@budget(60)
@given(_tables(), TITLES, st.integers(1, 250), st.sampled_from(["pipe", "tty", "dumb"]))
def test_a_table_is_shown_as_rich_s_own_layout_shows_it(
    make: tuple[list[Any], list[Any]], title: str | None, width: int, where: str
) -> None:
    """Every byte (styles' escapes too) of a table as Rich's own table layout gives it, at
    any width (a field a line below the one its columns need), with cells alike in text,
    style or column, through a pipe, at a terminal and at a dumb one."""
    terminal, dumb = where != "pipe", where == "dumb"
    shown = _printed(_made(make, title), width, terminal, dumb)
    assert shown == _as_rich(lambda: _printed(_made(make, title), width, terminal, dumb))


@budget(25)
@given(
    st.lists(st.tuples(_words(False), st.sampled_from(STYLES)), min_size=1, max_size=12),
    st.integers(3, 9),
    st.integers(20, 250),
    st.booleans(),
)
def test_a_summary_s_split_tables_are_shown_as_rich_lays_them_out(
    names: list[tuple[str, str]], counts: int, width: int, terminal: bool
) -> None:
    """A summary's groups split into tables that share their cells' lines (the names in each
    table, the same count in many): each table as Rich's own layout gives it."""
    header = ["NAME", "名称", *(f"COUNT {k}" for k in range(counts))]

    def made() -> _Fitted:
        rows = [
            [safe(name, style), safe(name[:3]), *(safe(str(k * n % 7)) for k in range(counts))]
            for n, (name, style) in enumerate(names)
        ]
        return _Fitted(header, rows, 2)

    shown = _printed(made(), width, terminal)
    assert shown == _as_rich(lambda: _printed(made(), width, terminal))


def _blankless(text: str) -> Counter[str]:
    return Counter(re.sub(r"\s", "", text))


@budget(60)
@given(_tables(), TITLES, st.integers(2, 120))
def test_chinese_runs_kept_whole_lose_nothing_and_cost_no_line(
    make: tuple[list[Any], list[Any]], title: str | None, width: int
) -> None:
    """Against the breaker that moves no run (`PHRASE` 0): a table's every character, no
    more lines, none wider than the terminal."""
    shown = _printed(_made(make, title), width, False)
    saved = _breaks.PHRASE
    _breaks.PHRASE = 0
    try:
        unmoved = _printed(_made(make, title), width, False)
    finally:
        _breaks.PHRASE = saved
    assert _blankless(shown) == _blankless(unmoved)
    assert shown.count("\n") <= unmoved.count("\n")
    assert max(map(cell_len, shown.splitlines()), default=0) <= max(width, 2)


EMOJI = st.lists(
    st.sampled_from(["Gas", "high", "ventilation-fan-3", "⚠️", "✔️", "1️⃣", "x" * 14, " ", "  "]),
    max_size=12,
).map("".join)


@budget(150)
@given(EMOJI, st.integers(2, 30))
@example("d⚠️ ab", 2)
def test_a_line_with_an_emoji_never_begins_with_a_blank_it_broke_at(line: str, width: int) -> None:
    """A line holding an emoji shown two cells wide is broken as the project breaks a line
    that is not English: no line of it begins with a blank (but the text's first)."""
    lines = [x.plain for x in Broken(line).wrap(CONSOLE, width)]
    assert "".join(lines).replace(" ", "") == line.replace(" ", "")
    if any(cell_len(x) > 1 for x in ("⚠️", "✔️", "1️⃣") if x in line):
        assert all(not x[:1].isspace() for x in lines[1:]), (line, width, lines)


_NAMES = re.compile(r"(?<![\w-])(?:--?[A-Za-z][\w-]*\w|MINECHECK_\w+)")
_DRAWN = set("─│╭╮╰╯ \n")  # (a panel's lines and blanks: more of them at a narrower width)


@budget(30)
@given(st.sampled_from(command_paths()), st.sampled_from(["en", "zh"]), st.integers(20, 200))
def test_help_keeps_every_name_whole_and_loses_nothing_at_any_width(
    path: tuple[str, ...], lang: str, width: int
) -> None:
    """`--help` at any width from 20 to 200 columns, in English and Chinese: every option's
    name and MINECHECK_ variable on one line, as at 120 columns (but a word wider than any
    line there is), no line wider than the terminal, nothing cut with `…`, and every other
    character of the 120-column help shown."""
    wide, text = narrow_help(path, lang, 120), narrow_help(path, lang, width)
    unfit = [word for word in wide.split() if len(word) > width - 8]
    here, there = Counter(_NAMES.findall(text)), Counter(_NAMES.findall(wide))
    names = (here - there) + (there - here)
    assert [x for x in names if not any(x in word for word in unfit)] == []
    assert "…" not in text
    assert max(map(cell_len, text.splitlines())) <= width
    shown = Counter(x for x in text if x not in _DRAWN)
    assert shown == Counter(x for x in wide if x not in _DRAWN)
