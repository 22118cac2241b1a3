"""The walk at a terminal whose size changes while it asks: a tablet turned, a tmux pane split
or zoomed, a window dragged narrow, an SSH client resized (pexpect's `setwinsize` changes the
pseudo-terminal's size and sends SIGWINCH), and terminals of a row or a column."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import pexpect
import pytest

from tests.test_inspect_pty import KEY_PROMPT, READING_PROMPT, REVIEW_PROMPT, Terminal, findings
from tests.test_inspect_pty import keyed as keyed
from tests.test_inspect_pty import term as term
from tests.test_walk_pty import ESCAPE, LEFT, Screen, prompt

KINDS = ["dumb", "xterm"]
DRAFT_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


class Resizable(Screen):
    """A terminal of its own size: no COLUMNS or LINES, which would fix the width whatever the
    terminal's size (no shell exports them to the programs it starts)."""

    def env(self) -> dict[str, str]:
        env = super().env()
        del env["COLUMNS"], env["LINES"]
        return env


class Shown:
    """What a terminal that does not reflow its lines (xterm) shows, fed what the walk writes
    to it as its width changes: text, line ends, cursor moves (up, down, back, forward, to a
    column, Backspace) and erasing below the cursor: what the line editor draws with. A narrowed
    terminal cuts its lines at the new width; rows are counted from the first line written."""

    def __init__(self, child: Any, width: int) -> None:
        self.child, self.width = child, width
        self.rows: dict[int, list[str]] = {}
        self.y = self.x = 0
        child.logfile_read = self.transcript = io.StringIO()
        self.fed = 0

    def resize(self, rows: int, width: int) -> None:
        self.feed()
        self.child.setwinsize(rows, width)
        self.width = width
        self.rows = {r: cells[:width] for r, cells in self.rows.items()}
        self.x = min(self.x, width - 1)

    def feed(self) -> None:
        from rich.cells import cell_len

        output = self.transcript.getvalue()[self.fed :]
        self.fed += len(output)
        for text, args, command in re.findall(r"([^\x1b]+)|\x1b\[([0-9;?]*)([A-Za-z])", output):
            n = int(args) if args.isdigit() else 1
            if command in ("A", "B"):
                self.y += n if command == "B" else -n
            elif command in ("C", "D"):
                self.x = max(min(self.x + (n if command == "C" else -n), self.width - 1), 0)
            elif command == "G":
                self.x = n - 1
            elif command == "J":
                y, x = self.y, self.x
                self.rows = {r: (c[:x] if r == y else c) for r, c in self.rows.items() if r <= y}
            for char in text:
                if char == "\r":
                    self.x = 0
                elif char == "\b":
                    self.x = max(self.x - 1, 0)
                elif char == "\n":
                    self.y += 1
                elif char.isprintable():
                    cells = cell_len(char)
                    row = self.rows.setdefault(self.y, [])
                    row.extend(" " * (self.x + cells - len(row)))
                    row[self.x : self.x + cells] = [char, *[""] * (cells - 1)]  # (wide: two)
                    self.x = min(self.x + cells, self.width - 1)

    def lines(self) -> list[str]:
        self.feed()
        if not self.rows:
            return []
        first, last = min(self.rows), max(self.rows)
        return ["".join(self.rows.get(r, [])).rstrip() for r in range(first, last + 1)]

    def ending(self, last: list[str]) -> list[str]:
        """The lines shown once they end in `last` (each drawing waited for); or, should they
        never (a hang guard, not a timing), as they were last drawn."""
        while (lines := self.lines())[-len(last) :] != last:
            try:
                self.child.expect(r"\x1b\[\?25h")  # the cursor shown again: a drawing done
            except pexpect.TIMEOUT:
                break
        return lines


def one_a_line(text: str) -> str:
    """A pattern for `text` as written to a terminal of one or two columns, which shows it a
    character a line: line ends, or the line editor's cursor moves, between its characters,
    or none where the terminal breaks the line itself."""
    between = r"(?:\x1b\[[0-9;?]*[A-Za-z]|\r|\n)*"
    return between.join(map(re.escape, text))


def the_rest_at_their_defaults(child: Any) -> None:
    """The finding's fields after its location, left at their defaults; the reading given;
    signed at the review: exit 0."""
    prompt(child, "Severity (major/general) [major]:", "")
    prompt(child, "Rectification measures:", "")
    prompt(child, "Responsible unit / person:", "")
    prompt(child, "Enforcement order:", "")
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
    assert child.expect([one_a_line("danger"), "Traceback"]) == 0, child.before
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
    # (the message naming the draft and the command to resume it: a message is written whole,
    # its command on a line of its own, and the id alone is 36 columns)
    laid_out = [x for x in lines if not DRAFT_ID.search(x)]
    assert max(map(cell_len, laid_out)) <= 40, "\n".join(lines)


def test_a_line_editor_narrowed_and_widened_folds_its_question_between_words(
    keyed: Terminal,
) -> None:
    """The line editor draws its line again when the terminal changes size; its question,
    folded when it was first shown, was drawn again broken in the middle of a word
    ("Description of the hidden dan|ger:"), and the cursor's line (all a braille display
    shows) began with the end of a word. What was typed is kept as typed."""
    screen = Resizable(keyed, 24, 80, "xterm")
    child = screen.inspect()
    shown = Shown(child, 80)
    child.expect_exact(KEY_PROMPT)
    child.send("n")
    child.expect_exact("Description of the hidden danger:")
    child.send("Shaft 2 laddr" + LEFT + "e")
    typed = ["Description of the hidden danger: Shaft 2 ladder"]
    assert shown.ending(typed)[-1:] == typed
    shown.resize(24, 30)
    narrow = ["Description", "of the hidden danger: Shaft 2", "ladder"]
    assert shown.ending(narrow)[-3:] == narrow
    shown.resize(24, 100)
    assert shown.ending(typed)[-1:] == typed
    child.send("\r")
    prompt(child, "Location:", "")
    the_rest_at_their_defaults(child)
    assert findings(screen.out)[0]["description"] == "Shaft 2 ladder"


SIZES = [(5, 20), (1, 10), (24, 1), (1, 1), (40, 300), (12, 33), (24, 80)]


@pytest.mark.parametrize(("kind", "lang"), [("dumb", "en"), ("xterm", "zh")])
def test_keys_and_a_line_typed_in_a_storm_of_resizes_are_all_taken(
    keyed: Terminal, kind: str, lang: str
) -> None:
    """A pane zoomed and split, a window dragged, again and again while the inspector types
    ahead: every key reaches the question it was meant for (guidance, skip, a reading, the
    skipped item that comes back, the review), each between fifteen changes of size, down to
    one row and one column and up to 300 columns."""
    screen = Resizable(keyed, 24, 80, kind)
    child = screen.inspect("--lang", lang)
    child.delaybeforesend = None
    child.expect_exact(KEY_PROMPT)
    for n, key in enumerate("?s0.5\rn"):
        for size in (SIZES * 3)[n : n + 15]:
            child.setwinsize(*size)
        child.send(key)
    child.setwinsize(24, 80)
    child.expect(["隐患描述", "Description of the hidden danger"])
    child.send("梯子损坏 ladder broken\r" + "\r" * 7)  # the rest at their defaults
    child.expect(["您的选择", "Your choice"])
    child.send("\r")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    gas, methane = findings(screen.out)[:2]
    assert (gas["result"], gas["description"]) == ("noncompliant", "梯子损坏 ladder broken")
    assert methane["reading"]["value"] == 0.5


@pytest.mark.parametrize("kind", KINDS)
def test_a_review_drawn_a_few_columns_wide_shows_every_character_to_be_signed(
    keyed: Terminal, kind: str
) -> None:
    """Narrowed to five columns before the review (a pane squeezed beside another), the
    review listed each finding's fields under a four-cell indent, and what was left, one cell,
    holds no Chinese character: the grade and the description were blank lines, signed
    unseen."""
    screen = Resizable(keyed, 24, 80, kind)
    child = screen.inspect("--lang", "zh")
    child.expect_exact(KEY_PROMPT)
    child.send("n")
    child.expect_exact("隐患描述")
    child.send("梯子损坏需更换\r" + "\r" * 7)  # the rest at their defaults
    child.expect_exact("或按键")  # the reading
    child.setwinsize(24, 5)
    child.logfile_read = transcript = io.StringIO()
    child.send("0.5\r")
    child.send("q\r")  # (typed ahead: the review's answer, saved and quit)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    review = ESCAPE.sub("", transcript.getvalue())
    review = review[review.index("复") :]  # (复核, the review: a character a line here)
    for said in ("重大", "梯子损坏需更换", "隐患描述"):
        assert all(character in review for character in said), review


@pytest.mark.parametrize("kind", KINDS)
def test_questions_two_columns_wide_show_every_chinese_character(
    keyed: Terminal, kind: str
) -> None:
    """At two columns a line question's prompt was folded into lines of one cell, and at up
    to five a key question was (room kept for "> " and the key): no Chinese character fits one
    cell, and the questions were blank lines."""
    screen = Resizable(keyed, 24, 80, kind)
    child = screen.inspect("--lang", "zh")
    child.expect_exact(KEY_PROMPT)
    child.setwinsize(24, 2)
    child.logfile_read = transcript = io.StringIO()
    child.send("s")  # skipped: it comes back after the reading, asked at two columns
    child.send("0.5\r")  # (typed ahead: the reading)
    child.expect(one_a_line("回风流中"))  # the reading's question
    child.send("q")  # saved, to quit
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    shown = ESCAPE.sub("", transcript.getvalue())
    for said in ("请输入", "读数", "或按键", "瓦斯检查是否真实"):
        assert all(character in shown for character in said), shown
