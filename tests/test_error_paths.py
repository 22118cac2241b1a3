"""Error paths the loose ends left: a file the system refused told from one over the limit by
what the error is (not by how it was raised), the system's words for an errno outside the
Chinese table, several empty folders each named."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from minecheck.errors import InputError, UnreadableInput


def _over_the_limit(path: Path) -> Path:
    from minecheck.core.checklist import MAX_CHECKLIST_BYTES

    with path.open("wb") as fh:
        fh.truncate(MAX_CHECKLIST_BYTES + 1)  # sparse: nothing is written
    return path


def test_a_refused_read_is_an_unreadable_input_and_over_the_limit_is_not(tmp_path: Path) -> None:
    from minecheck.fileio import read_limited

    with pytest.raises(UnreadableInput) as missing:
        read_limited(tmp_path / "nope.toml", 10, "checklist")
    assert missing.value.code == "input"
    with pytest.raises(UnreadableInput):
        read_limited(tmp_path, 10, "checklist")  # a directory
    big = tmp_path / "big.toml"
    big.write_bytes(b"x" * 11)
    with pytest.raises(InputError) as over:
        read_limited(big, 10, "checklist")
    assert not isinstance(over.value, UnreadableInput)
    assert over.value.code == "input"


def test_over_the_limit_is_lints_verdict_while_an_os_error_is_handled(tmp_path: Path) -> None:
    """Lint told the two apart by the InputError's `__context__`: a checklist over the limit
    linted in a caller's `except OSError:` took that OSError as its context and was raised as
    a file the system refused, not lint's verdict on it."""
    from minecheck.core.checklist_lint import lint

    big = _over_the_limit(tmp_path / "big.toml")
    try:
        raise OSError(errno.EIO, os.strerror(errno.EIO))
    except OSError:
        problems, warnings = lint(big, {})
    assert [p.path for p in problems] == [str(big)]
    assert "over the limit" in problems[0].message
    assert warnings == []
