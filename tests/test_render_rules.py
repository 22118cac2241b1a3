"""What a report author reads in each format of the summary, cell by cell, in both languages.

The figures are KNOWN's hand counts (tests/summary_corpus.py; the headline is test_summary_render's
HEADLINE): each section's lines as a reader meets them in Markdown and HTML, and the JSON, CSV
and nl values a script reads back.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import replace

import pytest

from minecheck.report.render import render
from minecheck.report.rows import DocumentStatus
from minecheck.report.summary import Summary, summarize
from tests.summary_corpus import AS_OF, KNOWN, KNOWN_DOCUMENTS, KNOWN_REJECTED, D, _danger, sample
from tests.test_summary_render import known, parse_html

# A document signed by a key nobody trusts: counted only with --include-untrusted.
VISITOR = DocumentStatus(
    "inbox/visitor.toml",
    "untrusted-key",
    "the key is not in the allowed signers",
    "findings",
    "6f1c2d3e-0000-4000-8000-00000000000a",
    "visitor@hlj.example",
)


def with_untrusted() -> Summary:
    return summarize(
        KNOWN,
        as_of=AS_OF,
        by=("site",),
        documents=(*KNOWN_DOCUMENTS, VISITOR),
        rejected=KNOWN_REJECTED,
        include_untrusted=True,
    )


def section(md: str, heading: str) -> list[str]:
    """The lines under `## heading` up to the next heading, blank lines left out."""
    lines = md.splitlines()
    start = lines.index(f"## {heading}") + 1
    end = next((i for i in range(start, len(lines)) if lines[i].startswith("#")), len(lines))
    return [line for line in lines[start:end] if line]


# -- Markdown ----------------------------------------------------------------------------------


MD_EN = {
    "scope": "As of: 2026-12-01 · Inspections: 4 · Sites: 3 · Documents not counted: 2",
    "Headline figures": [
        "| Measure | Count |",
        "| --- | ---: |",
        "| Checklist items (incl. 1 not checked) | 14 |",
        "| Hidden dangers | 10 |",
        "| Major | 6 |",
        "| Open | 7 |",
        "| Open major | 5 |",
        "| Overdue | 3 |",
        "| Overdue major | 1 |",
        "| Closed | 2 |",
        "| Open major, no enforcement | 3 |",
        "| Repeat major | 1 |",
        "| Inconsistent | 1 |",
    ],
    "Hidden dangers by severity and state": [
        "| Severity | open | rectifying | rectified | accepted | closed | withdrawn | Total |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        "| major | 3 | 0 | 1 | 1 | 1 | 0 | 6 |",
        "| general | 1 | 1 | 0 | 0 | 1 | 1 | 4 |",
    ],
    "Open major hidden dangers by site": [
        "| Site | Open major |",
        "| --- | ---: |",
        "| Xinxing Coal Mine 新兴煤矿 | 3 |",
        "| Dongshan Coal Mine | 1 |",
        "| Hongyang Iron Mine | 1 |",
    ],
    "Rectification progress by month": [
        "| Month | Found | Rectified | Closed |",
        "| --- | ---: | ---: | ---: |",
        "| 2026-09 | 2 | 0 | 0 |",
        "| 2026-10 | 2 | 2 | 1 |",
        "| 2026-11 | 6 | 2 | 1 |",
        "| 2026-12 | 0 | 0 | 0 |",
    ],
    "Overdue hidden dangers by responsible unit": [
        "| Responsible unit | Overdue | Overdue major |",
        "| --- | ---: | ---: |",
        "| Ventilation Section | 1 | 1 |",
        "| Electromechanical Team | 1 | 0 |",
        "| (not recorded) | 1 | 0 |",
    ],
}

MD_ZH = {
    "scope": "统计截至：2026-12-01 · 检查次数：4 · 被检查单位：3 · 未计入文件：2",
    "主要数据": [
        "| 指标 | 数量 |",
        "| --- | ---: |",
        "| 条目数（其中未检查 1） | 14 |",
        "| 隐患 | 10 |",
        "| 重大隐患 | 6 |",
        "| 未销号 | 7 |",
        "| 未销号重大隐患 | 5 |",
        "| 逾期 | 3 |",
        "| 逾期重大隐患 | 1 |",
        "| 已销号 | 2 |",
        "| 未销号重大隐患未记录执法措施 | 3 |",
        "| 重复重大隐患 | 1 |",
        "| 检查结论不一致 | 1 |",
    ],
    "隐患按等级和状态": [
        "| 等级 | 未整改 | 整改中 | 已整改待验收 | 已验收 | 已销号 | 已撤销 | 合计 |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        "| 重大 | 3 | 0 | 1 | 1 | 1 | 0 | 6 |",
        "| 一般 | 1 | 1 | 0 | 0 | 1 | 1 | 4 |",
    ],
    "按单位统计": [
        "| 单位 | 条目数 | 隐患 | 重大隐患 | 未销号 | 未销号重大隐患 | 逾期 | 逾期重大隐患 "
        "| 已销号 | 未销号重大隐患未记录执法措施 | 重复重大隐患 | 检查结论不一致 |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        "| Dongshan Coal Mine | 4 | 2 | 1 | 1 | 1 | 0 | 0 | 1 | 0 | 0 | 0 |",
        "| Hongyang Iron Mine | 3 | 3 | 1 | 2 | 1 | 1 | 0 | 0 | 1 | 0 | 0 |",
        "| Xinxing Coal Mine 新兴煤矿 | 7 | 5 | 4 | 4 | 3 | 2 | 1 | 1 | 2 | 1 | 1 |",
    ],
    "销号情况：用时、验收、反弹": [
        "| 等级 | 已销号 | 平均销号用时（天） | 经专家、第三方或监管部门验收 "
        "| 销号后反弹重新整改 |",
        "| --- | ---: | ---: | ---: | ---: |",
        "| 重大 | 1 | 35.0 | 0 | 1 项中 0 项 |",
        "| 一般 | 1 | 13.0 | 0 | 1 项中 0 项 |",
    ],
    "逾期隐患（按责任单位）": [
        "| 责任单位 | 逾期 | 逾期重大隐患 |",
        "| --- | ---: | ---: |",
        "| Ventilation Section | 1 | 1 |",
        "| Electromechanical Team | 1 | 0 |",
        "| （未填写） | 1 | 0 |",
    ],
    "未计入的文件": [
        "| 文件 | 状态 | 原因 |",
        "| --- | --- | --- |",
        "| inbox/broken.toml | 无法读取 | not UTF-8 text |",
        "| inbox/forged.toml | 签名无效 | the signature does not match the body |",
    ],
    "未采纳的跟踪记录": [
        "| 文件 | 隐患 | 操作 | 时间 | 原因 |",
        "| --- | --- | --- | --- | --- |",
        "| followups/xinxing-accept.toml | 0b7f0f3e-5a7c-4d0e-9b1e-1f6c1d2a0a02/gas-overlimit "
        "| 验收通过 | 2026-11-28T09:00:00Z | a major hidden danger is accepted only by expert "
        "review, third party or regulator on site |",
        "数据截至 2026-12-01。相同的文件始终生成相同的报告。",
    ],
}


@pytest.mark.parametrize(("lang", "expected"), [("en", MD_EN), ("zh", MD_ZH)])
def test_markdown_sections_line_by_line(lang: str, expected: dict[str, object]) -> None:
    md = render(known(), "md", lang)
    lines = md.splitlines()
    title = (
        "# Hidden-danger inspection and rectification summary"
        if lang == "en"
        else ("# 隐患排查整改情况汇总")
    )
    headline = "## Headline figures" if lang == "en" else "## 主要数据"
    assert lines[:6] == [title, "", expected["scope"], "", headline, ""]
    for heading, rows in expected.items():
        if heading != "scope":
            assert section(md, heading) == rows, heading


def test_markdown_lists_the_untrusted_documents_under_their_own_heading() -> None:
    en = render(with_untrusted(), "md", "en").splitlines()
    assert en[2] == (
        "As of: 2026-12-01 · Inspections: 4 · Sites: 3 · Documents not trusted or not counted: 3"
    )
    assert "## Documents not trusted or not counted" in en
    assert "## Documents not counted" not in en
    assert (
        "| inbox/visitor.toml | untrusted-key (counted, marked) "
        "| the key is not in the allowed signers |"
    ) in en
    zh = render(with_untrusted(), "md", "zh").splitlines()
    assert zh[2] == "统计截至：2026-12-01 · 检查次数：4 · 被检查单位：3 · 未受信任或未计入文件：3"
    assert "## 未受信任或未计入的文件" in zh
    assert "## 未计入的文件" not in zh
    assert (
        "| inbox/visitor.toml | 密钥未受信任（已计入并标注） "
        "| the key is not in the allowed signers |"
    ) in zh
    # the untrusted column is shown once untrusted documents may be counted
    assert section(render(with_untrusted(), "md", "en"), "By site")[0].endswith(
        "| Inconsistent | From untrusted documents |"
    )


def test_an_empty_summary_says_none_under_every_section() -> None:
    empty = summarize((), as_of=AS_OF, by=("site",))
    en = render(empty, "md", "en")
    for heading in (
        "Hidden dangers by severity and state",
        "By site",
        "Open major hidden dangers by site",
        "Closure: time, acceptance, rebounds",
        "Overdue hidden dangers by responsible unit",
        "Documents not counted",
    ):
        assert section(en, heading) == ["None."], heading
    assert section(en, "Follow-up events not applied") == [
        "None.",
        "Report as of 2026-12-01. The same documents always give the same report.",
    ]
    zh = render(empty, "md", "zh")
    assert section(zh, "按单位统计") == ["无。"]
    assert section(zh, "主要数据")[2] == "| 条目数 | 0 |"  # no note when nothing was not checked


# -- HTML --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "first", "alerts"),
    [
        ("en", ["14", "Checklist items", "(incl. 1 not checked)"], 5),
        ("zh", ["14", "条目数", "（其中未检查 1）"], 5),
    ],
)
def test_html_headline_tiles_and_alerts(lang: str, first: list[str], alerts: int) -> None:
    page = parse_html(render(known(), "html", lang))
    assert page.tiles[0] == first
    assert [t[0] for t in page.tiles] == ["14", "10", "6", "7", "5", "3", "1", "2", "3", "1", "1"]
    # open majors, overdue, overdue majors, no enforcement and repeat majors are not zero
    classes = [a.get("class") for tag, a in page.tags if tag == "div"]
    assert classes.count("tile alert") == alerts


@pytest.mark.parametrize(
    ("lang", "rows"),
    [
        (
            "en",
            [
                ["major", "3", "0", "1", "1", "1", "0", "6"],
                ["major", "1", "35.0", "0", "0 of 1"],
                ["(not recorded)", "1", "0"],
                ["inbox/forged.toml", "bad-signature", "the signature does not match the body"],
            ],
        ),
        (
            "zh",
            [
                ["重大", "3", "0", "1", "1", "1", "0", "6"],
                ["重大", "1", "35.0", "0", "1 项中 0 项"],
                ["（未填写）", "1", "0"],
                ["inbox/forged.toml", "签名无效", "the signature does not match the body"],
            ],
        ),
    ],
)
def test_html_tables_cell_by_cell(lang: str, rows: list[list[str]]) -> None:
    page = parse_html(render(known(), "html", lang))
    for expected in rows:
        assert expected in page.rows, expected


# -- data formats ------------------------------------------------------------------------------


def test_json_scope_documents_and_rejected_as_a_script_reads_them() -> None:
    data = json.loads(render(known(), "json"))
    assert data["as_of"] == "2026-12-01"
    assert data["by"] == ["site"]
    assert data["include_untrusted"] is False
    assert data["scope"] == {
        "inspections": 4,
        "sites": 3,
        "documents_not_counted": 2,
        "rejected_events": 1,
    }
    assert data["documents"] == [
        {
            "path": "inbox/broken.toml",
            "status": "unreadable",
            "reason": "not UTF-8 text",
            "kind": None,
            "document_id": None,
            "signer": None,
        },
        {
            "path": "inbox/forged.toml",
            "status": "bad-signature",
            "reason": "the signature does not match the body",
            "kind": "findings",
            "document_id": "6f1c2d3e-0000-4000-8000-000000000009",
            "signer": "mallory@hlj.example",
        },
    ]
    assert data["rejected"][0]["at"] == "2026-11-28T09:00:00Z"
    assert data["rejected"][0]["action"] == "accepted"
    assert data["overdue_by_responsible"][-1] == {
        "responsible": None,
        "overdue": 1,
        "overdue_majors": 0,
    }
    assert data["closing"][0] == {
        "severity": "major",
        "closed": 1,
        "days": 35,
        "mean_days": 35.0,
        "independent": 0,
        "ever_closed": 1,
        "reopened": 0,
    }
    assert {(c["severity"], c["state"]): c["count"] for c in data["severity_state"]} == {
        ("major", "open"): 3,
        ("major", "rectified"): 1,
        ("major", "accepted"): 1,
        ("major", "closed"): 1,
        ("general", "open"): 1,
        ("general", "rectifying"): 1,
        ("general", "closed"): 1,
        ("general", "withdrawn"): 1,
    }
    untrusted = json.loads(render(with_untrusted(), "json"))
    assert untrusted["include_untrusted"] is True
    # a document of an untrusted key counts with --include-untrusted; a forged or unreadable
    # one never does
    assert untrusted["scope"]["documents_not_counted"] == 2
    plain = summarize(KNOWN, as_of=AS_OF, documents=(*KNOWN_DOCUMENTS, VISITOR))
    assert json.loads(render(plain, "json"))["scope"]["documents_not_counted"] == 3


def test_csv_and_nl_without_by_give_the_corpus_as_one_row() -> None:
    whole = known(())
    rows = list(csv.reader(io.StringIO(render(whole, "csv"))))
    assert rows[0][:3] == ["findings", "hidden_dangers", "majors"]
    assert rows[1][:5] == ["14", "10", "6", "7", "5"]
    assert len(rows) == 2
    objects = [json.loads(line) for line in render(whole, "nl").splitlines()]
    assert len(objects) == 1
    assert objects[0]["findings"] == 14
    assert objects[0]["open_majors"] == 5
    data = json.loads(render(whole, "json"))
    assert data["groups"] == []


def test_an_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown format 'pdf'"):
        render(known(), "pdf")


# -- findings from untrusted documents, and a long run of months --------------------------------


def two_untrusted() -> Summary:
    """KNOWN with two of its rows from a document of an untrusted key, counted."""
    rows = [replace(r, trust="untrusted-key") if i in (3, 4) else r for i, r in enumerate(KNOWN)]
    return summarize(rows, as_of=AS_OF, include_untrusted=True)


@pytest.mark.parametrize(
    ("lang", "note", "row"),
    [
        (
            "en",
            "Includes 2 finding(s) from documents that are not trusted.",
            "| From untrusted documents | 2 |",
        ),
        ("zh", "其中 2 条来自未受信任的文件。", "| 来自未受信任文件 | 2 |"),
    ],
)
def test_counted_untrusted_findings_are_said_above_the_headline(
    lang: str, note: str, row: str
) -> None:
    md = render(two_untrusted(), "md", lang)
    assert md.splitlines()[4] == f"**{note}**"
    assert section(md, "Headline figures" if lang == "en" else "主要数据")[-1] == row
    page = parse_html(render(two_untrusted(), "html", lang))
    assert note in [t.strip() for t in page.text]
    # without untrusted findings there is no such line
    assert "**" not in render(known(), "md", lang)
    assert "Includes" not in "".join(parse_html(render(known(), "html", lang)).text)


def months(n: int) -> Summary:
    """One open hidden danger found in each of `n` months from January 2024."""
    rows = [
        _danger("general", "open", found=D(2024 + m // 12, m % 12 + 1, 5), item=f"item-{m}")
        for m in range(n)
    ]
    return summarize(rows, as_of=D(2024 + (n - 1) // 12, (n - 1) % 12 + 1, 28))


@pytest.mark.parametrize(
    ("lang", "note"),
    [
        ("en", "24 of 26 drawn; the table lists them all."),
        ("zh", "图中显示 26 项中的 24 项，表格列出全部。"),
    ],
)
def test_the_progress_chart_draws_the_last_24_months_and_says_so(lang: str, note: str) -> None:
    html = render(months(26), "html", lang)
    charts = "".join(re.findall(r"<svg.*?</svg>", html, re.DOTALL))
    assert "2024-01" not in charts
    assert "2024-02" not in charts
    assert "2024-03" in charts
    assert "2026-02" in charts
    assert note in html
    table = parse_html(html).rows
    assert ["2024-01", "1", "0", "0"] in table  # the table lists every month
    assert ["2026-02", "1", "0", "0"] in table
    # 24 months are drawn whole, without a note
    whole = render(months(24), "html", lang)
    assert "2024-01" in "".join(re.findall(r"<svg.*?</svg>", whole, re.DOTALL))
    assert ("drawn;" if lang == "en" else "图中显示") not in whole


@pytest.mark.parametrize(
    ("lang", "by"),
    [("en", ("severity", "state")), ("zh", ("site", "severity", "month", "state"))],
)
def test_a_wide_group_table_counts_the_width_of_state_values_never_broken(
    lang: str, by: tuple[str, ...]
) -> None:
    """A state ("rectifying", "已整改待验收") is never broken across lines, so its column is
    as wide as its longest value: with it, these tables' headings no longer fit whole across
    A4 and break anywhere ("dense cramped"), where their headings alone would fit ("dense")."""
    wide = summarize(sample(), as_of=AS_OF, by=by, include_untrusted=True)
    tables = [
        a.get("class") for tag, a in parse_html(render(wide, "html", lang)).tags if tag == "table"
    ]
    assert "dense cramped" in tables


# -- the charts ----------------------------------------------------------------------------------

CHART_PARTS = {
    "en": [
        *("open: 3", "rectified: 1", "accepted: 1", "closed: 1"),  # major, by state
        *("open: 1", "rectifying: 1", "closed: 1", "withdrawn: 1"),  # general, by state
        *("Xinxing Coal Mine 新兴煤矿: 3", "Dongshan Coal Mine: 1", "Hongyang Iron Mine: 1"),
        *("Found 2026-09: 2", "Found 2026-10: 2", "Rectified 2026-10: 2", "Closed 2026-10: 1"),
        *("Found 2026-11: 6", "Rectified 2026-11: 2", "Closed 2026-11: 1"),
        *("major: 1", "general: 1", "general: 1"),  # overdue, by responsible unit
    ],
    "zh": [
        *("未整改: 3", "已整改待验收: 1", "已验收: 1", "已销号: 1"),
        *("未整改: 1", "整改中: 1", "已销号: 1", "已撤销: 1"),
        *("Xinxing Coal Mine 新兴煤矿: 3", "Dongshan Coal Mine: 1", "Hongyang Iron Mine: 1"),
        *("发现 2026-09: 2", "发现 2026-10: 2", "整改完成 2026-10: 2", "销号 2026-10: 1"),
        *("发现 2026-11: 6", "整改完成 2026-11: 2", "销号 2026-11: 1"),
        *("重大: 1", "一般: 1", "一般: 1"),
    ],
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_drawn_part_of_every_chart_is_named_with_its_figure(lang: str) -> None:
    """Each bar part a chart draws carries its name and number (zero parts are not drawn), in
    the order of the tables: severity by state, open majors by site, months, overdue units;
    the charts drawn for a phone name the same parts."""
    html = render(known(), "html", lang)
    for kind in ("page", "phone"):
        charts = "".join(re.findall(rf'<svg[^>]*class="{kind}".*?</svg>', html, re.DOTALL))
        assert re.findall(r"<title>([^<]*)</title>", charts) == CHART_PARTS[lang]


@pytest.mark.parametrize(("lang", "none"), [("en", "None."), ("zh", "无。")])
def test_with_nothing_to_draw_every_chart_says_none(lang: str, none: str) -> None:
    html = render(summarize((), as_of=AS_OF), "html", lang)
    figures = re.findall(r"<figure[ >].*?</figure>", html, re.DOTALL)
    assert len(figures) == 4
    for figure in figures:
        assert f'<p class="empty">{none}</p>' in figure
        assert "<svg" not in figure


@pytest.mark.parametrize(("lang", "unrecorded"), [("en", "(not recorded)"), ("zh", "（未填写）")])
def test_the_overdue_chart_names_each_unit_and_the_unrecorded_one(
    lang: str, unrecorded: str
) -> None:
    html = render(known(), "html", lang)
    overdue = re.findall(r'<svg[^>]*class="page".*?</svg>', html, re.DOTALL)[-1]
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", overdue)
    assert texts[:6] == ["Ventilation Section", "1", "Electromechanical Team", "1", unrecorded, "1"]


def group_table_class(summary: Summary, lang: str) -> str | None:
    tags = parse_html(render(summary, "html", lang)).tags
    return next(
        a.get("class")
        for tag, a in tags
        if tag == "table" and a.get("aria-labelledby") == "h-groups"
    )


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_group_table_of_12_columns_keeps_the_normal_type_and_13_are_dense(lang: str) -> None:
    assert group_table_class(known(), lang) is None  # a site and 11 measures
    assert group_table_class(known(("site", "month")), lang) == "dense"  # 13 columns
    assert group_table_class(with_untrusted(), lang) == "dense"  # 11 measures and untrusted


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_two_charts_share_a_row_and_two_run_across_the_page(lang: str) -> None:
    html = render(known(), "html", lang)
    assert re.findall(r"<figure[^>]*>", html) == [
        "<figure>",  # severity by state
        "<figure>",  # open majors by site
        '<figure class="wide">',  # months
        '<figure class="wide">',  # overdue units
    ]


@pytest.mark.parametrize(
    ("lang", "series"),
    [("en", ["Found", "Rectified", "Closed"]), ("zh", ["发现", "整改完成", "销号"])],
)
def test_the_progress_legend_gives_each_series_its_own_colour(lang: str, series: list[str]) -> None:
    page = render(known(), "html", lang)
    progress = re.findall(r'<svg[^>]*class="page".*?</svg>', page, re.DOTALL)[2]
    legend = re.findall(r'fill="(#[0-9a-f]+)"/>\s*<text[^>]*>([^<]*)</text>', progress)
    assert [name for _, name in legend] == series
    assert len({colour for colour, _ in legend}) == 3


def many_sites(n: int) -> Summary:
    """An open major, overdue, at each of `n` sites, each its own responsible unit."""
    rows = [
        _danger(
            "major",
            "open",
            site=f"Mine {k:02d}",
            item=f"item-{k}",
            inspection=f"0b7e4c1a-2d3f-4a5b-8c6d-{k:012d}",
            deadline=D(2026, 10, 15),
            overdue=True,
            flags=("overdue",),
            responsible=f"Section {k:02d}",
        )
        for k in range(n)
    ]
    return summarize(rows, as_of=D(2026, 11, 30))


@pytest.mark.parametrize(
    ("lang", "note"),
    [
        ("en", "12 of 13 drawn; the table lists them all."),
        ("zh", "图中显示 13 项中的 12 项，表格列出全部。"),
    ],
)
def test_the_site_and_overdue_charts_draw_twelve_bars_and_say_so(lang: str, note: str) -> None:
    """A province's report over many mines: the charts of open majors by site and of overdue
    hidden dangers by responsible unit draw twelve bars each (a chart of 40 bars is unreadable
    on a page) and say how many of how many; the tables list all thirteen."""
    html = render(many_sites(13), "html", lang)
    charts = "".join(re.findall(r"<svg.*?</svg>", html, re.DOTALL))
    for name in ("Mine", "Section"):
        drawn = {k for k in range(13) if f"{name} {k:02d}" in charts}
        assert len(drawn) == 12, (name, sorted(drawn))
    assert html.count(note) == 2
    cells = [c for row in parse_html(html).rows for c in row]
    assert all(f"Mine {k:02d}" in cells for k in range(13))
    assert all(f"Section {k:02d}" in cells for k in range(13))
    whole = render(many_sites(12), "html", lang)
    assert ("drawn;" if lang == "en" else "图中显示") not in whole


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_coordinate_of_a_chart_is_written_to_the_hundredth_at_most(lang: str) -> None:
    """A chart's numbers are rounded as its bars are: a label's x written `55.00000000000001`
    drew the same, but read as noise to anyone who compares or edits the page."""
    for summary in (known(), many_sites(13), months(26)):
        html = render(summary, "html", lang)
        svg = "".join(re.findall(r"<svg.*?</svg>", html, re.DOTALL))
        numbers = re.findall(r'="(-?\d+\.\d+)"', svg)
        assert numbers  # (the charts have fractional coordinates)
        assert [n for n in numbers if len(n.split(".")[1]) > 2] == []
