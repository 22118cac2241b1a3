"""Mutation round 119: tests that kill the mutants of `open_named`, `read_limited`, the batch's
reader, the next-second wait, the tie check, the site codes' fold and the cache's reasons that
the tests before them let live."""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from tests.conftest import within
from tests.helpers_merge import findings
from tests.test_expert_panel import ACCEPT, REF, REVIEWERS, by, panel
from tests.test_loose_ends27 import ALICE, _alike, people
from tests.test_loose_ends32 import LONG, UNSEEN_SAID
from tests.test_same_second import RECTIFIED, Clock, T, clock, created, events_at

__all__ = ["clock", "panel", "people"]  # the fixtures


def test_a_code_ending_in_a_blank_braille_pattern_is_alike_and_not_named(
    tmp_path: Path, people: dict[str, Any], cli: Any
) -> None:
    """The blank Braille pattern (U+2800) is drawn as a blank: a code ending in it is alike
    its code without, and said among the blanks, not named by its escape."""
    files, trust = _alike(tmp_path, people, "HLJ-0001\u2800")
    run = cli(["summary", *files, *trust, "--lang", "en"])
    said = LONG["en"].format(a="'HLJ-0001'", b="'HLJ-0001\u2800'")
    assert (run.exit_code, run.stderr) == (0, said)


def test_a_character_at_two_codes_ends_is_named_once(
    tmp_path: Path, people: dict[str, Any], cli: Any
) -> None:
    """Two codes apart by letter case, each ending in a zero-width space: the space is named
    once, not once a code."""
    files, trust = _alike(tmp_path, people, "hlj-0001\u200b")
    (tmp_path / "docs" / "alice.toml").write_bytes(
        findings(people["alice"], ALICE, site_id="HLJ-0001\u200b")
    )
    run = cli(["summary", *files, *trust, "--lang", "en"])
    codes = "'HLJ-0001\\u200b', 'hlj-0001\\u200b'"
    said = UNSEEN_SAID["en"].format(codes=codes, characters="\\u200b")
    assert (run.exit_code, run.stderr) == (0, said)


def test_a_rectification_a_two_second_file_system_dates_before_its_second_is_a_tie(
    cli: Any, panel: dict[str, Any], clock: Clock
) -> None:
    """A file system that keeps modification times in 2-second steps (FAT, as on a USB stick)
    dates a file written in an odd second a second before it: the rectification signed at
    08:00:01, its file dated 08:00:00, and the acceptance signed in that same second still
    waits for the next one (it was read only from files modified since 08:00:01)."""
    p = panel["people"]
    clock.now = T + dt.timedelta(seconds=1)
    run = cli(["followup", REF, *RECTIFIED, "-o", "f1.toml", *by(p["mine"])])
    assert (run.exit_code, run.stderr) == (0, "")
    os.utime("f1.toml", (T.timestamp(), T.timestamp()))
    run = cli(["followup", REF, *ACCEPT, *REVIEWERS, "-o", "a.toml", *by(p["chen"])])
    assert (run.exit_code, run.stdout, run.stderr) == (0, "a.toml\n", "")
    later = T + dt.timedelta(seconds=2)
    assert (len(clock.waited), created("a.toml"), events_at("a.toml")) == (1, later, [later])


def _lying(monkeypatch: pytest.MonkeyPatch, fifo: Path, times: int) -> None:
    """The look at `fifo` says a regular file the first `times` times (a FIFO put at the name
    between the look and the open: the race `open_named` opens again for)."""
    regular = fifo.with_name("regular")
    regular.write_bytes(b"")
    real_stat = os.stat
    told = iter(range(times))

    def stat(path: Any, *args: Any, **kwargs: Any) -> os.stat_result:
        if os.fspath(path) == str(fifo) and next(told, None) is not None:
            return real_stat(regular)
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", stat)


@contextlib.contextmanager
def _after(seconds: float, act: Any) -> Iterator[threading.Thread]:
    """`act` run in a thread `seconds` from now, joined at the end."""

    def late() -> None:
        time.sleep(seconds)
        act()

    thread = threading.Thread(target=late, daemon=True)
    thread.start()
    yield thread
    thread.join(10)


def test_a_fifo_swapped_in_after_every_look_is_read_to_its_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A FIFO at a name looked at as a regular file both times (put there after each look):
    the second open is kept and read as a pipe, waiting for more until its writer ends, not
    said "cannot read" when its buffer is empty for a moment."""
    from minecheck.fileio import read_limited

    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    held = os.open(fifo, os.O_RDWR)  # (a writer there all along)
    os.write(held, b"abc")
    _lying(monkeypatch, fifo, 2)

    def ends() -> None:
        os.write(held, b"def")
        os.close(held)

    with _after(0.3, ends):
        assert read_limited(fifo, 100, "document") == b"abcdef"


def test_a_fifo_put_at_the_name_after_the_look_is_opened_again_waiting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A FIFO put at the name after the first look (a regular file then): opened without
    waiting it has no writer yet and reads as empty; it is opened again, waiting, and read
    once its writer comes."""
    from minecheck.fileio import read_limited

    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    _lying(monkeypatch, fifo, 1)

    def writes() -> None:
        for _ in range(100):
            try:
                fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
            except OSError as exc:  # (ENXIO: no reader yet)
                if exc.errno != errno.ENXIO:
                    raise
                time.sleep(0.05)
                continue
            os.write(fd, b"abc")
            os.close(fd)
            return

    with _after(0.3, writes):
        assert read_limited(fifo, 100, "document") == b"abc"


@pytest.mark.parametrize(
    ("micro", "moved", "asked"),
    [(750_000, 0.2, 0.25), (995_000, 0.2, 0.01), (750_000, 0.9, 0.1)],
    ids=["the-second-s-rest", "at-least-a-hundredth", "no-later-than-a-second-on"],
)
def test_the_wait_for_the_next_second_asks_its_rest_and_ends_within_a_second(
    clock: Clock, micro: int, moved: float, asked: float
) -> None:
    """The wait for the next second pauses for what is left of the real second (at least a
    hundredth: not a busy loop), and never past a second since it began; the time it gives
    is the clock's once it has moved past `now`."""
    from minecheck.cli._refs import next_second

    real = dt.datetime(2026, 12, 1, 8, 0, 0, micro, tzinfo=dt.UTC)
    ticks = iter([100.0])
    now = SimpleNamespace(now=lambda tz: real)
    fake_dt = SimpleNamespace(UTC=dt.UTC, timedelta=dt.timedelta, datetime=now)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("minecheck.cli._refs.dt", fake_dt)
        patch.setattr(time, "monotonic", lambda: next(ticks, 100.0 + moved))
        got = next_second(T)
    assert got == T + dt.timedelta(seconds=1)
    assert clock.waited == [pytest.approx(asked)]


def test_the_pause_sleeps_what_it_is_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    """The wait's pause sleeps the time asked (a shorter one makes the wait a busy loop)."""
    from minecheck.cli._refs import _pause

    slept: list[float] = []
    monkeypatch.setattr(time, "sleep", slept.append)
    _pause(0.25)
    assert slept == [0.25]


def test_a_fifo_swapped_in_where_no_pipe_is_read_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A FIFO put at a name looked at as a regular file, where no pipe is read (a file met in a
    folder, by the batch's reader and by `read_limited(pipe_ok=False)`): refused with its kind,
    nothing read from it."""
    from minecheck.errors import UnreadableInput
    from minecheck.fileio import read_limited
    from minecheck.report.batch import read_file

    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    held = os.open(fifo, os.O_RDWR)
    os.write(held, b"abc")
    _lying(monkeypatch, fifo, 4)
    try:
        with within(10), pytest.raises(UnreadableInput) as refused:
            read_limited(fifo, 100, "document", pipe_ok=False)
        assert read_file(str(fifo), 100) == "not a regular file (a FIFO)"
    finally:
        os.close(held)
    assert refused.value.message == f"{fifo}: not a regular file (a FIFO)"


def test_a_fifo_where_no_pipe_is_read_is_refused_at_once(tmp_path: Path) -> None:
    """`read_limited(pipe_ok=False)` (a folder's file, a draft, the key list) of a FIFO with no
    writer: refused at once, not waited on."""
    from minecheck.errors import UnreadableInput
    from minecheck.fileio import read_limited

    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    with within(10), pytest.raises(UnreadableInput) as refused:
        read_limited(fifo, 100, "draft", pipe_ok=False)
    assert refused.value.message == f"{fifo}: not a regular file (a FIFO)"


def test_a_file_whose_size_the_system_does_not_say_is_over_the_limit_without_a_size() -> None:
    """A regular file that says it is empty and is not (/proc's, one that grows while read):
    over the limit is said without a size, not the count read so far as its size."""
    from minecheck.errors import InputError
    from minecheck.fileio import read_limited

    with pytest.raises(InputError) as refused:
        read_limited("/proc/self/status", 10, "document")
    said = "/proc/self/status: document is over the limit of 10 bytes"
    assert refused.value.message == said


def test_codes_apart_by_full_case_folding_are_alike(
    tmp_path: Path, people: dict[str, Any], cli: Any
) -> None:
    """`STRASSE` is the capital form of `straße`: the codes differ only in letter case."""
    files, trust = _alike(tmp_path, people, "hlj-straße")
    (tmp_path / "docs" / "alice.toml").write_bytes(
        findings(people["alice"], ALICE, site_id="HLJ-STRASSE")
    )
    run = cli(["summary", *files, *trust, "--lang", "en"])
    said = LONG["en"].format(a="'HLJ-STRASSE'", b="'hlj-straße'")
    assert (run.exit_code, run.stderr) == (0, said)


def test_a_user_with_no_name_is_said_by_number() -> None:
    from minecheck.report.cache import _owner

    assert _owner(2**31 - 7) == "2147483641"


def test_a_system_error_without_words_is_said_by_its_text(tmp_path: Path) -> None:
    """An OSError raised with a text alone (no errno, no strerror): the text is the reason."""
    from minecheck.report.cache import _reason

    assert _reason(OSError("the disk went away")) == "the disk went away"


def test_what_is_in_the_way_is_said_before_a_full_disk(tmp_path: Path) -> None:
    """A full disk met where a folder stands at the cache's `-wal`: the folder is said (moving
    it mends the cache; more room would not)."""
    from minecheck.report.cache import ToMend, _note_to_mend, take_to_mend

    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    path = folder / "results.sqlite3"
    (folder / "results.sqlite3-wal").mkdir()
    take_to_mend()
    _note_to_mend(path, full=True, reason="database or disk is full")
    assert take_to_mend() == ToMend("in-the-way", folder / "results.sqlite3-wal")


FOLDER_NAMED = {
    ("show", "en"): "minecheck: error: d: is a directory, not a document\n"
    "  hint: name the files in it (FOLDER/*.toml); verify, summary and export take a folder\n",
    ("show", "zh"): "minecheck: error: d：是一个目录，不是文件\n"
    "  hint: 请逐个给出其中的文件（文件夹/*.toml）；verify、summary 和 export 可以直接读取文件夹\n",
    ("followup", "en"): "minecheck: error: d: is a directory, not an events file\n"
    "  hint: name the events file itself, not its folder\n",
    ("followup", "zh"): "minecheck: error: d：是一个目录，不是事件文件\n"
    "  hint: 请给出事件文件本身，而不是其所在的文件夹\n",
}


@pytest.mark.parametrize(("command", "lang"), list(FOLDER_NAMED))
def test_a_folder_named_for_a_file_is_said_with_what_to_name(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str, lang: str
) -> None:
    """A folder named where a document is read (`show d`): the hint names the files in it and
    the commands that take a folder; where another file is read (`--events d`), the file
    itself."""
    monkeypatch.chdir(tmp_path)
    Path("d").mkdir()
    args = ["show", "d"] if command == "show" else ["followup", "--events", "d", "-o", "x.toml"]
    run = cli([*args, "--lang", lang])
    assert (run.exit_code, run.stdout, run.stderr) == (2, "", FOLDER_NAMED[(command, lang)])


NOT_THERE = {
    ("missing.toml", "en"): "minecheck: error: missing.toml: no such file\n",
    ("missing.toml", "zh"): "minecheck: error: missing.toml：文件不存在\n",
    ("sub\\a.toml", "en"): "minecheck: error: sub\\a.toml: no such file\n"
    "  hint: it is written with \\ as on Windows; here a path's parts are separated by /: "
    "sub/a.toml\n",
}


@pytest.mark.parametrize(("name", "lang"), list(NOT_THERE))
def test_a_document_not_there_is_said_so_with_a_windows_path_s_hint(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, lang: str
) -> None:
    """`show` of a file not there: "no such file" (not "cannot read: ..."), and a name written
    with backslashes, whose slashed form is there, hinted at."""
    monkeypatch.chdir(tmp_path)
    Path("sub").mkdir()
    Path("sub/a.toml").write_text("x\n")
    run = cli(["show", name, "--lang", lang])
    assert (run.exit_code, run.stdout, run.stderr) == (2, "", NOT_THERE[(name, lang)])


def test_a_socket_named_to_a_report_is_said_once_in_chinese(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A socket named to `summary --lang zh`: the batch records its reason in English, said in
    Chinese once (a reason recorded in Chinese was taken for another and said "cannot read")."""
    import socket

    monkeypatch.chdir(tmp_path)
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind("sock.toml")
        run = cli(["summary", "sock.toml", "--lang", "zh", "--no-cache"])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines()[0] == (
        "minecheck: warning: sock.toml：未计入：unreadable：不是普通文件（套接字）"
    )


def test_a_device_named_to_a_report_is_said_in_english(cli: Any) -> None:
    """`summary /dev/null --lang en`: the device's kind in English words (the batch records it
    in English, and the run says it in its language)."""
    run = cli(["summary", "/dev/null", "--lang", "en", "--no-cache"])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines() == [
        "minecheck: warning: /dev/null: left out: unreadable: not a regular file (a character "
        "device)",
        "minecheck: error: no document could be used: 1 left out (1 unreadable)",
    ]


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "bad\\u0000name.toml: left out: unreadable: cannot read: not a usable file name"),
        ("zh", "bad\\u0000name.toml：未计入：unreadable：无法读取：不是可用的文件名"),
    ],
)
def test_a_listed_name_with_a_nul_is_left_out_as_no_usable_name(
    cli: Any, lang: str, said: str
) -> None:
    """A list of names on standard input holding a NUL (written in UTF-16): the batch leaves
    the name out as no usable file name, not as a file that is not there."""
    run = cli(["summary", "-", "--lang", lang, "--no-cache"], input="bad\0name.toml\n")
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines()[0] == f"minecheck: warning: {said}"


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "loop.toml: a symbolic link that leads to no file (a loop, or its target is gone)"),
        ("zh", "loop.toml：符号链接不指向任何文件（链接成环，或目标已不存在）"),
    ],
)
def test_a_loop_of_links_named_is_said_as_what_it_is(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, said: str
) -> None:
    """`show loop.toml`, a link to itself: said as a link to nothing, not "cannot read: ..."."""
    monkeypatch.chdir(tmp_path)
    Path("loop.toml").symlink_to("loop.toml")
    run = cli(["show", "loop.toml", "--lang", lang])
    assert (run.exit_code, run.stdout, run.stderr) == (2, "", f"minecheck: error: {said}\n")
