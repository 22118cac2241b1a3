"""Promises about the project itself: start-up cost, the README's commands, the console script."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from minecheck import __version__
from tests.conftest import REPO

HEAVY = {"cryptography", "bcrypt", "tomli", "tomli_w", "platformdirs"}


def imported_modules(*args: str) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "minecheck", *args],
        capture_output=True,
        text=True,
        check=True,
    )
    names = set()
    for line in result.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip().split(".")[0])
    return names


def test_version_imports_nothing_heavy() -> None:
    modules = imported_modules("--version")
    assert not modules & (HEAVY | {"typer", "rich"})


def test_help_does_not_import_crypto_or_toml() -> None:
    modules = imported_modules("--help")
    assert "typer" in modules
    assert not modules & HEAVY


# The batch engine's modules: loaded when a batch runs, never for help.
BATCH = {"sqlite3", "multiprocessing"}
COMMANDS = [
    ["verify"],
    ["summary"],
    ["export"],
    ["merge"],
    ["extract"],
    ["followup"],
    ["show"],
    ["checklists", "template"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_a_command_help_imports_no_crypto_toml_or_batch_engine(command: list[str]) -> None:
    modules = imported_modules(*command, "--help")
    assert "typer" in modules
    assert not modules & (HEAVY | BATCH)


def test_the_completion_script_imports_no_crypto_toml_or_batch_engine() -> None:
    modules = imported_modules("--show-completion", "bash")
    assert "typer" in modules
    assert not modules & (HEAVY | BATCH)


def test_console_script_version() -> None:
    script = Path(sys.executable).parent / "minecheck"
    result = subprocess.run([str(script), "--version"], capture_output=True, text=True)
    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        f"minecheck {__version__}\n",
        "",
    )


def _readme_commands() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("## Two commands", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.*?)\n```", section, re.S)


def test_ci_runs_exactly_the_readme_test_command() -> None:
    commands = _readme_commands()
    assert len(commands) == 2
    ci_lines = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert commands[1] in ci_lines


def test_readme_main_job_names_a_bundled_checklist() -> None:
    main_job = _readme_commands()[0]
    match = re.search(r"minecheck inspect ([a-z0-9-]+)", main_job)
    assert match is not None
    assert (REPO / "checklists" / f"{match.group(1)}.toml").is_file()


@pytest.mark.parametrize(
    "verb",
    [
        "checklists",
        "inspect",
        "drafts",
        "keys",
        "trust",
        "sign",
        "verify",
        "followup",
        "merge",
        "extract",
        "show",
        "export",
    ],
)
def test_every_command_is_in_the_readme(verb: str) -> None:
    assert f"minecheck {verb}" in (REPO / "README.md").read_text(encoding="utf-8")


def test_json_usage_error_is_an_envelope_too() -> None:
    script = Path(sys.executable).parent / "minecheck"
    result = subprocess.run(
        [str(script), "checklists", "lint", "--json", "--no-such-option", "x.toml"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert result.stderr == ""
    envelope = json.loads(result.stdout)
    assert envelope == {
        "minecheck": 1,
        "command": "checklists lint",
        "ok": False,
        "exit_code": 2,
        "data": {},
        "problems": [
            {
                "code": "usage",
                "message": "No such option: --no-such-option",
                "path": None,
                "line": None,
                "column": None,
                "hint": None,
            }
        ],
    }
