"""Mutation round 104: what the surviving mutants of `batch._stops_blocked` and
`_markless_appended` would have changed for a user, pinned."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from tests.test_attack26 import _inspect


def test_markless_utf_16_not_ending_its_last_line_with_an_lf_appended_gets_no_head_c(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`echo >>`'s LF is only taken off text that ends its own last line: markless UTF-16
    that does not (its LF would be half of a character) is said as the parser finds it, with
    no `head -c` command that would hand back text without its line end."""
    monkeypatch.chdir(tmp_path)
    Path("a.toml").write_bytes("a = 1".encode("utf-16-le") + b"\n")
    run = _inspect(cli, "a.toml", "en")
    assert "head -c" not in run.stderr
    assert run.stderr == (
        "a.toml:1:2: invalid TOML: Expected '=' after a key in a key/value pair\n"
        "minecheck: error: a.toml is not valid TOML\n"
    )


STOP_IN_BLOCK = textwrap.dedent(
    """
    import os, signal, sys
    from minecheck.report import batch

    with batch._stops_blocked():
        os.kill(os.getpid(), signal.SIGTERM)
        print("pending", flush=True)
    print("not reached", flush=True)
    """
)


@pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="no signal mask here")
def test_a_stop_while_workers_may_start_waits_and_then_ends_the_run() -> None:
    """A timer's SIGTERM that comes while the pool may start a worker is held (a worker begins
    with the run's mask, and so keeps it pending till it has set it ignored), and reaches the
    run as the block ends: the run ends by it, as it would have."""
    proc = subprocess.run(
        [sys.executable, "-c", STOP_IN_BLOCK],
        capture_output=True,
        text=True,
        timeout=60,  # a hang guard, not a timing assertion
        check=False,
    )
    assert (proc.returncode, proc.stdout, proc.stderr) == (-signal.SIGTERM, "pending\n", "")
