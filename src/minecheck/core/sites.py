"""Site codes written apart by letter case, full-width forms or end blanks alone (`HLJ-0001`,
`hlj-0001`, `HLJ－0001`, `HLJ-0001 `): each is a site of its own to every count by site (a site
is its code), which merge and summary say. Light on purpose: a summary answered by its memo
says it, and reads no document (tests/test_project.py)."""

from __future__ import annotations

import functools
import itertools
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from minecheck.core.sanitize import joiners_needed, quoted, unseen, unseen_named

if TYPE_CHECKING:
    from minecheck.core.schema import Say

SITE_CODES_ALIKE = (
    "site codes {codes} differ only in letter case, in full-width forms or in blanks at their "
    "ends: reports count them as {count} sites, and do not see separate inspections or repeat "
    "majors across them"
)
# where the codes' ends differ in characters a screen does not show (a unit separator, a
# zero-width space, a byte-order mark): named, as the terminal writes them (`\u200b`)
SITE_CODES_ALIKE_UNSEEN = (
    "site codes {codes} differ only in letter case, in full-width forms or in characters not "
    "seen at their ends ({characters}): reports count them as {count} sites, and do not see "
    "separate inspections or repeat majors across them"
)
# where a group's codes hold such characters inside them too (`HLJ-\u200b0001`, pasted from a web
# page): "in them", not "at their ends"
SITE_CODES_ALIKE_WITHIN = (
    "site codes {codes} differ only in letter case, in full-width forms or in characters not "
    "seen in them ({characters}): reports count them as {count} sites, and do not see separate "
    "inspections or repeat majors across them"
)
# a code wider than CODE_SHOWN cells where a terminal is told it: its head and the rest counted
# (`_cut_apart`)
CODE_SHOWN = 64
CODE_CUT = "{code} ({count} more characters)"
CODE_CUT_ONE = "{code} (1 more character)"
# a group's codes a terminal is told (the first in order, `codes_alike_said`): the rest counted
CODES_SHOWN = 10
CODES_MORE = "{codes} and {count} more not shown here (--json lists every one)"
SITE_CODES_ALIKE_HINT = "write each site's code one way in every inspection of it"
# what `inspect --site-id` and `sign` say of a code typed with full-width forms (`HLJ－0001`):
# signed as written (the code is the authority's), said where it is typed
SITE_ID_FULL_WIDTH = (
    "{option} {given} is written with full-width forms: reports count it as a site apart from "
    "{plain}"
)
SITE_ID_FULL_WIDTH_HINT = (
    "if the site's code is {plain}, write it so in every inspection of the site"
)


def codes_alike(codes: Iterable[str]) -> list[tuple[str, ...]]:
    """The site codes that differ only in letter case, in full-width forms (a Chinese input
    method's `－`, `ＨＬＪ`, `０００１`: `_width_folded`) or in what is not seen at their ends
    (`_ends`: blanks, controls, format characters, a Hangul filler), each group sorted, the
    groups in order (`SITE_CODES_ALIKE`). The codes are given as written."""
    folded: dict[str, set[str]] = defaultdict(set)
    for code in codes:
        if code:
            width_folded = _width_folded(code)
            head, tail = _ends(width_folded)
            kept = width_folded[head:tail]
            if not (kept.isascii() and kept.isprintable()):
                unseen_at = _unseen_inside(kept)
                kept = "".join(ch for i, ch in enumerate(kept) if i not in unseen_at)
            folded[_case_folded(kept)].add(code)
    return sorted(tuple(sorted(group)) for group in folded.values() if len(group) > 1)


def _case_folded(code: str) -> str:
    """`code` with its letter case folded as Unicode's full case folding does it (`ß` as `ss`),
    but a compatibility form kept as it is: the fold makes the ligature `ﬁ` the two letters
    `fi`, and `HLJ-ﬁ1` and `HLJ-FI1` were said to differ only in letter case (NFKC's other forms,
    `①`, are not folded either: `_width_folded`)."""
    if code.isascii():
        return code.lower()
    return "".join(ch.lower() if _is_compatible(ch) else ch.casefold() for ch in code)


@functools.lru_cache(maxsize=4096)
def _is_compatible(ch: str) -> bool:
    return unicodedata.decomposition(ch).startswith("<compat>")


def _ends(code: str) -> tuple[int, int]:
    """Where `code` begins and ends without what a screen does not show there (`unseen`):
    blanks, controls (those Python counts as white space, U+001C-U+001F and U+0085, and the
    rest), format characters (a zero-width space, a byte-order mark, pasted with a code) and
    what is drawn as nothing or as a blank (a Hangul filler, the grapheme joiner)."""
    if code.isascii() and code.isprintable():  # (its only unseen characters are spaces)
        stripped = code.lstrip()
        return len(code) - len(stripped), len(stripped.rstrip()) + len(code) - len(stripped)
    head, tail = 0, len(code)
    while head < tail and unseen(code[head]):
        head += 1
    while tail > head and unseen(code[tail - 1]):
        tail -= 1
    return head, tail


def _unseen_inside(code: str) -> frozenset[int]:
    """The places inside `code` (its ends taken off) of what a screen does not show and every
    output writes as its escape: a zero-width space, a word joiner, a byte-order mark, a soft
    hyphen, a control, a joiner no spelling needs. A blank is seen there, and so is a joiner
    or non-joiner its script needs (`joiners_needed`: a Persian word's letters kept apart, a
    half form after a virama), which changes what is drawn."""
    needed: frozenset[int] | None = None
    places = set()
    for i, ch in enumerate(code):
        if unseen(ch) and unseen_named(ch):
            if ch in "\u200c\u200d":
                needed = joiners_needed(code) if needed is None else needed
                if i in needed:
                    continue
            places.add(i)
    return frozenset(places)


def _width_folded(code: str) -> str:
    """`code` with each full-width or half-width form (`－`, `Ｈ`, `０`, an ideographic space,
    `ｱ`) as the character its decomposition names, and nothing else folded: NFKC also makes `①`, `¹`
    and `Ⅷ` digits and letters, a ligature two letters and `㍿` four characters, and the
    warning says the codes differ only in width, letter case or end blanks."""
    if code.isascii():
        return code
    return "".join(map(_width_of, code))


@functools.lru_cache(maxsize=4096)
def _width_of(ch: str) -> str:
    said = unicodedata.decomposition(ch).split()  # ("<wide>", "002D"); [] for most
    return chr(int(said[1], 16)) if len(said) == 2 and said[0] in ("<wide>", "<narrow>") else ch


def half_width(code: str) -> str:
    """`code` with each full-width form (`－`, `Ｈ`, `０`, an ideographic space) as its
    half-width character, and nothing else changed: the spelling `SITE_ID_FULL_WIDTH` names,
    which `codes_alike` would group with `code`."""
    if code.isascii():
        return code
    return "".join(_width_of(ch) if _is_wide(ch) else ch for ch in code)


def _is_wide(ch: str) -> bool:
    return unicodedata.decomposition(ch).startswith("<wide>")


def full_width_said(option: str, code: str, say: Say) -> tuple[str, str] | None:
    """What is said of a site code `code` (given as `option`) written with full-width forms,
    and its hint, in `say`'s words; None for a code without any."""
    plain = half_width(code)
    if plain == code:
        return None
    given, half = quoted(code), quoted(plain)
    return (
        say(SITE_ID_FULL_WIDTH, option=option, given=given, plain=half),
        say(SITE_ID_FULL_WIDTH_HINT, plain=half),
    )


def codes_alike_said(codes: Sequence[str], say: Say, *, most: int | None = None) -> str:
    """`SITE_CODES_ALIKE` of one group of `codes_alike`, in `say`'s words; where their ends
    hold characters a screen does not show, `SITE_CODES_ALIKE_UNSEEN`, naming them as a
    terminal writes them, and where the codes hold some inside too, `SITE_CODES_ALIKE_WITHIN`.
    `most`: what a terminal is told: the group's first CODES_SHOWN codes in order, the rest
    counted (4,096 spellings of one code made a line of 200 KB), each code wider than `most`
    cells shortened (`_cut_apart`: a code of 10,000 characters took the line's every
    character)."""
    named = sorted({ch for c in codes for ch in _end_characters(c) if unseen_named(ch)})
    listed: list[str] | str = [quoted(c) for c in codes]
    if most is not None:
        listed = _cut_apart(codes[:CODES_SHOWN], most, say)
        if len(codes) > CODES_SHOWN:
            listed = say(CODES_MORE, codes=listed, count=len(codes) - CODES_SHOWN)
    inside = {ch for c in codes for ch in _inside_characters(c)}
    if inside:
        return say(
            SITE_CODES_ALIKE_WITHIN,
            codes=listed,
            count=len(codes),
            characters=[unseen_named(ch) for ch in sorted({*named, *inside})],
        )
    if named:
        return say(
            SITE_CODES_ALIKE_UNSEEN,
            codes=listed,
            count=len(codes),
            characters=[unseen_named(ch) for ch in named],
        )
    return say(SITE_CODES_ALIKE, codes=listed, count=len(codes))


def _end_characters(code: str) -> str:
    head, tail = _ends(_width_folded(code))
    return code[:head] + code[tail:]


def _inside_characters(code: str) -> list[str]:
    head, tail = _ends(_width_folded(code))
    kept = code[head:tail]
    return [] if kept.isascii() and kept.isprintable() else [kept[i] for i in _unseen_inside(kept)]


# where a code's difference from the others lies past what CODE_SHOWN shows of its start: its
# first CODE_HEAD cells, `…`, and from CODE_BEFORE cells before the difference on
CODE_HEAD = 16
CODE_BEFORE = 8


def _cut_apart(codes: Sequence[str], most: int, say: Say) -> list[str]:
    """Each of `codes` (one group) as a terminal is told it: whole where it takes at most
    `most` cells; else its start to `most` cells and `…`, the rest counted; and where what
    tells it from another code of the group comes past that, its first CODE_HEAD cells and, for
    each place it parts from others (`_branches`), `…` and the part from just before that place
    to it, the last to the budget (two codes of 5,000 characters apart only in their last read
    the same by their start; three apart in two places, each shown by one, read two alike).
    Two codes then read apart: both show the places they share up to their first difference
    alike, and that difference. Where a code's places and what comes before them take more
    than `most` cells, less comes before each (`_BEFORE_TRIED`), alike for every code of the
    group, which keeps them apart. Measured in cells (an ideograph takes two, a combining mark
    none), cut only between what a reader takes as one character (a letter and its marks, a
    pair joined by a zero-width joiner). A cut code's own `…` (or `⋯`) is written as its escape
    (`\\u2026`): it would read as a cut."""
    clustered = [_clusters(code) for code in codes]
    branches = _branches(clustered)
    # (each code too wide as its parts escaped and their cells, the same at every try)
    escaped: list[tuple[list[str], list[int]] | None] = []
    for parts in clustered:
        if sum(_cells(part) for part in parts) <= most:
            escaped.append(None)
            continue
        marked = [_cut_marks_escaped(part) for part in parts]
        widths = [
            _cells(part) + len(part) - len(raw) for part, raw in zip(marked, parts, strict=True)
        ]
        escaped.append((marked, widths))
    for before in _BEFORE_TRIED:
        listed, fits = [], True
        for i, cut in enumerate(escaped):
            if cut is None:
                listed.append(quoted(codes[i]))
                continue
            shown, hidden, taken = _placed(*cut, branches[i], most, before)
            fits = fits and taken <= most
            said = quoted(shown)
            listed.append(
                say(CODE_CUT_ONE, code=said)
                if hidden == 1
                else say(CODE_CUT, code=said, count=hidden)
            )
        if fits:
            break
    return listed


# what is shown before each place a code parts from others, tried in turn until every code of a
# group fits its cells (ten codes make up to nine places a code)
_BEFORE_TRIED = (CODE_BEFORE, 4, 2, 0)
# what a terminal reads as a cut's mark, written as its escape inside a cut code
_READ_AS_CUT = ("…", "⋯")


def _cut_marks_escaped(part: str) -> str:
    for mark in _READ_AS_CUT:
        part = part.replace(mark, f"\\u{ord(mark):04x}")
    return part


def _placed(
    parts: Sequence[str], widths: Sequence[int], places: Sequence[int], most: int, before: int
) -> tuple[str, int, int]:
    """A code wider than `most` cells (as its parts) as shown: the text, the parts left out,
    and the cells its shown parts take (more than `most` where its places do not fit)."""
    if sum(widths[: max(places, default=0) + 1]) <= most:
        head = _within(widths, 0, most)
        return "".join(parts[:head]) + "…", len(parts) - head, sum(widths[:head])
    head = _within(widths, 0, CODE_HEAD)
    runs = _runs(widths, head, [p for p in places if p >= head], most, before)
    shown = "".join(parts[:head])
    shown += "".join("…" + "".join(parts[start:end]) for start, end in runs)
    shown += "…" if runs[-1][1] < len(parts) else ""
    kept = head + sum(end - start for start, end in runs)
    taken = sum(widths[:head]) + sum(sum(widths[a:b]) for a, b in runs)
    return shown, len(parts) - kept, taken


def _runs(
    widths: Sequence[int], head: int, places: Sequence[int], most: int, before: int
) -> list[tuple[int, int]]:
    """The runs of parts shown after a head of `head` parts: from `before` cells before each
    of `places` (in order, each past the head) to it, runs that touch made one, the last run
    taken on to `most` cells in all where they are left."""
    runs: list[tuple[int, int]] = []
    for place in places:
        start = place
        while start > head and sum(widths[start - 1 : place]) <= before:
            start -= 1
        end = min(place + 1, len(widths))
        if runs and start <= runs[-1][1]:
            start = runs.pop()[0]
        runs.append((start, end))
    start, end = runs[-1]
    used = sum(widths[:head]) + sum(sum(widths[a:b]) for a, b in runs[:-1])
    runs[-1] = (start, max(end, _within(widths, start, most - used)))
    return runs


def _branches(clustered: Sequence[list[str]]) -> list[list[int]]:
    """For each code (as its parts), the places where it parts from some other code of the
    group (how many parts they begin with alike), in order: the branchings on its way through
    the group's tree, found from the codes in order, not by comparing every pair (a group of
    4,000 spellings took a minute)."""
    order = sorted(range(len(clustered)), key=lambda k: clustered[k])
    common = [_common(clustered[a], clustered[b]) for a, b in itertools.pairwise(order)]
    places: list[list[int]] = [[] for _ in clustered]
    ranges = [(0, len(order))]
    while ranges:
        low, high = ranges.pop()
        if high - low < 2:
            continue
        place = min(common[low : high - 1])
        for k in range(low, high):
            places[order[k]].append(place)
        start = low
        for k in range(low, high - 1):
            if common[k] == place:
                ranges.append((start, k + 1))
                start = k + 1
        ranges.append((start, high))
    return [sorted(found) for found in places]


def _within(widths: Sequence[int], start: int, cells: int) -> int:
    """Where the run of parts from `start` taking at most `cells` cells ends."""
    end, taken = start, 0
    while end < len(widths) and taken + widths[end] <= cells:
        taken += widths[end]
        end += 1
    return end


def _common(parts: Sequence[str], other: Sequence[str]) -> int:
    """How many parts `parts` and `other` begin with alike."""
    return next(
        (k for k, (a, b) in enumerate(zip(parts, other, strict=False)) if a != b),
        min(len(parts), len(other)),
    )


def _clusters(code: str) -> list[str]:
    """`code` in what a reader takes as one character each: a character with the marks, the
    variation selectors and the zero-width joiners after it, and what a joiner joins."""
    parts: list[str] = []
    for ch in code:
        if parts and (_clings(ch) or parts[-1].endswith("\u200d")):
            parts[-1] += ch
        else:
            parts.append(ch)
    return parts


def _clings(ch: str) -> bool:
    return (
        unicodedata.category(ch) in ("Mn", "Mc", "Me")
        or ch == "\u200d"
        or 0xFE00 <= ord(ch) <= 0xFE0F
        or 0xE0100 <= ord(ch) <= 0xE01EF
        or 0x1160 <= ord(ch) <= 0x11FF  # (a Hangul vowel or final, drawn into the cell before)
    )


def _cells(part: str) -> int:
    """The cells a terminal gives one character and its marks: two for a wide one (an
    ideograph, a full-width form), none for what it draws into the cell before."""
    first = part[0]
    if unicodedata.east_asian_width(first) in ("W", "F"):
        return 2
    return 0 if _clings(first) or unicodedata.category(first) == "Cf" else 1


def row_mine(spelled: Iterable[tuple[str, str, str, str | None]]) -> tuple[str, str | None]:
    """The mine of a row whose documents spell it apart, each given as (document id, path,
    site, site code): the site of the first by document id, then path, and the first site code
    any gives in that order (`report.consolidate`'s rows, and `show`'s of a file no report
    counts, name it alike)."""
    ordered = sorted(spelled, key=lambda s: (s[0], s[1]))
    return ordered[0][2], next((code for *_, code in ordered if code), None)
