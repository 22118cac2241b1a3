"""A script writer's round 5: a nightly job's `--json` runs stopped (Ctrl-C, a timer's SIGTERM,
a hang-up) at the moment the envelope is being written, each through the installed console
script."""

from __future__ import annotations

import json
import os
import signal
import subprocess
from pathlib import Path
from typing import Any

import pytest
from benchmarks.corpus import generate

from tests.test_scripts import SCRIPT, _signed, doc, run

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


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_an_export_to_stdout_stopped_midway_says_its_rows_are_cut_short(
    tmp_path: Path, fmt: str, lang: str
) -> None:
    """`minecheck export > rows.jsonl` stopped once rows were on stdout said "interrupted;
    nothing was written" (zh: no file was written): the file the shell made held the rows
    before the stop, and the line said there were none. It says the rows on standard output
    are incomplete. (The stop is sent once the first rows are read; a run that finished
    before it is tried again.)"""
    corpus = tmp_path / "c"
    generate(corpus, 300, 40, seed=5, merged=0)
    env = {**os.environ, "MINECHECK_HOME": str(tmp_path / "home")}
    args = [
        *(str(SCRIPT), "export", "--format", fmt, "--lang", lang, "--no-cache"),
        *("--allowed-signers", str(corpus / "allowed_signers"), str(corpus / "docs")),
    ]
    said = {
        "en": "minecheck: error: interrupted; the rows on standard output are incomplete\n",
        "zh": "minecheck: error: 已中断；标准输出上的行不完整\n",
    }[lang]
    for _ in range(5):
        proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        assert proc.stdout is not None
        proc.stdout.read(4096)  # (rows are on stdout)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=120)  # a hang guard, not a timing assertion
        if proc.returncode == 0:
            continue  # (it finished before the stop)
        assert (proc.returncode, err.decode()[-len(said) :]) == (130, said)
        return
    pytest.skip("every run finished before its stop")


def test_a_stop_after_an_earlier_run_s_envelope_is_said_in_the_same_process(
    cli: Any, doc: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The test runner's process runs many commands: a stop as the next one's command line is
    read is said as an interruption (130, its envelope), not taken for a stop after the
    earlier run's envelope (whose code the run would have ended with, silently)."""
    import typer.core

    first = cli(["verify", "--json", str(doc)])
    assert first.exit_code == 0

    def stopped(*args: Any, **options: Any) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr(typer.core.TyperGroup, "make_context", stopped)
    second = cli(["verify", "--json", str(doc)])
    assert second.exit_code == 130
    assert [p["code"] for p in json.loads(second.stdout)["problems"]] == ["interrupted"]
