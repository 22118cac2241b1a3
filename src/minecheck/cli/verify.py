"""`minecheck verify FILE|DIR...`."""

from __future__ import annotations

import dataclasses
import os
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from minecheck.cli._common import (
    AllowedSignersOpt,
    LangOpt,
    PathsArg,
    RevokedKeysOpt,
    trust_add_command,
    trust_files,
    trust_list_advice,
    trust_list_not_there,
)
from minecheck.cli._damage import restore_hint
from minecheck.cli._listing import listed_paths, named_files, none_below, walk_document_names
from minecheck.cli._names import as_typed
from minecheck.cli._output import JsonOpt, Reporter, resolve_lang, run
from minecheck.core.sanitize import quoted
from minecheck.errors import ExitCode, InputError, Problem, UsageError
from minecheck.i18n import t

if TYPE_CHECKING:
    from minecheck.core.seal import Verdict
    from minecheck.report.labels import Labels
    from minecheck.report.verdicts import Checked


def verify(
    files: PathsArg,
    allowed_signers: AllowedSignersOpt = None,
    revoked_keys: RevokedKeysOpt = None,
    at: Annotated[
        str,
        typer.Option(
            "--at",
            metavar="WHEN",
            help="created: judge key windows at each document's signed created time; now: at "
            "the present, as ssh-keygen does.",
        ),
    ] = "created",
    evidence: Annotated[
        bool,
        typer.Option(
            "--evidence",
            metavar="",
            help="Also check each evidence file's size and SHA-256 (exit 1 if not).",
        ),
    ] = False,
    lang: LangOpt = None,
    json: JsonOpt = False,
) -> None:
    # (its help: cli.HELP["verify"])

    def body(rep: Reporter) -> None:
        from minecheck.core import seal
        from minecheck.report.labels import Labels

        words = Labels(resolve_lang(lang))

        if at not in ("created", "now"):
            raise UsageError(t("--at {given}: expected created or now", given=quoted(at)))
        now = seal.clock()
        judged_at = now if at == "now" else None
        from minecheck.cli._progress import progress
        from minecheck.core.seal import MAX_DOCUMENT_BYTES, examine, over_the_limit
        from minecheck.core.trust import TrustStatus, load_trust
        from minecheck.fileio import read_limited
        from minecheck.report.verdicts import Checked, Unread, check_files, source_problems

        allowed, revoked = trust_files(allowed_signers, revoked_keys, must_exist=True)
        store = load_trust(allowed, revoked, given=(allowed_signers, revoked_keys))
        rep.warn_at_rolled(store.warnings)  # (a cert-authority line skipped: ten told)
        inputs = named_files(listed_paths(files))
        named = set(inputs)  # (a pipe is read only where it was named, never one found)
        documents, unreadable = walk_document_names(inputs)
        for problem in unreadable:
            rep.problem(problem)
        if not documents and not unreadable:
            raise none_below(inputs, t("no documents to verify (no *.toml files found)"))
        counts: Counter[str] = Counter()
        # each file's result for the envelope, kept in a temporary file as it comes (memory
        # stays flat however many files); nothing is kept without --json
        results = rep.spool() if rep.json else None

        def alone(path: str) -> Checked | None:
            """One file read here, as verify always read a file the workers could not."""
            try:
                size = os.stat(path).st_size
                if size > MAX_DOCUMENT_BYTES:
                    return Checked(path, TrustStatus.MALFORMED, over_the_limit(size))
                verdict = examine(
                    read_limited(path, MAX_DOCUMENT_BYTES, "document", pipe_ok=path in named),
                    path,
                    store,
                    now=now,
                    at=judged_at,
                )
                return Checked.of(verdict, keep_document=evidence)
            except (OSError, ValueError) as exc:  # a NUL byte or an over-long name, for one
                from minecheck.os_words import os_reason

                reason = os_reason(exc) if isinstance(exc, OSError) else str(exc)
                said = t("cannot read: {reason}", reason=reason)
                unreadable.append(Problem("unreadable", said, path))
            except InputError as exc:  # a read that failed: the other files are still checked
                message = exc.message_about(path)
                unreadable.append(Problem("unreadable", message, path))
            rep.problem(unreadable[-1])
            return None

        hinted: set[str | None] = set()  # signers whose key the hint to trust was given for
        not_there = trust_list_not_there(allowed_signers)

        def report(path: str, verdict: Checked) -> None:
            counts[verdict.status.value] += 1
            rep.print_data(_status_line(verdict, words))
            restore = restore_hint(
                verdict.path, verdict.detail, (allowed_signers, revoked_keys), at == "now", evidence
            )
            if restore is not None:  # line endings a mail program changed, say
                rep.hint(restore)
            for signer in _untrusted_signers(verdict):
                if signer in hinted:
                    continue
                command = trust_add_command(signer or "P", "KEY.pub", allowed_signers)
                if not_there is None:
                    rep.info(
                        t(
                            "  read {allowed}; to trust the key (or --from LINES):\n    {command}",
                            allowed=as_typed(allowed),
                            command=command,
                        )
                    )
                else:
                    if not hinted:  # (once: no key at all is trusted)
                        rep.info(t("  no key is trusted here: there is no {path}", path=not_there))
                        rep.hint(trust_list_advice())
                    rep.info(
                        t(
                            "  to trust the key here (or --from LINES):\n    {command}",
                            command=command,
                        )
                    )
                hinted.add(signer)
            for line in _source_lines(verdict, "  ", words):
                rep.print_data(line)
            checks = _check_evidence(rep, path, verdict, words) if evidence else None
            unchecked = _unchecked_evidence(rep, path, verdict) if evidence else 0
            if results is not None:
                entry = verdict.as_dict()
                if restore is not None:
                    entry["hint"] = restore
                if checks is not None:
                    entry["evidence"] = checks
                if unchecked:
                    entry["evidence_unchecked"] = unchecked
                results.extend([entry])
            # (a schema's words, in the reader's language), and where a merged document's
            # sources are damaged: at their lines, in the source as `extract` writes it
            for problem in (*verdict.problems, *source_problems(verdict)):
                rep.problem(dataclasses.replace(problem, message=words.problem(problem)))

        checked = check_files(documents, store, keep_document=evidence, now=now, at=judged_at)
        with progress(rep, len(documents)) as tick:
            for path, result in zip(documents, checked, strict=True):
                if tick is not None:
                    tick()
                verdict = alone(path) if isinstance(result, Unread) else result
                if verdict is not None:
                    report(path, verdict)
        if results is not None:
            rep.data["files"] = results
        # the files not read too, under their own key: the counts add up to the total said
        rep.data["counts"] = dict(counts) | ({"unreadable": len(unreadable)} if unreadable else {})
        counts_text = [
            t("{n} {status}", n=n, status=words.value("status", status))
            for status, n in sorted(counts.items())
        ]
        if unreadable:
            counts_text.append(t("{n} unreadable", n=len(unreadable)))
        total = sum(counts.values()) + len(unreadable)
        listed = t(", ").join(counts_text)
        # two messages, each a literal the catalogue test reads
        if total == 1:
            rep.info(t("{n} document: {counts}", n=total, counts=listed))
        else:
            rep.info(t("{n} documents: {counts}", n=total, counts=listed))
        if counts["trusted"] != sum(counts.values()):
            rep.fail(ExitCode.FAILED)
        if unreadable:
            rep.fail(ExitCode.USAGE)

    run("verify", json, body)


def _check_evidence(
    rep: Reporter, path: str, verdict: Verdict | Checked, words: Labels
) -> list[dict[str, str]]:
    """`verify --evidence`: each changed or missing file is reported and makes the exit 1;
    the signature status stays what it is (a code), the detail is in the reader's language."""
    from minecheck.core.evidence import check_evidence
    from minecheck.core.sanitize import for_terminal

    found = check_evidence(Path(path), verdict.document) if verdict.document else []
    for check in found:
        detail = words.reason(check.detail)
        rep.print_data(for_terminal(f"{path}: {check.status}: {check.path}: {detail}"))
        rep.fail(ExitCode.FAILED)
    return [{"path": c.path, "status": c.status, "detail": c.detail} for c in found]


def _unchecked_evidence(rep: Reporter, path: str, verdict: Verdict | Checked) -> int:
    """A merged file's sources record their evidence relative to the files they were merged
    from, wherever those were: it is not looked for beside the merged file (a photo of one
    inspection would be taken for another's of the same name). Said, not passed over."""
    from minecheck.core.evidence import recorded_evidence

    def count(source: Verdict | Checked) -> int:
        own = len({e.path for e in recorded_evidence(source.document)})
        return own + sum(count(s) for s in source.sources)

    n = sum(count(source) for source in verdict.sources)
    if n:
        said = (
            t(
                "{path}: the evidence of its sources ({n} file) is recorded relative to the "
                "files they were merged from, not checked here; extract the sources next to "
                "their evidence and verify those",
                path=path,
                n=n,
            )
            if n == 1
            else t(
                "{path}: the evidence of its sources ({n} files) is recorded relative to the "
                "files they were merged from, not checked here; extract the sources next to "
                "their evidence and verify those",
                path=path,
                n=n,
            )
        )
        rep.warn(said, code="evidence-unchecked", path=f"{path}")
    return n


def _status_line(verdict: Verdict | Checked, words: Labels) -> str:
    """`path: status: detail (signer fingerprint)`: the status is a code, the same in every
    language (scripts split on it); the detail is said in the report's language. A detail that
    names the key already (`key SHA256:… is revoked`) is not followed by it again."""
    from minecheck.core.sanitize import for_terminal

    named = verdict.fingerprint and verdict.fingerprint in verdict.detail
    who = " ".join(x for x in (verdict.signer, None if named else verdict.fingerprint) if x)
    text = f"{verdict.path}: {verdict.status.value}: {words.reason(verdict.detail)}"
    return for_terminal(f"{text} ({who})" if who else text)


def _untrusted_signers(verdict: Checked) -> list[str | None]:
    """Whose keys make `verdict` untrusted-key: its signer's, or, where a trusted merger's file
    is untrusted for a source (`core.merge`: "source ... is untrusted-key"), the sources'."""
    from minecheck.core.trust import TrustStatus

    if verdict.status is not TrustStatus.UNTRUSTED_KEY:
        return []
    if verdict.sources and verdict.detail.startswith("source "):
        return [signer for source in verdict.sources for signer in _untrusted_signers(source)]
    return [verdict.signer]


def _source_lines(verdict: Verdict | Checked, indent: str, words: Labels) -> list[str]:
    """One line per source of a merged document (and theirs, further indented)."""
    lines = []
    for source in verdict.sources:
        lines.append(indent + _status_line(source, words))
        lines.extend(_source_lines(source, indent + "  ", words))
    return lines
