"""An interruption at the edges its own tests left open, pinned by what a user reads: a Ctrl-C
while minecheck loads its command line (before a command is built), and an option's value
`--json` on a line whose command's name comes after a leading `--`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.test_main_rules import STOPPED_AT_START, _python

INTERRUPTED = "minecheck: error: interrupted; nothing was written\n"

# Ctrl-C as the run enters its command line, before the command it names is built: what the
# command line's own handling of an interruption cannot see yet.
STOPPED_AS_IT_LOADS = """
import sys
import minecheck.cli as cli


def stopped(args):
    raise KeyboardInterrupt  # (Ctrl-C while the command line is being loaded)


cli.answering = stopped
sys.argv = ["minecheck", *sys.argv[1:]]
from minecheck.__main__ import main
main()
"""


def test_a_ctrl_c_as_the_command_line_loads_is_said_as_any_interruption(
    isolated_home: Path,
) -> None:
    """Exit 130 and `interrupted` on stderr, nothing on stdout: not exit 0 with nothing said, as
    though the run had done its work, nor a traceback."""
    done = _python(STOPPED_AS_IT_LOADS, "--lang", "zh", "keys", "list")
    assert (done.returncode, done.stdout, done.stderr) == (
        130,
        "",
        "minecheck: error: 已中断；未写入任何文件\n",
    )


def test_a_ctrl_c_as_the_command_line_loads_gives_the_envelope_asked(isolated_home: Path) -> None:
    done = _python(STOPPED_AS_IT_LOADS, "keys", "list", "--json")
    assert (done.returncode, done.stderr) == (130, "")
    assert done.stdout.endswith("}\n")  # (ended as every envelope is)
    envelope = json.loads(done.stdout)
    assert (envelope["command"], envelope["ok"], envelope["exit_code"]) == ("keys list", False, 130)
    assert [p["code"] for p in envelope["problems"]] == ["interrupted"]


@pytest.mark.parametrize(
    "args",
    [
        ["--", "export", "a.toml", "-o", "--json"],
        ["--lang", "en", "--", "summary", "a.toml", "--output", "--json"],
    ],
)
def test_an_option_s_value_named_json_after_a_leading_double_dash_asks_no_envelope(
    isolated_home: Path, args: list[str]
) -> None:
    """`minecheck -- export a.toml -o --json` names the command after the `--`, and `-o` takes
    the word `--json` (a file of that name): Ctrl-C as it starts asked for no envelope."""
    done = _python(STOPPED_AT_START, *args)
    assert (done.returncode, done.stdout, done.stderr) == (130, "", INTERRUPTED)


def test_json_after_a_leading_double_dash_and_a_value_still_asks_the_envelope(
    isolated_home: Path,
) -> None:
    done = _python(STOPPED_AT_START, "--", "export", "-o", "rows.csv", "--json", "a.toml")
    assert (done.returncode, done.stderr) == (130, "")
    envelope = json.loads(done.stdout)
    assert (envelope["command"], envelope["exit_code"]) == ("export", 130)


@pytest.mark.parametrize("args", [["keys", "list", "--lang"], ["--", "export", "--lang"]])
def test_a_lang_without_its_value_leaves_the_language_to_minecheck_lang(
    isolated_home: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    """Ctrl-C as `MINECHECK_LANG=zh minecheck keys list --lang` starts: `--lang` has no value
    yet, so none is chosen on the line and MINECHECK_LANG speaks; an empty value would be a
    language refused, and the run would fall back to English."""
    monkeypatch.setenv("MINECHECK_LANG", "zh")
    done = _python(STOPPED_AT_START, *args)
    assert (done.returncode, done.stdout, done.stderr) == (
        130,
        "",
        "minecheck: error: 已中断；未写入任何文件\n",
    )


@pytest.mark.parametrize("args", [["nosuch", "--lang", "zh"], ["expor", "a.toml", "--lang", "zh"]])
def test_a_word_that_names_no_command_still_has_its_lang_read(
    isolated_home: Path, args: list[str]
) -> None:
    """Ctrl-C as `minecheck nosuch --lang zh` starts: no command's options can be read, and
    `--lang` still takes the next word, as the usage error of the same line is said in Chinese
    ("没有命令 'nosuch'。")."""
    done = _python(STOPPED_AT_START, *args)
    assert (done.returncode, done.stdout, done.stderr) == (
        130,
        "",
        "minecheck: error: 已中断；未写入任何文件\n",
    )


@pytest.mark.parametrize("held", ["signals_held", "stops_as_ctrl_c", "ctrl_c_taken"])
def test_stops_handled_off_the_main_thread_change_nothing_and_the_work_goes_on(held: str) -> None:
    """Off the main thread (a program that runs minecheck's commands in a worker thread) no
    handler can be set: the work done while stops are held (a signed file put in place), sent
    on as Ctrl-C (a line read) or while Ctrl-C is taken where SIGINT is ignored (a passphrase
    asked) runs to its end, the handlers are left as they were, and nothing is raised
    ("generator didn't yield", or the ValueError of a handler set there)."""
    import signal
    import threading

    from minecheck import portable

    handled = getattr(portable, held)
    seen: list[object] = []

    def work() -> None:
        try:
            with handled():
                seen.append("done")
        except BaseException as exc:  # noqa: BLE001 - what the worker would have raised
            seen.append(exc)

    def stopped(signum: int, frame: object) -> None:  # (as a run sets for SIGTERM and SIGHUP)
        raise KeyboardInterrupt

    was = signal.signal(signal.SIGTERM, stopped)
    was_int = signal.signal(signal.SIGINT, signal.SIG_IGN)  # (`trap '' INT`)
    try:
        before = [signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)]
        worker = threading.Thread(target=work)
        worker.start()
        worker.join()
        after = [signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)]
    finally:
        signal.signal(signal.SIGTERM, was)
        signal.signal(signal.SIGINT, was_int)
    assert seen == ["done"]
    assert after == before
