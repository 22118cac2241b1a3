"""Signed findings and merged documents for the loop, merge and export tests."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from minecheck.core.documents import FINDINGS, MERGED, Finding, FindingsDoc, Header, Inspection
from minecheck.core.keys import generate, load_private
from minecheck.core.merge import consolidate, findings_leaves, merged_body
from minecheck.core.seal import examine, seal
from minecheck.core.signers import parse_allowed_signers
from minecheck.core.sshsig import NAMESPACE_FINDINGS, NAMESPACE_MERGED, Signer
from minecheck.core.trust import TrustStore

INSPECTION = "3a5f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c1e"
CREATED = dt.datetime(2026, 11, 29, 8, 15, tzinfo=dt.UTC)
ITEMS = ("gas-check-genuine", "gas-overlimit", "methane-return")


@dataclasses.dataclass(frozen=True)
class Who:
    principal: str
    signer: Signer
    key: Path

    @property
    def fingerprint(self) -> str:
        return self.signer.public_key.fingerprint()


def person(directory: Path, name: str) -> Who:
    key = directory / name
    generate(key, f"{name}@coal.example", None)
    return Who(f"{name}@coal.example", load_private(key, None), key)


def allowed_signers(path: Path, *who: Who) -> Path:
    """An allowed_signers file at `path` trusting each person's key (all namespaces)."""
    path.write_text("".join(f"{w.principal} {Path(f'{w.key}.pub').read_text()}" for w in who))
    return path


def store_for(*who: Who) -> TrustStore:
    lines = "".join(
        f"{w.principal} {Path(str(w.key) + '.pub').read_text().split(' ', 2)[0]} "
        f"{Path(str(w.key) + '.pub').read_text().split(' ', 2)[1]}\n"
        for w in who
    )
    allowed, _ = parse_allowed_signers(lines, "allowed_signers")
    return TrustStore(tuple(allowed))


def findings(
    who: Who,
    results: Sequence[str],
    n: int = 0,
    *,
    inspection_id: str = INSPECTION,
    when: dt.datetime = CREATED,
    deadline: dt.date | None = None,
    site_id: str | None = "HLJ-0001",
    site: str = "Demo mine",
    description: str | None = None,
    severity: str = "major",
    items: Sequence[str] = ITEMS,
    inspector: str | None = None,
) -> bytes:
    """A signed findings document by `who` with these results for `items` (ITEMS by default;
    of `severity`, major by default, when bad)."""
    seed = hashlib.sha256(repr((who.principal, n, tuple(results), inspection_id)).encode())
    rows = tuple(
        Finding(
            item,
            r,
            severity=severity,
            basis=("CMHD-5.2",) if severity == "major" else (),
            deadline=deadline,
            description=description,
        )
        if r == "noncompliant"
        else Finding(item, r)
        for item, r in zip(items, results, strict=True)
    )
    return findings_of(
        who,
        rows,
        str(uuid.UUID(bytes=seed.digest()[:16], version=4)),
        inspection_id=inspection_id,
        when=when,
        site_id=site_id,
        site=site,
        inspector=inspector,
    )


def findings_of(
    who: Who,
    rows: Sequence[Finding],
    document_id: str,
    *,
    inspection_id: str = INSPECTION,
    when: dt.datetime = CREATED,
    site_id: str | None = "HLJ-0001",
    site: str = "Demo mine",
    inspector: str | None = None,
    checklist: tuple[str, str, str] = ("coal-major-hidden-dangers", "2024.1", "0" * 64),
    mode: str = "routine",
) -> bytes:
    """A signed findings document by `who` holding `rows` as they are (the inspector's name the
    principal's local part unless given; `checklist` its id, version and text's sha256)."""
    header = Header(FINDINGS, document_id, when, who.principal, who.fingerprint, "minecheck 0.1.0")
    inspection = Inspection(
        inspection_id,
        *checklist,
        site,
        who.principal.split("@")[0] if inspector is None else inspector,
        mode,
        when,
        when,
        "en",
        site_id,
        ("coal-underground",),
    )
    return seal(
        FindingsDoc(header, inspection, tuple(rows)).to_toml(), who.signer, NAMESPACE_FINDINGS
    )


def make_merged(merger: Who, sources: Sequence[bytes], store: TrustStore, **header: Any) -> bytes:
    verdicts = [examine(s, f"s{i}", store) for i, s in enumerate(sources)]
    head = Header(
        MERGED,
        "9a5f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c1e",
        CREATED,
        merger.principal,
        merger.fingerprint,
        "minecheck 0.1.0",
    )
    head = dataclasses.replace(head, **header)
    body = merged_body(head, sources, consolidate(findings_leaves(verdicts)))
    return seal(body, merger.signer, NAMESPACE_MERGED)


def shown_description(cli: Any, directory: Path, said: str) -> list[str]:
    """`show --lang zh` (at the COLUMNS set) of a findings file whose one finding, item-0, an
    overdue major hidden danger, is described as SAID: its lines from the finding's row on."""
    alice = person(directory, "alice")
    trust = allowed_signers(directory / "allowed_signers", alice)
    doc = directory / "a.toml"
    body = findings(
        alice, ["noncompliant"], items=["item-0"], deadline=dt.date(2026, 12, 1), description=said
    )
    doc.write_bytes(body)
    args = ["--allowed-signers", str(trust), "--lang", "zh", "--as-of", "2026-12-05"]
    run = cli(["show", str(doc), *args])
    assert (run.exit_code, run.stderr) == (0, "")
    lines = [line.rstrip() for line in run.stdout.splitlines()]
    first = next(i for i, x in enumerate(lines) if x.startswith(" item-0"))
    return lines[first:]


def without_separate_inspections(stderr: str) -> str:
    """`stderr` without the reports' separate-inspections warning (loose ends 23), for a test of
    other words whose folder holds two inspections of one mine on one day sharing an item."""
    lines = stderr.splitlines(keepends=True)
    return "".join(line for line in lines if "each counted apart in reports" not in line)
