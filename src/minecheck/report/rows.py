"""The row every batch command stands on: one consolidated finding, with its state from the fold.

`export` writes these rows (the SPEC 4 columns, in `EXPORT_COLUMNS` order); `summary` aggregates
them. A row is a plain value, made by `report.corpus` and consumed by the renderers, so the two
sides never reach into each other.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

# SPEC 4, names and order fixed.
EXPORT_COLUMNS = (
    "inspection",
    "document_ids",
    "site",
    "site_id",
    "checklist",
    "checklist_version",
    "item",
    "result",
    "severity",
    "basis",
    "state",
    "deadline",
    "overdue",
    "flags",
    "description",
    "location",
    "responsible",
    "inspectors",
    "signers",
    "trust",
)

# A hidden danger's state (SPEC 2.4); empty for compliant / not-applicable / not-checked rows.
STATES = ("open", "rectifying", "rectified", "accepted", "closed", "escalated", "withdrawn")
# Derived flags (SPEC 2.4), in this order when several apply.
FLAGS = ("overdue", "repeat-major", "no-enforcement")


@dataclass(frozen=True)
class FindingRow:
    """One consolidated finding per (inspection, item), as of the report's date."""

    inspection: str
    document_ids: tuple[str, ...]  # sorted ids of the leaf findings documents that record it
    site: str
    site_id: str | None
    checklist: str
    checklist_version: str
    item: str
    result: str  # compliant | noncompliant | not-applicable | not-checked | inconsistent
    severity: str | None  # major | general, for noncompliant / inconsistent rows
    basis: tuple[str, ...]
    state: str | None  # one of STATES, or None when the row is not a hidden danger
    deadline: dt.date | None  # the current deadline after extensions
    overdue: bool
    flags: tuple[str, ...]  # subset of FLAGS, in FLAGS order
    description: str | None
    location: str | None
    responsible: str | None
    inspectors: tuple[str, ...]  # display names, sorted
    signers: tuple[str, ...]  # principals, sorted
    trust: str  # "trusted", or the worst status of the documents it came from (--include-untrusted)
    # Beyond the export columns, for the summary:
    found: dt.date  # local date the inspection finished; groups by month
    rectified_on: dt.date | None = None  # date of the applied `rectified` event, if any
    closed_on: dt.date | None = None  # date of the applied `closed` event, if any
    by: tuple[str, ...] = field(default=())  # "principal: result" for inconsistent rows
    # closed: the method of the acceptance its closure followed (self | expert-review | ...)
    acceptance: str | None = None
    rebounded: bool = False  # reopened after a closure (a rebound found on a look-back)
    closed_last: dt.date | None = None  # closed: the day of the closure in force (the last)
    # (signer, name) of each document of a joint inspection's row, sorted: which name is whose
    # (inspectors and signers are each sorted on their own); empty on a row of one document.
    named: tuple[tuple[str, str], ...] = ()
    # a hidden danger neither closed nor withdrawn when the report's month began (the stock)
    open_at_start: bool = False

    @property
    def is_hidden_danger(self) -> bool:
        """Non-compliant or inconsistent: counted as a hidden danger (open until closed)."""
        return self.result in ("noncompliant", "inconsistent")

    @property
    def is_open(self) -> bool:
        return self.is_hidden_danger and self.state not in ("closed", "withdrawn")


@dataclass(frozen=True)
class DocumentStatus:
    """One input file as the corpus judged it (listed when it is left out or marked)."""

    path: str
    status: str  # a TrustStatus value, or "unreadable" / "conflict" / "not-a-document"
    reason: str
    kind: str | None = None  # findings | followup | merged
    document_id: str | None = None
    signer: str | None = None


@dataclass(frozen=True)
class RejectedEvent:
    """A follow-up event the fold did not apply, with why and where it came from."""

    path: str
    finding: str  # "<inspection-id>/<item>"
    action: str
    at: dt.datetime
    reason: str
    refused: str = ""  # the rule's short code (docs/formats.md, the export of events)
