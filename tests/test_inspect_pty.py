"""The interactive walk in a real pseudo-terminal: keys, drafts, Ctrl-C, a killed process."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import signal
import subprocess
import sys
import termios
import tomllib
from pathlib import Path
from typing import Any

import pexpect
import pytest

from tests.conftest import DATA
from tests.key_homes import keyed_home

EXE = Path(sys.executable).parent / "minecheck"
CHECKLIST = DATA / "checklists" / "valid" / "mini-check.toml"
ALICE = "alice@mine.example"
GAS, METHANE, OUTBURST = "gas-check-genuine", "methane-return", "outburst-org"

GAS_QUESTION = "Are gas checks done and genuine?"
GAS_QUESTION_ZH = "瓦斯检查是否真实、无漏检假检？"
KEY_PROMPT = "> "
READING_PROMPT = "Enter the reading in %CH4 (limit ≤ 1 %CH4), or a key: "
REVIEW_PROMPT = "Your choice (Enter signs): "
RESUME_PROMPT = "Resume it? [Y/n] "
DRAFT_LINE = re.compile(  # (below its width, the sentence first and the id on its own line)
    r"(?:draft|草稿) ([0-9a-f-]{36})(?: \(answers are saved|（每个回答)"
    r"|(?:as you go, in draft:|自动保存，草稿：)\r?\n  ([0-9a-f-]{36})"
)
IUTF8 = 0o40000  # Linux: the line discipline erases whole UTF-8 characters
NOT_APPLICABLE = {"item": OUTBURST, "result": "not-applicable", "note": "applies only to: outburst"}


class Terminal:
    """minecheck at a terminal of its own, in a working directory of its own."""

    rows = 40
    encoding = "utf-8"  # what the terminal sends and shows
    codec_errors = "strict"

    def __init__(self, home: Path, cwd: Path) -> None:
        self.home = home
        self.cwd = cwd
        self.out = cwd / "f.toml"
        # (a test that reads a temporary path inside a prompt makes the terminal wider: such a
        # prompt is folded at the terminal's width, and the path's length is the machine's)
        self.width = 120

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("MINECHECK_")}
        env.update(
            MINECHECK_HOME=str(self.home), NO_COLOR="1", TERM="dumb", COLUMNS=str(self.width)
        )
        return env

    def spawn(self, *args: str) -> Any:
        return pexpect.spawn(
            str(EXE),
            list(args),
            env=self.env(),
            cwd=str(self.cwd),
            dimensions=(self.rows, self.width),
            timeout=30,  # a hang guard on a loaded machine, not a timing assertion
            encoding=self.encoding,
            codec_errors=self.codec_errors,
        )

    def key_with_passphrase(self) -> None:
        """Alice's key, protected by the passphrase `correct horse`, made and trusted here."""
        secret = self.cwd / "passphrase"
        secret.write_text("correct horse\n")
        secret.chmod(0o600)
        keyed_home(self.home, ALICE, "correct horse")  # (`keys generate` run once, its home copied)

    def inspect(self, *extra: str, inspector: str | None = "Wang Wei") -> Any:
        named = ("--inspector", inspector) if inspector else ()
        return self.spawn(
            "inspect", str(CHECKLIST), "--site", "Mine A", "-o", str(self.out), *named, *extra
        )

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(EXE), *args],
            env=self.env(),
            cwd=self.cwd,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )

    def drafts(self) -> list[dict[str, Any]]:
        result = self.run("drafts", "list", "--json")
        assert result.returncode == 0, result.stdout
        listed: list[dict[str, Any]] = json.loads(result.stdout)["data"]["drafts"]
        return listed

    def verify(self, path: Path) -> str:
        result = self.run("verify", "--json", str(path))
        status: str = json.loads(result.stdout)["data"]["files"][0]["status"]
        return status


@pytest.fixture
def term(tmp_path: Path, isolated_home: Path) -> Terminal:
    return Terminal(isolated_home, tmp_path)


@pytest.fixture
def keyed(term: Terminal) -> Terminal:
    """Alice's key exists already and is trusted here (made once, its home copied)."""
    keyed_home(term.home, ALICE)
    return term


def draft_id(child: Any) -> str:
    child.expect(DRAFT_LINE)
    found: str = child.match.group(1) or child.match.group(2)
    return found


def key(child: Any, answer: str, question: str | None = GAS_QUESTION) -> None:
    """A one-key answer to a yes/no question, once its prompt is on the screen."""
    if question is not None:
        child.expect_exact(question)
    child.expect_exact(KEY_PROMPT)
    child.send(answer)


def line(child: Any, prompt: str, answer: str) -> None:
    child.expect_exact(prompt)
    child.sendline(answer)


def details(child: Any, description: str) -> None:
    """The finding's fields after `n`: a description, the rest left at their defaults."""
    line(child, "Description of the hidden danger: ", description)
    line(child, "Location: ", "")
    line(child, "Severity (major/general) [major]: ", "")
    line(child, "Rectification measures: ", "")
    line(child, "Responsible unit / person: ", "")
    line(child, "Enforcement order: ", "")
    due = dt.date.today() + dt.timedelta(days=30)
    line(child, f"Deadline (YYYY-MM-DD) [{due.isoformat()}]: ", "")
    line(child, "Evidence file (empty to finish): ", "")


def finish(child: Any) -> str:
    """Enter at the review; the process signs, prints the path and ends with exit 0."""
    line(child, REVIEW_PROMPT, "")
    child.expect(pexpect.EOF)
    text: str = child.before
    child.close()
    assert child.exitstatus == 0, text
    return text


def ended(child: Any) -> tuple[int | None, str]:
    child.expect(pexpect.EOF)
    text: str = child.before
    child.close()
    return child.exitstatus, text


def findings(path: Path) -> list[dict[str, Any]]:
    with path.open("rb") as fh:
        found: list[dict[str, Any]] = tomllib.load(fh)["finding"]
    return found


def major(description: str) -> dict[str, Any]:
    return {
        "item": GAS,
        "result": "noncompliant",
        "severity": "major",
        "basis": ["CMHD-5.1"],
        "description": description,
        "deadline": dt.date.today() + dt.timedelta(days=30),
    }


def compliant_methane(value: float) -> dict[str, Any]:
    return {
        "item": METHANE,
        "result": "compliant",
        "reading": {"value": value, "unit": "%CH4", "max": 1.0},
    }


def test_a_killed_walk_resumes_where_it_stopped(keyed: Terminal) -> None:
    description = "假检: the board shows checks that were never made"
    child = keyed.inspect()
    first = draft_id(child)
    key(child, "n")
    details(child, description)
    child.expect_exact(READING_PROMPT)
    child.kill(signal.SIGKILL)
    child.expect(pexpect.EOF)
    child.close()
    assert child.signalstatus == signal.SIGKILL

    [listed] = keyed.drafts()
    # answers given: the finding; the item prefilled not-applicable by the tags is not counted
    assert (listed["id"], listed["answered"], listed["site"]) == (first, 1, "Mine A")
    assert not keyed.out.exists()

    child = keyed.inspect()
    child.expect_exact(f"An unfinished draft of this checklist and site exists ({first[:8]}, 1 ")
    line(child, RESUME_PROMPT, "")
    assert draft_id(child) == first
    line(child, READING_PROMPT, "0.5")
    output = finish(child)
    assert f"{keyed.out}\r\n" in output

    # what was answered is what was signed: each item once, in checklist order
    assert findings(keyed.out) == [major(description), compliant_methane(0.5), NOT_APPLICABLE]
    assert keyed.verify(keyed.out) == "trusted"
    assert keyed.drafts() == []
    assert list((keyed.home / "drafts").glob("*.toml")) == []


NOTHING_KEPT = {
    "en": "(unfinished answer: non-compliant; nothing typed for it was kept: press its key"
    " to answer it)",
    "zh": "（未完成的回答：不符合；没有保存为它输入的内容：请按其按键重新作答）",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_walk_killed_in_a_note_does_not_say_the_note_is_filled_in(
    keyed: Terminal, lang: str
) -> None:
    """Killed (a flat battery) while the description was typed: the `n` is kept, the half line
    is not (the guide says so). Resumed, the walk said `what was typed is filled in` over an
    empty description; it says nothing typed was kept, and what to do."""
    child = keyed.inspect("--lang", lang)
    kept = draft_id(child)
    key(child, "n", None)
    child.expect_exact("Description of the hidden danger: " if lang == "en" else "隐患描述：")
    child.send("回风巷 half a note")
    child.kill(signal.SIGKILL)
    child.expect(pexpect.EOF)
    child.close()

    child = keyed.spawn("drafts", "resume", kept)
    child.expect_exact(NOTHING_KEPT[lang])
    said = child.before
    key(child, "n", None)
    child.expect_exact("Description of the hidden danger: " if lang == "en" else "隐患描述：")
    child.sendintr()
    status, _ = ended(child)
    assert status == 130
    assert "filled in" not in said
    assert "已填入" not in said


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_ctrl_c_at_the_offer_to_resume_names_the_draft_kept(keyed: Terminal, lang: str) -> None:
    """Ctrl-C at `Resume it? [Y/n]` said `interrupted; nothing was written`: true, but the
    inspector is left to wonder whether the morning's answers went with it. It names the draft
    kept and how to resume it, as a Ctrl-C in the walk does (exit 130)."""
    child = keyed.inspect("--lang", lang)
    kept = draft_id(child)
    key(child, "y", None)
    line(child, READING_PROMPT if lang == "en" else "或按键：", "q")
    assert ended(child)[0] == 0

    child = keyed.inspect("--lang", lang)
    child.expect_exact(RESUME_PROMPT if lang == "en" else "继续吗？[Y/n] ")
    child.sendintr()
    status, output = ended(child)
    assert status == 130, output
    said = {
        "en": f"minecheck: error: interrupted; draft {kept} kept\r\n  hint: resume it with:\r\n"
        f"    minecheck drafts resume {kept}\r\n",
        "zh": f"minecheck: error: 已中断；草稿 {kept} 已保留\r\n  hint: 继续请运行：\r\n"
        f"    minecheck drafts resume --lang zh {kept}\r\n",
    }
    assert said[lang] in output
    assert [d["id"] for d in keyed.drafts()] == [kept]


def test_ctrl_c_keeps_the_draft_and_resume_goes_on(keyed: Terminal) -> None:
    child = keyed.inspect()
    kept = draft_id(child)
    key(child, "y")
    child.expect_exact(READING_PROMPT)
    child.sendintr()
    status, output = ended(child)
    assert status == 130
    assert f"\nminecheck: error: interrupted; draft {kept} kept" in output  # on a line of its own
    assert f"  hint: resume it with:\r\n    minecheck drafts resume {kept}\r\n" in output
    assert "Traceback" not in output
    [listed] = keyed.drafts()
    assert (listed["id"], listed["answered"]) == (kept, 1)

    child = keyed.spawn("drafts", "resume", kept[:8])
    assert draft_id(child) == kept
    line(child, READING_PROMPT, "0.5")
    finish(child)
    assert findings(keyed.out) == [
        {"item": GAS, "result": "compliant"},
        compliant_methane(0.5),
        NOT_APPLICABLE,
    ]
    assert keyed.drafts() == []


@pytest.mark.parametrize("stop", ["ctrl-c", "ctrl-d"])
def test_stopping_at_the_passphrase_prompt_keeps_the_draft(term: Terminal, stop: str) -> None:
    """Ctrl-C or Ctrl-D where the passphrase is asked: exit 130, the draft kept and named."""
    term.key_with_passphrase()
    term.width = 400  # (the prompt names the key's temporary path)
    child = term.inspect()
    kept = draft_id(child)
    key(child, "y")
    line(child, READING_PROMPT, "0.5")
    line(child, REVIEW_PROMPT, "")
    child.expect_exact("Passphrase for ")
    child.expect_exact(": ")
    if stop == "ctrl-c":
        child.sendintr()
    else:
        child.sendcontrol("d")
    status, output = ended(child)
    assert status == 130, output
    assert f"\nminecheck: error: interrupted before signing; draft {kept} kept" in output
    assert f"  hint: resume it with:\r\n    minecheck drafts resume {kept}\r\n" in output
    assert [d["id"] for d in term.drafts()] == [kept]
    assert not term.out.exists()


def test_ctrl_c_while_typing_a_finding(keyed: Terminal) -> None:
    child = keyed.inspect()
    kept = draft_id(child)
    key(child, "n")
    line(child, "Description of the hidden danger: ", "half a sentence")
    child.expect_exact("Location: ")
    child.sendintr()
    status, output = ended(child)
    assert status == 130
    assert f"interrupted; draft {kept} kept" in output
    [listed] = keyed.drafts()
    assert listed["answered"] == 0  # the finding was not finished


def test_the_same_command_again_resumes_without_a_word_about_settings(keyed: Terminal) -> None:
    """The README's command run twice: its default output (named by the time) is no setting."""
    args = ("inspect", str(CHECKLIST), "--site", "Mine A", "--inspector", "Wang Wei")
    child = keyed.spawn(*args)
    kept = draft_id(child)
    key(child, "y")
    line(child, READING_PROMPT, "q")
    assert ended(child)[0] == 0
    child = keyed.spawn(*args)
    child.expect_exact(f"exists ({kept[:8]}, 1 answer).")
    line(child, RESUME_PROMPT, "")
    child.expect_exact(READING_PROMPT)
    shown = child.before  # what came between the answer to resume and the draft's next question
    child.send("q\r")
    assert ended(child)[0] == 0
    assert "Resume" not in shown
    assert "keeps its own settings" not in shown
    assert "gas-check-genuine" not in shown  # resumed where it stopped, nothing asked again


def test_q_saves_and_quits(keyed: Terminal) -> None:
    child = keyed.inspect()
    kept = draft_id(child)
    key(child, "y")
    line(child, READING_PROMPT, "q")
    status, output = ended(child)
    assert status == 0
    assert f"saved draft {kept}; resume with:\r\n  minecheck drafts resume {kept}\r\n" in output
    [listed] = keyed.drafts()
    assert (listed["id"], listed["answered"]) == (kept, 1)
    assert not keyed.out.exists()

    # declining to resume starts afresh; the old draft stays; what is not an answer is asked
    # again (a note typed where y/n was asked is no yes)
    child = keyed.inspect()
    line(child, RESUME_PROMPT, "yseen on site")
    child.expect_exact("please answer y or n")
    line(child, RESUME_PROMPT, "n")
    fresh = draft_id(child)
    assert fresh != kept
    key(child, "q")
    assert ended(child)[0] == 0
    assert [d["id"] for d in keyed.drafts()] == [kept]  # (the fresh one held nothing)

    # asked in a terminal, the count is `drafts list`'s; declining is a choice, not a failure
    child = keyed.spawn("drafts", "discard", kept)
    line(child, f"Discard draft {kept[:8]} (Mine A, 1 answer)? [y/N] ", "maybe")
    child.expect_exact("please answer y or n")
    line(child, f"Discard draft {kept[:8]} (Mine A, 1 answer)? [y/N] ", "n")
    status, output = ended(child)
    assert (status, output.strip()) == (0, "n\r\nnothing was discarded")
    assert [d["id"] for d in keyed.drafts()] == [kept]


def test_skip_back_and_review(keyed: Terminal) -> None:
    child = keyed.inspect()
    draft_id(child)
    key(child, "s")  # skipped: comes back at the end
    line(child, READING_PROMPT, "b")  # back: the item answered last (none yet)
    child.expect_exact("this is the first question")
    line(child, READING_PROMPT, "0.4")
    key(child, "y")  # the skipped item, asked again at the end
    child.expect_exact("Review: 2 compliant, 1 not applicable")
    line(child, REVIEW_PROMPT, GAS)  # answer it again
    child.expect_exact("(earlier answer: compliant)")
    key(child, "n", question=None)
    details(child, "on second thought")
    child.expect_exact("Review: 1 compliant, 1 non-compliant, 1 not applicable")
    finish(child)
    assert findings(keyed.out) == [
        major("on second thought"),
        compliant_methane(0.4),
        NOT_APPLICABLE,
    ]


def test_back_asks_the_previous_item_again(keyed: Terminal) -> None:
    child = keyed.inspect()
    draft_id(child)
    key(child, "n")
    details(child, "first thought")
    line(child, READING_PROMPT, "b")
    child.expect_exact("(earlier answer: non-compliant)")
    key(child, "y", question=None)
    line(child, READING_PROMPT, "1.3")  # over the limit: non-compliant, so details are asked
    details(child, "methane at 1.3")
    finish(child)
    assert findings(keyed.out) == [
        {"item": GAS, "result": "compliant"},
        {
            "item": METHANE,
            "result": "noncompliant",
            "severity": "major",
            "basis": ["CMHD-5.2"],
            "description": "methane at 1.3",
            "deadline": dt.date.today() + dt.timedelta(days=30),
            "reading": {"value": 1.3, "unit": "%CH4", "max": 1.0},
        },
        NOT_APPLICABLE,
    ]


def test_question_mark_shows_the_guidance_and_the_chinese_question(keyed: Terminal) -> None:
    child = keyed.inspect()
    draft_id(child)
    key(child, "?")
    child.expect_exact("Compare the gas-check board with the monitoring record.")
    child.expect_exact(GAS_QUESTION_ZH)
    child.expect_exact("对照瓦斯检查牌板与监控记录。")
    child.expect_exact(KEY_PROMPT)
    child.send("x")  # not a key: said so, asked again
    child.expect_exact("'x' is not an answer: use one of the keys above")
    child.expect_exact(KEY_PROMPT)
    child.send("\x1b[B")  # an arrow key is swallowed whole, not read as three keys
    child.expect_exact(KEY_PROMPT)
    child.send("q")
    child.expect_exact("nothing was answered; no draft was kept")
    assert "is not an answer" not in child.before
    assert ended(child)[0] == 0


def test_lang_zh_shows_the_chinese_question(keyed: Terminal) -> None:
    child = keyed.inspect("--lang", "zh")
    draft_id(child)
    child.expect_exact("瓦斯")  # the section title
    key(child, "y", question=GAS_QUESTION_ZH)
    child.expect_exact("采煤工作面回风流中甲烷浓度（%）")
    line(child, "请输入 %CH4 读数（限值 ≤ 1 %CH4），或按键：", "0.3")
    child.expect_exact("回车 签名并保存 · 输入条目编号或 id 重新作答 · 输入 q 保存并退出")
    line(child, "您的选择（回车即签名）：", "")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    with keyed.out.open("rb") as fh:
        assert tomllib.load(fh)["inspection"]["language"] == "zh"


def test_first_run_offers_a_key(term: Terminal) -> None:
    child = term.inspect(inspector=None)
    child.expect_exact("You have no signing key yet")
    child.expect(r"Create one now\? Principal \[([^\]\r\n]+)\] \(or n to stop\): ")
    principal: str = child.match.group(1)
    child.sendline("")
    line(child, "Passphrase for the new key (empty for none): ", "")
    line(child, "Same passphrase again: ", "")
    line(child, "Trust this key on this computer too (for minecheck verify)? [Y/n] ", "")
    # the name on the record is asked for; the key's principal is only offered
    line(child, f"Inspector (your name as it should appear) [{principal}]: ", "")
    draft_id(child)
    key(child, "y")
    line(child, READING_PROMPT, "0.5")
    finish(child)
    with term.out.open("rb") as fh:
        doc = tomllib.load(fh)
    assert doc["minecheck"]["signer"] == principal
    assert doc["inspection"]["inspector"] == principal
    assert term.verify(term.out) == "trusted"
    # the key is the default key now: no offer the next time
    child = term.spawn(
        "inspect", str(CHECKLIST), "--site", "Mine B", "-o", "g.toml", "--inspector", "W"
    )
    draft_id(child)
    key(child, "q")
    assert ended(child)[0] == 0


def test_first_run_n_stops_without_a_key(term: Terminal) -> None:
    child = term.inspect()
    child.expect(r"Principal \[[^\]\r\n]+\] \(or n to stop\): ")
    child.sendline("n")
    status, output = ended(child)
    assert status == 2
    assert "minecheck: error: no signing key" in output
    assert term.drafts() == []
    assert not (term.home / "keys").exists() or list((term.home / "keys").iterdir()) == []


ESCAPE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def test_the_key_offer_is_folded_between_words(term: Terminal) -> None:
    # at 40 columns the terminal broke the offer's sentences in the middle of words ("add|ress")
    env = {**term.env(), "COLUMNS": ""}
    del env["COLUMNS"]  # the terminal's own width
    child = pexpect.spawn(
        str(EXE),
        ["inspect", str(CHECKLIST), "--site", "Mine A", "-o", str(term.out)],
        env=env,
        cwd=str(term.cwd),
        dimensions=(24, 40),
        timeout=30,  # a hang guard on a loaded machine, not a timing assertion
        encoding="utf-8",
    )
    child.logfile_read = io.StringIO()
    child.expect_exact("(or n to stop): ")
    child.sendline("x")  # not a principal: said so, and asked again
    child.expect_exact("(or n to stop): ")
    child.sendline("")
    line(child, "(empty for none): ", "")
    line(child, "Same passphrase again: ", "")
    line(child, "[Y/n] ", "")
    child.expect_exact("appear)")  # the inspector's name is asked: the offer is over
    screen = ESCAPE.sub("", child.logfile_read.getvalue()).replace("\r", "").split("\n")
    child.terminate(force=True)
    # the allowed_signers line is a thing to copy: left to the terminal, unbroken by minecheck
    prose = [x for x in screen if not x.startswith("allowed_signers line:")]
    assert all(len(x) <= 40 for x in prose), prose
    said = " ".join(x.strip() for x in prose)
    for sentence in (
        "You have no signing key yet; findings are signed so anyone can check them.",
        "A key's principal names your signatures, lowercase and shaped like an e-mail address"
        " (e.g. wang.wei@hlj.example): the keeper of the trust files knows you by it.",
        "'x' cannot be a principal: a principal is lowercase ASCII shaped like an e-mail address"
        " (e.g. wang.wei@hlj.example); your name for the record is asked next",
        "Trust this key on this computer too (for minecheck verify)? [Y/n]",
    ):
        assert sentence in said, said


def test_a_damaged_draft_does_not_stop_a_new_inspection(keyed: Terminal) -> None:
    directory = keyed.home / "drafts"
    directory.mkdir()
    (directory / "0d1e2f3a-0000-4000-8000-000000000000.toml").write_text(
        '[draft]\nformat = "minecheck.draft/1"\nchecklist = "mini-check"\nsite = 1\n', "utf-8"
    )
    child = keyed.inspect()
    draft_id(child)  # no offer to resume it, no traceback: the walk starts
    key(child, "q")
    status, output = ended(child)
    assert status == 0
    assert "Resume it?" not in output
    assert "Traceback" not in output


def test_backspace_and_other_control_keys_at_a_key_question_answer_nothing(
    keyed: Terminal,
) -> None:
    child = keyed.inspect()
    draft_id(child)
    key(child, "\x7f")  # Backspace
    said = []
    for typed in ("\x01", "q"):  # Ctrl-A, then q
        key(child, typed, question=None)
        said.append(child.before)
    status, output = ended(child)
    assert status == 0
    assert not [text for text in (*said, output) if "not an answer" in text or "\\u00" in text]


def test_a_key_typed_ahead_is_not_lost(keyed: Terminal) -> None:
    """A key pressed before the question is shown still answers it (no flush of type-ahead)."""
    child = keyed.inspect()
    child.send("y")  # before the program has even started
    child.expect_exact(READING_PROMPT)
    child.sendline("0.5")
    finish(child)
    assert findings(keyed.out)[:2] == [{"item": GAS, "result": "compliant"}, compliant_methane(0.5)]


def test_a_draft_from_an_older_checklist_says_so_and_keeps_what_fits(keyed: Terminal) -> None:
    checklist = keyed.cwd / "mini-check.toml"
    checklist.write_bytes(CHECKLIST.read_bytes())
    child = keyed.spawn(
        "inspect", str(checklist), "--site", "Mine A", "-o", str(keyed.out), "--inspector", "W"
    )
    ident = draft_id(child)
    key(child, "y")
    child.expect_exact(READING_PROMPT)
    child.sendline("q")
    assert ended(child)[0] == 0

    # the checklist moves on: a new version drops the answered item, adds one
    text = checklist.read_text(encoding="utf-8").replace('version = "1"', 'version = "2"')
    text = text.replace('id = "gas-check-genuine"', 'id = "gas-check-recorded"')
    checklist.write_text(text, encoding="utf-8")

    child = keyed.spawn("drafts", "resume", ident)
    child.expect_exact(
        "minecheck: warning: this draft was started with checklist mini-check version 1; "
        "it is now version 2. Answers to removed items were dropped: gas-check-genuine. "
        "Items not answered yet will be asked."
    )
    key(child, "y", question=GAS_QUESTION)
    line(child, READING_PROMPT, "0.4")
    line(child, REVIEW_PROMPT, "")
    assert ended(child)[0] == 0
    findings = tomllib.loads(keyed.out.read_text(encoding="utf-8"))["finding"]
    assert [(f["item"], f["result"]) for f in findings] == [
        ("gas-check-recorded", "compliant"),
        (METHANE, "compliant"),
        (OUTBURST, "not-applicable"),
    ]
    assert (
        tomllib.loads(keyed.out.read_text(encoding="utf-8"))["inspection"]["checklist_version"]
        == "2"
    )


def test_a_draft_asks_again_what_a_new_version_of_its_checklist_changed(keyed: Terminal) -> None:
    """A new version lowers a limit and drops a condition: the reading judged by the old limit
    is asked again (a signed record would say "compliant" under a limit it now breaches), and an
    item recorded not-applicable by the old condition is asked (its note would be false)."""
    checklist = keyed.cwd / "mini-check.toml"
    checklist.write_bytes(CHECKLIST.read_bytes())
    child = keyed.spawn(
        "inspect", str(checklist), "--site", "Mine A", "-o", str(keyed.out), "--inspector", "W"
    )
    ident = draft_id(child)
    key(child, "y")
    line(child, READING_PROMPT, "0.9")
    line(child, REVIEW_PROMPT, "q")
    assert ended(child)[0] == 0

    text = checklist.read_text(encoding="utf-8").replace('version = "1"', 'version = "2"')
    text = text.replace("max = 1.0", "max = 0.8").replace('applies_if = ["outburst"]\n', "")
    checklist.write_text(text, encoding="utf-8")

    child = keyed.spawn("drafts", "resume", ident)
    child.expect_exact(
        "minecheck: warning: this draft was started with checklist mini-check version 1; "
        "it is now version 2. Answers to changed items will be asked again: methane-return (its "
        "reading's unit or limits changed). "
        "Items not answered yet will be asked."
    )
    line(child, "Enter the reading in %CH4 (limit ≤ 0.8 %CH4), or a key: ", "0.7")
    key(child, "y", question="Is there an outburst-prevention unit with specialist staff?")
    line(child, REVIEW_PROMPT, "")
    assert ended(child)[0] == 0
    assert findings(keyed.out) == [
        {"item": GAS, "result": "compliant"},
        {
            "item": METHANE,
            "result": "compliant",
            "reading": {"value": 0.7, "unit": "%CH4", "max": 0.8},
        },
        {"item": OUTBURST, "result": "compliant"},
    ]


def test_an_answer_to_an_item_a_new_version_rules_out_becomes_not_applicable(
    keyed: Terminal,
) -> None:
    """A new version makes an answered item apply only to sites with a tag this one lacks: the
    answer is replaced by not-applicable, and the resume says so before anything is asked."""
    checklist = keyed.cwd / "mini-check.toml"
    checklist.write_bytes(CHECKLIST.read_bytes())
    child = keyed.spawn(
        "inspect", str(checklist), "--site", "Mine A", "-o", str(keyed.out), "--inspector", "W"
    )
    ident = draft_id(child)
    key(child, "y")
    line(child, READING_PROMPT, "q")
    assert ended(child)[0] == 0

    text = checklist.read_text(encoding="utf-8").replace('version = "1"', 'version = "2"')
    text = text.replace(
        'evidence = "recommended"\n', 'evidence = "recommended"\napplies_if = ["rock-burst"]\n', 1
    )
    checklist.write_text(text, encoding="utf-8")

    child = keyed.spawn("drafts", "resume", ident)
    child.expect_exact(
        "minecheck: warning: this draft was started with checklist mini-check version 1; "
        "it is now version 2. Answers to items that no longer apply to the site were replaced "
        "by not-applicable: gas-check-genuine. Items not answered yet will be asked."
    )
    line(child, READING_PROMPT, "0.4")
    line(child, REVIEW_PROMPT, "")
    assert ended(child)[0] == 0
    assert [(f["item"], f["result"]) for f in findings(keyed.out)] == [
        (GAS, "not-applicable"),
        (METHANE, "compliant"),
        (OUTBURST, "not-applicable"),
    ]


def test_resuming_from_inspect_says_which_settings_the_draft_keeps(keyed: Terminal) -> None:
    child = keyed.inspect()
    draft_id(child)
    key(child, "y")
    child.expect_exact(READING_PROMPT)
    child.sendline("q")
    assert ended(child)[0] == 0

    other = keyed.cwd / "other.toml"
    child = keyed.spawn(
        "inspect",
        str(CHECKLIST),
        "--site",
        "Mine A",
        "-o",
        str(other),
        "--lang",
        "zh",
        "--inspector",
        "W",
    )
    child.expect_exact("已答 1 项）。")  # said in the language of --lang
    child.expect_exact("继续吗？[Y/n] ")  # and asked on a line of its own
    child.sendline("是")  # a typed Chinese yes
    child.expect_exact(f"minecheck: warning: 草稿保留其原有设置：输出文件 {keyed.out}；语言 en")
    line(child, READING_PROMPT, "0.2")
    line(child, REVIEW_PROMPT, "")
    assert ended(child)[0] == 0
    assert keyed.out.is_file()
    assert not other.exists()


def test_backspace_over_part_of_a_chinese_character_in_a_passphrase_asks_again(
    term: Terminal,
) -> None:
    """Without IUTF8 the terminal's Backspace erases one byte of a wide character: what is
    left is no text. Said in the inspector's language and asked again, as a wrong passphrase
    is; no traceback."""
    secret = term.cwd / "passphrase"
    secret.write_text("山脊上薄雾\n", encoding="utf-8")
    secret.chmod(0o600)
    keyed_home(term.home, ALICE, "山脊上薄雾")
    child = term.inspect("--lang", "zh")
    attributes = termios.tcgetattr(child.child_fd)
    attributes[0] &= ~IUTF8  # as the kernel's default pty, an old terminal, a console
    termios.tcsetattr(child.child_fd, termios.TCSANOW, attributes)
    draft_id(child)
    key(child, "y", question=GAS_QUESTION_ZH)
    line(child, "请输入 %CH4 读数（限值 ≤ 1 %CH4），或按键：", "0.5")
    line(child, "您的选择（回车即签名）：", "")
    child.expect_exact("的口令：")
    child.send("山脊上薄云\x7f雾\r")
    child.expect_exact("无法读取输入的口令")
    child.expect_exact("--passphrase-file")
    child.expect_exact("的口令：")
    child.send("山脊上薄霧\r")  # a wrong one
    child.expect_exact("口令错误，请重试。")
    child.expect_exact("的口令：")
    child.send("山脊上薄雾\r")
    status, output = ended(child)
    assert status == 0, output
    assert "Traceback" not in output
    assert term.verify(term.out) == "trusted"


def test_first_run_asks_again_for_a_principal_that_is_not_one(term: Terminal) -> None:
    """A Chinese name typed as the principal: said why in the inspector's language, asked
    again; the inspection goes on."""
    child = term.inspect("--lang", "zh", inspector=None)
    child.expect(r"签名身份 \[([^\]\r\n]+)\]（输入 n 停止）：")
    child.sendline("王伟")
    child.expect_exact("“王伟”不能作为签名身份")
    child.expect(r"签名身份 \[[^\]\r\n]+\]（输入 n 停止）：")
    assert "Traceback" not in child.before
    child.sendline("wang.wei@hlj.example")
    line(child, "新密钥的口令（留空表示不设口令）：", "")
    line(child, "再次输入同一口令：", "")
    line(child, "在本机也信任此密钥（供 minecheck verify 使用）吗？[Y/n] ", "")
    line(child, "检查人员（记录中显示的姓名） [wang.wei@hlj.example]：", "王伟")
    draft_id(child)
    key(child, "q", question=GAS_QUESTION_ZH)
    assert ended(child)[0] == 0


def test_a_draft_with_nothing_in_it_is_not_offered_to_resume(keyed: Terminal) -> None:
    """Quitting at the first question leaves no answer: no draft is kept, and it says so (it
    said the draft was saved to resume, and the next inspection discarded it unseen); the next
    inspection of the site starts without asking, and no empty draft piles up."""
    child = keyed.inspect()
    empty = draft_id(child)
    key(child, "q")
    child.expect_exact("nothing was answered; no draft was kept")
    assert "saved draft" not in child.before
    assert ended(child)[0] == 0
    assert keyed.drafts() == []
    child = keyed.inspect()
    fresh = draft_id(child)
    assert "Resume it?" not in child.before
    key(child, "q")
    assert ended(child)[0] == 0
    assert fresh != empty
    assert keyed.drafts() == []


def test_passphrases_that_differ_three_times_make_no_key(term: Terminal) -> None:
    """`keys generate` at a terminal asks for the new passphrase twice; after three pairs that
    differ it stops, exit 2, and no key is made."""
    child = term.spawn("keys", "generate", "--principal", ALICE)
    for attempt in range(3):
        line(child, "Passphrase for the new key (empty for none): ", f"first {attempt}")
        line(child, "Same passphrase again: ", f"second {attempt}")
        if attempt < 2:
            child.expect_exact("The passphrases differ, try again.")
    status, output = ended(child)
    assert status == 2
    assert output.strip().splitlines() == [
        "minecheck: error: the passphrases differed three times; no key was created"
    ]
    assert not (term.home / "keys" / ALICE).exists()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_three_wrong_passphrases_sign_nothing(term: Terminal, lang: str) -> None:
    """`sign` asks for an encrypted key's passphrase three times; after the third wrong one it
    stops, exit 2, naming the key, and the document is as it was."""
    from tests.helpers_docs import findings_body

    secret = term.cwd / "passphrase"
    secret.write_text("the right one\n")
    secret.chmod(0o600)
    made = term.run("keys", "generate", "--principal", ALICE, "--passphrase-file", str(secret))
    assert made.returncode == 0, made.stderr
    fingerprint = re.search(r"\((SHA256:[^)]+)\)", made.stdout + made.stderr)
    assert fingerprint is not None
    doc = term.cwd / "d.toml"
    body = findings_body(ALICE, fingerprint.group(1))
    doc.write_bytes(body)
    key_path = term.home / "keys" / ALICE
    asked, wrong = {
        "en": (f"Passphrase for {key_path}: ", "Wrong passphrase, try again."),
        "zh": (f"{key_path} 的口令：", "口令错误，请重试。"),
    }[lang]
    term.width = 400  # (the prompt names the key's temporary path)
    child = term.spawn("sign", str(doc), "--lang", lang)
    for attempt in range(3):
        line(child, asked, f"wrong {attempt}")
        if attempt < 2:
            child.expect_exact(wrong)
    status, output = ended(child)
    assert status == 2
    said = {
        "en": f"minecheck: error: wrong passphrase for {key_path}",
        "zh": f"minecheck: error: {key_path} 的口令错误",
    }[lang]
    assert said in output.strip().splitlines()
    assert "Traceback" not in output
    assert doc.read_bytes() == body


def test_a_new_passphrase_unreadable_three_times_is_said_so(term: Terminal) -> None:
    """A new key's passphrase that cannot be read as text (Backspace over part of a Chinese
    character, without IUTF8) three times: said as such in the inspector's language, not as
    passphrases that differed; exit 2 and no key."""
    child = term.spawn("keys", "generate", "--principal", ALICE, "--lang", "zh")
    attributes = termios.tcgetattr(child.child_fd)
    attributes[0] &= ~IUTF8
    termios.tcsetattr(child.child_fd, termios.TCSANOW, attributes)
    for attempt in range(3):
        child.expect_exact("新密钥的口令（留空表示不设口令）：")
        child.send("山脊上薄云\x7f雾\r")
        if attempt < 2:
            child.expect_exact("无法读取输入的口令")
    status, output = ended(child)
    assert status == 2
    assert output.strip().splitlines() == [
        "minecheck: error: 口令三次都无法读取；未创建密钥",
        "  hint: --passphrase-file FILE",
    ]
    assert not (term.home / "keys" / ALICE).exists()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_inspector_name_with_an_invisible_character_is_asked_again(
    keyed: Terminal, lang: str
) -> None:
    """A name pasted with a zero-width space in it would sign a record whose inspector reads
    as another's: refused with the reason, in the inspector's language, and asked again."""
    asked, refused = {
        "en": (
            f"Inspector (your name as it should appear) [{ALICE}]: ",
            "a name is needed, without control or invisible characters",
        ),
        "zh": (
            f"检查人员（记录中显示的姓名） [{ALICE}]：",
            "必须填写姓名，且不能含控制字符或不可见字符",
        ),
    }[lang]
    child = keyed.inspect("--lang", lang, inspector=None)
    line(child, asked, "Wang\u200bWei")
    child.expect_exact(refused)
    line(child, asked, "Wang Wei")
    draft_id(child)
    key(child, "q", question=GAS_QUESTION if lang == "en" else GAS_QUESTION_ZH)
    status, output = ended(child)
    assert status == 0, output
    assert "Traceback" not in output


def test_a_resumed_draft_whose_default_name_was_taken_meanwhile_signs_beside_it(
    keyed: Terminal,
) -> None:
    """An inspection begun without -o (the file's name is minecheck's choice) and resumed after
    another file took that name (a second inspection of the checklist in the same second, a
    colleague's copy): the findings are signed under that name with the document's id, as
    `inspect` does, rather than refused at the end of the walk; the other file is left as it was."""
    child = keyed.spawn("inspect", str(CHECKLIST), "--site", "Mine A", "--inspector", "Wang Wei")
    kept = draft_id(child)
    key(child, "y")
    child.expect_exact(READING_PROMPT)
    child.sendintr()
    assert ended(child)[0] == 130
    [listed] = keyed.drafts()
    chosen = Path(listed["output"])
    assert chosen.parent == keyed.cwd
    chosen.write_bytes(b"a colleague's file\n")

    child = keyed.spawn("drafts", "resume", kept[:8])
    assert draft_id(child) == kept
    line(child, READING_PROMPT, "0.5")
    output = finish(child)
    [beside] = chosen.parent.glob(f"{chosen.stem}-*.toml")  # (the document's id, 8 characters)
    assert re.fullmatch(rf"{chosen.stem}-[0-9a-f]{{8}}\.toml", beside.name)
    assert f"signed and written: {beside}\r\n" in output
    assert chosen.read_bytes() == b"a colleague's file\n"
    assert findings(beside)[:2] == [{"item": GAS, "result": "compliant"}, compliant_methane(0.5)]
    assert keyed.drafts() == []


def test_a_resumed_draft_whose_given_name_was_taken_meanwhile_is_refused(
    keyed: Terminal,
) -> None:
    """The name given with -o is the inspector's: taken meanwhile, it is not renamed (nor
    replaced without --force); the draft is kept."""
    child = keyed.inspect()
    kept = draft_id(child)
    key(child, "y")
    child.expect_exact(READING_PROMPT)
    child.sendintr()
    assert ended(child)[0] == 130
    keyed.out.write_bytes(b"a colleague's file\n")

    child = keyed.spawn("drafts", "resume", kept[:8])
    line(child, READING_PROMPT, "0.5")
    line(child, REVIEW_PROMPT, "")
    status, output = ended(child)
    assert status == 2, output
    assert keyed.out.read_bytes() == b"a colleague's file\n"
    assert [d["id"] for d in keyed.drafts()] == [kept]
