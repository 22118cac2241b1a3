"""The day's late code at an edge its own tests left open, pinned by what a user reads: a
reading that is no number, written with text that is no ASCII (`sanitize.written`)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import pytest

from tests.conftest import Run
from tests.test_inspect_scripted import GAS, NOT_USED, answers, inspect, work
from tests.test_main_rules import STOPPED_AT_START, _python

__all__ = ["work"]  # a fixture


class Cli(Protocol):
    def __call__(self, args: Sequence[str], input: str | bytes | None = None) -> Run: ...


def test_a_reading_written_as_text_that_is_no_ascii_is_named_as_the_file_writes_it(
    cli: Cli, work: Path
) -> None:
    """`reading = ["甲烷", 1]` is said as written, not as JSON's `["\\u7532\\u70f7", 1]`, which
    no file the user wrote says."""
    text = answers(f'"{GAS}" = {{ reading = ["甲烷", 1] }}')
    run = inspect(cli, work / "f.toml", text, "--allow-incomplete")
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == ('<stdin>:2:25: reading must be a number, not ["甲烷", 1]\n' + NOT_USED)


@pytest.mark.parametrize("args", [["keys", "list", "--lang"], ["--lang"], ["export", "-o"]])
def test_an_interrupted_start_whose_last_option_lacks_its_value_is_said_as_any(
    isolated_home: Path, args: list[str]
) -> None:
    """Ctrl-C while `minecheck keys list --lang` starts: the option that takes the next word
    has none, and the line is still read for the command, `--json` and the language."""
    done = _python(STOPPED_AT_START, *args)
    assert (done.returncode, done.stdout, done.stderr) == (
        130,
        "",
        "minecheck: error: interrupted; nothing was written\n",
    )
