"""A second domain review of the bundled checklists: what an inspector reads in them.

Each test holds what `minecheck checklists show` prints (or its `--json`, for guidance) where the
review found an item that said something other than DOMAIN.md says of its situation or duty.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from minecheck.core.documents import FINDINGS, Finding, FindingsDoc, Header, Inspection
from tests.conftest import Run
from tests.helpers_seal import ALICE, make_world

Cli = Callable[..., Run]
COAL = "coal-major-hidden-dangers"


@pytest.fixture(autouse=True)
def wide(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tables one row a line, so that a row reads as a user reads it."""
    monkeypatch.setenv("COLUMNS", "1000")


def shown_items(cli: Cli, checklist: str) -> dict[str, dict[str, Any]]:
    result = cli(["checklists", "show", checklist, "--json"])
    assert result.exit_code == 0, result.stderr
    sections = result.json()["data"]["checklist"]["sections"]
    return {item["id"]: item for section in sections for item in section["items"]}


def shown_line(cli: Cli, checklist: str, item_id: str, lang: str) -> str:
    """The item's row of `checklists show` in LANG."""
    result = cli(["checklists", "show", checklist, "--lang", lang])
    assert result.exit_code == 0, result.stderr
    [line] = [line for line in result.stdout.splitlines() if line.split()[:1] == [item_id]]
    return " ".join(line.split())


def shown_version(cli: Cli, checklist: str) -> str:
    result = cli(["checklists", "show", checklist, "--json"])
    assert result.exit_code == 0, result.stderr
    version: str = result.json()["data"]["checklist"]["version"]
    return version


# -- a bound the Chinese says with 以上 ("N or more": the law counts the number itself, Civil
# Code art. 1259) is not said "more than N" in English, which would pass N itself: the two
# languages must grade the same reading the same way.


def bundled_items() -> list[tuple[str, str, dict[str, Any]]]:
    found = []
    for path in sorted(Path(__file__).parent.parent.joinpath("checklists").glob("*.toml")):
        checklist = tomllib.loads(path.read_text("utf-8"))
        for section in checklist["section"]:
            found += [(path.stem, section["id"], item) for item in section["item"]]
    return found


def test_a_bound_said_with_yishang_is_not_exclusive_in_english() -> None:
    inclusive = re.compile(r"(\d+(?:\.\d+)?)\s*(?:%|m|人|个|次)?(?:及)?以上")
    odd = []
    for checklist, _, item in bundled_items():
        for field in ("question", "guidance"):
            for number in inclusive.findall(item.get(f"{field}_zh", "")):
                if re.search(rf"more than {re.escape(number)}\b", item.get(field, "")):
                    odd.append(f"{checklist} {item['id']} {field}: {number}")
    assert odd == []


def test_staffing_quota_is_breached_at_20_percent_itself(cli: Cli) -> None:
    en = shown_line(cli, COAL, "staffing-quota", "en")
    assert "exceeds the national limit by 20% or more" in en
    zh = shown_line(cli, COAL, "staffing-quota", "zh")
    assert "未超过国家有关限员规定20%以上" in zh


# -- coal, Art. 7: the criteria's heading is "high-gas mines"; an outburst mine's methane sensors
# are CMHD-18.6 ("or an outburst mine in the situation of 7.2"), its drainage CMHD-6.2.


@pytest.mark.parametrize("item_id", ["gas-drainage-system", "methane-sensors"])
def test_art7_is_asked_of_high_gas_mines_only(cli: Cli, item_id: str) -> None:
    item = shown_items(cli, COAL)[item_id]
    assert item["applies_if"] == ["high-gas"]
    assert item["applies_if_all"] == ["coal-underground"]
    zh = shown_line(cli, COAL, item_id, "zh")
    assert "（适用于高瓦斯（high-gas）；同时具备井工煤矿（coal-underground）；" in zh
    en = shown_line(cli, COAL, item_id, "en")
    assert "outburst" not in en


def test_outburst_sensors_are_asked_under_18_6(cli: Cli) -> None:
    """An outburst mine's sensor failure is one major finding, CMHD-18.6, and the item says so."""
    items = shown_items(cli, COAL)
    item = items["monitoring-positioning-genuine"]
    assert item["basis"] == ["CMHD-18.6"]
    assert "in an outburst mine, methane sensors are installed and calibrated" in item["question"]
    assert "突出矿井甲烷传感器按规定安设、调校" in item["question_zh"]
    zh = shown_line(cli, COAL, "monitoring-positioning-genuine", "zh")
    assert "突出矿井甲烷传感器按规定安设、调校，未人为使其失效" in zh
    # Art. 7's items send an outburst mine to 6.2 and 18.6 instead of citing 7.x beside them
    for item_id, other in (("gas-drainage-system", "CMHD-6.2"), ("methane-sensors", "CMHD-18.6")):
        guidance = items[item_id]["guidance"] + items[item_id]["guidance_zh"]
        assert other in guidance, item_id
        assert "also" not in items[item_id]["guidance"], item_id
        assert "同时" not in items[item_id]["guidance_zh"], item_id


def test_an_outburst_mine_is_recorded_under_18_6_not_art7(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An inspection of an outburst mine records Art. 7 not applicable (with the reason) and its
    sensor failure once, as CMHD-18.6; a high-gas mine is still asked Art. 7."""
    monkeypatch.chdir(tmp_path)
    assert cli(["keys", "generate", "--principal", "ann@mine.example", "--trust"]).exit_code == 0
    answers = (
        "[answers]\n"
        '"monitoring-positioning-genuine" = { result = "noncompliant", description = '
        '"Outburst mine: sensor T1 does not cut power at 1.5 %", deadline = 2099-12-31 }\n'
    )
    found: dict[str, dict[str, dict[str, Any]]] = {}
    for hazard in ("outburst", "high-gas"):
        out = tmp_path / f"{hazard}.toml"
        tags = ["--tag", "coal-underground", "--tag", hazard]
        args = ["inspect", COAL, "--site", "Mine A", *tags, "-o", str(out), "--answers", "-"]
        run = cli([*args, "--allow-incomplete"], input=answers)
        assert run.exit_code == 0, run.stderr
        with out.open("rb") as fh:
            found[hazard] = {f["item"]: f for f in tomllib.load(fh)["finding"]}
    for item_id in ("gas-drainage-system", "methane-sensors"):
        assert found["outburst"][item_id] == {
            "item": item_id,
            "result": "not-applicable",
            "note": "applies only to: high-gas and coal-underground",
        }
        assert found["high-gas"][item_id]["result"] == "not-checked"
    sensors = found["outburst"]["monitoring-positioning-genuine"]
    assert (sensors["result"], sensors["severity"], sensors["basis"]) == (
        "noncompliant",
        "major",
        ["CMHD-18.6"],
    )


# -- rectification quality: CR24-48's resumption of a coal mine [V] has three signatures: the
# department's head signs the acceptance, the mine-safety inspection body reviews it, the
# government's head approves. The item dropped the review.


def test_coal_resumption_names_the_inspection_bodys_review(cli: Cli) -> None:
    item = shown_items(cli, "rectification-quality")["resumption-after-acceptance"]
    assert item["basis"] == ["O16", "CR24-48"]
    assert "reviewed by the mine-safety inspection body" in item["question"]
    assert "经矿山安全监察机构审核" in item["question_zh"]
    zh = shown_line(cli, "rectification-quality", "resumption-after-acceptance", "zh")
    assert "验收意见由部门主要负责人签字，经矿山安全监察机构审核，并经政府主要负责人批准" in zh
    en = shown_line(cli, "rectification-quality", "resumption-after-acceptance", "en")
    assert (
        "signed by the head of the department, reviewed by the mine-safety inspection body,"
        " and approved by the head of the government" in en
    )


# -- disaster monitoring: a directive item that looks at a listed situation names the screen's
# item. Hazard appraisals include burst proneness, whose absence is CMHD-11.1.


def test_hazard_appraisals_name_every_listed_appraisal(cli: Cli) -> None:
    item = shown_items(cli, "disaster-monitoring-intrinsic")["hazard-appraisals-current"]
    assert item["severity"] == "general"
    for words in ("CMHD-18.3", "gas-grade-appraisal", "CMHD-11.1", "burst-appraisal"):
        assert words in item["guidance"], words
        assert words in item["guidance_zh"], words


# -- what was signed against the previous versions is still read ------------------------------


def test_a_finding_signed_under_2026_2_still_counts(cli: Cli, tmp_path: Path) -> None:
    """An outburst mine's sensor finding signed under 7.2 (coal 2026.2) is read and counted as
    signed: the new version changes what is asked, not what was signed."""
    world = make_world(tmp_path)
    created = dt.datetime(2026, 11, 29, 8, 15, tzinfo=dt.UTC)
    header = Header(
        format=FINDINGS,
        document_id="6f1c2a4e-8b3d-4f7a-9c2e-1d5b7a9e3f01",
        created=created,
        signer=ALICE,
        signer_key=world.fingerprint,
        tool="minecheck 0.1.0",
    )
    inspection = Inspection(
        id="0b7e4c1a-2d3f-4a5b-8c6d-7e8f9a0b1c2d",
        checklist=COAL,
        checklist_version="2026.2",
        checklist_sha256="0" * 64,
        site="Demo mine",
        inspector="Wang Wei",
        mode="routine",
        started=created - dt.timedelta(hours=2),
        finished=created - dt.timedelta(minutes=5),
        language="zh",
        site_id="HLJ-0001",
        site_tags=("coal-underground", "outburst"),
    )
    finding = Finding(
        item="methane-sensors",
        result="noncompliant",
        severity="major",
        basis=("CMHD-7.2",),
        description="Sensor T1 does not cut power at 1.5 %",
        location="1201 return",
        deadline=dt.date(2026, 12, 15),
    )
    body = FindingsDoc(header, inspection, (finding,)).to_toml()
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "f.toml").write_bytes(world.signed_as_is(body))
    summary = ["summary", str(docs), "--by", "clause", "--format", "json"]
    run = cli([*summary, "--as-of", "2026-12-01", *world.trust])
    assert run.exit_code == 0, run.stderr
    rows = {row["clause"]: row for row in json.loads(run.stdout)["groups"]}
    assert set(rows) == {"CMHD-7.2"}
    assert rows["CMHD-7.2"]["hidden_dangers"] == 1
    shown = cli(["show", str(docs / "f.toml"), "--lang", "zh", *world.trust])
    assert shown.exit_code == 0, shown.stderr
    row = next(line.split() for line in shown.stdout.splitlines() if "methane-sensors" in line)
    assert row[:2] == ["methane-sensors", "重大"]
    version = shown_version(cli, COAL)
    installed = f"已安装的 coal-major-hidden-dangers 为 {version} 版，不是本次检查所用的 2026.2 版"
    assert installed in shown.stdout
