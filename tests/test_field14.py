"""The rectification loop's field day, round 14: `followup` judges an event by the state the
reports fold the follow-ups here into, and says as it signs each event they will refuse for that
state (an acceptance given twice, an event on a danger already closed or withdrawn, a rejection
or a reopening where it means nothing), with what the state is and what to do; the file is still
written and the exit code is 0."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.test_expert_panel import ACCEPT, REF, by, panel, reports, step

__all__ = ["panel"]  # the fixture

T1, T2, T3, T4 = (f"2026-12-0{d}T08:00:00Z" for d in (1, 2, 3, 4))
RECTIFIED = "2026-11-30T08:00:00Z"


def run(cli: Any, who: Any, lang: str, at: str, out: str, *action: str) -> Any:
    """`who` signs one event at `at` into `out`, in `lang`: the run."""
    return cli(["followup", "--lang", lang, REF, *action, "--at", at, "-o", out, *by(who)])


def refused(cli: Any, panel: dict[str, Any], files: list[str]) -> list[str]:
    """The `refused` codes the export of events gives, in order (none for an applied one)."""
    export = cli(["export", *panel["trust"], "--rows", "events", "--format", "jsonl", *files])
    return [r["refused"] for r in map(json.loads, export.stdout.splitlines()) if r.get("refused")]


TWICE = {
    "en": (
        "minecheck: warning: {ref}: {signer} already accepts this rectification (a1.toml, "
        "2026-12-01T08:00:00Z), and no follow-up here sends it back to rectification since: no "
        "report will apply a second acceptance by one signer\n"
        "  hint: each reviewer accepts a rectification once; an acceptance already signed "
        "needs no second file\n"
    ),
    "zh": (
        "minecheck: warning: {ref}：{signer} 已验收此次整改（a1.toml，2026-12-01T08:00:00Z），"
        "此处的跟踪记录此后没有将其退回整改：任何报告都不会采纳同一签名人的第二次验收\n"
        "  hint: 每位验收人员对一次整改只验收一次；已签名的验收无需再写一个文件\n"
    ),
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_acceptance_given_twice_is_said_as_it_is_signed(
    cli: Any, panel: dict[str, Any], lang: str
) -> None:
    """The expert signs the same acceptance again (a retry): every report refused it as
    `accepted-twice`, and followup said nothing. It says so now; the file is written."""
    p = panel["people"]
    step(cli, p["mine"], "f1.toml", RECTIFIED, "--action", "rectified")
    step(cli, p["chen"], "a1.toml", T1, *ACCEPT, "--reviewer", "Chen Jie")
    again = run(cli, p["chen"], lang, T2, "a2.toml", *ACCEPT, "--reviewer", "Chen Jie")
    assert (again.exit_code, again.stdout) == (0, "a2.toml\n")
    assert again.stderr == TWICE[lang].format(ref=REF, signer=p["chen"].principal)
    assert refused(cli, panel, ["xinxing.toml", "f1.toml", "a1.toml", "a2.toml"]) == [
        "accepted-twice"
    ]


ENDED = {
    ("closed", "en"): (
        "minecheck: warning: {ref}: c1.toml closes it at 2026-12-02T08:00:00Z, and no follow-up "
        "here reopens it since: no report will apply an event to a closed hidden danger until "
        "it is reopened\n"
        "  hint: a closed hidden danger takes no further event; one found unrectified again is "
        "reopened first (--action reopened)\n"
    ),
    ("closed", "zh"): (
        "minecheck: warning: {ref}：c1.toml 已于 2026-12-02T08:00:00Z 将其销号，此处的跟踪记录"
        "此后没有重新打开它：重新打开之前，任何报告都不会对已销号的隐患采纳任何事件\n"
        "  hint: 已销号的隐患不再接受事件；复查发现未整改到位的，"
        "请先重新打开（--action reopened）\n"
    ),
    ("withdrawn", "en"): (
        "minecheck: warning: {ref}: c1.toml withdraws it at 2026-12-02T08:00:00Z, and no "
        "follow-up here reopens it since: no report will apply an event to a withdrawn hidden "
        "danger until it is reopened\n"
        "  hint: a withdrawn finding was recorded in error and takes no further event; if the "
        "withdrawal was the error, reopen it first (--action reopened)\n"
    ),
    ("withdrawn", "zh"): (
        "minecheck: warning: {ref}：c1.toml 已于 2026-12-02T08:00:00Z 将其撤销，此处的跟踪记录"
        "此后没有重新打开它：重新打开之前，任何报告都不会对已撤销的隐患采纳任何事件\n"
        "  hint: 撤销的隐患系误录，不再接受事件；若撤销本身有误，"
        "请先重新打开（--action reopened）\n"
    ),
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("ended", ["closed", "withdrawn"])
def test_an_event_on_a_danger_already_ended_is_said(
    cli: Any, panel: dict[str, Any], lang: str, ended: str
) -> None:
    """The county officer closes a hidden danger a colleague closed already (or one the office
    withdrew): every report refused it as `already-ended`. Said now, with what to do; a
    reopening of it says nothing, and a closure after the reopened round's acceptance neither."""
    p = panel["people"]
    step(cli, p["mine"], "f1.toml", RECTIFIED, "--action", "rectified")
    step(cli, p["chen"], "a1.toml", T1, *ACCEPT, "--reviewer", "Chen Jie")
    end = ("--action", "closed") if ended == "closed" else ("--action", "withdrawn", "--note", "x")
    step(cli, p["wang"], "c1.toml", T2, *end)
    again = run(cli, p["wang"], lang, T3, "c2.toml", "--action", "closed")
    assert (again.exit_code, again.stdout) == (0, "c2.toml\n")
    assert again.stderr == ENDED[ended, lang].format(ref=REF)
    files = ["xinxing.toml", "f1.toml", "a1.toml", "c1.toml", "c2.toml"]
    assert refused(cli, panel, files) == ["already-ended"]
    Path("c2.toml").unlink()
    reopened = run(cli, p["wang"], lang, T3, "r.toml", "--action", "reopened", "--note", "x")
    assert (reopened.exit_code, reopened.stderr) == (0, "")


STATE = {
    ("rejected", "en"): (
        "minecheck: warning: {ref}: the findings and the signed follow-ups here leave it {state} "
        "at {at}, when the rejection is dated: no report will apply it, as only a rectified or "
        "accepted hidden danger not yet closed is rejected\n"
        "  hint: reject a rectification after the enterprise reports it (--action rectified); "
        "a closed one is reopened (--action reopened)\n"
    ),
    ("rejected", "zh"): (
        "minecheck: warning: {ref}：按此处的检查结果和已签名的跟踪记录，该隐患在驳回所署时间 "
        "{at} 的状态为{state}：任何报告都不会采纳此驳回，只有已整改或已验收且尚未销号的隐患"
        "才能驳回\n"
        "  hint: 请在企业报告整改完成（--action rectified）之后再驳回；已销号的隐患应重新打开"
        "（--action reopened）\n"
    ),
    ("reopened", "en"): (
        "minecheck: warning: {ref}: the findings and the signed follow-ups here leave it {state} "
        "at {at}, when the reopening is dated: no report will apply it, as only a rectified, "
        "accepted, closed or withdrawn hidden danger is reopened\n"
        "  hint: a hidden danger not reported rectified since it was found or sent back is "
        "still in rectification and needs no reopening\n"
    ),
    ("reopened", "zh"): (
        "minecheck: warning: {ref}：按此处的检查结果和已签名的跟踪记录，该隐患在重新打开所署时间 "
        "{at} 的状态为{state}：任何报告都不会采纳此重新打开，只有已整改、已验收、已销号或已撤销"
        "的隐患才能重新打开\n"
        "  hint: 发现以来或退回以来尚未报告整改完成的隐患仍在整改中，无需重新打开\n"
    ),
}
WORDS = {
    ("open", "en"): "open",
    ("open", "zh"): "未整改",
    ("rectifying", "en"): "rectifying",
    ("rectifying", "zh"): "整改中",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("action", ["rejected", "reopened"])
def test_a_rejection_or_reopening_where_it_means_nothing_is_said(
    cli: Any, panel: dict[str, Any], lang: str, action: str
) -> None:
    """An expert rejects (or the officer reopens) what no one has reported rectified: every
    report refused it (`rejected-not-rectified`, `reopened-not-rectified`). Said now with the
    state the reports give it: open before any follow-up, rectifying after a rejection."""
    p = panel["people"]
    first = run(cli, p["chen"], lang, T1, "x1.toml", "--action", action, "--note", "no")
    assert (first.exit_code, first.stdout) == (0, "x1.toml\n")
    state = WORDS["open", lang]
    assert first.stderr == STATE[action, lang].format(ref=REF, state=state, at=T1)
    code = f"{action}-not-rectified"
    assert refused(cli, panel, ["xinxing.toml", "x1.toml"]) == [code]
    Path("x1.toml").unlink()
    step(cli, p["mine"], "f1.toml", RECTIFIED, "--action", "rectified")
    step(cli, p["chen"], "j1.toml", T1, "--action", "rejected", "--note", "no")
    again = run(cli, p["liu"], lang, T2, "x2.toml", "--action", action, "--note", "no")
    state = WORDS["rectifying", lang]
    assert again.stderr == STATE[action, lang].format(ref=REF, state=state, at=T2)
    assert refused(cli, panel, ["xinxing.toml", "f1.toml", "j1.toml", "x2.toml"]) == [code]


def test_the_same_events_in_one_file_are_judged_in_the_folds_order(
    cli: Any, panel: dict[str, Any]
) -> None:
    """The events file's own events count, in the fold's order: a closure and a second closure
    in one file say the second; a rejection listed before the rectification it follows in time
    says nothing; the warning is placed at its event's line."""
    p = panel["people"]
    step(cli, p["mine"], "f1.toml", RECTIFIED, "--action", "rectified")
    step(cli, p["chen"], "a1.toml", T1, *ACCEPT, "--reviewer", "Chen Jie")
    Path("events.toml").write_text(
        f'[[event]]\nfinding = "{REF}"\naction = "closed"\nat = {T3}\n'
        f'[[event]]\nfinding = "{REF}"\naction = "closed"\nat = {T2}\n'
    )
    got = cli(["followup", "--events", "events.toml", "-o", "c.toml", *by(p["wang"])])
    assert (got.exit_code, got.stdout) == (0, "c.toml\n")
    assert got.stderr.startswith(
        f"minecheck: warning: events.toml:1: {REF}: this document closes it at {T2}, and no "
    )
    assert got.stderr.count("warning:") == 1


def test_the_reports_agree_where_nothing_is_said(cli: Any, panel: dict[str, Any]) -> None:
    """Guard: the whole loop signed in order (rectified, rejected, rectified, two experts'
    acceptances, closure, reopening, rectified again) says nothing, and no report refuses any
    of it."""
    p = panel["people"]
    steps = [
        ("mine", RECTIFIED, "--action", "rectified"),
        ("chen", T1, "--action", "rejected", "--note", "no"),
        ("mine", "2026-12-01T09:00:00Z", "--action", "rectified"),
        ("chen", "2026-12-01T10:00:00Z", *ACCEPT, "--reviewer", "Chen Jie"),
        ("liu", "2026-12-01T11:00:00Z", *ACCEPT, "--reviewer", "Liu Yang"),
        ("wang", T2, "--action", "closed"),
        ("wang", T3, "--action", "reopened", "--note", "rebound"),
        ("mine", T4, "--action", "rectified"),
    ]
    files = ["xinxing.toml"]
    for n, (who, at, *action) in enumerate(steps):
        got = run(cli, p[who], "en", at, f"s{n}.toml", *action)
        assert (got.exit_code, got.stderr) == (0, ""), (n, got.stderr)
        files.append(f"s{n}.toml")
    assert refused(cli, panel, files) == []
    assert reports(cli, panel, files)["row"]["state"] == "rectified"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_sign_of_a_hand_written_follow_up_says_the_same(
    cli: Any, panel: dict[str, Any], lang: str
) -> None:
    """The county officer signs a follow-up someone else wrote by hand, a second closure of a
    hidden danger closed already: `sign` signed it without a word. It says what `followup`
    says, placed at the event's line, and signs it (exit 0)."""
    p = panel["people"]
    step(cli, p["mine"], "f1.toml", RECTIFIED, "--action", "rectified")
    step(cli, p["chen"], "a1.toml", T1, *ACCEPT, "--reviewer", "Chen Jie")
    step(cli, p["wang"], "c1.toml", T2, "--action", "closed")
    Path("hand.toml").write_text(
        '[minecheck]\nformat = "minecheck.followup/1"\n\n'
        f'[[event]]\nfinding = "{REF}"\naction = "closed"\nat = {T3}\n'
    )
    wang = p["wang"]
    run = cli(
        ["sign", "--lang", lang, "hand.toml", "--key", str(wang.key), "--signer", wang.principal]
    )
    assert (run.exit_code, run.stdout) == (0, "hand.toml\n")
    warning = ENDED["closed", lang].format(ref=REF)
    placed = warning.replace("warning: ", "warning: hand.toml:4: ", 1)
    assert run.stderr.endswith(placed), run.stderr
    assert b"-----BEGIN SSH SIGNATURE-----" in Path("hand.toml").read_bytes()


def test_an_acceptance_after_a_refused_reopening_names_the_one_applied(
    cli: Any, panel: dict[str, Any]
) -> None:
    """Closed, reopened, then reopened again (refused: it was rectifying): an acceptance with no
    rectification since names the reopening every report applied as the one that sent it
    back, not the refused one (the partial state counted every rejection and reopening)."""
    p = panel["people"]
    step(cli, p["mine"], "f1.toml", RECTIFIED, "--action", "rectified")
    step(cli, p["chen"], "a1.toml", T1, *ACCEPT, "--reviewer", "Chen Jie")
    step(cli, p["wang"], "c1.toml", T2, "--action", "closed")
    step(cli, p["wang"], "r1.toml", T3, "--action", "reopened", "--note", "rebound")
    step(cli, p["wang"], "r2.toml", T4, "--action", "reopened", "--note", "again")
    got = run(cli, p["chen"], "en", "2026-12-05T08:00:00Z", "a2.toml", *ACCEPT, "--reviewer", "C")
    assert (got.exit_code, got.stdout) == (0, "a2.toml\n")
    assert got.stderr.startswith(
        f"minecheck: warning: {REF}: the signed follow-ups here send it back to rectification "
        f"at {T3} (a rejection or a reopening)"
    ), got.stderr
