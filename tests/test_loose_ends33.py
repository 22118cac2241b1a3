"""Loose ends 33: the not-applied warnings' cases mutation round 117 lacked (a later applied event
in another file, two hidden dangers in one events file, one reviewer accepting in two rounds),
each through `followup` and `sign`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.helpers_merge import findings
from tests.test_expert_panel import ACCEPT, REF, by, panel, step
from tests.test_field14 import RECTIFIED, T1, T2, T3, T4, TWICE
from tests.test_field15 import sign

__all__ = ["panel"]  # the fixture

T5 = "2026-12-05T08:00:00Z"
REF2 = REF.replace("gas-overlimit", "gas-check-genuine")
HEAD = '[minecheck]\nformat = "minecheck.followup/1"\ncreated = {created}\n'
TWICE_HINT = (
    "  hint: a hidden danger is reported rectified again only after a rejection or a reopening "
    "sends it back; an event already signed needs no second file\n"
)


def rectified_twice(where: str, at: str, place: str = "") -> str:
    return (
        f"minecheck: warning: {place}{REF}: {where} already reports it rectified at {at}, and no "
        "follow-up here sends it back to rectification since: no report will apply a second "
        f"rectification\n{TWICE_HINT}"
    )


def hand(created: str, *events: tuple[str, str, str, str]) -> None:
    """hand.toml, written by hand: these events (finding, action, at, more keys), `created`
    stated (so that nothing is filled in but the id, signer, key and tool)."""
    body = "".join(
        f'\n[[event]]\nfinding = "{ref}"\naction = "{action}"\nat = {at}\n{more}'
        for ref, action, at, more in events
    )
    Path("hand.toml").write_text(HEAD.format(created=created) + body)


FILLED = "hand.toml: filled in document_id, signer, signer_key, tool\n"


@pytest.mark.parametrize("command", ["followup", "sign"])
def test_a_second_rectification_names_the_one_before_it_not_a_later_one(
    cli: Any, panel: dict[str, Any], command: str
) -> None:
    """Rectified (f1), then a second rectification dated before a rejection and a third
    rectification that other files hold: the warning names f1's, the one before it, not the
    later one the fold applies after it."""
    p = panel["people"]
    step(cli, p["mine"], "f1.toml", T1, "--action", "rectified")
    step(cli, p["chen"], "r3.toml", T3, "--action", "rejected", "--note", "no")
    step(cli, p["mine"], "f4.toml", T4, "--action", "rectified")
    if command == "followup":
        action = ("--action", "rectified", "--at", T2, "-o", "f2.toml")
        got = cli(["followup", REF, *action, *by(p["mine"])])
        assert (got.exit_code, got.stdout) == (0, "f2.toml\n")
        assert got.stderr == rectified_twice("f1.toml", T1)
        return
    hand(T2, (REF, "rectified", T2, ""))
    got = sign(cli, p["mine"], "en")
    assert (got.exit_code, got.stdout) == (0, "hand.toml\n")
    assert got.stderr == FILLED + rectified_twice("f1.toml", T1, "hand.toml:5: ")


@pytest.mark.parametrize("command", ["followup", "sign"])
def test_two_hidden_dangers_in_one_events_file_are_told_apart(
    cli: Any, panel: dict[str, Any], command: str
) -> None:
    """One events file rectifies one hidden danger, another, then the first again: the third
    names the first one's rectification, not the other danger's dated between them."""
    p = panel["people"]
    Path("xinxing.toml").write_bytes(
        findings(p["wang"], ["noncompliant", "noncompliant", "compliant"])
    )
    events = ((REF, "rectified", T1, ""), (REF2, "rectified", T2, ""), (REF, "rectified", T3, ""))
    hand(T3, *events)
    if command == "followup":
        got = cli(["followup", "--events", "hand.toml", "-o", "f.toml", *by(p["mine"])])
        assert (got.exit_code, got.stdout) == (0, "f.toml\n")
        assert got.stderr == rectified_twice("this document", T1, "hand.toml:15: ")
        return
    got = sign(cli, p["mine"], "en")
    assert (got.exit_code, got.stdout) == (0, "hand.toml\n")
    assert got.stderr == FILLED + rectified_twice("this document", T1, "hand.toml:15: ")


@pytest.mark.parametrize("command", ["followup", "sign"])
def test_a_reviewer_accepting_in_two_rounds_is_named_at_the_last_round(
    cli: Any, panel: dict[str, Any], command: str
) -> None:
    """Chen accepts, rejects, accepts the next rectification, then accepts again: the warning
    names the acceptance of this round (a4), not the first round's (a1)."""
    p = panel["people"]
    chen = ("--reviewer", "Chen Jie")
    step(cli, p["mine"], "f0.toml", RECTIFIED, "--action", "rectified")
    step(cli, p["chen"], "a1.toml", T1, *ACCEPT, *chen)
    step(cli, p["chen"], "r2.toml", T2, "--action", "rejected", "--note", "no")
    step(cli, p["mine"], "f3.toml", T3, "--action", "rectified")
    step(cli, p["chen"], "a4.toml", T4, *ACCEPT, *chen)
    want = TWICE["en"].format(ref=REF, signer=p["chen"].principal)
    want = want.replace(f"(a1.toml, {T1})", f"(a4.toml, {T4})")
    assert "a4.toml" in want
    if command == "followup":
        got = cli(["followup", REF, *ACCEPT, *chen, "--at", T5, "-o", "a5.toml", *by(p["chen"])])
        assert (got.exit_code, got.stdout, got.stderr) == (0, "a5.toml\n", want)
        return
    more = 'method = "expert-review"\nreviewers = ["Chen Jie"]\n'
    hand(T5, (REF, "accepted", T5, more))
    got = sign(cli, p["chen"], "en")
    assert (got.exit_code, got.stdout) == (0, "hand.toml\n")
    assert got.stderr == FILLED + want.replace("warning: ", "warning: hand.toml:5: ", 1)
