"""What `checklists lint` says of a valid checklist file beyond the reader's problems: its
warnings, texts an author should read again (a `*_zh` text without a Chinese character, a
question_zh asking 是否未…, an item no inspection can reach, a percentage's limit outside 0-100),
and those that need other checklists (a bundled checklist's id taken, an installed checklist
changed under the same version or an item id given another meaning)."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from minecheck.core.checklist import (
    MAX_CHECKLIST_BYTES,
    SITE_KINDS,
    Checklist,
    Item,
    Reading,
    load_checklist,
    parse_with_document,
    stem_of,
)
from minecheck.core.sanitize import quoted_value
from minecheck.core.schema import Say, english
from minecheck.core.tomlpos import KeyPath, Positions, key_positions, position_of
from minecheck.errors import InputError, Problem, UnreadableInput

_CJK = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")  # Chinese characters
# A question asking whether something was *not* done (「是否未使用…？」): `y` is compliant only
# through a double negative, which checklist-format.md's "Wording" rules out. A limit asked
# plainly (是否不超过1.0%？) or an absence (是否无漏检？) is not of that kind.
_DOUBLE_NEGATIVE = re.compile("是否(?:未|没)")
# A question asking whether the violation is there (「是否存在越界开采？」, "Any unreported
# accident?", as DOMAIN's table words two items): its yes means non-compliant, and the walk
# records yes as compliant. A question asking for what should be there (是否设有…？) is not
# of that kind; "是否不存在…" is a double negative, and its yes is compliant. Nor is 是否存在
# after a verb of checking or 对 (是否定期排查是否存在重大事故隐患？): what a duty looks for,
# whose yes (the check is made) is compliant. "Any …？" typed with the Chinese input method on
# ends with the full-width mark.
_ASKS_FOR_VIOLATION = (
    (
        "question_zh",
        re.compile(
            "(?<!对)(?<!查)(?<!查明)(?<!查清)(?<!核实)(?<!确认)(?<!评估)(?<!判定)(?<!分析)(?<!辨识)是否存在"
        ),
        "question_zh asks whether something wrong is there (是否存在…): its yes means "
        "non-compliant, but the walk records yes as compliant; state the requirement (不得…)",
    ),
    (
        "question",
        re.compile(r"^\s*any\b.*[?？]\s*$", re.IGNORECASE | re.DOTALL),
        "question asks whether something wrong is there (Any …?): its yes means "
        "non-compliant, but the walk records yes as compliant; state the requirement (No …)",
    ),
)


def lint(
    path: str | Path,
    bundled: Mapping[str, Path],
    installed: Mapping[str, Path] | None = None,
    say: Say = english,
    *,
    found: bool = False,
) -> tuple[list[Problem], list[Problem]]:
    """(problems, warnings) of one checklist file; a file with problems has no warnings. The
    warnings: the id of a bundled checklist (`bundled`: id → file) taken by another file (among
    the user's checklists it replaces the bundled one, and reports, which know a checklist by
    its id, count the findings of both as one); against the user's installed checklist of the
    same id (`installed`), another file: a changed text under the same version, or an item
    whose grade, basis or reading changed (an item id keeps its meaning); then the file's own
    (`_Review`). `say`: how each is said (`english`, or `minecheck.i18n.t` to show them at
    once). `found`: met in a directory, not named (a pipe is then not read; a name whose
    suffix is `.toml` in another case, which the walk takes, is not read, as among the user's
    checklists). `path` is shown as it is given (a name kept as typed: `./--x.toml`). A file
    not read (the system refused it, or a device) is no checklist's problem: its
    UnreadableInput goes to the caller (an input not read, exit 2); one over the limit is
    lint's verdict."""
    from minecheck.fileio import read_limited

    if found and not os.fspath(path).endswith(".toml"):  # (the walk reads `X.TOML` too)
        # not read among the user's checklists (`checklist.discover`): said in its words
        message = say("not read: a checklist's file name ends in .toml")
        return [Problem("not-a-checklist-name", message, str(path))], []
    try:
        data = read_limited(path, MAX_CHECKLIST_BYTES, "checklist", pipe_ok=not found)
    except UnreadableInput:  # not read: no verdict of lint
        raise
    except InputError as exc:
        return [Problem(exc.code, exc.message_about(path), str(path))], []
    try:
        cl, doc = parse_with_document(data, str(path), stem_of(Path(path)), say)
    except InputError as exc:
        if exc.problems:
            return list(exc.problems), []
        message = exc.message_about(path)
        return [Problem(exc.code, message, str(path))], []
    positions = key_positions(data.decode("utf-8"))  # (a file over 1 MiB too: lint places all)
    warnings = _Review(str(path), positions, say).checklist(cl, doc)
    mine = (installed or {}).get(cl.id)
    if mine is not None and not _same_file(mine, Path(path), data):
        warnings = [*_against(cl, mine, positions, say), *warnings]
    other = bundled.get(cl.id)
    if other is None or _same_file(other, Path(path), data):
        return [], warnings
    message = say(
        "checklist id {id} is a bundled checklist's: among your checklists this file "
        "replaces the bundled one, and reports count the findings of both as one checklist; "
        "give it an id of its own unless it is meant to replace it",
        id=quoted_value(cl.id),
    )
    bundled_taken = _placed("replaces-bundled", message, str(path), positions, ("checklist", "id"))
    return [], [bundled_taken, *warnings]


def _placed(code: str, message: str, path: str, positions: Positions, where: KeyPath) -> Problem:
    """A warning at the key `where` (or the nearest written key that holds it)."""
    at = position_of(positions, where)
    line, column = at if at is not None else (None, None)
    return Problem(code, message, path, line, column)


def _against(cl: Checklist, path: Path, positions: Positions, say: Say = english) -> list[Problem]:
    """What a new text of an installed checklist (at `path`) changes that it should not."""
    try:
        old = load_checklist(path, found=True)
    except (InputError, OSError):
        return []  # `checklists list` says what is wrong with it
    if old.sha256 == cl.sha256:
        return []

    def at(where: KeyPath, code: str, message: str) -> Problem:
        return _placed(code, message, cl.source, positions, where)

    if old.version == cl.version:
        return [
            at(
                ("checklist", "version"),
                "same-version",
                say(
                    "version {version} is the version of the installed {id} ({path}), whose "
                    "text differs: give a changed checklist a new version",
                    version=quoted_value(cl.version),
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
                *first, last = [say(what) for what in changed]  # a, b and c; a、b、c
                said = say("{first} and {then}", first=first, then=last) if first else last
                out.append(
                    at(
                        ("section", s, "item", i, "id"),
                        "item-reused",
                        say(
                            "item {id} has another {changed} than in the installed version "
                            "{version}: an item id keeps its meaning from version to version "
                            "(give another requirement a new id)",
                            id=quoted_value(item.id),
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


class _Review:
    """The warnings of a valid checklist's own texts, each a text its author should read again,
    in the order the file is read: the header, its edition, then each section and its items."""

    def __init__(self, path: str, positions: Positions, say: Say = english) -> None:
        self.path = path
        self.positions = positions
        self.say = say
        self.warnings: list[Problem] = []

    def checklist(self, cl: Checklist, doc: Mapping[str, Any]) -> list[Problem]:
        """The warnings of `cl`, read from `doc` (the TOML, whose keys keep the file's order)."""
        header = doc["checklist"]
        self.chinese(header, ("checklist",))
        if "edition" in header:
            self.chinese(header["edition"], ("checklist", "edition"))
        for s, (section, table) in enumerate(zip(cl.sections, doc["section"], strict=True)):
            self.chinese(table, ("section", s))
            for i, (item, raw) in enumerate(zip(section.items, table["item"], strict=True)):
                self.item(item, raw, ("section", s, "item", i), cl.applies_to)
        return self.warnings

    def note(self, code: str, where: KeyPath, message: str) -> None:
        """A warning of kind `code` at the key `where`."""
        self.warnings.append(_placed(code, message, self.path, self.positions, where))

    def item(
        self, item: Item, table: Mapping[str, Any], where: KeyPath, kinds: tuple[str, ...]
    ) -> None:
        self.chinese(table, where)
        if _DOUBLE_NEGATIVE.search(item.question_zh):
            said = self.say(
                "question_zh asks whether something is not so (是否未…): its yes means "
                "compliant only through a double negative; state the requirement (不得…)"
            )
            self.note("double-negative", (*where, "question_zh"), said)
        for key, pattern, message in _ASKS_FOR_VIOLATION:
            if isinstance(table.get(key), str) and pattern.search(table[key]):
                self.note("asks-for-violation", (*where, key), self.say(message))
        self.check_reachable(item, kinds, where)
        if item.reading is not None:
            self.reading(item.reading, (*where, "reading"))

    def chinese(self, table: Mapping[str, Any], where: KeyPath) -> None:
        """Warn of a `*_zh` text without a Chinese character: a placeholder or the English copied
        and forgotten, which the walk in Chinese would show (a warning: a text may be a code)."""
        for key, value in table.items():
            if key.endswith("_zh") and isinstance(value, str) and not _CJK.search(value):
                message = self.say(
                    "{key} has no Chinese character: the walk in Chinese shows it as written",
                    key=key,
                )
                self.note("no-chinese", (*where, key), message)

    def reading(self, reading: Reading, where: KeyPath) -> None:
        """Warn of a percentage's limit outside 0–100: a limit written in another unit."""
        if not reading.unit.startswith("%"):
            return
        for key, number in reading.bounds().items():
            if not 0 <= number <= 100:
                message = self.say(
                    "reading {key} {number} is outside 0–100, but its unit {unit} is a "
                    "percentage: is the limit written in another unit?",
                    key=key,
                    number=f"{number:g}",
                    unit=reading.unit,
                )
                self.note("limit-unit", (*where, key), message)

    def check_reachable(self, item: Item, kinds: tuple[str, ...], where: KeyPath) -> None:
        """Warn of an item no inspection can reach: `inspect` takes only the checklist's own
        `kinds` of site, so a condition on other kinds alone leaves it not-applicable everywhere."""

        def elsewhere(tag: str) -> bool:
            return tag in SITE_KINDS and tag not in kinds

        outside = [tag for tag in item.applies_if_all if elsewhere(tag)]
        fields = {"id": quoted_value(item.id), "kinds": list(kinds)}
        if outside:
            key = "applies_if_all"
            message = self.say(
                "item {id} can never apply: applies_if_all names {tags}, and the checklist "
                "applies to {kinds} only",
                tags=outside,
                **fields,
            )
        elif item.applies_if and all(map(elsewhere, item.applies_if)):
            key = "applies_if"
            message = self.say(
                "item {id} can never apply: applies_if names only {tags}, and the checklist "
                "applies to {kinds} only",
                tags=item.applies_if,
                **fields,
            )
        else:
            return
        self.note("never-applies", (*where, key), message)
