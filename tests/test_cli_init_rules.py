"""The command line as a whole (`minecheck.cli`): --version in any spelling, and --help with a
`--lang` that names nothing, an empty word for a file."""

from __future__ import annotations

from pathlib import Path

from minecheck import __version__
from tests.test_scripts import run


def test_version_given_twice_is_the_version(isolated_home: Path) -> None:
    """`minecheck --version --version` (a wrapper that adds its own) is answered by the
    framework, not the fast path: it says the version, exit 0, and no "Missing command"."""
    done = run(["--version", "--version"], isolated_home)
    assert (done.exit_code, done.stdout, done.stderr) == (0, f"minecheck {__version__}\n", "")


def test_help_with_lang_as_the_last_word_says_lang_needs_a_value(isolated_home: Path) -> None:
    """`minecheck summary --help --lang` (the value not typed yet): the usage error that says
    so, with the command's help as the hint, exit 2, no traceback."""
    done = run(["summary", "--help", "--lang"], isolated_home, {"MINECHECK_LANG": "en"})
    assert (done.exit_code, done.stdout) == (2, "")
    assert done.stderr == (
        "minecheck: error: Option '--lang' requires an argument.\n"
        "  hint: minecheck summary --help\n"
    )


def test_an_empty_word_for_a_file_argument_is_a_usage_error(isolated_home: Path) -> None:
    """`minecheck extract "$M"` with M unset named the current directory; it is a usage error
    naming the argument, with the command's help as the hint."""
    done = run(["extract", ""], isolated_home)
    assert (done.exit_code, done.stdout) == (2, "")
    assert done.stderr == (
        "minecheck: error: Invalid value for 'MERGED': an empty path was given\n"
        "  hint: minecheck extract --help\n"
    )
