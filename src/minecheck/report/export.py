"""The export formats (SPEC 4): one row per consolidated finding, columns fixed, as CSV or JSONL."""

from __future__ import annotations

import datetime as dt
import io
import json
import operator
from collections.abc import Callable, Iterable
from typing import Any, ClassVar, TextIO, TypeVar

from minecheck.core.sanitize import for_csv, json_escaped
from minecheck.report.consolidate import InspectionRows, PlainGroup, shared_columns
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
# The columns an inspection's rows share before the item name the inspection: remembered for
# its rows (they come together), not for the inspections after it.
_KEPT_HEADS = 64
_FIRST = operator.itemgetter(0)


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


class _Lines:
    """A row's line from remembered pieces (what `_CsvLines` and `_JsonLines` share).

    A row's columns are read at once; the columns an inspection's rows share (inspection, its
    documents, site, checklist; inspectors, signers, trust) are made once for each distinct set
    of their values, and a row that is no hidden danger (most rows) is its item and result
    between them; those of a plain group (`lines`) are written without a row made for each.
    Each distinct value is made once (`_one`). Everything remembered is bounded (`_KEPT`
    entries a kind, cleared when full), so memory stays flat on any export."""

    # a line: _OPEN head _SEP middle _SEP tail _CLOSE; a plain middle: _ITEM item _SEP
    # _RESULT result and the fixed rest
    _OPEN, _SEP, _CLOSE, _ITEM, _RESULT = "", ",", "\n", "", ""

    def __init__(self) -> None:
        self._one: dict[object, str] = {}
        self._heads: dict[tuple[object, ...], str] = {}
        self._tails: dict[tuple[object, ...], str] = {}
        self._plain_rest = self._SEP + self._piece(_MIDDLE_NAMES[2:], _PLAIN)

    def _make(self, value: object) -> str:
        """One value as it stands in a line (not remembered)."""
        raise NotImplementedError

    def _piece(self, names: tuple[str, ...], values: tuple[object, ...]) -> str:
        """These columns' values as they stand in a line, together (not remembered)."""
        raise NotImplementedError

    def _value(self, value: object) -> str:
        made = self._one.get(value)
        return made if made is not None else _remember(self._one, value, self._make(value))

    def _head(self, shared: tuple[object, ...]) -> str:
        head = self._heads.get(shared)
        if head is None:
            made = self._piece(_HEAD_NAMES, shared)
            head = _remember(self._heads, shared, made, kept=_KEPT_HEADS)
        return head

    def _tail(self, shared: tuple[object, ...]) -> str:
        tail = self._tails.get(shared)
        if tail is None:
            tail = _remember(self._tails, shared, self._piece(_TAIL_NAMES, shared))
        return tail

    def lines(self, rows: InspectionRows) -> list[str]:
        """The lines of an inspection's rows, in the order of `rows.whole()`."""
        if not rows.plain:
            return list(map(self.line, rows.whole()))
        keyed = [(row.item, self.line(row)) for row in rows.made]
        for group in rows.plain:
            keyed += self._plain_lines(group)
        keyed.sort(key=_FIRST)  # (an item is in one row only)
        return [line for _, line in keyed]

    def _plain_lines(self, group: PlainGroup) -> list[tuple[str, str]]:
        """(item, line) of each row of `group`: `line` of each of `group.rows()`."""
        shared = shared_columns(group.src, group.status)
        head, tail = self._head(shared[0]), self._tail(shared[1])
        sep, value, one = self._SEP, self._value, self._one
        start = f"{self._OPEN}{head}{sep}{self._ITEM}"
        out: list[tuple[str, str]] = []
        for result, items in group.results:
            end = f"{sep}{self._RESULT}{value(result)}{self._plain_rest}{sep}{tail}{self._CLOSE}"
            for item in items:
                made = one.get(item)
                out.append((item, f"{start}{made if made is not None else value(item)}{end}"))
        return out

    def line(self, row: FindingRow) -> str:
        values = _COLUMNS(row)
        head = self._head(values[:_HEAD])
        tail = self._tail(values[_TAIL:])
        if values[_HEAD + 2 : _TAIL] == _PLAIN:  # no hidden danger: item and result alone
            value, one = self._value, self._one
            item, result = one.get(values[_HEAD]), one.get(values[_HEAD + 1])
            item = item if item is not None else value(values[_HEAD])
            result = result if result is not None else value(values[_HEAD + 1])
            middle = f"{self._ITEM}{item}{self._SEP}{self._RESULT}{result}{self._plain_rest}"
        else:
            middle = self._piece(_MIDDLE_NAMES, values[_HEAD:_TAIL])
        sep = self._SEP
        return f"{self._OPEN}{head}{sep}{middle}{sep}{tail}{self._CLOSE}"


K = TypeVar("K")


def _remember(memo: dict[K, str], key: K, made: str, *, kept: int | None = None) -> str:
    """`made` kept under `key` (a memo of at most `kept` entries, _KEPT unless said, cleared
    when full)."""
    if len(memo) >= (_KEPT if kept is None else kept):
        memo.clear()
    memo[key] = made
    return made


class _CsvLines(_Lines):
    """CSV: a cell empty for none, true/false, a list joined by `;`, a date in ISO form, and
    every text made safe for a spreadsheet (`for_csv`; flags are fixed words), then quoted
    where it must be (`csv_cell`). (`for_csv` looks at every character of a non-ASCII text:
    each distinct text is made safe once.)"""

    def __init__(self) -> None:
        self._safe: dict[str, str] = {}  # a text made safe, as a part of a list
        super().__init__()

    def _text(self, value: str) -> str:
        safe = self._safe.get(value)
        return safe if safe is not None else _remember(self._safe, value, for_csv(value))

    def _make(self, value: object) -> str:
        return csv_cell(self._text(str(value)))

    def _piece(self, names: tuple[str, ...], values: tuple[object, ...]) -> str:
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
                out.append(self._value(value.isoformat()))
            else:
                out.append(self._value(str(value)))
        return ",".join(out)


# What json.dumps(..., ensure_ascii=False, separators=(",", ":")) makes, without a new encoder
# for every row.
_JSONL = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
# each column's key as it starts its pair: compact (JSONL), and as `indent=2` lays it out
_COMPACT_KEYS = {name: _JSONL.encode(name) + ":" for name in EXPORT_COLUMNS}
_LAID_KEYS = {name: _JSONL.encode(name) + ": " for name in EXPORT_COLUMNS}


class _JsonLines(_Lines):
    """JSONL: `row_values` as compact JSON, control, format and separator characters escaped
    (`json_escaped`: a raw U+2028 or U+0085 ends a line for many a reader of lines)."""

    _KEYS: ClassVar[dict[str, str]] = _COMPACT_KEYS
    _OPEN, _CLOSE = "{", "}\n"
    _ITEM, _RESULT = _COMPACT_KEYS["item"], _COMPACT_KEYS["result"]

    def _make(self, value: object) -> str:
        return _json_value(value)

    def _piece(self, names: tuple[str, ...], values: tuple[object, ...]) -> str:
        value, keys = self._value, self._KEYS
        return self._SEP.join(keys[n] + value(v) for n, v in zip(names, values, strict=True))


class LaidOut(_JsonLines):
    """A row as `json.dumps(row_values(row), ensure_ascii=False, indent=2)` lays it out, escaped
    as `json_escaped` escapes it (a row of `export --json`'s envelope; no newline after it)."""

    _KEYS = _LAID_KEYS
    _OPEN, _SEP, _CLOSE = "{\n  ", ",\n  ", "\n}"
    _ITEM, _RESULT = _LAID_KEYS["item"], _LAID_KEYS["result"]

    def _make(self, value: object) -> str:
        if isinstance(value, tuple):
            if not value:
                return "[]"
            return "[\n    " + ",\n    ".join(map(_json_value, value)) + "\n  ]"
        return _json_value(value)


def _json_value(value: object) -> str:
    """One value of `row_values` as JSONL writes it."""
    if isinstance(value, tuple):
        value = list(value)
    elif isinstance(value, dt.date):
        value = value.isoformat()
    return json_escaped(_JSONL.encode(value))


# What makes an inspection's lines (a class: made once in each worker) and what takes them.
LinesTo = tuple[Callable[[], _Lines], Callable[[list[str]], None]]


class RowWriter:
    """Rows written to `out` as they come, as CSV (its header first, even with no row) or
    JSONL; `finish()` when the last is written. `count`: the rows written. `lines_to`: the
    lines of the rows made elsewhere (report.stream_files.export_files) and written here."""

    def __init__(self, out: TextIO, fmt: str) -> None:
        self.out = out
        self.count = 0
        self._csv = fmt == "csv"
        self._lines = _CsvLines() if self._csv else _JsonLines()
        self._started = False
        self.lines_to: LinesTo = (type(self._lines), self._write)

    def write(self, rows: InspectionRows) -> None:
        """An inspection's rows (`rows.whole()`'s lines)."""
        self._write(self._lines.lines(rows))

    def write_rows(self, rows: Iterable[FindingRow]) -> None:
        """Rows in their order."""
        self._write(list(map(self._lines.line, rows)))

    def _write(self, lines: list[str]) -> None:
        if not self._started:
            self._start()
        self.out.write("".join(lines))  # (a write per row cost a sixth of the writing)
        self.count += len(lines)

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
    writer.write_rows(rows)
    writer.finish()
    return buf.getvalue()
