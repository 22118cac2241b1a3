"""What verify, summary and export say of a file they leave out, side by side: one verdict, one
wording and one exit code for a file over the size limit, in both languages and in JSON; two
documents of one id with different contents listed in the summary's "documents not counted"
with their reason, as the export leaves them out (report/corpus_cache.py, report/corpus.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.helpers_merge import allowed_signers, findings, person

AS_OF = "2026-12-31"
BAD = ["compliant", "noncompliant", "noncompliant"]
OVER = 64 * 1024 * 1024 + 1  # one byte over the readers' limit
DETAIL = {
    "en": "the file is 67108865 bytes, over the limit of 67108864",
    "zh": "文件大小为 67108865 字节，超过上限 67108864",
}
LEFT_OUT = {"en": "left out", "zh": "未计入"}
SEP = {"en": ": ", "zh": "："}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("left")
    alice = person(out, "alice")
    (out / "good.toml").write_bytes(findings(alice, BAD))
    with open(out / "big.toml", "wb") as big:  # (sparse)
        big.truncate(OVER)
    allowed_signers(out / "allowed", alice)
    return out


def _run(cli: Any, folder: Path, command: str, *more: str) -> Any:
    files = [str(folder / "good.toml"), str(folder / "big.toml")]
    trust = ["--allowed-signers", str(folder / "allowed")]
    dated = [] if command == "verify" else ["--as-of", AS_OF]
    return cli([command, *files, *trust, *dated, *more])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_file_over_the_limit_is_malformed_with_the_limit_in_verify_summary_and_export(
    cli: Any, folder: Path, lang: str
) -> None:
    big = folder / "big.toml"
    verify = _run(cli, folder, "verify", "--lang", lang)
    assert verify.exit_code == 1  # a negative verdict, as for any malformed file
    assert f"{big}: malformed: {DETAIL[lang]}" in verify.stdout.splitlines()
    said = f"minecheck: warning: {big}{SEP[lang]}{LEFT_OUT[lang]}{SEP[lang]}malformed: "
    for command, form in (("summary", "md"), ("export", "csv")):
        got = _run(cli, folder, command, "--format", form, "--lang", lang)
        assert got.exit_code == 0, (command, got.stderr)  # as for any malformed file
        assert got.stderr.splitlines() == [said + DETAIL[lang]], command


def test_a_file_over_the_limit_reads_alike_in_each_json(cli: Any, folder: Path) -> None:
    big = str(folder / "big.toml")
    verify = json.loads(_run(cli, folder, "verify", "--json").stdout)
    (entry,) = [f for f in verify["data"]["files"] if f["path"] == big]
    assert (entry["status"], entry["detail"]) == ("malformed", DETAIL["en"])
    summary = _run(cli, folder, "summary", "--format", "json")
    assert summary.exit_code == 0
    (listed,) = json.loads(summary.stdout)["documents"]
    assert (listed["path"], listed["status"], listed["reason"]) == (big, "malformed", DETAIL["en"])
    export = _run(cli, folder, "export", "--format", "jsonl", "--json")
    assert export.exit_code == 0
    envelope = json.loads(export.stdout)
    assert [(p["code"], p["path"], p["message"]) for p in envelope["problems"]] == [
        ("malformed", big, f"{big}: left out: malformed: {DETAIL['en']}")
    ]
