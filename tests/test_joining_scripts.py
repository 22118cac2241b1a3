"""Joiners, part 2: a zero-width non-joiner a name's spelling needs in every script that joins
its letters (Syriac, N'Ko, Mongolian and the others Unicode's ArabicShaping.txt gives a joining
type), taken by one rule (UAX #31 A1); a joiner in a checklist's text by the same rule; a name
cut at a table's width never ending on a joiner."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.test_hostile import person, signed_raw
from tests.test_loose_ends24 import SIGNER, _body

ZWNJ = "\u200c"
# names of joining scripts with no presentation forms in Unicode: a ZWNJ between a letter that
# joins on its left (dual- or left-joining) and one that joins on its right (dual- or
# right-joining), transparent marks between (UAX #31 A1)
JOINED = {
    "Syriac": f"ܫܠܡ{ZWNJ}ܐ",  # shin, lamadh, mim (dual), alaph (right-joining)
    "N'Ko": f"ߒ{ZWNJ}ߞߏ",  # n, ka, oo (dual)
    "Mongolian": f"ᠮᠣᠩ{ZWNJ}ᠭᠣᠯ",  # ma, o, ang, ga, o, la (dual)
    "Mandaic": f"ࡌ{ZWNJ}ࡀ",  # am (dual), halqa (right-joining)
    "Manichaean": f"\U00010ac0{ZWNJ}\U00010ac5",  # aleph (dual), daleth (right-joining)
    "Psalter Pahlavi": f"\U00010b80{ZWNJ}\U00010b81",  # aleph (dual), beth (right-joining)
    "Adlam": f"\U0001e922\U0001e94b{ZWNJ}\U0001e923",  # small alif, a nasalization mark, daali
    "Hanifi Rohingya": f"\U00010d00{ZWNJ}\U00010d01",  # a (left-joining), ba (dual)
    "Sogdian": f"\U00010f30{ZWNJ}\U00010f33",  # aleph (dual), he (right-joining)
    "Arabic Extended-A": f"\u08a0{ZWNJ}\u08aa",  # beh with v below (dual), reh with loop
}
# a ZWNJ in those scripts where no rule needs one
SPOOFED = {
    "Syriac, after a right-joining letter": f"ܐ{ZWNJ}ܒ",
    "N'Ko, before a digit": f"ߒ{ZWNJ}߁",
    "Mongolian, a ZWJ between letters": "ᠮ\u200dᠣ",
    "Mongolian, last": f"ᠮᠣᠩ{ZWNJ}",
    "Mandaic, before a non-joining letter": f"ࡌ{ZWNJ}ࡖ",
    "Manichaean, after a right-joining letter": f"\U00010ac5{ZWNJ}\U00010ac0",
    "Hanifi Rohingya, before a left-joining letter": f"\U00010d01{ZWNJ}\U00010d00",
    "Adlam, first": f"{ZWNJ}\U0001e922",
}


@pytest.mark.parametrize("script", sorted(JOINED))
def test_a_name_of_a_joining_script_needing_a_non_joiner_is_fit(script: str) -> None:
    """These names were refused: their letters have no presentation forms to read the sides
    they join on from."""
    from minecheck.core.sanitize import unfit_name

    assert not unfit_name(JOINED[script])


@pytest.mark.parametrize("where", sorted(SPOOFED))
def test_a_non_joiner_no_spelling_of_those_scripts_needs_is_refused(where: str) -> None:
    from minecheck.core.sanitize import unfit_name

    assert unfit_name(SPOOFED[where])


@pytest.mark.parametrize("script", sorted(JOINED))
def test_sign_takes_and_show_gives_a_name_of_a_joining_script(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, script: str
) -> None:
    """`sign` of a findings file whose site and inspector are such a name: signed, the bytes as
    written; `show` gives the line whole, without `\\u200c`."""
    monkeypatch.chdir(tmp_path)
    signed_and_shown_whole(cli, JOINED[script])


def signed_and_shown_whole(cli: Any, name: str) -> None:
    """`sign` of a findings file whose site and inspector are NAME: exit 0, the name's bytes as
    written; `show` of one signed with them: the line whole, no `\\u200c` (in the folder)."""
    from tests.helpers_docs import findings_body

    key = person(cli, SIGNER)
    body = findings_body(SIGNER, key["fingerprint"], site=name).decode()
    body = body.replace('inspector = "Wang Wei"', f'inspector = "{name}"')
    Path("f.toml").write_text(body, encoding="utf-8")
    run = cli(["sign", "f.toml", "--key", key["path"], "--signer", SIGNER, "-o", "out.toml"])
    assert (run.exit_code, run.stdout, run.stderr) == (0, "out.toml\n", "")
    assert f'inspector = "{name}"'.encode() in Path("out.toml").read_bytes()
    Path("g.toml").write_bytes(signed_raw(key, _body(key, 1, name, name)))
    run = cli(["show", "g.toml"])
    assert (run.exit_code, run.stderr) == (0, "")
    assert f"site: {name} (HLJ-0001)   inspector: {name}" in run.stdout.splitlines()
    assert "\\u200c" not in run.stdout


MINI = Path(__file__).parent / "data" / "checklists" / "valid" / "mini-check.toml"
PERSIAN_TITLE = "بازرسی معدن علی\u200cرضا"  # a ZWNJ between a dual- and a right-joining letter
MALAYALAM_GUIDANCE = "അവന്\u200d ശ്\u200dരീ"  # ZWJ after the virama: a chillu, a conjunct


def _checklist(title: str, guidance: str) -> str:
    text = MINI.read_text(encoding="utf-8")
    text = text.replace('title = "Mini check"', f'title = "{title}"')
    text = text.replace(
        'guidance = "Compare the gas-check board with the monitoring record."',
        f'guidance = "{guidance}"',
    )
    assert title in text
    assert guidance in text
    return text


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_lint_takes_a_joiner_a_checklist_s_spelling_needs(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """A Persian title and Malayalam guidance, each joiner where UAX #31 allows one: no
    problem (each was "title contains the control or format character U+200C")."""
    monkeypatch.chdir(tmp_path)
    guidance = f"{MALAYALAM_GUIDANCE} {JOINED['Syriac']}"
    Path("mini-check.toml").write_text(_checklist(PERSIAN_TITLE, guidance), encoding="utf-8")
    run = cli(["checklists", "lint", "mini-check.toml", "--lang", lang])
    counted = {"en": "1 file checked, 0 problems\n", "zh": "已检查 1 个文件，发现 0 个问题\n"}
    assert (run.exit_code, run.stdout, run.stderr) == (0, "", counted[lang])


SAID = {
    "en": "mini-check.toml:{line}:1: {key} contains the control or format character U+{code}\n",
    "zh": "mini-check.toml:{line}:1: {key} 含有控制字符或格式字符 U+{code}\n",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(
    ("title", "guidance", "key", "line", "code"),
    [
        ("Li\u200cMing", "g", "title", 4, "200C"),  # between Latin letters
        ("ر\u200cا", "g", "title", 4, "200C"),  # after a right-joining letter
        ("t", "ক\u200d", "guidance", 21, "200D"),  # last, no virama before it
        ("t", "ᠮ\u200dᠣ", "guidance", 21, "200D"),  # a ZWJ between Mongolian letters
    ],
)
def test_lint_still_refuses_a_joiner_no_spelling_needs(
    cli: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    title: str,
    guidance: str,
    key: str,
    line: int,
    code: str,
) -> None:
    """Guard: the same words as before, for a joiner no spelling needs."""
    monkeypatch.chdir(tmp_path)
    Path("mini-check.toml").write_text(_checklist(title, guidance), encoding="utf-8")
    run = cli(["checklists", "lint", "mini-check.toml", "--lang", lang])
    counted = {"en": "1 file checked, 1 problem\n", "zh": "已检查 1 个文件，发现 1 个问题\n"}
    said = SAID[lang].format(line=line, key=key, code=code)
    assert (run.exit_code, run.stdout, run.stderr) == (1, said, counted[lang])


# names with no blank to break at, wider than a column of 40 or 80: each begun a cell later, so
# that at some width a fold falls right after a non-joiner (four cells a word)
LONG = [f"{'ܒ' * k}{JOINED['Syriac'] * 14}" for k in range(4)]
LONG_PERSIAN = [f"{'ب' * k}{'علی' + ZWNJ + 'رضا'}" * 8 for k in range(6)]


def _a_joiner_ends(line: str) -> bool:
    """Whether a line of a terminal's output holds a non-joiner at a cut's end: one with no
    letter after it (the line's end, the cell's blanks, a border). (A ZWJ may end a word where
    it makes a chillu letter, as in the responsible's name.)"""
    import re

    return re.search(f"{ZWNJ}(?:$|[\\s│|┃])", line) is not None


@pytest.mark.parametrize("width", ["40", "80"])
def test_a_name_folded_at_the_table_s_width_never_ends_a_line_on_a_joiner(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, width: str
) -> None:
    """The summary's table by site and by inspector, and `show`, at 40 and 80 columns: a name
    wider than its column is folded before a joiner, never after it (a line ended on a
    non-joiner whose letter went to the next line); every character kept."""
    monkeypatch.chdir(tmp_path)
    key = person(cli, SIGNER)
    Path("docs").mkdir()
    for n, name in enumerate([*LONG, *LONG_PERSIAN], 1):
        Path(f"docs/f{n}.toml").write_bytes(signed_raw(key, _body(key, n, name, name)))
    monkeypatch.setenv("COLUMNS", width)
    runs = [
        cli(["summary", "docs", "--by", by, "--format", "table"]) for by in ("site", "inspector")
    ]
    runs += [cli(["show", f"docs/f{n}.toml"]) for n in range(1, len(LONG) + len(LONG_PERSIAN) + 1)]
    for run in runs:
        assert (run.exit_code, run.stderr) == (0, "")
        assert [line for line in run.stdout.splitlines() if _a_joiner_ends(line)] == []
        assert "\\u200c" not in run.stdout


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_description_cut_at_the_characters_shown_is_cut_before_a_joiner(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """`show` of a description longer than a terminal shows (SHOWN_CHARACTERS), the cut right
    after a non-joiner its spelling needs: cut before it, counted with the rest (it was shown
    as `\\u200c`, its letter after it cut away)."""
    from minecheck.errors import SHOWN_CHARACTERS
    from tests.helpers_docs import findings_body

    monkeypatch.chdir(tmp_path)
    key = person(cli, SIGNER)
    description = "ب" * (SHOWN_CHARACTERS - 1) + ZWNJ + "ا" * 10
    body = findings_body(SIGNER, key["fingerprint"], description=description)
    Path("f.toml").write_bytes(signed_raw(key, body))
    run = cli(["show", "f.toml", "--lang", lang])
    assert (run.exit_code, run.stderr) == (0, "")
    assert "\\u200c" not in run.stdout
    said = {"en": "ب…11morecharactersnotshown", "zh": "ب……另有11个字符未显示"}
    assert said[lang] in "".join(run.stdout.split())  # (the line folded at the width)
