"""Ctrl-Z at a passphrase prompt outside the walk (`keys generate`, `sign`, `followup`, every
command that signs): the shell gets a terminal that echoes while the command is stopped, and
`fg` gives the prompt back with the echo off, the passphrase typed after it never shown."""

from __future__ import annotations

import io
import re
import shlex

import pexpect

from tests.test_inspect_pty import Terminal, term
from tests.test_interrupted import EXE

__all__ = ["term"]  # the fixture

PRINCIPAL = "a@mine.example"
PROMPT = "Passphrase for the new key (empty for none): "
SECRET = "Qx7-hidden-pass"


def _made() -> str:
    return shlex.join([str(EXE), "keys", "generate", "--principal", PRINCIPAL])


def test_fg_after_ctrl_z_at_the_passphrase_prompt_shows_no_passphrase(term: Terminal) -> None:
    """At an interactive shell, Ctrl-Z then `fg` at `keys generate`'s prompt: the shell set its
    own modes at the stop, `fg` did not give the prompt's back, and the passphrase was shown on
    the screen as it was typed."""
    env = {**term.env(), "PS1": "ready$ "}
    child = pexpect.spawn(
        "bash",
        ["--norc", "--noprofile", "-i"],
        env=env,
        cwd=str(term.cwd),
        timeout=30,
        encoding="utf-8",
    )
    seen = io.StringIO()
    child.logfile_read = seen
    child.expect_exact("ready$ ")
    child.send(_made() + "\r")
    child.expect_exact(PROMPT)
    child.send("\x1a")
    child.expect_exact("ready$ ")
    child.send("fg\r")
    child.expect_exact(PROMPT)  # (shown again, where the passphrase is to be typed)
    child.send(SECRET + "\r")
    child.expect_exact("Same passphrase again: ")
    child.send(SECRET + "\r")
    child.expect_exact("ready$ ")
    child.send("echo exit=$?\r")
    child.expect(r"exit=(\d+)")
    assert child.match.group(1) == "0"
    child.sendline("exit")
    child.expect(pexpect.EOF)
    child.close()
    assert SECRET not in seen.getvalue()


def test_a_script_after_ctrl_z_at_the_passphrase_prompt_gets_a_terminal_that_echoes(
    term: Terminal,
) -> None:
    """In a script with job control, the command stopped at its prompt left the terminal
    without echo for what the script ran next; `fg` gives the prompt its modes back."""
    script = f"set -m; {_made()}; echo stopped: $(stty -a); fg >/dev/null; echo exit=$?"
    child = pexpect.spawn(
        "bash", ["-c", script], env=term.env(), cwd=str(term.cwd), timeout=30, encoding="utf-8"
    )
    child.expect_exact(PROMPT)
    child.send("\x1a")
    child.expect_exact("stopped:")
    child.expect_exact("\n")
    modes = set(re.findall(r"-?[a-z]+", child.before))
    assert "echo" in modes
    assert "-echo" not in modes
    child.expect_exact(PROMPT)
    child.send(SECRET + "\r")
    child.expect_exact("Same passphrase again: ")
    child.send(SECRET + "\r")
    child.expect(r"exit=(\d+)")
    assert child.match.group(1) == "0"
    assert SECRET not in child.before
    child.expect(pexpect.EOF)
    child.close()
