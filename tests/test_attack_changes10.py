"""Found by an attacker on the day's changes, round 10: a second stop while the first is said."""

from __future__ import annotations

import json
import subprocess
import textwrap
from pathlib import Path

import pytest

from tests.test_main_rules import _python

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


@pytest.fixture(autouse=True)
def _at_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each run in a home and a directory of its own."""
    monkeypatch.setenv("MINECHECK_HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)


SAID = {
    "en": "minecheck: error: interrupted; nothing was written\n",
    "zh": "minecheck: error: 已中断；未写入任何文件\n",
}
RUNS = [("en", False), ("zh", False), ("en", True)]


def _said_once(run: subprocess.CompletedProcess[str], lang: str, json_mode: bool) -> None:
    """The run ended with 130 and its interruption said once: one line on stderr, or with
    `--json` one envelope, of the command run (verify), and nothing on stderr."""
    if not json_mode:
        assert (run.returncode, run.stdout, run.stderr) == (130, "", SAID[lang])
        return
    assert (run.returncode, run.stderr) == (130, "")
    envelope = json.loads(run.stdout)
    said = [(p["code"], p["message"]) for p in envelope["problems"]]
    assert (envelope["command"], envelope["exit_code"], said) == (
        "verify",
        130,
        [("interrupted", SAID[lang].removeprefix("minecheck: error: ").strip())],
    )


def _options(lang: str, json_mode: bool) -> list[str]:
    return ["--lang", lang, *(["--json"] if json_mode else [])]


@pytest.mark.parametrize(("lang", "json_mode"), RUNS)
def test_a_second_stop_while_the_first_is_said_is_no_traceback(lang: str, json_mode: bool) -> None:
    """A stop while minecheck started was said (exit 130); a second one while it was being
    said was a Python traceback, and the process died of the signal."""
    run = _python(STOPPED_TWICE, "verify", "nothing.toml", *_options(lang, json_mode))
    _said_once(run, lang, json_mode)


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
@pytest.mark.parametrize(("lang", "json_mode"), RUNS)
def test_a_second_stop_while_a_command_says_the_first_is_said_once(
    lang: str, json_mode: bool, when: str
) -> None:
    """A command stopped a second time while it said its interruption ended with exit 130 and
    nothing said at all: no line, and with `--json` no envelope (the framework takes an
    interruption that leaves a command's body for a silent exit 130). Once said, nothing more
    is said."""
    run = _python(STOPPED_IN_THE_BODY, when, "verify", "x.toml", *_options(lang, json_mode))
    _said_once(run, lang, json_mode)


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


@pytest.mark.parametrize(("lang", "json_mode"), RUNS)
def test_a_stop_in_a_command_outside_its_body_is_said(lang: str, json_mode: bool) -> None:
    """A stop that came in a command's code outside the body that says it (reading its
    options, setting up) ended the run with exit 130 and nothing said: the framework takes an
    interruption for a silent exit 130. A script's `--json` got no envelope."""
    run = _python(STOPPED_BEFORE_THE_BODY, "verify", "x.toml", *_options(lang, json_mode))
    _said_once(run, lang, json_mode)


STOPPED_AS_THE_LINE_IS_READ = textwrap.dedent(
    """
    import os, signal, sys
    import typer._click.core as core

    made = core.Context.__init__
    def stopped(self, *args, **kwargs):  # the first context: the top level reads its words
        core.Context.__init__ = made
        os.kill(os.getpid(), signal.SIGTERM)
        made(self, *args, **kwargs)
    core.Context.__init__ = stopped
    sys.argv = ["minecheck", *sys.argv[1:]]
    from minecheck.__main__ import main
    main()
    """
)


@pytest.mark.parametrize(("lang", "json_mode"), RUNS)
def test_a_stop_as_the_top_level_reads_the_line_is_said(lang: str, json_mode: bool) -> None:
    """A stop while the top level reads the command line, before any command is chosen, is
    said as one outside a body: exit 130 and `interrupted` once."""
    run = _python(STOPPED_AS_THE_LINE_IS_READ, "verify", "x.toml", *_options(lang, json_mode))
    _said_once(run, lang, json_mode)
