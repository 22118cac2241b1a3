"""A command a message hands the user stands on a line of its own: copied from the screen of a
terminal of 40 columns, the line that holds it runs.

The walk is stopped in a pseudo-terminal 40 columns wide (by `q`, which saves the draft, and by
Ctrl-C), in English and in Chinese; the screen is rebuilt by a terminal emulator (pyte), and a
line is copied as most terminals copy it: a row the terminal folded is one line with the next.
"""

from __future__ import annotations

import shlex

import pexpect
import pyte
import pytest

from tests.test_inspect_pty import Terminal, draft_id, key, keyed, term

__all__ = ["keyed", "term"]  # (the fixtures of the walk's terminal)

WIDTH = 40
ROWS = 200  # every line the walk writes stays on the screen (nothing scrolls away)
QUESTION = {"en": "Are gas checks done and genuine?", "zh": "瓦斯检查是否真实、无漏检假检？"}
# (the reading's prompt is laid out in lines at 40 columns: its end is on one)
READING = {"en": "or a key: ", "zh": "或按键："}


class Screen(pyte.Screen):
    """A terminal's screen that remembers which rows it folded (a line longer than a row goes
    on at the next one) and which ended where the program ended a line."""

    def __init__(self, columns: int, lines: int) -> None:
        super().__init__(columns, lines)
        self.folded: set[int] = set()
        self._drawing = False

    def draw(self, data: str) -> None:
        self._drawing = True
        try:
            super().draw(data)
        finally:
            self._drawing = False

    def linefeed(self) -> None:
        if self._drawing:  # (the fold: the row was full and a character came)
            self.folded.add(self.cursor.y)
        super().linefeed()

    def copied_lines(self) -> list[str]:
        """The screen's lines as a terminal copies them: a folded row joined to the next."""
        lines: list[str] = []
        joined = ""
        for row, shown in enumerate(self.display):
            joined += shown  # (a folded row is full: its last blank is the line's)
            if row not in self.folded:
                lines.append(joined.rstrip())
                joined = ""
        return lines


def screen_of(output: str) -> Screen:
    screen = Screen(WIDTH, ROWS)
    stream = pyte.Stream(screen)
    stream.feed(output.replace("\r\n", "\n").replace("\n", "\r\n"))
    return screen


@pytest.fixture
def narrow(keyed: Terminal) -> Terminal:
    keyed.width = WIDTH
    keyed.rows = ROWS
    return keyed


def stopped(term: Terminal, lang: str, stop: str) -> tuple[str, str, int]:
    """The walk begun, the first question answered, stopped at the reading by `stop`: the
    draft's id, what the terminal was given and the exit status."""
    child = term.inspect("--lang", lang)
    kept = draft_id(child)
    key(child, "y", question=QUESTION[lang])
    child.expect_exact(READING[lang])
    if stop == "q":
        child.sendline("q")
    else:
        child.sendintr()
    child.expect(pexpect.EOF)
    output: str = child.before
    child.close()
    assert child.exitstatus == (0 if stop == "q" else 130), output
    return kept, output, child.exitstatus


def command_copied(screen: Screen) -> list[str]:
    """The words of the one line on the screen that holds the resume command, copied whole."""
    [holding] = [each for each in screen.copied_lines() if "drafts resume" in each]
    return shlex.split(holding)


@pytest.mark.parametrize("stop", ["q", "ctrl-c"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_resume_command_copied_from_a_40_column_screen_runs(
    narrow: Terminal, lang: str, stop: str
) -> None:
    kept, output, _ = stopped(narrow, lang, stop)
    words = command_copied(screen_of(output))
    assert words == ["minecheck", "drafts", "resume", kept]

    # what was copied, run as a user runs it: the draft is taken up where it was left
    child = narrow.spawn(*words[1:])
    assert draft_id(child) == kept
    child.expect_exact(READING[lang])
    child.sendline("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert [each["id"] for each in narrow.drafts()] == [kept]
