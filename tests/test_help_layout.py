"""`--help` at narrow terminals: a word wider than its column is folded onto the next line,
never cut off with "…" (a cut environment variable's or option's name cannot be typed)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from minecheck.cli import app
from minecheck.cli._reference import command_paths


def narrow_help(path: tuple[str, ...], lang: str, columns: int) -> str:
    env = {"NO_COLOR": "1", "TERM": "dumb", "MINECHECK_LANG": lang, "COLUMNS": str(columns)}
    result = CliRunner().invoke(app, [*path, "--help"], prog_name="minecheck", env=env)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("columns", [40, 80])
def test_no_help_cuts_a_word(columns: int, lang: str) -> None:
    """Every command's help at 40 and 80 columns, in both languages, shows every word whole
    (folded where it is wider than its column)."""
    cut = {
        " ".join(path) or "(root)": [line for line in text.splitlines() if "…" in line]
        for path in command_paths()
        if "…" in (text := narrow_help(path, lang, columns))
    }
    assert cut == {}


def test_an_environment_variable_in_help_is_whole_at_80_columns() -> None:
    """`keys generate --help` at 80 columns named MINECHECK_PASSPHRASE_F… (the option column
    is wide there): the name is folded, every letter of it shown, in order."""
    text = narrow_help(("keys", "generate"), "en", 80)
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if "MINECHECK_PASSPHRASE_F" in line)
    column = lines[at].index("MINECHECK_PASSPHRASE_F")
    folded = lines[at][column:].rstrip() + lines[at + 1][column:].split()[0]
    assert folded.startswith("MINECHECK_PASSPHRASE_FILE")
