"""Mutation round 100: tests that kill the survivors of the newest code (a byte-order mark of a
joined list, `os_reason`'s words for a loop and for a file that is not a regular file, what a
stop leaves dropped quietly, a merged file's table, the walk of a folder named like a
document). Each asserts what a user notices."""

from __future__ import annotations

import gc
import os
import sys
import threading
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest

from minecheck.cli._line_reader import _leftovers_dropped
from tests.test_attack25 import SAID as INSIDE_SAID
from tests.test_loose_ends7 import JOINED_SAID

# (a stop's collection, `_leftovers_dropped`'s, looks at what the test made, as in a user's
# process, not at the heap the worker's earlier files left)
pytestmark = pytest.mark.usefixtures("older_objects_set_aside")


# --- a joined list's mark at the list's second byte --------------------------------------------


@pytest.mark.parametrize("end", ["\n", "\r"], ids=["lf", "cr"])
def test_a_bom_after_a_blank_first_line_is_refused_at_the_second_line(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, end: str
) -> None:
    """A list whose first line is blank (its blank lines are skipped) and whose second begins
    with a mark holds it at its second byte: refused there, with the filter, not read as a name
    `\\ufeffb.toml` no one typed."""
    monkeypatch.chdir(tmp_path)
    Path("b.toml").write_bytes(b"")
    run = cli(["verify", "-"], input=f"{end}\ufeffb.toml{end}".encode())
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines() == JOINED_SAID["en"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_bom_after_a_first_name_of_one_character_is_refused_inside_the_line(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """A list whose only name is one character (a folder `x`), saved without a last line end
    and joined to one saved with a mark: the mark is at the first line's second byte, refused
    there (1:2), not read as a name `x\ufeffb.toml`."""
    monkeypatch.chdir(tmp_path)
    Path("x").mkdir()
    Path("b.toml").write_bytes(b"")
    run = cli(["verify", "-", "--lang", lang], input="x\ufeffb.toml\n".encode())
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines() == [
        INSIDE_SAID[lang][0].replace("<stdin>:2:8:", "<stdin>:1:2:"),
        *INSIDE_SAID[lang][1:],
    ]


# (GBK, as an archive of a Chinese system names its files: 帮 is B0 EF, 豢 BB BF, 锘 EF BB,
# 看 BF B4; the UTF-8 mark's bytes are met across two characters)
GBK_NAMES = [b"\xb0\xef\xbb\xbf.toml", b"\xef\xbb\xbf\xb4.toml", b"a\xef\xbb\xbf\xb4.toml"]


@pytest.mark.parametrize("name", GBK_NAMES, ids=["inside", "at-start", "after-a-letter"])
def test_a_name_in_gbk_whose_bytes_hold_a_mark_s_is_read_from_a_list(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: bytes
) -> None:
    """A list of paths names files as the file system does (`find` on a GBK archive): a name
    whose characters hold the bytes EF BB BF is no UTF-8 text, so holds no UTF-8 mark. It was
    refused as lists joined (`2:2: a UTF-8 byte-order mark (BOM) inside a line`), with a filter
    that would have cut the name in two. It is read as any other name."""
    monkeypatch.chdir(tmp_path)
    for each in (b"a.toml", name):
        Path(os.fsdecode(each)).write_bytes(b"")
    for first, then in ((b"a.toml", name), (name, b"a.toml")):  # (the list's first name too)
        listed = cli(["verify", "-"], input=first + b"\n" + then + b"\n")
        named = cli(["verify", os.fsdecode(first), os.fsdecode(then)])
        assert (listed.exit_code, listed.stdout, listed.stderr) == (
            named.exit_code,
            named.stdout,
            named.stderr,
        )
        assert "BOM" not in listed.stderr
    assert listed.exit_code == 1  # (each file read: empty, not a document)


# --- what a stop leaves, dropped quietly -------------------------------------------------------


class _MadeInPart:
    """A loop made in part, held in a cycle by itself; its `__del__` fails, as
    `BaseEventLoop.__del__` does without its self-pipe. `gone` says it was collected."""

    gone: ClassVar[list[str]] = []

    def __init__(self, name: str) -> None:
        self.me = self
        self.name = name

    def __del__(self) -> None:
        _MadeInPart.gone.append(self.name)
        raise AttributeError("'_UnixSelectorEventLoop' object has no attribute '_ssock'")


def _raised_holding(name: str) -> BaseException:
    """An error whose traceback's frame holds a loop made in part (as the editor's start holds
    the loop asyncio was making)."""

    def making() -> None:
        loop = _MadeInPart(name)  # noqa: F841 (held by the frame)
        raise RuntimeError("made in part")

    try:
        making()
    except RuntimeError as err:
        return err
    raise AssertionError("not raised")


def _stop_during(name: str) -> BaseException:
    """A Ctrl-C that came while an error was being handled: the error is its context."""
    try:
        raise _raised_holding(name)
    except RuntimeError:
        try:
            raise KeyboardInterrupt  # (its context is the error it came during)
        except KeyboardInterrupt as stop:
            return stop
    raise AssertionError("not stopped")


def _stop_from(name: str) -> BaseException:
    """A stop raised from an error (its cause), outside any handler: no context."""
    cause = _raised_holding(name)
    try:
        raise EOFError from cause
    except EOFError as stop:
        return stop


@pytest.mark.parametrize("made", [_stop_during, _stop_from], ids=["context", "cause"])
def test_what_the_exceptions_a_stop_arose_from_hold_is_dropped_quietly_too(made: Any) -> None:
    """The loop held by the frames of the error a stop came during (its context) or from (its
    cause) goes inside the quiet moment: said nothing then, and nothing at a later
    collection, while the interruption is being said."""
    said: list[Any] = []
    hook = sys.unraisablehook
    sys.unraisablehook = said.append
    _MadeInPart.gone.clear()
    try:
        stop = made("chained")
        _leftovers_dropped(stop)
        assert _MadeInPart.gone == ["chained"]  # (collected within the quiet moment)
        del stop
        gc.collect()
        assert sys.unraisablehook == said.append  # (Python's own reports said again after)
    finally:
        sys.unraisablehook = hook
    assert said == []


def test_python_s_reports_are_said_again_after_a_stop_s_leftovers_are_dropped() -> None:
    """The quiet moment ends: an error Python reports later (a failing `__del__` of the
    program's own) is reported as before, not dropped for the rest of the run."""
    said: list[Any] = []
    hook = sys.unraisablehook
    sys.unraisablehook = said.append
    _MadeInPart.gone.clear()
    try:
        _leftovers_dropped(KeyboardInterrupt())
        later = _MadeInPart("later")
        del later
        gc.collect()
    finally:
        sys.unraisablehook = hook
    assert _MadeInPart.gone == ["later"]
    assert [type(u.exc_value) for u in said] == [AttributeError]


def test_the_coroutine_never_started_is_not_warned_of_after_a_stop() -> None:
    """The editor's task never started (a coroutine made, never awaited) is warned of when it
    goes ("coroutine ... was never awaited", with a source path): it goes quietly."""

    async def run_async() -> None:  # (the editor's task)
        return None

    def starting() -> None:
        task = run_async()
        holder: list[object] = [task]
        holder.append(holder)  # (held in a cycle, as the loop holds it)
        raise KeyboardInterrupt

    try:
        starting()
    except KeyboardInterrupt as stop:
        caught = stop
    with warnings.catch_warnings(record=True) as warned:
        warnings.simplefilter("always")
        _leftovers_dropped(caught)
        del caught
        gc.collect()
    assert [str(w.message) for w in warned] == []


def test_a_stop_whose_chain_was_made_to_loop_by_hand_is_let_go() -> None:
    """A chain of exceptions made by hand may lead back to itself (`a.__cause__ = b`,
    `b.__cause__ = a`): each is let go once and the stop is said, not waited on forever."""
    first, second = KeyboardInterrupt(), RuntimeError()
    first.__cause__, second.__cause__ = second, first
    first.__context__, second.__context__ = second, first
    ended = threading.Event()

    def drop() -> None:
        _leftovers_dropped(first)
        ended.set()

    threading.Thread(target=drop, daemon=True).start()
    assert ended.wait(60)  # (it ends at once; a loop that never ends is what is refused)


def test_a_list_with_a_mark_whose_first_name_is_long_is_still_refused(cli: Any) -> None:
    """Guard: the first line is read as UTF-8 from its first 4,096 bytes; a longer name (a
    folder's whole path in Chinese) cut there in a character is still UTF-8 text, so its
    mark is refused, as every list saved "UTF-8 with BOM" is."""
    run = cli(["verify", "-"], input=("\ufeff" + "报告" * 1000 + ".toml\n").encode())
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines()[-1] == (
        "minecheck: error: <stdin> starts with a byte-order mark"
    )


# --- os_reason: a file that is not a regular file, said in the language asked -----------------


@pytest.fixture
def chinese_run() -> Iterator[None]:
    from minecheck import i18n

    before = i18n.language()
    i18n.set_language("zh")
    yield
    i18n.set_language(before)


def test_a_file_that_is_not_regular_is_said_in_the_language_asked(chinese_run: None) -> None:
    """`os_reason` says the words minecheck wrote for such a file in the language it is asked
    (a reason recorded in English, a `--json` detail, under a Chinese run), not in the language
    current when the file was opened; unasked, in the current one."""
    import stat

    from minecheck import i18n
    from minecheck.fileio import NotRegular
    from minecheck.os_words import os_reason

    i18n.set_language("en")
    opened_in_english = NotRegular("s.toml", stat.S_IFSOCK)
    i18n.set_language("zh")
    opened_in_chinese = NotRegular("s.toml", stat.S_IFSOCK)
    for exc in (opened_in_english, opened_in_chinese):
        assert os_reason(exc, "en") == "not a regular file (a socket)"
        assert os_reason(exc) == os_reason(exc, "zh") == "不是普通文件（套接字）"
    # (an error the system raised with no words of its own: said as written)
    assert os_reason(OSError("not readable"), "en") == "not readable"
