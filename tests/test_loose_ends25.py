"""Loose ends, round 25: a number kept with its unit where the walk and `show` wrap text; a
long `separate-inspections` said so that its advice stays readable; a hint for every special
file at minecheck's own trust paths; a hint to free space wherever a write finds the disk
full."""

from __future__ import annotations

import io
import itertools
import re
import tomllib
from pathlib import Path
from typing import Any

import pexpect
import pytest

from tests.test_inspect_pty import EXE, Terminal

ESCAPE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][0-9A-Za-z]")


@pytest.fixture
def term(tmp_path: Path, isolated_home: Path) -> Terminal:
    return Terminal(isolated_home, tmp_path)


BUNDLED = Path(__file__).resolve().parents[1] / "checklists" / "noncoal-major-hidden-dangers.toml"


def exits_item() -> dict[str, Any]:
    """The non-coal checklist's safety-exits item, as bundled."""
    with BUNDLED.open("rb") as fh:
        sections = tomllib.load(fh)["section"]
    return next(i for s in sections for i in s["item"] if i["id"] == "ug-safety-exits")


def exits_checklist(folder: Path) -> Path:
    """A checklist of one item: the non-coal safety-exits question, en and zh."""
    item = exits_item()
    path = folder / "exits-check.toml"
    path.write_text(
        f"""[checklist]
id = "exits-check"
version = "1"
title = "Exits check"
title_zh = "安全出口检查"
purpose = "One item."
purpose_zh = "一项。"
applies_to = ["mnm-underground"]

[[section]]
id = "exits"
title = "Exits"
title_zh = "安全出口"

[[section.item]]
id = "ug-safety-exits"
question = "{item["question"]}"
question_zh = "{item["question_zh"]}"
severity = "major"
basis = ["MNM-UG-1"]
""",
        encoding="utf-8",
    )
    return path


NUMBER = r"(?<![0-9])(?:30|1000)(?![0-9])"
# the question's lines at 40 columns: each number with its unit (`30 m`, `1000 m`) on one line
WALKED = {
    "en": "at least 30 m apart;",
    "zh": "不小于30 m，",
}


# (the widths at which the terminal's line parted them: `30 ` / `m，` in Chinese, `30 ` / `m
# apart;` and `1000 ` / `m has` in English)
@pytest.mark.parametrize(("lang", "width"), [("zh", 36), ("zh", 37), ("en", 41), ("en", 42)])
def test_the_walk_keeps_a_number_with_its_unit(term: Terminal, lang: str, width: int) -> None:
    result = term.run("keys", "generate", "--principal", "alice@mine.example", "--trust")
    assert result.returncode == 0, result.stderr
    checklist = exits_checklist(term.cwd)
    env = {**term.env(), "COLUMNS": ""}
    del env["COLUMNS"]  # the terminal's own width
    child = pexpect.spawn(
        str(EXE),
        [
            *("inspect", str(checklist), "--site", "Mine A", "-o", str(term.out)),
            *("--inspector", "Wang Wei", "--lang", lang),
        ],
        env=env,
        cwd=str(term.cwd),
        dimensions=(60, width),
        timeout=30,  # a hang guard on a loaded machine, not a timing assertion
        encoding="utf-8",
    )
    child.logfile_read = io.StringIO()
    child.expect_exact("> ")
    screen = ESCAPE.sub("", child.logfile_read.getvalue()).replace("\r", "").split("\n")
    child.terminate(force=True)
    lines = [x.strip() for x in screen]
    numbers = [x for x in lines if re.search(NUMBER, x)]
    assert numbers, "\n".join(screen)
    for shown in numbers:  # never a number at a line's end, its unit on the next
        assert not re.search(NUMBER + r"\Z", shown), screen
        assert not shown.startswith("m"), screen
    joined = "".join(lines) if lang == "zh" else " ".join(lines)
    assert WALKED[lang] in joined, screen


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_show_s_texts_keep_a_number_with_its_unit_at_every_width(lang: str) -> None:
    """What `show` and the tables print goes through the same breaker (`Broken`): at no width
    does a line end in a number whose unit begins the next."""
    from rich.console import Console

    from minecheck.cli._breaks import Broken

    item = exits_item()
    text = item["question_zh" if lang == "zh" else "question"]
    for width in range(16, 81):
        console = Console(width=width, file=io.StringIO(), color_system=None)
        lines = [x.plain.rstrip() for x in Broken(text).wrap(console, width)]
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")  # (nothing lost)
        for before, after in itertools.pairwise(lines):
            assert not (re.search(NUMBER + r"\Z", before) and after.startswith("m")), (width, lines)
