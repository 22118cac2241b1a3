"""Many documents in, one row per consolidated finding out (what export and summary stand on).

Phase 1, `read_document_file`, is pure and picklable: it checks the signature and parses the
signed body once, extracting what the report needs, without judging trust. Phase 2,
`load_corpus`, judges trust afresh with the store, de-duplicates by document_id, consolidates
and folds the follow-up events as of a date. Many files are read, on every core and through the
content cache, by `report.corpus_cache.read_files`.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar

from minecheck.core.documents import Event, Finding, FindingsDoc, FollowUpDoc, Inspection
from minecheck.core.loop import Hazard, Rejection, SignedEvent, Status, fold
from minecheck.core.merge import agreed
from minecheck.core.seal import MAX_DOCUMENT_BYTES, Judge, Verdict, examine
from minecheck.core.sshsig import PublicKey
from minecheck.core.trust import TrustStatus
from minecheck.errors import Problem
from minecheck.report.rows import DocumentStatus, FindingRow, RejectedEvent

_ORDER = list(TrustStatus)
# Signed, the signature good, but the key not trusted for it: what --include-untrusted admits.
UNTRUSTED_BUT_SIGNED = frozenset(_ORDER[_ORDER.index(TrustStatus.UNSIGNED) + 1 : -1])


def counted(status: str, include_untrusted: bool) -> bool:
    """Whether a document of this status counts in a report."""
    return status == TrustStatus.TRUSTED or (include_untrusted and status in UNTRUSTED_BUT_SIGNED)


class _Unjudged:
    """A judge that trusts every key: phase 1 checks signatures, phase 2 judges trust."""

    revoked: frozenset[bytes] = frozenset()

    def judge(
        self, *, principal: str, namespace: str, key: PublicKey, at: dt.datetime
    ) -> TrustStatus:
        return TrustStatus.TRUSTED


@dataclass(frozen=True)
class Leaf:
    """One findings or follow-up document as phase 1 read it (inside a merged file or not)."""

    path: str
    status: str  # "signed" (signature verified, trust not judged) or the status that failed
    detail: str
    key_blob: bytes | None
    namespace: str | None
    document_id: str | None
    signer: str | None
    created: dt.datetime | None
    body_sha256: str | None
    inspection: Inspection | None = None
    findings: tuple[Finding, ...] = ()
    events: tuple[Event, ...] = ()
    # Read from the cache: the findings that are no hidden danger, as (result, item ids) in
    # the order first seen; `findings` then holds only the others. Read afresh: empty.
    plain: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def kind(self) -> str | None:
        if self.inspection is not None:
            return "findings"
        return "followup" if self.events else None


@dataclass(frozen=True)
class DocResult:
    """Phase 1's answer for one file: the file itself, and its leaves."""

    path: str
    outer: Leaf  # the file's own signature (the merger's, for a merged file)
    leaves: tuple[Leaf, ...]
    merged: bool = False


class PlainSink(Protocol):
    """Where `load_corpus` counts the findings that need no row (see `load_corpus`)."""

    def add_plain(
        self,
        *,
        inspection: str,
        site: str,
        checklist: str,
        inspector: str,
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


# Results a single document's finding can have that make no hidden danger.
PLAIN_RESULTS = frozenset(("compliant", "not-applicable", "not-checked"))


@dataclass(frozen=True)
class Corpus:
    rows: tuple[FindingRow, ...]
    documents: tuple[DocumentStatus, ...]
    rejected: tuple[RejectedEvent, ...]
    problems: tuple[Problem, ...]
    used: int = 0  # files whose documents count (trusted, or admitted by include_untrusted)


def _leaf(v: Verdict) -> Leaf:
    doc = v.document
    signed = v.status == TrustStatus.TRUSTED and v.signature is not None
    created = doc.header.created if doc is not None else None
    return Leaf(
        path=v.path,
        status="signed" if signed else v.status.value,
        detail=v.detail,
        key_blob=v.signature.public_key.blob if v.signature else None,
        namespace=v.signature.namespace if v.signature else None,
        document_id=v.document_id,
        signer=v.signer,
        created=created,
        body_sha256=v.body_sha256,
        inspection=doc.inspection if isinstance(doc, FindingsDoc) else None,
        findings=doc.findings if isinstance(doc, FindingsDoc) else (),
        events=doc.events if isinstance(doc, FollowUpDoc) else (),
    )


def _flatten(v: Verdict) -> list[Verdict]:
    return [x for s in v.sources for x in _flatten(s)] if v.sources else [v]


def read_document_file(data: bytes, path: str) -> DocResult:
    """Phase 1: verify the signature and read the body once; trust is not judged here."""
    verdict = examine(data, path, _Unjudged())
    if verdict.sources:
        return DocResult(path, _leaf(verdict), tuple(_leaf(x) for x in _flatten(verdict)), True)
    leaf = _leaf(verdict)  # one object: phase 2 tells a file's own leaf by identity
    return DocResult(path, leaf, (leaf,))


def judge_leaf(leaf: Leaf, store: Judge) -> TrustStatus:
    """Phase 2: the trust status of a leaf, judged now (revocation included)."""
    if leaf.key_blob is not None and leaf.key_blob in store.revoked:
        return TrustStatus.REVOKED
    if leaf.status != "signed":
        return TrustStatus(leaf.status)
    assert leaf.key_blob is not None
    assert leaf.namespace
    assert leaf.signer
    assert leaf.created
    return store.judge(
        principal=leaf.signer,
        namespace=leaf.namespace,
        key=PublicKey.from_blob(leaf.key_blob),
        at=leaf.created,
    )


def read_path(path: Path) -> DocResult:
    """Read one file from disk (regular files only) and run phase 1 on it."""
    import os
    import stat

    def unreadable(detail: str) -> DocResult:
        leaf = Leaf(str(path), "unreadable", detail, None, None, None, None, None, None)
        return DocResult(str(path), leaf, ())

    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
    except OSError as exc:
        return unreadable(f"cannot read: {exc.strerror or exc}")
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return unreadable("not a regular file")
        if st.st_size > MAX_DOCUMENT_BYTES:
            return unreadable(f"the file is {st.st_size} bytes, over the limit")
        with os.fdopen(os.dup(fd), "rb") as fh:
            data = fh.read(MAX_DOCUMENT_BYTES + 1)
    except OSError as exc:
        return unreadable(f"cannot read: {exc.strerror or exc}")
    finally:
        os.close(fd)
    if not data:
        return unreadable("the file is empty")
    return read_document_file(data, str(path))


# One trusted findings document of an inspection, as phase 2 holds it until consolidation.
Held = tuple["_Source", tuple[Finding, ...], tuple[tuple[str, tuple[str, ...]], ...], TrustStatus]


@dataclass(frozen=True)
class _Source:
    """What a row keeps of the document a finding came from (not the whole document)."""

    document_id: str
    signer: str
    path: str
    inspection: Inspection


def _worst(statuses: Iterable[TrustStatus]) -> TrustStatus:
    return min(statuses, key=_ORDER.index, default=TrustStatus.TRUSTED)


def load_corpus(
    files: Sequence[Path] | Iterable[DocResult],
    store: Judge,
    *,
    as_of: dt.date,
    include_untrusted: bool = False,
    sink: PlainSink | None = None,
) -> Corpus:
    """Phase 2 over the files (or phase 1 results): rows, document statuses, rejected events.

    With a `sink`, nothing is kept per finding (`report.stream`): a finding that only one
    document of its inspection records and that is no hidden danger (most findings) goes to
    `sink.add_plain` with the others of its document, every other row to `sink.add` as it is
    made; `rows` is empty and `documents` lists only the documents that are not trusted. Rows
    given to a sink carry no description, location or basis (what a summary never reads).
    """
    if sink is not None:
        from minecheck.report.stream import stream_corpus

        results = [read_path(e) if isinstance(e, Path) else e for e in files]
        return stream_corpus(
            ((r, (b"", str(k))) for k, r in enumerate(results)),
            lambda wanted: (results[int(k)] for _, k in wanted),
            store,
            as_of=as_of,
            include_untrusted=include_untrusted,
            sink=sink,
        )
    with paused_gc():
        return _load_corpus(files, store, as_of=as_of, include_untrusted=include_untrusted)


@contextmanager
def paused_gc() -> Iterator[None]:
    """Many small objects and no reference cycles: the cycle collector, run again and again as
    they are made, would cost a third of the time and free nothing."""
    import gc

    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


K = TypeVar("K")


@dataclass
class Admission:
    """What reading the documents' identities found: statuses, conflicts (see `admitted`)."""

    documents: list[DocumentStatus] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    conflicted: set[str] = field(default_factory=set)  # ids seen with different bytes
    keep_trusted: bool = True  # list trusted documents too (a summary never reads them)
    used: int = 0  # files whose documents count


class SeenDocuments(Protocol):
    """The documents met so far, by id (in memory, or on disk)."""

    def first_copy(
        self, document_id: str, sha: str | None, path: str
    ) -> tuple[str | None, str] | None:
        """None when this is the first copy of the document (now recorded); else the first
        copy's (body sha, path)."""


class _Seen:
    def __init__(self) -> None:
        self._seen: dict[str, tuple[str | None, str]] = {}

    def first_copy(
        self, document_id: str, sha: str | None, path: str
    ) -> tuple[str | None, str] | None:
        first = self._seen.get(document_id)
        if first is None:
            self._seen[document_id] = (sha, path)
        return first


def admitted(
    entries: Iterable[tuple[DocResult, K]],
    store: Judge,
    include_untrusted: bool,
    seen_so_far: Admission,
    seen: SeenDocuments | None = None,
) -> Iterator[tuple[K, int, Leaf, TrustStatus]]:
    """The documents that count, each once: (key, index among its file's leaves, leaf, status).

    Trust is judged here, afresh. Statuses go to `seen_so_far.documents`, and a document id met
    again with different bytes to `problems` and `conflicted` (every copy is to be left out:
    the caller drops what it took of them). A copy with the same bytes is skipped.
    """
    out = seen_so_far
    if seen is None:
        seen = _Seen()
    for result, key in entries:
        outer = result.outer
        if outer.status == "unreadable" or (not result.leaves):
            out.documents.append(DocumentStatus(result.path, "unreadable", outer.detail))
            continue
        outer_status = judge_leaf(outer, store)
        if out.keep_trusted or outer_status != TrustStatus.TRUSTED:
            out.documents.append(
                DocumentStatus(
                    result.path,
                    outer_status.value,
                    _reason(outer, outer_status),
                    "merged" if result.merged else outer.kind,
                    outer.document_id,
                    outer.signer,
                )
            )
        if not counted(outer_status, include_untrusted):
            continue
        out.used += 1
        for index, leaf in enumerate(result.leaves):
            status = outer_status if leaf is outer else judge_leaf(leaf, store)
            if leaf is not outer and status != TrustStatus.TRUSTED:
                out.documents.append(
                    DocumentStatus(
                        leaf.path,
                        status.value,
                        _reason(leaf, status),
                        leaf.kind,
                        leaf.document_id,
                        leaf.signer,
                    )
                )
            if not counted(status, include_untrusted):
                continue
            assert leaf.document_id is not None
            before = seen.first_copy(leaf.document_id, leaf.body_sha256, leaf.path)
            if before is not None:
                if before[0] != leaf.body_sha256:
                    out.conflicted.add(leaf.document_id)
                    out.problems.append(
                        Problem(
                            "conflict",
                            f"document {leaf.document_id} also appears in {before[1]} "
                            "with different content; both are left out",
                            leaf.path,
                        )
                    )
                continue
            yield key, index, leaf, status


def signed_events(leaf: Leaf) -> Iterator[SignedEvent]:
    for i, ev in enumerate(leaf.events):
        yield SignedEvent(ev, leaf.signer or "", leaf.document_id or "", i, leaf.path)


def source(leaf: Leaf) -> _Source:
    assert leaf.inspection is not None
    assert leaf.document_id is not None
    return _Source(leaf.document_id, leaf.signer or "", leaf.path, leaf.inspection)


def _load_corpus(
    files: Sequence[Path] | Iterable[DocResult],
    store: Judge,
    *,
    as_of: dt.date,
    include_untrusted: bool,
) -> Corpus:
    found = Admission()
    # Per inspection, each trusted document's findings as they came (a tuple shared with the
    # decoded document, no object per finding): joint inspections are consolidated at the end.
    inspections: dict[str, list[Held]] = {}
    events: list[SignedEvent] = []
    results = ((read_path(e) if isinstance(e, Path) else e, None) for e in files)
    for _, _, leaf, status in admitted(results, store, include_untrusted, found):
        if leaf.inspection is not None:
            held = (source(leaf), leaf.findings, leaf.plain, status)
            inspections.setdefault(leaf.inspection.id, []).append(held)
        events.extend(signed_events(leaf))
    if found.conflicted:
        for key in list(inspections):
            inspections[key] = [
                e for e in inspections[key] if e[0].document_id not in found.conflicted
            ]
            if not inspections[key]:
                del inspections[key]
        events = [e for e in events if e.document_id not in found.conflicted]
    local_date = LocalDates()
    cons = consolidate(inspections, _named_items(events), None, local_date)
    statuses, rejections = fold(cons.hazards, events, as_of)
    rows = cons.plain
    emit(cons, statuses, rows.append, local_date)
    rows.sort(key=lambda r: (r.inspection, r.item))
    return Corpus(tuple(rows), *finish(found, rejections))


def finish(
    found: Admission, rejections: list[Rejection]
) -> tuple[tuple[DocumentStatus, ...], tuple[RejectedEvent, ...], tuple[Problem, ...], int]:
    """A corpus's documents, rejected events and problems, each in its order."""
    found.documents.sort(key=lambda d: d.path)
    found.problems.sort(key=lambda p: (p.path or "", p.message))
    rejections.sort(key=lambda r: (r.event.order, r.event.path))
    rejected = tuple(
        RejectedEvent(
            r.event.path, r.event.event.finding, r.event.event.action, r.event.event.at, r.reason
        )
        for r in rejections
    )
    return tuple(found.documents), rejected, tuple(found.problems), found.used


def _reason(leaf: Leaf, status: TrustStatus) -> str:
    if status == TrustStatus.TRUSTED:
        return "signed by a trusted key"
    if leaf.status != "signed" and status.value == leaf.status:
        return leaf.detail
    return {
        TrustStatus.REVOKED: "the signing key is revoked",
        TrustStatus.UNTRUSTED_KEY: "the signing key is not in allowed_signers",
        TrustStatus.PRINCIPAL_MISMATCH: "the signing key is not allowed for this signer",
        TrustStatus.NAMESPACE_NOT_ALLOWED: "the signing key is not allowed for this namespace",
        TrustStatus.KEY_EXPIRED: "the signing key had expired when the document was created",
        TrustStatus.KEY_NOT_YET_VALID: "the signing key was not yet valid then",
    }.get(status, leaf.detail)


_NOT_A_HAZARD = Hazard("", False, None, None, dt.datetime.min, "", False)


def _plain_row(
    src: _Source, item: str, result: str, status: TrustStatus, day: dt.date
) -> FindingRow:
    """The row of a finding one document records that is no hidden danger."""
    ins = src.inspection
    return FindingRow(
        ins.id,
        (src.document_id,),
        ins.site,
        ins.site_id or None,
        ins.checklist,
        ins.checklist_version,
        item,
        result,
        None,
        (),
        None,
        None,
        False,
        (),
        None,
        None,
        None,
        (ins.inspector,),
        (src.signer,),
        status.value,
        day,
    )


# A hidden danger's row fields known before the fold, in the order `_based` keeps them.
_BASE = (
    *("inspection", "document_ids", "site", "site_id", "checklist", "checklist_version"),
    *("item", "result", "severity", "basis", "description", "location", "responsible"),
    *("inspectors", "signers", "trust", "found", "by"),
)


def _based(fields: dict[str, object]) -> tuple[object, ...]:
    """The fields as a tuple in _BASE order (a tuple holds them in a third of a dict's room)."""
    return tuple(fields[name] for name in _BASE)


def _lone_row(
    iid: str,
    item: str,
    src: _Source,
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
        basis=() if bare else tuple(sorted(set(f.basis))),
        description=None if bare else f.description or None,
        location=None if bare else f.location or None,
        responsible=f.responsible or None,
        inspectors=(ins.inspector,),
        signers=(src.signer,),
        trust=status.value,
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
    }


def _named_items(events: list[SignedEvent]) -> dict[str, set[str]]:
    """The findings events name, as inspection id -> item ids (every way to split a ref)."""
    out: dict[str, set[str]] = {}
    for ref in {se.event.finding for se in events}:
        at = ref.find("/")
        while at >= 0:
            out.setdefault(ref[:at], set()).add(ref[at + 1 :])
            at = ref.find("/", at + 1)
    return out


class LocalDates:
    """The report's local date of a time, worked out once per time."""

    def __init__(self) -> None:
        self._days: dict[dt.datetime, dt.date] = {}

    def __call__(self, when: dt.datetime) -> dt.date:
        day = self._days.get(when)
        if day is None:
            if len(self._days) > 1024:  # about one time per inspection: keep it bounded
                self._days.clear()
            day = self._days[when] = when.astimezone().date()
        return day


@dataclass
class Consolidated:
    """Inspections consolidated: the hidden dangers for the fold, and their rows' makings."""

    hazards: dict[str, Hazard]
    base: dict[str, tuple[object, ...]]  # a hidden danger's fields (_BASE), until the fold
    # A hidden danger one document records (most): what its row is made of, until the fold.
    lone: dict[str, tuple[str, str, _Source, Finding, TrustStatus]]
    plain: list[FindingRow]  # the rows that need no fold (none with a sink)


def consolidate(
    inspections: dict[str, list[Held]],
    named: dict[str, set[str]],
    sink: PlainSink | None,
    local_date: Callable[[dt.datetime], dt.date],
) -> Consolidated:
    """One consolidated finding per inspection and item (`inspections` is emptied as it goes).

    `named` (from `_named_items`) says which findings events name: the fold only needs to know
    a finding that is no hidden danger exists when an event names it (the event is then
    rejected: not a hidden danger); events are few, findings many. With a `sink`, findings that
    need no fold go to it at once; without, they become `plain` rows.
    """
    hazards: dict[str, Hazard] = {}
    base: dict[str, tuple[object, ...]] = {}
    lone: dict[str, tuple[str, str, _Source, Finding, TrustStatus]] = {}
    plain: list[FindingRow] = []

    groups: dict[tuple[str, str], list[tuple[_Source, Finding, TrustStatus]]] = defaultdict(list)
    for iid in list(inspections):
        docs = inspections.pop(iid)  # freed as it is consolidated
        if len(docs) == 1:
            # One document records this inspection (the usual case): each finding is its own
            # consolidated finding; only the hidden dangers need the general path below.
            src, findings, grouped, status = docs[0]
            size = len(findings) + sum(len(items) for _, items in grouped)
            every = itertools.chain((f.item for f in findings), *(items for _, items in grouped))
            if len(set(every)) == size:
                results: dict[str, list[str]] = {r: list(items) for r, items in grouped}
                for f in findings:
                    if f.result in PLAIN_RESULTS:
                        results.setdefault(f.result, []).append(f.item)
                    else:
                        groups[(iid, f.item)].append((src, f, status))
                asked = named.get(iid)
                if asked:
                    for items in results.values():
                        for item in asked.intersection(items):
                            hazards[f"{iid}/{item}"] = _NOT_A_HAZARD
                day = local_date(src.inspection.finished)
                if sink is None:
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
                        checklist=ins.checklist,
                        inspector=ins.inspector,
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
                ref, True, grade, f.deadline, ins.finished, site, bool(f.enforcement)
            )
            lone[ref] = (iid, item, src, f, status)  # its row is made after the fold
            continue
        entries.sort(key=lambda e: (e[0].document_id, e[0].path))
        result = agreed(f.result for _, f, _ in entries)
        bad = [f for _, f, _ in entries if f.result == "noncompliant"]
        severity = (
            "major" if any(f.severity == "major" for f in bad) else ("general" if bad else None)
        )
        deadlines = [f.deadline for f in bad if f.deadline is not None]
        first = entries[0][0].inspection
        site_id = next((s.inspection.site_id for s, _, _ in entries if s.inspection.site_id), None)
        found = min(s.inspection.finished for s, _, _ in entries)
        hidden = result in ("noncompliant", "inconsistent")
        hazards[ref] = Hazard(
            ref,
            hidden,
            severity if hidden else None,
            min(deadlines) if deadlines and hidden else None,
            found,
            site_id or first.site,
            any(f.enforcement for f in bad),
        )

        def text(name: str, bad: list[Finding] = bad) -> str | None:
            return next((getattr(f, name) for f in bad if getattr(f, name)), None)

        by = tuple(sorted({f"{lf.signer}: {f.result}" for lf, f, _ in entries}))
        base[ref] = _based(
            {
                "inspection": iid,
                "document_ids": tuple(sorted({s.document_id for s, _, _ in entries})),
                "site": first.site,
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
            }
        )
    return Consolidated(hazards, base, lone, plain)


def emit(
    cons: Consolidated,
    statuses: Mapping[str, Status],
    add: Callable[[FindingRow], object],
    local_date: Callable[[dt.datetime], dt.date],
    *,
    bare: bool = False,
) -> None:
    """Each hidden danger's row, its state from the fold, to `add` (each freed as it goes).

    `bare`: without description, location or basis (what a summary never reads).
    """
    base, lone = cons.base, cons.lone
    cons.hazards.clear()
    for ref in list(base):
        fields = dict(zip(_BASE, base.pop(ref), strict=True))
        if bare:
            fields.update(description=None, location=None, basis=())
        add(FindingRow(**fields, **_folded(statuses.get(ref))))  # type: ignore[arg-type]
    for ref in list(lone):
        add(_lone_row(*lone.pop(ref), statuses.get(ref), local_date, bare))


# -- phase 1 through the pool and the cache ---------------------------------------------------


_PLAIN: dict[tuple[str, str], Finding] = {}


def plain_finding(item: str, result: str) -> Finding:
    """A finding of item and result alone; equal ones are shared (they are frozen)."""
    found = _PLAIN.get((item, result))
    if found is None:
        if len(_PLAIN) > 100_000:
            _PLAIN.clear()
        found = _PLAIN[(item, result)] = Finding(item, result)
    return found
