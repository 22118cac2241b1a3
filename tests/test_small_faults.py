"""Small faults an inspector, a report author and a script writer each met: the drafts list's
times, the checklist's guidance before a walk, a template's version, problems said in Chinese,
and one item id in two checklists."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from minecheck.core.checklist import Checklist
from minecheck.session import draft as drafts
from tests.conftest import Run
from tests.test_cli_signing import Cli
from tests.test_draft_rules import checklist as checklist  # (a fixture)
from tests.test_draft_rules import every_field_draft
from tests.test_session_unit import DRAFT_ID

# --- drafts list gives the local time under the UTC, as show does ------------------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("zone", ["Asia/Shanghai", "America/New_York", "UTC"])
def test_drafts_list_gives_the_local_time_under_the_utc(
    cli: Cli,
    checklist: Checklist,
    tmp_path: Path,
    isolated_home: Path,
    in_zone: Callable[[str | None], None],
    zone: str,
    lang: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """UPDATED was `2026-11-29T16:30:00Z` alone: an inspector in Beijing stopped at 00:30 the
    next day. Under the UTC time, the local time with its offset then (as show's events
    table); nothing more where the zone is UTC; `--json` keeps its one UTC string."""
    in_zone(zone)
    stopped = dt.datetime(2026, 11, 29, 16, 30, 5, tzinfo=dt.UTC)
    monkeypatch.setattr(drafts, "utc_now", lambda: stopped)
    draft = every_field_draft(checklist, tmp_path)
    drafts.save(isolated_home / "drafts", draft)
    run: Run = cli(["drafts", "list", "--lang", lang])
    assert (run.exit_code, run.stderr) == (0, "")
    lines = run.stdout.splitlines()
    row = next(i for i, line in enumerate(lines) if DRAFT_ID[:8] in line)
    assert lines[row].split()[-2:] == ["2026-11-29", "16:30Z"]
    local = stopped.astimezone(ZoneInfo(zone))
    under = lines[row + 1].split() if row + 1 < len(lines) else []
    if zone == "UTC":
        assert not re.search(r"\d\d:\d\d", " ".join(under))
    else:
        offset = local.strftime("%z")
        assert under[-2:] == [f"{local:%Y-%m-%d}", f"{local:%H:%M}{offset[:3]}:{offset[3:]}"]
    listed = cli(["drafts", "list", "--json", "--lang", lang]).json()["data"]["drafts"]
    assert listed[0]["updated"] == "2026-11-29T16:30:05Z"
