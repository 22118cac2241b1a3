"""Where a line of the project's text may break, and a text that breaks there.

Rich breaks a line only at a blank. Chinese has none, so Rich took a whole Chinese sentence for
one word and folded it at the column's edge wherever that fell: an id in it split
(`（适用于井工煤矿（coa` / `l-underground）`), a closing mark alone at a line's start
(`[未记录执法措施` / `]`), a short line left where a sentence followed a blank.

Here a line may break at a blank, as Rich does, and between two characters where either is a
Chinese (wide) character, but not inside a word of TERMS where the text is no taller for it
(a word wider than the line is folded as before); never inside a run of other characters (an
ASCII word, an id, a number with its unit, a fingerprint, a path), never before a closing mark
(`，。、；：！？）」』】]` and their ASCII kin) and never after an opening one (`（「『【[`), nor
between a digit and the Chinese unit after it (`3个`), nor inside a number in full-width
figures (`１０天`, `１．５％`); at a blank, an ASCII mark breaks as
Rich breaks it. A piece that no line breaks inside and that is wider than the
line is folded, none of its lines begun with a blank, nor with a closing mark where a
character can go with it and no ASCII word is broken for it; a line all in ASCII is broken
exactly as Rich breaks it. Each character counts the cells Rich gives it. Where a line would
break inside a short run of Chinese that a blank, a mark or a bracket bounds (`1 + 1 项` /
`未完成`, `核定（设` / `计）`), the run begins the next line instead, where the line left is not too
short and the text no taller for it (see PHRASE). A paragraph's last line of one Chinese
character takes the one before it (`验收销` / `号` reads `验收` / `销号`), and an ASCII word wider
than the line is folded after a `/` or `-` where the text is no taller for it (`…1c2d/` /
`gas-check-genuine`); English is broken as Rich breaks it, but never at the blank between a
number and its unit of measure (`30 m`, `24 ppm`), in Chinese and English alike.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len, chop_cells
from rich.console import Console, Group
from rich.containers import Lines
from rich.measure import Measurement
from rich.text import Text

from minecheck.core.sanitize import JOINERS

if TYPE_CHECKING:
    from rich.console import ConsoleOptions, JustifyMethod, OverflowMethod

# marks a line never begins with: they close what stands before them
CLOSING = frozenset("，。、；：！？）」』】〕〉》”’…‥,.;:!?)]}")
# marks a line never ends with: they open what comes after them
OPENING = frozenset("（「『【〔〈《“‘([{")
_CLOSING = "".join(sorted(CLOSING))  # (for `str.rstrip`)

# characters a line may break before or after (Chinese, Japanese, Korean, full-width forms)
_WIDE = re.compile(
    r"[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60]"
)
# words of the reports' and the readings' Chinese a line never breaks inside, as it never breaks
# an English word:
# a heading folded to a narrow column read `经专家、第三` / `方或监管部门`, `销号后反弹重` /
# `新整改` (a word wider than the line is folded as before; a text that its words would make a
# line taller, `…均依法下达` / `执法文书…` / `…“检查不执法”。` at 42 columns, is broken as before)
TERMS = (
    "第三方",
    "监管部门",
    "统计日",
    "专家",
    "重新",
    "整改",
    "验收",
    "销号",
    "撤销",
    "隐患",
    "排查",
    "检查",
    "结论",
    "执法",
    "措施",
    "逾期",
    "用时",
    "反弹",
    "存量",
    "增量",
    # (and the words of a reading's question: `…二氧化碳浓度实` / `测值（%）` at 40 columns)
    "实测值",
    "浓度",
    "甲烷",
    "二氧化碳",
    "一氧化碳",
    "氧气",
)
_TERMS = re.compile("|".join(sorted(TERMS, key=len, reverse=True)))
_QUOTES = frozenset("'\"")  # (a quote goes with what it quotes, whichever side that is)
_WORDS = re.compile(r"\s*\S+\s*")  # (Rich's words: a run without blanks and the blanks after)

# A table's column is not made narrower than its longest word of up to this many cells (an item
# id, a flag, a header), nor a hung line's room (`cli._hung`): a word broken in two
# (`no-enforcemen` / `t]`, `output-within` / `-capacity`) is read aloud as two words that are not
# words, and cannot be searched for as shown. A longer word (a path, a finding's reference) is
# folded whatever the width, and asks for no room.
WHOLE_WORD = 32


@functools.lru_cache(maxsize=256)  # (a line is at most SHOWN_CHARACTERS long)
def pieces(line: str, terms: bool = True) -> tuple[int, ...]:
    """Where each piece of `line` (one line, no line break in it) ends: no line breaks inside
    a piece, and a piece holds the blanks after it; with `terms`, none inside a word of TERMS.
    (Kept for the lines last asked of: a cell is measured, then laid out, by the table and by
    Rich.)"""
    ends: list[int] = []
    latin = broken_as_rich(line)
    for word in _WORDS.finditer(line):
        start, end = word.span()
        text = word.group()
        if ends and _measured(line[: ends[-1]].rstrip(), text.lstrip()):
            ends.pop()  # (no break between a number and its unit: `30` / `m，`, `30` / `m apart`)
        if latin:
            ends.append(end)  # (Rich's words)
            continue
        if ends and (_held(text.lstrip()[0], CLOSING) or _held(line[: ends[-1]].rstrip(), OPENING)):
            ends.pop()  # (no break at a blank before a closing mark, nor after an opening one)
        elif ends and terms and _counted(line[: ends[-1]].rstrip(), text.lstrip()):
            ends.pop()  # (nor between a count and its word, with TERMS: `不适用 89` / `项`)
        if _WIDE.search(text) is not None:
            ends.extend(start + cut for cut in _wide_breaks(text, terms))
        ends.append(end)
    if not ends or ends[-1] != len(line):
        ends.append(len(line))  # (a line of blanks alone)
    return tuple(ends)


# a count that ends a text (`89`, `１３`, `1.5`; not a part of an id, `CMHD-4.1`, `bc2e4`)
_COUNT = re.compile(r"(?<![\w.\-．])[0-9０-９][0-9.０-９．]*\Z", re.ASCII)


def _counted(before: str, word: str) -> bool:
    """Whether the blank between `before` and `word` parts a count from the Chinese word it
    counts (`89 项`, `1 份`): held as `3个` is, but only where holding costs no line (`breaks`,
    as for TERMS)."""
    return (
        _COUNT.search(before) is not None
        and _WIDE.match(word) is not None
        and word[0] not in OPENING  # (a bracket after a count is no word of it)
    )


# a number that ends a text (`30`, `1,000`, `-5`, `１．５`; not a part of an id, a date or a
# clause code: `CMHD-4`, `2026-12-07`, `3.5.1`)
_MEASURE = re.compile(
    r"(?<![\w.．\-+－＋−])[-+－＋−]?[0-9０-９](?:[0-9,０-９，]*[0-9０-９])?(?:[.．][0-9０-９]+)?\Z",
    re.ASCII,
)
# a unit of measure that begins a word (`m，`, `m以上`, `ppm须`, `MPa.`, `°C`, `%CH4`, `m³/min`):
# a sign whatever follows it (`%CH4`, `%LEL`: what a percentage is of), letters not within a
# longer word (`minutes`)
_UNIT = re.compile(
    r"(?:[%％‰℃]|(?:°C|ppm|[kM]?Pa|[kcm]?m[²³23]?|[kM]?[VW]|kA|mA|kg|t|min|h|s|dB|lx|[KMGT]i?B)"
    r"(?![A-Za-z0-9]))"
)


def _measured(before: str, word: str) -> bool:
    """Whether the blank between `before` and `word` parts a number from the unit of measure
    after it (`30 m`, `24 ppm`, `0.6 MPa`, `1 %CH4`): no line breaks there, in English as in
    Chinese (`不小于30` / `m，` read as a bare number)."""
    return _UNIT.match(word) is not None and _MEASURE.search(before) is not None


def broken_as_rich(line: str) -> bool:
    """Whether `line` is broken as Rich breaks it: no character wider than one cell (English,
    with an accent, one written as its own mark too, `m³`, `°C`, a curly quote or `…`), none
    Chinese. (A mark of no width stays with its letter in Rich's fold as in ours.) Measured as
    shown: an emoji that a variation selector shows two cells wide (`⚠️`, `✔️`) or a keycap
    (`1️⃣`) is a character of one cell and marks of none, and was taken for English."""
    return line.isascii() or all(cell_len(ch) <= 1 for ch in _shown_as_one(line))


def _held(text: str, marks: frozenset[str]) -> bool:
    """Whether the blank beside `text`'s last character is no break: a full-width mark of
    `marks` holds to the word across it. An ASCII one does not, as with Rich: English is broken
    as it was (`foo )` at 4 columns was `foo` / ` )`)."""
    return text[-1:] in marks and not text[-1:].isascii()


def _wide_breaks(word: str, terms: bool = True) -> list[int]:
    """Where a word without blanks (but the ones around it) may break, beside a wide character
    (with `terms`, not inside a word of TERMS)."""
    last = len(word.rstrip())
    around = sorted({x for m in _WIDE.finditer(word) for x in (m.start(), m.end())})
    found = _TERMS.finditer(word) if terms else ()
    inside = {x for m in found for x in range(m.start() + 1, m.end())}
    cuts = []
    for at in around:
        if not 0 < at < last or at in inside:
            continue
        before, after = word[at - 1], word[at]
        if before.isspace() or after in CLOSING or before in OPENING or {before, after} & _QUOTES:
            continue
        if not after.isascii() and cell_len(after) == 0:
            continue  # (an accent goes with the letter before it)
        if _in_a_number(word, at) or _DIGIT.match(before):
            continue  # (a number and its unit: `3个`, `３个`, `１０天`, `５０％`, `３５℃`, `５3`)
        if before in _SIGNS and _DIGIT.match(after):
            continue  # (a sign and its number: `－５℃`, as `-5℃`)
        cuts.append(at)
    return cuts


# a digit, ASCII or full-width (a Chinese input method types `３个` as readily as `3个`)
_DIGIT = re.compile(r"[0-9０-９]")

# a sign before a number's digits, ASCII or full-width (`－５`, `＋３`, `−２`)
_SIGNS = frozenset("-+－＋−")


def _in_a_number(word: str, at: int) -> bool:
    """Whether `at` falls inside a number written in full-width figures, where an ASCII one
    is one piece (`1.5%`, `1,000`): after its decimal point or thousands mark (`１．|５`,
    `１，|０００`), the mark itself held by the digit before it."""
    return (
        word[at - 1] in "．，"
        and at >= 2
        and _DIGIT.match(word[at - 2]) is not None
        and (_DIGIT.match(word[at]) is not None)
    )


def widest_piece(text: str, longest: int | None = None) -> int:
    """The cells of the widest piece of `text` (of those up to `longest` cells, where given)."""
    widest = 0
    for line in text.split("\n"):
        start = 0
        for end in pieces(line):
            size = cell_len(line[start:end].rstrip())
            start = end
            if size > widest and (longest is None or size <= longest):
                widest = size
    return widest


def breaks(line: str, width: int, kept: list[tuple[int, int]] | None = None) -> list[int]:
    """The offsets at which `line` is divided to fit `width` cells: a piece goes on the line
    it fits on, else begins the next; a piece wider than a line is folded. Each span of `kept`
    (a part of a list) that fits a line is one piece."""
    if cell_len(line) <= width:
        return []  # (as Rich: a line that fits is not broken)
    held = pieces(line)
    if broken_as_rich(line):
        return _broken(line, held, width, kept, True)
    loose = pieces(line, terms=False)
    if len(loose) == len(held):
        return _broken(line, held, width, kept, False)  # (no word of TERMS to hold)
    cuts = _broken(line, _unheld(line, held, loose, width), width, kept, False)
    if len(cuts) < -(-cell_len("".join(line.split())) // width):
        return cuts  # (no fewer lines can hold the text's characters)
    before = _broken(line, loose, width, kept, False)
    return cuts if len(cuts) <= len(before) else before


def _broken(
    line: str, ends: Sequence[int], width: int, kept: list[tuple[int, int]] | None, latin: bool
) -> list[int]:
    """`breaks` of `line` whose pieces end at `ends`."""
    if kept:
        ends = _grouped(line, ends, kept, width)
    cuts = list(_filled(line, ends, width, 0, latin, phrases=not latin))
    return cuts if latin else _no_orphan(line, ends, width, cuts)


def _unheld(line: str, ends: Sequence[int], loose: Sequence[int], width: int) -> Sequence[int]:
    """`ends` with a piece wider than `width` that a word of TERMS held together broken where
    `loose` (the pieces without TERMS) breaks it: a word that is folded anyway is folded as
    before, the rest of the line before it filled (`的第三方` at 4 columns was `的` / `第三` /
    `方`; `的第` / `三方` before)."""
    unheld: list[int] = []
    start = 0
    for end in ends:
        if cell_len(line[start:end].rstrip()) > width:
            unheld.extend(loose[bisect.bisect_right(loose, start) : bisect.bisect_left(loose, end)])
        unheld.append(end)
        start = end
    return unheld


def _no_orphan(line: str, ends: Sequence[int], width: int, cuts: list[int]) -> list[int]:
    """`cuts` with a last line of one Chinese character (and the closing marks after it) given
    the character before it as well, where the two were broken inside a word: `隐患整改质量与验收销`
    / `号` reads `隐患整改质量与验收` / `销号`. The text takes no more lines for it (the last line
    is four cells and its marks, where the width holds it), and the line left keeps half the
    width and more than one character (no new character alone: `法` / `措施]` at 5 columns)."""
    if not cuts:
        return cuts
    last = cuts[-1]
    alone = line[last:].rstrip().rstrip(_CLOSING)
    k = bisect.bisect_left(ends, last)
    if len(alone) != 1 or _WIDE.match(alone) is None or k == 0 or ends[k] != last:
        return cuts
    carried = ends[k - 1]
    begun = cuts[-2] if len(cuts) > 1 else 0
    one = line[carried:last]
    if (
        len(one) == 1
        and _WIDE.match(one) is not None
        and one not in CLOSING
        and one not in OPENING
        and cell_len(line[carried:].rstrip()) <= width
        and 2 * cell_len(left := line[begun:carried].rstrip()) >= width
        and cell_len(left) > 2
    ):
        cuts[-1] = carried
    return cuts


def _filled(
    line: str, ends: Sequence[int], width: int, origin: int, latin: bool, phrases: bool
) -> Iterator[int]:
    """The offsets at which `line` from `origin` (a place it may break) is divided: each piece
    on the line it fits on, else beginning the next (or, with `phrases`, the run of Chinese it
    is in beginning the next, where `_phrase_start` says)."""
    used = 0
    start = begun = origin  # (`begun`: where the line being filled begins)
    for k in range(bisect.bisect_right(ends, origin), len(ends)):
        end = ends[k]
        piece = line[start:end]
        size = cell_len(piece.rstrip())
        if used + size <= width:
            used += cell_len(piece)
        elif size > width:
            for chunk in _fold(line, ends, width, start, end, latin, phrases):
                if start > origin:
                    yield start
                    begun = start
                start += len(chunk)
                used = cell_len(chunk)
        elif used:
            at = _flags_start(line, ends, begun, start, width)
            if at == start and phrases:
                at = _phrase_start(line, ends, begun, start, width)
            yield at
            used = cell_len(line[at:end])
            begun = at
        start = end


def _fold(
    line: str, ends: Sequence[int], width: int, start: int, end: int, latin: bool, joins: bool
) -> list[str]:
    """The chunks of the piece `line[start:end]`, wider than the line: with `joins`, cut after
    a `/` or `-` of an ASCII word where the text takes no more lines for it (`_after_a_join`)."""
    plain = _folded(line[start:end], width, latin)
    if not joins:
        return plain
    joined = _folded(line[start:end], width, latin, joins=True)
    if joined == plain:
        return plain
    more = _more_lines(line, ends, width, end - len(joined[-1]), end - len(plain[-1]))
    return joined if more is not None and more + len(joined) <= len(plain) else plain


# A run of Chinese that a blank, a mark or a bracket bounds moves whole to the next line when
# a break would fall inside it, if it is at most PHRASE cells without the closing marks it ends
# with (ten Chinese characters: the product's longest set terms, `由受信任的密钥签名`,
# `[未记录执法措施]`, fit, and `煤炭外运数据及用电量。` with its `。`; a clause longer than
# that is prose, broken between its characters as Chinese typesetting does, or every line of a
# paragraph would be left ragged), the line left keeps at least a third of the width, and the
# paragraph takes no more lines for it (a table's row no taller). The gap a move leaves is
# less than the run, so under PHRASE cells and the run's closing marks: from 72 columns up no
# line is left under two thirds where those are one or two (all but 6 of 2,378 in the texts).
# The third matters in narrow cells: show's status at 20 columns, `未整改` (6 of 18 cells) before
# its flag, keeps the flag whole, while a run that would leave one or two characters alone on a
# line (`由` / `受信任的密钥签名`) breaks between characters. A bracketed group after a blank
# (a state's flag) asks no third: `未整改` / `[未记录执法措施]` at 19-22 cells, not
# `未整改 [未记录执法` / `措施]`.
PHRASE = 20
LOOK_AHEAD = 8  # (lines: a cell's text or a question is a few)
# brackets whose pairs make a group kept whole where it fits
_PAIRS = {"（": "）", "「": "」", "『": "』", "【": "】", "〔": "〕", "〈": "〉", "《": "》"}
_PAIRS |= {"“": "”", "‘": "’", "(": ")", "[": "]", "{": "}"}


def _bounds(line: str, at: int) -> bool:
    """Whether a break at `at` falls between runs: after a blank or a closing mark, or before
    an opening one."""
    return line[at - 1].isspace() or line[at - 1] in CLOSING or line[at] in OPENING


def _phrase_start(line: str, ends: Sequence[int], begun: int, at: int, width: int) -> int:
    """Where to break a line begun at `begun` that would break at `at`: before the run of
    Chinese (or the bracketed group) `at` falls inside, where that run fits a line and is no
    wider than PHRASE, the line left holds at least a third of the width (any part of it,
    where the run is a bracketed group after a blank) and the rest takes no more lines; else
    at `at`."""
    if _bounds(line, at):
        return at
    for start, end in _runs(line, ends, begun, at, width):
        if start <= begun or _too_wide(line[start:end], width):
            continue
        # (a bracketed group after a blank, a state's flag, goes whole however short the
        # line left: `未整改` / `[未记录执法措施]`, not `未整改 [未记录执法` / `措施]`)
        after_a_blank = line[start] in _PAIRS and line[start - 1].isspace()
        if 3 * cell_len(line[begun:start].rstrip()) < width and not after_a_blank:
            continue
        if _no_longer(line, ends, width, start, at):
            return start
    return at


def _flags_start(line: str, ends: Sequence[int], begun: int, at: int, width: int) -> int:
    """Where to break a line begun at `begun` that would break at `at` inside the bracketed
    group after a blank that ends the text (a state's flags: `open [overdue, no-enforcement]`,
    `未整改 [逾期、未记录执法措施]`, in any language and however long): before the group,
    where it fits a line whole and the rest takes no more lines; else `at`. (Round 14's rule
    for a Chinese flag, with neither the phrase's length nor the script asked: prose keeps its
    breaks, a group inside it not ending the text.)"""
    text = line.rstrip()
    if not text.endswith("]"):
        return at
    opened = text.rfind("[", begun, at)
    if opened <= begun or not line[opened - 1].isspace() or "]" in text[opened:-1]:
        return at
    if cell_len(text[opened:]) > width or opened not in ends:
        return at
    return opened if _no_longer(line, ends, width, opened, at) else at


def _no_longer(line: str, ends: Sequence[int], width: int, moved: int, at: int) -> bool:
    """Whether the rest of `line` from `moved` takes no more lines than from `at` (see
    `_more_lines`)."""
    more = _more_lines(line, ends, width, moved, at)
    return more is not None and more <= 0


def _more_lines(line: str, ends: Sequence[int], width: int, moved: int, at: int) -> int | None:
    """How many more lines the rest of `line` takes from `moved` than from `at` (each broken
    as before, where a piece fits): up to the first break both make, after which they agree,
    or the text's end. Where they do not meet within LOOK_AHEAD lines, None (not moved):
    in a long paragraph two fillings a few characters apart can stay apart to its end, and
    reading it to the end at each break made the breaking quadratic (28,500 characters of
    prose: 1.4 s, against 0.03 s)."""
    early = _filled(line, ends, width, moved, False, phrases=False)
    late = _filled(line, ends, width, at, False, phrases=False)
    counts = [0, 0]
    x, y = next(early, None), next(late, None)
    while x != y:
        if counts[1] >= LOOK_AHEAD:
            return None
        if y is None or (x is not None and x < y):
            counts[0] += 1
            x = next(early, None)
        else:
            counts[1] += 1
            y = next(late, None)
    return counts[0] - counts[1]


def _too_wide(run: str, width: int) -> bool:
    """Whether `run` is too wide to move whole: wider than the line, or than PHRASE without the
    closing marks it ends with (`煤炭外运数据及用电量。` is ten characters: its `。` goes with it
    wherever it goes, so it makes the run no longer a phrase)."""
    run = run.rstrip()
    return cell_len(run) > width or cell_len(run.rstrip(_CLOSING)) > PHRASE


def _runs(line: str, ends: Sequence[int], begun: int, at: int, width: int) -> list[tuple[int, int]]:
    """The bracketed group `at` falls inside (the innermost opened after `begun`, its closing
    marks with it), then the run between two bounds that holds it: each as (start, end), both
    places a line may break; none `_too_wide` for `width` (looked for no further: a line of a
    long text is not read to its end at each break), and no run after a `_NUMBER` and a blank
    (`1.0%` / `时动作` parted the number from its clause)."""
    room = min(width, PHRASE)
    found: list[tuple[int, int]] = []
    depth: list[str] = []
    for o in range(at - 1, begun, -1):  # (the innermost bracket left open before `at`)
        ch = line[o]
        if ch in _PAIRS.values() and ch not in _PAIRS:
            depth.append(ch)
        elif ch in _PAIRS:
            if depth:
                depth.pop()
                continue
            close = _closing(line, o, room)
            k = bisect.bisect_left(ends, o)
            if close is not None and k < len(ends) and ends[k] == o:
                found.append((o, ends[bisect.bisect_left(ends, close + 1)]))
            break
    i = bisect.bisect_left(ends, at)
    start = _run_begins(line, ends, i, begun)
    if (
        start > begun
        and (_WIDE.match(line, start) or line[start] in OPENING)
        and not (line[start - 1].isspace() and _NUMBER.search(line, begun, start - 1))
    ):
        k = i + 1
        while k < len(ends) and ends[k] < len(line) and not _bounds(line, ends[k]):
            if _too_wide(line[start : ends[k]], width):
                return found  # (too wide to move whatever its end)
            k += 1
        found.append((start, ends[k] if k < len(ends) else len(line)))  # (not `24` / `ppm须`)
    return found


def _run_begins(line: str, ends: Sequence[int], i: int, begun: int = -1) -> int:
    """Where the run holding the piece that ends at `ends[i]` begins: the last place before it
    where a line breaks between runs (`_bounds`), else the first piece's end not after
    `begun`, else the line's start."""
    k = i - 1
    while k >= 0 and ends[k] > begun and not _bounds(line, ends[k]):
        k -= 1
    return ends[k] if k >= 0 else 0


# (a number, with its unit where one follows it, that ends a text: the clause after it and a
# blank is the number's, `1.0% 时动作`, `64 个字符`, `1201 回风巷`, not a run to part from it;
# in full-width figures too, `１．０％ 时动作`)
_NUMBER = re.compile(r"(?<![\w.\-．])[0-9０-９][0-9.,０-９．，]*(?: ?[A-Za-z%°³²‰％]+)?$", re.ASCII)


def tail_start(line: str, at: int, room: int, terms: bool = True) -> int:
    """Where the last line of `line` begins, which could begin at `at` (the longest tail that
    fits `room` cells, the cursor's line of a folded question): after the run of Chinese `at`
    falls inside, where the run is at most PHRASE cells and the tail left holds a third of
    `room`; else `at`. (`隐` / `患等级（重大/一般） [重大]：` was a question at 30 columns.)
    `terms`: `line`'s pieces hold the words of TERMS (see `pieces`)."""
    if not at or broken_as_rich(line) or _bounds(line, at):
        return at
    ends = pieces(line, terms)
    i = bisect.bisect_left(ends, at)
    begun = _run_begins(line, ends, i)
    after = next((x for x in ends[i + 1 : -1] if _bounds(line, x)), None)
    if after is None or cell_len(line[begun:after].rstrip().rstrip(_CLOSING)) > PHRASE:
        return at
    return after if 3 * cell_len(line[after:]) >= room else at


def _closing(line: str, opened: int, room: int) -> int | None:
    """Where the bracket opened at `opened` closes (None: not in this line, or further than
    `room` cells)."""
    want = [_PAIRS[line[opened]]]
    cells = 0
    for x in range(opened + 1, len(line)):
        ch = line[x]
        cells += cell_len(ch)
        if cells > room:
            return None
        if ch == want[-1]:
            want.pop()
            if not want:
                return x
        elif ch in _PAIRS:
            want.append(_PAIRS[ch])
    return None


def _grouped(line: str, ends: Sequence[int], kept: list[tuple[int, int]], width: int) -> list[int]:
    """`ends` with each span of `kept` that fits `width` made one piece (its ends always kept)."""
    joined = set(ends) | {end for _, end in kept if 0 < end < len(line)}
    for begin, end in kept:
        if cell_len(line[begin:end].rstrip()) <= width:
            joined -= {x for x in joined if begin < x < end}
    return sorted(joined)


def _folded(word: str, width: int, as_rich: bool = False, joins: bool = False) -> list[str]:
    """A piece cut into chunks of at most `width` cells, none begun with a closing mark where
    the character before can go with it (`专家评审验` / `收；`; not the last of an ASCII word,
    which is not broken for it) nor with a blank (one after a full chunk stays on its line, as
    a line's last blank does), none cut inside a character a terminal shows as one (`1️⃣`, a
    letter and its accent). `as_rich` (a line `broken_as_rich`): cut as Rich cuts it, so
    that English is broken as it was. `joins`: a full chunk that would end inside an ASCII word
    ends after the word's `/` or `-` where `_after_a_join` finds one."""
    if as_rich:
        return _before_a_joiner(chop_cells(word, max(width, 1)))
    chunks: list[str] = []
    chunk, used, taken = "", 0, 0
    for ch in _shown_as_one(word):
        size = cell_len(ch)
        taken += len(ch)
        if chunk and used + size > max(width, 1) and not ch.isspace():
            last = _shown_as_one(chunk)[-1]  # (the chunk's last character goes with the mark)
            carried = cell_len(last)
            if (
                ch[0] in CLOSING
                and len(last) < len(chunk)
                and carried + size <= width
                and not last.isspace()
                and not _in_a_word(chunk[-len(last) - 1], last)  # (`（coal-undergroun` / `d）`)
            ):
                chunks.append(chunk[: -len(last)])
                chunk, used = last, carried
            elif joins and (cut := _after_a_join(chunk, word[taken - len(ch) :], width)):
                chunks.append(chunk[:cut])
                chunk = chunk[cut:]
                used = cell_len(chunk)
            else:
                chunks.append(chunk)
                chunk, used = "", 0
        chunk += ch
        used += size
    return _before_a_joiner([*chunks, chunk] if chunk else chunks)


def _before_a_joiner(chunks: list[str]) -> list[str]:
    """`chunks` each cut before a zero-width joiner or non-joiner that ended it, the joiner
    taken to the next: a line never ends on one whose letter after it went to the next line
    (a word's joiner is judged by its neighbours, and one at a line's end joins nothing)."""
    for i in range(len(chunks) - 1):
        kept = chunks[i].rstrip(JOINERS)
        if len(kept) < len(chunks[i]) and kept:
            chunks[i], chunks[i + 1] = kept, chunks[i][len(kept) :] + chunks[i + 1]
    return chunks


def _after_a_join(chunk: str, rest: str, width: int) -> int:
    """Where a full `chunk` that `rest` (the piece's characters after it) would break inside an
    ASCII word may end instead: after the word's last `/` (else its last `-`) that follows a
    letter or digit, where the chunk left keeps a third of the width and the next line holds
    what is carried up to the word's next `/` or `-` or its end (with the closing marks after
    it): an id wider than the line, `…1c2d/` / `gas-check-genuine`, `CHECKLIST-YYYYMMDD-` /
    `HHMMSS.toml；`. 0 where there is none (`coal-` / `undergroun` / `d-…` is no better)."""
    if not (_in_a_word(chunk[-1], rest[0]) or (rest[0] in CLOSING and _in_a_word(chunk[-1], "x"))):
        return 0  # (not inside an ASCII word, nor at its end before its mark)
    word = len(chunk)
    while word and chunk[word - 1].isascii() and not chunk[word - 1].isspace():
        word -= 1
    follows = _JOINED.match(rest)
    carried = follows.group() if follows else ""
    for mark in "/-":
        cut = chunk.rfind(mark, word, len(chunk) - 1) + 1
        if (
            cut > word + 1
            and chunk[cut - 2].isalnum()
            and 3 * cell_len(chunk[:cut]) >= width
            and cell_len(chunk[cut:] + carried) <= width
        ):
            return cut
    return 0


# (what goes with a part of a word to the next line: its ASCII up to its next `/` or `-`, or
# to its end and the closing marks after it)
_JOINED = re.compile(f"[!-,.0-~]*(?:[/-]|[{re.escape(_CLOSING)}]*)")


def _in_a_word(before: str, after: str) -> bool:
    """Whether a line broken between `before` and `after` would break an ASCII word."""
    return (before + after).isascii() and not before.isspace() and not after.isspace()


def _shown_as_one(text: str) -> list[str]:
    """`text` in the characters a terminal shows, as Rich measures them: a character of no
    width (an accent, a variation selector) with the one before it, a zero-width joiner with
    the ones on both sides. Measured one code point at a time, `1️⃣` was 1 cell where Rich
    lays it out in 2, and the fold's last piece was cut short: its keycaps were lost."""
    from rich.cells import get_character_cell_size

    shown: list[str] = []
    joined = False  # (the last character was a zero-width joiner)
    for ch in text:
        if shown and (joined or ch == "\u200d" or not get_character_cell_size(ch)):
            shown[-1] += ch
        else:
            shown.append(ch)
        joined = ch == "\u200d"
    return shown


class Broken(Text):
    """A text whose lines break where `breaks` says, however Rich lays it out (printed, in a
    table's cell, as a title); measured by its widest piece, not its widest blank-free run."""

    def kept(self) -> list[tuple[int, int]]:
        """Spans of the whole text kept on one line where they fit (none: see `Parts`)."""
        return []

    def wrap(
        self,
        console: Console,
        width: int,
        *,
        justify: JustifyMethod | None = None,
        overflow: OverflowMethod | None = None,
        tab_size: int = 8,
        no_wrap: bool | None = None,
    ) -> Lines:
        justify = justify or self.justify or "default"
        overflow = overflow or self.overflow or "fold"
        if no_wrap or overflow != "fold" or "\t" in self.plain:
            return super().wrap(  # (Rich's own crop, ellipsis or tabs)
                console, width, justify=justify, overflow=overflow, tab_size=tab_size
            )
        kept = self.kept()
        lines = Lines()
        start = 0
        for line in self.split(allow_blank=True):
            pieces_ = self.line_pieces(line, start, width, kept)
            pieces_.justify(console, width, justify=justify, overflow="fold")
            for piece in pieces_:
                piece.truncate(width, overflow="fold")
            lines.extend(pieces_)
            start += len(line.plain) + 1  # (the line break)
        return lines

    def line_pieces(self, line: Text, start: int, width: int, kept: list[tuple[int, int]]) -> Lines:
        """`line` (of this text, from `start`) divided where `breaks` breaks it within `width`
        cells, the blanks at each piece's end that the line's edge takes left out."""
        plain = line.plain
        spans = [
            (max(b - start, 0), min(e - start, len(plain)))
            for b, e in kept
            if b - start < len(plain) and e - start > 0
        ]
        pieces_ = line.divide(breaks(plain, width, spans))
        for piece in pieces_:
            piece.rstrip_end(width)
        return pieces_

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        plain = self.plain
        widest = max((cell_len(line) for line in plain.splitlines()), default=0)
        return Measurement(min(widest_piece(plain), widest) if plain.strip() else widest, widest)


def broken(text: Text) -> Text:
    """`text` (its characters, styles and settings) as a `Broken` text; one already is kept."""
    if isinstance(text, Broken):
        return text
    made = Broken(
        text.plain,
        style=text.style,
        justify=text.justify,
        overflow=text.overflow,
        no_wrap=text.no_wrap,
        end=text.end,
        tab_size=text.tab_size,
    )
    made._spans[:] = text._spans  # (as Rich's own copy does)
    return made


class BreakingConsole(Console):
    """A console that prints a text given alone broken as `breaks` says: Rich's `print` joins
    the texts it is given into a plain one, which broke a Chinese run at the terminal's edge
    wherever that fell (the walk's questions and messages, `show`'s lines)."""

    def print(self, *objects: Any, sep: str = " ", end: str = "\n", **options: Any) -> None:
        if len(objects) == 1 and isinstance(objects[0], Text):
            text = objects[0]
            if not isinstance(text, Broken) or text.end != end:
                text = broken(text.copy())
                text.end = end  # (as `print` ends the texts it joins)
            objects = (Group(text),)
        super().print(*objects, sep=sep, end=end, **options)
