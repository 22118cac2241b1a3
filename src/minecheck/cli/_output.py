"""The one output sink: data to stdout, everything else to stderr, one JSON envelope with --json.

Every command body runs inside `run()`, which maps errors to exit codes (also under CliRunner,
which bypasses `main()`), so no user error ever ends in a traceback. The envelope is written by
`cli._spool`.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from functools import cached_property
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TextIO, cast

import typer

from minecheck.cli._rolled import SEPARATE, Tally

# The envelope's writing, which `run` does (through `write_json` as named here), kept in a module
# of its own; named here too, as they were before it moved (show's `laid_out`, the spooled list)
from minecheck.cli._spool import Spooled as Spooled
from minecheck.cli._spool import json_escapes
from minecheck.cli._spool import laid_out as laid_out
from minecheck.cli._spool import write_json as write_json
from minecheck.core.sanitize import for_terminal, quoted, shell_word
from minecheck.errors import (
    ExitCode,
    InputError,
    Interrupted,
    MinecheckError,
    Problem,
    StandardOutputError,
    UsageError,
)
from minecheck.i18n import t as tr
from minecheck.portable import stops_ignored

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

ENVELOPE_VERSION = 1

JsonOpt = Annotated[
    bool,
    typer.Option(
        "--json", metavar="", help="Print one JSON envelope on stdout and nothing on stderr."
    ),
]
# summary's, export's, followup's and sign's: stderr tells ten warnings of a kind
# (`Reporter.warn_rolled`), the envelope every one
JsonAllOpt = Annotated[
    bool,
    typer.Option(
        "--json",
        metavar="",
        help="Print one JSON envelope on stdout, every warning in it (without --json, stderr "
        "tells ten of a kind), and nothing on stderr.",
    ),
]


def dumb_size(stream: TextIO) -> tuple[int, int] | None:
    """The size of a dumb terminal (`TERM=dumb`), for a Console's `size`: Rich
    takes one to be 80 columns whatever its size and COLUMNS say, and on a 40-column one every
    table and message was laid out at 80 and broken again by the terminal, rows into halves.
    None elsewhere (Rich knows the size)."""
    if os.environ.get("TERM", "").lower() not in ("dumb", "unknown"):
        return None
    try:
        if not stream.isatty():
            return None
        size = os.get_terminal_size(stream.fileno())
    except (AttributeError, OSError, ValueError):
        return None
    given = {name: os.environ.get(name.upper(), "") for name in ("columns", "lines")}
    width = int(given["columns"]) if given["columns"].isdigit() else size.columns
    height = int(given["lines"]) if given["lines"].isdigit() else size.lines
    return (width, height) if width > 0 and height > 0 else None


def sized(console: Console, stream: TextIO) -> Console:
    """`console`, given a dumb terminal's own size (see `dumb_size`), as it is now: for output
    made at once (a table, help). A console that lasts while the terminal may change size (the
    walk's) is a `following` one."""
    size = dumb_size(stream)
    if size is not None:
        console.size = size
    return console


@functools.cache
def _following() -> type[Console]:
    from rich.console import ConsoleDimensions

    from minecheck.cli._breaks import BreakingConsole

    class Following(BreakingConsole):
        """A console laid out at a dumb terminal's size as it is at each line: the walk's
        console was given the size the terminal had when the walk began, and a terminal made
        narrower (a window dragged, a tablet turned) got lines of the old width, which it broke
        again (the keys' legend in halves). Rich asks other terminals itself each time."""

        @property
        def size(self) -> ConsoleDimensions:
            if self._width is None or self._height is None:
                now = dumb_size(cast("TextIO", self.file))
                if now is not None:
                    return ConsoleDimensions(*now)
            return super().size

        @size.setter
        def size(self, new_size: tuple[int, int]) -> None:
            self._width, self._height = new_size

    return Following


def following(**options: Any) -> Console:
    """A Rich console on stderr (`options` as Console takes them) that follows the terminal's
    size as it changes, a dumb terminal's too."""
    return _following()(stderr=True, **options)


@contextlib.contextmanager
def uncollected() -> Iterator[None]:
    """No cyclic garbage collection while a table is laid out and printed: its rows' cells and
    segments, held until printed, were looked through again at each collection, so that each
    row took longer the more rows there were (a fifth of 10,000 findings' table). Nothing is
    lost: what refers to nothing is freed as ever; cycles are collected after."""
    import gc

    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


# The lines of a renderable written at once (`printed`)
PRINTED_LINES = 1024


def printed(console: Console, renderable: RenderableType) -> None:
    """`console.print(renderable)`, written PRINTED_LINES lines at a time as they are laid out:
    Rich's `print` holds every segment of what it prints until the end, and a table of 100,000
    findings was 300,000 lines of segments held at once (a third of `show`'s memory). Each
    part ends with a line's end, so the parts are cropped and written as the whole was. A
    text is printed as it is (`BreakingConsole.print` breaks a lone text its own way). Every
    part is cropped at the width the whole was laid out at: a terminal made narrower while a
    long table was written had its later parts cropped at its new width, each line's end lost."""
    from rich.segment import Segment, Segments
    from rich.text import Text

    if isinstance(renderable, (str, Text)) or console.soft_wrap:
        console.print(renderable)
        return
    # (the options `print` lays its renderables out with, given no options of its own)
    options = console.options.update(
        justify=None, overflow=None, height=None, no_wrap=None, markup=None, highlight=None
    )
    width = options.max_width  # (the console's width as it begins: what `print` crops at)

    def write(part: list[Segment]) -> None:
        cropped = Segment.split_and_crop_lines(part, width, pad=False)
        console.print(Segments(itertools.chain.from_iterable(cropped)), crop=False)

    part: list[Segment] = []
    lines = 0
    for segment in console.render(renderable, options):
        part.append(segment)
        if segment.text.endswith("\n"):
            lines += segment.text.count("\n")
            if lines >= PRINTED_LINES:
                write(part)
                part = []
                lines = 0
    if part:
        write(part)


class Reporter:
    """What a command says: data, messages, problems and its exit code."""

    def __init__(self, command: str, json_mode: bool) -> None:
        self.command = command
        self.json = json_mode
        self.data: dict[str, Any] = {}
        self.problems: list[Problem] = []
        self.exit_code = ExitCode.OK
        self._spools: list[Spooled] = []
        self._rolled = Tally()  # the warnings of each kind the terminal was told, and not

    def spool(self) -> Spooled:
        """A list for `data` kept in a temporary file as it is made (closed by `run`)."""
        made = Spooled()
        self._spools.append(made)
        return made

    def close(self) -> None:
        for spool in self._spools:
            spool.close()

    @cached_property
    def err(self) -> Console:
        return following(highlight=False, soft_wrap=True)

    @cached_property
    def out(self) -> Console:
        """Tables and text on stdout; a pipe gets long lines rather than wrapped cells."""
        from minecheck.cli._breaks import BreakingConsole

        width = None if sys.stdout.isatty() or os.environ.get("COLUMNS") else 200

        class Out(BreakingConsole):
            def on_broken_pipe(self) -> None:
                """The reader went away: as for plain lines (`run` ends with 141), where Rich
                would end the process with 1, which a script reads as a failed check."""
                self.quiet = True
                raise BrokenPipeError

        return sized(Out(highlight=False, width=width), sys.stdout)

    # -- data (stdout) -------------------------------------------------------------------------
    def print_data(self, text: str) -> None:
        """Plain data for stdout (a path, CSV, a report); nothing in --json mode."""
        if not self.json:
            sys.stdout.write(text if text.endswith("\n") else text + "\n")
            sys.stdout.flush()

    def print_path(self, path: str | os.PathLike[str]) -> None:
        """The path of a file written, for stdout; nothing in --json mode. Its own bytes where
        a program reads it (a name that is not UTF-8, from a GBK machine's archive, comes back
        as it was, for `out=$(minecheck ...)`: writing it as text was a traceback), and made
        visible at a terminal."""
        if not self.json:
            from minecheck.cli._names import as_named  # (-o ./- is written `./-`, not `-`)

            write_path(as_named(path))

    def show(self, renderable: RenderableType) -> None:
        """A rendered table or text for stdout; nothing in --json mode."""
        if not self.json:
            with uncollected():
                printed(self.out, renderable)

    # -- messages (stderr) ---------------------------------------------------------------------
    def info(self, message: str) -> None:
        """A message for a person, on stderr, made safe for the terminal and never markup: one
        line, as every message is (a line break from a file, in a site or a file's name, is
        made visible: it began a line of its own that read as minecheck's)."""
        if not self.json:
            from rich.text import Text

            from minecheck.cli._render import shown_line
            from minecheck.i18n import lines_of

            for line in lines_of(message):  # (a command to copy stands on a line of its own)
                self.err.print(Text(shown_line(line)))

    def warn(
        self,
        message: str,
        *,
        code: str,
        path: str | None = None,
        hint: str | None = None,
        line: int | None = None,
        placed: bool = False,
        shown: str | None = None,
    ) -> None:
        """A warning (`minecheck: warning: ...`, its hint); `path` and `line` are for `--json`,
        and `placed` says them in text too (`minecheck: warning: ev.toml:3: ...`), as a file's
        reader does. `shown`: what the terminal is told instead, where it differs (`--json`
        keeps `message`: `Problem.brief`)."""
        problem = Problem(code=code, message=message, path=path, line=line, hint=hint)
        self.problems.append(problem)
        if not self.json:
            where = problem.location() if placed else ""
            self._emit_said(
                f"minecheck: warning: {where}: " if where else "minecheck: warning: ",
                shown or message,
            )
            self.hint_of(problem)

    def warn_separate(
        self, message: str, *, inspections: int, path: str | None = None, shown: str | None = None
    ) -> None:
        """A `separate-inspections` warning (one mine's day of `inspections` inspections), a
        warning rolled up as `warn_rolled`'s are: past the first `_rolled.SEPARATE_SHOWN` of a
        run the terminal is told none, and `separate_rolled_up` counts the rest on one line, its
        days and their inspections (a province's archive gave hundreds, one a mine's day, every
        day the report ran, and buried every other warning). `--json` keeps each, as ever."""
        self._rolled.of_day(inspections)
        self.warn_rolled(message, code=SEPARATE, path=path, shown=shown)

    def separate_rolled_up(self) -> None:
        """The `separate-inspections` warnings not told (`warn_separate`), counted on one line:
        the days and their inspections, and where each is listed."""
        line = self._rolled.separate_line()
        if line is not None:
            self.caution(line)

    def warn_rolled(
        self,
        message: str,
        *,
        code: str,
        path: str | None = None,
        hint: str | None = None,
        shown: str | None = None,
        line: int | None = None,
        placed: bool = False,
        reason: str | None = None,
    ) -> bool:
        """A warning about one file or one event, as `warn` says it (`line` and `placed` as
        there: an events file's event at its line), but past the first `_rolled.KIND_SHOWN` of its
        `code` in a run the terminal is told none, and `kinds_rolled_up` counts them on one line;
        `--json` keeps each. `reason`: which of its code's reasons it is (an event's rule): the
        first of each is told all the same, and each one's rest counted on its line. Whether it
        was told."""
        if self._rolled.told(code, reason):
            self.warn(
                message, code=code, path=path, hint=hint, shown=shown, line=line, placed=placed
            )
            return True
        self.problems.append(Problem(code=code, message=message, path=path, line=line, hint=hint))
        return False

    def kinds_rolled_up(self) -> None:
        """The warnings `warn_rolled` did not tell, counted on one line a kind (but
        `separate-inspections`', which `separate_rolled_up` counts)."""
        for line in self._rolled.kind_lines():
            self.caution(line)

    def caution(self, message: str) -> None:
        """A warning said on stderr as every warning is (`minecheck: warning: ...`) whose facts
        the command's `--json` data holds already (merge's `inconsistent`): not a problem of the
        envelope, which would say it twice."""
        if not self.json:
            self._emit_said("minecheck: warning: ", message)

    def warn_at(self, problem: Problem) -> None:
        """A warning about a place in a file: `minecheck: warning: path:line:col: message`."""
        problem = said(problem)
        self.problems.append(problem)
        if not self.json:
            loc = problem.location()
            self._emit_said(f"minecheck: warning: {loc}: ", problem.message)

    def warn_at_rolled(self, problems: Iterable[Problem]) -> None:
        """Warnings about places in files (a trust list's skipped lines), as `warn_at` says
        them, ten of a kind told and the rest counted at once on one line a kind; `--json`
        keeps each."""
        for line in self._told_of_kind(problems, self.warn_at).kind_lines():
            self.caution(line)

    def _told_of_kind(self, problems: Iterable[Problem], tell: Callable[[Problem], None]) -> Tally:
        """`tell` the first `_rolled.KIND_SHOWN` of `problems` of each code; the rest are kept
        for `--json` alone. Whom it told and not, to count the rest."""
        tally = Tally()
        for problem in problems:
            if tally.told(problem.code, problem.reason):
                tell(problem)
            else:
                self.problems.append(said(problem))
        return tally

    def problem(self, problem: Problem) -> None:
        """A problem in a file: `path:line:col: message`, with its hint."""
        problem = said(problem)
        self.problems.append(problem)
        if not self.json:
            loc = problem.location()
            self._emit_said(f"{loc}: " if loc else "", problem.message)
            self.hint_of(problem)

    def hint_of(self, problem: Problem) -> None:
        """A problem's hint, if it has one, on stderr (`  hint: ...`)."""
        if problem.hint:
            self.hint(problem.hint)

    def hint(self, text: str) -> None:
        """Advice on what to do next, on stderr under the line it follows (`  hint: ...`)."""
        if not self.json:
            self._emit_said("  hint: ", text)

    def fail(self, code: ExitCode) -> None:
        """Raise the exit code to `code` (never lowers it)."""
        self.exit_code = max(self.exit_code, code, key=int)

    def error(self, exc: MinecheckError) -> None:
        from minecheck.fileio import NoDirectory

        if isinstance(exc, NoDirectory) and exc.hint is None:  # (its hint is said here alone)
            exc.made(shell_word(exc.folder))
        if exc.rolled:  # (each kind's problems past ten, counted before the error)
            for line in self._told_of_kind(exc.problems, self.problem).kind_lines(problems=True):
                if not self.json:
                    self._emit_said("", line)
        else:
            for problem in exc.problems:
                self.problem(problem)
        message = said(
            Problem(code=exc.code, message=exc.message, path=exc.path, line=exc.line, hint=exc.hint)
        )
        self.problems.append(message)
        self.fail(exc.exit_code)
        if not self.json:
            try:
                self._emit_said("minecheck: error: ", message.message)
                if exc.hint:
                    self.hint(exc.hint)
            except BrokenPipeError:
                raise
            except OSError:  # stderr is a terminal that hung up: the exit code says it all
                pass

    def _emit_said(self, prefix: str, text: str) -> None:
        """PREFIX and a message's first line; each line after it (a command to copy, on a line
        of its own) indented as far again as the prefix is (a hint's under `  hint: `)."""
        from minecheck.i18n import lines_of

        first, *more = lines_of(text)
        self._emit_line(prefix + first)
        indent = prefix[: len(prefix) - len(prefix.lstrip(" "))]
        for line in more:
            self._emit_line(indent + line)

    def _emit_line(self, line: str) -> None:
        from minecheck.cli._render import shown_line

        sys.stderr.write(shown_line(line) + "\n")
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


def write_path(path: str | os.PathLike[str]) -> None:
    """A path on stdout: its own bytes where a program reads it, made visible at a terminal
    (`Reporter.print_path`)."""
    text = os.fspath(path)
    try:
        seen = sys.stdout.isatty()
    except (OSError, ValueError):
        seen = False
    if seen:
        sys.stdout.write(for_terminal(text) + "\n")
        sys.stdout.flush()
        return
    sys.stdout.flush()
    sys.stdout.buffer.write(os.fsencode(text) + b"\n")
    sys.stdout.buffer.flush()


def said(problem: Problem) -> Problem:
    """`problem` in the language of the messages. What core keeps in English, because a
    document's problems are cached with its verdict whatever the reader's language (the TOML
    and JSON readers' words, the document schema's, the verifier's), is said here, where it
    is shown (`report.labels.Labels.reason`); a message already in that language is as it was."""
    from minecheck.i18n import language

    if language() == "en":
        return problem
    from dataclasses import replace

    from minecheck.report.labels import Labels

    message = Labels(language()).problem(problem)
    return problem if message == problem.message else replace(problem, message=message)


def run(command: str, json_mode: bool, body: Callable[[Reporter], None]) -> NoReturn:
    """Run a command body, map its errors to exit codes, print the envelope, exit."""
    global _json_run
    rep = Reporter(command, json_mode)
    _json_run = json_mode
    envelope_forgotten()
    _unflushed_said(None)  # (what an earlier run in this process left is not this one's)
    ending = contextlib.ExitStack()
    try:
        try:
            _default_language()
            body(rep)
        except MinecheckError as exc:
            rep.error(exc)
        except KeyboardInterrupt:
            # (another stop while this one is said would leave the body: the framework ends
            # the run with 130 and nothing said)
            ending.enter_context(stops_ignored())
            from minecheck.fileio import interrupted_text

            rep.error(Interrupted(interrupted_text()))
            interruption_noted(said=not json_mode)  # (--json: said with its envelope)
        except BrokenPipeError:
            raise
        except OSError as exc:  # a full disk, a read-only directory, a file-size limit...
            if isinstance(exc, StandardOutputError):  # (what its buffer holds cannot go either)
                silence_stdout()
            rep.error(InputError(os_error_message(exc)))
        except RecursionError:
            rep.error(InputError(tr("the input is nested too deeply to be processed")))
        _unflushed_said(rep)
        if json_mode:
            # A stop from here on is let go: the work is done, and one cut into the envelope
            # left half an object on stdout, then the interruption's envelope after it.
            ending.enter_context(stops_ignored())
            with json_escapes(sys.stdout):
                write_json(sys.stdout, rep.envelope())
                sys.stdout.flush()
            _envelope_written.append(int(rep.exit_code))
    except BrokenPipeError:
        quiet_broken_pipe()
    finally:
        rep.close()
        ending.close()
    raise typer.Exit(int(rep.exit_code))


def _unflushed_said(rep: Reporter | None) -> None:
    """A warning for each directory written in whose flush to the disk failed
    (`fileio.fsync_dir`); with no reporter (a run begins), they, and the files an earlier run
    in this process wrote, are let go unsaid."""
    fileio = sys.modules.get("minecheck.fileio")  # (nothing was written where it is not loaded)
    if fileio is None:
        return
    if rep is None:
        fileio.forget_written()
    for directory, reason in fileio.unflushed():
        if rep is None:
            continue
        from minecheck.os_words import os_words

        said = tr(
            "{path}: the directory could not be flushed to the disk ({reason}); what was written "
            "there is in place, but a power cut may lose it",
            path=directory,
            reason=os_words(reason),
        )
        rep.warn(said, code="not-flushed", path=directory)


# The exit code of the envelope this run has written on stdout, once it is written: a stop that
# comes after it, before the process ends, ends the run with that code and says nothing more
# (`__main__.interrupted`), as a second envelope would make stdout no JSON.
_envelope_written: list[int] = []


def envelope_written() -> int | None:
    """The exit code of the envelope this run wrote on stdout; None before it is written."""
    return _envelope_written[-1] if _envelope_written else None


# Whether this run's interruption was said (by `run`, at a terminal; or by `__main__`'s
# `interrupted`, either way): a stop that comes as the run exits (a burst of them) ends it with
# 130 and is not said a second time. One note for both, forgotten with a run's envelope.
_interruption_said: list[bool] = []


def interruption_noted(*, said: bool = True) -> None:
    _interruption_said.append(said)


def interruption_said() -> bool:
    return any(_interruption_said)


def envelope_forgotten() -> None:
    """A new run in this process (the test runner's): an earlier run's envelope, or its
    interruption said, is not its."""
    _envelope_written.clear()
    _interruption_said.clear()


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
    from minecheck.os_words import os_reason

    reason = os_reason(exc)
    if isinstance(exc, StandardOutputError):
        return tr("cannot write to standard output: {reason}", reason=reason)
    names = [str(n) for n in (exc.filename, exc.filename2) if n is not None]
    return tr("{path}: {reason}", path=" -> ".join(names), reason=reason) if names else reason


def stdin_is_tty() -> bool:
    try:
        return os.isatty(sys.stdin.fileno())
    except (AttributeError, OSError, ValueError):
        return False


def require_tty(message: str, hint: str) -> None:
    """Refuse to prompt when stdin is not a terminal (exit 2 with a hint): `message` says what
    needs one, in the reader's language."""
    if not stdin_is_tty():
        raise UsageError(message, hint=hint)


def usage_said(message: str) -> str:
    """A usage error as the command-line framework words it, in the current language (English:
    as it is)."""
    from minecheck.i18n import language

    if language() == "en":
        return message
    import re

    for pattern, say in _USAGE_ERRORS:
        match = re.fullmatch(pattern, message, flags=re.S)
        if match is not None:
            return say(match.groupdict())
    return message


def _names(said: str) -> list[str]:
    """The names the framework suggests, which it joins with `, ` (options, or commands in
    quotes: none holds a comma), as a list the message writes as the language does (`、`)."""
    return said.split(", ")


# The framework's usage errors, each as it words it, and the words of it in the catalogue.
_USAGE_ERRORS: tuple[tuple[str, Callable[[dict[str, str]], str]], ...] = (
    (
        r"No such option: (?P<option>\S+) \(Possible options: (?P<options>.+)\)",
        lambda got: tr(
            "No such option: {option} (possible options: {options})",
            option=got["option"],
            options=_names(got["options"]),
        ),
    ),
    (r"No such option: (?P<option>.+)", lambda got: tr("No such option: {option}", **got)),
    (  # (the name, as short as it can be, is taken once: tried again at each later ". Did
        # you mean " in a long word typed, the match was quadratic, 19 s for a word of 128 kB)
        r"No such command (?>(?P<name>.+?)\. Did you mean )(?P<names>.+)\?",
        lambda got: tr(
            "No such command {name}. Did you mean {names}?",
            name=got["name"],
            names=_names(got["names"]),
        ),
    ),
    (r"No such command (?P<name>.+)\.", lambda got: tr("No such command {name}.", **got)),
    (r"Missing command\.", lambda got: tr("Missing command.")),
    (r"Missing argument (?P<name>.+)\.", lambda got: tr("Missing argument {name}.", **got)),
    (r"Missing option (?P<name>.+)\.", lambda got: tr("Missing option {name}.", **got)),
    (
        r"Option (?P<option>.+) requires an argument\.",
        lambda got: tr("Option {option} requires an argument.", **got),
    ),
    (
        r"Option (?P<option>.+) does not take a value\.",
        lambda got: tr("Option {option} does not take a value.", **got),
    ),
    (
        r"Got unexpected extra argument\(s\) \((?P<words>.*)\)",
        lambda got: tr("Got unexpected extra argument(s) ({words})", **got),
    ),
    (
        r"Invalid value for (?P<name>.+?): (?P<reason>.+)",
        # (the reason is minecheck's own where a parameter's type said it: its words too)
        lambda got: tr(
            "Invalid value for {name}: {reason}", name=got["name"], reason=tr(got["reason"])
        ),
    ),
)


def _default_language() -> None:
    """Messages follow the command's --lang as parsed, else MINECHECK_LANG, else the locale,
    from the body's first instant: a stop before the body read its --lang (`resolve_lang`)
    was said in the locale's language."""
    from minecheck.i18n import set_language

    ctx = typer._click.globals.get_current_context(silent=True)
    given = ctx.params.get("lang") if ctx is not None else None
    try:
        lang = _lang(given if isinstance(given, str) else None)
    except UsageError:  # (`--lang fr` is refused in the language the rest would choose)
        lang = chosen_language(None)
    set_language(lang)


def chosen_language(given: str | None) -> str:
    """The language `--lang GIVEN` (None where it is not given) chooses by the rule every
    command follows, English where that names no language: for what is said before a command
    can refuse a wrong one (its --help; messages before its own --lang is read)."""
    try:
        return _lang(given)
    except UsageError:
        return "en"


def resolve_lang(value: str | None) -> str:
    """--lang, else MINECHECK_LANG, else the locale; `en` or `zh`: the language the command's
    messages are then in too (`set_language`)."""
    from minecheck.i18n import set_language

    lang = _lang(value)
    set_language(lang)
    chinese_unshown(lang)
    return lang


_json_run = False  # the command `run` runs writes its messages into --json's envelope
_unshown_said: list[str] = []


def chinese_unshown(lang: str) -> None:
    """A run in Chinese at a terminal whose encoding has no Chinese (a Latin-1 or ASCII
    locale) showed every message as '?' (`minecheck: error: missing.toml?????????`), nothing
    a person could read. One line says why, and what to do, in English, which that terminal
    shows; once a run, and only where messages reach such a terminal (not off a terminal,
    which is UTF-8, nor with --json, whose envelope has them exact)."""
    import codecs

    if lang != "zh" or _json_run or _unshown_said:
        return
    try:
        if not sys.stderr.isatty():
            return
        encoding = codecs.lookup(sys.stderr.encoding or "utf-8").name
        "中文".encode(encoding)
        return
    except UnicodeEncodeError:
        pass
    except (AttributeError, ValueError, LookupError, OSError):
        return
    from minecheck.i18n import written
    from minecheck.portable import encoding_shown

    _unshown_said.append(encoding)
    said = written(
        "this terminal's encoding ({encoding}) cannot show Chinese: what is in Chinese shows"
        " as '?'",
        "en",
        encoding=encoding_shown(encoding),
    )
    hint = written("use --lang en, or a terminal and locale in UTF-8 or GB18030", "en")
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.write(f"minecheck: warning: {said}\n  hint: {hint}\n")
        sys.stderr.flush()


def _lang(value: str | None) -> str:
    if value is not None:  # (given empty, from an unset variable: said, as for any other)
        lang = value.strip().lower()
        if lang in ("en", "zh"):
            return lang
        raise UsageError(
            tr("unknown language {given}", given=quoted(value)),
            hint=tr("use --lang en or --lang zh"),
        )
    given = os.environ.get("MINECHECK_LANG")
    if given:
        # a locale's form too (zh_CN.UTF-8, zh-Hans, en_GB): LANG's value copied into it
        import re

        spoken = re.match(r"(en|zh)(?:$|[_.@-])", given.strip().lower())
        if spoken is not None:
            return spoken.group(1)
        raise UsageError(
            tr("MINECHECK_LANG={given} is not a language minecheck speaks", given=quoted(given)),
            hint=tr("set MINECHECK_LANG to en or zh, or unset it"),
        )
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        loc = os.environ.get(var)
        if loc:
            return "zh" if loc.lower().startswith("zh") else "en"
    from minecheck.portable import desktop_language

    return desktop_language() or "en"
