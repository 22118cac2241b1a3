"""Tables that lose no character (`cli/_table.py`) under mutation: what a reader of one sees."""

from __future__ import annotations

import io

from rich.console import Console

from minecheck.cli._render import table
from minecheck.cli._table import FittedTable

PATH = "/srv/keys/wang-2026.key"
FINGERPRINT = "SHA256:Jq3bYhJq3bYhJq3bYhJq3bYh"


def _shown(renderable: object, width: int, *, terminal: bool = False) -> list[str]:
    out = io.StringIO()
    console = Console(file=out, width=width, force_terminal=terminal, color_system=None)
    console.print(renderable)
    return out.getvalue().splitlines()


def _keys_table() -> FittedTable:
    """As `keys list` makes it: a first column with no header that marks the default key, here
    empty in every row (no key is the default)."""
    made = table("", "PRINCIPAL", "FINGERPRINT", "PATH")
    made.add_row("", "wang", FINGERPRINT, PATH)
    assert isinstance(made, FittedTable)
    return made


def test_a_table_given_just_its_width_breaks_no_cell() -> None:
    """At exactly the width the table needs, every row stays one line, even with a column empty
    everywhere: the path was folded a character early, its last character on a line alone."""
    wide = _shown(_keys_table(), 200)
    needed = max(len(line) for line in wide)
    lines = _shown(_keys_table(), needed)
    row = [line for line in lines if "wang" in line]
    assert len(row) == 1
    assert row[0].rstrip().endswith(PATH)
    assert len(lines) == len(wide)


def test_a_table_at_a_terminal_keeps_the_rule_under_its_headers() -> None:
    """Only a pipe or a dumb terminal gets the blank layout; at a terminal the rule is drawn."""
    lines = _shown(_keys_table(), 120, terminal=True)
    assert any(set(line.strip()) == {"─"} or "───" in line for line in lines)
    piped = _shown(_keys_table(), 120)
    assert not any("─" in line for line in piped)


def test_a_table_too_narrow_for_its_columns_still_shows_its_title() -> None:
    """Below the width where the columns fit, each row is one field per line, under the title."""
    made = table("PRINCIPAL", "FINGERPRINT", title="Signers")
    made.add_row("wang", FINGERPRINT)
    lines = _shown(made, 20)
    assert lines[0] == "Signers"
    assert "PRINCIPAL: wang" in lines


def test_markup_in_a_cell_is_measured_as_it_is_shown() -> None:
    """A cell given as a string is shown as Rich renders it (`[bold]` is a style, not text);
    measured as the raw string it made the table stack one field per line where it fits."""
    made = table("ID", "STATE")
    made.add_row("[bold]a1[/bold]", "open")
    assert isinstance(made, FittedTable)
    assert made.widths_within(Console(width=40), 40) == [2, 5]
    lines = _shown(made, 14)
    assert [line.split() for line in lines if "a1" in line] == [["a1", "open"]]


def test_a_row_one_field_per_line_is_not_coloured_by_guesswork() -> None:
    """The commands' consoles highlight nothing: a number or a path in a field shown one per
    line at a colour terminal is plain, as it is in the table (Rich coloured it as a number)."""
    made = table("PRINCIPAL", "FINGERPRINT", title="Signers")
    made.add_row("wang 2026", FINGERPRINT)
    out = io.StringIO()
    console = Console(
        file=out, width=20, force_terminal=True, color_system="standard", highlight=False
    )
    console.print(made)
    assert "wang 2026" in out.getvalue()


def test_a_field_that_just_fills_the_line_stays_beside_its_header() -> None:
    """`PRINCIPAL: wang` in exactly 15 columns is one line, not the header over the value."""
    made = table("PRINCIPAL", "FINGERPRINT")
    made.add_row("wang", FINGERPRINT)
    lines = _shown(made, 15)
    assert lines[0] == "PRINCIPAL: wang"


def test_a_column_empty_everywhere_takes_no_cell_of_the_least_width() -> None:
    """`keys list` with no default key is still a table at 74 columns (each column as wide as
    its longest word, the empty one nothing, 11 cells of padding); at 73 it is one field per
    line. It was a table down to 36 columns, its headers `PRINCIPA` and `FINGERPR`."""
    assert _shown(_keys_table(), 74)[1].split() == ["PRINCIPAL", "FINGERPRINT", "PATH"]
    assert "PRINCIPAL: wang" in _shown(_keys_table(), 73)


def test_a_row_one_field_a_line_gives_no_line_to_an_empty_unnamed_field() -> None:
    """`keys list` at a narrow terminal: each key that is not the default began with a line of
    two blanks (its mark column, which has no header); the default key keeps its `*`."""
    made = table("", "PRINCIPAL")
    made.add_row("*", "wang")
    made.add_row("", "li")
    assert _shown(made, 12) == ["  *", "PRINCIPAL:", "  wang", "", "PRINCIPAL:", "  li", ""]
