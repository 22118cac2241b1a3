"""Build minecheck documents for the tests: unsigned bodies, sealed files, small byte edits."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

import pytest

from minecheck.core.documents import FINDINGS, Finding, FindingsDoc, Header, Inspection
from minecheck.core.keys import load_private
from minecheck.core.seal import seal
from minecheck.core.sshsig import NAMESPACE_FINDINGS

CREATED = dt.datetime(2026, 11, 29, 8, 15, tzinfo=dt.UTC)
DOCUMENT_ID = "6f1c2a4e-8b3d-4f7a-9c2e-1d5b7a9e3f01"
INSPECTION_ID = "0b7e4c1a-2d3f-4a5b-8c6d-7e8f9a0b1c2d"
CHECKLIST_SHA256 = hashlib.sha256(b"checklist").hexdigest()
SITE = "Demo mine"


def findings_body(
    signer: str,
    fingerprint: str,
    *,
    site: str = SITE,
    created: dt.datetime = CREATED,
    document_id: str = DOCUMENT_ID,
    description: str = "Methane sensor at the return airway reads 1.3 %",
    mode: str = "routine",
) -> bytes:
    """The unsigned BODY of a findings document (ends with an empty line)."""
    header = Header(
        format=FINDINGS,
        document_id=document_id,
        created=created,
        signer=signer,
        signer_key=fingerprint,
        tool="minecheck 0.1.0",
    )
    inspection = Inspection(
        id=INSPECTION_ID,
        checklist="coal-major-hidden-dangers",
        checklist_version="2024.1",
        checklist_sha256=CHECKLIST_SHA256,
        site=site,
        inspector="Wang Wei",
        mode=mode,
        started=created - dt.timedelta(hours=2),
        finished=created - dt.timedelta(minutes=5),
        language="zh",
        site_id="HLJ-0001",
        site_tags=("coal-underground", "high-gas"),
    )
    findings = (
        Finding(item="gas-check-genuine", result="compliant"),
        Finding(
            item="gas-overlimit",
            result="noncompliant",
            severity="major",
            basis=("CMHD-5.2",),
            description=description,
            location="No. 3 return airway",
            deadline=dt.date(2026, 12, 15),
        ),
    )
    body = FindingsDoc(header, inspection, findings).to_toml()
    assert body.endswith(b"\n\n")
    return body


def seal_with(body: bytes, key: Path, namespace: str = NAMESPACE_FINDINGS) -> bytes:
    """BODY || TRAILER, signed with the (unencrypted) private key at `key`."""
    return seal(body, load_private(key, None), namespace)


def split_trailer(data: bytes) -> tuple[bytes, bytes]:
    """(BODY, TRAILER) of a sealed file."""
    pos = data.rindex(b"[signature]\n")
    return data[:pos], data[pos:]


def flip_byte(data: bytes, needle: bytes) -> bytes:
    """`data` with the lowest bit of the first byte of `needle` (which must occur once) flipped."""
    assert data.count(needle) == 1, needle
    pos = data.index(needle)
    return data[:pos] + bytes([data[pos] ^ 0x01]) + data[pos + 1 :]


def replace_once(data: bytes, old: bytes, new: bytes) -> bytes:
    """`data` with the one occurrence of `old` replaced by `new`."""
    assert data.count(old) == 1, old
    return data.replace(old, new)


def documents_parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the files whose documents a command parses from now on (the reader every
    command's scan of a folder goes through), in the order it parses them."""
    import minecheck.report.corpus as corpus

    read: list[str] = []
    parse = corpus.read_document_file

    def counted(data: bytes, path: str) -> Any:
        read.append(Path(path).name)
        return parse(data, path)

    monkeypatch.setattr(corpus, "read_document_file", counted)
    return read
