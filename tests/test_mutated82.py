"""Mutation testing, round 82: the day's new code (the Chinese runs kept whole, big tables laid
out once, help's names kept whole, the collector paused while a table prints). Each test holds
a rule a mutant broke without any test noticing."""

from __future__ import annotations

import gc
import io
from typing import Any

import pytest

from minecheck.cli._output import Reporter
from minecheck.cli._render import safe
from tests.test_cjk_breaks import drawn


class _Failing:
    """A renderable whose rendering fails part way, after noting whether the collector ran."""

    def __init__(self) -> None:
        self.collecting: list[bool] = []

    def __rich_console__(self, console: Any, options: Any) -> Any:
        self.collecting.append(gc.isenabled())
        yield "a first line"
        raise OSError("the pipe was closed")


def test_a_table_that_fails_to_print_leaves_the_collector_running() -> None:
    """The collector is paused while a table prints and running again after, also where the
    printing failed part way (a closed pipe): a command that goes on (a merge's next file, a
    walk's next question) keeps collecting its cycles."""
    rep = Reporter("show", False)
    rep.out.file = io.StringIO()
    failing = _Failing()
    with pytest.raises(OSError, match="the pipe was closed"):
        rep.show(failing)
    assert failing.collecting == [False]
    assert gc.isenabled()


def test_where_the_collector_was_paused_before_a_table_it_stays_paused_after() -> None:
    """A caller that paused the collector itself finds it paused after a table is shown."""
    rep = Reporter("show", False)
    rep.out.file = io.StringIO()
    gc.disable()
    try:
        rep.show("one line")
        assert not gc.isenabled()
    finally:
        gc.enable()
    assert rep.out.file.getvalue() == "one line\n"


def test_a_bracketed_group_wider_than_the_line_is_not_moved_whole() -> None:
    """`[未整改]` is 8 cells: at 7 columns it cannot begin a line whole, so the line before is
    filled as ever (moving it gave `检查` / `[未整` / `改]完成`: a shorter first line, the group
    split all the same)."""
    assert drawn(safe("检查[未整改]完成"), 7) == ["检查[未", "整改]", "完成"]
    assert drawn(safe("检查[未整改]完成"), 8) == ["检查", "[未整改]", "完成"]


@pytest.mark.parametrize(
    ("title", "lines"),
    [
        ("不符合项（逾期、未记录执法措施）", ["不符合项（逾期、", "未记录执法措施）"]),
        ("Non-compliant items at the mine", ["Non-compliant items", "at the mine"]),
    ],
)
def test_a_title_wider_than_a_table_shown_a_field_a_line_is_broken_once_and_whole(
    title: str, lines: list[str]
) -> None:
    """A table too narrow for its columns is shown a field a line, its title first, broken
    at the width, once: a line that fits is laid out without Rich's wrap, and no rule held the
    other lines (a Chinese title of fewer characters than the width but more cells was printed
    whole and cut at the edge, `未记录执法措施）` lost at 20 columns; a title of more
    characters than the width dropped or said twice)."""
    from rich.console import Console

    from minecheck.cli._render import table

    made = table("ITEM", "DESCRIPTION", "STATE", title=title)
    made.columns[0].min_width = 12
    made.add_row(safe("item-methane-drainage-7"), safe("Methane above the limit"), safe("open"))
    out = io.StringIO()
    Console(file=out, width=20, color_system=None).print(made)
    assert [x.rstrip() for x in out.getvalue().splitlines()[:3]] == [*lines, "ITEM:"]


def test_help_at_82_columns_puts_the_help_under_names_its_widest_word_cannot_follow() -> None:
    """`keys generate --help` at 82 columns: the names beside the help's widest word
    (`MINECHECK_PASSPHRASE_FILE.`) with the columns' padding are wider than the line, so each
    option's help goes under its names. Leaving the padding out of the sum drew the names and
    the help side by side and broke the variable (`MINECHECK_PASSPHRASE_FILE` / `.`)."""
    from tests.test_help_layout import narrow_help

    lines = narrow_help(("keys", "generate"), "en", 82).splitlines()
    at = lines.index("   * --principal PRINCIPAL")
    assert lines[at : at + 5] == [
        "   * --principal PRINCIPAL",
        "       Who signs with this key, e.g. wang.wei@hlj.example. [required]",
        "     --passphrase-file FILE",
        "       File (mode 0600) holding the key's passphrase; also",
        "       MINECHECK_PASSPHRASE_FILE.",
    ]


def test_help_at_120_columns_keeps_names_and_help_side_by_side() -> None:
    """Where the names and the help's widest word fit side by side, each option is one row:
    its names, then its help beside them (not under them, as narrower)."""
    from tests.test_help_layout import narrow_help

    lines = narrow_help(("keys", "generate"), "en", 120).splitlines()
    row = next(x for x in lines if "--principal" in x)
    assert " ".join(row.split()) == (
        "* --principal PRINCIPAL Who signs with this key, e.g. wang.wei@hlj.example. [required]"
    )
