"""Many documents in, one row per consolidated finding out (what export and summary stand on).

Phase 1, `read_document_file`, is pure and picklable: it checks the signature and parses the
signed body once, extracting what the report needs, without judging trust. Phase 2,
`load_corpus`, judges trust afresh with the store, de-duplicates by document_id, consolidates
and folds the follow-up events as of a date.
"""

from __future__ import annotations

import datetime as dt
import itertools
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Protocol

from minecheck.core.documents import Event, Finding, FindingsDoc, FollowUpDoc, Inspection
from minecheck.core.loop import Hazard, SignedEvent, fold
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


# Results a single document's finding can have that make no hidden danger.
_PLAIN_RESULTS = frozenset(("compliant", "not-applicable", "not-checked"))


@dataclass(frozen=True)
class Corpus:
    rows: tuple[FindingRow, ...]
    documents: tuple[DocumentStatus, ...]
    rejected: tuple[RejectedEvent, ...]
    problems: tuple[Problem, ...]


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
_Held = tuple["_Source", tuple[Finding, ...], tuple[tuple[str, tuple[str, ...]], ...], TrustStatus]


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

    With a `sink`, nothing is kept: a finding that only one document of its inspection records
    and that is no hidden danger (most findings) goes to `sink.add_plain` with the others of its
    document, every other row to `sink.add` as it is made, and `rows` is empty. Rows given to
    a sink carry no description, location or basis (what a summary never reads).
    """
    import gc

    # Many small objects and no reference cycles: the cycle collector, run again and again as
    # they are made, would cost a third of the time and free nothing.
    paused = gc.isenabled()
    gc.disable()
    try:
        return _load_corpus(
            files, store, as_of=as_of, include_untrusted=include_untrusted, sink=sink
        )
    finally:
        if paused:
            gc.enable()


def _load_corpus(
    files: Sequence[Path] | Iterable[DocResult],
    store: Judge,
    *,
    as_of: dt.date,
    include_untrusted: bool,
    sink: PlainSink | None,
) -> Corpus:
    documents: list[DocumentStatus] = []
    problems: list[Problem] = []
    seen: dict[str, tuple[str | None, str]] = {}  # document_id -> (body sha, path)
    # Per inspection, each trusted document's findings as they came (a tuple shared with the
    # decoded document, no object per finding): joint inspections are consolidated at the end.
    inspections: dict[str, list[_Held]] = {}
    events: list[SignedEvent] = []
    conflicted: set[str] = set()  # document ids seen with different bytes: all copies left out
    for entry in files:
        result = read_path(entry) if isinstance(entry, Path) else entry
        outer = result.outer
        if outer.status == "unreadable" or (not result.leaves):
            documents.append(DocumentStatus(result.path, "unreadable", outer.detail))
            continue
        outer_status = judge_leaf(outer, store)
        documents.append(
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
        for leaf in result.leaves:
            status = outer_status if leaf is outer else judge_leaf(leaf, store)
            if leaf is not outer and status != TrustStatus.TRUSTED:
                documents.append(
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
            before = seen.get(leaf.document_id)
            if before is not None:
                if before[0] != leaf.body_sha256:
                    conflicted.add(leaf.document_id)
                    problems.append(
                        Problem(
                            "conflict",
                            f"document {leaf.document_id} also appears in {before[1]} "
                            "with different content; both are left out",
                            leaf.path,
                        )
                    )
                continue
            seen[leaf.document_id] = (leaf.body_sha256, leaf.path)
            if leaf.inspection is not None:
                src = _Source(leaf.document_id, leaf.signer or "", leaf.path, leaf.inspection)
                found = leaf.findings if sink is None else tuple(map(_bare, leaf.findings))
                held = inspections.get(leaf.inspection.id)
                if held is None:
                    inspections[leaf.inspection.id] = [(src, found, leaf.plain, status)]
                else:
                    held.append((src, found, leaf.plain, status))
            for i, ev in enumerate(leaf.events):
                events.append(SignedEvent(ev, leaf.signer or "", leaf.document_id, i, leaf.path))
    if conflicted:
        for key in list(inspections):
            inspections[key] = [e for e in inspections[key] if e[0].document_id not in conflicted]
            if not inspections[key]:
                del inspections[key]
        events = [e for e in events if e.document_id not in conflicted]
    rows, rejected = _rows(inspections, events, as_of, sink)
    documents.sort(key=lambda d: d.path)
    problems.sort(key=lambda p: (p.path or "", p.message))
    return Corpus(tuple(rows), tuple(documents), tuple(rejected), tuple(problems))


def _bare(f: Finding) -> Finding:
    """A finding with only what a summary reads of it (no description, location or basis)."""
    if f.result in _PLAIN_RESULTS:
        return f
    return Finding(
        f.item,
        f.result,
        severity=f.severity,
        deadline=f.deadline,
        responsible=f.responsible,
        enforcement=f.enforcement,
    )


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


def _lone_fields(
    iid: str,
    item: str,
    src: _Source,
    f: Finding,
    status: TrustStatus,
    local_date: Callable[[dt.datetime], dt.date],
) -> dict[str, object]:
    """The row fields of a hidden danger one document records (what the general path gives)."""
    ins = src.inspection
    return {
        "inspection": iid,
        "document_ids": (src.document_id,),
        "site": ins.site,
        "site_id": ins.site_id or None,
        "checklist": ins.checklist,
        "checklist_version": ins.checklist_version,
        "item": item,
        "result": f.result,
        "severity": "major" if f.severity == "major" else "general",
        "basis": tuple(sorted(set(f.basis))),
        "description": f.description or None,
        "location": f.location or None,
        "responsible": f.responsible or None,
        "inspectors": (ins.inspector,),
        "signers": (src.signer,),
        "trust": status.value,
        "found": local_date(ins.finished),
        "by": (),
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


def _rows(
    inspections: dict[str, list[_Held]],
    events: list[SignedEvent],
    as_of: dt.date,
    sink: PlainSink | None = None,
) -> tuple[list[FindingRow], list[RejectedEvent]]:
    hazards: dict[str, Hazard] = {}
    base: dict[str, tuple[object, ...]] = {}  # a hidden danger's fields (_BASE), until the fold
    # A hidden danger one document records (most): what its row is made of, until the fold.
    lone: dict[str, tuple[str, str, _Source, Finding, TrustStatus]] = {}
    plain: list[FindingRow] = []
    local_dates: dict[dt.datetime, dt.date] = {}
    # The fold only needs to know a finding that is no hidden danger exists when an event names
    # it (the event is then rejected: not a hidden danger); events are few, findings many.
    named = _named_items(events)

    def local_date(when: dt.datetime) -> dt.date:
        day = local_dates.get(when)
        if day is None:
            day = local_dates[when] = when.astimezone().date()  # the report's local date
        return day

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
                    if f.result in _PLAIN_RESULTS:
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
                    groups[(iid, item)].append((src, _plain_finding(item, result), status))

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
    statuses, rejections = fold(hazards, events, as_of)
    rows = plain
    hazards.clear()
    pending = itertools.chain(
        ((ref, dict(zip(_BASE, base.pop(ref), strict=True))) for ref in list(base)),
        ((ref, _lone_fields(*lone.pop(ref), local_date)) for ref in list(lone)),
    )
    for ref, fields in pending:  # each freed as it becomes a row
        st = statuses.get(ref)
        row = FindingRow(
            **fields,  # type: ignore[arg-type]
            state=st.state if st else None,
            deadline=st.deadline if st else None,
            overdue=st.overdue if st else False,
            flags=st.flags if st else (),
            rectified_on=st.rectified_on if st else None,
            closed_on=st.closed_on if st else None,
        )
        if sink is None:
            rows.append(row)
        else:
            sink.add(row)
    rows.sort(key=lambda r: (r.inspection, r.item))
    rejected = [
        RejectedEvent(
            r.event.path, r.event.event.finding, r.event.event.action, r.event.event.at, r.reason
        )
        for r in rejections
    ]
    return rows, rejected


# -- phase 1 through the pool and the cache ---------------------------------------------------

CACHE_VERSION = "corpus/2"  # what encode_result writes; joined to the tool version by the caller
_HERE = "\0"  # stands for the file's path in a cached value: a value depends on bytes alone


def read_for_cache(data: bytes, path: str) -> DocResult:
    """Phase 1 of one file's bytes, its path left out (`located` puts it back)."""
    if not data:
        leaf = Leaf(_HERE, "unreadable", "the file is empty", None, None, None, None, None, None)
        return DocResult(_HERE, leaf, ())
    return read_document_file(data, _HERE)


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value is not None else None


def _encode_finding(f: Finding) -> list[object]:
    """What the report reads of a finding: item and result; the rest only when non-compliant."""
    if f.result != "noncompliant":
        return [f.item, f.result]
    deadline = f.deadline.isoformat() if f.deadline else None
    return [
        *(f.item, f.result, f.severity, list(f.basis), deadline),
        *(f.description, f.location, f.responsible, f.enforcement),
    ]


def _decode_finding(v: list[Any]) -> Finding:
    if len(v) == 2:
        return _plain_finding(v[0], v[1])
    item, result, severity, basis, deadline, description, location, responsible, enforce = v
    return Finding(  # the short, oft-repeated strings shared (many documents name them)
        sys.intern(item),
        sys.intern(result),
        severity=sys.intern(severity) if isinstance(severity, str) else severity,
        basis=tuple(map(sys.intern, basis)),
        deadline=_date(deadline),
        description=description,
        location=location,
        responsible=responsible,
        enforcement=enforce,
    )


_PLAIN: dict[tuple[str, str], Finding] = {}


def _plain_finding(item: str, result: str) -> Finding:
    """A finding of item and result alone; equal ones are shared (they are frozen)."""
    found = _PLAIN.get((item, result))
    if found is None:
        if len(_PLAIN) > 100_000:
            _PLAIN.clear()
        found = _PLAIN[(item, result)] = Finding(item, result)
    return found


def _encode_event(e: Event) -> list[object]:
    deadline = e.new_deadline.isoformat() if e.new_deadline else None
    return [e.finding, e.action, e.at.isoformat(), e.note, e.method, list(e.reviewers), deadline]


def _decode_event(v: list[Any]) -> Event:
    finding, action, at, note, method, reviewers, deadline = v
    return Event(
        finding,
        action,
        dt.datetime.fromisoformat(at),
        note=note,
        method=method,
        reviewers=tuple(reviewers),
        new_deadline=_date(deadline),
    )


def _encode_leaf(leaf: Leaf) -> list[object]:
    ins = leaf.inspection
    inspection = None
    if ins is not None:
        inspection = [
            *(ins.id, ins.checklist, ins.checklist_version, ins.checklist_sha256, ins.site),
            *(ins.inspector, ins.mode, ins.started.isoformat(), ins.finished.isoformat()),
            *(ins.language, ins.site_id, list(ins.site_tags)),
        ]
    return [
        leaf.path,
        leaf.status,
        leaf.detail,
        leaf.key_blob.hex() if leaf.key_blob is not None else None,
        leaf.namespace,
        leaf.document_id,
        leaf.signer,
        leaf.created.isoformat() if leaf.created is not None else None,
        leaf.body_sha256,
        inspection,
        [_encode_finding(f) for f in leaf.findings if f.result not in _PLAIN_RESULTS],
        [_encode_event(e) for e in leaf.events],
        [[result, items] for result, items in _plain_groups(leaf)],
    ]


def _plain_groups(leaf: Leaf) -> list[tuple[str, list[str]]]:
    """A leaf's findings that are no hidden danger as (result, item ids), first seen first."""
    out: dict[str, list[str]] = {r: list(items) for r, items in leaf.plain}
    for f in leaf.findings:
        if f.result in _PLAIN_RESULTS:
            out.setdefault(f.result, []).append(f.item)
    return list(out.items())


def _decode_leaf(v: list[Any], path: str) -> Leaf:
    (where, status, detail, key, namespace, doc_id, signer, created, sha, ins, fs, evs, pl) = v
    inspection = None
    if ins is not None:
        iid, checklist, version, checklist_sha, site, inspector, mode, start, end = ins[:9]
        shared = sys.intern  # the same checklist, site and inspector recur across documents
        inspection = Inspection(
            iid,
            shared(checklist),
            shared(version),
            shared(checklist_sha),
            shared(site),
            shared(inspector),
            shared(mode),
            dt.datetime.fromisoformat(start),
            dt.datetime.fromisoformat(end),
            ins[9],
            ins[10],
            tuple(ins[11]),
        )
    return Leaf(
        where.replace(_HERE, path),
        status,
        detail.replace(_HERE, path),
        bytes.fromhex(key) if key is not None else None,
        namespace,
        doc_id,
        signer,
        dt.datetime.fromisoformat(created) if created is not None else None,
        sha,
        inspection,
        tuple(_decode_finding(f) for f in fs),
        tuple(_decode_event(e) for e in evs),
        tuple((_result(r), tuple(map(sys.intern, items))) for r, items in pl),
    )


def _result(value: object) -> str:
    if value not in _PLAIN_RESULTS:
        raise ValueError(f"not a result of a finding that is no hidden danger: {value!r}")
    return str(value)


def encode_result(result: DocResult) -> bytes:
    """A DocResult as compact JSON (what the report needs of it; data only, never pickle)."""
    import json

    leaves = [_encode_leaf(leaf) for leaf in result.leaves]
    outer = _encode_leaf(result.outer) if result.merged or not leaves else None
    return json.dumps([result.merged, outer, leaves], ensure_ascii=False).encode("utf-8")


@dataclass(frozen=True)
class Encoded:
    """A value for the cache: its bytes, and once decoded, the result with its path left out."""

    blob: bytes
    result: DocResult | None = None

    def located(self, path: str) -> DocResult:
        """The result for the file at `path`."""
        result = self.result if self.result is not None else _decoded(self.blob)

        def place(leaf: Leaf) -> Leaf:
            where, detail = leaf.path.replace(_HERE, path), leaf.detail.replace(_HERE, path)
            return replace(leaf, path=where, detail=detail)

        leaves = tuple(place(leaf) for leaf in result.leaves)
        outer = leaves[0] if result.leaves and result.outer is result.leaves[0] else None
        return DocResult(path, outer or place(result.outer), leaves, result.merged)


def _decoded(blob: bytes) -> DocResult:
    import json

    try:
        merged, outer, leaves = json.loads(blob)
        found = [_decode_leaf(leaf, _HERE) for leaf in leaves]
        head = _decode_leaf(outer, _HERE) if outer is not None else found[0]
    except (ValueError, TypeError, KeyError, IndexError, AttributeError) as exc:
        raise ValueError(f"cannot decode a cached value: {exc}") from None
    return DocResult(_HERE, head, tuple(found), bool(merged))


def decode_result(blob: bytes) -> Encoded:
    """A cached value decoded (ValueError if it cannot be), to be placed at a path."""
    return Encoded(blob, _decoded(blob))


def _unreadable(path: str, detail: str) -> DocResult:
    leaf = Leaf(path, "unreadable", detail, None, None, None, None, None, None)
    return DocResult(path, leaf, ())


def read_files(
    paths: Sequence[Path],
    *,
    cache: bool = True,
    tick: Callable[[], None] | None = None,
) -> Iterator[DocResult]:
    """Phase 1 over many files, on every core, through the result cache; in input order.

    The cache holds only what a file's bytes say (signature checked, trust not judged); a cold
    and a warm run both decode the same encoded value, so they agree by construction.
    """
    from minecheck import __version__
    from minecheck.report.cache import open_cache
    from minecheck.report.cached import map_cached

    with open_cache(f"{__version__} {CACHE_VERSION}", enabled=cache) as store:
        results = map_cached(
            _encoded_read,
            paths,
            limit=MAX_DOCUMENT_BYTES,
            cache=store,
            encode=_blob,
            decode=decode_result,
        )
        for r in results:
            if tick is not None:
                tick()
            if r.value is not None:
                yield r.value.located(r.path)
            elif r.too_large is not None:
                yield _unreadable(r.path, f"the file is {r.too_large} bytes, over the limit")
            elif r.unreadable == "not a regular file":
                yield _unreadable(r.path, r.unreadable)
            else:
                yield _unreadable(r.path, f"cannot read: {r.unreadable}")


def _encoded_read(data: bytes, path: str) -> Encoded:
    return Encoded(encode_result(read_for_cache(data, path)))


def _blob(value: Encoded) -> bytes:
    return value.blob
