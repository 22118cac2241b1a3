"""A command a message hands the user stands on a line of its own: copied from the screen of a
terminal of 40 columns, the line that holds it runs.

The walk is stopped in a pseudo-terminal 40 columns wide (by `q`, which saves the draft, and by
Ctrl-C), in English and in Chinese; the screen is rebuilt by a terminal emulator (pyte), and a
line is copied as most terminals copy it: a row the terminal folded is one line with the next.
"""

from __future__ import annotations

import io
import os
import shlex
import stat
import subprocess
from pathlib import Path

import pexpect
import pyte
import pytest

from tests.helpers_docs import findings_body
from tests.helpers_merge import findings, person
from tests.test_inspect_pty import ALICE, EXE, Terminal, draft_id, key, keyed, term

__all__ = ["keyed", "term"]  # (the fixtures of the walk's terminal)

WIDTH = 40
ROWS = 200  # every line the walk writes stays on the screen (nothing scrolls away)
QUESTION = {"en": "Are gas checks done and genuine?", "zh": "瓦斯检查是否真实、无漏检假检？"}
# (the reading's prompt is laid out in lines at 40 columns: its end is on one)
READING = {"en": "or a key: ", "zh": "或按键："}


class Screen(pyte.Screen):
    """A terminal's screen that remembers which rows it folded (a line longer than a row goes
    on at the next one) and which ended where the program ended a line."""

    def __init__(self, columns: int, lines: int) -> None:
        super().__init__(columns, lines)
        self.folded: set[int] = set()
        self._drawing = False

    def draw(self, data: str) -> None:
        self._drawing = True
        try:
            super().draw(data)
        finally:
            self._drawing = False

    def linefeed(self) -> None:
        if self._drawing:  # (the fold: the row was full and a character came)
            self.folded.add(self.cursor.y)
        super().linefeed()

    def copied_lines(self) -> list[str]:
        """The screen's lines as a terminal copies them: a folded row joined to the next."""
        lines: list[str] = []
        joined = ""
        for row, shown in enumerate(self.display):
            joined += shown  # (a folded row is full: its last blank is the line's)
            if row not in self.folded:
                lines.append(joined.rstrip())
                joined = ""
        return lines


def screen_of(output: str) -> Screen:
    screen = Screen(WIDTH, ROWS)
    stream = pyte.Stream(screen)
    stream.feed(output.replace("\r\n", "\n").replace("\n", "\r\n"))
    return screen


@pytest.fixture
def narrow(keyed: Terminal) -> Terminal:
    keyed.width = WIDTH
    keyed.rows = ROWS
    return keyed


def stopped(term: Terminal, lang: str, stop: str) -> tuple[str, str, int]:
    """The walk begun, the first question answered, stopped at the reading by `stop`: the
    draft's id, what the terminal was given and the exit status."""
    child = term.inspect("--lang", lang)
    kept = draft_id(child)
    key(child, "y", question=QUESTION[lang])
    child.expect_exact(READING[lang])
    if stop == "q":
        child.sendline("q")
    else:
        child.sendintr()
    child.expect(pexpect.EOF)
    output: str = child.before
    child.close()
    assert child.exitstatus == (0 if stop == "q" else 130), output
    return kept, output, child.exitstatus


def command_copied(screen: Screen) -> list[str]:
    """The words of the one line on the screen that holds the resume command, copied whole."""
    [holding] = [each for each in screen.copied_lines() if "drafts resume" in each]
    return shlex.split(holding)


@pytest.mark.parametrize("stop", ["q", "ctrl-c"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_resume_command_copied_from_a_40_column_screen_runs(
    narrow: Terminal, lang: str, stop: str
) -> None:
    kept, output, _ = stopped(narrow, lang, stop)
    words = command_copied(screen_of(output))
    flag = ["--lang", "zh"] if lang == "zh" else []  # (a Chinese draft resumes in Chinese)
    assert words == ["minecheck", "drafts", "resume", *flag, kept]

    # what was copied, run as a user runs it: the draft is taken up where it was left
    child = narrow.spawn(*words[1:])
    assert draft_id(child) == kept
    child.expect_exact(READING[lang])
    child.sendline("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert [each["id"] for each in narrow.drafts()] == [kept]


def test_a_command_s_line_is_the_message_s_own_and_a_field_s_line_break_makes_none(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The sink writes each line of a message with a command to copy, the command indented
    under its sentence (under a hint's `  hint: `, as far again); a line break inside a field (a
    path from a file) is shown, never written: it would begin a line that reads as minecheck's."""
    from minecheck.cli._output import Reporter
    from minecheck.errors import UsageError
    from minecheck.i18n import set_language, t

    rep = Reporter("inspect", False)
    rep.info(
        t(
            "saved draft {id}; resume with:\n  minecheck drafts resume {word}",
            id="d1\nx",
            word="d1\nx",
        )
    )
    set_language("zh")
    try:
        rep.error(
            UsageError(
                t("no signing key"),
                hint=t("resume it with:\n  minecheck drafts resume {id}", id="d2"),
            )
        )
    finally:
        set_language("en")
    assert capsys.readouterr().err.splitlines() == [
        "saved draft d1\\u000ax; resume with:",
        "  minecheck drafts resume d1\\u000ax",
        "minecheck: error: 没有签名密钥",
        "  hint: 继续请运行：",
        "    minecheck drafts resume --lang zh d2",
    ]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_where_a_program_reads_it_the_message_is_on_one_line_as_it_was(lang: str) -> None:
    """`--json`'s problems, a log or a test reading the text: the message's lines joined as the
    message was written before its command had a line of its own."""
    from minecheck.i18n import written

    said = {
        "en": "saved draft d1; resume with: minecheck drafts resume d1",
        "zh": "草稿 d1 已保存；继续请运行：minecheck drafts resume --lang zh d1",
    }
    text = written(
        "saved draft {id}; resume with:\n  minecheck drafts resume {word}", lang, id="d1", word="d1"
    )
    assert text == said[lang]


def copied_holding(term: Terminal, words: str, *args: str) -> tuple[int, str]:
    """minecheck ARGS at the terminal of 40 columns: its exit status and the one line on the
    screen that holds WORDS, copied whole."""
    child = term.spawn(*args)
    child.expect(pexpect.EOF)
    output: str = child.before
    child.close()
    [holding] = [each for each in screen_of(output).copied_lines() if words in each]
    return child.exitstatus, holding


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_chmod_of_a_key_others_can_read_copied_from_a_40_column_screen_runs(
    narrow: Terminal, lang: str
) -> None:
    """The keys' hints: a private key others can read is refused with the command that mends
    it, which, copied from the screen and run, lets the key be imported."""
    private = narrow.home / "keys" / ALICE
    private.chmod(0o644)
    args = ("keys", "import", str(private), "--principal", ALICE, "--lang", lang)
    status, holding = copied_holding(narrow, "chmod 600", *args)
    assert status == 2
    assert shlex.split(holding) == ["chmod", "600", str(private)]
    assert run_as_typed(narrow, holding).returncode == 0
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert narrow.run(*args).returncode == 0


def run_as_typed(term: Terminal, line: str) -> subprocess.CompletedProcess[bytes]:
    """LINE run by a shell in the terminal's directory, `minecheck` found on its PATH."""
    env = term.env()
    env["PATH"] = f"{EXE.parent}{os.pathsep}{env.get('PATH', '')}"
    return subprocess.run(
        ["sh", "-c", line], cwd=term.cwd, env=env, stdin=subprocess.DEVNULL, check=False
    )


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_trust_add_verify_advises_copied_from_a_40_column_screen_runs(
    narrow: Terminal, lang: str
) -> None:
    """verify's advice for a key not trusted: the `trust add` it hands over, copied from the
    screen and run where the signer's KEY.pub was put, makes the document trusted."""
    li = person(narrow.cwd, "li")
    (narrow.cwd / "x.toml").write_bytes(findings(li, ["compliant"] * 3))
    (narrow.cwd / "KEY.pub").write_bytes(Path(f"{li.key}.pub").read_bytes())
    status, holding = copied_holding(narrow, "trust add", "verify", "x.toml", "--lang", lang)
    assert status == 1
    assert shlex.split(holding)[:5] == ["minecheck", "trust", "add", "--principal", li.principal]
    assert run_as_typed(narrow, holding).returncode == 0
    assert narrow.run("verify", "x.toml").returncode == 0


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_mkdir_a_report_s_missing_directory_advises_copied_from_a_40_column_screen_runs(
    narrow: Terminal, lang: str
) -> None:
    """The rest of the class (a directory to make, a file to convert, the export to list what a
    gate counted): the report's directory not made, the `mkdir -p` handed over, copied from the
    screen and run, makes it, and the report is then written there."""
    li = person(narrow.cwd, "li")
    (narrow.cwd / "x.toml").write_bytes(findings(li, ["compliant"] * 3))
    folder = narrow.cwd / "reports of the week" / "mine a"
    args = ("summary", "x.toml", "--include-untrusted", "--format", "md", "--lang", lang)
    status, holding = copied_holding(narrow, "mkdir -p", *args, "-o", f"{folder}/")
    assert status == 2
    assert shlex.split(holding) == ["mkdir", "-p", str(folder)]
    assert run_as_typed(narrow, holding).returncode == 0
    assert narrow.run(*args, "-o", f"{folder}/week.md").returncode == 0
    assert [each.name for each in folder.iterdir()] == ["week.md"]


STOP_AT_KEY = {"en": "(or n to stop): ", "zh": "（输入 n 停止）："}
GENERATE = ["minecheck", "keys", "generate", "--principal", "you@unit.example"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_keys_generate_a_first_inspect_without_a_key_advises_copied_from_40_columns_runs(
    term: Terminal, lang: str
) -> None:
    """A new user's first `inspect`, with no key: the walk offers one, `n` declines it, and the
    `keys generate` handed over, copied from the screen and run, makes the key the next
    `inspect` signs with (it asks for none again)."""
    term.width, term.rows = WIDTH, ROWS
    child = term.inspect("--lang", lang)
    child.expect_exact(STOP_AT_KEY[lang])
    child.sendline("n")
    child.expect(pexpect.EOF)
    output: str = child.before
    child.close()
    assert child.exitstatus == 2, output
    [holding] = [each for each in screen_of(output).copied_lines() if "keys generate" in each]
    assert shlex.split(holding) == GENERATE
    assert run_as_typed(term, holding).returncode == 0
    again = term.inspect("--lang", lang)
    draft_id(again)  # the walk begins: no key offered
    again.sendintr()
    again.expect(pexpect.EOF)
    again.close()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_keys_generate_signing_without_a_key_advises_copied_from_40_columns_runs(
    term: Terminal, lang: str
) -> None:
    """The same advice where a document is signed and no key is set up (`sign`): the command
    copied from the screen and run makes the default key signing takes."""
    term.width, term.rows = WIDTH, ROWS
    (term.cwd / "doc.toml").write_bytes(findings_body(GENERATE[-1], "SHA256:" + "A" * 43))
    status, holding = copied_holding(term, "keys generate", "sign", "doc.toml", "--lang", lang)
    assert status == 2
    assert shlex.split(holding) == GENERATE
    assert run_as_typed(term, holding).returncode == 0
    shown = term.run("keys", "show")  # the default key now, which signing takes
    assert shown.returncode == 0
    assert "principal: you@unit.example" in shown.stdout


DRAFT_SAID = {
    "en": ("draft {id} (answers are saved as you go)", "answers are saved as you go, in draft:"),
    "zh": ("草稿 {id}（每个回答都会自动保存）", "每个回答都会自动保存，草稿："),
}


def walk_begun(term: Terminal, lang: str, width: int) -> tuple[str, Screen]:
    """The walk begun at `width` columns and stopped at its first question: the draft's id and
    the screen as the terminal showed it, from the first line."""
    term.width, term.rows = width, ROWS
    child = term.inspect("--lang", lang)
    child.logfile_read = io.StringIO()  # (all the terminal is given, from the first line)
    kept = draft_id(child)
    child.expect_exact(QUESTION[lang])
    child.sendintr()
    child.expect(pexpect.EOF)
    output = child.logfile_read.getvalue()
    child.close()
    screen = Screen(width, ROWS)
    pyte.Stream(screen).feed(output.replace("\r\n", "\n").replace("\n", "\r\n"))
    return kept, screen


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("width", [WIDTH, 80])
def test_the_walk_s_draft_id_stands_whole_on_a_row_of_the_screen(
    keyed: Terminal, lang: str, width: int
) -> None:
    """The walk's first line names the draft `drafts resume` takes. At 40 columns the terminal
    folded it inside the id (`draft 3a5f…-2d4f6b8a0c` / `1e (answers …`): the sentence stands
    before it now and the id on a line of its own; at 80 the line is as it was."""
    kept, screen = walk_begun(keyed, lang, width)
    rows = [row.rstrip() for row in screen.display]
    one_line, sentence = DRAFT_SAID[lang]
    if width == WIDTH:
        at = rows.index(sentence)
        assert rows[at + 1] == f"  {kept}"
        assert not screen.folded & {at, at + 1}
    else:
        assert one_line.format(id=kept) in rows
