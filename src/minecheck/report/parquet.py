"""Consolidated findings as Apache Parquet, for DuckDB, Spark and the like.

The columns are the export columns (SPEC 4, `EXPORT_COLUMNS`, same names and order), typed:
lists stay lists, the deadline is a date, `overdue` a boolean, absent values are nulls. pyarrow
is an optional extra (`pip install 'minecheck[parquet]'`); without it a clear error says so.
Rows are written in batches, so memory holds one batch and the compressed file, never all rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from minecheck.errors import UsageError
from minecheck.report.rows import EXPORT_COLUMNS, FindingRow

BATCH_ROWS = 8192

_LISTS = frozenset({"document_ids", "basis", "flags", "inspectors", "signers"})
_NULLABLE = frozenset(
    {"site_id", "severity", "state", "deadline", "description", "location", "responsible"}
)


def _pyarrow() -> tuple[Any, Any]:
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise UsageError(
            "writing Parquet needs the optional pyarrow package, which is not installed",
            hint="pip install 'minecheck[parquet]'",
            code="missing-extra",
        ) from None
    return pyarrow, pyarrow.parquet


def schema() -> Any:
    """The Parquet schema: EXPORT_COLUMNS with their types."""
    pa, _ = _pyarrow()
    fields = []
    for name in EXPORT_COLUMNS:
        if name in _LISTS:
            kind = pa.list_(pa.string())
        elif name == "deadline":
            kind = pa.date32()
        elif name == "overdue":
            kind = pa.bool_()
        else:
            kind = pa.string()
        fields.append(pa.field(name, kind, nullable=name in _NULLABLE))
    return pa.schema(fields)


def _batches(rows: Iterable[FindingRow]) -> Iterator[dict[str, list[Any]]]:
    columns: dict[str, list[Any]] = {name: [] for name in EXPORT_COLUMNS}
    count = 0
    for row in rows:
        for name in EXPORT_COLUMNS:
            value = getattr(row, name)
            columns[name].append(list(value) if name in _LISTS else value)
        count += 1
        if count == BATCH_ROWS:
            yield columns
            columns = {name: [] for name in EXPORT_COLUMNS}
            count = 0
    if count:
        yield columns


def parquet_bytes(rows: Iterable[FindingRow]) -> bytes:
    """The Parquet file of `rows`, in the order given (consumed once)."""
    pa, pq = _pyarrow()
    table_schema = schema()
    sink = pa.BufferOutputStream()
    with pq.ParquetWriter(sink, table_schema) as writer:
        for columns in _batches(rows):
            writer.write_table(pa.Table.from_pydict(columns, schema=table_schema))
    return bytes(sink.getvalue().to_pybytes())


def write_parquet(rows: Iterable[FindingRow], path: Path, *, force: bool = False) -> None:
    """Write `rows` to `path` atomically (never replacing a file unless `force`)."""
    from minecheck.fileio import atomic_write

    atomic_write(path, parquet_bytes(rows), force=force)
