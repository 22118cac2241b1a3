"""Mutation round 108: what the mutants of the last session's new code (the wait for the next
second, the flags kept whole, followup's trust, the fold's order in followup's warnings, the
summary's "None by the report date") showed untested."""

from __future__ import annotations

import datetime as dt
import os
import time
from itertools import pairwise
from pathlib import Path
from typing import Any, Self

import pytest

from minecheck import paths
from minecheck.cli._breaks import breaks
from minecheck.core.documents import Event
from minecheck.core.keys import load_private
from minecheck.report.render import event_time
from tests.helpers_merge import Who, allowed_signers, findings, person
from tests.test_expert_panel import ACCEPT, REF, REVIEWERS, by, panel, reports, step
from tests.test_export import followup
from tests.test_loose_ends15 import NEAR_MIDNIGHT, _an_event_not_applied, _summary
from tests.test_loose_ends15 import REF as LATER_REF
from tests.test_loose_ends16 import NOT_RECTIFIED
from tests.test_same_second import RECTIFIED, Clock, T, clock, created, events_at

__all__ = ["clock", "panel"]  # the fixtures


def test_an_event_at_another_time_signed_in_the_same_second_does_not_wait(
    cli: Any, panel: dict[str, Any], clock: Clock
) -> None:
    """The rectification dated an hour back and the acceptance dated now, signed in one second:
    the fold orders them by their times, so the acceptance is made at once, as dated."""
    p = panel["people"]
    at = ("--at", "2026-12-01T07:00:00Z")
    assert cli(["followup", REF, *RECTIFIED, *at, "-o", "f1.toml", *by(p["mine"])]).exit_code == 0
    run = cli(["followup", REF, *ACCEPT, *REVIEWERS, "-o", "a.toml", *by(p["chen"])])
    assert (run.exit_code, run.stdout, run.stderr) == (0, "a.toml\n", "")
    assert (clock.waited, created("a.toml"), events_at("a.toml")) == ([], T, [T])


def test_an_event_at_the_same_time_signed_in_another_second_does_not_wait(
    cli: Any, panel: dict[str, Any], clock: Clock
) -> None:
    """Both dated by one `--at`, the acceptance signed five seconds after the rectification:
    the fold orders them by their signed times, so nothing waits."""
    p = panel["people"]
    at = ("--at", "2026-12-01T07:00:00Z")
    assert cli(["followup", REF, *RECTIFIED, *at, "-o", "f1.toml", *by(p["mine"])]).exit_code == 0
    clock.now += dt.timedelta(seconds=5)
    run = cli(["followup", REF, *ACCEPT, *REVIEWERS, *at, "-o", "a.toml", *by(p["chen"])])
    assert (run.exit_code, run.stdout, run.stderr) == (0, "a.toml\n", "")
    assert (clock.waited, created("a.toml")) == ([], T + dt.timedelta(seconds=5))


def test_a_follow_up_beside_the_named_findings_ties_one_written_elsewhere(
    cli: Any, panel: dict[str, Any], clock: Clock
) -> None:
    """The rectification beside the named findings, the acceptance written to another folder
    in the same second: the folder of the findings is read too, and the acceptance is made in
    the next second."""
    p = panel["people"]
    Path("out").mkdir()
    assert cli(["followup", REF, *RECTIFIED, "-o", "f1.toml", *by(p["mine"])]).exit_code == 0
    run = cli(["followup", REF, *ACCEPT, *REVIEWERS, "-o", "out/a.toml", *by(p["chen"])])
    assert (run.exit_code, run.stdout, run.stderr) == (0, "out/a.toml\n", "")
    later = T + dt.timedelta(seconds=1)
    assert (created("out/a.toml"), events_at("out/a.toml")) == (later, [later])
    assert reports(cli, panel, ["xinxing.toml", "f1.toml", "out/a.toml"])["row"]["state"] == (
        "accepted"
    )


@pytest.mark.parametrize("back", [1, 2])
def test_a_tie_whose_file_time_is_kept_in_coarser_steps_is_still_seen(
    cli: Any, panel: dict[str, Any], clock: Clock, back: int
) -> None:
    """A file system that keeps modification times in two-second steps (FAT) gives the
    rectification signed this second a time up to two seconds before it: it is still read
    for the tie, and the acceptance is made in the next second."""
    p = panel["people"]
    assert cli(["followup", REF, *RECTIFIED, "-o", "f1.toml", *by(p["mine"])]).exit_code == 0
    kept = (T - dt.timedelta(seconds=back)).timestamp()
    os.utime("f1.toml", (kept, kept))
    run = cli(["followup", REF, *ACCEPT, *REVIEWERS, "-o", "a.toml", *by(p["chen"])])
    assert (run.exit_code, run.stdout, run.stderr) == (0, "a.toml\n", "")
    assert (len(clock.waited), created("a.toml")) == (1, T + dt.timedelta(seconds=1))


def test_an_events_file_stating_its_signed_time_is_made_at_once(
    cli: Any, panel: dict[str, Any], clock: Clock
) -> None:
    """An events file that states its own `created` keeps it (a clerk's ledger gives when
    each page was signed): it never waits for the next second, though it ties the
    rectification signed in this one."""
    p = panel["people"]
    assert cli(["followup", REF, *RECTIFIED, "-o", "f1.toml", *by(p["mine"])]).exit_code == 0
    Path("e.toml").write_text(
        "[minecheck]\ncreated = 2026-12-01T08:00:00Z\n\n"
        f'[[event]]\nfinding = "{REF}"\naction = "accepted"\nmethod = "expert-review"\n'
        'reviewers = ["Chen Jie", "Liu Yang", "Sun Li"]\n'
    )
    run = cli(["followup", "--events", "e.toml", "-o", "a.toml", *by(p["chen"])])
    assert (run.exit_code, run.stdout) == (0, "a.toml\n"), run.stderr
    assert (clock.waited, created("a.toml"), events_at("a.toml")) == ([], T, [T])


def _alice(tmp_path: Path) -> Who:
    """The signer `_an_event_not_applied` made (and trusted)."""
    return Who("alice@coal.example", load_private(tmp_path / "alice", None), tmp_path / "alice")


NOT_YET_ONE = "None by the report date: 1 follow-up document dated after it is not counted."
NOT_YET_TWO = {
    "en": "None by the report date: 2 follow-up documents dated after it are not counted.",
    "zh": "截至统计日无；2 份跟踪记录的日期晚于统计日，未计入。",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_two_follow_ups_dated_after_the_report_s_day_are_counted_as_two(
    cli: Any, tmp_path: Path, lang: str
) -> None:
    """Two follow-up documents signed after the day of `summary --as-of`: the empty list of
    events not applied says two are not counted, in the plural's words."""
    docs = _an_event_not_applied(tmp_path)
    alice = _alice(tmp_path)
    event = Event(LATER_REF, "accepted", NEAR_MIDNIGHT, method="self")
    (docs / "g.toml").write_bytes(
        followup(alice, event, document_id="00000000-0000-4000-8000-0000000000a2")
    )
    table = _summary(cli, docs, lang, "--as-of", "2026-12-01", "--format", "table")
    heading = {"en": "Follow-up events not applied", "zh": "未采纳的跟踪记录"}[lang]
    assert table.stdout.endswith(f"{heading}\n{NOT_YET_TWO[lang]}\n\n")


def test_a_follow_up_by_a_key_not_trusted_dated_later_is_not_counted(
    cli: Any, tmp_path: Path
) -> None:
    """A follow-up dated after the report's day by a signer the trust list does not hold is
    not counted (as it would not be counted on its day): the list says "None." alone. A
    findings file signed after the day is no follow-up: one follow-up is still said."""
    docs = _an_event_not_applied(tmp_path)
    bob = person(tmp_path, "bob")
    event = Event(LATER_REF, "accepted", NEAR_MIDNIGHT, method="self")
    (docs / "f.toml").write_bytes(followup(bob, event))
    md = _summary(cli, docs, "en", "--as-of", "2026-12-01", "--format", "md").stdout
    assert md.split("## Follow-up events not applied\n")[1].startswith("\nNone.\n")
    (docs / "f.toml").write_bytes(followup(_alice(tmp_path), event))
    later = dt.datetime(2026, 12, 5, 8, 0, tzinfo=dt.UTC)
    other = "4b6f8d0a-2c3e-4f70-9b1d-3e5a7c9b1d2f"
    (docs / "b.toml").write_bytes(
        findings(_alice(tmp_path), ["noncompliant"] * 3, inspection_id=other, when=later)
    )
    md = _summary(cli, docs, "en", "--as-of", "2026-12-01", "--format", "md").stdout
    assert f"## Follow-up events not applied\n\n{NOT_YET_ONE}\n" in md


def _lines(text: str, width: int) -> list[str]:
    """`text` as the tables and help divide it at `width` cells."""
    cuts = [0, *breaks(text, width), len(text)]
    return [text[a:b] for a, b in pairwise(cuts)]


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        # a state's flags, with a blank left at the end of the cell's text: moved whole
        ("open [overdue, no-enforcement] ", 25, ["open ", "[overdue, no-enforcement] "]),
        # another group before the flags: the last group is the one moved
        ("open [a] [overdue, no-enforcement]", 25, ["open [a] ", "[overdue, no-enforcement]"]),
        # a bracket never closed is prose: its breaks are kept
        ("note [see the photo of the relay", 27, ["note [see the photo of the ", "relay"]),
        # a group inside prose, though the text ends in another: its breaks are kept
        (
            "the relay, [bypassed] and the fan [off, on]",
            32,
            ["the relay, [bypassed] and the ", "fan [off, on]"],
        ),
        # no line ends in an opening mark, even to keep the flags whole
        ("未整改 （ [逾期、未记录执法措施]", 22, ["未整改 （ [逾期、", "未记录执法措施]"]),
        # flags wider than the line: not moved, the line filled as before
        ("未整改 [逾期、未记录执法措施]", 14, ["未整改 [逾期、", "未记录执法", "措施]"]),
    ],
)
def test_only_a_group_of_flags_that_ends_the_text_and_fits_moves_whole(
    text: str, width: int, lines: list[str]
) -> None:
    """Loose ends 16's rule (`_flags_start`) moves the bracketed group after a blank that ends
    the text to the next line whole where it fits one; any other text keeps its breaks."""
    assert _lines(text, width) == lines


@pytest.mark.parametrize("moved", [0, 3])
def test_the_tie_is_signed_a_second_later_or_when_the_clock_says(
    cli: Any, panel: dict[str, Any], clock: Clock, monkeypatch: pytest.MonkeyPatch, moved: int
) -> None:
    """The wait for the next second, where the clock does not move in it (stopped, or set back:
    the command is held a second of real time at most, and the acceptance is still signed a
    second after the rectification) and where it moves three seconds (the document is signed
    when the clock says, not a second after the tie)."""
    p = panel["people"]

    def pause(seconds: float) -> None:
        clock.waited.append(seconds)
        clock.now += dt.timedelta(seconds=moved)
        if not moved:
            time.sleep(seconds)

    monkeypatch.setattr("minecheck.cli._refs._pause", pause)
    assert cli(["followup", REF, *RECTIFIED, "-o", "f1.toml", *by(p["mine"])]).exit_code == 0
    run = cli(["followup", REF, *ACCEPT, *REVIEWERS, "-o", "a.toml", *by(p["chen"])])
    assert (run.exit_code, run.stdout, run.stderr) == (0, "a.toml\n", "")
    signed = T + dt.timedelta(seconds=max(1, moved))
    assert (created("a.toml"), events_at("a.toml")) == (signed, [signed])
    assert reports(cli, panel, ["xinxing.toml", "f1.toml", "a.toml"])["row"]["state"] == (
        "accepted"
    )


def test_followup_leaves_out_a_rectification_whose_signer_its_trust_list_does_not_hold(
    cli: Any, panel: dict[str, Any]
) -> None:
    """minecheck's own trust list holds the office and the experts but not the mine (its key
    revoked nowhere): every report leaves the mine's rectification out, and `followup` warns
    of the acceptance as of one before any rectification."""
    p = panel["people"]
    step(cli, p["mine"], "f1.toml", "2026-11-30T08:00:00Z", "--action", "rectified", "--note", "x")
    own = paths.allowed_signers_file()
    own.parent.mkdir(parents=True, exist_ok=True)
    allowed_signers(own, *(who for name, who in p.items() if name != "mine"))
    at = "2026-12-01T08:00:00Z"
    args = ["followup", REF, *ACCEPT, *REVIEWERS, "--at", at, "-o", "a.toml", *by(p["chen"])]
    run = cli(args)
    assert (run.exit_code, run.stdout) == (0, "a.toml\n")
    assert run.stderr == NOT_RECTIFIED["en"].format(ref=REF, at=at)
    untrusted = ["--allowed-signers", str(own)]
    got = reports(cli, {**panel, "trust": untrusted}, ["xinxing.toml", "f1.toml", "a.toml"])
    assert got["row"]["state"] == "open"


def test_a_merged_file_s_follow_ups_dated_later_are_counted_as_follow_ups(
    cli: Any, tmp_path: Path
) -> None:
    """A merged file holding the findings, a trusted follow-up signed after the report's day,
    findings of another inspection finished after it, and a follow-up after it by a signer
    not trusted: one follow-up document is said not counted (the findings are no follow-up;
    the one not trusted would not count on its day either)."""
    docs = _an_event_not_applied(tmp_path)
    later = dt.datetime(2026, 12, 5, 8, 0, tzinfo=dt.UTC)
    other = "4b6f8d0a-2c3e-4f70-9b1d-3e5a7c9b1d2f"
    alice = _alice(tmp_path)
    (docs / "b.toml").write_bytes(
        findings(alice, ["noncompliant"] * 3, inspection_id=other, when=later)
    )
    event = Event(LATER_REF, "accepted", NEAR_MIDNIGHT, method="self")
    bob_id = "00000000-0000-4000-8000-0000000000b0"
    (docs / "g.toml").write_bytes(followup(person(tmp_path, "bob"), event, document_id=bob_id))
    sources = [str(docs / name) for name in ("a.toml", "f.toml", "b.toml", "g.toml")]
    merged = tmp_path / "merged"
    merged.mkdir()
    allowed = str(tmp_path / "allowed_signers")
    run = cli(
        [
            "merge", *sources, "-o", str(merged / "m.toml"), "--allowed-signers", allowed,
            "--allow-untrusted", "--key", str(alice.key), "--signer", alice.principal,
        ]
    )  # fmt: skip
    assert run.exit_code == 0, run.stderr
    md = _summary(cli, merged, "en", "--as-of", "2026-12-01", "--format", "md").stdout
    assert f"## Follow-up events not applied\n\n{NOT_YET_ONE}\n" in md


class _FarOff(dt.datetime):
    """A time the C library cannot place in the local zone (Windows' past the year 3000)."""

    def astimezone(self, tz: dt.tzinfo | None = None) -> Self:
        if tz is None:
            raise OSError(22, "Invalid argument")
        return super().astimezone(tz)


def test_an_event_time_the_local_zone_cannot_take_is_given_in_utc() -> None:
    """The list of events not applied gives an event's time in the report's zone; where the C
    library cannot place it there, in UTC with its `Z`, whatever offset the event was written
    with."""
    beijing = dt.timezone(dt.timedelta(hours=8))
    at = _FarOff(3001, 1, 1, 8, 0, tzinfo=beijing)
    assert event_time(at) == "3001-01-01T00:00:00Z"


def _accepted_without_a_word(cli: Any, panel: dict[str, Any], at: str, files: list[str]) -> None:
    """The expert's acceptance dated `at`: `followup` says nothing, and every report applies
    it (the state `accepted`) beside `files`."""
    args = ["followup", REF, *ACCEPT, *REVIEWERS, "--at", at, "-o", "a.toml"]
    run = cli([*args, *by(panel["people"]["chen"])])
    assert (run.exit_code, run.stdout, run.stderr) == (0, "a.toml\n", "")
    assert reports(cli, panel, [*files, "a.toml"])["row"]["state"] == "accepted"


def test_two_follow_ups_here_of_one_second_go_by_their_document_ids(
    cli: Any, panel: dict[str, Any]
) -> None:
    """The mine's rectification; then, at one time and signed in one second, the office's
    rejection and the mine's second rectification in two documents (the rejection's id sorts
    first, so the fold takes it first): the second rectification opens the new round, and the
    expert's later acceptance is applied by every report. `followup` says nothing of it."""
    p = panel["people"]
    step(cli, p["mine"], "f1.toml", "2026-11-30T08:00:00Z", "--action", "rectified", "--note", "x")
    again = dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC)
    rejected = Event(REF, "rejected", again, note="the relay is still bypassed")
    rectified = Event(REF, "rectified", again, note="the relay replaced")
    first, second = (f"00000000-0000-4000-8000-00000000000{n}" for n in (1, 2))
    Path("f2.toml").write_bytes(followup(p["wang"], rejected, document_id=first))
    Path("f3.toml").write_bytes(followup(p["mine"], rectified, document_id=second))
    _accepted_without_a_word(
        cli, panel, "2026-12-01T09:00:00Z", ["xinxing.toml", "f1.toml", "f2.toml", "f3.toml"]
    )


def test_a_rectification_at_the_inspection_s_very_start_is_one_to_accept(
    cli: Any, panel: dict[str, Any]
) -> None:
    """A rectification dated at the very time the inspection began (not before it: every
    report applies it), then the expert's acceptance: `followup` says nothing, and every
    report applies both."""
    p = panel["people"]
    start = "2026-11-29T08:15:00Z"  # (the findings' inspection began then)
    step(cli, p["mine"], "f1.toml", start, "--action", "rectified", "--note", "x")
    _accepted_without_a_word(cli, panel, "2026-12-01T08:00:00Z", ["xinxing.toml", "f1.toml"])


def test_a_rectification_dated_before_the_inspection_names_no_rectifier(
    cli: Any, panel: dict[str, Any]
) -> None:
    """An expert's rectification dated before the inspection began (no report applies it),
    the mine's after it, then that expert's acceptance: the mine is the rectifier, and the
    expert's acceptance is applied by every report without a word from `followup`."""
    p = panel["people"]
    slipped = Event(REF, "rectified", dt.datetime(2026, 11, 20, 8, 0, tzinfo=dt.UTC), note="x")
    Path("c0.toml").write_bytes(followup(p["chen"], slipped))
    step(cli, p["mine"], "f1.toml", "2026-11-30T08:00:00Z", "--action", "rectified", "--note", "x")
    _accepted_without_a_word(
        cli, panel, "2026-12-01T08:00:00Z", ["xinxing.toml", "c0.toml", "f1.toml"]
    )


def test_of_two_rectifications_in_one_second_the_first_by_id_is_the_rectifier(
    cli: Any, panel: dict[str, Any]
) -> None:
    """An expert's rectification and the mine's, dated and signed in one second, the mine's id
    sorting first (the fold takes it first: the expert's is a second one, refused) though its
    file's name sorts last: the mine is the rectifier, and the expert's acceptance is applied
    by every report without a word from `followup`."""
    p = panel["people"]
    when = dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC)
    first, second = (f"00000000-0000-4000-8000-00000000000{n}" for n in (1, 2))
    expert = Event(REF, "rectified", when, note="x")
    Path("a0.toml").write_bytes(followup(p["chen"], expert, document_id=second))
    Path("b0.toml").write_bytes(followup(p["mine"], expert, document_id=first))
    _accepted_without_a_word(
        cli, panel, "2026-12-01T09:00:00Z", ["xinxing.toml", "a0.toml", "b0.toml"]
    )


def test_an_extension_dated_before_the_inspection_sets_no_term_for_a_late_one(
    cli: Any, panel: dict[str, Any]
) -> None:
    """An extension dated before the inspection began (no report applies it), then the
    inspector's extension after the deadline had passed: every report refuses the late one,
    and `followup` says the follow-ups here hold no term it could stand on."""
    p = panel["people"]
    due = dt.date(2026, 11, 30)
    Path("xinxing.toml").write_bytes(
        findings(p["wang"], ["compliant", "noncompliant", "compliant"], deadline=due)
    )
    early = dt.datetime(2026, 11, 20, 8, 0, tzinfo=dt.UTC)
    extended = Event(REF, "extended", early, note="x", new_deadline=dt.date(2026, 12, 31))
    Path("e0.toml").write_bytes(followup(p["wang"], extended))
    late = ["--action", "extended", "--new-deadline", "2027-01-31", "--note", "x"]
    at = ("--at", "2026-12-05T08:00:00Z")
    run = cli(["followup", REF, *late, *at, "-o", "e1.toml", "--json", *by(p["wang"])])
    assert run.exit_code == 0, run.stderr
    codes = [problem["code"] for problem in run.json()["problems"]]
    assert codes == ["not-applied"]
    assert "the follow-ups here hold none" in run.json()["problems"][0]["message"]
    got = reports(cli, panel, ["xinxing.toml", "e0.toml", "e1.toml"])
    assert got["row"]["deadline"] == "2026-11-30"


def test_a_warning_of_an_event_on_the_command_line_places_it_in_no_file(
    cli: Any, panel: dict[str, Any]
) -> None:
    """`--json` gives a warning's file and line where the event is in an events file; of an
    event given on the command line, neither (the command line is no file)."""
    p = panel["people"]
    at = ("--at", "2026-12-01T08:00:00Z")
    args = ["followup", REF, *ACCEPT, *REVIEWERS, *at, "-o", "a.toml", "--json", *by(p["chen"])]
    run = cli(args)
    assert run.exit_code == 0, run.stderr
    [problem] = run.json()["problems"]
    assert (problem["code"], problem["path"], problem["line"]) == ("not-applied", None, None)
