"""Ctrl-Z at a passphrase prompt beyond the default case: where a script ignores SIGTSTP
(`trap '' TSTP`) it stops nothing; after `fg` the passphrase's line is edited as before the
stop (Ctrl-W erases a word); in a locale that cannot show the prompt, `fg` writes it again
as getpass wrote it; off the main thread nothing is set. And two rules of the line breaker
no test held: a column is as wide as its longest word wherever that word stands in a cell,
and a mark written apart from its letter (decomposed Hangul, an accent) stays with it."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shlex
import signal
import termios
import threading
import unicodedata
from pathlib import Path
from typing import Any

import pexpect
import pytest

from minecheck.cli._render import safe
from minecheck.portable import given_back_at_stop
from tests.helpers_merge import allowed_signers, findings, person
from tests.test_cjk_breaks import drawn
from tests.test_inspect_pty import Terminal, term
from tests.test_interrupted import EXE

__all__ = ["term"]  # the fixture

PROMPT = "Passphrase for the new key (empty for none): "
AGAIN = "Same passphrase again: "
SECRET = "Qx7-hidden-pass"
AFTER = "after:"


def _made() -> str:
    return shlex.join([str(EXE), "keys", "generate", "--principal", "a@mine.example"])


def _script(terminal: Terminal, script: str, **env: str) -> pexpect.spawn:
    return pexpect.spawn(
        "bash",
        ["-c", script],
        env={**terminal.env(), **env},
        cwd=str(terminal.cwd),
        timeout=30,  # a hang guard on a loaded machine, not a timing assertion
        encoding="utf-8",
        codec_errors="replace",
    )


def test_ctrl_z_where_the_script_ignores_sigtstp_stops_nothing_at_the_passphrase_prompt(
    term: Terminal,
) -> None:
    """A script that ignores SIGTSTP (`trap '' TSTP`) is not to be stopped: Ctrl-Z at the
    prompt stops nothing, shows nothing, leaves the echo off, and the passphrase typed after
    it is taken; the script finds its terminal echoing after the command."""
    child = _script(
        term,
        f"set -m; trap '' TSTP; {_made()}; echo exit=$?; echo {AFTER} $(stty -a)",
    )
    seen = io.StringIO()
    child.logfile_read = seen
    child.expect_exact(PROMPT)
    child.send("\x1a")
    child.send(SECRET + "\r")
    child.expect_exact(AGAIN)
    child.send(SECRET + "\r")
    child.expect(r"exit=(\d+)")
    assert child.match.group(1) == "0"
    child.expect_exact(AFTER)
    child.expect_exact("\n")
    modes = set(re.findall(r"-?[a-z]+", child.before))
    assert "echo" in modes
    assert "-echo" not in modes
    child.expect(pexpect.EOF)
    child.close()
    shown = seen.getvalue().partition("exit=")[0]  # (what the command showed)
    assert shown.count(PROMPT) == 1  # (not stopped, so not written again)
    assert "Stopped" not in shown
    assert "^Z" not in shown
    assert SECRET not in shown
    assert (term.home / "keys" / "a@mine.example").is_file()


def test_after_fg_the_passphrase_line_is_edited_as_before_the_stop(term: Terminal) -> None:
    """`fg` gives the prompt the modes it had with the echo off, and only the echo: Ctrl-W
    still erases the word typed before it, and the passphrase is the one meant."""
    child = _script(term, f"set -m; {_made()}; fg >/dev/null; echo exit=$?")
    child.expect_exact(PROMPT)
    child.send("\x1a")
    child.expect_exact(PROMPT)  # (written again after `fg`)
    child.send("mistyped\x17" + SECRET + "\r")
    child.expect_exact(AGAIN)
    child.send(SECRET + "\r")
    ended = child.expect([r"exit=(\d+)", "differ"])  # ("The passphrases differ": asked anew)
    assert ended == 0, child.before
    assert child.match.group(1) == "0"
    child.expect(pexpect.EOF)
    child.close()


def test_fg_writes_a_prompt_the_locale_cannot_show_as_getpass_wrote_it(term: Terminal) -> None:
    """In an ASCII locale (LC_ALL=C with PYTHONUTF8=0) the Chinese prompt is written with
    '?' for what it cannot show; after Ctrl-Z and `fg` it is written again the same way,
    not a traceback."""
    child = _script(
        term,
        f"set -m; {_made()}; fg >/dev/null; echo exit=$?",
        LC_ALL="C",
        PYTHONUTF8="0",
        PYTHONCOERCECLOCALE="0",
        MINECHECK_LANG="zh",
    )
    shown = "?" * len("新密钥的口令（留空表示不设口令）：")
    child.expect_exact("hint: ")
    child.expect_exact(shown)
    child.send("\x1a")
    child.expect_exact(shown)  # (written again after `fg`)
    child.send(SECRET + "\r")
    child.expect_exact("?" * len("再次输入同一口令："))
    child.send(SECRET + "\r")
    child.expect(r"exit=(\d+)")
    assert child.match.group(1) == "0", child.before
    assert "Traceback" not in child.before
    child.expect(pexpect.EOF)
    child.close()


def test_off_the_main_thread_a_stop_at_the_prompt_is_left_as_it_is() -> None:
    """No signal handler can be set off the main thread: there the prompt is asked with
    SIGTSTP as it was, and nothing fails."""
    main_fd, tty_fd = os.openpty()
    try:
        modes = termios.tcgetattr(tty_fd)
        before = signal.getsignal(signal.SIGTSTP)
        seen: list[object] = []

        def ask() -> None:
            try:
                with given_back_at_stop(tty_fd, modes, "p: "):
                    seen.append(signal.getsignal(signal.SIGTSTP))
            except ValueError as exc:  # ("signal only works in main thread")
                seen.append(exc)

        worker = threading.Thread(target=ask)
        worker.start()
        worker.join()
        assert seen == [before]
        assert signal.getsignal(signal.SIGTSTP) is before
        assert termios.tcgetattr(tty_fd) == modes
    finally:
        os.close(main_fd)
        os.close(tty_fd)


@pytest.mark.parametrize("width", [80, 92])
def test_a_long_word_before_the_end_of_its_cell_is_never_broken(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    """A column is never narrower than the longest word of its cells (up to 32 cells), be it
    the last word of a cell or not: `methane-drainage-pipeline is cracked` keeps its id whole,
    in the table where it fits (92 columns) and one field a line where it does not (80)."""
    monkeypatch.setenv("COLUMNS", str(width))
    alice = person(tmp_path, "alice")
    trust = allowed_signers(tmp_path / "allowed_signers", alice)
    doc = tmp_path / "a.toml"
    said = "the methane-drainage-pipeline is cracked near the face"
    doc.write_bytes(
        findings(alice, ["noncompliant"] * 3, deadline=dt.date(2026, 12, 1), description=said)
    )
    args = ["--allowed-signers", str(trust), "--lang", "en", "--as-of", "2026-12-05"]
    run = cli(["show", str(doc), *args])
    assert (run.exit_code, run.stderr) == (0, "")
    lines = run.stdout.splitlines()
    assert sum("methane-drainage-pipeline" in line.split() for line in lines) == 3, run.stdout
    assert "methane-drainage-\n" not in run.stdout.replace(" ", "")


def test_a_mark_written_apart_from_its_letter_stays_on_its_line() -> None:
    """Decomposed text (a file name from a Mac, Korean typed as jamo): a Hangul syllable is a
    leading consonant and a vowel of no width, an accent may follow a Chinese character. The
    line breaks beside the wide character, never between it and its mark: `갤럭ᄉ` / `ᅵS`
    showed a syllable in two halves, `检` / `́abc` an accent beginning a line."""
    galaxy = unicodedata.normalize("NFD", "갤럭시S")
    assert drawn(safe("ab " + galaxy), 9) == ["ab " + galaxy[:6], galaxy[6:]]
    accent = "检\u0301abc"
    assert drawn(safe("ab " + accent), 6) == ["ab", accent]
