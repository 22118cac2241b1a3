"""minecheck run unattended (a cron job, a systemd service and its timer): what the log, the
exit code and the files left behind say to the person who reads them the next morning."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

# The process is sent SIGTERM (a timer's timeout, `systemctl stop`) as the named module is
# first imported: while minecheck starts, before the command's own body runs.
STOPPED_AT = textwrap.dedent(
    """
    import builtins, os, signal, sys
    real, module = builtins.__import__, sys.argv[1]
    def stopped(name, *args, **kwargs):
        if name == module:
            builtins.__import__ = real
            os.kill(os.getpid(), signal.SIGTERM)
        return real(name, *args, **kwargs)
    builtins.__import__ = stopped
    sys.argv = ["minecheck", *sys.argv[2:]]
    from minecheck.__main__ import main
    main()
    """
)


def stopped_while_importing(
    module: str, args: list[str], tmp_path: Path
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", STOPPED_AT, module, *args],
        env={**os.environ, "MINECHECK_HOME": str(tmp_path / "home")},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,  # a hang guard, not a timing assertion
    )


# the command-line framework; the command's module (what `app_for` builds); the command's body
STARTING = ["typer", "minecheck.cli._common", "minecheck.report.verdicts"]


@pytest.mark.parametrize("module", STARTING)
def test_a_stop_while_minecheck_starts_is_one_line_and_130(module: str, tmp_path: Path) -> None:
    """A SIGTERM that came while minecheck was still starting printed a Python traceback of
    some 30 lines into the job's log (a KeyboardInterrupt raised among the imports)."""
    (tmp_path / "a.toml").write_text("x = 1\n")
    done = stopped_while_importing(module, ["verify", str(tmp_path / "a.toml")], tmp_path)
    assert (done.returncode, done.stdout, done.stderr) == (
        130,
        "",
        "minecheck: error: interrupted\n",
    )


@pytest.mark.parametrize("module", STARTING)
def test_a_stop_while_minecheck_starts_is_an_envelope_with_json(
    module: str, tmp_path: Path
) -> None:
    (tmp_path / "a.toml").write_text("x = 1\n")
    done = stopped_while_importing(module, ["verify", str(tmp_path / "a.toml"), "--json"], tmp_path)
    assert (done.returncode, done.stderr) == (130, "")
    envelope = json.loads(done.stdout)
    assert (envelope["command"], envelope["ok"], envelope["exit_code"]) == ("verify", False, 130)
    assert [p["code"] for p in envelope["problems"]] == ["interrupted"]
