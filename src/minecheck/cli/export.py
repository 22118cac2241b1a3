"""`minecheck export PATH... --format jsonl|csv`: one row per consolidated finding; with
`--rows events`, one row per follow-up event and per hidden danger found."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import io
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, BinaryIO, TextIO

import typer

from minecheck.cli._batch_inputs import (
    AsOfOpt,
    IncludeUntrustedOpt,
    Inputs,
    NoCacheOpt,
    cache_forgotten,
    open_inputs,
    parse_as_of,
    read_corpus,
    said_read,
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
)
from minecheck.cli._names import as_named
from minecheck.cli._output import JsonAllOpt, Reporter, resolve_lang, run
from minecheck.cli._spool import json_escapes
from minecheck.core.sanitize import quoted
from minecheck.errors import UsageError
from minecheck.i18n import t

if TYPE_CHECKING:
    from minecheck.report.corpus import Corpus
    from minecheck.report.events import EventRow
    from minecheck.report.export import RowWriter
    from minecheck.report.parquet import ParquetRows


def _say_calendar(rep: Reporter, day: dt.date) -> None:
    """The envelope names the day the rows are judged as of and the zone its days are local to
    (`deadline`, `overdue`, an event's `day`), as a summary's does."""
    from minecheck.report.zone import calendar

    rep.data["as_of"] = day.isoformat()
    rep.data["zone"] = calendar(day).data()


@contextlib.contextmanager
def _on_stdout(fmt: str) -> Iterator[None]:
    """Rows written to standard output as they are made: with JSON's escapes for jsonl, and a
    stop meanwhile said as cutting them short (`fileio.rows_on_stdout`)."""
    from minecheck.fileio import rows_on_stdout

    with rows_on_stdout(), json_escapes(sys.stdout) if fmt == "jsonl" else contextlib.nullcontext():
        yield


def _write_rows(
    read: Callable[..., Corpus], fmt: str, output: Path | None, force: bool, bom: bool
) -> int:
    """The rows `read(write=...)` makes, written as they come to `output` (atomically) or to
    standard output (CSV, JSONL); how many."""
    from minecheck.report.export import RowWriter

    written = 0

    def fill(writer: RowWriter | ParquetRows) -> None:
        nonlocal written
        read(write=writer.write, lines=writer.lines_to)
        writer.finish()
        written = writer.count

    def rows_to(out: TextIO) -> None:
        if bom:
            out.write(BOM)
        fill(RowWriter(out, fmt))

    def text_to(fh: BinaryIO) -> None:
        text = io.TextIOWrapper(fh, encoding="utf-8", newline="")
        rows_to(text)
        text.flush()
        text.detach()  # the file is closed by atomic_write

    def parquet_to(fh: BinaryIO) -> None:
        from minecheck.report.parquet import ParquetRows

        writer = ParquetRows(fh)  # (without pyarrow: a clear error before anything is read)
        try:
            fill(writer)
        except BaseException:
            writer.abandon()
            raise

    if output is None:
        with _on_stdout(fmt):
            rows_to(sys.stdout)
            sys.stdout.flush()
        return written
    from minecheck.fileio import atomic_write

    atomic_write(output, parquet_to if fmt == "parquet" else text_to, force=force)
    return written


ROWS = ("findings", "events")


@dataclass(frozen=True)
class Destination:
    """Where rows go: `fmt` (csv or jsonl) to `output` (None: standard output, or the
    envelope's `data.rows` with --json)."""

    fmt: str
    output: Path | None
    force: bool
    bom: bool


def _export_events(
    rep: Reporter, inputs: Inputs, day: dt.date, include_untrusted: bool, cache: bool
) -> Iterator[EventRow]:
    """`--rows events`: the corpus read in one pass (not by the batch engine's two: the rows
    of events are few beside the findings'; only the rows they read are made), what reading
    found said, the rows (each made as it is written)."""
    from minecheck.cli._progress import progress
    from minecheck.core.loop import Steps
    from minecheck.report.corpus import load_corpus
    from minecheck.report.corpus_cache import read_files
    from minecheck.report.events import event_rows

    steps = Steps()
    with progress(rep, len(inputs.files)) as tick:
        # (each hidden danger without the texts no row of events writes: they grew with them)
        results = read_files(inputs.files, cache=cache, tick=tick, bare=True)
        corpus = load_corpus(
            results, inputs.store, as_of=day, include_untrusted=include_untrusted, steps=steps
        )
    said_read(rep, inputs, corpus, include_untrusted, day)
    return event_rows(corpus.read, steps, corpus.found)


def _write_event_rows(rep: Reporter, rows: Iterable[EventRow], to: Destination) -> None:
    """The rows written as CSV or JSONL, or into the envelope, each made (and made into its
    values and text) as it is written: none is held."""
    from minecheck.report.events import values, write
    from minecheck.report.stream import in_batches

    if to.output is None and rep.json:
        spooled = rep.spool()
        for batch in in_batches(map(values, rows), 500):
            spooled.extend(batch)
        rep.data["rows"] = spooled
        rep.data["count"] = spooled.count  # (after the rows, as in the finding rows' envelope)
        return
    if to.output is None:
        with _on_stdout(to.fmt):
            sys.stdout.write(BOM if to.bom else "")
            rep.data["count"] = write(sys.stdout, rows, to.fmt)
            sys.stdout.flush()
    else:
        from minecheck.fileio import atomic_write

        def text_to(fh: BinaryIO) -> None:
            text = io.TextIOWrapper(fh, encoding="utf-8", newline="")
            text.write(BOM if to.bom else "")
            rep.data["count"] = write(text, rows, to.fmt)
            text.flush()
            text.detach()  # the file is closed by atomic_write

        atomic_write(to.output, text_to, force=to.force)
        rep.data["path"] = as_named(to.output)
        rep.print_path(to.output)


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
            "-o",
            "--output",
            metavar="FILE",
            help="Write here instead of standard output (- is standard output).",
        ),
    ] = None,
    include_untrusted: IncludeUntrustedOpt = False,
    allowed_signers: AllowedSignersOpt = None,
    revoked_keys: RevokedKeysOpt = None,
    force: ForceOpt = False,
    bom: BomOpt = False,
    no_cache: NoCacheOpt = False,
    rows_of: Annotated[
        str,
        typer.Option(
            "--rows",
            metavar="ROWS",
            help="findings: one row per consolidated finding; events: one row per follow-up event "
            "and per hidden danger found, with its day and whether it was applied (CSV or "
            "JSONL).",
        ),
    ] = "findings",
    lang: LangOpt = None,
    json: JsonAllOpt = False,
) -> None:
    # (its help: cli.HELP["export"])
    from minecheck.cli._names import given_as_dash

    if given_as_dash(output):  # `-o -`: standard output, as without -o
        output = None

    def body(rep: Reporter) -> None:
        resolve_lang(lang)
        from minecheck.report.export import FORMATS, LaidOut

        if fmt not in (*FORMATS, "parquet"):
            raise UsageError(
                t("unknown format {format}", format=quoted(fmt)),
                hint=t("use --format jsonl, csv or parquet"),
            )
        if rows_of not in ROWS:
            raise UsageError(
                t("unknown rows {rows}", rows=quoted(rows_of)),
                hint=t("use --rows findings or --rows events"),
            )
        if rows_of == "events" and fmt == "parquet":
            raise UsageError(
                t("the rows of events are written as CSV or JSONL, not Parquet"),
                hint=t("use --format csv or --format jsonl"),
            )
        check_bom(bom, fmt)
        if fmt == "parquet" and output is None:
            raise UsageError(t("Parquet is binary: name a file"), hint=t("pass -o FILE.parquet"))
        refuse_existing(
            output,
            force,
            hint=t("pass --force to replace it"),
            special_hint=t("leave out -o, or give -o -, to write to standard output"),
        )
        # the rows written as they are made, not held: memory stays flat
        day = parse_as_of(as_of)
        inputs = open_inputs(rep, paths_given, allowed_signers, revoked_keys)
        refuse_an_input(output, inputs.files)
        _say_calendar(rep, day)
        cache_forgotten()
        if rows_of == "events":
            made = _export_events(rep, inputs, day, include_untrusted, not no_cache)
            _write_event_rows(rep, made, Destination(fmt, output, force, bom))
            say_cache_off(rep)
            return
        read = functools.partial(
            read_corpus, rep, inputs, day, include_untrusted, cache=not no_cache
        )
        if output is None and json:
            # the rows go in the envelope: kept in a temporary file until it is written
            rows, laid_out = rep.spool(), LaidOut()
            # (made here, not by workers: writing the envelope is the work, and lines laid out
            # waiting for it would cost memory: docs/decisions.md, "Export, part 3")
            read(write=lambda made: rows.extend_laid_out(laid_out.lines(made)))
            rep.data["rows"] = rows
            rep.data["count"] = rows.count
            say_cache_off(rep)
            return
        rep.data["count"] = _write_rows(read, fmt, output, force, bom)
        say_cache_off(rep)
        if output is not None:
            rep.data["path"] = as_named(output)
            rep.print_path(output)

    run("export", json, body)
