"""Loose ends, round 9: date-shaped TOML values the calendar check did not reach, the overdue
hint of `--fail-on overdue`, a Latin-1 text's conversion command."""

from __future__ import annotations

from typing import Any

import pytest

from tests.test_officer_month import REF, setup

__all__ = ["setup"]

NOT_WRITTEN_AS_TOML = [
    (
        "at = 2026-11-30T09:00:00+25:00",
        "no time of day is 2026-11-30T09:00:00+25:00: an offset from UTC runs from 00:00 to "
        "23:59, ahead (+) or behind (-)",
        "一天中没有 2026-11-30T09:00:00+25:00 这一时刻：与 UTC 的时差为 00:00 至 23:59，"
        "加（+）或减（-）",
    ),
    (
        "at = 2026-11-30T09:00:00-00:60",
        "no time of day is 2026-11-30T09:00:00-00:60: an offset from UTC runs from 00:00 to "
        "23:59, ahead (+) or behind (-)",
        "一天中没有 2026-11-30T09:00:00-00:60 这一时刻：与 UTC 的时差为 00:00 至 23:59，"
        "加（+）或减（-）",
    ),
    (
        "at = 2026-11-30T09:00:60Z",
        "no time of day is 2026-11-30T09:00:60Z: hours run from 00 to 23, minutes and seconds "
        "from 00 to 59",
        "一天中没有 2026-11-30T09:00:60Z 这一时刻：时为 00 至 23，分和秒为 00 至 59",
    ),
    (
        "at = 2026-11-30T09:00:61+08:00",
        "no time of day is 2026-11-30T09:00:61+08:00: hours run from 00 to 23, minutes and "
        "seconds from 00 to 59",
        "一天中没有 2026-11-30T09:00:61+08:00 这一时刻：时为 00 至 23，分和秒为 00 至 59",
    ),
    (
        "at = 2026-1-5",
        "TOML writes 2026-1-5 as 2026-01-05",
        "TOML 中 2026-1-5 应写作 2026-01-05",
    ),
    (
        "at = 2026-11-30T9:00:00Z",
        "TOML writes 2026-11-30T9:00:00Z as 2026-11-30T09:00:00Z",
        "TOML 中 2026-11-30T9:00:00Z 应写作 2026-11-30T09:00:00Z",
    ),
    (
        "at = 2026-11-30  09:00:00Z",
        "TOML writes 2026-11-30  09:00:00Z as 2026-11-30T09:00:00Z",
        "TOML 中 2026-11-30  09:00:00Z 应写作 2026-11-30T09:00:00Z",
    ),
    (
        "at = 2026-11-30 9:00:00+08",
        "TOML writes 2026-11-30 9:00:00+08 as 2026-11-30 09:00:00+08:00",
        "TOML 中 2026-11-30 9:00:00+08 应写作 2026-11-30 09:00:00+08:00",
    ),
    (
        "at = 2026-11-30T09:00:00.Z",
        "TOML writes 2026-11-30T09:00:00.Z as 2026-11-30T09:00:00Z",
        "TOML 中 2026-11-30T09:00:00.Z 应写作 2026-11-30T09:00:00Z",
    ),
]


def _events(cli: Any, setup: dict[str, Any], line: str, lang: str) -> Any:
    (setup["work"] / "events.toml").write_text(
        f'[[event]]\nfinding = "{REF}"\naction = "rectified"\n{line}\n'
    )
    args = ["followup", "--events", "events.toml", "-o", "f.toml", *setup["sign"]]
    return cli([*args, "--lang", lang])


@pytest.mark.parametrize(
    ("line", "en", "zh"), NOT_WRITTEN_AS_TOML, ids=[line for line, _, _ in NOT_WRITTEN_AS_TOML]
)
def test_a_date_or_time_tomli_refuses_as_text_after_a_value_is_said_at_its_column(
    cli: Any, setup: dict[str, Any], line: str, en: str, zh: str
) -> None:
    """An offset past 23:59, a second of 60 or 61, a field in one digit, two spaces between the
    date and the time, a point without a fraction: the parser said "Expected newline or end of
    document after a statement" in the middle of the value (or the calendar's words only where
    it stopped in the date). Each is said at the value's column, en and zh; nothing written."""
    for lang, why, head, tail in (
        ("en", en, "invalid TOML: Invalid date or datetime: ", "is not valid TOML"),
        ("zh", zh, "TOML 格式错误：日期或时间无效：", "不是有效的 TOML"),
    ):
        run = _events(cli, setup, line, lang)
        assert (run.exit_code, run.stdout) == (2, "")
        assert run.stderr.splitlines() == [
            f"events.toml:4:6: {head}{why}",
            f"minecheck: error: events.toml {tail}",
        ]
    assert not (setup["work"] / "f.toml").exists()


@pytest.mark.parametrize(
    "line", ["at = 2026-11-30T09:00:00.1234567890Z", "at = 2026-11-30 09:00:00Z"]
)
def test_a_long_fraction_and_one_space_before_the_time_are_read(
    cli: Any, setup: dict[str, Any], line: str
) -> None:
    """TOML keeps the precision it can of a long fraction, and allows one space for the T."""
    run = _events(cli, setup, line, "en")
    assert (run.exit_code, run.stdout) == (0, "f.toml\n")


def test_a_time_of_day_no_clock_has_is_said_so(cli: Any, setup: dict[str, Any]) -> None:
    """A time of day alone (no date) is the class too; text after a date that is no part of it
    keeps the parser's words."""
    run = _events(cli, setup, "at = 24:00:00", "en")
    assert run.stderr.splitlines()[0] == (
        "events.toml:4:6: invalid TOML: Invalid date or datetime: no time of day is 24:00:00: "
        "hours run from 00 to 23, minutes and seconds from 00 to 59"
    )
    run = _events(cli, setup, "at = 2026-11-30.5", "en")
    assert run.stderr.splitlines()[0] == (
        "events.toml:4:16: invalid TOML: Expected newline or end of document after a statement"
    )
