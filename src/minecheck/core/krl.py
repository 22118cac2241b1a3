"""OpenSSH key revocation lists (KRL, PROTOCOL.krl), as `ssh-keygen -k` writes them.

A revoked_keys file may be a KRL instead of a list of public keys; `ssh-keygen -Y verify -r`
reads both. What a KRL can say of a plain key is read in full: keys listed whole, and keys
listed by their SHA-1 or SHA-256 digest. Certificate sections revoke certificates only, which
minecheck never takes as signers; they are checked as strictly as OpenSSH checks them (a KRL it
cannot read revokes every key for `ssh-keygen -Y verify -r`), so a KRL is read here only where
ssh-keygen reads it too. A signed KRL is refused (its signature would go unchecked), as is a
certificate section whose CA key is of a kind not read here, and anything not in the format.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable

from minecheck.core.sanitize import shell_word
from minecheck.core.sshsig import Reader
from minecheck.errors import InputError, Problem
from minecheck.i18n import t

KRL_MAGIC = b"SSHKRL\n\0"
_FORMAT_VERSION = 1
_ED25519 = b"\0\0\0\x0bssh-ed25519"
_CERTIFICATES, _EXPLICIT_KEY, _SHA1, _SIGNATURE, _SHA256 = 1, 2, 3, 4, 5
_SERIAL_LIST, _SERIAL_RANGE, _SERIAL_BITMAP, _KEY_ID = 0x20, 0x21, 0x22, 0x23
_U64 = 2**64
_MAX_BIGNUM = 2048  # bytes (OpenSSH's SSHBUF_MAX_BIGNUM)
# The CA keys read here (OpenSSH reads more: a FIDO or DSA CA's section is refused, with why)
_CA_TYPES = (b"ssh-ed25519", b"ssh-rsa", b"ecdsa-sha2-nistp256", b"ecdsa-sha2-nistp384",
             b"ecdsa-sha2-nistp521")  # fmt: skip


class RevokedKeys(frozenset[bytes]):
    """Revoked key blobs (the set's members), and keys revoked by digest (a KRL's sections):
    `blob in revoked` is true for either."""

    sha1: frozenset[bytes]
    sha256: frozenset[bytes]

    def __new__(
        cls, blobs: Iterable[bytes] = (), sha1: Iterable[bytes] = (), sha256: Iterable[bytes] = ()
    ) -> RevokedKeys:
        made = super().__new__(cls, blobs)
        made.sha1 = frozenset(sha1)
        made.sha256 = frozenset(sha256)
        return made

    def __contains__(self, blob: object) -> bool:
        if not isinstance(blob, bytes):
            return False
        if frozenset.__contains__(self, blob):
            return True
        if self.sha256 and hashlib.sha256(blob).digest() in self.sha256:
            return True
        return bool(self.sha1) and hashlib.sha1(blob).digest() in self.sha1  # noqa: S324

    def __bool__(self) -> bool:
        return frozenset.__len__(self) > 0 or bool(self.sha1 or self.sha256)


def _refused(path: str, why: str) -> InputError:
    return InputError(
        t("{path}: a key revocation list (KRL) that cannot be read: {why}", path=path, why=why),
        problems=[Problem("krl-invalid", why, path, 1, 1)],
        hint=t(
            "write it again with:\n  {command}",
            command=f"ssh-keygen -k -f {shell_word(path)} KEY.pub...",
        ),
        code="revoked-keys-invalid",
        path=f"{path}",
    )


def _at_end(reader: Reader) -> bool:
    return reader.pos == len(reader.data)


def _cstring(reader: Reader) -> None:
    """A string OpenSSH reads as text: a NUL only as its last byte."""
    text = reader.string()
    if b"\0" in text[:-1]:
        raise ValueError("a NUL inside a string")


def _u64(reader: Reader) -> int:
    return int.from_bytes(reader.take(8), "big")


def _serials(kind: int, data: bytes) -> None:
    """A certificate subsection checked as OpenSSH checks it (ValueError where it refuses)."""
    entries = Reader(data)
    if kind == _SERIAL_LIST:
        while not _at_end(entries):
            if _u64(entries) == 0:
                raise ValueError("serial 0")
    elif kind == _SERIAL_RANGE:
        low, high = _u64(entries), _u64(entries)
        if low == 0 or low > high:
            raise ValueError("serial range")
    elif kind == _SERIAL_BITMAP:
        low, bitmap = _u64(entries), entries.string()
        if bitmap[:1] >= b"\x80" or len(bitmap) - (bitmap[:1] == b"\0") > _MAX_BIGNUM:
            raise ValueError("bitmap")  # negative, or longer than OpenSSH reads
        bits = int.from_bytes(bitmap, "big")
        if (bits & 1 and low == 0) or (bits.bit_length() > 1 and low + bits.bit_length() > _U64):
            raise ValueError("bitmap serials")
    elif kind == _KEY_ID:
        while not _at_end(entries):
            _cstring(entries)
    else:
        raise ValueError("certificate subsection")
    entries.done()


def _ca_key(blob: bytes, path: str) -> None:
    """A certificate section's CA key: none (any CA), or a public key OpenSSH would read."""
    if not blob:
        return
    name = Reader(blob).string()
    if name not in _CA_TYPES:
        raise _refused(path, t("a certificate section's CA key of a kind not read here"))
    from cryptography.exceptions import UnsupportedAlgorithm
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import load_ssh_public_key

    try:
        key = load_ssh_public_key(name + b" " + base64.b64encode(blob))  # ValueError if damaged
    except (UnsupportedAlgorithm, NotImplementedError):  # a compressed ECDSA point, say
        raise ValueError("CA key") from None
    if isinstance(key, rsa.RSAPublicKey) and not 1024 <= key.key_size <= _MAX_BIGNUM * 8:
        raise ValueError("RSA CA key size")


def _certificates(data: bytes, path: str) -> None:
    """A certificate section checked whole; what it revokes does not concern a plain key."""
    section = Reader(data)
    _ca_key(section.string(), path)
    section.string()  # reserved
    while not _at_end(section):
        kind = section.take(1)[0]
        _serials(kind, section.string())


def _section(
    kind: int, data: bytes, blobs: set[bytes], digests: dict[int, set[bytes]], path: str
) -> None:
    """One section's entries added to `blobs` (whole keys) or `digests` (by section type)."""
    if kind == _CERTIFICATES:
        _certificates(data, path)
        return
    entries = Reader(data)
    while not _at_end(entries):
        entry = entries.string()
        if kind == _EXPLICIT_KEY:
            if entry.startswith(_ED25519):  # no other type of key is ever trusted here
                blobs.add(entry)
        elif len(entry) != (20 if kind == _SHA1 else 32):
            raise ValueError("digest size")
        else:
            digests[kind].add(entry)


def parse_krl(data: bytes, path: str) -> RevokedKeys:
    """The keys a binary KRL revokes; InputError if it is not one this reader can read whole."""
    reader = Reader(data)
    blobs: set[bytes] = set()
    digests: dict[int, set[bytes]] = {_SHA1: set(), _SHA256: set()}
    try:
        reader.take(len(KRL_MAGIC))
        if reader.uint32() != _FORMAT_VERSION:
            raise _refused(path, t("an unknown KRL format version"))
        reader.take(24)  # the KRL's version, the time it was made, its flags
        reader.string()  # reserved
        _cstring(reader)  # comment
        while not _at_end(reader):
            kind = reader.take(1)[0]
            section = reader.string()
            if kind == _SIGNATURE:
                raise _refused(path, t("a signed KRL (its signature cannot be checked here)"))
            if kind not in (_CERTIFICATES, _EXPLICIT_KEY, _SHA1, _SHA256):
                raise _refused(path, t("an unknown KRL section ({kind})", kind=kind))
            _section(kind, section, blobs, digests, path)
    except ValueError:  # (sshsig's SSHFormatError too: a length past the end)
        raise _refused(path, t("the KRL is truncated or damaged")) from None
    return RevokedKeys(blobs, digests[_SHA1], digests[_SHA256])


def revoked_by_digest(revoked: frozenset[bytes]) -> list[str]:
    """The keys a KRL revokes by digest, as fingerprints (`SHA256:...`, `SHA1:...`): how
    `ssh-keygen -l` names a key, so a keeper can find one in a list."""
    if not isinstance(revoked, RevokedKeys):
        return []
    named = [("SHA256", d) for d in sorted(revoked.sha256)] + [
        ("SHA1", d) for d in sorted(revoked.sha1)
    ]
    return [f"{kind}:{base64.b64encode(d).decode().rstrip('=')}" for kind, d in named]
