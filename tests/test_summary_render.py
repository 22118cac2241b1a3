"""The summary's formats: exact totals in each, identical bytes in any order, inert hostile text."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random
import re
from html.parser import HTMLParser

import pytest
from rich.console import Console

from minecheck.cli._summary_table import summary_renderables
from minecheck.report.render import FORMATS, STOCK_COLUMNS, render
from minecheck.report.summary import Summary, summarize
from tests.summary_corpus import (
    AS_OF,
    INJECTIONS,
    KNOWN,
    KNOWN_DOCUMENTS,
    KNOWN_REJECTED,
    hostile_documents,
    hostile_rejected,
    hostile_rows,
)

HEADLINE = {
    "findings": 14,
    "hidden_dangers": 10,
    "majors": 6,
    "open": 7,
    "open_majors": 5,
    "overdue": 3,
    "overdue_majors": 1,
    "closed": 2,
    "no_enforcement": 3,
    "repeat_major": 1,
    "inconsistent": 1,
    "untrusted": 0,
}


def known(by: tuple[str, ...] = ("site",)) -> Summary:
    return summarize(KNOWN, as_of=AS_OF, by=by, documents=KNOWN_DOCUMENTS, rejected=KNOWN_REJECTED)


class Cells(HTMLParser):
    """Text of every table row, every headline tile and the whole page, tags ignored."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.tiles: list[list[str]] = []
        self.text: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self._cell: list[str] | None = None
        self._tile_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "div" and dict(attrs).get("class", "") in ("tile", "tile alert"):
            self.tiles.append([])
            self._tile_depth = 1
        elif tag == "div" and self._tile_depth:
            self._tile_depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell))
            self._cell = None
        elif tag == "div" and self._tile_depth:
            self._tile_depth -= 1

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)
        if self._tile_depth > 1:
            self.tiles[-1].append(data)


def parse_html(text: str) -> Cells:
    cells = Cells()
    cells.feed(text)
    cells.close()
    return cells


# -- exact totals --------------------------------------------------------------------------------


def test_json_totals() -> None:
    data = json.loads(render(known(), "json"))
    assert data["as_of"] == "2026-12-01"
    assert data["headline"] == HEADLINE
    assert data["scope"] == {
        "inspections": 4,
        "sites": 3,
        "documents_not_counted": 2,
        "rejected_events": 1,
    }
    assert [(g["site"], g["open"], g["overdue"]) for g in data["groups"]] == [
        ("Dongshan Coal Mine", 1, 0),
        ("Hongyang Iron Mine", 2, 1),
        ("Xinxing Coal Mine 新兴煤矿", 4, 2),
    ]
    assert data["overdue_by_responsible"][-1] == {
        "responsible": None,
        "overdue": 1,
        "overdue_majors": 0,
    }
    assert data["progress"][1] == {"month": "2026-10", "found": 2, "rectified": 2, "closed": 1}
    assert [d["status"] for d in data["documents"]] == ["unreadable", "bad-signature"]
    assert data["rejected"][0]["at"] == "2026-11-28T09:00:00Z"


def test_csv_is_one_line_per_group_with_exact_counts() -> None:
    assert render(known(), "csv") == (
        "site,site_id,findings,hidden_dangers,majors,open,open_majors,overdue,overdue_majors,"
        "closed,no_enforcement,repeat_major,inconsistent,untrusted,"
        "majors_stock,majors_stock_cleared,majors_increment,majors_increment_open\n"
        "Dongshan Coal Mine,,4,2,1,1,1,0,0,1,0,0,0,0,0,0,0,0\n"
        "Hongyang Iron Mine,,3,3,1,2,1,1,0,0,1,0,0,0,0,0,0,0\n"
        "Xinxing Coal Mine 新兴煤矿,,7,5,4,4,3,2,1,1,2,1,1,0,0,0,0,0\n"
    )
    assert render(known(by=()), "csv").splitlines()[1] == "14,10,6,7,5,3,1,2,3,1,1,0,0,0,0,0"


def test_nl_is_one_object_per_group_row() -> None:
    lines = render(known(by=("severity",)), "nl").splitlines()
    objects = [json.loads(line) for line in lines]
    assert [(o["severity"], o["hidden_dangers"], o["open"]) for o in objects] == [
        ("major", 6, 5),
        ("general", 4, 2),
        (None, 0, 0),
    ]
    assert objects[2]["findings"] == 4
    assert json.loads(render(known(by=()), "nl")) == HEADLINE | dict.fromkeys(STOCK_COLUMNS, 0)


def test_md_totals() -> None:
    text = render(known(), "md")
    for line in (
        "# Hidden-danger inspection and rectification summary",
        "As of: 2026-12-01 · Inspections: 4 · Sites: 3 · Documents not counted: 2",
        "| Hidden dangers | 10 |",
        "| Open major | 5 |",
        "| Overdue | 3 |",
        "## By site",
        "| Xinxing Coal Mine 新兴煤矿 | 7 | 5 | 4 | 4 | 3 | 2 | 1 | 1 | 2 | 1 | 1 |",
        "| major | 3 | 0 | 1 | 1 | 1 | 0 | 6 |",
        "| 2026-11 | 6 | 2 | 1 |",
        "| (not recorded) | 1 | 0 |",
        "| inbox/broken.toml | unreadable | not UTF-8 text |",
    ):
        assert line in text.splitlines(), line
    zh = render(known(), "md", "zh")
    assert "# 隐患排查整改情况汇总" in zh
    assert "| 未销号重大隐患 | 5 |" in zh.splitlines()
    assert "| 重大 | 3 | 0 | 1 | 1 | 1 | 0 | 6 |" in zh.splitlines()


def test_html_totals() -> None:
    page = parse_html(render(known(), "html"))
    tiles = {label: int(value) for value, label, *_ in page.tiles}
    assert page.tiles[0] == [
        "14",
        "Checklist items",
        "(incl. 1 not checked)",
    ]  # not read as looked at
    assert tiles == {
        "Checklist items": 14,
        "Hidden dangers": 10,
        "Major": 6,
        "Open": 7,
        "Open major": 5,
        "Overdue": 3,
        "Overdue major": 1,
        "Closed": 2,
        "Open major, no enforcement": 3,
        "Repeat major": 1,
        "Inconsistent": 1,
    }
    assert [
        "Xinxing Coal Mine 新兴煤矿",
        "7",
        "5",
        "4",
        "4",
        "3",
        "2",
        "1",
        "1",
        "2",
        "1",
        "1",
    ] in (page.rows)
    assert ["Site", "Open major"] in page.rows
    assert ["Xinxing Coal Mine 新兴煤矿", "3"] in page.rows
    assert ["2026-11", "6", "2", "1"] in page.rows
    assert ["(not recorded)", "1", "0"] in page.rows
    assert ["inbox/forged.toml", "bad-signature", "the signature does not match the body"] in (
        page.rows
    )
    zh = parse_html(render(known(), "html", "zh"))
    assert {label: int(value) for value, label, *_ in zh.tiles}["未销号重大隐患"] == 5


def test_html_is_self_contained_and_printable() -> None:
    text = render(known(), "html")
    page = parse_html(text)
    tags = {tag for tag, _ in page.tags}
    assert "script" not in tags
    assert not [
        a for _, attrs in page.tags for a in attrs if a in ("src", "href") or a.startswith("on")
    ]
    assert "url(" not in text
    assert "@import" not in text
    assert "@page {\n  size: A4;" in text
    assert "thead { display: table-header-group; }" in text
    assert "Noto Sans CJK SC" in text
    assert sum(tag == "svg" for tag, _ in page.tags) == 8  # for a page and for a phone
    assert '<html lang="en">' in text
    assert '<html lang="zh-CN">' in render(known(), "html", "zh")


def test_the_date_comes_from_as_of() -> None:
    later = summarize(KNOWN, as_of=dt.date(2027, 1, 31))
    for fmt in ("json", "md", "html"):
        text = render(later, fmt)
        assert "2027-01-31" in text
        assert "2026-12-01" not in text


# -- determinism ---------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_shuffled_input_gives_identical_bytes(fmt: str, lang: str) -> None:
    by = ("site", "inspector", "month")
    rows = [*KNOWN, *hostile_rows()]
    docs = [*KNOWN_DOCUMENTS, *hostile_documents()]
    rejected = [*KNOWN_REJECTED, *hostile_rejected()]
    expected = render(
        summarize(rows, as_of=AS_OF, by=by, documents=docs, rejected=rejected), fmt, lang
    ).encode()
    rnd = random.Random(7)  # noqa: S311 - a shuffle
    for _ in range(5):
        rnd.shuffle(rows)
        rnd.shuffle(docs)
        rnd.shuffle(rejected)
        s = summarize(rows, as_of=AS_OF, by=by, documents=docs, rejected=rejected)
        assert render(s, fmt, lang).encode() == expected


# -- hostile text --------------------------------------------------------------------------------


def hostile() -> Summary:
    return summarize(
        hostile_rows(),
        as_of=AS_OF,
        by=("site", "inspector"),
        documents=hostile_documents(),
        rejected=hostile_rejected(),
    )


RAW_DANGER = ("\x1b", "\u202e", "\u202c", "\n\x1b")


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_raw_control_or_bidi_character_in_any_format(fmt: str) -> None:
    text = render(hostile(), fmt)
    for ch in RAW_DANGER:
        assert ch not in text
    assert "\\u001b" in text
    assert "\\u202e" in text
    if fmt not in ("json", "nl"):  # JSON gives the text whole (its data, for programs)
        assert re.search("[\u0336\u0489\u0301]{7}", text) is None  # a run of marks: six shown
        assert re.search(r"Z(\u0336\u0489\u0301){2}\\+u0336", text)


def test_html_escapes_everything_from_files() -> None:
    text = render(hostile(), "html")
    page = parse_html(text)
    assert "<script" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "script" not in {tag for tag, _ in page.tags}
    assert "img" not in {tag for tag, _ in page.tags}
    assert not [a for _, attrs in page.tags for a in attrs if a in ("src", "href")]
    visible = "".join(page.text)
    assert "<script>alert(1)</script>" in visible  # shown as text, in tables and charts
    assert "[bold red]markup[/bold red]" in visible
    assert ":skull:" in visible


def test_csv_neutralises_formulas() -> None:
    rows = list(csv.reader(io.StringIO(render(hostile(), "csv"))))
    assert rows[0][:3] == ["site", "site_id", "inspector"]
    keys = [cell for r in rows[1:] for cell in (r[0], r[2])]
    assert keys
    assert not [k for k in keys if k.startswith(("=", "+", "-", "@"))]
    assert '\'=HYPERLINK("http://evil.example","x")' in keys
    assert "'+1+cmd|' /C calc'!A0" in keys
    assert "'-2+3" in keys
    assert "'@SUM(A1:A2)" in keys


def test_md_keeps_hostile_text_inert() -> None:
    text = render(hostile(), "md")
    assert "<script" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "\\[bold red\\]markup\\[/bold red\\]" in text
    assert "\\!\\[img\\]" in text
    assert "\\:skull\\:" in text
    # every row of every table has as many cells as its header: no pipe from a file split one
    blocks: list[list[str]] = [[]]
    for line in text.splitlines():
        if line.startswith("| "):
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    tables = [b for b in blocks if b]
    assert len(tables) == 9
    assert sum("\\`tick\\`" in line for b in tables for line in b) == 5
    for block in tables:
        widths = {len(re.findall(r"(?<!\\)\|", line)) for line in block}
        assert len(widths) == 1, block


@pytest.mark.parametrize("fmt", ["json", "nl"])
def test_json_keeps_hostile_text_exactly(fmt: str) -> None:
    text = render(hostile(), fmt)
    if fmt == "json":
        sites = {g["site"] for g in json.loads(text)["groups"]}
    else:
        sites = {json.loads(line)["site"] for line in text.splitlines()}
    assert sites == set(INJECTIONS)


def test_terminal_table_shows_hostile_text_as_text() -> None:
    console = Console(file=io.StringIO(), width=200, color_system=None, force_terminal=False)
    for part in summary_renderables(hostile(), "en"):
        console.print(part)
    out = console.file.getvalue()  # type: ignore[attr-defined]
    assert "\x1b" not in out
    assert "\u202e" not in out
    assert "[bold red]markup[/bold red]" in out
    assert ":skull:" in out
    assert "\U0001f480" not in out
    assert "<script>alert(1)</script>" in out
    assert "\\u001b[31mred" in out


def test_terminal_table_totals() -> None:
    console = Console(file=io.StringIO(), width=200, color_system=None, force_terminal=False)
    for part in summary_renderables(known(), "zh"):
        console.print(part)
    out = console.file.getvalue()  # type: ignore[attr-defined]
    lines = [" ".join(line.split()) for line in out.splitlines()]
    assert "未销号重大隐患 5" in lines
    assert "Xinxing Coal Mine 新兴煤矿 7 5 4 4 3 2 1 1 2 1 1" in lines


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_terminal_groups_fit_80_columns_without_folding_a_header(lang: str) -> None:
    from rich.cells import cell_len

    from minecheck.report.labels import Labels

    console = Console(file=io.StringIO(), width=80, color_system=None, force_terminal=False)
    for part in summary_renderables(known(("site", "severity")), lang):
        console.print(part)
    out = console.file.getvalue()  # type: ignore[attr-defined]
    assert max(cell_len(line) for line in out.splitlines()) <= 80
    words = Labels(lang)
    squeezed = [" ".join(line.split()) for line in out.splitlines()]
    # every measure's header stands whole on one line (split across tables, never folded)
    for measure in ("findings", "open_majors", "overdue_majors", "no_enforcement", "inconsistent"):
        assert any(words[measure] in line for line in squeezed), measure
    # each part repeats the group's keys, so every row stays readable
    site_lines = [line for line in squeezed if line.startswith("Xinxing Coal Mine 新兴煤矿")]
    assert len(site_lines) >= 4  # two severities, in at least two parts
    assert words.value("status", "bad-signature") in out  # why a file was left out, in words


def test_chinese_headings_wrap_only_between_words() -> None:
    from minecheck.report.render_html import heading

    assert str(heading("未销号重大隐患")) == "未销号<wbr>重大隐患"
    assert str(heading("已整改待验收")) == "已整改<wbr>待验收"
    assert str(heading("重大隐患")) == "重大隐患"  # nothing to break before
    assert str(heading("<b>检查结论不一致")) == "&lt;b&gt;检查结论<wbr>不一致"
    html = render(known(), "html", "zh")
    assert '<th scope="col">未销号<wbr>重大隐患<wbr>未记录<wbr>执法措施</th>' in html
    assert "word-break: keep-all" in html  # and nowhere else inside a heading
