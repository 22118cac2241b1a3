"""Mutation round 118: tests that kill the mutants of the code after round 117 that the tests
before them let live (`followup`'s extended-not-later naming this document, an acceptance after
a reopening of a withdrawn danger, the local day an extension past its deadline is made on)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.test_expert_panel import ACCEPT, REF, by, panel, step
from tests.test_field14 import refused
from tests.test_loose_ends17 import due

__all__ = ["due", "panel"]  # the fixtures


def test_an_extension_not_later_than_one_in_this_document_names_this_document(
    cli: Any, due: dict[str, Any]
) -> None:
    """Two extensions in one events file, the second to a day before the first's: the
    warning names this document (no path), its line, and the events file's key."""
    wang = due["people"]["wang"]
    Path("events.toml").write_text(
        "[minecheck]\ncreated = 2026-11-30T09:00:00Z\n\n"
        f'[[event]]\nfinding = "{REF}"\naction = "extended"\nat = 2026-11-29T12:00:00Z\n'
        'new_deadline = 2026-12-10\nnote = "a"\n'
        f'[[event]]\nfinding = "{REF}"\naction = "extended"\nat = 2026-11-30T08:00:00Z\n'
        'new_deadline = 2026-12-05\nnote = "b"\n'
    )
    got = cli(["followup", "--events", "events.toml", "-o", "e.toml", *by(wang)])
    assert (got.exit_code, got.stdout) == (0, "e.toml\n")
    assert got.stderr == (
        f"minecheck: warning: events.toml:10: {REF}: the new deadline 2026-12-05 is not after "
        "the deadline 2026-12-10 that this document extends it to: no report will apply the "
        "extension\n"
        "  hint: an extension moves the deadline later: give a day after 2026-12-10 "
        "(new_deadline)\n"
    )
    assert refused(cli, due, ["xinxing.toml", "e.toml"]) == ["extended-not-later"]


def test_an_acceptance_after_a_reopened_withdrawal_says_none_rectified(
    cli: Any, panel: dict[str, Any]
) -> None:
    """Withdrawn, then reopened (a reopening takes a withdrawn danger back to rectification,
    though none was ever reported rectified), then accepted: no rectification was ever
    reported, and the warning says that, not "rectified again"."""
    p = panel["people"]
    step(cli, p["wang"], "c1.toml", "2026-11-30T08:00:00Z", "--action", "withdrawn", "--note", "x")
    step(cli, p["wang"], "r1.toml", "2026-12-01T08:00:00Z", "--action", "reopened", "--note", "y")
    accept = (*ACCEPT, "--reviewer", "Liu Yang")
    got = cli(
        ["followup", REF, *accept, "--at", "2026-12-03T08:00:00Z", "-o", "a1.toml", *by(p["liu"])]
    )
    assert (got.exit_code, got.stdout) == (0, "a1.toml\n")
    assert got.stderr == (
        f"minecheck: warning: {REF}: no signed follow-up here reports it rectified by "
        "2026-12-03T08:00:00Z, when the acceptance is dated: a report applies an acceptance "
        "only after the rectification it accepts\n"
        "  hint: accept it after the enterprise's signed report that it is rectified (--action "
        "rectified), kept beside the findings or where the acceptance is written\n"
    )
    files = ["xinxing.toml", "c1.toml", "r1.toml", "a1.toml"]
    assert refused(cli, panel, files) == ["accepted-not-rectified"]


def test_an_extension_past_its_deadline_names_the_local_day_it_is_made_on(
    cli: Any, due: dict[str, Any], in_zone: Callable[[str | None], None]
) -> None:
    """In Shanghai, an extension at 20:00 UTC on the deadline (30 November) is made on 1
    December, after it: the warning names the local day, as the reports judge it."""
    in_zone("Asia/Shanghai")
    wang = due["people"]["wang"]
    more = ("--action", "extended", "--new-deadline", "2026-12-31", "--note", "a")
    got = cli(["followup", REF, *more, "--at", "2026-11-30T20:00:00Z", "-o", "e.toml", *by(wang)])
    assert (got.exit_code, got.stdout) == (0, "e.toml\n")
    assert got.stderr == (
        f"minecheck: warning: {REF}: the extension is dated 2026-11-30T20:00:00Z, on "
        "2026-12-01, after the deadline 2026-11-30 the findings give had passed: a report "
        "applies it only where an earlier extension, a rejection or a reopening set a new "
        "term, and the follow-ups here hold none\n"
        "  hint: an extension is granted before the deadline passes; past it, the hidden danger "
        "is escalated (or given one new term once a rejection or a reopening puts it back in "
        "rectification)\n"
    )
    assert refused(cli, due, ["xinxing.toml", "e.toml"]) == ["extended-after-deadline"]


def test_an_extension_not_later_after_a_rejection_names_the_extension_in_force(
    cli: Any, due: dict[str, Any]
) -> None:
    """Extended to 10 December (e1.toml), rectified, rejected (j1.toml), then extended to 5
    December: the deadline in force is e1.toml's, and the warning names it, not the rejection
    that came after it."""
    p = due["people"]
    first = ("--action", "extended", "--new-deadline", "2026-12-10", "--note", "a")
    step(cli, p["wang"], "e1.toml", "2026-11-29T12:00:00Z", *first)
    step(cli, p["mine"], "f1.toml", "2026-12-01T08:00:00Z", "--action", "rectified")
    step(cli, p["wang"], "j1.toml", "2026-12-02T08:00:00Z", "--action", "rejected", "--note", "n")
    second = ("--action", "extended", "--new-deadline", "2026-12-05", "--note", "b")
    got = cli(
        ["followup", REF, *second, "--at", "2026-12-03T08:00:00Z", "-o", "e2.toml", *by(p["wang"])]
    )
    assert (got.exit_code, got.stdout) == (0, "e2.toml\n")
    assert got.stderr == (
        f"minecheck: warning: {REF}: the new deadline 2026-12-05 is not after the deadline "
        "2026-12-10 that e1.toml extends it to: no report will apply the extension\n"
        "  hint: an extension moves the deadline later: give a day after 2026-12-10 "
        "(--new-deadline)\n"
    )
    files = ["xinxing.toml", "e1.toml", "f1.toml", "j1.toml", "e2.toml"]
    assert refused(cli, due, files) == ["extended-not-later"]
