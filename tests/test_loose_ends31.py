"""Loose ends 31: a site code typed with full-width forms (`HLJ－0001`, an input method's
accident) is said where it is typed, at `inspect` and `sign`, with its half-width spelling;
the Chinese hints that hand `drafts resume` give `--lang zh`; the scripting guide's and
formats.md's links reach the sections they name."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

from minecheck.core.seal import split
from tests.helpers_docs import findings_body
from tests.helpers_merge import Who
from tests.test_cli_sign_rules import who
from tests.test_encodings5 import ANSWERS
from tests.test_minimal_input import sign_args
from tests.test_windows_files3 import CHECKLIST

__all__ = ["who"]  # the fixture

# what is said of a site id typed with full-width forms, and its hint
FULL_WIDTH = {
    "en": "minecheck: warning: {where}{option} {given} is written with full-width forms: "
    "reports count it as a site apart from {plain}\n"
    "  hint: if the site's code is {plain}, write it so in every inspection of the site\n",
    "zh": "minecheck: warning: {where}{option} {given} 含全角字符：报告将其与 {plain} "
    "计为不同的单位\n"
    "  hint: 如果该单位的编码是 {plain}，请在该单位的每次检查中都这样填写\n",
}
# (the code as typed, its half-width spelling)
WIDE = [
    ("HLJ\uff0d0001", "HLJ-0001"),  # a full-width hyphen
    ("\uff28\uff2c\uff2a-0001", "HLJ-0001"),  # full-width letters
    ("HLJ-\uff10\uff10\uff10\uff11", "HLJ-0001"),  # full-width digits
    ("HLJ\u30000001", "HLJ 0001"),  # an ideographic space inside
]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(("given", "plain"), WIDE)
def test_inspect_warns_of_a_site_id_with_full_width_forms(
    cli: Any, who: Who, given: str, plain: str, lang: str
) -> None:
    """The code is the authority's, as written: the file is signed with it, exit 0, and the
    warning names the half-width spelling the reports would take for another site."""
    Path("a.toml").write_bytes(ANSWERS.encode())
    args = ["inspect", CHECKLIST, "--site", "M", "--site-id", given, "--answers", "a.toml"]
    run = cli([*args, "-o", "out.toml", "--allow-incomplete", *sign_args(who), "--lang", lang])
    said = FULL_WIDTH[lang].format(
        where="", option="--site-id", given=f"'{given}'", plain=f"'{plain}'"
    )
    assert (run.exit_code, run.stdout, run.stderr) == (0, "out.toml\n", said)
    body, _ = split(Path("out.toml").read_bytes())
    assert tomllib.loads(body.decode())["inspection"]["site_id"] == given


def test_inspect_says_nothing_of_a_site_id_in_half_width_forms(cli: Any, who: Who) -> None:
    Path("a.toml").write_bytes(ANSWERS.encode())
    args = ["inspect", CHECKLIST, "--site", "M", "--site-id", "HLJ-0001", "--answers", "a.toml"]
    run = cli([*args, "-o", "out.toml", "--allow-incomplete", *sign_args(who), "--json"])
    assert run.exit_code == 0, run.stderr
    assert "site-id-full-width" not in run.stdout


def test_inspect_json_gives_the_warning_as_a_problem(cli: Any, who: Who) -> None:
    Path("a.toml").write_bytes(ANSWERS.encode())
    args = ["inspect", CHECKLIST, "--site", "M", "--site-id", "HLJ\uff0d0001", "--answers", "-"]
    run = cli(
        [*args, "-o", "out.toml", "--allow-incomplete", *sign_args(who), "--json"], input=ANSWERS
    )
    assert (run.exit_code, run.stderr) == (0, "")
    import json

    problems = [p for p in json.loads(run.stdout)["problems"] if p["code"] == "site-id-full-width"]
    assert [p["hint"] for p in problems] == [
        "if the site's code is 'HLJ-0001', write it so in every inspection of the site"
    ]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(("given", "plain"), WIDE)
def test_sign_warns_of_a_site_id_with_full_width_forms(
    cli: Any, who: Who, given: str, plain: str, lang: str
) -> None:
    body = findings_body(who.principal, who.fingerprint).decode()
    text = body.replace('site_id = "HLJ-0001"', f'site_id = "{given}"').encode()
    assert text != body.encode()
    Path("f.toml").write_bytes(text)
    run = cli(["sign", "f.toml", *sign_args(who), "-o", "out.toml", "--lang", lang])
    where = "f.toml:15: "
    said = FULL_WIDTH[lang].format(
        where=where, option="site_id", given=f"'{given}'", plain=f"'{plain}'"
    )
    assert (run.exit_code, run.stdout, run.stderr) == (0, "out.toml\n", said)
    assert Path("out.toml").read_bytes().startswith(text)


DOCS = Path(__file__).resolve().parents[1] / "docs"
LINK = re.compile(r"\]\(([A-Za-z0-9_.-]*\.md|)#([^)\s]+)\)")
HEADING = re.compile(r"^#{1,6} (.+)$", re.MULTILINE)


def _anchor(heading: str) -> str:
    """A heading's anchor as GitHub makes it: lower case, marks other than `-` and `_` left
    out (code spans' backquotes, brackets, a full stop), each space a hyphen."""
    kept = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return kept.replace(" ", "-")


def _anchors(page: Path) -> set[str]:
    text = re.sub(r"^```.*?^```", "", page.read_text(encoding="utf-8"), flags=re.S | re.M)
    return {_anchor(h) for h in HEADING.findall(text)}


@pytest.mark.parametrize("page", sorted(DOCS.glob("*.md")), ids=lambda p: p.name)
def test_every_link_to_a_section_reaches_a_heading(page: Path) -> None:
    """A link with an anchor (`formats.md#verifys-envelope-verify---json`) lands on the
    section it names, not at the top of a long page."""
    if page.name == "decisions.md":
        return  # (a record: its names are of their day)
    missing = [
        f"{name or page.name}#{anchor}"
        for name, anchor in LINK.findall(page.read_text(encoding="utf-8"))
        if anchor not in _anchors(DOCS / (name or page.name))
    ]
    assert missing == []


@pytest.mark.parametrize(
    ("page", "link"),
    [
        ("formats.md", "[the scripting guide's section 8](guide-scripting.md#8-problem-codes)"),
        ("guide-scripting.md", "[formats.md](formats.md#verifys-envelope-verify---json)"),
        ("guide-scripting.zh.md", "[formats.md](formats.md#verifys-envelope-verify---json)"),
    ],
)
def test_the_envelope_and_the_codes_link_each_other_s_section(page: str, link: str) -> None:
    assert link in (DOCS / page).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("page", "row", "words"),
    [
        (
            "guide-scripting.md",
            "| `site-codes-alike` |",
            "and separate inspections and repeat majors are not seen across them",
        ),
        (
            "guide-scripting.zh.md",
            "| `site-codes-alike` |",
            "报告看不到它们之间的分次检查和重复重大隐患",
        ),
    ],
)
def test_the_site_codes_alike_row_says_what_goes_unseen(page: str, row: str, words: str) -> None:
    """The row left out what the warning adds: separate inspections and repeat majors are not
    counted across the two codes."""
    text = (DOCS / page).read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.startswith(row))
    assert words in line


def test_every_chinese_hint_that_hands_drafts_resume_gives_lang_zh() -> None:
    """The Chinese walk's stop handed `minecheck drafts resume ID`: pasted where the locale is
    English it said `warning: the draft keeps its own settings: language zh` in English before
    the walk went on in Chinese. A Chinese draft's resume command gives `--lang zh`."""
    from minecheck.i18n import ZH

    handing = {en: zh for en, zh in ZH.items() if re.search(r"drafts resume \{(id|word)\}", en)}
    assert len(handing) >= 4
    for en, zh in handing.items():
        assert re.search(r"minecheck drafts resume --lang zh \{(id|word)\}", zh), en
        assert "--lang" not in en


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_walk_s_stop_hands_the_draft_s_language(lang: str) -> None:
    from minecheck.cli._walk import _draft_kept
    from minecheck.i18n import language, set_language

    was = language()
    set_language(lang)
    try:
        hint = _draft_kept("d1").hint
    finally:
        set_language(was)
    assert hint is not None
    assert hint.endswith("minecheck drafts resume" + (" --lang zh" if lang == "zh" else "") + " d1")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_put_back_hint_resumes_in_the_draft_s_language(lang: str) -> None:
    from minecheck.cli.drafts import _put_back

    hint = _put_back("mini-check", "d1", lang)
    assert hint.endswith("minecheck drafts resume" + (" --lang zh" if lang == "zh" else "") + " d1")
