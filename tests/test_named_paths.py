"""A file named on the command line is shown as it was named, by the commands that read one
file (or a list of checklists): `./-` is not `-` (which reads as standard input) and
`./--x.toml` is not `--x.toml` (which reads as an option). A Path drops the `./`, so the names
were said in a form that could not be pasted back; verify, show, merge, summary and export
already kept them (tests/test_script_contract.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.helpers_merge import INSPECTION, Who, findings, person
from tests.test_minimal_input import MINIMAL_FOLLOWUP, sign_args

NAMES = ("./-", "./--x.toml")


@pytest.fixture
def who(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Who:
    (tmp_path / "work").mkdir()
    monkeypatch.chdir(tmp_path / "work")
    return person(tmp_path, "ent")


@pytest.mark.parametrize("name", NAMES)
def test_sign_says_the_file_as_named(cli: Any, who: Who, name: str) -> None:
    Path(name).write_bytes(b"x")
    run = cli(["sign", name, *sign_args(who)])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == (
        f"{name}:1:2: invalid TOML: Expected '=' after a key in a key/value pair\n"
        f"minecheck: error: {name} is not valid TOML\n"
    )
    Path(name).write_text(MINIMAL_FOLLOWUP)
    run = cli(["sign", name, *sign_args(who)])
    assert (run.exit_code, run.stdout) == (0, f"{name}\n"), run.stderr
    assert run.stderr.startswith(f"{name}: filled in ")
    again = cli(["sign", name, *sign_args(who), "--json"])
    assert again.exit_code == 2
    [problem] = again.json()["problems"]
    assert problem["path"] == name
    assert problem["message"] == f"{name} is already signed"


@pytest.mark.parametrize("name", NAMES)
def test_checklists_lint_says_each_file_as_named(cli: Any, who: Who, name: str) -> None:
    Path(name).write_bytes(b"x")
    run = cli(["checklists", "lint", name])
    assert (run.exit_code, run.stdout) == (
        1,
        f"{name}:1:2: invalid TOML: Expected '=' after a key in a key/value pair\n",
    )
    run = cli(["checklists", "lint", name, "--json"])
    [file] = run.json()["data"]["files"]
    assert file["path"] == file["problems"][0]["path"] == name
    missing = name.replace("x", "none") if "x" in name else "./--none.toml"
    run = cli(["checklists", "lint", missing])
    assert (run.exit_code, run.stderr) == (
        2,
        f"minecheck: error: {missing}: no such file\n",
    )


@pytest.mark.parametrize("name", NAMES)
def test_extract_says_the_merged_file_as_named(cli: Any, who: Who, name: str) -> None:
    Path(name).write_bytes(findings(who, ["compliant", "noncompliant", "compliant"]))
    Path("allowed").write_text("")
    Path("out").mkdir(exist_ok=True)  # (a directory missing is said before the file is read)
    run = cli(["extract", name, "-o", "out", "--allowed-signers", "allowed"])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.startswith(f"minecheck: error: {name} is a minecheck.findings/1 document")
    run = cli(["extract", name + "-none", "-o", "out"])
    assert (run.exit_code, run.stderr) == (2, f"minecheck: error: {name}-none: no such file\n")


@pytest.mark.parametrize("name", NAMES)
def test_followup_findings_says_the_file_as_named(cli: Any, who: Who, name: str) -> None:
    Path(name).write_bytes(b"not findings")
    args = ["followup", f"{INSPECTION}/gas-overlimit", "--action", "escalated"]
    run = cli([*args, "--findings", name, *sign_args(who)])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.startswith(f"minecheck: error: --findings {name} holds no signed findings\n")
    Path(name).write_bytes(findings(who, ["compliant", "noncompliant", "compliant"]))
    run = cli([*args, "--findings", name, "-o", "f.toml", *sign_args(who), "--json"])
    assert run.exit_code == 0, run.stderr
    assert json.loads(run.stdout)["ok"] is True


def test_a_file_in_the_way_of_a_directory_is_moved_by_a_command_only_a_shell_reads_back() -> None:
    """The hint's `mv` names the file only where its name is printable (quoted as the shell
    reads it, `./` before a leading dash); a name with a control character is shown escaped,
    and pasted would name another file: the hint then says what to do without a command."""
    from minecheck.fileio import InTheWay
    from minecheck.i18n import lines_of

    moved = "move it away, then run the command again; to move it:"
    said = InTheWay(Path("-drafts")).hint
    assert lines_of(said or "") == (moved, "  mv ./-drafts ./-drafts.old")
    # (on one line, as `--json` gives it)
    assert InTheWay(Path("my drafts")).hint == f"{moved} mv 'my drafts' 'my drafts.old'"
    odd = InTheWay(Path("dr\x07afts"))
    assert (odd.hint, odd.path) == ("move it away, then run the command again", "dr\x07afts")
