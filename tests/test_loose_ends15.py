"""Loose ends, round 15: the time of an event not applied in the report's own zone, ..."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from minecheck.core.documents import Event
from tests.helpers_merge import INSPECTION, allowed_signers, findings, person
from tests.test_export import followup

# Signed near midnight in Beijing: 22:37:17 UTC is 06:37:17 on the next day there
NEAR_MIDNIGHT = dt.datetime(2026, 12, 6, 22, 37, 17, tzinfo=dt.UTC)
REF = f"{INSPECTION}/gas-check-genuine"


def _an_event_not_applied(tmp_path: Path) -> Path:
    """A folder of a major hidden danger and a follow-up accepting it while it is open (not
    applied), signed at NEAR_MIDNIGHT; `allowed_signers` beside it."""
    alice = person(tmp_path, "alice")
    allowed_signers(tmp_path / "allowed_signers", alice)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.toml").write_bytes(findings(alice, ["noncompliant", "compliant", "compliant"]))
    event = Event(REF, "accepted", NEAR_MIDNIGHT, method="self")
    (docs / "f.toml").write_bytes(followup(alice, event))
    return docs


def _summary(cli: Any, docs: Path, lang: str, *args: str) -> Any:
    allowed = str(docs.parent / "allowed_signers")
    run = cli(["summary", str(docs), "--allowed-signers", allowed, "--lang", lang, *args])
    assert run.exit_code == 0, run.stderr
    return run


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_event_not_applied_is_dated_in_the_report_s_zone(
    cli: Any, tmp_path: Path, in_zone: Callable[[str | None], None], lang: str
) -> None:
    """The report counts days in its zone (Beijing here); its list of the events not applied
    gave their time in UTC, so an event signed at 06:37 on 7 December in Beijing read as one of
    the 6th. Table, Markdown and HTML now give it in the report's zone with its offset, the
    day a reader sees being the day the report counted; JSON keeps UTC (its contract), and so
    does the warning on stderr, which names no zone."""
    docs = _an_event_not_applied(tmp_path)
    in_zone("Asia/Shanghai")
    said = "2026-12-07T06:37:17+08:00"
    md = _summary(cli, docs, lang, "--as-of", "2026-12-07", "--format", "md")
    row = [line for line in md.stdout.splitlines() if "f.toml" in line]
    assert len(row) == 1
    assert row[0].split(" | ")[3] == said
    assert "2026-12-06T22:37:17Z" in md.stderr  # the warning as before
    html = _summary(cli, docs, lang, "--as-of", "2026-12-07", "--format", "html").stdout
    assert f'<td class="t">{said}</td>' in html
    assert "22:37:17" not in html
    table = _summary(cli, docs, lang, "--as-of", "2026-12-07", "--format", "table")
    assert said in table.stdout
    assert "22:37:17" not in table.stdout
    data = json.loads(_summary(cli, docs, lang, "--as-of", "2026-12-07", "--json").stdout)
    assert data["data"]["rejected"][0]["at"] == "2026-12-06T22:37:17Z"


def test_an_event_not_applied_in_a_report_made_in_utc_is_said_as_before(
    cli: Any, tmp_path: Path, in_zone: Callable[[str | None], None]
) -> None:
    """In UTC the time keeps its `Z`, byte for byte as before; west of it the offset is the
    one in force at the event (New York in summer time for a June event would say -04:00)."""
    docs = _an_event_not_applied(tmp_path)
    in_zone("UTC")
    md = _summary(cli, docs, "en", "--as-of", "2026-12-07", "--format", "md").stdout
    assert "| accepted | 2026-12-06T22:37:17Z |" in md
    in_zone("America/New_York")
    md = _summary(cli, docs, "en", "--as-of", "2026-12-07", "--format", "md").stdout
    assert "| accepted | 2026-12-06T17:37:17-05:00 |" in md
