"""A walk started with SIGINT ignored (`trap '' INT`, or `&` from a script, which ignores it
for what it starts in the background): Ctrl-C and SIGTERM at its questions, in a terminal."""

from __future__ import annotations

import os
import signal
import time
import tomllib
from typing import Any

import pexpect
import pytest

from tests.test_inspect_pty import (
    CHECKLIST,
    GAS_QUESTION,
    KEY_PROMPT,
    METHANE,
    REVIEW_PROMPT,
    Terminal,
    ended,
    keyed,
    term,
)
from tests.test_interrupted import EXE

__all__ = ["keyed", "term"]  # fixtures

READING_ASKED = "or a key:"  # (an xterm's editor draws the prompt with its own sequences)


def _ignoring_sigint(keyed: Terminal, terminal: str) -> Any:
    """The walk, started as a script starts one in the background: SIGINT ignored."""
    return pexpect.spawn(
        str(EXE),
        ["inspect", str(CHECKLIST), "--site", "Mine A", "-o", str(keyed.out), "--inspector", "W"],
        env={**keyed.env(), "TERM": terminal},
        cwd=str(keyed.cwd),
        dimensions=(40, keyed.width),
        timeout=30,
        encoding="utf-8",
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),
    )


def _stopped(keyed: Terminal, child: Any) -> str:
    """Exit 130 with the draft kept and named: what was printed."""
    status, printed = ended(child)
    assert status == 130, printed
    [draft] = keyed.drafts()
    assert f"minecheck: error: interrupted; draft {draft['id']} kept" in printed
    return printed


@pytest.mark.parametrize("terminal", ["dumb", "xterm"])
def test_ctrl_c_at_a_key_question_stops_the_walk_where_sigint_is_ignored(
    keyed: Terminal, terminal: str
) -> None:
    """Ctrl-C at a key question did nothing: the key reader left the terminal's Ctrl-C a
    signal, which was ignored, and the walk waited for a key (Ctrl-C at a line question, where
    the editor reads it as a key, stopped it). It is read as the key it is now, and stops the
    walk as it does at a line question."""
    child = _ignoring_sigint(keyed, terminal)
    child.expect_exact(GAS_QUESTION)
    child.expect_exact(KEY_PROMPT)
    child.send("\x03")
    _stopped(keyed, child)


@pytest.mark.parametrize("how", ["ctrl-c", "SIGTERM"])
@pytest.mark.parametrize("terminal", ["dumb", "xterm"])
def test_a_line_question_is_stopped_where_sigint_is_ignored(
    keyed: Terminal, terminal: str, how: str
) -> None:
    """Ctrl-C (a key to the line editor) and SIGTERM (sent on to the editor as SIGINT) at a
    reading being typed: the walk ends with 130 and the draft keeps the reading typed."""
    child = _ignoring_sigint(keyed, terminal)
    child.expect_exact(KEY_PROMPT)
    child.send("y")
    child.expect_exact(READING_ASKED)
    child.send("0.25")
    child.expect_exact("0.25")
    if how == "ctrl-c":
        child.send("\x03")
    else:
        child.kill(signal.SIGTERM)
    _stopped(keyed, child)
    [draft] = keyed.drafts()
    saved = tomllib.loads((keyed.home / "drafts" / f"{draft['id']}.toml").read_text())
    assert saved["unfinished"][METHANE] == {"reading": 0.25}


def test_sigterm_at_a_key_question_stops_the_walk_where_sigint_is_ignored(
    keyed: Terminal,
) -> None:
    child = _ignoring_sigint(keyed, "dumb")
    child.expect_exact(GAS_QUESTION)
    child.expect_exact(KEY_PROMPT)
    child.kill(signal.SIGTERM)
    _stopped(keyed, child)


def _terminated_while_sent_on() -> None:
    from minecheck import portable

    with portable.stops_as_ctrl_c():
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(1)  # (the handler runs before this returns)


@pytest.mark.parametrize("sigint", ["ignored", "default", "taken"])
def test_sigterm_sent_on_as_ctrl_c_where_nobody_takes_sigint_interrupts_at_once(
    monkeypatch: pytest.MonkeyPatch, sigint: str
) -> None:
    """A SIGTERM while a line question reads, before the editor's own SIGINT handling is in
    place (or after it is gone), where SIGINT is ignored or left at its default: sent on as a
    SIGINT it would be lost, or kill the walk with no draft; it interrupts there, and is noted
    so that no question follows. Where SIGINT is taken (the editor's loop) it goes there."""
    from minecheck import portable

    monkeypatch.setattr(portable, "_stop_raised", [])
    taken: list[int] = []

    def stopped(signum: int, frame: object) -> None:  # (as a run sets for SIGTERM; the editor)
        taken.append(signum)
        raise KeyboardInterrupt

    handlers: dict[str, Any] = {"ignored": signal.SIG_IGN, "default": signal.SIG_DFL}
    handler = handlers.get(sigint, stopped)
    before = signal.signal(signal.SIGINT, handler), signal.signal(signal.SIGTERM, stopped)
    try:
        with pytest.raises(KeyboardInterrupt):
            _terminated_while_sent_on()
        with pytest.raises(KeyboardInterrupt):
            portable.stop_lost()
    finally:
        signal.signal(signal.SIGINT, before[0])
        signal.signal(signal.SIGTERM, before[1])
    assert taken == ([signal.SIGINT] if sigint == "taken" else [])


def test_ctrl_c_typed_as_the_walk_moves_on_stops_it_where_sigint_is_ignored(
    keyed: Terminal,
) -> None:
    """`y` and Ctrl-C at once: the Ctrl-C comes as the answer is saved and the next question
    is made ready, while no question reads. It was a signal nobody took, dropped by the
    terminal, and the walk waited at the reading; it stops the walk now (130, draft kept)."""
    child = _ignoring_sigint(keyed, "dumb")
    child.expect_exact(GAS_QUESTION)
    child.expect_exact(KEY_PROMPT)
    child.delaybeforesend = None
    child.send("y")
    child.send("\x03")
    _stopped(keyed, child)
    [draft] = keyed.drafts()
    assert draft["answered"] == 1


@pytest.mark.parametrize(
    ("terminal", "typed"),
    [("dumb", "\x03"), ("xterm", "\x03"), ("dumb", "correct horse\r\x03")],
    ids=["at-the-prompt-dumb", "at-the-prompt-xterm", "with-the-enter"],
)
def test_ctrl_c_at_the_passphrase_prompt_stops_where_sigint_is_ignored(
    term: Terminal, terminal: str, typed: str
) -> None:
    """The passphrase is asked once the walk is over, at the terminal's own modes: Ctrl-C there
    was a signal nobody took, the terminal dropped it and the prompt waited (typed then, the
    passphrase signed the file the inspector had meant to stop); one typed with the Enter, as
    the key was opened and the file signed, was dropped and the file signed. Each stops as at
    every question of the walk, and as where SIGINT is taken: 130, the draft kept and named,
    nothing written."""
    term.key_with_passphrase()
    term.width = 400  # (the prompt names the key's temporary path)
    child = _ignoring_sigint(term, terminal)
    child.expect_exact(KEY_PROMPT)
    child.send("y")
    child.expect_exact(READING_ASKED)
    child.send("0.5\r")
    child.expect_exact(REVIEW_PROMPT.rstrip())  # (an xterm's editor draws the space its way)
    child.send("\r")
    child.expect_exact("Passphrase for ")
    child.expect_exact(": ")
    child.send(typed)
    status, printed = ended(child)
    assert status == 130, printed
    [draft] = term.drafts()
    assert f"minecheck: error: interrupted before signing; draft {draft['id']} kept" in printed
    assert not term.out.exists()
