"""The walk at a real terminal, 80x24 and 120x40: typed text reaches the record as typed."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import signal
import tomllib
from pathlib import Path
from typing import Any

import pexpect
import pytest

from tests.test_inspect_pty import (
    CHECKLIST,
    DRAFT_LINE,
    EXE,
    GAS,
    GAS_QUESTION,
    KEY_PROMPT,
    READING_PROMPT,
    RESUME_PROMPT,
    REVIEW_PROMPT,
    Terminal,
    draft_id,
    ended,
    findings,
    keyed,
    term,
)

__all__ = ["keyed", "term"]  # fixtures
SIZES = [(24, 80), (40, 120)]
LEFT, BACKSPACE = "\x1b[D", "\x7f"
REST_ZH = (
    "整改措施：",
    "责任单位/人：",
    "执法文书：",
    "整改期限（YYYY-MM-DD）",
    "佐证文件（留空结束）：",
)


class Screen(Terminal):
    """A terminal of a given size and kind."""

    def __init__(self, base: Terminal, rows: int, cols: int, kind: str) -> None:
        super().__init__(base.home, base.cwd)
        self.rows, self.cols, self.kind = rows, cols, kind
        self.width = cols

    def env(self) -> dict[str, str]:
        env = super().env()
        env.update(TERM=self.kind, COLUMNS=str(self.cols), LINES=str(self.rows))
        env["PROMPT_TOOLKIT_NO_CPR"] = "1"  # no terminal here answers a cursor-position request
        return env


def prompt(child: Any, text: str, answer: str) -> None:
    child.expect_exact(text)
    child.send(answer + "\r")


@pytest.mark.parametrize(("rows", "cols"), SIZES)
def test_edited_text_and_a_dropped_path_reach_the_record(
    keyed: Terminal, rows: int, cols: int
) -> None:
    screen = Screen(keyed, rows, cols, "dumb")
    (screen.cwd / "photo 1.jpg").write_bytes(b"\xff\xd8 a photo")
    child = screen.inspect()
    draft_id(child)
    child.expect_exact(KEY_PROMPT)
    child.send("\r")  # Enter at a key prompt is no answer and no error
    child.send("n")
    # arrows move in the line; Backspace removes a whole wide character
    prompt(child, "Description of the hidden danger:", "Shaft 2 laddr" + LEFT + "e")
    prompt(child, "Location:", "回风巷风量不足巷" + BACKSPACE)
    prompt(child, "Severity (major/general) [major]:", "minor")
    child.expect_exact("'minor': the severity is major (重大) or general (一般)")
    prompt(child, "Severity (major/general) [major]:", "重大")
    prompt(child, "Rectification measures:", "")
    prompt(child, "Responsible unit / person:", "")
    prompt(child, "Enforcement order:", "")
    due = dt.date.today() + dt.timedelta(days=30)
    prompt(child, f"Deadline (YYYY-MM-DD) [{due.isoformat()}]:", "2020-01-01")
    child.expect_exact("2020-01-01 is in the past: give a deadline from today on")
    prompt(child, f"Deadline (YYYY-MM-DD) [{due.isoformat()}]:", "")
    prompt(child, "Evidence file (empty to finish):", "'nope.jpg'")
    child.expect_exact("evidence file nope.jpg does not exist")
    # only the path is asked again; what was typed before is kept
    prompt(child, "Evidence file (empty to finish):", f"'{screen.cwd / 'photo 1.jpg'}'")
    prompt(child, "Evidence file (empty to finish, -N removes entry N):", "")
    child.expect_exact(READING_PROMPT.rstrip())
    child.send("-1\r")
    child.expect_exact("a reading cannot be negative")
    child.expect_exact(READING_PROMPT.rstrip())
    child.send("0.8%\r")
    child.expect_exact("0.8 %CH4 is within the limit ≤ 1 %CH4 → compliant")
    # the review takes the number shown, and suggests an id for a typo
    prompt(child, REVIEW_PROMPT, "gas-check-genuin")
    child.expect_exact(
        "no item 'gas-check-genuin' to answer again; did you mean gas-check-genuine?"
    )
    prompt(child, REVIEW_PROMPT, "1")
    child.expect_exact("(earlier answer: non-compliant)")
    child.expect_exact(KEY_PROMPT)
    child.send("n")
    prompt(child, "Description of the hidden danger [Shaft 2 ladder]:", "")
    for label in ("Location [回风巷风量不足]:", "Severity (major/general) [major]:"):
        prompt(child, label, "")
    prompt(child, "Rectification measures:", "")
    prompt(child, "Responsible unit / person:", "")
    prompt(child, "Enforcement order:", "")
    prompt(child, f"Deadline (YYYY-MM-DD) [{due.isoformat()}]:", "")
    child.expect_exact("1. photo 1.jpg")  # answering again keeps the evidence by default
    prompt(child, "Evidence file (empty to finish, -N removes entry N):", "")
    prompt(child, REVIEW_PROMPT, "")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    gas = findings(screen.out)[0]
    assert gas["item"] == GAS
    assert (gas["description"], gas["location"]) == ("Shaft 2 ladder", "回风巷风量不足")
    assert [e["path"] for e in gas["evidence"]] == ["photo 1.jpg"]
    assert findings(screen.out)[1]["reading"]["value"] == 0.8


def rest_of_the_walk(child: Any) -> str:
    """From the finding's responsible unit to the signed file, each answer its default, the
    reading 0.8 %: what the walk wrote, once it ended well."""
    prompt(child, "Responsible unit / person:", "")
    prompt(child, "Enforcement order:", "")
    prompt(child, "Deadline (YYYY-MM-DD) [", "")
    prompt(child, "Evidence file (empty to finish):", "")
    prompt(child, READING_PROMPT.rstrip(), "0.8%")
    prompt(child, REVIEW_PROMPT.rstrip(), "")
    status, text = ended(child)
    assert status == 0, text
    return text


@pytest.mark.parametrize("kind", ["dumb", "xterm"])
def test_a_line_typed_before_its_question_shows_reaches_the_record_as_typed(
    keyed: Terminal, kind: str
) -> None:
    """Typed ahead while the walk saves an answer and asks the next question: the terminal was
    back in its line mode in between, where the kernel erased a byte of a Chinese character at
    Backspace (no IUTF8 here) and the line was refused as "not UTF-8"."""
    screen = Screen(keyed, 24, 80, kind)
    child = screen.inspect()
    child.delaybeforesend = None
    draft_id(child)
    child.expect_exact(KEY_PROMPT)
    child.send("n")
    child.expect_exact("Description of the hidden danger:")
    child.send("Shaft 2 ladder\r")
    child.expect_exact("ladder")
    child.send("回风巷风量不足巷" + BACKSPACE + "\r")  # before "Location:" is on the screen
    prompt(child, "Severity (major/general) [major]:", "")
    prompt(child, "Rectification measures:", "")
    text = rest_of_the_walk(child)
    assert "not UTF-8" not in text
    gas = findings(screen.out)[0]
    assert (gas["description"], gas["location"]) == ("Shaft 2 ladder", "回风巷风量不足")


@pytest.mark.parametrize("kind", ["dumb", "xterm"])
def test_a_line_typed_right_after_a_full_width_key_keeps_its_first_letter(
    keyed: Terminal, kind: str
) -> None:
    """A key answered with a full-width letter (a Chinese input method) is read with what
    follows it at once, to see whether more of a committed word follows; the letter after it
    was kept for the next key, and the next question was a line: the line lost it."""
    screen = Screen(keyed, 24, 80, kind)
    child = screen.inspect()
    child.delaybeforesend = None
    draft_id(child)
    child.expect_exact(KEY_PROMPT)
    child.send("ｎ" + "Shaft 2 ladder\r")
    prompt(child, "Location:", "")
    child.send("\x03")
    assert ended(child)[0] == 130
    [draft] = (keyed.home / "drafts").glob("*.toml")
    with draft.open("rb") as fh:
        assert tomllib.load(fh)["unfinished"][GAS]["description"] == "Shaft 2 ladder"


@pytest.mark.parametrize("kind", ["dumb", "xterm"])
def test_a_key_typed_right_after_the_enter_that_ends_a_line_is_the_next_answer(
    keyed: Terminal, kind: str
) -> None:
    """Keys typed at once after Enter at a line question (a reading, and the skipped item
    that comes back after it: a key question) were read by the line editor with the Enter
    and kept for a next line editor that never came: the key question waited for a key
    already typed."""
    screen = Screen(keyed, 24, 80, kind)
    child = screen.inspect()
    child.delaybeforesend = None
    child.expect_exact(KEY_PROMPT)
    child.send("s")
    child.expect_exact(READING_PROMPT.rstrip())
    # in one write: the editor reads the rest with the Enter; an arrow is no answer
    child.send("0.5\r" + LEFT + "y")
    child.expect_exact("A skipped item comes back:")
    prompt(child, REVIEW_PROMPT.rstrip(), "")
    status, text = ended(child)
    assert status == 0, text
    assert [f["result"] for f in findings(screen.out)[:2]] == ["compliant", "compliant"]


def _continued_by_fg(shell: Any) -> None:
    """The shell says the job stopped; `fg` continues it."""
    shell.expect_exact("Stopped")
    shell.expect_exact("shell$ ")
    shell.sendline("fg")
    shell.expect_exact("inspect")  # the shell names the job it continues


def _stopped_by_ctrl_z_and_continued(shell: Any) -> None:
    shell.send("\x1a")
    _continued_by_fg(shell)


def _a_walk_stopped_twice_goes_on(keyed: Terminal, kind: str, stop: Any) -> None:
    """A walk `stop`ped and continued at a key question and again inside a line: the key is
    taken without Enter, the line goes on where it was, and reaches the draft."""
    screen = Screen(keyed, 24, 80, kind)
    shell = interactive_shell(screen)
    shell.sendline(inspect_words(screen))
    shell.expect_exact(KEY_PROMPT)
    stop(shell)
    shell.send("n")  # one key, no Enter
    shell.expect_exact("Description of the hidden danger:")
    shell.send("Shaft")
    shell.expect_exact("Shaft")
    stop(shell)
    shell.expect_exact("Shaft")  # the line shown again before the next key
    shell.send(" 2 ladder\r")
    shell.expect_exact("Location:")
    if kind == "dumb":  # (the full editor draws the whole line again as it ends it)
        assert "hidden danger" not in shell.before  # shown again once
    shell.send("\x03")
    shell.expect_exact("shell$ ")
    shell.sendline("exit")
    shell.expect(pexpect.EOF)
    [draft] = (keyed.home / "drafts").glob("*.toml")
    with draft.open("rb") as fh:
        assert tomllib.load(fh)["unfinished"][GAS]["description"] == "Shaft 2 ladder"


@pytest.mark.parametrize("kind", ["dumb", "xterm"])
def test_ctrl_z_stops_the_walk_and_fg_goes_on_where_it_was(keyed: Terminal, kind: str) -> None:
    """Ctrl-Z at a key question stopped the walk with the terminal out of its line mode; after
    `fg` the shell had put it back in, and the next key waited for Enter. At a line question
    Ctrl-Z was typed into the answer as a ^Z character."""
    _a_walk_stopped_twice_goes_on(keyed, kind, _stopped_by_ctrl_z_and_continued)


def test_with_prompts_sent_to_a_file_the_terminal_edits_and_echoes_the_line(
    keyed: Terminal,
) -> None:
    """stderr sent to a log, the keyboard still a terminal: the questions read plain lines,
    which the terminal's own line mode edits and echoes (holding it out of that mode for the
    walk had the text typed blind, a Backspace kept in the answer as a character)."""
    screen = Screen(keyed, 24, 80, "xterm")
    child = pexpect.spawn(
        "bash",
        ["-c", f"exec {inspect_words(screen)} 2>log"],
        env=screen.env(),
        cwd=str(screen.cwd),
        dimensions=(24, 80),
        timeout=30,  # a hang guard on a loaded machine, not a timing assertion
        encoding="utf-8",
    )
    log = screen.cwd / "log"
    wait_for(lambda: log.exists() and KEY_PROMPT in log.read_text())
    child.send("n")
    wait_for(lambda: "Description of the hidden danger:" in log.read_text())
    child.send("Shaft 2 laddx" + BACKSPACE + "er\r")
    child.expect_exact("Shaft 2 laddx\b \ber")  # echoed as typed, the x rubbed out
    wait_for(lambda: "Location:" in log.read_text())
    child.send("\x03")
    assert ended(child)[0] == 130
    [draft] = (keyed.home / "drafts").glob("*.toml")
    with draft.open("rb") as fh:
        assert tomllib.load(fh)["unfinished"][GAS]["description"] == "Shaft 2 ladder"


def inspect_words(screen: Screen) -> str:
    """The inspect command line, each word quoted for a shell."""
    command = [str(EXE), "inspect", str(CHECKLIST), "--site", "Mine A", "-o", str(screen.out)]
    return " ".join(f"'{word}'" for word in [*command, "--inspector", "Wang Wei"])


def interactive_shell(screen: Screen) -> Any:
    """bash at the screen's terminal, at its prompt `shell$ `, job control on."""
    shell = pexpect.spawn(
        "bash",
        ["--norc", "--noprofile"],
        env={**screen.env(), "PS1": "shell$ "},
        cwd=str(screen.cwd),
        dimensions=(24, 80),
        timeout=30,  # a hang guard on a loaded machine, not a timing assertion
        encoding="utf-8",
    )
    shell.expect_exact("shell$ ")
    return shell


def wait_for(condition: Any) -> None:
    """Until a file another process writes says so (a hang guard of 30 s, not a timing)."""
    import time

    for _ in range(300):
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError("not seen within 30 s")


ENGLISH = re.compile(r"\b(?:the|is|and|not|to|or|of|answer|draft|saved|signed|enter|item)\b", re.I)


def test_a_whole_walk_in_chinese_at_80x24_shows_no_english_message(keyed: Terminal) -> None:
    screen = Screen(keyed, 24, 80, "dumb")
    child = screen.spawn(
        *("inspect", str(CHECKLIST), "--site", "一号煤矿", "-o", str(screen.out)),
        *("--lang", "zh", "--inspector", "王伟"),
    )
    seen = io.StringIO()
    child.logfile_read = seen  # the whole screen, for the scan at the end
    child.expect_exact("草稿")
    child.expect_exact(KEY_PROMPT)
    child.send("x")
    child.expect_exact("“x”不是有效回答")
    child.send("n")
    prompt(child, "隐患描述：", "")
    child.expect_exact("不符合项必须填写隐患描述")
    prompt(child, "隐患描述：", "瓦斯检查牌板记录造假")
    prompt(child, "位置：", "")
    prompt(child, "隐患等级（重大/一般） [重大]：", "一般")
    prompt(child, "降低等级的理由：", "首次发现")
    prompt(child, "整改措施：", "")
    prompt(child, "责任单位/人：", "")
    prompt(child, "执法文书：", "")
    child.expect_exact("整改期限（YYYY-MM-DD）")
    child.send("\r")
    prompt(child, "佐证文件（留空结束）：", "")
    prompt(child, "或按键：", "abc")
    child.expect_exact("“abc”不是读数：请输入以 %CH4 计的数值，或使用上面列出的按键")
    prompt(child, "或按键：", "1.3")
    child.expect_exact("1.3 %CH4 超过限值 ≤ 1 %CH4 → 不符合")
    prompt(child, "隐患描述：", "")  # a reading describes itself
    for label in (
        "位置：",
        "隐患等级（重大/一般） [重大]：",
        "整改措施：",
        "责任单位/人：",
        "执法文书：",
    ):
        prompt(child, label, "")
    child.expect_exact("整改期限（YYYY-MM-DD）")
    child.send("\r")
    prompt(child, "佐证文件（留空结束）：", "")
    child.expect_exact("复核：不符合 2 项，不适用 1 项")
    prompt(child, "您的选择（回车即签名）：", "")
    child.expect(pexpect.EOF)
    child.close()
    screen_text = seen.getvalue()
    assert child.exitstatus == 0, screen_text
    assert "已签名并写入" in screen_text
    # what came from the program (not the checklist ids, paths or key letters) is Chinese
    shown = screen_text.replace(str(screen.out), "")
    assert "瓦斯" in shown
    assert "复核" in shown
    for word in ("gas-check-genuine", "methane-return", "CMHD-5.1", "CMHD-5.2", "%CH4"):
        shown = shown.replace(word, "")
    assert ENGLISH.findall(shown) == [], shown
    assert Path(screen.out).is_file()


def test_the_whole_coal_checklist_in_chinese_at_80x24(keyed: Terminal) -> None:
    """Every item of the bundled coal checklist passes by in Chinese; none shows English."""
    screen = Screen(keyed, 24, 80, "dumb")
    child = screen.spawn(
        *("inspect", "coal-major-hidden-dangers", "--site", "一号煤矿", "-o", str(screen.out)),
        *("--tag", "coal-underground", "--lang", "zh", "--inspector", "王伟"),
    )
    seen = io.StringIO()
    child.logfile_read = seen
    answered = 0
    while True:
        index = child.expect_exact([" > ", "或按键：", "您的选择（回车即签名）："])
        if index == 2:
            break
        child.send("a" if index == 0 else "a\r")  # not applicable: every item shown, quickly
        answered += 1
    child.send("\r")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, seen.getvalue()[-2000:]
    assert answered > 20
    shown = seen.getvalue().replace(str(screen.out), "")
    shown = re.sub(r"[a-z0-9]+(?:[-.][a-z0-9]+)+", "", shown)  # item ids, clause codes
    shown = re.sub(r"%?[A-Z]{1,4}[0-9a-z₂]*\b", "", shown)  # units and codes like %CH4, CO
    assert ENGLISH.findall(shown) == [], shown[-3000:]
    assert "已签名并写入" in shown


def test_going_back_and_pressing_enter_keeps_a_lowered_grade_and_its_reason(
    keyed: Terminal,
) -> None:
    """`b` over a major item lowered to general: Enter through its fields changes nothing."""
    child = keyed.inspect("--lang", "zh")
    draft_id(child)
    child.expect_exact(KEY_PROMPT)
    child.send("n")
    prompt(child, "隐患描述：", "采空区积水未探明")
    prompt(child, "位置：", "")
    prompt(child, "隐患等级（重大/一般） [重大]：", "一般")
    prompt(child, "降低等级的理由：", "已停止采掘，积水范围已圈定")
    for label in REST_ZH:
        prompt(child, label, "")
    prompt(child, "或按键：", "b")
    child.expect_exact(KEY_PROMPT)
    child.send("n")
    child.expect_exact("隐患描述")
    child.send("\r")
    prompt(child, "位置：", "")
    prompt(child, "隐患等级（重大/一般） [一般]：", "")
    child.expect_exact("降低等级的理由")
    child.send("\r")
    for label in REST_ZH:
        prompt(child, label, "")
    prompt(child, "或按键：", "q")
    assert ended(child)[0] == 0
    [draft] = (keyed.home / "drafts").glob("*.toml")
    with draft.open("rb") as fh:
        gas = tomllib.load(fh)["answers"][GAS]
    assert (gas["severity"], gas["severity_reason"]) == ("general", "已停止采掘，积水范围已圈定")
    assert gas["description"] == "采空区积水未探明"


def full_width(text: str) -> str:
    """What a Chinese input method in full-width mode types for ASCII text."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def test_full_width_answers_are_read_as_their_ascii_keys(keyed: Terminal) -> None:
    """Every prompt takes what a Chinese input method types: full-width keys, grades, dates
    (single-digit months and days too) and -N; a word committed at a key prompt is one
    wrong answer, said once."""
    child = keyed.inspect("--lang", "zh")
    draft_id(child)
    child.expect_exact(KEY_PROMPT)
    child.send("？")
    child.expect_exact("对照瓦斯检查牌板与监控记录。")
    child.expect_exact(KEY_PROMPT)
    child.send("符合")  # an input method commits the word at once
    child.expect_exact("“符合”不是有效回答")
    child.expect_exact(KEY_PROMPT)
    child.send("ｎ")
    child.expect_exact("隐患描述：")
    assert "不是有效回答" not in child.before  # once for the word, not once a character
    child.send("牌板记录与监控记录不符\r")
    prompt(child, "位置：", "")
    prompt(child, "隐患等级（重大/一般） [重大]：", "ｇ")
    prompt(child, "降低等级的理由：", "首次发现")
    prompt(child, "整改措施：", "")
    prompt(child, "责任单位/人：", "")
    prompt(child, "执法文书：", "")
    due = dt.date.today() + dt.timedelta(days=40)
    child.expect_exact("整改期限（YYYY-MM-DD）")
    child.send(full_width(f"{due.year}-{due.month}-{due.day}") + "\r")
    prompt(child, "佐证文件（留空结束）：", "－１")
    child.expect_exact("没有第 1 项")
    prompt(child, "佐证文件（留空结束）：", "")
    prompt(child, "或按键：", "ｂ")
    child.expect_exact("（原答案：不符合）")
    child.expect_exact("b 返回上一条")
    child.expect_exact(KEY_PROMPT)
    child.send("ｑ")
    status, output = ended(child)
    assert status == 0, output
    [draft] = (keyed.home / "drafts").glob("*.toml")
    with draft.open("rb") as fh:
        gas = tomllib.load(fh)["answers"][GAS]
    assert (gas["severity"], gas["deadline"]) == ("general", due)

    child = keyed.inspect("--lang", "zh")
    prompt(child, "继续吗？[Y/n] ", "ｙ")
    child.expect_exact("或按键：")
    child.send("ｑ\r")
    assert ended(child)[0] == 0
    assert len(keyed.drafts()) == 1  # resumed, not a new draft


def test_an_earlier_answer_is_put_in_the_editor_to_be_edited(keyed: Terminal) -> None:
    """Answering again: the earlier text, line breaks and all, is in the line editor; one
    character is corrected without typing the rest again. The review shows the lines."""
    screen = Screen(keyed, 40, 120, "xterm")
    child = screen.spawn(
        *("inspect", str(CHECKLIST), "--site", "一号煤矿", "-o", str(screen.out)),
        *("--lang", "zh", "--inspector", "王伟"),
    )
    draft_id(child)
    child.expect_exact(KEY_PROMPT)
    child.send("n")
    child.expect_exact("隐患描述：")
    child.send("\x1b[200~采空区积水未探明，\n防治水措施未落实\x1b[201~\r")  # pasted on two lines
    child.expect_exact("位置：")
    child.send("1201 工作面\r")
    for label in ("隐患等级（重大/一般） [重大]：", *REST_ZH):
        child.expect_exact(label)
        child.send("\r")
    child.expect_exact("或按键：")
    child.send("b\r")
    child.expect_exact(KEY_PROMPT)
    child.send("n")
    child.expect_exact("防治水措施未落实")  # in the editor, not as a [default]
    child.send(BACKSPACE * 2 + "到位\r")
    child.expect_exact("1201 工作面")
    child.send(BACKSPACE * len("1201 工作面") + "\r")  # erased: no location
    for label in ("隐患等级（重大/一般） [重大]：", *REST_ZH):
        child.expect_exact(label)
        child.send("\r")
    child.expect_exact("或按键：")
    child.send("0.5\r")
    child.expect_exact("您的选择（回车即签名）：")
    review = child.before
    child.send("\r")
    status, output = ended(child)
    assert status == 0, output
    assert "\\u000a" not in review
    assert re.search(r"采空区积水未探明， *\r\n.* 防治水措施未到位", review), review
    gas = findings(screen.out)[0]
    assert gas["description"] == "采空区积水未探明，\n防治水措施未到位"
    assert "location" not in gas


def gbk_walk(screen: Screen) -> Any:
    """The walk in English at `screen` (24 x 120), read as UTF-8 with what is not replaced: a
    terminal set to GBK echoes bytes that are no UTF-8."""
    return pexpect.spawn(
        str(EXE),
        [
            *("inspect", str(CHECKLIST), "--site", "Mine A", "--inspector", "Wang Wei"),
            *("-o", str(screen.out), "--lang", "en"),
        ],
        env=screen.env(),
        cwd=str(screen.cwd),
        dimensions=(24, 120),
        timeout=30,  # a hang guard on a loaded machine, not a timing assertion
        encoding="utf-8",
        codec_errors="replace",  # the echo of the GBK bytes is no UTF-8 either
    )


def test_bytes_that_are_not_utf8_are_asked_again_not_a_traceback(keyed: Terminal) -> None:
    """A terminal set to GBK sends 中文 as bytes that are not UTF-8; the line editor hands
    them on as lone surrogates, which ended the walk in a traceback when the draft was saved
    (and, written, would have made a malformed file). The line is asked for again."""
    screen = Screen(keyed, 24, 120, "dumb")
    child = gbk_walk(screen)
    draft_id(child)
    child.expect_exact(KEY_PROMPT)
    child.send("n")
    child.expect_exact("Description of the hidden danger:")
    os.write(child.child_fd, b"GBK \xd6\xd0\xce\xc4\r")  # 中文 in GBK
    child.expect_exact(
        "the terminal sent bytes that are not UTF-8 (\\udcd6), the locale's encoding: set the"
        " terminal and the locale (LANG) to one encoding and type that again"
    )
    prompt(child, "Description of the hidden danger:", "中文 in UTF-8")
    for label in ("Location:", "Severity (major/general) [major]:", "Rectification measures:"):
        prompt(child, label, "")
    prompt(child, "Responsible unit / person:", "")
    prompt(child, "Enforcement order:", "")
    prompt(child, "Deadline (YYYY-MM-DD)", "")
    prompt(child, "Evidence file (empty to finish):", "")
    child.expect_exact(READING_PROMPT.rstrip())
    child.send("0.5\r")
    prompt(child, REVIEW_PROMPT, "")
    status, text = ended(child)
    assert status == 0, text
    assert "Traceback" not in text
    assert findings(screen.out)[0]["description"] == "中文 in UTF-8"


ESCAPE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def cursor_line(child: Any, text: str) -> str:
    """The line of the screen the cursor is on once `text` is shown (a dumb terminal)."""
    child.expect_exact(text)
    shown = ESCAPE.sub("", child.before + text).replace("\r", "")
    return shown.rsplit("\n", 1)[-1]


@pytest.mark.parametrize("cols", [80, 40])
def test_each_question_is_on_the_line_the_answer_is_typed_on(keyed: Terminal, cols: int) -> None:
    """A braille display shows the cursor's line: it showed "> " alone (the question two lines
    above), the end of a word and the rest of the resume question ("me it? [Y/n]"), and the end
    of the review's choices ("and quit:"). At a dumb terminal of 40 columns Rich laid every
    line out at 80, and the terminal broke them again, rows of the review into halves."""
    from rich.cells import cell_len

    screen = Screen(keyed, 24, cols, "dumb")
    child = screen.inspect()
    assert cursor_line(child, KEY_PROMPT) == GAS_QUESTION + " > "
    child.send("y")
    prompt(child, "or a key: ", "q")
    assert ended(child)[0] == 0

    child = screen.inspect()
    transcript = io.StringIO()
    child.logfile_read = transcript
    child.expect_exact("An unfinished draft of this checklist")
    assert cursor_line(child, RESUME_PROMPT) == RESUME_PROMPT
    child.send("y\r")
    prompt(child, "or a key: ", "0.5")
    child.expect_exact("Enter to sign and write")
    assert cursor_line(child, REVIEW_PROMPT) == REVIEW_PROMPT
    child.send("\r")
    status, output = ended(child)
    assert status == 0, output
    lines = ESCAPE.sub("", transcript.getvalue()).replace("\r", "").split("\n")
    laid_out = [x for x in lines if "f.toml" not in x and not DRAFT_LINE.search(x)]
    assert max(map(cell_len, laid_out)) <= cols, "\n".join(lines)  # (a path is not folded)


def up_to_the_evidence(screen: Screen) -> Any:
    """A walk on the screen, its first item non-compliant, every field but the evidence given."""
    child = screen.inspect()
    draft_id(child)
    child.expect_exact(KEY_PROMPT)
    child.send("n")
    prompt(child, "Description of the hidden danger:", "board")
    prompt(child, "Location:", "")
    prompt(child, "Severity (major/general) [major]:", "")
    prompt(child, "Rectification measures:", "")
    prompt(child, "Responsible unit / person:", "")
    prompt(child, "Enforcement order:", "")
    child.expect_exact("Deadline (YYYY-MM-DD)")
    child.send("\r")
    return child


def signed_after_the_evidence(child: Any) -> None:
    """The evidence list ended, the reading given, signed at the review: exit 0."""
    prompt(child, "Evidence file (empty to finish, -N removes entry N):", "")
    child.expect_exact(READING_PROMPT.rstrip())
    child.send("0.8\r")
    prompt(child, REVIEW_PROMPT, "")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before


@pytest.mark.parametrize(
    "drop",
    [
        # GNOME Terminal, Konsole: single quotes, an apostrophe as '\'', a space after
        lambda path: "'" + str(path).replace("'", "'\\''") + "' ",
        # macOS Terminal, iTerm2: every special character after a backslash
        lambda path: re.sub(r"([^\w/.\-])", r"\\\1", str(path)),
    ],
    ids=["quoted", "escaped"],
)
def test_a_dropped_path_with_shell_quoting_is_the_file(keyed: Terminal, drop: Any) -> None:
    screen = Screen(keyed, 24, 80, "dumb")
    photo = screen.cwd / "it's (1) & 2.jpg"
    photo.write_bytes(b"\xff\xd8 a photo")
    child = up_to_the_evidence(screen)
    prompt(child, "Evidence file (empty to finish):", drop(photo))
    child.expect_exact("1. it's (1) & 2.jpg")
    signed_after_the_evidence(child)
    assert [e["path"] for e in findings(screen.out)[0]["evidence"]] == ["it's (1) & 2.jpg"]


def test_tab_completes_a_name_a_mac_wrote_and_it_is_recorded_composed(keyed: Terminal) -> None:
    """Tab completion writes out the name as the disk spells it (decomposed, from a Mac); the
    record holds the one spelling every system reads (NFC)."""
    import unicodedata

    screen = Screen(keyed, 24, 80, "dumb")
    (screen.cwd / "ev").mkdir()
    (screen.cwd / "ev" / unicodedata.normalize("NFD", "café 1.jpg")).write_bytes(b"photo")
    child = up_to_the_evidence(screen)
    child.expect_exact("Evidence file (empty to finish):")
    child.send("ev/ca\t")
    child.send("\r")
    child.expect_exact("1. ev/café 1.jpg")
    signed_after_the_evidence(child)
    [entry] = findings(screen.out)[0]["evidence"]
    assert entry["path"] == unicodedata.normalize("NFC", "ev/café 1.jpg")


def _the_job_of(shell: Any) -> int:
    """The process the shell runs in the foreground (its one child)."""
    [child] = [
        int(entry.name)
        for entry in Path("/proc").iterdir()
        if entry.name.isdigit()
        and (entry / "stat").exists()
        and (entry / "stat").read_text().rpartition(")")[2].split()[1] == str(shell.pid)
    ]
    return child


def _stopped_from_outside_and_continued(shell: Any) -> None:
    os.kill(_the_job_of(shell), signal.SIGSTOP)
    _continued_by_fg(shell)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds the job in /proc")
@pytest.mark.parametrize("kind", ["dumb", "xterm"])
def test_a_walk_stopped_from_outside_reads_keys_again_after_fg(keyed: Terminal, kind: str) -> None:
    """Stopped by a signal it cannot catch (`kill -STOP`, a debugger) at a key question, the
    walk was continued by `fg` with the terminal in the shell's line mode: the next key was
    echoed and waited for Enter. The walk sets its own modes again when it is continued."""
    _a_walk_stopped_twice_goes_on(keyed, kind, _stopped_from_outside_and_continued)


def test_ctrl_z_where_stopping_is_ignored_leaves_the_walk_going(keyed: Terminal) -> None:
    """Run from a script that ignores Ctrl-Z (`trap '' TSTP`: it is not to be stopped), the
    walk's own Ctrl-Z handler stopped it all the same. The walk leaves an ignored Ctrl-Z
    ignored: the key and line questions go on, and what is typed reaches the draft."""
    screen = Screen(keyed, 24, 80, "xterm")
    shell = interactive_shell(screen)
    shell.sendline(f"sh -c \"trap '' TSTP; exec {inspect_words(screen)}\"")
    shell.expect_exact(KEY_PROMPT)
    shell.send("\x1a")
    shell.send("n")  # (stopped, the shell would read it)
    shell.expect_exact("Description of the hidden danger:")
    shell.send("Shaft")
    shell.expect_exact("Shaft")
    shell.send("\x1a")
    shell.send(" 2 ladder\r")
    shell.expect_exact("Location:")
    shell.send("\x03")
    shell.expect_exact("shell$ ")
    shell.sendline("exit")
    shell.expect(pexpect.EOF)
    [draft] = (keyed.home / "drafts").glob("*.toml")
    with draft.open("rb") as fh:
        assert tomllib.load(fh)["unfinished"][GAS]["description"] == "Shaft 2 ladder"


def test_a_bidi_override_in_the_line_editor_is_shown_not_obeyed(keyed: Terminal) -> None:
    """The line editor wrote what it held as it was: a right-to-left override in a description
    (typed, pasted, or an earlier or unfinished answer put back in the editor, a draft's text)
    reached the terminal and turned the rest of the line around. The editor shows it as an
    escape, as every other output does; the record keeps the character."""
    screen = Screen(keyed, 24, 80, "xterm")
    child = screen.spawn(
        *("inspect", str(CHECKLIST), "--site", "Mine A", "-o", str(screen.out)),
        *("--inspector", "Wang Wei"),
    )
    shown = io.StringIO()
    child.logfile_read = shown
    draft_id(child)
    child.expect_exact(KEY_PROMPT)
    child.send("n")
    child.expect_exact("Description of the hidden danger:")
    child.send("Shaft \u202e2 ladder")
    child.expect_exact("ladder")
    child.send("\r")
    child.expect_exact("Location:")
    child.send("\x03")
    child.expect(pexpect.EOF)
    assert "\u202e" not in shown.getvalue()
    assert "Shaft \\u202e2 ladder" in shown.getvalue()
    [draft] = (keyed.home / "drafts").glob("*.toml")
    with draft.open("rb") as fh:
        assert tomllib.load(fh)["unfinished"][GAS]["description"] == "Shaft \u202e2 ladder"


class Unanswering(Screen):
    """A terminal that never answers a cursor-position request (a serial console, some
    terminals inside editors)."""

    def env(self) -> dict[str, str]:
        env = super().env()
        del env["PROMPT_TOOLKIT_NO_CPR"]
        return env


def test_a_terminal_that_does_not_answer_where_the_cursor_is_gets_no_english_warning(
    keyed: Terminal,
) -> None:
    """The line editor asks the terminal where the cursor is; a terminal that never answers
    had, two seconds into the first line question, the editor's own "WARNING: your terminal
    doesn't support cursor position requests (CPR)." written into the walk, in English
    whatever the walk's language, about nothing the inspector can change."""
    screen = Unanswering(keyed, 24, 80, "xterm")
    child = screen.inspect("--lang", "zh")
    child.expect_exact(KEY_PROMPT)
    child.send("n")
    child.expect_exact("隐患描述：")
    # (the editor gives up waiting after two seconds; four leave room on a loaded machine)
    assert child.expect_exact(["WARNING", pexpect.TIMEOUT], timeout=4) == 1
    child.send("Shaft 2 ladder\r")
    child.expect_exact("位置：")
    child.send("\x03")
    assert ended(child)[0] == 130


def test_a_file_dropped_where_the_reason_is_asked_is_the_evidence(keyed: Terminal) -> None:
    """Enter at the file prompt of an item that requires evidence asked why there is none, and
    the only way back to the file was to answer the item again."""
    required = keyed.cwd / "mini-check.toml"  # named as its id
    text = CHECKLIST.read_text("utf-8")
    required.write_text(text.replace('evidence = "recommended"', 'evidence = "required"', 1))
    photo = keyed.cwd / "board (1).jpg"
    photo.write_bytes(b"\xff\xd8 a photo")
    screen = Screen(keyed, 24, 80, "dumb")
    child = screen.spawn(
        "inspect", str(required), "--site", "Mine A", "-o", str(screen.out), "--inspector", "W"
    )
    draft_id(child)
    child.expect_exact(KEY_PROMPT)
    child.send("y")
    prompt(child, "Evidence file (empty to finish):", "")
    prompt(child, "Why there is no evidence (this item requires it):", "")
    child.expect_exact("a reason is needed, or the evidence file: type or drop its path")
    dropped = "'" + str(photo) + "' "  # as GNOME Terminal drops it
    prompt(child, "Why there is no evidence (this item requires it):", dropped)
    child.expect_exact("'board (1).jpg' is taken as evidence")
    child.expect_exact("1. board (1).jpg")
    signed_after_the_evidence(child)
    [finding] = findings(screen.out)[:1]
    assert [e["path"] for e in finding["evidence"]] == ["board (1).jpg"]
    assert "note" not in finding


PASTE = "\x1b[200~{}\x1b[201~"  # what a terminal that brackets a paste sends


def at_the_description(keyed: Terminal, kind: str) -> tuple[Screen, Any]:
    """The walk begun at an 80x24 terminal of KIND, the first item answered non-compliant: at
    its description's question."""
    screen = Screen(keyed, 24, 80, kind)
    child = screen.inspect()
    draft_id(child)
    child.expect_exact(KEY_PROMPT)
    child.send("n")
    child.expect_exact("Description of the hidden danger:")
    return screen, child


@pytest.mark.parametrize("kind", ["dumb", "xterm"])
def test_a_tab_typed_or_pasted_into_the_walks_text_is_a_space(keyed: Terminal, kind: str) -> None:
    """The Tab key in a description did nothing (`Shaft 2ladder`): the line editor's Tab
    completes, and a text has nothing to complete. A tab pasted from a spreadsheet was kept
    and signed, shown `\\u0009` at a terminal. Both are a space now, in each text asked."""
    screen, child = at_the_description(keyed, kind)
    child.send("Shaft 2")
    child.send("\t")  # the Tab key, alone
    prompt(child, "", "ladder")
    pasted = PASTE.format("回风巷\t风量不足") if kind == "xterm" else "回风巷\t风量不足"
    prompt(child, "Location:", pasted)
    prompt(child, "Severity (major/general) [major]:", "")
    prompt(child, "Rectification measures:", "repair\tladder")  # typed at once
    rest_of_the_walk(child)
    gas = findings(screen.out)[0]
    said = (gas["description"], gas["location"], gas["measures"])
    assert said == ("Shaft 2 ladder", "回风巷 风量不足", "repair ladder")
