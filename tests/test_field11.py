"""An inspector's field day, round 11, in a real pseudo-terminal: the walk's text as a Chinese
input method delivers it (whole words in one burst, full-width marks and spaces), edited, stopped
and resumed, in English and Chinese; every byte the file keeps against what was typed."""

from __future__ import annotations

import datetime as dt
import io
import sys
from typing import Any

import pexpect
import pytest
from rich.console import Console

from minecheck.cli._line_reader import LineReader, _LineEnd
from minecheck.cli._prompter import RichPrompter
from minecheck.core.checklist import Item
from minecheck.portable import keep_typed_ahead, take_typed_ahead
from minecheck.session.walk import Step
from tests.test_evidence_kept_pty import FILE_PROMPT
from tests.test_field_day_pty import READING, REVIEW
from tests.test_inspect_pty import (
    CHECKLIST,
    GAS,
    KEY_PROMPT,
    Terminal,
    ended,
    findings,
    keyed,
    line,
    term,
)
from tests.test_prompter import _Keyboard

__all__ = ["keyed", "term"]  # fixtures

# The walk, its terminal hung up (a dropped SSH session, a closed window: SIGHUP) just as the
# draft was saved with the description the inspector had ended with Enter, before the next
# question's editor took what was typed after that Enter. (A slow card or a loaded machine
# holds the walk there long enough to type a word in it.)
HUNG_UP_AS_THE_DESCRIPTION_IS_SAVED = """
import os
import signal
import sys

from minecheck.session import draft as drafts

saved = drafts.save
ITEM = sys.argv.pop(1)


def save(directory, draft):
    saved(directory, draft)
    typed = draft.unfinished.get(ITEM, {})
    if "description" in typed and "location" not in typed:
        drafts.save = saved
        os.kill(os.getpid(), signal.SIGHUP)


drafts.save = save
sys.argv = ["minecheck", *sys.argv[1:]]
from minecheck.__main__ import main
main()
"""

# (a dumb terminal's editor shows what was typed before in brackets: Enter keeps it)
DESCRIPTION = {"en": "Description of the hidden danger [{}]: ", "zh": "隐患描述 [{}]："}
LOCATION = {"en": "Location [{}]: ", "zh": "位置 [{}]："}
SEVERITY = {"en": "Severity (major/general) [major]: ", "zh": "隐患等级（重大/一般） [重大]："}
MEASURES = {"en": "Rectification measures: ", "zh": "整改措施："}
RESPONSIBLE = {"en": "Responsible unit / person: ", "zh": "责任单位/人："}
ORDER = {"en": "Enforcement order: ", "zh": "执法文书："}
DEADLINE = {"en": "Deadline (YYYY-MM-DD) [", "zh": "整改期限（YYYY-MM-DD） ["}
INTERRUPTED = {
    "en": "minecheck: error: interrupted; draft {} kept",
    "zh": "minecheck: error: 已中断；草稿 {} 已保留",
}
DRAFT = {
    "en": "draft {} (answers are saved as you go)",
    "zh": "草稿 {}（每个回答都会自动保存）",
}


def walk(keyed: Terminal, lang: str) -> list[str]:
    """The walk's options after its checklist."""
    return ["--site", "新兴煤矿", "--inspector", "王伟", "-o", str(keyed.out), "--lang", lang]


def _walk_hung_up_as_saved(keyed: Terminal, lang: str) -> Any:
    """`inspect` at a terminal, run by the script above."""
    return pexpect.spawn(
        sys.executable,
        [
            "-c",
            HUNG_UP_AS_THE_DESCRIPTION_IS_SAVED,
            GAS,
            "inspect",
            str(CHECKLIST),
            *walk(keyed, lang),
        ],
        env=keyed.env(),
        cwd=str(keyed.cwd),
        dimensions=(keyed.rows, keyed.width),
        timeout=30,  # a hang guard on a loaded machine, not a timing assertion
        encoding="utf-8",
    )


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_line_typed_ahead_when_the_terminal_hangs_up_is_kept(keyed: Terminal, lang: str) -> None:
    """`n`, the description and its Enter, and the location typed at once after it, as an input
    method commits words: the terminal hung up while the walk saved the description. The draft
    kept the description and not the location, which had been read from the terminal and was
    shown by no question yet (a Ctrl-C typed a moment later kept it: it reached the editor
    first). The guide says a dropped session keeps even the line being typed. Resumed, the
    location is there, byte for byte."""
    described = "二号井　掘进工作面，瓦斯“超限”（１．２％）！"
    place = "回风巷　３２０８（距工作面２０ｍ）"
    child = _walk_hung_up_as_saved(keyed, lang)
    child.expect_exact(KEY_PROMPT)
    child.send(f"n{described}\r{place}")
    status, text = ended(child)
    [kept] = [d["id"] for d in keyed.drafts()]
    assert status == 130, text
    assert INTERRUPTED[lang].format(kept) in text
    child = keyed.spawn("drafts", "resume", kept)
    child.expect_exact(DRAFT[lang].format(kept))
    child.expect_exact(KEY_PROMPT)
    child.send("n")
    line(child, DESCRIPTION[lang].format(described), "")
    line(child, LOCATION[lang].format(place), "")
    for prompt in (SEVERITY, MEASURES, RESPONSIBLE, ORDER, DEADLINE, FILE_PROMPT):
        line(child, prompt[lang], "")
    line(child, READING[lang], "0.5")
    line(child, REVIEW[lang], "")
    status, text = ended(child)
    assert status == 0, text
    [gas] = [f for f in findings(keyed.out) if f["item"] == GAS]
    assert (gas["description"], gas["location"]) == (described, place)


def test_what_was_typed_ahead_is_read_as_its_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each line typed ahead, a CR LF one line end, a marked paste whole with its line breaks;
    an arrow (or any key that edits) ends it: what it would have done is not guessed."""
    monkeypatch.setattr(_LineEnd, "after_cr", True)  # (the line before ended with a CR)
    reader = LineReader()
    keep_typed_ahead("\n回风巷\r\n\x1b[200~一、通风\r\n二、瓦斯\x1b[201~\r３２０８\x1b[D号")
    try:
        assert reader.typed_ahead() == ["回风巷", "一、通风\n二、瓦斯", "３２０８"]
    finally:
        take_typed_ahead()
    assert reader.typed_ahead() == [""]


class _Stopped(_Keyboard):
    """A line reader whose inspector gave LINES, then the stop came with TYPED being typed and
    AHEAD typed after it (read, and taken by no question yet)."""

    def __init__(self, lines: list[str], typed: str, ahead: list[str]) -> None:
        super().__init__(lines, typed)
        self.ahead = ahead

    def typed_ahead(self) -> list[str]:
        return self.ahead


@pytest.mark.parametrize(
    ("given", "typed", "ahead", "kept"),
    [
        # the stop after the description's Enter: the location begun after it
        (["missed"], "", ["face 3"], {"description": "missed", "location": "face 3"}),
        # three lines at once: a lowered grade asks its reason next
        (
            ["missed"],
            "",
            ["face 3", "一般", "查明为一般隐患"],
            {"location": "face 3", "severity": "general", "severity_reason": "查明为一般隐患"},
        ),
        # a grade that is none is not kept, and the next line is the measures'
        (["missed"], "", ["face 3", "minor", "停产"], {"location": "face 3", "measures": "停产"}),
        # the line being typed and what followed it: one line until its Enter
        (
            ["missed", "face 3", ""],
            "加强",
            ["巡检", "科长"],
            {"measures": "加强巡检", "responsible": "科长"},
        ),
    ],
)
def test_lines_typed_ahead_at_a_stop_are_kept_for_their_fields(
    given: list[str], typed: str, ahead: list[str], kept: dict[str, object]
) -> None:
    """Each line typed ahead of the question that would read it, kept for that field as the
    question reads it."""
    console = Console(file=io.StringIO(), width=200, no_color=True)
    prompter = RichPrompter(console, "en", dt.date(2026, 11, 29))
    prompter.lines = _Stopped(given, typed, ahead)  # type: ignore[assignment]
    item = Item("gas", "s", "Gas?", "瓦斯？", "major", basis=("CMHD-5.1",))
    saved: dict[str, object] = {}
    step = Step(item, 1, 1, "S", None, keep=saved.__setitem__)
    with pytest.raises(KeyboardInterrupt):
        prompter.details(step, "noncompliant", None)
    assert {name: saved.get(name) for name in kept} == kept
    assert "severity" not in saved or saved["severity"] in ("major", "general")


def test_words_typed_ahead_of_the_evidence_reason_are_kept_with_it() -> None:
    """The reason for no evidence, half typed, and the rest of its words read but not yet
    taken by the editor when the walk stopped: kept whole, as a field's line is."""
    console = Console(file=io.StringIO(), width=200, no_color=True)
    prompter = RichPrompter(console, "zh", dt.date(2026, 11, 29))
    prompter.lines = _Stopped([""], "在办公室", ["查看了记录", "y"])  # type: ignore[assignment]
    item = Item("gas", "s", "Gas?", "瓦斯？", "major", basis=("CMHD-5.1",), evidence="required")
    saved: dict[str, object] = {}
    with pytest.raises(KeyboardInterrupt):
        prompter.evidence(Step(item, 1, 1, "S", None, keep=saved.__setitem__))
    assert saved == {"evidence_reason": "在办公室查看了记录"}
