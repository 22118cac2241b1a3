"""Found by a county checklist author: writing a checklist of one's own and reporting on it."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from minecheck.core.checklist import DIRECTIVES, SITE_KINDS, STANDARDS, TAGS
from minecheck.report.render import render
from minecheck.report.summary import DIMENSIONS, summarize
from tests.conftest import Run
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


HEADER = """\
[checklist]
id = "hlj-winter"
version = "2026.1"
title_zh = "冬季“三防”专项检查"
title = "Winter campaign"
purpose_zh = "冬季检查防火、防冻、防废弃巷道瓦斯积聚。"
purpose = "Winter checks."
applies_to = ["coal"]
directives = ["D15"]
references = ["CR24", "煤矿安全规程"]

[[section]]
id = "fire"
title_zh = "防火"
title = "Fire"

[[section.item]]
id = "w-fire-heaters"
question_zh = "井口房不得使用明火取暖。"
question = "No open-flame heating in shaft-top buildings."
severity = "general"
applies_if = ["winter"]
"""

Cli = Callable[..., Run]
KINDS = ", ".join(SITE_KINDS)
TAG_LIST = ", ".join(TAGS)
DIRS = ", ".join(DIRECTIVES)
STDS = ", ".join(STANDARDS)


@pytest.mark.parametrize(
    ("lang", "lines"),
    [
        (
            "en",
            [
                f"hlj-winter.toml:8:15: unknown site kind 'coal': one of {KINDS}",
                f"hlj-winter.toml:9:15: unknown directive 'D15': one of {DIRS}",
                f"hlj-winter.toml:10:23: unknown standard '煤矿安全规程': one of {STDS}",
                f"hlj-winter.toml:22:15: unknown site tag 'winter': one of {TAG_LIST}",
            ],
        ),
        (
            "zh",
            [
                f"hlj-winter.toml:8:15: 未知的场所类型 'coal'：可用的有 {KINDS}",
                f"hlj-winter.toml:9:15: 未知的部署要求 'D15'：可用的有 {DIRS}",
                f"hlj-winter.toml:10:23: 未知的标准 '煤矿安全规程'：可用的有 {STDS}",
                f"hlj-winter.toml:22:15: 未知的场所标签 'winter'：可用的有 {TAG_LIST}",
            ],
        ),
    ],
)
def test_an_unknown_code_is_told_with_the_codes_there_are(
    lang: str, lines: list[str], cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A county author naming the province's own standard in `references`, or a tag of the
    campaign's own (`winter`), read "unknown standard '煤矿安全规程'" and nothing of what lint
    knows: a close code was named ("did you mean"), a far one left the author to guess."""
    monkeypatch.chdir(tmp_path)
    Path("hlj-winter.toml").write_text(HEADER, encoding="utf-8")
    result = cli(["checklists", "lint", "hlj-winter.toml", "--lang", lang])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == lines


OWN_CLAUSE = """\
[checklist]
id = "hlj-winter"
version = "2026.1"
title_zh = "冬季“三防”专项检查"
title = "Winter campaign"
purpose_zh = "冬季检查防火、防冻、防废弃巷道瓦斯积聚。"
purpose = "Winter checks."
applies_to = ["coal-underground"]

[[section]]
id = "closed"
title_zh = "废弃巷道瓦斯"
title = "Gas in closed-down workings"

[[section.item]]
id = "w-closed-seal"
question_zh = "废弃巷道已按规定封闭。"
question = "Closed-down workings are sealed as required."
severity = "general"
basis = ["HLJ-W-3", "cmhd-6.1", "CMHD-19.1"]
"""


@pytest.mark.parametrize(
    ("lang", "own", "typed"),
    [
        (
            "en",
            "hlj-winter.toml:20:10: clause code 'HLJ-W-3' is no code of a standard minecheck "
            "knows (CMHD, MNM-UG, MNM-OP, MNM-TP, WSL, CR24, O16, HM24, AP24): basis cites "
            "those only, which reports count by; cite a rule of your own in the item's guidance",
            "clause code {code} is not a known clause code (CMHD-<4..18>.<n>, MNM-UG[-n], "
            "MNM-OP[-n], MNM-TP[-n], WSL-<n>, CR24-<n>, O16[-n], HM24[-n], AP24[-n])",
        ),
        (
            "zh",
            "hlj-winter.toml:20:10: 条款代码 'HLJ-W-3' 不属于 minecheck 所知的标准（CMHD、MNM-UG、"
            "MNM-OP、MNM-TP、WSL、CR24、O16、HM24、AP24）：basis 只引用这些条款，报告按它们统计；"
            "本地规定的条款请写在条目的 guidance 中",
            "条款代码 {code} 不是已知的条款代码（CMHD-<4..18>.<n>、MNM-UG[-n]、MNM-OP[-n]、"
            "MNM-TP[-n]、WSL-<n>、CR24-<n>、O16[-n]、HM24[-n]、AP24[-n]）",
        ),
    ],
)
def test_a_clause_of_ones_own_is_told_where_it_goes(
    lang: str,
    own: str,
    typed: str,
    cli: Cli,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A county author citing the campaign notice's own clause (`HLJ-W-3`) in `basis` was told
    only which code forms lint knows, as if the code were mistyped: the author learns that
    basis is for the standards' clauses and where a local rule is cited. A known standard's code
    mistyped (lowercase, an article the criteria do not have) is told as before."""
    monkeypatch.chdir(tmp_path)
    Path("hlj-winter.toml").write_text(OWN_CLAUSE, encoding="utf-8")
    result = cli(["checklists", "lint", "hlj-winter.toml", "--lang", lang])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        own,
        "hlj-winter.toml:20:21: " + typed.format(code="'cmhd-6.1'"),
        "hlj-winter.toml:20:33: " + typed.format(code="'CMHD-19.1'"),
    ]
