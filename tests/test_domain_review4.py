"""A domain review, fourth pass: what the guides and formats.md say of the loop, read against
DOMAIN §8 and against what the fold does.

DOMAIN's loop: "any open state ─► escalated(停产整顿/提请关闭/移送)": an escalation is a suspension
for rectification, a request for closure or a transfer of the case, not only a referral upwards.
"""

from __future__ import annotations

import datetime as dt

import pytest

from minecheck.core.documents import Event
from minecheck.core.loop import Hazard, SignedEvent, fold
from tests.conftest import REPO

DOCS = REPO / "docs"
REF = "3a5f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c1e/gas-overlimit"


def _row(path: str, first_cell: str) -> str:
    """The Markdown table row of `path` whose first cell holds `first_cell` and that names
    `escalated`."""
    for line in (DOCS / path).read_text(encoding="utf-8").splitlines():
        if line.startswith(f"| {first_cell}") and "`escalated`" in line:
            return line
    raise AssertionError(f"{path}: no row for escalated")


@pytest.mark.parametrize(
    ("guide", "who", "words"),
    [
        ("guide-followup.md", "the inspector", ("suspen", "closure", "transfer")),
        ("guide-followup.zh.md", "检查人员", ("停产整顿", "提请关闭", "移送")),
    ],
)
def test_the_follow_up_guide_says_what_an_escalation_is_as_domain_does(
    guide: str, who: str, words: tuple[str, ...]
) -> None:
    """The guide's table said `escalated` meant "handed to a higher authority" (移交上级部门):
    an inspector who ordered a face to stop for rectification, or asked for the mine's
    closure, was not told to record it so."""
    row = _row(guide, who)
    meaning = row.rsplit("|", 2)[1]
    for word in words:
        assert word in meaning, (guide, meaning)


def _event(action: str, day: int, note: str | None = None) -> SignedEvent:
    at = dt.datetime(2026, 11, day, 12, 0, tzinfo=dt.UTC)
    return SignedEvent(Event(REF, action, at, note=note), "insp@x.example", f"d{day}", 0, "f.toml")


def test_the_refusal_codes_table_says_a_withdrawn_one_reopens_as_the_fold_does() -> None:
    """formats.md's `reopened-not-rectified` row named rectified, accepted and closed only; the
    fold (and the follow-up guide, "nothing but reopened ... applies to a closed or withdrawn
    one") reopens a withdrawn one too."""
    hazard = Hazard(
        REF,
        True,
        "major",
        dt.date(2026, 11, 20),
        dt.datetime(2026, 11, 1, 10, 0, tzinfo=dt.UTC),
        "HLJ-0001",
    )
    events = [_event("withdrawn", 5, "recorded in error"), _event("reopened", 6)]
    statuses, rejected = fold({REF: hazard}, events, dt.date(2026, 11, 30))
    assert (statuses[REF].state, rejected) == ("rectifying", [])
    rows = [
        line
        for line in (DOCS / "formats.md").read_text(encoding="utf-8").splitlines()
        if line.startswith("| `reopened-not-rectified` |")
    ]
    assert len(rows) == 1
    assert "withdrawn" in rows[0]
