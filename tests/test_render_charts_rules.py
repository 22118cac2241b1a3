"""The HTML report's charts as a reader sees them: where each bar, number, stripe and legend
swatch lands (report/render_charts.py computes it; the template draws it as written here).

Figures are pixels of the SVG's viewBox. A half-page chart is 330 wide, a full one 680
(report/render_html.py).
"""

from __future__ import annotations

import pytest

from minecheck.report.render_charts import (
    HATCH_STEP,
    Label,
    LegendEntry,
    Rect,
    clip,
    display_width,
    grouped_columns,
    hatch,
    legend_positions,
    nice_ceiling,
    stacked_bars,
)

# --- hatching (a printout tells the hatched states apart by these white stripes) -------------


def test_a_hatched_bar_has_stripes_at_45_degrees_from_corner_to_corner() -> None:
    """A 10 x 4 bar at (100, 50): stripes 3.5 px apart, each from the bar's left or bottom edge
    to its top or right edge, the last one ending in the right edge."""
    assert hatch(100, 50, 10, 4) == [
        (100.0, 53.5, 103.5, 50.0),
        (103.0, 54.0, 107.0, 50.0),
        (106.5, 54.0, 110, 50.5),
    ]


def test_a_legend_swatch_is_hatched_as_its_bars_are() -> None:
    """The 9 x 9 swatch of a hatched state: five stripes, none outside the swatch."""
    assert hatch(4, 51, 9, 9) == [
        (4.0, 54.5, 7.5, 51.0),
        (4.0, 58.0, 11.0, 51.0),
        (5.5, 60.0, 13, 52.5),
        (9.0, 60.0, 13, 56.0),
        (12.5, 60.0, 13, 59.5),
    ]


@pytest.mark.parametrize(
    ("w", "h"), [(10.5, 3.5), (3.5, 10.5), (78.33, 14), (235, 14), (9, 9), (2, 2)]
)
def test_every_stripe_is_a_visible_line_inside_its_box(w: float, h: float) -> None:
    """No stripe leaves the box or shrinks to a point (a box whose sides add up to a multiple
    of the step ends exactly in its corner: no stripe of length 0 is drawn there)."""
    x, y = 20.0, 30.0
    lines = hatch(x, y, w, h)
    assert lines
    for x1, y1, x2, y2 in lines:
        for px, py in ((x1, y1), (x2, y2)):
            assert x - 0.01 <= px <= x + w + 0.01
            assert y - 0.01 <= py <= y + h + 0.01
        assert x2 > x1
        assert abs((x2 - x1) - (y1 - y2)) < 0.02  # 45 degrees, rising to the right
    # evenly spaced: stripe k crosses the line x + y = x0 + y0 + k * step
    for k, (x1, y1, _, _) in enumerate(lines, start=1):
        assert abs((x1 - x) + (y1 - y) - k * HATCH_STEP) < 0.02


def test_a_box_too_small_for_a_stripe_has_none() -> None:
    assert hatch(2, 3, 0.5, 0.5) == []


# --- text in a chart --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "columns"), [("abc", 3), ("东门", 4), ("Ａ", 2), ("ä", 1), ("东a", 3), ("", 0)]
)
def test_chinese_and_full_width_characters_take_two_columns(text: str, columns: int) -> None:
    assert display_width(text) == columns


@pytest.mark.parametrize(
    ("text", "columns", "shown"),
    [
        ("abcdef", 6, "abcdef"),  # fits exactly: as written
        ("abcdefg", 6, "abcde…"),
        ("东门主井提升机房", 8, "东门主…"),  # 6 columns and the ellipsis
        ("东门主井提升机房", 7, "东门主…"),  # a wide character is never cut in half
        ("a东门", 4, "a东…"),
        ("a", 1, "a"),
    ],
)
def test_a_name_too_long_for_its_column_is_cut_with_an_ellipsis(
    text: str, columns: int, shown: str
) -> None:
    assert clip(text, columns) == shown
    assert display_width(clip(text, columns)) <= columns


@pytest.mark.parametrize(
    ("peak", "axis"),
    [(0, 1), (1, 1), (2, 2), (3, 5), (5, 5), (6, 10), (10, 10), (11, 20), (21, 50), (99, 100)],
)
def test_the_value_axis_ends_at_1_2_or_5_times_a_power_of_ten(peak: int, axis: int) -> None:
    assert nice_ceiling(peak) == axis


# --- horizontal bars (severity and state; open majors by site; overdue by unit) --------------

LEGEND = (
    LegendEntry("#a", "A"),
    LegendEntry("#b", "B"),
    LegendEntry("#c", "C", True),
    LegendEntry("#d", "D"),
    LegendEntry("#e", "E"),
)


def _two_rows() -> tuple[tuple[str, list[tuple[str, int, str, bool]]], ...]:
    return (
        ("major", [("#a", 2, "open: 2", False), ("#b", 0, "rectifying: 0", False),
                   ("#c", 1, "closed: 1", True)]),
        ("一般隐患很长的名字", [("#a", 1, "open: 1", False)]),
    )  # fmt: skip


def test_stacked_bars_put_each_part_after_the_last_and_the_total_after_the_bar() -> None:
    """Half a page, names in 10 columns (61 px up to the axis), 235 px for the longest bar and
    34 for its number. A part of 0 draws nothing; a name too long is cut; each row's total is
    written in bold 4 px after its bar; five legend entries take two lines of 16 px."""
    chart = stacked_bars(_two_rows(), LEGEND, width=330, label_columns=10, more="2 of 3 drawn")
    assert chart.rects == (
        Rect(61.0, 7, 156.67, 14, "#a", "open: 2", False),
        Rect(217.67, 7, 78.33, 14, "#c", "closed: 1", True),
        Rect(61.0, 27, 78.33, 14, "#a", "open: 1", False),
    )
    assert [(round(t.x, 2), t.y, t.text, t.anchor, t.weight) for t in chart.labels] == [
        (55.0, 17.0, "major", "end", "normal"),
        (300.0, 17.0, "3", "start", "bold"),
        (55.0, 37.0, "一般隐患…", "end", "normal"),
        (143.33, 37.0, "1", "start", "bold"),
    ]
    assert chart.labels[3].x == 143.33  # written to the hundredth, as the bars are
    assert [tuple(round(v, 2) for v in line) for line in chart.lines] == [(61.0, 4, 61.0, 44)]
    assert (chart.width, chart.height) == (330, 80)
    assert chart.legend == LEGEND
    assert chart.note == "2 of 3 drawn"


def test_the_longest_bar_fills_the_width_whatever_its_number() -> None:
    """One open major at one site: its bar runs the whole width (24 name columns: 138 px from
    the left edge; 34 px left for the number), and there is no legend line below it."""
    chart = stacked_bars([("东门", [("#b71c1c", 1, "东门: 1", False)])], [], width=330)
    assert chart.rects == (Rect(138.0, 7, 158.0, 14, "#b71c1c", "东门: 1", False),)
    assert chart.labels[1] == Label(300.0, 17.0, "1", "start", "bold")
    assert (chart.height, chart.legend, chart.note) == (28, (), "")


def test_a_chart_of_twelve_rows_is_as_tall_as_its_rows() -> None:
    rows = [(f"unit {i}", [("#a", i + 1, "", False)]) for i in range(12)]
    chart = stacked_bars(rows, LEGEND[:2], width=680, label_columns=40)
    assert chart.height == 4 + 12 * 20 + 4 + 16
    assert [r.y for r in chart.rects] == [4 + i * 20 + 3 for i in range(12)]
    assert chart.rects[-1].x + chart.rects[-1].w == pytest.approx(680 - 34)


def test_the_legend_goes_four_to_a_line_under_the_bars_and_inside_the_chart() -> None:
    chart = stacked_bars(_two_rows(), LEGEND, width=330, label_columns=10)
    assert legend_positions(chart) == [
        (4.0, 51, LEGEND[0]),
        (86.5, 51, LEGEND[1]),
        (169.0, 51, LEGEND[2]),
        (251.5, 51, LEGEND[3]),
        (4.0, 67, LEGEND[4]),
    ]
    for _, y, _ in legend_positions(chart):
        assert y + 9 <= chart.height  # the swatch is drawn whole


# --- columns by month (rectification progress) -------------------------------------------------

SERIES = (LegendEntry("#1", "found"), LegendEntry("#2", "rectified"))


def test_columns_by_month_stand_side_by_side_on_the_axis() -> None:
    """Three months on a full page: each month a slot of 215.33 px, its columns 80% of it side
    by side, a column's height its share of the axis's top (5 for a peak of 3), a column of 0
    not drawn, each month named under the middle of its slot, each column titled."""
    chart = grouped_columns(["2026-01", "2026-02", "2026-03"], [[3, 0, 1], [1, 2, 0]], SERIES,
                            width=680)  # fmt: skip
    assert chart.rects == (
        Rect(51.53, 60.8, 86.13, 79.2, "#1", "found 2026-01: 3"),
        Rect(137.67, 113.6, 86.13, 26.4, "#2", "rectified 2026-01: 1"),
        Rect(353.0, 87.2, 86.13, 52.8, "#2", "rectified 2026-02: 2"),
        Rect(482.2, 113.6, 86.13, 26.4, "#1", "found 2026-03: 1"),
    )
    assert chart.labels == (
        Label(26, 143.0, "0", "end"),
        Label(26, 11.0, "5", "end"),
        Label(137.67, 152, "2026-01", "middle"),
        Label(353.0, 152, "2026-02", "middle"),
        Label(568.33, 152, "2026-03", "middle"),
    )
    # the 0 line is the axis, drawn once (it was drawn again as the axis: two lines on one)
    assert chart.lines == ((30, 140.0, 676, 140.0), (30, 8.0, 676, 8.0))
    assert (chart.width, chart.height, chart.legend, chart.note) == (680, 184, SERIES, "")
    # the series are told apart by colour and lightness alone: no column is hatched
    assert not any(r.hatched for r in chart.rects)


def test_only_a_state_named_hatched_is_drawn_hatched() -> None:
    """A bar, a column or a legend entry is solid unless its state is one of the hatched ones
    (the progress and overdue charts name none)."""
    assert Rect(0, 0, 1, 1, "#1").hatched is False
    assert LegendEntry("#1", "found").hatched is False
    chart = stacked_bars([("东门", [("#a", 1, "", False), ("#c", 1, "", True)])], [], width=330)
    assert [r.hatched for r in chart.rects] == [False, True]


@pytest.mark.parametrize(
    ("peak", "ticks"),
    [
        (1, ["0", "1"]),  # halves and quarters of 1 are not counts: not written
        (2, ["0", "1", "2"]),
        (10, ["0", "5", "10"]),
        (20, ["0", "5", "10", "15", "20"]),
        (0, ["0", "1"]),
    ],
)
def test_the_value_axis_writes_only_whole_counts(peak: int, ticks: list[str]) -> None:
    chart = grouped_columns(["2026-01"], [[peak]], SERIES[:1], width=680)
    written = [t for t in chart.labels if t.anchor == "end"]
    assert [t.text for t in written] == ticks
    top = int(ticks[-1])
    for t in written:  # each at its height: 132 px from 0 to the top, 3 px under its line
        assert t.y == pytest.approx(140 - 132 * int(t.text) / top + 3)
    assert [line[1] for line in chart.lines] == [t.y - 3 for t in written]
    if peak:
        assert chart.rects[0].h == pytest.approx(132 * peak / top, abs=0.01)
        assert chart.rects[0].w == pytest.approx(646 * 0.8)  # one series: 80% of the slot
    else:
        assert chart.rects == ()


def test_months_crowded_on_a_page_are_named_every_second_one() -> None:
    """24 months on a full page: a name every second month (they would overlap otherwise);
    12 months: every month named."""
    months = [f"{2025 + i // 12}-{i % 12 + 1:02}" for i in range(24)]
    chart = grouped_columns(months, [[1] * 24], SERIES[:1], width=680)
    named = [t.text for t in chart.labels if t.anchor == "middle"]
    assert named == months[::2]
    chart = grouped_columns(months[:12], [[1] * 12], SERIES[:1], width=680)
    assert [t.text for t in chart.labels if t.anchor == "middle"] == months[:12]
    assert len(chart.rects) == 12


def test_a_column_of_one_beside_one_of_500_is_drawn_to_the_hundredth() -> None:
    chart = grouped_columns(["2026-01", "2026-02"], [[500, 1]], SERIES[:1], width=680)
    assert chart.rects == (
        Rect(62.3, 8.0, 258.4, 132.0, "#1", "found 2026-01: 500"),
        Rect(385.3, 139.74, 258.4, 0.26, "#1", "found 2026-02: 1"),
    )
