"""The whole summary, remembered: a summary whose every input is unchanged is not made again.

A summary is a function of: the files' exact bytes (or why each could not be read), in the order
given, with their paths; the trust store as loaded (allowed_signers entries, revoked keys); the
report date; the `--by` groups; `--include-untrusted`; the local time zone (rows are dated in
it); and this minecheck (its version and the digest of its core and report sources, so a changed
computation is never answered by an old result). `memo_key` hashes all of them but the files'
bytes into one SHA-256: the key of the run's arguments, worked out without reading a file. Under
it the memo keeps the latest result for those arguments, with the `fingerprint` of the bytes it
was made from: a run whose arguments were never remembered (a first run, another `--as-of`)
reads no file for the memo before it starts, and one whose arguments were reads and hashes every
file and is answered only when the fingerprint is the same. The value is the Summary and what
reading reported on stderr (documents left out, problems, events not applied), so a run answered
from the memo says exactly what the full run said. It is kept in the result cache
(report/cache.py) under a version string of its own: `--no-cache` bypasses it, a damaged cache is
made anew, two runs may share it. Trust is never served stale: the store is part of the key (and
a judgement depends on nothing else but the document), so a key revoked since yesterday makes
another key, a miss, and every document is judged afresh against today's store.

Values are JSON made by a small codec driven by the dataclasses' own type hints (never pickle:
the file sits on disk); a value that does not decode to exactly the declared types is a miss.
Before a value is kept it is decoded again and compared with what it encodes, so a type the codec
cannot carry is never stored rather than stored wrong.

Race: on a miss, every file's stat (device, inode, mode, size, modification and change times)
is noted just before the run; after it each file is read and hashed (the fingerprint kept), then
its stat taken again, and the value is kept only when the stats are as before. All the run read
lies between the two stats, and any write in between, even one that leaves the same bytes in the
end, changes the change time; with none, the run read the very bytes hashed after it, which are
the fingerprint's.

Settled files: hashing every file again is most of a repeated run. A file whose change and
modification times were at least SETTLED_NS behind the clock when its stat was noted cannot be
written again without a later change time (a filesystem's clock is coarse, but not that coarse;
where it keeps no change time, a later modification time), so once every file is settled the value
is kept with the digest of the stats too, and a run finding the very same stats is answered without
reading a file. A file not settled yet (written moments before the run), or not read (an error that
may pass), keeps the hashing; a later run that finds the bytes the same and the files settled adds
the stats' digest then. Not on Windows, where a file's "change time" is when it was made.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import json
import os
import stat
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Self

from minecheck.errors import Problem
from minecheck.report import typed_json
from minecheck.report.rows import DocumentStatus, RejectedEvent
from minecheck.report.summary import Summary
from minecheck.report.typed_json import shape

if TYPE_CHECKING:
    from minecheck.core.trust import TrustStore
    from minecheck.report.cache import ResultCache

MEMO_VERSION = "summary-memo/3"  # what this module stores; joined to the tool version
# The whole results kept (the latest written): a nightly job asks for another date every night,
# and yesterday's result is no answer today. ~10 KB each for a summary without --by.
MEMO_KEEP = 64
_ZONE_FILE_LIMIT = 1 << 20
# A stored value: the fingerprint of the files' bytes (a SHA-256), the digest of their stats
# when every file was settled (else zeros), then the result as JSON.
_SEEN = 32
_HEAD = 64
_UNSETTLED = bytes(32)
SETTLED_NS = 3_000_000_000  # how far behind the clock a file's change time must be to settle
_clock_ns = time.time_ns


@dataclass(frozen=True)
class Remembered:
    """What a summary run found: its result, and what reading it reported, in that order."""

    summary: Summary
    left_out: tuple[DocumentStatus, ...]  # documents not counted, as load() named them
    problems: tuple[Problem, ...]
    rejected: tuple[RejectedEvent, ...]  # events not applied, in the order they were reported
    all_later: bool = False  # every document dated after the report's day (said so)
    followups_later: int = 0  # follow-ups dated after it (said where no event is listed)


# One input file as read, what the key holds of it: (path, "sha256", hex digest), (path,
# "too-large", size) or (path, "unreadable", why).
Seen = tuple[str, str, str | int]


def look(paths: Iterable[str | Path]) -> Iterator[Seen]:
    """Every file's content digest, read as the batch reader reads it (report/batch.read_file:
    regular files only, never blocking, the document size limit)."""
    from minecheck.fileio import MAX_DOCUMENT_BYTES
    from minecheck.report.batch import read_file

    for path in paths:
        name = str(path)
        got = read_file(name, MAX_DOCUMENT_BYTES)  # over it: its size, as the run knows it
        if isinstance(got, bytes):
            yield (name, "sha256", hashlib.sha256(got).hexdigest())
        elif isinstance(got, int):
            yield (name, "too-large", got)
        else:
            yield (name, "unreadable", got)


def stamps(paths: Iterable[str | Path]) -> Iterator[tuple[int, ...] | None]:
    """Every file's device, inode, mode, size, modification and change times (None: no stat).
    Any write to a file changes its change time, which no one can set back."""
    for path in paths:
        try:
            st = os.stat(path)
        except (OSError, ValueError):
            yield None
            continue
        yield (st.st_dev, st.st_ino, st.st_mode, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


@dataclass(frozen=True)
class Stamped:
    """The digest of every file's stat (`stamps`), noted at `at` (the clock, in ns), and the
    latest modification or change time among them (None: a file with no stat, or not a regular
    file). Both times: where a filesystem has no change time (FAT keeps a creation time in its
    place), the modification time is what a write moves."""

    digest: bytes
    at: int
    newest: int | None

    def settled(self) -> bool:
        """Can these stats stand for the files' bytes (see the module's docstring)?"""
        return self.newest is not None and os.name != "nt" and self.newest <= self.at - SETTLED_NS


def stamped(paths: Iterable[str | Path]) -> Stamped:
    """The files' stats now, as one `Stamped`."""
    at = _clock_ns()
    acc = Fingerprint()
    newest: int | None = 0
    for st in stamps(paths):
        acc.add(st)
        if st is None or not stat.S_ISREG(st[2]):
            newest = None
        elif newest is not None:
            newest = max(newest, st[4], st[5])
    return Stamped(acc.digest(), at, newest)


class Fingerprint:
    """One digest of what `look` or `stamps` gives, taken as it comes (`add`): nothing is kept
    per file. Each item is one line of its fields, NUL-separated (a path holds no NUL, and no
    field a newline but a path, which the NUL after it bounds), so no two lists digest alike.
    """

    def __init__(self) -> None:
        self._digest = hashlib.sha256()

    def add(self, item: tuple[object, ...] | None) -> None:
        line = "-\n" if item is None else "\0".join(map(str, item)) + "\n"
        self._digest.update(line.encode("utf-8", "surrogateescape"))

    def add_all(self, items: Iterable[tuple[object, ...] | None]) -> Self:
        for item in items:
            self.add(item)
        return self

    def digest(self) -> bytes:
        return self._digest.digest()


class Readings(Fingerprint):
    """The `Fingerprint` of what a run read of every file (`look`'s items, as they come), and
    whether it read every one (one it could not read may be read later, its stat the same)."""

    def __init__(self) -> None:
        super().__init__()
        self.all_read = True

    def add(self, item: tuple[object, ...] | None) -> None:
        super().add(item)
        if item is None or item[1] == "unreadable":
            self.all_read = False


def fingerprint(items: Iterable[tuple[object, ...] | None]) -> bytes:
    """The `Fingerprint` of all `items`."""
    return Fingerprint().add_all(items).digest()


# -- the key ----------------------------------------------------------------------------------


def _canon(value: object) -> object:
    """A JSON-ready form of a trust store's parts: dataclasses by field, sets sorted."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, bytes):
        return {"bytes": value.hex()}
    if isinstance(value, dt.datetime | dt.date):
        return {type(value).__name__: value.isoformat()}
    if isinstance(value, tuple | list):
        return [_canon(v) for v in value]
    if isinstance(value, frozenset | set):
        if all(isinstance(v, bytes) for v in value):
            # revoked keys, thousands of them: bytes sort as their `{"bytes": hex}` texts do
            return [{"bytes": v.hex()} for v in sorted(value)]
        return sorted((_canon(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {name: _canon(getattr(value, name)) for name in _field_names(type(value))}
        return {"dataclass": type(value).__qualname__, "fields": fields}
    raise TypeError(f"no canonical form for {type(value).__name__}")


@functools.cache
def _field_names(cls: type) -> tuple[str, ...]:
    """A dataclass's field names, worked out once per class (an allowed_signers file of
    thousands of lines is thousands of them)."""
    return tuple(f.name for f in dataclasses.fields(cls))


@functools.cache
def _sample_times() -> tuple[int, ...]:
    """1 January and 1 July, 00:00 UTC, of 1970-2069."""
    return tuple(
        int(dt.datetime(year, month, 1, tzinfo=dt.UTC).timestamp())
        for year in range(1970, 2070)
        for month in (1, 7)
    )


def local_zone() -> dict[str, object]:
    """What decides the local date of an instant here: the TZ settings, the zone the C library
    loaded, the file it reads it from, and its UTC offsets at sample times (two a year)."""
    import time

    try:
        offsets: list[int] | None = [time.localtime(t).tm_gmtoff for t in _sample_times()]
    except (OverflowError, OSError, ValueError):
        offsets = None
    tz = os.environ.get("TZ")
    return {
        "TZ": tz,
        "TZDIR": os.environ.get("TZDIR"),
        "tzname": list(time.tzname),
        "timezone": time.timezone,
        "altzone": time.altzone,
        "daylight": time.daylight,
        "file": _zone_file_digest(tz),
        "offsets": offsets,
    }


def _zone_file_digest(tz: str | None) -> str | None:
    """The SHA-256 of the zone file the C library reads for `tz`, where there is one."""
    from minecheck.report.batch import read_file

    if tz is None:
        name = "/etc/localtime"
    else:
        name = tz[1:] if tz.startswith(":") else tz
        if not name:
            return None
        if not os.path.isabs(name):
            name = os.path.join(os.environ.get("TZDIR") or "/usr/share/zoneinfo", name)
    got = read_file(name, _ZONE_FILE_LIMIT)
    return hashlib.sha256(got).hexdigest() if isinstance(got, bytes) else None


def code_digest(package: Path) -> str | None:
    """The SHA-256 of the Python sources under `package`/core and `package`/report (what a
    summary's result is computed by), or None when there are none (an installation without
    sources: the version alone then tells one build from another)."""
    digest = hashlib.sha256()
    found = False
    for part in ("core", "report"):
        try:
            entries = sorted(os.scandir(package / part), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            if entry.name.endswith(".py") and entry.is_file():
                try:
                    data = Path(entry.path).read_bytes()
                except OSError as exc:
                    data = f"unreadable: {exc.strerror}".encode()
                digest.update(f"{part}/{entry.name}\0{len(data)}\0".encode())
                digest.update(data)
                found = True
    return digest.hexdigest() if found else None


@functools.cache
def _package_code() -> str | None:
    """`code_digest` of this installation, once per process: a change to how a summary is made
    is another key, even where the version number stayed the same (a development install)."""
    return code_digest(Path(__file__).resolve().parent.parent)


def memo_key(
    paths: Iterable[str | Path],
    store: TrustStore,
    *,
    as_of: dt.date,
    by: Sequence[str],
    include_untrusted: bool,
) -> bytes:
    """The SHA-256 of a run's arguments, canonically encoded: everything a summary's result
    depends on but the files' bytes (their names and order are in it; nothing is read)."""
    from minecheck import __version__
    from minecheck.core.krl import revoked_by_digest

    parts = {
        "memo": MEMO_VERSION,
        "tool": __version__,
        "code": _package_code(),
        "shape": shape(Remembered),
        "as_of": as_of.isoformat(),
        "by": list(by),
        "include_untrusted": include_untrusted,
        "zone": local_zone(),
        "allowed": _canon(store.allowed),
        "revoked": _canon(store.revoked),
        "paths": fingerprint((str(p), "") for p in paths).hex(),  # a NUL after each
    }
    by_digest = revoked_by_digest(store.revoked)  # a KRL's keys named by digest
    if by_digest:
        parts["revoked_by_digest"] = by_digest
    text = json.dumps(parts, sort_keys=True, separators=(",", ":"))  # ASCII, whatever the names
    return hashlib.sha256(text.encode("ascii")).digest()


# -- the value: JSON by the dataclasses' type hints (report/typed_json.py) --------------------


def encode_value(value: Remembered) -> bytes:
    """The value as compact JSON; TypeError if it holds what the codec cannot carry."""
    return typed_json.dumps(value)


def decode_value(blob: bytes) -> Remembered:
    """A stored value (ValueError if it is not one, exactly as declared)."""
    return typed_json.loads(Remembered, blob)


# -- the memo ---------------------------------------------------------------------------------


class SummaryMemo:
    """One summary run's memo: `recall()` before the run, `keep(value)` after a full one.

    Disabled (`enabled=False`, i.e. `--no-cache`), it reads no file and opens no cache.
    """

    def __init__(
        self,
        paths: Sequence[str | Path],
        store: TrustStore,
        *,
        as_of: dt.date,
        by: Sequence[str],
        include_untrusted: bool,
        enabled: bool = True,
    ) -> None:
        self.enabled = enabled
        self._paths = paths  # the caller's list: nothing per file is copied or kept here
        # The files' stats before the run, as one digest, so the memo's own memory does not
        # grow with the corpus.
        self._before: Stamped | None = None
        self.key = b""
        if enabled:
            try:
                self.key = memo_key(
                    paths, store, as_of=as_of, by=by, include_untrusted=include_untrusted
                )
            except TypeError:  # a part of the store with no canonical form: no memo this time
                self.enabled = False

    def _cache(self) -> ResultCache:
        from minecheck import __version__
        from minecheck.report.cache import open_cache

        return open_cache(f"{__version__} {MEMO_VERSION}", enabled=self.enabled)

    def recall(self) -> Remembered | None:
        """The remembered result for these very inputs, or None: a miss, after which the run
        follows (every file's stat is noted now, for `keep` to compare). The files are read
        only when a result for these arguments is remembered and their stats are not the
        settled ones it was kept with."""
        if not self.enabled:
            return None
        with self._cache() as cache:
            blob = cache.get(self.key)
        self._before = before = stamped(self._paths)
        if blob is None or len(blob) < _HEAD:
            return None
        if blob[_SEEN:_HEAD] == before.digest:  # settled, and not touched since
            return _decoded(blob)
        now = Readings().add_all(look(self._paths))
        if blob[:_SEEN] != now.digest():
            return None
        value = _decoded(blob)
        settles = now.all_read and before.settled()
        if value is not None and settles and stamped(self._paths).digest == before.digest:
            with self._cache() as cache:  # the same bytes, settled: from now on, stats suffice
                cache.put(self.key, blob[:_SEEN] + before.digest + blob[_HEAD:])
        return value

    def keep(self, value: Remembered, seen: Readings | None = None) -> bool:
        """Remember `value`, what the run after a missed `recall` found, with the fingerprint of
        the files' bytes, if every file is as it was before the run (read, then stat: a write
        while the run read it shows in the stat). Whether it was kept.

        `seen`: the `Readings` of what the run itself read of every file, as `look` gives it
        (the run's own digests), so that the files need not be read again here.
        """
        before = self._before
        if before is None:
            return False
        if seen is None:
            seen = Readings().add_all(look(self._paths))
        if stamped(self._paths).digest != before.digest:
            return False
        try:
            blob = encode_value(value)
            if decode_value(blob) != value:
                return False
        except (TypeError, ValueError):
            return False
        settled = before.digest if seen.all_read and before.settled() else _UNSETTLED
        with self._cache() as cache:
            cache.put(self.key, seen.digest() + settled + blob)  # the latest result replaces
            cache.keep_latest(MEMO_KEEP)  # another date is another key: not one more every day
            return cache.enabled


def _decoded(stored: bytes) -> Remembered | None:
    """The result a stored value holds, or None (a damaged value is a miss)."""
    try:
        return decode_value(stored[_HEAD:])
    except ValueError:
        return None
