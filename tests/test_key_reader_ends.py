"""The key questions of a walk in a terminal: how they end it."""

from __future__ import annotations

from tests.test_inspect_pty import (
    Terminal,
    ended,
    key,
    keyed,
    term,
)

__all__ = ["keyed", "term"]  # fixtures


def test_ctrl_d_at_a_key_question_saves_and_quits(keyed: Terminal) -> None:
    """Ctrl-D at a key question is `q`: the walk saves and ends with 0, as `q` does (read as
    a key that answers nothing, the question was asked again)."""
    said = []
    for typed in ("q", "\x04"):
        child = keyed.inspect()
        key(child, typed)
        status, printed = ended(child)
        assert status == 0, printed
        said.append(printed.splitlines()[-1])
    assert said[0] == said[1]
