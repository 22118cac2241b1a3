"""Mutation round 107: what tonight's last code added and no test yet held (the rounds a
reopening starts, an extension that starts none)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from tests.helpers_merge import INSPECTION, findings
from tests.test_attack30 import RECTIFIED, SENT_BACK
from tests.test_encodings4 import ASCII_ANSWERS, TRADITIONAL, UNESCAPED
from tests.test_expert_panel import ACCEPT, REF, REVIEWERS, by, panel, reports, step
from tests.test_loose_ends9 import _answers_refused

__all__ = ["panel"]  # the fixture


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_followup_warns_an_acceptance_after_a_reopening_with_no_rectification_since(
    cli: Any, panel: dict[str, Any], lang: str
) -> None:
    """The mine reports the major rectified, an expert accepts, the office's look-back reopens
    it, and another expert accepts a day later with nothing rectified since: every report lists
    the second acceptance as "accepted while rectifying", and `followup` says so as it signs it,
    as it does after a rejection."""
    p = panel["people"]
    step(cli, p["mine"], "f1.toml", "2026-11-30T08:00:00Z", *RECTIFIED)
    step(cli, p["chen"], "a1.toml", "2026-11-30T12:00:00Z", *ACCEPT, *REVIEWERS)
    step(cli, p["wang"], "o.toml", "2026-12-01T08:00:00Z", "--action", "reopened", "--note", "y")
    args = ["followup", REF, *ACCEPT, *REVIEWERS, "--at", "2026-12-02T08:00:00Z", *by(p["liu"])]
    run = cli([*args, "-o", "a2.toml", "--lang", lang])
    assert (run.exit_code, run.stdout) == (0, "a2.toml\n")
    assert run.stderr == SENT_BACK[lang].format(ref=REF)
    got = reports(cli, panel, ["xinxing.toml", "f1.toml", "a1.toml", "o.toml", "a2.toml"])
    assert got["row"]["state"] == "rectifying"


def test_an_extension_between_the_rectification_and_the_acceptance_starts_no_round(
    cli: Any, panel: dict[str, Any]
) -> None:
    """An extension after the mine's rectification sends nothing back to rectification: the
    expert's acceptance after it is applied by every report and signed without a word, and the
    mine's own closure of the major is still said to be the rectifier's."""
    p = panel["people"]
    step(cli, p["mine"], "f1.toml", "2026-11-30T08:00:00Z", *RECTIFIED)
    more = ("--new-deadline", "2027-01-31", "--note", "fan on order")
    step(cli, p["wang"], "e.toml", "2026-11-30T12:00:00Z", "--action", "extended", *more)
    args = ["followup", REF, *ACCEPT, *REVIEWERS, "--at", "2026-12-01T08:00:00Z", *by(p["chen"])]
    run = cli([*args, "-o", "a.toml"])
    assert (run.exit_code, run.stdout, run.stderr) == (0, "a.toml\n", "")
    files = ["xinxing.toml", "f1.toml", "e.toml", "a.toml"]
    assert reports(cli, panel, files)["row"]["state"] == "accepted"


ACCEPTED = (
    f'[[event]]\nfinding = "{REF}"\naction = "accepted"\nmethod = "expert-review"\n'
    'reviewers = ["Chen Jie", "Liu Yang", "Sun Li"]\nat = 2026-12-02T08:00:00Z\n'
)


@pytest.mark.parametrize(
    ("first", "said"),
    [
        (  # a rejection in the events file itself: sent back, nothing rectified since
            f'[[event]]\nfinding = "{REF}"\naction = "rejected"\nnote = "y"\n'
            "at = 2026-12-01T08:00:00Z\n\n",
            SENT_BACK["en"].format(ref=f"e.toml:7: {REF}"),  # (the acceptance's line)
        ),
        (  # an extension there: no new round, the mine's rectification stands
            f'[[event]]\nfinding = "{REF}"\naction = "extended"\nnew_deadline = 2027-01-31\n'
            'note = "fan on order"\nat = 2026-12-01T08:00:00Z\n\n',
            "",
        ),
    ],
    ids=["rejected", "extended"],
)
def test_an_events_file_s_own_rejection_starts_a_round_and_its_extension_none(
    cli: Any, panel: dict[str, Any], first: str, said: str
) -> None:
    """An events file that holds a rejection and, a day later, an acceptance, with nothing
    rectified since the mine's rectification before both: its acceptance is warned of as every
    report lists it ("accepted while rectifying"); with an extension in the rejection's place,
    nothing is said and every report applies the acceptance."""
    p = panel["people"]
    step(cli, p["mine"], "f1.toml", "2026-11-30T08:00:00Z", *RECTIFIED)
    Path("e.toml").write_text(first + ACCEPTED)
    args = ["followup", "--events", "e.toml", "-o", "a.toml", *by(p["wang"])]
    run = cli(args)
    assert (run.exit_code, run.stdout, run.stderr) == (0, "a.toml\n", said)
    state = reports(cli, panel, ["xinxing.toml", "f1.toml", "a.toml"])["row"]["state"]
    assert state == ("rectifying" if said else "accepted")


def test_an_acceptance_in_the_same_second_as_the_rectification_it_follows_is_taken(
    cli: Any, panel: dict[str, Any]
) -> None:
    """The mine's rectification (signed on the day) and the expert's acceptance signed later,
    both dated the same second: every report applies the acceptance (the fold takes events of
    one time in the order they were signed), and `followup` signs it without a word."""
    p = panel["people"]
    Path("r.toml").write_text(
        "[minecheck]\ncreated = 2026-12-01T09:00:00Z\n\n"
        f'[[event]]\nfinding = "{REF}"\naction = "rectified"\nnote = "x"\n'
        "at = 2026-12-01T08:00:00Z\n"
    )
    run = cli(["followup", "--events", "r.toml", "-o", "f1.toml", *by(p["mine"])])
    assert (run.exit_code, run.stdout, run.stderr) == (0, "f1.toml\n", "")
    args = ["followup", REF, *ACCEPT, *REVIEWERS, "--at", "2026-12-01T08:00:00Z", *by(p["chen"])]
    run = cli([*args, "-o", "a.toml"])
    assert (run.exit_code, run.stdout, run.stderr) == (0, "a.toml\n", "")
    assert reports(cli, panel, ["xinxing.toml", "f1.toml", "a.toml"])["row"]["state"] == "accepted"


@pytest.mark.parametrize(
    ("text", "at"),
    [
        ('[answers]\nnote = "a\\qb"\n# ends \\', "2:12"),  # a comment's backslash last
        ('[answers]\nnote = "a\\q', "2:12"),  # the escape last: one past the end
    ],
)
def test_an_escape_the_parser_refuses_keeps_its_place_in_a_file_ending_in_a_backslash(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, at: str
) -> None:
    """A backslash the parser cannot read (`\\q`) ends no line: its place stays the parser's,
    though the file ends in a comment's backslash (no string's, so nothing to move it to), or
    in the escape itself (the parser's place one past the end, and no backslash there)."""
    monkeypatch.chdir(tmp_path)
    run = _answers_refused(cli, tmp_path, text.encode(), "en")
    assert run.stderr.splitlines()[0] == UNESCAPED["en"].format(at=at)


REJECT = ("--action", "rejected", "--note", "y")


@pytest.mark.parametrize(
    ("steps", "said"),
    [
        (  # the last of two rejections starts the round: nothing rectified since
            [
                ("mine", "2026-11-29T12:00:00Z", RECTIFIED),
                ("sun", "2026-11-30T08:00:00Z", REJECT),
                ("mine", "2026-11-30T12:00:00Z", RECTIFIED),
                ("liu", "2026-12-01T08:00:00Z", REJECT),
            ],
            True,
        ),
        (  # a rectification dated after the acceptance does not come before it
            [
                ("mine", "2026-11-30T08:00:00Z", RECTIFIED),
                ("liu", "2026-12-01T08:00:00Z", REJECT),
                ("mine", "2026-12-03T08:00:00Z", RECTIFIED),
            ],
            True,
        ),
        (  # a rejection dated after the acceptance sends nothing back before it
            [
                ("mine", "2026-11-30T08:00:00Z", RECTIFIED),
                ("liu", "2026-12-03T08:00:00Z", REJECT),
            ],
            False,
        ),
    ],
    ids=["two-rejections", "rectified-after", "rejected-after"],
)
def test_the_round_an_acceptance_falls_in_is_the_one_by_its_time(
    cli: Any, panel: dict[str, Any], steps: list[tuple[str, str, tuple[str, ...]]], said: bool
) -> None:
    """The acceptance dated 2 December is judged in the round its time falls in: after the
    last rejection before it, with the rectifications before it; a later rejection or
    rectification, already signed here, changes nothing of it."""
    p = panel["people"]
    for n, (who, at, action) in enumerate(steps):
        step(cli, p[who], f"s{n}.toml", at, *action)
    args = ["followup", REF, *ACCEPT, *REVIEWERS, "--at", "2026-12-02T08:00:00Z", *by(p["chen"])]
    run = cli([*args, "-o", "a.toml"])
    assert (run.exit_code, run.stdout) == (0, "a.toml\n")
    assert run.stderr == (SENT_BACK["en"].format(ref=REF) if said else "")
    files = ["xinxing.toml", *(f"s{n}.toml" for n in range(len(steps))), "a.toml"]
    refused = reports(cli, panel, files)["rejected"]["summary"]
    assert [name for name, _ in refused] == (["a.toml"] if said else [])


def test_an_events_file_s_rectification_and_acceptance_of_one_second_are_taken_in_order(
    cli: Any, panel: dict[str, Any]
) -> None:
    """The mine's events file lists a general hidden danger's rectification and then its self
    assessment, both dated the same second: the fold takes them in their place in the
    document, the assessment is applied, and nothing is said."""
    p = panel["people"]
    general = findings(p["wang"], ["compliant", "noncompliant", "compliant"], severity="general")
    Path("general.toml").write_bytes(general)
    Path("e.toml").write_text(
        f'[[event]]\nfinding = "{REF}"\naction = "rectified"\nnote = "x"\n'
        "at = 2026-12-01T08:00:00Z\n\n"
        f'[[event]]\nfinding = "{REF}"\naction = "accepted"\nmethod = "self"\n'
        "at = 2026-12-01T08:00:00Z\n"
    )
    args = ["followup", "--events", "e.toml", "--key", str(p["mine"].key), "-o", "g.toml"]
    run = cli([*args, "--signer", p["mine"].principal, "--findings", "general.toml"])
    assert (run.exit_code, run.stdout, run.stderr) == (0, "g.toml\n", "")
    got = cli(["export", *panel["trust"], "--format", "jsonl", "general.toml", "g.toml"])
    assert '"state":"accepted"' in got.stdout


def test_an_acceptance_signed_after_a_rejection_of_the_same_second_is_warned_of(
    cli: Any, panel: dict[str, Any]
) -> None:
    """The expert's rejection (signed on the day) and another expert's acceptance signed later,
    both dated the same second: the fold takes the rejection first, and lists the acceptance
    "accepted while rectifying"; `followup` says so as it signs it."""
    p = panel["people"]
    step(cli, p["mine"], "f1.toml", "2026-11-30T08:00:00Z", *RECTIFIED)
    Path("r.toml").write_text(
        "[minecheck]\ncreated = 2026-12-02T09:00:00Z\n\n"
        f'[[event]]\nfinding = "{REF}"\naction = "rejected"\nnote = "y"\n'
        "at = 2026-12-01T08:00:00Z\n"
    )
    run = cli(["followup", "--events", "r.toml", "-o", "r1.toml", *by(p["liu"])])
    assert (run.exit_code, run.stdout) == (0, "r1.toml\n")
    args = ["followup", REF, *ACCEPT, *REVIEWERS, "--at", "2026-12-01T08:00:00Z", *by(p["chen"])]
    run = cli([*args, "-o", "a.toml"])
    assert (run.exit_code, run.stdout) == (0, "a.toml\n")
    assert run.stderr == SENT_BACK["en"].format(ref=REF).replace(
        "2026-12-02T08:00:00Z", "2026-12-01T08:00:00Z"
    )
    refused = reports(cli, panel, ["xinxing.toml", "f1.toml", "r1.toml", "a.toml"])["rejected"]
    assert [name for name, _ in refused["summary"]] == ["a.toml"]


def test_the_mine_s_extension_names_every_signer_of_the_findings_in_order(
    cli: Any, panel: dict[str, Any]
) -> None:
    """Three inspectors signed findings of the inspection: the warning of the mine's own
    extension names them all, sorted, whatever order the files were read in."""
    p = panel["people"]
    for who in ("sun", "liu"):
        Path(f"{who}.toml").write_bytes(
            findings(p[who], ["compliant", "noncompliant", "compliant"])
        )
    more = ("--new-deadline", "2027-01-31", "--note", "fan on order")
    args = ["followup", REF, "--action", "extended", *more, "--at", "2026-12-03T08:00:00Z"]
    key = ["--key", str(p["mine"].key), "--signer", p["mine"].principal]
    files = ["--findings", "xinxing.toml", "--findings", "sun.toml", "--findings", "liu.toml"]
    run = cli([*args, *key, *files, "-o", "m.toml"])
    assert (run.exit_code, run.stdout) == (0, "m.toml\n")
    assert run.stderr.startswith(
        f"minecheck: warning: {REF}: liu@coal.example, sun@coal.example, wang@coal.example "
        "signed the findings that set its deadline, and mine@coal.example signed none of them"
    )


def test_an_extension_of_an_inspection_no_findings_here_hold_names_no_signers(
    cli: Any, panel: dict[str, Any]
) -> None:
    """The mine extends a hidden danger of an inspection whose findings are not here: no one is
    known to have signed them, and nothing is said of who should have."""
    p = panel["people"]
    other = "0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9/gas-overlimit"
    more = ("--new-deadline", "2027-01-31", "--note", "fan on order")
    args = ["followup", other, "--action", "extended", *more, "--at", "2026-12-03T08:00:00Z"]
    key = ["--key", str(p["mine"].key), "--signer", p["mine"].principal]
    run = cli([*args, *key, "-o", "m.toml", "--json"])
    assert run.exit_code == 0
    codes = [w["code"] for w in run.json()["problems"]]
    assert codes == ["findings-unchecked"]


def test_the_mine_s_withdrawal_in_an_events_file_is_placed_at_its_own_event(
    cli: Any, panel: dict[str, Any]
) -> None:
    """The mine's events file reports the hidden danger rectified and then withdraws it: the
    warning names its code, `withdrawn-by-another`, and the withdrawal's own `[[event]]` line."""
    p = panel["people"]
    Path("e.toml").write_text(
        f'[[event]]\nfinding = "{REF}"\naction = "rectified"\nnote = "x"\n'
        "at = 2026-11-30T08:00:00Z\n\n"
        f'[[event]]\nfinding = "{REF}"\naction = "withdrawn"\nnote = "the log was misread"\n'
        "at = 2026-12-01T08:00:00Z\n"
    )
    run = cli(["followup", "--events", "e.toml", "-o", "w.toml", "--json", *by(p["mine"])])
    assert (run.exit_code, run.stderr) == (0, "")
    got = [(w["code"], w["path"], w["line"]) for w in run.json()["problems"]]
    assert got == [("withdrawn-by-another", "e.toml", 7)]


BIG5_TITLE = (
    'id = "x"\ntitle = "這個礦井的通風設備需要檢查，瓦斯濃度過高時應停止作業並撤離人員。"\n'
)


@pytest.mark.parametrize(
    ("end", "command"),
    [
        ("\n", "mkdir -p utf-8 && iconv -f BIG5 -t UTF-8 c.toml > utf-8/c.toml"),
        ("\r\n", "mkdir -p utf-8 && iconv -f BIG5 -t UTF-8 c.toml | tr -d '\\r' > utf-8/c.toml"),
    ],
    ids=["lf", "crlf"],
)
def test_a_big5_checklist_s_command_takes_out_crs_only_where_it_has_them(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, end: str, command: str
) -> None:
    """A checklist's reader takes no CR: the Big5 command of one saved with CR LF ends takes
    them out, and of one saved with LF ends has nothing to take out."""
    monkeypatch.chdir(tmp_path)
    Path("c.toml").write_bytes(BIG5_TITLE.replace("\n", end).encode("big5"))
    run = cli(["checklists", "lint", "c.toml"])
    assert run.exit_code != 0
    assert f"    {command}" in (run.stdout + run.stderr).splitlines()


def test_big5_answers_with_cr_lf_ends_are_converted_as_they_are(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The answers' reader takes CR LF: the Big5 command leaves the CRs in."""
    monkeypatch.chdir(tmp_path)
    text = TRADITIONAL.replace("\n", "\r\n").encode("big5")
    run = _answers_refused(cli, tmp_path, text, "en")
    assert "    iconv -f BIG5 -t UTF-8 a.toml > a.utf-8.toml" in run.stderr.splitlines()


HOLD_NONE = (
    f"{INSPECTION}/gas-overlimit: the extension is dated 2026-12-03T08:00:00Z, on 2026-12-03, "
    "after the deadline 2026-11-30 the findings give had passed: a report applies it only where "
    "an earlier extension, a rejection or a reopening set a new term, and the follow-ups here "
    "hold none"
)


@pytest.mark.parametrize(
    ("at", "new"),
    [
        ("2026-11-29T12:00:00Z", "2026-11-30"),  # to the deadline itself
        ("2026-12-02T08:00:00Z", "2026-12-01"),  # not after the day it is made
    ],
    ids=["to-the-deadline", "to-its-own-day"],
)
def test_an_extension_no_report_applies_sets_no_term_for_a_later_one(
    cli: Any, panel: dict[str, Any], at: str, new: str
) -> None:
    """The office's events file holds an extension no report applies (to the deadline itself,
    or to the day it is made) and, after the deadline, another: the first sets no new term, so
    the second is said to stand on none, as every report refuses it."""
    p = panel["people"]
    deadline = dt.date(2026, 11, 30)
    results = ["compliant", "noncompliant", "compliant"]
    Path("xinxing.toml").write_bytes(findings(p["wang"], results, deadline=deadline))
    Path("e.toml").write_text(
        f'[[event]]\nfinding = "{REF}"\naction = "extended"\nnew_deadline = {new}\n'
        f'note = "a"\nat = {at}\n\n'
        f'[[event]]\nfinding = "{REF}"\naction = "extended"\nnew_deadline = 2027-01-31\n'
        'note = "b"\nat = 2026-12-03T08:00:00Z\n'
    )
    run = cli(["followup", "--events", "e.toml", "-o", "x.toml", "--json", *by(p["wang"])])
    assert run.exit_code == 0
    said = [(w["message"], w["line"]) for w in run.json()["problems"]]
    assert (HOLD_NONE, 8) in said


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize(("line", "length"), [(b"x" * 63, 64), (b"x" * 64, 65), (b"a\tb\r", 5)])
def test_a_line_appended_to_utf_16_is_told_up_to_64_bytes(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, codec: str, line: bytes, length: int
) -> None:
    """A line of one-byte text (a tab in it too) appended to UTF-16 is told with its bytes, up
    to 64 of them, in either byte order (UTF-16BE's stopped at 63: its LF is a byte past its
    NUL, and only the last 65 bytes were looked in); one of 65 is not told so."""
    monkeypatch.chdir(tmp_path)
    more = line + b"\n"
    run = _answers_refused(cli, tmp_path, ASCII_ANSWERS.encode(codec) + more, "en")
    assert (f"with {length} bytes more at its end" in run.stderr) is (length != 65)


@pytest.mark.parametrize("mark", [b"", b"\xff\xfe"], ids=["markless", "marked"])
def test_one_lf_appended_to_utf_16_is_said_as_one_byte(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mark: bytes
) -> None:
    """A lone LF appended to UTF-16 (an odd length) is one byte more, said as one byte is; a
    line appended is two bytes at least."""
    monkeypatch.chdir(tmp_path)
    run = _answers_refused(cli, tmp_path, mark + ASCII_ANSWERS.encode("utf-16-le") + b"\n")
    assert run.stderr.splitlines()[0].endswith(
        "with one byte more at its end, 0x0a (as `echo >>` appends); save it as UTF-8"
    )
