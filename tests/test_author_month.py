"""A report author's month, followed as a newcomer would: what the reports say beside their
numbers, in English and in Chinese."""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from minecheck.core.documents import ACTIONS
from minecheck.core.trust import TrustStatus
from minecheck.report.labels import Labels
from minecheck.report.render import render
from minecheck.report.rows import DocumentStatus
from minecheck.report.summary import summarize
from tests import test_summary_browser as browser
from tests.conftest import REPO
from tests.summary_corpus import AS_OF, KNOWN_REJECTED, SAMPLE_DOCUMENTS, sample
from tests.test_shared_server import two_signed

INSPECTOR_NOTE = {
    "en": (
        "A joint inspection's finding is counted once under each of its inspectors: the rows "
        "may add up to more than the total."
    ),
    "zh": "联合检查的条目在每名检查人员下各计一次，各行之和可能大于合计。",
}
DOCS = REPO / "docs"
HEADING = {"en": "## By inspector", "zh": "## 按检查人员统计"}


@pytest.fixture
def joint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Alice and Bob's joint inspection (one inspection id), each finding the same hidden
    danger: one row counted, under each of them."""
    return [".", "--allowed-signers", two_signed(tmp_path, monkeypatch)["trust"]]


def _md_rows(text: str, heading: str) -> list[list[str]]:
    lines = text.splitlines()
    at = lines.index(heading)
    rows = []
    for line in lines[at + 1 :]:
        if line.startswith("## "):
            break
        if line.startswith("| ") and not line.startswith("| ---"):
            rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows[1:]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_rows_by_inspector_that_add_up_to_more_than_the_total_are_said_so(
    cli: Any, joint: list[str], lang: str
) -> None:
    """`--by inspector` counts a joint finding once for each inspector, so its rows added up to
    more than the headline; the report said so for `--by clause` and `aspect`, not here."""
    run = cli(["summary", *joint, "--format", "md", "--by", "inspector", "--lang", lang])
    assert run.exit_code == 0, run.stderr
    rows = _md_rows(run.stdout, HEADING[lang])
    assert [row[2] for row in rows] == ["1", "1"]  # one hidden danger under each inspector
    lines = run.stdout.splitlines()
    at = lines.index(HEADING[lang])
    assert lines[at + 1 : at + 4] == ["", INSPECTOR_NOTE[lang], ""]
    assert lines[at + 4].startswith("|")


@pytest.mark.parametrize("form", ["table", "html"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_note_on_inspectors_is_in_every_report_form(
    cli: Any, joint: list[str], lang: str, form: str
) -> None:
    run = cli(["summary", *joint, "--format", form, "--by", "inspector", "--lang", lang])
    assert run.exit_code == 0, run.stderr
    said = "".join(html.unescape(run.stdout).split())  # lines broken anywhere, in a table
    assert "".join(INSPECTOR_NOTE[lang].split()) in said


def test_both_notes_are_said_when_both_groupings_count_twice(cli: Any, joint: list[str]) -> None:
    run = cli(["summary", *joint, "--format", "md", "--by", "aspect,inspector"])
    assert run.exit_code == 0, run.stderr
    lines = run.stdout.splitlines()
    at = lines.index("## By aspect, inspector")
    assert lines[at + 2] == (
        "A hidden danger is counted once under each aspect its clauses belong to: the rows may "
        "add up to more than the total. Findings that are no hidden danger cite none. "
        + INSPECTOR_NOTE["en"]
    )


def test_no_note_where_every_row_counts_once(cli: Any, joint: list[str]) -> None:
    run = cli(["summary", *joint, "--format", "md", "--by", "site"])
    lines = run.stdout.splitlines()
    at = lines.index("## By site")
    assert lines[at + 1] == ""
    assert lines[at + 2].startswith("| Site |"), lines[at : at + 3]


@pytest.mark.parametrize(
    ("said", "width", "lines"),
    [
        ("经专家、第三方或监管部门验收", 12, ["经专家、", "第三方或", "监管部门验收"]),
        ("经专家、第三方或监管部门验收", 14, ["经专家、第三方", "或监管部门验收"]),
        ("销号后反弹重新整改", 12, ["销号后反弹", "重新整改"]),
        ("销号后反弹重新整改", 14, ["销号后反弹重新", "整改"]),
        ("其中截至统计日已销号或撤销", 16, ["其中截至统计日已", "销号或撤销"]),
        ("监管部门", 3, ["监", "管", "部", "门"]),  # (a word wider than the line is folded)
    ],
)
def test_a_report_s_chinese_heading_is_broken_between_words(
    said: str, width: int, lines: list[str]
) -> None:
    """The closure section's headings at 60 columns read `经专家、第三` / `方或监管部门` / `验收`
    and `销号后反弹重` / `新整改`: a word of the report's own split at the column's edge."""
    from minecheck.cli._render import safe
    from tests.test_cjk_breaks import drawn

    assert drawn(safe(said), width) == lines


# `minecheck summary ...` up to the end of its command (continuation lines joined)
SUMMARY = re.compile(r"minecheck summary (?:[^\n\\]|\\\n)*")


def _written_reports(text: str) -> list[str]:
    """The summaries a guide writes to a file for a person to read (Markdown, HTML, a table)."""
    commands = [" ".join(m.group().replace("\\\n", " ").split()) for m in SUMMARY.finditer(text)]
    return [
        c
        for c in commands
        if re.search(r"--format (?:md|html|table)\b", c)
        and re.search(r"(?:-o|>) (?!/dev/null)\S", c)
    ]


@pytest.mark.parametrize("guide", sorted(DOCS.glob("guide-*.zh.md")), ids=lambda guide: guide.name)
def test_a_chinese_guide_writes_its_reports_in_chinese(guide: Path) -> None:
    """The Chinese monthly-report guide's cron scripts wrote the month's HTML report without
    `--lang zh`: on a server in the C locale (where cron runs them) the report was English."""
    text = guide.read_text(encoding="utf-8")
    english = [c for c in _written_reports(text) if "--lang zh" not in c]
    assert english == []


# every status a document is listed under, those of the trust list and of reading it
STATUSES = [*(s.value for s in TrustStatus if s != TrustStatus.TRUSTED), "unreadable", "conflict"]


@browser.pytestmark
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_printed_action_or_status_is_never_broken_inside_its_word(
    lang: str, tmp_path: Path
) -> None:
    """Printed beside a long path and a finding's reference, as a month's archive gives them,
    the Chinese actions of "Follow-up events not applied" read `验收通` / `过` and `报告整` /
    `改完成`: the cell broke our own words between words in English only, as any two Chinese
    characters may be broken. Every action and every status is now printed whole."""
    path = "archive/2026-11/" + "fu-chen-1-" * 3 + ".toml"
    finding = "79cb9e86-830c-41c2-8dcc-69292f45e678/output-within-capacity"
    base = KNOWN_REJECTED[0]
    rejected = [
        replace(base, path=path, finding=finding, action=action, at=base.at + dt.timedelta(hours=n))
        for n, action in enumerate(ACTIONS)
    ]
    documents = [*SAMPLE_DOCUMENTS, *(DocumentStatus(path, s, "key SHA256:x") for s in STATUSES)]
    summary = summarize(sample(), as_of=AS_OF, by=("site",), documents=documents, rejected=rejected)
    words = Labels(lang)
    pdf = browser.print_pdf(render(summary, "html", lang), tmp_path)
    printed = " " + " ".join(text for *_, text in browser.pdf_words(pdf)) + " "
    for label in [words.value("action", a) for a in ACTIONS] + [
        words.status(s, False) for s in STATUSES
    ]:
        for word in label.split():  # English may break after a hyphen, between two words
            broken = "- ?".join(re.escape(part) for part in word.split("-"))
            assert re.search(f" {broken} ", printed), (label, word)


@browser.pytestmark
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_printed_as_a_browser_prints_by_default_no_page_carries_the_browser_s_date(
    lang: str, tmp_path: Path
) -> None:
    """Printed as a browser prints by default (headless `--print-to-pdf`, or a print dialog
    with its headers and footers on), every page's head carried the browser's own date and
    time of printing, `12/7/26, 1:57 AM`: above a report as of 30 November, a second date, in
    an order (month/day/year) a Chinese committee reads as 12 July. The report's own foot names
    the report and its day on every page; the browser now adds nothing."""
    summary = summarize(sample(), as_of=AS_OF, by=("site",), documents=SAMPLE_DOCUMENTS)
    page = tmp_path / "report.html"
    page.write_text(render(summary, "html", lang), encoding="utf-8")
    pdf = tmp_path / "report.pdf"
    browser._chromium(f"--print-to-pdf={pdf}", page.as_uri(), tmp=tmp_path)
    pages = browser._pages_text(pdf)
    assert len(pages) >= 2
    title = re.sub(r"\s+", "", Labels(lang)["title"])
    for number, text in enumerate(pages, 1):
        assert not re.search(r"\b\d{1,2}/\d{1,2}/\d{2}\b", text), (number, text[:200])
        assert "file:" not in text, number  # nor the browser's foot, the page's address
    assert re.sub(r"\s+", "", pages[0].strip().splitlines()[0]) == title
