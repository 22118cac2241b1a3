"""What a message hands the user to copy (a command, an id) at a terminal narrower than it."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pexpect
import pytest
from rich.cells import cell_len, get_character_cell_size

from minecheck.cli import COMMANDS, GROUPS
from minecheck.cli._copyable import _COMMANDS, _GROUPS, laid_out
from tests.test_inspect_pty import CHECKLIST, EXE, Terminal

ESCAPE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def screen(output: str, width: int) -> list[str]:
    """The rows a terminal of `width` columns shows `output` in (folded at its last column)."""
    rows = []
    for line in ESCAPE.sub("", output).replace("\r", "").split("\n"):
        row, used = "", 0
        for ch in line:
            size = get_character_cell_size(ch)
            if used + size > width and used:
                rows.append(row)
                row, used = "", 0
            row += ch
            used += size
        rows.append(row)
    return rows


def stopped(term: Terminal, width: int, lang: str, stop: str) -> tuple[str, list[str]]:
    """The walk stopped at its reading question, by `q` or by Ctrl-C: the draft's id, the
    lines written (escapes and carriage returns taken out)."""
    env = term.env()
    del env["COLUMNS"]  # the terminal's own width
    child = pexpect.spawn(
        str(EXE),
        [
            *("inspect", str(CHECKLIST), "--site", "Mine A"),
            *("-o", str(term.out), "--lang", lang),
            "--inspector",
            "W",
        ],
        env=env,
        cwd=str(term.cwd),
        dimensions=(40, width),
        timeout=30,  # a hang guard on a loaded machine, not a timing assertion
        encoding="utf-8",
    )
    child.logfile_read = io.StringIO()
    child.expect_exact("> ")
    child.send("y")
    child.expect_exact("或按键：" if lang == "zh" else "or a key: ")
    if stop == "q":
        child.sendline("q")
    else:
        child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == (0 if stop == "q" else 130)
    written = ESCAPE.sub("", child.logfile_read.getvalue()).replace("\r", "")
    [draft] = {m.group() for m in ID.finditer(written)}
    return draft, written.split("\n")


@pytest.mark.parametrize("width", [40, 60, 80])
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("stop", ["q", "ctrl-c"])
def test_the_resume_command_is_copied_whole_from_the_screen(
    tmp_path: Path, isolated_home: Path, width: int, lang: str, stop: str
) -> None:
    term = Terminal(isolated_home, tmp_path)
    made = term.run("keys", "generate", "--principal", "alice@mine.example", "--trust")
    assert made.returncode == 0, made.stderr
    draft, lines = stopped(term, width, lang, stop)
    rows = screen("\n".join(lines), width)
    command = f"minecheck drafts resume {draft}"
    assert all(cell_len(row) <= width for row in rows)
    for line in lines:  # every id a row can hold is whole on one, but in a command wider
        if line != command:
            assert "\n".join(screen(line, width)).count(draft) == line.count(draft), rows
    if len(command) <= width:  # the command fits a row: it is on one
        assert any(row.strip().endswith(command) for row in rows), rows
    else:  # it does not: it begins a row, one line the terminal folds (and copies) whole
        assert any(row.startswith(command[:width]) for row in rows), rows
        assert command in lines, lines  # (no line break written inside it)


def test_a_message_that_fits_or_is_folded_only_inside_prose_is_as_it_was() -> None:
    draft = "0f4b2c1e-9d3a-4e5f-8a7b-6c5d4e3f2a10"
    line = f"minecheck: error: interrupted; draft {draft} kept"
    assert laid_out(line, 80) == line
    assert laid_out(line, None) == line  # (not a terminal: a pipe, a file)
    prose = "minecheck: error: " + "nothing was answered; no draft was kept " * 3
    assert laid_out(prose, 40) == prose
    broken = laid_out(f"saved draft {draft}; resume with: minecheck drafts resume {draft}", 80)
    assert broken == (f"saved draft {draft}; resume with:\nminecheck drafts resume {draft}")


def test_the_commands_a_message_may_name_are_minecheck_s() -> None:
    assert set(_COMMANDS) == set(COMMANDS)
    assert set(_GROUPS) == set(GROUPS)


def test_commands_joined_by_and_are_one_line_that_begins_a_row() -> None:
    draft = "0f4b2c1e-9d3a-4e5f-8a7b-6c5d4e3f2a10"
    chain = (
        f"mkdir -p mc/checklists && cp FILE mc/checklists/c.toml && minecheck drafts resume {draft}"
    )
    said = f"  hint: put that checklist file in mc/checklists as c.toml, then resume: {chain}"
    for width in (40, 80, 120):
        laid = laid_out(said, width).split("\n")
        assert chain in laid, laid  # (a break inside it ran its first command alone)
        assert all(len(row) <= width for row in laid if row != chain), laid


def test_the_chinese_template_says_a_reading_s_unit_and_limit_with_a_chinese_comma(
    tmp_path: Path, isolated_home: Path
) -> None:
    """`读数：%CH4, ≤ 1 %CH4` had an ASCII comma where the rest of the comment is in Chinese
    marks (`：`, `；`, `（）`); English keeps its `, `. Comments only: the answers are the same."""
    term = Terminal(isolated_home, tmp_path)
    tags = ("--tag", "coal-underground", "--tag", "high-gas")
    made = {
        lang: term.run("checklists", "template", "coal-major-hidden-dangers", *tags, "--lang", lang)
        for lang in ("zh", "en")
    }
    assert all(result.returncode == 0 for result in made.values())
    assert (
        "# 等级：一般（general）；读数：%CH4，≤ 1 %CH4；佐证：必须提供（required）\n"
        in made["zh"].stdout
    )
    assert "%CH4, ≤ 1 %CH4" not in made["zh"].stdout
    assert "reading: %CH4, ≤ 1 %CH4; " in made["en"].stdout
    answers = [
        [x for x in result.stdout.splitlines() if not x.startswith("#")] for result in made.values()
    ]
    assert answers[0] == answers[1]
