"""Entry point: `minecheck` and `python -m minecheck`.

`--version` is answered before the command-line framework is imported, to keep it instant; a
run that names its command first builds that command alone (`minecheck.cli.app_for`).
With `--json`, even a usage error (an unknown option, a missing argument) is answered with the
JSON envelope on stdout and nothing on stderr.
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False  # (not from typing: `--version` imports nothing it does not use)
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import NoReturn

    from _typeshed import ReadableBuffer


def _command_name(args: list[str]) -> str:
    """The command ARGS name (a group with its subcommand), for a run stopped before its line
    was parsed: the value of `--lang` names none."""
    return " ".join(_read_before_parsing(args)[0])


def _read_before_parsing(args: list[str]) -> tuple[list[str], bool, str | None]:
    """The command's name (a group's with its subcommand's), whether `--json` is among its
    options, and the last `--lang` given (None where none is), read from ARGS as the parser
    reads them: `--lang` takes the next word, and so does every option of the command that
    takes a value (`-o --json` names a file); a `--` before the name says that the next word
    is the name (`-- --json show` names `--json`, as the parser says it), one after it ends
    the options (`show -- --json`)."""
    from minecheck.cli import GROUPS, value_options

    names: list[str] = []
    json = False
    lang = None
    taking = frozenset({"--lang"})
    words = iter(args)
    for arg in words:
        if arg == "--":
            if names:
                break
            name = next(words, None)
            if name is not None:
                names.append(name)
                if names[0] not in GROUPS:
                    taking = value_options(names)
        elif arg in taking:
            value = next(words, None)
            lang = value if arg == "--lang" else lang
        elif arg.startswith("--lang="):
            lang = arg.partition("=")[2]
        elif arg == "--json":
            json = True
        elif not arg.startswith("-") and (not names or (len(names) == 1 and names[0] in GROUPS)):
            names.append(arg)
            if len(names) == 2 or names[0] not in GROUPS:
                taking = value_options(names)
    return names, json, lang


def main() -> None:
    args = sys.argv[1:]
    _closed_streams()
    _standard_output_named()
    _utf8_streams()
    _sizes_that_are_sizes()
    try:
        if args == ["--version"]:
            from minecheck import __version__

            sys.stdout.write(f"minecheck {__version__}\n")
            sys.stdout.flush()
            return
        if args and args[0].partition("=")[0] in ("--install-completion", "--show-completion"):
            if {"-h", "--help"} & set(args):
                args = ["--help"]  # (else the option would take `--help` for a shell's name)
            else:
                from minecheck.cli._shell_completion import run

                run(args)
        try:
            _run(args)
        except SystemExit as end:
            _done()
            _leave_if_a_pool_was_abandoned(end)
            raise
    except BrokenPipeError:  # the reader of stdout went away: stop silently, as Unix tools do
        from minecheck.cli._output import BROKEN_PIPE_EXIT, silence_stdout

        silence_stdout()
        sys.exit(BROKEN_PIPE_EXIT)
    except OSError as exc:  # what a command's body did not write: help, an envelope (a full disk)
        from minecheck.cli._output import os_error_message, silence_stdout
        from minecheck.core.sanitize import for_terminal

        silence_stdout()  # (what is left in its buffer cannot be written either)
        try:
            sys.stderr.write(f"minecheck: error: {for_terminal(os_error_message(exc))}\n")
            sys.stderr.flush()
        except OSError:  # nor can stderr: the exit code is all that is left to say it
            pass
        sys.exit(2)


def _leave_if_a_pool_was_abandoned(end: SystemExit) -> None:
    """A run interrupted while a worker sent its result leaves the pool's thread waiting for
    ever, and the interpreter waits for it at exit: everything the run had to do is done by now
    (files removed, messages written), so the process leaves at once with its exit code."""
    import contextlib
    import os

    batch = sys.modules.get("minecheck.report.batch")
    if batch is None or not getattr(batch, "abandoned", False):
        return
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    code = end.code if isinstance(end.code, int) else (0 if end.code is None else 1)
    os._exit(code)


def _closed_streams() -> None:
    """A standard stream closed by the caller (`>&-`, `2>&-`, `<&-`) reads as empty and writes
    nowhere, and keeps its number: no file the run opens takes fd 1 or 2 and gets the output.
    A closed standard input is marked so (`fileio.CLOSED_MARK`): where it is read as a list of
    paths, the events or a file named `-`, it is said unreadable, not taken as an empty list."""
    import os

    for fd, name, mode in ((0, "stdin", "r"), (1, "stdout", "w"), (2, "stderr", "w")):
        if getattr(sys, name) is None:
            got = os.open(os.devnull, os.O_RDWR)
            if got != fd:
                os.dup2(got, fd)
                os.close(got)
            stream = open(fd, mode, encoding="utf-8", closefd=False)  # noqa: SIM115
            if fd == 0:
                setattr(stream, "minecheck_closed", True)  # noqa: B010  (fileio.CLOSED_MARK)
            setattr(sys, name, stream)


def _standard_output_named() -> None:
    """A write that standard output refuses raises `StandardOutputError`, so the error names
    standard output: `1<file` (or `exec 1<file` earlier in a script) said only "Bad file
    descriptor", and a full disk only "No space left on device". The stream is made again on
    the same descriptor, as Python made it, its bytes written through a file object that says
    so; a stream that is not a plain file object (the Windows console's) is left as it is."""
    import io
    import os

    class Named(io.FileIO):
        def write(self, data: ReadableBuffer, /) -> int:
            try:
                return super().write(data)
            except BrokenPipeError:  # (the reader went away: said as a closed pipe is)
                # without its errno: the framework ends one with EPIPE (its own echo: the
                # version, help's last newline) with exit 1, where `main` ends it with 141
                raise BrokenPipeError from None
            except OSError as exc:
                from minecheck.errors import StandardOutputError

                raise StandardOutputError(exc.errno, exc.strerror) from None

    out = sys.stdout
    binary = getattr(out, "buffer", None)
    unbuffered = type(binary) is io.FileIO  # (PYTHONUNBUFFERED, -u)
    raw = binary if unbuffered else getattr(binary, "raw", None)
    if type(raw) is not io.FileIO or not isinstance(out, io.TextIOWrapper):
        return
    try:
        out.flush()
        named = Named(out.fileno(), "w", closefd=False)
    except (OSError, ValueError):
        return
    sys.stdout = io.TextIOWrapper(
        named if unbuffered else io.BufferedWriter(named),
        encoding=out.encoding,
        errors=out.errors,
        newline=None if os.name == "nt" else "\n",
        line_buffering=out.line_buffering,
        write_through=out.write_through,
    )


def _utf8_streams() -> None:
    """Output that goes to a file or a pipe is UTF-8 with "\n" line ends, as every file
    minecheck writes: where the locale says otherwise (a redirect on Windows is in the ANSI
    code page; a Latin-1 locale) a site's Chinese name was a UnicodeEncodeError and a
    traceback, and Windows made CSV's "\r\n" "\r\r\n". A terminal keeps its own encoding, and
    a character it cannot show is shown as near as it can be (`≤` as `<=`), else as "?"."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None:
            continue
        try:
            if not stream.isatty():
                reconfigure(encoding="utf-8", newline="\n")
            elif (stream.encoding or "").lower().replace("_", "-") not in ("utf-8", "utf8"):
                from minecheck.core.sanitize import register_shown

                reconfigure(errors=register_shown())
        except (OSError, ValueError):
            continue


SIZE_VARIABLES = ("COLUMNS", "LINES", "TERMINAL_WIDTH")
LARGEST_SIZE = 65535  # (a terminal's rows and columns are unsigned shorts in the kernel's winsize)


def _sizes_that_are_sizes() -> None:
    """A terminal size in the environment that is not a positive number is no size, and is left
    out: Rich and the framework took `COLUMNS=0` (a pseudo-terminal or a serial console that
    reports none) for a width of nothing, and every table, message and help printed nothing,
    with exit 0; `COLUMNS=abc` laid tables out at 80 columns where a pipe gets long lines; and
    the framework's own `TERMINAL_WIDTH=abc` was a traceback. A size larger than any terminal
    reports is the largest: `COLUMNS=99999999999999999999` (a script's "never wrap") made help a
    traceback of Rich's, and `COLUMNS=9999999` took `verify --help` most of a minute and 1.4 GB
    to lay out blanks that were then cut off; one of 5000 digits was Python's traceback."""
    import os

    for name in SIZE_VARIABLES:
        value = os.environ.get(name)
        if value is None:
            continue
        digits = value.strip().lstrip("0")  # (" 80", "080": Rich reads digits alone)
        if digits.isascii() and digits.isdigit():
            # (by its length first: Python refuses to read an int of over 4300 digits)
            wide = len(digits) > len(str(LARGEST_SIZE))
            os.environ[name] = str(LARGEST_SIZE if wide else min(int(digits), LARGEST_SIZE))
        else:
            del os.environ[name]


_stop_raised: Callable[[], KeyboardInterrupt]
STOPS = ("SIGTERM", "SIGHUP")  # (`timeout`, systemd, a dropped SSH session)


def _signals() -> None:
    """A file-size limit (`ulimit -f`) makes writes fail with an error instead of killing us;
    SIGTERM and SIGHUP (`timeout`, systemd, a dropped SSH session) end a run as Ctrl-C does:
    temporary files removed, a draft kept, exit 130. An interruption raised while the
    interpreter ran a weak reference's callback or a finalizer is lost there (Python cannot
    raise it): each is noted (`portable.stop_raised`), and no question is asked after it.
    SIGINT keeps Python's own handler: asyncio (the line editor's loop) takes it gracefully
    only then, where an interruption raised anywhere left an event loop unclosed."""
    import signal

    from minecheck.portable import stop_raised

    global _stop_raised
    _stop_raised = stop_raised  # (imported before the handler can run: see `_interrupt`)
    if hasattr(signal, "SIGXFSZ"):
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    for name in STOPS:
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _interrupt)
    sys.unraisablehook = _unraisable


def _unraisable(unraisable: sys.UnraisableHookArgs) -> None:
    """An interruption lost where Python cannot raise it (a weak reference's callback, a
    finalizer: a Ctrl-C typed as a question appears) is noted, so the run ends at its next
    question, and not printed as a traceback. Anything else is printed as Python would."""
    if isinstance(unraisable.exc_value, KeyboardInterrupt):
        _stop_raised()  # (no import: see `_interrupt`)
        return
    sys.__unraisablehook__(unraisable)


def _done() -> None:
    """The run's work is done and its exit code known. A SIGTERM or SIGHUP from here on came
    while the interpreter shut down, where Python puts the default actions back: the process
    died of the signal with its output written (an export killed by a hangup as it left, exit
    129 for a finished run). They are ignored now; Ctrl-C still ends a shutdown that hangs."""
    import signal

    for name in STOPS:
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_IGN)


def _interrupt(signum: int, frame: object) -> None:
    """A stop's handler. It imports nothing: it may run in the middle of an import, where a
    module it needs is half made (`contextlib` while `typer` is imported)."""
    raise _stop_raised()


def _run(args: list[str]) -> None:
    """A stop (Ctrl-C, SIGTERM from a timer's timeout) that comes while minecheck starts, before
    a command's body says it, is said here: it was a Python traceback in the job's log. The
    stops are taken over inside, so that one at any instant after is said."""
    try:
        _signals()
        import os

        if os.environ.get("MINECHECK_PASSPHRASE"):  # in this process's memory from its start
            from minecheck.portable import no_core_dumps

            no_core_dumps()
        _run_command(args)
    except KeyboardInterrupt:
        interrupted(args)


def _run_command(args: list[str]) -> None:
    import typer

    from minecheck.cli import answering, app_for

    with answering(args):  # (a usage error, too, is said in the run's language)
        try:
            code = app_for(args)(args=args, prog_name="minecheck", standalone_mode=False)
        except typer.exceptions.TyperException as exc:
            _usage_error(args, exc)
        except (typer.Abort, KeyboardInterrupt):
            interrupted(args)
    sys.exit(code if isinstance(code, int) else 0)


def interrupted(args: list[str]) -> NoReturn:
    """Exit 130 with `interrupted` said as any error is: the envelope with `--json`. A stop
    that comes meanwhile is ignored (`stops_ignored`)."""
    from minecheck.portable import stops_ignored  # (whole: imported before a stop is taken)

    _done()  # SIGTERM, SIGHUP ignored to the end: one taken as this exited was said again
    output = sys.modules.get("minecheck.cli._output")  # (not loaded: no envelope written)
    written = output.envelope_written() if output is not None else None
    if written is not None:  # (the run's envelope is out whole: a second would spoil it)
        sys.exit(written)
    if output is not None and output.interruption_said():
        sys.exit(130)  # (a stop as the interruption said exited: said once, as it was)
    with stops_ignored():
        _forget_stopped_imports()
        from minecheck.cli._output import interruption_noted
        from minecheck.errors import ExitCode

        interruption_noted()  # (a stop as it exits, a burst's, finds it said: `_output`'s note)

        _say_interrupted(args)
    sys.exit(int(ExitCode.INTERRUPTED))


def _say_interrupted(args: list[str]) -> None:
    from minecheck.cli._output import chosen_language
    from minecheck.errors import ExitCode
    from minecheck.fileio import interrupted_text
    from minecheck.i18n import set_language

    names, json, lang = _read_before_parsing(args)
    set_language(chosen_language(lang))  # (`--lang zh`, else MINECHECK_LANG, else the locale)
    if json:
        from minecheck.cli._output import Reporter
        from minecheck.cli._spool import json_escapes
        from minecheck.core.sanitize import json_text
        from minecheck.errors import Problem

        rep = Reporter(" ".join(names), True)
        rep.problems.append(Problem("interrupted", interrupted_text()))
        rep.fail(ExitCode.INTERRUPTED)
        with json_escapes(sys.stdout):
            sys.stdout.write(json_text(rep.envelope()) + "\n")
            sys.stdout.flush()
    else:
        from minecheck.core.sanitize import for_terminal

        sys.stderr.write(f"minecheck: error: {for_terminal(interrupted_text())}\n")


def _forget_stopped_imports() -> None:
    """A stop in the middle of importing a package (`typer`) takes the package out of
    `sys.modules`, while the submodules it had already imported stay (`typer._click`). Imported
    again, the package would find them there and not hold them as attributes ("module 'typer'
    has no attribute '_click'"): the modules whose package is gone are forgotten too, so the
    words of the interruption import whole modules afresh."""
    for name in sorted((n for n in sys.modules if "." in n), key=lambda n: n.count(".")):
        if name.rpartition(".")[0] not in sys.modules:
            del sys.modules[name]


def _usage_error(args: list[str], exc: Exception) -> NoReturn:
    """A usage error (an unknown option, a missing argument) reads like every other error, in
    the language of the command it is about, with a hint naming that command's help."""
    from minecheck.cli import json_asked, language_of, own_words, placed_before
    from minecheck.cli._output import usage_said
    from minecheck.errors import ExitCode
    from minecheck.i18n import set_language

    ctx = getattr(exc, "ctx", None)
    set_language(language_of(getattr(ctx, "command", None), ctx))
    format_message = getattr(exc, "format_message", None)
    message = usage_said(str(format_message() if callable(format_message) else exc))
    path = getattr(ctx, "command_path", None)  # the command the error is about, as typed
    # (no command parsed, an unknown word or none: the words are looked at, as the hint does)
    command = path.partition(" ")[2] if path else _command_name(args)
    placed = placed_before(exc, ctx)  # (`minecheck --json verify`: where --json goes)
    if placed is not None:
        message, command = placed
    # --json as the options parse the line (`-o --json` names a file; after `--` it is one);
    # where the command has no such option (the top level, a group), the word anywhere before
    # its own `--` (a script's `minecheck --json`; `minecheck --lang zh show -- --json` names a
    # file; `minecheck -- trust --json add`: the group's)
    asked = json_asked(getattr(ctx, "command", None), ctx)
    hint = f"minecheck {command + ' ' if command else ''}--help"
    own = own_words(ctx, args)
    before = own[: own.index("--")] if "--" in own else own
    if "--json" in before if asked is None else asked:
        from minecheck.cli._output import Reporter
        from minecheck.cli._spool import json_escapes
        from minecheck.core.sanitize import json_text
        from minecheck.errors import Problem

        rep = Reporter(command, True)
        rep.problems.append(Problem("usage", message, hint=hint))
        rep.fail(ExitCode.USAGE)
        with json_escapes(sys.stdout):
            sys.stdout.write(json_text(rep.envelope()) + "\n")
            sys.stdout.flush()
    elif message.strip():  # (not as a box)
        from minecheck.cli._output import chinese_unshown
        from minecheck.cli._render import shown_line
        from minecheck.i18n import language

        chinese_unshown(language())

        sys.stderr.write(f"minecheck: error: {shown_line(message)}\n")
        sys.stderr.write(f"  hint: {hint}\n")
    sys.exit(int(ExitCode.USAGE))


if __name__ == "__main__":
    main()
