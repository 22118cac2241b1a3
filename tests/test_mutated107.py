"""Mutation round 107: what tonight's last code added and no test yet held (the rounds a
reopening starts, an extension that starts none)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.test_attack30 import RECTIFIED, SENT_BACK
from tests.test_expert_panel import ACCEPT, REF, REVIEWERS, by, panel, reports, step

__all__ = ["panel"]  # the fixture


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_followup_warns_an_acceptance_after_a_reopening_with_no_rectification_since(
    cli: Any, panel: dict[str, Any], lang: str
) -> None:
    """The mine reports the major rectified, an expert accepts, the office's look-back reopens
    it, and another expert accepts a day later with nothing rectified since: every report lists
    the second acceptance as "accepted while rectifying", and `followup` says so as it signs it,
    as it does after a rejection."""
    p = panel["people"]
    step(cli, p["mine"], "f1.toml", "2026-11-30T08:00:00Z", *RECTIFIED)
    step(cli, p["chen"], "a1.toml", "2026-11-30T12:00:00Z", *ACCEPT, *REVIEWERS)
    step(cli, p["wang"], "o.toml", "2026-12-01T08:00:00Z", "--action", "reopened", "--note", "y")
    args = ["followup", REF, *ACCEPT, *REVIEWERS, "--at", "2026-12-02T08:00:00Z", *by(p["liu"])]
    run = cli([*args, "-o", "a2.toml", "--lang", lang])
    assert (run.exit_code, run.stdout) == (0, "a2.toml\n")
    assert run.stderr == SENT_BACK[lang].format(ref=REF)
    got = reports(cli, panel, ["xinxing.toml", "f1.toml", "a1.toml", "o.toml", "a2.toml"])
    assert got["row"]["state"] == "rectifying"


def test_an_extension_between_the_rectification_and_the_acceptance_starts_no_round(
    cli: Any, panel: dict[str, Any]
) -> None:
    """An extension after the mine's rectification sends nothing back to rectification: the
    expert's acceptance after it is applied by every report and signed without a word, and the
    mine's own closure of the major is still said to be the rectifier's."""
    p = panel["people"]
    step(cli, p["mine"], "f1.toml", "2026-11-30T08:00:00Z", *RECTIFIED)
    more = ("--new-deadline", "2027-01-31", "--note", "fan on order")
    step(cli, p["wang"], "e.toml", "2026-11-30T12:00:00Z", "--action", "extended", *more)
    args = ["followup", REF, *ACCEPT, *REVIEWERS, "--at", "2026-12-01T08:00:00Z", *by(p["chen"])]
    run = cli([*args, "-o", "a.toml"])
    assert (run.exit_code, run.stdout, run.stderr) == (0, "a.toml\n", "")
    files = ["xinxing.toml", "f1.toml", "e.toml", "a.toml"]
    assert reports(cli, panel, files)["row"]["state"] == "accepted"
