"""The end of a walk: the findings document, every checklist item in checklist order."""

from __future__ import annotations

import datetime as dt
import uuid

from minecheck import __version__
from minecheck.core.checklist import Checklist
from minecheck.core.documents import FINDINGS, Finding, FindingsDoc, Header, Inspection, utc_now
from minecheck.session.draft import Draft


def findings_document(
    checklist: Checklist,
    draft: Draft,
    *,
    signer: str,
    fingerprint: str,
    finished: dt.datetime | None = None,
    document_id: str | None = None,
) -> FindingsDoc:
    """Unanswered items become `not-checked`; answers for unknown items are left out."""
    finished = finished or utc_now()
    findings = tuple(
        draft.answers.get(item.id) or Finding(item.id, "not-checked") for item in checklist.items
    )
    header = Header(
        format=FINDINGS,
        document_id=document_id or str(uuid.uuid4()),
        created=finished,
        signer=signer,
        signer_key=fingerprint,
        tool=f"minecheck {__version__}",
    )
    inspection = Inspection(
        id=draft.inspection_id,
        checklist=checklist.id,
        checklist_version=checklist.version,
        checklist_sha256=checklist.sha256,
        site=draft.site,
        site_id=draft.site_id,
        site_tags=tuple(draft.site_tags),
        inspector=draft.inspector,
        mode=draft.mode,
        started=draft.started,
        finished=finished,
        language=draft.language,
    )
    return FindingsDoc(header, inspection, findings)
