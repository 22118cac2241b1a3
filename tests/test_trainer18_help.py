"""A trainer's round, 18: the README and the help of summary, export, followup and sign tell a
newcomer that stderr tells ten warnings of a kind and `--json` lists every one (en, zh), as the
guides say (`tests/test_trainer18.py`)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.conftest import REPO


def test_the_readme_says_where_every_warning_is() -> None:
    """The README said files left out are "named on stderr" and events "listed on stderr": past
    ten of a kind they are counted there, and `--json` lists each."""
    text = re.sub(r"\s+", " ", (REPO / "README.md").read_text(encoding="utf-8"))
    assert (
        "`summary`, `export`, `merge` and `followup` tell stderr the first ten warnings of one "
        "kind and count the rest on one line; `--json` lists every one"
    ) in text


JSON_HELP = {
    "en": "every warning in it (without --json, stderr tells ten of a kind)",
    "zh": "其中列出全部警告（不加 --json 时标准错误输出每种只显示前十条）",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("command", ["summary", "export", "followup", "sign", "merge"])
def test_the_help_of_each_command_that_rolls_warnings_up_says_where_every_one_is(
    cli: Any, command: str, lang: str
) -> None:
    """`summary --help` said only that `--json` prints an envelope and nothing on stderr; a
    newcomer who saw `1823 more untrusted-key warnings are not shown here` asks where they are."""
    run = cli([command, "--help", "--lang", lang])
    assert run.exit_code == 0
    # (a wrapped line's break is no blank in Chinese: blanks left out on both sides)
    shown = "".join(run.stdout.replace("│", " ").split())
    assert "".join(JSON_HELP[lang].split()) in shown, run.stdout
