"""English that holds a one-cell character outside ASCII (`m³`, `°C`, `é`, `’`, `…`) is broken as
Rich broke it before the project's line breaker, as English all in ASCII is."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest

from tests.helpers_merge import allowed_signers, findings, person

SAID = (
    "Airflow 12 m³/s at the return airway, readings … normal; see "
    "0b7e4c1a-2d3f-4a5b-8c6d-7e8f9a0b1c2d/gas-overlimit again"
)


@pytest.mark.parametrize(
    ("columns", "lines"),
    [
        (48, ["Airflow 12 m³/s at the return airway, readings", "… normal; see"]),
        (78, ["return airway, readings", "… normal; see"]),
    ],
)
def test_show_breaks_a_description_with_m3_and_an_ellipsis_as_before(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, columns: int, lines: list[str]
) -> None:
    """`readings …` was held together (`…` is a closing mark in Chinese), so at 48 columns
    `readings` left its line for the next: the description's words moved where the same
    sentence without `m³` kept them."""
    monkeypatch.setenv("COLUMNS", str(columns))
    alice = person(tmp_path, "alice")
    trust = allowed_signers(tmp_path / "allowed_signers", alice)
    doc = tmp_path / "a.toml"
    doc.write_bytes(findings(alice, ["noncompliant"], items=["item-0"], description=SAID))
    run = cli(["show", str(doc), "--allowed-signers", str(trust), "--as-of", "2026-12-05"])
    assert (run.exit_code, run.stderr) == (0, "")
    shown = [line.strip() for line in run.stdout.splitlines()]
    pairs = list(itertools.pairwise(shown))
    assert any(a.endswith(lines[0]) and b == lines[1] for a, b in pairs), shown
