"""How `--help` is laid out: frames where a person sees them, none in a pipe, a file or a dumb
terminal; names kept whole; its texts broken where every shown text breaks (`cli._breaks`).

Typer draws the help; `draw` sets it up to draw it so. The command line (`cli`) hands every
help to `draw`, and imports this module only then: no other run loads it.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TextIO

from rich.columns import Columns
from rich.measure import Measurement
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from minecheck.cli._breaks import broken
from minecheck.cli._output import sized
from minecheck.cli._table import blank_box

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult


def plain_layout(stream: TextIO) -> bool:
    """Whether `stream` gets a plain layout, without frames or rules: where it is not a
    terminal (a pipe, a file) or is a dumb one (`TERM=dumb`: a screen reader's or a braille
    display's plain console, an editor's shell)."""
    try:
        seen = stream.isatty()
    except (OSError, ValueError):
        seen = False
    return not seen or os.environ.get("TERM", "") == "dumb"


_BLANK = blank_box()


class PlainPanel(Panel):
    """A panel framed by blanks where stdout gets a plain layout (help's option groups)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if plain_layout(sys.stdout):
            kwargs["box"] = _BLANK
        super().__init__(*args, **kwargs)


class FoldingTable(Table):
    """A help table whose cells fold a word wider than their column onto the next line:
    Rich's default cuts it with "…" (`MINECHECK_PASSPHRASE_F…` at 80 columns, `--versi…`
    at 40), and a name cut short cannot be typed. A cell is a text, or (an option's help,
    default and environment variable) texts set in columns of their own."""

    def add_row(self, *renderables: Any, **kwargs: Any) -> None:
        *names, help_ = renderables or (None,)
        if help_ is not None:  # (the help broken as every shown text: `_breaks`)
            renderables = (*names, _broken_help(help_))
        super().add_row(*renderables, **kwargs)
        for column in self.columns:
            column.overflow = "fold"
        for cell in renderables:
            for text in _texts(cell):
                text.overflow = "fold"

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        """The names (an option's, its metavar, a command's) whole in their columns, the
        help beside them taking what is left, where that is as wide as the help's widest
        word; else each row's names on a line and its help under them, indented. Rich
        shared the cut among all the columns: `--passphra` / `se-file` at 60 columns,
        `MINECHECK_PASSPHRASE_FI` / `LE.` at 80."""
        *names, helps = self.columns
        shown = [[Text(x) if isinstance(x, str) else x for x in c._cells] for c in names]
        texts = [[x for x in column if isinstance(x, Text)] for column in shown]
        if not names or not self.row_count or texts != shown:  # (names of another kind)
            yield from super().__rich_console__(console, options)
            return
        measured = [self._measure_column(console, options, each) for each in names]
        words = max(Measurement.get(console, options, x).minimum for x in _helps(helps))
        words += self._get_padding_width(len(names))  # (names measured with theirs)
        if sum(m.maximum for m in measured) + words + self._extra_width <= options.max_width:
            for column in names:
                column.no_wrap = True  # (only the help is narrowed to fit)
            yield from super().__rich_console__(console, options)
            return
        # (a column of one-cell marks, the required `*`, keeps its place where it is blank)
        marks = all(x.cell_len <= 1 for x in texts[0])
        for row in range(self.row_count):
            cells = [column[row] for column in texts]
            said = Text(" ").join(
                x if x.plain else Text(" ")
                for at, x in enumerate(cells)
                if x.plain or (marks and not at)
            )
            said.overflow = "fold"
            yield Padding(said, (0, 0, 0, 1))
            yield Padding(helps._cells[row], (0, 0, 0, 5))


def _texts(cell: Any) -> list[Text]:
    """The texts of a help cell: a text, or the texts of its columns."""
    found = cell.renderables if isinstance(cell, Columns) else [cell]
    return [x for x in found if isinstance(x, Text)]


def _broken_help(cell: Any) -> Any:
    """A help cell whose texts (the help, its default, its variable) break where every
    shown text breaks: Rich broke a Chinese help anywhere, inside a word (`指` / `定。`,
    `安` / `装命令补全。`) and before a closing mark (`；不给 -o 时…` began a line)."""
    if isinstance(cell, Columns):
        cell.renderables[:] = [broken(x) if isinstance(x, Text) else x for x in cell.renderables]
        return cell
    return broken(cell) if isinstance(cell, Text) else cell


def _helps(column: Any) -> list[Text]:
    return [x for cell in column._cells for x in _texts(cell)] or [Text()]


def breaking_help_texts(rich_utils: Any) -> None:
    """Typer's help texts (a command's description, an option's help) made `Broken`, so they
    break where every shown text breaks (`cli._breaks`): Rich broke a Chinese text anywhere,
    inside a word (`（默` / `认：…`) and before a closing mark (`路径:行` / `:列: 说明`).
    English is broken as before. Done once, however many helps are shown."""
    made = rich_utils._make_rich_text
    if getattr(made, "broken_help", False):
        return

    def broken_help(*args: Any, **kwargs: Any) -> Any:
        text = made(*args, **kwargs)
        return broken(text) if isinstance(text, Text) else text

    broken_help.broken_help = True  # type: ignore[attr-defined]
    rich_utils._make_rich_text = broken_help


def draw(format_help: Callable[[], None]) -> None:
    """A help, drawn by FORMAT_HELP (Typer's), without its frames where no one sees them as
    frames: written to a pipe or a file, or to a dumb terminal (a screen reader, a braille
    display, a plain console). There each line began and ended with `│` and each group opened
    with a rule of `─`, read aloud or shown in braille as so many characters; the groups keep
    their titles, set on a line of their own. A capable terminal keeps Typer's frames. There
    too, no line ends in the blanks that pad it to the width (`COLUMNS=100000` made the help
    2.6 MB of spaces)."""
    from typer import rich_utils

    breaking_help_texts(rich_utils)
    setattr(rich_utils, "Panel", PlainPanel)  # noqa: B010
    setattr(rich_utils, "Table", FoldingTable)  # noqa: B010
    if not plain_layout(sys.stdout):
        format_help()
        return
    console = rich_utils._get_rich_console
    made: list[Console] = []

    def plain(stderr: bool = False) -> Console:
        got = console(stderr)
        if rich_utils.MAX_WIDTH is None:  # a dumb terminal's own size (Rich: 80)
            got = sized(got, sys.stdout)
        got.begin_capture()
        made.append(got)
        return got

    setattr(rich_utils, "_get_rich_console", plain)  # noqa: B010
    try:
        format_help()
    finally:
        setattr(rich_utils, "_get_rich_console", console)  # noqa: B010
    try:
        for got in made:
            sys.stdout.write(_TRAILING_BLANKS.sub(_codes_only, got.end_capture()))
        sys.stdout.flush()
    except BrokenPipeError:
        # (without its errno, as Rich's: the framework ends one with EPIPE with exit 1)
        raise BrokenPipeError from None


# the blanks at the end of a line, and the colour codes among them (FORCE_COLOR), which are kept
_TRAILING_BLANKS = re.compile(r"(?:[ \t]|\x1b\[[0-9;]*m)+$", re.MULTILINE)


def _codes_only(blanks: re.Match[str]) -> str:
    return re.sub(r"[ \t]", "", blanks.group())
