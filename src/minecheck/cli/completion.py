"""Shell completion: checklist ids, draft ids and finding refs.

Completers never raise and never print: a file that cannot be read simply offers nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from minecheck import paths

MAX_SCAN_BYTES = 4 * 1024 * 1024
# what reports count as a hidden danger: a non-compliance, or inspectors who disagree
HIDDEN = ("noncompliant", "inconsistent")


def known_findings(files: Iterable[Path]) -> dict[str, dict[str, str]]:
    """Inspection id → item → result, from the findings among `files` (merged files included),
    several inspectors' answers to one item consolidated as reports do (`inconsistent` when they
    disagree).

    Signatures are checked but trust is not judged: this only helps type a reference.
    """
    from minecheck.core.merge import agreed

    return {
        iid: {item: agreed(said) for item, said in items.items()}
        for iid, items in findings_answers(files).items()
    }


def findings_answers(files: Iterable[Path]) -> dict[str, dict[str, set[str]]]:
    """Inspection id → item → every result the findings among `files` give it."""
    from minecheck.report.corpus import read_document_file

    out: dict[str, dict[str, set[str]]] = {}
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
                for f in leaf.findings:
                    items.setdefault(f.item, set()).add(f.result)
    return out


def finding_refs(incomplete: str) -> list[str]:
    """Refs `<inspection-id>/<item>` of the hidden dangers in the findings files here."""
    known = known_findings(sorted(Path(".").glob("*.toml")))
    refs = sorted(
        f"{iid}/{item}"
        for iid, items in known.items()
        for item, result in items.items()
        if result in HIDDEN
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
