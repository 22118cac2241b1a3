"""Mutation round 95: what a user notices where a mutant of this session's new code survived
the tests before (each test fails on its mutant and passes on the code as it is)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len

from tests.helpers_merge import INSPECTION, allowed_signers, person
from tests.helpers_merge import findings as signed_findings
from tests.test_command_lines import DRAFT_SAID, walk_begun
from tests.test_evidence_kept_pty import FILE_PROMPT, QUESTION, _inspect, _required
from tests.test_field_day_pty import READING, REASON, REVIEW, WRITTEN_REASON
from tests.test_inspect_pty import GAS, Terminal, draft_id, ended, findings, key, keyed, line, term
from tests.test_loose_ends_said import _closed, _run
from tests.test_merge_rules import people, setup
from tests.test_narrow_refs import REF, events_at
from tests.test_stock_increment import utc

__all__ = ["events_at", "keyed", "people", "setup", "term", "utc"]  # fixtures


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_going_back_to_a_not_applicable_answer_asks_for_a_reason_afresh(
    keyed: Terminal, lang: str
) -> None:
    """An item that requires evidence answered not applicable (no note), then gone back to and
    answered yes with no file: the reason is asked with nothing offered (the earlier answer
    gave none), and the one typed is what the finding's note says."""
    said = "records seen in the office" if lang == "en" else "在办公室查看了记录。"
    child = _inspect(keyed, _required(keyed, GAS), lang)
    draft_id(child)
    key(child, "a", QUESTION[lang])
    line(child, READING[lang], "b")
    key(child, "y", QUESTION[lang])
    line(child, FILE_PROMPT[lang], "")
    child.expect_exact(REASON[lang])
    assert "[" not in child.before.rpartition("\n")[2]
    child.sendline(said)
    line(child, READING[lang], "0.5")
    line(child, REVIEW[lang], "")
    status, text = ended(child)
    assert status == 0, text
    assert "Traceback" not in text
    [gas] = [f for f in findings(keyed.out) if f["item"] == GAS]
    assert (gas["result"], gas["note"]) == ("compliant", WRITTEN_REASON[lang].format(said))


def test_merge_json_says_its_inconsistent_answers_in_the_envelope_only(
    cli: Any, setup: dict[str, Any], tmp_path: Path
) -> None:
    """`merge --json` of two inspectors' differing answers: stdout's envelope holds them
    (`data.inconsistent`), and stderr says nothing; the warning line is for a run without
    `--json`, and is not a problem of the envelope (it would say the same facts twice)."""
    both = [str(setup["a"]), str(setup["b"])]
    out = tmp_path / "joint.toml"
    run = cli(["merge", *both, "-o", str(out), *setup["trust"], *setup["sign"], "--json"])
    assert (run.exit_code, run.stderr) == (0, "")
    envelope = run.json()
    assert envelope["problems"] == []
    assert [i["finding"] for i in envelope["data"]["inconsistent"]] == [
        f"{INSPECTION}/gas-check-genuine"
    ]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("narrower", [0, 1])
def test_the_walk_s_draft_line_is_one_row_at_exactly_its_width(
    keyed: Terminal, lang: str, narrower: int
) -> None:
    """The walk's first line (`draft ID (answers are saved as you go)`, 72 columns in English,
    65 in Chinese) is written whole on a terminal exactly as wide as it, unfolded; one column
    narrower, the sentence comes first and the id on a row of its own."""
    one_line, sentence = DRAFT_SAID[lang]
    width = cell_len(one_line.format(id="0" * 36)) - narrower
    kept, screen = walk_begun(keyed, lang, width)
    rows = [row.rstrip() for row in screen.display]
    if narrower:
        at = rows.index(sentence)
        assert rows[at + 1] == f"  {kept}"
    else:
        at = rows.index(one_line.format(id=kept))
    assert not screen.folded & {at, at + 1}


# the narrowest width where `show`'s table of events is laid out as a table: the finding's
# reference (50 characters) in two rows of 25, beside the other columns at their least
TWO_ROWS = {"en": 56, "zh": 54}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_event_s_reference_in_two_rows_at_the_narrowest_table(events_at: Any, lang: str) -> None:
    """At the narrowest width the table is laid out, the reference is folded into two rows
    of 25, no more; one column narrower, the event is shown one field a line, its reference
    whole on a line of its own."""
    width = TWO_ROWS[lang]
    head = {
        "en": " FINDING                     ACTION   AT           NOTE",
        "zh": " 隐患                        操作   时间         说明",
    }
    action = {"en": "closed", "zh": "销号"}[lang]
    table = [line.rstrip() for line in events_at(width, lang)]
    assert table[2:6] == [
        head[lang],
        "",
        f" {REF[:25]}   {action}   2026-11-30",
        f" {REF[25:]}   {' ' * cell_len(action)}   08:15Z",
    ]
    fields = [line.rstrip() for line in events_at(width - 1, lang)]
    assert fields[1:3] == [{"en": "FINDING:", "zh": "隐患："}[lang], f"  {REF}"]


def _merged_of(cli: Any, tmp_path: Path, result: str) -> tuple[Path, Path]:
    """Two inspectors' findings of one item, `gas-checks` (its reference 47 characters, an
    odd number), both `result`, merged: the merged file and the trust that checks it."""
    alice, bob = person(tmp_path, "alice"), person(tmp_path, "bob")
    trust = allowed_signers(tmp_path / "allowed_signers", alice, bob)
    sources = []
    for who in (alice, bob):
        source = tmp_path / f"{who.principal.partition('@')[0]}.toml"
        source.write_bytes(signed_findings(who, [result], items=["gas-checks"]))
        sources.append(str(source))
    merged = tmp_path / "merged.toml"
    signing = ["--key", str(alice.key), "--signer", alice.principal]
    run = cli(["merge", *sources, "-o", str(merged), "--allowed-signers", str(trust), *signing])
    assert run.exit_code == 0, run.stderr
    return merged, trust


def _shown(cli: Any, merged: Path, trust: Path) -> list[str]:
    run = cli(["show", str(merged), "--allowed-signers", str(trust), "--as-of", "2026-12-01"])
    assert (run.exit_code, run.stderr) == (0, "")
    return [line.rstrip() for line in run.stdout.splitlines()]


def test_a_merged_finding_s_reference_in_two_rows_at_the_narrowest_table(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`show` of a merged file: at 101 columns, the narrowest its consolidated findings are a
    table, the reference (47 characters) is folded into two rows, 24 and 23, no more; at 100
    they are shown one field a line, the reference whole."""
    merged, trust = _merged_of(cli, tmp_path, "noncompliant")
    ref = f"{INSPECTION}/gas-checks"
    monkeypatch.setenv("COLUMNS", "101")
    lines = _shown(cli, merged, trust)
    head = " FINDING                    RESULT         GRADE   STATE              DEADLINE   BY"
    at = lines.index(head)
    assert [line[:28] for line in lines[at + 2 : at + 5]] == [
        f" {ref[:24]}   ",
        f" {ref[24:]}    ",
        " Demo mine (HLJ-0001)       ",
    ]
    monkeypatch.setenv("COLUMNS", "100")
    lines = _shown(cli, merged, trust)
    at = lines.index("FINDING:")
    assert lines[at + 1 : at + 3] == [f"  {ref}", "  Demo mine (HLJ-0001)"]


def test_a_merged_file_with_nothing_to_act_on_says_so(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A merged file whose every answer is compliant: no reference to lay out, and the
    consolidated findings are said to hold nothing to act on, not an error (the empty table
    under its title became one line with the loose ends' third round)."""
    merged, trust = _merged_of(cli, tmp_path, "compliant")
    monkeypatch.setenv("COLUMNS", "80")
    lines = _shown(cli, merged, trust)
    at = lines.index("no non-compliant items")
    assert lines[at + 1] == "Sources"


@pytest.mark.parametrize(
    ("head", "code", "said"),
    [
        ("", "missing-key", "missing the [minecheck] table"),
        ('minecheck = "1"\n', "bad-type", "minecheck must be a table"),
    ],
)
def test_a_document_with_no_minecheck_table_is_coded_apart_from_one_not_a_table(
    cli: Any, tmp_path: Path, head: str, code: str, said: str
) -> None:
    """`--json`'s problem for a `[minecheck]` table not there is `missing-key`; one there and
    of the wrong type is `bad-type`: a script that acts on the code tells the two apart."""
    path = tmp_path / "f.toml"
    path.write_text(f'{head}[inspection]\nid = "x"\n', encoding="utf-8")
    run = cli(["show", str(path), "--json"])
    assert (run.exit_code, run.stderr) == (2, "")
    first = run.json()["problems"][0]
    assert (first["code"], first["message"], first["line"]) == (code, said, 1)


def test_an_inspection_table_not_there_is_said_once_as_a_missing_key(
    cli: Any, tmp_path: Path
) -> None:
    """A findings document with no `[inspection]` at all: it is said missing, once, as a key of
    the document, and not also "inspection must be a table" (that is for one there, of the
    wrong type)."""
    path = tmp_path / "f.toml"
    path.write_text('[minecheck]\nformat = "minecheck.findings/1"\n', encoding="utf-8")
    run = cli(["show", str(path)])
    assert run.exit_code == 2
    said = [line.removeprefix(str(path)) for line in run.stderr.splitlines()]
    assert [line for line in said if "inspection" in line and "error" not in line] == [
        ": missing required key 'inspection' in a findings document"
    ]


@pytest.mark.usefixtures("isolated_home")
def test_a_closed_standard_input_is_the_json_problem_of_stdin() -> None:
    """`verify - --json <&-`: the envelope's problem names what could not be read, `<stdin>`,
    as its path (a script finds the input at fault there), with the line stderr says."""
    done = _run(["verify", "-", "--json"], _closed)
    assert done.returncode == 2
    [problem] = json.loads(done.stdout)["problems"]
    assert (problem["path"], problem["message"]) == (
        "<stdin>",
        "<stdin>: cannot read: standard input is closed",
    )
