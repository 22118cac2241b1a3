"""The session's merges attacked, round 39: `checklists lint` of a folder, whose walk now
reads a `.TOML` suffix in any case, says of a checklist named so what minecheck says when it
finds one among the user's checklists (it is not read there), in the same words; a cached
value's list of a document's hidden dangers holding a string no item id can be is never served
(the warning of separate inspections named it)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from minecheck.paths import bundled_checklists_dir
from tests.helpers_merge import Who
from tests.test_coordinator2 import people
from tests.test_same_day_reads import _folder, damage_heads

__all__ = ["people"]  # fixtures

CHECKLIST = (bundled_checklists_dir() / "coal-major-hidden-dangers.toml").read_text("utf-8")
MINE = CHECKLIST.replace('id = "coal-major-hidden-dangers"', 'id = "my-list"', 1)

NOT_READ = {
    "en": "not read: a checklist's file name ends in .toml",
    "zh": "未读取：检查表的文件名须以 .toml 结尾",
}
COUNTED = {
    "en": "{n} file checked, {p} problem{s}\n",
    "zh": "已检查 {n} 个文件，发现 {p} 个问题\n",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("name", ["MY-LIST.TOML", "my-list.Toml"])
def test_lint_of_a_folder_says_a_checklist_named_in_capitals_is_not_read(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, name: str
) -> None:
    """A folder's `MY-LIST.TOML` passed lint (exit 0), though minecheck does not read it among
    the user's checklists ("not read: ..."): now lint says so, exit 1, in the loader's words."""
    monkeypatch.chdir(tmp_path)
    Path("cl").mkdir()
    Path("cl", name).write_text(MINE, encoding="utf-8")
    run = cli(["checklists", "lint", "cl", "--lang", lang])
    counted = COUNTED[lang].format(n=1, p=1, s="")
    assert (run.exit_code, run.stdout, run.stderr) == (1, f"cl/{name}: {NOT_READ[lang]}\n", counted)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_lint_of_a_folder_still_reads_a_checklist_named_in_lower_case(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """Guard: `my-list.toml` below a folder, and `MY-LIST.TOML` named on its own, are linted."""
    monkeypatch.chdir(tmp_path)
    Path("cl").mkdir()
    Path("cl", "my-list.toml").write_text(MINE, encoding="utf-8")
    Path("MY-LIST.TOML").write_text(MINE, encoding="utf-8")
    for given in ("cl", "MY-LIST.TOML"):
        run = cli(["checklists", "lint", given, "--lang", lang])
        counted = COUNTED[lang].format(n=1, p=0, s="s")
        assert (run.exit_code, run.stdout, run.stderr) == (0, "", counted)


@pytest.mark.parametrize(
    "items",
    [
        ["gas-check-genuine\u001b[31m"],  # an escape sequence after an item id
        ["Gas-Check-Genuine"],  # capitals: no item id has them
        [""],  # empty
        ["gas-check-genuine", "x" * 65],  # longer than an item id can be
    ],
    ids=["escape", "capitals", "empty", "too-long"],
)
@pytest.mark.parametrize("command", ["summary", "export"])
def test_a_cached_list_of_hidden_dangers_holding_no_item_id_is_never_served(
    people: dict[str, Who], tmp_path: Path, cli: Any, items: list[str], command: str
) -> None:
    """A cached value whose first line gives a document's hidden dangers as strings no item id
    can be (a value damaged on disk) is read again from the file: a warm run warns of separate
    inspections in the cold run's words. Their strings were taken (only a list of strings was
    asked), and the warning named them."""
    args = _folder(tmp_path, people, one_mine=True)
    argv = [command, *args, "--format", "json" if command == "summary" else "csv"]
    cold = cli([*argv, "--as-of", "2026-12-30"])
    assert cold.exit_code == 0
    assert "record gas-check-genuine as a hidden danger" in cold.stderr
    damage_heads(items)
    warm = cli([*argv, "--as-of", "2026-12-31"])
    assert (warm.exit_code, warm.stderr) == (0, cold.stderr)
