"""What a report author's spreadsheet gets from `minecheck export`: every column of every row,
texts a spreadsheet would run made inert, quotes, commas, line breaks and list separators where
a reader of CSV or JSON lines puts them back, and the same bytes cold, warm and `--no-cache`."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest

from minecheck.core.documents import (
    FOLLOWUP,
    Event,
    Finding,
    FollowUpDoc,
    Header,
)
from minecheck.core.sanitize import json_text
from minecheck.core.seal import seal
from minecheck.core.sshsig import NAMESPACE_FINDINGS
from minecheck.report import memo
from minecheck.report.rows import EXPORT_COLUMNS
from tests.helpers_merge import CREATED, Who, allowed_signers, findings_of, person
from tests.test_summary_memo import _memo_rows, _set_memo

AS_OF = "2026-12-31"
SITE = '鹤岗,"南山"矿'
FORMULA = '=HYPERLINK("http://x.example","go")'
TWO_LINES = "行\n二\u2028三"


@pytest.fixture(scope="module")
def people(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Who]:
    d = tmp_path_factory.mktemp("keys")
    return {n: person(d, n) for n in ("alice", "bob")}


def _document(
    who: Who, inspection_id: str, document_id: str, site: str, site_id: str | None, *rows: Finding
) -> bytes:
    return findings_of(
        who, rows, document_id, inspection_id=inspection_id, site=site, site_id=site_id
    )


@pytest.fixture
def hostile(people: dict[str, Who], tmp_path: Path) -> list[str]:
    """Two inspections (the second at a site with no code), hostile texts in every free column."""
    docs = tmp_path / "docs"
    docs.mkdir()
    alice, bob = people["alice"], people["bob"]
    (docs / "a.toml").write_bytes(
        _document(
            alice,
            "3f0c1a2b-0000-4000-8000-000000000001",
            "3f0c1a2b-0000-4000-8000-0000000000a1",
            SITE,
            "HLJ-0001",
            Finding(
                "gas-overlimit",
                "noncompliant",
                severity="major",
                basis=("+CMHD-5.2", "-b;c"),
                description=FORMULA,
                location="-5 m, east",
                responsible='@ops "night"',
                deadline=dt.date(2026, 12, 20),
            ),
            Finding("gas-check-genuine", "compliant"),
            Finding(
                "methane-return",
                "noncompliant",
                severity="general",
                description=TWO_LINES,
                deadline=dt.date(2027, 1, 5),
            ),
        )
    )
    (docs / "b.toml").write_bytes(
        _document(
            bob,
            "3f0c1a2b-0000-4000-8000-000000000002",
            "3f0c1a2b-0000-4000-8000-0000000000b2",
            "+Mine, two",
            None,
            Finding("gas-check-genuine", "not-applicable"),
            Finding("gas-overlimit", "compliant"),
        )
    )
    trust = allowed_signers(tmp_path / "allowed_signers", alice, bob)
    return [str(docs), "--as-of", AS_OF, "--allowed-signers", str(trust)]


_ALICE = (
    "3f0c1a2b-0000-4000-8000-000000000001",
    "3f0c1a2b-0000-4000-8000-0000000000a1",
    SITE,
    "HLJ-0001",
    "coal-major-hidden-dangers",
    "2024.1",
)
_BOB = (
    "3f0c1a2b-0000-4000-8000-000000000002",
    "3f0c1a2b-0000-4000-8000-0000000000b2",
    "+Mine, two",
    None,
    "coal-major-hidden-dangers",
    "2024.1",
)
_PLAIN: tuple[Any, ...] = (None, [], None, None, False, [], None, None, None)
# every row as JSON values, in the order export writes them (inspection, then item)
ROWS: list[tuple[Any, ...]] = [
    (*_ALICE, "gas-check-genuine", "compliant", *_PLAIN, "alice", "alice@coal.example"),
    (
        *_ALICE,
        "gas-overlimit",
        "noncompliant",
        "major",
        ["+CMHD-5.2", "-b;c"],
        "open",
        "2026-12-20",
        True,
        ["overdue", "no-enforcement"],
        FORMULA,
        "-5 m, east",
        '@ops "night"',
        "alice",
        "alice@coal.example",
    ),
    (
        *_ALICE,
        "methane-return",
        "noncompliant",
        "general",
        [],
        "open",
        "2027-01-05",
        False,
        [],
        TWO_LINES,
        None,
        None,
        "alice",
        "alice@coal.example",
    ),
    (*_BOB, "gas-check-genuine", "not-applicable", *_PLAIN, "bob", "bob@coal.example"),
    (*_BOB, "gas-overlimit", "compliant", *_PLAIN, "bob", "bob@coal.example"),
]


def _values(row: tuple[Any, ...]) -> dict[str, Any]:
    *columns, inspector, signer = row
    listed = {"document_ids": [columns[1]], "inspectors": [inspector], "signers": [signer]}
    out = dict(zip(EXPORT_COLUMNS, [*columns, None, None, "trusted"], strict=True))
    return out | listed


def _cell(name: str, value: Any) -> str:
    """A value as a reader of the CSV gets it back: a text a spreadsheet would run behind `'`."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(_cell("", v) if name != "flags" else v for v in value)
    text = str(value).replace("\u2028", "\\u2028")  # (as a terminal shows it: no line end)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def test_every_column_of_every_row_in_csv_jsonl_and_json(cli: Any, hostile: list[str]) -> None:
    """Read back with the csv and json modules, each row is what the documents say: a formula,
    a sign, an @ made inert in CSV (in each part of a list too) and kept as written in JSON;
    quotes, commas, a line break and `;` inside a part where they were; flags as fixed words;
    a site with no code empty; a plain row's hidden-danger columns empty, `false`, `[]`."""
    want = [_values(row) for row in ROWS]
    run = cli(["export", *hostile, "--format", "csv"])
    assert (run.exit_code, run.stderr) == (0, "")
    read = list(csv.reader(io.StringIO(run.stdout, newline="")))
    assert read[0] == list(EXPORT_COLUMNS)
    assert read[1:] == [[_cell(n, row[n]) for n in EXPORT_COLUMNS] for row in want]
    assert read[2][EXPORT_COLUMNS.index("basis")] == "'+CMHD-5.2;'-b;c"
    assert "\r" not in run.stdout
    assert run.stdout.count("\n") == len(want) + 2
    jsonl = cli(["export", *hostile, "--format", "jsonl"])
    assert (jsonl.exit_code, jsonl.stderr) == (0, "")
    lines = jsonl.stdout.split("\n")
    assert lines[-1] == ""
    assert [json.loads(line) for line in lines[:-1]] == want
    assert [list(json.loads(line)) for line in lines[:-1]] == [list(EXPORT_COLUMNS)] * len(want)
    assert "\u2028" not in jsonl.stdout
    assert '"行\\n二\\u2028三"' in jsonl.stdout
    assert jsonl.stdout.startswith('{"inspection":"3f0c1a2b-0000-4000-8000-000000000001",')
    envelope = cli(["export", *hostile, "--json"])
    assert (envelope.exit_code, envelope.stderr) == (0, "")
    assert envelope.json()["data"]["rows"] == want
    assert envelope.stdout == json_text(envelope.json()) + "\n"  # laid out as indent=2 lays it
    assert "\u2028" not in envelope.stdout


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "json"])
def test_the_same_bytes_cold_warm_without_the_cache_and_in_a_file(
    cli: Any, hostile: list[str], tmp_path: Path, fmt: str
) -> None:
    """The second run is answered from the content cache, `--no-cache` from the files: each
    writes the first run's bytes, and `-o` writes them to the file."""
    how = ["--json"] if fmt == "json" else ["--format", fmt]
    cold = cli(["export", *hostile, *how])
    warm = cli(["export", *hostile, *how])
    uncached = cli(["export", *hostile, *how, "--no-cache"])
    assert (cold.exit_code, cold.stderr) == (0, "")
    assert warm == cold
    assert uncached == cold
    if fmt != "json":
        out = tmp_path / f"rows.{fmt}"
        assert cli(["export", *hostile, *how, "-o", str(out)]).exit_code == 0
        assert out.read_bytes() == cold.stdout.encode()


def test_no_rows_is_the_header_alone_in_csv_and_nothing_in_jsonl(
    cli: Any, hostile: list[str], people: dict[str, Who], tmp_path: Path
) -> None:
    """A follow-up alone is a usable document with no finding to export: exit 0, a CSV a
    spreadsheet still opens with its columns, an empty JSONL."""
    alone = tmp_path / "alone"
    alone.mkdir()
    bob = people["bob"]
    event = Event(f"{_ALICE[0]}/gas-overlimit", "rectified", CREATED, note="done")
    header = Header(FOLLOWUP, _BOB[1], CREATED, bob.principal, bob.fingerprint, "minecheck 0.1.0")
    body = FollowUpDoc(header, (event,)).to_toml()
    (alone / "f.toml").write_bytes(seal(body, bob.signer, NAMESPACE_FINDINGS))
    args = [str(alone), *hostile[1:]]
    header_line = ",".join(EXPORT_COLUMNS) + "\n"
    run = cli(["export", *args, "--format", "csv"])
    assert (run.exit_code, run.stdout) == (0, header_line)
    run = cli(["export", *args, "--format", "jsonl"])
    assert (run.exit_code, run.stdout) == (0, "")
    out = tmp_path / "none.csv"
    assert cli(["export", *args, "--format", "csv", "-o", str(out)]).exit_code == 0
    assert out.read_bytes() == header_line.encode()


@pytest.mark.parametrize("fmt", ["json", "csv", "md", "nl", "html"])
def test_a_remembered_summary_of_these_rows_is_the_full_one(
    cli: Any, hostile: list[str], fmt: str
) -> None:
    """The summary over the same rows is remembered whole (its values through the memo's JSON
    codec): the warm run says byte for byte what the first and a `--no-cache` run say."""
    args = ["summary", *hostile, "--format", fmt]
    cold, warm, uncached = cli(args), cli(args), cli([*args, "--no-cache"])
    assert (cold.exit_code, cold.stderr) == (0, "")
    assert warm == cold
    assert uncached == cold
    said = {"csv": "\n5,2,1,2,1,1,1,0,1,0,0,0,1,0,0,0\n", "nl": '{"findings":5,"hidden_dangers":2,'}
    assert said.get(fmt, "鹤岗") in cold.stdout  # (the headline; the site with hidden dangers)


def test_the_remembered_summary_is_what_answers_and_reads_back_exactly(
    cli: Any, hostile: list[str], isolated_home: Path
) -> None:
    """The warm run above is answered by the memo, not made afresh after a value the codec
    could not read back: the kept value decodes and encodes to its own bytes (hostile texts,
    dates, lists, a site with no code), and a headline changed in it is what the next run
    says."""
    args = ["summary", *hostile, "--format", "json"]
    truth = cli(args)
    (blob,) = _memo_rows(isolated_home)
    known = memo.decode_value(blob)
    assert memo.encode_value(known) == blob
    assert known.summary.headline.findings == 5
    headline = dataclasses.replace(known.summary.headline, findings=987654)
    forged = dataclasses.replace(
        known, summary=dataclasses.replace(known.summary, headline=headline)
    )
    _set_memo(isolated_home, memo.encode_value(forged))
    assert '"findings": 987654' in cli(args).stdout
    assert cli([*args, "--no-cache"]) == truth


def test_show_json_gives_the_hidden_dangers_as_export_gives_them(
    cli: Any, hostile: list[str]
) -> None:
    """`show --json` lists a document's hidden dangers with export's columns: the same values,
    dates as ISO text, lists as lists."""
    run = cli(["show", f"{hostile[0]}/a.toml", *hostile[1:], "--json"])
    assert (run.exit_code, run.stderr) == (0, "")
    assert run.json()["data"]["rows"] == [_values(ROWS[1]), _values(ROWS[2])]
