"""The script contract of cli/_output.py, as a shell script meets it: the exit code, what is
on stdout (data, or one JSON envelope parsed by json.loads) and the exact lines on stderr, in
both languages where the text is a message (each test named after the rule it holds)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.test_inspect_pty import Terminal, ended, keyed, term
from tests.test_locale_pty import UNSHOWN, UNSHOWN_HINT, EncodedTerminal

__all__ = ["keyed", "term"]  # fixtures

SCRIPT = Path(sys.executable).parent / "minecheck"


def test_data_that_ends_its_own_line_gets_no_second_newline(cli: Any) -> None:
    """`checklists template ... > answers.toml`: the template as written to stdout is the
    template the envelope holds, byte for byte, ending in one newline (a text that ends its
    own line is not given another)."""
    args = ["checklists", "template", "rectification-quality", "--tag", "enterprise"]
    plain = cli(args)
    assert plain.exit_code == 0, plain.stderr
    template = cli([*args, "--json"]).json()["data"]["template"]
    assert template.endswith("\n")
    assert plain.stdout == template
    assert not plain.stdout.endswith("\n\n")


def test_chinese_unshown_is_two_lines_and_the_error_follows_them(keyed: Terminal) -> None:
    """At a Latin-1 terminal, `--lang zh` adds the English warning and its hint, two lines,
    and nothing else: the next line is the command's own error line."""
    child = EncodedTerminal(keyed, "latin-1").spawn("verify", "--lang", "zh", "missing.toml")
    status, output = ended(child)
    assert status == 2, output
    lines = output.replace("\r\n", "\n").splitlines()
    at = lines.index(UNSHOWN.format(encoding="ISO-8859-1"))
    assert lines[at + 1] == UNSHOWN_HINT
    assert lines[at + 2].startswith("minecheck: error: missing.toml"), output
