"""A list the --json envelope keeps in a temporary file (export's rows): the same bytes as the
list held whole, with nothing left for the cycle collector (the batch commands pause it)."""

from __future__ import annotations

import gc
import io
import json
import random
from typing import Any

import pytest

from minecheck.cli._output import Spooled, write_json
from minecheck.cli._spool import _laid_out
from minecheck.core.sanitize import json_text

VALUES: list[Any] = [
    "",
    "plain",
    '煤矿 "quoted" \\ back',
    "line\nbreak\t\x00\x1b[31m\u202e\u2028\U0001f600",
    None,
    True,
    False,
    0,
    1,
    -7,
    10**20,
    1.5,
]


def _value(rng: random.Random) -> Any:
    if rng.random() < 0.3:
        return [rng.choice(VALUES) for _ in range(rng.randrange(0, 4))]
    return rng.choice(VALUES)


def _rows(seed: int, n: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)  # noqa: S311 - test data
    keys = ["inspection", "document_ids", "站点", "a\u202eb", "overdue"]
    return [{k: _value(rng) for k in rng.sample(keys, rng.randrange(1, 6))} for _ in range(n)]


@pytest.mark.parametrize("seed", range(4))
def test_a_row_is_laid_out_as_the_indenting_encoder_lays_it_out(seed: int) -> None:
    for row in _rows(seed, 300):
        assert _laid_out(row) == json.dumps(row, ensure_ascii=False, indent=2)
    others: list[object] = [{}, [], "x", {"a": {"b": 1}}, {"a": [[1]]}, {"a": [1, {}]}, {1: "x"}]
    for other in others:
        assert _laid_out(other) is None


@pytest.mark.parametrize("count", [0, 1, 2, 500])
def test_the_envelope_with_spooled_lists_is_the_envelope_held(count: int) -> None:
    rows = _rows(count, count)
    odd: list[Any] = [{"a": {"nested": [1, {"b": None}]}}, [], "text", {}]
    held = {
        "minecheck": 1,
        "command": "export",
        "ok": True,
        "exit_code": 0,
        "data": {"rows": rows, "count": count, "odd": odd, "after": "\u202e"},
        "problems": [{"code": "x", "message": "a\u0000b \u202e"}],
    }
    spools = Spooled(), Spooled()
    try:
        spools[0].extend(rows[: count // 2])
        spools[0].extend(rows[count // 2 :])
        spools[1].extend(odd)
        rep_data = {"rows": spools[0], "count": count, "odd": spools[1], "after": "\u202e"}
        out = io.StringIO()
        write_json(out, {**held, "data": rep_data})
    finally:
        for spool in spools:
            spool.close()
    assert out.getvalue() == json_text(held) + "\n"


def test_spooling_rows_leaves_nothing_for_the_cycle_collector() -> None:
    rows = _rows(9, 2000)
    spool = Spooled()
    gc.collect()
    gc.disable()
    try:
        spool.extend(rows)
        assert gc.collect() == 0  # json's indenting encoder left ~11 cyclic objects a row
    finally:
        gc.enable()
        spool.close()


class _Digest(io.StringIO):
    """Standard output as a reader meets it: what is written, counted and hashed, not kept."""

    def __init__(self) -> None:
        import hashlib

        self.hash = hashlib.sha256()
        self.size = 0

    def write(self, text: str) -> int:
        self.hash.update(text.encode())
        self.size += len(text)
        return len(text)


def test_an_envelope_is_written_in_pieces_not_made_whole_first() -> None:
    """`show --json` of one findings file of 250,000 hidden dangers (53 MB) peaked at 2.5 GB:
    the envelope's text (386 MB) was made whole, from millions of pieces held at once, before
    a byte was written. It is written as it is made now: the same bytes."""
    import hashlib
    import tracemalloc

    document = {
        "findings": [
            {"item": f"item-{k}", "basis": ["CMHD-5.1"], "站点": "\u202e"} for k in range(20_000)
        ]
    }
    envelope = {"minecheck": 1, "command": "show", "ok": True, "data": {"documents": [document]}}
    expected = (json_text(envelope) + "\n").encode()
    out = _Digest()
    tracemalloc.start()
    try:
        write_json(out, envelope)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert out.hash.digest() == hashlib.sha256(expected).digest()
    assert out.size > 1_500_000
    assert peak < out.size // 4  # the text alone was out.size, its pieces several times that
