"""Merged documents (SPEC 2.5): the envelope, the consolidated view, and checking both.

A merged body embeds each source file byte-exact as a single-line TOML string, sorted by the
sha256 of its bytes, so the same sources always give the same body whatever order they came in.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from minecheck.core import tomlwrite
from minecheck.core.documents import (
    FUTURE_SLACK,
    FindingsDoc,
    Header,
    Inspection,
    MergedDoc,
    utc_text,
)
from minecheck.core.sanitize import quoted
from minecheck.core.schema import Say, english
from minecheck.core.trust import TrustStatus
from minecheck.errors import SHOWN_CHARACTERS, WARNING, Problem

if TYPE_CHECKING:
    from minecheck.core.seal import Judge, Verdict

MAX_DEPTH = 3  # a merged file may hold merged files, three levels in all


@dataclass(frozen=True, slots=True)  # (150,000 in a merged file of 6 x 25,000 findings)
class Consolidated:
    inspection: str
    item: str
    result: str  # the shared result, or "inconsistent"
    by: tuple[str, ...]  # "principal: result", sorted

    def fields(self) -> dict[str, Any]:
        return {
            "inspection": self.inspection,
            "item": self.item,
            "result": self.result,
            "by": list(self.by),
        }


@dataclass(frozen=True)
class Source:
    sha256: str
    text: str  # (as the body holds it: its bytes made when asked, one source at a time)

    @property
    def file(self) -> bytes:
        return self.text.encode("utf-8")


def agreed(results: Iterable[str]) -> str:
    """The shared result, or `inconsistent`; a not-checked answer does not overrule a real one."""
    distinct = set(results)
    if len(distinct) > 1:
        distinct.discard("not-checked")
    return distinct.pop() if len(distinct) == 1 else "inconsistent"


def consolidate(leaves: Iterable[tuple[str, FindingsDoc]]) -> tuple[Consolidated, ...]:
    """One entry per (inspection, item) over the findings leaves (signer, document), each
    document once (`findings_leaves`)."""
    return tuple(_consolidating(leaves))


def _consolidating(leaves: Iterable[tuple[str, FindingsDoc]]) -> Iterator[Consolidated]:
    """`consolidate`'s entries in order, made one at a time."""
    answers: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
    for signer, doc in leaves:
        for f in doc.findings:
            answers[(doc.inspection.id, f.item)].add((signer, f.result))
    for (iid, item), said in sorted(answers.items()):
        yield Consolidated(
            iid, item, agreed(r for _, r in said), tuple(sorted(f"{s}: {r}" for s, r in said))
        )


def _agrees(recorded: Sequence[Consolidated], leaves: Iterable[tuple[str, FindingsDoc]]) -> bool:
    """`tuple(recorded) == consolidate(leaves)`, each entry made and compared in turn (a
    merged file of 150,000 entries held a second 150,000 beside the first)."""
    count = 0
    for entry in _consolidating(leaves):
        if count >= len(recorded) or recorded[count] != entry:
            return False
        count += 1
    return count == len(recorded)


def leaves_of(verdict: Verdict) -> list[Verdict]:
    """The findings and follow-up documents inside a verdict, nested merges flattened."""
    if verdict.sources:
        return [leaf for source in verdict.sources for leaf in leaves_of(source)]
    return [verdict]


def document_identity(document_id: str | None, kind: str | None, key_blob: bytes | None) -> str:
    """A document as merges and reports tell it from another: its id, its kind and the key that
    signed it. A signer who gives a document another's id makes a document of its own, and so
    does one whose follow-up carries its findings' id; two differing copies of one document are
    copies one key made (`identity_key` gives the key's part back)."""
    return f"{document_id} {kind} {key_digest(key_blob)}"


def key_digest(key_blob: bytes | None) -> str:
    """A short digest of the key that signed a document (what an event carries for the fold)."""
    return hashlib.blake2b(key_blob or b"", digest_size=12).hexdigest()


def identity_key(identity: str) -> str:
    """The key's digest in a `document_identity`."""
    return identity.rpartition(" ")[2]


def identity(verdict: Verdict) -> str:
    """A checked file's `document_identity`."""
    key = verdict.signature.public_key.blob if verdict.signature else None
    return document_identity(verdict.document_id, verdict.format, key)


def each_findings_leaf(verdicts: Iterable[Verdict]) -> Iterator[tuple[Verdict, FindingsDoc]]:
    """The findings documents inside the verdicts (each leaf's verdict, where it sits, and its
    document), each once."""
    seen: set[str] = set()
    for v in verdicts:
        for leaf in leaves_of(v):
            if isinstance(leaf.document, FindingsDoc) and identity(leaf) not in seen:
                seen.add(identity(leaf))
                yield leaf, leaf.document


def findings_leaves(verdicts: Iterable[Verdict]) -> list[tuple[str, FindingsDoc]]:
    """The findings documents inside the verdicts (signer, document), each once."""
    return [(doc.header.signer, doc) for _, doc in each_findings_leaf(verdicts)]


@dataclass(frozen=True)
class Site:
    """A site documents of one inspection name: its code, and the names it is given with that
    code (in two languages: one mine); or a name written without a code."""

    names: tuple[str, ...]
    code: str | None = None

    def said(self, say: Say = english) -> str:
        """ "names (code)" in `say`'s words (the language's brackets), or the name."""
        if self.code is None:
            return self.names[0]
        return say("{name} ({detail})", name=" / ".join(self.names), detail=self.code)


# The brackets a name written without a code may give the code in, English's and Chinese's
# (how `Site.said` writes a coded site in each language)
_CODE_BRACKETS = ((" (", ")"), ("（", "）"))


class Sited(Protocol):
    """What names an inspection's site: an `Inspection`, a `Visit`."""

    @property
    def site(self) -> str: ...

    @property
    def site_id(self) -> str | None: ...


def sites_of(inspections: Iterable[Sited]) -> list[Site]:
    """The sites documents of one inspection name: a site is its code where it has one, and a
    name written without a code is the coded site of that name, or of that name with the code
    after it in either language's brackets (`Demo mine (HLJ-0001)`, `演示矿（HLJ-0001）`). More
    than one: an inspection id used at two mines. Judged once, whatever the language the sites
    are then said in (`sites_said`)."""
    coded: dict[str, set[str]] = defaultdict(set)
    bare: set[str] = set()
    for ins in inspections:
        if ins.site_id:
            coded[ins.site_id].add(ins.site)
        else:
            bare.add(ins.site)
    taken = _codes_named(coded)
    return [Site(tuple(sorted(names)), code) for code, names in sorted(coded.items())] + [
        Site((name,)) for name in sorted(bare - taken.keys())
    ]


def _codes_named(coded: dict[str, set[str]]) -> dict[str, set[str]]:
    """A name written without a code -> the codes of the sites it names (`sites_of`): each
    name a coded site is given, the names joined, and each with the code in brackets after it."""
    taken: dict[str, set[str]] = defaultdict(set)
    for code, names in coded.items():
        for name in (*names, " / ".join(sorted(names))):
            taken[name].add(code)
            for opening, closing in _CODE_BRACKETS:
                taken[f"{name}{opening}{code}{closing}"].add(code)
    return taken


def sites_said(sites: Iterable[Site], say: Say = english) -> list[str]:
    """The sites in `say`'s words, in the order of those words (`--json` keeps English's)."""
    return sorted({site.said(say) for site in sites})


def items_of_two_checklists(answered: Iterable[tuple[str, Iterable[str]]]) -> dict[str, set[str]]:
    """Item -> checklists, for the items documents of one inspection answer from different
    checklists ((checklist id, items) per document): a finding is `<inspection>/<item>`, so
    such answers are taken as one finding (versions of one checklist share their ids)."""
    seen: dict[str, set[str]] = defaultdict(set)
    for checklist, items in answered:
        for item in items:
            seen[item].add(checklist)
    return {item: lists for item, lists in seen.items() if len(lists) > 1}


def versions_of_one_checklist(
    answered: Iterable[tuple[str, str, str, Iterable[str]]],
) -> dict[str, tuple[list[str], list[str]]]:
    """Checklist -> (items, texts) for the items documents of one inspection answer from
    different texts of one checklist ((checklist id, version, sha256, items) per document): a
    revised checklist may word an item otherwise, or give its id to another check, yet the
    answers are taken as one finding. A text is named by its version; two texts under one
    version (a changed file kept its version) are told apart by their digest."""
    texts: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
    for checklist, version, sha256, items in answered:
        for item in items:
            texts[checklist, item].add((version, sha256))
    items_of: dict[str, list[str]] = defaultdict(list)
    texts_of: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for (checklist, item), found in sorted(texts.items()):
        if len(found) > 1:
            items_of[checklist].append(item)
            texts_of[checklist] |= found
    out: dict[str, tuple[list[str], list[str]]] = {}
    for checklist, items in items_of.items():
        versions = [version for version, _ in texts_of[checklist]]
        named = sorted(
            version if versions.count(version) == 1 else f"{version} sha256 {sha256[:12]}"
            for version, sha256 in texts_of[checklist]
        )
        out[checklist] = (items, named)
    return out


CHECKLIST_VERSIONS_DIFFER = (
    "inspection {id}: {items} answered from different versions of checklist {checklist} "
    "({versions}); their answers are taken as one finding, though an item may ask otherwise "
    "in each version"
)
CHECKLISTS_DIFFER = (
    "inspection {id}: {items} answered from different checklists ({checklists}); their "
    "answers are taken as one finding"
)
ANSWERED_TWICE = (
    "inspection {id}: {signer} answered it twice, in {earlier} (created {first}) and in "
    "{later} (created {second}, the later), differently on {items}; both answers count, as "
    "two inspectors' would: if the later corrects the earlier, leave the earlier file out of "
    "the report"
)
# The earlier document inside a merged file: it is left out by extracting the merged file's
# sources and merging them again without it.
ANSWERED_TWICE_MERGED = (
    "inspection {id}: {signer} answered it twice, in {earlier} (created {first}) and in "
    "{later} (created {second}, the later), differently on {items}; both answers count, as "
    "two inspectors' would: if the later corrects the earlier, extract {merged} and merge its "
    "sources again without the earlier one"
)
# Both signed in the same second (`created` keeps whole seconds): neither is the later.
ANSWERED_TWICE_AT_ONCE = (
    "inspection {id}: {signer} answered it twice, in {earlier} and in {later}, both created "
    "{first} (in the same second: which is the later cannot be told), differently on {items}; "
    "both answers count, as two inspectors' would: if one corrects the other, leave the one "
    "it corrects out of the report"
)
ANSWERED_TWICE_AT_ONCE_MERGED = (
    "inspection {id}: {signer} answered it twice, in {earlier} and in {later}, both created "
    "{first} (in the same second: which is the later cannot be told), differently on {items}; "
    "both answers count, as two inspectors' would: if one corrects the other, extract "
    "{merged} and merge its sources again without the one it corrects"
)
# Inspections of one mine on one day, each under its own id, recording one hidden danger: each
# is a finding of its own in reports, and each inspection's majors make the others repeats.
SEPARATE_INSPECTIONS = (
    "{site}: {count} inspections on {day} ({inspections}) record {items} as a hidden danger, "
    "each counted apart in reports (its majors flagged repeat-major); if they were one joint "
    "inspection, its inspectors give it one id (inspect --inspection-id)"
)


# A signer as `SameDay` names it: the principal, and "" where its key is trusted here, else
# the document's trust status (`untrusted-key`, ...)
SignedBy = tuple[str, str]


@dataclass(frozen=True)
class SameDay:
    """Inspections of one site finished on one day (as each records its day) that record the
    same items as hidden dangers: (inspection id, its signers) each, and those items; `path`,
    the first (by path) of their documents (where a report says it)."""

    site: Site
    day: dt.date
    inspections: tuple[tuple[str, tuple[SignedBy, ...]], ...]
    items: tuple[str, ...]
    path: str = ""

    def said(self, say: Say = english, named: int | None = None) -> str:
        """The warning (SEPARATE_INSPECTIONS) in `say`'s words; with `named`, only the first
        `named` inspections named and the rest counted (`brief`)."""
        shown = self.inspections if named is None else self.inspections[:named]
        listed = say("; ").join(
            say("{id} by {signers}", id=iid, signers=[_signer_said(s, say) for s in signers])
            for iid, signers in shown
        )
        if len(shown) < len(self.inspections):
            listed = say(
                "{named}; and {count} more (--json lists every one)",
                named=listed,
                count=len(self.inspections) - len(shown),
            )
        return say(
            SEPARATE_INSPECTIONS,
            site=self.site.said(say),
            count=len(self.inspections),
            day=self.day.isoformat(),
            inspections=listed,
            items=list(self.items),
        )

    def brief(self, say: Say, whole: str, before: str = "") -> str | None:
        """What a terminal is shown of the warning said whole as `whole`, where its line is
        longer than a terminal shows (`SHOWN_CHARACTERS`, whose cut fell inside the list of some
        160 inspections and more, and their items and advice were never seen): the first
        NAMED_INSPECTIONS named and the rest counted. The line is `minecheck: warning: `,
        `before` (a report's `PATH: `) and the message: a message that fits alone lost its
        advice's end to them. None: shown whole."""
        line = len(WARNING) + len(before) + len(whole)
        return self.said(say, NAMED_INSPECTIONS) if line > SHOWN_CHARACTERS else None


def signed_by(signer: str, status: TrustStatus) -> SignedBy:
    """A document's signer as `core.merge.SameDay` names it: its status beside it where its key
    is not trusted here (such a document is merged or counted only when asked for)."""
    return signer, "" if status == TrustStatus.TRUSTED else status.value


def _signer_said(signer: SignedBy, say: Say) -> str:
    """A signer as `SameDay.said` names it: one whose key is not trusted here (merged with
    --allow-untrusted, counted with --include-untrusted) is said so, with its status."""
    principal, status = signer
    if not status:
        return principal
    return say("{signer} (not trusted here: {status})", signer=principal, status=status)


# how many of a great many inspections of one mine on one day a terminal is told by id
NAMED_INSPECTIONS = 10


class Visit(NamedTuple):
    """An inspection as `same_day_inspections` takes it: its id, its site's name and code, its
    checklist, and the day where the report is made (`core.loop.day`, the reports' day). The
    reports keep it in their spill (report/spill.py) and read it back without the document."""

    id: str
    site: str
    site_id: str | None
    checklist: str
    day: dt.date


def visit(ins: Inspection) -> Visit:
    """The inspection as `same_day_inspections` takes it (`Visit`)."""
    from minecheck.core.loop import day as local_day

    return Visit(ins.id, ins.site, ins.site_id, ins.checklist, local_day(ins.finished))


def same_day_key(v: Visit, named: Mapping[str, str] | None = None) -> tuple[str, str, dt.date]:
    """What inspections of one site, checklist and day share (`same_day_inspections`): the
    site's code, else the code `named` gives its name (merge's reading, `sites_of`; the reports
    count a mine written by its name alone as a site of its own, and give no `named`), else its
    name; the checklist; the day where the report is made (`Visit.day`)."""
    place = v.site_id or (named.get(v.site) if named else None) or f"\0{v.site}"
    return (place, v.checklist, v.day)


# A findings document as `same_day_inspections` takes it: its signer (`SignedBy`), its
# inspection's visit, the items it records as hidden dangers, its path.
SameDayDoc = tuple[SignedBy, Visit, Iterable[str], str]


def same_day_inspections(docs: Iterable[SameDayDoc]) -> list[SameDay]:
    """Of findings documents (`SameDayDoc` each), the groups of two or more inspections of one
    site (its code, else the code its name is given among `docs`, as `sites_of` has it, else its
    name) and checklist on one day (`same_day_key`) whose hidden dangers share an item: teams
    that went together without one inspection id. Merge and the reports (report/stream.py's
    `separate_inspections`) both judge so.
    """
    docs = list(docs)
    coded: dict[str, set[str]] = defaultdict(set)
    for _, ins, _, _ in docs:
        if ins.site_id:
            coded[ins.site_id].add(ins.site)
    # a name written without a code is the site of the one code it names, as `sites_of` has it
    named = {name: code for name, (code, *more) in _codes_named(coded).items() if not more}
    Kept = tuple[set[SignedBy], set[str], Visit, set[str]]  # signers, items, visit, paths
    groups: dict[tuple[str, str, dt.date], dict[str, Kept]] = defaultdict(dict)
    for signer, ins, items, path in docs:
        signers, dangers, _, paths = groups[same_day_key(ins, named)].setdefault(
            ins.id, (set(), set(), ins, set())
        )
        signers.add(signer)
        dangers.update(items)
        paths.add(path)
    out = []
    for (_, _, day), by_id in sorted(groups.items()):
        count: dict[str, int] = defaultdict(int)
        for _, dangers, _, _ in by_id.values():
            for item in dangers:
                count[item] += 1
        shared = sorted(item for item, n in count.items() if n > 1)
        if not shared:
            continue
        ids = sorted(iid for iid, kept in by_id.items() if kept[1].intersection(shared))
        [site, *_] = sites_of(kept[2] for kept in by_id.values())  # (one site)
        said = tuple((iid, tuple(sorted(by_id[iid][0]))) for iid in ids)
        path = min(path for iid in ids for path in by_id[iid][3])
        out.append(SameDay(site, day, said, tuple(shared), path))
    return out


SITES_DIFFER = (
    "inspection {id}: its documents name different sites: {sites}; an inspection is at one "
    "site (was an inspection id used again?)"
)


def merged_body(
    header: Header, sources: Sequence[bytes], consolidated: Sequence[Consolidated]
) -> bytes:
    """The BODY of a merged document; sources are de-duplicated and sorted by their sha256."""
    unique = {hashlib.sha256(s).hexdigest(): s for s in sources}
    fields = replace(header, source_count=len(unique)).fields()

    def render(marks: bool) -> bytes:
        parts = [tomlwrite.table("minecheck", fields)]
        parts.extend(
            tomlwrite.table("consolidated", c.fields(), array=True, marks=marks)
            for c in consolidated
        )
        for sha in sorted(unique):
            source = {"sha256": sha, "file": unique[sha].decode("utf-8")}
            parts.append(tomlwrite.table("source", source, array=True, marks=marks))
        return ("\n".join(parts) + "\n").encode("utf-8")

    return tomlwrite.plausible(render)


def _entry(raw: Any, share: Callable[[Any, Any], Any] | None = None) -> Consolidated | None:
    """A consolidated entry's table read, or None when it is not inspection/item/result/by;
    with `share` (`documents.sharing`), its texts held once across the document."""
    if type(raw) is Consolidated:  # (read as its piece was parsed: `read_pieces`)
        return raw
    by = raw.get("by") if isinstance(raw, dict) else None
    if (
        not isinstance(raw, dict)
        or set(raw) != {"inspection", "item", "result", "by"}
        or not all(isinstance(raw[k], str) for k in ("inspection", "item", "result"))
        or not isinstance(by, list)
        or not all(isinstance(b, str) for b in by)
    ):
        return None
    inspection, item, result = raw["inspection"], raw["item"], raw["result"]
    if share is None:
        return Consolidated(inspection, item, result, tuple(by))
    said = tuple(share(b, b) for b in by)
    return Consolidated(
        share(inspection, inspection), share(item, item), share(result, result), share(said, said)
    )


def _source(raw: Any) -> Source | None:
    """A source's table read, or None when it is not a table of sha256 and file."""
    if type(raw) is Source:
        return raw
    if (
        not isinstance(raw, dict)
        or set(raw) != {"sha256", "file"}
        or not isinstance(raw["sha256"], str)
        or not isinstance(raw["file"], str)
    ):
        return None
    return Source(raw["sha256"], raw["file"])


def read_pieces(text: str, start: int) -> dict[str, list[Any]]:
    """The `consolidated` and `source` arrays of a merged body's text[start:], read a piece at
    a time (`tomlio.each_piece`): each table read into its model as its piece is parsed (equal
    values held once), a table that is not one kept as parsed for `read_structure` to name.
    The arrays in the order the body first gives them; `Unpieced` as `each_piece` raises it."""
    from minecheck.core.documents import sharing
    from minecheck.core.tomlio import MERGED_ARRAYS, each_piece

    share = sharing()
    arrays: dict[str, list[Any]] = {}
    for piece in each_piece(text, start, MERGED_ARRAYS):
        for name, tables in piece.items():
            kept = arrays.setdefault(name, [])
            while tables:
                raw = tables.pop()
                read = _entry(raw, share) if name == "consolidated" else _source(raw)
                kept.append(raw if read is None else read)
    return arrays


def read_structure(doc: MergedDoc) -> tuple[list[Consolidated], list[Source], list[str]]:
    """The consolidated entries and sources of a merged body, and what is wrong with its shape."""
    errors: list[str] = []
    tables = doc.tables
    for k in tables:
        if k not in ("consolidated", "source"):
            errors.append(f"unknown key {quoted(k)} in a merged document")
    consolidated: list[Consolidated] = []
    raw_c = tables.get("consolidated", [])
    if not isinstance(raw_c, list):
        errors.append("consolidated must be an array of tables")
        raw_c = []
    for i, raw in enumerate(raw_c):
        entry = _entry(raw)
        if entry is None:
            errors.append(f"consolidated entry {i + 1} is not inspection/item/result/by")
            continue
        consolidated.append(entry)
    sources: list[Source] = []
    raw_s = tables.get("source", [])
    if not isinstance(raw_s, list):  # (`[source]`: there, and not an array of tables)
        errors.append("source must be an array of tables")
        raw_s = []
    elif not raw_s:
        errors.append("a merged document needs at least one [[source]]")
    for i, raw in enumerate(raw_s):
        source = _source(raw)
        if source is None:
            errors.append(f"source {i + 1} is not a table of sha256 and file")
            continue
        sources.append(source)
    if doc.header.source_count is None:
        errors.append("a merged document needs source_count in [minecheck]")
    return consolidated, sources, errors


def worst(statuses: Iterable[TrustStatus]) -> TrustStatus:
    """The worst of the statuses (trusted when there are none)."""
    order = list(TrustStatus)
    return min(statuses, key=order.index, default=TrustStatus.TRUSTED)


def held_within(verdict: Verdict) -> Iterator[Verdict]:
    """A verdict and every document inside it, merged ones among them, at every depth."""
    yield verdict
    for source in verdict.sources:
        yield from held_within(source)


def _signed_after(merger: Verdict, sources: Sequence[Verdict]) -> str | None:
    """Why a merged file cannot be as old as it says: a document it holds, directly or inside a
    merged source, states a signed time later than its own (beyond the slack a fast clock is
    allowed), or None. (Compared with its direct sources alone, a merge of merges could be
    dated the slack once per level before the findings inside it.)"""
    assert merger.document is not None
    created = merger.document.header.created
    for source in (held for s in sources for held in held_within(s)):
        signed = source.document.header.created if source.document else None
        if signed is not None and signed - created > FUTURE_SLACK:
            return SIGNED_AFTER_THE_MERGE.format(
                source=source.path, signed=utc_text(signed), created=utc_text(created)
            )
    return None


# A merged file holds the exact bytes of each source, signed time included: a source signed
# after it contradicts the merger's `created` (back-dated, or the source's time is false).
SIGNED_AFTER_THE_MERGE = (
    "source {source} was signed at {signed}, after the merged file that holds it ({created}): "
    "one of the two signed times is not true"
)


def check_merged(
    merger: Verdict,
    trust: Judge,
    depth: int,
    *,
    now: dt.datetime | None = None,
    at: dt.datetime | None = None,
) -> Verdict:
    """Check a merged document whose own signature verified: its structure and every source."""
    from minecheck.core.seal import examine

    assert isinstance(merger.document, MergedDoc)
    path = merger.path

    def broken(detail: str, sources: tuple[Verdict, ...] = ()) -> Verdict:
        problem = Problem("merged", detail, path)
        return replace(
            merger,
            status=TrustStatus.MALFORMED,
            detail=detail,
            sources=sources,
            problems=(*merger.problems, problem),
        )

    if depth > MAX_DEPTH:
        return broken(f"merged documents are nested more than {MAX_DEPTH} deep")
    consolidated, sources, errors = read_structure(merger.document)
    if errors:
        return broken("; ".join(errors))
    if merger.document.header.source_count != len(sources):
        stated = merger.document.header.source_count
        if len(sources) == 1:
            return broken(f"source_count is {stated}, but the document holds 1 source")
        return broken(f"source_count is {stated}, but the document holds {len(sources)} sources")
    # each source's bytes made from its text, checked and let go before the next's
    for i, source in enumerate(sources, 1):
        if hashlib.sha256(source.file).hexdigest() != source.sha256:
            return broken(f"source {i}: its sha256 does not match its bytes")
    shas = [s.sha256 for s in sources]
    if len(set(shas)) != len(shas):
        return broken("a source appears more than once")
    if shas != sorted(shas):
        return broken("the sources are not in sha256 order, as minecheck writes them")
    verdicts = tuple(
        examine(s.file, f"{path}#{i}", trust, now=now, at=at, depth=depth + 1)
        for i, s in enumerate(sources, 1)
    )
    del sources
    known = [identity(x) for v in verdicts for x in leaves_of(v) if x.document_id]
    if len(set(known)) != len(known):
        return broken("a source document appears more than once", verdicts)
    # Revocation comes first (SPEC 3): a source whose key was revoked since the merge is read
    # no further, so its findings cannot be part of the consolidated check; the merged file is
    # revoked, not malformed (which would accuse its merger of a forgery).
    revoked = [v for v in verdicts if v.status == TrustStatus.REVOKED]
    if revoked:
        return replace(
            merger,
            status=TrustStatus.REVOKED,
            detail=f"source {revoked[0].path} is revoked: {revoked[0].detail}",
            sources=verdicts,
        )
    damaged = [v for v in verdicts if v.status == TrustStatus.MALFORMED]
    if damaged:
        return broken(f"source {damaged[0].path} is malformed: {damaged[0].detail}", verdicts)
    later = _signed_after(merger, verdicts)
    if later is not None:
        return broken(later, verdicts)
    if not _agrees(consolidated, findings_leaves(verdicts)):
        return broken("consolidated does not equal what the sources give", verdicts)
    del consolidated
    least = worst(v.status for v in verdicts)
    # A source with a bad signature or none comes before how the merger's own key is judged
    # (SPEC 3's order), as summary and export name the file; among keys signed but not
    # trusted, the merger's own status is the file's.
    unsound = least in (TrustStatus.BAD_SIGNATURE, TrustStatus.UNSIGNED)
    if merger.status != TrustStatus.TRUSTED and not unsound:
        return replace(merger, sources=verdicts)
    if least == TrustStatus.TRUSTED:
        return replace(merger, sources=verdicts)
    bad = next(v for v in verdicts if v.status == least)
    return replace(
        merger,
        status=least,
        detail=source_said(bad.path, least, bad.detail),
        sources=verdicts,
    )


def source_said(path: str, status: TrustStatus, detail: str) -> str:
    """What a merged file's verdict says of the source that judged it (its worst): every reader
    of a merged file says it in these words (`report.corpus` reads it off a verdict too)."""
    return f"source {path} is {status.value}: {detail}"
