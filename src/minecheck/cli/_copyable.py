"""A message's line at a terminal narrower than it, never cut inside what is there to copy.

A message is one line (`Reporter.info`, `_emit_line`), and a terminal narrower than it folds it
at its last column wherever that falls: `  hint: minecheck drafts resume 29ce4835` / `-cad0-…`
at 40 columns, so that the command copied from the screen did not run. Where the terminal's
fold would cut inside a command (`minecheck drafts resume ID`, `ssh-keygen -p … -f PATH`) or an
id, a path or a ref that fits a line, the line is broken by the project's breaker
(`cli._breaks.breaks`) instead, the command kept whole where it fits a line: at a blank, or
between Chinese characters. A command wider than the line is broken at its blanks, each of its
words (the id, the path) on a line where it fits. A line the terminal's fold leaves whole, or
cuts only inside prose, is written as it was.
"""

from __future__ import annotations

import itertools
import os
import re
from typing import TextIO

# minecheck's commands and groups (cli.COMMANDS and cli.GROUPS; tests/test_narrow_copy.py
# holds them equal), and the programs a hint hands on
_COMMANDS = frozenset(
    ["inspect", "followup", "merge", "extract", "export", "summary", "show", "sign", "verify"]
)
_GROUPS = frozenset(("checklists", "drafts", "keys", "trust"))
_PROGRAMS = frozenset(("ssh-keygen", "chmod", "mkdir"))
# where a command may begin: minecheck and a command of its, or a program, after a blank, a
# Chinese character or a mark (`继续请运行：minecheck drafts resume …`), never inside a word
_BEGINS = re.compile(r"(?<![\w./-])(minecheck|ssh-keygen|chmod|mkdir) (?=\S)")
# a command's words: a quoted one whole (`'my keys/k'`, as `shell_word` quotes a path)
_WORD = re.compile(r"'[^']*'|\"[^\"]*\"|\S+")
# what ends a command's last word and is not part of it: a mark, or a Chinese character
_ENDS = re.compile(r"[;,)(]|[^\x00-\x7f]|\.(?=$|[^\w/])")
# a word that is a thing to copy on its own: one with a digit or an id's, a path's or an
# address's mark (an id, a path, a ref, a fingerprint, an option), not a word of prose
_THING = re.compile(r"[!-~]*[0-9/_@=~:*-][!-~]*")
_HEX = re.compile(r"[0-9a-f]{6,}")


def copy_spans(line: str) -> list[tuple[int, int]]:
    """The spans of `line` to keep on one line where they fit: each command, and each word
    that is a thing to copy (inside a command too, for a command wider than the line)."""
    spans: list[tuple[int, int]] = []
    for begun in _BEGINS.finditer(line):
        if spans and begun.start() < spans[-1][1]:
            continue
        end = _command_end(line, begun.start(), begun.group(1))
        if end is not None:
            spans.append((begun.start(), end))
    things = []
    for word in re.finditer(r"[!-~]+", line):
        start, end = word.span()
        text = word.group().rstrip(".,;:)")
        text = text.lstrip("(")
        if len(text) >= 4 and _THING.fullmatch(text):
            begin = start + word.group().index(text)
            things.append((begin, begin + len(text)))
    return sorted(spans + things)


def _command_end(line: str, start: int, program: str) -> int | None:
    """Where the command that begins at `start` with `program` ends (None: these words are
    not a command, `minecheck uses ssh-ed25519`)."""
    words = [(w.start(), w.group()) for w in _WORD.finditer(line, start)]
    position = 1  # the words after the program
    end = start + len(program)
    grouped = False
    after_option = False
    for at, word in words[1:]:
        cut = _ENDS.search(word) if word[0] not in "'\"" else None
        taken = word[: cut.start()] if cut is not None else word
        if not taken or word.startswith("&&"):
            break
        if program == "minecheck" and position == 1:
            if taken not in _COMMANDS and taken not in _GROUPS:
                return None
            grouped = taken in _GROUPS
        elif grouped and position == 2 and taken.isalpha() and taken.islower():
            pass  # (a group's command: `drafts resume`)
        elif not (
            taken.startswith("-")
            or after_option
            or _THING.fullmatch(taken)
            or re.fullmatch(r"[A-Z_][A-Z_.*/]*(?:\.[a-z]+)?|\.\.\.", taken)
            or _HEX.fullmatch(taken)
            or taken[0] in "'\""
        ):
            break
        after_option = taken.startswith("-") and not after_option and "=" not in taken
        end = at + len(taken)
        position += 1
        if cut is not None:
            break
    return end if position > 1 or program != "minecheck" else None


def terminal_width(stream: TextIO) -> int | None:
    """The columns of the terminal `stream` writes to (COLUMNS where it says), None off one."""
    try:
        if not stream.isatty():
            return None
        columns = os.get_terminal_size(stream.fileno()).columns
    except (AttributeError, OSError, ValueError):
        return None
    given = os.environ.get("COLUMNS", "")
    width = int(given) if given.isdigit() else columns
    return width if width > 0 else None


def laid_out(line: str, width: int | None) -> str:
    """`line` (one line, made safe for the terminal) as written to a terminal of `width`
    columns: as it is, unless the terminal's fold would cut inside a span of `copy_spans` that
    fits a line; then broken by `cli._breaks.breaks` with those spans kept whole."""
    if width is None or (len(line) <= width and line.isascii()):
        return line
    from rich.cells import cell_len

    if cell_len(line) <= width:
        return line
    spans = copy_spans(line)
    folds = _folds(line, width)
    if not any(b < f < e and cell_len(line[b:e]) <= width for b, e in spans for f in folds):
        return line
    from minecheck.cli._breaks import breaks

    cuts = [0, *breaks(line, width, spans), len(line)]
    return "\n".join(line[a:b].rstrip() for a, b in itertools.pairwise(cuts))


def _folds(line: str, width: int) -> list[int]:
    """Where a terminal of `width` columns folds `line`: at the character that would pass its
    last column (a wide one that does not fit begins the next row)."""
    from rich.cells import get_character_cell_size

    folds = []
    used = 0
    for at, ch in enumerate(line):
        size = get_character_cell_size(ch)
        if used + size > width and used:
            folds.append(at)
            used = 0
        used += size
    return folds
