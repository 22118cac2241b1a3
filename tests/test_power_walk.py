"""The walk's last step on a failing disk: the signed file is in place, the draft is not
removed."""

from __future__ import annotations

from pathlib import Path

import pexpect

from tests.test_inspect_pty import (
    CHECKLIST,
    READING_PROMPT,
    REVIEW_PROMPT,
    Terminal,
    ended,
    key,
    keyed,
    line,
    term,
)

__all__ = ["keyed", "term"]  # fixtures

EXE = Path(__import__("sys").executable).parent / "minecheck"

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
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(DRAFT_NOT_REMOVED)
    env = {**keyed.env(), "PYTHONPATH": str(site)}
    child = pexpect.spawn(
        str(EXE),
        ["inspect", str(CHECKLIST), "--site", "Mine A", "-o", str(keyed.out), "--inspector", "W"],
        env=env,
        cwd=str(keyed.cwd),
        dimensions=(40, 120),
        timeout=30,
        encoding="utf-8",
    )
    key(child, "y")
    line(child, READING_PROMPT, "0.5")
    line(child, REVIEW_PROMPT, "")
    status, output = ended(child)
    [draft] = keyed.drafts()
    assert status == 0, output
    assert f"signed and written: {keyed.out}\r\n" in output
    assert (
        f"minecheck: warning: draft {draft['id']} could not be removed (Input/output error): "
        f"its answers are signed in {keyed.out}; discard it with: minecheck drafts discard "
        f"{draft['id']}"
    ) in output.replace("\r\n", "")
    assert keyed.verify(keyed.out) == "trusted"
