"""Joiners, part 3: the joining types read for UAX #31's non-joiner rule are of the Unicode
version Python's `unicodedata` gives, so a name in a letter Unicode 13 or 14 added is signed
and shown whole, as the same name in an older letter is."""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from tests.test_cli_sign_rules import who

__all__ = ["who"]  # the fixture

ZWNJ = "\u200c"
# a ZWNJ between a letter joining on its left (dual- or left-joining) and one joining on its
# right (dual- or right-joining), in letters Unicode 13.0 and 14.0 added
JOINED = {
    "13.0 Arabic Extended-A": f"\u08be{ZWNJ}\u0627",  # peh with small v (dual), alef
    "13.0 Arabic Extended-A, lam": f"\u0628\u08c7{ZWNJ}\u0627",  # lam with small tah (dual)
    "13.0 Chorasmian": f"\U00010fb0{ZWNJ}\U00010fb4",  # aleph (dual), daleth (right-joining)
    "13.0 Chorasmian, a left-joining number": f"\U00010fcb{ZWNJ}\U00010fb0",
    "14.0 Arabic Extended-B": f"\u0628{ZWNJ}\u0870",  # beh, alef with attached fatha (right)
    "14.0 Arabic Extended-B, thin yeh": f"\u0886{ZWNJ}\u0627",  # thin yeh (dual), alef
    "14.0 Arabic Extended-A, graf": f"\u08c8{ZWNJ}\u0627",  # graf (dual), alef
    "14.0 Old Uyghur": f"\U00010f70{ZWNJ}\U00010f74",  # aleph (dual), zayin (right-joining)
}
# a ZWNJ in those letters where no rule needs one
SPOOFED = {
    "Old Uyghur, after a right-joining letter": f"\U00010f74{ZWNJ}\U00010f70",
    "Chorasmian, before a left-joining number": f"\U00010fb0{ZWNJ}\U00010fcb",
    "Arabic Extended-B, after a right-joining alef": f"\u0870{ZWNJ}\u0628",
    "Arabic Extended-B, before a tatweel with hamza (join-causing)": f"\u0628{ZWNJ}\u0883",
    "Yezidi (no joining type)": f"\U00010e80{ZWNJ}\U00010e81",
}


def test_the_joining_types_are_of_the_unicode_version_python_gives() -> None:
    """The table and the categories it is read beside cannot drift apart unnoticed: on the
    Python the project is made on (3.11: Unicode 14.0.0) they are of one version; on a newer
    one the table is never newer than the categories (its newer letters' joiners are refused
    until it is brought to that version, the safe side: a test failing there would stop a
    packager for no fault of the product)."""
    from minecheck.core import sanitize

    def version(text: str) -> tuple[int, ...]:
        return tuple(int(part) for part in text.split("."))

    if sys.version_info[:2] == (3, 11):
        assert unicodedata.unidata_version == sanitize.JOINING_TYPES_VERSION
    assert version(sanitize.JOINING_TYPES_VERSION) <= version(unicodedata.unidata_version)
    for first, last, kind in sanitize._JOINING_TYPES:
        for code in range(first, last + 1):  # every code point given a type is assigned
            assert unicodedata.category(chr(code)) != "Cn", (hex(code), kind)


@pytest.mark.parametrize("where", sorted(JOINED))
def test_a_name_in_a_letter_of_unicode_13_or_14_needing_a_non_joiner_is_fit(where: str) -> None:
    from minecheck.core.sanitize import for_terminal, unfit_name

    assert not unfit_name(JOINED[where])
    assert for_terminal(JOINED[where]) == JOINED[where]


@pytest.mark.parametrize("where", sorted(SPOOFED))
def test_a_non_joiner_no_spelling_of_those_letters_needs_is_refused(where: str) -> None:
    from minecheck.core.sanitize import for_terminal, unfit_name

    assert unfit_name(SPOOFED[where])
    assert "\\u200c" in for_terminal(SPOOFED[where])


@pytest.mark.parametrize("where", sorted(JOINED))
def test_sign_takes_and_show_gives_a_name_in_a_letter_of_unicode_13_or_14(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    """`sign`: exit 0, the name's bytes as written; `show`: the line whole, no `\\u200c`."""
    from tests.test_joining_scripts import signed_and_shown_whole

    monkeypatch.chdir(tmp_path)
    signed_and_shown_whole(cli, JOINED[where])


@pytest.mark.parametrize("where", ["13.0 Chorasmian", "14.0 Arabic Extended-B"])
def test_inspect_takes_a_site_and_an_inspector_in_a_letter_of_unicode_13_or_14(
    cli: Any, who: Any, where: str
) -> None:
    from tests.test_loose_ends22 import inspected_as_written

    inspected_as_written(cli, who, JOINED[where])


# A ZWNJ beside a join-causing character (a tatweel U+0640, N'Ko's lajanyalan U+07FA): UAX #31
# A1 names dual-, left- and right-joining letters only (as IDNA's CONTEXTJ rule does), and a
# tatweel stretches a join that a non-joiner beside it would break: no spelling needs the two
# together, so such a name is refused as before.
BESIDE_A_TATWEEL = {
    "after a tatweel": f"\u0628\u0640{ZWNJ}\u0627",
    "before a tatweel": f"\u0628{ZWNJ}\u0640\u0627",
    "after N'Ko's lajanyalan": f"\u07d3\u07fa{ZWNJ}\u07de",
}


@pytest.mark.parametrize("where", sorted(BESIDE_A_TATWEEL))
def test_a_non_joiner_beside_a_tatweel_is_refused(where: str) -> None:
    from minecheck.core.sanitize import for_terminal, unfit_name

    assert unfit_name(BESIDE_A_TATWEEL[where])
    assert "\\u200c" in for_terminal(BESIDE_A_TATWEEL[where])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_inspect_refuses_a_site_with_a_non_joiner_beside_a_tatweel(
    cli: Any, who: Any, lang: str
) -> None:
    from tests.test_loose_ends18 import NAMED
    from tests.test_loose_ends22 import _inspect

    site = BESIDE_A_TATWEEL["after a tatweel"]
    run = _inspect(cli, who, "--site", site, "--inspector", "Wang Wei", "--lang", lang)
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == f"minecheck: error: {NAMED[lang].format(option='--site')}\n"
    assert not Path("out.toml").exists()
