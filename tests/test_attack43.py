"""Attack round 43: this session's merges read as a hostile file author and an unlucky user
(see the decisions)."""

from __future__ import annotations

import itertools
import time
from pathlib import Path
from typing import Any

import pytest

from minecheck.core.sites import CODE_SHOWN, CODES_SHOWN, codes_alike, codes_alike_said
from tests.test_loose_ends34 import _en, _shown

# -- site-codes-alike: every code of a group read apart, and soon --------------------------------


def test_three_codes_apart_in_two_places_are_each_shown_apart() -> None:
    """Three codes of 205 characters: the first apart from the others at character 105, the
    second and third apart at character 156. The first and the third were both shown as the
    same head and `…00000000A000…`, each by the place that tells it from its nearest code, so
    two "different" codes read as one."""
    zeros = "0" * 100
    group = [
        f"HLJ-{zeros}A{'0' * 50}a{'0' * 48}",
        f"HLJ-{zeros}a{'0' * 50}A{'0' * 48}",
        f"HLJ-{zeros}a{'0' * 50}a{'0' * 48}",
    ]
    assert codes_alike(group) == [tuple(sorted(group))]
    shown = _shown(group)
    assert len(set(shown)) == len(group), shown


def test_every_group_of_codes_apart_in_several_places_is_shown_apart() -> None:
    """Every code of eight, apart by the case of three letters far apart, reads apart."""
    places = (80, 130, 190)
    base = "HLJ-" + "0" * 196
    group = []
    for bits in itertools.product((False, True), repeat=len(places)):
        code = list(base)
        for at, upper in zip(places, bits, strict=True):
            code[at] = "A" if upper else "a"
        group.append("".join(code))
    shown = _shown(group)
    assert len(set(shown)) == len(group), shown
    assert all(s.count("…") <= 6 for s in shown), shown


def test_thousands_of_long_codes_alike_are_said_soon() -> None:
    """4,096 spellings of one code of 77 characters, apart in the case of their last 12
    letters: each was compared with every other (79 s for 4,000 on a loaded machine)."""
    base = "HLJ-" + "a" * 61 + "bcdefghijklm"
    ends = (
        "".join(ch.upper() if up else ch for ch, up in zip(base[65:], bits, strict=True))
        for bits in itertools.product((False, True), repeat=12)
    )
    group = [base[:65] + end for end in ends]
    began = time.monotonic()
    (alike,) = codes_alike(group)
    said = codes_alike_said(alike, _en, most=CODE_SHOWN)
    assert time.monotonic() - began < 5
    assert said.count(" more character") == CODES_SHOWN  # (the rest counted: loose ends 36)
    assert f" and {len(group) - CODES_SHOWN} more not shown here" in said


# -- site-codes-alike: a ligature is not letter case ----------------------------------------------


def test_a_ligature_is_not_said_to_differ_in_letter_case() -> None:
    """`HLJ-ﬁ1` and `HLJ-FI1` were said to differ only in letter case: Unicode's full case
    folding makes the ligature two letters. A ligature is a compatibility form, as `①` is, which
    the fold leaves alone; a sharp s and its capital SS are letter case and stay alike."""
    assert codes_alike(["HLJ-\ufb011", "HLJ-FI1"]) == []
    assert codes_alike(["HLJ-\ufb011", "HLJ-\ufb011 "]) == [("HLJ-\ufb011", "HLJ-\ufb011 ")]
    assert codes_alike(["HLJ-STRASSE", "hlj-straße"]) == [("HLJ-STRASSE", "hlj-straße")]


# -- show: the note of words left out, where trusting a key is not the answer --------------------

NOTE_ALONE = {
    "en": "inspectors' descriptions and clauses are shown only from sources trusted here; the "
    "Sources table gives each source's trust\n",
    "zh": "仅显示在此受信任的来源文件中检查人员的隐患描述和依据条款；“来源文件”表列出了各来源文件的"
    "信任状态\n",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(
    ("option", "status"),
    [('valid-before="20200101Z" ', "key-expired"), ('namespaces="file" ', "namespace-not-allowed")],
)
def test_a_key_trusted_but_not_for_this_source_is_not_told_to_be_trusted(
    cli: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    option: str,
    status: str,
) -> None:
    """Carol's key is in the trust list, but its time is over (or it is trusted for other
    files): her words are left out, and the note's hint said "trust each inspector's key:
    minecheck trust add ...", which is done, and changes nothing. The note is said; the hint
    only where a source's key is not in the list."""
    from tests.test_show_layout49 import _merged

    monkeypatch.setenv("COLUMNS", "120")
    merged, trust = _merged(tmp_path)
    lines = trust.read_text().splitlines(keepends=True)
    trust.write_text(
        "".join(line.replace(" ", " " + option, 1) if "carol" in line else line for line in lines)
    )
    run = cli(["show", str(merged), "--allowed-signers", str(trust), "--lang", lang])
    assert (run.exit_code, run.stderr) == (0, NOTE_ALONE[lang])
    assert status in run.stdout
    assert "Methane" in run.stdout
    assert "Gas alarm silenced" not in run.stdout


def test_a_key_not_listed_beside_one_expired_still_gets_the_hint(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bob's key not listed, Carol's expired: the hint is given (for Bob's)."""
    from tests.test_show_layout49 import NOTE, _merged

    monkeypatch.setenv("COLUMNS", "120")
    merged, trust = _merged(tmp_path)
    lines = trust.read_text().splitlines(keepends=True)
    trust.write_text(
        "".join(
            'carol@coal.example valid-before="20200101Z" ' + line.split(" ", 1)[1]
            if "carol" in line
            else line
            for line in lines
            if "bob" not in line
        )
    )
    run = cli(["show", str(merged), "--allowed-signers", str(trust)])
    assert (run.exit_code, run.stderr) == (0, NOTE["en"])
