"""The closed loop against a model of it written from the contract alone.

A state machine signs findings (several items, major or general, deadlines; joint inspections),
follow-ups by several signers at chosen times (the same second, out of order, before the
inspection), revokes and withdraws trust, merges an inspection's files and moves the report's
day. After each step `export` and `summary` give each hidden danger's state, deadline, overdue
flag and flags, and the headline, as the model says; `verify` says of every file what the model
expects; `followup` refuses what it must, with exit 2 and its reason.

The model reads SPEC 2.4 and 4, DOMAIN 8 and docs/formats.md: states folded in time order
(`at`, then the document signed later, then its id, then its place), events before the
inspection began or after the report's day not applied, a major accepted only independently,
closed only after accepted, extended only before the deadline and to a later day, withdrawn
only with a reason; an escalation keeps where the rectification stood.

MINECHECK_MODEL_EXAMPLES=N runs N examples of twice as many steps (a longer hunt).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import shutil
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import tomli
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from minecheck.core.documents import (
    FINDINGS,
    FOLLOWUP,
    Event,
    Finding,
    FindingsDoc,
    FollowUpDoc,
    Header,
    Inspection,
)
from minecheck.core.seal import seal, split
from minecheck.core.sshsig import NAMESPACE_FINDINGS
from minecheck.report.render import STOCK_COLUMNS
from tests.helpers_merge import Who, make_merged, person, store_for

# (name, code): a site is its code; the first renamed is the third, still one site
SITES = (("Demo mine", "HLJ-0001"), ("North pit", "HLJ-0002"), ("Demo coal mine", "HLJ-0001"))
# each inspection's site: the first two 20 days apart at two sites; the third 90 days after the
# first at its site renamed; the fifth 130 days after the second
SITE_OF = (0, 1, 2, 0, 1)
ITEMS = ("gas-check-genuine", "gas-overlimit", "methane-return", "ventilation-airflow")
T0 = dt.datetime(2026, 6, 1, 8, 0, tzinfo=dt.UTC)
# inspections on these days after T0: 0 and 90 days apart is "within 90 days", 91 is not
INSPECTION_DAYS = (0, 20, 90, 111, 150)
PEOPLE = ("alice", "bob", "ent", "expert")
INSPECTORS = ("alice", "bob")
INDEPENDENT = ("expert-review", "third-party", "regulator-onsite")
ENDED = ("closed", "withdrawn")
BY: tuple[tuple[str, ...], ...] = ((), ("month",), ("severity", "state"), ("site", "month"))
GRAVER = {"major": 2, "general": 1}
LONG = int(os.environ.get("MINECHECK_MODEL_EXAMPLES", "0"))


# the zones a report is made in: a day is the calendar day there (SPEC 2.3's local dates);
# Shanghai's midnight is 16:00 UTC, Los Angeles' 07:00 or 08:00 (summer time), Kiritimati's
# (UTC+14) 10:00 the day before
ZONES = ("UTC", "Asia/Shanghai", "America/Los_Angeles", "Pacific/Kiritimati")


def day_in(zone: str, when: dt.datetime) -> dt.date:
    return when.astimezone(ZoneInfo(zone)).date()


# -- the model ---------------------------------------------------------------------------------


@dataclasses.dataclass
class Doc:
    """A signed document as the model knows it."""

    name: str  # file name in the archive
    kind: str  # findings | followup | merged
    document_id: str
    created: dt.datetime
    signer: str  # person
    data: bytes
    inspection: int = -1  # findings only
    answers: tuple[tuple[str, str | None, dt.date | None], ...] = ()  # (result, severity, due)
    started: dt.datetime | None = None
    finished: dt.datetime | None = None
    events: tuple[Event, ...] = ()
    sources: tuple[str, ...] = ()  # merged: the names of the documents inside
    inside: str | None = None  # the merged document holding it, if any


@dataclasses.dataclass
class Track:
    state: str = "open"
    stood: str = "open"  # where the rectification stood (the state but for escalation)
    deadline: dt.date | None = None
    rectifier: str | None = None
    returned_late: bool = False  # back to rectification after the deadline had passed
    rectified_on: dt.date | None = None  # the first rectification that stood (not rejected)
    rectified_before: dt.date | None = None  # rectified_on before the latest rectification
    closed_on: dt.date | None = None  # the first closure, kept through a reopening
    # the acceptance in force: the round's first, unless an independent one confirmed a self
    # assessment; "self" by its rectifier
    accepted_by: str | None = None
    panel: set[str] = dataclasses.field(default_factory=set)  # who accepted in this round
    closed_after: str | None = None  # the acceptance the latest closure followed
    rebounded: bool = False  # reopened after a closure
    at_start: str | None = None  # the state when the report's month began, once an event came


@dataclasses.dataclass
class Row:
    result: str
    severity: str | None
    deadline: dt.date | None
    started: dt.datetime
    finished: dt.datetime
    site: int = 0
    state: str | None = None
    overdue: bool = False
    flags: tuple[str, ...] = ()
    track: Track | None = None


class Model:
    def __init__(self) -> None:
        self.docs: dict[str, Doc] = {}
        self.trusted: set[str] = set(PEOPLE) | {"merger"}
        self.revoked: set[str] = set()
        self.as_of = dt.date(2026, 12, 1)
        self.zone = "UTC"
        self.sites: list[int] = []  # each inspection's site (an index of SITES)

    def day(self, when: dt.datetime) -> dt.date:
        """The calendar day of `when` where the report is made."""
        return day_in(self.zone, when)

    def status(self, person: str) -> str:
        if person in self.revoked:
            return "revoked"
        if person not in self.trusted:
            return "untrusted-key"
        return "trusted"

    def file_status(self, doc: Doc) -> str:
        """A merged file's status is its merger's, else the worst of its sources; a revoked
        key anywhere in it comes first (SPEC 3's order)."""
        if doc.kind != "merged":
            return self.status(doc.signer)
        every = [self.status(doc.signer), *(self.status(self.docs[s].signer) for s in doc.sources)]
        return next((s for s in ("revoked", "untrusted-key") if s in every), "trusted")

    def counted(self) -> list[Doc]:
        """The leaves a report reads: trusted, known by the report's day; a merged file's only
        when its merger is trusted (each then judged on its own)."""
        out = []
        for doc in self.docs.values():
            if doc.kind == "merged":
                continue
            if doc.inside is not None:
                holder = self.docs[doc.inside]
                if self.status(holder.signer) != "trusted" or self.day(holder.created) > self.as_of:
                    continue
            if self.status(doc.signer) == "trusted" and self.day(doc.created) <= self.as_of:
                out.append(doc)
        return out

    def rows(self) -> tuple[dict[tuple[int, str], Row], list[tuple[str, str, str, str]]]:
        """Each consolidated finding and the number of events a report rejects."""
        leaves = self.counted()
        answers: dict[tuple[int, str], list[tuple[str, str | None, dt.date | None]]] = {}
        started: dict[int, dt.datetime] = {}
        finished: dict[int, dt.datetime] = {}
        for doc in leaves:
            if doc.kind != "findings":
                continue
            assert doc.started is not None
            assert doc.finished is not None
            started[doc.inspection] = min(started.get(doc.inspection, doc.started), doc.started)
            finished[doc.inspection] = min(finished.get(doc.inspection, doc.finished), doc.finished)
            for item, answer in zip(ITEMS, doc.answers, strict=True):
                answers.setdefault((doc.inspection, item), []).append(answer)
        rows: dict[tuple[int, str], Row] = {}
        for key, given in answers.items():
            real = [a for a in given if a[0] != "not-checked"] or given
            results = {a[0] for a in real}
            result = results.pop() if len(results) == 1 else "inconsistent"
            bad = [a for a in real if a[0] == "noncompliant"]
            severity = max((a[1] for a in bad if a[1]), key=GRAVER.__getitem__, default=None)
            due = min((a[2] for a in bad if a[2]), default=None)
            rows[key] = Row(
                result, severity, due, started[key[0]], finished[key[0]], self.sites[key[0]]
            )
        tracks = {
            key: Track(deadline=row.deadline)
            for key, row in rows.items()
            if row.result in ("noncompliant", "inconsistent")
        }
        events = []
        for doc in leaves:
            if doc.kind == "followup":
                for pos, ev in enumerate(doc.events):
                    events.append(((ev.at, doc.created, doc.document_id, pos), ev, doc))
        rejected = []
        first = self.as_of.replace(day=1)  # the report's month began: its stock is taken
        for _, ev, doc in sorted(events, key=lambda e: e[0]):
            said = (doc.name, ev.finding, ev.action, ev.at.strftime("%Y-%m-%dT%H:%M:%SZ"))
            if self.day(ev.at) > self.as_of:
                continue  # not yet known
            iid, item = ev.finding.split("/", 1)
            key = (INSPECTION_IDS.index(iid), item)
            if key not in tracks or ev.at < rows[key].started:
                rejected.append(said)
                continue
            if self.day(ev.at) >= first and tracks[key].at_start is None:
                tracks[key].at_start = tracks[key].state
            if not apply(tracks[key], rows[key], ev, doc.signer, self.day(ev.at)):
                rejected.append(said)
        majors = {
            key
            for key, row in rows.items()
            if key in tracks and row.severity == "major" and tracks[key].state != "withdrawn"
        }
        for key, row in rows.items():
            track = tracks.get(key)
            if track is None:
                continue
            row.track = track
            row.state = track.state
            row.deadline = track.deadline
            active = track.state not in ENDED
            row.overdue = active and track.deadline is not None and self.as_of > track.deadline
            flags = []
            if row.overdue:
                flags.append("overdue")
            if key in majors and any(
                other[0] != key[0]
                and SITES[rows[other].site][1] == SITES[row.site][1]
                and abs((self.day(rows[other].finished) - self.day(row.finished)).days) <= 90
                for other in majors
            ):
                flags.append("repeat-major")
            if row.severity == "major" and active:
                flags.append("no-enforcement")
            row.flags = tuple(flags)
        return rows, rejected

    def sections(self) -> dict[str, Any]:
        """The summary's closure by severity, progress by month and severity by state, as
        formats.md defines them: days from the local day each inspection finished to its
        first closure (none before it), an independent closure one after an acceptance by
        other than self assessment and other than its rectifier."""
        rows, _ = self.rows()
        closing: dict[str | None, list[int]] = {}
        progress: dict[str, list[int]] = {}
        cells: dict[tuple[str | None, str], int] = {}
        for row in rows.values():
            track = row.track
            if track is None:
                continue
            cell = (row.severity, track.state)  # (no grade: null in JSON)
            cells[cell] = cells.get(cell, 0) + 1
            found = self.day(row.finished)
            for place, when in enumerate((found, track.rectified_on, track.closed_on)):
                if when is not None:
                    progress.setdefault(f"{when:%Y-%m}", [0, 0, 0])[place] += 1
            if track.closed_on is None or track.state == "withdrawn":
                continue
            tally = closing.setdefault(row.severity, [0, 0, 0, 0, 0])
            if track.state == "closed":
                tally[0] += 1
                tally[1] += max(0, (track.closed_on - found).days)
                tally[2] += track.closed_after not in (None, "self")
            tally[3] += 1
            tally[4] += track.rebounded
        return {
            "closing": {k: tuple(v) for k, v in closing.items()},
            "progress": {k: tuple(v) for k, v in progress.items()},
            "severity_state": cells,
        }

    def headline(self, rows: list[Row] | None = None) -> dict[str, int]:
        """The headline's counts, of every row or of the rows given (a group's)."""
        if rows is None:
            rows = list(self.rows()[0].values())
        hidden = [r for r in rows if r.state is not None]
        open_ = [r for r in hidden if r.state not in ENDED]
        return {
            "findings": len(rows),
            "hidden_dangers": len(hidden),
            "majors": sum(r.severity == "major" for r in hidden),
            "open": len(open_),
            "open_majors": sum(r.severity == "major" for r in open_),
            "overdue": sum(r.overdue for r in open_),
            "overdue_majors": sum(r.overdue and r.severity == "major" for r in open_),
            "closed": sum(r.state == "closed" for r in hidden),
            "no_enforcement": sum("no-enforcement" in r.flags for r in hidden),
            "repeat_major": sum("repeat-major" in r.flags for r in hidden),
            "inconsistent": sum(r.result == "inconsistent" for r in rows),
            "untrusted": 0,
        }

    def site_names(self) -> dict[str, str]:
        """Each site (its code) as reports show it: every name it has in what is counted."""
        names: dict[str, set[str]] = {}
        for row in self.rows()[0].values():
            name, code = SITES[row.site]
            names.setdefault(code, set()).add(name)
        return {code: " / ".join(sorted(given)) for code, given in names.items()}

    def open_majors_by_site(self) -> dict[str, int]:
        names = self.site_names()
        out: dict[str, int] = {}
        for row in self.rows()[0].values():
            if row.severity == "major" and row.state not in (None, *ENDED):
                site = names[SITES[row.site][1]]
                out[site] = out.get(site, 0) + 1
        return out

    def groups(self, by: tuple[str, ...]) -> dict[tuple[str | None, ...], dict[str, object]]:
        """`summary --by BY`'s groups: each row under its month found (the local month its
        inspection finished), grade (a hidden danger's) and state, the headline's counts each."""
        members: dict[tuple[str | None, ...], list[Row]] = {}
        names = self.site_names()
        for row in self.rows()[0].values():
            values = {
                "site": names[SITES[row.site][1]],
                "month": f"{self.day(row.finished):%Y-%m}",
                "severity": row.severity if row.state is not None else None,
                "state": row.state,
            }
            members.setdefault(tuple(values[d] for d in by), []).append(row)
        # a site's row gives its code first (each of these sites has one)
        code = {shown: code for code, shown in names.items()}
        out: dict[tuple[str | None, ...], dict[str, object]] = {}
        for key, rows in members.items():
            site = key[by.index("site")] if "site" in by else None
            out[key] = {**({"site_id": code[site]} if site is not None else {})}
            out[key].update(self.headline(rows))
            out[key].update(self.stock(rows))
        return out

    def stock(self, rows: list[Row]) -> dict[str, int]:
        """The majors of the report's month as formats.md counts them: found before its first
        day and open when it began (every event of the days before applied), and of those
        closed or withdrawn now; found from its first day, and of those still open."""
        first = self.as_of.replace(day=1)
        out = dict.fromkeys(STOCK_COLUMNS, 0)
        for row in rows:
            if row.track is None or row.severity != "major":
                continue
            ended = row.state in ENDED
            if self.day(row.finished) >= first:
                out["majors_increment"] += 1
                out["majors_increment_open"] += not ended
            elif (row.track.state if row.track.at_start is None else row.track.at_start) not in (
                ENDED
            ):
                out["majors_stock"] += 1
                out["majors_stock_cleared"] += ended
        return out


def apply(track: Track, row: Row, ev: Event, signer: str, made: dt.date) -> bool:
    """Apply one event, made on the day `made` where the report is made, as SPEC 2.4 and
    formats.md say; False when it is refused."""
    state, stood = track.state, track.stood
    if ev.action == "withdrawn":
        if not (ev.note or "").strip() or state == "withdrawn":
            return False  # its reason is what makes a withdrawal; a second one says nothing
        track.state = "withdrawn"
        return True
    if ev.action == "escalated":
        if state in ENDED:
            return False
        track.state = "escalated"
        return True
    if ev.action == "reopened":
        if state not in ("rectified", "accepted", *ENDED):
            return False  # an escalated one is still open: nothing to reopen
        track.rebounded = track.rebounded or state == "closed"
        track.state = track.stood = "rectifying"
        track.returned_late = True  # back to rectification: one extension may set a new term
        return True
    if state in ENDED:
        return False
    if ev.action == "rectified":
        if stood not in ("open", "rectifying"):
            return False
        track.stood = "rectified"
        track.state = "rectified"  # the loop goes on after an escalation
        track.rectifier = signer
        track.panel = set()  # a new round: each member accepts anew
        track.rectified_before = track.rectified_on
        track.rectified_on = track.rectified_on or made
        return True
    if ev.action == "accepted":
        # a first acceptance, or a panel member's confirmation of one in force (not closed):
        # the same rules, and each member once a round
        if stood not in ("rectified", "accepted") or signer in track.panel:
            return False
        if row.severity == "major" and (ev.method not in INDEPENDENT or signer == track.rectifier):
            return False
        track.panel.add(signer)
        # by its rectifier an acceptance is self assessment, whatever method it states
        method = "self" if signer == track.rectifier else ev.method
        if stood == "rectified":
            track.stood = track.state = "accepted"
            track.accepted_by = method
        elif track.accepted_by == "self":  # an independent confirmation is the one that counts
            track.accepted_by = method
        return True
    if ev.action == "rejected":  # a panel's dissent before the closure sends it back
        if stood not in ("rectified", "accepted"):
            return False
        track.stood = "rectifying"
        track.state = "rectifying"
        track.returned_late = True
        track.rectified_on = track.rectified_before  # a rectification that failed was not done
        return True
    if ev.action == "closed":
        if stood != "accepted":
            return False
        if row.severity == "major" and signer == track.rectifier:
            return False  # closed by the authority, not on the mine's own word
        track.state = track.stood = "closed"
        track.closed_on = track.closed_on or made
        track.closed_after = track.accepted_by
        return True
    if ev.action == "extended":
        new = ev.new_deadline
        if new is None or track.deadline is None or new <= made:
            return False
        if (made > track.deadline and not track.returned_late) or new <= track.deadline:
            return False
        track.returned_late = False
        track.deadline = new
        if stood in ("open", "rectifying"):
            track.state = track.stood = "rectifying"
        return True
    raise AssertionError(ev.action)


INSPECTION_IDS = tuple(
    str(uuid.UUID(bytes=hashlib.sha256(f"inspection {n}".encode()).digest()[:16], version=4))
    for n in range(len(INSPECTION_DAYS))
)
NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)
# what happened is never after now: events and documents are dated at least a day before
LATEST = NOW - dt.timedelta(days=1)
AS_OF = (
    dt.date(2026, 6, 1),
    dt.date(2026, 6, 20),
    dt.date(2026, 8, 30),
    dt.date(2026, 9, 1),
    dt.date(2026, 12, 1),
    NOW.date(),
    NOW.date() + dt.timedelta(days=40),
)
AT = tuple(dt.timedelta(hours=h) for h in (-3, 1, 24, 24 * 5, 24 * 15, 24 * 40, 24 * 70, 24 * 100))
# the inspections start at 08:00 UTC: these cross midnight in Los Angeles (06:30), Kiritimati
# (10:30), Shanghai (16:30) and UTC (00:30 the next day), each zone's day then another's
AT += tuple(dt.timedelta(hours=h, minutes=30) for h in (-2, 2, 8, 16))
ANSWER = st.sampled_from(
    [
        ("compliant", None, None),
        ("not-applicable", None, None),
        ("not-checked", None, None),
        ("noncompliant", "major", 0),
        ("noncompliant", "major", 30),
        ("noncompliant", "general", 10),
        ("noncompliant", "general", 60),
    ]
)
ACTIONS = (
    "rectified",
    "accepted",
    "rejected",
    "closed",
    "reopened",
    "extended",
    "escalated",
    "withdrawn",
)
EVENT = st.tuples(
    st.integers(0, len(INSPECTION_DAYS) - 1),  # inspection (of those made, modulo)
    st.sampled_from(ITEMS),
    st.sampled_from(ACTIONS),
    st.sampled_from(AT),
    st.sampled_from((None, *INDEPENDENT, "self")),  # accepted: method
    st.booleans(),  # withdrawn: with its reason
    st.sampled_from((-1, 0, 1, 15, 60)),  # extended: days after the day it is made
)


def uid(*parts: object) -> str:
    return str(uuid.UUID(bytes=hashlib.sha256(repr(parts).encode()).digest()[:16], version=4))


def findings_doc(
    who: Who,
    n: int,
    inspection: int,
    answers: tuple[tuple[str, str | None, dt.date | None], ...],
    started: dt.datetime,
    created: dt.datetime,
    site: int = 0,
) -> tuple[str, bytes]:
    document_id = uid("findings", n)
    header = Header(
        FINDINGS, document_id, created, who.principal, who.fingerprint, "minecheck 0.1.0"
    )
    inspection_table = Inspection(
        INSPECTION_IDS[inspection],
        "coal-major-hidden-dangers",
        "2024.1",
        "0" * 64,
        SITES[site][0],
        who.principal.split("@")[0],
        "routine",
        started,
        created - dt.timedelta(minutes=5),
        "en",
        SITES[site][1],
        ("coal-underground",),
    )
    rows = tuple(
        Finding(
            item,
            result,
            severity=severity,
            basis=("CMHD-5.2",) if severity == "major" else (),
            deadline=due,
            description="found",
        )
        if result == "noncompliant"
        else Finding(item, result)
        for item, (result, severity, due) in zip(ITEMS, answers, strict=True)
    )
    body = FindingsDoc(header, inspection_table, rows).to_toml()
    return document_id, seal(body, who.signer, NAMESPACE_FINDINGS)


class LoopMachine(RuleBasedStateMachine):
    """Set up by `test_the_loop_agrees_with_its_model` (keys, the CLI, a directory)."""

    people: dict[str, Who]
    cli: Any
    root: Path

    def __init__(self) -> None:
        super().__init__()
        self.model = Model()
        self.dir = Path(tempfile.mkdtemp(dir=self.root))
        self.archive = self.dir / "archive"  # what the reports read
        self.desk = self.dir / "desk"  # every findings file, for followup --findings
        self.archive.mkdir()
        self.desk.mkdir()
        self.n = 0
        self.inspections: list[tuple[dt.datetime, str]] = []  # (started, file on the desk)
        self.write_trust()
        self.report_in("UTC")  # (an earlier run may have left another)

    def teardown(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)

    # -- helpers ---------------------------------------------------------------------------

    def write_trust(self) -> None:
        lines, revoked = [], []
        for name, who in self.people.items():
            pub = Path(f"{who.key}.pub").read_text().split()
            if name in self.model.trusted:
                lines.append(f"{who.principal} {pub[0]} {pub[1]}\n")
            if name in self.model.revoked:
                revoked.append(f"{pub[0]} {pub[1]}\n")
        (self.dir / "allowed_signers").write_text("".join(lines))
        (self.dir / "revoked_keys").write_text("".join(revoked))

    def trust_args(self) -> list[str]:
        return [
            *("--allowed-signers", str(self.dir / "allowed_signers")),
            *("--revoked-keys", str(self.dir / "revoked_keys")),
        ]

    def add(self, doc: Doc) -> None:
        self.model.docs[doc.name] = doc
        (self.archive / doc.name).write_bytes(doc.data)

    # -- rules -----------------------------------------------------------------------------

    @initialize(
        signer=st.sampled_from(INSPECTORS),
        answers=st.tuples(*[ANSWER] * len(ITEMS)),
        second=st.tuples(*[ANSWER] * len(ITEMS)),
    )
    def first_inspections(
        self,
        signer: str,
        answers: tuple[tuple[str, str | None, int | None], ...],
        second: tuple[tuple[str, str | None, int | None], ...],
    ) -> None:
        self.inspect(signer, answers)
        self.inspect(signer, second)

    @precondition(lambda self: len(self.inspections) < len(INSPECTION_DAYS))
    @rule(
        signer=st.sampled_from(INSPECTORS),
        answers=st.tuples(*[ANSWER] * len(ITEMS)),
    )
    def inspect(self, signer: str, answers: tuple[tuple[str, str | None, int | None], ...]) -> None:
        number = len(self.inspections)
        self.model.sites.append(SITE_OF[number])
        started = T0 + dt.timedelta(days=INSPECTION_DAYS[number])
        self.sign_findings(signer, number, answers, started, started + dt.timedelta(hours=2))
        self.inspections.append((started, f"f{self.n - 1}.toml"))

    @precondition(lambda self: self.inspections)
    @rule(
        which=st.integers(0, len(INSPECTION_DAYS) - 1),
        signer=st.sampled_from(INSPECTORS),
        answers=st.tuples(*[ANSWER] * len(ITEMS)),
        earlier=st.booleans(),
    )
    def join(
        self,
        which: int,
        signer: str,
        answers: tuple[tuple[str, str | None, int | None], ...],
        earlier: bool,
    ) -> None:
        """Another inspector of the same inspection (or the same one again) signs answers."""
        number = which % len(self.inspections)
        first, _ = self.inspections[number]
        started = first + dt.timedelta(hours=-1 if earlier else 1)
        self.sign_findings(signer, number, answers, started, first + dt.timedelta(hours=3))

    def sign_findings(
        self,
        signer: str,
        number: int,
        answers: tuple[tuple[str, str | None, int | None], ...],
        started: dt.datetime,
        created: dt.datetime,
    ) -> None:
        day = created.date()
        dated = tuple(
            (r, s, None if d is None else day + dt.timedelta(days=d)) for r, s, d in answers
        )
        document_id, data = findings_doc(
            self.people[signer], self.n, number, dated, started, created, self.model.sites[number]
        )
        name = f"f{self.n}.toml"
        self.n += 1
        doc = Doc(name, "findings", document_id, created, signer, data, number, dated, started)
        doc.finished = created - dt.timedelta(minutes=5)
        self.add(doc)
        (self.desk / name).write_bytes(data)

    @precondition(lambda self: self.inspections)
    @rule(
        signer=st.sampled_from(PEOPLE),
        specs=st.lists(EVENT, min_size=1, max_size=3),
        later=st.integers(0, 2),
    )
    def follow_up(self, signer: str, specs: list[tuple[Any, ...]], later: int) -> None:
        events = tuple(self.event(spec) for spec in specs)
        who = self.people[signer]
        created = max(e.at for e in events) + dt.timedelta(seconds=later)
        document_id = uid("followup", self.n)
        header = Header(FOLLOWUP, document_id, created, who.principal, who.fingerprint, "t 1")
        data = seal(FollowUpDoc(header, events).to_toml(), who.signer, NAMESPACE_FINDINGS)
        name = f"e{self.n}.toml"
        self.n += 1
        self.add(Doc(name, "followup", document_id, created, signer, data, events=events))

    @precondition(lambda self: self.inspections)
    @rule(
        which=st.integers(0, len(INSPECTION_DAYS) - 1),
        item=st.sampled_from(ITEMS),
        signer=st.sampled_from(PEOPLE),
        choice=st.integers(0, 3),
        after=st.sampled_from((dt.timedelta(0), dt.timedelta(hours=1), dt.timedelta(days=3))),
        method=st.sampled_from((*INDEPENDENT, "self")),
    )
    def advance(
        self,
        which: int,
        item: str,
        signer: str,
        choice: int,
        after: dt.timedelta,
        method: str,
    ) -> None:
        """The next step a hidden danger's loop would take from where the model has it (at
        its last event's time, or a little later): most of these are applied."""
        number = which % len(self.inspections)
        rows, _ = self.model.rows()
        row = rows.get((number, item))
        if row is None or row.state is None:
            return
        nexts = {
            "open": ("rectified", "extended", "escalated", "withdrawn"),
            "rectifying": ("rectified", "extended", "escalated"),
            "rectified": ("accepted", "accepted", "rejected", "escalated"),
            # another panel member's acceptance confirms it (or the same one's, refused)
            "accepted": ("closed", "closed", "escalated", "reopened", "rejected", "accepted"),
            "closed": ("reopened", "withdrawn", "closed", "closed"),
            "escalated": ("rectified", "accepted", "closed", "extended"),
            "withdrawn": ("reopened", "withdrawn", "rectified", "reopened"),
        }[row.state]
        action = nexts[choice % len(nexts)]
        ref = f"{INSPECTION_IDS[number]}/{item}"
        last = max(
            (e.at for d in self.model.docs.values() for e in d.events if e.finding == ref),
            default=self.inspections[number][0] + dt.timedelta(hours=1),
        )
        at = min(last + after, LATEST)
        if action == "accepted":
            event = Event(ref, action, at, method=method, reviewers=("Dr Li",))
        elif action == "extended":
            due = row.deadline or at.date()
            event = Event(
                ref,
                action,
                at,
                note="more time",
                new_deadline=due + (after or dt.timedelta(days=1)) * 10,
            )
        else:
            event = Event(ref, action, at, note="reason")
        who = self.people[signer]
        created = at + dt.timedelta(seconds=1)
        document_id = uid("followup", self.n)
        header = Header(FOLLOWUP, document_id, created, who.principal, who.fingerprint, "t 1")
        data = seal(FollowUpDoc(header, (event,)).to_toml(), who.signer, NAMESPACE_FINDINGS)
        name = f"e{self.n}.toml"
        self.n += 1
        self.add(Doc(name, "followup", document_id, created, signer, data, events=(event,)))

    def event(self, spec: tuple[Any, ...]) -> Event:
        which, item, action, after, method, reason, extension = spec
        started, _ = self.inspections[which % len(self.inspections)]
        at = min(started + after, LATEST)
        ref = f"{INSPECTION_IDS[which % len(self.inspections)]}/{item}"
        if action == "accepted":
            return Event(ref, action, at, method=method or "self", reviewers=("Dr Li",))
        if action == "extended":
            new = at.date() + dt.timedelta(days=extension)
            return Event(ref, action, at, note="more time", new_deadline=new)
        if action == "withdrawn":
            return Event(ref, action, at, note="recorded in error" if reason else " ")
        return Event(ref, action, at, note="done")

    @precondition(lambda self: self.inspections)
    @rule(
        signer=st.sampled_from(PEOPLE),
        spec=EVENT,
        note=st.sampled_from(("done", " ", None)),
        method=st.booleans(),
        deadline=st.booleans(),
        future=st.booleans(),
    )
    def followup_command(
        self,
        signer: str,
        spec: tuple[Any, ...],
        note: str | None,
        method: bool,
        deadline: bool,
        future: bool,
    ) -> None:
        """`followup` as a person types it: refused (exit 2, nothing written) when an option
        the action needs is missing or the time is in the future; else signed, and said when
        no report will apply it because it is dated before the inspection began."""
        which = spec[0] % len(self.inspections)
        event = self.event(spec)
        if future:
            event = dataclasses.replace(event, at=NOW + dt.timedelta(days=1))
        who = self.people[signer]
        name = f"c{self.n}.toml"
        self.n += 1
        args = [
            *("followup", event.finding, "--action", event.action),
            *("--at", event.at.strftime("%Y-%m-%dT%H:%M:%SZ")),
            *("-o", str(self.archive / name), "--key", str(who.key), "--signer", who.principal),
        ]
        for doc in self.model.docs.values():
            if doc.kind == "findings" and doc.inspection == which:
                args += ["--findings", str(self.desk / doc.name)]
        if note is not None:
            args += ["--note", note]
        if event.action == "accepted" and method:
            args += ["--method", event.method or "self"]
            for reviewer in event.reviewers:  # an acceptance names its reviewers
                args += ["--reviewer", reviewer]
        if event.action == "extended" and deadline:
            assert event.new_deadline is not None
            args += ["--new-deadline", event.new_deadline.isoformat()]
        run = self.cli(args)
        needed = []
        if event.action == "accepted" and not method:
            needed.append("--method (self | expert-review | third-party | regulator-onsite)")
        if event.action == "extended" and not deadline:
            needed.append("--new-deadline DATE")
        if event.action in ("extended", "withdrawn") and not (note or "").strip():
            needed.append("--note REASON")
        if needed:
            assert (run.exit_code, run.stdout) == (2, "")
            assert run.stderr.splitlines()[0] == (
                f"minecheck: error: --action {event.action} needs {', '.join(needed)}"
            )
            assert not (self.archive / name).exists()
            return
        if future:
            assert (run.exit_code, run.stdout) == (2, ""), run.stderr
            assert "is in the future" in run.stderr
            assert not (self.archive / name).exists()
            return
        assert (run.exit_code, run.stdout) == (0, f"{self.archive / name}\n"), run.stderr
        began = min(
            d.started
            for d in self.model.docs.values()
            if d.kind == "findings" and d.inspection == which and d.started is not None
        )
        assert ("before the inspection began" in run.stderr) == (event.at < began), run.stderr
        data = (self.archive / name).read_bytes()
        head = tomli.loads(split(data)[0].decode())["minecheck"]
        written = Event(
            event.finding,
            event.action,
            event.at,
            note=note,
            method=event.method if event.action == "accepted" else None,
            new_deadline=event.new_deadline if event.action == "extended" else None,
        )
        created = head["created"]
        self.model.docs[name] = Doc(
            name, "followup", head["document_id"], created, signer, data, events=(written,)
        )

    @precondition(lambda self: len(self.model.revoked) + 5 - len(self.model.trusted) < 2)
    @rule(person=st.sampled_from((*PEOPLE, "merger")), how=st.sampled_from(("revoke", "untrust")))
    def distrust(self, person: str, how: str) -> None:
        if how == "revoke":
            self.model.revoked.add(person)
        else:
            self.model.trusted.discard(person)
        self.write_trust()

    @rule(person=st.sampled_from((*PEOPLE, "merger")))
    def trust_again(self, person: str) -> None:
        """Trusted again (a revoked key stays revoked)."""
        self.model.trusted.add(person)
        self.write_trust()

    @rule(day=st.sampled_from(AS_OF))
    def report_on(self, day: dt.date) -> None:
        self.model.as_of = day

    @rule(zone=st.sampled_from(ZONES))
    def report_in(self, zone: str) -> None:
        """The report made in another time zone (a laptop that travels; a colleague's machine
        sharing the cache): every day is that zone's, none served from the other's."""
        os.environ["TZ"] = zone
        time.tzset()
        self.model.zone = zone

    @precondition(lambda self: self.inspections)
    @rule(which=st.integers(0, len(INSPECTION_DAYS) - 1))
    def merge(self, which: int) -> None:
        """The inspection's findings files, all trusted, merged into one (taken out of the
        archive, where the merged file stands for them)."""
        number = which % len(self.inspections)
        docs = [
            d
            for d in self.model.docs.values()
            if d.kind == "findings" and d.inspection == number and d.inside is None
        ]
        if not docs or any(self.model.status(d.signer) != "trusted" for d in docs):
            return
        store = store_for(*(self.people[p] for p in self.model.trusted - self.model.revoked))
        created = max(d.created for d in docs) + dt.timedelta(hours=1)
        name = f"m{self.n}.toml"
        document_id = uid("merged", self.n)
        self.n += 1
        data = make_merged(
            self.people["merger"],
            [d.data for d in docs],
            store,
            created=created,
            document_id=document_id,
        )
        merged = Doc(name, "merged", document_id, created, "merger", data)
        merged.sources = tuple(d.name for d in docs)
        for d in docs:
            d.inside = name
            (self.archive / d.name).unlink()
        self.add(merged)

    # -- what the product says -------------------------------------------------------------

    @invariant()
    def reports_agree(self) -> None:
        if not os.listdir(self.archive):
            return  # an empty directory is a usage error
        as_of = self.model.as_of.isoformat()
        rows, rejected = self.model.rows()
        usable = any(
            d.inside is None and self.model.status(d.signer) == "trusted"
            for d in self.model.docs.values()
        )
        if not usable:  # no report to make
            for command in (["export", "--format", "jsonl"], ["summary", "--json"]):
                run = self.cli([*command, str(self.archive), "--as-of", as_of, *self.trust_args()])
                assert run.exit_code == 2
                assert "no document could be used" in run.stdout + run.stderr
            return
        run = self.cli(
            ["export", str(self.archive), "--format", "jsonl", "--as-of", as_of, *self.trust_args()]
        )
        assert run.exit_code == 0, run.stderr
        got: dict[tuple[int, str], tuple[Any, ...]] = {}
        for line in run.stdout.splitlines():
            r = json.loads(line)
            key = (INSPECTION_IDS.index(r["inspection"]), r["item"])
            fields = ("result", "severity", "state", "deadline", "overdue")
            got[key] = (*(r[f] for f in fields), tuple(r["flags"]))
        want: dict[tuple[int, str], tuple[Any, ...]] = {
            key: (
                row.result,
                row.severity,
                row.state,
                row.deadline.isoformat() if row.deadline else None,
                row.overdue,
                row.flags,
            )
            for key, row in rows.items()
        }
        assert got == want, self.explain(got, want)
        # groups by turns (each its own kept counts): none, then by month, grade and state
        by = BY[self.n % len(BY)]
        run = self.cli(
            [
                *("summary", str(self.archive), "--json", "--as-of", as_of),
                *(("--by", ",".join(by)) if by else ()),
                *self.trust_args(),
            ]
        )
        assert run.exit_code == 0, run.stdout
        data = run.json()["data"]
        groups = {tuple(g.pop(d) for d in by): g for g in data["groups"]}
        assert groups == (self.model.groups(by) if by else {})
        assert data["headline"] == self.model.headline()
        stock = self.model.stock(list(rows.values()))
        assert list(data["stock"].values())[1:] == [stock[c] for c in STOCK_COLUMNS]
        sections = self.model.sections()
        closing = {
            c["severity"]: tuple(
                c[k] for k in ("closed", "days", "independent", "ever_closed", "reopened")
            )
            for c in data["closing"]
        }
        assert closing == sections["closing"], self.explain({}, {}) + f"\n{closing}"
        progress = {
            p["month"]: (p["found"], p["rectified"], p["closed"])
            for p in data["progress"]
            if (p["found"], p["rectified"], p["closed"]) != (0, 0, 0)
        }
        assert progress == sections["progress"]
        sites = {s["site"]: s["open_majors"] for s in data["open_majors_by_site"]}
        assert sites == self.model.open_majors_by_site()
        assert data["scope"]["sites"] == len(self.model.site_names())
        cells = {(c["severity"], c["state"]): c["count"] for c in data["severity_state"]}
        assert cells == sections["severity_state"]
        assert data["scope"]["rejected_events"] == len(rejected)
        said = [
            (Path(r["path"]).name, r["finding"], r["action"], r["at"]) for r in data["rejected"]
        ]
        assert sorted(said) == sorted(rejected), self.explain(
            {(INSPECTION_IDS.index(r[1].split("/")[0]), r[1].split("/")[1]): r for r in said},
            {(INSPECTION_IDS.index(r[1].split("/")[0]), r[1].split("/")[1]): r for r in rejected},
        )

    def explain(self, got: dict[Any, Any], want: dict[Any, Any]) -> str:
        """The events behind each row the product and the model disagree on."""
        lines = [f"as of {self.model.as_of} in {self.model.zone}"]
        for key in sorted(set(got) | set(want)):
            if got.get(key) == want.get(key):
                continue
            lines.append(f"{key}: product {got.get(key)} model {want.get(key)}")
            ref = f"{INSPECTION_IDS[key[0]]}/{key[1]}"
            for doc in self.model.docs.values():
                if doc.kind == "findings" and doc.inspection == key[0]:
                    answer = doc.answers[ITEMS.index(key[1])]
                    status = self.model.status(doc.signer)
                    lines.append(f"  {doc.name} {doc.signer} {status} {doc.started} {answer}")
            events = [
                (e.at, d.created, d.document_id, i, d.name, d.signer, e)
                for d in self.model.docs.values()
                for i, e in enumerate(d.events)
                if e.finding == ref
            ]
            for at, created, _, _, name, signer, e in sorted(events, key=lambda x: x[:4]):
                status = self.model.status(signer)
                lines.append(
                    f"  {at} {name} {created} {signer} {status} {e.action} "
                    f"{e.method or ''} {e.new_deadline or ''} {e.note!r}"
                )
        return "\n".join(lines)

    @invariant()
    def verify_agrees(self) -> None:
        names = sorted(os.listdir(self.archive))
        if not names:
            return
        run = self.cli(
            ["verify", "--json", *(str(self.archive / n) for n in names), *self.trust_args()]
        )
        files = run.json()["data"]["files"]
        got = {Path(f["path"]).name: f["status"] for f in files}
        want = {n: self.model.file_status(self.model.docs[n]) for n in names}
        assert got == want
        assert run.exit_code == (0 if set(want.values()) == {"trusted"} else 1)


@pytest.fixture(scope="module")
def model_people(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Who]:
    keys = tmp_path_factory.mktemp("model-keys")
    return {name: person(keys, name) for name in (*PEOPLE, "merger")}


def test_the_loop_agrees_with_its_model(
    cli: Any,
    model_people: dict[str, Who],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    LoopMachine.people = model_people
    LoopMachine.cli = staticmethod(cli)
    LoopMachine.root = tmp_path
    examples, steps = (LONG, 40) if LONG else (8, 20)
    from hypothesis.stateful import run_state_machine_as_test

    try:
        run_state_machine_as_test(
            LoopMachine,
            settings=settings(
                max_examples=examples,
                stateful_step_count=steps,
                deadline=None,
                derandomize=not LONG,
                print_blob=True,
                database=None,
                suppress_health_check=list(HealthCheck),
                # a failure found is shown as found: shrinking a run of CLI calls takes minutes
                phases=(Phase.explicit, Phase.reuse, Phase.generate),
            ),
        )
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


def test_an_escalation_does_not_let_a_second_rectification_open_the_way_to_self_acceptance(
    cli: Any, model_people: dict[str, Who], tmp_path: Path
) -> None:
    """A major rectified by the enterprise, then escalated: a second `rectified` (by another
    signer) is refused as it is without the escalation ("rectified while already rectified"),
    so the enterprise cannot then accept its own rectification by naming the other signer as
    the rectifier."""
    ent, alice, expert = (model_people[n] for n in ("ent", "alice", "expert"))
    started = T0 + dt.timedelta(hours=1)
    _, data = findings_doc(
        alice,
        0,
        0,
        (("noncompliant", "major", T0.date() + dt.timedelta(days=30)),)
        + (("compliant", None, None),) * 3,
        T0,
        started + dt.timedelta(hours=2),
    )
    (tmp_path / "f.toml").write_bytes(data)
    ref = f"{INSPECTION_IDS[0]}/{ITEMS[0]}"
    steps = [
        (ent, Event(ref, "rectified", started + dt.timedelta(days=1), note="done")),
        (alice, Event(ref, "escalated", started + dt.timedelta(days=2), note="referred")),
        (expert, Event(ref, "rectified", started + dt.timedelta(days=3), note="done again")),
        (
            ent,
            Event(
                ref,
                "accepted",
                started + dt.timedelta(days=4),
                method="expert-review",
                reviewers=("Dr Li",),
            ),
        ),
    ]
    for n, (who, event) in enumerate(steps):
        header = Header(
            FOLLOWUP, uid("escalation", n), event.at, who.principal, who.fingerprint, "t 1"
        )
        sealed = seal(FollowUpDoc(header, (event,)).to_toml(), who.signer, NAMESPACE_FINDINGS)
        (tmp_path / f"e{n}.toml").write_bytes(sealed)
    allowed = tmp_path / "allowed_signers"
    allowed.write_text(
        "".join(f"{w.principal} {Path(f'{w.key}.pub').read_text()}" for w in (ent, alice, expert))
    )
    run = cli(
        [
            *("summary", str(tmp_path), "--json", "--as-of", "2026-07-01"),
            *("--allowed-signers", str(allowed)),
        ]
    )
    assert run.exit_code == 0, run.stderr
    rejected = [(r["action"], r["reason"]) for r in run.json()["data"]["rejected"]]
    assert rejected == [
        ("rectified", "rectified while already rectified"),
        ("accepted", "ent@coal.example reported it rectified and cannot also accept it"),
    ]
    run = cli(
        [
            *("export", str(tmp_path), "--format", "jsonl", "--as-of", "2026-07-01"),
            *("--allowed-signers", str(allowed)),
        ]
    )
    [row] = [json.loads(line) for line in run.stdout.splitlines() if json.loads(line)["state"]]
    assert row["state"] == "escalated"


ER, TP, RO, SELF = "expert-review", "third-party", "regulator-onsite", "self"
PANELS = {
    "three members accept, then the closure": (
        ("expert", "accepted", ER),
        ("bob", "accepted", TP),
        ("alice", "accepted", RO),
        ("alice", "closed", None),
    ),
    "one member signs twice": (
        ("expert", "accepted", ER),
        ("expert", "accepted", ER),
        ("alice", "closed", None),
    ),
    "self assessment, then an expert": (
        ("alice", "accepted", SELF),
        ("expert", "accepted", ER),
        ("alice", "closed", None),
    ),
    "an expert, then the rectifier and a self assessment": (
        ("expert", "accepted", ER),
        ("ent", "accepted", ER),
        ("bob", "accepted", SELF),
        ("alice", "closed", None),
    ),
    "a dissent, a new rectification, the same members again": (
        ("expert", "accepted", ER),
        ("bob", "accepted", ER),
        ("alice", "rejected", None),
        ("expert", "accepted", ER),
        ("ent", "rectified", None),
        ("expert", "accepted", ER),
        ("bob", "accepted", ER),
        ("alice", "closed", None),
        ("alice", "closed", None),
    ),
    "the rectifier closes, then the office": (
        ("expert", "accepted", ER),
        ("ent", "closed", None),
        ("alice", "closed", None),
    ),
    "a confirmation while escalated": (
        ("expert", "accepted", ER),
        ("alice", "escalated", None),
        ("bob", "accepted", ER),
        ("expert", "accepted", ER),
        ("alice", "closed", None),
    ),
}


@pytest.mark.parametrize("severity", ["major", "general"])
@pytest.mark.parametrize("steps", PANELS.values(), ids=PANELS)
def test_a_panel_s_acceptances_agree_with_the_model(
    cli: Any,
    model_people: dict[str, Who],
    tmp_path: Path,
    severity: str,
    steps: tuple[tuple[str, str, str | None], ...],
) -> None:
    """An acceptance panel's turns, whichever the generated runs reach: the model and the
    product agree on the state, the events not applied and the closing section."""
    model = Model()
    model.sites, model.as_of = [0], T0.date() + dt.timedelta(days=20)
    answers = (("noncompliant", severity, T0.date() + dt.timedelta(days=30)),) + (
        ("compliant", None, None),
    ) * 3
    created = T0 + dt.timedelta(hours=2)
    document_id, data = findings_doc(model_people["alice"], 0, 0, answers, T0, created)
    found = Doc("f.toml", "findings", document_id, created, "alice", data, 0, answers, T0)
    found.finished = created - dt.timedelta(minutes=5)
    model.docs[found.name] = found
    ref = f"{INSPECTION_IDS[0]}/{ITEMS[0]}"
    for n, (signer, action, method) in enumerate((("ent", "rectified", None), *steps)):
        at = T0 + dt.timedelta(days=1, hours=n)
        if action == "accepted":
            event = Event(ref, action, at, method=method, reviewers=("Dr Li",))
        else:
            event = Event(ref, action, at, note="done")
        who = model_people[signer]
        header = Header(FOLLOWUP, uid("panel", n), at, who.principal, who.fingerprint, "t 1")
        sealed = seal(FollowUpDoc(header, (event,)).to_toml(), who.signer, NAMESPACE_FINDINGS)
        model.docs[f"e{n}.toml"] = Doc(
            f"e{n}.toml", "followup", header.document_id, at, signer, sealed, events=(event,)
        )
    for doc in model.docs.values():
        (tmp_path / doc.name).write_bytes(doc.data)
    allowed = tmp_path / "allowed_signers"
    allowed.write_text(
        "".join(f"{w.principal} {Path(f'{w.key}.pub').read_text()}" for w in model_people.values())
    )
    args = [str(tmp_path / n) for n in model.docs]
    args += ["--as-of", model.as_of.isoformat(), "--allowed-signers", str(allowed)]
    rows, rejected = model.rows()
    summary = cli(["summary", "--json", *args]).json()["data"]
    said = [(Path(r["path"]).name, r["finding"], r["action"], r["at"]) for r in summary["rejected"]]
    assert sorted(said) == sorted(rejected)
    closing = {
        c["severity"]: tuple(
            c[k] for k in ("closed", "days", "independent", "ever_closed", "reopened")
        )
        for c in summary["closing"]
    }
    assert closing == model.sections()["closing"]
    export = cli(["export", "--format", "jsonl", *args])
    states = [json.loads(line)["state"] for line in export.stdout.splitlines()]
    assert [s for s in states if s] == [rows[(0, ITEMS[0])].state]
