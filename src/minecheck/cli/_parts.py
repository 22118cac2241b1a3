"""A table cell made of parts that a line breaks between (an acceptance's method, each of its
reviewers, its note), each kept whole where it fits.

Rich breaks a line only at a blank. A list written in Chinese has none (`Eng. Zhao、'王工；李工'`),
so the table broke it where the line ended: a quote left at one line's end and its name on the
next, a name cut in two, a line begun with `、`. English broke a name at its blank
(`Alexander` / `Petrov,`), read as two people.
"""

from __future__ import annotations

from rich.text import Text

from minecheck.cli._breaks import Broken


class Parts(Broken):
    """A text whose lines may break after each part as well as where any text breaks
    (`cli._breaks`); a part that fits a line is never broken inside."""

    def __init__(self) -> None:
        super().__init__()
        self.ends: list[int] = []  # where each part but the last ends (after its joining mark)

    def add(self, part: Text, joiner: str = "") -> None:
        """Append `part` (made safe already) and the mark that joins it to the next."""
        self.append_text(part)
        self.append(joiner)
        self.ends.append(len(self.plain))

    def kept(self) -> list[tuple[int, int]]:
        return list(zip([0, *self.ends], self.ends, strict=False))
