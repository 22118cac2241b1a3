"""Seeded KRLs (PROTOCOL.krl) for a differential check against the real `ssh-keygen -Q`.

Each KRL is built field by field from a random choice of sections, plain and certificate,
valid and odd (serial 0, a range upside down, a key ID with a NUL, a bitmap with its top bit
set), then sometimes damaged (a bit flipped, cut short, bytes added, a section repeated).
"""

from __future__ import annotations

import base64
import hashlib
import random
import shutil
import struct
import subprocess
from collections.abc import Sequence
from pathlib import Path

import pytest

MAGIC = b"SSHKRL\n\0"

# the KRL tests that ask the real ssh-keygen
needs_ssh_keygen = pytest.mark.skipif(
    shutil.which("ssh-keygen") is None, reason="ssh-keygen is not installed"
)


def string(data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + data


def u64(value: int) -> bytes:
    return struct.pack(">Q", value % 2**64)


def section(kind: int, data: bytes) -> bytes:
    return bytes([kind]) + string(data)


def header(comment: bytes = b"", reserved: bytes = b"", version: int = 1) -> bytes:
    return (
        MAGIC
        + struct.pack(">I", version)
        + u64(7)
        + u64(1_700_000_000)
        + u64(0)
        + (string(reserved) + string(comment))
    )


def _serial(rng: random.Random) -> int:
    return rng.choice([0, 1, 2, 5, 9, 2**63, 2**64 - 9, 2**64 - 1, rng.randrange(2**64)])


def _cert_subsection(rng: random.Random) -> bytes:
    kind = rng.choice([0x20, 0x21, 0x22, 0x23, 0x23, 0x24, 0x1F])
    if kind == 0x20:
        return section(kind, b"".join(u64(_serial(rng)) for _ in range(rng.randrange(4))))
    if kind == 0x21:
        return section(kind, u64(_serial(rng)) + u64(_serial(rng)))
    if kind == 0x22:
        size = rng.choice([0, 1, 1, 2, 9, 2048, 2049])
        bitmap = bytes(rng.randrange(256) for _ in range(size))
        if size and rng.random() < 0.5:
            bitmap = b"\0" + bitmap[1:] if size == 2049 else bytes([bitmap[0] & 0x7F]) + bitmap[1:]
        return section(kind, u64(_serial(rng)) + string(bitmap))
    if kind == 0x23:
        ids = [rng.choice([b"wang", b"", b"wang", b"a\0b", b"end\0", b"\xff"]) for _ in range(3)]
        return section(kind, b"".join(string(i) for i in ids[: rng.randrange(4)]))
    return section(kind, b"")


def certificates(ca: bytes, *subsections: bytes, reserved: bytes = b"") -> bytes:
    """A certificate section: its CA key (empty: any CA), reserved, subsections."""
    return section(1, string(ca) + string(reserved) + b"".join(subsections))


def _certificates(rng: random.Random, blobs: list[bytes], cas: list[bytes]) -> bytes:
    odd = [blobs[0] + b"\0", b"\0\0\0\x0bssh-ed25519" + string(b"short")]
    ca = rng.choice([b"", *blobs, *cas, *odd])
    subsections = [_cert_subsection(rng) for _ in range(rng.randrange(4))]
    return certificates(ca, *subsections, reserved=rng.choice([b"", b"r"]))


def _plain(rng: random.Random, blobs: list[bytes]) -> bytes:
    kind = rng.choice([2, 3, 5])
    picked = rng.sample(blobs, rng.randrange(len(blobs) + 1))
    entries = []
    for blob in picked:
        if kind == 2:
            entries.append(blob)
        elif kind == 3:
            entries.append(hashlib.sha1(blob).digest())  # noqa: S324
        else:
            entries.append(hashlib.sha256(blob).digest())
    if rng.random() < 0.1:
        entries.append(rng.choice([b"", b"x" * 20, b"y" * 32, b"\0\0\0\x0bssh-ed25519"]))
    return section(kind, b"".join(string(e) for e in entries))


def krl(rng: random.Random, blobs: list[bytes], cas: Sequence[bytes] = ()) -> bytes:
    """One KRL naming some of `blobs` (certificate sections also `cas`), perhaps damaged."""
    comment = rng.choice([b"", b"office", b"a\0b", b"end\0"])
    parts = [header(comment, rng.choice([b"", b"x"]))]
    for _ in range(rng.randrange(5)):
        parts.append(
            _certificates(rng, blobs, list(cas)) if rng.random() < 0.4 else _plain(rng, blobs)
        )
    if rng.random() < 0.05:
        parts.append(section(rng.choice([0, 4, 6, 255]), b""))
    data = b"".join(parts)
    return _damaged(rng, data) if rng.random() < 0.4 else data


def _damaged(rng: random.Random, data: bytes) -> bytes:
    how = rng.randrange(4)
    at = rng.randrange(len(MAGIC), len(data) + 1)
    if how == 0 and at < len(data):
        return data[:at] + bytes([data[at] ^ (1 << rng.randrange(8))]) + data[at + 1 :]
    if how == 1:
        return data[:at]
    if how == 2:
        return data[:at] + bytes(rng.randrange(256) for _ in range(rng.randrange(1, 6))) + data[at:]
    return data + data[len(header()) :]  # every section again (if the comment was empty)


def ssh_keygen_verdicts(krl_file: Path, pubs: list[Path]) -> list[bool] | None:
    """Which keys `ssh-keygen -Q` says are revoked; None where it cannot read the KRL."""
    ran = subprocess.run(
        ["ssh-keygen", "-Q", "-f", str(krl_file), *map(str, pubs)],
        capture_output=True,
        check=False,
    )
    if ran.returncode not in (0, 1):
        return None
    lines = ran.stdout.decode().splitlines()
    assert len(lines) == len(pubs), ran
    return [line.endswith(": REVOKED") for line in lines]


def ca_blobs(directory: Path) -> list[bytes]:
    """CA keys of other kinds: RSA (2048 and a too small 512 bits), ECDSA, DSA, a FIDO key."""
    made = []
    for kind, bits in (("rsa", "2048"), ("ecdsa", "256"), ("dsa", "1024")):
        key = directory / f"ca-{kind}"
        subprocess.run(
            ["ssh-keygen", "-q", "-t", kind, "-b", bits, "-N", "", "-f", str(key)], check=True
        )
        made.append(base64.b64decode(Path(f"{key}.pub").read_text().split()[1]))
    modulus = b"\0" + b"\xc5" * 95 + b"\x01"  # 768 bits: under OpenSSH's 1024
    made.append(string(b"ssh-rsa") + string(b"\x01\x00\x01") + string(modulus))
    sk = string(b"sk-ssh-ed25519@openssh.com") + string(bytes(range(32))) + string(b"ssh:")
    return [*made, sk]
