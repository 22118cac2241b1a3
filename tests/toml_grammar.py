"""TOML text made from the grammar, edge cases weighted: what the fast-path differential reads.

Key names come from a pool of three so tables, dotted keys and arrays of tables collide often
(the rules on defining a table twice are where parsers part most); every kind of value is
written with its odd spellings (escapes of every kind, numbers with underscores and prefixes,
date-times with any fraction, offset and separator, out of range parts too).
"""

from __future__ import annotations

from hypothesis import strategies as st

NAMES = ("a", "b", "c")


def _escape(code: int, kind: str) -> str:
    return {"u": f"\\u{code & 0xFFFF:04X}", "U": f"\\U{code:08X}", "x": f"\\x{code & 0xFF:02X}"}[
        kind
    ]


_CODE_POINTS = st.one_of(
    st.integers(0, 0x7F),
    st.integers(0, 0x10FFFF),
    st.sampled_from([0xD800, 0xDFFF, 0xDBFF, 0x110000, 0xFFFFFFFF, 0xFEFF, 0x7F, 0x1F, 0]),
)
_ESCAPE = st.one_of(
    st.sampled_from(["\\b", "\\t", "\\n", "\\f", "\\r", '\\"', "\\\\", "\\e", "\\q", "\\ ", "\\"]),
    st.builds(_escape, _CODE_POINTS, st.sampled_from(["u", "U", "x"])),
)
_CHAR = st.one_of(
    st.sampled_from([*("ab é煤'\"#=[]{}.,\t"), "\x7f", "\x00", "\x01", "\x1f", "\r", "\ufeff"]),
    st.characters(codec="utf-8"),
)


@st.composite
def basic_string(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.one_of(_ESCAPE, _CHAR.filter(lambda c: c not in '"\\\n')), max_size=6))
    return '"' + "".join(parts) + '"'


@st.composite
def literal_string(draw: st.DrawFn) -> str:
    return "'" + "".join(draw(st.lists(_CHAR.filter(lambda c: c not in "'\n"), max_size=6))) + "'"


@st.composite
def multiline_string(draw: st.DrawFn) -> str:
    quote = draw(st.sampled_from(['"""', "'''"]))
    pieces = [_CHAR, st.sampled_from(["\n", "\r\n", quote[0], quote[0] * 2, "\\\n", "\\  \n  "])]
    if quote == '"""':
        pieces.append(_ESCAPE)
    parts = draw(st.lists(st.one_of(*pieces), max_size=8))
    lead = draw(st.sampled_from(["", "\n", "\r\n"]))
    tail = draw(st.sampled_from(["", quote[0], quote[0] * 2]))
    return quote + lead + "".join(parts) + tail + quote


def _digits(draw: st.DrawFn, alphabet: str, most: int = 6) -> str:
    return draw(st.text(alphabet + "_", min_size=1, max_size=most))


@st.composite
def integer(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["dec", "hex", "oct", "bin", "edge"]))
    sign = draw(st.sampled_from(["", "", "+", "-"]))
    if kind == "dec":
        return sign + _digits(draw, "0123456789", 22)
    if kind == "edge":
        return draw(
            st.sampled_from(
                [
                    "9223372036854775807",
                    "9223372036854775808",
                    "-9223372036854775808",
                    "-9223372036854775809",
                    "0",
                    "-0",
                    "+0",
                    "00",
                    "0_0",
                    "1__2",
                    "1_",
                    "_1",
                    "0x",
                    "0xg",
                    "0X1",
                    "0o8",
                    "0b2",
                    "0x7FFFFFFFFFFFFFFF",
                    "0x8000000000000000",
                    "0xFFFFFFFFFFFFFFFF",
                    "0o1777777777777777777777",
                    "0b" + "1" * 64,
                ]
            )
        )
    prefix = {"hex": "0x", "oct": "0o", "bin": "0b"}[kind]
    alphabet = {"hex": "0123456789abcdefABCDEF", "oct": "01234567", "bin": "01"}[kind]
    return sign + prefix + _digits(draw, alphabet, 20)


@st.composite
def floating(draw: st.DrawFn) -> str:
    if draw(st.integers(0, 4)) == 0:
        return draw(
            st.sampled_from(
                [
                    "inf",
                    "+inf",
                    "-inf",
                    "nan",
                    "+nan",
                    "-nan",
                    "Inf",
                    "NaN",
                    "1e400",
                    "-1e400",
                    "1e-400",
                    "5e-324",
                    "2.4e-324",
                    "1.7976931348623157e308",
                    "1.7976931348623159e308",
                    "2.2250738585072011e-308",
                    "0.1",
                    "-0.0",
                    "+0.0",
                    "0e0",
                    "1.",
                    ".1",
                    "1.e1",
                    "1e",
                    "1e+",
                    "1E1",
                    "1e01",
                    "01.1",
                    "9007199254740993",
                    "9007199254740993.0",
                    "0.30000000000000004",
                    "1" * 30 + ".5",
                ]
            )
        )
    sign = draw(st.sampled_from(["", "+", "-"]))
    whole = _digits(draw, "0123456789", 6)
    text = sign + whole
    if draw(st.booleans()):
        text += "." + _digits(draw, "0123456789", 25)
    if draw(st.booleans()):
        text += draw(st.sampled_from(["e", "E"])) + draw(st.sampled_from(["", "+", "-"]))
        text += _digits(draw, "0123456789", 4)
    return text


def _two(draw: st.DrawFn, low: int, high: int) -> str:
    return f"{draw(st.integers(low, high)):02d}"


@st.composite
def date_time(draw: st.DrawFn) -> str:
    date = (
        f"{draw(st.integers(0, 9999)):04d}-{_two(draw, 0, 13)}-{_two(draw, 0, 32)}"
        if draw(st.integers(0, 3))
        else draw(
            st.sampled_from(
                [
                    "1979-05-27",
                    "2000-02-29",
                    "1900-02-29",
                    "0000-01-01",
                    "9999-12-31",
                    "2026-02-30",
                    "2026-1-01",
                    "20260101",
                ]
            )
        )
    )
    time = f"{_two(draw, 0, 25)}:{_two(draw, 0, 61)}"
    if draw(st.integers(0, 3)):
        time += f":{_two(draw, 0, 61)}"
        if draw(st.booleans()):
            time += "." + draw(st.text("0123456789", min_size=0, max_size=12))
    offset = draw(
        st.one_of(
            st.sampled_from(
                [
                    "",
                    "Z",
                    "z",
                    "+00:00",
                    "-00:00",
                    "+23:59",
                    "-23:59",
                    "+24:00",
                    "+99:99",
                    "+08",
                    "+0800",
                    "+08:00:00",
                ]
            ),
            st.builds(
                lambda s, h, m: f"{s}{h:02d}:{m:02d}",
                st.sampled_from("+-"),
                st.integers(0, 30),
                st.integers(0, 70),
            ),
        )
    )
    shape = draw(st.sampled_from(["date", "time", "datetime", "datetime", "datetime"]))
    if shape == "date":
        return date
    if shape == "time":
        return time + draw(st.sampled_from(["", "", "Z"]))
    sep = draw(st.sampled_from(["T", "T", "t", " ", "  ", "_"]))
    return date + sep + time + offset


SCALAR = st.one_of(
    basic_string(),
    literal_string(),
    multiline_string(),
    integer(),
    floating(),
    date_time(),
    st.sampled_from(["true", "false", "True", "tru", "nul", "", "1 2"]),
)


@st.composite
def key(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 3))):
        parts.append(
            draw(
                st.one_of(
                    st.sampled_from(NAMES),
                    st.sampled_from(NAMES).map(lambda n: f'"{n}"'),
                    st.sampled_from(NAMES).map(lambda n: f"'{n}'"),
                    st.sampled_from(
                        [
                            "''",
                            '""',
                            "1",
                            "-",
                            "_",
                            "1.2",
                            "true",
                            "inf",
                            "é",
                            '"\\u0061"',
                            '"a.b"',
                            "a b",
                            '"\\x61"',
                        ]
                    ),
                )
            )
        )
    dot = draw(st.sampled_from([".", ".", " . ", "\t.", ". "]))
    return dot.join(parts)


def value(depth: int = 2) -> st.SearchStrategy[str]:
    if depth <= 0:
        return SCALAR
    inner = value(depth - 1)
    sep = st.sampled_from([",", ", ", ",\n", "\n,", " ,", ", # c\n", "\n"])

    @st.composite
    def array(draw: st.DrawFn) -> str:
        items = draw(st.lists(inner, max_size=4))
        text = "".join(item + draw(sep) for item in items)
        if items and not draw(st.booleans()):
            text = text.rstrip(", #c\n")
        return "[" + draw(st.sampled_from(["", "\n", " "])) + text + "]"

    @st.composite
    def inline_table(draw: st.DrawFn) -> str:
        pairs = draw(st.lists(st.tuples(key(), inner), max_size=3))
        text = "".join(k + draw(_EQUALS) + v + draw(sep) for k, v in pairs)
        if pairs and not draw(st.booleans()):
            text = text.rstrip(", #c\n")
        return "{" + draw(st.sampled_from(["", " ", "\n"])) + text + "}"

    return st.one_of(SCALAR, SCALAR, array(), inline_table())


_COMMENT = st.lists(_CHAR.filter(lambda c: c != "\n"), max_size=5).map(lambda cs: "#" + "".join(cs))


# Between a key and its value: spaces and tabs only, but a parser may let a newline or a
# comment through there (inside an inline table, where newlines are allowed between pairs).
_EQUALS = st.sampled_from(["=", " = ", "  =", "\t=", " =\n", "\n= ", " = # c\n", "\n=\n"])


@st.composite
def statement(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["pair", "pair", "pair", "table", "array", "comment", "blank"]))
    if kind == "pair":
        equals = draw(_EQUALS)
        text = f"{draw(key())}{equals}{draw(value())}"
    elif kind == "table":
        text = f"[{draw(st.sampled_from(['', ' ']))}{draw(key())}]"
    elif kind == "array":
        text = f"[[{draw(key())}]]"
    elif kind == "comment":
        text = draw(_COMMENT)
    else:
        text = draw(st.sampled_from(["", " ", "\t"]))
    if kind != "comment" and draw(st.integers(0, 5)) == 0:
        text += " " + draw(_COMMENT)
    return text


@st.composite
def document(draw: st.DrawFn) -> str:
    """A TOML document of 1-12 statements, line ends LF (now and then CRLF)."""
    lines = draw(st.lists(statement(), min_size=1, max_size=12))
    end = "\r\n" if draw(st.integers(0, 9)) == 0 else "\n"
    return end.join(lines) + draw(st.sampled_from([end, "", end + end]))


_EDIT_ALPHABET = [*("=[]{}\"'.,#\n \\-:TZz0123456789_+eExob"), "\r", "\x00", "\x7f"]
_EDIT_ALPHABET += ["'''", '"""']


@st.composite
def edited(draw: st.DrawFn, texts: st.SearchStrategy[str]) -> str:
    """A text with 0-3 characters inserted, deleted or replaced."""
    chars = list(draw(texts))
    for _ in range(draw(st.integers(0, 3))):
        if not chars:
            break
        i = draw(st.integers(0, len(chars) - 1))
        op = draw(st.sampled_from(["delete", "insert", "replace"]))
        if op == "delete":
            del chars[i]
        elif op == "insert":
            chars.insert(i, draw(st.sampled_from(_EDIT_ALPHABET)))
        else:
            chars[i] = draw(st.sampled_from(_EDIT_ALPHABET))
    return "".join(chars)
