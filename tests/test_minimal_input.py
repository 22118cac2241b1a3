"""The smallest inputs of `sign FILE` and `followup --events`: the header is filled in, never
overwritten, and what is written verifies with stock ssh-keygen."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import tomli

from minecheck import __version__
from minecheck.core.seal import split
from tests.helpers_docs import findings_body
from tests.helpers_merge import INSPECTION, Who, findings, person

REF = f"{INSPECTION}/gas-overlimit"
needs_ssh_keygen = pytest.mark.skipif(
    shutil.which("ssh-keygen") is None, reason="ssh-keygen is not installed"
)
MINIMAL_FOLLOWUP = f"""\
[minecheck]
format = "minecheck.followup/1"

[[event]]
finding = "{REF}"
action = "rectified"
at = 2026-11-30T09:00:00Z
"""
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")


@pytest.fixture
def who(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Who:
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return person(tmp_path, "ent")


def sign_args(who: Who) -> list[str]:
    return ["--key", str(who.key), "--signer", who.principal]


def fingerprint(who: Who) -> str:
    return who.signer.public_key.fingerprint()


def ssh_keygen_verify(path: Path, who: Who) -> subprocess.CompletedProcess[bytes]:
    """`ssh-keygen -Y verify` of a signed minecheck file, trusting only `who`."""
    body, armored = split(path.read_bytes())
    assert armored is not None
    allowed = path.with_name("allowed_signers")
    allowed.write_text(f"{who.principal} {Path(f'{who.key}.pub').read_text()}")
    sig = path.with_name("doc.sig")
    sig.write_text(armored)
    return subprocess.run(
        [
            *("ssh-keygen", "-Y", "verify", "-f", str(allowed), "-I", who.principal),
            *("-n", "minecheck-findings-v1", "-s", str(sig)),
        ],
        input=body,
        capture_output=True,
        check=False,
        timeout=60,
    )


# -- sign FILE ---------------------------------------------------------------------------------


@needs_ssh_keygen
def test_sign_fills_in_the_header_of_a_minimal_followup(cli: Any, who: Who) -> None:
    doc = Path("f.toml")
    doc.write_text(MINIMAL_FOLLOWUP)
    run = cli(["sign", "f.toml", *sign_args(who)])
    assert (run.exit_code, run.stdout) == (0, "f.toml\n")
    assert run.stderr == "f.toml: filled in document_id, created, signer, signer_key, tool\n"
    body, _ = split(doc.read_bytes())
    lines = body.decode().split("\n")
    assert lines[:2] == ["[minecheck]", 'format = "minecheck.followup/1"']
    assert re.fullmatch(f'document_id = "{UUID.pattern}"', lines[2])
    assert re.fullmatch(r"created = \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", lines[3])
    assert lines[4:7] == [
        f'signer = "{who.principal}"',
        f'signer_key = "{fingerprint(who)}"',
        f'tool = "minecheck {__version__}"',
    ]
    # the rest is the input, byte for byte, and the body ends with the signed empty line
    assert body.decode() == "\n".join([*lines[:7], *MINIMAL_FOLLOWUP.split("\n")[2:]]) + "\n"
    checked = ssh_keygen_verify(doc, who)
    assert checked.returncode == 0, checked.stderr
    good = b'Good "minecheck-findings-v1" signature for ent@coal.example'
    assert good in checked.stdout + checked.stderr


def test_sign_keeps_the_fields_that_are_present(cli: Any, who: Who) -> None:
    given = MINIMAL_FOLLOWUP.replace(
        'format = "minecheck.followup/1"\n',
        'format = "minecheck.followup/1"\n'
        'document_id = "0f0e0d0c-0b0a-4908-8706-050403020100"\n'
        "created = 2026-11-30T10:00:00Z\n"
        f'signer = "{who.principal}"\n',
    )
    Path("f.toml").write_text(given)
    run = cli(["sign", "f.toml", "-o", "signed.toml", "--json", *sign_args(who)])
    assert run.exit_code == 0, run.stdout
    assert run.json()["data"]["filled"] == ["signer_key", "tool"]
    header = tomli.loads(split(Path("signed.toml").read_bytes())[0].decode())["minecheck"]
    assert header["document_id"] == "0f0e0d0c-0b0a-4908-8706-050403020100"
    assert header["created"].isoformat() == "2026-11-30T10:00:00+00:00"
    assert header["signer_key"] == fingerprint(who)
    assert Path("f.toml").read_text() == given  # -o leaves the input alone


def test_sign_refuses_a_stated_signer_that_is_not_the_key(cli: Any, who: Who) -> None:
    given = MINIMAL_FOLLOWUP.replace(
        'format = "minecheck.followup/1"\n',
        'format = "minecheck.followup/1"\nsigner = "li.na@hlj.example"\n',
    )
    Path("f.toml").write_text(given)
    run = cli(["sign", "f.toml", *sign_args(who)])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == (
        "minecheck: error: f.toml names signer 'li.na@hlj.example', but you sign as "
        f"'{who.principal}' with {fingerprint(who)}\n"
        f'  hint: set signer = "{who.principal}" and signer_key = "{fingerprint(who)}" '
        "in its [minecheck] table, or leave them out\n"
    )
    assert Path("f.toml").read_text() == given

    wrong_key = "SHA256:" + "B" * 43
    Path("f.toml").write_text(
        MINIMAL_FOLLOWUP.replace(
            'format = "minecheck.followup/1"\n',
            f'format = "minecheck.followup/1"\nsigner_key = "{wrong_key}"\n',
        )
    )
    run = cli(["sign", "f.toml", *sign_args(who)])
    assert run.exit_code == 2
    assert run.stderr.startswith(f"minecheck: error: f.toml names key {wrong_key}, but you sign")


def test_sign_fills_in_a_findings_document_that_then_verifies(cli: Any, who: Who) -> None:
    full = findings_body(who.principal, fingerprint(who)).decode()
    minimal = re.sub(
        r"\ndocument_id = .*\ncreated = .*\nsigner = .*\nsigner_key = .*\ntool = .*", "", full
    )
    assert minimal.startswith('[minecheck]\nformat = "minecheck.findings/1"\n\n[inspection]\n')
    Path("f.toml").write_text(minimal)
    assert cli(["sign", "f.toml", *sign_args(who)]).exit_code == 0
    allowed = Path("allowed_signers")
    allowed.write_text(f"{who.principal} {Path(f'{who.key}.pub').read_text()}")
    run = cli(["verify", "--allowed-signers", str(allowed), "f.toml"])
    assert run.exit_code == 0, run.stdout + run.stderr
    assert run.stdout.startswith("f.toml: trusted: ")


def test_sign_refuses_a_header_it_cannot_extend_and_a_missing_format(cli: Any, who: Who) -> None:
    tricky = MINIMAL_FOLLOWUP.replace(
        'format = "minecheck.followup/1"\n', 'format = """minecheck.followup/1"""\n'
    )
    Path("f.toml").write_text(tricky)
    run = cli(["sign", "f.toml", *sign_args(who)])
    assert run.exit_code == 0, run.stderr  # a one-line value of any quoting still works

    no_format = MINIMAL_FOLLOWUP.replace('format = "minecheck.followup/1"\n', "")
    Path("g.toml").write_text(no_format)
    run = cli(["sign", "g.toml", *sign_args(who)])
    assert run.exit_code == 2
    assert run.stderr.endswith("minecheck: error: g.toml is not a valid minecheck document\n")
    assert "format" in run.stderr.splitlines()[0]
    assert Path("g.toml").read_text() == no_format


# -- followup --events --------------------------------------------------------------------------


@needs_ssh_keygen
@pytest.mark.parametrize(
    "events",
    [
        f'[[event]]\nfinding = "{REF}"\naction = "rectified"\n',
        f'[{{"finding": "{REF}", "action": "rectified"}}]',
    ],
    ids=["toml", "json"],
)
def test_the_smallest_events_file(cli: Any, who: Who, events: str) -> None:
    Path("events").write_text(events)
    run = cli(["followup", "--events", "events", "-o", "f.toml", *sign_args(who)])
    assert (run.exit_code, run.stdout) == (0, "f.toml\n")
    # no findings file here to check the ref against (the guide's warning; --findings checks it)
    assert run.stderr.startswith(
        f"minecheck: warning: no findings file here holds inspection '{REF.split('/')[0]}';"
    )
    doc = tomli.loads(split(Path("f.toml").read_bytes())[0].decode())
    assert UUID.fullmatch(doc["minecheck"]["document_id"])
    assert doc["minecheck"]["signer"] == who.principal
    assert doc["minecheck"]["tool"] == f"minecheck {__version__}"
    assert [(e["finding"], e["action"]) for e in doc["event"]] == [(REF, "rectified")]
    checked = ssh_keygen_verify(Path("f.toml"), who)
    assert checked.returncode == 0, checked.stderr


@needs_ssh_keygen
def test_events_keep_a_stated_header(cli: Any, who: Who) -> None:
    Path("alice.toml").write_bytes(findings(who, ["compliant", "noncompliant", "compliant"]))
    events = (
        "[minecheck]\n"
        'document_id = "0f0e0d0c-0b0a-4908-8706-050403020100"\n'
        "created = 2026-11-30T10:00:00Z\n"
        'tool = "the enterprise system 4.2"\n\n'
        f'[[event]]\nfinding = "{REF}"\naction = "rectified"\nat = 2026-11-30T09:00:00Z\n'
    )
    run = cli(["followup", "--events", "-", "-o", "f.toml", "--json", *sign_args(who)], events)
    assert run.exit_code == 0, run.stdout
    assert run.json()["data"]["document_id"] == "0f0e0d0c-0b0a-4908-8706-050403020100"
    header = tomli.loads(split(Path("f.toml").read_bytes())[0].decode())["minecheck"]
    assert header["created"].isoformat() == "2026-11-30T10:00:00+00:00"
    assert header["tool"] == "the enterprise system 4.2"
    assert header["signer_key"] == fingerprint(who)
    assert ssh_keygen_verify(Path("f.toml"), who).returncode == 0

    as_json = (
        '{"minecheck": {"created": "2026-11-30T10:00:00Z"}, '
        f'"event": [{{"finding": "{REF}", "action": "escalated"}}]}}'
    )
    run = cli(["followup", "--events", "-", "-o", "g.toml", *sign_args(who)], as_json)
    assert run.exit_code == 0, run.stderr
    header = tomli.loads(split(Path("g.toml").read_bytes())[0].decode())["minecheck"]
    assert header["created"].isoformat() == "2026-11-30T10:00:00+00:00"


@pytest.mark.parametrize(
    ("header", "error"),
    [
        (
            'signer = "li.na@hlj.example"',
            "minecheck: error: events:2: [minecheck] signer is 'li.na@hlj.example', but you sign "
            "as 'ent@coal.example' with {fp}\n  hint: leave signer out, or sign with its key "
            "(--key)\n",
        ),
        (
            "created = 2999-01-01T00:00:00Z",
            "minecheck: error: events:2: created 2999-01-01T00:00:00Z lies in the future; a "
            "document is signed with the time it was made\n  hint: leave created out: it is "
            "filled in with the current time\n",
        ),
        (
            'format = "minecheck.findings/1"',
            "events:2: [minecheck] format must be 'minecheck.followup/1' here\n"
            "minecheck: error: events: the events cannot be used; nothing was written\n",
        ),
        (
            'document_id = "not-a-uuid"',
            "events:2:1: document_id 'not-a-uuid' must be a lowercase UUID version 4\n"
            "minecheck: error: events: the events cannot be used; nothing was written\n",
        ),
    ],
    ids=["signer", "future", "format", "document_id"],
)
def test_events_refuse_a_header_that_cannot_be_kept(
    cli: Any, who: Who, header: str, error: str
) -> None:
    Path("events").write_text(
        f'[minecheck]\n{header}\n\n[[event]]\nfinding = "{REF}"\naction = "rectified"\n'
    )
    run = cli(["followup", "--events", "events", "-o", "f.toml", *sign_args(who)])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == error.format(fp=fingerprint(who))
    assert not Path("f.toml").exists()


def test_an_event_that_is_not_a_table_is_reported_once(cli: Any, who: Who) -> None:
    run = cli(["followup", "--events", "-", "-o", "f.toml", *sign_args(who)], '["a"]')
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == (
        "<stdin>: the event: an event is an object\n"
        "minecheck: error: <stdin>: the events cannot be used; nothing was written\n"
    )
    assert not Path("f.toml").exists()
