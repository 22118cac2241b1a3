"""`minecheck summary PATH...`: the one page a provincial office reads."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from minecheck.cli._batch_inputs import (
    SAID_ONE_BY_ONE,
    AsOfOpt,
    IncludeUntrustedOpt,
    Inputs,
    NoCacheOpt,
    cache_forgotten,
    left_out,
    open_inputs,
    parse_as_of,
    read_corpus,
    report_read,
    say_cache_off,
)
from minecheck.cli._common import (
    BOM,
    AllowedSignersOpt,
    BomOpt,
    ForceOpt,
    LangOpt,
    PathsArg,
    RevokedKeysOpt,
    check_bom,
    refuse_an_input,
    refuse_existing,
    say_codes_alike,
)
from minecheck.cli._names import as_named
from minecheck.cli._output import JsonAllOpt, Reporter, resolve_lang, run
from minecheck.cli._spool import json_escapes
from minecheck.core.sanitize import quoted
from minecheck.errors import ExitCode, Problem, UsageError
from minecheck.i18n import t

if TYPE_CHECKING:
    import datetime as dt

    from minecheck.report.summary import Summary


def summary(
    paths_given: PathsArg,
    by: Annotated[
        list[str] | None,
        typer.Option(
            "--by",
            metavar="GROUP",
            help="Group by site, checklist, item, severity, inspector, month, state, clause "
            "or aspect (the clauses a hidden danger cites, or the parts of the criteria they "
            "belong to; repeatable, or comma-separated).",
        ),
    ] = None,
    as_of: AsOfOpt = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            metavar="FORMAT",
            help="table, md, csv, json, nl or html (default: table on a terminal, else md).",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            metavar="FILE",
            help="Write the report to this file (- for standard output).",
        ),
    ] = None,
    fail_on: Annotated[
        str | None,
        typer.Option(
            "--fail-on",
            metavar="LEVEL",
            help="Exit 1 when open findings meet this level: major, any or overdue.",
        ),
    ] = None,
    include_untrusted: IncludeUntrustedOpt = False,
    allowed_signers: AllowedSignersOpt = None,
    revoked_keys: RevokedKeysOpt = None,
    lang: LangOpt = None,
    force: ForceOpt = False,
    bom: BomOpt = False,
    no_cache: NoCacheOpt = False,
    json: JsonAllOpt = False,
) -> None:
    # (its help: cli.HELP["summary"])
    from minecheck.cli._names import given_as_dash

    if given_as_dash(output):  # `-o -`: standard output, as without -o
        output = None

    def body(rep: Reporter) -> None:
        from minecheck.report import summary as agg
        from minecheck.report.render import FORMATS, render, summary_data

        language = resolve_lang(lang)
        # (an empty name is no group, said, in a list too: `--by "site,$MORE"`, MORE unset)
        groups = agg.check_by(g.strip() for value in by or () for g in value.split(","))
        if fail_on is not None and fail_on not in agg.FAIL_ON:
            raise UsageError(
                t("unknown --fail-on level {level}", level=quoted(fail_on)),
                hint=t("use major, any or overdue"),
            )
        if fmt is None:
            chosen = "table" if sys.stdout.isatty() and output is None else "md"
        else:
            chosen = fmt  # (an empty one is no format, said as export says it)
        if chosen not in (*FORMATS, "table"):
            raise UsageError(
                t("unknown format {format}", format=quoted(chosen)),
                hint=t("use table, md, csv, json, nl or html"),
            )
        check_bom(bom, chosen)
        if chosen == "table" and output is not None:
            raise UsageError(t("the table format is for the terminal"), hint=t("use --format md"))
        refuse_existing(
            output,
            force,
            hint=t("pass --force to replace it"),
            special_hint=t("leave out -o, or give -o -, to write to standard output"),
        )
        day = parse_as_of(as_of)
        inputs = open_inputs(rep, paths_given, allowed_signers, revoked_keys)
        refuse_an_input(output, inputs.files)
        cache_forgotten()
        result = _with_unread(
            _summarize(rep, inputs, day, groups, include_untrusted, cache=not no_cache), inputs
        )
        say_cache_off(rep)
        result = _in_zone(result)
        _say_uncoded(rep, result)
        say_codes_alike(rep, result.alike_codes)
        rep.data.update(summary_data(result))
        if output is not None:
            from minecheck.fileio import atomic_write

            text = render(result, chosen, language)
            atomic_write(output, ((BOM if bom else "") + text).encode("utf-8"), force=force)
            rep.data["path"] = as_named(output)
            rep.print_path(output)
        elif chosen == "table":
            from minecheck.cli._summary_table import summary_renderables

            for part in summary_renderables(result, language):
                rep.show(part)
        elif not json:
            with json_escapes(sys.stdout) if chosen in ("json", "nl") else contextlib.nullcontext():
                sys.stdout.write((BOM if bom else "") + render(result, chosen, language))
                sys.stdout.flush()
        if fail_on is not None and agg.fail_on(result, fail_on):
            hint = _listing_hint(
                paths_given, (allowed_signers, revoked_keys), include_untrusted, day, fail_on
            )
            _say_gate(rep, result, fail_on, hint)
            rep.fail(ExitCode.FAILED)

    run("summary", json, body)


def _say_gate(rep: Reporter, result: Summary, level: str, hint: str) -> None:
    """The verdict of `--fail-on` in the log of the script that asked for it: how many hidden
    dangers met the threshold, of what kind (the report's headline gives the same figure), and
    `hint`, the export that lists them; with `--json`, the envelope's problem."""
    head = result.headline
    said = {
        "overdue": ("--fail-on overdue: the threshold is met by overdue hidden dangers: {count}"),
        "major": ("--fail-on major: the threshold is met by open major hidden dangers: {count}"),
        "any": ("--fail-on any: the threshold is met by open hidden dangers: {count}"),
    }[level]
    count = {"overdue": head.overdue, "major": head.open_majors, "any": head.open}[level]
    problem = Problem(code="fail-on", message=t(said, count=count), hint=hint)
    rep.problems.append(problem)
    rep.info(problem.message)
    rep.hint(hint)


def _listing_hint(
    paths: list[str],
    trust: tuple[Path | None, Path | None],
    include_untrusted: bool,
    day: dt.date,
    level: str = "any",
) -> str:
    """The export that lists, one row each with its state, deadline and flags, the hidden dangers
    the gate counted: the same paths, trust files and day (a list read on standard input, or
    more than a few paths, or one no command can name, is said as "the same paths"; a trust file
    no command can name, as "the same trust options"). For `overdue`, its JSON lines filtered to
    the overdue rows alone, which are the ones counted (a row's `overdue` is true only while it
    is open, and `"overdue":true` is written nowhere else in a line: a quote inside text is
    escaped); `major` and `any` count by two fields, which no portable filter reads from CSV."""
    from minecheck.core.sanitize import shell_carries, shell_word

    options: list[str] = []
    trust_named = shell_carries(*trust)
    if trust_named:
        for option, path in zip(("--allowed-signers", "--revoked-keys"), trust, strict=True):
            if path is not None:
                options += [option, shell_word(path)]
    if include_untrusted:
        options.append("--include-untrusted")
    overdue = level == "overdue"
    options += ["--as-of", day.isoformat()]
    options += OVERDUE_ONLY if overdue else ("--format", "csv")
    export = " ".join([*_zone_word(), "minecheck", "export"])
    if not trust_named:
        said = (
            "to list them, add the same paths and trust options after export in:\n  {export} "
            "{options}"
            if overdue
            else "to list them, add the same paths and trust options to:\n  {export} {options}"
        )
        return t(said, export=export, options=" ".join(options))
    if "-" in paths or len(paths) > 5 or not shell_carries(*paths):
        said = (
            "to list them, add the same paths after export in:\n  {export} {options}"
            if overdue
            else "to list them, add the same paths to:\n  {export} {options}"
        )
        return t(said, export=export, options=" ".join(options))
    words = [export, *(shell_word(p) for p in paths), *options]
    return t("to list them:\n  {command}", command=" ".join(words))


# the export's JSON lines of the overdue hidden dangers alone (`_listing_hint`)
OVERDUE_ONLY = ("|", "grep", "-F", "'\"overdue\":true'")


def _zone_word() -> list[str]:
    """`TZ=NAME` where the local zone has a name (`report.zone`): the export lists the rows the
    gate counted wherever its command is pasted, since a day is local to the zone counting it;
    nothing for a zone known by its offset alone (a POSIX rule, a copied /etc/localtime)."""
    import shlex

    from minecheck.report.zone import zone_name

    name = zone_name()  # (its characters need no quoting: `report.zone` lets no other through)
    return [] if name is None else [f"TZ={shlex.quote(name)}"]


def _say_uncoded(rep: Reporter, result: Summary) -> None:
    """A site written without its code where its name has one elsewhere is a site of its own
    in every count by site: said, since the report alone cannot show it (more than a few in
    one line, as a district that writes no codes would give a line a mine; `--json` each)."""
    if len(result.uncoded) > SAID_ONE_BY_ONE and not rep.json:
        first = result.uncoded[0]
        rep.warn(
            t(
                "{n} sites are written without their code in some findings and with a code in "
                "others: each counted as two sites (the first: {site}, code {codes})",
                n=len(result.uncoded),
                site=first.site,
                codes=list(first.codes),
            ),
            code="site-without-code",
            hint=t("give each site's code (site_id) in every inspection of it; --json lists each"),
        )
        return
    for site in result.uncoded:
        rep.warn(
            t(
                "site {site} is written without its code in some findings and with code "
                "{codes} in others: counted as two sites",
                site=site.site,
                codes=list(site.codes),
            ),
            code="site-without-code",
            hint=t("give the site's code (site_id) in every inspection of it"),
        )


def _in_zone(result: Summary) -> Summary:
    """The summary with the zone its days are local to, as this machine names it now (not
    remembered by the memo: its key holds the zone's rules, not the name it is given)."""
    import dataclasses

    from minecheck.report.zone import calendar

    return dataclasses.replace(result, zone=calendar(result.as_of))


def _with_unread(result: Summary, inputs: Inputs) -> Summary:
    """The report lists the entries below a directory that could not be read among the files
    not counted (a report mailed on lacked them; stderr and the exit code said so)."""
    if not inputs.unreadable:
        return result
    import dataclasses

    from minecheck.report.rows import DocumentStatus

    unread = (DocumentStatus(p.path or "", "unreadable", p.message) for p in inputs.unreadable)
    listed = sorted((*result.documents, *unread), key=lambda d: d.path)
    return dataclasses.replace(result, documents=tuple(listed))


def _summarize(
    rep: Reporter,
    inputs: Inputs,
    day: dt.date,
    groups: tuple[str, ...],
    include_untrusted: bool,
    *,
    cache: bool,
) -> Summary:
    """The summary, from the memo when every input is as a remembered run found it (the same
    warnings and exit code follow), else made in full and remembered."""
    import dataclasses

    from minecheck.report.memo import Readings, Remembered, SummaryMemo

    memo = SummaryMemo(
        inputs.files,
        inputs.store,
        as_of=day,
        by=groups,
        include_untrusted=include_untrusted,
        enabled=cache,
    )
    known = memo.recall()
    if known is not None:
        later_than = day if known.all_later else None
        report_read(
            rep,
            inputs,
            known.left_out,
            known.problems,
            known.rejected,
            usable=True,
            later_than=later_than,
        )
        return dataclasses.replace(
            known.summary, dated_later=known.all_later, followups_later=known.followups_later
        )
    from minecheck.core.seal import CREATED_IN_THE_FUTURE
    from minecheck.report import summary as agg

    # Streamed: the builder counts each consolidated finding as it is made, and findings
    # that are no hidden danger without a row each; nothing is kept per finding.
    builder = agg.SummaryBuilder(as_of=day, by=groups, include_untrusted=include_untrusted)
    seen = Readings()  # what the run read of each file: the memo need not read them again
    corpus = read_corpus(
        rep, inputs, day, include_untrusted, cache=cache, sink=builder, observe=seen.add
    )
    for row in corpus.rows:  # none: every row went to the builder
        builder.add(row)
    result = builder.build(corpus.documents, corpus.rejected)
    skipped = left_out(corpus, include_untrusted)
    if not any(d.reason == CREATED_IN_THE_FUTURE for d in corpus.documents):
        # (a document created in the future is judged by the clock, which the key leaves out)
        remembered = Remembered(
            result,
            skipped,
            corpus.problems,
            corpus.rejected,
            all_later=corpus.all_later,
            followups_later=corpus.followups_later,
        )
        memo.keep(remembered, seen)
    return dataclasses.replace(
        result, dated_later=corpus.all_later, followups_later=corpus.followups_later
    )
