"""`minecheck summary` on a generated corpus: exact totals, the export agrees, no order."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import duckdb
import pytest
from benchmarks.corpus import generate

AS_OF = "2026-12-31"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    out = tmp_path_factory.mktemp("corpus")
    totals = generate(out, 24, 15, seed=7)
    return out, totals


def _trust(root: Path) -> list[str]:
    return ["--allowed-signers", str(root / "allowed_signers"), "--as-of", AS_OF]


def test_summary_json_counts_every_finding_once(
    cli: Any, corpus: tuple[Path, dict[str, int]]
) -> None:
    root, totals = corpus
    run = cli(["summary", str(root / "docs"), *_trust(root), "--format", "json"])
    assert run.exit_code == 0, run.stderr
    assert run.stderr == ""
    data = json.loads(run.stdout)
    assert data["headline"]["findings"] == totals["findings"]
    assert data["headline"]["hidden_dangers"] == totals["noncompliant"]
    assert data["scope"]["documents_not_counted"] == 0


def test_the_export_read_by_duckdb_gives_the_summary_numbers(
    cli: Any, corpus: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    root, _ = corpus
    summary = json.loads(
        cli(["summary", str(root / "docs"), *_trust(root), "--format", "json"]).stdout
    )["headline"]
    out = tmp_path / "rows.csv"
    run = cli(["export", str(root / "docs"), *_trust(root), "--format", "csv", "-o", str(out)])
    assert run.exit_code == 0, run.stderr
    relation = duckdb.sql(
        f"""select count(*),
               count(*) filter (where result in ('noncompliant', 'inconsistent')),
               count(*) filter (where result in ('noncompliant', 'inconsistent')
                                and severity = 'major'),
               count(*) filter (where overdue)
            from read_csv('{out}', header = true)"""
    )
    assert relation is not None
    row = relation.fetchall()[0]
    assert row == (
        summary["findings"],
        summary["hidden_dangers"],
        summary["majors"],
        summary["overdue"],
    )


@pytest.mark.parametrize("fmt", ["md", "csv", "json", "nl", "html"])
def test_input_order_changes_no_byte(
    cli: Any, corpus: tuple[Path, dict[str, int]], fmt: str
) -> None:
    root, _ = corpus
    files = sorted(str(p) for p in (root / "docs").rglob("*.toml"))
    first = cli(["summary", *files, *_trust(root), "--format", fmt, "--by", "site,month"])
    second = cli(["summary", *files[::-1], *_trust(root), "--format", fmt, "--by", "site,month"])
    assert first.exit_code == 0, first.stderr
    assert first.stdout == second.stdout


def test_a_broken_and_an_untrusted_file_are_named_and_the_rest_reported(
    cli: Any, corpus: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    root, totals = corpus
    docs = tmp_path / "docs"
    shutil.copytree(root / "docs", docs)
    (docs / "broken.toml").write_bytes(b"\x00\xff not toml")
    report = tmp_path / "report.html"
    run = cli(["summary", str(docs), *_trust(root), "--format", "html", "-o", str(report)])
    assert run.exit_code == 1
    assert run.stdout == f"{report}\n"
    assert f"{docs / 'broken.toml'}: left out: " in run.stderr
    html = report.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") or html.lower().startswith("<!doctype html>")
    assert str(totals["findings"]) in html


def test_fail_on_major_and_a_bad_level(cli: Any, corpus: tuple[Path, dict[str, int]]) -> None:
    root, _ = corpus
    run = cli(["summary", str(root / "docs"), *_trust(root), "--format", "json"])
    open_majors = json.loads(run.stdout)["headline"]["open_majors"]
    gated = cli(
        ["summary", str(root / "docs"), *_trust(root), "--format", "md", "--fail-on", "major"]
    )
    assert gated.exit_code == (1 if open_majors else 0)
    bad = cli(["summary", str(root / "docs"), *_trust(root), "--fail-on", "some"])
    assert bad.exit_code == 2
    assert "minecheck: error: unknown --fail-on level 'some'" in bad.stderr


def test_the_installed_script_writes_the_report(
    corpus: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    root, _ = corpus
    exe = shutil.which("minecheck", path=str(Path(sys.executable).parent))
    assert exe is not None
    out = tmp_path / "r.md"
    done = subprocess.run(
        [exe, "summary", str(root / "docs"), *_trust(root), "-o", str(out), "--format", "md"],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "MINECHECK_HOME": str(tmp_path / "home")},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"{out}\n"
    assert out.read_text(encoding="utf-8").startswith("# ")


def test_the_chinese_table_in_an_80_column_terminal(
    corpus: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    """In a real pseudo-terminal 80 columns wide, no line is wider than the terminal and no
    Chinese header is folded a character at a time: wide groups are split into parts."""
    import re

    import pexpect
    from rich.cells import cell_len

    from minecheck.report.labels import Labels

    root, _ = corpus
    exe = shutil.which("minecheck", path=str(Path(sys.executable).parent))
    assert exe is not None
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    env.update({"MINECHECK_HOME": str(tmp_path / "home"), "TERM": "xterm", "LANG": "C.UTF-8"})
    child = pexpect.spawn(
        exe,
        ["summary", str(root / "docs"), *_trust(root), "--lang", "zh", "--by", "site,severity"],
        env=env,
        dimensions=(50, 80),
        encoding="utf-8",
        timeout=300,
    )
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    text = re.sub(r"\x1b\[[0-9;]*m", "", child.before or "").replace("\r", "")
    lines = text.splitlines()
    assert max(cell_len(line) for line in lines) <= 80
    words = Labels("zh")
    assert words["title"] in text
    assert words["groups"].format(dims="单位、等级") in text
    for measure in ("findings", "open_majors", "overdue_majors", "no_enforcement", "inconsistent"):
        assert any(words[measure] in line.split() for line in lines), measure
