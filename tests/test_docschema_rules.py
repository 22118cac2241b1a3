"""Every field's form in a findings document, as `sign` refuses it and `verify` calls it malformed.

A finding of more than item and result is read first by a quick reader (exact types, precomputed
key sets) and only when that one is unsure by the full reader, which says why. Each case here is
a finding the quick reader must hand on: were it to take one, a wrong value would be signed and
trusted without a word. Each is met as a user meets it: `sign`'s exit code and error lines (the
file left as it was), and `verify`'s verdict and --json problems for the same body signed
without `sign`'s checks.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from tests.helpers_docs import findings_body, seal_with
from tests.test_cli_signing import ALICE, Cli, Person, alice, line, verify_json

__all__ = ["alice"]  # the fixture

DEADLINE = "deadline = 2026-12-15\n"
SHA = "ab" * 32


def _after_deadline(extra: str) -> tuple[str, str]:
    return DEADLINE, DEADLINE + extra


def _evidence(entry: str) -> tuple[str, str]:
    return _after_deadline(f"evidence = [{entry}]\n")


# (case, (text in the body, its replacement), [(line, column, message), ...])
CASES: list[tuple[str, tuple[str, str], list[tuple[int, int, str]]]] = [
    (
        "basis-not-a-list",
        ('basis = ["CMHD-5.2"]', 'basis = "CMHD-5.2"'),
        [(31, 1, "basis must be an array"), (30, 1, "a major finding must cite its basis")],
    ),
    (
        "basis-holding-a-number",
        ('basis = ["CMHD-5.2"]', 'basis = ["CMHD-5.2", 3]'),
        [(31, 22, "basis must hold only strings")],
    ),
    (
        "major-with-an-empty-basis",
        ('basis = ["CMHD-5.2"]', "basis = []"),
        [(30, 1, "a major finding must cite its basis")],
    ),
    (
        "immediate-not-a-list",
        _after_deadline('immediate = "stop-work"\n'),
        [(35, 1, "immediate must be an array")],
    ),
    (
        "immediate-unknown-measure",
        _after_deadline('immediate = ["stop-work", "run-away"]\n'),
        [(35, 27, "unknown measure 'run-away'")],
    ),
    (
        "immediate-holding-a-number",
        _after_deadline("immediate = [1]\n"),
        [(35, 14, "immediate must hold only strings")],
    ),
    (
        "deadline-a-date-time",
        (DEADLINE, "deadline = 2026-12-15T08:00:00Z\n"),
        [(34, 1, "deadline must be a local date like 2026-12-15")],
    ),
    (
        "deadline-a-local-date-time",
        (DEADLINE, "deadline = 2026-12-15T08:00:00\n"),
        [(34, 1, "deadline must be a local date like 2026-12-15")],
    ),
    (
        "severity-unknown",
        ('severity = "major"', 'severity = "grave"'),
        [(30, 1, "severity must be one of major, general, not 'grave'")],
    ),
    (
        "severity-a-number",
        ('severity = "major"', "severity = 1"),
        [(30, 1, "severity must be a string")],
    ),
    (
        "result-unknown",
        ('result = "noncompliant"', 'result = "failed"'),
        [
            (
                29,
                1,
                "result must be one of compliant, noncompliant, not-applicable, not-checked, "
                "not 'failed'",
            )
        ],
    ),
    (
        "item-not-an-id",
        ('item = "gas-overlimit"', 'item = "Gas_Overlimit"'),
        [(28, 1, "item 'Gas_Overlimit' is not a valid item id")],
    ),
    (
        "item-empty",
        ('item = "gas-overlimit"', 'item = ""'),
        [(28, 1, "item '' is not a valid item id")],
    ),
    (
        "item-repeated",
        ('item = "gas-overlimit"', 'item = "gas-check-genuine"'),
        [(28, 1, "item 'gas-check-genuine' repeats")],
    ),
    (
        "text-a-number",
        ('location = "No. 3 return airway"', "location = 3"),
        [(33, 1, "location must be a string")],
    ),
    (
        "note-a-number-on-a-compliant-finding",
        ('result = "compliant"\n', 'result = "compliant"\nnote = 5\n'),
        [(26, 1, "note must be a string")],
    ),
    (
        "a-noncompliance-field-on-a-compliant-finding",
        ('result = "compliant"\n', 'result = "compliant"\nlocation = "x"\nnote = "n"\n'),
        [(26, 1, "location belongs only to a noncompliant finding")],
    ),
    (
        "severity-on-a-compliant-finding",
        ('result = "compliant"\n', 'result = "compliant"\nseverity = "general"\n'),
        [(26, 1, "severity belongs only to a noncompliant finding")],
    ),
    (
        "unknown-key",
        _after_deadline('colour = "red"\n'),
        [(35, 1, "unknown key 'colour' in finding 'gas-overlimit'")],
    ),
    (
        "reading-not-a-table",
        _after_deadline("reading = 1.3\n"),
        [(35, 1, "reading must be a table")],
    ),
    (
        "reading-value-a-string",
        _after_deadline('reading = { value = "1.3", unit = "%CH4" }\n'),
        [(35, 13, "value must be a number")],
    ),
    (
        "reading-value-a-boolean",
        _after_deadline('reading = { value = true, unit = "%CH4" }\n'),
        [(35, 13, "value must be a number")],
    ),
    (
        "reading-value-too-large",
        _after_deadline("reading = { value = 1" + "0" * 400 + ', unit = "%CH4" }\n'),
        [(35, 13, "value is too large a number (more than 1.8e308)")],
    ),
    (
        "reading-bound-too-large",
        _after_deadline('reading = { value = 1.3, unit = "%CH4", below = -1' + "0" * 400 + " }\n"),
        [(35, 41, "below is too large a number (more than 1.8e308)")],
    ),
    # not a measurement: in a signed record it came out of `show --json` and `verify --json` as
    # `NaN` and `Infinity`, which no JSON reader takes (`jq`: "Invalid numeric literal")
    (
        "reading-value-nan",
        _after_deadline('reading = { value = nan, unit = "%CH4" }\n'),
        [(35, 13, "reading value must be a finite number")],
    ),
    (
        "reading-value-infinite",
        _after_deadline('reading = { value = -inf, unit = "%CH4" }\n'),
        [(35, 13, "reading value must be a finite number")],
    ),
    (
        "reading-bound-infinite",
        _after_deadline('reading = { value = 1.3, unit = "%CH4", max = inf, below = +nan }\n'),
        [
            (35, 41, "reading max must be a finite number"),
            (35, 52, "reading below must be a finite number"),
        ],
    ),
    (
        "reading-bound-a-string",
        _after_deadline('reading = { value = 1.3, unit = "%CH4", max = "1.0" }\n'),
        [(35, 41, "max must be a number")],
    ),
    (
        "reading-without-a-unit",
        _after_deadline("reading = { value = 1.3 }\n"),
        [(35, 1, "missing required key 'unit' in reading")],
    ),
    (
        "reading-unit-a-number",
        _after_deadline("reading = { value = 1.3, unit = 4 }\n"),
        [(35, 26, "unit must be a string")],
    ),
    (
        "reading-unknown-key",
        _after_deadline('reading = { value = 1.3, unit = "%CH4", limit = 1 }\n'),
        [(35, 41, "unknown key 'limit' in reading")],
    ),
    (
        "evidence-not-a-list",
        _after_deadline('evidence = { path = "a.jpg" }\n'),
        [(35, 1, "evidence must be an array")],
    ),
    (
        "evidence-an-empty-table",
        _after_deadline("evidence = {}\n"),
        [(35, 1, "evidence must be an array")],
    ),
    (
        "evidence-entry-not-a-table",
        _evidence('"ev/a.jpg"'),
        [(35, 13, "[0] must be a table")],
    ),
    (
        "evidence-negative-bytes",
        _evidence(f'{{ path = "ev/a.jpg", sha256 = "{SHA}", bytes = -1 }}'),
        [(35, 111, "bytes must not be negative")],
    ),
    (
        "evidence-bytes-a-string",
        _evidence(f'{{ path = "ev/a.jpg", sha256 = "{SHA}", bytes = "12" }}'),
        [(35, 111, "bytes must be an integer")],
    ),
    (
        "evidence-digest-short",
        _evidence(f'{{ path = "ev/a.jpg", sha256 = "{SHA[:-2]}", bytes = 12 }}'),
        [(35, 34, f"sha256 '{SHA[:-2]}' must be 64 hex digits")],
    ),
    (
        "evidence-digest-uppercase",
        _evidence(f'{{ path = "ev/a.jpg", sha256 = "{SHA.upper()}", bytes = 12 }}'),
        [(35, 34, f"sha256 '{SHA.upper()}' must be 64 hex digits")],
    ),
    (
        "evidence-path-absolute",
        _evidence(f'{{ path = "/ev/a.jpg", sha256 = "{SHA}", bytes = 12 }}'),
        [
            (
                35,
                15,
                "evidence path '/ev/a.jpg' is absolute; paths are relative to the findings file",
            )
        ],
    ),
    (
        "evidence-path-a-number",
        _evidence(f'{{ path = 7, sha256 = "{SHA}", bytes = 12 }}'),
        [(35, 15, "path must be a string")],
    ),
    (
        "evidence-without-bytes",
        _evidence(f'{{ path = "ev/a.jpg", sha256 = "{SHA}" }}'),
        [(35, 13, "missing required key 'bytes' in evidence")],
    ),
    (
        "evidence-unknown-key",
        _evidence(f'{{ path = "ev/a.jpg", sha256 = "{SHA}", bytes = 12, kind = "photo" }}'),
        [(35, 123, "unknown key 'kind' in evidence")],
    ),
]


def _body(alice: Person, old: str, new: str) -> bytes:
    body = findings_body(ALICE, alice.fingerprint)
    assert body.count(old.encode()) == 1, old
    return body.replace(old.encode(), new.encode())


@pytest.mark.parametrize(("case", "edit", "problems"), CASES, ids=[c[0] for c in CASES])
def test_sign_refuses_and_verify_calls_malformed(
    cli: Cli,
    alice: Person,
    tmp_path: Path,
    case: str,
    edit: tuple[str, str],
    problems: list[tuple[int, int, str]],
) -> None:
    body = _body(alice, *edit)
    doc = tmp_path / "findings.toml"
    doc.write_bytes(body)
    run = cli(["sign", str(doc)])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines() == [
        *(f"{doc}:{n}:{col}: {message}" for n, col, message in problems),
        f"minecheck: error: {doc} is not a valid minecheck document",
    ]
    assert doc.read_bytes() == body
    verify_calls_malformed(cli, alice, tmp_path, body, problems)


def verify_calls_malformed(
    cli: Cli,
    alice: Person,
    tmp_path: Path,
    body: bytes,
    problems: Sequence[tuple[int | None, int | None, str]],
    codes: Sequence[str] | None = None,
) -> None:
    """The body signed without `sign`'s checks: `verify` calls it malformed, text and --json,
    with each problem at its line and column (and, given `codes`, each problem's code)."""
    signed = tmp_path / "signed.toml"
    signed.write_bytes(seal_with(body, alice.key))
    run = cli(["verify", str(signed)])
    assert run.exit_code == 1
    assert run.stdout == line(
        signed, "malformed", "the signed body is not a valid document", alice.fingerprint
    )
    envelope = verify_json(cli, str(signed))
    assert envelope["exit_code"] == 1
    assert [f["status"] for f in envelope["data"]["files"]] == ["malformed"]
    said = [(p["line"], p["column"], p["message"]) for p in envelope["problems"]]
    assert said == list(problems)
    if codes is not None:
        assert [p["code"] for p in envelope["problems"]] == list(codes)


FULL = (
    'basis = ["CMHD-5.2", "WSL-41"]\n'
    'severity_reason = "gas over the limit"\n'
    'description = "Methane sensor reads 1.3 %"\n'
    'location = "No. 3 return airway"\n'
    'measures = "replace the sensor"\n'
    'responsible = "Li Ming"\n'
    "deadline = 2026-12-15\n"
    'funds = "2,000 yuan"\n'
    'contingency = "evacuate the face"\n'
    'immediate = ["stop-work", "post-warning"]\n'
    'enforcement = "order to rectify"\n'
    'note = "seen twice"\n'
    'reading = { value = 2, unit = "%CH4", max = 1, below = 0.5 }\n'
)


def _finding(envelope: dict[str, Any], item: str) -> dict[str, Any]:
    [document] = envelope["data"]["documents"]
    found: dict[str, Any] = next(f for f in document["findings"] if f["item"] == item)
    return found


def test_every_field_of_a_valid_finding_is_read_as_written(
    cli: Cli, alice: Person, tmp_path: Path
) -> None:
    """What the quick reader takes is each field as written, none dropped or changed."""
    body = findings_body(ALICE, alice.fingerprint)
    start = body.index(b'basis = ["CMHD-5.2"]')
    body = body[:start] + FULL.encode() + b"\n"
    doc = tmp_path / "findings.toml"
    doc.write_bytes(body)
    run = cli(["sign", str(doc)])
    assert (run.exit_code, run.stderr) == (0, "")
    run = cli(["show", "--json", str(doc)])
    assert run.exit_code == 0
    assert _finding(run.json(), "gas-overlimit") == {
        "item": "gas-overlimit",
        "result": "noncompliant",
        "severity": "major",
        "severity_reason": "gas over the limit",
        "basis": ["CMHD-5.2", "WSL-41"],
        "description": "Methane sensor reads 1.3 %",
        "location": "No. 3 return airway",
        "measures": "replace the sensor",
        "responsible": "Li Ming",
        "deadline": "2026-12-15",
        "funds": "2,000 yuan",
        "contingency": "evacuate the face",
        "immediate": ["stop-work", "post-warning"],
        "enforcement": "order to rectify",
        "reading": {"value": 2.0, "unit": "%CH4", "max": 1.0, "below": 0.5},
        "note": "seen twice",
    }
