"""guide-followup shows `show`'s table as a file or a pipe takes it, wider than a terminal; a
trainee at a terminal of 80 columns saw each cell folded within a narrower column instead, the
question and the description over more lines, and not the guide's lines. The guide says so (en,
zh) below the first table, and here both are what the product prints."""

from __future__ import annotations

import os
import re
from typing import Any

import pexpect
import pytest
from rich.cells import cell_len

from tests.conftest import REPO
from tests.test_expert_panel import panel
from tests.test_inspect_pty import EXE

__all__ = ["panel"]  # the fixture

SAID = {
    "guide-followup.md": (
        "The table is shown as a file or a pipe takes it, wider than a terminal: at a terminal "
        "of 80 columns each cell folds within a narrower column, the question and the "
        "description over more lines."
    ),
    "guide-followup.zh.md": (
        "以上是写入文件或管道时的表格，比终端宽：在 80 列的终端中，每格在更窄的列内折行，"
        "条目的问题和隐患描述占更多行。"
    ),
}


@pytest.mark.parametrize("guide", sorted(SAID))
def test_the_guide_says_its_table_is_a_pipe_s_and_a_terminal_folds_it(guide: str) -> None:
    text = " ".join((REPO / "docs" / guide).read_text(encoding="utf-8").split())
    first_table = text.index("minecheck show")
    assert " ".join(SAID[guide].split()) in text[first_table : first_table + 1500]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_show_keeps_a_row_a_line_in_a_pipe_and_folds_it_at_80_columns(
    cli: Any, panel: dict[str, Any], lang: str
) -> None:
    args = ["show", *panel["trust"], "xinxing.toml", "--lang", lang]
    piped = cli(args)
    assert piped.exit_code == 0
    assert max(cell_len(line) for line in piped.stdout.splitlines()) > 80
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    env.update(NO_COLOR="1", TERM="dumb")
    child = pexpect.spawn(
        str(EXE), args, env=env, cwd=str(panel["work"]), dimensions=(60, 80), encoding="utf-8"
    )
    shown = child.read()
    child.close()
    assert child.exitstatus == 0
    lines = [re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", line) for line in shown.splitlines()]
    assert max(cell_len(line) for line in lines) <= 80
    assert len(lines) > len(piped.stdout.splitlines())  # (folded over more lines)
