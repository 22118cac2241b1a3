"""`show` of a merged file: an inspector's hung lines measured with the indent they hang by,
a description holding a tab hung as any other, and one indent for every inspector of a cell.
The table measured a hung line with 2 blanks where it hangs under its name, so a line under a
long name wrapped at 200 columns; at 40 columns Alice's lines hung by 2 and Bob's, in the same
cell, under his name."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.test_show_layout49 import _cell


def _said(alices: str, bobs: str, alice_cites: tuple[str, ...]) -> dict[str, Any]:
    """Alice's and Bob's findings of the gas over its limit: their descriptions, the clauses
    Alice cites, and Bob's one clause."""
    from minecheck.core.documents import Finding

    def gas(description: str, basis: tuple[str, ...]) -> Finding:
        return Finding(
            "gas-overlimit", "noncompliant", severity="major", basis=basis, description=description
        )

    return {"alice": gas(alices, alice_cites), "bob": gas(bobs, ("CMHD-5.2",))}


# Alice's second line of her own and her clause line are wider than the cell's first line
# less her name: measured with 2 blanks, the column was too narrow for them under her name
WIDE = _said(
    "Gas alarm silenced\nsecond line of her own words, forty cells",
    "Methane read 1.6 per cent",
    ("CMHD-5.2", "CMHD-18.6", "CMHD-20.1"),
)
MEASURED = {
    "en": [
        "Demo mine (HLJ-0001)",
        "alice@coal.example: Gas alarm silenced",
        "                    second line of her own words, forty cells",
        "                    Clause: CMHD-5.2, CMHD-18.6, CMHD-20.1",
        "bob@coal.example: Methane read 1.6 per cent",
        "                  Clause: CMHD-5.2",
    ],
    "zh": [
        "Demo mine（HLJ-0001）",
        "alice@coal.example：Gas alarm silenced",
        "                    second line of her own words, forty cells",
        "                    依据条款：CMHD-5.2、CMHD-18.6、CMHD-20.1",
        "bob@coal.example：Methane read 1.6 per cent",
        "                  依据条款：CMHD-5.2",
    ],
}


# a tab in a description is shown as its escape, as everywhere a file's text is shown
# (`for_terminal`): its line is one the cell breaks and hangs as any other, the tab never reaching
# Rich's own wrap (which hangs nothing)
TABBED = _said(
    "Gas\talarm silenced at the face 3101 and\tthe return airway for an hour",
    "Methane read 1.6 per cent",
    ("CMHD-5.2",),
)
WITH_A_TAB = {
    "en": [
        "Demo mine (HLJ-0001)",
        "alice@coal.example: Gas\\u0009alarm silenced at the face 3101 and\\u0009the",
        "                    return airway for an hour",
        "                    Clause: CMHD-5.2",
        "bob@coal.example: Methane read 1.6 per cent",
        "                  Clause: CMHD-5.2",
    ],
    "zh": [
        "Demo mine（HLJ-0001）",
        "alice@coal.example：Gas\\u0009alarm silenced at the face 3101 and\\u0009the",
        "                    return airway for an hour",
        "                    依据条款：CMHD-5.2",
        "bob@coal.example：Methane read 1.6 per cent",
        "                  依据条款：CMHD-5.2",
    ],
}


# at 40 columns Alice's name takes more than half the cell and her lines hang by 2; Bob's hung
# under his name, 18 cells in, so the cell's lines began at three places
NARROW = _said(
    "Methane at the return airway of face 3101 read 1.6 per cent",
    "Gas alarm silenced at the face for an hour",
    ("CMHD-5.2",),
)
ONE_INDENT = {
    "en": [
        "Demo mine (HLJ-0001)",
        "alice@coal.example: Methane at the",
        "  return airway of face 3101 read 1.6",
        "  per cent",
        "  Clause: CMHD-5.2",
        "bob@coal.example: Gas alarm silenced",
        "  at the face for an hour",
        "  Clause: CMHD-5.2",
    ],
    "zh": [
        "Demo mine（HLJ-0001）",
        "alice@coal.example：Methane at the",
        "  return airway of face 3101 read 1.6",
        "  per cent",
        "  依据条款：CMHD-5.2",
        "bob@coal.example：Gas alarm silenced",
        "  at the face for an hour",
        "  依据条款：CMHD-5.2",
    ],
}


# (the terminal's columns, the findings, their lines in each language)
LAYOUTS = {
    "measured": (200, WIDE, MEASURED),
    "a tab": (80, TABBED, WITH_A_TAB),
    "one indent": (40, NARROW, ONE_INDENT),
}


@pytest.mark.parametrize(
    ("case", "lang"), [(case, lang) for case in LAYOUTS for lang in ("en", "zh")]
)
def test_an_inspectors_lines_hang_as_far_as_they_are_measured(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str, lang: str
) -> None:
    """At 200 columns Alice's second line and her clause wrapped under her name (`second line
    of her own words,` / `forty cells`): the column measured them 2 cells in. Each is a line.
    A description holding a tab hangs as one without. Where one inspector's lines cannot hang
    under the name, none of the cell's do: they hang by 2."""
    columns, said, laid_out = LAYOUTS[case]
    monkeypatch.setenv("COLUMNS", str(columns))
    assert _cell(cli, tmp_path, lang, said) == laid_out[lang]


@pytest.mark.parametrize(
    ("second", "widest", "indent"),
    [
        ("second line of her own words", 20 + 28, 20),  # (under her name: 40 cells hold it)
        ("own", 38, 2),  # (38 cells hold every line, by 2: her name is more than half of them)
    ],
)
def test_a_hung_text_measures_the_width_it_is_laid_out_whole_in(
    second: str, widest: int, indent: int
) -> None:
    """Rich's measure of a hung text (a table of Rich's own) is the table's: the narrowest
    width where no line breaks, hung under the name where that width allows it."""
    from rich.console import Console
    from rich.measure import Measurement
    from rich.text import Text

    from minecheck.cli._hung import Hung

    body = Hung()
    body.append(f"Gas alarm silenced\n{second}")
    cell = Hung()
    cell.hang(Text("alice@coal.example: "), body)
    console = Console(width=200)
    assert Measurement.get(console, console.options, cell).maximum == widest
    lines = cell.wrap(console, widest)
    assert [line.plain.rstrip() for line in lines][1:] == [" " * indent + second]


# a word of 30 cells (no longer than a word kept whole) in Alice's description: the column's
# least was its length alone, and on a line hung by 2, or under her name, it was split
# (`ventilation-return-airway-31` / `01`, `ventilation-return-airway` / `-3101`)
A_LONG_WORD = _said(
    "Methane read at the ventilation-return-airway-3101 1.6 per cent",
    "Gas alarm silenced at the face for an hour",
    ("CMHD-5.2",),
)


# the word whole, each line of the cell hung by 2 (under Alice's name at 140 it would not fit)
HELD_WHOLE = {
    (100, "zh"): [
        "Demo mine（HLJ-0001）",
        "alice@coal.example：Methane read",
        "  at the",
        "  ventilation-return-airway-3101",
        "  1.6 per cent",
        "  依据条款：CMHD-5.2",
        "bob@coal.example：Gas alarm",
        "  silenced at the face for an",
        "  hour",
        "  依据条款：CMHD-5.2",
    ],
    (120, "en"): [
        "Demo mine (HLJ-0001)",
        "alice@coal.example: Methane read",
        "  at the",
        "  ventilation-return-airway-3101",
        "  1.6 per cent",
        "  Clause: CMHD-5.2",
        "bob@coal.example: Gas alarm",
        "  silenced at the face for an",
        "  hour",
        "  Clause: CMHD-5.2",
    ],
    (120, "zh"): [
        "Demo mine（HLJ-0001）",
        "alice@coal.example：Methane read at",
        "  the ventilation-return-airway-3101",
        "  1.6 per cent",
        "  依据条款：CMHD-5.2",
        "bob@coal.example：Gas alarm silenced",
        "  at the face for an hour",
        "  依据条款：CMHD-5.2",
    ],
    (140, "en"): [
        "Demo mine (HLJ-0001)",
        "alice@coal.example: Methane read at the",
        "  ventilation-return-airway-3101 1.6 per cent",
        "  Clause: CMHD-5.2",
        "bob@coal.example: Gas alarm silenced at the",
        "  face for an hour",
        "  Clause: CMHD-5.2",
    ],
}


@pytest.mark.parametrize(("columns", "lang"), [(100, "zh"), (120, "en"), (120, "zh"), (140, "en")])
def test_a_word_on_a_hung_line_is_kept_whole_where_a_line_holds_it(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, columns: int, lang: str
) -> None:
    """The column is as wide as the word and the indent it hangs by, or the cell hangs by 2
    where under the name the word would not fit: the word is on a line of its own, whole."""
    monkeypatch.setenv("COLUMNS", str(columns))
    lines = _cell(cli, tmp_path, lang, A_LONG_WORD)
    assert lines == HELD_WHOLE[(columns, lang)]
