"""What `checklists lint` says of a checklist file beyond its problems: the reader's warnings,
and those that need other checklists (a bundled checklist's id taken, an installed checklist
changed under the same version or an item id given another meaning)."""

from __future__ import annotations

import functools
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from minecheck.core.checklist import (
    MAX_CHECKLIST_BYTES,
    Checklist,
    load_checklist,
    parse_with_warnings,
)
from minecheck.core.sanitize import quoted
from minecheck.core.schema import Say, english
from minecheck.core.tomlpos import KeyPath, position_of
from minecheck.errors import InputError, Problem


def lint(
    path: str | Path,
    bundled: Mapping[str, Path],
    installed: Mapping[str, Path] | None = None,
    say: Say = english,
    *,
    found: bool = False,
) -> tuple[list[Problem], list[Problem]]:
    """(problems, warnings) of one checklist file. The warnings of a valid file: a `*_zh` text
    without a Chinese character, and the id of a bundled checklist (`bundled`: id → file) taken
    by another file: among the user's checklists it replaces the bundled one, and reports, which
    know a checklist by its id, count the findings of both as one. Against the user's installed
    checklist of the same id (`installed`), another file: a changed text under the same version,
    and an item whose grade, basis or reading changed (an item id keeps its meaning). `say`:
    how each is said (see `_Loader`). `found`: met in a directory, not named (a pipe is then
    not read). `path` is shown as it is given (a name kept as typed: `./--x.toml`)."""
    from minecheck.fileio import read_limited

    try:
        data = read_limited(path, MAX_CHECKLIST_BYTES, "checklist", pipe_ok=not found)
        stem = Path(path).stem if Path(path).suffix == ".toml" else None
        cl, warnings = parse_with_warnings(data, str(path), stem, say)
    except InputError as exc:
        if exc.problems:
            return list(exc.problems), []
        message = exc.message_about(path)
        return [Problem(exc.code, message, str(path))], []
    from minecheck.core.tomlpos import key_positions

    positions = key_positions(data.decode("utf-8"))
    mine = (installed or {}).get(cl.id)
    if mine is not None and not _same_file(mine, Path(path), data):
        warnings = [*_against(cl, mine, positions, say), *warnings]
    other = bundled.get(cl.id)
    if other is None or _same_file(other, Path(path), data):
        return [], warnings
    at = position_of(positions, ("checklist", "id"))
    message = say(
        "checklist id {id} is a bundled checklist's: among your checklists this file "
        "replaces the bundled one, and reports count the findings of both as one checklist; "
        "give it an id of its own unless it is meant to replace it",
        id=quoted(cl.id),
    )
    line, column = at if at is not None else (None, None)
    return [], [Problem("replaces-bundled", message, str(path), line, column), *warnings]


def _against(cl: Checklist, path: Path, positions: Any, say: Say = english) -> list[Problem]:
    """What a new text of an installed checklist (at `path`) changes that it should not."""
    try:
        old = load_checklist(path, found=True)
    except (InputError, OSError):
        return []  # `checklists list` says what is wrong with it
    if old.sha256 == cl.sha256:
        return []

    def at(where: KeyPath, code: str, message: str) -> Problem:
        found = position_of(positions, where)
        line, column = found if found is not None else (None, None)
        return Problem(code, message, cl.source, line, column)

    if old.version == cl.version:
        return [
            at(
                ("checklist", "version"),
                "same-version",
                say(
                    "version {version} is the version of the installed {id} ({path}), whose "
                    "text differs: give a changed checklist a new version",
                    version=quoted(cl.version),
                    id=cl.id,
                    path=path,
                ),
            )
        ]
    out = []
    for s, section in enumerate(cl.sections):
        for i, item in enumerate(section.items):
            before = old.item(item.id)
            if before is None:
                continue
            changed = [
                what
                for what, same in (
                    ("grade", item.severity == before.severity),
                    ("basis", set(item.basis) == set(before.basis)),
                    ("reading", (item.reading is None) == (before.reading is None)),
                    (
                        "reading unit",
                        item.reading is None
                        or before.reading is None
                        or item.reading.unit == before.reading.unit,
                    ),
                )
                if not same
            ]
            if changed:
                said = functools.reduce(
                    lambda first, then: say("{first} and {then}", first=first, then=then),
                    (say(what) for what in changed),
                )
                out.append(
                    at(
                        ("section", s, "item", i, "id"),
                        "item-reused",
                        say(
                            "item {id} has another {changed} than in the installed version "
                            "{version}: an item id keeps its meaning from version to version "
                            "(give another requirement a new id)",
                            id=quoted(item.id),
                            changed=said,
                            version=old.version,
                        ),
                    )
                )
    return out


def _same_file(one: Path, other: Path, data: bytes) -> bool:
    """The same file, or a copy byte for byte (the source tree's checklists beside an installed
    package's are the bundled ones, not others taking their ids). `data` is what was read of
    `other`, the file linted: it is not read again (a FIFO would wait for another writer)."""
    from minecheck.fileio import read_limited

    try:
        if os.path.samefile(one, other):
            return True
        return read_limited(one, MAX_CHECKLIST_BYTES, "checklist", pipe_ok=False) == data
    except (OSError, InputError):
        return False
