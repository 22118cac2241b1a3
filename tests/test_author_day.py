"""Found by a county checklist author: writing a checklist of one's own and reporting on it."""

from __future__ import annotations

import re

import pytest

from minecheck.report.render import render
from minecheck.report.summary import DIMENSIONS, summarize
from tests.summary_corpus import AS_OF, KNOWN, KNOWN_DOCUMENTS, KNOWN_REJECTED


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("by", DIMENSIONS)
def test_a_group_table_names_each_column_once(by: str, lang: str) -> None:
    """`summary --by item --lang zh` headed its table `| 条目 | 条目 | 隐患 |`: the item and the
    count of checklist items were one word, and a reader could not tell which column was which."""
    summary = summarize(
        KNOWN, as_of=AS_OF, by=(by,), documents=KNOWN_DOCUMENTS, rejected=KNOWN_REJECTED
    )
    md = render(summary, "md", lang)
    headers = [line for line in md.splitlines() if line.startswith("| ") and "---" not in line]
    group_header = next(h for h in headers if h.count("|") > 10)
    cells = [cell.strip() for cell in group_header.strip("|").split("|")]
    assert len(cells) == len(set(cells)), group_header
    html = render(summary, "html", lang)
    for row in re.findall(r"<thead>(.*?)</thead>", html, flags=re.S):
        names = [
            re.sub(r"<[^>]+>", "", c).strip()
            for c in re.findall(r"<th[^>]*>.*?</th>", row, flags=re.S)
        ]
        assert len(names) == len(set(names)), names
