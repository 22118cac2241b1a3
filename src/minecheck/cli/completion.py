"""Shell completion: checklist ids, draft ids and finding refs.

Completers never raise and never print: a file that cannot be read simply offers nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from minecheck import paths

MAX_SCAN_BYTES = 4 * 1024 * 1024


def known_findings(files: Iterable[Path]) -> dict[str, dict[str, str]]:
    """Inspection id → item → result, from the findings among `files` (merged files included).

    Signatures are checked but trust is not judged: this only helps type a reference.
    """
    from minecheck.report.corpus import read_document_file

    out: dict[str, dict[str, str]] = {}
    for path in files:
        try:
            if not path.is_file() or path.stat().st_size > MAX_SCAN_BYTES:
                continue
            result = read_document_file(path.read_bytes(), str(path))
        except OSError:
            continue
        for leaf in result.leaves:
            if leaf.inspection is not None and leaf.status == "signed":
                items = out.setdefault(leaf.inspection.id, {})
                items.update((f.item, f.result) for f in leaf.findings)
    return out


def finding_refs(incomplete: str) -> list[str]:
    """Refs `<inspection-id>/<item>` of the hidden dangers in the findings files here."""
    known = known_findings(sorted(Path(".").glob("*.toml")))
    refs = sorted(
        f"{iid}/{item}"
        for iid, items in known.items()
        for item, result in items.items()
        if result == "noncompliant"
    )
    return [r for r in refs if r.startswith(incomplete)]


def checklist_ids(incomplete: str) -> list[str]:
    from minecheck.core.checklist import discover

    dirs = [paths.user_checklists_dir(), paths.bundled_checklists_dir()]
    return sorted(i for i in discover(dirs) if i.startswith(incomplete))


def draft_ids(incomplete: str) -> list[str]:
    directory = paths.drafts_dir()
    if not directory.is_dir():
        return []
    return sorted(p.stem for p in directory.glob("*.toml") if p.stem.startswith(incomplete))
