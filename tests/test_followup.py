"""`minecheck followup`: one event or many, refs by prefix, every problem at once, nothing lost."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import tomli

from minecheck.core.seal import split
from tests.helpers_merge import INSPECTION, Who, findings, person

REF = f"{INSPECTION}/gas-overlimit"
DUE = dt.date(2026, 12, 20)


@pytest.fixture
def setup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    return an_inspection_to_follow(tmp_path, monkeypatch)


def an_inspection_to_follow(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """alice's findings (one noncompliant item) in ./work, the enterprise's key to sign its
    follow-ups with, and alice's to grant an extension with (the authority's to grant)."""
    who = person(tmp_path, "ent")
    inspector = person(tmp_path, "alice")
    work = tmp_path / "work"
    work.mkdir()
    (work / "alice.toml").write_bytes(
        findings(inspector, ["compliant", "noncompliant", "compliant"])
    )
    monkeypatch.chdir(work)
    sign = ["--key", str(who.key), "--signer", who.principal]
    grant = ["--key", str(inspector.key), "--signer", inspector.principal]
    return {"who": who, "inspector": inspector, "sign": sign, "grant": grant, "work": work}


def test_one_event_with_a_prefix_ref_and_evidence(cli: Any, setup: dict[str, Any]) -> None:
    (setup["work"] / "photo.jpg").write_bytes(b"jpeg bytes")
    run = cli(
        [
            *("followup", f"{INSPECTION[:6]}/gas-overlimit", "--action", "rectified"),
            *(
                "--note",
                "Sensor replaced",
                "--evidence",
                "photo.jpg",
                "--at",
                "2026-11-30T10:00:00Z",
            ),
            *("-o", "f.toml", *setup["sign"]),
        ]
    )
    assert (run.exit_code, run.stdout, run.stderr) == (0, "f.toml\n", "")
    body, _ = split((setup["work"] / "f.toml").read_bytes())
    doc = tomli.loads(body.decode())
    assert doc["minecheck"]["format"] == "minecheck.followup/1"
    assert doc["minecheck"]["signer"] == "ent@coal.example"
    [event] = doc["event"]
    assert event["finding"] == REF
    assert event["evidence"] == [
        {"path": "photo.jpg", "sha256": hashlib.sha256(b"jpeg bytes").hexdigest(), "bytes": 10}
    ]


@pytest.mark.skipif(shutil.which("ssh-keygen") is None, reason="ssh-keygen is not installed")
def test_ssh_keygen_verifies_a_followup(cli: Any, setup: dict[str, Any], tmp_path: Path) -> None:
    run = cli(["followup", REF, "--action", "escalated", "-o", "f.toml", *setup["sign"]])
    assert run.exit_code == 0, run.stderr
    body, armored = split((setup["work"] / "f.toml").read_bytes())
    assert armored is not None
    who: Who = setup["who"]
    allowed = tmp_path / "allowed"
    allowed.write_text(f"{who.principal} {Path(f'{who.key}.pub').read_text()}")
    (tmp_path / "sig").write_text(armored)
    checked = subprocess.run(
        [
            *("ssh-keygen", "-Y", "verify", "-f", str(allowed), "-I", who.principal),
            *("-n", "minecheck-findings-v1", "-s", str(tmp_path / "sig")),
        ],
        input=body,
        capture_output=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stderr


def test_every_problem_with_one_event_is_reported_and_nothing_written(
    cli: Any, setup: dict[str, Any]
) -> None:
    run = cli(
        [
            *("followup", REF, "--action", "rectified", "--method", "bogus"),
            *(
                "--reviewer",
                "Dr Li",
                "--new-deadline",
                "15/01/2027",
                "--at",
                "2099-01-01T00:00:00Z",
            ),
            *("-o", "f.toml", *setup["sign"]),
        ]
    )
    assert run.exit_code == 2
    assert run.stdout == ""
    assert run.stderr.splitlines() == [
        # the options an action does not take, said by the options typed
        "--method 'bogus' is not one of self, expert-review, third-party, regulator-onsite",
        "--method goes only with --action accepted",
        "--reviewer goes only with --action accepted",
        "--new-deadline goes only with --action extended",
        "--at '2099-01-01T00:00:00Z' is in the future",
        "minecheck: error: the command line: the events cannot be used; nothing was written",
    ]
    assert not (setup["work"] / "f.toml").exists()


def _extension(cli: Any, setup: dict[str, Any], deadline: str) -> Any:
    return cli(
        [
            *("followup", REF, "--action", "extended", "--note", "a new fan"),
            *("--new-deadline", deadline, "--at", "2026-11-30T10:00:00Z"),
            *("-o", "f.toml", *setup["grant"]),
        ]
    )


def test_a_new_deadline_as_people_write_it(cli: Any, setup: dict[str, Any]) -> None:
    """--new-deadline takes a date as the walk takes a deadline (it took only 2027-01-10)."""
    for given in ("2027年1月10日", "2027/1/10", "2027-1-10"):
        run = _extension(cli, setup, given)
        assert (run.exit_code, run.stdout, run.stderr) == (0, "f.toml\n", ""), given
        body, _ = split((setup["work"] / "f.toml").read_bytes())
        [event] = tomli.loads(body.decode())["event"]
        assert event["new_deadline"] == dt.date(2027, 1, 10)
        (setup["work"] / "f.toml").unlink()


@pytest.mark.parametrize(
    ("given", "said"),
    [
        (
            "2027-02-29",
            "--new-deadline '2027-02-29' is no day of the calendar: 2027-02 has 28 days",
        ),
        ("15/01/2027", "--new-deadline '15/01/2027' is not a date like 2027-01-15"),
    ],
)
def test_a_new_deadline_that_is_none_is_said_once(
    cli: Any, setup: dict[str, Any], given: str, said: str
) -> None:
    """The date's problem alone: not also "an extended event needs a new_deadline", which
    told the inspector who gave one to give one."""
    run = _extension(cli, setup, given)
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines() == [
        said,
        "minecheck: error: the command line: the events cannot be used; nothing was written",
    ]
    assert not (setup["work"] / "f.toml").exists()


def test_an_event_time_with_an_offset_in_a_toml_events_file(
    cli: Any, setup: dict[str, Any]
) -> None:
    """A TOML offset date-time in Beijing time is the same instant in UTC, as the same time
    given as a string, in JSON or with --at is (it was refused: "at must be in UTC")."""
    (setup["work"] / "events.toml").write_text(
        f'[[event]]\nfinding = "{REF}"\naction = "rectified"\nat = 2026-11-30T18:00:00+08:00\n'
    )
    run = cli(["followup", "--events", "events.toml", "-o", "f.toml", *setup["sign"]])
    assert (run.exit_code, run.stderr) == (0, "")
    body, _ = split((setup["work"] / "f.toml").read_bytes())
    assert "\nat = 2026-11-30T10:00:00Z\n" in body.decode()


def test_an_event_no_report_will_apply_is_said_when_it_is_written(
    cli: Any, setup: dict[str, Any]
) -> None:
    """An event dated before the inspection began, and an extension to a day not after the
    deadline the findings give, are refused by every report: the findings here tell so when the
    follow-up is signed (it was said only when a report was made). Both are written: a signed
    record of what was claimed."""
    (setup["work"] / "alice.toml").write_bytes(
        findings(setup["inspector"], ["compliant", "noncompliant", "compliant"], deadline=DUE)
    )
    early = cli(
        [
            *("followup", REF, "--action", "rectified", "--at", "2026-11-28T08:00:00Z"),
            *("-o", "early.toml", *setup["sign"]),
        ]
    )
    assert (early.exit_code, early.stdout) == (0, "early.toml\n")
    assert early.stderr == (
        f"minecheck: warning: {REF}: the event is dated 2026-11-28T08:00:00Z, before the "
        "inspection began (2026-11-29T08:15:00Z): no report will apply it\n"
        "  hint: date the event when it happened, at or after the inspection began (--at)\n"
    )
    for new, said in (
        ("2026-12-15", "the new deadline 2026-12-15 is not after"),
        ("2026-12-20", "the new deadline 2026-12-20 is not after"),
        ("2026-12-21", None),
    ):
        run = cli(
            [
                *("followup", REF, "--action", "extended", "--note", "a new fan"),
                *("--new-deadline", new, "--at", "2026-11-30T08:00:00Z"),
                *("-o", f"x-{new}.toml", *setup["grant"]),
            ]
        )
        assert (run.exit_code, run.stdout) == (0, f"x-{new}.toml\n")
        assert run.stderr == (
            f"minecheck: warning: {REF}: {said} the deadline 2026-12-20 the findings give: "
            "no report will apply the extension\n"
            "  hint: an extension moves the deadline later: give a day after 2026-12-20 "
            "(--new-deadline)\n"
            if said
            else ""
        )


def test_an_extension_to_a_day_not_after_its_own_is_said_when_it_is_written(
    cli: Any, setup: dict[str, Any]
) -> None:
    """An extension must set a day after the one it is made on: every report refuses one that
    does not, whatever the deadline the findings give (here one already past, as after a
    reopening). It was said only when a report was made. The reopening (of a rectification:
    one of an open danger is refused and gives no new term) is among the follow-ups here:
    without one, an extension after the findings' deadline is said too
    (tests/test_officer_month.py)."""
    rectified = ["followup", REF, "--action", "rectified", "--at", "2026-11-29T12:00:00Z"]
    run = cli([*rectified, "-o", "rectified.toml", *setup["sign"]])
    assert run.exit_code == 0, run.stderr
    reopened = ["followup", REF, "--action", "reopened", "--at", "2026-11-30T08:00:00Z"]
    run = cli([*reopened, "-o", "reopened.toml", *setup["sign"]])
    assert run.exit_code == 0, run.stderr
    (setup["work"] / "alice.toml").write_bytes(
        findings(
            setup["inspector"],
            ["compliant", "noncompliant", "compliant"],
            deadline=dt.date(2026, 11, 29),
        )
    )
    for new, said in (("2026-11-30", True), ("2026-12-01", False)):
        run = cli(
            [
                *("followup", REF, "--action", "extended", "--note", "a new fan"),
                *("--new-deadline", new, "--at", "2026-11-30T12:00:00Z"),
                *("-o", f"x-{new}.toml", *setup["grant"]),
            ]
        )
        assert (run.exit_code, run.stdout) == (0, f"x-{new}.toml\n")
        assert run.stderr == (
            f"minecheck: warning: {REF}: the new deadline {new} is not after 2026-11-30, the "
            "day the extension is made: no report will apply it\n"
            "  hint: an extension moves the deadline later: give a day after 2026-11-30 "
            "(--new-deadline)\n"
            if said
            else ""
        )


def test_a_major_accepted_by_self_assessment_is_said_when_it_is_written(
    cli: Any, setup: dict[str, Any]
) -> None:
    """A report takes a finding's gravest grade, so a hidden danger the findings here grade
    major is major in every report, and every report refuses its acceptance by the
    enterprise's self-assessment (DOMAIN: expert review for majors). It was said only when a
    report was made; the file is written all the same (a signed record of the claim)."""
    alice = setup["inspector"]  # the rectification each accepts, reported by another signer
    rectified = ("followup", REF, "--action", "rectified", "--at", "2026-11-30T07:00:00Z")
    by_alice = ("--key", str(alice.key), "--signer", alice.principal)
    assert cli([*rectified, "-o", "r.toml", *by_alice]).exit_code == 0
    accepting = ("expert-review", "third-party", "regulator-onsite")
    for method, said in (("self", True), *((m, False) for m in accepting)):
        run = cli(
            [
                *("followup", REF, "--action", "accepted", "--method", method),
                *("--reviewer", "Dr Li", "--at", "2026-11-30T08:00:00Z"),
                *("-o", f"{method}.toml", *setup["sign"]),
            ]
        )
        assert (run.exit_code, run.stdout) == (0, f"{method}.toml\n")
        assert run.stderr == (
            f"minecheck: warning: {REF}: the findings grade it major, which is accepted only "
            "by expert-review, third-party or regulator-onsite: no report will apply this "
            "acceptance by self assessment\n"
            "  hint: a major hidden danger is accepted by a review independent of the enterprise: "
            "--method expert-review (naming each --reviewer), third-party or regulator-onsite\n"
            if said
            else ""
        )
        # (each judged alone: a second acceptance by one signer is refused, `accepted-twice`)
        Path(f"{method}.toml").unlink()


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        (f"{INSPECTION}/no-such-item", f"inspection {INSPECTION} has no item 'no-such-item'"),
        ("ffff/gas-overlimit", "no findings file here holds inspection 'ffff'"),
        (
            "gas-overlimit",
            f"finding 'gas-overlimit' must be <inspection-id>/<item>, here {INSPECTION[:8]}"
            "/gas-overlimit",
        ),
        ("no-such-item", "finding 'no-such-item' must be <inspection-id>/<item>"),
    ],
)
def test_an_unknown_finding_is_refused(
    cli: Any, setup: dict[str, Any], ref: str, message: str
) -> None:
    run = cli(["followup", ref, "--action", "rectified", "-o", "f.toml", *setup["sign"]])
    assert run.exit_code == 2
    # (an inspection no file here holds: the option that names the file, to copy)
    hint = [
        "  hint: only the findings files in the current directory and the folders below it are "
        "read; name the one that holds it:",
        f"    minecheck followup {ref} ... --findings FILE",
    ]
    assert run.stderr.splitlines() == [  # the reason once, not also as a malformed ref
        message,
        "minecheck: error: the command line: the events cannot be used; nothing was written",
        *(hint if ref.startswith("ffff/") else []),
    ]
    assert not (setup["work"] / "f.toml").exists()


def test_an_events_file_reports_every_problem_with_positions(
    cli: Any, setup: dict[str, Any]
) -> None:
    (setup["work"] / "events.toml").write_text(
        f'[[event]]\nfinding = "{REF}"\naction = "rectified"\nat = 2026-11-30T10:00:00Z\n\n'
        f'[[event]]\nfinding = "{REF}"\naction = "extended"\nat = 2026-11-30T11:00:00Z\n'
        "new_deadline = 2027-01-15\n\n"
        f'[[event]]\nfinding = "{REF}"\naction = "closed"\nreviewers = ["x"]\n'
    )
    (setup["work"] / "f.toml").write_bytes(b"keep me")
    run = cli(["followup", "--events", "events.toml", "-o", "f.toml", "--force", *setup["sign"]])
    assert run.exit_code == 2
    assert run.stderr.splitlines() == [
        "events.toml:6:3: an extended event needs a reason in note",
        "events.toml:15:1: reviewers belongs only to an accepted event",
        "minecheck: error: events.toml: the events cannot be used; nothing was written",
    ]
    assert (setup["work"] / "f.toml").read_bytes() == b"keep me"


def test_events_as_json_from_stdin_and_duplicate_keys(cli: Any, setup: dict[str, Any]) -> None:
    good = (
        f'[{{"finding": "{REF}", "action": "rectified", "at": "2026-11-30T10:00:00Z"}},'
        f' {{"finding": "{REF}", "action": "escalated", "note": "suspended"}}]'
    )
    run = cli(["followup", "--events", "-", "-o", "f.toml", *setup["sign"]], input=good)
    assert (run.exit_code, run.stderr) == (0, "")
    body, _ = split((setup["work"] / "f.toml").read_bytes())
    assert [e["action"] for e in tomli.loads(body.decode())["event"]] == ["rectified", "escalated"]
    dup = f'{{"event": [{{"finding": "{REF}", "action": "rectified", "action": "closed"}}]}}'
    run = cli(["followup", "--events", "-", "-o", "g.toml", *setup["sign"]], input=dup)
    assert run.exit_code == 2
    assert run.stderr.splitlines() == [
        "<stdin>: duplicate key 'action'",
        "minecheck: error: <stdin>: the same key appears twice",
    ]


def test_usage_errors(cli: Any, setup: dict[str, Any]) -> None:
    run = cli(["followup", "--action", "rectified", *setup["sign"]])
    assert run.exit_code == 2
    assert run.stderr.splitlines()[0] == (
        "minecheck: error: give FINDING-REF and --action, or --events FILE"
    )
    run = cli(["followup", REF, "--events", "x.toml", *setup["sign"]])
    assert run.stderr.splitlines()[0] == (
        "minecheck: error: --events cannot be combined with FINDING-REF"
    )
    (setup["work"] / "f.toml").write_bytes(b"old")
    run = cli(["followup", REF, "--action", "escalated", "-o", "f.toml", *setup["sign"]])
    assert run.exit_code == 2
    assert (setup["work"] / "f.toml").read_bytes() == b"old"


BAD_JSON = {
    "a key twice": (
        f'{{"event": [{{"finding": "{REF}", "action": "rectified", "action": "closed"}}]}}',
        [
            "<stdin>: duplicate key 'action'",
            "minecheck: error: <stdin>: the same key appears twice",
        ],
    ),
    "nested too deeply": (
        '{"event": ' + "[" * 100_000 + "]" * 100_000 + "}",
        [
            "<stdin>: invalid JSON: nested too deeply",
            "minecheck: error: <stdin> is nested too deeply",
        ],
    ),
    "a number too long": (
        '{"event": [{"finding": ' + "1" * 5000 + "}]}",
        [
            "<stdin>: invalid JSON: a number is too long (more than 4300 digits)",
            "minecheck: error: <stdin> is not valid JSON",
        ],
    ),
}


@pytest.mark.parametrize("case", list(BAD_JSON))
def test_bad_json_events_are_worded_as_bad_json_answers(
    cli: Any, setup: dict[str, Any], case: str
) -> None:
    """The same words as `inspect --answers` gives for the same fault (one JSON reader)."""
    text, expected = BAD_JSON[case]
    run = cli(["followup", "--events", "-", "-o", "g.toml", *setup["sign"]], input=text)
    assert (run.exit_code, run.stderr.splitlines()) == (2, expected)
    assert not (setup["work"] / "g.toml").exists()


EVENTS_OF_THE_WRONG_SHAPE = {
    "json-unknown-key": (
        '{"events": []}',
        "<stdin>: unknown key 'events'; events go in an 'event' list",
        "<stdin>：未知的键 'events'；事件应放在 'event' 列表中",
    ),
    "json-not-a-list": (
        '{"event": {"finding": "x"}}',
        "<stdin>: expected a list of events",
        "<stdin>：应为事件列表",
    ),
    "json-header": (
        '{"minecheck": [], "event": []}',
        "<stdin>: 'minecheck' holds the header fields, as an object",
        "<stdin>：'minecheck' 存放文件头字段，应为对象",
    ),
    "toml-unknown-key": (
        "events = 1\n",
        "<stdin>: unknown key 'events'; events are [[event]] tables",
        "<stdin>：未知的键 'events'；事件应为 [[event]] 表",
    ),
    "toml-not-tables": (
        "event = 1\n",
        "<stdin>: events are [[event]] tables",
        "<stdin>：事件应为 [[event]] 表",
    ),
    "toml-header": (
        "minecheck = 1\n",
        "<stdin>: [minecheck] holds the header fields, as a table",
        "<stdin>：[minecheck] 存放文件头字段，应为表",
    ),
    "json-no-events": (
        '{"event": []}',
        "<stdin>: there are no events",
        "<stdin>：没有任何事件",
    ),
    "toml-no-events": (
        "# the events, to come\n",
        "<stdin>: there are no events",
        "<stdin>：没有任何事件",
    ),
}


@pytest.mark.parametrize("case", sorted(EVENTS_OF_THE_WRONG_SHAPE))
def test_an_events_file_of_the_wrong_shape_is_said_in_the_reader_s_language(
    cli: Any, setup: dict[str, Any], case: str
) -> None:
    """The events reader's own words were English whatever the language asked for."""
    text, english, chinese = EVENTS_OF_THE_WRONG_SHAPE[case]
    for lang, said in (("en", english), ("zh", chinese)):
        run = cli(
            ["followup", "--events", "-", "-o", "g.toml", "--lang", lang, *setup["sign"]],
            input=text,
        )
        assert (run.exit_code, run.stdout) == (2, "")
        assert run.stderr.splitlines()[0] == f"minecheck: error: {said}"
        assert not (setup["work"] / "g.toml").exists()


@pytest.mark.parametrize(
    ("options", "said"),
    [
        (
            ["--action", "accepted"],
            "--action accepted needs --method (self | expert-review | third-party | "
            "regulator-onsite)",
        ),
        (["--action", "extended"], "--action extended needs --new-deadline DATE, --note REASON"),
        (["--action", "withdrawn", "--note", " "], "--action withdrawn needs --note REASON"),
        (
            ["--action", "fixed"],
            "--action fixed is not one of rectified, accepted, rejected, closed, reopened, "
            "extended, escalated, withdrawn",
        ),
    ],
)
def test_what_an_action_needs_is_asked_for_by_its_options(
    cli: Any, setup: dict[str, Any], options: list[str], said: str
) -> None:
    run = cli(["followup", REF, *options, "-o", "f.toml", *setup["sign"]])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == f"minecheck: error: {said}\n"
    assert not (setup["work"] / "f.toml").exists()


def test_a_withdrawal_in_an_events_file_gives_its_reason(cli: Any, setup: dict[str, Any]) -> None:
    events = f'[[event]]\nfinding = "{REF}"\naction = "withdrawn"\n'
    run = cli(["followup", "--events", "-", "-o", "f.toml", *setup["sign"]], input=events)
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines() == [
        "<stdin>:1: event 1: a withdrawn event needs its reason in note",
        "minecheck: error: <stdin>: the events cannot be used; nothing was written",
    ]


def test_an_inspection_no_findings_file_here_holds_is_said(cli: Any, setup: dict[str, Any]) -> None:
    """A full ref is taken as given without --findings (the findings may be elsewhere), but a
    mistyped id beside findings files that do not hold it is said."""
    typo = "0" + INSPECTION[1:]
    args = ["followup", f"{typo}/gas-overlimit", "--action", "escalated", "-o", "f.toml"]
    run = cli([*args, "--note", "suspended", *setup["sign"]])
    assert (run.exit_code, run.stdout) == (0, "f.toml\n"), run.stderr
    assert run.stderr == (
        f"minecheck: warning: no findings file here holds inspection '{typo}'; the event names it "
        "as given (--findings FILE checks it against the file that holds it)\n"
    )
    run = cli(
        [
            "followup",
            REF,
            "--action",
            "escalated",
            "--note",
            "suspended",
            "-o",
            "g.toml",
            *setup["sign"],
        ]
    )
    assert (run.exit_code, run.stderr) == (0, "")


def test_a_full_ref_in_a_directory_without_findings_is_said_too(
    cli: Any, setup: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The guide: a full id no findings file in the current directory holds is written as
    given, with a warning saying so; in a directory holding no findings file at all (where an
    enterprise writes its follow-ups) a mistyped id was written without a word."""
    empty = setup["work"] / "empty"
    empty.mkdir()
    monkeypatch.chdir(empty)
    typo = "0" + INSPECTION[1:]
    args = ["followup", f"{typo}/gas-overlimit", "--action", "escalated", "-o", "f.toml"]
    run = cli([*args, "--note", "suspended", *setup["sign"]])
    assert (run.exit_code, run.stdout) == (0, "f.toml\n"), run.stderr
    assert run.stderr == (
        f"minecheck: warning: no findings file here holds inspection '{typo}'; the event names it "
        "as given (--findings FILE checks it against the file that holds it)\n"
    )


def test_output_into_a_directory_and_a_time_without_its_zone(
    cli: Any, setup: dict[str, Any]
) -> None:
    """-o DIR writes the default name there, as inspect does; a date alone is not a time."""
    out = setup["work"] / "records"
    out.mkdir()
    run = cli(["followup", REF, "--action", "escalated", "-o", str(out), *setup["sign"]])
    assert run.exit_code == 0, run.stderr
    [written] = out.iterdir()
    assert run.stdout == f"{written}\n"
    assert written.name.startswith("followup-")
    run = cli(["followup", REF, "--action", "escalated", "--at", "2026-11-01", *setup["sign"]])
    assert run.exit_code == 2
    assert run.stderr.splitlines()[0] == (
        "--at '2026-11-01' needs a time and its zone, like "
        "2026-12-10T09:00:00Z (or with an offset: 2026-12-10T17:00:00+08:00)"
    )


def test_an_event_on_a_finding_that_is_no_hidden_danger_is_said(
    cli: Any, setup: dict[str, Any]
) -> None:
    ref = f"{INSPECTION}/gas-check-genuine"  # compliant in alice.toml
    run = cli(["followup", ref, "--action", "rectified", "-o", "f.toml", *setup["sign"]])
    assert (run.exit_code, run.stdout) == (0, "f.toml\n")
    assert run.stderr == (
        f"minecheck: warning: {ref} is compliant in the findings here, not a hidden danger: a "
        "report applies the event only if another inspector found it non-compliant\n"
    )


def test_a_finding_another_inspector_found_non_compliant_is_a_hidden_danger(
    cli: Any, setup: dict[str, Any], tmp_path: Path
) -> None:
    """Alice found gas-check-genuine compliant, Aaron (same inspection) non-compliant: it is a
    hidden danger (inconsistent), in the files here, in the files named with --findings
    (either order) and in their merged file, and completion offers it; the warning that it is
    "compliant in the findings here" came from whichever file was read last."""
    from minecheck.cli.completion import finding_refs
    from tests.helpers_merge import make_merged, store_for

    aaron = person(tmp_path, "aaron")
    alice_file = setup["work"] / "alice.toml"
    aaron_file = setup["work"] / "aaron.toml"
    aaron_file.write_bytes(findings(aaron, ["noncompliant", "compliant", "compliant"]))
    ref = f"{INSPECTION}/gas-check-genuine"
    assert ref in finding_refs("")
    merged = tmp_path / "joint.toml"
    both = [alice_file.read_bytes(), aaron_file.read_bytes()]
    merged.write_bytes(make_merged(aaron, both, store_for(aaron, setup["inspector"])))
    for n, named in enumerate(([], [aaron_file, alice_file], [alice_file, aaron_file], [merged])):
        given = [x for path in named for x in ("--findings", str(path))]
        args = ["followup", ref, "--action", "rectified", "-o", f"f{n}.toml"]
        run = cli([*args, *given, *setup["sign"]])
        assert (run.exit_code, run.stdout, run.stderr) == (0, f"f{n}.toml\n", ""), named
        Path(f"f{n}.toml").unlink()  # (a second rectification here would be said: test_field13)
    aaron_file.unlink()
    run = cli(["followup", ref, "--action", "rectified", "-o", "g.toml", *setup["sign"]])
    assert run.stderr.startswith(f"minecheck: warning: {ref} is compliant in the findings here")


def test_a_withdrawal_is_applied_by_every_report(
    cli: Any, setup: dict[str, Any], tmp_path: Path
) -> None:
    """summary and export read events without their note: every withdrawal was refused there
    ("a withdrawal needs its reason in note") and the danger counted open and overdue, while
    show applied it."""
    allowed = tmp_path / "allowed_signers"
    allowed.write_text(
        "".join(
            f"{w.principal} {Path(f'{w.key}.pub').read_text()}"
            for w in (setup["who"], setup["inspector"])
        )
    )
    args = ["followup", REF, "--action", "withdrawn", "--note", "misclassified: not a hazard"]
    run = cli([*args, "--at", "2026-11-30T10:00:00Z", "-o", "f.toml", *setup["sign"]])
    assert run.exit_code == 0, run.stderr
    files = ["alice.toml", "f.toml", "--allowed-signers", str(allowed), "--as-of", "2026-12-20"]
    for more in ([], [], ["--no-cache"]):  # the first run fills the cache, the second reads it
        summary = cli(["summary", *files, "--json", *more])
        assert summary.exit_code == 0, summary.stderr
        assert summary.json()["data"]["rejected"] == []
        exported = cli(["export", *files, *more])
        assert (exported.exit_code, exported.stderr) == (0, "")
        states = {r["item"]: r["state"] for r in map(json.loads, exported.stdout.splitlines())}
        assert states["gas-overlimit"] == "withdrawn"


def test_two_followups_in_one_second_keep_both_files(
    cli: Any, setup: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A script recording several events one after the other stopped at the second:
    "followup-....toml already exists", with --force as its hint."""
    import datetime as dt

    from minecheck.core import documents

    moment = dt.datetime(2026, 12, 2, 5, 32, tzinfo=dt.UTC)
    monkeypatch.setattr(documents, "utc_now", lambda: moment)
    names = []
    for action, note in (("rectified", "step 1"), ("escalated", "step 2")):
        args = ["followup", REF, "--action", action, "--note", note, *setup["sign"]]
        run = cli([*args, "--at", "2026-11-30T10:00:00Z"])
        assert (run.exit_code, run.stderr) == (0, ""), run.stderr
        names.append(run.stdout.rstrip("\n"))
    stamp = moment.astimezone().strftime("%Y%m%d-%H%M%S")
    assert names[0] == f"followup-{stamp}.toml"
    assert names[1].startswith(f"followup-{stamp}-")
    assert names[1] != names[0]
    assert b"step 1" in (setup["work"] / names[0]).read_bytes()
    assert b"step 2" in (setup["work"] / names[1]).read_bytes()


def test_findings_named_wrongly_are_said_as_they_are(cli: Any, setup: dict[str, Any]) -> None:
    """--findings DIR said "no such file"; a file that holds no findings was passed over, and
    the error was about the inspection id."""
    work: Path = setup["work"]
    (work / "records").mkdir()
    (work / "notes.toml").write_text("this is not a findings file\n")
    args = ["followup", REF, "--action", "escalated", "-o", "f.toml", *setup["sign"]]
    run = cli([*args, "--findings", "records"])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == "minecheck: error: --findings records is a directory, not a file\n"
    run = cli([*args, "--findings", "missing.toml"])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == "minecheck: error: --findings missing.toml: no such file\n"
    run = cli([*args, "--findings", "notes.toml"])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == (
        "minecheck: error: --findings notes.toml holds no signed findings\n"
        "  hint: to see what it is:\n"
        "    minecheck verify notes.toml\n"
    )
    assert not (work / "f.toml").exists()


def test_json_gives_times_as_every_command_does(cli: Any, setup: dict[str, Any]) -> None:
    """The events' times ended in +00:00 where summary, show and verify write Z."""
    args = ["followup", REF, "--action", "escalated", "--at", "2026-11-30T18:00:00+08:00"]
    run = cli([*args, "-o", "f.toml", "--json", *setup["sign"]])
    assert run.exit_code == 0, run.stderr
    [event] = run.json()["data"]["events"]
    assert event["at"] == "2026-11-30T10:00:00Z"


def test_evidence_that_is_a_directory_is_said_as_one(cli: Any, setup: dict[str, Any]) -> None:
    """--evidence DIR said "evidence file 'adir' does not exist" of a directory that does."""
    (setup["work"] / "adir").mkdir()
    args = ["followup", REF, "--action", "rectified", "--note", "done", "--evidence", "adir"]
    run = cli([*args, "-o", "f.toml", *setup["sign"]])
    assert (run.exit_code, run.stdout) == (2, "")
    assert "evidence adir is a directory, not a file" in run.stderr
    assert "does not exist" not in run.stderr


def test_prefixes_resolve_by_a_search_among_many_inspections(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An events file over a year's findings names thousands of inspections: each ref is found
    by a search in the sorted ids, not by a look at every one; what it finds is what every id
    starting with the prefix gives, in order, at the edges of the list and between neighbours."""
    import random

    from minecheck.cli import completion
    from minecheck.cli._refs import RefResolver

    rng = random.Random(5)  # noqa: S311 - test data, not secrets
    ids = {"a", "ab", "abc", "abd", "b", "ba"} | {f"{rng.getrandbits(24):06x}" for _ in range(300)}
    known = {iid: {"gas": {"noncompliant"}} for iid in ids}
    monkeypatch.setattr(completion, "findings_answers", lambda files, details, failed: known)
    monkeypatch.chdir(tmp_path)
    refs = RefResolver(None)
    prefixes = [*ids, "", "0", "a", "ab", "abc", "abe", "f", "ffffff", "fffffff", "~", "!"]
    prefixes += [iid[:k] for iid in sorted(ids)[::7] for k in range(1, 4)]
    for prefix in prefixes:
        assert refs._starting(prefix) == sorted(i for i in ids if i.startswith(prefix)), prefix
    full = "aaaaaaaa-0000-4000-8000-00000000000"
    said = [refs.resolve(f"{full}{n % 3}/gas") for n in range(9)]
    assert said == [f"{full}{n % 3}/gas" for n in range(9)]
    assert refs.unchecked == [f"{full}{n}" for n in range(3)]  # each once, in order
    assert refs.resolve("abc/gas") == "abc/gas"
    assert refs.resolve("ab/gas") is None
    assert refs.error == "inspection prefix 'ab' is ambiguous: ab, abc, abd"


def test_evidence_whose_name_is_not_utf8_says_so_and_what_to_do(
    cli: Any, setup: dict[str, Any]
) -> None:
    """A photo from a Chinese Windows archive unpacked here has its name in GBK bytes (the last
    two happen to be UTF-8 for Ƭ, shown as such; the others as escapes): it was
    refused as "path holds \\udcd5, half of a UTF-16 surrogate pair", naming no file."""
    name = os.fsdecode(b"\xd5\xd5\xc6\xac.jpg")  # 照片.jpg in GBK
    (setup["work"] / name).write_bytes(b"photo")
    args = ["followup", REF, "--action", "rectified", "--note", "done", "--evidence", name]
    run = cli([*args, "-o", "f.toml", *setup["sign"]])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines()[0] == (
        "evidence \\udcd5\\udcd5\u01ac.jpg: the file's name is "
        "not UTF-8 (from an archive made on another system?); rename the file, or unpack the "
        "archive again naming its encoding (python3 -m zipfile --metadata-encoding GBK -e ARCHIVE"
        " DIR, or unzip -O GBK ARCHIVE where unzip has -O)"
    )
    assert not (setup["work"] / "f.toml").exists()


def test_evidence_whose_name_is_not_in_a_gb18030_locales_encoding_names_that_encoding(
    cli: Any, setup: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a GB18030 locale a name holding bytes GB18030 has not (0xFF) was said to be "not
    UTF-8", which is not what the locale reads names in."""
    name = os.fsdecode(b"\xff.jpg")
    (setup["work"] / name).write_bytes(b"photo")
    monkeypatch.setattr(sys, "getfilesystemencoding", lambda: "gb18030")
    args = ["followup", REF, "--action", "rectified", "--note", "done", "--evidence", name]
    run = cli([*args, "-o", "f.toml", *setup["sign"]])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines()[0] == (
        "evidence \\udcff.jpg: the file's name is not GB18030 (from"
        " an archive made on another system?); rename the file, or unpack the archive again"
        " naming its encoding (python3 -m zipfile --metadata-encoding GBK -e ARCHIVE DIR, or"
        " unzip -O GBK ARCHIVE where unzip has -O)"
    )
    assert not (setup["work"] / "f.toml").exists()


def test_evidence_given_as_one_path_not_a_list_is_said(cli: Any, setup: dict[str, Any]) -> None:
    """An events file's `evidence = "photo.jpg"` (a path, not a list of them) is said as such,
    in the reader's language, and nothing is written."""
    (setup["work"] / "photo.jpg").write_bytes(b"jpeg")
    text = f'[{{"finding": "{REF}", "action": "rectified", "evidence": "photo.jpg"}}]'
    for lang, said in (
        ("en", "<stdin>: the event: evidence is a list of file paths"),
        ("zh", "<stdin>: 该事件：evidence 应为文件路径列表"),
    ):
        args = ["followup", "--events", "-", "-o", "g.toml", "--lang", lang, *setup["sign"]]
        run = cli(args, input=text)
        assert (run.exit_code, run.stdout) == (2, "")
        assert run.stderr.splitlines()[0] == said
    assert not (setup["work"] / "g.toml").exists()


def test_each_event_problem_is_said_with_one_colon_in_chinese(
    cli: Any, setup: dict[str, Any]
) -> None:
    """Which event a problem is about is followed by the language's colon, the same for every
    problem: `第 1 个事件：事件应为一个表` beside `第 2 个事件：evidence …`, not
    `第 2 个事件: …`."""
    (setup["work"] / "photo.jpg").write_bytes(b"jpeg")
    text = (
        f'["not a table", {{"finding": "{REF}", "action": "rectified", "evidence": "photo.jpg"}}]'
    )
    for lang, said in (
        (
            "en",
            [
                "<stdin>: event 1: an event is an object",
                "<stdin>: event 2: evidence is a list of file paths",
            ],
        ),
        (
            "zh",
            [
                "<stdin>: 第 1 个事件：事件应为一个对象",
                "<stdin>: 第 2 个事件：evidence 应为文件路径列表",
            ],
        ),
    ):
        args = ["followup", "--events", "-", "-o", "g.toml", "--lang", lang, *setup["sign"]]
        run = cli(args, input=text)
        assert (run.exit_code, run.stdout) == (2, "")
        assert run.stderr.splitlines()[:2] == said
    assert not (setup["work"] / "g.toml").exists()


def test_each_event_problem_is_a_bad_event_in_the_envelope(cli: Any, setup: dict[str, Any]) -> None:
    """With --json, each problem of the events is the `bad-event` the scripting guide's catalogue
    names, its message saying which event and what, the file named as the events' source."""
    (setup["work"] / "photo.jpg").write_bytes(b"jpeg")
    text = (
        f'[{{"finding": "{REF}", "action": "rectified", "at": "soon"}}, '
        f'{{"finding": "{REF}", "action": "rectified", "evidence": "photo.jpg"}}]'
    )
    args = ["followup", "--events", "-", "-o", "g.toml", "--json", *setup["sign"]]
    run = cli(args, input=text)
    assert (run.exit_code, run.stderr) == (2, "")
    assert [(p["code"], p["message"], p["path"]) for p in run.json()["problems"]] == [
        ("bad-event", "event 1: at 'soon' is not a UTC time like 2026-12-10T09:00:00Z", "<stdin>"),
        ("bad-event", "event 2: evidence is a list of file paths", "<stdin>"),
        ("input", "<stdin>: the events cannot be used; nothing was written", "<stdin>"),
    ]
    assert not (setup["work"] / "g.toml").exists()


def test_events_on_stdin_past_the_limit_are_refused_unread(cli: Any, setup: dict[str, Any]) -> None:
    """Standard input is read to the limit and one byte, no further (an endless stream is
    refused, not read): said with the limit, in the reader's language; nothing is written."""
    from minecheck.cli.followup import MAX_EVENTS_BYTES

    endless = b"#" * (MAX_EVENTS_BYTES + 10)
    for lang, said in (
        ("en", f"<stdin>: the events are over the limit of {MAX_EVENTS_BYTES} bytes"),
        ("zh", f"<stdin>：事件超过 {MAX_EVENTS_BYTES} 字节的上限"),
    ):
        args = ["followup", "--events", "-", "-o", "g.toml", "--lang", lang, *setup["sign"]]
        run = cli(args, input=endless)
        assert (run.exit_code, run.stdout) == (2, "")
        assert run.stderr == f"minecheck: error: {said}\n"
    assert not (setup["work"] / "g.toml").exists()


def test_a_photo_named_twice_is_recorded_once(cli: Any, setup: dict[str, Any]) -> None:
    (setup["work"] / "after.jpg").write_bytes(b"photo")
    args = ["followup", REF, "--action", "rectified", "--note", "done"]
    args += ["--evidence", "after.jpg", "--evidence", "./after.jpg", "-o", "f.toml"]
    run = cli([*args, *setup["sign"]])
    assert run.exit_code == 0, run.stderr
    [event] = tomli.loads((setup["work"] / "f.toml").read_text("utf-8"))["event"]
    assert [e["path"] for e in event["evidence"]] == ["after.jpg"]


@pytest.mark.parametrize(
    ("how", "shown"),
    [
        ("option", "'9999-12-31T00:01-23:59'"),
        ("json", "'0001-01-01T00:00:00+00:01'"),
        ("toml", "9999-12-31T20:00:00-08:00"),
    ],
)
def test_a_time_past_the_ends_of_the_calendar_in_utc_is_said(
    cli: Any, setup: dict[str, Any], how: str, shown: str
) -> None:
    """A time a day from the ends of the calendar, with an offset that takes it past them in
    UTC: said at its event as any time outside the years 1900 to 9000, nothing written (it was
    an OverflowError traceback)."""
    base = ["followup", "-o", "f.toml", *setup["sign"]]
    if how == "option":
        args = [*base, REF, "--action", "rectified", "--at", shown.strip("'")]
        where = "--at"  # (the option typed: named alone)
    elif how == "json":
        event = {"finding": REF, "action": "rectified", "at": shown.strip("'")}
        (setup["work"] / "ev.json").write_text(json.dumps([event]))
        args, where = [*base, "--events", "ev.json"], "ev.json: the event: at"
    else:
        text = f'[[event]]\nfinding = "{REF}"\naction = "rectified"\nat = {shown}\n'
        (setup["work"] / "ev.toml").write_text(text)
        args, where = [*base, "--events", "ev.toml"], "ev.toml:1: event 1: at"
    run = cli(args)
    assert run.exit_code == 2
    quoted = f"'{shown.strip(chr(39))}'"
    assert run.stderr.splitlines()[0] == f"{where} {quoted} lies outside the years 1900 to 9000"
    assert "Traceback" not in run.stderr
    assert not (setup["work"] / "f.toml").exists()


def test_a_major_accepted_by_the_one_who_reported_it_rectified_is_said_when_it_is_written(
    cli: Any, setup: dict[str, Any]
) -> None:
    """Every report refuses a major hidden danger's acceptance by the signer (or the key) that
    reported it rectified (DOMAIN: acceptance by someone other than the rectifier). The
    follow-ups here tell so when the acceptance is signed; it was written without a word and
    refused only when a report was made. Written all the same (a signed record of the claim)."""
    inspector: Who = setup["inspector"]
    by_alice = ["--key", str(inspector.key), "--signer", inspector.principal]
    rectified = [*("followup", REF, "--action", "rectified", "--note", "a new sensor")]
    accepted = [
        *("followup", REF, "--action", "accepted", "--method", "expert-review"),
        *("--reviewer", "Dr Li"),
    ]
    run = cli([*rectified, "--at", "2026-11-30T08:00:00Z", "-o", "r1.toml", *setup["sign"]])
    assert (run.exit_code, run.stderr) == (0, "")
    said = (
        f"minecheck: warning: {REF}: ent@coal.example reported it rectified (r1.toml): no "
        "report will apply a major hidden danger's acceptance by the one who reported it "
        "rectified\n"
        "  hint: a major hidden danger is accepted by reviewers other than the one who reported it "
        "rectified\n"
    )
    run = cli([*accepted, "--at", "2026-12-01T08:00:00Z", "-o", "a1.toml", *setup["sign"]])
    assert (run.exit_code, run.stdout, run.stderr) == (0, "a1.toml\n", said)
    run = cli([*accepted, "--at", "2026-12-01T08:00:00Z", "-o", "a2.toml", *by_alice])
    assert (run.exit_code, run.stdout, run.stderr) == (0, "a2.toml\n", "")
    zh = cli([*accepted, "--at", "2026-12-01T08:00:00Z", "-o", "a3.toml", *setup["sign"], "--json"])
    [problem] = zh.json()["problems"]
    assert (problem["code"], problem["message"]) == ("not-applied", said.splitlines()[0][20:])
    # rejected, then rectified again by another: the one who rectified first may accept
    run = cli(
        [
            *("followup", REF, "--action", "rejected", "--note", "still over the limit"),
            *("--at", "2026-12-02T08:00:00Z", "-o", "j.toml", *by_alice),
        ]
    )
    assert run.exit_code == 0, run.stderr
    run = cli([*rectified, "--at", "2026-12-03T08:00:00Z", "-o", "r2.toml", *by_alice])
    assert run.exit_code == 0, run.stderr
    run = cli([*accepted, "--at", "2026-12-03T09:00:00Z", "-o", "a4.toml", *setup["sign"]])
    assert (run.exit_code, run.stderr) == (0, "")


def test_a_rectification_and_its_acceptance_by_one_signer_in_one_events_file_is_said(
    cli: Any, setup: dict[str, Any]
) -> None:
    (setup["work"] / "events.json").write_text(
        json.dumps(
            [
                {"finding": REF, "action": "rectified", "at": "2026-11-30T08:00:00Z"},
                {
                    "finding": REF,
                    "action": "accepted",
                    "method": "third-party",
                    "reviewers": ["Dr Li"],
                    "at": "2026-12-01T08:00:00Z",
                },
            ]
        )
    )
    run = cli(["followup", "--events", "events.json", "-o", "f.toml", *setup["sign"]])
    assert (run.exit_code, run.stdout) == (0, "f.toml\n")
    assert run.stderr == (
        f"minecheck: warning: events.json: {REF}: ent@coal.example reported it rectified (this "
        "document): no report will apply a major hidden danger's acceptance by the one who "
        "reported it rectified\n"
        "  hint: a major hidden danger is accepted by reviewers other than the one who reported it "
        "rectified\n"
    )


def test_an_acceptance_by_its_rectifier_is_said_in_chinese(cli: Any, setup: dict[str, Any]) -> None:
    rectified = [*("followup", REF, "--action", "rectified", "--at", "2026-11-30T08:00:00Z")]
    assert cli([*rectified, "-o", "r.toml", *setup["sign"]]).exit_code == 0
    run = cli(
        [
            *("followup", REF, "--action", "accepted", "--method", "regulator-onsite"),
            *("--reviewer", "Dr Li"),
            *("--at", "2026-12-01T08:00:00Z", "-o", "a.toml", *setup["sign"], "--lang", "zh"),
        ]
    )
    assert (run.exit_code, run.stdout) == (0, "a.toml\n")
    assert run.stderr == (
        f"minecheck: warning: {REF}：ent@coal.example 已报告整改完成（r.toml）：报告整改完成者"
        "本人对重大隐患的验收，任何报告都不会采纳\n"
        "  hint: 重大隐患由报告整改完成者以外的人员验收\n"
    )


def test_an_acceptance_by_its_rectifier_is_said_with_findings_named(
    cli: Any, setup: dict[str, Any]
) -> None:
    """The guide's flow: the findings and their follow-ups in a folder of their own, named with
    `--findings`. The follow-ups beside the named findings (and beside the file being written)
    tell who reported the danger rectified, as the current directory's do without the option;
    a folder of other files is read only when a major's acceptance is being signed."""
    records = setup["work"] / "records"
    records.mkdir()
    (setup["work"] / "alice.toml").rename(records / "alice.toml")
    named = ["--findings", "records/alice.toml"]
    rectified = [*("followup", REF, "--action", "rectified", "--at", "2026-11-30T08:00:00Z")]
    run = cli([*rectified, *named, "-o", "records/r1.toml", *setup["sign"]])
    assert (run.exit_code, run.stderr) == (0, "")
    accepted = [
        *("followup", REF, "--action", "accepted", "--method", "expert-review"),
        *("--reviewer", "Dr Li"),
    ]
    accepted += ["--at", "2026-12-01T08:00:00Z", *named]
    said = (
        f"minecheck: warning: {REF}: ent@coal.example reported it rectified (records/r1.toml): "
        "no report will apply a major hidden danger's acceptance by the one who reported it "
        "rectified\n"
        "  hint: a major hidden danger is accepted by reviewers other than the one who reported it "
        "rectified\n"
    )
    run = cli([*accepted, "-o", "records/a1.toml", *setup["sign"]])
    assert (run.exit_code, run.stdout, run.stderr) == (0, "records/a1.toml\n", said)
    # written elsewhere: the follow-ups beside the findings still tell
    run = cli([*accepted, "-o", "a2.toml", *setup["sign"]])
    assert (run.exit_code, run.stderr) == (0, said)
    # the follow-ups beside the file written tell too, when the findings lie elsewhere
    (records / "r1.toml").rename(setup["work"] / "r1.toml")
    run = cli([*accepted, "-o", "a3.toml", *setup["sign"]])
    assert (run.exit_code, run.stderr) == (0, said.replace("records/r1.toml", "r1.toml"))
    inspector: Who = setup["inspector"]
    run = cli([*accepted, "-o", "a4.toml", "--key", str(inspector.key), "--signer", "alice@x"])
    assert (run.exit_code, run.stderr) == (0, "")
