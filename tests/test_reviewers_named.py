"""An acceptance's reviewers each name someone: a name that is blank, or only marks that
combine with what stands before them, is refused from an events file as from `--reviewer`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.helpers_merge import INSPECTION
from tests.test_followup import an_inspection_to_follow
from tests.test_inspect_pty import CHECKLIST

REF = f"{INSPECTION}/gas-overlimit"


@pytest.fixture
def setup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    return an_inspection_to_follow(tmp_path, monkeypatch)


NAMES_NO_ONE = [
    (["", "Li"], "''"),
    (["Li", "   "], "'   '"),
    (["\u0301\u0301"], "'\u0301\u0301'"),
    (["Li", "\u3000"], "'\u3000'"),
    (["\u200d"], "'\\u200d'"),
    (["Li", "\u3164"], "'\\u3164'"),
    (["\u2800", "Li"], "'\u2800'"),
    (["\u115f\ufe0f"], "'\\u115f\ufe0f'"),
]
SAID = {
    "en": "ev.json: the event: reviewers holds {name}, which names no one",
    "zh": "ev.json: 该事件：reviewers 中的 {name} 未写明任何人",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(("reviewers", "shown"), NAMES_NO_ONE)
def test_an_events_file_s_reviewer_who_names_no_one_is_refused(
    cli: Any, setup: dict[str, Any], lang: str, reviewers: list[str], shown: str
) -> None:
    """`"reviewers": [""]` passed where `--reviewer ""` is refused: an expert acceptance
    signed with no person named (DOMAIN 3.5: the acceptance's persons are part of the record),
    shown as an empty name in the list."""
    event = {
        "finding": REF,
        "action": "accepted",
        "method": "expert-review",
        "reviewers": reviewers,
        "at": "2026-12-02T09:00:00Z",
    }
    (setup["work"] / "ev.json").write_text(json.dumps({"event": [event]}), encoding="utf-8")
    run = cli(["followup", "--events", "ev.json", "-o", "f.toml", *setup["sign"], "--lang", lang])
    assert (run.exit_code, run.stdout) == (2, ""), run.stderr
    assert SAID[lang].format(name=shown) in run.stderr.splitlines()
    assert not (setup["work"] / "f.toml").exists()


@pytest.mark.parametrize("name", ["\u0301", "\u3164", "\u115f", "\uffa0", "\u2800 "])
@pytest.mark.parametrize("option", ["--reviewer", "--site"])
def test_a_name_of_marks_only_is_refused_on_the_command_line(
    cli: Any, option: str, name: str
) -> None:
    """`--reviewer $'\\u0301'` was taken: a name with no character of its own, drawn over
    whatever stood before it; so were the Hangul fillers and the blank Braille pattern, drawn
    as blanks."""
    if option == "--reviewer":
        args = ["followup", REF, "--action", "accepted", "--method", "expert-review"]
    else:
        args = ["inspect", str(CHECKLIST), "--answers", "a.toml"]
    run = cli([*args, option, name, "--lang", "en"])
    assert (run.exit_code, run.stdout) == (2, ""), run.stderr
    said = "must be non-empty text without control or invisible characters"
    assert run.stderr.splitlines()[0] == f"minecheck: error: {option} {said}"
