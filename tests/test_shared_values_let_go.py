"""Equal values of a document's findings are held once while it is read (docschema, and a cached
value decoded): once the document is let go, nothing of its texts is kept for the next one. A
batch reads thousands of documents in one process, each with texts of its own."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from minecheck.core.seal import _parse_body
from minecheck.report.corpus_cache import decode_at, encode_result, read_for_cache
from tests.helpers_heap import old_objects_set_aside
from tests.test_seal_pieces import _body

LONG = "Methane above the limit at the face, the sensor not calibrated; " * 6


def _held_after(read: Callable[[], object]) -> int:
    """Bytes allocated by minecheck's code while `read` ran and still held after (what other
    threads allocate meanwhile, a test runner's own, is not counted; nor garbage not yet
    collected: an earlier test in the same process may leave the collector far from a run)."""
    mine = [tracemalloc.Filter(True, f"*{os.sep}minecheck{os.sep}*", all_frames=True)]
    with old_objects_set_aside():
        tracemalloc.start(30)
        try:
            gc.collect()
            before = tracemalloc.take_snapshot().filter_traces(mine)
            got = read()
            assert got is not None
            del got
            gc.collect()
            after = tracemalloc.take_snapshot().filter_traces(mine)
        finally:
            tracemalloc.stop()
    return sum(d.size_diff for d in after.compare_to(before, "filename"))


def _distinct(n: int, tag: str) -> bytes:
    """A body of `n` findings, each with a description of its own (`tag` sets them apart)."""
    lines = _body(n, LONG).split(b"\n")
    return b"\n".join(
        line.replace(b"at the face", b"at face %s %d" % (tag.encode(), k))
        if line.startswith(b"description")
        else line
        for k, line in enumerate(lines)
    )


def _big_document_held() -> float:
    """What reading a second big body keeps of it, once let go, as a share of its size."""
    first, second = _distinct(2_400, "a"), _distinct(2_400, "b")
    assert len(second) > 2**20  # over the 1 MiB read whole: read a piece at a time
    document, problems = _parse_body(first, "f")
    assert problems == []
    assert document is not None
    del document
    return _held_after(lambda: _parse_body(second, "g")[0]) / len(second)


def _cached_value_held() -> float:
    """What decoding a second cached value keeps of it, once let go, as a share of its size."""
    first, second = (encode_result(read_for_cache(_distinct(3_000, t))) for t in "ab")
    # (texts no reader met: the values a document's reading held once are not the decoder's)
    second = second.replace(b"at face b ", b"at face c ")
    assert b"at face c " in second
    decode_at(first, "f")
    return _held_after(lambda: decode_at(second, "g")) / len(second)


def _in_a_process(measure: str) -> float:
    """MEASURE (a function of this module) run in a process of its own: tracemalloc counts what
    minecheck's code allocates in every thread, and a test run before in the same worker may
    leave one running (a shared worker once read 2.5x here, where a process alone reads ~0)."""
    run = subprocess.run(
        [sys.executable, "-c", f"from {__name__} import {measure}; print({measure}())"],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parents[1],
    )
    return float(run.stdout)


def test_a_big_document_read_keeps_none_of_its_texts_once_let_go() -> None:
    held = _in_a_process("_big_document_held")
    assert held < 0.05, held


def test_a_cached_value_decoded_keeps_none_of_its_texts_once_let_go() -> None:
    held = _in_a_process("_cached_value_held")
    assert held < 0.05, held
