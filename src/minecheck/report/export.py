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


def _cell(name: str, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(for_csv(str(v)) if name != "flags" else str(v) for v in value)
    return for_csv(str(value))


def to_csv(rows: Iterable[FindingRow]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(EXPORT_COLUMNS)
    for row in rows:
        values = row_values(row)
        writer.writerow([_cell(name, values[name]) for name in EXPORT_COLUMNS])
    return buf.getvalue()


def to_jsonl(rows: Iterable[FindingRow]) -> str:
    return "".join(
        json.dumps(row_values(row), ensure_ascii=False, separators=(",", ":")) + "\n"
        for row in rows
    )


def render(rows: Iterable[FindingRow], fmt: str) -> str:
    return to_csv(rows) if fmt == "csv" else to_jsonl(rows)
