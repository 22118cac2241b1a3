"""Mutation round 115: what the mutants of the last session's code (the joining types of
Unicode's table, site codes written alike, the spill's noted visits, the cached hidden
dangers, `*.TOML` below a folder, a merged file's mines, a key pair taken back, the walk's
hints of a full disk) showed untested."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest

from minecheck.core.documents import Finding
from tests.helpers_merge import Who, allowed_signers, findings, findings_of
from tests.test_loose_ends27 import ALICE, BOB, OTHER, UNTRUSTED_SAID, people

__all__ = ["people"]  # the fixture

ZWNJ = "\u200c"
DOC = "5c6f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c1e"
# a ZWNJ no spelling needs, between letters of a joining script: refused in a name
SPOOFED = {
    # alef joins on its right alone (R): a ZWNJ after it breaks no join
    "Arabic, after alef": f"ا{ZWNJ}ب",
    "Arabic, after dal": f"د{ZWNJ}ب",
    # a Latin letter, a space, a digit are no marks a join passes over
    "Arabic, after a Latin letter": f"بa{ZWNJ}ب",
    "Arabic, after a space": f"ب {ZWNJ}ب",
    "Arabic, after a digit": f"ب1{ZWNJ}ب",
}


@pytest.mark.parametrize("where", sorted(SPOOFED))
def test_a_non_joiner_after_a_letter_that_joins_on_its_right_or_none_is_refused(
    where: str,
) -> None:
    from minecheck.core.sanitize import unfit_name

    assert unfit_name(SPOOFED[where])


def test_a_site_without_a_code_is_no_code_alike_to_one_of_blanks(
    tmp_path: Path, people: dict[str, Who], cli: Any
) -> None:
    """A file of a mine with no code and one signed before `sign` refused a code of blanks
    (read, as such files are): one code, nothing written alike; the summary warns of
    nothing."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.toml").write_bytes(findings(people["alice"], ALICE, site_id=None, site="A mine"))
    bob = findings(people["bob"], BOB, inspection_id=OTHER, site_id=" ", site="B mine")
    (docs / "b.toml").write_bytes(bob)
    allowed = allowed_signers(tmp_path / "allowed_signers", people["alice"], people["bob"])
    (tmp_path / "revoked_keys").write_text("")
    trust = ["--allowed-signers", str(allowed), "--revoked-keys", str(tmp_path / "revoked_keys")]
    for report in (["summary"], ["summary", "--no-cache"]):
        run = cli([*report, str(docs), *trust])
        assert (run.exit_code, run.stderr) == (0, ""), run.stderr


@pytest.mark.parametrize("report", [["summary"], ["summary", "--no-cache"]])
def test_inspections_of_one_local_day_on_two_utc_days_are_said_separate(
    tmp_path: Path, people: dict[str, Who], cli: Any, in_zone: Any, report: list[str]
) -> None:
    """In Beijing, Alice finished at 23:30 and Bob at 00:30 of the next day by UTC's clock
    but of the same local day (UTC: the 28th 16:30 and the 29th 15:30): the reports' day is
    the local one (`core.loop.day`), and the two are said separate inspections of that day."""
    in_zone("Asia/Shanghai")
    docs = tmp_path / "docs"
    docs.mkdir()
    late = dt.datetime(2026, 11, 29, 15, 30, tzinfo=dt.UTC)  # 23:30 in Beijing
    early = dt.datetime(2026, 11, 28, 16, 30, tzinfo=dt.UTC)  # 00:30 in Beijing, the 29th
    (docs / "alice.toml").write_bytes(findings(people["alice"], ALICE, when=late))
    bob = findings(people["bob"], BOB, inspection_id=OTHER, when=early)
    (docs / "bob.toml").write_bytes(bob)
    allowed = allowed_signers(tmp_path / "allowed_signers", people["alice"], people["bob"])
    (tmp_path / "revoked_keys").write_text("")
    trust = ["--allowed-signers", str(allowed), "--revoked-keys", str(tmp_path / "revoked_keys")]
    run = cli([*report, str(docs), *trust])
    assert run.exit_code == 0, run.stderr
    said = UNTRUSTED_SAID["en"].replace(" (not trusted here: untrusted-key)", "")
    assert f"minecheck: warning: {docs / 'alice.toml'}: {said}\n" in run.stderr


def test_merge_says_separate_inspections_of_a_mine_named_once_without_its_code(
    tmp_path: Path, people: dict[str, Who], cli: Any
) -> None:
    """Bob wrote the mine's name alone, Alice its name and code: merge takes the name for the
    coded site (`sites_of`), and says the two inspections of it that day separate."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "alice.toml").write_bytes(findings(people["alice"], ALICE))
    bob = findings(people["bob"], BOB, inspection_id=OTHER, site_id=None)
    (docs / "bob.toml").write_bytes(bob)
    coord = people["coord"]
    allowed = allowed_signers(tmp_path / "allowed_signers", *people.values())
    (tmp_path / "revoked_keys").write_text("")
    trust = ["--allowed-signers", str(allowed), "--revoked-keys", str(tmp_path / "revoked_keys")]
    run = cli(
        [
            *("merge", str(docs / "alice.toml"), str(docs / "bob.toml"), *trust),
            *("-o", str(tmp_path / "merged.toml"), "--key", str(coord.key)),
            *("--signer", coord.principal),
        ]
    )
    assert run.exit_code == 0, run.stderr
    said = UNTRUSTED_SAID["en"].replace(" (not trusted here: untrusted-key)", "")
    assert f"minecheck: warning: {said}\n" in run.stderr


@pytest.mark.parametrize("report", [["summary"], ["summary", "--no-cache"]])
def test_inspections_of_one_mine_and_day_by_two_checklists_are_not_said_separate(
    tmp_path: Path, people: dict[str, Who], cli: Any, report: list[str]
) -> None:
    """Alice and Bob inspected one mine on one day, each by another checklist, and both found
    an item of one id: two inspections, not one split in two; nothing is said."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "alice.toml").write_bytes(findings(people["alice"], ALICE))
    row = Finding("gas-check-genuine", "noncompliant", severity="major", basis=("CMHD-5.2",))
    other = ("coal-ventilation", "2024.1", "1" * 64)
    bob = findings_of(people["bob"], [row], DOC, inspection_id=OTHER, checklist=other)
    (docs / "bob.toml").write_bytes(bob)
    allowed = allowed_signers(tmp_path / "allowed_signers", people["alice"], people["bob"])
    (tmp_path / "revoked_keys").write_text("")
    trust = ["--allowed-signers", str(allowed), "--revoked-keys", str(tmp_path / "revoked_keys")]
    run = cli([*report, str(docs), *trust])
    assert (run.exit_code, run.stderr) == (0, "")


def _trusting(tmp_path: Path, people: dict[str, Who]) -> list[str]:
    allowed = allowed_signers(tmp_path / "allowed_signers", *people.values())
    (tmp_path / "revoked_keys").write_text("")
    return ["--allowed-signers", str(allowed), "--revoked-keys", str(tmp_path / "revoked_keys")]


@pytest.mark.parametrize("report", [["summary"], ["summary", "--no-cache"]])
def test_separate_inspections_of_two_mines_read_in_turn_are_each_said(
    tmp_path: Path, people: dict[str, Who], cli: Any, report: list[str]
) -> None:
    """Four files read in turn of two mines (HLJ-0001, HLJ-0002, HLJ-0001, HLJ-0002), two
    inspections of each mine that day sharing a danger: both mines' are said, each once."""
    docs = tmp_path / "docs"
    docs.mkdir()
    ids = [f"00000000-0000-4000-8000-{n:012d}" for n in range(1, 5)]
    for n, (iid, who) in enumerate(zip(ids, ["alice", "alice", "bob", "bob"], strict=True)):
        code = f"HLJ-000{n % 2 + 1}"
        data = findings(people[who], ALICE, n, inspection_id=iid, site_id=code)
        (docs / f"{n}.toml").write_bytes(data)
    run = cli([*report, str(docs), *_trusting(tmp_path, people)])
    assert run.exit_code == 0, run.stderr
    warned = [line for line in run.stderr.splitlines() if line.startswith("minecheck: warning:")]
    assert [line.split(": ")[2:4] for line in warned] == [
        [str(docs / "0.toml"), "Demo mine (HLJ-0001)"],
        [str(docs / "1.toml"), "Demo mine (HLJ-0002)"],
    ]


@pytest.mark.parametrize("report", [["summary"], ["summary", "--no-cache"]])
@pytest.mark.parametrize("result", ["not-applicable", "not-checked"])
def test_an_item_not_applicable_or_not_checked_is_no_danger_shared(
    tmp_path: Path, people: dict[str, Who], cli: Any, report: list[str], result: str
) -> None:
    """Alice found gas-check-genuine non-compliant, Bob did not check it (or found it not
    applicable) that day at that mine: no hidden danger is shared, nothing is said."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "alice.toml").write_bytes(findings(people["alice"], ALICE))
    bob = findings(people["bob"], [result, "compliant", "compliant"], inspection_id=OTHER)
    (docs / "bob.toml").write_bytes(bob)
    for _ in ("cold", "warm"):
        run = cli([*report, str(docs), *_trusting(tmp_path, people)])
        assert (run.exit_code, run.stderr) == (0, "")


@pytest.mark.parametrize("name", ["PIPE.TOML", "pipe.Toml"])
def test_a_pipe_named_in_capitals_below_a_folder_is_said_no_file(
    tmp_path: Path, people: dict[str, Who], cli: Any, name: str
) -> None:
    """The walk takes `X.TOML` as a document's name: a pipe named so is said to be no regular
    file, as `x.toml` is, not passed over unsaid (nor waited on)."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "alice.toml").write_bytes(findings(people["alice"], ALICE))
    os.mkfifo(docs / name)
    run = cli(["verify", str(docs), *_trusting(tmp_path, people)])
    assert (run.exit_code, run.stderr) == (
        2,
        f"{docs / name}: not a regular file (a FIFO)\n2 documents: 1 trusted, 1 unreadable\n",
    )


@pytest.mark.parametrize(("line", "at"), [("kept below 30 ℃", 14), ("below 30 ℃以上", 9)])
def test_a_number_keeps_a_degrees_celsius_sign_after_it(line: str, at: int) -> None:
    """`℃` (one character, as Chinese text writes degrees) stays with its number, as `°C`
    does: no break after `at` characters."""
    from minecheck.cli._breaks import pieces

    assert at not in pieces(line)
