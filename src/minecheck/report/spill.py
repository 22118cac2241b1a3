"""What the two passes over many files learn, in a temporary database (report/stream.py).

Pass 1 writes which documents count and where each is (with the tally a worker counted of it),
the events, and the ids of the documents met (for the conflict check); pass 2 reads the
documents back (in input order, or by inspection id), each inspection's events, and writes
each major's occasion, over which one query settles the repeat-major flag. Rows are written a
batch at a time; nothing is held in memory per file but the ids of the last documents met.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Container, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from minecheck.core.documents import Event
from minecheck.core.loop import (
    EARLIEST,
    NOTE_READ,
    REPEAT_MAJOR_DAYS,
    Occasion,
    SignedEvent,
)
from minecheck.core.merge import (
    SameDayDoc,
    Visit,
    identity_key,
    same_day_key,
    signed_by,
    visit,
)
from minecheck.core.trust import TrustStatus
from minecheck.errors import InputError
from minecheck.report.corpus import Leaf, identity, paused_gc

Key = tuple[bytes, str]  # how `fetch` finds a file again: its content digest and its path
# Where a document is (pass 1 to pass 2): key, index among its file's leaves, status,
# inspection id, whether an event names the inspection, its tally.
Place = tuple[Key, int, TrustStatus, str, bool, bytes | None]
# A major's occasion, as the spill keeps it: site, day (ordinal), inspection, groups (JSON), n.
MajorRow = tuple[str, int, str, str, int]
_BATCH = 500  # rows written at a time
_RECENT = 5000  # document ids kept in memory before they are written

_SCHEMA = """
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
PRAGMA cache_size = -2048;
CREATE TABLE seen (ident TEXT PRIMARY KEY, sha TEXT, path BLOB) WITHOUT ROWID;
CREATE TABLE doc (
    seq INTEGER PRIMARY KEY, iid TEXT, ident TEXT, digest BLOB, name BLOB, leaf INT, status TEXT,
    tally BLOB, site TEXT, day INT, same_site TEXT, checklist TEXT, visit TEXT
);
CREATE TABLE event (
    iid TEXT, item TEXT, action TEXT, at TEXT, method TEXT, deadline TEXT,
    signer TEXT, doc_id TEXT, idx INT, path BLOB, ident TEXT, created TEXT, trust TEXT, note TEXT
);
CREATE TABLE major (site TEXT, day INT, iid TEXT, groups TEXT, n INT);
"""


_DOCUMENTS = (
    "SELECT digest, name, leaf, status, iid,"
    " EXISTS (SELECT 1 FROM event WHERE event.iid = doc.iid), tally FROM doc"
)
_IN_ORDER = f"{_DOCUMENTS} ORDER BY seq"
# an event's columns as `_event` reads them
_EVENTS_OF = (
    "SELECT iid, item, action, at, method, deadline, signer, doc_id, idx, path, ident, created,"
    " trust, note FROM event"
    " WHERE iid = ?"
)
_ORPHANS = (
    "SELECT iid, item, action, at, method, deadline, signer, doc_id, idx, path, ident, created,"
    " trust, note FROM event"
    " WHERE iid NOT IN (SELECT iid FROM doc)"
)
_WITH_OCCASION = "SELECT digest, name, leaf, status, iid, site, day FROM doc ORDER BY seq"
_BY_ID = f"{_DOCUMENTS} ORDER BY iid, seq"
# the documents of inspections of one site, checklist and day (`core.merge.same_day_key`)
# recorded under more than one inspection id, a site, checklist and day after another
_SAME_DAY = (
    "SELECT same_site, checklist, day, iid, status, visit FROM doc"
    " WHERE (same_site, checklist, day) IN (SELECT same_site, checklist, day FROM doc"
    " GROUP BY same_site, checklist, day HAVING COUNT(DISTINCT iid) > 1)"
    " ORDER BY same_site, checklist, day, seq"
)


def _stored(path: str) -> bytes:
    """A path as the database keeps it: a file's name need not be UTF-8 (a name in GBK copied
    from another system reads as text with lone surrogates, which SQLite's text refuses)."""
    return path.encode("utf-8", "surrogateescape")


def _path(stored: bytes) -> str:
    return stored.decode("utf-8", "surrogateescape")


class Spill:
    """What pass 1 learns, in a temporary database on disk (deleted when closed).

    Where no temporary file can be made, the database is kept in memory instead: the summary
    is the same, only its memory grows with the corpus. Rows are written a batch at a time (a
    statement for each costs more than the row); the ids of the documents met last are kept
    in memory too, up to _RECENT of them.
    """

    def __init__(self) -> None:
        import tempfile

        self._recent: dict[str, tuple[str | None, str]] = {}  # not yet in `seen`
        self._stored = False  # whether `seen` holds any row
        self._rows: dict[str, list[tuple[Any, ...]]] = {"doc": [], "event": [], "major": []}
        self._seq = 0  # the documents' order
        self._flagged = False  # whether `flagged` is made

        self._dir: tempfile.TemporaryDirectory[str] | None = None
        try:
            # (a file that cannot be removed once the run is done does not undo the run)
            from minecheck.fileio import (
                remove_stale_working_directories,
                working_directory_prefix,
            )

            remove_stale_working_directories(tempfile.gettempdir())  # (those killed runs left)
            self._dir = tempfile.TemporaryDirectory(
                prefix=working_directory_prefix(), ignore_cleanup_errors=True
            )
            self.db = sqlite3.connect(Path(self._dir.name) / "spill.sqlite3", isolation_level=None)
            self.db.executescript(_SCHEMA)
        except (OSError, sqlite3.Error):
            self.close()
            self.db = sqlite3.connect(":memory:", isolation_level=None)
            self.db.executescript(_SCHEMA)
        except BaseException:  # interrupted while it was being made: no caller can close it
            self.close()
            raise
        self.db.execute("BEGIN")

    def close(self) -> None:
        db = getattr(self, "db", None)
        if db is not None:
            db.close()
        if self._dir is not None:
            self._dir.cleanup()
            self._dir = None

    def first_copy(
        self, document_id: str, sha: str | None, path: str
    ) -> tuple[str | None, str] | None:
        """The SeenDocuments protocol (report.corpus.admitted)."""
        found = self._recent.get(document_id)
        if found is not None:
            return found
        if self._stored:
            row = self.db.execute("SELECT sha, path FROM seen WHERE ident = ?", (document_id,))
            stored: tuple[str | None, bytes] | None = row.fetchone()
            if stored is not None:
                return stored[0], _path(stored[1])
        self._recent[document_id] = (sha, path)
        if len(self._recent) >= _RECENT:
            self.db.executemany(
                "INSERT INTO seen VALUES (?, ?, ?)",
                [(doc_id, sha, _stored(path)) for doc_id, (sha, path) in self._recent.items()],
            )
            self._recent.clear()
            self._stored = True
        return None

    def _add(self, table: str, rows: Iterable[tuple[Any, ...]]) -> None:
        kept = self._rows[table]
        kept.extend(rows)
        if len(kept) >= _BATCH:
            self._write(table)

    def _write(self, table: str) -> None:
        kept = self._rows[table]
        if kept:
            marks = ", ".join("?" * len(kept[0]))
            self.db.executemany(f"INSERT INTO {table} VALUES ({marks})", kept)  # noqa: S608 - fixed names
            kept.clear()

    def flush(self) -> None:
        """Every row written (before the tables are read)."""
        for table in self._rows:
            self._write(table)

    def document(
        self, key: Key, index: int, leaf: Leaf, status: TrustStatus, tally: bytes | None
    ) -> None:
        ins = leaf.inspection
        assert ins is not None
        self._seq += 1
        digest, path = key
        seen = visit(ins)
        site, checklist, on = same_day_key(seen)
        # what `same_day` gives back of it, with no need to read the document again
        said = json.dumps(
            [leaf.signer or "", leaf.path, ins.site, ins.site_id, leaf.hidden_items()]
        )  # (ASCII: a path that is not UTF-8 keeps its lone surrogates as escapes)
        row = (  # (`day`: the day it finished where the report is made, `core.loop.day`)
            *(self._seq, ins.id, identity(leaf), digest, _stored(path), index),
            *(status.value, tally, ins.site_id or ins.site, on.toordinal()),
            *(site, checklist, said),
        )
        self._add("doc", (row,))

    def events(self, leaf: Leaf, status: TrustStatus) -> None:
        ident = identity(leaf)
        created = leaf.created.isoformat() if leaf.created else None
        self._add(
            "event",
            [
                (
                    *ev.finding.partition("/")[::2],
                    ev.action,
                    ev.at.isoformat(),
                    ev.method,
                    ev.new_deadline.isoformat() if ev.new_deadline else None,
                    leaf.signer or "",
                    leaf.document_id or "",
                    i,
                    _stored(leaf.path),
                    ident,
                    created,
                    status.value,
                    _fold_note(ev),
                )
                for i, ev in enumerate(leaf.events)
            ],
        )

    def drop(self, conflicted: set[str]) -> None:
        """Every copy of a document (`identity`) seen with different bytes is left out."""
        self.flush()
        idents = [(d,) for d in conflicted]
        self.db.executemany("DELETE FROM doc WHERE ident = ?", idents)
        self.db.executemany("DELETE FROM event WHERE ident = ?", idents)

    def index(self) -> None:
        self.flush()
        self.db.execute("CREATE INDEX event_iid ON event (iid)")
        self.db.execute("CREATE INDEX doc_iid ON doc (iid)")

    def joint(self) -> dict[str, int]:
        """Inspections more than one document records, and how many."""
        rows = self.db.execute("SELECT iid, COUNT(*) FROM doc GROUP BY iid HAVING COUNT(*) > 1")
        return dict(rows.fetchall())

    def documents(self, *, by_id: bool = False) -> Iterator[Place]:
        """Each findings document that counts, in input order (`by_id`: by inspection id, then
        in input order): where it is, its status, its inspection, whether any event names that
        inspection, and its tally."""
        rows = self.db.execute(_BY_ID if by_id else _IN_ORDER)
        for digest, name, leaf, status, iid, named, tally in rows:
            yield (digest, _path(name)), leaf, TrustStatus(status), iid, bool(named), tally

    def same_day(self) -> Iterator[tuple[tuple[str, str, int], SameDayDoc]]:
        """The findings documents that count of inspections of one site, checklist and day
        (`core.merge.same_day_key`, the day as an ordinal) under more than one inspection id,
        a site, checklist and day after another (after `index`): that key, and the document
        as `core.merge.same_day_inspections` takes it, as pass 1 noted it (none read again)."""
        for site, checklist, on, iid, status, said in self.db.execute(_SAME_DAY):
            signer, path, name, code, items = json.loads(said)
            seen = Visit(iid, name, code, checklist, dt.date.fromordinal(on))
            yield (site, checklist, on), (signed_by(signer, TrustStatus(status)), seen, items, path)

    def alone(
        self, joint: dict[str, int], but: Container[str] = ()
    ) -> Iterator[tuple[Key, int, TrustStatus, MajorRow]]:
        """Each findings document that counts and alone records its inspection (none in
        `joint`, nor in `but`), in input order: where it is, its status, and the occasion of
        its majors if it records any (its inspection's site id or name, the day it finished,
        its id: as `core.loop.occasion` gives it)."""
        for digest, name, leaf, status, iid, site, found in self.db.execute(_WITH_OCCASION):
            if iid not in joint and iid not in but:
                yield (digest, _path(name)), leaf, TrustStatus(status), (site, found, iid, "", 1)

    def withdrawals(self) -> set[str]:
        """The inspections a `withdrawn` event names (a major withdrawn is no occasion)."""
        self.flush()
        rows = self.db.execute("SELECT DISTINCT iid FROM event WHERE action = 'withdrawn'")
        return {iid for (iid,) in rows}

    def events_of(self, iid: str) -> list[SignedEvent]:
        rows = self.db.execute(_EVENTS_OF, (iid,))
        return [_event(row) for row in rows.fetchall()]

    def majors(self, rows: list[MajorRow]) -> None:
        """Major hidden dangers counted (`major_rows`)."""
        if self._flagged and rows:  # the repeats judged before these are judged again
            self.db.execute("DROP TABLE flagged")
            self.db.execute("DROP TABLE occasion")
            self._flagged = False
        self._add("major", rows)

    def repeats(self) -> Iterator[tuple[tuple[tuple[str, ...], ...], int]]:
        """How many majors, per groups, another inspection matched at their site within the
        window (`core.loop.repeated`, as a query: nothing held per occasion)."""
        self.flag_repeats()
        rows = self.db.execute(
            "SELECT groups, SUM(n) FROM major AS a WHERE EXISTS (SELECT 1 FROM flagged AS f"
            " WHERE f.iid = a.iid AND f.site = a.site AND f.day = a.day) GROUP BY groups"
        )
        for groups, n in rows:
            yield tuple(tuple(key) for key in json.loads(groups)), n

    def flag_repeats(self) -> None:
        """Note which majors' occasions another inspection matched at their site within the
        window (`core.loop.repeated`), for `flagged` (made once however often asked).

        Each occasion is judged once, among the occasions: the majors of one occasion are as
        many rows as the groups they fall in (10,000 with `--by item`), and a search among
        those for another inspection's looked through them all, for each."""
        self.flush()
        if self._flagged:
            return
        self.db.execute("CREATE TABLE occasion AS SELECT DISTINCT site, day, iid FROM major")
        self.db.execute("CREATE INDEX occasion_site ON occasion (site, day)")
        self.db.execute(
            "CREATE TABLE flagged AS SELECT site, day, iid FROM occasion AS a WHERE EXISTS"
            " (SELECT 1 FROM occasion AS b WHERE b.site = a.site"
            " AND b.day BETWEEN a.day - ? AND a.day + ? AND b.iid <> a.iid)",
            (REPEAT_MAJOR_DAYS, REPEAT_MAJOR_DAYS),
        )
        self.db.execute("CREATE INDEX flagged_occasion ON flagged (iid, site, day)")
        self._flagged = True

    def repeats_of(self, iid: str) -> frozenset[tuple[str, int]]:
        """The occasions (site, day as an ordinal) of the inspection's majors that repeat
        (after `flag_repeats`)."""
        rows = self.db.execute("SELECT site, day FROM flagged WHERE iid = ?", (iid,))
        return frozenset(rows.fetchall())

    def inspections(self) -> int:
        """How many inspections the documents that count record."""
        return int(self.db.execute("SELECT COUNT(DISTINCT iid) FROM doc").fetchone()[0])

    def flagged(self, when: Occasion) -> bool:
        """Whether a major found on this occasion is a repeat (after `flag_repeats`)."""
        site, day, iid = when
        row = self.db.execute(
            "SELECT 1 FROM flagged WHERE iid = ? AND site = ? AND day = ?",
            (iid, site, day.toordinal()),
        )
        return row.fetchone() is not None

    def orphans(self) -> list[SignedEvent]:
        """Events naming an inspection no document that counts records."""
        rows = self.db.execute(_ORPHANS)
        return [_event(row) for row in rows]


def major_rows(counted: dict[tuple[Occasion, tuple[tuple[str, ...], ...]], int]) -> list[MajorRow]:
    """Major hidden dangers counted, (occasion, the groups they fell in) -> how many, as rows."""
    return [
        (site, day.toordinal(), iid, json.dumps(groups), n)
        for ((site, day, iid), groups), n in counted.items()
    ]


def _fold_note(ev: Event) -> str | None:
    """An event's note where the fold reads it (a withdrawal's reason), else nothing kept."""
    return ev.note if ev.action in NOTE_READ else None


def _event(row: tuple[Any, ...]) -> SignedEvent:
    iid, item, action, at, method, deadline, signer, doc_id, index, path, ident, created = row[:12]
    trust, note = row[12:]
    ev = Event(
        f"{iid}/{item}",
        action,
        dt.datetime.fromisoformat(at),
        note=note,
        method=method,
        new_deadline=dt.date.fromisoformat(deadline) if deadline else None,
    )
    when = dt.datetime.fromisoformat(created) if created else EARLIEST
    return SignedEvent(ev, signer, doc_id, index, _path(path), identity_key(ident), when, trust)


@contextmanager
def spilled(message: str) -> Iterator[Spill]:
    """A spill for one run (closed and deleted after it); `message` when the database fails."""
    spill = Spill()
    try:
        with paused_gc():
            yield spill
    except sqlite3.Error as exc:  # e.g. the temporary directory's disk is full
        from minecheck.i18n import t

        raise InputError(
            t(message, reason=exc),
            hint=t("free space in the temporary directory, or set TMPDIR to another one"),
        ) from None
    finally:
        spill.close()
