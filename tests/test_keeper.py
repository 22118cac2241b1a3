"""Found by the keeper of an office's keys over several years: windows, rotation, revocation.

Each test runs a command as the keeper or a verifier would, and where the same allowed_signers
and revoked_keys reach the real `ssh-keygen -Y verify`, checks that both give the same verdict.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from tests.helpers_docs import findings_body, seal_with
from tests.helpers_merge import Who, person

WINDOW = 'valid-after="20260101000000Z",valid-before="20260601000000Z"'


def _signed(tmp_path: Path, who: Who, created: dt.datetime, name: str) -> Path:
    doc = tmp_path / name
    doc.write_bytes(
        seal_with(findings_body(who.principal, who.fingerprint, created=created), who.key)
    )
    return doc


def _windowed(tmp_path: Path, who: Who) -> Path:
    """allowed_signers trusting `who` from 2026-01-01 until 2026-06-01 only."""
    allowed = tmp_path / "allowed_signers"
    allowed.write_text(f"{who.principal} {WINDOW} {Path(f'{who.key}.pub').read_text()}")
    return allowed


def test_a_window_s_verdicts_are_said_in_chinese(tmp_path: Path, cli: Any) -> None:
    wang = person(tmp_path, "wang")
    allowed = _windowed(tmp_path, wang)
    early = _signed(tmp_path, wang, dt.datetime(2025, 12, 1, tzinfo=dt.UTC), "early.toml")
    late = _signed(tmp_path, wang, dt.datetime(2026, 7, 1, tzinfo=dt.UTC), "late.toml")
    inside = _signed(tmp_path, wang, dt.datetime(2026, 3, 1, tzinfo=dt.UTC), "inside.toml")
    fp = f"({wang.principal} {wang.fingerprint})"
    run = cli(["verify", "--lang", "zh", "--allowed-signers", str(allowed), str(early), str(late)])
    assert run.exit_code == 1
    assert run.stdout.splitlines()[:2] == [
        f"{early}: key-not-yet-valid: 文件创建时签名密钥尚未生效 {fp}",
        f"{late}: key-expired: 文件创建时签名密钥已过期 {fp}",
    ]
    run = cli(
        ["verify", "--lang", "zh", "--at", "now", "--allowed-signers", str(allowed), str(inside)]
    )
    assert run.exit_code == 1
    assert run.stdout.splitlines()[0] == f"{inside}: key-expired: 检查时签名密钥已过期 {fp}"
