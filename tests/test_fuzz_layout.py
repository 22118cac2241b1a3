"""Property tests of the code that takes any text and lays it out or reads it: show's cell of
parts, label-value pairs, the tables' whole words, the line editor's runs of pasted characters,
how a JSON input is told, a typed reading, and the --json envelope written a block at a time.

Each holds what a user relies on (nothing lost, nothing reordered, every line within the width,
the same bytes or the same verdict as a plain reference written here) over hostile text: CJK,
wide and zero-width characters, combining marks, emoji sequences, control and bidi characters,
surrogates, long words, widths 2-200. By default each runs a small derandomized budget; for a
longer hunt `MINECHECK_FUZZ_EXAMPLES=5000 .venv/bin/pytest tests/test_fuzz_layout.py` (a new
seed every run). A shrunk failure is kept as an explicit `@example`.
"""

from __future__ import annotations

import io
import json
import math
import os
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console

from minecheck.cli._parts import Parts
from minecheck.cli._render import Fields, safe, table
from minecheck.core.jsonio import written_in_json
from minecheck.core.sanitize import json_text
from minecheck.session.rules import AnswerError, parse_reading

_LONG = os.environ.get("MINECHECK_FUZZ_EXAMPLES")


def budget(examples: int) -> settings:
    return settings(
        max_examples=int(_LONG) if _LONG else examples,
        derandomize=not _LONG,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )


# characters a file or a paste may hold, one shown character each (some of several code points)
HOSTILE = [
    *"ab Z-.,;:",
    *"中文检查、；，。）",
    "e\u0301",  # a letter and its accent, decomposed
    "o\u0308\u0323",
    "\u200b",  # zero width
    "\u00ad",
    "\u202e",  # bidi override
    "\x07",
    "\x1b[31m",
    "\ud800",  # a lone surrogate
    "\t",
    "\n",
    "\u3000",
    "ﾃ",
    "한",
    "𠀀",  # past the BMP, two cells
    "👍",
    "👍🏽",
    "👷🏽\u200d♀️",
    "🇨🇳",
    "1\ufe0f\u20e3",  # a keycap: three code points, two cells
    "⚠️",
]
hostile_text = st.lists(st.sampled_from(HOSTILE), max_size=30).map("".join)
long_word = st.integers(20, 80).map(lambda n: "x" * n)


def _blankless(text: str) -> str:
    return re.sub(r"\s", "", text)


@budget(150)
@given(
    st.lists(
        st.tuples(st.one_of(hostile_text, long_word), st.sampled_from(["", "、", "; ", "；"])),
        min_size=1,
        max_size=5,
    ),
    st.integers(2, 200),
)
@example([("a1\ufe0f\u20e3", "")], 2)
@example([("1\ufe0f\u20e3" * 5, "")], 3)
def test_a_cell_of_parts_keeps_every_character_within_the_width(
    parts: list[tuple[str, str]], width: int
) -> None:
    """show's note cell at any width a table gives it: every character, in order, and no line
    wider than the column. A keycap (`1️⃣`: three code points Rich lays out in two cells) was
    measured as one cell, the fold's piece cut short at the column's edge: at 3 columns five
    keycaps showed as two."""
    cell = Parts()
    for part, joiner in parts:
        cell.add(safe(part, multiline=True), joiner)
    lines = [line.plain for line in cell.wrap(Console(width=80), width)]
    assert _blankless("".join(lines)) == _blankless(cell.plain), (width, lines)
    assert all(cell_len(line) <= width for line in lines), (width, lines)


@budget(100)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["", "site: ", "检查人：", "a much longer label: "]), hostile_text
        ),
        min_size=1,
        max_size=4,
    ),
    st.integers(2, 200),
)
def test_fields_keep_every_character_within_the_width(
    pairs: list[tuple[str, str]], width: int
) -> None:
    """show's header pairs: every label and value, in order, every line within the terminal,
    and a pair that fits its line is on one line."""
    fields = [(label, safe(value)) for label, value in pairs]
    console = Console(file=io.StringIO(), width=width, color_system=None)
    console.print(Fields(*fields))
    out = console.file.getvalue()  # type: ignore[attr-defined]
    assert all(cell_len(line) <= width for line in out.split("\n")), (width, out)
    assert _blankless(out) == _blankless("".join(label + v.plain for label, v in fields)), out
    lines = out.split("\n")
    for label, value in fields:
        whole = label + value.plain
        if whole.strip() and cell_len(whole) <= width:
            assert any(whole in line for line in lines), (whole, out)


WORD_PARTS = ["a", "b", "Z", "-", "e\u0301", "o\u0308\u0323", "👍", "𠀀", "1\ufe0f\u20e3", "é"]


@budget(100)
@given(
    st.lists(
        st.tuples(
            *[
                st.lists(
                    st.lists(st.sampled_from(WORD_PARTS), min_size=1, max_size=34).map("".join),
                    min_size=1,
                    max_size=4,
                ).map(" ".join)
            ]
            * 2
        ),
        min_size=1,
        max_size=3,
    ),
    st.integers(10, 200),
)
@example([("a a a", "a" * 19 + "👍")], 30)
@example([("a a a", "Nguye\u0302\u0303n" * 5 + " x " + "aaaa " * 10)], 20)
def test_a_table_breaks_no_word_of_up_to_32_cells(rows: list[tuple[str, str]], width: int) -> None:
    """Laid out as a table (not one field a line), no word of up to 32 cells is broken, and no
    line is wider than the terminal. A word's length was counted in code points: `aaa…a👍`
    (21 cells) was given 20 and broken at 30 columns; `Nguyễn` written with combining accents
    counted 8 for its 6 cells."""
    shown = table("ID", "TEXT")
    for first, second in rows:
        shown.add_row(safe(first), safe(second))
    console = Console(file=io.StringIO(), width=width, color_system=None)
    console.print(shown)
    lines = console.file.getvalue().split("\n")  # type: ignore[attr-defined]
    assert all(cell_len(line) <= width for line in lines), (width, lines)
    if shown.widths_within(console, width) is None:
        return  # (one field a line)
    for first, second in rows:
        for word in f"{first} {second}".split():
            if cell_len(word) <= 32:
                assert any(word in line for line in lines), (word, width, lines)


@budget(30)
@given(
    st.dictionaries(
        st.text(max_size=6),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.floats() | hostile_text,
            lambda inner: (
                st.lists(inner, max_size=3) | st.dictionaries(hostile_text, inner, max_size=3)
            ),
            max_leaves=10,
        ),
        max_size=4,
    ),
    st.lists(st.dictionaries(hostile_text, hostile_text | st.integers(), max_size=3), max_size=4),
    st.integers(1, 50),
)
def test_the_envelope_written_a_block_at_a_time_is_the_envelope_made_whole(
    data: dict[str, Any], rows: list[dict[str, Any]], block: int
) -> None:
    """`write_json`, at any block size and with a spooled list among the data, writes the same
    text as `json_text` of the envelope held whole (controls, bidi marks and surrogates
    escaped the same way whichever block they fall in)."""
    from minecheck.cli import _spool
    from minecheck.cli._output import Spooled, write_json

    envelope = {"minecheck": 1, "command": "show", "ok": True, "data": data, "problems": []}
    spooled = Spooled()
    spooled.extend(rows)
    mp = pytest.MonkeyPatch()
    try:
        mp.setattr(_spool, "_BLOCK", block)
        out = io.StringIO()
        write_json(out, envelope)
        assert out.getvalue() == json_text(envelope) + "\n"
        out = io.StringIO()
        write_json(out, {**envelope, "data": {**data, "rows": spooled}})
        held = {**envelope, "data": {**data, "rows": rows}}
        assert out.getvalue() == json_text(held) + "\n"
    finally:
        mp.undo()
        spooled.close()


def _json_by_hand(text: str) -> bool:
    """written_in_json's rule, read plainly: pass over blanks (a form feed too), blank lines
    (ended by LF, CR LF or a lone CR), `//` and `#` lines, `/* ... */`; `{` is JSON, and so is
    a comment's mark left (`/*` never closed, `//` with no line end, the `*/` of a nested
    comment: JSON's comments, no TOML's), and so are comments alone if one is `//` or `/*`;
    `[` is JSON unless its line (ended by LF, CR LF or a lone CR) is a TOML table header in a
    text that is not JSON; anything else is TOML."""
    at = 0
    jsons = False  # (a `//` or `/*` comment passed over)
    while True:
        blank = at
        while text[blank : blank + 1] in (" ", "\t", "\f"):
            blank += 1
        rest = text[blank:]
        ends = [i for i in (rest.find("\r"), rest.find("\n")) if i >= 0]
        if rest.startswith(("\n", "\r")):
            at = blank + (2 if rest.startswith("\r\n") else 1)
        elif rest.startswith(("//", "#")) and ends:
            jsons = jsons or rest.startswith("//")
            end = min(ends)
            at = blank + end + (2 if rest.startswith("\r\n", end) else 1)
        elif rest.startswith("/*") and "*/" in rest[2:]:
            jsons = True
            at = blank + rest.index("*/", 2) + 2
        else:
            break
    start = text[at:].lstrip()
    if not start:
        return jsons
    if start[:1] != "[":
        return start.startswith(("{", "/*", "//", "*/"))
    key = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\\n]|\\.)*"|'[^'\n]*')"""
    keys = rf"[ \t]*{key}(?:[ \t]*\.[ \t]*{key})*[ \t]*"
    header = rf"(?:\[\[{keys}\]\]|\[{keys}\])[ \t]*(?:#.*)?\r?"
    if re.fullmatch(header, start.replace("\r", "\n").partition("\n")[0]) is None:
        return True
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


JSON_TOKENS = [
    *["//", "#", "/*", "*/", "\n", "\r\n", "\r", " ", "\t", "\u3000", "\x0c"],
    *["{", "}", "[", "]", "[[", "]]", ":", ",", ".", '"', "'", "\\"],
    *["a", "1", "x = 1", '"k"', "中", "answers", '{"answers": {}}', "[[event]]"],
]


@budget(300)
@given(st.lists(st.sampled_from(JSON_TOKENS), max_size=25).map("".join))
def test_a_json_input_is_told_as_the_rule_reads(text: str) -> None:
    """Whether an answers or events file is JSON, against the rule written plainly."""
    assert written_in_json(text) == _json_by_hand(text), repr(text)


def _verdict(text: str, unit: str, below_zero: bool) -> tuple[str, object]:
    try:
        value = parse_reading(text, unit, below_zero=below_zero)
    except AnswerError as exc:
        return ("refused", exc.template)
    assert value is None or math.isfinite(value)
    return ("read", value)


READING_TOKENS = [
    *"0123456789.,+- ",
    *["%", "ppm", "%CH4", "°C", "\u3000", "\u2212", "\u2009", "\n", "e5", "nan", "1e999"],
    *["٣", "１", "，", "．", "\u0301", "\u202e", "\ud800", "x", "1,200", "1,000,000"],
]
UNITS = ["%", "%CH4", "ppm", "mg/m³", "°C"]
FULL_WIDTH = {0x21 + i: 0xFF01 + i for i in range(94)} | {0x20: 0x3000}


@budget(200)
@given(
    st.lists(st.sampled_from(READING_TOKENS), max_size=10).map("".join),
    st.sampled_from(UNITS),
    st.booleans(),
    st.integers(0, 10),
    st.sampled_from(["\u200b", "\ufeff", "\u200e", "\u2060", "\u00ad"]),
)
def test_a_reading_is_read_alike_with_unseen_characters_and_in_full_width(
    text: str, unit: str, below_zero: bool, at: int, unseen: str
) -> None:
    """A typed reading: read or refused, never another error; a character no one sees, put
    anywhere, changes nothing; typed in full width (an input method) it is read the same."""
    verdict = _verdict(text, unit, below_zero)
    assert _verdict(text[:at] + unseen + text[at:], unit, below_zero) == verdict
    if text.isascii():
        assert _verdict(text.translate(FULL_WIDTH), unit, below_zero) == verdict


@budget(200)
@given(
    st.integers(0, 10**12),
    st.text("0123456789", max_size=6),
    st.sampled_from(["", "+", "-", "\u2212", "－"]),
    st.booleans(),
    st.booleans(),
    st.sampled_from([".", ","]),
    st.sampled_from(["", " ", "\u2009", "\u3000", "\u00a0"]),
    st.sampled_from(UNITS),
    st.sampled_from(["none", "same", "upper", "%"]),
    st.booleans(),
)
def test_a_plain_reading_is_its_number(
    whole: int,
    fraction: str,
    sign: str,
    grouped: bool,
    pointed: bool,
    point: str,
    blank: str,
    unit: str,
    written: str,
    below_zero: bool,
) -> None:
    """A number as people type it, with or without its unit, against its value worked out
    here: a comma is a decimal point only where it cannot be a thousands' one."""
    digits = f"{whole:,}" if grouped else str(whole)
    typed_unit = {"none": "", "same": unit, "upper": unit.upper(), "%": "%"}[written]
    text = f" {sign}{digits}{point + fraction if pointed else ''}{blank if typed_unit else ''}"
    text += f"{typed_unit} "
    value = (
        float(
            f"{'-' if sign not in ('', '+') else ''}{digits.replace(',', '')}"
            f"{'.' + fraction if pointed else ''}"
        )
        + 0.0
    )
    verdict = _verdict(text, unit, below_zero)
    three_after_a_comma = pointed and point == "," and len(fraction) == 3 and len(digits) <= 3
    if ("," in digits and not (pointed and point == ".")) or three_after_a_comma:
        assert verdict[0] == "refused", (text, verdict)
    elif written == "%" and not unit.startswith("%"):
        assert verdict == ("refused", "the unit of this reading is {unit}, not {given}")
    elif value < 0 and not below_zero:
        assert verdict == ("refused", "a reading cannot be negative")
    elif unit.startswith("%") and value > 100:
        assert verdict == ("refused", "a reading in {unit} cannot be above 100")
    else:
        assert verdict == ("read", value), (text, unit)


EDITING_KEYS = ["\x01", "\x05", "\x02", "\x06", "\x08", "\x7f", "\x17", "\x0b", "\x15"]
EDITING_KEYS += ["\x1b[D", "\x1b[C", "\x1bb", "\x1bf"]
TYPED = [*"ab 中文、", "\u0301", "\u200b", "👍", "\U0001f3fd", "\u200d", "🇨", "🇳", "\ufe0f"]
TYPED += ["\u20e3", "\u202e", "\u3000", "ﾃ", "𠀋", "\u00a0", "\u2028"]


@budget(25)
@given(
    st.lists(st.sampled_from(TYPED) | st.sampled_from(EDITING_KEYS), max_size=40),
    st.lists(st.integers(1, 8), min_size=1, max_size=20),
    st.sampled_from(["dumb", "xterm"]),
)
def test_keys_read_together_make_the_line_they_make_one_a_read(
    keys: list[str], sizes: list[int], term: str
) -> None:
    """The line editor's runs of printable characters taken as one insertion: whatever reads
    the keys arrive in, the line is the one they make each read alone (a key typed at a time),
    with editing keys (Ctrl-A, Ctrl-W, arrows, Esc b) among them."""
    from tests.test_line_reader_rules import _delivered

    reads, at, turn = [], 0, 0
    while at < len(keys):
        size = sizes[turn % len(sizes)]
        reads.append("".join(keys[at : at + size]))
        at, turn = at + size, turn + 1
    mp = pytest.MonkeyPatch()
    try:
        one_a_read = _delivered(mp, term, list(keys))[0]
        together = _delivered(mp, term, reads)[0]
    finally:
        mp.undo()
    assert together == one_a_read, (keys, reads)
