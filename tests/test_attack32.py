"""The last merges attacked, round 32: `followup` beside a follow-up signed in a later second
than its own, and with minecheck's own trust list unreadable."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from minecheck import paths
from tests.helpers_docs import documents_parsed
from tests.test_expert_panel import ACCEPT, REF, REVIEWERS, by, panel, reports, step
from tests.test_same_second import RECTIFIED, Clock, T, clock, created

__all__ = ["clock", "panel"]  # the fixtures

SIGNED_LATER = {
    "en": (
        "minecheck: warning: {ref}: f1.toml reports it rectified at 2026-12-01T07:00:00Z, the "
        "time the acceptance is dated, and is signed at 2026-12-01T08:00:05Z, after this "
        "document (2026-12-01T08:00:00Z): a report takes events of one time in the order they "
        "were signed, and applies an acceptance only after the rectification it accepts\n"
        "  hint: date the acceptance after the rectification (--at), or set this machine's "
        "clock right\n"
    ),
    "zh": (
        "minecheck: warning: {ref}：f1.toml 报告于 2026-12-01T07:00:00Z（即该验收所署时间）整改"
        "完成，其签名时间 2026-12-01T08:00:05Z 晚于本记录（2026-12-01T08:00:00Z）：同一时间的"
        "事件，报告按签名先后采纳，而验收只在所验收的整改之后才采纳\n"
        "  hint: 将验收时间（--at）写在整改之后，或校正本机时钟\n"
    ),
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_acceptance_dated_as_a_rectification_signed_later_is_said_so(
    cli: Any, panel: dict[str, Any], clock: Clock, lang: str
) -> None:
    """The mine's rectification is signed on a clock five seconds ahead of the expert's (or
    dated ahead), and the expert accepts it dated by `--at` at the rectification's time: every
    report takes the acceptance first ("accepted while open"). `followup` said "no signed
    follow-up here reports it rectified by 07:00", which f1.toml does; it now names the
    rectification and the signing times that order them."""
    p = panel["people"]
    at = ("--at", "2026-12-01T07:00:00Z")
    clock.now = T + dt.timedelta(seconds=5)
    assert cli(["followup", REF, *RECTIFIED, *at, "-o", "f1.toml", *by(p["mine"])]).exit_code == 0
    clock.now = T
    args = [*ACCEPT, *REVIEWERS, *at, "-o", "a.toml", "--lang", lang, *by(p["chen"])]
    run = cli(["followup", REF, *args])
    assert (run.exit_code, run.stdout) == (0, "a.toml\n")
    assert run.stderr == SIGNED_LATER[lang].format(ref=REF)
    assert created("a.toml") == T  # (signed when it says it is)
    got = reports(cli, panel, ["xinxing.toml", "f1.toml", "a.toml"])
    assert got["row"]["state"] == "rectified"
    assert got["rejected"]["summary"] == [
        ("a.toml", "accepted while open: only a rectified hidden danger can be accepted")
    ]


UNREAD = {
    "en": (
        "minecheck: warning: {path}: 1 malformed line in the allowed signers file: followup "
        "judges the follow-ups here by their signatures alone, as where minecheck has no trust "
        "list of its own\n"
        "  hint: every report made with it stops at it; see what keeps it from being read with\n"
        "    minecheck trust list\n"
    ),
    "zh": (
        "minecheck: warning: {path}：allowed_signers 文件中有 1 行格式有误："
        "followup 仅按签名判断此处的跟踪记录，如同 minecheck 没有自己的信任文件\n"
        "  hint: 使用它的报告都会在此停止；查看无法读取的原因：\n"
        "    minecheck trust list\n"
    ),
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_followup_says_its_own_trust_list_could_not_be_read(
    cli: Any, panel: dict[str, Any], lang: str
) -> None:
    """minecheck's own allowed signers file holds a malformed line: every report made with it
    stops (exit 2), and `followup` judged the follow-ups here by their signatures alone without
    a word, so an acceptance of a rectification signed by a key the list leaves out was signed
    in silence. It now says the list was not read and how it judged; the file is written."""
    p = panel["people"]
    step(cli, p["mine"], "f1.toml", "2026-11-30T08:00:00Z", "--action", "rectified", "--note", "x")
    own = paths.allowed_signers_file()
    own.parent.mkdir(parents=True, exist_ok=True)
    own.write_text(Path(panel["trust"][1]).read_text() + "a line that names no key\n")
    assert cli(["show", "xinxing.toml", "f1.toml"]).exit_code == 2  # (the reports stop)
    args = ["followup", REF, *ACCEPT, *REVIEWERS, "--at", "2026-12-01T08:00:00Z"]
    run = cli([*args, *by(p["chen"]), "-o", "a.toml", "--lang", lang])
    assert (run.exit_code, run.stdout) == (0, "a.toml\n")
    assert run.stderr == UNREAD[lang].format(path=own)
    assert Path("a.toml").is_file()


def test_a_rectification_beside_many_fresh_follow_ups_reads_only_those_of_its_finding(
    cli: Any, panel: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder of follow-ups copied in a moment ago (an archive unpacked, then the script
    signs): every one of them was modified in the last two seconds, so `followup` read and
    verified them all to find one signed in its own second, a second of CPU for 3,000. Only
    those that name a finding of the events being signed can tie one: the others are not
    read for the check (and are still read whole where an acceptance needs them)."""
    p = panel["people"]
    other = REF.replace("gas-overlimit", "methane-return")
    Path("out").mkdir()
    for n in range(3):
        run = cli(["followup", other, *RECTIFIED, "-o", f"out/o{n}.toml", *by(p["mine"])])
        assert run.exit_code == 0
    read = documents_parsed(monkeypatch)
    run = cli(["followup", REF, *RECTIFIED, "-o", "out/r.toml", *by(p["mine"])])
    assert (run.exit_code, run.stdout, run.stderr) == (0, "out/r.toml\n", "")
    assert read == ["xinxing.toml"]  # (the findings named: nothing beside is read)
