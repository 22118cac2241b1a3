"""Shell completion: checklist ids, draft ids and finding refs.

Completers never raise and never print: a file that cannot be read simply offers nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from minecheck import paths

MAX_SCAN_BYTES = 4 * 1024 * 1024


def known_findings(files: Iterable[Path]) -> dict[str, dict[str, str]]:
    """Inspection id → item → result, from the findings documents among `files`.

    Signatures are not judged here: this only helps type a reference.
    """
    from minecheck.core.docschema import read_document
    from minecheck.core.documents import FindingsDoc
    from minecheck.core.seal import MalformedTrailer, split
    from minecheck.core.tomlio import parse_toml
    from minecheck.errors import MinecheckError

    out: dict[str, dict[str, str]] = {}
    for path in files:
        try:
            if not path.is_file() or path.stat().st_size > MAX_SCAN_BYTES:
                continue
            body, _ = split(path.read_bytes())
            text = body.decode("utf-8")
            document, problems = read_document(parse_toml(text, str(path)), text, str(path))
        except (OSError, UnicodeDecodeError, MalformedTrailer, MinecheckError, ValueError):
            continue
        if isinstance(document, FindingsDoc) and not problems:
            items = out.setdefault(document.inspection.id, {})
            items.update((f.item, f.result) for f in document.findings)
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
