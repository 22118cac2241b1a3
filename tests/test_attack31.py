"""The last merges attacked, round 31: `followup`'s warnings of an extension or a withdrawal by
another than the findings' signer, the rounds of rejections and reopenings it reads, and the
events of an events file taken by time."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.test_expert_panel import REF, by, panel, reports
from tests.test_mine_officer2 import EXTEND, WITHDRAW, due

__all__ = ["due", "panel"]  # the fixtures


@pytest.mark.parametrize("action", [EXTEND, WITHDRAW], ids=["extended", "withdrawn"])
def test_the_findings_key_under_another_name_is_no_other_signer(
    cli: Any, due: dict[str, Any], action: tuple[str, ...]
) -> None:
    """The inspector's key, listed in the trust list under a second name (the office's), signs
    the extension or the withdrawal as that name: it is the key that signed the findings, as the
    fold takes a key under two names for one signer (`closed-by-rectifier`), yet `followup`
    warned that someone who signed none of the findings had signed it."""
    wang = due["people"]["wang"]
    office = "office@coal.example"
    allowed = Path(due["trust"][1])
    allowed.write_text(allowed.read_text() + f"{office} {Path(f'{wang.key}.pub').read_text()}")
    args = ["followup", REF, *action, "--at", "2026-12-03T08:00:00Z", "-o", "w.toml"]
    run = cli([*args, *by(wang)[:2], "--signer", office, "--findings", "xinxing.toml"])
    assert (run.exit_code, run.stdout, run.stderr) == (0, "w.toml\n", "")
    row = reports(cli, due, ["xinxing.toml", "w.toml"])["row"]
    assert row["state"] == ("withdrawn" if action == WITHDRAW else "rectifying")
