"""A Chinese guide's reader sees its warnings in Chinese.

A run block marked `warns` is one whose warning the guide's text then explains, quoting it; in a
Chinese guide the quote is the Chinese message. Each minecheck command of such a block is run with
`--lang zh`, or the reader who types it sees the English one: `sign` of a hand-written follow-up
and a closure before any acceptance were shown so, the text quoting messages they never print.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.test_guides import runnable_blocks

ZH_GUIDES = sorted((REPO / "docs").glob("guide-*.zh.md"))
COMMAND = re.compile(r"(?:^|[;&|(]\s*|^\S+=\S+\s+)minecheck\s+[a-z]")


def _commands(script: str) -> list[str]:
    """The block's logical lines (continuations joined) that run minecheck, heredocs left out."""
    lines: list[str] = []
    heredoc: str | None = None
    pending = ""
    for line in script.splitlines():
        if heredoc is not None:
            if line.strip() == heredoc:
                heredoc = None
            continue
        if line.lstrip().startswith("#"):
            continue
        pending += line[:-1] + " " if line.endswith("\\") else line
        if line.endswith("\\"):
            continue
        opened = re.search(r"<<-?\s*'?\"?(\w+)", pending)
        if opened:
            heredoc = opened.group(1)
        if COMMAND.search(pending.strip()):
            lines.append(" ".join(pending.split()))
        pending = ""
    return lines


@pytest.mark.parametrize("guide", ZH_GUIDES, ids=lambda p: p.name)
def test_a_chinese_guide_runs_the_commands_whose_warnings_it_explains_in_chinese(
    guide: Path,
) -> None:
    english = [
        f"{guide.name}:{block.line}: {command}"
        for block in runnable_blocks(guide.read_text(encoding="utf-8"), guide.name)
        if block.warns
        for command in _commands(block.script)
        if "--lang zh" not in command
    ]
    assert english == []
