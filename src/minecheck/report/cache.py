"""A per-document result cache in SQLite: what was read from a file, keyed by its exact bytes.

A value is stored under the SHA-256 of the file's bytes and a version string the caller chooses
(the tool version and the schema of what it stores): a changed file has another hash and so is
never served stale, and a value made by another version of minecheck is simply not found. Values
are opaque bytes; the caller serializes them with a data-only codec (JSON or a fixed binary
layout, never pickle: the file sits on disk) and treats a value it cannot decode as a miss.

Trust is never cached. What a file *is* depends only on its bytes (its parsed content, whether
its signature matches them, the key that signed it); whether that key is *trusted* depends on
allowed_signers and revoked_keys as they are today, so it is judged afresh on every run from the
cached key and principal. A key revoked since yesterday is revoked today.

Values of versions no run has used for KEEP_UNUSED_S (30 days) are deleted, so the cache does
not grow with every version of minecheck installed: each version notes when it was last used
(`used`, at most once a day, when the cache is opened), and that note deletes what has expired. A
version found in the cache without a note (kept by a minecheck from before the notes) is noted
then, so its values are kept 30 days from there. What is deleted is overwritten with zeros; the
space freed is reused by later values, and the file does not shrink.

The cache is an optimisation and never an error: a file that is not a database or has another
layout is deleted and made anew; if even that fails, or SQLite fails later, the cache turns itself
off for the rest of the run and every lookup misses. A disk that refuses (full, read-only) turns it
off and deletes nothing. Several processes may use it at once (WAL
journal, a busy timeout, one short transaction per batch of writes).
"""

from __future__ import annotations

import contextlib
import hashlib
import sqlite3
import stat
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FILE_NAME = "results.sqlite3"
LAYOUT = 2  # the tables below; kept in PRAGMA user_version
BUSY_TIMEOUT_S = 2.0  # a write batch of another run takes milliseconds; a held lock, longer
_BATCH = 500  # digests per SELECT ... IN (...), well under SQLite's variable limit
KEEP_UNUSED_S = 30 * 86_400  # another version's values, unused this long, are deleted
NOTE_EVERY_S = 86_400  # a version's use is noted at most this often
_clock = time.time

# A rowid table with its (version, digest) index apart: values are kilobytes, so asking
# which digests are held reads the index alone, and writing one does not move its neighbours
# (layout 1, WITHOUT ROWID, held the values in the key's tree: inserts 1.8x, lookups 7x slower).
_SCHEMA = """
CREATE TABLE IF NOT EXISTS result (
    version TEXT NOT NULL,
    digest BLOB NOT NULL,
    value BLOB NOT NULL,
    UNIQUE (version, digest)
);
"""
# When each version was last used (seconds since the epoch); added to layout 2 where missing.
_USED = """
CREATE TABLE IF NOT EXISTS used (
    version TEXT PRIMARY KEY,
    at INTEGER NOT NULL
);
"""


def content_key(data: bytes) -> bytes:
    """The key of a file's content: the SHA-256 of its exact bytes."""
    return hashlib.sha256(data).digest()


class ResultCache:
    """Values by (version, content digest) in one SQLite file; see the module's notes."""

    def __init__(self, path: Path, version: str) -> None:
        self.path = path
        self.version = version
        self._db: sqlite3.Connection | None = None
        self.problem: str | None = None  # why the cache is off, when it is
        self._db = self._open(rebuild_on_error=True)
        self._note_use()

    # -- opening and repair -------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        try:
            db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            layout = db.execute("PRAGMA user_version").fetchone()[0]
            if layout not in (0, LAYOUT):
                raise sqlite3.DatabaseError(f"cache layout {layout}, expected {LAYOUT}")
            if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")
            # a value deleted (pruned, expired) is overwritten, not left in a free page where a
            # reader of the file finds its sites and names (Debian's SQLite does so already)
            db.execute("PRAGMA secure_delete = ON")
            if layout == 0:
                db.execute("BEGIN IMMEDIATE")
                db.execute(_SCHEMA)
                db.execute(f"PRAGMA user_version = {LAYOUT}")
                db.execute("COMMIT")
            db.execute(_USED)  # (a write only where a cache from before lacks the table)
            # a table of the right name but another shape fails here, not on first use
            db.execute("SELECT version, digest, value FROM result LIMIT 0").fetchall()
            db.execute("SELECT version, at FROM used LIMIT 0").fetchall()
        except BaseException:
            db.close()
            raise
        return db

    def _connect_when_free(self) -> sqlite3.Connection:
        """Connect, waiting a little while another run holds the database."""
        for attempt in range(_BUSY_RETRIES):
            try:
                return self._connect()
            except sqlite3.OperationalError as exc:
                if not _busy(exc):
                    raise
                time.sleep(0.05 * (attempt + 1))
        return self._connect()

    def _open(self, *, rebuild_on_error: bool) -> sqlite3.Connection | None:
        from minecheck.errors import InputError
        from minecheck.paths import make_private_dir

        try:
            make_private_dir(self.path.parent)
            others = _writable_by_others(self.path.parent) or _writable_by_others(self.path)
            if others:  # whoever can write the values can change what reports say
                self._off(f"the cache cannot be used: {others}")
                _note_to_mend(self.path)
                return None
            _make_private(self.path)
            return self._connect_when_free()
        except sqlite3.OperationalError as exc:  # busy, or a disk that refuses: kept
            if rebuild_on_error and not _busy(exc) and not _disk_refused(exc):
                self._discard()
                return self._open(rebuild_on_error=False)
            self._off(f"the cache cannot be used: {exc}")
            if not _busy(exc):  # (busy: another run holds it, as is normal)
                _note_to_mend(self.path, full=_full(exc), reason=f"{exc}")
        except sqlite3.DatabaseError as exc:
            if rebuild_on_error:
                self._discard()
                return self._open(rebuild_on_error=False)
            self._off(f"the cache cannot be used: {exc}")
            _note_to_mend(self.path, reason=f"{exc}")  # (damaged, and not deleted)
        except (sqlite3.Error, OSError) as exc:
            self._off(f"the cache cannot be used: {exc}")
            _note_to_mend(self.path, full=_full(exc), reason=_reason(exc))
        except InputError as exc:  # a file where its directory would be (moved away: used again)
            self._off(f"the cache cannot be used: {exc.message}")
            _note_to_mend(self.path, reason=exc.message)
        return None

    def _note_use(self) -> None:
        """Note that this version is in use (at most once per NOTE_EVERY_S) and delete the values
        of versions unused for KEEP_UNUSED_S. Busy (another run writes): noted another time."""
        if self._db is None:
            return
        now = int(_clock())
        try:
            row = self._db.execute(
                "SELECT at FROM used WHERE version = ?", (self.version,)
            ).fetchone()
            if row is not None and 0 <= now - row[0] < NOTE_EVERY_S:
                return
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.execute(
                    "INSERT OR REPLACE INTO used (version, at) VALUES (?, ?)", (self.version, now)
                )
                self._db.execute(
                    "INSERT OR IGNORE INTO used (version, at) "
                    "SELECT DISTINCT version, ? FROM result",
                    (now,),
                )
                expired = now - KEEP_UNUSED_S
                self._db.execute(
                    "DELETE FROM result WHERE version IN (SELECT version FROM used WHERE at < ?)",
                    (expired,),
                )
                self._db.execute("DELETE FROM used WHERE at < ?", (expired,))
                self._db.execute("COMMIT")
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    self._db.execute("ROLLBACK")
                raise
        except sqlite3.OperationalError as exc:
            if not _busy(exc):
                self._failed(exc)
        except sqlite3.Error as exc:
            self._failed(exc)

    def _discard(self) -> None:
        """Delete a damaged cache file (and its journal), so it is made anew."""
        for suffix in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(OSError):
                self.path.with_name(self.path.name + suffix).unlink(missing_ok=True)

    def _off(self, why: str) -> None:
        self.problem = why
        self.close()

    def _failed(self, exc: sqlite3.Error) -> None:
        """Off for this run; a damaged file (not merely a busy one) is deleted for the next. What
        no next run mends (a file that stays, a disk that fails) is noted for the user."""
        self._off(f"the cache failed: {exc}")
        if not isinstance(exc, sqlite3.OperationalError):
            self._discard()
            if self.path.exists():
                _note_to_mend(self.path, reason=f"{exc}")
        elif not _busy(exc):  # (busy past the retries: another run holds it)
            _note_to_mend(self.path, full=_full(exc), reason=f"{exc}")

    @property
    def enabled(self) -> bool:
        return self._db is not None

    # -- use ----------------------------------------------------------------------------------

    def get(self, digest: bytes) -> bytes | None:
        return self.get_many([digest]).get(digest)

    def get_many(self, digests: Iterable[bytes]) -> dict[bytes, bytes]:
        """The values found, by digest; a digest not cached (for this version) is left out."""
        return {bytes(d): bytes(v) for d, v in self._select("digest, value", digests)}

    def holds_any(self) -> bool:
        """Whether any value is kept for this version (one indexed look)."""
        if self._db is None:
            return False
        try:
            row = self._db.execute(
                "SELECT 1 FROM result WHERE version = ? LIMIT 1", (self.version,)
            ).fetchone()
        except sqlite3.Error as exc:
            self._failed(exc)
            return False
        return row is not None

    def contains_many(self, digests: Iterable[bytes]) -> set[bytes]:
        """The digests that have a value (for this version), without reading the values."""
        return {bytes(d) for (d,) in self._select("digest", digests)}

    def _select(self, columns: str, digests: Iterable[bytes]) -> list[tuple[Any, ...]]:
        """`columns` of the rows for `digests` (this version), asked in batches."""
        wanted = list(dict.fromkeys(digests))
        rows: list[tuple[Any, ...]] = []
        for start in range(0, len(wanted), _BATCH):
            if self._db is None:
                break
            part = wanted[start : start + _BATCH]
            marks = ",".join("?" * len(part))
            try:
                rows.extend(
                    self._db.execute(
                        f"SELECT {columns} FROM result WHERE version = ? AND digest IN ({marks})",  # noqa: S608 - fixed column names and '?' marks only
                        (self.version, *part),
                    ).fetchall()
                )
            except sqlite3.Error as exc:
                self._failed(exc)
                break
        return rows

    def put(self, digest: bytes, value: bytes) -> None:
        self.put_many({digest: value})

    def put_many(self, values: Mapping[bytes, bytes]) -> None:
        """Store values, one short transaction per batch; a failure turns the cache off."""
        items = list(values.items())
        for start in range(0, len(items), _BATCH):
            if self._db is None:
                return
            part = items[start : start + _BATCH]
            for attempt in range(_BUSY_RETRIES + 1):
                try:
                    self._db.execute("BEGIN IMMEDIATE")
                    self._db.executemany(
                        "INSERT OR REPLACE INTO result (version, digest, value) VALUES (?, ?, ?)",
                        [(self.version, d, v) for d, v in part],
                    )
                    self._db.execute("COMMIT")
                    break
                except sqlite3.OperationalError as exc:
                    with contextlib.suppress(sqlite3.Error):
                        self._db.execute("ROLLBACK")
                    if attempt == _BUSY_RETRIES or not _busy(exc):
                        self._failed(exc)
                        break
                    time.sleep(0.05 * (attempt + 1))  # another run holds the lock: wait a little
                except sqlite3.Error as exc:
                    self._failed(exc)
                    break

    def keep_latest(self, count: int) -> None:
        """Delete this version's values but the `count` written last (a replaced value is a new
        row, so it counts as written then). Busy: left for the next write to do."""
        if self._db is None:
            return
        try:
            self._db.execute(
                "DELETE FROM result WHERE version = ? AND rowid < (SELECT rowid FROM result"
                " WHERE version = ? ORDER BY rowid DESC LIMIT 1 OFFSET ?)",
                (self.version, self.version, count - 1),
            )
        except sqlite3.OperationalError as exc:
            if not _busy(exc):
                self._failed(exc)
        except sqlite3.Error as exc:
            self._failed(exc)

    def close(self) -> None:
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
            self._db = None

    def __enter__(self) -> ResultCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class NoCache(ResultCache):
    """`--no-cache`: every lookup misses, nothing is written, no file is touched."""

    def __init__(self) -> None:
        self.path = Path()
        self.version = ""
        self._db = None
        self.problem = None


def open_cache(version: str, *, enabled: bool = True, directory: Path | None = None) -> ResultCache:
    """The user's result cache for `version` (in paths.cache_dir()), or a NoCache."""
    if not enabled:
        return NoCache()
    from minecheck.errors import UsageError
    from minecheck.paths import cache_dir

    try:
        return ResultCache((directory or cache_dir()) / FILE_NAME, version)
    except UsageError:  # no home to keep a cache in: the run reads every file, as --no-cache
        return NoCache()


_BUSY_RETRIES = 2  # then the run goes on without the cache (a backup, a sqlite3 shell)


@dataclass(frozen=True)
class ToMend:
    """Why the cache is off where the user can mend it, and what to mend (`path`): `in-the-way`
    (not a file, or not a folder, minecheck can use: a directory, a FIFO, a device), `another-user`
    (owned by another user, `detail` its name or number), `open` (group or others may write
    it), `full` (the disk that holds it) or `unusable` (none of these, and no next run mends it
    alone: a damaged file minecheck could not delete, a disk that fails; `detail` what SQLite
    or the system said). A busy cache, `--no-cache` and no home are none of these, nor a damaged
    file minecheck deleted (the next run makes it anew)."""

    why: str
    path: Path
    detail: str = ""


_to_mend: list[ToMend] = []  # what this process found, the first kept (`take_to_mend`)


def take_to_mend() -> ToMend | None:
    """What made a cache opened since the last call turn itself off, the user's to mend (the
    first found), or None; forgotten once taken, so a run says it once."""
    found = _to_mend[0] if _to_mend else None
    _to_mend.clear()
    return found


def _note_to_mend(path: Path, *, full: bool = False, reason: str | None = None) -> None:
    """Find, on a cache turned off, what is in its way (only then: a sound cache stats nothing
    more), and keep it for `take_to_mend`; where nothing is in its way, the full disk, else
    `reason` (`unusable`), else nothing."""
    if _to_mend:
        return
    found = _in_the_way(path)
    if found is None and full:
        found = ToMend("full", path.parent)
    elif found is None and reason is not None:
        found = ToMend("unusable", path, reason)
    if found is not None:
        _to_mend.append(found)


def _in_the_way(path: Path) -> ToMend | None:
    """The first of the cache's folder, its file and the file's journals that is not of its kind
    (followed through a link; a link to nothing is of none), is another user's, or is writable
    by group or others."""
    import os

    wanted = [(path.parent, stat.S_ISDIR), (path, stat.S_ISREG)]
    wanted += [(path.with_name(path.name + s), stat.S_ISREG) for s in ("-wal", "-shm", "-journal")]
    for place, kind in wanted:
        try:
            st = place.stat()
        except FileNotFoundError:
            if place.is_symlink():  # (a link to nothing: it stands where the cache goes)
                return ToMend("in-the-way", place)
            continue
        except OSError:  # (a loop of links, a file where a folder goes)
            return ToMend("in-the-way", place)
        if not kind(st.st_mode):
            return ToMend("in-the-way", place)
        if hasattr(os, "getuid") and st.st_uid != os.getuid():
            return ToMend("another-user", place, _owner(st.st_uid))
        if st.st_mode & 0o022:
            return ToMend("open", place)
    return None


def _owner(uid: int) -> str:
    """The name of the user `uid` (POSIX), or its number where it has none."""
    import pwd

    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"{uid}"


def _reason(exc: Exception) -> str:
    """What the system or SQLite said, without the path the warning names already."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return f"{exc}"


def _full(exc: Exception) -> bool:
    """A refusal for a full disk (or a full quota), by SQLite or by the system."""
    import errno

    if isinstance(exc, sqlite3.Error):
        code = getattr(exc, "sqlite_errorcode", None)
        return isinstance(code, int) and code & 0xFF == sqlite3.SQLITE_FULL
    return isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT)


def _writable_by_others(path: Path) -> str | None:
    """Why another user could change what is at `path` (POSIX), or None: it is owned by another
    user, or group or others may write it. Nothing there yet is nobody's."""
    import os

    if not hasattr(os, "getuid"):
        return None
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    if st.st_uid != os.getuid():
        return f"{path} belongs to another user"
    if st.st_mode & 0o022:
        return f"{path} can be written by group or others"
    return None


def _make_private(path: Path) -> None:
    """Make the cache file its owner's alone (0600), whatever the umask: it holds what reports
    read (sites, inspectors, descriptions, responsible persons). SQLite makes its journal, WAL
    and shared-memory files with the database's mode, so they follow. A file another user owns
    is not touched (it was refused before this)."""
    import os

    try:
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
        fd = os.open(path, flags, 0o600)
    except OSError:  # (a directory of its name, a full disk: SQLite says it as it says them)
        return
    try:
        if hasattr(os, "fchmod") and stat.S_IMODE(os.fstat(fd).st_mode) & 0o077:
            os.fchmod(fd, 0o600)
    finally:
        os.close(fd)


# What SQLite says where the disk or the system refuses, not the file's content: no permission,
# no memory, read-only, an I/O error (a full disk where the shared-memory file is made), full,
# cannot open, a lock protocol error.
_REFUSALS = frozenset(
    getattr(sqlite3, name)
    for name in (
        "SQLITE_PERM",
        "SQLITE_NOMEM",
        "SQLITE_READONLY",
        "SQLITE_IOERR",
        "SQLITE_FULL",
        "SQLITE_CANTOPEN",
        "SQLITE_PROTOCOL",
    )
)


def _disk_refused(exc: sqlite3.OperationalError) -> bool:
    """The disk refused (full, read-only, an I/O error): the file may be sound and is kept,
    where a file of another shape is made anew. A full disk deleted the whole cache."""
    code = getattr(exc, "sqlite_errorcode", None)
    return isinstance(code, int) and code & 0xFF in _REFUSALS


def _busy(exc: sqlite3.OperationalError) -> bool:
    """Another connection holds the database: worth a retry, not a reason to turn the cache off."""
    text = str(exc).lower()
    return "locked" in text or "busy" in text
