"""Consolidated findings as Apache Parquet, for DuckDB, Spark and the like.

The columns are the export columns (SPEC 4, `EXPORT_COLUMNS`, same names and order), typed:
lists stay lists, the deadline is a date, `overdue` a boolean, absent values are nulls. pyarrow
is an optional extra (`pip install '.[parquet]'` in the source, or pyarrow itself); without it a
clear error says so.
Rows are written as they come, a row group of BATCH_ROWS at a time (`ParquetRows`), so memory
holds one batch, never all rows.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from minecheck.errors import UsageError
from minecheck.report.rows import EXPORT_COLUMNS, FindingRow

if TYPE_CHECKING:
    from minecheck.report.consolidate import InspectionRows

BATCH_ROWS = 8192

_LISTS = frozenset({"document_ids", "basis", "flags", "inspectors", "signers"})
_NULLABLE = frozenset(
    {"site_id", "severity", "state", "deadline", "description", "location", "responsible"}
)


def _pyarrow() -> tuple[Any, Any]:
    """pyarrow and pyarrow.parquet; a usage error where they are not installed, or where the
    release installed cannot be loaded (pyarrow 14 and 15, built for NumPy 1, beside NumPy 2)."""
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError as exc:
        from importlib.util import find_spec

        from minecheck.i18n import t

        if find_spec("pyarrow") is None:
            raise UsageError(
                t("writing Parquet needs the optional pyarrow package, which is not installed"),
                hint=t("install it (minecheck's parquet extra):\n  pip install 'pyarrow>=16'"),
                code="missing-extra",
            ) from None
        raise UsageError(
            t(
                "writing Parquet needs the optional pyarrow package; "
                "the one installed cannot be loaded: {reason}",
                reason=str(exc),
            ),
            hint=t(
                "upgrade it (minecheck's parquet extra):\n  pip install --upgrade 'pyarrow>=16'"
            ),
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


class ParquetRows:
    """Rows written to the binary file `out` as they come, as Parquet; `finish()` after the
    last (an export with no row is a file with the columns and no row). `count`: the rows."""

    def __init__(self, out: BinaryIO) -> None:
        pa, pq = _pyarrow()
        self._table = pa.Table.from_pydict
        self._schema = schema()
        self._writer = pq.ParquetWriter(out, self._schema)
        self._columns: dict[str, list[Any]] = {name: [] for name in EXPORT_COLUMNS}
        self._pending = 0
        self.count = 0
        self.lines_to = None  # (rows, not lines: made here)

    def write(self, rows: InspectionRows) -> None:
        """An inspection's rows (`rows.whole()`)."""
        self.write_rows(rows.whole())

    def write_rows(self, rows: Iterable[FindingRow]) -> None:
        """Rows in their order."""
        columns = self._columns
        for row in rows:
            for name in EXPORT_COLUMNS:
                value = getattr(row, name)
                columns[name].append(list(value) if name in _LISTS else value)
            self._pending += 1
            self.count += 1
            if self._pending == BATCH_ROWS:
                self._flush()
                columns = self._columns

    def _flush(self) -> None:
        if self._pending:
            self._writer.write_table(self._table(self._columns, schema=self._schema))
            self._columns = {name: [] for name in EXPORT_COLUMNS}
            self._pending = 0

    def finish(self) -> None:
        self._flush()
        self._writer.close()

    def abandon(self) -> None:
        """Close the writer of an export that failed (its file is thrown away): left open,
        pyarrow closes it when it is collected, after the file, and says so on stderr."""
        with contextlib.suppress(Exception):
            self._writer.close()


def _write_all(rows: Iterable[FindingRow], out: BinaryIO) -> None:
    writer = ParquetRows(out)
    writer.write_rows(rows)
    writer.finish()


def parquet_bytes(rows: Iterable[FindingRow]) -> bytes:
    """The Parquet file of `rows`, in the order given (consumed once)."""
    import io

    out = io.BytesIO()
    _write_all(rows, out)
    return out.getvalue()


def write_parquet(rows: Iterable[FindingRow], path: Path, *, force: bool = False) -> None:
    """Write `rows` to `path` atomically (never replacing a file unless `force`), as they come."""
    from functools import partial

    from minecheck.fileio import atomic_write

    atomic_write(path, partial(_write_all, rows), force=force)
