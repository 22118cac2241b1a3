"""`minecheck trust ...` held where mutating cli/trust.py showed nothing noticed a change."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import Run
from tests.test_cli_keys_trust import ALICE, Cli, generate


@pytest.fixture
def open_umask() -> Iterator[None]:
    """umask 0: the modes seen are the ones minecheck gives its files itself."""
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


def test_a_local_time_in_basic_iso_form_needs_a_z(cli: Cli, isolated_home: Path) -> None:
    """`20260131T08` (11 characters, no zone) is a local time like `2026-01-31T08:00:00`: it
    was not to be taken as UTC, but refused with the reason."""
    pub = generate(cli, ALICE)["public_key_path"]
    run: Run = cli(
        ["trust", "add", "--principal", ALICE, "--key", pub, "--valid-after", "20260131T08"]
    )
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == (
        "minecheck: error: --valid-after '20260131T08' needs a Z: trust times are in UTC\n"
    )
    assert not (isolated_home / "allowed_signers").exists()


@pytest.mark.usefixtures("open_umask")
def test_trust_files_are_written_readable_by_all_and_writable_by_their_owner(
    cli: Cli, isolated_home: Path
) -> None:
    """ssh-keygen and other accounts read allowed_signers and revoked_keys: rw-r--r--, no
    more (an execute or write bit for others would be a file anyone could change)."""
    pub = generate(cli, ALICE)["public_key_path"]
    assert cli(["trust", "add", "--principal", ALICE, "--key", pub]).exit_code == 0
    assert cli(["trust", "revoke", pub]).exit_code == 0
    modes = {
        name: stat.S_IMODE((isolated_home / name).stat().st_mode)
        for name in ("allowed_signers", "revoked_keys")
    }
    assert modes == {"allowed_signers": 0o644, "revoked_keys": 0o644}
