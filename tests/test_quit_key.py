"""Ctrl-\\ (SIGQUIT) where minecheck holds the terminal in modes of its own: the process quits
as SIGQUIT quits, and the shell gets back a terminal that echoes and edits its lines."""

from __future__ import annotations

import re
import shlex
from typing import Any

import pexpect
import pytest

from tests.test_inspect_pty import CHECKLIST, GAS_QUESTION, KEY_PROMPT, Terminal, keyed, term
from tests.test_interrupted import EXE

__all__ = ["keyed", "term"]  # fixtures

REVIEW_PROMPT = "Your choice (Enter signs): "
AFTER = "after:"


def _walk_then_stty(terminal: Terminal, before: str = "") -> Any:
    """The walk run as a script runs it (after `before`), followed by the script's look at
    the terminal."""
    walk = shlex.join(
        [
            str(EXE),
            *("inspect", str(CHECKLIST), "--site", "Mine A", "--inspector", "W"),
            *("-o", str(terminal.out)),
        ]
    )
    return pexpect.spawn(
        "bash",
        ["-c", f"{before}{walk}; echo exit=$?; echo {AFTER} $(stty -a)"],
        env=terminal.env(),
        cwd=str(terminal.cwd),
        dimensions=(40, terminal.width),
        timeout=30,
        encoding="utf-8",
    )


def _quit_and_modes(child: Any) -> tuple[int, set[str]]:
    """The walk's exit code and the terminal's local modes the script found after it."""
    child.expect(r"exit=(\d+)")
    status = int(child.match.group(1))
    child.expect_exact(AFTER)
    child.expect(pexpect.EOF)
    modes = set(re.findall(r"-?[a-z]+", child.before))
    child.close()
    return status, modes


def test_ctrl_backslash_at_a_key_question_gives_the_terminal_back(keyed: Terminal) -> None:
    """The walk reads a key at a time, without echo: Ctrl-\\ there quit and left the terminal
    so (`-icanon -echo`), and what the script or the shell read next was typed blind."""
    child = _walk_then_stty(keyed)
    child.expect_exact(GAS_QUESTION)
    child.expect_exact(KEY_PROMPT)
    child.send("\x1c")
    status, modes = _quit_and_modes(child)
    assert status == 131
    assert {"echo", "icanon", "isig"} <= modes
    assert not {"-echo", "-icanon"} & modes
    assert len(keyed.drafts()) == 1  # (the draft as it was last saved)


def test_ctrl_backslash_where_sigquit_is_ignored_quits_nothing(keyed: Terminal) -> None:
    """A script that ignores SIGQUIT (`trap '' QUIT`) runs the walk with it ignored: Ctrl-\\
    at a key question stops nothing there, and the walk goes on to the next question."""
    child = _walk_then_stty(keyed, "trap '' QUIT; ")
    child.expect_exact(GAS_QUESTION)
    child.expect_exact(KEY_PROMPT)
    child.send("\x1c")
    child.send("y")
    child.expect_exact("or a key:")
    child.send("\x03")
    status, modes = _quit_and_modes(child)
    assert status == 130
    assert {"echo", "icanon"} <= modes


@pytest.mark.parametrize("typed", ["\x1c", "correct\x1c"], ids=["at-once", "typing"])
def test_ctrl_backslash_at_the_passphrase_prompt_gives_the_terminal_back(
    term: Terminal, typed: str
) -> None:
    """The passphrase is read without echo: Ctrl-\\ there quit and left the echo off."""
    term.key_with_passphrase()
    term.width = 400  # (the prompt names the key's temporary path)
    child = _walk_then_stty(term)
    child.expect_exact(GAS_QUESTION)
    child.expect_exact(KEY_PROMPT)
    child.send("y")
    child.expect_exact("or a key:")
    child.send("0.5\r")
    child.expect_exact(REVIEW_PROMPT.rstrip())
    child.send("\r")
    child.expect_exact("Passphrase for ")
    child.expect_exact(": ")
    child.send(typed)
    status, modes = _quit_and_modes(child)
    assert status == 131
    assert {"echo", "icanon"} <= modes
    assert "-echo" not in modes
    assert not term.out.exists()
    assert len(term.drafts()) == 1


def test_ctrl_backslash_at_keys_generate_s_passphrase_gives_the_terminal_back(
    term: Terminal,
) -> None:
    """`keys generate` asks a new key's passphrase without echo: the same."""
    made = shlex.join([str(EXE), "keys", "generate", "--principal", "a@mine.example"])
    child = pexpect.spawn(
        "bash",
        ["-c", f"{made}; echo exit=$?; echo {AFTER} $(stty -a)"],
        env=term.env(),
        cwd=str(term.cwd),
        timeout=30,
        encoding="utf-8",
    )
    child.expect_exact("(empty for none)")
    child.send("\x1c")
    status, modes = _quit_and_modes(child)
    assert status == 131
    assert "echo" in modes
    assert "-echo" not in modes
