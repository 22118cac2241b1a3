"""The reports as a report author passes them on: the Markdown report pasted into a tool that
renders GitHub-flavoured Markdown, and the HTML report's charts printed in black and white."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from markdown_it import MarkdownIt

from minecheck.core.sanitize import for_terminal
from minecheck.report.render import render
from minecheck.report.rows import DocumentStatus
from minecheck.report.summary import Summary, summarize
from tests.summary_corpus import AS_OF, INJECTIONS, hostile_rejected, hostile_rows

# What a cell holds that means something to a Markdown reader, on top of the corpus' injections
MARKDOWN = (
    "a | b || c",
    "``code`` and `tick`",
    "<!-- hidden --> shown",
    "<b>bold</b> &amp; &#60; &lt;",
    "# heading",
    "> quote",
    "- item",
    "1. first",
    "***",
    "see www.evil.example/x now",
    "write to mallory@evil.example",
    "https://evil.example/a_b and <http://evil.example>",
    "[ref]: http://evil.example",
    "trailing backslash \\",
    "~~struck~~ *em* __strong__",
)
TEXTS = (*INJECTIONS, *MARKDOWN)


def _hostile() -> Summary:
    base = hostile_rows()[0]
    rows = [
        replace(
            base,
            site=text,
            responsible=text,
            inspectors=(text,),
            item=f"item-{i}",
            inspection=f"0b7f0f3e-5a7c-4d0e-9b1e-1f6c1d2a0c{i:02d}",
        )
        for i, text in enumerate(TEXTS)
    ]
    return summarize(
        rows,
        as_of=AS_OF,
        by=("site", "inspector"),
        documents=[DocumentStatus(f"inbox/{t}.toml", "untrusted-key", t) for t in TEXTS],
        rejected=[
            replace(hostile_rejected()[0], path=f"followups/{t}.toml", finding=f"x/{t}", reason=t)
            for t in TEXTS
        ],
    )


def _gfm() -> MarkdownIt:
    # GitHub's flavour as markdown-it-py has it; its linkify needs linkify-it-py, which is not
    # installed: GitHub's own autolinks (www., a scheme, an e-mail address) are checked apart
    return MarkdownIt("gfm-like").disable("linkify")


def _cells(html: str) -> list[list[str]]:
    """The text of every cell of every rendered table, a list per row, entities decoded."""
    import html as html_lib

    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", html, re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        rows.append([html_lib.unescape(c) for c in cells])
    return rows


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_markdown_tables_keep_their_columns_and_hostile_text_as_text(lang: str) -> None:
    source = render(_hostile(), "md", lang)
    html = _gfm().render(source)
    # nothing but headings, paragraphs and tables: no link, image, code, emphasis, list,
    # quote, rule or raw HTML made of a file's text
    assert set(re.findall(r"<([a-z][a-z0-9]*)", html)) <= {
        "h1", "h2", "p", "strong", "table", "thead", "tbody", "tr", "th", "td",
    }  # fmt: skip
    assert html.count("<table>") == source.count("\n| ---")
    rows = _cells(html)
    shown = {for_terminal(t).strip() for t in TEXTS}
    # each text is a whole cell, as a reader sees it: in the site, inspector and responsible
    # columns, and in the documents' and the events' reasons
    for text in shown:
        assert sum(text in row for row in rows) >= 5, text
    # every row has as many cells as its header: a pipe or a line break did not split one
    for table in re.findall(r"<table>(.*?)</table>", html, re.S):
        counts = {len(r) for r in _cells(table)}
        assert len(counts) == 1, counts


# GitHub's autolinks (extension): www. after a word's start, a scheme and ://, an e-mail address
_AUTOLINK = re.compile(
    r"(?:^|[\s*_~(])www\.|(?:https?|ftp)://|[A-Za-z0-9._+-]@[A-Za-z0-9_-]+\.", re.IGNORECASE
)


def test_markdown_text_makes_no_autolink_on_github() -> None:
    source = render(_hostile(), "md", "en")
    assert "evil.example" in source
    found = [line for line in source.splitlines() if _AUTOLINK.search(line)]
    assert found == []


def test_the_autolink_check_finds_an_autolink() -> None:
    for text in ("see www.evil.example", "http://evil.example", "a mallory@evil.example b"):
        assert _AUTOLINK.search(text), text
    assert not _AUTOLINK.search("www\\.evil.example mallory\\@evil.example http\\://evil")


# -- the charts in black and white ---------------------------------------------------------------


def _luminance(colour: str) -> float:
    """WCAG relative luminance of `#rrggbb`."""

    def linear(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)


def _lightness(colour: str) -> float:
    """CIE L*: what is left of a colour on a black-and-white printout, 0 black to 100 white."""
    y = _luminance(colour)
    return 116 * y ** (1 / 3) - 16 if y > 216 / 24389 else y * 24389 / 27


def _series() -> dict[str, list[tuple[str, str, bool]]]:
    """Each chart's series: (name, colour, hatched)."""
    from minecheck.report.render_charts import (
        HATCHED,
        MAJOR_COLOUR,
        OTHER_COLOUR,
        SERIES_COLOURS,
        STATE_COLOURS,
    )

    return {
        "severity and state": [(s, c, s in HATCHED) for s, c in STATE_COLOURS.items()],
        "progress": [
            (n, c, False)
            for n, c in zip(("found", "rectified", "closed"), SERIES_COLOURS, strict=True)
        ],
        "overdue": [("major", MAJOR_COLOUR, False), ("general", OTHER_COLOUR, False)],
    }


@pytest.mark.parametrize("chart", ["severity and state", "progress", "overdue"])
def test_every_bar_stands_out_from_white_paper(chart: str) -> None:
    """WCAG 1.4.11: 3:1 against the page (light amber, green, grey and pink bars had 2-2.7)."""
    for name, colour, _ in _series()[chart]:
        ratio = (1.05) / (_luminance(colour) + 0.05)
        assert ratio >= 3, (name, colour, round(ratio, 2))


@pytest.mark.parametrize(
    ("chart", "apart"), [("severity and state", 9), ("progress", 12), ("overdue", 12)]
)
def test_every_series_can_be_told_apart_in_black_and_white(chart: str, apart: float) -> None:
    """Two series drawn alike (both solid, or both hatched) differ in lightness by `apart` L*
    at least ("open" and "closed" were 6.8 apart, "accepted" and "withdrawn" 2.1)."""
    series = _series()[chart]
    for i, (a, colour_a, hatched_a) in enumerate(series):
        for b, colour_b, hatched_b in series[i + 1 :]:
            if hatched_a == hatched_b:
                gap = abs(_lightness(colour_a) - _lightness(colour_b))
                assert gap >= apart, (a, b, round(gap, 1))
