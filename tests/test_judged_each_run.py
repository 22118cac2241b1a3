"""What a document's bytes say is cached; whether it is trusted is judged on every run.

`created` is the signer's own claim: a document dated more than ten minutes after the
verifier's clock is not trusted, and a summary or export an hour later must count it, whatever
an earlier run kept in the content cache or the summary memo. A key in revoked_keys is revoked
however the file was damaged: summary and export say "revoked" as verify does.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from minecheck.core import seal
from minecheck.core.sshsig import PublicKey
from tests.helpers_merge import Who, findings, person

NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)
AS_OF = (NOW + dt.timedelta(days=1)).date().isoformat()


def _line(who: Who) -> str:
    kind, blob = Path(f"{who.key}.pub").read_text().split()[:2]
    return f"{who.principal} {kind} {blob}\n"


@pytest.fixture
def future(tmp_path: Path) -> Path:
    """A directory with a document created 20 minutes from now, one created before, and the
    allowed_signers that trusts their signer."""
    alice = person(tmp_path, "alice")
    docs = tmp_path / "docs"
    docs.mkdir()
    created = NOW + dt.timedelta(minutes=20)
    (docs / "a.toml").write_bytes(
        findings(alice, ["compliant", "noncompliant", "compliant"], when=created)
    )
    other = "5d0c1b7e-3f2a-4c9d-8e6f-1a2b3c4d5e6f"
    (docs / "b.toml").write_bytes(findings(alice, ["compliant"] * 3, 1, inspection_id=other))
    (tmp_path / "allowed_signers").write_text(_line(alice))
    return tmp_path


def _at(monkeypatch: pytest.MonkeyPatch, when: dt.datetime) -> None:
    monkeypatch.setattr(seal, "clock", lambda: when)


def _summary(cli: Any, root: Path) -> dict[str, Any]:
    run = cli(
        [
            *("summary", "--json", str(root / "docs")),
            *("--allowed-signers", str(root / "allowed_signers"), "--as-of", AS_OF),
        ]
    )
    data: dict[str, Any] = json.loads(run.stdout)["data"]
    return data


def _export(cli: Any, root: Path) -> str:
    run = cli(
        [
            *("export", str(root / "docs"), "--format", "jsonl"),
            *("--allowed-signers", str(root / "allowed_signers")),
        ]
    )
    out: str = run.stdout
    return out


def test_a_summary_an_hour_later_counts_the_document(
    cli: Any, future: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _at(monkeypatch, NOW)
    before = _summary(cli, future)
    assert before["headline"]["findings"] == 3
    assert [(d["status"], d["reason"]) for d in before["documents"]] == [
        ("key-not-yet-valid", seal.CREATED_IN_THE_FUTURE)
    ]
    _at(monkeypatch, NOW + dt.timedelta(hours=1))
    after = _summary(cli, future)
    assert after["headline"]["findings"] == 6
    assert after["documents"] == []


def test_an_export_an_hour_later_holds_the_rows(
    cli: Any, future: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _at(monkeypatch, NOW)
    assert len(_export(cli, future).splitlines()) == 3
    _at(monkeypatch, NOW + dt.timedelta(hours=1))
    assert len(_export(cli, future).splitlines()) == 6


def test_verify_judges_by_the_same_clock(
    cli: Any, future: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ["verify", "--json", str(future / "docs"), "--allowed-signers"]
    args.append(str(future / "allowed_signers"))
    _at(monkeypatch, NOW)
    assert json.loads(cli(args).stdout)["data"]["files"][0]["status"] == "key-not-yet-valid"
    _at(monkeypatch, NOW + dt.timedelta(hours=1))
    assert json.loads(cli(args).stdout)["data"]["files"][0]["status"] == "trusted"


def test_a_damaged_file_signed_by_a_revoked_key_is_revoked_in_every_report(
    cli: Any, future: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Revocation wins however the file was damaged: summary and export say so, as verify does
    (the content cache keeps what the bytes say; the revoked keys are judged each run)."""
    docs = future / "docs"
    (docs / "a.toml").unlink()
    damaged = docs / "b.toml"
    damaged.write_bytes(b"\xef\xbb\xbf" + damaged.read_bytes())  # a byte-order mark
    good = person(future, "bob")
    (docs / "c.toml").write_bytes(findings(good, ["compliant"] * 3, 2))
    with (future / "allowed_signers").open("a") as signers:
        signers.write(_line(good))
    args = ["--allowed-signers", str(future / "allowed_signers")]
    revoked = [*args, "--revoked-keys", str(future / "revoked_keys")]
    (future / "revoked_keys").write_text("")
    summary = ["summary", "--json", str(docs), "--as-of", AS_OF]
    before = json.loads(cli([*summary, *revoked]).stdout)["data"]["documents"]
    assert [d["status"] for d in before] == ["malformed"]
    kind, blob = (future / "alice.pub").read_text().split()[:2]
    (future / "revoked_keys").write_text(f"{kind} {blob}\n")
    after = json.loads(cli([*summary, *revoked]).stdout)["data"]["documents"]
    assert [(d["status"], d["reason"]) for d in after] == [
        ("revoked", f"key {PublicKey.from_blob(base64.b64decode(blob)).fingerprint()} is revoked")
    ]
    export = cli(["export", str(docs), "--format", "jsonl", *revoked])
    assert "revoked" in export.stderr
    verify = cli(["verify", "--json", str(damaged), *revoked])
    assert json.loads(verify.stdout)["data"]["files"][0]["status"] == "revoked"
