"""An integer too large for a float (309 digits or more; TOML and JSON readers give up to
4,300) where a number is read: a problem at its place, never a traceback."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from minecheck.core.checklist import parse_checklist
from minecheck.core.docschema import _plainly_valid, _quick_finding, _Reader
from minecheck.core.schema import Validator
from minecheck.errors import InputError
from minecheck.session.answers import read_answers
from tests.conftest import DATA
from tests.helpers_docs import findings_body

HUGE = "1" + "0" * 400  # 1e400: no float holds it
LARGEST = str(2**1024 - 2**971)  # the largest float, written as an integer: it converts


def body_with_reading(value: str) -> bytes:
    finding = '[[finding]]\nitem = "gas-x"\nresult = "compliant"\n'
    finding += f'reading = {{value = {value}, unit = "%"}}\n\n'
    return findings_body("wang.wei@hlj.example", "SHA256:" + "A" * 43) + finding.encode()


def test_verify_says_where_a_reading_is_too_large(cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "huge.toml"
    path.write_bytes(body_with_reading(HUGE))
    run = cli(["verify", str(path)])
    assert run.exit_code == 1
    assert run.stdout == f"{path}: malformed: not a minecheck document\n"
    lines = body_with_reading(HUGE).decode().split("\n")
    line = next(i for i, row in enumerate(lines, 1) if row.startswith("reading"))
    assert f"{path}:{line}:12: value is too large a number (more than 1.8e308)" in run.stderr
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize("value", [HUGE, "-" + HUGE, LARGEST])
def test_the_quick_reader_leaves_a_large_integer_to_the_full_reader(value: str) -> None:
    raw: dict[str, Any] = {"item": "gas-x", "result": "compliant"}
    raw["reading"] = {"value": int(value), "unit": "%"}
    assert _quick_finding(raw) is None
    assert _plainly_valid([raw]) is None
    v = Validator("f.toml", None)
    _Reader(v).finding(raw, ("finding", 0))
    expected = [] if value == LARGEST else ["finding[0].reading.value: value is too large a number"
                                             " (more than 1.8e308)"]  # fmt: skip
    assert [p.message for p in v.problems] == expected


def test_an_answer_too_large_is_no_finite_reading() -> None:
    text = (DATA / "answers" / "mini-good.toml").read_text()
    assert "reading = 1.3" in text
    parsed = read_answers(text.replace("reading = 1.3", f"reading = {HUGE}").encode(), "a.toml")
    assert "methane-return" in parsed.malformed
    assert [p.message for p in parsed.problems] == ["reading must be a finite number"]


def test_a_checklist_bound_too_large_is_refused_at_its_place() -> None:
    text = (DATA / "checklists" / "valid" / "mini-check.toml").read_text()
    assert "max = 1.0" in text
    data = text.replace("max = 1.0", f"max = {HUGE}").encode()
    with pytest.raises(InputError) as caught:
        parse_checklist(data, "mini-check.toml", stem="mini-check")
    said = [(p.message, p.line) for p in caught.value.problems]
    line = text.split("\n").index(next(r for r in text.split("\n") if "max = 1.0" in r)) + 1
    assert said == [("max is too large a number (more than 1.8e308)", line)]
