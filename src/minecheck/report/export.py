"""The export formats (SPEC 4): one row per consolidated finding, columns fixed, as CSV or JSONL."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable
from typing import Any, TextIO

from minecheck.core.sanitize import for_csv, json_escaped
from minecheck.report.rows import EXPORT_COLUMNS, FindingRow

FORMATS = ("csv", "jsonl")


def row_values(row: FindingRow) -> dict[str, Any]:
    """The export columns of a row as JSON values (lists stay lists, dates are ISO text)."""
    out: dict[str, Any] = {}
    for name in EXPORT_COLUMNS:
        value = getattr(row, name)
        if isinstance(value, tuple):
            value = list(value)
        elif isinstance(value, dt.date):
            value = value.isoformat()
        out[name] = value
    return out


class _CsvCells:
    """A row's CSV cells: empty for none, true/false, a list joined by `;`, dates in ISO form,
    and every text made safe for a spreadsheet (`for_csv`; flags are fixed words). Each distinct
    text is made safe once: sites, checklists, names and dates repeat on many rows, and
    `for_csv` looks at every character of a non-ASCII one."""

    def __init__(self) -> None:
        self._safe: dict[str, str] = {}

    def text(self, value: str) -> str:
        safe = self._safe.get(value)
        if safe is None:
            if len(self._safe) >= 20_000:  # memory stays bounded on any export
                self._safe.clear()
            safe = self._safe[value] = for_csv(value)
        return safe

    def row(self, row: FindingRow) -> list[str]:
        out = []
        for name in EXPORT_COLUMNS:
            value = getattr(row, name)
            if value is None:
                out.append("")
            elif isinstance(value, bool):
                out.append("true" if value else "false")
            elif isinstance(value, tuple):
                texts = map(str, value) if name == "flags" else map(self.text, map(str, value))
                out.append(";".join(texts))
            elif isinstance(value, dt.date):
                out.append(self.text(value.isoformat()))
            else:
                out.append(self.text(str(value)))
        return out


# What json.dumps(..., ensure_ascii=False, separators=(",", ":")) makes, without a new encoder
# for every row.
_JSONL = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


class RowWriter:
    """Rows written to `out` as they come, as CSV (its header first, even with no row) or
    JSONL; `finish()` when the last is written. `count`: the rows written."""

    def __init__(self, out: TextIO, fmt: str) -> None:
        self.out = out
        self.count = 0
        self._csv = csv.writer(out, lineterminator="\n") if fmt == "csv" else None
        self._cells = _CsvCells()
        self._started = False

    def write(self, rows: Iterable[FindingRow]) -> None:
        if not self._started:
            self._start()
        if self._csv is not None:
            cells, line = self._cells.row, self._csv.writerow
            for row in rows:
                line(cells(row))
                self.count += 1
        else:
            # control, format and separator characters escaped, as in every JSON minecheck
            # writes: a raw U+2028 or U+0085 ends a line for many a reader of lines
            encode = _JSONL.encode
            for row in rows:
                self.out.write(json_escaped(encode(row_values(row))) + "\n")
                self.count += 1

    def _start(self) -> None:
        self._started = True
        if self._csv is not None:
            self._csv.writerow(EXPORT_COLUMNS)

    def finish(self) -> None:
        if not self._started:
            self._start()


def to_csv(rows: Iterable[FindingRow]) -> str:
    """The rows as CSV, one line per row in EXPORT_COLUMNS (tests/test_export.py holds it to a
    plain writer over `row_values`)."""
    return render(rows, "csv")


def to_jsonl(rows: Iterable[FindingRow]) -> str:
    return render(rows, "jsonl")


def render(rows: Iterable[FindingRow], fmt: str) -> str:
    buf = io.StringIO()
    writer = RowWriter(buf, fmt)
    writer.write(rows)
    writer.finish()
    return buf.getvalue()
