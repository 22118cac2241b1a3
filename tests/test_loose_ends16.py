"""Loose ends, round 16: the events of follow-ups signed after the report's day, ..."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.test_loose_ends15 import _an_event_not_applied, _summary

# The follow-up of `_an_event_not_applied` is signed on 2026-12-06 (UTC): a report of the 1st
# does not know it yet.
BEFORE = "2026-12-01"
NOT_YET = {
    "en": "None by the report date: 1 follow-up document dated after it is not counted.",
    "zh": "截至统计日无；1 份跟踪记录的日期晚于统计日，未计入。",
}
HEADING = {"en": "Follow-up events not applied", "zh": "未采纳的跟踪记录"}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_events_not_applied_before_a_follow_up_was_signed_say_it_is_not_counted(
    cli: Any, tmp_path: Path, lang: str
) -> None:
    """`summary --as-of` a day before a follow-up was signed left it out, as documented, and
    said "Follow-up events not applied: None.", which a reader takes for "nothing was
    refused" (here the follow-up accepts a hidden danger still open: it would be refused).
    Table, Markdown and HTML now say that the follow-ups dated after the day are not
    counted, and how many; JSON and CSV are as before."""
    docs = _an_event_not_applied(tmp_path)
    said = NOT_YET[lang]
    table = _summary(cli, docs, lang, "--as-of", BEFORE, "--format", "table")
    assert table.stdout.endswith(f"{HEADING[lang]}\n{said}\n\n")
    assert table.stderr == ""
    md = _summary(cli, docs, lang, "--as-of", BEFORE, "--format", "md").stdout
    assert f"## {HEADING[lang]}\n\n{said}\n" in md
    # made again from what the first run remembered: the same
    assert _summary(cli, docs, lang, "--as-of", BEFORE, "--format", "md").stdout == md
    html = _summary(cli, docs, lang, "--as-of", BEFORE, "--format", "html").stdout
    assert f'<p class="empty">{said}</p>' in html
    data = json.loads(_summary(cli, docs, lang, "--as-of", BEFORE, "--json").stdout)["data"]
    csv = _summary(cli, docs, lang, "--as-of", BEFORE, "--format", "csv").stdout
    (docs / "f.toml").unlink()  # JSON and CSV: as though the follow-up were not there
    alone = json.loads(_summary(cli, docs, lang, "--as-of", BEFORE, "--json").stdout)["data"]
    assert data == alone
    assert csv == _summary(cli, docs, lang, "--as-of", BEFORE, "--format", "csv").stdout


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_events_not_applied_once_the_follow_up_is_known_are_listed_as_before(
    cli: Any, tmp_path: Path, lang: str
) -> None:
    """Guard: on the day the follow-up is signed it is known, its event listed as before; and
    a report with no follow-up at all still says "None."."""
    docs = _an_event_not_applied(tmp_path)
    md = _summary(cli, docs, lang, "--as-of", "2026-12-07", "--format", "md").stdout
    assert "f.toml" in md
    assert NOT_YET[lang] not in md
    (docs / "f.toml").unlink()
    md = _summary(cli, docs, lang, "--as-of", BEFORE, "--format", "md").stdout
    none = {"en": "None.", "zh": "无。"}[lang]
    assert md.split(f"## {HEADING[lang]}\n")[1].startswith(f"\n{none}\n")
