"""Signed documents are BODY || TRAILER (SPEC 2.2): seal them; examine them (verify, then parse).

A file's signature is checked over its exact bytes before anything in it is parsed; only the
signed body is ever parsed, and nothing is re-serialized.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from minecheck.core.docschema import read_document
from minecheck.core.documents import NAMESPACE_OF, Document, MergedDoc
from minecheck.core.sshsig import (
    NAMESPACE_FINDINGS,
    NAMESPACE_MERGED,
    PublicKey,
    Signature,
    SSHFormatError,
    parse_armored,
    sign,
    verify,
)
from minecheck.core.tomlio import decode_text, parse_toml
from minecheck.core.trust import TrustStatus
from minecheck.errors import InputError, Problem

if TYPE_CHECKING:
    import datetime as dt

    from minecheck.core.sshsig import Signer

TRAILER_HEAD = b"[signature]\nsshsig = '''\n"
TRAILER_TAIL = b"'''\n"
MAX_DOCUMENT_BYTES = 64 * 1024 * 1024
NAMESPACES = (NAMESPACE_FINDINGS, NAMESPACE_MERGED)


class Judge(Protocol):
    """What a trust store answers: how far a key is trusted for a principal and namespace."""

    def judge(
        self, *, principal: str, namespace: str, key: PublicKey, at: dt.datetime
    ) -> TrustStatus: ...

    @property
    def revoked(self) -> frozenset[bytes]: ...


_ARMOR_LINES = (b"-----BEGIN SSH SIGNATURE-----", b"-----END SSH SIGNATURE-----")
_ARMOR_LINE_WORDS = (
    "a line that reads like the signature's armor (-----BEGIN/END SSH SIGNATURE-----), "
    "which would mislead the stock sed/ssh-keygen check"
)


def _has_armor_line(body: bytes) -> bool:
    """True if a line of `body` is one the SPEC 2.2 `sed` recipe takes for the signature's."""
    padded = b"\n" + body + b"\n"
    return any(b"\n" + line + b"\n" in padded for line in _ARMOR_LINES)


def check_body(body: bytes) -> None:
    """The rules a BODY obeys before it is signed; InputError says which one it breaks."""
    if not body.startswith(b"[minecheck]\n"):
        raise InputError("a document body must begin with the [minecheck] table")
    if not body.endswith(b"\n\n"):
        raise InputError("a document body must end with an empty line")
    if b"\r" in body:
        raise InputError("a document body must not contain a carriage return (CR)")
    if b"\n[signature]" in body:
        raise InputError("a document body must not contain a [signature] table")
    if _has_armor_line(body):
        raise InputError(f"a document body must not hold {_ARMOR_LINE_WORDS}")


def seal(body: bytes, signer: Signer, namespace: str) -> bytes:
    """BODY || TRAILER, the trailer holding the armored SSHSIG signature of BODY."""
    check_body(body)
    armored = sign(signer, body, namespace)
    return body + TRAILER_HEAD + armored.encode("ascii") + TRAILER_TAIL


class MalformedTrailer(ValueError):
    """The file has a [signature] table, but not one of the form minecheck writes."""


def split(data: bytes) -> tuple[bytes, str | None]:
    """(BODY, ARMORED) of a signed file, or (data, None) for an unsigned one."""
    pos = data.rfind(TRAILER_HEAD)
    if pos < 0:
        if data.startswith(b"[signature]") or b"\n[signature]" in data:
            raise MalformedTrailer("the [signature] table is not in the form minecheck writes")
        if _has_armor_line(data):
            raise MalformedTrailer(f"the document holds {_ARMOR_LINE_WORDS}")
        return data, None
    if pos == 0 or not data[:pos].endswith(b"\n\n"):
        raise MalformedTrailer("the body before [signature] must end with an empty line")
    body = data[:pos]
    if b"\n[signature]" in body:
        raise MalformedTrailer("the file holds more than one [signature] table")
    if _has_armor_line(body):
        raise MalformedTrailer(f"the body holds {_ARMOR_LINE_WORDS}")
    rest = data[pos + len(TRAILER_HEAD) :]
    if not rest.endswith(TRAILER_TAIL):
        raise MalformedTrailer("there is content after the signature, or the trailer is not closed")
    armored = rest[: -len(TRAILER_TAIL)]
    if b"'''" in armored:
        raise MalformedTrailer("there is content after the signature")
    try:
        return body, armored.decode("ascii")
    except UnicodeDecodeError:
        raise MalformedTrailer("the signature is not ASCII text") from None


@dataclass(frozen=True)
class Verdict:
    """What `examine` found about one file."""

    path: str
    status: TrustStatus
    detail: str
    document: Document | None = None
    signature: Signature | None = None
    body_sha256: str | None = None
    problems: tuple[Problem, ...] = field(default=())
    sources: tuple[Verdict, ...] = field(default=())  # a merged document's, checked one by one

    @property
    def fingerprint(self) -> str | None:
        return self.signature.public_key.fingerprint() if self.signature else None

    @property
    def signer(self) -> str | None:
        return self.document.header.signer if self.document else None

    @property
    def document_id(self) -> str | None:
        return self.document.header.document_id if self.document else None

    @property
    def format(self) -> str | None:
        return self.document.header.format if self.document else None

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "status": self.status.value,
            "detail": self.detail,
            "signer": self.signer,
            "fingerprint": self.fingerprint,
            "document_id": self.document_id,
            "format": self.format,
            "body_sha256": self.body_sha256,
        } | ({"sources": [s.as_dict() for s in self.sources]} if self.sources else {})


def _parse_body(body: bytes, path: str) -> tuple[Document | None, list[Problem]]:
    try:
        text = decode_text(body, path)
        doc = parse_toml(text, path)
    except InputError as exc:
        return None, list(exc.problems) or [Problem(exc.code, exc.message, path)]
    document, problems = read_document(doc, text, path)
    return document, problems


def _key_despite(data: bytes) -> PublicKey | None:
    """The signing key of a file whose BOM or line endings an editor changed, if it shows."""
    cleaned = data.removeprefix(b"\xef\xbb\xbf").replace(b"\r\n", b"\n")
    try:
        _, armored = split(cleaned)
        return parse_armored(armored).public_key if armored else None
    except (MalformedTrailer, SSHFormatError):
        return None


def examine(data: bytes, path: str, trust: Judge, *, depth: int = 1) -> Verdict:
    """Judge one file: verify the signature over its exact bytes, then parse the signed body.

    A merged document's sources are examined too (`depth` counts the nesting).
    """

    def malformed(
        detail: str,
        problems: list[Problem] | None = None,
        *,
        body_sha256: str | None = None,
        signature: Signature | None = None,
    ) -> Verdict:
        return Verdict(
            path,
            TrustStatus.MALFORMED,
            detail,
            signature=signature,
            body_sha256=body_sha256,
            problems=tuple(problems or ()),
        )

    if len(data) > MAX_DOCUMENT_BYTES:
        return malformed(f"the file is {len(data)} bytes, over the limit of {MAX_DOCUMENT_BYTES}")
    damage = None
    if data.startswith(b"\xef\xbb\xbf"):
        damage = "the file starts with a byte-order mark (BOM)"
    elif b"\r" in data:
        damage = "the file contains a carriage return (CR): line endings were changed"
    if damage is not None:
        key = _key_despite(data)
        if key is not None and key.blob in trust.revoked:  # revocation wins over everything
            return Verdict(path, TrustStatus.REVOKED, f"key {key.fingerprint()} is revoked")
        return malformed(damage)
    try:
        body, armored = split(data)
    except MalformedTrailer as exc:
        return malformed(str(exc))
    body_sha = hashlib.sha256(body).hexdigest()
    if armored is None:
        document, problems = _parse_body(body, path)
        if document is None or problems:
            return malformed("not a minecheck document", problems, body_sha256=body_sha)
        return Verdict(
            path, TrustStatus.UNSIGNED, "the document is not signed", document, None, body_sha
        )
    try:
        sig = parse_armored(armored)
    except SSHFormatError as exc:
        return malformed(f"the signature is malformed: {exc}", body_sha256=body_sha)
    if sig.public_key.blob in trust.revoked:
        return Verdict(
            path,
            TrustStatus.REVOKED,
            f"key {sig.public_key.fingerprint()} is revoked",
            None,
            sig,
            body_sha,
        )
    if sig.namespace not in NAMESPACES:
        return malformed(f"the signature's namespace {sig.namespace!r} is not minecheck's")
    if not verify(sig, body, sig.namespace):
        return Verdict(
            path,
            TrustStatus.BAD_SIGNATURE,
            "the signature does not match the content: the file was changed after signing",
            None,
            sig,
            body_sha,
        )
    document, problems = _parse_body(body, path)
    if document is None or problems:
        return malformed("the signed body is not a valid document", problems, signature=sig)
    header = document.header
    if NAMESPACE_OF.get(header.format) != sig.namespace:
        return malformed(
            f"format {header.format!r} does not go with namespace {sig.namespace!r}",
            signature=sig,
        )
    if header.signer_key != sig.public_key.fingerprint():
        return malformed(
            f"signer_key {header.signer_key} is not the signing key {sig.public_key.fingerprint()}",
            signature=sig,
        )
    status = trust.judge(
        principal=header.signer, namespace=sig.namespace, key=sig.public_key, at=header.created
    )
    verdict = Verdict(path, status, _DETAILS[status], document, sig, body_sha)
    if isinstance(document, MergedDoc):  # its sources are checked too
        from minecheck.core.merge import check_merged

        return check_merged(verdict, trust, depth)
    return verdict


_DETAILS = {
    TrustStatus.TRUSTED: "signed by a trusted key",
    TrustStatus.UNTRUSTED_KEY: "the signing key is not in allowed_signers",
    TrustStatus.PRINCIPAL_MISMATCH: "the signing key is not allowed for this signer",
    TrustStatus.NAMESPACE_NOT_ALLOWED: "the signing key is not allowed for this namespace",
    TrustStatus.KEY_EXPIRED: "the signing key had expired when the document was created",
    TrustStatus.KEY_NOT_YET_VALID: (
        "the signing key was not yet valid when the document was created"
    ),
}


def write_sealed(path: Path, body: bytes, signer: Signer, namespace: str, *, force: bool) -> bytes:
    """Seal `body`, check the result verifies, write it atomically, read it back to be sure."""
    from minecheck.fileio import atomic_write

    data = seal(body, signer, namespace)
    _, armored = split(data)
    if armored is None or not verify(parse_armored(armored), body, namespace):
        raise InputError("the new signature does not verify; nothing was written")
    atomic_write(path, data, force=force)
    if path.read_bytes() != data:
        raise InputError(f"{path} does not read back as written")
    return data
