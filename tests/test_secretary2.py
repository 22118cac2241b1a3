"""A provincial Safety Committee secretary's quarter, round 2, in both languages: the committee's
report quotes a closure rate (销号率) and the quarter's progress, which no report prints; the
monthly guide counts them from `summary --json`."""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO
from tests.test_guides import runnable_blocks

MONTHLY = {
    "en": REPO / "docs" / "guide-monthly-report.md",
    "zh": REPO / "docs" / "guide-monthly-report.zh.md",
}

# `summary --json`'s data as of the last day of a quarter: what the recipe reads of it (the
# fields as formats.md gives them), with a withdrawn finding, which is no hidden danger
QUARTER: dict[str, Any] = {
    "as_of": "2026-12-31",
    "headline": {"hidden_dangers": 84, "closed": 6},
    "severity_state": [
        {"severity": "major", "state": "open", "count": 39},
        {"severity": "major", "state": "rectifying", "count": 3},
        {"severity": "major", "state": "closed", "count": 1},
        {"severity": "general", "state": "open", "count": 33},
        {"severity": "general", "state": "rectified", "count": 2},
        {"severity": "general", "state": "closed", "count": 5},
        {"severity": "general", "state": "withdrawn", "count": 1},
    ],
    "progress": [
        {"month": "2026-08", "found": 10, "rectified": 3, "closed": 2},
        {"month": "2026-09", "found": 6, "rectified": 3, "closed": 3},
        {"month": "2026-10", "found": 3, "rectified": 0, "closed": 0},
        {"month": "2026-11", "found": 0, "rectified": 0, "closed": 0},
        {"month": "2026-12", "found": 6, "rectified": 2, "closed": 2},
    ],
}
SAID = {
    "en": [
        "all: 6 of 83 closed, 7.2 %",
        "major: 1 of 43 closed, 2.3 %",
        "general: 5 of 40 closed, 12.5 %",
        "2026-10 to the report's day: found 9, rectified 2, closed 2",
    ],
    "zh": [
        "全部：83 项中已销号 6 项，销号率 7.2%",
        "重大：43 项中已销号 1 项，销号率 2.3%",
        "一般：40 项中已销号 5 项，销号率 12.5%",
        "2026-10 至统计日：排查出 9 项，整改完成 2 项，销号 2 项",
    ],
}


def _rate_block(lang: str) -> str:
    """The guide's run block that writes rate.jq and reads summary.json with it."""
    text = MONTHLY[lang].read_text(encoding="utf-8")
    blocks = [b.script for b in runnable_blocks(text, MONTHLY[lang].name) if "rate.jq" in b.script]
    assert len(blocks) == 1, f"{MONTHLY[lang].name}: no closure rate (rate.jq) to follow"
    return blocks[0]


def _follow(lang: str, data: dict[str, Any], tmp: Path) -> list[str]:
    assert shutil.which("jq"), "the monthly guide's closure rate reads summary.json with jq"
    (tmp / "summary.json").write_text(
        json.dumps({"minecheck": 1, "command": "summary", "ok": True, "data": data}),
        encoding="utf-8",
    )
    done = subprocess.run(
        ["bash", "-e", "-o", "pipefail", "-c", _rate_block(lang)],
        cwd=tmp,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, "")
    return done.stdout.splitlines()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_guide_counts_the_closure_rate_and_the_quarter(lang: str, tmp_path: Path) -> None:
    """The secretary was to give the committee its closure rate (销号率) and the quarter's
    progress: no report prints either and no guide said how to count them (the headline's
    "Hidden dangers" counts withdrawn findings too, `progress` is by month). The monthly guide
    now counts both from `summary --json`: closed as of the day of those found by then, the
    withdrawn left out, in all and by severity (majors first), and the months of the report's
    quarter added up to its day."""
    assert _follow(lang, QUARTER, tmp_path) == SAID[lang]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_rate_says_100_only_when_every_one_is_closed(lang: str, tmp_path: Path) -> None:
    """1999 of 2000 rounded would read `100.0 %`: a committee would take every hidden danger
    as closed. The rate is cut to one decimal; the quarter of a report in March starts in
    January, and a severity with none counted gives no rate."""
    data = copy.deepcopy(QUARTER)
    data["as_of"] = "2027-03-05"
    data["severity_state"] = [
        {"severity": "general", "state": "closed", "count": 1999},
        {"severity": "general", "state": "rectified", "count": 1},
        {"severity": "major", "state": "withdrawn", "count": 2},
    ]
    data["progress"] = [
        {"month": "2026-12", "found": 6, "rectified": 2, "closed": 2},
        {"month": "2027-01", "found": 4, "rectified": 1, "closed": 0},
        {"month": "2027-03", "found": 1, "rectified": 0, "closed": 1},
    ]
    said = _follow(lang, data, tmp_path)
    expected = {
        "en": [
            "all: 1999 of 2000 closed, 99.9 %",
            "major: 0 of 0 closed",
            "general: 1999 of 2000 closed, 99.9 %",
            "2027-01 to the report's day: found 5, rectified 1, closed 1",
        ],
        "zh": [
            "全部：2000 项中已销号 1999 项，销号率 99.9%",
            "重大：0 项中已销号 0 项",
            "一般：2000 项中已销号 1999 项，销号率 99.9%",
            "2027-01 至统计日：排查出 5 项，整改完成 1 项，销号 1 项",
        ],
    }
    assert said == expected[lang]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_whole_rate_keeps_its_decimal(lang: str, tmp_path: Path) -> None:
    """jq writes 50 for 500 / 10: a table of rates read `0 %`, `50 %` beside `7.2 %`. Every
    rate is said with its one decimal."""
    data = copy.deepcopy(QUARTER)
    data["severity_state"] = [
        {"severity": "major", "state": "open", "count": 4},
        {"severity": "general", "state": "closed", "count": 1},
        {"severity": "general", "state": "open", "count": 1},
    ]
    said = _follow(lang, data, tmp_path)[:3]
    expected = {
        "en": [
            "all: 1 of 6 closed, 16.6 %",
            "major: 0 of 4 closed, 0.0 %",
            "general: 1 of 2 closed, 50.0 %",
        ],
        "zh": [
            "全部：6 项中已销号 1 项，销号率 16.6%",
            "重大：4 项中已销号 0 项，销号率 0.0%",
            "一般：2 项中已销号 1 项，销号率 50.0%",
        ],
    }
    assert said == expected[lang]
