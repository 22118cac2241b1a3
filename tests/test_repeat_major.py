"""The repeat-major flag (the closure trigger: major hidden dangers found at one site on two
occasions within the window) as every report gives it, from the documents a user has."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

import duckdb
import pytest

from minecheck.core.documents import Event
from tests.helpers_merge import CREATED, INSPECTION, ITEMS, Who, allowed_signers, findings, person
from tests.test_export import followup

FIRST = CREATED - dt.timedelta(days=12)  # when the first inspection was
SECOND = "3a5f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c55"  # a later inspection of the same mine


@pytest.fixture
def mine(tmp_path: Path) -> dict[str, Any]:
    """Two inspections of one mine twelve days apart, each finding major hidden dangers."""
    alice, bob = person(tmp_path, "alice"), person(tmp_path, "bob")
    allowed = allowed_signers(tmp_path / "allowed_signers", alice, bob)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "first.toml").write_bytes(
        findings(alice, ["compliant", "noncompliant", "noncompliant"], when=FIRST)
    )
    (docs / "second.toml").write_bytes(
        findings(alice, ["noncompliant", "compliant", "compliant"], inspection_id=SECOND)
    )
    return {"docs": docs, "allowed": allowed, "bob": bob}


def _withdraw(mine: dict[str, Any], *items: str) -> None:
    at = FIRST + dt.timedelta(days=1)
    events = [
        Event(f"{INSPECTION}/{item}", "withdrawn", at, note="misclassified: not a hidden danger")
        for item in items
    ]
    who: Who = mine["bob"]
    (mine["docs"] / "withdrawn.toml").write_bytes(followup(who, *events))


def _reports(cli: Any, mine: dict[str, Any]) -> list[tuple[dict[str, str], int, str]]:
    """Each report's view, with the cache filled, read and bypassed: the flags of each
    finding in the export (CSV and Parquet alike), the summary's repeat-major count, and
    show's lines."""
    out = []
    trust = ["--allowed-signers", str(mine["allowed"]), "--as-of", "2026-12-31"]
    docs = str(mine["docs"])
    for more in ([], [], ["--no-cache"]):
        exported = cli(["export", docs, "--format", "csv", *trust, *more])
        assert (exported.exit_code, exported.stderr) == (0, "")
        flags = {
            f"{r['inspection'][-2:]}/{r['item']}": r["flags"]
            for r in csv.DictReader(io.StringIO(exported.stdout))
            if r["state"]
        }
        table = mine["docs"].parent / "export.parquet"  # (its flags come by another query)
        made = cli(["export", docs, "--format", "parquet", "-o", str(table), *trust, *more])
        assert (made.exit_code, made.stderr) == (0, "")
        query = f"SELECT inspection, item, flags FROM read_parquet('{table}') WHERE state <> ''"
        stored = duckdb.connect().execute(query).fetchall()
        table.unlink()
        assert {f"{i[-2:]}/{item}": ";".join(f) for i, item, f in stored} == flags
        summary = cli(["summary", docs, "--json", *trust, *more])
        assert summary.exit_code == 0, summary.stderr
        shown = cli(["show", *sorted(map(str, mine["docs"].iterdir())), *trust])
        assert shown.exit_code == 0, shown.stderr
        out.append((flags, summary.json()["data"]["headline"]["repeat_major"], shown.stdout))
    return out


def test_majors_found_by_two_inspections_are_flagged(cli: Any, mine: dict[str, Any]) -> None:
    for flags, count, _ in _reports(cli, mine):
        assert flags == {
            "1e/gas-overlimit": "repeat-major;no-enforcement",
            "1e/methane-return": "repeat-major;no-enforcement",
            "55/gas-check-genuine": "repeat-major;no-enforcement",
        }
        assert count == 3


def test_a_withdrawn_major_is_no_occasion(cli: Any, mine: dict[str, Any]) -> None:
    """A major withdrawn as recorded in error was not found: the other inspection's major is
    no repeat because of it, and the withdrawn one is flagged as nothing (what the cache
    kept from before the withdrawal came is not taken for it)."""
    assert [count for _, count, _ in _reports(cli, mine)] == [3, 3, 3]
    _withdraw(mine, *ITEMS[1:])
    for flags, count, shown in _reports(cli, mine):
        assert flags == {
            "1e/gas-overlimit": "",
            "1e/methane-return": "",
            "55/gas-check-genuine": "no-enforcement",
        }
        assert count == 0
        assert "repeat-major" not in shown


def test_one_major_of_an_occasion_withdrawn_leaves_the_occasion(
    cli: Any, mine: dict[str, Any]
) -> None:
    _withdraw(mine, ITEMS[2])
    for flags, count, _ in _reports(cli, mine):
        assert flags == {
            "1e/gas-overlimit": "repeat-major;no-enforcement",
            "1e/methane-return": "",
            "55/gas-check-genuine": "repeat-major;no-enforcement",
        }
        assert count == 2


@pytest.mark.parametrize(
    ("apart", "flagged"),
    [(dt.timedelta(days=90), True), (dt.timedelta(days=91), False)],
    ids=["90-days", "91-days"],
)
def test_the_window_is_ninety_days_counted_both_ways(
    cli: Any, tmp_path: Path, apart: dt.timedelta, flagged: bool
) -> None:
    """Majors found at one mine 90 days apart are within the window (the later found within 90
    days of the earlier, and the earlier of the later); 91 days apart they are not. Every
    report says so: export's flags, summary's count (made by another query), show."""
    alice = person(tmp_path, "alice")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "first.toml").write_bytes(
        findings(alice, ["compliant", "noncompliant", "noncompliant"], when=CREATED - apart)
    )
    (docs / "second.toml").write_bytes(
        findings(alice, ["noncompliant", "compliant", "compliant"], inspection_id=SECOND)
    )
    mine = {"docs": docs, "allowed": allowed_signers(tmp_path / "allowed_signers", alice)}
    repeat = "repeat-major;" if flagged else ""
    for flags, count, shown in _reports(cli, mine):
        assert flags == {
            "1e/gas-overlimit": f"{repeat}no-enforcement",
            "1e/methane-return": f"{repeat}no-enforcement",
            "55/gas-check-genuine": f"{repeat}no-enforcement",
        }
        assert count == (3 if flagged else 0)
        assert ("repeat-major" in shown) == flagged


def test_each_day_of_a_joint_inspection_is_an_occasion_of_its_own(cli: Any, tmp_path: Path) -> None:
    """An inspection whose two inspectors finished a day apart, each with a major of their own:
    another inspection 90 days after the second day repeats that day's major, not the one
    found a day before (91 days off); every report flags the one and not the other."""
    alice, bob = person(tmp_path, "alice"), person(tmp_path, "bob")
    docs = tmp_path / "docs"
    docs.mkdir()
    day = dt.timedelta(days=1)
    first, second = CREATED - 92 * day, CREATED - 91 * day  # the joint inspection's two days
    (docs / "alice.toml").write_bytes(
        findings(alice, ["noncompliant"], items=["gas-overlimit"], when=first)
    )
    (docs / "bob.toml").write_bytes(
        findings(bob, ["noncompliant"], items=["methane-return"], when=second)
    )
    (docs / "later.toml").write_bytes(
        findings(
            alice,
            ["noncompliant", "compliant", "compliant"],
            inspection_id=SECOND,
            when=second + 90 * day,
        )
    )
    mine = {"docs": docs, "allowed": allowed_signers(tmp_path / "allowed_signers", alice, bob)}
    for flags, count, shown in _reports(cli, mine):
        assert flags == {
            "1e/gas-overlimit": "no-enforcement",
            "1e/methane-return": "repeat-major;no-enforcement",
            "55/gas-check-genuine": "repeat-major;no-enforcement",
        }
        assert count == 2
        assert "repeat-major" in shown


def test_a_joint_inspection_at_two_mines_repeats_only_at_the_mine_found_again(
    cli: Any, tmp_path: Path
) -> None:
    """An inspection id whose documents name two mines (said, as a warning): a major found at
    the second mine again by another inspection is a repeat, the major found the same day at
    the first mine is not, in CSV and Parquet alike."""
    alice, bob = person(tmp_path, "alice"), person(tmp_path, "bob")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "alice.toml").write_bytes(
        findings(alice, ["noncompliant"], items=["gas-overlimit"], site_id="HLJ-0001")
    )
    (docs / "bob.toml").write_bytes(
        findings(bob, ["noncompliant"], items=["methane-return"], site_id="HLJ-0002")
    )
    (docs / "again.toml").write_bytes(
        findings(
            alice,
            ["noncompliant", "compliant", "compliant"],
            inspection_id=SECOND,
            when=FIRST,
            site_id="HLJ-0002",
        )
    )
    allowed = allowed_signers(tmp_path / "allowed_signers", alice, bob)
    trust = ["--allowed-signers", str(allowed), "--as-of", "2026-12-31"]
    expected = {
        "1e/gas-overlimit": "no-enforcement",
        "1e/methane-return": "repeat-major;no-enforcement",
        "55/gas-check-genuine": "repeat-major;no-enforcement",
    }
    exported = cli(["export", str(docs), "--format", "csv", *trust])
    assert exported.exit_code == 0
    assert f"inspection {INSPECTION}: its documents name different sites" in exported.stderr
    rows = csv.DictReader(io.StringIO(exported.stdout))
    assert {f"{r['inspection'][-2:]}/{r['item']}": r["flags"] for r in rows if r["state"]} == (
        expected
    )
    table = tmp_path / "export.parquet"
    made = cli(["export", str(docs), "--format", "parquet", "-o", str(table), *trust])
    assert made.exit_code == 0
    summary = cli(["summary", str(docs), "--json", *trust])
    assert summary.json()["data"]["headline"]["repeat_major"] == 2
    assert [p["message"] for p in summary.json()["problems"] if p["code"] == "sites"] == [
        f"{docs / 'bob.toml'}: inspection {INSPECTION}: its documents name different sites: "
        "Demo mine (HLJ-0001); Demo mine (HLJ-0002); an inspection is at one site (was an "
        "inspection id used again?)"
    ]
    query = f"SELECT inspection, item, flags FROM read_parquet('{table}') WHERE state <> ''"
    stored = duckdb.connect().execute(query).fetchall()
    assert {f"{i[-2:]}/{item}": ";".join(f) for i, item, f in stored} == expected
