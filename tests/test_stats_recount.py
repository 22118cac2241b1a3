"""The loop's figures (DOMAIN 7.6) recounted from the signed files by a statistician who must
defend each one: every figure a row of the closure section gives describes one closure."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from minecheck.core.documents import Event
from tests.helpers_merge import CREATED, INSPECTION, ITEMS, allowed_signers, findings, person
from tests.test_export import followup

FOUND = CREATED - dt.timedelta(days=28)  # 2026-11-01


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
