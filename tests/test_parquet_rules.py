"""Parquet export at the edges: the row groups a reader meets, and the bytes `parquet_bytes`
gives (the file `write_parquet` writes, byte for byte)."""

from __future__ import annotations

import gc
import sys
from pathlib import Path
from typing import Any

import duckdb
import pytest

from minecheck.report import parquet
from minecheck.report.rows import EXPORT_COLUMNS
from tests.summary_corpus import KNOWN


def row_groups(path: Path) -> list[int]:
    """The number of rows in each row group of the Parquet file, in order."""
    rel = duckdb.sql(
        f"SELECT row_group_num_rows FROM parquet_metadata('{path}') "
        "WHERE column_id = 0 ORDER BY row_group_id"
    )
    assert rel is not None
    return [n for (n,) in rel.fetchall()]


def rows_of(path: Path) -> list[tuple[Any, ...]]:
    rel = duckdb.sql(f"SELECT * FROM read_parquet('{path}')")
    assert rel is not None
    return rel.fetchall()


def test_row_groups_are_full_batches_and_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """14 rows, 4 to a batch: groups of 4, 4, 4 and 2 (no empty group before or after)."""
    monkeypatch.setattr(parquet, "BATCH_ROWS", 4)
    out = tmp_path / "export.parquet"
    parquet.write_parquet(iter(KNOWN), out)
    assert row_groups(out) == [4, 4, 4, 2]


def test_no_rows_is_a_file_without_row_groups(tmp_path: Path) -> None:
    out = tmp_path / "export.parquet"
    parquet.write_parquet([], out)
    assert row_groups(out) == []


def test_a_large_export_is_written_in_groups_of_8192_rows(tmp_path: Path) -> None:
    """Memory holds one batch of rows, never the whole export: a reader meets the groups."""
    rows = KNOWN * 586  # 8,204 rows
    out = tmp_path / "export.parquet"
    parquet.write_parquet(iter(rows), out)
    assert row_groups(out) == [8192, 12]


def test_parquet_bytes_are_the_file_write_parquet_writes(tmp_path: Path) -> None:
    out = tmp_path / "export.parquet"
    parquet.write_parquet(KNOWN, out)
    data = parquet.parquet_bytes(iter(KNOWN))
    assert data == out.read_bytes()
    assert data[:4] == data[-4:] == b"PAR1"
    again = tmp_path / "again.parquet"
    again.write_bytes(data)
    got = rows_of(again)
    assert [r[EXPORT_COLUMNS.index("item")] for r in got] == [r.item for r in KNOWN]


def test_an_abandoned_export_leaves_nothing_to_say_when_collected(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An export that fails part way closes its writer before its file is thrown away: pyarrow
    would otherwise close it later, onto a closed file, and print an ignored error on stderr."""
    ignored: list[object] = []
    monkeypatch.setattr(sys, "unraisablehook", ignored.append)
    with (tmp_path / "export.parquet").open("wb") as fh:
        writer = parquet.ParquetRows(fh)
        writer.write_rows(KNOWN)
        writer.abandon()
    del writer
    gc.collect()
    assert ignored == []
