"""The session's error paths and narrow layouts attacked (round 20): a folder named twice among
several empty ones."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

import pytest

from tests.conftest import Run


class Cli(Protocol):
    def __call__(self, args: list[str], input: str | None = None) -> Run: ...


COMMANDS = {  # each command's own words where it finds nothing, and the hint
    "verify": "no documents to verify (no *.toml files found)",
    "summary": "no documents given (no *.toml files found)",
    "export": "no documents given (no *.toml files found)",
    "checklists lint": "no checklists to check (no *.toml files found)",
}
HINT = "  hint: name the files, or a folder with *.toml files below it\n"


@pytest.mark.parametrize("command", list(COMMANDS))
def test_one_empty_folder_named_twice_is_said_as_one_folder(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    """`verify a a/` (a folder typed twice, or a glob and a name): it was the several-folders
    form naming the folder twice, where one folder named once says `a: no *.toml …`."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a").mkdir()
    once = cli([*command.split(), "a"])
    assert (once.exit_code, once.stdout) == (2, "")
    assert once.stderr == "minecheck: error: a: no *.toml files found below it\n" + HINT
    for again in (["a", "a"], ["a", "./a/"], ["a", str(tmp_path / "a")]):
        twice = cli([*command.split(), *again])
        assert (twice.exit_code, twice.stdout, twice.stderr) == (2, "", once.stderr)


@pytest.mark.parametrize("command", list(COMMANDS))
def test_several_empty_folders_each_named_once_in_json(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("a", "中文"):
        (tmp_path / name).mkdir()
    run = cli([*command.split(), "a", "中文", "./a", "中文/", "--json"])
    assert (run.exit_code, run.stderr) == (2, "")
    problems = run.json()["problems"]
    assert [(p["message"], p["path"]) for p in problems] == [
        ("no *.toml files found below it", "a"),
        ("no *.toml files found below it", "中文"),
        (COMMANDS[command], None),
    ]
