"""Many documents in, one row per consolidated finding out (what export and summary stand on).

Phase 1, `read_document_file`, is pure and picklable: it checks the signature and parses the
signed body once, extracting what the report needs, without judging trust. Phase 2,
`load_corpus`, judges trust afresh with the store, de-duplicates by document_id, consolidates
and folds the follow-up events as of a date.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

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
    return DocResult(path, _leaf(verdict), (_leaf(verdict),))


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
) -> Corpus:
    """Phase 2 over the files (or phase 1 results): rows, document statuses, rejected events."""
    documents: list[DocumentStatus] = []
    problems: list[Problem] = []
    seen: dict[str, tuple[str | None, str]] = {}  # document_id -> (body sha, path)
    groups: dict[tuple[str, str], list[tuple[_Source, Finding, TrustStatus]]] = defaultdict(list)
    events: list[SignedEvent] = []
    conflicted: set[str] = set()  # document ids seen with different bytes: all copies left out
    for entry in files:
        result = read_path(entry) if isinstance(entry, Path) else entry
        outer = result.outer
        if outer.status == "unreadable" or (not result.leaves):
            documents.append(DocumentStatus(result.path, "unreadable", outer.detail))
            continue
        outer_status = judge_leaf(outer, store)
        if not counted(outer_status, include_untrusted):
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
            continue
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
        for leaf in result.leaves:
            status = judge_leaf(leaf, store)
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
                for f in leaf.findings:
                    groups[(leaf.inspection.id, f.item)].append((src, f, status))
            for i, ev in enumerate(leaf.events):
                events.append(SignedEvent(ev, leaf.signer or "", leaf.document_id, i, leaf.path))
    if conflicted:
        for key in list(groups):
            groups[key] = [e for e in groups[key] if e[0].document_id not in conflicted]
            if not groups[key]:
                del groups[key]
        events = [e for e in events if e.document_id not in conflicted]
    rows, rejected = _rows(groups, events, as_of)
    documents.sort(key=lambda d: d.path)
    problems.sort(key=lambda p: (p.path or "", p.message))
    return Corpus(tuple(rows), tuple(documents), tuple(rejected), tuple(problems))


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


def _rows(
    groups: dict[tuple[str, str], list[tuple[_Source, Finding, TrustStatus]]],
    events: list[SignedEvent],
    as_of: dt.date,
) -> tuple[list[FindingRow], list[RejectedEvent]]:
    hazards: dict[str, Hazard] = {}
    base: dict[str, dict[str, object]] = {}
    for (iid, item), entries in sorted(groups.items()):
        entries.sort(key=lambda e: (e[0].document_id, e[0].path))
        ref = f"{iid}/{item}"
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
        base[ref] = {
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
            "found": found.astimezone().date(),  # the report's local date
            "by": by if result == "inconsistent" else (),
        }
    statuses, rejections = fold(hazards, events, as_of)
    rows = []
    for ref, fields in base.items():
        st = statuses.get(ref)
        rows.append(
            FindingRow(
                **fields,  # type: ignore[arg-type]
                state=st.state if st else None,
                deadline=st.deadline if st else None,
                overdue=st.overdue if st else False,
                flags=st.flags if st else (),
                rectified_on=st.rectified_on if st else None,
                closed_on=st.closed_on if st else None,
            )
        )
    rows.sort(key=lambda r: (r.inspection, r.item))
    rejected = [
        RejectedEvent(
            r.event.path, r.event.event.finding, r.event.event.action, r.event.event.at, r.reason
        )
        for r in rejections
    ]
    return rows, rejected
