"""`export --rows events`: the events behind each state, one row each, for a report author who
counts the loop again (the closure section, the month's stock and increment) from an export.

The archive is the stock-and-increment story (tests/test_stock_increment.py: rebounds, a closure
dated before its finding, withdrawals, a joint inspection as two files), with the joint
inspection also as a merged file beside its copies, general hidden dangers closed after a self
and an expert acceptance, a major's acceptance by self assessment (refused) and an event about
a finding no input holds. DuckDB reads the CSV and the JSONL; a few lines of SQL count the
summary's figures again, and they must equal `summary --format json` of the same paths and day.
"""

from __future__ import annotations

import ast
import datetime as dt
import gc
import io
import json
import os
import re
import time
import tracemalloc
from pathlib import Path
from typing import Any

import duckdb
import pytest

from minecheck.core import loop
from minecheck.core.documents import (
    FINDINGS,
    FOLLOWUP,
    Event,
    Finding,
    FindingsDoc,
    FollowUpDoc,
    Header,
    Inspection,
)
from minecheck.core.loop import Steps
from minecheck.core.seal import seal
from minecheck.core.sshsig import NAMESPACE_FINDINGS
from minecheck.report import corpus
from minecheck.report.consolidate import HiddenColumns, consolidate, enforced
from minecheck.report.corpus import Corpus, ReadRow, load_corpus
from minecheck.report.corpus_cache import ItemIds, read_files
from minecheck.report.events import EVENT_COLUMNS, EventRow, event_rows, values, write
from minecheck.report.rows import EXPORT_COLUMNS
from tests.helpers_heap import old_objects_set_aside
from tests.helpers_merge import ITEMS, findings_of, make_merged, person, store_for
from tests.test_docs import format_examples
from tests.test_stock_increment import Story, _at, _iid, _story, _uuid, utc  # noqa: F401

DAYS = ("2025-11-30", "2025-12-01", "2025-12-15", "2026-01-10")

# The queries formats.md gives ("Export of events"): the closure section, by severity, and the
# month's stock and increment of majors, `$first` the first day of the report's month.
CLOSING_SQL = format_examples()["events-closing"]
STOCK_SQL = format_examples()["events-stock"]


def _archive(tmp_path: Path) -> Story:
    s = _story(tmp_path)
    # the joint inspection "e" once more, as one merged file beside its two copies
    e = sorted(s.docs.glob("e-*.toml"))
    merged = make_merged(s.bob, [p.read_bytes() for p in e], store_for(s.alice, s.bob))
    (s.docs / "e-merged.toml").write_bytes(merged)
    # two general hidden dangers: one closed after a self assessment, one after an expert's
    g = s.found("g", _at(11, 2), ["noncompliant", "noncompliant", "compliant"], severity="general")
    s.event(f"{g}/{ITEMS[0]}", "rectified", _at(11, 5))
    s.event(f"{g}/{ITEMS[0]}", "accepted", _at(11, 6), method="self")
    s.event(f"{g}/{ITEMS[0]}", "closed", _at(11, 7))
    s.closed(f"{g}/{ITEMS[1]}", _at(12, 4))
    # a major accepted by self assessment: refused, it stays rectified
    a = _iid("a")
    s.event(f"{a}/{ITEMS[0]}", "rectified", _at(12, 2))
    s.event(f"{a}/{ITEMS[0]}", "accepted", _at(12, 3), method="self")
    # a finding no input holds, and a compliant one: neither applied
    s.event(f"{_iid('nowhere')}/{ITEMS[0]}", "rectified", _at(12, 2))
    s.event(f"{_iid('d')}/{ITEMS[1]}", "rectified", _at(12, 4))
    return s


@pytest.fixture
def story(tmp_path: Path, utc: None) -> Story:  # noqa: F811 - the fixture imported above
    return _archive(tmp_path)


def _run(cli: Any, s: Story, *args: str) -> Any:
    return cli(["export", str(s.docs), "--allowed-signers", str(s.allowed), *args])


def _summary(cli: Any, s: Story, day: str) -> dict[str, Any]:
    run = cli(
        [
            "summary",
            str(s.docs),
            "--allowed-signers",
            str(s.allowed),
            "--format",
            "json",
            "--as-of",
            day,
        ]
    )
    assert run.exit_code == 0, run.stderr
    data: dict[str, Any] = run.json()
    return data


# how formats.md makes the table `ev` from the JSONL export (the CSV's is held to formats.md
# and the guides by tests/test_attack_changes6.py)
READ_JSONL = format_examples()["events-read-jsonl"]


def _loaded(path: Path, fmt: str) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    if fmt == "csv":
        con.execute("CREATE TABLE ev AS FROM read_csv(?, types = {'item': 'VARCHAR'})", [str(path)])
    else:
        con.execute(READ_JSONL.replace("'events.jsonl'", "?"), [str(path)])
    return con


def _closing(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    cur = con.execute(CLOSING_SQL)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def _recounted(cli: Any, story: Story, day: str, out: Path) -> tuple[Any, ...]:
    """The closure section and the stock of `summary --format json` as of `day`, and the same
    counted again by formats.md's queries from the CSV and the JSONL export of events (each
    asserted equal); what was compared, and the events not applied."""
    summary = _summary(cli, story, day)
    first = dt.date.fromisoformat(day).replace(day=1)
    expected_closing = [
        {k: c[k] for k in ("severity", "closed", "days", "independent", "ever_closed")}
        | {"reopened": c["reopened"]}
        for c in sorted(summary["closing"], key=lambda c: str(c["severity"]))
    ]
    stock = summary["stock"]
    expected_stock = tuple(stock[k] for k in ("stock", "cleared", "increment", "increment_open"))
    refused: list[Any] = []
    for fmt in ("csv", "jsonl"):
        path = out / f"events-{day}.{fmt}"
        args = ("--rows", "events", "--format", fmt, "--as-of", day, "-o", str(path))
        run = _run(cli, story, *args, "--force")
        assert (run.exit_code, run.stdout) == (0, f"{path}\n"), run.stderr
        con = _loaded(path, fmt)
        assert _closing(con) == expected_closing, (day, fmt)
        got = con.execute(STOCK_SQL, {"first": first}).fetchone()
        assert got == expected_stock, (day, fmt)
        # a found row per hidden danger; every event not applied is one the summary lists
        (found,) = con.execute("SELECT count(*) FROM ev WHERE action = 'found'").fetchone() or ()
        assert found == summary["headline"]["hidden_dangers"]
        refused = con.execute(
            "SELECT inspection || '/' || item, action, strftime(\"at\", '%Y-%m-%dT%H:%M:%SZ'), "
            "refused, reason FROM ev WHERE NOT applied ORDER BY ALL"
        ).fetchall()
        listed = sorted(
            (r["finding"], r["action"], r["at"], r["refused"], r["reason"])
            for r in summary["rejected"]
        )  # (the summary's list gives each rule's code as the rows do)
        assert refused == listed, (day, fmt)
    return expected_closing, expected_stock, refused


def test_the_closure_section_and_the_stock_counted_again_from_csv_and_jsonl(
    cli: Any, story: Story, tmp_path: Path
) -> None:
    for day in DAYS:
        closing, stock, refused = _recounted(cli, story, day, tmp_path)
    # the figures the story was made for, so that none of the above is an empty comparison
    assert stock == (7, 0, 0, 0)
    # (majors: a's second and third, b's second closed; c's first two closed and reopened)
    assert [(c["closed"], c["independent"], c["reopened"]) for c in closing] == [
        (2, 1, 0),
        (3, 3, 2),
    ]
    # d's closure dated before it was found (three events), a major's self acceptance, a
    # finding no input holds, an event about a compliant finding
    assert len(refused) == 6


def test_days_are_local_days_as_the_summary_counts_them(
    cli: Any, story: Story, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Five hours behind UTC, b (found at 02:00 UTC on 1 December) was found on 30 November:
    in November's increment and December's stock, in the summary and in the rows alike."""
    monkeypatch.setenv("TZ", "EST5")
    time.tzset()
    for day in ("2025-11-30", "2025-12-01", "2025-12-15"):
        _recounted(cli, story, day, tmp_path)
    run = _run(cli, story, "--rows", "events", "--format", "jsonl", "--as-of", "2025-12-15")
    b = [json.loads(x) for x in run.stdout.splitlines() if _iid("b") in x]
    assert {(r["at"], r["day"]) for r in b if r["action"] == "found"} == {
        ("2025-12-01T02:00:00Z", "2025-11-30")
    }


def test_each_finding_ends_in_the_state_and_deadline_its_finding_row_gives(
    cli: Any, story: Story
) -> None:
    events = _run(cli, story, "--rows", "events", "--format", "jsonl", "--as-of", "2025-12-15")
    assert events.exit_code == 0, events.stderr
    rows = [json.loads(line) for line in events.stdout.splitlines()]
    assert all(tuple(r) == EVENT_COLUMNS for r in rows)
    last: dict[tuple[str, str], dict[str, Any]] = {}
    for r in rows:
        if r["applied"]:
            last[(r["inspection"], r["item"])] = r
    findings_run = _run(cli, story, "--format", "jsonl", "--as-of", "2025-12-15")
    ended = 0
    for f in map(json.loads, findings_run.stdout.splitlines()):
        if f["state"] is None:
            assert (f["inspection"], f["item"]) not in last
            continue
        r = last[(f["inspection"], f["item"])]
        assert (r["state"], r["deadline"], r["severity"]) == (
            f["state"],
            f["deadline"],
            f["severity"],
        )
        ended += f["state"] in ("closed", "withdrawn")
    assert ended >= 6
    # rows come by finding, its found row first, then its events in the fold's order
    keys = [(r["inspection"], r["item"], r["seq"]) for r in rows]
    assert keys == sorted(keys)
    refused = [r for r in rows if r["action"] == "accepted" and r["method"] == "self"]
    assert [(r["applied"], r["severity"], r["state"]) for r in refused] == [
        (True, "general", "accepted"),
        (False, "major", "rectified"),
    ]
    assert refused[1]["reason"].startswith("a major hidden danger cannot be accepted by self")
    nowhere = [r for r in rows if r["inspection"] == _iid("nowhere")]
    assert [(r["seq"], r["site"], r["applied"]) for r in nowhere] == [(1, None, False)]
    assert nowhere[0]["reason"] == "no trusted findings document holds this finding"


def _signed_event(s: Story, who: Any, ref: str, action: str, when: dt.datetime, **kw: Any) -> None:
    """One event in a file of its own, signed by `who` (any key, trusted or not)."""
    s.n += 1
    header = Header(FOLLOWUP, _uuid(f"own/{s.n}"), when, who.principal, who.fingerprint, "m")
    doc = FollowUpDoc(header, (Event(ref, action, when, **kw),))
    body = seal(doc.to_toml(), who.signer, NAMESPACE_FINDINGS)
    (s.docs / f"own-{s.n:02d}.toml").write_bytes(body)


NOTE = '=HYPERLINK("x")\x1b[31m\u2028\u202e end'


def test_untrusted_strings_are_made_safe_in_csv_and_escaped_in_json(cli: Any, story: Story) -> None:
    ref = f"{_iid('b')}/{ITEMS[0]}"
    _signed_event(story, story.bob, ref, "escalated", _at(12, 6), note=NOTE)
    csv_run = _run(cli, story, "--rows", "events", "--format", "csv", "--as-of", "2025-12-15")
    assert csv_run.exit_code == 0, csv_run.stderr
    (line,) = [x for x in csv_run.stdout.splitlines() if ",escalated," in x]
    # a formula neutralised, ESC and the bidi override made visible, the line separator too
    assert ',"\'=HYPERLINK(""x"")\\u001b[31m\\u2028\\u202e end",' in line
    jsonl = _run(cli, story, "--rows", "events", "--format", "jsonl", "--as-of", "2025-12-15")
    (raw,) = [x for x in jsonl.stdout.splitlines() if '"escalated"' in x]
    assert "\\u001b[31m\\u2028\\u202e end" in raw  # escaped, not raw
    assert json.loads(raw)["note"] == NOTE  # the same text once parsed
    envelope = _run(
        cli, story, "--rows", "events", "--json", "--format", "jsonl", "--as-of", "2025-12-15"
    )
    assert (envelope.exit_code, envelope.stderr) == (0, "")
    assert "\u2028" not in envelope.stdout
    assert "\x1b" not in envelope.stdout
    data = envelope.json()["data"]
    assert data["rows"] == [json.loads(x) for x in jsonl.stdout.splitlines()]
    assert data["count"] == len(data["rows"])
    problems = envelope.json()["problems"]
    assert {p["code"] for p in problems} == {"event-rejected"}


def test_bom_output_file_never_overwritten_and_usage_errors_in_both_languages(
    cli: Any, story: Story, tmp_path: Path
) -> None:
    args = ("--rows", "events", "--as-of", "2025-12-15")
    plain = _run(cli, story, *args, "--format", "csv")
    bom = _run(cli, story, *args, "--format", "csv", "--bom")
    assert bom.stdout == "\ufeff" + plain.stdout
    assert plain.stdout.splitlines()[0] == ",".join(EVENT_COLUMNS)
    out = tmp_path / "events.csv"
    out.write_bytes(b"kept")
    refused = _run(cli, story, *args, "--format", "csv", "-o", str(out))
    assert refused.exit_code == 2
    assert refused.stderr.startswith(f"minecheck: error: {out} already exists\n")
    assert out.read_bytes() == b"kept"
    forced = _run(cli, story, *args, "--format", "csv", "-o", str(out), "--force")
    assert (forced.exit_code, forced.stdout) == (0, f"{out}\n")
    assert out.read_text(encoding="utf-8") == plain.stdout
    for given, en, zh in (
        (
            ("--rows", "event"),
            "minecheck: error: unknown rows 'event'\n"
            "  hint: use --rows findings or --rows events\n",
            "minecheck: error: 未知的行类型 'event'\n"
            "  hint: 请使用 --rows findings 或 --rows events\n",
        ),
        (
            ("--rows", "events", "--format", "parquet", "-o", str(tmp_path / "x.parquet")),
            "minecheck: error: the rows of events are written as CSV or JSONL, not Parquet\n"
            "  hint: use --format csv or --format jsonl\n",
            "minecheck: error: 事件行只能导出为 CSV 或 JSONL，不能导出为 Parquet\n"
            "  hint: 请使用 --format csv 或 --format jsonl\n",
        ),
    ):
        for lang, said in (("en", en), ("zh", zh)):
            run = _run(cli, story, *given, "--lang", lang)
            assert (run.exit_code, run.stdout, run.stderr) == (2, "", said)
    bad = _run(cli, story, "--rows", "events", "--bom", "--format", "jsonl")
    assert bad.exit_code == 2


def test_the_default_is_the_finding_rows_and_later_or_untrusted_events_are_left_out(
    cli: Any, story: Story, tmp_path: Path
) -> None:
    default = _run(cli, story, "--format", "csv", "--as-of", "2025-12-15")
    assert default.exit_code == 0
    assert (
        default.stdout
        == _run(cli, story, "--format", "csv", "--as-of", "2025-12-15", "--rows", "findings").stdout
    )
    assert default.stdout.splitlines()[0] == ",".join(EXPORT_COLUMNS)
    carol = person(tmp_path, "carol")  # a key no one trusts
    ref = f"{_iid('b')}/{ITEMS[0]}"
    _signed_event(story, carol, ref, "escalated", _at(12, 6), note="by carol")

    def escalations(*more: str) -> list[tuple[str, str]]:
        run = _run(cli, story, "--rows", "events", "--format", "jsonl", *more)
        assert run.exit_code == 0, run.stderr
        rows = map(json.loads, run.stdout.splitlines())
        return [(r["signer"], r["trust"]) for r in rows if r["action"] == "escalated"]

    assert escalations("--as-of", "2025-12-15") == []
    assert escalations("--as-of", "2025-12-15", "--include-untrusted") == [
        ("carol@coal.example", "untrusted-key")
    ]
    # an event dated after the report's day is not yet known: no row
    assert escalations("--as-of", "2025-12-05", "--include-untrusted") == []
    early = _run(cli, story, "--rows", "events", "--format", "jsonl", "--as-of", "2025-11-30")
    days = {json.loads(x)["day"] for x in early.stdout.splitlines()}
    assert max(days) <= "2025-11-30"


# -- the refused events' codes ------------------------------------------------------------------

LOOP = Path(loop.__file__ or "")
FORMATS_MD = Path(__file__).resolve().parents[1] / "docs" / "formats.md"


def _codes_in_the_loop() -> set[str]:
    """The code of every `Refused` the loop makes (each must be written out, a literal)."""
    codes = set()
    for node in ast.walk(ast.parse(LOOP.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Refused":
            code = node.args[0]
            assert isinstance(code, ast.Constant), ast.unparse(node)
            assert isinstance(code.value, str), ast.unparse(node)
            codes.add(code.value)
    return codes


def _codes_in_formats_md() -> list[str]:
    text = FORMATS_MD.read_text(encoding="utf-8")
    table = text.split("<!-- refused-codes -->\n", 1)[1].split("\n\n", 1)[0]
    return re.findall(r"^\| `([a-z-]+)` \|", table, flags=re.MULTILINE)


def test_formats_md_names_the_columns_in_their_order() -> None:
    text = FORMATS_MD.read_text(encoding="utf-8")
    section = text.split("## Export of events", 1)[1].split("\n## ", 1)[0]
    table = section.split("| column | meaning |\n|---|---|\n", 1)[1].split("\n\n", 1)[0]
    named = [n for line in table.splitlines() for n in re.findall(r"`(\w+)`", line.split(" | ")[0])]
    assert tuple(named) == EVENT_COLUMNS


def test_every_rule_the_loop_refuses_by_has_a_code_formats_md_lists() -> None:
    """A rule comes with its code (`_apply` returns a `Refused`, mypy holds it to that), and
    the code with its line in formats.md: a script grouping by `refused` knows every value."""
    listed = _codes_in_formats_md()
    assert len(listed) == len(set(listed)) >= 17
    assert _codes_in_the_loop() == set(listed)
    assert all(re.fullmatch(r"[a-z]+(-[a-z]+)*", code) for code in listed)


def test_refused_events_carry_the_code_of_their_rule_in_csv_and_jsonl(
    cli: Any, story: Story, tmp_path: Path
) -> None:
    expected = {
        "before-finding": 3,  # d's closure dated before it was found (three events)
        "accepted-major-by-method": 1,  # a major accepted by self assessment
        "no-such-finding": 1,
        "not-a-hidden-danger": 1,  # an event about a compliant finding
    }
    for fmt in ("csv", "jsonl"):
        path = tmp_path / f"events.{fmt}"
        args = ("--rows", "events", "--format", fmt, "--as-of", "2026-01-10", "-o", str(path))
        run = _run(cli, story, *args)
        assert run.exit_code == 0, run.stderr
        con = _loaded(path, fmt)
        cur = con.execute("SELECT refused, count(*) FROM ev WHERE NOT applied GROUP BY refused")
        assert dict(cur.fetchall()) == expected, fmt
        (coded,) = con.execute("SELECT count(refused) FROM ev WHERE applied").fetchone() or ()
        assert coded == 0
        # one code for a rule, whatever the dates and names its sentence holds
        pairs = con.execute("SELECT DISTINCT refused, reason FROM ev WHERE NOT applied").fetchall()
        assert dict(pairs)["accepted-major-by-method"].startswith(
            "a major hidden danger cannot be accepted by self"
        )
    header = path.with_suffix(".csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header[header.index("applied") :][:3] == ["applied", "refused", "reason"]


# -- formats.md's queries for what no report shows ----------------------------------------------

OPINION_SQL = format_examples()["events-opinion"]
MONTH_END_SQL = format_examples()["events-month-end"]
ANSWERS = ("accepted", "rejected")


def _jsonl_rows(cli: Any, story: Story, day: str, path: Path) -> list[dict[str, Any]]:
    args = ("--rows", "events", "--format", "jsonl", "--as-of", day, "-o", str(path), "--force")
    run = _run(cli, story, *args)
    assert run.exit_code == 0, run.stderr
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _by_finding(rows: list[dict[str, Any]]) -> dict[tuple[str, str], list[dict[str, Any]]]:
    out: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for r in sorted(rows, key=lambda r: (r["inspection"], r["item"], r["seq"])):
        out.setdefault((r["inspection"], r["item"]), []).append(r)
    return out


def _opinions_late(rows: list[dict[str, Any]], today: dt.date) -> list[tuple[Any, ...]]:
    """The rectifications answered, or still waiting, more than 10 days on: walked in Python."""
    out: list[tuple[Any, ...]] = []
    for (inspection, item), mine in _by_finding(rows).items():
        waiting: dt.date | None = None
        for r in mine:
            if not r["applied"]:
                continue
            when = dt.date.fromisoformat(r["day"])
            if r["action"] == "rectified":
                waiting = when
            elif waiting is not None and r["action"] in (*ANSWERS, "reopened", "withdrawn"):
                if r["action"] in ANSWERS and (when - waiting).days > 10:
                    out.append(
                        (inspection, item, waiting, r["action"], when, (when - waiting).days)
                    )
                waiting = None
        if waiting is not None and (today - waiting).days > 10:
            out.append((inspection, item, waiting, None, None, (today - waiting).days))
    return sorted(out, key=repr)


def _month_ends(rows: list[dict[str, Any]], today: dt.date) -> list[tuple[Any, ...]]:
    """Each hidden danger's state at each month's end, counted: walked in Python."""
    counted: dict[tuple[str, str, str], int] = {}
    found = {k: mine[0] for k, mine in _by_finding(rows).items() if mine[0]["action"] == "found"}
    first = min(dt.date.fromisoformat(r["day"]) for r in found.values()).replace(day=1)
    while first <= today:
        end = (first + dt.timedelta(days=32)).replace(day=1)
        for key, row in found.items():
            if dt.date.fromisoformat(row["day"]) >= end:
                continue
            applied = [
                r
                for r in _by_finding(rows)[key]
                if r["applied"] and dt.date.fromisoformat(r["day"]) < end
            ]
            at = (first.strftime("%Y-%m"), row["severity"], applied[-1]["state"])
            counted[at] = counted.get(at, 0) + 1
        first = end
    return sorted((*k, n) for k, n in counted.items())


def test_the_wait_for_an_opinion_and_the_month_ends_counted_by_formats_md_queries(
    cli: Any, story: Story, tmp_path: Path
) -> None:
    """formats.md's two queries, run in DuckDB on the CSV and the JSONL, equal the same counted
    by walking the rows in Python; the month ends' open majors are the next month's stock."""
    # general ones: answered 15 days on (late); rejected in 2 days, again 12 days on (late)
    h = story.found(
        "h", _at(11, 3), ["noncompliant", "noncompliant", "compliant"], severity="general"
    )
    story.event(f"{h}/{ITEMS[0]}", "rectified", _at(11, 10))
    story.event(f"{h}/{ITEMS[0]}", "accepted", _at(11, 25))
    story.event(f"{h}/{ITEMS[1]}", "rectified", _at(11, 10))
    story.event(f"{h}/{ITEMS[1]}", "rejected", _at(11, 12))
    story.event(f"{h}/{ITEMS[1]}", "rectified", _at(11, 13))
    story.event(f"{h}/{ITEMS[1]}", "rejected", _at(11, 25))
    late_seen: set[tuple[Any, ...]] = set()
    months_seen: set[str] = set()
    for day in DAYS:
        today = dt.date.fromisoformat(day)
        rows = _jsonl_rows(cli, story, day, tmp_path / f"rows-{day}.jsonl")
        for fmt in ("csv", "jsonl"):
            path = tmp_path / f"q-{day}.{fmt}"
            args = ("--rows", "events", "--format", fmt, "--as-of", day, "-o", str(path))
            assert _run(cli, story, *args).exit_code == 0
            con = _loaded(path, fmt)
            # (DuckDB reads an inspection id in JSON as a UUID)
            late = [
                (str(r[0]), *r[1:]) for r in con.execute(OPINION_SQL, {"today": today}).fetchall()
            ]
            assert late == _opinions_late(rows, today), (day, fmt)
            months = con.execute(MONTH_END_SQL, {"today": today}).fetchall()
            assert months == _month_ends(rows, today), (day, fmt)
        late_seen.update((r[0], r[1], r[3]) for r in late)
        months_seen.update(r[0] for r in months)
        # the majors open at the end of last month are this month's stock (the summary's)
        last = (today.replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")
        open_majors = sum(
            n
            for month, severity, state, n in months
            if (month, severity) == (last, "major") and state not in ("closed", "withdrawn")
        )
        assert open_majors == _summary(cli, story, day)["stock"]["stock"], day
    # not an empty comparison: a's major, its self acceptance refused, still awaits an opinion
    assert late_seen == {
        (_iid("a"), ITEMS[0], None),
        (h, ITEMS[0], "accepted"),
        (h, ITEMS[1], "rejected"),
    }
    assert len(months_seen) >= 2


def test_the_rows_of_events_are_read_from_the_hidden_dangers_and_the_findings_events_name(
    story: Story,
) -> None:
    """The export of events makes no row of a finding it does not read (most findings: no
    hidden danger, named by no event): at 2,000 files that held 189 MB. Of those it reads it
    keeps only what it writes (`ReadRow`, a third of a row's room), and it folds only the
    hidden dangers events name (a `found` row is open, at the first deadline, whatever the
    fold says): what was held per hidden danger at the peak was mostly those. A hidden danger
    no event names that one document records is read apart, in its document's columns
    (`Corpus.found`): its row is never made."""
    files = sorted(story.docs.glob("*.toml"))
    store = store_for(story.alice, story.bob)
    day = dt.date(2026, 1, 10)
    every = load_corpus(files, store, as_of=day)
    steps = Steps()
    read = load_corpus(files, store, as_of=day, steps=steps)
    named = {s.event.event.finding for s in steps.steps}
    wanted = [
        ReadRow.of(r)
        for r in every.rows
        if r.is_hidden_danger or f"{r.inspection}/{r.item}" in named
    ]
    apart: dict[tuple[str, str], ReadRow] = {}
    for g in read.found:  # the hidden dangers no event names one document records, by document
        ins = g.src.inspection
        for item, severity, _ in g.entries():
            site_id, trust = ins.site_id or None, g.status.value
            apart[ins.id, item] = ReadRow(ins.id, item, ins.site, site_id, severity, trust, g.day)
    assert apart
    assert not {f"{i}/{item}" for i, item in apart} & named
    kept = tuple(r for r in wanted if r[:2] not in apart)
    assert (read.rows, read.read) == ((), kept)
    assert apart == {r[:2]: r for r in wanted if r[:2] in apart}
    assert len(every.rows) > len(read.read) + len(apart) > 0
    hidden = {f"{r.inspection}/{r.item}" for r in every.rows if r.is_hidden_danger}
    # the compliant finding an event names
    assert any(f"{r.inspection}/{r.item}" not in hidden for r in read.read)
    # (of the documents, those not trusted: all the export of events says of them, `left_out`)
    assert every.documents
    assert (read.documents, read.rejected, read.problems) == (
        tuple(d for d in every.documents if d.status != "trusted"),
        every.rejected,
        every.problems,
    )


@pytest.mark.usefixtures("utc")
def test_item_ids_that_read_as_one_date_are_counted_apart_by_the_documented_jsonl_read(
    cli: Any, tmp_path: Path
) -> None:
    """A checklist may number its items `2025-1-1` and `2025-01-01` (ids are lowercase letters,
    digits, dots and dashes): DuckDB's JSON reader, left to guess, reads both as the date
    2025-01-01 and two majors count as one; the read formats.md gives keeps them apart and
    recounts the summary's closure section and stock."""
    s = Story(tmp_path)
    items = ("2025-1-1", "2025-01-01")
    a = s.found("a", _at(11, 3), ["noncompliant"] * 2, items=items)
    s.closed(f"{a}/2025-1-1", _at(12, 4))
    day = "2025-12-20"
    summary = _summary(cli, s, day)
    out = tmp_path / "events.jsonl"
    run = _run(cli, s, "--rows", "events", "--format", "jsonl", "--as-of", day, "-o", str(out))
    assert run.exit_code == 0, run.stderr
    guessed = duckdb.connect().execute("SELECT DISTINCT item FROM read_json(?)", [str(out)])
    assert guessed.fetchall() == [(dt.date(2025, 1, 1),)]  # what the documented read avoids
    con = _loaded(out, "jsonl")
    got = con.execute("SELECT DISTINCT item FROM ev ORDER BY item").fetchall()
    assert got == [("2025-01-01",), ("2025-1-1",)]
    types = dict(con.execute("SELECT column_name, data_type FROM duckdb_columns()").fetchall())
    assert (types["day"], types["deadline"], types["new_deadline"]) == ("DATE",) * 3
    (closing,) = summary["closing"]
    assert [(r[0], r[1], r[4]) for r in con.execute(CLOSING_SQL).fetchall()] == [
        ("major", closing["closed"], closing["ever_closed"])
    ]
    stock = summary["stock"]
    expected = tuple(stock[k] for k in ("stock", "cleared", "increment", "increment_open"))
    assert expected == (2, 1, 0, 0)
    assert con.execute(STOCK_SQL, {"first": dt.date(2025, 12, 1)}).fetchone() == expected


def _texts_archive(story: Story) -> list[Path]:
    """The story's archive, and an inspection whose hidden dangers carry every text a finding
    row writes (description, location, the one responsible, basis, an enforcement order) and
    one with no order: files in the order a walk gives them."""
    texts = "Roof bolts loose, =1+1 \x1b[31m", "No. 3 roadway, 150 m", "Li Wei (shift lead)"
    rows = [
        Finding(
            ITEMS[0],
            "noncompliant",
            severity="major",
            basis=("CMHD-5.2", "AQ 1029-2019"),
            description=texts[0],
            location=texts[1],
            responsible=texts[2],
            deadline=dt.date(2025, 12, 20),
            enforcement="stop work in the face until rectified",
        ),
        Finding(
            ITEMS[1],
            "noncompliant",
            severity="general",
            description="gauge",
            deadline=dt.date(2025, 12, 25),
            enforcement=" ",
        ),
        Finding(ITEMS[2], "compliant"),
    ]
    iid = _iid("texts")
    body = findings_of(story.alice, rows, _uuid("texts"), inspection_id=iid, when=_at(12, 2))
    (story.docs / "texts.toml").write_bytes(body)
    story.event(f"{iid}/{ITEMS[0]}", "rectified", _at(12, 6))
    story.event(
        f"{iid}/{ITEMS[1]}",
        "extended",
        _at(12, 7),
        new_deadline=dt.date(2026, 1, 5),
        note="parts late",
    )
    # hidden dangers no event names (read apart) on either side of one an event names, one
    # without a deadline, not in the order of their ids, at a mine with no site id, by another
    # inspector who began, finished and signed at three times
    day = dt.date(2025, 12, 20)
    apart = (
        Finding(ITEMS[2], "noncompliant", severity="general"),
        Finding(ITEMS[0], "noncompliant", severity="major", basis=("CMHD-5.2",), deadline=day),
        Finding(ITEMS[1], "noncompliant", severity="general", deadline=day),
    )
    iid, bob = _iid("apart"), story.bob
    header = Header(FINDINGS, _uuid("apart"), _at(12, 4), bob.principal, bob.fingerprint, "mc")
    checklist = ("coal-major-hidden-dangers", "2024.1", "0" * 64)
    began, ended = _at(12, 3, 8), _at(12, 3, 11)
    ins = Inspection(iid, *checklist, "Demo", "bob", "routine", began, ended, "en", None, ())
    body = seal(FindingsDoc(header, ins, apart).to_toml(), bob.signer, NAMESPACE_FINDINGS)
    (story.docs / "apart.toml").write_bytes(body)
    story.event(f"{iid}/{ITEMS[1]}", "rectified", _at(12, 8))
    return sorted(story.docs.glob("*.toml"))


def _made_whole(
    m: pytest.MonkeyPatch, files: list[Path], store: Any, day: dt.date, untrusted: bool = False
) -> list[EventRow]:
    """The rows of events with every hidden danger made into a hazard and a row (consolidated
    without `found_apart`): as the export made them before any was read apart."""

    def whole(*args: Any, **kwargs: Any) -> Any:
        return consolidate(*args, **{**kwargs, "found_apart": False})

    with m.context() as patched:
        patched.setattr(corpus, "consolidate", whole)
        steps = Steps()
        made = load_corpus(files, store, as_of=day, steps=steps, include_untrusted=untrusted)
    assert made.found == ()
    return list(event_rows(made.read, steps))


def test_the_export_of_events_keeps_no_finding_text_and_writes_the_bytes_it_wrote(
    cli: Any, story: Story, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The export of events reads each hidden danger without the texts it never writes (the
    description, location, responsible and basis held for every hidden danger were most of what
    grew with them), and writes, cold, warm and without the cache, in CSV, JSONL and the
    `--json` envelope, the very bytes of the rows made from the documents read whole, every
    hidden danger made into a hazard and a row, where those no event names that one document
    records are read apart (`Corpus.found`), also with untrusted documents and on a past day."""
    files = _texts_archive(story)
    read = [leaf for r in read_files(files, cache=False, bare=True) for leaf in r.leaves]
    kept = [f for leaf in read for f in leaf.findings]
    # (each document's hidden dangers held as columns, a finding made when asked)
    assert {type(leaf.findings) for leaf in read if leaf.findings} == {HiddenColumns}
    # (and the ids of the findings that are none as numbers)
    assert {type(ids) for leaf in read for _, ids in leaf.plain} == {ItemIds}
    assert {f.severity for f in kept} == {"major", "general"}
    assert {(f.description, f.location, f.responsible, f.basis) for f in kept} == {
        (None, None, None, ())
    }
    assert set(map(enforced, kept)) == {False, True}  # an order kept, a blank one not
    # (and on the very findings that record one, as read whole)
    whole = [f for r in read_files(files, cache=False) for leaf in r.leaves for f in leaf.findings]
    assert [enforced(f) for f in kept] == [enforced(f) for f in whole if f.result == "noncompliant"]
    day = dt.date(2026, 1, 10)
    store = store_for(story.alice, story.bob)
    made = _made_whole(monkeypatch, files, store, day)
    assert any(r.action == "extended" and r.applied for r in made)
    # (the hidden dangers read apart are the story's and the last inspection's: none named)
    steps = Steps()
    loaded = load_corpus(files, store, as_of=day, steps=steps)
    apart = {(g.src.inspection.id, item) for g in loaded.found for item in g.items}
    assert (_iid("apart"), ITEMS[0]) in apart
    assert (_iid("apart"), ITEMS[2]) in apart
    assert not {f"{i}/{item}" for i, item in apart} & {s.event.event.finding for s in steps.steps}
    assert list(event_rows(loaded.read, steps, loaded.found)) == made
    # with documents not trusted (their hidden dangers read apart too), and a day before some
    alone = store_for(story.alice)
    for past in (day, dt.date(2025, 12, 5)):
        steps = Steps()
        loaded = load_corpus(files, alone, as_of=past, steps=steps, include_untrusted=True)
        assert {g.status.value for g in loaded.found} == {"trusted", "untrusted-key"}, past
        rows = list(event_rows(loaded.read, steps, loaded.found))
        assert rows == _made_whole(monkeypatch, files, alone, past, untrusted=True), past
    expected: dict[str, str] = {}
    for fmt in ("csv", "jsonl"):
        out = io.StringIO()
        write(out, made, fmt)
        expected[fmt] = out.getvalue()
    envelope_rows = [values(r) for r in made]
    monkeypatch.setenv("MINECHECK_HOME", str(tmp_path / "home"))
    for cache in ("cold", "warm", "--no-cache"):
        flags = ("--no-cache",) if cache == "--no-cache" else ()
        for fmt in ("csv", "jsonl"):
            path = tmp_path / f"{cache}.{fmt}"
            args = ("--rows", "events", "--format", fmt, "--as-of", str(day), "-o", str(path))
            run = _run(cli, story, *args, *flags)
            assert (run.exit_code, run.stdout) == (0, f"{path}\n"), run.stderr
            assert path.read_text(encoding="utf-8") == expected[fmt], (cache, fmt)
            run = _run(cli, story, "--rows", "events", "--format", fmt, "--as-of", str(day), *flags)
            assert (run.exit_code, run.stdout) == (0, expected[fmt]), (cache, fmt)
        run = _run(cli, story, "--rows", "events", "--as-of", str(day), "--json", *flags)
        assert run.exit_code == 0, run.stderr
        data = run.json()["data"]
        assert (data["rows"], data["count"]) == (json.loads(json.dumps(envelope_rows)), len(made))


TEXTS_APART: dict[str, dict[str, Any]] = {
    "description": {"description": "Roof bolts loose at 150 m"},
    "location": {"location": "No. 3 roadway"},
    "responsible": {"responsible": "Li Wei"},
    "basis": {"basis": ("CMHD-5.2", "AQ 1029-2019")},
    "enforcement": {"enforcement": "stop the face"},
}


@pytest.mark.parametrize("differs", [*TEXTS_APART, None])
def test_a_second_answer_that_differs_only_in_a_text_is_said_as_the_finding_rows_say_it(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, differs: str | None
) -> None:
    """One signer's two documents of one inspection whose hidden danger differs only in a text
    the export of events does not write (its description, location, the one responsible, its
    basis, the words of its enforcement order): `export` warns that it was answered twice, and
    the export of events, which reads hidden dangers without those texts, said nothing. Both
    say it now, cold, warm and without the cache; signed again alike, neither does."""
    s = Story(tmp_path)
    iid = _iid("twice")
    first: dict[str, Any] = {
        "description": "Roof bolts loose",
        "location": "No. 2 roadway",
        "responsible": "Wang Fang",
        "basis": ("CMHD-5.2",),
        "enforcement": "stop work in the face",
    }
    for n, texts in enumerate((first, {**first, **TEXTS_APART.get(differs or "", {})})):
        found = Finding(ITEMS[0], "noncompliant", severity="major", **texts)
        body = findings_of(
            s.alice, [found], _uuid(f"twice/{n}"), inspection_id=iid, when=_at(12, 2 + n)
        )
        (s.docs / f"twice-{n}.toml").write_bytes(body)
    monkeypatch.setenv("MINECHECK_HOME", str(tmp_path / "home"))
    day = ("--as-of", "2026-01-10")

    def said(*args: str) -> list[str]:
        run = _run(cli, s, *day, *args)
        assert run.exit_code == 0, run.stderr
        return [line for line in run.stderr.splitlines() if "answered it twice" in line]

    expected = said("--no-cache")
    assert len(expected) == (0 if differs is None else 1)
    for cache in ((), (), ("--no-cache",)):  # cold, warm, without the cache
        assert said("--rows", "events", *cache) == expected, cache


def _inspections(folder: Path, who: Any, docs: int, hidden: int) -> list[Path]:
    """`docs` signed findings documents of inspections of their own, each with `hidden` hidden
    dangers and as many findings that are none (no event names any)."""
    folder.mkdir()
    checklist = ("coal-major-hidden-dangers", "2024.1", "0" * 64)
    deadline = dt.date(2026, 1, 5)
    for d in range(docs):
        tag = f"many/{hidden}/{d}"
        bad = (
            Finding(f"item-{k:03d}", "noncompliant", severity="general", deadline=deadline)
            for k in range(hidden)
        )
        good = (Finding(f"fine-{k:03d}", "compliant") for k in range(hidden))
        header = Header(FINDINGS, _uuid(tag), _at(12, 4), who.principal, who.fingerprint, "mc")
        began, ended = _at(12, 3, 8), _at(12, 3, 11)
        ins = Inspection(_iid(tag), *checklist, "Demo", "bob", "routine", began, ended, "en")
        doc = FindingsDoc(header, ins, (*bad, *good))
        path = folder / f"{d:03d}.toml"
        path.write_bytes(seal(doc.to_toml(), who.signer, NAMESPACE_FINDINGS))
    return sorted(folder.glob("*.toml"))


def _held_at(
    where: tuple[Any, str], files: list[Path], store: Any, monkeypatch: pytest.MonkeyPatch
) -> tuple[int, Corpus, Steps]:
    """Bytes minecheck's code allocated while the export of events read the documents and still
    held when `where` (a module and the name of a function in it) is first called; what it
    loaded and the fold's steps."""
    mine = [tracemalloc.Filter(True, f"*{os.sep}minecheck{os.sep}*", all_frames=True)]
    held: list[int] = []
    module, name = where
    called = getattr(module, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        gc.collect()
        now = tracemalloc.take_snapshot().filter_traces(mine)
        held.append(sum(d.size_diff for d in now.compare_to(before, "filename")))
        return called(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    # (an allocation is counted where any of its innermost 6 frames is minecheck's: kept 30
    # deep, the same figures within their spread from run to run, at twice the time)
    with old_objects_set_aside():
        tracemalloc.start(6)
        try:
            gc.collect()
            before = tracemalloc.take_snapshot().filter_traces(mine)
            read = read_files(files, cache=False, bare=True)
            steps = Steps()
            loaded = load_corpus(read, store, as_of=dt.date(2026, 1, 10), steps=steps)
        finally:
            tracemalloc.stop()
            monkeypatch.setattr(module, name, called)
    return held[0], loaded, steps


def _held_when_read(files: list[Path], store: Any, monkeypatch: pytest.MonkeyPatch) -> int:
    """Bytes minecheck's code allocated while the documents were read and still held when the
    last is read (consolidation begins): what the export of events holds for all of them."""
    held, loaded, _ = _held_at((corpus, "consolidate"), files, store, monkeypatch)
    assert sum(len(g.items) for g in loaded.found) > 0
    return held


def test_the_export_of_events_holds_a_few_bytes_per_hidden_danger_until_all_are_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every findings document is read before the first row is made (its inspection's other
    documents, and the events naming its findings, are known only then); what is held for a
    hidden danger meanwhile is its item, severity, deadline, order and digest in columns
    (`HiddenColumns`), not a finding: documents with eight times the findings hold little
    more when the last is read."""
    bob = person(tmp_path, "bob")
    store = store_for(bob)
    docs, few, many = 16, 4, 32
    fewer = _inspections(tmp_path / "few", bob, docs, few)
    more = _inspections(tmp_path / "many", bob, docs, many)
    # (what a first read of each holds once, kept for the process: modules, caches, the item
    # ids' numbers; the tests run before in the same process leave their own)
    _held_when_read(fewer, store, monkeypatch)
    _held_when_read(more, store, monkeypatch)
    small = _held_when_read(fewer, store, monkeypatch)
    large = _held_when_read(more, store, monkeypatch)
    # (held for each finding more, a hidden danger and one that is none alike, each set read
    # once before: 122 B when each hidden danger was held as a finding, 24 B as columns with
    # the others' ids as numbers; read once before the few alone, the many's first read paid
    # for the process's tables too and came out at 42-60 B after other tests)
    per_finding = (large - small) / (docs * (many - few) * 2)
    assert per_finding < 60, (small, large, per_finding)


def test_a_bare_read_s_columns_and_numbers_give_the_findings_and_ids_read_one_by_one(
    tmp_path: Path,
) -> None:
    """A document's hidden dangers read bare as columns are the findings read one by one, by
    index, slice and in order; its other findings' ids as numbers are the ids; a value with a
    finding in another form (no reader writes one) is read one by one, as before."""
    from minecheck.report.corpus_cache import (
        _decode_finding_bare,
        decode_bare,
        encode_result,
        read_for_cache,
    )

    bob = person(tmp_path, "bob")
    (path,) = _inspections(tmp_path / "one", bob, 1, 5)
    blob = encode_result(read_for_cache(path.read_bytes()))
    head, _, body = blob.partition(b"\n")
    values = json.loads(body)[0]
    one_by_one = tuple(map(_decode_finding_bare, values[0]))
    leaf = decode_bare(blob).located(str(path)).leaves[0]
    kept = leaf.findings
    assert isinstance(kept, HiddenColumns)
    assert tuple(kept) == one_by_one
    assert len(kept) == 5
    assert (kept[0], kept[-1], tuple(kept[1:4])) == (one_by_one[0], one_by_one[-1], one_by_one[1:4])
    ((result, ids),) = leaf.plain
    assert isinstance(ids, ItemIds)
    assert (result, tuple(ids), len(ids)) == ("compliant", tuple(values[1][0][1]), 5)
    assert (ids[0], ids[-1], tuple(ids[::2])) == (
        "fine-000",
        "fine-004",
        tuple(values[1][0][1][::2]),
    )
    with pytest.raises(IndexError):
        kept[5]
    # a hidden danger kept as a result alone: each finding read as it is
    values[0][1] = values[0][1][:2]
    other = head + b"\n" + json.dumps([values]).encode()
    found = decode_bare(other).located(str(path)).leaves[0].findings
    assert type(found) is tuple
    assert found == tuple(map(_decode_finding_bare, values[0]))


def _followed(folder: Path, rectifier: Any, acceptor: Any, docs: int, hidden: int) -> list[Path]:
    """`docs` inspections of `hidden` hidden dangers each (`_inspections`), and for each two
    follow-up files that rectify, accept and close every one of them (three signed events)."""
    files = _inspections(folder, rectifier, docs, hidden)
    for d in range(docs):
        refs = [f"{_iid(f'many/{hidden}/{d}')}/item-{k:03d}" for k in range(hidden)]
        by_rectifier = tuple(Event(ref, "rectified", _at(12, 5)) for ref in refs)
        by_acceptor = tuple(
            ev
            for ref in refs
            for ev in (
                Event(ref, "accepted", _at(12, 6), method="expert-review"),
                Event(ref, "closed", _at(12, 7)),
            )
        )
        for n, (who, events) in enumerate(((rectifier, by_rectifier), (acceptor, by_acceptor))):
            header = Header(
                FOLLOWUP, _uuid(f"f/{d}/{n}"), _at(12, 8), who.principal, who.fingerprint, "m"
            )
            path = folder / f"f{d:03d}-{n}.toml"
            path.write_bytes(
                seal(FollowUpDoc(header, events).to_toml(), who.signer, NAMESPACE_FINDINGS)
            )
            files.append(path)
    return sorted(files)


def _held_in_the_fold(files: list[Path], store: Any, monkeypatch: pytest.MonkeyPatch) -> int:
    """Bytes minecheck's code allocated while the documents were read and folded and still held
    when the fold has met the last event (its states, the events, their steps, what reading and
    consolidation left beside them): where the export of events holds most."""
    held, loaded, steps = _held_at((loop, "_repeat_majors"), files, store, monkeypatch)
    assert not loaded.rejected
    assert {s.state for s in steps.steps} == {"rectified", "accepted", "closed"}
    return held


def test_the_fold_of_the_export_of_events_holds_little_per_inspection_followed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fold holds, for each hidden danger an event names, its state; for each event, the
    event and its step: inspections each followed to their closure (four hidden dangers,
    twelve events in two follow-up files) hold what those need when the last event is met,
    and not the reading's duplicate check nor a set per acceptance round."""
    bob, eve = person(tmp_path, "bob"), person(tmp_path, "eve")
    store = store_for(bob, eve)
    few, many, hidden = 4, 16, 4
    fewer = _followed(tmp_path / "few", bob, eve, few, hidden)
    more = _followed(tmp_path / "many", bob, eve, many, hidden)
    _held_in_the_fold(fewer, store, monkeypatch)  # (the process's tables, made once)
    _held_in_the_fold(more, store, monkeypatch)
    small = _held_in_the_fold(fewer, store, monkeypatch)
    large = _held_in_the_fold(more, store, monkeypatch)
    # (15.2 KB an inspection on the code that kept a set per acceptance round and the duplicate
    # check's entries through the fold; 12.7 KB without them)
    per_inspection = (large - small) / (many - few)
    assert per_inspection < 14_000, (small, large, per_inspection)
