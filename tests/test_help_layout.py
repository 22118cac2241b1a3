"""`--help` at narrow terminals: a word wider than its column is folded onto the next line,
never cut off with "…" (a cut environment variable's or option's name cannot be typed)."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from minecheck.cli import app
from minecheck.cli._reference import command_paths


def narrow_help(path: tuple[str, ...], lang: str, columns: int) -> str:
    env = {"NO_COLOR": "1", "TERM": "dumb", "MINECHECK_LANG": lang, "COLUMNS": str(columns)}
    result = CliRunner().invoke(app, [*path, "--help"], prog_name="minecheck", env=env)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_an_environment_variable_in_help_is_whole_at_80_columns() -> None:
    """`keys generate --help` at 80 columns named MINECHECK_PASSPHRASE_F… (the option column
    is wide there): the name is folded, every letter of it shown, in order."""
    text = narrow_help(("keys", "generate"), "en", 80)
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if "MINECHECK_PASSPHRASE_F" in line)
    column = lines[at].index("MINECHECK_PASSPHRASE_F")
    folded = lines[at][column:].rstrip() + lines[at + 1][column:].split()[0]
    assert folded.startswith("MINECHECK_PASSPHRASE_FILE")


_NAMES = re.compile(r"(?<![\w-])(?:--?[A-Za-z][\w-]*\w|MINECHECK_\w+)")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_no_help_cuts_a_word_nor_an_option_or_a_variable_s_name(lang: str) -> None:
    """Every command's help at 40, 60 and 80 columns, in both languages, shows every word whole
    (folded where it is wider than its column).

    Every option's name and every MINECHECK_ variable a help names is on one line at 40,
    60 and 80 columns as at 120: Rich shared the lack of room among the help table's columns
    and cut them (`--principa` / `l` and `--passphra` / `se-file` at 60, `MINECHECK_PASSPHR`
    / `ASE_FILE` at 40, `MINECHECK_PASSPHRASE_FI` / `LE.` at 80).

    (Each help drawn once at each width, the checks of every width made on it: a failure
    names the width, the command and what was cut.)"""
    cut: dict[tuple[str, int, str], list[str]] = {}
    for path in command_paths():
        name = " ".join(path) or "(root)"
        text = narrow_help(path, lang, 120)
        wide = set(_NAMES.findall(text))
        for columns in (40, 60, 80):
            shown = narrow_help(path, lang, columns)
            if "…" in shown:
                cut["…", columns, name] = [line for line in shown.splitlines() if "…" in line]
            # (a word no line of this width holds, beside the help's indent, is folded: the
            # default `minecheck-findings-v1,minecheck-merged-v1` at 40)
            unfit = [word for word in text.split() if len(word) > columns - 8]
            narrow = set(_NAMES.findall(shown))
            differ = [x for x in narrow ^ wide if not any(x in word for word in unfit)]
            if differ:
                cut["names", columns, name] = sorted(differ)
    assert cut == {}


def test_a_row_too_wide_for_its_columns_has_its_help_under_its_names() -> None:
    """Where the names and the help's widest word do not fit side by side, each option's names
    are on a line (the required mark in its place) and its help under them, indented."""
    lines = narrow_help(("keys", "generate"), "en", 60).splitlines()
    at = lines.index("   * --principal PRINCIPAL")
    assert lines[at : at + 6] == [
        "   * --principal PRINCIPAL",
        "       Who signs with this key, e.g. wang.wei@hlj.example.",
        "       [required]",
        "     --passphrase-file FILE",
        "       File (mode 0600) holding the key's passphrase; also",
        "       MINECHECK_PASSPHRASE_FILE.",
    ]
