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


def test_a_dumb_terminal_is_sent_no_escape_sequence(keyed: Terminal) -> None:
    """A dumb terminal (Emacs's shell, a serial console) shows an escape sequence as the
    characters it is made of: the line editor, made as the first line question came, wrote its
    "show the cursor" (`ESC [?12l ESC [?25h`) before it. The walk writes text alone."""
    import io

    child = Screen(keyed, 24, 80, "dumb").inspect()
    child.logfile_read = seen = io.StringIO()
    child.expect_exact(KEY_PROMPT)
    child.send("y")
    child.expect_exact(READING_PROMPT.rstrip())
    child.send("0.5\r")
    child.expect_exact(REVIEW_PROMPT.rstrip())
    child.send("\r")
    status, output = ended(child)
    assert status == 0, output
    assert keyed.out.exists()
    assert "\x1b" not in seen.getvalue(), repr(seen.getvalue())
