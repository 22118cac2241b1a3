"""The walk at a terminal whose size changes while it asks: a tablet turned, a tmux pane split
or zoomed, a window dragged narrow, an SSH client resized (pexpect's `setwinsize` changes the
pseudo-terminal's size and sends SIGWINCH), and terminals of a row or a column."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pexpect
import pytest

from tests.test_inspect_pty import KEY_PROMPT, READING_PROMPT, REVIEW_PROMPT, Terminal, findings
from tests.test_inspect_pty import keyed as keyed
from tests.test_inspect_pty import term as term
from tests.test_walk_pty import ESCAPE, Screen, prompt

KINDS = ["dumb", "xterm"]


class Resizable(Screen):
    """A terminal of its own size: no COLUMNS or LINES, which would fix the width whatever the
    terminal's size (no shell exports them to the programs it starts)."""

    def env(self) -> dict[str, str]:
        env = super().env()
        del env["COLUMNS"], env["LINES"]
        return env


def one_a_line(text: str) -> str:
    """`text` as a terminal of one column shows it when it is written a character a line."""
    return "\r\n".join(text)


def the_rest_at_their_defaults(child: Any) -> None:
    """The finding's fields after its location, left at their defaults; the reading given;
    signed at the review: exit 0."""
    prompt(child, "Severity (major/general) [major]:", "")
    prompt(child, "Rectification measures:", "")
    prompt(child, "Responsible unit / person:", "")
    due = dt.date.today() + dt.timedelta(days=30)
    prompt(child, f"Deadline (YYYY-MM-DD) [{due.isoformat()}]:", "")
    prompt(child, "Evidence file (empty to finish):", "")
    prompt(child, READING_PROMPT.rstrip(), "0.5")
    prompt(child, REVIEW_PROMPT.rstrip(), "")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before


@pytest.mark.parametrize("kind", KINDS)
def test_a_window_dragged_to_one_column_still_asks_the_next_line(
    keyed: Terminal, kind: str
) -> None:
    """Narrowed to one column at a key question, the next question, a line, was a traceback
    (the prompt folded into lines of no width): the walk ended with exit 1."""
    screen = Resizable(keyed, 24, 80, kind)
    child = screen.inspect()
    child.expect_exact(KEY_PROMPT)
    child.setwinsize(24, 1)
    child.send("n")
    # the question, a character a line: what one column can show
    assert child.expect_exact([one_a_line("Description"), "Traceback"]) == 0, child.before
    child.send("梯子 2 损坏")
    child.setwinsize(24, 80)  # (widened before Enter: the next question is asked at 80)
    child.send("\r")
    prompt(child, "Location:", "")
    the_rest_at_their_defaults(child)
    assert findings(screen.out)[0]["description"] == "梯子 2 损坏"


def test_a_plain_terminal_narrowed_mid_walk_gets_lines_of_its_new_width(keyed: Terminal) -> None:
    """A dumb terminal's width was read once, when the walk began: narrowed from 80 columns to
    40, every later line was laid out at 80 and broken again by the terminal (the keys'
    legend and the review's choices into halves)."""
    from rich.cells import cell_len

    screen = Resizable(keyed, 24, 80, "dumb")
    child = screen.inspect()
    child.expect_exact(KEY_PROMPT)
    child.setwinsize(24, 40)
    transcript = io.StringIO()
    child.logfile_read = transcript
    child.send("y")
    prompt(child, "or a key:", "0.5")
    prompt(child, "(Enter signs):", "q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    lines = ESCAPE.sub("", transcript.getvalue()).replace("\r", "").split("\n")
    laid_out = [x for x in lines if "drafts resume" not in x]  # (a command, left whole)
    assert max(map(cell_len, laid_out)) <= 40, "\n".join(lines)
