"""The batch engine through the cache, at the edges the plain tests do not reach: more new files
than one batch of cache writes, and changed files beside served ones still worked on in the pool."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from minecheck.report import cached
from minecheck.report.cache import FILE_NAME, ResultCache
from minecheck.report.cached import map_cached
from tests.test_cached import _calls, _docs, _run, decode, described, encode


def with_pid(data: bytes, path: str) -> dict[str, object]:
    """`described`, and the process that made the value."""
    return {**described(data, path), "pid": os.getpid()}


def test_more_new_files_than_a_batch_are_all_served_the_next_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Values are written to the cache a batch at a time: every batch is kept, not only the
    last, so a second summary of an unchanged folder parses nothing again."""
    monkeypatch.setattr(cached, "_BATCH", 3)
    paths = _docs(tmp_path, 10)
    with ResultCache(tmp_path / FILE_NAME, "v1") as cache:
        cold = _run(paths, cache)
    assert _calls(tmp_path) == 10
    with ResultCache(tmp_path / FILE_NAME, "v1") as cache:
        warm = _run(paths, cache)
    assert warm == cold
    assert _calls(tmp_path) == 10  # served, all ten, read a batch of three at a time


def test_changed_files_beside_served_ones_are_made_in_the_pool(tmp_path: Path) -> None:
    """A warm cache serves what it holds; the files it does not hold still go to the worker
    processes (a folder of many new documents is not parsed one by one in this process)."""
    paths = _docs(tmp_path, 8)
    with ResultCache(tmp_path / FILE_NAME, "v1") as cache:
        list(map_cached(with_pid, paths[:1], limit=1000, cache=cache, encode=encode, decode=decode))
        results = list(
            map_cached(
                with_pid,
                paths,
                limit=1000,
                cache=cache,
                encode=encode,
                decode=decode,
                workers=2,
                min_parallel=2,
            )
        )
    assert _calls(tmp_path) == 1 + 7
    made = [r.value for r in results[1:]]
    assert all(v is not None and v["pid"] != os.getpid() for v in made)
    assert [v["name"] for v in made if v is not None] == [p.name for p in paths[1:]]
