"""An outside expert on an acceptance panel: a major hidden danger's rectification reviewed by
three experts before the office closes it (DOMAIN 3.5: strict acceptance, expert review)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.helpers_merge import INSPECTION, Who, allowed_signers, findings, person

REF = f"{INSPECTION}/gas-overlimit"


@pytest.fixture
def panel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """The office's inspector, the mine, three experts; the inspector's findings (one major
    hidden danger) and the mine's rectification, all trusted."""
    people = {name: person(tmp_path, name) for name in ("wang", "mine", "chen", "liu", "sun")}
    work = tmp_path / "work"
    work.mkdir()
    (work / "xinxing.toml").write_bytes(
        findings(people["wang"], ["compliant", "noncompliant", "compliant"])
    )
    monkeypatch.chdir(work)
    trust = ["--allowed-signers", str(allowed_signers(tmp_path / "allowed", *people.values()))]
    return {"people": people, "work": work, "trust": trust}


def by(who: Who) -> list[str]:
    return ["--key", str(who.key), "--signer", who.principal, "--findings", "xinxing.toml"]


def step(cli: Any, who: Who, out: str, at: str, *action: str) -> None:
    run = cli(["followup", REF, *action, "--at", at, "-o", out, *by(who)])
    assert (run.exit_code, run.stdout) == (0, f"{out}\n"), run.stderr


ACCEPT = ("--action", "accepted", "--method", "expert-review")
REVIEWERS = ("--reviewer", "Chen Jie", "--reviewer", "Liu Yang", "--reviewer", "Sun Li")


def test_a_panel_members_rejection_after_anothers_acceptance_sends_it_back(
    cli: Any, panel: dict[str, Any]
) -> None:
    """Two experts accept, one rejects in between: the rejection was refused ("rejected while
    accepted") and the office's closure then closed a major hidden danger that one of its three
    reviewers had found not rectified. A rejection before the closure sends it back to
    rectification, whichever member signed first; the later acceptance and the closure are not
    applied, and every report says so."""
    p = panel["people"]
    step(cli, p["mine"], "f1.toml", "2026-11-30T08:00:00Z", "--action", "rectified", "--note", "x")
    step(cli, p["chen"], "f2.toml", "2026-12-01T08:00:00Z", *ACCEPT, *REVIEWERS)
    rejected = ("--action", "rejected", "--note", "the relay is still bypassed")
    step(cli, p["liu"], "f3.toml", "2026-12-01T09:00:00Z", *rejected)
    step(cli, p["sun"], "f4.toml", "2026-12-01T10:00:00Z", *ACCEPT, *REVIEWERS)
    step(cli, p["wang"], "f5.toml", "2026-12-02T08:00:00Z", "--action", "closed")
    files = ["xinxing.toml", "f1.toml", "f2.toml", "f3.toml", "f4.toml", "f5.toml"]
    show = cli(["show", *panel["trust"], "--json", *files]).json()["data"]
    summary = cli(["summary", *panel["trust"], "--format", "json", *files])
    export = cli(["export", *panel["trust"], "--format", "jsonl", *files])
    [row] = [r for r in map(json.loads, export.stdout.splitlines()) if r["item"] == "gas-overlimit"]
    assert row["state"] == "rectifying"
    not_applied = [
        (Path(r["path"]).name, r["reason"]) for r in json.loads(summary.stdout)["rejected"]
    ]
    expected = [
        ("f4.toml", "accepted while rectifying: only a rectified hidden danger can be accepted"),
        ("f5.toml", "closed while rectifying: a hidden danger is closed only after it is accepted"),
    ]
    assert not_applied == expected
    assert [(Path(r["path"]).name, r["reason"]) for r in show["rejected"]] == expected
    assert [(r["item"], r["state"]) for r in show["rows"] if r["state"]] == [
        ("gas-overlimit", "rectifying")
    ]
    # the closing section has no closure to count
    assert json.loads(summary.stdout)["closing"] == []


def test_a_rejection_after_closure_is_still_refused(cli: Any, panel: dict[str, Any]) -> None:
    """Once closed, a dissent is a reopening (a look-back), not a rejection."""
    p = panel["people"]
    step(cli, p["mine"], "f1.toml", "2026-11-30T08:00:00Z", "--action", "rectified", "--note", "x")
    step(cli, p["chen"], "f2.toml", "2026-12-01T08:00:00Z", *ACCEPT, *REVIEWERS)
    step(cli, p["wang"], "f3.toml", "2026-12-02T08:00:00Z", "--action", "closed")
    step(cli, p["liu"], "f4.toml", "2026-12-02T09:00:00Z", "--action", "rejected", "--note", "no")
    files = ["xinxing.toml", "f1.toml", "f2.toml", "f3.toml", "f4.toml"]
    run = cli(["summary", *panel["trust"], "--format", "json", *files])
    data = json.loads(run.stdout)
    assert [r["reason"] for r in data["rejected"]] == ["the hidden danger is already closed"]
    [closing] = data["closing"]
    assert (closing["closed"], closing["independent"]) == (1, 1)


@pytest.mark.parametrize("method", ["expert-review", "third-party", "regulator-onsite"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_independent_acceptance_names_its_reviewers(
    cli: Any, panel: dict[str, Any], method: str, lang: str
) -> None:
    """An expert review, a third party's or the regulator's on-site acceptance with no
    `--reviewer` was signed with `reviewers` empty: a record of an acceptance by nobody named.
    It is refused (exit 2, nothing written) with what to add; `self` needs no reviewer."""
    p = panel["people"]
    step(cli, p["mine"], "f1.toml", "2026-11-30T08:00:00Z", "--action", "rectified", "--note", "x")
    args = ["followup", REF, "--action", "accepted", "--method", method, "--lang", lang]
    run = cli([*args, "--at", "2026-12-01T08:00:00Z", "-o", "f2.toml", *by(p["chen"])])
    assert (run.exit_code, run.stdout) == (2, "")
    first = run.stderr.splitlines()[0]
    if lang == "en":
        assert first == (
            f"minecheck: error: --method {method} needs --reviewer NAME for each person who "
            "reviewed the rectification"
        )
    else:
        assert (
            first
            == f"minecheck: error: --method {method} 需要 --reviewer 姓名，每位核查整改的人各一个"
        )
    assert not (panel["work"] / "f2.toml").exists()
    run = cli([*args, "--reviewer", "Chen Jie", "-o", "f2.toml", *by(p["chen"])])
    assert run.exit_code == 0, run.stderr


def test_an_independent_acceptance_in_an_events_file_names_its_reviewers(
    cli: Any, panel: dict[str, Any]
) -> None:
    """The same rule for events read from a file: an expert's acceptance with `reviewers` empty
    or absent is refused with the event named; `self` needs none."""
    p = panel["people"]
    step(cli, p["mine"], "f1.toml", "2026-11-30T08:00:00Z", "--action", "rectified", "--note", "x")
    events = (
        f'[[event]]\nfinding = "{REF}"\naction = "accepted"\nmethod = "third-party"\n'
        "at = 2026-12-01T08:00:00Z\nreviewers = []\n"
    )
    args = ["followup", "--events", "-", "-o", "f2.toml", *by(p["chen"])]
    run = cli(args, input=events)
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines() == [
        "<stdin>: event 1: an accepted event by third-party needs its reviewers",
        "minecheck: error: <stdin>: the events cannot be used; nothing was written",
    ]
    run = cli([*args, "--lang", "zh"], input=events.replace("reviewers = []\n", ""))
    assert run.exit_code == 2
    assert (
        run.stderr.splitlines()[0]
        == "<stdin>: 第 1 个事件: 由 third-party 验收的事件须写明 reviewers（核查人）"
    )
    assert not (panel["work"] / "f2.toml").exists()
    run = cli(args, input=events.replace("[]", '["Hong Kai", "Zhou Min"]'))
    assert run.exit_code == 0, run.stderr


def test_an_experts_key_revoked_later_takes_back_its_acceptances(
    cli: Any, panel: dict[str, Any], tmp_path: Path
) -> None:
    """Revocation retires a key for every date (SPEC 3): the acceptance it signed no longer
    counts, the hidden danger is rectified again and the office's closure is not applied."""
    p = panel["people"]
    step(cli, p["mine"], "f1.toml", "2026-11-30T08:00:00Z", "--action", "rectified", "--note", "x")
    step(cli, p["chen"], "f2.toml", "2026-12-01T08:00:00Z", *ACCEPT, *REVIEWERS)
    step(cli, p["wang"], "f3.toml", "2026-12-02T08:00:00Z", "--action", "closed")
    revoked = tmp_path / "revoked_keys"
    revoked.write_text(Path(f"{p['chen'].key}.pub").read_text())
    files = ["xinxing.toml", "f1.toml", "f2.toml", "f3.toml"]
    trust = [*panel["trust"], "--revoked-keys", str(revoked)]
    export = cli(["export", *trust, "--format", "jsonl", *files])
    rows = [r for r in map(json.loads, export.stdout.splitlines()) if r["state"]]
    assert [(r["item"], r["state"]) for r in rows] == [("gas-overlimit", "rectified")]
    data = json.loads(cli(["summary", *trust, "--format", "json", *files]).stdout)
    assert [(Path(r["path"]).name, r["action"]) for r in data["rejected"]] == [
        ("f3.toml", "closed")
    ]
    assert data["closing"] == []


@pytest.mark.parametrize("dissent", [0, 1, 2])
def test_one_dissent_of_three_sends_it_back_whatever_the_order(
    cli: Any, panel: dict[str, Any], dissent: int
) -> None:
    p = panel["people"]
    step(cli, p["mine"], "f1.toml", "2026-11-30T08:00:00Z", "--action", "rectified", "--note", "x")
    for n, who in enumerate(("chen", "liu", "sun")):
        action = (
            ("--action", "rejected", "--note", "not done")
            if n == dissent
            else (*ACCEPT, *REVIEWERS)
        )
        step(cli, p[who], f"p{n}.toml", f"2026-12-01T0{n + 1}:00:00Z", *action)
    files = ["xinxing.toml", "f1.toml", "p0.toml", "p1.toml", "p2.toml"]
    export = cli(["export", *panel["trust"], "--format", "jsonl", *files])
    rows = [r for r in map(json.loads, export.stdout.splitlines()) if r["state"]]
    assert [(r["item"], r["state"]) for r in rows] == [("gas-overlimit", "rectifying")]
