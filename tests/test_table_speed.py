"""Big tables laid out in time that grows with their rows, and shown as Rich shows them.

`show` of 10,000 findings took 4.6-6.7 s, most of it laying out its table: each cell went
through Rich's `Padding` and was split into lines twice, a cell like one before (a grade, a
state, a date, a count) was laid out again, each line shown a field a line was wrapped though
it fitted, and each character of a column was measured for its width. These count that work
(never time it) and compare every byte with Rich's own layout.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import rich.cells
from rich.console import Console
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from minecheck.cli import _table
from minecheck.cli._parts import Parts
from minecheck.cli._render import safe, table
from minecheck.cli._table import FittedTable

GRADES = ("major", "general", "重大")
STATES = ("open [overdue]", "open", "未整改 [逾期、未记录执法措施]")
WORDS = (
    "Methane above the limit at the return airway",
    "回风巷甲烷浓度超限（coal-underground）；未停止作业",
    "Self-rescuer out of date for two workers at face 3",
    "e\u0301te\u0301 1\ufe0f\u20e3 x",
)


def _findings(rows: int, *, unique: bool = True) -> FittedTable:
    """A table as `show` makes it: ids, grades, states, dates, a description and its location."""
    made = table("ITEM", "GRADE", "STATE", "DEADLINE", "DESCRIPTION", title="Non-compliant items")
    made.columns[0].min_width = 12
    made.columns[3].no_wrap = True
    for k in range(rows):
        item = safe(f"item-{k}" if unique else "item")
        item.append("\n")
        item.append_text(safe("Ventilation", "dim"))
        text = WORDS[k % len(WORDS)] + (f" {k}" if unique else "")
        described = safe(text, multiline=True)
        described.append("\n")
        described.append_text(safe("Location: No. 3 return airway", "dim"))
        made.add_row(
            item,
            safe(GRADES[k % 3]),
            safe(STATES[k % 3], "bold red" if k % 2 else ""),
            safe(f"2026-05-{1 + k % 3:02d}"),
            described,
        )
    return made


def _mixed() -> FittedTable:
    """Every kind of cell a table is given: strings, plain texts, parts, styles, justified
    columns, blank and multi-line cells, a styled row."""
    made = table("", "NAME", "COUNT", "NOTE", title="Mixed")
    made.columns[2].justify = "right"
    made.columns[3].style = "italic"
    made.header_style = "bold magenta"
    for k in range(12):
        parts = Parts()
        parts.add(safe("Eng. Zhao"), "、")
        parts.add(safe("'王工；李工'"), "; ")
        parts.add(safe(WORDS[k % len(WORDS)]))
        note: Text | str = parts if k % 3 else f"note {k}\nsecond line"
        made.add_row(
            "*" if k == 2 else "",
            Text(f"name {k}", style="green") if k % 2 else safe(f"名字{k}"),
            safe(str(k * 7)),
            note,
            style="on blue" if k == 5 else None,
        )
    return made


def _printed(renderable: object, width: int, terminal: bool) -> str:
    out = io.StringIO()
    console = Console(
        file=out,
        width=width,
        force_terminal=terminal,
        color_system="truecolor" if terminal else None,
        no_color=False,  # (the tests' NO_COLOR left every colour out of the comparison)
    )
    console.print(renderable)
    return out.getvalue()


def _as_rich(monkeypatch: pytest.MonkeyPatch) -> None:
    """Lay tables out through Rich's own code, as before."""
    monkeypatch.setattr(FittedTable, "_render", Table._render)

    def line_by_line(
        console: Any, options: Any, text: Text, said: dict[Any, Any]
    ) -> Iterator[Text]:
        yield text

    monkeypatch.setattr(_table, "_one_line", line_by_line)


@pytest.mark.parametrize("width", [20, 40, 60, 80, 120, 200])
@pytest.mark.parametrize("terminal", [False, True])
@pytest.mark.parametrize("made", [_findings, _mixed])
def test_a_table_is_shown_byte_for_byte_as_rich_lays_it_out(
    made: Callable[[int], FittedTable] | Callable[[], FittedTable],
    width: int,
    terminal: bool,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """At every width (a table, or a field a line below the width its columns need), at a
    terminal (every style's escape, segment for segment) and through a pipe."""
    build: Callable[[], FittedTable] = (lambda: _findings(30)) if made is _findings else _mixed
    shown = _printed(build(), width, terminal)
    with monkeypatch.context() as patched:
        _as_rich(patched)
        expected = _printed(build(), width, terminal)
    assert shown == expected
    assert "item-29" in shown or "Eng. Zhao" in shown


def _counted(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str) -> list[int]:
    """A spy on `owner.name`: the list's one number counts the calls."""
    calls = [0]
    original = getattr(owner, name)

    def spy(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, spy)
    return calls


def test_each_cell_is_split_into_lines_once_and_a_repeated_cell_not_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Rich split each cell's segments into lines twice (inside its `Padding`, then in the
    table); a grade, state or date like one before was laid out again."""
    splits = _counted(monkeypatch, Segment, "split_and_crop_lines")
    _printed(_findings(600, unique=False), 200, False)
    assert splits[0] <= 6 * 5 + 2  # (the header, three rows of distinct cells, the print)
    splits[0] = 0
    _printed(_findings(600), 200, False)
    assert splits[0] <= 600 * 2 + 6 * 5 + 2  # (each row's id and description, once)


def test_lines_that_fit_are_not_wrapped_when_each_row_is_a_field_a_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Below the width its columns need, a row is shown one field a line: each line that fits
    went through Rich's wrap and was laid out again where it was like one before."""
    wraps = _counted(monkeypatch, Text, "wrap")
    renders = _counted(monkeypatch, Text, "render")
    shown = _printed(_findings(400), 40, False)
    assert "GRADE: general" in shown
    assert wraps[0] <= 2 * 400  # (a description longer than its line, under its label)
    assert renders[0] <= 7 * 400 / 2


def test_a_column_measures_each_character_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The widest character of a column was measured at each of its occurrences."""
    made = table("DESCRIPTION")
    for k in range(200):
        made.add_row(safe(WORDS[k % len(WORDS)] * 4))
    console = Console(file=io.StringIO(), width=100)
    measured = _counted(monkeypatch, rich.cells, "cell_len")
    assert made.widths_within(console, 100) is not None
    assert 0 < measured[0] <= 400


def test_time_a_row_takes_does_not_grow_with_the_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    """Twice the rows, twice the work: the texts rendered counted at 300 and 600 findings."""
    renders = _counted(monkeypatch, Text, "render")
    counts = []
    for rows in (300, 600):
        renders[0] = 0
        _printed(_findings(rows), 200, True)
        counts.append(renders[0])
    assert counts[1] <= 2 * counts[0] + 10


def _groups(rows: int) -> Any:
    """A summary's groups as `summary --by item` shows them: a name, then 12 counts, too wide
    for one table at 60 columns (split into tables that each repeat the names)."""
    from minecheck.cli._summary_table import _Fitted

    header = ["Item", *(f"Measure {k}" for k in range(12))]
    cells = [
        [safe(f"coal-major-{k}-ventilation"), *(safe(str((k + m) % 3)) for m in range(12))]
        for k in range(rows)
    ]
    return _Fitted(header, cells, 1)


def test_a_summary_split_in_tables_lays_out_and_measures_its_names_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Split to fit, each table laid out and measured the group names again, and every count."""
    splits = _counted(monkeypatch, Segment, "split_and_crop_lines")
    pieces = _counted(monkeypatch, _table, "widest_piece")
    shown = _printed(_groups(500), 60, False)
    assert shown.count("coal-major-499-ventilation") >= 3  # (in each table)
    assert splits[0] <= 500 + 12 * 3 + 20
    assert pieces[0] <= 500 + 20


@pytest.mark.parametrize("width", [40, 60, 120, 250])
@pytest.mark.parametrize("terminal", [False, True])
def test_a_split_summary_is_shown_byte_for_byte_as_rich_lays_it_out(
    width: int, terminal: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown = _printed(_groups(40), width, terminal)
    with monkeypatch.context() as patched:
        _as_rich(patched)
        expected = _printed(_groups(40), width, terminal)
    assert shown == expected


def test_no_collection_looks_through_a_table_while_it_is_printed() -> None:
    """Python's cyclic collector looked through every cell and segment held so far, again and
    again while a table was printed: the more rows, the longer each row took."""
    import gc

    from minecheck.cli._output import Reporter

    rep = Reporter("show", False)
    rep.out.file = io.StringIO()
    made = _findings(3000)
    seen: list[str] = []

    def counted(phase: str, info: dict[str, int]) -> None:
        seen.append(phase)

    gc.callbacks.append(counted)
    try:
        rep.show(made)
    finally:
        gc.callbacks.remove(counted)
    assert "item-2999" in rep.out.file.getvalue()
    assert seen.count("start") <= 1  # (the one after: cycles are still collected)
    assert gc.isenabled()
