"""Work interrupted or done twice at once: nothing written is lost, nothing is half written."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import Run

EXE = Path(sys.executable).parent / "minecheck"


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MINECHECK_")}
    env.update(MINECHECK_HOME=str(home), NO_COLOR="1", PYTHONDONTWRITEBYTECODE="1")
    return env


def _at_once(home: Path, commands: list[list[str]]) -> list[Run]:
    """Every command started before any is waited for: they run side by side."""
    started = [
        subprocess.Popen(
            [str(EXE), *args],
            env=_env(home),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for args in commands
    ]
    runs = []
    for process in started:
        out, err = process.communicate(timeout=120)
        runs.append(Run(process.returncode, out, err))
    return runs


def _public_keys(tmp_path: Path, count: int) -> list[Path]:
    made = []
    for n in range(count):
        key = tmp_path / f"k{n}"
        subprocess.run(
            ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", f"u{n}", "-f", str(key)],
            check=True,
        )
        made.append(key.with_name(f"k{n}.pub"))
    return made


def test_trust_add_run_side_by_side_keeps_every_line(tmp_path: Path, isolated_home: Path) -> None:
    """Ten `trust add` at once (a setup script run in parallel): each said it trusted its key,
    and each key is in allowed_signers (each rewrote the file from what it had read, and one
    line of four was left)."""
    keys = _public_keys(tmp_path, 10)
    runs = _at_once(
        isolated_home,
        [
            ["trust", "add", "--principal", f"u{n}@mine.example", "--key", str(key)]
            for n, key in enumerate(keys)
        ],
    )
    assert [r.exit_code for r in runs] == [0] * 10, [r.stderr for r in runs]
    lines = (isolated_home / "allowed_signers").read_text().splitlines()
    assert sorted(line.split()[0] for line in lines) == sorted(
        f"u{n}@mine.example" for n in range(10)
    )


def test_trust_revoke_run_side_by_side_keeps_every_revocation(
    tmp_path: Path, isolated_home: Path
) -> None:
    """A revocation lost to another written at the same moment trusts a key again."""
    keys = _public_keys(tmp_path, 8)
    runs = _at_once(isolated_home, [["trust", "revoke", str(key)] for key in keys])
    assert [r.exit_code for r in runs] == [0] * 8, [r.stderr for r in runs]
    revoked = (isolated_home / "revoked_keys").read_text().splitlines()
    assert sorted(line.split()[1] for line in revoked) == sorted(
        key.read_text().split()[1] for key in keys
    )


def test_keys_generated_side_by_side_are_all_recorded(isolated_home: Path) -> None:
    runs = _at_once(
        isolated_home,
        [["keys", "generate", "--principal", f"g{n}@mine.example"] for n in range(6)],
    )
    assert [r.exit_code for r in runs] == [0] * 6, [r.stderr for r in runs]
    listed = subprocess.run(
        [str(EXE), "keys", "list", "--json"],
        env=_env(isolated_home),
        capture_output=True,
        text=True,
        check=False,
    )
    keys = json.loads(listed.stdout)["data"]["keys"]
    assert sorted(k["principal"] for k in keys) == [f"g{n}@mine.example" for n in range(6)]
