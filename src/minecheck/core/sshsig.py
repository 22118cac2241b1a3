"""OpenSSH SSHSIG signatures with Ed25519 keys: wire format, armor, sign, verify, fingerprints."""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
import struct
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from minecheck.core.sanitize import quoted

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

KEY_TYPE = "ssh-ed25519"
# how the base64 of every OpenSSH public key starts (its type's length: three zero bytes, then
# more): a line with no word so holds no key, whatever else it holds
KEYISH = re.compile(r"AAAA[A-Za-z0-9+/]")
NAMESPACE_FINDINGS = "minecheck-findings-v1"
NAMESPACE_MERGED = "minecheck-merged-v1"


def holds_a_key(line: str) -> bool:
    """Whether some word of `line` begins as a public key's base64 (`KEYISH`)."""
    return any(KEYISH.match(word) for word in line.split())


MAGIC = b"SSHSIG"
SIG_VERSION = 1
HASH_ALGS = ("sha512", "sha256")
BEGIN = "-----BEGIN SSH SIGNATURE-----"
END = "-----END SSH SIGNATURE-----"
WRAP = 70


class SSHFormatError(ValueError):
    """Bytes or text that are not a well-formed SSH key or signature.

    Its text is English (a verdict keeps it, in the cache too); `said()` is the same in the
    person's language. `template` is a catalogue entry, listed in FORMAT_TEMPLATES."""

    def __init__(self, template: str, **fields: object) -> None:
        super().__init__(template.format(**fields))
        self.template = template
        self.fields = fields

    def said(self) -> str:
        from minecheck.i18n import t

        return t(self.template, **self.fields)


# What SSHFormatError says, each a catalogue entry; report.reasons_zh reads a kept verdict's
# English back into Chinese with them.
FORMAT_TEMPLATES = (
    "truncated: a length runs past the end of the data",
    "{count} unexpected trailing bytes",
    "1 unexpected trailing byte",
    "an Ed25519 public key has 32 bytes, not {count}",
    "a point of small order, which no private key gives, is no Ed25519 public key",
    "key type {name} is not supported; minecheck uses ssh-ed25519",
    "expected 'ssh-ed25519 <base64> [comment]'",
    "key type {name} is not supported; minecheck uses ssh-ed25519 keys",
    "the key's base64 is not valid",
    "the key's base64 is not canonical (extra padding or bits)",
    "signature type {name} is not ssh-ed25519",
    "an Ed25519 signature has 64 bytes, not {count}",
    "armored signature contains a carriage return (CRLF line ending?)",
    "armored signature must end with {end} and a newline",
    "armored signature must begin with {begin}",
    "armored signature has no base64 lines",
    "armored signature line {number} has {count} characters; base64 is wrapped at exactly {wrap}",
    "armored signature line {number} has 1 character; base64 is wrapped at exactly {wrap}",
    "armored signature is not valid base64",
    "armored signature is not canonical base64",
    "signature namespace is not valid UTF-8",
    "signature hash algorithm is not valid UTF-8",
    "not an SSHSIG signature (bad magic)",
    "SSHSIG version {version} is not supported (expected 1)",
    "signature namespace is empty",
    "signature reserved field is not empty",
    "signature hash algorithm {name} is not sha512 or sha256",
)


def b64decode_strict(text: str) -> bytes:
    """`text` as base64, every character of it in the alphabet (binascii.Error otherwise).

    "=" after a whole group of four characters is read past, as Python 3.11 and 3.12 do and 3.13
    does not: a caller that encodes the bytes again to see the text is canonical names it so on
    every version, where on 3.13 it was "not valid"."""
    core = text.rstrip("=")
    if core and core != text and len(core) % 4 == 0:
        text = core
    return base64.b64decode(text, validate=True)


def ssh_string(data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + data


class Reader:
    """Strict reader of SSH wire-format fields; every length is checked against the buffer."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def take(self, n: int) -> bytes:
        if n < 0 or self.pos + n > len(self.data):
            raise SSHFormatError("truncated: a length runs past the end of the data")
        out = self.data[self.pos : self.pos + n]
        self.pos += n
        return out

    def uint32(self) -> int:
        value: int = struct.unpack(">I", self.take(4))[0]
        return value

    def string(self) -> bytes:
        return self.take(self.uint32())

    def done(self) -> None:
        if self.pos + 1 == len(self.data):
            raise SSHFormatError("1 unexpected trailing byte")
        if self.pos != len(self.data):
            raise SSHFormatError(
                "{count} unexpected trailing bytes", count=len(self.data) - self.pos
            )


# The encodings of the Ed25519 points of small order, by their y (the sign bit cleared, which
# tells two points apart): y = 0 (order 4), 1 (the identity), p - 1 (order 2), two of order 8,
# and 0 and 1 written as p and p + 1. A signature R = such a point, S = 0 verifies under such a
# key for ANY message.
_SMALL_ORDER = frozenset(
    bytes.fromhex(y)
    for y in (
        "0000000000000000000000000000000000000000000000000000000000000000",
        "0100000000000000000000000000000000000000000000000000000000000000",
        "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
        "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    )
)


@dataclass(frozen=True)
class PublicKey:
    """An Ed25519 public key: its 32 raw bytes; `blob` is the SSH wire encoding. A point of small
    order is no key anyone holds (no private key gives it) and verifies a forged signature of
    any message: refused wherever a key is read (ssh-keygen takes it)."""

    raw: bytes

    def __post_init__(self) -> None:
        if len(self.raw) != 32:
            raise SSHFormatError(
                "an Ed25519 public key has 32 bytes, not {count}", count=len(self.raw)
            )
        if self.raw[:31] + bytes([self.raw[31] & 0x7F]) in _SMALL_ORDER:
            raise SSHFormatError(
                "a point of small order, which no private key gives, is no Ed25519 public key"
            )

    @property
    def blob(self) -> bytes:
        return ssh_string(KEY_TYPE.encode()) + ssh_string(self.raw)

    @classmethod
    def from_blob(cls, blob: bytes) -> PublicKey:
        r = Reader(blob)
        key_type = r.string()
        if key_type != KEY_TYPE.encode():
            name = key_type.decode("ascii", "replace")
            raise SSHFormatError(
                "key type {name} is not supported; minecheck uses ssh-ed25519", name=quoted(name)
            )
        raw = r.string()
        r.done()
        return cls(raw)

    @classmethod
    def from_openssh(cls, line: str) -> PublicKey:
        """Parse `ssh-ed25519 AAAA... [comment]`."""
        fields = line.strip().split(None, 2)
        # a first word that is no key type is quoted only on a line with a key's base64 on it:
        # the file may be another given by mistake (a passphrase file, which may hold the word
        # ssh-ed25519), its words not to be shown
        if len(fields) < 2 or (fields[0] != KEY_TYPE and not holds_a_key(line)):
            raise SSHFormatError("expected 'ssh-ed25519 <base64> [comment]'")
        if fields[0] != KEY_TYPE:
            raise SSHFormatError(
                "key type {name} is not supported; minecheck uses ssh-ed25519 keys",
                name=quoted(fields[0]),
            )
        try:
            blob = b64decode_strict(fields[1])
        except (binascii.Error, ValueError):
            raise SSHFormatError("the key's base64 is not valid") from None
        if base64.b64encode(blob).decode("ascii") != fields[1]:  # as strict as ssh-keygen
            raise SSHFormatError("the key's base64 is not canonical (extra padding or bits)")
        return cls.from_blob(blob)

    def openssh(self, comment: str = "") -> str:
        text = f"{KEY_TYPE} {base64.b64encode(self.blob).decode()}"
        return f"{text} {comment}" if comment else text

    def verify_raw(self, signature: bytes, data: bytes) -> bool:
        """True if `signature` is this key's Ed25519 signature of `data`."""
        from cryptography.exceptions import InvalidSignature
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

        if len(signature) != 64:
            return False
        try:
            Ed25519PublicKey.from_public_bytes(self.raw).verify(signature, data)
        except InvalidSignature:
            return False
        return True

    def fingerprint(self) -> str:
        """`SHA256:<base64 without padding>`, exactly as `ssh-keygen -lf` prints it."""
        return blob_fingerprint(self.blob)


def blob_fingerprint(blob: bytes) -> str:
    """The fingerprint of a public key given as its SSH wire encoding (`PublicKey.blob`)."""
    digest = base64.b64encode(hashlib.sha256(blob).digest()).decode().rstrip("=")
    return f"SHA256:{digest}"


def encode_signature(raw: bytes) -> bytes:
    """The SSH wire encoding of a raw Ed25519 signature: string(key type) + string(64 bytes)."""
    return ssh_string(KEY_TYPE.encode()) + ssh_string(raw)


def decode_signature(blob: bytes) -> bytes:
    """The 64 raw bytes of an SSH-encoded Ed25519 signature; nothing may follow them."""
    r = Reader(blob)
    sig_type = r.string()
    if sig_type != KEY_TYPE.encode():
        name = sig_type.decode("ascii", "replace")
        raise SSHFormatError("signature type {name} is not ssh-ed25519", name=quoted(name))
    raw = r.string()
    r.done()
    if len(raw) != 64:
        raise SSHFormatError("an Ed25519 signature has 64 bytes, not {count}", count=len(raw))
    return raw


class Signer(Protocol):
    """Anything that holds (or reaches) an Ed25519 private key."""

    @property
    def public_key(self) -> PublicKey: ...

    def sign_raw(self, data: bytes) -> bytes:
        """The 64-byte Ed25519 signature of `data`."""
        ...


class KeySigner:
    """A Signer over an in-memory `cryptography` Ed25519 private key."""

    def __init__(self, private_key: Ed25519PrivateKey) -> None:
        self._key = private_key
        self._public = PublicKey(private_key.public_key().public_bytes_raw())

    @classmethod
    def generate(cls) -> KeySigner:
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        return cls(Ed25519PrivateKey.generate())

    @property
    def private_key(self) -> Ed25519PrivateKey:
        return self._key

    @property
    def public_key(self) -> PublicKey:
        return self._public

    def sign_raw(self, data: bytes) -> bytes:
        return self._key.sign(data)


@dataclass(frozen=True)
class Signature:
    """A parsed SSHSIG signature; `blob` is the exact binary it was read from."""

    public_key: PublicKey
    namespace: str
    hash_alg: str
    signature: bytes
    blob: bytes


def signed_data(namespace: str, hash_alg: str, message: bytes) -> bytes:
    """The bytes an SSHSIG signature actually signs (PROTOCOL.sshsig)."""
    digest = hashlib.new(hash_alg, message).digest()
    return (
        MAGIC
        + ssh_string(namespace.encode())
        + ssh_string(b"")
        + ssh_string(hash_alg.encode())
        + ssh_string(digest)
    )


def armor(blob: bytes) -> str:
    """Armor exactly as `ssh-keygen -Y sign` writes it."""
    b64 = base64.b64encode(blob).decode("ascii")
    lines = [b64[i : i + WRAP] for i in range(0, len(b64), WRAP)]
    return "\n".join([BEGIN, *lines, END]) + "\n"


def dearmor(text: str) -> bytes:
    """The blob inside an armored signature; strict about every byte of the armor."""
    if "\r" in text:
        raise SSHFormatError("armored signature contains a carriage return (CRLF line ending?)")
    if not text.endswith("\n"):
        raise SSHFormatError("armored signature must end with {end} and a newline", end=quoted(END))
    lines = text[:-1].split("\n")
    if lines[0] != BEGIN:
        raise SSHFormatError("armored signature must begin with {begin}", begin=quoted(BEGIN))
    if lines[-1] != END:
        raise SSHFormatError("armored signature must end with {end} and a newline", end=quoted(END))
    if len(lines) < 3:
        raise SSHFormatError("armored signature has no base64 lines")
    body = lines[1:-1]
    for number, line in enumerate(body, start=2):
        last = number == len(body) + 1
        if len(line) > WRAP or (not last and len(line) != WRAP) or not line:
            if len(line) == 1:
                raise SSHFormatError(
                    "armored signature line {number} has 1 character; "
                    "base64 is wrapped at exactly {wrap}",
                    number=number,
                    wrap=WRAP,
                )
            raise SSHFormatError(
                "armored signature line {number} has {count} characters; "
                "base64 is wrapped at exactly {wrap}",
                number=number,
                count=len(line),
                wrap=WRAP,
            )
    b64 = "".join(body)
    try:
        blob = b64decode_strict(b64)
    except (binascii.Error, ValueError):
        raise SSHFormatError("armored signature is not valid base64") from None
    if base64.b64encode(blob).decode("ascii") != b64:
        raise SSHFormatError("armored signature is not canonical base64")
    return blob


def _utf8(field: bytes, problem: str) -> str:
    try:
        return field.decode("utf-8")
    except UnicodeDecodeError:
        raise SSHFormatError(problem) from None


def parse_blob(blob: bytes) -> Signature:
    """Parse a binary SSHSIG blob; any deviation raises SSHFormatError."""
    r = Reader(blob)
    if r.take(len(MAGIC)) != MAGIC:
        raise SSHFormatError("not an SSHSIG signature (bad magic)")
    version = r.uint32()
    if version != SIG_VERSION:
        raise SSHFormatError(
            "SSHSIG version {version} is not supported (expected 1)", version=version
        )
    public_key = PublicKey.from_blob(r.string())
    namespace = _utf8(r.string(), "signature namespace is not valid UTF-8")
    if not namespace:
        raise SSHFormatError("signature namespace is empty")
    if r.string():
        raise SSHFormatError("signature reserved field is not empty")
    hash_alg = _utf8(r.string(), "signature hash algorithm is not valid UTF-8")
    if hash_alg not in HASH_ALGS:
        raise SSHFormatError(
            "signature hash algorithm {name} is not sha512 or sha256", name=quoted(hash_alg)
        )
    raw = decode_signature(r.string())
    r.done()
    return Signature(public_key, namespace, hash_alg, raw, blob)


def parse_armored(text: str) -> Signature:
    """Parse an armored SSHSIG signature (`-----BEGIN SSH SIGNATURE-----` ...)."""
    return parse_blob(dearmor(text))


def sign(signer: Signer, message: bytes, namespace: str, *, hash_alg: str = "sha512") -> str:
    """The armored SSHSIG signature of `message`, byte-identical to `ssh-keygen -Y sign`."""
    if not namespace:
        raise ValueError("an SSHSIG namespace must not be empty")
    if hash_alg not in HASH_ALGS:
        raise ValueError(f"hash algorithm {hash_alg!r} is not sha512 or sha256")
    public_key = signer.public_key
    raw = signer.sign_raw(signed_data(namespace, hash_alg, message))
    if len(raw) != 64:
        raise ValueError(f"signer returned {len(raw)} bytes; an Ed25519 signature has 64")
    blob = (
        MAGIC
        + struct.pack(">I", SIG_VERSION)
        + ssh_string(public_key.blob)
        + ssh_string(namespace.encode())
        + ssh_string(b"")
        + ssh_string(hash_alg.encode())
        + ssh_string(encode_signature(raw))
    )
    return armor(blob)


def verify(sig: Signature, message: bytes, namespace: str) -> bool:
    """True only if `sig` is a valid signature of `message` in `namespace` by `sig.public_key`."""
    if sig.namespace != namespace or sig.hash_alg not in HASH_ALGS:
        return False
    return sig.public_key.verify_raw(sig.signature, signed_data(namespace, sig.hash_alg, message))
