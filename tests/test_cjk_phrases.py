"""A run of Chinese that a blank, a mark or a bracket bounds kept whole where a line would
break inside it (`cli._breaks`): a word a reader takes as one was split at the column's edge
(`1 + 1 项未` / `完成`, `（设` / `计）`, `由受信任的` / `密钥签名`) where a blank or a mark a few
cells back would have kept it whole."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from minecheck.cli import _breaks
from minecheck.cli._breaks import breaks, pieces
from minecheck.cli._render import safe
from minecheck.core.checklist import Checklist
from minecheck.session import draft as drafts
from tests.helpers_merge import allowed_signers, findings, person
from tests.test_cjk_breaks import drawn
from tests.test_draft_rules import checklist as checklist  # (a fixture)
from tests.test_draft_rules import every_field_draft
from tests.test_draft_rules import fixed_clock as fixed_clock  # (a fixture: the drafts' clock)

QUESTION = (
    "年度原煤产量超过核定（设计）生产能力的幅度小于10%，且月产量不大于核定（设计）生产能力的10%。"
)


def _shown(run: Any) -> list[str]:
    assert (run.exit_code, run.stderr) == (0, "")
    return [line.rstrip() for line in run.stdout.splitlines()]


def test_drafts_list_keeps_the_unfinished_count_s_words_together(
    cli: Any,
    checklist: Checklist,
    tmp_path: Path,
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`1 + 1 项未` / `完成` in the ANSWERED cell at 60 columns. (The phrase rule first made it
    `1 + 1` / `项未完成`, parting the number from its measure word; a run after a number and a
    blank is the number's clause, so the break falls after `项`.)"""
    drafts.save(isolated_home / "drafts", every_field_draft(checklist, tmp_path))
    monkeypatch.setenv("COLUMNS", "60")
    lines = _shown(cli(["drafts", "list", "--lang", "zh"]))
    row = next(i for i, x in enumerate(lines) if x.startswith(" 3f2b8c1e"))
    assert [re.split(r"\s{2,}", x.strip()) for x in lines[row : row + 2]] == [
        ["3f2b8c1e", "mini-check", "Mine A", "1 + 1 项", "2026-11-29"],
        ["1", "未完成", "09:00Z"],
    ]


@pytest.fixture
def shown_at(cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """`show --lang zh` of a findings file (or of `text` written as one) at a width."""
    alice = person(tmp_path, "alice")
    trust = allowed_signers(tmp_path / "allowed_signers", alice)
    doc = tmp_path / "a.toml"
    doc.write_bytes(
        findings(alice, ["noncompliant"], items=["item-0"], deadline=dt.date(2026, 12, 1))
    )

    def show(width: int, text: str | None = None) -> list[str]:
        monkeypatch.setenv("COLUMNS", str(width))
        if text is not None:
            doc.write_text(text)
        args = ["--allowed-signers", str(trust), "--lang", "zh", "--as-of", "2026-12-05"]
        run = cli(["show", str(doc), *args])
        return [line.rstrip() for line in run.stdout.splitlines()]

    return show


def test_show_at_20_columns_keeps_a_flag_and_a_trust_state_whole(shown_at: Any) -> None:
    """`未整改 [逾期、未记` / `录执法措施]`; `（trusted）  由受信` / `任的密钥签名`."""
    lines = shown_at(20)
    status = lines.index("状态：")
    assert lines[status + 1 : status + 3] == ["  未整改 [逾期、", "  未记录执法措施]"]
    trust = lines.index("信任状态：受信任")
    assert lines[trust + 1 : trust + 3] == ["（trusted）", "由受信任的密钥签名"]


def test_show_at_40_columns_keeps_a_malformed_file_s_state_whole(shown_at: Any) -> None:
    """`信任状态：文件格式错误（malformed）  不` / `是 minecheck 文件`."""
    lines = shown_at(40, "hello = [\n")
    state = next(i for i, x in enumerate(lines) if x.startswith("信任状态"))
    assert lines[state : state + 2] == [
        "信任状态：文件格式错误（malformed）",
        "不是 minecheck 文件",
    ]


def test_a_flag_keeps_whole_after_a_short_status() -> None:
    """`未整改 [未记录执法` / `措施]` in an 18-cell field: the line left is a third of it."""
    assert drawn(safe("未整改 [未记录执法措施]"), 18) == ["未整改", "[未记录执法措施]"]


def test_the_walk_s_question_keeps_a_bracketed_word_whole() -> None:
    """`年度原煤产量超过核定（设` / `计）生产能力…` at 29 columns."""
    from minecheck.cli._output import following
    from minecheck.cli._prompter import RichPrompter

    out = io.StringIO()
    console = following(file=out, width=29, no_color=True, highlight=False)
    RichPrompter(console, "zh", dt.date(2026, 11, 29))._question(QUESTION)
    assert [line.rstrip() for line in out.getvalue().splitlines()] == [
        "年度原煤产量超过核定",
        "（设计）生产能力的幅度小",  # (`生产能力的幅度小于10%，` is prose: wider than PHRASE)
        "于10%，且月产量不大于核定",
        "（设计）生产能力的10%。 >",
    ]


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        # a run that would leave less than a third of the line is broken between characters
        ("由 受信任的密钥签名文件", 18, ["由 受信任的密钥签", "名文件"]),
        # one wider than PHRASE (ten characters) is prose, broken between its characters
        ("信任状态 一二三四五六七八九十一二", 30, ["信任状态 一二三四五六七八九十", "一二"]),
        # a move that would make the paragraph a line longer is not made
        ("存量：月初未销号（此前排查出）", 10, ["存量：月初", "未销号（此", "前排查出）"]),
        # a number and its unit after a blank stay as they were (not a run of Chinese)
        ("读数超过24 ppm须查明来源", 14, ["读数超过24 ppm", "须查明来源"]),
    ],
)
def test_a_run_is_moved_only_where_a_reader_gains(text: str, width: int, lines: list[str]) -> None:
    assert drawn(safe(text), width) == lines


def _lines(line: str, width: int) -> list[str]:
    bounds = [0, *breaks(line, width), len(line)]
    return [line[a:b] for a, b in itertools.pairwise(bounds)]


_WORDS = ["（设计）", "[未记录执法措施]", "1 + 1", " ", "  ", "ab", "3个", "minecheck"]
_TEXT = st.lists(
    st.sampled_from([*"检查项未完成由受信任的密钥签名", *"，、。；：（）[]", *_WORDS]),
    min_size=1,
    max_size=24,
).map("".join)


@settings(max_examples=400, deadline=None, derandomize=True, database=None)
@given(_TEXT, st.integers(2, 40))
def test_a_moved_run_loses_nothing_and_costs_no_line(line: str, width: int) -> None:
    """No character lost or reordered, no line wider than the width (where every piece fits),
    no more lines than breaking between characters gives, and a line whose break was moved
    back (the next line's first piece would have fit on it) holds a third of the width and
    is followed by a run that begins at a blank, a mark or a bracket, or by the last line's
    two characters (the second would have been alone), holding half the width."""
    lines = _lines(line, width)
    assert "".join(lines) == line
    with mock.patch.object(_breaks, "PHRASE", 0):  # (no run short enough to move)
        before = _lines(line, width)
    assert len(lines) <= len(before)
    ends = pieces(line)
    widest = max(cell_len(line[a:b].rstrip()) for a, b in itertools.pairwise([0, *ends]))
    if widest > width:
        return  # (a piece wider than the line is folded, as before)
    at = 0
    for shown, after in itertools.pairwise(lines):
        at += len(shown)
        assert cell_len(shown.rstrip()) <= width
        first = next(e for e in ends if e > at) - at
        if cell_len(shown) + cell_len(after[:first].rstrip()) <= width:  # (moved)
            assert 3 * cell_len(shown.rstrip()) >= width, (lines, width)
            if after == lines[-1] and len(after.rstrip().rstrip(_breaks._CLOSING)) == 2:
                assert 2 * cell_len(shown.rstrip()) >= width, (lines, width)
                continue  # (a character carried to one alone on the last line)
            assert _breaks._bounds(line, at), (lines, width)
    assert cell_len(lines[-1].rstrip()) <= width


@pytest.mark.parametrize(
    ("columns", "prompt", "lines"),
    [
        (30, "隐患等级（重大/一般） [重大]：", ["隐患等级", "（重大/一般） [重大]："]),
        (20, "佐证文件（留空结束）：", ["佐证文件", "（留空结束）："]),
        (
            40,
            "请输入 %CH4 读数（限值 ≤ 1 %CH4），或按键：",
            ["请输入", "%CH4 读数（限值 ≤ 1 %CH4），或按键："],
        ),
        # (kept whole only where the question is no taller for it)
        (16, "隐患等级（重大/一般） [重大]：", ["隐患等级（重大/", "一般） [重大]："]),
    ],
)
def test_the_cursor_s_line_of_a_folded_question_begins_a_run(
    monkeypatch: pytest.MonkeyPatch, columns: int, prompt: str, lines: list[str]
) -> None:
    """The longest tail that fit began inside a word: `隐` / `患等级（重大/一般） [重大]：` at 30
    columns, `佐证` / `文件（留空结束）：` at 20, `请输` / `入 %CH4 …` at 40."""
    from minecheck.cli._line_reader import fold
    from tests.test_line_reader_rules import _terminal

    _terminal(monkeypatch, columns)
    assert fold(prompt) == lines


def test_a_long_chinese_text_is_broken_in_time_linear_in_its_length() -> None:
    """Each move of a run read the rest of the text twice: 28,500 characters of prose took
    1.4 s at 80 columns (0.03 s without the runs), 95,000 about 15 s; now 0.07 s and 0.23 s."""
    from tests.conftest import within

    clause = "采区进、回风巷贯穿整个采区，未一段进风、一段回风；采用倾斜长壁布置的，大巷超前"
    clause += "至少2个区段并构成通风系统后方开掘其他巷道。（适用于井工煤矿（coal-underground）；"
    clause += "必须提供佐证）"
    text = clause * 1000
    with within(5):
        lines = _lines(text, 80)
    assert "".join(lines) == text
    assert max(cell_len(line.rstrip()) for line in lines) <= 80
