"""A walk through a checklist of hundreds of items: the work after one answer does not grow
with the answers already given."""

from __future__ import annotations

from pathlib import Path

import pytest
import tomli_w

from minecheck.core.checklist import Checklist, load_checklist
from minecheck.core.documents import Finding, ReadingValue
from minecheck.session import draft as drafts
from minecheck.session.draft import Draft
from tests.test_session_unit import CHECKLIST, TODAY, full_draft, new_draft

ANSWERS = 600


@pytest.fixture(scope="module")
def checklist() -> Checklist:
    return load_checklist(CHECKLIST)


def answered(d: Draft, count: int, start: int = 0) -> None:
    for n in range(start, start + count):
        item = f"p{n:04d}-check"
        reading = ReadingValue(0.5, "%CH4", None, 1.0) if n % 10 == 3 else None
        note = "no evidence: kept by the mine" if n % 5 == 0 else None
        d.answers[item] = Finding(item, "compliant", reading=reading, note=note)
        d.history.append(item)


def test_a_draft_is_written_as_tomli_w_writes_it(checklist: Checklist, tmp_path: Path) -> None:
    """The draft's text is the same, made whole or from the answers' tables kept between saves,
    however the draft changes between two saves."""
    d = full_draft(checklist, tmp_path)
    empty = new_draft(checklist, tmp_path / "out.toml")
    for draft in (empty, d):
        for change in range(4):
            if change == 1:
                answered(draft, 3)
            elif change == 2:  # an answer given again, one removed
                first = next(iter(draft.answers))
                draft.answers[first] = Finding(first, "not-applicable", note="again")
                del draft.answers[next(reversed(draft.answers))]
            elif change == 3:
                draft.unfinished.clear()
            assert draft.to_toml() == tomli_w.dumps(draft.to_dict())


def test_one_more_answer_makes_one_answer_table(
    checklist: Checklist, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The draft is saved after every answer; the answers already saved are not made into
    TOML again (at 1,000 answers that was 20 ms of every answer's wait, growing with each)."""
    d = new_draft(checklist, tmp_path / "out.toml")
    answered(d, ANSWERS)
    drafts.save(tmp_path, d)
    made: list[str] = []
    real = drafts._finding_dict

    def counted(finding: Finding) -> dict[str, object]:
        made.append(finding.item)
        return real(finding)

    monkeypatch.setattr(drafts, "_finding_dict", counted)
    answered(d, 1, start=ANSWERS)
    drafts.save(tmp_path, d)
    assert made == [f"p{ANSWERS:04d}-check"]
    d.answers["p0007-check"] = Finding("p0007-check", "noncompliant", description="again")
    drafts.save(tmp_path, d)
    assert made == [f"p{ANSWERS:04d}-check", "p0007-check"]
    text = drafts.draft_path(tmp_path, d.id).read_text(encoding="utf-8")
    assert text == tomli_w.dumps(d.to_dict())
    assert drafts.load(drafts.draft_path(tmp_path, d.id)).answers == d.answers


@pytest.mark.parametrize(
    ("lang", "legend"),
    [
        (
            "en",
            "y compliant · n non-compliant · a not applicable · s keep the earlier answer"
            " · b back · ? guidance · q save and quit",
        ),
        (
            "zh",
            "y 符合 · n 不符合 · a 不适用 · s 保留原回答 · b 返回上一条 · ? 检查要点"
            " · q 保存并退出",
        ),
    ],
    ids=["en", "zh"],
)
def test_an_item_answered_again_says_s_keeps_the_earlier_answer(
    checklist: Checklist, monkeypatch: pytest.MonkeyPatch, lang: str, legend: str
) -> None:
    """Gone back many items (`b`), the inspector comes forward again through answers already
    given; `s` there keeps each as it is (the legend said "skip", which at the first pass means
    "ask again at the end"; an inspector pressing `y` instead to get on made a non-compliance
    compliant)."""
    import io

    from rich.console import Console

    from minecheck.cli import _prompter
    from minecheck.i18n import set_language
    from minecheck.session.walk import Step

    set_language(lang)
    monkeypatch.setattr(_prompter, "read_key", lambda: "s")
    item = checklist.sections[0].items[0]
    earlier = Finding(item.id, "noncompliant", description="ladder broken")
    first_pass = legend.replace("s keep the earlier answer", "s skip").replace(
        "s 保留原回答", "s 跳过"
    )
    for step, said in (
        (Step(item, 1, 2, "Gas", earlier, revisit=True), legend),
        (Step(item, 1, 2, "Gas", None), first_pass),
    ):
        out = io.StringIO()
        prompter = _prompter.RichPrompter(Console(file=out, width=200, no_color=True), lang, TODAY)
        assert prompter.ask(step).command == "skip"
        assert said in out.getvalue().splitlines()


def _reviewed(height: int, answered: int, noncompliant_every: int) -> list[str]:
    import io

    from rich.console import Console

    from minecheck.cli import _prompter
    from minecheck.session.walk import Review

    ids = [f"p{n:04d}-check" for n in range(1, 1001)]
    findings = tuple(
        Finding(i, "noncompliant", severity="general", description=f"log {n} missing")
        if n % noncompliant_every == 0
        else Finding(i, "compliant")
        for n, i in enumerate(ids[:answered], 1)
    )
    out = io.StringIO()
    console = Console(file=out, width=100, height=height, no_color=True)
    prompter = _prompter.RichPrompter(console, "en", TODAY)
    prompter._line = lambda label, default=None, **kw: ""  # type: ignore[method-assign]
    review = Review(findings, tuple(ids[answered:]), {i: n for n, i in enumerate(ids, 1)})
    assert prompter.review(review) == "sign"
    return [line.rstrip() for line in out.getvalue().splitlines()]


def test_a_long_review_counts_the_items_not_answered_and_ends_with_the_counts() -> None:
    """At the review of 1,000 items, 77 non-compliant rows and 300 ids not answered fill many
    screens: the counts (the items not answered among them) are said again above the choice,
    where the inspector about to sign sees them."""
    lines = _reviewed(40, 700, 9)
    counts = "Review: 623 compliant, 77 non-compliant, 300 not answered"
    assert lines[1] == counts
    assert lines[-2:] == [
        counts,
        "Enter to sign and write · an item's number or id to answer it again · q to save and quit",
    ]
    # each item not answered by the number the choice takes (an id like p0701-check was
    # typed whole, or its number counted out from the last row shown)
    listed = next(ln for ln in lines if ln.startswith("not answered"))
    assert listed.startswith(
        "not answered (will be recorded as not-checked): 701 p0701-check, 702 p0702-check, 703"
    )
    short = _reviewed(40, 1000, 200)  # a review that fits the screen says them once
    assert short.count("Review: 995 compliant, 5 non-compliant") == 1
