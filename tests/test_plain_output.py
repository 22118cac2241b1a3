"""Output for a screen reader, a braille display, a plain or narrow terminal and a pipe: no
frames read aloud as characters where a plain layout says the same."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest

EXE = Path(sys.executable).parent / "minecheck"
FRAMES = set("╭╮╰╯│─┃━┏┓┗┛")


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MINECHECK_")}
    env.pop("NO_COLOR", None)
    env.update(extra)
    return env


def _at_terminal(args: list[str], term: str, home: Path, cols: int = 80) -> str:
    child = pexpect.spawn(
        str(EXE),
        args,
        env=_env(TERM=term, MINECHECK_HOME=str(home), COLUMNS=str(cols)),
        dimensions=(24, cols),
        timeout=30,  # a hang guard, not a timing assertion
        encoding="utf-8",
    )
    shown: str = child.read()
    child.close()
    assert child.exitstatus == 0, shown
    return shown


HELPS = [["--help"], ["inspect", "--help"], ["keys", "--help"], ["trust", "add", "--help"]]


@pytest.mark.parametrize("args", HELPS)
def test_help_to_a_pipe_has_no_frames(args: list[str], isolated_home: Path) -> None:
    run = subprocess.run(
        [str(EXE), *args],
        env=_env(MINECHECK_HOME=str(isolated_home)),
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert FRAMES.isdisjoint(run.stdout), run.stdout
    assert "Usage: minecheck" in run.stdout
    titles = [line.strip() for line in run.stdout.splitlines()]
    assert "Options" in titles  # each group keeps its title, on a line of its own


@pytest.mark.parametrize("args", HELPS)
def test_help_at_a_dumb_terminal_has_no_frames(args: list[str], isolated_home: Path) -> None:
    shown = _at_terminal(args, "dumb", isolated_home)
    assert FRAMES.isdisjoint(shown), shown
    assert "Options" in [line.strip() for line in shown.splitlines()]


def test_help_at_a_capable_terminal_keeps_its_frames(isolated_home: Path) -> None:
    shown = _at_terminal(["inspect", "--help"], "xterm-256color", isolated_home)
    assert "╭─" in shown


def _signed(home: Path, where: Path) -> Path:
    """A findings document signed by a trusted key, made by the installed command."""
    from tests.conftest import DATA

    env = _env(MINECHECK_HOME=str(home))
    made = where / "f.toml"
    for args in (
        ["keys", "generate", "--principal", "alice@mine.example", "--trust"],
        [
            "inspect",
            str(DATA / "checklists" / "valid" / "mini-check.toml"),
            "--site",
            "Mine A",
            "--inspector",
            "Wang Wei",
            "--answers",
            str(DATA / "answers" / "mini-good.toml"),
            "-o",
            str(made),
        ],
    ):
        run = subprocess.run(
            [str(EXE), *args], env=env, capture_output=True, text=True, check=False
        )
        assert run.returncode == 0, run.stderr
    return made


def test_a_table_to_a_pipe_has_no_rule(tmp_path: Path, isolated_home: Path) -> None:
    """Under the headers, a blank line where a terminal draws a rule of `─`."""
    doc = _signed(isolated_home, tmp_path)
    for args in (["show", str(doc)], ["keys", "list"]):
        run = subprocess.run(
            [str(EXE), *args],
            env=_env(MINECHECK_HOME=str(isolated_home)),
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=False,
        )
        assert run.returncode == 0, run.stderr
        assert FRAMES.isdisjoint(run.stdout), run.stdout
        lines = [line.strip() for line in run.stdout.splitlines()]
        head = next(i for i, line in enumerate(lines) if line.startswith(("ITEM", "DEFAULT")))
        assert lines[head + 1] == ""
    shown = _at_terminal(["show", str(doc)], "xterm-256color", isolated_home)
    assert "──────" in shown


def test_a_dumb_terminal_is_laid_out_at_its_own_width(tmp_path: Path, isolated_home: Path) -> None:
    """Rich takes a dumb terminal to be 80 columns whatever its size: at 40, each line of a
    table was broken again by the terminal, a row into halves."""
    from rich.cells import cell_len

    doc = _signed(isolated_home, tmp_path)
    child = pexpect.spawn(
        str(EXE),
        ["show", str(doc)],
        env=_env(TERM="dumb", MINECHECK_HOME=str(isolated_home), COLUMNS="40"),
        dimensions=(24, 40),
        timeout=30,  # a hang guard, not a timing assertion
        encoding="utf-8",
    )
    shown: str = child.read()
    child.close()
    assert child.exitstatus == 0, shown
    lines = shown.replace("\r", "").split("\n")
    assert max(map(cell_len, lines)) <= 40, shown
    assert "ITEM: gas-check-genuine" in lines  # one field a line, as narrower than the table
    helped = _at_terminal(["inspect", "--help"], "dumb", isolated_home, cols=40)
    assert max(map(cell_len, helped.replace("\r", "").split("\n"))) <= 40, helped


def test_a_passphrase_prompt_wider_than_the_terminal_is_folded_between_words(
    isolated_home: Path,
) -> None:
    """At 40 columns the terminal broke the prompt inside a word ("(empty for n" / "one): ");
    folded between words, the cursor's line holds as many of its last words as fit."""
    child = pexpect.spawn(
        str(EXE),
        ["keys", "generate", "--principal", "bob@mine.example"],
        env=_env(TERM="dumb", MINECHECK_HOME=str(isolated_home), COLUMNS="40"),
        dimensions=(24, 40),
        timeout=30,  # a hang guard, not a timing assertion
        encoding="utf-8",
    )
    child.expect_exact("for the new key (empty for none): ")
    assert child.before.replace("\r", "").endswith("Passphrase\n")
    child.sendline("")
    child.expect_exact("Same passphrase again: ")
    child.sendline("")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_the_discard_question_is_folded_between_words(tmp_path: Path, isolated_home: Path) -> None:
    """At 40 columns the terminal broke "Discard draft … (Mine A, 1 answer)? [y/N]" inside a
    word; folded between words, the cursor's line ends the question."""
    from tests.conftest import DATA

    env = _env(TERM="dumb", MINECHECK_HOME=str(isolated_home), COLUMNS="40")
    run = subprocess.run(
        [str(EXE), "keys", "generate", "--principal", "alice@mine.example"],
        env=env,
        capture_output=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    walk = pexpect.spawn(
        str(EXE),
        [
            *("inspect", str(DATA / "checklists" / "valid" / "mini-check.toml")),
            *("--site", "Mine A", "--inspector", "Wang Wei", "-o", str(tmp_path / "f.toml")),
        ],
        env=env,
        dimensions=(24, 40),
        timeout=30,  # a hang guard, not a timing assertion
        encoding="utf-8",
    )
    walk.expect_exact(" > ")
    walk.send("y")
    walk.expect_exact("or a key: ")
    walk.sendline("q")
    walk.expect(r"drafts resume ([0-9a-f-]{36})")
    draft = walk.match.group(1)
    walk.expect(pexpect.EOF)
    child = pexpect.spawn(
        str(EXE),
        ["drafts", "discard", draft],
        env=env,
        dimensions=(24, 40),
        timeout=30,
        encoding="utf-8",
    )
    child.expect_exact("? [y/N] ")
    shown = child.before.replace("\r", "").splitlines()
    assert shown[-2:] == ["Discard draft", f"{draft[:8]} (Mine A, 1 answer)"], shown
    child.sendline("y")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
