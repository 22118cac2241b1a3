"""The two passes of report/stream.py and stream_rows.py over files read on every core, cached.

`summarize_files` and `export_files` read phase 1 through the cache (report/corpus_cache.py):
pass 1 decodes only the first line of each value, pass 2 takes the values of the findings
documents from the cache again (`_Reading`); without a cache (`--no-cache`, or one that cannot
be used) those values are kept in memory between the passes instead. A value that left the
cache during the run is read again from its file, if the file's bytes are the same. The counts
the workers make of lone documents are kept for later runs (report/tally_cache.py), and a
summary takes a kept count where its date is in the count's band instead of counting again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from minecheck.core.seal import Judge
from minecheck.errors import InputError
from minecheck.report.consolidate import InspectionRows, PlainSink
from minecheck.report.corpus import Corpus, DocResult
from minecheck.report.spill import Key
from minecheck.report.stream import Entry, in_batches, stream_corpus, tally_file
from minecheck.report.stream_rows import InWorkers, LineMaker, stream_rows

if TYPE_CHECKING:
    from minecheck.report.batch import FileResult
    from minecheck.report.cache import ResultCache
    from minecheck.report.corpus_cache import Encoded
    from minecheck.report.tally_cache import Counted

_BATCH = 500  # files fetched from the cache at a time


def summarize_files(
    paths: Sequence[str | Path],
    store: Judge,
    *,
    as_of: dt.date,
    include_untrusted: bool,
    sink: PlainSink,
    cache: bool = True,
    tick: Callable[[], None] | None = None,
    tallies: bool = True,
    observe: Callable[[tuple[str, str, str | int]], None] | None = None,
) -> Corpus:
    """`stream_corpus` over files read on every core through the content cache (`_Reading`),
    the documents counted by the workers where they can be (`tally_file`; `tallies=False`:
    none). `observe` is given each file as read, in input order, as `report.memo.look`
    describes it (its digest, or why it was not read).
    """
    import functools

    from minecheck.report.tally_cache import open_tallies

    spec = sink.fresh()  # what a worker counts into (sent to each worker once)
    aside = functools.partial(tally_file, spec, as_of) if tallies else None
    kept = open_tallies(spec.counting_key(), enabled=cache and tallies)
    with (
        kept,
        _Reading(
            paths, cache=cache, tick=tick, observe=observe, aside=aside, tallies=kept
        ) as reading,
    ):

        def tally_many(keys: Sequence[Key]) -> Iterator[Counted | None]:
            counting = functools.partial(tally_blob, spec, as_of)
            return _tally_many(reading, kept, counting, keys, as_of)

        return stream_corpus(
            reading.heads(),
            reading.fetch,
            store,
            as_of=as_of,
            include_untrusted=include_untrusted,
            sink=sink,
            tally_many=tally_many if tallies else None,
        )


def export_files(
    paths: Sequence[str | Path],
    store: Judge,
    *,
    as_of: dt.date,
    include_untrusted: bool,
    write: Callable[[InspectionRows], None],
    lines: tuple[Callable[[], LineMaker], Callable[[list[str]], None]] | None = None,
    cache: bool = True,
    tick: Callable[[], None] | None = None,
) -> Corpus:
    """`stream_rows` over files read on every core through the content cache (`_Reading`).
    With `lines` (what makes an inspection's lines, once in each worker, and what takes them),
    the rows' lines are made on every core too; `write` then takes only an inspection whose
    values are read again."""
    from minecheck.report.corpus_cache import decode_at

    with _Reading(paths, cache=cache, tick=tick) as reading:
        in_workers = None
        if lines is not None:
            in_workers = InWorkers(*lines, reading.blobs, decode_at)
        return stream_rows(
            reading.heads(),
            reading.fetch,
            store,
            first=reading.fetch_again,
            majors=reading.majors,
            in_workers=in_workers,
            as_of=as_of,
            include_untrusted=include_untrusted,
            write=write,
        )


class _Reading:
    """Files read on every core through the content cache, for the two passes.

    Pass 1 (`heads`) decodes only the first line of each value; pass 2 (`fetch`, `blobs`) takes
    the values of the findings documents from the cache again. Without a cache (`--no-cache`,
    or one that cannot be used) the values of findings documents are kept in memory between
    the passes instead.
    """

    def __init__(
        self,
        paths: Sequence[str | Path],
        *,
        cache: bool,
        tick: Callable[[], None] | None,
        observe: Callable[[tuple[str, str, str | int]], None] | None = None,
        aside: Callable[[Encoded], object] | None = None,
        tallies: ResultCache | None = None,
    ) -> None:
        from minecheck.report.corpus_cache import open_values

        self.paths = paths
        self.tick = tick
        self.observe = observe
        self.aside = aside
        self.tallies = tallies  # where the counts the workers make are kept for another run
        self.values = open_values(cache)
        self.kept: dict[bytes, bytes] = {}  # when the cache is off: the values pass 2 needs
        # the last file `majors` read, and whether each of its documents records a major (a
        # merged file's documents, asked one by one, read the file whole for each: 400, 6 s)
        self._majors: tuple[Key | None, Callable[[int], bool] | None] = (None, None)

    def __enter__(self) -> _Reading:
        self.values.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.values.close()

    def heads(self) -> Iterator[Entry]:
        """Each file's phase-1 result without its findings, its key, and its tally (if any)."""
        from minecheck.report.corpus_cache import (
            decode_head,
            decode_head_keeping,
            phase_one,
            unreadable,
        )
        from minecheck.report.tally_cache import to_keep

        cached = self.values.enabled
        decode = decode_head if cached else decode_head_keeping
        made: dict[bytes, bytes] = {}  # counts the workers made, to keep a batch at a time
        try:
            for r in phase_one(
                self.paths, self.values, decode=decode, tick=self.tick, aside=self.aside
            ):
                if self.observe is not None:
                    self.observe(_seen(r))
                if r.value is None:
                    yield unreadable(r), (b"", r.path), None
                    continue
                result = r.value.located(r.path)
                assert r.digest is not None
                tally = r.aside if isinstance(r.aside, bytes) else None
                if not cached and any(leaf.inspection for leaf in result.leaves):
                    self.kept[r.digest] = r.value.blob
                if tally is not None and self.tallies is not None and self.tallies.enabled:
                    made[r.digest] = to_keep(tally)
                    if len(made) >= _BATCH:
                        self.tallies.put_many(made)
                        made = {}
                yield result, (r.digest, r.path), tally
        finally:
            if made and self.tallies is not None:
                self.tallies.put_many(made)

    def fetch(self, keys: Sequence[Key]) -> Iterator[DocResult]:
        return _fetch(self.values, self.kept, keys)

    def fetch_again(self, keys: Sequence[Key]) -> Iterator[DocResult]:
        """`fetch` for a reading that another will follow (kept values are kept)."""
        return _fetch(self.values, self.kept, keys, again=True)

    def blobs(self, keys: Sequence[Key]) -> Iterator[bytes]:
        return _blobs(self.values, self.kept, keys)

    def majors(self, places: Sequence[tuple[Key, int]]) -> Iterator[bool | None]:
        """Whether each document (a file's key, its index there) records a major hidden danger,
        read from its value (kept ones are kept); None where the value is gone or damaged."""
        from minecheck.report.corpus_cache import records_majors

        for blob, (key, index) in zip(self.blobs([key for key, _ in places]), places, strict=True):
            if self._majors[0] != key:  # (a merged file's documents come one after another)
                try:
                    self._majors = (key, records_majors(blob))
                except ValueError:
                    self._majors = (key, None)
            try:
                found = self._majors[1]
                yield found(index) if found is not None else None
            except ValueError:
                yield None


def _seen(r: FileResult[Any]) -> tuple[str, str, str | int]:
    """A file as phase 1 read it, as `report.memo.look` gives it."""
    if r.too_large is not None:
        return (r.path, "too-large", r.too_large)
    if r.unreadable is not None:
        return (r.path, "unreadable", r.unreadable)
    assert r.digest is not None
    return (r.path, "sha256", r.digest.hex())


def _values(
    values: Any, kept: dict[bytes, bytes], keys: Sequence[Key], *, again: bool
) -> Iterator[tuple[Key, bytes | None]]:
    """Each file with its value, kept in memory or from the cache (asked a batch at a time);
    None where it is gone. A kept value is let go, unless it is wanted `again` later."""
    for part in in_batches(keys, _BATCH):
        got = values.get_many(d for d, _ in part if d not in kept) if values.enabled else {}
        for key in part:
            digest = key[0]
            yield key, (kept.get(digest) if again else kept.pop(digest, None)) or got.get(digest)


def _blobs(values: Any, kept: dict[bytes, bytes], keys: Sequence[Key]) -> Iterator[bytes]:
    """Each file's value, kept or from the cache (b"" where it is gone; a kept one stays)."""
    return (blob or b"" for _, blob in _values(values, kept, keys, again=True))


def _tally_many(
    reading: _Reading,
    kept: ResultCache,
    counting: Callable[[bytes], bytes | None],
    keys: Sequence[Key],
    as_of: dt.date,
) -> Iterator[Counted | None]:
    """The counts of these lone documents, in order, decoded: kept from another run where the
    date is in their band (every part checked as it is decoded, once), else counted by workers
    from their values (and kept for the next run). A kept count that turns out damaged is
    counted again here, as a worker would. Kept counts wait as bytes: decoded, one with many
    groups takes several times the room."""
    from minecheck.report.batch import map_items
    from minecheck.report.tally_cache import decode, held, to_keep

    before = kept.get_many(d for d, _ in keys) if kept.enabled else {}
    found: dict[bytes, bytes] = {}
    for digest, value in list(before.items()):
        entry = held(value, as_of)
        if entry is not None:
            found[digest] = entry
            del before[digest]  # (what is left is kept again beside a fresh count)
    wanted = [key for key in keys if key[0] not in found]
    made = iter(map_items(counting, reading.blobs(wanted), count=len(wanted)))
    fresh: dict[bytes, bytes] = {}
    for key in keys:
        blob = found.pop(key[0], None)
        if blob is None:
            tally = next(made)
        else:
            try:
                counted = decode(blob)
            except ValueError:  # damaged: counted again
                tally = counting(next(reading.blobs([key])))
            else:
                yield counted
                continue
        if tally is None:
            yield None
            continue
        fresh[key[0]] = to_keep(tally, before.pop(key[0], None))
        yield decode(tally, checked=False)
    if fresh:
        kept.put_many(fresh)


def tally_blob(sink: PlainSink, as_of: dt.date, blob: bytes) -> bytes | None:
    """`tally_file` of a cached value (what a worker counts in pass 2); None where it cannot
    be decoded (the document is then counted in the main process, its file read again)."""
    from minecheck.report.corpus_cache import decode_result

    try:
        value = decode_result(blob)
    except ValueError:
        return None
    return tally_file(sink, as_of, value)


def _fetch(
    values: Any, kept: dict[bytes, bytes], keys: Sequence[Key], *, again: bool = False
) -> Iterator[DocResult]:
    """Each file's full value: kept, from the cache, or (rarely) read again, bytes checked. A
    kept value is let go, unless it is wanted `again` (by a later reading). A value read again
    (damaged past its first line, which pass 1 alone decoded, or gone) is put back in the
    cache, so the next run does not read the file again."""
    from minecheck.report.corpus_cache import decode_at

    mended: dict[bytes, bytes] = {}
    try:
        for (digest, path), blob in _values(values, kept, keys, again=again):
            try:
                if blob is not None:
                    yield decode_at(blob, path)
                    continue
            except ValueError:
                pass
            fresh = mended[digest] = _read_again(digest, path)
            if len(mended) >= _BATCH:  # (a batch at a time: memory stays flat)
                values.put_many(mended)
                mended = {}
            yield decode_at(fresh, path)
    finally:
        if mended:
            values.put_many(mended)


def _read_again(digest: bytes, path: str) -> bytes:
    """The value of a file whose value left the cache during the run (or was found damaged):
    read again, if its bytes are the same."""
    from minecheck.core.seal import MAX_DOCUMENT_BYTES
    from minecheck.i18n import t
    from minecheck.report.batch import read_file
    from minecheck.report.cache import content_key
    from minecheck.report.corpus_cache import encode_result, read_for_cache

    data = read_file(path, MAX_DOCUMENT_BYTES)
    if not isinstance(data, bytes) or content_key(data) != digest:
        raise InputError(
            t("{path}: the file changed while it was read", path=path),
            hint=t("run the summary again"),
            path=f"{path}",
        )
    return encode_result(read_for_cache(data))
