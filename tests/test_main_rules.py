"""How minecheck starts (`minecheck.__main__`): the command an interrupted run names, a
terminal size written with a blank or a leading zero, a closed standard stream, Chinese into a pipe
under a Latin-1 encoding, and a reader of standard output gone before the framework's own words
are written."""

from __future__ import annotations

from pathlib import Path

import pytest

from minecheck.__main__ import _command_name
from tests.test_scripts import run


@pytest.mark.parametrize(
    ("args", "command"),
    [
        (["summary", "a.toml", "b.toml", "--json"], "summary"),
        (["--json", "verify", "a.toml"], "verify"),
        (["keys", "list", "--json"], "keys list"),
        (["trust", "--json"], "trust"),
        (["--json"], ""),
    ],
)
def test_the_envelope_of_an_interrupted_run_names_its_command(
    args: list[str], command: str
) -> None:
    """A run stopped before its command's body runs (Ctrl-C, SIGTERM) says `interrupted` in an
    envelope whose `command` is the command typed: the verb alone (`summary`, not `summary
    a.toml`), a group with its subcommand (`keys list`)."""
    assert _command_name(args) == command


@pytest.mark.parametrize("columns", [" 60", "060", "60 "])
def test_a_width_written_with_a_blank_or_a_leading_zero_is_that_width(
    isolated_home: Path, columns: str
) -> None:
    """COLUMNS=" 60" (a script's `printf '%3d'`) or "060" is 60 columns, as COLUMNS=60 is: the
    help is laid out alike, not at a width of its own."""
    unset = {"LINES": None, "TERMINAL_WIDTH": None}
    plain = run(["--help"], isolated_home, {**unset, "COLUMNS": "60"})
    assert plain.exit_code == 0
    assert max(len(line) for line in plain.stdout.splitlines()) <= 60
    odd = run(["--help"], isolated_home, {**unset, "COLUMNS": columns})
    assert (odd.exit_code, odd.stdout, odd.stderr) == (0, plain.stdout, plain.stderr)


PROBE = """
import os, sys
from minecheck.__main__ import _closed_streams
_closed_streams()
opened = os.open(os.devnull, os.O_RDONLY)
print(sys.stdin.fileno(), sys.stderr.fileno(), opened)
"""


@pytest.mark.parametrize("closed", [0, 2])
def test_a_closed_standard_stream_keeps_its_number(closed: int) -> None:
    """`minecheck ... 2>&-` (or `<&-`): the closed stream is made again on its own number, so no
    file the run opens takes that number, and nothing said on the stream (nor a helper program's
    errors, which inherit it) goes into a file minecheck writes."""
    import os
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        stdout=subprocess.PIPE,
        preexec_fn=lambda: os.close(closed),
        check=False,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0
    stdin, stderr, opened = (int(n) for n in done.stdout.split())
    assert (stdin, stderr) == (0, 2)
    assert opened > 2


@pytest.mark.parametrize("args", [["--version"], ["--version", "--version"]])
def test_a_reader_gone_before_the_frameworks_own_line_ends_with_141(
    isolated_home: Path, args: list[str]
) -> None:
    """What the framework itself writes on stdout (the version `--version --version` says, the
    last newline of every --help) into a pipe whose reader has gone ends the run as Unix tools
    do, 141 and nothing on stderr: it ended with 1, the exit code of a check's verdict, so
    `minecheck summary --help | head -1` under `set -o pipefail` failed about one run in two."""
    import os
    import subprocess

    from tests.test_scripts import SCRIPT

    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first line is written
    try:
        done = subprocess.run(
            [str(SCRIPT), *args],
            stdout=write_end,
            stderr=subprocess.PIPE,
            check=False,
            text=True,
            timeout=120,
        )
    finally:
        os.close(write_end)
    assert (done.returncode, done.stderr) == (141, "")


def test_chinese_into_a_pipe_is_utf8_whatever_the_encoding_python_was_given(
    isolated_home: Path,
) -> None:
    """With a Latin-1 encoding for the standard streams (`PYTHONIOENCODING=latin-1`, a Latin-1
    locale), Chinese help on stdout and a Chinese usage error on stderr, each into a pipe, are
    written in UTF-8, as every file minecheck writes: they were a UnicodeEncodeError."""
    env = {"PYTHONIOENCODING": "latin-1", "MINECHECK_LANG": "zh"}
    helped = run(["--help"], isolated_home, env)
    assert (helped.exit_code, helped.stderr) == (0, "")
    assert "用法： minecheck" in helped.stdout
    wrong = run(["sumary"], isolated_home, env)
    assert (wrong.exit_code, wrong.stdout) == (2, "")
    assert wrong.stderr == (
        "minecheck: error: 没有命令 'sumary'。是不是要用 'summary'？\n  hint: minecheck --help\n"
    )
