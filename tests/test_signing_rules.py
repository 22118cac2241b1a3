"""How a signing command gets its key, principal and passphrase (cli/_signing.py), as a user
meets each rule: what is refused before anything is waited for."""

from __future__ import annotations

import os
from pathlib import Path

from tests.conftest import within
from tests.test_cli_keys_trust import Cli

ALICE = "alice@mine.example"


def test_a_passphrase_fifo_others_may_read_is_refused_before_its_writer_is_waited_for(
    cli: Cli, tmp_path: Path, isolated_home: Path
) -> None:
    """`mkfifo -m 644 pp`: the passphrase would pass through a pipe others may open, so it is
    refused at once, with the chmod to run (not a run that waits for a writer never coming)."""
    fifo = tmp_path / "pp"
    os.mkfifo(fifo)
    fifo.chmod(0o644)
    with within(30):
        run = cli(["keys", "generate", "--principal", ALICE, "--passphrase-file", str(fifo)])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == (
        f"minecheck: error: passphrase file {fifo} is readable by group or others\n"
        "  hint: let only its owner read it:\n"
        f"    chmod 600 {fifo}\n"
    )
    assert not (isolated_home / "keys" / ALICE).exists()
