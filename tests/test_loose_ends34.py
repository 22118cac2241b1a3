"""Loose ends 34: site codes told apart only past the start a terminal is shown, characters not
seen inside a code, and a province's many warnings of one kind (see the decisions)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from minecheck.core.sites import CODE_SHOWN, codes_alike, codes_alike_said
from minecheck.i18n import written
from tests.helpers_merge import Who, findings
from tests.test_loose_ends27 import ALICE, _alike, people
from tests.test_loose_ends32 import LONG

__all__ = ["people"]  # (the fixture, used by name)

CUT = {
    "en": "'{shown}' ({count} more characters)",
    "zh": "'{shown}'（另有 {count} 个字符）",
}


def _en(message: str, /, **fields: object) -> str:
    return written(message, "en", **fields)


def _shown(codes: list[str]) -> list[str]:
    """Each code of one group as the terminal is told it (`codes_alike_said`'s list, in order)."""
    said = codes_alike_said(sorted(codes), _en, most=CODE_SHOWN)
    listed = said.removeprefix("site codes ").split(" differ only")[0]
    first, *rest = listed.split(", '")
    return [first, *("'" + code for code in rest)]


# -- 1. codes that differ past their shown start -------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("report", ["summary", "merge"])
def test_codes_that_differ_past_the_shown_start_are_shown_apart(
    tmp_path: Path, people: dict[str, Who], cli: Any, lang: str, report: str
) -> None:
    """Two spellings of a code of 101 characters, apart only in the case of the last: both were
    shown as their first 64 characters, the same, so the warning named two codes that read as
    one. Each is shown by its start and the part that tells it apart; `--json` keeps both."""
    code = "HLJ-" + "0" * 96 + "A"
    other = code[:-1] + "a"
    files, trust = _alike(tmp_path, people, code)
    (tmp_path / "docs" / "alice.toml").write_bytes(findings(people["alice"], ALICE, site_id=other))
    coord = people["coord"]
    signing = ["--key", str(coord.key), "--signer", coord.principal]
    args = {
        "summary": ["summary", *files, *trust],
        "merge": ["merge", *files, "-o", str(tmp_path / "m.toml"), *trust, *signing, "--force"],
    }[report]
    run = cli([*args, "--lang", lang])
    a, b = (CUT[lang].format(shown=f"HLJ-000000000000…00000000{end}", count=76) for end in "Aa")
    assert (run.exit_code, run.stderr) == (0, LONG[lang].format(a=a, b=b))
    problems = json.loads(cli([*args, "--json"]).stdout)["problems"]
    assert [p["code"] for p in problems] == ["site-codes-alike"]
    assert all(c in problems[0]["message"] for c in (code, other))


def test_a_difference_in_the_middle_is_shown_with_what_follows_it_cut() -> None:
    code = "HLJ-" + "0" * 60 + "A" + "1" * 100
    shown = _shown([code, code.replace("A", "a")])
    window = "00000000A" + "1" * 39
    assert shown == [
        f"'HLJ-000000000000…{w}…' (101 more characters)" for w in (window, window.lower())
    ]


def test_wide_characters_are_measured_by_their_cells() -> None:
    """41 ideographs take 82 cells: shown whole, they were wider than the 64 a code is given,
    and their difference came past it."""
    shown = _shown(["龍" * 40 + "X", "龍" * 40 + "x"])
    assert shown == [
        "'龍龍龍龍龍龍龍龍…龍龍龍龍X' (28 more characters)",
        "'龍龍龍龍龍龍龍龍…龍龍龍龍x' (28 more characters)",
    ]


def test_a_head_of_wide_characters_ends_within_the_cells() -> None:
    shown = _shown(["HLJ" + "龍" * 60, "Hlj" + "龍" * 60])
    assert shown == [f"'{c}{'龍' * 30}…' (30 more characters)" for c in ("HLJ", "Hlj")]


def test_no_cut_parts_a_letter_from_its_mark() -> None:
    """A letter with its combining accent is one character to a reader: counted once, one cell,
    never cut between the two."""
    e = "e\u0301"
    shown = _shown(["HLJ-" + e * 80 + "A", "HLJ-" + e * 80 + "a"])
    assert shown == [f"'HLJ-{e * 12}…{e * 8}{end}' (60 more characters)" for end in "Aa"]


def test_codes_apart_at_different_places_are_each_shown_apart() -> None:
    """Each code is shown by the part that tells it from the one nearest it: the first differs
    from the second at its start, the third from the first past character 150, and a fourth
    from the first only by a blank at its end."""
    base = "HLJ-" + "ab" * 100
    group = [base, "hlj" + base[3:], base[:150] + base[150:].upper(), base + "\u3000"]
    assert codes_alike(group) == [tuple(sorted(group))]
    shown = _shown(group)
    assert len(set(shown)) == len(group), shown
