"""The key list (core/keyring.py, `keys.toml` in the keys directory) as a user meets it: what a
key list that is no file does to every command that reads it."""

from __future__ import annotations

import os
from pathlib import Path

from tests.conftest import within
from tests.test_cli_keys_trust import Cli


def test_a_key_list_that_is_a_pipe_is_refused_not_waited_for(cli: Cli, isolated_home: Path) -> None:
    """keys.toml is found in a directory, not named: a FIFO there (left by a script, or put
    by another user of a shared home) is refused at once, not waited for with no one writing."""
    keys = isolated_home / "keys"
    keys.mkdir(parents=True, mode=0o700)
    os.mkfifo(keys / "keys.toml", 0o600)
    with within(30):
        run = cli(["keys", "list"])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == f"minecheck: error: {keys / 'keys.toml'}: not a regular file (a FIFO)\n"
