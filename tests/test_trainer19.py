"""A trainer's round, 19: what the first-inspection guide tells an inspector of a damaged draft
(`drafts list` names it and leaves it; `drafts discard` asks with the same reason), en and zh,
as the product says it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO

DOCS = REPO / "docs"
DRAFT_ID = "79f251c4" + "0" * 24
GUIDE = {"en": DOCS / "guide-first-inspection.md", "zh": DOCS / "guide-first-inspection.zh.md"}
# What the guide quotes of the warning (after the draft's path and id) and of the question.
LISTED = {
    "en": "is damaged (draft.started has the wrong type); it was left as it is",
    "zh": "已损坏（draft.started 的类型不对）；已原样保留",
}
ASKED = {
    "en": "Discard draft 79f251c4 (damaged (draft.started has the wrong type))? [y/N]",
    "zh": "删除草稿 79f251c4（已损坏（draft.started 的类型不对））？[y/N]",
}
DISCARD = {"en": "minecheck drafts discard ID", "zh": "minecheck drafts discard 编号"}


def _damaged(home: Path) -> Path:
    """A draft whose start is no time (a file edited by hand, a disk that failed)."""
    directory = home / "drafts"
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{DRAFT_ID}.toml"
    path.write_text('[draft]\nformat = "minecheck.draft/1"\nstarted = "morning"\n', "utf-8")
    return path


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_guide_says_what_drafts_list_and_discard_say_of_a_damaged_draft(
    cli: Any, isolated_home: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """`drafts list` leaves a damaged draft out of its table and names it on stderr with the
    damage; `drafts discard` asks with the same words. The guide, where `drafts list` is taught,
    said nothing of it: it now quotes both and names the command that takes the draft away."""
    path = _damaged(isolated_home)
    run = cli(["drafts", "list", "--lang", lang])
    assert (run.exit_code, run.stdout) == (0, "")
    warning = run.stderr.splitlines()[0]
    assert warning.startswith(f"minecheck: warning: {path}")
    assert warning.endswith(f"{DRAFT_ID} {LISTED[lang]}" if lang == "en" else LISTED[lang])

    monkeypatch.setattr("minecheck.cli.drafts.stdin_is_tty", lambda: True)
    run = cli(["drafts", "discard", DRAFT_ID[:8], "--lang", lang], input="n\n")
    assert run.exit_code == 0
    assert run.stderr.startswith(ASKED[lang])
    assert path.exists()

    guide = " ".join(GUIDE[lang].read_text(encoding="utf-8").split())
    assert LISTED[lang] in guide
    assert ASKED[lang] in guide
    assert DISCARD[lang] in guide
