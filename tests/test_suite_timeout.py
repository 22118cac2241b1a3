"""The suite's own guard: a test that hangs fails with its name and stack instead of holding the
whole run until CI gives up on it (a mutant or a defect that loops, a stop that never comes)."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_a_hanging_test_fails_naming_itself(tmp_path: Path) -> None:
    hangs = tmp_path / "test_hangs.py"
    hangs.write_text("import time\n\n\ndef test_waits_for_ever() -> None:\n    time.sleep(600)\n")
    run = subprocess.run(
        [
            *(sys.executable, "-m", "pytest", "-c", str(ROOT / "pyproject.toml")),
            *("--rootdir", str(tmp_path), "-p", "no:cacheprovider", "-n", "0"),
            *("-o", "timeout=2", str(hangs)),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    assert run.returncode != 0
    assert "Timeout" in run.stderr + run.stdout
    assert "test_waits_for_ever" in run.stderr + run.stdout


def test_the_suite_sets_a_limit_that_only_a_hang_reaches() -> None:
    options = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["pytest"]
    assert options["ini_options"]["timeout"] >= 300  # far above any test, loaded
    assert options["ini_options"]["timeout_method"] == "thread"
