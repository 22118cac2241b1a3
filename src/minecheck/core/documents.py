"""Findings and follow-up documents (SPEC 2.3, 2.4): models and their deterministic TOML.

A merged document (SPEC 2.5) is held as its header and raw tables (`core.merge` checks them).
Documents are read strictly, with positions, by `docschema`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from minecheck.core import tomlwrite
from minecheck.core.sanitize import quoted

FINDINGS = "minecheck.findings/1"
FOLLOWUP = "minecheck.followup/1"
MERGED = "minecheck.merged/1"
FORMATS = (FINDINGS, FOLLOWUP, MERGED)

RESULTS = ("compliant", "noncompliant", "not-applicable", "not-checked")
SEVERITIES = ("major", "general")
MODES = ("routine", "unannounced", "night", "special", "follow-up", "self-inspection")
# The mine inspecting itself (D8): no supervisor there, so no enforcement order is owed (D4)
SELF_INSPECTION = MODES[-1]
# How far a document's own times may lie after the clock that judges it (or after its created
# time, for what it records): clocks drift a little between computers.
FUTURE_SLACK = dt.timedelta(minutes=10)
# The years every date and time minecheck keeps may name: a document's times, and every date
# or time a person gives (a deadline, --new-deadline, --as-of, an event's --at). Date
# arithmetic in any zone stays inside the calendar.
EARLIEST_YEAR, LATEST_YEAR = 1900, 9000
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
# The free-text fields of a non-compliant finding (note belongs to every finding).
FINDING_TEXT_FIELDS = (
    "severity_reason",
    "description",
    "location",
    "measures",
    "responsible",
    "funds",
    "contingency",
    "enforcement",
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

NAMESPACE_OF = {
    FINDINGS: "minecheck-findings-v1",
    FOLLOWUP: "minecheck-findings-v1",
    MERGED: "minecheck-merged-v1",
}


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def utc_text(at: dt.datetime) -> str:
    """A time as the commands' JSON gives it: ISO 8601 in UTC, ending in Z."""
    return at.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def evidence_path_problem(path: str) -> str | None:
    """Why an evidence path is not acceptable, or None: relative, forward slashes, no `..`. The
    path quoted, as a document's values are."""
    fault = evidence_path_fault(path)
    return None if fault is None else fault.format(given=quoted(path))


def evidence_path_fault(path: str) -> str | None:
    """`evidence_path_problem` as a message to translate, `{given}` standing for the path (the
    walk's messages name it as given: `minecheck.session.rules`)."""
    if not path:
        return "evidence path is empty"
    if path.startswith("/") or re.match(r"[A-Za-z]:", path):
        return "evidence path {given} is absolute; paths are relative to the findings file"
    if "\\" in path:
        return "evidence path {given} uses backslashes; use forward slashes"
    if any(part in ("..", "") for part in path.split("/")):
        return "evidence path {given} has an empty or '..' part"
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


@dataclass(frozen=True, slots=True)
class Evidence:
    path: str
    sha256: str
    bytes: int

    def fields(self) -> dict[str, Any]:
        return {"path": self.path, "sha256": self.sha256, "bytes": self.bytes}


@dataclass(frozen=True, slots=True)
class ReadingValue:
    value: float
    unit: str
    min: float | None = None
    max: float | None = None
    above: float | None = None  # exclusive bounds: the limit itself is a breach
    below: float | None = None

    def fields(self) -> dict[str, Any]:
        out: dict[str, Any] = {"value": self.value, "unit": self.unit}
        for key in ("min", "max", "above", "below"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        return out


@dataclass(frozen=True, slots=True)
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


_PLAIN: dict[tuple[str, str], Finding] = {}


def plain_finding(item: str, result: str) -> Finding:
    """A finding of item and result alone; equal ones are shared (they are frozen)."""
    found = _PLAIN.get((item, result))
    if found is None:
        if len(_PLAIN) > 100_000:
            _PLAIN.clear()
        found = _PLAIN[(item, result)] = Finding(item, result)
    return found


# Equal values of one document's findings held once: a parser or a decoder makes a new object
# for each (results, severities, bases, deadlines, places, a description repeated, an item id in
# each source of a merged file). Its reader forgets them when the document is read or decoded
# (`forget_shared`): a batch reads thousands, each with texts of its own. At most SHARED_MAX are
# remembered meanwhile, then forgotten at once.
SHARED_MAX = 65_536
_SHARED: dict[Any, Any] = {}


def sharing() -> Callable[[Any, Any], Any]:
    """`share(value, value)`: the value equal to `value` met before in this document, else
    `value`, remembered."""
    if len(_SHARED) >= SHARED_MAX:
        _SHARED.clear()
    return _SHARED.setdefault


def forget_shared() -> None:
    """The values held once forgotten: the document that held them is read."""
    _SHARED.clear()


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
        return tomlwrite.plausible(self._toml)

    def _toml(self, marks: bool) -> bytes:
        parts = [tomlwrite.table("minecheck", self.header.fields())]
        parts.append(tomlwrite.table("inspection", self.inspection.fields(), marks=marks))
        for finding in self.findings:
            parts.append(tomlwrite.table("finding", finding.fields(), array=True, marks=marks))
            parts.extend(
                tomlwrite.table("finding.evidence", ev.fields(), array=True, marks=marks)
                for ev in finding.evidence
            )
        return ("\n".join(parts) + "\n").encode("utf-8")


@dataclass(frozen=True, slots=True)
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
        return tomlwrite.plausible(self._toml)

    def _toml(self, marks: bool) -> bytes:
        parts = [tomlwrite.table("minecheck", self.header.fields())]
        for event in self.events:
            parts.append(tomlwrite.table("event", event.fields(), array=True, marks=marks))
            parts.extend(
                tomlwrite.table("event.evidence", ev.fields(), array=True, marks=marks)
                for ev in event.evidence
            )
        return ("\n".join(parts) + "\n").encode("utf-8")


@dataclass(frozen=True)
class MergedDoc:
    """A merged document as far as this version reads it: its header and raw tables."""

    header: Header
    tables: dict[str, Any] = field(default_factory=dict)


Document = FindingsDoc | FollowUpDoc | MergedDoc
