"""A mine is its code where it has one: written once without it, it is another site in every
count by site. The summary says so, with the code it was given elsewhere."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.helpers_merge import (
    ITEMS,
    allowed_signers,
    findings,
    person,
    without_separate_inspections,
)

AS_OF = "2026-12-31"
BAD = ["noncompliant"] * len(ITEMS)
WARNING = (
    "minecheck: warning: site Xinan mine is written without its code in some findings and "
    "with code {codes} in others: counted as two sites"
)
HINT = "  hint: give the site's code (site_id) in every inspection of it"


def _archive(tmp_path: Path, *sites: tuple[str, str | None]) -> tuple[Path, Path]:
    who = person(tmp_path, "inspector")
    folder = tmp_path / "archive"
    folder.mkdir()
    for n, (site, code) in enumerate(sites):
        iid = f"00000000-0000-4000-8000-{n:012d}"
        data = findings(who, BAD, n, inspection_id=iid, site_id=code, site=site)
        (folder / f"{n}.toml").write_bytes(data)
    return folder, allowed_signers(tmp_path / "allowed_signers", who)


def _summary(cli: Any, folder: Path, allowed: Path, *more: str) -> Any:
    return cli(
        [
            *("summary", str(folder), "--as-of", AS_OF, "--format", "csv", "--by", "site"),
            *("--allowed-signers", str(allowed), *more),
        ]
    )


def test_a_site_written_once_without_its_code_is_said(cli: Any, tmp_path: Path) -> None:
    folder, allowed = _archive(
        tmp_path, ("Xinan mine", "HLJ-0007"), ("Xinan mine", None), ("Dongshan mine", "HLJ-0008")
    )
    for _ in range(2):  # counted, then recalled from the memo: said alike
        run = _summary(cli, folder, allowed)
        assert run.exit_code == 0, run.stderr
        assert run.stderr.splitlines() == [WARNING.format(codes="HLJ-0007"), HINT]
        rows = [line.split(",")[:2] for line in run.stdout.splitlines()[1:]]
        assert rows == [
            ["Dongshan mine", "HLJ-0008"],
            ["Xinan mine", ""],
            ["Xinan mine (HLJ-0007)", "HLJ-0007"],
        ]


def test_every_code_the_name_was_given_is_named(cli: Any, tmp_path: Path) -> None:
    folder, allowed = _archive(
        tmp_path, ("Xinan mine", "HLJ-0009"), ("Xinan mine", None), ("Xinan mine", "HLJ-0007")
    )
    run = _summary(cli, folder, allowed, "--no-cache")
    assert run.exit_code == 0, run.stderr
    assert run.stderr.splitlines() == [WARNING.format(codes="HLJ-0007, HLJ-0009"), HINT]


@pytest.mark.parametrize(
    "sites",
    [
        (("Xinan mine", "HLJ-0007"), ("Xinan mine", "HLJ-0007")),  # one mine, coded alike
        (("Xinan mine", None), ("Xinan mine", None)),  # known by its name alone, each time
        (("Xinan mine", "HLJ-0007"), ("Xinan mine", "HLJ-0009")),  # two mines of one name
        (("Xinan mine", "HLJ-0007"), ("Xinan", None)),  # another name: nothing to tell
    ],
)
def test_sites_named_consistently_are_not_warned_about(
    cli: Any, tmp_path: Path, sites: tuple[tuple[str, str | None], ...]
) -> None:
    folder, allowed = _archive(tmp_path, *sites)
    run = _summary(cli, folder, allowed)
    assert (run.exit_code, without_separate_inspections(run.stderr)) == (0, "")


def test_said_in_chinese_and_kept_in_the_json_envelope(cli: Any, tmp_path: Path) -> None:
    folder, allowed = _archive(tmp_path, ("Xinan mine", "HLJ-0007"), ("Xinan mine", None))
    run = _summary(cli, folder, allowed, "--lang", "zh")
    assert run.stderr.splitlines() == [
        "minecheck: warning: 单位 Xinan mine 在部分检查结果中未写编码，在其他检查结果中编码为 "
        "HLJ-0007：按两个单位统计",
        "  hint: 请在该单位的每次检查中写明其编码（site_id）",
    ]
    run = _summary(cli, folder, allowed, "--json")
    assert (run.exit_code, run.stderr) == (0, "")
    [problem] = json.loads(run.stdout)["problems"]
    assert problem["code"] == "site-without-code"
    assert problem["message"] == WARNING.format(codes="HLJ-0007").removeprefix(
        "minecheck: warning: "
    )


def test_many_such_sites_are_one_line_and_each_in_json(cli: Any, tmp_path: Path) -> None:
    """A district that writes no codes where the others do gave a warning a mine (30 lines in a
    group's report): more than two are one line, and `--json` keeps each."""
    names = ("Xinan mine", "Dongshan mine", "Beishan mine")
    coded = [(name, f"HLJ-000{n}") for n, name in enumerate(names)]
    folder, allowed = _archive(tmp_path, *coded, *((name, None) for name in names))
    run = _summary(cli, folder, allowed)
    assert run.exit_code == 0, run.stderr
    assert run.stderr.splitlines() == [
        "minecheck: warning: 3 sites are written without their code in some findings and with "
        "a code in others: each counted as two sites (the first: Beishan mine, code HLJ-0002)",
        "  hint: give each site's code (site_id) in every inspection of it; --json lists each",
    ]
    run = _summary(cli, folder, allowed, "--json")
    sites = [p["message"].split(" is written")[0] for p in json.loads(run.stdout)["problems"]]
    assert sites == ["site Beishan mine", "site Dongshan mine", "site Xinan mine"]
    zh = _summary(cli, folder, allowed, "--lang", "zh")
    assert zh.stderr.splitlines() == [
        "minecheck: warning: 3 个单位在部分检查结果中未写编码、在其他检查结果中写了编码："
        "各按两个单位统计（第一个：Beishan mine，编码 HLJ-0002）",
        "  hint: 请在每个单位的每次检查中写明其编码（site_id）；--json 会逐一列出",
    ]
