"""A script writer's round 2: the province's nightly scripts (verify, summarize, export, sign,
merge) run as cron runs them, each case through the installed console script."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_scripts import SIZED, _signed, doc, run

__all__ = ["_signed", "doc"]  # (the fixtures, used by name)

# -- a terminal size larger than any terminal reports ------------------------------------------

WIDEST = "65535"  # (a terminal's size is an unsigned short in the kernel's winsize)


@pytest.mark.parametrize("args", [*SIZED, ["verify", "--help"]], ids=" ".join)
@pytest.mark.parametrize("name", ["COLUMNS", "TERMINAL_WIDTH"])
def test_a_size_larger_than_any_terminal_s_is_the_widest(
    doc: Path, isolated_home: Path, args: list[str], name: str
) -> None:
    """`COLUMNS=99999999999999999999` (a script's "never wrap") made every help a traceback of
    Rich's (`OverflowError`, exit 1), and `COLUMNS=9999999` made `verify --help` take most of a
    minute and 1.4 GB of memory to lay out blanks it then cut off; one of 5000 digits was a
    traceback of Python's (an int of over 4300 digits) in every command. No terminal reports
    more than 65535 columns: a larger size is read as that, the output the widest terminal's."""
    given = [a.format(doc=doc) for a in args]
    unset: dict[str, str | None] = {"COLUMNS": None, "LINES": None, "TERMINAL_WIDTH": None}
    widest = run(given, isolated_home, {**unset, name: WIDEST})
    assert widest.stdout.strip()
    for size in ("99999999999999999999", "65536", "0065536", "9" * 5000):
        wide = run(given, isolated_home, {**unset, name: size})
        assert "Traceback" not in wide.stderr, size
        assert (wide.exit_code, wide.stdout, wide.stderr) == (
            widest.exit_code,
            widest.stdout,
            widest.stderr,
        ), size
