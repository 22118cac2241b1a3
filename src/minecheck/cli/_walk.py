"""The interactive inspection: the first-run key offer, the walk under its draft lock, signing."""

from __future__ import annotations

import datetime as dt
import getpass
import re
import socket
from contextlib import ExitStack, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any

from minecheck import paths
from minecheck.cli._output import Reporter, chinese_unshown
from minecheck.cli._render import safe
from minecheck.cli._signing import Identity, SignOptions
from minecheck.errors import InputError, Interrupted, MinecheckError, UsageError
from minecheck.i18n import followed, joined, set_language, t
from minecheck.portable import ctrl_c_taken, signals_held, typing_kept

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from minecheck.core.checklist import Checklist
    from minecheck.core.documents import Finding
    from minecheck.session.draft import Draft, DraftLock
    from minecheck.session.walk import Misfit


def finish(
    rep: Reporter,
    cl: Checklist,
    draft: Draft,
    identity: Identity,
    force: bool,
    chosen: bool = False,
    shown: Path | None = None,
    held: ExitStack | None = None,
) -> Path:
    """Sign and write the draft's findings; the path written, as `shown` gives it (the output
    as the command line named it: a script compares what it passed) or else absolute (a walk
    may resume a draft from another directory). `held`: from the moment the signed file is
    written, the stops of the run are held (`portable.signals_held`) until it is closed."""
    from minecheck.core.seal import write_sealed
    from minecheck.core.sshsig import NAMESPACE_FINDINGS
    from minecheck.session.finish import findings_document

    if not draft.inspector:
        draft.inspector = identity.principal
    fingerprint = identity.signer.public_key.fingerprint()
    doc = findings_document(cl, draft, signer=identity.principal, fingerprint=fingerprint)
    from minecheck.cli._common import write_named

    def write(path: Path) -> None:
        write_sealed(
            path,
            doc.to_toml(),
            identity.signer,
            NAMESPACE_FINDINGS,
            force=force,
            say=t,
            before_write=hold if held is not None else None,
        )

    holding: list[bool] = []  # (held once: a taken name makes a second try)

    def hold() -> None:
        if held is not None and not holding:
            holding.append(True)
            held.enter_context(signals_held())

    # a default name (`chosen`) taken meanwhile gets the document's id
    target = write_named(Path(draft.output), chosen, doc.header.document_id, write)
    if shown is not None:
        target = shown.with_name(target.name)
    rep.data.update(
        {
            "path": str(target),
            "document_id": doc.header.document_id,
            "inspection_id": draft.inspection_id,
            "signer": identity.principal,
            "fingerprint": fingerprint,
            "counts": _counts(doc.findings),
        }
    )
    return target


def _counts(findings: Sequence[Finding]) -> dict[str, int]:
    from collections import Counter

    return dict(Counter(f.result for f in findings))


def default_principal() -> str:
    """user@host, made to fit the principal pattern."""
    user = re.sub(r"[^a-z0-9._+-]", "", getpass.getuser().lower()) or "inspector"
    host = re.sub(r"[^a-z0-9.-]", "", socket.gethostname().lower()) or "localhost"
    return f"{user[:64]}@{host[:190]}"


def _ask_yes_no(rep: Reporter, prompt: str, default: bool) -> bool:
    """A [Y/n] question, asked until it is answered."""
    from minecheck.cli._prompter import ask_yes_no

    return ask_yes_no(lambda: _ask(rep, prompt), default, rep.err)


def _draft_kept(draft_id: str) -> Interrupted:
    """A stop that leaves the draft DRAFT_ID on disk: named, with the command that resumes it."""
    from minecheck.session.draft import id_said, id_word

    return Interrupted(
        t("interrupted; draft {id} kept", id=id_said(draft_id)),
        hint=t("resume it with:\n  minecheck drafts resume {id}", id=id_word(draft_id)),
    )


def _end_the_prompt_line(rep: Reporter) -> None:
    """A prompt stopped by Ctrl-C leaves the cursor after it: the message starts a line."""
    if rep.err.is_terminal:
        rep.err.print()


def _ask(rep: Reporter, prompt: str) -> str:
    from minecheck.cli._line_reader import read_line

    rep.err.file.flush()
    try:
        return read_line(prompt).strip()
    except EOFError:
        raise KeyboardInterrupt from None


def _say(rep: Reporter, message: str, style: str = "") -> None:
    """A line of the walk's conversation on stderr, folded between words at the terminal's
    width (left to the terminal, it broke words in the middle: "add|ress")."""
    rep.err.print(safe(message, style), soft_wrap=False)


def _draft_said(rep: Reporter, draft_id: str) -> str:
    """The walk's first line, naming its draft; where the terminal is narrower than that line
    (40 columns: it was folded inside the id), the sentence first and the id on a line of its
    own, whole where the id fits."""
    from rich.cells import cell_len

    from minecheck.session.draft import id_said

    said = t("draft {id} (answers are saved as you go)", id=id_said(draft_id))
    if cell_len(said) <= rep.err.width:
        return said
    return t("answers are saved as you go, in draft:\n  {id}", id=id_said(draft_id))


def offer_key(rep: Reporter, options: SignOptions) -> None:
    """On a first run with no key, offer to create one so the walk can end in a signature."""
    from minecheck.cli._prompter import NO, YES
    from minecheck.cli.keys import generate_key, key_can_be_made, new_passphrase
    from minecheck.core.keyring import load_registry, valid_principal

    if load_registry(paths.keys_dir()).default_entry() is not None:
        return

    _say(rep, t("You have no signing key yet; findings are signed so anyone can check them."))
    _say(
        rep,
        t(
            "A key's principal names your signatures, lowercase and shaped like an e-mail "
            "address (e.g. wang.wei@hlj.example): the keeper of the trust files knows you by it."
        ),
    )
    proposed = default_principal()
    while True:
        line = _ask(
            rep, t("Create one now? Principal [{principal}] (or n to stop): ", principal=proposed)
        )
        if line.lower() in NO:
            raise UsageError(
                t("no signing key"),
                hint=t("create one with:\n  minecheck keys generate --principal you@unit.example"),
            )
        # yes to "Create one now?" takes the principal shown, as Enter does (no principal is
        # a bare yes: it has no @)
        principal = proposed if not line or line.lower() in YES else line
        if valid_principal(principal):
            break
        _say(
            rep,
            t(
                "'{principal}' cannot be a principal: a principal is lowercase ASCII shaped"
                " like an e-mail address (e.g. wang.wei@hlj.example); your name for the record is"
                " asked next",
                principal=principal,
            ),
            "bold red",
        )
    key_can_be_made(principal)  # (before its passphrase is asked for)
    data = generate_key(principal, new_passphrase(options.passphrase_file, rep), True)
    _say(
        rep, t("created {path} ({fingerprint})", path=data["path"], fingerprint=data["fingerprint"])
    )
    # (a line to copy: left whole, as the terminal wraps it, so a copy of it is one line)
    rep.info(t("allowed_signers line: {line}", line=data["allowed_signers"]))
    if _ask_yes_no(
        rep, t("Trust this key on this computer too (for minecheck verify)? [Y/n] "), True
    ):
        from minecheck.cli.trust import trust_line

        try:
            path = trust_line(None, data["allowed_signers"], rep)
        except MinecheckError as exc:
            _not_trusted(rep, exc, data)
            return
        _say(
            rep,
            t(
                "{path}: trusting {fingerprint} for {principal}",
                path=path,
                fingerprint=data["fingerprint"],
                principal=principal,
            ),
        )


def _not_trusted(rep: Reporter, exc: MinecheckError, data: dict[str, Any]) -> None:
    """The new key left untrusted where the trust files cannot be read or written (the revoked
    keys a link to nothing, the allowed signers a folder, a full disk): said as a warning with
    its hint, and the walk goes on, its file signed with the key. The inspector came to
    inspect; stopped there, the day was lost to a file the trust keeper mends, and the key,
    made already, was offered no more. Nothing is trusted that could not be checked against
    the revoked keys: the line is given, and the command that trusts it once that is mended."""
    from minecheck.core.sanitize import shell_arg, shell_word

    rep.warn(exc.message, code=exc.code, path=exc.path, hint=exc.hint)
    rep.warn(
        t(
            "{fingerprint} is not trusted on this computer; the inspection goes on and is "
            "signed with it",
            fingerprint=data["fingerprint"],
        ),
        code="not-trusted",
        hint=t(
            "once that is mended, trust it with:\n  minecheck trust add --principal {principal} "
            "--key {key}",
            principal=shell_arg(data["principal"]),
            key=shell_word(data["public_key_path"]),
        ),
    )


def ask_inspector(rep: Reporter, draft: Draft) -> None:
    """The inspector's name as it should appear; the key's principal is only a suggestion."""
    from minecheck.core.keyring import load_registry
    from minecheck.core.sanitize import unfit_name

    if draft.inspector:
        return
    entry = load_registry(paths.keys_dir()).default_entry()
    proposed = entry.principal if entry is not None and entry.principal else ""
    while True:
        shown = f" [{proposed}]" if proposed else ""
        name = _ask(rep, t("Inspector (your name as it should appear){shown}: ", shown=shown))
        name = name or proposed
        if not unfit_name(name):  # (as --inspector)
            draft.inspector = name
            return
        rep.err.print(
            safe(t("a name is needed, without control or invisible characters"), "bold red")
        )


def interactive(
    rep: Reporter,
    cl: Checklist,
    draft: Draft,
    options: SignOptions,
    *,
    output_given: bool = True,
) -> None:
    """The walk, resuming the site's unfinished draft if the inspector wants; `output_given`: -o
    was given (a default output, made from the time, is no setting the draft overrides)."""
    from minecheck.session import draft as drafts

    if options.key is None:
        offer_key(rep, options)
    directory = paths.drafts_dir()
    existing = [
        d
        for _, d in drafts.all_drafts(directory)
        if d is not None
        and d.checklist == cl.id
        and d.site == draft.site
        and not _empty_discarded(directory, d)
    ]
    if existing:
        old = max(existing, key=lambda d: d.updated)
        # held before the offer: one open in another terminal was offered, and the resume the
        # inspector chose then refused (exit 2) after a warning of the settings it keeps
        lock = drafts.DraftLock(directory, old.id)
        try:
            lock.acquire()
        except UsageError as busy:
            _open_elsewhere(rep, old, lock, busy)
        else:
            try:
                _offer(rep, cl, draft, options, old, lock, output_given=output_given)
            finally:
                lock.release()
            return
    ask_inspector(rep, draft)
    walk_draft(rep, cl, draft, options, chosen=not output_given)


def _open_elsewhere(rep: Reporter, old: Draft, lock: DraftLock, busy: UsageError) -> None:
    """The site's draft `old` is open in another minecheck (its `lock` not taken: `busy` says
    which): said before anything is asked, and a new inspection begun only if the inspector
    wants one; otherwise `busy` is the error (exit 2)."""
    rep.err.print(safe(_exists(old)), soft_wrap=False)
    pid = lock.holder()
    said = (
        t("It is open in another minecheck (process {pid}).", pid=pid)
        if pid
        else t("It is open in another minecheck.")
    )
    rep.err.print(safe(said), soft_wrap=False)
    if not _ask_yes_no(rep, t("Start another inspection of this site here? [y/N] "), False):
        raise busy


def _offer(
    rep: Reporter,
    cl: Checklist,
    draft: Draft,
    options: SignOptions,
    old: Draft,
    lock: DraftLock,
    *,
    output_given: bool,
) -> None:
    """Offer to resume `old`, the site's newest unfinished draft (its lock held here), and
    walk it or the new `draft`."""
    from minecheck.session import draft as drafts

    directory = paths.drafts_dir()
    old = drafts.load(drafts.draft_path(directory, old.id))  # (read again, now it is held)
    rep.err.print(safe(_exists(old)), soft_wrap=False)  # folded between words
    try:
        resume = _ask_yes_no(rep, t("Resume it? [Y/n] "), True)
    except KeyboardInterrupt:  # (the draft is there as it was: say so, and how to go on)
        _end_the_prompt_line(rep)
        raise _draft_kept(old.id) from None
    if resume:
        kept = [
            f"{name} {_as_listed(theirs)}"
            for name, ours, theirs in (
                (t("output"), draft.output, old.output),
                (t("tags"), draft.site_tags, old.site_tags),
                (t("language"), draft.language, old.language),
            )
            if ours != theirs and (name != t("output") or output_given)
        ]
        keeps_its_settings(rep, kept)
        set_language(old.language)
        reconcile_checklist(rep, cl, old)
        ask_inspector(rep, old)
        walk_draft(rep, cl, old, options, chosen=not output_given, lock=lock)
        return
    lock.release()
    ask_inspector(rep, draft)
    walk_draft(rep, cl, draft, options, chosen=not output_given)


def _exists(old: Draft) -> str:
    """The line that names the site's unfinished draft `old` (as `drafts list` shows it), with
    its answers."""
    from minecheck.session.draft import id_shown
    from minecheck.session.walk import given_answers

    shown = id_shown(paths.drafts_dir(), old.id)
    count = given_answers(old)
    # what is known is said on its own line; the question alone is where the answer is
    # typed (the terminal broke the whole in the middle of "Resume", and a braille
    # display showed the second half)
    # (counted as `drafts list` counts it: an answer being typed when the walk stopped too)
    if old.unfinished:
        said = t(
            "An unfinished draft of this checklist and site exists ({id}, 1 answer + {m}"
            " unfinished)."
            if count == 1
            else "An unfinished draft of this checklist and site exists ({id}, {count}"
            " answers + {m} unfinished).",
            id=shown,
            count=count,
            m=len(old.unfinished),
        )
    elif count == 1:
        said = t(
            "An unfinished draft of this checklist and site exists ({id}, 1 answer).",
            id=shown,
        )
    else:
        said = t(
            "An unfinished draft of this checklist and site exists ({id}, {count} answers).",
            id=shown,
            count=count,
        )
    return said


def _as_listed(value: str | list[str]) -> str:
    """A setting as the inspector typed it: tags as a list in the language's way ("a, b"), not
    as the program holds them (brackets and quotes)."""
    if isinstance(value, str):
        return value
    return joined(value)


def _empty_discarded(directory: Path, draft: Draft) -> bool:
    """A draft that holds nothing the inspector gave (no answer, nothing skipped: quit at the
    first question) is not offered to resume; it is discarded, unless another minecheck has it
    open."""
    from minecheck.session import draft as drafts
    from minecheck.session.walk import holds_work

    if holds_work(draft):
        return False
    try:
        drafts.discard(directory, draft.id, wait=0)  # (one open elsewhere is left as it is)
    except (UsageError, OSError):
        return False
    return True


def _why_changed(item: str, why: Misfit | None) -> str:
    """An item asked again, with what changed in it that its answer no longer fits."""
    said = {
        "reading-limits": t("its reading's unit or limits changed"),
        "no-reading": t("it no longer takes a reading"),
        "reading": t("it now takes a reading"),
        "basis": t("its basis changed"),
        "grade": t("its grade changed"),
        "evidence": t("it now requires evidence"),
    }
    return t("{item} ({reason})", item=item, reason=said[why]) if why is not None else item


def _as_typed(item: str, typed: Mapping[str, str] | None) -> str:
    """A removed item, with what was typed for its non-compliance: it has no item to go to
    in the new version, and the inspector may want to record it under another."""
    from minecheck.cli._render import FIELD_LABELS

    if not typed:
        return item
    fields = (
        t("{label}: ", label=t(FIELD_LABELS[name]) if name in FIELD_LABELS else name) + value
        for name, value in typed.items()
    )
    return t("{item} (noncompliant; {typed})", item=item, typed=t("; ").join(fields))


def reconcile_checklist(rep: Reporter, cl: Checklist, draft: Draft) -> None:
    """A draft begun with another version of its checklist: say so, keep what still fits."""
    from minecheck.session.walk import refit

    if cl.sha256 == draft.checklist_sha256:
        return
    lost = refit(cl, draft)
    said = t(
        "this draft was started with checklist {checklist} version {old}; "
        "it is now version {new}. ",
        checklist=draft.checklist,
        old=draft.checklist_version,
        new=cl.version,
    )
    if lost.removed:
        items = [_as_typed(item, lost.typed.get(item)) for item in lost.removed]
        said += t("Answers to removed items were dropped: {items}. ", items=items)
    if lost.changed:
        said += t(
            "Answers to changed items will be asked again: {items}. ",
            items=[_why_changed(item, lost.why.get(item)) for item in lost.changed],
        )
    if lost.ruled_out:
        said += t(
            "Answers to items that no longer apply to the site were replaced by "
            "not-applicable: {items}. ",
            items=list(lost.ruled_out),
        )
    # (the draft keeps no list of the old items: whether any is new is not known)
    rep.warn(said + t("Items not answered yet will be asked."), code="checklist-changed")
    draft.checklist_version = cl.version
    draft.checklist_sha256 = cl.sha256


def retarget(draft: Draft, output: Path, force: bool) -> bool:
    """`drafts resume -o`: the draft's findings go to `output` (a file, or a directory for the
    draft's file name), checked as `inspect -o` is; whether the name is the draft's own (a name
    taken meanwhile then gets a suffix). Evidence is recorded relative to the findings file:
    written to another directory, each file must lie below it, as it was when it was given."""
    from dataclasses import replace

    from minecheck.cli.inspect import _check_target, output_target
    from minecheck.session.rules import AnswerError, evidence_resolver

    old = Path(draft.output)
    target = output_target(output, old.name)
    _check_target(target, force)
    directory = target.absolute().parent
    if directory.resolve() != old.parent.resolve():
        resolve = evidence_resolver(directory, old.parent)
        for item, finding in list(draft.answers.items()):
            moved = []
            for evidence in finding.evidence:
                try:
                    found = resolve(evidence.path)
                except AnswerError as exc:
                    raise UsageError(
                        exc.said(),
                        hint=t("write the findings where their evidence lies, or leave -o out"),
                    ) from None
                if found.sha256 != evidence.sha256:
                    raise UsageError(
                        t(
                            "evidence {path} has changed since it was given",
                            path=old.parent / evidence.path,
                        ),
                        path=f"{old.parent / evidence.path}",
                    )
                moved.append(found)
            draft.answers[item] = replace(finding, evidence=tuple(moved))
    draft.output = str(target.absolute())
    return target != output


def walk_draft(
    rep: Reporter,
    cl: Checklist,
    draft: Draft,
    options: SignOptions,
    *,
    chosen: bool = False,
    lock: DraftLock | None = None,
) -> None:
    """Walk a draft interactively under its lock; sign at the end; keep the draft until then.
    `chosen`: the output is a default name (see `finish`). A stop that comes once the signed
    file is being written takes effect after the draft is removed and the file is named.
    `lock`: the draft's lock, when the caller took it before reading the draft (resume)."""
    with ExitStack() as held:
        if _walk_draft(rep, cl, draft, options, chosen=chosen, held=held, lock=lock):
            # the draft is gone (signed, or nothing was answered): one walk quit before an
            # answer left its lock file each time
            from minecheck.session.draft import remove_lock

            remove_lock(paths.drafts_dir(), draft.id)


def keeps_its_settings(rep: Reporter, kept: list[str]) -> None:
    """Settings of the command that a resumed draft does not take (`name value` each, the
    draft's value), said in one warning, in the command's language; nothing when none."""
    if kept:
        rep.warn(
            t("the draft keeps its own settings: {kept}", kept=t("; ").join(kept)),
            code="draft-settings",
        )


def _walk_draft(
    rep: Reporter,
    cl: Checklist,
    draft: Draft,
    options: SignOptions,
    *,
    chosen: bool,
    held: ExitStack,
    lock: DraftLock | None = None,
) -> bool:
    """The walk (see `walk_draft`); whether its draft is gone (signed, or nothing answered)."""
    from minecheck.cli._prompter import RichPrompter
    from minecheck.session import draft as drafts
    from minecheck.session.rules import evidence_resolver
    from minecheck.session.walk import Walk, holds_work

    set_language(draft.language)
    chinese_unshown(draft.language)
    directory = paths.drafts_dir()
    with nullcontext(lock) if lock is not None else drafts.locked(directory, draft.id) as lock:
        unsaved: list[str] = []  # while the draft cannot be saved: why

        def store(d: Draft) -> None:
            lock.check()
            drafts.save(directory, d)
            if unsaved:
                unsaved.clear()
                rep.info(t("draft {id} is saved again", id=d.id))

        def save(d: Draft) -> None:
            """A save during the walk that fails (a full disk) does not end it, which lost the
            answer just given and stopped the inspection: what is answered is held here and
            saved as soon as that works again."""
            try:
                store(d)
            except InputError as exc:
                if not unsaved:
                    rep.warn(
                        t(
                            "the draft cannot be saved ({reason}); go on: your answers are "
                            "held here and saved as soon as that works again",
                            reason=exc.message,
                        ),
                        code="draft-not-saved",
                        hint=_going_on(exc),
                    )
                unsaved.append(exc.message)

        def kept_or_said(interrupted: bool) -> None:
            """The draft saved before the walk ends without signing; else why not."""
            try:
                store(draft)
            except InputError as exc:
                said = t("draft {id} could not be saved: {reason}", id=draft.id, reason=exc.message)
                raise (
                    Interrupted(said, hint=exc.hint)
                    if interrupted
                    else InputError(said, hint=exc.hint)
                ) from None

        def kept_at_quit() -> None:
            """`q` where the draft cannot be saved (its directory replaced by a file, a full
            disk): said, with what to do, and asked to try again, which ended the walk with
            "could not be saved" and lost every answer."""
            while True:
                try:
                    store(draft)
                    return
                except InputError as exc:
                    said = t(
                        "draft {id} could not be saved: {reason}", id=draft.id, reason=exc.message
                    )
                    rep.warn(said, code="draft-not-saved", hint=_try_again(exc))
                    try:
                        again = _ask_yes_no(rep, t("Try again? [Y/n] "), True)
                    except KeyboardInterrupt:
                        again = False
                    if not again:
                        raise InputError(said, hint=exc.hint) from None

        store(draft)
        rep.info(_draft_said(rep, draft.id))
        target = Path(draft.output)
        evidence = evidence_resolver(target.parent, Path.cwd())
        today = dt.date.today()
        from minecheck.core.documents import SELF_INSPECTION

        prompter = RichPrompter(
            rep.err,
            draft.language,
            today,
            evidence,
            target.parent,
            enforces=draft.mode != SELF_INSPECTION,
        )
        walk = Walk(cl, draft, prompter, save, today, evidence)
        try:
            with typing_kept():
                outcome = walk.run()
        except KeyboardInterrupt:
            _end_the_prompt_line(rep)
            kept_or_said(interrupted=True)
            raise _draft_kept(draft.id) from None
        if outcome == "quit" and holds_work(draft):
            kept_at_quit()
            rep.info(
                t(
                    "saved draft {id}; resume with:\n  minecheck drafts resume {word}",
                    id=drafts.id_said(draft.id),
                    word=drafts.id_word(draft.id),
                )
            )
            return False
        if outcome == "quit":  # nothing given: nothing to resume (it was said to be kept, and
            # the next inspect discarded it unseen)
            drafts.draft_path(directory, draft.id).unlink(missing_ok=True)
            rep.info(t("nothing was answered; no draft was kept"))
            return True
        kept = t(
            "your answers are kept:\n  minecheck drafts resume {id}", id=drafts.id_word(draft.id)
        )
        # a Ctrl-C from here on stops as it did at the questions where SIGINT is ignored too,
        # up to the writing, and is held there as any stop is (`held` closes last)
        held.enter_context(ctrl_c_taken())
        try:
            identity = options.identity()
            kept = t(  # the key was fine: what failed is the writing (a USB stick pulled out)
                "your answers are kept (with -o PATH to write them elsewhere):\n"
                "  minecheck drafts resume {id}",
                id=drafts.id_word(draft.id),
            )
            path = finish(rep, cl, draft, identity, options.force, chosen, held=held)
        except (KeyboardInterrupt, EOFError):  # Ctrl-C, or Ctrl-D at the passphrase prompt
            # (the prompt ends its own line: a stop after its Enter is at a line's start)
            kept_or_said(interrupted=True)
            raise Interrupted(
                t("interrupted before signing; draft {id} kept", id=drafts.id_said(draft.id)),
                hint=t(
                    "resume it with:\n  minecheck drafts resume {id}", id=drafts.id_word(draft.id)
                ),
            ) from None
        except (InputError, UsageError) as exc:
            if unsaved:  # (not kept yet: it is now, or the hint says it is not)
                try:
                    store(draft)
                except InputError as failed:
                    kept = t(
                        "draft {id} could not be saved: {reason}",
                        id=draft.id,
                        reason=failed.message,
                    )
            exc.hint = followed(exc.hint, t("; "), kept) if exc.hint else kept
            raise
        draft_file = drafts.draft_path(directory, draft.id)
        try:
            draft_file.unlink(missing_ok=True)
        except OSError as exc:  # (a failing disk) the file is signed: said, not an error
            from minecheck.os_words import os_reason

            rep.warn(
                t(
                    "draft {id} could not be removed ({reason}): its answers are signed in "
                    "{path}; discard it with:\n  minecheck drafts discard {word}",
                    id=drafts.id_said(draft.id),
                    word=drafts.id_word(draft.id),
                    reason=os_reason(exc),
                    path=path,
                ),
                code="draft-not-removed",
                path=f"{draft_file}",
            )
    rep.info(t("signed and written: {path}", path=path))
    rep.print_path(path)
    return True


def _going_on(exc: InputError) -> str | None:
    """The hint of a save the walk goes on after: what to do, and that the walk goes on and
    saves the draft as soon as it can, where the failure is one the user mends (a full disk, a
    file where the drafts folder goes); "run the command again" would leave the answers held
    only in the walk. Else the failure's own."""
    from minecheck.fileio import FullDisk, InTheWay

    if isinstance(exc, FullDisk):
        return t(
            "free space on the disk that holds {folder}: the walk goes on, and saves the draft "
            "as soon as it can",
            folder=exc.folder,
        )
    if isinstance(exc, InTheWay):
        if exc.command is None:
            return t("move it away: the walk goes on, and saves the draft as soon as it can")
        return t(
            "move it away: the walk goes on, and saves the draft as soon as it can; to move "
            "it:\n  {command}",
            command=exc.command,
        )
    return exc.hint


def _try_again(exc: InputError) -> str | None:
    """The hint of a save at `q` that is asked again: what to do, then try again, where the
    failure is one the user mends (`_going_on`); else the failure's own."""
    from minecheck.fileio import FullDisk, InTheWay

    if isinstance(exc, FullDisk):
        return t("free space on the disk that holds {folder}, then try again", folder=exc.folder)
    if isinstance(exc, InTheWay):
        if exc.command is None:
            return t("move it away, then try again")
        return t("move it away, then try again; to move it:\n  {command}", command=exc.command)
    return exc.hint
