"""`minecheck merge FILE... -o OUT` and `minecheck extract MERGED -o DIR`."""

from __future__ import annotations

import os
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from minecheck.cli._common import (
    AllowedSignersOpt,
    ForceOpt,
    LangOpt,
    RevokedKeysOpt,
    refuse_an_input,
    refuse_existing,
    say_codes_alike,
    shell_word,
    trust_add_command,
    trust_store,
)
from minecheck.cli._listing import listed_documents
from minecheck.cli._names import PATH_TEXT, as_named
from minecheck.cli._output import JsonAllOpt, JsonOpt, Reporter, resolve_lang, run
from minecheck.cli._output import said as in_language
from minecheck.cli._rolled import Tally, kind_of
from minecheck.cli._signing import KeyOpt, PassphraseFileOpt, SignerOpt, SignOptions
from minecheck.errors import ExitCode, InputError, Problem, UsageError
from minecheck.i18n import language, t

if TYPE_CHECKING:
    import datetime as dt

    from minecheck.core.documents import FindingsDoc, Inspection
    from minecheck.core.merge import SameDay, Site
    from minecheck.core.seal import Judge, Verdict


def _in_language(reason: str) -> str:
    """A verdict's reason (English, as the verifier writes it) in the current language."""
    from minecheck.report.labels import Labels

    return Labels(language()).reason(reason)


def _way_in_language(reason: str) -> str:
    """The way a malformed verdict's reason says it is at fault, in the current language, its
    file's own values left out (`Labels.way`): a terminal tells the first of each way."""
    from minecheck.report.labels import Labels

    return Labels(language()).way(reason)


def _depth(verdict: Verdict) -> int:
    return 1 + max(_depth(s) for s in verdict.sources) if verdict.sources else 0


def _last_signed(verdict: Verdict) -> tuple[dt.datetime, Verdict] | None:
    """The latest signed `created` of a document and of every document inside it, and the
    document that bears it (the first so dated: the outer one before those inside)."""
    dated = [(v.document.header.created, v) for v in (verdict, *_nested(verdict)) if v.document]
    return max(dated, key=lambda pair: pair[0], default=None)


def _nested(verdict: Verdict) -> Iterator[Verdict]:
    """Every document inside a merged one, merged ones among them, at every depth."""
    for source in verdict.sources:
        yield source
        yield from _nested(source)


def _examine_file(path: str | Path, store: Judge) -> tuple[bytes, Verdict]:
    from minecheck.core.seal import MAX_DOCUMENT_BYTES, examine
    from minecheck.fileio import read_limited

    data = read_limited(path, MAX_DOCUMENT_BYTES, "document")
    return data, examine(data, os.fspath(path), store)


def _answers_by_place(
    placed: list[tuple[Verdict, FindingsDoc]], findings: set[tuple[str, str]]
) -> dict[tuple[str, str], list[tuple[str, str, str]]]:
    """(inspection, item) -> each findings document's answer to it: (signer, result, where the
    document sits: an input's path, or `merged.toml#2#1` inside a merged input), each document
    once (`core.merge.each_findings_leaf`)."""
    out: dict[tuple[str, str], list[tuple[str, str, str]]] = {f: [] for f in findings}
    for leaf, doc in placed:
        for f in doc.findings:
            if (doc.inspection.id, f.item) in out:
                out[(doc.inspection.id, f.item)].append((doc.header.signer, f.result, leaf.path))
    return {f: sorted(said) for f, said in out.items()}


def _answered_twice(placed: list[tuple[Verdict, FindingsDoc]]) -> list[Problem]:
    """One signer's documents of one inspection answering the same items (a corrected file
    signed again), as reports say them (`report.consolidate.answered_twice`)."""
    from minecheck.core.trust import TrustStatus
    from minecheck.report.consolidate import Held, Source, answered_twice

    by_id: dict[str, list[Held]] = {}
    for leaf, doc in placed:
        header = doc.header
        src = Source(header.document_id, header.signer, leaf.path, doc.inspection, header.created)
        by_id.setdefault(doc.inspection.id, []).append((src, doc.findings, (), TrustStatus.TRUSTED))
    return [p for iid, docs in sorted(by_id.items()) for p in answered_twice(iid, docs)]


def _same_day(placed: list[tuple[Verdict, FindingsDoc]]) -> list[SameDay]:
    """Inspections of one mine on one day, each under its own id, sharing a hidden danger
    (`core.merge.same_day_inspections`)."""
    from minecheck.core.merge import same_day_inspections, signed_by, visit

    return same_day_inspections(
        (
            signed_by(doc.header.signer, leaf.status),
            visit(doc.inspection),
            [f.item for f in doc.findings if f.result == "noncompliant"],
            "",
        )
        for leaf, doc in placed
    )


def _sites_of_inspections(leaves: list[tuple[str, FindingsDoc]]) -> dict[str, list[Site]]:
    """Inspection id -> the sites its findings documents name (`core.merge.sites_of`), judged
    once and said in each language by `sites_said`."""
    from minecheck.core.merge import sites_of

    by_id: dict[str, list[Inspection]] = {}
    for _, doc in leaves:
        by_id.setdefault(doc.inspection.id, []).append(doc.inspection)
    return {iid: sites_of(inspections) for iid, inspections in by_id.items()}


def merge(
    files_given: Annotated[
        list[str],
        typer.Argument(
            metavar="FILE",
            click_type=PATH_TEXT,
            help="Findings, follow-up or merged documents; - for a list of paths on stdin.",
        ),
    ],
    output: Annotated[
        Path, typer.Option("-o", "--output", metavar="FILE", help="The merged document to write.")
    ],
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            metavar="",
            help="Exit 1 when inspectors disagree on any item, or on the site.",
        ),
    ] = False,
    allow_untrusted: Annotated[
        bool,
        typer.Option(
            "--allow-untrusted", metavar="", help="Embed sources whose key is not trusted here."
        ),
    ] = False,
    allowed_signers: AllowedSignersOpt = None,
    revoked_keys: RevokedKeysOpt = None,
    force: ForceOpt = False,
    key: KeyOpt = None,
    signer: SignerOpt = None,
    passphrase_file: PassphraseFileOpt = None,
    lang: LangOpt = None,
    json: JsonAllOpt = False,
) -> None:
    # (its help: cli.HELP["merge"])

    def body(rep: Reporter) -> None:
        resolve_lang(lang)
        from minecheck.cli._common import refuse_dash

        refuse_dash(output)
        from minecheck import __version__
        from minecheck.core.documents import FUTURE_SLACK, MERGED, Header, utc_now, utc_text
        from minecheck.core.merge import (
            CHECKLIST_VERSIONS_DIFFER,
            CHECKLISTS_DIFFER,
            MAX_DEPTH,
            SITES_DIFFER,
            consolidate,
            each_findings_leaf,
            identity,
            items_of_two_checklists,
            leaves_of,
            sites_said,
            versions_of_one_checklist,
        )
        from minecheck.core.merge import merged_body as make_body
        from minecheck.core.seal import write_sealed
        from minecheck.core.sites import codes_alike
        from minecheck.core.sshsig import NAMESPACE_MERGED
        from minecheck.core.trust import TrustStatus

        refuse_existing(output, force)
        files = listed_documents(files_given)
        refuse_an_input(output, files)
        store = trust_store(allowed_signers, revoked_keys)
        rep.warn_at_rolled(store.warnings)  # (a cert-authority line skipped: ten told)
        never = (TrustStatus.REVOKED, TrustStatus.MALFORMED, TrustStatus.BAD_SIGNATURE)
        # a source signed ahead of this clock would be signed after the file merged now: that
        # file would be malformed (core.merge: one of the two signed times is not true)
        latest = utc_now() + FUTURE_SLACK
        chosen: dict[bytes, Verdict] = {}
        problems: list[Problem] = []
        skipped: list[dict[str, str]] = []
        for path in files:
            try:
                data, verdict = _examine_file(path, store)
            except InputError as exc:  # every file that cannot be merged is said in one run
                message = exc.message_about(path)  # (the problem names the file: said once)
                problems.append(Problem("unreadable", message, str(path), hint=exc.hint))
                continue
            first = chosen.get(data)
            if first is not None:  # one file sent twice, under two names (or named twice)
                rep.info(
                    t("{path} is given twice; it is merged once", path=path)
                    if first.path == str(path)
                    else t(
                        "{path} is the same file as {other}; it is merged once",
                        path=path,
                        other=first.path,
                    )
                )
                skipped.append({"path": str(path), "same_as": first.path})
                continue
            bad = verdict.status != TrustStatus.TRUSTED
            if bad and verdict.sources and verdict.status in never[:2]:  # revoked, malformed
                # a merged file holding a document whose key was revoked since, or one this
                # version calls malformed (whose sources `extract` still gives back): the
                # others still count, each on its own
                problems.append(
                    Problem(
                        verdict.status.value,
                        verdict.detail,
                        str(path),
                        hint=t(
                            "to merge those of its sources that still count, take them out "
                            "with:\n  mkdir DIR && minecheck extract {path} -o DIR",
                            path=shell_word(path),
                        ),
                        reason=kind_of(verdict.detail, _way_in_language),
                    )
                )
            elif bad and (verdict.status in never or verdict.status == TrustStatus.UNSIGNED):
                # (refused in different ways: a terminal tells the first of each way)
                way = kind_of(verdict.detail, _way_in_language)
                problems.append(
                    Problem(verdict.status.value, verdict.detail, str(path), reason=way)
                )
            elif (last := _last_signed(verdict)) is not None and last[0] > latest:
                from minecheck.report.reasons_zh import SIGNED_AHEAD, SOURCE_SIGNED_AHEAD, VALUE

                signed, bearer = last
                ahead: dict[str, object] = {"signed": utc_text(signed)}
                if bearer is not verdict:  # (the time is that of a document inside: named)
                    ahead["source"] = bearer.path
                said = SIGNED_AHEAD if bearer is verdict else SOURCE_SIGNED_AHEAD
                problems.append(
                    Problem(
                        verdict.status.value,
                        t(said, **ahead),
                        str(path),
                        hint=t(
                            "check this computer's clock and the signer's (date -u); merge it "
                            "when this clock is right"
                        ),
                        # (a way of its own, its values left out as `way` leaves them: the
                        # first told with its hint among the status's)
                        reason=t(said, **dict.fromkeys(ahead, VALUE)),
                    )
                )
            elif bad and not allow_untrusted:
                problems.append(
                    Problem(
                        verdict.status.value,
                        t(
                            "{detail}; pass --allow-untrusted to merge it anyway",
                            detail=_in_language(verdict.detail),
                        ),
                        str(path),
                        reason=kind_of(verdict.detail, _way_in_language),
                    )
                )
            elif _depth(verdict) + 1 > MAX_DEPTH:
                problems.append(
                    Problem(
                        "too-deep",
                        t("merging it would nest more than {depth} deep", depth=MAX_DEPTH),
                        str(path),
                        hint=t(
                            "merge its sources instead:\n  mkdir DIR && minecheck extract {path} "
                            "-o DIR && minecheck merge DIR/*.toml -o OUT",
                            path=shell_word(path),
                        ),
                    )
                )
            else:
                chosen[data] = verdict
        # A merged input that another merged input holds whole (a city's file sent again with
        # the province's that embeds it) is already inside, as a findings file would be.
        within: dict[tuple[str, str | None], str] = {}
        for verdict in chosen.values():
            for inner in _nested(verdict):
                within.setdefault((identity(inner), inner.body_sha256), verdict.path)
        for data, verdict in list(chosen.items()):
            holder = within.get((identity(verdict), verdict.body_sha256))
            if verdict.sources and verdict.document_id and holder is not None:
                rep.info(t("{path} is already inside {merged}", path=verdict.path, merged=holder))
                skipped.append({"path": verdict.path, "inside": holder})
                del chosen[data]
        # A document already inside a merged input is not embedded a second time: the same
        # document (`identity`: its id, format and signing key) with the same bytes.
        inside: dict[str, tuple[str, str | None]] = {}
        overlaps: dict[tuple[str, str], list[str]] = {}  # (merged input, other) -> document ids
        for verdict in chosen.values():
            if verdict.sources:
                for leaf in leaves_of(verdict):
                    held = inside.get(identity(leaf))
                    if held is not None:
                        overlaps.setdefault((verdict.path, held[0]), []).append(
                            leaf.document_id or ""
                        )
                    elif leaf.document_id:
                        inside[identity(leaf)] = (verdict.path, leaf.body_sha256)
        for (holder, also), documents in overlaps.items():  # every pair said, in one run
            problems.append(
                Problem(
                    "overlap",
                    t(
                        "holds document {id}, which {other} holds too; merge their sources instead",
                        id=documents[0],
                        other=also,
                    )
                    if len(documents) == 1
                    else t(
                        "holds {count} documents that {other} holds too ({id}, ...); merge "
                        "their sources instead",
                        count=len(documents),
                        other=also,
                        id=documents[0],
                    ),
                    holder,
                )
            )
        sources: list[bytes] = []
        ids: dict[str, str] = {}
        for data, verdict in chosen.items():
            held = inside.get(identity(verdict)) if not verdict.sources else None
            if held is not None and held[1] == verdict.body_sha256:
                rep.info(t("{path} is already inside {merged}", path=verdict.path, merged=held[0]))
                skipped.append({"path": verdict.path, "inside": held[0]})
                continue
            if not verdict.sources and verdict.document_id:
                other = ids.get(identity(verdict)) or (held[0] if held else None)
                if other is not None:
                    problems.append(
                        Problem(
                            "two-contents",
                            t(
                                "the same document_id as {other}, with different bytes",
                                other=other,
                            ),
                            verdict.path,
                        )
                    )
                    continue
                ids[identity(verdict)] = verdict.path
            sources.append(data)
        if problems:
            raise InputError(
                t("some documents cannot be merged; nothing was written"),
                problems=problems,
                rolled=True,  # (one line a file refused: hundreds, ten of a kind told)
            )
        kept = [chosen[d] for d in sources]
        placed = list(each_findings_leaf(kept))  # (each findings document once, where it sits)
        leaves = [(doc.header.signer, doc) for _, doc in placed]
        consolidated = consolidate(leaves)
        merger = SignOptions(key, signer, passphrase_file, force).identity()
        header = Header(
            MERGED,
            str(uuid.uuid4()),
            utc_now(),
            merger.principal,
            merger.signer.public_key.fingerprint(),
            f"minecheck {__version__}",
        )
        write_sealed(
            output,
            make_body(header, sources, consolidated),
            merger.signer,
            NAMESPACE_MERGED,
            force=force,
            say=t,
            hint=t("merge fewer files at once: summary and export read several files together"),
        )
        inconsistent = [c for c in consolidated if c.result == "inconsistent"]
        places = _answers_by_place(placed, {(c.inspection, c.item) for c in inconsistent})
        sites = _sites_of_inspections(leaves)
        rep.data.update(
            {
                "path": as_named(output),
                "document_id": header.document_id,
                "source_count": len(sources),
                "consolidated": len(consolidated),
                "inconsistent": [
                    {
                        "finding": f"{c.inspection}/{c.item}",
                        "sites": sites_said(sites.get(c.inspection, ())),
                        "by": list(c.by),
                        "answers": [
                            {"signer": who, "result": result, "path": path}
                            for who, result, path in places[(c.inspection, c.item)]
                        ],
                    }
                    for c in inconsistent
                ],
                "skipped": skipped,
            }
        )
        rep.print_path(output)
        own = store.judge(
            principal=merger.principal,
            namespace=NAMESPACE_MERGED,
            key=merger.signer.public_key,
            at=header.created,
        )
        if own != TrustStatus.TRUSTED:  # what it merged then counts for nothing here
            rep.warn(
                t(
                    "{path}: {status}: the key signing it is not trusted here for {principal}: "
                    "summary and export here leave the whole file out",
                    path=output,
                    status=own.value,
                    principal=merger.principal,
                ),
                code=own.value,
                path=f"{output}",
            )
            rep.hint(
                t(
                    "to trust its key here:\n  {command}",
                    command=trust_add_command(
                        merger.principal, "KEY.pub", allowed_signers, NAMESPACE_MERGED
                    ),
                )
            )
        # told ten, the rest counted as every kind's are (`Tally`); data, not problems, so not
        # `warn_rolled`'s (in --json: data.inconsistent, every one)
        tally = Tally()
        for c in inconsistent:
            if not tally.told("inconsistent"):
                continue
            rep.caution(
                t(
                    "inconsistent: {finding} ({site}): {answers}",
                    finding=f"{c.inspection}/{c.item}",
                    site=t("; ").join(sites_said(sites.get(c.inspection, ()), t)),
                    answers=t("; ").join(
                        t("{who}: {result} ({path})", who=who, result=t(result), path=path)
                        for who, result, path in places[(c.inspection, c.item)]
                    ),
                )
            )
        for line in tally.kind_lines():
            rep.caution(line)
        # Each warning below is one an inspection (a province's merge, hundreds): told ten of
        # a kind, the rest counted once all are said (as summary and export tell theirs)
        for problem in _answered_twice(placed):
            problem = in_language(problem)  # (as `warn_at` said it: at its file)
            rep.warn_rolled(
                problem.message,
                code=problem.code,
                path=problem.path,
                hint=problem.hint,
                line=problem.line,
                placed=True,
            )
        # One inspection is at one site: documents of one inspection id naming two sites (an
        # --inspection-id reused for another mine) mix the two mines' answers, and reports
        # put every finding of the inspection at one of them.
        for iid, named in sorted(sites.items()):
            if len(named) > 1:
                rep.warn_rolled(
                    t(
                        SITES_DIFFER,
                        id=iid,
                        sites=t("; ").join(sites_said(named, t)),
                    ),
                    code="sites",
                )
        answered: dict[str, list[tuple[str, list[str]]]] = {}
        texts: dict[str, list[tuple[str, str, str, list[str]]]] = {}
        for _, doc in leaves:
            items = [f.item for f in doc.findings]
            ins = doc.inspection
            answered.setdefault(ins.id, []).append((ins.checklist, items))
            texts.setdefault(ins.id, []).append(
                (ins.checklist, ins.checklist_version, ins.checklist_sha256, items)
            )
        for iid, lists in sorted(answered.items()):
            shared = items_of_two_checklists(lists)
            if shared:
                rep.warn_rolled(
                    t(
                        CHECKLISTS_DIFFER,
                        id=iid,
                        items=sorted(shared),
                        checklists=sorted(set().union(*shared.values())),
                    ),
                    code="checklists",
                )
            revised = versions_of_one_checklist(texts[iid])
            for checklist, (items, versions) in sorted(revised.items()):
                rep.warn_rolled(
                    t(
                        CHECKLIST_VERSIONS_DIFFER,
                        id=iid,
                        items=list(items),
                        checklist=checklist,
                        versions=list(versions),
                    ),
                    code="checklist-versions",
                )
        rep.kinds_rolled_up()
        for group in _same_day(placed):
            said = group.said(t)
            rep.warn_separate(said, inspections=len(group.inspections), shown=group.brief(t, said))
        rep.separate_rolled_up()
        say_codes_alike(rep, codes_alike(doc.inspection.site_id or "" for _, doc in leaves))
        split = sorted(iid for iid, named in sites.items() if len(named) > 1)
        rep.data["sites_differ"] = split
        if strict and (inconsistent or split):
            rep.fail(ExitCode.FAILED)

    run("merge", json, body)


def extract(
    merged: Annotated[
        str, typer.Argument(metavar="MERGED", click_type=PATH_TEXT, help="A merged document.")
    ],
    output: Annotated[
        Path, typer.Option("-o", "--output", metavar="DIR", help="Directory for the sources.")
    ],
    allowed_signers: AllowedSignersOpt = None,
    revoked_keys: RevokedKeysOpt = None,
    force: ForceOpt = False,
    lang: LangOpt = None,
    json: JsonOpt = False,
) -> None:
    # (its help: cli.HELP["extract"])

    def body(rep: Reporter) -> None:
        resolve_lang(lang)
        from minecheck.cli._common import refuse_dash

        refuse_dash(output)
        from minecheck.core.documents import MergedDoc
        from minecheck.core.merge import read_structure
        from minecheck.core.trust import TrustStatus
        from minecheck.fileio import atomic_write, no_directory, symbolic_link

        # the directory is looked at before the merged file is read and its signatures checked
        # (seconds for a large one): a mistyped -o is said at once
        if output.exists() and not output.is_dir():
            raise UsageError(
                t(
                    "{path} is not a directory: extract writes one file per source there",
                    path=output,
                ),
                path=f"{output}",
            )
        if not output.is_dir():
            raise no_directory(output)

        store = trust_store(allowed_signers, revoked_keys)
        rep.warn_at_rolled(store.warnings)  # (a cert-authority line skipped: ten told)
        data, verdict = _examine_file(merged, store)
        judged = verdict
        reading = store
        if store.revoked:
            # Read as if nothing were revoked: a source whose key was revoked is still named by
            # its id, and a merger's revoked key leaves what it merged each signer's own
            # document, judged on its own once written out (the way back a revocation leaves).
            from minecheck.core.seal import examine

            reading = replace(store, revoked=frozenset())
            verdict = examine(data, merged, reading)
        if (
            verdict.status == TrustStatus.UNSIGNED
            and isinstance(verdict.document, MergedDoc)
            and not verdict.sources
        ):
            # its signature cut off: nothing past the missing signature was read (a traceback
            # here). Its structure and sources are read as a signed one's are, each source to
            # be judged on its own once written out; a broken structure gives none back.
            from minecheck.core.merge import check_merged

            verdict = check_merged(verdict, reading, 1)
        if verdict.document is None:  # damaged, unsigned in a way that cannot be read, ...
            from minecheck.report.labels import Labels

            words = Labels(language())  # the reason, and each fault at its line, as verify says
            raise InputError(
                t(
                    "{path}: {status}: {detail}; no source can be taken from it",
                    path=merged,
                    status=verdict.status.value,
                    detail=words.reason(verdict.detail),
                ),
                problems=[replace(p, message=words.problem(p)) for p in verdict.problems],
                path=merged,
            )
        if not isinstance(verdict.document, MergedDoc):
            raise InputError(
                t(
                    "{path} is a {format} document, not a merged one: there is nothing to extract",
                    path=merged,
                    format=verdict.document.header.format,
                ),
                path=merged,
            )
        if verdict.status == TrustStatus.MALFORMED and not verdict.sources:
            # its structure is broken (a source's bytes not those its digest names...): no
            # source was read from it. With every source read (one malformed by the rules of
            # this version, say, in a file merged by an earlier one), each is written back to
            # be judged on its own, as a revoked one is (warned of below).
            raise InputError(f"{merged}: {_in_language(verdict.detail)}", path=merged)
        if judged.status != TrustStatus.TRUSTED:
            detail = _in_language(judged.detail)
            reason = t("{status}: {reason}", status=judged.status.value, reason=detail)
            said = t("{path}: {reason}", path=merged, reason=reason)
            rep.warn(said, code=judged.status.value, path=merged)  # (its status, as in reports)
        _, sources, _ = read_structure(verdict.document)
        ids = [inner.document_id for inner in verdict.sources]
        targets = [output / name for name in source_names(ids, [s.sha256 for s in sources])]
        for target in targets:
            refuse_an_input(target, [merged])
            if target.is_symlink():  # (its name is the document's, known to its maker)
                raise symbolic_link(target, output)
        # a source already there byte for byte (an extract run again after a stop, or into a
        # folder of the same files) is left as it is: nothing would change
        there = {t for t, s in zip(targets, sources, strict=True) if _holds(t, s.file)}
        existing = [str(t) for t in targets if t not in there and t.exists()]
        if existing and not force:
            raise UsageError(
                t("{path} already exists", path=existing[0])
                if len(existing) == 1
                else t("{paths} already exist", paths=list(existing)),
                hint=t("choose another -o, or pass --force"),
                path=existing[0] if len(existing) == 1 else None,
                code="file-exists",
            )
        written = []
        for source, target in zip(sources, targets, strict=True):
            if target not in there:
                atomic_write(target, source.file, force=force, through_links=False)
            written.append(str(target))
            rep.print_path(target)
        rep.data["files"] = written
        if there:
            rep.info(
                t("{n} source was there already, byte for byte: left as it was", n=len(there))
                if len(there) == 1
                else t(
                    "{n} sources were there already, byte for byte: left as they were",
                    n=len(there),
                )
            )

    run("extract", json, body)


def _holds(path: Path, data: bytes) -> bool:
    """Whether `path` is a regular file of exactly these bytes (its size looked at first: a
    large file of another size is not read)."""
    import stat

    from minecheck.fileio import open_named, read_open

    try:
        st = os.lstat(path)
        if not stat.S_ISREG(st.st_mode) or st.st_size != len(data):
            return False
        fd, st = open_named(path, pipes=False)  # (a FIFO swapped in since: not waited on)
        try:
            return stat.S_ISREG(st.st_mode) and read_open(fd, st, len(data)) == data
        finally:
            os.close(fd)
    except (OSError, ValueError):
        return False


def source_names(ids: Sequence[str | None], digests: Sequence[str]) -> list[str]:
    """The file name `extract` gives each source: its document id (its digest where it has
    none), and, where two share an id (two signers' documents may), the first 12 digits of its
    digest too; where even those are shared, the whole digest. The digests of one merged file's
    sources differ, so no two sources are ever given one name (a source of 12 digits chosen to
    match another's was written over it, or stopped extract half way)."""
    names = [i or d for i, d in zip(ids, digests, strict=True)]
    named = Counter(names)  # (counted once, not looked for per source: thousands of sources)
    short = [
        f"{name}.toml" if named[name] == 1 else f"{name}.{digest[:12]}.toml"
        for name, digest in zip(names, digests, strict=True)
    ]
    again = Counter(short)
    return [
        this if again[this] == 1 else f"{name}.{digest}.toml"
        for this, name, digest in zip(short, names, digests, strict=True)
    ]


def answers_said(by: Iterable[str]) -> str:
    """Each inspector's answer (`alice@x: noncompliant`, as the merged document records it),
    its result in the reader's language."""
    said = []
    for entry in by:
        who, colon, result = entry.rpartition(": ")
        said.append(t("{who}: {result}", who=who, result=t(result)) if colon else entry)
    return t("; ").join(said)
