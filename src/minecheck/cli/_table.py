"""Tables that lose no character at any width.

Tables are laid out here rather than by Rich: given less room than its columns need, Rich makes
a column narrower than it measures (an id, a date kept whole), then crops the line at the edge
of the terminal, so characters, whole columns even, are lost without a sign. A `FittedTable`
shares out the width itself, each column at least as wide as its widest character (a Chinese
one takes two cells) and never narrower than what must not break; where even that does not
fit, it shows each row as one field per line.
"""

from __future__ import annotations

import copy
import dataclasses
from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text

from minecheck.cli._breaks import broken, widest_piece

if TYPE_CHECKING:
    from rich.box import Box
    from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
    from rich.table import Column

# A column that may wrap is not made narrower than this many cells (or its content): narrower,
# a table is harder to read than the same rows one field per line.
NARROWEST = 8

# Nor narrower than its longest word of up to this many cells (an item id, a flag, a header): a
# word broken in two (`no-enforcemen` / `t]`, `output-within` / `-capacity`) is read aloud as two
# words that are not words, and cannot be searched for as shown. A longer word (a path, a
# finding's reference) is folded whatever the width, and asks for no room.
WHOLE_WORD = 32


class FittedTable(Table):
    """A table that loses no character at any width: a column marked `no_wrap` is never broken
    (a date, a number), one with a `min_width` is never narrower than it (an id), the others
    fold; and below the width where that fits, each row is shown as one field per line."""

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        widths = self.widths_within(console, options.max_width)
        if widths is None:
            yield from self._stacked(console, options.max_width)
            return
        laid_out = copy.copy(self)
        if laid_out.box is not None and plain(console):
            laid_out.box = blank_box()
        laid_out.columns = [
            dataclasses.replace(
                column,
                width=width,
                no_wrap=False,
                overflow="fold",
                header=_broken(console, column.header),
                _cells=[_broken(console, cell) for cell in column.cells],
            )
            for column, width in zip(self.columns, widths, strict=True)
        ]
        if isinstance(self.title, str):  # (styled as Rich styles a title, then broken)
            style = self.title_style or "table.title"
            laid_out.title = broken(console.render_str(self.title, style=style, highlight=False))
        elif self.title is not None:
            laid_out.title = broken(self.title)
        yield from Table.__rich_console__(laid_out, console, options)

    def widths_within(self, console: Console, room: int) -> list[int] | None:
        """Each column's width in a table at most `room` cells wide, or None where the table
        cannot be that narrow without breaking what must stay whole."""
        texts = [self._texts(console, column) for column in self.columns]
        natural = [max((_widest_line(x) for x in cells), default=0) for cells in texts]
        least = [
            _least(column, cells, wide)
            for column, cells, wide in zip(self.columns, texts, natural, strict=True)
        ]
        room -= self.chrome(console)
        if sum(least) > room:
            return None
        return _share(natural, least, room)

    def chrome(self, console: Console) -> int:
        """The cells the borders, separators and padding take, beyond the columns' own."""
        from rich.measure import Measurement

        ones = copy.copy(self)
        ones.columns = [dataclasses.replace(c, width=1, min_width=None) for c in self.columns]
        ones.title = None
        measured = Measurement.get(console, console.options.update_width(1 << 16), ones)
        return measured.maximum - len(self.columns)

    def _texts(self, console: Console, column: Column) -> list[Text]:
        """The header's text and each cell's, as the table shows them."""
        return [_as_text(console, x) for x in [column.header, *column.cells]]

    def _stacked(self, console: Console, room: int) -> RenderResult:
        """Each row as one `HEADER: value` line per field, a blank line between rows; a value
        of more than that line goes under its header, every line of it indented, so a text
        from a file cannot draw a field or a row of its own (one with line breaks did)."""
        from rich.cells import cell_len

        from minecheck.cli._render import under_label
        from minecheck.i18n import t

        if self.title:
            yield broken(_as_text(console, self.title))
        headers = [_as_text(console, c.header).plain for c in self.columns]
        cells = [list(c.cells) for c in self.columns]
        for row in range(self.row_count):
            for header, column in zip(headers, cells, strict=True):
                value = _as_text(console, column[row])
                label = t("{label}: ", label=header) if header else ""
                plain = value.plain
                if not label and not plain.strip():
                    continue  # (an unnamed mark column's blank: a line of spaces said nothing)
                if label and "\n" not in plain and cell_len(label) + cell_len(plain) <= room:
                    line = Text(label, style="bold")
                    line.append_text(value)
                    yield line
                    continue
                yield from under_label(console, label, value, room, "bold")
            yield Text("")


def plain(console: Console) -> bool:
    """Whether a console gets a plain layout: not a terminal (a pipe, a file) or a dumb one
    (`TERM=dumb`: a screen reader's or a braille display's plain console). There a table's
    rule under its headers was a line of `─` read aloud, or shown in braille, character by
    character: it is a blank line instead."""
    return not console.is_terminal or console.is_dumb_terminal


def blank_box() -> Box:
    """A box drawn in blanks: a table's or a panel's layout without its lines."""
    from rich.box import Box

    return Box("    \n" * 8)


def _share(natural: list[int], least: list[int], room: int) -> list[int]:
    """Widths within `room` (which holds every column at its least): the widest columns are
    narrowed first, to a common cap, none below its least; where the cap leaves cells over,
    the last of the capped columns keep one more. Found by halving, not a cell at a time (a
    description of one 8 MB line took a minute)."""

    def at(cap: int) -> list[int]:
        return [max(low, min(wide, cap)) for wide, low in zip(natural, least, strict=True)]

    if sum(natural) <= room:
        return list(natural)
    low, high = 0, max(natural)  # at(low) fits (every column at its least), at(high) does not
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (middle, high) if sum(at(middle)) <= room else (low, middle)
    widths = at(low)
    capped = [i for i, w in enumerate(widths) if w == low and natural[i] > low]
    for i in capped[len(capped) - (room - sum(widths)) :] if room > sum(widths) else ():
        widths[i] += 1
    return widths


def _as_text(console: Console, value: RenderableType | None) -> Text:
    from rich.text import Text

    if isinstance(value, Text):
        return value
    if isinstance(value, str):
        return console.render_str(value, highlight=False)
    return Text("" if value is None else str(value))


def _broken(console: Console, value: RenderableType) -> RenderableType:
    """A cell's text as a `Broken` one (other renderables as they are)."""
    if isinstance(value, str):
        return broken(console.render_str(value, highlight=False))
    return broken(value) if isinstance(value, Text) else value


def _widest_line(text: Text) -> int:
    from rich.cells import cell_len

    return max((cell_len(line) for line in text.plain.split("\n")), default=0)


def _least(column: Column, cells: list[Text], natural: int) -> int:
    """The narrowest a column can be and lose nothing."""
    from rich.cells import cell_len

    if column.no_wrap:
        return natural
    widest_char = max((cell_len(ch) for x in cells for ch in x.plain), default=1)
    # (in cells, as the line is: a word with an emoji was a cell short of it and broken in
    # two, one with accents written as combining marks counted too long to be kept whole)
    # (by the pieces no line breaks inside, `cli._breaks`: a Chinese sentence breaks between
    # its characters, `（coal-underground）；` does not)
    longest_word = max((widest_piece(x.plain, WHOLE_WORD) for x in cells), default=0)
    whole = max(NARROWEST, column.min_width or 0, longest_word)
    return min(natural, max(widest_char, whole))  # (a column empty everywhere: none)
