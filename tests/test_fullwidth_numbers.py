"""A number in full-width figures, as a Chinese input method types it (`１３个`, `１０天`,
`１．２％`), kept whole with its unit where Chinese text is broken (`cli._breaks`), as a number
in ASCII figures is (`13个`): `show` at 80 columns read `…共有１` / `３个位置…`."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from minecheck.cli._breaks import breaks, widest_piece
from tests.helpers_merge import shown_description


def _lines(text: str, width: int) -> list[str]:
    cuts = [0, *breaks(text, width), len(text)]
    return [text[a:b] for a, b in itertools.pairwise(cuts)]


def test_show_keeps_a_number_in_full_width_figures_whole(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    said = "回风巷瓦斯传感器共有１３个位置不符合规定，应在１０天内整改完毕。"
    lines = shown_description(cli, tmp_path, said)
    assert lines[:3] == [
        " item-0   重大   未整改                    2026-12-01   回风巷瓦斯传感器共有",
        "                 [逾期、未记录执法措施]                 １３个位置不符合规定，",
        "                                                        应在１０天内整改完毕。",
    ]  # (`…共有１` / `３个位置…` before)


@pytest.mark.parametrize(
    ("width", "lines"),
    [
        # (`…共有１３` / `个位置…` before)
        (24, ["回风巷瓦斯传感器共有", "１３个位置不符合规定，", "应在１０天内整改完毕。"]),
        (26, ["回风巷瓦斯传感器共有１３个", "位置不符合规定，", "应在１０天内整改完毕。"]),
    ],
)
def test_full_width_digits_hold_their_unit(width: int, lines: list[str]) -> None:
    assert (
        _lines("回风巷瓦斯传感器共有１３个位置不符合规定，应在１０天内整改完毕。", width) == lines
    )


@pytest.mark.parametrize(
    ("width", "lines"),
    [
        # (`…实测值为１` / `．２％，…限值１` / `．０％，…` before)
        (24, ["回风巷瓦斯浓度实测值为", "１．２％，超过规定的限值", "１．０％，已停止作业。"]),
        # (`…实测值为１．` / `２％，…限值１．０` / `％，…` before)
        (26, ["回风巷瓦斯浓度实测值为", "１．２％，超过规定的限值", "１．０％，已停止作业。"]),
    ],
)
def test_a_full_width_decimal_point_and_percent_stay_in_their_number(
    width: int, lines: list[str]
) -> None:
    text = "回风巷瓦斯浓度实测值为１．２％，超过规定的限值１．０％，已停止作业。"
    assert _lines(text, width) == lines


def test_a_full_width_number_then_a_blank_keeps_its_clause() -> None:
    """As `1.0% 时动作`: the clause after a number and a blank is the number's, not a run moved
    to the next line apart from it (`…达到１．０％ ` / `时动作并切断电源` before, where the ASCII
    number keeps `时` with it at every width)."""
    text = "当瓦斯传感器的读数达到{} 时动作并切断电源"
    assert _lines(text.format("1.0%"), 29) == [
        "当瓦斯传感器的读数达到1.0% 时",
        "动作并切断电源",
    ]
    assert _lines(text.format("１．０％"), 33) == [
        "当瓦斯传感器的读数达到１．０％ 时",
        "动作并切断电源",
    ]


_PART = st.sampled_from(
    ["煤矿", "瓦斯", "共", "个", "天", "％", "，", "。", " ", "１３", "１．５％", "13"]
)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.lists(_PART, min_size=1, max_size=12).map("".join), st.integers(4, 30))
def test_no_break_inside_a_full_width_number_or_before_its_unit(line: str, width: int) -> None:
    cuts = breaks(line, width)
    if widest_piece(line) > width:
        return  # (a piece wider than the line is folded: see test_cjk_breaks)
    lines = [line[a:b] for a, b in itertools.pairwise([0, *cuts, len(line)])]
    assert "".join(lines) == line
    for at in cuts:
        before, after = line[at - 1], line[at]
        assert not (before in "0123456789０１２３４５６７８９" and not after.isascii()), lines
        assert not (before == "．" and after in "０１２３４５６７８９"), lines
