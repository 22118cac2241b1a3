"""The day's changes tried by an attacker and a careless user: a Ctrl-C typed with the Enter of
a line question, answers files made for another checklist or version, and the commands their
hints give."""

from __future__ import annotations

import sys
import termios
import time
from pathlib import Path
from typing import Any

import pexpect
import pytest

from tests.conftest import DATA
from tests.test_cli_signing import Cli
from tests.test_inspect_pty import (
    DRAFT_LINE,
    READING_PROMPT,
    REVIEW_PROMPT,
    Terminal,
    draft_id,
    ended,
    finish,
    key,
    keyed,
    line,
    term,
)

__all__ = ["keyed", "term"]  # fixtures

# --- a Ctrl-C typed with the Enter of a line question, a key question next ---------------------

STOPPED = {
    "en": "minecheck: error: interrupted; draft {id} kept",
    "zh": "minecheck: error: 已中断；草稿 {id} 已保留",
}


@pytest.mark.parametrize(("terminal", "lang"), [("dumb", "zh"), ("xterm", "en")])
def test_a_ctrl_c_typed_with_the_enter_before_a_key_question_ends_the_walk(
    keyed: Terminal, monkeypatch: pytest.MonkeyPatch, terminal: str, lang: str
) -> None:
    """The inspector's name typed and Ctrl-C at once after its Enter (one write, as a fast
    hand or a paste sends them): the line editor kept the Ctrl-C with the keys it read past
    the Enter, for the next question, and the key question that came next read it as a key
    that answers nothing and asked again. The Ctrl-C was lost: the walk went on. It ends the
    walk now, the name kept in the draft, said in the walk's language."""
    plain = Terminal.env
    monkeypatch.setattr(Terminal, "env", lambda self: {**plain(self), "TERM": terminal})
    child = keyed.inspect("--lang", lang, inspector=None)
    kept = _draft_after_the_name(child, "Wang Wei\r\x03")
    child.expect(pexpect.EOF, timeout=15)
    output: str = child.before
    child.close()
    assert child.exitstatus == 130, output
    assert STOPPED[lang].format(id=kept) in output
    resume = "resume it with:" if lang == "en" else "继续请运行："
    flag = " --lang zh" if lang == "zh" else ""
    assert f"  hint: {resume}\r\n    minecheck drafts resume{flag} {kept}\r\n" in output
    assert "Traceback" not in output
    [listed] = keyed.drafts()
    assert (listed["id"], listed["answered"]) == (kept, 0)
    assert 'inspector = "Wang Wei"\n' in _draft_text(keyed, kept)


def _draft_after_the_name(child: Any, typed: str) -> str:
    """The draft's id, once `typed` answered the inspector's name (its prompt offers the key's
    principal)."""
    child.expect_exact("alice@mine.example]")
    _line_editor_reading(child)
    child.send(typed)
    child.expect(DRAFT_LINE)
    found: str = child.match.group(1)
    return found


def _line_editor_reading(child: Any) -> None:
    """Wait until the line editor holds the terminal (no line discipline). Its prompt can be on
    the screen a moment before: a Ctrl-C arriving then is the kernel's, which drops the line
    typed before it, unread (a busy machine made that moment long enough once)."""
    for _ in range(300):
        if not termios.tcgetattr(child.child_fd)[3] & termios.ICANON:
            return
        time.sleep(0.05)
    raise AssertionError("the line editor never took the terminal")


def _draft_text(terminal: Terminal, kept: str) -> str:
    [path] = (terminal.home / "drafts").glob(f"{kept}.toml")
    return path.read_text(encoding="utf-8")


def test_a_reading_of_minus_zero_kept_in_a_draft_is_signed_as_zero(keyed: Terminal) -> None:
    """A reading of -0 typed before readings were read as zero (or a draft edited by hand)
    was kept in the draft as `value = -0.0`; resumed and signed, the record held the sign the
    reading never had, which a reading typed or given in an answers file no longer does."""
    child = keyed.inspect()
    kept = draft_id(child)
    key(child, "y")
    line(child, READING_PROMPT, "0")
    line(child, REVIEW_PROMPT, "q")
    assert ended(child)[0] == 0
    text = _draft_text(keyed, kept)
    assert "\nvalue = 0.0\n" in text
    [path] = (keyed.home / "drafts").glob(f"{kept}.toml")
    path.write_text(text.replace("\nvalue = 0.0\n", "\nvalue = -0.0\n"), encoding="utf-8")
    child = keyed.spawn("drafts", "resume", kept[:8])
    finish(child)
    signed = keyed.out.read_text(encoding="utf-8")
    assert 'reading = { value = 0.0, unit = "%CH4", max = 1.0 }\n' in signed
    assert "-0.0" not in signed


# The key reader alone, after a line whose Enter came with keys typed at once after it
KEY_AFTER_A_LINE = """
import sys
from minecheck.__main__ import _signals
from minecheck.cli._line_reader import LineReader
from minecheck.portable import read_key

_signals()
try:
    print("line", repr(LineReader().read("Location: ")), flush=True)
    print("key", repr(read_key()), flush=True)
except KeyboardInterrupt:
    print("stopped")
    sys.exit(130)
"""


@pytest.mark.parametrize(
    ("typed", "said", "status"), [("y", "key 'y'", 0), ("\x03", "stopped", 130)]
)
def test_a_key_typed_with_the_enter_of_a_line_is_the_next_key(
    tmp_path: Path, typed: str, said: str, status: int
) -> None:
    """What followed the Enter in the same write is the next question's: a key is that key
    (as before), and a Ctrl-C is a stop, not a key that answers nothing."""
    child = pexpect.spawn(
        sys.executable,
        ["-c", KEY_AFTER_A_LINE],
        env={"TERM": "xterm", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        timeout=15,
        encoding="utf-8",
    )
    child.expect_exact("Location:")
    child.send("Shaft 2\r" + typed)
    child.expect(pexpect.EOF)
    child.close()
    assert "line 'Shaft 2'" in child.before
    assert said in child.before.splitlines()[-1], child.before
    assert child.exitstatus == status


# --- answers made for another checklist or version: the file's value as it is written ----------

MINI = DATA / "checklists" / "valid" / "mini-check.toml"
ANSWERED = '[answers]\n"gas-check-genuine" = "compliant"\n"methane-return" = { reading = 0.5 }\n'
NOTHING_WRITTEN = {
    "en": "minecheck: error: the answers cannot be used; nothing was written",
    "zh": "minecheck: error: 答案无法使用；未写入任何文件",
}
MADE_FOR = {
    ("checklist", "en"): "a.toml:1:1: these answers were made from the template of {theirs}, "
    "not of mini-check",
    ("checklist", "zh"): "a.toml:1:1: 这些答案是按 {theirs} 的模板填写的，不是按 mini-check 的模板",
    ("version", "en"): "a.toml:1:1: these answers were made from the template of mini-check "
    "{theirs}; the installed checklist is mini-check 1, whose items and limits may differ",
    (
        "version",
        "zh",
    ): "a.toml:1:1: 这些答案是按 mini-check {theirs} 的模板填写的；已安装的检查表是 "
    "mini-check 1，其条目和限值可能不同",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(
    ("key", "value"),
    [("checklist", ""), ("checklist", " mini-check"), ("version", ""), ("version", "1 ")],
    ids=repr,
)
def test_a_checklist_or_version_refused_is_said_as_the_file_writes_it(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, key: str, value: str, lang: str
) -> None:
    """`version = "1 "` was refused as made for "mini-check 1 ; the installed checklist is
    mini-check 1" (the two read the same), an empty one as "mini-check ;", and an empty
    checklist as "the template of , not of mini-check": the file's value is said between
    quotes, as every other value an answers file holds."""
    monkeypatch.chdir(tmp_path)
    Path("a.toml").write_text(f'{key} = "{value}"\n{ANSWERED}', encoding="utf-8")
    run = cli(["inspect", str(MINI), "--site", "Mine A", "--answers", "a.toml", "--lang", lang])
    assert (run.exit_code, run.stdout) == (2, "")
    said = MADE_FOR[key, lang].format(theirs=f"'{value}'")
    assert run.stderr.splitlines()[0] == said
    assert run.stderr.splitlines()[-1] == NOTHING_WRITTEN[lang]
    assert list(tmp_path.glob("*.toml")) == [tmp_path / "a.toml"]
    enveloped = cli(
        ["inspect", str(MINI), "--site", "Mine A", "--answers", "a.toml", "--json", "--lang", lang]
    )
    [problem, _] = enveloped.json()["problems"]
    assert (problem["line"], problem["message"]) == (1, said.removeprefix("a.toml:1:1: "))


# --- a checklist named by a path that starts with '-', in the commands the hints give ----------


def test_the_commands_an_answers_file_is_told_to_run_name_a_dash_path_as_a_path(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A checklist in a folder named `-county` (given after `--`): the refusal's hint said
    `minecheck checklists template -county/mini-check.toml` and the template's usage line
    `minecheck inspect -county/mini-check.toml`, each an unknown option once pasted. Each
    names it `./-county/mini-check.toml` now, which runs."""
    monkeypatch.chdir(tmp_path)
    Path("-county").mkdir()
    Path("-county/mini-check.toml").write_bytes(MINI.read_bytes())
    template = cli(["checklists", "template", "--", "-county/mini-check.toml"])
    assert template.exit_code == 0, template.stderr
    [usage] = [x for x in template.stdout.splitlines() if x.startswith("# Use it with:")]
    assert usage == (
        "# Use it with: minecheck inspect ./-county/mini-check.toml --site NAME "
        "--tag coal-underground --answers FILE"
    )
    Path("a.toml").write_text(f'version = "2025.1"\n{ANSWERED}', encoding="utf-8")
    args = ["--site", "Mine A", "--answers", "a.toml", "--", "-county/mini-check.toml"]
    run = cli(["inspect", *args])
    assert run.exit_code == 2
    assert run.stderr.splitlines()[1] == (
        "  hint: check each answer against minecheck checklists template "
        './-county/mini-check.toml, then write version = "1"'
    )
    pasted = cli(["checklists", "template", "./-county/mini-check.toml"])
    assert (pasted.exit_code, pasted.stdout) == (0, template.stdout)
