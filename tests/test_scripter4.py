"""A script writer's round 4: the session's new codes (`separate-inspections`,
`findings-unverified`, `not-trusted`, an events file's warnings placed `file:line:`) run as a
nightly job runs them: `--json` parsed whole, stdout clean of warnings, the same bytes twice."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.test_followup_rules import setup
from tests.test_loose_ends14 import events_files
from tests.test_minimal_input import REF

__all__ = ["setup"]  # the fixture

# --- an events file's errors placed at the event's line, as its warnings are --------------------

# two events, the second (its `[[event]]` at line 6) naming an inspection no file holds and dated
# by a text that is no time
EVENTS_TOML = (
    "# the night's events\n"
    "[[event]]\n"
    f'finding = "{REF}"\n'
    'action = "rectified"\n'
    "\n"
    "[[event]]\n"
    'finding = "0badc0de/gas-overlimit"\n'
    'action = "rectified"\n'
    'at = "yesterday"\n'
)
EVENTS_JSON = json.dumps(
    {
        "event": [
            {"finding": REF, "action": "rectified"},
            {"finding": "0badc0de/gas-overlimit", "action": "rectified", "at": "yesterday"},
        ]
    }
)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_events_file_s_bad_event_is_placed_at_its_line_as_its_warnings_are(
    cli: Any, setup: dict[str, Any], monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """`followup --events FILE`: a warning about an event is placed `ev.toml:6: ` on stderr and
    carries `line` in `--json` (loose ends 21), but an event that cannot be recorded
    (`bad-event`) was said as `ev.toml: event 2: ...` with `line: null`: a nightly job mailing
    the lines to mend found none for the errors. Each is now at its `[[event]]`'s line, in text
    and `--json` alike (the message is as before); a JSON file, which keeps no lines, and
    standard input's TOML as `<stdin>:6: `."""
    events_files(setup, monkeypatch)
    work: Path = setup["work"]
    (work / "ev-night.toml").write_text(EVENTS_TOML, encoding="utf-8")
    (work / "ev-night.json").write_text(EVENTS_JSON, encoding="utf-8")
    base = [*setup["sign"], "--lang", lang, "-o", "f.toml"]
    for name, place, line in (
        ("ev-night.toml", "ev-night.toml:6", 6),
        ("ev-night.json", "ev-night.json", None),
    ):
        run = cli(["followup", "--events", name, *base, "--json"])
        assert (run.exit_code, run.stderr) == (2, "")
        problems = json.loads(run.stdout)["problems"]
        bad = [p for p in problems if p["code"] == "bad-event"]
        assert len(bad) == 2
        assert all((p["path"], p["line"]) == (name, line) for p in bad)
        assert all(p["message"].startswith(("event 2", "第 2 个事件")) for p in bad)
        text = cli(["followup", "--events", name, *base])
        assert (text.exit_code, text.stdout) == (2, "")
        said = [ln for ln in text.stderr.splitlines() if ln.startswith(name)]
        assert said == [f"{place}: {p['message']}" for p in bad]
    run = cli(["followup", "--events", "-", *base], input=EVENTS_TOML.encode())
    assert next(ln for ln in run.stderr.splitlines() if ln.startswith("<stdin>")).startswith(
        "<stdin>:6: "
    )
    assert not (work / "f.toml").exists()
