"""`minecheck show FILE...`: a findings, follow-up or merged document, readable, with its trust."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any

import typer

from minecheck.cli._batch_inputs import AsOfOpt, parse_as_of
from minecheck.cli._common import AllowedSignersOpt, LangOpt, RevokedKeysOpt, trust_store
from minecheck.cli._damage import restore_hint
from minecheck.cli._listing import listed_documents
from minecheck.cli._names import PATH_TEXT
from minecheck.cli._output import JsonOpt, Reporter, resolve_lang, run
from minecheck.cli._render import local_time, time_cell
from minecheck.core.sanitize import for_terminal
from minecheck.errors import InputError
from minecheck.i18n import joined, list_mark, t

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

    from rich.text import Text

    from minecheck.cli._hung import Hung
    from minecheck.core.documents import Event, Finding, FindingsDoc, FollowUpDoc
    from minecheck.core.seal import Verdict
    from minecheck.report.labels import Labels
    from minecheck.report.rows import FindingRow


def show(
    files_given: Annotated[
        list[str],
        typer.Argument(
            metavar="FILE",
            click_type=PATH_TEXT,
            help="Documents; follow-ups given with findings; - for a list of paths on stdin.",
        ),
    ],
    as_of: AsOfOpt = None,
    allowed_signers: AllowedSignersOpt = None,
    revoked_keys: RevokedKeysOpt = None,
    lang: LangOpt = None,
    json: JsonOpt = False,
) -> None:
    # (its help: cli.HELP["show"])

    def body(rep: Reporter) -> None:
        from minecheck.core.seal import MAX_DOCUMENT_BYTES, examine
        from minecheck.fileio import read_limited
        from minecheck.report.corpus import load_corpus, read_examined
        from minecheck.report.export import row_values

        language = resolve_lang(lang)
        day = parse_as_of(as_of)
        files = listed_documents(files_given)
        store = trust_store(allowed_signers, revoked_keys)
        rep.warn_at_rolled(store.warnings)  # (a cert-authority line skipped: ten told)
        # each file read once: a pipe (`<(cat f)`) gives its bytes to one reader only
        read = [(p, read_limited(p, MAX_DOCUMENT_BYTES, "document")) for p in files]
        documents = rep.spool() if rep.json else None
        verdicts, results = [], []
        read.reverse()  # (each file's bytes let go once read: `pop`)
        while read:
            path, data = read.pop()
            # each body parsed once: the report's reading of it taken from its verdict
            verdict = examine(data, path, store)
            results.append(read_examined(data, verdict))
            del data
            if documents is not None:  # its JSON written now, its findings let go before the next
                documents.add_parts(_doc_parts(verdict))
                verdict = _without_contents(verdict)
            verdicts.append(verdict)
        corpus = load_corpus(results, store, as_of=day, same_day=False)  # (reports say it)
        del results
        from minecheck.core.trust import TrustStatus
        from minecheck.report.labels import Labels

        words = Labels(language)
        for problem in corpus.problems:  # e.g. one document id with two contents: both left out
            said = words.problem(problem)
            # (said as summary and export say it: `path：…` in Chinese; ten of a kind, the
            # rest counted: a merged file of one inspector's 1,000 answers said 999; no
            # separate inspections of a mine's day: `same_day=False` above makes none)
            message = t("{path}: {reason}", path=problem.path, reason=said)
            rep.warn_rolled(message, code=problem.code, path=problem.path)
        rep.kinds_rolled_up()
        rows = {f"{r.inspection}/{r.item}": r for r in corpus.rows}
        from minecheck.report.zone import calendar

        zone = calendar(day)  # the calendar the day is local to, as a summary names it
        rep.data["as_of"] = day.isoformat()
        rep.data["zone"] = zone.data()
        if rep.json:  # (the envelope alone shows them: not made for the terminal)
            # each document's values and each row written to a temporary file as they are
            # made, not held as JSON values until the envelope is written (14x a big file)
            rows_ = rep.spool()
            rows_.extend(row_values(r) for r in corpus.rows if r.is_hidden_danger)
            rep.data["documents"] = documents
            rep.data["rows"] = rows_
            rep.data["rejected"] = [
                {
                    "path": r.path,
                    "finding": r.finding,
                    "action": r.action,
                    "at": _json_value(r.at),
                    "reason": r.reason,
                }
                for r in corpus.rejected
            ]
        refused = {(r.path, r.finding, r.action, r.at): r.reason for r in corpus.rejected}
        titles: dict[tuple[str, str, str], tuple[dict[str, str], str | None]] = {}
        day_said = (day, words.day_in(day.isoformat(), zone))
        left_out: set[str] = set()
        for v in verdicts:
            left_out |= _render(rep, v, rows, language, day_said, refused, titles)
        if left_out:  # (once a run: each file's Sources table says which source is not trusted)
            rep.info(
                t(
                    "inspectors' descriptions and clauses are shown only from sources trusted "
                    "here; the Sources table gives each source's trust"
                )
            )
        # (a key not listed; not one listed but expired or for other files: adding it again
        # would change nothing)
        if TrustStatus.UNTRUSTED_KEY in left_out:
            rep.hint(
                t(
                    "to see them, trust each inspector's key:\n"
                    "  minecheck trust add --principal P --key FILE.pub"
                )
            )
        if any(v.document is None for v in verdicts):
            bad = [v for v in verdicts if v.document is None]
            each = [_left_out_said(v, words) for v in bad]
            hints = [restore_hint(v.path, v.detail, (allowed_signers, revoked_keys)) for v in bad]
            raise InputError(
                t("; ").join(each),
                problems=[p for v in bad for p in v.problems],
                hint=_one_after_another([h for h in hints if h is not None]),
                path=bad[0].path if len(bad) == 1 else None,
            )

    run("show", json, body)


def _left_out_said(v: Verdict, words: Labels) -> str:
    """`path: status: reason` as a message, in the language's punctuation (as summary's)."""
    reason = t("{status}: {reason}", status=v.status.value, reason=words.reason(v.detail))
    return t("{path}: {reason}", path=v.path, reason=reason)


def _without_contents(v: Verdict) -> Verdict:
    """A verdict as `--json` needs it once its document's JSON is written: what is said of a
    document left out (its path, status, detail, problems) and whether it has a document (its
    header alone), not its findings, events or sources."""
    from dataclasses import replace

    from minecheck.core.documents import FindingsDoc, FollowUpDoc, MergedDoc

    doc = v.document
    if isinstance(doc, FindingsDoc):
        doc = replace(doc, findings=())
    elif isinstance(doc, FollowUpDoc):
        doc = replace(doc, events=())
    elif isinstance(doc, MergedDoc):
        doc = replace(doc, tables={})
    return replace(v, document=doc, sources=())


def _doc_parts(v: Verdict) -> Iterator[str]:
    """A document's JSON value (laid out as `json.dumps(..., indent=2)` lays it out, escaped),
    in parts: its findings, events or consolidated entries made and given one at a time."""
    from minecheck.cli._output import laid_out
    from minecheck.core.documents import FindingsDoc, FollowUpDoc, MergedDoc
    from minecheck.core.merge import read_structure

    out: dict[str, Any] = v.as_dict()
    doc = v.document
    listed: Iterable[Any] | None = None
    if isinstance(doc, FindingsDoc):
        out["inspection"] = _json_value(doc.inspection.fields())
        out["findings"], listed = [], (f.fields() for f in doc.findings)
    elif isinstance(doc, FollowUpDoc):
        out["events"], listed = [], (e.fields() for e in doc.events)
    elif isinstance(doc, MergedDoc):
        consolidated, _, _ = read_structure(doc)
        out["consolidated"], listed = [], (c.fields() for c in consolidated)
    text = laid_out(out)
    if listed is None:
        yield text
        return
    # the list is the value's last key: written `[]` at the end, `\n}` after it
    yield text[: -len("[]\n}")]
    inner = "\n    "  # (a list in the value's table: its items indented twice)
    opening = "[" + inner
    for value in listed:
        yield opening + laid_out(_json_value(value)).replace("\n", inner)
        opening = "," + inner
    yield "[]\n}" if opening.startswith("[") else "\n  ]\n}"


def _json_value(value: Any) -> Any:
    """A document's value as JSON: lists and tables as such, a time as ISO 8601 in UTC with
    `Z` (as the other commands write times), a date as YYYY-MM-DD."""
    if isinstance(value, dict):
        return {k: _json_value(x) for k, x in value.items()}
    if isinstance(value, list | tuple):
        return [_json_value(x) for x in value]
    if isinstance(value, dt.datetime):
        from minecheck.core.documents import utc_text

        return utc_text(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _titles(ins: Any, lang: str) -> tuple[dict[str, str], str | None]:
    """(item titles, a note): titles from the installed checklist only when it is the text the
    inspection used (its SHA-256), since a later version may word an item otherwise, or give its
    id to another requirement; else none (ids are shown), and a note saying why when another
    text is installed under that id."""
    from minecheck.cli._common import load_checklist_ref
    from minecheck.errors import MinecheckError

    try:
        cl = load_checklist_ref(ins.checklist)
    except (MinecheckError, OSError):
        return {}, None
    if cl.sha256 != ins.checklist_sha256:
        if cl.version != ins.checklist_version:
            return {}, t(
                "item texts not shown: the installed {checklist} is version {installed}, "
                "not version {version}",
                checklist=cl.id,
                installed=cl.version,
                version=ins.checklist_version,
            )
        return {}, t(
            "item texts not shown: the installed {checklist} {version} is not the text this "
            "inspection used",
            checklist=cl.id,
            version=cl.version,
        )
    return {item.id: item.text(lang) for item in cl.items}, None


def _one_name(name: str) -> str:
    """A name in a list, quoted where it holds a mark a list or its parts are written with
    (`'Li, Wei'`): it read as two names. One that holds a quote too is written in double
    quotes, its own escaped (`"Li', 'Wang"`): between single quotes it read as two quoted
    names (`'Li', 'Wang'`)."""
    from minecheck.core.sanitize import quoted, written

    if not any(mark in name for mark in (",", "、", ";", "；")):
        return name
    return written(name) if "'" in name else quoted(name)


def _event_note(e: Event, words: Labels, lang: str) -> Text:
    """An event's note cell: an acceptance's method and reviewers, an extension's new deadline,
    then the note; a line of the cell breaks between them and between the reviewers (a list
    in Chinese has no blank to break at), each kept whole where it fits."""
    from minecheck.cli._parts import Parts
    from minecheck.cli._render import safe

    said: list[tuple[str, bool]] = []  # (a part, whether it is a reviewer followed by another)
    if e.action == "accepted":
        if e.method:
            said.append((words.value("method", e.method), False))
        last = len(e.reviewers) - 1
        said.extend((_one_name(name), i < last) for i, name in enumerate(e.reviewers))
    if e.new_deadline is not None:
        said.append((t("new deadline {date}", date=e.new_deadline.isoformat()), False))
    if e.note:
        said.append((e.note, False))
    cell = Parts()
    for i, (part, listed) in enumerate(said):
        last = i + 1 == len(said)
        joiner = list_mark(lang) if listed else "" if last else t("; ")
        # (only the note keeps its lines: a name's line break showed one reviewer as two)
        cell.add(safe(part, multiline=last and bool(e.note)), joiner)
    return cell if said else safe(None)


def _render(
    rep: Reporter,
    v: Verdict,
    rows: dict[str, FindingRow],
    lang: str,
    as_of_said: tuple[dt.date, str],
    refused: dict[tuple[str, str, str, dt.datetime], str],
    titles_of: dict[tuple[str, str, str], tuple[dict[str, str], str | None]],
) -> frozenset[str]:
    """One document for the terminal; `titles_of` keeps each checklist text's item titles for
    the run (read and parsed once, not once per document: a day's hundreds of files name a
    few checklists). `as_of_said`: the report's day, and the day as said with its zone. The
    trust of each source whose words a merged file's row leaves out (`_found_by`)."""
    from rich.text import Text

    from minecheck.cli._hung import Hung
    from minecheck.cli._render import Fields, SafeTexts, pair, safe, table
    from minecheck.core.documents import FindingsDoc, FollowUpDoc, MergedDoc
    from minecheck.core.merge import read_structure
    from minecheck.report.labels import Labels

    if rep.json:
        return frozenset()
    words = Labels(lang)
    _, day_said = as_of_said

    def status(code: str) -> str:
        word = words.value("status", code)
        return code if word == code else t("{name} ({detail})", name=word, detail=code)

    def field(label: str, value: str) -> str:
        return t("{label}: ", label=label) + value

    def state_of(row: FindingRow | None) -> str:
        """A hidden danger's state from the fold, with its flags."""
        state = words.value("state", row.state) if row and row.state else "-"
        if row and row.flags:
            flags = (words.value("flag", x) for x in row.flags)
            state += " [" + joined(flags, lang) + "]"
        return state

    head = Text()
    head.append_text(safe(v.path, "bold"))
    if v.format:  # (a file of no format: its name alone, nothing trailing)
        head.append_text(safe(f"  {v.format}", "dim"))
    rep.show(head)
    line = Text(t("{label}: ", label=t("trust")))
    line.append_text(
        safe(status(v.status.value), "green" if v.status.value == "trusted" else "red")
    )
    line.append_text(safe(f"  {words.reason(v.detail)}", "dim"))
    rep.show(line)
    doc = v.document
    if doc is None:
        return frozenset()
    # (no signature: the header's signer is a claim nothing backs, never "signed by")
    signer = t("signer named, not signed") if v.status.value == "unsigned" else t("signed by")
    rep.show(Fields(pair(signer, doc.header.signer), pair(t("created"), _when(doc.header.created))))
    if v.status.value == "trusted" and not isinstance(doc, MergedDoc):  # (see report.corpus)
        not_yet = _not_yet(doc, as_of_said)
        if not_yet is not None:
            rep.show(safe(not_yet, "yellow"))
    if isinstance(doc, FindingsDoc):
        ins = doc.inspection
        site = _site(ins.site, ins.site_id)
        rep.show(Fields(pair(t("site"), site), pair(t("inspector"), ins.inspector)))
        checklist = f"{ins.checklist} {ins.checklist_version}"
        rep.show(Fields(pair(t("checklist"), checklist), pair(t("finished"), _when(ins.finished))))
        # what a follow-up names a finding by: `<inspection id>/<item>` (a prefix will do)
        rep.show(Fields(pair(t("inspection"), ins.id)))
        bad = [f for f in doc.findings if f.result == "noncompliant"]
        if not bad:
            rep.show(safe(t("no non-compliant items"), "dim"))
        else:
            used = (ins.checklist, ins.checklist_version, ins.checklist_sha256)
            if used not in titles_of:
                titles_of[used] = _titles(ins, lang)
            titles, why_not = titles_of[used]
            if why_not is not None:
                rep.show(safe(why_not, "dim"))
            table_ = table(t("ITEM"), t("GRADE"), t("STATE"), t("DEADLINE"), t("DESCRIPTION"))
            table_.title = t("Non-compliant items (as of {date})", date=day_said)
            table_.columns[0].min_width = min(max(len(f.item) for f in bad), 32)  # ids unfolded
            table_.columns[3].no_wrap = True  # a date broken over two lines misreads
            states = {f.item: state_of(rows.get(f"{ins.id}/{f.item}")) for f in bad}
            # a state's flags (`[未记录执法措施]`) fit whole on a line of their own: the
            # description's lines (its clause, where it is) take no column width from them
            table_.columns[2].min_width = min(_flags_width(states.values()), 24) or None
            shared = SafeTexts()  # (a grade, a state, a date: one text for each)
            for f in bad:
                row = rows.get(f"{ins.id}/{f.item}")
                state = states[f.item]
                deadline = row.deadline if row and row.deadline else f.deadline
                # the grade the state, flags and deadline beside it are of: of a joint
                # inspection the gravest any inspector gives (this file's is in `--json`)
                grade = row.severity if row and row.severity else f.severity
                item = safe(f.item)
                if f.item in titles:
                    item.append("\n")
                    item.append_text(safe(titles[f.item], "dim"))
                table_.add_row(
                    item,
                    shared(t(grade) if grade else ""),
                    shared(state),
                    shared(deadline.isoformat() if deadline else "-"),
                    _required(f, field),
                )
            rep.show(table_)
    elif isinstance(doc, FollowUpDoc):
        table_ = table(t("FINDING"), t("ACTION"), t("AT"), t("NOTE"), title=t("Events"))
        table_.columns[0].min_width = _in_two_rows(e.finding for e in doc.events)
        for e in doc.events:
            table_.add_row(
                safe(e.finding),
                safe(words.value("action", e.action)),
                time_cell(e.at),
                _event_note(e, words, lang),
            )
        rep.show(table_)
        if v.status.value != "trusted":  # left out of the fold, as every report leaves it out
            left_out = t(
                "not counted: a document that is not trusted changes no state ({status})",
                status=v.status.value,
            )
            rep.show(safe(left_out, "yellow"))
        for e in doc.events:  # the fold's refusals, each under the table that lists its event
            reason = refused.get((v.path, e.finding, e.action, e.at))
            if reason is not None:
                text = t(
                    "not applied: {action} for {finding} at {at}: {reason}",
                    action=words.value("action", e.action),
                    finding=e.finding,
                    at=f"{e.at:%Y-%m-%d %H:%M}Z",
                    reason=words.reason(reason),
                )
                rep.show(safe(text, "yellow"))
    elif isinstance(doc, MergedDoc):
        consolidated, _, _ = read_structure(doc)
        shown = ("noncompliant", "inconsistent")
        table_ = table(t("FINDING"), t("RESULT"), t("GRADE"), t("STATE"), t("DEADLINE"), t("BY"))
        table_.title = t("Consolidated findings (as of {date})", date=day_said)
        for column in (1, 2, 4):  # a result, a grade, a date: a term, never broken (结论不一致)
            table_.columns[column].no_wrap = True
        refs = (f"{c.inspection}/{c.item}" for c in consolidated if c.result in shown)
        table_.columns[0].min_width = _in_two_rows(refs)
        # an answer on its line where the width allows: the state's flag goes under the state
        # first (a row is three lines tall for its reference and mine anyway), and the columns
        # go two cells apart where that is what it takes
        table_.whole_where_room = frozenset({5})
        shared = SafeTexts()  # (a result, a grade, a state, a date: one text for each)
        of_sources: tuple[dict[tuple[str, str], str], dict[str, str]] | None = None  # (theirs)
        # (what each inspector's own source says of a hidden danger; what an untrusted one does)
        found_by, not_trusted = _found_by(v)
        unseen: set[str] = set()
        for c in consolidated:
            if c.result in shown:
                row = rows.get(f"{c.inspection}/{c.item}")
                # as of the day: of the answers known then (a source signed after it not yet)
                result = row.result if row else c.result
                deadline = row.deadline if row else None
                # the grade of the row beside it, as a findings file's table gives it (the
                # gravest any inspector gives); of a file no report counts, its sources'
                mine: str | None
                if row is not None:
                    grade, mine = row.severity, _site(row.site, row.site_id)
                else:
                    of_sources = _sources_say(v) if of_sources is None else of_sources
                    grade = of_sources[0].get((c.inspection, c.item))
                    mine = of_sources[1].get(c.inspection)
                finding = Hung()
                finding.append_text(safe(f"{c.inspection}/{c.item}"))
                if mine is not None:  # the mine: an inspection id alone says nothing to a reader
                    finding.append("\n")
                    finding.append_text(safe(mine, "dim"))
                # what each inspector found and the clause it cites, as their source says it
                of_each = found_by.get((c.inspection, c.item), {})
                unseen.update(not_trusted.get((c.inspection, c.item), ()))
                for who in (b.rpartition(": ")[0] for b in c.by):  # (`by`'s order)
                    described = _described(of_each[who], field, who) if who in of_each else None
                    if described is not None and described.plain:
                        finding.add(described)
                table_.add_row(
                    finding,
                    shared(t(result)),
                    shared(t(grade) if grade else ""),
                    shared(state_of(row)),
                    shared(deadline.isoformat() if deadline else "-"),
                    # one line an answer: an unsigned merge's `by` is checked against nothing
                    safe("\n".join(for_terminal(_answer_said(b)) for b in c.by), multiline=True),
                )
        above = table_ if table_.row_count else None
        if above is not None:
            rep.show(table_)
        else:  # (a header over no rows, its title folded at its width, said less)
            said = (
                t("no non-compliant items")
                if consolidated
                else t("nothing consolidated: the file records no finding")  # (none readable)
            )
            rep.show(safe(said, "dim"))
        # each source a report of the day does not know yet (of a file left out, none is known)
        for source in _every_source(v) if v.status.value == "trusted" else ():
            known = source.document
            if source.status.value == "trusted" and known and not isinstance(known, MergedDoc):
                not_yet = _not_yet(known, as_of_said)
                if not_yet is not None:
                    said = t("{path}: {reason}", path=source.path, reason=not_yet)
                    rep.show(safe(said, "yellow"))
        table_ = table(t("SOURCE"), t("TRUST"), t("SIGNER"), t("DOCUMENT"), title=t("Sources"))
        table_.under = above  # (its rows begin where the findings' rows above begin)
        for s in _every_source(v):  # those inside merged sources too: which team's file
            table_.add_row(
                safe(s.path),
                safe(status(s.status.value)),
                safe(s.signer or s.fingerprint),
                safe(_what(s)),
            )
        rep.show(table_)
        rep.show(Text(""))
        return frozenset(unseen)
    rep.show(Text(""))
    return frozenset()


def _not_yet(doc: FindingsDoc | FollowUpDoc, as_of_said: tuple[dt.date, str]) -> str | None:
    """What is said of a document no report of the day (a local day) counts yet, as
    `report.corpus` tells one: signed after the day, or its inspection finished after it (signed
    in the day's last minutes, within the clock's slack); None for one known by then."""
    from minecheck.core.documents import FindingsDoc
    from minecheck.core.loop import day

    as_of, day_said = as_of_said
    if day(doc.header.created) > as_of:
        signed, offset = _local(doc.header.created)
        return t(
            "not counted as of {date}: signed at {signed} local time (UTC{offset}), after "
            "that day (a report of that day does not know it yet)",
            date=day_said,
            signed=signed,
            offset=offset,
        )
    if isinstance(doc, FindingsDoc) and day(doc.inspection.finished) > as_of:
        finished, offset = _local(doc.inspection.finished)
        return t(
            "not counted as of {date}: the inspection finished at {finished} local time "
            "(UTC{offset}), after that day (a report of that day does not know it yet)",
            date=day_said,
            finished=finished,
            offset=offset,
        )
    return None


def _local(when: dt.datetime) -> tuple[str, str]:
    """`when` as the local time `day` counts in (`2026-12-01 00:05`), and its offset (`+08:00`;
    `+08:05:43` in 1900)."""
    local = when.astimezone()
    return f"{local:%Y-%m-%d %H:%M}", local.isoformat(timespec="seconds")[19:]


def _flags_width(states: Iterable[str]) -> int:
    """The cells the widest of the states' flags takes with the bracket or comma beside it
    (`[overdue,`, `no-enforcement]`, `[未记录执法措施]`): a line may break between two flags,
    never inside one (0: no state has flags)."""
    import re

    from rich.cells import cell_len

    flags = (s[s.index(" [") + 1 :] for s in states if " [" in s)
    return max((cell_len(f) for x in flags for f in re.split(r"(?<=[,、])\s*", x)), default=0)


def _required(finding: Finding, field: Callable[[str, str], str]) -> Text:
    """A finding's description, the clause it cites (what a major rests on), then what the mine
    must do about it, each on a line of its own: where, the measures ordered, who answers for
    them, the order's number (those recorded)."""
    from minecheck.cli._render import FIELD_LABELS, safe

    cell = _described(finding, field)
    for name in ("location", "measures", "responsible", "enforcement"):
        value = getattr(finding, name)
        if value and value.strip():  # blanks say nothing: no label with nothing after it
            cell.append("\n")
            cell.append_text(safe(field(t(FIELD_LABELS[name]), value), "dim", multiline=True))
    return cell


def _described(finding: Finding, field: Callable[[str, str], str], who: str | None = None) -> Hung:
    """A finding's description, then the clause it cites on a line of its own, `Clause: CODE`
    and each code after it kept on one line where it fits; `who`: the inspector whose source
    says them (a merged file's table), named before the first of the two given, the lines after
    it hanging under their first character after the name (nothing where neither is given)."""
    from minecheck.cli._hung import Hung
    from minecheck.cli._render import safe

    # a blank code cites nothing; each code is one word, its line breaks shown as their
    # escapes (one drew a line of its own, read as another field of the cell)
    codes = [for_terminal(code) for code in finding.basis if code.strip()]
    said = finding.description if finding.description and finding.description.strip() else None
    style = "dim" if who is not None else ""
    cell = Hung()
    if said is not None or who is None:  # (a findings file's cell holds its blank one too)
        cell.append_text(safe(finding.description, style, multiline=True))
    if codes:
        if cell.plain or who is None:
            cell.append("\n")
        begin = len(cell.plain)
        # (the clause dim, as under a findings file's plain description)
        cell.append_text(safe(field(t("Clause"), joined(codes)), "dim", multiline=True))
        mark, at = list_mark(None), begin + len(field(t("Clause"), ""))
        for i, code in enumerate(codes):  # (the label with the first code, each after it alone)
            end = at + len(code) + (len(mark) if i + 1 < len(codes) else 0)
            cell.keep(begin if i == 0 else at, end)
            at = end
    if who is None:
        return cell
    if not cell.plain:
        return Hung()
    # (the lines after its first hang under the name: at the cell's edge, a line `carol@…: all
    # fine` or `Clause: …` of one inspector's text read as another's)
    hung = Hung()
    hung.hang(safe(field(who, ""), style), cell)
    return hung


def _found_by(
    verdict: Verdict,
) -> tuple[dict[tuple[str, str], dict[str, Finding]], dict[tuple[str, str], set[str]]]:
    """The non-compliant findings a merged document's findings sources record, at every depth,
    by (inspection, item) and then by the source's signer, as `by` names each inspector (the
    first such source of a signer's, in the file's order). Only a trusted source's: one that
    verifies against no key trusted here names its signer in words anyone may write, and its
    description is no inspector's (its TRUST column says what it is); the (inspection, item)
    such a source finds non-compliant is given beside them with each such source's trust (a
    key not listed, or listed but expired: what the note's hint may say), its words left out."""
    from minecheck.core.documents import FindingsDoc
    from minecheck.core.trust import TrustStatus

    found: dict[tuple[str, str], dict[str, Finding]] = {}
    not_trusted: dict[tuple[str, str], set[str]] = {}
    for source in _every_source(verdict):
        doc = source.document
        if not isinstance(doc, FindingsDoc) or not source.signer:
            continue
        trusted = source.status == TrustStatus.TRUSTED
        for f in doc.findings:
            if f.result != "noncompliant":
                continue
            key = (doc.inspection.id, f.item)
            if trusted:
                found.setdefault(key, {}).setdefault(source.signer, f)
            else:
                not_trusted.setdefault(key, set()).add(source.status)
    return found, not_trusted


def _answer_said(entry: str) -> str:
    """One inspector's answer as a merged document's `by` records it, in the reader's words."""
    from minecheck.cli.merge import answers_said

    return answers_said([entry])


def _every_source(verdict: Verdict) -> list[Verdict]:
    """A merged document's sources and, after each merged one, its own, at every depth."""
    out = []
    for source in verdict.sources:
        out.append(source)
        out.extend(_every_source(source))
    return out


def _sources_say(verdict: Verdict) -> tuple[dict[tuple[str, str], str], dict[str, str]]:
    """What a merged document's findings sources, at every depth, say of a hidden danger no
    report counts: the grade of each (inspection, item) they find non-compliant (major where
    any gives major, as a report takes it) and each inspection's mine, as `_site` names it and
    as a report's row names it where its sources spell it apart (`sites.row_mine`: the first in
    the file, sorted by its sha256, named it either way as the hashes fell)."""
    from minecheck.core.documents import FindingsDoc
    from minecheck.core.sites import row_mine

    graded: dict[tuple[str, str], str] = {}
    named: dict[str, list[tuple[str, str, str, str | None]]] = {}
    for source in _every_source(verdict):
        doc = source.document
        if not isinstance(doc, FindingsDoc):
            continue
        ins = doc.inspection
        named.setdefault(ins.id, []).append(
            (doc.header.document_id, source.path, ins.site, ins.site_id)
        )
        for f in doc.findings:
            if f.result == "noncompliant":
                key = (doc.inspection.id, f.item)
                graded[key] = "major" if "major" in (f.severity, graded.get(key)) else "general"
    return graded, {iid: _site(*row_mine(spelled)) for iid, spelled in named.items()}


def _what(verdict: Verdict) -> str:
    """What a source is, for the coordinator who asks whose file it was: a findings document's
    site, a follow-up's number of events, a merged document's number of sources."""
    from minecheck.core.documents import FindingsDoc, FollowUpDoc, MergedDoc

    doc = verdict.document
    if isinstance(doc, FindingsDoc):
        ins = doc.inspection
        site = _site(ins.site, ins.site_id)
        return t("findings: {site}", site=site)
    if isinstance(doc, FollowUpDoc):
        if len(doc.events) == 1:
            return t("follow-up: 1 event")
        return t("follow-up: {count} events", count=len(doc.events))
    if isinstance(doc, MergedDoc):
        if len(verdict.sources) == 1:
            return t("merged: 1 source")
        return t("merged: {count} sources", count=len(verdict.sources))
    return "-"


def _when(moment: dt.datetime) -> str:
    """A signed time as signed, in UTC, and beside it the local time and its offset then (the
    clock an inspector's day is on, and the calendar a report counts the document's day in),
    where the local zone is not at UTC at that moment."""
    signed = f"{moment:%Y-%m-%d %H:%M}Z"
    local = local_time(moment)
    if local is None:
        return signed
    return t(
        "{signed} ({local} local time, UTC{offset})", signed=signed, local=local[0], offset=local[1]
    )


def _one_after_another(hints: list[str]) -> str | None:
    """HINTS as one, each after the one before it (`; `), each keeping its lines (a command to
    copy on a line of its own): a `str` join made them one line."""
    from minecheck.i18n import followed

    said = hints[0] if hints else None
    for hint in hints[1:]:
        said = followed(said or "", t("; "), hint)
    return said


def _in_two_rows(refs: Iterable[str]) -> int:
    """The least width of a column of findings' references (`<inspection id>/<item>`, 48
    characters and more) that folds none into more than two rows: narrower, a reference folded
    into six rows of eight cannot be read or copied, and the table is shown one field a line."""
    from rich.cells import cell_len

    return max(((cell_len(ref) + 1) // 2 for ref in refs), default=0)


def _site(site: str, site_id: str | None) -> str:
    """A mine by its name and, where it has one, its code: `Mine A (HLJ-0001)`."""
    return t("{name} ({detail})", name=site, detail=site_id) if site_id else site
