"""The last merges attacked, round 33: the "None by the report date" count of a follow-up given
twice, the tie check beside a ref written with TOML escapes, followup's words for an acceptance
after a rejection or listed before its rectification, trust-unread's hint, and the grade of a
findings file the trust list does not hold."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from minecheck import paths
from minecheck.core.documents import Event
from tests.helpers_merge import allowed_signers, findings, person
from tests.test_attack32 import SIGNED_LATER
from tests.test_expert_panel import ACCEPT, REF, REVIEWERS, by, panel, reports, step
from tests.test_export import followup
from tests.test_loose_ends15 import REF as LOOSE_REF
from tests.test_loose_ends15 import _an_event_not_applied, _summary
from tests.test_loose_ends16 import HEADING, NOT_YET, said_not_yet
from tests.test_same_second import RECTIFIED, Clock, T, clock, created

__all__ = ["clock", "panel"]  # the fixtures


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_follow_up_dated_later_is_counted_once_however_often_it_is_given(
    cli: Any, tmp_path: Path, lang: str
) -> None:
    """A follow-up dated after the report's day, given twice (a copy in a folder below, and
    merged with its findings into one file), was counted once for each copy: "2 follow-up
    documents dated after it are not counted" of one document (a copy of a known one is
    skipped). Each document is counted once, in table, Markdown and HTML."""
    docs = _an_event_not_applied(tmp_path)
    (docs / "sub").mkdir()
    shutil.copy(docs / "f.toml", docs / "sub" / "f.toml")
    key = str(tmp_path / "alice")
    allowed = str(tmp_path / "allowed_signers")
    sources = [str(docs / "a.toml"), str(docs / "f.toml")]
    merged = ["merge", *sources, "-o", str(docs / "m.toml"), "--key", key]
    run = cli([*merged, "--allowed-signers", allowed])
    assert run.exit_code == 0, run.stderr
    said_not_yet(cli, docs, lang)


ESCAPED = {
    "u": lambda ref: f'"{ref.replace("/", chr(92) + "u002f")}"',
    "U": lambda ref: f'"{ref.replace("/", chr(92) + "U0000002f")}"',
    "line end": lambda ref: f'"""{ref.replace("/", chr(92) + chr(10) + "    /")}"""',
}


@pytest.mark.parametrize("written", sorted(ESCAPED))
def test_the_tie_check_sees_a_follow_up_naming_the_finding_with_toml_escapes(
    cli: Any, panel: dict[str, Any], clock: Clock, written: str
) -> None:
    """An expert's rejection, hand-written with the ref in TOML escapes (`\\u002f` for its
    slash, or a line-ending backslash in a multi-line string) and signed with `sign` in the
    folder `-o` names, then the mine's new rectification in that very second: the tie check
    read, of the fresh files there, only those whose bytes hold the ref as typed, so it did
    not see the rejection and the two went by their random document ids. A file where an
    escape may spell the ref is read too: the rectification is signed in the next second,
    after the rejection, and every report applies both."""
    p = panel["people"]
    Path("out").mkdir()
    step(cli, p["mine"], "out/f1.toml", "2026-11-30T08:00:00Z", *RECTIFIED)
    hand = (
        '[minecheck]\nformat = "minecheck.followup/1"\n\n[[event]]\n'
        f'finding = {ESCAPED[written](REF)}\naction = "rejected"\nnote = "not done"\n'
        f"at = {T.isoformat().replace('+00:00', 'Z')}\n"
    )
    Path("out/r.toml").write_text(hand, encoding="utf-8")
    run = cli(["sign", "out/r.toml", "--key", str(p["chen"].key), "--signer", p["chen"].principal])
    assert run.exit_code == 0, run.stderr
    assert REF.encode() not in Path("out/r.toml").read_bytes()
    run = cli(["followup", REF, *RECTIFIED, "-o", "out/f2.toml", *by(p["mine"])])
    assert (run.exit_code, run.stdout, run.stderr) == (0, "out/f2.toml\n", "")
    assert created("out/f2.toml") == T + dt.timedelta(seconds=1)
    files = ["xinxing.toml", "out/f1.toml", "out/r.toml", "out/f2.toml"]
    got = reports(cli, panel, files)
    assert got["row"]["state"] == "rectified"
    assert got["rejected"] == {"show": [], "summary": [], "export": ""}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_acceptance_after_a_rejection_dated_as_a_rectification_signed_later_is_said_so(
    cli: Any, panel: dict[str, Any], clock: Clock, lang: str
) -> None:
    """Round 32's case one round on: an expert rejects, the mine rectifies again on a clock five
    seconds ahead, and the expert accepts dated at that rectification's time. `followup` said
    "none reports it rectified again by 07:00", which f2.toml does (every report takes the
    acceptance first, "accepted while rectifying"); it now names the rectification and the
    signing times that order them, as it does where no rejection came before."""
    p = panel["people"]
    at = ("--at", "2026-12-01T07:00:00Z")
    step(cli, p["mine"], "f1.toml", "2026-11-30T08:00:00Z", *RECTIFIED)
    step(cli, p["chen"], "r.toml", "2026-11-30T09:00:00Z", "--action", "rejected", "--note", "x")
    clock.now = T + dt.timedelta(seconds=5)
    assert cli(["followup", REF, *RECTIFIED, *at, "-o", "f2.toml", *by(p["mine"])]).exit_code == 0
    clock.now = T
    args = [*ACCEPT, *REVIEWERS, *at, "-o", "a.toml", "--lang", lang, *by(p["chen"])]
    run = cli(["followup", REF, *args])
    assert (run.exit_code, run.stdout) == (0, "a.toml\n")
    said = SIGNED_LATER[lang].format(ref=REF).replace("f1.toml", "f2.toml")
    assert run.stderr == said
    got = reports(cli, panel, ["xinxing.toml", "f1.toml", "r.toml", "f2.toml", "a.toml"])
    assert got["row"]["state"] == "rectified"
    assert [name for name, _ in got["rejected"]["summary"]] == ["a.toml"]


LISTED_AFTER = {
    "en": (
        "minecheck: warning: {ref}: this document reports it rectified at 2026-12-01T08:00:00Z, "
        "the time the acceptance is dated, in an event listed after the acceptance: a report "
        "takes events of one time in one document in the order they are listed, and applies an "
        "acceptance only after the rectification it accepts\n"
        "  hint: list the rectification before the acceptance, or date the acceptance after it "
        "(at)\n"
    ),
    "zh": (
        "minecheck: warning: {ref}：本记录在该验收之后列出的事件中报告于 2026-12-01T08:00:00Z（即"
        "该验收所署时间）整改完成：同一记录中同一时间的事件，报告按列出先后采纳，而验收只在所验收"
        "的整改之后才采纳\n"
        "  hint: 将整改列在验收之前，或将验收时间（at）写在整改之后\n"
    ),
}
SELF_INSPECTED = "5b6f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c1e"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_acceptance_listed_before_its_rectification_in_one_events_file_is_said_so(
    cli: Any, panel: dict[str, Any], clock: Clock, lang: str
) -> None:
    """The mine's events file for a general hidden danger of its own: the acceptance, then the
    rectification, neither with `at` (both dated when signed). The fold takes events of one
    time in one document in the order they are listed, so every report lists the acceptance
    "accepted while open"; `followup` said "no signed follow-up here reports it rectified by
    08:00", which this very document does. It now says the rectification is listed after the
    acceptance, and how to mend it; listed the other way, nothing is said and it applies."""
    p = panel["people"]
    general = findings(
        p["mine"],
        ["noncompliant"],
        items=["item-0"],
        severity="general",
        inspection_id=SELF_INSPECTED,
    )
    Path("own.toml").write_bytes(general)
    ref = f"{SELF_INSPECTED}/item-0"
    accepted = f'[[event]]\nfinding = "{ref}"\naction = "accepted"\nmethod = "self"\n'
    rectified = f'[[event]]\nfinding = "{ref}"\naction = "rectified"\nnote = "x"\n'
    mine = ["--key", str(p["mine"].key), "--signer", p["mine"].principal, "--findings", "own.toml"]
    Path("e.toml").write_text(accepted + rectified, encoding="utf-8")
    run = cli(["followup", "--events", "e.toml", "-o", "a.toml", "--lang", lang, *mine])
    assert (run.exit_code, run.stdout) == (0, "a.toml\n")
    assert run.stderr == LISTED_AFTER[lang].format(ref=f"e.toml:1: {ref}")  # (the acceptance's)
    show = cli(["show", *panel["trust"], "--json", "own.toml", "a.toml"]).json()["data"]
    assert [r["reason"] for r in show["rejected"]] == [
        "accepted while open: only a rectified hidden danger can be accepted"
    ]
    Path("e.toml").write_text(rectified + accepted, encoding="utf-8")
    Path("a.toml").unlink()  # (its rectification beside would make b.toml's a second one)
    run = cli(["followup", "--events", "e.toml", "-o", "b.toml", "--lang", lang, *mine])
    assert (run.exit_code, run.stdout, run.stderr) == (0, "b.toml\n", "")
    show = cli(["show", *panel["trust"], "--json", "own.toml", "b.toml"]).json()["data"]
    assert show["rejected"] == []


UNREAD = {
    "en": (
        "minecheck: warning: {problem}: followup judges the follow-ups here by their signatures "
        "alone, as where minecheck has no trust list of its own\n"
        "  hint: every report made with it stops at it; see what keeps it from being read with\n"
        "    minecheck trust list\n"
    ),
    "zh": (
        "minecheck: warning: {problem}：followup 仅按签名判断此处的跟踪记录，如同 minecheck 没有"
        "自己的信任文件\n"
        "  hint: 使用它的报告都会在此停止；查看无法读取的原因：\n"
        "    minecheck trust list\n"
    ),
}
PROBLEMS = {
    "folder": {
        "en": "{path}: not a regular file (a directory)",
        "zh": "{path}：不是普通文件（目录）",
    },
    "revoked": {
        "en": "{path}: 1 malformed line in the revoked keys file",
        "zh": "{path}：revoked_keys 文件中有 1 行格式有误",
    },
}


def own_list_unread(cli: Any, panel: dict[str, Any], cause: str) -> Path:
    """The mine's rectification signed; then minecheck's own allowed signers file made a
    folder (`cause` "folder"), or its revoked keys file given a malformed line ("revoked"):
    the path at fault."""
    step(cli, panel["people"]["mine"], "f1.toml", "2026-11-30T08:00:00Z", *RECTIFIED)
    own = paths.allowed_signers_file()
    own.parent.mkdir(parents=True, exist_ok=True)
    if cause == "folder":
        own.mkdir()
        return own
    own.write_text(Path(panel["trust"][1]).read_text())
    at = paths.revoked_keys_file()
    at.write_text("not a key\n")
    return at


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("cause", sorted(PROBLEMS))
def test_followup_s_trust_unread_hint_fits_a_list_with_no_line_at_fault(
    cli: Any, panel: dict[str, Any], lang: str, cause: str
) -> None:
    """minecheck's own allowed signers file is a folder, or its revoked keys file holds a
    malformed line: `followup` warned `trust-unread` with the hint "see the line with
    minecheck trust list", where a folder has no line and the allowed signers file none at
    fault. The hint now says what `minecheck trust list` shows, whatever the cause: what
    keeps the list from being read."""
    p = panel["people"]
    at = own_list_unread(cli, panel, cause)
    assert cli(["trust", "list"]).exit_code == 2  # (it says why)
    args = ["followup", REF, *ACCEPT, *REVIEWERS, "--at", "2026-12-01T08:00:00Z"]
    run = cli([*args, *by(p["chen"]), "-o", "a.toml", "--lang", lang])
    assert (run.exit_code, run.stdout) == (0, "a.toml\n")
    problem = PROBLEMS[cause][lang].format(path=at)
    assert run.stderr == UNREAD[lang].format(problem=problem)


def test_followup_grades_a_finding_by_the_findings_its_trust_list_trusts(
    cli: Any, panel: dict[str, Any]
) -> None:
    """The office's findings grade the hidden danger general; beside them lies another findings
    document of the same inspection, signed by a key minecheck's own trust list does not hold,
    grading it major. Every report leaves that document out and takes the finding as general,
    so the mine's own closure after an expert's acceptance closes it. `followup` with no
    `--findings` (every file here read) took the grade from every signed findings document and
    warned that no report would apply a major's closure by its rectifier; it now grades by the
    findings the trust list trusts, as it already judged the follow-ups (and by signatures
    alone where there is no trust list)."""
    p = panel["people"]
    general = findings(p["wang"], ["compliant", "noncompliant", "compliant"], severity="general")
    Path("xinxing.toml").write_bytes(general)
    stranger = person(panel["work"].parent, "stranger")
    major = findings(stranger, ["compliant", "noncompliant", "compliant"], n=1)
    Path("stranger.toml").write_bytes(major)
    own = paths.allowed_signers_file()
    own.parent.mkdir(parents=True, exist_ok=True)
    own.write_text(Path(panel["trust"][1]).read_text())
    step(cli, p["mine"], "f1.toml", "2026-11-30T08:00:00Z", *RECTIFIED)
    step(cli, p["chen"], "a.toml", "2026-12-01T08:00:00Z", *ACCEPT, *REVIEWERS)
    run = cli(
        [
            "followup",
            REF,
            "--action",
            "closed",
            "--at",
            "2026-12-02T08:00:00Z",
            "-o",
            "c.toml",
            *("--key", str(p["mine"].key), "--signer", p["mine"].principal),
        ]
    )
    assert (run.exit_code, run.stdout, run.stderr) == (0, "c.toml\n", "")
    files = ["xinxing.toml", "stranger.toml", "f1.toml", "a.toml", "c.toml"]
    got = reports(cli, panel, files)
    assert got["row"]["state"] == "closed"
    assert got["rejected"]["summary"] == []
    own.unlink()  # no trust list of its own: by signatures alone, as before
    run = cli(["followup", REF, "--action", "closed", "-o", "c2.toml", *by(p["mine"])[:4]])
    assert "no report will apply a major hidden danger's closure" in run.stderr


# the end of 1 December in Beijing (UTC+8) and in New York (UTC-5)
MIDNIGHT = {
    "Asia/Shanghai": dt.datetime(2026, 12, 1, 16, 0, tzinfo=dt.UTC),
    "America/New_York": dt.datetime(2026, 12, 2, 5, 0, tzinfo=dt.UTC),
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("zone", sorted(MIDNIGHT))
def test_a_follow_up_signed_at_the_report_day_s_end_is_counted_by_the_report_s_zone(
    cli: Any,
    tmp_path: Path,
    in_zone: Callable[[str | None], None],
    zone: str,
    lang: str,
) -> None:
    """Guard: a follow-up signed the second before the report's day ends where the report is
    made is known that day (its event listed); one signed at the very instant the day ends is
    dated after it ("None by the report date: 1 ..."), east and west of UTC alike."""
    in_zone(zone)
    alice = person(tmp_path, "alice")
    allowed_signers(tmp_path / "allowed_signers", alice)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.toml").write_bytes(findings(alice, ["noncompliant", "compliant", "compliant"]))
    for moment, known in (
        (MIDNIGHT[zone] - dt.timedelta(seconds=1), True),
        (MIDNIGHT[zone], False),
    ):
        event = Event(LOOSE_REF, "accepted", moment, method="self")
        (docs / "f.toml").write_bytes(followup(alice, event))
        md = _summary(cli, docs, lang, "--as-of", "2026-12-01", "--format", "md").stdout
        listed = md.split(f"## {HEADING[lang]}\n\n")[1]
        if known:
            assert "f.toml" in listed.split("\n\n")[0]
        else:
            assert listed.startswith(f"{NOT_YET[lang]}\n")
