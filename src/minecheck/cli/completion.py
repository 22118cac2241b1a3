"""Shell completion: checklist ids, draft ids and finding refs.

Completers never raise and never print: a file that cannot be read simply offers nothing. A name
is offered only as it can be shown and typed (`offered`): the shell lists candidates on the
terminal as they are.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from minecheck import paths

if TYPE_CHECKING:
    from minecheck.core.documents import Event
    from minecheck.core.loop import SignedEvent
    from minecheck.core.trust import TrustStore
    from minecheck.errors import MinecheckError
    from minecheck.report.corpus import Leaf

MAX_SCAN_BYTES = 4 * 1024 * 1024
# an event's place in the order the fold takes events in (`core.loop.SignedEvent.order`): its
# time, then its document's signed time and id, then its place in the document (of two events
# in one second, the one listed or signed later comes later)
Order = tuple[dt.datetime, dt.datetime, str, int]
# a file found where findings are looked for that did not verify: its status (`bad-signature`,
# `malformed`, `unreadable`, ...). Its documents are not read (a document that does not verify
# never is), so which inspections it holds only its bytes may tell
Failed = str
# what reports count as a hidden danger: a non-compliance, or inspectors who disagree
HIDDEN = ("noncompliant", "inconsistent")


@dataclass
class Known:
    """When each inspection began, each hidden danger's deadline and which are major, from
    findings files: to check an event no report would apply."""

    began: dict[str, dt.datetime] = field(default_factory=dict)  # id → earliest start
    deadlines: dict[str, dt.date] = field(default_factory=dict)  # ref → earliest deadline
    # refs a findings file grades major (a report takes the gravest grade: major in every one)
    majors: set[str] = field(default_factory=set)
    # inspection id → the principals who signed its findings (set its deadlines): the
    # authority whose order an extension moves
    recorders: dict[str, set[str]] = field(default_factory=dict)
    # minecheck's own trust list, where there is one: a follow-up it does not trust (a key
    # revoked since, a signer no longer listed) reports nothing here, as in every report
    trust: TrustStore | None = None
    # inspection id → the fingerprints of the keys that signed them: one key under two names
    # is one signer, as the fold takes it (`core.loop._by_rectifier`)
    recorder_keys: dict[str, set[str]] = field(default_factory=dict)
    # ref → every event's place in the fold's order, whatever its action: `followup` signs in
    # the next second one that would tie another in time and signing second (`same_second`)
    placed: dict[str, list[Order]] = field(default_factory=dict)
    # ref → every event they sign, as the fold of a report takes it (`core.loop.fold`): the
    # state each hidden danger is in when an event is signed (`_refs.RefResolver.folded`)
    events: dict[str, list[SignedEvent]] = field(default_factory=dict)

    def trusts(self, leaf: Leaf) -> bool:
        """Whether a signed follow-up's events, or a signed findings document's grades and
        deadlines, count: trusted as a report judges it, where a trust list is at hand; else by
        its signature alone."""
        if self.trust is None:
            return True
        from minecheck.core.seal import clock
        from minecheck.core.trust import TrustStatus
        from minecheck.report.corpus import judge_leaf

        return judge_leaf(leaf, self.trust, clock())[0] == TrustStatus.TRUSTED


def own_trust() -> tuple[TrustStore | None, MinecheckError | None]:
    """minecheck's own trust list (allowed signers and revoked keys), where its allowed
    signers file is there and can be read; else None, with what kept it from being read (the
    error every report made with it stops at: its message, and the file at fault as its path)
    where it is there."""
    import os

    from minecheck.core.trust import load_trust
    from minecheck.errors import MinecheckError

    try:
        allowed = paths.allowed_signers_file()
        if not os.path.lexists(allowed):
            return None, None
        return load_trust(allowed, paths.revoked_keys_file()), None
    except MinecheckError as e:
        return None, e


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


def findings_answers(
    files: Iterable[Path | tuple[str, bytes]],
    known: Known | None = None,
    failed: dict[str, Failed] | None = None,
) -> dict[str, dict[str, set[str]]]:
    """Inspection id → item → every result the findings among `files` give it; `known`, where
    given, gathers when each inspection began and each deadline too; `failed`, where given, the
    regular files none of whose documents verified (`Failed`). A file given with its bytes is
    read from them; one found by name is read only if it is a regular file of at most
    MAX_SCAN_BYTES (else left out)."""
    from minecheck.core.loop import EARLIEST
    from minecheck.core.sshsig import BEGIN
    from minecheck.errors import InputError, UnreadableInput
    from minecheck.fileio import read_limited
    from minecheck.report.corpus import read_document_file

    armor = BEGIN.encode()
    out: dict[str, dict[str, set[str]]] = {}
    for file in files:
        if isinstance(file, tuple):  # a file named on purpose, read by the caller
            path, data = file  # (its name as typed)
        else:  # a file found here: a regular one only, never waited on, never large
            path = str(file)
            try:
                data = read_limited(path, MAX_SCAN_BYTES, "document", pipe_ok=False)
            except UnreadableInput:
                if failed is not None and os.path.isfile(path):  # (not a FIFO, not a folder)
                    failed[path] = "unreadable"
                continue
            except InputError:
                continue
        result = read_document_file(data, path)
        # (only a signed file: an events file, a note, any TOML not minecheck's is no findings)
        unsigned = all(leaf.status != "signed" for leaf in result.leaves)
        if failed is not None and armor in data and unsigned:
            failed[path] = result.outer.status
        for leaf in result.leaves:
            if known is not None and leaf.events and leaf.status == "signed" and known.trusts(leaf):
                at = (leaf.created or EARLIEST, leaf.document_id or "")
                _note_events(leaf.events, leaf.signer, leaf.key_blob, path, at, known)
            if leaf.inspection is not None and leaf.status == "signed":
                iid = leaf.inspection.id
                items = out.setdefault(iid, {})
                for f in leaf.findings:
                    items.setdefault(f.item, set()).add(f.result)
                if known is None or not known.trusts(leaf):  # (graded as every report grades)
                    continue
                if leaf.signer:
                    known.recorders.setdefault(iid, set()).add(leaf.signer)
                if leaf.key_blob:
                    keys = known.recorder_keys.setdefault(iid, set())
                    keys.add(_fingerprint(leaf.key_blob))
                began = known.began.get(iid)
                known.began[iid] = min(leaf.inspection.started, began or leaf.inspection.started)
                for f in leaf.findings:
                    if f.result != "noncompliant":
                        continue
                    ref = f"{iid}/{f.item}"
                    if f.severity == "major":
                        known.majors.add(ref)
                    if f.deadline is not None:
                        due = known.deadlines.get(ref)
                        known.deadlines[ref] = min(f.deadline, due or f.deadline)
    return out


def _fingerprint(blob: bytes) -> str:
    from minecheck.core.sshsig import blob_fingerprint

    return blob_fingerprint(blob)


def _note_events(
    events: Iterable[Event],
    signer: str | None,
    blob: bytes | None,
    path: str,
    document: tuple[dt.datetime, str],
    known: Known,
) -> None:
    """`document`: the follow-up's signed time and id, which place its events in the fold's
    order."""
    from minecheck.core.loop import SignedEvent

    key = _fingerprint(blob) if blob else None
    for i, ev in enumerate(events):
        order = (ev.at, *document, i)
        known.placed.setdefault(ev.finding, []).append(order)
        signed = SignedEvent(ev, signer or "", document[1], i, path, key or "", document[0])
        known.events.setdefault(ev.finding, []).append(signed)


def earliest_day(when: dt.datetime) -> dt.date:
    """The earliest calendar day `when` falls on in any time zone (UTC-12): a report judges an
    event on the local day of the machine making it (`core.loop.day`)."""
    return (when.astimezone(dt.UTC) - dt.timedelta(hours=12)).date()


def offered(names: Iterable[str], incomplete: str) -> list[str]:
    """The `names` that begin with `incomplete` and can be shown as they are, sorted. A file
    name met in a directory may hold what a terminal acts on (an escape sequence, a bidi
    override) or bytes that are not UTF-8; no such name is a draft or checklist id, and the
    shell would list it raw (or, not UTF-8, could not be given it at all)."""
    from minecheck.core.sanitize import for_terminal

    return sorted(n for n in names if n.startswith(incomplete) and for_terminal(n) == n)


def finding_refs(incomplete: str) -> list[str]:
    """Refs `<inspection-id>/<item>` of the hidden dangers in the findings files here."""
    known = known_findings(sorted(Path(".").glob("*.toml")))
    refs = (
        f"{iid}/{item}"
        for iid, items in known.items()
        for item, result in items.items()
        if result in HIDDEN
    )
    return offered(refs, incomplete)


def checklist_ids(incomplete: str) -> list[str]:
    from minecheck.core.checklist import discover

    dirs = [paths.user_checklists_dir(), paths.bundled_checklists_dir()]
    return offered(discover(dirs), incomplete)


def draft_ids(incomplete: str) -> list[str]:
    directory = paths.drafts_dir()
    if not directory.is_dir():
        return []
    return offered((p.stem for p in directory.glob("*.toml")), incomplete)
