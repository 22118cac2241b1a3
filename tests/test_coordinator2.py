"""A provincial coordinator's merge day, round 2: inspectors who went to one mine on one day but
each ran an inspection of their own (no shared `--inspection-id`). Reports count each
inspection's hidden dangers apart and flag the majors as repeats of one another; merge, where
the coordinator gathers the files, says so."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from tests.helpers_merge import CREATED, INSPECTION, Who, findings, person

OTHER = "4b6f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c1e"
THIRD = "5c7f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c1e"
# (gas-check-genuine, gas-overlimit, methane-return)
ALICE = ["noncompliant", "noncompliant", "compliant"]
BOB = ["noncompliant", "compliant", "compliant"]


@pytest.fixture(scope="module")
def people(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Who]:
    d = tmp_path_factory.mktemp("keys")
    return {n: person(d, n) for n in ("alice", "bob", "coord")}


@pytest.fixture
def merge(people: dict[str, Who], tmp_path: Path, cli: Any) -> Any:
    allowed = tmp_path / "allowed_signers"
    for who in people.values():
        added = cli(
            [
                *("trust", "add", "--principal", who.principal, "--key", f"{who.key}.pub"),
                *("--allowed-signers", str(allowed)),
            ]
        )
        assert added.exit_code == 0, added.stderr
    (tmp_path / "revoked_keys").write_text("")
    trust = ["--allowed-signers", str(allowed), "--revoked-keys", str(tmp_path / "revoked_keys")]
    coord = people["coord"]

    def run(files: dict[str, bytes], *extra: str) -> Any:
        paths = []
        for name, data in files.items():
            (tmp_path / name).write_bytes(data)
            paths.append(name)
        out = tmp_path / "merged.toml"
        out.unlink(missing_ok=True)
        return cli(
            [
                *("merge", *(str(tmp_path / p) for p in paths), "-o", str(out), *trust),
                *("--key", str(coord.key), "--signer", coord.principal, *extra),
            ]
        )

    return run


def apart(people: dict[str, Who]) -> dict[str, bytes]:
    """Alice and Bob at one mine on one day, each under an inspection id of their own."""
    return {
        "alice.toml": findings(people["alice"], ALICE),
        "bob.toml": findings(people["bob"], BOB, inspection_id=OTHER),
    }


def test_two_inspections_of_one_mine_on_one_day_are_said(
    people: dict[str, Who], merge: Any
) -> None:
    run = merge(apart(people))
    assert run.exit_code == 0
    assert run.stderr == (
        "minecheck: warning: Demo mine (HLJ-0001): 2 inspections on 2026-11-29 "
        f"({INSPECTION} by alice@coal.example; {OTHER} by bob@coal.example) record "
        "gas-check-genuine as a hidden danger, each counted apart in reports (its majors "
        "flagged repeat-major); if they were one joint inspection, its inspectors give it one "
        "id (inspect --inspection-id)\n"
    )


def test_said_in_chinese(people: dict[str, Who], merge: Any) -> None:
    run = merge(apart(people), "--lang", "zh")
    assert run.exit_code == 0
    assert run.stderr == (
        "minecheck: warning: Demo mine（HLJ-0001）：2026-11-29 的 2 次检查"
        f"（{INSPECTION}：alice@coal.example；{OTHER}：bob@coal.example）"
        "都将 gas-check-genuine 记为隐患，"
        "报告中按各次检查分别计数（其中重大隐患标为重复重大隐患）；"
        "如果这是一次联合检查，各检查人员应使用同一个检查编号（inspect --inspection-id）\n"
    )


def test_in_json_with_its_code(people: dict[str, Who], merge: Any) -> None:
    run = merge(apart(people), "--json")
    assert run.exit_code == 0
    [warning] = run.json()["problems"]
    assert warning["code"] == "separate-inspections"
    assert warning["message"].startswith("Demo mine (HLJ-0001): 2 inspections on 2026-11-29")


def test_a_signer_who_signed_twice_is_one_of_three(people: dict[str, Who], merge: Any) -> None:
    """Bob signed a corrected file as an inspection of its own: three inspections, two by him."""
    later = CREATED + dt.timedelta(hours=2)
    run = merge(
        {
            "alice.toml": findings(people["alice"], ALICE),
            "bob.toml": findings(people["bob"], BOB, inspection_id=OTHER),
            "bob-2.toml": findings(people["bob"], ALICE, inspection_id=THIRD, when=later),
        }
    )
    assert run.exit_code == 0
    assert run.stderr == (
        "minecheck: warning: Demo mine (HLJ-0001): 3 inspections on 2026-11-29 "
        f"({INSPECTION} by alice@coal.example; {OTHER} by bob@coal.example; "
        f"{THIRD} by bob@coal.example) record gas-check-genuine, gas-overlimit as a hidden "
        "danger, each counted apart in reports (its majors flagged repeat-major); if they were "
        "one joint inspection, its inspectors give it one id (inspect --inspection-id)\n"
    )


@pytest.mark.parametrize(
    "bob",
    [
        {"inspection_id": INSPECTION},  # one joint inspection: one finding each item
        {"inspection_id": OTHER, "when": CREATED + dt.timedelta(days=1)},  # another day
        {"inspection_id": OTHER, "site_id": "HLJ-0002", "site": "Other mine"},  # another mine
        {"inspection_id": OTHER, "items": ("methane-return", "gas-overlimit", "gas-check-x")},
    ],
    ids=["joint", "next-day", "other-mine", "no-shared-danger"],
)
def test_nothing_said_otherwise(people: dict[str, Who], merge: Any, bob: dict[str, Any]) -> None:
    run = merge(
        {
            "alice.toml": findings(people["alice"], ALICE),
            "bob.toml": findings(people["bob"], ["noncompliant", "compliant", "compliant"], **bob),
        }
    )
    assert run.exit_code == 0
    assert "inspections on" not in run.stderr
