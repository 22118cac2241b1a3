"""An outside expert on an acceptance panel: a major hidden danger's rectification reviewed by
three experts before the office closes it (DOMAIN 3.5: strict acceptance, expert review)."""

from __future__ import annotations

import dataclasses
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
            first == f"minecheck: error: --method {method} 需要 --reviewer 姓名，每位验收人员各一个"
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
        "<stdin>:1: event 1: an accepted event by third-party needs its reviewers",
        "minecheck: error: <stdin>: the events cannot be used; nothing was written",
    ]
    run = cli([*args, "--lang", "zh"], input=events.replace("reviewers = []\n", ""))
    assert run.exit_code == 2
    assert (
        run.stderr.splitlines()[0]
        == "<stdin>:1: 第 1 个事件：验收方式为第三方验收（third-party）的事件"
        "须写明 reviewers（验收人员）"
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


# -- a panel whose members each sign: an agreeing acceptance is a confirmation ------------------

PANEL = ("chen", "liu", "sun")


def panel_accepts(cli: Any, panel: dict[str, Any], *members: str) -> list[str]:
    """The mine's rectification, then each member's own acceptance an hour apart: the files."""
    p = panel["people"]
    step(cli, p["mine"], "f1.toml", "2026-11-30T08:00:00Z", "--action", "rectified", "--note", "x")
    out = []
    for n, who in enumerate(members):
        step(cli, p[who], f"a{n}.toml", f"2026-12-01T0{n + 1}:00:00Z", *ACCEPT, *REVIEWERS)
        out.append(f"a{n}.toml")
    return ["xinxing.toml", "f1.toml", *out]


def reports(cli: Any, panel: dict[str, Any], files: list[str]) -> dict[str, Any]:
    """What show, summary and export say of `files` (JSON), and the state export gives."""
    show = cli(["show", *panel["trust"], "--json", *files]).json()["data"]
    summary = json.loads(cli(["summary", *panel["trust"], "--format", "json", *files]).stdout)
    export = cli(["export", *panel["trust"], "--format", "jsonl", *files])
    [row] = [r for r in map(json.loads, export.stdout.splitlines()) if r["item"] == "gas-overlimit"]
    said = {
        "show": [(Path(r["path"]).name, r["reason"]) for r in show["rejected"]],
        "summary": [(Path(r["path"]).name, r["reason"]) for r in summary["rejected"]],
        "export": export.stderr,
    }
    return {"row": row, "summary": summary, "rejected": said}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_each_members_agreeing_acceptance_is_a_confirmation(
    cli: Any, panel: dict[str, Any], lang: str
) -> None:
    """Three experts each sign an `accepted` of their own, then the office closes: the second
    and third were listed in every report as "not applied: accepted while accepted", which
    reads as a fault. Each is a confirmation: no line says otherwise, the closure is applied
    once and counts as independent."""
    files = panel_accepts(cli, panel, *PANEL)
    step(cli, panel["people"]["wang"], "c.toml", "2026-12-02T08:00:00Z", "--action", "closed")
    files.append("c.toml")
    got = reports(cli, panel, files)
    assert got["rejected"] == {"show": [], "summary": [], "export": ""}
    assert got["row"]["state"] == "closed"
    [closing] = got["summary"]["closing"]
    assert (closing["closed"], closing["independent"]) == (1, 1)
    assert got["summary"]["scope"]["rejected_events"] == 0
    text = cli(["show", *panel["trust"], "--lang", lang, *files])
    assert text.exit_code == 0, text.stderr
    assert "not applied" not in text.stdout + text.stderr
    assert "未采纳" not in text.stdout + text.stderr


def test_a_dissent_after_every_members_acceptance_still_sends_it_back(
    cli: Any, panel: dict[str, Any]
) -> None:
    """Confirmations do not outvote a dissent: a rejection after three acceptances sends it
    back, and the office's closure after it is not applied."""
    p = panel["people"]
    files = panel_accepts(cli, panel, *PANEL)
    step(cli, p["sun"], "r.toml", "2026-12-01T09:00:00Z", "--action", "rejected", "--note", "no")
    step(cli, p["wang"], "c.toml", "2026-12-02T08:00:00Z", "--action", "closed")
    got = reports(cli, panel, [*files, "r.toml", "c.toml"])
    assert got["row"]["state"] == "rectifying"
    reason = "closed while rectifying: a hidden danger is closed only after it is accepted"
    assert got["rejected"]["summary"] == [("c.toml", reason)]
    assert got["summary"]["closing"] == []


def test_the_office_closes_a_confirmed_acceptance_once(cli: Any, panel: dict[str, Any]) -> None:
    p = panel["people"]
    files = panel_accepts(cli, panel, "chen", "liu")
    step(cli, p["wang"], "c1.toml", "2026-12-02T08:00:00Z", "--action", "closed")
    step(cli, p["wang"], "c2.toml", "2026-12-02T09:00:00Z", "--action", "closed")
    got = reports(cli, panel, [*files, "c1.toml", "c2.toml"])
    assert got["rejected"]["summary"] == [("c2.toml", "the hidden danger is already closed")]
    [closing] = got["summary"]["closing"]
    assert (closing["closed"], closing["ever_closed"], closing["independent"]) == (1, 1, 1)


def test_a_confirmation_that_breaks_a_rule_is_not_applied_with_that_rules_reason(
    cli: Any, panel: dict[str, Any]
) -> None:
    """A major's acceptance in force, then the mine's own acceptance and a member's by self
    assessment: neither could accept it on its own, neither confirms it; each is listed with
    the rule it breaks (not "accepted while accepted"). The acceptance in force stands."""
    p = panel["people"]
    files = panel_accepts(cli, panel, "chen")
    step(cli, p["mine"], "m.toml", "2026-12-01T05:00:00Z", *ACCEPT, *REVIEWERS)
    step(
        cli, p["liu"], "s.toml", "2026-12-01T06:00:00Z", "--action", "accepted", "--method", "self"
    )
    step(cli, p["wang"], "c.toml", "2026-12-02T08:00:00Z", "--action", "closed")
    got = reports(cli, panel, [*files, "m.toml", "s.toml", "c.toml"])
    expected = [
        ("m.toml", "mine@coal.example reported it rectified and cannot also accept it"),
        (
            "s.toml",
            "a major hidden danger cannot be accepted by self assessment; "
            "it needs expert-review, third-party or regulator-onsite",
        ),
    ]
    assert got["rejected"]["summary"] == got["rejected"]["show"] == expected
    assert got["row"]["state"] == "closed"
    [closing] = got["summary"]["closing"]
    assert (closing["closed"], closing["independent"]) == (1, 1)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_same_expert_signing_twice_adds_no_member(
    cli: Any, panel: dict[str, Any], lang: str
) -> None:
    """A member's second acceptance of the same rectification is listed (a panel of three
    needs three signers, not one signing thrice); after a rejection and a new rectification
    the same expert accepts anew."""
    p = panel["people"]
    files = panel_accepts(cli, panel, "chen", "chen")
    run = cli(["show", *panel["trust"], "--lang", lang, *files])
    if lang == "en":
        reason = "chen@coal.example has already accepted this rectification"
    else:
        reason = "chen@coal.example 已验收过这次整改"
    # the line under a1.toml's events, as wrapped to the terminal's width
    assert "".join(f"{reason}\n\n".split()) in "".join(run.stdout.split()), run.stdout
    step(cli, p["liu"], "r.toml", "2026-12-01T05:00:00Z", "--action", "rejected", "--note", "no")
    step(cli, p["mine"], "f2.toml", "2026-12-01T06:00:00Z", "--action", "rectified", "--note", "y")
    step(cli, p["chen"], "a2.toml", "2026-12-01T07:00:00Z", *ACCEPT, *REVIEWERS)
    got = reports(cli, panel, [*files, "r.toml", "f2.toml", "a2.toml"])
    assert got["rejected"]["summary"] == [
        ("a1.toml", "chen@coal.example has already accepted this rectification")
    ]
    assert got["row"]["state"] == "accepted"


def test_one_key_under_a_second_name_confirms_nothing(
    cli: Any, panel: dict[str, Any], tmp_path: Path
) -> None:
    """The same expert's key trusted under two names signs two acceptances: one member."""
    p = panel["people"]
    chen = p["chen"]
    alias = dataclasses.replace(chen, principal="chen.jie@expert.example")
    pub = Path(f"{chen.key}.pub").read_text()
    trust = Path(panel["trust"][1])
    trust.write_text(trust.read_text() + f"{alias.principal} {pub}")
    files = panel_accepts(cli, panel, "chen")
    step(cli, alias, "a1.toml", "2026-12-01T05:00:00Z", *ACCEPT, *REVIEWERS)
    got = reports(cli, panel, [*files, "a1.toml"])
    assert got["rejected"]["summary"] == [
        ("a1.toml", "the key that accepted this rectification has already accepted it")
    ]


@pytest.mark.parametrize("first", ["self", "expert-review"])
def test_an_independent_acceptance_confirming_a_self_assessment_is_the_one_that_counts(
    cli: Any, panel: dict[str, Any], first: str
) -> None:
    """A general hidden danger accepted by the inspector's self assessment, then reviewed by
    an expert: the expert's review was refused ("accepted while accepted") and the closure
    counted as self assessment. The independent one counts; one in force stays in force."""
    p = panel["people"]
    (panel["work"] / "xinxing.toml").write_bytes(
        findings(p["wang"], ["compliant", "noncompliant", "compliant"], severity="general")
    )
    step(cli, p["mine"], "f1.toml", "2026-11-30T08:00:00Z", "--action", "rectified", "--note", "x")
    turns: list[tuple[Who, tuple[str, ...]]] = [
        (p["wang"], ("--action", "accepted", "--method", "self")),
        (p["chen"], (*ACCEPT, *REVIEWERS)),
    ]
    if first != "self":
        turns.reverse()
    for n, (who, action) in enumerate(turns):
        step(cli, who, f"a{n}.toml", f"2026-12-01T0{n + 8}:00:00Z", *action)
    step(cli, p["wang"], "c.toml", "2026-12-02T08:00:00Z", "--action", "closed")
    got = reports(cli, panel, ["xinxing.toml", "f1.toml", "a0.toml", "a1.toml", "c.toml"])
    assert got["rejected"]["summary"] == []
    [closing] = got["summary"]["closing"]
    assert (closing["closed"], closing["independent"]) == (1, 1)
