"""Shell completion: the completers, and one real completion through the installed command."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from minecheck.cli.completion import checklist_ids, draft_ids, finding_refs
from tests.helpers_merge import INSPECTION, findings, person

MINECHECK = shutil.which("minecheck", path=str(Path(sys.executable).parent))


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    work = tmp_path / "work"
    work.mkdir()
    who = person(tmp_path, "alice")
    (work / "a.toml").write_bytes(findings(who, ["compliant", "noncompliant", "noncompliant"]))
    (work / "junk.toml").write_bytes(b"\x00\xff not a document")
    monkeypatch.chdir(work)
    return work


def test_finding_refs_offer_the_hidden_dangers_here(here: Path) -> None:
    assert finding_refs("") == [f"{INSPECTION}/gas-overlimit", f"{INSPECTION}/methane-return"]
    assert finding_refs(f"{INSPECTION}/m") == [f"{INSPECTION}/methane-return"]
    assert finding_refs("ffff") == []


def test_checklist_ids_and_drafts(isolated_home: Path) -> None:
    assert "coal-major-hidden-dangers" in checklist_ids("")
    assert checklist_ids("coal-") == ["coal-major-hidden-dangers"]
    assert draft_ids("") == []
    from minecheck import paths

    drafts = paths.drafts_dir()
    assert drafts.is_relative_to(isolated_home)
    drafts.mkdir(parents=True)
    for name in ("0b7e4c1a.toml", "9f00.toml", "0b-notes.txt"):
        (drafts / name).write_text("")
    assert draft_ids("0b") == ["0b7e4c1a"]


@pytest.mark.skipif(MINECHECK is None, reason="the console script is not installed")
def test_a_real_completion_through_the_environment_protocol(here: Path) -> None:
    assert MINECHECK is not None
    env = {k: v for k, v in os.environ.items() if not k.startswith("_MINECHECK")}
    env.update(
        {
            "_MINECHECK_COMPLETE": "complete_bash",
            "COMP_WORDS": f"minecheck followup {INSPECTION[:4]}",
            "COMP_CWORD": "2",
        }
    )
    run = subprocess.run(
        [MINECHECK], env=env, cwd=here, capture_output=True, text=True, check=False
    )
    assert (run.returncode, run.stderr) == (0, "")
    assert run.stdout.split() == [f"{INSPECTION}/gas-overlimit", f"{INSPECTION}/methane-return"]
    env["COMP_WORDS"] = "minecheck inspect coal"
    run = subprocess.run(
        [MINECHECK], env=env, cwd=here, capture_output=True, text=True, check=False
    )
    assert run.stdout.split() == ["coal-major-hidden-dangers"]
    shown = subprocess.run(
        [MINECHECK, "--show-completion", "bash"], capture_output=True, text=True, check=False
    )
    assert shown.returncode == 0
    assert "_MINECHECK_COMPLETE=complete_bash" in shown.stdout


def test_finding_refs_from_inside_a_merged_file(here: Path, tmp_path: Path) -> None:
    from tests.helpers_merge import make_merged, store_for

    (tmp_path / "other").mkdir()
    alice = person(tmp_path / "other", "alice")
    inner = (here / "a.toml").read_bytes()
    (here / "a.toml").unlink()
    (here / "joint.toml").write_bytes(make_merged(alice, [inner], store_for()))
    assert finding_refs("") == [f"{INSPECTION}/gas-overlimit", f"{INSPECTION}/methane-return"]


def test_show_completion_prints_the_script_of_the_shell_named_wherever_it_runs() -> None:
    """Under cron or another program no shell is found above the process: the named one is
    printed all the same (the README's `minecheck --show-completion bash > ...`)."""
    assert MINECHECK is not None
    env = {**os.environ, "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    for shell, marker in (
        ("bash", "complete_bash"),
        ("zsh", "complete_zsh"),
        ("fish", "complete_fish"),
    ):
        shown = subprocess.run(
            [MINECHECK, "--show-completion", shell],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert (shown.returncode, shown.stderr) == (0, ""), shell
        assert f"_MINECHECK_COMPLETE={marker}" in shown.stdout
    odd = subprocess.run(
        [MINECHECK, "--show-completion", "tcsh"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (odd.returncode, odd.stdout) == (2, "")
    assert odd.stderr == (
        "minecheck: error: no completion for the shell 'tcsh'\n"
        "  hint: name one of bash, fish, powershell, pwsh, zsh\n"
    )
