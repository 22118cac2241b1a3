"""A table cell made of parts that a line breaks between (an acceptance's method, each of its
reviewers, its note), each kept whole where it fits.

Rich breaks a line only at a blank. A list written in Chinese has none (`Eng. Zhao、'王工；李工'`),
so the table broke it where the line ended: a quote left at one line's end and its name on the
next, a name cut in two, a line begun with `、`. English broke a name at its blank
(`Alexander` / `Petrov,`), read as two people.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.containers import Lines
from rich.text import Text

if TYPE_CHECKING:
    from rich.console import Console, JustifyMethod, OverflowMethod


class Parts(Text):
    """A text whose lines may break after each part as well as at a blank; a part longer than
    a line breaks at its own blanks, and one word longer than a line is folded, as Rich does."""

    def __init__(self) -> None:
        super().__init__()
        self.ends: list[int] = []  # where each part but the last ends (after its joining mark)

    def add(self, part: Text, joiner: str = "") -> None:
        """Append `part` (made safe already) and the mark that joins it to the next."""
        self.append_text(part)
        self.append(joiner)
        self.ends.append(len(self.plain))

    def wrap(
        self,
        console: Console,
        width: int,
        *,
        justify: JustifyMethod | None = None,
        overflow: OverflowMethod | None = None,
        tab_size: int = 8,
        no_wrap: bool | None = None,
    ) -> Lines:
        if no_wrap or overflow == "ignore" or "\t" in self.plain:
            return super().wrap(
                console, width, justify=justify, overflow=overflow, tab_size=tab_size
            )
        lines = Lines()
        start = 0
        for line in self.split(allow_blank=True):
            pieces = line.divide(_breaks(line.plain, start, self.ends, width))
            for piece in pieces:
                piece.rstrip_end(width)
            pieces.justify(console, width, justify=justify or "default", overflow="fold")
            for piece in pieces:
                piece.truncate(width, overflow="fold")
            lines.extend(pieces)
            start += len(line.plain) + 1  # (the line break)
        return lines


def _breaks(line: str, start: int, ends: list[int], width: int) -> list[int]:
    """Where `line` (at offset `start` of the whole text) breaks to fit `width` cells: after a
    part, else at a blank within it, else within a word longer than a line."""
    import re

    from rich.cells import cell_len

    cuts = sorted({end - start for end in ends if 0 < end - start < len(line)} | {len(line)})
    units: list[tuple[int, int]] = []  # pieces no line breaks inside
    at = 0
    for cut in cuts:
        if cell_len(line[at:cut].rstrip()) <= width:
            units.append((at, cut))
        else:
            for word in re.finditer(r"\s*\S+\s*|\s+", line[at:cut]):
                begin = at + word.start()
                for chunk in _folded(word.group(), width):
                    units.append((begin, begin + len(chunk)))
                    begin += len(chunk)
        at = cut
    breaks: list[int] = []
    used = 0
    for begin, end in units:
        if used and used + cell_len(line[begin:end].rstrip()) > width:
            breaks.append(begin)
            used = 0
        used += cell_len(line[begin:end])
    return breaks


# marks a line of Chinese never begins with: they close what stands before them
_CLOSING = frozenset("、；，。：！？）」』】'")


def _folded(word: str, width: int) -> list[str]:
    """A word cut into pieces of at most `width` cells (Rich's fold), none begun with a mark
    that closes what comes before it (`专家评审验` / `收；`, not `专家评审验收` / `；`), none
    cut inside a character a terminal shows as one (`1️⃣`, a letter and its accent)."""
    from rich.cells import cell_len

    pieces: list[str] = []
    piece, used = "", 0
    for ch in _shown_as_one(word):
        size = cell_len(ch)
        if piece and used + size > max(width, 1):
            last = _shown_as_one(piece)[-1]  # (the piece's last character goes with the mark)
            carried = cell_len(last)
            if ch in _CLOSING and len(last) < len(piece) and carried + size <= width:
                pieces.append(piece[: -len(last)])
                piece, used = last, carried
            else:
                pieces.append(piece)
                piece, used = "", 0
        piece += ch
        used += size
    return [*pieces, piece] if piece else pieces


def _shown_as_one(text: str) -> list[str]:
    """`text` in the characters a terminal shows, as Rich measures them: a character of no
    width (an accent, a variation selector) with the one before it, a zero-width joiner with
    the ones on both sides. Measured one code point at a time, `1️⃣` was 1 cell where Rich
    lays it out in 2, and the fold's last piece was cut short: its keycaps were lost."""
    from rich.cells import get_character_cell_size

    shown: list[str] = []
    joined = False  # (the last character was a zero-width joiner)
    for ch in text:
        if shown and (joined or ch == "\u200d" or not get_character_cell_size(ch)):
            shown[-1] += ch
        else:
            shown.append(ch)
        joined = ch == "\u200d"
    return shown
