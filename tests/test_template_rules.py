"""`checklists template` (`cli/template.py`) under mutation: what a script or an inspector sees."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from tests.conftest import DATA, Run

MINI = DATA / "checklists" / "valid" / "mini-check.toml"


class Cli(Protocol):
    def __call__(self, args: Sequence[str], input: str | bytes | None = None) -> Run: ...


def test_json_names_the_checklist_and_its_version(cli: Cli) -> None:
    """A script that keeps the template beside the checklist it was made from reads both."""
    run = cli(["checklists", "template", str(MINI), "--json"])
    assert run.exit_code == 0, run.stderr
    data = run.json()["data"]
    assert (data["checklist"], data["version"]) == ("mini-check", "1")
