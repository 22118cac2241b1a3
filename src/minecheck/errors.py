"""One exception hierarchy and the exit codes it maps to (SPEC 5)."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass

# What a terminal shows of one text from a file: more is no use to a reader, and a signed
# file's one description of megabytes took minutes to lay out (8 MB: 47 s). Kept here, a leaf,
# for the core's long warnings (`core.merge.SameDay.brief`) and the terminal's renderers alike.
SHOWN_CHARACTERS = 10_000
# what a warning's line says before its message (a line counted whole against SHOWN_CHARACTERS)
WARNING = "minecheck: warning: "


class ExitCode(enum.IntEnum):
    OK = 0
    FAILED = 1  # a check's verdict is negative
    USAGE = 2  # usage error, or an input that cannot be read or parsed
    INTERRUPTED = 130


MAX_PROBLEMS = 200  # of one file's own faults listed; beyond, only counted (core.schema.listed)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, with its position where known."""

    code: str
    message: str
    path: str | None = None
    line: int | None = None
    column: int | None = None
    hint: str | None = None
    # The message as made in Chinese, where it was made in both languages at once: a problem of
    # documents taken together is kept in English in the result cache, and its lists (sites,
    # whose names may hold `; `) cannot be taken apart again by a template (never in `--json`'s
    # problems, which are said in the run's language)
    zh: str | None = None
    # What a terminal is shown of it where that differs (`brief_zh` in Chinese): a message too
    # long to be shown whole (`SHOWN_CHARACTERS`) with its long list named in part, so that
    # what follows the list stays readable (`--json` keeps `message`)
    brief: str | None = None
    brief_zh: str | None = None
    # How many inspections a warning said once for a mine's day counts (`separate-inspections`):
    # a terminal is told the first of those warnings and one line counting the rest
    # (`cli._output.Reporter.warn_separate`); `--json` lists each
    inspections: int | None = None
    # Which of its code's reasons it is (a refused file malformed in its own way): a terminal,
    # which rolls a code's problems up, tells the first of each (never in `--json`)
    reason: str | None = None

    def location(self) -> str:
        """`path:line:col`, as much of it as is known."""
        parts = [self.path or ""]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def as_dict(self) -> dict[str, str | int | None]:
        return {
            "code": self.code,
            "message": self.message,
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "hint": self.hint,
        }


class MinecheckError(Exception):
    """A user-facing failure: a message, an optional hint, problems with positions, and the file
    it is about where it is about one."""

    exit_code: ExitCode = ExitCode.USAGE
    code: str = "error"

    def __init__(
        self,
        message: str,
        *,
        hint: str | None = None,
        problems: Sequence[Problem] = (),
        code: str | None = None,
        path: str | None = None,
        line: int | None = None,
        rolled: bool = False,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.path = path  # the file the message is about, for the envelope's `path`
        self.line = line  # and its line there, where the message names it (`path:line: `)
        self.problems = tuple(problems)
        # a terminal is told ten problems of a kind, the rest counted (files refused, one line
        # each: a merge of hundreds); a file's own faults, which its writer mends one by one,
        # are each told (a schema's and an answers file's cap theirs at 200)
        self.rolled = rolled
        if code is not None:
            self.code = code

    def message_about(self, path: object) -> str:
        """The message without the `{path}: ` it begins with, for a line that names the file
        already (see `without_path`)."""
        return without_path(self.message, path)


def without_path(message: str, path: object) -> str:
    """`message` without the `{path}: ` it begins with (`{path}：` in Chinese)."""
    for colon in (": ", "："):
        head = f"{path}{colon}"
        if message.startswith(head):
            return message[len(head) :]
    return message


class UsageError(MinecheckError):
    """The command was called wrongly (exit 2)."""

    code = "usage"


class InputError(MinecheckError):
    """An input cannot be read or parsed (exit 2)."""

    code = "input"


class UnreadableInput(InputError):
    """An input not read: one the operating system would not open or read (not there, a
    directory, a refused permission, a failed read), or a special file (a device): raised so by
    the reader (`fileio.read_limited`), so that a
    caller that judges what it reads (`checklists lint`: over the limit is its verdict) tells
    it apart by what it is. Its code and exit code are InputError's."""


class Interrupted(MinecheckError):
    """The user interrupted; whatever was kept is named in the message (exit 130)."""

    exit_code = ExitCode.INTERRUPTED
    code = "interrupted"


class StandardOutputError(OSError):
    """Standard output refused a write (a full disk, a descriptor open for reading only): said as
    such, since the operating system's reason names no file."""
