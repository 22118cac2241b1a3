"""The one output sink: data to stdout, everything else to stderr, one JSON envelope with --json.

Every command body runs inside `run()`, which maps errors to exit codes (also under CliRunner,
which bypasses `main()`), so no user error ever ends in a traceback.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from minecheck.core.sanitize import for_terminal, json_text
from minecheck.errors import (
    ExitCode,
    InputError,
    Interrupted,
    MinecheckError,
    Problem,
    UsageError,
)

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

ENVELOPE_VERSION = 1

JsonOpt = Annotated[
    bool,
    typer.Option(
        "--json", metavar="", help="Print one JSON envelope on stdout and nothing on stderr."
    ),
]


class Reporter:
    """What a command says: data, messages, problems and its exit code."""

    def __init__(self, command: str, json_mode: bool) -> None:
        self.command = command
        self.json = json_mode
        self.data: dict[str, Any] = {}
        self.problems: list[Problem] = []
        self.exit_code = ExitCode.OK

    @cached_property
    def err(self) -> Console:
        from rich.console import Console

        return Console(stderr=True, highlight=False, soft_wrap=True)

    @cached_property
    def out(self) -> Console:
        """Tables and text on stdout; a pipe gets long lines rather than wrapped cells."""
        from rich.console import Console

        width = None if sys.stdout.isatty() or os.environ.get("COLUMNS") else 200
        return Console(highlight=False, width=width)

    # -- data (stdout) -------------------------------------------------------------------------
    def print_data(self, text: str) -> None:
        """Plain data for stdout (a path, CSV, a report); nothing in --json mode."""
        if not self.json:
            sys.stdout.write(text if text.endswith("\n") else text + "\n")
            sys.stdout.flush()

    def show(self, renderable: RenderableType) -> None:
        """A rendered table or text for stdout; nothing in --json mode."""
        if not self.json:
            self.out.print(renderable)

    # -- messages (stderr) ---------------------------------------------------------------------
    def info(self, message: str) -> None:
        """A message for a person, on stderr, made safe for the terminal and never markup."""
        if not self.json:
            from rich.text import Text

            self.err.print(Text(for_terminal(message, multiline=True)))

    def warn(self, message: str, *, code: str = "warning", path: str | None = None) -> None:
        self.problems.append(Problem(code=code, message=message, path=path))
        if not self.json:
            self._emit_line(f"minecheck: warning: {message}")

    def warn_at(self, problem: Problem) -> None:
        """A warning about a place in a file: `minecheck: warning: path:line:col: message`."""
        self.problems.append(problem)
        if not self.json:
            loc = problem.location()
            self._emit_line(f"minecheck: warning: {loc}: {problem.message}")

    def problem(self, problem: Problem) -> None:
        """A problem in a file: `path:line:col: message`, with its hint."""
        self.problems.append(problem)
        if not self.json:
            loc = problem.location()
            self._emit_line(f"{loc}: {problem.message}" if loc else problem.message)
            if problem.hint:
                self._emit_line(f"  hint: {problem.hint}")

    def fail(self, code: ExitCode) -> None:
        """Raise the exit code to `code` (never lowers it)."""
        self.exit_code = max(self.exit_code, code, key=int)

    def error(self, exc: MinecheckError) -> None:
        for problem in exc.problems:
            self.problem(problem)
        self.problems.append(Problem(code=exc.code, message=exc.message, hint=exc.hint))
        if not self.json:
            self._emit_line(f"minecheck: error: {exc.message}")
            if exc.hint:
                self._emit_line(f"  hint: {exc.hint}")
        self.fail(exc.exit_code)

    def _emit_line(self, line: str) -> None:
        sys.stderr.write(for_terminal(line) + "\n")
        sys.stderr.flush()

    # -- the end -------------------------------------------------------------------------------
    def envelope(self) -> dict[str, Any]:
        return {
            "minecheck": ENVELOPE_VERSION,
            "command": self.command,
            "ok": self.exit_code == ExitCode.OK,
            "exit_code": int(self.exit_code),
            "data": self.data,
            "problems": [p.as_dict() for p in self.problems],
        }


def run(command: str, json_mode: bool, body: Callable[[Reporter], None]) -> NoReturn:
    """Run a command body, map its errors to exit codes, print the envelope, exit."""
    rep = Reporter(command, json_mode)
    try:
        try:
            _default_language()
            body(rep)
        except MinecheckError as exc:
            rep.error(exc)
        except KeyboardInterrupt:
            rep.error(Interrupted("interrupted"))
        except BrokenPipeError:
            raise
        except OSError as exc:  # a full disk, a read-only directory, a file-size limit...
            rep.error(InputError(os_error_message(exc)))
        except RecursionError:
            rep.error(InputError("the input is nested too deeply to be processed"))
        if json_mode:
            sys.stdout.write(json_text(rep.envelope()) + "\n")
            sys.stdout.flush()
    except BrokenPipeError:
        quiet_broken_pipe()
    raise typer.Exit(int(rep.exit_code))


BROKEN_PIPE_EXIT = 141  # 128 + SIGPIPE: what a Unix tool reading from a closed pipe ends with


def quiet_broken_pipe() -> NoReturn:
    """The reader of stdout went away (`| head`): stop at once, silently, as Unix tools do."""
    silence_stdout()
    raise typer.Exit(BROKEN_PIPE_EXIT)


def silence_stdout() -> None:
    """Point stdout at /dev/null, so the interpreter's final flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def os_error_message(exc: OSError) -> str:
    """`path: reason` for an operating-system error, without Python's decoration."""
    reason = exc.strerror or str(exc)
    names = [str(n) for n in (exc.filename, exc.filename2) if n is not None]
    return f"{' -> '.join(names)}: {reason}" if names else reason


def stdin_is_tty() -> bool:
    try:
        return os.isatty(sys.stdin.fileno())
    except (AttributeError, OSError, ValueError):
        return False


def require_tty(what: str, hint: str) -> None:
    """Refuse to prompt when stdin is not a terminal (exit 2 with a hint)."""
    if not stdin_is_tty():
        raise UsageError(f"{what} needs a terminal, and standard input is not one", hint=hint)


def _default_language() -> None:
    """Messages follow MINECHECK_LANG, then the locale, until a command's --lang says otherwise."""
    from minecheck.i18n import set_language

    try:
        set_language(resolve_lang(None))
    except UsageError:
        set_language("en")


def resolve_lang(value: str | None) -> str:
    """--lang, else MINECHECK_LANG, else the locale; `en` or `zh`."""
    for candidate in (value, os.environ.get("MINECHECK_LANG")):
        if candidate:
            lang = candidate.strip().lower()
            if lang in ("en", "zh"):
                return lang
            raise UsageError(f"unknown language {candidate!r}", hint="use --lang en or --lang zh")
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        loc = os.environ.get(var)
        if loc:
            return "zh" if loc.lower().startswith("zh") else "en"
    return "en"
