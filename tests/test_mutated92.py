"""Mutation testing, round 92: the cache's read-back of a value damaged on disk (report/cached.py,
report/corpus_cache.py), through the commands that read values back, and `_records_major`."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from minecheck.report import corpus_cache
from minecheck.report.corpus_cache import (
    decode_bare,
    decode_result,
    encode_result,
    read_for_cache,
    records_majors,
)
from tests.test_mutated90 import _every_kind

# what a value damaged on disk may look like, made from the value as written
DAMAGED: dict[str, Callable[[bytes], bytes]] = {
    "empty": lambda blob: b"",
    "not JSON": lambda blob: b"\xff" + blob,
    "its first line only": lambda blob: blob.partition(b"\n")[0],
    "cut short": lambda blob: blob[: len(blob) - 3],
    "more after its findings": lambda blob: blob + b"\n[[[], []]]",
    "findings for one document more": lambda blob: _one_more(blob),
    "hidden dangers that are no findings": lambda blob: _not_findings(blob),
}


def _one_more(blob: bytes) -> bytes:
    head, _, body = blob.partition(b"\n")
    return head + b"\n" + json.dumps([*json.loads(body), [[], []]]).encode()


def _not_findings(blob: bytes) -> bytes:
    head, _, body = blob.partition(b"\n")
    return head + b"\n" + json.dumps([[["ab"], plain] for _, plain in json.loads(body)]).encode()


COMMANDS = {
    "summary": ["summary", "--format", "json", "--as-of", "2026-12-01", "--include-untrusted"],
    "export": ["export", "--format", "csv", "--include-untrusted"],
}


def _damage(home: Path, how: Callable[[bytes], bytes], which: slice = slice(None)) -> int:
    """Every phase-1 value kept in the cache (or `which` of them, by row) replaced by `how` of
    it; how many were."""
    db = sqlite3.connect(home / "cache" / "results.sqlite3", isolation_level=None)
    try:
        rows = db.execute(
            "SELECT rowid, value FROM result WHERE version LIKE ? ORDER BY rowid",
            (f"% {corpus_cache.CACHE_VERSION}%",),
        ).fetchall()[which]
        for rowid, value in rows:
            db.execute("UPDATE result SET value = ? WHERE rowid = ?", (how(bytes(value)), rowid))
    finally:
        db.close()
    return len(rows)


def every_kind_with_a_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, home_name: str = "home"
) -> tuple[Path, Path]:
    """A folder of a file of every kind the cache keeps, and the home its cache is kept in."""
    home = tmp_path / home_name
    monkeypatch.setenv("MINECHECK_HOME", str(home))
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, data in _every_kind(tmp_path).items():
        (docs / name).write_bytes(data)
    return home, docs


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("damage", sorted(DAMAGED))
def test_a_value_damaged_in_the_cache_is_never_served(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str, damage: str
) -> None:
    """Each file's value damaged on disk after a cold run: the warm run says exactly what the
    cold run said (a value that cannot be read whole is read again from the file's bytes,
    whichever reading of the two passes meets it: no value half read, no traceback)."""
    home = tmp_path / "home"
    monkeypatch.setenv("MINECHECK_HOME", str(home))
    docs = tmp_path / "docs"
    docs.mkdir()
    kinds = _every_kind(tmp_path)
    for name, data in kinds.items():
        (docs / name).write_bytes(data)
    name, *rest = COMMANDS[command]
    args = [name, str(docs), *rest]
    cold = cli(args)
    assert _damage(home, DAMAGED[damage]) == len(set(kinds.values()))
    warm = cli(args)
    assert (warm.exit_code, warm.stdout, warm.stderr) == (cold.exit_code, cold.stdout, cold.stderr)


NOT_FINDINGS: list[list[object]] = [["ab"], ["123456789"], [{"a": 1, "b": 2}], [["x"]], [[1, 2, 3]]]


@pytest.mark.parametrize("hidden", NOT_FINDINGS)
def test_a_cached_value_whose_hidden_dangers_are_not_findings_says_it_cannot_be_decoded(
    hidden: list[object],
) -> None:
    """A document's hidden dangers as kept are lists of 2 or 9 fields; anything else (a text of
    that length, a table, a list of another length: a value damaged on disk) is a ValueError
    when its majors are asked (the value read again), never an answer or another error."""
    blob = b"[false, null, [], []]\n" + json.dumps([[hidden, []]]).encode()
    with pytest.raises(ValueError, match="cannot decode a cached value: not a document's findings"):
        records_majors(blob)(0)


@pytest.mark.parametrize("finding", ["ab", [1, 2], ["gas-check", None]])
@pytest.mark.parametrize("decode", [decode_result, decode_bare])
def test_a_cached_hidden_danger_that_is_no_finding_is_not_decoded(
    decode: Callable[[bytes], object], finding: object
) -> None:
    """A value damaged on disk whose hidden danger is a text of two characters, or two fields
    that are not texts, cannot be decoded (the file is read again); it was taken for a finding
    of item "a" and result "b", and `export` wrote that row."""
    blob = encode_result(read_for_cache(b""))
    head = blob.partition(b"\n")[0]
    with pytest.raises(ValueError, match="cannot decode a cached value"):
        decode(head + b"\n" + json.dumps([[[finding], []]]).encode())
    decode(head + b"\n" + json.dumps([[[["gas-check", "observed"]], []]]).encode())


def _texts_for_lists(blob: bytes, field: str) -> bytes | None:
    """`blob` with the first list of `field` made a text of two characters (a value damaged on
    disk), or None where the value has none."""
    head_line, _, body_line = blob.partition(b"\n")
    head, body = json.loads(head_line), json.loads(body_line)
    for leaf, (hidden, plain) in zip(head[2], body, strict=True):
        spots: list[tuple[list[Any], int]] = {
            "a hidden danger's basis": [(f, 3) for f in hidden if len(f) == 9],
            "a result's item ids": [(group, 1) for group in plain],
            "an inspection's tags": [(leaf[9], 11)] if leaf[9] is not None else [],
            "an event's reviewers": [(event, 5) for event in leaf[10]],
        }[field]
        for where, index in spots:
            where[index] = "ab"
            return json.dumps(head).encode() + b"\n" + json.dumps(body).encode()
    return None


@pytest.mark.parametrize(
    "field",
    [
        "a hidden danger's basis",
        "a result's item ids",
        "an inspection's tags",
        "an event's reviewers",
    ],
)
def test_a_cached_list_that_is_a_text_is_not_decoded(tmp_path: Path, field: str) -> None:
    """Where a value keeps a list (a basis, item ids, tags, reviewers), a text there (a value
    damaged on disk) cannot be decoded, whole or bare: it was read as a list of its characters."""
    damaged = [
        _texts_for_lists(encode_result(read_for_cache(data)), field)
        for data in _every_kind(tmp_path).values()
    ]
    assert any(blob is not None for blob in damaged)
    for blob in damaged:
        if blob is None:
            continue
        for decode in (decode_result, decode_bare):
            with pytest.raises(ValueError, match="cannot decode a cached value"):
                decode(blob)
