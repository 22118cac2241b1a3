"""The person-facing review table: Chinese text lines up, untrusted text stays inert."""

from __future__ import annotations

import datetime as dt
import io
import sys
from typing import Any, Literal

import pytest
from rich.cells import cell_len
from rich.console import Console

from minecheck.cli._prompter import RichPrompter
from minecheck.cli._render import FIELD_LABELS
from minecheck.core.checklist import Item
from minecheck.core.documents import Finding
from minecheck.session.rules import AnswerSpec
from minecheck.session.walk import Review, Step


def review_text(
    findings: tuple[Finding, ...], monkeypatch: pytest.MonkeyPatch, width: int = 100
) -> str:
    out = io.StringIO()
    # as the walk's own console (cli._output: messages soft-wrapped, left to the terminal)
    console = Console(file=out, width=width, no_color=True, highlight=False, soft_wrap=True)
    monkeypatch.setattr("sys.stdin", io.StringIO("\n"))
    choice = RichPrompter(console, "zh", dt.date(2026, 11, 29)).review(Review(findings, ()))
    assert choice == "sign"
    return out.getvalue()


def test_cjk_rows_line_up(monkeypatch: pytest.MonkeyPatch) -> None:
    findings = (
        Finding(
            "gas-a",
            "noncompliant",
            severity="major",
            deadline=dt.date(2026, 12, 29),
            description="回风巷风量不足",
        ),
        Finding(
            "b",
            "noncompliant",
            severity="general",
            deadline=dt.date(2026, 12, 6),
            description="plain ASCII",
        ),
        Finding("c", "compliant"),
    )
    text = review_text(findings, monkeypatch)
    rows = [ln for ln in text.splitlines() if "2026-" in ln or "DEADLINE" in ln]
    assert len(rows) == 3
    columns = {cell_len(ln[: ln.index("DEADLINE" if "DEADLINE" in ln else "2026-")]) for ln in rows}
    assert len(columns) == 1
    descriptions = {
        cell_len(ln[: ln.index(d)])
        for ln in rows
        for d in ("DESCRIPTION", "回风巷", "plain")
        if d in ln
    }
    assert len(descriptions) == 1


def test_review_text_is_inert(monkeypatch: pytest.MonkeyPatch) -> None:
    evil = "[bold red]x[/] \x1b[2J \u202eabc"
    text = review_text(
        (Finding("a", "noncompliant", severity="major", description=evil),), monkeypatch
    )
    assert "\x1b" not in text
    assert "\u202e" not in text
    assert "[bold red]x[/]" in text


def test_a_deadline_is_never_broken_in_a_narrow_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    findings = (
        Finding(
            "ventilation-airflow-working-face",
            "noncompliant",
            severity="major",
            deadline=dt.date(2026, 12, 31),
            description="回风巷风量不足，局部通风机未按规定安设",
        ),
    )
    text = review_text(findings, monkeypatch, width=40)
    assert "2026-12-31" in text


def _details(item: Item, typed: str, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> AnswerSpec:
    console = Console(file=io.StringIO(), width=80, no_color=True)
    monkeypatch.setattr("sys.stdin", io.StringIO(typed))
    prompter = RichPrompter(console, "en", dt.date(2026, 11, 29))
    step = Step(item, 1, 1, "Section", None)
    return prompter.details(step, "noncompliant", None)


def test_the_severity_is_asked_only_where_the_item_can_be_major(
    monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    """An item citing no situation the criteria list is general: there is nothing to choose."""
    general = Item("org", "s", "Is there a unit?", "是否设有机构？", "general", basis=("HM24",))
    spec = _details(general, "no unit\nlevel 2\nset one up\nthe mine\n\n\n\n", monkeypatch, capsys)
    prompts = capsys.readouterr().err
    assert "Severity" not in prompts
    assert (spec.severity, spec.measures, spec.responsible) == ("general", "set one up", "the mine")

    listed = Item("gas", "s", "Gas checks?", "瓦斯检查？", "general", basis=("CMHD-5.1",))
    typed = "missed\nface 3\nmajor\nrecheck\nthe mine\n\n\n\n"
    spec = _details(listed, typed, monkeypatch, capsys)
    assert "Severity (major/general) [general]: " in capsys.readouterr().err
    assert (spec.severity, spec.measures, spec.responsible) == ("major", "recheck", "the mine")


def _again(
    item: Item, earlier: Finding, typed: str, monkeypatch: pytest.MonkeyPatch
) -> tuple[AnswerSpec, str]:
    """The finding's fields asked again over an earlier answer (`b`, or its number at the
    review); the prompts as shown, and the answer."""
    out = io.StringIO()
    console = Console(file=out, width=80, no_color=True)
    monkeypatch.setattr("sys.stdin", io.StringIO(typed))
    prompter = RichPrompter(console, "en", dt.date(2026, 11, 29))
    step = Step(item, 1, 1, "Section", earlier, revisit=True)
    return prompter.details(step, "noncompliant", None), out.getvalue()


def test_enter_over_an_earlier_answer_keeps_its_grade_and_reason(
    monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    """A grade is never changed by Enter alone: a raised general item stays major, a lowered
    major one stays general with its reason."""
    due = dt.date(2026, 12, 29)
    general = Item("plan", "s", "A water plan?", "防治水计划？", "general", basis=("CMHD-10.1",))
    raised = Finding("plan", "noncompliant", severity="major", description="no plan", deadline=due)
    spec, _ = _again(general, raised, "\n" * 8, monkeypatch)
    assert "Severity (major/general) [major]: " in capsys.readouterr().err
    assert (spec.severity, spec.severity_reason, spec.deadline) == ("major", None, due)

    major = Item("goaf", "s", "Goaf water?", "采空区积水？", "major", basis=("CMHD-10.1",))
    lowered = Finding(
        "goaf",
        "noncompliant",
        severity="general",
        severity_reason="work stopped, water mapped",
        description="goaf water",
        deadline=due,
    )
    spec, _ = _again(major, lowered, "\n" * 9, monkeypatch)
    prompts = capsys.readouterr().err
    assert "Severity (major/general) [general]: " in prompts
    assert "Reason for lowering the severity [work stopped, water mapped]: " in prompts
    assert (spec.severity, spec.severity_reason) == ("general", "work stopped, water mapped")


def test_the_inspectors_line_breaks_show_as_line_breaks_in_the_review(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """What the inspector typed on two lines is read on two lines before signing; any other
    control character stays made visible."""
    text = review_text(
        (Finding("a", "noncompliant", severity="major", description="第一行\n第二行\x1b[2J"),),
        monkeypatch,
    )
    assert "\\u000a" not in text
    lines = text.splitlines()
    first = next(n for n, ln in enumerate(lines) if "第一行" in ln)
    assert "第二行\\u001b[2J" in lines[first + 1]
    assert "\x1b" not in text


@pytest.mark.parametrize("width", [30, 36, 40, 44, 48])
def test_a_narrow_review_shows_every_field_of_every_finding(
    monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    """Too narrow for the table, the review stacks each finding's fields one to a line:
    nothing to be signed is left out, however long (each line was cropped at the edge)."""
    description = "经查，该矿1201采煤工作面采空区积水情况未探明，未编制探放水设计；" + (
        "防治水措施未落实。"
    )
    findings = (
        Finding(
            "water-goaf",
            "noncompliant",
            severity="major",
            deadline=dt.date(2027, 1, 1),
            description=description,
        ),
    )
    text = review_text(findings, monkeypatch, width=width)
    flat = "".join(ln.strip() for ln in text.splitlines())
    for shown in ("water-goaf", "major", "2027-01-01", description):
        assert shown in flat, text
    assert "2027-01-01" in text  # a date is never broken over lines


def test_the_review_reads_as_chinese_in_chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    """Counts after their word, full-width punctuation: no half-English line."""
    from minecheck.i18n import set_language

    findings = (
        Finding("a", "noncompliant", severity="major", description="x"),
        Finding("b", "compliant"),
        Finding("c", "compliant"),
    )
    set_language("zh")
    try:
        out = io.StringIO()
        console = Console(file=out, width=100, no_color=True, highlight=False)
        monkeypatch.setattr("sys.stdin", io.StringIO("\n"))
        RichPrompter(console, "zh", dt.date(2026, 11, 29)).review(Review(findings, ("d", "e")))
        item = Item("a", "s", "Q?", "问？", "major", basis=("CMHD-5.1",))
        prompter = RichPrompter(console, "zh", dt.date(2026, 11, 29))
        monkeypatch.setattr("minecheck.cli._prompter.read_key", lambda: "q")
        prompter.ask(Step(item, 1, 1, "节", findings[0], revisit=True))
    finally:
        set_language("en")
    text = out.getvalue()
    assert "复核：符合 2 项，不符合 1 项，未作答 2 项\n" in text
    assert "未作答（将记为未检查）：d、e\n" in text  # (listed as Chinese lists names)
    assert "（原答案：不符合）\n" in text
    assert "b 返回上一条 ·" in text


def test_a_deadline_that_names_no_day_is_said_to_be_none(
    monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    """2027-02-29 is written like a date: the walk says February 2027 has 28 days (it said
    "not a date like 2026-12-06"), and takes the next answer in the Chinese form."""
    out = io.StringIO()
    console = Console(file=out, width=80, no_color=True)
    general = Item("org", "s", "Is there a unit?", "是否设有机构？", "general", basis=("HM24",))
    typed = "no unit\nlevel 2\nset one up\nthe mine\n\n2027-02-29\n2027年3月1日\n\n"
    monkeypatch.setattr("sys.stdin", io.StringIO(typed))
    prompter = RichPrompter(console, "en", dt.date(2026, 11, 29))
    spec = prompter.details(Step(general, 1, 1, "Section", None), "noncompliant", None)
    assert spec.deadline == dt.date(2027, 3, 1)
    said = out.getvalue() + capsys.readouterr().err
    assert "'2027-02-29' is no day of the calendar: 2027-02 has 28 days" in said
    assert "not a date like" not in said


def _checking(folder: Any, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """A prompter's arguments that check evidence as the walk does, with `folder` both the
    findings directory and the current one (the test is moved there)."""
    from minecheck.session.rules import evidence_resolver

    monkeypatch.chdir(folder)
    return {"check_evidence": evidence_resolver(folder, folder), "evidence_root": folder}


def _checking_prompter(
    folder: Any, monkeypatch: pytest.MonkeyPatch, typed: str | None = None
) -> tuple[RichPrompter, io.StringIO]:
    """A prompter checking evidence in `folder` (see `_checking`), at 200 columns, `typed` the
    input where given, and what it says."""
    out = io.StringIO()
    console = Console(file=out, width=200, no_color=True)
    prompter = RichPrompter(console, "en", dt.date(2026, 11, 29), **_checking(folder, monkeypatch))
    if typed is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(typed))
    return prompter, out


def _without_evidence(
    typed: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Any, capsys: Any
) -> tuple[tuple[str, ...], str | None, str]:
    """The evidence of an item that requires it, asked in `tmp_path` (the findings directory
    and the current one): the files, the reason, and what was said."""
    prompter, out = _checking_prompter(tmp_path, monkeypatch, typed)
    item = Item("gas", "s", "Gas checks?", "瓦斯检查？", "major", evidence="required")
    files, reason = prompter.evidence(Step(item, 1, 1, "Section", None))
    return files, reason, out.getvalue() + capsys.readouterr().err


def test_a_file_given_for_the_reason_is_the_evidence(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any, capsys: Any
) -> None:
    """Enter at the file prompt of an item that requires evidence asks why there is none; a
    file named (or dropped) there is the evidence, and the file prompt is back."""
    (tmp_path / "board 1.jpg").write_bytes(b"photo")
    typed = "\n\n'board 1.jpg' \n\n"  # Enter, Enter (a reason is needed), a dropped file, Enter
    files, reason, said = _without_evidence(typed, monkeypatch, tmp_path, capsys)
    assert (files, reason) == (("board 1.jpg",), None)
    assert "a reason is needed, or the evidence file: type or drop its path" in said
    assert "'board 1.jpg' is taken as evidence" in said
    assert "  1. board 1.jpg" in said  # the file prompt again, the file listed


def test_a_reason_is_kept_as_typed_and_a_refused_file_is_not_a_reason(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any, capsys: Any
) -> None:
    inside = tmp_path / "findings"
    inside.mkdir()
    (tmp_path / "outside.jpg").write_bytes(b"photo")
    # a file outside the findings directory is refused as at the file prompt (and the file
    # prompt is back), not taken as the reason; words that name no file are the reason, as typed
    typed = "\n../outside.jpg\n\n  camera not allowed  underground \n"
    files, reason, said = _without_evidence(typed, monkeypatch, inside, capsys)
    assert (files, reason) == ((), "  camera not allowed  underground ")
    assert "evidence ../outside.jpg is outside" in said
    # a directory's name is no file ("." or ".." is a reason, however short)
    (inside / "photos").mkdir()
    files, reason, said = _without_evidence("\nphotos\n", monkeypatch, inside, capsys)
    assert (files, reason) == ((), "photos")


@pytest.mark.parametrize(
    ("lang", "bounds", "typed", "said"),
    [
        ("en", {"below": 1.0}, "1", "1 %CH4 reaches the limit < 1 %CH4 → non-compliant"),
        ("en", {"min": 18.5}, "17", "17 %CH4 is below the limit ≥ 18.5 %CH4 → non-compliant"),
        (
            "en",
            {"above": 0.5, "max": 1.0},
            "0.5",
            "0.5 %CH4 reaches the limit ≤ 1, > 0.5 %CH4 → non-compliant",
        ),
        ("zh", {"below": 1.0}, "1", "1 %CH4 达到限值 < 1 %CH4 → 不符合"),
        ("zh", {"min": 18.5}, "17", "17 %CH4 低于限值 ≥ 18.5 %CH4 → 不符合"),
    ],
)
def test_a_reading_that_reaches_or_falls_below_its_limit_is_said_so(
    lang: str,
    bounds: dict[str, float],
    typed: str,
    said: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`y` on an item judged by its reading is refused with a reason; a value on a strict
    bound (`below`, `above`) reaches it, one under a `min` is below it: both non-compliant, said
    in the walk's language."""
    from minecheck.core.checklist import Reading
    from minecheck.i18n import set_language
    from minecheck.session.walk import Reply

    set_language(lang)
    out = io.StringIO()
    console = Console(file=out, width=200, no_color=True)
    monkeypatch.setattr("sys.stdin", io.StringIO(f"y\n{typed}\n"))
    item = Item("gas", "s", "Methane?", "瓦斯浓度？", "major", reading=Reading("%CH4", **bounds))
    prompter = RichPrompter(console, lang, dt.date(2026, 11, 29))
    reply = prompter.ask(Step(item, 1, 1, "Section", None))
    assert reply == Reply(reading=float(typed))
    shown = out.getvalue()
    refused = (
        "本条目按读数判定：请输入数值"
        if lang == "zh"
        else ("this item is judged by its reading: type the value")
    )
    assert refused in shown.splitlines()
    assert said in shown.splitlines()


def _kept(
    item: Item,
    typed: str,
    monkeypatch: pytest.MonkeyPatch,
    reading: float | None = None,
    **prompter_args: Any,
) -> tuple[AnswerSpec | None, dict[str, object], str]:
    """A non-compliant answer's fields typed at the prompts: the answer (None where the input
    ended before it was whole), each field as kept for the draft, and what was said."""
    out = io.StringIO()
    console = Console(file=out, width=200, no_color=True)
    monkeypatch.setattr("sys.stdin", io.StringIO(typed))
    kept: dict[str, object] = {}
    step = Step(item, 1, 1, "Section", None, keep=kept.__setitem__)
    prompter = RichPrompter(console, "en", dt.date(2026, 11, 29), **prompter_args)
    try:
        spec: AnswerSpec | None = prompter.details(step, "noncompliant", reading)
    except KeyboardInterrupt:
        spec = None
    return spec, kept, out.getvalue()


LISTED = Item("gas", "s", "Gas checks?", "瓦斯检查？", "general", basis=("CMHD-5.1",))


@pytest.mark.parametrize(
    ("typed", "severity"),
    [("m", "major"), ("g", "general"), ("MAJOR", "major"), ("一般", "general")],
)
def test_a_severity_typed_as_its_letter_or_in_capitals_is_taken(
    typed: str, severity: str, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    """`m`, `g`, `MAJOR` and the Chinese word are each a grade, taken at once (no "asked again")."""
    spec, _, said = _kept(LISTED, f"missed\nface 3\n{typed}\n\n\n\n\n\n", monkeypatch)
    assert spec is not None
    assert spec.severity == severity
    assert "the severity is major" not in said + capsys.readouterr().err


def test_a_mistyped_severity_is_asked_again_not_taken_as_the_default(
    monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    """`majr` is no grade: the walk says so and asks again (it is never the default)."""
    spec, kept, said = _kept(LISTED, "missed\nface 3\nmajr\nmajor\n\n\n\n\n\n", monkeypatch)
    assert spec is not None
    assert spec.severity == "major"
    assert "'majr': the severity is major (重大) or general (一般)" in said.splitlines()
    assert kept["severity"] == "major"


def test_a_deadline_that_is_no_date_or_is_past_is_asked_again(
    monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    """Words and a past day at the deadline are each refused with the reason, and the next
    line is the deadline (a refused line once ended the question with no deadline)."""
    typed = "no unit\nlevel 2\n\nset one up\nthe mine\n\nnext week\n2026-11-28\n2026-12-24\n\n"
    spec, kept, said = _kept(LISTED, typed, monkeypatch)
    assert spec is not None
    assert spec.deadline == dt.date(2026, 12, 24)
    lines = said.splitlines()
    assert "'next week' is not a date like 2026-12-06" in lines
    assert "2026-11-28 is in the past: give a deadline from today on" in lines
    assert kept["deadline"] == dt.date(2026, 12, 24)


def test_a_deadline_of_today_is_taken(monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """ "From today on": a hidden danger rectified on the spot is due the day it is found."""
    typed = "no unit\nlevel 2\n\nset one up\nthe mine\n\n2026-11-29\n\n"
    spec, kept, said = _kept(LISTED, typed, monkeypatch)
    assert spec is not None
    assert spec.deadline == dt.date(2026, 11, 29)
    assert "in the past" not in said
    assert kept["deadline"] == dt.date(2026, 11, 29)


def test_a_reading_outside_its_limit_needs_no_description(
    monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    """Enter at the description of a reading leaves it empty (the reading describes itself);
    the reading and each field are kept for the draft as typed."""
    typed = "\nface 3\nmajor\nstop work\nthe mine\nstop order\n2026-12-01\n\n"
    spec, kept, _ = _kept(LISTED, typed, monkeypatch, reading=1.5)
    assert spec is not None
    assert (spec.reading, spec.description, spec.location) == (1.5, None, "face 3")
    assert (spec.measures, spec.responsible, spec.enforcement) == (
        "stop work",
        "the mine",
        "stop order",
    )
    assert kept == {
        "result": "noncompliant",
        "reading": 1.5,
        "description": "",
        "location": "face 3",
        "severity": "major",
        "measures": "stop work",
        "responsible": "the mine",
        "enforcement": "stop order",
        "deadline": dt.date(2026, 12, 1),
    }


def test_a_walk_interrupted_in_the_fields_keeps_what_was_typed(
    monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    """Input that ends at the measures: the walk stops as interrupted, the fields typed so far
    kept for the draft (and nothing after them)."""
    spec, kept, _ = _kept(LISTED, "missed\nface 3\ngeneral\n", monkeypatch)
    assert spec is None
    assert kept == {
        "result": "noncompliant",
        "description": "missed",
        "location": "face 3",
        "severity": "general",
    }


def test_an_evidence_entry_removed_by_its_number_is_gone_from_the_answer_and_the_draft(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any, capsys: Any
) -> None:
    """`-1` removes the first file, `-3` (there are two) and `-0` are said to be no entry and
    remove nothing, and files are still taken after a removal."""
    for name in ("a.jpg", "b.jpg", "c.jpg"):
        (tmp_path / name).write_bytes(b"photo")
    typed = "missed\nface 3\n\n\n\n\n\na.jpg\nb.jpg\n-3\n-0\n -1 \nc.jpg\n\n"
    spec, kept, said = _kept(LISTED, typed, monkeypatch, **_checking(tmp_path, monkeypatch))
    assert spec is not None
    assert spec.evidence == ("b.jpg", "c.jpg")
    assert kept["evidence"] == [str(tmp_path / "b.jpg"), str(tmp_path / "c.jpg")]
    lines = said.splitlines()
    assert "there is no entry 3" in lines
    assert "there is no entry 0" in lines
    assert lines.count("  1. a.jpg") == 4  # after a.jpg, after b.jpg, after -3, after -0
    assert "  1. b.jpg" in lines
    assert "  2. c.jpg" in lines


@pytest.mark.parametrize(
    ("typed", "choice"),
    [("\n", "sign"), ("q\n", "quit"), ("ｑ\n", "quit"), ("退出\n", "quit"), ("３\n", "３")],
)
def test_the_reviews_choice_is_read_in_either_width(
    typed: str, choice: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full-width `ｑ` typed with a Chinese input method is `q`; a number or an id is handed
    to the walk as typed (`３`), which reads it in either width and quotes it as typed
    (tests/test_left_faults_more.py)."""
    console = Console(file=io.StringIO(), width=100, no_color=True)
    monkeypatch.setattr("sys.stdin", io.StringIO(typed))
    prompter = RichPrompter(console, "zh", dt.date(2026, 11, 29))
    findings = (Finding("a", "compliant"),)
    assert prompter.review(Review(findings, ())) == choice


@pytest.mark.parametrize(
    ("answer", "default", "verdict"),
    [
        ("", True, True),
        ("  ", False, False),
        ("Yes", False, True),
        ("是", False, True),
        ("ｙ", False, True),
        ("no", True, False),
        ("否", True, False),
        ("yseen on site", True, None),
    ],
)
def test_a_yes_no_answer_is_read_as_typed(answer: str, default: bool, verdict: bool | None) -> None:
    """Empty takes the default; yes and no in either language; anything else is no answer."""
    from minecheck.cli._prompter import yes_no

    assert yes_no(answer, default) is verdict


def test_a_yes_no_question_is_asked_until_it_is_answered() -> None:
    from minecheck.cli._prompter import ask_yes_no

    out = io.StringIO()
    answers = iter(["maybe", "n"])
    console = Console(file=out, width=80, no_color=True)
    assert ask_yes_no(lambda: next(answers), True, console) is False
    assert out.getvalue() == "please answer y or n\n"


def _asked(step: Step, keys: str, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, str]:
    """`step` asked at a terminal where `keys` are pressed one by one: the reply, the screen."""
    out = io.StringIO()
    console = Console(file=out, width=200, no_color=True)
    pressed = iter(keys)
    monkeypatch.setattr("minecheck.cli._prompter.read_key", lambda: next(pressed))
    reply = RichPrompter(console, "en", dt.date(2026, 11, 29)).ask(step)
    return reply, out.getvalue()


def test_the_question_shows_its_section_grade_basis_and_evidence(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Above the question: the section and id, the grade with its basis, and whether evidence
    is required or recommended; Enter and Backspace answer nothing."""
    from minecheck.session.walk import Reply

    required = Item("gas", "s", "Gas?", "瓦斯？", "major", basis=("CMHD-5.1",), evidence="required")
    reply, screen = _asked(Step(required, 2, 9, "Ventilation", None), "\r\x7fy", monkeypatch)
    assert reply == Reply(result="compliant")
    assert "is not an answer" not in screen
    assert screen.count("Gas? > \n") == 2  # each key that answers nothing ends its line
    lines = screen.splitlines()
    assert "[2/9] Ventilation  gas" in lines
    assert "major  CMHD-5.1  evidence required" in lines
    recommended = Item("org", "s", "Unit?", "机构？", "general", evidence="recommended")
    _, screen = _asked(Step(recommended, 1, 1, "S", None), "n", monkeypatch)
    assert "general  evidence recommended" in screen.splitlines()


def test_guidance_is_shown_in_both_languages_or_a_dash_where_there_is_none(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Guidance keeps its line breaks."""
    guided = Item("gas", "s", "Gas?", "瓦斯？", "major", guidance="Check the log.\nSign it.")
    _, screen = _asked(Step(guided, 1, 1, "S", None), "?y", monkeypatch)
    lines = screen.splitlines()
    assert "Check the log." in lines
    assert "Sign it." in lines
    assert "瓦斯？" in lines
    assert "—" not in lines
    bare = Item("org", "s", "Unit?", "机构？", "general")
    _, screen = _asked(Step(bare, 1, 1, "S", None), "?y", monkeypatch)
    assert "—" in screen.splitlines()


def test_an_item_answered_before_offers_to_keep_its_answer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Back at an answered item, `s` keeps the earlier answer; `f` is offered only from two
    items back."""
    from minecheck.session.walk import Reply

    item = Item("org", "s", "Unit?", "机构？", "general")
    earlier = Finding("org", "compliant")
    reply, screen = _asked(Step(item, 1, 1, "S", earlier, revisit=True), "fs", monkeypatch)
    assert reply == Reply(command="skip")
    assert "s keep the earlier answer" in screen
    assert "forward" not in screen
    assert "'f' is not an answer: use one of the keys above" in screen.splitlines()


def test_a_reading_above_its_limit_or_no_number_is_said_so(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from minecheck.core.checklist import Reading
    from minecheck.session.walk import Reply

    out = io.StringIO()
    console = Console(file=out, width=200, no_color=True)
    monkeypatch.setattr("sys.stdin", io.StringIO("inf\n1.5\n"))
    item = Item("gas", "s", "Methane?", "瓦斯浓度？", "major", reading=Reading("%CH4", max=1.0))
    reply = RichPrompter(console, "en", dt.date(2026, 11, 29)).ask(Step(item, 1, 1, "S", None))
    assert reply == Reply(reading=1.5)
    lines = out.getvalue().splitlines()
    assert "1.5 %CH4 is above the limit ≤ 1 %CH4 → non-compliant" in lines
    assert any("a reading must be a finite number" in line for line in lines)


def test_evidence_typed_before_an_interruption_or_given_before_is_offered_again(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any, capsys: Any
) -> None:
    """Resumed, the files typed before the interruption are listed and kept; answered again,
    the earlier answer's files are; a reason typed before is the reason's default."""
    from minecheck.core.documents import Evidence

    (tmp_path / "a.jpg").write_bytes(b"photo")
    prompter, out = _checking_prompter(tmp_path, monkeypatch)
    item = Item("gas", "s", "Gas?", "瓦斯？", "major", evidence="required")
    typed = {"result": "compliant", "evidence": [str(tmp_path / "a.jpg")]}
    monkeypatch.setattr("sys.stdin", io.StringIO("\n"))
    files, reason = prompter.evidence(Step(item, 1, 1, "S", None, unfinished=typed))
    assert (files, reason) == ((str(tmp_path / "a.jpg"),), None)
    assert "  1. a.jpg" in out.getvalue().splitlines()

    digest = "0" * 64
    earlier = Finding("gas", "compliant", evidence=(Evidence("a.jpg", digest, 5),))
    monkeypatch.setattr("sys.stdin", io.StringIO("\n"))
    files, _ = prompter.evidence(Step(item, 1, 1, "S", earlier, revisit=True))
    assert files == (str(tmp_path / "a.jpg"),)
    assert out.getvalue().splitlines().count("  1. a.jpg") == 2

    why = {"result": "compliant", "evidence_reason": "camera broken"}
    monkeypatch.setattr("sys.stdin", io.StringIO("\n\n"))
    files, reason = prompter.evidence(Step(item, 1, 1, "S", None, unfinished=why))
    assert (files, reason) == ((), "camera broken")


class _Keyboard:
    """A line editor whose inspector presses Ctrl-C after the given lines, `typed` typed; as
    LineReader, `unsent` is the line being typed at the stop, or the line last read."""

    def __init__(self, lines: list[str], typed: str) -> None:
        self.lines = iter(lines)
        self.typed = typed
        self.unsent = ""

    def prefills(self) -> bool:
        return False

    def read(self, prompt: str, *, paths: bool = False, default: str | None = None) -> str:
        line = next(self.lines, None)
        self.unsent = self.typed if line is None else line
        if line is None:
            raise KeyboardInterrupt
        return line

    def typed_ahead(self) -> list[str]:
        return [""]  # (nothing typed after the line at the stop)


@pytest.mark.parametrize(
    ("typed", "unsent", "kept"),
    [
        (["missed"], "face", {"description": "missed", "location": "face"}),
        (["missed", "face 3"], "maj", {"description": "missed", "location": "face 3"}),
        (["missed", "face 3", "", "", "", ""], "2026-12", {"severity": "general"}),
        (["missed", "face 3", "", "", "", "", "", ""], "  ", {"deadline": dt.date(2026, 12, 6)}),
        (["missed", "face 3"], "major", {"severity": "major"}),
        (["missed", "face 3", "", "", "", ""], "2026-12-20", {"deadline": dt.date(2026, 12, 20)}),
    ],
)
def test_ctrl_c_in_a_field_keeps_its_line_under_that_field_only(
    typed: list[str], unsent: str, kept: dict[str, object], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The line being typed at Ctrl-C is kept for the field it was typed in; typed at the
    severity or the deadline it is kept only as the choice it names (half a date is none),
    never over the field before; an evidence reason of blanks is no reason."""
    console = Console(file=io.StringIO(), width=200, no_color=True)
    prompter = RichPrompter(console, "en", dt.date(2026, 11, 29))
    prompter.lines = _Keyboard(typed, unsent)  # type: ignore[assignment]
    item = Item("gas", "s", "Gas?", "瓦斯？", "general", basis=("CMHD-5.1",), evidence="required")
    saved: dict[str, object] = {}
    step = Step(item, 1, 1, "S", None, keep=saved.__setitem__)
    with pytest.raises(KeyboardInterrupt):
        prompter.details(step, "noncompliant", None)
    for name, value in kept.items():
        assert saved[name] == value
    assert saved.get("location") in (None, "face", "face 3")
    assert "evidence_reason" not in saved


@pytest.mark.parametrize(("unsent", "kept"), [("2026-11-29", True), ("2026-11-28", False)])
def test_a_deadline_typed_at_a_stop_is_kept_from_today_on(unsent: str, kept: bool) -> None:
    """A deadline being typed when the walk stops is kept as the question would take it: today
    is a deadline the walk accepts, and so is kept; yesterday is refused there, and not kept."""
    console = Console(file=io.StringIO(), width=200, no_color=True)
    prompter = RichPrompter(console, "en", dt.date(2026, 11, 29))
    prompter.lines = _Keyboard(["missed", "face 3", "", "", "", ""], unsent)  # type: ignore[assignment]
    item = Item("gas", "s", "Gas?", "瓦斯？", "general", basis=("CMHD-5.1",), evidence="required")
    saved: dict[str, object] = {}
    with pytest.raises(KeyboardInterrupt):
        prompter.details(Step(item, 1, 1, "S", None, keep=saved.__setitem__), "noncompliant", None)
    assert saved.get("deadline", "nothing") == (dt.date(2026, 11, 29) if kept else "nothing")


def test_input_ending_at_the_evidence_reason_is_an_interruption(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any, capsys: Any
) -> None:
    """Enter at the file prompt of an item that requires evidence, then the input ends: the
    walk stops as interrupted (not a traceback), no reason kept."""
    monkeypatch.chdir(tmp_path)
    console = Console(file=io.StringIO(), width=200, no_color=True)
    monkeypatch.setattr("sys.stdin", io.StringIO("\n"))
    prompter = RichPrompter(console, "en", dt.date(2026, 11, 29), lambda p: None, tmp_path)  # type: ignore[arg-type,return-value]
    item = Item("gas", "s", "Gas?", "瓦斯？", "major", evidence="required")
    saved: dict[str, object] = {}
    with pytest.raises(KeyboardInterrupt):
        prompter.evidence(Step(item, 1, 1, "S", None, keep=saved.__setitem__))
    assert "evidence_reason" not in saved


@pytest.mark.parametrize(
    ("width", "height", "unanswered", "stacked", "said"),
    [
        (62, 9, (), False, 1),
        (62, 8, (), False, 2),
        (61, 12, (), True, 1),
        (61, 11, (), True, 2),
        (62, 11, ("u" * 130,), False, 1),
        (62, 10, ("u" * 130,), False, 2),
    ],
)
def test_the_review_is_a_table_where_every_column_fits_and_repeats_its_counts_when_tall(
    width: int,
    height: int,
    unanswered: tuple[str, ...],
    stacked: bool,
    said: int,
) -> None:
    """The table needs each header whole, the number, grade and date whole and an id and a
    description 16 cells wide: 62 columns here; at 61 each finding's fields stand one a line.
    The counts are said again above the choice where the findings and the unanswered list
    would have scrolled them off a screen that high."""
    finding = Finding(
        "a-very-long-item-id-x",
        "noncompliant",
        severity="general",
        deadline=dt.date(2026, 12, 31),
        description="d",
    )
    out = io.StringIO()
    console = Console(file=out, width=width, height=height, no_color=True, soft_wrap=True)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("sys.stdin", io.StringIO("\n"))
        review = Review((finding,), unanswered, {finding.item: 12345})
        RichPrompter(console, "en", dt.date(2026, 11, 29)).review(review)
    lines = [line.rstrip() for line in out.getvalue().splitlines()]
    assert ("    Grade: general" in lines) is stacked
    if stacked:  # one field a line, no blank line between them
        at = lines.index("    Grade: general")
        assert lines[at + 1 : at + 3] == ["    Deadline: 2026-12-31", "    Description: d"]
    assert any("DEADLINE" in line for line in lines) is not stacked
    assert sum(line.startswith("Review: ") for line in lines) == said


def test_what_was_typed_before_an_interruption_is_each_fields_default(
    monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    """Resumed, Enter keeps each field as it was typed before the walk was interrupted, a
    line break in it shown as one in the prompt."""
    console = Console(file=io.StringIO(), width=200, no_color=True)
    monkeypatch.setattr("sys.stdin", io.StringIO("\n" * 8))
    typed = {
        "result": "noncompliant",
        "description": "first\nsecond",
        "location": "face 3",
        "severity": "major",
        "measures": "recheck",
        "deadline": dt.date(2026, 12, 20),
    }
    step = Step(LISTED, 1, 1, "S", None, unfinished=typed)
    spec = RichPrompter(console, "en", dt.date(2026, 11, 29)).details(step, "noncompliant", None)
    assert (spec.description, spec.location, spec.severity) == ("first\nsecond", "face 3", "major")
    assert (spec.measures, spec.deadline) == ("recheck", dt.date(2026, 12, 20))
    assert "Description of the hidden danger [first\nsecond]: " in capsys.readouterr().err


def test_a_file_removed_by_its_number_is_gone_from_the_draft_at_once(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    """`-1`, then the walk is interrupted before another file is typed: the draft resumed
    offers only the file left, not the one removed."""
    for name in ("a.jpg", "b.jpg"):
        (tmp_path / name).write_bytes(b"photo")
    typed = "missed\nface 3\n\n\n\n\n\na.jpg\nb.jpg\n-1\n"  # the input ends at the file prompt
    spec, kept, _ = _kept(LISTED, typed, monkeypatch, **_checking(tmp_path, monkeypatch))
    assert spec is None
    assert kept["evidence"] == [str(tmp_path / "b.jpg")]


def test_ctrl_c_at_the_evidence_reason_keeps_the_reason_under_that_field_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The reason being typed at Ctrl-C is the reason's default when the walk resumes; the
    last field typed before the deadline (enforcement, left empty) keeps what it was."""
    console = Console(file=io.StringIO(), width=200, no_color=True)
    prompter = RichPrompter(console, "en", dt.date(2026, 11, 29), lambda p: None, None)  # type: ignore[arg-type,return-value]
    prompter.lines = _Keyboard(["missed", "face 3", "", "", "", "", "", ""], "camera broken")  # type: ignore[assignment]
    item = Item("gas", "s", "Gas?", "瓦斯？", "general", basis=("CMHD-5.1",), evidence="required")
    saved: dict[str, object] = {}
    with pytest.raises(KeyboardInterrupt):
        prompter.details(Step(item, 1, 1, "S", None, keep=saved.__setitem__), "noncompliant", None)
    assert saved["evidence_reason"] == "camera broken"
    assert saved["enforcement"] == ""
    assert saved["deadline"] == dt.date(2026, 12, 6)


def test_a_file_of_the_draft_now_refused_leaves_the_files_after_it_offered(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    """Resumed, a file typed before the interruption and deleted since is said to be refused;
    the files typed after it are still listed and kept."""
    (tmp_path / "b.jpg").write_bytes(b"photo")
    prompter, out = _checking_prompter(tmp_path, monkeypatch)
    item = Item("gas", "s", "Gas?", "瓦斯？", "major", evidence="required")
    typed = {"result": "compliant", "evidence": [str(tmp_path / "a.jpg"), str(tmp_path / "b.jpg")]}
    monkeypatch.setattr("sys.stdin", io.StringIO("\n"))
    files, reason = prompter.evidence(Step(item, 1, 1, "S", None, unfinished=typed))
    assert (files, reason) == ((str(tmp_path / "b.jpg"),), None)
    lines = out.getvalue().splitlines()
    assert "  1. b.jpg" in lines
    assert any("a.jpg" in line for line in lines[: lines.index("  1. b.jpg")])


def test_without_a_resolver_a_file_is_taken_as_typed_unquoted_and_listed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A prompter given no evidence check takes the path as typed (a dropped file's quotes
    removed) and lists it as the other files are."""
    out = io.StringIO()
    console = Console(file=out, width=200, no_color=True)
    monkeypatch.setattr("sys.stdin", io.StringIO("'board 1.jpg'\n\n"))
    prompter = RichPrompter(console, "en", dt.date(2026, 11, 29))
    item = Item("gas", "s", "Gas?", "瓦斯？", "major", evidence="recommended")
    files, reason = prompter.evidence(Step(item, 1, 1, "S", None))
    assert (files, reason) == (("board 1.jpg",), None)
    lines = out.getvalue().splitlines()
    assert lines[lines.index("  1. board 1.jpg") - 1] == "Evidence so far:"


def test_a_long_item_id_in_the_review_table_is_folded_not_cut(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An id wider than its column is read whole over three lines, never cut to "…"."""
    long_id = "ventilation-airflow-working-face-3"
    findings = (
        Finding(
            long_id,
            "noncompliant",
            severity="major",
            deadline=dt.date(2026, 12, 31),
            description="回风巷风量不足，局部通风机未按规定安设",
        ),
    )
    text = review_text(findings, monkeypatch, width=60)
    assert "DEADLINE" in text  # the table, not the stacked review
    assert "…" not in text
    rows = text.splitlines()
    first = next(n for n, ln in enumerate(rows) if "2026-12-31" in ln)
    assert "".join(ln.split()[0] for ln in rows[first : first + 3]) == long_id


def test_line_breaks_in_a_stacked_description_show_as_line_breaks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    findings = (Finding("a", "noncompliant", severity="major", description="第一行\n第二行"),)
    text = review_text(findings, monkeypatch, width=30)
    assert "\\u000a" not in text
    assert "第二行" in [ln.strip() for ln in text.splitlines()]


def test_an_unfinished_answer_is_said_only_where_there_is_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    item = Item("gas", "s", "Gas?", "瓦斯？", "major")
    said = "(unfinished answer: non-compliant; what was typed is filled in)"
    unfinished = {"result": "noncompliant", "description": "missed"}
    _, screen = _asked(Step(item, 1, 1, "S", None, unfinished=unfinished), "y", monkeypatch)
    assert said in screen.splitlines()
    _, screen = _asked(Step(item, 1, 1, "S", None), "y", monkeypatch)
    assert "unfinished answer" not in screen


@pytest.mark.parametrize(
    ("lang", "prompt"),
    [
        ("en", "Enter the reading in %CH4 (limit ≤ 1 %CH4), or a key [1.6]: "),
        ("zh", "请输入 %CH4 读数（限值 ≤ 1 %CH4），或按键 [1.6]："),
    ],
)
def test_an_unfinished_answers_reading_is_offered_again(
    lang: str, prompt: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A walk stopped in the fields of a reading over its limit: resumed, the reading typed is
    the line's default (Enter takes it, then the fields typed follow), as the line above it
    says ("what was typed is filled in"); a key typed instead still answers."""
    from minecheck.core.checklist import Reading
    from minecheck.i18n import set_language
    from minecheck.session.walk import Reply

    set_language(lang)
    item = Item("gas", "s", "Methane?", "瓦斯浓度？", "major", reading=Reading("%CH4", max=1.0))
    unfinished = {"result": "noncompliant", "reading": 1.6, "description": "1.6 at face 3"}
    console = Console(file=io.StringIO(), width=200, no_color=True)
    prompter = RichPrompter(console, lang, dt.date(2026, 11, 29))
    step = Step(item, 1, 1, "S", None, unfinished=unfinished)
    for typed, reply in (("\n", Reply(reading=1.6)), ("q\n", Reply(command="quit"))):
        monkeypatch.setattr("sys.stdin", io.StringIO(typed))
        assert prompter.ask(step) == reply
        assert capsys.readouterr().err == prompt


def test_an_item_gone_back_to_with_no_earlier_answer_offers_skip(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`b` back to an item that was skipped: there is no earlier answer to keep, `s` skips."""
    item = Item("gas", "s", "Gas?", "瓦斯？", "major")
    _, screen = _asked(Step(item, 1, 1, "S", None, revisit=True), "y", monkeypatch)
    assert "s skip" in screen
    assert "keep the earlier answer" not in screen


def test_after_guidance_the_question_is_asked_again_and_answered(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from minecheck.session.walk import Reply

    item = Item("gas", "s", "Gas?", "瓦斯？", "major", guidance="Check the log.")
    reply, screen = _asked(Step(item, 1, 1, "S", None), "?n", monkeypatch)
    assert reply == Reply(result="noncompliant")
    assert screen.count("Gas? > ") == 2


def test_a_long_header_and_a_reading_question_are_folded_at_a_narrow_terminal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """At 30 columns no line of the question's screen is wider than the terminal (left to
    the terminal, a line was broken mid-word)."""
    from minecheck.core.checklist import Reading

    question = "Is the methane concentration at the return airway of the working face in limits?"
    item = Item(
        "gas-return-airway-methane",
        "s",
        question,
        "瓦斯浓度？",
        "major",
        reading=Reading("%CH4", max=1.0),
    )
    out = io.StringIO()
    console = Console(file=out, width=30, no_color=True)
    monkeypatch.setattr("sys.stdin", io.StringIO("0.5\n"))
    step = Step(item, 1, 1, "Ventilation and methane of the working face", None)
    RichPrompter(console, "en", dt.date(2026, 11, 29)).ask(step)
    lines = out.getvalue().splitlines()
    assert max(cell_len(line) for line in lines) <= 30
    assert "".join(line.strip() for line in lines).count("returnairway") == 0
    assert "return airway" in " ".join(line.strip() for line in lines)


def test_a_long_id_in_the_stacked_review_is_folded_at_the_terminals_width(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    long_id = "ventilation-airflow-working-face-3"
    findings = (Finding(long_id, "noncompliant", severity="major", description="x"),)
    text = review_text(findings, monkeypatch, width=24)
    assert max(cell_len(line) for line in text.splitlines()) <= 24


class _Recorder(_Keyboard):
    """A line editor that notes which prompts completed file paths (Tab)."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__(lines, "")
        self.paths: list[tuple[str, bool]] = []

    def read(self, prompt: str, *, paths: bool = False, default: str | None = None) -> str:
        self.paths.append((prompt.split(" (")[0].split(" [")[0], paths))
        return super().read(prompt, paths=paths, default=default)


def test_only_the_evidence_prompts_complete_file_paths() -> None:
    console = Console(file=io.StringIO(), width=200, no_color=True)
    prompter = RichPrompter(console, "en", dt.date(2026, 11, 29))
    recorder = _Recorder(["missed", "face 3", "", "", "", "", "", ""])
    prompter.lines = recorder  # type: ignore[assignment]
    item = Item("gas", "s", "Gas?", "瓦斯？", "general", basis=("CMHD-5.1",))
    spec = prompter.details(Step(item, 1, 1, "S", None), "noncompliant", None)
    assert spec.description == "missed"
    completed = [prompt for prompt, paths in recorder.paths if paths]
    assert completed == ["Evidence file"]
    assert len(recorder.paths) == 8


@pytest.mark.parametrize("width", [62, 70])
def test_a_deadline_in_the_review_table_is_never_broken(
    monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    """At the narrowest widths the table is shown, the deadline is one line of ten cells."""
    findings = (
        Finding(
            "ventilation-airflow-working-face-3",
            "noncompliant",
            severity="general",
            deadline=dt.date(2026, 12, 31),
            description="回风巷风量不足，局部通风机未按规定安设，" * 3,
        ),
    )
    text = review_text(findings, monkeypatch, width=width)
    assert "DEADLINE" in text
    assert "2026-12-31" in text


@pytest.mark.parametrize("width", [24, 100])
def test_the_review_stands_apart_from_the_question_before_and_the_legend_after(
    monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    """A blank line before the review's counts, and one between the findings and the legend,
    stacked or in the table."""
    findings = (Finding("a", "noncompliant", severity="major", description="x"),)
    lines = review_text(findings, monkeypatch, width=width).splitlines()
    assert lines[:2] == ["", "Review: 1 non-compliant"]
    legend = next(n for n, ln in enumerate(lines) if ln.startswith("Enter to sign"))
    assert lines[legend - 1].strip() == ""


@pytest.mark.parametrize("width", [24, 30, 41])
def test_a_long_question_is_folded_with_room_for_the_key_after_its_prompt(
    monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    """Each line of the question fits the terminal, and its last line ends in "> " with a
    cell left for the key typed (else "> " or the key went on a line of its own)."""
    question = "Is the methane concentration at the return airway of the working face in limits?"
    item = Item("gas", "s", question, "瓦斯浓度？", "major")
    out = io.StringIO()
    console = Console(file=out, width=width, no_color=True)
    monkeypatch.setattr("minecheck.cli._prompter.read_key", lambda: "y")
    RichPrompter(console, "en", dt.date(2026, 11, 29)).ask(Step(item, 1, 1, "S", None))
    lines = out.getvalue().splitlines()
    asked = [ln for ln in lines if ln.endswith("> y")]
    assert len(asked) == 1
    assert cell_len(asked[0]) <= width
    assert max(cell_len(line) for line in lines) <= width
    assert asked[0].endswith("limits? > y")


def test_a_long_problem_is_folded_between_words_at_a_narrow_terminal() -> None:
    out = io.StringIO()
    console = Console(file=out, width=30, no_color=True)
    prompter = RichPrompter(console, "en", dt.date(2026, 11, 29))
    prompter.problem("'2026-13-45' is not a date like 2026-12-06: type the deadline again")
    lines = out.getvalue().splitlines()
    assert len(lines) > 1
    assert max(cell_len(line) for line in lines) <= 30


@pytest.mark.parametrize(
    ("result", "words"),
    [
        ("noncompliant", "non-compliant"),
        ("not-applicable", "not applicable"),
        ("compliant", "compliant"),
    ],
)
def test_a_result_is_said_in_the_words_of_the_keys_line(
    monkeypatch: pytest.MonkeyPatch, result: str, words: str
) -> None:
    """The keys line says "n non-compliant · a not applicable": the earlier answer, the
    unfinished one and the review's counts say a result in those words, not as the file's
    code (`noncompliant`)."""
    item = Item("gas", "s", "Gas?", "瓦斯？", "major")
    _, screen = _asked(
        Step(item, 1, 1, "S", Finding("gas", result), revisit=True), "q", monkeypatch
    )
    assert f"(earlier answer: {words})" in screen.splitlines()
    unfinished = {"result": result}
    _, screen = _asked(Step(item, 1, 1, "S", None, unfinished=unfinished), "q", monkeypatch)
    kept = f"(unfinished answer: {words}; nothing typed for it was kept: "
    kept += "press its key to answer it)"
    assert kept in screen.splitlines()
    findings = (Finding("a", result, severity="major", description="x"), Finding("b", result))
    lines = review_text(findings, monkeypatch).splitlines()
    assert lines[1] == f"Review: 2 {words}"


@pytest.mark.skipif(sys.platform == "win32", reason="a file's name holds no line break there")
def test_a_reason_of_several_lines_is_words_though_a_file_bears_that_name(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    """A reason with a line break (pasted, or an earlier one edited) is kept as the reason,
    even where a file of the findings directory is named so; it is not taken as evidence."""
    (tmp_path / "camera\nbroken").write_bytes(b"photo")
    prompter, out = _checking_prompter(tmp_path, monkeypatch)
    prompter.lines = _Keyboard(["", "camera\nbroken"], "")  # type: ignore[assignment]
    item = Item("gas", "s", "Gas?", "瓦斯？", "major", evidence="required")
    saved: dict[str, object] = {}
    files, reason = prompter.evidence(Step(item, 1, 1, "S", None, keep=saved.__setitem__))
    assert (files, reason) == ((), "camera\nbroken")
    assert saved == {"evidence_reason": "camera\nbroken"}
    assert "taken as evidence" not in out.getvalue()


@pytest.mark.skipif(
    sys.platform == "win32", reason="a link needs privileges, and a quote no shell's reading, there"
)
def test_a_dropped_file_at_the_reason_is_evidence_though_its_name_as_typed_cannot_be_followed(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any, capsys: Any
) -> None:
    """A file dropped at the reason prompt (`'b.jpg'`) is the evidence when its name as typed
    (quotes and all) is a link the system cannot follow (its target's name too long): the
    forms after that one are still tried, and the reason is not the typed path."""
    (tmp_path / "b.jpg").write_bytes(b"photo")
    (tmp_path / "'b.jpg'").symlink_to("x" * 300)
    files, reason, said = _without_evidence("\n'b.jpg'\n\n", monkeypatch, tmp_path, capsys)
    assert (files, reason) == (("b.jpg",), None)
    assert "'b.jpg' is taken as evidence" in said


def test_a_reason_typed_as_words_is_kept_for_the_draft(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    """The reason for no evidence is the reason's default if the walk is interrupted after it."""
    prompter, _ = _checking_prompter(tmp_path, monkeypatch, "\ncamera broken\n")
    item = Item("gas", "s", "Gas?", "瓦斯？", "major", evidence="required")
    saved: dict[str, object] = {}
    files, reason = prompter.evidence(Step(item, 1, 1, "S", None, keep=saved.__setitem__))
    assert (files, reason) == ((), "camera broken")
    assert saved == {"evidence_reason": "camera broken"}


@pytest.mark.skipif(sys.platform == "win32", reason="a backslash separates directories there")
@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("'it'\\''s.jpg'", "it's.jpg"),  # dropped on GNOME's terminal: the shell's form names it
        ("'b.jpg'", "'b.jpg'"),  # a name with quotes of its own (Tab wrote it out): as typed
    ],
)
def test_the_evidence_kept_is_the_first_form_of_the_path_that_names_a_file(
    typed: str, kept: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    """The file kept (and signed) is the one the typed or dropped path names, tried as typed
    first, then unquoted, then as a shell reads it; never a form that names no file."""
    for name in ("it's.jpg", "'b.jpg'", "b.jpg"):
        (tmp_path / name).write_bytes(b"photo")
    typed = f"missed\nface 3\n\n\n\n\n\n{typed}\n\n"
    spec, saved, said = _kept(LISTED, typed, monkeypatch, **_checking(tmp_path, monkeypatch))
    assert spec is not None
    assert spec.evidence == (kept,)
    assert saved["evidence"] == [str(tmp_path / kept)]
    assert f"  1. {kept}" in said.splitlines()


@pytest.mark.parametrize("word", ["是的", "ｏｋ"])
def test_a_word_committed_at_once_at_a_question_is_said_to_be_no_answer(
    word: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A word an input method sends at once, at a question answered by a key, is named as
    typed and the question asked again (not read as a reading, which it has none of)."""
    from minecheck.session.walk import Reply

    item = Item("gas", "s", "Gas?", "瓦斯？", "major")
    keys = iter([word, "y"])
    monkeypatch.setattr("minecheck.cli._prompter.read_key", lambda: next(keys))
    out = io.StringIO()
    console = Console(file=out, width=200, no_color=True)
    reply = RichPrompter(console, "en", dt.date(2026, 11, 29)).ask(Step(item, 1, 1, "S", None))
    assert reply == Reply(result="compliant")
    assert f"'{word}' is not an answer: use one of the keys above" in out.getvalue().splitlines()


def test_input_ending_at_a_reading_or_at_the_reviews_choice_saves_and_quits(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """No more input where a reading or the review's choice is asked: the walk quits (the
    draft kept), as `q` would."""
    from minecheck.core.checklist import Reading
    from minecheck.session.walk import Reply

    console = Console(file=io.StringIO(), width=200, no_color=True)
    prompter = RichPrompter(console, "en", dt.date(2026, 11, 29))
    item = Item("gas", "s", "Methane?", "瓦斯浓度？", "major", reading=Reading("%CH4", max=1.0))
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert prompter.ask(Step(item, 1, 1, "S", None)) == Reply(command="quit")
    finding = Finding("gas", "noncompliant", severity="major", description="high")
    assert prompter.review(Review((finding,), ())) == "quit"


def test_a_reading_within_its_limit_is_said_to_be_compliant(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from minecheck.core.checklist import Reading
    from minecheck.session.walk import Reply

    out = io.StringIO()
    console = Console(file=out, width=200, no_color=True)
    monkeypatch.setattr("sys.stdin", io.StringIO("0.5\n"))
    item = Item("gas", "s", "Methane?", "瓦斯浓度？", "major", reading=Reading("%CH4", max=1.0))
    reply = RichPrompter(console, "en", dt.date(2026, 11, 29)).ask(Step(item, 1, 1, "S", None))
    assert reply == Reply(reading=0.5)
    assert "0.5 %CH4 is within the limit ≤ 1 %CH4 → compliant" in out.getvalue().splitlines()


class _Editor(_Keyboard):
    """A line editor that shows an earlier answer in the line (`prefills`), where the inspector
    presses Enter over it, or types `lines` at the fields with none."""

    def prefills(self) -> bool:
        return True

    def read(self, prompt: str, *, paths: bool = False, default: str | None = None) -> str:
        return default if default else super().read(prompt, paths=paths, default=default)


def test_an_earlier_answer_kept_in_the_line_editor_is_the_answer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Answered again where the editor shows each earlier field in the line: Enter keeps each,
    line breaks and all, in the answer and for the draft."""
    console = Console(file=io.StringIO(), width=200, no_color=True)
    prompter = RichPrompter(console, "en", dt.date(2026, 11, 29))
    prompter.lines = _Editor(["", "", ""], "")  # type: ignore[assignment]
    due = dt.date(2026, 12, 20)
    earlier = Finding(
        "gas",
        "noncompliant",
        severity="general",
        description="no checks\nsince Monday",
        location="face 3",
        measures="recheck",
        responsible="the mine",
        enforcement="stop work",
        deadline=due,
    )
    saved: dict[str, object] = {}
    step = Step(LISTED, 1, 1, "S", earlier, revisit=True, keep=saved.__setitem__)
    spec = prompter.details(step, "noncompliant", None)
    assert (spec.description, spec.location) == ("no checks\nsince Monday", "face 3")
    assert (spec.measures, spec.responsible, spec.enforcement) == (
        "recheck",
        "the mine",
        "stop work",
    )
    assert (saved["description"], saved["enforcement"]) == ("no checks\nsince Monday", "stop work")


def test_a_major_grade_shows_in_red_and_a_general_one_in_yellow_or_plain(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """At a colour terminal the question's grade is red for a major item and yellow for a
    general one; in the review table a major finding's grade is red, a general one plain."""
    monkeypatch.delenv("NO_COLOR")  # (the tests' terminal is colourless)
    red, yellow = "\x1b[1;31m", "\x1b[33m"
    grades: tuple[tuple[Literal["major", "general"], str], ...] = (
        ("major", red),
        ("general", yellow),
    )
    for severity, style in grades:
        out = io.StringIO()
        console = Console(file=out, width=100, force_terminal=True, color_system="standard")
        monkeypatch.setattr("minecheck.cli._prompter.read_key", lambda: "y")
        item = Item("gas", "s", "Gas?", "瓦斯？", severity)
        RichPrompter(console, "en", dt.date(2026, 11, 29)).ask(Step(item, 1, 1, "S", None))
        assert f"{style}{severity}\x1b[0m" in out.getvalue()

    out = io.StringIO()
    console = Console(file=out, width=100, force_terminal=True, color_system="standard")
    monkeypatch.setattr("sys.stdin", io.StringIO("\n"))
    due = dt.date(2026, 12, 1)
    findings = (
        Finding("a", "noncompliant", severity="major", description="x", deadline=due),
        Finding("b", "noncompliant", severity="general", description="y", deadline=due),
    )
    RichPrompter(console, "en", dt.date(2026, 11, 29)).review(Review(findings, ()))
    rows = [line for line in out.getvalue().splitlines() if "2026-12-01" in line]
    assert f"{red}major" in rows[0]
    assert "   general   2026-12-01" in rows[1]


def test_each_finding_of_the_stacked_review_stands_after_a_blank_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    due = dt.date(2026, 12, 1)
    findings = (
        Finding("gas-a", "noncompliant", severity="major", description="x", deadline=due),
        Finding("gas-b", "noncompliant", severity="general", description="y", deadline=due),
    )
    lines = review_text(findings, monkeypatch, width=30).splitlines()
    for head in ("  gas-a", "  gas-b"):
        assert lines[lines.index(head) - 1] == ""


def test_a_stacked_field_as_wide_as_the_terminal_stays_on_one_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The fields are indented four cells and may fill the line to its last column."""
    due = dt.date(2026, 12, 1)
    finding = Finding("gas", "noncompliant", severity="major", description="x" * 13, deadline=due)
    lines = review_text((finding,), monkeypatch, width=30).splitlines()
    assert "    Description: " + "x" * 13 in lines


def test_a_terminal_five_columns_wide_shows_the_chinese_question_and_review_fields(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each Chinese character of the question stands on a line of its own (none is a blank
    line), and the stacked review's fields are indented three cells, leaving two for one."""
    out = io.StringIO()
    console = Console(file=out, width=5, no_color=True)
    monkeypatch.setattr("minecheck.cli._prompter.read_key", lambda: "y")
    item = Item("gas", "s", "Gas?", "瓦斯浓度？", "major")
    RichPrompter(console, "zh", dt.date(2026, 11, 29)).ask(Step(item, 1, 1, "S", None))
    lines = out.getvalue().splitlines()
    for character in "瓦斯浓度":
        assert character in lines

    due = dt.date(2026, 12, 1)
    finding = Finding("gas", "noncompliant", severity="major", description="积水", deadline=due)
    lines = review_text((finding,), monkeypatch, width=5).splitlines()
    assert "   积" in lines
    assert "   水" in lines


def test_the_grade_line_and_guidance_are_folded_between_words_at_a_narrow_terminal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """At 30 columns a long basis and a long guidance are broken between words, each line
    within the terminal (left to it, a basis or a word was broken in two)."""
    basis = ("CMHD-5.1", "CMHD-5.2", "CMHD-5.3", "CMHD-5.4")
    guidance = "Check the methane at the return airway of every working face"
    item = Item("gas", "s", "Gas?", "瓦斯？", "major", basis=basis, guidance=guidance)
    out = io.StringIO()
    console = Console(file=out, width=30, no_color=True)
    keys = iter(["?", "y"])
    monkeypatch.setattr("minecheck.cli._prompter.read_key", lambda: next(keys))
    RichPrompter(console, "en", dt.date(2026, 11, 29)).ask(Step(item, 1, 1, "S", None))
    lines = out.getvalue().splitlines()
    assert max(cell_len(line) for line in lines) <= 30
    assert "major  CMHD-5.1, CMHD-5.2," in [line.rstrip() for line in lines]
    assert "return airway of every working" in lines


def test_a_question_as_wide_as_its_room_stays_on_one_line_with_the_key(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A question four cells narrower than the terminal fits one line with "> " and the key."""
    question = "Is the methane at face 12 in limits?"  # 36 cells: a 40-column terminal's room
    assert cell_len(question) == 36
    out = io.StringIO()
    console = Console(file=out, width=40, no_color=True)
    monkeypatch.setattr("minecheck.cli._prompter.read_key", lambda: "y")
    item = Item("gas", "s", question, "瓦斯？", "major")
    RichPrompter(console, "en", dt.date(2026, 11, 29)).ask(Step(item, 1, 1, "S", None))
    assert f"{question} > y" in out.getvalue().splitlines()


def test_a_self_inspection_asks_no_order_and_keeps_an_earlier_answers(
    monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    """Where the one walking issues no order (a self-inspection), the order is not asked; an
    earlier answer's order is kept as it was, and without one there is none."""
    earlier = Finding(
        "gas",
        "noncompliant",
        severity="general",
        description="missed",
        enforcement="stop work",
        deadline=dt.date(2026, 12, 20),
    )
    console = Console(file=io.StringIO(), width=200, no_color=True)
    prompter = RichPrompter(console, "en", dt.date(2026, 11, 29), enforces=False)
    for previous, order in ((earlier, "stop work"), (None, None)):
        monkeypatch.setattr("sys.stdin", io.StringIO("missed\n" + "\n" * 7))
        step = Step(LISTED, 1, 1, "S", previous, revisit=previous is not None)
        spec = prompter.details(step, "noncompliant", None)
        assert spec.enforcement == order
        assert FIELD_LABELS["enforcement"] not in capsys.readouterr().err


@pytest.mark.parametrize(
    ("unit", "unsent", "kept"),
    [
        ("%CH4", "0.25", 0.25),
        ("%CH4", "1,6 %CH4", 1.6),
        ("°C", "-3", -3.0),
        ("%CH4", "-3", None),
        ("%CH4", "0.2x", None),
        ("%CH4", "", None),
    ],
)
def test_a_reading_typed_at_a_stop_is_kept_as_the_question_reads_it(
    unit: str, unsent: str, kept: float | None
) -> None:
    """A reading being typed when the walk stops is kept in the draft as the question would
    read it (below zero only where the item can read below zero), and the stop goes on; text
    that is no reading keeps nothing."""
    from minecheck.core.checklist import Reading

    console = Console(file=io.StringIO(), width=200, no_color=True)
    prompter = RichPrompter(console, "en", dt.date(2026, 11, 29))
    prompter.lines = _Keyboard([], unsent)  # type: ignore[assignment]
    item = Item("t", "s", "Reading?", "读数？", "major", reading=Reading(unit, max=1.0))
    saved: dict[str, object] = {}
    with pytest.raises(KeyboardInterrupt):
        prompter.ask(Step(item, 1, 1, "S", None, keep=saved.__setitem__))
    assert saved == ({} if kept is None else {"reading": kept})


@pytest.mark.parametrize(
    ("reading", "shown"), [(1e-07, "0.0000001"), (2.5e16, "25000000000000000")]
)
def test_an_unfinished_reading_is_offered_in_digits_never_an_exponent(
    reading: float, shown: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A reading Python writes with an exponent (`1e-07`, `2.5e+16`) is offered as it is typed."""
    from minecheck.core.checklist import Reading

    item = Item("t", "s", "Reading?", "读数？", "major", reading=Reading("ppm", max=1e20))
    unfinished = {"result": "noncompliant", "reading": reading}
    prompter = RichPrompter(Console(file=io.StringIO()), "en", dt.date(2026, 11, 29))
    monkeypatch.setattr("sys.stdin", io.StringIO("q\n"))
    prompter.ask(Step(item, 1, 1, "S", None, unfinished=unfinished))
    assert capsys.readouterr().err.endswith(f"or a key [{shown}]: ")


class _StoppedAfter:
    """Standard input (not a terminal: the prompts sent to a file) whose lines run out in a
    Ctrl-C."""

    def __init__(self, text: str) -> None:
        self.lines = io.StringIO(text)

    def isatty(self) -> bool:
        return False

    def readline(self) -> str:
        line = self.lines.readline()
        if not line:
            raise KeyboardInterrupt
        return line


def test_a_stop_at_a_reading_keeps_nothing_of_the_line_read_for_the_question_before(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Two readings asked one after the other, a Ctrl-C at the second before anything is typed:
    the first's `0.5` is not kept as the second's (the reader holds the last line read until
    it reads again)."""
    from minecheck.core.checklist import Reading
    from minecheck.session.walk import Reply

    monkeypatch.setattr("sys.stdin", _StoppedAfter("0.5\n"))
    prompter = RichPrompter(Console(file=io.StringIO()), "en", dt.date(2026, 11, 29))
    item = Item("t", "s", "Reading?", "读数？", "major", reading=Reading("%CH4", max=1.0))
    saved: list[dict[str, object]] = [{}, {}]
    assert prompter.ask(Step(item, 1, 2, "S", None, keep=saved[0].__setitem__)) == Reply(
        reading=0.5
    )
    with pytest.raises(KeyboardInterrupt):
        prompter.ask(Step(item, 2, 2, "S", None, keep=saved[1].__setitem__))
    assert saved == [{}, {}]


class _StoppedAsAsked(_Keyboard):
    """A Ctrl-C that lands as a question is made ready, before its line is read (the
    editor asked whether it can show the earlier answer)."""

    def __init__(self, lines: list[str], asked: int) -> None:
        super().__init__(lines, "")
        self.asked = asked

    def prefills(self) -> bool:
        self.asked -= 1
        if self.asked == 0:
            raise KeyboardInterrupt
        return False


def test_a_stop_as_a_field_is_asked_keeps_nothing_of_the_line_read_for_the_field_before() -> None:
    """An unfinished answer resumed: its description typed again, and a Ctrl-C as the location
    is asked. The description's line is not kept as the location."""
    console = Console(file=io.StringIO(), width=200, no_color=True)
    prompter = RichPrompter(console, "en", dt.date(2026, 11, 29))
    prompter.lines = _StoppedAsAsked(["missed"], 2)  # type: ignore[assignment]
    item = Item("gas", "s", "Gas?", "瓦斯？", "general", basis=("CMHD-5.1",))
    typed = {"result": "noncompliant", "description": "old", "location": "face 3"}
    saved: dict[str, object] = {}
    step = Step(item, 1, 1, "S", None, unfinished=typed, keep=saved.__setitem__)
    with pytest.raises(KeyboardInterrupt):
        prompter.details(step, "noncompliant", None)
    assert saved == {"result": "noncompliant", "description": "missed"}


def test_a_stop_before_a_field_is_typed_keeps_nothing_for_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A Ctrl-C at the location, nothing typed there (prompts sent to a file, lines read
    without an editor): the description is kept, and no location."""
    monkeypatch.setattr("sys.stdin", _StoppedAfter("missed\n"))
    prompter = RichPrompter(Console(file=io.StringIO()), "en", dt.date(2026, 11, 29))
    item = Item("gas", "s", "Gas?", "瓦斯？", "general", basis=("CMHD-5.1",))
    saved: dict[str, object] = {}
    with pytest.raises(KeyboardInterrupt):
        prompter.details(Step(item, 1, 1, "S", None, keep=saved.__setitem__), "noncompliant", None)
    assert saved == {"result": "noncompliant", "description": "missed"}


def test_a_stop_at_the_evidence_keeps_the_deadline_answered() -> None:
    """A file named by its date (`2026-12-30`) being typed at the evidence prompt of an item
    that requires it when the walk stops: the deadline answered just before is kept as it was
    answered, not taken from the evidence line."""
    console = Console(file=io.StringIO(), width=200, no_color=True)
    prompter = RichPrompter(console, "en", dt.date(2026, 11, 29))
    answered = ["missed", "face 3", "", "", "", "", "2026-12-29"]
    prompter.lines = _Keyboard(answered, "2026-12-30")  # type: ignore[assignment]
    item = Item("gas", "s", "Gas?", "瓦斯？", "general", basis=("CMHD-5.1",), evidence="required")
    saved: dict[str, object] = {}
    with pytest.raises(KeyboardInterrupt):
        prompter.details(Step(item, 1, 1, "S", None, keep=saved.__setitem__), "noncompliant", None)
    assert saved["deadline"] == dt.date(2026, 12, 29)
    assert "" not in saved  # (the evidence line is kept as no field)


# -- pasted short answers: the invisible characters a copy brings (BOM, zero-width space) -----

PASTED = "\ufeff"  # a byte-order mark, as a line copied from a Windows file begins


def test_a_grade_and_a_deadline_pasted_with_invisible_characters_are_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A grade and a deadline copied from a record bring a BOM or a zero-width space that no
    one sees: they were "'\ufeffmajor': the severity is major (重大) or general (一般)" and
    "not a date like ...", asked again for ever for the same paste. They read as a reading
    does now; the description, free text, keeps what was pasted."""
    typed = (
        f"{PASTED}missed\u200b\nface 3\n{PASTED}major\u200b\n\n\n\n\u200b2026-12-24{PASTED}\n\n\n"
    )
    spec, _, said = _kept(LISTED, typed, monkeypatch)
    assert spec is not None, said
    assert (spec.severity, spec.deadline) == ("major", dt.date(2026, 12, 24))
    assert spec.description == f"{PASTED}missed\u200b"
    assert "severity is major" not in said
    assert "is not a date" not in said


@pytest.mark.parametrize(("typed", "choice"), [("\u200bq\n", "quit"), ("\ufeff退出\n", "quit")])
def test_the_reviews_choice_pasted_with_invisible_characters_is_read(
    typed: str, choice: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    console = Console(file=io.StringIO(), width=100, no_color=True)
    monkeypatch.setattr("sys.stdin", io.StringIO(typed))
    prompter = RichPrompter(console, "zh", dt.date(2026, 11, 29))
    assert prompter.review(Review((Finding("a", "compliant"),), ())) == choice


def test_an_invisible_character_alone_at_the_review_does_not_sign(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Only an empty line signs: a zero-width space pasted alone is handed to the walk, which
    names no item by it."""
    console = Console(file=io.StringIO(), width=100, no_color=True)
    monkeypatch.setattr("sys.stdin", io.StringIO("\u200b\n"))
    prompter = RichPrompter(console, "en", dt.date(2026, 11, 29))
    assert prompter.review(Review((Finding("a", "compliant"),), ())) == "\u200b"


@pytest.mark.parametrize("answer", ["\ufeffy", "y\u200b", "\u2060是"])
def test_a_yes_pasted_with_invisible_characters_is_yes(answer: str) -> None:
    from minecheck.cli._prompter import yes_no

    assert yes_no(answer, False) is True
