"""Make untrusted text safe for a terminal, an HTML page (its template escapes it after) or a
spreadsheet cell.

Every string that came from a file passes through here before anyone sees it.
"""

from __future__ import annotations

import bisect
import json
import os
import re
import sys
import unicodedata
from collections.abc import Callable, Sequence

# C0, DEL, C1 are category Cc; bidi overrides, zero-width and other format characters are Cf;
# line and paragraph separators (Zl, Zp) move the cursor too; surrogates and private use are
# never meant for display.
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"})


def _is_unsafe(ch: str) -> bool:
    return unicodedata.category(ch) in _UNSAFE_CATEGORIES


def _escape(ch: str) -> str:
    code = ord(ch)
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


_SAFE: set[str] = set()  # characters met and found safe (at most _SAFE_MAX of them)
_SAFE_MAX = 65_536
_NONE: frozenset[str] = frozenset()

# Marks drawn over the character before them (nonspacing, enclosing). A run of them stacks up
# and over the lines around it (a "zalgo" text drawn across a report's rows); no script needs
# more than a few in a row (Vietnamese two, Tibetan stacks four or five). Marks beyond the
# first MARKS_SHOWN of a run are made visible as escapes, as control characters are.
_MARK_CATEGORIES = frozenset({"Mn", "Me"})
MARKS_SHOWN = 6
_MARKS: set[str] = set()  # marks met (few: they are not held in _SAFE, so always looked at)
# Hangul vowels and finals of no width (U+1160-U+11FF, U+D7B0-U+D7FF): a terminal draws them
# into the cell before, as it does a mark, so they count in a run (marks cut by them every
# sixth would otherwise stack as one run). Korean in jamo has two in a row (a vowel, a final).
_JAMO_OF_NO_WIDTH = ((0x1160, 0x11FF), (0xD7B0, 0xD7FF))
# Noncharacters, never text: a run is found as a run of one of them standing in for every mark
# (one pattern for any marks; a pattern of the marks a text holds was compiled for each text)
_STAND_INS = tuple(map(chr, range(0xFDD0, 0xFDF0)))


# Drawn as nothing (the combining grapheme joiner, two Khmer vowels) and as a blank (the Hangul
# fillers) though no format character: Unicode's default-ignorable code points of other
# categories, but the variation selectors an emoji or an ideograph takes and the Mongolian ones
# its letters take. A name holding one reads as another without it.
_INVISIBLE = "\u034f\u17b4\u17b5"
_FILLERS = "\u115f\u1160\u3164\uffa0"
# Made visible wherever a person reads text (`for_terminal`), as format characters are; a
# document holding one is read as before, and JSON keeps it.
DRAWN_AS_NOTHING = frozenset(_INVISIBLE + _FILLERS)


def _is_mark(ch: str) -> bool:
    code = ord(ch)
    return unicodedata.category(ch) in _MARK_CATEGORIES or any(
        low <= code <= high for low, high in _JAMO_OF_NO_WIDTH
    )


def _unsafe_in(text: str) -> frozenset[str]:
    """The distinct characters of `text` that are unsafe: each looked up once, not once per
    place (a long text has few distinct characters), and one found safe before not again."""
    return _looked_at(text)[0]


def _looked_at(text: str) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """The distinct unsafe characters of `text`, its distinct marks, and those of it drawn as
    nothing (DRAWN_AS_NOTHING: never held as safe, so always met here)."""
    new = set(text) - _SAFE
    if not new:
        return _NONE, _NONE, _NONE
    drawn = _NONE if DRAWN_AS_NOTHING.isdisjoint(new) else frozenset(new & DRAWN_AS_NOTHING)
    marks = frozenset(new & _MARKS)
    new -= marks
    unsafe = frozenset(ch for ch in new if _is_unsafe(ch))
    met = frozenset(ch for ch in new - unsafe if _is_mark(ch))
    if met:
        _MARKS.update(met)
        marks |= met
    if len(_SAFE) < _SAFE_MAX:
        _SAFE.update(new - unsafe - met - drawn)
    return unsafe, marks, drawn


def _marks_capped(text: str, marks: frozenset[str]) -> str:
    """`text` with every mark after the first MARKS_SHOWN of a run written as its escape."""
    stand_in = next((ch for ch in _STAND_INS if ch not in text), None)
    if stand_in is None:  # a text holding every stand-in: the marks themselves make the pattern
        runs = re.finditer(f"[{re.escape(''.join(sorted(marks)))}]{{{MARKS_SHOWN + 1},}}", text)
    else:  # (one character for one: a run is where it was)
        masked = text.translate(dict.fromkeys(map(ord, marks), stand_in))
        runs = re.finditer(f"{stand_in}{{{MARKS_SHOWN + 1},}}", masked)
    out, done = [], 0
    for run in runs:
        start = run.start() + MARKS_SHOWN
        out.append(text[done:start])
        out.append("".join(map(_escape, text[start : run.end()])))
        done = run.end()
    if not out:
        return text
    out.append(text[done:])
    return "".join(out)


def unsafe_characters(text: str) -> list[tuple[int, str]]:
    """(index, character) of every control, format, separator, private or unassigned character
    (`for_terminal` makes them visible, and DRAWN_AS_NOTHING too)."""
    unsafe = _unsafe_in(text)
    if not unsafe:
        return []
    return [(i, ch) for i, ch in enumerate(text) if ch in unsafe]


def names_no_one(text: str) -> bool:
    """Whether a name has no character of its own to read: empty, blanks (an ideographic space,
    a Hangul filler, the blank Braille pattern too), marks that combine with what stands before
    them, or characters drawn as nothing (a joiner, a variation selector alone)."""
    return all(_is_mark(ch) or not _drawn(ch).strip() for ch in text)


# what is said of a name `unfit_name` refuses, OPTION the option or the field that holds it
UNFIT_NAME = "{option} must be non-empty text without control or invisible characters"
# what is said of an optional name refused (an answers file's responsible), which may be left empty
UNFIT_OPTIONAL_NAME = (
    "{option} is optional: leave it empty, or give a name without control or invisible characters"
)
# what is said of a site id refused (`--site-id`, a findings file's `site_id`): it may be left out
UNFIT_OPTIONAL_ID = (
    "{option} is optional: leave it out, or give an id without control or invisible characters"
)

# what is said of a site id with a blank at either end (`--site-id "HLJ-0001 "`): the reports
# took it for a site apart from HLJ-0001
SITE_ID_BLANK_ENDS = (
    "{option} begins or ends with a blank: a site id is a code, written without blanks around it"
)


def blank_ends(text: str) -> bool:
    """Whether a code (a site id) begins or ends with a blank (a space, a tab, an ideographic
    space): written so, it is another code to every count by site."""
    return text != text.strip()


def unfit_name(text: str) -> bool:
    """Whether a name a person types (a site, a site id, an inspector, a responsible unit or
    person) is refused: it names no one, or it holds a control, format or invisible character
    (a direction override or a zero-width space makes a name read as another's). One rule for
    the options that take one (`--site`, `--inspector`), the walk's prompts, an answers file
    and a findings file signed with `sign`. A character drawn as nothing though no format
    character (DRAWN_AS_NOTHING: a Hangul filler after a name, the grapheme joiner inside it)
    is invisible too: such names were signed, though every output shows the character
    escaped."""
    unsafe = unsafe_characters_but_joiners_needed(text)
    return names_no_one(text) or bool(unsafe) or not DRAWN_AS_NOTHING.isdisjoint(text)


def unsafe_characters_but_joiners_needed(text: str) -> list[tuple[int, str]]:
    """`unsafe_characters` of `text` but the joiners its spelling needs (`joiners_needed`):
    what a name (`unfit_name`) or a checklist's text may not hold, one rule for both."""
    unsafe = unsafe_characters(text)
    if unsafe and not _JOINERS.isdisjoint(text):  # (a joiner a spelling needs is no spoof)
        needed = joiners_needed(text)
        unsafe = [(i, ch) for i, ch in unsafe if i not in needed]
    return unsafe


# the zero-width non-joiner and joiner: format characters some spellings need (Persian's
# ZWNJ inside a word, a conjunct's half form or a chillu letter after an Indic virama)
_ZWNJ, _ZWJ = "\u200c", "\u200d"
JOINERS = _ZWNJ + _ZWJ  # (a text cut never ends on one: `_breaks`, `_render`)
_JOINERS = frozenset(JOINERS)
_JOINER = re.compile(f"[{_ZWNJ}{_ZWJ}]")
_VIRAMA = 9  # the canonical combining class of a virama (a halant, the Sinhala al-lakuna)


def joiners_needed(text: str) -> frozenset[int]:
    """The places in `text` of the zero-width joiners and non-joiners a spelling needs
    (`_joiner_needed`): a name holding one there is fit (`unfit_name`), and every text shown
    (`for_terminal`) keeps it whole there, where it escapes every other."""
    places = (found.start() for found in _JOINER.finditer(text))
    return frozenset(i for i in places if _joiner_needed(text, i))


def _joiner_needed(text: str, i: int) -> bool:
    """Whether the joiner at `text[i]` stands where Unicode's identifier rules (UAX #31,
    section 2.3) allow one: a ZWJ or ZWNJ after a letter's virama of its own script (its marks
    before it, marks of a combining class between); a ZWNJ between a letter that joins on its
    left and one that joins on its right, transparent marks between (it breaks a cursive
    join). Anywhere else it changes nothing a reader sees, and a name holding it reads as
    another's."""
    j = i - 1
    while j >= 0 and _mark_after_virama(text[j]):
        j -= 1
    if j > 0 and unicodedata.combining(text[j]) == _VIRAMA:
        k = j - 1
        while k >= 0 and unicodedata.category(text[k]).startswith("M"):
            k -= 1
        if k >= 0 and unicodedata.category(text[k]).startswith("L"):
            return _one_script(text[k], text[j])  # (a Latin letter takes no half form)
    if text[i] != _ZWNJ:
        return False
    left, right = i - 1, i + 1
    while left >= 0 and _transparent(text[left]):
        left -= 1
    while right < len(text) and _transparent(text[right]):
        right += 1
    return (
        left >= 0
        and right < len(text)
        and _joining(text[left]) in ("D", "L")  # ($LJ of UAX #31 A1)
        and _joining(text[right]) in ("D", "R")  # ($RJ)
    )


# the words Unicode's names give a kind of character after its script's name (`DEVANAGARI
# LETTER KA`, `TAI THAM SIGN SAKOT`, `THAI CHARACTER PHINTHU`)
_KINDS = frozenset(
    [
        "LETTER",
        "SIGN",
        "CHARACTER",
        "VOWEL",
        "CONSONANT",
        "DIGIT",
        "LIGATURE",
        "SYLLABLE",
        "VIRAMA",
        "MARK",
    ]
)
_NEAR = 128  # (how far from a virama its script's letters are looked for)


def _one_script(letter: str, virama: str) -> bool:
    """Whether a letter and a virama are of one script, as their Unicode names say: no table
    copied in. The words the two names begin with must be a script's whole name, not the first
    word of several (`TAI LE LETTER KA` and `TAI THAM SIGN SAKOT` share `TAI` alone): a kind of
    character ends it or follows it in either name (`BALINESE LETTER KA`, `BALINESE ADEG
    ADEG`), or a letter near the virama is named after it (`SOYOMBO LETTER KA` beside the
    `SOYOMBO SUBJOINER`, for `SOYOMBO CLUSTER-INITIAL LETTER RA`)."""
    first, second = unicodedata.name(letter, "").split(), unicodedata.name(virama, "").split()
    n = 0
    while n < min(len(first), len(second)) and first[n] == second[n]:
        n += 1
    if n == 0:
        return False
    around = {first[n - 1], *first[n : n + 1], *second[n : n + 1]}
    if not _KINDS.isdisjoint(around):
        return True
    named = " ".join(first[:n]) + " LETTER "
    at = ord(virama)
    near = range(max(0, at - _NEAR), min(at + _NEAR, sys.maxunicode + 1))
    return any(unicodedata.name(chr(c), "").startswith(named) for c in near)


def _mark_after_virama(ch: str) -> bool:
    """A nonspacing mark of a combining class, not a virama ($M1 of UAX #31, the virama apart)."""
    return unicodedata.category(ch) == "Mn" and unicodedata.combining(ch) not in (0, _VIRAMA)


def _transparent(ch: str) -> bool:
    """A mark a cursive join passes over (joining type Transparent: nonspacing, enclosing, and
    those `_joining` gives so)."""
    return unicodedata.category(ch) in _MARK_CATEGORIES or _joining(ch) == "T"


_RANGE = re.compile(r"([0-9A-F]+)(-([0-9A-F]+))? ([DLRT])")


def _joining(ch: str) -> str:
    """A letter's joining type, as Unicode's ArabicShaping.txt gives it: "D" (dual-joining: it
    joins on both sides), "R" (right-joining: on its right alone, the side of the letter before
    it), "L" (left-joining: on its left alone), "T" (passed over, `_transparent`), "" (none,
    or a character of another script). The letters of every script Unicode gives joining types:
    Arabic, Syriac, N'Ko, Mandaic, Mongolian, Phags-pa, Manichaean, Psalter Pahlavi, Hanifi
    Rohingya, Sogdian, Chorasmian, Old Uyghur, Adlam (many of them, and some Arabic letters,
    have no presentation forms to read the sides from)."""
    code = ord(ch)
    at = bisect.bisect_right(_JOINING_STARTS, code) - 1
    if at < 0:
        return ""
    _, last, kind = _JOINING_TYPES[at]
    return kind if code <= last else ""


# The Unicode version of `_JOINING_TYPES`: the one Python's `unicodedata` gives, whose general
# categories and combining classes the rest of these rules read (a test pins the two together).
JOINING_TYPES_VERSION = "14.0.0"
# The joining types of ArabicShaping.txt (Unicode 14.0.0), as ranges (first, last, type) of
# letters of one type, in order; a code point in none joins on neither side (U), or is passed
# over (T: a mark, `_transparent`, and the one letter listed so, Adlam's nasalization mark,
# a modifier letter since Unicode 13). The join-causing characters (C: a tatweel, the tatweels
# of Arabic Extended-B, N'Ko's lajanyalan, ZWJ) are left out: UAX #31's rule names dual-, left-
# and right-joining letters only. Unicode 13 added Arabic Extended-A's letters U+08BE-08C4 and
# U+08C7 and Chorasmian; 14 added Arabic Extended-B, U+08B5, U+08C8 and Old Uyghur.
_JOINING_TYPES: tuple[tuple[int, int, str], ...] = tuple(
    (int(first, 16), int(last or first, 16), kind)
    for first, _, last, kind in _RANGE.findall(
        """
        0620 D 0622-0625 R 0626 D 0627 R 0628 D 0629 R 062A-062E D 062F-0632 R 0633-063F D
        0641-0647 D 0648 R 0649-064A D 066E-066F D 0671-0673 R 0675-0677 R 0678-0687 D
        0688-0699 R 069A-06BF D 06C0 R 06C1-06C2 D 06C3-06CB R 06CC D 06CD R 06CE D 06CF R
        06D0-06D1 D 06D2-06D3 R 06D5 R 06EE-06EF R 06FA-06FC D 06FF D
        0710 R 0712-0714 D 0715-0719 R 071A-071D D 071E R 071F-0727 D 0728 R 0729 D 072A R
        072B D 072C R 072D-072E D 072F R 074D R 074E-074F D
        0750-0758 D 0759-075B R 075C-076A D 076B-076C R 076D-0770 D 0771 R 0772 D 0773-0774 R
        0775-0777 D 0778-0779 R 077A-077F D
        07CA-07EA D
        0840 R 0841-0845 D 0846-0847 R 0848 D 0849 R 084A-0853 D 0854 R 0855 D
        0860 D 0862-0865 D 0867 R 0868 D 0869-086A R
        0870-0882 R 0886 D 0889-088D D 088E R
        08A0-08A9 D 08AA-08AC R 08AE R 08AF-08B0 D 08B1-08B2 R 08B3-08B8 D 08B9 R 08BA-08C8 D
        1807 D 1820-1878 D 1887-18A8 D 18AA D
        A840-A871 D A872 L
        10AC0-10AC4 D 10AC5 R 10AC7 R 10AC9-10ACA R 10ACD L 10ACE-10AD2 R 10AD3-10AD6 D
        10AD7 L 10AD8-10ADC D 10ADD R 10ADE-10AE0 D 10AE1 R 10AE4 R 10AEB-10AEE D 10AEF R
        10B80 D 10B81 R 10B82 D 10B83-10B85 R 10B86-10B88 D 10B89 R 10B8A-10B8B D 10B8C R
        10B8D D 10B8E-10B8F R 10B90 D 10B91 R 10BA9-10BAC R 10BAD-10BAE D
        10D00 L 10D01-10D21 D 10D22 R 10D23 D
        10F30-10F32 D 10F33 R 10F34-10F44 D 10F51-10F53 D 10F54 R
        10F70-10F73 D 10F74-10F75 R 10F76-10F81 D
        10FB0 D 10FB2-10FB3 D 10FB4-10FB6 R 10FB8 D 10FB9-10FBA R 10FBB-10FBC D 10FBD R
        10FBE-10FBF D 10FC1 D 10FC2-10FC3 R 10FC4 D 10FC9 R 10FCA D 10FCB L
        1E900-1E943 D 1E94B T
        """
    )
)
_JOINING_STARTS = tuple(first for first, _, _ in _JOINING_TYPES)


def as_spaces(text: str) -> str:
    """TEXT with each whitespace character a terminal shows escaped (`\\u000b`) a space: a
    tab, a vertical tab (Word's line break), a form feed, a C1 next-line, a line or paragraph
    separator, an information separator, pasted from a spreadsheet, a document or a PDF, or
    written so in an answers file (the walk's texts and an answers file's sign alike). A gap
    between words there is one in the record; a blank a terminal shows (a no-break space, the
    ideographic space of Chinese text) is kept, and so is a line break (a text's own lines)."""
    if text.isascii() and text.isprintable():
        return text
    return text.translate(_GAPS)


# every character `str.isspace` takes but `\n` and `\r` that `for_terminal` shows escaped
_GAPS = str.maketrans(dict.fromkeys("\t\x0b\x0c\x1c\x1d\x1e\x1f\x85\u2028\u2029", " "))


def for_terminal(text: str, *, multiline: bool = False) -> str:
    r"""Make control, format and bidi characters visible as `\uXXXX`; keep `\n` if multiline.

    A zero-width joiner or non-joiner stays whole where a spelling needs it, as `unfit_name`
    takes it in a name (`joiners_needed`: after an Indic virama, a Persian non-joiner between
    letters it keeps apart); anywhere else it is made visible.

    So too the characters drawn as nothing though no format character (DRAWN_AS_NOTHING).

    So too the marks of a run beyond its first MARKS_SHOWN (they would be drawn over the lines
    around it).

    A backslash is kept as it is; the result is plain text, to be shown through `rich.text.Text`
    (never as markup).
    """
    if text.isascii() and text.isprintable():
        return text
    unsafe, marks, drawn = _looked_at(text)
    if multiline:
        unsafe -= {"\n"}
    unsafe |= drawn
    if len(marks) and len(text) > MARKS_SHOWN:
        text = _marks_capped(text, marks)  # (escapes are ASCII: the unsafe stay as they were)
    if not unsafe:
        return text
    escapes = {ord(ch): _escape(ch) for ch in unsafe}
    if _JOINERS.isdisjoint(unsafe):
        return text.translate(escapes)
    return _escaped_but_needed_joiners(text, escapes)


def _escaped_but_needed_joiners(text: str, escapes: dict[int, str]) -> str:
    """`text` translated by `escapes`, but a joiner where a spelling needs it (`joiners_needed`,
    judged on the text as shown: a virama made visible is none) kept whole."""
    needed = joiners_needed(text)
    out, done = [], 0
    for found in _JOINER.finditer(text):  # (each joiner no spelling needs as its escape)
        i = found.start()
        if i not in needed:
            out.append(text[done:i])
            out.append(_escape(text[i]))
            done = i + 1
    out.append(text[done:])
    rest = {code: escape for code, escape in escapes.items() if chr(code) not in _JOINERS}
    return "".join(out).translate(rest) if rest else "".join(out)


# Letters of other scripts drawn as a Latin letter is (a small set, not Unicode's whole table of
# confusables: the Cyrillic and Greek letters a keyboard in those scripts gives that a reader
# takes for Latin ones), for `reads_as`
_LOOKS_LATIN = str.maketrans(
    "\u0430\u0435\u043e\u0440\u0441\u0443\u0445\u0456\u0458\u0455\u0501\u051b\u051d\u04bb\u04cf"
    "\u0410\u0412\u0415\u041a\u041c\u041d\u041e\u0420\u0421\u0422\u0425\u0406\u0408\u0405"
    "\u0391\u0392\u0395\u0396\u0397\u0399\u039a\u039c\u039d\u039f\u03a1\u03a4\u03a5\u03a7"
    "\u03bf\u03bd",
    "aeopcyxijsdqwhlABEKMHOPCTXIJSABEZHIKMNOPTYXov",
)
# drawn as nothing (those above, and the variation selectors: beside a letter they leave it as
# it reads) or as a blank (the fillers, and the blank Braille pattern), for `reads_as`
_READ_AS_NOTHING = frozenset(
    _INVISIBLE + "\u180b\u180c\u180d\u180f" + "".join(map(chr, range(0xFE00, 0xFE10)))
)
_READ_AS_BLANK = frozenset(_FILLERS + "\u2800")


def _drawn(ch: str) -> str:
    if ch in _READ_AS_BLANK:
        return " "
    if ch in _READ_AS_NOTHING or 0xE0100 <= ord(ch) <= 0xE01EF or _is_unsafe(ch):
        return ""
    return ch


# what a screen draws nothing of (`unseen`): controls, format characters, line and paragraph
# separators
_NOT_DRAWN = frozenset({"Cc", "Cf", "Zl", "Zp"})


def unseen(ch: str) -> bool:
    """Whether a screen shows nothing of `ch` but a blank, if that: white space, a control, a
    format character (a zero-width space, a byte-order mark), a line or paragraph separator,
    and what is drawn as nothing or as a blank though none of those (DRAWN_AS_NOTHING, the
    variation selectors, the blank Braille pattern): what sets a code (a site id) apart from
    another at its ends without being seen (`core.sites`)."""
    return (
        ch.isspace()
        or unicodedata.category(ch) in _NOT_DRAWN
        or ch in _READ_AS_BLANK
        or ch in _READ_AS_NOTHING
        or 0xE0100 <= ord(ch) <= 0xE01EF
    )


def unseen_named(ch: str) -> str:
    r"""How a character `unseen` at a code's end is named to a reader: "" for a blank a screen
    shows (a space, an ideographic space, a no-break space, the blank Braille pattern), else
    its escape (`\u3164`), as `for_terminal` writes it where it does (a variation selector,
    which it keeps, is named so too)."""
    shown = for_terminal(ch)
    if shown != ch:
        return shown
    return "" if ch.isspace() or ch in _READ_AS_BLANK else _escape(ch)


def reads_as(text: str) -> str:
    """What `text` reads as on a screen: its compatibility form (a full-width letter as the
    letter, an ideographic space as a space, composed and decomposed alike), the letters of
    `_LOOKS_LATIN` as the Latin ones, what is drawn as nothing left out, blanks as one space,
    none at either end. A capital still reads apart from its small letter."""
    if text.isascii() and text.isprintable() and "  " not in text and text.strip() == text:
        return text
    text = "".join(map(_drawn, text))
    text = unicodedata.normalize("NFKC", text).translate(_LOOKS_LATIN)
    text = "".join(map(_drawn, text))  # (what the compatibility form made of a filler)
    return " ".join(text.split())


# What a principal's letters (lowercase ASCII: SPEC 2.2) are taken for beside each other: the
# pairs Unicode's confusables table gives among them (rn for m, vv for w, cl for d, a digit one
# for an l, a zero for an o)
_PRINCIPAL_LOOKS = (("rn", "m"), ("vv", "w"), ("cl", "d"), ("1", "l"), ("0", "o"))


def principal_reads_as(principal: str) -> str:
    """What a principal reads as: two that read alike are taken for one signer."""
    for written, read in _PRINCIPAL_LOOKS:
        principal = principal.replace(written, read)
    return principal


def _reads_as_itself(ch: str) -> bool:
    return ch.isascii() and ch.isprintable() and ch != " "


def shown_apart(texts: Sequence[str]) -> list[str]:
    r"""`texts` (the names of one column of a report), each that reads as another one does
    (`reads_as`) with what tells it apart written as its `\uXXXX` escape: a character other
    than printable ASCII that reads as another or that not every one of them holds, and a blank
    at either end or beside another. The rest, and every name that reads as no other, as they
    are: each row keeps its own name, and no two read alike."""
    readings: dict[str, set[str]] = {}
    for text in texts:
        readings.setdefault(reads_as(text), set()).add(text)
    out = []
    for text in texts:
        alike = readings[reads_as(text)]
        if len(alike) < 2:
            out.append(text)
            continue
        common = set.intersection(*map(set, alike))
        shown = []
        last = len(text) - 1
        for i, ch in enumerate(text):
            if ch.isspace() or ch in _READ_AS_BLANK:
                apart = (
                    ch != " " or i in (0, last) or text[i - 1].isspace() or text[i + 1].isspace()
                )
            else:
                apart = not _reads_as_itself(ch) and (ch not in common or reads_as(ch) != ch)
            shown.append(_escape(ch) if apart else ch)
        out.append("".join(shown))
    return out


_CSV_TRIGGERS = ("=", "+", "-", "@")


def for_csv(text: str) -> str:
    """Neutralise a cell a spreadsheet would run as a formula (leading `= + - @`). A leading tab
    or CR, the other triggers, never stays: `for_terminal` has written it as its escape."""
    text = for_terminal(text, multiline=True)
    if text.startswith(_CSV_TRIGGERS):
        return "'" + text
    return text


_MARKUP = re.compile(r"\[/?[a-zA-Z#@/][^\[\]\n]*\]")

# a byte Python could not decode (of a file name, the command line, a terminal's line: one not
# in the locale's encoding), kept as a lone surrogate that no UTF-8 file can hold
LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def looks_like_markup(text: str) -> bool:
    """True when `text` holds something a terminal-markup renderer would take as a tag."""
    return _MARKUP.search(text) is not None


def json_text(value: object, *, indent: int | None = 2) -> str:
    """JSON with readable Unicode, but every control, bidi or format character \\u-escaped."""
    separators = None if indent else (",", ":")
    return json_escaped(json.dumps(value, ensure_ascii=False, indent=indent, separators=separators))


def json_escaped(text: str) -> str:
    """JSON text with every control, bidi or format character in it \\u-escaped (its own
    newlines kept: inside strings JSON has them escaped already)."""
    if text.isascii() and "\x7f" not in text:  # JSON escaped every other ASCII control
        return text
    if text.isprintable():  # (a scan in C: no control, format, separator or unassigned)
        return text
    unsafe = _unsafe_in(text) - {"\n"}
    return text.translate({ord(ch): _json_escape(ch) for ch in unsafe}) if unsafe else text


SHOWN = "minecheck.shown"  # a codec error handler: what a terminal cannot show, as near as it can

# signs a terminal that cannot show them (an ASCII or Latin-1 locale) reads in ASCII: a
# reading's "limit ≤ 1 %CH4" was "limit ? 1 %CH4", which way the limit lies lost
_SHOWN_AS = {
    "≤": "<=",
    "≥": ">=",
    "≠": "!=",
    "→": "->",
    "←": "<-",
    "·": "-",
    "•": "*",
    "…": "...",
    "“": '"',
    "”": '"',
    "‘": "'",
    "’": "'",
    "–": "-",
    "—": "--",
    "─": "-",
    "│": "|",
    "×": "x",
    "\u00a0": " ",
}


def _shown(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    said = []
    for ch in exc.object[exc.start : exc.end]:
        near = _SHOWN_AS.get(ch)
        if near is None:  # a letter without its accent (é: e), a full-width one as ASCII
            near = "".join(
                c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c)
            )
            try:
                near.encode(exc.encoding)
            except (UnicodeEncodeError, LookupError):
                near = ""
            near = near if near and near != ch and near.isprintable() else "?"
        said.append(near)
    return "".join(said), exc.end


def register_shown() -> str:
    """The name of the codec error handler for a terminal's text: what its encoding cannot
    hold is shown as near as it can be (`≤` as `<=`, `é` as `e` in ASCII), else `?`."""
    import codecs

    codecs.register_error(SHOWN, _shown)
    return SHOWN


def as_shown(text: str, encoding: str | None) -> str:
    """`text` as a terminal in `encoding` shows it (`register_shown`): for what is written
    through another writer than the standard streams (the line editor's prompt)."""
    if not encoding:
        return text
    try:
        return text.encode(encoding, register_shown()).decode(encoding)
    except (LookupError, UnicodeError):
        return text


JSON_ESCAPES = "minecheck.json"  # a codec error handler: what an encoding cannot hold, \u-escaped


def _json_escapes(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    return "".join(map(_json_escape, exc.object[exc.start : exc.end])), exc.end


def register_json_escapes() -> str:
    """The name of the codec error handler that writes what an encoding cannot hold as JSON's
    \\u escapes (JSON's syntax is ASCII: such a character is inside a string), registered."""
    import codecs

    codecs.register_error(JSON_ESCAPES, _json_escapes)
    return JSON_ESCAPES


def _json_escape(ch: str) -> str:
    """A character as JSON's \\u escape (a UTF-16 surrogate pair beyond the BMP)."""
    code = ord(ch)
    if code > 0xFFFF:
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def quoted(value: object) -> str:
    """A value a message names between single quotes, as it was given or a file holds it. Python's
    `repr` looked the same for a plain word but wrote the rest its own way: `\\x07` and a doubled
    backslash where every other name shows `\\u0007` (its unsafe characters are escaped where the
    message is shown) and one backslash, and double quotes around a word with a quote in it. A
    value that is no text is written as a TOML or JSON file writes it (`written`)."""
    return f"'{value}'" if isinstance(value, str) else written(value)


def quoted_value(value: object) -> str:
    """`quoted`, for a value a person typed in a file or an answer (an item id, a reading, a
    result): the same text in English, between Chinese quotes in a Chinese line
    (`i18n.Quoted`). A command, a path, a key name and an option's value take `quoted`."""
    from minecheck.i18n import Quoted

    return Quoted(value) if isinstance(value, str) else written(value)


def written(value: object) -> str:
    """A value read from a TOML or JSON file as the file writes it: `2026-01-01`, `07:30:00`,
    `true`, `null`, `[1, "a"]`, `{"a": 1}` (Python's `repr` said `datetime.date(2026, 1, 1)`,
    `True`, `None`, `{'a': 1}`); a number as Python writes it (`1.5`, `inf`)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):  # (inside a list or a table)
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(map(written, value)) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{written(str(k))}: {written(v)}" for k, v in value.items()) + "}"
    isoformat = getattr(value, "isoformat", None)  # a date, a time, a date and time
    return str(isoformat()) if callable(isoformat) else repr(value)


NAME_MAX = 255  # bytes in one name (most file systems)


def untaken(folder: str, stem: str, tail: Callable[[int], str], tries: int = 100) -> str | None:
    """The path in FOLDER named STEM + tail(n) for the first n (1, 2, ... tries) that names
    nothing there (a link to nothing is taken: `>` follows it), STEM cut to fit a name's bytes:
    a command a hint hands over writes it, so pasted it never writes over a file. None where
    every name tried is taken, or where the tail alone is longer than a name can be: a
    caller's command then names no file but says to name one (`new_file_word`)."""
    for n in range(1, tries + 1):
        end = tail(n)
        if len(os.fsencode(end)) > NAME_MAX:
            return None
        cut = stem
        while cut and len(os.fsencode(cut + end)) > NAME_MAX:
            cut = cut[:-1]
        path = os.path.join(folder, cut + end)
        if not os.path.lexists(path):
            return path
    return None


NO_WORD = "WORD (it ends in a line break or holds a NUL, which no command can carry)"
NO_NEW_NAME = "NEW-FILE (no name tried is free and short enough: name a new file)"


def new_file_word(path: str | os.PathLike[str] | None) -> str:
    """`shell_word` of the file a command writes, as `untaken` found it; where it found none,
    a word that names no file there and says to name one (pasted, the shell refuses it)."""
    if path is not None:
        return shell_word(path)
    return no_file_word(NO_NEW_NAME)


def no_file_word(words: str) -> str:
    """A command's word that names no file and says why (`words`, in the user's language):
    it ends in `/`, so that pasted, a shell refuses it as a file to write (`>`), remove or read,
    and a file or folder there named like it is left as it is."""
    import shlex

    from minecheck.i18n import t

    return shlex.quote(t(words) + "/")


def shell_carries(*paths: str | os.PathLike[str] | None) -> bool:
    """Whether `shell_word` can name each path (None: none given): all but a name ending in a
    line break, which `$(...)` drops (the command would name another file)."""
    return not any(p is not None and os.fspath(p).endswith("\n") for p in paths)


def shell_word(path: str | os.PathLike[str]) -> str:
    """`path` as one word of a command in a hint, to paste into a shell: quoted where it needs
    it, and a relative name that starts with `-` written `./-...` (not read as an option).

    A hint is shown with control, format and invisible characters escaped (`\\u000a`), and a
    name quoted with one of them in it named another file once pasted: such a name is written
    `"$(printf %b '...')"`, its bytes past printable ASCII in octal, which every POSIX shell
    makes back into the name. A line break at its very end no word carries (`$(...)` drops it,
    and the word named another file): such a name is a word that names nothing and says why
    (`shell_carries` tells a caller that would rather say the hint without a command)."""
    text = os.fspath(path)
    if text.endswith("\n"):
        return no_file_word("FILE (its name ends in a line break: give it a plain name)")
    if text.startswith("-"):
        text = f"./{text}"
    return shell_arg(text)


def shell_arg(word: str) -> str:
    """`word`, which is not a path (a principal, a pattern of allowed_signers), as one word of a
    command in a hint: quoted as `shell_word` quotes, but never written `./-...`, which names a
    file and is another word here. Where such a word is an argument and starts with `-`, the
    command puts `--` before it (`trust remove ... -- '-*@unit.example'`).

    A line break at its end, or a NUL anywhere, no word carries (`$(...)` drops both, and the
    word was another: a damaged draft `a<LF>`'s discard hint discarded the draft `a`): such a
    word is one that names nothing and says why (`no_file_word`)."""
    import shlex

    if word.endswith("\n") or "\0" in word:
        return no_file_word(NO_WORD)
    if (  # (a terminal's copy may drop a joiner it shows whole, or compose an accent typed
        for_terminal(word) == word  # apart, `e` and U+0301 shown as `é`: the octal form keeps
        and _JOINERS.isdisjoint(word)  # each; two drafts `é`, composed and not, were one hint)
        and (word.isascii() or unicodedata.is_normalized("NFC", word))
    ):
        return shlex.quote(word)
    spelt = "".join(
        chr(b) if 0x20 <= b < 0x7F and b not in b"\\'" else f"\\0{b:03o}" for b in os.fsencode(word)
    )
    return f"\"$(printf %b '{spelt}')\""
