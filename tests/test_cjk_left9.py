"""The small faults the Chinese phrase rule left (`cli._breaks`): a run's closing mark counted
as prose, one character alone on a paragraph's last line, an id wider than the line folded
anywhere but after its `/` or `-`."""

from __future__ import annotations

from typing import Any

import pytest

from tests.test_cjk_phrases import _lines
from tests.test_help_layout import narrow_help


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


def test_checklists_list_at_80_leaves_no_character_alone_under_a_title(
    cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`隐患整改质量与验收销` / `号`: one character alone on the title's last line."""
    monkeypatch.setenv("COLUMNS", "80")
    lines = _shown(cli(["checklists", "list", "--lang", "zh"]))
    at = next(i for i, x in enumerate(lines) if x.startswith("rectification-quality"))
    assert lines[at].endswith("隐患整改质量与验收")
    assert lines[at + 1] == "销号"


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        ("隐患整改质量与验收销号。", 20, ["隐患整改质量与验收", "销号。"]),
        ("检查表文件的路径。", 14, ["检查表文件的", "路径。"]),
        ("由受信任的密钥签名", 16, ["由受信任的密钥", "签名"]),
        ("验收销号", 6, ["验收", "销号"]),
        ("收号", 2, ["收", "号"]),
        # (not across a blank or a mark: `号` alone is a word there)
        ("隐患整改质量与验， 号", 20, ["隐患整改质量与验， ", "号"]),
        # (nor where the last line would not fit)
        ("隐患整改", 3, ["隐", "患", "整", "改"]),
        # (nor in English, broken as Rich breaks it)
        ("abcde f", 5, ["abcde ", "f"]),
    ],
)
def test_one_character_alone_on_the_last_line_takes_the_one_before(
    text: str, width: int, lines: list[str]
) -> None:
    assert _lines(text, width) == lines


def test_an_id_wider_than_the_line_is_folded_after_its_slash() -> None:
    """A finding's reference in a Chinese line folded inside the item id (`…1c2d/g` /
    `as-check-genuine`)."""
    ref = "7a5f6e59-0f3e-4b1a-9c8d-2e4f60a11c2d/gas-check-genuine"
    assert _lines(f"引用：{ref} 合规", 40) == [
        "引用：",
        "7a5f6e59-0f3e-4b1a-9c8d-2e4f60a11c2d/",
        "gas-check-genuine 合规",
    ]


def test_an_english_line_is_folded_as_rich_folds_it() -> None:
    ref = "7a5f6e59-0f3e-4b1a-9c8d-2e4f60a11c2d/gas-check-genuine"
    assert _lines(f"ref: {ref} ok", 40) == [
        "ref: ",
        "7a5f6e59-0f3e-4b1a-9c8d-2e4f60a11c2d/gas",
        "-check-genuine ok",
    ]


def test_inspect_help_at_38_folds_the_default_file_name_after_a_hyphen() -> None:
    """`CHECKLIST-YYYYMMDD-HHMMSS.tom` / `l；不给 -o …` at 38 columns."""
    said = [line.strip(" *") for line in narrow_help(("inspect",), "zh", 38).splitlines()]
    at = said.index("CHECKLIST-YYYYMMDD-")
    assert said[at + 1] == "HHMMSS.toml；不给 -o"


def test_a_fold_after_a_hyphen_is_not_taken_where_it_costs_a_line() -> None:
    """At 40 columns the help's `--output` is seven lines folded plainly; after the hyphen it
    would be eight, so the mark keeps its place (the file name is whole)."""
    said = [line.strip(" *") for line in narrow_help(("inspect",), "zh", 40).splitlines()]
    at = said.index("CHECKLIST-YYYYMMDD-HHMMSS.toml")
    assert said[at + 1] == "；不给 -o 时写在当前目录；该文"


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        ("继电器在 1.5% 而不是 1.0% 时动作", 28, ["继电器在 1.5% 而不是 1.0% 时", "动作"]),
        ("只能写 ASCII，@ 前至多 64 个字符", 28, ["只能写 ASCII，@ 前至多 64 个", "字符"]),
        # (a run after a word that is no number still moves)
        ("信任状态：受信任 由受信任的密钥签名", 30, ["信任状态：受信任 ", "由受信任的密钥签名"]),
    ],
)
def test_a_run_after_a_number_and_a_blank_is_the_number_s_clause(
    text: str, width: int, lines: list[str]
) -> None:
    """`show` of a follow-up at 60 columns went from `而不是 1.0% 时` / `动作` to `而不是 1.0%` /
    `时动作`, and a message at 34 `@ 前至多 64` / `个字符`: a number parted from its measure word
    and the clause it heads."""
    assert _lines(text, width) == lines
