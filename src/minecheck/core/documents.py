"""Findings and follow-up documents (SPEC 2.3, 2.4): models, strict schema, deterministic TOML."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from minecheck.core import tomlwrite
from minecheck.core.schema import Validator
from minecheck.core.tomlpos import KeyPath, key_positions

FINDINGS = "minecheck.findings/1"
FOLLOWUP = "minecheck.followup/1"
MERGED = "minecheck.merged/1"
FORMATS = (FINDINGS, FOLLOWUP, MERGED)

RESULTS = ("compliant", "noncompliant", "not-applicable", "not-checked")
SEVERITIES = ("major", "general")
MODES = ("routine", "unannounced", "night", "special", "follow-up", "self-inspection")
IMMEDIATE = ("withdraw-persons", "stop-work", "stop-equipment", "seal", "post-warning")
ACTIONS = (
    "rectified",
    "accepted",
    "rejected",
    "closed",
    "reopened",
    "extended",
    "escalated",
    "withdrawn",
)
METHODS = ("self", "expert-review", "third-party", "regulator-onsite")
LANGUAGES = ("en", "zh")

UUID4 = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
PRINCIPAL = re.compile(r"[a-z0-9._+-]{1,64}@[a-z0-9.-]{1,190}")
FINGERPRINT = re.compile(r"SHA256:[A-Za-z0-9+/]{43}")
SHA256_HEX = re.compile(r"[0-9a-f]{64}")
ITEM_ID = re.compile(r"[a-z0-9][a-z0-9.-]{0,63}")
CHECKLIST_ID = re.compile(r"[a-z0-9][a-z0-9-]{1,63}")
FINDING_REF = re.compile(
    r"(?P<inspection>[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})"
    r"/(?P<item>[a-z0-9][a-z0-9.-]{0,63})"
)
_UUID_WORDS = "must be a lowercase UUID version 4"
_PRINCIPAL_WORDS = "must be an ASCII principal like name@unit.example (lowercase)"

NAMESPACE_OF = {
    FINDINGS: "minecheck-findings-v1",
    FOLLOWUP: "minecheck-findings-v1",
    MERGED: "minecheck-merged-v1",
}


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def evidence_path_problem(path: str) -> str | None:
    """Why an evidence path is not acceptable, or None: relative, forward slashes, no `..`."""
    if not path:
        return "evidence path is empty"
    if path.startswith("/") or re.match(r"[A-Za-z]:", path):
        return f"evidence path {path!r} is absolute; paths are relative to the findings file"
    if "\\" in path:
        return f"evidence path {path!r} uses backslashes; use forward slashes"
    if any(part in ("..", "") for part in path.split("/")):
        return f"evidence path {path!r} has an empty or '..' part"
    return None


@dataclass(frozen=True)
class Header:
    format: str
    document_id: str
    created: dt.datetime
    signer: str
    signer_key: str
    tool: str
    source_count: int | None = None

    def fields(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "document_id": self.document_id,
            "created": self.created,
            "signer": self.signer,
            "signer_key": self.signer_key,
            "tool": self.tool,
            "source_count": self.source_count,
        }


@dataclass(frozen=True)
class Evidence:
    path: str
    sha256: str
    bytes: int

    def fields(self) -> dict[str, Any]:
        return {"path": self.path, "sha256": self.sha256, "bytes": self.bytes}


@dataclass(frozen=True)
class ReadingValue:
    value: float
    unit: str
    min: float | None = None
    max: float | None = None

    def fields(self) -> dict[str, Any]:
        out: dict[str, Any] = {"value": self.value, "unit": self.unit}
        if self.min is not None:
            out["min"] = self.min
        if self.max is not None:
            out["max"] = self.max
        return out


@dataclass(frozen=True)
class Finding:
    item: str
    result: str
    severity: str | None = None
    severity_reason: str | None = None
    basis: tuple[str, ...] = ()
    description: str | None = None
    location: str | None = None
    measures: str | None = None
    responsible: str | None = None
    deadline: dt.date | None = None
    funds: str | None = None
    contingency: str | None = None
    immediate: tuple[str, ...] = ()
    enforcement: str | None = None
    reading: ReadingValue | None = None
    note: str | None = None
    evidence: tuple[Evidence, ...] = ()

    def fields(self) -> dict[str, Any]:
        return {
            "item": self.item,
            "result": self.result,
            "severity": self.severity,
            "severity_reason": self.severity_reason,
            "basis": list(self.basis) or None,
            "description": self.description,
            "location": self.location,
            "measures": self.measures,
            "responsible": self.responsible,
            "deadline": self.deadline,
            "funds": self.funds,
            "contingency": self.contingency,
            "immediate": list(self.immediate) or None,
            "enforcement": self.enforcement,
            "reading": self.reading.fields() if self.reading else None,
            "note": self.note,
        }


@dataclass(frozen=True)
class Inspection:
    id: str
    checklist: str
    checklist_version: str
    checklist_sha256: str
    site: str
    inspector: str
    mode: str
    started: dt.datetime
    finished: dt.datetime
    language: str
    site_id: str | None = None
    site_tags: tuple[str, ...] = ()

    def fields(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "checklist": self.checklist,
            "checklist_version": self.checklist_version,
            "checklist_sha256": self.checklist_sha256,
            "site": self.site,
            "site_id": self.site_id,
            "site_tags": list(self.site_tags),
            "inspector": self.inspector,
            "mode": self.mode,
            "started": self.started,
            "finished": self.finished,
            "language": self.language,
        }


@dataclass(frozen=True)
class FindingsDoc:
    header: Header
    inspection: Inspection
    findings: tuple[Finding, ...]

    def to_toml(self) -> bytes:
        parts = [tomlwrite.table("minecheck", self.header.fields())]
        parts.append(tomlwrite.table("inspection", self.inspection.fields()))
        for finding in self.findings:
            parts.append(tomlwrite.table("finding", finding.fields(), array=True))
            parts.extend(
                tomlwrite.table("finding.evidence", ev.fields(), array=True)
                for ev in finding.evidence
            )
        return ("\n".join(parts) + "\n").encode("utf-8")


@dataclass(frozen=True)
class Event:
    finding: str
    action: str
    at: dt.datetime
    note: str | None = None
    method: str | None = None
    reviewers: tuple[str, ...] = ()
    new_deadline: dt.date | None = None
    evidence: tuple[Evidence, ...] = ()

    def fields(self) -> dict[str, Any]:
        return {
            "finding": self.finding,
            "action": self.action,
            "at": self.at,
            "note": self.note,
            "method": self.method,
            "reviewers": list(self.reviewers) or None,
            "new_deadline": self.new_deadline,
        }


@dataclass(frozen=True)
class FollowUpDoc:
    header: Header
    events: tuple[Event, ...]

    def to_toml(self) -> bytes:
        parts = [tomlwrite.table("minecheck", self.header.fields())]
        for event in self.events:
            parts.append(tomlwrite.table("event", event.fields(), array=True))
            parts.extend(
                tomlwrite.table("event.evidence", ev.fields(), array=True) for ev in event.evidence
            )
        return ("\n".join(parts) + "\n").encode("utf-8")


@dataclass(frozen=True)
class MergedDoc:
    """A merged document as far as this version reads it: its header and raw tables."""

    header: Header
    tables: dict[str, Any] = field(default_factory=dict)


Document = FindingsDoc | FollowUpDoc | MergedDoc


# -- reading ------------------------------------------------------------------------------------


class _Reader:
    def __init__(self, v: Validator) -> None:
        self.v = v

    def opt_text(self, table: Mapping[str, Any], key: str, where: KeyPath) -> str | None:
        return self.v.string(table, key, where)

    def req(self, table: Mapping[str, Any], key: str, where: KeyPath) -> str:
        return self.v.string(table, key, where) or ""

    def utc_time(self, table: Mapping[str, Any], key: str, where: KeyPath) -> dt.datetime:
        value = table.get(key)
        at = (*where, key)
        if key not in table:
            return dt.datetime.min.replace(tzinfo=dt.UTC)
        if not isinstance(value, dt.datetime) or value.tzinfo is None:
            self.v.report(at, "bad-type", f"{key} must be an offset date-time in UTC")
            return dt.datetime.min.replace(tzinfo=dt.UTC)
        if value.utcoffset() != dt.timedelta(0) or value.microsecond:
            self.v.report(at, "bad-value", f"{key} must be in UTC, in whole seconds")
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
        if not isinstance(table, dict):
            v.report(where, "missing-key", "missing the [minecheck] table")
            table = {}
        required = ("format", "document_id", "created", "signer", "signer_key", "tool")
        fmt = table.get("format")
        optional = ("source_count",) if fmt == MERGED else ()
        v.keys(table, where, required, optional, what="[minecheck]")
        fmt_s = v.choice(table, "format", where, FORMATS) or ""
        doc_id = self.req(table, "document_id", where)
        if doc_id:
            v.pattern(doc_id, UUID4, (*where, "document_id"), "document_id", _UUID_WORDS)
        signer = self.req(table, "signer", where)
        if signer:
            v.pattern(signer, PRINCIPAL, (*where, "signer"), "signer", _PRINCIPAL_WORDS)
        key = self.req(table, "signer_key", where)
        if key:
            v.pattern(key, FINGERPRINT, (*where, "signer_key"), "signer_key", "must be SHA256:…")
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
            path = self.req(ev, "path", at)
            problem = evidence_path_problem(path) if path else None
            if problem:
                v.report((*at, "path"), "bad-value", problem)
            digest = self.req(ev, "sha256", at)
            if digest:
                v.pattern(digest, SHA256_HEX, (*at, "sha256"), "sha256", "must be 64 hex digits")
            size = ev.get("bytes")
            if "bytes" in ev and v.typed(size, int, (*at, "bytes")) and size < 0:
                v.report((*at, "bytes"), "bad-value", "bytes must not be negative")
            out.append(Evidence(path, digest, size if isinstance(size, int) else 0))
        return tuple(out)

    def reading(self, raw: Any, where: KeyPath) -> ReadingValue | None:
        v = self.v
        if not v.typed(raw, dict, where):
            return None
        v.keys(raw, where, ("value", "unit"), ("min", "max"), what="reading")
        numbers: dict[str, float] = {}
        for k in ("value", "min", "max"):
            if k in raw and v.typed(raw[k], float, (*where, k)):
                numbers[k] = float(raw[k])
        return ReadingValue(
            value=numbers.get("value", 0.0),
            unit=self.req(raw, "unit", where),
            min=numbers.get("min"),
            max=numbers.get("max"),
        )

    def finding(self, raw: Any, where: KeyPath) -> Finding | None:
        v = self.v
        if not v.typed(raw, dict, where):
            return None
        noncompliant_only = (
            "severity",
            "severity_reason",
            "basis",
            "description",
            "location",
            "measures",
            "responsible",
            "deadline",
            "funds",
            "contingency",
            "immediate",
            "enforcement",
        )
        v.keys(
            raw,
            where,
            ("item", "result"),
            (*noncompliant_only, "reading", "note", "evidence"),
            what=f"finding {raw.get('item')!r}",
        )
        item = self.req(raw, "item", where)
        if item:
            v.pattern(item, ITEM_ID, (*where, "item"), "item", "is not a valid item id")
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
                v.report((*where, "immediate", i), "bad-value", f"unknown measure {measure!r}")
        text = {
            k: self.opt_text(raw, k, where)
            for k in (
                "severity_reason",
                "description",
                "location",
                "measures",
                "responsible",
                "funds",
                "contingency",
                "enforcement",
                "note",
            )
        }
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
            v.report(where, "missing-key", "missing the [inspection] table")
            table = {}
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
        iid = self.req(table, "id", where)
        if iid:
            v.pattern(iid, UUID4, (*where, "id"), "inspection id", _UUID_WORDS)
        checklist = self.req(table, "checklist", where)
        if checklist:
            v.pattern(checklist, CHECKLIST_ID, (*where, "checklist"), "checklist", "is not valid")
        sha = self.req(table, "checklist_sha256", where)
        if sha:
            v.pattern(sha, SHA256_HEX, (*where, "checklist_sha256"), "checklist_sha256", "is bad")
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
        findings: list[Finding] = []
        seen: set[str] = set()
        raw = doc.get("finding", [])
        if v.typed(raw, list, ("finding",)):
            for i, entry in enumerate(raw):
                finding = self.finding(entry, ("finding", i))
                if finding is None:
                    continue
                if finding.item in seen:
                    v.report(
                        ("finding", i, "item"), "duplicate-id", f"item {finding.item!r} repeats"
                    )
                seen.add(finding.item)
                findings.append(finding)
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
        ref = self.req(raw, "finding", where)
        if ref:
            v.pattern(
                ref, FINDING_REF, (*where, "finding"), "finding", "must be <inspection id>/<item>"
            )
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
            if not raw:
                v.report(("event",), "bad-value", "a follow-up document needs at least one event")
            for i, entry in enumerate(raw):
                event = self.event(entry, ("event", i))
                if event is not None:
                    events.append(event)
        return FollowUpDoc(header, tuple(events))


def read_document(doc: Mapping[str, Any], text: str, path: str) -> tuple[Document, list[Any]]:
    """Check a parsed body against its schema; returns the model and every problem found."""
    v = Validator(path, key_positions(text))
    reader = _Reader(v)
    if "signature" in doc:
        v.report(("signature",), "unknown-key", "the body must not hold a [signature] table")
    header = reader.header(doc)
    document: Document
    if header.format == FINDINGS:
        document = reader.findings_doc(doc, header)
    elif header.format == FOLLOWUP:
        document = reader.followup_doc(doc, header)
    else:
        tables = {k: val for k, val in doc.items() if k != "minecheck"}
        document = MergedDoc(header, tables)
    return document, v.problems
