"""`minecheck summary` on a generated corpus: exact totals, the export agrees, no order."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pytest
from benchmarks.corpus import generate

from minecheck.core.seal import TRAILER_HEAD

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
    assert run.exit_code == 0  # a report made; what was left out is named, no check failed
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


def _found_by_inspection(docs: Path) -> dict[str, tuple[dt.date, set[str]]]:
    """Each inspection's date of finishing (UTC) and its items, read from the findings files
    with tomllib (what a report as of a date may count)."""
    found: dict[str, tuple[dt.date, set[str]]] = {}
    for path in (docs / "findings").glob("*.toml"):
        data = path.read_bytes()
        body = tomllib.loads(data[: data.rfind(TRAILER_HEAD)].decode())
        ins = body["inspection"]
        day = ins["finished"].date()  # (UTC, as an event's date is taken)
        found.setdefault(ins["id"], (day, set()))[1].update(f["item"] for f in body["finding"])
    return found


@pytest.mark.parametrize("cache", ["--no-cache", "cold", "warm"])
def test_a_report_as_of_a_past_date_counts_no_inspection_finished_after_it(
    cli: Any, tmp_path_factory: pytest.TempPathFactory, cache: str
) -> None:
    """`--as-of` gives the state on that day: an inspection finished after it is not yet known
    (as an event dated after it), in the summary and the export, counted in a worker or not."""
    root = tmp_path_factory.mktemp("dated")
    generate(root, 60, 4, seed=11)  # files enough for the workers' counts
    found = _found_by_inspection(root / "docs")
    days = sorted(day for day, _ in found.values())
    for as_of in (days[0] - dt.timedelta(days=1), days[len(days) // 2], days[-1]):
        known = {iid for iid, (day, _) in found.items() if day <= as_of}
        findings = sum(len(found[iid][1]) for iid in known)
        trust = ["--allowed-signers", str(root / "allowed_signers"), "--as-of", str(as_of)]
        if cache == "--no-cache":
            trust.append(cache)
        if cache == "warm":
            cli(["summary", str(root / "docs"), *trust, "--format", "json"])
        run = cli(["summary", str(root / "docs"), *trust, "--format", "json"])
        assert run.exit_code == 0, run.stderr
        headline = json.loads(run.stdout)["headline"]
        assert headline["findings"] == findings
        assert json.loads(run.stdout)["scope"]["inspections"] == len(known)
        out = tmp_path_factory.mktemp("rows") / "rows.csv"
        done = cli(["export", str(root / "docs"), *trust, "--format", "csv", "-o", str(out)])
        assert done.exit_code == 0, done.stderr
        with out.open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        assert len(rows) == findings
        assert {row["inspection"] for row in rows} == known


@pytest.mark.parametrize("command", ["summary", "export"])
def test_a_path_that_does_not_exist_is_an_error_and_nothing_is_written(
    cli: Any, corpus: tuple[Path, dict[str, int]], tmp_path: Path, command: str
) -> None:
    """A mistyped path makes no report that silently lacks it: exit 2, as in verify."""
    root, _ = corpus
    out = tmp_path / "out.csv"
    missing = tmp_path / "no-such-dir"
    args = [command, str(root / "docs"), str(missing), *_trust(root), "--format", "csv"]
    run = cli([*args, "-o", str(out)])
    assert run.exit_code == 2
    assert run.stdout == ""
    assert run.stderr == f"minecheck: error: {missing}: no such file\n"
    assert not out.exists()
    listed = cli([command, "-", *_trust(root)], input=f"{missing}\n")
    assert listed.exit_code == 2
    assert listed.stderr == f"minecheck: error: {missing}: no such file\n"


def test_a_file_left_out_is_no_failed_check(
    cli: Any, corpus: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    """An untrusted file is named and listed, and the exit code is the --fail-on verdict's
    alone: 1 means the threshold was met, whatever else the archive holds."""
    root, _ = corpus
    docs = tmp_path / "docs"
    shutil.copytree(root / "docs", docs)
    from tests.helpers_merge import findings, person

    new_year = dt.datetime(2026, 1, 1, 8, 0, tzinfo=dt.UTC)  # before the corpus's inspections
    stranger = person(tmp_path, "stranger")  # a key not trusted here
    (docs / "stranger.toml").write_bytes(findings(stranger, ["compliant"] * 3, when=new_year))
    early = ["--allowed-signers", str(root / "allowed_signers"), "--as-of", "2026-01-01"]
    run = cli(["summary", str(docs), *early, "--fail-on", "overdue", "--json"])
    envelope = json.loads(run.stdout)
    assert envelope["data"]["headline"]["overdue"] == 0
    assert (run.exit_code, envelope["exit_code"], envelope["ok"]) == (0, 0, True)
    # (every trusted document is dated later: the report counts none, and says so)
    assert [p["code"] for p in envelope["problems"]] == ["untrusted-key", "dated-later"]
    late = cli(["summary", str(docs), *_trust(root), "--fail-on", "overdue", "--format", "md"])
    assert late.exit_code == 1
    assert "stranger.toml: left out: untrusted-key: " in late.stderr


def test_with_include_untrusted_the_listed_documents_say_which_are_counted(
    cli: Any, corpus: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    """--include-untrusted counts a document signed by a key not trusted, never a damaged one:
    the report lists both as not trusted and marks the one counted."""
    root, _ = corpus
    docs = tmp_path / "docs"
    shutil.copytree(root / "docs", docs)
    generate(tmp_path / "stranger", 1, 3, seed=99)  # signed by a key not trusted here
    (docs / "stranger.toml").write_bytes(
        next((tmp_path / "stranger" / "docs").rglob("*.toml")).read_bytes()
    )
    (docs / "broken.toml").write_bytes(b"not a document")
    args = ["summary", str(docs), *_trust(root), "--include-untrusted"]
    md = cli([*args, "--format", "md"]).stdout
    assert "· Documents not trusted or not counted: 2\n" in md
    assert "\n## Documents not trusted or not counted\n" in md
    assert "/stranger.toml | untrusted-key (counted, marked) | " in md
    assert "/broken.toml | malformed | " in md
    zh = cli([*args, "--format", "md", "--lang", "zh"]).stdout
    assert "· 未受信任或未计入文件：2\n" in zh
    assert "/stranger.toml | 密钥未受信任（已计入并标注） | " in zh
    assert (
        json.loads(cli([*args, "--format", "json"]).stdout)["scope"]["documents_not_counted"] == 1
    )
    plain = cli(["summary", str(docs), *_trust(root), "--format", "md"]).stdout
    assert "· Documents not counted: 2\n" in plain
    assert "(counted" not in plain


@pytest.mark.parametrize("command", ["summary", "export"])
def test_a_directory_of_entries_that_cannot_be_read_says_so(
    cli: Any, corpus: tuple[Path, dict[str, int]], tmp_path: Path, command: str
) -> None:
    root, _ = corpus
    docs = tmp_path / "docs"
    docs.mkdir()
    os.mkfifo(docs / "x.toml")  # a FIFO named as a document
    run = cli([command, str(docs), *_trust(root)])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == (
        f"minecheck: warning: {docs / 'x.toml'}: left out: not a regular file (a FIFO)\n"
        "minecheck: error: no document could be read\n"
    )


@pytest.mark.parametrize("zone", ["Asia/Shanghai", "America/Los_Angeles"])
def test_a_time_at_the_ends_of_the_calendar_is_refused_not_a_traceback(
    corpus: tuple[Path, dict[str, int]], tmp_path: Path, zone: str
) -> None:
    """Signed times in year 9999 (or 1) overflowed on the way to a local date east (or west)
    of UTC: every report ended in a traceback. They are malformed."""
    from tests.helpers_merge import findings, person

    root, _ = corpus
    docs = tmp_path / "docs"
    shutil.copytree(root / "docs", docs)
    someone = person(tmp_path, "someone")
    for name, when in (("late", dt.datetime(9999, 12, 31, 23, 0)), ("early", dt.datetime(1, 1, 1))):
        made = findings(someone, ["noncompliant"] * 3, when=when.replace(tzinfo=dt.UTC))
        (docs / f"{name}.toml").write_bytes(made)
    exe = shutil.which("minecheck", path=str(Path(sys.executable).parent))
    assert exe is not None
    env = {**os.environ, "TZ": zone, "MINECHECK_HOME": str(tmp_path / "home")}
    for command in (["summary", "--format", "json"], ["export", "--format", "csv"]):
        done = subprocess.run(
            [exe, command[0], str(docs), *_trust(root), "--include-untrusted", *command[1:]],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert "Traceback" not in done.stderr
        for name in ("late", "early"):
            assert f"{docs / name}.toml: left out: malformed: " in done.stderr


def test_a_document_found_after_the_report_date_is_not_listed_either(
    cli: Any, corpus: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    """Not yet known on the report's day: neither counted nor listed as left out, trusted or
    not (files that arrive later do not change last month's report)."""
    root, _ = corpus
    docs = tmp_path / "docs"
    shutil.copytree(root / "docs", docs)
    generate(tmp_path / "stranger", 1, 3, seed=99)  # signed by a key not trusted here
    made = next((tmp_path / "stranger" / "docs").rglob("*.toml")).read_bytes()
    (docs / "stranger.toml").write_bytes(made)
    found = tomllib.loads(made[: made.rfind(TRAILER_HEAD)].decode())["inspection"]["finished"]
    for day, listed in ((found.date() - dt.timedelta(days=1), False), (found.date(), True)):
        args = ["summary", str(docs), "--allowed-signers", str(root / "allowed_signers")]
        for wide in ([], ["--include-untrusted"]):
            run = cli([*args, "--as-of", str(day), *wide, "--format", "json"])
            assert run.exit_code == 0, run.stderr
            names = [Path(d["path"]).name for d in json.loads(run.stdout)["documents"]]
            assert ("stranger.toml" in names) is listed
            assert ("stranger.toml" in run.stderr) is (listed and not wide)


@pytest.mark.parametrize("command", ["verify", "summary", "export"])
def test_an_empty_path_is_an_error_not_the_current_directory(
    cli: Any, corpus: tuple[Path, dict[str, int]], command: str
) -> None:
    """`minecheck summary "$DIR"` with DIR empty read the current directory. A usage error now,
    as for every parameter that names a file (the line the entry point writes: test_argv)."""
    root, _ = corpus
    run = cli([command, str(root / "docs"), "", "--allowed-signers", str(root / "allowed_signers")])
    assert (run.exit_code, run.stdout) == (2, "")
    assert "Invalid value for 'PATH': an empty path was given" in run.stderr


def test_an_entry_that_cannot_be_read_is_listed_in_the_report(
    cli: Any, corpus: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    root, _ = corpus
    docs = tmp_path / "docs"
    shutil.copytree(root / "docs", docs)
    os.mkfifo(docs / "x.toml")  # a FIFO named as a document
    run = cli(["summary", str(docs), *_trust(root), "--format", "json"])
    assert run.exit_code == 2  # (as in verify), and the report is made
    data = json.loads(run.stdout)
    listed = [(Path(d["path"]).name, d["status"]) for d in data["documents"]]
    assert listed == [("x.toml", "unreadable")]
    assert data["scope"]["documents_not_counted"] == 1
    md = cli(["summary", str(docs), *_trust(root), "--format", "md"]).stdout
    assert "· Documents not counted: 1\n" in md
    assert "/x.toml | unreadable | not a regular file (a FIFO) |" in md


def test_an_output_named_as_a_directory_is_never_written_as_a_file(tmp_path: Path) -> None:
    """`-o reports/` (a trailing slash) names a directory: the framework drops the slash, and a
    file called `reports` was written. Run as a user runs it (the slash is only on argv). The
    name is said as typed."""
    exe = Path(sys.executable).parent / "minecheck"
    env = {**os.environ, "MINECHECK_HOME": str(tmp_path / "home")}
    run = subprocess.run(
        [str(exe), "summary", str(tmp_path), "--format", "md", "-o", "reports/"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert (run.returncode, run.stdout) == (2, "")
    assert run.stderr == (
        "minecheck: error: directory reports/ does not exist\n"
        "  hint: create it first:\n    mkdir -p reports\n"
    )
    assert not (tmp_path / "reports").exists()


@pytest.mark.parametrize("command", ["summary", "summary again", "export"])
def test_a_report_dated_before_every_document_says_so(
    cli: Any, tmp_path: Path, command: str, in_zone: Callable[[str], None]
) -> None:
    """A report as of a day before every document (a mistyped year) counts nothing: it says why
    on stderr, also when the summary is answered from the memo, and is still made (exit 0); a
    report whose day knows any document says nothing of the kind."""
    in_zone("Asia/Shanghai")  # (the day is named with the zone it is local to)
    generate(tmp_path, 6, 3, seed=5)
    found = _found_by_inspection(tmp_path / "docs")
    first = min(day for day, _ in found.values())
    before = first - dt.timedelta(days=1)
    name = command.split()[0]
    trust = ["--allowed-signers", str(tmp_path / "allowed_signers")]
    warning = (
        f"minecheck: warning: every document is dated after {before}, Asia/Shanghai "
        "(UTC+08:00), the report's day: none is counted\n"
    )
    for day, said in ((before, True), (first, False)):
        args = [name, str(tmp_path / "docs"), *trust, "--as-of", str(day)]
        if name == "export":
            args += ["--format", "csv", "-o", str(tmp_path / f"rows-{day}.csv")]
        else:
            args += ["--format", "json"]
        if command == "summary again":
            cli(args)
        run = cli(args)
        assert run.exit_code == 0, run.stderr
        assert (warning in run.stderr) is said, run.stderr
        if said:
            assert run.stderr == warning
            quiet = cli([*args, "--json", *(["--force"] if name == "export" else [])])
            codes = [p["code"] for p in json.loads(quiet.stdout)["problems"]]
            assert codes == ["dated-later"]
