"""Consolidation: one row per (inspection, item) from the documents that record it.

`consolidate` turns the trusted documents of inspections into the hidden dangers the fold
needs (and counts or lists the findings that need no fold); `emit` makes each hidden danger's
row once the fold has given its state. `report.corpus` runs them over a whole corpus,
`report.stream` (and `report.stream_rows`) one inspection at a time.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any, Protocol, TypeVar, overload

from minecheck.core.documents import (
    SELF_INSPECTION,
    Finding,
    Inspection,
    plain_finding,
    utc_text,
)
from minecheck.core.loop import EARLIEST, Hazard, SignedEvent, Status, day
from minecheck.core.merge import (
    ANSWERED_TWICE,
    ANSWERED_TWICE_AT_ONCE,
    ANSWERED_TWICE_AT_ONCE_MERGED,
    ANSWERED_TWICE_MERGED,
    CHECKLIST_VERSIONS_DIFFER,
    CHECKLISTS_DIFFER,
    SITES_DIFFER,
    SameDayDoc,
    agreed,
    items_of_two_checklists,
    same_day_inspections,
    same_day_key,
    signed_by,
    sites_of,
    sites_said,
    versions_of_one_checklist,
    visit,
)
from minecheck.core.sites import row_mine
from minecheck.core.trust import TrustStatus
from minecheck.errors import Problem
from minecheck.report.rows import FindingRow

_ORDER = list(TrustStatus)


class PlainSink(Protocol):
    """Where `load_corpus` counts the findings that need no row (see `load_corpus`)."""

    def add_plain(
        self,
        *,
        inspection: str,
        site: str,
        site_id: str | None = None,
        checklist: str,
        inspector: str,
        signer: str,
        month: str,
        trust: str,
        results: Sequence[tuple[str, Sequence[str]]],
    ) -> None:
        """Count findings of one inspection by one document: (result, item ids) pairs."""

    def add(self, row: FindingRow) -> None:
        """Take one consolidated finding's row."""

    def inspections_in_turn(self) -> None:
        """The rows of each inspection will come together, one inspection after another."""

    def repeat_keys(self, row: FindingRow) -> tuple[tuple[str, ...], ...]:
        """The groups `row` was counted in (to count its repeat-major flag later)."""

    def add_repeats(self, keys: tuple[tuple[str, ...], ...], count: int) -> None:
        """Count `count` more repeat-major findings, in the groups `keys`."""

    def fresh(self) -> PlainSink:
        """An empty sink that counts as this one does (picklable: a worker counts in it)."""

    def tally(self) -> tuple[Any, ...]:
        """What this sink counted, as plain data, for `merge` (report/tally_cache.py)."""

    def counting_key(self) -> dict[str, object]:
        """What, beside the documents, decides what this sink counts (its groups, options)."""

    def merge(self, tally: tuple[Any, ...]) -> None:
        """Count what another sink's `tally` holds."""


# Results a single document's finding can have that make no hidden danger.
PLAIN_RESULTS = frozenset(("compliant", "not-applicable", "not-checked"))


# One trusted findings document of an inspection, as phase 2 holds it until consolidation.
Held = tuple["Source", Sequence[Finding], tuple[tuple[str, Sequence[str]], ...], TrustStatus]


@dataclass(frozen=True, slots=True)
class BareFinding(Finding):
    """A hidden danger read bare for the export of events (`corpus_cache`), with a digest of the
    texts left out: two answers of one item compare equal exactly when the same findings read
    whole do (the answers of one signer's two documents of an inspection, `answered_twice`)."""

    texts: bytes = b""


DIGEST = 8  # the bytes of a bare finding's `texts`


T = TypeVar("T")


class Made(Sequence[T]):
    """A sequence of values each made when asked for (`_made`), none held."""

    __slots__ = ()

    def _made(self, index: int) -> T:
        raise NotImplementedError

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[T]: ...

    def __getitem__(self, index: int | slice) -> T | Sequence[T]:
        if isinstance(index, slice):
            return tuple(map(self._made, range(len(self))[index]))
        return self._made(range(len(self))[index])

    def __iter__(self) -> Iterator[T]:
        return map(self._made, range(len(self)))


class HiddenColumns(Made[Finding]):
    """A document's hidden dangers read bare (each non-compliant), as columns by finding: a
    finding (`BareFinding`) is made only when asked for, and let go. Each was held as one until
    consolidation (176 B and its 41 B digest); most are read for their `found` row alone
    (`FoundGroup`), made from these columns (`apart`)."""

    __slots__ = ("deadlines", "items", "ordered", "severities", "texts")

    def __init__(
        self,
        items: tuple[str, ...],
        severities: tuple[str | None, ...],
        deadlines: tuple[dt.date | None, ...],
        ordered: tuple[str | None, ...],
        texts: bytes,
    ) -> None:
        self.items = items
        self.severities = severities
        self.deadlines = deadlines
        self.ordered = ordered  # the enforcement as a bare read keeps it
        self.texts = texts  # the digests, DIGEST bytes each

    def __len__(self) -> int:
        return len(self.items)

    def _made(self, i: int) -> Finding:
        return BareFinding(
            self.items[i],
            "noncompliant",
            severity=self.severities[i],
            deadline=self.deadlines[i],
            enforcement=self.ordered[i],
            texts=self.texts[i * DIGEST : (i + 1) * DIGEST],
        )

    def apart(self, asked: set[str] | None) -> tuple[list[Finding], list[int]]:
        """The findings of the items `asked` (made), and the indices of the others."""
        if not asked:
            return [], list(range(len(self.items)))
        named, others = [], []
        for i, item in enumerate(self.items):
            if item in asked:
                named.append(self._made(i))
            else:
                others.append(i)
        return named, others

    def found_group(
        self, src: Source, status: TrustStatus, day: dt.date, which: list[int]
    ) -> FoundGroup:
        """The hidden dangers at `which` as a FoundGroup, by item (`_found_group`)."""
        items = self.items
        which.sort(key=items.__getitem__)
        severities = self.severities
        return FoundGroup(
            src,
            status,
            day,
            tuple(items[i] for i in which),
            tuple("major" if severities[i] == "major" else "general" for i in which),
            tuple(self.deadlines[i] for i in which),
        )


@dataclass(frozen=True, slots=True)
class Source:
    """What a row keeps of the document a finding came from (not the whole document)."""

    document_id: str
    signer: str
    path: str
    inspection: Inspection
    created: dt.datetime | None = None  # the document's signed `created`


@dataclass(frozen=True, slots=True)
class PlainGroup:
    """The findings one document records of its inspection (no other document records it) that
    are no hidden danger, by result: the rows `rows()` makes (export writes their lines without
    making them, report/export.py)."""

    src: Source
    status: TrustStatus
    day: dt.date  # the local date the inspection finished
    results: Sequence[tuple[str, Sequence[str]]]  # (result, item ids)

    def rows(self) -> Iterator[FindingRow]:
        return (
            _plain_row(self.src, item, result, self.status, self.day)
            for result, items in self.results
            for item in items
        )


_ITEM = attrgetter("item")


@dataclass(frozen=True, slots=True)
class FoundGroup:
    """The hidden dangers one document records of an inspection no other document records,
    that no event names (with `found_apart`): all their rows of events are their `found` rows
    (report/events.py), open at the first deadline, made from these columns (by item) and the
    document's. Each took a finding, a hazard, its ref and a row until the last row was
    written; here a column entry each."""

    src: Source
    status: TrustStatus
    day: dt.date  # the local date the inspection finished
    items: tuple[str, ...]  # sorted
    severities: tuple[str, ...]  # major or general, for each item
    deadlines: tuple[dt.date | None, ...]  # for each item

    def entries(self) -> Iterator[tuple[str, str, dt.date | None]]:
        """(item, severity, deadline) for each hidden danger, by item."""
        return zip(self.items, self.severities, self.deadlines, strict=True)


def _items(findings: Sequence[Finding]) -> Iterable[str]:
    """The items of a document's findings (of hidden columns, no finding made)."""
    if isinstance(findings, HiddenColumns):
        return findings.items
    return (f.item for f in findings)


def _found_group(
    src: Source, status: TrustStatus, day: dt.date, found: list[Finding]
) -> FoundGroup:
    """`found` (hidden dangers) as a FoundGroup, by item."""
    found.sort(key=_ITEM)
    return FoundGroup(
        src,
        status,
        day,
        tuple(f.item for f in found),
        tuple("major" if f.severity == "major" else "general" for f in found),
        tuple(f.deadline for f in found),
    )


@dataclass(frozen=True, slots=True)
class InspectionRows:
    """One inspection's rows: those made, and those still in plain groups; an item is in one
    row only."""

    made: list[FindingRow]
    plain: Sequence[PlainGroup] = ()

    def whole(self) -> list[FindingRow]:
        """Every row, made, sorted by item."""
        rows = [*self.made, *(row for group in self.plain for row in group.rows())]
        rows.sort(key=_ITEM)
        return rows


def _worst(statuses: Iterable[TrustStatus]) -> TrustStatus:
    return min(statuses, key=_ORDER.index, default=TrustStatus.TRUSTED)


def _with_events(status: TrustStatus, st: Status | None) -> str:
    """A row's trust: the worst of its findings documents' and of the events applied to it."""
    if st is None or not st.event_trust:
        return status.value
    return _worst((status, *map(TrustStatus, st.event_trust))).value


def enforced(finding: Finding) -> bool:
    """Whether the finding records an enforcement order: an `enforcement` of blanks alone (an
    answers file's " ") names no order, and the major stays flagged `no-enforcement`. (Nor is
    one owed for a self-inspection's majors, SELF_INSPECTION: no supervisor was there to
    enforce, so none is a case of D4's inspecting without enforcing; the callers say so.)"""
    return bool(finding.enforcement and finding.enforcement.strip())


_NOT_A_HAZARD = Hazard("", False, None, None, dt.datetime.min, "", False)


# The columns of a finding's row that come from its document: before its item (inspection,
# documents, site, site id, checklist, its version), and after (inspectors, signers, trust).
Head = tuple[str, tuple[str], str, str | None, str, str]
Tail = tuple[tuple[str], tuple[str], str]


def shared_columns(src: Source, status: TrustStatus) -> tuple[Head, Tail]:
    """What the rows of the findings one document alone records share."""
    ins = src.inspection
    head = (ins.id, (src.document_id,), ins.site, ins.site_id or None, ins.checklist)
    return (*head, ins.checklist_version), ((ins.inspector,), (src.signer,), status.value)


def _plain_row(
    src: Source, item: str, result: str, status: TrustStatus, day: dt.date
) -> FindingRow:
    """The row of a finding one document records that is no hidden danger."""
    head, tail = shared_columns(src, status)
    return FindingRow(
        *head, item, result, None, (), None, None, False, (), None, None, None, *tail, day
    )


# A hidden danger's row fields known before the fold, in the order `_based` keeps them.
_BASE = (
    *("inspection", "document_ids", "site", "site_id", "checklist", "checklist_version"),
    *("item", "result", "severity", "basis", "description", "location", "responsible"),
    *("inspectors", "signers", "trust", "found", "by", "named"),
)


def _based(fields: dict[str, object]) -> tuple[object, ...]:
    """The fields as a tuple in _BASE order (a tuple holds them in a third of a dict's room)."""
    return tuple(fields[name] for name in _BASE)


def _lone_row(
    iid: str,
    item: str,
    src: Source,
    f: Finding,
    status: TrustStatus,
    st: Status | None,
    local_date: Callable[[dt.datetime], dt.date],
    bare: bool,
) -> FindingRow:
    """The row of a hidden danger one document records (what the general path gives)."""
    ins = src.inspection
    return FindingRow(
        inspection=iid,
        document_ids=(src.document_id,),
        site=ins.site,
        site_id=ins.site_id or None,
        checklist=ins.checklist,
        checklist_version=ins.checklist_version,
        item=item,
        result=f.result,
        severity="major" if f.severity == "major" else "general",
        basis=tuple(sorted(set(f.basis))),
        description=None if bare else f.description or None,
        location=None if bare else f.location or None,
        responsible=f.responsible or None,
        inspectors=(ins.inspector,),
        signers=(src.signer,),
        trust=_with_events(status, st),
        found=local_date(ins.finished),
        by=(),
        **_folded(st),
    )


_UNFOLDED: dict[str, object] = {
    "state": None,
    "deadline": None,
    "overdue": False,
    "flags": (),
    "rectified_on": None,
    "closed_on": None,
    "acceptance": None,
    "rebounded": False,
    "closed_last": None,
    "open_at_start": False,
}


def _folded(st: Status | None) -> dict[str, Any]:
    """A row's fields from the fold (a finding that is no hidden danger has none)."""
    if st is None:
        return _UNFOLDED
    return {
        "state": st.state,
        "deadline": st.deadline,
        "overdue": st.overdue,
        "flags": st.flags,
        "rectified_on": st.rectified_on,
        "closed_on": st.closed_on,
        "acceptance": st.acceptance,
        "rebounded": st.rebounded,
        "closed_last": st.closed_last,
        "open_at_start": st.open_at_start,
    }


def named_items(events: list[SignedEvent]) -> dict[str, set[str]]:
    """The findings events name, as inspection id -> item ids (every way to split a ref)."""
    out: dict[str, set[str]] = {}
    for ref in {se.event.finding for se in events}:
        at = ref.find("/")
        while at >= 0:
            out.setdefault(ref[:at], set()).add(ref[at + 1 :])
            at = ref.find("/", at + 1)
    return out


class LocalDates:
    """The report's local date of a time (`core.loop.day`, the fold's calendar), worked out
    once per time."""

    def __init__(self) -> None:
        self._days: dict[dt.datetime, dt.date] = {}

    def __call__(self, when: dt.datetime) -> dt.date:
        found = self._days.get(when)
        if found is None:
            if len(self._days) > 1024:  # about one time per inspection: keep it bounded
                self._days.clear()
            found = self._days[when] = day(when)
        return found


@dataclass
class Consolidated:
    """Inspections consolidated: the hidden dangers for the fold, and their rows' makings."""

    hazards: dict[str, Hazard]
    base: dict[str, tuple[object, ...]]  # a hidden danger's fields (_BASE), until the fold
    # A hidden danger one document records (most): what its row is made of, until the fold.
    lone: dict[str, tuple[str, str, Source, Finding, TrustStatus]]
    plain: list[FindingRow]  # the rows that need no fold (none with a sink)
    # with `as_groups`: a lone document's findings that need no fold, not made into rows
    groups: list[PlainGroup]
    # with `found_apart`: the hidden dangers a lone document records that no event names, by
    # document, neither among the hazards nor made into rows
    found: list[FoundGroup] = field(default_factory=list)


def joint_problems(iid: str, docs: Sequence[Held]) -> list[Problem]:
    """What is wrong with the documents of one inspection taken together: they name different
    sites (an inspection id used again at another mine; its rows take the site of the first by
    document id), or they answer one item id from two checklists, or from two texts of one
    (each taken as one finding)."""
    out = []
    first = min((src for src, _, _, _ in docs), key=lambda src: (src.document_id, src.path))
    sites = sites_of(src.inspection for src, _, _, _ in docs)
    if len(sites) > 1:
        said = ("; ".join(sites_said(sites)), "；".join(sites_said(sites, _in_chinese)))
        out.append(_both("sites", SITES_DIFFER, first.path, id=iid, sites=said))
    shared = items_of_two_checklists(
        (
            src.inspection.checklist,
            itertools.chain(_items(found), *(items for _, items in grouped)),
        )
        for src, found, grouped, _ in docs
    )
    if shared:
        checklists = sorted(set().union(*shared.values()))
        fields = {"id": iid, "items": sorted(shared), "checklists": checklists}
        out.append(_both("checklists", CHECKLISTS_DIFFER, first.path, **fields))
    revised = versions_of_one_checklist(
        (
            src.inspection.checklist,
            src.inspection.checklist_version,
            src.inspection.checklist_sha256,
            itertools.chain(_items(found), *(items for _, items in grouped)),
        )
        for src, found, grouped, _ in docs
    )
    for checklist, (items, versions) in sorted(revised.items()):
        fields = {"id": iid, "items": items, "checklist": checklist, "versions": versions}
        out.append(_both("checklist-versions", CHECKLIST_VERSIONS_DIFFER, first.path, **fields))
    out.extend(answered_twice(iid, docs))
    return out


def separate_inspections(docs: Iterable[Held]) -> list[Problem]:
    """Inspections of one site and checklist on one day, each under its own id, that record the
    same hidden danger (`core.merge.same_day_inspections`, as merge warns of them), said in
    English and Chinese at the first of their documents' paths (`separate_problems`). Only the
    documents of a site, checklist and day with two inspection ids or more are looked through.
    """
    by_day: dict[tuple[str, str, dt.date], dict[str, list[Held]]] = defaultdict(dict)
    for doc in docs:
        ins = doc[0].inspection
        by_day[same_day_key(visit(ins))].setdefault(ins.id, []).append(doc)
    return separate_problems(
        same_day_doc(doc)
        for by_id in by_day.values()
        if len(by_id) > 1
        for held in by_id.values()
        for doc in held
    )


def same_day_doc(doc: Held) -> SameDayDoc:
    """A findings document as `core.merge.same_day_inspections` takes it: its signer, its
    inspection, the items it records as hidden dangers, its path."""
    src, found, _, status = doc
    signer = signed_by(src.signer, status)
    if isinstance(found, HiddenColumns):  # (each one non-compliant: none made)
        return signer, visit(src.inspection), found.items, src.path
    return (
        signer,
        visit(src.inspection),
        [f.item for f in found if f.result == "noncompliant"],
        src.path,
    )


def separate_problems(docs: Iterable[SameDayDoc]) -> list[Problem]:
    """`core.merge.same_day_inspections` of the documents, each group said in English and in
    Chinese (`Problem.zh`) at the first of its documents' paths."""
    from minecheck.core.schema import english

    out = []
    for group in same_day_inspections(docs):
        said, zh = group.said(english), group.said(_in_chinese)
        out.append(
            Problem(
                "separate-inspections",
                said,
                group.path,
                zh=zh,
                brief=group.brief(english, said, _at(english, group.path)),
                brief_zh=group.brief(_in_chinese, zh, _at(_in_chinese, group.path)),
                inspections=len(group.inspections),
            )
        )
    return out


def _at(say: Callable[..., str], path: str) -> str:
    """What a report's warning line says before its message (`PATH: `, `PATH：`), as the
    batch commands say it (`cli._batch_inputs`)."""
    return say("{path}: {reason}", path=path, reason="")


def _in_chinese(message: str, /, **fields: object) -> str:
    """MESSAGE (a template of the catalogue's) in Chinese, its lists written as Chinese does."""
    from minecheck.i18n import written

    return written(message, "zh", **fields)


def _both(code: str, template: str, path: str, **fields: object) -> Problem:
    """A problem of documents taken together, made in English and Chinese at once (`Problem.zh`:
    it is kept in English with the result, where no template could take its lists apart again).
    A field given as a pair is its English and its Chinese; a list is joined as each language
    joins one."""
    from minecheck.i18n import listed
    from minecheck.report.reasons_zh import REASONS_ZH

    def said(lang: int) -> dict[str, object]:
        return {k: v[lang] if isinstance(v, tuple) else v for k, v in fields.items()}

    english = template.format(**listed(said(0), "en"))
    return Problem(code, english, path, zh=REASONS_ZH[template].format(**listed(said(1), "zh")))


def answered_twice(iid: str, docs: Sequence[Held]) -> list[Problem]:
    """One signer's documents of one inspection that answer the same items: a corrected file
    signed again is a second answer, counted as another inspector's would be. Each earlier
    document (by `created`, then document id) is said against its signer's latest, with the
    items they answer differently."""
    by_signer: dict[str, list[Held]] = defaultdict(list)
    for doc in docs:
        by_signer[doc[0].signer].append(doc)
    out = []
    for signer, held in sorted(by_signer.items()):
        if len(held) < 2:
            continue
        held.sort(key=lambda doc: (doc[0].created or EARLIEST, doc[0].document_id, doc[0].path))
        later = held[-1]
        answers = _answers(later)
        for earlier in held[:-1]:
            theirs = _answers(earlier)
            shared = sorted(theirs.keys() & answers.keys())
            if not shared:
                continue
            differ = [item for item in shared if theirs[item] != answers[item]]
            if not differ:  # (signed again alike: counted once, nothing to mend)
                continue
            fields = {
                "id": iid,
                "signer": signer,
                "earlier": earlier[0].path,
                "first": _created(earlier[0]),
                "later": later[0].path,
                "second": _created(later[0]),
            }
            # signed in the same second: the order of the ids is no order in time, so neither
            # is called the later, and the results are given side by side, not as a change
            at_once = fields["first"] == fields["second"]
            merged = earlier[0].path.partition("#")
            template = ANSWERED_TWICE_AT_ONCE if at_once else ANSWERED_TWICE
            if merged[1]:  # inside a merged file: extracted, and merged again without it
                template = ANSWERED_TWICE_AT_ONCE_MERGED if at_once else ANSWERED_TWICE_MERGED
                fields["merged"] = merged[0]
            mark = "/" if at_once else "→"
            items = (
                _some(differ, theirs, answers, "en", mark),
                _some(differ, theirs, answers, "zh", mark),
            )
            out.append(_both("answered-twice", template, earlier[0].path, items=items, **fields))
    return out


def _some(
    items: list[str],
    theirs: dict[str, Finding | str],
    answers: dict[str, Finding | str],
    lang: str,
    mark: str = "→",
    shown: int = 5,
) -> str:
    """Items answered differently named in a line, each with its two results where they differ
    (`gas (compliant → noncompliant)`, MARK between them): the first few, then how many in all
    (a file signed again after a whole checklist was answered otherwise differs on every item),
    as LANG writes a list."""
    from minecheck.i18n import joined, written

    def named(item: str) -> str:
        before, after = _result(theirs[item]), _result(answers[item])
        if before == after:
            return item
        changed = f"{written(before, lang)} {mark} {written(after, lang)}"
        return f"{item}（{changed}）" if lang == "zh" else f"{item} ({changed})"

    said = joined(map(named, items[:shown]), lang)
    if len(items) <= shown:
        return said
    more = f"（共 {len(items)} 项）" if lang == "zh" else f" ({len(items)})"
    return joined([said, "…"], lang) + more  # (the list's own separator before the …)


def _answers(doc: Held) -> dict[str, Finding | str]:
    """A document's answers by item: a finding as read, or a result alone where the document
    was read for the cache (a finding that is no hidden danger kept as its result). A
    not-checked item is no answer: it overrules none (`core.merge.agreed`), as when one
    inspector walks one inspection in two parts."""
    out: dict[str, Finding | str] = {
        item: r for r, items in doc[2] if r != "not-checked" for item in items
    }
    for f in doc[1]:
        if f.result != "not-checked":
            out[f.item] = f.result if f == plain_finding(f.item, f.result) else f
    return out


def _result(answer: Finding | str) -> str:
    return answer if isinstance(answer, str) else answer.result


def _created(src: Source) -> str:
    return "?" if src.created is None else utc_text(src.created)


def consolidate(
    inspections: dict[str, list[Held]],
    named: dict[str, set[str]],
    sink: PlainSink | None,
    local_date: Callable[[dt.datetime], dt.date],
    *,
    as_groups: bool = False,
    found_apart: bool = False,
) -> Consolidated:
    """One consolidated finding per inspection and item (`inspections` is emptied as it goes).

    `named` (from `named_items`) says which findings events name: the fold only needs to know
    a finding that is no hidden danger exists when an event names it (the event is then
    rejected: not a hidden danger); events are few, findings many. With a `sink`, findings that
    need no fold go to it at once; without, they become `plain` rows (`as_groups`: those of an
    inspection one document records stay in `groups`, by result, for export to write).
    `found_apart` (the export of events): the hidden dangers of such an inspection that no
    event names go to `found` (`FoundGroup`), with no hazard: the fold never meets them.
    """
    hazards: dict[str, Hazard] = {}
    base: dict[str, tuple[object, ...]] = {}
    lone: dict[str, tuple[str, str, Source, Finding, TrustStatus]] = {}
    plain: list[FindingRow] = []
    plain_groups: list[PlainGroup] = []
    found_groups: list[FoundGroup] = []

    groups: dict[tuple[str, str], list[tuple[Source, Finding, TrustStatus]]] = defaultdict(list)
    for iid in list(inspections):
        docs = inspections.pop(iid)  # freed as it is consolidated
        if len(docs) == 1:
            # One document records this inspection (the usual case): each finding is its own
            # consolidated finding; only the hidden dangers need the general path below.
            src, findings, grouped, status = docs[0]
            size = len(findings) + sum(len(items) for _, items in grouped)
            every = itertools.chain(_items(findings), *(items for _, items in grouped))
            if len(set(every)) == size:
                asked = named.get(iid)
                # (with `found_apart`, an inspection no event names: no row of it is read)
                results: dict[str, list[str]] = (
                    {} if found_apart and not asked else {r: list(items) for r, items in grouped}
                )
                apart: list[Finding] = []  # (with `found_apart`: hidden dangers none names)
                columns: list[int] = []  # (the same, kept as columns: `HiddenColumns`)
                if found_apart and isinstance(findings, HiddenColumns):
                    findings, columns = findings.apart(asked)
                for f in findings:
                    if f.result in PLAIN_RESULTS:
                        results.setdefault(f.result, []).append(f.item)
                    elif found_apart and not (asked and f.item in asked):
                        apart.append(f)
                    else:
                        groups[(iid, f.item)].append((src, f, status))
                if asked:
                    for items in results.values():
                        for item in asked.intersection(items):
                            hazards[f"{iid}/{item}"] = _NOT_A_HAZARD
                day = local_date(src.inspection.finished)
                if apart:
                    found_groups.append(_found_group(src, status, day, apart))
                elif columns:
                    kept = docs[0][1]
                    assert isinstance(kept, HiddenColumns)
                    found_groups.append(kept.found_group(src, status, day, columns))
                if sink is None and as_groups:
                    if results:
                        plain_groups.append(PlainGroup(src, status, day, list(results.items())))
                elif sink is None:
                    plain.extend(
                        _plain_row(src, item, result, status, day)
                        for result, items in results.items()
                        for item in items
                    )
                elif results:
                    ins = src.inspection
                    sink.add_plain(
                        inspection=iid,
                        site=ins.site,
                        site_id=ins.site_id,
                        checklist=ins.checklist,
                        inspector=ins.inspector,
                        signer=src.signer,
                        month=f"{day.year:04d}-{day.month:02d}",
                        trust=status.value,
                        results=list(results.items()),
                    )
                continue
        for src, findings, grouped, status in docs:
            for f in findings:
                groups[(iid, f.item)].append((src, f, status))
            for result, ids in grouped:
                for item in ids:
                    groups[(iid, item)].append((src, plain_finding(item, result), status))

    for iid, item in sorted(groups):
        entries = groups.pop((iid, item))  # freed as it is consolidated
        ref = f"{iid}/{item}"
        if len(entries) == 1 and entries[0][1].result != "noncompliant":
            # One document says it, and it is no hidden danger (most findings are these): the
            # row the general path below would give, made directly. The fold only needs to know
            # the finding exists (an event for it is rejected: not a hidden danger).
            src, f, status = entries[0]
            hazards[ref] = _NOT_A_HAZARD
            if found_apart and item not in named.get(iid, ()):
                continue  # (the export of events reads the rows of the findings events name)
            row = _plain_row(src, item, f.result, status, local_date(src.inspection.finished))
            if sink is None:
                plain.append(row)
            else:
                sink.add(row)
            continue
        if len(entries) == 1:
            # One document says it and it is a hidden danger: what the general path gives.
            src, f, status = entries[0]
            ins = src.inspection
            grade = "major" if f.severity == "major" else "general"
            site = ins.site_id or ins.site
            hazards[ref] = Hazard(
                ref,
                True,
                grade,
                f.deadline,
                ins.finished,
                site,
                enforced(f) or ins.mode == SELF_INSPECTION,
                ins.started,
                src.created,
            )
            lone[ref] = (iid, item, src, f, status)  # its row is made after the fold
            continue
        hazards[ref], base[ref] = _agreed(iid, item, entries, local_date)
    return Consolidated(hazards, base, lone, plain, plain_groups, found_groups)


def _agreed(
    iid: str,
    item: str,
    entries: list[tuple[Source, Finding, TrustStatus]],
    local_date: Callable[[dt.datetime], dt.date],
) -> tuple[Hazard, tuple[object, ...]]:
    """One item of an inspection as the documents that answer it say it together (the general
    path of `consolidate`): its hidden danger for the fold, and its row's fields (`_BASE`)."""
    ref = f"{iid}/{item}"
    entries.sort(key=lambda e: (e[0].document_id, e[0].path))
    result = agreed(f.result for _, f, _ in entries)
    bad = [f for _, f, _ in entries if f.result == "noncompliant"]
    severity = "major" if any(f.severity == "major" for f in bad) else ("general" if bad else None)
    deadlines = [f.deadline for f in bad if f.deadline is not None]
    first = entries[0][0].inspection
    site, site_id = row_mine(
        (s.document_id, s.path, s.inspection.site, s.inspection.site_id) for s, _, _ in entries
    )
    found = min(s.inspection.finished for s, _, _ in entries)
    hidden = result in ("noncompliant", "inconsistent")
    hazard = Hazard(
        ref,
        hidden,
        severity if hidden else None,
        min(deadlines) if deadlines and hidden else None,
        found,
        site_id or site,
        any(map(enforced, bad)) or all(s.inspection.mode == SELF_INSPECTION for s, _, _ in entries),
        min(s.inspection.started for s, _, _ in entries),
        min((s.created for s, _, _ in entries if s.created is not None), default=None),
    )

    def text(name: str) -> str | None:
        return next((getattr(f, name) for f in bad if getattr(f, name)), None)

    by = tuple(sorted({f"{lf.signer}: {f.result}" for lf, f, _ in entries}))
    return hazard, _based(
        {
            "inspection": iid,
            "document_ids": tuple(sorted({s.document_id for s, _, _ in entries})),
            "site": site,
            "site_id": site_id,
            "checklist": first.checklist,
            "checklist_version": first.checklist_version,
            "item": item,
            "result": result,
            "severity": severity if hidden else None,
            "basis": tuple(sorted({b for f in bad for b in f.basis})) if hidden else (),
            "description": text("description"),
            "location": text("location"),
            "responsible": text("responsible"),
            "inspectors": tuple(sorted({s.inspection.inspector for s, _, _ in entries})),
            "signers": tuple(sorted({s.signer for s, _, _ in entries})),
            "trust": _worst(s for _, _, s in entries).value,
            "found": local_date(found),
            "by": by if result == "inconsistent" else (),
            "named": tuple(sorted({(s.signer, s.inspection.inspector) for s, _, _ in entries})),
        }
    )


def emit(
    cons: Consolidated,
    statuses: Mapping[str, Status],
    add: Callable[[FindingRow], object],
    local_date: Callable[[dt.datetime], dt.date],
    *,
    bare: bool = False,
) -> None:
    """Each hidden danger's row, its state from the fold, to `add` (each freed as it goes).

    `bare`: without description or location (what a summary never reads).
    """
    base, lone = cons.base, cons.lone
    cons.hazards.clear()
    for ref in list(base):
        fields = dict(zip(_BASE, base.pop(ref), strict=True))
        if bare:
            fields.update(description=None, location=None)
        st = statuses.get(ref)
        if st is not None and st.event_trust:
            fields["trust"] = _with_events(TrustStatus(str(fields["trust"])), st)
        add(FindingRow(**fields, **_folded(st)))  # type: ignore[arg-type]
    for ref in list(lone):
        add(_lone_row(*lone.pop(ref), statuses.get(ref), local_date, bare))


# -- phase 1 through the pool and the cache ---------------------------------------------------
