"""minecheck in shell scripts and cron jobs: the output and exit-code contract, whatever the
environment says about a terminal there is none of."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Run
from tests.helpers_docs import findings_body

SCRIPT = Path(sys.executable).parent / "minecheck"
ALICE = "alice@mine.example"


def run(
    args: list[str], home: Path, env: dict[str, str] | None = None, cwd: Path | None = None
) -> Run:
    """The installed script, stdout and stderr each a pipe, `env` over the test's environment
    (a value of "" removes the variable)."""
    given = {**os.environ, "MINECHECK_HOME": str(home)}
    for name, value in (env or {}).items():
        if value:
            given[name] = value
        else:
            given.pop(name, None)
    done = subprocess.run(
        [str(SCRIPT), *args],
        env=given,
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        timeout=120,  # a hang guard, not a timing assertion
    )
    return Run(done.returncode, done.stdout, done.stderr)


@pytest.fixture
def doc(tmp_path: Path, isolated_home: Path) -> Path:
    """A findings document signed by a key trusted here."""
    made = run(["keys", "generate", "--principal", ALICE, "--default", "--trust"], isolated_home)
    assert made.exit_code == 0, made.stderr
    fingerprint = run(["keys", "show", "--json"], isolated_home).json()["data"]["fingerprint"]
    path = tmp_path / "doc.toml"
    path.write_bytes(findings_body(ALICE, fingerprint))
    signed = run(["sign", str(path)], isolated_home)
    assert signed.exit_code == 0, signed.stderr
    return path


# -- the terminal's size, as the environment gives it ----------------------------------------

SIZED = [
    ["keys", "list"],  # a table on stdout
    ["verify", "{doc}"],  # a line on stdout, the tally on stderr
    ["summary", "{doc}", "--fail-on", "any", "--format", "nl"],  # the verdict's line on stderr
    ["--help"],  # the framework's help
]
NO_SIZES = [
    {"COLUMNS": "0"},
    {"COLUMNS": "abc"},
    {"COLUMNS": "-3"},
    {"LINES": "0"},
    {"TERMINAL_WIDTH": "0"},
    {"TERMINAL_WIDTH": "abc"},
    {"TERMINAL_WIDTH": "-5"},
]


@pytest.mark.parametrize("args", SIZED, ids=" ".join)
def test_a_terminal_size_that_is_no_size_is_ignored(
    doc: Path, isolated_home: Path, args: list[str]
) -> None:
    """COLUMNS=0 (a pseudo-terminal that reports no size, a serial console) made every table,
    every message drawn by Rich and the help print nothing at all, with exit 0: a cron job's
    report silently empty. COLUMNS=abc wrapped a pipe's tables at 80 columns, fingerprints
    broken across lines, and TERMINAL_WIDTH=abc was a traceback (exit 1). A size that is not
    a positive number is no size: the output is what it is without one."""
    given = [a.format(doc=doc) for a in args]
    unset = {"COLUMNS": "", "LINES": "", "TERMINAL_WIDTH": ""}
    plain = run(given, isolated_home, unset)
    assert plain.stdout.strip()
    for setting in NO_SIZES:
        odd = run(given, isolated_home, {**unset, **setting})
        assert (odd.exit_code, odd.stdout, odd.stderr) == (
            plain.exit_code,
            plain.stdout,
            plain.stderr,
        ), setting


@pytest.mark.parametrize("columns", ["100000", ""], ids=["COLUMNS=100000", "no COLUMNS"])
def test_help_to_a_pipe_has_no_trailing_blanks(isolated_home: Path, columns: str) -> None:
    """Help padded each line to the width with blanks: at COLUMNS=100000, `--help` wrote 2.6 MB,
    nearly all of it spaces, to whatever read it."""
    for args in (["--help"], ["summary", "--help"]):
        shown = run(args, isolated_home, {"COLUMNS": columns})
        assert shown.exit_code == 0, shown.stderr
        lines = shown.stdout.splitlines()
        assert [line for line in lines if line != line.rstrip()] == []
        assert any(line.startswith(" Usage: minecheck") for line in lines)
        assert len(shown.stdout) < 8000
