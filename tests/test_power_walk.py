"""The walk's last step on a failing disk: the signed file is in place, the draft is not
removed."""

from __future__ import annotations

from pathlib import Path

from tests.test_inspect_pty import Terminal, keyed, term
from tests.test_interrupted import walked_with

__all__ = ["keyed", "term"]  # fixtures

DRAFT_NOT_REMOVED = """
import errno, os

_unlink = os.unlink


def unlink(path, *args, **kwargs):
    name = os.fspath(path)
    if os.path.basename(os.path.dirname(name)) == "drafts" and name.endswith(".toml"):
        raise OSError(errno.EIO, "Input/output error", name)
    return _unlink(path, *args, **kwargs)


os.unlink = unlink
"""


def test_a_draft_that_cannot_be_removed_once_signed_is_said_not_an_error(
    keyed: Terminal, tmp_path: Path
) -> None:
    """The file was signed and written, then removing the draft failed (a failing disk): the
    walk ended with a bare "Input/output error" (exit 2) and no path, so the inspector took the
    inspection for unsigned, and resuming the draft signed a second file. Now the file is named
    (exit 0) and the draft left behind is said, with how to discard it."""
    status, output = walked_with(keyed, tmp_path, DRAFT_NOT_REMOVED)
    [draft] = keyed.drafts()
    assert status == 0, output
    assert f"signed and written: {keyed.out}\r\n" in output
    assert (
        f"minecheck: warning: draft {draft['id']} could not be removed (Input/output error): "
        f"its answers are signed in {keyed.out}; discard it with:  minecheck drafts discard "
        f"{draft['id']}"
    ) in output.replace("\r\n", "")
    assert keyed.verify(keyed.out) == "trusted"
