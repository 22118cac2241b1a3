"""Loose ends 42: every rule broken is said at a terminal. A follow-up whose events break several
rules was told ten warnings of the rule whose events came first and one line counting the rest
under one code, so the other rules and their hints were never seen and a user mended one rule
a run. Now the first warning of each reason of a rolled code is told (with its hint), and the
rest counted on a line a reason; `--json` keeps every warning, each with its hint."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from minecheck.core.documents import Event
from tests.helpers_merge import INSPECTION, Who, allowed_signers, findings, person
from tests.test_author_archive import _month_end
from tests.test_differential51 import month
from tests.test_export import followup
from tests.test_loose_ends35 import NOT_LATER, REF
from tests.test_loose_ends38 import REFUSED, merger

__all__ = ["merger", "month"]  # the fixtures


def _three_rules(alice: Who, closures: int) -> None:
    """A follow-up of `closures` closures of a rectification none accepted, then two events on
    a compliant item and one dated before the inspection began: three rules broken."""
    ref = f"{INSPECTION}/gas-check-genuine"
    day = dt.datetime(2026, 12, 1, 8, tzinfo=dt.UTC)
    events = [Event(ref, "rectified", day)]
    events += [Event(ref, "closed", day + dt.timedelta(hours=i + 1)) for i in range(closures)]
    compliant = f"{INSPECTION}/gas-overlimit"
    events += [Event(compliant, "rectified", day + dt.timedelta(days=i + 2)) for i in range(2)]
    events.append(Event(ref, "rectified", dt.datetime(2020, 1, 1, tzinfo=dt.UTC)))
    Path("d/f.toml").write_bytes(followup(alice, *events))


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("command", ["summary", "export"])
def test_events_breaking_three_rules_name_each_rule_and_its_hint(
    cli: Any, month: Who, command: str, lang: str
) -> None:
    _three_rules(month, 13)
    run = _month_end(cli, command, lang, "--as-of", "2026-12-31")
    assert run.exit_code == 0, run.stderr
    lines = run.stderr.splitlines()
    assert [line for line in lines if line.startswith("  hint: ")] == HINTS[lang]
    assert len(lines) == 16  # (ten told, the first of the other rule, 3 hints, 2 counted)
    assert lines[-2:] == REST[lang]
    told = [line for line in lines if line.startswith("minecheck: warning: d/f.toml")]
    assert len(told) == 11


@pytest.mark.parametrize("command", ["summary", "export"])
def test_events_breaking_three_rules_are_every_one_in_json_with_its_hint(
    cli: Any, month: Who, command: str
) -> None:
    _three_rules(month, 13)
    run = _month_end(cli, command, "en", "--as-of", "2026-12-31", "--json")
    assert run.exit_code == 0, run.stderr
    problems = json.loads(run.stdout)["problems"]
    hints = [p["hint"] for p in problems if p["code"] == "event-rejected"]
    said = [h.removeprefix("  hint: ") for h in HINTS["en"]]
    assert hints == [said[0]] + [said[1]] * 13 + [said[2]] * 2


HINTS = {
    "en": [
        "  hint: date the event when it happened, at or after the inspection began",
        "  hint: close it after its rectification is accepted (--action accepted), the "
        "acceptance kept beside the findings or where the closure is written",
        "  hint: follow-ups are kept only for hidden dangers: check the finding the event names",
    ],
    "zh": [
        "  hint: 按事件实际发生的时间注明日期，不早于检查开始的时间",
        "  hint: 请在整改验收（--action accepted）之后销号，验收记录放在检查结果文件旁边或销号文件"
        "所写入的文件夹中",
        "  hint: 只有隐患才有整改跟踪：请核对该事件所指的条目",
    ],
}
REST = {
    "en": [
        "minecheck: warning: 4 more event-rejected warnings (closed-not-accepted) are not shown "
        "here; --json lists every one",
        "minecheck: warning: 1 more event-rejected warning (not-a-hidden-danger) is not shown "
        "here; --json lists every one",
    ],
    "zh": [
        "minecheck: warning: 另有 4 条 event-rejected 警告（closed-not-accepted）未在此显示；"
        "--json 列出全部",
        "minecheck: warning: 另有 1 条 event-rejected 警告（not-a-hidden-danger）未在此显示；"
        "--json 列出全部",
    ],
}


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """As loose ends 35's: alice's findings (gas-overlimit a hidden danger, its deadline far
    ahead), her key trusted, in ./work; her signing options."""
    alice = person(tmp_path, "alice")
    made = findings(alice, ["compliant", "noncompliant", "compliant"], deadline=dt.date(2099, 1, 1))
    (tmp_path / "work").mkdir()
    (tmp_path / "work" / "alice.toml").write_bytes(made)
    monkeypatch.chdir(tmp_path / "work")
    allowed_signers(tmp_path / "allowed_signers", alice)
    return ["--key", str(alice.key), "--signer", alice.principal]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_followup_of_events_breaking_two_rules_names_each_with_its_hint(
    cli: Any, work: list[str], lang: str
) -> None:
    """`followup --events` of 12 extensions not later than the last and one event dated before
    the inspection began (listed last): ten of the first rule told, then the other rule's with
    its hint, then the first rule's rest counted under its name."""
    from tests.test_loose_ends35 import _events

    text, _ = _events(12, 0)
    text += f'[[event]]\nfinding = "{REF}"\naction = "rectified"\nat = 2020-01-01T00:00:00Z\n'
    Path("ev.toml").write_text(text)
    run = cli(["followup", "--events", "ev.toml", "-o", "out.toml", "--lang", lang, *work])
    assert (run.exit_code, run.stdout) == (0, "out.toml\n")
    lines = run.stderr.splitlines()
    message, hint = NOT_LATER[lang]
    said = [
        f"minecheck: warning: ev.toml:{8 + 7 * i}: {message.format(ref=REF)}" for i in range(10)
    ]
    assert lines[:20:2] == said
    assert lines[1:20:2] == [f"  hint: {hint}"] * 10
    assert lines[20:] == BEFORE[lang]


BEFORE = {
    "en": [
        f"minecheck: warning: ev.toml:92: {REF}: the event is dated 2020-01-01T00:00:00Z, before "
        "the inspection began (2026-11-29T08:15:00Z): no report will apply it",
        "  hint: date the event when it happened, at or after the inspection began (at)",
        "minecheck: warning: 2 more not-applied warnings (extended-not-later) are not shown "
        "here; --json lists every one",
    ],
    "zh": [
        f"minecheck: warning: ev.toml:92: {REF}：事件时间 2020-01-01T00:00:00Z 早于检查开始时间"
        "（2026-11-29T08:15:00Z）：任何报告都不会采纳该事件",
        "  hint: 按事件实际发生的时间注明日期，不早于检查开始的时间（at）",
        "minecheck: warning: 另有 2 条 not-applied 警告（extended-not-later）未在此显示；"
        "--json 列出全部",
    ],
}


def test_a_code_of_many_reasons_is_told_each_one_and_counted_within_a_bound() -> None:
    """30 reasons of one code, 1,000 warnings each: ten told, then the first of each of the
    first 18 reasons; each of those counted on its line, the reasons past 18 on one line."""
    from minecheck.cli._rolled import Tally
    from minecheck.i18n import set_language

    set_language("en")
    tally = Tally()
    told = [r for r in range(30) for _ in range(1000) if tally.told("event-rejected", f"r{r}")]
    assert told == [0] * 10 + list(range(1, 18))
    lines = list(tally.kind_lines())
    assert lines[0] == (
        "990 more event-rejected warnings (r0) are not shown here; --json lists every one"
    )
    assert lines[1:18] == [
        f"999 more event-rejected warnings (r{r}) are not shown here; --json lists every one"
        for r in range(1, 18)
    ]
    assert lines[18:] == [
        "12000 more event-rejected warnings of other reasons are not shown here; --json lists "
        "every one"
    ]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("command", ["summary", "export"])
def test_files_malformed_two_ways_name_each_way(
    cli: Any, month: Who, command: str, lang: str
) -> None:
    """Eleven empty files and, after them, one that is no TOML at all: the ten told were all
    empty and the other way was only counted; now it is told, and the empty ones' rest counted
    under their reason."""
    for i in range(11):
        Path(f"d/e{i:02d}.toml").write_bytes(b"")
    Path("d/z.toml").write_bytes(b"\\ not toml\n")
    run = _month_end(cli, command, lang)
    assert run.exit_code == 0, run.stderr
    lines = run.stderr.splitlines()
    empty, other, fault, rest = MALFORMED[lang]
    assert lines[:10] == [empty.format(i=i) for i in range(10)]
    assert lines[10:] == [other, fault, rest]


MALFORMED = {
    "en": (
        "minecheck: warning: d/e{i:02d}.toml: left out: malformed: the file is empty",
        "minecheck: warning: d/z.toml: left out: malformed: not a minecheck document",
        "d/z.toml:1:1: invalid TOML: Invalid statement",
        "minecheck: warning: 1 more malformed warning (the file is empty) is not shown here; "
        "--json lists every one",
    ),
    "zh": (
        "minecheck: warning: d/e{i:02d}.toml：未计入：malformed：文件为空",
        "minecheck: warning: d/z.toml：未计入：malformed：不是 minecheck 文件",
        "d/z.toml:1:1: TOML 格式错误：无效的语句",
        "minecheck: warning: 另有 1 条 malformed 警告（文件为空）未在此显示；--json 列出全部",
    ),
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_merge_refusing_files_malformed_two_ways_names_each_way(
    cli: Any, merger: list[str], lang: str
) -> None:
    """merge of eleven empty files and one that is no document: the one is told after the ten
    empty ones, and the empty ones' rest counted under their reason; nothing written, exit 2."""
    names = [f"e{i:02d}.toml" for i in range(11)]
    for name in names:
        Path(name).write_bytes(b"")
    Path("x.toml").write_text("garbage [\n")
    run = cli(["merge", *names, "x.toml", *merger, "--lang", lang])
    empty, other, rest = REFUSED_WAYS[lang]
    assert (run.exit_code, run.stdout) == (2, "")
    told = [f"{name}: {empty}" for name in names[:10]]
    assert run.stderr.splitlines() == [*told, f"x.toml: {other}", rest, REFUSED[lang]]


REFUSED_WAYS = {
    "en": (
        "the file is empty",
        "not a minecheck document",
        "1 more malformed problem (the file is empty) is not shown here; --json lists every one",
    ),
    "zh": (
        "文件为空",
        "不是 minecheck 文件",
        "另有 1 条 malformed 问题（文件为空）未在此显示；--json 列出全部",
    ),
}
