"""The export of events (`export --rows events`): one row per follow-up event the fold met, and
a first row for each hidden danger's finding, so that what happened to it, and when, can be
counted again from the rows (the closure section, the month's stock and increment).

Rows come grouped by finding, in the order of the finding rows (inspection, item): its `found`
row, then its events in the fold's order (`core.loop.fold`); an event about a finding no input
holds is grouped under the finding it names. Columns are fixed, in `EVENT_COLUMNS` order.
"""

from __future__ import annotations

import datetime as dt
import heapq
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, fields
from itertools import islice
from operator import itemgetter
from typing import TYPE_CHECKING, Any, TextIO

from minecheck.core.documents import utc_text
from minecheck.core.loop import EARLIEST, Step, Steps, day
from minecheck.core.sanitize import for_csv, json_escaped
from minecheck.report.export import csv_cell

if TYPE_CHECKING:
    from minecheck.report.consolidate import FoundGroup
    from minecheck.report.corpus import ReadRow

FOUND = "found"  # the action of a finding's own row: its inspection finished


@dataclass(frozen=True, slots=True)
class EventRow:
    """One row of the export of events (docs/formats.md, "Export of events")."""

    inspection: str
    item: str
    site: str | None
    site_id: str | None
    severity: str | None
    seq: int  # its place among its finding's rows: 0 the finding's own, then 1, 2, ...
    action: str  # FOUND, or the event's action
    at: dt.datetime  # UTC
    day: dt.date  # the local day of `at` (the report's calendar, as the fold judges it)
    signer: str | None
    document_id: str | None
    method: str | None
    reviewers: tuple[str, ...]
    new_deadline: dt.date | None
    note: str | None
    applied: bool
    refused: str | None  # not applied: the code of the rule it broke (`core.loop.Refused`)
    reason: str | None  # why it was not applied, as the summary says it
    state: str | None  # the hidden danger's state after this row
    deadline: dt.date | None  # its deadline after this row
    acceptance: str | None  # an applied `closed`: the acceptance it followed (self or other)
    trust: str
    # when the event's document was signed (its `created`), on a `found` row the earliest of its
    # findings documents': set beside `at`, a record made later than it says
    signed: dt.datetime | None


EVENT_COLUMNS = tuple(f.name for f in fields(EventRow))


def _found(
    row: ReadRow, at: dt.datetime, deadline: dt.date | None, signed: dt.datetime | None
) -> EventRow:
    return EventRow(
        row.inspection,
        row.item,
        row.site,
        row.site_id,
        row.severity,
        0,
        FOUND,
        at,
        row.found,
        None,
        None,
        None,
        (),
        None,
        None,
        True,
        None,
        None,
        "open",
        deadline,
        None,
        row.trust,
        signed,
    )


def _event(step: Step, row: ReadRow | None, seq: int) -> EventRow:
    se, ev = step.event, step.event.event
    inspection, _, item = ev.finding.partition("/")
    return EventRow(
        inspection,
        item,
        row.site if row else None,
        row.site_id if row else None,
        row.severity if row else None,
        seq,
        ev.action,
        ev.at,
        day(ev.at),
        se.signer,
        se.document_id,
        ev.method,
        ev.reviewers,
        ev.new_deadline,
        ev.note,
        step.reason is None,
        step.refused,
        step.reason,
        step.state,
        step.deadline,
        step.acceptance,
        se.trust,
        None if se.created == EARLIEST else se.created,
    )


def event_rows(
    rows: Sequence[ReadRow], steps: Steps, found: Iterable[FoundGroup] = ()
) -> Iterator[EventRow]:
    """The rows of the export of events, from what it reads of the finding rows (sorted by
    inspection and item: `Corpus.read` of `load_corpus(..., steps=)`), the hidden dangers read
    apart (`Corpus.found`, by inspection) and the fold's steps, each made as it is asked for:
    none is held beside what they are made from."""
    named: dict[tuple[str, str], list[Step]] = {}
    for step in steps.steps:  # (few beside the hidden dangers)
        inspection, _, item = step.event.event.finding.partition("/")
        named.setdefault((inspection, item), []).append(step)
    refs = {step.event.event.finding for step in steps.steps}
    by_ref = {ref: r for r in rows if (ref := f"{r.inspection}/{r.item}") in refs}
    later = iter(sorted(named))
    pending = next(later, None)
    # (a finding is in `rows` or in `found`, never both: one order, by inspection and item)
    every = heapq.merge(_read_found(rows, steps), _apart_found(found), key=itemgetter(0))
    for key, made in every:
        while pending is not None and pending < key:
            yield from _events(named[pending], by_ref)
            pending = next(later, None)
        if made is not None:
            yield made
        if pending == key:
            yield from _events(named[pending], by_ref)
            pending = next(later, None)
    while pending is not None:
        yield from _events(named[pending], by_ref)
        pending = next(later, None)


Keyed = tuple[tuple[str, str], EventRow | None]


def _read_found(rows: Iterable[ReadRow], steps: Steps) -> Iterator[Keyed]:
    """Each row read, by (inspection, item), with its `found` row if it is a hidden danger's."""
    for row in rows:
        hazard = steps.hazards.get(f"{row.inspection}/{row.item}")
        made = None
        if hazard is not None and hazard.hidden_danger:
            signed = hazard.signed.astimezone(dt.UTC) if hazard.signed else None
            made = _found(row, hazard.found.astimezone(dt.UTC), hazard.deadline, signed)
        yield (row.inspection, row.item), made


def _apart_found(groups: Iterable[FoundGroup]) -> Iterator[Keyed]:
    """The `found` row of each hidden danger read apart (what its hazard and row would give:
    open at its first deadline, the trust of its document), by (inspection, item)."""
    from minecheck.report.corpus import ReadRow

    for group in groups:
        src = group.src
        ins = src.inspection
        at = ins.finished.astimezone(dt.UTC)
        signed = src.created.astimezone(dt.UTC) if src.created is not None else None
        site_id, trust = ins.site_id or None, group.status.value
        for item, severity, deadline in group.entries():
            row = ReadRow(ins.id, item, ins.site, site_id, severity, trust, group.day)
            yield (ins.id, item), _found(row, at, deadline, signed)


def _events(group: list[Step], by_ref: dict[str, ReadRow]) -> Iterator[EventRow]:
    """A finding's events in the fold's order, numbered after its `found` row (1, 2, ...)."""
    for seq, step in enumerate(group, 1):
        yield _event(step, by_ref.get(step.event.event.finding), seq)


def values(row: EventRow) -> dict[str, Any]:
    """A row's columns as JSON values (lists stay lists, dates ISO text, times UTC with Z)."""
    out: dict[str, Any] = {}
    for name in EVENT_COLUMNS:
        value = getattr(row, name)
        if isinstance(value, tuple):
            value = list(value)
        elif isinstance(value, dt.datetime):
            value = utc_text(value)
        elif isinstance(value, dt.date):
            value = value.isoformat()
        out[name] = value
    return out


def _csv_value(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return csv_cell(";".join(for_csv(str(v)) for v in value))
    return csv_cell(for_csv(str(value)))


Values = dict[str, Any]


def csv_lines(rows: Iterable[Values]) -> Iterator[str]:
    """The header, then a line per row (`values`): cells as the finding rows' (`report.export`):
    empty for none, true/false, a list `;`-joined, text made safe for a spreadsheet."""
    yield ",".join(EVENT_COLUMNS) + "\n"
    for row in rows:
        yield ",".join(map(_csv_value, row.values())) + "\n"


def jsonl_lines(rows: Iterable[Values]) -> Iterator[str]:
    """A line of compact JSON per row (`values`), control and format characters escaped."""
    for row in rows:
        yield json_escaped(json.dumps(row, ensure_ascii=False, separators=(",", ":"))) + "\n"


def write(out: TextIO, rows: Iterable[EventRow], fmt: str) -> int:
    """The rows as CSV or JSONL lines, a few hundred at a time (never the whole text held);
    how many rows."""
    count = 0

    def counted(row: EventRow) -> Values:
        nonlocal count
        count += 1
        return values(row)

    made = map(counted, rows)
    lines = csv_lines(made) if fmt == "csv" else jsonl_lines(made)
    while chunk := list(islice(lines, _CHUNK)):
        out.write("".join(chunk))
    return count


_CHUNK = 500  # lines written at a time
