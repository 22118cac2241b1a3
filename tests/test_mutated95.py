"""Mutation round 95: what a user notices where a mutant of this session's new code survived
the tests before (each test fails on its mutant and passes on the code as it is)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.helpers_merge import INSPECTION
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
