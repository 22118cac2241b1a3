"""The batch engine through the cache: unchanged files are served, changed ones made again."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from minecheck.report.cache import FILE_NAME, NoCache, ResultCache, content_key
from minecheck.report.cached import map_cached


def described(data: bytes, path: str) -> dict[str, object]:
    with open(Path(path).parent.parent / "calls", "a") as log:
        log.write(path + "\n")
    return {"bytes": len(data), "lines": data.count(b"\n"), "name": Path(path).name}


def encode(value: dict[str, object]) -> bytes:
    return json.dumps(value).encode()


def decode(blob: bytes) -> dict[str, object]:
    value = json.loads(blob)
    if not isinstance(value, dict):
        raise ValueError("not an object")
    return value


def _docs(tmp_path: Path, n: int) -> list[Path]:
    docs = tmp_path / "docs"
    docs.mkdir()
    paths = []
    for i in range(n):
        p = docs / f"{i:03d}.toml"
        p.write_bytes(b"line\n" * i)
        paths.append(p)
    return paths


def _calls(tmp_path: Path) -> int:
    log = tmp_path / "calls"
    return log.read_text().count("\n") if log.exists() else 0


Outcome = tuple[str, dict[str, object] | None, str | None, int | None]


def _run(paths: list[Path], cache: ResultCache) -> list[Outcome]:
    results = map_cached(
        described, paths, limit=1000, cache=cache, encode=encode, decode=decode, workers=2
    )
    return [(r.path, r.value, r.unreadable, r.too_large) for r in results]


@pytest.mark.parametrize("n", [10, 120])  # in this process, and in the pool
def test_a_second_run_is_served_from_the_cache_with_the_same_results(
    tmp_path: Path, n: int
) -> None:
    paths = _docs(tmp_path, n)
    with ResultCache(tmp_path / FILE_NAME, "v1") as cache:
        cold = _run(paths, cache)
    assert _calls(tmp_path) == n
    assert cold[5] == (str(paths[5]), {"bytes": 25, "lines": 5, "name": "005.toml"}, None, None)
    with ResultCache(tmp_path / FILE_NAME, "v1") as cache:
        warm = _run(paths, cache)
    assert warm == cold
    assert _calls(tmp_path) == n  # nothing was made again


def test_a_changed_file_is_made_again_and_the_rest_served(tmp_path: Path) -> None:
    paths = _docs(tmp_path, 60)
    with ResultCache(tmp_path / FILE_NAME, "v1") as cache:
        _run(paths, cache)
        paths[30].write_bytes(b"changed\n")
        again = _run(paths, cache)
    assert _calls(tmp_path) == 61
    assert again[30] == (str(paths[30]), {"bytes": 8, "lines": 1, "name": "030.toml"}, None, None)


def test_a_value_decode_refuses_is_made_again(tmp_path: Path) -> None:
    paths = _docs(tmp_path, 5)
    with ResultCache(tmp_path / FILE_NAME, "v1") as cache:
        cache.put(content_key(paths[2].read_bytes()), b"[1, 2]")  # JSON, but not an object
        cache.put(content_key(paths[3].read_bytes()), b"\xff garbage")
        got = _run(paths, cache)
        assert got[2][1] == {"bytes": 10, "lines": 2, "name": "002.toml"}
        assert got[3][1] == {"bytes": 15, "lines": 3, "name": "003.toml"}
        assert cache.get(content_key(paths[3].read_bytes())) == encode(
            {"bytes": 15, "lines": 3, "name": "003.toml"}
        )
    assert _calls(tmp_path) == 5


def test_files_that_cannot_be_read_are_reported_not_cached(tmp_path: Path) -> None:
    paths = _docs(tmp_path, 4)
    paths[1].write_bytes(b"x" * 2000)  # over the limit
    paths.insert(2, tmp_path / "docs" / "missing.toml")
    fifo = tmp_path / "docs" / "fifo.toml"
    os.mkfifo(fifo)
    paths.append(fifo)
    with ResultCache(tmp_path / FILE_NAME, "v1") as cache:
        first = _run(paths, cache)
        second = _run(paths, cache)
    assert first == second
    assert first[1][3] == 2000
    assert first[2][2] == "No such file or directory"
    assert first[-1][2] == "not a regular file (a FIFO)"
    assert _calls(tmp_path) == 3  # the three readable files, once each


def test_without_a_cache_every_run_makes_everything(tmp_path: Path) -> None:
    paths = _docs(tmp_path, 6)
    assert _run(paths, NoCache()) == _run(paths, NoCache())
    assert _calls(tmp_path) == 12


@pytest.mark.parametrize("n", [10, 120])  # in this process, and in the pool
def test_an_empty_cache_reads_no_file_here_and_gives_the_same_results(
    tmp_path: Path, n: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A first run (or --no-cache) has nothing to serve: the files are read where they are
    worked on, not hashed here first; the values, digests and the cache are the same."""
    from minecheck.report import batch, cached

    paths = _docs(tmp_path, n)
    read_here: list[str] = []
    real = batch.read_file

    def reading(name: str, limit: int) -> bytes | int | str:
        read_here.append(name)
        return real(name, limit)

    monkeypatch.setattr(cached, "read_file", reading)
    with ResultCache(tmp_path / FILE_NAME, "v1") as cache:
        assert not cache.holds_any()
        results = list(
            map_cached(
                described, paths, limit=1000, cache=cache, encode=encode, decode=decode, workers=2
            )
        )
        assert cache.holds_any()
    assert read_here == []
    assert [r.digest for r in results] == [content_key(p.read_bytes()) for p in paths]
    assert _calls(tmp_path) == n
    with ResultCache(tmp_path / FILE_NAME, "v1") as cache:
        assert _run(paths, cache) == [(r.path, r.value, None, None) for r in results]
    assert read_here == [str(p) for p in paths]  # a cache with values: each file hashed here
    assert _calls(tmp_path) == n  # and served
    assert not NoCache().holds_any()
