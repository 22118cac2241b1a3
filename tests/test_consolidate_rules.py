"""How the documents of one inspection become one row per item, as `export` and `summary` give
them: which document's words a row keeps, the worst trust, the earliest deadline and finding
date, the signers of an inconsistent answer, and the two problems of documents taken together."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from minecheck.core.documents import (
    FINDINGS,
    FOLLOWUP,
    Event,
    Finding,
    FindingsDoc,
    FollowUpDoc,
    Header,
    Inspection,
)
from minecheck.core.seal import seal
from minecheck.core.sshsig import NAMESPACE_FINDINGS
from tests.helpers_merge import (
    CREATED,
    INSPECTION,
    Who,
    allowed_signers,
    person,
    without_separate_inspections,
)

AS_OF = "2026-12-31"


@pytest.fixture(scope="module")
def people(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Who]:
    d = tmp_path_factory.mktemp("keys")
    return {n: person(d, n) for n in ("alice", "bob", "carol")}


def document(
    who: Who,
    rows: Sequence[Finding],
    *,
    n: int = 0,
    inspection_id: str = INSPECTION,
    site: str = "Demo mine",
    site_id: str | None = "HLJ-0001",
    checklist: str = "coal-major-hidden-dangers",
    version: str = "2024.1",
    started: dt.datetime = CREATED,
    finished: dt.datetime = CREATED,
) -> bytes:
    seed = hashlib.sha256(repr((who.principal, n, inspection_id)).encode()).digest()
    header = Header(
        FINDINGS,
        str(uuid.UUID(bytes=seed[:16], version=4)),
        finished,
        who.principal,
        who.fingerprint,
        "minecheck 0.1.0",
    )
    inspection = Inspection(
        inspection_id,
        checklist,
        version,
        "0" * 64,
        site,
        who.principal.split("@")[0],
        "routine",
        started,
        finished,
        "en",
        site_id,
        ("coal-underground",),
    )
    return seal(
        FindingsDoc(header, inspection, tuple(rows)).to_toml(), who.signer, NAMESPACE_FINDINGS
    )


def doc_id(path: Path) -> str:
    for line in path.read_text().splitlines():
        if line.startswith("document_id"):
            return line.split('"')[1]
    raise AssertionError(path)


def export(cli: Any, tmp: Path, docs: dict[str, bytes], *who: Who, fmt: str = "jsonl") -> Any:
    folder = tmp / "docs"
    folder.mkdir(exist_ok=True)
    for name, data in docs.items():
        (folder / name).write_bytes(data)
    allowed = allowed_signers(tmp / "allowed_signers", *who)
    return cli(
        [
            "export",
            str(folder),
            "--format",
            fmt,
            "--as-of",
            AS_OF,
            "--allowed-signers",
            str(allowed),
        ]
    )


def rows(run: Any) -> dict[str, dict[str, Any]]:
    assert run.exit_code == 0, run.stderr
    return {r["item"]: r for r in map(json.loads, run.stdout.splitlines())}


def summary(cli: Any, tmp: Path, *extra: str) -> dict[str, Any]:
    run = cli(
        [
            *("summary", str(tmp / "docs"), "--json", "--as-of", AS_OF),
            *("--allowed-signers", str(tmp / "allowed_signers"), *extra),
        ]
    )
    assert run.exit_code == 0, run.stdout
    data: dict[str, Any] = run.json()["data"]
    return data


OCT = dt.datetime(2026, 10, 31, 8, 0, tzinfo=dt.UTC)
EARLY = dt.datetime(2026, 10, 30, 8, 0, tzinfo=dt.UTC)
COMMON: dict[str, Any] = {
    "inspection": INSPECTION,
    "checklist": "coal-major-hidden-dangers",
    "checklist_version": "2024.1",
    "inspectors": ["alice", "bob"],
    "signers": ["alice@coal.example", "bob@coal.example"],
    "trust": "trusted",
}


ONE: dict[str, Any] = {
    "inspection": INSPECTION,
    "site": "Demo mine",
    "site_id": "HLJ-0001",
    "checklist": "coal-major-hidden-dangers",
    "checklist_version": "2024.1",
    "inspectors": ["alice"],
    "signers": ["alice@coal.example"],
}
PLAIN: dict[str, Any] = {
    "severity": None,
    "basis": [],
    "state": None,
    "deadline": None,
    "overdue": False,
    "flags": [],
    "description": None,
    "location": None,
    "responsible": None,
}


def test_two_documents_agreeing_on_a_hidden_danger_make_one_row_of_both(
    cli: Any, people: dict[str, Who], tmp_path: Path
) -> None:
    a, b = people["alice"], people["bob"]
    said_a = Finding(
        "gas-overlimit",
        "noncompliant",
        severity="general",
        basis=("CMHD-9.1",),
        deadline=dt.date(2026, 12, 25),
        description="alice's words",
        location="north return",
    )
    said_b = Finding(
        "gas-overlimit",
        "noncompliant",
        severity="major",
        basis=("CMHD-5.2", "CMHD-9.1"),
        deadline=dt.date(2026, 12, 20),
        description="bob's words",
        responsible="shift lead",
        enforcement="work stopped",
    )
    docs = {
        "a.toml": document(a, [said_a], site_id=None, started=EARLY, finished=OCT),
        "b.toml": document(b, [said_b]),
    }
    run = export(cli, tmp_path, docs, a, b)
    assert run.stderr == ""
    ids = sorted(doc_id(tmp_path / "docs" / name) for name in docs)
    first = "a.toml" if doc_id(tmp_path / "docs" / "a.toml") == ids[0] else "b.toml"
    assert rows(run)["gas-overlimit"] == {
        **COMMON,
        "document_ids": ids,
        "site": "Demo mine",
        "site_id": "HLJ-0001",  # the code one document gives
        "item": "gas-overlimit",
        "result": "noncompliant",
        "severity": "major",  # the graver
        "basis": ["CMHD-5.2", "CMHD-9.1"],  # each once, sorted
        "state": "open",
        "deadline": "2026-12-20",  # the earlier
        "overdue": True,
        "flags": ["overdue"],  # one document records an enforcement
        # each text from the first document (by document id) that gives one
        "description": "alice's words" if first == "a.toml" else "bob's words",
        "location": "north return",
        "responsible": "shift lead",
    }
    # found when the first inspector finished (the month the summary counts it in)
    assert [
        (g["month"], g["hidden_dangers"]) for g in summary(cli, tmp_path, "--by", "month")["groups"]
    ] == [("2026-10", 1)]


def test_a_site_named_in_two_languages_under_one_code_takes_the_first_document_s_name(
    cli: Any, people: dict[str, Who], tmp_path: Path
) -> None:
    a, b = people["alice"], people["bob"]
    docs = {
        "a.toml": document(a, [Finding("gas-overlimit", "compliant")], site="Demo mine"),
        "b.toml": document(b, [Finding("gas-overlimit", "compliant")], site="示范矿"),
    }
    run = export(cli, tmp_path, docs, a, b)
    assert run.stderr == ""
    first = min(docs, key=lambda name: doc_id(tmp_path / "docs" / name))
    ids = sorted(doc_id(tmp_path / "docs" / name) for name in docs)
    assert rows(run)["gas-overlimit"] == {
        **COMMON,
        **PLAIN,
        "document_ids": ids,
        "site": "Demo mine" if first == "a.toml" else "示范矿",
        "site_id": "HLJ-0001",
        "item": "gas-overlimit",
        "result": "compliant",
    }


def test_an_answer_against_a_hidden_danger_makes_it_inconsistent_and_keeps_its_terms(
    cli: Any, people: dict[str, Who], tmp_path: Path
) -> None:
    a, b = people["alice"], people["bob"]
    bad = Finding(
        "gas-overlimit",
        "noncompliant",
        severity="general",
        deadline=dt.date(2027, 1, 20),
        description="alice's words",
    )
    docs = {
        "a.toml": document(a, [bad, Finding("methane-return", "compliant")]),
        "b.toml": document(
            b, [Finding("gas-overlimit", "compliant"), Finding("methane-return", "not-applicable")]
        ),
    }
    run = export(cli, tmp_path, docs, a, b)
    assert run.stderr == ""
    got = rows(run)
    ids = sorted(doc_id(tmp_path / "docs" / name) for name in docs)
    shared = {**COMMON, "document_ids": ids, "site": "Demo mine", "site_id": "HLJ-0001"}
    assert got["gas-overlimit"] == {
        **shared,
        "item": "gas-overlimit",
        "result": "inconsistent",
        "severity": "general",
        "basis": [],
        "state": "open",
        "deadline": "2027-01-20",
        "overdue": False,
        "flags": [],
        "description": "alice's words",  # the words of the one who found it, not the other's
        "location": None,
        "responsible": None,
    }
    # two answers that are no hidden danger but differ: inconsistent, open, of no grade
    assert got["methane-return"] == {
        **shared,
        "item": "methane-return",
        "result": "inconsistent",
        "severity": None,
        "basis": [],
        "state": "open",
        "deadline": None,
        "overdue": False,
        "flags": [],
        "description": None,
        "location": None,
        "responsible": None,
    }
    headline = summary(cli, tmp_path)["headline"]
    assert (headline["inconsistent"], headline["hidden_dangers"], headline["open"]) == (2, 2, 2)


def followup(who: Who, *events: Event) -> bytes:
    header = Header(
        FOLLOWUP,
        str(uuid.UUID(bytes=hashlib.sha256(who.principal.encode()).digest()[:16], version=4)),
        max(e.at for e in events),
        who.principal,
        who.fingerprint,
        "minecheck 0.1.0",
    )
    return seal(FollowUpDoc(header, events).to_toml(), who.signer, NAMESPACE_FINDINGS)


def test_one_document_s_rows_in_item_order_in_every_format(
    cli: Any, people: dict[str, Who], tmp_path: Path
) -> None:
    a = people["alice"]
    bad = Finding(
        "b-roof",
        "noncompliant",
        severity="general",
        basis=("CMHD-9.1", "CMHD-2.1", "CMHD-9.1"),
        deadline=dt.date(2027, 1, 20),
        description="a crack",
        location="face 3",
        responsible="the shift lead",
    )
    answers = [
        Finding("d-pump", "not-checked"),
        bad,
        Finding("c-fan", "not-applicable"),
        Finding("a-gas", "compliant"),
        Finding("e-belt", "compliant"),
    ]
    run = export(cli, tmp_path, {"a.toml": document(a, answers)}, a)
    assert run.stderr == ""
    ids = [doc_id(tmp_path / "docs" / "a.toml")]
    said = [json.loads(line) for line in run.stdout.splitlines()]
    assert [r["item"] for r in said] == ["a-gas", "b-roof", "c-fan", "d-pump", "e-belt"]
    plain = {**ONE, "document_ids": ids, **PLAIN, "trust": "trusted"}
    assert said[0] == {**plain, "item": "a-gas", "result": "compliant"}
    assert said[1] == {
        **ONE,
        "document_ids": ids,
        "item": "b-roof",
        "result": "noncompliant",
        "severity": "general",
        "basis": ["CMHD-2.1", "CMHD-9.1"],
        "state": "open",
        "deadline": "2027-01-20",
        "overdue": False,
        "flags": [],
        "description": "a crack",
        "location": "face 3",
        "responsible": "the shift lead",
        "trust": "trusted",
    }
    assert said[2] == {**plain, "item": "c-fan", "result": "not-applicable"}
    assert said[3] == {**plain, "item": "d-pump", "result": "not-checked"}
    csv_run = export(cli, tmp_path, {}, a, fmt="csv")
    assert csv_run.exit_code == 0, csv_run.stderr
    assert [line.split(",")[6] for line in csv_run.stdout.splitlines()[1:]] == [
        "a-gas",
        "b-roof",
        "c-fan",
        "d-pump",
        "e-belt",
    ]
    results = summary(cli, tmp_path)["results"]
    assert results == {
        "compliant": 2,
        "noncompliant": 1,
        "inconsistent": 0,
        "not-applicable": 1,
        "not-checked": 1,
    }


def test_an_event_on_a_finding_that_is_no_hidden_danger_is_not_applied(
    cli: Any, people: dict[str, Who], tmp_path: Path
) -> None:
    """Whether one document records the finding, two agree on it, or one of two answers it."""
    a, b = people["alice"], people["bob"]
    at = CREATED + dt.timedelta(days=1)
    docs = {
        "a.toml": document(
            a, [Finding("gas-overlimit", "compliant"), Finding("methane-return", "not-applicable")]
        ),
        "c.toml": document(
            a,
            [Finding("fan", "compliant"), Finding("pump", "not-checked")],
            n=1,
            inspection_id=f"{INSPECTION[:-1]}f",
        ),
        "d.toml": document(
            b, [Finding("fan", "compliant")], n=1, inspection_id=f"{INSPECTION[:-1]}f"
        ),
        "f.toml": followup(
            b,
            Event(f"{INSPECTION}/methane-return", "rectified", at, note="done"),
            Event(f"{INSPECTION[:-1]}f/fan", "rectified", at, note="done"),
            Event(f"{INSPECTION[:-1]}f/pump", "rectified", at, note="done"),
        ),
    }
    run = export(cli, tmp_path, docs, a, b)
    assert run.exit_code == 0
    f = tmp_path / "docs" / "f.toml"
    assert run.stderr.splitlines() == [
        f"minecheck: warning: {f}: event rectified for {INSPECTION}/methane-return at "
        "2026-11-30T08:15:00Z not applied: the finding is not a hidden danger",
        "  hint: follow-ups are kept only for hidden dangers: check the finding the event names",
        f"minecheck: warning: {f}: event rectified for {INSPECTION[:-1]}f/fan at "
        "2026-11-30T08:15:00Z not applied: the finding is not a hidden danger",
        f"minecheck: warning: {f}: event rectified for {INSPECTION[:-1]}f/pump at "
        "2026-11-30T08:15:00Z not applied: the finding is not a hidden danger",
    ]
    assert [
        (r["item"], r["result"], r["state"]) for r in map(json.loads, run.stdout.splitlines())
    ] == [
        ("gas-overlimit", "compliant", None),
        ("methane-return", "not-applicable", None),
        ("fan", "compliant", None),
        ("pump", "not-checked", None),
    ]
    said = summary(cli, tmp_path)
    assert (said["scope"]["rejected_events"], said["scope"]["inspections"]) == (3, 2)
    # each counted once: the one only one of two documents answers too
    assert said["results"] == {
        "compliant": 2,
        "noncompliant": 0,
        "inconsistent": 0,
        "not-applicable": 1,
        "not-checked": 1,
    }


def test_an_untrusted_event_marks_the_row_it_changed_whoever_records_the_finding(
    cli: Any, people: dict[str, Who], tmp_path: Path
) -> None:
    """One document records gas-overlimit; two record the fan of another inspection."""
    a, b, carol = people["alice"], people["bob"], people["carol"]
    bad = Finding(
        "gas-overlimit", "noncompliant", severity="general", deadline=dt.date(2027, 1, 20)
    )
    fan = Finding("fan", "noncompliant", severity="general", deadline=dt.date(2027, 1, 20))
    other = f"{INSPECTION[:-1]}f"
    at = CREATED + dt.timedelta(days=1)
    docs = {
        "a.toml": document(a, [bad, Finding("methane-return", "compliant")]),
        "c.toml": document(a, [fan], n=1, inspection_id=other),
        "d.toml": document(b, [fan], n=1, inspection_id=other),
        "f.toml": followup(
            carol,
            Event(f"{INSPECTION}/gas-overlimit", "rectified", at),
            Event(f"{other}/fan", "rectified", at),
        ),
    }
    run = export(cli, tmp_path, docs, a, b)  # carol's key is not trusted
    got = rows(run)
    assert [(r["item"], r["state"], r["trust"]) for r in got.values()] == [
        ("gas-overlimit", "open", "trusted"),
        ("methane-return", None, "trusted"),
        ("fan", "open", "trusted"),
    ]
    run = cli(
        [
            *("export", str(tmp_path / "docs"), "--format", "jsonl", "--as-of", AS_OF),
            *("--allowed-signers", str(tmp_path / "allowed_signers"), "--include-untrusted"),
        ]
    )
    got = rows(run)
    assert [(r["item"], r["state"], r["trust"]) for r in got.values()] == [
        ("gas-overlimit", "rectified", "untrusted-key"),
        ("methane-return", None, "trusted"),
        ("fan", "rectified", "untrusted-key"),
    ]


def test_a_document_of_an_untrusted_key_makes_the_shared_row_untrusted(
    cli: Any, people: dict[str, Who], tmp_path: Path
) -> None:
    a, carol = people["alice"], people["carol"]
    docs = {
        "a.toml": document(a, [Finding("gas-overlimit", "compliant")]),
        "c.toml": document(carol, [Finding("gas-overlimit", "compliant")]),
    }
    run = export(cli, tmp_path, docs, a)
    assert rows(run)["gas-overlimit"]["trust"] == "trusted"
    run = cli(
        [
            *("export", str(tmp_path / "docs"), "--format", "jsonl", "--as-of", AS_OF),
            *("--allowed-signers", str(tmp_path / "allowed_signers"), "--include-untrusted"),
        ]
    )
    row = rows(run)["gas-overlimit"]
    assert (row["trust"], row["signers"]) == (
        "untrusted-key",
        ["alice@coal.example", "carol@coal.example"],
    )


def test_documents_naming_two_sites_and_two_checklists_are_each_said_once(
    cli: Any, people: dict[str, Who], tmp_path: Path
) -> None:
    a, b = people["alice"], people["bob"]
    answers = [Finding("gas-overlimit", "compliant"), Finding("methane-return", "compliant")]
    docs = {
        "a.toml": document(a, answers, site="Mine A", site_id=None),
        "b.toml": document(
            b, [*answers, Finding("fan", "compliant")], site="Mine B", checklist="other-list"
        ),
    }
    run = export(cli, tmp_path, docs, a, b)
    assert run.exit_code == 0
    first = tmp_path / "docs" / min(docs, key=lambda name: doc_id(tmp_path / "docs" / name))
    assert run.stderr.splitlines() == [
        f"minecheck: warning: {first}: inspection {INSPECTION}: gas-overlimit, methane-return "
        "answered from different checklists (coal-major-hidden-dangers, other-list); their "
        "answers are taken as one finding",
        f"minecheck: warning: {first}: inspection {INSPECTION}: its documents name different "
        "sites: Mine A; Mine B (HLJ-0001); an inspection is at one site (was an inspection id "
        "used again?)",
    ]
    assert [r["item"] for r in map(json.loads, run.stdout.splitlines())] == [
        "fan",
        "gas-overlimit",
        "methane-return",
    ]
    said = cli(
        [
            *("summary", str(tmp_path / "docs"), "--json", "--as-of", AS_OF),
            *("--allowed-signers", str(tmp_path / "allowed_signers")),
        ]
    )
    assert said.exit_code == 0
    problems = json.loads(said.stdout)["problems"]
    assert [(p["code"], p["path"]) for p in problems] == [
        ("checklists", str(first)),
        ("sites", str(first)),
    ]


def test_documents_of_one_site_and_one_checklist_are_said_nothing_of(
    cli: Any, people: dict[str, Who], tmp_path: Path
) -> None:
    a, b = people["alice"], people["bob"]
    docs = {
        "a.toml": document(
            a, [Finding("gas-overlimit", "compliant")], site="Demo mine", site_id=None
        ),
        "b.toml": document(b, [Finding("fan", "compliant")], version="2025.1"),
    }
    run = export(cli, tmp_path, docs, a, b)
    assert (run.exit_code, run.stderr) == (0, "")
    said = [json.loads(line) for line in run.stdout.splitlines()]
    assert [(r["item"], r["checklist_version"]) for r in said] == [
        ("fan", "2025.1"),
        ("gas-overlimit", "2024.1"),
    ]
    # an item one document of the two answers: its own row, of that document alone
    assert said[0] == {
        **COMMON,
        **PLAIN,
        "document_ids": [doc_id(tmp_path / "docs" / "b.toml")],
        "site": "Demo mine",
        "site_id": "HLJ-0001",
        "checklist_version": "2025.1",
        "item": "fan",
        "result": "compliant",
        "inspectors": ["bob"],
        "signers": ["bob@coal.example"],
    }


def test_an_empty_site_code_is_no_code_in_every_row(
    cli: Any, people: dict[str, Who], tmp_path: Path
) -> None:
    a, b = people["alice"], people["bob"]
    bad = Finding("fan", "noncompliant", severity="general", deadline=dt.date(2027, 1, 20))
    other = f"{INSPECTION[:-1]}f"
    docs = {
        "a.toml": document(a, [Finding("gas-overlimit", "compliant"), bad], site_id=""),
        "b.toml": document(
            b, [bad, Finding("pump", "compliant")], site_id="", n=1, inspection_id=other
        ),
        "c.toml": document(a, [bad], site_id="", n=1, inspection_id=other),
    }
    run = export(cli, tmp_path, docs, a, b)
    assert (run.exit_code, without_separate_inspections(run.stderr)) == (0, "")
    assert [
        (r["inspection"][-1], r["item"], r["site"], r["site_id"])
        for r in map(json.loads, run.stdout.splitlines())
    ] == [
        ("e", "fan", "Demo mine", None),
        ("e", "gas-overlimit", "Demo mine", None),
        ("f", "fan", "Demo mine", None),
        ("f", "pump", "Demo mine", None),
    ]


def test_majors_at_one_site_are_a_repeat_major_by_its_code_else_its_name(
    cli: Any, people: dict[str, Who], tmp_path: Path
) -> None:
    """A major found by one inspector (one document) and another found by two (two documents)
    29 days later: at one code named in English and in Chinese, each is a repeat major; at two
    codes, or at two names with no code, neither is; at one name with no code, each is."""
    a, b = people["alice"], people["bob"]
    major = Finding(
        "gas-overlimit",
        "noncompliant",
        severity="major",
        basis=("CMHD-5.2",),
        deadline=dt.date(2027, 1, 20),
        enforcement="work stopped",
    )
    other = f"{INSPECTION[:-1]}f"

    def flags(first: tuple[str, str | None], second: tuple[str, str | None]) -> list[Any]:
        docs = {
            "a.toml": document(
                a, [major], site=first[0], site_id=first[1], started=EARLY, finished=OCT
            ),
            "b.toml": document(
                a, [major], n=1, inspection_id=other, site=second[0], site_id=second[1]
            ),
            "c.toml": document(
                b, [major], n=1, inspection_id=other, site=second[0], site_id=second[1]
            ),
        }
        run = export(cli, tmp_path, docs, a, b)
        assert run.stderr == ""
        return [(r["inspection"][-1], r["flags"]) for r in map(json.loads, run.stdout.splitlines())]

    repeated = [("e", ["repeat-major"]), ("f", ["repeat-major"])]
    alone: list[Any] = [("e", []), ("f", [])]
    assert flags(("Demo mine", "HLJ-0001"), ("示范矿", "HLJ-0001")) == repeated
    assert flags(("Demo mine", "HLJ-0001"), ("示范矿", "HLJ-0002")) == alone
    assert flags(("Mine A", None), ("Mine B", None)) == alone
    assert flags(("Mine A", None), ("Mine A", None)) == repeated


def test_empty_words_in_a_finding_are_no_words_in_its_row(
    cli: Any, people: dict[str, Who], tmp_path: Path
) -> None:
    a = people["alice"]
    bad = Finding(
        "gas-overlimit",
        "noncompliant",
        severity="general",
        deadline=dt.date(2027, 1, 20),
        description="",
        location="",
        responsible="",
    )
    run = export(cli, tmp_path, {"a.toml": document(a, [bad])}, a)
    row = rows(run)["gas-overlimit"]
    assert (row["description"], row["location"], row["responsible"]) == (None, None, None)
