"""An answers file for a scripted inspection as the reader takes it (session/answers.py)."""

from __future__ import annotations

import pytest

from minecheck.errors import InputError
from minecheck.session import answers
from minecheck.session.answers import read_answers


def _padded(size: int) -> bytes:
    head = b'[answers]\n"gas-check-genuine" = "compliant"\n#'
    return head + b"x" * (size - len(head) - 1) + b"\n"


def test_an_answers_file_over_the_limit_is_refused_by_the_reader_itself(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Whoever hands the reader the bytes (the command reads no more than the limit), a file
    past the limit is refused with the limit named; one of exactly the limit is read."""
    monkeypatch.setattr(answers, "MAX_ANSWERS_BYTES", 100)
    parsed = read_answers(_padded(100), "a.toml")
    assert (list(parsed.answers), parsed.problems) == (["gas-check-genuine"], ())
    with pytest.raises(InputError) as info:
        read_answers(_padded(101), "a.toml")
    assert info.value.message == "a.toml: answers file is over the limit of 100 bytes"


@pytest.mark.parametrize("given", ['"compliant"', "[]", "3"])
def test_answers_that_are_not_a_table_are_refused_with_the_problem_named(given: str) -> None:
    """`answers = ...` of another type is a clear error, not a failure of the reader."""
    with pytest.raises(InputError) as info:
        read_answers(f"answers = {given}\n".encode(), "a.toml")
    assert info.value.message == "a.toml: the answers file has problems"
    assert [p.code for p in info.value.problems] == ["bad-type"]
