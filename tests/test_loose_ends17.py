"""Loose ends, round 17: an extension already beside the findings that sets no term, the hint of
`followup`'s `not-applied` warnings, who counts as the inspection's signer, and the follow-ups
of a subfolder."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from tests.helpers_merge import findings
from tests.test_expert_panel import REF, REVIEWERS, by, panel, reports, step

__all__ = ["panel"]  # the fixture

LATE = ("--action", "extended", "--new-deadline", "2027-01-31", "--note", "fan on order")
# what `followup` says of an extension after the deadline that stands on no new term, en and zh
HOLD_NONE = {
    "en": f"minecheck: warning: {REF}: the extension is dated 2026-12-03T08:00:00Z, on "
    "2026-12-03, after the deadline 2026-11-30 the findings give had passed: a report applies it "
    "only where an earlier extension, a rejection or a reopening set a new term, and the "
    "follow-ups here hold none\n"
    "  hint: an extension is granted before the deadline passes; past it, the hidden danger is "
    "escalated (or given one new term once a rejection or a reopening puts it back in "
    "rectification)\n",
    "zh": f"minecheck: warning: {REF}：延期日期为 2026-12-03T08:00:00Z，"
    "即 2026-12-03，已过检查结果所定的期限 2026-11-30：只有此前的延期、验收不通过"
    "或重新打开给了新的期限，报告才会采纳该延期，而此处的跟踪记录中没有这样的记录\n"
    "  hint: 延期须在期限届满前批准；期限已过的隐患应升级处理（因验收不通过或重新打开"
    "而回到整改中的，可再给一个新的整改期限）\n",
}


@pytest.fixture
def due(panel: dict[str, Any]) -> dict[str, Any]:
    """The inspector's findings with a deadline, the 30th of November."""
    deadline = dt.date(2026, 11, 30)
    results = ["compliant", "noncompliant", "compliant"]
    (panel["work"] / "xinxing.toml").write_bytes(
        findings(panel["people"]["wang"], results, deadline=deadline)
    )
    return panel


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("named", [True, False], ids=["findings-named", "folder-read"])
@pytest.mark.parametrize(
    ("at", "new"),
    [
        ("2026-11-29T12:00:00Z", "2026-11-30"),  # to the deadline itself
        ("2026-11-29T12:00:00Z", "2026-11-28"),  # before it
    ],
    ids=["to-the-deadline", "before-it"],
)
def test_an_extension_beside_that_sets_no_term_hides_no_later_one(
    cli: Any, due: dict[str, Any], at: str, new: str, lang: str, named: bool
) -> None:
    """An extension already signed beside the findings, to a day not after their deadline (no
    report applies it), sets no new term: a later extension past the deadline is still said to
    stand on none, as it is when both are in one events file, and every report refuses it. The
    folder read whole (no `--findings`) reads the follow-up before the findings, by name."""
    wang = due["people"]["wang"]
    first = ("--action", "extended", "--new-deadline", new, "--note", "a")
    step(cli, wang, "e1.toml", at, *first)
    args = ["followup", REF, *LATE, "--at", "2026-12-03T08:00:00Z", "-o", "e2.toml"]
    run = cli([*args, *by(wang)[: None if named else 4], "--lang", lang])
    assert (run.exit_code, run.stdout, run.stderr) == (0, "e2.toml\n", HOLD_NONE[lang])
    got = reports(cli, due, ["xinxing.toml", "e1.toml", "e2.toml"])
    assert [name for name, _ in got["rejected"]["show"]] == ["e1.toml", "e2.toml"]
    assert got["row"]["deadline"] == "2026-11-30"


RECTIFIED = ("--action", "rectified", "--note", "x")
ACCEPTED = ("--action", "accepted", "--method", "expert-review", *REVIEWERS)
# the follow-ups already signed beside the findings, and the one `followup` signs: by whom,
# when, what
Steps = tuple[tuple[str, str, tuple[str, ...]], ...]
NOT_APPLIED: dict[str, tuple[Steps, tuple[str, str, tuple[str, ...]], dict[str, str]]] = {
    "before-the-inspection": (
        (),
        ("mine", "2026-11-29T08:00:00Z", RECTIFIED),
        {
            "en": "date the event when it happened, at or after the inspection began (--at)",
            "zh": "按事件实际发生的时间注明日期，不早于检查开始的时间（--at）",
        },
    ),
    "a-major-s-method": (
        (("mine", "2026-11-30T08:00:00Z", RECTIFIED),),
        ("wang", "2026-12-01T08:00:00Z", ("--action", "accepted", "--method", "self")),
        {
            "en": "a major hidden danger is accepted by a review independent of the enterprise: "
            "--method expert-review (naming each --reviewer), third-party or regulator-onsite",
            "zh": "重大隐患由独立于企业的评审验收：--method expert-review（以 --reviewer "
            "写明每位评审人）、third-party 或 regulator-onsite",
        },
    ),
    "nothing-rectified": (
        (),
        ("chen", "2026-12-01T08:00:00Z", ACCEPTED),
        {
            "en": "accept it after the enterprise's signed report that it is rectified (--action "
            "rectified), kept beside the findings or where the acceptance is written",
            "zh": "请在企业签名报告整改完成（--action rectified）之后验收；该跟踪记录应与检查结果"
            "放在一起，或放在写入验收记录的目录中",
        },
    ),
    "sent-back": (
        (
            ("mine", "2026-11-30T08:00:00Z", RECTIFIED),
            ("wang", "2026-12-01T08:00:00Z", ("--action", "rejected", "--note", "y")),
        ),
        ("chen", "2026-12-01T12:00:00Z", ACCEPTED),
        {
            "en": "accept it after the enterprise reports it rectified again (--action rectified)",
            "zh": "请在企业再次报告整改完成（--action rectified）之后验收",
        },
    ),
    "accepted-by-the-rectifier": (
        (("mine", "2026-11-30T08:00:00Z", RECTIFIED),),
        ("mine", "2026-12-01T08:00:00Z", ACCEPTED),
        {
            "en": "a major hidden danger is accepted by reviewers other than the one who "
            "reported it rectified",
            "zh": "重大隐患由报告整改完成者以外的人员验收",
        },
    ),
    "closed-by-the-rectifier": (
        (
            ("mine", "2026-11-30T08:00:00Z", RECTIFIED),
            ("chen", "2026-12-01T08:00:00Z", ACCEPTED),
        ),
        ("mine", "2026-12-02T08:00:00Z", ("--action", "closed")),
        {
            "en": "a major hidden danger is closed by the authority that recorded it, not by "
            "the one who reported it rectified",
            "zh": "重大隐患由记录它的执法部门销号，而不是由报告整改完成者销号",
        },
    ),
    "to-the-deadline": (
        (),
        ("wang", "2026-11-29T12:00:00Z", (*LATE[:2], "--new-deadline", "2026-11-30", *LATE[4:])),
        {
            "en": "an extension moves the deadline later: give a day after 2026-11-30 "
            "(--new-deadline)",
            "zh": "延期只能把期限推后：请给出 2026-11-30 之后的日期（--new-deadline）",
        },
    ),
    "to-its-own-day": (
        (),
        ("wang", "2026-12-03T08:00:00Z", (*LATE[:2], "--new-deadline", "2026-12-02", *LATE[4:])),
        {
            "en": "an extension moves the deadline later: give a day after 2026-12-02 "
            "(--new-deadline)",
            "zh": "延期只能把期限推后：请给出 2026-12-02 之后的日期（--new-deadline）",
        },
    ),
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("case", list(NOT_APPLIED))
def test_each_not_applied_warning_has_a_hint(
    cli: Any, due: dict[str, Any], case: str, lang: str
) -> None:
    """Every `not-applied` warning `followup` gives as it signs says what to do, on its hint
    line, in English and Chinese (the one past the deadline had one; the others had none)."""
    p = due["people"]
    before, (who, at, action), hint = NOT_APPLIED[case]
    for n, (signer, when, what) in enumerate(before):
        step(cli, p[signer], f"b{n}.toml", when, *what)
    args = ["followup", REF, *action, "--at", at, "-o", "f.toml", "--lang", lang]
    run = cli([*args, *by(p[who])])
    assert (run.exit_code, run.stdout) == (0, "f.toml\n")
    warning, said = run.stderr.splitlines()[:2]  # (then, signed today, `recorded-late`)
    assert warning.startswith(f"minecheck: warning: {REF}")
    assert said == f"  hint: {hint[lang]}"


EXTENDED_BY_ANOTHER = (
    f"minecheck: warning: {REF}: wang@coal.example signed the findings that set its deadline, "
    "and liu@coal.example signed none of them: every report applies this extension as signed, "
    "though an extension is the authority's to grant\n"
    "  hint: ask the authority whose order set the deadline, in writing and before it passes; "
    "its inspector signs the extension\n"
)


def test_the_merger_of_the_findings_is_not_their_signer(cli: Any, panel: dict[str, Any]) -> None:
    """SPEC 2.5: a merged file keeps each source byte for byte, verifying on its own, and its
    merger signs the whole; its `consolidated` names the inspectors. The merger vouches for the
    collection, not for a finding: an extension signed by one who only merged the findings is
    by another, as `followup` says and reads them, and the inspector's own is not."""
    p = panel["people"]
    liu, wang = p["liu"], p["wang"]
    merge = ["merge", "xinxing.toml", "-o", "merged.toml", *panel["trust"]]
    assert cli([*merge, "--key", str(liu.key), "--signer", liu.principal]).exit_code == 0
    Path("xinxing.toml").unlink()
    args = ["followup", REF, *LATE[:2], "--new-deadline", "2026-12-31", *LATE[4:]]
    args += ["--at", "2026-11-29T12:00:00Z", "--findings", "merged.toml"]
    run = cli([*args, "-o", "l.toml", "--key", str(liu.key), "--signer", liu.principal])
    assert (run.exit_code, run.stdout, run.stderr) == (0, "l.toml\n", EXTENDED_BY_ANOTHER)
    Path("l.toml").unlink()  # (beside it, the same extension again is not later: refused)
    run = cli([*args, "-o", "w.toml", "--key", str(wang.key), "--signer", wang.principal])
    assert (run.exit_code, run.stdout, run.stderr) == (0, "w.toml\n", "")


@pytest.mark.parametrize("named", [True, False], ids=["findings-named", "folder-read"])
def test_a_rectification_in_a_subfolder_is_here_as_every_report_of_the_folder_reads_it(
    cli: Any, panel: dict[str, Any], named: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The mine files its follow-ups in a folder of each month below the findings' folder;
    `summary` and `export` of that folder read every document below it (`show` takes files),
    and apply the expert's acceptance after the rectification. `followup` read the folder's
    own files only, and said "no signed follow-up here reports it rectified" as the expert
    signed it."""
    p = panel["people"]
    records = panel["work"] / "records"
    (records / "2026-11").mkdir(parents=True)
    Path("xinxing.toml").rename(records / "xinxing.toml")
    mine = p["mine"]
    rectified = ["followup", REF, *RECTIFIED, "--at", "2026-11-30T08:00:00Z"]
    rectified += ["--findings", "records/xinxing.toml", "-o", "records/2026-11/r.toml"]
    run = cli([*rectified, "--key", str(mine.key), "--signer", mine.principal])
    assert (run.exit_code, run.stderr) == (0, "")
    chen = ["--key", str(p["chen"].key), "--signer", p["chen"].principal]
    accepted = ["followup", REF, *ACCEPTED, "--at", "2026-12-01T08:00:00Z", *chen]
    if named:
        run = cli([*accepted, "--findings", "records/xinxing.toml", "-o", "records/a.toml"])
    else:
        monkeypatch.chdir(records)
        run = cli([*accepted, "-o", "a.toml"])
        monkeypatch.chdir(panel["work"])
    assert (run.exit_code, run.stdout, run.stderr) == (0, f"{'records/' * named}a.toml\n", "")
    summary = cli(["summary", *panel["trust"], "--format", "json", "records"])
    assert (summary.exit_code, json.loads(summary.stdout)["rejected"]) == (0, [])
    export = cli(["export", *panel["trust"], "--format", "jsonl", "records"])
    assert (export.exit_code, export.stderr) == (0, "")
    [row] = [r for r in map(json.loads, export.stdout.splitlines()) if r["item"] == "gas-overlimit"]
    assert row["state"] == "accepted"
