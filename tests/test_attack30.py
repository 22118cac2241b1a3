"""The last merges attacked, round 30: the fold's `closed-by-rectifier` rule, `followup`'s
warnings of an acceptance before the rectification and of a closure by the rectifier, the hint
of a `.pub` that is a link or a folder, and the report's times of events not applied."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.helpers_merge import findings
from tests.test_expert_panel import ACCEPT, REF, REVIEWERS, by, panel, reports, step

__all__ = ["panel"]  # the fixture

CLOSED = ("--action", "closed")
RECTIFIED = ("--action", "rectified", "--note", "x")
WARNED = (
    "minecheck: warning: {ref}: {signer} reported it rectified ({where}): no report will apply "
    "a major hidden danger's closure by the one who reported it rectified\n"
)


def test_followup_names_the_rectifier_the_fold_takes_of_two_rectifications(
    cli: Any, panel: dict[str, Any]
) -> None:
    """The mine reports the major rectified, a second signer reports it again (not applied:
    `rectified-twice`), an expert accepts. The fold keeps the mine as the rectifier, so the
    mine's closure is refused and the second signer's is applied; `followup` took the latest
    rectification instead: it warned the second signer, and said nothing to the mine."""
    p = panel["people"]
    step(cli, p["mine"], "f1.toml", "2026-11-30T08:00:00Z", *RECTIFIED)
    step(cli, p["sun"], "f2.toml", "2026-11-30T09:00:00Z", *RECTIFIED)
    step(cli, p["chen"], "a.toml", "2026-12-01T08:00:00Z", *ACCEPT, *REVIEWERS)
    files = ["xinxing.toml", "f1.toml", "f2.toml", "a.toml"]
    mine = cli(
        ["followup", REF, *CLOSED, "--at", "2026-12-02T08:00:00Z", "-o", "c.toml", *by(p["mine"])]
    )
    assert (mine.exit_code, mine.stdout) == (0, "c.toml\n")
    assert mine.stderr == WARNED.format(ref=REF, signer=p["mine"].principal, where="f1.toml")
    other = cli(
        ["followup", REF, *CLOSED, "--at", "2026-12-02T08:00:00Z", "-o", "d.toml", *by(p["sun"])]
    )
    assert (other.exit_code, other.stdout, other.stderr) == (0, "d.toml\n", "")
    # what every report says of them
    assert reports(cli, panel, [*files, "c.toml"])["row"]["state"] == "accepted"
    assert reports(cli, panel, [*files, "d.toml"])["row"]["state"] == "closed"


def test_an_events_file_s_rectification_listed_after_what_follows_it_is_taken(
    cli: Any, panel: dict[str, Any]
) -> None:
    """An events file is taken by time, as the fold takes it, whatever order it lists its events
    in: a self assessment of a general hidden danger listed before the rectification it
    accepts (dated before it) was warned of as accepted before any rectification, and the
    mine's closure of a major listed before its own rectification got no word."""
    p = panel["people"]
    accepted = (
        f'[[event]]\nfinding = "{REF}"\naction = "accepted"\nmethod = "self"\n'
        "at = 2026-12-01T08:00:00Z\n\n"
    )
    rectified = (
        f'[[event]]\nfinding = "{REF}"\naction = "rectified"\nnote = "x"\n'
        "at = 2026-11-30T08:00:00Z\n"
    )
    Path("e.toml").write_text(accepted + rectified)
    general = findings(p["wang"], ["compliant", "noncompliant", "compliant"], severity="general")
    Path("general.toml").write_bytes(general)
    args = ["followup", "--events", "e.toml", "--key", str(p["mine"].key)]
    run = cli([*args, "--signer", p["mine"].principal, "--findings", "general.toml", "-o", "g"])
    assert (run.exit_code, run.stdout, run.stderr) == (0, "g\n", "")
    # a major: the mine's closure, listed first, of its own rectification an expert accepted
    step(cli, p["chen"], "a.toml", "2026-11-30T09:00:00Z", *ACCEPT, *REVIEWERS)
    closed = f'[[event]]\nfinding = "{REF}"\naction = "closed"\nat = 2026-12-01T08:00:00Z\n\n'
    Path("e.toml").write_text(closed + rectified)
    run = cli([*args, *by(p["mine"])[2:], "-o", "m", "--json"])
    assert (run.exit_code, run.stderr) == (0, "")
    [warning] = run.json()["problems"]
    assert warning["code"] == "not-applied"
    assert warning["message"] == WARNED.format(
        ref=REF, signer=p["mine"].principal, where="this document"
    ).removeprefix("minecheck: warning: ").rstrip("\n")
    assert (warning["path"], warning["line"]) == ("e.toml", 1)
