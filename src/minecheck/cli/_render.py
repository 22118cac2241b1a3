"""Terminal rendering helpers: every string from a file becomes sanitized `Text`, never markup;
every table is laid out so that no character is lost at any width (`cli._table`)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from minecheck.core.sanitize import JOINERS, for_terminal
from minecheck.errors import SHOWN_CHARACTERS as SHOWN_CHARACTERS
from minecheck.errors import WARNING as WARNING

if TYPE_CHECKING:
    from collections.abc import Iterator

    from rich.console import Console, ConsoleOptions, RenderResult
    from rich.text import Text

    from minecheck.cli._table import FittedTable


# The label each text of a finding is asked with in the walk and shown with by `show` (also how
# a removed item's typed text is told)
FIELD_LABELS = {
    "description": "Description of the hidden danger",
    "location": "Location",
    "severity_reason": "Reason for lowering the severity",
    "measures": "Rectification measures",
    "responsible": "Responsible unit / person",
    "enforcement": "Enforcement order",
}


def safe(text: str | None, style: str = "", *, multiline: bool = False) -> Text:
    """Untrusted text made visible-safe and wrapped so Rich never reads it as markup; beyond
    SHOWN_CHARACTERS, the rest is said as a count (the file, and every export, holds it)."""
    from minecheck.cli._breaks import Broken

    head, rest = _cut(text or "", multiline)
    shown = Broken(head, style=style)
    if rest:
        shown.append(rest, style="dim")
    return shown


class SafeTexts:
    """`safe`, one text for all the cells of a value and style in a table: a grade, a state, a
    date or a count repeats in every row (100,000 findings made 300,000 texts of a few values,
    each held until the table was written), and a table lays a text it met before out once.
    Nothing changes a cell's text once made."""

    def __init__(self) -> None:
        self.made: dict[tuple[str, str], Text] = {}

    def __call__(self, text: str, style: str = "") -> Text:
        key = (text, style)
        cell = self.made.get(key)
        if cell is None:
            cell = self.made[key] = safe(text, style)
        return cell


def local_time(moment: dt.datetime) -> tuple[str, str] | None:
    """`moment`'s local time and the offset then (`+08:00`; `+08:05:43` in 1900), or None where
    the local zone is at UTC then or the C library cannot place it."""
    try:
        local = moment.astimezone()
    except (OverflowError, OSError, ValueError):
        return None
    if not local.utcoffset():
        return None
    return f"{local:%Y-%m-%d %H:%M}", local.isoformat(timespec="seconds")[19:]


class Fields:
    """Labelled values on as few lines as they fit, never broken inside a value: a pair shares
    a line with the one before where both fit (`gap` between them), else begins a line of
    its own; a pair wider than the terminal has its label on a line and its value under it,
    indented, as a table's stacked row shows a long value. At 50 columns `created: ` ended a
    line and the time began the next; a screen reader read the label and the value apart."""

    def __init__(self, *pairs: tuple[str, Text], gap: str = "   ", style: str = "") -> None:
        self.pairs = pairs  # (the label with its colon, as `t("{label}: ")` says it; the value)
        self.gap = gap  # (between two pairs on a line)
        self.style = style  # (the labels')

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.cells import cell_len
        from rich.text import Text

        room = options.max_width
        line: Text | None = None
        for label, value in self.pairs:
            pair = Text(label, style=self.style) + value
            if line is not None and cell_len(line.plain + self.gap + pair.plain) <= room:
                line.append(self.gap)
                line.append_text(pair)
                continue
            if line is not None:
                yield line
            line = None
            if cell_len(pair.plain) <= room:
                line = pair
                continue
            # (a value without a label is not indented)
            yield from under_label(console, label, value, room, self.style, "  " if label else "")
        if line is not None:
            yield line


def under_label(
    console: Console, label: str, value: Text, room: int, style: str, indent: str = "  "
) -> Iterator[Text]:
    """A value wider than its line with its label: the label on a line of its own (none for no
    label), the value under it, each of its lines `indent`ed and broken within `room` (`Fields`,
    and a table's row shown one field a line)."""
    from rich.text import Text

    from minecheck.cli._breaks import broken

    if label:
        yield Text(label.rstrip(), style=style)
    for part in broken(value).wrap(console, max(room - len(indent), 2), overflow="fold"):
        part.rstrip()
        yield Text(indent) + part


def pair(label: str, value: str, style: str = "") -> tuple[str, Text]:
    """A label (in the reader's language) and a value from a file, for `Fields`."""
    from minecheck.i18n import t

    return t("{label}: ", label=label), safe(value, style)


def time_cell(moment: dt.datetime) -> Text:
    """A time in a table (an event's, a draft's last answer): as recorded, in UTC, and under it
    the local time with its offset (`2026-06-15 00:30+08:00`), no wider than the first line by
    much; the UTC time alone where the local zone is at UTC then."""
    cell = safe(f"{moment:%Y-%m-%d %H:%M}Z")
    local = local_time(moment)
    if local is not None:
        cell.append("\n")
        cell.append_text(safe(f"{local[0]}{local[1]}", "dim"))
    return cell


def shown_line(text: str) -> str:
    """A message's line as a terminal is given it: made visible-safe, one line, and beyond
    SHOWN_CHARACTERS the rest counted, as `safe` counts it (a value quoted from a file, a
    measure of a megabyte, made a line of a megabyte on stderr)."""
    head, rest = _cut(text, False)
    return head + rest


def _cut(text: str, multiline: bool) -> tuple[str, str]:
    """(the first SHOWN_CHARACTERS of `text` made visible-safe, the count of the rest or ""),
    cut before a zero-width joiner or non-joiner that would end it."""
    if len(text) <= SHOWN_CHARACTERS:
        return for_terminal(text, multiline=multiline), ""
    from minecheck.i18n import t

    # (cut before a joiner: at the cut's end it joins nothing, and was shown as its escape)
    cut = len(text[:SHOWN_CHARACTERS].rstrip(JOINERS)) or SHOWN_CHARACTERS
    more = len(text) - cut
    head = for_terminal(text[:cut], multiline=multiline)
    if more == 1:
        return head, t(" … 1 more character not shown")
    return head, t(" … {count} more characters not shown", count=more)


def table(*columns: str, title: str | None = None) -> FittedTable:
    """A table that loses no character at any width (`cli._table.FittedTable`)."""
    from rich import box

    from minecheck.cli._table import FittedTable

    t = FittedTable(box=box.SIMPLE_HEAD, title=title, title_justify="left", pad_edge=False)
    for column in columns:
        t.add_column(column, overflow="fold")
    return t
