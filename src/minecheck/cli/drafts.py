"""`minecheck drafts list | resume | discard`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

import typer

from minecheck import paths
from minecheck.cli._common import ForceOpt, LangOpt
from minecheck.cli._output import JsonOpt, Reporter, require_tty, resolve_lang, run, stdin_is_tty
from minecheck.cli._render import safe, table, time_cell
from minecheck.cli._signing import KeyOpt, PassphraseFileOpt, SignerOpt, SignOptions
from minecheck.core.sanitize import quoted
from minecheck.errors import InputError, UsageError, without_path
from minecheck.i18n import t as tr

app = typer.Typer(  # (its help: cli.HELP)
    no_args_is_help=True,
    add_completion=False,
)


def _complete_drafts(incomplete: str) -> list[str]:
    from minecheck.cli.completion import draft_ids

    return draft_ids(incomplete)


DraftArg = Annotated[
    str,
    typer.Argument(
        metavar="DRAFT",
        help="Draft id (or a unique prefix of it).",
        autocompletion=_complete_drafts,
    ),
]


@app.command("list")
def list_(lang: LangOpt = None, json: JsonOpt = False) -> None:
    """List unfinished inspections."""

    def body(rep: Reporter) -> None:
        resolve_lang(lang)
        from minecheck.session.draft import DamagedDraft, Draft, ids_shown, read_drafts
        from minecheck.session.walk import given_answers

        rows: list[dict[str, Any]] = []
        updated: list[dt.datetime] = []
        names: list[str] = []  # (every draft's, read or not: a start shown names one of all)
        for path, draft in read_drafts(paths.drafts_dir()):
            names.append(path.stem)
            if not isinstance(draft, Draft):  # said why, as every reader says it
                code = draft.code if draft.code == "draft-newer" else "draft-damaged"
                said = _why_unread(path, draft.message)
                way_out = draft.hint if isinstance(draft, DamagedDraft) else None  # (discard)
                rep.warn(said, code=code, path=f"{path}", hint=way_out)
                continue
            rows.append(
                {
                    "id": draft.id,
                    "checklist": draft.checklist,
                    "checklist_version": draft.checklist_version,
                    "site": draft.site,
                    "answered": given_answers(draft),
                    "unfinished": len(draft.unfinished),
                    "started": draft.started.strftime("%Y-%m-%dT%H:%M:%SZ"),
                    "updated": draft.updated.strftime("%Y-%m-%dT%H:%M:%SZ"),
                    "output": draft.output,
                }
            )
            updated.append(draft.updated)
        rep.data["drafts"] = rows
        if not rows:  # nothing on stdout: a script reading it gets no header of nothing
            rep.info(tr("no unfinished inspections"))
            return
        shown = ids_shown(names)
        t = table(tr("DRAFT"), tr("CHECKLIST"), tr("SITE"), tr("ANSWERED"), tr("UPDATED"))
        for row, when in zip(rows, updated, strict=True):
            t.add_row(
                safe(shown[row["id"]]),
                safe(f"{row['checklist']} {row['checklist_version']}"),  # (resumed under another?)
                safe(row["site"]),
                _answered(row["answered"], row["unfinished"]),
                time_cell(when),  # (UTC, and under it the inspector's own clock)
            )
        rep.show(t)

    run("drafts list", json, body)


def _why_unread(path: Path, reason: str) -> str:
    """A draft not read, with the reader's reason (`not a regular file (a FIFO)`, `is a
    directory, not a draft`, the size limit, the damage): named by its path once, the reason's
    own `{path}: ` taken off, a reason that begins with the path said as it is; a reader's
    words kept in English (`PATH is not UTF-8 text`) said in the language asked for."""
    from minecheck.i18n import language
    from minecheck.report.labels import Labels

    reason = Labels(language()).reason(reason)
    if reason.startswith(f"{path}") and not reason.startswith((f"{path}: ", f"{path}：")):
        return reason  # (`PATH is not UTF-8 text`)
    return tr("{path}: {reason}", path=path, reason=without_path(reason, path))


def _unread(path: Path, reason: str) -> str:
    """The reason `_why_unread` gives, without the path (`drafts discard` names the draft by
    its id): `not a regular file (a FIFO)`, `is not UTF-8 text`."""
    said = without_path(_why_unread(path, reason), path)
    return said.removeprefix(f"{path}").lstrip()


def _answered(answered: int, unfinished: int) -> str:
    """The answers given, and the answers being typed when the walk stopped (its fields kept)."""
    if not unfinished:
        return str(answered)
    return tr("{n} + {m} unfinished", n=answered, m=unfinished)


@app.command()
def resume(
    draft_ref: DraftArg,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            metavar="PATH",
            help="Write the signed findings here instead of where the inspection began to (a "
            "file, or a directory for the draft's file name): the first place may be gone.",
        ),
    ] = None,
    force: ForceOpt = False,
    key: KeyOpt = None,
    signer: SignerOpt = None,
    passphrase_file: PassphraseFileOpt = None,
    lang: LangOpt = None,
    json: JsonOpt = False,
) -> None:
    """Go on with an unfinished inspection where it stopped."""

    def body(rep: Reporter) -> None:
        language = resolve_lang(lang)
        from minecheck.cli._common import checklist_path
        from minecheck.cli._walk import keeps_its_settings, reconcile_checklist, walk_draft
        from minecheck.core.checklist import load_checklist
        from minecheck.session import draft as drafts

        require_tty(
            tr("resuming an inspection needs a terminal, and standard input is not one"),
            tr("run it in a terminal"),
        )
        directory = paths.drafts_dir()
        path = drafts.find(directory, draft_ref)
        # Read under its lock: a draft read first and locked after was walked as it was read,
        # though another minecheck had meanwhile discarded it (its first save brought it
        # back), signed it (a second findings file) or saved more answers (lost).
        with drafts.locked(directory, path.stem) as lock:
            draft = drafts.load(path)  # ("no draft ID" if it went meanwhile)
            source = Path(draft.checklist_path)
            try:
                where = source if source.is_file() else checklist_path(draft.checklist)
            except UsageError:  # (one the minecheck it was begun with had, one removed since)
                raise UsageError(
                    tr(
                        "draft {id} was begun with checklist {checklist} ({path}), which is not "
                        "installed; the draft was left as it is",
                        id=draft.id,
                        checklist=quoted(draft.checklist),
                        path=source,
                    ),
                    hint=_put_back(draft.checklist, draft.id, draft.language),
                    path=f"{source}",
                ) from None
            if draft.language != language:
                # the walk goes on in the draft's language, which its notes are written in
                keeps_its_settings(rep, [f"{tr('language')} {draft.language}"])
            cl = load_checklist(where, say=tr)
            reconcile_checklist(rep, cl, draft)
            from minecheck.cli.inspect import named_by_minecheck

            chosen = named_by_minecheck(draft)
            if output is not None:
                from minecheck.cli._walk import retarget

                chosen = retarget(draft, output, force)
            walk_draft(
                rep,
                cl,
                draft,
                SignOptions(key, signer, passphrase_file, force),
                chosen=chosen,
                lock=lock,
            )

    run("drafts resume", json, body)


def _put_back(checklist: str, draft_id: str, lang: str) -> str:
    """The advice that brings a draft's checklist back: the directory of the user's checklists
    (which may not exist yet) and the file's name there (a checklist is found by its file's
    name, which is its id), as commands to paste, the checklist's file standing as FILE. A
    Chinese draft (`lang`) is resumed with `--lang zh`, as the walk's own hints hand it: the
    walk speaks the draft's language, and the command then says nothing in another first."""
    from minecheck.cli._common import shell_word
    from minecheck.session.draft import id_word

    directory = paths.user_checklists_dir()
    name = f"{checklist}.toml"
    target = shell_word(directory / name)
    command = (
        f"mkdir -p {shell_word(directory)} && cp FILE {target}"
        f" && minecheck drafts resume{' --lang zh' if lang == 'zh' else ''} {id_word(draft_id)}"
    )
    return tr(
        "put that checklist file in {directory} as {name}, then resume:\n  {command}",
        directory=directory,
        name=name,
        command=command,
    )


@app.command()
def discard(
    draft_ref: DraftArg,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", metavar="", help="Do not ask for confirmation.")
    ] = False,
    lang: LangOpt = None,
    json: JsonOpt = False,
) -> None:
    """Delete an unfinished inspection and its answers."""

    def body(rep: Reporter) -> None:
        resolve_lang(lang)
        import sys

        from minecheck.session import draft as drafts
        from minecheck.session.walk import given_answers

        directory = paths.drafts_dir()
        path = drafts.find(directory, draft_ref)
        draft_id = path.stem  # the file's own name: a damaged draft can be discarded too
        drafts.refuse_a_folder(directory, draft_id)  # (not asked of: it would not go)
        try:
            draft = drafts.load(path)
            n = given_answers(draft)
            what = (
                tr("{site}, 1 answer", site=draft.site)
                if n == 1
                else tr("{site}, {n} answers", site=draft.site, n=n)
            )
            if draft.unfinished:  # what was being typed goes too: said before it is asked
                what = tr("{what} + {m} unfinished", what=what, m=len(draft.unfinished))
        except drafts.DamagedDraft as exc:
            what = tr("damaged ({reason})", reason=exc.reason)
        except InputError as exc:  # (the reason `drafts list` gives: a FIFO, a folder, ...)
            newer = exc.code == "draft-newer"  # (another minecheck would resume it)
            what = tr("written by a newer minecheck") if newer else _unread(path, exc.message)
        if not yes:
            if not stdin_is_tty():
                raise UsageError(tr("discarding needs confirmation"), hint=tr("pass --yes"))
            from minecheck.cli._line_reader import folded
            from minecheck.cli._prompter import ask_yes_no

            shown = drafts.id_shown(directory, draft_id)  # (as `drafts list` shows it)
            question = tr("Discard draft {id} ({what})? [y/N] ", id=shown, what=what)

            def ask() -> str:
                from minecheck.portable import line_waited

                rep.err.print(safe(folded(question)), end="")
                line_waited()  # (a Ctrl-C as the read begins ends it)
                return sys.stdin.readline()

            if not ask_yes_no(ask, False, rep.err):
                rep.info(tr("nothing was discarded"))  # (the inspector's choice: no failure)
                return
        drafts.discard(directory, draft_id)
        rep.data["discarded"] = draft_id
        rep.info(tr("discarded draft {id}", id=drafts.id_said(draft_id)))

    run("drafts discard", json, body)
