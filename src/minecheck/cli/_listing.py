"""The documents a command's path arguments name: `-` for a list on standard input, each name
kept as it was given, and every `*.toml` document below a directory named, walked without
following a link back up or opening anything, each file once however often it was named."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from minecheck.errors import Problem
from minecheck.i18n import t

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from minecheck.errors import InputError


MAX_WALK_DEPTH = 256


MAX_PATH_LIST_BYTES = 64 * 1024 * 1024  # a list of paths on stdin: ~500,000 archive paths


def listed_paths(given: list[str]) -> list[str]:
    """The paths given, `-` standing for the paths listed on standard input, one a line (past
    any argument list's limit: `find ... | minecheck verify -`). The list is read as bytes and
    each name decoded as the file system decodes names, whatever the stream's own decoding:
    a name that is not UTF-8 (a GBK archive) where standard input decodes strictly
    (PYTHONIOENCODING=utf-8, a Windows code page) was a UnicodeDecodeError and a traceback.
    A list that starts with a byte-order mark (Notepad's "UTF-8 with BOM") is refused as the
    answers file refuses one, not read as a first name `\ufeff...` that is no file; so is one
    that begins a later line (such lists joined); one in UTF-16 (PowerShell 5's `>`) is refused
    naming its encoding, not read as names not found."""
    from minecheck.core.tomlio import (
        Conversion,
        first_line_utf8,
        refuse_bom,
        refuse_joined_bom,
        refuse_wide,
    )
    from minecheck.fileio import read_standard_input

    listed: list[str] = []
    for item in given:
        if item == "-":  # (an endless stream, `< /dev/zero`, is refused at the limit)
            data = read_standard_input(MAX_PATH_LIST_BYTES, "list of paths")
            # (lists joined first: the filter it gives takes the first line's mark out too)
            refuse_joined_bom(data, "<stdin>", Conversion(stdin=True))
            if first_line_utf8(data):  # (else a name in GBK: 锘 is the mark's EF BB)
                refuse_bom(data, "<stdin>", Conversion(stdin=True))
            refuse_wide(
                data, "<stdin>", Conversion(stdin=True)
            )  # (PowerShell 5's `>` writes UTF-16)
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

    if any(not name for name in given):
        raise UsageError(t("an empty path was given"), hint=t("name a file or a directory"))
    return list(given)


def none_below(named: Sequence[str], said: str) -> InputError:
    """The error for no `*.toml` file found in what was named: one folder named is named, its
    path in --json (as `show FOLDER` names it), in one wording for every command that walks
    a folder; several are SAID, the command's own, after a problem naming each (its line
    `FOLDER: no *.toml files found below it`, its path in --json); none (an empty list on
    standard input) is SAID alone. A folder named again (`a a/`, relative and absolute) is
    named once, where it was first named, as the walk meets it once."""
    from minecheck.errors import InputError, Problem

    named = each_once(named)
    hint = t("name the files, or a folder with *.toml files below it")
    if len(named) == 1:  # (a file named is a document: only a folder finds none)
        [folder] = named
        return InputError(
            t("{path}: no *.toml files found below it", path=folder), hint=hint, path=folder
        )
    below = t("no *.toml files found below it")
    return InputError(said, hint=hint, problems=[Problem("input", below, f) for f in named])


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


def _is_toml(name: str) -> bool:
    """A document's name below a folder: `*.toml`, its suffix in any case (`XINXING.TOML` from
    a USB stick formatted on Windows, where a suffix is read so)."""
    return name.endswith(".toml") or name[-5:].lower() == ".toml"


def walk_document_names(inputs: Sequence[str | Path]) -> tuple[list[str], list[Problem]]:
    """(documents, problems): files as given (`./-` stays `./-`), and every regular `*.toml`
    file below a directory (`DIR/x.toml`, the directory as a Path spells it); a directory
    below is walked whatever its name (`2026.toml/`).

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
    from minecheck.fileio import LINK_TO_NOTHING, irregular, link_to_nothing, not_there

    files: list[str] = []
    problems: list[Problem] = []

    def report(path: str, code: str, message: str) -> None:
        problems.append(Problem(code, message, path))

    for named in inputs:
        given = os.fspath(named)
        try:
            st = os.stat(given)
        except FileNotFoundError:
            said = t("{path}: no such file", path=given)
            raise not_there(given, said) from None
        except ValueError:  # a NUL character in the name (listed on standard input)
            raise InputError(t("{path}: not a usable file name", path=given), path=given) from None
        except OSError as exc:
            from minecheck.os_words import os_reason

            reason = os_reason(exc)
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
                from minecheck.os_words import os_reason

                report(
                    directory, "unlistable", f"cannot list this directory: {os_reason(exc, 'en')}"
                )
                continue
            subdirs: list[tuple[str, int, frozenset[tuple[int, int]]]] = []
            for entry in entries:
                try:  # the listing tells a regular file (no link) without a stat
                    plain = not entry.is_symlink() and entry.is_file(follow_symlinks=False)
                except OSError:
                    plain = False
                if plain:
                    if _is_toml(entry.name):
                        found.append(entry.path)
                    continue
                try:
                    entry_st = os.stat(entry.path)  # follows a link to what it names
                except OSError as exc:
                    from minecheck.os_words import os_reason

                    # said unless the listing shows a plain file of another name: a directory
                    # that cannot be entered (or whose path is too long) holds documents unseen
                    # (in the words a file named on the command line gets)
                    if entry.is_symlink():
                        report(entry.path, "unreadable", LINK_TO_NOTHING)
                    elif _is_toml(entry.name) or _maybe_dir(entry):
                        report(entry.path, "unreadable", f"cannot read: {os_reason(exc, 'en')}")
                    continue
                mode = entry_st.st_mode
                if stat.S_ISDIR(mode):
                    # a folder whatever its name (`2026.toml`): its documents are read
                    ident = (entry_st.st_dev, entry_st.st_ino)
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
                elif _is_toml(entry.name):
                    if stat.S_ISREG(mode):
                        found.append(entry.path)
                    else:
                        report(entry.path, "not-a-file", irregular(mode, "en"))
            stack.extend(reversed(subdirs))
        files.extend(sorted(found, key=walk_order))
    if len(inputs) > 1:  # (one input never meets a file twice: links are names of their own)
        return each_once(files), list(dict.fromkeys(problems))
    return files, problems
