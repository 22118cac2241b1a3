"""The session's start beside main, byte for byte (round 46): the defects the differential met,
each pinned here."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.test_expert_panel import REF, by, panel, step
from tests.test_guide_scripting_taught import GUIDES, IDS, _catalogue_row

__all__ = ["panel"]  # the fixture

# Where the catalogue's `not-applied` row says the two cases `followup` gives it for since the
# rectification loop's field day 13: a second rectification, a closure before any acceptance.
CASES = {
    "guide-scripting.md": (
        "a second rectification of one a signed follow-up here reports rectified",
        "a closure that no acceptance signed here precedes",
        "no second file for an event already signed",
        "the closure after an acceptance",
    ),
    "guide-scripting.zh.md": (
        "此处已签名的跟踪记录已报告整改完成、其后未被退回整改，又再次报告整改完成",
        "此处没有已签名的跟踪记录在销号时间之前验收其整改",
        "已签名的事件无需再写一个文件",
        "整改验收之后再销号",
    ),
}


@pytest.mark.parametrize("guide", GUIDES, ids=IDS)
def test_the_not_applied_row_names_a_second_rectification_and_an_early_closure(
    cli: Any, panel: dict[str, Any], guide: Path
) -> None:
    """`followup` now warns `not-applied` as it signs a rectification a follow-up here already
    reports (no rejection or reopening since) and a closure no acceptance here precedes; the
    script writer's catalogue, whose row lists each case the code is given for (round 43),
    named neither, nor what to do."""
    p = panel["people"]
    step(cli, p["mine"], "f1.toml", "2026-11-30T08:00:00Z", "--action", "rectified")
    again = cli(
        [
            *("followup", REF, "--action", "rectified", "--json"),
            *("--at", "2026-11-30T08:00:00Z", "-o", "f2.toml"),
            *by(p["mine"]),
        ]
    )
    closed = cli(
        [
            *("followup", REF, "--action", "closed", "--json"),
            *("--at", "2026-12-02T08:00:00Z", "-o", "c.toml", *by(p["wang"])),
        ]
    )
    codes = [problem["code"] for run in (again, closed) for problem in run.json()["problems"]]
    assert codes == ["not-applied", "not-applied"]
    row = _catalogue_row(guide, "not-applied")
    for case in CASES[guide.name]:
        assert case in row
