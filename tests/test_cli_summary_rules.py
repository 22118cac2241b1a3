"""`minecheck summary` (`cli/summary.py`) as a script and a person meet it: why --fail-on ended
in 1, where -o wrote, and a document created in the future counted once the clock reaches it."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

import pytest

from minecheck.core import seal
from tests.helpers_merge import CREATED, allowed_signers, findings, person

BAD = ["noncompliant", "compliant", "compliant"]
OTHER = "3a5f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c1f"


def _hour_ago() -> float:
    return (dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)).timestamp()


@pytest.fixture
def archive(tmp_path: Path) -> tuple[Path, list[str]]:
    alice = person(tmp_path, "alice")
    trust = allowed_signers(tmp_path / "allowed_signers", alice)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.toml").write_bytes(findings(alice, BAD, deadline=dt.date(2026, 12, 20)))
    hour_ago = _hour_ago()
    os.utime(docs / "a.toml", (hour_ago, hour_ago))  # settled: a later run may recall it
    return docs, ["--allowed-signers", str(trust), "--as-of", "2026-12-31"]


def test_fail_on_says_on_stderr_why_it_ends_in_1(cli: Any, archive: tuple[Path, list[str]]) -> None:
    docs, trust = archive
    run = cli(["summary", str(docs), *trust, "--format", "md", "--fail-on", "any"])
    assert run.exit_code == 1
    assert "--fail-on any: the threshold is met by open hidden dangers: 1" in run.stderr
    assert run.stdout.startswith("#")


def test_json_names_the_file_written_with_o(
    cli: Any, archive: tuple[Path, list[str]], tmp_path: Path
) -> None:
    docs, trust = archive
    out = tmp_path / "report.md"
    run = cli(["summary", str(docs), *trust, "--format", "md", "-o", str(out), "--json"])
    assert (run.exit_code, run.stderr) == (0, "")
    assert json.loads(run.stdout)["data"]["path"] == str(out)
    assert out.read_text(encoding="utf-8").startswith("#")


def test_a_document_from_the_future_is_counted_once_the_clock_reaches_it(
    cli: Any, archive: tuple[Path, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first run, its clock a day before the document was made, leaves it out and counts
    the other; a run the next day counts both (the first run's result is not remembered and
    given again)."""
    docs, trust = archive
    earlier = docs / "earlier.toml"
    carol = person(docs.parent, "carol")
    allowed_signers(docs.parent / "allowed_signers", carol)
    trust = ["--allowed-signers", str(docs.parent / "allowed_signers"), *trust[2:]]
    (docs / "a.toml").write_bytes(findings(carol, BAD, deadline=dt.date(2026, 12, 20)))
    os.utime(docs / "a.toml", (hour_ago := _hour_ago(), hour_ago))
    earlier.write_bytes(
        findings(carol, BAD, 1, when=CREATED - dt.timedelta(days=2), inspection_id=OTHER)
    )
    os.utime(earlier, (hour_ago, hour_ago))
    args = ["summary", str(docs), *trust, "--format", "json"]
    monkeypatch.setattr(seal, "clock", lambda: CREATED - dt.timedelta(days=1))
    early = cli(args)
    assert "created in the future" in early.stderr
    assert json.loads(early.stdout)["headline"]["findings"] == 3
    monkeypatch.setattr(seal, "clock", lambda: CREATED + dt.timedelta(days=1))
    later = cli(args)
    assert "created in the future" not in later.stderr
    assert json.loads(later.stdout)["headline"]["findings"] == 6


def test_o_naming_an_input_is_refused_even_with_force_and_the_input_kept(
    cli: Any, archive: tuple[Path, list[str]]
) -> None:
    docs, trust = archive
    signed = docs / "a.toml"
    before = signed.read_bytes()
    run = cli(["summary", str(docs), *trust, "--format", "md", "-o", str(signed), "--force"])
    assert (run.exit_code, run.stdout) == (2, "")
    assert f"{signed} is one of the inputs; it is not replaced" in run.stderr
    assert "hint: choose another -o" in run.stderr
    assert signed.read_bytes() == before


@pytest.mark.parametrize("given", ["xlsx", ""])
def test_an_unknown_format_is_refused_with_the_formats_to_use(
    cli: Any, archive: tuple[Path, list[str]], given: str
) -> None:
    docs, trust = archive
    run = cli(["summary", str(docs), *trust, "--format", given])
    assert (run.exit_code, run.stdout) == (2, "")
    assert f"unknown format {given!r}" in run.stderr
    assert "hint: use table, md, csv, json, nl or html" in run.stderr
