"""Text pasted into the walk at a real terminal: one that brackets a paste (xterm) and one that
sends it as typed (a dumb terminal, a serial console)."""

from __future__ import annotations

import tomllib
from typing import Any

import pytest

from tests.test_inspect_pty import (
    GAS,
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


def _at_the_reading(keyed: Terminal, kind: str) -> Any:
    """A walk at a terminal of KIND, the first item answered `y`, the reading asked."""
    child = Screen(keyed, 24, 80, kind).inspect()
    child.delaybeforesend = None
    child.expect_exact(KEY_PROMPT)
    child.send("y")
    child.expect_exact(READING_PROMPT.rstrip())
    return child


def _quit_unsigned(child: Any, keyed: Terminal) -> str:
    """The walk ended by `q` at the review: exit 0, nothing signed, the draft holding both
    answers. Its output."""
    status, output = ended(child)
    assert status == 0, output
    assert "signed and written" not in output
    assert not keyed.out.exists()
    [draft] = keyed.drafts()
    assert draft["answered"] == 2
    return output


@pytest.mark.parametrize("kind", ["dumb", "xterm"])
def test_a_reading_pasted_with_a_windows_line_end_does_not_sign_the_review(
    keyed: Terminal, kind: str
) -> None:
    """`0.5` copied from a Windows record, pasted where the terminal sends the paste as typed:
    its CR ended the reading's line, and its LF, a second Enter, answered the review: the file
    was signed and written unseen. A CR LF is one line end."""
    child = _at_the_reading(keyed, kind)
    child.send("0.5\r\n")
    child.expect_exact(REVIEW_PROMPT.rstrip())
    child.send("q\r")
    _quit_unsigned(child, keyed)


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


@pytest.mark.parametrize("kind", ["dumb", "xterm"])
def test_an_lf_after_what_was_typed_ends_the_line_after_a_cr(keyed: Terminal, kind: str) -> None:
    """Only an LF that comes first after a line a CR ended is that line's end: a line typed or
    pasted with a Unix line end after it (`q` and its LF at the review) is ended by its LF, and
    answers; it was not waited on."""
    child = _at_the_reading(keyed, kind)
    child.send("0.5\r")
    child.expect_exact(REVIEW_PROMPT.rstrip())
    child.send("q\n")
    _quit_unsigned(child, keyed)


@pytest.mark.parametrize("kind", ["dumb", "xterm"])
def test_a_terminal_whose_enter_sends_an_lf_signs_at_the_review(keyed: Terminal, kind: str) -> None:
    """Where Enter sends an LF, every LF is Enter: the reading's line ends with it, and the
    review's Enter alone, the first key of its line, signs."""
    child = _at_the_reading(keyed, kind)
    child.send("0.5\n")
    child.expect_exact(REVIEW_PROMPT.rstrip())
    child.send("\n")
    status, output = ended(child)
    assert status == 0, output
    assert "signed and written" in output
    assert keyed.out.exists()


@pytest.mark.parametrize("kind", ["dumb", "xterm"])
def test_what_follows_an_lf_is_the_next_question_s(keyed: Terminal, kind: str) -> None:
    """Where Enter sends an LF, a reading and what is typed after it, arriving together
    (`0.5`, LF, `q`, LF), are two answers: the LF ends the reading before the `q` is read, and
    the `q` quits at the review; it was not read into the reading (`0.5q`, a unit refused)."""
    child = _at_the_reading(keyed, kind)
    child.send("0.5\nq\n")
    assert "unit" not in _quit_unsigned(child, keyed)


MARKED = "\x1b[?2004h"  # the terminal asked to mark what is pasted (bracketed paste)
REFUSED = {
    "en": "'{}' is not an answer: use one of the keys above",
    "zh": "“{}”不是有效回答：请使用上面列出的按键",
}


def _pasted(text: str) -> str:
    return f"\x1b[200~{text}\x1b[201~"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_word_pasted_at_a_key_question_is_one_answer_and_nothing_is_carried_on(
    keyed: Terminal, lang: str
) -> None:
    """`no` pasted at a key question was the key `n`, and its `o` was typed into the
    description. A terminal that marks a paste is asked to at a key question too: a paste is
    one answer there, refused unless it is one key (the question asked again), and nothing of
    it reaches the next question. One key pasted, with its line end, is that key."""
    child = Screen(keyed, 24, 120, "xterm").inspect("--lang", lang)
    child.delaybeforesend = None
    child.expect_exact(KEY_PROMPT)
    child.expect_exact(MARKED)
    child.send(_pasted("no"))
    child.expect_exact(REFUSED[lang].format("no"))
    child.expect_exact(KEY_PROMPT)
    child.expect_exact(MARKED)
    child.send(_pasted("\ufeffn\r\n"))
    child.expect_exact("隐患描述" if lang == "zh" else "Description of the hidden danger")
    child.send("\x03")
    status, output = ended(child)
    assert status == 130, output
    [draft] = keyed.drafts()
    saved = tomllib.loads((keyed.home / "drafts" / f"{draft['id']}.toml").read_text())
    assert saved.get("unfinished", {}).get(GAS, {}).get("description", "") == ""


@pytest.mark.parametrize("kind", ["dumb", "xterm"])
def test_two_lines_pasted_as_keys_answer_two_questions_each_exactly(
    keyed: Terminal, kind: str
) -> None:
    """Where the terminal does not mark a paste, what one read brings is taken at once up to
    its line end: the line before it answers the question, and what follows it is the next
    question's, as typed (CJK, combining marks, emoji; a CR LF one line end)."""
    first, second = "顶板锚杆缺失 cafe\u0301 👷🏽\u200d♀️ " * 20, "回风巷 Shaft 2 ﾃｽﾄ"
    child = Screen(keyed, 24, 80, kind).inspect()
    child.delaybeforesend = None
    child.expect_exact(KEY_PROMPT)
    child.send("n")
    child.expect_exact("Description of the hidden danger:")
    child.send(f"{first}\r\n{second}\r")
    child.expect_exact("Severity (major/general) [major]:")
    child.send("\x03")
    status, output = ended(child)
    assert status == 130, output
    [draft] = keyed.drafts()
    saved = tomllib.loads((keyed.home / "drafts" / f"{draft['id']}.toml").read_text())
    kept = saved["unfinished"][GAS]
    assert (kept["description"], kept["location"]) == (first, second)


def test_a_dumb_terminal_shows_what_is_typed_at_a_later_question_once(keyed: Terminal) -> None:
    """At a dumb terminal every line question after the first echoed each key once more for
    each line question before it: `q` typed at the review, the walk's second, showed `qq`."""
    import io

    child = _at_the_reading(keyed, "dumb")
    child.send("0.5\r")
    child.expect_exact(REVIEW_PROMPT.rstrip())
    child.logfile_read = seen = io.StringIO()
    child.send("q")
    child.expect_exact("q")
    child.send("\r")
    _quit_unsigned(child, keyed)
    assert seen.getvalue().startswith("q\r"), repr(seen.getvalue())


def test_a_dumb_terminal_writes_a_line_changed_other_than_at_its_end_again_whole(
    keyed: Terminal,
) -> None:
    """A dumb terminal cannot move its cursor back: its editor echoed each change as the one
    character before the cursor. `0.7`, Ctrl-U and `0.5` showed `0.70.5` where `0.5` was
    saved, and an earlier answer recalled with Up showed nothing. A change other than
    characters typed at the end of the line now writes the line again whole, on a new line
    after the prompt's last line: what is shown last is what Enter sends."""
    import io

    child = _at_the_reading(keyed, "dumb")
    child.logfile_read = seen = io.StringIO()
    child.send("0.7")
    child.expect_exact("0.7")
    child.send("\x15")  # Ctrl-U: the line cleared
    child.expect_exact(READING_PROMPT)
    child.send("0.5\r")
    child.expect_exact(REVIEW_PROMPT.rstrip())
    reading = seen.getvalue()
    # (each CR LF the editor writes reaches the terminal as CR CR LF: its line discipline adds one)
    assert reading.startswith(f"0.7\r\r\n{READING_PROMPT}0.5\r\r\n"), repr(reading)
    child.logfile_read = seen = io.StringIO()
    child.send("\x1b[A")  # Up: the reading, the answer before
    child.expect_exact("0.5")
    child.send("\x15")
    child.expect_exact(REVIEW_PROMPT)
    child.send("q\r")
    _quit_unsigned(child, keyed)
    review = seen.getvalue()
    assert review.startswith(f"\r\r\n{REVIEW_PROMPT}0.5\r\r\n{REVIEW_PROMPT}q\r\r\n"), repr(review)
