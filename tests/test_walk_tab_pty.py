"""A tab in the walk's free text, typed (the Tab key) or pasted from a spreadsheet's cells: a
space, at every question that asks for text, in a real terminal."""

from __future__ import annotations

import pytest

from tests.test_inspect_pty import (
    KEY_PROMPT,
    READING_PROMPT,
    REVIEW_PROMPT,
    Terminal,
    draft_id,
    ended,
    findings,
    keyed,
    term,
)
from tests.test_walk_pty import Screen, prompt

__all__ = ["keyed", "term"]  # fixtures
PASTE = "\x1b[200~{}\x1b[201~"  # what a terminal that brackets a paste sends


@pytest.mark.parametrize("kind", ["dumb", "xterm"])
def test_a_tab_typed_or_pasted_into_the_walks_text_is_a_space(keyed: Terminal, kind: str) -> None:
    """The Tab key in a description did nothing (`Shaft 2ladder`): the line editor's Tab
    completes, and a text has nothing to complete. A tab pasted from a spreadsheet was kept
    and signed, shown `\\u0009` at a terminal. Both are a space now, in each text asked."""
    screen = Screen(keyed, 24, 80, kind)
    child = screen.inspect()
    draft_id(child)
    child.expect_exact(KEY_PROMPT)
    child.send("n")
    child.expect_exact("Description of the hidden danger:")
    child.send("Shaft 2")
    child.send("\t")  # the Tab key, alone
    prompt(child, "", "ladder")
    pasted = PASTE.format("回风巷\t风量不足") if kind == "xterm" else "回风巷\t风量不足"
    prompt(child, "Location:", pasted)
    prompt(child, "Severity (major/general) [major]:", "")
    prompt(child, "Rectification measures:", "repair\tladder")  # typed at once
    prompt(child, "Responsible unit / person:", "")
    prompt(child, "Enforcement order:", "")
    prompt(child, "Deadline (YYYY-MM-DD) [", "")
    prompt(child, "Evidence file (empty to finish):", "")
    prompt(child, READING_PROMPT.rstrip(), "0.8%")
    prompt(child, REVIEW_PROMPT.rstrip(), "")
    status, text = ended(child)
    assert status == 0, text
    gas = findings(screen.out)[0]
    said = (gas["description"], gas["location"], gas["measures"])
    assert said == ("Shaft 2 ladder", "回风巷 风量不足", "repair ladder")
