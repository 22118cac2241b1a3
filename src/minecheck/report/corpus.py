"""Many documents in, one row per consolidated finding out (what export and summary stand on).

Phase 1, `read_document_file`, is pure and picklable: it checks the signature and parses the
signed body once, extracting what the report needs, without judging trust. Phase 2,
`load_corpus`, judges trust afresh with the store, de-duplicates by document_id, consolidates
(report/consolidate.py) and folds the follow-up events as of a date. Many files are read, on
every core and through the content cache, by `report.corpus_cache.read_files`.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple, Protocol, TypeVar

from minecheck.core import seal
from minecheck.core.documents import (
    FUTURE_SLACK,
    Event,
    Finding,
    FindingsDoc,
    FollowUpDoc,
    Inspection,
)
from minecheck.core.loop import EARLIEST, Hazard, Rejection, SignedEvent, Steps, day, fold
from minecheck.core.merge import (
    document_identity,
    held_within,
    key_digest,
    source_said,
    worst,
)
from minecheck.core.seal import (
    CREATED_IN_THE_FUTURE,
    MAX_DOCUMENT_BYTES,
    Judge,
    Verdict,
    examine,
    recovered_keys,
)
from minecheck.core.sshsig import PublicKey
from minecheck.core.trust import TrustStatus, counted
from minecheck.errors import Problem
from minecheck.report.consolidate import (
    FoundGroup,
    Held,
    LocalDates,
    PlainGroup,
    PlainSink,
    Source,
    consolidate,
    emit,
    joint_problems,
    named_items,
    separate_inspections,
)
from minecheck.report.rows import DocumentStatus, FindingRow, RejectedEvent


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
    findings: Sequence[Finding] = ()
    events: tuple[Event, ...] = ()
    # Read for the cache or from it (report.corpus_cache): the findings that are no hidden
    # danger, as (result, item ids) in the order first seen; `findings` then holds only the
    # others. Read afresh (read_document_file): empty.
    plain: tuple[tuple[str, Sequence[str]], ...] = ()
    # A file not cleanly signed: the keys its armor lines name, however damaged, so that phase
    # 2 finds a revoked one as `verify` does (revocation wins over every other status).
    named_keys: tuple[bytes, ...] = ()
    # Read from a cached value's first line (report.corpus_cache): the items of its non-compliant
    # findings, in order, so that a reading without its findings knows them (`hidden_items`).
    # Read afresh: None (`findings` holds them).
    hidden: tuple[str, ...] | None = None

    @property
    def kind(self) -> str | None:
        if self.inspection is not None:
            return "findings"
        return "followup" if self.events else None

    def hidden_items(self) -> tuple[str, ...]:
        """The items of the document's non-compliant findings, in order: those a report takes
        as hidden dangers of its inspection (`core.merge.same_day_inspections`)."""
        if self.hidden is not None:
            return self.hidden
        return tuple(f.item for f in self.findings if f.result == "noncompliant")


@dataclass(frozen=True)
class DocResult:
    """Phase 1's answer for one file: the file itself, and its leaves."""

    path: str
    outer: Leaf  # the file's own signature (the merger's, for a merged file)
    leaves: tuple[Leaf, ...]
    merged: bool = False
    # the merged documents inside a merged file (merges of merges), outermost first: each
    # merger's own signature is judged as the file's is (`admitted`)
    mergers: tuple[Leaf, ...] = ()


class ReadRow(NamedTuple):
    """What the export of events reads of a finding row (report/events.py): a tuple of seven,
    where the row, with its lists, took three times the room (one per hidden danger, held from
    the fold's end to the last row written)."""

    inspection: str
    item: str
    site: str
    site_id: str | None
    severity: str | None
    trust: str
    found: dt.date

    @classmethod
    def of(cls, row: FindingRow) -> ReadRow:
        return cls(
            row.inspection, row.item, row.site, row.site_id, row.severity, row.trust, row.found
        )


@dataclass(frozen=True)
class Corpus:
    rows: tuple[FindingRow, ...]
    documents: tuple[DocumentStatus, ...]
    rejected: tuple[RejectedEvent, ...]
    problems: tuple[Problem, ...]
    used: int = 0  # files whose documents count (trusted, or admitted by include_untrusted)
    # every document that would count was dated after the report's day (nothing is known yet)
    all_later: bool = False
    followups_later: int = 0  # follow-ups that would count, dated after the report's day
    # with `steps` (the export of events), in place of `rows`: what it reads of them (and of
    # `documents`, only those not trusted: `left_out`), and
    # the hidden dangers that no event names and one document records, by inspection (each
    # read only for its `found` row: `consolidate.FoundGroup`)
    read: tuple[ReadRow, ...] = ()
    found: tuple[FoundGroup, ...] = ()


def _leaf(v: Verdict, named_keys: tuple[bytes, ...] = (), status: Status | None = None) -> Leaf:
    """A file's leaf; `status`: phase 1's status and detail of it where `v` was judged with a
    trust store (`_unjudged`)."""
    doc = v.document
    trust, detail = status or (v.status, v.detail)
    signed = trust == TrustStatus.TRUSTED and v.signature is not None
    created = doc.header.created if doc is not None else None
    return Leaf(
        path=v.path,
        status="signed" if signed else trust.value,
        detail=detail,
        key_blob=v.signature.public_key.blob if v.signature else None,
        namespace=v.signature.namespace if v.signature else None,
        document_id=v.document_id,
        signer=v.signer,
        created=created,
        body_sha256=v.body_sha256,
        inspection=doc.inspection if isinstance(doc, FindingsDoc) else None,
        findings=doc.findings if isinstance(doc, FindingsDoc) else (),
        events=doc.events if isinstance(doc, FollowUpDoc) else (),
        named_keys=named_keys,
    )


def _flatten(v: Verdict) -> list[Verdict]:
    return [x for s in v.sources for x in _flatten(s)] if v.sources else [v]


def _inner_mergers(v: Verdict) -> list[Verdict]:
    """The merged documents inside `v`, each before what it holds."""
    return [x for s in v.sources if s.sources for x in (s, *_inner_mergers(s))]


# Phase 1 reads every document as if by a clock later than any: whether one is created in the
# future is a judgement of trust, made by phase 2 with the run's clock (`judge_leaf`).
_LAST = dt.datetime.max.replace(tzinfo=dt.UTC)


def read_document_file(data: bytes, path: str) -> DocResult:
    """Phase 1: verify the signature and read the body once; trust is not judged here."""
    return _result(data, examine(data, path, _Unjudged(), now=_LAST), None)


def read_examined(data: bytes, verdict: Verdict) -> DocResult:
    """Phase 1's answer for a file from the verdict `examine` gave of its bytes `data` with a
    trust store and the clock (show's), its body not parsed again: what phase 1 would have
    found is read off it (`_unjudged`). Where a key was revoked, that check stopped reading
    there and phase 1 reads on: the file is read as phase 1 reads it."""
    if any(v.status == TrustStatus.REVOKED for v in held_within(verdict)):
        return read_document_file(data, verdict.path)
    return _result(data, verdict, _unjudged)


Status = tuple[TrustStatus, str]
_SIGNED = "signed by a trusted key"  # (phase 1's detail of a file whose signature verified)


def _unjudged(v: Verdict) -> Status:
    """The status and detail phase 1 (`_Unjudged`, no clock) gives a file `examine` read with
    a store that revoked none of its keys: the same reading, only its trust judged otherwise.
    A file judged at all (its document read and its signature verified) is trusted, a merged
    one as trusted as its sources (`merge.check_merged`); one broken or never judged (malformed,
    unsigned, a bad signature) is as the store's check found it."""
    if v.document is None or v.signature is None or v.status == TrustStatus.MALFORMED:
        return v.status, v.detail
    said = [(s, _unjudged(s)) for s in v.sources]
    least = worst(status for _, (status, _) in said)
    if least == TrustStatus.TRUSTED:
        return least, _SIGNED
    bad, (_, detail) = next(x for x in said if x[1][0] == least)
    return least, source_said(bad.path, least, detail)


def _result(data: bytes, verdict: Verdict, judged: Callable[[Verdict], Status] | None) -> DocResult:
    """A file's phase 1 answer from its verdict; `judged`: phase 1's status of a verdict judged
    with a store (`_unjudged`)."""
    path = verdict.path
    own = judged(verdict) if judged else None
    named: tuple[bytes, ...] = ()
    if (own[0] if own else verdict.status) != TrustStatus.TRUSTED:
        named = tuple(dict.fromkeys(key.blob for key in recovered_keys(data)))
    if verdict.sources:
        outer = _leaf(verdict, named, own)
        leaves = (_leaf(x, (), judged(x) if judged else None) for x in _flatten(verdict))
        inner = (_leaf(x, (), judged(x) if judged else None) for x in _inner_mergers(verdict))
        return DocResult(path, outer, tuple(leaves), True, tuple(inner))
    leaf = _leaf(verdict, named, own)  # one object: phase 2 tells a file's own leaf by identity
    return DocResult(path, leaf, (leaf,))


def judge_leaf(leaf: Leaf, store: Judge, now: dt.datetime) -> tuple[TrustStatus, str]:
    """Phase 2: the trust status of a leaf, judged now (revocation included), and why.

    `now` is the run's clock: a document created more than FUTURE_SLACK after it is not
    trusted (as `verify` judges it), and one judged so yesterday may be trusted today.
    """
    revoked = store.revoked
    if (leaf.key_blob is not None and leaf.key_blob in revoked) or any(
        key in revoked for key in leaf.named_keys
    ):
        status = TrustStatus.REVOKED
    elif leaf.status != "signed":
        status = TrustStatus(leaf.status)
    else:
        assert leaf.key_blob is not None
        assert leaf.namespace
        assert leaf.signer
        assert leaf.created
        status = store.judge(
            principal=leaf.signer,
            namespace=leaf.namespace,
            key=_public_key(leaf.key_blob),
            at=leaf.created,
        )
        if status == TrustStatus.TRUSTED and leaf.created - now > FUTURE_SLACK:
            return TrustStatus.KEY_NOT_YET_VALID, CREATED_IN_THE_FUTURE
    return status, _reason(leaf, status, revoked)


@functools.lru_cache(maxsize=1024)
def _public_key(blob: bytes) -> PublicKey:
    """The key a blob encodes (a few keys sign thousands of documents: each parsed once)."""
    return PublicKey.from_blob(blob)


def read_path(path: Path) -> DocResult:
    """Read one file from disk (regular files only) and run phase 1 on it: the batch engine's
    read (`batch.read_file`), so a file says the same whichever path reads it."""
    from minecheck.report.batch import FileResult, read_file
    from minecheck.report.corpus_cache import unreadable

    got = read_file(str(path), MAX_DOCUMENT_BYTES)
    if isinstance(got, bytes):
        return read_document_file(got, str(path))
    if isinstance(got, int):
        return unreadable(FileResult(str(path), too_large=got))
    return unreadable(FileResult(str(path), unreadable=got))


def load_corpus(
    files: Sequence[Path] | Iterable[DocResult],
    store: Judge,
    *,
    as_of: dt.date,
    include_untrusted: bool = False,
    sink: PlainSink | None = None,
    steps: Steps | None = None,
    same_day: bool = True,
) -> Corpus:
    """Phase 2 over the files (or phase 1 results): rows, document statuses, rejected events.

    With a `sink`, nothing is kept per finding (`report.stream`): a finding that only one
    document of its inspection records and that is no hidden danger (most findings) goes to
    `sink.add_plain` with the others of its document, every other row to `sink.add` as it is
    made; `rows` is empty and `documents` lists only the documents that are not trusted. Rows
    given to a sink carry no description or location (what a summary never reads).
    `steps` (without a sink) is told each event as the fold met it (`core.loop.fold`), and the
    rows are then only those the export of events reads (report/events.py): each hidden
    danger's, without description or location, and those of the findings events name; only the
    hidden dangers events name are folded (the others' rows carry no state: `_named_hazards`),
    and those of them one document records go to `found` (`consolidate.FoundGroup`), not `read`.
    `same_day`: inspections of one mine on one day, each under its own id, that record one hidden
    danger are said in `problems` (`consolidate.separate_inspections`: what summary and export
    say, not show).
    """
    if sink is not None:
        from minecheck.report.stream import stream_corpus

        results = [read_path(e) if isinstance(e, Path) else e for e in files]
        return stream_corpus(
            ((r, (b"", str(k)), None) for k, r in enumerate(results)),
            lambda wanted: (results[int(k)] for _, k in wanted),
            store,
            as_of=as_of,
            include_untrusted=include_untrusted,
            sink=sink,
        )
    with paused_gc():
        return _load_corpus(
            files,
            store,
            as_of=as_of,
            include_untrusted=include_untrusted,
            steps=steps,
            same_day=same_day,
        )


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
    # documents (`identity`) seen with different bytes
    conflicted: set[str] = field(default_factory=set)
    keep_trusted: bool = True  # list trusted documents too (a summary never reads them)
    used: int = 0  # files whose documents count
    later: int = 0  # documents that would count but are dated after the report's day
    # of them, the follow-ups (their events are not yet known), by `identity`: a copy, or the
    # same follow-up inside a merged file, is one document
    later_followups: set[str] = field(default_factory=set)
    known: int = 0  # documents that count
    # documents given to the caller: each distinct, the first copy of a conflicted one among
    # them (its every copy is then left out)
    given: int = 0
    now: dt.datetime = field(default_factory=lambda: seal.clock())  # the run's, read once
    # the report's date: an inspection finished after it is not yet known (the UTC date, as
    # the fold takes an event's)
    as_of: dt.date | None = None


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
        # the document last asked about (`identity`): the one `admitted` gives next, its
        # string shared with the key here, not made again and held twice
        self.last = ""

    def first_copy(
        self, document_id: str, sha: str | None, path: str
    ) -> tuple[str | None, str] | None:
        self.last = document_id
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

    def later(leaf: Leaf, *, signed: bool = True) -> bool:
        """Found, or signed, after the report's date (local days, as an event's): not yet
        known, nor listed, whatever it dates (a rectification recorded late does not change a
        past report made again); but one that claims to be made after this run's clock is
        listed (never trusted). `signed=False` for a merged file: what it merges was known
        when its sources were signed."""
        as_of, ins, made = out.as_of, leaf.inspection, leaf.created
        if as_of is None:
            return False
        found_later = ins is not None and day(ins.finished) > as_of
        if not found_later and not (signed and made is not None and day(made) > as_of):
            return False
        return made is None or made - out.now <= FUTURE_SLACK

    for result, key in entries:
        outer = result.outer
        if outer.status == "unreadable" or (not result.leaves):
            out.documents.append(DocumentStatus(result.path, "unreadable", outer.detail))
            continue
        outer_status, outer_reason = judge_leaf(outer, store, out.now)
        if later(outer, signed=not result.merged):
            is_counted = counted(outer_status, include_untrusted)
            out.used += is_counted  # (an empty report is one)
            out.later += is_counted
            if is_counted:
                out.later_followups.update(
                    identity(f) for f in result.leaves if f.kind == "followup"
                )
            continue
        if result.merged and not counted(outer_status, include_untrusted):
            outer_status, outer_reason = _as_verified(
                result, (outer_status, outer_reason), store, out.now
            )
        if out.keep_trusted or outer_status != TrustStatus.TRUSTED:
            out.documents.append(
                DocumentStatus(
                    result.path,
                    outer_status.value,
                    outer_reason,
                    "merged" if result.merged else outer.kind,
                    outer.document_id,
                    outer.signer,
                )
            )
        if not counted(outer_status, include_untrusted):
            continue
        out.used += 1
        dropped = _inner_left_out(result, store, include_untrusted, out)
        for index, leaf in enumerate(result.leaves):
            if leaf.path.startswith(dropped):
                continue
            status, reason = (
                (outer_status, outer_reason) if leaf is outer else judge_leaf(leaf, store, out.now)
            )
            if later(leaf):
                is_counted = counted(status, include_untrusted)
                out.later += is_counted
                if is_counted and leaf.kind == "followup":
                    out.later_followups.add(identity(leaf))
                continue
            if leaf is not outer and status != TrustStatus.TRUSTED:
                out.documents.append(
                    DocumentStatus(
                        leaf.path,
                        status.value,
                        reason,
                        leaf.kind,
                        leaf.document_id,
                        leaf.signer,
                    )
                )
            if not counted(status, include_untrusted):
                continue
            out.known += 1
            assert leaf.document_id is not None
            ident = identity(leaf)
            before = seen.first_copy(ident, leaf.body_sha256, leaf.path)
            if before is not None:
                if before[0] != leaf.body_sha256:
                    if ident not in out.conflicted:  # the first copy, listed once
                        out.conflicted.add(ident)
                        out.documents.append(_conflict(leaf, before[1], leaf.path))
                    out.documents.append(_conflict(leaf, leaf.path, before[1]))
                    out.problems.append(
                        Problem("conflict", _conflict_reason(leaf, before[1]), leaf.path)
                    )
                continue
            out.given += 1
            yield key, index, leaf, status


def _inner_left_out(
    result: DocResult, store: Judge, include_untrusted: bool, out: Admission
) -> tuple[str, ...]:
    """The merged documents inside a file that counts whose own signature does not count, as
    `path#` prefixes (what they hold is left out with them, as a file's is); listed with their
    status, as is one counted though not trusted."""
    dropped: tuple[str, ...] = ()
    for merger in result.mergers:
        if merger.path.startswith(dropped):
            continue
        status, reason = judge_leaf(merger, store, out.now)
        if status == TrustStatus.TRUSTED:
            continue
        out.documents.append(
            DocumentStatus(
                merger.path, status.value, reason, "merged", merger.document_id, merger.signer
            )
        )
        if not counted(status, include_untrusted):
            dropped += (merger.path + "#",)
    return dropped


def _in_order(result: DocResult) -> list[Leaf]:
    """A merged file's mergers and leaves in `verify`'s order: each before what it holds."""

    def place(leaf: Leaf) -> list[int]:
        return [int(n) for n in leaf.path[len(result.path) + 1 :].split("#")]

    return sorted((*result.mergers, *result.leaves), key=place)


def _as_verified(result: DocResult, own: Status, store: Judge, now: dt.datetime) -> Status:
    """`verify`'s status and detail of a merged file left out whole (`own`: its merger's):
    where a document inside it was signed by a revoked key, revoked, naming the sources down to
    it; revocation comes first (`merge.check_merged`), over what the merger's own signature or
    a damaged source says."""
    if own[0] == TrustStatus.REVOKED:
        return own
    for leaf in _in_order(result):
        status, reason = judge_leaf(leaf, store, now)
        if status == TrustStatus.REVOKED and leaf.path.startswith(result.path + "#"):
            steps = leaf.path[len(result.path) + 1 :].split("#")
            named = itertools.accumulate(steps, lambda a, b: f"{a}#{b}", initial=result.path)
            said = "".join(f"source {p} is revoked: " for p in list(named)[1:])
            return status, said + reason
    return own


def _conflict_reason(leaf: Leaf, other: str) -> str:
    return (
        f"document {leaf.document_id} also appears in {other} with different content; "
        "both are left out"
    )


def _conflict(leaf: Leaf, path: str, other: str) -> DocumentStatus:
    """A copy at `path` of `leaf`'s document, left out as another copy at `other` differs (one
    key made both: `identity`), listed among the documents not counted."""
    reason = _conflict_reason(leaf, other)
    return DocumentStatus(path, "conflict", reason, leaf.kind, leaf.document_id, leaf.signer)


def identity(leaf: Leaf) -> str:
    """A document as the conflict check knows it (`core.merge.document_identity`): two copies
    of one document differ only where one key made both (both are left out then)."""
    return document_identity(leaf.document_id, leaf.kind, leaf.key_blob)


def signed_events(leaf: Leaf, status: TrustStatus) -> Iterator[SignedEvent]:
    key = key_digest(leaf.key_blob)
    created, trust = leaf.created or EARLIEST, status.value
    for i, ev in enumerate(leaf.events):
        yield SignedEvent(
            ev, leaf.signer or "", leaf.document_id or "", i, leaf.path, key, created, trust
        )


def source(leaf: Leaf) -> Source:
    assert leaf.inspection is not None
    assert leaf.document_id is not None
    return Source(leaf.document_id, leaf.signer or "", leaf.path, leaf.inspection, leaf.created)


def held(leaf: Leaf, status: TrustStatus) -> Held:
    """A findings document as consolidation takes it (its findings as they were read)."""
    return (source(leaf), leaf.findings, leaf.plain, status)


def _load_corpus(
    files: Sequence[Path] | Iterable[DocResult],
    store: Judge,
    *,
    as_of: dt.date,
    include_untrusted: bool,
    steps: Steps | None = None,
    same_day: bool = True,
) -> Corpus:
    # (the export of events reads only the documents that do not count: `left_out`)
    found = Admission(as_of=as_of, keep_trusted=steps is None)
    # Per inspection, each trusted document's findings as they came (a tuple shared with the
    # decoded document, no object per finding): joint inspections are consolidated at the end.
    inspections: dict[str, list[tuple[str, Held]]] = {}
    events: list[tuple[str, SignedEvent]] = []
    results = ((read_path(e) if isinstance(e, Path) else e, None) for e in files)
    seen = _Seen()
    for _, _, leaf, status in admitted(results, store, include_untrusted, found, seen):
        ident = seen.last  # (`identity(leaf)`)
        if leaf.inspection is not None:
            inspections.setdefault(leaf.inspection.id, []).append((ident, held(leaf, status)))
        events.extend((ident, e) for e in signed_events(leaf, status))
    # (the duplicate check's ids, bodies' digests and paths, one entry a document, are not
    # asked again: let go before consolidation and the fold, where the export of events peaks)
    del seen
    left = found.conflicted
    counted_docs = {
        iid: docs
        for iid, kept in inspections.items()
        if (docs := [doc for ident, doc in kept if ident not in left])
    }
    counted_events = [e for ident, e in events if ident not in left]
    del inspections, events
    for iid, docs in counted_docs.items():
        if len(docs) > 1:
            found.problems.extend(joint_problems(iid, docs))
    if same_day:
        found.problems.extend(
            separate_inspections(doc for docs in counted_docs.values() for doc in docs)
        )
    local_date = LocalDates()
    named = named_items(counted_events)
    for_events = steps is not None  # (the export of events)
    cons = consolidate(
        counted_docs, named, None, local_date, as_groups=for_events, found_apart=for_events
    )
    hazards = cons.hazards
    if steps is not None:  # (the export of events: a hidden danger no event names is not folded)
        hazards = _named_hazards(hazards, counted_events)
    statuses, rejections = fold(hazards, counted_events, as_of, steps=steps)
    if steps is not None:  # (each hidden danger's `found` row reads its own; `emit` clears
        # the consolidation's: they are handed over, not copied)
        steps.hazards, cons.hazards = cons.hazards, {}
    if steps is not None:  # (the export of events: the findings no event names are not read)
        read = list(map(ReadRow.of, _named_rows(cons.plain, cons.groups, named)))
        emit(
            cons, statuses, functools.partial(_add_read, read.append, named), local_date, bare=True
        )
        read.sort(key=lambda r: (r.inspection, r.item))
        apart = sorted(cons.found, key=lambda g: g.src.inspection.id)
        return Corpus((), *finish(found, rejections), read=tuple(read), found=tuple(apart))
    rows = cons.plain
    emit(cons, statuses, rows.append, local_date)
    rows.sort(key=lambda r: (r.inspection, r.item))
    return Corpus(tuple(rows), *finish(found, rejections))


def _named_hazards(hazards: dict[str, Hazard], events: Iterable[SignedEvent]) -> dict[str, Hazard]:
    """The hazards events name: all the export of events folds. The fold judges each event by
    its own finding's hazard alone, so the steps are those of every hazard folded; the others'
    rows are read only for their `found` row (open, at their first deadline), and their state
    held for each, two objects per hidden danger, was most of what the fold's peak grew by.
    (A folded row's flags, `repeat-major` among them, are judged among these alone: no row of
    events reads a flag.)"""
    return {ref: hazards[ref] for ref in {e.event.finding for e in events} if ref in hazards}


def _named_rows(
    plain: Iterable[FindingRow], groups: Iterable[PlainGroup], named: dict[str, set[str]]
) -> Iterator[FindingRow]:
    """Of the rows that need no fold (`plain`, and those of the plain groups), those of the
    findings events name (`named_items`)."""
    every = itertools.chain(plain, *(g.rows() for g in groups if g.src.inspection.id in named))
    return (row for row in every if row.item in named.get(row.inspection, ()))


def _add_read(add: Callable[[ReadRow], None], named: dict[str, set[str]], row: FindingRow) -> None:
    """`add` what the export of events reads of a row it reads: a hidden danger's, or a
    finding's events name."""
    if row.is_hidden_danger or row.item in named.get(row.inspection, ()):
        add(ReadRow.of(row))


def finish(
    found: Admission, rejections: list[Rejection]
) -> tuple[
    tuple[DocumentStatus, ...], tuple[RejectedEvent, ...], tuple[Problem, ...], int, bool, int
]:
    """A corpus's documents, rejected events and problems, each in its order; the files used,
    whether every document that would count is dated after the report's day, and how many
    follow-ups that would count are."""
    left = {(d.path, d.document_id) for d in found.documents if d.status == "conflict"}
    if left:  # a copy left out for another's content is not listed as counted besides
        found.documents[:] = [
            d
            for d in found.documents
            if d.status == "conflict" or (d.path, d.document_id) not in left
        ]
    found.documents.sort(key=lambda d: d.path)
    found.problems.sort(key=lambda p: (p.path or "", p.message))
    rejections.sort(key=lambda r: (r.event.order, r.event.path))
    rejected = tuple(
        RejectedEvent(
            r.event.path,
            r.event.event.finding,
            r.event.event.action,
            r.event.event.at,
            r.reason,
            r.code,
        )
        for r in rejections
    )
    all_later = found.later > 0 and found.known == 0
    # files whose every document was left out for another copy's content use nothing: where
    # that is all of them, nothing could be used (a run of two differing copies exited 0)
    none_kept = found.given == len(found.conflicted) and found.later == 0
    used = 0 if found.conflicted and none_kept else found.used
    later = len(found.later_followups)
    return tuple(found.documents), rejected, tuple(found.problems), used, all_later, later


def _reason(leaf: Leaf, status: TrustStatus, revoked: frozenset[bytes]) -> str:
    """Why a leaf judged `status` is so, in `verify`'s words (core/seal.py)."""
    if status == TrustStatus.TRUSTED:
        return seal.trust_detail(status)
    if leaf.status != "signed" and status.value == leaf.status:
        return leaf.detail
    if status == TrustStatus.REVOKED:  # the key `verify` names: the first one revoked
        blob = next(k for k in (*leaf.named_keys, leaf.key_blob) if k in revoked)
        return seal.revoked_detail(_public_key(blob))
    return seal.trust_detail(status)
