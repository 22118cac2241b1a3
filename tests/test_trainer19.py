"""A trainer's round, 19: what the guides tell a reader of what the last changes made, as the
product says it, en and zh: a damaged draft in the first-inspection guide (`drafts list` names it
and leaves it; `drafts discard` asks with the same reason), and in the follow-up guide the
warnings of inspections no findings file holds, told ten and the rest counted."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO
from tests.test_loose_ends37 import _unknown, work

__all__ = ["work"]  # (the fixture, used by name)

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


FOLLOWUP = {"en": DOCS / "guide-followup.md", "zh": DOCS / "guide-followup.zh.md"}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_followup_guide_says_inspections_no_file_holds_are_told_ten(
    cli: Any, work: dict[str, Any], lang: str
) -> None:
    """An events file naming twelve inspections no findings file here holds: ten warnings, then
    one line counting two. The follow-up guide, where such an inspection is taught (section 6),
    said each is warned of and not that a script's hundreds are told ten; it now quotes the
    line, as it quotes section 5's for events."""
    text, _ = _unknown(12)
    Path("ev.toml").write_text(text)
    run = cli(["followup", "--events", "ev.toml", "-o", "out.toml", "--lang", lang, *work["sign"]])
    assert (run.exit_code, run.stdout) == (0, "out.toml\n")
    last = run.stderr.splitlines()[-1]
    assert last.startswith("minecheck: warning: ")
    guide = " ".join(FOLLOWUP[lang].read_text(encoding="utf-8").split())
    assert f"`{last}`" in guide
