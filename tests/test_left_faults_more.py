"""Small faults the day left: the review's refusal quotes the choice as it was typed; an item id
two checklists share is named with the language's brackets in the Chinese report."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

import pytest
from rich.console import Console

from minecheck.cli._prompter import RichPrompter
from minecheck.core.checklist import load_checklist
from minecheck.i18n import set_language
from minecheck.session.walk import Review
from tests.helpers_merge import INSPECTION, Who, allowed_signers, findings
from tests.test_cli_signing import Cli
from tests.test_contract4 import here as here  # (a fixture: alice's key, trusted)
from tests.test_corrections import AS_OF, LATER
from tests.test_corrections import people as people  # (a fixture: alice and bob)
from tests.test_inspect_scripted import CHECKLIST, GAS, METHANE
from tests.test_session_unit import FakePrompter, Y, reading, walker
from tests.test_small_faults import MINI, OTHER_INSPECTION, _inspected, _other_checklist

NEAR = "ｇａｓ－ｃｈｅｃｋ－ｇｅｎｕｉｎ"  # gas-check-genuin, in full width
REFUSED = {
    "en": [
        f"no item '{NEAR}' to answer again; did you mean gas-check-genuine?",
        "no item 'ｆｏｏ' to answer again",
    ],
    "zh": [
        f"没有可重新作答的条目“{NEAR}”；您是指 gas-check-genuine 吗？",
        "没有可重新作答的条目“ｆｏｏ”",
    ],
}


@dataclass
class TypedAtTheReview(FakePrompter):
    """The walk's answers as FakePrompter gives them; the review's choice read by the
    terminal's prompter from what is typed."""

    lang: str = "en"

    def review(self, review: Review) -> str:
        console = Console(file=io.StringIO(), width=200, no_color=True)
        return RichPrompter(console, self.lang, dt.date(2026, 11, 29)).review(review)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_review_refuses_a_choice_quoting_what_was_typed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """A choice typed in full width was quoted after it was made ASCII for the look-up: `ｆｏｏ`
    was refused as `'foo'`, which the inspector never typed. The look-up still reads it as
    ASCII (the near id is offered); the refusal says what was typed."""
    set_language(lang)
    try:
        typed = f"{NEAR}\n ｆｏｏ　\n\n"
        monkeypatch.setattr("sys.stdin", io.StringIO(typed))
        prompter = TypedAtTheReview([Y, reading(0.5)], lang=lang)
        assert walker(load_checklist(CHECKLIST), tmp_path, prompter).walk.run() == "done"
        assert prompter.problems == REFUSED[lang]
    finally:
        set_language("en")


def test_a_number_or_an_id_typed_in_full_width_at_the_review_is_answered_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The review's `２` and `ｇａｓ－ｃｈｅｃｋ－ｇｅｎｕｉｎｅ` choose the item, as `2` and the
    id do."""
    monkeypatch.setattr("sys.stdin", io.StringIO("２\nｇａｓ－ｃｈｅｃｋ－ｇｅｎｕｉｎｅ\n\n"))
    prompter = TypedAtTheReview([Y, reading(0.5), reading(0.6), Y])
    assert walker(load_checklist(CHECKLIST), tmp_path, prompter).walk.run() == "done"
    assert [item for item, again, _ in prompter.asked if again] == [METHANE, GAS]
    assert prompter.problems == []


@pytest.mark.parametrize(("typed", "chosen"), [("ｑ\n", "quit"), ("\n", "sign"), ("２\n", "２")])
def test_the_review_still_reads_its_commands_in_full_width(
    monkeypatch: pytest.MonkeyPatch, typed: str, chosen: str
) -> None:
    """`ｑ` quits, Enter signs; a number in full width is handed on as typed, for the walk."""
    monkeypatch.setattr("sys.stdin", io.StringIO(typed))
    console = Console(file=io.StringIO(), width=200, no_color=True)
    review = Review((), ())
    assert RichPrompter(console, "en", dt.date(2026, 11, 29)).review(review) == chosen


# --- summary --by item: an id two checklists share, named in the language's brackets -------------

NAMED = {
    "en": ("gas-check-genuine (mini-check)", "gas-check-genuine (mini-county)"),
    "zh": ("gas-check-genuine（mini-check）", "gas-check-genuine（mini-county）"),
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_item_two_checklists_share_is_named_in_the_language_s_brackets(
    cli: Cli, here: Path, lang: str
) -> None:
    """`summary --by item --lang zh` showed `gas-check-genuine (mini-check)`: ASCII brackets in
    a Chinese table, where the product's Chinese writes a code after a name in full-width ones
    (`井工煤矿（coal-underground）`). The table, md and html show the language's; csv and json
    keep their columns (the bare id, then the checklist)."""
    _inspected(cli, MINI, "a1.toml", "Mine A", "--site-id", "HLJ-0001")
    county = _other_checklist("mini-county")
    _inspected(
        cli, county, "c1.toml", "Mine C", "--site-id", "HLJ-0003", inspection=OTHER_INSPECTION
    )
    args = ["summary", "a1.toml", "c1.toml", "--by", "item", "--lang", lang]
    other = {"en": "zh", "zh": "en"}[lang]
    for fmt in ("table", "md", "html"):
        run = cli([*args, "--format", fmt])
        assert run.exit_code == 0, run.stderr
        for name in NAMED[lang]:
            assert name in run.stdout, (fmt, run.stdout)
        for name in NAMED[other]:
            assert name not in run.stdout, fmt
    rows = cli([*args, "--format", "csv"]).stdout.splitlines()
    assert rows[1].startswith("gas-check-genuine,mini-check,1,1,")
    groups = cli([*args, "--format", "json"]).json()["groups"]
    assert (groups[1]["item"], groups[1]["checklist"]) == ("gas-check-genuine", "mini-county")


# --- one signer's two answers signed in the same second ------------------------------------------

SAME_SECOND = {
    "en": (
        "minecheck: warning: {a}: inspection {id}: alice@coal.example answered it twice, in {a} "
        "and in {b}, both created 2026-11-30T09:00:00Z (in the same second: which is the later "
        "cannot be told), differently on gas-overlimit ({ra} / {rb}); both answers count, as two "
        "inspectors' would: if one corrects the other, leave the one it corrects out of the "
        "report"
    ),
    "zh": (
        "minecheck: warning: {a}：检查 {id}：alice@coal.example 对其作答两次，分别在 {a} 和 {b} "
        "中，两份都创建于 2026-11-30T09:00:00Z（同一秒内，无法判断哪份较晚），结论不同的条目为 "
        "gas-overlimit（{ra} / {rb}）；两份结论都计入，如同两名检查人员的结论：如果其中一份更正了"
        "另一份，请不要把被更正的文件纳入报告"
    ),
}


def _one_second(alice: Who, tmp_path: Path) -> tuple[Path, Path, list[str]]:
    """Two of ALICE's answers created in the same second, differing on gas-overlimit
    (noncompliant in a, compliant in b), and the options that trust her."""
    a = tmp_path / "a.toml"
    b = tmp_path / "b.toml"
    a.write_bytes(findings(alice, ["compliant", "noncompliant", "compliant"], when=LATER))
    b.write_bytes(findings(alice, ["compliant", "compliant", "compliant"], n=1, when=LATER))
    allowed = allowed_signers(tmp_path / "allowed_signers", alice)
    (tmp_path / "revoked_keys").write_text("")
    trust = ["--allowed-signers", str(allowed), "--revoked-keys", str(tmp_path / "revoked_keys")]
    return a, b, trust


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_two_answers_signed_in_the_same_second_are_not_called_earlier_and_later(
    cli: Cli, people: dict[str, Who], tmp_path: Path, lang: str
) -> None:
    """One signer's two answers created in the same second were said as `(created T) and ...
    (created T, the later)`, `noncompliant → compliant`: which was "later" was decided by the
    documents' ids, at random, and the inspector told to leave the "earlier" out might leave
    out the correction. Now the line says they were signed in the same second and that which
    is the later cannot be told; the two results are given side by side, not as a change."""
    alice = people["alice"]
    a, b, trust = _one_second(alice, tmp_path)
    words = {"en": ("noncompliant", "compliant"), "zh": ("不符合", "符合")}[lang]
    for order in ((a, b), (b, a)):
        args = ["summary", *map(str, order), "--as-of", AS_OF, "--lang", lang, *trust]
        run = cli(args)
        assert run.exit_code == 0, run.stderr
        [line] = run.stderr.splitlines()
        # the files in the order of their document ids, each result under its file's name
        first, second = (a, b) if line.index(str(a)) < line.index(str(b)) else (b, a)
        ra, rb = words if first == a else words[::-1]
        said = SAME_SECOND[lang].format(a=first, b=second, id=INSPECTION, ra=ra, rb=rb)
        assert line == said


def test_two_answers_of_one_second_in_a_merged_file_are_not_called_earlier_and_later(
    cli: Cli, people: dict[str, Who], tmp_path: Path
) -> None:
    """Inside a merged file, the same-second answers are said as such too, with the way out a
    merged file has (extract it and merge its sources again without the one corrected)."""
    import tomllib

    alice = people["alice"]
    a, b, trust = _one_second(alice, tmp_path)
    out = tmp_path / "m.toml"
    sign = ["--key", str(alice.key), "--signer", alice.principal]
    run = cli(["merge", str(a), str(b), "-o", str(out), *trust, *sign])
    assert run.exit_code == 0, run.stderr
    run = cli(["show", str(out), *trust])
    assert run.exit_code == 0, run.stderr
    sources = [s["file"].encode() for s in tomllib.loads(out.read_text("utf-8"))["source"]]
    place = {data: f"{out}#{n}" for n, data in enumerate(sources, 1)}
    [line] = run.stderr.splitlines()
    first, second = sorted((place[a.read_bytes()], place[b.read_bytes()]), key=line.index)
    results = (
        "noncompliant / compliant" if first == place[a.read_bytes()] else "compliant / noncompliant"
    )
    assert line == (
        f"minecheck: warning: {first}: inspection {INSPECTION}: alice@coal.example answered it "
        f"twice, in {first} and in {second}, both created 2026-11-30T09:00:00Z (in the same "
        "second: which is the later cannot be told), differently on gas-overlimit "
        f"({results}); "
        "both answers count, as two inspectors' would: if one corrects the other, extract "
        f"{out} and merge its sources again without the one it corrects"
    )


@pytest.mark.parametrize(("count", "cut"), [(5, False), (6, True)])
def test_five_items_answered_otherwise_are_all_named_a_sixth_is_cut(count: int, cut: bool) -> None:
    """The answered-twice line names five items whole; from six on it names five, then `…` and
    how many in all (round 77: `<` for `<=` cut a line of exactly five)."""
    from minecheck.core.documents import Finding
    from minecheck.report.consolidate import _some

    items = [f"item-{n}" for n in range(count)]
    before: dict[str, Finding | str] = dict.fromkeys(items, "compliant")
    after: dict[str, Finding | str] = dict.fromkeys(items, "noncompliant")
    line = _some(items, before, after, "en")
    named = ", ".join(f"{i} (compliant → noncompliant)" for i in items[:5])
    assert line == (f"{named}, … ({count})" if cut else named)
