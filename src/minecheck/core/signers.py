"""The OpenSSH allowed_signers and revoked_keys file formats: pattern lists, times, lines.

Read as `ssh-keygen -Y verify` reads them, but more strictly (see `minecheck.core.trust`).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from minecheck.core.krl import KRL_MAGIC, parse_krl
from minecheck.core.sanitize import quoted
from minecheck.core.sshsig import KEY_TYPE, PublicKey, SSHFormatError, holds_a_key
from minecheck.core.tomlio import decode_text
from minecheck.errors import MAX_PROBLEMS, InputError, Problem
from minecheck.i18n import t

MAX_TRUST_FILE_BYTES = 4 * 1024 * 1024

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_SECOND = timedelta(seconds=1)
_WS = " \t"
# The key type names OpenSSH knows: a field that is one of them starts the key, not options.
_PLAIN_TYPES = (
    r"ssh-ed25519|ssh-rsa|ssh-dss|rsa-sha2-256|rsa-sha2-512|ecdsa-sha2-nistp(?:256|384|521)"
)
_SK_TYPES = r"sk-ssh-ed25519|sk-ecdsa-sha2-nistp256|ssh-xmss"
_KEY_TYPE = re.compile(
    rf"(?:(?:{_PLAIN_TYPES})(?:-cert-v01@openssh\.com)?"
    rf"|(?:{_SK_TYPES})(?:-cert-v01)?@openssh\.com"
    r"|webauthn-sk-ecdsa-sha2-nistp256@openssh\.com)\Z"
)
_TIME = re.compile(r"([0-9]{8}|[0-9]{12}|[0-9]{14})([Zz]?)\Z")
# OpenSSH copies each sub-pattern into a 1024-byte buffer; a longer one fails the whole list.
_MAX_SUBPATTERN = 1022


# -- patterns ---------------------------------------------------------------------------------


def _glob(name: bytes, pattern: bytes) -> bool:
    """`*` matches any run of bytes, `?` any one byte, everything else itself.

    The pieces between stars are found in turn, each at its first place after the one before
    (the first piece at the start, the last at the end): a later place only leaves less room
    for the pieces after it. (Tried a byte at a time from each place a star could end, a list
    of patterns `*aaa...ab` against a principal of a's took seconds per pattern, minutes for
    a line of a 4 MiB file, and again for each principal signing.)
    """
    if b"*" not in pattern:
        return len(name) == len(pattern) and _piece_at(name, 0, pattern)
    first, *middle, last = pattern.split(b"*")
    end = len(name) - len(last)
    if end < len(first) or not (_piece_at(name, 0, first) and _piece_at(name, end, last)):
        return False
    at = len(first)
    for piece in middle:
        found = _piece_find(name, piece, at, end)
        if found < 0:
            return False
        at = found + len(piece)
    return True


def _piece_at(name: bytes, at: int, piece: bytes) -> bool:
    """Whether `piece` (no stars) matches the bytes of `name` from `at`."""
    if b"?" not in piece:
        return name.startswith(piece, at)
    return _piece_pattern(piece).match(name, at) is not None


def _piece_find(name: bytes, piece: bytes, start: int, end: int) -> int:
    """The first place at or after `start` where `piece` (no stars) matches, ending by `end`."""
    if b"?" not in piece:
        return name.find(piece, start, end)
    found = _piece_pattern(piece).search(name, start, end)
    return -1 if found is None else found.start()


@functools.lru_cache(maxsize=1024)
def _piece_pattern(piece: bytes) -> re.Pattern[bytes]:
    return re.compile(
        b"".join(b"." if b == ord("?") else re.escape(bytes([b])) for b in piece), re.S
    )


def match_pattern_list(name: str, patterns: str) -> bool:
    """OpenSSH pattern-list matching (ssh_config(5) PATTERNS), case-sensitive.

    Comma-separated patterns with `*` and `?`; a pattern starting with `!` is negated. A matching
    negated pattern rejects at once; otherwise at least one plain pattern must match. Like OpenSSH,
    this works on UTF-8 bytes, so `?` matches one byte, not one character.
    """
    subject = name.encode()
    matched = False
    for part in patterns.encode().split(b","):
        negated = part.startswith(b"!")
        pattern = part[1:] if negated else part
        if len(pattern) > _MAX_SUBPATTERN:
            return False
        if _glob(subject, pattern):
            if negated:
                return False
            matched = True
    return matched


# -- times ------------------------------------------------------------------------------------


def seconds(at: datetime) -> int:
    """Whole seconds since the epoch (rounded down), as ssh-keygen compares times."""
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("an aware datetime is needed; trust is never judged in local time")
    return (at - _EPOCH) // _SECOND


def format_ssh_time(at: datetime) -> str:
    """`YYYYMMDDHHMMSSZ`, as `ssh-keygen -O verify-time=` and `valid-after=` take it."""
    seconds(at)
    at = at.astimezone(UTC)
    return f"{at.year:04d}{at:%m%d%H%M%S}Z"  # (%Y writes the year 1 as "1" on glibc)


class _LineError(Exception):
    def __init__(self, index: int, message: str, code: str, *, quotes: bool = False) -> None:
        super().__init__(message)
        self.column = index + 1
        self.message = message
        self.code = code
        self.quotes = quotes  # the message quotes a word of the line that is no known keyword


def parse_ssh_time(value: str, option: str, shown: str) -> datetime:
    """`value` (`YYYYMMDD[HHMM[SS]]Z`) as a line's `valid-after`/`valid-before` takes it, for a
    command's `option` given as `shown`; ValueError with the words a line's problem would say."""
    try:
        return _parse_time(value, option, 0, shown)
    except _LineError as e:
        raise ValueError(e.message) from None


def _parse_time(value: str, option: str, index: int, shown: str | None = None) -> datetime:
    said = value if shown is None else shown
    m = _TIME.match(value)
    if m is None:
        message = t(
            'invalid {option} time "{value}"; expected YYYYMMDD[HHMM[SS]]Z',
            option=option,
            value=said,
        )
        raise _LineError(index, message, "bad-time")
    if not m[2]:
        raise _LineError(
            index,
            t(
                '{option} time "{value}" must end in Z (UTC), e.g. "{value}Z"; '
                "local times are not accepted",
                option=option,
                value=said,
            ),
            "bad-time",
        )
    digits = m[1].ljust(14, "0")
    month, day, hour, minute, second = (int(digits[k : k + 2]) for k in range(4, 14, 2))
    try:
        at = datetime(int(digits[:4]), month, day, hour, minute, second, tzinfo=UTC)
    except ValueError:
        message = t(
            'invalid {option} time "{value}": no such date or time', option=option, value=said
        )
        raise _LineError(index, message, "bad-time") from None
    if at <= _EPOCH:
        message = t(
            '{option} time "{value}" must be later than 19700101000000Z', option=option, value=said
        )
        raise _LineError(index, message, "bad-time")
    return at


# -- line fields ------------------------------------------------------------------------------


# Matched, not walked a character at a time: a province's files hold tens of thousands of lines.
_SPACES = re.compile(f"[{_WS}]*")
_FIELD = re.compile(f"[^{_WS}]*")
_BAD_CHARACTER = re.compile("[\x00-\x08\x0a-\x1f\x7f]")


def _skip_ws(line: str, i: int) -> int:
    m = _SPACES.match(line, i) if i < len(line) else None
    return m.end() if m else i


def _field_end(line: str, i: int) -> int:
    m = _FIELD.match(line, i) if i < len(line) else None
    return m.end() if m else i


def _check_characters(line: str) -> None:
    bad = _BAD_CHARACTER.search(line)  # C0 but the tab, and DEL; the first one is said
    if bad is None:
        return
    i, ch = bad.start(), bad[0]
    if ch == "\r":
        raise _LineError(i, t("carriage return (CR) found; use LF line endings only"), "cr")
    raise _LineError(
        i,
        t("control character {code} is not allowed", code=f"U+{ord(ch):04X}"),
        "control-character",
    )


def _parse_key(line: str, i: int) -> tuple[PublicKey, int]:
    """`ssh-ed25519 <base64>` at `i`; returns the key and the index after it."""
    end = _field_end(line, i)
    key_type = line[i:end]
    if key_type != KEY_TYPE:
        if _KEY_TYPE.match(key_type):
            message = t(
                'key type "{type}" is not supported; only ssh-ed25519 keys are supported',
                type=key_type,
            )
            raise _LineError(i, message, "unsupported-key-type")
        message = t('expected key type ssh-ed25519, found "{type}"', type=key_type)
        raise _LineError(i, message, "bad-key", quotes=True)
    j = _skip_ws(line, end)
    if j == len(line):
        raise _LineError(j, t("missing base64 key data after ssh-ed25519"), "missing-public-key")
    b64_end = _field_end(line, j)
    try:
        key = PublicKey.from_openssh(f"{KEY_TYPE} {line[j:b64_end]}")
    except SSHFormatError as exc:
        raise _LineError(
            j, t("invalid ssh-ed25519 key: {reason}", reason=exc.said()), "bad-key"
        ) from None
    return key, b64_end


@dataclass
class _Options:
    cert_authority: int | None = None  # index of the option
    namespaces: tuple[str, ...] | None = None
    valid_after: datetime | None = None
    valid_before: datetime | None = None


_VALUE_OPTIONS = ("namespaces", "valid-after", "valid-before")


def _parse_options(line: str, i: int) -> tuple[_Options, int]:
    """`opt[,opt...]` at `i` (keywords case-insensitive, values in double quotes)."""
    opts = _Options()
    seen: set[str] = set()
    before_at = 0
    while True:
        start = i
        while i < len(line) and line[i] not in ' \t,="':
            i += 1
        word = line[start:i]
        keyword = word.lower()
        if not word:
            after_comma = start > 0 and line[start - 1] == ","
            message = t('expected an option after ","') if after_comma else t("empty option")
            raise _LineError(start, message, "bad-option")
        if keyword == "cert-authority":
            if i < len(line) and line[i] == "=":
                message = t('option "cert-authority" takes no value')
                raise _LineError(start, message, "bad-option")
            opts.cert_authority = start
        elif keyword in _VALUE_OPTIONS:
            if i >= len(line) or line[i] != "=":
                message = t('option "{option}" needs a value', option=keyword)
                raise _LineError(start, message, "bad-option")
            i += 1
            if i >= len(line) or line[i] != '"':
                message = t(
                    'the value of option "{option}" must be in double quotes', option=keyword
                )
                raise _LineError(i, message, "bad-option")
            close = line.find('"', i + 1)
            if close < 0:
                message = t('unterminated quote in option "{option}"', option=keyword)
                raise _LineError(i, message, "bad-option")
            value = line[i + 1 : close]
            if "\\" in value:  # ssh-keygen reads `\"` as a quote inside the value: refuse both
                raise _LineError(
                    i + 1 + value.index("\\"),
                    t(
                        'a backslash is not allowed in the value of option "{option}"',
                        option=keyword,
                    ),
                    "bad-option",
                )
            if keyword in seen:
                message = t('option "{option}" is given twice', option=keyword)
                raise _LineError(start, message, "bad-option")
            seen.add(keyword)
            if keyword == "namespaces":
                opts.namespaces = tuple(value.split(","))
            elif keyword == "valid-after":
                opts.valid_after = _parse_time(value, keyword, i + 1)
            else:
                opts.valid_before = _parse_time(value, keyword, i + 1)
                before_at = start
            i = close + 1
        else:
            message = t('unknown option "{option}"', option=word)
            raise _LineError(start, message, "bad-option", quotes=True)
        if i >= len(line) or line[i] in _WS:
            break
        if line[i] != ",":
            message = t(
                'unexpected {found} after option "{option}"', found=quoted(line[i]), option=keyword
            )
            raise _LineError(i, message, "bad-option")
        i += 1
    if (
        opts.valid_after is not None
        and opts.valid_before is not None
        and opts.valid_before <= opts.valid_after
    ):
        message = t("valid-before must be later than valid-after")
        raise _LineError(before_at, message, "bad-option")
    return opts, i


# -- allowed signers --------------------------------------------------------------------------


@dataclass(frozen=True)
class AllowedSigner:
    """One usable line of an allowed_signers file."""

    principals: tuple[str, ...]  # the comma-separated pattern-list, split, patterns as written
    key: PublicKey
    namespaces: tuple[str, ...] | None  # None: every namespace
    valid_after: datetime | None  # aware, UTC
    valid_before: datetime | None  # aware, UTC
    line: int

    def matches_principal(self, principal: str) -> bool:
        return match_pattern_list(principal, ",".join(self.principals))

    def allows_namespace(self, namespace: str) -> bool:
        return self.namespaces is None or match_pattern_list(namespace, ",".join(self.namespaces))

    def is_expired(self, at: datetime) -> bool:
        return self.valid_before is not None and seconds(at) > seconds(self.valid_before)

    def is_not_yet_valid(self, at: datetime) -> bool:
        return self.valid_after is not None and seconds(at) < seconds(self.valid_after)

    def is_valid_at(self, at: datetime) -> bool:
        return not self.is_expired(at) and not self.is_not_yet_valid(at)


def _parse_signer_line(line: str, lineno: int, path: str) -> AllowedSigner | Problem | None:
    """An AllowedSigner, a warning (cert-authority) or None (blank, comment); _LineError if bad."""
    _check_characters(line)
    i = _skip_ws(line, 0)
    if i == len(line) or line[i] == "#":
        return None
    start = i
    if line[i] == '"':
        close = line.find('"', i + 1)
        if close < 0:
            message = t("unterminated quote in the principals")
            raise _LineError(i, message, "bad-principals")
        principals = line[i + 1 : close]
        i = close + 1
        if i < len(line) and line[i] not in _WS:
            message = t("expected a space after the quoted principals")
            raise _LineError(i, message, "bad-principals")
    else:
        i = _field_end(line, i)
        principals = line[start:i]
        quote = principals.find('"')
        if quote >= 0:
            message = t("a quote may only enclose the whole principals field")
            raise _LineError(start + quote, message, "bad-principals")
        if _KEY_TYPE.match(principals):
            message = t("the line starts with a key type; principals come first")
            raise _LineError(start, message, "bad-principals")
    if not principals:
        raise _LineError(start, t("empty principals"), "bad-principals")
    i = _skip_ws(line, i)
    opts = _Options()
    if i < len(line) and not _KEY_TYPE.match(line[i : _field_end(line, i)]):
        opts, i = _parse_options(line, i)
        i = _skip_ws(line, i)
    if i == len(line):
        message = t("missing key; expected [options] ssh-ed25519 <base64> [comment]")
        raise _LineError(i, message, "missing-public-key")
    key, _ = _parse_key(line, i)
    if opts.cert_authority is not None:
        return Problem(
            "cert-authority-skipped",
            t("cert-authority line skipped: certificates are not supported"),
            path,
            lineno,
            opts.cert_authority + 1,
        )
    return AllowedSigner(
        principals=tuple(principals.split(",")),
        key=key,
        namespaces=opts.namespaces,
        valid_after=opts.valid_after,
        valid_before=opts.valid_before,
        line=lineno,
    )


def _line_problem(exc: _LineError, line: str, lineno: int, path: str) -> Problem:
    """The problem of a malformed line. A line with no key's base64 in it may be from a file
    given by mistake (a passphrase file, a password list; the word ssh-ed25519 may be in one):
    what its errors would quote of it (an unknown option, a "key type") is not shown, only
    where it starts."""
    if exc.quotes and not holds_a_key(line):
        column = _skip_ws(line, 0) + 1
        message = t(
            "this line holds no ssh-ed25519 key; its words are not shown (is it the right file?)"
        )
        return Problem(exc.code, message, path, lineno, column)
    return Problem(exc.code, exc.message, path, lineno, exc.column)


def _malformed_lines(
    path: str, errors: list[Problem], more: int, where: str, *, code: str
) -> InputError:
    """The refusal of a file with malformed lines: the first MAX_PROBLEMS of them named, each
    at its place, the rest counted as a schema's are (10,000 lines were 10,000 on stderr)."""
    from minecheck.core.schema import listed

    count = len(errors) + more
    if count == 1:
        said = t("{path}: 1 malformed line in {file}", path=path, file=where)
    else:
        said = t("{path}: {count} malformed lines in {file}", path=path, count=count, file=where)
    return InputError(said, problems=listed(errors, more, path, t), code=code, path=path)


_PRIVATE_KEY = re.compile(r"-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----|^PuTTY-User-Key-File-", re.M)


def _refuse_a_private_key(text: str, path: str, what: str) -> None:
    """A private key given where a list of public keys belongs is refused before any line of
    it is read: each malformed line's error quotes it, and its lines are the key's secret."""
    if _PRIVATE_KEY.search(text):
        raise InputError(
            t(
                "{path} holds a private key, not {file} (its lines are not shown)",
                path=path,
                file=what,
            ),
            hint=t("give a file of public keys, one `ssh-ed25519 AAAA...` line each"),
            code="private-key",
            path=f"{path}",
        )


def parse_allowed_signers(text: str, path: str) -> tuple[list[AllowedSigner], list[Problem]]:
    """Parse an allowed_signers file: its usable lines, and warnings (cert-authority lines).

    Every malformed line is reported at once in one InputError, each Problem at the line and
    column of the offending field.
    """
    _refuse_a_private_key(text, path, t("the allowed signers file"))
    signers: list[AllowedSigner] = []
    warnings: list[Problem] = []
    errors: list[Problem] = []
    more = 0  # malformed lines past the MAX_PROBLEMS named, counted
    for lineno, line in enumerate(text.split("\n"), start=1):
        try:
            parsed = _parse_signer_line(line, lineno, path)
        except _LineError as exc:
            if len(errors) < MAX_PROBLEMS:
                errors.append(_line_problem(exc, line, lineno, path))
            else:
                more += 1
            continue
        if isinstance(parsed, AllowedSigner):
            signers.append(parsed)
        elif parsed is not None:
            warnings.append(parsed)
    if errors:
        where = t("the allowed signers file")
        raise _malformed_lines(path, errors, more, where, code="allowed-signers-invalid")
    return signers, warnings


# -- revoked keys -----------------------------------------------------------------------------


def parse_revoked_keys(data: bytes, path: str) -> frozenset[bytes]:
    """The key blobs of a revoked_keys file: one `ssh-ed25519 <base64> [comment]` per line.

    Takes bytes, so that a binary KRL (`ssh-keygen -k`) is recognised by its magic and read as
    one (`minecheck.core.krl`). Blank lines and `#` comments are ignored; every malformed
    line is reported at once.
    """
    if data.startswith(KRL_MAGIC):
        return parse_krl(data, path)
    text = decode_text(data, path)
    _refuse_a_private_key(text, path, t("the revoked keys file"))
    blobs: set[bytes] = set()
    errors: list[Problem] = []
    more = 0  # malformed lines past the MAX_PROBLEMS named, counted
    for lineno, line in enumerate(text.split("\n"), start=1):
        try:
            _check_characters(line)
            i = _skip_ws(line, 0)
            if i == len(line) or line[i] == "#":
                continue
            key, _ = _parse_key(line, i)
        except _LineError as exc:
            if len(errors) < MAX_PROBLEMS:
                errors.append(_line_problem(exc, line, lineno, path))
            else:
                more += 1
            continue
        blobs.add(key.blob)
    if errors:
        raise _malformed_lines(
            path, errors, more, t("the revoked keys file"), code="revoked-keys-invalid"
        )
    return frozenset(blobs)
