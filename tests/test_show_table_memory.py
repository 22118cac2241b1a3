"""`show` of a big findings file in a terminal: its table written a part at a time as it is laid
out, and the cells it keeps laid out let go past `KEPT`, so that what is held when the table is
written is not every line of it (Rich's `print` held them all: 300,000 lines of segments for
100,000 findings, and each finding's description laid out once more in the cells kept)."""

from __future__ import annotations

import sys
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from minecheck.cli import _table, app
from tests.helpers_heap import old_objects_set_aside
from tests.test_show_json_memory import big_findings

N = 800


def test_show_writes_a_long_table_without_holding_all_its_lines(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    trust, path, _ = big_findings(tmp_path, N, "Gas " * 20)
    size = path.stat().st_size
    args = ["show", "--allowed-signers", str(trust), "--lang", "en", str(path)]
    whole = cli(args)
    assert whole.exit_code == 0, whole.stderr
    # (a table of N rows standing for one of 100,000: the cells kept are let go as often)
    monkeypatch.setattr(_table, "KEPT", 128, raising=False)
    held: list[int] = []
    check = Console._check_buffer

    def measured(console: Console) -> None:
        if console._buffer_index == 0 and console._buffer:  # (about to be written)
            held.append(tracemalloc.get_traced_memory()[0])
        check(console)

    monkeypatch.setattr(Console, "_check_buffer", measured)
    # (written to a file, not to a buffer that grows with it; every allocation counted, with
    # one frame each: those of minecheck's code alone, 8 frames deep, took 12 times as long)
    written = tmp_path / "written.txt"
    with written.open("w", encoding="utf-8") as out, monkeypatch.context() as patched:
        patched.setattr(sys, "stdout", out)
        with old_objects_set_aside():
            tracemalloc.start(1)
            try:
                with pytest.raises(SystemExit) as run:
                    app(args, prog_name="minecheck")
            finally:
                tracemalloc.stop()
    assert run.value.code == 0
    assert written.read_text(encoding="utf-8") == whole.stdout  # (the same table, in parts)
    assert whole.stdout.count("item-") == N
    # (every allocation counted: 21.6 now, 29.6 with the cells kept never let go, KEPT as
    # large as the table; counting minecheck's code's alone, 8 frames deep, 24.6 when every
    # line was held, 18.0 at 23101c4b, 20.0 once a findings file's clause was dim again)
    assert max(held) < 24.0 * size, max(held) / size
