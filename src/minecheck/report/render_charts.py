"""Geometry of the report's inline SVG charts: numbers in, rectangles and labels out.

The template draws what this computes; nothing here builds markup. Labels are display text
(already made safe for a reader); the template escapes them.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

# Muted colours, distinct in hue; in lightness only in part (open and closed are nearly alike
# on a monochrome printer, accepted and withdrawn too): every figure is in the table beside
# its chart.
STATE_COLOURS = {
    "open": "#b71c1c",
    "rectifying": "#e65100",
    "rectified": "#f9a825",
    "accepted": "#7cb342",
    "closed": "#2e7d32",
    "escalated": "#4a148c",
    "withdrawn": "#9e9e9e",
    "": "#607d8b",
}
SERIES_COLOURS = ("#1f4e79", "#f9a825", "#2e7d32")  # found, rectified, closed
MAJOR_COLOUR = "#b71c1c"
OTHER_COLOUR = "#ef9a9a"

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
    rows: Sequence[tuple[str, Sequence[tuple[str, int, str]]]],
    legend: Sequence[LegendEntry],
    *,
    width: int,
    label_columns: int = 24,
    more: str = "",
) -> Chart:
    """Horizontal bars, one per (label, segments); a segment is (colour, value, title)."""
    label_w = label_columns * FONT * 0.55 + 6
    value_w = 34
    bar_w = width - label_w - value_w
    top = 4
    scale = max((sum(v for _, v, _ in segs) for _, segs in rows), default=0)
    scale = max(scale, 1)
    rects: list[Rect] = []
    labels: list[Label] = []
    for i, (text, segments) in enumerate(rows):
        y = top + i * ROW
        labels.append(Label(label_w - 6, y + ROW * 0.65, clip(text, label_columns), "end"))
        x = label_w
        total = 0
        for colour, value, title in segments:
            if value <= 0:
                continue
            w = bar_w * value / scale
            rects.append(Rect(round(x, 2), y + 3, round(w, 2), ROW - 6, colour, title))
            x += w
            total += value
        labels.append(Label(round(x + 4, 2), y + ROW * 0.65, str(total), "start", "bold"))
    height = top + len(rows) * ROW + 4
    axis = ((label_w, top, label_w, height - 4),)
    legend_rows = math.ceil(len(legend) / 4) if legend else 0
    return Chart(
        width=width,
        height=int(height + legend_rows * 16),
        rects=tuple(rects),
        labels=tuple(labels),
        lines=axis,
        legend=tuple(legend),
        note=more,
    )


def legend_positions(chart: Chart) -> list[tuple[float, float, LegendEntry]]:
    """Where each legend swatch goes: four to a line under the bars."""
    base = chart.height - math.ceil(len(chart.legend) / 4) * 16
    step = chart.width / 4
    return [(4 + (i % 4) * step, base + (i // 4) * 16 + 3, e) for i, e in enumerate(chart.legend)]


def grouped_columns(
    categories: Sequence[str],
    series: Sequence[Sequence[int]],
    legend: Sequence[LegendEntry],
    *,
    width: int,
    height: int = 170,
) -> Chart:
    """Vertical bars: for each category, one bar per series, side by side, with a y axis."""
    left, bottom, top = 30, 30, 8
    plot_w = width - left - 4
    plot_h = height - top - bottom
    peak = nice_ceiling(max((v for s in series for v in s), default=0))
    rects: list[Rect] = []
    labels: list[Label] = []
    lines: list[tuple[float, float, float, float]] = []
    for tick in range(5):
        value = peak * tick / 4
        if tick and value != int(value):
            continue
        y = top + plot_h - plot_h * tick / 4
        lines.append((left, round(y, 2), width - 4, round(y, 2)))
        labels.append(Label(left - 4, round(y + 3, 2), str(int(value)), "end"))
    slot = plot_w / max(len(categories), 1)
    bar = slot * 0.8 / max(len(series), 1)
    every = max(1, math.ceil(len(categories) * 42 / plot_w))  # thin out crowded month labels
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
        if i % every == 0:
            labels.append(
                Label(round(left + i * slot + slot / 2, 2), top + plot_h + 12, category, "middle")
            )
    lines.append((left, top + plot_h, width - 4, top + plot_h))
    return Chart(
        width=width,
        height=height + 14,
        rects=tuple(rects),
        labels=tuple(labels),
        lines=tuple(lines),
        legend=tuple(legend),
    )
