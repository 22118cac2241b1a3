"""The session's start beside main, byte for byte (round 43): the defects the differential met,
each pinned here."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.test_expert_panel import by, panel, panel_accepts
from tests.test_guide_scripting_taught import GUIDES, IDS, _catalogue_row

__all__ = ["panel"]  # the fixture, shared with the expert rounds

# Where the catalogue's `not-applied` row says each case `followup` gives the code for.
CASES = {
    "guide-scripting.md": ("closure", "before the rectification"),
    "guide-scripting.zh.md": ("销号", "验收时间之前报告整改完成"),
}


@pytest.mark.parametrize("guide", GUIDES, ids=IDS)
def test_the_not_applied_row_names_each_case_followup_gives_it_for(
    cli: Any, panel: dict[str, Any], guide: Path
) -> None:
    """Tonight `followup` gives `not-applied` for a major's closure by the one who reported it
    rectified and for an acceptance dated before any rectification here; the script writer's
    catalogue said the code meant "an acceptance by its own rectifier" alone, with "the
    acceptance by someone else" as what to do, which mends neither."""
    p = panel["people"]
    panel_accepts(cli, panel, "chen")  # the mine's rectification, then Chen's acceptance
    ref = ("followup", "3a5f7c9e/gas-overlimit", "--json")
    closed = cli([*ref, "--action", "closed", "--at", "2026-12-02T08:00:00Z", *by(p["mine"])])
    early = [
        *("--action", "accepted", "--method", "expert-review", "--reviewer", "Liu Yang"),
        *("--at", "2026-11-29T09:00:00Z", "-o", "early.toml"),
    ]
    accepted = cli([*ref, *early, *by(p["liu"])])
    codes = [problem["code"] for run in (closed, accepted) for problem in run.json()["problems"]]
    assert codes == ["not-applied", "not-applied"]
    row = _catalogue_row(guide, "not-applied")
    for case in CASES[guide.name]:
        assert case in row
