"""The rectification loop's field day, round 13: the mine's safety officer, the county officer and
the expert each make the mistakes real people make (the same events sent twice, an inspection
prefix that two inspections share), and each is told what happened and what to do."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.helpers_merge import Who, findings
from tests.test_expert_panel import ACCEPT, REF, by, panel, reports, step

__all__ = ["panel"]  # the fixture

EVENTS = f'[[event]]\nfinding = "{REF}"\naction = "rectified"\nat = 2026-11-30T08:00:00Z\n'


def rectify(cli: Any, who: Who, at: str, out: str) -> Any:
    """`who` reports the finding rectified at `at`, into `out`: the run."""
    return cli(["followup", REF, "--action", "rectified", "--at", at, "-o", out, *by(who)])


TWICE = {
    "en": (
        "minecheck: warning: events.toml:1: {ref}: {where} already reports it rectified at "
        "2026-11-30T08:00:00Z, and no follow-up here sends it back to rectification since: no "
        "report will apply a second rectification\n"
        "  hint: a hidden danger is reported rectified again only after a rejection or a "
        "reopening sends it back; an event already signed needs no second file\n"
    ),
    "zh": (
        "minecheck: warning: events.toml:1: {ref}：{where} 已报告其于 2026-11-30T08:00:00Z "
        "整改完成，此处的跟踪记录此后没有将其退回整改：任何报告都不会采纳第二次整改完成\n"
        "  hint: 隐患经驳回或重新打开退回整改后，才能再次报告整改完成；"
        "已签名的事件无需再写一个文件\n"
    ),
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_same_events_sent_twice_are_said_as_they_are_signed(
    cli: Any, panel: dict[str, Any], lang: str
) -> None:
    """The mine's system sends its events file again (a retry after a timeout): the second
    follow-up was signed without a word, and every report then listed its rectification as not
    applied (`rectified-twice`). `followup` says so as it signs it, from the follow-up beside
    the findings that already reports it rectified, with what to do; the file is still written
    (signed evidence of the claim), and the reports agree with the warning."""
    mine = panel["people"]["mine"]
    Path("events.toml").write_text(EVENTS)
    first = cli(["followup", "--lang", lang, "--events", "events.toml", "-o", "f1.toml", *by(mine)])
    assert (first.exit_code, first.stdout, first.stderr) == (0, "f1.toml\n", "")
    again = cli(["followup", "--lang", lang, "--events", "events.toml", "-o", "f2.toml", *by(mine)])
    assert (again.exit_code, again.stdout) == (0, "f2.toml\n")
    assert again.stderr == TWICE[lang].format(ref=REF, where="f1.toml")
    got = reports(cli, panel, ["xinxing.toml", "f1.toml", "f2.toml"])
    assert got["row"]["state"] == "rectified"
    assert got["rejected"]["summary"] == [("f2.toml", "rectified while already rectified")]


def test_a_rectification_typed_twice_is_said_too(cli: Any, panel: dict[str, Any]) -> None:
    """The same on the command line: the hint is the same (no option to change), and the
    document written by the first command is named as found."""
    mine = panel["people"]["mine"]
    step(cli, mine, "f1.toml", "2026-11-30T08:00:00Z", "--action", "rectified")
    run = rectify(cli, mine, "2026-11-30T09:00:00Z", "f2.toml")
    assert (run.exit_code, run.stdout) == (0, "f2.toml\n")
    assert run.stderr.startswith(
        f"minecheck: warning: {REF}: f1.toml already reports it rectified at 2026-11-30T08:00:00Z,"
    )
    assert "no report will apply a second rectification" in " ".join(run.stderr.split())


def test_a_rectification_after_a_rejection_is_not_warned_of(
    cli: Any, panel: dict[str, Any]
) -> None:
    """Guard: after an expert's rejection the mine reports it rectified anew: applied, and said
    nothing of; a rectification by another signer in that same round is refused as the mine's
    second is, and said so."""
    p = panel["people"]
    step(cli, p["mine"], "f1.toml", "2026-11-30T08:00:00Z", "--action", "rectified")
    step(cli, p["chen"], "f2.toml", "2026-12-01T08:00:00Z", "--action", "rejected", "--note", "no")
    again = rectify(cli, p["mine"], "2026-12-02T08:00:00Z", "f3.toml")
    assert (again.exit_code, again.stderr) == (0, "")
    other = rectify(cli, p["liu"], "2026-12-02T09:00:00Z", "f4.toml")
    assert "f3.toml already reports it rectified at 2026-12-02T08:00:00Z" in other.stderr
    files = ["xinxing.toml", "f1.toml", "f2.toml", "f3.toml", "f4.toml"]
    got = reports(cli, panel, files)
    assert got["rejected"]["summary"] == [("f4.toml", "rectified while already rectified")]
    export = cli(["export", *panel["trust"], "--rows", "events", "--format", "jsonl", *files])
    refused = [json.loads(line).get("refused") for line in export.stdout.splitlines()]
    assert refused.count("rectified-twice") == 1


TWIN = "3a5f7c9e-0000-4e6f-8a0c-2d4f6b8a0c1e"  # (a second inspection, its id begun as REF's)
AMBIGUOUS = {
    "en": (
        "inspection prefix '3a5f7c9e' is ambiguous: {twin}, {iid}\n"
        "  hint: give more of the inspection id, enough to name one: {twin}/gas-overlimit, "
        "{iid}/gas-overlimit\n"
    ),
    "zh": (
        "检查编号前缀 '3a5f7c9e' 不唯一：{twin}、{iid}\n"
        "  hint: 请多写几位检查编号，足以只指一次检查：{twin}/gas-overlimit、{iid}/gas-overlimit\n"
    ),
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("typed", [True, False])
def test_a_prefix_two_inspections_share_says_what_to_type(
    cli: Any, panel: dict[str, Any], lang: str, typed: bool
) -> None:
    """Two inspections of the mine whose ids begin alike: the officer's short prefix was refused
    with the two ids and no word of what to do. The refusal says to give more of the id and
    names the finding in each inspection, on the command line and in an events file (placed at
    its event); exit 2, nothing written."""
    mine = panel["people"]["mine"]
    iid = REF.split("/", 1)[0]
    Path("twin.toml").write_bytes(
        findings(panel["people"]["wang"], ["noncompliant"] * 3, 1, inspection_id=TWIN)
    )
    ref = f"{iid[:8]}/gas-overlimit"
    if typed:
        args = [ref, "--action", "rectified"]
        where = ""
    else:
        Path("events.toml").write_text(f'[[event]]\nfinding = "{ref}"\naction = "rectified"\n')
        args = ["--events", "events.toml"]
        where = "events.toml:1: event 1: " if lang == "en" else "events.toml:1: 第 1 个事件："
    given = ["--key", str(mine.key), "--signer", mine.principal]
    run = cli(["followup", "--lang", lang, *args, "-o", "f.toml", *given])
    assert (run.exit_code, run.stdout) == (2, "")
    said = AMBIGUOUS[lang].format(twin=TWIN, iid=iid)
    assert run.stderr.startswith(where + said)
    assert not Path("f.toml").exists()


EARLY = {
    "en": (
        "minecheck: warning: {ref}: no signed follow-up here accepts it by {at}, when the "
        "closure is dated: a report applies a closure only after the acceptance of the "
        "rectification\n"
        "  hint: close it after its rectification is accepted (--action accepted), the "
        "acceptance kept beside the findings or where the closure is written\n"
    ),
    "zh": (
        "minecheck: warning: {ref}：此处已签名的跟踪记录中，没有在该销号所署时间 {at} 或之前"
        "验收其整改的：报告只在整改验收之后才采纳销号\n"
        "  hint: 请在整改验收（--action accepted）之后销号，验收记录放在检查结果文件旁边"
        "或销号文件所写入的文件夹中\n"
    ),
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_closure_before_the_acceptance_is_said_as_it_is_signed(
    cli: Any, panel: dict[str, Any], lang: str
) -> None:
    """The county officer closes a major hidden danger the mine reported rectified, before any
    expert accepted it (and after the mine's own acceptance by self assessment, which no report
    applies to a major): `followup` signed it without a word, and every report then listed it
    "closed while rectified". It says so as it signs, as it says an acceptance before the
    rectification; the file is written, and the reports agree."""
    p = panel["people"]
    step(cli, p["mine"], "f1.toml", "2026-11-30T08:00:00Z", "--action", "rectified")
    step(
        cli,
        p["mine"],
        "f2.toml",
        "2026-12-01T08:00:00Z",
        "--action",
        "accepted",
        "--method",
        "self",
    )
    at = "2026-12-02T08:00:00Z"
    args = ["--lang", lang, REF, "--action", "closed", "--at", at, "-o", "c.toml"]
    run = cli(["followup", *args, *by(p["wang"])])
    assert (run.exit_code, run.stdout, run.stderr) == (
        0,
        "c.toml\n",
        EARLY[lang].format(ref=REF, at=at),
    )
    got = reports(cli, panel, ["xinxing.toml", "f1.toml", "f2.toml", "c.toml"])
    assert got["row"]["state"] == "rectified"
    assert (
        "c.toml",
        "closed while rectified: a hidden danger is closed only after it is accepted",
    ) in got["rejected"]["summary"]


def test_a_closure_after_an_independent_acceptance_is_not_warned_of(
    cli: Any, panel: dict[str, Any]
) -> None:
    """Guard: the expert's acceptance, then the closure: nothing said. After a rejection of that
    acceptance, a closure is early again, and said so; an acceptance and a closure in one
    events file, listed in order, say nothing."""
    p = panel["people"]
    step(cli, p["mine"], "f1.toml", "2026-11-30T08:00:00Z", "--action", "rectified")
    step(cli, p["chen"], "f2.toml", "2026-12-01T08:00:00Z", *ACCEPT, "--reviewer", "Chen Jie")
    closed = ["followup", REF, "--action", "closed", *by(p["wang"])]
    run = cli([*closed, "--at", "2026-12-02T08:00:00Z", "-o", "c.toml"])
    assert (run.exit_code, run.stderr) == (0, "")
    Path("c.toml").unlink()
    step(cli, p["liu"], "f3.toml", "2026-12-02T09:00:00Z", "--action", "rejected", "--note", "no")
    run = cli([*closed, "--at", "2026-12-02T10:00:00Z", "-o", "c.toml"])
    assert "no signed follow-up here accepts it by 2026-12-02T10:00:00Z" in run.stderr
    Path("c.toml").unlink()
    step(cli, p["mine"], "f4.toml", "2026-12-03T08:00:00Z", "--action", "rectified")
    Path("events.toml").write_text(
        f'[[event]]\nfinding = "{REF}"\naction = "accepted"\nmethod = "regulator-onsite"\n'
        'reviewers = ["Wang Wei"]\nat = 2026-12-04T08:00:00Z\n'
        f'[[event]]\nfinding = "{REF}"\naction = "closed"\nat = 2026-12-04T09:00:00Z\n'
    )
    run = cli(["followup", "--events", "events.toml", "-o", "c.toml", *by(p["wang"])])
    assert (run.exit_code, run.stderr) == (0, "")
