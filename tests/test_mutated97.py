"""Mutation round 97: tests that kill the survivors of the loose ends round 21 left (a list of
paths with a byte-order mark, a malformed document's faults, the singular entries, the walk's
tab, an events file named `<stdin>`), of `show --as-of`'s two conditions, and of round 96's
leftovers. Each asserts what a user notices."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

DIRECTORY = {
    "en": (
        "minecheck: error: dd: is a directory, not a document",
        "  hint: name the files in it (FOLDER/*.toml); verify, summary and export take a folder",
    ),
    "zh": (
        "minecheck: error: dd：是一个目录，不是文件",
        "  hint: 请逐个给出其中的文件（文件夹/*.toml）；"
        "verify、summary 和 export 可以直接读取文件夹",
    ),
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_directory_named_to_show_is_said_a_directory_with_its_hint(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """`show DIR`: the open of a directory succeeds on Linux, so what it is is told after it:
    a directory, with the hint to name the files in it (not `not a regular file (a special
    file)`), exit 2; `--json` holds it as the one problem of that path, with its hint."""
    monkeypatch.chdir(tmp_path)
    Path("dd").mkdir()
    run = cli(["show", "dd", "--lang", lang])
    assert (run.exit_code, run.stdout) == (2, "")
    assert tuple(run.stderr.splitlines()) == DIRECTORY[lang]
    run = cli(["show", "dd", "--json", "--lang", "en"])
    assert run.exit_code == 2
    [problem] = json.loads(run.stdout)["problems"]
    assert (problem["path"], problem["message"], problem["hint"]) == (
        "dd",
        DIRECTORY["en"][0].removeprefix("minecheck: error: "),
        DIRECTORY["en"][1].strip().removeprefix("hint: "),
    )


def _a_block_device() -> Path | None:
    """A block device this machine has (a disk, a loop device), or None."""
    try:
        found = sorted(p for p in Path("/dev").iterdir() if p.is_block_device())
    except OSError:
        return None
    return found[0] if found else None


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", ["bd/b.toml: not a regular file (a block device)", "1 document: 1 unreadable"]),
        ("zh", ["bd/b.toml: 不是普通文件（块设备）", "共 1 份文件：无法读取 1 份"]),
    ],
)
def test_a_block_device_met_in_a_folder_is_said_as_one(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, said: list[str]
) -> None:
    """`verify FOLDER` holding a link named like a findings file to a disk: its line names the
    kind, a block device (nothing is opened, so no privilege is needed); exit 2."""
    device = _a_block_device()
    if device is None:
        pytest.skip("no block device on this machine")
    monkeypatch.chdir(tmp_path)
    Path("bd").mkdir()
    Path("bd/b.toml").symlink_to(device)
    run = cli(["verify", "bd", "--lang", lang])
    assert run.exit_code == 2
    assert (run.stdout, run.stderr.splitlines()) == ("", said)
