"""Helpers shared by the command modules: options, checklist lookup, language."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path, PosixPath, WindowsPath
from typing import TYPE_CHECKING, Annotated, Any

import typer

from minecheck import paths
from minecheck.core.sanitize import quoted
from minecheck.core.sanitize import shell_word as shell_word  # (where the cli took it from)
from minecheck.errors import Problem, UsageError
from minecheck.i18n import t

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from minecheck.core.checklist import Checklist
    from minecheck.core.trust import TrustStore

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


def check_text(option: str, value: str) -> None:
    """A value given to OPTION is text a person reads (a site, an inspector, a reviewer): an
    empty one (an unset variable in a script) or one with control or invisible characters is
    a usage error."""
    import sys

    from minecheck.core.sanitize import LONE_SURROGATE, unsafe_characters

    half = LONE_SURROGATE.search(value)
    if half is not None:
        # a byte of the command line that is not in the locale's encoding (a terminal set to
        # GBK where the locale is UTF-8): it has no control character, as it was said to
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
    if not value.strip() or unsafe_characters(value):
        raise UsageError(
            t(
                "{option} must be non-empty text without control or invisible characters",
                option=option,
            )
        )


def refuse_empty_path(kind: Any, value: object, param: Any, ctx: Any) -> None:
    """A usage error (`Invalid value for '-o' / '--output': an empty path was given`) where
    the word given for a path is empty: see `cli._empty_paths_refused`."""
    if value in ("", b""):
        kind.fail(t("an empty path was given"), param, ctx)


class _PathText(typer._click.types.StringParamType):
    """A path kept as the text given (where `-` means a standard stream), never empty."""

    name = "text"

    def convert(self, value: Any, param: Any, ctx: Any) -> Any:
        refuse_empty_path(self, value, param, ctx)
        return super().convert(value, param, ctx)


PATH_TEXT = _PathText()

if sys.platform == "win32":
    _PathBase = WindowsPath
else:
    _PathBase = PosixPath


class TypedPath(_PathBase):
    """A path parameter's value that keeps the word it was given as (`given`): every message
    formats it so (`f"{path}"`, `t(..., path=path)`), where a Path drops a leading `./` and
    `./-` was said `-` (read as standard input), `./--k` `--k` (read as an option). `str()`,
    `os.fspath()`, equality and hashing are a Path's, so the file opened is the same; a path
    made from it (`path.parent`, `path / name`) is a plain one. The framework's path
    parameters give one (`cli._empty_paths_refused`)."""

    given: str | None = None

    def __format__(self, spec: str) -> str:
        return format(spelled(self), spec)

    def with_name(self, name: str) -> TypedPath:
        return self._beside(super().with_name(name))

    def with_suffix(self, suffix: str) -> TypedPath:
        return self._beside(super().with_suffix(suffix))

    def _beside(self, made: TypedPath) -> TypedPath:
        """A file beside this one (`KEY.pub` of `./--k`) is shown in the same directory as
        given: `./--k.pub`."""
        shown = _to_name(spelled(self))
        if shown != os.fspath(self):
            made.given = shown[: len(shown) - len(self.name)] + made.name
        return made


def given_path(text: str) -> Path:
    """The path named by `text` as typed (a `PATH_TEXT` parameter's value), shown so."""
    return typed_path(Path(text), text)


def typed_path(value: Path, given: str) -> Path:
    """`value`, the path the framework made of the word `given`, as a TypedPath."""
    typed = TypedPath(value)
    typed.given = given
    return typed


def spelled(path: str | os.PathLike[str]) -> str:
    """The path as it was given where it was a parameter's value (`./-`, `./--k.pub`), else as
    a Path writes it. A given word is kept only where it ends in the same name, or in it and
    `/.` or `/` (`x/.` was said `x`); a file beside it is named from the name (`with_name`)."""
    given = getattr(path, "given", None)
    if not given or not isinstance(path, Path) or not path.name:
        return os.fspath(path)
    last = _to_name(given).rsplit(os.sep, 1)[-1].rsplit("/", 1)[-1]
    return given if last == path.name else os.fspath(path)


def _to_name(word: str) -> str:
    """`word` up to the name it ends in: less the `/.` and `/` after it (`x/./` is `x`)."""
    import re

    return re.sub(rf"(?:[/{re.escape(os.sep)}]\.?)+$", "", word) or word


def given_as_directory(path: Path) -> bool:
    """Whether `path` was given with a trailing slash (`-o reports/`, `--output=reports/`,
    `-oreports/`): the framework makes it a Path, which drops the slash, and a file of that
    name was written."""
    given = _given_word(path)  # (`reports/.` too: it wrote a file named `reports`)
    return given is not None and _to_name(given) != given and len(given) > 1


def given_as_dash(path: Path | None) -> bool:
    """Whether `-o -` (or `--output=-`) was written: standard output, the usual word for it (as
    `--answers -` reads standard input). `-o ./-` names a file called `-`; the framework makes
    both the same Path, so the word given says which was written."""
    return path is not None and _given_word(path) == "-"


def as_named(path: str | os.PathLike[str]) -> str:
    """PATH as it was given, where it names the file -o (--output) was given (a Path drops a
    leading `./`, and `-o ./-` or `-o ./--x.md` was said `-`, read as standard output, or
    `--x.md`, read as an option). Any other path as it is."""
    text = spelled(path)
    given = _given_word(Path(text)) if text == os.fspath(path) else None
    return given if given and Path(given) == Path(text) else text


def as_typed(path: str | os.PathLike[str]) -> str:
    """PATH as it was given to its option (`--allowed-signers ./--t` is `./--t`, not `--t`,
    which reads as an option): `spelled`, from the value the option parser gave it, not from
    the run's words, where the same path may be another option's value."""
    return spelled(path)


def _given_word(path: Path) -> str | None:
    """The word the option parser read `path` from: the path's own (`TypedPath`), else the one
    given to the running command's -o where that names the same path. Not the run's words: a
    `-o` there may be another option's value (`--allowed-signers -o - -o ./-`)."""
    given = getattr(path, "given", None)
    if isinstance(given, str):
        return given
    context = typer._click.globals.get_current_context(silent=True)
    output = context.params.get("output") if context is not None else None
    if isinstance(output, TypedPath) and output == path:
        return output.given
    return None


def trust_add_command(
    principal: str, key: str, given: Path | None, namespaces: str | None = None
) -> str:
    """The `minecheck trust add` a hint advises to trust `key` for `principal`: naming the
    allowed_signers file `given` with `--allowed-signers` (the one the command read), for the
    key to land where the next run reads it."""
    words = ["minecheck trust add --principal", principal, "--key", key]
    if namespaces is not None:
        words += ["--namespaces", namespaces]
    if given is not None:
        words += ["--allowed-signers", shell_word(given)]
    return " ".join(words)


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

        raise no_directory(path, quoted=shell_word(path))
    if path is not None and path.exists() and not path.is_file():
        # (a device, a pipe, a directory: said at once, not "pass --force" and then this)
        named = as_named(path)
        said = (
            t("{path} is a directory; only a file can be replaced", path=named)
            if path.is_dir()
            else t("{path} is not a regular file; only a file can be replaced", path=named)
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
            raise unknown_name(said, given, TAGS, t("known tags: {tags}", tags=", ".join(TAGS)))


def checklist_path(ref: str) -> Path:
    """A checklist named by id, or a path to a checklist file."""
    from minecheck.core.checklist import discover

    candidate = given_path(ref)  # (`./--x.toml` shown so)
    if ref.endswith(".toml") or "/" in ref or candidate.is_file():
        return candidate
    found = discover(checklist_dirs())
    if ref not in found:
        hint = t("minecheck checklists list shows the installed checklists")
        said = t("no checklist with id {given}", given=quoted(ref))
        raise unknown_name(said, ref, sorted(found), hint)
    return found[ref]


def load_checklist_ref(ref: str) -> Checklist:
    """The checklist `ref` names (an id or a file), its problems said in the person's language."""
    from minecheck.core.checklist import load_checklist
    from minecheck.i18n import t

    return load_checklist(checklist_path(ref), say=t)


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
                from minecheck.fileio import link_to_nothing

                said = t("{path}: no such file", path=f"{option} {path}")
                raise InputError(link_to_nothing(path) or said, path=f"{path}")
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


MAX_WALK_DEPTH = 256


MAX_PATH_LIST_BYTES = 64 * 1024 * 1024  # a list of paths on stdin: ~500,000 archive paths


def listed_paths(given: list[str]) -> list[str]:
    """The paths given, `-` standing for the paths listed on standard input, one a line (past
    any argument list's limit: `find ... | minecheck verify -`). The list is read as bytes and
    each name decoded as the file system decodes names, whatever the stream's own decoding:
    a name that is not UTF-8 (a GBK archive) where standard input decodes strictly
    (PYTHONIOENCODING=utf-8, a Windows code page) was a UnicodeDecodeError and a traceback."""
    from minecheck.fileio import read_standard_input

    listed: list[str] = []
    for item in given:
        if item == "-":  # (an endless stream, `< /dev/zero`, is refused at the limit)
            data = read_standard_input(MAX_PATH_LIST_BYTES, "list of paths")
            names = (_file_name(line) for line in data.splitlines())
            listed.extend(map(_not_special, (name for name in names if name.strip())))
        else:
            listed.append(item)
    return listed


def _not_special(name: str) -> str:
    """NAME, listed on standard input, unless it is neither a file nor a directory: a list is
    what a walk found (`find ARCHIVE -name '*.toml'`), and a FIFO in a shared archive whose
    writer never comes hung the run, as one met in a directory walk is not read. One named on
    the command line is read as asked (`<(...)`). A name not there is left to the reader."""
    import stat

    from minecheck.errors import InputError
    from minecheck.fileio import special_kind

    try:
        mode = os.stat(name).st_mode
    except (OSError, ValueError):
        return name
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return name
    raise InputError(
        t(
            "{path}: not a regular file ({kind}): a path listed on standard input is read only "
            "as a file or a directory",
            path=name,
            kind=t(special_kind(mode)),
        ),
        hint=t(
            "take it out of the list (find ... -type f), or name it on the command line to read "
            "it as it is"
        ),
        path=name,
    )


def listed_documents(given: list[str]) -> list[str]:
    """The documents named, `-` standing for those listed on standard input (`listed_paths`),
    for a command that takes files alone (`show`, `merge`): an empty list is an error, where
    the command would have had nothing to work on. `./-` names a file called `-`."""
    from minecheck.errors import InputError

    listed = listed_paths(given)
    if not listed:
        raise InputError(
            t("the list of paths on standard input is empty"),
            hint=t("list the documents one a line, or name them on the command line"),
        )
    return named_files(listed)


def _file_name(line: bytes) -> str:
    try:
        return os.fsdecode(line)
    except UnicodeDecodeError:  # (Windows decodes names strictly: a name no file can have)
        return line.decode("utf-8", "replace")


def named_files(given: list[str]) -> list[str]:
    """The paths named on the command line, as they were named: each is shown so (`./-`, not
    `-`; `./--x.toml`, not an option), where a Path drops its `./`. An empty one (an unset
    variable in a script) is an error, where Path("") would read the current directory."""
    from minecheck.errors import UsageError
    from minecheck.i18n import t

    if any(not name for name in given):
        raise UsageError(t("an empty path was given"), hint=t("name a file or a directory"))
    return list(given)


def walk_documents(inputs: list[Path]) -> tuple[list[Path], list[Problem]]:
    """`walk_document_names`, each document as a Path."""
    names, problems = walk_document_names(inputs)
    return [Path(name) for name in names], problems


def walk_order(name: str) -> list[str]:
    """The key the walk sorts a directory's documents by (each part of the name in turn)."""
    return os.path.normcase(name).split(os.sep)


def each_once(names: Iterable[str]) -> list[str]:
    """`names` in their order, without a file met again under the same or another spelling of
    its name (`x.toml` and `./x.toml`, a file named and inside a directory named, a directory
    named twice, relative and absolute). `..` is kept: past a link it names another place."""
    here = os.getcwd()
    seen: set[str] = set()
    out: list[str] = []
    for name in names:
        key = _spelled(here, name)
        if key not in seen:
            seen.add(key)
            out.append(name)
    return out


def _spelled(here: str, name: str) -> str:
    """`name` as one absolute spelling: joined to `here`, without `.` or empty parts."""
    if os.sep != "/" or os.altsep:  # (drives and two separators: pathlib knows them)
        return str(Path(here, name))
    full = name if name[:1] == "/" else f"{here}/{name}"
    if "//" in full or "/./" in full or full.endswith(("/", "/.")):  # (a Path per name is slow)
        full = "/" + "/".join(part for part in full.split("/") if part not in ("", "."))
    return full


def _maybe_dir(entry: os.DirEntry[str]) -> bool:
    """Whether the listing says (or cannot say otherwise) that `entry` is a directory."""
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return True


def walk_document_names(inputs: Sequence[str | Path]) -> tuple[list[str], list[Problem]]:
    """(documents, problems): files as given (`./-` stays `./-`), and every regular `*.toml`
    file below a directory (`DIR/x.toml`, the directory as a Path spells it).

    Names, not Paths: a batch over a province's archive lists tens of thousands, and a Path
    each would be much of what a summary holds per file. In the order the inputs were given,
    a directory's documents in the order Paths sort in; a file named again (by another input
    or another spelling) once, where it was first met; so is each problem.

    The walk never follows a link back into a directory it is already inside, never goes deeper
    than MAX_WALK_DEPTH levels and never opens anything: each entry is only looked at (its type
    from the directory listing, or `stat`). A named input that does not exist is an InputError.
    """
    import os
    import stat

    from minecheck.errors import InputError, Problem
    from minecheck.fileio import LINK_TO_NOTHING, link_to_nothing, not_there, special_kind

    files: list[str] = []
    problems: list[Problem] = []

    def report(path: str, code: str, message: str) -> None:
        problems.append(Problem(code, message, path))

    for named in inputs:
        given = os.fspath(named)
        try:
            st = os.stat(given)
        except FileNotFoundError:
            said = t("{path}: no such file or directory", path=given)
            raise not_there(given, said) from None
        except ValueError:  # a NUL character in the name (listed on standard input)
            raise InputError(t("{path}: not a usable file name", path=given), path=given) from None
        except OSError as exc:
            reason = exc.strerror or str(exc)
            said = t("{path}: cannot read: {reason}", path=given, reason=reason)
            raise InputError(link_to_nothing(given) or said, path=given) from None
        if not stat.S_ISDIR(st.st_mode):
            files.append(given)  # named on the command line: read as asked (even a pipe)
            continue
        found: list[str] = []
        # Each stack entry: a directory to list, its depth, and the (device, inode) chain above it.
        stack: list[tuple[str, int, frozenset[tuple[int, int]]]] = [
            (str(Path(given)), 0, frozenset({(st.st_dev, st.st_ino)}))
        ]
        while stack:
            directory, depth, ancestors = stack.pop()
            try:
                with os.scandir(directory) as listing:
                    entries = sorted(listing, key=lambda e: e.name)
            except OSError as exc:
                report(directory, "unlistable", f"cannot list this directory: {exc.strerror}")
                continue
            subdirs: list[tuple[str, int, frozenset[tuple[int, int]]]] = []
            for entry in entries:
                try:  # the listing tells a regular file (no link) without a stat
                    plain = not entry.is_symlink() and entry.is_file(follow_symlinks=False)
                except OSError:
                    plain = False
                if plain:
                    if entry.name.endswith(".toml"):
                        found.append(entry.path)
                    continue
                try:
                    entry_st = os.stat(entry.path)  # follows a link to what it names
                except OSError as exc:
                    # said unless the listing shows a plain file of another name: a directory
                    # that cannot be entered (or whose path is too long) holds documents unseen
                    # (in the words a file named on the command line gets)
                    if entry.is_symlink():
                        report(entry.path, "unreadable", LINK_TO_NOTHING)
                    elif entry.name.endswith(".toml") or _maybe_dir(entry):
                        report(entry.path, "unreadable", f"cannot read: {exc.strerror}")
                    continue
                mode = entry_st.st_mode
                if stat.S_ISDIR(mode):
                    ident = (entry_st.st_dev, entry_st.st_ino)
                    if entry.name.endswith(".toml"):
                        report(entry.path, "not-a-file", "a directory, not a document")
                    if ident in ancestors:
                        report(entry.path, "link-loop", "a link back to a directory above it")
                    elif depth + 1 > MAX_WALK_DEPTH:
                        report(
                            entry.path,
                            "too-deep",
                            f"more than {MAX_WALK_DEPTH} directory levels down; not searched",
                        )
                    else:
                        subdirs.append((entry.path, depth + 1, ancestors | {ident}))
                elif entry.name.endswith(".toml"):
                    if stat.S_ISREG(mode):
                        found.append(entry.path)
                    else:
                        report(
                            entry.path, "not-a-file", f"not a regular file ({special_kind(mode)})"
                        )
            stack.extend(reversed(subdirs))
        files.extend(sorted(found, key=walk_order))
    if len(inputs) > 1:  # (one input never meets a file twice: links are names of their own)
        return each_once(files), list(dict.fromkeys(problems))
    return files, problems
