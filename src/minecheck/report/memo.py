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
import enum
import functools
import hashlib
import json
import operator
import os
import stat
import time
import types
import typing
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, Self

from minecheck.errors import Problem
from minecheck.report.rows import DocumentStatus, RejectedEvent
from minecheck.report.summary import Summary

if TYPE_CHECKING:
    from minecheck.core.trust import TrustStore
    from minecheck.report.cache import ResultCache

MEMO_VERSION = "summary-memo/3"  # what this module stores; joined to the tool version
# core.seal.MAX_DOCUMENT_BYTES (a test holds them equal), without importing the document reader:
# a file over it is known by its size alone, as the run knows it.
READ_LIMIT = 64 * 1024 * 1024
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


# One input file as read, what the key holds of it: (path, "sha256", hex digest), (path,
# "too-large", size) or (path, "unreadable", why).
Seen = tuple[str, str, str | int]


def look(paths: Iterable[str | Path]) -> Iterator[Seen]:
    """Every file's content digest, read as the batch reader reads it (report/batch.read_file:
    regular files only, never blocking, the document size limit)."""
    from minecheck.report.batch import read_file

    for path in paths:
        name = str(path)
        got = read_file(name, READ_LIMIT)
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
        return sorted((_canon(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: _canon(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {"dataclass": type(value).__qualname__, "fields": fields}
    raise TypeError(f"no canonical form for {type(value).__name__}")


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

    parts = {
        "memo": MEMO_VERSION,
        "tool": __version__,
        "code": _package_code(),
        "shape": _shape(Remembered),
        "as_of": as_of.isoformat(),
        "by": list(by),
        "include_untrusted": include_untrusted,
        "zone": local_zone(),
        "allowed": _canon(store.allowed),
        "revoked": _canon(store.revoked),
        "paths": fingerprint((str(p), "") for p in paths).hex(),  # a NUL after each
    }
    text = json.dumps(parts, sort_keys=True, separators=(",", ":"))  # ASCII, whatever the names
    return hashlib.sha256(text.encode("ascii")).digest()


# -- the value: JSON by the dataclasses' type hints ---------------------------------------------

_HINTS: dict[type, tuple[tuple[str, Any], ...]] = {}


def _fields(cls: type) -> tuple[tuple[str, Any], ...]:
    """A dataclass's fields with their resolved types, in order."""
    got = _HINTS.get(cls)
    if got is None:
        hints = typing.get_type_hints(cls)
        got = _HINTS[cls] = tuple((f.name, hints[f.name]) for f in dataclasses.fields(cls))
    return got


def _shape(cls: type) -> list[object]:
    """Every dataclass a value holds, with its fields' types: a changed one is another key."""
    out: list[object] = []
    done: set[type] = set()

    def visit(tp: Any) -> None:
        for arg in typing.get_args(tp):
            visit(arg)
        if dataclasses.is_dataclass(tp) and isinstance(tp, type) and tp not in done:
            done.add(tp)
            fields = _fields(tp)
            out.append([tp.__qualname__, [[name, repr(hint)] for name, hint in fields]])
            for _, hint in fields:
                visit(hint)

    visit(cls)
    return out


def _encode(value: object) -> object:
    """`value` as JSON data: by its class's encoder, worked out once per class."""
    kind = value.__class__
    encode = _ENCODERS.get(kind)
    if encode is None:
        encode = _ENCODERS[kind] = _encoder(kind)
    return encode(value)


_ENCODERS: dict[type, Callable[[Any], object]] = {}


def _encoder(kind: type) -> Callable[[Any], object]:
    if kind is type(None) or issubclass(kind, bool | int | float | str):
        return _same  # a str enum is a str
    if issubclass(kind, enum.Enum):
        return lambda value: _encode(value.value)
    if issubclass(kind, dt.date):  # a datetime too
        return lambda value: value.isoformat()
    if issubclass(kind, tuple | list):
        return lambda value: [_encode(v) for v in value]
    if issubclass(kind, dict):
        return _encode_dict
    if dataclasses.is_dataclass(kind):
        names = [name for name, _ in _fields(kind)]
        if len(names) < 2:  # (attrgetter gives a tuple for two names or more)
            return lambda value: [_encode(getattr(value, name)) for name in names]
        fields = operator.attrgetter(*names)
        return lambda value: [v if v.__class__ in _AS_IS else _encode(v) for v in fields(value)]
    return lambda value: _cannot_hold(kind)


_AS_IS = frozenset((str, int, float, bool, type(None)))  # JSON values as they are


def _same(value: object) -> object:
    return value


def _encode_dict(value: dict[Any, Any]) -> object:
    if not all(isinstance(k, str) for k in value):
        _cannot_hold(type(value))
    return {k: _encode(v) for k, v in value.items()}


def _cannot_hold(kind: type) -> NoReturn:
    raise TypeError(f"the memo cannot hold a {kind.__name__}")


def _decode(tp: Any, v: Any) -> Any:
    """`v` (from JSON) as a value of type `tp`; ValueError when it is not one."""
    return _decoder(tp)(v)


_DECODERS: dict[Any, Callable[[Any], Any]] = {}


def _decoder(tp: Any) -> Callable[[Any], Any]:
    """What `_decode` checks and builds for a value of type `tp`, worked out once per type (the
    type's shape was looked up for every value: seconds for a summary of many groups)."""
    decode = _DECODERS.get(tp)
    if decode is None:
        decode = _DECODERS[tp] = _decoder_of(tp)
    return decode


def _decoder_of(tp: Any) -> Callable[[Any], Any]:
    origin, args = typing.get_origin(tp), typing.get_args(tp)

    def bad(v: Any) -> NoReturn:
        raise ValueError(f"not a {tp!r}: {str(v)[:40]}")

    if tp is type(None):
        return lambda v: None if v is None else bad(v)
    if origin is types.UnionType or origin is typing.Union:
        optional = type(None) in args
        choices = [choice for choice in args if choice is not type(None)]

        def union(v: Any) -> Any:
            if v is None and optional:
                return None
            for choice in choices:
                try:
                    return _decoder(choice)(v)
                except ValueError:
                    continue
            bad(v)

        return union
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        item = args[0]
        return lambda v: tuple(map(_decoder(item), v)) if isinstance(v, list) else bad(v)
    if origin is tuple:
        size = len(args)

        def fixed(v: Any) -> Any:
            if isinstance(v, list) and len(v) == size:
                return tuple(_decoder(a)(x) for a, x in zip(args, v, strict=True))
            bad(v)

        return fixed
    if origin is list:
        return lambda v: list(map(_decoder(args[0]), v)) if isinstance(v, list) else bad(v)
    if origin is dict and args[0] is str:
        value = args[1]

        def mapping(v: Any) -> Any:
            if not isinstance(v, dict):
                bad(v)
            decode = _decoder(value)
            return {k: decode(x) for k, x in v.items()}

        return mapping
    if tp is bool:
        return lambda v: v if isinstance(v, bool) else bad(v)
    if tp is int:
        return lambda v: v if isinstance(v, int) and not isinstance(v, bool) else bad(v)
    if tp is float:
        return lambda v: (
            float(v) if isinstance(v, int | float) and not isinstance(v, bool) else bad(v)
        )
    if tp is str:
        return lambda v: v if isinstance(v, str) else bad(v)
    if tp is dt.datetime or tp is dt.date:
        return lambda v: tp.fromisoformat(v) if isinstance(v, str) else bad(v)  # ValueError too
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return tp  # ValueError when it is not one
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        return _instance_decoder(tp, bad)
    return bad


# Field types whose JSON value is the value itself when its class is exactly the type.
_EXACT = (str, int, bool)


def _instance_decoder(tp: type, bad: Callable[[Any], NoReturn]) -> Callable[[Any], Any]:
    """A dataclass from the list of its fields' values: each decoded by its field's type (a
    field of text, a whole number or a truth value taken as it is when it is exactly one)."""
    fields = _fields(tp)
    names = [name for name, _ in fields]
    exact = [hint if hint in _EXACT else None for _, hint in fields]
    plain = all(kind is not None for kind in exact)
    every = dataclasses.fields(tp)
    positional = all(f.init and not f.kw_only for f in every) and len(every) == len(names)
    decoders: list[Callable[[Any], Any]] = []  # (looked up at the first value: types may nest)

    def instance(v: Any) -> Any:
        if not isinstance(v, list) or len(v) != len(names):
            bad(v)
        if plain and all(x.__class__ is kind for kind, x in zip(exact, v, strict=True)):
            return tp(*v) if positional else tp(**dict(zip(names, v, strict=True)))
        if not decoders:
            decoders.extend(_decoder(hint) for _, hint in fields)
        made = [decode(x) for decode, x in zip(decoders, v, strict=True)]
        return tp(*made) if positional else tp(**dict(zip(names, made, strict=True)))

    return instance


def dumps(value: object) -> bytes:
    """A value (of dataclasses, tuples, lists, str-keyed dicts, str, int, float, bool, None,
    enums, dates and times) as compact JSON; TypeError if it holds anything else."""
    return json.dumps(_encode(value), ensure_ascii=False, separators=(",", ":")).encode(
        "utf-8", "surrogatepass"
    )


T = typing.TypeVar("T")


def loads(tp: type[T], blob: bytes) -> T:
    """`dumps`'s bytes back as a `tp`, every part checked against the declared types (a
    dataclass's type hints); ValueError if they do not fit exactly."""
    try:
        value = _decode(tp, json.loads(blob.decode("utf-8", "surrogatepass")))
    except (ValueError, TypeError, RecursionError) as exc:
        raise ValueError(f"cannot decode a remembered summary: {exc}") from None
    if not isinstance(value, tp):
        raise ValueError(f"cannot decode a remembered summary: not a {tp.__name__}")
    return value


def encode_value(value: Remembered) -> bytes:
    """The value as compact JSON; TypeError if it holds what the codec cannot carry."""
    return dumps(value)


def decode_value(blob: bytes) -> Remembered:
    """A stored value (ValueError if it is not one, exactly as declared)."""
    return loads(Remembered, blob)


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
            return cache.enabled


def _decoded(stored: bytes) -> Remembered | None:
    """The result a stored value holds, or None (a damaged value is a miss)."""
    try:
        return decode_value(stored[_HEAD:])
    except ValueError:
        return None
