"""Attack round 42: the follow-up warnings, the cache's `unusable` reason, `site-codes-alike`'s
unseen ends and `show`'s descriptions of a merged file, read as a hostile file author and as an
unlucky user."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from tests.helpers_merge import Who, findings
from tests.test_expert_panel import REF, panel
from tests.test_field15 import FILLED, MORE, hand_written, sign
from tests.test_loose_ends17 import due
from tests.test_loose_ends27 import people
from tests.test_loose_ends32 import (
    test_codes_apart_by_characters_not_seen_at_their_ends_say_which as said_as_a_zero_width_space,
)

__all__ = ["due", "panel", "people"]  # the fixtures

# --- the findings of a joint inspection, signed by two inspectors: who recorded it -----------

BY_TWO = {
    "en": (
        "minecheck: warning: hand.toml:5: {ref}: chen@coal.example, wang@coal.example signed "
        "the findings that set its deadline, and mine@coal.example signed none of them: every "
        "report applies this extension as signed, though an extension is the authority's to "
        "grant\n"
        "  hint: ask the authority whose order set the deadline, in writing and before it "
        "passes; its inspector signs the extension\n"
    ),
    "zh": (
        "minecheck: warning: hand.toml:5: {ref}：设定其整改期限的检查结果由 "
        "chen@coal.example、wang@coal.example 签名，mine@coal.example 未签名其中任何一份："
        "各报告都会按签名采纳该延期，而延期应由执法部门批准\n"
        "  hint: 请在期限届满前书面向下达整改期限的执法部门申请延期，由其检查人员签署延期\n"
    ),
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_inspectors_of_a_joint_inspection_are_listed_as_the_language_lists(
    cli: Any, panel: dict[str, Any], lang: str
) -> None:
    """Two inspectors of one joint inspection each sign findings with the deadline; the mine
    signs an extension it wrote by hand. The two who recorded it were joined with `, ` in
    Chinese too, where every other list reads `、`."""
    p = panel["people"]
    deadline = dt.date(2026, 11, 30)
    results = ["compliant", "noncompliant", "compliant"]
    Path("xinxing.toml").write_bytes(findings(p["wang"], results, deadline=deadline))
    Path("chen.toml").write_bytes(findings(p["chen"], results, deadline=deadline))
    hand_written("2026-11-29T13:00:00Z", "extended", "2026-11-29T12:00:00Z", MORE["extended"])
    got = sign(cli, p["mine"], lang)
    assert (got.exit_code, got.stdout) == (0, "hand.toml\n")
    assert got.stderr == FILLED[lang] + BY_TWO[lang].format(ref=REF)


# --- site-codes-alike: what is not seen at a code's end --------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(
    ("code", "shown", "characters"),
    [
        ("HLJ-0001\u3164", "'HLJ-0001\\u3164'", ["\\u3164"]),  # (a Hangul filler, drawn blank)
        ("HLJ-0001\uffa0", "'HLJ-0001\\uffa0'", ["\\uffa0"]),  # (its half-width form)
        ("\u034fHLJ-0001", "'\\u034fHLJ-0001'", ["\\u034f"]),  # (the grapheme joiner)
        ("HLJ-0001\x01", "'HLJ-0001\\u0001'", ["\\u0001"]),  # (a control no blank)
        ("HLJ-0001\x7f", "'HLJ-0001\\u007f'", ["\\u007f"]),  # (DEL)
    ],
)
def test_codes_apart_by_what_is_drawn_as_nothing_at_an_end_are_alike(
    tmp_path: Path,
    people: dict[str, Who],
    cli: Any,
    lang: str,
    code: str,
    shown: str,
    characters: list[str],
) -> None:
    """A Hangul filler (drawn as a blank), the combining grapheme joiner (drawn as nothing) or
    a control other than white space at a code's end: every output shows it escaped as it
    shows a zero-width space, yet the two spellings were two sites with no word. Said as the
    zero-width space is, naming the character."""
    said_as_a_zero_width_space(tmp_path, people, cli, lang, code, shown, characters)


# --- show of a merged file: whose words are shown as an inspector's ---------------------------


def _show_merged(
    cli: Any, tmp_path: Path, lang: str, bobs_words: str, *, trust_bob: bool
) -> tuple[Any, list[str]]:
    """`show` at 200 columns of a merged file of Alice's findings (a major gas reading, one
    clause) and Bob's (the same item, `bobs_words` his description), Bob's key trusted or not:
    the run and its lines above the sources (right-stripped)."""
    from minecheck.core.documents import Finding
    from tests.helpers_merge import allowed_signers, findings_of, make_merged, person, store_for

    alice, bob = person(tmp_path, "alice"), person(tmp_path, "bob")
    gas = Finding(
        "gas-overlimit",
        "noncompliant",
        severity="major",
        basis=("CMHD-5.2",),
        description="CH4 1.6 %",
        location="Face 3101",
    )
    fan = Finding("ventilation-airflow", "compliant")
    a = findings_of(alice, [gas, fan], "6f1c2d3e-0000-4000-8000-00000000000a")
    bobs = Finding("gas-overlimit", "noncompliant", severity="general", description=bobs_words)
    b = findings_of(bob, [bobs, fan], "6f1c2d3e-0000-4000-8000-00000000000b")
    merged = tmp_path / "m.toml"
    merged.write_bytes(make_merged(alice, [a, b], store_for(alice, bob)))
    trusted = (alice, bob) if trust_bob else (alice,)
    trust = allowed_signers(tmp_path / "allowed_signers", *trusted)
    run = cli(["show", str(merged), "--allowed-signers", str(trust), "--lang", lang])
    return run, [line.rstrip() for line in run.stdout.split("Sources")[0].splitlines()]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_merged_files_source_not_trusted_gives_no_inspectors_words(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """Bob's source verifies against no key trusted here (its TRUST column says so): its
    description was still listed under the finding as `bob@coal.example: ...`, dim like
    Alice's, as if Bob had said it; anyone may write a findings file naming Bob as its signer.
    Only a trusted source's words are given; Alice's line is as before."""
    monkeypatch.setenv("COLUMNS", "200")
    run, lines = _show_merged(cli, tmp_path, lang, "all fine", trust_bob=False)
    said = [line.strip() for line in lines]
    colon = {"en": ": ", "zh": "："}[lang]
    assert f"alice@coal.example{colon}CH4 1.6 %" in said
    assert not [line for line in said if "all fine" in line]
    assert "untrusted-key" in run.stdout


SPOOF = {  # (each inspector's lines after the first hang under the first character after
    # the name, their clause too: show layout 49)
    "en": [
        "alice@coal.example: CH4 1.6 %",
        "                    Clause: CMHD-5.2",
        "bob@coal.example: Methane read at the face",
        "                  carol@coal.example: all fine",
        "                  Clause: none",
    ],
    "zh": [
        "alice@coal.example：CH4 1.6 %",
        "                    依据条款：CMHD-5.2",
        "bob@coal.example：Methane read at the face",
        "                  carol@coal.example: all fine",
        "                  Clause: none",
    ],
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_line_of_one_inspectors_description_reads_as_no_other_inspectors(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """Bob's description holds line breaks: each of its lines began at the cell's edge, as every
    inspector's own line and clause line does, so `carol@coal.example: all fine` read as a third
    inspector's words and `Clause: none` as Bob's clause. The lines after a description's first
    are indented under its inspector's name, as Alice's clause is under hers."""
    monkeypatch.setenv("COLUMNS", "200")
    spoof = "Methane read at the face\ncarol@coal.example: all fine\nClause: none"
    run, said = _show_merged(cli, tmp_path, lang, spoof, trust_bob=True)
    assert (run.exit_code, run.stderr) == (0, "")
    start = next(i for i, line in enumerate(said) if "CH4" in line)
    indent = len(said[start]) - len(said[start].lstrip())
    assert [line[indent:] for line in said[start : start + 5]] == SPOOF[lang]


# --- recorded-late: the deadline in force, not only the findings' ------------------------------

LATE_IN_FORCE = {
    "en": (
        "minecheck: warning: hand.toml:5: {ref}: the extension is dated 2026-12-02T08:00:00Z, by "
        "the deadline 2026-12-03, and signed on 2026-12-06, after that deadline passed: reports "
        "apply it as made in time\n"
        "  hint: the signed time shows when it was recorded (export --rows events, column "
        "signed)\n"
    ),
    "zh": (
        "minecheck: warning: hand.toml:5: {ref}：延期日期为 2026-12-02T08:00:00Z，未超过期限 "
        "2026-12-03，却在该期限过后的 2026-12-06 才签名：报告会视其为按时作出\n"
        "  hint: 签名时间显示其记录时间（export --rows events 的 signed 列）\n"
    ),
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_extension_recorded_after_the_deadline_an_extension_set_is_said(
    cli: Any, due: dict[str, Any], lang: str
) -> None:
    """The findings' deadline (30 November) extended in time to 3 December in one file; a
    second extension, written by hand, dated 2 December (by the deadline in force) and signed
    on 6 December, after it passed: every report applies it as made in time, and nothing was
    said (`late` compared with the findings' deadline alone, which the event's day is after)."""
    from tests.test_expert_panel import step

    wang = due["people"]["wang"]
    first = ("--action", "extended", "--new-deadline", "2026-12-03", "--note", "a")
    step(cli, wang, "e1.toml", "2026-11-29T12:00:00Z", *first)
    hand_written("2026-12-06T08:00:00Z", "extended", "2026-12-02T08:00:00Z", MORE["extended"])
    got = sign(cli, wang, lang)
    assert (got.exit_code, got.stdout) == (0, "hand.toml\n")
    assert got.stderr == FILLED[lang] + LATE_IN_FORCE[lang].format(ref=REF)


def test_an_extension_signed_before_the_deadline_in_force_passed_is_not_late(
    cli: Any, due: dict[str, Any]
) -> None:
    """The findings' deadline (30 November) extended in time to 10 December; a second extension,
    dated 29 November after the first and signed on 3 December, before 10 December: it was
    said to be signed after the deadline passed (the findings', which no report holds it to)."""
    from tests.test_expert_panel import step

    wang = due["people"]["wang"]
    first = ("--action", "extended", "--new-deadline", "2026-12-10", "--note", "a")
    step(cli, wang, "e1.toml", "2026-11-29T12:00:00Z", *first)
    hand_written("2026-12-03T08:00:00Z", "extended", "2026-11-29T13:00:00Z", MORE["extended"])
    got = sign(cli, wang, "en")
    assert (got.exit_code, got.stdout, got.stderr) == (0, "hand.toml\n", FILLED["en"])
