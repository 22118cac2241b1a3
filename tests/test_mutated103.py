"""Mutation round 103: what the surviving mutants of loose ends rounds 10 and 11, attack round
27 and `_markless_appended` would have changed for a user, pinned."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.test_attack26 import KINDS, MADE, _command, _inspect


def test_a_conversions_command_takes_the_hundredth_name_where_it_alone_is_free(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`a.utf-8.toml` to `a.utf-8-99.toml` there, `a.utf-8-100.toml` free: the command names
    it (a hundred names are tried, not 99), and run as pasted it writes it and nothing else."""
    monkeypatch.chdir(tmp_path)
    Path("a.toml").write_bytes(KINDS["utf-16"])
    taken = ["a.utf-8.toml"] + [f"a.utf-8-{n}.toml" for n in range(2, 100)]
    for name in taken:
        Path(name).write_bytes(name.encode())
    command = _command(_inspect(cli, "a.toml", "en").stderr)
    assert command == "iconv -f UTF-16 -t UTF-8 a.toml > a.utf-8-100.toml"
    subprocess.run(["sh", "-c", command], check=True)
    assert all(Path(name).read_bytes() == name.encode() for name in taken)
    assert Path("a.utf-8-100.toml").read_bytes() == MADE["utf-16"]
