"""A script writer's round 5: a nightly job's `--json` runs stopped (Ctrl-C, a timer's SIGTERM,
a hang-up) at the moment the envelope is being written, each through the installed console
script."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.test_scripts import _signed, doc, run

__all__ = ["_signed", "doc"]  # (the fixtures, used by name)

# A stop that comes while the envelope is written: when the encoder reaches its `problems`,
# the data above it already on stdout.
STOPPED_IN_THE_ENVELOPE = """
import json, os, signal

_iterencode = json.JSONEncoder.iterencode
_stopped = []


def iterencode(self, o, _one_shot=False):
    for piece in _iterencode(self, o, _one_shot):
        if piece == '"problems"' and not _stopped:
            _stopped.append(True)
            os.kill(os.getpid(), signal.{name})
        yield piece


json.JSONEncoder.iterencode = iterencode
"""


@pytest.mark.parametrize("name", ["SIGINT", "SIGTERM", "SIGHUP"])
@pytest.mark.parametrize("command", ["verify", "show", "export"])
def test_a_stop_while_the_envelope_is_written_leaves_one_whole_envelope(
    doc: Path, isolated_home: Path, tmp_path: Path, command: str, name: str
) -> None:
    """A stop that came while `--json`'s envelope was being written (a Ctrl-C, `timeout`'s
    SIGTERM as a large `export --json` was printed) cut it where it was and printed the
    interruption's envelope after it: stdout was half an object glued to a second one, which
    no JSON reader takes (`jq`: parse error), and exit 130 where the first said 0. The work
    was done and its envelope begun: it is written whole, and the run ends with its code."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(STOPPED_IN_THE_ENVELOPE.replace("{name}", name))
    ran = run([command, "--json", str(doc)], isolated_home, {"PYTHONPATH": str(site)})
    envelope = json.loads(ran.stdout)  # one JSON value, nothing after it
    assert (ran.exit_code, envelope["exit_code"], envelope["problems"]) == (0, 0, [])
    assert ran.stderr == ""
