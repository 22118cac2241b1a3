"""The fold of follow-up events (SPEC 2.4): every rule, the flags, and order independence."""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from minecheck.core.documents import Event
from minecheck.core.loop import Hazard, SignedEvent, Status, fold

REF = "3a5f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c1e/gas-overlimit"
FOUND = dt.datetime(2026, 11, 1, 10, 0, tzinfo=dt.UTC)
DEADLINE = dt.date(2026, 11, 20)


def hazard(severity: str = "major", **kw: object) -> Hazard:
    fields: dict[str, object] = {
        "ref": REF,
        "hidden_danger": True,
        "severity": severity,
        "deadline": DEADLINE,
        "found": FOUND,
        "site": "HLJ-0001",
    }
    fields.update(kw)
    return Hazard(**fields)  # type: ignore[arg-type]


def ev(
    action: str,
    day: int,
    signer: str = "ent@x.example",
    doc: str = "d",
    index: int = 0,
    **kw: object,
) -> SignedEvent:
    at = dt.datetime(2026, 11, day, 12, 0, tzinfo=dt.UTC)
    return SignedEvent(
        Event(REF, action, at, **kw),  # type: ignore[arg-type]
        signer,
        f"{doc}{day:02d}{index}",
        index,
        f"{doc}.toml",
    )


def run(
    events: list[SignedEvent], as_of: dt.date = dt.date(2026, 11, 30), **kw: Any
) -> tuple[Status, list[str]]:
    statuses, rejected = fold({REF: hazard(**kw)}, events, as_of)
    return statuses[REF], [r.reason for r in rejected]


EXPERT: dict[str, Any] = {"method": "expert-review", "reviewers": ("Dr Li",)}


def test_another_key_under_another_name_may_accept() -> None:
    status, rejected = run(
        [
            dataclasses.replace(ev("rectified", 5), key="k1"),
            dataclasses.replace(ev("accepted", 6, "expert@x.example", **EXPERT), key="k2"),
        ]
    )
    assert (status.state, rejected) == ("accepted", [])


def test_the_whole_loop_closes() -> None:
    status, rejected = run(
        [
            ev("rectified", 5),
            ev("accepted", 6, "expert@x.example", **EXPERT),
            ev("closed", 7, "insp@x.example"),
        ]
    )
    assert rejected == []
    assert (status.state, status.overdue, status.flags) == ("closed", False, ())
    assert (status.rectified_on, status.closed_on) == (dt.date(2026, 11, 5), dt.date(2026, 11, 7))


@pytest.mark.parametrize(
    ("events", "reason"),
    [
        (
            [ev("rectified", 5), ev("accepted", 6, "expert@x.example", method="self")],
            "a major hidden danger cannot be accepted by self assessment; "
            "it needs expert-review, third-party or regulator-onsite",
        ),
        (
            [ev("rectified", 5), ev("accepted", 6, **EXPERT)],
            "ent@x.example reported it rectified and cannot also accept it",
        ),
        (
            [
                dataclasses.replace(ev("rectified", 5), key="k1"),
                dataclasses.replace(ev("accepted", 6, "alias@x.example", **EXPERT), key="k1"),
            ],
            "the key that reported it rectified cannot also accept it",
        ),
        (
            [ev("closed", 6)],
            "closed while open: a hidden danger is closed only after it is accepted",
        ),
        (
            [ev("extended", 21, new_deadline=dt.date(2026, 12, 1), note="late")],
            "extended on 2026-11-21, after the deadline 2026-11-20 had passed",
        ),
        (
            [ev("extended", 3, new_deadline=dt.date(2026, 11, 10), note="earlier")],
            "an extension must move the deadline later than 2026-11-20",
        ),
        (
            [
                SignedEvent(
                    Event(REF, "rectified", FOUND - dt.timedelta(days=1)), "e@x.x", "a", 0, "f"
                )
            ],
            "the event is dated before the finding was recorded",
        ),
        (
            [ev("accepted", 6, "expert@x.example", **EXPERT)],
            "accepted while open: only a rectified hidden danger can be accepted",
        ),
        (
            [ev("reopened", 6, "insp@x.example")],
            "reopened while open: only a rectified, accepted or closed one reopens",
        ),
        (
            [ev("rejected", 6, "insp@x.example")],
            "rejected while open: "
            "only a rectified or accepted (not yet closed) hidden danger can be rejected",
        ),
        ([ev("rectified", 5), ev("rectified", 6)], "rectified while already rectified"),
        (
            [ev("extended", 3, new_deadline=DEADLINE, note="the same day")],
            "an extension must move the deadline later than 2026-11-20",
        ),
    ],
)
def test_events_that_break_a_rule_are_not_applied(events: list[SignedEvent], reason: str) -> None:
    status, rejected = run(events)
    assert rejected == [reason]
    assert status.state in ("open", "rectified")


def test_a_general_hidden_danger_may_be_accepted_by_self_assessment() -> None:
    status, rejected = run(
        [ev("rectified", 5), ev("accepted", 6, method="self")], severity="general"
    )
    assert (status.state, rejected) == ("accepted", [])


def test_an_acceptance_by_the_rectifier_is_no_independent_one_whatever_its_method() -> None:
    """A general hidden danger may be accepted by the signer (or the key) who reported it
    rectified; stated as expert-review, the closure that followed counted among those after an
    independent acceptance (the summary's closure section). It counts as self assessment."""
    closing = [ev("rectified", 5), ev("accepted", 6, **EXPERT), ev("closed", 7)]
    status, rejected = run(closing, severity="general")
    assert (status.state, rejected, status.acceptance) == ("closed", [], "self")
    same_key = [
        dataclasses.replace(ev("rectified", 5), key="k1"),
        dataclasses.replace(ev("accepted", 6, "expert@x.example", **EXPERT), key="k1"),
        ev("closed", 7),
    ]
    assert run(same_key, severity="general")[0].acceptance == "self"
    apart = [ev("rectified", 5), ev("accepted", 6, "expert@x.example", **EXPERT), ev("closed", 7)]
    assert run(apart, severity="general")[0].acceptance == "expert-review"


def test_extension_moves_the_deadline_then_it_goes_overdue() -> None:
    events = [ev("extended", 10, new_deadline=dt.date(2026, 11, 25), note="parts")]
    status, _ = run(events, as_of=dt.date(2026, 11, 25))
    assert (status.state, status.deadline, status.overdue) == (
        "rectifying",
        dt.date(2026, 11, 25),
        False,
    )
    status, _ = run(events, as_of=dt.date(2026, 11, 26))
    assert status.overdue
    assert status.flags == ("overdue", "no-enforcement")


def test_events_after_the_as_of_date_are_not_yet_known() -> None:
    status, rejected = run([ev("rectified", 25)], as_of=dt.date(2026, 11, 24))
    assert (status.state, rejected) == ("open", [])


def test_reopened_rejected_escalated_withdrawn() -> None:
    status, _ = run([ev("rectified", 5), ev("rejected", 6, "insp@x.example")])
    assert status.state == "rectifying"
    status, _ = run(
        [
            ev("rectified", 5),
            ev("accepted", 6, "x@x.example", **EXPERT),
            ev("closed", 7, "x@x.example"),
            ev("reopened", 8, "x@x.example"),
        ]
    )
    # when it was first rectified and closed is history: a reopening does not take it back
    assert (status.state, status.rectified_on, status.closed_on) == (
        "rectifying",
        dt.date(2026, 11, 5),
        dt.date(2026, 11, 7),
    )
    status, _ = run([ev("escalated", 5, "x@x.example")])
    assert status.state == "escalated"
    status, _ = run(
        [
            ev("rectified", 5),
            ev("accepted", 6, "x@x.example", **EXPERT),
            ev("closed", 7, "x@x.example"),
            ev("withdrawn", 8, "x@x.example", note="not a hidden danger: misread gauge"),
        ]
    )
    assert status.state == "withdrawn"
    withdrawn = ev("withdrawn", 5, "x@x.example", note="recorded in error")
    status, rejected = run([withdrawn, ev("rectified", 6)])
    assert (status.state, status.overdue) == ("withdrawn", False)
    assert rejected == ["the hidden danger is already withdrawn"]


UP_TO = {
    "rectified": [ev("rectified", 5)],
    "accepted": [ev("rectified", 5), ev("accepted", 6, "x@x.example", **EXPERT)],
    "closed": [
        ev("rectified", 5),
        ev("accepted", 6, "x@x.example", **EXPERT),
        ev("closed", 7, "x@x.example"),
    ],
}


def test_the_last_day_and_the_first_second_are_in_time() -> None:
    """An extension made on the deadline itself is in time, and an event stamped the very
    second the finding was recorded is not before it."""
    extended = ev("extended", 20, new_deadline=dt.date(2026, 11, 25), note="parts late")
    status, rejected = run([extended])
    assert (status.state, status.deadline, rejected) == ("rectifying", dt.date(2026, 11, 25), [])
    at_once = SignedEvent(Event(REF, "rectified", FOUND), "e@x.x", "a", 0, "f")
    status, rejected = run([at_once])
    assert (status.state, status.rectified_on, rejected) == ("rectified", FOUND.date(), [])


def test_an_extension_sets_a_deadline_after_the_day_it_is_made() -> None:
    """With no deadline yet (none given with the finding), the day the extension is made is the
    line: that day itself is no term at all."""
    extended = ev("extended", 5, new_deadline=dt.date(2026, 11, 5), note="today")
    status, rejected = run([extended], deadline=None)
    assert (status.state, status.deadline) == ("open", None)
    assert rejected == ["an extension made on 2026-11-05 must set a deadline after that day"]


@pytest.mark.parametrize("reached", list(UP_TO))
def test_a_rectified_accepted_or_closed_one_reopens(reached: str) -> None:
    """A reopening takes it back to rectification from any of the three; only one reopened
    after its closure is a rebound."""
    status, rejected = run([*UP_TO[reached], ev("reopened", 8, "x@x.example")])
    assert (status.state, status.rebounded, rejected) == ("rectifying", reached == "closed", [])


@pytest.mark.parametrize("reached", ["accepted", "closed"])
def test_no_second_rectification_once_accepted_or_closed(reached: str) -> None:
    status, rejected = run([*UP_TO[reached], ev("rectified", 9)])
    said = (
        "rectified while already accepted"
        if reached == "accepted"
        else ("the hidden danger is already closed")
    )
    assert (status.state, rejected) == (reached, [said])


def test_an_event_for_an_unknown_or_compliant_finding_is_rejected() -> None:
    other = SignedEvent(Event(REF + "x", "rectified", FOUND), "e@x.x", "a", 0, "f.toml")
    _, rejected = fold({REF: hazard()}, [other], dt.date(2026, 12, 1))
    assert [(r.reason, r.event.path) for r in rejected] == [
        ("no trusted findings document holds this finding", "f.toml")
    ]
    statuses, rejected = fold({REF: hazard(hidden_danger=False)}, [ev("rectified", 5)], DEADLINE)
    assert statuses == {}
    assert [r.reason for r in rejected] == ["the finding is not a hidden danger"]


def test_an_event_for_another_finding_stops_none_after_it() -> None:
    """Events on a finding no document holds, or on one that is compliant, are set aside one by
    one: the hidden danger's own events after them still apply."""
    unknown = SignedEvent(Event(REF + "x", "rectified", FOUND), "e@x.x", "a", 0, "f.toml")
    ok = "3a5f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c1e/ventilation"
    compliant = hazard(ref=ok, hidden_danger=False)
    on_ok = SignedEvent(Event(ok, "rectified", FOUND), "e@x.x", "b", 0, "g.toml")
    statuses, rejected = fold(
        {REF: hazard(), ok: compliant}, [unknown, on_ok, ev("rectified", 5)], DEADLINE
    )
    assert (statuses[REF].state, statuses[REF].rectified_on) == ("rectified", dt.date(2026, 11, 5))
    assert [r.reason for r in rejected] == [
        "no trusted findings document holds this finding",
        "the finding is not a hidden danger",
    ]


def test_repeat_major_within_90_days_at_one_site() -> None:
    a = hazard()
    b = hazard(
        ref="4a5f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c1e/other", found=FOUND + dt.timedelta(days=90)
    )
    c = hazard(ref="x/far", found=FOUND + dt.timedelta(days=181))
    d = hazard(ref="x/elsewhere", site="HLJ-0002")
    same_inspection = hazard(ref=REF + "-2")
    statuses, _ = fold({h.ref: h for h in (a, b, c, d)}, [], dt.date(2026, 11, 2))
    assert [("repeat-major" in statuses[h.ref].flags) for h in (a, b, c, d)] == [
        True,
        True,
        False,
        False,
    ]
    alone, _ = fold({h.ref: h for h in (a, same_inspection)}, [], dt.date(2026, 11, 2))
    assert [s.flags for s in alone.values()] == [("no-enforcement",)] * 2  # one occasion


def test_no_enforcement_only_for_open_majors_without_an_order() -> None:
    status, _ = run([], as_of=dt.date(2026, 11, 2))
    assert status.flags == ("no-enforcement",)
    status, _ = run([], as_of=dt.date(2026, 11, 2), enforcement=True)
    assert status.flags == ()
    status, _ = run([], as_of=dt.date(2026, 11, 2), severity="general")
    assert status.flags == ()


ALL_EVENTS = [
    ev("rectified", 5, doc="a"),
    ev("accepted", 6, "ent@x.example", doc="b", method="self"),
    ev("accepted", 6, "expert@x.example", doc="c", **EXPERT),
    ev("closed", 7, "insp@x.example", doc="d"),
    ev("reopened", 7, "insp@x.example", doc="e"),
    ev("extended", 8, doc="f", new_deadline=dt.date(2026, 12, 30), note="n"),
    ev("rectified", 9, doc="g", index=1),
    ev("rejected", 9, "insp@x.example", doc="g", index=0),
]


@given(st.permutations(ALL_EVENTS))
def test_the_fold_does_not_depend_on_the_order_of_its_input(events: list[SignedEvent]) -> None:
    assert fold({REF: hazard()}, events, dt.date(2026, 12, 31)) == fold(
        {REF: hazard()}, ALL_EVENTS, dt.date(2026, 12, 31)
    )


@given(
    st.lists(
        st.tuples(st.sampled_from("ab"), st.integers(0, 400), st.sampled_from("pqrs")),
        max_size=40,
    )
)
def test_repeated_occasions_agree_with_the_pairwise_rule(
    found: list[tuple[str, int, str]],
) -> None:
    """An occasion is flagged iff another inspection found a major at its site within 90 days:
    the window search gives what comparing every pair gives."""
    from minecheck.core.loop import repeated

    start = dt.date(2026, 1, 1)
    occasions = [(site, start + dt.timedelta(days=d), i) for site, d, i in found]
    expected = {
        (site, day, i)
        for site, day, i in occasions
        if any(s == site and j != i and abs((d - day).days) <= 90 for s, d, j in occasions)
    }
    assert repeated(occasions) == expected


def test_last_month_s_progress_stays_what_it_was() -> None:
    """Rectified and closed count in the month they first happened, whatever came later; a
    rectification whose acceptance was rejected was not done, and counts in no month."""
    done = [
        ev("rectified", 5),
        ev("accepted", 6, "x@x.example", **EXPERT),
        ev("closed", 7, "x@x.example"),
    ]
    then, _ = run(done, as_of=dt.date(2026, 11, 7))
    for later in (
        [ev("reopened", 8, "x@x.example")],
        [ev("reopened", 8, "x@x.example"), ev("rectified", 9), ev("escalated", 10, "x@x.example")],
    ):
        now, _ = run(done + later)
        assert (now.rectified_on, now.closed_on) == (then.rectified_on, then.closed_on)
    rejected_then_redone = [
        ev("rectified", 5),
        ev("rejected", 6, "x@x.example"),
        ev("rectified", 9),
    ]
    status, _ = run(rejected_then_redone)
    assert (status.state, status.rectified_on) == ("rectified", dt.date(2026, 11, 9))
    status, _ = run(rejected_then_redone[:2])
    assert (status.state, status.rectified_on) == ("rectifying", None)
    rebound_then_rejected = [
        *done,
        ev("reopened", 8, "x@x.example"),
        ev("rectified", 9),
        ev("rejected", 10, "x@x.example"),
    ]
    status, _ = run(rebound_then_rejected)
    assert (status.state, status.rectified_on, status.closed_on) == (
        "rectifying",
        dt.date(2026, 11, 5),
        dt.date(2026, 11, 7),
    )


def test_events_of_one_second_follow_their_signing_times() -> None:
    """`at` has whole seconds: a tie goes to the document signed first, not to a random id."""
    at = dt.datetime(2026, 11, 5, 9, 0, tzinfo=dt.UTC)
    signed = dt.datetime(2026, 11, 5, 9, 0, 1, tzinfo=dt.UTC)
    for first_id, second_id in (("a", "b"), ("b", "a")):
        rectified = SignedEvent(Event(REF, "rectified", at), "ent@x.example", first_id, 0, "r")
        accepted = SignedEvent(
            Event(REF, "accepted", at, **EXPERT),
            "x@x.example",
            second_id,
            0,
            "a",
            created=signed + dt.timedelta(minutes=3),
        )
        rectified = dataclasses.replace(rectified, created=signed)
        statuses, rejected = fold({REF: hazard()}, [accepted, rectified], DEADLINE)
        assert (statuses[REF].state, rejected) == ("accepted", [])


@pytest.fixture
def shanghai() -> Iterator[None]:
    """The machine's clock set to Beijing time (UTC+8), as a mine's office would have it."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TZ", "CST-8")
        time.tzset()
        yield
    time.tzset()


@pytest.mark.usefixtures("shanghai")
def test_days_are_the_report_s_local_days() -> None:
    """A deadline is a local date: an event is judged on the same calendar, as is --as-of."""
    # 01:00 on 21 November in Beijing, still 20 November in UTC: the deadline had passed
    late = dt.datetime(2026, 11, 20, 17, 0, tzinfo=dt.UTC)  # as a signed document states it
    extension = SignedEvent(
        Event(REF, "extended", late, note="late", new_deadline=dt.date(2026, 12, 31)),
        "x@x.example",
        "e",
        0,
        "e.toml",
    )
    status, rejected = fold({REF: hazard()}, [extension], dt.date(2026, 11, 30))
    assert status[REF].deadline == DEADLINE
    # the reason names the day it was judged on: the UTC time a report shows beside it is the 20th
    assert [r.reason for r in rejected] == [
        "extended on 2026-11-21, after the deadline 2026-11-20 had passed"
    ]
    # known on 21 November, the day it was made where the report is made; not the day before
    rectified = dataclasses.replace(extension, event=Event(REF, "rectified", late))
    status, _ = fold({REF: hazard()}, [rectified], dt.date(2026, 11, 20))
    assert status[REF].state == "open"
    status, _ = fold({REF: hazard()}, [rectified], dt.date(2026, 11, 21))
    assert (status[REF].state, status[REF].rectified_on) == ("rectified", dt.date(2026, 11, 21))


def test_a_withdrawal_gives_its_reason() -> None:
    """DOMAIN: withdrawn (a misclassification) is recorded with its reason."""
    status, rejected = run([ev("withdrawn", 5, "x@x.example")])
    assert (status.state, rejected) == ("open", ["a withdrawal needs its reason in note"])


@pytest.mark.parametrize(
    "note", ["  ", "\u3000", "\u200b", "\u2060\u200d", "\u3164", "\u2800", "\u0301"]
)
def test_a_withdrawal_whose_note_no_one_can_read_gives_no_reason(note: str) -> None:
    """A note of blanks was no reason, one of a zero-width space, a Hangul filler, the blank
    Braille pattern or an accent alone was (a document signed by hand): the hidden danger left
    the stock with a reason no one can read. sign and followup refuse such a note."""
    status, rejected = run([ev("withdrawn", 5, "x@x.example", note=note)])
    assert (status.state, rejected) == ("open", ["a withdrawal needs its reason in note"])


def test_a_reopened_or_rejected_hidden_danger_gets_a_new_term() -> None:
    """Back in rectification after its deadline, it is not overdue forever: an extension sets a
    new term (one; the next must come before it, as always), never a day already past."""
    closed = [
        ev("rectified", 5),
        ev("accepted", 6, "x@x.example", **EXPERT),
        ev("closed", 7, "x@x.example"),
    ]
    late = dt.date(2026, 11, 25)  # past DEADLINE (11-20)
    for back in (
        [*closed, ev("reopened", 22, "x@x.example")],
        [ev("rectified", 18), ev("rejected", 22, "x@x.example")],
    ):
        term = ev("extended", 23, "x@x.example", note="new term", new_deadline=late)
        status, rejected = run([*back, term])
        assert (status.state, status.deadline, status.overdue, rejected) == (
            "rectifying",
            late,
            True,  # as of 11-30
            [],
        )
        again = ev("extended", 27, "x@x.example", note="x", new_deadline=dt.date(2026, 12, 9))
        _, rejected = run([*back, term, again])
        assert rejected == ["extended on 2026-11-27, after the deadline 2026-11-25 had passed"]
        # later than the old deadline, but a day already past when the extension was made
        past = ev("extended", 23, "x@x.example", note="x", new_deadline=dt.date(2026, 11, 21))
        _, rejected = run([*back, past])
        assert rejected == ["an extension made on 2026-11-23 must set a deadline after that day"]
    # without a reopening, the rule stands
    _, rejected = run([ev("extended", 23, "x@x.example", note="late", new_deadline=late)])
    assert rejected == ["extended on 2026-11-23, after the deadline 2026-11-20 had passed"]


def test_a_hidden_danger_rectified_on_the_spot_during_the_inspection() -> None:
    """立查立改: rectified while the inspection goes on, before its document was finished and
    signed; an event before the inspection began is still refused."""
    began = FOUND - dt.timedelta(hours=3)
    on_the_spot = SignedEvent(
        Event(REF, "rectified", FOUND - dt.timedelta(hours=1)), "ent@x.example", "d", 0, "f"
    )
    status, rejected = run([on_the_spot], started=began)
    assert (status.state, status.rectified_on, rejected) == ("rectified", FOUND.date(), [])
    before = SignedEvent(
        Event(REF, "rectified", began - dt.timedelta(seconds=1)), "ent@x.example", "d", 0, "f"
    )
    status, rejected = run([before], started=began)
    assert (status.state, rejected) == (
        "open",
        ["the event is dated before the finding was recorded"],
    )


def test_a_major_withdrawn_is_no_repeat_from_the_day_it_is_withdrawn() -> None:
    """A major withdrawn as recorded in error was not found: it is no occasion of the closure
    trigger, and is flagged as no repeat, once the report's day knows the withdrawal."""
    other = hazard(ref="4a5f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c1e/other", found=FOUND)
    withdrawn = ev("withdrawn", 10, "insp@x.example", note="misclassified: gauge misread")
    hazards = {REF: hazard(), other.ref: other}
    before, _ = fold(hazards, [withdrawn], dt.date(2026, 11, 9))
    assert [("repeat-major" in s.flags) for s in before.values()] == [True, True]
    after, rejected = fold(hazards, [withdrawn], dt.date(2026, 11, 10))
    assert rejected == []
    assert after[REF].state == "withdrawn"
    assert [s.flags for s in after.values()] == [(), ("no-enforcement",)]
    given, _ = fold(hazards, [withdrawn], dt.date(2026, 11, 10), repeats={REF, other.ref})
    assert given[REF].flags == ()


def test_an_escalation_keeps_the_rectification_under_way() -> None:
    """DOMAIN 8: an escalation (suspension, closure request, transfer) "also keeps the original
    item open": a rectification reported, or accepted, before it is still there to accept, or
    to close. Escalated, the acceptance of the rectification before was refused ("accepted
    while escalated") and the enterprise had to report it rectified again."""
    rectified, escalated = ev("rectified", 5), ev("escalated", 6, "insp@x.example")
    status, rejected = run(
        [
            rectified,
            escalated,
            ev("accepted", 7, "expert@x.example", **EXPERT),
            ev("closed", 8, "insp@x.example"),
        ]
    )
    assert (status.state, rejected) == ("closed", [])
    status, rejected = run(
        [
            rectified,
            ev("accepted", 6, "expert@x.example", **EXPERT),
            ev("escalated", 7, "insp@x.example"),
            ev("escalated", 8, "insp@x.example"),
            ev("closed", 9, "insp@x.example"),
        ]
    )
    assert (status.state, rejected) == ("closed", [])
    status, rejected = run(
        [rectified, escalated, ev("rejected", 7, "expert@x.example", note="relay bypassed")]
    )
    assert (status.state, rejected) == ("rectifying", [])
    extension = ev("extended", 7, "insp@x.example", new_deadline=DEADLINE.replace(day=25))
    status, rejected = run([rectified, escalated, extension])
    assert (status.state, status.deadline, rejected) == ("rectified", DEADLINE.replace(day=25), [])
    # escalated while open: nothing to accept until it is reported rectified
    status, rejected = run([escalated, ev("accepted", 7, "expert@x.example", **EXPERT)])
    assert (status.state, rejected) == (
        "escalated",
        ["accepted while escalated: only a rectified hidden danger can be accepted"],
    )
