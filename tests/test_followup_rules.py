"""`minecheck followup` at the edges its finding refs and warnings turn on: the moment the
inspection began, the earliest day an extension is made, a findings file over the limit."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from minecheck.core.seal import MAX_DOCUMENT_BYTES
from tests.helpers_merge import CREATED, INSPECTION, allowed_signers, findings, person

REF = f"{INSPECTION}/gas-overlimit"


@pytest.fixture
def setup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    who = person(tmp_path, "ent")
    inspector = person(tmp_path, "alice")
    work = tmp_path / "work"
    work.mkdir()
    (work / "alice.toml").write_bytes(
        findings(inspector, ["compliant", "noncompliant", "compliant"])
    )
    monkeypatch.chdir(work)
    sign = ["--key", str(who.key), "--signer", who.principal]
    allowed = allowed_signers(tmp_path / "allowed_signers", who, inspector)
    return {"who": who, "inspector": inspector, "sign": sign, "work": work, "allowed": allowed}


def _exported(cli: Any, allowed: Path, *files: str) -> tuple[dict[str, str], str]:
    """Each item's state as `export` gives it (every report judges an event the same way), and
    what it warns."""
    run = cli(["export", "alice.toml", *files, "--allowed-signers", str(allowed)])
    assert run.exit_code == 0, run.stderr
    states = {row["item"]: row["state"] for row in map(json.loads, run.stdout.splitlines())}
    return states, run.stderr


def test_an_event_at_the_moment_the_inspection_began_is_applied(
    cli: Any, setup: dict[str, Any]
) -> None:
    """A report refuses an event dated before the inspection began, and applies one dated at
    that very moment (a danger rectified on the spot): the warning at signing says the same,
    to the second."""
    began = CREATED.strftime("%Y-%m-%dT%H:%M:%SZ")  # 2026-11-29T08:15:00Z
    before = (CREATED - dt.timedelta(seconds=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    said = (
        f"minecheck: warning: {REF}: the event is dated {before}, before the inspection began "
        f"({began}): no report will apply it\n"
    )
    for at, name, stderr in ((before, "early.toml", said), (began, "on-time.toml", "")):
        args = ["followup", REF, "--action", "rectified", "--at", at, "-o", name]
        run = cli([*args, *setup["sign"]])
        assert (run.exit_code, run.stdout, run.stderr) == (0, f"{name}\n", stderr)
    allowed = setup["allowed"]
    states, warned = _exported(cli, allowed, "early.toml")
    assert (states["gas-overlimit"], warned) == (
        "open",
        f"minecheck: warning: early.toml: event rectified for {REF} at {before} not applied: "
        "the event is dated before the finding was recorded\n",
    )
    assert _exported(cli, allowed, "on-time.toml") == (
        {"gas-check-genuine": None, "gas-overlimit": "rectified", "methane-return": None},
        "",
    )
    zh = cli(
        [
            *("followup", REF, "--action", "rectified", "--at", before, "-o", "zh.toml"),
            *(*setup["sign"], "--lang", "zh"),
        ]
    )
    assert (zh.exit_code, zh.stdout) == (0, "zh.toml\n")
    assert zh.stderr == (
        f"minecheck: warning: {REF}：事件时间 {before} 早于检查开始时间（{began}）：任何报告都不会"
        "采纳该事件\n"
    )


def test_a_findings_file_over_the_limit_is_refused_unread(cli: Any, setup: dict[str, Any]) -> None:
    """`--findings` names a document: one past the limit every document has is refused by its
    size, in the reader's language, before a byte is read and before anything is signed."""
    big = setup["work"] / "big.toml"
    with big.open("wb") as fh:
        fh.truncate(MAX_DOCUMENT_BYTES + 1)  # (sparse: nothing is written to the disk)
    args = ["followup", REF, "--action", "escalated", "--findings", "big.toml", "-o", "f.toml"]
    over = f"{MAX_DOCUMENT_BYTES + 1} bytes"
    limit = f"{MAX_DOCUMENT_BYTES} bytes"
    for lang, said in (
        ("en", f"minecheck: error: big.toml: document is {over}, over the limit of {limit}\n"),
        (
            "zh",
            f"minecheck: error: big.toml：文件大小为 {MAX_DOCUMENT_BYTES + 1} 字节，超过 "
            f"{MAX_DOCUMENT_BYTES} 字节的上限\n",
        ),
    ):
        run = cli([*args, *setup["sign"], "--lang", lang])
        assert (run.exit_code, run.stdout, run.stderr) == (2, "", said)
    assert sorted(p.name for p in setup["work"].iterdir()) == ["alice.toml", "big.toml"]
