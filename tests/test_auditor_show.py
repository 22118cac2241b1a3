"""An auditor who does not trust minecheck reads `show` and `show --json` of each kind of file
(an inspector's findings file of a joint inspection, a follow-up, a merged file whose sources
disagree and a merged file holding it) and checks every grade, state, flag, deadline and
consolidated result against what the files give by docs/formats.md's rules, counted again with
tomllib (tests/test_auditor_recount.py's recount), and against the export of the same files."""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

from minecheck.core.documents import Event, Finding
from tests.helpers_merge import (
    CREATED,
    INSPECTION,
    ITEMS,
    allowed_signers,
    findings,
    findings_of,
    make_merged,
    person,
    store_for,
)
from tests.test_auditor_recount import _rows
from tests.test_export import followup

AS_OF = "2026-12-15"
OTHER = "7c2d9e4f-1a3b-4c5d-8e6f-0a1b2c3d4e5f"
REPO = Path(__file__).resolve().parent.parent
FLAG_OF = {"overdue": "overdue", "repeat_major": "repeat-major", "no_enforcement": "no-enforcement"}


@pytest.fixture
def files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """Alice grades the board general (deadline 12-20) and finds the methane over its limit;
    Bob grades the board major (deadline 12-30) and finds the methane compliant; neither records
    an enforcement order. Carol reports the board rectified, merges the two files, and merges
    that file again with an inspection of her own a day later."""
    monkeypatch.setenv("COLUMNS", "250")  # (a finding's reference on one line)
    alice, bob, carol = (person(tmp_path, n) for n in ("alice", "bob", "carol"))
    docs = tmp_path / "docs"
    docs.mkdir()
    rest = [Finding(ITEMS[2], "compliant")]
    board_a = Finding(
        ITEMS[0],
        "noncompliant",
        severity="general",
        description="Board filled in ahead",
        deadline=dt.date(2026, 12, 20),
    )
    methane = Finding(ITEMS[1], "noncompliant", severity="general", deadline=dt.date(2026, 12, 3))
    board_b = Finding(
        ITEMS[0],
        "noncompliant",
        severity="major",
        basis=("CMHD-5.2",),
        description="Board faked",
        deadline=dt.date(2026, 12, 30),
    )
    a = findings_of(alice, [board_a, methane, *rest], "1a000000-0000-4000-8000-000000000000")
    b = findings_of(
        bob,
        [board_b, Finding(ITEMS[1], "compliant"), *rest],
        "2b000000-0000-4000-8000-000000000000",
        when=CREATED + dt.timedelta(hours=1),
    )
    rectified = Event(
        f"{INSPECTION}/{ITEMS[0]}", "rectified", CREATED + dt.timedelta(days=2), note="Done"
    )
    store = store_for(alice, bob, carol)
    merged = make_merged(carol, [a, b], store, created=CREATED + dt.timedelta(hours=2))
    own = findings(
        carol, ["noncompliant", "compliant", "compliant"], inspection_id=OTHER, when=CREATED
    )
    nested = make_merged(
        carol,
        [merged, own],
        store,
        created=CREATED + dt.timedelta(days=1),
        document_id="8a5f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c1e",
    )
    out = {"allowed": allowed_signers(tmp_path / "allowed_signers", alice, bob, carol)}
    for name, body in [
        *(("alice", a), ("bob", b), ("followup", followup(carol, rectified))),
        *(("merged", merged), ("nested", nested)),
    ]:
        out[name] = docs / f"{name}.toml"
        out[name].write_bytes(body)
    return out


def _show(cli: Any, files: dict[str, Path], *args: str) -> Any:
    paths = [str(files[n]) for n in ("alice", "bob", "followup", "merged", "nested")]
    trust = ("--as-of", AS_OF, "--allowed-signers", str(files["allowed"]))
    run = cli(["show", *paths, *trust, *args])
    assert (run.exit_code, run.stderr) == (0, ""), run.stderr
    return run


def _tables(stdout: str) -> dict[str, list[list[str]]]:
    """Each file's table rows as cells (the first line of each row: a row's later lines hold
    the item's text, the site, the other answers)."""
    tables: dict[str, list[list[str]]] = {}
    name = ""
    for line in stdout.splitlines():
        head = re.match(r"(\S+\.toml)  minecheck\.", line)
        if head:
            name = Path(head.group(1)).stem
            tables[name] = []
        elif re.match(rf" ({'|'.join(ITEMS)}|[0-9a-f-]{{36}}/\S+) ", line):
            tables[name].append(re.split(r" {2,}", line.strip()))
    return tables


def _consolidated(raw: str) -> list[dict[str, Any]]:
    """A merged file's `[[consolidated]]` as formats.md defines it, from its sources alone:
    every inspector's answer by principal, `not-checked` overruling no other answer."""
    answers: dict[tuple[str, str], dict[str, str]] = {}

    def take(text: str) -> None:
        doc = tomllib.loads(text)
        if doc["minecheck"]["format"] == "minecheck.merged/1":
            for source in doc["source"]:
                take(source["file"])
        elif doc["minecheck"]["format"] == "minecheck.findings/1":
            for f in doc["finding"]:
                key = (doc["inspection"]["id"], f["item"])
                answers.setdefault(key, {})[doc["minecheck"]["signer"]] = f["result"]

    for source in tomllib.loads(raw)["source"]:
        take(source["file"])
    out = []
    for (inspection, item), by in sorted(answers.items()):
        said = set(by.values()) - ({"not-checked"} if len(set(by.values())) > 1 else set())
        out.append(
            {
                "inspection": inspection,
                "item": item,
                "result": said.pop() if len(said) == 1 else "inconsistent",
                "by": [f"{who}: {result}" for who, result in sorted(by.items())],
            }
        )
    return out


def test_every_column_show_gives_follows_from_the_files(cli: Any, files: dict[str, Path]) -> None:
    counted = {
        f"{r['inspection']}/{r['item']}": r
        for r in _rows(files["alice"].parent, dt.date.fromisoformat(AS_OF))
    }

    def said(ref: str) -> tuple[str, set[str], str]:
        row = counted[ref]
        flags = {FLAG_OF[k] for k in FLAG_OF if row.get(k)}
        deadline = row["deadline"].isoformat() if row["deadline"] else "-"
        return row["state"], flags, deadline

    def state_cell(cell: str) -> tuple[str, set[str]]:
        state, _, flags = cell.partition(" [")
        return state, set(flags.rstrip("]").split(", ")) - {""}

    tables = _tables(_show(cli, files).stdout)
    for name in ("alice", "bob"):
        doc = tomllib.loads(files[name].read_text(encoding="utf-8"))
        bad = [f["item"] for f in doc["finding"] if f["result"] == "noncompliant"]
        assert [cells[0] for cells in tables[name]] == bad
        for item, grade, state, deadline, *_ in tables[name]:
            ref = f"{INSPECTION}/{item}"
            assert (grade, *state_cell(state), deadline) == (
                counted[ref]["severity"],
                *said(ref)[:2],
                said(ref)[2],
            ), (name, item)
    for name in ("merged", "nested"):
        raw = files[name].read_text(encoding="utf-8")
        told = _consolidated(raw)
        assert tomllib.loads(raw)["consolidated"] == told
        hidden = [c for c in told if c["result"] in ("noncompliant", "inconsistent")]
        assert [cells[0] for cells in tables[name]] == [
            f"{c['inspection']}/{c['item']}" for c in hidden
        ]
        for (ref, result, grade, state, deadline, _), c in zip(tables[name], hidden, strict=True):
            assert result == c["result"] == counted[ref]["result"]
            assert grade == counted[ref]["severity"], (name, ref)  # (the row's, as alice's)
            assert (*state_cell(state), deadline) == said(ref), (name, ref)
    assert tables["followup"] == [
        [f"{INSPECTION}/{ITEMS[0]}", "rectified", "2026-12-01 08:15Z", "Done"]
    ]
    # the rows of `show --json` are the export's, and the recount's
    data = json.loads(_show(cli, files, "--json").stdout)["data"]
    for row in data["rows"]:
        ref = f"{row['inspection']}/{row['item']}"
        assert (row["result"], row["severity"]) == (
            counted[ref]["result"],
            counted[ref]["severity"],
        )
        assert (row["state"], set(row["flags"]), row["deadline"] or "-") == said(ref)
    documents = {Path(d["path"]).stem: d for d in data["documents"]}
    for name in ("merged", "nested"):
        told = _consolidated(files[name].read_text(encoding="utf-8"))
        assert documents[name]["consolidated"] == told


def test_an_inspectors_file_gives_the_grade_its_state_and_flags_are_of(
    cli: Any, files: dict[str, Path]
) -> None:
    """Alice graded the board general, Bob major: the hidden danger is major (the gravest grade,
    formats.md), its deadline Alice's earlier one, and flagged `no-enforcement`, a flag of
    majors only. Alice's table said "general" beside that flag and that deadline: a general
    hidden danger flagged as a major one. Her grade is in her file and in `show --json`'s
    `documents`; the row gives the grade the state, flags and deadline beside it are of."""
    (alice, _methane) = _tables(_show(cli, files).stdout)["alice"]
    assert alice[:4] == [
        "gas-check-genuine",
        "major",
        "rectified [repeat-major, no-enforcement]",
        "2026-12-20",
    ]
    guide = " ".join((REPO / "docs" / "guide-followup.md").read_text(encoding="utf-8").split())
    assert (
        "The grade, state and deadline are the hidden danger's as the reports count it from "
        "all the files given"
    ) in guide


def test_a_merged_file_as_of_a_day_before_a_source_says_what_that_day_knew(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, in_zone: Any
) -> None:
    """Bob's answer (the methane compliant) was signed three days after Alice's, the merged
    file a day later. As of the day between, the export and the summary know Alice's answer
    alone: the methane `noncompliant`. `show` of the merged file, its table "as of" that day,
    said `inconsistent`, from an answer not known then, and nothing of why. It gives the
    result that day's reports give, and names each source not counted yet, as it does a
    findings file signed after the day."""
    monkeypatch.setenv("COLUMNS", "250")
    in_zone("UTC")  # (the notice gives the local time)
    alice, bob = person(tmp_path, "alice"), person(tmp_path, "bob")
    trust = allowed_signers(tmp_path / "allowed_signers", alice, bob)
    a = findings(alice, ["compliant", "noncompliant", "compliant"], severity="general")
    b = findings(bob, ["compliant"] * 3, when=CREATED + dt.timedelta(days=3), inspector="bob")
    merged = tmp_path / "merged.toml"
    later = CREATED + dt.timedelta(days=4)
    merged.write_bytes(make_merged(alice, [a, b], store_for(alice, bob), created=later))
    args = ["--as-of", "2026-11-30", "--allowed-signers", str(trust)]
    export = cli(["export", str(merged), "--format", "jsonl", *args])
    (row,) = [json.loads(x) for x in export.stdout.splitlines() if '"gas-overlimit"' in x]
    assert row["result"] == "noncompliant"
    run = cli(["show", str(merged), *args])
    assert (run.exit_code, run.stderr) == (0, ""), run.stderr
    ((ref, result, _grade, state, *_),) = _tables(run.stdout)["merged"]
    assert (ref, result, state) == (f"{INSPECTION}/gas-overlimit", row["result"], row["state"])
    sources = run.stdout.split("Sources")[1]
    (source,) = re.findall(rf"({re.escape(str(merged))}#\d)\s+trusted\s+bob@", sources)
    assert (
        f"{source}: not counted as of 2026-11-30, UTC: signed at 2026-12-02 08:15 local time "
        "(UTC+00:00), after that day (a report of that day does not know it yet)"
    ) in run.stdout.splitlines()
    # a merged file left out (its merger's key not trusted) has no source a report counts
    bobs = tmp_path / "bobs_signers"
    bobs.write_text(
        next(x for x in trust.read_text().splitlines(keepends=True) if x.startswith("bob@"))
    )
    left_out = cli(["show", str(merged), "--as-of", "2026-11-30", "--allowed-signers", str(bobs)])
    assert left_out.exit_code == 0, left_out.stderr
    assert "trust: untrusted-key" in left_out.stdout
    assert "not counted as of" not in left_out.stdout
    guide = " ".join(
        (REPO / "docs" / "guide-monthly-report.md").read_text(encoding="utf-8").split()
    )
    assert (
        "With `--as-of`, each hidden danger's result, state and deadline are those a report of "
        "that day gives: a source signed after the day is named as not counted yet"
    ) in guide
