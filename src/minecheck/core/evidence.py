"""Evidence files against what a signed document recorded: size and SHA-256, per file.

The signature covers the recorded digest, not the photo: a changed or deleted photo leaves
the signature valid, so `verify --evidence` checks each file here, relative to the document.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import stat
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from minecheck.core.documents import Evidence, FindingsDoc, FollowUpDoc, evidence_path_problem
from minecheck.os_words import os_reason

CHANGED = "evidence-changed"
MISSING = "evidence-missing"
OUTSIDE = (
    "a link to a place outside the document's directory is there; the file was not read "
    "(copy the file in)"
)


@dataclass(frozen=True)
class EvidenceCheck:
    """One evidence file that is not as recorded."""

    path: str  # as recorded, relative to the document
    status: str  # evidence-changed | evidence-missing
    detail: str


class NotAFile(Exception):
    """A directory, a FIFO, a device or a socket where a file was named; `mode` tells which
    (`fileio.special_kind` names it)."""

    def __init__(self, mode: int) -> None:
        self.directory = stat.S_ISDIR(mode)
        super().__init__("a directory" if self.directory else "not a regular file")
        self.mode = mode


def open_regular(path: Path) -> BinaryIO:
    """A regular file opened to read its bytes. Anything else there raises NotAFile and is
    never read: a pipe blocked the run (its open waited for a writer), and the check by name
    before the open left a moment for one to be swapped in. FileNotFoundError where nothing is."""
    from minecheck.fileio import NotRegular, open_named

    try:
        fd, st = open_named(path, pipes=False)  # (opening a pipe does not wait)
    except NotRegular as exc:  # (a socket, which does not open)
        raise NotAFile(exc.mode) from None
    try:
        if not stat.S_ISREG(st.st_mode):
            raise NotAFile(st.st_mode)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def composed(text: str) -> str:
    """A name in the one spelling recorded (NFC): a Mac writes "é" as "e" and a combining
    accent, most other systems as one character; the two look alike and are one name there."""
    return unicodedata.normalize("NFC", text)


# Directories listed, while unchanged (same inode, same mtime): a folder of thousands of photos
# is listed once for all of them, not once per photo. Bounded.
_LISTED: dict[str, tuple[tuple[int, int, int], dict[str, list[str]], dict[str, list[str]]]] = {}


def _alike(directory: Path, part: str, *, folded: bool) -> list[str] | None:
    """The names in `directory` that are `part` in either Unicode spelling (and, `folded`, in
    any letter case), sorted; None where the directory cannot be listed."""
    try:
        info = os.stat(directory)
        stamp = (info.st_dev, info.st_ino, info.st_mtime_ns)
        key = os.fspath(directory)
        known = _LISTED.get(key)
        if known is None or known[0] != stamp:
            by_spelling: dict[str, list[str]] = {}
            by_folding: dict[str, list[str]] = {}
            for name in sorted(os.listdir(directory)):
                spelt = composed(name)
                by_spelling.setdefault(spelt, []).append(name)
                by_folding.setdefault(spelt.casefold(), []).append(name)
            if len(_LISTED) >= 64:
                _LISTED.clear()
            known = _LISTED[key] = (stamp, by_spelling, by_folding)
    except OSError:
        return None
    if folded:
        return known[2].get(composed(part).casefold(), [])
    return known[1].get(composed(part), [])


def find_on_disk(path: Path) -> Path:
    """`path`, with each part that is not on the disk replaced by the one name beside it that is
    the same text in the other Unicode spelling (a folder copied from a Mac, or composed again
    by a sync client); as given where there is no such name, or more than one."""
    current = Path(path.anchor) if path.anchor else Path()
    parts = path.parts[1:] if path.anchor else path.parts
    for i, part in enumerate(parts):
        step = current / part
        if not os.path.lexists(step):
            alike = _alike(current, part, folded=False)
            if alike is None or len(alike) != 1:
                return current.joinpath(*parts[i:])
            step = current / alike[0]
        current = step
    return current


def case_twin(base: Path, recorded: str) -> str | None:
    """The recorded path with its first part not on the disk spelt as the one name beside it
    that differs only in letter case (a FAT stick, an archiver), or None."""
    parts = recorded.split("/")
    current = base
    for i, part in enumerate(parts):
        step = find_on_disk(current / part)
        if os.path.lexists(step):
            current = step
            continue
        alike = _alike(current, part, folded=True)
        if alike is None or len(alike) != 1:
            return None
        return "/".join([*parts[:i], composed(alike[0]), *parts[i + 1 :]])
    return None


_NOT_ON_WINDOWS = frozenset('<>:"|?*')
_DEVICES = frozenset(
    [
        "CON",
        "PRN",
        "AUX",
        "NUL",
        *(f"COM{i}" for i in range(1, 10)),
        *(f"LPT{i}" for i in range(1, 10)),
    ]
)


def not_on_windows(recorded: str) -> tuple[str, str] | None:
    """Why a relative evidence path cannot name a file on Windows (nor, for the most part, on
    a FAT stick), or None: the folder would not copy there whole, so it is not recorded.
    ("characters", the characters) | ("end", "") | ("device", the device name)."""
    for part in recorded.split("/"):
        if part == ".":  # the directory itself, said as a directory further on
            continue
        bad = [c for c in dict.fromkeys(part) if c in _NOT_ON_WINDOWS or ord(c) < 32]
        if bad:
            return "characters", " ".join(c if ord(c) >= 32 else f"\\u{ord(c):04x}" for c in bad)
        if part.endswith((".", " ")):
            return "end", ""
        device = part.split(".")[0].rstrip(" ").upper()
        if device in _DEVICES:
            return "device", device
    return None


def twin_beside(base: Path, recorded: str) -> str | None:
    """A name beside a part of `recorded` (below `base`, where it is on the disk) that differs
    from it only in letter case or Unicode spelling: on Windows and macOS the two are one file,
    and a copy there keeps one of them. The twin's path relative to `base`, or None."""
    current = base
    done: list[str] = []
    for part in recorded.split("/"):
        step = find_on_disk(current / part)
        for name in _alike(current, part, folded=True) or []:
            if name != step.name:
                return "/".join([*done, name])
        done.append(part)
        current = step
    return None


def distinct(entries: Iterable[Evidence]) -> tuple[Evidence, ...]:
    """Each file once, in the order first named: a photo named twice in one answer or event
    (`ev/a.jpg`, `./ev/a.jpg`) is one record."""
    seen: dict[str, Evidence] = {}
    for entry in entries:
        seen.setdefault(entry.path, entry)
    return tuple(seen.values())


class TooLarge(Exception):
    """More bytes than the limit given to `file_digest` (the count read so far)."""

    def __init__(self, size: int) -> None:
        super().__init__(f"{size} bytes")
        self.size = size


def file_digest(fh: BinaryIO, limit: int | None = None) -> tuple[str, int]:
    """SHA-256 (hex) and size of what `fh` holds, read in pieces of 1 MiB; TooLarge as soon as
    more than `limit` bytes were read (a file that grows while it is read)."""
    digest = hashlib.sha256()
    size = 0
    while chunk := fh.read(1 << 20):
        size += len(chunk)
        if limit is not None and size > limit:
            raise TooLarge(size)
        digest.update(chunk)
    return digest.hexdigest(), size


def recorded_evidence(document: object) -> Iterator[Evidence]:
    """Every evidence entry of a findings or follow-up document, in document order."""
    if isinstance(document, FindingsDoc):
        for finding in document.findings:
            yield from finding.evidence
    elif isinstance(document, FollowUpDoc):
        for event in document.events:
            yield from event.evidence


def unread_because(exc: OSError | RuntimeError, lang: str | None = None) -> str:
    """Why an evidence file named could not be read, in LANG (else the current language): a
    loop of links in the words every reader says of one (Python before 3.13 raises a
    RuntimeError that names the path as this machine has it, in English), else the system's."""
    if isinstance(exc, RuntimeError):
        from minecheck.fileio import LINK_TO_NOTHING
        from minecheck.i18n import language, written

        return written(LINK_TO_NOTHING, lang or language())
    return os_reason(exc, lang)  # (a loop met by the open said as one there)


def check_file(base: Path, entry: Evidence) -> EvidenceCheck | None:
    """None when the file at `base/entry.path` has the recorded size and SHA-256."""
    problem = evidence_path_problem(entry.path)
    if problem:
        return EvidenceCheck(entry.path, MISSING, problem)
    try:
        target = find_on_disk(base / entry.path)
        if not target.resolve().is_relative_to(base.resolve()):
            return EvidenceCheck(entry.path, MISSING, OUTSIDE)
        if target.is_dir():  # (Windows cannot open one to be told)
            raise NotAFile(stat.S_IFDIR)
        with open_regular(target) as fh:
            sha256, size = file_digest(fh)
    except FileNotFoundError:
        twin = case_twin(base, entry.path)
        if twin is not None:
            detail = (
                f"the file does not exist; {twin} differs only in letter case "
                "(rename it as recorded)"
            )
            return EvidenceCheck(entry.path, MISSING, detail)
        copy = renamed_copy(base, entry)
        if copy is not None:
            detail = (
                f"the file does not exist; {copy} in the same folder has the recorded size "
                "and SHA-256 (a copy renamed, by a mail program say: rename it as recorded)"
            )
            return EvidenceCheck(entry.path, MISSING, detail)
        return EvidenceCheck(entry.path, MISSING, "the file does not exist")
    except NotAFile as exc:
        if exc.directory:
            return EvidenceCheck(entry.path, MISSING, "a directory is there, not the file")
        from minecheck.fileio import irregular

        # (its one kind, in the words every reader says of such a file)
        return EvidenceCheck(entry.path, MISSING, irregular(exc.mode, "en"))
    except (OSError, RuntimeError) as exc:  # (RuntimeError: a loop of links, before 3.13)
        return EvidenceCheck(entry.path, MISSING, f"cannot be read: {unread_because(exc, 'en')}")
    if size != entry.bytes:  # (one byte in the singular; the two are never both one)
        if size == 1:
            detail = f"1 byte where {entry.bytes} were recorded"
        elif entry.bytes == 1:
            detail = f"{size} bytes where 1 was recorded"
        else:
            detail = f"{size} bytes where {entry.bytes} were recorded"
        return EvidenceCheck(entry.path, CHANGED, detail)
    if sha256 != entry.sha256:
        return EvidenceCheck(entry.path, CHANGED, "its SHA-256 differs from the recorded one")
    return None


RENAMED_LOOKED_AT = 1000  # names read in a missing file's folder, at most


def renamed_copy(base: Path, entry: Evidence) -> str | None:
    """A regular file in the folder a missing evidence file names, under another name, with
    its recorded size and SHA-256 (a mail program saves an attachment as `ATT00001.jpg`): its
    path as the document would record it, or None. Only files of the recorded size are read,
    among the folder's first RENAMED_LOOKED_AT names, in name order."""
    recorded = PurePosixPath(entry.path)
    folder = base.joinpath(*recorded.parent.parts)
    try:
        with os.scandir(folder) as listing:
            names = sorted(itertools.islice((e.name for e in listing), RENAMED_LOOKED_AT))
    except OSError:
        return None
    for name in names:
        try:
            candidate = folder / name
            seen = candidate.lstat()
            if not stat.S_ISREG(seen.st_mode):
                continue  # (a link is not followed: it may lead out of the folder)
            if seen.st_size != entry.bytes:
                continue
            with open_regular(candidate) as fh:
                sha256, size = file_digest(fh, entry.bytes)
        except (OSError, TooLarge, NotAFile):
            continue
        if size == entry.bytes and sha256 == entry.sha256:
            return str(recorded.parent / name) if str(recorded.parent) != "." else name
    return None


def check_evidence(document_path: Path, document: object) -> list[EvidenceCheck]:
    """Every evidence file of `document` that is changed or missing, relative to its file:
    the file itself where `document_path` is a link to it (a folder of links to findings
    files elsewhere, each with its photos beside it)."""
    try:
        base = document_path.resolve().parent
    except (OSError, RuntimeError):  # a loop of links: read as named
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
