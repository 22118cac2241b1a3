"""The day's layout attacked: tables whose cells repeat but for a style or an invisible
character, Chinese built to defeat the phrase rule at every width, a question folded at 2-12
columns, and help's names at widths between the pinned ones."""

from __future__ import annotations

import io
import itertools
import random
import re

import pytest
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from minecheck.cli import _breaks, _table
from minecheck.cli._breaks import breaks, pieces
from minecheck.cli._line_reader import fold
from minecheck.cli._reference import command_paths
from minecheck.cli._render import safe, table
from minecheck.cli._table import FittedTable
from tests.test_help_layout import narrow_help
from tests.test_line_reader_rules import _terminal


def _printed(made: FittedTable, width: int) -> str:
    out = io.StringIO()
    console = Console(file=out, width=width, force_terminal=True, color_system="truecolor")
    console.print(made)
    return out.getvalue()


def _repeated(odd: Text) -> FittedTable:
    """300 rows of one grade and one description, then `odd`, then 50 more."""
    made = table("ITEM", "GRADE", "DESCRIPTION")
    for k in range(351):
        cell = odd if k == 300 else safe("Methane above the limit")
        made.add_row(safe(f"item-{k}"), safe("major", "bold red"), cell)
    return made


@pytest.mark.parametrize("width", [30, 61, 120])
@pytest.mark.parametrize(
    ("odd", "seen"),
    [
        (safe("Methane above the limit", "bold"), "\x1b[1mMethane above the limit"),
        (safe("Methane above the limit\u200b"), "limit\\u200b"),
        (safe("[bold red]Methane[/] above the limit"), "[bold red]Methane[/] above the limit"),
        (safe("\x1b[31mMethane above the limit"), "\\u001b[31mMethane above the limit"),
    ],
)
def test_a_cell_that_differs_from_300_before_only_in_style_or_an_invisible_is_its_own(
    odd: Text, seen: str, width: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cells like one before are laid out once and given again: one that differs only in its
    style, an invisible character, text that reads as markup or an escape is shown as itself,
    the table byte for byte as Rich lays it out, the rows after it as before it."""
    shown = _printed(_repeated(odd), width)
    with monkeypatch.context() as patched:
        patched.setattr(FittedTable, "_render", Table._render)
        patched.setattr(_table, "_one_line", lambda console, options, text, said: iter([text]))
        assert shown == _printed(_repeated(odd), width)
    if width == 120:  # (each on one line)
        assert seen in shown
        assert shown.count("major") == 351  # (the grade of every row)


# Chinese built against the phrase rule: runs of exactly 20 and 21 cells, brackets nested or
# never closed, full-width blanks, numbers with units, a run after a long English word.
_ATOMS = (
    "煤矿",
    "瓦斯",
    "（（（",
    "）））",
    "]]]",
    "[[[",
    "（设计）",
    "\u3000",
    " ",
    "24",
    "ppm",
    "3个",
    "5米",
    "supercalifragilisticexpialidocious",
    "，",
    "。",
    "、",
    "“",
    "”",
    "[未记录执法措施]",
    "由受信任的密钥签名",
    "一二三四五六七八九十",
    "一二三四五六七八九十一",
    "ａｂｃ",
    "e\u0301",
    "1\ufe0f\u20e3",
    "x",
)


def _texts(seed: int, count: int, longest: int) -> list[str]:
    rng = random.Random(seed)  # noqa: S311 - test data
    return [
        "".join(rng.choice(_ATOMS) for _ in range(rng.randint(1, longest))) for _ in range(count)
    ]


def test_the_phrase_rule_never_adds_a_line_nor_widens_one_at_any_width(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """At widths 1-120: the breaks are in order inside the line (nothing lost or reordered),
    no line is wider than the width where its pieces fit, and no text takes more lines than
    with the rule off."""
    rng = random.Random(14)  # noqa: S311 - test data
    for line in _texts(14, 1500, 25):
        width = rng.randint(1, 120) if rng.random() < 0.5 else rng.randint(1, 30)
        at = breaks(line, width)
        assert at == sorted(set(at)), (line, width)
        assert all(0 < x < len(line) for x in at), (line, width)
        bounds = [0, *at, len(line)]
        ends = pieces(line)
        widest = max(
            cell_len(line[s:e].rstrip()) for s, e in zip((0, *ends[:-1]), ends, strict=True)
        )
        if widest <= width:
            shown = [line[s:e] for s, e in itertools.pairwise(bounds)]
            assert all(cell_len(x.rstrip()) <= width for x in shown), (line, width, shown)
        with monkeypatch.context() as off:
            off.setattr(_breaks, "PHRASE", 0)
            assert len(at) <= len(breaks(line, width)), (line, width)


@pytest.mark.parametrize("columns", range(2, 13))
def test_a_question_folded_at_2_to_12_columns_keeps_its_text_and_the_cursor_s_line(
    columns: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every character of the question is on a line, in order; no line is wider than the
    room before the cursor, the last one with its blank too (from 4 columns: at 2 and 3 a
    Chinese character and a blank cannot both fit)."""
    _terminal(monkeypatch, columns)
    room = max(columns - 1, 2)
    for text in _texts(columns, 120, 10):
        prompt = text + "： "
        lines = fold(prompt)
        assert "".join("".join(lines).split()) == "".join(prompt.split()), (prompt, lines)
        if columns >= 4:
            assert all(cell_len(x) <= room for x in lines), (prompt, lines)


_NAMES = re.compile(r"(?<![\w-])(?:--?[A-Za-z][\w-]*\w|MINECHECK_\w+)")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_help_s_names_are_whole_at_widths_between_the_pinned_ones(lang: str) -> None:
    """Every option's and MINECHECK_ variable's name whole at 26, 47 and 95 columns (the
    pinned widths are 40, 60 and 80), and no help loses a character but the blanks. (The help
    at 250 drawn once for the three widths; a failure names the width and the command.)"""
    cut = {}
    for path in command_paths():
        wide = narrow_help(path, lang, 250)
        for columns in (26, 47, 95):
            narrow = narrow_help(path, lang, columns)
            unfit = [word for word in wide.split() if len(word) > columns - 8]
            differ = [
                x
                for x in set(_NAMES.findall(wide)) ^ set(_NAMES.findall(narrow))
                if not any(x in word for word in unfit)
            ]
            if differ or sorted("".join(wide.split())) != sorted("".join(narrow.split())):
                cut[columns, " ".join(path) or "(root)"] = sorted(differ)
    assert cut == {}
