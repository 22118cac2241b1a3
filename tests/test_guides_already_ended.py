"""What the guides say `followup` warns of on a hidden danger already closed or withdrawn, said
as the fold judges it: its reopening, and the withdrawal of a closed one, are applied and warned
of by nothing, so the guides do not say "any event" (guide-followup section 6, guide-scripting's
`not-applied` row, en and zh)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.conftest import REPO
from tests.test_expert_panel import ACCEPT, panel, step
from tests.test_field14 import RECTIFIED, T1, T2, T3, refused, run

__all__ = ["panel"]  # the fixture

DOCS = REPO / "docs"
# each guide's words for the warning on an ended hidden danger, and for its two exceptions
SAID = {
    "guide-followup.md": (
        r"of an event on a hidden danger already closed\s+or withdrawn other than its reopening"
        r"\s+or a closed one's withdrawal \(`already-ended`"
    ),
    "guide-followup.zh.md": (
        r"对已销号或已撤销隐患的事件（重新打开以及已销号隐患的撤销除外；\s*`already-ended`"
    ),
    "guide-scripting.md": (
        r"an event other than a reopening \(or a closed one's withdrawal\) on a hidden danger "
        r"the follow-ups here leave closed or withdrawn"
    ),
    "guide-scripting.zh.md": (
        r"此处的跟踪记录已将隐患销号或撤销后又签署事件（重新打开以及已销号隐患的撤销除外）"
    ),
}


@pytest.mark.parametrize("guide", sorted(SAID))
def test_the_guides_name_what_an_ended_danger_still_takes(guide: str) -> None:
    text = (DOCS / guide).read_text(encoding="utf-8")
    assert re.search(SAID[guide], text), guide
    assert not re.search(r"of any event on a hidden danger|any event on a hidden danger the", text)
    assert "对已销号或已撤销隐患的任何事件" not in text


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_closed_danger_s_withdrawal_and_reopening_are_signed_without_a_warning(
    cli: Any, panel: dict[str, Any], lang: str
) -> None:
    p = panel["people"]
    step(cli, p["mine"], "f1.toml", RECTIFIED, "--action", "rectified")
    step(cli, p["chen"], "a1.toml", T1, *ACCEPT, "--reviewer", "Chen Jie")
    step(cli, p["wang"], "c1.toml", T2, "--action", "closed")
    for out, action in (("w.toml", "withdrawn"), ("r.toml", "reopened")):
        done = run(cli, p["wang"], lang, T3, out, "--action", action, "--note", "x")
        assert (done.exit_code, done.stdout, done.stderr) == (0, f"{out}\n", "")
        files = ["xinxing.toml", "f1.toml", "a1.toml", "c1.toml", out]
        assert refused(cli, panel, files) == []
