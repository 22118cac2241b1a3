"""A summary, or an export, over many files in flat memory: two passes over phase 1's results.

Pass 1 reads what each file and its documents are (signature, identity, inspection, events; the
first line of a cached value) and writes what it learns to a temporary database on disk
(report/spill.py): which documents count (trust judged afresh; document ids checked for
conflicts), where each inspection's documents are, and the events. Pass 2 takes each findings
document's findings again (from the content cache, where pass 1 left them) and consolidates,
folds and counts one inspection at a time, as soon as all its documents have come, with the
events that name it. Nothing is kept in memory per file or per finding: the repeat-major flag,
the one measure that joins inspections, is counted at the end by a query over each major's
occasion (site, day, inspection), which pass 2 writes to the same database.

Most inspections are recorded by one document that no event names. Where phase 1 reads a file
in a worker (report/stream_files.py, not served from the cache), the worker also counts its
document as such an inspection of a trusted document (`tally_file`: what pass 2 would count,
into an empty builder, with the repeat-major occasions) and pass 1 keeps that tally beside the
document. Pass 2 merges the tally of every document that turned out to be one (trusted, its
inspection recorded by no other document and named by no event) instead of taking its findings
again: the counting is done on every core while phase 1 reads, not on one core after it.

The result equals `summarize` over every row of `load_corpus` (tests/test_summary_counts.py,
tests/test_summary_tally.py). An export takes the same passes for its rows
(report/stream_rows.py): `pass_one`, `each_inspection` and `by_inspection`, `Folding`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice
from typing import TYPE_CHECKING, Protocol, TypeVar

from minecheck.core.loop import (
    FINDING_NOT_HELD,
    Occasion,
    Rejection,
    SignedEvent,
    Status,
    day,
    fold,
    occasion,
)
from minecheck.core.seal import Judge
from minecheck.core.trust import TrustStatus
from minecheck.errors import Problem
from minecheck.report.consolidate import (
    Consolidated,
    Held,
    LocalDates,
    PlainSink,
    consolidate,
    emit,
    joint_problems,
    separate_problems,
)
from minecheck.report.corpus import (
    Admission,
    Corpus,
    DocResult,
    admitted,
    finish,
    held,
)
from minecheck.report.rows import FindingRow
from minecheck.report.spill import Key, MajorRow, Place, Spill, major_rows, spilled

if TYPE_CHECKING:
    from minecheck.core.merge import SameDayDoc
    from minecheck.report.corpus_cache import Encoded
    from minecheck.report.tally_cache import Counted

X = TypeVar("X")
D = TypeVar("D")  # a document as a reading of pass 2 takes it
V = TypeVar("V")  # a file's value as pass 2 fetches it
# A file's phase-1 result, its key, and the tally a worker counted of it (or None).
Entry = tuple[DocResult, Key, bytes | None]
BATCH = 500  # files fetched at a time in pass 2
_COUNT_BATCH = 4000  # files counted by workers at a time in pass 2 (one pool each)
# A lone findings document whose value was served from the cache: a worker counts it in pass 2.
TO_COUNT = b""


def stream_corpus(
    entries: Iterable[Entry],
    fetch: Callable[[Sequence[Key]], Iterable[DocResult]],
    store: Judge,
    *,
    as_of: dt.date,
    include_untrusted: bool,
    sink: PlainSink,
    tally_many: Callable[[Sequence[Key]], Iterable[Counted | None]] | None = None,
) -> Corpus:
    """Count every consolidated finding into `sink`; `rows` is empty.

    `entries` gives each file's phase-1 result (its documents' findings may be left out) with a
    key and its tally (`tally_file`) or None; `fetch(keys)` gives the same files' results again
    with their findings, in that order. `tally_many(keys)`, where given, gives the tallies of
    such files (each one lone findings document; None where it cannot), in that order: the lone
    documents no worker counted in pass 1 are counted so (on every core) rather than here.
    `documents` lists only the documents that are not trusted.
    """
    with spilled("cannot keep the summary's working data in a temporary file: {reason}") as spill:
        found, joint = pass_one(
            entries, store, include_untrusted, spill, as_of=as_of, to_count=tally_many is not None
        )
        same_day_in_spill(spill, found.problems)
        return _stream(found, joint, fetch, tally_many, as_of, sink, spill)


def pass_one(
    entries: Iterable[Entry],
    store: Judge,
    include_untrusted: bool,
    spill: Spill,
    *,
    as_of: dt.date,
    to_count: bool,
) -> tuple[Admission, dict[str, int]]:
    """Pass 1: what every document is and whether it counts on `as_of`, into the spill; the
    inspections more than one document records. `to_count`: a lone document with no tally is
    marked for the workers to count (TO_COUNT)."""
    found = Admission(keep_trusted=False, as_of=as_of)
    keyed = ((result, (key, tally, _lone(result))) for result, key, tally in entries)
    for (key, tally, lone), index, leaf, status in admitted(
        keyed, store, include_untrusted, found, spill
    ):
        if leaf.inspection is not None:
            usable = None  # a tally counts the file's one document as trusted
            if status == TrustStatus.TRUSTED and lone:
                usable = tally if tally is not None or not to_count else TO_COUNT
            spill.document(key, index, leaf, status, usable)
        if leaf.events:
            spill.events(leaf, status)
    if found.conflicted:
        spill.drop(found.conflicted)
    spill.index()
    return found, spill.joint()


def each_inspection(
    spill: Spill,
    joint: dict[str, int],
    fetch: Callable[[Sequence[Key]], Iterable[DocResult]],
    handle: Callable[[str, list[Held], bool], object],
    *,
    skip: Callable[[Place], bool] = lambda place: False,
    by_id: bool = False,
) -> None:
    """Pass 2: each inspection's documents that count, with their findings (fetched a batch at
    a time), to `handle(iid, docs, named by events)`, once per inspection: in input order, or
    `by_id` in the order of the inspections' ids. A document `skip` takes is not fetched."""

    def take(place: Place, result: DocResult) -> Held:
        return held(result.leaves[place[1]], place[2])

    for iid, docs, named in by_inspection(spill, joint, fetch, take, skip=skip, by_id=by_id):
        handle(iid, docs, named)


def by_inspection(
    spill: Spill,
    joint: dict[str, int],
    fetch: Callable[[Sequence[Key]], Iterable[V]],
    take: Callable[[Place, V], D],
    *,
    skip: Callable[[Place], bool] = lambda place: False,
    by_id: bool = False,
) -> Iterator[tuple[str, list[D], bool]]:
    """Each inspection's documents that count, once per inspection, as `take(place, value)`
    makes each from its file's value (`fetch`ed a batch at a time), and whether events name
    it: in input order, or `by_id` in the order of the inspections' ids; a joint inspection
    when all its documents have come. A document `skip` takes is not fetched."""
    waiting: dict[str, list[D]] = {}
    held: dict[Key, V] = {}  # the last batch's values: a file whose documents go on is kept
    for batch in in_batches(spill.documents(by_id=by_id), BATCH):
        wanted = [place for place in batch if not skip(place)]
        keys = list(dict.fromkeys(place[0] for place in wanted))
        values = {key: held[key] for key in keys if key in held}
        held = {}  # (the rest let go before more are fetched)
        # (a merged file of 3,200 documents was fetched, read whole, for each batch of them:
        # 7 times, its signatures checked again where no cache kept its value)
        missing = [key for key in keys if key not in values]
        values.update(zip(missing, fetch(missing), strict=True))
        held = values
        for place in wanted:
            iid, doc = place[3], take(place, values[place[0]])
            if iid not in joint:
                yield iid, [doc], place[4]
                continue
            docs = waiting.setdefault(iid, [])
            docs.append(doc)
            if len(docs) == joint[iid]:  # a joint inspection, all its documents come
                yield iid, waiting.pop(iid), place[4]
    assert not waiting, "every document of a joint inspection is fetched"


def _stream(
    found: Admission,
    joint: dict[str, int],
    fetch: Callable[[Sequence[Key]], Iterable[DocResult]],
    tally_many: Callable[[Sequence[Key]], Iterable[Counted | None]] | None,
    as_of: dt.date,
    sink: PlainSink,
    spill: Spill,
) -> Corpus:
    from minecheck.report import tally_cache

    sink.inspections_in_turn()  # each inspection is counted whole, once (`_Counter.inspection`)
    counter = _Counter(sink, as_of, spill, found.problems)

    def alone(place: Place) -> bool:
        """A lone document of an inspection no other document records and no event names."""
        return place[5] is not None and place[3] not in joint and not place[4]

    left: set[Key] = set()  # documents a worker could not count in pass 2 (counted here)
    if tally_many is not None:
        _count_in_workers(spill, alone, tally_many, counter, left)

    def tallied(place: Place) -> bool:
        """Counted by a worker (in pass 1, or in `_count_in_workers`): merged here."""
        tally = place[5]
        if not alone(place) or (tally == TO_COUNT and place[0] in left):
            return False
        if tally:  # (TO_COUNT was merged already; a count this run made: read unchecked)
            counter.merge(tally_cache.decode(tally, checked=False))
        return True

    each_inspection(spill, joint, fetch, counter.inspection, skip=tallied)
    return Corpus((), *finish(found, counter.finish(spill)))


def same_day_in_spill(spill: Spill, problems: list[Problem]) -> None:
    """Inspections of one site and checklist on one day, each under its own id, that record the
    same hidden danger (`consolidate.separate_inspections`): said in `problems`. Pass 1 noted
    each document's site, checklist, day and hidden dangers' items in the spill, so none is
    read again; only the documents of a day with two inspection ids or more are looked at, a
    day at a time."""
    day: list[SameDayDoc] = []
    current = None
    for on, doc in spill.same_day():
        if on != current:
            problems.extend(separate_problems(day))
            day, current = [], on
        day.append(doc)
    problems.extend(separate_problems(day))


def in_batches(items: Iterable[X], size: int) -> Iterator[list[X]]:
    """The items in lists of `size` (the last shorter), taken as they are needed."""
    source = iter(items)
    while batch := list(islice(source, size)):
        yield batch


def _lone(result: DocResult) -> bool:
    """One signed findings document, the file's own: what a worker's tally counts."""
    leaves = result.leaves
    return not result.merged and len(leaves) == 1 and leaves[0].status == "signed"


def _count_in_workers(
    spill: Spill,
    alone: Callable[[Place], bool],
    tally_many: Callable[[Sequence[Key]], Iterable[Counted | None]],
    counter: _Counter,
    left: set[Key],
) -> None:
    """Pass 2 for the lone documents no worker counted in pass 1 (their values were served
    from the cache): counted by `tally_many`, a batch at a time; those it cannot count go to
    `left`."""
    wanted = (place[0] for place in spill.documents() if place[5] == TO_COUNT and alone(place))
    for keys in in_batches(wanted, _COUNT_BATCH):
        for key, tally in zip(keys, tally_many(keys), strict=True):
            if tally is None:
                left.add(key)
            else:
                counter.merge(tally)


class _Store(Protocol):
    """What `_Counter` needs of the spill."""

    def events_of(self, iid: str) -> list[SignedEvent]: ...

    def majors(self, rows: list[MajorRow]) -> None: ...


class Folding:
    """What reading an inspection in pass 2 needs: its events (those naming none of its
    findings rejected), the rejections, the local dates."""

    def __init__(self, as_of: dt.date) -> None:
        self.as_of = as_of
        self.local_date = LocalDates()
        self.rejections: list[Rejection] = []

    def events(
        self, iid: str, docs: list[Held], events: list[SignedEvent]
    ) -> tuple[list[SignedEvent], dict[str, set[str]]]:
        """Of the events that name the inspection, those for its findings, and the items they
        name (`named_items`); the others are rejected."""
        named: dict[str, set[str]] = {}
        if events:
            items = {f.item for _, fs, _, _ in docs for f in fs}
            items.update(i for _, _, pl, _ in docs for _, ids in pl for i in ids)
            prefix = len(iid) + 1
            kept = [se for se in events if se.event.finding[prefix:] in items]
            self._orphaned(se for se in events if se.event.finding[prefix:] not in items)
            events = kept
            named[iid] = {se.event.finding[prefix:] for se in kept}
        return events, named

    def _orphaned(self, events: Iterable[SignedEvent]) -> None:
        held = FINDING_NOT_HELD
        self.rejections.extend(
            Rejection(se, held.reason, held.code) for se in events if day(se.event.at) <= self.as_of
        )


def majors_of(cons: Consolidated) -> dict[str, Occasion]:
    """The consolidated major hidden dangers, by ref, and when and where each was found."""
    return {
        ref: occasion(h)
        for ref, h in cons.hazards.items()
        if h.hidden_danger and h.severity == "major"
    }


class _Counter(Folding):
    """Folds and counts one inspection at a time; settles the repeat-major flag at the end."""

    def __init__(
        self, sink: PlainSink, as_of: dt.date, spill: _Store, problems: list[Problem] | None = None
    ) -> None:
        super().__init__(as_of)
        self.spill = spill
        self.sink = sink
        self.problems = problems if problems is not None else []  # of joint inspections
        self._majors: dict[str, Occasion] = {}  # of the inspection being counted
        # (occasion, groups) -> how many major hidden dangers, of the inspection being counted:
        # the repeat-major flag is settled at the end (report.spill.Spill.repeats)
        self._pending: dict[tuple[Occasion, tuple[tuple[str, ...], ...]], int] = {}
        self.major_days: set[dt.date] = set()  # the days majors were found (a count's band)

    def inspection(self, iid: str, docs: list[Held], named_by_events: bool) -> dict[str, Status]:
        """Count the inspection; the states of its hidden dangers."""
        given = self.spill.events_of(iid) if named_by_events else []
        events, named = self.events(iid, docs, given)
        if len(docs) > 1:
            self.problems.extend(joint_problems(iid, docs))
        cons = consolidate({iid: docs}, named, self.sink, self.local_date)
        statuses, rejections = fold(cons.hazards, events, self.as_of, repeats=())
        self.rejections.extend(rejections)
        self._majors = majors_of(cons)
        emit(cons, statuses, self._add, self.local_date, bare=True)
        if self._pending:
            self.spill.majors(major_rows(self._pending))
            self._pending.clear()
        return statuses

    def merge(self, counted: Counted) -> None:
        """Count what a worker counted of one inspection (`tally_file`, decoded; made by this
        run, or kept from another for a date in its band)."""
        self.sink.merge(counted[0])
        if counted[1]:
            self.spill.majors(counted[1])

    def _add(self, row: FindingRow) -> None:
        self.sink.add(row)
        if row.is_hidden_danger and row.severity == "major":
            self.major_days.add(row.found)
        # a major withdrawn (recorded in error) was not found: no occasion, no repeat
        if row.is_hidden_danger and row.severity == "major" and row.state != "withdrawn":
            when = self._majors[f"{row.inspection}/{row.item}"]
            group = (when, self.sink.repeat_keys(row))
            self._pending[group] = self._pending.get(group, 0) + 1

    def finish(self, spill: Spill) -> list[Rejection]:
        """Count the repeat majors; the events no inspection holds are rejected."""
        for groups, count in spill.repeats():
            self.sink.add_repeats(groups, count)
        self._orphaned(spill.orphans())
        return self.rejections


class _Majors:
    """A worker's stand-in for the spill: the majors' occasions, kept; no events."""

    def __init__(self) -> None:
        self.rows: list[MajorRow] = []

    def events_of(self, iid: str) -> list[SignedEvent]:
        raise AssertionError("a tallied inspection is one no event names")

    def majors(self, rows: list[MajorRow]) -> None:
        self.rows.extend(rows)


def tally_file(sink: PlainSink, as_of: dt.date, value: Encoded) -> bytes | None:
    """What pass 2 would count of a file, worked out where phase 1 read it (a worker): its one
    findings document, trusted, as an inspection no other document records and no event
    names, counted into `sink.fresh()`, and the occasions of its majors, with the band of
    dates the count holds for (report/tally_cache.py's bytes). None for a file that is not one
    signed findings document (merged, a follow-up, damaged)."""
    from minecheck.report import tally_cache
    from minecheck.report.summary import month_end

    result = value.result
    if result is None or result.merged or len(result.leaves) != 1:
        return None
    leaf = result.leaves[0]
    if leaf.status != "signed" or leaf.inspection is None:
        return None
    counting = sink.fresh()
    counting.inspections_in_turn()
    majors = _Majors()
    counter = _Counter(counting, as_of, majors)
    statuses = counter.inspection(leaf.inspection.id, [held(leaf, TrustStatus.TRUSTED)], False)
    if counter.rejections:  # (none without events)
        return None
    # with no event, a state moves with the date only where the date passes a deadline, and a
    # major moves from the month's increment to the stock after the last day of its month
    deadlines = [st.deadline for st in statuses.values() if st.deadline is not None]
    deadlines.extend(month_end(found) for found in counter.major_days)
    low, high = tally_cache.band(deadlines, as_of)
    return tally_cache.encode((counting.tally(), majors.rows), low, high)
