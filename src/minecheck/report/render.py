"""Summary renderers: pure functions from a `Summary` to the text of one format.

`json` is one document, `nl` one JSON object per group row, `csv` one line per group row (both
with fixed English keys, for scripts); `md` and `html` are the report a person reads, in the
words of `--lang`. Every string that came from a file is made safe for its format here: control
and bidi characters made visible, HTML and Markdown escaped, spreadsheet formulas neutralised.
Nothing reads the clock: the date shown is the report's `as_of`.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import replace
from typing import Any

from minecheck.core.sanitize import for_csv, json_text, shown_apart
from minecheck.core.trust import counted
from minecheck.report.labels import Labels
from minecheck.report.summary import MEASURES, ClosingTime, GroupRow, MajorsStock, Summary

FORMATS = ("md", "csv", "json", "nl", "html")


def render(summary: Summary, fmt: str, lang: str = "en") -> str:
    """The report in `fmt` (one of FORMATS); `lang` picks the words of md and html."""
    if fmt == "json":
        return render_json(summary)
    if fmt == "nl":
        return render_nl(summary)
    if fmt == "csv":
        return render_csv(summary)
    if fmt == "md":
        from minecheck.report.render_md import render_md

        return render_md(shown_apart_in(summary, lang), Labels(lang))
    if fmt == "html":
        from minecheck.report.render_html import render_html

        return render_html(shown_apart_in(summary, lang), Labels(lang))
    raise ValueError(f"unknown format {fmt!r}")


def shown_apart_in(summary: Summary, lang: str) -> Summary:
    """The summary as a person reads it (md, html, the terminal): in each column of names from
    the files (a `--by` dimension, the sites of open majors, the responsible units of overdue
    ones), names that read alike on a screen (`sanitize.reads_as`: a Cyrillic letter for a
    Latin one, a full-width letter, an ideographic space after) with what tells them apart
    escaped (`sanitize.shown_apart`). Each keeps its row as before; the data formats give every
    name as written. In Chinese an item id two checklists share is followed by its checklist in
    full-width brackets, `gas-check-genuine（mini-check）`, as the Chinese names a code."""
    keys = [g.key for g in summary.groups]
    if lang == "zh" and "item" in summary.by:
        at = summary.by.index("item")
        keys = [
            (*key[:at], f"{g.item_id}（{g.item_checklist}）", *key[at + 1 :])
            if key[at] == f"{g.item_id} ({g.item_checklist})"  # (ids hold no blank or bracket)
            else key
            for key, g in zip(keys, summary.groups, strict=True)
        ]
    columns = [shown_apart([key[i] for key in keys]) for i in range(len(summary.by))]
    groups = tuple(
        replace(g, key=tuple(column[n] for column in columns)) for n, g in enumerate(summary.groups)
    )
    sites = shown_apart([s.site for s in summary.open_majors_by_site])
    units = shown_apart([u.responsible for u in summary.overdue_by_responsible])
    return replace(
        summary,
        groups=groups,
        open_majors_by_site=tuple(
            replace(s, site=site)
            for s, site in zip(summary.open_majors_by_site, sites, strict=True)
        ),
        overdue_by_responsible=tuple(
            replace(u, responsible=unit)
            for u, unit in zip(summary.overdue_by_responsible, units, strict=True)
        ),
    )


def shown_measures(summary: Summary) -> tuple[str, ...]:
    """The measures a table shows: `untrusted` only when some counted finding is untrusted."""
    if summary.headline.untrusted or summary.include_untrusted:
        return MEASURES
    return tuple(m for m in MEASURES if m != "untrusted")


def headline_note(summary: Summary, words: Labels, measure: str) -> str:
    """What a headline measure needs said beside it: the item count says how many items were
    not checked, so a reader does not take items recorded `not-checked` for items looked at."""
    not_checked = dict(summary.results).get("not-checked", 0)
    if measure == "findings" and not_checked:
        return words["not_checked_note"].format(n=not_checked)
    return ""


def groups_note(summary: Summary, words: Labels) -> str:
    """What the group table needs said under its heading, where its rows may add up to more
    than the total: with `--by clause` or `aspect`, a hidden danger citing several clauses is
    in several rows; with `--by inspector`, a joint inspection's finding is under each
    inspector."""
    cited = next((d for d in ("clause", "aspect") if d in summary.by), None)
    notes = [words[f"cited_note.{cited}"]] if cited else []
    if "inspector" in summary.by:
        notes.append(words["joint_note"])
    return ("" if words.lang == "zh" else " ").join(notes)


def headline_label(summary: Summary, words: Labels, measure: str) -> str:
    note = headline_note(summary, words, measure)
    space = "" if words.lang == "zh" else " "  # a full-width bracket brings its own space
    return f"{words[measure]}{space}{note}" if note else words[measure]


# -- data formats ------------------------------------------------------------------------------


CLOSING_COLUMNS = ("severity", "closed", "mean_days", "independent", "reopened_after")


def closing_cells(closing: ClosingTime, words: Labels) -> tuple[str, ...]:
    """A row of the closure section, as a reader sees it (CLOSING_COLUMNS)."""
    mean = f"{closing.mean_days:.1f}" if closing.closed else words["empty_value"]
    return (
        words.value("severity", closing.severity),
        str(closing.closed),
        mean,
        str(closing.independent),
        words["n_of_total"].format(n=closing.reopened, total=closing.ever_closed),
    )


# the stock against increment of majors, as columns of csv and nl and as the report's rows
STOCK_COLUMNS = (
    "majors_stock",
    "majors_stock_cleared",
    "majors_increment",
    "majors_increment_open",
)


def stock_values(stock: MajorsStock) -> tuple[int, ...]:
    """The four figures, in STOCK_COLUMNS order (the order of MajorsStock's fields)."""
    return tuple(vars(stock).values())


def stock_rows(summary: Summary, words: Labels) -> list[tuple[str, int]]:
    """The report's rows of the stock section: each figure with its words."""
    return list(zip((words[c] for c in STOCK_COLUMNS), stock_values(summary.stock), strict=True))


def stock_heading(summary: Summary, words: Labels) -> str:
    return words["stock"].format(month=summary.as_of.strftime("%Y-%m"))


def as_of_text(summary: Summary, words: Labels) -> str:
    """The report's day and the zone its days are local to (`Labels.day_in`)."""
    return words.day_in(summary.as_of.isoformat(), summary.zone)


def generated_text(summary: Summary, words: Labels) -> str:
    """The report's last line: its day, the zone it was counted in, and what gives it again."""
    day = summary.as_of.isoformat()
    if summary.zone is None:
        return words["generated"].format(date=day)
    zone = words.zone(summary.zone)
    if words.lang == "zh" and zone[-1].isascii():
        zone += " "  # (`按 UTC 的日期`, spaced as before it; none after a full-width bracket)
    return words["generated_zone"].format(date=day, zone=zone)


def event_time(at: dt.datetime) -> str:
    """When an event happened, as the reports a person reads list it: in the zone the report
    counts its days in (`2026-12-07T06:37:17+08:00`), so the day a reader sees is the day the
    report counted it in; `Z` where that zone is at UTC then (`2026-12-06T22:37:17Z`). JSON
    keeps UTC. In UTC where the C library cannot place the time."""
    try:
        local = at.astimezone()
    except (OverflowError, OSError, ValueError):
        local = at.astimezone(dt.UTC)
    return local.isoformat().replace("+00:00", "Z")


def scope_end(summary: Summary, words: Labels) -> str:
    """What ends the scope line: where every document is dated after the report's day, that
    none is counted for it (they are not among the documents not counted, which are left out
    for a fault: they were not yet signed or finished that day)."""
    return f" · {words['dated_later']}" if summary.dated_later else ""


def no_rejected(summary: Summary, words: Labels) -> str:
    """What the list of events not applied says when it is empty: "None.", or, where follow-ups
    were left out as dated after the report's day, that none is listed by that day and how many
    are not counted (their events neither applied nor refused: "None." alone reads as nothing
    refused)."""
    n = summary.followups_later
    if not n:
        return words["none"]
    return words["rejected_later_one" if n == 1 else "rejected_later"].format(n=n)


def documents_listed(summary: Summary) -> str:
    """The label of how many documents the report lists: without --include-untrusted none of
    them is counted; with it, some are (marked), so they are named for what they share."""
    return "documents_listed_included" if summary.include_untrusted else "documents_listed"


def _text(value: str) -> str | None:
    return value if value else None


def group_objects(summary: Summary) -> list[dict[str, Any]]:
    """One flat object per group row (`--by` values, then every measure)."""
    if not summary.by:
        return [{**vars(summary.headline), **_stock_object(summary.stock)}]
    return [
        {**_group_columns(summary.by, g), **vars(g.counts), **_stock_object(g.stock)}
        for g in summary.groups
    ]


def _stock_object(stock: MajorsStock) -> dict[str, int]:
    return dict(zip(STOCK_COLUMNS, stock_values(stock), strict=True))


def _group_columns(by: tuple[str, ...], group: GroupRow) -> dict[str, str | None]:
    """A group's own columns; a site followed by its code (`site_id`, none for a site known by
    its name alone), by which a department joins the rows to its register of mines."""
    columns: dict[str, str | None] = {}
    for dimension, value in zip(by, group.key, strict=True):
        columns[dimension] = _text(value)
        if dimension == "site":
            columns["site_id"] = group.site_id or None
        elif dimension == "item":  # the id as the checklist has it, and whose it is
            columns["item"] = group.item_id
            if "checklist" not in by:
                columns["checklist"] = group.item_checklist
    return columns


def group_columns(by: tuple[str, ...]) -> tuple[str, ...]:
    """The names of a group's own columns, in order (`site` followed by `site_id`, `item` by
    its `checklist` unless the report is by checklist too)."""

    def of(dimension: str) -> tuple[str, ...]:
        if dimension == "site":
            return ("site", "site_id")
        if dimension == "item" and "checklist" not in by:
            return ("item", "checklist")
        return (dimension,)

    return tuple(c for d in by for c in of(d))


def summary_data(summary: Summary) -> dict[str, Any]:
    """The whole summary as JSON-ready values (the `data` of the --json envelope too)."""
    return {
        "as_of": summary.as_of.isoformat(),
        "zone": None if summary.zone is None else summary.zone.data(),
        "by": list(summary.by),
        "include_untrusted": summary.include_untrusted,
        "headline": dict(vars(summary.headline)),
        "scope": {
            "inspections": summary.inspections,
            "sites": summary.sites,
            "documents_not_counted": sum(
                not counted(d.status, summary.include_untrusted) for d in summary.documents
            ),
            "rejected_events": len(summary.rejected),
        },
        "results": dict(summary.results),
        "severity_state": [
            {"severity": _text(c.severity), "state": _text(c.state), "count": c.count}
            for c in summary.severity_state
        ],
        "groups": group_objects(summary) if summary.by else [],
        "open_majors_by_site": [
            {"site": s.site, "site_id": s.site_id or None, "open_majors": s.count}
            for s in summary.open_majors_by_site
        ],
        "progress": [
            {"month": p.month, "found": p.found, "rectified": p.rectified, "closed": p.closed}
            for p in summary.progress
        ],
        "stock": {"month": summary.as_of.strftime("%Y-%m"), **vars(summary.stock)},
        "closing": [
            {"severity": _text(c.severity), "closed": c.closed, "days": c.days}
            | {"mean_days": c.mean_days, "independent": c.independent}
            | {"ever_closed": c.ever_closed, "reopened": c.reopened}
            for c in summary.closing
        ],
        "overdue_by_responsible": [
            {
                "responsible": _text(r.responsible),
                "overdue": r.overdue,
                "overdue_majors": r.overdue_majors,
            }
            for r in summary.overdue_by_responsible
        ],
        "documents": [
            {
                "path": d.path,
                "status": d.status,
                "reason": d.reason,
                "kind": d.kind,
                "document_id": d.document_id,
                "signer": d.signer,
            }
            for d in summary.documents
        ],
        "rejected": [
            {
                "path": e.path,
                "finding": e.finding,
                "action": e.action,
                "at": e.at.isoformat().replace("+00:00", "Z"),
                "refused": e.refused,
                "reason": e.reason,
            }
            for e in summary.rejected
        ],
    }


def render_json(summary: Summary) -> str:
    return json_text(summary_data(summary)) + "\n"


def render_nl(summary: Summary) -> str:
    return "".join(json_text(obj, indent=None) + "\n" for obj in group_objects(summary))


def render_csv(summary: Summary) -> str:
    """A header, then one line per group row (the whole corpus when there is no `--by`)."""
    buffer = io.StringIO()
    import csv

    writer = csv.writer(buffer, lineterminator="\n")  # as export's CSV, and every file we write
    columns = group_columns(summary.by)
    writer.writerow([*columns, *MEASURES, *STOCK_COLUMNS])
    for obj in group_objects(summary):
        writer.writerow(
            [for_csv(obj[d] or "") for d in columns] + [obj[m] for m in (*MEASURES, *STOCK_COLUMNS)]
        )
    return buffer.getvalue()
