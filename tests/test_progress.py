"""The progress bar: on a terminal for a large input; never on a pipe, never with --json."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest
from benchmarks.corpus import generate

EXE = Path(sys.executable).parent / "minecheck"
COUNTER = re.compile(rb"\d+/(\d+)")  # the bar's "done/total"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    generate(out, 200, 3, seed=5)
    return out


def _args(corpus: Path, command: str) -> list[str]:
    trust = ["--allowed-signers", str(corpus / "allowed_signers")]
    if command == "verify":
        return ["verify", str(corpus / "docs"), *trust]
    return [command, str(corpus / "docs"), *trust, "--as-of", "2026-12-31", "--format", "csv"]


def _env(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "MINECHECK_HOME": str(tmp_path / "home"), "COLUMNS": "100"}


@pytest.mark.parametrize("command", ["verify", "summary", "export"])
def test_a_terminal_sees_the_bar(corpus: Path, tmp_path: Path, command: str) -> None:
    files = len(list((corpus / "docs").rglob("*.toml")))
    assert files >= 200
    out = tmp_path / "out.txt"
    # stdout to a file, stderr on the terminal: what the bar draws is all the terminal shows
    shell = f"{EXE} {' '.join(_args(corpus, command))} > {out}"
    child = pexpect.spawn("/bin/sh", ["-c", shell], env=_env(tmp_path), timeout=120)
    child.expect(pexpect.EOF)
    seen = child.before or b""
    child.close()
    totals = {int(m.group(1)) for m in COUNTER.finditer(seen)}
    assert totals == {files}, seen[-500:]
    assert "━".encode() in seen
    assert child.exitstatus == 0, seen[-500:]
    assert out.stat().st_size > 0


@pytest.mark.parametrize("command", ["verify", "summary", "export"])
@pytest.mark.parametrize("json", [False, True])
def test_a_pipe_or_json_gets_no_bar(corpus: Path, tmp_path: Path, command: str, json: bool) -> None:
    argv = [str(EXE), *_args(corpus, command), *(["--json"] if json else [])]
    run = subprocess.run(argv, capture_output=True, env=_env(tmp_path), check=False)
    assert run.returncode == 0, run.stderr
    assert b"\x1b" not in run.stderr
    assert "━".encode() not in run.stderr
    assert COUNTER.search(run.stderr) is None
    if json:
        assert run.stderr == b""


def test_a_terminal_with_json_gets_no_bar(corpus: Path, tmp_path: Path) -> None:
    shell = f"{EXE} {' '.join(_args(corpus, 'verify'))} --json > {tmp_path / 'o.json'}"
    child = pexpect.spawn("/bin/sh", ["-c", shell], env=_env(tmp_path), timeout=120)
    child.expect(pexpect.EOF)
    seen = child.before or b""
    child.close()
    assert seen == b""
    assert child.exitstatus == 0
