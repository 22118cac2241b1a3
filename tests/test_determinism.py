"""The same question gives the same answer: outputs byte for byte across the ways one set of
documents can be named (order, directories or their files, a file named twice, a copy at
another path), hash seeds, the number of cores, cache states and languages.

A report author and an auditor run a command again and compare the output with a checksum kept
in a case file; nothing in it may depend on how the files were named or on the machine's state.
`MINECHECK_DETERMINISM_EXAMPLES=N` plays N more random namings of the archive (seeded by their
number) against the reference:

    MINECHECK_DETERMINISM_EXAMPLES=200 .venv/bin/pytest -p no:xdist tests/test_determinism.py
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

from minecheck.core.documents import FOLLOWUP, Event, FollowUpDoc, Header
from minecheck.core.seal import seal
from minecheck.core.sshsig import NAMESPACE_FINDINGS
from tests.helpers_docs import split_trailer
from tests.helpers_merge import (
    CREATED,
    INSPECTION,
    Who,
    allowed_signers,
    findings,
    make_merged,
    person,
    store_for,
)

AS_OF = "2026-12-31"
OTHER = "4b6f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c1f"
MINECHECK = shutil.which("minecheck", path=str(Path(sys.executable).parent))
EXTRA = int(os.environ.get("MINECHECK_DETERMINISM_EXAMPLES", "0"))

SUMMARIES = [
    ["summary", "--format", fmt, *by]
    for fmt in ("table", "md", "csv", "json", "nl", "html")
    for by in ([], ["--by", "site,state"])
]
OUTPUTS = [
    *SUMMARIES,
    ["summary", "--json"],
    ["export", "--format", "csv"],
    ["export", "--format", "jsonl"],
    ["export", "--json"],
]


def _followup(who: Who, document_id: str, *events: Event) -> bytes:
    header = Header(
        FOLLOWUP,
        document_id,
        max(e.at for e in events) + dt.timedelta(minutes=1),
        who.principal,
        who.fingerprint,
        "minecheck 0.1.0",
    )
    return seal(FollowUpDoc(header, events).to_toml(), who.signer, NAMESPACE_FINDINGS)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small archive: a joint inspection whose two inspectors disagree, a lone one at a mine
    named in Chinese, the joint one merged, follow-ups (one applied, one refused), an unsigned
    document; and an allowed_signers file for everyone."""
    root = tmp_path_factory.mktemp("world")
    people = {n: person(root, n) for n in ("alice", "bob", "carol", "ent")}
    allowed_signers(root / "allowed_signers", *people.values())
    docs = root / "docs"
    for sub in ("team1", "team2", "followups"):
        (docs / sub).mkdir(parents=True)
    a = findings(people["alice"], ["compliant", "noncompliant", "compliant"])
    b = findings(people["bob"], ["noncompliant", "noncompliant", "compliant"])
    c = findings(
        people["carol"],
        ["noncompliant", "compliant", "noncompliant"],
        inspection_id=OTHER,
        site="东山煤矿",
        site_id=None,
        description="风机房无人值守",
    )
    (docs / "team1" / "a.toml").write_bytes(a)
    (docs / "team1" / "b.toml").write_bytes(b)
    (docs / "team2" / "c.toml").write_bytes(c)
    (docs / "team2" / "unsigned.toml").write_bytes(split_trailer(c)[0])
    store = store_for(*people.values())
    (docs / "merged.toml").write_bytes(make_merged(people["carol"], [a, b], store))
    day = dt.timedelta(days=1)
    rectified = Event(f"{INSPECTION}/gas-overlimit", "rectified", CREATED + day, note="done")
    closed = Event(f"{INSPECTION}/gas-overlimit", "closed", CREATED + 2 * day)  # not accepted
    (docs / "followups" / "f1.toml").write_bytes(
        _followup(people["ent"], "7b5f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c01", rectified)
    )
    (docs / "followups" / "f2.toml").write_bytes(
        _followup(people["alice"], "7b5f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c02", closed)
    )
    return root


def _files(world: Path) -> list[str]:
    return sorted(str(p.relative_to(world)) for p in (world / "docs").rglob("*.toml"))


def _run(cli: Any, world: Path, command: list[str], inputs: list[str], *more: str) -> Any:
    trust = ["--allowed-signers", str(world / "allowed_signers"), "--as-of", AS_OF]
    if command[0] == "verify":
        trust = trust[:2]
    run = cli([command[0], *inputs, *command[1:], *trust, *more])
    return run.exit_code, run.stdout, run.stderr


@pytest.fixture
def in_world(world: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(world)
    return world


# -- defects found (each a test that failed first) ------------------------------------------------


@pytest.mark.parametrize(
    "command", [["summary", "--format", "md"], ["summary", "--json"], ["export", "--json"]]
)
def test_a_copy_of_a_document_is_named_alike_whichever_is_named_first(
    cli: Any, in_world: Path, command: list[str]
) -> None:
    """The same follow-up at two paths (a copy kept in a case folder): the refused event was
    said of the copy named first, so `summary docs copies` and `summary copies docs` told two
    reports apart. The copy at the path that sorts first is the one named, in both orders."""
    copies = in_world / "copies"
    copies.mkdir()
    try:
        shutil.copy(in_world / "docs" / "followups" / "f2.toml", copies / "f2.toml")
        first = _run(cli, in_world, command, ["docs", "copies"])
        second = _run(cli, in_world, command, ["copies", "docs"])
    finally:
        shutil.rmtree(copies)
    assert second == first
    assert "copies/f2.toml" in first[1] + first[2]
    assert "followups/f2.toml" not in first[1] + first[2]


@pytest.mark.parametrize(
    "inputs",
    [
        ["docs/team2/unsigned.toml", "docs/team2/unsigned.toml", "docs"],
        ["docs", "./docs/team2/unsigned.toml", "docs/team2"],
        ["docs", "docs"],
    ],
)
def test_a_file_named_twice_is_one_document(cli: Any, in_world: Path, inputs: list[str]) -> None:
    """A file named again (by itself and inside its directory, or a directory named twice)
    was read once per naming: the unsigned document was "Documents not counted: 3", verify
    said "9 documents" of seven files, and each was warned about as often."""
    once = [_run(cli, in_world, c, ["docs"]) for c in (["summary", "--json"], ["verify"])]
    summary, verify = (_run(cli, in_world, c, inputs) for c in (["summary", "--json"], ["verify"]))
    assert summary == once[0]
    assert json.loads(summary[1])["data"]["scope"]["documents_not_counted"] == 1
    assert summary[2] == ""
    assert verify[1].count("unsigned.toml: unsigned") == 1
    assert verify[2].endswith("7 documents: 6 trusted, 1 unsigned\n")
    md = _run(cli, in_world, ["summary", "--format", "md"], inputs)
    assert "Documents not counted: 1" in md[1]
    assert md[2].count("unsigned.toml: left out: unsigned") == 1
