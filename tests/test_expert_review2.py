"""An expert on the acceptance panel, second round: who may close a major hidden danger once the
experts have accepted its rectification (DOMAIN 3.5: the mine applies for acceptance, the
regulator reviews on site and closes; acceptance by persons other than the rectifier)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from tests.helpers_merge import Who, findings
from tests.test_expert_panel import panel, panel_accepts, reports, step

__all__ = ["panel"]  # the fixture, shared with the first round

CLOSED = ("--action", "closed")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_mine_cannot_close_its_own_major_hidden_danger(
    cli: Any, panel: dict[str, Any], lang: str
) -> None:
    """The mine reports a major rectified, an expert accepts, and the mine signs the closure
    itself: every report said `closed`, and the closing section counted an independent closure
    (销号 on the enterprise's own word). A major's closure by the one who reported it rectified
    is not applied, as its acceptance by that signer is not: the state stays `accepted`, and
    every report says why, in the report's language."""
    p = panel["people"]
    files = panel_accepts(cli, panel, "chen")
    step(cli, p["mine"], "c.toml", "2026-12-02T08:00:00Z", *CLOSED)
    got = reports(cli, panel, [*files, "c.toml"])
    reason = "mine@coal.example reported it rectified and cannot also close it"
    assert got["row"]["state"] == "accepted"
    assert got["rejected"]["summary"] == got["rejected"]["show"] == [("c.toml", reason)]
    assert got["summary"]["closing"] == []
    events = cli(
        ["export", *panel["trust"], "--rows", "events", "--format", "jsonl", *files, "c.toml"]
    )
    [closed] = [r for r in map(json.loads, events.stdout.splitlines()) if r["action"] == "closed"]
    assert (closed["applied"], closed["refused"], closed["reason"]) == (
        False,
        "closed-by-rectifier",
        reason,
    )
    shown = cli(["show", *panel["trust"], "--lang", lang, *files, "c.toml"]).stdout
    said = {
        "en": "reported it rectified and cannot also close it",
        "zh": "报告了整改完成，不能再由其销号",
    }[lang]
    assert said in " ".join(shown.split())
    # the office's closure after it is applied, and counted independent
    step(cli, p["wang"], "w.toml", "2026-12-02T09:00:00Z", *CLOSED)
    got = reports(cli, panel, [*files, "c.toml", "w.toml"])
    assert got["row"]["state"] == "closed"
    [closing] = got["summary"]["closing"]
    assert (closing["closed"], closing["independent"]) == (1, 1)


def test_the_rectifiers_key_under_another_name_cannot_close_it(
    cli: Any, panel: dict[str, Any]
) -> None:
    """The mine's key trusted under a second name (an office account) closes the major the mine
    rectified: one key, one signer; the closure is not applied."""
    alias = mine_as_office(panel)
    files = panel_accepts(cli, panel, "chen")
    step(cli, alias, "c.toml", "2026-12-02T08:00:00Z", *CLOSED)
    got = reports(cli, panel, [*files, "c.toml"])
    assert got["row"]["state"] == "accepted"
    assert got["rejected"]["summary"] == [
        ("c.toml", "the key that reported it rectified cannot also close it")
    ]


def test_a_general_hidden_danger_is_closed_by_the_mine_in_its_own_ledger(
    cli: Any, panel: dict[str, Any]
) -> None:
    """DOMAIN 3.5: a general hidden danger is checked and closed in the mine's own ledger; the
    rule is the major's alone."""
    p = panel["people"]
    (panel["work"] / "xinxing.toml").write_bytes(
        findings(p["wang"], ["compliant", "noncompliant", "compliant"], severity="general")
    )
    files = panel_accepts(cli, panel, "chen")
    step(cli, p["mine"], "c.toml", "2026-12-02T08:00:00Z", *CLOSED)
    got = reports(cli, panel, [*files, "c.toml"])
    assert got["row"]["state"] == "closed"
    assert got["rejected"]["summary"] == []


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_followup_warns_the_mine_as_it_signs_its_own_closure(
    cli: Any, panel: dict[str, Any], lang: str
) -> None:
    """The mine signs a closure of the major it reported rectified: `followup` writes it (it is
    evidence of what was claimed) and says at once that no report will apply it."""
    p = panel["people"]
    panel_accepts(cli, panel, "chen")
    run = cli(
        [
            *("followup", "3a5f7c9e/gas-overlimit", *CLOSED, "--at", "2026-12-02T08:00:00Z"),
            *("-o", "c.toml", "--key", str(p["mine"].key), "--signer", p["mine"].principal),
            *("--findings", "xinxing.toml", "--lang", lang),
        ]
    )
    assert (run.exit_code, run.stdout) == (0, "c.toml\n")
    said = {
        "en": "minecheck: warning: 3a5f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c1e/gas-overlimit: "
        "mine@coal.example reported it rectified (f1.toml): no report will apply a major "
        "hidden danger's closure by the one who reported it rectified\n"
        "  hint: a major hidden danger is closed by the authority that recorded it, not by the one "
        "who reported it rectified\n",
        "zh": "minecheck: warning: 3a5f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c1e/gas-overlimit："
        "mine@coal.example 已报告整改完成（f1.toml）：报告整改完成者本人对重大隐患的销号，"
        "任何报告都不会采纳\n"
        "  hint: 重大隐患由记录它的执法部门销号，而不是由报告整改完成者销号\n",
    }[lang]
    assert run.stderr == said
    assert Path("c.toml").is_file()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_followup_warns_an_expert_accepting_before_the_rectification(
    cli: Any, panel: dict[str, Any], lang: str
) -> None:
    """An expert dates the acceptance by the day of the site visit, typed a day early, before
    the mine's report of the rectification: `followup` signed it without a word, and every report
    then listed it "accepted while open". It is still signed (evidence of what was claimed), and
    `followup` says at once that no rectification here comes before it."""
    p = panel["people"]
    panel_accepts(cli, panel)  # the mine's rectification, 2026-11-30T08:00:00Z
    run = accept(cli, p["chen"], "2026-11-29T09:00:00Z", "a.toml", "--lang", lang)
    assert (run.exit_code, run.stdout) == (0, "a.toml\n")
    said = {
        "en": "minecheck: warning: 3a5f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c1e/gas-overlimit: no signed "
        "follow-up here reports it rectified by 2026-11-29T09:00:00Z, when the acceptance is "
        "dated: a report applies an acceptance only after the rectification it accepts\n"
        "  hint: accept it after the enterprise's signed report that it is rectified (--action "
        "rectified), kept beside the findings or where the acceptance is written\n",
        "zh": "minecheck: warning: 3a5f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c1e/gas-overlimit："
        "此处已签名的跟踪记录中，没有在该验收所署时间 2026-11-29T09:00:00Z 或之前报告整改完成的："
        "报告只在所验收的整改之后才采纳验收\n"
        "  hint: 请在企业签名报告整改完成（--action rectified）之后验收；该跟踪记录应与检查结果放在"
        "一起，或放在写入验收记录的目录中\n",
    }[lang]
    assert run.stderr == said
    assert Path("a.toml").is_file()
    # dated after the rectification: nothing to say
    run = accept(cli, p["chen"], "2026-11-30T09:00:00Z", "b.toml")
    assert (run.exit_code, run.stdout, run.stderr) == (0, "b.toml\n", "")


def mine_as_office(panel: dict[str, Any]) -> Who:
    """The mine's key trusted under a second name too (an office account): that signer."""
    mine: Who = panel["people"]["mine"]
    alias = dataclasses.replace(mine, principal="office@coal.example")
    trust = Path(panel["trust"][1])
    trust.write_text(trust.read_text() + f"{alias.principal} {Path(f'{mine.key}.pub').read_text()}")
    return alias


def accept(cli: Any, who: Who, at: str, out: str, *more: str) -> Any:
    """`who`'s expert acceptance of the major, dated `at`, written to `out`: the run."""
    return cli(
        [
            *("followup", "3a5f7c9e/gas-overlimit", "--action", "accepted"),
            *("--method", "expert-review", "--reviewer", "Chen Jie", "--at", at, "-o", out),
            *("--key", str(who.key), "--signer", who.principal, "--findings", "xinxing.toml"),
            *more,
        ]
    )
