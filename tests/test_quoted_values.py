"""A value a file holds, named in a message, is said as the file writes it: a TOML date was
said `datetime.date(2026, 1, 1)`, `true` was `True` and JSON's `null` was `None`, Python's
spelling of what was read, where a string is quoted as given."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

import pytest

from tests.conftest import Run
from tests.test_contract4 import MINI


class Cli(Protocol):
    def __call__(self, args: list[str], input: str | None = None) -> Run: ...


def _refused(cli: Cli, answers: Path) -> list[str]:
    run = cli(["inspect", str(MINI), "--site", "S", "--answers", str(answers)])
    assert (run.exit_code, run.stdout) == (2, "")
    return run.stderr.splitlines()


def test_a_reading_of_another_type_in_toml_is_said_as_toml_writes_it(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("odd.toml").write_text(
        "[answers]\n"
        "methane-return = { reading = 2026-01-01 }\n"
        'gas-check-genuine = { result = "compliant", reading = 09:30:00 }\n'
        'outburst-org = { result = "compliant", reading = [true, "a", 1.5] }\n',
        encoding="utf-8",
    )
    assert _refused(cli, Path("odd.toml"))[:3] == [
        "odd.toml:2:20: reading must be a number, not 2026-01-01",
        "odd.toml:3:45: reading must be a number, not 09:30:00",
        'odd.toml:4:40: reading must be a number, not [true, "a", 1.5]',
    ]


def test_a_reading_of_another_type_in_json_is_said_as_json_writes_it(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("odd.json").write_text(
        '{"answers": {"methane-return": {"reading": false}, '
        '"gas-check-genuine": {"result": "compliant", "reading": null}, '
        '"outburst-org": {"result": "compliant", "reading": {"v": 1, "w": null}}}}',
        encoding="utf-8",
    )
    assert _refused(cli, Path("odd.json"))[:3] == [
        "odd.json: answers.methane-return.reading: reading must be a number, not false",
        "odd.json: answers.gas-check-genuine.reading: reading must be a number, not null",
        'odd.json: answers.outburst-org.reading: reading must be a number, not {"v": 1, "w": null}',
    ]
