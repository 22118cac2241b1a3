"""The worked scenario, end to end through the installed `minecheck` command, as a user types it.

Two inspectors disagree on one item; the enterprise reports rectification of a major hidden danger;
its own acceptance by self-assessment is refused by the fold; an expert review accepts it; the
inspector closes it; another item is extended once and then goes overdue. The export shows each
state, and shuffling the input files changes no byte.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from minecheck.core.keys import generate

MINECHECK = shutil.which("minecheck", path=str(Path(sys.executable).parent))
INSPECTION = "3a5f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c1e"
PEOPLE = {
    "alice": "alice@coal.example",
    "bob": "bob@coal.example",
    "ent": "safety@mine.example",
    "expert": "expert@review.example",
}


def mc(
    home: Path, cwd: Path, *args: str, input: str | None = None
) -> subprocess.CompletedProcess[str]:
    assert MINECHECK is not None
    env = {k: v for k, v in os.environ.items() if not k.startswith("MINECHECK_")}
    env.update({"MINECHECK_HOME": str(home), "NO_COLOR": "1", "LANG": "C.UTF-8"})
    env.pop("SSH_AUTH_SOCK", None)
    return subprocess.run(
        [MINECHECK, *args],
        cwd=cwd,
        env=env,
        input=input,
        capture_output=True,
        text=True,
        check=False,
    )


def ok(run: subprocess.CompletedProcess[str]) -> str:
    assert run.returncode == 0, (run.stdout, run.stderr)
    return run.stdout


@pytest.mark.skipif(MINECHECK is None, reason="the console script is not installed")
def test_the_worked_scenario(tmp_path: Path) -> None:
    home = tmp_path / "home"
    work = tmp_path / "work"
    work.mkdir()
    keys: dict[str, Path] = {}
    for name, principal in PEOPLE.items():
        keys[name] = tmp_path / "keys" / name
        keys[name].parent.mkdir(exist_ok=True)
        generate(keys[name], principal, None)
        ok(mc(home, work, "trust", "add", "--principal", principal, "--key", f"{keys[name]}.pub"))

    def signing(name: str) -> list[str]:
        return ["--key", str(keys[name]), "--signer", PEOPLE[name]]

    today = dt.date.today()
    soon = (today + dt.timedelta(days=20)).isoformat()
    general_deadline = (today + dt.timedelta(days=5)).isoformat()
    answers = {
        "alice": {
            "gas-check-genuine": "compliant",
            "gas-overlimit": {
                "result": "noncompliant",
                "description": "Methane over the limit at the return airway",
                "deadline": soon,
            },
            "methane-mine-return": {
                "result": "noncompliant",
                "description": '=HYPERLINK("x") return sensor drifts',
                "deadline": general_deadline,
            },
        },
        "bob": {
            "gas-check-genuine": {"result": "noncompliant", "description": "Checks were faked"},
            "gas-overlimit": {
                "result": "noncompliant",
                "description": "Methane over the limit at the return airway",
                "deadline": soon,
            },
            "methane-mine-return": {
                "result": "noncompliant",
                "description": '=HYPERLINK("x") return sensor drifts',
                "deadline": general_deadline,
            },
        },
    }
    for name in ("alice", "bob"):
        (work / f"{name}-answers.json").write_text(json.dumps({"answers": answers[name]}))
        ok(
            mc(
                home,
                work,
                "inspect",
                "coal-major-hidden-dangers",
                "--site",
                "Demo mine",
                "--site-id",
                "HLJ-0001",
                "--tag",
                "coal-underground",
                "--inspection-id",
                INSPECTION,
                "--inspector",
                name.title(),
                "--answers",
                f"{name}-answers.json",
                "--allow-incomplete",
                "-o",
                f"{name}.toml",
                *signing(name),
            )
        )
    merged = mc(
        home,
        work,
        "merge",
        "alice.toml",
        "bob.toml",
        "-o",
        "joint.toml",
        "--strict",
        *signing("alice"),
    )
    assert merged.returncode == 1  # --strict: the inspectors disagree on one item
    assert merged.stdout == "joint.toml\n"
    assert f"inconsistent: {INSPECTION}/gas-check-genuine" in merged.stderr

    verified = mc(home, work, "verify", "joint.toml")
    lines = ok(verified).splitlines()
    assert lines[0].startswith("joint.toml: trusted: ")
    assert PEOPLE["alice"] in lines[0]
    assert [line.split(": ")[1] for line in lines[1:]] == ["trusted", "trusted"]
    assert sorted(line.split()[-2].strip("(") for line in lines[1:]) == sorted(
        [PEOPLE["alice"], PEOPLE["bob"]]
    )

    ref = f"{INSPECTION[:8]}/gas-overlimit"  # a prefix, resolved from the findings files here
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)

    def at(minutes: int) -> str:
        return (now + dt.timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M:%SZ")

    steps = [
        ("ent", ["--action", "rectified", "--note", "Sensor replaced", "--at", at(1)]),
        ("ent", ["--action", "accepted", "--method", "self", "--at", at(2)]),
        (
            "expert",
            [
                "--action",
                "accepted",
                "--method",
                "expert-review",
                "--reviewer",
                "Dr Li",
                "--at",
                at(3),
            ],
        ),
        ("alice", ["--action", "closed", "--at", at(4)]),
    ]
    for i, (who, args) in enumerate(steps):
        ok(mc(home, work, "followup", ref, *args, "-o", f"f{i}.toml", *signing(who)))
    extend = (today + dt.timedelta(days=10)).isoformat()
    ok(
        mc(
            home,
            work,
            "followup",
            f"{INSPECTION}/methane-mine-return",
            "--action",
            "extended",
            "--new-deadline",
            extend,
            "--note",
            "parts on order",
            "--at",
            at(5),
            "-o",
            "f4.toml",
            *signing("ent"),
        )
    )
    followups = [f"f{i}.toml" for i in range(5)]
    as_of = (today + dt.timedelta(days=30)).isoformat()
    export = mc(home, work, "export", "joint.toml", *followups, "--format", "csv", "--as-of", as_of)
    assert export.returncode == 0, export.stderr
    assert "not applied: a major hidden danger cannot be accepted by self" in export.stderr
    assert "f1.toml: event accepted" in export.stderr
    rows = {r["item"]: r for r in csv.DictReader(io.StringIO(export.stdout))}
    assert rows["gas-overlimit"]["state"] == "closed"
    assert rows["gas-overlimit"]["overdue"] == "false"
    assert rows["gas-check-genuine"]["result"] == "inconsistent"
    assert rows["gas-check-genuine"]["state"] == "open"
    assert rows["methane-mine-return"]["state"] == "rectifying"
    assert rows["methane-mine-return"]["deadline"] == extend
    assert rows["methane-mine-return"]["overdue"] == "true"
    assert rows["methane-mine-return"]["flags"] == "overdue"
    assert rows["methane-mine-return"]["description"].startswith("'=HYPERLINK")
    assert rows["gas-overlimit"]["signers"] == f"{PEOPLE['alice']};{PEOPLE['bob']}"

    shuffled = mc(
        home,
        work,
        "export",
        *reversed(followups),
        "bob.toml",
        "alice.toml",
        "--format",
        "csv",
        "--as-of",
        as_of,
    )
    assert shuffled.stdout == export.stdout
    jsonl = mc(
        home, work, "export", "joint.toml", *followups, "--format", "jsonl", "--as-of", as_of
    )
    rows_json: list[dict[str, Any]] = [json.loads(line) for line in ok(jsonl).splitlines()]
    assert {r["item"]: r["state"] for r in rows_json if r["state"]} == {
        "gas-check-genuine": "open",
        "gas-overlimit": "closed",
        "methane-mine-return": "rectifying",
    }
