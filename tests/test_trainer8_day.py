"""What a trainer met following the day's guides in both languages: the walk's progress as the
guide gives it, a problem's line and column as the guide shows them, the Chinese scripts'
verify reports, and the findings export read by DuckDB as text."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO
from tests.test_guides import shown_lines_match
from tests.test_inspect_pty import Terminal, draft_id, ended, keyed, term  # noqa: F401

DOCS = REPO / "docs"
FIRST = ("guide-first-inspection.md", "guide-first-inspection.zh.md")


@pytest.mark.parametrize(
    ("shown", "printed"),
    [
        ("typo.toml:68:18: reading must be a number", "typo.toml:74:18: reading must be a number"),
        ("withdrawn.toml:14:30: a withdrawn event", "withdrawn.toml:4:3: a withdrawn event"),
    ],
)
def test_a_guide_s_line_and_column_are_compared_as_shown(shown: str, printed: str) -> None:
    """A problem's `FILE:LINE:COLUMN` is what a trainee looks for in the file: the guides'
    runner took two two-digit numbers for a time of day and let any line and column pass."""
    assert shown_lines_match((shown,), printed) == shown
    assert shown_lines_match((shown,), shown) is None


def test_a_time_of_day_in_a_guide_still_matches_any_time() -> None:
    shown = ("UPDATED 2026-12-06 08:59Z",)
    assert shown_lines_match(shown, "UPDATED 2027-01-02 17:03Z") is None


@pytest.mark.parametrize("guide", FIRST)
def test_the_walk_s_progress_in_the_guide_counts_the_items_the_site_gets(
    guide: str, cli: Any
) -> None:
    """The guide's example of progress (`12/N`) is of its own walk: N is the number of items
    the coal screen asks at a coal-underground, high-gas mine (70 since co2-mine-return)."""
    text = (DOCS / guide).read_text(encoding="utf-8")
    shown = re.findall(r"`\d+/(\d+)`", text)
    run = cli(
        [
            "checklists",
            "template",
            "coal-major-hidden-dangers",
            "--tag",
            "coal-underground",
            "--tag",
            "high-gas",
            "--lang",
            "en",
        ]
    )
    assert run.exit_code == 0
    applies = re.search(r"(\d+) items apply\.", run.stdout)
    assert applies is not None
    assert shown == [applies.group(1)]


# a script's message that sends its reader to a file it wrote: `见 $out/verify.txt`
SENT_TO = re.compile(r"见 (\S+?)[\"'）]")


@pytest.mark.parametrize("guide", sorted(DOCS.glob("guide-*.zh.md")), ids=lambda guide: guide.name)
def test_a_chinese_script_sends_its_reader_to_a_file_written_in_chinese(guide: Path) -> None:
    """The monthly script says `有文件未受信任：见 $out/verify.txt`, and cron (the C locale)
    wrote that file in English: `verify` was not given `--lang zh`, as `summary` now is."""
    text = guide.read_text(encoding="utf-8")
    named = {m.group(1) for m in SENT_TO.finditer(text)}
    writers = [
        line.strip()
        for line in text.splitlines()
        if line.lstrip().startswith("minecheck ")
        and any(re.search(rf"(?:>|-o) \"?{re.escape(path)}\"?(?:\s|;|$)", line) for path in named)
    ]
    assert all(path in text for path in named)
    assert [line for line in writers if "--lang zh" not in line] == []
    if guide.name == "guide-monthly-report.zh.md":
        assert len(writers) == 4  # each script's verify and its HTML summary


def test_the_documented_csv_reading_keeps_the_findings_text_as_written(
    tmp_path: Path, cli: Any
) -> None:
    """A report author read the findings export with DuckDB's `read_csv` and got checklist
    version 2024.1 for 2024.10 (and item 1.1 for 1.10): formats.md's reading keeps them text,
    the deadline a date and overdue a boolean; the guides point to it in both languages."""
    import datetime as dt

    import duckdb

    from minecheck.core.documents import Finding
    from tests.helpers_merge import allowed_signers, findings_of, person
    from tests.test_docs import format_examples

    wang = person(tmp_path, "wang")
    archive = tmp_path / "archive"
    archive.mkdir()
    rows = (
        Finding("1.1", "compliant"),
        Finding(
            "1.10",
            "noncompliant",
            severity="major",
            basis=("CMHD-5.2",),
            deadline=dt.date(2026, 1, 5),
            description="Gas-check board filled in for shifts never checked",
        ),
    )
    county = ("county-own", "2024.10", "0" * 64)
    document = findings_of(wang, rows, "8a4d0f0e-1c55-4e43-9c1e-3f1f6f2b5a10", checklist=county)
    (archive / "county.toml").write_bytes(document)
    trusted = allowed_signers(tmp_path / "allowed_signers", wang)
    out = tmp_path / "findings.csv"
    run = cli(
        [
            "export",
            str(archive),
            "--allowed-signers",
            str(trusted),
            "--format",
            "csv",
            "--as-of",
            "2026-12-06",
        ]
    )
    assert run.exit_code == 0, run.stderr
    out.write_text(run.stdout, encoding="utf-8")
    assert ",2024.10,1.10," in run.stdout

    con = duckdb.connect()
    guessed = con.execute(f"SELECT DISTINCT checklist_version FROM read_csv('{out}')").fetchall()
    assert guessed == [(2024.1,)]  # what the author met
    recipe = format_examples()["findings-read-csv"]
    con.execute(recipe.replace("'findings.csv'", f"'{out}'"))
    read = con.execute(
        "SELECT checklist_version, item, deadline, overdue FROM findings ORDER BY item"
    ).fetchall()
    assert read == [
        ("2024.10", "1.1", None, False),
        ("2024.10", "1.10", dt.date(2026, 1, 5), True),
    ]
    said = " ".join(recipe.split()).rstrip(";")
    for guide in ("guide-monthly-report.md", "guide-monthly-report.zh.md"):
        text = " ".join((DOCS / guide).read_text(encoding="utf-8").split())
        assert f"`{said}`" in text, guide


SAVED = {
    "guide-first-inspection.md": (
        "Your answers are saved after every key press (a `y` that asks for evidence is kept as an"
        " unfinished answer, with each file as you give it, until its files or the reason for"
        " none are given)"
    ),
    "guide-first-inspection.zh.md": (
        "每按一次键，答案都会保存（需要佐证的 `y`，在给出佐证文件或没有佐证的理由之前，"
        "作为未完成的回答保存，每给出一个文件也随即保存）"
    ),
}


def test_a_y_waiting_for_its_evidence_is_kept_unfinished_as_the_guide_says(
    keyed: Terminal,  # noqa: F811 (the fixture imported above)
) -> None:
    """A trainee pressed `y` at an item marked `evidence required`, was stopped at the evidence
    prompt, and found no answer in the draft, where the guide said every key press is saved:
    the `y` is kept as an unfinished answer (listed, offered and resumed as a non-compliance
    being typed is), and both guides say so."""
    child = keyed.spawn(
        "inspect",
        "coal-major-hidden-dangers",
        *("--site", "Mine A", "--tag", "coal-underground", "--inspector", "Wang Wei"),
        *("-o", str(keyed.out)),
    )
    kept = draft_id(child)
    child.expect_exact("> ")
    child.send("y")
    child.expect_exact("Evidence file (empty to finish): ")
    child.sendintr()
    status, _ = ended(child)
    assert status == 130
    [listed] = keyed.drafts()
    assert (listed["id"], listed["answered"], listed["unfinished"]) == (kept, 0, 1)
    for guide, said in SAVED.items():
        text = " ".join((DOCS / guide).read_text(encoding="utf-8").split())
        assert said in text, guide
