"""Paths as they were typed: a path parameter's value keeps the word it was given (`./-`,
`./--k`, `a b/f.toml`), and every message shows that word, where a `Path` drops a leading `./`
(and `./-` read as standard input, `./--k` as an option). Also what the word says that the Path
cannot: `-o -` (standard output) against `-o ./-` (a file called `-`), `-o DIR/` (a directory).

The framework's path conversion (`cli._empty_paths_refused`) makes a `TypedPath`; a parameter
taken as text (`PATH_TEXT`, for `-`) becomes one through `given_path`."""

from __future__ import annotations

import os
import sys
from pathlib import Path, PosixPath, WindowsPath
from typing import Any

import typer

from minecheck.i18n import t


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
    """The path named by `text` as typed (a `PATH_TEXT` parameter's value), shown so; a file
    typed as a directory (`c.toml/.`) is refused (`named_as_directory`)."""
    path = typed_path(Path(text), text)
    refused = named_as_directory(path, text)
    if refused is not None:
        from minecheck.errors import InputError

        raise InputError(refused, path=text)
    return path


def named_as_directory(path: Path, given: str) -> str | None:
    """The refusal where the word `given` ends as a directory's name does (`k1/.`, `c.toml/`)
    and `path`, the Path made of it, is a file: a Path drops the ending, so the file was read
    (`keys import k1/.` recorded the key in `k1`), where every reader that opens the word as
    typed is told by the system that it is not a directory. None for any other word."""
    if _to_name(given) == given or not path.exists() or path.is_dir():
        return None
    import errno

    from minecheck.os_words import os_words

    return t(
        "{path}: cannot read: {reason}", path=given, reason=os_words(os.strerror(errno.ENOTDIR))
    )


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
