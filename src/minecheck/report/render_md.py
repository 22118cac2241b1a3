"""The summary as Markdown: headings and pipe tables, every string from a file escaped."""

from __future__ import annotations

import re
from collections.abc import Sequence

from minecheck.core.sanitize import for_terminal
from minecheck.report.labels import Labels
from minecheck.report.render import (
    CLOSING_COLUMNS,
    as_of_text,
    closing_cells,
    documents_listed,
    event_time,
    generated_text,
    groups_note,
    headline_label,
    no_rejected,
    scope_end,
    shown_measures,
    stock_heading,
    stock_rows,
)
from minecheck.report.rows import STATES
from minecheck.report.summary import SEVERITIES, Summary

# Inline Markdown punctuation (a table cell holds inline text only): emphasis, code, links and
# images, cell separators, strike-through, and `:` of emoji short codes and of a URL's scheme.
# GitHub links two more forms by themselves: an e-mail address (its `@` is escaped) and a word
# starting `www.` (its dot). `<`, `>` and `&` become entities so no HTML survives.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]!|~:@])")
_WWW = re.compile(r"(www)\.", re.IGNORECASE)
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def md_text(text: str) -> str:
    """A string from a file as inert Markdown text on one line."""
    safe = for_terminal(text)  # control, bidi and line-breaking characters made visible
    safe = _WWW.sub(r"\1\\.", _MD_SPECIAL.sub(r"\\\1", safe))
    return "".join(_ENTITIES.get(ch, ch) for ch in safe)


def _table(header: Sequence[str], rows: Sequence[Sequence[str | int]], numeric_from: int) -> str:
    align = ["---" if i < numeric_from else "---:" for i in range(len(header))]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(align) + " |"]
    lines.extend("| " + " | ".join(str(c) for c in row) + " |" for row in rows)
    return "\n".join(lines) + "\n"


def render_md(summary: Summary, words: Labels) -> str:
    out: list[str] = [f"# {words['title']}\n"]
    c = "：" if words.lang == "zh" else ": "
    out.append(
        f"{words['as_of']}{c}{as_of_text(summary, words)} · {words['inspections']}{c}"
        f"{summary.inspections} · {words['sites']}{c}{summary.sites} · "
        f"{words[documents_listed(summary)]}{c}{len(summary.documents)}"
        f"{scope_end(summary, words)}\n"
    )
    if summary.headline.untrusted:
        out.append(f"**{words['untrusted_note'].format(n=summary.headline.untrusted)}**\n")

    measures = shown_measures(summary)
    out.append(f"## {words['headline']}\n")
    out.append(
        _table(
            [words["measure"], words["count"]],
            [(headline_label(summary, words, m), getattr(summary.headline, m)) for m in measures],
            1,
        )
    )

    out.append(f"## {words['severity_state']}\n")
    states = [s for s in STATES if any(c.state == s for c in summary.severity_state)]
    severities = [
        s for s in (*SEVERITIES, "") if any(c.severity == s for c in summary.severity_state)
    ]
    if severities:
        cells = {(c.severity, c.state): c.count for c in summary.severity_state}
        rows: list[list[str | int]] = []
        for sev in severities:
            counts = [cells.get((sev, s), 0) for s in states]
            row_total = sum(n for (sv, _), n in cells.items() if sv == sev)
            rows.append([words.value("severity", sev), *counts, row_total])
        header = [words["severity"], *(words.value("state", s) for s in states), words["total"]]
        out.append(_table(header, rows, 1))
    else:
        out.append(words["none"] + "\n")

    if summary.by:
        out.append(f"## {words['groups'].format(dims=words.dims(summary.by))}\n")
        if note := groups_note(summary, words):
            out.append(f"{note}\n")
        header = [*(words[d] for d in summary.by), *(words[m] for m in measures)]
        group_rows = [
            [
                *(md_text(words.value(d, v)) for d, v in zip(summary.by, g.key, strict=True)),
                *(getattr(g.counts, m) for m in measures),
            ]
            for g in summary.groups
        ]
        out.append(
            _table(header, group_rows, len(summary.by)) if group_rows else words["none"] + "\n"
        )

    out.append(f"## {words['open_majors_by_site']}\n")
    out.append(
        _table(
            [words["site"], words["open_majors"]],
            [(md_text(s.site), s.count) for s in summary.open_majors_by_site],
            1,
        )
        if summary.open_majors_by_site
        else words["none"] + "\n"
    )

    out.append(f"## {stock_heading(summary, words)}\n")
    out.append(_table([words["stock_measure"], words["count"]], stock_rows(summary, words), 1))

    out.append(f"## {words['progress']}\n")
    out.append(
        _table(
            [words["month"], words["found"], words["rectified"], words["closed_in_month"]],
            [(p.month, p.found, p.rectified, p.closed) for p in summary.progress],
            1,
        )
        if summary.progress
        else words["none"] + "\n"
    )

    out.append(f"## {words['closing']}\n")
    out.append(
        _table(
            [words[c] for c in CLOSING_COLUMNS],
            [closing_cells(c, words) for c in summary.closing],
            1,
        )
        if summary.closing
        else words["none"] + "\n"
    )

    out.append(f"## {words['overdue_by_responsible']}\n")
    out.append(
        _table(
            [words["responsible"], words["overdue"], words["overdue_majors"]],
            [
                (
                    md_text(r.responsible) if r.responsible else words["not_recorded"],
                    r.overdue,
                    r.overdue_majors,
                )
                for r in summary.overdue_by_responsible
            ],
            1,
        )
        if summary.overdue_by_responsible
        else words["none"] + "\n"
    )

    heading = "documents_included" if summary.include_untrusted else "documents"
    out.append(f"## {words[heading]}\n")
    out.append(
        _table(
            [words["path"], words["status"], words["reason"]],
            [
                (
                    md_text(d.path),
                    md_text(words.status(d.status, summary.include_untrusted)),
                    md_text(words.reason(d.reason)),
                )
                for d in summary.documents
            ],
            3,
        )
        if summary.documents
        else words["none"] + "\n"
    )

    out.append(f"## {words['rejected']}\n")
    out.append(
        _table(
            [words["path"], words["finding"], words["action"], words["at"], words["reason"]],
            [
                (
                    md_text(e.path),
                    md_text(e.finding),
                    md_text(words.value("action", e.action)),
                    event_time(e.at),
                    md_text(words.reason(e.reason)),
                )
                for e in summary.rejected
            ],
            5,
        )
        if summary.rejected
        else no_rejected(summary, words) + "\n"
    )
    out.append(generated_text(summary, words) + "\n")
    return "\n".join(out)
