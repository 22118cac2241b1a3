"""A summary's or an export's working directory under TMPDIR, left by a run killed with SIGKILL
(a timer's second signal, the out-of-memory killer): the next run removes it, once it can tell
the run that made it is gone. Before, each one stayed until the machine cleaned TMPDIR."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from benchmarks.corpus import generate

from minecheck import fileio

EXE = Path(sys.executable).parent / "minecheck"
HOUR = 3600


def _gone_pid() -> int:
    """The process id of a process that has ended."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def _made(temp: Path, name: str, age: float = 2 * HOUR) -> Path:
    folder = temp / name
    folder.mkdir()
    (folder / "spill.sqlite3").write_bytes(b"x" * 100)
    then = time.time() - age
    os.utime(folder, (then, then))
    return folder


@pytest.fixture
def temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(fileio, "_swept_work", set())
    return folder


def test_only_a_gone_runs_old_directory_of_this_machine_is_removed(temp: Path) -> None:
    ours, gone = fileio.host_tag(), _gone_pid()
    stale = _made(temp, f"minecheck-{ours}.{gone}.abc_1234")
    kept = [
        _made(temp, f"minecheck-{ours}.{os.getppid()}.abc_1234"),  # its run still going
        _made(temp, f"minecheck-{ours}.{os.getpid()}.abc_1234"),  # this run's own
        _made(temp, f"minecheck-{ours}.{gone}.young123", age=60),  # made a minute ago
        _made(temp, f"minecheck-{'0' * 8 if ours != '0' * 8 else '1' * 8}.{gone}.abc_1234"),
        _made(temp, "minecheck-k2j4_x9q"),  # an earlier version's: its maker not named
        _made(temp, f"minecheck-{ours}.{gone}.abc_1234.more"),  # not one of ours by name
        _made(temp, f"other-{ours}.{gone}.abc_1234"),
    ]
    target = _made(temp, "elsewhere")
    (temp / f"minecheck-{ours}.{gone}.link0000").symlink_to(target)  # a link is not followed
    (temp / f"minecheck-{ours}.{gone}.file0000").write_text("a file by that name\n")
    fileio.remove_stale_working_directories(str(temp))
    assert not stale.exists()
    assert all(k.is_dir() and (k / "spill.sqlite3").exists() for k in kept)
    assert (target / "spill.sqlite3").exists()
    assert (temp / f"minecheck-{ours}.{gone}.link0000").is_symlink()
    assert (temp / f"minecheck-{ours}.{gone}.file0000").is_file()


def test_the_directory_is_swept_once_in_a_run(temp: Path) -> None:
    fileio.remove_stale_working_directories(str(temp))
    stale = _made(temp, f"minecheck-{fileio.host_tag()}.{_gone_pid()}.abc_1234")
    fileio.remove_stale_working_directories(str(temp))
    assert stale.exists()


def test_an_unreadable_temporary_directory_fails_nothing(temp: Path) -> None:
    fileio.remove_stale_working_directories(str(temp / "not-there"))


@pytest.mark.skipif(os.name == "nt", reason="SIGKILL")
def test_a_summary_killed_with_sigkill_leaves_a_directory_the_next_run_removes(
    tmp_path: Path,
) -> None:
    corpus = tmp_path / "c"
    generate(corpus, 300, 40, seed=3, merged=0)
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp), "MINECHECK_HOME": str(tmp_path / "home")}
    summary = [
        *(str(EXE), "summary", str(corpus / "docs"), "--no-cache"),
        *("--allowed-signers", str(corpus / "allowed_signers"), "--as-of", "2026-12-31"),
    ]
    proc = subprocess.Popen(summary, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)

    def working() -> list[Path]:
        # (Python's own probe of the temporary directory, a file of 8 random letters made and
        # removed as `tempfile.gettempdir` first runs, may be there too: a kill between the two
        # once left it, and it was taken for the run's folder)
        return [x for x in temp.iterdir() if x.name.startswith(fileio.WORK_PREFIX)]

    deadline = time.monotonic() + 60  # a hang guard, not a timing assertion
    while not working() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    left = working()
    if not left:
        pytest.skip("the summary finished before the signal came")
    [folder] = left
    assert folder.name.startswith(f"minecheck-{fileio.host_tag()}.{proc.pid}.")
    then = time.time() - 2 * HOUR  # (an hour later, the next night's run)
    os.utime(folder, (then, then))
    done = subprocess.run(summary, capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stderr
    assert working() == []
    assert [x for x in temp.iterdir() if not x.is_file()] == []  # (only a probe may be left)
