"""Checklist definitions (SPEC 2.1): frozen models, and a loader reporting every problem at once."""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from minecheck.core.sanitize import quoted, quoted_value
from minecheck.core.schema import Say, Validator, closest, english
from minecheck.core.tomlio import decode_text, parse_toml
from minecheck.core.tomlpos import KeyPath, position_of
from minecheck.errors import InputError, Problem
from minecheck.os_words import os_reason

MAX_CHECKLIST_BYTES = 4 * 1024 * 1024

SITE_KINDS = (
    "coal-underground",
    "coal-open-pit",
    "mnm-underground",
    "mnm-open-pit",
    "tailings-pond",
    "government",
    "department",
    "enterprise",
)
HAZARD_TAGS = (
    "high-gas",
    "outburst",
    "rock-burst",
    "spontaneous-combustion",
    "complex-hydrogeology",
    "under-construction",
)
TAGS = SITE_KINDS + HAZARD_TAGS
DIRECTIVES = tuple(f"D{n}" for n in range(1, 15))
STANDARDS = ("CMHD", "MNM-UG", "MNM-OP", "MNM-TP", "WSL", "O16", "HM24", "AP24", "CR24")
SEVERITIES = ("major", "general")
EVIDENCE = ("required", "recommended", "none")

CHECKLIST_ID = re.compile(r"[a-z0-9][a-z0-9-]{1,63}")
SECTION_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
ITEM_ID = re.compile(r"[a-z0-9][a-z0-9.-]{0,63}")
VERSION = re.compile(r"[0-9A-Za-z][0-9A-Za-z.+-]{0,31}")
CLAUSE = re.compile(
    r"CMHD-(?:[4-9]|1[0-8])\.[1-9][0-9]?"
    r"|MNM-(?:UG|OP|TP)(?:-[1-9][0-9]?)?"
    r"|WSL-[1-9][0-9]{0,2}"
    r"|CR24-[1-9][0-9]{0,2}"
    r"|(?:O16|HM24|AP24)(?:-[1-9][0-9]?)?"
)
# The listed situations of the criteria (the only grounds of a major hidden danger): situations
# per article of the coal criteria (MEM Order No. 4, 81 in all), and first-level situations of
# the metal/non-metal criteria (2022 edition, 64 in all).
CMHD_SITUATIONS = {4: 6, 5: 3, 6: 7, 7: 2, 8: 10, 9: 9, 10: 3, 11: 5, 12: 4}
CMHD_SITUATIONS |= {13: 6, 14: 3, 15: 4, 16: 5, 17: 3, 18: 11}
MNM_SITUATIONS = {"MNM-UG": 32, "MNM-OP": 13, "MNM-TP": 19}
CR24_ARTICLES = 80

_ID_WORDS = "must be 2 to 64 lowercase letters, digits and '-', starting with a letter or digit"
_SECTION_WORDS = (
    "must be 1 to 64 lowercase letters, digits and '-', starting with a letter or digit"
)
_ITEM_WORDS = (
    "must be 1 to 64 lowercase letters, digits, '.' and '-', starting with a letter or digit"
)
_CLAUSE_WORDS = (
    "is not a known clause code (CMHD-<4..18>.<n>, MNM-UG[-n], MNM-OP[-n], MNM-TP[-n], "
    "WSL-<n>, CR24-<n>, O16[-n], HM24[-n], AP24[-n])"
)
# A code of no standard lint knows is not a typo but a rule of the author's own (a province's
# campaign notice): `basis` is for the standards' clauses, which reports count by.
_CLAUSE_FAMILIES = ("CMHD-", "MNM-", "WSL-", "CR24-", "O16", "HM24", "AP24")
_OWN_CLAUSE_WORDS = (
    "is no code of a standard minecheck knows (CMHD, MNM-UG, MNM-OP, MNM-TP, WSL, CR24, O16, "
    "HM24, AP24): basis cites those only, which reports count by; cite a rule of your own in "
    "the item's guidance"
)


def listed_situation(code: str) -> bool:
    """True for a numbered situation of the coal or metal/non-metal criteria (a major's ground)."""
    if code.startswith("CMHD-"):
        article, _, number = code[5:].partition(".")
        return number.isdigit() and 1 <= int(number) <= CMHD_SITUATIONS.get(int(article), 0)
    prefix, _, number = code.rpartition("-")
    return (
        prefix in MNM_SITUATIONS and number.isdigit() and 1 <= int(number) <= MNM_SITUATIONS[prefix]
    )


def known_clause(code: str) -> bool:
    """True for a clause code that names a clause that exists (what lint asks of a basis)."""
    return CLAUSE.fullmatch(code) is not None and _clause_out_of_range(code) is None


def _clause_out_of_range(code: str, say: Say = english) -> str | None:
    """Why a well-formed clause code names no clause that exists, or None."""
    if code.startswith("CMHD-"):
        article = int(code[5:].split(".")[0])
        if not listed_situation(code):
            n = CMHD_SITUATIONS[article]
            return say(
                "clause code {code} is not a situation: Art. {article} lists {n}",
                code=quoted_value(code),
                article=article,
                n=n,
            )
    elif code.startswith("MNM-") and code.count("-") == 2 and not listed_situation(code):
        prefix = code.rpartition("-")[0]
        return say(
            "clause code {code} is not a situation: {prefix} lists {n}",
            code=quoted_value(code),
            prefix=prefix,
            n=MNM_SITUATIONS[prefix],
        )
    elif code.startswith("CR24-") and int(code[5:]) > CR24_ARTICLES:
        return say(
            "clause code {code} is not an article: CR24 has {n}",
            code=quoted_value(code),
            n=CR24_ARTICLES,
        )
    return None


Severity = Literal["major", "general"]
Lang = Literal["en", "zh"]


READING_BOUNDS = ("min", "max", "above", "below")


@dataclass(frozen=True)
class Reading:
    """A measured value's limits: `min`/`max` may be reached, `above`/`below` may not.

    `max = 1.0` says "must not exceed 1.0" (1.0 passes); `below = 1.5` says "reaching 1.5 is a
    breach" (1.5 fails). A reading has at most one lower and at most one upper bound.
    """

    unit: str
    min: float | None = None
    max: float | None = None
    above: float | None = None
    below: float | None = None

    def within(self, value: float) -> bool:
        """True when `value` is a finite number inside every bound; NaN and infinities never are."""
        if not math.isfinite(value):
            return False
        if self.min is not None and value < self.min:
            return False
        if self.above is not None and value <= self.above:
            return False
        if self.max is not None and value > self.max:
            return False
        return not (self.below is not None and value >= self.below)

    def below_zero(self) -> bool:
        """True when a value below zero can be read: a temperature (-5 °C at an intake shaft in
        winter), or a quantity whose limits go below zero (a pressure difference across a seal,
        `min = -50`). A concentration or share is never negative: a `-` there is a slip."""
        return self.unit.lstrip().startswith(("°", "℃", "℉")) or any(
            value < 0 for value in self.bounds().values()
        )

    def bounds(self) -> dict[str, float]:
        """The bounds that are set, by kind, as a checklist or a finding records them."""
        found = {key: getattr(self, key) for key in READING_BOUNDS}
        return {key: value for key, value in found.items() if value is not None}

    def limits(self) -> str:
        if self.min is not None and self.max is not None:
            return f"{self.min:g}–{self.max:g} {self.unit}"
        signs = {"min": "≥", "above": ">", "max": "≤", "below": "<"}
        parts = [f"{signs[key]} {value:g}" for key, value in self.bounds().items()]
        return f"{', '.join(parts)} {self.unit}"


@dataclass(frozen=True)
class Item:
    id: str
    section: str
    question: str
    question_zh: str
    severity: Severity
    basis: tuple[str, ...] = ()
    directives: tuple[str, ...] = ()
    evidence: str = "none"
    applies_if: tuple[str, ...] = ()
    guidance: str | None = None
    guidance_zh: str | None = None
    reading: Reading | None = None
    applies_if_all: tuple[str, ...] = ()

    def text(self, lang: str) -> str:
        return self.question_zh if lang == "zh" else self.question

    def guidance_in(self, lang: str) -> str | None:
        """The guidance in `lang` as it is shown (the walk's `?`, `checklists show`): without
        the blank lines it begins or ends with (a TOML multi-line string's first and last
        line breaks); those within it stay, as typed."""
        text = self.guidance_zh if lang == "zh" else self.guidance
        lines = (text or "").split("\n")
        while lines and not lines[-1].strip():
            lines.pop()
        while lines and not lines[0].strip():
            lines.pop(0)
        return "\n".join(lines) or None

    def applies(self, tags: frozenset[str] | set[str]) -> bool:
        """True when the site has one tag of `applies_if` (if given) and every tag of
        `applies_if_all` (if given); an item with neither applies everywhere."""
        if self.applies_if and not any(tag in tags for tag in self.applies_if):
            return False
        return all(tag in tags for tag in self.applies_if_all)

    def condition(self) -> str:
        """The site tags the item needs, in words: "outburst", "a and b", "one of x, y", "one of
        x, y, and a" (two tags of which any one will do never read as both)."""
        some = ", ".join(self.applies_if)
        every = " and ".join(self.applies_if_all)
        if len(self.applies_if) > 1:
            some = f"one of {some}"
            return f"{some}, and {every}" if every else some
        return f"{some} and {every}" if some and every else some or every


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    title_zh: str
    items: tuple[Item, ...]

    def title_in(self, lang: str) -> str:
        return self.title_zh if lang == "zh" else self.title


@dataclass(frozen=True)
class Edition:
    """Which edition of which standard a checklist implements."""

    standard: str
    standard_zh: str
    edition: str
    edition_zh: str
    in_force: dt.date | None = None
    note: str | None = None
    note_zh: str | None = None

    def standard_in(self, lang: str) -> str:
        return self.standard_zh if lang == "zh" else self.standard

    def edition_in(self, lang: str) -> str:
        return self.edition_zh if lang == "zh" else self.edition

    def note_in(self, lang: str) -> str | None:
        return self.note_zh if lang == "zh" else self.note


@dataclass(frozen=True)
class Checklist:
    id: str
    version: str
    title: str
    title_zh: str
    purpose: str
    purpose_zh: str
    applies_to: tuple[str, ...]
    directives: tuple[str, ...]
    references: tuple[str, ...]
    sections: tuple[Section, ...]
    sha256: str
    source: str
    edition: Edition | None = None

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(item for section in self.sections for item in section.items)

    def item(self, item_id: str) -> Item | None:
        for item in self.items:
            if item.id == item_id:
                return item
        return None

    def title_in(self, lang: str) -> str:
        return self.title_zh if lang == "zh" else self.title

    def purpose_in(self, lang: str) -> str:
        return self.purpose_zh if lang == "zh" else self.purpose


_CHECKLIST_KEYS = ("id", "version", "title", "title_zh", "purpose", "purpose_zh", "applies_to")
_CHECKLIST_OPTIONAL = ("directives", "references", "edition")
_EDITION_REQUIRED = ("standard", "standard_zh", "edition", "edition_zh")
_EDITION_OPTIONAL = ("in_force", "note", "note_zh")
_ITEM_REQUIRED = ("id", "question", "question_zh", "severity")
_ITEM_OPTIONAL = (
    "guidance",
    "guidance_zh",
    "basis",
    "directives",
    "evidence",
    "applies_if",
    "applies_if_all",
    "reading",
)


class _Loader:
    """Reads one checklist's parsed TOML; `say` makes each message from its template and fields
    (`english`, or `minecheck.i18n.t` where the problems are shown at once, as lint shows them)."""

    def __init__(self, path: str, text: str, say: Say = english) -> None:
        self.v = Validator(path, text, say)
        self.say = say
        self.item_seen: dict[str, KeyPath] = {}
        self.section_seen: dict[str, KeyPath] = {}

    def _once(
        self, seen: dict[str, KeyPath], ident: str, where: KeyPath, said: str, said_first: str
    ) -> None:
        """An id met at `where` is noted in `seen`; met again, it is reported as a duplicate
        (`said`), with the line where it was first met where that is known (`said_first`)."""
        if ident not in seen:
            seen[ident] = where
            return
        first = position_of(self.v.positions, (*seen[ident], "id"))
        message = (
            self.say(said_first, id=quoted_value(ident), line=first[0])
            if first
            else self.say(said, id=quoted_value(ident))
        )
        self.v.report((*where, "id"), "duplicate-id", message)

    def codes(
        self,
        table: Mapping[str, Any],
        key: str,
        where: KeyPath,
        allowed: tuple[str, ...],
        what: str,
        *,
        suggest: bool = False,
    ) -> tuple[str, ...]:
        """The known codes of a list; an unknown one is reported, with the tag it most likely
        meant when `suggest` (a tag's typo is likely: `outbrust`; a code's like `D1O` is not),
        else with the codes there are (an author naming a standard of the province's own would
        otherwise be left to guess what lint knows)."""
        out = []
        for i, value in enumerate(self.v.string_list(table, key, where)):
            if value not in allowed:
                close = closest(value, allowed) if suggest and not self.v.full else None
                said = (
                    self.say(
                        "unknown {what} {value}: one of {known}",
                        what=self.say(what),
                        value=quoted(value),
                        known=list(allowed),
                    )
                    if close is None
                    else self.say(
                        "unknown {what} {value}; did you mean {close}?",
                        what=self.say(what),
                        value=quoted(value),
                        close=quoted(close),
                    )
                )
                self.v.report((*where, key, i), "bad-value", said)
            else:
                out.append(value)
        return tuple(out)

    def header(self, table: Mapping[str, Any], stem: str | None) -> dict[str, Any]:
        where: KeyPath = ("checklist",)
        v = self.v
        v.keys(table, where, _CHECKLIST_KEYS, _CHECKLIST_OPTIONAL, what="[checklist]")
        cid = v.string(table, "id", where)
        valid_id = cid is not None and v.pattern(
            cid, CHECKLIST_ID, (*where, "id"), "checklist id", _ID_WORDS
        )
        if valid_id and stem is not None and cid != stem:
            v.report(
                (*where, "id"),
                "bad-value",
                self.say(
                    "checklist id {id} differs from the file name {stem}",
                    id=quoted(cid),
                    stem=quoted(stem),
                ),
            )
        version = table.get("version")
        if "version" in table:
            if not isinstance(version, str):
                v.report(
                    (*where, "version"),
                    "bad-type",
                    self.say('version must be a string, e.g. version = "2024.1"'),
                )
            else:
                v.pattern(
                    version,
                    VERSION,
                    (*where, "version"),
                    "version",
                    "must be letters, digits, '.', '+' or '-' (at most 32)",
                )
        fields = {k: v.text(table, k, where, multiline=False) for k in ("title", "title_zh")}
        fields |= {k: v.text(table, k, where, multiline=True) for k in ("purpose", "purpose_zh")}
        applies_to = self.codes(table, "applies_to", where, SITE_KINDS, "site kind", suggest=True)
        if (
            "applies_to" in table
            and isinstance(table["applies_to"], list)
            and not table["applies_to"]
        ):
            v.report(
                (*where, "applies_to"),
                "bad-value",
                self.say("applies_to must name at least one site kind"),
            )
        edition = self.edition(table["edition"]) if "edition" in table else None
        return {
            "id": cid,
            "version": version if isinstance(version, str) else None,
            "edition": edition,
            **fields,
            "applies_to": applies_to,
            "directives": self.codes(table, "directives", where, DIRECTIVES, "directive"),
            "references": self.codes(table, "references", where, STANDARDS, "standard"),
        }

    def edition(self, value: Any) -> Edition | None:
        v = self.v
        where: KeyPath = ("checklist", "edition")
        if not v.typed(value, dict, where):
            return None
        v.keys(value, where, _EDITION_REQUIRED, _EDITION_OPTIONAL, what="[checklist.edition]")
        texts = {k: v.text(value, k, where, multiline=False) for k in _EDITION_REQUIRED}
        notes = {k: v.text(value, k, where, multiline=True) for k in ("note", "note_zh")}
        for have, missing in (("note", "note_zh"), ("note_zh", "note")):
            if have in value and missing not in value:
                said = self.say(
                    "{have} is given but {missing} is missing", have=have, missing=missing
                )
                v.report((*where, have), "missing-key", said)
        in_force = value.get("in_force")
        if "in_force" in value and (
            not isinstance(in_force, dt.date) or isinstance(in_force, dt.datetime)
        ):
            v.report(
                (*where, "in_force"),
                "bad-type",
                self.say("in_force must be a date, e.g. in_force = 2021-01-01"),
            )
            in_force = None
        standard, standard_zh = texts["standard"], texts["standard_zh"]
        edition, edition_zh = texts["edition"], texts["edition_zh"]
        if standard is None or standard_zh is None or edition is None or edition_zh is None:
            return None
        return Edition(standard, standard_zh, edition, edition_zh, in_force, **notes)

    def reading(self, value: Any, where: KeyPath) -> Reading | None:
        v = self.v
        if not v.typed(value, dict, where):
            return None
        v.keys(value, where, ("unit",), READING_BOUNDS, what="reading")
        unit = v.text(value, "unit", where, multiline=False)
        limits: dict[str, float] = {}
        for key in READING_BOUNDS:
            if key in value and v.typed(value[key], float, (*where, key)):
                number = float(value[key])
                if not math.isfinite(number):
                    said = self.say("reading {key} must be a finite number", key=key)
                    v.report((*where, key), "bad-value", said)
                else:
                    limits[key] = number
        if not any(key in value for key in READING_BOUNDS):
            v.report(
                where,
                "bad-value",
                self.say(
                    "reading needs a bound: min or above (lower), max or below (upper), "
                    "or one of each"
                ),
            )
        for first, second in (("min", "above"), ("max", "below")):
            if first in value and second in value:
                v.report(
                    (*where, second),
                    "bad-value",
                    self.say(
                        "reading has both {first} and {second}: give one '{first}' (the limit "
                        "itself passes) or '{second}' (the limit itself fails)",
                        first=first,
                        second=second,
                    ),
                )
        low = limits.get("min", limits.get("above"))
        high = limits.get("max", limits.get("below"))
        if low is not None and high is not None:
            low_key = "min" if "min" in limits else "above"
            high_key = "max" if "max" in limits else "below"
            if low > high:
                message = self.say(
                    "reading {low} is greater than its {high}", low=low_key, high=high_key
                )
                v.report((*where, low_key), "bad-value", message)
            elif low == high and (low_key, high_key) != ("min", "max"):
                message = self.say(
                    "reading {low} and {high} leave no value compliant", low=low_key, high=high_key
                )
                v.report((*where, low_key), "bad-value", message)
        if unit is None:
            return None
        return Reading(
            unit=unit,
            min=limits.get("min"),
            max=limits.get("max"),
            above=limits.get("above"),
            below=limits.get("below"),
        )

    def item(self, table: Any, where: KeyPath, section_id: str) -> Item | None:
        v = self.v
        if not v.typed(table, dict, where):
            return None
        raw_id = table.get("id")
        what = self.say("item {id}", id=quoted_value(raw_id)) if isinstance(raw_id, str) else "item"
        v.keys(table, where, _ITEM_REQUIRED, _ITEM_OPTIONAL, what=what)
        iid = v.string(table, "id", where)
        if iid is not None and v.pattern(iid, ITEM_ID, (*where, "id"), "item id", _ITEM_WORDS):
            self._once(
                self.item_seen,
                iid,
                where,
                "duplicate item id {id}",
                "duplicate item id {id} (first at line {line})",
            )
        question = v.text(table, "question", where, multiline=False)
        question_zh = v.text(table, "question_zh", where, multiline=False)
        guidance = v.text(table, "guidance", where, multiline=True)
        guidance_zh = v.text(table, "guidance_zh", where, multiline=True)
        for have, missing in (("guidance", "guidance_zh"), ("guidance_zh", "guidance")):
            if have in table and missing not in table:
                said = self.say(
                    "{have} is given but {missing} is missing", have=have, missing=missing
                )
                v.report((*where, have), "missing-key", said)
        severity = v.choice(table, "severity", where, SEVERITIES)
        basis = []
        for i, code in enumerate(v.string_list(table, "basis", where)):
            words = (
                _CLAUSE_WORDS if code.upper().startswith(_CLAUSE_FAMILIES) else _OWN_CLAUSE_WORDS
            )
            if v.pattern(code, CLAUSE, (*where, "basis", i), "clause code", words):
                wrong = _clause_out_of_range(code, self.say)
                if wrong is not None:
                    v.report((*where, "basis", i), "bad-value", wrong)
                else:
                    basis.append(code)
        if severity == "major" and not table.get("basis"):
            v.report(
                (*where, "severity"),
                "missing-basis",
                self.say('a major item must cite its clause in basis, e.g. basis = ["CMHD-5.1"]'),
            )
        elif severity == "major" and basis and not any(map(listed_situation, basis)):
            v.report(
                (*where, "severity"),
                "major-not-listed",
                self.say(
                    "a major item must cite a listed situation (CMHD-<article>.<n> or "
                    "MNM-UG/OP/TP-<n>) in basis, not only {basis}; otherwise grade it general",
                    basis=list(basis),
                ),
            )
        directives = self.codes(table, "directives", where, DIRECTIVES, "directive")
        evidence = v.choice(table, "evidence", where, EVIDENCE) or "none"
        applies_if = self.codes(table, "applies_if", where, TAGS, "site tag", suggest=True)
        applies_if_all = self.codes(table, "applies_if_all", where, TAGS, "site tag", suggest=True)
        self.check_conditions(table, where)
        reading = (
            self.reading(table["reading"], (*where, "reading")) if "reading" in table else None
        )
        if iid is None or question is None or question_zh is None or severity is None:
            return None
        return Item(
            id=iid,
            section=section_id,
            question=question,
            question_zh=question_zh,
            severity="major" if severity == "major" else "general",
            basis=tuple(basis),
            directives=directives,
            evidence=evidence,
            applies_if=applies_if,
            guidance=guidance,
            guidance_zh=guidance_zh,
            reading=reading,
            applies_if_all=applies_if_all,
        )

    def check_conditions(self, table: Mapping[str, Any], where: KeyPath) -> None:
        """Misuse of `applies_if` (any of) and `applies_if_all` (all of)."""
        v = self.v
        lists: dict[str, list[Any]] = {}
        for key in ("applies_if", "applies_if_all"):
            value = table.get(key)
            if not isinstance(value, list):
                continue
            lists[key] = value
            if not value:
                said = self.say("{key} must name at least one site tag", key=key)
                v.report((*where, key), "bad-value", said)
            seen: set[str] = set()
            for i, tag in enumerate(value):
                if not isinstance(tag, str):  # reported where the tags are read
                    continue
                if tag in seen:
                    said = self.say("{key} names {tag} twice", key=key, tag=quoted(tag))
                    v.report((*where, key, i), "bad-value", said)
                seen.add(tag)
        every = lists.get("applies_if_all", [])
        if len(every) == 1 and "applies_if" not in lists:
            v.report(
                (*where, "applies_if_all"),
                "bad-value",
                self.say("applies_if_all with one tag says the same as applies_if; use applies_if"),
            )
        for i, tag in enumerate(lists.get("applies_if", [])):
            if isinstance(tag, str) and tag in every:
                v.report(
                    (*where, "applies_if", i),
                    "bad-value",
                    self.say(
                        "{tag} is in both applies_if and applies_if_all; "
                        "applies_if_all already requires it",
                        tag=quoted(tag),
                    ),
                )

    def section(self, table: Any, where: KeyPath) -> Section | None:
        v = self.v
        if not v.typed(table, dict, where):
            return None
        raw_id = table.get("id")
        what = (
            self.say("section {id}", id=quoted_value(raw_id))
            if isinstance(raw_id, str)
            else "section"
        )
        v.keys(table, where, ("id", "title", "title_zh", "item"), what=what)
        sid = v.string(table, "id", where)
        if sid is not None and v.pattern(
            sid, SECTION_ID, (*where, "id"), "section id", _SECTION_WORDS
        ):
            self._once(
                self.section_seen,
                sid,
                where,
                "duplicate section id {id}",
                "duplicate section id {id} (first at line {line})",
            )
        title = v.text(table, "title", where, multiline=False)
        title_zh = v.text(table, "title_zh", where, multiline=False)
        raw_items = table.get("item", [])
        items: list[Item] = []
        if "item" in table and v.typed(raw_items, list, (*where, "item")):
            if not raw_items:
                said = self.say("a section needs at least one item")
                v.report((*where, "item"), "bad-value", said)
            for i, raw in enumerate(raw_items):
                item = self.item(raw, (*where, "item", i), sid or "")
                if item is not None:
                    items.append(item)
        if sid is None or title is None or title_zh is None:
            return None
        return Section(id=sid, title=title, title_zh=title_zh, items=tuple(items))

    def load(self, doc: dict[str, Any], stem: str | None) -> dict[str, Any]:
        v = self.v
        v.keys(doc, (), ("checklist", "section"), what="the checklist file")
        header: dict[str, Any] = {}
        if "checklist" in doc and v.typed(doc["checklist"], dict, ("checklist",)):
            header = self.header(doc["checklist"], stem)
        sections: list[Section] = []
        raw_sections = doc.get("section")
        if "section" in doc and v.typed(raw_sections, list, ("section",)):
            assert isinstance(raw_sections, list)
            for i, raw in enumerate(raw_sections):
                section = self.section(raw, ("section", i))
                if section is not None:
                    sections.append(section)
        return {**header, "sections": tuple(sections)}


def parse_checklist(
    data: bytes, path: str, *, stem: str | None = None, say: Say = english
) -> Checklist:
    """Parse and validate checklist bytes; an InputError carries every problem found, each
    said by `say` (see `_Loader`)."""
    return parse_with_document(data, path, stem, say)[0]


def parse_with_document(
    data: bytes, path: str, stem: str | None, say: Say = english
) -> tuple[Checklist, dict[str, Any]]:
    """(the checklist, the TOML document it was read from, in which lint looks for what an
    author should read again); an InputError carries every problem found."""
    if len(data) > MAX_CHECKLIST_BYTES:
        raise InputError(
            say("{path} is too large for a checklist", path=path),
            problems=[
                Problem(
                    "too-large",
                    say(
                        "checklist is {size} bytes, over the limit of {limit}",
                        size=len(data),
                        limit=MAX_CHECKLIST_BYTES,
                    ),
                    path,
                )
            ],
            path=f"{path}",
        )
    text = decode_text(data, path, written_by_hand=True, keep_name=True)
    if not text.strip():  # said as every command says it of an empty document
        problem = Problem("empty", say("the file is empty"), path)
        said = say("{path}: the file is empty", path=path)
        raise InputError(said, problems=[problem], code="checklist-invalid", path=f"{path}")
    doc = parse_toml(text, path)
    loader = _Loader(path, text, say)
    fields = loader.load(doc, stem)
    problems = loader.v.problems
    if problems:
        count = len(problems)
        said = (
            say("{path}: {count} problem in the checklist", path=path, count=count)
            if count == 1
            else say("{path}: {count} problems in the checklist", path=path, count=count)
        )
        raise InputError(
            said,
            problems=sorted(problems, key=lambda p: (p.line or 0, p.column or 0)),
            code="checklist-invalid",
        )
    checklist = Checklist(
        **fields,
        sha256=hashlib.sha256(data).hexdigest(),
        source=path,
    )
    return checklist, doc


def load_checklist(path: Path, *, found: bool = False, say: Say = english) -> Checklist:
    """Read and parse one checklist file; the id must equal the file stem.

    `found`: the file was found in a directory, not named, so only a regular file is read.
    `say`: how its problems are said (see `_Loader`).
    """
    from minecheck.fileio import read_limited

    data = read_limited(path, MAX_CHECKLIST_BYTES, "checklist", pipe_ok=not found)
    return parse_checklist(data, str(path), stem=stem_of(path), say=say)


def stem_of(path: Path) -> str | None:
    """What a checklist's id must equal: its file's name without `.toml`; None for a name of
    another ending (a pipe, `/dev/stdin`), which the id need not match."""
    return path.stem if path.suffix == ".toml" else None


def discover(directories: list[Path]) -> dict[str, Path]:
    """Checklist id → file, from `*.toml` in each directory; an earlier directory wins."""
    return discover_checklists(directories)[0]


def discover_checklists(
    directories: list[Path], say: Say = english
) -> tuple[dict[str, Path], list[Problem]]:
    """(checklist id → file, problems): regular `*.toml` files in each directory, an earlier
    directory winning; a FIFO, a directory or a broken link named `*.toml` is a problem, never
    opened (a FIFO would block the reader), and so is a name that looks meant as a checklist's
    but does not end in `.toml` (`x.toml.txt`, `X.TOML`). `say`: how each is said."""
    import stat

    from minecheck.fileio import LINK_TO_NOTHING, special_kind

    found: dict[str, Path] = {}
    problems: list[Problem] = []

    def said_by_os(exc: OSError) -> str:  # the system's words, in the language `say` speaks
        return os_reason(exc, "en" if say is english else None)

    for directory in directories:
        try:
            with os.scandir(directory) as listing:
                entries = sorted((e for e in listing if ".toml" in e.name.lower()), key=_name)
        except FileNotFoundError:
            continue
        except OSError as exc:
            if not isinstance(exc, NotADirectoryError):
                reason = say("cannot list this directory: {reason}", reason=said_by_os(exc))
                problems.append(Problem("unlistable", reason, str(directory)))
            continue
        for entry in entries:
            path = Path(entry.path)
            if not entry.name.endswith(".toml"):  # `x.toml.txt` (Notepad), `X.TOML`: said
                message = say("not read: a checklist's file name ends in .toml")
                problems.append(Problem("not-a-checklist-name", message, str(path)))
                continue
            try:
                mode = os.stat(entry.path).st_mode  # follows a link to what it names
            except OSError as exc:
                what = (  # (a link: in the words every other reader says of one)
                    say(LINK_TO_NOTHING)
                    if entry.is_symlink()
                    else say("cannot be read: {reason}", reason=said_by_os(exc))
                )
                problems.append(Problem("unreadable", what, str(path)))
                continue
            if stat.S_ISREG(mode):
                found.setdefault(path.stem, path)
            elif stat.S_ISDIR(mode):
                said = say("a directory, not a checklist")
                problems.append(Problem("not-a-file", said, str(path)))
            else:
                message = say("not a regular file ({kind})", kind=say(special_kind(mode)))
                problems.append(Problem("not-a-file", message, str(path)))
    return found, problems


def _name(entry: os.DirEntry[str]) -> str:
    return entry.name
