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
    monkeypatch.setattr("minecheck.cli.followup._pause", stopped.pause, raising=False)
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
