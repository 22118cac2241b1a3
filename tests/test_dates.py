"""A date as people write it, read alike wherever one is asked for.

The walk took `2027-1-10` and `2027年1月10日` for a deadline; an answers file, `followup
--new-deadline` and `--as-of` took only `2027-01-10`. A date that names no day (`2027-02-30`) is
said to be none, with the month's length, rather than "not a date like 2026-12-31".
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from minecheck.session.rules import AnswerError, read_date
from tests.conftest import DATA
from tests.helpers_merge import Who, findings, person

D = dt.date


def parse_date(text: str) -> dt.date | None:
    """A date as `read_date` reads it; None for anything else, a day that does not exist too."""
    try:
        return read_date(text)
    except AnswerError:
        return None


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
        "2027-W01-7",  # an ISO 8601 week date: the Sunday of the year's first week
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


@pytest.mark.parametrize(
    "text", ["0001-01-01", "0001年1月1日", "1899-12-31", "9001-01-01", "9999-12-31", "9999-W52-5"]
)
def test_a_date_outside_the_years_1900_to_9000_is_said_to_be(text: str) -> None:
    """A day of the calendar (year 1 too, not taken for no date) outside the years every time
    in a document must lie in (1900 to 9000): said so, as `--at` says it of an event's time.
    `--new-deadline 9999-12-31` was taken and signed where `--at` stopped at 9000."""
    with pytest.raises(AnswerError) as caught:
        read_date(text)
    assert caught.value.said() == f"'{text}' lies outside the years 1900 to 9000"


def test_the_first_and_last_days_of_the_years_are_dates() -> None:
    assert read_date("1900-01-01") == D(1900, 1, 1)
    assert read_date("9000年12月31日") == D(9000, 12, 31)


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
        "minecheck: error: --as-of '2027年2月29日' 不是日历上的日期：2027-02 只有 28 天\n"
    )


# -- an event while the inspection goes on ------------------------------------------------------


def test_a_rectification_on_the_spot_counts_in_every_report(cli: Any, tmp_path: Path) -> None:
    """立查立改: the enterprise rectifies during the inspection (09:00-12:00), at 10:30, before the
    findings document is finished and signed. It was refused as "dated before the finding was
    recorded" in summary, export and show; one at 08:59 still is."""
    from minecheck.core.documents import (
        FINDINGS,
        FOLLOWUP,
        Event,
        Finding,
        FindingsDoc,
        FollowUpDoc,
        Header,
        Inspection,
    )
    from minecheck.core.seal import seal
    from minecheck.core.sshsig import NAMESPACE_FINDINGS

    alice, ent = person(tmp_path, "alice"), person(tmp_path, "ent")
    began = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
    ended = began + dt.timedelta(hours=3)
    iid = "3a5f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c1e"
    inspection = Inspection(
        iid, "coal-major-hidden-dangers", "2024.1", "0" * 64, "Demo mine", "alice", "routine",
        began, ended, "en", "HLJ-0001", ("coal-underground",),
    )  # fmt: skip
    rows = tuple(
        Finding(item, "noncompliant", severity="general", deadline=D(2026, 11, 9), description="x")
        for item in ("gas-check-genuine", "gas-overlimit")
    )
    header = Header(FINDINGS, "6f1c2d3e-0000-4000-8000-0000000000a1", ended, alice.principal,
                    alice.fingerprint, "minecheck 0.1.0")  # fmt: skip
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "f.toml").write_bytes(
        seal(FindingsDoc(header, inspection, rows).to_toml(), alice.signer, NAMESPACE_FINDINGS)
    )
    events = (
        Event(f"{iid}/gas-check-genuine", "rectified", began + dt.timedelta(minutes=90)),
        Event(f"{iid}/gas-overlimit", "rectified", began - dt.timedelta(minutes=1)),
    )
    header = Header(FOLLOWUP, "6f1c2d3e-0000-4000-8000-0000000000a2", ended, ent.principal,
                    ent.fingerprint, "minecheck 0.1.0")  # fmt: skip
    (docs / "e.toml").write_bytes(
        seal(FollowUpDoc(header, events).to_toml(), ent.signer, NAMESPACE_FINDINGS)
    )
    allowed = tmp_path / "allowed_signers"
    allowed.write_text(_line(alice) + _line(ent))
    trust = ["--allowed-signers", str(allowed), "--as-of", "2026-11-05"]
    late = "the event is dated before the finding was recorded"

    export = cli(["export", str(docs), *trust, "--format", "jsonl"])
    assert export.exit_code == 0
    states = {r["item"]: r["state"] for r in map(json.loads, export.stdout.splitlines())}
    assert states == {"gas-check-genuine": "rectified", "gas-overlimit": "open"}
    assert export.stderr.count(late) == 1

    summary = json.loads(cli(["summary", str(docs), *trust, "--json"]).stdout)["data"]
    assert [(e["finding"].split("/")[1], e["reason"]) for e in summary["rejected"]] == [
        ("gas-overlimit", late)
    ]
    assert [(p["month"], p["rectified"]) for p in summary["progress"]] == [("2026-11", 1)]

    show = json.loads(cli(["show", *map(str, sorted(docs.iterdir())), *trust, "--json"]).stdout)
    assert {r["item"]: r["state"] for r in show["data"]["rows"]} == states
    assert [r["reason"] for r in show["data"]["rejected"]] == [late]


# -- one range, one message, wherever a date is given -------------------------------------------


@pytest.fixture
def inspector(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Who, list[str]]:
    """A findings file with a hidden danger in the current directory, and a signer's options."""
    who = person(tmp_path, "ent")
    work = tmp_path / "work"
    work.mkdir()
    (work / "alice.toml").write_bytes(
        findings(person(tmp_path, "alice"), ["compliant", "noncompliant", "compliant"])
    )
    monkeypatch.chdir(work)
    return who, ["--key", str(who.key), "--signer", who.principal, "-o", "f.toml"]


REF = "3a5f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c1e/gas-overlimit"
EXTENDED = ["followup", REF, "--action", "extended", "--note", "a new fan"]


@pytest.mark.parametrize(
    ("given", "said"),
    [
        (
            ["--new-deadline", "9999-12-31"],
            "--new-deadline '9999-12-31' lies outside the years 1900 to 9000",
        ),
        (
            ["--new-deadline", "1899年12月31日"],
            "--new-deadline '1899年12月31日' lies outside the years 1900 to 9000",
        ),
        (
            ["--new-deadline", "2027-01-10", "--at", "1899-12-31T23:59:59Z"],
            "--at '1899-12-31T23:59:59Z' lies outside the years 1900 to 9000",
        ),
        (
            ["--new-deadline", "2027-01-10", "--at", "9999-12-31T00:01-23:59"],
            "--at '9999-12-31T00:01-23:59' lies outside the years 1900 to 9000",
        ),
    ],
)
def test_followup_says_a_date_or_time_outside_the_years_alike(
    cli: Any, inspector: tuple[Who, list[str]], given: list[str], said: str
) -> None:
    run = cli([*EXTENDED, *given, *inspector[1]])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines() == [
        said,
        "minecheck: error: the command line: the events cannot be used; nothing was written",
    ]
    assert not Path("f.toml").exists()


@pytest.mark.parametrize("given", ["9999-12-31", "'9999-12-31'"], ids=["toml-date", "text"])
def test_an_events_file_s_new_deadline_outside_the_years_is_said(
    cli: Any, inspector: tuple[Who, list[str]], given: str
) -> None:
    """A TOML date in an events file is no text, and was taken as it was."""
    Path("ev.toml").write_text(
        f'[[event]]\nfinding = "{REF}"\naction = "extended"\nnote = "a new fan"\n'
        f"at = 2026-11-30T10:00:00Z\nnew_deadline = {given}\n",
        "utf-8",
    )
    run = cli(["followup", "--events", "ev.toml", *inspector[1]])
    assert run.exit_code == 2
    assert run.stderr.splitlines()[0] == (
        "ev.toml:1: event 1: new_deadline '9999-12-31' lies outside the years 1900 to 9000"
    )
    assert not Path("f.toml").exists()


@pytest.mark.parametrize("command", ["summary", "export", "show"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_as_of_outside_the_years_is_said(
    cli: Any, archive: tuple[Path, Path], command: str, lang: str
) -> None:
    doc, allowed = archive
    args = [command, str(doc), "--allowed-signers", str(allowed), "--as-of", "9999-12-31"]
    run = cli([*args, "--lang", lang])
    said = {
        "en": "--as-of '9999-12-31' lies outside the years 1900 to 9000",
        "zh": "--as-of '9999-12-31' 超出 1900 至 9000 年",
    }
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines()[0] == f"minecheck: error: {said[lang]}"


@pytest.mark.parametrize("given", ["9999-12-31", "'9999-12-31'"], ids=["toml-date", "text"])
def test_an_answers_file_s_deadline_outside_the_years_is_said(
    cli: Any, tmp_path: Path, isolated_home: Path, given: str
) -> None:
    answers = (DATA / "answers" / "mini-good.toml").read_text("utf-8")
    assert "deadline = 2027-01-15" in answers
    path = tmp_path / "a.toml"
    path.write_text(answers.replace("deadline = 2027-01-15", f"deadline = {given}"), "utf-8")
    assert cli(["keys", "generate", "--principal", "z@x.example"]).exit_code == 0
    out = tmp_path / "i.toml"
    run = cli(
        [
            *("inspect", str(DATA / "checklists" / "valid" / "mini-check.toml")),
            *("--site", "A", "--tag", "coal-underground", "--answers", str(path), "-o", str(out)),
        ]
    )
    assert run.exit_code == 2
    assert "deadline '9999-12-31' lies outside the years 1900 to 9000" in run.stderr
    assert not out.exists()
