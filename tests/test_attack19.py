"""The session's changes attacked, round 19: a `y` kept at its evidence prompt, the system's
words in Chinese, a message's command on its own line, full-width figures in Chinese line
breaking; each defect found is pinned here, as a user meets it."""

from __future__ import annotations

import itertools

import pytest

from minecheck.cli._breaks import breaks


def _lines(text: str, width: int) -> list[str]:
    cuts = [0, *breaks(text, width), len(text)]
    return [text[a:b] for a, b in itertools.pairwise(cuts)]


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        # a full-width digit and a unit of one cell (`５` / `℃…` before; `5℃` is one piece)
        (
            "工作面温度超过规定达到３５℃，已停止作业。",
            27,
            ["工作面温度超过规定达到", "３５℃，已停止作业。"],
        ),
        # a full-width minus and its number (`－` / `５℃…` before; `-5℃` is one piece)
        (
            "井口房冬季最低温度只有－５℃，应加热。",
            24,
            ["井口房冬季最低温度只有", "－５℃，应加热。"],
        ),
        # a full-width digit, then an ASCII one (`５` / `3个…` before; `3５个` held)
        (
            "回风巷瓦斯传感器共有５3个位置不符合规定。",
            22,
            ["回风巷瓦斯传感器共有", "５3个位置不符合规定。"],
        ),
        # a full-width thousands mark (`１，` / `０００个…` before; `1,000个` is one piece)
        (
            "本月累计排查各类隐患共１，０００项，已整改。",
            27,
            ["本月累计排查各类隐患共", "１，０００项，已整改。"],
        ),
    ],
)
def test_a_number_in_full_width_figures_is_one_piece_as_an_ascii_one_is(
    text: str, width: int, lines: list[str]
) -> None:
    assert _lines(text, width) == lines
    ascii_text = text.translate({c: c - 0xFEE0 for c in range(ord("０"), ord("９") + 1)})
    ascii_text = ascii_text.replace("－", "-").replace("１，", "1,")
    assert "".join(_lines(ascii_text, width)) == ascii_text
