"""A domain review, fifth pass: what a reader of `show` needs to see of a major hidden danger.

DOMAIN: "Major" is not a judgement call; a major finding must cite its clause of the criteria
(a ledger's 违反法规条款). `show` gave the grade without the clause it rests on."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from minecheck.core.documents import Finding
from tests.helpers_merge import allowed_signers, findings_of, person


def shown_major(cli: Any, tmp_path: Path, basis: tuple[str, ...], lang: str) -> list[str]:
    """The lines (stripped) `show` gives of a major citing `basis`, signed by a trusted
    inspector, described and placed (`Face 3101`); nothing on stderr, exit 0."""
    alice = person(tmp_path, "alice")
    trust = allowed_signers(tmp_path / "allowed_signers", alice)
    finding = Finding(
        "gas-overlimit",
        "noncompliant",
        severity="major",
        basis=basis,
        description="Work went on after methane passed 1.5 %",
        location="Face 3101",
    )
    doc = tmp_path / "d.toml"
    doc.write_bytes(findings_of(alice, [finding], "6f1c2d3e-0000-4000-8000-00000000000b"))
    run = cli(["show", str(doc), "--allowed-signers", str(trust), "--lang", lang])
    assert (run.exit_code, run.stderr) == (0, "")
    return [line.strip() for line in run.stdout.splitlines()]


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "Clause: CMHD-5.2, CMHD-18.6"),
        ("zh", "依据条款：CMHD-5.2、CMHD-18.6"),
    ],
)
def test_show_names_the_clause_a_hidden_danger_cites(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, said: str
) -> None:
    monkeypatch.setenv("COLUMNS", "300")
    shown = shown_major(cli, tmp_path, ("CMHD-5.2", "CMHD-18.6"), lang)
    assert said in shown, shown
    # under the description, before where the mine must act
    place = "Location: Face 3101" if lang == "en" else "位置：Face 3101"
    assert shown.index(said) < shown.index(place)


def test_show_names_no_clause_where_the_finding_cites_none(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "300")
    alice = person(tmp_path, "alice")
    trust = allowed_signers(tmp_path / "allowed_signers", alice)
    finding = Finding("gas-overlimit", "noncompliant", severity="general", description="Dusty")
    doc = tmp_path / "d.toml"
    doc.write_bytes(findings_of(alice, [finding], "6f1c2d3e-0000-4000-8000-00000000000c"))
    run = cli(["show", str(doc), "--allowed-signers", str(trust), "--lang", "en"])
    assert (run.exit_code, run.stderr) == (0, "")
    assert "Clause" not in run.stdout
