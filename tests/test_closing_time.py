"""Closure by severity, as the summary reports it in every format (DOMAIN 8: "mean days to
close by severity; share of closures with expert/third-party acceptance; rebound rate")."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from minecheck.core.documents import Event
from tests.helpers_merge import CREATED, INSPECTION, ITEMS, allowed_signers, findings, person
from tests.test_export import followup

FIRST = CREATED - dt.timedelta(days=12)  # 2026-11-17: the first inspection finds two majors
SECOND = "3a5f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c55"  # 2026-11-29: the second, a general one


def _day(day: int, month: int = 11) -> dt.datetime:
    return dt.datetime(2026, month, day, 12, 0, tzinfo=dt.UTC)


def test_the_days_to_close_by_severity(cli: Any, tmp_path: Path) -> None:
    alice, bob = person(tmp_path, "alice"), person(tmp_path, "bob")
    allowed = allowed_signers(tmp_path / "allowed_signers", alice, bob)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "first.toml").write_bytes(
        findings(alice, ["noncompliant", "noncompliant", "noncompliant"], when=FIRST)
    )
    (docs / "second.toml").write_bytes(
        findings(
            alice,
            ["compliant", "noncompliant", "compliant"],
            inspection_id=SECOND,
            severity="general",
        )
    )
    a, b, c = (f"{INSPECTION}/{item}" for item in ITEMS)
    general = f"{SECOND}/{ITEMS[1]}"
    expert = {"method": "expert-review", "reviewers": ("Chen Jie",)}
    (docs / "enterprise.toml").write_bytes(
        followup(
            alice,
            *(Event(ref, "rectified", _day(18)) for ref in (a, b, c)),
            Event(general, "rectified", _day(30)),
            document_id="7b5f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c01",
        )
    )
    (docs / "office.toml").write_bytes(
        followup(
            bob,
            *(Event(ref, "accepted", _day(19), **expert) for ref in (a, b)),  # type: ignore[arg-type]
            Event(a, "closed", _day(20)),  # 3 days after the finding
            Event(b, "closed", _day(27)),  # 10 days
            Event(b, "reopened", _day(28), note="look-back: it came back"),  # open again
            Event(general, "accepted", _day(1, 12), method="self"),
            Event(general, "closed", _day(1, 12)),  # 2 days
            document_id="7b5f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c02",
        )
    )
    trust = ["--allowed-signers", str(allowed), "--as-of", "2026-12-31"]
    for more in ([], [], ["--no-cache"]):
        run = cli(["summary", str(docs), "--json", *trust, *more])
        assert (run.exit_code, run.stderr) == (0, "")
        data = run.json()["data"]
        assert data["headline"]["closed"] == 2
        assert data["closing"] == [
            {
                "severity": "major",
                "closed": 1,
                "days": 3,
                "mean_days": 3.0,
                "independent": 1,
                "ever_closed": 2,
                "reopened": 1,
            },
            {
                "severity": "general",
                "closed": 1,
                "days": 2,
                "mean_days": 2.0,
                "independent": 0,
                "ever_closed": 1,
                "reopened": 0,
            },
        ]
        md = cli(["summary", str(docs), "--format", "md", *trust, *more])
        assert md.exit_code == 0, md.stderr
        assert (
            "## Closure: time, acceptance, rebounds\n\n"
            "| Severity | Closed | Mean days to close | Accepted by expert, third party or"
            " regulator | Reopened after closure |\n"
            "| --- | ---: | ---: | ---: | ---: |\n"
            "| major | 1 | 3.0 | 1 | 1 of 2 |\n"
            "| general | 1 | 2.0 | 0 | 0 of 1 |\n"
        ) in md.stdout
        zh = cli(["summary", str(docs), "--format", "md", "--lang", "zh", *trust, *more])
        assert "| 重大 | 1 | 3.0 | 1 | 2 项中 1 项 |" in zh.stdout
        table = cli(["summary", str(docs), *trust, *more])
        assert "Closure: time, acceptance, rebounds" in table.stdout
        html = cli(["summary", str(docs), "--format", "html", *trust, *more])
        assert "Closure: time, acceptance, rebounds" in html.stdout


def test_a_closure_during_an_inspection_that_ran_past_midnight_took_no_days() -> None:
    """Rectified, accepted and closed on the spot the evening an inspection began, which
    finished after midnight: found (the day it finished) is after the closure's day. It took
    no days, not minus one."""
    from minecheck.report.summary import summarize
    from tests.summary_corpus import row

    closed = row(
        result="noncompliant",
        severity="general",
        state="closed",
        found=dt.date(2026, 12, 1),
        rectified_on=dt.date(2026, 11, 30),
        closed_on=dt.date(2026, 11, 30),
        acceptance="self",
    )
    [closing] = summarize([closed], as_of=dt.date(2026, 12, 31)).closing
    assert (closing.closed, closing.days, closing.mean_days) == (1, 0, 0.0)
