"""Found by an attacker on the day's changes, round 10: a second stop while the first is said."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

# A stop comes as the command is being set up (outside its body), and a second one while the
# first is being said: `timeout` then systemd's SIGHUP, or Ctrl-C pressed twice.
STOPPED_TWICE = textwrap.dedent(
    """
    import contextlib, os, signal, sys
    import minecheck.cli as cli
    import minecheck.fileio as fileio

    said = fileio.interrupted_text
    def stopped_again():
        os.kill(os.getpid(), signal.SIGTERM)  # the second, while the first is said
        return said()
    fileio.interrupted_text = stopped_again

    answering = cli.answering
    @contextlib.contextmanager
    def stopped(args):
        with answering(args):
            os.kill(os.getpid(), signal.SIGTERM)  # the first
            yield
    cli.answering = stopped
    sys.argv = ["minecheck", *sys.argv[1:]]
    from minecheck.__main__ import main
    main()
    """
)


def _stopped_twice(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", STOPPED_TWICE, *args],
        env={**os.environ, "MINECHECK_HOME": str(tmp_path / "home")},
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,  # a hang guard, not a timing assertion
    )


@pytest.mark.parametrize(
    ("lang", "said"),
    [("en", "minecheck: error: interrupted"), ("zh", "minecheck: error: 已中断")],
)
def test_a_second_stop_while_the_first_is_said_is_no_traceback(
    tmp_path: Path, lang: str, said: str
) -> None:
    """A stop while minecheck started was said (exit 130); a second one while it was being
    said was a Python traceback, and the process died of the signal."""
    run = _stopped_twice(["verify", "--lang", lang, "nothing.toml"], tmp_path)
    assert (run.returncode, run.stdout) == (130, "")
    assert run.stderr.startswith(said), run.stderr
    assert len(run.stderr.splitlines()) == 1, run.stderr


def test_a_second_stop_while_the_first_is_said_leaves_one_envelope(tmp_path: Path) -> None:
    run = _stopped_twice(["verify", "--json", "nothing.toml"], tmp_path)
    assert (run.returncode, run.stderr) == (130, "")
    envelope = json.loads(run.stdout)
    assert (envelope["exit_code"], [p["code"] for p in envelope["problems"]]) == (
        130,
        ["interrupted"],
    )


# A stop comes inside a command's body; a second one just after the body said the first.
STOPPED_IN_THE_BODY = textwrap.dedent(
    """
    import os, signal, sys
    import minecheck.cli._output as output

    first = output._default_language
    def stopped():
        first()
        os.kill(os.getpid(), signal.SIGTERM)
    output._default_language = stopped

    def again(real):
        def then_stopped(*args, **kwargs):
            done = real(*args, **kwargs)
            os.kill(os.getpid(), signal.SIGTERM)
            return done
        return then_stopped
    import minecheck.fileio as fileio
    if sys.argv[1] == "saying":  # the second stop while the command says the first
        fileio.interrupted_text = again(fileio.interrupted_text)
    else:  # just after it said it
        output.write_json = again(output.write_json)
        output.Reporter._emit_line = again(output.Reporter._emit_line)
    del sys.argv[1]
    sys.argv = ["minecheck", *sys.argv[1:]]
    from minecheck.__main__ import main
    main()
    """
)


@pytest.mark.parametrize("when", ["saying", "said"])
@pytest.mark.parametrize("json_mode", [False, True])
def test_a_second_stop_while_a_command_says_the_first_is_said_once(
    tmp_path: Path, json_mode: bool, when: str
) -> None:
    """A command stopped a second time while it said its interruption ended with exit 130 and
    nothing said at all: no line, and with `--json` no envelope (the framework takes an
    interruption that leaves a command's body for a silent exit 130). Once said, nothing more
    is said."""
    args = [when, "verify", "nothing.toml", *(["--json"] if json_mode else [])]
    run = subprocess.run(
        [sys.executable, "-c", STOPPED_IN_THE_BODY, *args],
        env={**os.environ, "MINECHECK_HOME": str(tmp_path / "home")},
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,  # a hang guard, not a timing assertion
    )
    assert run.returncode == 130, run.stderr
    if json_mode:
        assert run.stderr == ""
        envelope = json.loads(run.stdout)
        assert [p["code"] for p in envelope["problems"]] == ["interrupted"]
    else:
        assert (run.stdout, run.stderr) == (
            "",
            "minecheck: error: interrupted; nothing was written\n",
        )


STOPPED_BEFORE_THE_BODY = textwrap.dedent(
    """
    import os, signal, sys
    import minecheck.cli._output as output

    real = output.run
    def stopped(*args, **kwargs):  # the command's own code, before its body is run
        os.kill(os.getpid(), signal.SIGTERM)
        return real(*args, **kwargs)
    output.run = stopped
    sys.argv = ["minecheck", *sys.argv[1:]]
    from minecheck.__main__ import main
    main()
    """
)


@pytest.mark.parametrize(
    ("args", "out", "err"),
    [
        (["verify", "x.toml"], "", "minecheck: error: interrupted; nothing was written\n"),
        (["verify", "x.toml", "--lang", "zh"], "", "minecheck: error: 已中断；未写入任何文件\n"),
        (["verify", "x.toml", "--json"], "interrupted", ""),
    ],
)
def test_a_stop_in_a_command_outside_its_body_is_said(
    tmp_path: Path, args: list[str], out: str, err: str
) -> None:
    """A stop that came in a command's code outside the body that says it (reading its
    options, setting up) ended the run with exit 130 and nothing said: the framework takes an
    interruption for a silent exit 130. A script's `--json` got no envelope."""
    run = subprocess.run(
        [sys.executable, "-c", STOPPED_BEFORE_THE_BODY, *args],
        env={**os.environ, "MINECHECK_HOME": str(tmp_path / "home")},
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,  # a hang guard, not a timing assertion
    )
    assert (run.returncode, run.stderr) == (130, err)
    if out:
        envelope = json.loads(run.stdout)
        assert (envelope["command"], [p["code"] for p in envelope["problems"]]) == (
            "verify",
            [out],
        )
    else:
        assert run.stdout == ""
