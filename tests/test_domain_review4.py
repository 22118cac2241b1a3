"""A domain review, fourth pass: what the guides and formats.md say of the loop, read against
DOMAIN §8 and against what the fold does.

DOMAIN's loop: "any open state ─► escalated(停产整顿/提请关闭/移送)": an escalation is a suspension
for rectification, a request for closure or a transfer of the case, not only a referral upwards.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from minecheck.core.documents import Event
from minecheck.core.loop import Hazard, SignedEvent, fold
from tests.conftest import REPO, Run

Cli = Callable[..., Run]

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


# A province's own checklist written from DOMAIN §7's table, whose CL-07 asks "Any mining beyond
# licence boundary/levels (survey check)?" and "Any unreported accident ...?": a `y` at the walk
# is recorded as compliant (符合), so a question that asks whether the violation is there
# records a found violation as compliance.
ASKS_FOR_VIOLATION = """\
[checklist]
id = "hlj-crackdown"
version = "2026.1"
title_zh = "打非治违专项检查"
title = "Crackdown"
purpose_zh = "打非治违。"
purpose = "Crackdown."
applies_to = ["coal-underground"]

[[section]]
id = "checks"
title_zh = "核查"
title = "Checks"

[[section.item]]
id = "boundary"
question_zh = "是否存在越界开采？"
question = "Mining stays within the licensed boundary."
severity = "general"

[[section.item]]
id = "accidents"
question_zh = "如实报告全部事故，无瞒报、谎报。"
question = "Any unreported accident (hospital, insurance, social-media cross-check)?"
severity = "general"

[[section.item]]
id = "drill"
question_zh = "是否开展冬季防灭火演练？"
question = "Is there a written rescue agreement, and are there any refuges?"
severity = "general"
"""


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "en",
            [
                "hlj-crackdown.toml:17:1: question_zh asks whether something wrong is there "
                "(是否存在…): its yes means non-compliant, but the walk records yes as "
                "compliant; state the requirement (不得…)",
                "hlj-crackdown.toml:24:1: question asks whether something wrong is there "
                "(Any …?): its yes means non-compliant, but the walk records yes as "
                "compliant; state the requirement (No …)",
            ],
        ),
        (
            "zh",
            [
                "hlj-crackdown.toml:17:1: question_zh 问的是“是否存在……”：回答“是”表示存在问题，"
                "检查时却记为符合；请改为陈述要求（不得……）",
                "hlj-crackdown.toml:24:1: question 问的是“Any …?”：回答“是”表示存在问题，"
                "检查时却记为符合；请改为陈述要求（No …）",
            ],
        ),
    ],
)
def test_a_question_that_asks_for_the_violation_is_warned_of(
    lang: str, said: list[str], cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Lint warned of 「是否未…？」 (a double negative) but not of the commoner inversion, a
    question whose yes means the violation is there (是否存在越界开采？, "Any unreported
    accident?"). A question asking plainly for what should be there is not warned of. The
    English question's remedy pointed at the Chinese form (不得…), which an author of the
    English text cannot write there: it names the English one (No …), as the Wording of
    checklist-format.md does ("No trolley-wire locomotives are used.")."""
    monkeypatch.chdir(tmp_path)
    Path("hlj-crackdown.toml").write_text(ASKS_FOR_VIOLATION, encoding="utf-8")
    result = cli(["checklists", "lint", "hlj-crackdown.toml", "--lang", lang])
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr.splitlines()[:-1] == [f"minecheck: warning: {line}" for line in said]
    warned = cli(["checklists", "lint", "--json", "hlj-crackdown.toml"]).json()
    codes = [w["code"] for w in warned["data"]["files"][0]["warnings"]]
    assert codes == ["asks-for-violation", "asks-for-violation"]
