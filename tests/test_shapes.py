"""Inputs shaped to be slow: work that grows with the input, not with its square.

Each defect found by benchmarks/shapes.py has a test here on a shape within the limits that
took minutes before (run in a subprocess under a generous bound, never timed), and a check that
the linear way reads ordinary input exactly as the pattern it replaced did.
`MINECHECK_SHAPES_EXAMPLES=N` draws N examples per comparison instead of the fixed few.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from minecheck.session.rules import AnswerError, number_and_unit, parse_reading

_LONG = os.environ.get("MINECHECK_SHAPES_EXAMPLES")
EXAMPLES = settings(
    max_examples=int(_LONG) if _LONG else 300,
    derandomize=not _LONG,
    database=None,
    deadline=None,
)
BOUND = 60  # seconds: the shapes below took minutes to hours before, a second or two now


def _python(code: str) -> subprocess.CompletedProcess[str]:
    """`code` run by this Python, under BOUND (a hang fails the test, it does not stop the run)."""
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=BOUND, check=False
    )


# -- the walk's reading parser ----------------------------------------------------------------

# What the parser read a reading as before: a number, then its unit on one line.
_OLD_NUMBER = re.compile(r"\s*([+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+))\s*(\S.*?)?\s*")


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        # a unit cut by a long run of blanks: each place in the unit tried the run to its end
        ("'1 a' + ' ' * 400_000 + 'b'", "the unit of this reading is %CH4, not a b"),
        # a long number then a line break in the unit: each digit given back and tried again
        ("'1' * 400_000 + 'x\\n\\x00'", None),
    ],
    ids=["blanks-in-the-unit", "digits-then-a-line-break"],
)
def test_a_long_typed_reading_is_read_at_once(typed: str, said: str | None) -> None:
    code = (
        "from minecheck.session.rules import AnswerError, parse_reading\n"
        f"typed = {typed}\n"
        "try:\n"
        "    print(parse_reading(typed, '%CH4'))\n"
        "except AnswerError as exc:\n"
        "    print(' '.join(str(exc).split()))\n"
    )
    done = _python(code)
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"{said}\n"


_READING_PIECES = st.sampled_from(
    ["1", "0", "12", ".", ",", "+", "-", " ", "\t", "\n", "\u3000", "\xa0", "%", "CH4", "a", "٣"]
)


@EXAMPLES
@given(st.lists(_READING_PIECES, max_size=12).map("".join))
def test_a_reading_splits_as_the_pattern_it_replaced_did(typed: str) -> None:
    old = _OLD_NUMBER.fullmatch(typed)
    assert number_and_unit(typed) == (None if old is None else old.groups())


@pytest.mark.parametrize(
    ("typed", "value"),
    [("0.8", 0.8), (" 0.8 %CH4 ", 0.8), ("1,5", 1.5), ("0.8%", 0.8), (".5 %ch4", 0.5)],
)
def test_ordinary_readings_read_as_before(typed: str, value: float) -> None:
    assert parse_reading(typed, "%CH4") == value


def test_a_unit_over_two_lines_is_no_reading_and_a_wrong_unit_is_said() -> None:
    assert parse_reading("0.8 %CH4\nx", "%CH4") is None
    with pytest.raises(AnswerError, match="not ppm"):
        parse_reading("0.8  ppm  ", "%CH4")
