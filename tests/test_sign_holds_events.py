"""`sign` of a hand-written follow-up holds its events to what `followup` holds the events it
writes to: a withdrawal or an extension with a reason, an independent acceptance with its
reviewers, each of them named, a new deadline within the years. Such a document signed before
is still read."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from minecheck.core.seal import write_sealed
from minecheck.core.sshsig import NAMESPACE_FINDINGS
from tests.helpers_merge import Who, allowed_signers
from tests.test_cli_sign_rules import who  # noqa: F401 - its fixture
from tests.test_minimal_input import sign_args

REF = "0b7e4c1a-2d3f-4a5b-8c6d-7e8f9a0b1c2d/gas-check-genuine"

EVENTS = f"""\
[[event]]
finding = "{REF}"
action = "accepted"
method = "expert-review"
reviewers = ["Li Wei", ""]
at = 2026-12-01T08:00:00Z

[[event]]
finding = "{REF}"
action = "withdrawn"
at = 2026-12-01T08:00:00Z

[[event]]
finding = "{REF}"
action = "accepted"
method = "third-party"
reviewers = []
at = 2026-12-01T08:00:00Z

[[event]]
finding = "{REF}"
action = "extended"
note = "  "
new_deadline = 9999-01-01
at = 2026-12-01T08:00:00Z

[[event]]
finding = "{REF}"
action = "withdrawn"
note = "\u3000"
at = 2026-12-01T08:00:00Z

[[event]]
finding = "{REF}"
action = "accepted"
method = "regulator-onsite"
at = 2026-12-01T08:00:00Z
"""

DOCUMENT = '[minecheck]\nformat = "minecheck.followup/1"\n\n' + EVENTS

SAID = {
    "en": [
        "f.toml:8:1: reviewers holds '', which names no one",
        "f.toml:11:3: a withdrawn event needs its reason in note",
        "f.toml:16:3: an accepted event by third-party needs its reviewers",
        "f.toml:26:1: an extended event needs a reason in note",
        "f.toml:27:1: new_deadline must lie between 1900 and 9000",
        "f.toml:30:3: a withdrawn event needs its reason in note",
        "f.toml:36:3: an accepted event by regulator-onsite needs its reviewers",
        "minecheck: error: f.toml is not a valid minecheck document",
    ],
    "zh": [
        "f.toml:8:1: reviewers 中的 '' 未写明任何人",
        "f.toml:11:3: 撤销事件须在 note 中写明原因",
        "f.toml:16:3: 验收方式为第三方验收（third-party）的事件须写明 reviewers（验收人员）",
        "f.toml:26:1: 延期事件须在 note 中写明原因",
        "f.toml:27:1: new_deadline 必须在 1900 年到 9000 年之间",
        "f.toml:30:3: 撤销事件须在 note 中写明原因",
        "f.toml:36:3: 验收方式为监管部门现场验收（regulator-onsite）的事件"
        "须写明 reviewers（验收人员）",
        "minecheck: error: f.toml 不是有效的 minecheck 文件",
    ],
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_sign_refuses_the_events_followup_refuses(
    cli: Any,
    who: Who,  # noqa: F811 (the fixture imported above)
    lang: str,
) -> None:
    Path("f.toml").write_text(DOCUMENT, encoding="utf-8")
    run = cli(["sign", "f.toml", *sign_args(who), "--lang", lang])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines() == SAID[lang]
    assert Path("f.toml").read_text(encoding="utf-8") == DOCUMENT  # nothing written


def test_sign_s_refusal_in_json_names_each_event_s_line(
    cli: Any,
    who: Who,  # noqa: F811 (the fixture imported above)
) -> None:
    Path("f.toml").write_text(DOCUMENT, encoding="utf-8")
    run = cli(["sign", "f.toml", *sign_args(who), "--json"])
    envelope = json.loads(run.stdout)
    assert (run.exit_code, run.stderr, envelope["exit_code"]) == (2, "", 2)
    problems = [(p["code"], p["line"]) for p in envelope["problems"]]
    assert problems == [
        *(("bad-event", line) for line in (8, 11, 16, 26, 27, 30, 36)),
        ("input", None),
    ]


def test_followup_refuses_the_same_events_in_its_own_words(
    cli: Any,
    who: Who,  # noqa: F811 (the fixture imported above)
) -> None:
    """followup said the first three before; an extension whose reason is blanks it signed."""
    Path("ev.toml").write_text(EVENTS, encoding="utf-8")
    run = cli(["followup", "--events", "ev.toml", *sign_args(who), "-o", "out.toml"])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines() == [
        "ev.toml:1: event 1: reviewers holds '', which names no one",
        "ev.toml:8: event 2: a withdrawn event needs its reason in note",
        "ev.toml:13: event 3: an accepted event by third-party needs its reviewers",
        "ev.toml:20: event 4: new_deadline '9999-01-01' lies outside the years 1900 to 9000",
        "ev.toml:20: event 4: an extended event needs a reason in note",
        "ev.toml:27: event 5: a withdrawn event needs its reason in note",
        "ev.toml:33: event 6: an accepted event by regulator-onsite needs its reviewers",
        "minecheck: error: ev.toml: the events cannot be used; nothing was written",
    ]
    assert not Path("out.toml").exists()


def test_such_a_document_signed_before_is_still_read(
    cli: Any,
    who: Who,  # noqa: F811 (the fixture imported above)
) -> None:
    header = (
        '[minecheck]\nformat = "minecheck.followup/1"\n'
        'document_id = "3e9d1f6a-5c2b-4d8e-9f10-2a3b4c5d6e7f"\ncreated = 2026-12-02T00:00:00Z\n'
        f'signer = "{who.principal}"\nsigner_key = "{who.signer.public_key.fingerprint()}"\n'
        'tool = "minecheck 0.1.0"\n\n'
    )
    body = (header + EVENTS.replace("9999-01-01", "2027-01-15") + "\n").encode()
    write_sealed(Path("old.toml"), body, who.signer, NAMESPACE_FINDINGS, force=False)
    trust = allowed_signers(Path("allowed"), who)
    run = cli(["verify", "old.toml", "--allowed-signers", str(trust)])
    assert (run.exit_code, run.stderr) == (0, "1 document: 1 trusted\n")
    assert run.stdout.startswith("old.toml: trusted: ")
    shown = cli(["show", "old.toml", "--allowed-signers", str(trust), "--json"])
    assert shown.exit_code == 0
    assert len(json.loads(shown.stdout)["data"]["documents"][0]["events"]) == 6


# a reason that gives none: drawn as nothing (a zero-width space, a joiner), a Hangul filler or
# the blank Braille pattern (blanks no `strip` knows), an accent with no letter under it
SILENT = ["\u200b", "\u2060\u200d", "\u3164", "\u2800", "\u0301"]


def _silent_events(note: str) -> str:
    return (
        f'[[event]]\nfinding = "{REF}"\naction = "withdrawn"\nnote = "{note}"\n'
        "at = 2026-12-01T08:00:00Z\n\n"
        f'[[event]]\nfinding = "{REF}"\naction = "extended"\nnote = "{note}"\n'
        "new_deadline = 2027-01-15\nat = 2026-12-01T08:00:00Z\n"
    )


SILENT_SAID = {
    "en": [
        "f.toml:4:3: a withdrawn event needs its reason in note",
        "f.toml:13:1: an extended event needs a reason in note",
        "minecheck: error: f.toml is not a valid minecheck document",
    ],
    "zh": [
        "f.toml:4:3: 撤销事件须在 note 中写明原因",
        "f.toml:13:1: 延期事件须在 note 中写明原因",
        "minecheck: error: f.toml 不是有效的 minecheck 文件",
    ],
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("note", SILENT)
def test_sign_refuses_a_reason_that_names_nothing(
    cli: Any,
    who: Who,  # noqa: F811 (the fixture imported above)
    lang: str,
    note: str,
) -> None:
    """A withdrawal or an extension whose note held only characters no one reads was signed,
    as a note of blanks no longer is: a reason that says nothing is none."""
    document = '[minecheck]\nformat = "minecheck.followup/1"\n\n' + _silent_events(note)
    Path("f.toml").write_text(document, encoding="utf-8")
    run = cli(["sign", "f.toml", *sign_args(who), "--lang", lang])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines() == SILENT_SAID[lang]
    assert Path("f.toml").read_text(encoding="utf-8") == document  # nothing written


@pytest.mark.parametrize("note", SILENT)
def test_followup_refuses_a_reason_that_names_nothing(
    cli: Any,
    who: Who,  # noqa: F811 (the fixture imported above)
    note: str,
) -> None:
    """The same of followup's events file, and of its --note."""
    Path("ev.toml").write_text(_silent_events(note), encoding="utf-8")
    run = cli(["followup", "--events", "ev.toml", *sign_args(who), "-o", "out.toml"])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines() == [
        "ev.toml:1: event 1: a withdrawn event needs its reason in note",
        "ev.toml:7: event 2: an extended event needs a reason in note",
        "minecheck: error: ev.toml: the events cannot be used; nothing was written",
    ]
    typed = cli(
        [
            "followup",
            REF,
            "--action",
            "withdrawn",
            "--note",
            note,
            *sign_args(who),
            "-o",
            "out.toml",
        ]
    )
    assert (typed.exit_code, typed.stdout) == (2, "")
    assert typed.stderr.splitlines()[0] == (
        "minecheck: error: --action withdrawn needs --note REASON"
    )
    assert not Path("out.toml").exists()


# names followup refuses from --reviewer: an escape sequence, a bidi override, a zero-width
# space inside, a line break, a tab
UNSAFE_NAMES = [
    ("Li \u001b[31mWei", "'Li \\u001b[31mWei'"),
    ("Li \u202eWei", "'Li \\u202eWei'"),
    ("Li\u200bWei", "'Li\\u200bWei'"),
    ("Li\nWei", "'Li\\u000aWei'"),
    ("Li\tWei", "'Li\\u0009Wei'"),
]
UNSAFE_SAID = {
    "en": "reviewers holds {name}, which has control or invisible characters",
    "zh": "reviewers 中的 {name} 含控制字符或不可见字符",
}


def _unsafe_events(name: str) -> str:
    return (
        f'[[event]]\nfinding = "{REF}"\naction = "accepted"\nmethod = "expert-review"\n'
        f"reviewers = [{json.dumps('Wang Fang')}, {json.dumps(name)}]\n"
        "at = 2026-12-01T08:00:00Z\n"
    )


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(("name", "shown"), UNSAFE_NAMES)
def test_sign_refuses_a_reviewer_followup_refuses(
    cli: Any,
    who: Who,  # noqa: F811 (the fixture imported above)
    lang: str,
    name: str,
    shown: str,
) -> None:
    """A reviewer's name with a control or invisible character, refused from --reviewer, was
    signed from followup's events file and by sign: the acceptance's persons are read by people
    and by scripts, and the name signed is the one shown."""
    document = '[minecheck]\nformat = "minecheck.followup/1"\n\n' + _unsafe_events(name)
    Path("f.toml").write_text(document, encoding="utf-8")
    run = cli(["sign", "f.toml", *sign_args(who), "--lang", lang])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines() == [
        "f.toml:8:1: " + UNSAFE_SAID[lang].format(name=shown),
        SILENT_SAID[lang][-1],
    ]
    assert Path("f.toml").read_text(encoding="utf-8") == document  # nothing written
    Path("ev.toml").write_text(_unsafe_events(name), encoding="utf-8")
    run = cli(["followup", "--events", "ev.toml", *sign_args(who), "-o", "out.toml"])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines()[0] == "ev.toml:1: event 1: " + UNSAFE_SAID["en"].format(
        name=shown
    )
    assert not Path("out.toml").exists()
    options = ["--action", "accepted", "--method", "expert-review", "--reviewer", name]
    typed = cli(["followup", REF, *options, *sign_args(who), "-o", "out.toml"])
    assert (typed.exit_code, typed.stdout) == (2, "")
    assert not Path("out.toml").exists()


def _event(action: str, fields: str) -> str:
    """A hand-written event of the finding REF: its action, then `fields` (lines)."""
    return f'[[event]]\nfinding = "{REF}"\naction = "{action}"\n{fields}at = 2026-12-01T08:00:00Z\n'


def _signed(cli: Any, signer: Who, events: str, *options: str) -> list[str]:
    """`sign` signs a follow-up of `events`: exit 0, the fields it fills in said first, a
    signature. The lines said after that: what `followup` would warn of the events (a report
    applies none of them as the follow-ups here stand: test_field14)."""
    unsigned = DOCUMENT.replace(EVENTS, events)
    Path("g.toml").write_text(unsigned, encoding="utf-8")
    run = cli(["sign", "g.toml", *sign_args(signer), *options])
    assert run.exit_code == 0, run.stderr
    first, *said = str(run.stderr).splitlines()
    assert first.startswith("g.toml")
    assert "signature" in Path("g.toml").read_text(encoding="utf-8").replace(unsigned, "")
    return said


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_method_on_an_event_not_accepted_is_said_once_and_an_acceptance_by_self_needs_no_name(
    cli: Any,
    who: Who,  # noqa: F811 (the fixture imported above)
    lang: str,
) -> None:
    """A method on a rectification is the schema's problem alone, in sign and in followup
    --events, not also an acceptance that needs its reviewers; an acceptance by `self` names
    no reviewer and is signed."""
    events = _event("rectified", 'method = "third-party"\n')
    Path("f.toml").write_text(DOCUMENT.replace(EVENTS, events), encoding="utf-8")
    run = cli(["sign", "f.toml", *sign_args(who), "--lang", lang])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines()[:-1] == [
        {
            "en": "f.toml:7:1: method belongs only to an accepted event",
            "zh": "f.toml:7:1: method 只属于验收通过（accepted）事件",
        }[lang]
    ]
    Path("ev.toml").write_text(events, encoding="utf-8")
    run = cli(["followup", "--events", "ev.toml", *sign_args(who), "-o", "out.toml"])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines() == [
        "ev.toml:4:1: method belongs only to an accepted event",
        "minecheck: error: ev.toml: the events cannot be used; nothing was written",
    ]
    said = _signed(cli, who, _event("accepted", 'method = "self"\n'), "--lang", lang)
    # (no rectification here comes before it: said as followup says it)
    assert [line.split(": ")[2] for line in said[::2]] == ["g.toml:4"]


def test_a_withdrawal_and_an_extension_with_their_reasons_are_signed(
    cli: Any,
    who: Who,  # noqa: F811 (the fixture imported above)
) -> None:
    withdrawn = _event("withdrawn", 'note = "entered twice"\n')
    extended = _event("extended", 'note = "parts on order"\nnew_deadline = 2027-01-15\n')
    said = _signed(cli, who, withdrawn + "\n" + extended)
    # (listed after the withdrawal, at its time: an extension of a hidden danger withdrawn)
    assert said[0].startswith("minecheck: warning: g.toml:10: ")
    assert said[0].endswith(
        "this document withdraws it at 2026-12-01T08:00:00Z, and no follow-up here reopens it "
        "since: no report will apply an event to a withdrawn hidden danger until it is reopened"
    )


def test_followup_says_a_note_of_the_wrong_type_or_empty_once_and_no_traceback(
    cli: Any,
    who: Who,  # noqa: F811 (the fixture imported above)
) -> None:
    events = "\n".join(
        [
            _event("withdrawn", "note = 5\n"),
            _event("extended", 'note = ""\nnew_deadline = 2027-01-15\n'),
            _event("extended", "note = 5\nnew_deadline = 2027-01-15\n"),
        ]
    )
    Path("ev.toml").write_text(events, encoding="utf-8")
    run = cli(["followup", "--events", "ev.toml", *sign_args(who), "-o", "out.toml"])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines() == [  # (the schema's words, each said once)
        "ev.toml:4:1: note must be a string",
        "ev.toml:7:3: an extended event needs a reason in note",
        "ev.toml:17:1: note must be a string",
        "ev.toml:14:3: an extended event needs a reason in note",
        "minecheck: error: ev.toml: the events cannot be used; nothing was written",
    ]


def test_followup_says_a_reviewer_of_the_wrong_type_in_the_schema_s_words(
    cli: Any,
    who: Who,  # noqa: F811 (the fixture imported above)
) -> None:
    events = _event("accepted", 'method = "third-party"\nreviewers = [5]\n')
    Path("ev.toml").write_text(events, encoding="utf-8")
    run = cli(["followup", "--events", "ev.toml", *sign_args(who), "-o", "out.toml"])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines() == [
        "ev.toml:5:14: reviewers must hold only strings",
        "minecheck: error: ev.toml: the events cannot be used; nothing was written",
    ]
