"""Loose ends, round 28: a province's many `separate-inspections` warnings rolled up at a
terminal past the first ten; an empty group name in `--by`'s list refused as `--by ''` is; a
`mkdir -p` hint for every `-o` into a folder that is not there."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from tests import test_cli_sign_rules
from tests import test_coordinator2 as coordinator2
from tests.helpers_merge import Who, allowed_signers, findings, person

people, merge = coordinator2.people, coordinator2.merge  # (its fixtures)
who = test_cli_sign_rules.who  # (its fixture: a key, the test run in a folder of its own)

DAYS = 13  # ten told, three counted
FIRST = dt.datetime(2026, 11, 1, 8, 15, tzinfo=dt.UTC)
BAD = ["noncompliant", "compliant", "compliant"]


def _id(day: int, n: int) -> str:
    return f"00000000-0000-4000-8000-{day:06d}{n:06d}"


def _day_files(alice: Who, bob: Who) -> dict[str, bytes]:
    """Two inspections of the demo mine on each of DAYS days, each under its own id, both
    recording gas-check-genuine as a hidden danger."""
    return {
        f"d{day:02d}{who.principal[0]}.toml": findings(
            who, BAD, inspection_id=_id(day, n), when=FIRST + dt.timedelta(days=day)
        )
        for day in range(DAYS)
        for n, who in enumerate((alice, bob))
    }


@pytest.fixture(scope="module")
def days(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    d = tmp_path_factory.mktemp("days")
    alice, bob = person(d, "alice"), person(d, "bob")
    docs = d / "docs"
    docs.mkdir()
    for name, data in _day_files(alice, bob).items():
        (docs / name).write_bytes(data)
    (docs / "notes.toml").write_text("a = 1\n")  # (another warning, never rolled up)
    allowed = allowed_signers(d / "allowed_signers", alice, bob)
    return docs, ["--allowed-signers", str(allowed), "--as-of", "2026-12-31"]


SAID = {
    "en": (
        "Demo mine (HLJ-0001): 2 inspections on {day} ({a} by alice@coal.example; "
        "{b} by bob@coal.example) record gas-check-genuine as a hidden danger, each counted "
        "apart in reports (its majors flagged repeat-major); if they were one joint inspection, "
        "its inspectors give it one id (inspect --inspection-id)"
    ),
    "zh": (
        "Demo mine（HLJ-0001）：{day} 的 2 次检查（{a}：alice@coal.example；"
        "{b}：bob@coal.example）都将 gas-check-genuine 记为隐患，报告中按各次检查分别计数"
        "（其中重大隐患标为重复重大隐患）；如果这是一次联合检查，各检查人员应使用同一个检查编号"
        "（inspect --inspection-id）"
    ),
}
ROLLED = {
    "en": (
        "minecheck: warning: separate inspections of a mine on 3 more days (6 inspections) "
        "are not shown here; --json lists every one"
    ),
    "zh": "minecheck: warning: 另有 3 个矿井日的分次检查（共 6 次检查）未在此显示；--json 列出全部",
}
AT = {"en": "{path}: ", "zh": "{path}："}


def _told(lang: str, docs: Path | None, shown: int) -> list[str]:
    """The first `shown` days' warnings as a terminal is told them (`docs`: at a report's path)."""
    return [
        "minecheck: warning: "
        + (AT[lang].format(path=docs / f"d{day:02d}a.toml") if docs else "")
        + SAID[lang].format(
            day=(FIRST + dt.timedelta(days=day)).date().isoformat(),
            a=_id(day, 0),
            b=_id(day, 1),
        )
        for day in range(shown)
    ]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("command", [["summary"], ["export", "--format", "csv"]])
def test_a_report_tells_ten_separate_inspections_days_and_counts_the_rest(
    days: tuple[Path, list[str]], cli: Any, command: list[str], lang: str
) -> None:
    """13 days of separate inspections: the first ten told, one line counting the other three
    days and their six inspections; the malformed file's warning told as ever; exit 0; --json
    keeps all 13."""
    docs, trust = days
    run = cli([command[0], str(docs), *command[1:], *trust, "--lang", lang])
    assert run.exit_code == 0, run.stderr
    lines = run.stderr.splitlines()
    separate = [line for line in lines if "gas-check-genuine" in line or "--json" in line]
    assert separate == [*_told(lang, docs, 10), ROLLED[lang]]
    assert lines.index(ROLLED[lang]) == lines.index(separate[-2]) + 1  # (right after them)
    assert any(str(docs / "notes.toml") in line for line in lines)  # (another code: told)
    whole = cli([command[0], str(docs), *command[1:], *trust, "--lang", lang, "--json"])
    assert whole.exit_code == 0
    problems = json.loads(whole.stdout)["problems"]
    said = [p for p in problems if p["code"] == "separate-inspections"]
    assert [p["path"] for p in said] == [str(docs / f"d{day:02d}a.toml") for day in range(DAYS)]
    assert said[12]["message"] == AT[lang].format(path=docs / "d12a.toml") + SAID[lang].format(
        day="2026-11-13", a=_id(12, 0), b=_id(12, 1)
    )
    assert not any("--json lists" in p["message"] for p in problems)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_merge_tells_ten_separate_inspections_days_and_counts_the_rest(
    people: dict[str, Who], merge: Any, lang: str
) -> None:
    run = merge(_day_files(people["alice"], people["bob"]), "--lang", lang)
    assert run.exit_code == 0, run.stderr
    assert run.stderr.splitlines() == [*_told(lang, None, 10), ROLLED[lang]]
    whole = merge(_day_files(people["alice"], people["bob"]), "--lang", lang, "--json")
    assert whole.exit_code == 0
    said = [p for p in json.loads(whole.stdout)["problems"] if p["code"] == "separate-inspections"]
    assert len(said) == DAYS


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_eleven_days_count_the_one_not_told(
    days: tuple[Path, list[str]], cli: Any, tmp_path: Path, lang: str
) -> None:
    docs, trust = days
    some = tmp_path / "some"
    some.mkdir()
    for f in sorted(docs.glob("d*.toml"))[:22]:
        (some / f.name).write_bytes(f.read_bytes())
    run = cli(["summary", str(some), *trust, "--lang", lang])
    assert run.exit_code == 0, run.stderr
    one = {
        "en": "minecheck: warning: separate inspections of a mine on 1 more day (2 inspections) "
        "are not shown here; --json lists every one",
        "zh": "minecheck: warning: 另有 1 个矿井日的分次检查（共 2 次检查）未在此显示；"
        "--json 列出全部",
    }
    assert run.stderr.splitlines() == [*_told(lang, some, 10), one[lang]]


# -- 2. an empty group name in --by's list -------------------------------------------------------

NO_GROUP = {
    "en": (
        "minecheck: error: cannot group by ''\n"
        "  hint: use --by with one of site, checklist, item, severity, inspector, month, state, "
        "clause, aspect\n"
    ),
    "zh": (
        "minecheck: error: 不能按 '' 分组\n"
        "  hint: --by 可选：site、checklist、item、severity、inspector、month、state、"
        "clause、aspect\n"
    ),
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("by", ["", "site,", ",site", "site,,checklist", "site, ", "site,month,"])
def test_an_empty_group_name_in_by_is_refused_as_an_empty_by_is(
    days: tuple[Path, list[str]], cli: Any, by: str, lang: str
) -> None:
    """`--by ''` was refused, `--by site,` (`--by "site,$EXTRA"`, EXTRA unset) taken as
    `--by site`, and `--by 'site, '` refused: every empty name is refused alike, exit 2."""
    docs, trust = days
    run = cli(["summary", str(docs), *trust, "--by", by, "--lang", lang])
    assert (run.exit_code, run.stdout, run.stderr) == (2, "", NO_GROUP[lang])


# -- 3. -o into a folder that is not there -------------------------------------------------------

NO_FOLDER = {
    "en": (
        "minecheck: error: directory missing does not exist\n"
        "  hint: create it first:\n    mkdir -p missing\n"
    ),
    "zh": "minecheck: error: 目录 missing 不存在\n  hint: 请先创建：\n    mkdir -p missing\n",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_o_into_a_folder_not_there_says_how_to_make_it(cli: Any, who: Who, lang: str) -> None:
    """`extract -o` into a folder not there said `mkdir -p`; summary, export, merge and sign
    said only that it was not there. Every write refused so says it, exit 2, nothing made."""
    from tests.helpers_docs import findings_body
    from tests.test_minimal_input import sign_args

    Path("f.toml").write_bytes(findings_body(who.principal, who.fingerprint))
    signed = cli(["sign", "f.toml", *sign_args(who), "-o", "signed.toml"])
    assert signed.exit_code == 0, signed.stderr
    allowed_signers(Path("allowed_signers"), who)
    trust = ["--allowed-signers", "allowed_signers"]
    runs = [
        ["sign", "f.toml", *sign_args(who), "-o", "missing/s.toml"],
        ["summary", "signed.toml", *trust, "--format", "md", "-o", "missing/s.md"],
        ["export", "signed.toml", *trust, "--format", "csv", "-o", "missing/e.csv"],
        ["merge", "signed.toml", *trust, *sign_args(who), "-o", "missing/m.toml"],
    ]
    for args in runs:
        run = cli([*args, "--lang", lang])
        assert (run.exit_code, run.stdout, run.stderr) == (2, "", NO_FOLDER[lang]), args
        assert not Path("missing").exists()
    run = cli([*runs[1], "--lang", lang, "--json"])
    (error,) = json.loads(run.stdout)["problems"]
    assert (
        error["hint"] == {"en": "create it first: ", "zh": "请先创建："}[lang] + "mkdir -p missing"
    )
