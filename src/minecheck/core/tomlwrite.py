"""A small, deterministic TOML writer for the documents minecheck signs.

The signed bytes are what this writes, so its output is fixed by design: one `key = value` per
line, arrays and small tables inline, offset date-times in UTC with `Z`, and every character a
terminal could act on (controls, bidi and other format characters), and those drawn as nothing
(`sanitize.DRAWN_AS_NOTHING`: a Hangul filler, the grapheme joiner), escaped as `\\uXXXX`, so a
signed file shows the same text in any viewer.

A reader refuses unread a body that packs more `=`, `,`, `[` and `{` than a real document could
(core/seal.py, DENSITY): it counts them inside strings too, since that is cheap. A text dense
with them (a pasted formula, a table drawn in characters) is therefore written with them escaped
(`marks=True`) when the body would otherwise be refused: the same text, read back alike.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from minecheck.core.sanitize import DRAWN_AS_NOTHING

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_SHORT_ESCAPES = {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r", '"': '\\"'}
_ESCAPE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"})
_MARK_ESCAPES = {"=": "\\u003D", ",": "\\u002C", "[": "\\u005B", "{": "\\u007B"}
# (printable to Python, so not met by `isprintable`: looked for on their own, in C)
_DRAWN = re.compile("[" + "".join(sorted(DRAWN_AS_NOTHING)) + "]")


def key(name: str) -> str:
    return name if _BARE_KEY.fullmatch(name) else string(name)


# (a backslash first: every escape after it brings one)
_FIXED = (("\\", "\\\\"), *_SHORT_ESCAPES.items())
_FIXED_MARKS = (*_FIXED, *_MARK_ESCAPES.items())


def string(value: str, *, marks: bool = False) -> str:
    """A basic string; with `marks`, `=`, `,`, `[` and `{` escaped too.

    Each character to escape is replaced through the text in one pass of its own, each other
    one is never looked at in Python (a merged document's sources are whole files: one step
    per character took seconds, twice for a body written again with its marks escaped)."""
    out = value
    for ch, escape in _FIXED_MARKS if marks else _FIXED:
        if ch in out:
            out = out.replace(ch, escape)
    # (scans in C: no control, format, separator or unassigned, nothing drawn as nothing)
    if not value.isprintable() or _DRAWN.search(value):
        odd = [
            ch
            for ch in set(value)
            if ch not in _SHORT_ESCAPES
            and (unicodedata.category(ch) in _ESCAPE_CATEGORIES or ch in DRAWN_AS_NOTHING)
        ]
        if len(odd) > _REPLACES:  # one pass for them all, not a pass each
            out = out.translate({ord(ch): _code(ch) for ch in odd})
        else:
            for ch in odd:
                out = out.replace(ch, _code(ch))
    return '"' + out + '"'


_REPLACES = 8


def _code(ch: str) -> str:
    code = ord(ch)
    return f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}"


def value(obj: Any, *, marks: bool = False) -> str:
    """One TOML value on one line (`marks`: see `string`)."""
    if isinstance(obj, bool):
        return "true" if obj else "false"
    if isinstance(obj, str):
        return string(obj, marks=marks)
    if isinstance(obj, int):
        return str(obj)
    if isinstance(obj, float):
        if not math.isfinite(obj):
            raise ValueError("only finite numbers can be written")
        text = repr(obj)
        return text if any(c in text for c in ".e") else text + ".0"
    if isinstance(obj, dt.datetime):
        if obj.tzinfo is None or obj.utcoffset() != dt.timedelta(0):
            raise ValueError("date-times are written in UTC")
        # (isoformat, not strftime: %Y writes the year 1 as "1" on glibc, which is no TOML)
        return obj.replace(tzinfo=None, microsecond=0).isoformat() + "Z"
    if isinstance(obj, dt.date):
        return obj.isoformat()
    if isinstance(obj, Mapping):
        if not obj:
            return "{}"
        pairs = (f"{key(k)} = {value(v, marks=marks)}" for k, v in obj.items())
        return "{ " + ", ".join(pairs) + " }"
    if isinstance(obj, Sequence):
        return "[" + ", ".join(value(v, marks=marks) for v in obj) + "]"
    raise TypeError(f"cannot write {type(obj).__name__} as TOML")


def table(
    header: str, fields: Mapping[str, Any], *, array: bool = False, marks: bool = False
) -> str:
    """`[header]` (or `[[header]]`) and its `key = value` lines; None values are left out."""
    lines = [f"[[{header}]]" if array else f"[{header}]"]
    lines.extend(f"{key(k)} = {value(v, marks=marks)}" for k, v in fields.items() if v is not None)
    return "\n".join(lines) + "\n"


def plausible(render: Callable[[bool], bytes]) -> bytes:
    """The body `render(marks)` makes: as is, or, when a reader would refuse it as implausibly
    dense, made again with the marks in its strings escaped."""
    from minecheck.core.seal import density_problem  # (seal reads what this writes)

    body = render(False)
    return body if density_problem(body, "") is None else render(True)
