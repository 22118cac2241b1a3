"""Two follow-ups a script signs one right after the other, in the same whole second: the later
one comes later in every report, whatever the random document ids."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import tomli

from minecheck.core.seal import split
from tests.test_expert_panel import ACCEPT, REF, REVIEWERS, by, panel, reports

__all__ = ["panel"]  # the fixture

T = dt.datetime(2026, 12, 1, 8, 0, 0, tzinfo=dt.UTC)
RECTIFIED = ("--action", "rectified", "--note", "x")


class Clock:
    """The product's clock stopped at T; it moves only when `followup` waits."""

    def __init__(self) -> None:
        self.now = T
        self.waited: list[float] = []

    def utc_now(self) -> dt.datetime:
        return self.now

    def pause(self, seconds: float) -> None:
        self.waited.append(seconds)
        self.now += dt.timedelta(seconds=1)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """A stopped clock, and document ids that fall: each document signed sorts before the one
    signed before it (the order by id the fold falls back on is then always the wrong one)."""
    stopped = Clock()
    monkeypatch.setattr("minecheck.core.documents.utc_now", stopped.utc_now)
    monkeypatch.setattr("minecheck.cli._refs._pause", stopped.pause)
    ids = iter(f"{n:08x}-0000-4000-8000-000000000000" for n in range(0xFFFF, 0, -1))
    monkeypatch.setattr("minecheck.cli.followup.uuid", SimpleNamespace(uuid4=lambda: next(ids)))
    return stopped


def created(path: str) -> dt.datetime:
    body, _ = split(Path(path).read_bytes())
    value = tomli.loads(body.decode())["minecheck"]["created"]
    assert isinstance(value, dt.datetime)
    return value


def events_at(path: str) -> list[dt.datetime]:
    body, _ = split(Path(path).read_bytes())
    return [ev["at"] for ev in tomli.loads(body.decode())["event"]]


def test_an_acceptance_signed_in_the_rectification_s_second_comes_after_it(
    cli: Any, panel: dict[str, Any], clock: Clock
) -> None:
    """The mine's rectification and the expert's acceptance, both dated now, signed in one
    second: the acceptance is dated and signed in the next second, and every report applies
    it (it was "accepted while open" whenever its random id sorted first)."""
    p = panel["people"]
    run = cli(["followup", REF, *RECTIFIED, "-o", "f1.toml", *by(p["mine"])])
    assert (run.exit_code, run.stdout, run.stderr) == (0, "f1.toml\n", "")
    assert clock.waited == []  # (nothing beside it in that second)
    run = cli(["followup", REF, *ACCEPT, *REVIEWERS, "-o", "a.toml", *by(p["chen"])])
    assert (run.exit_code, run.stdout, run.stderr) == (0, "a.toml\n", "")
    assert (created("f1.toml"), events_at("f1.toml")) == (T, [T])
    later = T + dt.timedelta(seconds=1)
    assert (created("a.toml"), events_at("a.toml")) == (later, [later])
    got = reports(cli, panel, ["xinxing.toml", "f1.toml", "a.toml"])
    assert got["row"]["state"] == "accepted"
    assert got["rejected"] == {"show": [], "summary": [], "export": ""}


def test_no_wait_once_the_clock_has_moved_on_or_for_another_finding(
    cli: Any, panel: dict[str, Any], clock: Clock
) -> None:
    """Only a tie waits: an acceptance signed a second after the rectification, and an event
    of another finding in the rectification's second, are made at once, dated as they are."""
    p = panel["people"]
    other = REF.replace("gas-overlimit", "methane-return")
    assert cli(["followup", REF, *RECTIFIED, "-o", "f1.toml", *by(p["mine"])]).exit_code == 0
    run = cli(["followup", other, *RECTIFIED, "-o", "f2.toml", *by(p["mine"])])
    assert (run.exit_code, run.stdout) == (0, "f2.toml\n")
    clock.now += dt.timedelta(seconds=1)
    run = cli(["followup", REF, *ACCEPT, *REVIEWERS, "-o", "a.toml", *by(p["chen"])])
    assert (run.exit_code, run.stdout, run.stderr) == (0, "a.toml\n", "")
    assert clock.waited == []
    later = T + dt.timedelta(seconds=1)
    assert [created(f) for f in ("f1.toml", "f2.toml", "a.toml")] == [T, T, later]


def test_an_acceptance_dated_as_the_rectification_is_signed_in_the_next_second(
    cli: Any, panel: dict[str, Any], clock: Clock
) -> None:
    """Both dated by `--at` at one time and signed in one second: the acceptance keeps its time
    and is signed in the next second, which places it after the rectification."""
    p = panel["people"]
    at = ("--at", "2026-12-01T07:00:00Z")
    assert cli(["followup", REF, *RECTIFIED, *at, "-o", "f1.toml", *by(p["mine"])]).exit_code == 0
    run = cli(["followup", REF, *ACCEPT, *REVIEWERS, *at, "-o", "a.toml", *by(p["chen"])])
    assert (run.exit_code, run.stdout, run.stderr) == (0, "a.toml\n", "")
    assert len(clock.waited) == 1
    seven = T - dt.timedelta(hours=1)
    assert (created("a.toml"), events_at("a.toml")) == (T + dt.timedelta(seconds=1), [seven])
    assert reports(cli, panel, ["xinxing.toml", "f1.toml", "a.toml"])["row"]["state"] == "accepted"


def test_an_events_file_s_acceptance_without_a_time_comes_after_the_rectification(
    cli: Any, panel: dict[str, Any], clock: Clock
) -> None:
    """An events file whose acceptance has no `at` (dated when it is signed), signed in the
    rectification's second, in the folder `-o` names: it is made in the next second."""
    p = panel["people"]
    Path("out").mkdir()
    assert cli(["followup", REF, *RECTIFIED, "-o", "out/f1.toml", *by(p["mine"])]).exit_code == 0
    Path("e.toml").write_text(
        f'[[event]]\nfinding = "{REF}"\naction = "accepted"\nmethod = "expert-review"\n'
        'reviewers = ["Chen Jie", "Liu Yang", "Sun Li"]\n'
    )
    run = cli(["followup", "--events", "e.toml", "-o", "out/a.toml", *by(p["chen"])])
    assert (run.exit_code, run.stdout, run.stderr) == (0, "out/a.toml\n", "")
    later = T + dt.timedelta(seconds=1)
    assert (created("out/a.toml"), events_at("out/a.toml")) == (later, [later])
    files = ["xinxing.toml", "out/f1.toml", "out/a.toml"]
    assert reports(cli, panel, files)["row"]["state"] == "accepted"


def test_a_script_s_two_followups_in_a_row_on_the_real_clock(
    cli: Any, panel: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """As a script meets it, on the real clock: the rectification, then the acceptance at once
    (its id made to sort first, as it did about half the time): every report applies it, and
    the acceptance is signed no earlier than the rectification's next second, or in a later
    one than the rectification's own."""
    ids = iter(f"{n:08x}-0000-4000-8000-000000000000" for n in range(0xFFFF, 0, -1))
    monkeypatch.setattr("minecheck.cli.followup.uuid", SimpleNamespace(uuid4=lambda: next(ids)))
    p = panel["people"]
    assert cli(["followup", REF, *RECTIFIED, "-o", "f1.toml", *by(p["mine"])]).exit_code == 0
    run = cli(["followup", REF, *ACCEPT, *REVIEWERS, "-o", "a.toml", *by(p["chen"])])
    assert (run.exit_code, run.stdout, run.stderr) == (0, "a.toml\n", "")
    assert created("a.toml") > created("f1.toml")
    assert reports(cli, panel, ["xinxing.toml", "f1.toml", "a.toml"])["row"]["state"] == "accepted"
