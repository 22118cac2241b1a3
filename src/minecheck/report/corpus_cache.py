"""Phase 1 through the content cache: what a file's bytes say, kept as compact bytes.

`read_files` reads many files on every core (report/batch.py) and keeps each file's phase-1
result (`report.corpus.read_document_file`, trust not judged) in the SQLite cache
(report/cache.py), keyed by the bytes. A cold and a warm run decode the same encoded value, so
they agree by construction; a cached value holds no path (`_HERE` stands for it).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import sys
from array import array
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from minecheck.core.documents import (
    ITEM_ID,
    Event,
    Finding,
    Inspection,
    forget_shared,
    plain_finding,
    sharing,
)
from minecheck.core.loop import NOTE_READ
from minecheck.core.seal import MAX_DOCUMENT_BYTES, over_the_limit
from minecheck.report.batch import NOT_REGULAR, FileResult
from minecheck.report.consolidate import (
    DIGEST,
    PLAIN_RESULTS,
    BareFinding,
    HiddenColumns,
    Made,
)
from minecheck.report.corpus import DocResult, Leaf, read_document_file

if TYPE_CHECKING:
    from minecheck.report.cache import ResultCache

CACHE_VERSION = "corpus/8"  # what encode_result writes; joined to the tool version and code
_HERE = "\0"  # stands for the file's path in a cached value: a value depends on bytes alone


def read_for_cache(data: bytes) -> DocResult:
    """Phase 1 of one file's bytes, its path left out (`located` puts it back), each document's
    findings that are no hidden danger grouped by result (`Leaf.plain`), as the cache keeps
    them (and as the summary's workers count them: report.stream.tally_file)."""
    result = read_document_file(data, _HERE)
    if not any(leaf.findings for leaf in result.leaves):
        return result
    leaves = tuple(map(_grouped, result.leaves))
    outer = leaves[0] if result.outer is result.leaves[0] else result.outer
    return DocResult(result.path, outer, leaves, result.merged, result.mergers)


def _grouped(leaf: Leaf) -> Leaf:
    """The leaf with its findings that are no hidden danger in `plain`, by result."""
    if not leaf.findings:
        return leaf
    plain = tuple((result, tuple(items)) for result, items in _plain_groups(leaf))
    hidden = tuple(f for f in leaf.findings if f.result not in PLAIN_RESULTS)
    return replace(leaf, findings=hidden, plain=plain)


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


def _listed(value: Any) -> list[Any]:
    """A list a value keeps (a basis, item ids, tags, reviewers); ValueError for anything else
    (a text there, from a value damaged on disk, would be read as a list of its characters)."""
    if type(value) is not list:
        raise ValueError(f"not a list: {value!r}")
    return value


def _plain(v: list[Any]) -> Finding:
    """A kept finding of item and result alone; ValueError for anything else of two (a text of
    two characters, fields that are not texts: a value damaged on disk)."""
    if type(v) is not list or type(v[0]) is not str or type(v[1]) is not str:
        raise ValueError(f"not a finding: {v!r}")
    return plain_finding(v[0], v[1])


def _decode_finding(v: list[Any]) -> Finding:
    if len(v) == 2:
        return _plain(v)
    item, result, severity, basis, deadline, description, location, responsible, enforce = v
    share = sharing()  # (equal texts of many hidden dangers held once)
    basis = tuple(map(sys.intern, _listed(basis)))
    return Finding(  # the short, oft-repeated strings shared (many documents name them)
        sys.intern(item),
        sys.intern(result),
        severity=sys.intern(severity) if isinstance(severity, str) else severity,
        basis=share(basis, basis),
        deadline=None if deadline is None else _day(deadline),
        description=share(description, description),
        location=share(location, location),
        responsible=share(responsible, responsible),
        enforcement=share(enforce, enforce),
    )


def _interned(items: Any) -> tuple[str, ...]:
    """A document's item ids of one result (each string shared with its equals)."""
    return tuple(map(sys.intern, _listed(items)))


class _Numbers(dict[str, int]):
    """Each item id met by a bare read, numbered in the order met (`ItemIds`)."""

    def __missing__(self, item: str) -> int:
        if type(item) is not str:
            raise TypeError(f"an item id is not a string: {item!r}")
        number = self[item] = len(_NAMES)
        _NAMES.append(sys.intern(item))
        return number


_NUMBERS = _Numbers()
_NAMES: list[str] = []
_MOST = 2**16  # numbers held in two bytes


class ItemIds(Made[str]):
    """A document's item ids of one result read bare, as numbers of two bytes (`_NUMBERS`):
    most of a document's findings are no hidden danger, and each took a tuple's 8 bytes, the
    tuple held until consolidation; an item id met again is the same string. The numbers are
    this process's (a bare read is decoded where it is read, `cached.map_cached`)."""

    __slots__ = ("_numbers",)

    def __init__(self, numbers: array[int]) -> None:
        self._numbers = numbers

    def __len__(self) -> int:
        return len(self._numbers)

    def _made(self, index: int) -> str:
        return _NAMES[self._numbers[index]]

    def __iter__(self) -> Iterator[str]:
        return map(_NAMES.__getitem__, self._numbers)


def _numbered(items: Any) -> Sequence[str]:
    """A document's item ids of one result, read bare: as `ItemIds` (as `_interned` where
    their numbers might not fit)."""
    if type(items) is not list or len(_NAMES) + len(items) > _MOST:
        return _interned(items)
    return ItemIds(array("H", map(_NUMBERS.__getitem__, items)))


def _whole_findings(values: Any) -> tuple[Finding, ...]:
    """A document's findings decoded whole (`_decode_finding`)."""
    if type(values) is list:
        return _each_taken(values, _decode_finding)
    return tuple(map(_decode_finding, values))


def _each_taken(values: list[Any], decode: Callable[[list[Any]], Finding]) -> tuple[Finding, ...]:
    """Each of `values` decoded, in order, each let go once decoded (the decoded value's
    lists and the findings are not both held whole for a large document)."""
    values.reverse()
    taken = values.pop
    return tuple(decode(taken()) for _ in range(len(values)))


# an enforcement order as a bare read keeps it: that one is recorded (`consolidate.enforced`)
_ORDERED = "ordered"


def _decode_finding_bare(v: list[Any]) -> Finding:
    """A finding with what the export of events reads of it (`_decode_finding` without the
    description, location, responsible or basis; an enforcement order as `_ORDERED`; their
    digest in its `texts`): no text held per hidden danger that no row of events writes. A
    deadline is the one date its equals share (`_day`)."""
    if len(v) == 2:
        return _plain(v)
    item, result, severity, basis, deadline, description, location, responsible, enforce = v
    return BareFinding(
        sys.intern(item),
        sys.intern(result),
        severity=sys.intern(severity) if isinstance(severity, str) else severity,
        deadline=None if deadline is None else _day(deadline),
        enforcement=_ORDERED if isinstance(enforce, str) and enforce.strip() else None,
        texts=_digest(_listed(basis), description, location, responsible, enforce),
    )


def _digest(*texts: object) -> bytes:
    """What a bare finding keeps of the texts it leaves out (`BareFinding.texts`)."""
    return hashlib.blake2b(repr(texts).encode(), digest_size=DIGEST).digest()


def _bare_findings(values: Any) -> Sequence[Finding]:
    """A document's hidden dangers read bare: as columns (`HiddenColumns`) where each is a
    non-compliant finding as `encode_result` keeps one, else each as `_decode_finding_bare`
    makes it."""
    if type(values) is not list:
        return tuple(map(_decode_finding_bare, values))
    if not values or not all(type(v) is list and len(v) == 9 for v in values):
        return _each_taken(values, _decode_finding_bare)
    if any(v[1] != "noncompliant" for v in values):
        return _each_taken(values, _decode_finding_bare)
    items, severities, deadlines, ordered, texts = [], [], [], [], []
    for item, _, severity, basis, deadline, description, location, responsible, enforce in values:
        items.append(sys.intern(item))
        severities.append(sys.intern(severity) if isinstance(severity, str) else severity)
        deadlines.append(None if deadline is None else _day(deadline))
        ordered.append(_ORDERED if isinstance(enforce, str) and enforce.strip() else None)
        texts.append(_digest(_listed(basis), description, location, responsible, enforce))
    return HiddenColumns(
        tuple(items), tuple(severities), tuple(deadlines), tuple(ordered), b"".join(texts)
    )


@functools.lru_cache(maxsize=4096)
def _day(value: str) -> dt.date:
    """A deadline read bare: one date for each day (most hidden dangers share a few)."""
    return dt.date.fromisoformat(value)


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
        reviewers=tuple(_listed(reviewers)),
        new_deadline=_date(deadline),
    )


def _decode_event_for_fold(v: list[Any]) -> Event:
    """An event with only what the fold and a rejection read (no reviewers; a note only where
    the fold reads it: a withdrawal's reason)."""
    finding, action, at, note, method, _, deadline = v
    return Event(
        finding,
        sys.intern(action),
        dt.datetime.fromisoformat(at),
        note=note if action in NOTE_READ else None,
        method=sys.intern(method) if isinstance(method, str) else method,
        new_deadline=_date(deadline),
    )


def _encode_leaf(leaf: Leaf) -> list[object]:
    """What a leaf is, without its findings (see `_encode_body`) but the items of its hidden
    dangers (`Leaf.hidden_items`: what the reports ask of documents of one mine on one day)."""
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
        [_encode_event(e) for e in leaf.events],
        [key.hex() for key in leaf.named_keys],
        list(leaf.hidden_items()),
    ]


def _encode_body(leaf: Leaf) -> list[object]:
    """A leaf's findings: the hidden dangers whole, the others as (result, item ids)."""
    return [
        [_encode_finding(f) for f in leaf.findings if f.result not in PLAIN_RESULTS],
        [[result, items] for result, items in _plain_groups(leaf)],
    ]


def _plain_groups(leaf: Leaf) -> list[tuple[str, list[str]]]:
    """A leaf's findings that are no hidden danger as (result, item ids), first seen first."""
    out: dict[str, list[str]] = {r: list(items) for r, items in leaf.plain}
    for f in leaf.findings:
        if f.result in PLAIN_RESULTS:
            out.setdefault(f.result, []).append(f.item)
    return list(out.items())


def _decode_leaf(
    v: list[Any],
    path: str,
    body: list[Any] | None = None,
    findings: Callable[[Any], Sequence[Finding]] = _whole_findings,
    ids: Callable[[Any], Sequence[str]] = _interned,
) -> Leaf:
    (
        where,
        status,
        detail,
        key,
        namespace,
        doc_id,
        signer,
        created,
        sha,
        ins,
        evs,
        named,
        hidden,
    ) = v
    if type(hidden) is not list or not all(map(_an_item_id, hidden)):
        raise ValueError("not a document's hidden dangers")
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
            _shared(ins[9]),
            _shared(ins[10]),
            tuple(map(_shared, _listed(ins[11]))),
        )
    fs, pl = body if body is not None else ((), ())
    return Leaf(
        where.replace(_HERE, path),
        status,
        detail.replace(_HERE, path),
        bytes.fromhex(key) if key is not None else None,
        namespace,
        doc_id,
        sys.intern(signer) if isinstance(signer, str) else signer,
        dt.datetime.fromisoformat(created) if created is not None else None,
        sha,
        inspection,
        findings(fs),
        tuple(map(_decode_event if body is not None else _decode_event_for_fold, evs)),
        tuple((_result(r), ids(items)) for r, items in pl),
        tuple(map(bytes.fromhex, named)),
        tuple(hidden),
    )


def _an_item_id(value: object) -> bool:
    """Whether a value of a cached list of hidden dangers is an item id, as a document's are
    (`documents.ITEM_ID`): one damaged on disk is no item id the warning of separate
    inspections may name (the value is then read again from its file)."""
    return type(value) is str and ITEM_ID.fullmatch(value) is not None


def _shared(value: Any) -> Any:
    """A string held once however many documents give it (a language, a site's id or tags)."""
    return sys.intern(value) if type(value) is str else value


def _result(value: object) -> str:
    if value not in PLAIN_RESULTS:
        raise ValueError(f"not a result of a finding that is no hidden danger: {value!r}")
    return str(value)


def encode_result(result: DocResult) -> bytes:
    """A DocResult as compact JSON (what the report needs of it; data only, never pickle).

    Two lines: what the file and its documents are (signatures, identities, events), then
    their findings, so a reader that needs only the first (`decode_head`) skips the second.
    """
    leaves = [_encode_leaf(leaf) for leaf in result.leaves]
    outer = _encode_leaf(result.outer) if result.merged or not leaves else None
    mergers = [_encode_leaf(leaf) for leaf in result.mergers]
    head = json.dumps([result.merged, outer, leaves, mergers], ensure_ascii=False)
    body = json.dumps([_encode_body(leaf) for leaf in result.leaves], ensure_ascii=False)
    return f"{head}\n{body}".encode()  # JSON text holds no raw newline


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
        mergers = tuple(map(place, result.mergers))
        return DocResult(path, outer or place(result.outer), leaves, result.merged, mergers)


def _decoded(
    blob: bytes,
    *,
    findings: bool = True,
    path: str = _HERE,
    kept: Callable[[Any], Sequence[Finding]] = _whole_findings,
    ids: Callable[[Any], Sequence[str]] = _interned,
) -> DocResult:
    try:
        head, _, body = blob.partition(b"\n")
        merged, outer, leaves, mergers = json.loads(head)
        bodies = json.loads(body) if findings else [None] * len(leaves)
        if len(bodies) != len(leaves):
            raise ValueError("the findings do not match the documents")
        found = [
            _decode_leaf(leaf, path, b, kept, ids) for leaf, b in zip(leaves, bodies, strict=True)
        ]
        head_leaf = _decode_leaf(outer, path) if outer is not None else found[0]
        inner = tuple(_decode_leaf(m, path) for m in mergers)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError) as exc:
        raise ValueError(f"cannot decode a cached value: {exc}") from None
    finally:
        forget_shared()
    return DocResult(path, head_leaf, tuple(found), bool(merged), inner)


def records_majors(blob: bytes) -> Callable[[int], bool]:
    """Whether the document at an index of a cached value records a major hidden danger (a
    non-compliant finding graded major), read from its findings as they are kept, without a
    finding made, the value read once for all its documents; ValueError if it cannot be read
    so, then or when a document is asked."""
    bodies = _bodies(blob)
    if type(bodies) is not list:
        return functools.partial(_records_major, bodies)
    answers = [_answered(bodies, index) for index in range(len(bodies))]
    del bodies  # (the answers kept, not every finding of the value)

    def asked(index: int) -> bool:
        try:
            answer = answers[index]
        except (TypeError, IndexError) as exc:
            raise ValueError(f"cannot decode a cached value: {exc}") from None
        if isinstance(answer, ValueError):
            raise answer
        return answer

    return asked


def _answered(bodies: list[Any], index: int) -> bool | ValueError:
    try:
        return _records_major(bodies, index)
    except ValueError as exc:
        return exc


def _bodies(blob: bytes) -> Any:
    try:
        return json.loads(blob.partition(b"\n")[2])
    except ValueError as exc:
        raise ValueError(f"cannot decode a cached value: {exc}") from None


def _records_major(bodies: Any, index: int) -> bool:
    try:
        hidden = bodies[index][0]
    except (TypeError, KeyError, IndexError) as exc:
        raise ValueError(f"cannot decode a cached value: {exc}") from None
    if type(hidden) is not list or not all(type(f) is list and len(f) in (2, 9) for f in hidden):
        raise ValueError("cannot decode a cached value: not a document's findings")
    return any(f[1] == "noncompliant" and f[2] == "major" for f in hidden if len(f) == 9)


def leaf_values(blob: bytes) -> list[bytes]:
    """Each document of a value as a value of its own, the one document at index 0 (its path
    left out, as in the value): a merged file's documents decoded each on its own, not the
    whole file once for each. ValueError if the value cannot be read so."""
    try:
        head, _, body = blob.partition(b"\n")
        _, _, leaves, _ = json.loads(head)
        bodies = json.loads(body)
        if type(leaves) is not list or type(bodies) is not list or len(leaves) != len(bodies):
            raise ValueError("the findings do not match the documents")
    except (ValueError, TypeError) as exc:
        raise ValueError(f"cannot decode a cached value: {exc}") from None
    return [
        f"{json.dumps([False, None, [leaf], []], ensure_ascii=False)}\n"
        f"{json.dumps([found], ensure_ascii=False)}".encode()
        for leaf, found in zip(leaves, bodies, strict=True)
    ]


def decode_head(blob: bytes) -> Encoded:
    """A cached value's first line decoded: its documents without their findings."""
    return Encoded(b"", _decoded(blob, findings=False))


def decode_head_keeping(blob: bytes) -> Encoded:
    """`decode_head`, the whole value kept beside it (for a reader with no cache to ask again)."""
    return Encoded(blob, _decoded(blob, findings=False))


def decode_result(blob: bytes) -> Encoded:
    """A cached value decoded (ValueError if it cannot be), to be placed at a path."""
    return Encoded(blob, _decoded(blob))


def decode_bare(blob: bytes) -> Encoded:
    """`decode_result` for the export of events: each hidden danger's finding without the texts
    no row of events writes (`_decode_finding_bare`)."""
    return Encoded(blob, _decoded(blob, kept=_bare_findings, ids=_numbered))


def decode_at(blob: bytes, path: str) -> DocResult:
    """A cached value decoded as the result for the file at `path` (`decode_result(blob)`
    placed there, without placing each leaf afterwards); ValueError if it cannot be."""
    return _decoded(blob, path=path)


def _unreadable(path: str, detail: str) -> DocResult:
    leaf = Leaf(path, "unreadable", detail, None, None, None, None, None, None)
    return DocResult(path, leaf, ())


def unreadable(r: FileResult[Any]) -> DocResult:
    """The result for a file the engine could not read (not regular, an error), or would not:
    one over the size limit is malformed, in verify's words (no reader takes it, nothing makes
    it: a document is held to the limit when it is signed)."""
    if r.too_large is not None:
        detail = over_the_limit(r.too_large, MAX_DOCUMENT_BYTES)  # (the limit it was read to)
        leaf = Leaf(r.path, "malformed", detail, None, None, None, None, None, None)
        return DocResult(r.path, leaf, (leaf,))
    if r.unreadable and r.unreadable.startswith(NOT_REGULAR):  # (a device: with its kind)
        return _unreadable(r.path, r.unreadable)
    return _unreadable(r.path, f"cannot read: {r.unreadable}")


def values_version() -> str:
    """The version string phase-1 values are kept under: the tool's version, what encode_result
    writes, and the digest of the code that reads a document (as the memo and the kept counts
    are keyed). The version number alone stays the same across builds whose readers differ (an
    upgrade between releases, a development install): a verdict of another build's reader (a
    document it took for valid, this one calls malformed) is never served to this one."""
    from minecheck import __version__
    from minecheck.report import memo

    return f"{__version__} {CACHE_VERSION} {memo._package_code() or ''}".rstrip()


def open_values(enabled: bool = True) -> ResultCache:
    """The content cache of phase-1 values for this version (a NoCache when not `enabled`)."""
    from minecheck.report.cache import open_cache

    return open_cache(values_version(), enabled=enabled)


def phase_one(
    paths: Sequence[str | Path],
    values: ResultCache,
    *,
    decode: Callable[[bytes], Encoded],
    tick: Callable[[], None] | None = None,
    aside: Callable[[Encoded], object] | None = None,
) -> Iterator[FileResult[Encoded]]:
    """Phase 1 over many files, on every core, through `values`; in input order, each file
    ticked off as it comes. A cold and a warm run decode the same encoded value. `aside`
    (picklable) is given each file read here (not served from the cache) as phase 1 read it,
    and what it gives comes in the FileResult's `aside`."""
    from minecheck.report.cached import map_cached

    results = map_cached(
        encoded_read,
        paths,
        limit=MAX_DOCUMENT_BYTES,
        cache=values,
        encode=_blob,
        decode=decode,
        aside=aside,
    )
    for r in results:
        if tick is not None:
            tick()
        yield r


def read_files(
    paths: Sequence[str | Path],
    *,
    cache: bool = True,
    tick: Callable[[], None] | None = None,
    bare: bool = False,
) -> Iterator[DocResult]:
    """Every file's phase-1 result, whole (see `phase_one`); `bare`, its hidden dangers
    without the texts the export of events never writes (`decode_bare`).

    The cache holds only what a file's bytes say (signature checked, trust not judged); a cold
    and a warm run both decode the same encoded value, so they agree by construction.
    """
    decode = decode_bare if bare else decode_result
    with open_values(cache) as values:
        for r in phase_one(paths, values, decode=decode, tick=tick):
            yield r.value.located(r.path) if r.value is not None else unreadable(r)


def encoded_read(data: bytes, path: str) -> Encoded:
    """What the workers run: phase 1 of one file's bytes, encoded for the cache (and the result
    beside it, its path left out, for an `aside`; only the bytes leave the worker)."""
    result = read_for_cache(data)
    return Encoded(encode_result(result), result)


def _blob(value: Encoded) -> bytes:
    return value.blob
