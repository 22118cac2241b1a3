"""Ed25519 key files in the OpenSSH formats: generate, load, inspect.

Private keys use the OpenSSH private-key container (`-----BEGIN OPENSSH PRIVATE KEY-----`),
bcrypt-KDF encrypted when a passphrase is given; public keys are one `ssh-ed25519 AAAA... comment`
line in `<key>.pub`. Both work unchanged with ssh-keygen, and ssh-keygen's keys load here.
"""

from __future__ import annotations

import base64
import binascii
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from minecheck.core.sanitize import quoted, shell_word
from minecheck.core.sshsig import KEY_TYPE, KeySigner, PublicKey, Reader, SSHFormatError
from minecheck.errors import InputError, UsageError
from minecheck.fileio import (
    NotRegular,
    as_on_windows,
    link_to_nothing,
    not_regular,
    not_there,
    open_named,
    read_open,
)
from minecheck.i18n import t
from minecheck.os_words import os_reason
from minecheck.portable_files import open_new, set_mode

MAX_KEY_FILE = 64 * 1024
CREATE_HINT = "create one with:\n  minecheck keys generate"
# where the key offered is another's (the trust keeper's commands)
ASK_HINT = "ask its signer for an Ed25519 key; minecheck keys generate makes one"
# where another's public key file is not there (`trust add --key`)
ASK_PUB_HINT = (
    "ask the signer for their .pub file (minecheck keys show prints the line to give: "
    "trust add --from FILE)"
)
_PRIVATE_MAGIC = b"openssh-key-v1\0"
_OPENSSH_PEM = re.compile(
    r"-----BEGIN OPENSSH PRIVATE KEY-----\n(.*?)-----END OPENSSH PRIVATE KEY-----", re.DOTALL
)
_LEGACY_PEM = {
    "RSA PRIVATE KEY": "ssh-rsa",
    "EC PRIVATE KEY": "ecdsa-sha2-",
    "DSA PRIVATE KEY": "ssh-dss",
}


class PassphraseRequired(InputError):
    """The key is encrypted and no passphrase was given: the caller may ask for one and retry."""

    code = "passphrase-required"


@dataclass(frozen=True)
class _Container:
    ciphername: str
    key_type: str
    public_blob: bytes = b""


def public_key_path(path: Path) -> Path:
    """Where the public half of the private key at `path` lives: `<path>.pub`. A path that
    names no file (`--key .`, `/`, `..`) is no key file (it was a ValueError, a traceback)."""
    if path.name in ("", ".."):
        said = not_regular(path, stat.S_IFDIR, "key file")
        raise InputError(said, path=f"{path}")
    return path.with_name(path.name + ".pub")


def generate(path: Path, comment: str, passphrase: bytes | None) -> PublicKey:
    """Create a new Ed25519 key at `path` (mode 0600) and `path.pub`; never overwrite either.

    An empty passphrase means no encryption, as with ssh-keygen.
    """
    from cryptography.hazmat.primitives.serialization import (
        BestAvailableEncryption,
        Encoding,
        KeySerializationEncryption,
        NoEncryption,
        PrivateFormat,
    )

    if "\n" in comment or "\r" in comment:
        raise UsageError(t("a key comment must be a single line"))
    pub_path = public_key_path(path)
    for target in (path, pub_path):
        if os.path.lexists(target):
            raise UsageError(
                t("{path} already exists", path=target),
                hint=_exists_hint(),
                code="file-exists",
                path=f"{target}",
            )
    _make_parent(path.parent)
    signer = KeySigner.generate()
    encryption: KeySerializationEncryption = (
        BestAvailableEncryption(passphrase) if passphrase else NoEncryption()
    )
    private = signer.private_key.private_bytes(Encoding.PEM, PrivateFormat.OpenSSH, encryption)
    _write_new(path, private, 0o600)
    try:
        _write_new(pub_path, (signer.public_key.openssh(comment) + "\n").encode(), 0o644)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    from minecheck.fileio import key_pair_written

    key_pair_written(path, pub_path)
    return signer.public_key


def load_private(path: Path, passphrase: bytes | None) -> KeySigner:
    """Load an OpenSSH Ed25519 private key; refuse one that group or others may read."""
    from cryptography.exceptions import InvalidTag, UnsupportedAlgorithm
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import load_ssh_private_key

    data = _read_private(path)
    container = _parse_container(path, data)
    if container.key_type != KEY_TYPE:
        raise _wrong_type(path, container.key_type)
    encrypted = container.ciphername != "none"
    if encrypted and passphrase is None:
        raise PassphraseRequired(t("{path} is protected by a passphrase", path=path))
    try:
        key = load_ssh_private_key(data, passphrase if encrypted else None)
    except UnsupportedAlgorithm:
        raise InputError(
            t(
                "{path} is encrypted with {cipher}, which minecheck cannot read",
                path=path,
                cipher=container.ciphername,
            ),
            hint=t(
                "re-encrypt it:\n  ssh-keygen -p -Z aes256-ctr -f {path}", path=shell_word(path)
            ),
            code="unsupported-cipher",
            path=f"{path}",
        ) from None
    except (ValueError, TypeError, InvalidTag):
        if encrypted:
            raise InputError(
                t("wrong passphrase for {path}", path=path),
                hint=t(
                    "type the passphrase again with care (Caps Lock, the input method), or sign"
                    " with another key: --key PATH (minecheck keys list shows yours)"
                ),
                code="wrong-passphrase",
                path=f"{path}",
            ) from None
        raise _malformed(path) from None
    if not isinstance(key, Ed25519PrivateKey):  # the container said ssh-ed25519
        raise _malformed(path)
    return KeySigner(key)


def is_encrypted(path: Path) -> bool:
    """True if the OpenSSH private key at `path` is passphrase-protected.

    Raises the same errors as `load_private` for unreadable, too-open or malformed files.
    """
    return _parse_container(path, _read_private(path)).ciphername != "none"


def private_key_public(path: Path) -> PublicKey:
    """The public key an OpenSSH private key file names (readable without its passphrase)."""
    container = _parse_container(path, _read_private(path))
    if container.key_type != KEY_TYPE:
        raise _wrong_type(path, container.key_type)
    try:
        return PublicKey.from_blob(container.public_blob)
    except SSHFormatError:
        raise _malformed(path) from None


def load_public(
    path: str | Path,
    *,
    pipes: bool = False,
    hint: str = CREATE_HINT,
    half_of: str | Path | None = None,
) -> tuple[PublicKey, str]:
    """The key and comment of a one-line `ssh-ed25519 AAAA... comment` public key file.
    `pipes`: a pipe is read too (a FIFO waited for, as `fileio.open_named` waits), for a key
    named on the command line and read once (`trust add --key <(...)`). `hint`: what to do with
    a key of another type (make one, or, for another's key, ask its signer). `half_of`: the
    private key whose `.pub` this is, where the file was not named by the user (a private key
    there is said as not that key's public half, not "pass the public key (KEY.pub.pub)"); a
    name the user gave that ends `.pub` is said as not the public half of the name before it."""
    missing = ASK_PUB_HINT if hint == ASK_HINT else None
    data = _read(path, "public key file", pipes=pipes, missing=missing)
    from minecheck.core.tomlio import refuse_wide

    refuse_wide(data, str(path))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(
            t("{path} is not an OpenSSH public key (not UTF-8 text)", path=path), path=f"{path}"
        ) from None
    if "PRIVATE KEY-----" in text:
        if half_of is None and f"{path}".endswith(".pub") and Path(path).name != ".pub":
            half_of = f"{path}".removesuffix(".pub")  # as typed: ./k.pub, ./k
        raise InputError(
            t(
                "{path} is a private key; pass the public key ({name})",
                path=path,
                name=public_key_path(Path(path)).name,
            )
            if half_of is None
            else t("{path} is a private key, not the public half of {key}", path=path, key=half_of),
            code="not-a-public-key",
            path=f"{path}",
        )
    lines = [ln.strip() for ln in text.splitlines()]
    lines = [ln for ln in lines if ln and not ln.startswith("#")]
    if len(lines) != 1:
        raise InputError(
            t(
                "{path} is not an OpenSSH public key: expected one 'ssh-ed25519 AAAA...' line, "
                "found {count}",
                path=path,
                count=len(lines),
            ),
            path=f"{path}",
        )
    fields = lines[0].split(None, 2)
    if (
        "=" not in fields[0]
        and fields[0] != KEY_TYPE
        and re.search(r"\s(?:ssh|ecdsa|sk)-[a-z0-9@.-]+\s+AAAA", lines[0])
    ):
        raise InputError(  # `PRINCIPAL ssh-ed25519 AAAA...`: what `keys generate` prints
            t("{path} holds an allowed_signers line, not a public key file", path=path),
            hint=t(
                "add its line with:\n  minecheck trust add --from {path}", path=shell_word(path)
            ),
            code="allowed-signers-line",
            path=f"{path}",
        )
    if fields[0] != KEY_TYPE and _is_key_type(fields[0]):
        raise _wrong_type(path, fields[0], hint)
    try:
        key = PublicKey.from_openssh(lines[0])
    except SSHFormatError as exc:
        raise InputError(
            t("{path} is not an OpenSSH public key: {reason}", path=path, reason=exc.said()),
            path=f"{path}",
        ) from None
    return key, fields[2].strip() if len(fields) == 3 else ""


# -- reading ---------------------------------------------------------------------------------


def _read(
    path: str | Path,
    what: str,
    *,
    private: bool = False,
    pipes: bool = False,
    missing: str | None = None,
) -> bytes:
    """The bytes of a key file. `missing`: the hint where it is not there (a private key's is
    to create one)."""
    fd = -1
    try:
        fd, st = open_named(path, pipes=pipes)  # a FIFO blocks only where `pipes` says
        if not (stat.S_ISREG(st.st_mode) or (pipes and stat.S_ISFIFO(st.st_mode))):
            raise InputError(not_regular(path, st.st_mode, what), path=f"{path}")
        data = read_open(fd, st, MAX_KEY_FILE)
    except NotRegular as exc:  # (a socket)
        raise InputError(not_regular(path, exc.mode, what), path=f"{path}") from None
    except FileNotFoundError:
        if f"{path}" == "-":  # (standard input is not read for a key; `./-` is a file)
            raise not_there(path, "") from None
        raise InputError(  # (a link to nothing is there to `ls`: said as what it is)
            link_to_nothing(path) or t("{what} {path} does not exist", what=t(what), path=path),
            hint=as_on_windows(path)
            or (t(CREATE_HINT) if private else (t(missing) if missing else None)),
            code="key-not-found",
            path=f"{path}",
        ) from None
    except OSError as exc:
        raise InputError(
            t(
                "cannot read {what} {path}: {reason}",
                what=t(what),
                path=path,
                reason=os_reason(exc),
            ),
            path=f"{path}",
        ) from None
    finally:
        if fd >= 0:
            os.close(fd)
    if isinstance(data, int):  # (more than MAX_KEY_FILE bytes)
        raise InputError(t("{path} is too large to be a key file", path=path), path=f"{path}")
    if private and _looks_public(data):
        raise InputError(
            t("{path} is a public key; pass the private key (the file without .pub)", path=path),
            code="not-a-private-key",
            path=f"{path}",
        )
    if private and st.st_mode & 0o077:
        raise InputError(
            t(
                "permissions {mode} for '{path}' are too open; run:\n  chmod 600 {quoted}",
                mode=f"{stat.S_IMODE(st.st_mode):04o}",
                path=path,
                quoted=shell_word(path),
            ),
            code="key-permissions",
            path=f"{path}",
        )
    return data


def _read_private(path: Path) -> bytes:
    return _read(path, "key file", private=True)


def _looks_public(data: bytes) -> bool:
    first = data.lstrip().split(None, 1)[:1]
    return bool(first) and _is_key_type(first[0].decode("ascii", "replace"))


def _is_key_type(word: str) -> bool:
    return word.startswith(("ssh-", "ecdsa-sha2-", "sk-"))


def _parse_container(path: Path, data: bytes) -> _Container:
    text = data.decode("ascii", "replace").replace("\r\n", "\n")
    match = _OPENSSH_PEM.search(text)
    if match is None:
        for label, key_type in _LEGACY_PEM.items():
            if f"-----BEGIN {label}-----" in text:
                raise _wrong_type(path, key_type)
        raise InputError(
            t("{path} is not an OpenSSH private key", path=path),
            hint=t(CREATE_HINT),
            code="not-a-private-key",
            path=f"{path}",
        )
    try:
        raw = base64.b64decode("".join(match.group(1).split()), validate=True)
    except (binascii.Error, ValueError):
        raise _malformed(path) from None
    if not raw.startswith(_PRIVATE_MAGIC):
        raise _malformed(path)
    r = Reader(raw[len(_PRIVATE_MAGIC) :])
    try:
        ciphername = r.string().decode("ascii")
        r.string()  # kdfname
        r.string()  # kdfoptions
        if r.uint32() != 1:
            raise InputError(
                t("{path} holds several keys; minecheck reads files with one key", path=path),
                path=f"{path}",
            )
        public_blob = r.string()
        key_type = Reader(public_blob).string().decode("ascii")
    except (SSHFormatError, UnicodeDecodeError):
        raise _malformed(path) from None
    return _Container(ciphername, key_type, public_blob)


# -- writing ---------------------------------------------------------------------------------


def _exists_hint() -> str:
    return t("minecheck never overwrites a key: choose another path, or move the old key away")


def _make_parent(directory: Path) -> None:
    if directory.is_dir():
        return
    try:
        from minecheck.fileio import make_directory

        make_directory(directory, 0o700)
        os.chmod(directory, 0o700)  # mkdir's mode is filtered by the umask
    except OSError as exc:
        from minecheck.fileio import full_disk_hint

        raise InputError(
            t("cannot create directory {path}: {reason}", path=directory, reason=os_reason(exc)),
            hint=full_disk_hint(exc, directory),
            path=f"{directory}",
        ) from None


def _write_new(path: Path, data: bytes, mode: int) -> None:
    """`data` as the new file `path`, whole or not at all: written and flushed under a
    temporary name beside it, then linked to its name (which must not exist), and the
    directory flushed so the name survives a power loss. Written straight to its name, a key
    cut off by a power loss was left there empty or half written, and the next `keys generate`
    refused to replace it."""
    import contextlib
    import secrets

    from minecheck.fileio import fsync_dir, full_disk_hint, put_new, written

    exists = UsageError(
        t("{path} already exists", path=path),
        hint=_exists_hint(),
        code="file-exists",
        path=f"{path}",
    )
    if os.path.lexists(path):
        raise exists
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        fd = open_new(tmp, mode)
    except OSError as exc:
        raise InputError(
            t("cannot create {path}: {reason}", path=path, reason=os_reason(exc)),
            hint=full_disk_hint(exc, path),
            path=f"{path}",
        ) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            set_mode(fh.fileno(), tmp, mode)  # the umask may have filtered the creation mode
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        put_new(tmp, path, exists)
        written(path)
        fsync_dir(path.parent)
    except OSError as exc:
        raise InputError(
            t("cannot write {path}: {reason}", path=path, reason=os_reason(exc)),
            hint=full_disk_hint(exc, path),
            path=f"{path}",
        ) from None
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)


# -- messages --------------------------------------------------------------------------------


def _describe(key_type: str) -> str:
    if key_type == "ssh-rsa" or key_type.startswith("rsa-"):
        return t("an RSA key")
    if key_type.startswith("ecdsa-sha2-"):
        return t("an ECDSA key")
    if key_type == "ssh-dss":
        return t("a DSA key")
    if key_type.endswith("-cert-v01@openssh.com"):
        return t("an OpenSSH certificate")
    if key_type.startswith("sk-"):
        return t("a FIDO security key (sk-*)")
    # a type is ASCII: any other letter (a look-alike of `ed25519`'s) is shown as its escape,
    # as the terminal shows the unsafe ones (`\u00e9`, not Python's `\xe9`)
    shown = "".join(
        c if c.isascii() else f"\\u{ord(c):04x}" if ord(c) < 0x10000 else f"\\U{ord(c):08x}"
        for c in key_type[:60]
    )
    return t("a {type} key", type=quoted(shown))


def _wrong_type(path: str | Path, key_type: str, hint: str = CREATE_HINT) -> InputError:
    return InputError(
        t(
            "{path} is {kind}; minecheck signs with Ed25519 keys only ({hint})",
            path=path,
            kind=_describe(key_type),
            hint=t(hint),
        ),
        code="unsupported-key-type",
        path=f"{path}",
    )


def _malformed(path: Path) -> InputError:
    return InputError(
        t("{path} is not a valid OpenSSH private key", path=path),
        code="malformed-key",
        path=f"{path}",
    )
