"""Private keys in the legacy PEM forms (ssh-keygen -m PEM, OpenSSL): each named by its kind,
not called "not an OpenSSH private key", whichever command reads it."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import pytest

from tests.conftest import Run

ALICE = "alice@mine.example"
ONLY = "; minecheck signs with Ed25519 keys only (create one with: minecheck keys generate)\n"


class Cli(Protocol):
    def __call__(self, args: Sequence[str], input: str | bytes | None = None) -> Run: ...


def pem(label: str, *headers: str) -> str:
    """A legacy PEM private key of `label` (its base64 is not read: the label names the kind)."""
    lines = [f"-----BEGIN {label}-----", *headers, "MIIBOgIBAAJBAK", f"-----END {label}-----"]
    return "".join(f"{line}\n" for line in lines)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (pem("RSA PRIVATE KEY"), "an RSA key"),
        (
            pem("RSA PRIVATE KEY", "Proc-Type: 4,ENCRYPTED", "DEK-Info: AES-128-CBC,00"),
            "an RSA key",
        ),
        (pem("EC PRIVATE KEY"), "an ECDSA key"),
        (
            "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n"
            + pem("EC PRIVATE KEY"),
            "an ECDSA key",
        ),
        (pem("DSA PRIVATE KEY").replace("\n", "\r\n"), "a DSA key"),
    ],
    ids=["rsa", "rsa-encrypted", "ec", "ec-with-parameters", "dsa-crlf"],
)
def test_a_legacy_pem_key_is_named_by_its_kind(
    cli: Cli, tmp_path: Path, text: str, kind: str
) -> None:
    key = tmp_path / "id_legacy"
    key.write_bytes(text.encode("ascii"))
    key.chmod(0o600)
    run = cli(["keys", "import", str(key), "--principal", ALICE])
    assert (run.exit_code, run.stdout, run.stderr) == (
        2,
        "",
        f"minecheck: error: {key} is {kind}{ONLY}",
    )


def test_a_pkcs8_key_is_no_openssh_key(cli: Cli, tmp_path: Path) -> None:
    """`BEGIN PRIVATE KEY` (PKCS#8) names no kind: said as no OpenSSH private key."""
    key = tmp_path / "id_pkcs8"
    key.write_bytes(pem("PRIVATE KEY").encode("ascii"))
    key.chmod(0o600)
    run = cli(["keys", "import", str(key), "--principal", ALICE])
    assert (run.exit_code, run.stdout, run.stderr) == (
        2,
        "",
        f"minecheck: error: {key} is not an OpenSSH private key\n"
        "  hint: create one with: minecheck keys generate\n",
    )
