"""The summary as one self-contained HTML page for screen and A4 print.

The page comes from a Jinja2 template with autoescaping on, so no string is ever spliced into
markup by hand; strings from files are first made visible-safe (control and bidi characters as
`\\uXXXX`) and then escaped by the template. No scripts, no external resources: styles and
charts (inline SVG) are in the page itself.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

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
    headline_note,
    no_rejected,
    scope_end,
    shown_measures,
    stock_heading,
    stock_rows,
)
from minecheck.report.render_charts import (
    HATCHED,
    MAJOR_COLOUR,
    MAX_BARS,
    OTHER_COLOUR,
    SERIES_COLOURS,
    STATE_COLOURS,
    Chart,
    LegendEntry,
    display_width,
    grouped_columns,
    hatch,
    legend_positions,
    stacked_bars,
)
from minecheck.report.rows import STATES
from minecheck.report.summary import SEVERITIES, Summary

if TYPE_CHECKING:
    from markupsafe import Markup

HALF = 330  # px, a chart in one of two columns
FULL = 680  # px, a chart across the page (180 mm at 96 dpi)
# px, every chart as a phone shows it instead: 280 px of drawing across a 360 px screen's
# ~337 px keeps the charts' 10 px words at 12 px at least (680 px there drew them at 5)
NARROW = 280
MAX_MONTHS_CHARTED = 24
# Headline measures that are bad news when not zero: shown in the alert colour.
ALERTS = frozenset({"open_majors", "overdue", "overdue_majors", "no_enforcement", "repeat_major"})


@dataclass(frozen=True)
class Figure:
    title: str
    chart: Chart | None  # None when there is nothing to draw
    legend: tuple[tuple[float, float, LegendEntry], ...]
    wide: bool
    narrow: Chart | None = None  # the same chart drawn for a phone's width
    narrow_legend: tuple[tuple[float, float, LegendEntry], ...] = ()


def _safe(text: str) -> str:
    return for_terminal(text)


def _figure(title: str, chart: Chart | None, narrow: Chart | None, *, wide: bool = False) -> Figure:
    legend = tuple(legend_positions(chart)) if chart is not None else ()
    small = tuple(legend_positions(narrow)) if narrow is not None else ()
    return Figure(title, chart, legend, wide, narrow, small)


def _severity_state_chart(summary: Summary, words: Labels, width: int = HALF) -> Chart | None:
    if not summary.severity_state:
        return None
    states = [s for s in (*STATES, "") if any(c.state == s for c in summary.severity_state)]
    rows = []
    for sev in (*SEVERITIES, ""):
        cells = {c.state: c.count for c in summary.severity_state if c.severity == sev}
        if cells:
            segments = [
                (
                    STATE_COLOURS[s],
                    cells.get(s, 0),
                    f"{words.value('state', s)}: {cells.get(s, 0)}",
                    s in HATCHED,
                )
                for s in states
            ]
            rows.append((words.value("severity", sev), segments))
    legend = [LegendEntry(STATE_COLOURS[s], words.value("state", s), s in HATCHED) for s in states]
    return stacked_bars(rows, legend, width=width, label_columns=10)


def _more(words: Labels, shown: int, total: int) -> str:
    return words["chart_more"].format(n=shown, total=total) if total > shown else ""


def _site_chart(summary: Summary, words: Labels, width: int = HALF) -> Chart | None:
    sites = summary.open_majors_by_site
    if not sites:
        return None
    rows = [
        (_safe(s.site), [(MAJOR_COLOUR, s.count, f"{_safe(s.site)}: {s.count}", False)])
        for s in sites[:MAX_BARS]
    ]
    return stacked_bars(
        rows, [], width=width, more=_more(words, min(len(sites), MAX_BARS), len(sites))
    )


def _progress_chart(summary: Summary, words: Labels, width: int = FULL) -> Chart | None:
    months = summary.progress[-MAX_MONTHS_CHARTED:]
    if not months:
        return None
    legend = [
        LegendEntry(SERIES_COLOURS[0], words["found"]),
        LegendEntry(SERIES_COLOURS[1], words["rectified"]),
        LegendEntry(SERIES_COLOURS[2], words["closed_in_month"]),
    ]
    chart = grouped_columns(
        [p.month for p in months],
        [[p.found for p in months], [p.rectified for p in months], [p.closed for p in months]],
        legend,
        width=width,
        clear_axis=width == NARROW,
    )
    if len(months) < len(summary.progress):
        return replace(chart, note=_more(words, len(months), len(summary.progress)))
    return chart


def _overdue_chart(summary: Summary, words: Labels, width: int = FULL) -> Chart | None:
    units = summary.overdue_by_responsible
    if not units:
        return None
    major, general = words.value("severity", "major"), words.value("severity", "general")
    rows = []
    for u in units[:MAX_BARS]:
        name = _safe(u.responsible) if u.responsible else words["not_recorded"]
        others = u.overdue - u.overdue_majors
        # each part named as the legend names its colour, with its own number (the bar's
        # total is written after it)
        rows.append(
            (
                name,
                [
                    (MAJOR_COLOUR, u.overdue_majors, f"{major}: {u.overdue_majors}", False),
                    (OTHER_COLOUR, others, f"{general}: {others}", False),
                ],
            )
        )
    legend = [LegendEntry(MAJOR_COLOUR, major), LegendEntry(OTHER_COLOUR, general)]
    return stacked_bars(
        rows,
        legend,
        width=width,
        label_columns=40 if width == FULL else 24,
        more=_more(words, len(rows), len(units)),
    )


def _dense(summary: Summary, words: Labels, measures: tuple[str, ...]) -> str:
    """The group table's class: "" (as other tables), "dense" (7 pt, headings broken between
    words) or "dense cramped" (7 pt, headings broken anywhere)."""
    if len(summary.by) + len(measures) <= DENSE_COLUMNS:
        return ""
    # the width each column needs at least, in ems of 7 pt: its heading's longest unbroken
    # piece (bold), or a value that is never broken (a month, a severity, a state); a cell's
    # padding; text of a file breaks anywhere
    needed = 0.0
    for i, label in enumerate([words[d] for d in summary.by] + [words[m] for m in measures]):
        pieces = [word for piece in heading(label).split("<wbr>") for word in piece.split()]
        column = max(display_width(word) for word in pieces) * 0.6
        if i < len(summary.by) and summary.by[i] in ("month", "severity", "state"):
            values = [words.value(summary.by[i], g.key[i]) for g in summary.groups]
            column = max([column, *(display_width(v) * 0.55 for v in values)])
        needed += column + 1.0
    return "dense" if needed <= PAGE_EMS else "dense cramped"


def view(summary: Summary, words: Labels) -> dict[str, Any]:
    """Everything the template shows, as display strings and numbers."""
    measures = shown_measures(summary)
    cells = {(c.severity, c.state): c.count for c in summary.severity_state}
    states = [s for s in STATES if any(c.state == s for c in summary.severity_state)]
    severities = [
        s for s in (*SEVERITIES, "") if any(c.severity == s for c in summary.severity_state)
    ]
    return {
        "lang": "zh-CN" if words.lang == "zh" else "en",
        "w": words,
        "as_of": summary.as_of.isoformat(),
        "as_of_zone": as_of_text(summary, words),
        "scope_end": scope_end(summary, words),
        "generated": generated_text(summary, words),
        "summary": summary,
        "headline": [
            (
                words[m],
                getattr(summary.headline, m),
                m in ALERTS and getattr(summary.headline, m) > 0,
                headline_note(summary, words, m),
            )
            for m in measures
        ],
        "measures": [(m, words[m]) for m in measures],
        "by": [words[d] for d in summary.by],
        "group_title": words["groups"].format(dims=words.dims(summary.by)) if summary.by else "",
        "group_note": groups_note(summary, words),
        # months, severities and states are short words of ours: never broken across lines
        "key_nowrap": [d in ("month", "severity", "state") for d in summary.by],
        # past 12 columns: smaller type; where even so the headings' words do not fit across
        # A4 whole, they break anywhere
        "dense": _dense(summary, words, measures),
        "groups": [
            (
                [_safe(words.value(d, v)) for d, v in zip(summary.by, g.key, strict=True)],
                [getattr(g.counts, m) for m in measures],
            )
            for g in summary.groups
        ],
        "severity_header": [words.value("state", s) for s in states],
        "severity_rows": [
            (
                words.value("severity", sev),
                [cells.get((sev, s), 0) for s in states],
                sum(n for (sv, _), n in cells.items() if sv == sev),
            )
            for sev in severities
        ],
        "sites": [(_safe(s.site), s.count) for s in summary.open_majors_by_site],
        "stock_title": stock_heading(summary, words),
        "stock": stock_rows(summary, words),
        "progress": summary.progress,
        "closing_header": [words[c] for c in CLOSING_COLUMNS],
        "closing": [closing_cells(c, words) for c in summary.closing],
        "overdue": [
            (
                _safe(r.responsible) if r.responsible else words["not_recorded"],
                r.overdue,
                r.overdue_majors,
            )
            for r in summary.overdue_by_responsible
        ],
        "documents": [
            (
                _safe(d.path),
                _safe(words.status(d.status, summary.include_untrusted)),
                _safe(words.reason(d.reason)),
            )
            for d in summary.documents
        ],
        "documents_listed": words[documents_listed(summary)],
        "documents_title": words[
            "documents_included" if summary.include_untrusted else "documents"
        ],
        "rejected": [
            (
                _safe(e.path),
                _safe(e.finding),
                _safe(words.value("action", e.action)),
                event_time(e.at),
                _safe(words.reason(e.reason)),
            )
            for e in summary.rejected
        ],
        "no_rejected": no_rejected(summary, words),
        "untrusted_note": (
            words["untrusted_note"].format(n=summary.headline.untrusted)
            if summary.headline.untrusted
            else ""
        ),
        "figures": [
            _figure(
                words["severity_state"],
                _severity_state_chart(summary, words),
                _severity_state_chart(summary, words, NARROW),
            ),
            _figure(
                words["open_majors_by_site"],
                _site_chart(summary, words),
                _site_chart(summary, words, NARROW),
            ),
            _figure(
                words["progress"],
                _progress_chart(summary, words),
                _progress_chart(summary, words, NARROW),
                wide=True,
            ),
            _figure(
                words["overdue_by_responsible"],
                _overdue_chart(summary, words),
                _overdue_chart(summary, words, NARROW),
                wide=True,
            ),
        ],
    }


# A Chinese column heading may wrap only before these words, never inside one (the headings are
# set `word-break: keep-all`): "未销号<wbr>重大隐患", not "未销/号重/大隐/患".
DENSE_COLUMNS = 12
PAGE_EMS = 77  # 182 mm across in ems of 7 pt, as these estimates run (78 overflowed)
HEADING_BREAKS = ("重大隐患", "未记录", "执法措施", "不一致", "待验收", "未受信任", "文件")


def heading(label: str) -> Markup:
    """A table heading, escaped, with its Chinese break opportunities marked."""
    from markupsafe import Markup

    pieces = [label]
    for word in HEADING_BREAKS:
        last = pieces[-1]
        at = last.find(word)
        if at > 0:
            pieces[-1:] = [last[:at], last[at:]]
    return Markup("<wbr>").join(pieces)  # join escapes every piece


def render_html(summary: Summary, words: Labels) -> str:
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(
        loader=PackageLoader("minecheck.report", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["heading"] = heading
    env.globals["hatch"] = hatch
    return env.get_template("summary.html.j2").render(view(summary, words))
