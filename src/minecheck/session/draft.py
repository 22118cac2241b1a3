"""Drafts: an inspection in progress, saved atomically after every answer.

A draft is private working state (never signed), kept as TOML in the drafts directory. One
process at a time holds a draft, by an advisory lock that dies with the process.
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import math
import os
import re
import time
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import MISSING, dataclass, field
from dataclasses import fields as fields_of
from pathlib import Path
from typing import Any

from minecheck.core.documents import Evidence, Finding, ReadingValue, utc_now
from minecheck.core.sanitize import quoted, shell_arg, shell_word
from minecheck.core.schema import fits_float
from minecheck.core.tomlio import decode_text, parse_toml
from minecheck.errors import InputError, Problem, UsageError
from minecheck.i18n import t
from minecheck.os_words import os_reason
from minecheck.session.rules import TEXT_FIELDS

DRAFT_FORMAT = "minecheck.draft/1"
# A draft holding answers being typed (`unfinished`) is of format 2: a minecheck from before
# them resumed a draft of format 1 and, saving it, wrote none of them (a draft holding nothing
# else it called empty, and deleted); it refuses format 2 and leaves the file as it is. Every
# other draft stays of format 1, which that minecheck resumes whole.
DRAFT_FORMAT_TYPING = "minecheck.draft/2"
_FORMATS = (DRAFT_FORMAT, DRAFT_FORMAT_TYPING)
_FORMAT_FAMILY = "minecheck.draft/"


@dataclass
class Draft:
    id: str
    checklist: str
    checklist_path: str
    checklist_version: str
    checklist_sha256: str
    site: str
    site_tags: list[str]
    inspector: str
    mode: str
    inspection_id: str
    language: str
    output: str
    started: dt.datetime
    site_id: str | None = None
    updated: dt.datetime = field(default_factory=utc_now)
    answers: dict[str, Finding] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    history: list[str] = field(default_factory=list)
    # what was typed of answers not finished (a non-compliance's fields, the line being typed
    # when the terminal closed), by item: put back in the editor when the item is asked again
    unfinished: dict[str, dict[str, Any]] = field(default_factory=dict)
    # each answer's TOML table as last written, by item: kept while that answer stands, so that
    # the save after one more answer makes one table, not one per answer given
    _tables: dict[str, tuple[Finding, str]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def to_dict(self) -> dict[str, Any]:
        doc = {
            "draft": self._head(),
            "answers": {k: _finding_dict(f) for k, f in self.answers.items()},
        }
        if self.unfinished:
            doc["unfinished"] = self.unfinished
        return doc

    def to_toml(self) -> str:
        """The draft as `tomli_w.dumps(self.to_dict())` writes it, the answers' tables made once
        each (a walk of 1,000 items made 500,000 of them, the wait after an answer growing with
        the draft)."""
        import tomli_w

        if not self.answers:
            return tomli_w.dumps(self.to_dict())
        kept, tables = self._tables, dict[str, tuple[Finding, str]]()
        for item, finding in self.answers.items():
            made = kept.get(item)
            if made is None or made[0] is not finding:
                made = (finding, tomli_w.dumps({"answers": {item: _finding_dict(finding)}}))
            tables[item] = made
        self._tables = tables
        parts = [tomli_w.dumps({"draft": self._head()}), *(text for _, text in tables.values())]
        if self.unfinished:
            parts.append(tomli_w.dumps({"unfinished": self.unfinished}))
        return "\n".join(parts)

    def _head(self) -> dict[str, Any]:
        head = {
            "format": DRAFT_FORMAT_TYPING if self.unfinished else DRAFT_FORMAT,
            "id": self.id,
            "checklist": self.checklist,
            "checklist_path": self.checklist_path,
            "checklist_version": self.checklist_version,
            "checklist_sha256": self.checklist_sha256,
            "site": self.site,
            "site_tags": self.site_tags,
            "inspector": self.inspector,
            "mode": self.mode,
            "inspection_id": self.inspection_id,
            "language": self.language,
            "output": self.output,
            "started": self.started,
            "updated": self.updated,
            "skipped": self.skipped,
            "history": self.history,
        }
        if self.site_id is not None:
            head["site_id"] = self.site_id
        return head


def _finding_dict(finding: Finding) -> dict[str, Any]:
    out = {k: v for k, v in finding.fields().items() if v is not None}
    if finding.evidence:
        out["evidence"] = [e.fields() for e in finding.evidence]
    return out


_HEAD_TEXT = (
    "id",
    "checklist",
    "checklist_path",
    "checklist_version",
    "checklist_sha256",
    "site",
    "site_id",
    "inspector",
    "mode",
    "inspection_id",
    "language",
    "output",
)
_FINDING_TEXT = ("result", "severity", *TEXT_FIELDS, "note")


def _expect(
    table: dict[str, Any], key: str, kind: type, where: str, of: type | None = None
) -> None:
    """A wrongly typed value in a draft is damage: say where, rather than fail later on it."""
    if key not in table:
        return
    value = table[key]
    ok = isinstance(value, kind) and not (kind is dt.date and isinstance(value, dt.datetime))
    if kind is dt.datetime and ok and value.tzinfo is None:
        ok = False
    if ok and of is not None:
        ok = all(isinstance(v, of) for v in value)
    if not ok:
        raise ValueError(t("{key} has the wrong type", key=f"{where}{key}"))


def _finding_from(item: str, raw: dict[str, Any]) -> Finding:
    where = f"answers.{item}."
    if not isinstance(raw, dict):
        raise ValueError(t("{key} is not a table", key=f"answers.{item}"))
    if "result" not in raw:
        raise ValueError(t("{path} is missing", path=f"{where}result"))
    for key in _FINDING_TEXT:
        _expect(raw, key, str, where)
    for key in ("basis", "immediate"):
        _expect(raw, key, list, where, of=str)
    _expect(raw, "deadline", dt.date, where)
    _expect(raw, "reading", dict, where)
    _expect(raw, "evidence", list, where, of=dict)
    reading = raw.get("reading")
    return Finding(
        item=item,
        result=raw["result"],
        severity=raw.get("severity"),
        severity_reason=raw.get("severity_reason"),
        basis=tuple(raw.get("basis", ())),
        description=raw.get("description"),
        location=raw.get("location"),
        measures=raw.get("measures"),
        responsible=raw.get("responsible"),
        deadline=raw.get("deadline"),
        funds=raw.get("funds"),
        contingency=raw.get("contingency"),
        immediate=tuple(raw.get("immediate", ())),
        enforcement=raw.get("enforcement"),
        reading=_reading_from(reading) if reading else None,
        note=raw.get("note"),
        evidence=tuple(Evidence(**e) for e in raw.get("evidence", ())),
    )


def _reading_from(raw: dict[str, Any]) -> ReadingValue:
    """A reading kept in a draft; -0.0 (kept before a reading of -0 was read as zero, or
    written by hand) is zero, as a reading typed or given in an answers file is: resumed and
    signed, the record held a sign the reading never had."""
    value = raw.get("value")
    if isinstance(value, float):
        raw = {**raw, "value": value + 0.0}
    return ReadingValue(**raw)


# the fields of an unfinished answer and what each holds
UNFINISHED: dict[str, type] = {
    "result": str,
    "reading": float,
    **dict.fromkeys(("severity", "severity_reason", *TEXT_FIELDS, "evidence_reason"), str),
    "deadline": dt.date,
    "evidence": list,
}


def _unfinished_from(raw: object) -> dict[str, dict[str, Any]]:
    if not isinstance(raw, dict):
        raise ValueError(t("{key} is not a table", key="unfinished"))
    out: dict[str, dict[str, Any]] = {}
    for item, fields in raw.items():
        if not isinstance(fields, dict):
            raise ValueError(t("{key} is not a table", key=f"unfinished.{item}"))
        kept = dict(fields)
        for key, value in fields.items():
            if key not in UNFINISHED:
                raise ValueError(
                    t("{key} is not a field of an answer", key=f"unfinished.{item}.{key}")
                )
            if key == "reading" and type(value) is int and fits_float(value):
                kept[key] = float(value)  # a whole number is a reading (a truth value is not)
                continue
            kind = UNFINISHED[key]
            _expect(fields, key, kind, f"unfinished.{item}.", of=str if kind is list else None)
        out[item] = kept
    return out


# the fields a draft's [draft] table holds, and those it must
_HEAD_FIELDS = {f.name for f in fields_of(Draft) if f.init} - {"answers", "unfinished"}
_HEAD_NEEDED = tuple(  # (in the draft's order: its id first)
    f.name
    for f in fields_of(Draft)
    if f.init and f.default is MISSING and f.default_factory is MISSING
)


def draft_from_dict(doc: dict[str, Any]) -> Draft:
    """The draft a parsed file holds; its damage (a ValueError) said in the run's language."""
    if "draft" not in doc:
        raise ValueError(t("{path} is missing", path="draft"))
    if not isinstance(doc["draft"], dict):
        raise ValueError(t("{key} is not a table", key="draft"))
    head = dict(doc["draft"])
    kind = head.pop("format", None)
    if kind not in _FORMATS:
        if isinstance(kind, str) and kind.startswith(_FORMAT_FAMILY):
            raise NewerDraft(kind)
        raise ValueError(t("not a minecheck draft"))
    for key in head:
        if key not in _HEAD_FIELDS:
            raise ValueError(t("{key} is not a field of a draft", key=f"draft.{key}"))
    for key in _HEAD_TEXT:
        _expect(head, key, str, "draft.")
    for key in ("started", "updated"):
        _expect(head, key, dt.datetime, "draft.")
    for key in ("site_tags", "skipped", "history"):
        _expect(head, key, list, "draft.", of=str)
    for key in _HEAD_NEEDED:
        if key not in head:
            raise ValueError(t("{path} is missing", path=f"draft.{key}"))
    raw_answers = doc.get("answers", {})
    if not isinstance(raw_answers, dict):
        raise ValueError(t("{key} is not a table", key="answers"))
    answers = {k: _finding_from(k, v) for k, v in raw_answers.items()}
    # a reading that is not a finite number (written by an older version) is not an answer:
    # the item is asked again rather than the draft failing at every resume
    answers = {
        k: f for k, f in answers.items() if f.reading is None or math.isfinite(f.reading.value)
    }
    unfinished = _unfinished_from(doc.get("unfinished", {}))
    return Draft(**head, answers=answers, unfinished=unfinished)


class NewerDraft(ValueError):
    """A draft of a format this minecheck does not know: a newer one wrote it."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


class DamagedDraft(InputError):
    """A draft whose contents are not a draft's: the damage said alone (`reason`), for a
    question that names the draft its own way (`drafts discard`)."""

    def __init__(
        self,
        message: str,
        reason: str,
        *,
        hint: str | None = None,
        problems: Sequence[Problem] = (),
    ) -> None:
        super().__init__(message, hint=hint, problems=problems)
        self.reason = reason


def draft_path(directory: Path, draft_id: str) -> Path:
    return directory / f"{draft_id}.toml"


def lock_path(directory: Path, draft_id: str) -> Path:
    return directory / f"{draft_id}.lock"


def remove_lock(directory: Path, draft_id: str) -> None:
    """The lock file of a draft that is gone (signed, discarded, nothing answered): left
    behind it holds nothing and is taken again by the next draft of that id (one that cannot be
    removed, on a failing disk, is left)."""
    with contextlib.suppress(OSError):
        lock_path(directory, draft_id).unlink(missing_ok=True)


def save(directory: Path, draft: Draft) -> None:
    from minecheck.fileio import atomic_write, make_directory

    make_directory(directory, 0o700)
    draft.updated = utc_now()
    data = draft.to_toml().encode("utf-8")
    atomic_write(draft_path(directory, draft.id), data, force=True, mode=0o600, output=False)


# A draft holds what a findings document of its checklist holds, and no more: one larger was
# not written by minecheck, and is not read whole into memory.
MAX_DRAFT_BYTES = 64 * 1024 * 1024


def _no_draft(draft_id: str) -> UsageError:
    """The error for a draft id that names no draft (or one gone meanwhile)."""
    return UsageError(t("no draft {id}", id=id_said(draft_id)), hint="minecheck drafts list")


def load(path: Path) -> Draft:
    """The draft in `path`. Whatever else is there (a FIFO, a directory, a device, a file over
    MAX_DRAFT_BYTES: another user's on a shared computer) is an InputError, said before anything
    is read: it is never opened to wait for a writer."""
    from minecheck.fileio import read_limited

    if not os.path.lexists(path):
        raise _no_draft(path.stem)
    try:
        data = read_limited(path, MAX_DRAFT_BYTES, "draft", pipe_ok=False)
        text = decode_text(data, str(path))
        try:
            parsed = parse_toml(text, str(path))
        except InputError as exc:  # (where it fails kept: said before the error, as ever)
            raise _damaged(path, t("not valid TOML"), exc.problems) from None
        draft = draft_from_dict(parsed)
        if draft.id != path.stem:  # (saved, signed and removed by its id: `../x` went there)
            raise ValueError(t("draft.id {id} is not the draft's file name", id=quoted(draft.id)))
        return draft
    except InputError:
        if os.path.lexists(path):
            raise
        # gone between the look and the read (removed by hand, which takes no lock): the
        # reader said "PATH: no such file"
        raise _no_draft(path.stem) from None
    except NewerDraft as exc:
        raise InputError(
            t(
                "draft {id} was written by a newer version of minecheck ({format}); "
                "it was left as it is",
                id=id_said(path.stem),
                format=exc.kind,
            ),
            hint=t("resume it with that version, or a later one"),
            code="draft-newer",
        ) from None
    except (KeyError, TypeError, ValueError) as exc:  # (a ValueError's words are the run's)
        reason = str(exc) if type(exc) is ValueError else t("its fields are not a draft's")
        raise _damaged(path, reason) from None


def _damaged(path: Path, reason: str, problems: Sequence[Problem] = ()) -> DamagedDraft:
    """The error of the damaged draft in `path`: what is wrong, and the way out (it cannot be
    resumed), its id one word of the command as a hint writes a word that is no path
    (`shell_arg`). An id ending in a line break no command can name (`$(...)` drops it, and
    the discard of `a<LF>` discarded the draft `a`): the removal of its file is given, whose
    path a shell carries (it ends in `.toml`)."""
    draft_id = path.stem
    hint = (
        t(
            "it cannot be resumed, and no command can name its id (it ends in a line break): "
            "remove its file with:\n  rm -- {path}",
            path=shell_word(path),
        )
        if draft_id.endswith("\n")
        else t(
            "it cannot be resumed; discard it with:\n  minecheck drafts discard {id}",
            id=id_word(draft_id),
        )
    )
    return DamagedDraft(
        t(
            "draft {id} is damaged ({reason}); it was left as it is",
            id=id_said(draft_id),
            reason=reason,
        ),
        reason,
        hint=hint,
        problems=problems,
    )


def find(directory: Path, ref: str) -> Path:
    """A draft by id, or by a unique prefix of its id, matched character for character (a glob
    pattern made of it let `drafts discard '?' --yes` discard the only draft, and `'*'` was a
    traceback)."""
    if not ref or "/" in ref or ref.startswith("."):
        said = t("{ref} is not a draft id", ref=quoted(ref))  # ('' shown as nothing at all)
        raise UsageError(said, hint="minecheck drafts list")
    exact = draft_path(directory, ref)
    if exact.exists():
        return exact
    matches = sorted(directory / name for name in _draft_names(directory) if name.startswith(ref))
    if len(matches) > 1:
        # a copy made by hand beside a draft (`ID.backup.toml`: damaged, its id not its name)
        # made the 8 characters `drafts list` shows ambiguous; a name minecheck gives wins
        ours = [path for path in matches if _MADE_ID.fullmatch(path.stem)]
        matches = ours if len(ours) == 1 else matches
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        said = t("draft id {ref} is ambiguous", ref=id_said(ref))
        raise UsageError(said, hint=t("give more of the id"))
    raise _no_draft(ref)


_MADE_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")  # uuid4()


def id_said(ref: str) -> str:
    """A draft id as a message names it: bare, as "saved draft ID" says it, but quoted where a
    blank begins or ends it (`' '` was said as nothing at all, `'abc '` as `abc`); marked where
    it is not in composed form (NFC), as a terminal shows `e` + U+0301 and `é` alike: two drafts
    so named were two identical lines, each with its own hint, and none could tell whose."""
    said = ref if ref.strip() == ref else quoted(ref)
    if ref.isascii() or unicodedata.is_normalized("NFC", ref):
        return said
    return t("{id} (not in composed form)", id=said)


def id_word(draft_id: str) -> str:
    """A draft id as a hint's command names it: one word to a shell (`shell_arg`: an id not in
    composed form spelt by its bytes, a blank quoted), after `--` where it starts with `-` (as
    an option it named no draft). Every hint that hands `drafts resume` or `drafts discard`
    names its draft so: the walk's stop wrote `drafts resume -é 1`, an option and two words."""
    word = shell_arg(draft_id)
    return f"-- {word}" if draft_id.startswith("-") else word


def ids_shown(names: Iterable[str]) -> dict[str, str]:
    """Each draft id of `names` (every draft file's, read or not) as a table shows it: the
    shortest start of it that `find` takes for it, 8 characters at least (a made id's first 8
    were shown), said as `id_said` says it (marked where not in composed form). The first 8
    made two drafts `12345678-a...` and `12345678-b...` one row each of `12345678`, which
    `drafts resume` called ambiguous. As `find` takes it: a start no other id begins with, or
    none of the other made ids for a made id (a copy `ID.backup` beside it is passed over); never
    another draft's whole id (that one is found by it)."""
    every = set(names)
    made = sorted(name for name in every if _MADE_ID.fullmatch(name))
    others = sorted(every)
    shown: dict[str, str] = {}
    for name in others:
        rivals = made if _MADE_ID.fullmatch(name) else others
        at = bisect.bisect_left(rivals, name)
        near = rivals[max(at - 1, 0) : at] + rivals[at + 1 : at + 2]  # (the likest, sorted)
        # (by character, as `find` compares names: no path here)
        common = (len(os.path.commonprefix([name, other])) for other in near)  # noqa: RUF071
        cut = max(8, max(common, default=-1) + 1)
        while cut < len(name) and name[:cut] in every:
            cut += 1
        shown[name] = id_said(name[:cut])
    return shown


def id_shown(directory: Path, draft_id: str) -> str:
    """The draft `draft_id` of `directory` as `drafts list` shows it (`ids_shown`): the walk's
    offer to resume and `drafts discard`'s question named it by its first 8 characters, which
    named `12345678-aaaa` and `12345678-bbbb` alike."""
    names = [name.removesuffix(".toml") for name in _draft_names(directory)]
    return ids_shown([*names, draft_id])[draft_id]


def _draft_names(directory: Path) -> list[str]:
    """The names of the draft files in `directory`, `*.toml` but hidden ones; none before the
    first walk made it. A file (or a link to nothing) where it or a directory above it should
    be is said, as the walk says it: "no unfinished inspections" there hid every draft a walk
    could not save (`drafts list`), and "no draft ID" the draft just listed elsewhere."""
    try:
        with os.scandir(directory) as entries:
            return [e.name for e in entries if e.name.endswith(".toml") and e.name[0] != "."]
    except (FileNotFoundError, NotADirectoryError):
        blocked = _in_the_way(directory)
        if blocked is None:
            return []
        from minecheck.fileio import InTheWay

        raise InTheWay(blocked) from None
    except OSError as exc:  # (not allowed to list it)
        reason = os_reason(exc)
        said = t("{path}: cannot read: {reason}", path=directory, reason=reason)
        raise InputError(said, path=f"{directory}") from None


def _in_the_way(directory: Path) -> Path | None:
    """The file, or link to nothing, at `directory` or the nearest directory above it that is
    there, where a directory is needed; None where each is a directory or not there."""
    probe = directory
    while not os.path.lexists(probe) and probe.parent != probe:
        probe = probe.parent
    return probe if os.path.lexists(probe) and not probe.is_dir() else None


def all_drafts(directory: Path) -> Iterator[tuple[Path, Draft | None]]:
    """Every draft file with its draft, or None for one that cannot be read."""
    for path, draft in read_drafts(directory):
        yield path, draft if isinstance(draft, Draft) else None


def read_drafts(directory: Path) -> Iterator[tuple[Path, Draft | InputError | UsageError]]:
    """Every draft file with its draft, or why it cannot be read. One gone since the
    directory was listed (discarded, or signed, by another minecheck meanwhile) is left out, as
    a list taken a moment later leaves it out: it is not a draft that cannot be read."""
    for path in sorted(directory / name for name in _draft_names(directory)):
        try:
            yield path, load(path)
        except (InputError, UsageError) as exc:
            if os.path.lexists(path):
                yield path, exc


_PID_BYTES = 32  # a lock file's first line: a pid, written by `DraftLock.acquire`


# how many times a lock is taken again when the file it took was removed as it took it (by a
# refused command letting its own go): once is what a race gives; past these, kept as taken
_TAKEN_AGAIN = 20


def _names(path: Path, lock: Any) -> bool:
    """Whether `path` still names the file `lock` (a held FileLock) is taken on; True where
    that cannot be told (a filelock that keeps its descriptor elsewhere: taken as before)."""
    fd = getattr(getattr(lock, "_context", None), "lock_file_fd", None)
    if not isinstance(fd, int):
        return True
    try:
        held, named = os.fstat(fd), os.stat(path)
    except OSError:
        return False
    return (held.st_dev, held.st_ino) == (named.st_dev, named.st_ino)


class DraftLock:
    """One process at a time per draft, held on what the lock file is, not on a name.

    The lock (a portable file lock) is taken on `<id>.lock`. A lock on a file that someone then
    deletes protects nothing, so `check()` (called before every save) makes sure the path still
    names the locked file and, when it does not (the drafts directory was removed), takes the lock
    again on the new file or stops if another process has it.
    """

    def __init__(self, directory: Path, draft_id: str) -> None:
        self.directory = directory
        self.draft_id = draft_id
        self.path = lock_path(directory, draft_id)
        self._lock: Any = None
        self._identity: tuple[int, int] | None = None
        self._made = False  # the lock file was not there before it was taken here
        self._saved = False  # a draft was saved under it (`check` comes before every save)

    def acquire(self, wait: float = 0.0) -> None:
        from filelock import FileLock, Timeout

        from minecheck.fileio import make_directory

        make_directory(self.directory, 0o700)
        deadline = time.monotonic() + wait
        for taken in range(1, _TAKEN_AGAIN + 1):
            there = os.path.lexists(self.path)
            lock = FileLock(str(self.path), timeout=wait, mode=0o600, is_singleton=False)
            try:
                lock.acquire(timeout=max(0.0, deadline - time.monotonic()), poll_interval=0.05)
            except Timeout:
                self._busy()
            if taken == _TAKEN_AGAIN or _names(self.path, lock):
                break
            # (the file was removed as it was taken: a refused command's, which it made; the
            # lock is taken again on the file the name is now, or on a new one)
            with contextlib.suppress(OSError):
                lock.release(force=True)
        self._lock = lock
        self._made = not there
        with contextlib.suppress(OSError):
            self.path.write_text(str(os.getpid()), encoding="ascii")
        info = os.stat(self.path)
        self._identity = (info.st_dev, info.st_ino)

    def _busy(self) -> None:
        """Refuse: another process holds the draft (named where its lock file says who)."""
        pid = self.holder()
        raise UsageError(
            t(
                "draft {id} is open in another minecheck (process {pid})",
                id=id_said(self.draft_id),
                pid=pid,
            )
            if pid
            else t("draft {id} is open in another minecheck", id=id_said(self.draft_id)),
            hint=t("finish or quit that one first"),
        ) from None

    def holder(self) -> str:
        """The holder's pid, the first line of the lock file as it wrote it (spaces and a CR
        around it dropped); "" where there is none to name: in the instant before it has
        written it, a file that cannot be read, or one that holds no pid (written by hand or
        by another program). Only the file's first bytes are read, whatever its size."""
        try:
            with open(self.path, "rb") as lock_file:
                head = lock_file.read(_PID_BYTES)
        except OSError:
            return ""
        pid = head.split(b"\n", 1)[0].strip(b" \t\r")
        return pid.decode("ascii") if pid.isdigit() and len(pid) < _PID_BYTES else ""

    def check(self) -> None:
        """The lock still holds the draft; taken again if its file was removed under us."""
        self._saved = True  # (a save follows)
        try:
            info = os.stat(self.path)
            if (info.st_dev, info.st_ino) == self._identity:
                return
        except OSError:
            pass
        self._let_go()
        self.acquire()

    def release(self) -> None:
        """Let the lock go; and its file, where it was made here and no draft was saved
        under it: a command refused or stopped before it saved leaves nothing behind (a
        file that was there before, a walk's, stays)."""
        if self._made and self._lock is not None and not self._saved:
            # (removed while still held: a process that takes the lock as it is let go finds
            # the name gone, or another file, and takes it again there: `_names`)
            remove_lock(self.directory, self.draft_id)
        self._let_go()

    def _let_go(self) -> None:
        if self._lock is not None:
            with contextlib.suppress(OSError):
                self._lock.release(force=True)
            self._lock = None


DISCARD_WAIT = 1.0  # s: a discard waits this long for the lock (another discard lets go at once)


@contextlib.contextmanager
def locked(directory: Path, draft_id: str, wait: float = 0.0) -> Iterator[DraftLock]:
    """Hold the draft's lock, or fail if another process holds it after `wait` seconds (none:
    a walk holds its draft for minutes)."""
    lock = DraftLock(directory, draft_id)
    lock.acquire(wait)
    try:
        yield lock
    finally:
        lock.release()


def discard(directory: Path, draft_id: str, wait: float | None = None) -> None:
    """Remove a draft, waiting up to `wait` seconds (DISCARD_WAIT) for another holder."""
    with locked(directory, draft_id, DISCARD_WAIT if wait is None else wait):
        kept = _a_folder(directory, draft_id)
        gone = False
        try:
            if kept is None:
                draft_path(directory, draft_id).unlink()
        except FileNotFoundError:  # discarded or signed by another minecheck since it was found
            gone = True
        except OSError as exc:  # (not allowed, a failing disk): the lock goes, the draft stays
            said = t(
                "draft {id} could not be removed ({reason}); it was left as it is",
                id=id_said(draft_id),
                reason=os_reason(exc),
            )
            kept = InputError(said, path=f"{draft_path(directory, draft_id)}")
    remove_lock(directory, draft_id)  # (the draft is gone: "nothing was discarded" is untrue)
    if kept is not None:  # (a folder put there since it was listed, or one not removed)
        raise kept
    if gone:  # as a discard run just after the other would say
        raise _no_draft(draft_id)


def _a_folder(directory: Path, draft_id: str) -> InputError | None:
    """The error for a folder (not a link to one) at a draft's name, which a discard leaves as
    it is: unlinking it failed with the system's words, the lock left behind. None for any
    other thing there."""
    path = draft_path(directory, draft_id)
    if not path.is_dir() or path.is_symlink():
        return None
    said = t("draft {id} is a directory, not a draft; it was left as it is", id=id_said(draft_id))
    return InputError(said, path=f"{path}")


def refuse_a_folder(directory: Path, draft_id: str) -> None:
    """Raise `_a_folder`'s error, before a discard is asked of one."""
    folder = _a_folder(directory, draft_id)
    if folder is not None:
        raise folder
