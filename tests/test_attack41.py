"""Attack round 41: the session's merges read as an attacker and an unlucky user would: the
clause line `show` gives a hidden danger (`basis` as a signed file holds it), the site codes
`site-codes-alike` folds together (NFKC's full-width forms, and only those)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.helpers_merge import Who
from tests.test_domain_review5 import shown_major
from tests.test_expert_panel import by, panel
from tests.test_loose_ends27 import _alike, people

__all__ = ["panel", "people"]  # the fixtures

T1, T2 = "2026-12-01T08:00:00Z", "2026-12-02T08:00:00Z"


def _clause_lines(cli: Any, tmp_path: Path, basis: tuple[str, ...], lang: str) -> list[str]:
    """The lines `show` gives a major citing `basis` between its description and its location."""
    shown = shown_major(cli, tmp_path, basis, lang)
    first = next(i for i, line in enumerate(shown) if line.endswith("1.5 %"))
    place = "Location: Face 3101" if lang == "en" else "位置：Face 3101"
    return shown[first + 1 : shown.index(place)]


CLAUSE = {"en": "Clause: ", "zh": "依据条款："}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(
    ("basis", "said"),
    [
        (("",), None),
        (("", "  ", "\u3000"), None),
        (("CMHD-5.2", ""), "CMHD-5.2"),
        (("", "CMHD-5.2", " ", "CMHD-18.6"), "CMHD-5.2{sep}CMHD-18.6"),
    ],
)
def test_show_names_no_blank_clause_code(
    cli: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    basis: tuple[str, ...],
    said: str | None,
) -> None:
    """A `basis` holding an empty or blank code (a signed file's `basis = [""]`) gave a label
    with nothing after it (`Clause:`), or a list mark with nothing after it (`Clause: CMHD-5.2,
    `), where every other field of the cell says nothing for a blank value."""
    monkeypatch.setenv("COLUMNS", "300")
    lines = _clause_lines(cli, tmp_path, basis, lang)
    sep = {"en": ", ", "zh": "、"}[lang]
    assert lines == ([] if said is None else [CLAUSE[lang] + said.format(sep=sep)])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_show_keeps_a_clause_code_on_its_line(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """A clause code is one word: one holding a line break (`"CMHD-5.2\\nLocation: Face 1"`) drew
    a line of its own under the clause, read as the place the mine must act. Its break is
    shown as its escape, as in every other one-line value."""
    monkeypatch.setenv("COLUMNS", "300")
    lines = _clause_lines(cli, tmp_path, ("CMHD-5.2\nLocation: Face 1", "CMHD-18.6\r"), lang)
    sep = {"en": ", ", "zh": "、"}[lang]
    assert lines == [CLAUSE[lang] + "CMHD-5.2\\u000aLocation: Face 1" + sep + "CMHD-18.6\\u000d"]


ALIKE = (
    "minecheck: warning: site codes 'HLJ-0001', {code} differ only in letter case, in "
    "full-width forms or in blanks at their ends: reports count them as 2 sites, and do not see "
    "separate inspections or repeat majors across them\n"
    "  hint: write each site's code one way in every inspection of it\n"
)


@pytest.mark.parametrize(
    "code",
    [
        "HLJ-000\u2460",  # ① (a circled one: NFKC's 1)
        "HLJ-000\u00b9",  # ¹ (a superscript one)
        "HLJ-\u2167",  # Ⅷ (a Roman numeral: NFKC's VIII, beside HLJ-VIII)
        "\u337f-0001",  # ㍿ (NFKC's 株式会社, beside 株式会社-0001)
    ],
)
def test_codes_nfkc_folds_further_than_width_are_not_said_alike(
    tmp_path: Path, people: dict[str, Who], cli: Any, code: str
) -> None:
    """The warning says the codes differ only in letter case, full-width forms or blanks at
    their ends; NFKC folds more than width (①, ¹, Ⅷ, ㍿ to 1, 1, VIII, 株式会社), and said
    those codes differ only so. Only the full-width and half-width forms are folded. (A
    ligature, `ﬁ`, is still folded by case folding: its capital is `FI`.)"""
    from minecheck.core.sites import codes_alike

    plain = {"\u2167": "VIII", "\u337f": "株式会社"}
    other = "".join(plain.get(ch, ch) for ch in code).replace("\u2460", "1").replace("\u00b9", "1")
    assert codes_alike([other, code]) == []
    files, trust = _alike(tmp_path, people, code)
    run = cli(["summary", *files, *trust, "--lang", "en"])
    assert (run.exit_code, run.stderr) == (0, "")


@pytest.mark.parametrize(
    "code",
    ["HLJ\uff0d0001", "HLJ-0001\u3000", "\uff28\uff2c\uff2a-\uff10\uff10\uff10\uff11"],
)
def test_codes_alike_by_width_are_still_said(
    tmp_path: Path, people: dict[str, Who], cli: Any, code: str
) -> None:
    files, trust = _alike(tmp_path, people, code)
    run = cli(["summary", *files, *trust, "--lang", "en"])
    quoted = sorted(["HLJ-0001", code])[1]
    assert (run.exit_code, run.stderr) == (0, ALIKE.format(code=f"'{quoted}'"))


def test_codes_alike_fold_half_width_forms_too() -> None:
    from minecheck.core.sites import codes_alike

    # half-width katakana (ｱ) beside its usual form (ア)
    assert codes_alike(["\uff71-01", "\u30a2-01"]) == [("\u30a2-01", "\uff71-01")]


COMPLIANT_REF = "3a5f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c1e/gas-check-genuine"
NO_DANGER = {
    "en": "minecheck: warning: {ref} is compliant in the findings here, not a hidden danger: a "
    "report applies the event only if another inspector found it non-compliant\n",
    "zh": "minecheck: warning: {ref} 在此处的检查结果中为符合，不是隐患：只有其他检查人员"
    "判定其不符合时，报告才会采纳该事件\n",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(
    "action",
    [
        ("--action", "rectified"),
        ("--action", "accepted", "--method", "expert-review", "--reviewer", "Chen Jie"),
        ("--action", "closed"),
    ],
)
def test_an_event_on_a_compliant_finding_is_said_once(
    cli: Any, panel: dict[str, Any], lang: str, action: tuple[str, ...]
) -> None:
    """The fold of the follow-ups here took every finding named for a hidden danger: a second
    event on a compliant one (a rectification signed twice by mistake) was said as a second
    rectification, an acceptance or a closure as one with no rectification before it, beside
    the warning that no report applies an event to a finding no inspector found
    non-compliant. One warning per event: that one."""
    p = panel["people"]
    rectified = ("--action", "rectified", "--at", T1, "-o", "e1.toml")
    first = cli(["followup", COMPLIANT_REF, *rectified, *by(p["mine"])])
    assert (first.exit_code, first.stdout) == (0, "e1.toml\n")
    who = p["mine"] if action[1] == "rectified" else p["wang"]
    at = ("--at", T2, "-o", "e2.toml")
    run = cli(["followup", "--lang", lang, COMPLIANT_REF, *action, *at, *by(who)])
    assert (run.exit_code, run.stdout) == (0, "e2.toml\n")
    assert run.stderr == NO_DANGER[lang].format(ref=COMPLIANT_REF)
    assert Path("e2.toml").is_file()


SIGNED_NO_DANGER = {
    "en": "minecheck: warning: g.toml:4: {ref} is compliant in the findings here, not a hidden "
    "danger: a report applies the event only if another inspector found it non-compliant\n",
    "zh": "minecheck: warning: g.toml:4: {ref} 在此处的检查结果中为符合，不是隐患：只有其他"
    "检查人员判定其不符合时，报告才会采纳该事件\n",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_sign_of_a_follow_up_on_a_compliant_finding_says_it_as_followup_does(
    cli: Any, panel: dict[str, Any], lang: str
) -> None:
    """`sign` of a hand-written follow-up says what `followup` says of its events; of an event
    on a finding the findings here answer compliant it said nothing (its fold took it for a
    hidden danger, and no rule of one was broken)."""
    p = panel["people"]
    Path("g.toml").write_text(
        '[minecheck]\nformat = "minecheck.followup/1"\n\n[[event]]\n'
        f'finding = "{COMPLIANT_REF}"\naction = "rectified"\nat = {T1}\n',
        encoding="utf-8",
    )
    run = cli(
        [
            "sign",
            "g.toml",
            "--key",
            str(p["mine"].key),
            "--signer",
            p["mine"].principal,
            "--lang",
            lang,
        ]
    )
    assert run.exit_code == 0, run.stderr
    first, rest = run.stderr.split("\n", 1)
    assert first.startswith("g.toml")
    assert rest == SIGNED_NO_DANGER[lang].format(ref=COMPLIANT_REF)
