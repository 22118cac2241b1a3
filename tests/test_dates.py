"""A date as people write it, read alike wherever one is asked for.

The walk took `2027-1-10` and `2027年1月10日` for a deadline; an answers file, `followup
--new-deadline` and `--as-of` took only `2027-01-10`. A date that names no day (`2027-02-30`) is
said to be none, with the month's length, rather than "not a date like 2026-12-31".
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from minecheck.session.rules import AnswerError, parse_date, read_date
from tests.helpers_merge import Who, findings, person

D = dt.date


@pytest.mark.parametrize(
    "text",
    [
        "2027-01-10",
        "2027-1-10",
        "2027/1/10",
        "2027.1.10",
        "20270110",
        "2027年1月10日",
        "2027年01月10日",
        " 2027 年 1 月 10 日 ",
        "２０２７年１月１０日",  # full width, as a Chinese input method types it
        "２０２７－０１－１０",
    ],
)
def test_the_forms_of_a_date(text: str) -> None:
    assert read_date(text) == D(2027, 1, 10)
    assert parse_date(text) == D(2027, 1, 10)


def test_leap_days() -> None:
    assert read_date("2028-02-29") == D(2028, 2, 29)
    assert read_date("2000年2月29日") == D(2000, 2, 29)


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("2027-02-29", "'2027-02-29' is no day of the calendar: 2027-02 has 28 days"),
        ("2027-02-30", "'2027-02-30' is no day of the calendar: 2027-02 has 28 days"),
        ("2028-02-30", "'2028-02-30' is no day of the calendar: 2028-02 has 29 days"),
        ("2100-02-29", "'2100-02-29' is no day of the calendar: 2100-02 has 28 days"),
        ("2026-11-31", "'2026-11-31' is no day of the calendar: 2026-11 has 30 days"),
        ("2026年4月31日", "'2026年4月31日' is no day of the calendar: 2026-04 has 30 days"),
        ("2026-12-00", "'2026-12-00' is no day of the calendar: 2026-12 has 31 days"),
        ("2026-13-01", "'2026-13-01' is no day of the calendar: a year has 12 months"),
        ("2026-00-10", "'2026-00-10' is no day of the calendar: a year has 12 months"),
    ],
)
def test_a_date_that_names_no_day_says_why(text: str, said: str) -> None:
    with pytest.raises(AnswerError) as caught:
        read_date(text)
    assert caught.value.said() == said
    assert parse_date(text) is None


@pytest.mark.parametrize(
    "text", ["", "soon", "2027-01", "10/01/2027", "2027-01-10T00:00", "0000-01-01"]
)
def test_what_is_no_date_at_all(text: str) -> None:
    assert read_date(text) is None
    assert parse_date(text) is None


# -- --as-of in summary, export and show -------------------------------------------------------


@pytest.fixture
def archive(tmp_path: Path) -> tuple[Path, Path]:
    """A findings file with a hidden danger due on 2026-11-30, and its allowed_signers."""
    alice = person(tmp_path, "alice")
    doc = tmp_path / "f.toml"
    doc.write_bytes(
        findings(alice, ["compliant", "noncompliant", "compliant"], deadline=D(2026, 11, 30))
    )
    allowed = tmp_path / "allowed_signers"
    allowed.write_text(_line(alice))
    return doc, allowed


def _line(who: Who) -> str:
    kind, blob = Path(f"{who.key}.pub").read_text().split()[:2]
    return f"{who.principal} {kind} {blob}\n"


@pytest.mark.parametrize("command", ["summary", "export", "show"])
def test_as_of_in_the_forms_of_a_date(cli: Any, archive: tuple[Path, Path], command: str) -> None:
    doc, allowed = archive
    runs = [
        cli([command, str(doc), "--allowed-signers", str(allowed), "--as-of", given, "--json"])
        for given in ("2026-12-01", "2026年12月1日", "2026/12/1")
    ]
    assert [r.exit_code for r in runs] == [0, 0, 0], runs[1].stdout
    assert runs[1].stdout == runs[0].stdout
    assert runs[2].stdout == runs[0].stdout
    assert '"overdue": true' in runs[0].stdout or '"overdue": 1' in runs[0].stdout


@pytest.mark.parametrize("command", ["summary", "export", "show"])
def test_as_of_that_names_no_day(cli: Any, archive: tuple[Path, Path], command: str) -> None:
    doc, allowed = archive
    run = cli([command, str(doc), "--allowed-signers", str(allowed), "--as-of", "2027-02-30"])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == (
        "minecheck: error: --as-of '2027-02-30' is no day of the calendar: 2027-02 has 28 days\n"
    )
    run = cli([command, str(doc), "--allowed-signers", str(allowed), "--as-of", "tomorrow"])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == "minecheck: error: --as-of 'tomorrow' is not a date like 2026-12-31\n"


def test_as_of_that_names_no_day_in_chinese(cli: Any, archive: tuple[Path, Path]) -> None:
    doc, allowed = archive
    args = ["summary", str(doc), "--allowed-signers", str(allowed), "--lang", "zh"]
    run = cli([*args, "--as-of", "2027年2月29日"])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == (
        "minecheck: error: --as-of “2027年2月29日”不是日历上的日期：2027-02 只有 28 天\n"
    )
