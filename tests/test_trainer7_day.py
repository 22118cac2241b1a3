"""A trainer follows the day's guides in both languages and reads every Chinese output a
newcomer meets at 40, 60 and 80 columns: here, each command's `--help`, which the first
inspection guide sends a reader to (and to docs/cli.zh.md, the help written out)."""

from __future__ import annotations

import pytest

from minecheck.cli._breaks import CLOSING, OPENING
from minecheck.cli._reference import command_paths
from tests.test_help_layout import narrow_help


def _said(text: str) -> list[str]:
    """The lines of a help, without the indent and the required mark."""
    return [line.strip(" *") for line in text.splitlines()]


def test_a_chinese_help_breaks_at_a_phrase_not_inside_a_word() -> None:
    """`inspect --help --lang zh` at 40 columns (a phone over ssh) broke its option helps
    where Rich's fold fell: `MINECHECK_PASSPHRASE_FILE 指` / `定。`, `（默` / `认：…`,
    `统一社会信` / `用代码。`. Help is now broken by the line breaker every other shown text
    goes through."""
    said = _said(narrow_help(("inspect",), "zh", 40))
    at = said.index("MINECHECK_PASSPHRASE_FILE")
    assert said[at + 1] == "指定。"
    at = said.index("显示文字的语言：en 或 zh")
    assert said[at + 1 : at + 3] == ["（默认：MINECHECK_LANG，", "其次为系统区域设置）。"]
    at = said.index("固定代码：矿井编号、")
    assert said[at + 1] == "统一社会信用代码。"


def test_a_chinese_command_description_begins_no_line_with_a_closing_mark() -> None:
    """`checklists lint --help --lang zh` at 40 columns: the description (not a table's cell)
    read `…每个问题打印为 路径:行` / `:列: 说明…`, a line begun with a colon."""
    said = _said(narrow_help(("checklists", "lint"), "zh", 40))
    at = said.index("检查检查表文件；每个问题打印为 路径:")
    assert said[at + 1] == "行:列: 说明（有问题时退出码为 1）。"


def test_the_reference_s_chinese_help_keeps_a_short_phrase_whole() -> None:
    """docs/cli.zh.md (the help at 100 columns) read `…或运行 minecheck 的 shell 安` / `装命令
    补全。` for `--install-completion`."""
    said = _said(narrow_help((), "zh", 100))
    line = next(x for x in said if x.startswith("--install-completion"))
    assert line.endswith("或运行 minecheck 的 shell")
    assert said[said.index(line) + 1] == "安装命令补全。"


@pytest.mark.parametrize("columns", [40, 60, 80])
def test_no_chinese_help_line_begins_with_a_closing_mark_or_ends_with_an_opening_one(
    columns: int,
) -> None:
    """Every command's Chinese help: no line begun with a closing mark (`，。、；：）` …) nor
    ended with an opening one, but where a piece wider than the line is folded
    (`CHECKLIST-YYYYMMDD-HHMMSS.toml；` at 40)."""
    wrong = {}
    for path in command_paths():
        said = _said(narrow_help(path, "zh", columns))
        lines = [
            line
            for before, line in zip(["", *said], said, strict=False)
            if line
            and (line[0] in CLOSING - {"."} or line[-1] in OPENING)
            and not (before.isascii() and " " not in before)  # (a word folded before it)
        ]
        if lines:
            wrong[" ".join(path) or "(root)"] = lines
    assert wrong == {}


def test_the_reference_says_the_width_its_help_is_drawn_at() -> None:
    """docs/cli.md and docs/cli.zh.md are the help at WIDTH columns, and said only "as
    minecheck prints it". At 80 columns (the guides' terminal) `keys generate --help` sets each
    option's names on a line and its help under them, which the reference never shows: a
    reader comparing the two could not tell why. The reference now says its width and that."""
    from minecheck.cli._reference import WIDTH
    from tests.test_docs import CLI_MD, CLI_ZH_MD

    at_80 = _said(narrow_help(("keys", "generate"), "en", 80))
    assert at_80[at_80.index("--principal PRINCIPAL") + 1].startswith("Who signs with this key")
    for path, width, under in (
        (CLI_MD, f"at {WIDTH} columns", "its help under them"),
        (CLI_ZH_MD, f"{WIDTH} 列", "说明写在其下"),
    ):
        intro = path.read_text(encoding="utf-8").split("\n## ")[0]
        assert width in intro
        assert under in intro
