"""The inputs of a batch command (summary, show, export): the paths given and the files they
name, the day the report is as of, the trust store; the corpus read, and what reading found said
on stderr (the files left out, the events not applied, the entries that could not be read)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import stat
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from minecheck.cli._common import trust_list_not_there, trust_store
from minecheck.cli._output import Reporter
from minecheck.cli._rolled import kind_of
from minecheck.core.sanitize import quoted
from minecheck.errors import InputError, Problem, UsageError
from minecheck.i18n import t

if TYPE_CHECKING:
    from minecheck.core.trust import TrustStore
    from minecheck.report.consolidate import InspectionRows, PlainSink
    from minecheck.report.corpus import Corpus
    from minecheck.report.export import LinesTo
    from minecheck.report.labels import Labels
    from minecheck.report.rows import DocumentStatus, RejectedEvent

AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="DATE",
        help="Judge states and deadlines as of this date; later inspections and events are "
        "not yet known.",
    ),
]
NoCacheOpt = Annotated[
    bool,
    typer.Option(
        "--no-cache", metavar="", help="Read every file afresh: neither use nor fill the cache."
    ),
]
IncludeUntrustedOpt = Annotated[
    bool,
    typer.Option(
        "--include-untrusted", metavar="", help="Count documents that are signed but not trusted."
    ),
]


def parse_as_of(value: str | None) -> dt.date:
    from minecheck.cli._common import check_local_zone

    check_local_zone()  # every report counts in local days
    if value is None:
        return dt.date.today()
    from minecheck.session.rules import AnswerError, read_date

    try:  # as a deadline is written (2026-12-31, 2026/12/31, 2026年12月31日)
        day = read_date(value)
    except AnswerError as exc:  # 2027-02-30: a day the calendar does not have
        from minecheck.cli._common import day_said

        raise UsageError(day_said(exc, value, "--as-of")) from None
    if day is None:
        raise UsageError(t("--as-of {value} is not a date like 2026-12-31", value=quoted(value)))
    return day


def input_paths(given: list[str]) -> tuple[list[str], list[Problem]]:
    """Files as given, directories searched for *.toml, `-` a list of paths on stdin; and
    every entry below a directory that is not a readable regular file, as a problem. A pipe
    named here (`<(...)`) is read now, once, for the whole run (`batch.read_streams`).

    Sorted by name as the walk sorts a directory, each file once however often and however
    it was named: where one document is at two paths, the one said in the report is the
    first in that order, whatever the order the inputs were given in (`summary a b` and
    `summary b a` give the same bytes), and a file named again is not a document more."""
    from minecheck.cli._listing import (
        each_once,
        listed_paths,
        named_files,
        none_below,
        walk_document_names,
        walk_order,
    )
    from minecheck.fileio import MAX_DOCUMENT_BYTES, as_on_windows, link_to_nothing
    from minecheck.report.batch import read_streams

    listed = listed_paths(given)
    out: list[str] = []
    named: list[str] = []
    problems: list[Problem] = []
    for name in named_files(listed):
        try:
            is_dir = stat.S_ISDIR(os.stat(name).st_mode)
        except FileNotFoundError:  # a name mistyped: no report that silently lacks it
            said = t("{path}: no such file", path=name)
            raise InputError(
                link_to_nothing(name) or said, hint=as_on_windows(name), path=name
            ) from None
        except (OSError, ValueError):
            is_dir = False  # (reported as unreadable by the corpus)
        if is_dir:
            found, unreadable = walk_document_names([name])
            out.extend(found)
            problems.extend(unreadable)
        else:
            out.append(name)  # a file that cannot be read is reported by the corpus
            named.append(name)
    if len(listed) > 1:  # (one input is in that order, each file once)
        out = each_once(sorted(out, key=_walk_key))
        problems = sorted(dict.fromkeys(problems), key=lambda p: walk_order(p.path or ""))
    if not out and not problems:  # (a folder named: said of it)
        raise none_below(listed, t("no documents given (no *.toml files found)"))
    read_streams(dict.fromkeys(named), MAX_DOCUMENT_BYTES)
    return out, problems


def _walk_key(name: str) -> tuple[list[str], int, str]:
    """Where `name` sorts among a batch's files: as the walk sorts a directory, by the file it
    names (`./docs/x.toml` beside `docs/x.toml`), then its shortest spelling first: a file
    named again under another spelling is said as the folder's walk says it, in any order."""
    from minecheck.cli._listing import walk_order

    return walk_order(os.path.normpath(name)), len(name), name


@dataclass(frozen=True)
class Inputs:
    """What a batch command reads, settled before any document is: the trust store, the files,
    and the entries found below a directory that cannot be read."""

    store: TrustStore
    files: list[str]
    unreadable: list[Problem]
    trust_list_not_there: Path | None = None  # (`_common.trust_list_not_there`)
    trust: tuple[Path | None, Path | None] = (None, None)  # the files named (a hint names them)


def open_inputs(
    rep: Reporter,
    paths_given: list[str],
    allowed_signers: Path | None,
    revoked_keys: Path | None,
) -> Inputs:
    """Load the trust store and list the input files, warning about what cannot be used."""

    store = trust_store(allowed_signers, revoked_keys)
    rep.warn_at_rolled(store.warnings)  # (a cert-authority line skipped: ten told)
    files, unreadable = input_paths(paths_given)
    if unreadable:
        from minecheck.i18n import language
        from minecheck.report.labels import Labels

        words = Labels(language())
    for problem in unreadable:
        reason = words.problem(problem)
        rep.warn(
            t("{path}: left out: {reason}", path=problem.path, reason=reason),
            code=problem.code,
            path=problem.path,
        )
    if not files:  # (each named above: `input_paths` said where none was found)
        raise InputError(t("no document could be read"))
    trust = (allowed_signers, revoked_keys)
    return Inputs(store, files, unreadable, trust_list_not_there(allowed_signers), trust)


def read_corpus(
    rep: Reporter,
    inputs: Inputs,
    day: dt.date,
    include_untrusted: bool,
    *,
    cache: bool = True,
    sink: PlainSink | None = None,
    observe: Callable[[tuple[str, str, str | int]], None] | None = None,
    write: Callable[[InspectionRows], None] | None = None,
    lines: LinesTo | None = None,
) -> Corpus:
    """Read the corpus as of `day` and report what reading found (see `report_read`): a summary's
    with a `sink`, an export's with `write`. With a `sink`, `observe` is given each file as read
    (see `report.stream_files.summarize_files`); with `write`, the rows go there as they are made,
    sorted, not into the corpus (with `lines`, their lines made on every core: see
    `report.stream_files.export_files`)."""
    from minecheck.cli._progress import progress
    from minecheck.report.stream_files import export_files, summarize_files

    with progress(rep, len(inputs.files)) as tick:
        if write is not None:  # two passes, flat memory (report/stream_rows.py)
            corpus = export_files(
                inputs.files,
                inputs.store,
                as_of=day,
                include_untrusted=include_untrusted,
                write=write,
                lines=lines,
                cache=cache,
                tick=tick,
            )
        else:  # two passes, flat memory (report/stream.py)
            assert sink is not None, "read_corpus is given `write` or `sink`"
            corpus = summarize_files(
                inputs.files,
                inputs.store,
                as_of=day,
                include_untrusted=include_untrusted,
                sink=sink,
                cache=cache,
                tick=tick,
                observe=observe,
            )
    said_read(rep, inputs, corpus, include_untrusted, day)
    return corpus


def left_out(corpus: Corpus, include_untrusted: bool) -> tuple[DocumentStatus, ...]:
    """The documents that do not count, in the corpus's order (as `report_read` names them)."""
    from minecheck.core.trust import counted

    return tuple(d for d in corpus.documents if not counted(d.status, include_untrusted))


SAID_ONE_BY_ONE = 2  # events for findings that no input holds, said a line each up to this


def _for_findings_elsewhere(
    rep: Reporter, rejected: Sequence[RejectedEvent]
) -> tuple[RejectedEvent, ...]:
    """The events not applied because no input holds their findings, where they are many and
    said in one line: a report on one district given the group's follow-ups folder (or a
    findings file not received) gave a line for every event, and a thousand of them hid the
    line of a revoked key. `--json` keeps a problem for each."""
    if not rejected:  # (a summary answered by its memo imports no part of the loop)
        return ()
    from minecheck.core.loop import NO_SUCH_FINDING

    elsewhere = tuple(r for r in rejected if r.reason == NO_SUCH_FINDING)
    return elsewhere if len(elsewhere) > SAID_ONE_BY_ONE and not rep.json else ()


def _action(words: Labels, action: str) -> str:
    return action if words.lang == "en" else words.value("action", action)


def _say_elsewhere(rep: Reporter, words: Labels, elsewhere: Sequence[RejectedEvent]) -> None:
    if not elsewhere:
        return
    first = elsewhere[0]
    rep.warn(
        t(
            "{events} follow-up events not applied: no trusted findings document among the "
            "inputs holds their findings (files: {files}, inspections: {inspections}; the "
            "first: {path}: {action} for {finding})",
            events=len(elsewhere),
            files=len({r.path for r in elsewhere}),
            inspections=len({r.finding.split("/", 1)[0] for r in elsewhere}),
            path=first.path,
            action=_action(words, first.action),
            finding=first.finding,
        ),
        code="event-rejected",
        path=first.path,
        hint=t(
            "give the findings files with their follow-ups (a report on part of an archive, "
            "one district or one mine, leaves the others' follow-ups unapplied); the "
            "summary's report lists each event, and so does --json"
        ),
    )


def _none_usable(inputs: Inputs, left_out: Sequence[DocumentStatus]) -> InputError:
    """No document could be used: where keys were not trusted for want of a trust list, said
    with what to do (the job's log said only that, after a line for each file); else how many
    were left out for each reason, the last line of a log of thousands of files, and where
    some were signed by keys not trusted, how to count them."""
    from minecheck.cli._common import trust_list_advice
    from minecheck.core.trust import UNTRUSTED_BUT_SIGNED, TrustStatus

    missing = inputs.trust_list_not_there
    if missing is not None and any(d.status == TrustStatus.UNTRUSTED_KEY for d in left_out):
        said = t(
            "no document could be used: no key is trusted here: there is no {path}", path=missing
        )
        return InputError(said, hint=trust_list_advice(), path=f"{missing}")
    # (the entries the walk passed over are left out too: said so above, and listed as
    # unreadable among the documents a report does not count)
    statuses = [*(d.status for d in left_out), *("unreadable" for _ in inputs.unreadable)]
    if not statuses:
        return InputError(t("no document could be used"))
    order = {status.value: n for n, status in enumerate(TrustStatus)}  # (worst first)
    counts = Counter(sorted(statuses, key=lambda s: (order.get(s, 99), s)))
    said = t(
        "no document could be used: {count} left out ({reasons})",
        count=len(statuses),
        reasons=t(", ").join(t("{count} {status}", count=n, status=s) for s, n in counts.items()),
    )
    signed = any(s in UNTRUSTED_BUT_SIGNED for s in counts)  # (left out: not --include-untrusted)
    hint = (
        t(
            "minecheck verify names the key of each and the command that trusts it; to count "
            "documents signed but not trusted, add --include-untrusted"
        )
        if signed
        else None
    )
    return InputError(said, hint=hint)


def said_read(
    rep: Reporter, inputs: Inputs, corpus: Corpus, include_untrusted: bool, day: dt.date
) -> None:
    """What reading `corpus` (as of `day`) found, said as `report_read` says it."""
    report_read(
        rep,
        inputs,
        left_out(corpus, include_untrusted),
        corpus.problems,
        corpus.rejected,
        usable=corpus.used > 0,
        later_than=day if corpus.all_later else None,
    )


def _faults(d: DocumentStatus, store: TrustStore) -> tuple[Problem, ...]:
    """What is wrong in the malformed document at `d.path`, each fault at its line, where its
    reason (`not a minecheck document`) does not say it: the corpus keeps a reason only (and
    the cache what the corpus keeps), so the file, rarely met, is read again for them. None
    for a source inside a merged file (its path names no file) or a file changed meanwhile.
    A merged file left out for a malformed source gives that source's faults too, at the
    source's path (`m.toml#2:1:1: ...`), as verify says them."""
    from minecheck.core.seal import MAX_DOCUMENT_BYTES, examine
    from minecheck.report.batch import read_file
    from minecheck.report.verdicts import source_problems

    data = read_file(d.path, MAX_DOCUMENT_BYTES)
    if not isinstance(data, bytes):
        return ()
    verdict = examine(data, d.path, store)
    if verdict.detail != d.reason:
        return ()
    found = (*verdict.problems, *source_problems(verdict))
    return tuple(p for p in found if p.message != d.reason)


def refused_hint(code: str) -> str | None:
    """What to do about an event a report does not apply, by the rule it breaks (its `refused`
    code: docs/formats.md lists them): the rule's right way, as `followup` says it where the
    event is signed; the event's signer makes a follow-up that keeps it."""
    hints = {
        "no-such-finding": lambda: t(
            "give the findings file that holds it with its follow-ups; a report on part of an "
            "archive cannot apply the follow-ups of the rest"
        ),
        "not-a-hidden-danger": lambda: t(
            "follow-ups are kept only for hidden dangers: check the finding the event names"
        ),
        "before-finding": lambda: t(
            "date the event when it happened, at or after the inspection began"
        ),
        "already-ended": lambda: t(
            "a closed or withdrawn hidden danger takes no further event; one found unrectified "
            "again is reopened first (--action reopened)"
        ),
        "rectified-twice": lambda: t(
            "a hidden danger is reported rectified again only after a rejection or a reopening "
            "sends it back; an event already signed needs no second file"
        ),
        "accepted-not-rectified": lambda: t(
            "a rectification is accepted after the enterprise reports it (--action rectified)"
        ),
        "accepted-major-by-method": lambda: t(
            "a major hidden danger is accepted by a review independent of the enterprise: "
            "--method expert-review (naming each --reviewer), third-party or regulator-onsite"
        ),
        "accepted-by-rectifier": lambda: t(
            "a major hidden danger is accepted by reviewers other than the one who reported "
            "it rectified"
        ),
        "accepted-twice": lambda: t(
            "each reviewer accepts a rectification once; an acceptance already signed needs "
            "no second file"
        ),
        "rejected-not-rectified": lambda: t(
            "reject a rectification after the enterprise reports it (--action rectified); a "
            "closed one is reopened (--action reopened)"
        ),
        "closed-not-accepted": lambda: t(
            "close it after its rectification is accepted (--action accepted), the acceptance "
            "kept beside the findings or where the closure is written"
        ),
        "closed-by-rectifier": lambda: t(
            "a major hidden danger is closed by the authority that recorded it, not by the one "
            "who reported it rectified"
        ),
        "extended-after-deadline": lambda: t(
            "an extension is granted before the deadline passes; past it, the hidden danger is "
            "escalated (or given one new term once a rejection or a reopening puts it back in "
            "rectification)"
        ),
        "extended-not-later": lambda: t(
            "an extension moves the deadline later: give a new deadline after the one in force "
            "(--new-deadline)"
        ),
        "extended-not-after-its-day": lambda: t(
            "an extension moves the deadline later: give a new deadline after the day the "
            "extension is made (--new-deadline)"
        ),
        "reopened-not-rectified": lambda: t(
            "a hidden danger not reported rectified since it was found or sent back is still in "
            "rectification and needs no reopening"
        ),
        "withdrawn-without-reason": lambda: t(
            "a withdrawal says why the finding was recorded in error (--note)"
        ),
        "unknown-action": lambda: t(
            "a later minecheck may know this action: update minecheck, or ask the signer which "
            "action was meant"
        ),
    }
    said = hints.get(code)
    return said() if said is not None else None


def _trust_hint(signer: str | None, allowed_signers: Path | None) -> str:
    """What to do with a file left out for a key not in the trust list: the `trust add` that
    counts it, as `verify` of it gives it (the signer's name from the file, a principal:
    `trust_add_command` quotes it)."""
    from minecheck.cli._common import trust_add_command

    command = trust_add_command(signer or "P", "KEY.pub", allowed_signers)
    return t(
        "to count it, trust the signer's key as you received it from them (or --from LINES): "
        "{command}",
        command=command,
    )


def report_read(
    rep: Reporter,
    inputs: Inputs,
    left_out: Sequence[DocumentStatus],
    problems: Sequence[Problem],
    rejected: Sequence[RejectedEvent],
    *,
    usable: bool,
    later_than: dt.date | None = None,
) -> None:
    """Name every file left out on stderr. The report is made all the same (it lists them), so
    a document left out changes no exit code; entries that could not be read make it 2, as in
    `verify`, through an error of their own (`not-all-read`) after the warnings naming each.
    `later_than`: every document that would count is dated after that day (the
    report's), so the report counts none: said, since a mistyped year looks like an empty
    archive."""
    from minecheck.i18n import language
    from minecheck.report.labels import Labels

    words = Labels(language())  # reasons in the language of the messages around them
    hinted: set[str | None] = set()  # signers whose key the hint to trust was given for
    for d in left_out:
        if d.status == "conflict":
            continue  # said below, once for both copies, by the problem naming them
        from minecheck.cli._damage import restore_hint

        reason = t("{status}: {reason}", status=d.status, reason=words.reason(d.reason))
        hint = restore_hint(d.path, d.reason, inputs.trust)  # (a file a mail program changed)
        if d.status == "untrusted-key" and usable and (rep.json or d.signer not in hinted):
            # (at a terminal once a signer; where nothing is usable, the error's hint says it)
            hint = _trust_hint(d.signer, inputs.trust[0])
            hinted.add(d.signer)
        told = rep.warn_rolled(  # (a province's archive, a key not trusted: past ten, counted)
            t("{path}: left out: {reason}", path=d.path, reason=reason),
            code=d.status,
            path=d.path,
            hint=hint,
            # (files left out in different ways: the first of each way told, each one mended)
            reason=kind_of(d.reason, words.way),
        )
        if d.status == "malformed":  # each fault at its line, as verify says it
            for fault in _faults(d, inputs.store):
                fault = dataclasses.replace(fault, message=words.problem(fault))
                if told:
                    rep.problem(fault)
                else:  # (--json keeps it; the warning's roll-up counts the file)
                    rep.problems.append(fault)
    for p in problems:
        brief = words.brief(p)
        said = t("{path}: {reason}", path=p.path, reason=words.problem(p))
        shown = t("{path}: {reason}", path=p.path, reason=brief) if brief else None
        if p.inspections is not None:  # (one a mine's day: past the first few, counted)
            rep.warn_separate(said, inspections=p.inspections, path=p.path, shown=shown)
        else:
            rep.warn_rolled(said, code=p.code, path=p.path, shown=shown)
    rep.separate_rolled_up()
    elsewhere = _for_findings_elsewhere(rep, rejected)
    if rejected:  # (a summary answered by its memo with none imports no document module)
        from minecheck.core.documents import utc_text
    rules_hinted: set[str] = set()  # (at a terminal, a rule's hint once; --json each one's)
    for r in rejected:
        if elsewhere and r.reason == elsewhere[0].reason:  # (said together below)
            continue
        hint = refused_hint(r.refused) if rep.json or r.refused not in rules_hinted else None
        rules_hinted.add(r.refused)
        rep.warn_rolled(
            t(
                "{path}: event {action} for {finding} at {at} not applied: {reason}",
                path=r.path,
                action=_action(words, r.action),
                finding=r.finding,
                at=utc_text(r.at),
                reason=words.reason(r.reason),
            ),
            code="event-rejected",
            path=r.path,
            hint=hint,
            reason=r.refused,  # (each rule broken told once at a terminal, its hint under it)
        )
    _say_elsewhere(rep, words, elsewhere)
    rep.kinds_rolled_up()
    if later_than is not None:
        from minecheck.report.zone import calendar

        rep.warn(
            t(
                "every document is dated after {day}, the report's day: none is counted",
                day=words.day_in(later_than.isoformat(), calendar(later_than)),
            ),
            code="dated-later",
        )
    if not usable:
        raise _none_usable(inputs, left_out)
    unread = len(inputs.unreadable) + sum(d.status == "unreadable" for d in left_out)
    if unread:  # (the error a script finds among the warnings: what made it 2)
        rep.error(
            InputError(
                t(
                    "{count} entry could not be read (each is named above): the report is "
                    "made for the rest"
                    if unread == 1
                    else "{count} entries could not be read (each is named above): the "
                    "report is made for the rest",
                    count=unread,
                ),
                hint=t("mend or move away the entries named, then run it again"),
                code="not-all-read",
            )
        )


def cache_forgotten() -> None:
    """Forget what a cache opened before this run found (a run in the same process)."""
    from minecheck.report.cache import take_to_mend

    take_to_mend()


def say_cache_off(rep: Reporter) -> None:
    """One warning where the result cache turned itself off for a reason the user must mend (a
    thing in its way, another user's, named, open to others, a full disk) or that no next run
    mends alone (a damaged file not deleted, a failing disk: remove it, or `--no-cache`): the
    run is right, but every run may read every file again and nothing else says why. Exit code
    unchanged: no result differs. `--no-cache`, no home, a busy cache, a damaged file made
    anew: nothing (`report.cache.ToMend`)."""
    from minecheck.core.sanitize import shell_word
    from minecheck.report.cache import take_to_mend

    found = take_to_mend()
    if found is None:
        return
    word = shell_word(found.path)
    said, hint = {
        "unusable": (
            "the result cache is off for this run: {path} cannot be used ({reason})",
            t(
                "if this is said again, remove {path} (the next run makes the cache anew), or "
                "pass --no-cache to go without it",
                path=word,
            ),
        ),
        "in-the-way": (
            "the result cache is off: {path} is not a file or folder minecheck can use; every "
            "run reads every file again",
            t("move {path} away; the next run makes the cache anew", path=word),
        ),
        "another-user": (
            "the result cache is off: {path} belongs to another user, {owner}; every run reads "
            "every file again",
            t("move {path} away; the next run makes the cache anew", path=word),
        ),
        "open": (
            "the result cache is off: {path} can be written by group or others; every run "
            "reads every file again",
            f"chmod {'700' if found.path.is_dir() else '600'} {word}",
        ),
        "full": (
            "the result cache is off: the disk that holds {path} is full; every run reads "
            "every file again",
            t(
                "free space on the disk that holds {folder}, then run the command again",
                folder=found.path,
            ),
        ),
    }[found.why]
    message = t(said, path=found.path, reason=found.detail, owner=found.detail)
    rep.warn(message, code="cache-off", path=f"{found.path}", hint=hint)
