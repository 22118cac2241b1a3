"""How one key is read at a POSIX terminal (portable.py), on a real pseudo-terminal: keys typed
ahead stay for the next questions, an arrow's escape sequence is swallowed whole, the characters
an input method commits at once are one answer, bytes are read in the terminal's encoding, and
the terminal is put back as it was."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import termios
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from minecheck import portable
from minecheck.portable import (
    encoding_shown,
    keep_typed_ahead,
    line_mode,
    read_key,
    take_typed_ahead,
    typing_kept,
)
from minecheck.portable_files import held_in_place

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="a POSIX pseudo-terminal")


class Keyboard:
    """A pseudo-terminal standing in as standard input: `type` writes what the inspector
    types, `keys` reads that many keys as the walk does."""

    def __init__(self, master: int, slave: int) -> None:
        self.master, self.slave = master, slave

    def type(self, data: bytes) -> None:
        os.write(self.master, data)

    def keys(self, n: int) -> list[str]:
        return [read_key() for _ in range(n)]


def _keyboard(monkeypatch: pytest.MonkeyPatch, encoding: str) -> Iterator[Keyboard]:
    master, slave = os.openpty()
    stdin = open(slave, encoding=encoding, closefd=False)  # noqa: SIM115
    monkeypatch.setattr(sys, "stdin", stdin)
    take_typed_ahead()
    try:
        yield Keyboard(master, slave)
    finally:
        take_typed_ahead()
        stdin.close()
        for fd in (master, slave):
            with contextlib.suppress(OSError):
                os.close(fd)


@pytest.fixture
def keyboard(monkeypatch: pytest.MonkeyPatch) -> Iterator[Keyboard]:
    yield from _keyboard(monkeypatch, "utf-8")


@pytest.fixture
def gb_keyboard(monkeypatch: pytest.MonkeyPatch) -> Iterator[Keyboard]:
    yield from _keyboard(monkeypatch, "gb18030")


@pytest.fixture
def latin1_keyboard(monkeypatch: pytest.MonkeyPatch) -> Iterator[Keyboard]:
    yield from _keyboard(monkeypatch, "latin-1")


def test_keys_typed_ahead_are_the_next_answers_one_by_one(keyboard: Keyboard) -> None:
    keyboard.type(b"ynq")
    assert keyboard.keys(3) == ["y", "n", "q"]


@pytest.mark.parametrize(
    "arrow",
    [b"\x1b[A", b"\x1b[1;5C", b"\x1bOP", b"\x1b[15~"],
    ids=["up", "ctrl-right", "F1", "F5"],
)
def test_an_arrow_or_function_key_is_no_answer_and_leaves_no_letter(
    keyboard: Keyboard, arrow: bytes
) -> None:
    keyboard.type(arrow)
    assert keyboard.keys(1) == [""]
    keyboard.type(b"n")
    assert keyboard.keys(1) == ["n"]  # not the sequence's "A", "C", "P" or "~"


@pytest.mark.parametrize("arrow", ["\x1b[A", "\x1b[1;5C", "\x1bOP", "\x1b[15~"])
def test_an_arrow_typed_ahead_of_a_line_is_swallowed_whole(keyboard: Keyboard, arrow: str) -> None:
    """Keys a line editor read past its line's Enter: an arrow among them is no answer, and the
    key after it is the next one."""
    keep_typed_ahead(arrow + "y")
    assert keyboard.keys(2) == ["", "y"]


def test_a_lone_escape_typed_ahead_takes_no_key_after_it(keyboard: Keyboard) -> None:
    keep_typed_ahead("\x1by")  # Esc then y: "y" is no sequence's rest
    assert keyboard.keys(2) == ["", "y"]


def test_ctrl_d_ends_the_walk_as_q(keyboard: Keyboard) -> None:
    with typing_kept(keyboard.slave):  # as the walk holds it: Ctrl-D is a byte, not an EOF
        keyboard.type(b"\x04")
        assert keyboard.keys(1) == ["q"]


def test_a_key_typed_ahead_by_a_line_editor_is_read_before_the_terminal(
    keyboard: Keyboard,
) -> None:
    keyboard.type(b"n")
    keep_typed_ahead("y")
    assert keyboard.keys(2) == ["y", "n"]


def test_the_characters_an_input_method_commits_at_once_are_one_answer(
    keyboard: Keyboard,
) -> None:
    keyboard.type("符合".encode())
    assert keyboard.keys(1) == ["符合"]


def test_a_letter_typed_right_after_a_full_width_key_is_the_next_answer(
    keyboard: Keyboard,
) -> None:
    keyboard.type("ｎy".encode())
    assert keyboard.keys(1) == ["ｎ"]
    assert take_typed_ahead() == "y"  # a line question begins with it


def test_a_gb18030_terminal_sends_chinese_in_its_own_bytes(gb_keyboard: Keyboard) -> None:
    gb_keyboard.type("符".encode("gb18030") + "ｎ".encode("gb18030") + b"y")
    assert gb_keyboard.keys(1) == ["符ｎ"]
    assert gb_keyboard.keys(1) == ["y"]


def test_a_latin1_terminal_sends_one_byte_a_character(latin1_keyboard: Keyboard) -> None:
    latin1_keyboard.type("é".encode("latin-1"))
    assert latin1_keyboard.keys(1) == ["é"]


def test_a_byte_that_is_no_character_is_a_replacement_and_the_next_key_is_kept(
    keyboard: Keyboard,
) -> None:
    keyboard.type(b"\xe5y")  # a UTF-8 lead byte, then an ASCII key
    assert keyboard.keys(1) == ["\ufffd"]
    assert keyboard.keys(1) == ["y"]


def test_a_stray_continuation_byte_is_a_replacement(keyboard: Keyboard) -> None:
    keyboard.type(b"\x80")
    assert keyboard.keys(1) == ["\ufffd"]


def test_the_end_of_typed_ahead_input_inside_a_character_is_a_replacement(
    keyboard: Keyboard, monkeypatch: pytest.MonkeyPatch
) -> None:
    # (the terminal's read: a wait woken by a stop, then the read)
    monkeypatch.setattr(portable, "_read_woken", lambda fd, n: b"")
    keep_typed_ahead("\udce5")  # the lead byte of a character, then nothing
    assert keyboard.keys(1) == ["\ufffd"]


def test_the_terminal_is_put_back_after_each_key(keyboard: Keyboard) -> None:
    before = termios.tcgetattr(keyboard.slave)
    keyboard.type(b"y\x1b[A")
    keyboard.keys(2)
    assert termios.tcgetattr(keyboard.slave) == before


def test_a_key_asked_after_the_terminal_hung_up_is_an_interruption_not_q(
    keyboard: Keyboard, capfd: pytest.CaptureFixture[str]
) -> None:
    """The SSH session dropped before a key question was asked: a hung-up terminal is no
    terminal to `isatty`, and the key was read by the portable reader, which warned "Input is
    not a terminal" in English and answered `q` (the walk quit as if asked to)."""
    before = signal.getsignal(signal.SIGHUP)
    os.close(keyboard.master)
    try:
        with pytest.raises(KeyboardInterrupt):
            keyboard.keys(1)
        assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN  # the draft's save not cut
    finally:
        signal.signal(signal.SIGHUP, before)
    assert capfd.readouterr() == ("", "")


def test_a_terminal_gone_while_a_key_is_awaited_is_an_interruption(
    keyboard: Keyboard, monkeypatch: pytest.MonkeyPatch
) -> None:
    def gone(fd: int, n: int) -> bytes:
        raise OSError(5, "Input/output error")

    before = signal.getsignal(signal.SIGHUP)
    monkeypatch.setattr(portable, "_read_woken", gone)
    try:
        with pytest.raises(KeyboardInterrupt):
            keyboard.keys(1)
        assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGHUP, before)


def test_a_stop_already_raised_asks_no_question(
    keyboard: Keyboard, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(portable, "_stop_raised", [True])
    keyboard.type(b"y")
    with pytest.raises(KeyboardInterrupt):
        keyboard.keys(1)


def _modes(fd: int) -> Any:
    return termios.tcgetattr(fd)[3] & (termios.ICANON | termios.ECHO)


def test_a_line_read_while_held_gets_the_terminals_own_modes_then_the_held_ones(
    keyboard: Keyboard,
) -> None:
    own = _modes(keyboard.slave)
    assert own == termios.ICANON | termios.ECHO
    with typing_kept(keyboard.slave):
        assert _modes(keyboard.slave) == 0
        with line_mode():
            assert _modes(keyboard.slave) == own
        assert _modes(keyboard.slave) == 0
    assert _modes(keyboard.slave) == own


def test_nested_holds_give_the_terminal_back_once(keyboard: Keyboard) -> None:
    before = termios.tcgetattr(keyboard.slave)
    with typing_kept(keyboard.slave):
        with typing_kept(keyboard.slave):
            assert signal.getsignal(signal.SIGTSTP) is portable._stopped
        assert signal.getsignal(signal.SIGTSTP) is portable._stopped  # still held
        with line_mode():
            assert _modes(keyboard.slave) == termios.ICANON | termios.ECHO
    assert signal.getsignal(signal.SIGTSTP) is signal.SIG_DFL
    assert signal.getsignal(signal.SIGCONT) is signal.SIG_DFL
    assert termios.tcgetattr(keyboard.slave) == before


def test_continued_after_a_stop_from_outside_the_held_modes_come_back(
    keyboard: Keyboard,
) -> None:
    """`kill -STOP` and `fg`: the shell gave the terminal its line mode; a SIGCONT sets the
    walk's again, else a key question waited for Enter."""
    own = termios.tcgetattr(keyboard.slave)
    with typing_kept(keyboard.slave):
        termios.tcsetattr(keyboard.slave, termios.TCSANOW, own)  # as the shell leaves it
        os.kill(os.getpid(), signal.SIGCONT)
        assert _modes(keyboard.slave) == 0
        with line_mode():
            termios.tcsetattr(keyboard.slave, termios.TCSANOW, termios.tcgetattr(keyboard.slave))
            os.kill(os.getpid(), signal.SIGCONT)
            assert _modes(keyboard.slave) == termios.ICANON | termios.ECHO


def test_ctrl_z_where_stopping_is_ignored_leaves_it_ignored(keyboard: Keyboard) -> None:
    before = signal.signal(signal.SIGTSTP, signal.SIG_IGN)
    try:
        with typing_kept(keyboard.slave):
            assert signal.getsignal(signal.SIGTSTP) is signal.SIG_IGN
        assert signal.getsignal(signal.SIGTSTP) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGTSTP, before)


@pytest.mark.parametrize(
    ("name", "shown"),
    [("utf-8", "UTF-8"), ("latin-1", "ISO-8859-1"), ("gb18030", "GB18030"), ("nope", "NOPE")],
)
def test_an_encoding_is_named_as_a_terminals_settings_name_it(name: str, shown: str) -> None:
    assert encoding_shown(name) == shown


def test_a_terminal_encoding_python_does_not_know_is_read_as_utf8(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Odd:
        encoding = "x-unknown"

    monkeypatch.setattr(sys, "stdin", Odd())
    assert portable.terminal_encoding() == "utf-8"
    monkeypatch.setattr(sys, "stdin", None)
    assert portable.terminal_encoding() == "utf-8"


class Busy(Exception):
    pass


def _locked_elsewhere(path: Path) -> bool:
    """Whether another minecheck holding `path` in place would have to wait."""
    import fcntl

    fd = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


def test_a_file_signed_in_place_is_held_until_written_then_let_go(tmp_path: Path) -> None:
    signed = tmp_path / "f.toml"
    signed.write_bytes(b"x")
    with held_in_place(signed, wait=1, busy=Busy):
        assert _locked_elsewhere(signed)
    assert not _locked_elsewhere(signed)


def test_a_second_signer_of_the_same_file_gives_up_after_the_wait(tmp_path: Path) -> None:
    """(It gives up with no descriptor left open.)"""
    signed = tmp_path / "f.toml"
    signed.write_bytes(b"x")
    opened = _descriptors()
    with held_in_place(signed, wait=1, busy=Busy):
        started = time.monotonic()
        with pytest.raises(Busy), held_in_place(signed, wait=0.3, busy=Busy):
            pass
        assert 0.3 <= time.monotonic() - started < 5
    assert not _locked_elsewhere(signed)
    assert _descriptors() == opened


@contextlib.contextmanager
def _first_signer_then(signed: Path, change: Callable[[], None]) -> Iterator[None]:
    """A first signer holds `signed`, then (0.2 s on, in a thread) makes `change` and lets
    go: the block waits on it as a second signer would."""
    first = held_in_place(signed, wait=1, busy=Busy)
    first.__enter__()

    def change_and_let_go() -> None:
        time.sleep(0.2)
        change()
        first.__exit__(None, None, None)

    writer = threading.Thread(target=change_and_let_go)
    writer.start()
    try:
        yield
    finally:
        writer.join()


def test_a_second_signer_that_waited_on_a_file_removed_meanwhile_holds_nothing(
    tmp_path: Path,
) -> None:
    """The first signer removes the file the second waits on: the second holds nothing (its
    read then says the file is missing), and no descriptor is left open, nor closed twice."""
    signed = tmp_path / "f.toml"
    signed.write_bytes(b"old")
    opened = _descriptors()
    with _first_signer_then(signed, signed.unlink), held_in_place(signed, wait=5, busy=Busy):
        assert not signed.exists()
    assert _descriptors() == opened


def test_a_second_signer_waits_and_then_holds_the_file_the_first_wrote(tmp_path: Path) -> None:
    """The first signer puts a new file under the name: the second, which waited on the old
    one, holds the new one (else a third read the old name's file unheld), and lets the old
    one go: once done, no descriptor is left open."""
    signed = tmp_path / "f.toml"
    signed.write_bytes(b"old")
    opened = _descriptors()

    def write() -> None:
        new = tmp_path / "new"
        new.write_bytes(b"new")
        os.replace(new, signed)

    with _first_signer_then(signed, write), held_in_place(signed, wait=5, busy=Busy):
        assert signed.read_bytes() == b"new"
        assert _locked_elsewhere(signed)
    assert not _locked_elsewhere(signed)
    assert _descriptors() == opened


def _descriptors() -> int | None:
    """How many descriptors this process has open (None where /proc cannot say)."""
    where = "/proc/self/fd"
    return len(os.listdir(where)) if os.path.isdir(where) else None


def test_a_file_that_cannot_be_opened_is_not_held_and_the_read_says_why(tmp_path: Path) -> None:
    with held_in_place(tmp_path / "missing.toml", wait=0, busy=Busy):
        pass


def test_a_dropped_session_is_told_from_a_file_and_a_live_terminal(
    keyboard: Keyboard, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whether a passphrase that cannot be hidden is refused as a usage error (a file, a live
    terminal) or ends as an interruption (the SSH session dropped)."""
    assert not portable.terminal_hung_up()
    os.close(keyboard.master)
    assert portable.terminal_hung_up()
    with (tmp_path / "answers").open("w+") as file:
        monkeypatch.setattr(sys, "stdin", file)
        assert not portable.terminal_hung_up()
    assert not portable.terminal_hung_up()  # (closed: no descriptor)


@pytest.mark.parametrize("in_line_mode", [False, True])
def test_ctrl_z_gives_the_shell_the_terminals_modes_and_fg_the_walks(
    keyboard: Keyboard, monkeypatch: pytest.MonkeyPatch, in_line_mode: bool
) -> None:
    """Stopped with the terminal held, the shell got cbreak (no echo at its prompt); continued,
    the walk's modes came back only at the next question, which then waited for Enter. The stop
    itself is the process's own `kill`, stood in for here."""
    own = _modes(keyboard.slave)
    at_the_stop: list[tuple[int, int, Any, Any]] = []

    def stop(pid: int, signum: int) -> None:
        assert pid == os.getpid()
        at_the_stop.append(
            (
                signum,
                _modes(keyboard.slave),
                signal.getsignal(signal.SIGTSTP),
                signal.getsignal(signal.SIGCONT),
            )
        )
        mode = termios.tcgetattr(keyboard.slave)
        mode[3] |= termios.ICANON | termios.ECHO  # as the shell leaves it at `fg`
        termios.tcsetattr(keyboard.slave, termios.TCSANOW, mode)

    with typing_kept(keyboard.slave):
        wanted = _modes(keyboard.slave)
        with line_mode() if in_line_mode else contextlib.nullcontext():
            if in_line_mode:
                wanted = own
            monkeypatch.setattr(os, "kill", stop)
            assert signal.getsignal(signal.SIGTSTP) is portable._stopped
            portable._stopped(signal.SIGTSTP, None)  # Ctrl-Z
            monkeypatch.undo()
            assert at_the_stop == [(signal.SIGTSTP, own, signal.SIG_DFL, signal.SIG_DFL)]
            assert _modes(keyboard.slave) == wanted
            assert signal.getsignal(signal.SIGTSTP) is portable._stopped  # a second Ctrl-Z too
            assert signal.getsignal(signal.SIGCONT) is portable._continued
    assert _modes(keyboard.slave) == own


def test_ctrl_c_typed_between_two_questions_stops_the_next_where_sigint_is_ignored(
    keyboard: Keyboard, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A walk started with SIGINT ignored (`trap '' INT`, `&` in a script): a Ctrl-C typed as
    the walk moved on (an answer saved, the next question not yet asked) was a signal nobody
    took, and the terminal dropped it with the keys typed with it; the next question waited.
    It stays a key there now, and the next question reads it as the stop it is (130)."""
    monkeypatch.setattr(portable, "_stop_raised", [])
    own = termios.tcgetattr(keyboard.slave)
    before = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        with typing_kept(keyboard.slave):
            keyboard.type(b"\x03")  # between two questions
            time.sleep(0.1)
            keyboard.type(b"y")
            with pytest.raises(KeyboardInterrupt):
                read_key()
    finally:
        signal.signal(signal.SIGINT, before)
    assert termios.tcgetattr(keyboard.slave) == own  # (Ctrl-C a signal key again)


def test_a_marked_paste_at_a_key_question_is_one_answer_and_what_follows_is_kept(
    keyboard: Keyboard,
) -> None:
    """A paste the terminal marks is one answer, read to its end however it arrives, its
    blanks and line end taken off; a key typed after it is the next question's."""
    keyboard.type(b"\x1b[200~ no\r\n\x1b[20")
    keyboard.type(b"1~y\x1b[200~\xe6\x98\xaf\x1b[201~")

    def waited(signum: int, frame: object) -> None:
        raise TimeoutError  # (the paste taken for an escape key: the rest was dropped too)

    before = signal.signal(signal.SIGALRM, waited)
    signal.alarm(10)
    try:
        assert keyboard.keys(3) == ["no", "y", "是"]
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, before)


@pytest.mark.parametrize("ignored", [False, True], ids=["sigint-taken", "sigint-ignored"])
def test_between_questions_a_cr_stays_a_cr_and_ctrl_c_a_signal_where_sigint_is_taken(
    ignored: bool,
) -> None:
    """Held between questions (`cbreak`), the terminal hands a pasted CR LF on as typed, where
    the kernel made the CR an LF and the walk read two Enters (the second answered the next
    question empty); and Ctrl-C stays the signal key where SIGINT is taken (it stops at once,
    even while the walk saves), and is read as a key only where SIGINT is ignored."""
    master, slave = os.openpty()
    was = signal.signal(signal.SIGINT, signal.SIG_IGN if ignored else signal.default_int_handler)
    try:
        portable.cbreak(slave)
        intr = termios.tcgetattr(slave)[6][termios.VINTR]
        os.write(master, b"0.5\r\n")
        time.sleep(0.2)
        assert os.read(slave, 100) == b"0.5\r\n"
    finally:
        signal.signal(signal.SIGINT, was)
        os.close(master)
        os.close(slave)
    assert (intr != b"\x03") is ignored


def _within(seconds: int) -> Any:
    """Fails a reading that waits longer than SECONDS (a paste never ended waits for ever)."""

    def waited(signum: int, frame: object) -> None:
        raise TimeoutError

    @contextlib.contextmanager
    def limit() -> Iterator[None]:
        before = signal.signal(signal.SIGALRM, waited)
        signal.alarm(seconds)
        try:
            yield
        finally:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, before)

    return limit()


@pytest.mark.parametrize(
    ("writes", "keys"),
    [
        ([b"\x1b[200~\x1b[201~y"], ["", "y"]),  # nothing pasted (an empty clipboard)
        ([b"\x1b[200~", b"\x1b[201~y"], ["", "y"]),  # its end in the next read
        ([b"\x1b[200~no\x1b[201", b"~y"], ["no", "y"]),  # the end's last byte in the next read
        ([b"\x1b[200~y\x1b[201~n", b"\x1b[200~\xe6\x98\xaf\x1b[201~q"], ["y", "n", "是", "q"]),
        ([b"\x1b[200~no\x1b[20", b"1", b"~y"], ["no", "y"]),  # the end in three reads
        ([b"\x1b[200~\xffn\x1b[201~y"], ["\ufffdn", "y"]),  # a byte not UTF-8
    ],
    ids=[
        "empty",
        "empty-split",
        "end-split-late",
        "one-after-another",
        "end-in-three",
        "not-utf-8",
    ],
)
def test_a_marked_paste_is_one_answer_however_its_end_arrives(
    keyboard: Keyboard, writes: list[bytes], keys: list[str]
) -> None:
    """A paste the terminal marks is one answer, read to its end wherever the end falls in what
    the terminal sends, and the keys after it are the next questions', each once: an empty
    paste (its end right after its beginning) and an end whose last byte came late were not
    seen, and the question waited for ever; a byte not in the terminal's encoding is shown as
    the replacement character, the answer refused."""
    later = [  # (each write after the one before was read)
        threading.Timer(0.3 * n, keyboard.type, [data]) for n, data in enumerate(writes[1:], 1)
    ]
    keyboard.type(writes[0])
    for write in later:
        write.start()
    try:
        with _within(10):
            assert keyboard.keys(len(keys)) == keys
    finally:
        for write in later:
            write.join()


def test_keys_read_with_a_marked_paste_are_each_answered_once(keyboard: Keyboard) -> None:
    """Two pastes and the keys after them, arriving together, are four answers; a key typed
    after them is the next answer, and nothing of the pastes is read again."""
    keyboard.type("\x1b[200~y\x1b[201~n\x1b[200~是\x1b[201~q".encode())
    with _within(10):
        assert keyboard.keys(4) == ["y", "n", "是", "q"]
        keyboard.type(b"x")
        assert keyboard.keys(1) == ["x"]


def test_a_marked_paste_cut_off_by_the_terminal_closing_ends_as_a_terminal_gone(
    keyboard: Keyboard,
) -> None:
    """A terminal closed in the middle of a marked paste (the window shut as it pasted) ends
    the paste, and the question ends as at any terminal gone (the walk's stop, its draft
    kept): putting the terminal's modes back raised termios' own error, which no caller
    takes, in place of the stop."""
    keyboard.type(b"\x1b[200~ no")
    nothing = os.open(os.devnull, os.O_RDONLY)
    # (the terminal's side closed by putting nothing in its place: its number stays taken,
    # for the keyboard to close as it ends)
    closing = threading.Timer(0.3, os.dup2, [nothing, keyboard.master])
    closing.start()
    try:
        with _within(10), pytest.raises(KeyboardInterrupt):
            read_key()
    finally:
        closing.join()
        os.close(nothing)


def _shown_so_far(master: int) -> bytes:
    """All the terminal was sent, read until nothing more comes for a while."""
    import select

    shown = b""
    while select.select([master], [], [], 0.5)[0]:
        shown += os.read(master, 4096)
    return shown


@pytest.mark.parametrize(
    ("term", "prompts_shown", "marked"),
    [("xterm", True, True), ("dumb", True, False), ("xterm", False, False)],
    ids=["xterm", "dumb", "prompts-to-a-file"],
)
def test_a_key_question_asks_to_mark_pastes_only_of_a_terminal_that_shows_it(
    keyboard: Keyboard,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    term: str,
    prompts_shown: bool,
    marked: bool,
) -> None:
    """The request to mark pastes (and its end) is written where the prompts go: a dumb
    terminal shows it as the characters it is made of, and prompts sent to a file had it
    written into the file. It is written only to a terminal that is not dumb."""
    monkeypatch.setenv("TERM", term)
    shown = open(keyboard.slave, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
    log = tmp_path / "prompts.log"
    with shown, log.open("w", encoding="utf-8") as to_file:
        monkeypatch.setattr(sys, "stderr", shown if prompts_shown else to_file)
        mode = termios.tcgetattr(keyboard.slave)
        mode[3] &= ~termios.ECHO  # (no echo of the `y` typed before the question, to tell apart)
        termios.tcsetattr(keyboard.slave, termios.TCSANOW, mode)
        keyboard.type(b"y")
        assert keyboard.keys(1) == ["y"]
    written = _shown_so_far(keyboard.master) if prompts_shown else log.read_bytes()
    assert written == (b"\x1b[?2004h\x1b[?2004l" if marked else b""), written
