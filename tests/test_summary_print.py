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
