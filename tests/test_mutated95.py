"""Mutation round 95: what a user notices where a mutant of this session's new code survived
the tests before (each test fails on its mutant and passes on the code as it is)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pexpect
import pyte
import pytest
from rich.cells import cell_len

from tests.helpers_merge import INSPECTION
from tests.test_command_lines import DRAFT_SAID, ROWS, Screen
from tests.test_command_lines import QUESTION as GAS_ASKED
from tests.test_evidence_kept_pty import FILE_PROMPT, QUESTION, _inspect, _required
from tests.test_field_day_pty import READING, REASON, REVIEW, WRITTEN_REASON
from tests.test_inspect_pty import GAS, Terminal, draft_id, ended, findings, key, keyed, line, term
from tests.test_merge_rules import people, setup

__all__ = ["keyed", "people", "setup", "term"]  # fixtures


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
    keyed.width, keyed.rows = width, ROWS
    child = keyed.inspect("--lang", lang)
    child.logfile_read = io.StringIO()
    kept = draft_id(child)
    child.expect_exact(GAS_ASKED[lang])
    child.sendintr()
    child.expect(pexpect.EOF)
    output = child.logfile_read.getvalue()
    child.close()
    screen = Screen(width, ROWS)
    pyte.Stream(screen).feed(output.replace("\r\n", "\n").replace("\n", "\r\n"))
    rows = [row.rstrip() for row in screen.display]
    if narrower:
        at = rows.index(sentence)
        assert rows[at + 1] == f"  {kept}"
    else:
        at = rows.index(one_line.format(id=kept))
    assert not screen.folded & {at, at + 1}
