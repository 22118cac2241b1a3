"""A mine group's safety department reads across many mines: a report on one district given
the group's shared follow-ups folder, and its figures against the whole group's."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from minecheck.core.documents import Event
from tests.helpers_merge import ITEMS, allowed_signers, findings, person
from tests.test_export import followup

NORTH = "1a1a1a1a-0000-4000-8000-00000000a001"
SOUTH = "2b2b2b2b-0000-4000-8000-00000000b002"
AS_OF = "2026-12-31"
AT = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def archive(tmp_path: Path) -> dict[str, Path]:
    """North and south: one mine each, every item a hidden danger; the mines' rectifications
    of both in one follow-ups folder (as the department files them)."""
    group, mine = person(tmp_path, "group"), person(tmp_path, "mine")
    bad = ["noncompliant"] * len(ITEMS)
    folders = {name: tmp_path / "archive" / name for name in ("north", "south", "followups")}
    for folder in folders.values():
        folder.mkdir(parents=True)
    for name, iid, code in (("north", NORTH, "GRP-N-01"), ("south", SOUTH, "GRP-S-02")):
        data = findings(group, bad, inspection_id=iid, site_id=code, site=f"{name} mine")
        (folders[name] / "2026-11.toml").write_bytes(data)
        events = [Event(f"{iid}/{item}", "rectified", AT, note="done") for item in ITEMS]
        (folders["followups"] / f"{name}.toml").write_bytes(
            followup(mine, *events, document_id=iid.replace("0000-4000", "1111-4111"))
        )
    folders["allowed"] = allowed_signers(tmp_path / "allowed_signers", group, mine)
    return folders


def _summary(cli: Any, archive: dict[str, Path], *paths: Path, fmt: str = "json") -> Any:
    return cli(
        [
            *("summary", *map(str, paths), "--as-of", AS_OF, "--format", fmt),
            *("--allowed-signers", str(archive["allowed"])),
        ]
    )


def test_a_district_report_says_the_other_districts_follow_ups_in_one_line(
    cli: Any, archive: dict[str, Path]
) -> None:
    """Three events of the south mine's follow-up were three warnings in the north's report:
    over 30 mines, a thousand lines in which a revoked key's line was lost."""
    run = _summary(cli, archive, archive["north"], archive["followups"])
    assert run.exit_code == 0, run.stderr
    south = archive["followups"] / "south.toml"
    assert run.stderr.splitlines() == [
        "minecheck: warning: 3 follow-up events not applied: no trusted findings document "
        "among the inputs holds their findings (files: 1, inspections: 1; the first: "
        f"{south}: rectified for {SOUTH}/{ITEMS[0]})",
        "  hint: give the findings files with their follow-ups (a report on part of an archive, "
        "one district or one mine, leaves the others' follow-ups unapplied); the summary's "
        "report lists each event, and so does --json",
    ]
    data = json.loads(run.stdout)
    assert data["headline"]["hidden_dangers"] == len(ITEMS)
    assert [e["finding"] for e in data["rejected"]] == [f"{SOUTH}/{i}" for i in ITEMS]


def test_the_same_in_chinese(cli: Any, archive: dict[str, Path], monkeypatch: Any) -> None:
    monkeypatch.setenv("MINECHECK_LANG", "zh")
    run = _summary(cli, archive, archive["north"], archive["followups"])
    south = archive["followups"] / "south.toml"
    assert run.stderr.splitlines() == [
        "minecheck: warning: 3 个整改跟踪事件未采纳：输入中没有受信任的检查结果文件包含其条目"
        f"（文件 1 个，检查 1 次；第一个：{south}：{SOUTH}/{ITEMS[0]} 的“报告整改完成”）",
        "  hint: 请把检查结果文件与其整改跟踪文件一起给出（只对档案的一部分——一个区域或一座"
        "矿井——出报告时，其余部分的整改跟踪不会被采纳）；summary 的报告逐条列出这些事件，"
        "--json 也是",
    ]


def test_a_few_such_events_are_still_named_one_by_one(
    cli: Any, archive: dict[str, Path], tmp_path: Path
) -> None:
    """One event for a finding nobody sent (a mistyped item) stays a line of its own."""
    mine = person(tmp_path / "archive", "mine2")
    ref = f"{NORTH}/no-such-item"
    one = archive["followups"] / "typo.toml"
    one.write_bytes(followup(mine, Event(ref, "rectified", AT, note="x")))
    with archive["allowed"].open("a") as allowed:
        allowed.write(f"{mine.principal} {Path(f'{mine.key}.pub').read_text()}")
    run = cli(
        [
            *("summary", str(archive["north"]), str(one), "--as-of", AS_OF),
            *("--format", "json", "--allowed-signers", str(archive["allowed"])),
        ]
    )
    assert run.stderr.splitlines() == [
        f"minecheck: warning: {one}: event rectified for {ref} at 2026-12-01T09:00:00Z not "
        "applied: no trusted findings document holds this finding",
        "  hint: give the findings file that holds it with its follow-ups; a report on part of "
        "an archive cannot apply the follow-ups of the rest",
    ]


def test_json_keeps_one_problem_per_event(cli: Any, archive: dict[str, Path]) -> None:
    run = cli(
        [
            *("summary", str(archive["north"]), str(archive["followups"]), "--json"),
            *("--as-of", AS_OF, "--allowed-signers", str(archive["allowed"])),
        ]
    )
    assert run.stderr == ""
    problems = json.loads(run.stdout)["problems"]
    assert [p["code"] for p in problems] == ["event-rejected"] * len(ITEMS)


def test_districts_add_up_to_the_group(cli: Any, archive: dict[str, Path]) -> None:
    whole = json.loads(_summary(cli, archive, archive["north"].parent).stdout)["headline"]
    parts = [
        json.loads(_summary(cli, archive, archive[d], archive["followups"]).stdout)["headline"]
        for d in ("north", "south")
    ]
    assert {k: parts[0][k] + parts[1][k] for k in whole} == whole
    assert whole["hidden_dangers"] == 2 * len(ITEMS)


@pytest.fixture
def mines(tmp_path: Path) -> dict[str, Path]:
    """Three coded mines, two of one name; one renamed under its code; one also written once
    without its code (a self-inspection)."""
    group = person(tmp_path, "group")
    folder = tmp_path / "mines"
    folder.mkdir()
    bad = ["noncompliant", "compliant", "compliant"]
    written = [
        ("Xinxing Coal Mine", "GRP-N-08"),
        ("Xinxing Coal Mine", "GRP-S-09"),
        ("Dongshan Coal Mine", "GRP-C-06"),
        ("Xinyangguang Coal Mine", "GRP-C-06"),
        ("Dongshan Coal Mine", None),
    ]
    for n, (site, code) in enumerate(written):
        iid = f"3c3c3c3c-0000-4000-8000-{n:012d}"
        data = findings(group, bad, n, inspection_id=iid, site_id=code, site=site)
        (folder / f"{n}.toml").write_bytes(data)
    return {"folder": folder, "allowed": allowed_signers(tmp_path / "allowed", group)}


SITES = [  # (site as shown, its code): in the report's order
    ("Dongshan Coal Mine", ""),
    ("Dongshan Coal Mine / Xinyangguang Coal Mine", "GRP-C-06"),
    ("Xinxing Coal Mine (GRP-N-08)", "GRP-N-08"),
    ("Xinxing Coal Mine (GRP-S-09)", "GRP-S-09"),
]


def _by_site(cli: Any, mines: dict[str, Path], fmt: str) -> str:
    run = cli(
        [
            *("summary", str(mines["folder"]), "--by", "site", "--format", fmt),
            *("--as-of", AS_OF, "--allowed-signers", str(mines["allowed"])),
        ]
    )
    assert run.exit_code == 0, run.stderr
    return str(run.stdout)


def test_summary_csv_by_site_gives_each_mines_code(cli: Any, mines: dict[str, Path]) -> None:
    """A group joins the summary to its register of mines by code: the CSV gave the site as
    shown, a code only where two mines share a name, and no code at all for the others."""
    lines = _by_site(cli, mines, "csv").splitlines()
    assert lines[0].startswith("site,site_id,findings,hidden_dangers,")
    assert [tuple(line.split(",")[:3]) for line in lines[1:]] == [
        (site, code, "6" if code == "GRP-C-06" else "3") for site, code in SITES
    ]


def test_summary_json_and_nl_by_site_give_each_mines_code(cli: Any, mines: dict[str, Path]) -> None:
    data = json.loads(_by_site(cli, mines, "json"))
    want = [(site, code or None) for site, code in SITES]
    assert [(g["site"], g["site_id"]) for g in data["groups"]] == want
    assert list(data["groups"][0])[:3] == ["site", "site_id", "findings"]
    assert [(s["site"], s["site_id"], s["open_majors"]) for s in data["open_majors_by_site"]] == [
        ("Dongshan Coal Mine / Xinyangguang Coal Mine", "GRP-C-06", 2),
        ("Dongshan Coal Mine", None, 1),
        ("Xinxing Coal Mine (GRP-N-08)", "GRP-N-08", 1),
        ("Xinxing Coal Mine (GRP-S-09)", "GRP-S-09", 1),
    ]
    rows = [json.loads(line) for line in _by_site(cli, mines, "nl").splitlines()]
    assert [(r["site"], r["site_id"]) for r in rows] == want


def test_summary_csv_by_another_dimension_has_no_site_id(cli: Any, mines: dict[str, Path]) -> None:
    run = cli(
        [
            *("summary", str(mines["folder"]), "--by", "severity", "--format", "csv"),
            *("--as-of", AS_OF, "--allowed-signers", str(mines["allowed"])),
        ]
    )
    assert run.stdout.splitlines()[0].startswith("severity,findings,")
