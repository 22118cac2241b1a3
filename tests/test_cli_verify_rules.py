"""`minecheck verify` held where mutating cli/verify.py showed nothing noticed a change."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.test_cli_keys_trust import Cli


def test_verify_says_a_document_gone_before_it_was_read_and_exits_2(
    cli: Cli, tmp_path: Path, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file removed between the listing and its reading (an archive being
    tidied meanwhile) is named with the reason, counted unreadable, and the exit is 2."""
    from minecheck.report import verdicts

    doc = tmp_path / "gone.toml"
    doc.write_text("x = 1\n")

    def removed_first(paths: list[str], *args: object, **kwargs: object) -> Iterator[object]:
        for path in paths:
            Path(path).unlink()
            yield verdicts.Unread(path)

    monkeypatch.setattr(verdicts, "check_files", removed_first)
    run = cli(["verify", str(doc)])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == (
        f"{doc}: cannot read: No such file or directory\n1 document: 1 unreadable\n"
    )
