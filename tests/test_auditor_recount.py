"""An auditor who does not trust minecheck counts the summary's headline again from the signed
files, with tomllib and the rules docs/formats.md states, and gets the summary's figures on a
seeded corpus, on several report days. Every rule the count relies on is quoted from the doc."""

from __future__ import annotations

import datetime as dt
import tomllib
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from benchmarks.corpus import generate

from tests.helpers_merge import CREATED, allowed_signers, findings, make_merged, person, store_for

REPO = Path(__file__).resolve().parent.parent
HEADLINE = (
    *("findings", "hidden_dangers", "majors", "open", "open_majors", "overdue"),
    *("overdue_majors", "closed", "no_enforcement", "repeat_major", "inconsistent", "untrusted"),
)


def _formats_md() -> str:
    return " ".join((REPO / "docs" / "formats.md").read_text(encoding="utf-8").split())


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
    return list(known.values())


def recount(root: Path, as_of: dt.date) -> dict[str, int]:
    docs = _documents(root, as_of)
    answers: dict[tuple[str, str, str], dict[str, Any]] = defaultdict(
        lambda: {"said": set(), "severity": set(), "deadline": [], "enforcement": [], "mode": ""}
    )
    site_of: dict[str, str] = {}
    finished: dict[str, dt.date] = {}
    for doc in docs:
        if doc["minecheck"]["format"] != "minecheck.findings/1":
            continue
        ins = doc["inspection"]
        if ins["finished"].date() > as_of:
            continue
        site_of[ins["id"]] = ins.get("site_id") or ins["site"]
        finished[ins["id"]] = ins["finished"].date()
        for finding in doc["finding"]:
            row = answers[(ins["id"], ins["checklist"], finding["item"])]
            row["said"].add(finding["result"])
            row["mode"] = ins["mode"]
            if finding["result"] == "noncompliant":
                row["severity"].add(finding["severity"])
                row["deadline"].extend([finding["deadline"]] if "deadline" in finding else [])
                row["enforcement"].append(finding.get("enforcement", "").strip())
    events: dict[str, list[tuple[dt.datetime, str, dict[str, Any]]]] = defaultdict(list)
    for doc in docs:
        if doc["minecheck"]["format"] == "minecheck.followup/1":
            for event in doc["event"]:
                if event["at"].date() <= as_of:
                    events[event["finding"]].append(
                        (event["at"], doc["minecheck"]["signer"], event)
                    )
    counts = dict.fromkeys(HEADLINE, 0)
    majors: dict[str, set[tuple[dt.date, str]]] = defaultdict(set)
    major_rows: list[str] = []
    for (inspection, _checklist, item), row in answers.items():
        said = set(row["said"]) - ({"not-checked"} if len(row["said"]) > 1 else set())
        result = said.pop() if len(said) == 1 else "inconsistent"
        counts["findings"] += 1
        counts["inconsistent"] += result == "inconsistent"
        if result not in ("noncompliant", "inconsistent"):
            continue
        major = "major" in row["severity"]
        state, rectifier = "open", ""
        for _at, signer, event in sorted(events[f"{inspection}/{item}"], key=lambda e: e[0]):
            action = event["action"]
            if action == "rectified" and state == "open":
                state, rectifier = "rectified", signer
            elif action == "accepted" and state == "rectified":
                if not major or (event["method"] != "self" and signer != rectifier):
                    state = "accepted"
            elif action == "closed" and state == "accepted":
                state = "closed"
        is_open = state not in ("closed", "withdrawn")
        overdue = is_open and bool(row["deadline"]) and min(row["deadline"]) < as_of
        counts["hidden_dangers"] += 1
        counts["majors"] += major
        counts["open"] += is_open
        counts["open_majors"] += is_open and major
        counts["overdue"] += overdue
        counts["overdue_majors"] += overdue and major
        counts["closed"] += state == "closed"
        counts["no_enforcement"] += (
            major and is_open and not all(row["enforcement"]) and row["mode"] != "self-inspection"
        )
        if major:
            majors[site_of[inspection]].add((finished[inspection], inspection))
            major_rows.append(inspection)
    for inspection in major_rows:
        day, site = finished[inspection], site_of[inspection]
        counts["repeat_major"] += any(
            other != inspection and abs((when - day).days) <= 90 for when, other in majors[site]
        )
    return counts


def test_the_rules_an_auditor_counts_by_are_the_docs_own() -> None:
    """The cut-off of `--as-of` is stated where the rows are defined: a document signed after
    the report's day is left out whatever it dates, and a merged file is judged by what it
    holds (its own signing day does not hide sources signed before)."""
    told = _formats_md()
    section = told[told.index("## Export rows") : told.index("## Export of events")]
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
