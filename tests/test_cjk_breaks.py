"""Chinese text broken where a reader expects (`cli._breaks`): between two Chinese characters,
never inside an id, an ASCII word or a number with its unit, never before a closing mark nor
after an opening one. Rich took a Chinese run without blanks for one word and folded it at the
column's edge wherever that fell."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import RenderableType

from minecheck.cli._breaks import CLOSING, breaks, pieces
from minecheck.cli._render import safe, table
from tests.helpers_merge import shown_description


def drawn(part: RenderableType, width: int, colour: bool = False) -> list[str]:
    """`part` as `Reporter.show` prints it at `width` columns (a console of `cli._breaks`)."""
    from minecheck.cli._breaks import BreakingConsole

    out = io.StringIO()
    console = BreakingConsole(
        file=out,
        width=width,
        color_system="standard" if colour else None,
        force_terminal=colour,
        no_color=not colour,
    )
    console.print(part)
    return [line.rstrip() for line in out.getvalue().splitlines()]


def test_checklists_show_at_80_columns_keeps_an_id_in_chinese_whole(
    cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`（适用于井工煤矿（coa` / `l-underground）`: an id split in two."""
    monkeypatch.setenv("COLUMNS", "80")
    run = cli(["checklists", "show", "coal-major-hidden-dangers", "--lang", "zh"])
    assert (run.exit_code, run.stderr) == (0, "")
    lines = [line.rstrip() for line in run.stdout.splitlines()]
    first = next(i for i, x in enumerate(lines) if x.startswith(" reserves-replacement"))
    assert [x.split()[-1] for x in lines[first : first + 5]] == [
        "开拓煤量、准备煤量、回采煤量可采期",
        "不低于国家规定的最短时间；",
        "不足时已限产或者停产。（适用于井工",  # (its `。` makes the clause no longer)
        "煤矿（coal-underground）；",
        "必须提供佐证）",  # (kept whole: `…；必须提供佐` / `证）` before)
    ]
    for line in lines:
        assert not re.search(r"\(coa$|^\s*l-underground", line), line
        assert not line.strip().startswith(tuple("，。、；：）")), line
        assert not line.endswith(("（", "「")), line


def test_a_table_s_title_at_50_columns_keeps_an_id_whole() -> None:
    """`（art04-overcapaci` / `ty）`: a title folded at the edge, inside an id."""
    t = table("编号", "数量", title="第四条 超能力、超强度或者超定员组织生产（art04-overcapacity）")
    t.add_row(safe("output-within-capacity"), safe("1"))
    assert drawn(t, 50)[:2] == [
        "第四条 超能力、超强度或者超定员组织生产",  # (a title as wide as the terminal allows)
        "（art04-overcapacity）",
    ]


def test_a_flag_s_closing_bracket_never_begins_a_line() -> None:
    """`[未记录执法措施` / `]`: a closing mark alone on a line."""
    assert drawn(safe("[未记录执法措施]"), 15) == ["[未记录执法", "措施]"]  # (not `施]` alone)


def test_a_chinese_sentence_after_a_blank_fills_the_line_it_begins_on() -> None:
    """`…18:28Z ` then all of `的验收通过：…` on the next line, the first line left short."""
    said = "未采纳：i-1/gas-overlimit 于 2026-12-01 18:28Z "
    said += "的验收通过：在“未整改”状态下验收，须整改后验收"
    assert drawn(safe(said, "yellow"), 40) == [
        "未采纳：i-1/gas-overlimit 于 2026-12-01",
        "18:28Z 的验收通过：在“未整改”",
        "状态下验收，须整改后验收",  # (kept whole: `…状态下验` / `收，…` before)
    ]


def test_styles_survive_the_breaking_and_no_escape_reaches_a_pipe() -> None:
    text = safe("未采纳：", "bold")
    text.append_text(safe("gas-overlimit 的验收通过", "red"))
    coloured = "\n".join(drawn(text, 12, colour=True))
    assert coloured.count("\x1b[1;31m") == 2  # (red and bold on both lines)
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured).split("\n") == drawn(text, 12)
    assert "\x1b" not in "".join(drawn(text, 12))


def test_a_text_of_rich_s_own_printed_alone_keeps_its_styles() -> None:
    """A text that is not a shown one (`Text.assemble`) is broken as the others, its colour
    kept, and its own style and justification (the console makes it one that breaks,
    styles and all)."""
    from rich.text import Text

    text = Text.assemble(("危险", "bold red"), " 隐患未整改")
    # (two lines, 隐患 broken, rather than three with it whole: no taller for a word of TERMS)
    assert drawn(text, 8, colour=True) == ["\x1b[1;31m危险\x1b[0m 隐", "患未整改"]
    whole = Text("危险隐患未整改", style="bold", justify="right")  # (its own style, set right)
    assert drawn(whole, 8, colour=True) == ["\x1b[1m危险隐患\x1b[0m", "\x1b[1m  未整改\x1b[0m"]


def test_a_text_printed_alone_ends_as_the_print_says() -> None:
    """A question's text printed with `end=""` keeps the answer on its line; texts and strings
    printed together are joined by `sep`, as Rich prints them."""
    from rich.text import Text

    from minecheck.cli._breaks import BreakingConsole

    out = io.StringIO()
    console = BreakingConsole(file=out, width=8, color_system=None)
    console.print(Text("请输入编号："), end="")
    console.print(safe("gas-01"), end=" ")
    console.print("好", "的", sep="-", end="")
    console.print(Text("甲"), "乙")
    assert out.getvalue() == "请输入\n编号：gas-01 好-的甲 乙\n"


def test_english_is_broken_at_blanks_as_before() -> None:
    said = "Rectification measures: replace the sensor at the return airway, then test it"
    assert drawn(safe(said), 30) == [
        "Rectification measures:",
        "replace the sensor at the",
        "return airway, then test it",
    ]


@pytest.mark.parametrize(
    ("said", "width", "lines"),
    [
        ("Check the methane sensor now", 7, ["Check", "the", "methane", "sensor", "now"]),
        (
            "id coal-underground-ventilation ok",
            10,
            ["id", "coal-under", "ground-ven", "tilation", "ok"],
        ),
        (
            "检查coal-underground-ventilation完成",
            10,
            ["检查", "coal-under", "ground-ven", "tilation", "完成"],
        ),
    ],
)
def test_a_word_as_wide_as_the_line_or_wider_loses_nothing_and_moves_no_blank(
    said: str, width: int, lines: list[str]
) -> None:
    """A word exactly as wide as the line, after another, goes on a line of its own and the
    blank after it stays there (the next line does not begin with it); a word wider than the
    line is folded, every character shown."""
    assert drawn(safe(said), width) == lines


@pytest.mark.parametrize(
    ("said", "width", "lines"),
    [
        ("检查记录 （ 附件三 ） 已归档", 12, ["检查记录", "（ 附件三 ）", "已归档"]),
    ],
)
def test_an_opening_mark_before_a_blank_never_ends_a_line(
    said: str, width: int, lines: list[str]
) -> None:
    """`检查记录 （` / `附件三 ）`: the blank after an opening mark is no break in Chinese."""
    assert drawn(safe(said), width) == lines


@pytest.mark.parametrize(
    ("said", "width", "lines"),
    [
        ("没有编号为'gas'的条目", 9, ["没有编号", "为'gas'的", "条目"]),  # (a quote with its word)
        ('请回答"是"或"否"即可', 6, ["请回", '答"是"', '或"否"', "即可"]),
        ("共有13个隐患未整改", 6, ["共有", "13个", "隐患未", "整改"]),  # (a number with its unit)
        ("共 A类[重大]隐患", 6, ["共 A类", "[重大]", "隐患"]),  # (a letter before Chinese)
    ],
)
def test_a_chinese_line_keeps_together_what_goes_together(
    said: str, width: int, lines: list[str]
) -> None:
    assert drawn(safe(said), width) == lines


# Chinese, ASCII words and ids, numbers, blanks and marks, in runs
_TEXT = st.lists(
    st.sampled_from(
        [
            *"煤矿瓦斯检查记录",
            *"，。、；：！？）」』】]",
            *"（「『【[",
            *("coal-underground", "art04", "30", " ", "1.5%", "SHA256:abc"),
        ]
    ),
    max_size=8,
).map("".join)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.lists(_TEXT.filter(bool), min_size=1, max_size=6).map("".join), st.integers(1, 30))
def test_the_breaker_loses_nothing_and_keeps_its_rules(line: str, width: int) -> None:
    cuts = breaks(line, width)
    bounds = [0, *cuts, len(line)]
    lines = [line[a:b] for a, b in itertools.pairwise(bounds)]
    assert "".join(lines) == line  # (nothing lost or altered; the blanks at a break are kept)
    ends = pieces(line)
    widest = max(cell_len(line[a:b].rstrip()) for a, b in itertools.pairwise([0, *ends]))
    for at, shown in zip([0, *cuts], lines, strict=True):
        assert shown  # (no empty line)
        if widest <= width:
            assert cell_len(shown.rstrip()) <= width, (shown, width)
            after_a_blank = shown[0].isascii() and line[at - 1 : at].isspace()  # (as Rich)
            assert shown[0] not in CLOSING or not at or after_a_blank, (lines, width)


@pytest.mark.parametrize(
    ("width", "lines"),
    [
        (40, ["没有编号为 'gas-overlimit-check'", "的条目：请检查拼写（编号区分大小写）"]),
        (30, ["没有编号为", "'gas-overlimit-check' 的条目：", "请检查拼写（编号区分大小写）"]),
    ],
)
def test_the_walk_s_messages_break_as_shown_texts_do(width: int, lines: list[str]) -> None:
    """The walk's console printed a text as Rich joins it, a plain one: at 30 columns
    `的条目：请检查拼写（编号区分大` / `小写）`, at 40 a line of 34 cells then the whole run."""
    from minecheck.cli._output import following
    from minecheck.cli._prompter import RichPrompter

    out = io.StringIO()
    console = following(file=out, width=width, no_color=True, highlight=False)
    said = "没有编号为 'gas-overlimit-check' 的条目：请检查拼写（编号区分大小写）"
    RichPrompter(console, "zh", dt.date(2026, 11, 29)).problem(said)
    assert [line.rstrip() for line in out.getvalue().splitlines()] == lines


def test_show_at_80_columns_keeps_an_id_in_a_description_whole(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`（coal-undergro` / `und）` in a description in `show --lang zh` at 80 (and, with other
    columns, `[逾期、未记录执法措施` / `]`)."""
    monkeypatch.setenv("COLUMNS", "80")
    said = "回风巷瓦斯传感器位置不符合规定（coal-underground），"
    said += "且瓦斯检查工未按规定次数检查，记录存在漏检。"
    lines = shown_description(cli, tmp_path, said)
    assert lines[:5] == [
        " item-0   重大   未整改                    2026-12-01   回风巷瓦斯传感器位置不",
        "                 [逾期、未记录执法措施]                 符合规定",
        "                                                        （coal-underground），",
        "                                                        且瓦斯检查工未按规定次",
        "                                                        数检查，记录存在漏检。",
    ]


def test_a_reading_s_question_keeps_its_words_whole() -> None:
    """A reading's question folded in the walk at 40 columns read `…二氧化碳浓度实` / `测值（%）…`
    and at 36 `…二氧化碳浓` / `度实测值…`: the readings' words (实测值, 浓度, the gases) are held
    as the reports' are, where holding them costs no line."""
    question = "矿井总回风或者一翼回风流中二氧化碳浓度实测值（%），不得超过0.75%。"

    def lines(width: int) -> list[str]:
        cuts = [0, *breaks(question, width), len(question)]
        return [question[a:b] for a, b in itertools.pairwise(cuts)]

    assert lines(40) == ["矿井总回风或者一翼回风流中二氧化碳浓度", "实测值（%），不得超过0.75%。"]
    assert lines(36) == ["矿井总回风或者一翼回风流中二氧化碳", "浓度实测值（%），不得超过0.75%。"]
