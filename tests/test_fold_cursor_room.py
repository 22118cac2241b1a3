"""A folded question's last line leaves the cursor its cell, the blank after the question
counted: at 40 columns `Why there is no evidence (this item requires it): ` was folded to a last
line of 39 cells and its blank, 40, and the cursor (the answer typed) went to the next line."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from minecheck.cli._line_reader import fold, folded
from tests.test_line_reader_rules import _terminal


def test_the_evidence_reason_asked_at_40_columns_leaves_the_cursor_on_its_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    narrow = _terminal(monkeypatch, 40)
    last = folded("Why there is no evidence (this item requires it): ")
    assert narrow.getvalue() == "Why there is\n"
    assert last == "no evidence (this item requires it): "
    assert cell_len(last) == 37  # (on main: `is no evidence …: `, 40 cells with its blank)


def test_a_folded_last_line_counts_the_blank_after_the_question(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _terminal(monkeypatch, 20)  # (19 cells and the cursor's)
    assert fold("xx aaaaaaaa bbbbbbbbbb ") == ["xx aaaaaaaa", "bbbbbbbbbb "]
    assert fold("xx aaaaaaaa bbbbbbbbbb") == ["xx", "aaaaaaaa bbbbbbbbbb"]  # (no blank: it fits)
    # Chinese, broken beside its characters: the last line and its blank in 19 cells
    reading = "请输入读数（限值 ≤ 1 %CH4），或按键："
    assert fold(reading + " ") == ["请输入读数（限值 ≤", "1 %CH4），或按键： "]
    assert fold(reading) == ["请输入读数（限值 ≤", "1 %CH4），或按键："]


def test_a_word_wider_than_the_terminal_leaves_the_cursor_its_cell_after_the_blank(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _terminal(monkeypatch, 20)
    assert fold("x" * 38 + " ") == ["x" * 19, "x" * 18, "x "]
    assert fold("x" * 37 + " ") == ["x" * 19, "x" * 18 + " "]


@pytest.mark.parametrize("columns", [20, 24, 40, 60, 80])
@pytest.mark.parametrize(
    "prompt",
    [
        "Why there is no evidence (this item requires it): ",
        "Enter the reading in %CH4 (limit ≤ 1 %CH4), or a key: ",
        "Evidence file (empty to finish, -N removes entry N): ",
        "没有佐证的原因（本条目必须提供佐证）：",
        "请输入 %CH4 读数（限值 ≤ 1 %CH4），或按键：",
        "佐证文件（留空结束，输入 -N 删除第 N 项）：",
        "Description of the hidden danger [顶板锚杆缺失 3 根，already reported on 30 Nov]: ",
    ],
)
def test_every_folded_question_keeps_its_text_and_the_cursors_cell(
    monkeypatch: pytest.MonkeyPatch, columns: int, prompt: str
) -> None:
    _terminal(monkeypatch, columns)
    lines = fold(prompt)
    assert "".join(lines).replace(" ", "") == prompt.replace(" ", "")
    assert all(cell_len(line) <= columns - 1 for line in lines)


# Beside yesterday's walk at 40 columns: yesterday folded a Chinese question at its blank
# (`请输入` / `%CH4 读数…`); the first breaker folded it inside a word, its first line a stub
# (`请输` / `入 %CH4 读数…`, `佐证` / `文件（留空结束…`). A short Chinese run now moves whole.
@pytest.mark.parametrize(
    ("prompt", "word"),
    [
        ("请输入 %CH4 读数（限值 ≤ 1 %CH4），或按键：", "请输入"),
        ("佐证文件（留空结束，输入 -N 删除第 N 项）：", "佐证文件"),
    ],
)
def test_a_chinese_question_at_40_columns_keeps_its_first_word_whole(
    monkeypatch: pytest.MonkeyPatch, prompt: str, word: str
) -> None:
    _terminal(monkeypatch, 40)
    assert any(word in line for line in fold(prompt))
