"""Evidence files against what a signed document recorded: size and SHA-256, per file.

The signature covers the recorded digest, not the photo: a changed or deleted photo leaves
the signature valid, so `verify --evidence` checks each file here, relative to the document.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from minecheck.core.documents import Evidence, FindingsDoc, FollowUpDoc, evidence_path_problem

CHANGED = "evidence-changed"
MISSING = "evidence-missing"


@dataclass(frozen=True)
class EvidenceCheck:
    """One evidence file that is not as recorded."""

    path: str  # as recorded, relative to the document
    status: str  # evidence-changed | evidence-missing
    detail: str


class NotAFile(Exception):
    """A directory, a pipe, a device or a socket where a file was named."""

    def __init__(self, directory: bool) -> None:
        super().__init__("a directory" if directory else "not a regular file")
        self.directory = directory


def open_regular(path: Path) -> BinaryIO:
    """A regular file opened to read its bytes. Anything else there raises NotAFile and is
    never read: a pipe blocked the run (its open waited for a writer), and the check by name
    before the open left a moment for one to be swapped in. FileNotFoundError where nothing is."""
    from minecheck.portable import open_to_read

    fd = open_to_read(path)  # (O_NONBLOCK: opening a pipe does not wait)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotAFile(stat.S_ISDIR(mode))
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def recorded_evidence(document: object) -> Iterator[Evidence]:
    """Every evidence entry of a findings or follow-up document, in document order."""
    if isinstance(document, FindingsDoc):
        for finding in document.findings:
            yield from finding.evidence
    elif isinstance(document, FollowUpDoc):
        for event in document.events:
            yield from event.evidence


def check_file(base: Path, entry: Evidence) -> EvidenceCheck | None:
    """None when the file at `base/entry.path` has the recorded size and SHA-256."""
    problem = evidence_path_problem(entry.path)
    if problem:
        return EvidenceCheck(entry.path, MISSING, problem)
    target = base / entry.path
    digest = hashlib.sha256()
    size = 0
    try:
        if target.is_dir():  # (Windows cannot open one to be told)
            raise NotAFile(directory=True)
        with open_regular(target) as fh:
            while chunk := fh.read(1 << 20):
                size += len(chunk)
                digest.update(chunk)
    except FileNotFoundError:
        return EvidenceCheck(entry.path, MISSING, "the file does not exist")
    except NotAFile as exc:
        if exc.directory:
            return EvidenceCheck(entry.path, MISSING, "a directory is there, not the file")
        return EvidenceCheck(
            entry.path, MISSING, "a pipe, a device or a socket is there, not the file"
        )
    except OSError as exc:
        return EvidenceCheck(entry.path, MISSING, f"cannot be read: {exc.strerror or exc}")
    if size != entry.bytes:
        return EvidenceCheck(entry.path, CHANGED, f"{size} bytes where {entry.bytes} were recorded")
    if digest.hexdigest() != entry.sha256:
        return EvidenceCheck(entry.path, CHANGED, "its SHA-256 differs from the recorded one")
    return None


def check_evidence(document_path: Path, document: object) -> list[EvidenceCheck]:
    """Every evidence file of `document` that is changed or missing, relative to its file."""
    base = document_path.parent
    seen: set[str] = set()
    found = []
    for entry in recorded_evidence(document):
        if entry.path in seen:
            continue
        seen.add(entry.path)
        check = check_file(base, entry)
        if check is not None:
            found.append(check)
    return found
