"""An officer who enforces what the inspection finds (检查即执法): the enforcement order's
number is recorded where the officer works, and every report gives it back as typed."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

import pexpect
import pytest

from minecheck.core.documents import Finding
from tests.helpers_merge import allowed_signers, findings_of, person
from tests.test_inspect_pty import (
    GAS,
    GAS_QUESTION,
    GAS_QUESTION_ZH,
    KEY_PROMPT,
    READING_PROMPT,
    REVIEW_PROMPT,
    Terminal,
    draft_id,
    ended,
    findings,
    key,
    keyed,
    term,
)

__all__ = ["keyed", "term"]  # fixtures

# a decision's number as a bureau writes it: full-width brackets and a Chinese suffix
ORDER = "黑应急责改〔2026〕0412号"
# the finding's questions before the enforcement order, and after it
BEFORE_ORDER = (
    "Location: ",
    "Severity (major/general) [major]: ",
    "Rectification measures: ",
    "Responsible unit / person: ",
)
AFTER_ORDER = ("Deadline (YYYY-MM-DD)", "Evidence file (empty to finish): ")
BEFORE_ORDER_ZH = ("位置：", "隐患等级（重大/一般） [重大]：", "整改措施：", "责任单位/人：")
AFTER_ORDER_ZH = ("整改期限（YYYY-MM-DD）", "佐证文件（留空结束）：")


def line(child: Any, prompt: str, answer: str) -> None:
    child.expect_exact(prompt)
    child.send(answer + "\r")


def test_the_walk_asks_for_the_enforcement_order_and_signs_it(keyed: Terminal) -> None:
    child = keyed.inspect()
    draft_id(child)
    key(child, "n", GAS_QUESTION)
    line(child, "Description of the hidden danger: ", "Gas checks recorded for a shift never made")
    line(child, "Location: ", "1201 face")
    line(child, "Severity (major/general) [major]: ", "")
    line(child, "Rectification measures: ", "")
    line(child, "Responsible unit / person: ", "Ventilation section")
    line(child, "Enforcement order: ", ORDER)
    due = dt.date.today() + dt.timedelta(days=30)
    line(child, f"Deadline (YYYY-MM-DD) [{due.isoformat()}]: ", "")
    line(child, "Evidence file (empty to finish): ", "")
    line(child, READING_PROMPT, "0.5")
    line(child, REVIEW_PROMPT, "")
    status, text = ended(child)
    assert status == 0, text
    gas = next(f for f in findings(keyed.out) if f["item"] == GAS)
    assert gas["enforcement"] == ORDER
    shown = keyed.run("show", str(keyed.out))
    assert shown.returncode == 0, shown.stderr
    assert f"Enforcement order: {ORDER}" in shown.stdout
    assert "no-enforcement" not in shown.stdout


def test_in_chinese_answering_again_offers_the_order_typed_before(
    keyed: Terminal,
) -> None:
    """`b` and `n` again offer the number typed before; Enter keeps it."""
    child = keyed.inspect("--lang", "zh")
    draft_id(child)
    key(child, "n", GAS_QUESTION_ZH)
    line(child, "隐患描述：", "瓦斯检查牌板填写了未实际检查的班次")
    for label in BEFORE_ORDER_ZH:
        line(child, label, "")
    line(child, "执法文书：", ORDER)
    for label in AFTER_ORDER_ZH:
        line(child, label, "")
    line(child, "或按键：", "b")
    child.expect_exact(KEY_PROMPT)
    child.send("n")
    child.expect_exact("瓦斯检查牌板填写了未实际检查的班次")
    child.send("\r")
    for label in BEFORE_ORDER_ZH:
        line(child, label, "")
    child.expect_exact(ORDER)  # offered again: Enter keeps it
    child.send("\r")
    for label in AFTER_ORDER_ZH:
        line(child, label, "")
    line(child, "或按键：", "0.5")
    line(child, "您的选择（回车即签名）：", "")
    status, text = ended(child)
    assert status == 0, text
    gas = next(f for f in findings(keyed.out) if f["item"] == GAS)
    assert gas["enforcement"] == ORDER


def test_enter_at_the_enforcement_order_records_none_and_show_flags_it(keyed: Terminal) -> None:
    child = keyed.inspect()
    draft_id(child)
    key(child, "n", GAS_QUESTION)
    line(child, "Description of the hidden danger: ", "Gas checks recorded for a shift never made")
    for label in (*BEFORE_ORDER, "Enforcement order: ", *AFTER_ORDER):
        line(child, label, "")
    line(child, READING_PROMPT, "0.5")
    line(child, REVIEW_PROMPT, "")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    gas = next(f for f in findings(keyed.out) if f["item"] == GAS)
    assert "enforcement" not in gas
    shown = keyed.run("show", str(keyed.out))
    assert "[no-enforcement]" in shown.stdout


def test_a_self_inspection_is_not_asked_for_an_enforcement_order(keyed: Terminal) -> None:
    """The mine's safety officer walking a self-inspection issues no order: the question is
    not asked (a report flags none of its majors either)."""
    child = keyed.inspect("--mode", "self-inspection")
    draft_id(child)
    key(child, "n", GAS_QUESTION)
    line(child, "Description of the hidden danger: ", "Gas checks recorded for a shift never made")
    for label in BEFORE_ORDER:
        line(child, label, "")
    child.expect_exact("Deadline (YYYY-MM-DD)")
    assert "Enforcement order" not in child.before
    child.send("\r")
    line(child, "Evidence file (empty to finish): ", "")
    line(child, READING_PROMPT, "0.5")
    line(child, REVIEW_PROMPT, "")
    status, text = ended(child)
    assert status == 0, text
    gas = next(f for f in findings(keyed.out) if f["item"] == GAS)
    assert "enforcement" not in gas


@pytest.mark.parametrize("blank", [" ", "\u3000", "\t \n"])
def test_an_order_of_blanks_is_no_order(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, blank: str
) -> None:
    """An answers file (or a hand-written document) whose `enforcement` is blanks: the major
    was reported as enforced (no `no-enforcement` in any report) and `show` printed the label
    with nothing after it."""
    monkeypatch.setenv("COLUMNS", "300")
    alice = person(tmp_path, "alice")
    trust = ["--allowed-signers", str(allowed_signers(tmp_path / "allowed", alice))]
    rows = [
        Finding(
            item,
            "noncompliant",
            severity="major",
            basis=("CMHD-5.2",),
            description=f"found at {item}",
            deadline=dt.date(2026, 12, 20),
            enforcement=order,
        )
        for item, order in (("gas-check-genuine", blank), ("gas-overlimit", ORDER))
    ]
    doc = tmp_path / "a.toml"
    doc.write_bytes(findings_of(alice, rows, "6f1c2d3e-0000-4000-8000-00000000000b"))
    as_of = ["--as-of", "2026-12-01"]
    for more in ([], [], ["--no-cache"]):  # the cache filled, read, and bypassed
        exported = cli(["export", str(doc), "--format", "csv", *more, *trust, *as_of])
        assert (exported.exit_code, exported.stderr) == (0, "")
        flags = {r["item"]: r["flags"] for r in csv.DictReader(io.StringIO(exported.stdout))}
        assert flags == {"gas-check-genuine": "no-enforcement", "gas-overlimit": ""}
        summary = cli(["summary", str(doc), "--json", *more, *trust, *as_of])
        assert summary.json()["data"]["headline"]["no_enforcement"] == 1
    shown = cli(["show", str(doc), *trust, *as_of])
    assert (shown.exit_code, shown.stderr) == (0, "")
    lines = [" ".join(line.split()) for line in shown.stdout.splitlines()]
    assert (
        "gas-check-genuine major open [no-enforcement] 2026-12-20 found at gas-check-genuine"
        in lines
    )
    assert [line for line in lines if "Enforcement order" in line] == [
        f"Enforcement order: {ORDER}"
    ]


def _major(item: str) -> Finding:
    return Finding(
        item,
        "noncompliant",
        severity="major",
        basis=("CMHD-5.2",),
        description=f"found at {item}",
        deadline=dt.date(2026, 12, 20),
    )


def test_a_self_inspection_is_no_inspection_without_enforcement(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """D4 holds a supervisor to account who inspects and does not enforce. A major the mine
    found in its own self-inspection (no supervisor there, no order anyone could issue) was
    counted in the bureau's "open major, no enforcement" all the same; a supervisor's major
    at the same mine still is."""
    monkeypatch.setenv("COLUMNS", "300")
    alice, mine = person(tmp_path, "alice"), person(tmp_path, "safety")
    trust = ["--allowed-signers", str(allowed_signers(tmp_path / "allowed", alice, mine))]
    docs = tmp_path / "docs"
    docs.mkdir()
    own = "5b1c2d3e-0000-4000-8000-0000000000aa"
    (docs / "self.toml").write_bytes(
        findings_of(
            mine,
            [_major("gas-check-genuine")],
            "6f1c2d3e-0000-4000-8000-0000000000c1",
            inspection_id=own,
            mode="self-inspection",
        )
    )
    (docs / "bureau.toml").write_bytes(
        findings_of(alice, [_major("gas-overlimit")], "6f1c2d3e-0000-4000-8000-0000000000c2")
    )
    as_of = ["--as-of", "2026-12-01"]
    for more in ([], [], ["--no-cache"]):
        exported = cli(["export", str(docs), "--format", "csv", *more, *trust, *as_of])
        assert (exported.exit_code, exported.stderr) == (0, "")
        rows = csv.DictReader(io.StringIO(exported.stdout))
        flagged = {r["item"]: "no-enforcement" in r["flags"].split(";") for r in rows}
        assert flagged == {"gas-check-genuine": False, "gas-overlimit": True}
        summary = cli(["summary", str(docs), "--json", *more, *trust, *as_of])
        headline = summary.json()["data"]["headline"]
        assert (headline["open_majors"], headline["no_enforcement"]) == (2, 1)
    shown = cli(["show", str(docs / "self.toml"), *trust, *as_of])
    assert (shown.exit_code, shown.stderr) == (0, "")
    assert "no-enforcement" not in shown.stdout
