"""The session's merges attacked, round 36: merge's `separate-inspections` warning (the day where
the report is made, a site written with its code and without), `unfit_name`'s joiners after a
virama of another script, and `followup`'s `findings-unverified` where a prefix also starts
another inspection in a file that fails to verify."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests import test_cli_sign_rules, test_loose_ends22
from tests import test_coordinator2 as coordinator2
from tests.helpers_merge import INSPECTION, Who, findings
from tests.test_coordinator2 import ALICE, OTHER
from tests.test_expert_panel import REF

people, merge = coordinator2.people, coordinator2.merge  # (its fixtures)
panel = test_loose_ends22.panel  # (its fixture: the expert panel's people and their files)
who = test_cli_sign_rules.who  # (its fixture: a key, the test run in a folder of its own)

SAID = (
    "{site}: 2 inspections on {day} "
    f"({INSPECTION} by alice@coal.example; {OTHER} by bob@coal.example) record "
    "gas-check-genuine as a hidden danger, each counted apart in reports (its majors "
    "flagged repeat-major); if they were one joint inspection, its inspectors give it one "
    "id (inspect --inspection-id)"
)
BOB = ["noncompliant", "compliant", "compliant"]


def _utc(day: int, hour: int) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, 30, tzinfo=dt.UTC)


def test_a_day_is_the_day_where_the_report_is_made(
    people: dict[str, Who], merge: Any, in_zone: Callable[[str | None], None]
) -> None:
    """`finished` is signed in UTC: two visits of a mine in China on the morning of 29
    November are on two UTC days, and an evening and the next morning on one. merge's day is
    the reports' (`core.loop.day`: the machine's zone), as the repeat-major flag's is."""
    in_zone("Asia/Shanghai")
    morning = merge(
        {
            "alice.toml": findings(people["alice"], ALICE, when=_utc(28, 23)),  # 07:30 local
            "bob.toml": findings(people["bob"], BOB, inspection_id=OTHER, when=_utc(29, 1)),
        }
    )
    assert morning.exit_code == 0
    expected = SAID.format(site="Demo mine (HLJ-0001)", day="2026-11-29")
    assert morning.stderr == f"minecheck: warning: {expected}\n"
    night = merge(
        {
            "alice.toml": findings(people["alice"], ALICE, when=_utc(29, 14)),  # 22:30 local
            "bob.toml": findings(people["bob"], BOB, inspection_id=OTHER, when=_utc(29, 23)),
        }
    )
    assert (night.exit_code, night.stderr) == (0, "")


@pytest.mark.parametrize(
    "bob",
    [
        {"site_id": None},
        {"site_id": None, "site": "Demo mine (HLJ-0001)"},
        {"site_id": None, "site": "Demo mine（HLJ-0001）"},
    ],
    ids=["name-alone", "name-and-code", "name-and-code-zh"],
)
def test_a_site_written_without_its_code_is_the_coded_site(
    people: dict[str, Who], merge: Any, bob: dict[str, Any]
) -> None:
    """One inspector gave the mine's code, the other its name alone (or the code in brackets
    after it): merge's `sites` check takes them as one site (`core.merge.sites_of`), and so
    does the separate-inspections warning."""
    run = merge(
        {
            "alice.toml": findings(people["alice"], ALICE),
            "bob.toml": findings(people["bob"], BOB, inspection_id=OTHER, **bob),
        }
    )
    assert run.exit_code == 0
    expected = SAID.format(site="Demo mine (HLJ-0001)", day="2026-11-29")
    assert run.stderr == f"minecheck: warning: {expected}\n"


def test_a_name_two_codes_give_is_neither_site(people: dict[str, Who], merge: Any) -> None:
    """A name given to two codes' mines names neither alone: an inspection written with that
    name without a code is not taken for either (guard)."""
    run = merge(
        {
            "alice.toml": findings(people["alice"], ALICE),
            "carol.toml": findings(
                people["coord"],
                BOB,
                inspection_id="5c7f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c1e",
                site_id="HLJ-0002",
            ),
            "bob.toml": findings(people["bob"], BOB, inspection_id=OTHER, site_id=None),
        }
    )
    assert run.exit_code == 0
    assert "inspections on" not in run.stderr


# a joiner after a virama of another script than the letter's: the letter takes no half form
# and no conjunct from it, so the joiner changes nothing drawn (UAX #31's $L and $V are of one
# script): the name reads as the one without it
ACROSS_SCRIPTS = {
    "Latin letter, Devanagari virama": "a\u094d\u200db",
    "Chinese letter, Devanagari virama": "张\u094d\u200d三",
    "Devanagari letter, Tamil virama": "क\u0bcd\u200dष",
    "Latin letter and mark, Devanagari virama, ZWNJ": "a\u0300\u094d\u200cb",
}


@pytest.mark.parametrize("where", sorted(ACROSS_SCRIPTS))
def test_a_joiner_after_another_script_s_virama_is_refused(
    where: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Round 22's test of the joiners no spelling needs, with these places added."""
    monkeypatch.setitem(test_loose_ends22.SPOOFED, where, ACROSS_SCRIPTS[where])
    test_loose_ends22.test_a_joiner_no_spelling_needs_is_still_refused(where)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_sign_refuses_a_joiner_after_another_script_s_virama(cli: Any, who: Any, lang: str) -> None:
    """Through `sign`, in the words every refused joiner gets; nothing written."""
    from tests.test_loose_ends18 import NAMED, REFUSED

    name = ACROSS_SCRIPTS["Latin letter, Devanagari virama"]
    run = test_loose_ends22._sign_inspector(cli, who, name, lang)
    assert (run.exit_code, run.stdout) == (2, "")
    said = NAMED[lang].format(option="inspector")
    assert run.stderr == f"f.toml:17:1: {said}\n{REFUSED[lang]}"
    assert not Path("out.toml").exists()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_prefix_a_file_that_fails_to_verify_also_starts_is_told_the_file(
    cli: Any, panel: dict[str, Any], monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """From an archive's top, the prefix typed starts the sound findings' inspection and
    another's, whose file was changed after signing: the prefix resolved to the sound one
    without a word, though the user may have meant the other (a follow-up signed for the
    wrong inspection). The file that failed, whose findings name the other inspection, is now
    said as `findings-unverified` says it; the follow-up is written as before."""
    from tests.helpers_merge import findings as findings_file
    from tests.test_loose_ends19 import OTHER as ANOTHER
    from tests.test_loose_ends19 import _archive

    records = _archive(cli, panel)
    twin = findings_file(
        panel["people"]["wang"],
        ["noncompliant", "noncompliant", "compliant"],
        inspection_id=REF[:8] + ANOTHER[8:],
    )
    (records / "findings" / "twin.toml").write_bytes(twin)
    test_loose_ends22._changed(records / "findings" / "twin.toml", monkeypatch)
    monkeypatch.chdir(records)
    twin_told(cli, panel, lang)


def twin_told(cli: Any, panel: dict[str, Any], lang: str) -> None:
    """The follow-up for the sound findings is written, and the twin that fails is told."""
    short = test_loose_ends22.SHORT
    run = test_loose_ends22._accept(cli, panel, short, "-o", "a.toml", "--lang", lang)
    assert (run.exit_code, run.stdout) == (0, "a.toml\n")
    told = test_loose_ends22._told(lang, "findings/twin.toml", "bad-signature", short[:8])
    assert run.stderr.splitlines() == told
    assert f'finding = "{REF}"' in Path("a.toml").read_text(encoding="utf-8")


def test_a_file_that_fails_to_verify_naming_the_inspection_found_is_not_told(
    cli: Any, panel: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Guard: a changed copy of the very findings the prefix finds says nothing (the prefix
    names no other inspection)."""
    from tests.test_loose_ends19 import _archive

    records = _archive(cli, panel)
    copy = records / "findings" / "copy.toml"
    copy.write_bytes((records / test_loose_ends22.FILED).read_bytes())
    test_loose_ends22._changed(copy, monkeypatch)
    monkeypatch.chdir(records)
    run = test_loose_ends22._accept(cli, panel, test_loose_ends22.SHORT, "-o", "a.toml")
    assert (run.exit_code, run.stdout, run.stderr) == (0, "a.toml\n", "")
