"""Around the findings, and in follow-ups: what `sign` refuses and `verify` calls malformed.

tests/test_docschema_rules.py holds every field form of a finding. Here: the [minecheck] header,
the [inspection] table, the document's own tables, and each event of a follow-up document (its
reference, action, time, method and reviewers, new deadline, note and evidence). Each case is
met as a user meets it: `sign`'s exit code and error lines with line and column (the file left
as it was), and `verify`'s verdict and --json problems for the same body signed without
`sign`'s checks. A follow-up that is read is read as written, event by event.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from minecheck.core.documents import FOLLOWUP, Event, Evidence, FollowUpDoc, Header
from tests.helpers_docs import CREATED, INSPECTION_ID, findings_body
from tests.test_cli_signing import ALICE, Cli, Person, alice
from tests.test_docschema_rules import verify_calls_malformed

__all__ = ["alice"]  # the fixture

FOLLOWUP_ID = "5d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6"
AT = CREATED - dt.timedelta(hours=1)


def followup_body(signer: str, fingerprint: str) -> bytes:
    """A follow-up of three events: rectified (with evidence), accepted, extended.

    Lines: event 0 from 9 (action 11, at 12, note 13, evidence 15-18), event 1 from 20 (note
    24, method 25, reviewers 26), event 2 from 28 (note 32, new_deadline 33)."""
    header = Header(FOLLOWUP, FOLLOWUP_ID, CREATED, signer, fingerprint, "minecheck 0.1.0")
    overlimit, genuine = f"{INSPECTION_ID}/gas-overlimit", f"{INSPECTION_ID}/gas-check-genuine"
    events = (
        Event(
            overlimit,
            "rectified",
            AT,
            note="sensor replaced",
            evidence=(Evidence("ev/after.jpg", "ab" * 32, 12),),
        ),
        Event(
            overlimit,
            "accepted",
            AT,
            note="checked",
            method="expert-review",
            reviewers=("Li Ming", "Zhao Lei"),
        ),
        Event(genuine, "extended", AT, note="parts on order", new_deadline=dt.date(2027, 1, 15)),
    )
    body = FollowUpDoc(header, events).to_toml()
    assert body.endswith(b"\n\n")
    return body


# (case, body, (text in the body, its replacement), [(line, column, message), ...]); the body is
# "d" a findings document, "f" the follow-up above; "h" the follow-up's [minecheck] table alone
# and "i" the findings document up to its findings, each with the replacement written after it
CASES: list[tuple[str, str, tuple[str, str], list[tuple[int | None, int | None, str]]]] = [
    (
        "findings-a-table",
        "i",
        ("", '[finding]\nitem = "gas-check-genuine"\nresult = "compliant"\n\n'),
        [(23, 2, "finding must be an array")],
    ),
    (
        "reading-bounds-with-a-problem-beside",
        "i",
        (
            "",
            '[[finding]]\nitem = "gas-check-genuine"\nresult = "noncompliant"\n'
            'severity = "general"\nreading = { value = 2, unit = "%CH4", min = 1, above = 0.5 }\n'
            "note = 3\n\n",
        ),
        [(28, 1, "note must be a string")],
    ),
    (
        "reading-not-finite",
        "i",
        (
            "",
            '[[finding]]\nitem = "gas-check-genuine"\nresult = "noncompliant"\n'
            'severity = "general"\nreading = { value = nan, unit = "%CH4", max = inf }\n\n',
        ),
        [
            (27, 13, "reading value must be a finite number"),
            (27, 41, "reading max must be a finite number"),
        ],
    ),
    (
        "major-finding-without-basis",
        "i",
        (
            "",
            '[[finding]]\nitem = "gas-check-genuine"\nresult = "noncompliant"\n'
            'severity = "major"\n\n',
        ),
        [(26, 1, "a major finding must cite its basis")],
    ),
    (
        "body-holding-a-signature-table",
        "d",
        ("[inspection]\n", "[signature.sub]\nx = 1\n\n[inspection]\n"),
        [(9, 2, "the body must not hold a [signature] table")],
    ),
    (
        "event-finding-not-a-reference",
        "f",
        ('/gas-check-genuine"', '/Gas Check"'),
        [
            (
                29,
                1,
                "finding '0b7e4c1a-2d3f-4a5b-8c6d-7e8f9a0b1c2d/Gas Check' must be <inspection "
                "id>/<item>",
            )
        ],
    ),
    (
        "event-finding-without-its-inspection",
        "f",
        (
            'finding = "0b7e4c1a-2d3f-4a5b-8c6d-7e8f9a0b1c2d/gas-check-genuine"',
            'finding = "gas-check-genuine"',
        ),
        [(29, 1, "finding 'gas-check-genuine' must be <inspection id>/<item>")],
    ),
    (
        "event-action-unknown",
        "f",
        ('action = "rectified"', 'action = "fixed"'),
        [
            (
                11,
                1,
                "action must be one of rectified, accepted, rejected, closed, reopened, extended, "
                "escalated, withdrawn, not 'fixed'",
            )
        ],
    ),
    (
        "event-action-a-number",
        "f",
        ('action = "rectified"', "action = 1"),
        [(11, 1, "action must be a string")],
    ),
    (
        "event-method-unknown",
        "f",
        ('method = "expert-review"', 'method = "guess"'),
        [
            (
                25,
                1,
                "method must be one of self, expert-review, third-party, regulator-onsite, not "
                "'guess'",
            )
        ],
    ),
    (
        "accepted-without-a-method",
        "f",
        ('method = "expert-review"\n', ""),
        [(20, 3, "an accepted event needs a method")],
    ),
    (
        "method-on-a-rectified-event",
        "f",
        ('note = "sensor replaced"\n', 'note = "sensor replaced"\nmethod = "self"\n'),
        [(14, 1, "method belongs only to an accepted event")],
    ),
    (
        "reviewers-on-a-rectified-event",
        "f",
        ('note = "sensor replaced"\n', 'note = "sensor replaced"\nreviewers = ["Li Ming"]\n'),
        [(14, 1, "reviewers belongs only to an accepted event")],
    ),
    (
        "reviewers-not-a-list",
        "f",
        ('reviewers = ["Li Ming", "Zhao Lei"]', 'reviewers = "Li Ming"'),
        [(26, 1, "reviewers must be an array")],
    ),
    (
        "reviewers-holding-a-number",
        "f",
        ('reviewers = ["Li Ming", "Zhao Lei"]', 'reviewers = ["Li Ming", 2]'),
        [(26, 25, "reviewers must hold only strings")],
    ),
    (
        "extended-without-a-new-deadline",
        "f",
        ("new_deadline = 2027-01-15\n", ""),
        [(28, 3, "an extended event needs a new_deadline")],
    ),
    (
        "extended-without-a-note",
        "f",
        ('note = "parts on order"\n', ""),
        [(28, 3, "an extended event needs a reason in note")],
    ),
    (
        "extended-with-an-empty-note",
        "f",
        ('note = "parts on order"\n', 'note = ""\n'),
        [(28, 3, "an extended event needs a reason in note")],
    ),
    (
        "new-deadline-on-a-rectified-event",
        "f",
        ('note = "sensor replaced"\n', 'note = "sensor replaced"\nnew_deadline = 2027-01-15\n'),
        [(14, 1, "new_deadline belongs only to extended")],
    ),
    (
        "new-deadline-a-date-time",
        "f",
        ("new_deadline = 2027-01-15", "new_deadline = 2027-01-15T08:00:00Z"),
        [(33, 1, "new_deadline must be a local date like 2026-12-15")],
    ),
    (
        "event-without-at",
        "f",
        ('action = "rectified"\nat = 2026-11-29T07:15:00Z\n', 'action = "rectified"\n'),
        [(9, 3, "missing required key 'at' in event")],
    ),
    (
        "event-at-with-an-offset",
        "f",
        (
            'action = "rectified"\nat = 2026-11-29T07:15:00Z',
            'action = "rectified"\nat = 2026-11-29T15:15:00+08:00',
        ),
        [(12, 1, "at must be in UTC, in whole seconds")],
    ),
    (
        "event-at-with-a-fraction",
        "f",
        (
            'action = "rectified"\nat = 2026-11-29T07:15:00Z',
            'action = "rectified"\nat = 2026-11-29T07:15:00.5Z',
        ),
        [(12, 1, "at must be in UTC, in whole seconds")],
    ),
    (
        "event-at-local",
        "f",
        (
            'action = "rectified"\nat = 2026-11-29T07:15:00Z',
            'action = "rectified"\nat = 2026-11-29T07:15:00',
        ),
        [(12, 1, "at must be an offset date-time in UTC")],
    ),
    (
        "event-at-a-date",
        "f",
        (
            'action = "rectified"\nat = 2026-11-29T07:15:00Z',
            'action = "rectified"\nat = 2026-11-29',
        ),
        [(12, 1, "at must be an offset date-time in UTC")],
    ),
    (
        "event-at-before-1900",
        "f",
        (
            'action = "rectified"\nat = 2026-11-29T07:15:00Z',
            'action = "rectified"\nat = 1899-12-31T23:59:59Z',
        ),
        [(12, 1, "at must lie between 1900 and 9000")],
    ),
    (
        "event-at-after-created",
        "f",
        (
            'action = "rectified"\nat = 2026-11-29T07:15:00Z',
            'action = "rectified"\nat = 2026-11-29T09:15:00Z',
        ),
        [
            (
                12,
                1,
                "at is after the document's created time: a follow-up records what has happened "
                "by the time it is signed",
            )
        ],
    ),
    (
        "event-note-a-number",
        "f",
        ('note = "checked"', "note = 3"),
        [(24, 1, "note must be a string")],
    ),
    (
        "event-unknown-key",
        "f",
        ('note = "checked"', 'note = "checked"\ncolour = "red"'),
        [(25, 1, "unknown key 'colour' in event")],
    ),
    (
        "event-evidence-absolute",
        "f",
        ('path = "ev/after.jpg"', 'path = "/ev/after.jpg"'),
        [
            (
                16,
                1,
                "evidence path '/ev/after.jpg' is absolute; "
                "paths are relative to the findings file",
            )
        ],
    ),
    (
        "event-evidence-negative-bytes",
        "f",
        ("bytes = 12", "bytes = -1"),
        [(18, 1, "bytes must not be negative")],
    ),
    (
        "event-evidence-digest-short",
        "f",
        ('sha256 = "abab', 'sha256 = "ab'),
        [
            (
                17,
                1,
                "sha256 'ababababababababababababababababababababababababababababababab' must be "
                "64 hex digits",
            )
        ],
    ),
    (
        "event-evidence-not-a-list",
        "f",
        ("[[event.evidence]]", "[event.evidence]"),
        [(15, 8, "evidence must be an array")],
    ),
    (
        "followup-without-events",
        "h",
        ("", ""),
        [
            (None, None, "missing required key 'event' in a follow-up document"),
        ],
    ),
    (
        "followup-event-a-table",
        "h",
        (
            "",
            '[event]\nfinding = "0b7e4c1a-2d3f-4a5b-8c6d-7e8f9a0b1c2d/gas-overlimit"\naction = '
            '"rectified"\nat = 2026-11-29T07:15:00Z\n\n',
        ),
        [(9, 2, "event must be an array")],
    ),
    (
        "followup-unknown-table",
        "h",
        ("", "[extra]\nx = 1\n\n"),
        [
            (9, 2, "unknown key 'extra' in a follow-up document"),
            (None, None, "missing required key 'event' in a follow-up document"),
        ],
    ),
    (
        "followup-format-unknown",
        "f",
        ('format = "minecheck.followup/1"', 'format = "minecheck.followup/2"'),
        [
            (
                2,
                1,
                "format must be one of minecheck.findings/1, minecheck.followup/1, "
                "minecheck.merged/1, not 'minecheck.followup/2'",
            )
        ],
    ),
    (
        "followup-with-a-source-count",
        "f",
        ('tool = "minecheck 0.1.0"', 'tool = "minecheck 0.1.0"\nsource_count = 2'),
        [(8, 1, "unknown key 'source_count' in [minecheck]")],
    ),
    (
        "document-id-not-version-4",
        "d",
        ('document_id = "6f1c2a4e-8b3d-4f7a', 'document_id = "6f1c2a4e-8b3d-3f7a'),
        [
            (
                3,
                1,
                "document_id '6f1c2a4e-8b3d-3f7a-9c2e-1d5b7a9e3f01' must be a lowercase UUID "
                "version 4",
            )
        ],
    ),
    (
        "document-id-empty",
        "d",
        ('document_id = "6f1c2a4e-8b3d-4f7a-9c2e-1d5b7a9e3f01"', 'document_id = ""'),
        [(3, 1, "document_id '' must be a lowercase UUID version 4")],
    ),
    (
        "signer-key-lowercase",
        "d",
        ('signer_key = "SHA256:', 'signer_key = "sha256:'),
        [
            (
                6,
                1,
                "signer_key 'sha256:{key}' must be SHA256:…",
            )
        ],
    ),
    (
        "signer-uppercase",
        "d",
        ('signer = "alice@mine.example"', 'signer = "Alice@mine.example"'),
        [
            (
                5,
                1,
                "signer 'Alice@mine.example' must be an ASCII principal like name@unit.example "
                "(lowercase)",
            )
        ],
    ),
    (
        "created-after-9000",
        "d",
        ("created = 2026-11-29T08:15:00Z", "created = 9001-01-01T00:00:00Z"),
        [(4, 1, "created must lie between 1900 and 9000")],
    ),
    (
        "format-unknown",
        "d",
        ('format = "minecheck.findings/1"', 'format = "minecheck.findings/2"'),
        [
            (
                2,
                1,
                "format must be one of minecheck.findings/1, minecheck.followup/1, "
                "minecheck.merged/1, not 'minecheck.findings/2'",
            )
        ],
    ),
    (
        "findings-with-a-source-count",
        "d",
        ('tool = "minecheck 0.1.0"', 'tool = "minecheck 0.1.0"\nsource_count = 2'),
        [(8, 1, "unknown key 'source_count' in [minecheck]")],
    ),
    (
        "header-unknown-key",
        "d",
        ('tool = "minecheck 0.1.0"', 'tool = "minecheck 0.1.0"\ncolour = "red"'),
        [(8, 1, "unknown key 'colour' in [minecheck]")],
    ),
    (
        "inspection-id-uppercase",
        "d",
        ('id = "0b7e4c1a', 'id = "0B7E4C1A'),
        [
            (
                10,
                1,
                "inspection id '0B7E4C1A-2d3f-4a5b-8c6d-7e8f9a0b1c2d' must be a lowercase UUID "
                "version 4",
            )
        ],
    ),
    (
        "checklist-not-an-id",
        "d",
        ('checklist = "coal-major-hidden-dangers"', 'checklist = "Coal Major"'),
        [(11, 1, "checklist 'Coal Major' is not valid")],
    ),
    (
        "checklist-sha256-uppercase",
        "d",
        ('checklist_sha256 = "6da6', 'checklist_sha256 = "6DA6'),
        [
            (
                13,
                1,
                "checklist_sha256 "
                "'6DA624dba5235ba1f3901c904a78ea41debbfb0d8a488aeba7063dba508d9211' is bad",
            )
        ],
    ),
    (
        "checklist-version-a-number",
        "d",
        ('checklist_version = "2024.1"', "checklist_version = 2024.1"),
        [(12, 1, "checklist_version must be a string")],
    ),
    (
        "site-missing",
        "d",
        ('site = "Demo mine"\n', ""),
        [(9, 2, "missing required key 'site' in [inspection]")],
    ),
    (
        "site-id-a-number",
        "d",
        ('site_id = "HLJ-0001"', "site_id = 1"),
        [(15, 1, "site_id must be a string")],
    ),
    (
        "site-tags-a-string",
        "d",
        ('site_tags = ["coal-underground", "high-gas"]', 'site_tags = "coal-underground"'),
        [(16, 1, "site_tags must be an array")],
    ),
    (
        "inspector-a-number",
        "d",
        ('inspector = "Wang Wei"', "inspector = 7"),
        [(17, 1, "inspector must be a string")],
    ),
    (
        "mode-unknown",
        "d",
        ('mode = "routine"', 'mode = "casual"'),
        [
            (
                18,
                1,
                "mode must be one of routine, unannounced, night, special, follow-up, "
                "self-inspection, not 'casual'",
            )
        ],
    ),
    (
        "language-unknown",
        "d",
        ('language = "zh"', 'language = "fr"'),
        [(21, 1, "language must be one of en, zh, not 'fr'")],
    ),
    (
        "started-after-finished",
        "d",
        ("started = 2026-11-29T06:15:00Z", "started = 2026-11-29T08:12:00Z"),
        [(20, 1, "finished is before started")],
    ),
    (
        "finished-after-created",
        "d",
        ("finished = 2026-11-29T08:10:00Z", "finished = 2026-11-29T09:30:00Z"),
        [
            (
                20,
                1,
                "finished is after the document's created time: an inspection is signed once it "
                "is done",
            )
        ],
    ),
    (
        "started-local",
        "d",
        ("started = 2026-11-29T06:15:00Z", "started = 2026-11-29T06:15:00"),
        [(19, 1, "started must be an offset date-time in UTC")],
    ),
    (
        "finished-before-1900",
        "d",
        ("finished = 2026-11-29T08:10:00Z", "finished = 1899-01-01T00:00:00Z"),
        [(20, 1, "finished must lie between 1900 and 9000")],
    ),
    (
        "inspection-missing",
        "d",
        ("[inspection]\n", "[inspect]\n"),
        [
            (9, 2, "unknown key 'inspect' in a findings document; did you mean 'inspection'?"),
            # said once, not once more as a table and once for each of its eleven keys
            (None, None, "missing required key 'inspection' in a findings document"),
        ],
    ),
    (
        "inspection-an-array-of-tables",
        "d",
        ("[inspection]\n", "[[inspection]]\n"),
        [(9, 3, "inspection must be a table")],
    ),
    (
        "inspection-unknown-key",
        "d",
        ('language = "zh"', 'language = "zh"\ncolour = "red"'),
        [(22, 1, "unknown key 'colour' in [inspection]")],
    ),
    (
        "findings-unknown-table",
        "d",
        ("[inspection]\n", "[extra]\nx = 1\n\n[inspection]\n"),
        [(9, 2, "unknown key 'extra' in a findings document")],
    ),
]


# each case's problem codes, in order, as verify --json gives them (`code` is part of the JSON
# contract, beside the message); one key for each case of CASES
CODES: dict[str, list[str]] = {
    "findings-a-table": ["bad-type"],
    "reading-bounds-with-a-problem-beside": ["bad-type"],
    "reading-not-finite": ["bad-value", "bad-value"],
    "major-finding-without-basis": ["missing-basis"],
    "body-holding-a-signature-table": ["unknown-key"],
    "event-finding-not-a-reference": ["bad-value"],
    "event-finding-without-its-inspection": ["bad-value"],
    "event-action-unknown": ["bad-value"],
    "event-action-a-number": ["bad-type"],
    "event-method-unknown": ["bad-value"],
    "accepted-without-a-method": ["missing-key"],
    "method-on-a-rectified-event": ["bad-value"],
    "reviewers-on-a-rectified-event": ["bad-value"],
    "reviewers-not-a-list": ["bad-type"],
    "reviewers-holding-a-number": ["bad-type"],
    "extended-without-a-new-deadline": ["missing-key"],
    "extended-without-a-note": ["missing-key"],
    "extended-with-an-empty-note": ["missing-key"],
    "new-deadline-on-a-rectified-event": ["bad-value"],
    "new-deadline-a-date-time": ["bad-type"],
    "event-without-at": ["missing-key"],
    "event-at-with-an-offset": ["bad-value"],
    "event-at-with-a-fraction": ["bad-value"],
    "event-at-local": ["bad-type"],
    "event-at-a-date": ["bad-type"],
    "event-at-before-1900": ["bad-value"],
    "event-at-after-created": ["bad-value"],
    "event-note-a-number": ["bad-type"],
    "event-unknown-key": ["unknown-key"],
    "event-evidence-absolute": ["bad-value"],
    "event-evidence-negative-bytes": ["bad-value"],
    "event-evidence-digest-short": ["bad-value"],
    "event-evidence-not-a-list": ["bad-type"],
    "followup-without-events": ["missing-key"],
    "followup-event-a-table": ["bad-type"],
    "followup-unknown-table": ["unknown-key", "missing-key"],
    "followup-format-unknown": ["bad-value"],
    "followup-with-a-source-count": ["unknown-key"],
    "document-id-not-version-4": ["bad-value"],
    "document-id-empty": ["bad-value"],
    "signer-key-lowercase": ["bad-value"],
    "signer-uppercase": ["bad-value"],
    "created-after-9000": ["bad-value"],
    "format-unknown": ["bad-value"],
    "findings-with-a-source-count": ["unknown-key"],
    "header-unknown-key": ["unknown-key"],
    "inspection-id-uppercase": ["bad-value"],
    "checklist-not-an-id": ["bad-value"],
    "checklist-sha256-uppercase": ["bad-value"],
    "checklist-version-a-number": ["bad-type"],
    "site-missing": ["missing-key"],
    "site-id-a-number": ["bad-type"],
    "site-tags-a-string": ["bad-type"],
    "inspector-a-number": ["bad-type"],
    "mode-unknown": ["bad-value"],
    "language-unknown": ["bad-value"],
    "started-after-finished": ["bad-value"],
    "finished-after-created": ["bad-value"],
    "started-local": ["bad-type"],
    "finished-before-1900": ["bad-value"],
    "inspection-missing": ["unknown-key", "missing-key"],
    "inspection-an-array-of-tables": ["bad-type"],
    "inspection-unknown-key": ["unknown-key"],
    "findings-unknown-table": ["unknown-key"],
}


def _body(alice: Person, kind: str, old: str, new: str) -> bytes:
    if kind in "di":
        body = findings_body(ALICE, alice.fingerprint)
    else:
        body = followup_body(ALICE, alice.fingerprint)
    if kind in "hi":
        return body[: body.index(b"[[event]]" if kind == "h" else b"[[finding]]")] + new.encode()
    assert body.count(old.encode()) == 1, old
    return body.replace(old.encode(), new.encode())


def test_every_case_has_its_codes() -> None:
    assert [c[0] for c in CASES] == list(CODES)
    assert all(len(CODES[case]) == len(problems) for case, _, _, problems in CASES)


@pytest.mark.parametrize(("case", "kind", "edit", "problems"), CASES, ids=[c[0] for c in CASES])
def test_sign_refuses_and_verify_calls_malformed(
    cli: Cli,
    alice: Person,
    tmp_path: Path,
    case: str,
    kind: str,
    edit: tuple[str, str],
    problems: list[tuple[int | None, int | None, str]],
) -> None:
    body = _body(alice, kind, *edit)
    doc = tmp_path / "document.toml"
    doc.write_bytes(body)
    run = cli(["sign", str(doc)])
    assert (run.exit_code, run.stdout) == (2, "")
    key = alice.fingerprint.removeprefix("SHA256:")
    problems = [(n, col, said.replace("{key}", key)) for n, col, said in problems]
    assert run.stderr.splitlines() == [
        *(f"{doc}:{n}:{col}: {said}" if n else f"{doc}: {said}" for n, col, said in problems),
        f"minecheck: error: {doc} is not a valid minecheck document",
    ]
    assert doc.read_bytes() == body
    verify_calls_malformed(cli, alice, tmp_path, body, problems, CODES[case])


def test_every_field_of_each_event_is_read_as_written(
    cli: Cli, alice: Person, tmp_path: Path
) -> None:
    doc = tmp_path / "followup.toml"
    doc.write_bytes(followup_body(ALICE, alice.fingerprint))
    run = cli(["sign", str(doc)])
    assert (run.exit_code, run.stderr) == (0, "")
    assert status_and_events(cli, doc) == (
        "trusted",
        [
            {
                "finding": f"{INSPECTION_ID}/gas-overlimit",
                "action": "rectified",
                "at": "2026-11-29T07:15:00Z",
                "note": "sensor replaced",
                "method": None,
                "reviewers": None,
                "new_deadline": None,
            },
            {
                "finding": f"{INSPECTION_ID}/gas-overlimit",
                "action": "accepted",
                "at": "2026-11-29T07:15:00Z",
                "note": "checked",
                "method": "expert-review",
                "reviewers": ["Li Ming", "Zhao Lei"],
                "new_deadline": None,
            },
            {
                "finding": f"{INSPECTION_ID}/gas-check-genuine",
                "action": "extended",
                "at": "2026-11-29T07:15:00Z",
                "note": "parts on order",
                "method": None,
                "reviewers": None,
                "new_deadline": "2027-01-15",
            },
        ],
    )


def test_an_event_evidence_of_no_bytes_is_signed_and_trusted(
    cli: Cli, alice: Person, tmp_path: Path
) -> None:
    """An empty evidence file is no negative size: 0 bytes is a size like any other."""
    doc = tmp_path / "followup.toml"
    body = followup_body(ALICE, alice.fingerprint)
    assert body.count(b"bytes = 12\n") == 1
    doc.write_bytes(body.replace(b"bytes = 12\n", b"bytes = 0\n"))
    run = cli(["sign", str(doc)])
    assert (run.exit_code, run.stderr) == (0, "")
    status, events = status_and_events(cli, doc)
    assert (status, [e["action"] for e in events]) == (
        "trusted",
        ["rectified", "accepted", "extended"],
    )


def status_and_events(cli: Cli, doc: Path) -> tuple[str, list[dict[str, Any]]]:
    run = cli(["show", "--json", str(doc)])
    assert run.exit_code == 0, run.stderr
    [document] = run.json()["data"]["documents"]
    events: list[dict[str, Any]] = document["events"]
    return document["status"], events
