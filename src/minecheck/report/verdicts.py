"""`verify` over many files on every core: each worker examines a file and sends back a summary.

A full `Verdict` carries the parsed document, which costs more to send between processes than
verify needs; `Checked` keeps what verify prints and reports (and the document only on request).
Trust is judged in the worker with the store the command loaded for this run; nothing is cached.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from minecheck.core.documents import Document
from minecheck.core.seal import MAX_DOCUMENT_BYTES, Judge, Verdict, examine
from minecheck.core.trust import TrustStatus
from minecheck.errors import InputError, Problem
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
    problems: tuple[Problem, ...] = ()
    document: Document | None = None

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
            verdict.problems,
            verdict.document if keep_document else None,
        )

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "status": self.status.value,
            "detail": self.detail,
            "signer": self.signer,
            "fingerprint": self.fingerprint,
            "document_id": self.document_id,
            "format": self.format,
            "body_sha256": self.body_sha256,
        }


def check_one(trust: Judge, keep_document: bool, data: bytes, path: str) -> Checked:
    """examine() one file's bytes, summarised (the per-file function the workers run)."""
    return Checked.of(examine(data, path, trust), keep_document=keep_document)


def check_files(
    paths: Sequence[Path], trust: Judge, *, keep_document: bool = False
) -> Iterator[Checked]:
    """Examine every file, in parallel, yielding summaries in input order.

    A file over the size limit is malformed, as examine() judges it; a file that cannot be read
    raises InputError when its turn comes, after the ones before it were yielded.
    """
    func = functools.partial(check_one, trust, keep_document)
    for result in map_files(func, paths, limit=MAX_DOCUMENT_BYTES):
        if result.value is not None:
            yield result.value
        elif result.too_large is not None:
            yield Checked(
                result.path,
                TrustStatus.MALFORMED,
                f"the file is {result.too_large} bytes, over the limit of {MAX_DOCUMENT_BYTES}",
            )
        else:
            raise InputError(f"{result.path}: cannot read: {result.unreadable}")
