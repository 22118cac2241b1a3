"""The framework's suggestions (`No such option` and its possible options, `No such command`
and the names meant) list in Chinese as a Chinese list does, with `、`, for every command; the
English is Click's and Typer's, byte for byte."""

from __future__ import annotations

import pytest

from tests.test_help_zh import needs_script, run_wrong


@needs_script
@pytest.mark.parametrize(
    ("args", "en", "zh", "helped"),
    [
        (
            ["merge", "--o", "x", "a.toml"],
            "No such option: --o (Possible options: --force, --json)",
            "没有选项 --o（可能是：--force、--json）",
            "merge",
        ),
        (
            ["export", "--form", "csv", "x"],
            "No such option: --form (Possible options: --bom, --force, --format)",
            "没有选项 --form（可能是：--bom、--force、--format）",
            "export",
        ),
        (
            ["summary", "--bogus"],
            "No such option: --bogus (Possible options: --bom)",
            "没有选项 --bogus（可能是：--bom）",
            "summary",
        ),
        (
            ["ext"],
            "No such command 'ext'. Did you mean 'export', 'extract'?",
            "没有命令 'ext'。是不是要用 'export'、'extract'？",
            "",
        ),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else None,
)
def test_the_suggested_names_are_a_list_of_the_run_s_language(
    args: list[str], en: str, zh: str, helped: str
) -> None:
    hint = f"  hint: minecheck {helped} --help\n".replace("  --", " --")
    for lang, error in (("en", en), ("zh", zh)):
        run = run_wrong(args, MINECHECK_LANG=lang)
        assert run.stderr == f"minecheck: error: {error}\n{hint}"
