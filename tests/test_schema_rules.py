"""The schema validator as a checklist author meets it in `checklists lint` (the texts it
refuses and the numbers it takes, in English and in Chinese) and as `sign` and `verify` meet a
findings document's field types."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_checklist_rules import READING, mini_with
from tests.test_cli_signing import Person, alice
from tests.test_docschema_rules import SHA, _body, _evidence, verify_calls_malformed
from tests.test_inspect_scripted import Cli, work

__all__ = ["alice", "work"]  # the fixtures, used by name

GUIDANCE = 'guidance = "Compare the gas-check board with the monitoring record."'  # line 21


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Compare the board.\\nThen\\u202e the record.", "U+202E"),  # after a line break
        ("Compare the board.\\u0007\\nThen the record.", "U+0007"),  # before one
    ],
)
def test_a_control_character_in_guidance_is_refused_before_or_after_a_line_break(
    cli: Cli, tmp_path: Path, text: str, code: str
) -> None:
    """Guidance may run over several lines, but a line break lets no control or format
    character after it through (a right-to-left override would turn the text shown around)."""
    path = mini_with(tmp_path, GUIDANCE, f'guidance = "{text}"')
    for lang, said, tail in (
        ("en", f"guidance contains the control or format character {code}", "1 problem"),
        ("zh", f"guidance 含有控制字符或格式字符 {code}", "发现 1 个问题"),
    ):
        result = cli(["checklists", "lint", "--lang", lang, str(path)])
        assert (result.exit_code, result.stdout) == (1, f"{path}:21:1: {said}\n")
        assert tail in result.stderr


def test_a_line_break_alone_in_guidance_is_clean(cli: Cli, tmp_path: Path) -> None:
    path = mini_with(tmp_path, GUIDANCE, 'guidance = "Compare the board.\\nThen the record."')
    result = cli(["checklists", "lint", str(path)])
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        "",
        "1 file checked, 0 problems\n",
    )


@pytest.mark.parametrize("reading", ['unit = "%CH4", max = 1', 'unit = "%CH4", min = 0, max = 2'])
def test_a_reading_bound_written_as_a_whole_number_is_clean(
    cli: Cli, tmp_path: Path, reading: str
) -> None:
    """`max = 1` is the number 1.0 (TOML writes integers without a point): not refused."""
    path = mini_with(tmp_path, READING, f"reading = {{ {reading} }}")
    result = cli(["checklists", "lint", str(path)])
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        "",
        "1 file checked, 0 problems\n",
    )


def test_a_size_of_true_in_evidence_is_no_integer(cli: Cli, alice: Person, tmp_path: Path) -> None:
    """TOML's `true` is no byte count (Python counts a bool as an integer; the reader does
    not): `sign` refuses it at its place and `verify` calls the signed body malformed."""
    body = _body(alice, *_evidence(f'{{ path = "ev/a.jpg", sha256 = "{SHA}", bytes = true }}'))
    doc = tmp_path / "findings.toml"
    doc.write_bytes(body)
    run = cli(["sign", str(doc)])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines() == [
        f"{doc}:35:111: bytes must be an integer",
        f"minecheck: error: {doc} is not a valid minecheck document",
    ]
    assert doc.read_bytes() == body
    verify_calls_malformed(cli, alice, tmp_path, body, [(35, 111, "bytes must be an integer")])
