"""The day's `show --json` through temporary files, and a merged file's sources made into bytes
one at a time, attacked: where no temporary file can be made, the same bytes as before."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pytest

from tests.helpers_merge import allowed_signers, findings, make_merged, person, store_for
from tests.test_main_rules import _python


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


@pytest.mark.parametrize(
    ("command", "lang"), [("show", "en"), ("show", "zh"), ("verify", "en"), ("export", "en")]
)
def test_json_lists_are_kept_in_memory_where_no_temporary_file_can_be_made(
    cli: Any,
    files: dict[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    command: str,
    lang: str,
) -> None:
    """`show --json` held its documents in memory, and ran where nothing can be written; since
    its documents and rows are kept in temporary files it ended with exit 2 and Python's words
    ("No usable temporary directory found in [...]", "...: No such file or directory"), in
    English whatever the language, as `verify --json` and `export --json` did. A summary's
    working data is kept in memory where no temporary file can be made; these lists are too."""
    args = [command, "--json", "--lang", lang, "--allowed-signers", files["trust"]]
    args += [files["one"], files["merged"], files["two"]]
    if command == "export":
        args += ["--no-cache", "--format", "csv"]
    expected = cli(args)
    assert expected.exit_code == 0, expected.stderr
    assert len(json.loads(expected.stdout)["data"]) > 1
    _no_temporary_directory(tmp_path, monkeypatch)
    assert cli(args) == expected
    assert not (tmp_path / "no-such-directory").exists()


_CLOSED_UNDER_IT = """
import os, sys
from minecheck.__main__ import main
from minecheck.cli import _output

written = _output.Spooled.write_into


def closed_first(self, out, pad):  # the list's temporary file closed before it is read back
    os.close(self._file.fileno())
    written(self, out, pad)


_output.Spooled.write_into = closed_first
sys.argv = ["minecheck", *sys.argv[1:]]
main()
"""


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "cannot read the JSON output back from its temporary file: Bad file descriptor"),
        ("zh", "无法从临时文件读回 JSON 输出：文件描述符无效"),
    ],
)
def test_a_temporary_file_that_cannot_be_read_back_is_named_in_the_error(
    files: dict[str, str], isolated_home: Path, lang: str, said: str
) -> None:
    """A list's temporary file that fails as it is read back into the envelope (its
    descriptor closed, a disk's read error) said only `minecheck: error: Bad file
    descriptor`: nothing said what could not be read. Now `show --json` depends on one."""
    args = ["show", "--json", "--lang", lang, "--allowed-signers", files["trust"], files["one"]]
    done = _python(_CLOSED_UNDER_IT, *args)
    assert (done.returncode, done.stderr) == (2, f"minecheck: error: {said}\n")
