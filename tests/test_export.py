"""`minecheck export`: the SPEC 4 columns, read by real consumers; files left out; exit codes."""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import datetime as dt
import io
import itertools
import json
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from minecheck.core.documents import FOLLOWUP, Event, FollowUpDoc, Header, utc_text
from minecheck.core.seal import seal
from minecheck.core.sshsig import NAMESPACE_FINDINGS
from minecheck.report.rows import EXPORT_COLUMNS
from tests.helpers_merge import CREATED, INSPECTION, Who, allowed_signers, findings, person

AS_OF = "2026-12-31"


@pytest.fixture(scope="module")
def people(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Who]:
    d = tmp_path_factory.mktemp("keys")
    return {n: person(d, n) for n in ("alice", "bob", "mallory")}


FOLLOWUP_ID = "7b5f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c1e"


def followup(who: Who, *events: Event, document_id: str = FOLLOWUP_ID) -> bytes:
    """Signed a day after the findings, or when its last event happened if that is later (a
    follow-up records what has happened by the time it is signed)."""
    header = Header(
        FOLLOWUP,
        document_id,
        max([CREATED + dt.timedelta(days=1), *(e.at for e in events)]),
        who.principal,
        who.fingerprint,
        "minecheck 0.1.0",
    )
    return seal(FollowUpDoc(header, events).to_toml(), who.signer, NAMESPACE_FINDINGS)


@pytest.fixture
def corpus(people: dict[str, Who], tmp_path: Path, cli: Any) -> dict[str, Any]:
    allowed = tmp_path / "allowed_signers"
    for name in ("alice", "bob"):
        who = people[name]
        run = cli(
            [
                *("trust", "add", "--principal", who.principal, "--key", f"{who.key}.pub"),
                *("--allowed-signers", str(allowed)),
            ]
        )
        assert run.exit_code == 0, run.stderr
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.toml").write_bytes(
        findings(
            people["alice"],
            ["compliant", "noncompliant", "compliant"],
            deadline=dt.date(2026, 12, 20),
            description="=cmd|' /C calc'!A0",
        )
    )
    (docs / "b.toml").write_bytes(
        findings(people["bob"], ["noncompliant", "noncompliant", "compliant"])
    )
    rectified = Event(
        f"{INSPECTION}/gas-overlimit", "rectified", CREATED + dt.timedelta(days=1), note="done"
    )
    (docs / "f.toml").write_bytes(followup(people["bob"], rectified))
    return {"docs": docs, "trust": ["--allowed-signers", str(allowed)], "people": people}


def export(cli: Any, c: dict[str, Any], *args: str, input: str | None = None) -> Any:
    return cli(["export", *args, "--as-of", AS_OF, *c["trust"]], input=input)


def test_csv_and_jsonl_have_exactly_the_columns_and_duckdb_reads_them(
    cli: Any, corpus: dict[str, Any], tmp_path: Path
) -> None:
    run = export(cli, corpus, str(corpus["docs"]), "--format", "csv")
    assert (run.exit_code, run.stderr) == (0, "")
    reader = csv.reader(io.StringIO(run.stdout))
    header = next(reader)
    assert tuple(header) == EXPORT_COLUMNS
    rows = {r["item"]: r for r in csv.DictReader(io.StringIO(run.stdout))}
    assert list(rows) == ["gas-check-genuine", "gas-overlimit", "methane-return"]
    assert rows["gas-overlimit"]["state"] == "rectified"
    assert rows["gas-overlimit"]["deadline"] == "2026-12-20"
    assert rows["gas-overlimit"]["overdue"] == "true"
    assert rows["gas-overlimit"]["flags"] == "overdue;no-enforcement"
    assert rows["gas-overlimit"]["description"] == "'=cmd|' /C calc'!A0"
    assert rows["gas-check-genuine"]["result"] == "inconsistent"
    assert rows["methane-return"]["state"] == ""
    out_csv = tmp_path / "x.csv"
    out_jsonl = tmp_path / "x.jsonl"
    ok = export(cli, corpus, str(corpus["docs"]), "--format", "csv", "-o", str(out_csv))
    assert (ok.exit_code, ok.stdout) == (0, f"{out_csv}\n")
    assert out_csv.read_text() == run.stdout
    ok = export(cli, corpus, str(corpus["docs"]), "--format", "jsonl", "-o", str(out_jsonl))
    assert ok.exit_code == 0
    lines = [json.loads(x) for x in out_jsonl.read_text().splitlines()]
    assert [tuple(x) for x in lines] == [EXPORT_COLUMNS] * 3
    assert lines[1]["flags"] == ["overdue", "no-enforcement"]
    con = duckdb.connect()
    got = con.execute(
        "select item, state, overdue from read_csv(?, header=true) order by item", [str(out_csv)]
    ).fetchall()
    assert got == [
        ("gas-check-genuine", "open", False),
        ("gas-overlimit", "rectified", True),
        ("methane-return", None, False),
    ]
    cols = [d[0] for d in con.execute("select * from read_csv(?)", [str(out_csv)]).description]
    assert tuple(cols) == EXPORT_COLUMNS
    got = con.execute(
        "select item, state, len(signers) from read_json(?) order by item", [str(out_jsonl)]
    ).fetchall()
    assert got == [
        ("gas-check-genuine", "open", 2),
        ("gas-overlimit", "rectified", 2),
        ("methane-return", None, 2),
    ]
    cols = [d[0] for d in con.execute("select * from read_json(?)", [str(out_jsonl)]).description]
    assert tuple(cols) == EXPORT_COLUMNS
    again = export(cli, corpus, str(corpus["docs"]), "--format", "csv", "-o", str(out_csv))
    assert again.exit_code == 2
    assert f"minecheck: error: {out_csv} already exists" in again.stderr


def test_bad_files_are_left_out_and_named_the_rest_still_written(
    cli: Any, corpus: dict[str, Any]
) -> None:
    docs = corpus["docs"]
    good = (docs / "a.toml").read_bytes()
    (docs / "binary.toml").write_bytes(b"\x00\xff\xfe" * 10)
    (docs / "empty.toml").write_bytes(b"")
    (docs / "truncated.toml").write_bytes(good[: len(good) // 2])
    (docs / "untrusted.toml").write_bytes(
        findings(corpus["people"]["mallory"], ["compliant"] * 3, n=9)
    )
    os.mkfifo(docs / "dir.toml")
    run = export(cli, corpus, str(docs), "--format", "jsonl")
    assert run.exit_code == 2  # an entry that cannot be read (the FIFO), as in verify
    assert len(run.stdout.splitlines()) == 3
    err = run.stderr.splitlines()
    # a FIFO named *.toml is named first, as the walk finds it; then the corpus's verdicts,
    # a malformed one's faults at their lines under it (as verify says them)
    assert (
        err.pop(0) == f"minecheck: warning: {docs}/dir.toml: left out: not a regular file (a FIFO)"
    )
    assert f"minecheck: warning: {docs}/binary.toml: left out: malformed: " in err[0]
    assert err[1] == f"{docs}/binary.toml:1:2: not UTF-8: byte 0xff cannot be decoded"
    assert (
        err[2] == f"minecheck: warning: {docs}/empty.toml: left out: malformed: the file is empty"
    )
    assert err[3].startswith(f"minecheck: warning: {docs}/truncated.toml: left out: malformed: ")
    assert err[4].startswith(f"{docs}/truncated.toml:21:3: invalid TOML: ")
    assert err[5] == (
        f"minecheck: warning: {docs}/untrusted.toml: left out: untrusted-key: "
        "the signing key is not in allowed_signers"
    )
    assert err[6] == (  # what to do: the trust list named as the run was given it
        "  hint: to count it, trust the signer's key as you received it from them (or --from "
        "LINES): minecheck trust add --principal mallory@coal.example --key KEY.pub "
        f"--allowed-signers {corpus['trust'][1]}"
    )
    assert err[7:] == [
        "minecheck: error: 1 entry could not be read (each is named above): the report is made "
        "for the rest",
        "  hint: mend or move away the entries named, then run it again",
    ]
    first = run
    run = export(cli, corpus, str(docs / "empty.toml"), str(docs / "binary.toml"))
    assert run.exit_code == 2
    assert run.stderr.splitlines()[-1] == (
        "minecheck: error: no document could be used: 2 left out (2 malformed)"
    )
    (docs / "dir.toml").unlink()
    left = export(cli, corpus, str(docs), "--format", "jsonl")
    assert left.exit_code == 0  # damaged and untrusted files are left out, named: no check failed
    assert left.stdout == first.stdout
    assert left.stderr.splitlines() == first.stderr.splitlines()[1:-2]  # (and no error)
    incl = export(cli, corpus, str(docs), "--include-untrusted")
    assert incl.exit_code == 0
    rows = [json.loads(x) for x in incl.stdout.splitlines()]
    assert [(r["trust"], "mallory@coal.example" in r["signers"]) for r in rows] == [
        ("untrusted-key", True)
    ] * 3


def test_a_state_an_untrusted_document_made_is_marked(cli: Any, corpus: dict[str, Any]) -> None:
    """With --include-untrusted, an event from an untrusted key marks the row it changed: its
    trust is the worst of the findings' documents and of the events applied to it."""
    docs = corpus["docs"]
    escalated = Event(
        f"{INSPECTION}/gas-overlimit", "escalated", CREATED + dt.timedelta(days=2), note="x"
    )
    (docs / "m.toml").write_bytes(
        followup(corpus["people"]["mallory"], escalated, document_id=str(uuid.uuid4()))
    )

    def row(*extra: str) -> tuple[str, str]:
        run = export(cli, corpus, str(docs), "--format", "jsonl", *extra)
        assert run.exit_code == 0, run.stderr
        found = [json.loads(x) for x in run.stdout.splitlines()]
        gas = next(r for r in found if r["item"] == "gas-overlimit")
        return gas["state"], gas["trust"]

    assert row() == ("rectified", "trusted")  # left out: named on stderr
    assert row("--include-untrusted") == ("escalated", "untrusted-key")
    summary = cli(
        ["summary", str(docs), "--as-of", AS_OF, *corpus["trust"], "--include-untrusted", "--json"]
    )
    assert summary.exit_code == 0, summary.stderr
    assert summary.json()["data"]["headline"]["untrusted"] == 1


def test_paths_from_stdin_and_a_fixed_order(cli: Any, corpus: dict[str, Any]) -> None:
    docs = corpus["docs"]
    names = ["f.toml", "b.toml", "a.toml"]
    by_dir = export(cli, corpus, str(docs))
    listed = export(cli, corpus, "-", input="".join(f"{docs / n}\n" for n in names))
    assert (listed.exit_code, listed.stdout) == (0, by_dir.stdout)
    listed = export(cli, corpus, "-", input="".join(f"{docs / n}\n" for n in reversed(names)))
    assert listed.stdout == by_dir.stdout


def test_same_document_id_different_bytes_is_a_conflict(
    cli: Any, corpus: dict[str, Any], people: dict[str, Who]
) -> None:
    docs = corpus["docs"]
    twin = findings(
        people["alice"],
        ["compliant", "noncompliant", "compliant"],
        deadline=dt.date(2026, 12, 20),
        description="a different text",
    )
    (docs / "twin.toml").write_bytes(twin)
    (docs / "copy.toml").write_bytes((docs / "b.toml").read_bytes())  # same bytes: silent
    run = export(cli, corpus, str(docs))
    assert run.exit_code == 0
    assert "with different content; both are left out" in run.stderr
    rows = [json.loads(x) for x in run.stdout.splitlines()]
    assert {r["item"]: r["signers"] for r in rows}["gas-overlimit"] == ["bob@coal.example"]


def test_another_signer_reusing_a_document_id_removes_nothing(
    cli: Any, corpus: dict[str, Any], people: dict[str, Who]
) -> None:
    """A trusted signer who gives a document of its own another signer's document id (to have
    both left out as copies that differ) makes a document of its own: the other's findings
    stay counted, and the report and exit code are what they were."""
    docs = corpus["docs"]
    before = export(cli, corpus, str(docs))
    victim = (docs / "a.toml").read_text("utf-8")
    stolen = victim.split('document_id = "', 1)[1].split('"', 1)[0]
    escalated = Event(f"{INSPECTION}/methane-return", "escalated", CREATED + dt.timedelta(hours=2))
    (docs / "clash.toml").write_bytes(followup(people["bob"], escalated, document_id=stolen))
    after = export(cli, corpus, str(docs))
    assert after.exit_code == 0
    assert "left out" not in after.stderr
    assert after.stdout == before.stdout  # (the event names no hidden danger: not applied)
    summary = cli(["summary", str(docs), "--as-of", AS_OF, *corpus["trust"], "--format", "json"])
    assert json.loads(summary.stdout)["headline"]["findings"] == 3


def test_a_follow_up_that_carries_its_findings_document_id_removes_nothing(
    cli: Any, corpus: dict[str, Any], people: dict[str, Who]
) -> None:
    """An events file prepared by someone else may carry a document id; signed by the
    inspector whose findings have that id, it is a follow-up of its own, not a second copy."""
    docs = corpus["docs"]
    before = export(cli, corpus, str(docs))
    own = (docs / "a.toml").read_text("utf-8").split('document_id = "', 1)[1].split('"', 1)[0]
    escalated = Event(f"{INSPECTION}/methane-return", "escalated", CREATED + dt.timedelta(hours=2))
    (docs / "same-id.toml").write_bytes(followup(people["alice"], escalated, document_id=own))
    after = export(cli, corpus, str(docs))
    assert (after.exit_code, after.stdout) == (0, before.stdout)
    assert "left out" not in after.stderr


def test_one_key_under_two_names_cannot_accept_what_it_rectified(
    cli: Any, corpus: dict[str, Any], people: dict[str, Who]
) -> None:
    """SPEC 2.4: a major hidden danger is accepted by a signer other than the one who reported
    it rectified. A key trusted for two principals is one signer: its acceptance under the
    other name is not applied."""
    docs = corpus["docs"]
    bob = people["bob"]
    alias = dataclasses.replace(bob, principal="bob.alias@coal.example")
    allowed = Path(corpus["trust"][1])
    line = next(x for x in allowed.read_text().splitlines() if x.startswith(bob.principal))
    with allowed.open("a") as f:
        f.write(alias.principal + line[len(bob.principal) :] + "\n")
    ref = f"{INSPECTION}/gas-overlimit"
    accepted = Event(
        ref, "accepted", CREATED + dt.timedelta(days=1, minutes=5), method="expert-review"
    )
    (docs / "g.toml").write_bytes(followup(alias, accepted, document_id=str(uuid.uuid4())))
    run = export(cli, corpus, str(docs), "--format", "csv")
    assert run.exit_code == 0
    rows = {r["item"]: r for r in csv.DictReader(io.StringIO(run.stdout))}
    assert rows["gas-overlimit"]["state"] == "rectified"
    assert (
        f"event accepted for {ref} at {utc_text(accepted.at)} not applied: "
        "the key that reported it rectified cannot also accept it"
    ) in run.stderr


def test_usage_errors(cli: Any, corpus: dict[str, Any]) -> None:
    run = export(cli, corpus, str(corpus["docs"]), "--format", "xml")
    assert (run.exit_code, run.stderr.splitlines()[0]) == (
        2,
        "minecheck: error: unknown format 'xml'",
    )
    run = cli(["export", str(corpus["docs"]), "--as-of", "31/12/2026"])
    assert run.stderr.splitlines()[0] == (
        "minecheck: error: --as-of '31/12/2026' is not a date like 2026-12-31"
    )


def test_a_format_that_cannot_go_where_asked_is_refused(
    cli: Any, corpus: dict[str, Any], tmp_path: Path
) -> None:
    """Parquet (binary) is never written to standard output, nor summary's terminal table to a
    file: each says what to do instead, in the reader's language, and writes nothing."""
    docs = str(corpus["docs"])
    for lang, said, hint in (
        ("en", "Parquet is binary: name a file", "pass -o FILE.parquet"),
        ("zh", "Parquet 是二进制格式：请指定输出文件", "请加上 -o FILE.parquet"),
    ):
        run = export(cli, corpus, docs, "--format", "parquet", "--lang", lang)
        assert (run.exit_code, run.stdout) == (2, "")
        assert run.stderr == f"minecheck: error: {said}\n  hint: {hint}\n"
    out = tmp_path / "summary.txt"
    for lang, said, hint in (
        ("en", "the table format is for the terminal", "use --format md"),
        ("zh", "table 格式只用于终端显示", "请使用 --format md"),
    ):
        run = cli(["summary", docs, "--format", "table", "-o", str(out), "--lang", lang])
        assert (run.exit_code, run.stdout) == (2, "")
        assert run.stderr == f"minecheck: error: {said}\n  hint: {hint}\n"
    assert not out.exists()


def test_an_empty_file_is_malformed_in_every_command(cli: Any, corpus: dict[str, Any]) -> None:
    """verify, summary and export name an empty file alike: malformed, the file is empty."""
    docs = corpus["docs"]
    (docs / "empty.toml").write_bytes(b"")
    trust = corpus["trust"]
    verify = cli(["verify", "--json", str(docs / "empty.toml"), *trust])
    (checked,) = json.loads(verify.stdout)["data"]["files"]
    assert (checked["status"], checked["detail"]) == ("malformed", "the file is empty")
    summary = cli(["summary", "--json", str(docs), *trust])
    listed = [
        d
        for d in json.loads(summary.stdout)["data"]["documents"]
        if d["path"].endswith("empty.toml")
    ]
    assert [(d["status"], d["reason"]) for d in listed] == [("malformed", "the file is empty")]
    run = export(cli, corpus, str(docs))
    assert f"minecheck: warning: {docs}/empty.toml: left out: malformed: the file is empty" in (
        run.stderr.splitlines()
    )


def _reference_csv(rows: list[Any]) -> str:
    """The CSV as first written: every cell through `row_values`, `for_csv` for each (plainly)."""
    from minecheck.core.sanitize import for_csv
    from minecheck.report.export import row_values

    def cell(name: str, value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, list):
            return ";".join(for_csv(str(v)) if name != "flags" else str(v) for v in value)
        return for_csv(str(value))

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(EXPORT_COLUMNS)
    for row in rows:
        values = row_values(row)
        writer.writerow([cell(name, values[name]) for name in EXPORT_COLUMNS])
    return buf.getvalue()


HOSTILE_TEXT = [
    "=cmd|' /C calc'!A0",
    "+1",
    "-2",
    "@x",
    "\tx",
    "\rx",
    "a\u202eb",
    "x\x00y",
    "行\n二",
    "鹤岗南山矿",
    "",
    " ",
    "'",
    '"',
    ";",
    "a;b",
    "\u200b",
    "\U0001f600",
    "\ud800",
]


def test_csv_for_excel_begins_with_a_byte_order_mark(
    cli: Any, corpus: dict[str, Any], tmp_path: Path
) -> None:
    """Excel reads a CSV without a BOM in the ANSI code page: on a Chinese Windows every site and
    unit name was mojibake. --bom puts one first; the rows and their line ends are the same as
    without it, and the summary's CSV has export's line ends (it had "\r\n")."""
    docs = str(corpus["docs"])
    plain = export(cli, corpus, docs, "--format", "csv")
    marked = export(cli, corpus, docs, "--format", "csv", "--bom")
    assert (marked.exit_code, marked.stderr) == (0, "")
    assert marked.stdout == "\ufeff" + plain.stdout
    out = tmp_path / "x.csv"
    assert export(cli, corpus, docs, "--format", "csv", "--bom", "-o", str(out)).exit_code == 0
    assert out.read_bytes() == b"\xef\xbb\xbf" + plain.stdout.encode()
    got = duckdb.connect().execute("select count(*), min(item) from read_csv(?)", [str(out)])
    assert got.fetchall() == [(3, "gas-check-genuine")]
    summary = ["summary", docs, "--as-of", AS_OF, *corpus["trust"], "--format", "csv"]
    plain, marked = cli(summary), cli([*summary, "--bom"])
    assert marked.stdout == "\ufeff" + plain.stdout
    assert "\r" not in plain.stdout
    assert plain.stdout.count("\n") == 2
    wrong = export(cli, corpus, docs, "--bom")
    assert (wrong.exit_code, wrong.stdout) == (2, "")
    assert wrong.stderr == (
        "minecheck: error: --bom is for CSV\n  hint: pass --format csv, or leave out --bom\n"
    )


@pytest.mark.parametrize("text", HOSTILE_TEXT)
def test_csv_cells_are_as_the_plain_writer_makes_them(text: str) -> None:
    from minecheck.report.export import to_csv
    from minecheck.report.rows import FindingRow

    row = FindingRow(
        inspection=text,
        document_ids=(text, "b"),
        site=text,
        site_id=None,
        checklist="c",
        checklist_version="-1",
        item="i",
        result="noncompliant",
        severity="major",
        basis=(text,),
        state="open",
        deadline=dt.date(2026, 1, 2),
        overdue=True,
        flags=("overdue", "repeat-major"),
        description=text,
        location=None,
        responsible=text,
        inspectors=(text, text),
        signers=("s",),
        trust="trusted",
        found=dt.date(2026, 1, 1),
    )
    plain = dataclasses.replace(row, result="compliant", overdue=False, flags=(), deadline=None)
    rows = [row, plain, row]
    assert to_csv(rows) == _reference_csv(rows)


_TEXT = st.text(
    st.sampled_from([*"ab,;\"'=+-@ \t\r\n\x00\x7f", "行", "\u202e", "\u2028", "\u200b", "😀"]),
    max_size=6,
)
_OPTIONAL = st.none() | _TEXT
_TEXTS = st.lists(_TEXT, max_size=3).map(tuple)


# The strategies a row is drawn from, made once: hypothesis checks a strategy when it is first
# drawn from, and strategies made afresh in each draw were checked again every time (a quarter
# of these tests' CPU). The same strategies: rows drawn as before.
_INSPECTION = st.sampled_from(["i1", "i,2"])
_DOCUMENT_IDS = st.sampled_from([("d1",), ("d1", "d2")])
_CHECKLIST = st.sampled_from(["c", 'c"q'])
_CHECKLIST_VERSION = st.sampled_from(["2026.1", "-1"])
_RESULT = st.sampled_from(["compliant", "noncompliant", "not-checked"])
_SEVERITY = st.none() | st.sampled_from(["major", "general"])
_STATE = st.none() | st.sampled_from(["open", "closed"])
_DEADLINE = st.none() | st.dates()
_SIGNERS = st.sampled_from([("s",), ("s", "t,u")])
_TRUST = st.sampled_from(["trusted", "untrusted-key"])


@st.composite
def _rows(draw: st.DrawFn) -> Any:
    from minecheck.report.rows import FLAGS, FindingRow

    row = FindingRow(
        inspection=draw(_INSPECTION),
        document_ids=draw(_DOCUMENT_IDS),
        site=draw(_TEXT),
        site_id=draw(_OPTIONAL),
        checklist=draw(_CHECKLIST),
        checklist_version=draw(_CHECKLIST_VERSION),
        item=draw(_TEXT),
        result=draw(_RESULT),
        severity=draw(_SEVERITY),
        basis=draw(_TEXTS),
        state=draw(_STATE),
        deadline=draw(_DEADLINE),
        overdue=draw(st.booleans()),
        flags=tuple(f for f in FLAGS if draw(st.booleans())),
        description=draw(_OPTIONAL),
        location=draw(_OPTIONAL),
        responsible=draw(_OPTIONAL),
        inspectors=draw(_TEXTS),
        signers=draw(_SIGNERS),
        trust=draw(_TRUST),
        found=dt.date(2026, 1, 1),
    )
    if draw(st.booleans()):  # no hidden danger: item and result alone
        row = dataclasses.replace(
            row, severity=None, basis=(), state=None, deadline=None, overdue=False, flags=()
        )
        row = dataclasses.replace(row, description=None, location=None, responsible=None)
    return row


@contextlib.contextmanager
def _memo_size(kept: int) -> Iterator[None]:
    """The export's memos hold at most `kept` entries a kind (cleared when full) meanwhile."""
    from minecheck.report import export

    original = export._KEPT, export._KEPT_HEADS
    export._KEPT = export._KEPT_HEADS = kept
    try:
        yield
    finally:
        export._KEPT, export._KEPT_HEADS = original


@given(st.lists(_rows(), max_size=12), st.integers(1, 4))
@settings(max_examples=300, deadline=None)
def test_csv_lines_are_as_the_plain_writer_makes_them_with_any_memo_size(
    rows: list[Any], kept: int
) -> None:
    """Cells and the shared columns are remembered (at most `_KEPT`, cleared when full): the
    same CSV as `csv.writer` over every cell made safe, row by row."""
    from minecheck.report import export

    with _memo_size(kept):
        assert export.to_csv(rows) == _reference_csv(rows)


@given(_TEXT)
def test_a_cell_is_quoted_as_csv_writer_quotes_it(text: str) -> None:
    from minecheck.report.export import csv_cell

    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow([text, "x"])
    if "\r" not in text:  # (csv.writer leaves a bare CR unquoted; for_csv escapes it first)
        assert csv_cell(text) + ",x\n" == buf.getvalue()
    else:
        assert csv_cell(text) == '"' + text.replace('"', '""') + '"'


@given(st.lists(_rows(), max_size=12), st.integers(1, 4))
@settings(max_examples=300, deadline=None)
def test_jsonl_lines_are_each_row_values_escaped_with_any_memo_size(
    rows: list[Any], kept: int
) -> None:
    from minecheck.core.sanitize import json_escaped
    from minecheck.report import export

    with _memo_size(kept):
        lines = export.to_jsonl(rows)
    expected = [
        json_escaped(json.dumps(export.row_values(row), ensure_ascii=False, separators=(",", ":")))
        for row in rows
    ]
    assert lines == "".join(line + "\n" for line in expected)
    assert [json.loads(line) for line in lines.split("\n")[:-1]] == [
        export.row_values(row) for row in rows
    ]


@given(st.lists(_rows(), max_size=12), st.integers(1, 4))
@settings(max_examples=200, deadline=None)
def test_a_row_laid_out_for_the_envelope_is_json_dumps_indented_and_escaped(
    rows: list[Any], kept: int
) -> None:
    from minecheck.core.sanitize import json_escaped
    from minecheck.report import export

    with _memo_size(kept):
        laid_out = export.LaidOut()
        got = [laid_out.line(row) for row in rows]
    values = [export.row_values(row) for row in rows]
    assert got == [json_escaped(json.dumps(v, ensure_ascii=False, indent=2)) for v in values]


_ITEMS = st.lists(_TEXT, unique=True, max_size=14)
_MADE = st.lists(_rows(), max_size=5)
_GROUPS = st.integers(0, 2)
_IN_A_GROUP = st.integers(0, 4)


@st.composite
def _inspection_rows(draw: st.DrawFn) -> Any:
    """An inspection's rows as export's second reading gives them: rows made (any kind) and
    plain groups (one document's findings that are no hidden danger, by result); hostile texts
    everywhere, each item in one row only."""
    from minecheck.core.documents import Inspection
    from minecheck.core.trust import TrustStatus
    from minecheck.report.consolidate import PLAIN_RESULTS, InspectionRows, PlainGroup, Source

    items = iter(draw(_ITEMS))
    made = [
        dataclasses.replace(row, item=item) for row, item in zip(draw(_MADE), items, strict=False)
    ]
    at = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    groups = []
    for _ in range(draw(_GROUPS)):
        inspection = Inspection(
            id=draw(_INSPECTION),
            checklist=draw(_CHECKLIST),
            checklist_version=draw(_CHECKLIST_VERSION),
            checklist_sha256="0" * 64,
            site=draw(_TEXT),
            inspector=draw(_TEXT),
            mode="interactive",
            started=at,
            finished=at,
            language="en",
            site_id=draw(_TEXT),  # "" stands for none, as in a document
        )
        src = Source(draw(_TEXT), draw(_TEXT), "a.toml", inspection)
        kinds = draw(st.lists(st.sampled_from(sorted(PLAIN_RESULTS)), unique=True, max_size=3))
        results = [(kind, list(itertools.islice(items, draw(_IN_A_GROUP)))) for kind in kinds]
        status = draw(st.sampled_from(list(TrustStatus)))
        groups.append(PlainGroup(src, status, dt.date(2026, 1, 1), results))
    return InspectionRows(made, groups)


@given(_inspection_rows(), st.integers(1, 4))
@settings(max_examples=300, deadline=None)
def test_an_inspections_plain_groups_are_written_as_their_rows_would_be(
    rows: Any, kept: int
) -> None:
    """The lines of plain groups are made without a row for each: the same lines as each of the
    inspection's rows, made and sorted by item, in every format and at every memo size."""
    from minecheck.report import export

    whole = rows.whole()
    assert [r.item for r in whole] == sorted(r.item for r in whole)
    for engine in (export._CsvLines, export._JsonLines, export.LaidOut):
        with _memo_size(kept):
            lines = engine()
            got = lines.lines(rows)
            assert got == [engine().line(row) for row in whole]
            assert lines.lines(rows) == got  # again, from what it remembered


def test_a_document_signed_after_the_report_s_day_is_not_yet_known(
    cli: Any, corpus: dict[str, Any]
) -> None:
    """An extension recorded on 30 November and dated the 29th changed the report as of the
    29th when it was made again: a past report must stay what it was (the guide's promise),
    so a document signed after the report's day is not yet known, whatever it dates."""
    docs = corpus["docs"]
    (docs / "f.toml").unlink()
    (docs / "b.toml").unlink()
    ref = f"{INSPECTION}/gas-overlimit"  # alice's deadline: 2026-12-20
    extended = Event(
        ref,
        "extended",
        dt.datetime(2026, 11, 29, 10, 0, tzinfo=dt.UTC),
        note="waiting for the pump",
        new_deadline=dt.date(2027, 1, 15),
    )
    late = followup(corpus["people"]["bob"], extended)  # signed 2026-11-30 08:15 UTC
    (docs / "late.toml").write_bytes(late)

    def deadline(as_of: str) -> str:
        run = cli(["export", str(docs), "--as-of", as_of, *corpus["trust"]])
        assert (run.exit_code, run.stderr) == (0, ""), run.stderr
        rows = {r["item"]: r for r in map(json.loads, run.stdout.splitlines())}
        return str(rows["gas-overlimit"]["deadline"])

    assert deadline("2026-11-29") == "2026-12-20"
    assert deadline("2026-11-30") == "2027-01-15"
    summary = cli(["summary", str(docs), "--as-of", "2026-11-29", "--json", *corpus["trust"]])
    assert summary.json()["data"]["rejected"] == []
    bob: Who = corpus["people"]["bob"]
    sign = ["--key", str(bob.key), "--signer", bob.principal]
    merged = cli(
        ["merge", str(docs / "a.toml"), "-o", str(docs / "m.toml"), *sign, *corpus["trust"]]
    )
    assert merged.exit_code == 0, merged.stderr  # signed today: what it merges was known
    (docs / "a.toml").unlink()
    assert deadline("2026-11-29") == "2026-12-20"


def test_a_site_is_one_site_by_its_code_whatever_its_name(
    cli: Any, people: dict[str, Who], tmp_path: Path
) -> None:
    """One mine (site_id HLJ-0002) written "东山煤矿" by one inspector and "Dongshan Coal Mine"
    by another was two sites (and two groups by site), while repeat-major, in the same report,
    took them for one. A site is its code where it has one, shown by every name it was given
    (and its code, where another code shares the names); one without a code is its name."""
    allowed = allowed_signers(tmp_path / "allowed_signers", *people.values())
    docs = tmp_path / "docs"
    docs.mkdir()
    bad = ["noncompliant", "compliant", "compliant"]
    for n, (who, site, site_id) in enumerate(
        [
            ("alice", "东山煤矿", "HLJ-0002"),
            ("bob", "Dongshan Coal Mine", "HLJ-0002"),
            ("alice", "Hongyang Iron Mine", None),
            ("bob", "Hongyang Iron Mine", None),
            ("alice", "新兴煤矿", "HLJ-0007"),  # two mines of one name: two sites
            ("bob", "新兴煤矿", "SX-0001"),
            ("alice", "新兴煤矿 (SX-0001)", None),  # a name written to read as a coded site's
        ]
    ):
        iid = str(uuid.UUID(int=n + 1, version=4))
        data = findings(people[who], bad, n, inspection_id=iid, site=site, site_id=site_id)
        (docs / f"{n}.toml").write_bytes(data)
    for more in ([], [], ["--no-cache"]):
        args = ["summary", str(docs), "--by", "site", "--json", "--allowed-signers", str(allowed)]
        run = cli([*args, "--as-of", AS_OF, *more])
        assert (run.exit_code, run.stderr) == (0, "")
        data = run.json()["data"]
        assert data["scope"]["sites"] == 5
        groups = [(g["site"], g["findings"]) for g in data["groups"]]
        assert groups == [
            ("Dongshan Coal Mine / 东山煤矿", 6),
            ("Hongyang Iron Mine", 6),
            ("新兴煤矿 (HLJ-0007)", 3),
            ("新兴煤矿 (SX-0001)", 3),  # the coded mine's own row, then the other's: never one
            ("新兴煤矿 (SX-0001)", 3),
        ]
        majors = [(s["site"], s["open_majors"]) for s in data["open_majors_by_site"]]
        assert majors == [
            ("Dongshan Coal Mine / 东山煤矿", 2),
            ("Hongyang Iron Mine", 2),
            ("新兴煤矿 (HLJ-0007)", 1),
            ("新兴煤矿 (SX-0001)", 1),
            ("新兴煤矿 (SX-0001)", 1),
        ]


def test_a_refused_acceptance_is_said_in_chinese(
    cli: Any, corpus: dict[str, Any], people: dict[str, Who]
) -> None:
    """The warning named the action by its code (`的事件 accepted 未采纳`) and the reason the
    method by its code (`不能以 self 方式验收`) in a Chinese line."""
    ref = f"{INSPECTION}/gas-overlimit"
    accepted = Event(ref, "accepted", CREATED + dt.timedelta(days=1, minutes=5), method="self")
    path = corpus["docs"] / "g.toml"
    path.write_bytes(followup(people["alice"], accepted, document_id=str(uuid.uuid4())))
    for command in (["export", "--format", "csv"], ["summary", "--format", "json"]):
        run = cli(
            [*command, str(corpus["docs"]), "--as-of", AS_OF, *corpus["trust"], "--lang", "zh"]
        )
        assert run.exit_code == 0, run.stderr
        assert (
            f"minecheck: warning: {path}：{ref} 于 {utc_text(accepted.at)} 的“验收通过”事件未采纳："
            "重大隐患不能采用自行验收（self）；须专家评审（expert-review）、第三方（third-party）"
            "或监管部门现场（regulator-onsite）验收\n"
        ) in run.stderr
