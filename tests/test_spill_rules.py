"""What a summary or an export keeps on disk while it runs (report/spill.py), as a user meets it.

The working data goes to a temporary database under TMPDIR and is gone when the run ends: after
a report, after a failure, after an interruption while it was being made. The rows it keeps
(where each document is, its events, its majors' occasions) come back as they went in.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from benchmarks.corpus import generate

from minecheck.core.documents import FOLLOWUP, Event, FollowUpDoc, Header
from minecheck.core.seal import seal
from minecheck.core.sshsig import NAMESPACE_FINDINGS
from minecheck.report.spill import Spill
from tests.helpers_merge import (
    CREATED,
    INSPECTION,
    ITEMS,
    Who,
    allowed_signers,
    findings,
    person,
)
from tests.test_export import FOLLOWUP_ID, followup


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    generate(out, 12, 6, seed=7, merged=1)
    return out


@pytest.fixture
def temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """TMPDIR for the run: an empty folder of its own."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def _afresh(corpus: Path) -> list[str]:
    """The corpus's trust and date, each run made afresh (a report kept from the run before
    makes no working data)."""
    return [
        *("--allowed-signers", str(corpus / "allowed_signers"), "--as-of", "2026-12-31"),
        "--no-cache",
    ]


@pytest.mark.parametrize("command", ["summary", "export"])
def test_a_report_leaves_nothing_in_the_temporary_directory(
    cli: Any, corpus: Path, temp: Path, command: str
) -> None:
    form = "json" if command == "summary" else "jsonl"
    result = cli([command, str(corpus / "docs"), "--format", form, *_afresh(corpus)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("{")
    assert list(temp.iterdir()) == []


def test_a_full_temporary_disk_leaves_nothing_behind(
    cli: Any, corpus: Path, temp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from minecheck.report.spill import Spill

    def full(*args: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(Spill, "events", full)
    result = cli(["export", str(corpus / "docs"), "--format", "jsonl", *_afresh(corpus)])
    assert result.exit_code == 2
    assert result.stderr == (
        "minecheck: error: cannot keep the export's working data in a temporary file: "
        "database or disk is full\n"
        "  hint: free space in the temporary directory, or set TMPDIR to another one\n"
    )
    assert list(temp.iterdir()) == []


def test_ctrl_c_while_the_working_data_is_made_ends_the_run_and_leaves_nothing(
    temp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from minecheck.report import spill

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(sqlite3, "connect", interrupted)
    with pytest.raises(KeyboardInterrupt):
        spill.Spill()
    assert list(temp.iterdir()) == []


def test_without_a_temporary_directory_nothing_is_left_and_the_spill_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from minecheck.report.spill import Spill

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "no-such-directory"))
    spill = Spill()
    try:
        assert spill.first_copy("a", "sha", "a.toml") is None
        assert spill.first_copy("a", "other", "b.toml") == ("sha", "a.toml")
    finally:
        spill.close()
    spill.close()  # (closed twice: nothing to do)
    assert not (tmp_path / "no-such-directory").exists()


def test_a_temporary_folder_that_cannot_be_removed_does_not_fail_the_report(
    cli: Any, corpus: Path, temp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """(A folder on a network disk still busy, say): the report is made and said as ever."""
    import errno
    import os

    run = ["summary", str(corpus / "docs"), "--format", "json", *_afresh(corpus)]
    expected = cli(run)
    real = os.rmdir

    def busy(path: Any, *args: Any, **kwargs: Any) -> None:
        if Path(path).name.startswith("minecheck-"):
            raise OSError(errno.EBUSY, "Device or resource busy", str(path))
        real(path, *args, **kwargs)

    monkeypatch.setattr(os, "rmdir", busy)
    result = cli(run)
    assert (result.exit_code, result.stdout, result.stderr) == (0, expected.stdout, "")
    assert expected.exit_code == 0
    assert [p.name[:10] for p in temp.iterdir()] == ["minecheck-"]  # (the folder, left there)


def _followup(who: Who, event: Event, document_id: str, created: dt.datetime) -> bytes:
    header = Header(FOLLOWUP, document_id, created, who.principal, who.fingerprint, "minecheck")
    return seal(FollowUpDoc(header, (event,)).to_toml(), who.signer, NAMESPACE_FINDINGS)


@pytest.mark.parametrize("command", ["export", "summary"])
def test_an_acceptance_in_the_rectifications_second_signed_after_it_closes_the_loop(
    cli: Any, tmp_path: Path, command: str
) -> None:
    """Two events stamped in one second come in the order they were signed (SPEC: `at`, then
    the document signed later), whatever the documents' ids: the acceptance, signed an hour
    after the rectification, accepts it. (The working data kept each event's document's
    signing time; without it the acceptance, its id sorting first, came before what it
    accepts and was rejected.)"""
    alice, bob, carol = (person(tmp_path, n) for n in ("alice", "bob", "carol"))
    allowed = allowed_signers(tmp_path / "allowed_signers", alice, bob, carol)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.toml").write_bytes(findings(alice, ["compliant", "noncompliant", "compliant"]))
    at = CREATED + dt.timedelta(days=1)
    ref = f"{INSPECTION}/{ITEMS[1]}"
    rectified = Event(ref, "rectified", at, note="done")
    accepted = Event(ref, "accepted", at, method="expert-review")
    (docs / "r.toml").write_bytes(_followup(bob, rectified, "f" * 8 + FOLLOWUP_ID[8:], at))
    later = at + dt.timedelta(hours=1)
    (docs / "s.toml").write_bytes(_followup(carol, accepted, "0" * 8 + FOLLOWUP_ID[8:], later))
    trust = ["--allowed-signers", str(allowed), "--as-of", "2026-12-31"]
    if command == "export":
        result = cli(["export", str(docs), "--format", "jsonl", *trust])
        assert (result.exit_code, result.stderr) == (0, "")
        states = {row["item"]: row["state"] for row in map(json.loads, result.stdout.splitlines())}
        assert states[ITEMS[1]] == "accepted"
    else:
        result = cli(["summary", str(docs), "--json", *trust])
        assert (result.exit_code, result.stderr) == (0, "")
        data = result.json()["data"]
        assert (data["scope"]["rejected_events"], data["rejected"]) == (0, [])


@pytest.mark.parametrize("command", ["export", "summary"])
def test_events_of_two_different_copies_of_one_follow_up_are_not_applied(
    cli: Any, tmp_path: Path, command: str
) -> None:
    """Two files of one follow-up document with different contents are both left out: the
    rectification either records does not count (it did, though both were called
    "conflict")."""
    alice, bob = person(tmp_path, "alice"), person(tmp_path, "bob")
    allowed = allowed_signers(tmp_path / "allowed_signers", alice, bob)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.toml").write_bytes(findings(alice, ["compliant", "noncompliant", "compliant"]))
    at = CREATED + dt.timedelta(days=1)
    ref = f"{INSPECTION}/{ITEMS[1]}"
    for name, note in (("f1.toml", "done"), ("f2.toml", "done again")):
        (docs / name).write_bytes(followup(bob, Event(ref, "rectified", at, note=note)))
    trust = ["--allowed-signers", str(allowed), "--as-of", "2026-12-31"]
    if command == "export":
        result = cli(["export", str(docs), "--format", "jsonl", *trust])
        assert result.exit_code == 0
        states = {row["item"]: row["state"] for row in map(json.loads, result.stdout.splitlines())}
        assert states[ITEMS[1]] == "open"
    else:
        result = cli(["summary", str(docs), "--json", *trust])
        assert result.exit_code == 0
        data = result.json()["data"]
        assert data["scope"]["documents_not_counted"] == 2
        assert {c["state"] for c in data["severity_state"]} == {"open"}


def test_one_spill_counts_repeats_and_flags_them_both() -> None:
    """A run that both counts repeated majors (the summary's figure) and marks each repeated
    one (the export's flag) on one working database: the second step made the first step's
    index again and failed."""
    from minecheck.report.spill import Spill

    spill = Spill()
    try:
        spill.majors([("site-1", 700_000, "a", "[]", 1), ("site-1", 700_010, "b", "[]", 2)])
        spill.majors([("site-2", 700_000, "c", "[]", 1)])
        assert list(spill.repeats()) == [((), 3)]
        spill.flag_repeats()
        assert spill.repeats_of("a") == {("site-1", 700_000)}
        assert spill.repeats_of("c") == frozenset()
        assert list(spill.repeats()) == [((), 3)]
    finally:
        spill.close()


def _in_steps(rows: list[Any], ask: Callable[[Spill], Any]) -> tuple[Any, int]:
    """What `ask` finds in a spill of these majors, and the database's steps to find it."""
    spill = Spill()
    try:
        spill.majors(rows)
        spill.flush()
        steps = [0]

        def step() -> int:
            steps[0] += 1
            return 0

        spill.db.set_progress_handler(step, 100)
        found = ask(spill)
        spill.db.set_progress_handler(None, 0)
        return found, steps[0]
    finally:
        spill.close()


def _repeat_steps(groups: int) -> tuple[list[tuple[tuple[tuple[str, ...], ...], int]], int]:
    """The repeats counted of one inspection whose majors fall in `groups` groups (one row
    each, as `summary --by item` keeps them), beside another inspection's, and the database's
    steps to count them."""
    rows = [("site-1", 700_000, "a", json.dumps([[f"item-{k}"]]), 1) for k in range(groups)]
    rows.append(("site-1", 700_030, "b", json.dumps([["item-0"]]), 1))
    counted, steps = _in_steps(rows, lambda spill: sorted(spill.repeats()))
    return counted, steps


def test_repeats_of_one_inspection_in_many_groups_are_counted_in_steps_that_grow_with_them() -> (
    None
):
    """`summary --by item` of one findings file of 10,000 majors took 17 s (2,500: 1.2 s): each
    major's group looked through every other major at its site and day for another
    inspection's. Each occasion is judged once now; the count is as before."""
    counted, small = _repeat_steps(1_000)
    assert counted[0] == ((("item-0",),), 2)
    assert len(counted) == 1_000
    assert all(n == 1 for _, n in counted[1:])
    _, large = _repeat_steps(4_000)
    assert large < 6 * small  # 4x the groups: 16x the steps when each looked through all


def test_majors_counted_after_the_repeats_were_judged_are_judged_too() -> None:
    from minecheck.report.spill import Spill

    spill = Spill()
    try:
        spill.majors([("site-1", 700_000, "a", "[]", 1)])
        assert list(spill.repeats()) == []
        spill.majors([("site-1", 700_010, "b", "[]", 2)])
        assert list(spill.repeats()) == [((), 3)]
        assert spill.repeats_of("b") == {("site-1", 700_010)}
    finally:
        spill.close()


def _occasion_steps(inspections: int) -> tuple[int, int, int]:
    """How many majors repeat of `inspections` inspections at one site, a day apart (each
    within the window of the next), how many of them one inspection's lookup names, and the
    database's steps to judge and count them."""
    rows = [("site-1", 700_000 + k, f"i{k:05}", "[]", 1) for k in range(inspections)]

    def ask(spill: Spill) -> tuple[int, int]:
        [(_, repeated)] = spill.repeats()  # (one group: the majors have none)
        return repeated, len(spill.repeats_of("i00000"))

    (repeated, named), steps = _in_steps(rows, ask)
    return repeated, named, steps


def test_repeats_among_many_inspections_at_one_site_are_judged_in_steps_that_grow_with_them() -> (
    None
):
    """A year's inspections at one site, each of its own day: every major repeats, judged by
    site and day among the occasions and counted by the occasions judged, not each compared
    with every other (4x the inspections: 16x the steps)."""
    repeated, named, small = _occasion_steps(1_000)
    assert (repeated, named) == (1_000, 1)
    repeated, named, large = _occasion_steps(4_000)
    assert (repeated, named) == (4_000, 1)
    assert large < 6 * small
