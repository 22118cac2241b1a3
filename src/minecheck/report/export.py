"""The export formats (SPEC 4): one row per consolidated finding, columns fixed, as CSV or JSONL."""

from __future__ import annotations

import datetime as dt
import io
import json
import operator
from collections.abc import Iterable
from typing import Any, TextIO, TypeVar

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


_COLUMNS = operator.attrgetter(*EXPORT_COLUMNS)
# The columns a row shares with the other rows of its inspection (inspection, its documents,
# site, checklist), those it varies in (item to responsible), and those shared again
# (inspectors, signers, trust), by their places in EXPORT_COLUMNS.
_HEAD, _TAIL = 6, 17
_HEAD_NAMES = EXPORT_COLUMNS[:_HEAD]
_MIDDLE_NAMES = EXPORT_COLUMNS[_HEAD:_TAIL]
_TAIL_NAMES = EXPORT_COLUMNS[_TAIL:]
# severity to responsible of a row that is no hidden danger
_PLAIN = (None, (), None, None, False, (), None, None, None)
_KEPT = 20_000  # distinct texts (or column groups) made safe and remembered, at most


def csv_cell(text: str) -> str:
    """A cell as `csv.writer` writes it in the excel dialect (minimal quoting): in quotes, its
    quotes doubled, when it holds a comma, a quote or a line break. (csv.writer looks at each
    character through a function call: a third of an export's time; held to it in
    tests/test_export.py.)"""
    if '"' in text:
        return '"' + text.replace('"', '""') + '"'
    if "," in text or "\n" in text or "\r" in text:
        return '"' + text + '"'
    return text


class _CsvLines:
    """A row's CSV line: a cell empty for none, true/false, a list joined by `;`, a date in ISO
    form, and every text made safe for a spreadsheet (`for_csv`; flags are fixed words).

    Each distinct text is made safe once (sites, checklists, names and dates repeat on many
    rows, and `for_csv` looks at every character of a non-ASCII one), and the cells of the
    columns an inspection's rows share are made once for each distinct set of their values."""

    def __init__(self) -> None:
        self._safe: dict[str, str] = {}  # text -> made safe (a part of a list)
        self._cell: dict[str, str] = {}  # text -> made safe, as a cell
        self._heads: dict[tuple[object, ...], str] = {}
        self._tails: dict[tuple[object, ...], str] = {}
        self._plain_rest = "".join("," + c for c in self._cells(_MIDDLE_NAMES[2:], _PLAIN))

    def _text(self, value: str) -> str:
        return _kept(self._safe, value, for_csv)

    def _as_cell(self, value: str) -> str:
        return _kept(self._cell, value, lambda v: csv_cell(self._text(v)))

    def _cells(self, names: tuple[str, ...], values: tuple[object, ...]) -> list[str]:
        out = []
        for name, value in zip(names, values, strict=True):
            if value is None:
                out.append("")
            elif isinstance(value, bool):
                out.append("true" if value else "false")
            elif isinstance(value, tuple):
                parts = map(str, value) if name == "flags" else map(self._text, map(str, value))
                out.append(csv_cell(";".join(parts)))
            elif isinstance(value, dt.date):
                out.append(self._as_cell(value.isoformat()))
            else:
                out.append(self._as_cell(str(value)))
        return out

    def line(self, row: FindingRow) -> str:
        values = _COLUMNS(row)
        head = _kept(self._heads, values[:_HEAD], self._joined(_HEAD_NAMES))
        tail = _kept(self._tails, values[_TAIL:], self._joined(_TAIL_NAMES))
        if values[_HEAD + 2 : _TAIL] == _PLAIN:  # no hidden danger: item and result alone
            item, result = values[_HEAD], values[_HEAD + 1]
            middle = f"{self._as_cell(item)},{self._as_cell(result)}{self._plain_rest}"
        else:
            middle = ",".join(self._cells(_MIDDLE_NAMES, values[_HEAD:_TAIL]))
        return f"{head},{middle},{tail}\n"

    def _joined(self, names: tuple[str, ...]) -> Any:
        return lambda values: ",".join(self._cells(names, values))


K = TypeVar("K")


def _kept(memo: dict[K, str], key: K, make: Any) -> str:
    """`make(key)`, remembered in `memo` (at most _KEPT entries: memory stays bounded)."""
    made = memo.get(key)
    if made is None:
        if len(memo) >= _KEPT:
            memo.clear()
        made = memo[key] = make(key)
    return made


# What json.dumps(..., ensure_ascii=False, separators=(",", ":")) makes, without a new encoder
# for every row.
_JSONL = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
_KEYS = {name: _JSONL.encode(name) + ":" for name in EXPORT_COLUMNS}


class _JsonLines:
    """A row's JSONL line: `row_values` as compact JSON, control, format and separator
    characters escaped (`json_escaped`: a raw U+2028 or U+0085 ends a line for many a reader
    of lines). Each distinct value is written once, and the columns an inspection's rows share
    once for each distinct set of their values (as `_CsvLines`)."""

    def __init__(self) -> None:
        self._json: dict[object, str] = {}  # a value -> its JSON, escaped
        self._heads: dict[tuple[object, ...], str] = {}
        self._tails: dict[tuple[object, ...], str] = {}
        self._plain_rest = "," + self._pairs(_MIDDLE_NAMES[2:], _PLAIN)

    def _value(self, value: object) -> str:
        return _kept(self._json, value, _json_value)

    def _pairs(self, names: tuple[str, ...], values: tuple[object, ...]) -> str:
        value = self._value
        return ",".join(_KEYS[n] + value(v) for n, v in zip(names, values, strict=True))

    def line(self, row: FindingRow) -> str:
        values = _COLUMNS(row)
        head = _kept(self._heads, values[:_HEAD], self._joined(_HEAD_NAMES))
        tail = _kept(self._tails, values[_TAIL:], self._joined(_TAIL_NAMES))
        if values[_HEAD + 2 : _TAIL] == _PLAIN:  # no hidden danger: item and result alone
            item, result = self._value(values[_HEAD]), self._value(values[_HEAD + 1])
            middle = f'"item":{item},"result":{result}{self._plain_rest}'
        else:
            middle = self._pairs(_MIDDLE_NAMES, values[_HEAD:_TAIL])
        return f"{{{head},{middle},{tail}}}\n"

    def _joined(self, names: tuple[str, ...]) -> Any:
        return lambda values: self._pairs(names, values)


def _json_value(value: object) -> str:
    """One value of `row_values` as JSONL writes it."""
    if isinstance(value, tuple):
        value = list(value)
    elif isinstance(value, dt.date):
        value = value.isoformat()
    return json_escaped(_JSONL.encode(value))


class RowWriter:
    """Rows written to `out` as they come, as CSV (its header first, even with no row) or
    JSONL; `finish()` when the last is written. `count`: the rows written."""

    def __init__(self, out: TextIO, fmt: str) -> None:
        self.out = out
        self.count = 0
        self._csv = fmt == "csv"
        self._lines = _CsvLines() if self._csv else _JsonLines()
        self._started = False

    def write(self, rows: Iterable[FindingRow]) -> None:
        if not self._started:
            self._start()
        line, write = self._lines.line, self.out.write
        for row in rows:
            write(line(row))
            self.count += 1

    def _start(self) -> None:
        self._started = True
        if self._csv:
            self.out.write(",".join(map(csv_cell, EXPORT_COLUMNS)) + "\n")

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
