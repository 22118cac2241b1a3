"""`minecheck verify FILE|DIR...` and `minecheck sign FILE`."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from minecheck.cli._common import (
    AllowedSignersOpt,
    ForceOpt,
    RevokedKeysOpt,
    expand_documents,
    trust_files,
)
from minecheck.cli._output import JsonOpt, Reporter, run
from minecheck.cli._signing import KeyOpt, PassphraseFileOpt, SignerOpt, resolve_identity
from minecheck.errors import ExitCode, InputError, UsageError

if TYPE_CHECKING:
    from minecheck.report.verdicts import Checked

FilesArg = Annotated[list[Path], typer.Argument(help="Documents, or directories of *.toml files.")]


def verify(
    files: FilesArg,
    allowed_signers: AllowedSignersOpt = None,
    revoked_keys: RevokedKeysOpt = None,
    json: JsonOpt = False,
) -> None:
    """Check each document's signature and trust; exit 0 only when every one is trusted."""

    def body(rep: Reporter) -> None:
        from minecheck.core.trust import load_trust
        from minecheck.report.verdicts import check_files

        allowed, revoked = trust_files(allowed_signers, revoked_keys, must_exist=True)
        store = load_trust(allowed, revoked)
        for warning in store.warnings:
            rep.warn(f"{warning.location()}: {warning.message}", code=warning.code)
        documents = expand_documents(files)
        if not documents:
            raise InputError("no documents to verify (no *.toml files found)")
        counts: Counter[str] = Counter()
        results = []
        for verdict in check_files(documents, store):  # in parallel, in order
            counts[verdict.status.value] += 1
            results.append(verdict.as_dict())
            rep.print_data(_status_line(verdict))
            for problem in verdict.problems:
                rep.problem(problem)
        rep.data["files"] = results
        rep.data["counts"] = dict(counts)
        summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
        rep.info(f"{len(documents)} document{'s' if len(documents) != 1 else ''}: {summary}")
        if counts["trusted"] != len(documents):
            rep.fail(ExitCode.FAILED)

    run("verify", json, body)


def _status_line(verdict: Checked) -> str:
    from minecheck.core.sanitize import for_terminal

    who = " ".join(x for x in (verdict.signer, verdict.fingerprint) if x)
    text = f"{verdict.path}: {verdict.status.value}: {verdict.detail}"
    return for_terminal(f"{text} ({who})" if who else text)


def sign(
    file: Annotated[Path, typer.Argument(help="An unsigned findings or follow-up document.")],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write here instead of signing in place.")
    ] = None,
    force: ForceOpt = False,
    key: KeyOpt = None,
    signer: SignerOpt = None,
    passphrase_file: PassphraseFileOpt = None,
    json: JsonOpt = False,
) -> None:
    """Sign an unsigned minecheck document after checking its schema (in place, or to -o)."""

    def body(rep: Reporter) -> None:
        from minecheck.core.docschema import read_document
        from minecheck.core.documents import MERGED, NAMESPACE_OF
        from minecheck.core.seal import (
            MAX_DOCUMENT_BYTES,
            MalformedTrailer,
            split,
            write_sealed,
        )
        from minecheck.core.tomlio import decode_text, parse_toml
        from minecheck.fileio import read_limited

        data = read_limited(file, MAX_DOCUMENT_BYTES, "document")
        text = decode_text(data, str(file))
        try:
            _, armored = split(data)
        except MalformedTrailer as exc:
            raise InputError(f"{file}: {exc}") from None
        if armored is not None:
            raise UsageError(f"{file} is already signed")
        document, problems = read_document(parse_toml(text, str(file)), text, str(file))
        if problems:
            raise InputError(f"{file} is not a valid minecheck document", problems=problems)
        header = document.header
        if header.format == MERGED:
            raise UsageError("merged documents are made and signed by minecheck merge")
        identity = resolve_identity(key, signer, passphrase_file)
        fingerprint = identity.signer.public_key.fingerprint()
        if header.signer != identity.principal or header.signer_key != fingerprint:
            raise UsageError(
                f"{file} names signer {header.signer!r} with key {header.signer_key}, "
                f"but you sign as {identity.principal!r} with {fingerprint}",
                hint=f'set signer = "{identity.principal}" and signer_key = "{fingerprint}" '
                "in its [minecheck] table",
            )
        if not data.endswith(b"\n\n"):  # the signed body ends with an empty line
            data += b"\n" if data.endswith(b"\n") else b"\n\n"
        target = output if output is not None else file
        write_sealed(
            target,
            data,
            identity.signer,
            NAMESPACE_OF[header.format],
            force=force or output is None,
        )
        rep.data.update(
            {"path": str(target), "signer": identity.principal, "fingerprint": fingerprint}
        )
        rep.print_data(str(target))

    run("sign", json, body)
