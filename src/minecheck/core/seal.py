"""Signed documents are BODY || TRAILER (SPEC 2.2): seal them; examine them (verify, then parse).

A file's signature is checked over its exact bytes before anything in it is parsed; only the
signed body is ever parsed, and nothing is re-serialized.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from minecheck.core.docschema import read_document
from minecheck.core.documents import (
    FINDINGS,
    FUTURE_SLACK,
    MERGED,
    NAMESPACE_OF,
    Document,
    MergedDoc,
    utc_text,
)
from minecheck.core.sanitize import quoted
from minecheck.core.schema import Say, english
from minecheck.core.sshsig import (
    MAGIC,
    NAMESPACE_FINDINGS,
    NAMESPACE_MERGED,
    PublicKey,
    Reader,
    Signature,
    SSHFormatError,
    parse_armored,
    sign,
    verify,
)
from minecheck.core.tomlio import (
    MERGED_ARRAYS,
    Marks,
    Unpieced,
    decode_text,
    fast_parse_ok,
    head_of,
    marks,
    parse_toml,
    pieced,
)
from minecheck.core.trust import TrustStatus
from minecheck.errors import InputError, Problem
from minecheck.fileio import MAX_DOCUMENT_BYTES as MAX_DOCUMENT_BYTES  # (its home: a leaf)

if TYPE_CHECKING:
    from minecheck.core.sshsig import Signer

TRAILER_HEAD = b"[signature]\nsshsig = '''\n"
TRAILER_TAIL = b"'''\n"
NAMESPACES = (NAMESPACE_FINDINGS, NAMESPACE_MERGED)


class Judge(Protocol):
    """What a trust store answers: how far a key is trusted for a principal and namespace."""

    def judge(
        self, *, principal: str, namespace: str, key: PublicKey, at: datetime
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
    return any(  # (no padded copy of the body: a line at either end is looked for there)
        b"\n" + line + b"\n" in body
        or body.startswith(line + b"\n")
        or body.endswith(b"\n" + line)
        or body == line
        for line in _ARMOR_LINES
    )


# The [minecheck] table as minecheck writes it: one `key = value` per line, each value ending on
# its line; `signer` and `signer_key` in double quotes, `created` in UTC with a Z. The stock
# recipe (docs/security.md) reads `signer`, `signer_key`, `created` and `format` as the first line
# that begins with the key's name and reads as it expects: a value spanning lines, a comment, or
# another spelling there would let it read another line than the table's.
_HEADER_LINE = re.compile(rb"([a-z_]+) = (.*)")
_QUOTED = re.compile(rb'"(?:[^"\\]|\\.)*"')
_HEADER_VALUES = {  # what the recipe reads, in the form it reads
    b"created": re.compile(rb"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z"),
    b"signer": _QUOTED,
    b"signer_key": _QUOTED,
    b"source_count": re.compile(rb"[0-9]+"),
}
_HEADER_VALUE = re.compile(  # any other value: a string that ends on its line
    _QUOTED.pattern + rb"|'[^']*'"
    rb'|"""(?:[^"\\]|\\.|"(?!""))*"""'
    rb"|\'\'\'(?:[^']|'(?!''))*\'\'\'"
)
HEADER_WORDS = (
    "is not written as minecheck writes it (one key = value on its line, no comment; signer and "
    "signer_key in double quotes, created as 2026-12-01T08:15:00Z), which would mislead the "
    "stock sed/ssh-keygen check"
)
HEADER_FORM = "line {line} of the [minecheck] table " + HEADER_WORDS


def header_problem(body: bytes) -> str | None:
    """What is wrong with the form of the body's [minecheck] table, or None."""
    line = header_line_problem(body)
    return None if line is None else HEADER_FORM.format(line=line)


def header_line_problem(body: bytes) -> int | None:
    """The 1-based line of the [minecheck] table (up to the next table) that is neither empty
    nor a `key = value` line as minecheck writes it, or None. A multi-line string begins on a
    line that is not, so no line inside one is taken for the table's end or for one of its keys.
    A body that does not begin with the table has none to judge here (`check_body` refuses it):
    a comment before the table is no line of it."""
    if not body.startswith(b"[minecheck]\n"):
        return None
    start, number = len(b"[minecheck]\n"), 2
    while 0 < start < len(body):
        end = body.find(b"\n", start)
        line = body[start:] if end < 0 else body[start:end]
        if line.startswith(b"["):
            return None
        found = _HEADER_LINE.fullmatch(line)
        if line and found is None:
            return number
        if found is not None:
            value = _HEADER_VALUES.get(found.group(1), _HEADER_VALUE)
            if value.fullmatch(found.group(2)) is None:
                return number
        start, number = (end + 1 if end >= 0 else len(body)), number + 1
    return None


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
    problem = header_problem(body)
    if problem is not None:
        raise InputError(problem)
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

    @property
    def created(self) -> str | None:
        """The signed `created` time (UTC, `Z`): what key windows are judged at by default."""
        return utc_text(self.document.header.created) if self.document else None

    def as_dict(self) -> dict[str, object]:
        return reported_dict(self)


class Reported(Protocol):
    """What verify reports of a checked file: a Verdict, or a picklable summary of one."""

    @property
    def path(self) -> str: ...
    @property
    def status(self) -> TrustStatus: ...
    @property
    def detail(self) -> str: ...
    @property
    def signer(self) -> str | None: ...
    @property
    def fingerprint(self) -> str | None: ...
    @property
    def document_id(self) -> str | None: ...
    @property
    def format(self) -> str | None: ...
    @property
    def body_sha256(self) -> str | None: ...
    @property
    def created(self) -> str | None: ...
    @property
    def sources(self) -> Sequence[Reported]: ...


def reported_dict(checked: Reported) -> dict[str, object]:
    """The JSON form of a checked file (verify's --json), its merged sources nested."""
    return {
        "path": checked.path,
        "status": checked.status.value,
        "detail": checked.detail,
        "signer": checked.signer,
        "fingerprint": checked.fingerprint,
        "document_id": checked.document_id,
        "format": checked.format,
        "body_sha256": checked.body_sha256,
        "created": checked.created,
    } | ({"sources": [reported_dict(s) for s in checked.sources]} if checked.sources else {})


# A value in TOML is announced by `=`, `,`, `[` or `{`. Real documents hold one such character
# in 11 bytes or more (a bare compliant finding); tiny values packed densely (`[{},{},...]`,
# `[1,1,...]`) cost 20-100 times their bytes in memory once parsed, so a body holding more than
# one in DENSITY bytes (beyond a small allowance) is refused before it is parsed.
DENSITY = 8
DENSITY_ALLOWANCE = 4096
# Each table a parser makes costs some 500 bytes. Findings, follow-up and merged documents make
# theirs with arrays of tables (`[[finding]]`); a standard `[table]` header or a dotted key
# (`a.b = 1`) starting a line is allowed once per TABLE_SPACING bytes, beyond a small allowance.
TABLE_SPACING = 512
TABLE_ALLOWANCE = 1000
_TABLE_LINE = re.compile(
    rb"^[ \t]*(?:\[(?!\[)|(?:\"[^\"\n]*\"|'[^'\n]*'|[A-Za-z0-9_-]+)[ \t]*\.)", re.M
)
# Positions (line:col) are worked out for the problems of a body up to 1 MiB; beyond it a
# problem names its key path instead, so a large body is never scanned a second time.
POSITIONS_MAX = 1024 * 1024  # (bytes here; tomlpos.POSITIONS_MAX, characters, for any text)


def density_problem(body: bytes, path: str, counted: Marks | None = None) -> Problem | None:
    """A problem if `body` packs more values than a real document could (see DENSITY).
    `counted`: the body's `tomlio.marks`, when the caller has them."""
    m = counted or marks(body)
    values = m.equals + m.commas + m.brackets + m.braces
    if values > len(body) // DENSITY + DENSITY_ALLOWANCE:
        return Problem(
            "too-dense",
            f"implausible document: {values} values in {len(body)} bytes (more than one in "
            f"{DENSITY} bytes); refused unread",
            path,
        )
    allowed = len(body) // TABLE_SPACING + TABLE_ALLOWANCE
    if m.lines < allowed:  # a header or a dotted key starts a line: too few lines
        return None
    for tables, _ in enumerate(_TABLE_LINE.finditer(body), 1):
        if tables > allowed:
            return Problem(
                "too-dense",
                f"implausible document: more than {allowed} [table] headers or dotted keys "
                f"in {len(body)} bytes (more than one in {TABLE_SPACING} bytes); refused unread",
                path,
            )
    return None


def _parse_body(body: bytes, path: str) -> tuple[Document | None, list[Problem]]:
    counted = marks(body)
    dense = density_problem(body, path, counted)
    if dense is not None:
        return None, [dense]
    try:
        text = decode_text(body, path)
    except InputError as exc:
        return None, list(exc.problems) or [Problem(exc.code, exc.message, path)]
    if len(body) > POSITIONS_MAX and not fast_parse_ok(body, counted):
        try:
            return _read_pieced(text, path)
        except Unpieced:
            pass  # parsed whole: the whole parse's outcome stands
    try:
        doc = parse_toml(text, path, data=body, counted=counted)
    except InputError as exc:
        return None, list(exc.problems) or [Problem(exc.code, exc.message, path)]
    source = text if len(body) <= POSITIONS_MAX else None
    del text  # the parsed dict is what is read from here on
    document, problems = read_document(doc, source, path, consume=True)
    return document, problems


def _read_pieced(text: str, path: str) -> tuple[Document | None, list[Problem]]:
    """A big findings or merged body read a piece at a time (`tomlio.each_piece`): its
    findings, or its consolidated entries and sources, read as each piece is parsed.
    `Unpieced` when it cannot be read so (the head or a piece not as expected)."""
    head = pieced(text)  # a findings body: its findings read as they are iterated
    if head is not None and _format(head) == FINDINGS:
        return read_document(head, None, path, consume=True)
    del head
    merged = head_of(text, MERGED_ARRAYS)
    if merged is None or _format(merged[0]) != MERGED:
        raise Unpieced
    from minecheck.core.merge import read_pieces

    doc, start = merged
    doc.update(read_pieces(text, start))
    return read_document(doc, None, path, consume=True)


def _format(head: dict[str, Any]) -> object:
    minecheck = head.get("minecheck")
    return minecheck.get("format") if isinstance(minecheck, dict) else None


_B64 = re.compile(rb"[A-Za-z0-9+/]+")


def recovered_keys(data: bytes) -> Iterator[PublicKey]:
    """The signing key named by each armored signature in `data`, however it was damaged.

    Whatever an editor or a forger did around a signature (line endings, a BOM, the armor
    re-wrapped, content appended, another trailer or a second armor), a key is read from the
    base64 after each BEGIN line, so that a revoked key is recognised before anything else.
    """
    begin = data.find(_ARMOR_LINES[0])
    while begin >= 0:
        start = begin + len(_ARMOR_LINES[0])
        b64 = b"".join(_B64.findall(data[start : start + _KEY_SPAN]))
        try:
            reader = Reader(base64.b64decode(b64[: (len(b64) // 4) * 4]))
            if reader.take(len(MAGIC)) == MAGIC:
                reader.uint32()
                yield PublicKey.from_blob(reader.string())
        except (binascii.Error, SSHFormatError):
            pass
        begin = data.find(_ARMOR_LINES[0], start)


_KEY_SPAN = 256  # the key is in the first 70 bytes of an SSHSIG blob: 94 of base64, plus breaks


# What a mail program or an editor did to a file, each undone exactly (a signed file has no BOM
# and no CR byte anywhere): the commands that say so name them (cli/_damage.py)
BOM_ADDED = "the file starts with a byte-order mark (BOM)"
CR_ADDED = "the file contains a carriage return (CR): line endings were changed"
# What is said of a file whose signature does not hold over its bytes, and of one whose does
# over its text converted back (`RESAVED`)
CHANGED = "the signature does not match the content: the file was changed after signing"
# A signed file an editor saved again in a Chinese encoding (Notepad's "ANSI" on a Chinese
# Windows): said only where its text converted back to UTF-8 is what was signed, the signature
# checked over it (`_resaved`); the encoding as `iconv -f` names it, and what is said
RESAVED = {
    "GB18030": "the file was saved again in GBK (GB18030) after signing: its text converted back "
    "to UTF-8 is what was signed",
    "BIG5": "the file was saved again in Big5 after signing: its text converted back to UTF-8 is "
    "what was signed",
}


def _wide(data: bytes) -> bool:
    """Whether `data` is UTF-16 or UTF-32 text (PowerShell 5's `Get-Content a.toml > b.toml`
    writes UTF-16 with CR LF ends): its CRs are no line endings a mail program changed, and
    taking them out (the damage's command) leaves their NULs in."""
    from minecheck.core.tomlio import wide_text

    return wide_text(data)[0] is not None


def over_the_limit(size: int, limit: int = MAX_DOCUMENT_BYTES) -> str:
    """What every reader says of a file of `size` bytes, over the `limit` it read to: malformed,
    no document (nothing minecheck signs is that large)."""
    return f"the file is {size} bytes, over the limit of {limit}"


def examine(
    data: bytes,
    path: str,
    trust: Judge,
    *,
    now: datetime | None = None,
    at: datetime | None = None,
    depth: int = 1,
) -> Verdict:
    """Judge one file: verify the signature over its exact bytes, then parse the signed body.

    Key windows are judged at the document's `created` time, or at `at` when given (`verify
    --at now`). A document created more than 10 minutes after `now` (default: the clock) is
    never trusted: `created` is the signer's own claim.

    A merged document's sources are examined too (`depth` counts the nesting).
    """

    # What has been read so far: once the body is split off its digest, once the signature is
    # read its key; every verdict from then on gives them (verify names the key, --json both).
    body_sha: str | None = None
    sig: Signature | None = None

    def malformed(detail: str, problems: list[Problem] | None = None) -> Verdict:
        return Verdict(
            path,
            TrustStatus.MALFORMED,
            detail,
            signature=sig,
            body_sha256=body_sha,
            problems=tuple(problems or ()),
        )

    if len(data) > MAX_DOCUMENT_BYTES:
        return malformed(over_the_limit(len(data)))
    if not data:  # e.g. a copy that failed: named as such, not as a document missing its tables
        return malformed("the file is empty")
    if trust.revoked:  # revocation wins over everything, however the file was damaged
        for key in recovered_keys(data):
            if key.blob in trust.revoked:
                return _revoked(path, data, key)
    damage = None
    if data.startswith(b"\xef\xbb\xbf"):
        damage = BOM_ADDED
    elif b"\r" in data and not _wide(data):  # (UTF-16's CR LF: its encoding is said instead)
        damage = CR_ADDED
    if damage is not None:
        return malformed(damage)
    try:
        body, armored = split(data)
    except MalformedTrailer as exc:
        return malformed(str(exc))
    body_sha = hashlib.sha256(body).hexdigest()
    if armored is None:
        document, problems = _parse_body(body, path)
        if document is None or problems:
            return malformed("not a minecheck document", problems)
        return Verdict(
            path, TrustStatus.UNSIGNED, "the document is not signed", document, None, body_sha
        )
    try:
        sig = parse_armored(armored)
    except SSHFormatError as exc:
        return malformed(f"the signature is malformed: {exc}")
    if sig.public_key.blob in trust.revoked:
        return Verdict(
            path,
            TrustStatus.REVOKED,
            revoked_detail(sig.public_key),
            None,
            sig,
            body_sha,
        )
    if sig.namespace not in NAMESPACES:
        return malformed(f"the signature's namespace {quoted(sig.namespace)} is not minecheck's")
    if sig.hash_alg != HASH_ALG:
        return malformed(
            f"the signature uses {sig.hash_alg}; minecheck documents are signed with {HASH_ALG}"
        )
    try:
        check_body(body)
    except InputError as exc:
        return malformed(exc.message)
    if not verify(sig, body, sig.namespace):
        return Verdict(
            path,
            TrustStatus.BAD_SIGNATURE,
            _resaved(data, sig) or CHANGED,
            None,
            sig,
            body_sha,
        )
    header_form = header_problem(body)  # signed as it is, but not as minecheck writes a header
    if header_form is not None:
        return malformed(header_form)
    document, problems = _parse_body(body, path)
    del body  # (a merged body's sources are examined next, each from its own bytes)
    if document is None or problems:
        return malformed("the signed body is not a valid document", problems)
    header = document.header
    if NAMESPACE_OF.get(header.format) != sig.namespace:
        return malformed(
            f"format {quoted(header.format)} does not go with namespace {quoted(sig.namespace)}"
        )
    if header.signer_key != sig.public_key.fingerprint():
        return malformed(
            f"signer_key {header.signer_key} is not the signing key {sig.public_key.fingerprint()}"
        )
    when = header.created if at is None else at
    status = trust.judge(
        principal=header.signer, namespace=sig.namespace, key=sig.public_key, at=when
    )
    detail = _DETAILS_AT_CHECK.get(status, _DETAILS[status]) if at is not None else _DETAILS[status]
    present = now if now is not None else clock()
    if status == TrustStatus.TRUSTED and header.created - present > FUTURE_SLACK:
        status, detail = TrustStatus.KEY_NOT_YET_VALID, CREATED_IN_THE_FUTURE
    verdict = Verdict(path, status, detail, document, sig, body_sha)
    if isinstance(document, MergedDoc):  # its sources are checked too
        from minecheck.core.merge import check_merged

        return check_merged(verdict, trust, depth, now=now, at=at)
    return verdict


def _resaved(data: bytes, sig: Signature) -> str | None:
    """What is said of a file whose signature failed (`sig`, read from it) that is no UTF-8,
    where its text read in GB18030 or Big5 and written in UTF-8 is a body the signature
    holds: the signature proves the conversion gives back the bytes signed. None otherwise
    (read only on this path: a file that verifies costs nothing more)."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return None
    # (Big5 as code page 950 reads it, Windows' "ANSI" for Traditional Chinese, which iconv's
    # BIG5 follows: Python's "big5" table reads A145 as `•` and A244 as `¥`, iconv as `‧` and
    # `￥`, and the command told gave a copy that was bad-signature)
    for name, codec in (("GB18030", "gb18030"), ("BIG5", "cp950")):
        try:
            text = data.decode(codec)
            if not _read_otherwise(name).isdisjoint(text):  # (no command gives the text back)
                continue
            body, _ = split(text.encode("utf-8"))
        except (UnicodeError, MalformedTrailer):
            continue
        if verify(sig, body, sig.namespace):
            return RESAVED[name]
    return None


@functools.cache
def _read_otherwise(name: str) -> frozenset[str]:
    """The characters `_resaved`'s reading in encoding NAME gives where `iconv -f NAME` gives
    another from the same bytes (or takes them as another's bytes): a text holding one is told
    no command, which would not give back the bytes signed. In Big5, code page 950's rows
    C6A1-C7FC (kana, Cyrillic, circled numbers `①`, iconv reads them as private characters);
    in GB18030, the 25 two-byte codes GB18030-2005 gave private characters (`A6D9` and on: iconv
    follows GB18030-2022's vertical punctuation and ideographs) and the characters read from
    the four-byte codes in their place."""
    if name == "BIG5":
        codes = [(0xC6, low) for low in range(0xA1, 0xFF)]
        codes += [(0xC7, low) for low in (*range(0x40, 0x7F), *range(0xA1, 0xFD))]
        return frozenset(bytes(code).decode("cp950") for code in codes)
    two = "A6D9 A6DA A6DB A6DC A6DD A6DE A6DF A6EC A6ED A6F3 A8BC FE51 FE52 FE53 FE59 FE61"
    two += " FE66 FE67 FE6C FE6D FE76 FE7E FE90 FE91 FEA0"
    private = (bytes.fromhex(code).decode("gb18030") for code in two.split())
    return frozenset([*private, *map(chr, range(0xFE10, 0xFE1A)), "\u1e3f"]).union(
        map(chr, range(0x9FB4, 0x9FBC))
    )


def _revoked(path: str, data: bytes, key: PublicKey) -> Verdict:
    """The verdict on a file signed by a revoked key: its signature and its body's digest, if
    the signature still parses and is the revoked key's."""
    signature, body_sha = None, None
    try:
        body, armored = split(data)
        if armored is not None:
            signature = parse_armored(armored)
    except (MalformedTrailer, SSHFormatError):
        pass
    if signature is not None and signature.public_key != key:
        signature = None
    if signature is not None:
        body_sha = hashlib.sha256(body).hexdigest()
    return Verdict(path, TrustStatus.REVOKED, revoked_detail(key), None, signature, body_sha)


def revoked_detail(key: PublicKey) -> str:
    """What every command says of a document signed by a revoked `key`."""
    return f"key {key.fingerprint()} is revoked"


def trust_detail(status: TrustStatus) -> str:
    """What every command says of a document whose key is judged `status` at its `created`
    (revocation aside: `revoked_detail`)."""
    return _DETAILS[status]


def clock() -> datetime:
    """The verifier's clock (one place, for the tests to set)."""
    return datetime.now(UTC)


CREATED_IN_THE_FUTURE = (
    "created in the future: the document's created time is more than 10 minutes "
    "after this computer's clock"
)
HASH_ALG = "sha512"


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
# The same windows judged at a time the verifier was given (`verify --at now`), not at `created`.
_DETAILS_AT_CHECK = {
    TrustStatus.KEY_EXPIRED: "the signing key had expired at the time of checking",
    TrustStatus.KEY_NOT_YET_VALID: "the signing key was not yet valid at the time of checking",
}


def write_sealed(
    path: Path,
    body: bytes,
    signer: Signer,
    namespace: str,
    *,
    force: bool,
    say: Say = english,
    hint: str | None = None,
    before_write: Callable[[], object] | None = None,
) -> bytes:
    """Seal `body`, check the result verifies, write it atomically, read it back to be sure.
    `before_write` is called once the document is signed and checked, just before it is written.

    What every reader would refuse unread (a file over MAX_DOCUMENT_BYTES, a body packed
    beyond DENSITY) is refused here instead, with `hint`: nothing is signed that cannot be read.
    `say` words the refusal (`minecheck.i18n.t` from the command line)."""
    from minecheck.fileio import atomic_write

    dense = density_problem(body, str(path))
    if dense is not None:
        raise InputError(
            say("{path} would be refused unread by every reader; nothing was written", path=path),
            problems=[dense],
            hint=hint,
            path=f"{path}",
        )
    data = seal(body, signer, namespace)
    if len(data) > MAX_DOCUMENT_BYTES:
        raise InputError(
            say(
                "{path} would be {size} bytes, over the limit of {limit} that every reader"
                " keeps; nothing was written",
                path=path,
                size=len(data),
                limit=MAX_DOCUMENT_BYTES,
            ),
            hint=hint,
            path=f"{path}",
        )
    _, armored = split(data)
    if armored is None or not verify(parse_armored(armored), body, namespace):
        raise InputError(
            say("the new signature of {path} does not verify; nothing was written", path=path),
            path=f"{path}",
        )
    if before_write is not None:
        before_write()
    atomic_write(path, data, force=force)
    if path.read_bytes() != data:
        raise InputError(say("{path} does not read back as written", path=path), path=f"{path}")
    return data
