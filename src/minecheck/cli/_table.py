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
from typing import TYPE_CHECKING, Any

from rich.table import Table
from rich.text import Text

from minecheck.cli._breaks import WHOLE_WORD as WHOLE_WORD
from minecheck.cli._breaks import Broken, broken, widest_piece
from minecheck.cli._hung import Hung

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from rich.box import Box
    from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
    from rich.segment import Segment
    from rich.table import Column

# A column that may wrap is not made narrower than this many cells (or its content): narrower,
# a table is harder to read than the same rows one field per line.
NARROWEST = 8


# The most cells (or lines, or measures) a table keeps laid out for cells like them to come: the
# ones that repeat (a grade, a state, a date, a count) are met again long before so many, and
# the others (each finding's description) were every one kept until the table was done (a
# table of 100,000 findings: 200,000 cells' lines beside its rows). Past it all are let go.
KEPT = 1 << 15


class FittedTable(Table):
    """A table that loses no character at any width: a column marked `no_wrap` is never broken
    (a date, a number), one with a `min_width` is never narrower than it (an id), the others
    fold; and below the width where that fits, each row is shown as one field per line."""

    # Cells laid out for a console, kept while it prints the table: a cell like one before
    # (a grade, a state, a date, a count) is given the same lines. Tables made of one table's
    # columns (a summary's, split to fit) share one.
    kept: dict[tuple[Any, ...], Any]
    # The columns (by index) whose lines are kept whole wherever the others still fit at their
    # least (and, where only that holds them, with the columns two cells apart: `_closer`):
    # each line one unit a reader takes in at once (a merged file's `who: answer`).
    whole_where_room: frozenset[int]
    # A table shown above this one at the same width: where it is laid out closer (no edge,
    # its rows at the first column), this one leaves its edge out too, so that the two
    # tables' rows begin at one column (a merged file's Sources under its findings).
    under: FittedTable | None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kept = {}
        self.whole_where_room = frozenset()
        self.under = None

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        above = self.under
        closer_above = above is not None and above._closer(console, options.max_width) is not above
        if self.show_edge and closer_above:
            flush = copy.copy(self)
            flush.under, flush.show_edge = None, False
            yield from flush.__rich_console__(console, options)
            return
        closer = self._closer(console, options.max_width)
        if closer is not self:
            yield from closer.__rich_console__(console, options)
            return
        widths = self.widths_within(console, options.max_width)
        if widths is None:
            said: dict[tuple[Any, ...], list[Segment]] = {}  # (a line like one before: a grade)
            for line in self._stacked(console, options.max_width):
                yield from _one_line(console, options, line, said)
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
        if laid_out.title is not None:
            # Rich folds a title at the table's width: one wider than the table (a table of few
            # or no rows) is given its own width, up to the terminal's, and kept on one line
            title = _as_text(console, laid_out.title)
            wide = widest_line(title.plain)
            if wide > sum(widths) + laid_out._extra_width or not self.show_edge:
                room = options.update(width=min(wide, options.max_width), height=None)
                yield from console.render(title, room.update(justify=self.title_justify))
                laid_out.title = None
        if self.show_edge:
            yield from Table.__rich_console__(laid_out, console, options)
            return
        # (`_closer`'s: the blank lines its edges' rows were, above and below the rows)
        from rich.segment import Segment

        yield Segment.line()
        yield from Table.__rich_console__(laid_out, console, options)
        yield Segment.line()

    def _render(self, console: Console, options: ConsoleOptions, widths: list[int]) -> RenderResult:
        """The rows as Rich's table lays them out, segment for segment, each cell's text
        wrapped and padded once: through Rich, each cell went through a `Padding` and was split
        into lines and padded twice (10,000 findings: 5 s of `show`'s 6)."""
        if not _plain_cells(self, widths):
            yield from Table._render(self, console, options, widths)
            return
        yield from _rows(self, console, options, widths)

    def widths_within(self, console: Console, room: int) -> list[int] | None:
        """Each column's width in a table at most `room` cells wide, or None where the table
        cannot be that narrow without breaking what must stay whole."""
        # (each text measured once: a column's counts are a few; a key column's names are in
        # each table a summary's columns are split into)
        shown = [self._texts(console, column) for column in self.columns]
        texts = [{x.plain for x in cells} for cells in shown]
        natural = [max((self._measured(x, None) for x in plain), default=0) for plain in texts]
        for i, cells in enumerate(shown):  # (a line that hangs, as far in as it hangs)
            hung = (x.widest() for x in cells if isinstance(x, Hung) and x.blocks)
            natural[i] = max(natural[i], max(hung, default=0))
        least = [
            _least(column, cells, wide, self._measured)
            for column, cells, wide in zip(self.columns, texts, natural, strict=True)
        ]
        for i, cells in enumerate(shown):  # (a word on a hung line, with the blanks before it)
            if not self.columns[i].no_wrap:
                hung = (x.least() for x in cells if isinstance(x, Hung) and x.blocks)
                least[i] = min(natural[i], max(least[i], max(hung, default=0)))
        room -= self.chrome(console)
        if sum(least) > room:
            return None
        whole = [
            wide if i in self.whole_where_room else low
            for i, (wide, low) in enumerate(zip(natural, least, strict=True))
        ]
        return _share(natural, whole if sum(whole) <= room else least, room)

    def _closer(self, console: Console, room: int) -> FittedTable:
        """This table, or where the columns of `whole_where_room` are kept whole only with its
        columns two cells apart and no edge (not three and one), a copy laid out so: a merged
        file's answers `zhang.wei@hlj-coal.gov.cn: noncompliant` broke at their colon at 120
        columns for want of the six cells the gaps took. Where the table holds them as it is,
        or cannot hold them even so, it is as it is."""
        if not self.whole_where_room or self._holds_whole(console, room):
            return self
        closer = copy.copy(self)
        closer.show_edge = False
        closer.pad_edge = False
        closer.padding = (0, 1, 0, 0)
        return closer if closer._holds_whole(console, room) else self

    def _holds_whole(self, console: Console, room: int) -> bool:
        """Whether the columns of `whole_where_room` are laid out whole within `room`."""
        widths = self.widths_within(console, room)
        if widths is None:
            return False
        return all(
            widths[i] >= max(self._measured(x.plain, None) for x in self._texts(console, column))
            for i, column in enumerate(self.columns)
            if i in self.whole_where_room
        )

    def _measured(self, text: str, longest: int | None) -> int:
        """The cells of `text`'s widest line (`longest` None) or of its widest piece of up to
        `longest` cells (`widest_piece`)."""
        key = ("measured", text, longest)
        cells: int | None = self.kept.get(key)
        if cells is None:
            cells = widest_line(text) if longest is None else widest_piece(text, longest)
            _keep(self.kept, key, cells)
        return cells

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

    def _stacked(self, console: Console, room: int) -> Iterator[Text]:
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


def _one_line(
    console: Console,
    options: ConsoleOptions,
    text: Text,
    said: dict[tuple[Any, ...], list[Segment]],
) -> RenderResult:
    """A text of one line that fits, as Rich renders it (`Text.__rich_console__`) without
    wrapping it: Rich's wrap gives such a line back as it is (10,000 findings shown a field a
    line: 2 s of wrapping 60,000 lines that fit); any other text as it is."""
    plain = text.plain
    if (
        options.max_width < 1
        or "\n" in plain
        or "\t" in plain
        or len(plain) > options.max_width
        or (text.justify or options.justify or "default") != "default"
    ):
        yield text
        return
    from rich.cells import cell_len

    if cell_len(plain) > options.max_width:
        yield text
        return
    key = (plain, tuple(text.spans), text.style, text.end) if len(plain) <= 256 else None
    segments = said.get(key) if key is not None else None
    if segments is None:
        segments = list(Text("\n").join([text]).render(console, end=text.end))
        if key is not None:
            _keep(said, key, segments)
    yield from segments


def _plain_cells(table: Table, widths: list[int]) -> bool:
    """Whether `_rows` lays `table` out as Rich does: every cell and header a text, no
    footer, no lines between rows, no padding above or below, every cell at the top."""
    top, right, bottom, left = table.padding
    return (
        not table.show_footer
        and not table.show_lines
        and not table.leading
        and not table.collapse_padding
        and not top
        and not bottom
        and all(not row.end_section for row in table.rows)
        and all(
            column.vertical == "top"
            and width - left - right >= 1
            and all(
                isinstance(cell, Text) and cell.end == "\n"  # (a line each: see `_cell_lines`)
                for cell in (column.header, *column.cells)
            )
            for column, width in zip(table.columns, widths, strict=True)
        )
    )


def _rows(
    table: Table, console: Console, options: ConsoleOptions, widths: list[int]
) -> RenderResult:
    """Rich's `Table._render` for the tables `_plain_cells` admits (rich 13-15)."""
    from rich.segment import Segment
    from rich.style import Style

    get_style = console.get_style
    border_style = get_style(table.style or "") + get_style(table.border_style or "")
    box = (
        table.box.substitute(
            options, safe=console.safe_box if table.safe_box is None else table.safe_box
        )
        if table.box
        else None
    )
    box = box.get_plain_headed_box() if box and not table.show_header else box
    new_line = Segment.line()
    show_edge = table.show_edge
    _, pad_right, _, pad_left = table.padding
    last_column = len(table.columns) - 1
    pads = [
        (
            0 if i == 0 and not table.pad_edge else pad_left,
            0 if i == last_column and not table.pad_edge else pad_right,
        )
        for i in range(len(table.columns))
    ]
    justifies = [column.justify for column in table.columns]
    pad_style = get_style("none")  # (a `Padding`'s)
    header_style = get_style(table.header_style or "")
    styles = [header_style + get_style(c.header_style) for c in table.columns]
    column_styles = [get_style(c.style or "") for c in table.columns]
    # (a cell like one laid out before in its column is laid out alike: a grade, a state, a
    # date, a count; the same lines are given again)
    memo = table.kept if isinstance(table, FittedTable) else {}
    # (and a cell met before in this table, the same text in the same column and row style, is
    # given its lines without working out what they depend on again: a summary's counts are a
    # few texts shared by every row; the table holds each text, so its id names it until done)
    met: dict[tuple[int, int, Any], list[list[Segment]]] = {}
    row_styles: dict[Any, list[Any]] = {}
    if box:
        box_segments = [
            (
                Segment(box.head_left, border_style),
                Segment(box.head_right, border_style),
                Segment(box.head_vertical, border_style),
            ),
            (
                Segment(box.mid_left, border_style),
                Segment(box.mid_right, border_style),
                Segment(box.mid_vertical, border_style),
            ),
            (
                Segment(box.foot_left, border_style),
                Segment(box.foot_right, border_style),
                Segment(box.foot_vertical, border_style),
            ),
        ]
        if show_edge:
            yield Segment(box.get_top(widths), border_style)
            yield new_line
    count = table.row_count + bool(table.show_header)
    null = Style.null()
    dividers: dict[tuple[int, Any], Segment] = {}
    for index in range(count):
        header_row = table.show_header and index == 0
        row_index = index - bool(table.show_header)
        if header_row:
            row_style = null
            texts: list[Any] = [c.header for c in table.columns]  # (texts: `_plain_cells`)
            cell_styles = styles
        else:
            # (`get_row_style` gives the null style to a row without one, in a table without)
            row_style = (
                get_style(table.get_row_style(console, row_index))
                if table.row_styles or table.rows[row_index].style is not None
                else null
            )
            texts = [c._cells[row_index] for c in table.columns]
            cell_styles = column_styles
        cells = []
        added = row_styles.get((header_row, row_style))
        if added is None:  # (each column's style with the row's)
            added = row_styles[header_row, row_style] = [s + row_style for s in cell_styles]
        for i, (width, text, (left, right), justify, style) in enumerate(
            zip(widths, texts, pads, justifies, added, strict=True)
        ):
            known = (i, id(text), style)
            lines = met.get(known)
            if lines is None:
                key = _same(text, (console, width, left, right, justify), style)
                lines = memo.get(key) if key is not None else None
                if lines is None:
                    lines = _cell_lines(
                        console, text, width, left, right, justify, style, pad_style
                    )
                    if key is not None:
                        _keep(memo, key, lines)
                _keep(met, known, lines)
            cells.append(lines)
        height = max(1, *(len(c) for c in cells))
        for i, (width, cell_style) in enumerate(zip(widths, cell_styles, strict=True)):
            extra = height - len(cells[i])
            if extra:
                blank = [[Segment(" " * width, cell_style + row_style)]] * extra
                cells[i] = blank + cells[i] if header_row else cells[i] + blank
        first = index == 0
        last = index == count - 1
        if box:
            which = 0 if first else (2 if last else 1)
            left_edge, right_edge, _divider = box_segments[which]
            divider = dividers.get((which, row_style))
            if divider is None:
                divider = dividers[which, row_style] = (
                    _divider
                    if _divider.text.strip()
                    else Segment(_divider.text, row_style.background_style + _divider.style)
                )
            for line_no in range(height):
                line = [left_edge] if show_edge else []
                for i, cell in enumerate(cells):
                    line.extend(cell[line_no])
                    if i != last_column:
                        line.append(divider)
                if show_edge:
                    line.append(right_edge)
                line.append(new_line)
                yield from _joined(line)
        else:
            for line_no in range(height):
                line = [x for cell in cells for x in cell[line_no]]
                line.append(new_line)
                yield from _joined(line)
        if box and header_row:
            yield Segment(box.get_row(widths, "head", edge=show_edge), border_style)
            yield new_line
    if box and show_edge:
        yield Segment(box.get_bottom(widths), border_style)
        yield new_line


def _keep(kept: dict[Any, Any], key: Any, value: Any) -> None:
    """`kept[key] = value`, all that `kept` held let go first where it holds KEPT already."""
    if len(kept) >= KEPT:
        kept.clear()
    kept[key] = value


def _joined(line: list[Segment]) -> list[Segment]:
    """`line` with each run of segments without a style made one: a console prints such a
    segment as its characters, so the line prints the same, given a tenth of the segments
    (each passed up through the console's renderers one by one). (A table is printed, or
    put in a `Group`; none is inside a renderable that styles what it holds.)"""
    from rich.segment import Segment

    out: list[Segment] = []
    run: list[str] = []
    for segment in line:
        if segment.style or segment.control:
            if run:
                out.append(Segment("".join(run)))
                run = []
            out.append(segment)
        else:
            run.append(segment.text)
    if run:
        out.append(Segment("".join(run)))
    return out


def _same(text: Text, column: tuple[Any, ...], style: Any) -> tuple[Any, ...] | None:
    """What a cell's lines depend on, in its column (its width, padding and justification;
    None: laid out on its own)."""
    if type(text) not in (Text, Broken) or len(text) > 256:
        return None
    return (
        type(text),
        column,
        text.plain,
        tuple(text.spans),
        text.style,
        text.justify,
        text.overflow,
        text.no_wrap,
        text.end,
        text.tab_size,
        style,
    )


def _cell_lines(
    console: Console,
    text: Text,
    width: int,
    left: int,
    right: int,
    justify: Any,
    style: Any,
    pad_style: Any,
) -> list[list[Any]]:
    """A cell's lines as Rich's table makes them: the text wrapped (`Text.__rich_console__`),
    each line padded to the column (`Padding`), the cell's style applied."""
    from rich.segment import Segment

    inner = width - left - right
    lines = text.wrap(
        console,
        inner,
        justify=text.justify or justify or "default",
        overflow=text.overflow or "fold",
        tab_size=(console.tab_size if text.tab_size is None else text.tab_size) or 8,
        no_wrap=bool(text.no_wrap),
    )
    segments: Any = Text("\n").join(lines).render(console, end=text.end)
    if pad_style:
        segments = Segment.apply_style(segments, pad_style)
    out = []
    for line in Segment.split_and_crop_lines(
        segments, inner, style=pad_style, include_new_lines=False
    ):
        if left:
            line.insert(0, Segment(" " * left, pad_style))
        if right:
            line.append(Segment(" " * right, pad_style))
        # (its runs without a style joined now, once for every row the cell is in: the row's
        # line is joined again, `_joined`, with the same result)
        out.append(_joined(list(Segment.apply_style(line, style)) if style else line))
    return out


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


def widest_line(text: str) -> int:
    """The cells of `text`'s widest line, as Rich measures a text's widest."""
    from rich.cells import cell_len

    return max((cell_len(line) for line in text.split("\n")), default=0)


def _least(
    column: Column, cells: set[str], natural: int, measured: Callable[[str, int | None], int]
) -> int:
    """The narrowest a column can be and lose nothing (`cells`: its texts, `measured` as
    `FittedTable._measured`)."""
    from rich.cells import cell_len

    if column.no_wrap:
        return natural
    shown = set().union(*cells)  # (each character measured once)
    widest_char = max((cell_len(ch) for ch in shown), default=1)
    # (in cells, as the line is: a word with an emoji was a cell short of it and broken in
    # two, one with accents written as combining marks counted too long to be kept whole)
    # (by the pieces no line breaks inside, `cli._breaks`: a Chinese sentence breaks between
    # its characters, `（coal-underground）；` does not)
    longest_word = max((measured(x, WHOLE_WORD) for x in cells), default=0)
    whole = max(NARROWEST, column.min_width or 0, longest_word)
    return min(natural, max(widest_char, whole))  # (a column empty everywhere: none)
