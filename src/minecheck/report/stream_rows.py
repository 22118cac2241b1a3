"""An export's rows over many files in flat memory: the two passes of report/stream.py, with
pass 2 reading each inspection twice.

The first reading learns every inspection's majors' occasions (the repeat-major flag joins
inspections, so it must be known before any row is written): a document alone in recording its
inspection is asked of its cached value (`majors`), the others are consolidated. The second
reads the inspections in the order of their ids, folds each with the events that name it and
writes its rows at once, sorted by item: `load_corpus`'s rows in its order
(tests/test_export_stream.py). For CSV and JSONL a worker makes each inspection's lines from its
documents' values (`InWorkers`) and the parent writes them in order.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Callable, Container, Iterable, Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass
from typing import Any, Protocol

from minecheck.core.loop import Occasion, Rejection, SignedEvent, fold
from minecheck.core.seal import Judge
from minecheck.core.trust import TrustStatus
from minecheck.errors import Problem
from minecheck.report.consolidate import (
    Held,
    InspectionRows,
    LocalDates,
    consolidate,
    emit,
    joint_problems,
)
from minecheck.report.corpus import Corpus, DocResult, finish, held
from minecheck.report.rows import FindingRow
from minecheck.report.spill import Key, Place, Spill, spilled
from minecheck.report.stream import (
    BATCH,
    Entry,
    Folding,
    by_inspection,
    each_inspection,
    in_batches,
    majors_of,
    pass_one,
    same_day_in_spill,
)


def stream_rows(
    entries: Iterable[Entry],
    fetch: Callable[[Sequence[Key]], Iterable[DocResult]],
    store: Judge,
    *,
    as_of: dt.date,
    include_untrusted: bool,
    write: Callable[[InspectionRows], None],
    majors: Callable[[Sequence[tuple[Key, int]]], Iterable[bool | None]],
    first: Callable[[Sequence[Key]], Iterable[DocResult]] | None = None,
    in_workers: InWorkers | None = None,
) -> Corpus:
    """Every consolidated finding's row to `write`, one inspection at a time, in the order of
    the inspections' ids (`whole()` sorts an inspection's rows by item: `load_corpus`'s order);
    `rows` is empty (what export streams).

    `entries` and `fetch` as for `stream_corpus` (no tallies). Pass 2 reads each inspection
    twice: first for its majors' occasions (the repeat-major flag joins inspections: it must
    be known before a row is written; `first` fetches for that reading where given, `fetch`
    otherwise), then in the order of the inspections' ids for its rows. For the first, `majors`
    says whether a document (key, index) records a major hidden danger (None where it cannot
    tell): only joint inspections, and documents it cannot tell of, are fetched. With
    `in_workers`, the second reading makes each inspection's lines on every core (`write` then
    takes only an inspection whose values are read again here).
    `documents` lists only the documents that are not trusted.
    """
    with spilled("cannot keep the export's working data in a temporary file: {reason}") as spill:
        found, joint = pass_one(
            entries, store, include_untrusted, spill, as_of=as_of, to_count=False
        )
        same_day_in_spill(spill, found.problems)
        _occasions(spill, joint, first or fetch, majors, found.problems, as_of)
        spill.flag_repeats()
        rows = _Rows(as_of, spill, write)
        if in_workers is None:
            each_inspection(spill, joint, fetch, rows.inspection, by_id=True)
        else:
            _lines_in_workers(spill, joint, fetch, rows, in_workers)
        return Corpus((), *finish(found, rows.finish()))


class LineMaker(Protocol):
    """Makes the lines of an inspection's rows (report/export.py)."""

    def lines(self, rows: InspectionRows) -> list[str]: ...


@dataclass(frozen=True)
class InWorkers:
    """An export's second reading on every core: a worker makes each inspection's lines from
    its documents' values. `make` makes a line maker (once in each worker: it remembers what it
    made; picklable), `write` takes each inspection's lines, in order; `blobs` gives files'
    values by their keys (b"" where one is gone), `decode` one value for a path (ValueError
    where it cannot; picklable)."""

    make: Callable[[], LineMaker]
    write: Callable[[list[str]], None]
    blobs: Callable[[Sequence[Key]], Iterable[bytes]]
    decode: Callable[[bytes, str], DocResult]


# An inspection as a worker takes it (`_lines_of`): its id, its documents (a file's value, its
# path, the document's index there, its status), the events that name it, and the occasions
# of its majors that repeat (site, day as an ordinal).
Unit = tuple[
    str, list[tuple[bytes, str, int, TrustStatus]], list[SignedEvent], frozenset[tuple[str, int]]
]


def _lines_in_workers(
    spill: Spill,
    joint: dict[str, int],
    fetch: Callable[[Sequence[Key]], Iterable[DocResult]],
    rows: _Rows,
    how: InWorkers,
) -> None:
    """The second reading for the rows, each inspection's lines made by a worker
    (`_lines_of`) and written here in the order of the inspections' ids; an inspection with a
    value no worker could decode is read here (`fetch`, then `rows`)."""
    import functools

    from minecheck.report.batch import map_items

    pending: deque[tuple[str, list[Place]]] = deque()  # the inspections given out, in order

    from minecheck.report.corpus_cache import leaf_values

    split: dict[Key, list[bytes]] = {}  # merged files' values, by document

    def one(place: Place, blob: bytes) -> tuple[bytes, int]:
        """The value a worker decodes for the document at `place`, and its index there: a
        merged file's document alone (each inspection's unit held the whole file, decoded for
        each of its documents: a merged file of 400 documents took 54 s to export)."""
        if not blob.startswith(b"[true"):  # (encode_result: a merged file's value)
            return blob, place[1]
        leaves = split.pop(place[0], None)
        if leaves is None:
            try:
                leaves = leaf_values(blob)
            except ValueError:
                return blob, place[1]  # (the worker says it cannot: read again here)
        split[place[0]] = leaves  # (the latest last: the least recently used go first)
        while len(split) > _SPLIT_KEPT:
            del split[next(iter(split))]
        return (leaves[place[1]], 0) if place[1] < len(leaves) else (blob, place[1])

    def take(place: Place, blob: bytes) -> tuple[Place, bytes]:
        return place, blob

    def units() -> Iterator[Unit]:
        for iid, docs, named in by_inspection(spill, joint, how.blobs, take, by_id=True):
            pending.append((iid, [place for place, _ in docs]))
            events = spill.events_of(iid) if named else []
            given = []
            for p, blob in docs:
                value, index = one(p, blob)
                given.append((value, p[0][1], index, p[2]))
            yield iid, given, events, spill.repeats_of(iid)

    made = map_items(
        functools.partial(_lines_of, how.make, how.decode, rows.as_of),
        units(),
        count=spill.inspections(),
    )
    with closing(made):  # (a failure here stops the workers at once)
        for done in made:
            iid, places = pending.popleft()
            if done is None:  # (a value gone from the cache, or damaged: read again here)
                keys = list(dict.fromkeys(place[0] for place in places))
                results = dict(zip(keys, fetch(keys), strict=True))
                docs = [held(results[p[0]].leaves[p[1]], p[2]) for p in places]
                rows.inspection(iid, docs, places[0][4])
                continue
            lines, rejections = done
            how.write(lines)
            rows.rejections.extend(rejections)


_SPLIT_KEPT = 4  # merged files whose documents are kept apart at a time, for the next units

# What a process makes lines with (`_lines_of`), kept from one inspection to the next: a line
# maker and the folding, for one maker and date.
_MAKING: dict[tuple[object, dt.date], tuple[LineMaker, Folding]] = {}


def _lines_of(
    make: Callable[[], LineMaker],
    decode: Callable[[bytes, str], DocResult],
    as_of: dt.date,
    unit: Unit,
) -> tuple[list[str], list[Rejection]] | None:
    """An inspection's lines and the events it rejected (what a worker does in the second
    reading); None where a document's value cannot be decoded."""
    iid, docs, events, repeats = unit
    taken: list[Held] = []
    for blob, path, index, status in docs:
        try:
            leaf = decode(blob, path).leaves[index]
        except (ValueError, IndexError):
            return None
        taken.append(held(leaf, status))
    making = _MAKING.get((make, as_of))
    if making is None:
        _MAKING.clear()
        making = _MAKING[(make, as_of)] = (make(), Folding(as_of))
    maker, folding = making
    folding.rejections = []

    def repeated(when: Occasion) -> bool:
        return (when[0], when[1].toordinal()) in repeats

    made = _inspection_rows(folding, iid, taken, events, repeated)
    return maker.lines(made), folding.rejections


def _occasions(
    spill: Spill,
    joint: dict[str, int],
    fetch: Callable[[Sequence[Key]], Iterable[DocResult]],
    majors: Callable[[Sequence[tuple[Key, int]]], Iterable[bool | None]],
    problems: list[Problem],
    as_of: dt.date,
) -> None:
    """The first reading of pass 2 for the rows: every inspection's majors' occasions, to the
    spill. A document alone in recording its inspection has one occasion, where and when its
    inspection was, if it records a major (`majors`); the others, and those a withdrawal names
    (a major withdrawn as of `as_of` is no occasion), are consolidated (and a joint inspection
    whose documents name two sites is said in `problems`)."""
    withdrawing = spill.withdrawals()
    occasions = _Occasions(spill, as_of, withdrawing, problems)

    def alone(place: Place) -> bool:
        return place[3] not in joint and place[3] not in withdrawing

    each_inspection(spill, joint, fetch, occasions.inspection, skip=alone)
    for batch in in_batches(spill.alone(joint, withdrawing), BATCH):
        places = [(key, index) for key, index, _, _ in batch]
        rows = []
        for (key, index, status, row), major in zip(batch, majors(places), strict=True):
            if major is None:  # (gone from the cache, or damaged: read whole)
                leaf = next(iter(fetch([key]))).leaves[index]
                occasions.inspection(row[2], [held(leaf, status)], False)
            elif major:
                rows.append(row)
        spill.majors(rows)


class _Occasions:
    """The first reading of each inspection for the rows: its majors' occasions, to the spill."""

    def __init__(
        self,
        spill: Spill,
        as_of: dt.date,
        withdrawing: Container[str] = (),
        problems: list[Problem] | None = None,
    ) -> None:
        self.spill = spill
        self.as_of = as_of
        self.withdrawing = withdrawing  # the inspections a withdrawal names
        self.local_date = LocalDates()
        self.problems = problems if problems is not None else []

    def inspection(self, iid: str, docs: list[Held], named_by_events: bool) -> None:
        if len(docs) > 1:
            self.problems.extend(joint_problems(iid, docs))
        cons = consolidate({iid: docs}, {}, _NoSink(), self.local_date)
        majors = majors_of(cons)
        if iid in self.withdrawing:  # a major withdrawn (recorded in error) was not found
            folding = Folding(self.as_of)  # (what it rejects, the second reading says)
            events, _ = folding.events(iid, docs, self.spill.events_of(iid))
            statuses, _ = fold(cons.hazards, events, self.as_of, repeats=())
            majors = {r: w for r, w in majors.items() if statuses[r].state != "withdrawn"}
        found = set(majors.values())
        self.spill.majors([(site, day.toordinal(), i, "", 1) for site, day, i in found])


def _inspection_rows(
    folding: Folding,
    iid: str,
    docs: list[Held],
    events: list[SignedEvent],
    repeats: Callable[[Occasion], bool],
) -> InspectionRows:
    """The rows of an inspection: its documents consolidated, folded with the events that name
    it, a major flagged where `repeats` says its occasion repeats (the rejections to
    `folding`)."""
    events, named = folding.events(iid, docs, events)
    cons = consolidate({iid: docs}, named, None, folding.local_date, as_groups=True)
    flagged = {ref for ref, when in majors_of(cons).items() if repeats(when)}
    statuses, rejections = fold(cons.hazards, events, folding.as_of, repeats=flagged)
    folding.rejections.extend(rejections)
    rows = cons.plain
    emit(cons, statuses, rows.append, folding.local_date)
    return InspectionRows(rows, cons.groups)


class _Rows(Folding):
    """The second reading of each inspection for the rows: folded, its rows sorted by item."""

    def __init__(
        self, as_of: dt.date, spill: Spill, write: Callable[[InspectionRows], None]
    ) -> None:
        super().__init__(as_of)
        self.spill = spill
        self.write = write

    def inspection(self, iid: str, docs: list[Held], named_by_events: bool) -> None:
        events = self.spill.events_of(iid) if named_by_events else []
        self.write(_inspection_rows(self, iid, docs, events, self.spill.flagged))

    def finish(self) -> list[Rejection]:
        """The events no inspection holds are rejected."""
        self._orphaned(self.spill.orphans())
        return self.rejections


class _NoSink:
    """A sink that counts nothing (a reading that wants only the hidden dangers)."""

    def add_plain(self, **given: Any) -> None:
        pass

    def add(self, row: FindingRow) -> None:
        pass

    def inspections_in_turn(self) -> None:
        pass

    def repeat_keys(self, row: FindingRow) -> tuple[tuple[str, ...], ...]:
        return ()

    def add_repeats(self, keys: tuple[tuple[str, ...], ...], count: int) -> None:
        pass

    def fresh(self) -> _NoSink:
        return self

    def tally(self) -> tuple[Any, ...]:
        return ()

    def counting_key(self) -> dict[str, object]:
        return {}

    def merge(self, tally: tuple[Any, ...]) -> None:
        pass
