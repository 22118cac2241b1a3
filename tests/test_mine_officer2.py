"""The mine's safety officer, second round: three months of the enterprise's side of the loop
(DOMAIN 3.4: the enterprise asks, in writing and before the deadline, the authority whose order
set the deadline; the authority grants the extension)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from tests.helpers_merge import INSPECTION, findings
from tests.test_expert_panel import by, panel

__all__ = ["panel"]  # the fixture, shared with the expert panel's tests

REF = f"{INSPECTION}/gas-overlimit"
EXTEND = ("--action", "extended", "--new-deadline", "2027-01-31", "--note", "fan on order")
WITHDRAW = ("--action", "withdrawn", "--note", "the log was misread")
# what `followup` says as the mine signs each (its warning's end, then its hint), en and zh
SAID = {
    ("extended", "en"): "wang@coal.example signed the findings that set its deadline, and "
    "mine@coal.example signed none of them: every report applies this extension as signed, "
    "though an extension is the authority's to grant\n"
    "  hint: ask the authority whose order set the deadline, in writing and before it passes; "
    "its inspector signs the extension\n",
    ("extended", "zh"): "设定其整改期限的检查结果由 wang@coal.example 签名，mine@coal.example "
    "未签名其中任何一份：各报告都会按签名采纳该延期，而延期应由执法部门批准\n"
    "  hint: 请在期限届满前书面向下达整改期限的执法部门申请延期，由其检查人员签署延期\n",
    ("withdrawn", "en"): "wang@coal.example signed the findings that record it, and "
    "mine@coal.example signed none of them: every report applies this withdrawal as signed, "
    "though a finding is withdrawn by the authority that recorded it\n"
    "  hint: a finding recorded in error is withdrawn, with the reason, by the inspector who "
    "recorded it\n",
    ("withdrawn", "zh"): "记录该隐患的检查结果由 wang@coal.example 签名，mine@coal.example "
    "未签名其中任何一份：各报告都会按签名采纳该撤销，而隐患应由记录它的执法部门撤销\n"
    "  hint: 误记的隐患由记录它的检查人员撤销，并写明原因\n",
}


@pytest.fixture
def due(panel: dict[str, Any]) -> dict[str, Any]:
    """The inspector's findings with a deadline, the 31st of December."""
    deadline = dt.date(2026, 12, 31)
    results = ["compliant", "noncompliant", "compliant"]
    (panel["work"] / "xinxing.toml").write_bytes(
        findings(panel["people"]["wang"], results, deadline=deadline)
    )
    return panel


def extend(cli: Any, panel: dict[str, Any], who: str, out: str, *more: str) -> Any:
    args = ["followup", REF, *EXTEND, "--at", "2026-12-03T08:00:00Z", "-o", out, *more]
    return cli([*args, *by(panel["people"][who])])


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("action", [EXTEND, WITHDRAW], ids=["extended", "withdrawn"])
def test_followup_warns_the_mine_that_signs_what_is_the_authoritys(
    cli: Any, due: dict[str, Any], action: tuple[str, ...], lang: str
) -> None:
    """The mine's safety officer, reading the follow-up guide's table, signs the extension of
    his own major hidden danger himself, or, sure the inspector misread the drainage log, its
    withdrawal: nothing was said, and every report then moved the deadline (and refused the
    office's own extension to the same day, "an extension must move the deadline later"), or
    counted it `withdrawn` (never open, overdue or repeat-major). `followup` writes it (signed
    evidence of the claim) and says at once that it is the authority's, with what to do
    instead; the inspector who signed the findings signs the same without a word."""
    at = ("--at", "2026-12-03T08:00:00Z")
    p = due["people"]
    run = cli(["followup", REF, *action, *at, "-o", "m.toml", "--lang", lang, *by(p["mine"])])
    assert (run.exit_code, run.stdout) == (0, "m.toml\n")
    colon = {"en": ": ", "zh": "："}[lang]
    assert run.stderr == f"minecheck: warning: {REF}{colon}{SAID[action[1], lang]}"
    assert (due["work"] / "m.toml").is_file()
    (due["work"] / "m.toml").unlink()  # (else the inspector's withdrawal is of one withdrawn)
    run = cli(["followup", REF, *action, *at, "-o", "w.toml", *by(p["wang"])])
    assert (run.exit_code, run.stdout, run.stderr) == (0, "w.toml\n", "")


def test_the_warning_in_json_names_its_code_and_event(cli: Any, due: dict[str, Any]) -> None:
    """A script that signs the mine's events reads the warning with its code and its place."""
    run = extend(cli, due, "mine", "e.toml", "--json")
    [warning] = json.loads(run.stdout)["problems"]
    assert warning["code"] == "extended-by-another"
    assert Path("e.toml").is_file()


def test_a_new_term_after_a_rejection_filed_beside_the_findings_is_not_said_late(
    cli: Any, panel: dict[str, Any]
) -> None:
    """The mine keeps its records in a folder of their own, as the follow-up guide does, and
    runs `followup` from the folder above. An expert's rejection after the deadline puts the
    hidden danger back in rectification, and the office grants one new term: `followup` said
    "the follow-ups here hold none" of the rejection lying beside the findings (it read the
    rectifications there, not the rejections, extensions and reopenings), though every
    report applies the extension."""
    p = panel["people"]
    records = panel["work"] / "records"
    records.mkdir()
    results = ["compliant", "noncompliant", "compliant"]
    (records / "xinxing.toml").write_bytes(
        findings(p["wang"], results, deadline=dt.date(2026, 12, 1))
    )
    steps = (
        ("mine", "f1", "2026-11-30T08:00:00Z", ("--action", "rectified", "--note", "relay")),
        ("chen", "f2", "2026-12-02T08:00:00Z", ("--action", "rejected", "--note", "bypassed")),
        ("wang", "f3", "2026-12-03T08:00:00Z", EXTEND),
    )
    for who, name, at, action in steps:
        run = cli(
            [
                *("followup", REF, *action, "--at", at, "-o", f"records/{name}.toml"),
                *by(p[who])[:4],
                *("--findings", "records/xinxing.toml"),
            ]
        )
        assert (run.exit_code, run.stdout, run.stderr) == (0, f"records/{name}.toml\n", "")
    export = cli(["export", *panel["trust"], "--format", "jsonl", "records"])
    [row] = [r for r in map(json.loads, export.stdout.splitlines()) if r["item"] == "gas-overlimit"]
    assert (row["state"], row["deadline"], export.stderr) == ("rectifying", "2027-01-31", "")
