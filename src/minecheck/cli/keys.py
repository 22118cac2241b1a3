"""`minecheck keys generate | list | show | import | path`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from minecheck import paths
from minecheck.cli._common import LangOpt, principal_refused, shell_word
from minecheck.cli._output import JsonOpt, Reporter, resolve_lang, run, stdin_is_tty
from minecheck.cli._render import safe, table
from minecheck.cli._signing import (
    PassphraseFileOpt,
    UnreadableSecret,
    passphrase_from_environment,
    prompt_secret,
    public_half,
    remade,
    unreadable_secret,
)
from minecheck.core.sanitize import quoted
from minecheck.errors import InputError, UsageError
from minecheck.i18n import t as tr

if TYPE_CHECKING:
    from minecheck.core.keyring import KeyEntry, Registry
    from minecheck.core.sshsig import PublicKey

app = typer.Typer(no_args_is_help=True, add_completion=False)  # (its help: cli.HELP)

MINECHECK_NAMESPACES = "minecheck-findings-v1,minecheck-merged-v1"
PrincipalOpt = Annotated[
    str,
    typer.Option(
        "--principal",
        metavar="PRINCIPAL",
        help="Who signs with this key, e.g. wang.wei@hlj.example.",
    ),
]
DefaultOpt = Annotated[
    bool,
    typer.Option("--default/--no-default", metavar="", help="Make this the default signing key."),
]


def allowed_signers_line(principal: str, key: PublicKey) -> str:
    return f'{principal} namespaces="{MINECHECK_NAMESPACES}" {key.openssh()}'


def check_principal(principal: str) -> None:
    from minecheck.core.keyring import valid_principal

    if not valid_principal(principal):
        raise principal_refused(principal)


def new_passphrase(option: Path | None, rep: Reporter) -> bytes | None:
    from minecheck.portable import no_core_dumps

    no_core_dumps()  # the new key's passphrase, then the key, are about to be in memory
    given = passphrase_from_environment(option)
    if given is not None or not stdin_is_tty():
        if given is None:
            rep.info(tr("no terminal to ask for a passphrase: the key is not encrypted"))
        return given or None
    for attempt in range(3):
        # "try again" only where another try follows; the third failure is said as it was
        last = attempt == 2
        try:
            first = prompt_secret(tr("Passphrase for the new key (empty for none)"))
            again = prompt_secret(tr("Same passphrase again"))
        except UnreadableSecret:
            if last:
                raise UsageError(
                    tr("the passphrase could not be read three times; no key was created"),
                    hint="--passphrase-file FILE",
                ) from None
            typer.echo(unreadable_secret(), err=True)
            continue
        if first == again:
            return first.encode() or None
        if not last:
            typer.echo(tr("The passphrases differ, try again."), err=True)
    raise UsageError(tr("the passphrases differed three times; no key was created"))


def record_key(keys_dir: Path, entry: KeyEntry, make_default: bool) -> Registry:
    """`entry` recorded in the key registry, held meanwhile (two `keys generate` at once each
    kept its own key in the list and lost the other's); the registry as written."""
    from minecheck.core.keyring import REGISTRY, load_registry, save_registry
    from minecheck.fileio import updating

    with updating(keys_dir / REGISTRY):
        registry = load_registry(keys_dir).with_key(entry, make_default=make_default)
        save_registry(keys_dir, registry)
    return registry


def recordable(path: Path, *, imported: bool = False) -> None:
    """A key's path is kept in the key list, a UTF-8 file: a name that is not UTF-8 (a home
    directory from a GBK machine) is refused before anything is made. The key was created and
    then the list could not be written: a traceback, and a key no list knows. `imported`: the
    path is a key the person has (keys import), which MINECHECK_HOME does not move."""
    try:
        str(path.absolute()).encode("utf-8")
    except UnicodeEncodeError:
        raise UsageError(
            tr("{path}: the key list keeps UTF-8 paths only, and this one is not", path=path),
            hint=tr(
                "move the key and its .pub to a directory whose name is UTF-8, and import it"
                " from there"
            )
            if imported
            else tr("keep keys under a directory whose name is UTF-8 (MINECHECK_HOME)"),
            path=f"{path}",
        ) from None


def _not_a_pipe(path: Path) -> None:
    """`keys import <(...)` or a FIFO: the key list keeps where a key stays, and a pipe holds
    it only while it is read. Said so, before anything waits on the pipe or is recorded."""
    import os
    import stat

    try:
        piped = stat.S_ISFIFO(os.stat(path).st_mode)
    except (OSError, ValueError):
        return  # (the reading says why)
    if piped:
        raise UsageError(
            tr(
                "{path} is a pipe: keys import records where a key file stays, and a pipe holds "
                "the key only while it is read",
                path=path,
            ),
            hint=tr("save the key in a file (chmod 600) and import that file"),
            path=f"{path}",
        )


def key_can_be_made(principal: str) -> None:
    """What would refuse a new key for PRINCIPAL, refused before its passphrase is asked for
    (`keys generate`, the first walk's key): a principal that is none, a key already there, a
    path the key list cannot keep, and a keys folder that is a file (asked after the passphrase
    typed twice, that was typed for nothing)."""
    import os

    from minecheck.core.keys import public_key_path
    from minecheck.fileio import InTheWay

    check_principal(principal)
    path = paths.keys_dir() / principal
    for existing in (path, public_key_path(path)):
        if existing.exists():
            raise UsageError(
                tr("{path} already exists", path=existing),
                hint=_unrecorded_hint(path, principal)
                or tr(
                    "minecheck never overwrites a key: choose another path, or move the old "
                    "key away"
                ),
                code="file-exists",
                path=f"{existing}",
            )
    recordable(path)
    for folder in (path.parent, *path.parent.parents):  # (the nearest one there)
        if os.path.lexists(folder):
            if not folder.is_dir():
                raise InTheWay(folder)
            break


def generate_key(principal: str, passphrase: bytes | None, make_default: bool) -> dict[str, Any]:
    """Create a key for `principal` in the keys directory and record it."""
    from minecheck.core.keyring import KeyEntry
    from minecheck.core.keys import generate, public_key_path

    check_principal(principal)
    recordable(paths.keys_dir() / principal)
    keys_dir = paths.make_private_dir(paths.keys_dir())
    path = keys_dir / principal
    public = generate(path, principal, passphrase)
    entry = KeyEntry(path.absolute(), principal, public.fingerprint())
    try:
        registry = record_key(keys_dir, entry, make_default)
    except BaseException:  # (a full disk): a key no list knows would block the next generate
        from minecheck.fileio import taken_back

        for made in (path, public_key_path(path)):
            try:
                made.unlink()
            except OSError:  # (still there: still said written)
                continue
            taken_back(made)
        raise
    return {
        "path": str(path),
        "public_key_path": str(public_key_path(path)),
        "principal": principal,
        "fingerprint": public.fingerprint(),
        "encrypted": passphrase is not None,
        "default": registry.default == entry.fingerprint,
        "allowed_signers": allowed_signers_line(principal, public),
    }


def _unrecorded_hint(path: Path, principal: str) -> str | None:
    """A key whose two halves are there but which the key list does not know: a `keys generate`
    stopped between making it and recording it (SIGKILL, a power cut). It is offered to `keys
    import` rather than to be moved away; None when the list knows it or cannot be read."""
    from minecheck.core.keyring import load_registry
    from minecheck.core.keys import public_key_path

    if not (path.is_file() and public_key_path(path).is_file()):
        return None
    try:
        if load_registry(path.parent).find(path) is not None:
            return None
    except (InputError, OSError):  # (a damaged list is told when it is next used)
        return None
    # (a valid principal needs no quotes, and `./-x@…` would be another one: written as it is)
    return tr(
        "it is not in minecheck's key list (a `keys generate` stopped before recording it?): "
        "record it with:\n  {command}",
        command=f"minecheck keys import {shell_word(path)} --principal {principal}",
    )


@app.command()
def generate(
    principal: PrincipalOpt,
    passphrase_file: PassphraseFileOpt = None,
    make_default: DefaultOpt = False,
    trust: Annotated[
        bool,
        typer.Option(
            "--trust", metavar="", help="Also trust it here (adds it to allowed_signers)."
        ),
    ] = False,
    lang: LangOpt = None,
    json: JsonOpt = False,
) -> None:
    """Create an Ed25519 signing key; print the allowed_signers line for the trust keeper."""

    def body(rep: Reporter) -> None:
        resolve_lang(lang)

        key_can_be_made(principal)
        data = generate_key(principal, new_passphrase(passphrase_file, rep), make_default)
        rep.data.update(data)
        rep.info(
            tr("created {path} ({fingerprint})", path=data["path"], fingerprint=data["fingerprint"])
        )
        if not data["default"]:
            from minecheck.core.keyring import load_registry

            default = load_registry(paths.keys_dir()).default_entry()
            if default is not None:
                rep.info(
                    tr(
                        "the default signing key stays {principal} ({fingerprint}); to make "
                        "this one the default (or pass --key when signing):\n  {command}",
                        principal=default.principal,
                        fingerprint=default.fingerprint,
                        command=f"minecheck keys import {shell_word(data['path'])} --default",
                    )
                )
        if trust:
            from minecheck.cli.trust import trust_line
            from minecheck.errors import MinecheckError

            try:
                data["trusted_in"] = str(trust_line(None, data["allowed_signers"], rep))
            except MinecheckError:  # (the key is made: its line is not lost with the trust)
                _give_line(rep, data["allowed_signers"])
                raise
            rep.data["trusted_in"] = data["trusted_in"]
            rep.info(tr("{path}: trusting it on this computer", path=data["trusted_in"]))
        _give_line(rep, data["allowed_signers"])

    run("keys generate", json, body)


def _give_line(rep: Reporter, line: str) -> None:
    """The new key's allowed_signers line on stdout, for whoever keeps the trust list: given
    also where trusting it here failed (a trust file that cannot be read or written)."""
    rep.info(tr("give this line to whoever keeps the allowed_signers file:"))
    rep.print_data(line)


def _entry_data(
    entry: KeyEntry, default: str | None, rep: Reporter | None = None
) -> dict[str, Any]:
    """A key as listed; a public key that cannot be read is said on `rep` (one damaged key
    does not hide the others), or raised where there is none to say it to."""
    from minecheck.core.keys import public_key_path

    data: dict[str, Any] = {
        "path": str(entry.path),
        "principal": entry.principal,
        "fingerprint": entry.fingerprint,
        "default": entry.fingerprint == default,
        "present": entry.path.exists(),
    }
    pub = public_key_path(entry.path)
    if pub.exists() and entry.principal:
        try:
            key, _ = public_half(entry.path)
        except InputError as exc:
            if rep is None:
                raise
            rep.warn(exc.message, code="key-unreadable", path=f"{pub}", hint=exc.hint)
            return data
        data["allowed_signers"] = allowed_signers_line(entry.principal, key)
    return data


@app.command("list")
def list_(lang: LangOpt = None, json: JsonOpt = False) -> None:
    """List the keys minecheck knows; * marks the default."""

    def body(rep: Reporter) -> None:
        resolve_lang(lang)
        from minecheck.core.keyring import load_registry

        registry = load_registry(paths.keys_dir())
        rows = [_entry_data(entry, registry.default, rep) for entry in registry.keys]
        rep.data["keys"] = rows
        if not rows:
            rep.info(tr("no keys yet; create one with:\n  minecheck keys generate --principal P"))
            return
        # the default key said in words: a `*` under no header was read aloud as "star"
        t = table(tr("DEFAULT"), tr("PRINCIPAL"), tr("FINGERPRINT"), tr("PATH"))
        t.columns[2].no_wrap = True  # (copied whole to `trust revoke`: never folded)
        for row in rows:
            t.add_row(
                tr("yes" if row["default"] else "no"),
                safe(row["principal"] or "-"),
                row["fingerprint"],
                safe(row["path"] + ("" if row["present"] else tr("  (missing)"))),
            )
        rep.show(t)

    run("keys list", json, body)


@app.command()
def show(
    key: Annotated[
        Path | None,
        typer.Option("--key", metavar="KEY", help="Key file (default: the default key)."),
    ] = None,
    lang: LangOpt = None,
    json: JsonOpt = False,
) -> None:
    """Show a key's fingerprint, principal and allowed_signers line."""

    def body(rep: Reporter) -> None:
        resolve_lang(lang)
        from minecheck.core.keyring import KeyEntry, load_registry

        registry = load_registry(paths.keys_dir())
        entry = registry.find(key) if key is not None else registry.default_entry()
        if entry is None and key is not None:
            public, _ = public_half(key)
            entry = KeyEntry(key.absolute(), None, public.fingerprint())
        if entry is None:
            raise UsageError(
                tr("no default key"),
                hint=tr("create one with:\n  minecheck keys generate --principal you@unit.example"),
            )
        data = _entry_data(entry, registry.default)
        rep.data.update(data)
        said = {  # each a literal for the catalogue (the JSON keeps the English keys)
            "path": tr("path: {value}", value=safe(str(data["path"])).plain),
            # (a key made elsewhere has none recorded: "-", as keys list shows it, not "None")
            "principal": tr("principal: {value}", value=safe(data["principal"] or "-").plain),
            "fingerprint": tr("fingerprint: {value}", value=data["fingerprint"]),
            "default": tr("default: {value}", value=tr("yes" if data["default"] else "no")),
        }
        for line in said.values():
            rep.print_data(line)
        if "allowed_signers" in data:
            line = safe(data["allowed_signers"]).plain  # (its principal is the key list's)
            rep.print_data(tr("allowed_signers: {value}", value=line))

    run("keys show", json, body)


@app.command("import")
def import_(
    path: Annotated[
        Path,
        typer.Argument(
            metavar="KEY", help="An OpenSSH Ed25519 private key, e.g. ~/.ssh/id_ed25519."
        ),
    ],
    principal: Annotated[
        str | None,
        typer.Option(
            "--principal",
            metavar="PRINCIPAL",
            help="Who signs with this key, e.g. wang.wei@hlj.example (default: the key's "
            "comment, when it is one).",
        ),
    ] = None,
    make_default: DefaultOpt = False,
    lang: LangOpt = None,
    json: JsonOpt = False,
) -> None:
    """Record an existing Ed25519 key (it stays where it is) and the principal it signs as."""

    def body(rep: Reporter) -> None:
        resolve_lang(lang)
        from minecheck.core.keyring import KeyEntry
        from minecheck.core.keys import (
            is_encrypted,
            private_key_public,
            public_key_path,
        )

        if principal is not None:
            check_principal(principal)
        key_path = path.expanduser()
        recordable(key_path, imported=True)
        _not_a_pipe(key_path)
        is_encrypted(key_path)  # refuses missing, unreadable, too-open or non-Ed25519 files
        pub = public_key_path(key_path)
        if not pub.exists():
            from minecheck.fileio import link_to_nothing

            raise UsageError(
                link_to_nothing(pub) or tr("{path} is missing", path=pub),
                hint=remade(key_path, pub),
                path=f"{pub}",
            )
        public, comment = public_half(key_path)
        if principal is None:  # as `sign --key` takes it, the key's comment when it is one
            from minecheck.core.keyring import valid_principal

            if not valid_principal(comment):
                raise UsageError(
                    tr(
                        "the comment of {path} ({comment}) is not a principal to sign as",
                        path=pub,
                        comment=quoted(comment),
                    ),
                    hint=tr(
                        "name the principal:\n  {command}",
                        command=f"minecheck keys import {shell_word(key_path)} --principal "
                        "you@unit.example",
                    ),
                    path=f"{pub}",
                )
            who = comment
        else:
            who = principal
        if private_key_public(key_path) != public:
            raise InputError(
                tr(
                    "{path} is the public half of another key, not of {key}", path=pub, key=key_path
                ),
                hint=remade(key_path, pub),
                path=f"{pub}",
            )
        keys_dir = paths.make_private_dir(paths.keys_dir())
        entry = KeyEntry(key_path.absolute(), who, public.fingerprint())
        registry = record_key(keys_dir, entry, make_default)
        data = _entry_data(entry, registry.default)
        rep.data.update(data)
        rep.info(
            tr(
                "recorded {path} for {principal} ({fingerprint})",
                path=key_path,
                principal=who,
                fingerprint=public.fingerprint(),
            )
        )
        rep.print_data(data["allowed_signers"])

    run("keys import", json, body)


@app.command()
def path(lang: LangOpt = None, json: JsonOpt = False) -> None:
    """Print the directory that holds the keys."""

    def body(rep: Reporter) -> None:
        resolve_lang(lang)
        rep.data["path"] = str(paths.keys_dir())
        rep.print_path(paths.keys_dir())

    run("keys path", json, body)
