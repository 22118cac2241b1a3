"""Property tests of the line breaker (`cli._breaks`) against what it must keep: every
character and its style on the same character, no line wider than the width unless one piece
that no line breaks inside is, no break inside an ASCII word or between a number and its unit,
the same lines when broken again, and English (a line all in ASCII) broken exactly as Rich's own
`Text.wrap` breaks it. Budgets as in tests/test_fuzz_layout.py (`MINECHECK_FUZZ_EXAMPLES=N`
for a longer hunt with a new seed)."""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from minecheck.cli._breaks import Broken, breaks, broken_as_rich, pieces
from minecheck.cli._render import safe
from tests.helpers_merge import allowed_signers, findings, person
from tests.test_cjk_breaks import drawn
from tests.test_fuzz_layout import HOSTILE, budget

CONSOLE = Console(width=80)

# English as a file may hold it: words, numbers, ids, paths and every ASCII mark, with blanks
ENGLISH = st.lists(
    st.sampled_from(
        [*"abXY01-_/:.,;!?()[]{}'\"%", " ", " ", "  ", "word", "1.5", "(see", "it)", "x" * 12]
    ),
    max_size=40,
).map("".join)


def test_english_with_marks_after_blanks_is_broken_as_before() -> None:
    """At 12 columns `gas 1.2 % ( limit 1.0 % )` was `gas 1.2 %` / `( limit 1.0` / `% )`: a
    blank before `)` and after `(` was taken for no break, and the line's words moved."""
    assert drawn(safe("gas 1.2 % ( limit 1.0 % )"), 12) == ["gas 1.2 % (", "limit 1.0 %", ")"]


def test_a_chinese_line_never_begins_with_the_blank_it_broke_at() -> None:
    """At 16 columns `coal-underground` filled a line and the next began ` ，已停产整改`: a
    word too long for the line carried the blank before a closing mark with it."""
    said = "回风巷甲烷浓度 1.2% ，超过规定 coal-underground ，已停产整改"
    assert drawn(safe(said), 16) == [
        "回风巷甲烷浓度",
        "1.2% ，超过规定",
        "coal-underground",
        "，已停产整改",
    ]


@budget(300)
@given(ENGLISH, st.integers(1, 50))
@example("foo )", 4)
@example("see ( x )", 5)
@example("Y.:", 2)
def test_english_is_broken_as_rich_breaks_it(line: str, width: int) -> None:
    """A line all in ASCII: the lines Rich's own wrap gives (blanks, a long word's fold, a
    mark after a blank), as before the breaker: `foo )` at 4 was `foo` / ` )`, `Y.:` at 2
    `Y` / `.:`."""
    ours = [x.plain for x in Broken(line).wrap(CONSOLE, width)]
    assert ours == [x.plain for x in Text(line).wrap(CONSOLE, width)], (line, width)


# English with the one-cell letters and marks a Latin text holds (an accent, m³, °C, curly
# quotes, an ellipsis, a dash) and an id wider than the line
LATIN = st.lists(
    st.sampled_from(
        [
            *"ab01-/.,;()'",
            *(" ", " ", "  ", "résumé;", "m³", "°C", "“main”", "shaft’s", "…"),
            *("—", "±5", "(see", "x" * 12),
            *("Jose\u0301", "e\u0301", "a\u0301\u0302\u0303"),
        ]
    ),
    max_size=30,
).map("".join)


# a number, blanks, and a unit LATIN may write after it (`1 m³`, `0  °C`)
_NUMBER_AND_UNIT = re.compile(r"[0-9] +(?:m³|°C)")


@budget(300)
@given(LATIN, st.integers(1, 40))
@example("10 q³/min 10 q³/min shaft’s", 3)
@example("m³ résumé; gas", 3)
@example("readings … normal", 10)
@example("Checked by Jose\u0301 … see the log", 20)
@example("Jose\u0301 said ’twas fine", 12)
def test_english_with_accents_and_marks_is_broken_as_rich_breaks_it(line: str, width: int) -> None:
    """A line without a wide character (English with `é`, `m³`, `°C`, `’`, `…`, an accent
    written as its own mark, `e` + U+0301, as some keyboards and systems send it) is English
    too: the lines Rich's own wrap gives. At 3 `m³ résumé;` was `rés` / `um` / `é;` (Rich `rés`
    / `umé` / `;`), a fold's blank was dropped (`min` / ` 10` became `min` / `10 `), and
    `readings …` at 10 was held together where Rich broke at the blank; with a decomposed
    `José` in the line, `Checked by José … see` at 20 moved `José` to the next line (the blank
    before `…` held), where Rich kept it. A number and the unit after it (`10 m³`, `1 °C`) are
    never parted (loose ends 25), where Rich may part them: such a line is not compared."""
    assume(_NUMBER_AND_UNIT.search(line) is None)
    ours = [x.plain for x in Broken(line).wrap(CONSOLE, width)]
    assert ours == [x.plain for x in Text(line).wrap(CONSOLE, width)], (line, width)


hostile = st.lists(
    st.sampled_from([*HOSTILE, "3个", "30 m", "1.5%", "coal-underground", "（", "」", "“", " "]),
    min_size=1,
    max_size=25,
).map("".join)


def _styles(text: Text) -> list[set[str]]:
    """Each character's styles."""
    each: list[set[str]] = [set() for _ in text.plain]
    for span in text.spans:
        for at in range(span.start, min(span.end, len(each))):
            each[at].add(str(span.style))
    return each


@budget(200)
@given(
    st.lists(st.tuples(hostile, st.sampled_from(["", "bold", "red"])), max_size=4),
    st.integers(2, 60),
)
@example([("中 ，", "")], 2)
def test_every_character_keeps_its_place_and_its_style(
    parts: list[tuple[str, str]], width: int
) -> None:
    """The lines, less the blanks they were broken at, are the text, each character with the
    styles it had; none wider than the width, none made of blanks (at 2 columns `中 ，` was
    `中` / ` ` / `，`) but where Rich makes one of English (`coal coal` at 2: `co` / `al` /
    ` ` / `co` / `al`, kept as it was)."""
    text = Broken()
    for part, style in parts:
        text.append(safe(part, multiline=True).plain, style=style or None)
    plain, styles = text.plain, _styles(text)
    at, begins = 0, True
    for line in text.wrap(CONSOLE, width):
        shown = line.plain.rstrip()
        while not plain.startswith(shown, at) and plain[at : at + 1].isspace():
            at += 1  # (the blanks broken at)
        assert plain.startswith(shown, at), (plain, width, shown)
        assert _styles(line)[: len(shown)] == styles[at : at + len(shown)], (plain, width)
        assert cell_len(line.plain) <= width, (plain, width, line.plain)
        english = broken_as_rich(plain[:at].rpartition("\n")[2] + plain[at:].partition("\n")[0])
        assert shown or begins or english, (plain, width, at)  # (a paragraph may be blank)
        at += len(shown)
        rest, ended, _ = plain[at:].partition("\n")
        begins = not rest.strip() and bool(ended)
        if begins:
            at += len(rest) + 1  # (the paragraph's end)
    assert not plain[at:].strip(), (plain, width)


@budget(200)
@given(hostile, st.integers(2, 60))
def test_lines_fit_and_no_word_or_number_is_broken(said: str, width: int) -> None:
    """Where every piece fits the width: every line fits, no break falls inside an ASCII word
    or between a number and its unit, and breaking a line again changes nothing; where the
    text fits whole, it is one line."""
    line = safe(said).plain
    cuts = breaks(line, width)
    lines = [line[a:b] for a, b in itertools.pairwise([0, *cuts, len(line)])]
    ends = pieces(line)
    widest = max(cell_len(line[a:b].rstrip()) for a, b in itertools.pairwise([0, *ends]))
    if widest <= width:
        assert all(cell_len(x.rstrip()) <= width for x in lines), (line, width, lines)
        for at in cuts:
            before, after = line[at - 1], line[at]
            assert before.isspace() or after.isspace() or not (before + after).isascii()
            assert not (before.isascii() and before.isdigit() and not after.isascii())
    for shown in lines:
        assert breaks(shown, width) in ([], [len(shown.rstrip())]), (line, width, shown)
    if cell_len(line) <= width:
        assert cuts == []


def test_a_closing_mark_is_not_kept_off_a_line_by_breaking_an_id() -> None:
    """At 18 columns `（coal-underground）；` (22 cells) was folded `（coal-undergroun` /
    `d）；`: the id broken inside to keep `）` from the next line's start, though the id fit
    the line whole. A closing mark begins a line before an ASCII word is broken (but after
    its `-`, where the text is no taller for it)."""
    said = "见（coal-underground）；必须提供佐证"
    assert drawn(safe(said), 18) == ["见", "（coal-underground", "）；必须提供佐证"]
    assert drawn(safe("[gas-overlimit-check]。"), 20) == ["[gas-overlimit-", "check]。"]


def test_show_in_english_breaks_a_description_as_before(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`show` at 48 columns: the description's `(` after a blank ends its line, as Rich broke
    it before the breaker (main had moved it: `…return airway` / `( 1.2 % against…`)."""
    monkeypatch.setenv("COLUMNS", "48")
    alice = person(tmp_path, "alice")
    trust = allowed_signers(tmp_path / "allowed_signers", alice)
    doc = tmp_path / "a.toml"
    said = "Methane above the limit at the return airway ( 1.2 % against 1.0 % ) see order 17 )"
    doc.write_bytes(findings(alice, ["noncompliant"], items=["item-0"], description=said))
    run = cli(["show", str(doc), "--allowed-signers", str(trust), "--as-of", "2026-12-05"])
    assert (run.exit_code, run.stderr) == (0, "")
    lines = [line.strip() for line in run.stdout.splitlines()]
    first = lines.index("Methane above the limit at the return airway (")
    assert lines[first + 1] == "1.2 % against 1.0 % ) see order 17 )"
