"""Untrusted text made safe: each function agrees with its definition, one character at a time.

The functions look each distinct character up once (a long text has few distinct characters:
a 157 MB envelope was scanned character by character in 40 s); these references look up every
character, as the rules are written (SPEC 5).
"""

from __future__ import annotations

import json
import random
import unicodedata

import pytest

from minecheck.core.sanitize import (
    DRAWN_AS_NOTHING,
    for_csv,
    for_terminal,
    json_text,
    unsafe_characters,
)

UNSAFE = {"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"}
MARKS = {"Mn", "Me"}  # drawn over the character before: a run shows its first 6
# Hangul vowels and finals of no width, which a terminal draws into the cell before them, as it
# does a mark (a run of marks cut by them would stack them all on one character)
JAMO = {*map(chr, range(0x1160, 0x1200)), *map(chr, range(0xD7B0, 0xD800))}
# Safe and unsafe alike: ASCII, CJK, newline and tab, C1, bidi and zero-width marks, line and
# paragraph separators, a lone surrogate, private use, unassigned, the BMP's edge, beyond it.
ALPHABET = [
    *"ab \\\"'=+-@",
    *"煤矿隐患",
    *"\n\t\r\x00\x1b\x7f\x85\x9b",
    *"\u200b\u200e\u202a\u202e\u2066\u2069\ufeff",
    "\u2028",
    "\u2029",
    "\ud800",
    "\ue000",
    "\U0010fffd",
    "\u0378",
    "\uffff",  # unassigned, the last of the BMP: the last written \uXXXX
    "\U0001f600",
    "\U000e0041",
    "\u3164",  # a Hangul filler: drawn as a blank, made visible
]
# Nonspacing and enclosing marks, and a spacing one (Mc: takes its own cell, never capped).
MARKS_ALPHABET = [
    "\u0301",
    "\u0308",
    "\u0489",
    "\u20dd",
    "\u0f71",
    "\u0903",
    "e",
    "\u1160",
    "\u11ff",  # the last jamo of no width in its block
    "\u115f",  # a filler that takes its cell, just before the block
    "\u1200",  # Ethiopic, just after it
    "\ud7b0",
]


def _unsafe(ch: str) -> bool:
    return unicodedata.category(ch) in UNSAFE


def _escape(ch: str) -> str:
    return f"\\u{ord(ch):04x}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08x}"


def _terminal(text: str, multiline: bool) -> str:
    keep = {"\n"} if multiline else set()
    out, run = [], 0
    for c in text:
        run = run + 1 if unicodedata.category(c) in MARKS or c in JAMO else 0
        hidden = (_unsafe(c) and c not in keep) or c in DRAWN_AS_NOTHING
        out.append(_escape(c) if hidden or run > 6 else c)
    return "".join(out)


def _json(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False, indent=2)
    out = []
    for ch in text:
        if ch != "\n" and _unsafe(ch):
            code = ord(ch)
            if code > 0xFFFF:
                code -= 0x10000
                ch = f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
            else:
                ch = f"\\u{code:04x}"
        out.append(ch)
    return "".join(out)


def _texts(seed: int, count: int = 400) -> list[str]:
    rng = random.Random(seed)  # noqa: S311 - test data
    texts = ["".join(rng.choices(ALPHABET, k=rng.randrange(0, 40))) for _ in range(count)]
    weights = [1] * len(ALPHABET) + [12] * len(MARKS_ALPHABET)  # runs of marks, often long
    alphabet = ALPHABET + MARKS_ALPHABET
    return texts + [
        "".join(rng.choices(alphabet, weights, k=rng.randrange(0, 60))) for _ in range(count)
    ]


@pytest.mark.parametrize("seed", range(5))
def test_each_function_agrees_with_its_definition_character_by_character(seed: int) -> None:
    for text in _texts(seed):
        assert unsafe_characters(text) == [(i, c) for i, c in enumerate(text) if _unsafe(c)]
        for multiline in (False, True):
            assert for_terminal(text, multiline=multiline) == _terminal(text, multiline)
        safe = _terminal(text, True)
        assert for_csv(text) == ("'" + safe if safe.startswith(("=", "+", "-", "@")) else safe)
        value = {"note": text, "list": [text, 1, None], "煤": {"k": text}}
        assert json_text(value) == _json(value)
        assert json.loads(json_text(value)) == json.loads(json.dumps(value))


def test_a_cell_starting_with_a_tab_or_cr_starts_with_its_escape() -> None:
    for cell, written in (("\t=1+1", "\\u0009=1+1"), ("\r@SUM(A1)", "\\u000d@SUM(A1)")):
        assert for_csv(cell) == written


def test_a_run_of_marks_shows_its_first_six_and_the_rest_as_escapes() -> None:
    zalgo = "H" + "\u0301" * 40 + "i"
    shown = for_terminal(zalgo)
    assert shown == "H" + "\u0301" * 6 + "\\u0301" * 34 + "i"
    assert for_csv("=" + "\u0489" * 8) == "'=" + "\u0489" * 6 + "\\u0489" * 2
    # Vietnamese, Tibetan and Devanagari keep every mark; JSON gives the text whole.
    for word in ("Nguyễn Thị Hồng", "བསྒྲུབས", "क्षत्रिय", "ế̂̂"):
        assert for_terminal(word) == word
    assert json.loads(json_text(zalgo)) == zalgo


def test_runs_of_marks_beside_the_noncharacters_the_runs_are_found_with() -> None:
    """A run is found by standing one noncharacter (U+FDD0-U+FDEF) in for every mark: one the
    text holds does not join the runs either side of it, and a text holding them all has its
    runs found all the same."""
    cut = "e" + "\u0301" * 4 + "\ufdd0" + "\u0301" * 3
    every = "".join(map(chr, range(0xFDD0, 0xFDF0))) + "H" + "\u0301" * 7  # one too many
    for text in (cut, every):
        assert for_terminal(text) == _terminal(text, False)
    assert for_terminal(cut) == "e" + "\u0301" * 4 + "\\ufdd0" + "\u0301" * 3
    assert for_terminal(every).endswith("H" + "\u0301" * 6 + "\\u0301")


def test_marks_cut_by_hangul_of_no_width_are_one_run() -> None:
    """A jungseong filler (U+1160) has no width: a terminal draws it, and the marks after it,
    into the cell before, so marks cut by it every sixth stack as one run would."""
    text = "H" + ("\u0301" * 6 + "\u1160") * 5 + "i"
    shown = for_terminal(text)
    assert shown.count("\u0301") == 6
    assert shown == "H" + "\u0301" * 6 + ("\\u1160" + "\\u0301" * 6) * 4 + "\\u1160i"
    # Korean written in jamo keeps them: a syllable is a leading consonant, a vowel, a final
    for word in ("\u1112\u1161\u11ab\u1100\u1173\u11af", "\u1100\u1161\u0301"):
        assert for_terminal(word) == word
    assert json.loads(json_text(text)) == text
    # a text holding every noncharacter (which stand in for marks as runs are found) alike
    odd = "".join(map(chr, range(0xFDD0, 0xFDF0)))
    assert for_terminal(odd + text) == _terminal(odd + text, False)


def test_the_escapes_read_as_written() -> None:
    assert for_terminal("ok\x1b[2J\u202e\U000e0041") == "ok\\u001b[2J\\u202e\\U000e0041"
    assert json_text(["\u202e\U000e0041\n"]) == '[\n  "\\u202e\\udb40\\udc41\\n"\n]'
    assert json_text("煤\u2028", indent=None) == '"煤\\u2028"'
    assert json_text("del\x7f", indent=None) == '"del\\u007f"'  # ASCII, yet a control
    assert json_text("\u3000 全角", indent=None) == '"\u3000 全角"'  # a space: safe, kept
