"""How a typed line is read (cli/_line_reader.py): what the inspector types or drops on the
terminal reaches the file unchanged, a path in any of the forms a terminal writes it, and a
question wider than the terminal folded between words."""

from __future__ import annotations

import asyncio
import contextlib
import io
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from rich.cells import cell_len

from minecheck.cli._line_reader import (
    LineReader,
    _fits,
    _folded_lines,
    _size,
    absolute,
    dropped_forms,
    fold,
    folded,
    unquote,
    visible_processor,
)
from minecheck.core.sanitize import for_terminal
from minecheck.portable import keep_typed_ahead, take_typed_ahead


@pytest.mark.parametrize(
    ("typed", "named"),
    [
        ("'/evidence/roof bolt.jpg'", "/evidence/roof bolt.jpg"),
        ('"/evidence/roof bolt.jpg"', "/evidence/roof bolt.jpg"),
        ("  '/evidence/a.jpg'  ", "/evidence/a.jpg"),
        ("/evidence/roof\\ bolt.jpg", "/evidence/roof bolt.jpg"),
        ("'ab'", "ab"),
        ("''", ""),
        ("'", "'"),
        ("'a.jpg\"", "'a.jpg\""),  # quotes that do not match are part of the name
        ("a'", "a'"),
        ("/evidence/plain.jpg", "/evidence/plain.jpg"),
    ],
)
def test_a_dropped_path_loses_its_surrounding_quotes_only(typed: str, named: str) -> None:
    assert unquote(typed) == named


@pytest.mark.skipif(sys.platform == "win32", reason="a backslash separates directories there")
@pytest.mark.parametrize(
    ("typed", "forms"),
    [
        # GNOME Terminal quotes a dropped name with a quote in it as a shell would
        ("'/ev/it'\\''s.jpg'", ["'/ev/it'\\''s.jpg'", "/ev/it'\\''s.jpg", "/ev/it's.jpg"]),
        # macOS Terminal escapes it
        ("/ev/it\\'s\\ 1.jpg", ["/ev/it\\'s\\ 1.jpg", "/ev/it\\'s 1.jpg", "/ev/it's 1.jpg"]),
        # an unclosed quote: no shell reading, no error
        ("'/ev/half.jpg", ["'/ev/half.jpg"]),
        # two words are not one name a shell would give
        ("/ev/a.jpg /ev/b.jpg", ["/ev/a.jpg /ev/b.jpg"]),
        ("  /ev/a.jpg \n", ["/ev/a.jpg"]),
        ("   ", []),
    ],
)
def test_a_dropped_path_is_tried_as_typed_then_unquoted_then_as_a_shell_reads_it(
    typed: str, forms: list[str]
) -> None:
    assert dropped_forms(typed) == forms


def test_a_question_and_its_answer_fit_the_screen_only_with_room_for_the_cursor() -> None:
    """The editor draws the whole question only when it and the line typed fit; else the line
    being typed was cut off the screen."""
    assert _fits(["abcde"], "", (10, 1))
    assert _fits(["abcde"], "fghi", (10, 1))  # nine cells and the cursor
    assert not _fits(["abcde"], "fghij", (10, 1))  # the cursor wraps to a second row
    assert _fits(["abcde"], "fghij", (10, 2))
    assert _fits(["0123456789", "ab"], "", (10, 2))  # a line as wide as the screen fits
    assert not _fits(["01234567890", "ab"], "", (10, 9))  # a wider one was cut

    assert not _fits(["a", "b", "c"], "", (10, 2))
    assert _fits(["a", "b", "c"], "", (10, 3))


@pytest.mark.parametrize("typed", ["顶板锚杆缺失 roof bolts missing; " * 4000, "a\u0301" * 100_000])
def test_a_long_paste_is_measured_no_further_than_the_screen(
    typed: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A note of 100 KB pasted at once took the editor a minute and a half: each time it drew
    the question it measured the whole line, cell by cell, to see whether it fit. What lies
    beyond a screenful decides nothing: it does not fit either way."""
    import rich.cells

    measured: list[int] = []
    cell_len = rich.cells.cell_len

    def counted(text: str) -> int:
        measured.append(len(text))
        return cell_len(text)

    monkeypatch.setattr(rich.cells, "cell_len", counted)
    assert not _fits(["Description:"], typed, (80, 24))
    assert _fits(["Description:"], typed[:100], (80, 24))
    assert sum(measured) <= 4 * 80 * 24 + 2 * 100
    assert not _fits(["q"], "one\ntwo", (10, 1))  # a pasted line break takes a row
    assert _fits(["q"], "one\ntwo", (10, 2))
    assert _fits(["你好"], "你", (7, 1))  # wide characters counted in cells
    assert not _fits(["你好"], "你", (6, 1))


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def _terminal(monkeypatch: pytest.MonkeyPatch, columns: int) -> _Tty:
    """stderr a terminal `columns` wide (not a dumb one, whose size is asked of the tty); set
    in the test itself (pytest puts its own stderr back after each fixture)."""
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.setenv("COLUMNS", str(columns))
    stream = _Tty()
    monkeypatch.setattr(sys, "stderr", stream)
    return stream


def test_a_wide_question_is_folded_between_words_its_last_words_on_the_cursors_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _terminal(monkeypatch, 20)
    prompt = "Is the roof bolting complete at the face? [Y/n] "
    lines = fold(prompt)
    assert lines == ["Is the roof bolting", "complete", "at the face? [Y/n] "]
    assert all(len(line) <= 19 for line in lines)


def test_the_cursor_s_line_takes_last_words_as_wide_as_the_room_before_the_cursor(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _terminal(monkeypatch, 20)  # (19 cells and the cursor's; the blank after `[Y/n]` is one)
    assert fold("Check it now: is it completed? [Y/n] ") == [
        "Check it now: is it",
        "completed? [Y/n] ",
    ]


def test_a_question_that_fits_is_one_line_as_it_is(monkeypatch: pytest.MonkeyPatch) -> None:
    _terminal(monkeypatch, 20)
    assert fold("Note: ") == ["Note: "]
    assert fold("a" * 19) == ["a" * 19]  # the twentieth column is the cursor's
    assert fold("a" * 20) == ["a" * 19, "a"]
    assert fold("first line\nsecond " + "word " * 10) == ["first line\nsecond " + "word " * 10]


def test_a_word_wider_than_the_terminal_is_folded_where_it_must(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _terminal(monkeypatch, 20)
    assert fold("x" * 45 + " ") == ["x" * 19, "x" * 19, "x" * 7 + " "]
    assert fold("x" * 25 + " ab? ") == ["x" * 19, "x" * 6, "ab? "]


def test_a_chinese_question_is_folded_between_its_characters_never_inside_an_id_or_a_mark(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Rich folded a run without blanks at the edge: an id split (`（coal-underg` / `round）`),
    # a closing mark beginning a line, an opening one ending it (`全部完成？[` / `是/否] `)
    _terminal(monkeypatch, 24)
    assert fold("顶板锚杆支护是否在工作面（coal-underground）全部完成？[是/否] ") == [
        "顶板锚杆支护是否在工作",
        "面（coal-underground）",
        "全部完成？[是/否] ",
    ]
    assert fold("地点：井下1200水平（coal-underground）运输大巷，位置 ") == [
        "地点：井下1200水平",
        "（coal-underground）",
        "运输大巷，位置 ",
    ]
    note = "备注：这是一个很长的问题，用于检查折行是否正确，尤其是标点。"
    lines = fold(note)
    assert "".join(lines) == note
    assert not any(line[:1] in "，。）" for line in lines)
    assert all(cell_len(line) <= 23 for line in lines)


def test_a_question_is_never_folded_into_lines_of_no_width(monkeypatch: pytest.MonkeyPatch) -> None:
    _terminal(monkeypatch, 1)
    assert fold("你好吗") == ["你", "好", "吗"]
    assert fold("abcdef") == ["ab", "cd", "ef"]


def test_a_question_to_a_file_is_never_folded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "10")
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    prompt = "Is the roof bolting complete at the face? "
    assert fold(prompt) == [prompt]


def test_a_folded_question_writes_its_first_lines_and_leaves_the_last_for_the_editor(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    narrow = _terminal(monkeypatch, 20)
    assert folded("Is the roof bolting complete at the face? ") == "at the face? "
    assert narrow.getvalue() == "Is the roof bolting\ncomplete\n"
    narrow.seek(0)
    narrow.truncate()
    assert folded("Note: ") == "Note: "
    assert narrow.getvalue() == ""


def test_a_terminal_that_gives_no_size_is_taken_as_80_by_24(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert _size() == (80, 24)


def _shown(fragments: list[tuple[str, str]]) -> Any:
    return visible_processor().apply_transformation(SimpleNamespace(fragments=fragments))


def test_a_bidi_override_in_the_line_is_shown_escaped_and_the_cursor_follows_it() -> None:
    """The text kept is what was typed; only the display changes, and the cursor stands after
    the escape it belongs to."""
    done = _shown([("", "ab\u202ec")])
    assert "".join(text for _, text, *_ in done.fragments) == "ab\\u202ec"
    assert [done.source_to_display(i) for i in range(6)] == [0, 1, 2, 8, 9, 10]
    assert [done.display_to_source(d) for d in range(10)] == [0, 1, 2, 2, 2, 2, 2, 2, 3, 4]
    assert done.source_to_display(9) == 10  # (asked past the line's end: at its end)


def test_a_plain_line_is_drawn_as_it_is() -> None:
    fragments = [("class:x", "roof bolt"), ("", " 顶板")]
    done = _shown(fragments)
    assert done.fragments == fragments
    assert done.source_to_display(3) == 3


@pytest.fixture
def piped(monkeypatch: pytest.MonkeyPatch) -> Any:
    """stdin a pipe holding the given text."""
    take_typed_ahead()

    def given(text: str) -> None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(text))

    yield given
    take_typed_ahead()


def test_a_piped_line_reaches_the_caller_as_typed(
    piped: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    piped("  roof bolt\t顶板  \nnext\n")
    reader = LineReader()
    assert reader.read("Note: ") == "  roof bolt 顶板  "  # (a tab in a text is a space, as typed)
    piped("  roof\tbolt.jpg\n")
    assert reader.read("Evidence: ", paths=True) == "  roof\tbolt.jpg"  # (a name keeps it)
    piped("next\n")
    assert reader.read("Again: ") == "next"
    assert capsys.readouterr().err == "Note: Evidence: Again: "
    with pytest.raises(EOFError):
        reader.read("More: ")


def test_a_piped_last_line_without_a_line_end_is_read(piped: Any) -> None:
    piped("last")
    assert LineReader().read("Note: ") == "last"


def test_a_piped_line_begins_with_what_was_typed_ahead(piped: Any) -> None:
    piped("rest\nnext\n")
    keep_typed_ahead("ty")
    reader = LineReader()
    assert reader.read("Note: ") == "tyrest"
    keep_typed_ahead("whole\n")
    assert reader.read("Note: ") == "whole"
    assert reader.read("Note: ") == "next"


def test_a_line_in_another_encoding_is_asked_for_again(
    piped: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    piped("caf\udce9\ncafé\n")
    assert LineReader().read("Note: ") == "café"
    err = capsys.readouterr().err
    assert "(\\udce9)" in err
    assert err.endswith("type that again\nNote: ")


def test_a_reader_that_read_nothing_kept_nothing_unsent() -> None:
    """(what a stop before the first question keeps in the draft)"""
    assert LineReader().unsent == ""


def test_a_pipe_has_no_editor_to_prefill(piped: Any) -> None:
    piped("")
    assert LineReader().prefills() is False


def test_a_question_as_wide_as_the_room_is_not_folded(monkeypatch: pytest.MonkeyPatch) -> None:
    _terminal(monkeypatch, 20)
    assert fold("aaaaaaaa bbbbbbbbbb") == ["aaaaaaaa bbbbbbbbbb"]  # 19 cells and the cursor


def test_a_question_whose_trailing_blank_takes_the_cursors_cell_is_folded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The blank after the question is written too: with it the line is 20 cells, and the
    cursor went to the next line."""
    _terminal(monkeypatch, 20)
    assert fold("aaaaaaaa bbbbbbbbbb ") == ["aaaaaaaa", "bbbbbbbbbb "]


class _Sized(_Tty):
    def fileno(self) -> int:
        return 2


@pytest.mark.parametrize(
    ("given", "taken"), [((0, 0), (80, 24)), ((100, 30), (100, 30)), ((0, 30), (80, 30))]
)
def test_a_terminal_that_says_it_has_no_columns_or_rows_is_taken_as_80_by_24(
    monkeypatch: pytest.MonkeyPatch, given: tuple[int, int], taken: tuple[int, int]
) -> None:
    """(a serial console says 0 by 0)"""
    monkeypatch.setattr(sys, "stderr", _Sized())
    monkeypatch.setattr(os, "get_terminal_size", lambda fd: os.terminal_size(given))
    assert _size() == taken


def test_evidence_paths_are_kept_absolute(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A walk resumed from another directory finds them."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert absolute(["~/roof.jpg", "face/bolt.jpg"]) == [
        str(tmp_path / "home" / "roof.jpg"),
        str(tmp_path / "face" / "bolt.jpg"),
    ]


def test_no_stdin_at_all_is_no_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """(run with stdin closed, Python has none)"""
    monkeypatch.setattr(sys, "stdin", None)
    assert LineReader().prefills() is False


@pytest.mark.parametrize(("term", "prefills"), [("xterm", True), ("dumb", False)])
def test_an_earlier_answer_is_put_in_the_editor_except_at_a_dumb_terminal(
    monkeypatch: pytest.MonkeyPatch, term: str, prefills: bool
) -> None:
    monkeypatch.setenv("TERM", term)
    monkeypatch.setattr(LineReader, "_interactive", lambda self: True)
    assert LineReader().prefills() is prefills


class _Gone:
    """A keyboard whose terminal was closed: reading it fails (EIO)."""

    def isatty(self) -> bool:
        return False

    def readline(self) -> str:
        raise OSError(5, "Input/output error")


def test_a_terminal_gone_while_a_plain_line_is_read_ends_as_an_interruption(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    gone = KeyboardInterrupt("terminal gone")
    monkeypatch.setattr("minecheck.cli._line_reader.terminal_gone", lambda: gone)
    monkeypatch.setattr(sys, "stdin", _Gone())
    with pytest.raises(KeyboardInterrupt) as raised:
        LineReader().read("Note: ")
    assert raised.value is gone


def _editor_of(monkeypatch: pytest.MonkeyPatch, columns: int, rows: int, typed: str) -> None:
    """The running editor as `_folded_lines` asks it: the screen's size, the line typed."""
    size = SimpleNamespace(columns=columns, rows=rows)
    app = SimpleNamespace(
        output=SimpleNamespace(get_size=lambda: size),
        current_buffer=SimpleNamespace(text=typed),
    )
    monkeypatch.setattr("prompt_toolkit.application.current.get_app", lambda: app)


def test_a_screen_too_short_for_the_question_shows_its_last_line_and_the_answer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The line being typed is what must be seen; the question's first lines scroll away."""
    _terminal(monkeypatch, 20)
    prompt = "Is the roof bolting complete at the face? "
    _editor_of(monkeypatch, 20, 2, "")
    assert _folded_lines(prompt) == "at the face? "
    _editor_of(monkeypatch, 20, 3, "")
    assert _folded_lines(prompt) == "Is the roof bolting\ncomplete\nat the face? "
    _editor_of(monkeypatch, 20, 3, "yes, and the mesh is tight")
    assert _folded_lines(prompt) == "at the face? "


def test_a_line_is_measured_once_however_often_the_editor_asks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The editor asks for its question several times each time it draws it: a pasted note
    of 100 KB was measured each time."""
    import minecheck.cli._line_reader as reader

    _terminal(monkeypatch, 20)
    asked: list[str] = []
    fits = reader._fits

    def counted(lines: list[str], typed: str, size: tuple[int, int]) -> bool:
        asked.append(typed)
        return fits(lines, typed, size)

    monkeypatch.setattr(reader, "_fits", counted)
    _editor_of(monkeypatch, 20, 3, "note " * 1000)
    assert [_folded_lines("Note: ") for _ in range(5)] == ["Note: "] * 5
    _editor_of(monkeypatch, 20, 3, "note")
    assert _folded_lines("Note: ") == "Note: "
    assert asked == ["note " * 1000, "note"]


def test_a_line_typed_key_by_key_is_remembered_once_not_once_per_key(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The editor asks for its question again at every key of a note typed (or pasted where
    the terminal does not mark a paste) at a terminal that is not dumb: only the last line's
    measure is kept; each line as it stood at every key, kept, was a peak of 12 MB for 9 KB."""
    import tracemalloc

    _terminal(monkeypatch, 80)
    text = "".join(chr(0x4E00 + i % 500) if i % 7 else " " for i in range(3000))  # 9 KB
    _editor_of(monkeypatch, 80, 24, "")
    from prompt_toolkit.application.current import get_app

    buffer = get_app().current_buffer
    tracemalloc.start()
    try:
        for end in range(1, len(text) + 1):
            buffer.text = text[:end]  # (the key typed)
            _folded_lines("Note: ")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 5_000_000, peak  # (2 MB here: what measuring needs)


def test_a_long_paste_at_a_dumb_terminal_is_held_once_not_once_per_key(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A dumb terminal (or one that does not mark a paste) sends a paste as keys, one by one:
    the editor kept the whole line as it stood before every key to undo it, so a 100 KB note
    took 5.5 GB while it was read. The paste is taken whole, in memory of its own order."""
    import tracemalloc

    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    from minecheck.cli._line_reader import _new_session

    monkeypatch.setenv("TERM", "dumb")
    text = "".join(chr(0x4E00 + i % 500) if i % 7 else " " for i in range(6000))  # 18 KB
    with create_pipe_input() as keys, create_app_session(input=keys, output=DummyOutput()):
        keys.send_text(text + "\r")
        session = _new_session()
        tracemalloc.start()
        try:
            line = session.prompt("Note: ")
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert line == text
    # (the line 6,000 times was about 50 MB; the editor's own needs are about 7 MB)
    assert peak < 12_000_000, peak


@pytest.mark.parametrize("term", ["dumb", "xterm"])
def test_undo_still_takes_back_the_last_keys(monkeypatch: pytest.MonkeyPatch, term: str) -> None:
    """Ctrl-_ takes back the keys typed last, one by one, as many steps as kept, after a long
    line typed a key at a time."""
    from minecheck.cli._line_reader import UNDO_STEPS

    typed = "".join(chr(0x61 + i % 26) for i in range(UNDO_STEPS + 50))
    line, _, _ = _delivered(monkeypatch, term, [*typed, "\x1f", "\x1f"])
    assert line == typed[:-2]


def test_a_stop_already_raised_reads_no_line(piped: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """A stop lost before a line question (prompts sent to a file, no editor): the question
    ends at once and takes no line, where it read the next answer and the walk went on."""
    from minecheck import portable

    monkeypatch.setattr(portable, "_stop_raised", [True])
    piped("face 3\n")
    reader = LineReader()
    with pytest.raises(KeyboardInterrupt):
        reader.read("Location: ")
    assert reader.unsent == ""
    assert sys.stdin.readline() == "face 3\n"


def test_what_python_cannot_raise_is_said_again_after_a_stop_at_a_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The editor's leftovers are dropped quietly as a stop ends a line question; what Python
    cannot raise after that (a second Ctrl-C as the draft is saved, lost in a finalizer) is
    handed to the run's own hook again, which notes it, and not dropped too."""
    from minecheck.cli._line_reader import _leftovers_dropped

    seen: list[BaseException | None] = []
    monkeypatch.setattr(sys, "unraisablehook", lambda unraisable: seen.append(unraisable.exc_value))

    class Finalized:
        def __del__(self) -> None:
            raise KeyboardInterrupt

    try:
        raise KeyboardInterrupt
    except KeyboardInterrupt as stop:
        _leftovers_dropped(stop)
    Finalized()
    assert [type(exc) for exc in seen] == [KeyboardInterrupt]


def _delivered(
    monkeypatch: pytest.MonkeyPatch, term: str, reads: list[str], prompt: str = ""
) -> tuple[str, str, int]:
    """The line the editor holds after the terminal's READS, each handled as the editor
    handles what one read of the terminal brought (its keys fed, then processed); what a dumb
    terminal's editor wrote (the PROMPT, then its echo of the line); and how many keys it
    handled."""
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.application.current import set_app
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.input.vt100_parser import Vt100Parser
    from prompt_toolkit.key_binding import KeyPress
    from prompt_toolkit.output.plain_text import PlainTextOutput

    from minecheck.cli._line_reader import _new_session

    monkeypatch.setenv("TERM", term)
    written = io.StringIO()
    handled: list[object] = []
    with (
        create_pipe_input() as keys,
        create_app_session(input=keys, output=PlainTextOutput(written)),
        contextlib.ExitStack() as editing,
    ):
        session = _new_session()
        session.message = prompt
        app = editing.enter_context(session._dumb_prompt()) if term == "dumb" else session.app
        editing.enter_context(set_app(app))
        processor = app.key_processor
        processor.before_key_press += handled.append

        async def typed() -> None:  # (the editor handles its keys in its loop)
            for read in reads:
                pressed: list[KeyPress] = []
                parser = Vt100Parser(pressed.append)
                parser.feed(read)
                parser.flush()
                processor.feed_multiple(pressed)
                processor.process_keys()

        asyncio.run(typed())
        return session.default_buffer.text, written.getvalue(), len(handled)


PASTED = [
    "顶板锚杆缺失 roof bolts missing; " * 300,
    "cafe\u0301 e\u0308\u0323 한국어 ﾃｽﾄ",  # combining marks, Hangul, half-width kana
    "👷🏽\u200d♀️ 🇨🇳 ⚠️ 1️⃣ 𠀋",  # emoji sequences, a flag, a keycap, a character past the BMP
    "a\u00a0b\u3000c d\u202ee",  # blanks of other kinds and a bidi override
]


@pytest.mark.parametrize("term", ["dumb", "xterm"])
@pytest.mark.parametrize("text", PASTED)
def test_a_paste_sent_as_keys_is_taken_whole_and_exactly(
    monkeypatch: pytest.MonkeyPatch, term: str, text: str
) -> None:
    """Where the terminal does not mark a paste (a dumb terminal, a serial console), a paste
    reaches the editor as keys, and the editor handled each as one key press (about 0.5 ms
    each: a 100 KB note took tens of seconds). The printable characters that arrive in one
    read are now taken at once: the line holds exactly what was pasted, a dumb terminal shows
    all of it, and the keys handled are a few per read, not one per character."""
    reads = [text[i : i + 300] for i in range(0, len(text), 300)]
    line, written, handled = _delivered(monkeypatch, term, reads)
    assert line == text
    if term == "dumb":  # (a bidi override shown as the full editor shows it: `\u202e`)
        assert written == for_terminal(text)
    assert handled <= 3 * len(reads), handled


@pytest.mark.parametrize(
    ("reads", "line", "shown"),
    [
        # pasted at once, typed key by key: the override and a C1 control (CSI) made visible
        (["a\u202eb\x9bc"], "a\u202eb\x9bc", "a\\u202eb\\u009bc"),
        (["a", "\u202e", "b", "\x9b", "c"], "a\u202eb\x9bc", "a\\u202eb\\u009bc"),
        # a change behind the end writes the line again whole: escaped there too
        (["x\u202ey", "\x7f"], "x\u202e", "x\\u202ey\r\nx\\u202e"),
        # a run of marks typed a key at a time is capped as the full editor caps it: its first
        # MARKS_SHOWN drawn, the rest as escapes, the line held as typed
        (
            ["e", *"\u0301" * 8, "!"],
            "e" + "\u0301" * 8 + "!",
            for_terminal("e" + "\u0301" * 8 + "!"),
        ),
        (
            ["e\u0301" * 3, "\u0301\u0302" * 4],
            "e\u0301" * 3 + "\u0301\u0302" * 4,
            for_terminal("e\u0301" * 3 + "\u0301\u0302" * 4),
        ),
    ],
)
def test_a_dumb_terminal_shows_a_bidi_override_or_c1_control_as_escapes(
    monkeypatch: pytest.MonkeyPatch, reads: list[str], line: str, shown: str
) -> None:
    """A dumb terminal echoed a typed or pasted bidi override (U+202E: what follows drawn right
    to left) or a C1 control (U+009B, which some terminals take as CSI) as it came, where the
    full editor shows `\\u202e`. It shows them so now; the line holds what was typed. A run of
    combining marks typed one key at a time was echoed whole, each key one mark, where the
    full editor shows the marks past the sixth as escapes: the echo caps it so too."""
    typed, written, _ = _delivered(monkeypatch, "dumb", reads)
    assert (typed, written) == (line, shown)


@pytest.mark.parametrize("term", ["dumb", "xterm"])
def test_keys_around_a_paste_keep_their_meaning(monkeypatch: pytest.MonkeyPatch, term: str) -> None:
    """Only printable characters are taken together: a control key, an escape sequence, and
    the key that finishes one (Esc b: a word back, whose `b` came in the same read as the rest)
    are each one key, as typed; a key typed after a paste lands where the cursor is."""
    reads = ["one two three", "\x1bbX", "\x01", "<\x05>", "\x1b[D!"]
    line, _, _ = _delivered(monkeypatch, term, reads)
    assert line == "<one two Xthree!>"


@pytest.mark.parametrize("term", ["dumb", "xterm"])
def test_a_paste_is_one_undo_step_keys_typed_one_by_one_are_one_each(
    monkeypatch: pytest.MonkeyPatch, term: str
) -> None:
    """Ctrl-_ takes back a paste sent as keys at once, as it takes back a marked paste; keys
    typed one by one (one a read) are still taken back one by one."""
    line, _, _ = _delivered(monkeypatch, term, ["note ", *"abc", "pasted text", "\x1f"])
    assert line == "note abc"
    line, _, _ = _delivered(monkeypatch, term, ["note ", *"abc", "\x1f", "\x1f"])
    assert line == "note a"


@pytest.mark.parametrize("term", ["dumb", "xterm"])
def test_a_paste_after_ctrl_v_or_a_repeat_count_is_typed_as_before(
    monkeypatch: pytest.MonkeyPatch, term: str
) -> None:
    """Ctrl-V takes the next key as it is, Esc 3 repeats the next key three times: a paste
    that follows them is read as keys were, its first key alone taking the Ctrl-V or the
    count."""
    line, _, _ = _delivered(monkeypatch, term, ["\x16", "ab", "\x1b3", "xy"])
    assert line == "abxxxy"


@contextlib.contextmanager
def _dumb_editor(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Any, Any, io.StringIO]]:
    """The walk's line editor at a dumb terminal: its keys sent through a pipe, what it writes
    kept."""
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output.plain_text import PlainTextOutput

    from minecheck.cli._line_reader import _new_session

    monkeypatch.setenv("TERM", "dumb")
    written = io.StringIO()
    with (
        create_pipe_input() as keys,
        create_app_session(input=keys, output=PlainTextOutput(written)),
    ):
        yield _new_session(), keys, written


def test_a_dumb_terminal_echoes_each_question_s_keys_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """A dumb terminal's editor writes what is typed as it comes: from the second question on,
    the echo of every question before it was still attached, and wrote each key again (`q` at
    the review shown as `qq`, a pasted `face 3` as `3face 3`). Each question echoes once."""
    answers = []
    with _dumb_editor(monkeypatch) as (session, keys, written):
        for prompt, typed in [("Reading: ", "0.5"), ("Location: ", "face 3"), ("Sign? ", "q")]:
            keys.send_text(typed + "\r")
            answers.append(session.prompt(prompt))
    assert answers == ["0.5", "face 3", "q"]
    assert written.getvalue() == "Reading: 0.5\r\nLocation: face 3\r\nSign? q\r\n"
    buffer = session.default_buffer  # (and nothing of a question's echo is left after it)
    assert (buffer.on_text_changed._handlers, buffer.on_cursor_position_changed._handlers) == (
        [],
        [],
    )


@pytest.mark.parametrize("term", ["dumb", "xterm"])
def test_a_paste_sent_as_keys_is_taken_whole_at_every_question(
    monkeypatch: pytest.MonkeyPatch, term: str
) -> None:
    """The editor starts each question afresh (its keys reset as it runs): a paste sent as
    keys is taken a read at a time at the first question and at every later one, through the
    editor's own run, not a key press per character."""
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    from minecheck.cli._line_reader import _LineEnd, _new_session

    monkeypatch.setenv("TERM", term)
    notes = ["顶板锚杆缺失 roof bolts missing; " * 20, "巷道积水 water on the road " * 20]
    with create_pipe_input() as keys, create_app_session(input=keys, output=DummyOutput()):
        session = _new_session()
        for note in notes:
            monkeypatch.setattr(_LineEnd, "keys", 0)
            keys.send_text(note + "\r")
            assert session.prompt("Note: ") == note
            assert _LineEnd.keys <= 3, _LineEnd.keys  # (the run and the Enter)


@pytest.mark.parametrize("term", ["dumb", "xterm"])
def test_a_paste_over_a_selection_does_what_its_keys_typed_one_by_one_do(
    monkeypatch: pytest.MonkeyPatch, term: str
) -> None:
    """A word selected with Shift and an arrow is replaced by what is typed over it, and a
    paste sent as keys over it replaces it the same (it was inserted before the word, which
    stayed, once its characters had been typed earlier in the line); after a mark set with
    Ctrl-Space the editor inserts no typed key, pasted or not."""
    select = ["\x1b[1;2D"] * 5  # (Shift-Left, five times: `loose`)
    for keys in (["lost"], [*"lost"]):
        line, _, _ = _delivered(monkeypatch, term, ["roof bolt loose", *select, *keys])
        assert line == "roof bolt lost"
        line, _, _ = _delivered(monkeypatch, term, ["roof bolt loose", "\x00", "\x01", *keys])
        assert line == "roof bolt loose"


@pytest.mark.parametrize(
    ("moved", "shown"),
    [
        (["\x01"], "loose roof bolt"),
        (["\x1b[D", "\x1b[D"], "roof boloose lt"),
        (["\x1bb"], "roof loose bolt"),
    ],
    ids=["ctrl-a", "left-twice", "esc-b"],
)
def test_a_dumb_terminal_writes_the_line_again_whole_when_typed_where_the_cursor_moved_back(
    monkeypatch: pytest.MonkeyPatch, moved: list[str], shown: str
) -> None:
    """A dumb terminal cannot show the cursor moved back: what was typed there (Ctrl-A, an
    arrow, Esc b) was written after the line as shown (`roof boltloose ` for `loose roof
    bolt`), a paste sent as keys as its last character. The line is written again whole, on a
    line of its own after the prompt: once for a paste, once a key for keys typed one by one."""
    at = shown.index("loose ")
    line, written, _ = _delivered(monkeypatch, "dumb", ["roof bolt", *moved, "loose "], "Note: ")
    assert (line, written) == (shown, f"Note: roof bolt\r\nNote: {shown}")
    line, written, _ = _delivered(monkeypatch, "dumb", ["roof bolt", *moved, *"loose "], "Note: ")
    each = "".join(f"\r\nNote: {shown[:at]}{'loose '[:n]}{shown[at + 6 :]}" for n in range(1, 7))
    assert (line, written) == (shown, f"Note: roof bolt{each}")


def test_a_dumb_terminal_writes_the_line_again_whole_after_a_deletion(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A Backspace, Ctrl-T (two characters swapped) or Delete was echoed as the character
    then before the cursor (`ab`, Backspace, `cd` showed `abacd` for `acd`). The line is written
    again whole after each; characters typed or pasted at its end after that are added to it."""
    for edit, edited in (("\x08", "a"), ("\x7f", "a"), ("\x14", "ba")):
        for typed in (["ab", edit, "cd"], [*"ab", edit, *"cd"]):
            line, written, _ = _delivered(monkeypatch, "dumb", typed, "> ")
            assert (line, written) == (f"{edited}cd", f"> ab\r\n> {edited}cd")
    # (Delete, the cursor after `a`; then `x` typed there)
    line, written, _ = _delivered(monkeypatch, "dumb", ["abc", "\x1b[D", "\x1b[D", "\x1b[3~", "x"])
    assert (line, written) == ("axc", "abc\r\nac\r\naxc")


@pytest.mark.parametrize(
    ("keys", "shown"),
    [
        ("\x15", ""),  # Ctrl-U: all before the cursor
        ("\x01\x0b", ""),  # Ctrl-A, Ctrl-K: all after it
        ("\x17", "roof bolt "),  # Ctrl-W: the word before it
        ("\x1f", "roof bolt "),  # Ctrl-_: the last key undone
    ],
    ids=["ctrl-u", "ctrl-k", "ctrl-w", "undo"],
)
def test_a_dumb_terminal_shows_a_line_cut_or_undone_as_it_now_is(
    monkeypatch: pytest.MonkeyPatch, keys: str, shown: str
) -> None:
    """At a dumb terminal a line cut (Ctrl-U, Ctrl-K, Ctrl-W) or undone (Ctrl-_) showed
    nothing of the change, and what was typed next was added to the line as shown: `roof bolt
    loose`, Ctrl-U, `0.5` showed `roof bolt loose0.5`. The line is written again whole as it
    now is, and what is typed next follows it."""
    typed = ["roof bolt ", "loose", keys, "x"]
    line, written, _ = _delivered(monkeypatch, "dumb", typed, "Note: ")
    assert line == f"{shown}x"
    assert written == f"Note: roof bolt loose\r\nNote: {shown}x"


def test_a_dumb_terminal_shows_an_earlier_answer_recalled_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An earlier answer recalled with Up (or Down) showed nothing at a dumb terminal: the
    inspector saw an empty line where Enter would send the earlier answer. Each line recalled
    is written whole, on a line of its own after the prompt's last line."""
    answers = []
    with _dumb_editor(monkeypatch) as (session, keys, written):
        for prompt, typed in [
            ("Location: ", "face 3"),
            ("Unit: ", "shaft 2"),
            ("Measures: ", "\x1b[A\x1b[A\x1b[Bx"),
        ]:
            keys.send_text(typed + "\r")
            answers.append(session.prompt(f"Item 4\n{prompt}"))
    assert answers == ["face 3", "shaft 2", "shaft 2x"]
    assert written.getvalue() == (
        "Item 4\nLocation: face 3\r\n"
        "Item 4\nUnit: shaft 2\r\n"
        "Item 4\nMeasures: \r\nMeasures: shaft 2\r\nMeasures: face 3\r\nMeasures: shaft 2x\r\n"
    )


def test_a_dumb_terminal_echoes_a_key_then_a_paste_once_at_every_question(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A key, then the rest of the answer in one read (a paste), at four questions in turn: each
    shown once (`abc` at the second showed `cabc`, `x` at the fourth `xxxx`)."""
    answers = ["0.5", "abc", "Wang Wei", "x"]
    with _dumb_editor(monkeypatch) as (session, keys, written):
        for answer in answers:
            keys.send_text(answer[0])  # (one key, then the rest in one read: a paste)
            keys.send_text(answer[1:] + "\r")
            assert session.prompt("Q: ") == answer
    assert written.getvalue() == "".join(f"Q: {answer}\r\n" for answer in answers)


@pytest.mark.parametrize("term", ["dumb", "xterm"])
def test_a_paste_is_typed_key_by_key_where_the_editor_lacks_what_joins_it(
    monkeypatch: pytest.MonkeyPatch, term: str
) -> None:
    """Runs of a paste are joined through parts of the editor's key processor that are not its
    promised interface. An editor of another version without one of them (here, a part this
    one does not have) would have raised at the first key of a walk: its keys are handled one
    by one, as before runs were joined, and nothing typed is lost or altered."""
    from minecheck.cli import _line_reader

    parts = (*_line_reader._PROCESSOR_PARTS, "_a_part_of_another_version")
    monkeypatch.setattr(_line_reader, "_PROCESSOR_PARTS", parts)
    text = "顶板锚杆缺失 roof bolts missing"
    line, written, handled = _delivered(monkeypatch, term, [text])
    assert (line, handled) == (text, len(text))
    if term == "dumb":
        assert written == text
