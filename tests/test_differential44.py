"""The session's start beside main, byte for byte (round 44): the defects the differential met,
each pinned here."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from tests.test_expert_panel import ACCEPT, REF, REVIEWERS, by, panel, step
from tests.test_same_second import RECTIFIED

__all__ = ["panel"]  # the fixture, shared with the expert rounds

# (a hang is a failure of its own, not a wait on the whole run: the signal interrupts the open)
HANG = pytest.mark.timeout(60, method="signal")


@HANG
@pytest.mark.parametrize("action", ["rectified", "accepted"])
def test_a_named_pipe_beside_the_findings_is_not_waited_on(
    cli: Any, panel: dict[str, Any], action: str
) -> None:
    """A named pipe called `*.toml` in the findings' folder (a script's `mkfifo`): round 32's
    filter of the follow-ups beside by the refs their bytes hold opened each file found there
    to look, the pipe too, and `followup` waited for ever for a writer, both for the tie check
    of a rectification (the pipe is fresh) and for the follow-ups an acceptance is judged by.
    Every other reader of a folder's files passes over such a file without waiting, as the
    follow-ups beside were before; now so does this one."""
    p = panel["people"]
    if action == "accepted":
        step(cli, p["mine"], "f1.toml", "2026-11-30T08:00:00Z", *RECTIFIED)
        args = [*ACCEPT, *REVIEWERS, "--at", "2026-12-01T08:00:00Z", *by(p["chen"])]
    else:
        args = [*RECTIFIED, "--at", "2026-11-30T08:00:00Z", *by(p["mine"])]
    os.mkfifo("pipe.toml")
    run = cli(["followup", REF, *args, "-o", "out.toml"])
    assert (run.exit_code, run.stdout, run.stderr) == (0, "out.toml\n", "")
    assert Path("out.toml").is_file()
