"""`minecheck followup`: sign one rectification event, or many, as a follow-up document."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from minecheck.cli._common import (
    ForceOpt,
    LangOpt,
    check_encoding,
    check_local_zone,
    check_text,
    day_said,
    refuse_existing,
)
from minecheck.cli._names import PATH_TEXT
from minecheck.cli._output import JsonAllOpt, Reporter, resolve_lang, run
from minecheck.cli._refs import RefResolver, event_places, next_second, say_as_signed
from minecheck.cli._signing import KeyOpt, PassphraseFileOpt, SignerOpt, SignOptions
from minecheck.core.documents import FUTURE_SLACK, METHODS, utc_text
from minecheck.core.sanitize import quoted
from minecheck.errors import InputError, Problem, UsageError
from minecheck.i18n import t

if TYPE_CHECKING:
    from collections.abc import Callable

    from minecheck.core.documents import Evidence

MAX_EVENTS_BYTES = 16 * 1024 * 1024
# Stands in for a finding ref already reported as unresolvable, while the rest is checked.
_REPORTED_REF = "00000000-0000-4000-8000-000000000000/reported"
_STAND_IN = dt.date(2000, 1, 1)  # for a new_deadline already reported as unreadable
# Each field of an event typed as options, and the option that gives it: a problem with one is
# said by the option as typed (`--at`), never by the document's field (`event[0].at`)
OPTION_OF = {
    "finding": "FINDING-REF",
    "action": "--action",
    "note": "--note",
    "method": "--method",
    "reviewers": "--reviewer",
    "new_deadline": "--new-deadline",
    "evidence": "--evidence",
    "at": "--at",
}


def _complete_refs(incomplete: str) -> list[str]:
    from minecheck.cli.completion import finding_refs

    return finding_refs(incomplete)


def followup(
    finding: Annotated[
        str | None,
        typer.Argument(
            metavar="FINDING-REF",
            help="<inspection-id>/<item>; an unambiguous prefix of the id will do.",
            autocompletion=_complete_refs,
            show_default=False,
        ),
    ] = None,
    action: Annotated[
        str | None,
        typer.Option(
            "--action",
            metavar="ACTION",
            help="rectified, accepted, rejected, closed, reopened, extended, escalated, withdrawn.",
        ),
    ] = None,
    note: Annotated[
        str | None, typer.Option("--note", metavar="TEXT", help="What was done, or why.")
    ] = None,
    method: Annotated[
        str | None,
        typer.Option(
            "--method",
            metavar="METHOD",
            help="For accepted: self, expert-review, third-party, regulator-onsite.",
        ),
    ] = None,
    reviewer: Annotated[
        list[str] | None,
        typer.Option("--reviewer", metavar="NAME", help="For accepted: a reviewer (repeatable)."),
    ] = None,
    new_deadline: Annotated[
        str | None,
        typer.Option(
            "--new-deadline", metavar="DATE", help="For extended: the new date, YYYY-MM-DD."
        ),
    ] = None,
    evidence: Annotated[
        list[str] | None,
        typer.Option(
            "--evidence",
            metavar="FILE",
            click_type=PATH_TEXT,
            help="A file to hash in (repeatable).",
        ),
    ] = None,
    at: Annotated[
        str | None,
        typer.Option(
            "--at",
            metavar="TIME",
            help="When it happened, e.g. 2026-12-10T09:00:00Z (default: now).",
        ),
    ] = None,
    events: Annotated[
        str | None,
        typer.Option(
            "--events",
            metavar="FILE",
            click_type=PATH_TEXT,
            help="Many events from a TOML or JSON file, or - for stdin. Each event needs only "
            "finding and action (at defaults to now); document_id, created, signer, signer_key "
            "and tool are filled in unless a \\[minecheck] table states them. "
            "See docs/formats.md.",
        ),
    ] = None,
    findings: Annotated[
        list[str] | None,
        typer.Option(
            "--findings",
            metavar="FILE",
            click_type=PATH_TEXT,
            help="Findings file to resolve FINDING-REF against (default: ./*.toml).",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            metavar="PATH",
            help="Where to write the follow-up document: a file, or a directory for the default "
            "name followup-YYYYMMDD-HHMMSS.toml (in the current directory without -o; a short "
            "id is added where that name is taken).",
        ),
    ] = None,
    force: ForceOpt = False,
    key: KeyOpt = None,
    signer: SignerOpt = None,
    passphrase_file: PassphraseFileOpt = None,
    lang: LangOpt = None,
    json: JsonAllOpt = False,
) -> None:
    # (its help: cli.HELP["followup"])

    def body(rep: Reporter) -> None:
        resolve_lang(lang)
        from minecheck.cli._common import refuse_dash

        refuse_dash(output)
        from minecheck.core.documents import utc_now

        check_local_zone()  # the default file name is in local time
        now = utc_now()
        refs = RefResolver(findings)
        typed = {
            "finding": finding,
            "action": action,
            "note": note,
            "method": method,
            "reviewers": reviewer,
            "new_deadline": new_deadline,
            "evidence": evidence,
            "at": at,
        }
        if events is not None:
            clash = [OPTION_OF[field] for field, value in typed.items() if value]
            if clash:
                raise UsageError(
                    t("--events cannot be combined with {options}", options=list(clash))
                )
            raw_events, label, text, given_header = _read_events(events)
            misplaced: list[str] = []
        else:
            if finding is None or action is None:
                raise UsageError(
                    t("give FINDING-REF and --action, or --events FILE"),
                    hint="minecheck followup <inspection-id>/<item> --action rectified --note ...",
                )
            for field, value in typed.items():  # (a file's name is said as a file's, below)
                if field != "evidence":
                    for one in value if isinstance(value, list) else [value]:
                        check_encoding(OPTION_OF[field], one)
            _check_options(action, method, new_deadline, note)
            _check_reviewers(action, method, reviewer)
            misplaced = _misplaced_options(action, method, reviewer, new_deadline)
            raw: dict[str, Any] = {"finding": finding, "action": action}
            if note is not None:
                raw["note"] = note
            if method is not None and action == "accepted":
                # a method not known is said by its option; the schema sees one that needs no
                # reviewer, so that nothing else is said of it in the document's words
                raw["method"] = method if method in METHODS else "self"
            if reviewer and action == "accepted":
                for name in reviewer:  # (an empty one was signed as a reviewer named by nothing)
                    check_text("--reviewer", name)
                raw["reviewers"] = list(reviewer)
            if new_deadline is not None and action == "extended":
                raw["new_deadline"] = new_deadline
            if at is not None:
                raw["at"] = at
            if evidence:
                raw["evidence"] = list(evidence)
            raw_events, label, text, given_header = [raw], t("the command line"), None, {}
        from minecheck.cli.inspect import local_stamp, output_target

        # -o may name a directory, as for inspect; the default name carries the local time
        target = output_target(output, f"followup-{local_stamp(now)}.toml")
        chosen = output is None or target != output  # the default name, maybe in -o DIR
        if not chosen:
            refuse_existing(target, force)
            refs.replacing(target)  # (an earlier run's file, written over: not one of "here")
        base = target.parent if str(target.parent) else Path(".")
        options = SignOptions(key, signer, passphrase_file, force)
        about = label if events is not None else None  # (the file, or <stdin>)

        def build(now: dt.datetime) -> Any:
            return _build(
                raw_events,
                label,
                text,
                refs,
                now,
                base,
                options,
                given_header,
                about,
                misplaced,
                from_stdin=events == "-",
            )

        try:
            doc = build(now)
        except InputError:  # (a file that may hold an inspection sought in vain: said first)
            _unverified_said(rep, refs)
            rep.kinds_rolled_up()
            raise
        if "created" not in given_header and refs.same_second(doc.events, now, base):
            # a follow-up beside it dates an event of its finding at the same time and was
            # signed in this very second (a script's two commands in a row): the fold would
            # take the two by their random ids, so this one is made in the next second
            now = next_second(now)
            doc = build(now)
        if refs.trust_unread is not None:
            rep.warn(
                t(
                    "{problem}: followup judges the follow-ups here by their signatures alone, "
                    "as where minecheck has no trust list of its own",
                    problem=refs.trust_unread.message,
                ),
                code="trust-unread",
                path=refs.trust_unread.path,
                hint=t(
                    "every report made with it stops at it; see what keeps it from being "
                    "read with\n  minecheck trust list"
                ),
            )
        event_at = event_places(about, text)  # (a warning's place, in text and `--json`)
        document = (doc.header.created, doc.header.document_id)  # (the events' place in time)
        header = doc.header
        signed_by = (header.signer, header.signer_key)
        say_as_signed(
            rep, refs, doc.events, signed_by, base, document, event_at, typed=events is None
        )
        from minecheck.core.sanitize import names_no_one

        for i, event in enumerate(doc.events):  # (DOMAIN's three escalations: 停产整顿, ...)
            if event.action == "escalated" and names_no_one(event.note or ""):
                rep.warn_rolled(
                    t(
                        "{ref}: escalated without a note: which escalation it was is not recorded",
                        ref=event.finding,
                    ),
                    code="escalation-unnamed",
                    hint=(  # (a file's key is the word itself: said once)
                        t(
                            "name it in the event's note (--note): suspension for rectification, "
                            "a closure requested, or a transfer to another authority"
                        )
                        if events is None
                        else t(
                            "name it in the event's note: suspension for rectification, a "
                            "closure requested, or a transfer to another authority"
                        )
                    ),
                    **event_at(i),
                )
        _unverified_said(rep, refs)
        for inspection in refs.unchecked:  # (one an inspection: 500 named, ten told)
            rep.warn_rolled(
                t(
                    "no findings file here holds inspection {id}; the event names it as given "
                    "(--findings FILE checks it against the file that holds it)",
                    id=quoted(inspection),
                ),
                code="findings-unchecked",
            )
        rep.kinds_rolled_up()  # (each kind's warnings past ten, counted, once all are said)
        from minecheck.cli._common import write_named
        from minecheck.core.seal import write_sealed
        from minecheck.core.sshsig import NAMESPACE_FINDINGS

        identity = options.identity()

        def write(path: Path) -> None:
            write_sealed(
                path, doc.to_toml(), identity.signer, NAMESPACE_FINDINGS, force=force, say=t
            )

        target = write_named(target, chosen, doc.header.document_id, write)
        rep.data.update(
            {
                "path": str(target),
                "document_id": doc.header.document_id,
                "signer": identity.principal,
                "events": [
                    {"finding": e.finding, "action": e.action, "at": utc_text(e.at)}
                    for e in doc.events
                ],
            }
        )
        rep.print_path(target)

    run("followup", json, body)


def _check_options(action: str, method: str | None, deadline: str | None, note: str | None) -> None:
    """What an action needs, asked for by the options that give it (the schema would name the
    document's fields)."""
    from minecheck.core.documents import ACTIONS, METHODS
    from minecheck.core.sanitize import names_no_one

    if action not in ACTIONS:
        raise UsageError(
            t("--action {given} is not one of {choices}", given=action, choices=list(ACTIONS))
        )
    needed = []
    if action == "accepted" and method is None:
        needed.append(f"--method ({' | '.join(METHODS)})")
    if action == "extended" and deadline is None:
        needed.append("--new-deadline DATE")
    if action in ("extended", "withdrawn") and names_no_one(note or ""):  # (blanks say none)
        needed.append(t("--note REASON"))
    if needed:
        raise UsageError(
            t("--action {action} needs {options}", action=action, options=list(needed))
        )


def _misplaced_options(
    action: str, method: str | None, reviewers: list[str] | None, deadline: str | None
) -> list[str]:
    """Options given with an action that does not take them, and a method not known, said by
    the options typed (the schema would name the document's fields: `event[0].method`)."""
    said: list[str] = []
    if method is not None and method not in METHODS:
        said.append(
            t("--method {given} is not one of {choices}", given=quoted(method), choices=METHODS)
        )
    for option, given, takes in (
        ("--method", method is not None, "accepted"),
        ("--reviewer", bool(reviewers), "accepted"),
        ("--new-deadline", deadline is not None, "extended"),
    ):
        if given and action != takes:
            said.append(t("{option} goes only with --action {action}", option=option, action=takes))
    return said


def _check_reviewers(action: str, method: str | None, reviewers: list[str] | None) -> None:
    """An acceptance by anyone but the rectifier's own side names who reviewed it (DOMAIN 3.5:
    the acceptance's persons are part of the record); `self` needs no name."""
    from minecheck.core.docschema import unnamed_reviewers

    if unnamed_reviewers({"action": action, "method": method, "reviewers": reviewers or None}):
        raise UsageError(
            t(
                "--method {method} needs --reviewer NAME for each person who reviewed the "
                "rectification",
                method=method,
            ),
        )


def _header_places(label: str, text: str | None) -> Callable[[str], tuple[str, int | None]]:
    """Where a `[minecheck]` key of an events file is written: the label its problem begins
    with (`ev.toml:2`, as the file's other problems are placed) and the line; a JSON file's
    (no text) is the label alone, as before."""

    def at(key: str) -> tuple[str, int | None]:
        if text is None:
            return label, None
        from minecheck.core.tomlpos import key_positions, position_of

        found = position_of(key_positions(text), ("minecheck", key))
        return (label, None) if found is None else (f"{label}:{found[0]}", found[0])

    return at


def _read_events(ref: str) -> tuple[list[Any], str, str | None, dict[str, Any]]:
    """The raw events of a file (TOML `[[event]]` tables, a JSON list or {"event": [...]}) and
    the optional `[minecheck]` header fields it states (`{"minecheck": {...}}` in JSON)."""
    from minecheck.core.jsonio import parse_json, written_in_json
    from minecheck.core.tomlio import decode_text, parse_toml
    from minecheck.fileio import read_limited, standard_input_bytes

    if ref == "-":
        data, label = standard_input_bytes(MAX_EVENTS_BYTES + 1, one_file=True), "<stdin>"
        if len(data) > MAX_EVENTS_BYTES:
            raise InputError(
                t(
                    "{path}: the events are over the limit of {limit} bytes",
                    path=label,
                    limit=MAX_EVENTS_BYTES,
                ),
                path=f"{label}",
            )
    else:
        data, label = read_limited(ref, MAX_EVENTS_BYTES, "events file"), ref
    text = decode_text(data, label, allow_cr=True, written_by_hand=True, stdin=ref == "-")
    if written_in_json(text):  # an object or a list; TOML, [[event]] tables and [minecheck]
        doc = parse_json(text, label)
        header: Any = {}
        if isinstance(doc, dict):
            extra = sorted(k for k in doc if k not in ("event", "minecheck"))
            if extra:
                raise InputError(
                    t(
                        "{path}: unknown key {key}; events go in an 'event' list",
                        path=label,
                        key=quoted(extra[0]),
                    ),
                    path=f"{label}",
                )
            header = doc.get("minecheck", {})
            doc = doc.get("event", [])
        if not isinstance(doc, list):
            raise InputError(t("{path}: expected a list of events", path=label), path=f"{label}")
        if not isinstance(header, dict):
            raise InputError(
                t("{path}: 'minecheck' holds the header fields, as an object", path=label),
                path=f"{label}",
            )
        if isinstance(header.get("created"), str):
            header["created"] = _json_time(header["created"])
        return doc, label, None, header
    table = parse_toml(text, label)
    extra = sorted(k for k in table if k not in ("event", "minecheck"))
    if extra:
        raise InputError(
            t(
                "{path}: unknown key {key}; events are [[event]] tables",
                path=label,
                key=quoted(extra[0]),
            ),
            path=f"{label}",
        )
    listed = table.get("event", [])
    if not isinstance(listed, list):
        raise InputError(t("{path}: events are [[event]] tables", path=label), path=f"{label}")
    header = table.get("minecheck", {})
    if not isinstance(header, dict):
        raise InputError(
            t("{path}: [minecheck] holds the header fields, as a table", path=label),
            path=f"{label}",
        )
    return listed, label, text, header


def _json_time(value: str) -> Any:
    """A JSON `created` as TOML would have read it, or the text itself for the schema to refuse."""
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        return value


def _in_utc(
    at: dt.datetime, shown: str, errors: list[str], named: str = "at"
) -> dt.datetime | None:
    """`at` (aware) in UTC; None, the error said as of every date a person gives (the field
    `named` as the input names it), when it falls outside the years 1900 to 9000 there
    (`9999-12-31T20:00:00-08:00` too, which no datetime holds in UTC)."""
    from minecheck.session.rules import AnswerError, outside_years, within_years

    try:
        utc = at.astimezone(dt.UTC)
        within_years(utc.date(), shown)
    except (OverflowError, AnswerError):
        errors.append(t("{what} {why}", what=named, why=outside_years(shown).said()))
        return None
    return utc


# a time written as `at` is (a date, then a time of day after T or a blank), whatever its figures
_TIME_SHAPE = re.compile(r"(\d{4}-\d\d-\d\d)(?:[Tt ](\d\d):(\d\d)(?::(\d\d))?(?![\d:]))?")


def _not_a_time(value: str, named: str) -> str:
    """Why `value` is no time for `at`: a date written rightly that names no day of the
    calendar (2026-02-30), a time of day no clock shows (24:00, 09:60), or not its form."""
    from minecheck.session.rules import AnswerError, ascii_forms, read_date

    shape = _TIME_SHAPE.match(ascii_forms(value).strip())
    if shape is not None:
        try:
            read_date(shape.group(1))
        except AnswerError as exc:  # said of the whole value typed
            return day_said(exc, value, named)
        hour, minute, second = (int(part or 0) for part in shape.group(2, 3, 4))
        if hour > 23 or minute > 59 or second > 59:
            return t(
                "{what} {value} is no time of day: hours run from 00 to 23, minutes and "
                "seconds from 00 to 59",
                what=named,
                value=quoted(value),
            )
    return t(
        "{what} {value} is not a UTC time like 2026-12-10T09:00:00Z",
        what=named,
        value=quoted(value),
    )


def _when(value: Any, what: str, errors: list[str], named: str | None = None) -> Any:
    """`at` / `new_deadline` given as text (command line, JSON) become a datetime / date; a
    problem names the field as the input does (`named`: the option typed, `--at`)."""
    named = named or what
    if not isinstance(value, str):
        if what != "at" and isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            from minecheck.session.rules import AnswerError, within_years

            try:  # (a TOML date: no text was read)
                return within_years(value, value.isoformat())
            except AnswerError as exc:
                errors.append(t("{what} {why}", what=named, why=exc.said()))
                return None
        return value
    try:
        if what == "at":  # (full-width digits and signs as a date's are read: `ascii_forms`)
            from minecheck.session.rules import ascii_forms

            parsed = dt.datetime.fromisoformat(ascii_forms(value).replace("z", "Z"))
            if parsed.tzinfo is None:
                errors.append(
                    t(
                        "{what} {value} needs a time and its zone, like 2026-12-10T09:00:00Z "
                        "(or with an offset: 2026-12-10T17:00:00+08:00)",
                        what=named,
                        value=quoted(value),
                    )
                )
                return None
            return _in_utc(parsed, value, errors, named)
        from minecheck.session.rules import AnswerError, read_date

        try:  # as a deadline is written (2027-01-15, 2027/1/15, 2027年1月15日)
            day = read_date(value)
        except AnswerError as exc:  # 2027-02-30: no day of the calendar
            errors.append(day_said(exc, value, named))
            return None
        if day is None:
            raise ValueError(value)
        return day
    except ValueError:
        if what == "at":
            errors.append(_not_a_time(value, named))
        else:
            errors.append(
                t("{what} {value} is not a date like 2027-01-15", what=named, value=quoted(value))
            )
        return None


def _unverified_said(rep: Reporter, refs: RefResolver) -> None:
    """The files here or below that did not verify and may hold an inspection no other holds
    (`RefResolver.unverified`): their findings were not read, which may be why it was not
    found."""
    from minecheck.cli._common import shell_word

    for path, status, prefix in refs.unverified:  # (past ten, counted by the caller)
        rep.warn_rolled(
            t(
                "{path}: {status}, so its findings were not read; it may hold inspection {id}",
                path=path,
                status=status,
                id=quoted(prefix),
            ),
            code="findings-unverified",
            path=path,
            hint=t("to see what it is:\n  minecheck verify {path}", path=shell_word(path)),
        )


def _build(
    raw_events: list[Any],
    label: str,
    text: str | None,
    refs: RefResolver,
    now: dt.datetime,
    base: Path,
    options: SignOptions,
    given_header: dict[str, Any],
    about: str | None = None,
    misplaced: list[str] | None = None,
    *,
    from_stdin: bool = False,
) -> Any:
    """Check every event (reporting every problem at once) and make the unsigned document.

    Header fields the input states are kept (a signer or signer_key must be the signing key's);
    the rest are filled in: a new document_id, created now, the signer, its key, this tool."""
    from minecheck.core.docschema import read_document, signing_problems
    from minecheck.core.documents import FOLLOWUP, FollowUpDoc, Header
    from minecheck.core.evidence import distinct
    from minecheck.i18n import language
    from minecheck.report.labels import Labels
    from minecheck.session.rules import AnswerError, evidence_resolver

    in_words = Labels(language())
    problems = [Problem("usage", said, label) for said in misplaced or []]
    header_named = "[minecheck]" if text is not None else '"minecheck"'  # (JSON: an object)
    header_at = _header_places(label, text)
    resolve_evidence: Callable[[str], Evidence] = evidence_resolver(base, Path.cwd())
    prepared: list[Any] = []
    if not raw_events:
        raise InputError(t("{label}: there are no events", label=label), path=about)
    # an event without its time happened when the document was made: its stated created time,
    # else now (an event may not lie after the document that records it)
    stated_created = given_header.get("created")
    made = now
    if isinstance(stated_created, dt.datetime) and stated_created.tzinfo is not None:
        made = min(now, stated_created.replace(microsecond=0))  # (a later one is refused)
    # the options typed: each problem names its option, alone on its line; a file's: its field
    named = OPTION_OF.__getitem__ if about is None else str
    event_at = event_places(about, text)  # (an event's line: its errors placed as its warnings)
    for i, raw in enumerate(raw_events):
        where = (
            t("event {number}", number=i + 1)
            if len(raw_events) > 1 or text is not None
            else t("the event")
        )
        if not isinstance(raw, dict):
            said = (
                t("{where}: an event is a table", where=where)
                if text is not None
                else t("{where}: an event is an object", where=where)  # (read as JSON)
            )
            problems.append(Problem("bad-type", said, label, event_at(i)["line"]))
            # said once: the schema check sees a well-formed stand-in
            prepared.append({"finding": _REPORTED_REF, "action": "escalated", "at": now})
            continue
        ev = dict(raw)
        errors: list[str] = []
        hints: dict[str, str] = {}  # (an error's hint, where it has one)
        if isinstance(ev.get("finding"), str):
            full = refs.resolve(ev["finding"])
            if full is None:
                errors.append(refs.error)
                if refs.hint is not None:
                    hints[refs.error] = refs.hint
                ev["finding"] = _REPORTED_REF  # said once: not again as a malformed ref
            else:
                ev["finding"] = full
        given = ev.get("at", made)
        ev["at"] = _when(given, "at", errors, named("at")) or made
        if isinstance(ev["at"], dt.datetime) and ev["at"].tzinfo is not None:
            # a TOML offset date-time in local time is the instant it names, as a string is
            at = _in_utc(ev["at"], ev["at"].isoformat(), errors, named("at"))
            ev["at"] = made if at is None else at.replace(microsecond=0)
            if ev["at"] > now + FUTURE_SLACK:  # (text as typed, as --at's other messages)
                typed = given if isinstance(given, str) else utc_text(ev["at"])
                errors.append(
                    t("{what} {value} is in the future", what=named("at"), value=quoted(typed))
                )
        if "new_deadline" in ev:
            # a date that cannot be read is said once: the schema sees a stand-in (not "an
            # extended event needs a new_deadline" to one who gave it)
            deadline = _when(ev["new_deadline"], "new_deadline", errors, named("new_deadline"))
            ev["new_deadline"] = deadline or _STAND_IN
        # what minecheck signs of an event, as `sign` holds a hand-written follow-up to it (a
        # new_deadline outside the years was said just above, and its stand-in lies within),
        # in sign's words: its English, shown in the reader's language (a method in words)
        errors.extend(
            in_words.reason(template.format(**fields))
            for _, template, fields in signing_problems(ev)
        )
        if "evidence" in ev:
            listed = ev["evidence"]
            if not isinstance(listed, list) or not all(isinstance(p, str) for p in listed):
                errors.append(t("evidence is a list of file paths"))
                del ev["evidence"]
            else:
                found = []
                for p in listed:
                    try:
                        found.append(resolve_evidence(p))
                    except AnswerError as exc:
                        errors.append(exc.said())
                ev["evidence"] = [entry.fields() for entry in distinct(found)]
        problems.extend(
            Problem(
                "bad-event",
                msg if about is None else t("{where}: {problem}", where=where, problem=msg),
                label,
                event_at(i)["line"],
                hint=hints.get(msg),
            )
            for msg in errors
        )
        prepared.append(ev)
    # The schema is checked on a stand-in header; the real one names the signer once known (and
    # is made now unless it states its time: an event after now was said to lie in the future).
    times = [ev["at"] for ev in prepared if isinstance(ev.get("at"), dt.datetime)]
    latest = max([now, *(at for at in times if at.tzinfo is not None)])
    header = Header(FOLLOWUP, str(uuid.uuid4()), latest, "x@x.example", "SHA256:" + "A" * 43, "-")
    fields = {k: value for k, value in header.fields().items() if value is not None}
    if given_header.get("format", FOLLOWUP) != FOLLOWUP:
        problems.append(
            Problem(
                "bad-value",
                t(
                    "{header} format must be {format} here",
                    header=header_named,
                    format=quoted(FOLLOWUP),
                ),
                label,
                header_at("format")[1],
            )
        )
        given_header = {k: v for k, v in given_header.items() if k != "format"}
    draft = {"minecheck": {**fields, **given_header}, "event": prepared}
    document, problems = read_document(
        draft, text or "", label, say=t, json=text is None, found=problems
    )
    if problems and about is None:  # (the options typed: no file, no path in `--json`)
        from dataclasses import replace

        problems = [replace(p, path=None) for p in problems]
    if problems:
        hint = None
        if refs.not_here is not None:
            from minecheck.cli._common import shell_word
            from minecheck.core.sanitize import shell_arg

            hint = (
                t(
                    "only the findings files in the current directory and the folders below it "
                    "are read; name the one that holds it:\n"
                    "  minecheck followup {ref} ... --findings FILE",
                    ref=shell_arg(refs.not_here),  # (a ref, not a path: never `./…`)
                )
                if about is None  # (the command line's event; else the events file's)
                else t(
                    "only the findings files in the current directory and the folders below it "
                    "are read; name those that hold them:\n"
                    "  minecheck followup --events {path} --findings FILE ...",
                    # (told by what was given: a file may be named `<stdin>` too)
                    path="-" if from_stdin else shell_word(about),
                )
            )
        raise InputError(
            t("{label}: the events cannot be used; nothing was written", label=label),
            problems=problems,
            path=about,
            hint=hint,
        )
    assert isinstance(document, FollowUpDoc)
    stated = document.header
    if "created" in given_header and stated.created > now + FUTURE_SLACK:
        placed, line = header_at("created")
        raise UsageError(
            t(
                "{label}: created {created} lies in the future; "
                "a document is signed with the time it was made",
                label=placed,
                created=utc_text(stated.created),
            ),
            hint=t("leave created out: it is filled in with the current time"),
            path=about,
            line=line,
        )
    identity = options.identity()
    fingerprint = identity.signer.public_key.fingerprint()
    for key, mine in (("signer", identity.principal), ("signer_key", fingerprint)):
        if key in given_header and given_header[key] != mine:
            placed, line = header_at(key)
            raise UsageError(
                t(
                    "{label}: {header} {key} is {stated}, but you sign as {principal} "
                    "with {fingerprint}",
                    label=placed,
                    header=header_named,
                    key=key,
                    stated=quoted(given_header[key]),
                    principal=quoted(identity.principal),
                    fingerprint=fingerprint,
                ),
                hint=t("leave {key} out, or sign with its key (--key)", key=key),
                path=about,
                line=line,
            )
    from minecheck import __version__

    real = Header(
        FOLLOWUP,
        stated.document_id,
        stated.created if "created" in given_header else now,
        identity.principal,
        fingerprint,
        stated.tool if "tool" in given_header else f"minecheck {__version__}",
    )
    return FollowUpDoc(real, document.events)
