"""`show` of a big findings file in a terminal: its table written a part at a time as it is laid
out, and the cells it keeps laid out let go past `KEPT`, so that what is held when the table is
written is not every line of it (Rich's `print` held them all: 300,000 lines of segments for
100,000 findings, and each finding's description laid out once more in the cells kept)."""

from __future__ import annotations

import gc
import os
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from minecheck.cli import _table
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
    mine = [tracemalloc.Filter(True, f"*{os.sep}minecheck{os.sep}*", all_frames=True)]
    held: list[int] = []
    check = Console._check_buffer

    def measured(console: Console) -> None:
        if console._buffer_index == 0 and console._buffer:  # (about to be written)
            now = tracemalloc.take_snapshot().filter_traces(mine)
            held.append(sum(d.size_diff for d in now.compare_to(before, "filename")))
        check(console)

    monkeypatch.setattr(Console, "_check_buffer", measured)
    tracemalloc.start(8)
    try:
        gc.collect()
        before = tracemalloc.take_snapshot().filter_traces(mine)
        run = cli(args)
    finally:
        tracemalloc.stop()
    assert run.exit_code == 0, run.stderr
    assert run.stdout == whole.stdout  # (the same table, written in parts)
    assert run.stdout.count("item-") == N
    # (24.6 when every line was held; 18.0 at 23101c4b, 20.0 once a findings file's clause was
    # dim again under its plain description: a span a cell, each row's cells held until written)
    assert max(held) < 21.0 * size, max(held) / size
