"""Private keys in the legacy PEM forms (ssh-keygen -m PEM, OpenSSL): each named by its kind,
not called "not an OpenSSH private key", whichever command reads it."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import pytest

from tests.conftest import Run
from tests.helpers_docs import findings_body

ALICE = "alice@mine.example"
ONLY = "; minecheck signs with Ed25519 keys only (create one with: minecheck keys generate)\n"
# (the keeper's commands: the key is another's)
ONLY_ASK = (
    "; minecheck signs with Ed25519 keys only (ask its signer for an Ed25519 key; minecheck keys "
    "generate makes one)\n"
)


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
        "  hint: create one with:\n    minecheck keys generate\n",
    )


def _container(key_type: bytes) -> str:
    """An OpenSSH private key file whose one key is of `key_type` (read no further)."""
    import base64
    import struct

    def string(b: bytes) -> bytes:
        return struct.pack(">I", len(b)) + b

    raw = b"openssh-key-v1\0" + string(b"none") + string(b"none") + string(b"")
    raw += struct.pack(">I", 1) + string(string(key_type) + string(b"x"))
    body = base64.b64encode(raw).decode("ascii")
    return f"-----BEGIN OPENSSH PRIVATE KEY-----\n{body}\n-----END OPENSSH PRIVATE KEY-----\n"


@pytest.mark.parametrize(
    ("key_type", "kind"),
    [
        (b"rsa-sha2-512", "an RSA key"),
        (b"sk-ssh-ed25519@openssh.com", "a FIDO security key (sk-*)"),
        (b"x" * 61, f"a '{'x' * 60}' key"),
    ],
    ids=["rsa-by-its-signature-name", "fido", "unknown-cut-at-60"],
)
def test_a_private_key_of_another_kind_is_named(
    cli: Cli, tmp_path: Path, key_type: bytes, kind: str
) -> None:
    """Read when signing (no .pub beside it): the key's type is read from the file itself."""
    key = tmp_path / "id_other"
    key.write_text(_container(key_type), encoding="ascii")
    key.chmod(0o600)
    doc = tmp_path / "f.toml"
    body = findings_body(ALICE, "SHA256:" + "A" * 43)
    doc.write_bytes(body)
    run = cli(["sign", str(doc), "--key", str(key), "--signer", ALICE])
    assert (run.exit_code, run.stdout, run.stderr) == (
        2,
        "",
        f"minecheck: error: {key} is {kind}{ONLY}",
    )
    assert doc.read_bytes() == body


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("sk-ssh-ed25519@openssh.com AAAA c\n", "a FIDO security key (sk-*)"),
        ("ssh-\u00e9 AAAA c\n", "a 'ssh-\\u00e9' key"),
        # past the 16 bits of \uXXXX, the first such letter: its 8-digit escape
        ("ssh-\U00010000 AAAA c\n", "a 'ssh-\\U00010000' key"),
    ],
    ids=["fido", "not-ascii", "not-ascii-past-16-bits"],
)
def test_a_public_key_of_another_kind_is_named(
    cli: Cli, tmp_path: Path, line: str, kind: str
) -> None:
    pub = tmp_path / "other.pub"
    pub.write_text(line, encoding="utf-8")
    run = cli(["trust", "add", "--principal", ALICE, "--key", str(pub)])
    assert (run.exit_code, run.stdout, run.stderr) == (
        2,
        "",
        f"minecheck: error: {pub} is {kind}{ONLY_ASK}",
    )
