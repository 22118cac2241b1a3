"""`minecheck inspect`: walk a checklist (or apply an answers file) and sign the findings."""

from __future__ import annotations

import datetime as dt
import os
import uuid
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from minecheck.cli._common import (
    ForceOpt,
    LangOpt,
    check_local_zone,
    check_tags,
    check_text,
    checklist_path,
    close_to,
    refuse_existing,
    say_full_width,
    unique_name,
    unknown_name,
)
from minecheck.cli._names import PATH_TEXT
from minecheck.cli._output import JsonOpt, Reporter, resolve_lang, run, stdin_is_tty
from minecheck.cli._signing import KeyOpt, PassphraseFileOpt, SignerOpt, SignOptions
from minecheck.core.sanitize import quoted, quoted_value
from minecheck.errors import InputError, Problem, UsageError
from minecheck.i18n import language, t

if TYPE_CHECKING:
    from minecheck.core.checklist import Checklist, Item
    from minecheck.session.answers import ParsedAnswers
    from minecheck.session.draft import Draft


def _complete_checklists(incomplete: str) -> list[str]:
    from minecheck.cli.completion import checklist_ids

    return checklist_ids(incomplete)


def inspect(
    checklist: Annotated[
        str,
        typer.Argument(
            metavar="CHECKLIST",
            help="Checklist id, or path to a checklist file.",
            autocompletion=_complete_checklists,
        ),
    ],
    site: Annotated[
        str, typer.Option("--site", metavar="NAME", help="Mine or unit name, as you write it.")
    ],
    site_id: Annotated[
        str | None,
        typer.Option("--site-id", metavar="ID", help="Stable code: mine ID, credit code."),
    ] = None,
    tag: Annotated[
        list[str] | None,
        typer.Option(
            "--tag",
            metavar="TAG",
            help="A site kind (coal-underground, coal-open-pit, mnm-underground, mnm-open-pit, "
            "tailings-pond, government, department, enterprise) or a hazard (high-gas, outburst, "
            "rock-burst, spontaneous-combustion, complex-hydrogeology, under-construction); "
            "repeatable.",
        ),
    ] = None,
    mode: Annotated[
        str,
        typer.Option(
            "--mode",
            metavar="MODE",
            help="routine, unannounced, night, special, follow-up or self-inspection.",
        ),
    ] = "routine",
    inspection_id: Annotated[
        str | None,
        typer.Option(
            "--inspection-id", metavar="UUID", help="Shared id of a joint inspection (a UUID)."
        ),
    ] = None,
    inspector: Annotated[
        str | None,
        typer.Option("--inspector", metavar="NAME", help="Your name as it should appear."),
    ] = None,
    answers: Annotated[
        str | None,
        typer.Option(
            "--answers",
            metavar="FILE",
            click_type=PATH_TEXT,
            help="Answers file (TOML or JSON), or - for standard input.",
        ),
    ] = None,
    allow_incomplete: Annotated[
        bool,
        typer.Option(
            "--allow-incomplete",
            metavar="",
            help="Record items missing from --answers as not-checked.",
        ),
    ] = False,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            metavar="PATH",
            help="Where to write the signed findings: a file, or a directory for the default "
            "name CHECKLIST-YYYYMMDD-HHMMSS.toml (in the current directory without -o; a short "
            "id is added where that name is taken).",
        ),
    ] = None,
    force: ForceOpt = False,
    key: KeyOpt = None,
    signer: SignerOpt = None,
    passphrase_file: PassphraseFileOpt = None,
    lang: LangOpt = None,
    json: JsonOpt = False,
) -> None:
    # (its help: cli.HELP["inspect"])

    def body(rep: Reporter) -> None:
        from minecheck.cli._common import refuse_dash

        refuse_dash(output)
        from minecheck.core.checklist import load_checklist
        from minecheck.core.documents import MODES, UUID4

        language = resolve_lang(lang)
        cl = load_checklist(checklist_path(checklist), say=t)
        tags = list(dict.fromkeys(tag or []))
        check_tags(tags)
        tags = site_kind(cl, tags)
        if mode not in MODES:
            said = t("unknown mode {given}", given=quoted(mode))
            raise unknown_name(said, mode, MODES, t("modes: {modes}", modes=list(MODES)))
        if inspection_id is not None and not UUID4.fullmatch(inspection_id):
            raise UsageError(
                t("--inspection-id {given} is not a lowercase UUID4", given=quoted(inspection_id))
            )
        from minecheck.core.sanitize import SITE_ID_BLANK_ENDS, UNFIT_OPTIONAL_ID, blank_ends

        for name, value in (("--site", site), ("--inspector", inspector)):
            if value is not None:
                check_text(name, value)
        if site_id is not None:  # (optional: said so, refused)
            check_text("--site-id", site_id, UNFIT_OPTIONAL_ID)
            if blank_ends(site_id):
                raise UsageError(t(SITE_ID_BLANK_ENDS, option="--site-id"))
            say_full_width(rep, "--site-id", site_id)
        check_local_zone()  # deadlines and file names are in local days
        started = _now()
        target = output_target(output, default_name(cl.id, started))
        chosen = output is None or target != output  # the default name, maybe in -o DIR
        draft_id = str(uuid.uuid4())
        if chosen and os.path.lexists(target):  # a run earlier in the same second: no error
            target = unique_name(target, draft_id)
        _check_target(target, force)
        options = SignOptions(key, signer, passphrase_file, force)
        if answers is None and not stdin_is_tty():
            raise UsageError(
                t("an interactive inspection needs a terminal, and standard input is not one"),
                hint=t("give the answers in a file: minecheck inspect ... --answers FILE (or -)"),
            )
        from minecheck.session.draft import Draft

        draft = Draft(
            id=draft_id,
            checklist=cl.id,
            checklist_path=str(Path(cl.source).resolve()),
            checklist_version=cl.version,
            checklist_sha256=cl.sha256,
            site=site,
            site_id=site_id,
            site_tags=tags,
            inspector=inspector or "",
            mode=mode,
            inspection_id=inspection_id or str(uuid.uuid4()),
            language=language,
            output=str(target.absolute()),
            started=started,
        )
        if answers is not None:
            _scripted(rep, cl, checklist, draft, answers, allow_incomplete, target, options, chosen)
        else:
            from minecheck.cli._walk import interactive

            interactive(rep, cl, draft, options, output_given=output is not None)

    run("inspect", json, body)


def site_kind(cl: Checklist, tags: list[str]) -> list[str]:
    """Every inspection names the kind of site; a checklist for one kind implies it. In the
    order the tags are declared in (kinds, then hazards), whatever order they were typed in:
    two inspectors of one joint inspection sign the same list."""
    from minecheck.core.checklist import SITE_KINDS, TAGS

    kinds = [t for t in tags if t in SITE_KINDS]
    if not kinds:
        if len(cl.applies_to) == 1:
            return sorted([cl.applies_to[0], *tags], key=TAGS.index)
        raise UsageError(
            t(
                "which kind of site is this? {checklist} applies to {kinds}",
                checklist=cl.id,
                kinds=cl.applies_to,
            ),
            hint=t("pass one of them with --tag, e.g. --tag {tag}", tag=cl.applies_to[0]),
        )
    wrong = [k for k in kinds if k not in cl.applies_to]
    if wrong:
        raise UsageError(
            t(
                "{checklist} does not apply to {kinds} sites",
                checklist=cl.id,
                kinds=wrong,
            ),
            hint=t("it applies to {kinds}", kinds=cl.applies_to),
        )
    return sorted(tags, key=TAGS.index)


def output_target(output: Path | None, default_name: str) -> Path:
    """`-o`: a file to write, or a directory to write the default file name into."""
    if output is None:
        return Path(default_name)
    from minecheck.cli._names import given_as_directory

    if output.is_dir() or given_as_directory(output):
        return output / default_name
    return output


def default_name(checklist: str, started: dt.datetime) -> str:
    """The findings file's name where -o names none (or only its directory)."""
    return f"{checklist}-{local_stamp(started)}.toml"


def named_by_minecheck(draft: Draft) -> bool:
    """Whether a draft's findings file has the name minecheck chose when it was begun (no -o,
    or -o DIR), with the draft's id after it where that was taken then: a name taken since is
    then given the id, as `inspect` does, rather than refused at the end of the walk."""
    name = Path(draft.output).name
    default = Path(default_name(draft.checklist, draft.started))
    return name in (default.name, unique_name(default, draft.id).name)


def local_stamp(moment: dt.datetime) -> str:
    """File names carry the local date and time, as deadlines carry the local date."""
    return moment.astimezone().strftime("%Y%m%d-%H%M%S")


def _now() -> dt.datetime:
    from minecheck.core.documents import utc_now

    return utc_now()


def _check_target(target: Path, force: bool) -> None:
    if target.is_dir():
        raise UsageError(t("{path} is a directory", path=target), path=f"{target}")
    refuse_existing(target, force)
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        from minecheck.fileio import no_directory

        raise no_directory(parent)


def _read_answers(ref: str) -> tuple[bytes, str, Path]:
    from minecheck.fileio import read_limited, read_standard_input
    from minecheck.session.answers import MAX_ANSWERS_BYTES

    if ref == "-":  # at most the limit and one byte: an endless stream is refused, not read
        return (
            read_standard_input(MAX_ANSWERS_BYTES, "answers file", one_file=True),
            "<stdin>",
            Path.cwd(),
        )

    return read_limited(ref, MAX_ANSWERS_BYTES, "answers file"), ref, Path.cwd()


def _check_answers(
    cl: Checklist,
    draft: Draft,
    parsed: ParsedAnswers,
    label: str,
    allow_incomplete: bool,
    today: dt.date,
    typed: str,
) -> None:
    """Every problem with an answers file at once, before anything is walked or signed
    (`typed`: the checklist as the command line names it)."""
    from minecheck.core.schema import Validator, capped
    from minecheck.session.rules import AnswerError, build_finding, evidence_resolver
    from minecheck.session.walk import condition_in

    evidence = evidence_resolver(Path(draft.output).parent, Path.cwd())
    tags = frozenset(draft.site_tags)
    problems: list[Problem] = [*parsed.problems, *_made_for_another(cl, parsed, label, typed)]
    unlisted = parsed.unlisted
    specs = parsed.answers
    known = {item.id: item for item in cl.items}
    for item_id in [*specs, *sorted(parsed.malformed)]:
        if item_id not in known:
            if len(problems) >= Validator.MAX_PROBLEMS:  # counted, as a document's problems are
                unlisted += 1  # (the typo each meant was looked for: 480,000 items, minutes)
                continue
            close = close_to(item_id, known)
            said = (
                t(
                    "{item} is not an item of {checklist}; did you mean {close}?",
                    item=quoted_value(item_id),
                    checklist=cl.id,
                    close=close,
                )
                if close
                else t(
                    "{item} is not an item of {checklist}",
                    item=quoted_value(item_id),
                    checklist=cl.id,
                )
            )
            problems.append(Problem("unknown-item", said, label, *_at(parsed, item_id)))
    answered = set(specs) | parsed.malformed
    missing = [i.id for i in cl.items if i.applies(tags) and i.id not in answered]
    if missing and not allow_incomplete:
        problems.append(
            Problem(
                "missing-items",
                t(
                    "{n} item not answered: {items}"
                    if len(missing) == 1
                    else "{n} items not answered: {items}",
                    n=len(missing),
                    items=list(missing),
                ),
                label,
                hint=t("answer them, or pass --allow-incomplete to record them as not-checked"),
            )
        )
    for item_id, spec in specs.items():
        item = known.get(item_id)
        if item is None:
            continue
        if not item.applies(tags) and spec.result != "not-applicable":
            problems.append(
                Problem(
                    "not-applicable",
                    t(
                        "{item} applies only to {condition}; add {tags} to include it",
                        item=quoted_value(item_id),
                        condition=condition_in(item, language()),
                        tags=" ".join(f"--tag {tag}" for tag in _tags_wanting(item, tags)),
                    ),
                    label,
                    *_at(parsed, item_id),
                )
            )
            continue
        try:
            build_finding(item, spec, today, evidence, require_evidence=not allow_incomplete)
        except AnswerError as exc:
            problems.append(
                Problem(
                    "bad-answer",
                    t("{where}: {problem}", where=item_id, problem=exc.said()),
                    label,
                    *_at(parsed, item_id),
                )
            )
    problems = capped(problems, unlisted, label, t)  # (each bad answer named: 200)
    if problems:
        raise InputError(t("the answers cannot be used; nothing was written"), problems=problems)


def _made_for_another(
    cl: Checklist, parsed: ParsedAnswers, label: str, typed: str
) -> list[Problem]:
    """Answers made from another checklist's template, or another version's, refused: an item
    added or changed since would be judged against a requirement the inspector did not answer.
    A file that does not say (written by hand, or from an older template) is taken as it is.
    The file's value is said between quotes, as it is written: `"1 "` and `""` read as the
    installed `1` and as nothing."""
    from minecheck.core.sanitize import shell_word

    def at(key: str) -> tuple[int | None, int | None]:
        return parsed.made_at(key) or (None, None)

    if parsed.checklist is not None and parsed.checklist != cl.id:
        said = t(
            "these answers were made from the template of {theirs}, not of {ours}",
            theirs=quoted(parsed.checklist),
            ours=cl.id,
        )
        return [Problem("checklist-differs", said, label, *at("checklist"))]
    if parsed.version is None or parsed.version == cl.version:
        return []
    said = t(
        "these answers were made from the template of {checklist} {theirs}; the installed "
        "checklist is {checklist} {ours}, whose items and limits may differ",
        checklist=cl.id,
        theirs=quoted(parsed.version),
        ours=cl.version,
    )
    # (a checklist's version is letters, digits, '.', '+' and '-': nothing to escape)
    line = f'"version": "{cl.version}"' if parsed.written_as_json else f'version = "{cl.version}"'
    hint = t(
        "check each answer against minecheck checklists template {ref}, then write {line}",
        ref=shell_word(typed),
        line=line,
    )
    return [Problem("version-differs", said, label, *at("version"), hint=hint)]


def _tags_wanting(item: Item, tags: frozenset[str]) -> list[str]:
    """The site tags that, added to `tags`, make `item` apply: the first of its `applies_if`
    when the site has none of them, and each of its `applies_if_all` it lacks."""
    wanting = [] if tags & set(item.applies_if) else list(item.applies_if[:1])
    return wanting + [tag for tag in item.applies_if_all if tag not in tags]


def _at(parsed: ParsedAnswers, item_id: str) -> tuple[int | None, int | None]:
    """Where an item's answer is written in the answers file, as a Problem's line and column."""
    return parsed.where(item_id) or (None, None)


def _scripted(
    rep: Reporter,
    cl: Checklist,
    typed: str,
    draft: Draft,
    ref: str,
    allow_incomplete: bool,
    target: Path,
    options: SignOptions,
    chosen: bool,
) -> None:
    from minecheck.session.answers import read_answers
    from minecheck.session.rules import evidence_resolver
    from minecheck.session.walk import ScriptedPrompter, Walk

    data, label, base = _read_answers(ref)
    parsed = read_answers(data, label, stdin=ref == "-")
    specs = parsed.answers
    today = dt.date.today()
    _check_answers(cl, draft, parsed, label, allow_incomplete, today, typed)
    identity = options.identity()  # fail early, before any work is done
    evidence = evidence_resolver(target.parent if str(target.parent) else Path("."), base)
    from minecheck.session.rules import build_finding
    from minecheck.session.walk import not_applicable_note

    tags = frozenset(draft.site_tags)
    for item in cl.items:  # an answer to an item that does not apply keeps its note and evidence
        if item.id in specs and not item.applies(tags):
            finding = build_finding(item, specs[item.id], today, evidence, language=draft.language)
            draft.answers[item.id] = replace(
                finding, note=finding.note or not_applicable_note(item, draft.language)
            )
    if allow_incomplete:  # missing required evidence is a warning, not a refusal
        from minecheck.session.rules import decide_result, missing_evidence

        for item in cl.items:
            spec = specs.get(item.id)
            if spec is not None and missing_evidence(item, decide_result(item, spec), spec):
                rep.warn(
                    t(
                        "{label}: {item}: requires evidence, and none is given",
                        label=label,
                        item=item.id,
                    ),
                    code="evidence-missing",
                    path=label,
                )
    for item_id, spec in specs.items():  # the walk refuses one; a record typed in later has one
        if spec.deadline is not None and spec.deadline < today:
            rep.warn(
                t(
                    "{label}: {item}: the deadline {deadline} is already past (recorded as given)",
                    label=label,
                    item=item_id,
                    deadline=spec.deadline.isoformat(),
                ),
                code="deadline-past",
                path=label,
            )
    walk = Walk(cl, draft, ScriptedPrompter(specs), lambda _d: None, today, evidence)
    walk.require_evidence = not allow_incomplete
    walk.run()
    from minecheck.cli._walk import finish

    path = finish(rep, cl, draft, identity, options.force, chosen, shown=target)
    rep.print_path(path)
