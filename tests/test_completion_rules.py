"""What shell completion offers (cli/completion.py): the findings files it reads and leaves out."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from minecheck.cli.completion import finding_refs
from tests.helpers_merge import INSPECTION, ITEMS, Who, findings, person

MIB_4 = 4 * 1024 * 1024
OTHER = "9c1d2e3f-4a5b-4c6d-8e7f-0a1b2c3d4e5f"


def _one_danger_of_size(who: Who, size: int) -> bytes:
    """A signed findings file with one hidden danger whose description makes it `size` bytes
    (the description is written once: each character of it is one byte of the file)."""
    results = ["compliant", "compliant", "noncompliant"]
    short = findings(who, results, description="x")
    data = findings(who, results, description="x" * (1 + size - len(short)))
    assert len(data) == size
    return data


@pytest.mark.parametrize(("size", "offered"), [(MIB_4, True), (MIB_4 + 1, False)])
def test_a_findings_file_past_4_mib_is_not_read_for_completion(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size: int, offered: bool
) -> None:
    """A Tab press reads each findings file here: one of 4 MiB is read and its danger offered,
    one byte more and it is left out (a large file never holds up the shell)."""
    work = tmp_path / "work"
    work.mkdir()
    (work / "a.toml").write_bytes(_one_danger_of_size(person(tmp_path, "alice"), size))
    monkeypatch.chdir(work)
    want = [f"{INSPECTION}/methane-return"] if offered else []
    assert finding_refs("") == want


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with one signed findings file (two hidden dangers), as the user's current one."""
    here = tmp_path / "work"
    here.mkdir()
    who = person(tmp_path, "alice")
    (here / "m.toml").write_bytes(findings(who, ["compliant", "noncompliant", "noncompliant"]))
    monkeypatch.chdir(here)
    return here


DANGERS = [f"{INSPECTION}/gas-overlimit", f"{INSPECTION}/methane-return"]


def test_a_findings_file_whose_signature_fails_offers_nothing(work: Path) -> None:
    """A file changed after signing is no record: its dangers are not offered as refs, while
    the sound file's are."""
    good = (work / "m.toml").read_bytes()
    other = findings(person(work.parent, "bob"), ["noncompliant"] * 3, inspection_id=OTHER)
    assert b"Demo mine" in other
    (work / "n.toml").write_bytes(other.replace(b"Demo mine", b"Demo mind"))
    assert finding_refs("") == DANGERS
    (work / "n.toml").write_bytes(other)  # (the same file, as signed, is offered)
    assert finding_refs("") == sorted([*DANGERS, *(f"{OTHER}/{i}" for i in ITEMS)])
    assert (work / "m.toml").read_bytes() == good


@pytest.mark.parametrize("kind", ["directory", "fifo", "large"])
def test_a_file_that_cannot_be_read_does_not_end_the_scan(work: Path, kind: str) -> None:
    """A `.toml` name that is a folder, a pipe or a file past the limit, listed before the
    findings file, is passed over: the findings file's dangers are still offered."""
    first = work / "0.toml"
    if kind == "directory":
        first.mkdir()
    elif kind == "fifo":
        os.mkfifo(first)
    else:
        first.write_bytes(b"#" * (MIB_4 + 1))
    assert finding_refs("") == DANGERS


def test_every_inspection_inside_a_merged_file_is_offered(work: Path) -> None:
    """A merged file holds several inspectors' findings: the dangers of each one inside it are
    offered, not only the first's."""
    from tests.helpers_merge import make_merged, store_for

    alice = (work / "m.toml").read_bytes()
    (work / "m.toml").unlink()
    bob = findings(person(work.parent, "bob"), ["noncompliant"] * 3, inspection_id=OTHER)
    (work / "joint.toml").write_bytes(
        make_merged(person(work.parent, "carol"), [alice, bob], store_for())
    )
    assert finding_refs("") == sorted([*DANGERS, *(f"{OTHER}/{i}" for i in ITEMS)])


def test_a_follow_up_here_leaves_the_refs_offered(work: Path) -> None:
    """A signed follow-up beside the findings (a rectification reported) is read without harm
    at a Tab press: the findings' dangers are offered as before."""
    from tests.test_audit import followup

    alice = person(work.parent, "bob")
    (work / "f.toml").write_bytes(followup(alice, DANGERS[0]))
    assert finding_refs("") == DANGERS
