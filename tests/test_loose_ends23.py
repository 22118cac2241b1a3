"""Loose ends, round 23: what the provincial coordinator's merge day (round 2) left.

summary and export, which a report author runs without ever merging, warn of inspections of one
mine on one day, each under its own id, that record the same hidden danger (each counted apart,
their majors flagged repeat-major) as merge does: the same code and words, en and zh, on stderr
and in `--json`'s problems, from the cache too."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from tests.helpers_merge import CREATED, INSPECTION, Who, allowed_signers, findings, person

OTHER = "4b6f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c1e"
# (gas-check-genuine, gas-overlimit, methane-return)
ALICE = ["noncompliant", "noncompliant", "compliant"]
BOB = ["noncompliant", "compliant", "compliant"]

SAID_EN = (
    "Demo mine (HLJ-0001): 2 inspections on 2026-11-29 "
    f"({INSPECTION} by alice@coal.example; {OTHER} by bob@coal.example) record "
    "gas-check-genuine as a hidden danger, each counted apart in reports (its majors "
    "flagged repeat-major); if they were one joint inspection, its inspectors give it one "
    "id (inspect --inspection-id)"
)
SAID_ZH = (
    "Demo mine（HLJ-0001）：2026-11-29 的 2 次检查"
    f"（{INSPECTION}：alice@coal.example；{OTHER}：bob@coal.example）"
    "都将 gas-check-genuine 记为隐患，"
    "报告中按各次检查分别计数（其中重大隐患标为重复重大隐患）；"
    "如果这是一次联合检查，各检查人员应使用同一个检查编号（inspect --inspection-id）"
)


@pytest.fixture(scope="module")
def people(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Who]:
    d = tmp_path_factory.mktemp("keys")
    return {n: person(d, n) for n in ("alice", "bob")}


def _folder(tmp_path: Path, people: dict[str, Who], **bob: Any) -> tuple[Path, list[str]]:
    """Alice and Bob at one mine (by default on one day, each under an id of their own)."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "alice.toml").write_bytes(findings(people["alice"], ALICE))
    given = {"inspection_id": OTHER, **bob}
    (docs / "bob.toml").write_bytes(findings(people["bob"], BOB, **given))
    allowed = allowed_signers(tmp_path / "allowed_signers", people["alice"], people["bob"])
    return docs, ["--allowed-signers", str(allowed), "--as-of", "2026-12-31"]


REPORTS = [["summary"], ["export", "--format", "csv"], ["export", "--rows", "events"]]
NAMES = ["summary", "export", "events"]


@pytest.mark.parametrize(
    ("lang", "said"), [("en", f": {SAID_EN}"), ("zh", f"：{SAID_ZH}")], ids=["en", "zh"]
)
@pytest.mark.parametrize("command", REPORTS, ids=NAMES)
def test_reports_say_separate_inspections_as_merge_does(
    people: dict[str, Who], tmp_path: Path, cli: Any, command: list[str], lang: str, said: str
) -> None:
    docs, trust = _folder(tmp_path, people)
    for more in ([], [], ["--no-cache"]):  # made, from the cache, and read afresh
        run = cli([command[0], str(docs), *command[1:], *trust, "--lang", lang, *more])
        assert run.exit_code == 0
        assert run.stderr == f"minecheck: warning: {docs / 'alice.toml'}{said}\n"
        assert run.stdout


@pytest.mark.parametrize("command", REPORTS, ids=NAMES)
def test_in_json_with_its_code(
    people: dict[str, Who], tmp_path: Path, cli: Any, command: list[str]
) -> None:
    docs, trust = _folder(tmp_path, people)
    for lang, said, mark in (("en", SAID_EN, ": "), ("zh", SAID_ZH, "：")):
        run = cli([command[0], str(docs), *command[1:], *trust, "--json", "--lang", lang])
        assert run.exit_code == 0
        assert run.stderr == ""
        [warning] = run.json()["problems"]
        assert warning["code"] == "separate-inspections"
        assert warning["message"] == f"{docs / 'alice.toml'}{mark}{said}"


@pytest.mark.parametrize(
    "bob",
    [
        {"inspection_id": INSPECTION},  # one joint inspection: one finding each item
        {"when": CREATED + dt.timedelta(days=1)},  # another day
        {"site_id": "HLJ-0002", "site": "Other mine"},  # another mine
        {"items": ("methane-return", "gas-overlimit", "gas-check-x")},  # no shared danger
    ],
    ids=["joint", "next-day", "other-mine", "no-shared-danger"],
)
@pytest.mark.parametrize("command", REPORTS, ids=NAMES)
def test_nothing_said_otherwise(
    people: dict[str, Who], tmp_path: Path, cli: Any, command: list[str], bob: dict[str, Any]
) -> None:
    docs, trust = _folder(tmp_path, people, **bob)
    run = cli([command[0], str(docs), *command[1:], *trust])
    assert (run.exit_code, run.stderr) == (0, "")


def test_the_merged_file_and_its_sources_say_it_once(
    people: dict[str, Who], tmp_path: Path, cli: Any
) -> None:
    """A folder holding the originals and a merged file of them (the coordinator's): the same
    two inspections, said once."""
    docs, trust = _folder(tmp_path, people)
    coord = person(tmp_path, "coord")
    allowed = allowed_signers(tmp_path / "allowed_signers", people["alice"], people["bob"], coord)
    merged = cli(
        [
            *("merge", str(docs / "alice.toml"), str(docs / "bob.toml")),
            *("-o", str(docs / "merged.toml"), "--allowed-signers", str(allowed)),
            *("--key", str(coord.key), "--signer", coord.principal),
        ]
    )
    assert merged.exit_code == 0
    assert merged.stderr == f"minecheck: warning: {SAID_EN}\n"
    run = cli(["summary", str(docs), *trust])
    assert run.exit_code == 0
    assert run.stderr == f"minecheck: warning: {docs / 'alice.toml'}: {SAID_EN}\n"


def test_show_of_the_files_says_nothing(people: dict[str, Who], tmp_path: Path, cli: Any) -> None:
    """show, where no count is made, keeps its output."""
    docs, trust = _folder(tmp_path, people)
    run = cli(["show", str(docs / "alice.toml"), str(docs / "bob.toml"), *trust[:2]])
    assert (run.exit_code, run.stderr) == (0, "")


def test_reports_take_the_day_where_the_report_is_made(
    people: dict[str, Who], tmp_path: Path, cli: Any, in_zone: Any
) -> None:
    """Two morning visits of a mine in China, signed on two UTC days (23:30 and 01:30 UTC), are
    one day where the report is made (the day the repeat-major flag takes), for the reports as
    for merge (this round's key met attack 36's day at the merge)."""
    in_zone("Asia/Shanghai")
    docs, trust = _folder(tmp_path, people)
    early = dt.datetime(2026, 11, 28, 23, 30, tzinfo=dt.UTC)  # 07:30 on the 29th in Shanghai
    (docs / "alice.toml").write_bytes(findings(people["alice"], ALICE, when=early))
    run = cli(["summary", str(docs), *trust, "--no-cache"])
    assert run.exit_code == 0
    assert run.stderr == f"minecheck: warning: {docs / 'alice.toml'}: {SAID_EN}\n"


def test_a_mine_by_its_name_alone_is_a_site_of_its_own_for_the_reports(
    people: dict[str, Who], tmp_path: Path, cli: Any
) -> None:
    """Bob wrote the mine's name alone: merge takes it for the coded mine (its `sites` check,
    attack 36), but the reports count it as a site of its own, so no inspection of theirs is
    counted twice at one site nor flagged repeat-major by the other: they say the two sites
    (and how to make them one), not separate inspections."""
    docs, trust = _folder(tmp_path, people, site_id=None)
    two_sites = (
        "minecheck: warning: site Demo mine is written without its code in some findings and "
        "with code HLJ-0001 in others: counted as two sites\n"
        "  hint: give the site's code (site_id) in every inspection of it\n"
    )
    for more in ([], ["--no-cache"]):
        run = cli(["summary", str(docs), *trust, *more])
        assert (run.exit_code, run.stderr) == (0, two_sites)
