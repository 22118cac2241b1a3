"""Loose ends 34: site codes told apart only past the start a terminal is shown, characters not
seen inside a code, and a province's many warnings of one kind (see the decisions)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from minecheck.core.sites import CODE_SHOWN, codes_alike, codes_alike_said
from minecheck.i18n import written
from tests.helpers_merge import Who, allowed_signers, findings
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


# -- 2. characters not seen inside a code --------------------------------------------------------

WITHIN_SAID = {
    "en": "minecheck: warning: site codes {codes} differ only in letter case, in full-width forms "
    "or in characters not seen in them ({characters}): reports count them as 2 sites, and do not "
    "see separate inspections or repeat majors across them\n"
    "  hint: write each site's code one way in every inspection of it\n",
    "zh": "minecheck: warning: 单位编码 {codes} 仅大小写、全角半角或其中的不可见字符"
    "（{characters}）不同："
    "报告将其计为 2 个单位，看不到它们之间的分次检查和重复重大隐患\n"
    "  hint: 同一单位的每次检查请用同一写法填写其编码\n",
}
JOINED = {"en": ", ", "zh": "、"}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(
    "unseen",
    ["\u200b", "\u2060", "\ufeff", "\u00ad", "\u200d", "\u200c", "\x1f"],
)
def test_codes_apart_by_characters_not_seen_inside_them_say_which(
    tmp_path: Path, people: dict[str, Who], cli: Any, lang: str, unseen: str
) -> None:
    """`HLJ-0001` and `HLJ-` + a zero-width space (a word joiner, a byte-order mark, a soft
    hyphen, a joiner no spelling needs, a control) + `0001` were two sites, and nothing said so:
    a code pasted from a web page or a document holds them, and no screen shows them."""
    code = f"HLJ-{unseen}0001"
    files, trust = _alike(tmp_path, people, code)
    run = cli(["summary", *files, *trust, "--lang", lang])
    named = f"\\u{ord(unseen):04x}"
    codes = JOINED[lang].join(["'HLJ-0001'", f"'HLJ-{named}0001'"][:: -1 if unseen < "0" else 1])
    said = WITHIN_SAID[lang].format(codes=codes, characters=named)
    assert (run.exit_code, run.stderr) == (0, said)
    problems = json.loads(cli(["summary", *files, *trust, "--json"]).stdout)["problems"]
    assert [p["code"] for p in problems] == ["site-codes-alike"]
    assert code in problems[0]["message"]


def test_characters_at_an_end_and_inside_are_named_together() -> None:
    said = codes_alike_said(["HLJ-0001", "\u200bHLJ-\u2060000\u00ad1"], _en)
    assert "or in characters not seen in them (\\u00ad, \\u200b, \\u2060):" in said


@pytest.mark.parametrize(
    ("code", "other"),
    [
        ("HLJ 0001", "HLJ0001"),  # (a blank inside is seen)
        (
            "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",
            "\u0645\u06cc\u062e\u0648\u0627\u0647\u0645",
        ),
        ("\u0915\u094d\u200d\u0937", "\u0915\u094d\u0937"),  # (a half form, not a conjunct)
    ],
)
def test_what_a_screen_shows_inside_a_code_keeps_it_apart(code: str, other: str) -> None:
    """A blank inside a code, and a joiner its script needs (a Persian non-joiner keeping two
    letters apart, a joiner after a virama asking a half form): each reads apart on a screen,
    so the codes are two, as they read."""
    assert codes_alike([code, other]) == []


# -- 3. a province's many warnings of one kind ---------------------------------------------------

ROLLED = {
    "en": "minecheck: warning: 2 more untrusted-key warnings are not shown here; --json lists "
    "every one\n",
    "zh": "minecheck: warning: 另有 2 条 untrusted-key 警告未在此显示；--json 列出全部\n",
}
LEFT_OUT = {
    "en": "minecheck: warning: {path}: left out: untrusted-key: the signing key is not in "
    "allowed_signers\n",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("report", ["summary", "export"])
def test_many_warnings_of_one_kind_are_told_to_ten_and_the_rest_counted(
    tmp_path: Path, people: dict[str, Who], cli: Any, lang: str, report: str
) -> None:
    """A province's archive read with a trust list that lacks one inspector's key: every file
    of theirs was said, one line each (1,833 lines for 2,000 files of the benchmark's corpus),
    and every other warning went by with them. The first ten of one kind are told, the rest
    counted on one line; `--json` keeps each."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "alice.toml").write_bytes(findings(people["alice"], ALICE))
    for n in range(12):
        other = f"{n:08d}-0000-4000-8000-000000000000"
        (docs / f"bob{n:02d}.toml").write_bytes(
            findings(people["bob"], ALICE, n, inspection_id=other)
        )
    allowed = allowed_signers(tmp_path / "allowed_signers", people["alice"], people["coord"])
    trust = ["--allowed-signers", str(allowed)]
    args = [report, str(docs), *trust, *(["--format", "csv"] if report == "export" else [])]
    run = cli([*args, "--lang", lang])
    lines = run.stderr.splitlines(keepends=True)
    assert run.exit_code == 0
    assert lines[-1] == ROLLED[lang]
    told = [line for line in lines if "untrusted-key" in line]
    assert len(told) == 11, run.stderr
    if lang == "en":
        paths = [str(docs / f"bob{n:02d}.toml") for n in range(10)]
        assert told[:10] == [LEFT_OUT["en"].format(path=p) for p in paths]
    problems = json.loads(cli([*args, "--json"]).stdout)["problems"]
    assert [p["code"] for p in problems] == ["untrusted-key"] * 12
