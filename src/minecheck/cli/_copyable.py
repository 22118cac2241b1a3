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
_PROGRAMS = "minecheck|ssh-keygen|chmod|mkdir|cp"
# where a command may begin: minecheck and a command of its, or a program, after a blank, a
# Chinese character or a mark (`继续请运行：minecheck drafts resume …`), never inside a word
_BEGINS = re.compile(rf"(?<![\w./-])({_PROGRAMS}) (?=\S)")
_JOINED = re.compile(rf" && ({_PROGRAMS}) (?=\S)")  # (another command joined to it)
# a command's words: a quoted one whole (`'my keys/k'`, as `shell_word` quotes a path)
_WORD = re.compile(r"'[^']*'|\"[^\"]*\"|\S+")
# what ends a command's last word and is not part of it: a mark, or a Chinese character
_ENDS = re.compile(r"[;,)(]|[^\x00-\x7f]|\.(?=$|[^\w/])")
# a word that is a thing to copy on its own: an id, a path (from the root, home or here, or
# one naming a file by its suffix), a principal, an option, a fingerprint; not a word of prose
# nor a format's name (`minecheck.draft/7`)
_THING = re.compile(
    r"[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}"
    r"|(?:~|\.{1,2})?/[!-~]*|[!-~]*/[!-~]*\.[A-Za-z][\w-]*|[!-~]+\.(?:toml|pub|json|csv)"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|--?[A-Za-z][\w-]*(?:=[!-~]*)?|SHA256:[A-Za-z0-9+/]+"
)
# a word of a command that is one of its arguments (a path, an id, a number, a value)
_ARGUMENT = re.compile(r"[!-~]*[0-9/_@=~:*.-][!-~]*")
_HEX = re.compile(r"[0-9a-f]{6,}")


def copy_spans(line: str) -> list[tuple[int, int]]:
    """The spans of `line` to keep on one line where they fit: each command, and each word
    that is a thing to copy (inside a command too, for a command wider than the line)."""
    things = []
    for word in re.finditer(r"[!-~]+", line):
        start = word.start()
        text = word.group().rstrip(".,;:)'\"").lstrip("('\"")
        if len(text) >= 4 and _THING.fullmatch(text):
            begin = start + word.group().index(text)
            things.append((begin, begin + len(text)))
    return sorted(commands(line) + things)


def commands(line: str) -> list[tuple[int, int]]:
    """The spans of the commands `line` hands on (`minecheck drafts resume ID`)."""
    spans: list[tuple[int, int]] = []
    for begun in _BEGINS.finditer(line):
        if spans and begun.start() < spans[-1][1]:
            continue
        end = _command_end(line, begun.start(), begun.group(1))
        while end is not None and (joined := _JOINED.match(line, end)) is not None:
            # (commands joined by `&&` are one: a line break inside them ran the first alone)
            then = _command_end(line, joined.start(1), joined.group(1))
            if then is None:
                break
            end = then
        if end is not None:
            spans.append((begun.start(), end))
    return spans


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
            or _ARGUMENT.fullmatch(taken)
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
    fits a line, or a command wider than a line does not begin one. Then it is broken by
    `cli._breaks.breaks`, those spans kept whole, and a command wider than a line begins a line
    and is left whole (a terminal that copies the lines it folded as one copies it whole, and
    its first line holds the command and the beginning of its id, which `drafts resume` takes
    as a prefix); what follows it begins the next."""
    if width is None or (len(line) <= width and line.isascii()):
        return line
    from rich.cells import cell_len

    if cell_len(line) <= width:
        return line
    spans = copy_spans(line)
    wide = [(b, e) for b, e in commands(line) if cell_len(line[b:e]) > width]
    folds = _folds(line, width)
    cut = any(b < f < e and cell_len(line[b:e]) <= width for b, e in spans for f in folds)
    if not cut and all(b == 0 or b in folds for b, _ in wide):
        return line
    from minecheck.cli._breaks import breaks

    rows: list[str] = []
    begun = 0
    for b, e in [*wide, (len(line), len(line))]:
        text = line[begun:b].rstrip()
        if begun:
            text = text.lstrip()
        shift = begun + len(line[begun:b]) - len(line[begun:b].lstrip()) if begun else begun
        kept = [(x - shift, y - shift) for x, y in spans if shift <= x and y <= shift + len(text)]
        cuts = [0, *breaks(text, width, kept), len(text)]
        rows += [text[x:y].rstrip() for x, y in itertools.pairwise(cuts) if text[x:y].strip()]
        if e > b:
            rows.append(line[b:e])
        begun = e
    return "\n".join(rows)


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
