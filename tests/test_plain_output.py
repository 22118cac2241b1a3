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


def _at_terminal(args: list[str], term: str, home: Path) -> str:
    child = pexpect.spawn(
        str(EXE),
        args,
        env=_env(TERM=term, MINECHECK_HOME=str(home), PROMPT_TOOLKIT_NO_CPR="1"),
        dimensions=(24, 80),
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
