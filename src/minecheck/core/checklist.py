"""Checklist definitions (SPEC 2.1): frozen models, and a loader reporting every problem at once."""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from minecheck.core.schema import Validator
from minecheck.core.tomlio import decode_text, parse_toml
from minecheck.core.tomlpos import KeyPath, position_of
from minecheck.errors import InputError, Problem

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
STANDARDS = ("CMHD", "MNM-UG", "MNM-OP", "MNM-TP", "WSL", "O16", "HM24", "AP24")
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
    r"|(?:O16|HM24|AP24)(?:-[1-9][0-9]?)?"
)

_ID_WORDS = "must be lowercase letters, digits and '-', starting with a letter or digit"
_ITEM_WORDS = "must be lowercase letters, digits, '.' and '-', starting with a letter or digit"
_CLAUSE_WORDS = (
    "is not a known clause code (CMHD-<4..18>.<n>, MNM-UG[-n], MNM-OP[-n], MNM-TP[-n], "
    "WSL-<n>, O16[-n], HM24[-n], AP24[-n])"
)

Severity = Literal["major", "general"]
Lang = Literal["en", "zh"]


@dataclass(frozen=True)
class Reading:
    unit: str
    min: float | None = None
    max: float | None = None

    def within(self, value: float) -> bool:
        """True when `value` is inside the limits (the limits themselves included)."""
        if self.min is not None and value < self.min:
            return False
        return not (self.max is not None and value > self.max)

    def limits(self) -> str:
        if self.min is not None and self.max is not None:
            return f"{self.min:g}–{self.max:g} {self.unit}"
        if self.max is not None:
            return f"≤ {self.max:g} {self.unit}"
        return f"≥ {self.min:g} {self.unit}"


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

    def text(self, lang: str) -> str:
        return self.question_zh if lang == "zh" else self.question

    def other_text(self, lang: str) -> str:
        return self.question if lang == "zh" else self.question_zh

    def guidance_in(self, lang: str) -> str | None:
        return self.guidance_zh if lang == "zh" else self.guidance

    def applies(self, tags: frozenset[str] | set[str]) -> bool:
        """Items without `applies_if` apply everywhere; others need one matching site tag."""
        return not self.applies_if or any(tag in tags for tag in self.applies_if)


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    title_zh: str
    items: tuple[Item, ...]

    def title_in(self, lang: str) -> str:
        return self.title_zh if lang == "zh" else self.title


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

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(item for section in self.sections for item in section.items)

    def item(self, item_id: str) -> Item | None:
        for item in self.items:
            if item.id == item_id:
                return item
        return None

    def section(self, section_id: str) -> Section:
        for section in self.sections:
            if section.id == section_id:
                return section
        raise KeyError(section_id)

    def title_in(self, lang: str) -> str:
        return self.title_zh if lang == "zh" else self.title

    def purpose_in(self, lang: str) -> str:
        return self.purpose_zh if lang == "zh" else self.purpose


_CHECKLIST_KEYS = ("id", "version", "title", "title_zh", "purpose", "purpose_zh", "applies_to")
_CHECKLIST_OPTIONAL = ("directives", "references")
_ITEM_REQUIRED = ("id", "question", "question_zh", "severity")
_ITEM_OPTIONAL = (
    "guidance",
    "guidance_zh",
    "basis",
    "directives",
    "evidence",
    "applies_if",
    "reading",
)


class _Loader:
    def __init__(self, path: str, text: str) -> None:
        self.v = Validator(path, text)
        self.item_seen: dict[str, KeyPath] = {}
        self.section_seen: dict[str, KeyPath] = {}

    def codes(
        self,
        table: Mapping[str, Any],
        key: str,
        where: KeyPath,
        allowed: tuple[str, ...],
        what: str,
    ) -> tuple[str, ...]:
        out = []
        for i, value in enumerate(self.v.string_list(table, key, where)):
            if value not in allowed:
                self.v.report((*where, key, i), "bad-value", f"unknown {what} {value!r}")
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
                f"checklist id {cid!r} differs from the file name {stem!r}",
            )
        version = table.get("version")
        if "version" in table:
            if not isinstance(version, str):
                v.report(
                    (*where, "version"),
                    "bad-type",
                    'version must be a string, e.g. version = "2024.1"',
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
        applies_to = self.codes(table, "applies_to", where, SITE_KINDS, "site kind")
        if (
            "applies_to" in table
            and isinstance(table["applies_to"], list)
            and not table["applies_to"]
        ):
            v.report(
                (*where, "applies_to"), "bad-value", "applies_to must name at least one site kind"
            )
        return {
            "id": cid,
            "version": version if isinstance(version, str) else None,
            **fields,
            "applies_to": applies_to,
            "directives": self.codes(table, "directives", where, DIRECTIVES, "directive"),
            "references": self.codes(table, "references", where, STANDARDS, "standard"),
        }

    def reading(self, value: Any, where: KeyPath) -> Reading | None:
        v = self.v
        if not v.typed(value, dict, where):
            return None
        v.keys(value, where, ("unit",), ("min", "max"), what="reading")
        unit = v.text(value, "unit", where, multiline=False)
        limits: dict[str, float] = {}
        for key in ("min", "max"):
            if key in value and v.typed(value[key], float, (*where, key)):
                number = float(value[key])
                if not math.isfinite(number):
                    v.report((*where, key), "bad-value", f"reading {key} must be a finite number")
                else:
                    limits[key] = number
        if "min" not in value and "max" not in value:
            v.report(where, "bad-value", "reading needs a min, a max or both")
        if "min" in limits and "max" in limits and limits["min"] > limits["max"]:
            v.report((*where, "min"), "bad-value", "reading min is greater than its max")
        if unit is None:
            return None
        return Reading(unit=unit, min=limits.get("min"), max=limits.get("max"))

    def item(self, table: Any, where: KeyPath, section_id: str) -> Item | None:
        v = self.v
        if not v.typed(table, dict, where):
            return None
        raw_id = table.get("id")
        what = f"item {raw_id!r}" if isinstance(raw_id, str) else "item"
        v.keys(table, where, _ITEM_REQUIRED, _ITEM_OPTIONAL, what=what)
        iid = v.string(table, "id", where)
        if iid is not None and v.pattern(iid, ITEM_ID, (*where, "id"), "item id", _ITEM_WORDS):
            if iid in self.item_seen:
                first = position_of(v.positions, (*self.item_seen[iid], "id"))
                at = f" (first at line {first[0]})" if first else ""
                v.report((*where, "id"), "duplicate-id", f"duplicate item id {iid!r}{at}")
            else:
                self.item_seen[iid] = where
        question = v.text(table, "question", where, multiline=False)
        question_zh = v.text(table, "question_zh", where, multiline=False)
        guidance = v.text(table, "guidance", where, multiline=True)
        guidance_zh = v.text(table, "guidance_zh", where, multiline=True)
        for have, missing in (("guidance", "guidance_zh"), ("guidance_zh", "guidance")):
            if have in table and missing not in table:
                v.report((*where, have), "missing-key", f"{have} is given but {missing} is missing")
        severity = v.choice(table, "severity", where, SEVERITIES)
        basis = []
        for i, code in enumerate(v.string_list(table, "basis", where)):
            if v.pattern(code, CLAUSE, (*where, "basis", i), "clause code", _CLAUSE_WORDS):
                basis.append(code)
        if severity == "major" and not table.get("basis"):
            v.report(
                (*where, "severity"),
                "missing-basis",
                'a major item must cite its clause in basis, e.g. basis = ["CMHD-5.1"]',
            )
        directives = self.codes(table, "directives", where, DIRECTIVES, "directive")
        evidence = v.choice(table, "evidence", where, EVIDENCE) or "none"
        applies_if = self.codes(table, "applies_if", where, TAGS, "site tag")
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
        )

    def section(self, table: Any, where: KeyPath) -> Section | None:
        v = self.v
        if not v.typed(table, dict, where):
            return None
        raw_id = table.get("id")
        what = f"section {raw_id!r}" if isinstance(raw_id, str) else "section"
        v.keys(table, where, ("id", "title", "title_zh", "item"), what=what)
        sid = v.string(table, "id", where)
        if sid is not None and v.pattern(sid, SECTION_ID, (*where, "id"), "section id", _ID_WORDS):
            if sid in self.section_seen:
                v.report((*where, "id"), "duplicate-id", f"duplicate section id {sid!r}")
            self.section_seen[sid] = where
        title = v.text(table, "title", where, multiline=False)
        title_zh = v.text(table, "title_zh", where, multiline=False)
        raw_items = table.get("item", [])
        items: list[Item] = []
        if "item" in table and v.typed(raw_items, list, (*where, "item")):
            if not raw_items:
                v.report((*where, "item"), "bad-value", "a section needs at least one item")
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


def parse_checklist(data: bytes, path: str, *, stem: str | None = None) -> Checklist:
    """Parse and validate checklist bytes; an InputError carries every problem found."""
    if len(data) > MAX_CHECKLIST_BYTES:
        raise InputError(
            f"{path} is too large for a checklist",
            problems=[
                Problem(
                    "too-large",
                    f"checklist is {len(data)} bytes, over the limit of {MAX_CHECKLIST_BYTES}",
                    path,
                )
            ],
        )
    text = decode_text(data, path)
    doc = parse_toml(text, path)
    loader = _Loader(path, text)
    fields = loader.load(doc, stem)
    problems = loader.v.problems
    if problems:
        count = len(problems)
        raise InputError(
            f"{path}: {count} problem{'s' if count != 1 else ''} in the checklist",
            problems=sorted(problems, key=lambda p: (p.line or 0, p.column or 0)),
            code="checklist-invalid",
        )
    return Checklist(
        **fields,
        sha256=hashlib.sha256(data).hexdigest(),
        source=path,
    )


def load_checklist(path: Path) -> Checklist:
    """Read and parse one checklist file; the id must equal the file stem."""
    from minecheck.fileio import read_limited

    data = read_limited(path, MAX_CHECKLIST_BYTES, "checklist")
    stem = path.stem if path.suffix == ".toml" else None
    return parse_checklist(data, str(path), stem=stem)


def lint(path: Path) -> list[Problem]:
    """Every problem of one checklist file (empty when it is valid)."""
    try:
        load_checklist(path)
    except InputError as exc:
        if exc.problems:
            return list(exc.problems)
        message = exc.message.removeprefix(f"{path}: ")
        return [Problem(exc.code, message, str(path))]
    return []


def discover(directories: list[Path]) -> dict[str, Path]:
    """Checklist id → file, from `*.toml` in each directory; an earlier directory wins."""
    found: dict[str, Path] = {}
    for directory in directories:
        if not directory.is_dir():
            continue
        for path in sorted(directory.glob("*.toml")):
            found.setdefault(path.stem, path)
    return found
