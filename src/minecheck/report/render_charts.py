"""Geometry of the report's inline SVG charts: numbers in, rectangles and labels out.

The template draws what this computes; nothing here builds markup. Labels are display text
(already made safe for a reader); the template escapes them.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

# Muted colours, distinct in hue, each at least 3:1 against white paper (WCAG 1.4.11). On a
# black-and-white printout a chart's series are told apart by lightness: the states' eight by
# lightness and hatching (four solid, four hatched with white lines), two drawn alike at least
# 9 L* apart; the progress and overdue series at least 12 apart.
STATE_COLOURS = {
    "open": "#b71c1c",  # solid, L* 40
    "rectifying": "#ef6c00",  # solid, 61
    "rectified": "#b8860b",  # hatched, 59
    "accepted": "#4e7d2a",  # hatched, 48
    "closed": "#1b5e20",  # hatched, 35
    "escalated": "#4a148c",  # solid, 23
    "withdrawn": "#757575",  # solid, 49
    "": "#263238",  # hatched, 20
}
HATCHED = frozenset({"rectified", "accepted", "closed", ""})
SERIES_COLOURS = ("#163a5f", "#b8860b", "#2e7d32")  # found 24, rectified 59, closed 46
MAJOR_COLOUR = "#b71c1c"  # 40
OTHER_COLOUR = "#e06666"  # 58


HATCH_STEP = 3.5  # px between two white lines of a hatching


def hatch(x: float, y: float, w: float, h: float) -> list[tuple[float, float, float, float]]:
    """White diagonal lines across a box (x, y, w, h), as (x1, y1, x2, y2): a hatching drawn as
    lines of its own, so the page needs no pattern or reference."""
    lines = []
    k = HATCH_STEP
    while k < w + h:
        a1, a2 = max(0.0, k - h), min(w, k)
        lines.append(
            (round(x + a1, 2), round(y + k - a1, 2), round(x + a2, 2), round(y + k - a2, 2))
        )
        k += HATCH_STEP
    return lines


FONT = 10  # px, for chart text
ROW = 20  # px per horizontal bar
MAX_BARS = 12


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    fill: str
    title: str = ""
    hatched: bool = False


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    text: str
    anchor: str = "start"  # start | middle | end
    weight: str = "normal"


@dataclass(frozen=True)
class LegendEntry:
    colour: str
    text: str
    hatched: bool = False


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    rects: tuple[Rect, ...]
    labels: tuple[Label, ...]
    lines: tuple[tuple[float, float, float, float], ...]  # x1, y1, x2, y2 (axes, grid)
    legend: tuple[LegendEntry, ...]
    note: str = ""  # e.g. "12 of 30 shown"; empty when everything is drawn


def display_width(text: str) -> int:
    """Columns a string takes: wide (CJK) characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def clip(text: str, columns: int) -> str:
    """`text` cut to `columns` display columns, with an ellipsis when cut."""
    if display_width(text) <= columns:
        return text
    out, used = [], 0
    for ch in text:
        w = display_width(ch)
        if used + w > columns - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def nice_ceiling(value: int) -> int:
    """The smallest 1, 2 or 5 times a power of ten that is at least `value` (at least 1)."""
    if value <= 1:
        return 1
    power: int = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power  # pragma: no cover - the loop always returns


def stacked_bars(
    rows: Sequence[tuple[str, Sequence[tuple[str, int, str, bool]]]],
    legend: Sequence[LegendEntry],
    *,
    width: int,
    label_columns: int = 24,
    more: str = "",
) -> Chart:
    """Horizontal bars, one per (label, segments); a segment is (colour, value, title, hatched)."""
    label_w = round(label_columns * FONT * 0.55 + 6, 2)
    value_w = 34
    bar_w = width - label_w - value_w
    top = 4
    scale = max((sum(v for _, v, _, _ in segs) for _, segs in rows), default=0)
    scale = max(scale, 1)
    rects: list[Rect] = []
    labels: list[Label] = []
    for i, (text, segments) in enumerate(rows):
        y = top + i * ROW
        labels.append(
            Label(round(label_w - 6, 2), round(y + ROW * 0.65, 2), clip(text, label_columns), "end")
        )
        x = label_w
        total = 0
        for colour, value, title, hatched in segments:
            if value <= 0:
                continue
            w = bar_w * value / scale
            rects.append(Rect(round(x, 2), y + 3, round(w, 2), ROW - 6, colour, title, hatched))
            x += w
            total += value
        labels.append(Label(round(x + 4, 2), round(y + ROW * 0.65, 2), str(total), "start", "bold"))
    height = top + len(rows) * ROW + 4
    axis = ((label_w, top, label_w, height - 4),)
    legend_rows = math.ceil(len(legend) / legend_columns(width)) if legend else 0
    return Chart(
        width=width,
        height=int(height + legend_rows * 16),
        rects=tuple(rects),
        labels=tuple(labels),
        lines=axis,
        legend=tuple(legend),
        note=more,
    )


def legend_columns(width: int) -> int:
    """Legend entries to a line: four, fewer on a chart too narrow to give each 82 px (a
    six-character Chinese state name and its swatch)."""
    return max(1, min(4, width // 82))


def legend_positions(chart: Chart) -> list[tuple[float, float, LegendEntry]]:
    """Where each legend swatch goes: four to a line under the bars (fewer on a narrow chart)."""
    per_line = legend_columns(chart.width)
    base = chart.height - math.ceil(len(chart.legend) / per_line) * 16
    step = chart.width / per_line
    return [
        (round(4 + (i % per_line) * step, 2), base + (i // per_line) * 16 + 3, e)
        for i, e in enumerate(chart.legend)
    ]


def grouped_columns(
    categories: Sequence[str],
    series: Sequence[Sequence[int]],
    legend: Sequence[LegendEntry],
    *,
    width: int,
    height: int = 170,
    clear_axis: bool = False,
) -> Chart:
    """Vertical bars: for each category, one bar per series, side by side, with a y axis.
    `clear_axis`: the category names begin at the first one clear of the axis's numbers (on a
    narrow chart the first month's name sat on the "0")."""
    left, bottom, top = 30, 30, 8
    plot_w = width - left - 4
    plot_h = height - top - bottom
    peak = nice_ceiling(max((v for s in series for v in s), default=0))
    rects: list[Rect] = []
    labels: list[Label] = []
    lines: list[tuple[float, float, float, float]] = []
    for tick in range(5):  # tick 0 is the baseline
        value = peak * tick / 4
        if tick and value != int(value):
            continue
        y = top + plot_h - plot_h * tick / 4
        lines.append((left, round(y, 2), width - 4, round(y, 2)))
        labels.append(Label(left - 4, round(y + 3, 2), str(int(value)), "end"))
    slot = plot_w / max(len(categories), 1)
    bar = slot * 0.8 / max(len(series), 1)
    every = max(1, math.ceil(len(categories) * 42 / plot_w))  # thin out crowded month labels
    first = 0
    if clear_axis and categories:  # a name's half width, by the bars' label estimate
        half = display_width(categories[0]) * FONT * 0.55 / 2
        while left + first * slot + slot / 2 - half < left and first < len(categories) - 1:
            first += 1
    for i, category in enumerate(categories):
        x0 = left + i * slot + slot * 0.1
        for j, values in enumerate(series):
            value = values[i]
            h = plot_h * value / peak
            if value > 0:
                rects.append(
                    Rect(
                        round(x0 + j * bar, 2),
                        round(top + plot_h - h, 2),
                        round(bar, 2),
                        round(h, 2),
                        legend[j].colour,
                        f"{legend[j].text} {category}: {value}",
                    )
                )
        if i >= first and (i - first) % every == 0:
            labels.append(
                Label(round(left + i * slot + slot / 2, 2), top + plot_h + 12, category, "middle")
            )
    return Chart(
        width=width,
        height=height + 14,
        rects=tuple(rects),
        labels=tuple(labels),
        lines=tuple(lines),
        legend=tuple(legend),
    )
