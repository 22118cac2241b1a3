"""Mutation round 116's survivors killed: every letter the joining-type table brought to Unicode
14.0 takes a non-joiner on the sides its type gives and no other (the table's ranges, their
ends and the letters between them that join on neither side)."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from tests import test_cli_sign_rules
from tests.helpers_merge import Who, allowed_signers
from tests.test_inspect_pty import (
    READING_PROMPT,
    RESUME_PROMPT,
    Terminal,
    draft_id,
    ended,
    key,
    keyed,
    line,
    term,
)
from tests.test_loose_ends29 import gone_when_read

who = test_cli_sign_rules.who  # (its fixture: a key, the test run in a folder of its own)
__all__ = ["gone_when_read", "keyed", "term"]  # (fixtures)

ZWNJ = "\u200c"

# ArabicShaping.txt (Unicode 14.0.0): the joining type of the letters round 116 mutated the table
# ranges of, and of those beside them (U: none, C: join-causing, which UAX #31 A1 names not)
SHAPING = """
0620 D KASHMIRI YEH
0860 D NGA  0861 U JA  0862 D NYA  0865 D NNNA  0866 U BHA  0867 R RA  0868 D LLA
0869 R LLLA  086A R SSA
0870 R ALEF WITH ATTACHED FATHA  0876 R ALEF WITH ATTACHED ROUND DOT ABOVE
0881 R ALEF WITH ATTACHED RIGHT HAMZA  0882 R ALEF WITH ATTACHED LEFT HAMZA
0883 C TATWEEL WITH OVERSTRUCK HAMZA  0885 C TATWEEL WITH TWO DOTS BELOW  0886 D THIN YEH
0887 U BASELINE ROUND DOT  0889 D NOON WITH INVERTED SMALL V
088C D TAH WITH THREE DOTS BELOW  088D D KEHEH WITH TWO DOTS VERTICALLY BELOW
088E R VERTICAL TAIL  08AD U LOW ALEF  08B4 D KAF WITH DOT BELOW
08B5 D QAF WITH DOT BELOW AND NO DOTS ABOVE  08B8 D TEH WITH SMALL TEH ABOVE
08B9 R REH WITH SMALL NOON ABOVE  08BD D AFRICAN NOON  08BE D PEH WITH SMALL V
08C4 D AFRICAN QAF WITH THREE DOTS ABOVE  08C7 D LAM WITH SMALL ARABIC LETTER TAH ABOVE
08C8 D GRAF  08C9 U SMALL FARSI YEH
10F70 D ALEPH  10F72 D GIMEL-HETH  10F73 D WAW  10F74 R ZAYIN  10F75 R FINAL HETH
10F76 D YODH  10F80 D TAW  10F81 D LESH  10F86 U PUNCTUATION BAR
10FB0 D ALEPH  10FB1 U SMALL ALEPH  10FB2 D BETH  10FB3 D GIMEL  10FB4 R DALETH  10FB5 R HE
10FB6 R WAW  10FB7 U CURLED WAW  10FB8 D ZAYIN  10FB9 R HETH  10FBA R YODH  10FBB D KAPH
10FBC D LAMEDH  10FBD R MEM  10FBE D NUN  10FBF D SAMEKH  10FC0 U AYIN  10FC1 D PE
10FC2 R RESH  10FC3 R SHIN  10FC4 D TAW  10FC5 U NUMBER ONE  10FC8 U NUMBER FOUR
10FC9 R NUMBER TEN  10FCA D NUMBER TWENTY  10FCB L NUMBER ONE HUNDRED
"""
# a dual-joining letter of the same script to stand on either side of the non-joiner
SCRIPTS = {
    0x0620: ("ARABIC ", "\u0628"),  # beh
    0x0860: ("SYRIAC ", "\u0712"),  # beth
    0x0870: ("ARABIC ", "\u0628"),
    0x10F70: ("OLD UYGHUR ", "\U00010f76"),  # yodh
    0x10FB0: ("CHORASMIAN ", "\U00010fbe"),  # nun
}
LETTERS = [
    (int(code, 16), kind, name.strip())
    for code, kind, name in (
        entry.split(" ", 2) for entry in SHAPING.replace("\n", "  ").split("  ") if entry.strip()
    )
]


def _script(code: int) -> tuple[str, str]:
    return SCRIPTS[max(start for start in SCRIPTS if start <= code)]


@pytest.mark.parametrize(("code", "kind", "name"), LETTERS, ids=[f"{c:04X}" for c, _, _ in LETTERS])
def test_a_non_joiner_is_taken_on_the_sides_a_letter_joins_and_refused_elsewhere(
    code: int, kind: str, name: str
) -> None:
    """A name with a non-joiner after the letter (before a dual-joining one) is fit where the
    letter joins on its left (D, L); before it (after a dual-joining one), where it joins on its
    right (D, R); a letter of no type or a join-causing one takes it on neither side."""
    from minecheck.core.sanitize import unfit_name

    prefix, partner = _script(code)
    letter = chr(code)
    assert unicodedata.name(letter).startswith(prefix)  # (the code point meant)
    assert unicodedata.name(letter).endswith(f" {name}")
    after = not unfit_name(f"{letter}{ZWNJ}{partner}")
    before = not unfit_name(f"{partner}{ZWNJ}{letter}")
    assert (after, before) == (kind in "DL", kind in "DR"), (hex(code), kind)


# a row's mine where its two files spell it apart: (site, site code) of the file first by its
# document id, then of the other; the row's mine (`sites.row_mine`)
SPELLED = {
    "the first by id without a code": (
        ("Xinxing Coal Mine", None),
        ("Xinxing Mine", "HLJ-0001"),
        ("Xinxing Coal Mine", "HLJ-0001"),
    ),
    "two codes": (("Xinxing Coal Mine", "HLJ-0001"), ("Xinxing Mine", "HLJ-0002"), None),
    "no code": (("Xinxing Coal Mine", None), ("Xinxing Mine", None), None),
}


@pytest.mark.parametrize("first_by_path", [True, False])
@pytest.mark.parametrize("spelled", sorted(SPELLED))
def test_a_rows_mine_is_the_first_files_by_id_and_the_first_code_any_gives(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spelled: str, first_by_path: bool
) -> None:
    """Two inspectors' files of one inspection spell its mine apart: export's row, the
    summary's sites and `show` of the merged file (its merger not trusted) name it alike, by
    the file first by its document id, whichever file comes first by its path, and the first
    site code either gives (that one's, where both give one)."""
    from minecheck.core.documents import Finding
    from tests.helpers_merge import allowed_signers, findings_of, make_merged, store_for
    from tests.helpers_merge import person as merge_person

    monkeypatch.setenv("COLUMNS", "200")
    (site_a, code_a), (site_b, code_b), row = SPELLED[spelled]
    site, code = row or (site_a, code_a or code_b)
    alice, bob = merge_person(tmp_path, "alice"), merge_person(tmp_path, "bob")
    rows = (Finding("gas-check-genuine", "noncompliant", severity="major", basis=("CMHD-5.2",)),)
    a = findings_of(
        alice, rows, "00000000-0000-4000-8000-000000000001", site=site_a, site_id=code_a
    )
    b = findings_of(bob, rows, "ffffffff-0000-4000-8000-000000000002", site=site_b, site_id=code_b)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / ("a.toml" if first_by_path else "b.toml")).write_bytes(a)
    (docs / ("b.toml" if first_by_path else "a.toml")).write_bytes(b)
    trust = allowed_signers(tmp_path / "allowed_signers", alice, bob)
    (tmp_path / "revoked_keys").write_text("")
    options = ["--allowed-signers", str(trust), "--revoked-keys", str(tmp_path / "revoked_keys")]

    run = cli(["export", str(docs), *options])
    assert run.exit_code == 0, run.stderr
    (exported,) = [json.loads(line) for line in run.stdout.splitlines()]
    assert (exported["site"], exported["site_id"]) == (site, code)

    run = cli(["summary", "--json", "--by", "site", str(docs), *options])
    assert run.exit_code == 0, run.stderr
    groups = run.json()["data"]["groups"]
    assert [(group["site"], group["site_id"]) for group in groups] == [(site, code)]

    merged = tmp_path / "m.toml"
    merged.write_bytes(make_merged(alice, [a, b], store_for(alice, bob)))
    allowed_signers(tmp_path / "allowed_signers", bob)  # (alice, the merger, not trusted)
    run = cli(["show", str(merged), *options, "--lang", "en"])
    assert run.exit_code == 0, run.stderr
    lines = [line.strip() for line in run.stdout.splitlines()]
    at = next(n for n, line in enumerate(lines) if "/gas-check-genuine" in line)
    assert lines[at + 1].split("  ")[0] == (f"{site} ({code})" if code else site)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_mkdir_hint_quotes_a_folder_with_a_blank_as_a_shell_takes_it(
    cli: Any, who: Who, lang: str
) -> None:
    """`-o` into a folder not there whose name has a blank: the hint's `mkdir -p` names the
    folder quoted, so the line pasted makes that folder (not two: `new` and `folder`)."""
    from tests.helpers_docs import findings_body
    from tests.test_minimal_input import sign_args

    Path("f.toml").write_bytes(findings_body(who.principal, who.fingerprint))
    assert cli(["sign", "f.toml", *sign_args(who), "-o", "signed.toml"]).exit_code == 0
    allowed_signers(Path("allowed_signers"), who)
    trust = ["--allowed-signers", "allowed_signers"]
    hint = {"en": "  hint: create it first:\n", "zh": "  hint: 请先创建：\n"}[lang]
    for args in (
        ["sign", "f.toml", *sign_args(who), "-o", "new folder/s.toml"],
        ["summary", "signed.toml", *trust, "--format", "md", "-o", "new folder/s.md"],
        ["export", "signed.toml", *trust, "--format", "csv", "-o", "new folder/e.csv"],
    ):
        run = cli([*args, "--lang", lang])
        assert (run.exit_code, run.stdout) == (2, ""), args
        assert run.stderr.endswith(f"{hint}    mkdir -p 'new folder'\n"), run.stderr
        assert not Path("new folder").exists()


def test_site_codes_alike_by_a_case_fold_a_lowercasing_misses_are_said(
    tmp_path: Path, cli: Any
) -> None:
    """`STRASSE-1` and `Straße-1` differ only in letter case (Unicode's case folding makes ß
    ss), which lowercasing alone does not see: the summary says them alike, as written."""
    from tests.helpers_merge import findings, person
    from tests.test_loose_ends27 import ALICE, BOB, OTHER

    alice, bob = person(tmp_path, "alice"), person(tmp_path, "bob")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.toml").write_bytes(findings(alice, ALICE, site_id="STRASSE-1"))
    (docs / "b.toml").write_bytes(findings(bob, BOB, inspection_id=OTHER, site_id="Straße-1"))
    trust = allowed_signers(tmp_path / "allowed_signers", alice, bob)
    (tmp_path / "revoked_keys").write_text("")
    run = cli(
        [
            *("summary", str(docs), "--allowed-signers", str(trust)),
            *("--revoked-keys", str(tmp_path / "revoked_keys"), "--lang", "en"),
        ]
    )
    assert (run.exit_code, run.stderr) == (
        0,
        "minecheck: warning: site codes 'STRASSE-1', 'Straße-1' differ only in letter case, in "
        "full-width forms or in blanks at their ends: reports count them as 2 sites, and do not "
        "see separate inspections or repeat majors across them\n"
        "  hint: write each site's code one way in every inspection of it\n",
    )


def test_a_site_is_its_code_though_its_inspections_spell_its_name_apart(
    tmp_path: Path, cli: Any
) -> None:
    """Two inspections of HLJ-0001 a week apart, a joint one (Alice's and Bob's files) writing
    `Xinxing Coal Mine`, then Alice's alone writing `Xinxing Mine`, each finding a major: one
    site (a site is its code), so each major is a repeat of the other's (within 90 days), not
    the first at a mine of another name."""
    import datetime as dt

    from minecheck.core.documents import Finding
    from tests.helpers_merge import findings_of, person

    alice, bob = person(tmp_path, "alice"), person(tmp_path, "bob")
    rows = (Finding("gas-check-genuine", "noncompliant", severity="major", basis=("CMHD-5.2",)),)
    docs = tmp_path / "docs"
    docs.mkdir()
    for n, (who, site, week) in enumerate(
        ((alice, "Xinxing Coal Mine", 1), (bob, "Xinxing Coal Mine", 1), (alice, "Xinxing Mine", 2))
    ):
        (docs / f"{n}.toml").write_bytes(
            findings_of(
                who,
                rows,
                f"00000000-0000-4000-8000-00000000000{n}",
                inspection_id=f"10000000-0000-4000-8000-00000000000{week}",
                when=dt.datetime(2026, 11, 7 * week, 9, 0, tzinfo=dt.UTC),
                site=site,
            )
        )
    trust = allowed_signers(tmp_path / "allowed_signers", alice, bob)
    (tmp_path / "revoked_keys").write_text("")
    run = cli(
        [
            *("summary", "--json", "--by", "site", str(docs), "--allowed-signers", str(trust)),
            *("--revoked-keys", str(tmp_path / "revoked_keys")),
        ]
    )
    assert run.exit_code == 0, run.stderr
    said = [(g["site_id"], g["majors"], g["repeat_major"]) for g in run.json()["data"]["groups"]]
    assert said == [("HLJ-0001", 2, 2)]


def test_verify_json_says_the_files_not_read_after_the_statuses_as_its_text_does(
    cli: Any, tmp_path: Path, gone_when_read: None
) -> None:
    """`data.counts` in the order the text's total says them: each status, then `unreadable`
    (a script printing the counts as they come says what the text says)."""
    from tests.test_loose_ends29 import _a_malformed_and_two_unread

    _a_malformed_and_two_unread(tmp_path / "docs")
    run = cli(["verify", "--json", "--lang", "en", str(tmp_path / "docs")])
    assert run.exit_code == 2
    assert list(run.json()["data"]["counts"].items()) == [("malformed", 1), ("unreadable", 2)]


def test_keys_generate_names_the_file_standing_where_the_keys_folder_goes(
    cli: Any, isolated_home: Path
) -> None:
    """The keys folder is a file: the error names that file and the command moves it (not the
    key's path below it, which is not there to move)."""
    isolated_home.mkdir()
    keys = isolated_home / "keys"
    keys.write_text("")
    run = cli(["keys", "generate", "--principal", "alice@coal.example", "--lang", "en"])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == (
        f"minecheck: error: {keys} is not a directory, and minecheck needs a directory there\n"
        "  hint: move it away, then run the command again; to move it:\n"
        f"    mv {keys} {keys}.old\n"
    )


def test_o_below_a_link_to_nothing_says_the_link_is_no_folder(cli: Any, who: Who) -> None:
    """`-o gone/s.md` where `gone` is a link to nothing: said not a directory (a `mkdir -p
    gone` would fail on the link), exit 2, nothing written."""
    from tests.helpers_docs import findings_body
    from tests.test_minimal_input import sign_args

    Path("f.toml").write_bytes(findings_body(who.principal, who.fingerprint))
    assert cli(["sign", "f.toml", *sign_args(who), "-o", "signed.toml"]).exit_code == 0
    allowed_signers(Path("allowed_signers"), who)
    Path("gone").symlink_to("nowhere")
    args = ["summary", "signed.toml", "--allowed-signers", "allowed_signers", "--format", "md"]
    run = cli([*args, "-o", "gone/s.md", "--lang", "en"])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == "minecheck: error: gone is not a directory\n"
    assert not Path("nowhere").exists()


NOT_THERE = (
    "minecheck: error: directory {given} does not exist\n"
    "  hint: create it first:\n"
    "    mkdir -p {made}\n"
)


def test_extract_and_an_o_ending_in_a_slash_name_the_folder_not_there(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`extract -o missing` and `-o missing/` (a folder meant) name that folder, and `mkdir -p`
    makes it, not the folder above it (which is there)."""
    monkeypatch.chdir(tmp_path)
    Path("m.toml").write_text("x = 1\n")
    for args, given, made in (
        (["extract", "m.toml", "-o", "missing"], "missing", "missing"),
        (["summary", "m.toml", "-o", "missing/"], "missing/", "missing"),
        (["export", "m.toml", "-o", "new/er/"], "new/er/", "new/er"),
    ):
        run = cli([*args, "--lang", "en"])
        assert (run.exit_code, run.stdout) == (2, ""), args
        assert run.stderr == NOT_THERE.format(given=given, made=made), args
        assert sorted(p.name for p in tmp_path.iterdir()) == ["m.toml"]


def test_ctrl_c_at_the_offer_to_resume_says_the_draft_kept_on_a_line_of_its_own(
    keyed: Terminal,
) -> None:
    """The terminal's cursor stands after `Resume it? [Y/n] ` when Ctrl-C comes: the error
    starts a line of its own, not after the prompt and its `^C`."""
    child = keyed.inspect("--lang", "en")
    kept = draft_id(child)
    key(child, "y", None)
    line(child, READING_PROMPT, "q")
    assert ended(child)[0] == 0

    child = keyed.inspect("--lang", "en")
    child.expect_exact(RESUME_PROMPT)
    child.sendintr()
    status, output = ended(child)
    assert status == 130, output
    assert f"\nminecheck: error: interrupted; draft {kept} kept\r\n" in output
