"""Mutation round 108: what the mutants of the last session's new code (the wait for the next
second, the flags kept whole, followup's trust, the fold's order in followup's warnings, the
summary's "None by the report date") showed untested."""

from __future__ import annotations

import datetime as dt
import os
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from minecheck.cli._breaks import breaks
from minecheck.core.documents import Event
from minecheck.core.keys import load_private
from tests.helpers_merge import Who
from tests.test_expert_panel import ACCEPT, REF, REVIEWERS, by, panel, reports
from tests.test_export import followup
from tests.test_loose_ends15 import NEAR_MIDNIGHT, _an_event_not_applied, _summary
from tests.test_loose_ends15 import REF as LATER_REF
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
    alice = Who("alice@coal.example", load_private(tmp_path / "alice", None), tmp_path / "alice")
    event = Event(LATER_REF, "accepted", NEAR_MIDNIGHT, method="self")
    (docs / "g.toml").write_bytes(
        followup(alice, event, document_id="00000000-0000-4000-8000-0000000000a2")
    )
    table = _summary(cli, docs, lang, "--as-of", "2026-12-01", "--format", "table")
    heading = {"en": "Follow-up events not applied", "zh": "未采纳的跟踪记录"}[lang]
    assert table.stdout.endswith(f"{heading}\n{NOT_YET_TWO[lang]}\n\n")


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
