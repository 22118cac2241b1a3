"""A signed file's world for the tests that take it apart (core/seal.py): a key trusted in a
folder of its own, bodies signed as other software could sign them, and verify's words."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from minecheck.core.seal import TRAILER_HEAD, TRAILER_TAIL
from minecheck.core.sshsig import NAMESPACE_FINDINGS, KeySigner, PublicKey, sign
from tests.conftest import Run
from tests.helpers_docs import findings_body

ALICE = "alice@mine.example"


class Cli(Protocol):
    def __call__(self, args: Sequence[str], input: str | bytes | None = None) -> Run: ...


@dataclass
class World:
    key: KeySigner
    work: Path

    @property
    def fingerprint(self) -> str:
        return self.key.public_key.fingerprint()

    @property
    def trust(self) -> list[str]:
        return [
            "--allowed-signers",
            str(self.work / "allowed_signers"),
            "--revoked-keys",
            str(self.work / "revoked_keys"),
        ]

    def body(self) -> bytes:
        return findings_body(ALICE, self.fingerprint)

    def signed_as_is(
        self, body: bytes, namespace: str = NAMESPACE_FINDINGS, key: KeySigner | None = None
    ) -> bytes:
        """BODY || TRAILER as other software could sign it: none of minecheck's own checks."""
        armored = sign(key or self.key, body, namespace)
        return body + TRAILER_HEAD + armored.encode("ascii") + TRAILER_TAIL

    def revoke(self, *keys: PublicKey) -> None:
        lines = "".join(k.openssh() + "\n" for k in keys)
        (self.work / "revoked_keys").write_text(lines, encoding="utf-8")

    def verify(self, cli: Cli, data: bytes, *more: str) -> Run:
        path = self.work / "f.toml"
        path.write_bytes(data)
        return cli(["verify", *more, str(path), *self.trust])

    def said(self, cli: Cli, data: bytes) -> tuple[int, str, str]:
        """(exit code, the file's line without its path, the count line)."""
        run = self.verify(cli, data)
        path = self.work / "f.toml"
        return run.exit_code, run.stdout.replace(f"{path}: ", "", 1), run.stderr


def make_world(tmp_path: Path) -> World:
    """Alice's key trusted in `tmp_path`, nothing revoked."""
    key = KeySigner.generate()
    public = " ".join(key.public_key.openssh().split()[:2])
    (tmp_path / "allowed_signers").write_text(f"{ALICE} {public}\n", encoding="utf-8")
    (tmp_path / "revoked_keys").write_text("", encoding="utf-8")
    return World(key, tmp_path)
