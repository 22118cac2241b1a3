"""A script writer's round 4: the session's new codes (`separate-inspections`,
`findings-unverified`, `not-trusted`, an events file's warnings placed `file:line:`) run as a
nightly job runs them: `--json` parsed whole, stdout clean of warnings, the same bytes twice."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.helpers_merge import Who, allowed_signers, findings, person
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


# --- separate-inspections in a nightly job: the same bytes each night, in any zone ---------------


@pytest.fixture(scope="module")
def teams(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Who]:
    d = tmp_path_factory.mktemp("keys")
    return {n: person(d, n) for n in ("zoe", "bob", "amy")}


def _teams_folder(tmp_path: Path, teams: dict[str, Who]) -> list[str]:
    """Three inspectors, each under an id of their own, at two mines on two days (late in the
    UTC day, so a zone east of it moves them to the next), the files named out of the mines'
    order; the site's name holds an escape sequence."""
    docs = tmp_path / "docs"
    docs.mkdir()
    k = 0
    for site in ("Zeta \x1b[31mmine", "Alpha mine"):
        for day in (20, 21):
            for i, who in enumerate(teams.values()):
                k += 1
                (docs / f"f{(k * 37) % 100:02d}.toml").write_bytes(
                    findings(
                        who,
                        ["noncompliant", "noncompliant", "compliant"],
                        inspection_id=str(uuid.UUID(int=k, version=4)),
                        when=dt.datetime(2026, 11, day, 15 + 2 * i, 30, tzinfo=dt.UTC),
                        site=site,
                        site_id=None,
                    )
                )
    allowed = allowed_signers(tmp_path / "allowed_signers", *teams.values())
    return [str(docs), "--allowed-signers", str(allowed), "--as-of", "2026-12-31"]


@pytest.mark.parametrize("zone", ["UTC", "Asia/Shanghai"])
def test_separate_inspections_are_the_same_bytes_each_run_and_stdout_stays_data(
    cli: Any,
    teams: dict[str, Who],
    tmp_path: Path,
    in_zone: Callable[[str | None], None],
    zone: str,
) -> None:
    """A job that runs summary and export each night and compares with the last: the groups
    come in one order (by their first file's path), made, from the cache and read afresh; stdout
    is one envelope (`--json`) or the data alone; the site's escape never reaches stderr. A
    guard: it held on the session's code."""
    in_zone(zone)
    given = _teams_folder(tmp_path, teams)
    for command in (["summary"], ["export", "--format", "csv"]):
        said = set()
        for more in ([], [], ["--no-cache"]):
            run = cli([command[0], given[0], *command[1:], *given[1:], "--json", *more])
            assert (run.exit_code, run.stderr) == (0, "")
            problems = json.loads(run.stdout)["problems"]
            assert [p["code"] for p in problems] == ["separate-inspections"] * 4
            paths = [p["path"] for p in problems]
            assert paths == sorted(paths)
            text = cli([command[0], given[0], *command[1:], *given[1:], *more])
            assert "minecheck" not in text.stdout
            assert "\x1b" not in text.stderr
            assert text.stderr.count("\\u001b[31m") == 2
            said.add((run.stdout, text.stdout, text.stderr))
        assert len(said) == 1
