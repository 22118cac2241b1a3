"""A county enforcement officer's month, followed with minecheck alone: forty hidden dangers
carried through rectification, acceptance and closure, in Beijing time and in both languages."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.helpers_merge import INSPECTION, allowed_signers, findings
from tests.test_followup import an_inspection_to_follow

REF = f"{INSPECTION}/gas-overlimit"
DUE = dt.date(2026, 12, 1)
# 01:00 in Beijing the day after the deadline; still the deadline's day in UTC
AFTER_MIDNIGHT = "2026-12-01T17:00:00Z"
LATE = {
    "en": [
        f"minecheck: warning: {REF}: the extension is dated {AFTER_MIDNIGHT}, on 2026-12-02, "
        "after the deadline 2026-12-01 the findings give had passed: a report applies it only "
        "where an earlier extension, a rejection or a reopening set a new term, and the "
        "follow-ups here hold none",
        "  hint: an extension is granted before the deadline passes; past it, the hidden danger "
        "is escalated (or given one new term once a rejection or a reopening puts it back in "
        "rectification)",
    ],
    "zh": [
        f"minecheck: warning: {REF}：延期日期为 {AFTER_MIDNIGHT}，即 2026-12-02，已过检查结果所定的"
        "期限 2026-12-01：只有此前的延期、验收不通过或重新打开给了新的期限，报告才会采纳该延期，"
        "而此处的跟踪记录中没有这样的记录",
        # "a reopening" is 重新打开 as in the warning's line and the guide: a rectified or
        # accepted hidden danger is reopened too, not only a closed one (销号后)
        "  hint: 延期须在期限届满前批准；期限已过的隐患应升级处理（因验收不通过或重新打开而"
        "回到整改中的，可再给一个新的整改期限）",
    ],
}


@pytest.fixture
def setup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, in_zone: Callable[[str | None], None]
) -> dict[str, Any]:
    """alice's findings, the major due 1 December; the office in Beijing, signing at 01:05."""
    from minecheck.core import documents

    made = an_inspection_to_follow(tmp_path, monkeypatch)
    (made["work"] / "alice.toml").write_bytes(
        findings(made["inspector"], ["compliant", "noncompliant", "compliant"], deadline=DUE)
    )
    allowed = allowed_signers(tmp_path / "allowed_signers", made["who"], made["inspector"])
    now = dt.datetime(2026, 12, 1, 17, 5, tzinfo=dt.UTC)
    monkeypatch.setattr(documents, "utc_now", lambda: now)
    in_zone("Asia/Shanghai")
    return {**made, "allowed": allowed}


def _extend(cli: Any, setup: dict[str, Any], name: str, *more: str) -> Any:
    args = ["followup", REF, "--action", "extended", "--note", "a new fan", "--at", AFTER_MIDNIGHT]
    return cli([*args, "--new-deadline", "2026-12-20", "-o", name, *setup["grant"], *more])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_extension_after_the_deadline_in_local_time_is_said_as_it_is_signed(
    cli: Any, setup: dict[str, Any], lang: str
) -> None:
    """At 01:00 in Beijing the deadline has passed: every report made there refuses the
    extension ("extended on 2026-12-02, after the deadline 2026-12-01 had passed"), and
    `followup` signed it without a word, where it says so of every other event the findings
    show no report will apply. It is signed (it is evidence of what was granted), exit 0."""
    run = _extend(cli, setup, f"late-{lang}.toml", "--lang", lang)
    assert (run.exit_code, run.stdout) == (0, f"late-{lang}.toml\n")
    assert run.stderr.splitlines() == LATE[lang]
    assert (setup["work"] / f"late-{lang}.toml").exists()
    report = cli(
        ["export", "alice.toml", f"late-{lang}.toml", "--allowed-signers", str(setup["allowed"])]
    )
    assert report.exit_code == 0
    assert report.stderr.endswith(
        "not applied: extended on 2026-12-02, after the deadline 2026-12-01 had passed\n"
        "  hint: an extension is granted before the deadline passes; past it, the hidden danger "
        "is escalated (or given one new term once a rejection or a reopening puts it back in "
        "rectification)\n"
    )


def test_the_same_extension_signed_in_utc_is_in_time_and_said_nothing(
    cli: Any, setup: dict[str, Any], in_zone: Callable[[str | None], None]
) -> None:
    in_zone("UTC")
    run = _extend(cli, setup, "utc.toml")
    assert (run.exit_code, run.stdout, run.stderr) == (0, "utc.toml\n", "")


def test_an_extension_after_a_rejection_is_not_said_late(cli: Any, setup: dict[str, Any]) -> None:
    """A rejected rectification back in rectification after its deadline may be given one new
    term: with the rejection among the follow-ups here, the extension is not said refused."""
    steps = [
        ("rectified", "2026-11-30T02:00:00Z", []),
        ("rejected", "2026-12-01T16:30:00Z", ["--note", "relay trips late"]),
    ]
    for i, (action, at, more) in enumerate(steps):
        run = cli(
            [
                "followup",
                REF,
                "--action",
                action,
                "--at",
                at,
                *more,
                "-o",
                f"s{i}.toml",
                *setup["sign"],
            ]
        )
        assert run.exit_code == 0, run.stderr
    run = _extend(cli, setup, "term.toml")
    assert (run.exit_code, run.stdout, run.stderr) == (0, "term.toml\n", "")


@pytest.mark.parametrize(
    ("created", "said"),
    [("2026-11-30T12:00:00Z", None), ("2026-12-01T16:30:00Z", "2026-12-02")],
)
def test_an_extension_recorded_late_is_judged_by_the_time_its_document_states(
    cli: Any,
    setup: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
    created: str,
    said: str | None,
) -> None:
    """An office system hands its events over with the time it recorded them (`created` in the
    `[minecheck]` table, as formats.md allows): that is the signed time every report and the
    events export's `signed` column show. `followup` judged "recorded late" by the clock of the
    machine signing instead, saying "signed on 2026-12-05" of a record whose signed column
    says 30 November, before the deadline (a day in Beijing: 16:30 UTC is past midnight)."""
    from minecheck.core import documents

    monkeypatch.setattr(documents, "utc_now", lambda: dt.datetime(2026, 12, 5, 4, tzinfo=dt.UTC))
    work: Path = setup["work"]
    (work / "events.toml").write_text(
        f'[minecheck]\nformat = "minecheck.followup/1"\ncreated = {created}\n\n'
        f'[[event]]\nfinding = "{REF}"\naction = "extended"\nat = 2026-11-30T10:00:00Z\n'
        'new_deadline = 2026-12-20\nnote = "a new fan"\n'
    )
    args = ["followup", "--events", "events.toml", "-o", "ext.toml", *setup["grant"]]
    run = cli(args)
    assert (run.exit_code, run.stdout) == (0, "ext.toml\n"), run.stderr
    late = (
        f"minecheck: warning: events.toml:5: {REF}: the extension is dated 2026-11-30T10:00:00Z, "
        "by the "
        f"deadline 2026-12-01, and signed on {said}, after that deadline passed: reports apply "
        "it as made in time\n"
        "  hint: the signed time shows when it was recorded (export --rows events, column signed)\n"
    )
    assert run.stderr == (late if said else "")
    rows = cli(["export", ".", "--rows", "events", "--allowed-signers", str(setup["allowed"])])
    assert rows.exit_code == 0, rows.stderr
    [extended] = [r for r in map(json.loads, rows.stdout.splitlines()) if r["action"] == "extended"]
    assert extended["signed"] == created


BAD_DAYS = [
    (
        "at = 2026-11-31T09:00:00Z",
        "the calendar has no 2026-11-31T09:00:00Z: 2026-11 has 30 days",
        "日历上没有 2026-11-31T09:00:00Z：2026-11 只有 30 天",
    ),
    (
        "at = 2026-13-01T09:00:00Z",
        "the calendar has no 2026-13-01T09:00:00Z: a year has 12 months",
        "日历上没有 2026-13-01T09:00:00Z：一年只有 12 个月",
    ),
    (
        "at = 2026-11-30 24:00:00+08:00",
        "no time of day is 2026-11-30 24:00:00+08:00: hours run from 00 to 23, minutes and "
        "seconds from 00 to 59",
        "一天中没有 2026-11-30 24:00:00+08:00 这一时刻：时为 00 至 23，分和秒为 00 至 59",
    ),
]


@pytest.mark.parametrize(("line", "en", "zh"), BAD_DAYS)
def test_a_day_no_calendar_has_in_an_events_file_is_said_so(
    cli: Any, setup: dict[str, Any], line: str, en: str, zh: str
) -> None:
    """30 November is the month's last day: an events file written by hand that dates a step
    the 31st was refused "invalid TOML: Invalid date or datetime", where `--at`, `--new-deadline`
    and a JSON events file's `at` say which day is none and why. Nothing is written."""
    (setup["work"] / "events.toml").write_text(
        f'[[event]]\nfinding = "{REF}"\naction = "rectified"\n{line}\n'
    )
    args = ["followup", "--events", "events.toml", "-o", "f.toml", *setup["sign"]]
    for lang, why, head, tail in (
        ("en", en, "invalid TOML: Invalid date or datetime: ", "is not valid TOML"),
        ("zh", zh, "TOML 格式错误：日期或时间无效：", "不是有效的 TOML"),
    ):
        run = cli([*args, "--lang", lang])
        assert (run.exit_code, run.stdout) == (2, "")
        assert run.stderr.splitlines() == [
            f"events.toml:4:{len(line.split('=')[0]) + 3}: {head}{why}",
            f"minecheck: error: events.toml {tail}",
        ]
    assert not (setup["work"] / "f.toml").exists()


def test_a_deadline_no_calendar_has_in_an_answers_file_is_said_so(
    cli: Any, setup: dict[str, Any]
) -> None:
    """The same mistake in an answers file (the class: every TOML a person writes by hand)."""
    (setup["work"] / "answers.toml").write_text(
        '[answers]\n"gas-overlimit" = { result = "noncompliant", description = "x", '
        "deadline = 2026-02-29 }\n"
    )
    run = cli(
        [
            "inspect",
            "coal-major-hidden-dangers",
            "--site",
            "Mine 4",
            "--tag",
            "coal-underground",
            "--answers",
            "answers.toml",
            "--allow-incomplete",
            "-o",
            "f.toml",
            *setup["sign"],
        ]
    )
    assert (run.exit_code, run.stdout) == (2, "")
    assert "the calendar has no 2026-02-29: 2026-02 has 28 days" in run.stderr.splitlines()[0]
