"""The document schema: each broken body gives exactly its problems, at the keys that carry them."""

from __future__ import annotations

import pytest
import tomli

from minecheck.core.docschema import read_document
from minecheck.core.seal import check_body
from minecheck.errors import InputError
from tests.test_documents import findings_doc

BASE = findings_doc("x").to_toml().decode()
FOLLOWUP_HEAD = BASE.split("\n\n", 1)[0].replace("findings/1", "followup/1") + "\n\n"
REF = "0b7e3f0e-9b2a-4b8e-9c1d-2f3a4b5c6d7e/gas-overlimit"


def problems(text: str) -> list[tuple[int | None, str]]:
    _, found = read_document(tomli.loads(text), text, "f.toml")
    return sorted(((p.line, p.message) for p in found), key=lambda x: (x[0] or 0, x[1]))


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


CASES = [
    (
        "created-not-a-time",
        ("created = 2026-11-29T08:15:00Z", 'created = "today"'),
        "created = ",
        "created must be an offset date-time in UTC",
    ),
    (
        "deadline-not-a-date",
        ("deadline = 2026-12-15", 'deadline = "soon"'),
        "deadline = ",
        "deadline must be a local date like 2026-12-15",
    ),
    (
        "evidence-escapes",
        ('path = "evidence/0001.jpg"', 'path = "../../etc/passwd"'),
        "path = ",
        "evidence path '../../etc/passwd' has an empty or '..' part",
    ),
    (
        "evidence-absolute",
        ('path = "evidence/0001.jpg"', 'path = "/etc/passwd"'),
        "path = ",
        "evidence path '/etc/passwd' is absolute; paths are relative to the findings file",
    ),
    (
        "evidence-negative-size",
        ("bytes = 123", "bytes = -1"),
        "bytes = ",
        "bytes must not be negative",
    ),
    (
        "noncompliant-without-severity",
        ('severity = "major"\n', ""),
        "[[finding]]",
        "a noncompliant finding needs a severity",
    ),
    (
        "major-without-basis",
        ('basis = ["CMHD-5.2"]\n', ""),
        'severity = "major"',
        "a major finding must cite its basis",
    ),
    (
        "unknown-immediate-measure",
        ('"stop-work"', '"run-away"'),
        "immediate = ",
        "unknown measure 'run-away'",
    ),
    (
        "source-count-outside-merged",
        ('tool = "minecheck 0.1.0"', 'tool = "minecheck 0.1.0"\nsource_count = 2'),
        "source_count",
        "unknown key 'source_count' in [minecheck]",
    ),
    (
        "finished-after-created",
        ("finished = 2026-11-29T08:15:00Z", "finished = 2099-01-01T00:00:00Z"),
        "finished = ",
        "finished is after the document's created time: an inspection is signed once it is done",
    ),
    (
        "finished-before-started",
        ("finished = 2026-11-29T08:15:00Z", "finished = 2026-11-29T08:00:00Z"),
        "finished = ",
        "finished is before started",
    ),
    (
        "created-out-of-range",
        ("created = 2026-11-29T08:15:00Z", "created = 9999-12-31T23:59:59Z"),
        "created = ",
        "created must lie between 1900 and 9000",
    ),
    (
        "signature-table-in-body",
        ("[inspection]", "[signature]\nsshsig = 'x'\n\n[inspection]"),
        "[signature]",
        "the body must not hold a [signature] table",
    ),
]


@pytest.mark.parametrize(
    ("change", "where", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_broken_findings_body(change: tuple[str, str], where: str, message: str) -> None:
    assert change[0] in BASE
    text = BASE.replace(change[0], change[1], 1)
    found = problems(text)
    assert (line_of(text, where), message) in found
    assert len(found) == 1, found


def test_missing_tables() -> None:
    text = BASE.split("[inspection]", 1)[0].replace("[minecheck]", "[minecheck2]")
    text = text.replace('format = "minecheck.findings/1"', "")
    assert problems(text) == [(1, "missing the [minecheck] table")]
    followup_without_events = "event = []\n" + FOLLOWUP_HEAD
    assert problems(followup_without_events) == [
        (
            line_of(followup_without_events, "event = "),
            "a follow-up document needs at least one event",
        )
    ]


@pytest.mark.parametrize(
    ("event", "message"),
    [
        ('action = "accepted"', "an accepted event needs a method"),
        (
            'action = "rectified"\nnew_deadline = 2027-01-01',
            "new_deadline belongs only to extended",
        ),
    ],
)
def test_event_rules(event: str, message: str) -> None:
    text = FOLLOWUP_HEAD + f'[[event]]\nfinding = "{REF}"\nat = 2026-11-29T08:00:00Z\n{event}\n'
    assert [m for _, m in problems(text)] == [message]


@pytest.mark.parametrize(
    ("at", "found"),
    [
        ("2026-11-29T08:25:00Z", []),
        ("2026-11-29T08:25:01Z", ["at"]),
        ("2027-06-01T00:00:00Z", ["at"]),
    ],
)
def test_an_event_after_its_document_was_created_is_refused(at: str, found: list[str]) -> None:
    """A follow-up signed at 08:15 records what had happened by then (ten minutes allowed for
    clocks): an acceptance dated months later was written in advance."""
    assert "created = 2026-11-29T08:15:00Z" in FOLLOWUP_HEAD
    text = FOLLOWUP_HEAD + f'[[event]]\nfinding = "{REF}"\naction = "rectified"\nat = {at}\n'
    message = (
        "at is after the document's created time: a follow-up records what has happened by "
        "the time it is signed"
    )
    assert problems(text) == [(line_of(text, "at = 20"), message) for _ in found]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"[inspection]\n\n", "a document body must begin with the [minecheck] table"),
        (b"[minecheck]\nx = 1\n", "a document body must end with an empty line"),
        (b"[minecheck]\nx = 1\r\n\n", "a document body must not contain a carriage return (CR)"),
        (
            b"[minecheck]\n\n[signature]\nx = 1\n\n",
            "a document body must not contain a [signature] table",
        ),
    ],
)
def test_body_rules_before_signing(body: bytes, message: str) -> None:
    with pytest.raises(InputError) as info:
        check_body(body)
    assert info.value.message == message
