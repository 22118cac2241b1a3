"""Trust (SPEC 3): OpenSSH allowed_signers and revoked_keys files, and the trust judgement.

The files are the ones `ssh-keygen -Y verify -f allowed_signers -r revoked_keys` reads, and the
judgement agrees with it: a key counts for a principal matching the line's pattern-list, for a
namespace its `namespaces=` allows, and between `valid-after` and `valid-before`, both inclusive,
compared in whole seconds. Deliberately stricter than ssh-keygen, so nothing is judged by guesswork:

- only `ssh-ed25519` keys; any other key type is an error, in both files;
- option timestamps must end in `Z` (UTC): ssh-keygen reads a bare one in the local time zone;
- a malformed line makes the whole file an error (ssh-keygen skips such allowed_signers lines);
- impossible dates such as `20250230Z` are errors (ssh-keygen rolls them over into March);
- `cert-authority` lines are skipped with a warning: signatures made by certificates are not
  supported, and a plain key is never trusted through a CA line (ssh-keygen agrees);
- the revoked keys file is a text list of public keys, or a binary KRL (`core.krl`).
"""

from __future__ import annotations

import enum
import os
import stat
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from minecheck.core.sanitize import shell_word
from minecheck.core.signers import (
    MAX_TRUST_FILE_BYTES,
    AllowedSigner,
    parse_allowed_signers,
    parse_revoked_keys,
    seconds,
)
from minecheck.core.sshsig import PublicKey
from minecheck.core.tomlio import decode_text
from minecheck.errors import InputError, Problem
from minecheck.fileio import NotRegular, link_to_nothing, not_regular, open_named, read_open
from minecheck.i18n import t
from minecheck.os_words import os_reason


class TrustStatus(enum.StrEnum):
    """Verification statuses, in order of precedence: the first that applies is reported."""

    REVOKED = "revoked"
    MALFORMED = "malformed"
    BAD_SIGNATURE = "bad-signature"
    UNSIGNED = "unsigned"
    UNTRUSTED_KEY = "untrusted-key"
    PRINCIPAL_MISMATCH = "principal-mismatch"
    NAMESPACE_NOT_ALLOWED = "namespace-not-allowed"
    KEY_EXPIRED = "key-expired"
    KEY_NOT_YET_VALID = "key-not-yet-valid"
    TRUSTED = "trusted"


# Signed, the signature good, but the key not trusted for it: what --include-untrusted admits.
UNTRUSTED_BUT_SIGNED = frozenset(
    list(TrustStatus)[list(TrustStatus).index(TrustStatus.UNSIGNED) + 1 : -1]
)


def counted(status: str, include_untrusted: bool) -> bool:
    """Whether a document of this status counts in a report."""
    return status == TrustStatus.TRUSTED or (include_untrusted and status in UNTRUSTED_BUT_SIGNED)


# -- the judgement ----------------------------------------------------------------------------


def judge(
    allowed: Sequence[AllowedSigner],
    revoked: frozenset[bytes],
    *,
    principal: str,
    namespace: str,
    key: PublicKey,
    at: datetime,
) -> TrustStatus:
    """How far `key` is trusted to sign as `principal` in `namespace` at time `at` (aware).

    A revoked key is revoked whatever the time. Otherwise the status names the first test that
    no line of the file passes: key, principal, namespace, then time. A line passing them all
    makes the key trusted; failing only on time, an expired line wins over a not-yet-valid one.
    """
    seconds(at)
    of_key = [s for s in allowed if s.key == key]
    lines = _lines_for(of_key, revoked, principal=principal, namespace=namespace, key=key)
    return lines if isinstance(lines, TrustStatus) else _in_time(lines, at)


def _lines_for(
    of_key: Sequence[AllowedSigner],
    revoked: frozenset[bytes],
    *,
    principal: str,
    namespace: str,
    key: PublicKey,
) -> TrustStatus | tuple[AllowedSigner, ...]:
    """The lines that trust `key` for `principal` in `namespace` at some time, or why none do
    (`of_key`: the lines of the file that name `key`, in file order)."""
    if key.blob in revoked:
        return TrustStatus.REVOKED
    lines = list(of_key)
    if not lines:
        return TrustStatus.UNTRUSTED_KEY
    lines = [s for s in lines if s.matches_principal(principal)]
    if not lines:
        return TrustStatus.PRINCIPAL_MISMATCH
    lines = [s for s in lines if s.allows_namespace(namespace)]
    if not lines:
        return TrustStatus.NAMESPACE_NOT_ALLOWED
    return tuple(lines)


def _in_time(lines: Sequence[AllowedSigner], at: datetime) -> TrustStatus:
    if any(s.is_valid_at(at) for s in lines):
        return TrustStatus.TRUSTED
    if any(s.is_expired(at) for s in lines):
        return TrustStatus.KEY_EXPIRED
    return TrustStatus.KEY_NOT_YET_VALID


@dataclass(frozen=True)
class TrustStore:
    """The parsed trust files, and warnings about lines that were skipped."""

    allowed: tuple[AllowedSigner, ...] = ()
    revoked: frozenset[bytes] = frozenset()
    warnings: tuple[Problem, ...] = ()
    # What `judge` worked out per (principal, namespace, key), the time left out: a batch of
    # documents names a few signers thousands of times, and matching patterns is the cost.
    _seen: dict[tuple[str, str, bytes], TrustStatus | tuple[AllowedSigner, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    # The lines naming each key, in file order, made on the first judgement: a province's file
    # holds thousands of keys, and a batch names hundreds of signers (one scan each was
    # signers x lines).
    _by_key: dict[bytes, tuple[AllowedSigner, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def _lines_of(self, key: PublicKey) -> tuple[AllowedSigner, ...]:
        if not self._by_key and self.allowed:
            grouped: dict[bytes, list[AllowedSigner]] = {}
            for s in self.allowed:
                grouped.setdefault(s.key.raw, []).append(s)
            self._by_key.update((raw, tuple(lines)) for raw, lines in grouped.items())
        return self._by_key.get(key.raw, ())

    def judge(self, *, principal: str, namespace: str, key: PublicKey, at: datetime) -> TrustStatus:
        seconds(at)
        asked = (principal, namespace, key.blob)
        lines = self._seen.get(asked)
        if lines is None:
            lines = _lines_for(
                self._lines_of(key),
                self.revoked,
                principal=principal,
                namespace=namespace,
                key=key,
            )
            if len(self._seen) < 65_536:
                self._seen[asked] = lines
        return lines if isinstance(lines, TrustStatus) else _in_time(lines, at)


def _special_hint(path: Path, mode: int) -> str | None:
    """What to do with what is not a regular file where a trust file was to be read: where
    minecheck keeps its own, it is moved away, whatever its kind (the user named nothing: a
    FIFO or a socket there was said with no hint where a folder had one); elsewhere, a directory
    was named for the file that it holds (a pipe named is read, others are said by kind)."""
    from minecheck import paths

    own = {
        paths.allowed_signers_file(): "allowed_signers",
        paths.revoked_keys_file(): "revoked_keys",
    }
    folder = stat.S_ISDIR(mode)
    if (name := own.get(path)) is not None:
        if folder:
            return t(
                "minecheck keeps its own {name} file here: move this directory away", name=name
            )
        return t("minecheck keeps its own {name} file here: move it away", name=name)
    return (
        t("name the file itself (allowed_signers, revoked_keys), not its directory")
        if folder
        else None
    )


def read_trust_file(path: Path, *, pipes: bool = False) -> bytes | None:
    """The file's bytes, or None if it does not exist (a link to nothing is refused, as a file
    that cannot be read); refused if others may write it. With
    `pipes` (a file named on the command line), a pipe given on purpose (`--allowed-signers
    <(...)`, a FIFO) is read once its writer has come; minecheck's own trust files are never
    waited on (a FIFO there is not a regular file, said at once)."""
    too_large = t("{path} is larger than 4 MiB, the limit for a trust file", path=path)
    try:
        fd, st = open_named(path, pipes=pipes)
    except FileNotFoundError:
        gone = link_to_nothing(path)
        if gone is not None:  # a list that vanished (its share not mounted) is not an empty one
            back = t("restore the file it leads to, or remove the link to have none")
            raise InputError(gone, hint=back, path=f"{path}") from None
        return None
    except NotRegular as exc:  # (a socket)
        hint = _special_hint(path, exc.mode)
        raise InputError(not_regular(path, exc.mode), hint=hint, path=f"{path}") from None
    except OSError as exc:
        raise InputError(
            t("{path}: cannot read: {reason}", path=path, reason=os_reason(exc)),
            path=f"{path}",
        ) from None
    try:
        if not (pipes and stat.S_ISFIFO(st.st_mode)):  # (a pipe given on purpose: `<(...)`)
            if not stat.S_ISREG(st.st_mode):
                hint = _special_hint(path, st.st_mode)
                raise InputError(not_regular(path, st.st_mode), hint=hint, path=f"{path}")
            if writable_by_another(st):
                raise InputError(
                    t(
                        "{path} is writable by group or others; run:\n  chmod go-w {quoted}",
                        path=path,
                        quoted=shell_word(path),
                    ),
                    path=f"{path}",
                )
            _refuse_a_directory_others_write(path)
        got = read_open(fd, st, MAX_TRUST_FILE_BYTES)
    except OSError as exc:
        raise InputError(
            t("{path}: cannot read: {reason}", path=path, reason=os_reason(exc)),
            path=f"{path}",
        ) from None
    finally:
        os.close(fd)
    if isinstance(got, int):
        raise InputError(too_large, path=f"{path}")
    return got


def writable_by_another(st: os.stat_result) -> bool:
    """Whether anyone but the owner (and root) may write: others may, or the group may and
    it is not the owner's alone. Where every user has a group of their own (Debian, Ubuntu,
    Fedora: umask 002), every file and directory a user makes is group-writable, and only
    they are in that group; OpenSSH as Debian builds it judges such a group so too."""
    if st.st_mode & 0o002:
        return True
    return bool(st.st_mode & 0o020) and not owners_own_group(st.st_uid, st.st_gid)


def owners_own_group(uid: int, gid: int) -> bool:
    """Whether group `gid` is user `uid`'s own: their primary group, no other member named in
    it, and no other user's primary group."""
    try:
        import grp
        import pwd
    except ImportError:  # Windows
        return False
    try:
        group = grp.getgrgid(gid)
        owner = pwd.getpwuid(uid)
    except (KeyError, OSError):
        return False
    if owner.pw_gid != gid or any(member != owner.pw_name for member in group.gr_mem):
        return False
    return all(user.pw_gid != gid or user.pw_uid == uid for user in pwd.getpwall())


def _refuse_a_directory_others_write(path: Path) -> None:
    """Refuse a trust file whose directory group or others may write (an office's shared
    archive, setgid and group-writable): they could rename a file of their own over it, which
    the file's own mode does not prevent. A sticky directory (/tmp) lets no one replace a file
    of another's. Where there are no user ids (Windows) nothing is said."""
    if not hasattr(os, "getuid"):
        return
    directory = path.parent
    try:
        st = os.stat(directory)
    except OSError:  # (the file was opened through it: nothing to judge)
        return
    if writable_by_another(st) and not st.st_mode & stat.S_ISVTX:
        raise InputError(
            t(
                "{path}: its directory {directory} is writable by group or others, who could "
                "replace the file",
                path=path,
                directory=directory,
            ),
            hint=t("keep trust files in a directory only their keeper can write"),
            path=f"{path}",
        )


def load_trust(
    allowed_path: Path | None, revoked_path: Path | None, *, given: Collection[Path | None] = ()
) -> TrustStore:
    """Read the allowed signers and revoked keys files; a missing file (or None) is empty.
    Those among `given` (named on the command line) may be pipes."""
    allowed: list[AllowedSigner] = []
    warnings: list[Problem] = []
    revoked: frozenset[bytes] = frozenset()
    if allowed_path is not None:
        data = read_trust_file(allowed_path, pipes=allowed_path in given)
        if data is not None:
            text = decode_text(data, str(allowed_path))
            allowed, warnings = parse_allowed_signers(text, str(allowed_path))
    if revoked_path is not None:
        data = read_trust_file(revoked_path, pipes=revoked_path in given)
        if data is not None:
            revoked = parse_revoked_keys(data, str(revoked_path))
    return TrustStore(tuple(allowed), revoked, tuple(warnings))
