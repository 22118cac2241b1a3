"""The session's last changes attacked, round 22: what `show --as-of` says of a document its
day's reports do not count yet."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from minecheck.core.documents import FINDINGS, Finding, FindingsDoc, Header, Inspection
from minecheck.core.seal import seal
from minecheck.core.sshsig import NAMESPACE_FINDINGS
from tests.helpers_merge import INSPECTION, ITEMS, allowed_signers, make_merged, person, store_for

SIGNED = dt.datetime(2026, 11, 30, 15, 58, tzinfo=dt.UTC)  # 23:58 in Shanghai
FINISHED = dt.datetime(2026, 11, 30, 16, 5, tzinfo=dt.UTC)  # 00:05 the next day there
NOTICE = {
    "en": "not counted as of 2026-11-30, Asia/Shanghai (UTC+08:00): the inspection finished at "
    "2026-12-01 00:05 local time (UTC+08:00), after that day (a report of that day does not "
    "know it yet)",
    "zh": "截至 2026-11-30，Asia/Shanghai（UTC+08:00） 不计入：检查结束于当地时间 2026-12-01 00:05"
    "（UTC+08:00），晚于该日（该日的报告尚不知道它）",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_show_as_of_names_an_inspection_finished_after_the_day_the_reports_leave_out(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, in_zone: Any, lang: str
) -> None:
    """Signed at 23:58, its inspection finished at 00:05 (within the ten minutes a clock may
    be behind): the reports of the first day count it not ("every document is dated after"),
    as they leave out any inspection finished after their day. `show --as-of` that day said
    nothing of why, of the findings file or of the merged file holding it, where a file signed
    after the day is named; it names it so."""
    monkeypatch.setenv("COLUMNS", "250")  # (the notice on one line)
    in_zone("Asia/Shanghai")
    alice = person(tmp_path, "alice")
    trust = allowed_signers(tmp_path / "allowed_signers", alice)
    header = Header(
        FINDINGS,
        "0d1e2f3a-4b5c-4d6e-8f7a-8b9c0d1e2f3a",
        SIGNED,
        alice.principal,
        alice.fingerprint,
        "minecheck 0.1.0",
    )
    ins = Inspection(
        INSPECTION,
        "coal-major-hidden-dangers",
        "2024.1",
        "0" * 64,
        "Demo mine",
        "alice",
        "routine",
        SIGNED,
        FINISHED,
        "en",
        "HLJ-0001",
        ("coal-underground",),
    )
    rows = (Finding(ITEMS[1], "noncompliant", severity="general", deadline=dt.date(2026, 12, 20)),)
    signed = seal(FindingsDoc(header, ins, rows).to_toml(), alice.signer, NAMESPACE_FINDINGS)
    path = tmp_path / "findings.toml"
    path.write_bytes(signed)
    merged = tmp_path / "merged.toml"
    later = FINISHED + dt.timedelta(hours=1)
    merged.write_bytes(make_merged(alice, [signed], store_for(alice), created=later))
    args = ["--as-of", "2026-11-30", "--allowed-signers", str(trust), "--lang", lang]
    summary = cli(["summary", str(path), "--format", "json", *args])
    assert summary.exit_code == 0, summary.stderr
    assert '"inspections": 0' in summary.stdout.replace(" ", " ")
    run = cli(["show", str(path), *args])
    assert (run.exit_code, run.stderr) == (0, ""), run.stderr
    assert NOTICE[lang] in run.stdout.splitlines()
    run = cli(["show", str(merged), *args])
    assert (run.exit_code, run.stderr) == (0, ""), run.stderr
    colon = "：" if lang == "zh" else ": "
    assert f"{merged}#1{colon}{NOTICE[lang]}" in " ".join(run.stdout.split())  # (a long path)
    # a day later both are counted, and nothing is said
    args[1] = "2026-12-01"
    for each in (path, merged):
        run = cli(["show", str(each), *args])
        assert (run.exit_code, run.stderr) == (0, ""), run.stderr
        assert ("不计入" if lang == "zh" else "not counted") not in run.stdout
    guide = "guide-monthly-report.zh.md" if lang == "zh" else "guide-monthly-report.md"
    said = "".join((Path(__file__).parent.parent / "docs" / guide).read_text("utf-8").split())
    assert (
        "检查结束晚于该日的来源即使在该日最后几分钟签名，也同样注明"
        if lang == "zh"
        else "Soisasourcewhoseinspectionfinishedaftertheday,thoughsignedinitslastminutes"
    ) in said
