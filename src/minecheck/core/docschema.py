"""Reading documents: the strict schema of findings and follow-up bodies, with positions.

Every problem is reported at once, each at the line and column of the key that carries it.
"""

from __future__ import annotations

import datetime as dt
import math
import operator
import re
from collections.abc import Mapping, Sequence
from typing import Any

from minecheck.core.documents import (
    ACTIONS,
    CHECKLIST_ID,
    EARLIEST_YEAR,
    FINDING_REF,
    FINDING_TEXT_FIELDS,
    FINDINGS,
    FINGERPRINT,
    FOLLOWUP,
    FORMATS,
    FUTURE_SLACK,
    IMMEDIATE,
    ITEM_ID,
    LANGUAGES,
    LATEST_YEAR,
    MERGED,
    METHODS,
    MODES,
    PRINCIPAL,
    RESULTS,
    SEVERITIES,
    SHA256_HEX,
    UUID4,
    Document,
    Event,
    Evidence,
    Finding,
    FindingsDoc,
    FollowUpDoc,
    Header,
    Inspection,
    MergedDoc,
    ReadingValue,
    evidence_path_problem,
    forget_shared,
    plain_finding,
    sharing,
)
from minecheck.core.sanitize import quoted
from minecheck.core.schema import Say, Validator, english, is_text
from minecheck.core.tomlio import Pieces
from minecheck.core.tomlpos import KeyPath
from minecheck.errors import Problem

_UUID_WORDS = "must be a lowercase UUID version 4"
_PRINCIPAL_WORDS = "must be an ASCII principal like name@unit.example (lowercase)"
_FINGERPRINT_WORDS = "must be SHA256:…"
_DIGEST_WORDS = "must be 64 hex digits"
_ITEM_ID_WORDS = "is not a valid item id"
_CHECKLIST_ID_WORDS = "is not valid"
_CHECKLIST_DIGEST_WORDS = "is bad"
_REF_WORDS = "must be <inspection id>/<item>"
# Each field held to a shape and the words that say so (`inspection id 'x' must be ...`): a
# document's problems keep them in English, and a report says them in Chinese by their
# catalogue entries (report/reasons_zh.py).
SHAPES = (
    ("document_id", _UUID_WORDS),
    ("signer", _PRINCIPAL_WORDS),
    ("signer_key", _FINGERPRINT_WORDS),
    ("sha256", _DIGEST_WORDS),
    ("item", _ITEM_ID_WORDS),
    ("inspection id", _UUID_WORDS),
    ("checklist", _CHECKLIST_ID_WORDS),
    ("checklist_sha256", _CHECKLIST_DIGEST_WORDS),
    ("finding", _REF_WORDS),
)
_NONCOMPLIANT_ONLY = ("severity", "basis", "deadline", "immediate", *FINDING_TEXT_FIELDS)
_FINDING_KEYS = frozenset(("item", "result", *_NONCOMPLIANT_ONLY, "reading", "note", "evidence"))
_NONCOMPLIANT_KEYS = frozenset(_NONCOMPLIANT_ONLY)
_TEXT_KEYS = (*FINDING_TEXT_FIELDS, "note")
_READING_KEYS = frozenset(("value", "unit", "min", "max", "above", "below"))
_EVIDENCE_KEYS = frozenset(("path", "sha256", "bytes"))
_SEVERITY_SET = frozenset(SEVERITIES)
_RESULT_SET = frozenset(RESULTS)
_IMMEDIATE_SET = frozenset(IMMEDIATE)
_item_ok = ITEM_ID.fullmatch
_sha_ok = SHA256_HEX.fullmatch
_is_text = is_text


def _strings(value: Any) -> tuple[str, ...] | None:
    """A list holding only strings, as a tuple; None for anything else."""
    if type(value) is not list:
        return None
    for entry in value:
        if type(entry) is not str or not _is_text(entry):
            return None
    return tuple(value)


_FLOAT_SAFE = 2**1023  # an integer below this in size converts to a float (the full reader
# decides on a larger one, which may be too large for a float)


def _number(value: Any) -> bool:
    kind = type(value)
    return (kind is float and math.isfinite(value)) or (
        kind is int and -_FLOAT_SAFE < value < _FLOAT_SAFE
    )


def _quick_reading(raw: Any) -> ReadingValue | None:
    if type(raw) is not dict or not raw.keys() <= _READING_KEYS:
        return None
    value: Any = raw.get("value")
    unit = raw.get("unit")
    if not _number(value) or type(unit) is not str or not _is_text(unit):
        return None
    bounds: dict[str, float | None] = {}
    for k in ("min", "max", "above", "below"):
        bound = raw.get(k)
        if bound is not None and not _number(bound):
            return None
        bounds[k] = None if bound is None else float(bound)
    return ReadingValue(float(value), unit, **bounds)


def _quick_evidence(raw: Any) -> tuple[Evidence, ...] | None:
    if type(raw) is not list:
        return None
    out = []
    for ev in raw:
        if type(ev) is not dict or ev.keys() != _EVIDENCE_KEYS:
            return None
        path, digest, size = ev["path"], ev["sha256"], ev["bytes"]
        if type(path) is not str or type(digest) is not str or type(size) is not int:
            return None
        if not _is_text(path):
            return None
        if size < 0 or _sha_ok(digest) is None or evidence_path_problem(path) is not None:
            return None
        out.append(Evidence(path, digest, size))
    return tuple(out)


# Findings of item and result alone met valid, by (item, result): such a finding is valid
# wherever it is met again (nothing else decides), so the next is not checked again. Bounded.
_VALID_PLAIN: dict[tuple[str, str], Finding] = {}


def _quick_finding(raw: Any) -> Finding | None:
    """The finding, when it is plainly valid; None when the full reader must look (and report).

    Accepts exactly what `_Reader.finding` accepts without a problem, with the same result, by
    checking precomputed key sets and exact types; anything unusual goes to the full reader.
    """
    if type(raw) is not dict:
        return None
    item, result = raw.get("item"), raw.get("result")
    if type(item) is not str or type(result) is not str:
        return None
    if len(raw) == 2:  # most findings: item and result alone
        pair = (item, result)
        known = _VALID_PLAIN.get(pair)
        if known is not None:
            return known
        if result == "noncompliant" or result not in _RESULT_SET or _item_ok(item) is None:
            return None
        if len(_VALID_PLAIN) >= 100_000:
            _VALID_PLAIN.clear()
        known = _VALID_PLAIN[pair] = plain_finding(item, result)
        return known
    if result not in _RESULT_SET:
        return None
    keys = raw.keys()
    if not keys <= _FINDING_KEYS:
        return None
    if _item_ok(item) is None:
        return None
    severity = raw.get("severity")
    basis: tuple[str, ...] | None = ()
    immediate: tuple[str, ...] | None = ()
    deadline = None
    if result == "noncompliant":
        if type(severity) is not str or severity not in _SEVERITY_SET:
            return None
        if "basis" in raw:
            basis = _strings(raw["basis"])
            if basis is None:
                return None
        if severity == "major" and not basis:
            return None
        if "immediate" in raw:
            immediate = _strings(raw["immediate"])
            if immediate is None or not _IMMEDIATE_SET.issuperset(immediate):
                return None
        if "deadline" in raw:
            deadline = raw["deadline"]
            if type(deadline) is not dt.date:
                return None
    elif not keys.isdisjoint(_NONCOMPLIANT_KEYS):
        return None
    text: dict[str, str | None] = {}
    for k in _TEXT_KEYS:
        value = raw.get(k)
        if (value is not None or k in raw) and (type(value) is not str or not _is_text(value)):
            return None  # a key present but not a string, or no text: the full reader says why
        text[k] = value
    reading = None
    if "reading" in raw:
        reading = _quick_reading(raw["reading"])
        if reading is None:
            return None
    evidence: tuple[Evidence, ...] | None = ()
    if "evidence" in raw:
        evidence = _quick_evidence(raw["evidence"])
        if evidence is None:
            return None
    share = sharing()
    return Finding(
        item=share(item, item),
        result=share(result, result),
        severity=share(severity, severity),
        basis=share(basis, basis),
        deadline=share(deadline, deadline),
        immediate=share(immediate, immediate),
        reading=reading,
        evidence=evidence,  # type: ignore[arg-type]
        **{k: share(value, value) for k, value in text.items()},
    )


# A document of more findings is read one finding at a time, each table let go as it is read:
# read whole, a document of a million tiny findings took a third more memory.
WHOLE_MAX = 10_000
_ITEM_AND_RESULT = operator.itemgetter("item", "result")
_ITEM_OF = operator.attrgetter("item")


def _plainly_valid(raw: list[Any]) -> tuple[Finding, ...] | None:
    """Every finding of `raw` when each is plainly valid (`_quick_finding`) and no item repeats;
    None when the full reader must look (and report). The same findings the full reader gives.

    Most findings are item and result alone, met valid before (`_VALID_PLAIN`): they are looked
    up by whole lists (map, in C), and only the others go one by one through `_quick_finding`.
    """
    try:
        pairs = list(map(_ITEM_AND_RESULT, raw))  # KeyError, TypeError: not plain, or no table
        known: list[Finding | None] = list(map(_VALID_PLAIN.get, pairs))  # TypeError: unhashable
    except (KeyError, TypeError):
        return None
    found = [f if n == 2 else None for f, n in zip(known, map(len, raw), strict=True)]
    i = -1
    try:
        while True:
            i = found.index(None, i + 1)
            found[i] = _quick_finding(raw[i])
            if found[i] is None:
                return None
    except ValueError:  # none left
        pass
    done: list[Finding] = found  # type: ignore[assignment]  # (no None left)
    if len(set(map(_ITEM_OF, done))) != len(done):
        return None  # an item repeats
    return tuple(done)


_EARLIEST, _LATEST = EARLIEST_YEAR, LATEST_YEAR  # the years a document's times may name
_NO_TIME = dt.datetime.min.replace(tzinfo=dt.UTC)  # a time missing or refused (reported already)


class _Reader:
    def __init__(self, v: Validator, consume: bool = False) -> None:
        self.v = v
        self.consume = consume

    def opt_text(self, table: Mapping[str, Any], key: str, where: KeyPath) -> str | None:
        return self.v.string(table, key, where)

    def req(self, table: Mapping[str, Any], key: str, where: KeyPath) -> str:
        return self.v.string(table, key, where) or ""

    def shaped(
        self,
        table: Mapping[str, Any],
        key: str,
        where: KeyPath,
        regex: re.Pattern[str],
        what: str,
        expected: str,
    ) -> str:
        """A required string that must match `regex`; "" (missing, or reported). An empty
        string is held to the pattern too: `if value:` let `document_id = ""`, `item = ""` and
        `sha256 = ""` through every check, and such files were signed and trusted."""
        value = self.v.string(table, key, where)
        if value is not None:
            self.v.pattern(value, regex, (*where, key), what, expected)
        return value or ""

    def utc_time(self, table: Mapping[str, Any], key: str, where: KeyPath) -> dt.datetime:
        value = table.get(key)
        at = (*where, key)
        if key not in table:
            return _NO_TIME
        if not isinstance(value, dt.datetime) or value.tzinfo is None:
            self.v.report(at, "bad-type", f"{key} must be an offset date-time in UTC")
            return _NO_TIME
        if value.utcoffset() != dt.timedelta(0) or value.microsecond:
            self.v.report(at, "bad-value", f"{key} must be in UTC, in whole seconds")
        if not _EARLIEST <= value.year <= _LATEST:  # (date arithmetic in any zone stays in range)
            self.v.report(at, "bad-value", f"{key} must lie between {_EARLIEST} and {_LATEST}")
            return _NO_TIME
        return value

    def date(self, table: Mapping[str, Any], key: str, where: KeyPath) -> dt.date | None:
        if key not in table:
            return None
        value = table[key]
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            self.v.report((*where, key), "bad-type", f"{key} must be a local date like 2026-12-15")
            return None
        return value

    def header(self, doc: Mapping[str, Any]) -> Header:
        v = self.v
        where: KeyPath = ("minecheck",)
        table = doc.get("minecheck")
        required = ("format", "document_id", "created", "signer", "signer_key", "tool")
        if table is None:
            v.problems.append(Problem("missing-key", "missing the [minecheck] table", v.path, 1, 1))
            return Header("", "", _NO_TIME, "", "", "")  # reported once, not key by key
        if not v.typed(table, dict, where):  # (`minecheck = "…"`: there, and not a table)
            return Header("", "", _NO_TIME, "", "", "")
        fmt = table.get("format")
        optional = ("source_count",) if fmt == MERGED else ()
        v.keys(table, where, required, optional, what='"minecheck"' if v.json else "[minecheck]")
        fmt_s = v.choice(table, "format", where, FORMATS) or ""
        doc_id = self.shaped(table, "document_id", where, UUID4, "document_id", _UUID_WORDS)
        signer = self.shaped(table, "signer", where, PRINCIPAL, "signer", _PRINCIPAL_WORDS)
        key = self.shaped(table, "signer_key", where, FINGERPRINT, "signer_key", _FINGERPRINT_WORDS)
        count = table.get("source_count")
        if "source_count" in table:
            v.typed(count, int, (*where, "source_count"))
        return Header(
            format=fmt_s,
            document_id=doc_id,
            created=self.utc_time(table, "created", where),
            signer=signer,
            signer_key=key,
            tool=self.req(table, "tool", where),
            source_count=count if isinstance(count, int) else None,
        )

    def evidence(self, raw: Any, where: KeyPath) -> tuple[Evidence, ...]:
        v = self.v
        if not v.typed(raw, list, where):
            return ()
        out = []
        for i, ev in enumerate(raw):
            at = (*where, i)
            if not v.typed(ev, dict, at):
                continue
            v.keys(ev, at, ("path", "sha256", "bytes"), what="evidence")
            given = v.string(ev, "path", at)
            problem = evidence_path_problem(given) if given is not None else None
            if problem:
                v.report((*at, "path"), "bad-value", problem)
            path = given or ""
            digest = self.shaped(ev, "sha256", at, SHA256_HEX, "sha256", _DIGEST_WORDS)
            size = ev.get("bytes")
            if "bytes" in ev and v.typed(size, int, (*at, "bytes")) and size < 0:
                v.report((*at, "bytes"), "bad-value", "bytes must not be negative")
            out.append(Evidence(path, digest, size if isinstance(size, int) else 0))
        return tuple(out)

    def reading(self, raw: Any, where: KeyPath) -> ReadingValue | None:
        v = self.v
        if not v.typed(raw, dict, where):
            return None
        v.keys(raw, where, ("value", "unit"), ("min", "max", "above", "below"), what="reading")
        numbers: dict[str, float] = {}
        for k in ("value", "min", "max", "above", "below"):
            if k in raw and v.typed(raw[k], float, (*where, k)):
                if math.isfinite(number := float(raw[k])):
                    numbers[k] = number
                else:  # no measurement, and no JSON number: `NaN` is no JSON reader's
                    said = v.say("reading {key} must be a finite number", key=k)
                    v.report((*where, k), "bad-value", said)
        return ReadingValue(
            value=numbers.get("value", 0.0),
            unit=self.req(raw, "unit", where),
            min=numbers.get("min"),
            max=numbers.get("max"),
            above=numbers.get("above"),
            below=numbers.get("below"),
        )

    def finding(self, raw: Any, where: KeyPath) -> Finding | None:
        v = self.v
        if not v.typed(raw, dict, where):
            return None
        noncompliant_only = ("severity", "basis", "deadline", "immediate", *FINDING_TEXT_FIELDS)
        v.keys(
            raw,
            where,
            ("item", "result"),
            (*noncompliant_only, "reading", "note", "evidence"),
            what=f"finding {quoted(raw.get('item'))}",
        )
        item = self.shaped(raw, "item", where, ITEM_ID, "item", _ITEM_ID_WORDS)
        result = v.choice(raw, "result", where, RESULTS) or ""
        if result and result != "noncompliant":
            for k in noncompliant_only:
                if k in raw:
                    v.report(
                        (*where, k), "bad-value", f"{k} belongs only to a noncompliant finding"
                    )
        severity = v.choice(raw, "severity", where, SEVERITIES)
        if result == "noncompliant" and "severity" not in raw:
            v.report(where, "missing-key", "a noncompliant finding needs a severity")
        basis = tuple(v.string_list(raw, "basis", where))
        if severity == "major" and not basis:
            v.report((*where, "severity"), "missing-basis", "a major finding must cite its basis")
        immediate = tuple(v.string_list(raw, "immediate", where))
        for i, measure in enumerate(immediate):
            if measure not in IMMEDIATE:
                v.report(
                    (*where, "immediate", i), "bad-value", f"unknown measure {quoted(measure)}"
                )
        text = {k: self.opt_text(raw, k, where) for k in (*FINDING_TEXT_FIELDS, "note")}
        return Finding(
            item=item,
            result=result,
            severity=severity,
            basis=basis,
            deadline=self.date(raw, "deadline", where),
            immediate=immediate,
            reading=self.reading(raw["reading"], (*where, "reading")) if "reading" in raw else None,
            evidence=self.evidence(raw["evidence"], (*where, "evidence"))
            if "evidence" in raw
            else (),
            **text,
        )

    def inspection(self, doc: Mapping[str, Any]) -> Inspection:
        v = self.v
        where: KeyPath = ("inspection",)
        table = doc.get("inspection")
        if not isinstance(table, dict):
            if table is not None:  # (absent: said once, as a missing key of the document)
                v.typed(table, dict, where)  # (`inspection = "…"`, `[[inspection]]`)
            # reported once, not key by key (the [minecheck] table's way)
            return Inspection("", "", "", "", "", "", "", _NO_TIME, _NO_TIME, "")
        v.keys(
            table,
            where,
            (
                "id",
                "checklist",
                "checklist_version",
                "checklist_sha256",
                "site",
                "site_tags",
                "inspector",
                "mode",
                "started",
                "finished",
                "language",
            ),
            ("site_id",),
            what="[inspection]",
        )
        iid = self.shaped(table, "id", where, UUID4, "inspection id", _UUID_WORDS)
        checklist = self.shaped(
            table, "checklist", where, CHECKLIST_ID, "checklist", _CHECKLIST_ID_WORDS
        )
        sha = self.shaped(
            table,
            "checklist_sha256",
            where,
            SHA256_HEX,
            "checklist_sha256",
            _CHECKLIST_DIGEST_WORDS,
        )
        return Inspection(
            id=iid,
            checklist=checklist,
            checklist_version=self.req(table, "checklist_version", where),
            checklist_sha256=sha,
            site=self.req(table, "site", where),
            site_id=self.opt_text(table, "site_id", where),
            site_tags=tuple(v.string_list(table, "site_tags", where)),
            inspector=self.req(table, "inspector", where),
            mode=v.choice(table, "mode", where, MODES) or "",
            started=self.utc_time(table, "started", where),
            finished=self.utc_time(table, "finished", where),
            language=v.choice(table, "language", where, LANGUAGES) or "",
        )

    def findings_doc(self, doc: Mapping[str, Any], header: Header) -> FindingsDoc:
        v = self.v
        v.keys(doc, (), ("minecheck", "inspection", "finding"), what="a findings document")
        inspection = self.inspection(doc)
        if _NO_TIME < inspection.finished < inspection.started:
            v.report(("inspection", "finished"), "bad-value", "finished is before started")
        if header.created > _NO_TIME and inspection.finished - header.created > FUTURE_SLACK:
            v.report(
                ("inspection", "finished"),
                "bad-value",
                "finished is after the document's created time: an inspection is signed once "
                "it is done",
            )
        findings: list[Finding] = []
        seen: set[str] = set()
        raw = doc.get("finding", [])
        if type(raw) is Pieces or v.typed(raw, list, ("finding",)):  # (Pieces: a list whole)
            plainly = _plainly_valid(raw) if type(raw) is list and len(raw) <= WHOLE_MAX else None
            if plainly is not None:  # no problem to report: read whole
                if self.consume:
                    raw[:] = [None] * len(raw)
                return FindingsDoc(header, inspection, plainly)
            consume, quick, keep = (
                self.consume and type(raw) is list,
                _quick_finding,
                findings.append,
            )
            for i, entry in enumerate(raw):
                finding = quick(entry) or self.finding(entry, ("finding", i))
                if consume:
                    raw[i] = None
                if finding is None:
                    continue
                item = finding.item
                if item in seen:
                    v.report(("finding", i, "item"), "duplicate-id", f"item {quoted(item)} repeats")
                seen.add(item)
                keep(finding)
        return FindingsDoc(header, inspection, tuple(findings))

    def event(self, raw: Any, where: KeyPath) -> Event | None:
        v = self.v
        if not v.typed(raw, dict, where):
            return None
        v.keys(
            raw,
            where,
            ("finding", "action", "at"),
            ("note", "method", "reviewers", "new_deadline", "evidence"),
            what="event",
        )
        ref = self.shaped(raw, "finding", where, FINDING_REF, "finding", _REF_WORDS)
        action = v.choice(raw, "action", where, ACTIONS) or ""
        method = v.choice(raw, "method", where, METHODS)
        reviewers = tuple(v.string_list(raw, "reviewers", where))
        new_deadline = self.date(raw, "new_deadline", where)
        note = self.opt_text(raw, "note", where)
        if action and action != "accepted":
            for k in ("method", "reviewers"):
                if k in raw:
                    v.report((*where, k), "bad-value", f"{k} belongs only to an accepted event")
        if action == "accepted" and method is None and "method" not in raw:
            v.report(where, "missing-key", "an accepted event needs a method")
        if action == "extended":
            if new_deadline is None and "new_deadline" not in raw:
                v.report(where, "missing-key", "an extended event needs a new_deadline")
            if not note:
                v.report(where, "missing-key", "an extended event needs a reason in note")
        elif "new_deadline" in raw:
            v.report((*where, "new_deadline"), "bad-value", "new_deadline belongs only to extended")
        return Event(
            finding=ref,
            action=action,
            at=self.utc_time(raw, "at", where),
            note=note,
            method=method,
            reviewers=reviewers,
            new_deadline=new_deadline,
            evidence=self.evidence(raw["evidence"], (*where, "evidence"))
            if "evidence" in raw
            else (),
        )

    def followup_doc(self, doc: Mapping[str, Any], header: Header) -> FollowUpDoc:
        v = self.v
        v.keys(doc, (), ("minecheck", "event"), what="a follow-up document")
        events: list[Event] = []
        raw = doc.get("event", [])
        if v.typed(raw, list, ("event",)):
            if not raw and "event" in doc:  # (absent: said once, as a missing key)
                v.report(("event",), "bad-value", "a follow-up document needs at least one event")
            for i, entry in enumerate(raw):
                event = self.event(entry, ("event", i))
                if self.consume:
                    raw[i] = None
                if event is not None:
                    events.append(event)
                    if header.created > _NO_TIME and event.at - header.created > FUTURE_SLACK:
                        v.report(
                            ("event", i, "at"),
                            "bad-value",
                            "at is after the document's created time: a follow-up records "
                            "what has happened by the time it is signed",
                        )
        return FollowUpDoc(header, tuple(events))


# What minecheck signs of an event, beyond what it reads (a document already signed without
# them is still read): each problem as its field (None: the event), its English template and
# the template's fields (their Chinese is the message catalogue's). `followup` holds the events
# it writes to them, and `sign` a hand-written follow-up's; a field of the wrong type is left to
# the schema.
SIGNING_TEMPLATES = (
    "a withdrawn event needs its reason in note",
    "an extended event needs a reason in note",
    "an accepted event by {method} needs its reviewers",
    "reviewers holds {name}, which names no one",
    "reviewers holds {name}, which has control or invisible characters",
    "{option} must be non-empty text without control or invisible characters",  # UNFIT_NAME
    "{option} is optional: leave it empty, or give a name without control or invisible "
    "characters",  # UNFIT_OPTIONAL_NAME
    "{option} is optional: leave it out, or give an id without control or invisible "
    "characters",  # UNFIT_OPTIONAL_ID
    "{option} begins or ends with a blank: a site id is a code, written without blanks around "
    "it",  # SITE_ID_BLANK_ENDS
)
# The names a person types in a findings document, as where they stand: what `sign` refuses of
# them (`name_problems`), as `inspect` refuses them typed; a document signed with them is read.
# The optional ones (site_id, responsible) are said so, as `--site-id` and an answers file's are.
_NAMES = (("inspection", ("site", "site_id", "inspector")), ("finding", ("responsible",)))


def name_problems(doc: Mapping[str, Any]) -> list[tuple[KeyPath, str, dict[str, object]]]:
    """Each name of a findings document (parsed) that `core.sanitize.unfit_name` refuses: its
    key path, the template and its fields. An optional name left empty is not given."""
    from minecheck.core.sanitize import (
        SITE_ID_BLANK_ENDS,
        UNFIT_NAME,
        UNFIT_OPTIONAL_ID,
        UNFIT_OPTIONAL_NAME,
        blank_ends,
        unfit_name,
    )

    optional = {"site_id": UNFIT_OPTIONAL_ID, "responsible": UNFIT_OPTIONAL_NAME}  # (their words)
    said: list[tuple[KeyPath, str, dict[str, object]]] = []
    for table, keys in _NAMES:
        raw = doc.get(table)
        rows: list[tuple[dict[str, Any], tuple[int, ...]]] = []
        if isinstance(raw, dict):
            rows = [(raw, ())]
        if table == "finding" and isinstance(raw, list):
            rows = [(row, (i,)) for i, row in enumerate(raw) if isinstance(row, dict)]
        for row, at in rows:
            for key in keys:
                value = row.get(key)
                if not isinstance(value, str) or (key in optional and value == ""):
                    continue
                if unfit_name(value):
                    said.append(((table, *at, key), optional.get(key, UNFIT_NAME), {"option": key}))
                elif key == "site_id" and blank_ends(value):
                    said.append(((table, *at, key), SITE_ID_BLANK_ENDS, {"option": key}))
    return said


def unnamed_reviewers(raw: Mapping[str, Any]) -> bool:
    """An acceptance by an independent method with no reviewer named (DOMAIN 3.5: the
    acceptance's persons are part of the record; `self` needs no name)."""
    from minecheck.core.loop import ACCEPTING_METHODS_FOR_MAJOR as INDEPENDENT

    named = raw.get("reviewers")
    return (
        raw.get("action") == "accepted"
        and raw.get("method") in INDEPENDENT
        and (named is None or named == [])
    )


def signing_problems(raw: Mapping[str, Any]) -> list[tuple[str | None, str, dict[str, object]]]:
    """Why an event (a parsed table) is not signed as it stands: a withdrawal or an extension
    with no reason (a note of blanks or of characters drawn as nothing is none), an acceptance
    by an independent method with no reviewer, a reviewer who names no one or whose name has
    control or invisible characters, a new_deadline outside the years a date may name."""
    from minecheck.core.sanitize import names_no_one, quoted, unfit_name

    said: list[tuple[str | None, str, dict[str, object]]] = []
    action, note = raw.get("action"), raw.get("note")
    # (a note of blanks, or of characters no one reads, gives no reason)
    blank = note is None or (isinstance(note, str) and names_no_one(note))
    if action == "withdrawn" and blank:
        said.append((None, "a withdrawn event needs its reason in note", {}))
    if action == "extended" and isinstance(note, str) and note and names_no_one(note):
        said.append(("note", "an extended event needs a reason in note", {}))  # ("": the schema)
    if unnamed_reviewers(raw):
        method = raw["method"]
        said.append((None, "an accepted event by {method} needs its reviewers", {"method": method}))
    named = raw.get("reviewers")
    for name in named if isinstance(named, list) else ():
        if not isinstance(name, str):
            continue
        if names_no_one(name):
            said.append(
                ("reviewers", "reviewers holds {name}, which names no one", {"name": quoted(name)})
            )
        elif unfit_name(name):  # (as followup's --reviewer refuses it)
            said.append(
                (
                    "reviewers",
                    "reviewers holds {name}, which has control or invisible characters",
                    {"name": quoted(name)},
                )
            )
    deadline = raw.get("new_deadline")
    if isinstance(deadline, dt.date) and not _EARLIEST <= deadline.year <= _LATEST:
        said.append(
            (
                "new_deadline",
                "{key} must lie between {earliest} and {latest}",
                {"key": "new_deadline", "earliest": _EARLIEST, "latest": _LATEST},
            )
        )
    return said


def read_document(
    doc: Mapping[str, Any],
    text: str | None,
    path: str,
    *,
    consume: bool = False,
    say: Say = english,
    json: bool = False,
    found: Sequence[Problem] = (),
) -> tuple[Document, list[Problem]]:
    """Check a parsed body against its schema; returns the model and every problem found.

    `text` gives problems their line and column (None: their key path instead). With `consume`
    each finding or event table of `doc` is dropped once read, so that the parsed tables and
    the models are not both held whole for a large document. `say` words the checks the
    validator makes (`core.schema.Validator`): English for a document, kept and translated
    when shown; `minecheck.i18n.t` for what a person has just typed (followup's options).
    `json`: the body was read from JSON (followup's events), whose names it takes. `found`:
    the caller's own checks' problems (followup's events), listed first and capped with the
    schema's as one file's faults (MAX_PROBLEMS named, the rest counted).
    """
    try:
        return _read(doc, text, path, consume, say, json, found)
    finally:
        forget_shared()


def _read(
    doc: Mapping[str, Any],
    text: str | None,
    path: str,
    consume: bool,
    say: Say,
    json: bool,
    found: Sequence[Problem] = (),
) -> tuple[Document, list[Problem]]:
    v = Validator(path, text, say, json=json)
    if found:  # (listed before the schema's, under the one cap)
        v.problems = list(found[: v.MAX_PROBLEMS])
        v.more = len(found) - len(v.problems)
    reader = _Reader(v, consume)
    if "signature" in doc:
        v.report(("signature",), "unknown-key", "the body must not hold a [signature] table")
        doc = {k: val for k, val in doc.items() if k != "signature"}
    header = reader.header(doc)
    document: Document
    if header.format == FINDINGS:
        document = reader.findings_doc(doc, header)
    elif header.format == FOLLOWUP:
        document = reader.followup_doc(doc, header)
    else:
        tables = {k: val for k, val in doc.items() if k != "minecheck"}
        document = MergedDoc(header, tables)
    return document, v.finish()
