"""Loose ends 45: the walk's offer to resume and `drafts discard`'s question name a draft as
`drafts list` shows it (the shortest start that names it alone), and merge's clock refusal is
told as a way of its own among the refusals of its status."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from minecheck.core.checklist import load_checklist
from minecheck.session import draft as drafts
from tests.test_cli_walk_rules import inspect, started
from tests.test_cli_walk_rules import keys as keys  # (a fixture: the keys pressed)
from tests.test_inspect_scripted import CHECKLIST
from tests.test_inspect_scripted import work as work  # (a fixture: Alice's key, trusted)
from tests.test_session_unit import new_draft

OURS, THEIRS = "12345678-aaaa", "12345678-bbbb"  # (their first 8 alike)

OFFER = {
    "en": f"An unfinished draft of this checklist and site exists ({OURS[:10]}, 1 answer).",
    "zh": f"本检查表和被检查单位有一份未完成的草稿（{OURS[:10]}，已答 1 项）。",
}


def _beside(directory: Path, site: str = "Mine B") -> None:
    """Another draft whose id begins as `OURS` does (of another site: not the one offered)."""
    draft = replace(new_draft(load_checklist(CHECKLIST), Path("b.toml")), id=THEIRS, site=site)
    drafts.save(directory, draft)


@pytest.mark.usefixtures("work")
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_offer_to_resume_names_the_draft_as_drafts_list_shows_it(
    cli: Any, keys: list[str], tmp_path: Path, isolated_home: Path, lang: str
) -> None:
    """The site's draft `12345678-aaaa` beside another draft `12345678-bbbb`: the offer said
    `exists (12345678, 1 answer)`, which names either (and `drafts resume 12345678` calls it
    ambiguous). It names the draft as `drafts list` shows it: `12345678-a`."""
    started(cli, keys, tmp_path / "a.toml")
    directory = isolated_home / "drafts"
    (made,) = [path.stem for path in directory.glob("*.toml")]
    text = (directory / f"{made}.toml").read_text("utf-8").replace(made, OURS)
    (directory / f"{OURS}.toml").write_text(text, "utf-8")
    (directory / f"{made}.toml").unlink()
    (directory / f"{made}.lock").unlink(missing_ok=True)
    _beside(directory)
    run = inspect(cli, "-o", str(tmp_path / "a.toml"), "--lang", lang, typed="y\nq\n")
    assert run.exit_code == 0, run.stderr
    assert OFFER[lang] in run.stderr.splitlines()
    listed = cli(["drafts", "list", "--lang", lang])
    cells = [line.split()[0] for line in listed.stdout.splitlines() if "mini-check" in line]
    assert sorted(cells) == [OURS[:10], THEIRS[:10]]  # (as the offer names it)


QUESTION = {
    "en": "Discard draft {id} (Mine A, 0 answers)? [y/N] nothing was discarded\n",
    "zh": "删除草稿 {id}（Mine A，已回答 0 项）？[y/N] 未删除任何内容\n",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_discard_s_question_names_the_draft_as_drafts_list_shows_it(
    cli: Any, isolated_home: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """`drafts discard 12345678-a` beside `12345678-bbbb` asked `Discard draft 12345678 (...)?`,
    which names either draft: the user could not tell which one would go. It names it as
    `drafts list` shows it, `12345678-a`; nothing goes on `n` (exit 0)."""
    monkeypatch.setattr("minecheck.cli.drafts.stdin_is_tty", lambda: True)
    directory = isolated_home / "drafts"
    drafts.save(directory, replace(new_draft(load_checklist(CHECKLIST), Path("a.toml")), id=OURS))
    _beside(directory, site="Mine A")
    run = cli(["drafts", "discard", "--lang", lang, OURS[:10]], input="n\n")
    assert (run.exit_code, run.stdout) == (0, "")
    assert run.stderr == QUESTION[lang].format(id=OURS[:10])
    assert sorted(path.stem for path in directory.glob("*.toml")) == [OURS, THEIRS]
