"""How minecheck starts (`minecheck.__main__`): the command an interrupted run names, a
terminal size written with a blank or a leading zero, a closed standard stream, Chinese into a pipe
under a Latin-1 encoding, a reader of standard output gone before the framework's own words
(the version, help) are written, an interrupted run's envelope on a full disk and what it says,
a run that abandoned its process pool, a Ctrl-C lost in a finalizer, and a stop that comes as
a finished run leaves."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from minecheck.__main__ import _command_name
from tests.test_scripts import run


def _python(code: str, *args: str, timeout: int = 120) -> subprocess.CompletedProcess[str]:
    """`python -c CODE ARGS` as a run of minecheck is started: stdin from nothing, stdout and
    stderr captured, Python's own buffering (PYTHONUNBUFFERED unset)."""
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        env={k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
    )


@pytest.mark.parametrize(
    ("args", "command"),
    [
        (["summary", "a.toml", "b.toml", "--json"], "summary"),
        (["--json", "verify", "a.toml"], "verify"),
        (["keys", "list", "--json"], "keys list"),
        (["keys", "add", "alice.pub", "--json"], "keys add"),
        (["trust", "--json"], "trust"),
        (["--json"], ""),
        (["--lang", "zh", "keys", "list", "--json"], "keys list"),
        (["keys", "--lang=zh", "list", "--json"], "keys list"),
        (["--", "trust", "--json", "add", "k.pub"], "trust add"),
        (["--json", "--"], ""),
    ],
)
def test_the_envelope_of_an_interrupted_run_names_its_command(
    args: list[str], command: str
) -> None:
    """A run stopped before its command's body runs (Ctrl-C, SIGTERM) says `interrupted` in an
    envelope whose `command` is the command typed: the verb alone (`summary`, not `summary
    a.toml`), a group with its subcommand (`keys list`), never the value of `--lang`."""
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
numbers = (sys.stdin.fileno(), sys.stdout.fileno(), sys.stderr.fileno(), opened)
with open(sys.argv[1], "w", encoding="utf-8") as noted:
    noted.write(" ".join(str(n) for n in numbers))
"""


@pytest.mark.parametrize("closed", [0, 1, 2])
def test_a_closed_standard_stream_keeps_its_number(tmp_path: Path, closed: int) -> None:
    """`minecheck ... 2>&-` (or `<&-`, `>&-`): the closed stream is made again on its own number,
    so no file the run opens takes that number, and nothing said on the stream (nor a helper
    program's errors, which inherit it) goes into a file minecheck writes; a closed stdout is
    not made on stderr's number, where the run's output would be mixed into its messages."""
    import os
    import subprocess
    import sys

    noted = tmp_path / "numbers"
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(noted)],
        preexec_fn=lambda: os.close(closed),
        check=False,
        timeout=120,
    )
    assert done.returncode == 0
    stdin, stdout, stderr, opened = (int(n) for n in noted.read_text(encoding="utf-8").split())
    assert (stdin, stdout, stderr) == (0, 1, 2)
    assert opened > 2


@pytest.mark.parametrize(
    ("closed", "args", "code", "said"),
    [
        (1, ["--version"], 0, ""),
        (1, ["checklists", "list"], 0, ""),
        (2, ["no-such-command"], 2, None),
        (0, ["verify", "-"], 2, "minecheck: error: <stdin>: cannot read: standard input is closed"),
        (0, ["checklists", "list"], 0, ""),
    ],
    ids=lambda x: " ".join(x) if isinstance(x, list) else str(x),
)
def test_minecheck_run_with_a_standard_stream_closed_ends_as_with_it_on_nothing(
    isolated_home: Path, closed: int, args: list[str], code: int, said: str | None
) -> None:
    """`minecheck --version >&-`, `minecheck no-such-command 2>&-`, `minecheck verify - <&-`
    (the installed command): the closed stream reads as empty and writes nowhere, and the run
    ends with its own exit code, not with a traceback about a stream that is not there; a list
    of paths asked of a closed standard input (`-`) is said unreadable, not taken as empty."""
    import subprocess

    from tests.test_scripts import SCRIPT

    done = subprocess.run(
        [str(SCRIPT), *args],
        preexec_fn=lambda: os.close(closed),
        stdout=subprocess.DEVNULL if closed != 1 else None,
        stderr=subprocess.PIPE if closed != 2 else None,
        check=False,
        text=True,
        timeout=120,
    )
    assert done.returncode == code
    if said is not None:
        assert (done.stderr.splitlines() or [""])[0] == said


@pytest.mark.parametrize(
    "args",
    [["--version"], ["--version", "--version"], ["--help"], ["summary", "--help"], ["keys", "-h"]],
    ids=" ".join,
)
def test_a_reader_gone_before_the_frameworks_own_line_ends_with_141(
    isolated_home: Path, args: list[str]
) -> None:
    """What the framework itself writes on stdout (the version `--version --version` says, a
    command's help, the last newline of every --help) into a pipe whose reader has gone ends the
    run as Unix tools do, 141 and nothing on stderr: it ended with 1, the exit code of a check's
    verdict, so `minecheck summary --help | head -1` under `set -o pipefail` failed about one
    run in two."""
    assert _into_a_gone_reader(args, dict(os.environ)) == (141, "")


def _into_a_gone_reader(args: list[str], env: dict[str, str]) -> tuple[int, str]:
    """The installed command's exit code and stderr, its stdout a pipe whose reader has gone
    before the first line is written."""
    import subprocess

    from tests.test_scripts import SCRIPT

    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run(
            [str(SCRIPT), *args],
            env=env,
            stdout=write_end,
            stderr=subprocess.PIPE,
            check=False,
            text=True,
            timeout=120,
        )
    finally:
        os.close(write_end)
    return done.returncode, done.stderr


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["summary", "--help"]], ids=" ".join)
def test_a_reader_gone_ends_with_141_under_pythons_own_buffering(
    isolated_home: Path, args: list[str]
) -> None:
    """The same with Python's own buffering (PYTHONUNBUFFERED unset, as a user's shell has it):
    the version waits in the buffer until it is flushed; flushed only as the interpreter left,
    the closed pipe was Python's "Exception ignored ... BrokenPipeError" on stderr and exit 120."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    assert _into_a_gone_reader(args, env) == (141, "")


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


STOPPED_AT_START = """
import sys
import minecheck.cli as cli


def stopped(args):
    raise KeyboardInterrupt  # (Ctrl-C as the command is being built)


cli.app_for = stopped
sys.argv = ["minecheck", *sys.argv[1:]]
from minecheck.__main__ import main
main()
"""


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_an_interrupted_runs_envelope_on_a_full_disk_is_said_on_stderr(
    isolated_home: Path,
) -> None:
    """Ctrl-C during a `--json` run whose standard output is on a full disk: the `interrupted`
    envelope cannot be written, and the run says so on stderr with exit 2, as for every other
    envelope; it must not end with Python's "Exception ignored" and exit 120, which no script
    reads as minecheck's."""
    import os
    import subprocess
    import sys

    with open("/dev/full", "w") as full:  # (the environment: isolated_home's)
        done = subprocess.run(
            [sys.executable, "-c", STOPPED_AT_START, "checklists", "list", "--json"],
            env={k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"},
            stdin=subprocess.DEVNULL,
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
            timeout=120,
        )
    assert (done.returncode, done.stderr) == (
        2,
        "minecheck: error: cannot write to standard output: No space left on device\n",
    )


ABANDONED = """
import sys, threading
import minecheck.cli as cli
from minecheck.report import batch


def built(args):
    def command(**kwargs):
        print("1 file read")  # (stdout is a pipe: this waits in the buffer)
        batch.abandoned = True  # a worker was sending its result when Ctrl-C came
        threading.Thread(target=threading.Event().wait).start()  # the pool's thread, stuck
        raise KeyboardInterrupt

    return command


cli.app_for = built
sys.argv = ["minecheck", "verify", "docs"]
from minecheck.__main__ import main
main()
"""


def test_a_run_that_abandoned_its_pool_leaves_with_everything_said(isolated_home: Path) -> None:
    """A run interrupted while a worker sent its result leaves at once, without waiting for the
    pool's stuck thread: with exit 130, `interrupted` on stderr, and what it had written on
    stdout still there (it was in the buffer when the process left)."""

    done = _python(ABANDONED, timeout=60)  # (a hang guard: waiting for the stuck thread never ends)
    assert (done.returncode, done.stdout, done.stderr) == (
        130,
        "1 file read\n",
        "minecheck: error: interrupted; nothing was written\n",
    )


FINISHED_WITH_THE_POOL = """
import atexit, os, sys
import minecheck.cli as cli
from minecheck.report import batch  # (imported as the batch commands import it)


def built(args):
    def command(**kwargs):
        print("2 files read")
        atexit.register(os.remove, left)  # a library's own cleanup, left to the end

    return command


left = sys.argv[1]
cli.app_for = built
sys.argv = ["minecheck", "summary", "docs"]
from minecheck.__main__ import main
main()
"""


def test_a_run_that_used_the_pool_and_finished_leaves_as_python_leaves(
    isolated_home: Path, tmp_path: Path
) -> None:
    """A batch run that was not interrupted (its pool ended as it should) leaves through
    Python's own shutdown: what a library left to the end (an exit handler removing its
    temporary file) is done. Only a run that abandoned its pool leaves at once."""
    temporary = tmp_path / "left-to-the-end"
    temporary.write_bytes(b"")
    done = _python(FINISHED_WITH_THE_POOL, str(temporary))
    assert (done.returncode, done.stdout, done.stderr) == (0, "2 files read\n", "")
    assert not temporary.exists()


def test_an_interrupted_runs_envelope_says_it_failed_with_130(isolated_home: Path) -> None:
    """Ctrl-C while a `--json` run starts (before its command's body runs): the envelope a script
    reads says what the exit code says, `ok` false and `exit_code` 130 with the `interrupted`
    problem, on stdout alone; an envelope saying `ok: true` with exit 0 beside the process's 130
    would tell a script the run had succeeded."""
    import json

    done = _python(STOPPED_AT_START, "keys", "list", "--json")
    assert (done.returncode, done.stderr) == (130, "")
    envelope = json.loads(done.stdout)
    assert (envelope["command"], envelope["ok"], envelope["exit_code"]) == ("keys list", False, 130)
    assert [(p["code"], p["message"]) for p in envelope["problems"]] == [
        ("interrupted", "interrupted; nothing was written")
    ]


@pytest.mark.parametrize(
    "args",
    [
        ["show", "--", "--json"],
        ["--lang", "en", "verify", "--", "a.toml", "--json"],
        ["--", "--json", "show"],
    ],
)
def test_a_json_after_the_double_dash_asks_no_envelope_of_an_interrupted_start(
    isolated_home: Path, args: list[str]
) -> None:
    """Ctrl-C while a run starts, where the word `--json` comes after `--` (a file of that name,
    as a command reads it): the run asked for no envelope, so `interrupted` is said on stderr as
    the command itself would say it, and stdout stays empty; a usage error reads the line the
    same way. A `--` before the command's name makes the next word the name, `--json` too
    (`minecheck -- --json show` says "No such command '--json'." as plain text)."""
    done = _python(STOPPED_AT_START, *args)
    assert (done.returncode, done.stdout, done.stderr) == (
        130,
        "",
        "minecheck: error: interrupted; nothing was written\n",
    )


@pytest.mark.parametrize(
    ("args", "command"),
    [(["show", "--lang"], None), (["--json", "keys", "list", "--lang"], "keys list")],
)
def test_an_interrupted_start_with_lang_last_is_said_as_any_other(
    isolated_home: Path, args: list[str], command: str | None
) -> None:
    """Ctrl-C while a run starts whose line ends in `--lang` (its value not yet typed): the
    reading of the line stops there, and `interrupted` is said as for any other line, on stderr,
    or in the envelope naming the command where `--json` was asked; never a traceback."""
    import json

    done = _python(STOPPED_AT_START, *args)
    assert done.returncode == 130
    if command is None:
        assert (done.stdout, done.stderr) == (
            "",
            "minecheck: error: interrupted; nothing was written\n",
        )
        return
    assert done.stderr == ""
    envelope = json.loads(done.stdout)
    assert (envelope["command"], envelope["exit_code"]) == (command, 130)


LOST_IN_A_FINALIZER = """
import sys
import minecheck.cli as cli
from minecheck import portable


class Held:
    def __del__(self):
        raise {raised}  # (Ctrl-C arriving while the interpreter ran a finalizer)


def built(args):
    def command(**kwargs):
        Held()  # made and dropped: its finalizer runs here, where Python cannot raise
        portable.stop_lost()  # what every question does before it is asked
        print("asked")

    return command


cli.app_for = built
sys.argv = ["minecheck", "inspect", "new"]
from minecheck.__main__ import main
main()
"""


def test_a_ctrl_c_lost_in_a_finalizer_ends_the_run_at_its_next_question(
    isolated_home: Path,
) -> None:
    """A Ctrl-C that Python could not raise (it came while a finalizer ran) still ends the run
    before its next question, exit 130 and `interrupted` on stderr, and no "Exception ignored"
    traceback: the run went on asking, as though the key had not been pressed."""

    done = _python(LOST_IN_A_FINALIZER.replace("{raised}", "KeyboardInterrupt"))
    assert (done.returncode, done.stdout, done.stderr) == (
        130,
        "",
        "minecheck: error: interrupted; nothing was written\n",
    )


def test_another_error_in_a_finalizer_is_printed_and_stops_nothing(isolated_home: Path) -> None:
    """An error other than a stop that Python could not raise (a finalizer's) is printed as
    Python prints it, and the run goes on to its next question: it is no Ctrl-C, and was not
    taken for one (the walk ended, exit 130, with the error unsaid)."""

    done = _python(LOST_IN_A_FINALIZER.replace("{raised}", "ValueError('a finalizer failed')"))
    assert (done.returncode, done.stdout) == (0, "asked\n")
    assert done.stderr.startswith("Exception ignored in: <function Held.__del__ at "), done.stderr
    assert done.stderr.endswith("\nValueError: a finalizer failed\n"), done.stderr
    assert "interrupted" not in done.stderr


HUNG_UP_AS_IT_LEFT = """
import os, signal, sys, time
import minecheck.cli as cli


def built(args):
    def command(**kwargs):
        print("exported")

    return command


class Leaving:
    def __del__(self):  # (run as the interpreter shuts down, after the run has ended)
        os.kill(os.getpid(), signal.SIG{name})  # the SSH session dropped as the run left
        time.sleep(0.2)


leaving = Leaving()
cli.app_for = built
sys.argv = ["minecheck", "export", "docs"]
from minecheck.__main__ import main
main()
"""


@pytest.mark.parametrize("name", ["HUP", "TERM"])
def test_a_stop_that_comes_as_a_finished_run_leaves_changes_nothing(
    isolated_home: Path, name: str
) -> None:
    """A hangup or SIGTERM that comes once the run's work is done and its exit code known (as the
    process shuts down) leaves the run as it ended: exit 0, its output, nothing on stderr; not
    the process killed by the signal (129 for a hangup) after everything had been done."""

    done = _python(HUNG_UP_AS_IT_LEFT.replace("{name}", name))
    assert (done.returncode, done.stdout, done.stderr) == (0, "exported\n", "")


@pytest.mark.parametrize(
    ("args", "usage"),
    [
        (["--help"], "Usage: minecheck [OPTIONS] COMMAND [ARGS]..."),
        (["keys", "--help"], "Usage: minecheck keys [OPTIONS] COMMAND [ARGS]..."),
    ],
)
def test_the_installed_commands_help_names_it_minecheck(
    isolated_home: Path, args: list[str], usage: str
) -> None:
    """The usage line of help from the installed command names the program `minecheck`, as
    the user types it, and the command with it."""
    done = run(args, isolated_home)
    assert (done.exit_code, done.stderr) == (0, "")
    assert done.stdout.splitlines()[1].strip() == usage


# A SIGTERM that comes while Python is in the middle of importing a module (here: while
# `import typer` runs, the first import of `ast` or `contextlib`): nothing can be imported
# then without meeting that half-made module, as the handler once did (`typing` from
# `contextlib`: "partially initialized module", exit 1 with a traceback).
TERM_IN_AN_IMPORT = """
import builtins, os, signal, sys
sys.argv = ["minecheck", *sys.argv[1:]]
real = builtins.__import__
def importing(name, *args, **kwargs):
    if name == "typer":
        builtins.__import__ = real
        sys.modules["minecheck.portable"] = None  # (any import now fails, as in a half import)
        try:
            os.kill(os.getpid(), signal.SIGTERM)
        finally:
            del sys.modules["minecheck.portable"]
    return real(name, *args, **kwargs)
builtins.__import__ = importing
from minecheck.__main__ import main
main()
"""

# A SIGTERM just after the stops are taken over and before the command is run (where the
# passphrase's memory is kept out of core files): it ended with a traceback, killed by SIGINT.
TERM_BEFORE_THE_COMMAND = """
import os, signal, sys
import minecheck.portable as portable
def stopped():
    os.kill(os.getpid(), signal.SIGTERM)
portable.no_core_dumps = stopped
sys.argv = ["minecheck", *sys.argv[1:]]
from minecheck.__main__ import main
main()
"""


# A SIGTERM while `typer` is imported, once its `_click` is: `typer` is taken out of
# `sys.modules` and `typer._click` stays; the words of the interruption imported `typer` again,
# whose `_click` was then no attribute ("module 'typer' has no attribute '_click'", exit 1).
TERM_IN_A_PACKAGE = """
import builtins, os, signal, sys
sys.argv = ["minecheck", *sys.argv[1:]]
real = builtins.__import__
def importing(name, globals=None, locals=None, fromlist=(), level=0):
    if level == 1 and name == "main" and (globals or {}).get("__name__") == "typer":
        builtins.__import__ = real
        os.kill(os.getpid(), signal.SIGTERM)
    return real(name, globals, locals, fromlist, level)
builtins.__import__ = importing
from minecheck.__main__ import main
main()
"""


@pytest.mark.parametrize("code", [TERM_IN_AN_IMPORT, TERM_BEFORE_THE_COMMAND, TERM_IN_A_PACKAGE])
@pytest.mark.parametrize("json", [False, True])
def test_a_sigterm_at_any_instant_of_the_start_is_said_as_an_interruption(
    isolated_home: Path, monkeypatch: pytest.MonkeyPatch, code: str, json: bool
) -> None:
    """`timeout` or systemd may stop a run at any instant of its start: it ends with 130 and
    `interrupted` (the envelope with `--json`), never with a traceback."""
    import json as json_module

    monkeypatch.setenv("MINECHECK_PASSPHRASE", "not used")
    done = _python(code, "keys", "list", *(["--json"] if json else []))
    assert done.returncode == 130, done.stderr
    if json:
        assert done.stderr == ""
        envelope = json_module.loads(done.stdout)
        assert [p["code"] for p in envelope["problems"]] == ["interrupted"]
    else:
        assert (done.stdout, done.stderr) == (
            "",
            "minecheck: error: interrupted; nothing was written\n",
        )
