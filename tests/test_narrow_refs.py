"""A finding's reference (`<inspection id>/<item>`, 48 characters here) in a table on a narrow
terminal: below the width where it folds into at most two rows, the table is shown one field a
line, as a table with a note already was; at 80 columns the table is laid out as it was."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from minecheck.core.documents import Event
from tests.helpers_merge import CREATED, INSPECTION, allowed_signers, person
from tests.test_export import followup
from tests.test_stock_increment import utc  # noqa: F401 - the fixture

REF = f"{INSPECTION}/gas-overlimit"


@pytest.fixture
def events_at(
    tmp_path: Path, cli: Any, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> Any:
    """The lines of `show`'s table of events of a follow-up closing REF (no note), at WIDTH
    columns in LANG: from its title to the blank line after it."""
    request.getfixturevalue("utc")  # (times in UTC alone: no local time beside them)
    bob = person(tmp_path, "bob")
    trust = allowed_signers(tmp_path / "allowed_signers", bob)
    doc = tmp_path / "f.toml"
    doc.write_bytes(followup(bob, Event(REF, "closed", CREATED + dt.timedelta(days=1))))

    def at(width: int, lang: str) -> list[str]:
        monkeypatch.setenv("COLUMNS", str(width))
        run = cli(["show", str(doc), "--allowed-signers", str(trust), "--lang", lang])
        assert (run.exit_code, run.stderr) == (0, "")
        lines: list[str] = run.stdout.splitlines()
        first = next(i for i, x in enumerate(lines) if x.rstrip() in ("Events", "整改跟踪事件"))
        last = next(i for i in range(first + 1, len(lines)) if lines[i].startswith(("not ", "未")))
        return lines[first:last]

    return at


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_event_without_a_note_at_40_columns_is_one_field_a_line(
    events_at: Any, lang: str
) -> None:
    """It was a table whose FINDING column folded the reference into rows of nine or ten."""
    said = {
        "en": ("Events", "FINDING:", "ACTION: closed", "AT: ", "NOTE: "),
        "zh": ("整改跟踪事件", "隐患：", "操作：销号", "时间：", "说明："),
    }
    title, finding, action, at, note = said[lang]
    assert [line.rstrip() for line in events_at(40, lang)] == [
        title,
        finding,
        f"  {REF[:38]}",
        f"  {REF[38:]}",
        action,
        f"{at}2026-11-30 08:15Z",
        note.rstrip(),
        "",
    ]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_event_without_a_note_at_80_columns_is_the_table_it_was(
    events_at: Any, lang: str
) -> None:
    said = {
        "en": (
            "Events",
            " FINDING                                      ACTION   AT                  NOTE",
            42,
            "closed",
        ),
        "zh": (
            "整改跟踪事件",
            " 隐患                                           操作   时间                说明",
            44,
            "销号",
        ),
    }
    title, header, cut, action = said[lang]
    assert [line.rstrip() for line in events_at(80, lang)] == [
        title,
        "",
        header,
        "",
        f" {REF[:cut]}   {action}   2026-11-30 08:15Z",
        f" {REF[cut:]}",
        "",
    ]
