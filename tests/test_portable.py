"""The tool starts where `fcntl` and `termios` do not exist (Windows): every module imports,
`--help` runs, a draft locks, and a key is read through the portable path. Where `os` has no
POSIX-only flags and calls, the whole job runs, and every file it opens is opened binary."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from minecheck.portable import read_key_portable, signals_held
from tests.conftest import REPO

WITHOUT_POSIX = """
import builtins, importlib, pkgutil, sys
blocked = {"fcntl", "termios", "tty"}
real_import = builtins.__import__
def guarded(name, *args, **kwargs):
    if name.split(".")[0] in blocked:
        raise ImportError(f"No module named {name!r}")
    return real_import(name, *args, **kwargs)
for name in blocked:
    sys.modules.pop(name, None)
builtins.__import__ = guarded
import minecheck
for info in pkgutil.walk_packages(minecheck.__path__, "minecheck."):
    importlib.import_module(info.name)
from pathlib import Path
from minecheck.portable import has_termios
from minecheck.session.draft import locked
assert not has_termios()
with locked(Path(sys.argv[1]), "d"):
    print("locked")
sys.argv = ["minecheck", "--help"]
from minecheck.__main__ import main
main()
"""


def test_every_module_imports_and_help_runs_without_fcntl_and_termios(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", WITHOUT_POSIX, str(tmp_path / "drafts")],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("locked\n")
    assert "Usage: minecheck" in result.stdout
    assert "Traceback" not in result.stderr


def test_the_portable_key_reader() -> None:
    with create_pipe_input() as pipe:
        pipe.send_text("y\x1b[An\r\x04")
        with create_app_session(input=pipe, output=DummyOutput()):
            keys = [read_key_portable() for _ in range(5)]
    assert keys == ["y", "", "n", "\n", "q"]  # an arrow is no key; Enter is ignored by the walk


def test_no_module_imports_posix_only_calls_at_the_top() -> None:
    root = Path(__file__).resolve().parents[1] / "src" / "minecheck"
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        for line in path.read_text("utf-8").splitlines()
        if line.startswith(("import fcntl", "import termios", "import tty", "import msvcrt"))
    ]
    assert offenders == []


O_BINARY = 0x4000_0000  # a bit Linux gives no meaning: stripped before the real call


def test_the_whole_job_runs_where_os_is_windows_like(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows has no O_NONBLOCK, O_NOCTTY, O_CLOEXEC, fchmod or getuid (each was an
    AttributeError: nothing could be read), and `os.open` without O_BINARY reads text (CRLF
    made LF, Ctrl-Z an end of file: a signature checked over other bytes)."""
    real_open = os.open
    text_mode: list[str] = []

    def windows_open(path: Any, flags: int, mode: int = 0o777, **kw: Any) -> int:
        caller = sys._getframe(1).f_globals.get("__name__", "")
        made = flags & os.O_CREAT or os.path.isfile(path)
        if caller.startswith("minecheck") and made and not flags & O_BINARY:
            text_mode.append(f"{caller}: {path}")
        return real_open(path, flags & ~O_BINARY, mode, **kw)

    for name in ("O_NONBLOCK", "O_NOCTTY", "O_CLOEXEC", "fchmod", "getuid"):
        monkeypatch.delattr(os, name)
    monkeypatch.setattr(os, "O_BINARY", O_BINARY, raising=False)
    monkeypatch.setattr(os, "open", windows_open)
    monkeypatch.chdir(tmp_path)
    # filelock takes msvcrt's lock on Windows; its POSIX lock, which it takes here, asks for the
    # O_NONBLOCK taken away above: the lock that needs neither stands in for Windows' own
    import filelock

    monkeypatch.setattr(filelock, "FileLock", filelock.SoftFileLock)
    # Windows has no open relative to a directory's descriptor, so shutil.rmtree (a temporary
    # directory's cleanup) walks by names there; its walk by descriptors asks for O_NONBLOCK on
    # Python 3.13
    monkeypatch.setattr(shutil, "_use_fd_functions", False)

    generated = cli(["keys", "generate", "--principal", "ann@mine.example", "--trust"])
    assert generated.exit_code == 0, generated.stderr
    (tmp_path / "docs").mkdir()
    out = tmp_path / "docs" / "f.toml"
    coal = str(REPO / "checklists" / "coal-major-hidden-dangers.toml")
    inspect = ["inspect", coal, "--site", "Mine A", "--tag", "coal-underground", "-o", str(out)]
    answers = '[answers]\n"methane-working-place" = { reading = 1.5 }\n'
    run = cli([*inspect, "--answers", "-", "--allow-incomplete"], answers)
    assert run.exit_code == 0, run.stderr
    for command in (
        ["verify", str(out)],
        ["show", str(out)],
        ["trust", "list"],
        ["summary", str(tmp_path / "docs"), "--no-cache"],
        ["summary", str(tmp_path / "docs")],
        ["export", str(tmp_path / "docs"), "--format", "csv"],
    ):
        run = cli(command)
        assert run.exit_code == 0, (command, run.stderr)
    assert text_mode == []


SCRIPT = Path(sys.executable).parent / "minecheck"


def _chinese_findings(cli: Any, tmp_path: Path) -> Path:
    assert cli(["keys", "generate", "--principal", "ann@mine.example", "--trust"]).exit_code == 0
    (tmp_path / "docs").mkdir()
    out = tmp_path / "docs" / "f.toml"
    coal = str(REPO / "checklists" / "coal-major-hidden-dangers.toml")
    inspect = ["inspect", coal, "--site", "一号矿", "--tag", "coal-underground", "-o", str(out)]
    answers = '[answers]\n"methane-working-place" = { reading = 1.5, note = "瓦斯超限 ☃" }\n'
    assert cli([*inspect, "--answers", "-", "--allow-incomplete"], answers).exit_code == 0
    return out


@pytest.mark.parametrize("encoding", ["cp1252", "ascii"])
def test_redirected_output_is_utf8_whatever_the_locale_says(
    cli: Any, tmp_path: Path, encoding: str
) -> None:
    """A redirect on Windows is in the ANSI code page (cp1252 in the West): a site's Chinese
    name ended every command in a UnicodeEncodeError traceback, exit 1."""
    out = _chinese_findings(cli, tmp_path)
    docs = str(tmp_path / "docs")
    for command in (
        ["show", str(out), "--lang", "zh"],
        ["verify", str(out), "--lang", "zh"],
        ["summary", docs, "--lang", "zh", "--by", "site"],
        ["export", docs, "--format", "csv"],
        ["verify", str(tmp_path / "缺少.toml")],
    ):
        runs = [
            subprocess.run(
                [str(SCRIPT), *command],
                env={**os.environ, "PYTHONIOENCODING": chosen},
                capture_output=True,
                timeout=120,
                check=False,
            )
            for chosen in ("utf-8", encoding)
        ]
        utf8, other = runs
        assert b"Traceback" not in other.stderr, command
        assert (other.returncode, other.stdout, other.stderr) == (
            utf8.returncode,
            utf8.stdout,
            utf8.stderr,
        ), command
        assert not (utf8.stdout + utf8.stderr).isascii(), command  # Chinese was written


def test_a_terminal_that_cannot_show_a_character_shows_a_question_mark(
    cli: Any, tmp_path: Path
) -> None:
    import pexpect

    out = _chinese_findings(cli, tmp_path)
    env = {**os.environ, "PYTHONIOENCODING": "latin-1", "NO_COLOR": "1"}
    child = pexpect.spawn(
        str(SCRIPT), ["show", str(out)], env=env, dimensions=(40, 200), timeout=120
    )
    child.expect(pexpect.EOF)
    child.close()
    text = (child.before or b"").decode("latin-1")
    assert child.exitstatus == 0, text
    assert "Traceback" not in text
    assert "???" in text  # the site's name, as this terminal can show it


AS_ON_WINDOWS = """
import io, sys
for name, fd in (("stdout", 1), ("stderr", 2)):
    raw = open(fd, "wb", buffering=0, closefd=False)
    setattr(sys, name, io.TextIOWrapper(raw, encoding="cp1252", newline="\\r\\n"))
from minecheck.__main__ import main
sys.argv = ["minecheck", *sys.argv[1:]]
main()
"""


def test_redirected_output_has_the_same_bytes_as_on_linux(cli: Any, tmp_path: Path) -> None:
    """Windows writes a redirect in its ANSI code page with "\\r\\n" line ends: the CSV's own
    "\\r\\n" became "\\r\\r\\n", unlike the same export written with -o."""
    _chinese_findings(cli, tmp_path)
    command = ["export", str(tmp_path / "docs"), "--format", "csv"]
    windows = subprocess.run(
        [sys.executable, "-c", AS_ON_WINDOWS, *command], capture_output=True, check=False
    )
    assert (windows.returncode, windows.stderr) == (0, b"")
    written = cli([*command, "-o", str(tmp_path / "out.csv")])
    assert written.exit_code == 0, written.stderr
    assert windows.stdout == (tmp_path / "out.csv").read_bytes()
    assert b"\r\r" not in windows.stdout


class _Kernel32:
    def __init__(self, langid: int) -> None:
        self.langid = langid

    def GetUserDefaultUILanguage(self) -> int:
        return self.langid


@pytest.mark.parametrize(("langid", "expected"), [(0x0804, "zh"), (0x0404, "zh"), (0x0409, "en")])
def test_a_windows_desktop_in_chinese_speaks_chinese(
    cli: Any, monkeypatch: pytest.MonkeyPatch, langid: int, expected: str
) -> None:
    """Windows sets no LANG: a Chinese desktop (zh-CN 0x0804, zh-TW 0x0404) got English."""
    import ctypes
    import types

    for var in ("MINECHECK_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr(sys, "platform", "win32")
    windll = types.SimpleNamespace(kernel32=_Kernel32(langid))
    monkeypatch.setattr(ctypes, "windll", windll, raising=False)
    run = cli(["summary", "missing.toml"])
    assert run.exit_code == 2
    message = "文件不存在" if expected == "zh" else "no such file"
    assert message in run.stderr, run.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="a POSIX pseudo-terminal")
def test_typing_is_kept_as_typed_while_held_and_the_terminal_restored_after() -> None:
    """What is typed while the walk holds the terminal reaches the reader byte for byte (the
    kernel's line editing took one byte of 巷 at Backspace, no IUTF8 here, and echoed it), and
    the terminal's own modes come back afterwards."""
    import select
    import termios

    from minecheck.portable import typing_kept

    typed = "巷\x7f".encode()
    master, slave = os.openpty()
    try:
        before = termios.tcgetattr(slave)
        before[0] &= ~getattr(termios, "IUTF8", 0x4000)  # a terminal not said to be UTF-8
        termios.tcsetattr(slave, termios.TCSANOW, before)
        with typing_kept(slave):
            os.write(master, typed)
            held = termios.tcgetattr(slave)
            assert select.select([slave], [], [], 5)[0], "held back as a line not ended"
            assert os.read(slave, 64) == typed
        assert not held[3] & (termios.ICANON | termios.ECHO)
        assert held[3] & termios.ISIG  # Ctrl-C and Ctrl-Z stay signals
        assert termios.tcgetattr(slave) == before
        os.write(master, typed + b"\n")  # the line mode it had: Backspace took one byte
        assert os.read(slave, 64) == typed[:2] + b"\n"
    finally:
        os.close(master)
        os.close(slave)


def test_nothing_is_held_where_the_input_is_not_a_terminal(tmp_path: Path) -> None:
    from minecheck.portable import typing_kept

    with (tmp_path / "f").open("w") as fh, typing_kept(fh.fileno()):
        fh.write("x")
    with typing_kept(-1):  # a closed or missing descriptor
        pass


def test_a_stop_while_signals_are_held_comes_after() -> None:
    reached = []

    def held_work() -> None:
        with signals_held():
            os.kill(os.getpid(), signal.SIGINT)
            reached.append("the held work went on to its end")

    with pytest.raises(KeyboardInterrupt):
        held_work()
    assert reached == ["the held work went on to its end"]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_a_signal_ignored_stays_ignored_while_held() -> None:
    before = signal.signal(signal.SIGHUP, signal.SIG_IGN)
    try:
        with signals_held():
            assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN
            os.kill(os.getpid(), signal.SIGHUP)
        assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGHUP, before)
