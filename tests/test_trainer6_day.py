"""A trainer follows the day's guides in both languages (guide-followup's document signed by
hand, guide-scripting's catalogue of problem codes) and holds them to what the product does."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.helpers_merge import Who
from tests.test_cli_sign_rules import who
from tests.test_guide_scripting_taught import GUIDES, IDS, _catalogue_row
from tests.test_minimal_input import sign_args

__all__ = ["who"]  # fixtures

REF = "0b7e4c1a-2d3f-4a5b-8c6d-7e8f9a0b1c2d/gas-overlimit"
# guide-followup's document written by hand, its withdrawal without the reason
BY_HAND = f"""\
[minecheck]
format = "minecheck.followup/1"

[[event]]
finding = "{REF}"
action = "withdrawn"
at = 2026-12-01T08:00:00Z
"""


# --- guide-scripting's catalogue: `sign`'s bad-event ---------------------------------------


@pytest.mark.parametrize("guide", GUIDES, ids=IDS)
def test_the_catalogue_says_bad_event_of_a_document_sign_is_given(
    cli: Any, who: Who, guide: Path
) -> None:
    """`sign` refuses a hand-written follow-up whose event followup would not write with
    `bad-event` (the day's change), at the event's line. The catalogue's row said the code
    comes from `--events` or followup's options, under the heading `followup` alone: a script
    that signs documents could not find it there."""
    Path("f.toml").write_text(BY_HAND, encoding="utf-8")
    run = cli(["sign", "f.toml", *sign_args(who), "--json"])
    assert (run.exit_code, run.stderr) == (2, "")
    [problem, after] = json.loads(run.stdout)["problems"]
    assert (problem["code"], problem["line"], after["code"]) == ("bad-event", 4, "input")
    assert Path("f.toml").read_text(encoding="utf-8") == BY_HAND
    row = _catalogue_row(guide, "bad-event")
    assert "`sign`" in row
