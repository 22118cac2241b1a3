"""A cell whose blocks of lines hang: each block's lines after its first, those the cell's width
breaks and those of its own, begin under the first character after its lead (a merged file's
`alice@coal.example: `), and a part it keeps whole (`Clause: CMHD-5.2`) is broken only where
no line holds it.

At the cell's edge, a wrapped word of one inspector's description began a line where the next
inspector's name begins: a reader could not tell whose words a line was.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.containers import Lines
from rich.measure import Measurement
from rich.text import Text

from minecheck.cli._breaks import WHOLE_WORD, Broken, breaks, widest_piece

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions

# how far a block's lines hang where its lead takes more than half the cell's width (a name of
# 30 cells in a cell of 38 left a column of 8 for the words)
FIXED = 2


class Hung(Broken):
    """A text of blocks that hang (`hang`) and parts kept whole where a line holds them."""

    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[tuple[int, int, int]] = []  # (where one begins, ends; its lead's cells)
        self.whole: list[tuple[int, int]] = []  # (the parts kept whole)
        self.words: list[int] = []  # (each block's longest word kept whole, in cells)
        # (what `_measured` found of the blocks and the parts, and for what: the text's size,
        # its blocks', the parts' list and its size)
        self._held: tuple[object, ...] | None = None

    def kept(self) -> list[tuple[int, int]]:
        return self.whole

    def keep(self, begin: int, end: int) -> None:
        """Keep `self.plain[begin:end]` on one line where a line holds it."""
        self.whole.append((begin, end))

    def add(self, other: Hung) -> None:
        """`other` on a line of its own (where this text has any), its blocks and parts kept."""
        if self.plain:
            self.append("\n")
        at = len(self.plain)
        self.append_text(other)
        self.blocks.extend((b + at, e + at, cells) for b, e, cells in other.blocks)
        self.words.extend(other.words)
        self.whole.extend((b + at, e + at) for b, e in other.whole)

    def hang(self, lead: Text, body: Hung) -> None:
        """`lead` then `body` as a block (on a line of its own where this text has any): each
        of body's lines after its first begins with FIXED blanks in the text, as a table
        measures it (a column no wider than a block hung under a long name needs: its least
        is its longest word's); `line_pieces` has them hang as far as the cell's width allows."""
        if self.plain:
            self.append("\n")
        begin = len(self.plain)
        cells = cell_len(lead.plain)
        self.append_text(lead)
        at = len(self.plain)
        plain = body.plain
        self.append_text(Text("\n" + " " * FIXED).join(body.split("\n", allow_blank=True)))
        for b, e in body.whole:  # (each line break before a place moves it by the blanks)
            moved = (FIXED * plain.count("\n", 0, x) for x in (b, e))
            self.keep(at + b + next(moved), at + e + next(moved))
        self.blocks.append((begin, len(self.plain), cells))
        self.words.append(widest_piece(plain, WHOLE_WORD))

    def _under_names(self, width: int, kept: list[tuple[int, int]]) -> bool:
        """Whether every block's lines hang under its name within `width` cells: where each
        name takes at most half the cell and leaves room for each part of its block kept whole
        (`bob@coal.example：` hung `依据条款：` / `CMHD-5.2、` in 18 cells) and for its longest
        word (`ventilation-return-airway` / `-3101` under Alice's name). Else every block
        hangs by FIXED: at 40 columns Alice's lines hung by 2 and Bob's, in the same cell,
        under his name, so the cell's lines began at three places."""
        _, _, widest, said, _ = self._measured(kept)
        if width not in said:  # (asked of each line: a cell of 1,000 inspectors' took 40 s)
            said[width] = all(
                2 * cells <= width and max(word, whole) <= width - cells
                for (_, _, cells), word, whole in zip(self.blocks, self.words, widest, strict=True)
            )
        return said[width]

    def _measured(
        self, kept: list[tuple[int, int]]
    ) -> tuple[list[int], list[tuple[int, int]], list[int], dict[int, bool], int]:
        """Made once for `kept` (each line laid out asks): the blocks' beginnings, the parts
        in order, the widest part kept whole inside each block, the widths asked of
        `_under_names`, the longest part's characters."""
        held = self._held
        if (
            held is not None
            and held[2] is kept
            and held[:2] == (len(self.plain), len(self.blocks))
            and held[3] == len(kept)
        ):
            return held[4]  # type: ignore[return-value]
        begins = [b for b, _, _ in self.blocks]
        widest = [0] * len(self.blocks)
        for b, e in kept:  # (the last block begun by a part's beginning is the one it can be in)
            i = bisect_right(begins, b) - 1
            if i >= 0 and e <= self.blocks[i][1]:
                widest[i] = max(widest[i], cell_len(self.plain[b:e].strip()))
        spans = sorted(kept)
        longest = max((e - b for b, e in spans), default=0)
        asked: dict[int, bool] = {}
        measured = (begins, spans, widest, asked, longest)
        self._held = (len(self.plain), len(self.blocks), kept, len(kept), measured)
        return measured

    def least(self) -> int:
        """The narrowest width at which no word of a block (of those kept whole, WHOLE_WORD) is
        split: the longest with the FIXED blanks of a hung line before it. A column as wide as
        the word alone split `ventilation-return-airway-31` / `01` on a line hung by 2."""
        return max(self.words, default=-FIXED) + FIXED

    def widest(self) -> int:
        """The cells of the narrowest width at which no line of this text is broken, its blocks
        hung under their names where that width allows it (else by FIXED, as the text holds
        them): a block's own lines measured as far in as they hang. Measured with FIXED blanks,
        a line under a long name wrapped at 200 columns."""
        plain = self.plain
        fixed = max(cell_len(line) for line in plain.split("\n"))
        hung = (
            cells - FIXED + cell_len(line)
            for begin, end, cells in self.blocks
            for line in plain[begin:end].split("\n")[1:]
        )
        under = max(fixed, max(hung, default=0))
        # (wider, a name takes no more of the cell: a block under its name at `under` is there
        # at any width past it; narrower than `under`, every block hangs by FIXED where one must)
        return under if self._under_names(under, self.whole) else fixed

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        least, _ = super().__rich_measure__(console, options)
        widest = self.widest() if self.plain else 0
        return Measurement(min(least, widest), widest)

    def line_pieces(self, line: Text, start: int, width: int, kept: list[tuple[int, int]]) -> Lines:
        """A line of a block within `width` cells (`Broken.wrap` asks for each): its first
        line's first piece at the cell's edge, each piece after it indented; any other line
        as `Broken` breaks it."""
        begins, spans, _, _, longest = self._measured(kept)
        plain = line.plain
        # (only the parts that can touch this line: each line asked of every part was lines x
        # parts)
        near = spans[
            bisect_left(spans, (start - longest,)) : bisect_left(spans, (start + len(plain) + 1,))
        ]
        touching = [(b, e) for b, e in near if b - start < len(plain) and e - start > 0]
        i = bisect_right(begins, start) - 1
        block = self.blocks[i] if i >= 0 and start < self.blocks[i][1] else None
        if block is None:
            return super().line_pieces(line, start, width, touching)
        begin, _, cells = block
        indent = cells if self._under_names(width, kept) else FIXED
        indent = indent if width - indent >= 1 else 0
        out = Lines()
        if start == begin:  # (the lead's line)
            inside = [
                (b - start, e - start)
                for b, e in touching
                if start <= b and e <= start + len(plain)
            ]
            cuts = breaks(plain, width, inside)
            if not cuts:
                return super().line_pieces(line, start, width, touching)
            head, rest = line.divide(cuts[:1])
            head.rstrip_end(width)
            out.append(head)
            skip = cuts[0]
        else:  # (a line of the block's own, after its blanks)
            skip = FIXED if plain[:FIXED] == " " * FIXED else 0
            rest = line.divide([skip])[-1] if skip else line
        pad = Text(" " * indent)
        for piece in super().line_pieces(rest, start + skip, width - indent, touching):
            out.append(pad + piece)
        return out
