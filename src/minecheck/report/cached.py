"""The batch engine with the result cache: an unchanged file is served, not read again.

`map_cached(func, paths, cache=..., encode=..., decode=...)` gives what `map_files` gives, in
input order, but first hashes every file here (cheap next to parsing) and asks the cache which
contents it already holds; only the others go to the worker pool (a cache that holds nothing
for this version serves nothing: then no file is hashed here, every one goes to the pool).
Workers return `encode(func(data, path))` with the content's digest, and every value reaches the
caller through `decode`, whether it was just made or came from the cache, so a cold run and a
warm run give the same values by construction. A cached value that `decode` refuses
(ValueError) is made again.

Whatever `func` returns is cached, so it must depend on the file's bytes alone: never on trust,
the date or the command line (see report/cache.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from minecheck.report.batch import MIN_PARALLEL, FileResult, _apply, map_files, read_file
from minecheck.report.cache import ResultCache, content_key

T = TypeVar("T")
_BATCH = 500  # cache reads and writes, this many at a time


@dataclass(frozen=True)
class _Encoded(Generic[T]):
    """The per-file function the workers run: the content's digest, the encoded value, and
    what `aside` works out of the value (never cached)."""

    func: Callable[[bytes, str], T]
    encode: Callable[[T], bytes]
    aside: Callable[[T], object] | None = None

    def __call__(self, data: bytes, path: str) -> tuple[bytes, bytes, object]:
        value = self.func(data, path)
        extra = self.aside(value) if self.aside is not None else None
        return content_key(data), self.encode(value), extra


def map_cached(
    func: Callable[[bytes, str], T],
    paths: Sequence[str | Path],
    *,
    limit: int,
    cache: ResultCache,
    encode: Callable[[T], bytes],
    decode: Callable[[bytes], T],
    workers: int | None = None,
    min_parallel: int = MIN_PARALLEL,
    aside: Callable[[T], object] | None = None,
) -> Iterator[FileResult[T]]:
    """Apply `func` to every file, through the cache; one FileResult per path, in input order.

    `encode`, `decode` and `func` must be picklable (module-level functions or partials), and
    `aside` too: for a file not served from the cache, the worker also gives `aside(value)`
    (in the FileResult's `aside`; it is not cached: it may depend on more than the bytes).
    """
    names = [str(p) for p in paths]
    digests: list[bytes | None] = [None] * len(names)
    known: set[bytes] = set()
    if cache.holds_any():  # else (a first run, --no-cache) nothing is served: nothing to hash
        for i, name in enumerate(names):
            data = read_file(name, limit)
            digests[i] = content_key(data) if isinstance(data, bytes) else None
        known = cache.contains_many(d for d in digests if d is not None)
    todo = [i for i, d in enumerate(digests) if d is None or d not in known]
    worker = _Encoded(func, encode, aside)
    made = map_files(
        worker, [names[i] for i in todo], limit=limit, workers=workers, min_parallel=min_parallel
    )
    fresh: dict[bytes, bytes] = {}
    served: dict[bytes, bytes] = {}
    todo_set = set(todo)
    try:
        for i, name in enumerate(names):
            if i in todo_set:
                result = next(made)
            else:
                digest = digests[i]
                assert digest is not None
                if digest not in served:
                    ahead = [d for d in digests[i : i + _BATCH] if d is not None and d in known]
                    served = cache.get_many(ahead)
                blob = served.get(digest)
                value = _decoded(decode, blob) if blob is not None else None
                if value is not None:
                    yield FileResult(name, value, digest=digest)
                    continue
                result = _apply(worker, name, limit)  # gone from the cache, or undecodable
            if result.value is None:
                yield FileResult(name, unreadable=result.unreadable, too_large=result.too_large)
                continue
            digest, blob, extra = result.value
            fresh[digest] = blob
            if len(fresh) >= _BATCH:
                cache.put_many(fresh)
                fresh = {}
            yield FileResult(name, decode(blob), digest=digest, aside=extra)
    finally:
        made.close()
        if fresh:
            cache.put_many(fresh)


def _decoded(decode: Callable[[bytes], T], blob: bytes) -> T | None:
    try:
        return decode(blob)
    except ValueError:
        return None
