"""The interactive inspection: the first-run key offer, the walk under its draft lock, signing."""

from __future__ import annotations

import datetime as dt
import getpass
import re
import socket
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from minecheck import paths
from minecheck.cli._output import Reporter
from minecheck.cli._render import safe
from minecheck.cli._signing import Identity, SignOptions
from minecheck.errors import InputError, Interrupted, UsageError

if TYPE_CHECKING:
    from collections.abc import Sequence

    from minecheck.core.checklist import Checklist
    from minecheck.core.documents import Finding
    from minecheck.session.draft import Draft


def finish(
    rep: Reporter,
    cl: Checklist,
    draft: Draft,
    identity: Identity,
    force: bool,
) -> Path:
    from minecheck.core.seal import write_sealed
    from minecheck.core.sshsig import NAMESPACE_FINDINGS
    from minecheck.session.finish import findings_document

    if not draft.inspector:
        draft.inspector = identity.principal
    fingerprint = identity.signer.public_key.fingerprint()
    doc = findings_document(cl, draft, signer=identity.principal, fingerprint=fingerprint)
    target = Path(draft.output)
    write_sealed(target, doc.to_toml(), identity.signer, NAMESPACE_FINDINGS, force=force)
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


def offer_key(rep: Reporter, options: SignOptions) -> None:
    """On a first run with no key, offer to create one so the walk can end in a signature."""
    from minecheck.cli.keys import check_principal, generate_key, new_passphrase
    from minecheck.core.keyring import load_registry

    if load_registry(paths.keys_dir()).default_entry() is not None:
        return

    rep.info("You have no signing key yet; findings are signed so anyone can check them.")
    proposed = default_principal()
    rep.err.print(safe(f"Create one now? Principal [{proposed}] (or n to stop): "), end="")
    line = sys.stdin.readline().strip()
    if line.lower() == "n":
        raise UsageError(
            "no signing key", hint="minecheck keys generate --principal you@unit.example"
        )
    principal = line or proposed
    check_principal(principal)
    data = generate_key(principal, new_passphrase(options.passphrase_file, rep), True)
    rep.info(f"created {data['path']} ({data['fingerprint']})")
    rep.info(f"allowed_signers line: {data['allowed_signers']}")
    rep.err.print(
        safe("Trust this key on this computer too (for minecheck verify)? [Y/n] "), end=""
    )
    if sys.stdin.readline().strip().lower() not in ("n", "no"):
        from minecheck.cli.trust import trust_line

        path = trust_line(None, data["allowed_signers"])
        rep.info(f"{path}: trusting {data['fingerprint']} for {principal}")


def interactive(
    rep: Reporter,
    cl: Checklist,
    draft: Draft,
    options: SignOptions,
) -> None:
    from minecheck.session import draft as drafts

    if options.key is None:
        offer_key(rep, options)
    existing = [
        d
        for _, d in drafts.all_drafts(paths.drafts_dir())
        if d is not None and d.checklist == cl.id and d.site == draft.site
    ]
    if existing:
        old = max(existing, key=lambda d: d.updated)
        rep.err.print(
            safe(
                f"An unfinished draft of this checklist and site exists ({old.id[:8]}, "
                f"{len(old.answers)} answers). Resume it? [Y/n] "
            ),
            end="",
        )
        if sys.stdin.readline().strip().lower() not in ("n", "no"):
            kept = [
                f"{name} {theirs}"
                for name, ours, theirs in (
                    ("output", draft.output, old.output),
                    ("tags", draft.site_tags, old.site_tags),
                    ("language", draft.language, old.language),
                )
                if ours != theirs
            ]
            if kept:
                rep.warn("the draft keeps its own settings: " + "; ".join(map(str, kept)))
            draft = old
            reconcile_checklist(rep, cl, draft)
    walk_draft(rep, cl, draft, options)


def reconcile_checklist(rep: Reporter, cl: Checklist, draft: Draft) -> None:
    """A draft begun with another version of its checklist: say so, keep what still fits."""
    if cl.sha256 == draft.checklist_sha256:
        return
    known = {item.id for item in cl.items}
    dropped = sorted(set(draft.answers) - known)
    for item_id in dropped:
        del draft.answers[item_id]
    draft.skipped = [i for i in draft.skipped if i in known]
    draft.history = [i for i in draft.history if i in known]
    rep.warn(
        f"this draft was started with checklist {draft.checklist} version "
        f"{draft.checklist_version}; it is now version {cl.version}. "
        + (f"Answers to removed items were dropped: {', '.join(dropped)}. " if dropped else "")
        + "New items will be asked.",
        code="checklist-changed",
    )
    draft.checklist_version = cl.version
    draft.checklist_sha256 = cl.sha256


def walk_draft(
    rep: Reporter,
    cl: Checklist,
    draft: Draft,
    options: SignOptions,
) -> None:
    """Walk a draft interactively under its lock; sign at the end; keep the draft until then."""
    from minecheck.cli._prompter import RichPrompter
    from minecheck.session import draft as drafts
    from minecheck.session.rules import evidence_resolver
    from minecheck.session.walk import Walk

    directory = paths.drafts_dir()
    with drafts.locked(directory, draft.id):
        drafts.save(directory, draft)
        rep.info(f"draft {draft.id} (answers are saved as you go)")
        target = Path(draft.output)
        evidence = evidence_resolver(target.parent, Path.cwd())
        prompter = RichPrompter(rep.err, draft.language, dt.date.today())
        walk = Walk(
            cl, draft, prompter, lambda d: drafts.save(directory, d), dt.date.today(), evidence
        )
        try:
            outcome = walk.run()
        except KeyboardInterrupt:
            drafts.save(directory, draft)
            raise Interrupted(
                f"interrupted; draft {draft.id} kept",
                hint=f"minecheck drafts resume {draft.id}",
            ) from None
        if outcome == "quit":
            rep.info(f"saved draft {draft.id}; resume with: minecheck drafts resume {draft.id}")
            return
        try:
            path = finish(rep, cl, draft, options.identity(), options.force)
        except KeyboardInterrupt:
            raise Interrupted(
                f"interrupted before signing; draft {draft.id} kept",
                hint=f"minecheck drafts resume {draft.id}",
            ) from None
        except (InputError, UsageError) as exc:
            exc.hint = (exc.hint + "; " if exc.hint else "") + (
                f"your answers are kept: minecheck drafts resume {draft.id}"
            )
            raise
        drafts.draft_path(directory, draft.id).unlink(missing_ok=True)
    (directory / f"{draft.id}.lock").unlink(missing_ok=True)
    rep.info(f"signed and written: {path}")
    rep.print_data(str(path))
