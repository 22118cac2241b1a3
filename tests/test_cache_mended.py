"""A value damaged in the result cache past its first line is mended by the run that meets it.

Pass 1 decodes only a value's first line; pass 2 finds the rest damaged and reads the file
again (the output stays right: tests/test_mutated92.py). The value it makes is put back, so the
next run is served from the cache: the file is not read again on every run.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from minecheck.report import corpus_cache, stream_files
from tests.test_mutated92 import COMMANDS, DAMAGED, _damage, every_kind_with_a_cache


def _values(home: Path) -> dict[bytes, bytes]:
    """The phase-1 values kept, by digest."""
    db = sqlite3.connect(home / "cache" / "results.sqlite3", isolation_level=None)
    try:
        rows = db.execute(
            "SELECT digest, value FROM result WHERE version LIKE ?",
            (f"% {corpus_cache.CACHE_VERSION}%",),
        ).fetchall()
    finally:
        db.close()
    return {bytes(d): bytes(v) for d, v in rows}


def _forget_summaries(home: Path) -> None:
    """The memo of whole summaries emptied: the next summary reads its files' values."""
    db = sqlite3.connect(home / "cache" / "results.sqlite3", isolation_level=None)
    try:
        db.execute("DELETE FROM result WHERE version LIKE '% summary-memo/%'")
    finally:
        db.close()


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("damage", ["cut short", "more after its findings"])
def test_a_value_damaged_past_its_head_is_read_again_once(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str, damage: str
) -> None:
    """Damaged after a cold run: the warm run reads the files again and keeps, byte for byte,
    the values the cold run kept; the next run reads none again. Each says what the cold run
    said."""
    home, docs = every_kind_with_a_cache(tmp_path, monkeypatch)
    name, *rest = COMMANDS[command]
    args = [name, str(docs), *rest]
    cold = cli(args)
    sound = _values(home)
    assert _damage(home, DAMAGED[damage]) == len(sound)
    read_again: list[bytes] = []
    reader = stream_files._read_again

    def counted(digest: bytes, path: str) -> bytes:
        read_again.append(digest)
        return reader(digest, path)

    monkeypatch.setattr(stream_files, "_read_again", counted)
    _forget_summaries(home)
    said = (cold.exit_code, cold.stdout, cold.stderr)
    warm = cli(args)
    assert (warm.exit_code, warm.stdout, warm.stderr) == said
    assert read_again
    kept = _values(home)
    assert {d: kept[d] for d in read_again} == {d: sound[d] for d in read_again}
    read_again.clear()
    _forget_summaries(home)
    again = cli(args)
    assert (again.exit_code, again.stdout, again.stderr) == said
    assert read_again == []
