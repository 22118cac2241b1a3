"""The day's `show --json` through temporary files, and a merged file's sources made into bytes
one at a time, attacked: where no temporary file can be made, the same bytes as before."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pytest

from tests.helpers_merge import allowed_signers, findings, make_merged, person, store_for


@pytest.fixture
def files(tmp_path: Path) -> dict[str, str]:
    """A trust file, two findings files and a merged file of both, as paths."""
    alice, bob = person(tmp_path, "alice"), person(tmp_path, "bob")
    trust = allowed_signers(tmp_path / "allowed_signers", alice, bob)
    one = findings(alice, ["noncompliant", "compliant", "noncompliant"], description="Gas")
    two = findings(bob, ["compliant", "noncompliant", "noncompliant"], 1, description="Gas b")
    merged = make_merged(bob, [one, two], store_for(alice, bob))
    made = {"trust": str(trust)}
    for name, data in (("one", one), ("two", two), ("merged", merged)):
        (tmp_path / f"{name}.toml").write_bytes(data)
        made[name] = str(tmp_path / f"{name}.toml")
    return made


def _no_temporary_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """TMPDIR gone (a read-only system, a directory removed while the run goes on): no
    temporary file can be made."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "no-such-directory"))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_show_json_without_a_temporary_directory_prints_what_it_prints_with_one(
    cli: Any,
    files: dict[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
) -> None:
    """`show --json` held its documents in memory, and ran where nothing can be written; since
    its documents and rows are kept in temporary files it ended with exit 2 and Python's words
    ("No usable temporary directory found in [...]", "...: No such file or directory"), in
    English whatever the language. A summary's working data is kept in memory where no
    temporary file can be made; the JSON output's lists are too."""
    args = ["show", "--json", "--lang", lang, "--allowed-signers", files["trust"]]
    args += [files["one"], files["merged"], files["two"]]
    expected = cli(args)
    assert expected.exit_code == 0, expected.stderr
    assert len(json.loads(expected.stdout)["data"]["documents"]) == 3
    _no_temporary_directory(tmp_path, monkeypatch)
    assert cli(args) == expected
    assert not (tmp_path / "no-such-directory").exists()


@pytest.mark.parametrize("command", ["verify", "export"])
def test_json_lists_kept_in_memory_where_no_temporary_file_can_be_made(
    cli: Any,
    files: dict[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    command: str,
) -> None:
    """The same for the other commands whose --json lists wait in a temporary file."""
    args = [command, "--json", "--allowed-signers", files["trust"], files["one"], files["merged"]]
    if command == "export":
        args += ["--no-cache", "--format", "csv"]
    expected = cli(args)
    assert expected.exit_code == 0, expected.stderr
    _no_temporary_directory(tmp_path, monkeypatch)
    assert cli(args) == expected
