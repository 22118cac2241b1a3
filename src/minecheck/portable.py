"""The terminal's and the process's calls that differ between operating systems, each with a
portable path.

Nothing else in the package imports `termios` or `tty`: the terminal's modes, the signals that
stop, continue or quit a run while it holds them, and one key read from it live here, with the
desktop's language and the limit on core files. On a POSIX terminal the key is read with
`termios` (type-ahead is kept, an arrow key's escape sequence is swallowed whole); anywhere
else prompt_toolkit reads it. Both are imported where first needed, never at start-up. The file
calls that differ between systems are portable_files.py's.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any

ENTER_KEYS = ("\r", "\n", "\x0c")  # Enter and Ctrl-L: never an answer, never an error


def desktop_language() -> str | None:
    """The language of the desktop where no LANG says it (Windows): "zh" for any Chinese,
    "en" for any other, None where it cannot be asked."""
    if sys.platform != "win32":
        return None
    try:
        import ctypes

        langid = int(getattr(ctypes, "windll").kernel32.GetUserDefaultUILanguage())  # noqa: B009
    except (ImportError, AttributeError, OSError, ValueError):
        return None
    return "zh" if langid & 0x3FF == 0x04 else "en"  # LANG_CHINESE, whatever the region


def has_termios() -> bool:
    try:
        import termios  # noqa: F401
        import tty  # noqa: F401
    except ImportError:
        return False
    return True


def cbreak(fd: int) -> None:
    """The terminal reads key by key, without echo, Ctrl-C and Ctrl-Z still signals; at once
    (TCSAFLUSH, the default, drops what is typed ahead), and a CR kept a CR: the kernel made
    it an LF, so a CR LF pasted as the walk moved on (a line copied from a Windows file) came
    as two Enters, and the second answered the next question empty.

    Where SIGINT is ignored (`trap '' INT`, or a walk a script started in the background),
    Ctrl-C is no signal key either: read as the byte it is, it stops the walk at the question
    that reads it, as it does at a line question, whose editor reads it as a key. Left a
    signal, it was ignored, and the terminal dropped it with the keys typed with it: a key
    question waited for another key, and one typed as the walk moved on was lost."""
    import signal
    import termios
    import tty

    tty.setcbreak(fd, termios.TCSANOW)
    modes = termios.tcgetattr(fd)
    modes[0] &= ~termios.ICRNL
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        with contextlib.suppress(OSError, ValueError):  # (no way to turn it off: a signal)
            modes[6][termios.VINTR] = bytes([os.fpathconf(fd, "PC_VDISABLE")])
    termios.tcsetattr(fd, termios.TCSANOW, modes)


@contextlib.contextmanager
def typing_kept(fd: int | None = None) -> Iterator[None]:
    """The terminal keeps what is typed as typed for as long as questions are asked: between
    two questions (the answer saved, the next one shown) a POSIX terminal went back to its
    line mode, where the kernel echoed what was typed ahead and edited it itself: Backspace
    took one byte of a Chinese character where the terminal has no IUTF8, and the line was
    refused as "not UTF-8". Held in cbreak here (no line editing, no echo; Ctrl-C and Ctrl-Z
    still signals), each question's reader reads the bytes as they were typed and shows them.
    Nothing is done where there is no termios or the input is not a terminal."""
    if not has_termios():
        yield
        return
    import termios

    try:
        held = sys.stdin.fileno() if fd is None else fd
        old = termios.tcgetattr(held) if os.isatty(held) else None
        if old is not None:
            cbreak(held)
    except (AttributeError, ValueError, OSError, termios.error):
        old = None
    if old is None:
        yield
        return
    outermost = not _held
    if outermost:
        _held.append((held, old))
        before = _catch_stop()
        continuing = _catch_continue()
    try:
        with (
            wanted_when_continued(lambda: cbreak(held)),
            given_back_at_quit(held, old) if outermost else contextlib.nullcontext(),
        ):
            yield
    finally:
        with contextlib.suppress(termios.error, OSError):  # the terminal may be gone
            termios.tcsetattr(held, termios.TCSADRAIN, old)
        if outermost:
            _held.clear()
            _release_stop(before)
            _release_continue(continuing)


@contextlib.contextmanager
def line_mode() -> Iterator[None]:
    """The terminal's own modes, while `typing_kept` holds it, for a line read without an
    editor (the prompts sent to a file, the keyboard still a terminal): its line mode edits and
    echoes the line (held, the text was typed blind and a Backspace kept as a character)."""
    if not _held:
        yield
        return
    import termios

    fd, old = _held[-1]
    with _given(fd, old, termios.TCSANOW):
        yield


@contextlib.contextmanager
def _given(fd: int, modes: Any, when: int) -> Iterator[None]:
    """The terminal in `modes` for a while, then in the modes it had (as far as it can be
    asked and set: a terminal that is gone is left)."""
    import termios

    try:
        now = termios.tcgetattr(fd)
        termios.tcsetattr(fd, when, modes)
    except (termios.error, OSError):
        yield
        return
    try:
        with wanted_when_continued(lambda: termios.tcsetattr(fd, termios.TCSANOW, modes)):
            yield
    finally:
        with contextlib.suppress(termios.error, OSError):
            termios.tcsetattr(fd, termios.TCSANOW, now)


@contextlib.contextmanager
def given_back_at_quit(fd: int, modes: Any) -> Iterator[None]:
    """Ctrl-\\ (SIGQUIT) while the terminal is in modes of minecheck's own (the walk's keys read
    one by one, a passphrase asked without echo): the process quit at once and left the shell a
    terminal that neither echoed nor edited a line, and a script's next `read` was typed blind.
    It still quits as SIGQUIT quits (exit 131, the draft as last saved), the terminal given
    `modes` back first. An ignored or caught SIGQUIT is left as it is; off the main thread, and
    where there is no SIGQUIT (Windows), nothing changes."""
    import signal
    import threading

    if (
        not hasattr(signal, "SIGQUIT")
        or threading.current_thread() is not threading.main_thread()
        or signal.getsignal(signal.SIGQUIT) is not signal.SIG_DFL
    ):
        yield
        return
    import termios

    def quit_(signum: int, frame: object) -> None:
        with contextlib.suppress(termios.error, OSError):  # (a terminal gone meanwhile)
            termios.tcsetattr(fd, termios.TCSANOW, modes)
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)

    with _handled_by([signal.SIGQUIT], quit_):
        yield


@contextlib.contextmanager
def terminal_given_back_at_quit_or_stop(prompt: str = "") -> Iterator[None]:
    """`given_back_at_quit` and `given_back_at_stop` for the controlling terminal in the modes
    it has now, where a passphrase is read (`getpass` reads it there, after `prompt`); nothing
    where there is none."""
    if not has_termios():
        yield
        return
    import termios

    try:
        fd = os.open("/dev/tty", os.O_RDWR | os.O_NOCTTY)
    except OSError:
        yield
        return
    try:
        try:
            modes = termios.tcgetattr(fd)
        except termios.error:
            modes = None
        if modes is None:
            yield
            return
        with given_back_at_quit(fd, modes), given_back_at_stop(fd, modes, prompt):
            yield
    finally:
        os.close(fd)


@contextlib.contextmanager
def given_back_at_stop(fd: int, modes: Any, prompt: str = "") -> Iterator[None]:
    """Ctrl-Z at a passphrase prompt outside the walk (`getpass` turns the echo off): the
    process stopped with the echo off, a script's next command read its input blind, and an
    interactive shell set its own modes, which `fg` did not give back, so the passphrase typed
    after it was shown on the screen. Stopped, the terminal has `modes` (the echo on);
    continued, the echo is off again and `prompt` written again. Inside the walk (`typing_kept`
    holds the terminal, with a stop of its own), an ignored or caught SIGTSTP, off the main
    thread, and where there is no SIGTSTP, nothing changes."""
    import locale
    import signal
    import threading

    if (
        _held
        or not hasattr(signal, "SIGTSTP")
        or threading.current_thread() is not threading.main_thread()
        or signal.getsignal(signal.SIGTSTP) is not signal.SIG_DFL
    ):
        yield
        return
    import termios

    hidden = [*modes[:3], modes[3] & ~termios.ECHO, *modes[4:]]  # (as getpass sets it)

    def hide() -> None:
        termios.tcsetattr(fd, termios.TCSANOW, hidden)

    def stopped(signum: int, frame: object) -> None:
        with contextlib.suppress(termios.error, OSError):  # (a terminal gone meanwhile)
            termios.tcsetattr(fd, termios.TCSADRAIN, modes)
        _stop_here(signum, stopped)
        with contextlib.suppress(termios.error, OSError):
            hide()
            # (where getpass wrote it, as getpass encodes it)
            os.write(fd, prompt.encode(locale.getpreferredencoding(False), "replace"))

    with (
        wanted_when_continued(hide),  # (a stop from outside: `kill -STOP`, then `fg`)
        _handled_by([signal.SIGTSTP], stopped),
        _handled_by([signal.SIGCONT], _continued),
    ):
        yield


# the terminal held by `typing_kept`, and its modes before: what a stop gives back to the shell
_held: list[tuple[int, Any]] = []

# how to set the terminal as it is wanted now, innermost last: what a continue after a stop
# from outside gives back
_wanted: list[Callable[[], object]] = []


@contextlib.contextmanager
def wanted_when_continued(restore: Callable[[], object]) -> Iterator[None]:
    """While this lasts, `restore` sets the terminal as it is wanted, should the walk be stopped
    by a signal it cannot catch (SIGSTOP: `kill -STOP`, a debugger) and continued: the shell
    takes the terminal back in its own modes at the stop, and `fg` did not give the walk's back,
    so a key question waited for Enter and echoed the key."""
    _wanted.append(restore)
    try:
        yield
    finally:
        _wanted.pop()


def _catch_continue() -> Any:
    """The SIGCONT handler that sets the terminal as it is wanted (`wanted_when_continued`); the
    handler it replaces (None where there is no SIGCONT, or off the main thread)."""
    import signal
    import threading

    if not hasattr(signal, "SIGCONT") or threading.current_thread() is not threading.main_thread():
        return None
    return signal.signal(signal.SIGCONT, _continued)


def _release_continue(before: Any) -> None:
    import signal

    if before is not None:
        signal.signal(signal.SIGCONT, before)


def _continued(signum: int, frame: object) -> None:
    import termios

    if _wanted:
        with contextlib.suppress(termios.error, OSError):  # (a terminal gone meanwhile)
            _wanted[-1]()


def _catch_stop() -> Any:
    """Ctrl-Z while the terminal is held: the process stopped with the terminal in cbreak, the
    shell's `fg` did not give that back, and a key question then waited for Enter. The handler
    that gives the shell its modes and takes the held ones back when continued; the handler it
    replaces (None where there is no SIGTSTP, or off the main thread)."""
    import signal
    import threading

    if not hasattr(signal, "SIGTSTP") or threading.current_thread() is not threading.main_thread():
        return None
    if signal.getsignal(signal.SIGTSTP) == signal.SIG_IGN:
        # ignored by whoever started it (`trap '' TSTP`: a script not to be stopped): Ctrl-Z
        # stops nothing, and the terminal stays as the walk holds it
        return None
    return signal.signal(signal.SIGTSTP, _stopped)


def _release_stop(before: Any) -> None:
    import signal

    if before is not None:
        signal.signal(signal.SIGTSTP, before)


def _stopped(signum: int, frame: object) -> None:
    import signal
    import termios

    # the shell gets the terminal's own modes; continued, the held ones (or a line editor's)
    # come back
    given = _given(*_held[-1], termios.TCSADRAIN) if _held else contextlib.nullcontext()
    with given:
        continued = _stop_here(signum, _stopped)
    if continued is _continued:
        _continued(signal.SIGCONT, None)


def _stop_here(signum: int, handler: Callable[[int, Any], None]) -> Any:
    """The process stopped as SIGNUM stops it, from inside its `handler`, until `fg`; the
    SIGCONT handler, left for the caller to take up: a handler of it tripped while this one
    runs ran only at the next other signal (a line editor's line was drawn again seconds
    late)."""
    import signal

    signal.signal(signum, signal.SIG_DFL)
    continued = signal.signal(signal.SIGCONT, signal.SIG_DFL)
    try:
        os.kill(os.getpid(), signum)  # stopped here; `fg` goes on
    finally:
        signal.signal(signal.SIGCONT, continued)
        signal.signal(signum, handler)
    return continued


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """SIGINT, SIGTERM and SIGHUP held back while something that must not be cut in two is done
    (a signed file put in place and the draft it was made from removed: stopped between the
    two, the run said "interrupted before signing", and resuming signed a second file); one
    that came meanwhile is delivered as soon as it is done. A signal ignored stays ignored;
    off the main thread nothing is held (no handler can be set there)."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    came: list[int] = []

    def note(signum: int, frame: object) -> None:
        came.append(signum)

    signums = [getattr(signal, name, None) for name in ("SIGINT", "SIGTERM", "SIGHUP")]
    held = [
        s for s in signums if s is not None and signal.getsignal(s) not in (signal.SIG_IGN, None)
    ]
    try:
        with _handled_by(held, note):
            yield
    finally:
        if came:
            signal.raise_signal(came[0])


@contextlib.contextmanager
def stops_ignored() -> Iterator[None]:
    """SIGINT, SIGTERM and SIGHUP ignored while a run's interruption is said: it ends with exit
    130 whatever comes, and a second stop (Ctrl-C pressed twice, systemd's SIGHUP after its
    SIGTERM) cut the saying in two: a traceback, or with `--json` a second envelope after half
    of the first. Off the main thread nothing changes (no handler can be set there)."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    signums = [getattr(signal, name, None) for name in ("SIGINT", "SIGTERM", "SIGHUP")]
    with _handled_by([s for s in signums if s is not None], signal.SIG_IGN):
        yield


@contextlib.contextmanager
def ctrl_c_taken() -> Iterator[None]:
    """Ctrl-C stops what this holds (a passphrase asked, the key opened with it) where SIGINT
    is ignored (`trap '' INT`, a walk a script started in the background, brought to the
    foreground) as where it is not. The walk reads Ctrl-C as a stop there; the passphrase is
    asked after it, at the terminal's own modes, where Ctrl-C was a signal nobody took: the
    terminal dropped it and the prompt waited. SIGINT is taken while this lasts (as
    KeyboardInterrupt), and ignored again after; elsewhere, and off the main thread, nothing
    changes."""
    import signal
    import threading

    if (
        threading.current_thread() is not threading.main_thread()
        or signal.getsignal(signal.SIGINT) is not signal.SIG_IGN
    ):
        yield
        return
    with _handled_by([signal.SIGINT], signal.default_int_handler):
        yield


@contextlib.contextmanager
def _handled_by(
    signums: Sequence[int], handler: Callable[[int, Any], object] | int
) -> Iterator[None]:
    """Each of `signums` handled by `handler` (or ignored: SIG_IGN) while this lasts, then as
    before."""
    import signal

    before = {signum: signal.signal(signum, handler) for signum in signums}
    try:
        yield
    finally:
        for signum, was in before.items():
            signal.signal(signum, was)


# Whether a stop (SIGTERM, SIGHUP) has raised its interruption, or an interruption (Ctrl-C's
# too) was lost: raised while the interpreter ran a weak reference's callback or a finalizer,
# Python goes on, and the next question waited for ever for a key that would not come.
_stop_raised: list[bool] = []


def stop_raised() -> KeyboardInterrupt:
    """The interruption a stop raises, noted so that a question asked after it ends the run
    (`stop_lost`) should the interruption itself be lost."""
    _stop_raised.append(True)
    return KeyboardInterrupt()


def stop_lost() -> None:
    """Raises the interruption of a stop already raised: no question is asked after it."""
    if _stop_raised:
        raise KeyboardInterrupt


def end_if_stopped() -> None:
    """A line editor's first step (prompt_toolkit's `pre_run`, once its own Ctrl-C handling is
    in place): ends it at once with the interruption of a stop already raised, one lost between
    the question's `stop_lost` and this (a Ctrl-C typed as the question appeared)."""
    if _stop_raised:
        from prompt_toolkit.application import get_app

        get_app().exit(exception=KeyboardInterrupt())


def ctrl_c_after_the_line(editor: Any) -> None:
    """A Ctrl-C that reaches `editor` (a prompt_toolkit application: the line editor, the
    portable key reader) once its answer is taken, typed at once after the Enter or the key
    while the editor lets go of the terminal, is noted as a stop (`stop_raised`), and the
    question ends as the editor returns (`stop_lost`). It reached the editor's own handling of
    Ctrl-C when the editor had no answer left to end: lost, or said as "Application is not
    running", and the walk asked its next question."""
    processor = editor.key_processor
    send_sigint = processor.send_sigint

    def sent_unless_taken() -> None:
        if editor.future is None or editor.future.done():
            stop_raised()
        else:
            send_sigint()

    processor.send_sigint = sent_unless_taken  # (the editor looks it up as a signal comes)


@contextlib.contextmanager
def stops_as_ctrl_c() -> Iterator[None]:
    """While a line editor reads, SIGTERM and SIGHUP are sent on as SIGINT, which the editor
    takes in its own loop as it takes Ctrl-C (the line ends, what was typed is kept). Raised
    from their own handler, the interruption could land while the interpreter ran a weak
    reference's callback or a finalizer (the editor's loop drops tasks and handles as it goes),
    where Python prints it and goes on: the walk was left waiting for ever, its terminal gone.
    An ignored signal stays ignored; off the main thread, and where there is no SIGHUP
    (Windows), nothing changes."""
    import signal
    import threading

    if not hasattr(signal, "SIGHUP") or threading.current_thread() is not threading.main_thread():
        yield
        return
    stops = [s for s in (signal.SIGTERM, signal.SIGHUP) if callable(signal.getsignal(s))]
    with _handled_by(stops, _as_ctrl_c):
        yield


def _as_ctrl_c(signum: int, frame: object) -> None:
    import signal

    interruption = stop_raised()  # (noted: should the Ctrl-C be lost too, no question follows)
    if signal.getsignal(signal.SIGINT) in (signal.SIG_IGN, signal.SIG_DFL, None):
        raise interruption  # (nobody takes a SIGINT: interrupted here, as before)
    os.kill(os.getpid(), signal.SIGINT)


@contextlib.contextmanager
def cancelled_as_ctrl_c() -> Iterator[None]:
    """An editor (a prompt_toolkit application, run in an asyncio loop of its own) cancelled
    is a Ctrl-C: asyncio cancels the editor at a Ctrl-C and raises KeyboardInterrupt once it
    is cancelled, but one that comes as the loop starts, after asyncio takes Ctrl-C and before
    it counts the Ctrl-Cs it took, is not counted, and the cancellation itself came out (a
    traceback, exit 1, the draft unnamed). Nothing else cancels the editor's loop."""
    import asyncio

    try:
        yield
    except asyncio.CancelledError:
        raise stop_raised() from None


def read_key() -> str:
    """One keypress, without Enter: a character, "" for a key that is not one, "q" at EOF;
    the characters an input method commits together are read as one answer (POSIX only:
    prompt_toolkit hands them over one by one).

    Ctrl-C, and a terminal that is gone (`terminal_gone`), raise KeyboardInterrupt on every
    path.
    """
    stop_lost()
    try:
        if has_termios() and os.isatty(sys.stdin.fileno()):
            return _read_key_termios()
        if terminal_hung_up():  # (no longer a terminal once gone: not an end of input, `q`)
            raise terminal_gone()
        return read_key_portable()
    except OSError:
        raise terminal_gone() from None


def terminal_hung_up() -> bool:
    """Whether standard input is a terminal that has hung up (its mode calls fail with EIO)."""
    try:
        return _hung_up(sys.stdin.fileno())
    except (OSError, ValueError):
        return False


def _hung_up(fd: int) -> bool:
    """Whether `fd` is a terminal that has hung up (its mode calls fail with EIO)."""
    import errno

    try:
        import termios

        termios.tcgetattr(fd)
    except ImportError:  # Windows
        return False
    except termios.error as exc:
        return bool(exc.args) and exc.args[0] in (errno.EIO, errno.ENXIO)
    except (OSError, ValueError):
        return False
    return False


def terminal_gone() -> KeyboardInterrupt:
    """Reading the terminal failed (EIO: the SSH session dropped, the window was closed): the
    run ends as the hangup signal that comes with it ends it, an interruption (exit 130, the
    draft kept), whichever of the two comes first; the signal, ignored from now on, no longer
    cuts short the saving of the draft (the run ended with a bare "interrupted", exit 2 or
    130 by the race, the draft's id unsaid). The interruption to raise."""
    import signal

    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
    return KeyboardInterrupt()


# Keys typed ahead, kept for the next question: a byte read while looking for the rest of an
# input method's word, and what a line editor read past the Enter that ended its line.
_typed_ahead = bytearray()


def keep_typed_ahead(text: str) -> None:
    """Keys a line editor read with its line, past the Enter that ended it (typed at once, or
    in the same write): the next question reads them first, a key question too (it waited for
    a key already typed: the editor keeps them only for another editor)."""
    _typed_ahead.extend(text.encode(terminal_encoding(), "surrogateescape"))


def take_typed_ahead() -> str:
    """What `read_key` read past a key's answer, looking for the rest of an input method's
    word (a letter typed at once after a full-width `ｎ`), for a question that reads a line
    instead of a key: the line begins with it (it was lost there)."""
    text = typed_ahead_now()
    _typed_ahead.clear()
    return text


def typed_ahead_now() -> str:
    """What `take_typed_ahead` would take, left where it is (what a stop finds typed ahead)."""
    return _typed_ahead.decode(terminal_encoding(), "surrogateescape")


def terminal_encoding() -> str:
    """The encoding the terminal sends keys in, as the locale (or PYTHONIOENCODING) says, the
    one the line editor reads lines in: a GB18030 or GBK terminal on an older Chinese system,
    a Latin-1 one. Keys read byte by byte are read in it too."""
    import codecs

    name = getattr(sys.stdin, "encoding", None) or "utf-8"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return "utf-8"


def encoding_shown(name: str) -> str:
    """An encoding as a terminal's settings and `locale` name it: UTF-8, GB18030, GBK,
    ISO-8859-1 (Python's own names are utf-8, gb18030, iso8859-1)."""
    import codecs
    import re

    with contextlib.suppress(LookupError):
        name = codecs.lookup(name).name
    return re.sub(r"^(iso)(\d)", r"\1-\2", name).upper()


def _read_byte(fd: int) -> bytes:
    if _typed_ahead:
        byte = bytes(_typed_ahead[:1])
        del _typed_ahead[:1]
        return byte
    return _read_woken(fd, 1)


def _read_woken(fd: int, size: int) -> bytes:
    """Up to `size` bytes from the terminal, once `wait_woken` has seen them come."""
    import errno

    wait_woken(fd)
    data = os.read(fd, size)
    if not data and _hung_up(fd):
        # (a terminal closed while waited for reads as an end, not as the error a read
        # already waiting gets)
        raise OSError(errno.EIO, os.strerror(errno.EIO))
    return data


@contextlib.contextmanager
def passphrase_read_woken() -> Iterator[None]:
    """While this lasts, `getpass` waits for the passphrase's line as `wait_woken` waits: a
    stop (Ctrl-C, SIGTERM, SIGHUP) just before its read began left the prompt waiting for a
    passphrase. Its read of the terminal is given a wait before it, past the prompt written
    (getpass's own `_raw_input`); a getpass without it (another Python, Windows) reads as it
    did."""
    import getpass

    raw = getattr(getpass, "_raw_input", None)
    if raw is None:
        yield
        return

    class Waited:
        def __init__(self, stream: Any) -> None:
            self.stream = stream

        def readline(self) -> Any:
            import errno

            try:
                fd = self.stream.fileno()
            except (AttributeError, ValueError, OSError):
                return self.stream.readline()
            wait_woken(fd)
            line = self.stream.readline()
            if not line and _hung_up(fd):  # (closed while waited for: as a read waiting)
                raise OSError(errno.EIO, os.strerror(errno.EIO))
            return line

    def read(*args: Any, **kwargs: Any) -> Any:
        if kwargs.get("input") is not None:
            kwargs["input"] = Waited(kwargs["input"])
        return raw(*args, **kwargs)

    setattr(getpass, "_raw_input", read)  # noqa: B010
    try:
        yield
    finally:
        setattr(getpass, "_raw_input", raw)  # noqa: B010


def line_waited() -> None:
    """`wait_woken` for a line standard input is about to give (read without an editor, in the
    terminal's line mode: a stop as its read began left the walk waiting for a line)."""
    try:
        fd = sys.stdin.fileno()
    except (AttributeError, ValueError, OSError):  # (no file under it: nothing to wait for)
        return
    wait_woken(fd)


def wait_woken(fd: int) -> None:
    """Waits until the terminal `fd` has something to read (a key; in its line mode, a line),
    so that a stop wakes the wait: a signal (Ctrl-C, SIGTERM, SIGHUP) that came just before
    the read began (its handler not yet run), one whose handler ran in a weak reference's
    callback after the question's check (`stop_lost`), or one another thread of the process
    took, left the read waiting for a key or a line, the interruption unraised. Each signal
    writes a byte to a pipe (`signal.set_wakeup_fd`) the wait watches beside the terminal;
    woken by it, the signal's handler has run (and raised), or a stop lost meanwhile is raised
    here. Off the main thread, and where `fd` is no terminal, it returns at once (the read
    waits as it did)."""
    import select
    import signal
    import threading

    try:
        if threading.current_thread() is not threading.main_thread() or not os.isatty(fd):
            return
    except (OSError, ValueError):
        return
    woken, wakes = os.pipe()
    try:
        os.set_blocking(wakes, False)
        before = signal.set_wakeup_fd(wakes, warn_on_full_buffer=False)
        try:
            while True:
                stop_lost()
                if fd in select.select([fd, woken], [], [])[0]:
                    return
                os.read(woken, 512)  # (a signal came: its handler has run, or was lost)
        finally:
            signal.set_wakeup_fd(before)
    finally:
        os.close(woken)
        os.close(wakes)


def _character(fd: int, lead: bytes) -> str:
    """The character that `lead` begins, its other bytes read as the terminal's encoding
    needs them (a GB18030 character has two or four bytes, a Latin-1 one a single byte; they
    were read as UTF-8, and the keys typed after a GB18030 `ｎ` were taken into it). Bytes
    that are no character are U+FFFD; an ASCII key that showed it is kept for the next
    question."""
    import codecs

    decoder = codecs.getincrementaldecoder(terminal_encoding())()
    data = lead
    try:
        text = decoder.decode(lead)
        while not text:
            byte = _read_byte(fd)
            if not byte:  # the end of the input in the middle of a character
                return "\ufffd"
            data += byte
            text = decoder.decode(byte)
    except UnicodeDecodeError:
        if len(data) > 1 and data[-1] < 0x80:
            _typed_ahead[:0] = data[-1:]
        return "\ufffd"
    return text


def _read_key_termios() -> str:
    """One key; or the characters an input method commits at once (`符合`), as one answer."""
    import select
    import termios

    fd = sys.stdin.fileno()
    old = termios.tcgetattr(fd)
    marked = _pastes_marked()
    try:
        cbreak(fd)
        with wanted_when_continued(lambda: cbreak(fd)):
            data = _read_byte(fd)  # one key; keys typed ahead stay for the next questions
        if data == b"\x1b":  # an arrow or function key: swallow its sequence, ask again
            if _typed_ahead:  # (typed ahead: the sequence is there)
                rest = _sequence(bytes(_typed_ahead))
                del _typed_ahead[: len(rest)]
            else:
                rest = _sequence_read(fd)
            if rest == PASTE_BEGINS:
                return _pasted(fd)
            return ""  # (what came after the sequence, typed at once, is the next key)
        if not data or data == b"\x04":
            return "q"
        if data == b"\x03":
            # a Ctrl-C as a byte, not a signal: typed with the Enter of a line question (the
            # line editor keeps what it read past the Enter for this question), while the
            # editor held the terminal's signal keys off, or where SIGINT is ignored
            # (`cbreak`); it was taken for a key that answers nothing, and the walk went on
            raise stop_raised()
        text = _character(fd, data)
        if data[0] >= 0x80:
            # the other characters of the same commit are already waiting; an ASCII key
            # typed after it is kept for the next question
            while not _typed_ahead and select.select([fd], [], [], 0)[0]:
                more = os.read(fd, 1)
                if not more or more[0] < 0x80:
                    _typed_ahead.extend(more)
                    break
                text += _character(fd, more)
    finally:  # (a terminal gone as it was read takes no mode: the read said so, `read_key`)
        with contextlib.suppress(termios.error, OSError):
            termios.tcsetattr(fd, termios.TCSADRAIN, old)
        if marked:
            _mark_pastes(False)
    return text if data[0] >= 0x80 else text[:1]


PASTE_BEGINS, PASTE_ENDS = b"[200~", b"\x1b[201~"  # (the first after its ESC)


def _pastes_marked() -> bool:
    """Asks the terminal to mark what is pasted (bracketed paste), as the line editor does, for
    a key question: where it cannot be told from keys typed at once, a word pasted there (`no`)
    was its first letter, and the rest was typed into the next question. Not at a terminal
    that does not take the request (TERM=dumb, as the line editor), nor where the prompts do
    not go to the terminal. Whether it was asked."""
    from prompt_toolkit.utils import is_dumb_terminal

    try:
        if is_dumb_terminal() or not sys.stderr.isatty():
            return False
    except (AttributeError, ValueError):
        return False
    return _mark_pastes(True)


def _mark_pastes(on: bool) -> bool:
    try:
        sys.stderr.write("\x1b[?2004h" if on else "\x1b[?2004l")
        sys.stderr.flush()
    except (OSError, ValueError):  # (the terminal gone: the read says so)
        return False
    return True


def _pasted(fd: int) -> str:
    """A paste the terminal marked, read to its end: one answer, its blanks and line ends
    around it taken off (`n` copied with its line end is the key `n`); what came after its end
    is kept for the next question. The end of the input ends it too."""
    data = bytearray()
    start = 0  # (where the end may begin, in what was not searched yet)
    while (end := data.find(PASTE_ENDS, start)) < 0:
        start = max(len(data) - len(PASTE_ENDS) + 1, 0)
        if _typed_ahead:
            more = bytes(_typed_ahead)
            _typed_ahead.clear()
        else:
            more = _read_woken(fd, 4096)
        if not more:
            end = len(data)
            break
        data += more
    _typed_ahead[:0] = data[end + len(PASTE_ENDS) :]
    return bytes(data[:end]).decode(terminal_encoding(), "replace").strip()


def _sequence_read(fd: int) -> bytes:
    """The rest of an escape sequence as the terminal sends it, after its ESC (`_sequence`),
    read as far as it goes: its bytes come together. A byte that begins no sequence (a key
    typed at once after a lone Esc) is kept for the next question: it was read and dropped."""
    import select

    rest = b""
    while len(rest) < 32 and select.select([fd], [], [], 0.02)[0]:
        byte = os.read(fd, 1)
        if not byte:
            break
        if not rest and byte not in (b"[", b"O"):
            _typed_ahead.extend(byte)
            break
        rest += byte
        if _sequence(rest) == rest:
            break
    return rest


def _sequence(rest: bytes) -> bytes:
    """The rest of an escape sequence that begins `rest` (after its ESC): `[` or `O`, its
    parameters and its final byte."""
    import re

    found = re.match(rb"\[[0-?]*[ -/]*[@-~]|O.|", rest)
    return found.group() if found is not None else b""


def read_key_portable() -> str:
    """One keypress through prompt_toolkit (Windows consoles, and anywhere without termios)."""
    from prompt_toolkit.application import Application
    from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
    from prompt_toolkit.keys import Keys
    from prompt_toolkit.layout import Layout
    from prompt_toolkit.layout.containers import Window
    from prompt_toolkit.layout.controls import FormattedTextControl

    bindings = KeyBindings()

    @bindings.add(Keys.Any)
    def _key(event: KeyPressEvent) -> None:
        data = event.key_sequence[0].data
        event.app.exit(result=data if len(data) == 1 else "")

    @bindings.add(Keys.BracketedPaste)
    def _paste(event: KeyPressEvent) -> None:
        event.app.exit(result=event.data.strip())  # one answer, as `_pasted`

    @bindings.add(Keys.ControlC)
    def _interrupt(event: KeyPressEvent) -> None:
        event.app.exit(exception=KeyboardInterrupt())

    @bindings.add(Keys.ControlD)
    def _end(event: KeyPressEvent) -> None:
        event.app.exit(result="q")

    for name in (Keys.Enter, Keys.ControlJ, Keys.ControlL):

        @bindings.add(name)
        def _enter(event: KeyPressEvent) -> None:
            event.app.exit(result="\n")

    for name in (Keys.Up, Keys.Down, Keys.Left, Keys.Right, Keys.Escape):

        @bindings.add(name)
        def _other(event: KeyPressEvent) -> None:
            event.app.exit(result="")

    app: Application[str] = Application(
        layout=Layout(Window(FormattedTextControl(""), height=0)),
        key_bindings=bindings,
        full_screen=False,
        erase_when_done=True,
    )
    ctrl_c_after_the_line(app)
    try:
        with cancelled_as_ctrl_c():
            key = app.run(in_thread=False)
    except EOFError:
        return "q"
    stop_lost()  # a Ctrl-C typed as the key was taken
    return key


def no_core_dumps() -> None:
    """No core file from here on (the soft limit set to 0, as ssh-agent keeps its keys out of
    one): a crash or a Ctrl-\\ after a passphrase or a private key was read would write them,
    with the draft's answers, into a file in the current directory or the system's store.
    Nothing where there are no such limits (Windows)."""
    try:
        import resource
    except ImportError:
        return
    with contextlib.suppress(ValueError, OSError):
        soft, hard = resource.getrlimit(resource.RLIMIT_CORE)
        if soft != 0:
            resource.setrlimit(resource.RLIMIT_CORE, (0, hard))
