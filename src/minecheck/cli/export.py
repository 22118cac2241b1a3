"""`minecheck export PATH... --format jsonl|csv`: one row per consolidated finding."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from minecheck.cli._common import (
    AllowedSignersOpt,
    ForceOpt,
    RevokedKeysOpt,
    refuse_existing,
    trust_files,
)
from minecheck.cli._output import JsonOpt, Reporter, run
from minecheck.errors import ExitCode, InputError, Problem, UsageError
from minecheck.i18n import t

if TYPE_CHECKING:
    from minecheck.report.corpus import Corpus, PlainSink

PathsArg = Annotated[
    list[str],
    typer.Argument(
        metavar="PATH",
        help="Documents, directories of *.toml files, or - for a list of paths on stdin.",
    ),
]
AsOfOpt = Annotated[
    str | None,
    typer.Option("--as-of", metavar="DATE", help="Judge states and deadlines as of this date."),
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
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(
            t("--as-of {value} is not a date like 2026-12-31", value=repr(value))
        ) from None


def input_paths(given: list[str]) -> tuple[list[Path], list[Problem]]:
    """Files as given, directories searched for *.toml, `-` a list of paths on stdin; and
    every entry below a directory that is not a readable regular file, as a problem."""
    from minecheck.cli._common import walk_documents

    listed: list[Path] = []
    for item in given:
        if item == "-":
            listed.extend(Path(line) for line in sys.stdin.read().splitlines() if line.strip())
        else:
            listed.append(Path(item))
    out: list[Path] = []
    problems: list[Problem] = []
    for path in listed:
        if path.is_dir():
            found, unreadable = walk_documents([path])
            out.extend(found)
            problems.extend(unreadable)
        else:
            out.append(path)  # a missing or unreadable file is reported by the corpus
    return out, problems


def load(
    rep: Reporter,
    paths_given: list[str],
    allowed_signers: Path | None,
    revoked_keys: Path | None,
    as_of: str | None,
    include_untrusted: bool,
    *,
    cache: bool = True,
    sink: PlainSink | None = None,
) -> Corpus:
    """Read the corpus, name every file left out on stderr, and set exit code 1 if any was.

    With a `sink`, the findings go there as they are consolidated (see `load_corpus`).
    """
    from minecheck.cli._progress import progress
    from minecheck.core.trust import load_trust
    from minecheck.report.corpus import counted, load_corpus
    from minecheck.report.corpus_cache import read_files
    from minecheck.report.stream import summarize_files

    day = parse_as_of(as_of)
    store = load_trust(*trust_files(allowed_signers, revoked_keys, must_exist=True))
    for warning in store.warnings:
        rep.warn(f"{warning.location()}: {warning.message}", code=warning.code)
    files, unreadable = input_paths(paths_given)
    for problem in unreadable:
        rep.warn(
            t("{path}: left out: {reason}", path=problem.path, reason=problem.message),
            code=problem.code,
            path=problem.path,
        )
    if not files:
        raise UsageError(t("no documents given (no *.toml files found)"))
    with progress(rep, len(files)) as tick:
        if sink is not None:  # two passes, flat memory (report/stream.py)
            names = [str(f) for f in files]  # a Path each would be most of what is held per file
            files.clear()
            corpus = summarize_files(
                names,
                store,
                as_of=day,
                include_untrusted=include_untrusted,
                sink=sink,
                cache=cache,
                tick=tick,
            )
        else:
            read = read_files(files, cache=cache, tick=tick)
            corpus = load_corpus(read, store, as_of=day, include_untrusted=include_untrusted)
    left_out = [d for d in corpus.documents if not counted(d.status, include_untrusted)]
    for d in left_out:
        rep.warn(
            t("{path}: left out: {reason}", path=d.path, reason=f"{d.status}: {d.reason}"),
            code=d.status,
            path=d.path,
        )
    for p in corpus.problems:
        rep.warn(f"{p.path}: {p.message}", code=p.code, path=p.path)
    for r in corpus.rejected:
        rep.warn(
            t(
                "{path}: event {action} for {finding} at {at} not applied: {reason}",
                path=r.path,
                action=r.action,
                finding=r.finding,
                at=r.at.isoformat(),
                reason=r.reason,
            ),
            code="event-rejected",
            path=r.path,
        )
    if not corpus.used:
        raise InputError(t("no document could be used"))
    if left_out or corpus.problems or unreadable:
        rep.fail(ExitCode.FAILED)
    return corpus


def export(
    paths_given: PathsArg,
    fmt: Annotated[
        str,
        typer.Option(
            "--format", metavar="FORMAT", help="jsonl, csv or parquet (with the parquet extra)."
        ),
    ] = "jsonl",
    as_of: AsOfOpt = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o", "--output", metavar="FILE", help="Write here instead of standard output."
        ),
    ] = None,
    include_untrusted: IncludeUntrustedOpt = False,
    allowed_signers: AllowedSignersOpt = None,
    revoked_keys: RevokedKeysOpt = None,
    force: ForceOpt = False,
    no_cache: NoCacheOpt = False,
    json: JsonOpt = False,
) -> None:
    """Export one row per consolidated finding, with its state and flags, as JSONL or CSV."""

    def body(rep: Reporter) -> None:
        from minecheck.report.export import FORMATS, render, row_values

        if fmt not in (*FORMATS, "parquet"):
            raise UsageError(
                t("unknown format {format}", format=repr(fmt)),
                hint=t("use --format jsonl, csv or parquet"),
            )
        if fmt == "parquet" and output is None:
            raise UsageError(t("Parquet is binary: name a file"), hint=t("pass -o FILE.parquet"))
        refuse_existing(output, force, hint=t("pass --force to replace it"))
        corpus = load(
            rep,
            paths_given,
            allowed_signers,
            revoked_keys,
            as_of,
            include_untrusted,
            cache=not no_cache,
        )
        if fmt == "parquet":
            from minecheck.report.parquet import write_parquet

            assert output is not None
            write_parquet(corpus.rows, output, force=force)
            rep.data.update({"path": str(output), "count": len(corpus.rows)})
            rep.print_data(str(output))
            return
        text = render(corpus.rows, fmt)
        if output is not None:
            from minecheck.fileio import atomic_write

            atomic_write(output, text.encode("utf-8"), force=force)
            rep.data["path"] = str(output)
            rep.print_data(str(output))
        elif json:
            rep.data["rows"] = [row_values(r) for r in corpus.rows]
        else:
            sys.stdout.write(text)
            sys.stdout.flush()
        rep.data["count"] = len(corpus.rows)

    run("export", json, body)
