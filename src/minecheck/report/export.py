"""The export formats (SPEC 4): one row per consolidated finding, columns fixed, as CSV or JSONL."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable
from typing import Any

from minecheck.core.sanitize import for_csv
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
            if len(self._safe) >= 100_000:  # memory stays bounded on any export
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


def to_csv(rows: Iterable[FindingRow]) -> str:
    """The rows as CSV, one line per row in EXPORT_COLUMNS (tests/test_export.py holds it to a
    plain writer over `row_values`)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(EXPORT_COLUMNS)
    cells = _CsvCells()
    for row in rows:
        writer.writerow(cells.row(row))
    return buf.getvalue()


# What json.dumps(..., ensure_ascii=False, separators=(",", ":")) makes, without a new encoder
# for every row.
_JSONL = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def to_jsonl(rows: Iterable[FindingRow]) -> str:
    encode = _JSONL.encode
    return "".join(encode(row_values(row)) + "\n" for row in rows)


def render(rows: Iterable[FindingRow], fmt: str) -> str:
    return to_csv(rows) if fmt == "csv" else to_jsonl(rows)
