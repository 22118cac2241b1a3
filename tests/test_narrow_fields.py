"""Label-and-value pairs on a narrow terminal (a phone over ssh, a large font): a pair is never
broken inside its value. Pairs share a line where they fit; a pair that does not fit begins a
line of its own, and one wider than the terminal has its label on a line and its value under
it, indented, as a table's stacked rows show a long value."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.helpers_merge import INSPECTION, allowed_signers, findings, person
from tests.test_stock_increment import utc  # noqa: F401 - the fixture


@pytest.fixture
def shown(
    tmp_path: Path, cli: Any, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> Any:
    request.getfixturevalue("utc")  # (times in UTC alone: no local time beside them)
    alice = person(tmp_path, "alice")
    trust = allowed_signers(tmp_path / "allowed_signers", alice)
    doc = tmp_path / "a.toml"
    doc.write_bytes(findings(alice, ["compliant"] * 3))

    def at(width: int, lang: str) -> list[str]:
        monkeypatch.setenv("COLUMNS", str(width))
        run = cli(["show", str(doc), "--allowed-signers", str(trust), "--lang", lang])
        assert (run.exit_code, run.stderr) == (0, "")
        lines: list[str] = run.stdout.splitlines()
        first = next(i for i, x in enumerate(lines) if x.startswith(("signed by", "签名人")))
        return lines[first:-2]  # the header's fields, without the closing lines

    return at


def test_show_s_header_at_80_columns_keeps_two_pairs_a_line(shown: Any) -> None:
    assert shown(80, "en") == [
        "signed by: alice@coal.example   created: 2026-11-29 08:15Z",
        "site: Demo mine (HLJ-0001)   inspector: alice",
        "checklist: coal-major-hidden-dangers 2024.1   finished: 2026-11-29 08:15Z",
        f"inspection: {INSPECTION}",
    ]


def test_show_s_header_at_50_columns_breaks_between_pairs_never_inside_a_value(
    shown: Any,
) -> None:
    assert shown(50, "en") == [
        "signed by: alice@coal.example",
        "created: 2026-11-29 08:15Z",
        "site: Demo mine (HLJ-0001)   inspector: alice",
        "checklist: coal-major-hidden-dangers 2024.1",
        "finished: 2026-11-29 08:15Z",
        f"inspection: {INSPECTION}",
    ]


def test_show_s_header_at_40_columns_puts_a_value_too_wide_under_its_label(
    shown: Any,
) -> None:
    assert shown(40, "en") == [
        "signed by: alice@coal.example",
        "created: 2026-11-29 08:15Z",
        "site: Demo mine (HLJ-0001)",
        "inspector: alice",
        "checklist:",
        "  coal-major-hidden-dangers 2024.1",
        "finished: 2026-11-29 08:15Z",
        "inspection:",
        f"  {INSPECTION}",
    ]


def test_show_s_header_in_chinese_at_40_columns(shown: Any) -> None:
    assert shown(40, "zh") == [
        "签名人：alice@coal.example",
        "签名时间：2026-11-29 08:15Z",
        "被检查单位：Demo mine（HLJ-0001）",
        "检查人员：alice",
        "检查表：coal-major-hidden-dangers 2024.1",
        "完成时间：2026-11-29 08:15Z",
        "检查编号：",
        f"  {INSPECTION}",
    ]


def _checklist_shown(cli: Any, monkeypatch: pytest.MonkeyPatch, width: int, lang: str) -> str:
    monkeypatch.setenv("COLUMNS", str(width))
    run = cli(["checklists", "show", "coal-major-hidden-dangers", "--lang", lang])
    assert (run.exit_code, run.stderr) == (0, "")
    return str(run.stdout)


def test_checklists_show_s_header_at_50_columns_in_english(
    cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The title, then the id and its version whole; the standard's name under its label; the
    tags, directives and references each a line, none broken inside."""
    shown = _checklist_shown(cli, monkeypatch, 50, "en")
    assert shown.splitlines()[:6] == [
        "Coal mines: major hidden-danger screen",
        "coal-major-hidden-dangers 2026.7",
        "implements:",
        "  Criteria for determining major hidden dangers in",
        "  coal mines",
        "MEM Order No. 4 (2020) · in force 2021-01-01",
    ]
    assert (
        "\napplies to: coal-underground, coal-open-pit\n"
        "directives: D2, D7, D8, D9, D10, D11, D14\n"
        "references: CMHD\n"
    ) in shown


def test_checklists_show_s_header_at_40_columns_in_chinese(
    cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown = _checklist_shown(cli, monkeypatch, 40, "zh")
    assert shown.splitlines()[:5] == [
        "煤矿重大事故隐患排查",
        "coal-major-hidden-dangers 2026.7",
        "依据：煤矿重大事故隐患判定标准",
        "应急管理部令第4号（2020年）",
        "施行日期 2021-01-01",
    ]
    assert (
        "\n适用：\n"
        "  井工煤矿（coal-underground）、露天煤矿\n"
        "  （coal-open-pit）\n"
        "部署要求：D2、D7、D8、D9、D10、D11、D14\n"
        "标准：CMHD\n"
    ) in shown
