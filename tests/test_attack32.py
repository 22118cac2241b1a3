"""The last merges attacked, round 32: `followup` beside a follow-up signed in a later second
than its own, and with minecheck's own trust list unreadable."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.test_expert_panel import ACCEPT, REF, REVIEWERS, by, panel, reports
from tests.test_same_second import RECTIFIED, Clock, T, clock, created

__all__ = ["clock", "panel"]  # the fixtures

SIGNED_LATER = {
    "en": (
        "minecheck: warning: {ref}: f1.toml reports it rectified at 2026-12-01T07:00:00Z, the "
        "time the acceptance is dated, and is signed at 2026-12-01T08:00:05Z, after this "
        "document (2026-12-01T08:00:00Z): a report takes events of one time in the order they "
        "were signed, and applies an acceptance only after the rectification it accepts\n"
        "  hint: date the acceptance after the rectification (--at), or set this machine's "
        "clock right\n"
    ),
    "zh": (
        "minecheck: warning: {ref}：f1.toml 报告于 2026-12-01T07:00:00Z（即该验收所署时间）整改"
        "完成，其签名时间 2026-12-01T08:00:05Z 晚于本记录（2026-12-01T08:00:00Z）：同一时间的"
        "事件，报告按签名先后采纳，而验收只在所验收的整改之后才采纳\n"
        "  hint: 将验收时间（--at）写在整改之后，或校正本机时钟\n"
    ),
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_acceptance_dated_as_a_rectification_signed_later_is_said_so(
    cli: Any, panel: dict[str, Any], clock: Clock, lang: str
) -> None:
    """The mine's rectification is signed on a clock five seconds ahead of the expert's (or
    dated ahead), and the expert accepts it dated by `--at` at the rectification's time: every
    report takes the acceptance first ("accepted while open"). `followup` said "no signed
    follow-up here reports it rectified by 07:00", which f1.toml does; it now names the
    rectification and the signing times that order them."""
    p = panel["people"]
    at = ("--at", "2026-12-01T07:00:00Z")
    clock.now = T + dt.timedelta(seconds=5)
    assert cli(["followup", REF, *RECTIFIED, *at, "-o", "f1.toml", *by(p["mine"])]).exit_code == 0
    clock.now = T
    args = [*ACCEPT, *REVIEWERS, *at, "-o", "a.toml", "--lang", lang, *by(p["chen"])]
    run = cli(["followup", REF, *args])
    assert (run.exit_code, run.stdout) == (0, "a.toml\n")
    assert run.stderr == SIGNED_LATER[lang].format(ref=REF)
    assert created("a.toml") == T  # (signed when it says it is)
    got = reports(cli, panel, ["xinxing.toml", "f1.toml", "a.toml"])
    assert got["row"]["state"] == "rectified"
    assert got["rejected"]["summary"] == [
        ("a.toml", "accepted while open: only a rectified hidden danger can be accepted")
    ]
