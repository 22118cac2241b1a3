"""The calendar a report is counted in: every report names the time zone its days are local to
(`--as-of`, months, deadlines), so that a report made on a UTC server and one made on a Beijing
laptop, which may count an event near midnight on different days, say which calendar each used."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from minecheck.report import zone as zone_module
from tests.helpers_merge import allowed_signers, findings, person

# 16:30 UTC on 13 June: 00:30 on 14 June in Beijing
FINISHED = dt.datetime(2026, 6, 13, 16, 30, tzinfo=dt.UTC)


@pytest.fixture
def archive(tmp_path: Path) -> list[str]:
    """One findings file (a major hidden danger) finished near midnight, and its trust file."""
    alice = person(tmp_path, "alice")
    allowed = allowed_signers(tmp_path / "allowed_signers", alice)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "findings.toml").write_bytes(
        findings(alice, ["noncompliant", "compliant", "compliant"], when=FINISHED)
    )
    return [str(docs), "--allowed-signers", str(allowed), "--no-cache"]


def _scope(cli: Any, archive: list[str], day: str, lang: str = "en", stderr: str = "") -> str:
    run = cli(["summary", *archive, "--as-of", day, "--format", "md", "--lang", lang])
    assert (run.exit_code, run.stderr) == (0, stderr)
    return str(run.stdout.splitlines()[2])


def _zone(cli: Any, archive: list[str], day: str) -> Any:
    run = cli(["summary", *archive, "--as-of", day, "--json"])
    assert run.exit_code == 0
    return run.json()["data"]["zone"]


def test_every_human_format_names_the_zone_beside_the_day(
    cli: Any, archive: list[str], in_zone: Any
) -> None:
    in_zone("Asia/Shanghai")
    common = [*archive, "--as-of", "2026-06-14"]
    md = cli(["summary", *common, "--format", "md"]).stdout
    assert md.splitlines()[2] == (
        "As of: 2026-06-14, Asia/Shanghai (UTC+08:00) · Inspections: 1 · Sites: 1 · "
        "Documents not counted: 0"
    )
    assert md.endswith(
        "Report as of 2026-06-14, local days in Asia/Shanghai (UTC+08:00). The same documents "
        "in the same time zone always give the same report.\n"
    )
    zh = cli(["summary", *common, "--format", "md", "--lang", "zh"]).stdout
    assert zh.splitlines()[2] == (
        "统计截至：2026-06-14，Asia/Shanghai（UTC+08:00） · 检查次数：1 · 被检查单位：1 · "
        "未计入文件：0"
    )
    assert zh.endswith(
        "数据截至 2026-06-14，按 Asia/Shanghai（UTC+08:00）的日期计算。"
        "相同的文件在相同的时区下始终生成相同的报告。\n"
    )
    html = cli(["summary", *common, "--format", "html"]).stdout
    assert "<p>As of 2026-06-14, Asia/Shanghai (UTC+08:00) · Inspections 1 ·" in html
    assert "Report as of 2026-06-14, local days in Asia/Shanghai (UTC+08:00)." in html
    table = cli(["summary", *common, "--format", "table"])
    assert table.exit_code == 0
    assert "As of 2026-06-14, Asia/Shanghai (UTC+08:00) · Inspections 1" in table.stdout


def test_json_names_the_zone_after_the_day(cli: Any, archive: list[str], in_zone: Any) -> None:
    in_zone("Asia/Shanghai")
    common = [*archive, "--as-of", "2026-06-14"]
    for data in (
        cli(["summary", *common, "--json"]).json()["data"],
        json.loads(cli(["summary", *common, "--format", "json"]).stdout),
    ):
        assert list(data)[:5] == ["as_of", "zone", "by", "include_untrusted", "headline"]
        assert data["zone"] == {"name": "Asia/Shanghai", "utc_offset": "+08:00"}


def test_a_midnight_inspection_counts_on_two_days_and_each_report_says_which(
    cli: Any, archive: list[str], in_zone: Any
) -> None:
    """Finished 16:30 UTC on 13 June: on the 13th in UTC, on the 14th in Beijing. The two
    reports as of the 13th differ, and now say why."""
    in_zone("UTC")
    assert _scope(cli, archive, "2026-06-13") == (
        "As of: 2026-06-13, UTC · Inspections: 1 · Sites: 1 · Documents not counted: 0"
    )
    in_zone("Asia/Shanghai")
    later = (
        "minecheck: warning: every document is dated after 2026-06-13, Asia/Shanghai "
        "(UTC+08:00), the report's day: none is counted\n"
    )
    assert _scope(cli, archive, "2026-06-13", stderr=later).startswith(
        "As of: 2026-06-13, Asia/Shanghai (UTC+08:00) · Inspections: 0 ·"
    )


def test_a_zone_with_summer_time_gives_the_offset_at_the_end_of_the_report_s_day(
    cli: Any, archive: list[str], in_zone: Any
) -> None:
    """New York moves to UTC-04:00 at 02:00 on 8 March 2026 and back on 1 November: the offset
    is the one in force when the report's day ends, whatever the day it is made on."""
    in_zone("America/New_York")
    expected = {
        "2026-03-07": "-05:00",
        "2026-03-08": "-04:00",
        "2026-03-31": "-04:00",
        "2026-10-31": "-04:00",
        "2026-11-01": "-05:00",
    }
    for day, offset in expected.items():
        assert _zone(cli, archive, day) == {"name": "America/New_York", "utc_offset": offset}
    assert _scope(cli, archive, "2026-11-01").startswith(
        "As of: 2026-11-01, America/New_York (UTC-05:00) ·"
    )
    assert _scope(cli, archive, "2026-10-31", "zh").startswith(
        "统计截至：2026-10-31，America/New_York（UTC-04:00） ·"
    )


def test_utc_is_named_utc(cli: Any, archive: list[str], in_zone: Any) -> None:
    for name in ("UTC", "Etc/UTC", ":UTC"):
        in_zone(name)
        assert _zone(cli, archive, "2026-06-14") == {
            "name": name.lstrip(":"),
            "utc_offset": "+00:00",
        }
        assert _scope(cli, archive, "2026-06-14").startswith("As of: 2026-06-14, UTC ·")
        assert _scope(cli, archive, "2026-06-14", "zh").startswith("统计截至：2026-06-14，UTC ·")


@pytest.mark.parametrize(
    ("tz", "name", "offset"),
    [
        ("CST-8", None, "+08:00"),  # a POSIX rule: no name a reader can look up
        ("", None, "+00:00"),  # an empty TZ is UTC to the C library
        ("Nowhere/Atlantis", None, "+00:00"),  # no such zone: the C library counts in UTC
        (":Asia/Shanghai", "Asia/Shanghai", "+08:00"),
        ("Asia/Shanghai\x1b[2J", None, "+00:00"),  # no such zone; never printed
        ("../zoneinfo/Asia/Shanghai", None, "+08:00"),  # a path, not a name
    ],
)
def test_a_zone_is_named_only_where_its_name_is_known(
    cli: Any, archive: list[str], in_zone: Any, tz: str, name: str | None, offset: str
) -> None:
    in_zone(tz)
    assert _zone(cli, archive, "2026-06-14") == {"name": name, "utc_offset": offset}
    shown = f"{name} (UTC{offset})" if name else f"UTC{offset}"
    assert _scope(cli, archive, "2026-06-14").startswith(f"As of: 2026-06-14, {shown} ·")


def test_without_tz_the_name_is_the_zone_file_etc_localtime_links_to(
    tmp_path: Path, in_zone: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    in_zone(None)
    link = tmp_path / "localtime"
    link.symlink_to("/usr/share/zoneinfo/Asia/Shanghai")
    monkeypatch.setattr(zone_module, "LOCALTIME", str(link))
    assert zone_module.zone_name() == "Asia/Shanghai"
    copied = tmp_path / "copied"
    copied.write_bytes(Path("/usr/share/zoneinfo/Asia/Shanghai").read_bytes())
    monkeypatch.setattr(zone_module, "LOCALTIME", str(copied))
    assert zone_module.zone_name() is None  # a copy names no zone: the offset alone is given
    monkeypatch.setattr(zone_module, "LOCALTIME", str(tmp_path / "none"))
    assert zone_module.zone_name() is None


def test_the_same_inputs_in_the_same_zone_give_the_same_bytes(
    cli: Any, archive: list[str], in_zone: Any
) -> None:
    """Report authors compare runs byte for byte: the zone line changes nothing between runs
    (the second and third answered from the memo)."""
    in_zone("America/New_York")
    cached = [a for a in archive if a != "--no-cache"]
    for fmt in ("md", "html", "json", "csv", "nl"):
        runs = [
            cli(["summary", *args, "--as-of", "2026-03-08", "--format", fmt]).stdout
            for args in (archive, cached, cached)
        ]
        assert runs[0] == runs[1] == runs[2]
    in_zone("Asia/Shanghai")  # another zone: another key, and the zone it names
    md = cli(["summary", *cached, "--as-of", "2026-03-08", "--format", "md"]).stdout
    assert "As of: 2026-03-08, Asia/Shanghai (UTC+08:00) ·" in md


def test_export_json_names_the_day_and_zone(cli: Any, archive: list[str], in_zone: Any) -> None:
    in_zone("America/New_York")
    for rows in ("findings", "events"):
        run = cli(["export", *archive, "--as-of", "2026-03-08", "--rows", rows, "--json"])
        assert run.exit_code == 0
        data = run.json()["data"]
        assert (data["as_of"], data["zone"]) == (
            "2026-03-08",
            {"name": "America/New_York", "utc_offset": "-04:00"},
        )
        assert list(data)[:2] == ["as_of", "zone"]


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["summary", "--help"]], ids=" ".join)
def test_start_up_loads_nothing_of_the_zone(args: list[str]) -> None:
    """Start-up is measured: `--help` and `--version` load nothing new."""
    loaded = (
        "import sys\nfrom minecheck.__main__ import main\ntry:\n    main()\nfinally:\n"
        "    sys.stderr.write('\\nloaded: ' + ' '.join(sys.modules) + '\\n')\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", loaded, *args], capture_output=True, text=True, check=False
    )
    assert "minecheck.report.zone" not in run.stderr.rsplit("\nloaded: ", 1)[1].split()


@pytest.mark.parametrize(
    ("tz", "zone"), [("UTC", "UTC"), ("<+0530>-05:30", "UTC+05:30"), ("Asia/Shanghai", None)]
)
def test_a_zone_in_latin_letters_is_spaced_from_the_chinese_after_it(
    cli: Any, archive: list[str], in_zone: Any, tz: str, zone: str | None
) -> None:
    """`按 UTC 的日期`, as `按 {zone}` is spaced before it; a name ending in a full-width bracket
    takes no space (`按 Asia/Shanghai（UTC+08:00）的日期`)."""
    in_zone(tz)
    md = cli(["summary", *archive, "--as-of", "2026-06-14", "--format", "md", "--lang", "zh"])
    assert md.exit_code == 0, md.stderr
    last = md.stdout.splitlines()[-1]
    shown = f"{zone} " if zone else "Asia/Shanghai（UTC+08:00）"
    assert (
        last == f"数据截至 2026-06-14，按 {shown}的日期计算。"
        "相同的文件在相同的时区下始终生成相同的报告。"
    )
