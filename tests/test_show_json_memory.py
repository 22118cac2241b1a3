"""`show --json` of a big document: each document's JSON written to a temporary file as it is
made and its findings let go, the rows too, so that what is held when the envelope is written
is not the document's values made into JSON values (14x a 53 MB file, before)."""

from __future__ import annotations

import gc
import json
import os
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest

from minecheck.cli import _output
from tests.helpers_heap import old_objects_set_aside
from tests.helpers_merge import allowed_signers, findings, person

N = 800


def test_show_json_holds_no_json_values_of_the_findings_when_it_writes(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    trust, path, items = big_findings(tmp_path, N, "Gas " * 40)
    size = path.stat().st_size
    args = ["show", "--json", "--allowed-signers", str(trust), "--lang", "en", str(path)]
    assert cli(args).exit_code == 0  # (modules imported and their tables made: not counted)
    run, held = held_at_first_call(monkeypatch, _output, "write_json", lambda: cli(args))
    assert run.exit_code == 0, run.stderr
    data = json.loads(run.stdout)["data"]
    assert [f["item"] for f in data["documents"][0]["findings"]] == items
    assert len(data["rows"]) == N
    assert held[0] < 0.5 * size, held[0] / size


def big_findings(tmp_path: Path, n: int, description: str) -> tuple[Path, Path, list[str]]:
    """A trusted findings file of `n` non-compliant items, each described so: (its
    allowed_signers, the file, its items)."""
    alice = person(tmp_path, "alice")
    trust = allowed_signers(tmp_path / "allowed_signers", alice)
    items = [f"item-{k}" for k in range(n)]
    path = tmp_path / "big.toml"
    path.write_bytes(findings(alice, ["noncompliant"] * n, items=items, description=description))
    return trust, path, items


T = TypeVar("T")


def held_at_first_call(
    monkeypatch: pytest.MonkeyPatch, module: object, name: str, run: Callable[[], T]
) -> tuple[T, list[int]]:
    """`run()`'s result, and what minecheck's own allocations made during it still hold when
    `module.name` is first called (nothing traced from then on: what it does is not measured)."""
    mine = [tracemalloc.Filter(True, f"*{os.sep}minecheck{os.sep}*", all_frames=True)]
    held: list[int] = []
    called = getattr(module, name)

    def measured(*args: Any) -> Any:
        if not held:
            gc.collect()
            now = tracemalloc.take_snapshot().filter_traces(mine)
            held.append(sum(d.size_diff for d in now.compare_to(before, "filename")))
            tracemalloc.stop()
        return called(*args)

    monkeypatch.setattr(module, name, measured)
    with old_objects_set_aside():
        tracemalloc.start(8)
        try:
            gc.collect()
            before = tracemalloc.take_snapshot().filter_traces(mine)
            return run(), held
        finally:
            tracemalloc.stop()
