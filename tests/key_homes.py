"""A key and its trust, made once by the real CLI and copied into each test's home.

A test whose point is the walk, not `keys generate`, needs the key that command leaves behind,
not the process that makes it (a second of CPU for every five tests). The first test that asks
runs `keys generate --principal P --trust` in a home of this module's; every test then gets
a copy of that home, file modes as generated, with the key's path in keys.toml made its own.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

EXE = Path(sys.executable).parent / "minecheck"
ALICE = "alice@mine.example"

BASE: list[Path] = []  # where the homes are made: set once per session by conftest.py
_made: dict[tuple[str, str | None, int], Path] = {}


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def generate(
    home: Path, where: Path, principal: str, passphrase: str | None
) -> subprocess.CompletedProcess[str]:
    """`keys generate --principal principal --trust` run in `home` by the installed command (the
    passphrase, if any, in a file `where`)."""
    args = ["keys", "generate", "--principal", principal, "--trust"]
    if passphrase is not None:
        secret = where / "passphrase"
        secret.write_text(passphrase + "\n", encoding="utf-8")
        secret.chmod(0o600)
        args += ["--passphrase-file", str(secret)]
    return minecheck(home, where, *args)


def minecheck(home: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The installed command run with `home` as its MINECHECK_HOME, no terminal."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MINECHECK_")}
    env.update(MINECHECK_HOME=str(home), NO_COLOR="1", TERM="dumb", LANG="C.UTF-8")
    return subprocess.run(
        [str(EXE), *args],
        env=env,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def _generated(principal: str, passphrase: str | None) -> Path:
    """A home in which the real CLI made principal's key (with that passphrase), trusted."""
    mask = _umask()  # (the modes of what the CLI writes follow the umask a test runs under)
    if (principal, passphrase, mask) in _made:
        return _made[(principal, passphrase, mask)]
    where = BASE[0] / f"made-{len(_made)}"
    where.mkdir()
    home = where / "home"
    made = generate(home, where, principal, passphrase)
    assert made.returncode == 0, made.stderr
    # only keys.toml names the home: a copy is the same home once that path is its own
    naming = [p.name for p in home.rglob("*") if p.is_file() and str(home) in p.read_text()]
    assert naming == ["keys.toml"], naming
    _made[(principal, passphrase, mask)] = home
    return home


def keyed_home(home: Path, principal: str = ALICE, passphrase: str | None = None) -> None:
    """`home` as `keys generate --principal principal --trust` (and `--passphrase-file` holding
    `passphrase`) leaves it: principal's key, the default, and trusted."""
    made = _generated(principal, passphrase)
    shutil.copytree(made, home, dirs_exist_ok=True)
    listed = home / "keys" / "keys.toml"
    listed.write_text(listed.read_text().replace(str(made), str(home)))
    keys = tomllib.loads(listed.read_text())
    assert [k["path"] for k in keys["key"]] == [str(home / "keys" / principal)], keys
    assert keys["default"] == keys["key"][0]["fingerprint"], keys
    assert (home / "allowed_signers").read_text().startswith(principal + " "), home
