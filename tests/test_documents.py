"""Documents: the writer's output parses back to the same model, and strings stay inert."""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
import uuid

import tomli
from hypothesis import example, given, settings
from hypothesis import strategies as st

from minecheck.core import tomlwrite
from minecheck.core.docschema import read_document
from minecheck.core.documents import (
    FINDINGS,
    FOLLOWUP,
    Event,
    Evidence,
    Finding,
    FindingsDoc,
    FollowUpDoc,
    Header,
    Inspection,
    ReadingValue,
)
from minecheck.core.sanitize import for_csv, for_terminal, looks_like_markup

NOW = dt.datetime(2026, 11, 29, 8, 15, tzinfo=dt.UTC)
KEY = "SHA256:" + "A" * 43


def header(fmt: str = FINDINGS) -> Header:
    return Header(fmt, str(uuid.uuid4()), NOW, "wang.wei@hlj.example", KEY, "minecheck 0.1.0")


def findings_doc(text: str) -> FindingsDoc:
    inspection = Inspection(
        id=str(uuid.uuid4()),
        checklist="coal-major-hidden-dangers",
        checklist_version="2024.1",
        checklist_sha256="0" * 64,
        site=text or "x",
        site_id=text,
        site_tags=("coal-underground",),
        inspector=text or "y",
        mode="night",
        started=NOW,
        finished=NOW,
        language="zh",
    )
    findings = (
        Finding(
            "gas-overlimit",
            "noncompliant",
            severity="major",
            basis=("CMHD-5.2",),
            description=text,
            location=text,
            measures=text,
            responsible=text,
            deadline=dt.date(2026, 12, 15),
            immediate=("stop-work", "withdraw-persons"),
            reading=ReadingValue(1.3, "%CH4", max=1.0),
            note=text,
            evidence=(Evidence("evidence/0001.jpg", "a" * 64, 123),),
        ),
        Finding("gas-check-genuine", "compliant"),
        Finding("outburst-org", "not-applicable", note="applies only to: outburst"),
    )
    return FindingsDoc(header(), inspection, findings)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=40))
@example("Demo\u3164mine\u034f")
def test_findings_round_trip_any_text(text: str) -> None:
    doc = findings_doc(text)
    body = doc.to_toml()
    assert body.startswith(b"[minecheck]\n")
    assert body.endswith(b"\n\n")
    assert b"\r" not in body
    decoded = body.decode("utf-8")
    # nothing a terminal acts on or draws as nothing is ever written raw into a document (a
    # Hangul filler or a grapheme joiner read as nothing with `cat` or in an editor)
    assert for_terminal(decoded, multiline=True) == decoded
    parsed, problems = read_document(tomli.loads(decoded), decoded, "f.toml")
    assert problems == []
    assert parsed == doc


def test_followup_round_trip() -> None:
    events = (
        Event("0b7e3f0e-9b2a-4b8e-9c1d-2f3a4b5c6d7e/gas-overlimit", "rectified", NOW, note="done"),
        Event(
            "0b7e3f0e-9b2a-4b8e-9c1d-2f3a4b5c6d7e/gas-overlimit",
            "accepted",
            NOW,
            method="expert-review",
            reviewers=("Li", "Zhao"),
            evidence=(Evidence("after.jpg", "b" * 64, 9),),
        ),
        Event(
            "0b7e3f0e-9b2a-4b8e-9c1d-2f3a4b5c6d7e/other",
            "extended",
            NOW,
            note="parts on order",
            new_deadline=dt.date(2027, 1, 15),
        ),
    )
    doc = FollowUpDoc(header(FOLLOWUP), events)
    text = doc.to_toml().decode()
    parsed, problems = read_document(tomli.loads(text), text, "f.toml")
    assert problems == []
    assert parsed == doc


def test_schema_problems_carry_positions() -> None:
    text = findings_doc("x").to_toml().decode()
    text = text.replace('result = "compliant"', 'result = "fine"\ncolour = "red"')
    _, problems = read_document(tomli.loads(text), text, "f.toml")
    lines = text.splitlines()
    found = {(p.message, lines[p.line - 1] if p.line else "") for p in problems}
    assert (
        "result must be one of compliant, noncompliant, not-applicable, not-checked, not 'fine'",
        'result = "fine"',
    ) in found
    assert ("unknown key 'colour' in finding 'gas-check-genuine'", 'colour = "red"') in found


def test_followup_rules() -> None:
    text = (
        '[minecheck]\nformat = "minecheck.followup/1"\n'
        f'document_id = "{uuid.uuid4()}"\ncreated = 2026-11-29T08:15:00Z\n'
        f'signer = "a@b.example"\nsigner_key = "{KEY}"\ntool = "t"\n\n'
        '[[event]]\nfinding = "nope"\naction = "extended"\nat = 2026-11-29T08:15:00+08:00\n'
        'method = "self"\n'
    )
    _, problems = read_document(tomli.loads(text), text, "f.toml")
    messages = sorted(p.message for p in problems)
    assert messages == [
        "an extended event needs a new_deadline",
        "an extended event needs a reason in note",
        "at must be in UTC, in whole seconds",
        "finding 'nope' must be <inspection id>/<item>",
        "method belongs only to an accepted event",
    ]


def test_writer_values() -> None:
    assert tomlwrite.value('a\u202eb\x1b\\"') == '"a\\u202Eb\\u001B\\\\\\""'
    assert tomlwrite.value(1.0) == "1.0"
    assert tomlwrite.value(NOW) == "2026-11-29T08:15:00Z"
    assert tomlwrite.key("a b") == '"a b"'


def _string_by_the_rules(text: str, marks: bool) -> str:
    """A TOML basic string as the writer's rules say, one character at a time: short escapes,
    a backslash doubled, controls, format and separator characters, surrogates, private use and
    unassigned as `\\uXXXX`; with `marks`, `=`, `,`, `[` and `{` as `\\uXXXX` too."""
    out = []
    for ch in text:
        code = ord(ch)
        if marks and ch in "=,[{":
            out.append(f"\\u{code:04X}")
        elif ch in '\b\t\n\f\r"':
            out.append(
                {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}.get(ch, '\\"')
            )
        elif ch == "\\":
            out.append("\\\\")
        elif unicodedata.category(ch) in {"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"}:
            out.append(f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def test_the_writer_escapes_each_character_by_its_rule() -> None:
    """The signed bytes are fixed by design: every string is written as the rules say."""
    rng = random.Random(7)  # noqa: S311 - test data
    alphabet = [*"ab =,[{}]\"\\'\b\t\n\f\r\x00\x1b\x7f\x85", *"煤\u3000\u0301\u200b\u202e\u2028"]
    alphabet += ["\ud800", "\ue000", "\u0378", "\U0001f600", "\U000e0041", "\U0010fffd"]
    texts = ["", "plain", "煤矿 a=1", "".join(alphabet) * 2] + [
        "".join(rng.choices(alphabet, k=rng.randrange(0, 30))) for _ in range(500)
    ]
    for text in texts:
        for marks in (False, True):
            assert tomlwrite.string(text, marks=marks) == _string_by_the_rules(text, marks)


def test_sanitizers() -> None:
    assert for_terminal("ok\x1b[2J\u202e\u200b\n") == "ok\\u001b[2J\\u202e\\u200b\\u000a"
    assert for_terminal("a\nb", multiline=True) == "a\nb"
    assert [for_csv(s) for s in ("=1+1", "+x", "-2", "@a", "ok")] == [
        "'=1+1",
        "'+x",
        "'-2",
        "'@a",
        "ok",
    ]
    assert looks_like_markup("[bold red]x[/]")
    assert not looks_like_markup("limit 1.0% (CMHD-5.2)")


def test_a_time_is_written_with_four_digits_of_year() -> None:
    """TOML wants four digits of year: glibc's strftime wrote the year 1 as "1-01-01T..." (no
    TOML; then the header's form refused to seal it). Microseconds are not written."""
    for year in (1, 999, 2026, 9999):
        at = dt.datetime(year, 1, 2, 3, 4, 5, 678, tzinfo=dt.UTC)
        text = tomlwrite.table("minecheck", {"created": at})
        assert text == f"[minecheck]\ncreated = {year:04d}-01-02T03:04:05Z\n"
        assert tomli.loads(text)["minecheck"]["created"] == at.replace(microsecond=0)
