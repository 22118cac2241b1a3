"""A script writer's round 6: a province's nightly job over this session's codes, read as its
script reads them (`--json`'s `problems`, by `code`, `path` and `line`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.test_attack41 import COMPLIANT_REF, T1, T2
from tests.test_expert_panel import by, panel

__all__ = ["panel"]  # the fixture

EVENTS = (
    "[[event]]\n"  # line 1: rejected while open (not applied)
    'finding = "{danger}"\naction = "rejected"\nat = {t1}\nnote = "not yet"\n\n'
    "[[event]]\n"  # line 7: an event on a compliant finding
    'finding = "{compliant}"\naction = "rectified"\nat = {t2}\nnote = "fixed"\n\n'
    "[[event]]\n"  # line 13: the same finding again (said at each, as sign does)
    'finding = "{compliant}"\naction = "rectified"\nat = {t2}\nnote = "again"\n'
)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_followup_places_not_a_hidden_danger_at_its_event_as_sign_does(
    cli: Any, panel: dict[str, Any], lang: str
) -> None:
    """`followup --events ev.toml --json` placed `not-applied` at its event's `path` and `line`
    (as guide-followup section 5 says a warning about one of the file's events is) but left
    `not-a-hidden-danger` with neither, where `sign` of the same events places it at its line:
    a nightly job that tells the events system which lines to mend found nothing to point at.
    It is placed at each event that names the finding, as `sign` places it, on stderr too
    (`ev.toml:7: `)."""
    p = panel["people"]
    danger = COMPLIANT_REF.replace("gas-check-genuine", "gas-overlimit")
    Path("ev.toml").write_text(
        EVENTS.format(danger=danger, compliant=COMPLIANT_REF, t1=T1, t2=T2), encoding="utf-8"
    )
    args = ["followup", "--events", "ev.toml", "--lang", lang, *by(p["mine"])]
    ran = cli([*args, "--json", "-o", "j.toml"])
    envelope = json.loads(ran.stdout)
    assert (ran.exit_code, envelope["exit_code"], ran.stderr) == (0, 0, "")
    placed = [(x["code"], x["path"], x["line"]) for x in envelope["problems"]]
    assert placed == [
        ("not-a-hidden-danger", "ev.toml", 7),
        ("not-a-hidden-danger", "ev.toml", 13),
        ("not-applied", "ev.toml", 1),
    ]
    text = cli([*args, "-o", "t.toml"])
    assert text.exit_code == 0
    said = [line for line in text.stderr.splitlines() if line.startswith("minecheck: warning:")]
    assert [line.split(" ")[2] for line in said] == ["ev.toml:7:", "ev.toml:13:", "ev.toml:1:"]
