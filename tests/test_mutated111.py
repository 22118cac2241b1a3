"""Mutation round 111: what the mutants of the walk's typed-ahead lines (the keys a stopped
editor had not come to, a line end read alone, a key that edits) and of the session's last
fixes showed untested."""

from __future__ import annotations

import datetime as dt
import io
import os
from types import SimpleNamespace
from typing import Any

import pexpect
import pytest
from prompt_toolkit.input.typeahead import store_typeahead
from prompt_toolkit.input.vt100_parser import Vt100Parser
from prompt_toolkit.key_binding import KeyPress
from rich.console import Console

from minecheck.cli._line_reader import LineReader, _LineEnd
from minecheck.cli._prompter import RichPrompter
from minecheck.core.checklist import Item
from minecheck.core.sanitize import unfit_name
from minecheck.portable import keep_typed_ahead, take_typed_ahead
from minecheck.session.walk import Step
from tests.helpers_merge import Who
from tests.test_attack34 import test_the_iconv_command_told_gives_back_the_signed_bytes, who
from tests.test_field11 import INTERRUPTED, _Stopped
from tests.test_inspect_pty import (
    EXE,
    KEY_PROMPT,
    Terminal,
    draft_id,
    ended,
    keyed,
    term,
)
from tests.test_walk_pty import Screen, gbk_walk

__all__ = ["keyed", "term", "who"]  # fixtures

GAS = Item("gas", "s", "Gas?", "瓦斯？", "major", basis=("CMHD-5.1",))


class _EditorInput:
    """The stopped editor's own input, as prompt_toolkit keys its typed-ahead keys."""

    def typeahead_hash(self) -> str:
        return f"mutated111-{id(self)}"


class _StoppedEditor(LineReader):
    """A line reader whose inspector gave LINES; at the next question the editor held TYPED
    and had read LEFT (keys it had not come to) when the walk was stopped."""

    def __init__(self, lines: list[str], typed: str, left: str) -> None:
        super().__init__()
        self.given = iter(lines)
        self.typed, self.left = typed, left

    def prefills(self) -> bool:
        return False

    def read(self, prompt: str, *, paths: bool = False, default: str = "") -> str:
        self.unsent, self._left = "", []
        line = next(self.given, None)
        if line is not None:
            self.unsent = line
            return line
        editor = _EditorInput()
        keys: list[KeyPress] = []
        Vt100Parser(keys.append).feed_and_flush(self.left)
        store_typeahead(editor, keys)  # type: ignore[arg-type]
        buffer = SimpleNamespace(text=self.typed)
        self._session = SimpleNamespace(default_buffer=buffer, app=SimpleNamespace(input=editor))
        self._stopped()
        raise KeyboardInterrupt


def _kept(
    lines: Any, item: Item = GAS, unfinished: dict[str, object] | None = None
) -> dict[str, object]:
    """The fields a non-compliance's walk kept, stopped as LINES stop it."""
    console = Console(file=io.StringIO(), width=200, no_color=True)
    prompter = RichPrompter(console, "zh", dt.date(2026, 11, 29))
    prompter.enforces = True
    prompter.lines = lines
    saved: dict[str, object] = {}
    step = Step(item, 1, 1, "S", None, unfinished=unfinished or {}, keep=saved.__setitem__)
    with pytest.raises(KeyboardInterrupt):
        prompter.details(step, "noncompliant", None)
    return saved


@pytest.mark.parametrize(
    ("after_cr", "typed", "left"),
    [
        (True, "加强", "巡检\n通风科\r"),
        (True, "加强巡检", "\n通风科\r"),  # (its Enter the first key it had not come to)
        (False, "加强巡检", "\n通风科\r"),
    ],
)
def test_keys_the_stopped_editor_had_not_come_to_are_kept_for_their_fields(
    monkeypatch: pytest.MonkeyPatch, after_cr: bool, typed: str, left: str
) -> None:
    """The measures half typed in the editor, its Enter (a Ctrl-J, or a paste's LF) and the
    responsible unit read by the editor and not yet taken when the walk stopped: each is
    kept for its field. The line before ended with a CR: the editor's own LF is no CR LF's
    second half (the measures and the responsible unit were one line)."""
    monkeypatch.setattr(_LineEnd, "after_cr", after_cr)
    lines = _StoppedEditor(["瓦斯超限", "回风巷", ""], typed, left)
    saved = _kept(lines)
    assert (saved["measures"], saved["responsible"]) == ("加强巡检", "通风科")


def test_a_line_end_typed_ahead_after_words_is_a_line_end(monkeypatch: pytest.MonkeyPatch) -> None:
    """After a CR, an LF that does not follow it at once (a line of its own sent with Ctrl-J,
    or pasted with LF line ends) ends a line: it is no CR LF's second half."""
    monkeypatch.setattr(_LineEnd, "after_cr", False)
    keep_typed_ahead("回风巷\r一般\n停产撤人")
    try:
        assert LineReader().typed_ahead() == ["回风巷", "一般", "停产撤人"]
    finally:
        take_typed_ahead()


def test_a_paste_with_the_old_mac_line_ends_keeps_its_lines() -> None:
    """A marked paste whose lines end with a CR alone (copied from an old document) is one
    field's text with its line breaks, as the editor takes such a paste, not one line."""
    keep_typed_ahead("\x1b[200~一、通风\r二、瓦斯\x1b[201~\r科长")
    try:
        assert LineReader().typed_ahead() == ["一、通风\n二、瓦斯", "科长"]
    finally:
        take_typed_ahead()


def test_a_backspace_typed_ahead_ends_what_is_kept() -> None:
    """A Backspace (DEL, as a terminal sends it) is a key that edits: what was typed before it
    is kept, and the DEL itself never reaches the field."""
    keep_typed_ahead("回风巷\r通风科x\x7f")
    try:
        assert LineReader().typed_ahead() == ["回风巷", "通风科x"]
    finally:
        take_typed_ahead()


class _SaveStopped:
    """A draft whose save of FIELD is cut short by a stop the first time (a Ctrl-C, or the
    terminal hanging up, while the answer just taken is written)."""

    def __init__(self, field: str) -> None:
        self.field, self.saved = field, dict[str, object]()

    def keep(self, name: str, value: object) -> None:
        if name == self.field:
            self.field = ""
            raise KeyboardInterrupt
        self.saved[name] = value


@pytest.mark.parametrize(
    ("given", "field", "ahead", "kept"),
    [
        # the stop came as the description was saved: it is saved again
        (["missed"], "description", ["face 3"], {"description": "missed", "location": "face 3"}),
        # the stop came as the responsible unit was saved: it is saved again, and what was
        # typed after its Enter goes to the deadline (it was joined to the name, "科长停产令")
        (
            ["missed", "face 3", "", "加强通风", "科长"],
            "responsible",
            ["2026-12-20", ""],
            {"measures": "加强通风", "responsible": "科长", "deadline": dt.date(2026, 12, 20)},
        ),
    ],
)
def test_an_answer_whose_save_a_stop_cut_short_is_saved_with_the_lines_after_it(
    given: list[str], field: str, ahead: list[str], kept: dict[str, object]
) -> None:
    console = Console(file=io.StringIO(), width=200, no_color=True)
    prompter = RichPrompter(console, "en", dt.date(2026, 11, 29))
    prompter.enforces = False
    prompter.lines = _Stopped(given, "", ahead)  # type: ignore[assignment]
    draft = _SaveStopped(field)
    with pytest.raises(KeyboardInterrupt):
        prompter.details(Step(GAS, 1, 1, "S", None, keep=draft.keep), "noncompliant", None)
    assert {name: draft.saved.get(name) for name in kept} == kept


def test_lines_typed_ahead_in_another_encoding_are_not_kept() -> None:
    """A line the terminal sent in an encoding not the locale's (GBK bytes at a UTF-8 locale:
    lone surrogates) is asked again by its question, never kept: kept, the draft could not be
    saved. The lines typed after it would have answered that question again: not guessed."""
    lines = _Stopped(["missed"], "", ["face 3", "", "加强\udcd6\udcd0", "科长"])
    saved = _kept(lines)
    assert (saved.get("location"), saved.get("measures"), saved.get("responsible")) == (
        "face 3",
        None,
        None,
    )


def test_a_line_in_another_encoding_being_typed_at_a_stop_keeps_the_draft(keyed: Terminal) -> None:
    """A terminal set to GBK at a UTF-8 locale: the description typed in it and Ctrl-C. The
    walk ended in a traceback (exit 1) as the draft was saved with the bytes it cannot hold,
    the interruption and the draft's id unsaid. Now it is an interruption (exit 130), the
    draft kept; resumed, the description is asked again."""
    screen = Screen(keyed, 24, 120, "xterm-256color")
    child = gbk_walk(screen)
    kept = draft_id(child)
    child.expect_exact(KEY_PROMPT)
    child.send("n")
    child.expect_exact("Description of the hidden danger:")
    os.write(child.child_fd, b"GBK \xd6\xd0\xce\xc4\x03")  # 中文 in GBK, then Ctrl-C
    status, text = ended(child)
    assert status == 130, text
    assert "Traceback" not in text
    assert INTERRUPTED["en"].format(kept) in text
    child = pexpect.spawn(
        str(EXE),
        ["drafts", "resume", kept],
        env=screen.env(),
        cwd=str(screen.cwd),
        dimensions=(24, 120),
        timeout=30,
        encoding="utf-8",
    )
    child.expect_exact(KEY_PROMPT)
    child.send("n")
    child.expect_exact("Description of the hidden danger:")
    child.sendcontrol("c")
    status, text = ended(child)
    assert status == 130, text


@pytest.mark.parametrize(
    ("unfinished", "ahead", "kept"),
    [
        # a line of blanks (the ideographic space a Chinese input method types) is no location:
        # it is not kept, as the question would not take it
        ({}, ["\u3000 ", "", "停产撤人"], {"location": None, "measures": "停产撤人"}),
        # a grade that is none, after the draft's general for a major item: asked again, it is
        # not Enter, which would take the general and ask the reason; the next line is the
        # measures' (as round 11 placed it)
        (
            {"result": "noncompliant", "severity": "general"},
            ["face 3", "minor", "停产撤人"],
            {"severity_reason": None, "measures": "停产撤人"},
        ),
        # the lines after the deadline's (the evidence's: a file named like a date) are kept
        # for no field
        (
            {},
            ["face 3", "", "加强通风", "科长", "停产令", "2026-12-20", "2026-12-21", ""],
            {"deadline": dt.date(2026, 12, 20), "": None},
        ),
    ],
)
def test_lines_typed_ahead_that_answer_nothing_are_not_kept(
    unfinished: dict[str, object], ahead: list[str], kept: dict[str, object]
) -> None:
    saved = _kept(_Stopped(["missed"], "", ahead), unfinished=unfinished)
    assert {name: saved.get(name) for name in kept} == kept


def test_a_general_item_graded_general_asks_no_reason() -> None:
    """A general item whose basis lists a situation is graded, and its grade typed as general
    lowers nothing: the next line is the measures', no reason's."""
    roof = Item("roof", "s", "Roof?", "顶板？", "general", basis=("CMHD-5.1",))
    saved = _kept(_Stopped(["missed"], "", ["face 3", "一般", "加强支护", "科长"]), roof)
    assert (saved.get("severity_reason"), saved.get("measures")) == (None, "加强支护")


@pytest.mark.parametrize("blank", ["\u1160", "\u17b5"])
def test_the_other_characters_drawn_as_nothing_are_refused_in_a_name(blank: str) -> None:
    """The Hangul jungseong filler and the second Khmer vowel of no width, as round 34's five."""
    assert unfit_name("Wang" + blank + " Wei")


# each end of the rows and characters `iconv` reads otherwise (code page 950's C6A1-C7FC; the
# characters of the four-byte codes GB18030-2022 gave its vertical punctuation and ideographs)
READ_OTHERWISE = [
    *(("cp950", "BIG5", bytes.fromhex(code).decode("cp950")) for code in ("C6A1", "C6FE")),
    *(("cp950", "BIG5", bytes.fromhex(code).decode("cp950")) for code in ("C740", "C7FC")),
    *(("gb18030", "GB18030", char) for char in ("\u1e3f", "\u9fb4", "\u9fbb", "\ufe10")),
]


@pytest.mark.parametrize(("codec", "named", "char"), READ_OTHERWISE)
def test_a_text_iconv_reads_otherwise_at_each_end_is_told_no_command(
    cli: Any, who: Who, codec: str, named: str, char: str
) -> None:
    test_the_iconv_command_told_gives_back_the_signed_bytes(
        cli, who, codec, named, "回風巷" + char + "感測器", told=False
    )


def test_blanks_typed_for_the_evidence_reason_at_a_stop_are_no_reason() -> None:
    """Blanks (a space, the ideographic space) being typed for the reason for no evidence
    when the walk stopped are no reason: not kept, as the question would not take them."""
    console = Console(file=io.StringIO(), width=200, no_color=True)
    prompter = RichPrompter(console, "zh", dt.date(2026, 11, 29))
    prompter.lines = _Stopped([""], " ", ["\u3000", ""])  # type: ignore[assignment]
    item = Item("gas", "s", "Gas?", "瓦斯？", "major", basis=("CMHD-5.1",), evidence="required")
    saved: dict[str, object] = {}
    with pytest.raises(KeyboardInterrupt):
        prompter.evidence(Step(item, 1, 1, "S", None, keep=saved.__setitem__))
    assert saved == {}


def test_bytes_in_another_encoding_typed_ahead_are_not_kept_as_replacement_marks() -> None:
    """GBK bytes typed ahead at a UTF-8 locale, read by the key reader and taken by no question:
    the line they are in is not kept (not as `�`, which the inspector never typed), nor the
    lines after it."""
    keep_typed_ahead("face 3\r\r加强\udcd6\udcd0\r科长\r")
    try:
        saved = _kept(_StoppedEditor(["missed"], "", ""))
    finally:
        take_typed_ahead()
    assert (saved.get("location"), saved.get("measures"), saved.get("responsible")) == (
        "face 3",
        None,
        None,
    )
