"""Aggregate consolidated findings into the one-page summary a report author needs.

Pure and streaming: rows are counted as they pass and never kept, so memory grows with the
number of groups (sites, months, responsible units, `--by` keys), not with the number of rows.
Every part of the result is sorted by its own key, so the same rows in any order give an equal
`Summary`.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import operator
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from typing import Any

from minecheck.core.sanitize import quoted
from minecheck.core.sites import codes_alike
from minecheck.errors import UsageError
from minecheck.report.aspects import aspects, clauses, natural
from minecheck.report.rows import STATES, DocumentStatus, FindingRow, RejectedEvent
from minecheck.report.zone import Calendar

# Ways to group, in the order the contract names them (SPEC 4, `--by`).
# `clause` and `aspect` count a finding once under each clause (aspect) it cites, "" for none.
DIMENSIONS = (
    *("site", "checklist", "item", "severity", "inspector", "month", "state"),
    *("clause", "aspect"),
)
# `--fail-on` thresholds.
FAIL_ON = ("major", "any", "overdue")
RESULTS = ("compliant", "noncompliant", "inconsistent", "not-applicable", "not-checked")
SEVERITIES = ("major", "general")

# What a SummaryBuilder counted, as plain data (`SummaryBuilder.tally`).
Tally = tuple[Any, ...]

# A month range wider than this is listed by the months that have data, not filled in.
_MAX_FILLED_MONTHS = 120


@dataclass(frozen=True)
class Counts:
    """The headline measures, for the whole corpus or for one group."""

    findings: int = 0  # consolidated findings (one per inspection and item), any result
    hidden_dangers: int = 0  # non-compliant or inconsistent
    majors: int = 0  # hidden dangers graded major
    open: int = 0  # hidden dangers not closed or withdrawn
    open_majors: int = 0
    overdue: int = 0  # open and past the current deadline as of the report date
    overdue_majors: int = 0
    closed: int = 0
    no_enforcement: int = 0  # flag: major, not closed, no enforcement recorded
    repeat_major: int = 0  # flag: majors found at one site by two inspections within 90 days
    inconsistent: int = 0  # inspectors disagree; counted as an open hidden danger
    untrusted: int = 0  # from documents that are not trusted (only with --include-untrusted)


MEASURES = tuple(f.name for f in fields(Counts))
_REPEAT = MEASURES.index("repeat_major")


@dataclass(frozen=True)
class MajorsStock:
    """Stock against increment of major hidden dangers in the report's month (AP24: 存量清零,
    增量遏制). The month is that of the report's day; its first day is `month_start`."""

    stock: int = 0  # majors found before the month's first day and open when it began
    cleared: int = 0  # of those, closed or withdrawn by the report's day
    increment: int = 0  # majors found from the month's first day to the report's day
    increment_open: int = 0  # of those, neither closed nor withdrawn on the report's day


def month_start(as_of: dt.date) -> dt.date:
    """The first day of the report's month: where the stock is taken."""
    return as_of.replace(day=1)


def month_end(day: dt.date) -> dt.date:
    """The last day of `day`'s month: after it, a major found that month is stock."""
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


@dataclass(frozen=True)
class GroupRow:
    key: tuple[str, ...]  # one value per `by` dimension; "" where the row has none
    counts: Counts
    site_id: str = ""  # the code of the row's site (with `--by site`), "" for a site without one
    stock: MajorsStock = MajorsStock()  # the group's majors: stock against increment
    # with `--by item`: the row's item id and its checklist (an id two checklists share is two
    # requirements, two rows; the key shows the checklist after such an id)
    item_id: str = ""
    item_checklist: str = ""


@dataclass(frozen=True)
class SeverityState:
    severity: str  # major | general | "" (not graded)
    state: str  # one of STATES, or "" (no state)
    count: int


@dataclass(frozen=True)
class SiteCount:
    site: str
    count: int
    site_id: str = ""  # "" for a site without a code


@dataclass(frozen=True)
class UncodedSite:
    """A site written by its name alone where other findings give that name a code: perhaps one
    mine, counted as two sites (a site is its code where it has one)."""

    site: str
    codes: tuple[str, ...]  # sorted


@dataclass(frozen=True)
class MonthProgress:
    month: str  # YYYY-MM
    found: int  # hidden dangers found in the month
    rectified: int  # rectified (as reported by the enterprise) in the month
    closed: int  # closed (销号) in the month


@dataclass(frozen=True)
class ClosingTime:
    """How the hidden dangers of one severity were closed, as of the report's day."""

    severity: str  # major | general | "" (not graded)
    closed: int  # closed now
    days: int  # of those, the days together from the day found to the closure in force
    independent: int  # of those, closed after an acceptance by other than self-assessment
    ever_closed: int  # closed at some time (a withdrawn one not counted)
    reopened: int  # of those, reopened after a closure (a rebound on a look-back)

    @property
    def mean_days(self) -> float:
        """`days / closed` to one decimal, a half rounded up as a spreadsheet does (Python's
        `round` goes half to even, and 0.35 is a little under it in binary): in integers."""
        if not self.closed:
            return 0.0
        return (self.days * 20 + self.closed) // (self.closed * 2) / 10


STOCK_MEASURES = len(fields(MajorsStock))

# the numbers of a ClosingTime, as a tally keeps them (after its severity)
CLOSING_MEASURES = len(fields(ClosingTime)) - 1


@dataclass(frozen=True)
class ResponsibleOverdue:
    responsible: str  # "" when the finding names no responsible unit
    overdue: int
    overdue_majors: int


@dataclass(frozen=True)
class Summary:
    as_of: dt.date
    by: tuple[str, ...]
    include_untrusted: bool
    headline: Counts
    inspections: int
    sites: int
    results: tuple[tuple[str, int], ...]  # (result, count) in RESULTS order
    severity_state: tuple[SeverityState, ...]  # hidden dangers, non-zero cells only
    groups: tuple[GroupRow, ...]
    open_majors_by_site: tuple[SiteCount, ...]  # most first
    progress: tuple[MonthProgress, ...]  # chronological
    overdue_by_responsible: tuple[ResponsibleOverdue, ...]  # most first
    documents: tuple[DocumentStatus, ...]  # inputs not trusted or not read, sorted by path
    rejected: tuple[RejectedEvent, ...]  # sorted by path, finding, time
    closing: tuple[ClosingTime, ...] = ()  # by severity (major, general), closed ones only
    uncoded: tuple[UncodedSite, ...] = ()  # sites written by a name alone that has a code too
    # site codes that differ only in letter case, full-width forms or end blanks
    # (`core.sites.codes_alike`)
    alike_codes: tuple[tuple[str, ...], ...] = ()
    stock: MajorsStock = MajorsStock()  # the report's month: stock against increment of majors
    zone: Calendar | None = None  # the zone its days are local to (set where the report is made)
    # every document that would count is dated after the report's day (set where it is made)
    dated_later: bool = False
    # follow-ups that would count, dated after the report's day: their events are not yet known,
    # neither applied nor listed as not applied (set where it is made)
    followups_later: int = 0


def row_measures(row: FindingRow) -> tuple[int, ...]:
    """The row's contribution to each measure, in MEASURES order."""
    hidden = row.is_hidden_danger
    major = hidden and row.severity == "major"
    is_open = row.is_open
    overdue = is_open and row.overdue
    return (
        1,
        int(hidden),
        int(major),
        int(is_open),
        int(is_open and major),
        int(overdue),
        int(overdue and major),
        int(hidden and row.state == "closed"),
        int("no-enforcement" in row.flags),
        int("repeat-major" in row.flags),
        int(row.result == "inconsistent"),
        int(row.trust != "trusted"),
    )


# A site is its code where it has one (one mine may be written in two languages), else its name
# as written; a report shows a coded site by every name it was given (`SummaryBuilder.build`).
# Both kinds of key are marked, so no name (a signed file may hold any text) is taken for a code.
_CODED, _NAMED = "c:", "n:"


def site_key(site_id: str | None, site: str) -> str:
    return _CODED + site_id if site_id else _NAMED + site


def item_key(checklist: str, item: str) -> str:
    """A group's item: the item of one checklist (neither id holds a `/`)."""
    return f"{checklist}/{item}"


def site_code(key: str) -> str:
    """The code of a site's key, "" for a site known by its name alone."""
    return key[len(_CODED) :] if key.startswith(_CODED) else ""


def _site_names(sites: dict[str, set[str]]) -> dict[str, str]:
    """How each site is shown: by every name it was given; two coded sites shown alike (two
    mines of one name) each with its code after, and a site without a code by its name. Two
    sites may still read alike (a name may be written to look like another's): each keeps a
    row of its own."""
    shown = {key: " / ".join(sorted(names)) for key, names in sites.items()}
    alike: dict[str, int] = {}
    for text in shown.values():
        alike[text] = alike.get(text, 0) + 1
    return {
        key: f"{text} ({site_code(key)})" if site_code(key) and alike[text] > 1 else text
        for key, text in shown.items()
    }


def _uncoded(sites: dict[str, set[str]]) -> tuple[UncodedSite, ...]:
    codes: dict[str, set[str]] = {}
    for key, names in sites.items():
        if code := site_code(key):
            for name in names:
                codes.setdefault(name, set()).add(code)
    named = sorted(key[len(_NAMED) :] for key in sites if not site_code(key))
    return tuple(UncodedSite(name, tuple(sorted(codes[name]))) for name in named if name in codes)


# An inspector is a name as one signer gave it: two people of one name (or a signer who wrote
# another's) are two rows. A principal holds no blank (SPEC 2.2): the key is "signer name".
def inspector_key(signer: str, name: str) -> str:
    return f"{signer} {name}"


def _inspector_keys(row: FindingRow) -> tuple[str, ...]:
    """Each (signer, name) of the row: which name is whose on a joint inspection's row, else
    its one signer with each of its names, or its one name with each of its signers."""
    named = row.named or [(s, n) for s in row.signers or ("",) for n in row.inspectors]
    return tuple(inspector_key(s, n) for s, n in named) or ("",)


def _inspector_names(keys: Iterable[str]) -> dict[str, str]:
    """How each inspector is shown: by the name, and where two signers gave one name, with
    whose it is after. Names that differ only in how they read are told apart when rendered."""
    split = {key: key.split(" ", 1) if " " in key else ["", key] for key in keys}
    alike: dict[str, int] = {}
    for _, name in split.values():
        alike[name] = alike.get(name, 0) + 1
    return {
        key: (f"{name} ({signer})" if name else f"({signer})")
        if signer and alike[name] > 1
        else name
        for key, (signer, name) in split.items()
    }


def _item_names(keys: Iterable[str], by: tuple[str, ...]) -> dict[str, str]:
    """How each item is shown: by its id, and where the report holds that id from more than one
    checklist (a county's own checklist and a bundled one), with whose it is after; by its id
    alone where a checklist column says whose."""
    split = {key: key.split("/", 1) for key in keys}
    lists: dict[str, int] = {}
    for _, item in split.values():
        lists[item] = lists.get(item, 0) + 1
    return {
        key: f"{item} ({checklist})" if lists[item] > 1 and "checklist" not in by else item
        for key, (checklist, item) in split.items()
    }


def _key_values(row: FindingRow, dimension: str) -> tuple[str, ...]:
    """The group values a row falls under for one dimension (several only for inspectors)."""
    if dimension == "site":
        return (site_key(row.site_id, row.site),)
    if dimension == "checklist":
        return (row.checklist,)
    if dimension == "item":
        return (item_key(row.checklist, row.item),)
    if dimension == "severity":
        return (row.severity or "",) if row.is_hidden_danger else ("",)
    if dimension == "inspector":
        return _inspector_keys(row)
    if dimension == "month":
        return (_month(row.found),)
    if dimension == "clause":
        return clauses(row.basis)
    if dimension == "aspect":
        return aspects(row.basis)
    return (row.state or "",)


def _rank(order: tuple[str, ...], value: str) -> tuple[int, str]:
    return (order.index(value), "") if value in order else (len(order), value)


def _sort_key(dimension: str, value: str) -> tuple[int, str]:
    """Severities and states in their natural order, blanks last, the rest by code point."""
    if dimension == "severity":
        return _rank(SEVERITIES, value)
    if dimension == "state":
        return _rank(STATES, value)
    if value and dimension in ("clause", "aspect"):
        return (0, natural(value))
    return (1, "") if value == "" else (0, value)


def check_by(by: Iterable[str]) -> tuple[str, ...]:
    """Validate `--by` values; repeats are dropped, the first order kept."""
    out: list[str] = []
    for dimension in by:
        if dimension not in DIMENSIONS:
            from minecheck.i18n import t

            raise UsageError(
                t("cannot group by {value}", value=quoted(dimension)),
                hint=t("use --by with one of {values}", values=list(DIMENSIONS)),
            )
        if dimension not in out:
            out.append(dimension)
    return tuple(out)


def _add(total: list[int], measures: tuple[int, ...]) -> None:
    total[:] = map(operator.add, total, measures)


def _measures_key(row: FindingRow) -> tuple[object, ...]:
    """Everything row_measures reads (rows alike in these count alike)."""
    return (row.result, row.severity, row.state, row.overdue, row.flags, row.trust)


class SummaryBuilder:
    """Counts rows one at a time; `build()` gives the Summary."""

    def __init__(
        self, *, as_of: dt.date, by: Iterable[str] = (), include_untrusted: bool = False
    ) -> None:
        self.as_of = as_of
        self.by = check_by(by)
        self.include_untrusted = include_untrusted
        self._headline = [0] * len(MEASURES)
        self._groups: dict[tuple[str, ...], list[int]] = {}
        # What `add_plain` counted, by group: [findings, untrusted] (the measures a finding
        # that is no hidden danger counts in); joined to `_groups` when built.
        self._plain: dict[tuple[str, ...], list[int]] = {}
        self._inspections: set[str] = set()
        # With `inspections_in_turn`, a count instead: the inspection last seen, and how many.
        self._in_turn = False
        self._last_inspection: str | None = None
        self._inspection_count = 0
        self._sites: dict[str, set[str]] = {}  # each site's key and the names it was given
        self._results: dict[str, int] = {}
        self._severity_state: dict[tuple[str, str], int] = {}
        self._open_majors: dict[str, int] = {}
        self._found: dict[str, int] = {}
        self._rectified: dict[str, int] = {}
        self._closed: dict[str, int] = {}
        self._overdue: dict[str, list[int]] = {}
        # severity -> [closed, days to close, independent, ever closed, reopened] (ClosingTime)
        self._closing: dict[str, list[int]] = {}
        self._measures: dict[tuple[object, ...], tuple[int, ...]] = {}
        self._month_start = month_start(as_of)
        self._stock = [0] * STOCK_MEASURES  # (MajorsStock)
        self._stock_groups: dict[tuple[str, ...], list[int]] = {}  # by group, with `by`

    def add(self, row: FindingRow) -> None:
        key = _measures_key(row)
        measures = self._measures.get(key)
        if measures is None:
            measures = self._measures[key] = row_measures(row)
        _add(self._headline, measures)
        keys = self.repeat_keys(row)
        for key in keys:
            _add(self._groups.setdefault(key, [0] * len(MEASURES)), measures)
        self._seen_inspection(row.inspection)
        site = self._site(row.site_id, row.site)
        self._results[row.result] = self._results.get(row.result, 0) + 1
        if not row.is_hidden_danger:
            return
        cell = (row.severity or "", row.state or "")
        self._severity_state[cell] = self._severity_state.get(cell, 0) + 1
        month = _month(row.found)
        self._found[month] = self._found.get(month, 0) + 1
        if row.rectified_on is not None:
            month = _month(row.rectified_on)
            self._rectified[month] = self._rectified.get(month, 0) + 1
        if row.closed_on is not None:
            month = _month(row.closed_on)
            self._closed[month] = self._closed.get(month, 0) + 1
            if row.state != "withdrawn":
                closing = self._closing.setdefault(row.severity or "", [0] * CLOSING_MEASURES)
                if row.state == "closed":
                    closing[0] += 1
                    # the days to the closure in force, whose acceptance is counted beside them;
                    # closed on the spot, the evening before the inspection finished: no days
                    last = row.closed_last or row.closed_on
                    closing[1] += max(0, (last - row.found).days)
                    closing[2] += row.acceptance not in (None, "self")
                closing[3] += 1
                closing[4] += row.rebounded
        major = row.severity == "major"
        if major:
            self._count_stock(row, keys)
        if major and row.is_open:
            self._open_majors[site] = self._open_majors.get(site, 0) + 1
        if row.is_open and row.overdue:
            tally = self._overdue.setdefault(row.responsible or "", [0, 0])
            tally[0] += 1
            tally[1] += int(major)

    def _count_stock(self, row: FindingRow, keys: tuple[tuple[str, ...], ...]) -> None:
        """Count a major in the month's stock or increment (withdrawn ones end as closed do)."""
        if row.found >= self._month_start:
            counts = (0, 0, 1, int(row.is_open))
        elif row.open_at_start:
            counts = (1, int(not row.is_open), 0, 0)
        else:
            return
        _add(self._stock, counts)
        for key in keys:
            _add(self._stock_groups.setdefault(key, [0] * STOCK_MEASURES), counts)

    def _site(self, site_id: str | None, name: str) -> str:
        key = site_key(site_id, name)
        names = self._sites.get(key)
        if names is None:
            self._sites[key] = {name}
        elif name not in names:
            names.add(name)
        return key

    def inspections_in_turn(self) -> None:
        """The rows of each inspection will come together, one inspection after another: count
        inspections as they change rather than remember every id (memory flat in their number).
        """
        if self._inspections:
            raise ValueError("rows were already added")
        self._in_turn = True

    def _seen_inspection(self, inspection: str) -> None:
        if not self._in_turn:
            self._inspections.add(inspection)
        elif inspection != self._last_inspection:
            self._last_inspection = inspection
            self._inspection_count += 1

    def repeat_keys(self, row: FindingRow) -> tuple[tuple[str, ...], ...]:
        """The groups `add(row)` counted the row in."""
        if not self.by:
            return ()
        return tuple(itertools.product(*(_key_values(row, d) for d in self.by)))

    def add_repeats(self, keys: tuple[tuple[str, ...], ...], count: int) -> None:
        """Count `count` rows already added in the groups `keys` as flagged repeat-major.

        For a caller that learns the flag only after the rows were counted without it.
        """
        self._headline[_REPEAT] += count
        for key in keys:
            self._groups[key][_REPEAT] += count

    def fresh(self) -> SummaryBuilder:
        """An empty builder that counts as this one does (for a worker to count in)."""
        return SummaryBuilder(
            as_of=self.as_of, by=self.by, include_untrusted=self.include_untrusted
        )

    def counting_key(self) -> dict[str, object]:
        """What, beside the rows, decides what this builder counts."""
        return {"by": list(self.by), "include_untrusted": self.include_untrusted}

    def tally(self) -> Tally:
        """What this builder counted, as plain data (report/tally_cache.py), for `merge`.

        Both builders count inspections in turn (`inspections_in_turn`).
        """
        if not self._in_turn:
            raise ValueError("a tally is of inspections counted in turn")
        return (
            self._headline,
            self._groups,
            self._inspection_count,
            self._last_inspection,
            self._sites,
            self._results,
            self._severity_state,
            self._open_majors,
            self._found,
            self._rectified,
            self._closed,
            self._overdue,
            self._plain,
            self._closing,
            self._stock,
            self._stock_groups,
        )

    def merge(self, tally: Tally) -> None:
        """Count what another builder's `tally` holds, as if its rows had been added here (the
        inspections it counted are not counted here too: each is counted whole, once)."""
        if not self._in_turn:
            raise ValueError("a tally is of inspections counted in turn")
        headline, groups, inspections, last, sites, results, cells, open_majors = tally[:8]
        found, rectified, closed, overdue, plain, closing, stock, stock_groups = tally[8:]
        _add(self._headline, headline)
        _add(self._stock, stock)
        for key, values in stock_groups.items():
            _add(self._stock_groups.setdefault(key, [0] * STOCK_MEASURES), values)
        for key, values in groups.items():
            _add(self._groups.setdefault(key, [0] * len(MEASURES)), values)
        ours = self._plain
        for key, (findings, untrusted) in plain.items():
            counted = ours.get(key)
            if counted is None:
                ours[key] = [findings, untrusted]
            else:
                counted[0] += findings
                counted[1] += untrusted
        self._inspection_count += inspections
        if inspections:
            self._last_inspection = last
        for key, names in sites.items():
            self._sites.setdefault(key, set()).update(names)
        for mine, theirs in (
            (self._results, results),
            (self._severity_state, cells),
            (self._open_majors, open_majors),
            (self._found, found),
            (self._rectified, rectified),
            (self._closed, closed),
        ):
            for key, n in theirs.items():
                mine[key] = mine.get(key, 0) + n
        for name, (n, majors) in overdue.items():
            tally_of = self._overdue.setdefault(name, [0, 0])
            tally_of[0] += n
            tally_of[1] += majors
        for severity, values in closing.items():
            _add(self._closing.setdefault(severity, [0] * CLOSING_MEASURES), values)

    def add_plain(
        self,
        *,
        inspection: str,
        site: str,
        site_id: str | None = None,
        checklist: str,
        inspector: str,
        signer: str,
        month: str,
        trust: str,
        results: Sequence[tuple[str, Sequence[str]]],
    ) -> None:
        """Count findings of one inspection by one document that are no hidden danger.

        `results` gives, per result, the item ids that have it. The same as `add` of each
        finding's row (no severity, state, deadline or flags; the document's one inspector;
        found in `month`), without the rows.
        """
        untrusted = int(trust != "trusted")
        total = 0
        for result, items in results:
            if result in ("noncompliant", "inconsistent"):
                raise ValueError(f"a {result} finding is a hidden danger")
            if items:
                self._results[result] = self._results.get(result, 0) + len(items)
                total += len(items)
        if not total:
            return
        self._headline[0] += total
        self._headline[-1] += untrusted * total
        self._seen_inspection(inspection)
        site_value = self._site(site_id, site)
        if not self.by:
            return
        fixed = {
            "site": site_value,
            "checklist": checklist,
            "severity": "",
            "inspector": inspector_key(signer, inspector),
            "month": month,
            "state": "",
            "clause": "",  # (a finding that is no hidden danger cites no clause)
            "aspect": "",
        }
        plain = self._plain
        if "item" not in self.by:
            counted = plain.setdefault(tuple(fixed[d] for d in self.by), [0, 0])
            counted[0] += total
            counted[1] += untrusted * total
            return
        where = self.by.index("item")
        head = tuple(fixed[d] for d in self.by[:where])
        tail = tuple(fixed[d] for d in self.by[where + 1 :])
        for _, items in results:
            for item in items:
                found = plain.get(key := (*head, item_key(checklist, item), *tail))
                if found is None:
                    plain[key] = [1, untrusted]
                else:
                    found[0] += 1
                    found[1] += untrusted

    def build(
        self, documents: Iterable[DocumentStatus] = (), rejected: Iterable[RejectedEvent] = ()
    ) -> Summary:
        for key, (findings, untrusted) in self._plain.items():  # (joined: counted once)
            values = self._groups.setdefault(key, [0] * len(MEASURES))
            values[0] += findings
            values[-1] += untrusted
        self._plain.clear()
        shown = _site_names(self._sites)
        # how the site and inspector columns' keys are shown, by the column's place
        showns = {self.by.index("site"): shown} if "site" in self.by else {}
        if "inspector" in self.by:
            at = self.by.index("inspector")
            showns[at] = _inspector_names({key[at] for key in self._groups})
        item_at = self.by.index("item") if "item" in self.by else None
        if item_at is not None:
            showns[item_at] = _item_names({key[item_at] for key in self._groups}, self.by)

        def showing(key: tuple[str, ...]) -> tuple[str, ...]:
            return tuple(showns[i][v] if i in showns else v for i, v in enumerate(key))

        site_at = self.by.index("site") if "site" in self.by else None
        groups = tuple(
            GroupRow(
                showing(key),
                Counts(*values),
                "" if site_at is None else site_code(key[site_at]),
                MajorsStock(*self._stock_groups.get(key, ())),
                *(() if item_at is None else reversed(key[item_at].split("/", 1))),
            )
            for key, values in sorted(
                self._groups.items(),
                key=lambda kv: (
                    tuple(_sort_key(d, v) for d, v in zip(self.by, showing(kv[0]), strict=True)),
                    kv[0],  # (two sites that read alike, in the order of their keys)
                ),
            )
        )
        open_majors = [(shown[site], n, site) for site, n in self._open_majors.items()]
        severity_state = tuple(
            SeverityState(sev, state, n)
            for (sev, state), n in sorted(
                self._severity_state.items(),
                key=lambda kv: (_sort_key("severity", kv[0][0]), _sort_key("state", kv[0][1])),
            )
        )
        return Summary(
            as_of=self.as_of,
            by=self.by,
            include_untrusted=self.include_untrusted,
            headline=Counts(*self._headline),
            inspections=len(self._inspections) + self._inspection_count,
            sites=len(shown),
            results=tuple(
                (r, self._results.get(r, 0))
                for r in (*RESULTS, *sorted(set(self._results) - set(RESULTS)))
            ),
            severity_state=severity_state,
            groups=groups,
            open_majors_by_site=tuple(
                SiteCount(name, n, site_code(site))
                for name, n, site in sorted(open_majors, key=lambda x: (-x[1], x[0], x[2]))
            ),
            progress=self._progress(),
            overdue_by_responsible=tuple(
                ResponsibleOverdue(name, n, majors)
                for name, (n, majors) in sorted(
                    self._overdue.items(), key=lambda kv: (-kv[1][0], -kv[1][1], kv[0] == "", kv[0])
                )
            ),
            documents=tuple(
                sorted(
                    (d for d in documents if d.status != "trusted"),
                    key=lambda d: (d.path, d.status, d.reason, d.document_id or ""),
                )
            ),
            rejected=tuple(
                sorted(rejected, key=lambda e: (e.path, e.finding, e.at, e.action, e.reason))
            ),
            uncoded=_uncoded(self._sites),
            alike_codes=tuple(codes_alike(site_code(key) for key in self._sites)),
            closing=tuple(
                ClosingTime(severity, *values)
                for severity, values in sorted(
                    self._closing.items(), key=lambda kv: _sort_key("severity", kv[0])
                )
            ),
            stock=MajorsStock(*self._stock),
        )

    def _progress(self) -> tuple[MonthProgress, ...]:
        months = set(self._found) | set(self._rectified) | set(self._closed)
        if not months:
            return ()
        months.add(_month(self.as_of))  # the report's own month is shown, zeros or not
        first, last = min(months), max(months)
        span = _month_index(last) - _month_index(first)
        if span < _MAX_FILLED_MONTHS:
            start = _month_index(first)
            months = {_month_name(start + i) for i in range(span + 1)}
        return tuple(
            MonthProgress(
                m, self._found.get(m, 0), self._rectified.get(m, 0), self._closed.get(m, 0)
            )
            for m in sorted(months)
        )


@functools.lru_cache(maxsize=4096)
def _month(day: dt.date) -> str:
    """YYYY-MM, worked out once per date."""
    return f"{day.year:04d}-{day.month:02d}"


def _month_index(month: str) -> int:
    year, mon = month.split("-")
    return int(year) * 12 + int(mon) - 1


def _month_name(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def summarize(
    rows: Iterable[FindingRow],
    *,
    as_of: dt.date,
    by: Iterable[str] = (),
    documents: Iterable[DocumentStatus] = (),
    rejected: Iterable[RejectedEvent] = (),
    include_untrusted: bool = False,
) -> Summary:
    """The summary of `rows` (consumed once, never kept) as of `as_of`."""
    builder = SummaryBuilder(as_of=as_of, by=by, include_untrusted=include_untrusted)
    for row in rows:
        builder.add(row)
    return builder.build(documents, rejected)


def fail_on(summary: Summary, threshold: str) -> bool:
    """The `--fail-on` gate: True when open findings meet the threshold (exit 1)."""
    if threshold == "major":
        return summary.headline.open_majors > 0
    if threshold == "any":
        return summary.headline.open > 0
    if threshold == "overdue":
        return summary.headline.overdue > 0
    from minecheck.i18n import t

    raise UsageError(
        t("unknown --fail-on level {level}", level=quoted(threshold)),
        hint=t("use major, any or overdue"),
    )
