"""A provincial Safety Committee secretary's quarter, in both languages: the guides followed as
written, what a Chinese reader of them meets."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.test_guides import runnable_blocks

CHINESE_GUIDES = sorted((REPO / "docs").glob("guide-*.zh.md"))

# what a script of a guide says to its reader: its comments, what it echoes or prints
SAID = re.compile(r"""(?:\becho|\bprint|\bprintf)\s*\(?\s*"([^"]*)\"""")
# the records a guide's commands write: the words an inspector typed into them
TYPED = re.compile(
    r"""(?:\b(?:description|location|measures|responsible|evidence_reason|note)\s*=\s*"""
    r"""|--(?:site|inspector|note|reviewer)\s+)"([^"]*)\""""
)
# code inside a sentence: a variable, an option, a command, a quoted name
CODE = re.compile(r"\$\{[^}]*\}|\$[\w#?*]+|`[^`]*`|--?[\w-]+|\bminecheck \w+|\bDuckDB\b")
ENGLISH = re.compile(r"\b[A-Za-z][a-z]+[,.]? [A-Za-z][a-z]+\b")
# a comment after a command (` # ...`, outside quotes: a `#` inside a word or a string is no
# comment); an echoed word with no Chinese beside it (`echo "exit $status"` prints `exit 1`)
TRAILING = re.compile(r"""^(?:[^'"#]|'[^']*'|"[^"]*")*?\s#\s+(.*)$""")
ECHOED = re.compile(r"""\becho\s+"([^"]*)\"""")  # (printf writes files here: `[signature]`)
WORD = re.compile(r"\b[a-z]{2,}\b", re.IGNORECASE)
HAN = re.compile(r"[\u4e00-\u9fff]")


def english_said(text: str, name: str) -> list[str]:
    """The lines of a guide's run blocks that say an English phrase to its reader."""
    found = []
    for block in runnable_blocks(text, name):
        for line in block.script.splitlines():
            stripped = line.strip()
            said = [stripped] if stripped.startswith("#") and not stripped.startswith("#!") else []
            said += TRAILING.findall(line)
            said += SAID.findall(line) + TYPED.findall(line)
            if any(ENGLISH.search(CODE.sub("", s)) for s in said) or any(
                WORD.search(CODE.sub("", s)) and not HAN.search(s) for s in ECHOED.findall(line)
            ):
                found.append(f"{name}:{block.line}: {stripped}")
    return found


@pytest.mark.parametrize("guide", CHINESE_GUIDES, ids=lambda guide: guide.name)
def test_a_chinese_guide_s_scripts_speak_chinese(guide: Path) -> None:
    """The Chinese guides' scripts spoke English: the keys guide's check-signature.sh (its
    comments and its refusals, `content after the signature`), the monthly guide's `nothing
    overdue today`, the usage lines of at-step, monday.sh and gate.sh, and the scripting guide's
    records (`Xinxing Coal Mine`, `Work went on after methane passed 1.5 %`), where every other
    Chinese guide's inspectors write Chinese. The scripting guide's gate.sh kept two English
    comments after its commands (`# --: a file named -x ...`), and its console blocks echoed
    `verify: exit 1` and `exit 1` where the monthly guide's says `退出码`."""
    assert english_said(guide.read_text(encoding="utf-8"), guide.name) == []


def test_the_check_finds_english_and_passes_code() -> None:
    text = (
        "<!-- run -->\n```sh\n"
        "# 用法：gate.sh FILE... -- 仅当全部受信任时退出 0\n"
        'echo "DuckDB 与 minecheck summary 一致：$count"\n'
        'echo "$f: content after the signature" >&2\n'
        'minecheck inspect x --site "Xinxing Coal Mine" --answers a.toml\n'
        "x=$(mktemp)   # --: a file named -x is a file\n"
        "y='a # b' z=\"c # d\" # 注释：中文\n"
        'echo "exit $status"\n'
        'echo "== $1"; echo "verify：退出码 $status"\n'
        "```\n"
    )
    assert english_said(text, "g.zh.md") == [
        'g.zh.md:2: echo "$f: content after the signature" >&2',
        'g.zh.md:2: minecheck inspect x --site "Xinxing Coal Mine" --answers a.toml',
        "g.zh.md:2: x=$(mktemp)   # --: a file named -x is a file",
        'g.zh.md:2: echo "exit $status"',
    ]


MONTHLY = {
    "en": REPO / "docs" / "guide-monthly-report.md",
    "zh": REPO / "docs" / "guide-monthly-report.zh.md",
}
AS_TEXT = {
    "en": "set `checklist_version`, `item`, `site_id` and `month` to Text",
    "zh": "把\n`checklist_version`、`item`、`site_id` 和 `month` 设为文本",
}


def _section(text: str, number: int) -> str:
    start = text.index(f"\n## {number}. ")
    return text[start : text.index("\n## ", start + 1)]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_clerk_is_told_which_cells_a_spreadsheet_turns_into_numbers(lang: str) -> None:
    """The export section sent the committee's clerk to a spreadsheet with `--bom` alone: opened
    with a double click, `2026.10` reads 2026.1, a month `2026-03` a date (`Mar-26`), a code of
    digits loses its zeros, and nothing says so. The guide names the columns and the import
    that keeps them as text, in both languages."""
    export = _section(MONTHLY[lang].read_text(encoding="utf-8"), 5)
    assert AS_TEXT[lang] in export
    assert "`Mar-26`" in export
    assert "2026.1" in export


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_guide_says_the_reports_name_items_by_id(lang: str) -> None:
    """The guide's opening promised item titles "when the checklist is installed": the
    secretary's `summary --by item` gave ids only, as decided (no report takes a title from the
    installed checklist). The guide now says `show` gives the question and the reports the id."""
    opening = MONTHLY[lang].read_text(encoding="utf-8").split("\n## 1. ")[0]
    said = {
        "en": "the summary and the export name an item by its id",
        "zh": "汇总和导出则只用条目编号指称条目",
    }
    assert "`show`" in opening
    assert said[lang] in opening
