"""The summary at a terminal (`cli/_summary_table.py`): every section with its rows, numbers right
and names left, counts that call for action in bold red, a wide group table split exactly where
it stops fitting, each measure once."""

from __future__ import annotations

import dataclasses
import io
import re
from typing import Any

import pytest
from rich.cells import cell_len
from rich.console import Console, RenderableType

from minecheck.cli._summary_table import summary_renderables
from minecheck.report.rows import FindingRow
from minecheck.report.summary import Summary, summarize
from tests.summary_corpus import AS_OF, KNOWN, KNOWN_DOCUMENTS, KNOWN_REJECTED


def known(by: tuple[str, ...] = ("site",), rows: tuple[FindingRow, ...] = KNOWN) -> Summary:
    return summarize(
        rows,
        as_of=AS_OF,
        by=by,
        documents=KNOWN_DOCUMENTS,
        rejected=KNOWN_REJECTED,
    )


def drawn(part: RenderableType, width: int = 200, colour: bool = False) -> str:
    console = Console(
        file=io.StringIO(),
        width=width,
        color_system="standard" if colour else None,
        force_terminal=colour,
        no_color=not colour,
        legacy_windows=False,
    )
    console.print(part)
    return console.file.getvalue()  # type: ignore[attr-defined, no-any-return]


def squeezed(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def sections(summary: Summary, lang: str = "en") -> dict[str, list[str]]:
    """Each section's lines by its heading (the first line it draws)."""
    out: dict[str, list[str]] = {}
    for part in summary_renderables(summary, lang):
        lines = [line for line in drawn(part).splitlines() if line.strip()]
        if lines:
            out[" ".join(lines[0].split())] = lines[1:]
    return out


def test_every_section_is_shown_in_order_with_its_rows() -> None:
    parts = sections(known())
    assert list(parts)[2:] == [
        "Headline figures",
        "Hidden dangers by severity and state",
        "By site",
        "Open major hidden dangers by site",
        "Major hidden dangers this month (2026-12): stock and increment",
        "Rectification progress by month",
        "Closure: time, acceptance, rebounds",
        "Overdue hidden dangers by responsible unit",
        "Documents not counted",
        "Follow-up events not applied",
    ]
    rows = {heading: squeezed("\n".join(lines)) for heading, lines in parts.items()}
    assert rows["Hidden dangers by severity and state"] == [
        "Severity open rectifying rectified accepted closed withdrawn Total",
        "major 3 0 1 1 1 0 6",
        "general 1 1 0 0 1 1 4",
    ]
    assert rows["Open major hidden dangers by site"] == [
        "Site Open major",
        "Xinxing Coal Mine 新兴煤矿 3",
        "Dongshan Coal Mine 1",
        "Hongyang Iron Mine 1",
    ]
    assert rows["Rectification progress by month"][1:] == [
        "2026-09 2 0 0",
        "2026-10 2 2 1",
        "2026-11 6 2 1",
        "2026-12 0 0 0",
    ]
    assert rows["Overdue hidden dangers by responsible unit"] == [
        "Responsible unit Overdue Overdue major",
        "Ventilation Section 1 1",
        "Electromechanical Team 1 0",
        "(not recorded) 1 0",
    ]
    assert rows["Documents not counted"][1:] == [
        "inbox/broken.toml unreadable not UTF-8 text",
        "inbox/forged.toml bad-signature the signature does not match the body",
    ]
    rejected = " ".join(rows["Follow-up events not applied"][1:])
    assert "followups/xinxing-accept.toml" in rejected
    assert "2026-11-28T09:00:00Z" in rejected


def test_only_the_states_that_occur_are_columns() -> None:
    """A severity × state table of open and closed dangers has no empty `rectifying` column."""
    rows = tuple(r for r in KNOWN if r.state in (None, "open", "closed"))
    table = squeezed("\n".join(sections(known(rows=rows))["Hidden dangers by severity and state"]))
    assert table == ["Severity open closed Total", "major 3 1 4", "general 1 1 2"]


def _cell_ends(line: str, numbers_only: bool) -> set[int]:
    """Where each cell of a table line ends, in terminal cells (a cell's end: two blanks or the
    line's end follow it); numbers_only: the cells ending in a figure."""
    pattern = r"(?<!\S)[\d.]+(?= {2,}|$)" if numbers_only else r"\S(?= {2,}|$)"
    return {cell_len(line[: m.end()]) for m in re.finditer(pattern, line)}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_names_are_left_and_numbers_right_in_every_table(lang: str) -> None:
    """Each count ends where its column's heading ends, and a column of names starts on one
    column: read down a column, the figures compare at a glance."""
    checked = 0
    for heading, lines in sections(known(), lang).items():
        table = [line.rstrip() for line in lines if line.strip() and set(line.strip()) != {"─"}]
        if len(table) < 2 or heading.startswith(
            ("By ", "按", "Documents", "Follow-up", "未计入", "未采纳")
        ):
            continue  # (the title; the groups: tables side by side; the names and reasons)
        assert len({len(line) - len(line.lstrip()) for line in table}) == 1, heading
        header_ends = _cell_ends(table[0], numbers_only=False)
        for row in table[1:]:
            assert _cell_ends(row, numbers_only=True) <= header_ends, (heading, row)
        checked += 1
    assert checked == 7


def _label(line: str) -> str:
    """A headline row's label: the line without its styles and its count."""
    return re.sub(r"\s*\d+\s*$", "", re.sub(r"\x1b\[[0-9;]*m", "", line)).strip()


RED = "\x1b[1;31m"


def _bold_red(text: str, drawn: str) -> int:
    """How often `text` is drawn in bold red (a cell's padding inside its style)."""
    return len(re.findall(re.escape(RED) + r" *" + re.escape(text) + r" *\x1b\[0m", drawn))


def test_counts_that_call_for_action_are_bold_red_and_others_plain() -> None:
    parts = summary_renderables(known(), "en")
    headline = drawn(parts[3], colour=True)
    lines = {_label(line): line for line in headline.splitlines()}
    assert _bold_red("5", lines["Open major"]) == 1
    assert _bold_red("1", lines["Overdue major"]) == 1
    assert RED not in lines["Major"]  # a count, not an alarm
    assert RED not in lines["Closed"]
    by_site = drawn(parts[6], colour=True)
    assert by_site.count(RED) == 3  # each site's open majors
    overdue = drawn(parts[10], colour=True)
    assert _bold_red("1", overdue) == 4  # three overdue, one of them major; zeros plain
    assert _bold_red("0", overdue) == 0
    assert RED not in drawn(parts[4], colour=True)


def test_a_summary_counting_untrusted_files_says_so_in_bold_red() -> None:
    plain = known()
    assert not any("not trusted" in drawn(p) for p in summary_renderables(plain, "en")[:3])
    headline = dataclasses.replace(plain.headline, untrusted=2)
    parts = summary_renderables(dataclasses.replace(plain, headline=headline), "en")
    note = "Includes 2 finding(s) from documents that are not trusted."
    assert drawn(parts[2]).strip() == note
    assert _bold_red(note, drawn(parts[2], colour=True)) == 1


def _group_tables(summary: Summary, width: int) -> list[str]:
    text = drawn(summary_renderables(summary, "en")[5], width=width)
    return [line for line in squeezed(text) if line.startswith("Site ")]


def test_groups_that_fit_exactly_are_one_table_and_one_column_less_splits() -> None:
    summary = known()
    wide = drawn(summary_renderables(summary, "en")[5], width=400)
    exact = max(cell_len(line) for line in wide.splitlines())
    assert len(_group_tables(summary, exact)) == 1
    assert len(_group_tables(summary, exact - 1)) == 2


@pytest.mark.parametrize("width", [60, 80, 100])
def test_split_groups_show_each_measure_once(width: int) -> None:
    headers = _group_tables(known(), width)
    assert len(headers) >= 2
    shown = " ".join(header.removeprefix("Site ") for header in headers)
    assert (
        shown.split() == squeezed(drawn(summary_renderables(known(), "en")[5], 400))[1].split()[1:]
    )


def test_a_section_with_nothing_to_list_says_none() -> None:
    empty = summarize((), as_of=AS_OF, by=("site",), documents=(), rejected=())
    parts = sections(empty)
    for heading in ("Open major hidden dangers by site", "Follow-up events not applied"):
        assert [line.strip() for line in parts[heading]] == ["None."], heading


def _cell_starts(line: str) -> set[int]:
    return {cell_len(line[: m.start()]) for m in re.finditer(r"(?:(?<=  )|^ ?)\S", line)}


def test_files_and_events_not_counted_are_read_from_the_left() -> None:
    """Paths, states and reasons are text: each starts where its column's heading starts."""
    parts = sections(known())
    for heading in ("Documents not counted", "Follow-up events not applied"):
        table = [line.rstrip() for line in parts[heading] if line.strip()]
        for row in table[1:]:
            assert _cell_starts(row) <= _cell_starts(table[0]), (heading, row)


def test_the_groups_table_measures_each_cell_a_few_times_not_once_a_column(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`summary --by item --format table` of one findings file of 10,000 items took 34 s: to
    find how many measure columns fit beside the keys, the whole table was measured again for
    each column added, every cell each time. Each cell is measured once for that now."""
    import io

    from rich.console import Console
    from rich.text import Text

    from minecheck.cli._summary_table import _Fitted

    header = ["item", *(f"measure {k}" for k in range(12))]
    rows = [[Text(f"item-{r}"), *(Text(str(r * k)) for k in range(12))] for r in range(300)]
    measured = [0]
    measure = Text.__rich_measure__

    def counted(self: Text, console: Any, options: Any) -> Any:
        measured[0] += 1
        return measure(self, console, options)

    monkeypatch.setattr(Text, "__rich_measure__", counted)
    out = io.StringIO()
    Console(file=out, width=100, color_system=None).print(_Fitted(header, rows, 1))
    cells = len(rows) * len(header)
    assert out.getvalue().count("item-299") == 2  # the measures split over two tables
    assert measured[0] < 3 * cells
