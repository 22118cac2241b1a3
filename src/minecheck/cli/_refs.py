"""Finding refs for `followup`: the findings files read once, a ref resolved from a prefix, and
what the findings and follow-ups there show no report will apply (said as the event is signed).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, overload

from minecheck.cli._common import shell_word
from minecheck.cli._listing import each_once
from minecheck.core.documents import utc_text
from minecheck.core.sanitize import quoted
from minecheck.errors import UsageError
from minecheck.i18n import t

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence
    from typing import Any

    from minecheck.cli._output import Reporter
    from minecheck.cli.completion import Failed, Known
    from minecheck.core.documents import Event
    from minecheck.core.loop import SignedEvent, Step

    # an event the fold refuses: its step, the steps before it and those after it
    Judged = tuple[Step, list[Step], list[Step]]
    # a check of `not_applied`: the warning and the hint it gives an event, or None
    Check = Callable[[Event, Judged | None, "_Facts"], tuple[str, str] | None]


class RefResolver:
    """Finding refs known from findings files, for prefix resolution and the unknown-ref check."""

    def __init__(self, given: list[str] | None) -> None:
        """`given`: the --findings files, each name as it was typed (`./-`, shown so)."""
        from minecheck.cli.completion import Known, findings_answers, own_trust
        from minecheck.core.seal import MAX_DOCUMENT_BYTES
        from minecheck.fileio import as_on_windows, link_to_nothing, not_there, read_limited

        self.explicit = bool(given)
        # a finding whose inspection no file of the current directory holds (no --findings):
        # the ref as typed, for the hint that names the option
        self.not_here: str | None = None
        # when each inspection began and each deadline: to say of an event no report applies
        trust, self.trust_unread = own_trust()  # (why its list was not read: said by followup)
        self.details = Known(trust=trust)
        # every answer each item has in the files: several inspectors' are consolidated as
        # reports do (one file's `compliant` does not hide another's `noncompliant`)
        here = [] if given else sorted(Path(".").glob("*.toml"))
        self._said: dict[str, dict[str, set[str]]] = {}
        # the files here and below that did not verify (none named: each was read as found),
        # and those said to may hold an inspection sought (`unverified`: path, status, prefix)
        self._failed: dict[str, Failed] = {}
        self.unverified: list[tuple[str, str, str]] = []
        self._know(findings_answers(here, self.details, self._failed))
        # the files read so far, and the findings' folders (those of the named findings, else
        # the current directory), whose follow-ups may tell who reported a danger rectified:
        # every one below them, as a report of the folder reads it (`summary FOLDER`), read
        # only when an event `not_applied` judges by them is signed
        self._read = each_once([str(path) for path in (*here, *(given or ()))])
        self._beside = [Path(name).parent for name in given] if given else [Path(".")]
        for path in given or ():  # each read once, and none named on purpose passed over
            if os.path.isdir(path):
                raise UsageError(
                    t("--findings {path} is a directory, not a file", path=path), path=f"{path}"
                )
            if not os.path.exists(path):  # (a FIFO or `<(...)` will do: read as any named file)
                if path == "-":
                    raise not_there(path, "")
                missing = t("--findings {path}: no such file", path=path)
                raise UsageError(
                    link_to_nothing(path) or missing, hint=as_on_windows(path), path=f"{path}"
                )
            data = read_limited(path, MAX_DOCUMENT_BYTES, "document")
            found = findings_answers([(path, data)], self.details)
            if not found:
                raise UsageError(
                    t("--findings {path} holds no signed findings", path=path),
                    hint=t("to see what it is:\n  minecheck verify {path}", path=shell_word(path)),
                    path=f"{path}",
                )
            self._know(found)
        # each folder's walk, once (`_walk`); the inspection prefixes looked for below the
        # current directory (`_findings_below`), and the files below whose bytes name none
        # of them (no follow-up there names a finding of theirs: not read again for one)
        self._walks: dict[tuple[str, ...], list[str]] = {}
        self._unnamed: dict[bytes, set[str]] = {}
        # full inspection ids no findings file here holds, taken as given (said as a warning)
        self.unchecked: list[str] = []
        self._unchecked: set[str] = set()

    def no_danger_of(self, ref: str) -> str | None:
        """The result the findings here give `ref` where it is no hidden danger; else None (a
        hidden danger, or a finding they do not hold)."""
        from minecheck.cli.completion import HIDDEN

        iid, _, item = ref.partition("/")
        result = self.known.get(iid, {}).get(item)
        return None if result is None or result in HIDDEN else result

    def _know(self, found: dict[str, dict[str, set[str]]]) -> None:
        """Add the answers `found` (`findings_answers`) to those read so far, and consolidate
        them again: `known`, each item's result as reports give it, and `ids`, the inspections
        in order, for finding those a prefix starts (one search per event, not a look at every
        inspection: events x inspections, an events file over a year's files)."""
        from minecheck.core.merge import agreed

        for iid, items in found.items():
            known = self._said.setdefault(iid, {})
            for item, results in items.items():
                known.setdefault(item, set()).update(results)
        self.known = {
            iid: {item: agreed(results) for item, results in items.items()}
            for iid, items in self._said.items()
        }
        self.ids = sorted(self.known)

    def replacing(self, path: Path) -> None:
        """`path`, the file this run writes over (`--force`), is no follow-up here: what it
        reports is gone once the new document takes its place, and is not judged by (not read
        from now; its events forgotten where it was read among the current directory's)."""
        self._unread([str(path)])
        gone: set[str] = set()
        for ref, signed in self.details.events.items():
            kept = [one for one in signed if not _same_file(path, one.path)]
            gone.update(one.document_id for one in signed if one not in kept)
            self.details.events[ref] = kept
        for ref, orders in self.details.placed.items():
            self.details.placed[ref] = [order for order in orders if order[2] not in gone]

    def _unread(self, names: Iterable[str]) -> list[str]:
        """Of `names`, those not read yet (however each is named), counted as read from now."""
        fresh = each_once([*self._read, *names])[len(self._read) :]
        self._read += fresh
        return fresh

    def _walk(self, folders: Iterable[Path]) -> list[str]:
        """The documents below `folders` (`walk_document_names`), each set of folders walked
        once: the findings and the follow-ups below an archive's top are looked for in one
        walk of it."""
        from minecheck.cli._listing import walk_document_names

        named = tuple(each_once([str(folder) for folder in folders]))
        if named not in self._walks:
            self._walks[named] = walk_document_names(named)[0]
        return self._walks[named]

    def _findings_below(self, prefix: str) -> list[str]:
        """The inspection ids `prefix` starts, once the findings below the current directory
        that name it are read (no --findings; the top of an archive holds none of its own):
        they count as the follow-ups below do, read only where their bytes may hold `prefix`
        (`_names_one`). The files that do not are remembered: no follow-up among them names a
        finding of that inspection."""
        from minecheck.cli.completion import findings_answers

        sought = prefix.encode()
        if self.explicit or sought in self._unnamed:
            return []
        names = self._walk([Path(".")])
        naming = [name for name in names if _names_one(name, {sought})]
        self._unnamed[sought] = set(names).difference(naming)
        fresh = map(Path, self._unread(naming))
        self._know(findings_answers(fresh, self.details, self._failed))
        return self._starting(prefix)

    def read_findings_of(self, events: Iterable[Event]) -> None:
        """Read the findings below the current directory that hold the inspections of
        `events` (no --findings), as resolving each ref typed to `followup` does: `sign` of a
        follow-up written by hand then judges its events by them (their deadlines, who
        recorded them, when they began), as `followup` does of the same events."""
        for iid in each_once([ev.finding.split("/", 1)[0] for ev in events]):
            if not self._starting(iid):
                self._findings_below(iid)

    def _note_unverified(self, prefix: str, found: str | None = None) -> None:
        """The files here and below that did not verify and may hold an inspection `prefix`
        starts, none other holding it (each said once, in `unverified`): that it was sought in
        vain may be theirs. A document that does not verify is not read (a bad signature's body
        either), so a file names the ids it spells out (`_ids_spelled`: an escape elsewhere in
        it, a control character in a description, spells no id), and one that cannot be read
        at all may hold any. With `found`, the one inspection the prefix starts among the files
        that verified: a file that spells another it starts (the prefix may have meant that
        one)."""
        told = {path for path, _, _ in self.unverified}
        for path, status in self._failed.items():
            if path in told:
                continue
            if found is not None:
                naming = any(iid != found for iid in _ids_spelled(path, prefix))
            else:
                naming = status == "unreadable" or bool(_ids_spelled(path, prefix))
            if naming:
                self.unverified.append((path, status, prefix))

    def not_applied(
        self,
        events: Iterable[Event],
        signer: str,
        key: str,
        beside: Path,
        document: tuple[dt.datetime, str],
        *,
        typed: bool = True,
    ) -> list[tuple[int, str, str, str]]:
        """What the findings here show no report will apply (each with its event's index and
        the code of the rule it breaks, as the reports' `refused` names it),
        whatever else happens: an event dated before its inspection began, an extension to a
        day not after the deadline the findings give (a deadline only ever moves later) or not
        after the day it is made wherever a report is made, a major's acceptance by a method
        the fold refuses for majors (a report takes the gravest grade); and, as the signed
        follow-ups stand here, beside the named findings and `beside` (the folder written to),
        an acceptance that no rectification comes before, and a major's acceptance or closure
        by the `signer` or `key` that reported it rectified last. Events are taken in the
        fold's order: this document's (signed at and named by `document`: its created time and
        id) by time and then place, beside those of the follow-ups here. Each hint names what
        to change as it was given: the option where the event was `typed` on the command line,
        the events file's key where it was not (`--events` takes no option beside it)."""
        from minecheck.core.loop import NOT_A_HIDDEN_DANGER

        events = list(events)
        if events:  # (the state each event meets: every action may find it ended)
            naming = {ev.finding.encode() for ev in events}  # (no other file tells of them)
            self._read_followups([beside], naming=naming, below=self._beside)
        said: list[tuple[int, str, str, str]] = []
        # what the reports' fold refuses of each event, with the steps before and after it
        folded = self._folded(events, signer, key, document)
        facts = _Facts(self.details, document, typed)
        # each event is said by the first of these that finds it (each gives `not-applied`)
        # with the rule each finds broken (None: the one the fold refused the event by)
        checks: tuple[tuple[Check, str | None], ...] = (
            (_before_it_began, "before-finding"),
            (_major_by_method, "accepted-major-by-method"),
            (_unrectified, "accepted-not-rectified"),
            (_closed_unaccepted, "closed-not-accepted"),
            (_by_rectifier, None),
            (_rectified_twice, "rectified-twice"),
            (_not_after_the_findings_deadline, "extended-not-later"),
            (_not_after_its_day, "extended-not-after-its-day"),
            (_not_after_an_extension, "extended-not-later"),
            (_past_deadline, "extended-after-deadline"),
            (_state_words, None),
        )
        for i, ev in enumerate(events):
            judged = folded.get(i)
            if judged is not None and judged[0].refused == NOT_A_HIDDEN_DANGER.code:
                continue  # (said as such where it is resolved: no other rule is met before it)
            for check, rule in checks:
                found = check(ev, judged, facts)
                if found is not None:
                    broken = rule or (judged[0].refused if judged else None) or "not-applied"
                    said.append((i, *found, broken))
                    break
        return said

    def by_another(
        self, events: Iterable[Event], signer: str, key: str
    ) -> list[tuple[int, str, str, str]]:
        """The extensions and withdrawals (each with its event's index, its warning, hint and
        code) signed by a `signer` who signed none of the findings here that record the hidden
        danger, with a `key` that signed none of them either (one key under two names is one
        signer, as the fold takes it): its deadline is the authority's, set by its order and
        moved by it at the enterprise's written request (DOMAIN 3.4), and a finding recorded in
        error is withdrawn by the authority that recorded it; the fold, which knows principals
        and not roles, applies any trusted signer's."""
        said = []
        for i, ev in enumerate(events):
            iid = ev.finding.split("/", 1)[0]
            recorders = self.details.recorders.get(iid, set())
            if (
                not recorders
                or signer in recorders
                or key in self.details.recorder_keys.get(iid, ())
            ):
                continue
            # (the recorders listed as the language lists: `a, b`, in Chinese `a、b`)
            names = {"ref": ev.finding, "recorders": sorted(recorders), "signer": signer}
            if ev.action == "extended":
                problem = t(
                    "{ref}: {recorders} signed the findings that set its deadline, and {signer} "
                    "signed none of them: every report applies this extension as signed, though "
                    "an extension is the authority's to grant",
                    **names,
                )
                hint = t(
                    "ask the authority whose order set the deadline, in writing and before it "
                    "passes; its inspector signs the extension"
                )
                said.append((i, problem, hint, "extended-by-another"))
            elif ev.action == "withdrawn":
                problem = t(
                    "{ref}: {recorders} signed the findings that record it, and {signer} signed "
                    "none of them: every report applies this withdrawal as signed, though a "
                    "finding is withdrawn by the authority that recorded it",
                    **names,
                )
                hint = t(
                    "a finding recorded in error is withdrawn, with the reason, by the inspector "
                    "who recorded it"
                )
                said.append((i, problem, hint, "withdrawn-by-another"))
        return said

    def late(
        self, events: Sequence[Event], signer: str, key: str, document: tuple[dt.datetime, str]
    ) -> list[tuple[int, str]]:
        """The extensions (each with its event's index) dated on or before the deadline in
        force when they are made (the findings', or the one an earlier extension the reports
        apply set) and signed at `document`'s created time (the document's own time, as every
        report shows it: now, or the time an events file states), after that deadline passed
        (local days, as reports count them): every report applies one as made in time, and
        only its signed time shows it was recorded late."""
        from minecheck.core.loop import day

        created = document[0]
        signed = day(created)
        in_force = dict(self.details.deadlines)
        before: dict[int, dt.date | None] = {}
        for step in self._steps(events, signer, key, document):
            ref = step.event.event.finding
            if not step.event.path:  # (this document's: the deadline in force as it is made)
                before[step.event.index] = in_force.get(ref)
            if step.refused is None and step.deadline is not None:
                in_force[ref] = step.deadline
        said = []
        for i, ev in enumerate(events):
            due = before.get(i, self.details.deadlines.get(ev.finding))
            if ev.action == "extended" and due and day(ev.at) <= due < signed:
                said.append(
                    (
                        i,
                        t(
                            "{ref}: the extension is dated {at}, by the deadline {deadline}, and "
                            "signed on {signed}, after that deadline passed: reports apply it as "
                            "made in time",
                            ref=ev.finding,
                            at=utc_text(ev.at),
                            deadline=due.isoformat(),
                            signed=signed.isoformat(),
                        ),
                    )
                )
        return said

    def _steps(
        self, events: Sequence[Event], signer: str, key: str, document: tuple[dt.datetime, str]
    ) -> list[Step]:
        """Each step of the reports' fold (`core.loop.fold`) over this document's events (signed
        by `signer` with `key`, at and named by `document`) and the signed follow-ups here of
        their findings, in the fold's order. The hazards are those the findings here give
        (grade, deadline, when the inspection began)."""
        from minecheck.core.loop import EARLIEST, Hazard, SignedEvent, Steps, fold

        refs = each_once([ev.finding for ev in events])
        hazards = {}
        for ref in refs:
            began = self.details.began.get(ref.split("/", 1)[0]) or EARLIEST
            severity = "major" if ref in self.details.majors else "general"
            due = self.details.deadlines.get(ref)
            # (one the findings here answer with no hidden danger takes no event, as in every
            # report that has no other answer: `no_danger_said`; one they do not hold is taken
            # as a hidden danger)
            hidden = self.no_danger_of(ref) is None
            hazards[ref] = Hazard(ref, hidden, severity, due, began, site="")
        created, document_id = document
        mine = [
            SignedEvent(ev, signer, document_id, i, "", key, created) for i, ev in enumerate(events)
        ]
        here = [se for ref in refs for se in self.details.events.get(ref, ())]
        steps = Steps()
        fold(hazards, [*here, *mine], dt.date.max, repeats=(), steps=steps)
        return steps.steps

    def _folded(
        self, events: list[Event], signer: str, key: str, document: tuple[dt.datetime, str]
    ) -> dict[int, Judged]:
        """What the reports' fold does with this document's events (`_steps`), each of them
        refused by index (`Step.refused` the rule's code) with the steps before it (the state
        the findings and the signed follow-ups here, `Known.events`, leave its hidden danger
        in, and where that state was made) and after it (what the fold takes later, though
        dated at its very time)."""
        met = self._steps(events, signer, key, document)
        return {
            step.event.index: (step, met[:n], met[n + 1 :])
            for n, step in enumerate(met)
            if not step.event.path and step.refused is not None
        }

    def same_second(self, events: Iterable[Event], now: dt.datetime, beside: Path) -> bool:
        """Whether one of `events` (signed `now`) would tie, in the fold's order, an event of its
        finding that a signed follow-up here (beside the named findings and `beside`) dates at
        the same time and was signed in the same whole second: the fold would then take them
        by their random document ids. Of the folders not read whole, only the files written
        since a moment before `now` are read (no other can have been signed in its second), and
        of them only those that name a finding of `events` (no other can tie one)."""
        events = list(events)
        naming = {ev.finding.encode() for ev in events}
        self._read_followups([*self._beside, beside], since=now.timestamp() - 2, naming=naming)
        placed = self.details.placed
        return any(
            order[0] == ev.at and order[1] == now
            for ev in events
            for order in placed.get(ev.finding, ())
        )

    def _read_followups(
        self,
        folders: Iterable[Path],
        since: float | None = None,
        naming: set[bytes] | None = None,
        below: Iterable[Path] = (),
    ) -> None:
        """The rectifications, extensions, rejections and reopenings the signed follow-ups in
        `folders`, and anywhere `below` those (as `walk_document_names` finds them), report,
        from the files not read yet (each folder once; regular files only, as the current
        directory's); with `since`, only those in `folders` modified since (a POSIX time); with
        `naming`, only those whose bytes may hold one of these refs (`_names_one`): the others
        are left unread, for a later reading of them all. A year's
        archive below the findings' folder is thus read in the files of the findings being
        signed for, not in its thousands of others."""
        from minecheck.cli.completion import Known, findings_answers

        names = [
            str(path)
            for folder in each_once([str(folder) for folder in folders])
            for path in sorted(Path(folder).glob("*.toml"))
            if since is None or _modified_since(path, since)
        ]
        names += self._walk(below)
        if naming is not None:
            # (a file read for the findings below is known not to name them, unless since
            # rewritten: the tie check's fresh files are read as they are now)
            known_not = self._names_none if since is None else lambda n, r: False
            names = [n for n in names if not known_not(n, naming) and _names_one(n, naming)]
        fresh = self._unread(names)
        found = Known(trust=self.details.trust)
        findings_answers(map(Path, fresh), found)
        for ref, orders in found.placed.items():
            self.details.placed.setdefault(ref, []).extend(orders)
        for ref, signed in found.events.items():
            self.details.events.setdefault(ref, []).extend(signed)

    def _names_none(self, name: str, refs: set[bytes]) -> bool:
        """Whether the file `name` is known to hold none of `refs`: its bytes, read for the
        findings below (`_findings_below`), hold not the inspection each names."""
        return all(
            any(sought in ref and name in unnamed for sought, unnamed in self._unnamed.items())
            for ref in refs
        )

    def _starting(self, prefix: str) -> list[str]:
        """The known inspection ids that start with `prefix`, in order."""
        from bisect import bisect_left

        out = []
        for i in range(bisect_left(self.ids, prefix), len(self.ids)):
            if not self.ids[i].startswith(prefix):
                break
            out.append(self.ids[i])
        return out

    def resolve(self, ref: str) -> str | None:
        """The full ref, or None (with `self.error` set) when it cannot be resolved."""
        from minecheck.core.documents import FINDING_REF

        self.error = ""
        self.hint: str | None = None  # (what to type instead, where it can be said)
        if "/" not in ref:
            # the item alone: name the inspection that holds it, as the ref is to be written
            holding = [iid for iid in self.ids if ref in self.known[iid]]
            if len(holding) == 1:
                short = holding[0][:8]
                prefix = short if self._starting(short) == holding else holding[0]
                self.error = t(
                    "finding {ref} must be <inspection-id>/<item>, here {example}",
                    ref=quoted(ref),
                    example=f"{prefix}/{ref}",
                )
            else:
                self.error = t("finding {ref} must be <inspection-id>/<item>", ref=quoted(ref))
            return None
        prefix, item = ref.split("/", 1)
        full = FINDING_REF.fullmatch(ref) is not None
        ids = self._starting(prefix) if prefix else []
        if not ids and prefix:
            ids = self._findings_below(prefix)
        if not ids and prefix and not self.explicit:
            self._note_unverified(prefix)
        if not ids:
            if full and not self.explicit:
                if prefix not in self._unchecked:
                    self._unchecked.add(prefix)
                    self.unchecked.append(prefix)
                return ref
            # (named with --findings, those files were read, not the current directory's)
            self.error = (
                t("none of the --findings files holds inspection {id}", id=quoted(prefix))
                if self.explicit
                else t("no findings file here holds inspection {id}", id=quoted(prefix))
            )
            if not self.explicit and self.not_here is None and _could_begin_an_id(prefix):
                self.not_here = ref  # (`-ab`, `ab cd`: no file anywhere holds it)
            return None
        if len(ids) > 1:
            self.error = t(
                "inspection prefix {prefix} is ambiguous: {ids}",
                prefix=quoted(prefix),
                ids=list(ids),
            )
            self.hint = t(
                "give more of the inspection id, enough to name one: {refs}",
                refs=[f"{iid}/{item}" for iid in ids],
            )
            return None
        if not self.explicit:
            self._note_unverified(prefix, ids[0])
        if item not in self.known[ids[0]]:
            self.error = t("inspection {id} has no item {item}", id=ids[0], item=quoted(item))
            return None
        return f"{ids[0]}/{item}"


# the fold's refusals said by the state it finds (`RefResolver._folded`)
_STATE_WORDS = frozenset(
    {"accepted-twice", "already-ended", "rejected-not-rectified", "reopened-not-rectified"}
)


def say_as_signed(
    rep: Reporter,
    refs: RefResolver,
    events: Sequence[Event],
    signer: tuple[str, str],
    beside: Path,
    document: tuple[dt.datetime, str],
    at: Callable[[int], dict[str, Any]],
    *,
    typed: bool,
) -> None:
    """What is said of the events of a follow-up as it is signed, `followup` and `sign` alike,
    each placed at its event (`at`: its file and line): first those no report will apply, one
    on a finding the findings here answer with no hidden danger (`not-a-hidden-danger`), then
    what `not_applied` finds of the rest (`not-applied`); then the extensions and withdrawals
    signed by one who signed none of the findings (`by_another`), and the extensions signed
    after the deadline they are dated by (`late`). Past the first ten of a kind the terminal
    is told none (`Reporter.warn_rolled`: an enterprise system's file of 2,000 extensions to
    one day gave 1,999 `not-applied`); the caller counts them (`kinds_rolled_up`) once it has
    said its own. `signer`: the signer and key the events are signed by; `document`: its
    created time and id (the events' place in time)."""
    for i, event in enumerate(events):
        result = refs.no_danger_of(event.finding)
        if result is not None:
            said = no_danger_said(event.finding, result)
            rep.warn_rolled(said, code="not-a-hidden-danger", **at(i))
    for i, problem, hint, rule in refs.not_applied(events, *signer, beside, document, typed=typed):
        # (each rule's first told, its hint under it, and its rest counted on a line of its own)
        rep.warn_rolled(problem, code="not-applied", hint=hint, reason=rule, **at(i))
    for i, problem, hint, another_code in refs.by_another(events, *signer):
        rep.warn_rolled(problem, code=another_code, hint=hint, **at(i))
    for i, problem in refs.late(events, *signer, document):
        hint = t("the signed time shows when it was recorded (export --rows events, column signed)")
        rep.warn_rolled(problem, code="recorded-late", hint=hint, **at(i))


def event_places(path: str | None, text: str | None) -> Callable[[int], dict[str, Any]]:
    """Where an event is, by its index, as a warning about it gives it (`Reporter.warn`'s
    keywords): the events file's `path` (None for the command line) and the line of its
    `[[event]]` (None for a JSON file or the command line, which have none to give), said on
    stderr too (`ev.toml:3: `), as other readers place their warnings. The text's keys are
    placed once, at the first warning. `followup` and `sign` alike."""
    placed: list[Any] = []

    def at(index: int) -> dict[str, Any]:
        if text is None:
            return {"path": path, "line": None, "placed": True}
        from minecheck.core.tomlpos import key_positions, position_of

        if not placed:
            placed.append(key_positions(text))
        found = position_of(placed[0], ("event", index))
        return {"path": path, "line": None if found is None else found[0], "placed": True}

    return at


def no_danger_said(ref: str, result: str) -> str:
    """What is said of an event on `ref`, which the findings here answer `result` (no hidden
    danger): `followup` and `sign` at each event (`say_as_signed`)."""
    return t(
        "{ref} is {result} in the findings here, not a hidden danger: "
        "a report applies the event only if another inspector found it non-compliant",
        ref=ref,
        result=t(result),  # (符合, 不适用 in Chinese: the reader's word, as `show` gives it)
    )


class _Facts(NamedTuple):
    """What the checks of `not_applied` judge an event by, beside its step in the fold: what the
    findings here give (`Known`: when each inspection began, each deadline, the majors), this
    document (its created time and id), and whether its events were `typed` on the command line
    (a hint names the option) or not (the events file's key)."""

    known: Known
    document: tuple[dt.datetime, str]
    typed: bool

    @property
    def at_key(self) -> str:
        return "--at" if self.typed else "at"

    @property
    def deadline_key(self) -> str:
        return "--new-deadline" if self.typed else "new_deadline"


def _before_it_began(ev: Event, judged: Judged | None, facts: _Facts) -> tuple[str, str] | None:
    """`not-applied` (the reports' `before-finding`): an event dated before its inspection
    began, as the findings here give that time."""
    began = facts.known.began.get(ev.finding.split("/", 1)[0])
    if began is None or not ev.at < began:
        return None
    return (
        t(
            "{ref}: the event is dated {at}, before the inspection began ({began}): no report "
            "will apply it",
            ref=ev.finding,
            at=utc_text(ev.at),
            began=utc_text(began),
        ),
        t(
            "date the event when it happened, at or after the inspection began ({at})",
            at=facts.at_key,
        ),
    )


def _major_by_method(ev: Event, judged: Judged | None, facts: _Facts) -> tuple[str, str] | None:
    """`not-applied` (the reports' `accepted-major-by-method`): the acceptance of a finding the
    findings here grade major, by a method the fold refuses for majors (a report takes the
    gravest grade)."""
    from minecheck.core.loop import ACCEPTING_METHODS_FOR_MAJOR

    if not (
        ev.action == "accepted"
        and ev.finding in facts.known.majors
        and ev.method not in ACCEPTING_METHODS_FOR_MAJOR
    ):
        return None
    return (
        t(
            "{ref}: the findings grade it major, which is accepted only by expert-review, "
            "third-party or regulator-onsite: no report will apply this acceptance by {method} "
            "assessment",
            ref=ev.finding,
            method=ev.method,
        ),
        t(
            "a major hidden danger is accepted by a review independent of the enterprise: "
            "--method expert-review (naming each --reviewer), third-party or regulator-onsite"
        )
        if facts.typed
        else t(
            "a major hidden danger is accepted by a review independent of the enterprise: "
            'method "expert-review" (naming each in reviewers), "third-party" or '
            '"regulator-onsite"'
        ),
    )


@overload
def _last(judged: Judged, *actions: str) -> SignedEvent: ...
@overload
def _last(judged: Judged, *actions: str, missing: None) -> SignedEvent | None: ...
def _last(judged: Judged, *actions: str, missing: object = StopIteration) -> SignedEvent | None:
    """The last event of the refused step's finding with one of `actions` that the fold
    applied before it (that made the state it was refused for); None where there is none and
    `missing` is given as None."""
    step, before, _ = judged
    ref = step.event.event.finding
    found = (
        b.event
        for b in reversed(before)
        if b.refused is None and b.event.event.finding == ref and b.event.event.action in actions
    )
    return next(found) if missing is StopIteration else next(found, None)


def _unrectified(ev: Event, judged: Judged | None, facts: _Facts) -> tuple[str, str] | None:
    """`not-applied` (the reports' `accepted-not-rectified`): an acceptance of this document the
    fold refuses as no rectification comes before it in its round: one dated at its very time
    that the fold takes after it (listed after it in this document, or signed after this
    document), else the rejection or reopening that sent it back since its last rectification,
    else none reported at all."""
    if judged is None or judged[0].refused != "accepted-not-rectified":
        return None
    _, _, after = judged
    ref = ev.finding
    document, at_key = facts.document, facts.at_key
    tied = next(
        (
            a.event
            for a in after
            if a.refused is None
            and a.event.event.finding == ref
            and a.event.event.action == "rectified"
            and a.event.event.at == ev.at
        ),
        None,
    )
    if tied is not None and not tied.path:
        return (
            t(
                "{ref}: this document reports it rectified at {at}, the time the acceptance is "
                "dated, in an event listed after the acceptance: a report takes events of one "
                "time in one document in the order they are listed, and applies an acceptance "
                "only after the rectification it accepts",
                ref=ref,
                at=utc_text(ev.at),
            ),
            t("list the rectification before the acceptance, or date the acceptance after it (at)"),
        )
    if tied is not None and tied.created == document[0]:  # (a created stated, as sign keeps)
        return (
            t(
                "{ref}: {where} reports it rectified at {at}, the time the acceptance is dated, "
                "and is signed in the same second as this document ({created}): a report takes "
                "events of one time signed in one second in the order of their random document "
                "ids, here the acceptance first, and applies an acceptance only after the "
                "rectification it accepts",
                ref=ref,
                where=tied.path,
                at=utc_text(ev.at),
                created=utc_text(document[0]),
            ),
            t(
                "date the acceptance after the rectification ({at}), or sign it in a later "
                "second (a later created, or none: the time it is signed)",
                at=at_key,
            ),
        )
    if tied is not None:
        return (
            t(
                "{ref}: {where} reports it rectified at {at}, the time the acceptance is dated, "
                "and is signed at {signed}, after this document ({created}): a report takes "
                "events of one time in the order they were signed, and applies an acceptance "
                "only after the rectification it accepts",
                ref=ref,
                where=tied.path,
                at=utc_text(ev.at),
                signed=utc_text(tied.created),
                created=utc_text(document[0]),
            ),
            t(
                "date the acceptance after the rectification ({at}), or set this machine's "
                "clock right",
                at=at_key,
            ),
        )
    back = _last(judged, "rejected", "reopened", missing=None)
    if back is None or _last(judged, "rectified", missing=None) is None:
        return (
            t(
                "{ref}: no signed follow-up here reports it rectified by {at}, when the "
                "acceptance is dated: a report applies an acceptance only after the "
                "rectification it accepts",
                ref=ref,
                at=utc_text(ev.at),
            ),
            t(
                "accept it after the enterprise's signed report that it is rectified (--action "
                "rectified), kept beside the findings or where the acceptance is written"
            ),
        )
    return (
        t(
            "{ref}: the signed follow-ups here send it back to rectification at {back} (a "
            "rejection or a reopening), and none reports it rectified again by {at}, when the "
            "acceptance is dated: a report applies an acceptance only after the rectification "
            "it accepts",
            ref=ref,
            back=utc_text(back.event.at),
            at=utc_text(ev.at),
        ),
        t("accept it after the enterprise reports it rectified again (--action rectified)"),
    )


def _closed_unaccepted(ev: Event, judged: Judged | None, facts: _Facts) -> tuple[str, str] | None:
    """`not-applied` (the reports' `closed-not-accepted`): a closure no acceptance comes before,
    as the signed follow-ups here stand."""
    if judged is None or judged[0].refused != "closed-not-accepted":
        return None
    return (
        t(
            "{ref}: no signed follow-up here accepts it by {at}, when the closure is dated: a "
            "report applies a closure only after the acceptance of the rectification",
            ref=ev.finding,
            at=utc_text(ev.at),
        ),
        t(
            "close it after its rectification is accepted (--action accepted), the acceptance "
            "kept beside the findings or where the closure is written"
        ),
    )


def _by_rectifier(ev: Event, judged: Judged | None, facts: _Facts) -> tuple[str, str] | None:
    """`not-applied` (the reports' `accepted-by-rectifier`, `closed-by-rectifier`): a major's
    acceptance or closure signed by the signer or key that reported it rectified last (named,
    with where it did)."""
    if judged is None or judged[0].refused not in ("accepted-by-rectifier", "closed-by-rectifier"):
        return None
    last = _last(judged, "rectified")
    names = {"ref": ev.finding, "signer": last.signer, "where": last.path or t("this document")}
    if ev.action == "accepted":
        return (
            t(
                "{ref}: {signer} reported it rectified ({where}): no report will apply a major "
                "hidden danger's acceptance by the one who reported it rectified",
                **names,
            ),
            t(
                "a major hidden danger is accepted by reviewers other than the one who reported "
                "it rectified"
            ),
        )
    return (
        t(
            "{ref}: {signer} reported it rectified ({where}): no report will apply a major hidden "
            "danger's closure by the one who reported it rectified",
            **names,
        ),
        t(
            "a major hidden danger is closed by the authority that recorded it, not by the one "
            "who reported it rectified"
        ),
    )


def _rectified_twice(ev: Event, judged: Judged | None, facts: _Facts) -> tuple[str, str] | None:
    """`not-applied` (the reports' `rectified-twice`): a second rectification in a round, no
    rejection or reopening since the first (named, with where it is and its time)."""
    if judged is None or judged[0].refused != "rectified-twice":
        return None
    first = _last(judged, "rectified")
    return (
        t(
            "{ref}: {where} already reports it rectified at {at}, and no follow-up here sends it "
            "back to rectification since: no report will apply a second rectification",
            ref=ev.finding,
            where=first.path or t("this document"),
            at=utc_text(first.event.at),
        ),
        t(
            "a hidden danger is reported rectified again only after a rejection or a reopening "
            "sends it back; an event already signed needs no second file"
        ),
    )


def _not_after_the_findings_deadline(
    ev: Event, judged: Judged | None, facts: _Facts
) -> tuple[str, str] | None:
    """`not-applied` (the reports' `extended-not-later`, judged here by the findings alone): an
    extension to a day not after the deadline the findings give (a deadline only ever moves
    later)."""
    due = facts.known.deadlines.get(ev.finding)
    if not (ev.action == "extended" and due and ev.new_deadline and ev.new_deadline <= due):
        return None
    return (
        t(
            "{ref}: the new deadline {new} is not after the deadline {deadline} the findings "
            "give: no report will apply the extension",
            ref=ev.finding,
            new=ev.new_deadline.isoformat(),
            deadline=due.isoformat(),
        ),
        _later(due.isoformat(), facts),
    )


def _not_after_its_day(ev: Event, judged: Judged | None, facts: _Facts) -> tuple[str, str] | None:
    """`not-applied` (the reports' `extended-not-after-its-day`): an extension to a day not
    after the day it is made, wherever a report is made (`earliest_day`)."""
    from minecheck.cli.completion import earliest_day

    if not (
        ev.action == "extended"
        and ev.new_deadline
        and ev.new_deadline <= (made := earliest_day(ev.at))
    ):
        return None
    return (
        t(
            "{ref}: the new deadline {new} is not after {made}, the day the extension is made: "
            "no report will apply it",
            ref=ev.finding,
            new=ev.new_deadline.isoformat(),
            made=made.isoformat(),
        ),
        _later(made.isoformat(), facts),
    )


def _not_after_an_extension(
    ev: Event, judged: Judged | None, facts: _Facts
) -> tuple[str, str] | None:
    """`not-applied` (the reports' `extended-not-later`, later than the findings' deadline but
    not than an extension's): an extension to a day not after the deadline an earlier extension
    the fold applied set (named, with where it is)."""
    if judged is None or judged[0].refused != "extended-not-later":
        return None
    extension = _last(judged, "extended", missing=None)
    if extension is None:
        return None
    deadline = judged[0].deadline
    day_ = deadline.isoformat() if deadline else ""
    return (
        t(
            "{ref}: the new deadline {new} is not after the deadline {deadline} that {where} "
            "extends it to: no report will apply the extension",
            ref=ev.finding,
            new=ev.new_deadline.isoformat() if ev.new_deadline else "",
            deadline=day_,
            where=extension.path or t("this document"),
        ),
        _later(day_, facts),
    )


def _later(day: str, facts: _Facts) -> str:
    """The hint of an extension to a day not after `day` (the deadline in force, or the day it
    is made), naming the option or key that gives the new deadline."""
    return t(
        "an extension moves the deadline later: give a day after {day} ({option})",
        option=facts.deadline_key,
        day=day,
    )


def _past_deadline(ev: Event, judged: Judged | None, facts: _Facts) -> tuple[str, str] | None:
    """`not-applied` (the reports' `extended-after-deadline`): an extension of this document the
    fold refuses as made after the deadline in force had passed, with no new term since: the
    deadline the findings give, or the one an earlier extension set (named where it is)."""
    if judged is None or judged[0].refused != "extended-after-deadline":
        return None
    from minecheck.core.loop import day

    step = judged[0]
    deadline = step.deadline.isoformat() if step.deadline else ""
    names = {"ref": ev.finding, "at": utc_text(ev.at), "made": day(ev.at).isoformat()}
    hint = t(
        "an extension is granted before the deadline passes; past it, the hidden danger is "
        "escalated (or given one new term once a rejection or a reopening puts it back in "
        "rectification)"
    )
    extension = _last(judged, "extended", missing=None)
    if extension is None:
        return (
            t(
                "{ref}: the extension is dated {at}, on {made}, after the deadline {deadline} the "
                "findings give had passed: a report applies it only where an earlier extension, "
                "a rejection or a reopening set a new term, and the follow-ups here hold none",
                deadline=deadline,
                **names,
            ),
            hint,
        )
    return (
        t(
            "{ref}: the extension is dated {at}, on {made}, after the deadline {deadline} that "
            "{where} extends it to had passed: a report applies it only where a rejection or a "
            "reopening since set a new term, and the follow-ups here hold none",
            deadline=deadline,
            where=extension.path or t("this document"),
            **names,
        ),
        hint,
    )


def _state_words(ev: Event, judged: Judged | None, facts: _Facts) -> tuple[str, str] | None:
    """`not-applied` (the reports' `accepted-twice`, `already-ended`, `rejected-not-rectified`,
    `reopened-not-rectified`: `_STATE_WORDS`): an event of this document the fold refuses
    (`judged`: its step and those before it) for the state the events before it leave its
    hidden danger in: where that state was made (the file, or this document) and when."""
    if judged is None or judged[0].refused not in _STATE_WORDS:
        return None
    from minecheck.i18n import language
    from minecheck.report.labels import Labels

    ref = ev.finding
    step, before, _ = judged
    se = step.event
    applied = [b.event for b in before if b.refused is None and b.event.event.finding == ref]
    if step.refused == "accepted-twice":
        first = next(
            b
            for b in reversed(applied)
            if b.event.action == "accepted"
            and (b.signer == se.signer or (bool(se.key) and b.key == se.key))
        )
        return (
            t(
                "{ref}: {signer} already accepts this rectification ({where}, {at}), and no "
                "follow-up here sends it back to rectification since: no report will apply a "
                "second acceptance by one signer",
                ref=ref,
                signer=first.signer,
                where=first.path or t("this document"),
                at=utc_text(first.event.at),
            ),
            t(
                "each reviewer accepts a rectification once; an acceptance already signed needs "
                "no second file"
            ),
        )
    if step.refused == "already-ended":
        end = _last(judged, step.state or "closed")
        names = {"ref": ref, "where": end.path or t("this document"), "at": utc_text(end.event.at)}
        if step.state == "closed":
            return (
                t(
                    "{ref}: {where} closes it at {at}, and no follow-up here reopens it since: no "
                    "report will apply an event to a closed hidden danger until it is reopened",
                    **names,
                ),
                t(
                    "a closed hidden danger takes no further event; one found unrectified again "
                    "is reopened first (--action reopened)"
                ),
            )
        return (
            t(
                "{ref}: {where} withdraws it at {at}, and no follow-up here reopens it since: no "
                "report will apply an event to a withdrawn hidden danger until it is reopened",
                **names,
            ),
            t(
                "a withdrawn finding was recorded in error and takes no further event; if the "
                "withdrawal was the error, reopen it first (--action reopened)"
            ),
        )
    names = {
        "ref": ref,
        "state": Labels(language()).value("state", step.state or "open"),
        "at": utc_text(se.event.at),
    }
    if step.refused == "rejected-not-rectified":
        return (
            t(
                "{ref}: the findings and the signed follow-ups here leave it {state} at {at}, "
                "when the rejection is dated: no report will apply it, as only a rectified or "
                "accepted hidden danger not yet closed is rejected",
                **names,
            ),
            t(
                "reject a rectification after the enterprise reports it (--action rectified); a "
                "closed one is reopened (--action reopened)"
            ),
        )
    return (
        t(
            "{ref}: the findings and the signed follow-ups here leave it {state} at {at}, when "
            "the reopening is dated: no report will apply it, as only a rectified, accepted, "
            "closed or withdrawn hidden danger is reopened",
            **names,
        ),
        t(
            "a hidden danger not reported rectified since it was found or sent back is still in "
            "rectification and needs no reopening"
        ),
    )


# what may write a ref's characters otherwise in a TOML string: a `\u`, `\U` or `\x` escape,
# or a backslash ending a multi-line string's line (the line break and the blanks after it
# are left out); a ref holds no other character a string must escape
_MAY_SPELL = re.compile(rb"\\(?:[uUx]|[ \t]*\r?\n)")


def _names_one(name: str, refs: set[bytes]) -> bool:
    """Whether the file `name` may hold one of `refs` (a follow-up naming none of them has no
    event of their findings): as typed, or where an escape may spell it (a hand-written file
    signed with `sign`); one that cannot be read is read as any other, which passes over it.
    Read as `findings_answers` reads a file found here: a regular one only, so that a named
    pipe called `*.toml` is never waited on."""
    from minecheck.cli.completion import MAX_SCAN_BYTES
    from minecheck.errors import InputError
    from minecheck.fileio import read_limited

    try:
        data = read_limited(name, MAX_SCAN_BYTES, "document", pipe_ok=False)
    except InputError:
        return True
    return any(ref in data for ref in refs) or _MAY_SPELL.search(data) is not None


def _ids_spelled(name: str, prefix: str) -> set[str]:
    """The inspection ids `prefix` starts that the file `name` spells out, as typed or with
    TOML's escapes, each standing alone (not within a longer word); one whose findings could
    not be read: read as `_names_one` reads it; none where it cannot be."""
    from minecheck.cli.completion import MAX_SCAN_BYTES
    from minecheck.core.documents import UUID4
    from minecheck.errors import InputError
    from minecheck.fileio import read_limited

    try:
        data = read_limited(name, MAX_SCAN_BYTES, "document", pipe_ok=False)
    except InputError:
        return set()
    text = _SPELLING.sub(_spelled, data.decode("utf-8", "replace"))
    return {
        iid
        for iid in _STANDING.findall(text)
        if iid.startswith(prefix) and UUID4.fullmatch(iid) is not None
    }


# what TOML's strings spell otherwise (what `_MAY_SPELL` finds): a `\u`, `\U` or `\x` escape, a
# backslash ending a multi-line string's line with the blanks after it; an escaped backslash is
# taken whole, so that the `u` after it is a letter
_SPELLING = re.compile(
    r"\\\\|\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|x([0-9A-Fa-f]{2}))|\\[ \t]*\r?\n[ \t\r\n]*"
)
# a run of an id's characters that stands alone: an id within a longer word is none
_STANDING = re.compile(r"(?<![0-9A-Za-z_-])[0-9a-f-]+(?![0-9A-Za-z_-])")


def _spelled(match: re.Match[str]) -> str:
    code = match[1] or match[2] or match[3]
    if code is None:
        return "\\\\" if match[0] == "\\\\" else ""
    value = int(code, 16)
    return chr(value) if value <= 0x10FFFF and not 0xD800 <= value <= 0xDFFF else ""


def _same_file(path: Path, other: str) -> bool:
    """Whether `other` names the file `path` names (under any spelling, `..` and links too)."""
    try:
        return os.path.samefile(path, other)
    except (OSError, ValueError):
        return False


def _modified_since(path: Path, since: float) -> bool:
    try:
        return path.stat().st_mtime >= since
    except OSError:  # (gone since it was listed: read as any other, which passes over it)
        return True


def _could_begin_an_id(prefix: str) -> bool:
    """Whether `prefix` can begin an inspection id (a lowercase UUID): one that cannot is held
    by no findings file anywhere, and naming one with --findings would not help."""
    return re.fullmatch(r"[0-9a-f][0-9a-f-]{0,35}", prefix) is not None


def _pause(seconds: float) -> None:
    import time

    time.sleep(seconds)


def next_second(now: dt.datetime) -> dt.datetime:
    """The clock's time once it is past the whole second `now`: at most a second's wait, after
    which a second has passed since `now` was read, whatever the clock said (one set back)."""
    import time

    from minecheck.core.documents import utc_now

    until = time.monotonic() + 1
    while (later := utc_now()) <= now and (left := until - time.monotonic()) > 0:
        _pause(min(left, max(0.01, 1 - dt.datetime.now(dt.UTC).microsecond / 1e6)))
    return max(later, now + dt.timedelta(seconds=1))
