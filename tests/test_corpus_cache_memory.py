"""A big document's cached value is read without holding its findings twice: whether it records
a major keeps the answers, not the value's findings; decoding lets each finding's list go."""

from __future__ import annotations

import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

from minecheck.report.corpus_cache import decode_at, encode_result, read_for_cache, records_majors
from tests.test_seal_pieces import _body

N = 6_000


@pytest.fixture(scope="module")
def blob() -> bytes:
    return encode_result(read_for_cache(_body(N)))


def test_whether_a_value_records_a_major_keeps_no_finding(blob: bytes) -> None:
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        found = records_majors(blob)
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert found(0) is True
    assert found(-1) is True
    with pytest.raises(ValueError, match="cannot decode a cached value: list index out of range"):
        found(1)
    # the value's findings parsed are ~2.5x its size; a document's answer is a few bytes
    assert held < 0.1 * len(blob), held / len(blob)


def test_a_value_without_a_document_per_index_is_said_when_asked() -> None:
    head = encode_result(read_for_cache(_body(3))).partition(b"\n")[0]
    found = records_majors(head + b'\n{"0": 1}')
    with pytest.raises(ValueError, match="cannot decode a cached value"):
        found(0)
    found = records_majors(head + b"\n[[[[1, 2, 3]]]]")
    with pytest.raises(ValueError, match="not a document's findings"):
        found(0)
    found = records_majors(
        head + b'\n[[[["a", "noncompliant", "minor", [], null, "d", null, null, null]]], []]'
    )
    assert found(0) is False
    with pytest.raises(ValueError, match="cannot decode a cached value"):
        found(1)


def test_decoding_a_big_value_holds_its_findings_once(blob: bytes, tmp_path: Path) -> None:
    result = decode_at(blob, "f")
    (leaf,) = result.leaves
    assert len(leaf.findings) == N
    assert leaf.findings[5].description == "Methane above the limit 5"
    assert leaf.findings[5].deadline is leaf.findings[6].deadline
    # each finding's list let go once decoded, equal texts and dates held once: ~7.4x the
    # value's compact JSON; the lists held whole beside findings of their own copies: ~9.6x
    peak = _decoding_peak(blob, tmp_path)
    assert peak < 8.5 * len(blob), peak / len(blob)


# Measured in a process of its own: tracemalloc counts the allocations of every thread, and a
# test run before in the same worker may leave one running (a run under load once read 9.8x).
_DECODE = """
import sys, tracemalloc
from minecheck.report.corpus_cache import decode_at
blob = open(sys.argv[1], "rb").read()
tracemalloc.start()
before = tracemalloc.get_traced_memory()[0]
result = decode_at(blob, "f")
print(tracemalloc.get_traced_memory()[1] - before)
"""


def _decoding_peak(blob: bytes, tmp_path: Path) -> int:
    value = tmp_path / "value"
    value.write_bytes(blob)
    run = subprocess.run(
        [sys.executable, "-c", _DECODE, str(value)], capture_output=True, text=True, check=True
    )
    return int(run.stdout)
