"""The summary on a terminal: Rich tables, every string from a file as sanitized `Text`."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from minecheck.cli._breaks import Broken
from minecheck.cli._render import SafeTexts, safe, table
from minecheck.report.labels import Labels
from minecheck.report.render import (
    CLOSING_COLUMNS,
    as_of_text,
    closing_cells,
    documents_listed,
    event_time,
    groups_note,
    headline_label,
    no_rejected,
    scope_end,
    shown_apart_in,
    shown_measures,
    stock_heading,
    stock_rows,
)
from minecheck.report.rows import STATES
from minecheck.report.summary import SEVERITIES, Summary

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
    from rich.table import Table
    from rich.text import Text


def _numeric(t: Table, first: int) -> Table:
    for column in t.columns[first:]:
        column.justify = "right"
    return t


def _section(
    title: str,
    header: Sequence[str],
    rows: Sequence[Sequence[Text]],
    first_numeric: int,
    empty: str,
) -> RenderableType:
    from rich.console import Group

    heading = safe(title, "bold")
    if not rows:
        return Group(heading, safe(empty, "dim"), safe(""))
    t = _numeric(table(*header), first_numeric)
    for cells in rows:
        t.add_row(*cells)
    return Group(heading, t)


class _Fitted:
    """A wide table that fits the terminal: when all its columns do not fit on one line, the
    numeric columns are split across several tables, each repeating the key columns, so no
    header or name is folded a character at a time (CJK headers would otherwise stack up)."""

    def __init__(self, header: Sequence[str], rows: Sequence[Sequence[Text]], keys: int) -> None:
        self.header = header
        self.rows = rows
        self.keys = keys
        self.kept: dict[tuple[Any, ...], Any] = {}

    def _table(self, columns: Sequence[int]) -> Table:
        from rich.table import Row

        t = table(*(self.header[i] for i in columns))
        _numeric(t, self.keys)
        t.kept = self.kept  # (a key column's cells laid out once for every table they are in)
        # (each row's cells put in their columns as `add_row` puts them, a column at a time:
        # every cell is a text; `add_row` looked at each of 10,000 groups' cells in each table)
        for column, i in zip(t.columns, columns, strict=True):
            column._cells.extend([cells[i] for cells in self.rows])
        t.rows.extend([Row() for _ in self.rows])
        return t

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:

        unbounded = options.update_width(1 << 16)  # a measurement is clamped to its width
        # each column's widest cell, measured once: the table measured whole for each column
        # tried measured every cell again (10,000 groups: half a minute); a cell like one
        # before (a count, a name in another group) is not measured again
        widest = [
            max(
                _widest(console, unbounded, self.header[i]),
                max(_widths(console, unbounded, [cells[i] for cells in self.rows]), default=0),
            )
            for i in range(len(self.header))
        ]

        def fits(columns: list[int]) -> bool:
            bare = table(*(self.header[i] for i in columns))  # (no rows: the chrome alone)
            width: int = sum(widest[i] for i in columns) + bare.chrome(console)
            return width <= options.max_width

        keys = list(range(self.keys))
        chunk: list[int] = []
        for i in range(self.keys, len(self.header)):
            if chunk and not fits([*keys, *chunk, i]):
                yield self._table([*keys, *chunk])
                chunk = []
            chunk.append(i)
        yield self._table([*keys, *chunk])


def _widest(console: Console, options: ConsoleOptions, cell: RenderableType) -> int:
    """`Measurement.get(console, options, cell).maximum`; a `Broken` text's widest line
    measured alone (its least width, the widest piece its lines break into, is not asked)."""
    from rich.measure import Measurement

    from minecheck.cli._table import widest_line

    if type(cell) is not Broken:
        return Measurement.get(console, options, cell).maximum
    widest = widest_line(cell.plain)
    return min(widest, options.max_width) if widest >= 1 else 0


def _widths(console: Console, options: ConsoleOptions, cells: Sequence[Any]) -> Iterator[int]:
    """`_widest` of `cells`, a `Broken` text's once for all the cells of its characters."""
    seen: set[Any] = set()
    for cell in cells:
        if type(cell) is Broken:
            if cell.plain in seen:  # (its lines' widest: its characters alone)
                continue
            seen.add(cell.plain)
        yield _widest(console, options, cell)


def _n(value: int, alert: bool = False) -> Text:
    return safe(str(value), "bold red" if alert and value else "")


class _Counts:
    """`_n`, one text for all the cells of a count and style in a report (10,000
    groups made 110,000 texts of a few counts)."""

    def __init__(self) -> None:
        self.texts = SafeTexts()

    def __call__(self, value: int, alert: bool = False) -> Text:
        return self.texts(str(value), "bold red" if alert and value else "")


def summary_renderables(summary: Summary, lang: str) -> list[RenderableType]:
    """The report's sections, top to bottom, for `Reporter.show`."""
    summary = shown_apart_in(summary, lang)
    count = _Counts()
    w = Labels(lang)
    none = w["none"]
    out: list[RenderableType] = [
        safe(w["title"], "bold"),
        safe(
            f"{w['as_of']} {as_of_text(summary, w)} · {w['inspections']} {summary.inspections}"
            f" · {w['sites']} {summary.sites} · {w[documents_listed(summary)]}"
            f" {len(summary.documents)}{scope_end(summary, w)}"
        ),
    ]
    if summary.headline.untrusted:
        out.append(safe(w["untrusted_note"].format(n=summary.headline.untrusted), "bold red"))
    out.append(safe(""))
    measures = shown_measures(summary)
    alerts = {"open_majors", "overdue", "overdue_majors", "no_enforcement", "repeat_major"}
    out.append(
        _section(
            w["headline"],
            [w["measure"], w["count"]],
            [
                [
                    safe(headline_label(summary, w, m)),
                    count(getattr(summary.headline, m), m in alerts),
                ]
                for m in measures
            ],
            1,
            none,
        )
    )
    states = [s for s in STATES if any(c.state == s for c in summary.severity_state)]
    cells = {(c.severity, c.state): c.count for c in summary.severity_state}
    severity_rows = [
        [
            safe(w.value("severity", sev)),
            *(count(cells.get((sev, s), 0)) for s in states),
            count(sum(n for (sv, _), n in cells.items() if sv == sev)),
        ]
        for sev in (*SEVERITIES, "")
        if any(sv == sev for sv, _ in cells)
    ]
    out.append(
        _section(
            w["severity_state"],
            [w["severity"], *(w.value("state", s) for s in states), w["total"]],
            severity_rows,
            1,
            none,
        )
    )
    if summary.by:
        from rich.console import Group

        rows = [
            [
                *(safe(w.value(d, v)) for d, v in zip(summary.by, g.key, strict=True)),
                *(count(getattr(g.counts, m)) for m in measures),
            ]
            for g in summary.groups
        ]
        header = [*(w[d] for d in summary.by), *(w[m] for m in measures)]
        heading = [safe(w["groups"].format(dims=w.dims(summary.by)), "bold")]
        if note := groups_note(summary, w):
            heading.append(safe(note, "dim"))
        out.append(
            Group(*heading, _Fitted(header, rows, len(summary.by)))
            if rows
            else Group(*heading, safe(none, "dim"), safe(""))
        )
    out.append(
        _section(
            w["open_majors_by_site"],
            [w["site"], w["open_majors"]],
            [[safe(s.site), count(s.count, True)] for s in summary.open_majors_by_site],
            1,
            none,
        )
    )
    out.append(
        _section(
            stock_heading(summary, w),
            [w["stock_measure"], w["count"]],
            [[safe(label), count(n)] for label, n in stock_rows(summary, w)],
            1,
            none,
        )
    )
    out.append(
        _section(
            w["progress"],
            [w["month"], w["found"], w["rectified"], w["closed_in_month"]],
            [
                [safe(p.month), count(p.found), count(p.rectified), count(p.closed)]
                for p in summary.progress
            ],
            1,
            none,
        )
    )
    out.append(
        _section(
            w["closing"],
            [w[c] for c in CLOSING_COLUMNS],
            [[safe(cell) for cell in closing_cells(c, w)] for c in summary.closing],
            1,
            none,
        )
    )
    out.append(
        _section(
            w["overdue_by_responsible"],
            [w["responsible"], w["overdue"], w["overdue_majors"]],
            [
                [
                    safe(r.responsible) if r.responsible else safe(w["not_recorded"], "dim"),
                    count(r.overdue, True),
                    count(r.overdue_majors, True),
                ]
                for r in summary.overdue_by_responsible
            ],
            1,
            none,
        )
    )
    out.append(
        _section(
            w["documents_included" if summary.include_untrusted else "documents"],
            [w["path"], w["status"], w["reason"]],
            [
                [
                    safe(d.path),
                    safe(w.status(d.status, summary.include_untrusted)),
                    safe(w.reason(d.reason)),
                ]
                for d in summary.documents
            ],
            3,
            none,
        )
    )
    out.append(
        _section(
            w["rejected"],
            [w["path"], w["finding"], w["action"], w["at"], w["reason"]],
            [
                [
                    safe(e.path),
                    safe(e.finding),
                    safe(w.value("action", e.action)),
                    safe(event_time(e.at)),
                    safe(w.reason(e.reason)),
                ]
                for e in summary.rejected
            ],
            5,
            no_rejected(summary, w),
        )
    )
    return out
