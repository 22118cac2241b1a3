"""The monthly-report guide's recount from `export --rows events`, followed to the letter in
English and in Chinese, on an archive that holds what a real one holds, east and west of UTC.

The guide's own archive has no follow-up events: its block compares no closure at all. Here the
block runs, as the guide gives it, over the stock-and-increment story (a merged file beside its
sources, refused events, withdrawals, rebounds) with an extension added, as the installed
console script writes it in a zone eight hours ahead of UTC and one behind it.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from minecheck.report.events import EVENT_COLUMNS
from tests.conftest import REPO
from tests.helpers_merge import ITEMS
from tests.test_export_events import _archive
from tests.test_guides import SCRIPTS, runnable_blocks
from tests.test_guides_today import _section
from tests.test_stock_increment import Story, _at, _iid

DOCS = REPO / "docs"
GUIDES = ("guide-monthly-report.md", "guide-monthly-report.zh.md")
HEADINGS = {
    "guide-monthly-report.md": (
        "### The closure section and the month's stock, counted from the events"
    ),
    "guide-monthly-report.zh.md": "### 从事件行重新计算销号情况和本月存量",
}
EXPORT = "minecheck export incoming monthly --rows events"
# December's stock, cleared and increment of majors as of 15 December
EAST_WEST = {"Asia/Shanghai": (7, 2, 5), "America/Los_Angeles": (9, 2, 1)}
# the block's last line, in the guide's language (a reader of Chinese reads what it checked)
AGREES = {
    "guide-monthly-report.md": (
        "DuckDB agrees with minecheck summary: stock, increment and closures"
    ),
    "guide-monthly-report.zh.md": "DuckDB 与 minecheck summary 一致：存量、增量和销号情况",
}


def _events_block(guide: str) -> str:
    (block,) = [
        b.script
        for b in runnable_blocks((DOCS / guide).read_text(encoding="utf-8"), guide)
        if EXPORT in b.script
    ]
    return block


def _story(tmp_path: Path) -> Story:
    s = _archive(tmp_path)
    # an extension: the deadline moved, the hidden danger rectifying
    ref = f"{_iid('a')}/{ITEMS[0]}"
    s.event(ref, "extended", _at(11, 28), new_deadline=dt.date(2026, 1, 31), note="a pump")
    # near midnight UTC: a major closed, and one found, at 17:00 and 20:00 UTC on 30 November,
    # which is 1 December in Shanghai and still 30 November west of UTC
    h = s.found("h", _at(11, 10), ["noncompliant", "noncompliant", "compliant"])
    s.event(f"{h}/{ITEMS[0]}", "rectified", _at(11, 25))
    s.event(f"{h}/{ITEMS[0]}", "accepted", _at(11, 28))
    s.event(f"{h}/{ITEMS[0]}", "closed", _at(11, 30, 17))
    s.found("i", _at(11, 30, 20), ["noncompliant", "compliant", "compliant"])
    return s


def _workdir(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """The author's folder as the guide leaves it: `incoming` and `monthly`, the trust list in
    minecheck's home."""
    s = _story(tmp_path / "story")
    work = tmp_path / "work"
    shutil.copytree(s.docs, work / "incoming")
    (work / "monthly").mkdir()
    home = work / "minecheck-home"
    home.mkdir()
    shutil.copy(s.allowed, home / "allowed_signers")
    (work / "user").mkdir()
    env = {
        "PATH": f"{SCRIPTS}:/usr/local/bin:/usr/bin:/bin",
        "HOME": str(work / "user"),
        "MINECHECK_HOME": str(home),
        "LANG": "C.UTF-8",
        "NO_COLOR": "1",
    }
    return work, env


def _sh(script: str, work: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-e", "-o", "pipefail", "-c", script],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _as_of(block: str, day: str) -> str:
    """The guide's block as of `day` (the guide reports on today)."""
    assert block.count(EXPORT) == 1
    return block.replace(EXPORT, f"{EXPORT} --as-of {day} --force")


@pytest.mark.parametrize("tz", ["Asia/Shanghai", "America/Los_Angeles"])
@pytest.mark.parametrize("guide", GUIDES)
def test_the_guide_s_recount_agrees_on_an_archive_as_a_real_one_holds(
    guide: str, tz: str, tmp_path: Path
) -> None:
    work, env = _workdir(tmp_path)
    env["TZ"] = tz
    if guide.endswith(".zh.md"):
        env |= {"LANG": "zh_CN.UTF-8", "MINECHECK_LANG": "zh"}
    block = _events_block(guide)
    for day in ("2025-12-15", "2026-01-10"):
        summary = f"minecheck summary incoming monthly --json --as-of {day} > summary.json\n"
        done = _sh(summary + _as_of(block, day), work, env)
        said = f"{day} {tz}\n{done.stdout}\n{done.stderr}"
        assert done.returncode == 0, said
        assert done.stdout.splitlines()[-1] == AGREES[guide], said
        # what was compared: closures of both grades, the stock of majors
        data = json.loads((work / "summary.json").read_text(encoding="utf-8"))["data"]
        assert {c["severity"] for c in data["closing"] if c["closed"]} == {"general", "major"}
        assert data["stock"]["stock"] > 0, said
        if day == "2025-12-15":
            stock = data["stock"]
    # the figures of the zone: h's closure and i's finding fall in December only at UTC+8
    assert (stock["stock"], stock["cleared"], stock["increment"]) == EAST_WEST[tz]
    rows = _rows(work / "events.csv")
    (extended,) = [r for r in rows if r["action"] == "extended"]
    assert (extended["applied"], extended["deadline"]) == ("true", "2026-01-31")
    assert {r["action"] for r in rows if r["applied"] == "false"} >= {"accepted", "closed"}
    assert (work / "incoming" / "e-merged.toml").exists()


def _check_of(block: str) -> str:
    """The block's last step: the Python that compares the queries with `summary.json`."""
    start = block.index("python - <<'EOF'")
    return block[start:]


@pytest.mark.parametrize("guide", GUIDES)
def test_the_guide_s_check_fails_where_a_closure_the_summary_counts_is_not_in_the_rows(
    guide: str, tmp_path: Path
) -> None:
    """The check compared only the grades the query returned: rows that had lost every general
    hidden danger (an export of another folder, an older export) still "agreed"."""
    work, env = _workdir(tmp_path)
    env["TZ"] = "Asia/Shanghai"
    day = "2026-01-10"
    block = _events_block(guide)
    summary = f"minecheck summary incoming monthly --json --as-of {day} > summary.json\n"
    assert _sh(summary + _as_of(block, day), work, env).returncode == 0
    events = work / "events.csv"
    lines = events.read_text(encoding="utf-8").splitlines(keepends=True)
    events.write_text("".join(line for line in lines if ",general," not in line), encoding="utf-8")
    done = _sh(_check_of(block), work, env)
    assert done.returncode != 0, done.stdout
    assert AGREES[guide] not in done.stdout
    assert "AssertionError" in done.stderr


def _rows(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


REASON_SAID = {
    # where the guide says what `reason` holds: the summary's `rejected` list, in English
    "guide-monthly-report.md": re.compile(r"`reason`[^.]*`rejected`[^.]*English"),
    "guide-monthly-report.zh.md": re.compile(r"`reason`[^。]*`rejected`[^。]*英文"),
}


@pytest.mark.parametrize("guide", GUIDES)
def test_the_guide_says_reason_is_english_as_the_rejected_list_not_the_warning(
    guide: str, tmp_path: Path
) -> None:
    """A reader of Chinese sees the summary's warnings in Chinese; `reason` is the English of
    `summary --json`'s `rejected` list, whatever `--lang` (a query matches it in any language)."""
    work, env = _workdir(tmp_path)
    env |= {"TZ": "Asia/Shanghai", "LANG": "zh_CN.UTF-8", "MINECHECK_LANG": "zh"}
    day = "2025-12-15"
    done = _sh(
        f"minecheck summary incoming monthly --json --as-of {day} > summary.json\n"
        f"{EXPORT} --format csv --as-of {day} -o events.csv\n",
        work,
        env,
    )
    assert done.returncode == 0, done.stderr
    rejected = json.loads((work / "summary.json").read_text(encoding="utf-8"))["data"]["rejected"]
    reasons = {r["reason"] for r in _rows(work / "events.csv") if r["applied"] == "false"}
    assert reasons == {r["reason"] for r in rejected}
    assert reasons
    assert all(reason.isascii() for reason in reasons)
    warned = [line for line in done.stderr.splitlines() if "未采纳" in line]
    assert warned
    assert not any(reason in line for line in warned for reason in reasons)
    assert REASON_SAID[guide].search(_section(guide, HEADINGS[guide])), guide


@pytest.mark.parametrize("guide", GUIDES)
def test_every_column_and_action_the_section_names_is_one_the_export_writes(guide: str) -> None:
    """Each single word in backticks is a column of `export --rows events` or an action its
    `action` column holds (`rejected` is also the summary's list)."""
    actions = {"found", "rectified", "accepted", "rejected", "closed", "reopened", "extended"}
    actions |= {"escalated", "withdrawn"}
    named = set(re.findall(r"`([a-z_]+)`", _section(guide, HEADINGS[guide])))
    assert {"found", "day", "applied", "reason", "state", "deadline"} <= named, guide
    assert named <= set(EVENT_COLUMNS) | actions, named - set(EVENT_COLUMNS) - actions
