"""Every table the tool draws loses no character at any width: the columns share the width so
that none is narrower than its widest character or than what must stay whole, and below the
width where that fits, each row is shown one field per line."""

from __future__ import annotations

import io
import re

import pytest
from rich.cells import cell_len
from rich.console import Console

from minecheck.cli._render import safe, table

DESCRIPTION = "采空区积水未探明，防治水措施未落实"
BLANK = re.compile(r"[\s─：:]")


def _drawn(width: int) -> str:
    """A table shaped as the review before signing draws it: the number, grade and deadline
    never broken, the id unfolded where there is room."""
    tab = table("编号", "条目", "等级", "整改期限", "隐患描述")
    number, item, grade, deadline = tab.columns[:4]
    for column in (number, grade, deadline):
        column.no_wrap = True
    item.min_width = len("methane-return")
    tab.add_row("1", safe("water-goaf"), safe("重大"), safe("2027-01-01"), safe(DESCRIPTION))
    tab.add_row("12", safe("methane-return"), safe("一般"), safe("2026-12-09"), safe("瓦斯超限"))
    out = io.StringIO()
    Console(file=out, width=width, color_system=None).print(tab)
    return out.getvalue()


@pytest.mark.parametrize("width", range(20, 81))
def test_a_table_loses_nothing_at_any_width(width: int) -> None:
    drawn = _drawn(width)
    assert max(map(cell_len, drawn.splitlines())) <= width
    stacked = drawn.startswith("编号: 1")  # (a table has its headers on a line of their own)
    assert stacked == (width < 54)  # 2 + 4 + 14 + 4 + 10 + 8 cells, and 12 between them
    cells = "编号条目等级整改期限隐患描述" * (2 if stacked else 1)  # stacked: headers per row
    cells += "1water-goaf重大2027-01-01" + DESCRIPTION + "12methane-return一般2026-12-09瓦斯超限"
    assert sorted(BLANK.sub("", drawn)) == sorted(cells), drawn
    for whole in ("2027-01-01", "2026-12-09", "methane-return"):  # never broken over lines
        assert whole in drawn, drawn


def test_below_the_width_a_table_fits_each_row_is_one_field_per_line() -> None:
    assert _drawn(30).splitlines()[:9] == [
        "编号: 1",
        "条目: water-goaf",
        "等级: 重大",
        "整改期限: 2027-01-01",
        "隐患描述:",  # the value under its label where both do not fit on a line, indented
        "  采空区积水未探明，",  # (the clause after the comma kept whole)
        "  防治水措施未落实",
        "",
        "编号: 12",
    ]


def test_widths_are_shared_as_narrowing_the_widest_a_cell_at_a_time() -> None:
    """The widths are found by halving (a cell at a time took a minute for one long line); the
    result is what narrowing the widest column, the first of equals, a cell at a time gives."""
    import random

    from minecheck.cli._table import _share

    def one_at_a_time(natural: list[int], least: list[int], room: int) -> list[int]:
        widths = list(natural)
        for _ in range(sum(widths) - room):
            i = max((i for i, w in enumerate(widths) if w > least[i]), key=widths.__getitem__)
            widths[i] -= 1
        return widths

    rng = random.Random(7)  # noqa: S311 - test data
    for _ in range(20_000):
        natural = [rng.randint(0, 40) for _ in range(rng.randint(1, 6))]
        least = [rng.randint(0, w) for w in natural]
        room = rng.randint(sum(least), sum(natural) + 5)
        assert _share(natural, least, room) == one_at_a_time(natural, least, room)
    assert _share([10_000_000, 8, 10], [8, 8, 10], 60) == [42, 8, 10]
