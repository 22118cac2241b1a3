"""Loose ends met by trying the product: an empty folder named by every batch command, one
wording for a path that is not there, a file given twice in the walk's evidence, the follow-up's
Chinese for a withdrawn and an extended event."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

import pytest

from tests.conftest import Run


class Cli(Protocol):
    def __call__(self, args: list[str], input: str | None = None) -> Run: ...


BATCH = ["verify", "summary", "export"]

EMPTY = {
    "en": (
        "minecheck: error: {}: no *.toml files found below it\n"
        "  hint: name the files, or a folder with *.toml files below it\n"
    ),
    "zh": (
        "minecheck: error: {}：其下未找到 *.toml 文件\n"
        "  hint: 请给出文件，或其下有 *.toml 文件的文件夹\n"
    ),
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("command", [*BATCH, "checklists lint"])
def test_an_empty_folder_is_named(cli: Cli, tmp_path: Path, command: str, lang: str) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    run = cli([*command.split(), str(empty), "--lang", lang])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == EMPTY[lang].format(empty)


@pytest.mark.parametrize("command", [*BATCH, "checklists lint"])
def test_an_empty_folder_is_the_problems_path(cli: Cli, tmp_path: Path, command: str) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    run = cli([*command.split(), str(empty), "--json"])
    assert (run.exit_code, run.stderr) == (2, "")
    [problem] = run.json()["problems"]
    assert problem == {
        "code": "input",
        "message": f"{empty}: no *.toml files found below it",
        "path": str(empty),
        "line": None,
        "column": None,
        "hint": "name the files, or a folder with *.toml files below it",
    }


@pytest.mark.parametrize("command", BATCH)
def test_an_empty_folder_listed_on_standard_input_is_named(
    cli: Cli, tmp_path: Path, command: str
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    run = cli([command, "-"], input=f"{empty}\n")
    assert (run.exit_code, run.stderr) == (2, EMPTY["en"].format(empty))


def test_two_empty_folders_keep_the_commands_own_line(cli: Cli, tmp_path: Path) -> None:
    """Two folders are not one path to name: each command's line, as before."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    run = cli(["verify", str(tmp_path / "a"), str(tmp_path / "b")])
    assert run.stderr == (
        "minecheck: error: no documents to verify (no *.toml files found)\n"
        "  hint: name the files, or a folder with *.toml files below it\n"
    )
    run = cli(["summary", str(tmp_path / "a"), str(tmp_path / "b")])
    assert run.stderr.startswith("minecheck: error: no documents given (no *.toml files found)\n")


NOT_THERE = {
    "en": "minecheck: error: {}: no such file\n",
    "zh": "minecheck: error: {}：文件不存在\n",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("command", [*BATCH, "show", "sign", "checklists lint", "checklists show"])
def test_a_path_not_there_has_one_wording(
    cli: Cli, tmp_path: Path, command: str, lang: str
) -> None:
    missing = tmp_path / "nope.toml"
    run = cli([*command.split(), str(missing), "--lang", lang])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == NOT_THERE[lang].format(missing)
