"""The day's changes attacked: an interrupted start's `--json` as an option's value, a draft id
that shows as nothing, values that are no text named as Python writes them, and an answer's
problem joined to its item with the English colon in Chinese."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import pytest

from tests.conftest import Run
from tests.test_main_rules import STOPPED_AT_START, _python


class Cli(Protocol):
    def __call__(self, args: Sequence[str], input: str | bytes | None = None) -> Run: ...


# --- 1. an interrupted start: `--json` as the value of an option is no `--json` ---------------

INTERRUPTED = "minecheck: error: interrupted; nothing was written\n"


@pytest.mark.parametrize(
    "args",
    [
        ["export", "a.toml", "-o", "--json"],
        ["summary", "a.toml", "--output", "--json"],
        ["--lang", "en", "inspect", "mini", "--site", "--json"],
        ["trust", "add", "--principal", "--json"],
    ],
    ids=["export -o", "summary --output", "inspect --site", "trust add --principal"],
)
def test_an_option_s_value_named_json_asks_no_envelope_of_an_interrupted_start(
    isolated_home: Path, args: list[str]
) -> None:
    """Ctrl-C while `minecheck export a.toml -o --json` starts: the parser gives `-o` the word
    `--json` (a file of that name, as a usage error of the same line reads it), so the run
    asked for no envelope; it was answered with one on stdout, because the word was looked for
    anywhere but after `--`."""
    done = _python(STOPPED_AT_START, *args)
    assert (done.returncode, done.stdout, done.stderr) == (130, "", INTERRUPTED)


@pytest.mark.parametrize(
    ("args", "command"),
    [
        (["export", "-o", "rows.csv", "--json", "a.toml"], "export"),
        (["keys", "generate", "--principal", "a@b.example", "--json"], "keys generate"),
        (["verify", "--evidence", "--json", "a.toml"], "verify"),
    ],
)
def test_json_after_an_option_s_value_still_asks_the_envelope(
    isolated_home: Path, args: list[str], command: str
) -> None:
    """The same reading still finds `--json` after a value (`-o rows.csv --json`) and after
    a flag that takes a value elsewhere (`verify --evidence` is a flag; `followup`'s takes a
    file)."""
    done = _python(STOPPED_AT_START, *args)
    assert (done.returncode, done.stderr) == (130, "")
    envelope = json.loads(done.stdout)
    assert (envelope["command"], envelope["exit_code"]) == (command, 130)
