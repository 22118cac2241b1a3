"""The person-facing review table: Chinese text lines up, untrusted text stays inert."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from rich.cells import cell_len
from rich.console import Console

from minecheck.cli._prompter import RichPrompter
from minecheck.core.documents import Finding
from minecheck.session.walk import Review


def review_text(
    findings: tuple[Finding, ...], monkeypatch: pytest.MonkeyPatch, width: int = 100
) -> str:
    out = io.StringIO()
    console = Console(file=out, width=width, no_color=True, highlight=False)
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
