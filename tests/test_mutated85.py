"""Chinese texts broken where the breaker weighs moving a run whole (`_breaks._more_lines`: the
lines the rest of a text takes from the run's start against from the break, compared until the
two fillings meet, LOOK_AHEAD lines at most), each pinned line for line at a narrow width."""

from __future__ import annotations

import itertools
from unittest import mock

import pytest

from minecheck.cli import _breaks
from minecheck.cli._breaks import breaks


def _lines(line: str, width: int) -> list[str]:
    bounds = [0, *breaks(line, width), len(line)]
    return [line[a:b] for a, b in itertools.pairwise(bounds)]


_GUIDANCE = (
    "查看：传感器布置图与现场对照、调校记录；用标准气样现场试验报警和断电动作是否在规定值发生，"
    "核对实际跳闸的开关。第七条针对高瓦斯矿井：突出矿井存在本情形的，判定标准将其列为"
    "CMHD-18.6，在monitoring-positioning-genuine中检查，本项答“不适用”。"
)


@pytest.mark.parametrize(
    ("width", "text", "lines"),
    [
        # `调校，` moves whole: from its start the rest takes the lines it takes from the break
        # (the filling from the break is read on while the other is behind it, not stepped
        # alike: `设、调` / `校，未` / … / `其失`)
        (
            6,
            "甲烷传感器按规定安设、调校，未人为使其失效；超限时能正常报警，断电范围正确。",
            [
                "甲烷传",
                "感器按",
                "规定安",
                "设、",
                "调校，",
                "未人为",
                "使其失",
                "效；超",
                "限时能",
                "正常报",
                "警，断",
                "电范围",
                "正确。",
            ],
        ),
        # a checklist's guidance at 12 columns: moving `调校记录；` whole gives fillings that meet
        # only on the ninth line, past LOOK_AHEAD, so the break stays where it falls (reading on
        # at each break made the breaking of a long paragraph quadratic)
        (
            12,
            _GUIDANCE,
            [
                "查看：传感器",
                "布置图与现场",
                "对照、调校记",
                "录；用标准气",
                "样现场试验报",
                "警和断电动作",
                "是否在规定值",
                "发生，核对实",
                "际跳闸的开",
                "关。第七条针",
                "对高瓦斯矿",
                "井：突出矿井",
                "存在本情形",
                "的，判定标准",
                "将其列为",
                "CMHD-18.6，",
                "在",
                "monitoring-",
                "positioning-",
                "genuine中",  # (`检查` whole, the text no taller for it: TERMS)
                "检查，本项答",
                "“不适用”。",
            ],
        ),
        # an id wider than the line is cut after its `-` where the text is no taller for it:
        # the filling from the cut reaches the text's end before the other (no error for it)
        (6, "见 gas-check-genuine 项", ["见 ", "gas-", "check-", "genuin", "e 项"]),
    ],
    ids=["stepped-alike", "look-ahead", "one-ends-first"],
)
def test_a_run_is_moved_whole_only_where_the_text_is_seen_to_take_no_more_lines(
    width: int, text: str, lines: list[str]
) -> None:
    assert _lines(text, width) == lines


@pytest.mark.parametrize(
    ("width", "text", "lines"),
    [
        # `[未记录执法措施]` is 16 cells and the blank after it: it fits a line of 16 whole
        (16, "状态：未整改 [未记录执法措施] 逾期", ["状态：未整改 ", "[未记录执法措施] ", "逾期"]),
        (12, "隐患 整改验收销号 完成 ok", ["隐患 ", "整改验收销号 ", "完成 ok"]),
    ],
)
def test_a_run_as_wide_as_the_line_before_a_blank_moves_whole(
    width: int, text: str, lines: list[str]
) -> None:
    assert _lines(text, width) == lines


@pytest.mark.parametrize("width", [19, 20, 23])
def test_a_bracketed_group_holding_a_blank_moves_whole(width: int) -> None:
    # the group is found by its brackets, not as a run between blanks (`判定标准（见 ` /
    # `第三条，一般）`)
    assert _lines("判定标准（见 第三条，一般）", width) == ["判定标准", "（见 第三条，一般）"]


@pytest.mark.parametrize(("clause", "layouts"), [("核对，", 1), ("检查，", 2)])
def test_a_run_too_wide_to_move_is_read_no_further_than_that(clause: str, layouts: int) -> None:
    # ten clauses, each `核对，` and 195 characters with no place between runs: at each line
    # that holds a `，` the run after it is read until it is too wide to move (PHRASE), not to
    # its end (which looked at each place twice: 3,559 looks against 1,909). With a word of
    # TERMS (`检查`) the text is laid out twice, with the word held and without (the fewer
    # lines kept), each layout looking as far.
    text = (clause + "项未完成由受信任的密钥签名" * 15) * 10
    with mock.patch.object(_breaks, "_bounds", wraps=_breaks._bounds) as looked:
        assert len(breaks(text, 40)) == 99
    assert looked.call_count <= layouts * len(text)
