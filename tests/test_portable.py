"""The tool starts where `fcntl` and `termios` do not exist (Windows): every module imports,
`--help` runs, a draft locks, and a key is read through the portable path."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from minecheck.portable import read_key_portable

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
