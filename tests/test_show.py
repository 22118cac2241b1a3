"""`minecheck show`: header, trust, states and deadlines from follow-ups, --lang, --json."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from minecheck.core.documents import Event
from tests.helpers_merge import CREATED, INSPECTION, Who, findings, make_merged, person, store_for
from tests.test_export import followup


@pytest.fixture
def setup(tmp_path: Path, cli: Any) -> dict[str, Any]:
    alice, bob = person(tmp_path, "alice"), person(tmp_path, "bob")
    allowed = tmp_path / "allowed_signers"
    for who in (alice, bob):
        run = cli(
            [
                *("trust", "add", "--principal", who.principal, "--key", f"{who.key}.pub"),
                *("--allowed-signers", str(allowed)),
            ]
        )
        assert run.exit_code == 0
    a = tmp_path / "a.toml"
    a.write_bytes(
        findings(
            alice,
            ["compliant", "noncompliant", "compliant"],
            deadline=dt.date(2026, 12, 20),
            description="Gas \x1b[31m high [bold]x[/bold] \u202eevil",
        )
    )
    f = tmp_path / "f.toml"
    f.write_bytes(
        followup(
            bob,
            Event(f"{INSPECTION}/gas-overlimit", "rectified", CREATED + dt.timedelta(days=1)),
        )
    )
    return {
        "a": a,
        "f": f,
        "alice": alice,
        "bob": bob,
        "trust": ["--allowed-signers", str(allowed)],
    }


def test_show_findings_with_states_sanitized(
    cli: Any, setup: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "400")
    args = ["show", str(setup["a"]), str(setup["f"]), "--as-of", "2026-12-25", *setup["trust"]]
    run = cli([*args, "--lang", "en"])
    assert (run.exit_code, run.stderr) == (0, "")
    out = run.stdout
    assert "trust: trusted" in out
    assert "signed by: alice@coal.example" in out
    assert "Non-compliant items (as of 2026-12-25)" in out
    assert "rectified [overdue, no-enforcement]" in out
    assert "2026-12-20" in out
    assert "Gas \\u001b[31m high [bold]x[/bold] \\u202eevil" in out
    assert "\x1b" not in out
    assert "rectified   2026-11-30 08:15Z" in out
    zh = cli([*args, "--lang", "zh"])
    assert "信任状态：受信任 (trusted)" in zh.stdout
    assert "签名人：alice@coal.example" in zh.stdout
    assert "不符合项（隐患，截至 2026-12-25）" in zh.stdout
    assert "已整改待验收 [逾期、未记录执法措施]" in zh.stdout
    assert "报告整改完成   2026-11-30 08:15Z" in zh.stdout


def test_show_json_and_an_untrusted_file(cli: Any, setup: dict[str, Any]) -> None:
    run = cli(["show", str(setup["a"]), str(setup["f"]), "--as-of", "2026-12-25", "--json"])
    assert run.stderr == ""
    env = run.json()
    assert env["ok"] is True
    docs = env["data"]["documents"]
    assert [d["status"] for d in docs] == ["untrusted-key", "untrusted-key"]
    assert docs[0]["findings"][1]["description"].startswith("Gas \x1b[31m")
    assert env["data"]["rows"] == []  # nothing trusted: no states are derived
    run = cli(
        [
            "show",
            str(setup["a"]),
            str(setup["f"]),
            "--as-of",
            "2026-12-25",
            "--json",
            *setup["trust"],
        ]
    )
    [row] = run.json()["data"]["rows"]
    assert (row["item"], row["state"], row["overdue"]) == ("gas-overlimit", "rectified", True)


def test_show_a_merged_file(
    cli: Any, setup: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "400")
    alice: Who = setup["alice"]
    bob: Who = setup["bob"]
    store = store_for(alice, bob)
    b = findings(bob, ["noncompliant", "noncompliant", "compliant"])
    m = tmp_path / "m.toml"
    m.write_bytes(make_merged(alice, [setup["a"].read_bytes(), b], store))
    run = cli(["show", str(m), *setup["trust"], "--lang", "en"])
    assert run.exit_code == 0, run.stderr
    assert f"{INSPECTION}/gas-check-genuine   inconsistent   alice@coal.example: compliant" in (
        run.stdout
    )
    assert f"{m}#1   trusted" in run.stdout


def test_show_a_damaged_file(cli: Any, setup: dict[str, Any]) -> None:
    setup["a"].write_bytes(setup["a"].read_bytes().replace(b"Demo mine", b"Demo mind"))
    run = cli(["show", str(setup["a"]), *setup["trust"]])
    assert run.exit_code == 2
    assert "trust: bad-signature" in run.stdout
    assert run.stderr.splitlines()[-1].startswith(f"minecheck: error: {setup['a']}: bad-signature")
