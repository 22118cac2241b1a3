"""Text pasted into the walk at a real terminal: one that brackets a paste (xterm) and one that
sends it as typed (a dumb terminal, a serial console)."""

from __future__ import annotations

import pytest

from tests.test_inspect_pty import (
    KEY_PROMPT,
    READING_PROMPT,
    REVIEW_PROMPT,
    Terminal,
    ended,
    keyed,
    term,
)
from tests.test_walk_pty import Screen

__all__ = ["keyed", "term"]  # fixtures


@pytest.mark.parametrize("kind", ["dumb", "xterm"])
def test_a_reading_pasted_with_a_windows_line_end_does_not_sign_the_review(
    keyed: Terminal, kind: str
) -> None:
    """`0.5` copied from a Windows record, pasted where the terminal sends the paste as typed:
    its CR ended the reading's line, and its LF, a second Enter, answered the review: the file
    was signed and written unseen. A CR LF is one line end."""
    child = Screen(keyed, 24, 80, kind).inspect()
    child.delaybeforesend = None
    child.expect_exact(KEY_PROMPT)
    child.send("y")
    child.expect_exact(READING_PROMPT.rstrip())
    child.send("0.5\r\n")
    child.expect_exact(REVIEW_PROMPT.rstrip())
    child.send("q\r")
    status, output = ended(child)
    assert "signed and written" not in output
    assert status == 0, output
    assert not keyed.out.exists()
    [draft] = keyed.drafts()
    assert draft["answered"] == 2
