"""Loose ends, round 35: a follow-up's many warnings of one kind (`followup --events`, `sign`)
told ten of a kind at a terminal and counted on one line, as a batch's are (loose ends 34's
`Reporter.warn_rolled`); `--json` keeps every one, the file is written and the exit code is 0."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tests.helpers_merge import INSPECTION, allowed_signers, findings, person

REF = f"{INSPECTION}/gas-overlimit"
GENUINE = f"{INSPECTION}/gas-check-genuine"  # compliant in the findings: no hidden danger

NOT_LATER = {
    "en": (
        "{ref}: the new deadline 2099-02-01 is not after the deadline 2099-02-01 that this "
        "document extends it to: no report will apply the extension",
        "an extension moves the deadline later: give a day after 2099-02-01 (new_deadline)",
    ),
    "zh": (
        "{ref}：新的整改期限 2099-02-01 不晚于 本文件 延期至的期限 2099-02-01："
        "任何报告都不会采纳该延期",
        "延期只能把期限推后：请给出 2099-02-01 之后的日期（new_deadline）",
    ),
}
NO_DANGER = {
    "en": (
        "{ref} is compliant in the findings here, not a hidden danger: a report applies the "
        "event only if another inspector found it non-compliant"
    ),
    "zh": (
        "{ref} 在此处的检查结果中为符合，不是隐患："
        "只有其他检查人员判定其不符合时，报告才会采纳该事件"
    ),
}
ROLLED = {
    "en": (
        "1 more {code} warning is not shown here; --json lists every one",
        "{count} more {code} warnings are not shown here; --json lists every one",
    ),
    "zh": (
        "另有 1 条 {code} 警告未在此显示；--json 列出全部",
        "另有 {count} 条 {code} 警告未在此显示；--json 列出全部",
    ),
}


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """alice's findings (gas-overlimit a hidden danger with a deadline far ahead, so no
    extension is recorded late whatever today is), her key trusted, in ./work."""
    alice = person(tmp_path, "alice")
    work = tmp_path / "work"
    work.mkdir()
    findings_file = findings(
        alice, ["compliant", "noncompliant", "compliant"], deadline=dt.date(2099, 1, 1)
    )
    (work / "alice.toml").write_bytes(findings_file)
    monkeypatch.chdir(work)
    allowed_signers(tmp_path / "allowed_signers", alice)
    sign = ["--key", str(alice.key), "--signer", alice.principal]
    return {"sign": sign, "alice": alice}


def _events(not_later: int, no_danger: int) -> tuple[str, list[tuple[str, int]]]:
    """An events file: one extension to 2099-02-01 applied, then `not_later` more to the same
    day (each `not-applied`) and `no_danger` rectifications of a compliant item
    (`not-a-hidden-danger`), the two kinds alternating; with each warned event's (code, line)."""
    kinds = ["applied"]
    for i in range(max(not_later, no_danger)):
        kinds += (["not-applied"] if i < not_later else []) + (
            ["not-a-hidden-danger"] if i < no_danger else []
        )
    text, line, warned = "", 1, []
    start = dt.datetime(2026, 11, 29, 9, 0, tzinfo=dt.UTC)
    for i, kind in enumerate(kinds):
        at = (start + dt.timedelta(minutes=i)).strftime("%Y-%m-%dT%H:%M:%SZ")
        if kind == "not-a-hidden-danger":
            block = f'[[event]]\nfinding = "{GENUINE}"\naction = "rectified"\nat = {at}\n\n'
        else:
            block = (
                f'[[event]]\nfinding = "{REF}"\naction = "extended"\nat = {at}\n'
                'new_deadline = 2099-02-01\nnote = "more time"\n\n'
            )
        if kind != "applied":
            warned.append((kind, line))
        text += block
        line += block.count("\n")
    return text, warned


def _expected(lang: str, name: str, warned: list[tuple[str, int]]) -> str:
    """What stderr says: each kind's first ten warnings (no-danger ones first, as they are
    said), then a line a kind counting the rest."""
    said, counts = "", Counter[str]()
    for code in ("not-a-hidden-danger", "not-applied"):
        for kind, line in warned:
            if kind != code:
                continue
            counts[code] += 1
            if counts[code] > 10:
                continue
            if code == "not-applied":
                message, hint = NOT_LATER[lang]
                said += f"minecheck: warning: {name}:{line}: {message.format(ref=REF)}\n"
                said += f"  hint: {hint}\n"
            else:
                said += (
                    f"minecheck: warning: {name}:{line}: {NO_DANGER[lang].format(ref=GENUINE)}\n"
                )
    for code in ("not-a-hidden-danger", "not-applied"):
        rest = counts[code] - 10
        if rest > 0:
            one, many = ROLLED[lang]
            said += (
                "minecheck: warning: "
                + (one.format(code=code) if rest == 1 else many.format(count=rest, code=code))
                + "\n"
            )
    return said


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(
    ("not_later", "no_danger"),
    [(9, 0), (10, 0), (11, 0), (2000, 0), (9, 9), (10, 10), (11, 11), (2000, 2000)],
)
def test_followup_tells_ten_of_a_kind_and_counts_the_rest(
    cli: Any, work: dict[str, Any], lang: str, not_later: int, no_danger: int
) -> None:
    """`followup --events` of an enterprise system's file that extends one hidden danger to
    the same day again and again (and rectifies a compliant item as often) said each event's
    warning: 2,000 events gave thousands of lines. Now each kind's first ten are told, placed
    at their line as before, and one line counts the rest; the file is written, exit 0."""
    text, warned = _events(not_later, no_danger)
    Path("ev.toml").write_text(text)
    run = cli(["followup", "--events", "ev.toml", "-o", "out.toml", "--lang", lang, *work["sign"]])
    assert (run.exit_code, run.stdout) == (0, "out.toml\n")
    assert run.stderr == _expected(lang, "ev.toml", warned)
    assert Path("out.toml").is_file()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_followup_json_keeps_every_warning(cli: Any, work: dict[str, Any], lang: str) -> None:
    """`--json` lists each event's warning, at its line, rolled up or not."""
    text, warned = _events(2000, 11)
    Path("ev.toml").write_text(text)
    args = ["followup", "--events", "ev.toml", "-o", "out.toml", "--lang", lang, "--json"]
    run = cli([*args, *work["sign"]])
    assert (run.exit_code, run.stderr) == (0, "")
    problems = json.loads(run.stdout)["problems"]
    assert Counter(p["code"] for p in problems) == {"not-applied": 2000, "not-a-hidden-danger": 11}
    assert sorted((p["code"], p["line"]) for p in problems) == sorted(warned)
    assert {p["path"] for p in problems} == {"ev.toml"}
    hinted = [p for p in problems if p["code"] == "not-applied"]
    assert {p["hint"] for p in hinted} == {NOT_LATER[lang][1]}
    assert Path("out.toml").is_file()


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(("not_later", "no_danger"), [(10, 10), (11, 2000)])
def test_sign_of_such_a_follow_up_rolls_up_alike(
    cli: Any, work: dict[str, Any], lang: str, not_later: int, no_danger: int
) -> None:
    """`sign` of a follow-up written by hand with those events says them as `followup` does."""
    text, warned = _events(not_later, no_danger)
    head = '[minecheck]\nformat = "minecheck.followup/1"\n\n'
    Path("fu.toml").write_text(head + text)
    shifted = [(code, line + head.count("\n")) for code, line in warned]
    run = cli(["sign", "fu.toml", "--lang", lang, *work["sign"]])
    assert run.exit_code == 0
    filled, *said = run.stderr.splitlines(keepends=True)  # (the header it adds, said first)
    assert filled.startswith(("fu.toml: ", "fu.toml："))
    assert "".join(said) == _expected(lang, "fu.toml", shifted)
    assert "fu.toml" in run.stdout
    Path("fu.toml").unlink()  # (its signed extension would make the first one here not applied)
    Path("again.toml").write_text(head + text)
    run = cli(["sign", "again.toml", "--json", *work["sign"]])
    assert (run.exit_code, run.stderr) == (0, "")
    problems = json.loads(run.stdout)["problems"]
    counted = Counter(
        p["code"] for p in problems if p["code"] in {"not-applied", "not-a-hidden-danger"}
    )
    assert counted == {"not-applied": not_later, "not-a-hidden-danger": no_danger}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_escalations_without_a_note_roll_up_too(cli: Any, work: dict[str, Any], lang: str) -> None:
    """followup's own per-event warning (`escalation-unnamed`) is told ten of a kind as well."""
    start = dt.datetime(2026, 11, 29, 9, 0, tzinfo=dt.UTC)
    Path("ev.toml").write_text(
        "".join(
            f'[[event]]\nfinding = "{REF}"\naction = "escalated"\n'
            f"at = {(start + dt.timedelta(minutes=i)).strftime('%Y-%m-%dT%H:%M:%SZ')}\n\n"
            for i in range(11)
        )
    )
    args = ["followup", "--events", "ev.toml", "--lang", lang, *work["sign"]]
    run = cli([*args, "-o", "out.toml"])
    assert (run.exit_code, run.stdout) == (0, "out.toml\n")
    told = [line for line in run.stderr.splitlines() if line.startswith("minecheck: warning: ev")]
    assert [line.split(":")[3] for line in told if "escalat" in line or "升级" in line] == [
        str(1 + 5 * i) for i in range(10)
    ]
    one = ROLLED[lang][0].format(code="escalation-unnamed")
    assert run.stderr.endswith(f"minecheck: warning: {one}\n")
    run = cli([*args, "-o", "again.toml", "--json"])
    problems = json.loads(run.stdout)["problems"]
    assert [p["line"] for p in problems if p["code"] == "escalation-unnamed"] == [
        1 + 5 * i for i in range(11)
    ]
