"""Mutation round 107: what tonight's last code added and no test yet held (the rounds a
reopening starts, an extension that starts none)."""

from __future__ import annotations

from pathlib import Path
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


ACCEPTED = (
    f'[[event]]\nfinding = "{REF}"\naction = "accepted"\nmethod = "expert-review"\n'
    'reviewers = ["Chen Jie", "Liu Yang", "Sun Li"]\nat = 2026-12-02T08:00:00Z\n'
)


@pytest.mark.parametrize(
    ("first", "said"),
    [
        (  # a rejection in the events file itself: sent back, nothing rectified since
            f'[[event]]\nfinding = "{REF}"\naction = "rejected"\nnote = "y"\n'
            "at = 2026-12-01T08:00:00Z\n\n",
            SENT_BACK["en"].format(ref=REF),
        ),
        (  # an extension there: no new round, the mine's rectification stands
            f'[[event]]\nfinding = "{REF}"\naction = "extended"\nnew_deadline = 2027-01-31\n'
            'note = "fan on order"\nat = 2026-12-01T08:00:00Z\n\n',
            "",
        ),
    ],
    ids=["rejected", "extended"],
)
def test_an_events_file_s_own_rejection_starts_a_round_and_its_extension_none(
    cli: Any, panel: dict[str, Any], first: str, said: str
) -> None:
    """An events file that holds a rejection and, a day later, an acceptance, with nothing
    rectified since the mine's rectification before both: its acceptance is warned of as every
    report lists it ("accepted while rectifying"); with an extension in the rejection's place,
    nothing is said and every report applies the acceptance."""
    p = panel["people"]
    step(cli, p["mine"], "f1.toml", "2026-11-30T08:00:00Z", *RECTIFIED)
    Path("e.toml").write_text(first + ACCEPTED)
    args = ["followup", "--events", "e.toml", "-o", "a.toml", *by(p["wang"])]
    run = cli(args)
    assert (run.exit_code, run.stdout, run.stderr) == (0, "a.toml\n", said)
    state = reports(cli, panel, ["xinxing.toml", "f1.toml", "a.toml"])["row"]["state"]
    assert state == ("rectifying" if said else "accepted")


def test_an_acceptance_in_the_same_second_as_the_rectification_it_follows_is_taken(
    cli: Any, panel: dict[str, Any]
) -> None:
    """The mine's rectification (signed on the day) and the expert's acceptance signed later,
    both dated the same second: every report applies the acceptance (the fold takes events of
    one time in the order they were signed), and `followup` signs it without a word."""
    p = panel["people"]
    Path("r.toml").write_text(
        "[minecheck]\ncreated = 2026-12-01T09:00:00Z\n\n"
        f'[[event]]\nfinding = "{REF}"\naction = "rectified"\nnote = "x"\n'
        "at = 2026-12-01T08:00:00Z\n"
    )
    run = cli(["followup", "--events", "r.toml", "-o", "f1.toml", *by(p["mine"])])
    assert (run.exit_code, run.stdout, run.stderr) == (0, "f1.toml\n", "")
    args = ["followup", REF, *ACCEPT, *REVIEWERS, "--at", "2026-12-01T08:00:00Z", *by(p["chen"])]
    run = cli([*args, "-o", "a.toml"])
    assert (run.exit_code, run.stdout, run.stderr) == (0, "a.toml\n", "")
    assert reports(cli, panel, ["xinxing.toml", "f1.toml", "a.toml"])["row"]["state"] == "accepted"
