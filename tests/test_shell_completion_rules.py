"""`minecheck --install-completion` (cli/_shell_completion.py): what it makes, and with what
permissions."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.test_completion import _install


@pytest.fixture
def umask_022() -> Iterator[None]:
    """The usual umask, so the modes asked for are the modes made."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_completion_installed_in_a_new_home_is_readable_by_its_shell(
    tmp_path: Path, umask_022: None
) -> None:
    """A home with neither ~/.bashrc nor ~/.bash_completions: the folder is made 0755 and the
    start-up file 0644, as a shell and its user expect (a folder made 0000 could not be entered
    by the user, nor a start-up file made 0000 read by bash)."""
    home = tmp_path / "home"
    home.mkdir()
    run = _install(home, "bash")
    assert run.returncode == 0, run.stderr
    folder = home / ".bash_completions"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o755
    assert stat.S_IMODE((home / ".bashrc").stat().st_mode) == 0o644
    assert (folder / "minecheck.sh").is_file()
