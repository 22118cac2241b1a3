"""The day's changes attacked, round 17: the breaker's words of TERMS (cli/_breaks.py), which
made a text or a walk's question taller than before them where a word was wider than the line,
or where holding it cost a line."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TypeVar

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import minecheck.cli._breaks as breaker
from minecheck.cli._breaks import TERMS, breaks
from minecheck.cli._line_reader import fold
from minecheck.cli._render import safe
from tests.test_cjk_breaks import drawn
from tests.test_fuzz_layout import budget
from tests.test_line_reader_rules import _terminal

T = TypeVar("T")

# Chinese of the reports with the words of TERMS in it, and what a file may put beside them
BESIDE = [*"未的后个（）【】[]，。、：3 ", "12", "m³", "A-1", "ＡＢ", "e\u0301", "\u200b"]
BESIDE_TERMS = st.lists(st.sampled_from([*TERMS, "隐患整改验收销号", *BESIDE]), max_size=14).map(
    "".join
)


@pytest.mark.parametrize(
    ("said", "width", "lines"),
    [
        ("的第三方", 4, ["的第", "三方"]),  # (`的` / `第三` / `方`: a line more)
        ("%逾期", 3, ["%逾", "期"]),
        ("经监管部门验收", 6, ["经监管", "部门", "验收"]),
    ],
)
def test_a_word_wider_than_the_line_is_folded_as_before(
    said: str, width: int, lines: list[str]
) -> None:
    """A word of TERMS wider than the line is folded anyway: it began a line of its own, the
    line before it left short, and the text took a line more than before the words."""
    assert drawn(safe(said), width) == lines


def _without_terms(said: str, width: int) -> list[int]:
    """The breaks of `said` by the breaker without its words of TERMS (as before them)."""
    return _unheld(lambda: breaks(said, width))


def _unheld(laid_out: Callable[[], T]) -> T:
    """What `laid_out` gives with the breaker's words of TERMS not held."""
    saved = breaker._TERMS
    try:
        breaker._TERMS = re.compile(r"(?!)")
        breaker.pieces.cache_clear()
        return laid_out()
    finally:
        breaker._TERMS = saved
        breaker.pieces.cache_clear()


# the enforcement checklist's question, at 42 columns a line taller with its words held
ENFORCED = (
    "检查发现的每项隐患或者违法行为均依法下达执法文书（责令限期整改指令书、现场处理措施决定书"
    "或者行政处罚决定书），无“检查不执法”。"
)


@pytest.mark.parametrize(
    ("said", "width", "lines"),
    [
        (
            ENFORCED,
            42,
            [
                "检查发现的每项隐患或者违法行为均依法下达执",
                "法文书（责令限期整改指令书、现场处理措施决",
                "定书或者行政处罚决定书），无“检查不执法”。",
            ],
        ),
        ("经专家、第三方或监管部门验收", 12, ["经专家、", "第三方或", "监管部门验收"]),
    ],
)
def test_a_paragraph_is_no_taller_for_its_words(said: str, width: int, lines: list[str]) -> None:
    """Words of TERMS held whole made a paragraph a line taller than before them: at 42
    columns the question took four lines, its last `“检查不执法”。` alone. A paragraph keeps
    its words where it takes no more lines for them (a heading still reads `第三方或` /
    `监管部门验收`)."""
    assert drawn(safe(said), width) == lines


@budget(300)
@given(BESIDE_TERMS, st.integers(1, 60))
@example(ENFORCED, 42)
@example("，监管部门销号的", 5)
def test_a_text_takes_no_more_lines_than_without_the_words(said: str, width: int) -> None:
    assert len(breaks(said, width)) <= len(_without_terms(said, width))


@budget(300)
@given(BESIDE_TERMS, st.integers(1, 3))
@example("，监管部门：", 3)
@example("%逾期", 3)
@example("、增量：", 3)
def test_where_every_word_is_wider_than_the_line_it_breaks_as_before(said: str, width: int) -> None:
    """At 1 to 3 columns every word of TERMS is folded: the breaks are those without them."""
    assert breaks(said, width) == _without_terms(said, width)


@pytest.mark.parametrize(
    ("question", "columns", "lines"),
    [
        (
            "是否经第三方或者监管部门验收？[是/否] ",
            21,
            ["是否经第三方或者监", "管部门验收？[是/否] "],  # (three with `监管部门` alone)
        ),
        ("本月新排查出的隐患 [0]：", 9, ["本月新排", "查出的隐", "患 [0]："]),
        ("。存量 ", 5, ["。存", "量 "]),  # (`存量` wider than the cursor's line, folded)
    ],
)
def test_a_question_is_no_taller_for_the_words_of_terms(
    monkeypatch: pytest.MonkeyPatch, question: str, columns: int, lines: list[str]
) -> None:
    """The walk's question, folded with its last words on the cursor's line, took a line more
    with the words of TERMS held whole than before them."""
    _terminal(monkeypatch, columns)
    assert fold(question) == lines


@budget(200)
@given(BESIDE_TERMS.map(lambda said: said + " "), st.integers(3, 50))
def test_a_question_takes_no_more_lines_than_without_the_words(
    monkeypatch: pytest.MonkeyPatch, question: str, columns: int
) -> None:
    _terminal(monkeypatch, columns)
    assert len(fold(question)) <= len(_unheld(lambda: fold(question)))
