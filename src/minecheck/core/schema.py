"""A small validator for parsed TOML: keys and types, every problem kept with its position."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cached_property
from typing import Any

from minecheck.core.sanitize import (
    LONE_SURROGATE,
    looks_like_markup,
    quoted,
    quoted_value,
    unsafe_characters_but_joiners_needed,
)
from minecheck.core.tomlpos import POSITIONS_MAX, KeyPath, Positions, key_positions, position_of
from minecheck.errors import MAX_PROBLEMS, Problem

_TYPE_NAMES: dict[type, str] = {
    str: "a string",
    bool: "true or false",
    int: "an integer",
    float: "a number",
    list: "an array",
    dict: "a table",
}
_JSON_NAMES: dict[type, str] = {**_TYPE_NAMES, dict: "an object"}  # (an input read as JSON)


Say = Callable[..., str]


def is_text(value: str) -> bool:
    """No lone surrogate in `value` (what `Validator.characters` reports)."""
    return value.isprintable() or LONE_SURROGATE.search(value) is None


def fits_float(value: int) -> bool:
    """Whether an integer converts to a float: TOML and JSON readers give integers of any length
    (up to 4,300 digits), and one of 309 digits or more makes `float()` raise OverflowError."""
    try:
        float(value)
    except OverflowError:
        return False
    return True


def english(message: str, /, **fields: object) -> str:
    """A message as written, its fields filled in: what a document's problems say, cached or not."""
    from minecheck.i18n import listed

    return message.format(**listed(fields, "en")) if fields else message


def closest(given: str, known: Iterable[str]) -> str | None:
    """The one known name a typo most likely meant, if any is close enough."""
    import difflib

    found = difflib.get_close_matches(given, sorted(known), n=1)
    return found[0] if found else None


def dotted(path: KeyPath) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def listed(problems: list[Problem], more: int, path: str, say: Say = english) -> list[Problem]:
    """`problems` (at most MAX_PROBLEMS of a file's faults), and a last one saying how many
    `more` were found but not listed, if any: one way for a schema's, an answers file's and a
    trust list's faults."""
    if not more:
        return problems
    if more == 1:
        words = say("and 1 more problem, not listed")
    else:
        words = say("and {count} more problems, not listed", count=more)
    return [*problems, Problem("too-many-problems", words, path)]


def capped(problems: Sequence[Problem], more: int, path: str, say: Say = english) -> list[Problem]:
    """A file's faults found by several checks, said as `listed` says them: the first
    MAX_PROBLEMS, then one line counting the rest and the `more` found beyond those kept."""
    kept = list(problems[:MAX_PROBLEMS])
    return listed(kept, more + len(problems) - len(kept), path, say)


class Validator:
    """Collects problems for one file; `path` is how the file was named on the command line.

    `say` makes each message from its template and fields: `english` (the default) for documents,
    whose problems are kept in the cache and translated when shown, or `minecheck.i18n.t` where
    the problems are shown at once in the person's language (an answers file). `json` names
    the types as JSON does, for an input read as JSON.
    """

    MAX_PROBLEMS = MAX_PROBLEMS  # kept per file; beyond, only counted (a hostile file has millions)

    def __init__(
        self, path: str, text: str | None, say: Say = english, *, json: bool = False
    ) -> None:
        self.path = path
        self.say = say
        self.json = json  # JSON's names for the types (an object, not a table)
        self.source = text if text is None or len(text) <= POSITIONS_MAX else None
        self.problems: list[Problem] = []
        self.more = 0  # problems found beyond MAX_PROBLEMS

    def finish(self) -> list[Problem]:
        """The problems, and a last one saying how many more there were, if any."""
        return listed(self.problems, self.more, self.path, self.say)

    @cached_property
    def positions(self) -> Positions:
        """Where each key stands; only worked out once a problem needs a position."""
        return key_positions(self.source) if self.source is not None else {}

    @property
    def full(self) -> bool:
        """Whether a problem found now would only be counted: its words need not be made."""
        return len(self.problems) >= self.MAX_PROBLEMS

    def report(self, where: KeyPath, code: str, message: str) -> None:
        if self.full:
            self.more += 1
            return
        pos = position_of(self.positions, where)
        if pos is None:
            text = f"{dotted(where)}: {message}" if where else message
            self.problems.append(Problem(code, text, self.path))
        else:
            self.problems.append(Problem(code, message, self.path, pos[0], pos[1]))

    def keys(
        self,
        table: Mapping[str, Any],
        where: KeyPath,
        required: Iterable[str],
        optional: Iterable[str] = (),
        what: str = "table",
    ) -> None:
        """Report missing required keys and unknown keys."""
        req = list(required)
        allowed = set(req) | set(optional)
        for key in table:
            if key not in allowed:
                if self.full:  # (the typo each meant was looked for: 40,000 keys, 11 s)
                    self.more += 1
                    continue
                close = closest(key, allowed) if isinstance(key, str) else None
                message = (
                    self.say(
                        "unknown key {key} in {what}; did you mean {close}?",
                        key=quoted(key),
                        what=self.say(what),
                        close=quoted(close),
                    )
                    if close is not None
                    else self.say(
                        "unknown key {key} in {what}", key=quoted(key), what=self.say(what)
                    )
                )
                self.report((*where, key), "unknown-key", message)
        for key in req:
            if key not in table:
                message = self.say(
                    "missing required key {key} in {what}", key=quoted(key), what=self.say(what)
                )
                self.report(where, "missing-key", message)

    def typed(self, value: Any, expected: type, where: KeyPath) -> bool:
        ok = isinstance(value, expected) and not (expected is int and isinstance(value, bool))
        if expected is float and isinstance(value, int) and not isinstance(value, bool):
            ok = True
        if not ok:
            name = dotted(where[-1:]) or "value"
            kind = (_JSON_NAMES if self.json else _TYPE_NAMES).get(expected, expected.__name__)
            self.report(
                where, "bad-type", self.say("{name} must be {kind}", name=name, kind=self.say(kind))
            )
        elif expected is float and type(value) is int and not fits_float(value):
            name = dotted(where[-1:]) or "value"
            said = self.say("{name} is too large a number (more than 1.8e308)", name=name)
            self.report(where, "bad-value", said)
            return False
        return ok

    def string(self, table: Mapping[str, Any], key: str, where: KeyPath) -> str | None:
        if key not in table:
            return None
        value = table[key]
        if not self.typed(value, str, (*where, key)) or not self.characters(value, key, where):
            return None
        return str(value)

    def characters(self, value: str, key: str, where: KeyPath) -> bool:
        """Report a lone surrogate: JSON's `\\ud800` alone, or a byte of the command line that
        is not UTF-8, reaches Python as one. It is no character, so no TOML can hold it (a
        document written with it would be signed, and malformed)."""
        if value.isprintable() or not (half := LONE_SURROGATE.search(value)):
            return True  # (docschema's quick reader asks `is_text` the same question)
        code = f"\\u{ord(half.group()):04x}"
        message = self.say(
            "{key} holds {code}, half of a UTF-16 surrogate pair and no character of its own",
            key=key,
            code=code,
        )
        self.report((*where, key), "bad-text", message)
        return False

    def text(
        self, table: Mapping[str, Any], key: str, where: KeyPath, multiline: bool
    ) -> str | None:
        """A human-readable text: no control or format characters (but a joiner its spelling
        needs, as a name may hold one), no terminal markup."""
        value = self.string(table, key, where)
        if value is None:
            return None
        at = (*where, key)
        if not value.strip():
            self.report(at, "bad-text", self.say("{key} must not be empty", key=key))
        for _, ch in unsafe_characters_but_joiners_needed(value):  # (as a name takes them)
            if multiline and ch == "\n":
                continue
            said = (
                self.say("{key} is one line: a line break is in it (join its lines)", key=key)
                if ch == "\n"  # (a TOML multi-line string wrapping a long question)
                else self.say(
                    "{key} contains the control or format character {code}",
                    key=key,
                    code=f"U+{ord(ch):04X}",
                )
            )
            self.report(at, "bad-text", said)
            break
        if looks_like_markup(value):
            self.report(
                at,
                "bad-text",
                self.say(
                    "{key} contains text in square brackets that looks like terminal markup",
                    key=key,
                ),
            )
        return value

    def pattern(
        self, value: str, regex: re.Pattern[str], where: KeyPath, what: str, expected: str
    ) -> bool:
        """Report `value` unless it matches; `expected` says in words what would."""
        if regex.fullmatch(value) is None:
            said = self.say(
                "{what} {value} {expected}",
                what=self.say(what),
                value=quoted_value(value),
                expected=self.say(expected),
            )
            self.report(where, "bad-value", said)
            return False
        return True

    def string_list(self, table: Mapping[str, Any], key: str, where: KeyPath) -> list[str]:
        if key not in table:
            return []
        value = table[key]
        at = (*where, key)
        if not self.typed(value, list, at):
            return []
        out: list[str] = []
        for i, entry in enumerate(value):
            if not isinstance(entry, str):
                message = self.say("{key} must hold only strings", key=key)
                self.report((*at, i), "bad-type", message)
                continue
            if not self.characters(entry, key, (*where,)):
                continue
            out.append(entry)
        return out

    def choice(
        self, table: Mapping[str, Any], key: str, where: KeyPath, choices: Iterable[str]
    ) -> str | None:
        value = self.string(table, key, where)
        options = list(choices)
        if value is not None and value not in options:
            self.report(
                (*where, key),
                "bad-value",
                self.say(
                    "{key} must be one of {choices}, not {value}",
                    key=key,
                    choices=list(options),
                    value=quoted_value(value),
                ),
            )
            return None
        return value
