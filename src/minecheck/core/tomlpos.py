"""Find where each key of a TOML document stands, so schema errors can say `line:col`.

TOML parsers return plain dicts without positions; this light scanner walks the same text and
maps every key path (`("section", 2, "item", 0, "severity")`) to the 1-based line and column
of the key. It assumes the text already parsed; on anything odd it simply records less, and it
records nothing deeper than DEEPEST levels (an error there is placed at its deepest recorded
ancestor), so its time and memory stay linear in the text whatever the nesting.
"""

from __future__ import annotations

import re
from typing import TypeAlias

KeyPath: TypeAlias = tuple[str | int, ...]
Positions: TypeAlias = dict[KeyPath, tuple[int, int]]

# Positions are worked out for a text up to this many characters; beyond it a problem names its
# key path instead (the scanner takes ~25 us a line: a 16 MiB answers file of short lines was
# 40 s of scanning to place its first problem)
POSITIONS_MAX = 1024 * 1024
DEEPEST = 64  # key paths are recorded this many levels down: each level costs a tuple of its depth
_HEX = frozenset("0123456789abcdefABCDEF")
# Runs taken in one step rather than a character at a time (a 16 MiB answers file: 50 s): a
# bare key's characters, and what a string of each kind holds up to its end, a line's end or,
# in a basic string, an escape
_BARE_RUN = re.compile("[A-Za-z0-9_-]*")
_PLAIN_RUN = {'"': re.compile(r'[^"\\\n]*'), "'": re.compile(r"[^'\n]*")}
_ESCAPES = {
    "b": "\b",
    "t": "\t",
    "n": "\n",
    "f": "\f",
    "r": "\r",
    "e": "\x1b",
    '"': '"',
    "\\": "\\",
}


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.line = 1
        self.line_start = 0
        self.found: Positions = {}
        self.aot_count: dict[KeyPath, int] = {}

    # -- low level -----------------------------------------------------------------------------
    def peek(self, n: int = 0) -> str:
        i = self.pos + n
        return self.text[i] if i < len(self.text) else ""

    def advance(self, n: int = 1) -> None:
        end = min(self.pos + n, len(self.text))
        newlines = self.text.count("\n", self.pos, end)
        if newlines:
            self.line += newlines
            self.line_start = self.text.rfind("\n", self.pos, end) + 1
        self.pos = end

    def _progress(self, before: int) -> None:
        """Step over one character when a round of a loop consumed nothing (text TOML refuses)."""
        if self.pos == before:
            self.advance()

    def col(self) -> int:
        return self.pos - self.line_start + 1

    def skip_ws(self, newlines: bool = False) -> None:
        while True:
            ch = self.peek()
            if ch in (" ", "\t") or (newlines and ch in ("\n", "\r")):
                self.advance()
            elif ch == "#" and newlines:
                while self.peek() not in ("", "\n"):
                    self.advance()
            else:
                return

    def skip_line(self) -> None:
        while self.peek() not in ("", "\n"):
            if self.peek() in ('"', "'"):
                self.read_string()
            else:
                self.advance()
        self.advance()

    def read_string(self) -> str:
        """A string of any of TOML's four forms at the cursor; returns its (decoded) value.

        Always moves past the opening quote; an unterminated string runs to the end of its line
        (single-line forms) or of the text (multi-line forms).
        """
        quote = self.peek()
        if self.text.startswith(quote * 3, self.pos):
            return self._read_multiline(quote)
        self.advance()
        out: list[str] = []
        plain = _PLAIN_RUN[quote]
        while True:
            run = plain.match(self.text, self.pos)
            if run is not None and run.end() > self.pos:  # taken whole: no line ends in it
                out.append(run.group())
                self.pos = run.end()
            ch = self.peek()
            if ch in ("", "\n", quote):
                break
            out.append(self._escape())  # (what stops a run and is none of those: a `\`)
        if self.peek() == quote:
            self.advance()
        return "".join(out)

    def _escape(self) -> str:
        """The character a `\\` escape at the cursor stands for; moves past it."""
        code = self.peek(1)
        self.advance(2 if code else 1)
        simple = _ESCAPES.get(code)
        if simple is not None:
            return simple
        width = {"u": 4, "U": 8, "x": 2}.get(code)
        if width is not None:
            digits = self.text[self.pos : self.pos + width]
            if len(digits) == width and all(c in _HEX for c in digits):
                self.advance(width)
                value = int(digits, 16)
                if value <= 0x10FFFF:
                    return chr(value)
        return code

    def _read_multiline(self, quote: str) -> str:
        """A triple-quoted string (escapes honoured in the basic form); up to two extra quotes
        before the closing ones belong to the value."""
        text = self.text
        start = self.pos + 3
        close = quote * 3
        end = -1
        i = start
        backslash = text.find("\\", i) if quote == '"' else -1
        found = text.find(close, i)
        while found >= 0:
            if 0 <= backslash < found:
                i = backslash + 2  # an escaped character never closes the string
                backslash = text.find("\\", i)
                if found < i:
                    found = text.find(close, i)
                continue
            end = found
            break
        if end < 0:
            value = text[start:]
            self.advance(len(text) - self.pos)
            return value
        extra = 0
        while extra < 2 and text.startswith(quote, end + 3 + extra):
            extra += 1
        value = text[start : end + extra]
        self.advance(end + 3 + extra - self.pos)
        return value

    # -- keys and values -----------------------------------------------------------------------
    def read_key(self) -> list[tuple[str, int, int]]:
        """A dotted key: each part with its line and column."""
        parts: list[tuple[str, int, int]] = []
        while True:
            self.skip_ws()
            line, col = self.line, self.col()
            ch = self.peek()
            if ch in ('"', "'"):
                parts.append((self.read_string(), line, col))
            else:
                start = self.pos
                self.pos = _BARE_RUN.match(self.text, start).end()  # type: ignore[union-attr]
                if self.pos == start:
                    return parts
                parts.append((self.text[start : self.pos], line, col))
            self.skip_ws()
            if self.peek() != ".":
                return parts
            self.advance()

    def record(self, base: KeyPath, parts: list[tuple[str, int, int]]) -> KeyPath:
        path = base
        for i, (name, line, col) in enumerate(parts):
            if len(path) >= DEEPEST:  # the rest in one step: no prefix of it is recorded
                return (*path, *(part[0] for part in parts[i:]))
            path = (*path, name)
            self.found.setdefault(path, (line, col))
        return path

    def read_value(self, path: KeyPath) -> None:
        self.skip_ws()
        ch = self.peek()
        if ch in ('"', "'"):
            self.read_string()
        elif ch == "{":
            self.advance()
            while True:
                before = self.pos
                self.skip_ws(newlines=True)
                if self.peek() in ("}", ""):
                    self.advance()
                    return
                if self.peek() == ",":
                    self.advance()
                    continue
                parts = self.read_key()
                if not parts:
                    self.advance()
                    continue
                sub = self.record(path, parts)
                self.skip_ws()
                if self.peek() == "=":
                    self.advance()
                    self.read_value(sub)
                self._progress(before)
        elif ch == "[":
            self.advance()
            index = 0
            while True:
                before = self.pos
                self.skip_ws(newlines=True)
                if self.peek() in ("]", ""):
                    self.advance()
                    return
                if self.peek() == ",":
                    self.advance()
                    index += 1
                    continue
                if len(path) < DEEPEST:
                    self.found.setdefault((*path, index), (self.line, self.col()))
                    self.read_value((*path, index))
                else:  # scanned to move on, not recorded
                    self.read_value(path)
                self._progress(before)
        else:
            while self.peek() not in ("", "\n", ",", "]", "}", "#"):
                self.advance()

    def header(self) -> KeyPath:
        array = self.text.startswith("[[", self.pos)
        self.advance(2 if array else 1)
        parts = self.read_key()
        path: KeyPath = ()
        for i, (name, line, col) in enumerate(parts):
            if len(path) >= DEEPEST:
                path = (*path, *(part[0] for part in parts[i:]))
                break
            path = (*path, name)
            last = i == len(parts) - 1
            if last and array:
                index = self.aot_count.get(path, -1) + 1
                self.aot_count[path] = index
                self.found.setdefault(path, (line, col))
                path = (*path, index)
                self.found.setdefault(path, (line, col))
            else:
                self.found.setdefault(path, (line, col))
                if path in self.aot_count:
                    path = (*path, self.aot_count[path])
        self.skip_line()
        return path

    def scan(self) -> Positions:
        table: KeyPath = ()
        while self.pos < len(self.text):
            before = self.pos
            self.skip_ws(newlines=True)
            ch = self.peek()
            if ch == "":
                break
            if ch == "[":
                table = self.header()
                continue
            parts = self.read_key()
            if not parts:
                self.skip_line()
                continue
            path = self.record(table, parts)
            self.skip_ws()
            if self.peek() == "=":
                self.advance()
                self.read_value(path)
            self.skip_line()
            self._progress(before)
        return self.found


def key_positions(text: str) -> Positions:
    """Map every key path of `text` to the (line, column) where the key is written."""
    try:
        return _Scanner(text).scan()
    except RecursionError:
        return {}


def position_of(positions: Positions, path: KeyPath) -> tuple[int, int] | None:
    """The position of `path`, or of its nearest written ancestor."""
    while path:
        found = positions.get(path)
        if found is not None:
            return found
        path = path[:-1]
    return None
