"""An enforcement officer's week: what must be acted on next, found with minecheck alone (the
Monday script's gate, and what its lines say)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shlex
from pathlib import Path
from typing import Any

import pytest

from minecheck.core.documents import Finding
from tests.helpers_merge import allowed_signers, findings_of, person
from tests.test_stock_increment import utc  # noqa: F401 - the fixture

# the week's days are UTC days, and the gate's hint names the zone it counted in
pytestmark = pytest.mark.usefixtures("utc")

INSPECTION = "4e1a2b3c-5d6e-4f70-8a9b-0c1d2e3f4a5b"
MONDAY = "2026-12-07"


def hidden_danger(item: str, severity: str, deadline: dt.date, order: str | None) -> Finding:
    return Finding(
        item,
        "noncompliant",
        severity=severity,
        basis=("CMHD-5.2",) if severity == "major" else (),
        description="Found on the officer's round",
        responsible="Ventilation section",
        deadline=deadline,
        enforcement=order,
    )


@pytest.fixture
def week(tmp_path: Path) -> tuple[Path, list[str]]:
    """One mine: a major overdue on Monday with no order, a major due on Wednesday with its
    order, a general due the Wednesday after."""
    wang = person(tmp_path, "wang")
    rows = [
        hidden_danger("gas-check-genuine", "major", dt.date(2026, 11, 30), None),
        hidden_danger("gas-overlimit", "major", dt.date(2026, 12, 9), "HLJ-MS-2026-0412"),
        hidden_danger("methane-return", "general", dt.date(2026, 12, 16), None),
    ]
    records = tmp_path / "records"
    records.mkdir()
    (records / "xinxing.toml").write_bytes(
        findings_of(
            wang,
            rows,
            "5f2b3c4d-6e7f-4a81-9b0c-1d2e3f4a5b6c",
            inspection_id=INSPECTION,
            when=dt.datetime(2026, 11, 2, 8, 0, tzinfo=dt.UTC),
        )
    )
    return records, ["--allowed-signers", str(allowed_signers(tmp_path / "allowed", wang))]


# the export's rows for a spreadsheet; for `overdue`, the overdue ones alone (test_loose_ends9)
LISTED = dict.fromkeys(("major", "any"), "--format csv") | {
    "overdue": "| grep -F '\"overdue\":true'"
}


def gate(cli: Any, week: tuple[Path, list[str]], level: str, *more: str) -> Any:
    records, trust = week
    return cli(["summary", str(records), *trust, "--format", "csv", "--fail-on", level, *more])


@pytest.mark.parametrize(
    ("level", "said", "said_zh"),
    [
        ("overdue", "overdue hidden dangers: 1", "逾期隐患 1 项"),
        ("major", "open major hidden dangers: 2", "未销号重大隐患 2 项"),
        ("any", "open hidden dangers: 3", "未销号隐患 3 项"),
    ],
)
def test_the_gate_says_how_many_and_how_to_list_them(
    cli: Any, week: tuple[Path, list[str]], level: str, said: str, said_zh: str
) -> None:
    """The Monday script's log read "open findings meet the threshold": not how many, nor how
    to see which. It says how many, and the export that lists them, as of the same day."""
    run = gate(cli, week, level, "--as-of", MONDAY)
    assert run.exit_code == 1
    records, _ = week
    assert run.stderr == (
        f"--fail-on {level}: the threshold is met by {said}\n"
        "  hint: to list them:\n"
        f"    TZ=UTC minecheck export {records} --allowed-signers {week[1][1]} "
        f"--as-of {MONDAY} {LISTED[level]}\n"
    )
    zh = gate(cli, week, level, "--as-of", MONDAY, "--lang", "zh")
    assert zh.exit_code == 1
    assert zh.stderr.startswith(f"--fail-on {level}：{said_zh}，达到阈值\n  hint: 逐项列出")
    assert f"minecheck export {records}" in zh.stderr


def test_a_tripped_gate_is_a_problem_in_the_json_envelope(
    cli: Any, week: tuple[Path, list[str]]
) -> None:
    """A script reading `--json` got exit 1, `ok: false` and no problem: not what failed, nor
    the export that lists it. The gate's line and hint are the envelope's problem, as said."""
    said = gate(cli, week, "major", "--as-of", MONDAY)
    run = gate(cli, week, "major", "--as-of", MONDAY, "--json")
    assert (run.exit_code, run.stderr) == (1, "")
    envelope = json.loads(run.stdout)
    assert (envelope["ok"], envelope["exit_code"]) == (False, 1)
    line, hint, command = said.stderr.splitlines()  # (the command on a line of its own)
    assert envelope["problems"] == [
        {
            "code": "fail-on",
            "message": line,
            "path": None,
            "line": None,
            "column": None,
            "hint": hint.removeprefix("  hint: ") + " " + command.removeprefix("    "),
        }
    ]


def test_the_gate_on_a_day_with_nothing_overdue_passes_silently(
    cli: Any, week: tuple[Path, list[str]]
) -> None:
    run = gate(cli, week, "overdue", "--as-of", "2026-11-30")  # its last day: not yet overdue
    assert (run.exit_code, run.stderr) == (0, "")
    late = gate(cli, week, "overdue", "--as-of", "2026-12-01")
    assert late.exit_code == 1
    said = "--fail-on overdue: the threshold is met by overdue hidden dangers: 1\n"
    assert late.stderr.startswith(said)


def test_the_hint_s_export_lists_what_the_gate_counted(
    cli: Any, week: tuple[Path, list[str]]
) -> None:
    """The advised command, run as given, lists the open majors the gate counted (the overdue
    gate's command, a pipe, is run by test_loose_ends9)."""
    run = gate(cli, week, "major", "--as-of", MONDAY)
    command = run.stderr.split("  hint: to list them:\n    TZ=UTC minecheck ", 1)[1].strip()
    listed = cli(shlex.split(command))
    assert listed.exit_code == 0, listed.stderr
    rows = list(csv.DictReader(io.StringIO(listed.stdout)))
    majors = [r["item"] for r in rows if r["severity"] == "major" and r["state"] != "closed"]
    assert majors == ["gas-check-genuine", "gas-overlimit"]


def test_a_list_of_paths_on_stdin_is_said_as_the_same_paths(
    cli: Any, week: tuple[Path, list[str]]
) -> None:
    records, trust = week
    run = cli(
        ["summary", "-", *trust, "--as-of", MONDAY, "--format", "csv", "--fail-on", "any"],
        input=f"{records / 'xinxing.toml'}\n",
    )
    assert run.exit_code == 1, run.stderr
    assert run.stderr.endswith(
        "  hint: to list them, add the same paths to:\n"
        f"    TZ=UTC minecheck export --allowed-signers {trust[1]} --as-of {MONDAY} --format csv\n"
    )


def test_the_hint_carries_the_trust_options_given_and_says_many_paths_shortly(
    cli: Any, week: tuple[Path, list[str]], tmp_path: Path
) -> None:
    """The advised export judges trust as the gated summary did: the revoked keys and
    --include-untrusted go with it; six paths or more are "the same paths"."""
    records, trust = week
    revoked = tmp_path / "revoked keys"
    revoked.write_text("")
    run = cli(
        [
            *("summary", str(records), *trust, "--revoked-keys", str(revoked)),
            *("--include-untrusted", "--as-of", MONDAY, "--format", "csv", "--fail-on", "any"),
        ]
    )
    assert run.exit_code == 1
    assert run.stderr.splitlines()[1:3] == [
        "  hint: to list them:",
        f"    TZ=UTC minecheck export {records} --allowed-signers {trust[1]} "
        f"--revoked-keys '{revoked}' --include-untrusted --as-of {MONDAY} --format csv",
    ]
    many = cli(
        [
            *("summary", *[str(records)] * 6, *trust),
            *("--as-of", MONDAY, "--fail-on", "any", "--format", "csv"),
        ]
    )
    assert many.exit_code == 1, many.stderr
    assert many.stderr.splitlines()[-2:] == [
        "  hint: to list them, add the same paths to:",
        f"    TZ=UTC minecheck export --allowed-signers {trust[1]} --as-of {MONDAY} --format csv",
    ]


def test_five_paths_are_still_spelled_out_in_the_hint(
    cli: Any, week: tuple[Path, list[str]]
) -> None:
    """Up to five paths the advised export names each of them (six or more: "the same paths")."""
    records, trust = week
    run = cli(
        [
            *("summary", *[str(records)] * 5, *trust),
            *("--as-of", MONDAY, "--fail-on", "any", "--format", "csv"),
        ]
    )
    assert run.exit_code == 1, run.stderr
    paths = " ".join([str(records)] * 5)
    assert run.stderr.splitlines()[-2:] == [
        "  hint: to list them:",
        f"    TZ=UTC minecheck export {paths} --allowed-signers {trust[1]} "
        f"--as-of {MONDAY} --format csv",
    ]
