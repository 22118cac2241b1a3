"""A draft resumed while another minecheck discards it (a shared account, two terminals): the
resume read the draft, then took its lock; a discard in between was undone by the resume's first
save, so the draft said discarded came back. Another process is paused at the critical point by
running it from inside this one, where the resume reads or finds the draft."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from minecheck.core.checklist import load_checklist
from minecheck.session import draft as drafts
from tests.conftest import Run
from tests.test_session_unit import CHECKLIST, DRAFT_ID, new_draft

EXE = Path(sys.executable).parent / "minecheck"


def _another(*args: str) -> subprocess.CompletedProcess[str]:
    """Another minecheck on the same home (MINECHECK_HOME is in this process's environment)."""
    return subprocess.run(
        [str(EXE), *args],
        env=dict(os.environ),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def saved(isolated_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A draft in the home; `drafts resume` allowed without a terminal (it then stops at the
    first question: standard input gives nothing)."""
    directory = isolated_home / "drafts"
    directory.mkdir(parents=True, mode=0o700)
    drafts.save(directory, new_draft(load_checklist(CHECKLIST), tmp_path / "out.toml"))
    monkeypatch.setattr("minecheck.cli.drafts.require_tty", lambda *a: None)
    return directory


def _between(monkeypatch: pytest.MonkeyPatch, name: str, said: list[Any]) -> None:
    """Another terminal discards the draft just after this one's `drafts.<name>` returns."""
    real = getattr(drafts, name)

    def then_discarded(*args: Any, **kwargs: Any) -> Any:
        got = real(*args, **kwargs)
        said.append(_another("drafts", "discard", DRAFT_ID[:8], "--yes"))
        return got

    monkeypatch.setattr(drafts, name, then_discarded)


def test_a_draft_read_by_a_resume_cannot_be_discarded_under_it(
    cli: Any, saved: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The draft was read, then locked: a discard in between said "discarded", and the
    resume's first save brought the draft back (or, signed meanwhile by a third terminal, it
    was walked and signed a second time). It is now read under its lock."""
    said: list[subprocess.CompletedProcess[str]] = []
    _between(monkeypatch, "load", said)
    run: Run = cli(["drafts", "resume", DRAFT_ID[:8]], input="")
    assert said[0].returncode == 2, said[0].stderr
    assert said[0].stderr == (
        f"minecheck: error: draft {DRAFT_ID} is open in another minecheck (process "
        f"{os.getpid()})\n  hint: finish or quit that one first\n"
    )
    assert [p.stem for p in saved.glob("*.toml")] == [DRAFT_ID]
    assert run.exit_code == 130, run.stderr  # (no answer given: the draft is kept)


def test_a_draft_discarded_before_a_resume_locks_it_is_said_gone(
    cli: Any, saved: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    said: list[subprocess.CompletedProcess[str]] = []
    _between(monkeypatch, "find", said)
    run: Run = cli(["drafts", "resume", DRAFT_ID[:8]], input="")
    assert (said[0].returncode, said[0].stderr) == (0, f"discarded draft {DRAFT_ID}\n")
    assert list(saved.glob("*.toml")) == []
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == (f"minecheck: error: no draft {DRAFT_ID}\n  hint: minecheck drafts list\n")
    assert not (saved / f"{DRAFT_ID}.toml").exists()


def test_two_discards_of_one_draft_at_once(
    cli: Any, saved: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second said "PATH: No such file or directory": the draft it had found was gone when
    it came to remove it. It now says what a discard run just after the other says."""
    said: list[subprocess.CompletedProcess[str]] = []
    _between(monkeypatch, "load", said)  # (discard reads the draft to say what it holds)
    run: Run = cli(["drafts", "discard", DRAFT_ID[:8], "--yes"])
    assert (said[0].returncode, said[0].stderr) == (0, f"discarded draft {DRAFT_ID}\n")
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == (f"minecheck: error: no draft {DRAFT_ID}\n  hint: minecheck drafts list\n")
    assert list(saved.iterdir()) == []  # no draft, no lock file


def test_a_draft_discarded_while_drafts_are_listed_is_not_said_damaged(
    cli: Any, saved: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`drafts list` lists the directory, then reads each draft: one discarded (or signed by a
    walk that ended) in between was warned of as "cannot be read", code draft-damaged, which
    a script takes for a damaged draft to look at."""
    said: list[subprocess.CompletedProcess[str]] = []
    real = drafts.load

    def discarded_first(path: Path) -> Any:
        if not said:
            said.append(_another("drafts", "discard", DRAFT_ID[:8], "--yes"))
        return real(path)

    monkeypatch.setattr(drafts, "load", discarded_first)
    run: Run = cli(["drafts", "list", "--json"])
    assert (said[0].returncode, said[0].stderr) == (0, f"discarded draft {DRAFT_ID}\n")
    assert (run.exit_code, run.stderr) == (0, "")
    envelope = run.json()
    assert (envelope["data"]["drafts"], envelope["problems"]) == ([], [])


def test_a_draft_removed_as_a_resume_reads_it_is_said_gone(
    cli: Any, saved: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The draft file removed by hand (`rm` in another terminal, which takes no lock) after the
    resume saw it there and before it was read: "no draft ID" with its hint, exit 2, as where
    it had gone before the resume looked."""
    import minecheck.fileio as fileio

    real = fileio.read_limited

    def removed_first(path: Path, *args: Any, **kwargs: Any) -> Any:
        if Path(path).name == f"{DRAFT_ID}.toml":
            Path(path).unlink()
        return real(path, *args, **kwargs)

    monkeypatch.setattr(fileio, "read_limited", removed_first)
    run: Run = cli(["drafts", "resume", DRAFT_ID[:8]], input="")
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == (f"minecheck: error: no draft {DRAFT_ID}\n  hint: minecheck drafts list\n")
    assert list(saved.glob("*.toml")) == []
