"""A script writer's round 2: the province's nightly scripts (verify, summarize, export, sign,
merge) run as cron runs them, each case through the installed console script."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from benchmarks.corpus import generate

from tests.test_scripts import SCRIPT, SIZED, _signed, doc, run

__all__ = ["_signed", "doc"]  # (the fixtures, used by name)

# -- a terminal size larger than any terminal reports ------------------------------------------

WIDEST = "65535"  # (a terminal's size is an unsigned short in the kernel's winsize)


@pytest.mark.parametrize("args", [*SIZED, ["verify", "--help"]], ids=" ".join)
@pytest.mark.parametrize("name", ["COLUMNS", "TERMINAL_WIDTH"])
def test_a_size_larger_than_any_terminal_s_is_the_widest(
    doc: Path, isolated_home: Path, args: list[str], name: str
) -> None:
    """`COLUMNS=99999999999999999999` (a script's "never wrap") made every help a traceback of
    Rich's (`OverflowError`, exit 1), and `COLUMNS=9999999` made `verify --help` take most of a
    minute and 1.4 GB of memory to lay out blanks it then cut off; one of 5000 digits was a
    traceback of Python's (an int of over 4300 digits) in every command. No terminal reports
    more than 65535 columns: a larger size is read as that, the output the widest terminal's."""
    given = [a.format(doc=doc) for a in args]
    unset: dict[str, str | None] = {"COLUMNS": None, "LINES": None, "TERMINAL_WIDTH": None}
    widest = run(given, isolated_home, {**unset, name: WIDEST})
    assert widest.stdout.strip()
    for size in ("99999999999999999999", "65536", "0065536", "9" * 5000):
        wide = run(given, isolated_home, {**unset, name: size})
        assert "Traceback" not in wide.stderr, size
        assert (wide.exit_code, wide.stdout, wide.stderr) == (
            widest.exit_code,
            widest.stdout,
            widest.stderr,
        ), size


# -- a timer's SIGTERM, sent as `timeout` sends it: to the whole process group -----------------


def test_a_timer_s_sigterm_to_the_process_group_ends_the_export_as_a_stop(tmp_path: Path) -> None:
    """`timeout -s TERM` (and systemd's stop) signals the run's whole process group, the pool's
    workers with it. A worker died of it at once, maybe while it sent a result: the pool's
    thread then waited for the rest for ever, and the run hung at exit ("interrupted" said,
    `timeout` waiting), or lost the 10 s of the pool's last wait; once it died of SIGINT's
    default (exit -2). Workers now let the run end them, as they do for Ctrl-C. The stop lands
    at a different moment in each run; every run ends with 130 and the one line, nothing
    written (a stop that lands after the reading's warnings leaves them before it).
    (A race: on the old code about one run in five went wrong, so a run of this test may pass
    there.)"""
    corpus = tmp_path / "c"
    generate(corpus, 300, 40, seed=3, merged=0)
    out = tmp_path / "rows.csv"
    env = {**os.environ, "MINECHECK_HOME": str(tmp_path / "home"), "PYTHONFAULTHANDLER": "1"}
    args = [
        *(str(SCRIPT), "export", str(corpus / "docs"), "--no-cache"),
        *("--allowed-signers", str(corpus / "allowed_signers"), "-o", str(out)),
    ]
    subprocess.run(  # (the export unstopped: what a stop after the file is put in place
        [*args[:-1], str(tmp_path / "whole.csv")], env=env, capture_output=True, check=True
    )  # must have left)
    seen = []
    for step in range(8):
        proc = subprocess.Popen(
            args,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            start_new_session=True,  # (its own group, as `timeout` makes one)
        )
        time.sleep(0.3 + 0.1 * step)  # (the moment of the stop, not a timing assertion)
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            _, err = proc.communicate(timeout=60)  # a hang guard, not a timing assertion
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGABRT)  # each thread's stack, written by faulthandler
            _, err = proc.communicate()
            pytest.fail(f"the run did not end after the group's SIGTERM; where it was:\n{err}")
        if proc.returncode == 0:
            out.unlink()
            continue  # (it finished before the stop)
        seen.append((proc.returncode, err))
        if out.exists():  # (the stop came after the file was put in place, as the run ended:
            # on a loaded machine the steps reach that far; the file is whole, and said)
            assert out.read_bytes() == (tmp_path / "whole.csv").read_bytes()
            assert err.splitlines()[-1] == f"minecheck: error: interrupted after writing {out}"
            out.unlink()
    assert seen
    # (a stop that lands after the reading's warnings were said leaves them before its line)
    ends = {(code, err.splitlines()[-1]) for code, err in seen}
    assert ends <= {
        (130, "minecheck: error: interrupted; nothing was written"),
        (130, f"minecheck: error: interrupted after writing {out}"),
    }
    before = [line for _, err in seen for line in err.splitlines()[:-1]]
    assert all(line.startswith("minecheck: warning: ") for line in before), before


def _children(pid: int) -> list[int]:
    """The worker processes of a run, once each has set itself up (its watching thread runs)."""
    path = Path(f"/proc/{pid}/task/{pid}/children")
    found = [int(n) for n in path.read_text().split()] if path.exists() else []
    tasks = [Path(f"/proc/{n}/task") for n in found]
    return found if all(t.exists() and len(list(t.iterdir())) >= 2 for t in tasks) else []


def test_a_service_s_sigterm_that_reaches_the_workers_first_ends_the_export_as_a_stop(
    tmp_path: Path,
) -> None:
    """systemd's stop sends SIGTERM to every process of the service, in no set order. Where the
    pool's workers got it first, they died of it, and the run said `a worker process stopped
    before its work was done` (exit 2: "page someone") for a stop, or hung. Workers now leave
    the stop to the run: exit 130, the one line, nothing written."""
    corpus = tmp_path / "c"
    # (enough work that the run is still exporting when its own SIGTERM comes: 300 files were
    # exported in 0.4 s on an idle machine, before the workers' signal and the 0.3 s after it)
    generate(corpus, 1500, 40, seed=3, merged=0)
    out = tmp_path / "rows.csv"
    env = {**os.environ, "MINECHECK_HOME": str(tmp_path / "home"), "PYTHONFAULTHANDLER": "1"}
    proc = subprocess.Popen(
        [
            *(str(SCRIPT), "export", str(corpus / "docs"), "--no-cache"),
            *("--allowed-signers", str(corpus / "allowed_signers"), "-o", str(out)),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    deadline = time.monotonic() + 30  # a hang guard, not a timing assertion
    while len(_children(proc.pid)) < 2 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)  # until the pool's workers are there
    workers = _children(proc.pid)
    if len(workers) < 2:
        proc.kill()
        proc.communicate()
        pytest.skip("no pool of workers seen (one core, or no /proc)")
    for pid in workers:
        os.kill(pid, signal.SIGTERM)
    time.sleep(0.3)  # (the service's stop reaches the run a moment later)
    proc.send_signal(signal.SIGTERM)
    try:
        _, err = proc.communicate(timeout=60)  # a hang guard, not a timing assertion
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGABRT)  # each thread's stack, written by faulthandler
        _, err = proc.communicate()
        pytest.fail(f"the run did not end after the service's SIGTERM; where it was:\n{err}")
    assert (proc.returncode, err) == (130, "minecheck: error: interrupted; nothing was written\n")
    assert not out.exists()
