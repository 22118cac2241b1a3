"""The small faults the Chinese phrase rule left (`cli._breaks`): a run's closing mark counted
as prose."""

from __future__ import annotations

from typing import Any

import pytest

from tests.test_cjk_phrases import _lines


def _shown(run: Any) -> list[str]:
    assert (run.exit_code, run.stderr) == (0, "")
    return [line.strip() for line in run.stdout.splitlines()]


GUIDANCE = "近12个月的生产月报、过磅和销售记录、煤炭外运数据及用电量。自行复核合计数。"


def test_a_run_s_closing_mark_does_not_make_it_prose() -> None:
    """`煤炭外运数据及用电量。` is ten characters and its `。`: at 38 cells the break fell in it
    (`…销售记录、煤` / `炭外运数据及用电量。`), the mark counted towards the 20 cells."""
    assert _lines(GUIDANCE, 38) == [
        "近12个月的生产月报、过磅和销售记录、",
        "煤炭外运数据及用电量。自行复核合计数。",
    ]


def test_a_run_of_eleven_characters_is_prose_with_or_without_its_mark() -> None:
    """The bound is still ten characters: an eleventh breaks between characters."""
    text = "近12个月的生产月报、过磅和销售记录、煤炭外运数据及其用电量。"
    assert _lines(text, 38) == ["近12个月的生产月报、过磅和销售记录、煤", "炭外运数据及其用电量。"]


def test_checklists_show_at_40_keeps_the_guidance_s_last_phrase_whole(
    cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "40")
    lines = _shown(cli(["checklists", "show", "coal-major-hidden-dangers", "--lang", "zh"]))
    at = lines.index("近12个月的生产月报、过磅和销售记录、")
    assert lines[at + 1].startswith("煤炭外运数据及用电量。")
