"""`minecheck followup`'s problems with the options typed name the option (`--note`, `--at`),
never the document's field it fills (`event[0].note`, `new_deadline`), in both languages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.helpers_merge import INSPECTION
from tests.test_followup import an_inspection_to_follow

REF = f"{INSPECTION}/gas-overlimit"
NOT_USED = {
    "en": "minecheck: error: the command line: the events cannot be used; nothing was written",
    "zh": "minecheck: error: 命令行：事件无法使用；未写入任何文件",
}
NOT_UTF8 = {
    "en": (
        "minecheck: error: {option} holds bytes that are not UTF-8 ({code}), the encoding of the "
        "locale",
        "  hint: type it at a terminal set to UTF-8, or set LANG to the locale the terminal is "
        "set to",
    ),
    "zh": (
        "minecheck: error: {option} 含有不是 UTF-8（区域设置的编码）的字节（{code}）",
        "  hint: 请在设为 UTF-8 的终端中输入，或将 LANG 设为与终端一致的区域设置",
    ),
}


@pytest.fixture
def setup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    return an_inspection_to_follow(tmp_path, monkeypatch)


def _refused(cli: Any, setup: dict[str, Any], args: list[str], lang: str) -> list[str]:
    run = cli(["followup", *args, "-o", "f.toml", *setup["sign"], "--lang", lang])
    assert (run.exit_code, run.stdout) == (2, ""), run.stderr
    assert not (setup["work"] / "f.toml").exists()
    return list(run.stderr.splitlines())


TYPED_NOT_UTF8 = [
    ("--note", [REF, "--action", "rectified", "--note", "gbk \udcc3\udcba"]),
    ("--note", [REF, "--action", "withdrawn", "--note", "\udcc3("]),
    ("--note", [REF, "--action", "extended", "--new-deadline", "2027-01-15", "--note", "\udcc3"]),
    ("--at", [REF, "--action", "rectified", "--at", "2026-12-01\udcc3"]),
    ("--new-deadline", [REF, "--action", "extended", "--note", "r", "--new-deadline", "\udcc3"]),
    ("--method", [REF, "--action", "accepted", "--method", "self\udcc3"]),
    ("--action", [REF, "--action", "rectified\udcc3"]),
    ("FINDING-REF", [f"{REF}\udcc3", "--action", "rectified"]),
]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(("option", "args"), TYPED_NOT_UTF8)
def test_bytes_typed_that_are_not_utf8_are_said_by_the_option(
    cli: Any, setup: dict[str, Any], lang: str, option: str, args: list[str]
) -> None:
    """A byte of another encoding typed into any option (a terminal set to GBK) is said as
    `--reviewer`'s is, by the option: not `event[0].note: note holds \\udcc3, half of a UTF-16
    surrogate pair`, and nothing else is said of it (not "an extended event needs a reason in
    note" after it)."""
    error, hint = NOT_UTF8[lang]
    assert _refused(cli, setup, args, lang) == [
        error.format(option=option, code="\\udcc3"),
        hint,
    ]


TYPED_WRONG = [
    (
        ["--at", "yesterday"],
        "--at 'yesterday' is not a UTC time like 2026-12-10T09:00:00Z",
        "--at 'yesterday' 不是形如 2026-12-10T09:00:00Z 的 UTC 时间",
    ),
    (
        ["--at", "2026-11-01T09:00:00"],
        "--at '2026-11-01T09:00:00' needs a time and its zone, like 2026-12-10T09:00:00Z (or with "
        "an offset: 2026-12-10T17:00:00+08:00)",
        "--at '2026-11-01T09:00:00' 须写明时间和时区，例如 2026-12-10T09:00:00Z（或带偏移量："
        "2026-12-10T17:00:00+08:00）",
    ),
    (
        ["--at", "2099-01-01T00:00:00Z"],
        "--at '2099-01-01T00:00:00Z' is in the future",
        "--at '2099-01-01T00:00:00Z' 是将来的时间",
    ),
    (
        ["--at", "1800-01-01T00:00:00Z"],
        "--at '1800-01-01T00:00:00Z' lies outside the years 1900 to 9000",
        "--at '1800-01-01T00:00:00Z' 超出 1900 至 9000 年",
    ),
]
DEADLINE_WRONG = [
    (
        "soon",
        "--new-deadline 'soon' is not a date like 2027-01-15",
        "--new-deadline 'soon' 不是形如 2027-01-15 的日期",
    ),
    (
        "2027-02-30",
        "--new-deadline '2027-02-30' is no day of the calendar: 2027-02 has 28 days",
        "--new-deadline '2027-02-30' 不是日历上的日期：2027-02 只有 28 天",
    ),
    (
        "9999-01-01",
        "--new-deadline '9999-01-01' lies outside the years 1900 to 9000",
        "--new-deadline '9999-01-01' 超出 1900 至 9000 年",
    ),
]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(
    ("args", "en", "zh"),
    [
        *((["--action", "rectified", *typed], en, zh) for typed, en, zh in TYPED_WRONG),
        *(
            (["--action", "extended", "--note", "r", "--new-deadline", day], en, zh)
            for day, en, zh in DEADLINE_WRONG
        ),
    ],
    ids=[" ".join(typed) for typed, _, _ in TYPED_WRONG]
    + [f"--new-deadline {day}" for day, _, _ in DEADLINE_WRONG],
)
def test_a_time_or_a_date_typed_wrong_is_said_by_its_option(
    cli: Any, setup: dict[str, Any], lang: str, args: list[str], en: str, zh: str
) -> None:
    """`--at` and `--new-deadline` are named as typed, the problem alone on its line as every
    other option's (not `the event: new_deadline 'soon' …`)."""
    said = {"en": en, "zh": zh}[lang]
    assert _refused(cli, setup, [REF, *args], lang) == [said, NOT_USED[lang]]


def test_an_events_file_still_names_its_fields(cli: Any, setup: dict[str, Any]) -> None:
    """A file's events are said by the file's own names and place (guard)."""
    (setup["work"] / "ev.toml").write_text(
        f'[[event]]\nfinding = "{REF}"\naction = "extended"\nnote = "r"\nnew_deadline = "soon"\n'
    )
    run = cli(["followup", "--events", "ev.toml", "-o", "f.toml", *setup["sign"]])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines() == [
        "ev.toml:1: event 1: new_deadline 'soon' is not a date like 2027-01-15",
        "minecheck: error: ev.toml: the events cannot be used; nothing was written",
    ]
