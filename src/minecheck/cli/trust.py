"""`minecheck trust add | list | remove | revoke`: the allowed_signers and revoked_keys files."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import re
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from minecheck import paths
from minecheck.cli._common import (
    AllowedSignersOpt,
    LangOpt,
    RevokedKeysOpt,
    field_quoted,
    principal_refused,
    trust_add_command,
    trust_files,
)
from minecheck.cli._names import PATH_TEXT, as_typed
from minecheck.cli._output import JsonOpt, Reporter, resolve_lang, run
from minecheck.cli._render import safe, table
from minecheck.core.sanitize import quoted
from minecheck.errors import InputError, UsageError
from minecheck.i18n import t as tr

if TYPE_CHECKING:
    from collections.abc import Callable

    from minecheck.core.signers import AllowedSigner

app = typer.Typer(  # (its help: cli.HELP)
    no_args_is_help=True,
    add_completion=False,
)

_SSH_TIME = re.compile(r"\d{8}(?:\d{4}(?:\d{2})?)?Z")


def _ssh_time(value: str | None, option: str) -> str | None:
    """`YYYYMMDD[HHMM[SS]]Z` as given, or an ISO date / UTC date-time converted to it."""
    if value is None:
        return None
    if _SSH_TIME.fullmatch(value):
        return _checked_time(value, value, option)
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise UsageError(
            tr("{option} {value} is not a time", option=option, value=quoted(value)),
            hint=tr("use 2026-01-31, 2026-01-31T08:00:00Z or 20260131Z (always UTC)"),
        ) from None
    if parsed.tzinfo is None:
        if len(value) > 10:
            raise UsageError(
                tr(
                    "{option} {value} needs a Z: trust times are in UTC",
                    option=option,
                    value=quoted(value),
                )
            )
        parsed = parsed.replace(tzinfo=dt.UTC)
    if parsed.utcoffset() != dt.timedelta(0):
        raise UsageError(
            tr(
                "{option} {value} must be in UTC (end it with Z)",
                option=option,
                value=quoted(value),
            )
        )
    from minecheck.core.signers import format_ssh_time

    return _checked_time(format_ssh_time(parsed), value, option)


def _checked_time(text: str, value: str, option: str) -> str:
    """`text` as the line will hold it, once the line's own reader takes it: a day that is no
    day (20261301Z) or a time before 1970 was said as a malformed line of a file named
    `<line>`, as if the user had given a file."""
    from minecheck.core.signers import parse_ssh_time

    try:
        parse_ssh_time(text, option, value)
    except ValueError as e:
        raise UsageError(
            str(e), hint=tr("use 2026-01-31, 2026-01-31T08:00:00Z or 20260131Z (always UTC)")
        ) from None
    return text


def _ssh_seconds(text: str) -> int:
    """A time `_ssh_time` returned, in whole seconds (20260131Z and 20260131000000Z alike)."""
    from minecheck.core.signers import parse_ssh_time, seconds

    return seconds(parse_ssh_time(text, "", text))


def _read_text(path: Path) -> str:
    """The trust file at `path` to edit, as text ("" where there is none); one that is not
    UTF-8 is said as `trust list` says it (it was a UnicodeDecodeError and a traceback)."""
    from minecheck.core.trust import read_trust_file

    return _as_text(path, read_trust_file(path))


def _as_text(path: Path, data: bytes | None) -> str:
    """The bytes read of the trust file at `path` as `_read_text` gives them."""
    if data is None:
        return ""
    from minecheck.core.tomlio import refuse_wide

    refuse_wide(data, str(path))
    try:
        text = data.decode("utf-8", "strict") if data else ""
    except UnicodeDecodeError:
        raise InputError(tr("{path} is not UTF-8 text", path=path), path=f"{path}") from None
    return text if not text or text.endswith("\n") else text + "\n"


def _held(path: Path) -> contextlib.AbstractContextManager[None]:
    """`path` held for a read-modify-write (see `fileio.updating`); minecheck's own config
    directory made first, so the first runs side by side hold it too."""
    from minecheck.fileio import updating

    if path.parent == paths.config_dir():
        paths.make_private_dir(path.parent)
    return updating(path)


def _write_trust_file(path: Path, text: str) -> None:
    """Replace a trust file atomically; minecheck's own config directory is made 0700."""
    from minecheck.fileio import atomic_write

    if path.parent == paths.config_dir():
        paths.make_private_dir(path.parent)
    atomic_write(path, text.encode(), force=True, mode=0o644)


def _write_allowed(path: Path, text: str) -> None:
    from minecheck.core.signers import parse_allowed_signers

    parse_allowed_signers(text, str(path))  # never write a file ssh-keygen would reject
    revoked = paths.revoked_keys_file()
    if path.parent == revoked.parent and not revoked.exists():
        # beside minecheck's own allowed_signers, an empty revoked_keys: `ssh-keygen -Y verify
        # -r revoked_keys`, as the docs give it, fails on a missing file. Made first (made
        # after, a full disk failed the command with the new line already trusted); should
        # the line then not be written, an empty file, which revokes nothing, is left.
        from minecheck.fileio import atomic_write

        paths.make_private_dir(revoked.parent)  # (minecheck's own config directory)
        with contextlib.suppress(UsageError):  # made meanwhile: it stays as it is
            atomic_write(revoked, b"", mode=0o644)
    _write_trust_file(path, text)


def trust_line(allowed_signers: Path | None, line: str, rep: Reporter | None = None) -> Path:
    """Append one line to the allowed_signers file (checked first); return the file's path.
    The revoked keys are read first, as `trust add` reads them: one that cannot be read stops
    it (a link to nothing, trusted past, would leave a list every report refuses). A key
    revoked there, and a principal that reads like one trusted for another key, are warned of
    on REP, as `trust add` warns of them (`keys generate --trust`, the first walk's own key)."""
    from minecheck.core.signers import parse_allowed_signers

    path, revoked_path = trust_files(allowed_signers, None)
    with _held(path):
        revoked = _revoked_keys(revoked_path)
        text = _read_text(path)
        said: list[Callable[[], None]] = []
        if rep is not None:
            [new], _ = parse_allowed_signers(line + "\n", "<line>")
            said = _revoked_said(rep, new, revoked, revoked_path)
            said += _read_alike(rep, new, parse_allowed_signers(text, str(path))[0])
        _write_allowed(path, text + line + "\n")
    for say in said:
        say()
    return path


@app.command()
def add(
    principal: Annotated[
        str | None,
        typer.Option("--principal", metavar="PRINCIPAL", help="Who signs with this key."),
    ] = None,
    key: Annotated[
        Path | None,
        typer.Option("--key", metavar="FILE.pub", help="The signer's public key file (*.pub)."),
    ] = None,
    from_file: Annotated[
        str | None,
        typer.Option(
            "--from",
            metavar="FILE",
            click_type=PATH_TEXT,
            help="allowed_signers lines (as `keys generate` prints them) from FILE, or - for "
            "standard input.",
        ),
    ] = None,
    namespaces: Annotated[
        str,
        typer.Option(
            "--namespaces",
            metavar="LIST",
            help="Namespaces the key may sign (OpenSSH pattern list).",
        ),
    ] = "minecheck-findings-v1,minecheck-merged-v1",
    valid_after: Annotated[
        str | None,
        typer.Option("--valid-after", metavar="TIME", help="Trusted from this UTC time on."),
    ] = None,
    valid_before: Annotated[
        str | None,
        typer.Option("--valid-before", metavar="TIME", help="Trusted until this UTC time."),
    ] = None,
    allowed_signers: AllowedSignersOpt = None,
    lang: LangOpt = None,
    json: JsonOpt = False,
) -> None:
    """Trust a public key for a principal (appends a line to allowed_signers)."""

    def body(rep: Reporter) -> None:
        resolve_lang(lang)
        from minecheck.core.keyring import valid_principal
        from minecheck.core.keys import ASK_HINT, load_public

        if from_file is not None:
            if principal is not None or key is not None:
                raise UsageError(tr("give either --from, or --principal with --key"))
            _add_lines(rep, allowed_signers, from_file)
            return
        if principal is None or key is None:
            raise UsageError(
                tr("trust add needs --principal and --key, or --from FILE"),
                hint=tr(
                    "add the lines of an allowed_signers file (or - for standard input):\n"
                    "  minecheck trust add --from wang.wei.allowed_signers"
                ),
            )
        if not re.fullmatch(r"[a-z0-9._+*?!,@-]+", principal) or not (
            valid_principal(principal) or any(c in principal for c in "*?!,")
        ):
            raise principal_refused(principal, patterns=True)
        if not re.fullmatch(r"[A-Za-z0-9._*?!,-]+", namespaces):
            raise UsageError(
                tr(
                    "--namespaces {given} is not a namespace pattern list",
                    given=field_quoted(namespaces),
                )
            )
        from minecheck.core.principals import names_someone
        from minecheck.core.signers import match_pattern_list
        from minecheck.core.sshsig import NAMESPACE_FINDINGS, NAMESPACE_MERGED

        if not names_someone(principal):  # (refused: a line no signature can ever match)
            raise UsageError(
                tr(
                    "--principal {given} names no one who can sign: no document this key "
                    "signs would count",
                    given=field_quoted(principal),
                ),
                hint=_name_the_signer(),
                code="principals",
            )
        ours = (NAMESPACE_FINDINGS, NAMESPACE_MERGED)
        if namespaces and not any(match_pattern_list(n, namespaces) for n in ours):
            # a typo (minecheck-finding-v1) would make the key count for nothing, silently
            rep.warn(
                tr(
                    "--namespaces {given} allows neither of minecheck's namespaces ({ours}): no "
                    "document this key signs will count",
                    given=field_quoted(namespaces),
                    ours=list(ours),
                ),
                code="namespaces",
            )
        public, _ = load_public(as_typed(key), pipes=True, hint=ASK_HINT)
        options = [f'namespaces="{namespaces}"'] if namespaces else []
        after = _ssh_time(valid_after, "--valid-after")
        before = _ssh_time(valid_before, "--valid-before")
        if after and before and _ssh_seconds(before) <= _ssh_seconds(after):
            raise UsageError(tr("--valid-before must be later than --valid-after"))
        if after:
            options.append(f'valid-after="{after}"')
        if before:
            options.append(f'valid-before="{before}"')
        line = " ".join(
            [principal, ",".join(options), public.openssh()]
            if options
            else [principal, public.openssh()]
        )
        _trust_lines(rep, allowed_signers, [(line, public.fingerprint(), principal)])

    run("trust add", json, body)


def _trusts(s: AllowedSigner) -> tuple[object, ...]:
    """What a line trusts: principals, key and options (two lines alike trust alike)."""
    return (s.principals, s.key.blob, s.namespaces, s.valid_after, s.valid_before)


def _add_lines(rep: Reporter, allowed_signers: Path | None, source: str) -> None:
    """`trust add --from`: each allowed_signers line checked, duplicates said and skipped."""

    from minecheck.core.signers import parse_allowed_signers

    if source == "-":  # (refused past the limit, as a file is: never cut and taken as whole)
        from minecheck.fileio import read_standard_input

        data = read_standard_input(1 << 20, "allowed_signers file", one_file=True)
        label = "<stdin>"
    else:
        from minecheck.fileio import read_limited

        data = read_limited(source, 1 << 20, "allowed_signers file")  # as typed: ./--l
        label = source
    from minecheck.core.tomlio import Conversion, refuse_bom, refuse_wide

    how = Conversion(stdin=source == "-")
    refuse_bom(data, label, how)  # (not read as a first principal `\ufeff...`)
    refuse_wide(data, label, how)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(tr("{path} is not UTF-8 text", path=label), path=f"{label}") from None
    lines = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    if not lines:
        raise InputError(tr("{path}: no allowed_signers line in it", path=label), path=f"{label}")
    if len(lines) == 1 and re.match(r"(?:ssh|ecdsa|sk)-[a-z0-9@.-]+\s+AAAA", lines[0]):
        # `KEY.pub` given where `keys generate`'s line belongs: the principal is what is missing
        from minecheck.core.keyring import valid_principal

        comment = lines[0].split(None, 2)[2:] or [""]
        principal = comment[0].strip() if valid_principal(comment[0].strip()) else "PRINCIPAL"
        raise InputError(
            tr("{path} is a public key file, not allowed_signers lines", path=label),
            hint=tr(
                "give it as the key, with its principal:\n  {command}",
                command=" ".join(
                    ("minecheck trust add --principal", principal, "--key", source)
                    if source != "-"
                    else ("minecheck trust add --principal", principal, "--key KEY.pub")
                ),
            ),
            code="public-key-file",
            path=f"{label}",
        )
    from minecheck.core.principals import names_someone

    signers, _ = parse_allowed_signers("\n".join(lines) + "\n", label)
    for signer in signers:
        if not names_someone(",".join(signer.principals)):
            raise InputError(
                tr(
                    "{path}: {given} names no one who can sign: no document this key signs "
                    "would count",
                    path=label,
                    given=field_quoted(",".join(signer.principals)),
                ),
                hint=_name_the_signer(),
                code="principals",
                path=f"{label}",
            )
    entries = [
        (line, signer.key.fingerprint(), ",".join(signer.principals))
        for line, signer in zip(lines, signers, strict=False)
    ]
    _trust_lines(rep, allowed_signers, entries)


def _name_the_signer() -> str:
    return tr(
        "name the signer (wang.wei@hlj.example), or a pattern that matches signers "
        "(*@hlj.example,!zhao.gang@hlj.example)"
    )


def _trust_lines(
    rep: Reporter, allowed_signers: Path | None, entries: list[tuple[str, str, str]]
) -> None:
    """Append each (line, fingerprint, principals) to allowed_signers; one already there is
    said and skipped, no failure (what was asked for is so), whichever way it was given."""
    path, revoked_path = trust_files(allowed_signers, None)
    with _held(path):  # what is already there is judged from what is then written to
        _trust_held(rep, path, revoked_path, entries)


def _read_alike(
    rep: Reporter, new: AllowedSigner, trusted: list[AllowedSigner]
) -> list[Callable[[], None]]:
    """A warning for each principal of `new` that reads like another one trusted for another
    key (`principals.reads_alike`): the documents that key signs would show as trusted and
    signed by a name that reads as that signer's."""
    from minecheck.core.principals import reads_alike

    def names(signer: AllowedSigner) -> list[str]:  # (an exclusion names no one)
        return [p for p in signer.principals if p and not p.startswith("!")]

    said: list[Callable[[], None]] = []
    for principal in names(new):
        for other in trusted:
            if other.key.blob == new.key.blob:
                continue
            for old in names(other):
                if reads_alike(principal, old):
                    message = tr(
                        "{new} reads like {old}, already trusted for another key "
                        "({fingerprint}): trust it only if they are different signers",
                        new=principal,
                        old=old,
                        fingerprint=other.key.fingerprint(),
                    )
                    said.append(functools.partial(rep.warn, message, code="lookalike"))
    return said


def _anyone(rep: Reporter, principals: str) -> list[Callable[[], None]]:
    """What to say of a new line whose PRINCIPALS match every signer's name (`*`, `*@*`, `?*`):
    the key signs as whoever a document names, signers trusted for other keys included."""
    from minecheck.core.principals import admits_anyone

    if not admits_anyone(principals):
        return []
    message = tr(
        "{given} matches every signer's name: a document this key signs counts whichever "
        "signer it names, one trusted for another key too",
        given=principals,
    )
    hint = tr("name the signer, or its domain (*@hlj.example), unless that is meant")
    return [functools.partial(rep.warn, message, code="anyone", hint=hint)]


def _revoked_keys(revoked_path: Path | None) -> frozenset[bytes]:
    """The keys revoked in REVOKED_PATH: one that cannot be read (a link to nothing too) is
    an error, as for every report."""
    from minecheck.core.trust import load_trust

    return load_trust(None, revoked_path).revoked


def _revoked_said(
    rep: Reporter, new: AllowedSigner, revoked: frozenset[bytes], revoked_path: Path | None
) -> list[Callable[[], None]]:
    """The warning of a line trusted whose key is revoked: revocation wins."""
    if new.key.blob not in revoked:
        return []
    message = tr(
        "{fingerprint} is revoked in {revoked}: what it signs stays revoked while it "
        "is listed there",
        fingerprint=new.key.fingerprint(),
        revoked=revoked_path,
    )
    return [functools.partial(rep.warn, message, code="revoked")]


def _trust_held(
    rep: Reporter, path: Path, revoked_path: Path | None, entries: list[tuple[str, str, str]]
) -> None:
    from minecheck.core.signers import parse_allowed_signers

    revoked = _revoked_keys(revoked_path)
    # The file is read and parsed once and written once, whatever the number of lines (read
    # and written again for each, `--from` a province's list of keys took minutes). What is
    # said of each line is said once the file is written, in order: nothing is said trusted
    # that a failed write left out.
    text = _read_text(path)
    lines = list(parse_allowed_signers(text, str(path))[0])
    have = {_trusts(s) for s in lines}
    added: list[str] = []
    said: list[Callable[[], None]] = []
    for line, fingerprint, principals in entries:
        [new], _ = parse_allowed_signers(line + "\n", "<line>")
        said.extend(_revoked_said(rep, new, revoked, revoked_path))  # (its documents stay so)
        if _trusts(new) in have:
            message = tr(
                "{fingerprint} is already trusted for {principal} in {path}",
                fingerprint=fingerprint,
                principal=principals,
                path=path,
            )
            said.append(functools.partial(rep.warn, message, code="duplicate"))
            continue
        have.add(_trusts(new))
        said.extend(_read_alike(rep, new, lines))
        said.extend(_anyone(rep, principals))
        lines.append(new)
        added.append(line)
        message = tr(
            "{path}: trusting {fingerprint} for {principal}",
            path=path,
            fingerprint=fingerprint,
            principal=principals,
        )
        said.append(functools.partial(rep.info, message))
        said.append(functools.partial(rep.print_data, line))
    if added:
        _write_allowed(path, text + "".join(f"{line}\n" for line in added))
    for say in said:
        say()
    rep.data.update({"path": str(path), "added": added})


@app.command("list")
def list_(
    allowed_signers: AllowedSignersOpt = None,
    revoked_keys: RevokedKeysOpt = None,
    at: Annotated[
        str | None,
        typer.Option(
            "--at",
            metavar="TIME",
            help="Only the lines under which a key could sign minecheck documents at TIME "
            "(UTC: 2026-01-31 is its first second, 2026-01-31T08:00:00Z, 20260131Z): inside "
            "their window, for a minecheck namespace, the key not revoked.",
        ),
    ] = None,
    lang: LangOpt = None,
    json: JsonOpt = False,
) -> None:
    """List trusted keys and revoked keys."""

    def body(rep: Reporter) -> None:
        resolve_lang(lang)
        from minecheck.core.krl import revoked_by_digest
        from minecheck.core.sshsig import PublicKey
        from minecheck.core.trust import load_trust

        when = _list_time(at)
        # a file named on the command line must be there (a typo listed nothing, exit 0); the
        # default one not made yet is an empty list
        allowed, revoked = trust_files(allowed_signers, revoked_keys, must_exist=True)
        store = load_trust(allowed, revoked, given=(allowed_signers, revoked_keys))
        rep.warn_at_rolled(store.warnings)  # (a cert-authority line skipped: ten told)
        rows: list[dict[str, Any]] = []
        for signer in store.allowed:
            revoked_key = signer.key.blob in store.revoked
            if when is not None and (revoked_key or not _could_sign(signer, when)):
                continue
            rows.append(
                {
                    "principals": list(signer.principals),
                    "fingerprint": signer.key.fingerprint(),
                    "namespaces": list(signer.namespaces) if signer.namespaces else None,
                    "valid_after": _iso(signer.valid_after),
                    "valid_before": _iso(signer.valid_before),
                    "line": signer.line,
                    "revoked": revoked_key,
                }
            )
        revoked_rows = [
            {"fingerprint": PublicKey.from_blob(blob).fingerprint()}
            for blob in sorted(store.revoked)
        ]
        revoked_rows += [{"fingerprint": f} for f in revoked_by_digest(store.revoked)]
        rep.data.update({"allowed_signers": str(allowed), "signers": rows, "revoked": revoked_rows})
        if when is not None:
            rep.data["at"] = _iso(when)
        t = table(
            tr("PRINCIPALS"),
            tr("FINGERPRINT"),
            tr("NAMESPACES"),
            tr("VALID AFTER"),
            tr("VALID BEFORE"),
        )
        t.columns[1].no_wrap = True  # (copied whole to `trust revoke`: never folded)
        for row in rows:
            mark = tr("{fingerprint} (revoked)") if row["revoked"] else "{fingerprint}"
            t.add_row(
                safe(",".join(row["principals"])),
                mark.format(fingerprint=row["fingerprint"]),
                safe(", ".join(row["namespaces"] or ["*"])),  # (a line breaks between them)
                row["valid_after"] or "-",
                row["valid_before"] or "-",
            )
        if rows:  # no header of nothing on stdout (the revoked keys are still listed)
            rep.show(t)
        for row in revoked_rows:
            rep.show(safe(tr("revoked: {fingerprint}", fingerprint=row["fingerprint"])))
        if not rows and when is not None and store.allowed:
            rep.info(tr("{path}: no key could sign at {time}", path=allowed, time=_iso(when)))
        elif not rows:
            rep.info(
                tr(
                    "{path}: no trusted keys yet; add one with:\n  {command}",
                    path=allowed,
                    command=trust_add_command("P", "K.pub", allowed_signers),
                )
            )

    run("trust list", json, body)


def _list_time(at: str | None) -> dt.datetime | None:
    """`trust list --at`, in the forms `trust add` takes for a window's ends."""
    from minecheck.core.signers import parse_ssh_time

    text = _ssh_time(at, "--at")
    return None if text is None else parse_ssh_time(text, "--at", text)


def _could_sign(signer: Any, when: dt.datetime) -> bool:
    """Whether the line lets its key sign a minecheck document dated `when` (the caller judges
    revocation, once for the list and the table)."""
    from minecheck.core.sshsig import NAMESPACE_FINDINGS, NAMESPACE_MERGED

    ours = any(signer.allows_namespace(n) for n in (NAMESPACE_FINDINGS, NAMESPACE_MERGED))
    return bool(ours and signer.is_valid_at(when))


# A fingerprint of another form than verify prints (`ssh-keygen -l -E md5`, say), or a SHA-256
# one without its prefix (43 base64 characters)
_OTHER_FINGERPRINT = re.compile(r"(?i:sha\d*|md5):\S+|[A-Za-z0-9+/]{43}")


def _public_given(key: str) -> Any:
    """KEY as given: a public key file, or a key line as pasted (`ssh-ed25519 AAAA... [c]`).
    A fingerprint of another form is said to be one, not looked for as a file."""
    import os

    from minecheck.core.keys import ASK_HINT, load_public
    from minecheck.core.sshsig import PublicKey, SSHFormatError

    if not os.path.lexists(key):
        if len(key.split()) >= 2 and key.split()[0].startswith(("ssh-", "ecdsa-", "sk-")):
            try:
                return PublicKey.from_openssh(key)
            except SSHFormatError as exc:
                raise UsageError(str(exc), hint=ASK_HINT) from None
        if _OTHER_FINGERPRINT.fullmatch(key):
            raise UsageError(
                tr(
                    "{key} is not a public key file, nor a fingerprint as verify prints it "
                    "(SHA256:...)",
                    key=key,
                ),
                hint=tr("a key's fingerprint is printed by:\n  ssh-keygen -l -f KEY.pub"),
            )
    return load_public(key, pipes=True, hint=ASK_HINT)[0]  # as typed: ./--k.pub


def _key_by_fingerprint(fingerprint: str) -> Any:
    """A key known here by its fingerprint: in allowed_signers or among our own keys."""
    from minecheck.core.keyring import load_registry
    from minecheck.core.trust import load_trust

    allowed, revoked = trust_files(None, None)
    for signer in load_trust(allowed, revoked).allowed:
        if signer.key.fingerprint() == fingerprint:
            return signer.key
    for entry in load_registry(paths.keys_dir()).keys:
        if entry.fingerprint == fingerprint:
            from minecheck.cli._signing import public_half

            return public_half(entry.path)[0]
    raise UsageError(
        tr("no key with fingerprint {fingerprint} is known here", fingerprint=fingerprint),
        hint=tr("give the public key file instead:\n  minecheck trust revoke KEY.pub"),
    )


def _revoke(path: Path, public: Any) -> bool:
    """`public` added to the revoked_keys file at `path`; False if it is there already. The
    caller holds the file (`updating`)."""
    from minecheck.core.krl import KRL_MAGIC
    from minecheck.core.signers import parse_revoked_keys
    from minecheck.core.trust import read_trust_file

    data = read_trust_file(path)
    if data is not None and data.startswith(KRL_MAGIC):  # a line of text would break it
        if public.blob in parse_revoked_keys(data, str(path)):
            return False
        from minecheck.core.sanitize import shell_word

        command = f"ssh-keygen -k -u -f {shell_word(str(path))} KEY.pub"
        raise UsageError(
            tr(
                "{path} is a key revocation list (KRL); minecheck does not write into one",
                path=path,
            ),
            hint=tr("add the key to it with:\n  {command}", command=command),
            path=f"{path}",
        )
    text = _as_text(path, data)  # (read once: the KRL's test above had the bytes)
    if public.blob in parse_revoked_keys(text.encode(), str(path)):
        return False
    text += public.openssh(f"revoked-{dt.datetime.now(dt.UTC):%Y-%m-%d}") + "\n"
    _write_trust_file(path, text)  # the file parsed above; the new line is a valid key
    return True


def _iso(value: dt.datetime | None) -> str | None:
    from minecheck.core.tomlwrite import value as toml_value

    return toml_value(value.astimezone(dt.UTC)) if value else None


def _split_principals(line: str) -> tuple[str, str] | None:
    """(principals field, rest of the line) of an allowed_signers line."""
    stripped = line.lstrip()
    if stripped.startswith('"'):
        end = stripped.find('"', 1)
        if end < 0:
            return None
        return stripped[1:end], stripped[end + 1 :]
    parts = stripped.split(None, 1)
    if len(parts) != 2:
        return None
    return parts[0], " " + parts[1]


def _remove(path: Path, principal: str, fingerprint: str | None = None) -> int:
    """`principal` taken out of allowed_signers' lines (only those of the key `fingerprint`,
    where one is given); how many named it. The caller holds the file (`updating`)."""
    out: list[str] = []
    removed = 0
    for line in _read_text(path).splitlines(keepends=True):
        fields = None if line.lstrip().startswith("#") else _split_principals(line)
        if fields is None:
            out.append(line)
            continue
        names = fields[0].split(",")
        if principal not in names or not _line_of_key(line, fingerprint, path):
            out.append(line)
            continue
        removed += 1
        rest = [n for n in names if n != principal]
        if rest:
            out.append(",".join(rest) + fields[1])
    hint = None if removed else _trusted_by_pattern(path, principal, fingerprint)
    if not removed and fingerprint is not None:
        raise UsageError(
            tr(
                "{principal} has no line with key {fingerprint} in {path}",
                principal=field_quoted(principal),
                fingerprint=fingerprint,
                path=path,
            ),
            hint=hint,
            path=f"{path}",
        )
    if not removed:
        raise UsageError(
            tr("{principal} is not in {path}", principal=field_quoted(principal), path=path),
            hint=hint,
            path=f"{path}",
        )
    _write_allowed(path, "".join(out))
    return removed


def _trusted_by_pattern(path: Path, principal: str, fingerprint: str | None) -> str | None:
    """Where a line not naming `principal` still trusts it (`*@coal.example`): the hint naming
    the first such line and how to stop trusting by it; None if no line does."""
    from minecheck.core.sanitize import shell_arg, shell_word
    from minecheck.core.signers import match_pattern_list, parse_allowed_signers

    try:
        allowed, _ = parse_allowed_signers(_read_text(path), str(path))
    except InputError:  # a damaged file: its own error says so at the next read
        return None
    for signer in allowed:
        if signer.matches_principal(principal) and (
            fingerprint is None or signer.key.fingerprint() == fingerprint
        ):
            pattern = next(  # the one that names it (a negated one never does)
                p for p in signer.principals if match_pattern_list(principal, p)
            )
            return tr(
                "line {line} trusts {principal} by the pattern {patterns}: stop trusting it "
                "with:\n  {command}",
                line=signer.line,
                principal=principal,
                patterns=shell_arg(pattern),
                command=(  # (`./-…` would be another pattern; after `--`, not an option)
                    f"minecheck trust remove --allowed-signers {shell_word(path)} -- "
                    f"{shell_arg(pattern)}"
                    if pattern.startswith("-")
                    else f"minecheck trust remove {shell_arg(pattern)} "
                    f"--allowed-signers {shell_word(path)}"
                ),
            )
    return None


def _line_of_key(line: str, fingerprint: str | None, path: Path) -> bool:
    """Whether the allowed_signers `line` trusts the key `fingerprint` (any key, for None)."""
    from minecheck.core.signers import parse_allowed_signers

    if fingerprint is None:
        return True
    allowed, _ = parse_allowed_signers(line.rstrip("\r\n"), str(path))
    return any(signer.key.fingerprint() == fingerprint for signer in allowed)


@app.command()
def remove(
    principal: Annotated[
        str, typer.Argument(metavar="PRINCIPAL", help="The principal to stop trusting.")
    ],
    key: Annotated[
        str | None,
        typer.Option(
            "--key",
            metavar="KEY",
            click_type=PATH_TEXT,
            help="Only the lines of this key, its public key file (*.pub), its line "
            "(ssh-ed25519 AAAA...) or fingerprint (SHA256:...): the principal's other keys stay "
            "trusted.",
        ),
    ] = None,
    allowed_signers: AllowedSignersOpt = None,
    lang: LangOpt = None,
    json: JsonOpt = False,
) -> None:
    """Stop trusting a principal: its lines leave allowed_signers (comments are kept)."""

    def body(rep: Reporter) -> None:
        resolve_lang(lang)

        path, _ = trust_files(allowed_signers, None)
        fingerprint = None
        if key is not None and key.startswith("SHA256:"):
            fingerprint = key
        elif key is not None:
            fingerprint = _public_given(key).fingerprint()
        with _held(path):
            removed = _remove(path, principal, fingerprint)
        rep.data.update({"path": str(path), "removed": removed})
        if removed == 1:
            rep.info(tr("{path}: removed {principal} from 1 line", path=path, principal=principal))
        else:
            rep.info(
                tr(
                    "{path}: removed {principal} from {n} lines",
                    path=path,
                    principal=principal,
                    n=removed,
                )
            )

    run("trust remove", json, body)


@app.command()
def revoke(
    key: Annotated[
        str,
        typer.Argument(
            metavar="KEY",
            click_type=PATH_TEXT,
            help="The public key (*.pub) to revoke, its line (ssh-ed25519 AAAA...), or its "
            "fingerprint (SHA256:...) as verify prints it.",
        ),
    ],
    revoked_keys: RevokedKeysOpt = None,
    lang: LangOpt = None,
    json: JsonOpt = False,
) -> None:
    """Revoke a key: documents it signed are never trusted again, whatever their date."""

    def body(rep: Reporter) -> None:
        resolve_lang(lang)

        public = _key_by_fingerprint(key) if key.startswith("SHA256:") else _public_given(key)
        path = revoked_keys if revoked_keys is not None else paths.revoked_keys_file()
        rep.data.update({"path": str(path), "fingerprint": public.fingerprint()})
        with _held(path):
            if _revoke(path, public):
                rep.info(
                    tr("{path}: revoked {fingerprint}", path=path, fingerprint=public.fingerprint())
                )
                return
        rep.warn(  # what was asked for is so: said, and no failure
            tr(
                "{fingerprint} is already revoked in {path}",
                fingerprint=public.fingerprint(),
                path=path,
            ),
            code="duplicate",
            path=f"{path}",
        )

    run("trust revoke", json, body)
