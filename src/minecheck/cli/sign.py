"""`minecheck sign FILE`: sign a findings or follow-up document written by hand or by a script."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from minecheck.cli._common import ForceOpt, LangOpt
from minecheck.cli._names import PATH_TEXT, given_path
from minecheck.cli._output import JsonAllOpt, Reporter, resolve_lang, run
from minecheck.cli._signing import KeyOpt, PassphraseFileOpt, SignerOpt, resolve_identity
from minecheck.core.sanitize import quoted
from minecheck.errors import InputError, Problem, UsageError
from minecheck.i18n import t

if TYPE_CHECKING:
    from minecheck.cli._refs import RefResolver
    from minecheck.core.documents import FollowUpDoc

# The [minecheck] fields `sign` fills in when they are absent, in the order they are written.
FILLED = ("document_id", "created", "signer", "signer_key", "tool")


def sign(
    file: Annotated[
        str,
        typer.Argument(
            metavar="FILE",
            click_type=PATH_TEXT,
            help="An unsigned findings or follow-up document.",
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "-o", "--output", metavar="FILE", help="Write here instead of signing in place."
        ),
    ] = None,
    force: ForceOpt = False,
    key: KeyOpt = None,
    signer: SignerOpt = None,
    passphrase_file: PassphraseFileOpt = None,
    lang: LangOpt = None,
    json: JsonAllOpt = False,
) -> None:
    def body(rep: Reporter) -> None:
        resolve_lang(lang)
        # (`file` is kept as named: `./-` is no `-`, `./--x.toml` no option)
        if output is not None:
            signed(rep)
            return
        from minecheck.fileio import rewriting

        # Signed in place: held from the read to the write, so that two signing one file at
        # once do not both say "signed" while the second's signature replaces the first's;
        # the second reads the first's signed file and says it is already signed.
        with rewriting(given_path(file)):
            signed(rep)

    def signed(rep: Reporter) -> None:
        from minecheck.cli._common import refuse_dash

        refuse_dash(output)
        from minecheck.core.docschema import read_document
        from minecheck.core.documents import (
            FUTURE_SLACK,
            MERGED,
            NAMESPACE_OF,
            FindingsDoc,
            FollowUpDoc,
            utc_now,
            utc_text,
        )
        from minecheck.core.seal import (
            MAX_DOCUMENT_BYTES,
            MalformedTrailer,
            density_problem,
            header_line_problem,
            split,
            write_sealed,
        )
        from minecheck.core.tomlio import decode_text, parse_toml
        from minecheck.fileio import read_limited

        data = read_limited(file, MAX_DOCUMENT_BYTES, "document")
        text = decode_text(data, file)
        try:
            _, armored = split(data)
        except MalformedTrailer as exc:
            raise InputError(f"{file}: {exc}", path=file) from None
        if armored is not None:
            raise UsageError(t("{path} is already signed", path=file), path=file)
        dense = density_problem(data, file)  # what every reader would refuse unread
        if dense is not None:
            raise InputError(
                t("{path} is not a valid minecheck document", path=file),
                problems=[dense],
                hint=t(
                    "inside strings, write {marks} as {escapes}",
                    marks="= , [ {",
                    escapes="\\u003D \\u002C \\u005B \\u007B",
                ),
                path=file,
            )
        parsed = parse_toml(text, file)
        given = parsed.get("minecheck")
        if isinstance(given, dict) and given.get("format") == MERGED:
            raise UsageError(t("merged documents are made and signed by minecheck merge"))
        missing = [k for k in FILLED if isinstance(given, dict) and k not in given]
        # The schema is checked first, with stand-ins for what will be filled in.
        document, problems = read_document(_with_stand_ins(parsed, missing), text, file)
        problems = (
            problems
            or _basis_problems(document, text, file)
            or _signing_problems(parsed, text, file)
        )
        line = header_line_problem(data)
        if not problems and line is not None:  # as the stock recipe would misread it
            said = t(
                "this line of the [minecheck] table is not written as minecheck writes it (one "
                "key = value on its line, no comment; signer and signer_key in double quotes, "
                "created as 2026-12-01T08:15:00Z), which would mislead the stock sed/ssh-keygen "
                "check"
            )
            problems = [Problem("header-form", said, file, line, 1)]
        if problems:
            raise InputError(
                t("{path} is not a valid minecheck document", path=file),
                problems=problems,
                path=file,
            )
        header = document.header
        now = utc_now()
        if "created" not in missing and header.created - now > FUTURE_SLACK:
            raise UsageError(
                t(
                    "{path}: created {created} lies in the future; "
                    "a document is signed with the time it was made",
                    path=file,
                    created=utc_text(header.created),
                ),
                hint=t("set created to the current UTC time, or leave it out"),
                path=file,
            )
        from minecheck.cli.inspect import output_target

        target = output_target(output, Path(file).name) if output is not None else given_path(file)
        if output is not None:  # before the key: no passphrase typed for a file not written
            from minecheck.cli._common import refuse_existing

            refuse_existing(target, force)
        identity = resolve_identity(key, signer, passphrase_file)
        fingerprint = identity.signer.public_key.fingerprint()
        stated = {
            k: v
            for k, v in (("signer", header.signer), ("signer_key", header.signer_key))
            if k not in missing
        }
        if (
            stated.get("signer", identity.principal) != identity.principal
            or stated.get("signer_key", fingerprint) != fingerprint
        ):
            names = t(" with ").join(
                t("signer {value}", value=quoted(v)) if k == "signer" else t("key {value}", value=v)
                for k, v in stated.items()
            )
            raise UsageError(
                t(
                    "{file} names {names}, but you sign as {principal} with {fingerprint}",
                    file=file,
                    names=names,
                    principal=quoted(identity.principal),
                    fingerprint=fingerprint,
                ),
                path=file,
                hint=t(
                    'set signer = "{principal}" and signer_key = "{fingerprint}" in its '
                    "[minecheck] table, or leave them out",
                    principal=identity.principal,
                    fingerprint=fingerprint,
                ),
            )
        beside = target.parent if str(target.parent) else Path(".")
        refs = None
        if isinstance(document, FollowUpDoc):
            from minecheck.cli._refs import RefResolver

            refs = RefResolver(None)  # (the findings in the current directory, as followup's)
            refs.replacing(target)  # (the file written over: an earlier run's, gone once signed)
            refs.read_findings_of(document.events)  # (and below it, as followup reads them)
            if "created" in missing and refs.same_second(document.events, now, beside):
                # as followup makes its document: one signed now would tie an event of its
                # finding beside it in time and signing second, so it is signed in the next
                # (a created the file states is its author's, and kept)
                from minecheck.cli._refs import next_second

                now = next_second(now)
        if missing:
            from minecheck import __version__

            values = {
                "document_id": header.document_id,
                "created": now,
                "signer": identity.principal,
                "signer_key": fingerprint,
                "tool": f"minecheck {__version__}",
            }
            data = fill_header(data, parsed, {k: values[k] for k in missing}, file)
            rep.info(t("{path}: filled in {fields}", path=file, fields=list(missing)))
        if refs is not None and isinstance(document, FollowUpDoc):  # (as followup says them)
            created = now if "created" in missing else header.created
            signing = (identity.principal, fingerprint)
            _loop_warnings(rep, refs, document, file, text, signing, beside, created)
        elif isinstance(document, FindingsDoc) and document.inspection.site_id:
            _site_id_warning(rep, document.inspection.site_id, file, text)
        if not data.endswith(b"\n\n"):  # the signed body ends with an empty line
            data += b"\n" if data.endswith(b"\n") else b"\n\n"
        write_sealed(
            target,
            data,
            identity.signer,
            NAMESPACE_OF[header.format],
            force=force or output is None,
            say=t,
        )
        rep.data.update(
            {
                "path": str(target) if output is not None else file,
                "signer": identity.principal,
                "fingerprint": fingerprint,
            }
        )
        if missing:
            rep.data["filled"] = missing
        rep.print_path(target if output is not None else file)

    run("sign", json, body)


def _loop_warnings(
    rep: Reporter,
    refs: RefResolver,
    document: FollowUpDoc,
    file: str,
    text: str,
    signer: tuple[str, str],
    beside: Path,
    created: dt.datetime,
) -> None:
    """What `followup` warns of as it signs the events of a follow-up (`not-applied`: what the
    findings here and the follow-ups here and beside `beside` show no report will apply), said
    of a hand-written one as it is signed, placed at each event's line, ten of a kind and the
    rest counted."""
    from minecheck.cli._refs import event_places, say_as_signed

    place = (created, document.header.document_id)
    at = event_places(file, text)
    say_as_signed(rep, refs, document.events, signer, beside, place, at, typed=False)
    rep.kinds_rolled_up()  # (past ten of a kind, counted)


def _site_id_warning(rep: Reporter, site_id: str, file: str, text: str) -> None:
    """A hand-written findings file's `site_id` with full-width forms, said at its line as
    `inspect --site-id` says it typed (`say_full_width`)."""
    from minecheck.cli._common import say_full_width
    from minecheck.core.tomlpos import key_positions, position_of

    found = position_of(key_positions(text), ("inspection", "site_id"))
    say_full_width(rep, "site_id", site_id, file, None if found is None else found[0])


def _basis_problems(document: object, text: str, path: str) -> list[Problem]:
    """What `inspect` refuses of a finding's basis, refused here too: minecheck signs no major
    hidden danger that rests on no situation the criteria list, and no clause that does not exist.
    """
    from minecheck.core.documents import FindingsDoc
    from minecheck.core.schema import Validator
    from minecheck.session.rules import AnswerError, check_basis

    if not isinstance(document, FindingsDoc):
        return []
    v = Validator(path, text)
    for i, finding in enumerate(document.findings):
        if finding.severity is None:
            continue
        try:
            check_basis(finding.severity, finding.basis)
        except AnswerError as exc:
            v.report(("finding", i, "basis"), "bad-basis", str(exc))
    return v.finish()


def _signing_problems(parsed: dict[str, Any], text: str, path: str) -> list[Problem]:
    """What `followup` refuses of an event it writes, refused here too of a hand-written
    follow-up (`core.docschema.signing_problems`: a withdrawal with no reason, an independent
    acceptance with no reviewer, a reviewer who names no one, ...), and what `inspect` refuses
    of a name typed, of a hand-written findings file's (`name_problems`: a site, an inspector
    or a responsible with a bidi control or a zero-width space); a document signed with them
    is still read. Said in English, as the schema's words, and shown in the reader's."""
    from minecheck.core.docschema import name_problems, signing_problems
    from minecheck.core.documents import FINDINGS, FOLLOWUP
    from minecheck.core.schema import Validator

    form = parsed["minecheck"].get("format")
    if form not in (FOLLOWUP, FINDINGS):
        return []
    v = Validator(path, text)
    for where, template, fields in name_problems(parsed) if form == FINDINGS else ():
        v.report(where, "bad-value", template.format(**fields))
    for i, raw in enumerate(parsed.get("event", []) if form == FOLLOWUP else ()):
        for field, template, fields in signing_problems(raw):
            where = ("event", i) if field is None else ("event", i, field)
            v.report(where, "bad-event", template.format(**fields))
    return v.finish()


def _with_stand_ins(parsed: dict[str, Any], missing: list[str]) -> dict[str, Any]:
    """`parsed` with valid placeholder values for the header fields `sign` will fill in."""
    import uuid

    from minecheck.core.documents import utc_now

    stand_in = {
        "document_id": str(uuid.uuid4()),
        "created": utc_now(),
        "signer": "signer@stand-in.example",
        "signer_key": "SHA256:" + "A" * 43,
        "tool": "minecheck",
    }
    if not missing:
        return parsed
    header = dict(parsed["minecheck"])
    header.update({k: stand_in[k] for k in missing})
    return {**parsed, "minecheck": header}


def fill_header(data: bytes, parsed: dict[str, Any], values: dict[str, Any], label: str) -> bytes:
    """`data` with `values` added to its [minecheck] table as `key = value` lines.

    They go after the table's leading block of one-line `key = value` entries, in the order of
    FILLED; the result is parsed again and must hold exactly what it held before plus `values`.
    """
    from minecheck.core.tomlio import parse_toml

    lines = data.decode("utf-8").split("\n")
    if lines[0] != "[minecheck]":
        raise InputError(
            t("{label}: a document must begin with the [minecheck] table", label=label),
            path=label,
            hint=t(
                "make [minecheck] the file's first line; a comment may go below the table's lines"
            ),
        )
    end = 1
    while end < len(lines) and _is_simple_entry(lines[end]):
        end += 1
    added = [f"{k} = {_toml_value(v)}" for k, v in values.items()]
    filled = "\n".join([*lines[:end], *added, *lines[end:]])
    expected = {**parsed, "minecheck": {**parsed["minecheck"], **values}}
    if parse_toml(filled, label) != expected:
        raise InputError(
            t(
                "{label}: cannot add {keys} to its [minecheck] table",
                label=label,
                keys=list(values),
            ),
            hint=t("write the [minecheck] table as one-line key = value entries"),
            path=label,
        )
    return filled.encode("utf-8")


def _is_simple_entry(line: str) -> bool:
    import re

    return re.fullmatch(r"[a-z_]+ = (\"[^\"\\]*\"|[0-9TZ:-]+)", line) is not None


def _toml_value(value: Any) -> str:
    if isinstance(value, dt.datetime):
        from minecheck.core.tomlwrite import value as toml_value

        return toml_value(value.astimezone(dt.UTC))
    text = str(value)
    assert '"' not in text, text
    assert "\\" not in text, text
    return f'"{text}"'
