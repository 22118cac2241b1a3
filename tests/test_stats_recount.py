"""The loop's figures (DOMAIN 7.6) recounted from the signed files by a statistician who must
defend each one: every figure a row of the closure section gives describes one closure."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from minecheck.core.documents import Event
from tests.helpers_merge import CREATED, INSPECTION, ITEMS, allowed_signers, findings, person
from tests.test_export import followup

FOUND = CREATED - dt.timedelta(days=28)  # 2026-11-01
SECOND = "3a5f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c55"


def _day(day: int, month: int = 11) -> dt.datetime:
    return dt.datetime(2026, month, day, 12, 0, tzinfo=dt.UTC)


def test_a_hidden_danger_closed_again_counts_the_closure_in_force(cli: Any, tmp_path: Path) -> None:
    """Closed on day 2 after its rectifier's own acceptance, found again on a look-back, closed
    for good on day 20 after an expert's: "closed now" is the second closure, so its days (20)
    and its acceptance (the expert's) are that closure's. The days of the first, paired with
    the second's acceptance, described a closure that never happened."""
    alice, bob = person(tmp_path, "alice"), person(tmp_path, "bob")
    allowed = allowed_signers(tmp_path / "allowed_signers", alice, bob)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "findings.toml").write_bytes(
        findings(alice, ["noncompliant", "compliant", "compliant"], when=FOUND, severity="general")
    )
    ref = f"{INSPECTION}/{ITEMS[0]}"
    (docs / "enterprise.toml").write_bytes(
        followup(
            alice,
            Event(ref, "rectified", _day(2)),
            Event(ref, "accepted", _day(2), method="self"),
            Event(ref, "closed", _day(3)),  # 2 days after the finding
            Event(ref, "rectified", _day(15)),
            document_id="7b5f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c01",
        )
    )
    (docs / "office.toml").write_bytes(
        followup(
            bob,
            Event(ref, "reopened", _day(10), note="look-back: it came back"),
            Event(ref, "accepted", _day(18), method="expert-review", reviewers=("Chen Jie",)),
            Event(ref, "closed", _day(21)),  # 20 days after the finding
            document_id="7b5f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c02",
        )
    )
    trust = ["--allowed-signers", str(allowed), "--as-of", "2026-12-31"]
    for more in ([], [], ["--no-cache"]):
        run = cli(["summary", str(docs), "--json", *trust, *more])
        assert (run.exit_code, run.stderr) == (0, "")
        data = run.json()["data"]
        assert data["closing"] == [
            {
                "severity": "general",
                "closed": 1,
                "days": 20,
                "mean_days": 20.0,
                "independent": 1,
                "ever_closed": 1,
                "reopened": 1,
            }
        ]
        # the month it was first closed keeps it (last month's report stays what it was)
        assert [(p["month"], p["closed"]) for p in data["progress"]] == [
            ("2026-11", 1),
            ("2026-12", 0),
        ]
        md = cli(["summary", str(docs), "--format", "md", *trust, *more])
        assert "| general | 1 | 20.0 | 1 | 1 of 1 |\n" in md.stdout


def _keys(value: object) -> set[str]:
    """Every field name of a JSON value, nested ones by their own name."""
    if isinstance(value, dict):
        return set(value) | {n for v in value.values() for n in _keys(v)}
    if isinstance(value, list):
        return {n for v in value for n in _keys(v)}
    return set()


def test_every_figure_of_the_summary_is_defined_where_a_reader_looks(
    cli: Any, tmp_path: Path
) -> None:
    """The guide sends a reader to formats.md for each figure's definition: every field that
    `summary --json` gives (its sections, and the fields of their rows) is named there."""
    alice, bob = person(tmp_path, "alice"), person(tmp_path, "bob")
    allowed = allowed_signers(tmp_path / "allowed_signers", alice)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "findings.toml").write_bytes(
        findings(alice, ["noncompliant", "noncompliant", "not-checked"], when=FOUND)
    )
    ref = f"{INSPECTION}/{ITEMS[0]}"
    (docs / "events.toml").write_bytes(
        followup(
            alice,
            Event(ref, "rectified", _day(2)),
            Event(ref, "closed", _day(3)),  # not applied: never accepted
            document_id="7b5f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c01",
        )
    )
    (docs / "untrusted.toml").write_bytes(findings(bob, ["compliant"] * 3, n=2, when=FOUND))
    trust = ["--allowed-signers", str(allowed), "--as-of", "2026-12-31"]
    run = cli(["summary", str(docs), "--json", "--by", "severity", *trust])
    data = run.json()["data"]
    assert all(data[k] for k in ("documents", "rejected", "progress", "severity_state"))
    text = (Path(__file__).parent.parent / "docs" / "formats.md").read_text(encoding="utf-8")
    section = text.split("## Summary headline", 1)[1].split("\n## ", 1)[0]
    named = set(re.findall(r"`(?:[a-z_]+\.)?([a-z_-]+)`", section))
    undefined = sorted(_keys(data) - named)
    assert not undefined, " ".join(undefined)


@pytest.fixture
def new_york() -> Iterator[None]:
    """The report made on a machine five hours behind UTC (not the usual UTC+8)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TZ", "EST5")
        time.tzset()
        yield
    time.tzset()


@pytest.mark.usefixtures("new_york")
def test_the_loop_s_figures_recounted_by_hand(cli: Any, tmp_path: Path) -> None:
    """A worksheet: three general hidden dangers found on 1 November (local), deadline
    30 November. One closed the day it was found (0 days, its rectifier's own acceptance); one
    closed, found again and closed for good at 03:00 UTC on 21 November, the 20th in New York
    (19 days, an expert's acceptance); one whose closure is dated before the inspection (a
    skewed clock: not applied, still open, overdue the day after its deadline and not on it)."""
    alice, bob = person(tmp_path, "alice"), person(tmp_path, "bob")
    allowed = allowed_signers(tmp_path / "allowed_signers", alice, bob)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "findings.toml").write_bytes(
        findings(
            alice,
            ["noncompliant"] * 3,
            when=FOUND,
            severity="general",
            deadline=dt.date(2026, 11, 30),
        )
    )
    same_day, again, skewed = (f"{INSPECTION}/{item}" for item in ITEMS)
    expert = {"method": "expert-review", "reviewers": ("Chen Jie",)}
    (docs / "enterprise.toml").write_bytes(
        followup(
            alice,
            Event(same_day, "rectified", _day(1) + dt.timedelta(hours=4)),
            Event(same_day, "accepted", _day(1) + dt.timedelta(hours=5), method="self"),
            Event(same_day, "closed", _day(1) + dt.timedelta(hours=6)),
            Event(again, "rectified", _day(2)),
            Event(again, "rectified", _day(12)),
            document_id="7b5f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c01",
        )
    )
    (docs / "office.toml").write_bytes(
        followup(
            bob,
            Event(again, "accepted", _day(3), **expert),  # type: ignore[arg-type]
            Event(again, "closed", _day(3)),
            Event(again, "reopened", _day(10), note="look-back: it came back"),
            Event(again, "accepted", _day(15), **expert),  # type: ignore[arg-type]
            Event(again, "closed", dt.datetime(2026, 11, 21, 3, 0, tzinfo=dt.UTC)),
            Event(skewed, "closed", _day(30, 10)),
            document_id="7b5f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c02",
        )
    )
    trust = ["--allowed-signers", str(allowed)]
    for as_of, overdue in (("2026-11-30", 0), ("2026-12-01", 1)):
        run = cli(["summary", str(docs), "--json", "--as-of", as_of, *trust])
        data = run.json()["data"]
        headline = data["headline"]
        assert (headline["hidden_dangers"], headline["open"], headline["closed"]) == (3, 1, 2)
        assert headline["overdue"] == overdue
        assert data["closing"] == [
            {
                "severity": "general",
                "closed": 2,
                "days": 19,
                "mean_days": 9.5,
                "independent": 1,
                "ever_closed": 2,
                "reopened": 1,
            }
        ]
        november = data["progress"][0]
        assert november == {"month": "2026-11", "found": 3, "rectified": 2, "closed": 2}
        assert [(e["finding"], e["action"]) for e in data["rejected"]] == [(skewed, "closed")]
        export = cli(["export", str(docs), "--format", "csv", "--as-of", as_of, *trust])
        rows = list(csv.DictReader(io.StringIO(export.stdout)))
        assert sorted((r["state"], r["overdue"]) for r in rows) == [
            ("closed", "false"),
            ("closed", "false"),
            ("open", "true" if overdue else "false"),
        ]


def test_the_enforcement_figure_says_what_it_counts(cli: Any, tmp_path: Path) -> None:
    """DOMAIN's "findings without enforcement" (D4) asks of every finding; the headline figure
    counts the open majors with no enforcement recorded (SPEC's flag). Two general hidden
    dangers and a major, none with an enforcement order: the figure is 1, and its label says of
    what, so it is not published as "findings without enforcement: 1"."""
    alice = person(tmp_path, "alice")
    allowed = allowed_signers(tmp_path / "allowed_signers", alice)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "general.toml").write_bytes(
        findings(alice, ["noncompliant", "noncompliant", "compliant"], severity="general")
    )
    (docs / "major.toml").write_bytes(
        findings(alice, ["compliant", "noncompliant", "compliant"], inspection_id=SECOND)
    )
    trust = ["--allowed-signers", str(allowed), "--as-of", "2026-12-31"]
    run = cli(["summary", str(docs), "--json", *trust])
    assert run.json()["data"]["headline"]["no_enforcement"] == 1
    md = cli(["summary", str(docs), "--format", "md", *trust])
    assert "| Open major, no enforcement | 1 |\n" in md.stdout
    zh = cli(["summary", str(docs), "--format", "md", "--lang", "zh", *trust])
    assert "| 未销号重大隐患未记录执法措施 | 1 |\n" in zh.stdout
