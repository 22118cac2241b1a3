"""Who signs: the key (--key or the default), the principal, and the passphrase or ssh-agent."""

from __future__ import annotations

import os
import stat
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from minecheck import paths
from minecheck.cli._output import stdin_is_tty
from minecheck.core.sanitize import quoted
from minecheck.errors import InputError, UsageError
from minecheck.i18n import t

if TYPE_CHECKING:
    from minecheck.core.keyring import KeyEntry, Registry
    from minecheck.core.sshsig import PublicKey, Signer

KeyOpt = Annotated[
    Path | None,
    typer.Option(
        "--key",
        metavar="KEY",
        help="OpenSSH Ed25519 private key to sign with (default: your default key).",
    ),
]
SignerOpt = Annotated[
    str | None,
    typer.Option(
        "--signer",
        metavar="PRINCIPAL",
        help="Principal to sign as (default: MINECHECK_SIGNER, then the key's).",
    ),
]
PassphraseFileOpt = Annotated[
    Path | None,
    typer.Option(
        "--passphrase-file",
        metavar="FILE",
        help="File (mode 0600) holding the key's passphrase; also MINECHECK_PASSPHRASE_FILE.",
    ),
]


@dataclass(frozen=True)
class Identity:
    signer: Signer
    principal: str
    key_path: Path


@dataclass
class SignOptions:
    """How a command that signs was told to sign; the identity is resolved once, when needed."""

    key: Path | None
    signer: str | None
    passphrase_file: Path | None
    force: bool = False
    _identity: Identity | None = None

    def identity(self) -> Identity:
        if self._identity is None:
            self._identity = resolve_identity(self.key, self.signer, self.passphrase_file)
        return self._identity


MAX_PASSPHRASE_FILE_BYTES = 64 * 1024  # a passphrase is its first line


def read_passphrase_file(path: Path) -> bytes:
    """The first line of a passphrase file that only its owner may read: a regular file, or a
    pipe (a FIFO is waited for as `cat` waits), read up to 64 KiB (`<(yes)` was read for ever)."""
    from minecheck.fileio import open_named, read_open

    def refuse_if_loose(st: os.stat_result) -> None:
        if st.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
            from minecheck.cli._common import shell_word

            raise UsageError(
                t("passphrase file {path} is readable by group or others", path=path),
                hint=t(
                    "let only its owner read it:\n  chmod 600 {quoted}", quoted=shell_word(path)
                ),
                path=f"{path}",
            )

    try:
        refuse_if_loose(path.stat())  # (before a FIFO's writer is waited for)
        fd, st = open_named(path)
    except (OSError, ValueError):
        raise UsageError(
            t("passphrase file {path} cannot be read", path=path), path=f"{path}"
        ) from None
    try:
        refuse_if_loose(st)  # (what was opened, should another file have taken the name)
        got = read_open(fd, st, MAX_PASSPHRASE_FILE_BYTES)
    except OSError as exc:  # a directory, an I/O error
        from minecheck.os_words import os_reason

        raise UsageError(
            t("passphrase file {path} cannot be read: {reason}", path=path, reason=os_reason(exc)),
            path=f"{path}",
        ) from None
    finally:
        os.close(fd)
    if isinstance(got, int):
        raise UsageError(
            t(
                "passphrase file {path} is over the limit of {limit} bytes",
                path=path,
                limit=MAX_PASSPHRASE_FILE_BYTES,
            ),
            path=f"{path}",
        )
    passphrase = got.split(b"\n", 1)[0].rstrip(b"\r")
    if not passphrase:
        raise UsageError(t("passphrase file {path} is empty", path=path), path=f"{path}")
    return passphrase


def passphrase_from_environment(option: Path | None) -> bytes | None:
    """--passphrase-file, MINECHECK_PASSPHRASE_FILE, MINECHECK_PASSPHRASE, in that order."""
    forms = passphrase_forms(option)
    return forms[0] if forms else None


def passphrase_forms(option: Path | None) -> list[bytes]:
    """The passphrase given (`passphrase_from_environment`) and the other bytes it may have
    been made with (`as_typed`); none where none is given."""
    if option is not None:
        return as_typed(read_passphrase_file(option))
    env_file = os.environ.get("MINECHECK_PASSPHRASE_FILE")
    if env_file:
        return as_typed(read_passphrase_file(Path(env_file)))
    env = os.environ.get("MINECHECK_PASSPHRASE")
    if env:  # (empty is unset, as for MINECHECK_PASSPHRASE_FILE: `=$PW` with PW unset)
        return as_typed(os.fsencode(env))  # (its bytes: the locale may not read them)
    return []


def as_typed(line: bytes) -> list[bytes]:
    """A passphrase file's line as the passphrase typed at the terminal is: its text in
    UTF-8. A file written in a locale that is not UTF-8 (`echo ... > passphrase` at a GB18030
    terminal) holds that text in the locale's encoding, and its bytes as they were did not
    open a key made with the passphrase typed (nor MINECHECK_PASSPHRASE's), nor the other way
    round. Its bytes as they were come second: a key made from such a file before opens.
    Bytes that are no printable text in the locale (random ones: `openssl rand`) are the
    passphrase as they are, as before."""
    import locale

    try:
        line.decode("utf-8")
        return [line]
    except UnicodeDecodeError:
        pass
    try:
        text = line.decode(locale.getpreferredencoding(False))
    except (UnicodeError, LookupError):
        return [line]
    return [text.encode("utf-8"), line] if text.isprintable() else [line]


def passphrase_source(option: Path | None) -> str:
    """Where `passphrase_from_environment` read the passphrase, for a message."""
    if option is not None:
        return f"--passphrase-file {option}"
    env_file = os.environ.get("MINECHECK_PASSPHRASE_FILE")
    return f"MINECHECK_PASSPHRASE_FILE ({env_file})" if env_file else "MINECHECK_PASSPHRASE"


class UnreadableSecret(Exception):
    """What was typed at a passphrase prompt is not text: without the terminal's IUTF8 mode,
    Backspace erases one byte of a wide character and leaves the rest."""


def prompt_secret(label: str) -> str:
    """A passphrase typed at the terminal, not shown; UnreadableSecret when it is no text."""
    import errno
    import getpass
    import warnings

    from minecheck.cli._line_reader import folded
    from minecheck.portable import (
        ctrl_c_taken,
        passphrase_read_woken,
        stop_lost,
        terminal_given_back_at_quit_or_stop,
        terminal_gone,
        terminal_hung_up,
    )

    stop_lost()
    try:
        prompt = folded(t("{label}: ", label=label))
        with (
            warnings.catch_warnings(),
            ctrl_c_taken(),
            terminal_given_back_at_quit_or_stop(prompt),
            passphrase_read_woken(),
        ):
            # getpass cannot turn the echo off: it would warn with its own file path, in
            # English, and read the passphrase shown as typed
            warnings.simplefilter("error", getpass.GetPassWarning)
            return getpass.getpass(prompt)
    except getpass.GetPassWarning:
        if terminal_hung_up():
            raise terminal_gone() from None
        raise UsageError(
            t("this terminal cannot hide a passphrase as it is typed: it is not asked"),
            hint=t("use --passphrase-file / MINECHECK_PASSPHRASE_FILE"),
        ) from None
    except UnicodeDecodeError:
        typer.echo("", err=True)  # the Enter that ended the line was not echoed
        raise UnreadableSecret from None
    except (KeyboardInterrupt, EOFError):  # Ctrl-C, or Ctrl-D: a stop, as at every question
        if sys.stderr.isatty():  # the cursor is after the prompt: what is said starts a line
            typer.echo("", err=True)
        raise KeyboardInterrupt from None
    except OSError as exc:
        # the terminal is gone (a dropped SSH session) before the hangup signal came: an
        # interruption, as at every other question (it was "Input/output error", exit 2)
        if exc.errno in (errno.EIO, errno.ENXIO):
            raise terminal_gone() from None
        raise


def unreadable_secret() -> str:
    """What to do when the passphrase typed cannot be read, in the person's language."""
    return t(
        "the passphrase as typed cannot be read (Backspace over a Chinese character can erase"
        " only part of it): type it again without correcting it, or use --passphrase-file"
    )


def _agent_signer(public: PublicKey, key_path: Path) -> Signer | None:
    sock = os.environ.get("SSH_AUTH_SOCK")
    if not sock:
        return None
    from minecheck.core.agent import AgentSigner, list_keys

    try:
        held = [key for key, _ in list_keys(sock)]
    except (InputError, OSError):
        return None
    if public not in held:
        return None

    def waiting() -> None:  # (a key added with `ssh-add -c` waits for its owner's yes)
        typer.echo(
            t(
                "waiting for ssh-agent to sign with {key} (confirm its use if you are asked) ...",
                key=public.fingerprint(),
            ),
            err=True,
        )

    from minecheck.cli._common import shell_word

    return AgentSigner(sock, public, waiting=waiting, key_file=shell_word(key_path))


def load_signer(key_path: Path, public: PublicKey | None, passphrase_file: Path | None) -> Signer:
    from minecheck.core.keys import PassphraseRequired, load_private
    from minecheck.portable import no_core_dumps

    no_core_dumps()  # a passphrase and a private key are about to be in this process's memory
    # read (and checked) whatever the key: a mistake in it is said now, not on the day the key
    # gets a passphrase
    forms = passphrase_forms(passphrase_file)
    given = forms[0] if forms else None
    if public is not None:
        agent = _agent_signer(public, key_path)
        if agent is not None:
            return agent
    try:
        return load_private(key_path, None)
    except PassphraseRequired:
        pass
    if given is not None:
        try:
            return _opened(key_path, forms)
        except InputError as exc:  # a script's passphrase: say which of three places gave it
            if exc.code != "wrong-passphrase":
                raise
            raise InputError(
                exc.message,
                hint=t(
                    "the passphrase was read from {source}",
                    source=passphrase_source(passphrase_file),
                ),
                code=exc.code,
            ) from None
    if not stdin_is_tty():
        raise UsageError(
            t(
                "{path} is protected by a passphrase and there is no terminal to ask for it",
                path=key_path,
            ),
            hint=t(
                "add the key to ssh-agent, or use --passphrase-file / MINECHECK_PASSPHRASE_FILE"
            ),
            path=f"{key_path}",
        )
    from minecheck.portable import ctrl_c_taken

    with ctrl_c_taken():  # (a Ctrl-C as the key is opened with it stops too)
        return _asked(key_path)


def _asked(key_path: Path) -> Signer:
    """The key opened with a passphrase asked at the terminal, three tries."""
    for attempt in range(3):
        try:
            secret = prompt_secret(t("Passphrase for {path}", path=key_path))
        except UnreadableSecret:
            if attempt == 2:
                raise InputError(
                    t("the passphrase for {path} could not be read three times", path=key_path),
                    hint="--passphrase-file FILE",
                    code="wrong-passphrase",
                    path=f"{key_path}",
                ) from None
            typer.echo(unreadable_secret(), err=True)
            continue
        try:
            return _opened(key_path, typed_forms(secret))
        except InputError as exc:
            if exc.code != "wrong-passphrase" or attempt == 2:
                raise
            typer.echo(t("Wrong passphrase, try again."), err=True)
    raise AssertionError("unreachable")


def typed_forms(secret: str) -> list[bytes]:
    """A passphrase typed at the prompt: its text in UTF-8 (as minecheck makes keys), then the
    bytes the terminal sent in a locale that is not UTF-8 (GB18030): ssh-keygen takes those as
    they are, so a key it made there with a Chinese passphrase opens with it typed here."""
    import locale

    forms = [secret.encode("utf-8")]
    try:
        sent = secret.encode(locale.getpreferredencoding(False))
    except (UnicodeError, LookupError):
        return forms
    return forms if sent == forms[0] else [*forms, sent]


def _opened(key_path: Path, forms: list[bytes]) -> Signer:
    """The key opened with the first of the passphrase's forms that opens it."""
    from minecheck.core.keys import load_private

    for form in forms[:-1]:
        try:
            return load_private(key_path, form)
        except InputError as exc:
            if exc.code != "wrong-passphrase":
                raise
    return load_private(key_path, forms[-1])


def _recorded_for_key(
    registry: Registry, key_path: Path, public: PublicKey | None
) -> KeyEntry | None:
    """The key list's entry for this key at another path (a copy on a USB stick, a home
    directory moved to a new laptop): the principal is recorded for the key, known by its
    public half (the .pub beside it, or the one an OpenSSH private key holds unencrypted). None
    when no entry, or entries of two principals, have it."""
    from minecheck.core.keys import private_key_public

    if public is None:
        try:
            public = private_key_public(key_path)
        except InputError:  # (not a key this can read: said when it is loaded)
            return None
    fingerprint = public.fingerprint()
    entries = [e for e in registry.keys if e.fingerprint == fingerprint and e.principal]
    return entries[0] if len({e.principal for e in entries}) == 1 else None


def public_half(key: Path) -> tuple[PublicKey, str]:
    """The public key and comment of KEY's `.pub`, found beside it (not named by the user): a
    private key there is said as not KEY's public half (`load_public`'s `half_of`), and a
    `.pub` that is a link or a folder is refused with the command that makes it again, as
    every command that reads a key's `.pub` says it."""
    from minecheck.core.keys import load_public, public_key_path
    from minecheck.errors import MinecheckError

    pub = public_key_path(key)
    try:
        return load_public(pub, half_of=key)
    except MinecheckError as refused:  # a link to a folder, a device, a private key...
        if refused.hint is None and (pub.is_symlink() or pub.is_dir()):
            refused.hint = remade(key, pub)
        raise


def remade(key: Path, pub: Path) -> str:
    """The hint that makes `pub` again from `key`: `ssh-keygen -y`'s output written to it, the
    link removed first where it is one (`>` writes through a link: to its target's name where
    it leads to nothing, over another file where it leads to one, another key's `.pub`); a
    folder that is no link moved away by the user first."""
    from minecheck.core.sanitize import shell_word

    command = f"ssh-keygen -y -f {shell_word(key)} > {shell_word(pub)}"
    if pub.is_dir() and not pub.is_symlink():  # (never `rm -r`: `>` fails while it is there)
        return t(
            "move the folder away first (nothing in it is removed here), then write the file in "
            "its place with:\n  {command}",
            command=command,
        )
    if pub.is_symlink():
        return t(
            "remove the link and write the file in its place with:\n  {command}",
            command=f"rm {shell_word(pub)} && {command}",
        )
    return t("recreate it with:\n  {command}", command=command)


def resolve_identity(
    key: Path | None, signer: str | None, passphrase_file: Path | None
) -> Identity:
    """The key, principal and signer for a signing command (SPEC 4, signer resolution)."""
    from minecheck.core.keyring import load_registry, valid_principal
    from minecheck.core.keys import public_key_path

    registry = load_registry(paths.keys_dir())
    if key is None:
        entry = registry.default_entry()
        if entry is None:
            raise UsageError(
                t("no signing key is set up yet"),
                hint=t(
                    "create one with (or pass --key PATH):\n"
                    "  minecheck keys generate --principal you@unit.example"
                ),
            )
        key_path = entry.path
    else:
        key_path = key.expanduser()
        if not key_path.exists():  # (a typo was "no principal to sign as", with a hint to
            # import the file that is not there)
            from minecheck.cli._names import as_typed
            from minecheck.fileio import not_there

            typed = as_typed(key_path)  # ./--k, not --k
            raise not_there(typed, t("key file {path} does not exist", path=typed))
    public: PublicKey | None = None
    comment = ""
    if public_key_path(key_path).exists():
        public, comment = public_half(key_path)
    recorded = registry.find(key_path) or _recorded_for_key(registry, key_path, public)
    candidates = [
        ("--signer", signer),
        ("MINECHECK_SIGNER", os.environ.get("MINECHECK_SIGNER")),
        (t("the key's recorded principal"), recorded.principal if recorded else None),
    ]
    principal = None
    for source, value in candidates:
        # (an empty --signer is refused: taken for none given, the key's own principal signed)
        if value or (source == "--signer" and value is not None):
            if not valid_principal(value):
                raise UsageError(
                    t(
                        "{source} {value} is not a valid principal",
                        source=source,
                        value=quoted(value),
                    ),
                    hint=t(
                        "a principal looks like name@unit.example: lowercase ASCII, at most 64 "
                        "characters before the @ and 190 after"
                    ),
                )
            principal = value
            break
    if principal is None and valid_principal(comment):
        principal = comment
    if principal is None:
        from minecheck.cli._common import shell_word

        raise UsageError(
            t("no principal to sign as for {path}", path=key_path),
            hint=t(
                "record its principal (or pass --signer you@unit.example, or set "
                "MINECHECK_SIGNER):\n  minecheck keys import {path} --principal you@unit.example",
                path=shell_word(key_path),
            ),
            path=f"{key_path}",
        )
    signer_obj = load_signer(key_path, public, passphrase_file)
    if public is not None and signer_obj.public_key != public:
        raise InputError(
            t(
                "{public} does not belong to {path}",
                public=public_key_path(key_path),
                path=key_path,
            ),
            path=f"{key_path}",
        )
    return Identity(signer_obj, principal, key_path)
