"""`verify` over many files on every core: each worker examines a file and sends back a summary.

A full `Verdict` carries the parsed document, which costs more to send between processes than
verify needs; `Checked` keeps what verify prints and reports (and the document only on request).
Trust is judged in the worker with the store the command loaded for this run; nothing is cached.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from minecheck.core.documents import Document
from minecheck.core.seal import MAX_DOCUMENT_BYTES, Judge, Verdict, examine, reported_dict
from minecheck.core.trust import TrustStatus
from minecheck.errors import Problem
from minecheck.report.batch import map_files


@dataclass(frozen=True)
class Checked:
    """What verify needs of a Verdict; `as_dict()` is the Verdict's."""

    path: str
    status: TrustStatus
    detail: str
    signer: str | None = None
    fingerprint: str | None = None
    document_id: str | None = None
    format: str | None = None
    body_sha256: str | None = None
    created: str | None = None  # the signed created time, UTC with Z
    problems: tuple[Problem, ...] = ()
    document: Document | None = None
    sources: tuple[Checked, ...] = ()  # a merged document's, as verify lists them

    @classmethod
    def of(cls, verdict: Verdict, *, keep_document: bool = False) -> Checked:
        return cls(
            verdict.path,
            verdict.status,
            verdict.detail,
            verdict.signer,
            verdict.fingerprint,
            verdict.document_id,
            verdict.format,
            verdict.body_sha256,
            verdict.created,
            verdict.problems,
            verdict.document if keep_document else None,
            tuple(cls.of(source, keep_document=keep_document) for source in verdict.sources),
        )

    def as_dict(self) -> dict[str, object]:
        return reported_dict(self)


def source_problems(verdict: Verdict | Checked) -> list[Problem]:
    """The problems of a merged document's sources (and theirs), each at its source's path."""
    found: list[Problem] = []
    for source in verdict.sources:
        found.extend(source.problems)
        found.extend(source_problems(source))
    return found


@dataclass(frozen=True)
class Unread:
    """A file the workers could not read as a regular file: the caller reads it itself (a pipe
    named on purpose, a file that vanished, a name that is not usable), with its own messages."""

    path: str


def check_one(
    trust: Judge,
    keep_document: bool,
    now: datetime | None,
    at: datetime | None,
    data: bytes,
    path: str,
) -> Checked:
    """examine() one file's bytes, summarised (the per-file function the workers run)."""
    verdict = examine(data, path, trust, now=now, at=at)
    return Checked.of(verdict, keep_document=keep_document)


def check_files(
    paths: Sequence[str | Path],
    trust: Judge,
    *,
    keep_document: bool = False,
    now: datetime | None = None,
    at: datetime | None = None,
) -> Iterator[Checked | Unread]:
    """Examine every file, in parallel, yielding summaries in input order.

    A file that is not a regular file, cannot be read or is over the size limit comes back as
    `Unread`, in its place, for the caller to judge as it would one file alone.
    """
    func = functools.partial(check_one, trust, keep_document, now, at)
    for result in map_files(func, paths, limit=MAX_DOCUMENT_BYTES):
        yield result.value if result.value is not None else Unread(result.path)
