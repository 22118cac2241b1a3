"""The package's layers, as docs say they are: which module may import what.

`cli -> report, session -> core -> (stdlib and the reading/signing libraries)`; errors, i18n,
paths, fileio, portable and portable_files are leaves that every layer may use; nothing but the
entry point and cli itself imports cli; the calls that differ between systems live in portable.py
(the terminal's) and portable_files.py (the files') alone. Read
from the source (every import, at any depth, lazy ones too), so a shortcut taken in a function
body is found as one at the top.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import minecheck

PACKAGE = Path(minecheck.__file__).parent

# what each layer may not import (first part of the module's name, or minecheck.<layer>)
FORBIDDEN: dict[str, set[str]] = {
    "core": {
        "typer",
        "rich",
        "prompt_toolkit",
        "jinja2",
        "markupsafe",
        "pyarrow",
        "sqlite3",
        "platformdirs",
        "minecheck.cli",
        "minecheck.report",
        "minecheck.session",
        "minecheck.paths",  # the user's directories come from the environment: core is given paths
    },
    "session": {
        "typer",
        "rich",
        "prompt_toolkit",
        "jinja2",
        "minecheck.cli",
        "minecheck.report",
    },
    "report": {"typer", "rich", "prompt_toolkit", "minecheck.cli", "minecheck.session"},
    "leaves": {
        "typer",
        "rich",
        "minecheck.cli",
        "minecheck.report",
        "minecheck.session",
        "minecheck.core",
    },
}
LEAVES = ("errors", "i18n", "paths", "fileio", "portable", "portable_files")
SYSTEM_ONLY = {"termios", "tty", "fcntl", "msvcrt"}  # portable.py's and portable_files.py's alone
SYSTEM_MODULES = {"portable.py": {"termios", "tty"}, "portable_files.py": {"fcntl"}}


def _layer(path: Path) -> str:
    rel = path.relative_to(PACKAGE)
    if len(rel.parts) > 1:
        return rel.parts[0]
    return "leaves" if rel.stem in LEAVES else rel.stem


def _imports(path: Path) -> set[str]:
    """Every module `path` imports, as its first part (minecheck.<part> for the package's)."""
    rel = path.relative_to(PACKAGE).with_suffix("")
    package = ["minecheck", *rel.parts[:-1]]  # (an __init__'s own package too)
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                names = [".".join([*base, *([node.module] if node.module else [])])]
                if not node.module:  # from . import x: each x is a module of the package
                    names = [".".join([*base, alias.name]) for alias in node.names]
            else:
                names = [node.module or ""]
        for name in names:
            parts = name.split(".")
            found.add(".".join(parts[:2]) if parts[0] == "minecheck" else parts[0])
    return found


MODULES = sorted(PACKAGE.rglob("*.py"))


def test_every_module_is_read() -> None:
    layers = {_layer(p) for p in MODULES}
    assert {"cli", "core", "report", "session", "leaves", "__main__"} <= layers
    assert len(MODULES) > 60


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_a_module_imports_only_what_its_layer_may(path: Path) -> None:
    layer = _layer(path)
    imported = _imports(path)
    wrong = imported & FORBIDDEN.get(layer, set())
    assert not wrong, f"{layer} module imports {sorted(wrong)}"
    if layer not in ("cli", "__main__"):
        assert "minecheck.cli" not in imported
    allowed = SYSTEM_MODULES.get(str(path.relative_to(PACKAGE)), set())
    assert not imported & SYSTEM_ONLY - allowed, "a call that differs between systems: portable*.py"


def test_the_reader_of_imports_sees_a_lazy_and_a_relative_import() -> None:
    # the check itself: an import inside a function, and `from ..x import y`, are both seen
    probe = PACKAGE / "core" / "sshsig.py"
    assert "cryptography" in _imports(probe)
    signing = PACKAGE / "cli" / "_signing.py"
    assert {"minecheck.portable", "minecheck.cli"} <= _imports(signing)
