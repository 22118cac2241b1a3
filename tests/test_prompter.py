"""The person-facing review table: Chinese text lines up, untrusted text stays inert."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from rich.cells import cell_len
from rich.console import Console

from minecheck.cli._prompter import RichPrompter
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
    assert "未作答（将记为未检查）：d，e\n" in text  # (a Chinese comma between them)
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


def _without_evidence(
    typed: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Any, capsys: Any
) -> tuple[tuple[str, ...], str | None, str]:
    """The evidence of an item that requires it, asked in `tmp_path` (the findings directory
    and the current one): the files, the reason, and what was said."""
    from minecheck.session.rules import evidence_resolver

    out = io.StringIO()
    console = Console(file=out, width=200, no_color=True)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("sys.stdin", io.StringIO(typed))
    resolver = evidence_resolver(tmp_path, tmp_path)
    prompter = RichPrompter(console, "en", dt.date(2026, 11, 29), resolver, tmp_path)
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
    assert "evidence '../outside.jpg' is outside" in said
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
