"""What a script meets, as the script writer's guide (docs/guide-scripting.md) says it: one
envelope, each problem's code meaning one thing, the file a problem is about in its `path`.

The guide's recipes are run by tests/test_guides.py, as every guide's are; its catalogue of
problem codes is held to the source by tests/test_problem_codes.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(sys.executable).parent / "minecheck"


# -- what a script meets ----------------------------------------------------------------------


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """The installed console script, as a script runs it: no terminal, a home of its own."""
    home = str(cwd / "minecheck-home")
    environ = {**os.environ, "NO_COLOR": "1", "LANG": "C.UTF-8", "MINECHECK_HOME": home}
    environ.pop("MINECHECK_LANG", None)
    return subprocess.run(
        [str(SCRIPT), *args],
        cwd=cwd,
        env=environ,
        capture_output=True,
        text=True,
        check=False,
        stdin=subprocess.DEVNULL,
    )


@pytest.mark.parametrize("command", ["verify", "summary", "export", "show", "merge"])
def test_a_named_file_that_is_not_there_is_the_problems_path(command: str, tmp_path: Path) -> None:
    """`.problems[].path` names the file a problem is about: a script that lists the bad paths
    with jq found null where a file named on the line did not exist."""
    extra = ["-o", "out.toml"] if command == "merge" else []
    done = run([command, "--json", "nothere.toml", *extra], tmp_path)
    assert (done.returncode, done.stderr) == (2, "")
    problems = json.loads(done.stdout)["problems"]
    assert problems[0]["path"] == "nothere.toml"
    assert problems[0]["message"].startswith(("nothere.toml: no such file", "no such file"))


def test_a_missing_trust_list_is_the_problems_path(tmp_path: Path) -> None:
    done = run(["verify", "--json", "--allowed-signers", "nothere", "."], tmp_path)
    assert (done.returncode, done.stderr) == (2, "")
    [problem] = json.loads(done.stdout)["problems"]
    assert (problem["code"], problem["path"]) == ("input", "nothere")


def test_the_verify_envelope_says_what_a_terminal_says(tmp_path: Path) -> None:
    done = run(["verify", "--json", "nothere.toml"], tmp_path)
    [problem] = json.loads(done.stdout)["problems"]
    assert problem == {
        "code": "input",
        "message": "nothere.toml: no such file",
        "path": "nothere.toml",
        "line": None,
        "column": None,
        "hint": None,
    }


def test_the_path_is_not_said_twice_at_a_terminal(tmp_path: Path) -> None:
    done = run(["verify", "nothere.toml"], tmp_path)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == "minecheck: error: nothere.toml: no such file\n"


def test_a_line_without_a_key_is_not_a_document_missing_a_key(tmp_path: Path) -> None:
    """`missing-key` is a table's required key missing; an allowed_signers line with no public
    key on it is `missing-public-key` (both reached the envelope as `missing-key`)."""
    (tmp_path / "allowed_signers").write_text("wang.wei@hlj.example ssh-ed25519\n")
    (tmp_path / "f.toml").write_text("x = 1\n")
    done = run(["verify", "--json", "--allowed-signers", "allowed_signers", "f.toml"], tmp_path)
    assert (done.returncode, done.stderr) == (2, "")
    codes = [p["code"] for p in json.loads(done.stdout)["problems"]]
    assert codes == ["missing-public-key", "allowed-signers-invalid"]


def test_show_names_the_one_file_it_could_not_show(tmp_path: Path) -> None:
    (tmp_path / "junk.toml").write_text("x = 1\n")
    done = run(["show", "--json", "junk.toml"], tmp_path)
    assert (done.returncode, done.stderr) == (2, "")
    last = json.loads(done.stdout)["problems"][-1]
    assert (last["code"], last["path"]) == ("input", "junk.toml")
    assert last["message"] == "junk.toml: malformed: not a minecheck document"
