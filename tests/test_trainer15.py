"""A trainer's round, 15: the guides as changed this session (a first key that cannot be trusted,
the answers file's own output, separate inspections of one mine on one day, an events file's
warnings, `findings-unverified`, joiners shown whole), followed in English and Chinese."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests import test_coordinator2 as coordinator2
from tests.conftest import REPO
from tests.helpers_merge import Who

people, merge = coordinator2.people, coordinator2.merge  # (its fixtures)

DOCS = REPO / "docs"
SCRIPTING = {"en": "guide-scripting.md", "zh": "guide-scripting.zh.md"}
MONTHLY = {"en": "guide-monthly-report.md", "zh": "guide-monthly-report.zh.md"}
# a word that begins a sentence, after a semicolon (not a name: "JSONL; Parquet")
SENTENCE_AFTER_SEMICOLON = re.compile(
    r";\s+(?:A|An|The|It|Its|This|That|These|Those|Each|Every|In|On|Where|When|What|With)\b"
)
FENCE = re.compile(r"^```.*?^```$", re.S | re.M)


def row(lang: str, code: str) -> list[str]:
    """The cells of guide-scripting's table row for CODE (en or zh)."""
    text = (DOCS / SCRIPTING[lang]).read_text(encoding="utf-8")
    [line] = [each for each in text.splitlines() if each.startswith(f"| `{code}` |")]
    return [cell.strip() for cell in line.strip("|").split(" | ")]


def sentence(name: str, word: str) -> str:
    """The sentence of docs/NAME that holds WORD (one only), its lines joined."""
    text = (DOCS / name).read_text(encoding="utf-8")
    text = text.replace("\n", "" if name.endswith(".zh.md") else " ")
    [found] = [each for each in re.split(r"(?<=\.)\s+(?=[A-Z`])|(?<=。)", text) if word in each]
    return found


def test_no_sentence_of_the_docs_goes_on_after_a_semicolon_with_a_capital() -> None:
    """security.md's paragraph on untrusted text read "... is neutralised;\\nA zero-width
    joiner ...": a sentence added after a list's semicolon, begun again with a capital. Prose
    only (a shell line's `status=0; minecheck` is code)."""
    found = []
    for path in sorted(DOCS.glob("*.md")):
        if path.name == "decisions.md":
            continue
        prose = FENCE.sub("", path.read_text(encoding="utf-8"))
        for m in re.finditer(SENTENCE_AFTER_SEMICOLON, prose):
            found.append(f"{path.name}: {prose[m.start() - 30 : m.end()]!r}")
    assert found == []


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_guides_separate_inspections_advice_is_the_command_the_warning_gives(
    people: dict[str, Who], merge: Any, lang: str
) -> None:
    """The warning says what to do: "its inspectors give it one id (inspect
    --inspection-id)". The monthly guide and the scripting guide's row said "have the
    inspectors sign their files again with one `--inspection-id`": `sign` has no
    `--inspection-id` (typed, a usage error), and a findings file signed is not signed again.
    Both guides now name the command the warning gives, in both languages."""
    run = merge(coordinator2.apart(people), "--lang", lang)
    assert run.exit_code == 0
    [command] = re.findall(r"[(（](inspect --inspection-id)[)）]\n", run.stderr)
    advice = {
        "monthly": sentence(MONTHLY[lang], "`separate-inspections`"),
        "scripting": row(lang, "separate-inspections")[2],
    }
    for where, said in advice.items():
        assert f"`minecheck {command} " in said, where
        assert "sign" not in said.replace("signer", "").replace("签名人", ""), where
        assert "重新签名" not in said, where


def test_the_chinese_guides_name_repeat_major_as_the_warning_and_summary_do() -> None:
    """The zh warning says 重大隐患标为重复重大隐患 and the zh summary's row is 重复重大隐患;
    the zh monthly and scripting guides' sentences on separate inspections said only
    `repeat-major`, the flag's value: the term is given as the followup guide gives it,
    重复重大隐患（`repeat-major`）."""
    said = {
        "monthly": sentence(MONTHLY["zh"], "`repeat-major`"),
        "scripting": row("zh", "separate-inspections")[1],
    }
    for where, text in said.items():
        assert "标为 `repeat-major`" not in text, where
        assert "标为重复重大隐患" in text, where
