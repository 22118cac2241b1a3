"""An auditor who does not trust minecheck counts the summary's headline, results, grades and
states, open majors by site, closures and stock again from the signed files, with tomllib and
the rules docs/formats.md states, and gets the summary's figures on a seeded corpus on several
report days. The rules of a report's day that the count needs are quoted from the doc."""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from benchmarks.corpus import generate

from minecheck.core.documents import Finding
from tests.helpers_merge import (
    CREATED,
    ITEMS,
    allowed_signers,
    findings,
    findings_of,
    make_merged,
    person,
    store_for,
)

REPO = Path(__file__).resolve().parent.parent
HEADLINE = (
    *("findings", "hidden_dangers", "majors", "open", "open_majors", "overdue"),
    *("overdue_majors", "closed", "no_enforcement", "repeat_major", "inconsistent", "untrusted"),
)


def _formats_md() -> str:
    return " ".join((REPO / "docs" / "formats.md").read_text(encoding="utf-8").split())


def _rows_section() -> str:
    """formats.md's "Export rows" section, its lines joined."""
    told = _formats_md()
    return told[told.index("## Export rows") : told.index("## Export of events")]


def _export(cli: Any, docs: Path, as_of: str, allowed: Path) -> list[dict[str, Any]]:
    run = cli(
        [
            *("export", str(docs), "--format", "jsonl", "--no-cache"),
            *("--as-of", as_of, "--allowed-signers", str(allowed)),
        ]
    )
    assert run.exit_code == 0, run.stderr
    return [json.loads(line) for line in run.stdout.splitlines()]


def _documents(root: Path, as_of: dt.date) -> list[dict[str, Any]]:
    """Every findings and follow-up document the report knows on `as_of`, once each: those
    embedded in merged files too, each judged by its own `created`."""
    known: dict[str, dict[str, Any]] = {}

    def take(raw: str) -> None:
        doc = tomllib.loads(raw)
        head = doc["minecheck"]
        if head["format"] == "minecheck.merged/1":
            for source in doc["source"]:
                take(source["file"])
            return
        if head["created"].date() > as_of:
            return
        known.setdefault(head["document_id"], doc)

    for path in sorted(root.rglob("*.toml")):
        take(path.read_text(encoding="utf-8"))
    return [known[key] for key in sorted(known)]  # in the order of their document_id


def _fold(
    events: list[tuple[dt.datetime, str, dict[str, Any]]], major: bool, until: dt.date
) -> tuple[str, dt.date | None, bool]:
    """The state on `until`, the day of the closure in force, and whether its acceptance was
    independent (not `self`, by another signer than the rectifier)."""
    state, rectifier, closed_on, independent, accepted_by = "open", "", None, False, False
    for at, signer, event in sorted(events, key=lambda e: e[0]):
        action = event["action"]
        if at.date() > until:
            break
        if action == "rectified" and state == "open":
            state, rectifier = "rectified", signer
        elif action == "accepted" and state == "rectified":
            by_other = event["method"] != "self" and signer != rectifier
            if not major or by_other:
                state, accepted_by = "accepted", by_other
        elif action == "closed" and state == "accepted":
            state, closed_on, independent = "closed", at.date(), accepted_by
    return state, closed_on, independent


def _rows(root: Path, as_of: dt.date) -> list[dict[str, Any]]:
    """One row per consolidated finding, as formats.md's export rows define it."""
    docs = _documents(root, as_of)
    answers: dict[tuple[str, str, str], dict[str, Any]] = defaultdict(
        lambda: {
            "said": set(),
            "severity": set(),
            "deadline": [],
            "enforcement": [],
            "who": [],
            "modes": set(),
        }
    )
    for doc in docs:
        if doc["minecheck"]["format"] != "minecheck.findings/1":
            continue
        ins = doc["inspection"]
        if ins["finished"].date() > as_of:
            continue
        for finding in doc["finding"]:
            row = answers[(ins["id"], ins["checklist"], finding["item"])]
            row["said"].add(finding["result"])
            row["modes"].add(ins["mode"])
            row["site"] = ins.get("site_id") or ins["site"]
            row["finished"] = min(row.get("finished", ins["finished"]), ins["finished"])
            if finding["result"] == "noncompliant":
                row["severity"].add(finding["severity"])
                row["deadline"].extend([finding["deadline"]] if "deadline" in finding else [])
                row["enforcement"].append(finding.get("enforcement", "").strip())
                row["who"].append(finding.get("responsible", ""))
    events: dict[str, list[tuple[dt.datetime, str, dict[str, Any]]]] = defaultdict(list)
    for doc in docs:
        if doc["minecheck"]["format"] == "minecheck.followup/1":
            for event in doc["event"]:
                events[event["finding"]].append((event["at"], doc["minecheck"]["signer"], event))
    rows: list[dict[str, Any]] = []
    for (inspection, _checklist, item), row in answers.items():
        said = set(row["said"]) - ({"not-checked"} if len(row["said"]) > 1 else set())
        result = said.pop() if len(said) == 1 else "inconsistent"
        out: dict[str, Any] = {
            "inspection": inspection,
            "item": item,
            "result": result,
            "hidden": False,
            "major": False,
        }
        out.update(site=row["site"], finished=row["finished"].date())
        rows.append(out)
        if result not in ("noncompliant", "inconsistent"):
            continue
        major = "major" in row["severity"]
        said_events = events[f"{inspection}/{item}"]
        state, closed_on, independent = _fold(said_events, major, as_of)
        month_start = as_of.replace(day=1)
        before, _, _ = _fold(said_events, major, month_start - dt.timedelta(days=1))
        is_open = state not in ("closed", "withdrawn")
        out.update(hidden=True, major=major, state=state, open=is_open, closed_on=closed_on)
        out.update(independent=independent, state_at_month_start=before)
        out["severity"] = "major" if major else "general"
        out["overdue"] = is_open and bool(row["deadline"]) and min(row["deadline"]) < as_of
        out["no_enforcement"] = (
            major
            and is_open
            and not any(row["enforcement"])
            and row["modes"] != {"self-inspection"}
        )
        out["responsible"] = next((who for who in row["who"] if who), "")
        out["deadline"] = min(row["deadline"], default=None)
    majors = [r for r in rows if r["major"]]
    for r in majors:
        r["repeat_major"] = any(
            o["inspection"] != r["inspection"]
            and o["site"] == r["site"]
            and abs((o["finished"] - r["finished"]).days) <= 90
            for o in majors
        )
    return rows


def recount(root: Path, as_of: dt.date) -> dict[str, int]:
    """The headline, by formats.md's table: each figure a count of rows."""
    rows = _rows(root, as_of)
    hidden = [r for r in rows if r["hidden"]]
    return {
        "findings": len(rows),
        "hidden_dangers": len(hidden),
        "majors": sum(r["major"] for r in hidden),
        "open": sum(r["open"] for r in hidden),
        "open_majors": sum(r["open"] and r["major"] for r in hidden),
        "overdue": sum(r["overdue"] for r in hidden),
        "overdue_majors": sum(r["overdue"] and r["major"] for r in hidden),
        "closed": sum(r["state"] == "closed" for r in hidden),
        "no_enforcement": sum(r["no_enforcement"] for r in hidden),
        "repeat_major": sum(r["repeat_major"] for r in hidden if r["major"]),
        "inconsistent": sum(r["result"] == "inconsistent" for r in rows),
        "untrusted": 0,
    }


def recount_sections(root: Path, as_of: dt.date) -> dict[str, Any]:
    """The other sections of `summary --format json` that formats.md defines over the rows."""
    rows = _rows(root, as_of)
    hidden = [r for r in rows if r["hidden"]]
    results = Counter(r["result"] for r in rows)
    cells = Counter((r["severity"], r["state"]) for r in hidden)
    by_site = Counter(r["site"] for r in hidden if r["open"] and r["major"])
    closing: dict[str, dict[str, Any]] = {}
    for grade in ("major", "general"):
        closed = [r for r in hidden if r["severity"] == grade and r["state"] == "closed"]
        if closed:
            days = sum((r["closed_on"] - r["finished"]).days for r in closed)
            closing[grade] = {
                "closed": len(closed),
                "days": days,
                "mean_days": float(
                    Decimal(days / len(closed)).quantize(Decimal("0.1"), "ROUND_HALF_UP")
                ),
                "independent": sum(r["independent"] for r in closed),
            }
    first = as_of.replace(day=1)
    stock = [
        r
        for r in hidden
        if r["major"]
        and r["finished"] < first
        and r["state_at_month_start"] not in ("closed", "withdrawn")
    ]
    increment = [r for r in hidden if r["major"] and first <= r["finished"] <= as_of]
    overdue = Counter(r["responsible"] for r in hidden if r["overdue"])
    overdue_majors = Counter(r["responsible"] for r in hidden if r["overdue"] and r["major"])
    return {
        "scope": (len({r["inspection"] for r in rows}), len({r["site"] for r in rows})),
        "results": {
            k: results[k]
            for k in ("compliant", "noncompliant", "inconsistent", "not-applicable", "not-checked")
        },
        "severity_state": dict(cells),
        "open_majors_by_site": dict(by_site),
        "overdue_by_responsible": {k: (n, overdue_majors[k]) for k, n in overdue.items()},
        "closing": closing,
        "stock": (
            len(stock),
            sum(not r["open"] for r in stock),
            len(increment),
            sum(r["open"] for r in increment),
        ),
    }


def test_the_rules_an_auditor_counts_by_are_the_docs_own() -> None:
    """The cut-off of `--as-of` is stated where the rows are defined: a document signed after
    the report's day is left out whatever it dates, and a merged file is judged by what it
    holds (its own signing day does not hide sources signed before)."""
    told = _formats_md()
    section = _rows_section()
    assert "judged as of `--as-of`" in section
    assert (
        "A document signed after the report's day (its `created`, as a local day), or whose "
        "inspection finished after it, is not yet known and has no row, whatever it dates"
    ) in section
    assert (
        "each document a merged file embeds is judged by its own `created`, not by the day the "
        "merged file was signed"
    ) in section
    assert "an event dated after `--as-of` is not yet known and has no row" in told
    assert "a `not-checked` answer does not overrule another's" in section
    assert "on its deadline a hidden danger is not yet overdue" in section
    assert "another inspection found one within 90 days" in section


@pytest.mark.parametrize("as_of", ["2026-04-01", "2026-07-15", "2026-10-20", "2026-12-06"])
def test_the_headline_follows_from_the_files(cli: Any, tmp_path: Path, as_of: str) -> None:
    corpus = tmp_path / "c"
    generate(corpus, 90, 15, seed=11)
    run = cli(
        [
            *("summary", str(corpus / "docs"), "--format", "json", "--no-cache"),
            *("--as-of", as_of, "--allowed-signers", str(corpus / "allowed_signers")),
        ]
    )
    assert run.exit_code == 0, run.stderr
    headline = run.json()["headline"]
    counted = recount(corpus / "docs", dt.date.fromisoformat(as_of))
    assert counted == headline
    assert counted["findings"] > 0
    assert counted["hidden_dangers"] > 0
    summary = run.json()
    sections = recount_sections(corpus / "docs", dt.date.fromisoformat(as_of))
    scope = summary["scope"]
    assert sections["scope"] == (scope["inspections"], scope["sites"])
    assert sections["results"] == summary["results"]
    cells = {(c["severity"], c["state"]): c["count"] for c in summary["severity_state"]}
    assert sections["severity_state"] == cells
    by_site = {s["site_id"] or s["site"]: s["open_majors"] for s in summary["open_majors_by_site"]}
    assert sections["open_majors_by_site"] == by_site
    late = {
        r["responsible"]: (r["overdue"], r["overdue_majors"])
        for r in summary["overdue_by_responsible"]
    }
    assert sections["overdue_by_responsible"] == late
    closing = {
        c["severity"]: {k: c[k] for k in ("closed", "days", "mean_days", "independent")}
        for c in summary["closing"]
    }
    assert sections["closing"] == closing
    stock = summary["stock"]
    told = (stock["stock"], stock["cleared"], stock["increment"], stock["increment_open"])
    assert sections["stock"] == told


def test_a_merged_file_signed_later_counts_what_it_holds_from_before(
    cli: Any, tmp_path: Path
) -> None:
    """Two inspections merged into one file a week after the report's day, known only from it:
    the one signed before the day counts, the one signed after does not (nor its row)."""
    alice, bob = person(tmp_path, "alice"), person(tmp_path, "bob")
    allowed = allowed_signers(tmp_path / "allowed_signers", alice, bob)
    docs = tmp_path / "docs"
    docs.mkdir()
    before = findings(alice, ["noncompliant", "compliant", "compliant"], when=CREATED)
    after = findings(
        bob,
        ["noncompliant", "noncompliant", "compliant"],
        inspection_id="7c2d9e4f-1a3b-4c5d-8e6f-0a1b2c3d4e5f",
        when=CREATED + dt.timedelta(days=3),
    )
    week_later = CREATED + dt.timedelta(days=7)
    (docs / "merged.toml").write_bytes(
        make_merged(alice, [before, after], store_for(alice, bob), created=week_later)
    )
    as_of = (CREATED + dt.timedelta(days=1)).date()
    run = cli(
        [
            *("summary", str(docs), "--format", "json", "--no-cache"),
            *("--as-of", as_of.isoformat(), "--allowed-signers", str(allowed)),
        ]
    )
    assert run.exit_code == 0, run.stderr
    headline = run.json()["headline"]
    assert (headline["findings"], headline["hidden_dangers"]) == (3, 1)
    assert recount(docs, as_of) == headline


def test_a_joint_inspections_row_takes_what_formats_md_says(cli: Any, tmp_path: Path) -> None:
    """Two inspectors find one item non-compliant and fill it in differently: the row's grade,
    clauses, deadline, texts, site and enforcement are taken by the rules formats.md states,
    which an auditor needs to recount a joint inspection's row from its files."""
    alice, bob = person(tmp_path, "alice"), person(tmp_path, "bob")
    allowed = allowed_signers(tmp_path / "allowed_signers", alice, bob)
    docs = tmp_path / "docs"
    docs.mkdir()
    rest = [Finding(item, "compliant") for item in ITEMS[1:]]
    first = Finding(
        ITEMS[0],
        "noncompliant",
        severity="general",
        description="Board filled in ahead",
        deadline=dt.date(2026, 12, 20),
    )
    second = Finding(
        ITEMS[0],
        "noncompliant",
        severity="major",
        basis=("CMHD-5.2",),
        description="Board faked",
        location="1201 face",
        responsible="Ventilation section",
        deadline=dt.date(2026, 12, 10),
        enforcement="HLJ-MS-2026-0412",
    )
    (docs / "alice.toml").write_bytes(
        findings_of(alice, [first, *rest], "1a000000-0000-4000-8000-000000000000", site="Pit 1")
    )
    (docs / "bob.toml").write_bytes(
        findings_of(bob, [second, *rest], "2b000000-0000-4000-8000-000000000000", site="Pit 2")
    )
    row = _export(cli, docs, "2026-12-15", allowed)[0]
    taken = {k: row[k] for k in ("severity", "basis", "deadline", "description", "location")}
    assert taken == {
        "severity": "major",
        "basis": ["CMHD-5.2"],
        "deadline": "2026-12-10",
        "description": "Board filled in ahead",
        "location": "1201 face",
    }
    assert (row["site"], row["site_id"], row["overdue"]) == ("Pit 1", "HLJ-0001", True)
    assert row["flags"] == ["overdue"]  # bob recorded the enforcement: no `no-enforcement`
    section = _rows_section()
    assert (
        "Of a joint inspection (several documents answering one item) the row takes `severity`, "
        "the gravest grade any non-compliant answer gives; `basis`, every clause any cites; "
        "`deadline`, the earliest any gives; `description`, `location` and `responsible`, each "
        "the first given, the documents taken in the order of their `document_id`; `site`, the "
        "first document's, and `site_id`, the first given. `no-enforcement` is not flagged "
        "when any of them records an enforcement, nor when every one is a self-inspection"
    ) in section


@pytest.mark.parametrize(("apart", "flagged"), [(90, True), (91, False)])
def test_the_repeat_major_window_as_formats_md_states_it(
    cli: Any, tmp_path: Path, apart: int, flagged: bool
) -> None:
    """Two inspections of one mine, each finding a major, `apart` days apart: within the window
    both are flagged, the earlier one too (the window looks both ways, its ends included)."""
    alice = person(tmp_path, "alice")
    allowed = allowed_signers(tmp_path / "allowed_signers", alice)
    docs = tmp_path / "docs"
    docs.mkdir()
    early = CREATED - dt.timedelta(days=120)
    (docs / "early.toml").write_bytes(
        findings(alice, ["noncompliant", "compliant", "compliant"], when=early)
    )
    (docs / "late.toml").write_bytes(
        findings(
            alice,
            ["noncompliant", "compliant", "compliant"],
            inspection_id="7c2d9e4f-1a3b-4c5d-8e6f-0a1b2c3d4e5f",
            when=early + dt.timedelta(days=apart),
        )
    )
    rows = [
        row
        for row in _export(cli, docs, CREATED.date().isoformat(), allowed)
        if row["result"] == "noncompliant"
    ]
    assert [("repeat-major" in row["flags"]) for row in rows] == [flagged, flagged]
    assert recount(docs, CREATED.date())["repeat_major"] == 2 * flagged
    section = _rows_section()
    assert (
        "another inspection found one within 90 days before or after it (the days its "
        "inspections finished, local days, 90 apart included; a site is its `site_id` where it "
        "has one, else its name)"
    ) in section
