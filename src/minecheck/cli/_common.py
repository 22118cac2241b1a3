"""Helpers shared by the command modules: options, checklist lookup, language, trust files, the
output file (-o). Paths as typed are `_names`; the documents the path arguments name, `_listing`."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from minecheck import paths
from minecheck.cli._names import (
    PATH_TEXT,
    as_named,
    given_as_dash,
    given_as_directory,
    given_path,
)
from minecheck.core.sanitize import quoted
from minecheck.core.sanitize import shell_word as shell_word  # (where the cli took it from)
from minecheck.errors import UsageError
from minecheck.i18n import t

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from minecheck.cli._output import Reporter
    from minecheck.core.checklist import Checklist
    from minecheck.core.trust import TrustStore
    from minecheck.session.rules import AnswerError

LangOpt = Annotated[
    str | None,
    typer.Option(
        "--lang",
        metavar="LANG",
        help="Language of the text shown: en or zh (default: MINECHECK_LANG, then the locale).",
        show_default=False,
    ),
]


ForceOpt = Annotated[
    bool, typer.Option("--force", metavar="", help="Replace an existing output file.")
]
BomOpt = Annotated[
    bool,
    typer.Option(
        "--bom",
        metavar="",
        help="Begin CSV with a UTF-8 byte-order mark: Excel needs it to read Chinese.",
    ),
]
BOM = "\ufeff"


def check_bom(bom: bool, fmt: str) -> None:
    if bom and fmt != "csv":
        raise UsageError(t("--bom is for CSV"), hint=t("pass --format csv, or leave out --bom"))


def check_encoding(option: str, value: str | None) -> None:
    """A value given to OPTION holds no byte of the command line that is not in the locale's
    encoding (a terminal set to GBK where the locale is UTF-8: Python keeps such a byte as a
    lone surrogate, which no document can hold); said by the option, as typed."""
    import sys

    from minecheck.core.sanitize import LONE_SURROGATE

    half = LONE_SURROGATE.search(value or "")
    if half is not None:  # (it has no control character, as it was said to)
        from minecheck.portable import encoding_shown

        encoding = encoding_shown(sys.getfilesystemencoding())
        raise UsageError(
            t(
                "{option} holds bytes that are not {encoding} ({code}), the encoding of the locale",
                option=option,
                encoding=encoding,
                code=f"\\u{ord(half.group()):04x}",
            ),
            hint=t(
                "type it at a terminal set to {encoding}, or set LANG to the locale the"
                " terminal is set to",
                encoding=encoding,
            ),
        )


# The walk's words for a date that names no day quote the answer typed (“ ” in Chinese);
# an option's value (followup's --at, --new-deadline, an events file's; --as-of) is said as
# `quoted` says every value given, in both languages
_DAY_SAID = {
    "'{given}' is no day of the calendar: {month} has {days} days": (
        "{what} {value} is no day of the calendar: {month} has {days} days"
    ),
    "'{given}' is no day of the calendar: a year has 12 months": (
        "{what} {value} is no day of the calendar: a year has 12 months"
    ),
}


def day_said(exc: AnswerError, value: str, named: str) -> str:
    """Why `value` (the whole value given for the option or field `named`) names no day, or
    lies outside the years, its value quoted as every value a command was given is."""
    template = _DAY_SAID.get(exc.template)
    if template is None:  # (outside the years: quoted so already)
        return t("{what} {why}", what=named, why=t(exc.template, **{**exc.fields, "given": value}))
    fields = {k: v for k, v in exc.fields.items() if k != "given"}
    return t(template, what=named, value=quoted(value), **fields)


def check_text(option: str, value: str, refused: str | None = None) -> None:
    """A value given to OPTION is text a person reads (a site, an inspector, a reviewer): an
    empty one (an unset variable in a script) or one with control or invisible characters is
    a usage error, said in `sanitize.UNFIT_NAME`'s words or REFUSED's (an optional one's)."""
    from minecheck.core.sanitize import UNFIT_NAME, unfit_name

    check_encoding(option, value)
    if unfit_name(value):
        raise UsageError(t(refused or UNFIT_NAME, option=option))


FIELD_SHOWN = 80  # characters of a principals field a message quotes whole


def field_quoted(field: str) -> str:
    """A principals (or namespaces) field as a message quotes it: whole where short; else its
    first and last characters and its length, enough to find it (a field of thousands of names
    was repeated whole, 24 KB on one line of stderr and in --json)."""
    if len(field) <= FIELD_SHOWN:
        return quoted(field)
    cut = quoted(field[:50] + "…" + field[-20:])
    return cut + t(" ({count} characters)", count=len(field))


def principal_refused(principal: str, *, patterns: bool = False) -> UsageError:
    """A principal typed that is not one (`keys generate`, `keys import`, `trust add`): one
    wording wherever it is typed; `trust add`, which takes patterns too, says so in its hint."""
    shape = (
        t(
            "a principal looks like name@unit.example: lowercase ASCII, at most 64 characters "
            "before the @ and 190 after (patterns may use *, ? and !)"
        )
        if patterns
        else t(
            "a principal looks like name@unit.example: lowercase ASCII, at most 64 characters "
            "before the @ and 190 after"
        )
    )
    said = t("{principal} is not a valid principal", principal=field_quoted(principal))
    return UsageError(said, hint=shape)


def trust_add_command(
    principal: str, key: str, given: Path | None, namespaces: str | None = None
) -> str:
    """The `minecheck trust add` a hint advises to trust `key` for `principal`: naming the
    allowed_signers file `given` with `--allowed-signers` (the one the command read), for the
    key to land where the next run reads it. `principal` as a principal is written
    (`shell_arg`): a signer's `-p@unit.example` written `./-p@unit.example`, as a file's name
    is, was another principal."""
    from minecheck.core.sanitize import shell_arg

    words = ["minecheck trust add --principal", shell_arg(principal), "--key", key]
    if namespaces is not None:
        words += ["--namespaces", namespaces]
    if given is not None:
        words += ["--allowed-signers", shell_word(given)]
    return " ".join(words)


def say_codes_alike(rep: Reporter, groups: Iterable[Sequence[str]]) -> None:
    """Site codes that differ only in letter case, in full-width forms or in blanks and
    characters not seen at their ends (`core.sites.codes_alike`), each a site of its own to the
    reports: said, one warning a group, where merge and summary see them; a very long code is
    shortened where a terminal is told it (`--json` keeps it whole)."""
    from minecheck.core.sites import CODE_SHOWN, SITE_CODES_ALIKE_HINT, codes_alike_said

    for codes in groups:
        said = codes_alike_said(codes, t)
        shown = codes_alike_said(codes, t, most=CODE_SHOWN)
        rep.warn(
            said,
            code="site-codes-alike",
            hint=t(SITE_CODES_ALIKE_HINT),
            shown=shown if shown != said else None,
        )


def say_full_width(
    rep: Reporter, option: str, code: str, path: str | None = None, line: int | None = None
) -> None:
    """A site code typed with full-width forms (`core.sites.full_width_said`), said where it is
    typed (`--site-id`, a findings file's `site_id` at its line): the file is still made."""
    from minecheck.core.sites import full_width_said

    said = full_width_said(option, code, t)
    if said is not None:
        placed = path is not None
        rep.warn(
            said[0], code="site-id-full-width", hint=said[1], path=path, line=line, placed=placed
        )


def refuse_dash(path: Path | None) -> None:
    """`-o -` for a command that writes files (signed documents, extract's directory): a usage
    error, not a file named `-` written in the working directory."""
    if given_as_dash(path):
        raise UsageError(
            t("-o - is standard output, and this command writes files"),
            hint=t("give -o a path (./- for a file named -)"),
        )


def write_named(target: Path, chosen: bool, unique: str, write: Callable[[Path], object]) -> Path:
    """`write(path)` to `target`; the path written. A name the tool chose (no -o, or -o DIR)
    that is taken, before or while the file is made (a script's second run in the same second,
    or one beside it), becomes that name with the first 8 characters of `unique`, a random id:
    never an error, and never a file replaced."""
    if chosen and os.path.lexists(target):  # (a dangling link too: nothing is followed)
        target = unique_name(target, unique)
    try:
        write(target)
    except UsageError:
        if not chosen or not os.path.lexists(target) or target == unique_name(target, unique):
            raise
        target = unique_name(target, unique)
        write(target)
    return target


def unique_name(target: Path, unique: str) -> Path:
    """`target` with the first 8 characters of `unique` after its stem (once)."""
    stem = target.name.removesuffix(".toml")
    tail = f"-{unique[:8]}"
    return target if stem.endswith(tail) else target.with_name(f"{stem}{tail}.toml")


def refuse_existing(
    path: Path | None, force: bool, *, hint: str | None = None, special_hint: str | None = None
) -> None:
    """Nothing already written is replaced without --force: a UsageError when `path` exists,
    and whatever --force says when it is not a regular file (`special_hint` then); and
    `-o NAME/` names a directory, never a file to write."""
    if path is not None and given_as_directory(path) and not path.is_dir():
        from minecheck.fileio import no_directory

        raise no_directory(path)
    if path is not None and path.exists() and not path.is_file():
        # (a device, a pipe, a directory: said at once, not "pass --force" and then this)
        from minecheck.fileio import not_replaced

        named = as_named(path)
        try:
            mode = path.stat().st_mode
        except OSError:  # (gone since: said as a special file, which it was)
            mode = 0
        said = (
            t("{path} is a directory; only a file can be replaced", path=named)
            if stat.S_ISDIR(mode)
            else not_replaced(named, mode)
        )
        raise UsageError(said, hint=special_hint, path=named)
    if path is not None and path.exists() and not force:
        raise UsageError(
            t("{path} already exists", path=as_named(path)),
            hint=hint if hint is not None else t("choose another -o, or pass --force"),
            path=as_named(path),
            code="file-exists",
        )


def refuse_an_input(output: Path | None, inputs: Iterable[str | Path]) -> None:
    """`-o` never names one of the command's own inputs, --force or not (a signed findings file
    replaced by the report made from it)."""
    if output is None:
        return
    try:
        out = output.stat()
    except OSError:
        return  # not there yet: it is none of the inputs
    for name in inputs:
        try:
            st = os.stat(name)
        except (OSError, ValueError):
            continue
        if (st.st_dev, st.st_ino) == (out.st_dev, out.st_ino):
            raise UsageError(
                t("{path} is one of the inputs; it is not replaced", path=as_named(output)),
                hint=t("choose another -o"),
                path=as_named(output),
            )


def check_local_zone() -> None:
    """Dates here are local calendar days: a zone 24 hours or more from UTC (POSIX allows
    `TZ=UTC-24`) has none Python can work out, which is said instead of a traceback."""
    import datetime as dt

    try:
        dt.datetime.now().astimezone()
    except ValueError:
        zone = os.environ.get("TZ", "")
        raise UsageError(
            t(
                "the local time zone{tz} is 24 hours or more from UTC",
                tz=f" (TZ={zone})" * bool(zone),
            ),
            hint=t("set TZ to a zone such as Asia/Shanghai or UTC"),
            code="bad-time-zone",
        ) from None


def checklist_dirs() -> list[Path]:
    """User checklists first (they may override a bundled one), then the bundled ones (alone
    where there is no home for the user's)."""
    try:
        return [paths.user_checklists_dir(), paths.bundled_checklists_dir()]
    except UsageError:
        return [paths.bundled_checklists_dir()]


def close_to(given: str, known: Iterable[str]) -> str | None:
    """The one known name a typo most likely meant, if any is close enough."""
    import difflib

    found = difflib.get_close_matches(given, list(known), n=1)
    return found[0] if found else None


def unknown_name(said: str, given: str, known: Sequence[str], hint: str) -> UsageError:
    """`unknown tag 'outbrust'; did you mean outburst?`, with the hint: `said` is the message
    already in the reader's language, the close name is added to it."""
    close = close_to(given, known)
    message = t("{message}; did you mean {close}?", message=said, close=close) if close else said
    return UsageError(message, hint=hint)


def check_tags(tags: Iterable[str]) -> None:
    """Every --tag a known site kind or hazard."""
    from minecheck.core.checklist import TAGS

    for given in tags:
        if given not in TAGS:
            said = t("unknown tag {given}", given=quoted(given))
            raise unknown_name(said, given, TAGS, t("known tags: {tags}", tags=list(TAGS)))


def checklist_path(ref: str) -> Path:
    """A checklist named by id, or a path to a checklist file."""
    from minecheck.core.checklist import discover

    candidate = given_path(ref)  # (`./--x.toml` shown so)
    if ref.endswith(".toml") or "/" in ref or candidate.is_file():
        return candidate
    found = discover(checklist_dirs())
    if ref not in found:
        hint = t("to see the installed checklists:\n  minecheck checklists list")
        said = t("no checklist with id {given}", given=quoted(ref))
        raise unknown_name(said, ref, sorted(found), hint)
    return found[ref]


def load_checklist_ref(ref: str) -> Checklist:
    """The checklist `ref` names (an id or a file), its problems said in the person's language."""
    from minecheck.core.checklist import load_checklist
    from minecheck.i18n import t

    return load_checklist(checklist_path(ref), say=t)


# the documents a batch command reads (summary, export, verify)
PathsArg = Annotated[
    list[str],
    typer.Argument(
        metavar="PATH",
        click_type=PATH_TEXT,
        help="Documents, directories of *.toml files, or - for a list of paths on stdin.",
    ),
]
AllowedSignersOpt = Annotated[
    Path | None,
    typer.Option(
        "--allowed-signers",
        metavar="FILE",
        help="OpenSSH allowed_signers file (default: the one in minecheck's config directory).",
    ),
]
RevokedKeysOpt = Annotated[
    Path | None,
    typer.Option(
        "--revoked-keys",
        metavar="FILE",
        help="Revoked public keys, one per line, or a KRL (default: in minecheck's config "
        "directory).",
    ),
]


def trust_files(
    allowed: Path | None, revoked: Path | None, *, must_exist: bool = False
) -> tuple[Path, Path | None]:
    """The trust files to use; with `must_exist`, ones named on the command line must exist.

    The revoked keys are None only where allowed_signers is named and there is no home for a
    revoked_keys of minecheck's own (so none, as when that file is missing)."""
    if must_exist:
        from minecheck.errors import InputError

        for option, path in (("--allowed-signers", allowed), ("--revoked-keys", revoked)):
            if path is not None and not path.exists():  # a pipe, as in `<(...)`, will do
                from minecheck.fileio import as_on_windows, link_to_nothing

                said = t("{path}: no such file", path=f"{option} {path}")
                raise InputError(
                    link_to_nothing(path) or said, hint=as_on_windows(path), path=f"{path}"
                )
    if revoked is None and allowed is not None:
        try:
            revoked = paths.revoked_keys_file()
        except UsageError:  # no home, so no revoked_keys of its own: none, as a missing one
            return allowed, None
    return (
        allowed if allowed is not None else paths.allowed_signers_file(),
        revoked if revoked is not None else paths.revoked_keys_file(),
    )


def trust_list_not_there(allowed: Path | None) -> Path | None:
    """minecheck's own allowed_signers, where `allowed` (`--allowed-signers`) is not given and
    that file is not there: no key is trusted. A job that cron or a service starts has none of
    the shell's variables (MINECHECK_HOME), and reads the job user's own trust list."""
    if allowed is not None:
        return None
    try:
        path = paths.allowed_signers_file()
    except UsageError:  # (no home: only a command given every path runs)
        return None
    return None if os.path.lexists(path) else path


def trust_list_advice() -> str:
    """What to do where `trust_list_not_there` names a file."""
    return t(
        "name the office's list with --allowed-signers FILE, or set MINECHECK_HOME to the "
        "directory that holds it (cron and services do not get your shell's variables)"
    )


def trust_store(allowed: Path | None, revoked: Path | None) -> TrustStore:
    """The trust of a command that judges it: the files named by `--allowed-signers` and
    `--revoked-keys` (they must exist; a pipe named will do, its writer waited for), else
    minecheck's own (where a pipe is not waited on)."""
    from minecheck.core.trust import load_trust

    return load_trust(*trust_files(allowed, revoked, must_exist=True), given=(allowed, revoked))
