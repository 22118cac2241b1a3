"""End to end: `minecheck sign` and `minecheck verify`, against tampering and against ssh-keygen."""

from __future__ import annotations

import contextlib
import errno
import functools
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import pytest

from minecheck.core.keys import generate, load_private
from minecheck.core.sshsig import NAMESPACE_FINDINGS, NAMESPACE_MERGED, sign
from tests.conftest import Run
from tests.helpers_docs import (
    DOCUMENT_ID,
    findings_body,
    flip_byte,
    replace_once,
    seal_with,
    split_trailer,
)
from tests.test_agent import needs_agent, running_agent, ssh_add

SSH_KEYGEN = shutil.which("ssh-keygen")
needs_ssh_keygen = pytest.mark.skipif(SSH_KEYGEN is None, reason="ssh-keygen is not installed")

ALICE = "alice@mine.example"
BOB = "bob@mine.example"
ZWSP = "\u200b"
CYRILLIC_A = "\u0430"  # looks like the Latin "a"
TRUSTED_DETAIL = "signed by a trusted key"


class Cli(Protocol):
    def __call__(self, args: Sequence[str], input: str | bytes | None = None) -> Run: ...


@dataclass(frozen=True)
class Person:
    principal: str
    key: Path
    pub: Path
    fingerprint: str


def new_key(directory: Path, principal: str) -> Person:
    """A key made outside minecheck's keys directory (not recorded, not trusted)."""
    key = directory / f"{principal.split('@')[0]}_ed25519"
    public = generate(key, principal, None)
    return Person(principal, key, key.with_name(key.name + ".pub"), public.fingerprint())


def trust(cli: Cli, person: Person, *options: str) -> None:
    run = cli(["trust", "add", "--principal", person.principal, "--key", str(person.pub), *options])
    assert run.exit_code == 0, run.stderr


@pytest.fixture
def alice(cli: Cli, isolated_home: Path) -> Person:
    """Alice's key, made by `keys generate` (so it is the default key) and trusted."""
    run = cli(["keys", "generate", "--principal", ALICE, "--json"])
    assert run.exit_code == 0, run.stdout
    data = run.json()["data"]
    person = Person(ALICE, Path(data["path"]), Path(data["public_key_path"]), data["fingerprint"])
    assert person.key.parent == isolated_home / "keys"
    trust(cli, person)
    return person


def sign_file(cli: Cli, path: Path, body: bytes, *args: str) -> bytes:
    """Write `body` to `path`, sign it in place with `minecheck sign`, return the signed bytes."""
    path.write_bytes(body)
    run = cli(["sign", str(path), *args])
    assert (run.exit_code, run.stdout, run.stderr) == (0, f"{path}\n", "")
    data = path.read_bytes()
    assert data.startswith(body)
    return data


def verify_json(cli: Cli, *args: str) -> dict[str, Any]:
    run = cli(["verify", "--json", *args])
    assert run.stderr == ""
    envelope: dict[str, Any] = run.json()
    assert envelope["exit_code"] == run.exit_code
    return envelope


def status_of(cli: Cli, path: Path, *args: str) -> str:
    files = verify_json(cli, str(path), *args)["data"]["files"]
    assert len(files) == 1
    status: str = files[0]["status"]
    return status


def line(path: Path, status: str, detail: str, *who: str) -> str:
    """One line of `verify` output: `PATH: STATUS: detail (signer fingerprint)`."""
    text = f"{path}: {status}: {detail}"
    return f"{text} ({' '.join(who)})\n" if who else text + "\n"


# -- sign, then verify -------------------------------------------------------------------------


def test_sign_then_verify_is_trusted(cli: Cli, alice: Person, tmp_path: Path) -> None:
    doc = tmp_path / "findings.toml"
    body = findings_body(ALICE, alice.fingerprint)
    data = sign_file(cli, doc, body)
    body_part, trailer = split_trailer(data)
    assert body_part == body
    assert trailer.startswith(b"[signature]\nsshsig = '''\n-----BEGIN SSH SIGNATURE-----\n")
    assert trailer.endswith(b"-----END SSH SIGNATURE-----\n'''\n")

    run = cli(["verify", str(doc)])
    assert run.exit_code == 0
    assert run.stdout == line(doc, "trusted", TRUSTED_DETAIL, ALICE, alice.fingerprint)
    assert run.stderr == "1 document: 1 trusted\n"


def test_verify_in_chinese(
    cli: Cli, alice: Person, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Details and counts in the reader's language; the status stays a code scripts split on."""
    doc = tmp_path / "findings.toml"
    sign_file(cli, doc, findings_body(ALICE, alice.fingerprint))
    other = tmp_path / "other.toml"
    other_id = "6f1c2a4e-8b3d-4f7a-9c2e-1d5b7a9e3f0f"
    other.write_bytes(doc.read_bytes().replace(DOCUMENT_ID.encode(), other_id.encode()))
    run = cli(["verify", "--lang", "zh", str(doc), str(other)])
    assert run.exit_code == 1
    assert run.stdout.splitlines()[0] == (
        f"{doc}: trusted: 由受信任的密钥签名 ({ALICE} {alice.fingerprint})"
    )
    assert run.stdout.splitlines()[1].startswith(f"{other}: bad-signature: ")
    assert run.stderr == "共 2 份文件：签名无效 1 份，受信任 1 份\n"
    monkeypatch.setenv("MINECHECK_LANG", "zh")
    assert cli(["verify", str(doc)]).stderr == "共 1 份文件：受信任 1 份\n"
    assert cli(["verify", "--lang", "en", str(doc)]).stderr == "1 document: 1 trusted\n"


def test_verify_json_envelope(cli: Cli, alice: Person, tmp_path: Path) -> None:
    doc = tmp_path / "findings.toml"
    body = findings_body(ALICE, alice.fingerprint)
    sign_file(cli, doc, body)
    run = cli(["verify", "--json", str(doc)])
    assert (run.exit_code, run.stderr) == (0, "")
    assert run.json() == {
        "minecheck": 1,
        "command": "verify",
        "ok": True,
        "exit_code": 0,
        "data": {
            "files": [
                {
                    "path": str(doc),
                    "status": "trusted",
                    "signer": ALICE,
                    "fingerprint": alice.fingerprint,
                    "document_id": "6f1c2a4e-8b3d-4f7a-9c2e-1d5b7a9e3f01",
                    "format": "minecheck.findings/1",
                    "body_sha256": hashlib.sha256(body).hexdigest(),
                    "created": "2026-11-29T08:15:00Z",
                    "detail": TRUSTED_DETAIL,
                }
            ],
            "counts": {"trusted": 1},
        },
        "problems": [],
    }


def test_sign_to_output_leaves_the_original_alone(cli: Cli, alice: Person, tmp_path: Path) -> None:
    doc = tmp_path / "draft.toml"
    out = tmp_path / "signed.toml"
    body = findings_body(ALICE, alice.fingerprint)
    doc.write_bytes(body)
    run = cli(["sign", str(doc), "-o", str(out), "--json"])
    assert (run.exit_code, run.stderr) == (0, "")
    assert run.json()["data"] == {
        "path": str(out),
        "signer": ALICE,
        "fingerprint": alice.fingerprint,
    }
    assert doc.read_bytes() == body
    assert status_of(cli, out) == "trusted"
    assert status_of(cli, doc) == "unsigned"


@pytest.mark.parametrize("cut", [1, 2], ids=["one-newline", "no-newline"])
def test_sign_adds_the_missing_empty_line(
    cli: Cli, alice: Person, tmp_path: Path, cut: int
) -> None:
    """An editor may drop the empty line, or even the last newline; the signed body has both."""
    doc = tmp_path / "findings.toml"
    body = findings_body(ALICE, alice.fingerprint)
    doc.write_bytes(body[:-cut])
    run = cli(["sign", str(doc)])
    assert (run.exit_code, run.stderr) == (0, "")
    assert split_trailer(doc.read_bytes())[0] == body
    assert status_of(cli, doc) == "trusted"


# -- the "done when": one directory of every kind ----------------------------------------------


def test_a_directory_of_every_kind(cli: Cli, alice: Person, tmp_path: Path) -> None:
    mallory = new_key(tmp_path, "mallory@elsewhere.example")
    carol = new_key(tmp_path, "carol@mine.example")
    trust(cli, carol)
    assert cli(["trust", "revoke", str(carol.pub)]).exit_code == 0

    docs = tmp_path / "docs"
    (docs / "more").mkdir(parents=True)
    good = docs / "good.toml"
    good2 = docs / "more" / "good2.toml"
    sign_file(cli, good, findings_body(ALICE, alice.fingerprint))
    sign_file(
        cli,
        good2,
        findings_body(ALICE, alice.fingerprint, document_id="1a2b3c4d-5e6f-4a1b-9c2d-3e4f5a6b7c8d"),
    )
    tampered = docs / "tampered.toml"
    tampered.write_bytes(flip_byte(good.read_bytes(), b"Demo mine"))
    untrusted = docs / "untrusted.toml"
    untrusted.write_bytes(seal_with(findings_body(ALICE, mallory.fingerprint), mallory.key))
    revoked = docs / "revoked.toml"
    revoked.write_bytes(seal_with(findings_body(carol.principal, carol.fingerprint), carol.key))
    unsigned = docs / "unsigned.toml"
    unsigned.write_bytes(findings_body(ALICE, alice.fingerprint))
    malformed = docs / "malformed.toml"
    malformed.write_bytes(b"[minecheck]\nformat = = 'broken'\n")
    (docs / "notes.txt").write_text("not a document, not looked at\n")

    envelope = verify_json(cli, str(docs))
    assert (envelope["ok"], envelope["exit_code"]) == (False, 1)
    statuses = {f["path"]: f["status"] for f in envelope["data"]["files"]}
    assert statuses == {
        str(good): "trusted",
        str(good2): "trusted",
        str(tampered): "bad-signature",
        str(untrusted): "untrusted-key",
        str(revoked): "revoked",
        str(unsigned): "unsigned",
        str(malformed): "malformed",
    }
    assert envelope["data"]["counts"] == {
        "trusted": 2,
        "bad-signature": 1,
        "untrusted-key": 1,
        "revoked": 1,
        "unsigned": 1,
        "malformed": 1,
    }
    by_path = {f["path"]: f for f in envelope["data"]["files"]}
    assert by_path[str(untrusted)]["fingerprint"] == mallory.fingerprint
    assert by_path[str(revoked)]["fingerprint"] == carol.fingerprint
    assert by_path[str(unsigned)]["fingerprint"] is None
    assert any(p["path"] == str(malformed) and p["line"] == 2 for p in envelope["problems"])

    text = cli(["verify", str(docs)])
    assert text.exit_code == 1
    assert text.stderr.endswith(
        "7 documents: 1 bad-signature, 1 malformed, 1 revoked, 2 trusted, 1 unsigned, "
        "1 untrusted-key\n"
    )

    for path in (tampered, untrusted, revoked, unsigned, malformed):
        path.unlink()
    run = cli(["verify", str(docs)])
    assert run.exit_code == 0
    assert run.stdout == (
        line(good, "trusted", TRUSTED_DETAIL, ALICE, alice.fingerprint)
        + line(good2, "trusted", TRUSTED_DETAIL, ALICE, alice.fingerprint)
    )
    assert run.stderr == "2 documents: 2 trusted\n"
    assert cli(["verify", str(good), str(good2)]).exit_code == 0


def test_verify_an_unreadable_path_exits_2(cli: Cli, alice: Person, tmp_path: Path) -> None:
    good = tmp_path / "good.toml"
    sign_file(cli, good, findings_body(ALICE, alice.fingerprint))
    missing = tmp_path / "missing.toml"
    run = cli(["verify", str(good), str(missing)])
    assert run.exit_code == 2
    assert f"minecheck: error: {missing}: no such file\n" in run.stderr
    assert "Traceback" not in run.stderr
    envelope = verify_json(cli, str(missing))
    assert (envelope["ok"], envelope["exit_code"]) == (False, 2)

    empty = tmp_path / "empty"
    empty.mkdir()
    assert cli(["verify", str(empty)]).exit_code == 2


@pytest.mark.skipif(not Path("/dev/fd").is_dir(), reason="no /dev/fd")
def test_verify_reads_a_pipe_named_on_the_command_line(
    cli: Cli, alice: Person, tmp_path: Path
) -> None:
    """`minecheck verify <(ssh host cat f.toml)`: the workers read regular files only; the pipe
    is read by verify itself, and judged as the file would be."""
    doc = tmp_path / "findings.toml"
    data = sign_file(cli, doc, findings_body(ALICE, alice.fingerprint))
    read_end, write_end = os.pipe()
    try:
        os.write(write_end, data)  # (a few kilobytes: the pipe holds them)
        os.close(write_end)
        named = f"/dev/fd/{read_end}"
        run = cli(["verify", named])
    finally:
        os.close(read_end)
    assert (run.exit_code, run.stderr) == (0, "1 document: 1 trusted\n")
    assert run.stdout == line(Path(named), "trusted", TRUSTED_DETAIL, ALICE, alice.fingerprint)


@pytest.mark.skipif(not Path("/dev/fd").is_dir(), reason="no /dev/fd")
def test_an_allowed_signers_pipe_is_waited_for(
    cli: Cli, alice: Person, tmp_path: Path, isolated_home: Path
) -> None:
    """`--allowed-signers <(ssh host cat allowed_signers)`: the lines come when the command
    sends them, and verify waits for them (it does not read an empty pipe as no trust)."""
    doc = tmp_path / "findings.toml"
    sign_file(cli, doc, findings_body(ALICE, alice.fingerprint))
    lines = (isolated_home / "allowed_signers").read_bytes()
    read_end, write_end = os.pipe()

    def send_late() -> None:
        time.sleep(0.3)
        os.write(write_end, lines)
        os.close(write_end)

    sender = threading.Thread(target=send_late)
    sender.start()
    try:
        run = cli(["verify", str(doc), "--allowed-signers", f"/dev/fd/{read_end}"])
    finally:
        sender.join()
        os.close(read_end)
    assert (run.exit_code, run.stderr) == (0, "1 document: 1 trusted\n")
    assert run.stdout == line(doc, "trusted", TRUSTED_DETAIL, ALICE, alice.fingerprint)


@pytest.mark.skipif(not Path("/dev/fd").is_dir(), reason="no /dev/fd")
@pytest.mark.parametrize("extra", [0, 1])
def test_an_allowed_signers_pipe_over_the_limit_is_refused(
    cli: Cli, alice: Person, tmp_path: Path, isolated_home: Path, extra: int
) -> None:
    """A pipe has no size to look at first: its bytes are counted as they come, and one byte past
    4 MiB stops verify (a file of exactly 4 MiB is read whole, and trusts as it says). The
    limit is the one the message names, written out here: not the module's constant."""
    doc = tmp_path / "findings.toml"
    sign_file(cli, doc, findings_body(ALICE, alice.fingerprint))
    lines = (isolated_home / "allowed_signers").read_bytes()
    filler = 4 * 1024 * 1024 + extra - len(lines)
    data = b"#" * (filler - 1) + b"\n" + lines
    read_end, write_end = os.pipe()

    def send() -> None:
        # (read no further than the limit: the rest is not wanted)
        with contextlib.suppress(BrokenPipeError), os.fdopen(write_end, "wb") as out:
            out.write(data)

    sender = threading.Thread(target=send)
    sender.start()
    named = f"/dev/fd/{read_end}"
    try:
        run = cli(["verify", str(doc), "--allowed-signers", named])
    finally:
        os.close(read_end)
        sender.join()
    if extra:
        said = f"minecheck: error: {named} is larger than 4 MiB, the limit for a trust file\n"
        assert (run.exit_code, run.stdout, run.stderr) == (2, "", said)
    else:
        assert (run.exit_code, run.stderr) == (0, "1 document: 1 trusted\n")


def test_verify_says_a_file_over_the_size_limit_is_malformed(cli: Cli, tmp_path: Path) -> None:
    """A file past the limit every reader keeps is judged unread: malformed, exit 1, its size
    and the limit said (in the reader's language; the JSON detail stays English)."""
    from minecheck.core.seal import MAX_DOCUMENT_BYTES

    big = tmp_path / "big.toml"
    with big.open("wb") as fh:
        fh.truncate(MAX_DOCUMENT_BYTES + 1)  # sparse: nothing is written
    size = MAX_DOCUMENT_BYTES + 1
    run = cli(["verify", str(big)])
    assert (run.exit_code, run.stderr) == (1, "1 document: 1 malformed\n")
    detail = f"the file is {size} bytes, over the limit of {MAX_DOCUMENT_BYTES}"
    assert run.stdout == line(big, "malformed", detail)
    zh = cli(["verify", "--lang", "zh", str(big)])
    assert zh.exit_code == 1
    assert zh.stdout == f"{big}: malformed: 文件大小为 {size} 字节，超过上限 {MAX_DOCUMENT_BYTES}\n"
    assert zh.stderr == "共 1 份文件：文件格式错误 1 份\n"
    envelope = verify_json(cli, str(big))
    assert envelope["exit_code"] == 1
    assert [(f["status"], f["detail"]) for f in envelope["data"]["files"]] == [
        ("malformed", detail)
    ]


# -- stock OpenSSH agrees ----------------------------------------------------------------------

RECIPE = r"""
sed -n '/^-----BEGIN SSH SIGNATURE-----$/,/^-----END SSH SIGNATURE-----$/p' f.toml > f.sig
sed '/^\[signature\]$/,$d' f.toml > f.body
ssh-keygen -Y verify -f allowed_signers -I "$PRINCIPAL" -n minecheck-findings-v1 -s f.sig < f.body
"""


def run_recipe(directory: Path, principal: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "SSH_AUTH_SOCK"}
    env["PRINCIPAL"] = principal
    return subprocess.run(
        ["sh", "-c", RECIPE],
        cwd=directory,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


@needs_ssh_keygen
def test_the_sed_recipe_and_ssh_keygen_agree(
    cli: Cli, alice: Person, tmp_path: Path, isolated_home: Path
) -> None:
    body = findings_body(ALICE, alice.fingerprint, site="Café 矿 一号井")
    signed = sign_file(cli, tmp_path / "signed.toml", body)

    good = tmp_path / "good"
    good.mkdir()
    (good / "f.toml").write_bytes(signed)
    shutil.copy(isolated_home / "allowed_signers", good / "allowed_signers")
    result = run_recipe(good, ALICE)
    assert result.returncode == 0, result.stderr
    assert (good / "f.body").read_bytes() == body
    assert f'Good "minecheck-findings-v1" signature for {ALICE}' in result.stdout + result.stderr
    assert alice.fingerprint in result.stdout + result.stderr
    # Ed25519 is deterministic: ssh-keygen signing the body writes the very same armor
    assert SSH_KEYGEN is not None
    made = subprocess.run(
        [SSH_KEYGEN, "-Y", "sign", "-f", str(alice.key), "-n", "minecheck-findings-v1", "f.body"],
        cwd=good,
        env={k: v for k, v in os.environ.items() if k != "SSH_AUTH_SOCK"},
        capture_output=True,
        check=False,
        timeout=60,
    )
    assert made.returncode == 0, made.stderr
    assert (good / "f.body.sig").read_bytes() == (good / "f.sig").read_bytes()

    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "f.toml").write_bytes(flip_byte(signed, b"Wang Wei"))
    shutil.copy(isolated_home / "allowed_signers", bad / "allowed_signers")
    assert run_recipe(bad, ALICE).returncode != 0
    assert status_of(cli, bad / "f.toml") == "bad-signature"

    # a principal the key is not trusted for fails with ssh-keygen just as with minecheck
    assert run_recipe(good, BOB).returncode != 0


# -- tampering ---------------------------------------------------------------------------------

SITE = "Café 矿"
Tamper = Callable[[bytes], bytes]


def _nfd(data: bytes) -> bytes:
    nfc = unicodedata.normalize("NFC", SITE).encode()
    nfd = unicodedata.normalize("NFD", SITE).encode()
    assert nfc != nfd
    return replace_once(data, nfc, nfd)


def _in_signer(new: str) -> Tamper:
    def tamper(data: bytes) -> bytes:
        return replace_once(data, f'signer = "{ALICE}"'.encode(), f'signer = "{new}"'.encode())

    return tamper


def _second_trailer(data: bytes) -> bytes:
    return data + split_trailer(data)[1]


def _second_trailer_after_blank(data: bytes) -> bytes:
    return data + b"\n" + split_trailer(data)[1]


def _signature_byte(data: bytes) -> bytes:
    lines = data.split(b"\n")
    last = lines.index(b"-----END SSH SIGNATURE-----") - 1
    old = lines[last][10:11]
    lines[last] = lines[last][:10] + (b"B" if old == b"A" else b"A") + lines[last][11:]
    return b"\n".join(lines)


TAMPERS: list[tuple[str, Tamper, str]] = [
    ("crlf", lambda d: d.replace(b"\n", b"\r\n"), "malformed"),
    (
        "crlf-body-only",
        lambda d: d.replace(b"\n\n[inspection]", b"\r\n\r\n[inspection]"),
        "malformed",
    ),
    ("bom", lambda d: b"\xef\xbb\xbf" + d, "malformed"),
    ("nfc-to-nfd", _nfd, "bad-signature"),
    ("zero-width-space-in-signer", _in_signer(f"alice{ZWSP}@mine.example"), "bad-signature"),
    ("cyrillic-a-in-signer", _in_signer(f"{CYRILLIC_A}lice@mine.example"), "bad-signature"),
    ("other-signer", _in_signer(BOB), "bad-signature"),
    (
        "comment-in-body",
        lambda d: replace_once(d, b"[inspection]\n", b"# ok\n[inspection]\n"),
        "bad-signature",
    ),
    (
        "trailing-space",
        lambda d: replace_once(d, b'tool = "minecheck 0.1.0"\n', b'tool = "minecheck 0.1.0" \n'),
        "bad-signature",
    ),
    (
        "result-changed",
        lambda d: replace_once(d, b'result = "noncompliant"', b'result = "compliant"   '),
        "bad-signature",
    ),
    ("signature-byte", _signature_byte, "bad-signature"),
    ("appended-comment", lambda d: d + b"# appended\n", "malformed"),
    ("appended-table", lambda d: d + b"[extra]\nx = 1\n", "malformed"),
    ("appended-newline", lambda d: d + b"\n", "malformed"),
    ("appended-quotes", lambda d: d + b"x = '''\n'''\n", "malformed"),
    ("trailer-newline-dropped", lambda d: d[:-1], "malformed"),
    ("second-trailer", _second_trailer, "malformed"),
    ("second-trailer-after-blank", _second_trailer_after_blank, "malformed"),
    (
        "empty-line-removed",
        lambda d: replace_once(d, b"\n\n[signature]", b"\n[signature]"),
        "malformed",
    ),
    ("stripped-signature", lambda d: split_trailer(d)[0], "unsigned"),
    (
        "stripped-armor",
        lambda d: split_trailer(d)[0] + b"[signature]\nsshsig = ''''''\n",
        "malformed",
    ),
]


@pytest.mark.parametrize(
    ("tamper", "expected"), [(t, e) for _, t, e in TAMPERS], ids=[n for n, _, _ in TAMPERS]
)
def test_tampering_is_never_trusted(
    cli: Cli, alice: Person, tmp_path: Path, tamper: Tamper, expected: str
) -> None:
    good = tmp_path / "good.toml"
    signed = sign_file(cli, good, findings_body(ALICE, alice.fingerprint, site=SITE))
    assert status_of(cli, good) == "trusted"
    bad = tmp_path / "bad.toml"
    changed = tamper(signed)
    assert changed != signed
    bad.write_bytes(changed)
    envelope = verify_json(cli, str(bad))
    assert [f["status"] for f in envelope["data"]["files"]] == [expected]
    assert (envelope["ok"], envelope["exit_code"]) == (False, 1)
    run = cli(["verify", str(bad)])
    assert run.exit_code == 1
    assert run.stdout.startswith(f"{bad}: {expected}: ")
    assert run.stderr.endswith(f"1 document: 1 {expected}\n")


def test_a_look_alike_signer_cannot_be_signed(cli: Cli, alice: Person, tmp_path: Path) -> None:
    for look_alike in (f"alice{ZWSP}@mine.example", f"{CYRILLIC_A}lice@mine.example"):
        doc = tmp_path / "look-alike.toml"
        body = findings_body(look_alike, alice.fingerprint)
        doc.write_bytes(body)
        run = cli(["sign", str(doc)])
        assert run.exit_code == 2
        assert "must be an ASCII principal" in run.stderr
        assert f"minecheck: error: {doc} is not a valid minecheck document\n" in run.stderr
        assert doc.read_bytes() == body

        # asking to sign a good document as the look-alike is refused as well
        good = findings_body(ALICE, alice.fingerprint)
        doc.write_bytes(good)
        run = cli(["sign", str(doc), "--signer", look_alike])
        assert run.exit_code == 2
        assert run.stderr.startswith(
            f"minecheck: error: --signer {look_alike!r} is not a valid principal\n"
        )
        assert doc.read_bytes() == good

        # and a document sealed by other means with such a signer is malformed
        doc.write_bytes(seal_with(body, alice.key))
        assert status_of(cli, doc) == "malformed"


ARMOR_NOTE = b"note = '''\n-----BEGIN SSH SIGNATURE-----\nnot one'''\n"


def test_a_body_with_an_armor_line_is_never_signed_nor_trusted(
    cli: Cli, alice: Person, tmp_path: Path
) -> None:
    """Such a line would make the stock sed recipe pick up the wrong lines as the signature."""
    body = replace_once(
        findings_body(ALICE, alice.fingerprint),
        b'location = "No. 3',
        ARMOR_NOTE + b'location = "No. 3',
    )
    doc = tmp_path / "armor.toml"
    doc.write_bytes(body)
    run = cli(["sign", str(doc)])
    assert run.exit_code == 2
    assert "SSH SIGNATURE" in run.stderr
    assert doc.read_bytes() == body
    assert status_of(cli, doc) == "malformed"

    # sealed by other means, it verifies cryptographically, but the tool does not trust it
    armored = sign(load_private(alice.key, None), body, NAMESPACE_FINDINGS)
    doc.write_bytes(body + b"[signature]\nsshsig = '''\n" + armored.encode() + b"'''\n")
    [entry] = verify_json(cli, str(doc))["data"]["files"]
    assert entry["status"] == "malformed"
    assert "SSH SIGNATURE" in entry["detail"]


# -- who signed, and is that key trusted for it ------------------------------------------------


def test_another_key_resigning_the_body(cli: Cli, alice: Person, tmp_path: Path) -> None:
    mallory = new_key(tmp_path, "mallory@elsewhere.example")
    doc = tmp_path / "doc.toml"

    # the very same body, re-signed: its signer_key names Alice's key, not the signing key
    doc.write_bytes(seal_with(findings_body(ALICE, alice.fingerprint), mallory.key))
    assert status_of(cli, doc) == "malformed"

    # the same body, signer_key changed to the re-signing key: a key nobody trusts
    doc.write_bytes(seal_with(findings_body(ALICE, mallory.fingerprint), mallory.key))
    assert status_of(cli, doc) == "untrusted-key"
    run = cli(["verify", str(doc)])
    assert run.stdout == line(
        doc,
        "untrusted-key",
        "the signing key is not in allowed_signers",
        ALICE,
        mallory.fingerprint,
    )

    # the key is known, but for somebody else
    trust(cli, Person(BOB, mallory.key, mallory.pub, mallory.fingerprint))
    assert status_of(cli, doc) == "principal-mismatch"


def test_signer_key_must_name_the_signing_key(cli: Cli, alice: Person, tmp_path: Path) -> None:
    bob = new_key(tmp_path, BOB)
    trust(cli, bob)
    doc = tmp_path / "doc.toml"
    doc.write_bytes(seal_with(findings_body(ALICE, bob.fingerprint), alice.key))
    envelope = verify_json(cli, str(doc))
    [entry] = envelope["data"]["files"]
    assert entry["status"] == "malformed"
    assert entry["detail"] == (
        f"signer_key {bob.fingerprint} is not the signing key {alice.fingerprint}"
    )


def test_findings_in_the_merged_namespace_are_malformed(
    cli: Cli, alice: Person, tmp_path: Path
) -> None:
    doc = tmp_path / "doc.toml"
    doc.write_bytes(seal_with(findings_body(ALICE, alice.fingerprint), alice.key, NAMESPACE_MERGED))
    [entry] = verify_json(cli, str(doc))["data"]["files"]
    assert entry["status"] == "malformed"
    assert NAMESPACE_MERGED in entry["detail"]

    doc.write_bytes(seal_with(findings_body(ALICE, alice.fingerprint), alice.key, "git"))
    assert status_of(cli, doc) == "malformed"


def test_a_merged_document_is_never_trusted_without_its_sources_checked(
    cli: Cli, alice: Person, tmp_path: Path
) -> None:
    body = findings_body(ALICE, alice.fingerprint).replace(
        b'format = "minecheck.findings/1"', b'format = "minecheck.merged/1"'
    )
    doc = tmp_path / "merged.toml"
    doc.write_bytes(seal_with(body, alice.key, NAMESPACE_MERGED))
    [entry] = verify_json(cli, str(doc))["data"]["files"]
    assert entry["status"] == "malformed"
    assert "a merged document needs at least one [[source]]" in entry["detail"]


_SOURCE = b'[[source]]\nsha256 = "' + b"0" * 64 + b'"\nfile = "x"\n\n'


@pytest.mark.parametrize(
    ("tables", "english", "chinese"),
    [
        (
            b'[consolidated]\ninspection = "x"\n\n' + _SOURCE,
            "consolidated must be an array of tables",
            "consolidated 必须是表的数组",
        ),
        (
            b'[[consolidated]]\ninspection = "x"\n\n' + _SOURCE,
            "consolidated entry 1 is not inspection/item/result/by",
            "consolidated 第 1 项不是 inspection/item/result/by",
        ),
        (
            b'[[source]]\nsha256 = 1\nfile = "x"\n\n',
            "source 1 is not a table of sha256 and file",
            "第 1 个来源不是含 sha256 和 file 的表",
        ),
    ],
    ids=["consolidated-a-table", "consolidated-entry", "source-entry"],
)
def test_a_merged_document_of_the_wrong_shape_is_malformed_and_says_why(
    cli: Cli, alice: Person, tmp_path: Path, tables: bytes, english: str, chinese: str
) -> None:
    """A signed merged document whose consolidated or source tables are not what merge writes
    is malformed (exit 1), the reason in the JSON detail and, in the reader's language, on the
    status line and as a problem."""
    header = findings_body(ALICE, alice.fingerprint).split(b"\n\n")[0]
    header = header.replace(b'format = "minecheck.findings/1"', b'format = "minecheck.merged/1"')
    doc = tmp_path / "merged.toml"
    doc.write_bytes(
        seal_with(header + b"\nsource_count = 1\n\n" + tables, alice.key, NAMESPACE_MERGED)
    )
    [entry] = verify_json(cli, str(doc))["data"]["files"]
    assert (entry["status"], entry["detail"]) == ("malformed", english)
    run = cli(["verify", str(doc), "--lang", "zh"])
    assert run.exit_code == 1
    assert run.stdout == line(doc, "malformed", chinese, ALICE, alice.fingerprint)
    assert run.stderr.splitlines() == [f"{doc}: {chinese}", "共 1 份文件：文件格式错误 1 份"]


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (["--valid-before", "2026-01-01"], "key-expired"),
        (["--valid-before", "2026-11-29T08:14:59Z"], "key-expired"),
        (["--valid-before", "2026-11-29T08:15:00Z"], "trusted"),
        (["--valid-after", "2027-01-01"], "key-not-yet-valid"),
        (["--valid-after", "20261129081501Z"], "key-not-yet-valid"),
        (["--valid-after", "2026-11-29T08:15:00Z"], "trusted"),
        (["--valid-after", "2026-01-01", "--valid-before", "2027-01-01"], "trusted"),
        (["--namespaces", "other"], "namespace-not-allowed"),
        (["--namespaces", "minecheck-merged-v1"], "namespace-not-allowed"),
        (["--namespaces", "minecheck-*"], "trusted"),
    ],
)
def test_trust_window_and_namespaces(
    cli: Cli, alice: Person, tmp_path: Path, options: list[str], expected: str
) -> None:
    """Judged at the document's signed `created` time (2026-11-29T08:15:00Z), not now."""
    doc = tmp_path / "doc.toml"
    sign_file(cli, doc, findings_body(ALICE, alice.fingerprint))
    allowed = tmp_path / "allowed_signers"
    trust(cli, alice, "--allowed-signers", str(allowed), *options)
    assert status_of(cli, doc, "--allowed-signers", str(allowed)) == expected


def test_a_revoked_key_is_revoked_even_when_trusted(
    cli: Cli, alice: Person, tmp_path: Path, isolated_home: Path
) -> None:
    doc = tmp_path / "doc.toml"
    sign_file(cli, doc, findings_body(ALICE, alice.fingerprint))
    revoked = tmp_path / "revoked_keys"
    assert cli(["trust", "revoke", str(alice.pub), "--revoked-keys", str(revoked)]).exit_code == 0
    assert status_of(cli, doc) == "trusted"
    assert status_of(cli, doc, "--revoked-keys", str(revoked)) == "revoked"

    assert cli(["trust", "revoke", str(alice.pub)]).exit_code == 0
    assert (isolated_home / "revoked_keys").is_file()
    run = cli(["verify", str(doc)])
    assert run.exit_code == 1
    assert run.stdout == line(doc, "revoked", f"key {alice.fingerprint} is revoked")
    # even a tampered file by a revoked key says "revoked": it comes first
    (tmp_path / "bad.toml").write_bytes(flip_byte(doc.read_bytes(), b"Demo mine"))
    assert status_of(cli, tmp_path / "bad.toml") == "revoked"
    # and so does one whose line endings or BOM an editor changed
    (tmp_path / "crlf.toml").write_bytes(doc.read_bytes().replace(b"\n", b"\r\n"))
    assert status_of(cli, tmp_path / "crlf.toml") == "revoked"
    (tmp_path / "bom.toml").write_bytes(b"\xef\xbb\xbf" + doc.read_bytes())
    assert status_of(cli, tmp_path / "bom.toml") == "revoked"


# -- untrusted strings never reach the terminal raw --------------------------------------------

NASTY = "\x1b[2J\x1b]0;pwned\x07\x1b[31m red \u202eenil\u202c \x9b31m"


def test_untrusted_strings_are_made_visible(cli: Cli, alice: Person, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    body = findings_body(ALICE, alice.fingerprint, site=f"Mine {NASTY}", description=NASTY)
    assert b"\x1b" not in body  # the writer escapes them in the file...
    # (`sign` refuses such a site, as `inspect --site` does; one signed elsewhere is read)
    (docs / "escaped.toml").write_bytes(seal_with(body, alice.key))
    # ... but a raw U+202E is valid TOML, and a signed document may hold one
    raw = body.replace(b"\\u202E", "\u202e".encode())
    assert "\u202e".encode() in raw
    signed_raw = seal_with(raw, alice.key)
    (docs / "raw.toml").write_bytes(signed_raw)
    # schema problems quote the offending keys and values
    bad = replace_once(
        body,
        b'mode = "routine"\n',
        'mode = "\\u001b[31m\u202e"\n"\\u001b[2J\u202e" = 1\n'.encode(),
    )
    (docs / "bad-keys.toml").write_bytes(bad)
    bad_signer = replace_once(body, ALICE.encode(), f"\u202e{ALICE}".encode())
    (docs / "bad-signer.toml").write_bytes(bad_signer)
    # the file name is untrusted too
    (docs / "name-\x1b[31m-\u202e.toml").write_bytes(signed_raw)

    run = cli(["verify", str(docs)])
    assert run.exit_code == 1
    output = (run.stdout + run.stderr).encode()
    assert b"\x1b" not in output
    assert "\u202e".encode() not in output
    assert "\x9b".encode() not in output
    assert "name-\\u001b[31m-\\u202e.toml: trusted: " in run.stdout
    assert "2 malformed, 3 trusted" in run.stderr
    assert "\\u202e" in run.stderr  # made visible, not dropped

    renamed = docs / "name-\x1b[31m-\u202e.toml"
    renamed.unlink()
    json_run = cli(["verify", "--json", str(docs)])
    assert json_run.stderr == ""
    assert b"\x1b" not in json_run.stdout.encode()
    assert "\u202e".encode() not in json_run.stdout.encode()


# -- sign refuses, and never harms the original ------------------------------------------------


def test_sign_refuses_a_signed_document(cli: Cli, alice: Person, tmp_path: Path) -> None:
    doc = tmp_path / "doc.toml"
    signed = sign_file(cli, doc, findings_body(ALICE, alice.fingerprint))
    run = cli(["sign", str(doc)])
    assert run.exit_code == 2
    assert run.stderr == f"minecheck: error: {doc} is already signed\n"
    assert run.stdout == ""
    assert doc.read_bytes() == signed
    envelope = cli(["sign", "--json", str(doc)])
    assert envelope.exit_code == 2
    assert envelope.stderr == ""
    assert envelope.json()["ok"] is False
    assert doc.read_bytes() == signed


def test_sign_refuses_a_malformed_trailer(cli: Cli, alice: Person, tmp_path: Path) -> None:
    doc = tmp_path / "doc.toml"
    signed = sign_file(cli, doc, findings_body(ALICE, alice.fingerprint))
    broken = signed + b"# appended\n"
    doc.write_bytes(broken)
    run = cli(["sign", str(doc)])
    assert run.exit_code == 2
    assert run.stderr.startswith(f"minecheck: error: {doc}: ")
    assert doc.read_bytes() == broken


def test_sign_refuses_a_signer_key_mismatch(cli: Cli, alice: Person, tmp_path: Path) -> None:
    bob = new_key(tmp_path, BOB)
    doc = tmp_path / "doc.toml"
    body = findings_body(BOB, bob.fingerprint)
    doc.write_bytes(body)
    run = cli(["sign", str(doc)])
    assert run.exit_code == 2
    assert run.stderr == (
        f"minecheck: error: {doc} names signer '{BOB}' with key {bob.fingerprint}, "
        f"but you sign as '{ALICE}' with {alice.fingerprint}\n"
        f'  hint: set signer = "{ALICE}" and signer_key = "{alice.fingerprint}" '
        "in its [minecheck] table, or leave them out\n"
    )
    assert doc.read_bytes() == body

    # the right principal with the wrong fingerprint is refused too
    body = findings_body(ALICE, bob.fingerprint)
    doc.write_bytes(body)
    assert cli(["sign", str(doc)]).exit_code == 2
    assert doc.read_bytes() == body
    # Bob's key may sign what names it; whether it is trusted for Alice is for verify to say
    assert cli(["sign", str(doc), "--key", str(bob.key), "--signer", ALICE]).exit_code == 0
    assert status_of(cli, doc) == "untrusted-key"


def test_sign_reports_schema_problems_with_positions(
    cli: Cli, alice: Person, tmp_path: Path
) -> None:
    doc = tmp_path / "doc.toml"
    body = findings_body(ALICE, alice.fingerprint, mode="daytime")
    body = replace_once(body, b'result = "compliant"\n', b'result = "compliant"\ncolour = 1\n')
    doc.write_bytes(body)
    lines = body.decode().split("\n")
    mode_line = lines.index('mode = "daytime"') + 1
    colour_line = lines.index("colour = 1") + 1

    run = cli(["sign", str(doc)])
    assert run.exit_code == 2
    assert run.stdout == ""
    assert run.stderr.splitlines() == [
        f"{doc}:{mode_line}:1: mode must be one of routine, unannounced, night, special, "
        "follow-up, self-inspection, not 'daytime'",
        f"{doc}:{colour_line}:1: unknown key 'colour' in finding 'gas-check-genuine'",
        f"minecheck: error: {doc} is not a valid minecheck document",
    ]
    assert doc.read_bytes() == body

    envelope = cli(["sign", "--json", str(doc)])
    assert envelope.stderr == ""
    problems = envelope.json()["problems"]
    assert {(p["line"], p["column"]) for p in problems if p["line"]} == {
        (mode_line, 1),
        (colour_line, 1),
    }


@pytest.mark.parametrize(
    ("basis", "said"),
    [
        (
            b'["WSL-41"]',
            "a major hidden danger is a situation the criteria list: cite one "
            "(CMHD-<article>.<n> or MNM-UG/OP/TP-<n>) in basis, not only WSL-41, "
            "or grade it general",
        ),
        (
            b'["CMHD-5.9"]',
            "basis 'CMHD-5.9' names no clause of the criteria or the laws (CMHD-<article>.<n>, "
            "MNM-UG-<n>, MNM-OP-<n>, MNM-TP-<n>, WSL-<n>, CR24-<n>, O16, HM24, AP24)",
        ),
    ],
)
def test_sign_refuses_a_major_on_no_listed_situation(
    cli: Cli, alice: Person, tmp_path: Path, basis: bytes, said: str
) -> None:
    """What `inspect` refuses is not signed by hand either (DOMAIN: major is a listed situation)."""
    doc = tmp_path / "doc.toml"
    body = replace_once(
        findings_body(ALICE, alice.fingerprint), b'basis = ["CMHD-5.2"]', b"basis = " + basis
    )
    doc.write_bytes(body)
    line = body.decode().split("\n").index(f"basis = {basis.decode()}") + 1
    run = cli(["sign", str(doc)])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines() == [
        f"{doc}:{line}:1: {said}",
        f"minecheck: error: {doc} is not a valid minecheck document",
    ]
    assert doc.read_bytes() == body


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"[minecheck]\nformat = \n", "is not valid TOML"),
        (b"\xef\xbb\xbf[minecheck]\n", "byte-order mark"),
        (b"[minecheck]\r\nformat = 'x'\r\n", "carriage return"),
        (b"[minecheck]\nsite = '\xff'\n", "is not UTF-8 text"),
    ],
    ids=["syntax", "bom", "crlf", "not-utf8"],
)
def test_sign_refuses_unreadable_documents(
    cli: Cli, alice: Person, tmp_path: Path, content: bytes, message: str
) -> None:
    doc = tmp_path / "doc.toml"
    doc.write_bytes(content)
    run = cli(["sign", str(doc)])
    assert run.exit_code == 2
    assert message in run.stderr
    assert f"{doc}:1:" in run.stderr or f"{doc}:2:" in run.stderr
    assert doc.read_bytes() == content


def test_sign_never_clobbers_an_output(cli: Cli, alice: Person, tmp_path: Path) -> None:
    doc = tmp_path / "doc.toml"
    out = tmp_path / "out.toml"
    body = findings_body(ALICE, alice.fingerprint)
    doc.write_bytes(body)
    out.write_bytes(b"precious\n")
    run = cli(["sign", str(doc), "-o", str(out)])
    assert run.exit_code == 2
    assert f"{out} already exists" in run.stderr
    assert out.read_bytes() == b"precious\n"
    assert doc.read_bytes() == body
    assert sorted(p.name for p in tmp_path.iterdir()) == ["doc.toml", "home", "out.toml"]

    assert cli(["sign", str(doc), "-o", str(out), "--force"]).exit_code == 0
    assert status_of(cli, out) == "trusted"
    assert doc.read_bytes() == body


def test_sign_without_a_key_gives_a_hint(cli: Cli, tmp_path: Path) -> None:
    doc = tmp_path / "doc.toml"
    body = findings_body(ALICE, "SHA256:" + "A" * 43)
    doc.write_bytes(body)
    run = cli(["sign", str(doc)])
    assert run.exit_code == 2
    assert run.stderr == (
        "minecheck: error: no signing key is set up yet\n"
        "  hint: create one with (or pass --key PATH):\n"
        "    minecheck keys generate --principal you@unit.example\n"
    )
    assert doc.read_bytes() == body


# -- the installed console script --------------------------------------------------------------


def test_the_console_script_and_python_m(
    cli: Cli, alice: Person, tmp_path: Path, isolated_home: Path
) -> None:
    doc = tmp_path / "doc.toml"
    sign_file(cli, doc, findings_body(ALICE, alice.fingerprint))
    unsigned = tmp_path / "unsigned.toml"
    unsigned.write_bytes(findings_body(ALICE, alice.fingerprint))
    env = {k: v for k, v in os.environ.items() if not k.startswith("MINECHECK_")}
    env["MINECHECK_HOME"] = str(isolated_home)
    script = Path(sys.executable).parent / "minecheck"
    assert script.is_file(), "the console script is not installed next to the interpreter"

    for argv in ([sys.executable, "-m", "minecheck"], [str(script)]):
        result = subprocess.run(
            [*argv, "verify", str(doc)],
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )
        assert (result.returncode, result.stdout, result.stderr) == (
            0,
            line(doc, "trusted", TRUSTED_DETAIL, ALICE, alice.fingerprint),
            "1 document: 1 trusted\n",
        )
        result = subprocess.run(
            [*argv, "verify", str(unsigned), str(tmp_path / "missing.toml")],
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )
        assert result.returncode == 2
        assert result.stdout == ""
        assert result.stderr == (f"minecheck: error: {tmp_path / 'missing.toml'}: no such file\n")
        result = subprocess.run(
            [*argv, "verify", str(unsigned)],
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )
        assert result.returncode == 1
        assert result.stdout == line(unsigned, "unsigned", "the document is not signed", ALICE)
        assert result.stderr == "1 document: 1 unsigned\n"


def test_sign_refuses_a_merged_document(cli: Cli, alice: Person, tmp_path: Path) -> None:
    doc = tmp_path / "merged.toml"
    body = replace_once(
        findings_body(ALICE, alice.fingerprint),
        b'format = "minecheck.findings/1"',
        b'format = "minecheck.merged/1"',
    )
    doc.write_bytes(body)
    run = cli(["sign", str(doc)])
    assert run.exit_code == 2
    assert "minecheck merge" in run.stderr
    assert doc.read_bytes() == body


def test_the_hint_to_trust_a_key_is_given_once_per_signer(
    cli: Cli, alice: Person, tmp_path: Path
) -> None:
    """Fifty files by one signer not trusted: fifty status lines, one hint."""
    for n in range(3):
        sign_file(
            cli,
            tmp_path / f"d{n}.toml",
            findings_body(
                ALICE, alice.fingerprint, document_id=f"6f1c2a4e-8b3d-4f7a-9c2e-1d5b7a9e3f0{n}"
            ),
        )
    empty = tmp_path / "allowed_signers"
    empty.write_text("")
    run = cli(["verify", str(tmp_path), "--allowed-signers", str(empty)])
    assert run.exit_code == 1
    assert run.stdout.count(": untrusted-key: ") == 3
    assert run.stderr.count("to trust the key") == 1
    assert (
        f"  read {empty}; to trust the key (or --from LINES):\n"
        f"    minecheck trust add --principal {ALICE} --key KEY.pub --allowed-signers {empty}\n"
    ) in run.stderr


def test_a_mistyped_key_or_passphrase_file_is_said_whatever_the_key(
    cli: Cli, alice: Person, tmp_path: Path
) -> None:
    """--key naming no file said "no principal to sign as", with a hint to import the file
    that is not there; a --passphrase-file that is missing or that others may read was taken
    without a word while the key had no passphrase (the script broke the day it got one)."""
    body = findings_body(ALICE, alice.fingerprint)
    doc = tmp_path / "doc.toml"
    doc.write_bytes(body)
    run = cli(["sign", str(doc), "--key", str(tmp_path / "no-such-key")])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == f"minecheck: error: key file {tmp_path / 'no-such-key'} does not exist\n"
    run = cli(["sign", str(doc), "--passphrase-file", str(tmp_path / "no-such-file")])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.startswith(f"minecheck: error: passphrase file {tmp_path / 'no-such-file'}")
    shared = tmp_path / "shared"
    shared.write_text("secret\n")
    shared.chmod(0o644)
    run = cli(["sign", str(doc), "--passphrase-file", str(shared)])
    assert (run.exit_code, run.stdout) == (2, "")
    assert "is readable by group or others" in run.stderr
    assert doc.read_bytes() == body  # nothing signed


def test_sign_refuses_a_body_every_reader_would_refuse_unread(
    cli: Cli, alice: Person, tmp_path: Path
) -> None:
    """A hand-written body whose strings are packed with `{` (6,000 of them in a description)
    was signed, then refused unread by every reader as an implausible document. `sign` now says
    so first, and how to write it, and signs nothing."""
    doc = tmp_path / "doc.toml"
    body = findings_body(ALICE, alice.fingerprint, description="PLACEHOLDER")
    dense = body.replace(b'"PLACEHOLDER"', b'"' + b"{" * 6000 + b'"')
    doc.write_bytes(dense)
    run = cli(["sign", str(doc)])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == (
        f"{doc}: implausible document: 6036 values in {len(dense)} bytes (more than one in 8"
        " bytes); refused unread\n"
        f"minecheck: error: {doc} is not a valid minecheck document\n"
        "  hint: inside strings, write = , [ { as \\u003D \\u002C \\u005B \\u007B\n"
    )
    assert doc.read_bytes() == dense
    escaped = body.replace(b'"PLACEHOLDER"', b'"' + b"\\u007B" * 6000 + b'"')
    signed = sign_file(cli, doc, escaped)
    assert status_of(cli, doc) == "trusted"
    assert signed.startswith(escaped)


@pytest.fixture
def echoing_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Standard input is a terminal whose echo cannot be turned off, and there is no /dev/tty:
    getpass would warn with its own file path and read the passphrase shown as typed."""
    real_open = os.open

    def no_tty(path: Any, *args: Any, **kwargs: Any) -> int:
        if path == "/dev/tty":
            raise OSError(6, "No such device or address")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", no_tty)
    monkeypatch.setattr("minecheck.cli._signing.stdin_is_tty", lambda: True)
    monkeypatch.setattr("minecheck.cli.keys.stdin_is_tty", lambda: True)


NOT_ASKED_WHERE_SHOWN = {
    "en": (
        "minecheck: error: this terminal cannot hide a passphrase as it is typed:"
        " it is not asked\n  hint: use --passphrase-file / MINECHECK_PASSPHRASE_FILE\n"
    ),
    "zh": (
        "minecheck: error: 此终端无法在输入时隐藏口令：不在此询问口令\n"
        "  hint: 请使用 --passphrase-file / MINECHECK_PASSPHRASE_FILE\n"
    ),
}


@pytest.mark.usefixtures("echoing_terminal")
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_passphrase_is_not_asked_where_it_would_be_shown(
    cli: Cli, isolated_home: Path, tmp_path: Path, lang: str
) -> None:
    """The passphrase was read shown as typed, after Python's own warning naming its file."""
    said = NOT_ASKED_WHERE_SHOWN[lang]
    run = cli(["keys", "generate", "--principal", ALICE, "--lang", lang], input="pw\npw\n")
    assert (run.exit_code, run.stdout, run.stderr) == (2, "", said)
    assert not (isolated_home / "keys").exists() or not any((isolated_home / "keys").iterdir())

    key = tmp_path / "locked_ed25519"
    public = generate(key, ALICE, b"pass-phrase")
    doc = tmp_path / "doc.toml"
    body = findings_body(ALICE, public.fingerprint())
    doc.write_bytes(body)
    run = cli(["sign", str(doc), "--key", str(key), "--lang", lang], input="pass-phrase\n")
    assert (run.exit_code, run.stdout, run.stderr) == (2, "", said)
    assert doc.read_bytes() == body


# `/dev/tty` made the null device in a mount namespace of the run's own: it opens, but it is no
# terminal, so getpass cannot turn the echo off and falls back to standard input, as typed
NO_TTY_HERE = 'mount --bind /dev/null /dev/tty && exec "$0" "$@"'


@functools.cache
def can_unshare() -> bool:
    """A run can be given a mount namespace of its own here (`unshare`: as root, or in a user
    namespace)."""
    unshare = shutil.which("unshare")
    if unshare is None:
        return False
    probe = [unshare, "--mount", "--map-root-user", "sh", "-c", NO_TTY_HERE, "true"]
    try:
        return subprocess.run(probe, capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


@pytest.mark.skipif(not can_unshare(), reason="needs unshare to give a run a /dev/tty of its own")
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_installed_command_reads_no_passphrase_its_terminal_would_show(
    tmp_path: Path, locked: tuple[Path, Path, bytes], lang: str
) -> None:
    """The console script at a terminal whose echo it cannot turn off (standard input a
    terminal, /dev/tty not one), outside the test suite's own warning settings: the passphrase
    already typed is left unread, exit 2 with the advice, nothing signed. Had getpass's warning
    stayed a warning, it would have been printed (its own file path, in English), the passphrase
    read as the terminal showed it, and the document signed."""
    key, doc, body = locked
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MINECHECK_", "PYTHONWARN"))}
    env.update(MINECHECK_HOME=str(tmp_path / "home"), NO_COLOR="1")
    script = Path(sys.executable).parent / "minecheck"
    argv = [str(script), "sign", str(doc), "--key", str(key), "--lang", lang]
    terminal, typing_end = os.openpty()
    try:
        os.write(terminal, b"pass-phrase\n")
        run = subprocess.run(
            ["unshare", "--mount", "--map-root-user", "sh", "-c", NO_TTY_HERE, *argv],
            stdin=typing_end,
            capture_output=True,
            env=env,
            timeout=60,
        )
        os.set_blocking(typing_end, False)
        try:
            unread = os.read(typing_end, 100)
        except BlockingIOError:
            unread = b""  # (the run read it)
    finally:
        os.close(terminal)
        os.close(typing_end)
    assert (run.returncode, run.stdout, run.stderr.decode()) == (
        2,
        b"",
        NOT_ASKED_WHERE_SHOWN[lang],
    )
    assert unread == b"pass-phrase\n"
    assert doc.read_bytes() == body


# -- the passphrase asked at a terminal (cli/_signing.py's prompt loop) -------------------------


@pytest.fixture
def typed(monkeypatch: pytest.MonkeyPatch) -> list[str | OSError | None]:
    """Standard input is a terminal; each passphrase prompt takes the next line of the list
    returned (None: bytes that are no text, as Backspace over part of a Chinese character
    leaves them; an OSError: the terminal failing), and the prompts are counted by what is
    left."""
    import getpass

    lines: list[str | OSError | None] = []

    def answer(prompt: str = "") -> str:
        got = lines.pop(0)
        if got is None:
            raise UnicodeDecodeError("utf-8", b"\xe5\xb1", 0, 2, "unexpected end of data")
        if isinstance(got, OSError):
            raise got
        return got

    monkeypatch.setattr(getpass, "getpass", answer)
    monkeypatch.setattr("minecheck.cli._signing.stdin_is_tty", lambda: True)
    return lines


@pytest.fixture
def locked(tmp_path: Path) -> tuple[Path, Path, bytes]:
    """A key with the passphrase `pass-phrase`, and a document for it: (key, doc, body)."""
    key = tmp_path / "locked_ed25519"
    public = generate(key, ALICE, b"pass-phrase")
    doc = tmp_path / "doc.toml"
    body = findings_body(ALICE, public.fingerprint())
    doc.write_bytes(body)
    return key, doc, body


WRONG_AGAIN = "Wrong passphrase, try again.\n"
UNREADABLE = (
    "\nthe passphrase as typed cannot be read (Backspace over a Chinese character can erase only"
    " part of it): type it again without correcting it, or use --passphrase-file\n"
)


@pytest.mark.usefixtures("isolated_home")
def test_a_wrong_passphrase_typed_is_asked_again_and_said_on_stderr(
    cli: Cli, typed: list[str | OSError | None], locked: tuple[Path, Path, bytes]
) -> None:
    """`Wrong passphrase, try again.` goes to stderr (stdout carries the path signed, for a
    script), and the right passphrase typed next signs."""
    key, doc, body = locked
    typed[:] = ["wrong", "pass-phrase"]
    run = cli(["sign", str(doc), "--key", str(key)])
    assert (run.exit_code, run.stdout, run.stderr) == (0, f"{doc}\n", WRONG_AGAIN)
    assert typed == []
    assert doc.read_bytes().startswith(body)
    assert doc.read_bytes() != body


THIRD_WRONG = {
    "en": (
        "Wrong passphrase, try again.\n",
        "minecheck: error: wrong passphrase for {key}\n"
        "  hint: type the passphrase again with care (Caps Lock, the input method), or sign with"
        " another key: --key PATH (minecheck keys list shows yours)\n",
    ),
    "zh": (
        "口令错误，请重试。\n",
        "minecheck: error: {key} 的口令错误\n"
        "  hint: 请再仔细输入一次口令（注意大写锁定键和输入法），或用另一个密钥签名：--key PATH"
        "（minecheck keys list 会列出您的密钥）\n",
    ),
}


@pytest.mark.usefixtures("isolated_home")
@pytest.mark.parametrize("lang", sorted(THIRD_WRONG))
def test_three_wrong_passphrases_typed_are_the_last_asked(
    cli: Cli, typed: list[str | OSError | None], locked: tuple[Path, Path, bytes], lang: str
) -> None:
    """Three tries, no fourth: after the third wrong passphrase the command stops, exit 2,
    naming the key, and the document is as it was. The hint says first what is likelier, a
    passphrase mistyped (it said only to sign with another key)."""
    key, doc, body = locked
    typed[:] = ["wrong 1", "wrong 2", "wrong 3", "pass-phrase"]
    run = cli(["sign", str(doc), "--key", str(key), "--lang", lang])
    assert (run.exit_code, run.stdout) == (2, "")
    again, said = THIRD_WRONG[lang]
    assert run.stderr == 2 * again + said.format(key=key)
    assert typed == ["pass-phrase"]  # (never asked a fourth time)
    assert doc.read_bytes() == body


@pytest.mark.usefixtures("isolated_home")
def test_a_passphrase_typed_that_cannot_be_read_is_asked_again(
    cli: Cli, typed: list[str | OSError | None], locked: tuple[Path, Path, bytes]
) -> None:
    """Bytes that are no text at the prompt: the line the unechoed Enter ended and what to do
    go to stderr, and the passphrase is asked again (not a traceback, not an error at once)."""
    key, doc, body = locked
    typed[:] = [None, None, "pass-phrase"]
    run = cli(["sign", str(doc), "--key", str(key)])
    assert (run.exit_code, run.stdout, run.stderr) == (0, f"{doc}\n", 2 * UNREADABLE)
    assert typed == []
    assert doc.read_bytes().startswith(body)
    assert doc.read_bytes() != body


@pytest.mark.usefixtures("isolated_home")
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_passphrase_unreadable_three_times_signs_nothing(
    cli: Cli, typed: list[str | OSError | None], locked: tuple[Path, Path, bytes], lang: str
) -> None:
    """The third unreadable passphrase ends the command, exit 2, naming the key and the way
    round the terminal (a passphrase file), in the inspector's language."""
    key, doc, body = locked
    typed[:] = [None, None, None, "pass-phrase"]
    run = cli(["sign", str(doc), "--key", str(key), "--lang", lang])
    assert (run.exit_code, run.stdout) == (2, "")
    unreadable, error = {
        "en": (UNREADABLE, f"the passphrase for {key} could not be read three times"),
        "zh": (
            "\n无法读取输入的口令（退格键可能只删除了汉字的一部分）：请重新输入，中途不要修改；"
            "或使用 --passphrase-file\n",
            f"{key} 的口令三次都无法读取",
        ),
    }[lang]
    assert run.stderr == (
        f"{2 * unreadable}\nminecheck: error: {error}\n  hint: --passphrase-file FILE\n"
    )
    assert typed == ["pass-phrase"]
    assert doc.read_bytes() == body


@pytest.mark.usefixtures("isolated_home")
@pytest.mark.parametrize("error", [errno.EIO, errno.ENXIO], ids=["EIO", "ENXIO"])
def test_a_terminal_gone_at_the_passphrase_prompt_is_an_interruption(
    cli: Cli, typed: list[str | OSError | None], locked: tuple[Path, Path, bytes], error: int
) -> None:
    """The SSH session dropped while the passphrase was asked (the read fails before the
    hangup signal comes): the run ends as an interruption, exit 130, as at every other
    question; not "Input/output error" as bad input, and nothing is signed."""
    typed[:] = [OSError(error, os.strerror(error))]
    _signing_is_interrupted(cli, locked)


@pytest.mark.usefixtures("isolated_home")
def test_another_failure_of_the_terminal_is_not_taken_for_an_interruption(
    cli: Cli, typed: list[str | OSError | None], locked: tuple[Path, Path, bytes]
) -> None:
    """A passphrase prompt failing otherwise (here EBADF) is an error, exit 2, not said to be
    an interruption, and the hangup signal is left as it was."""
    key, doc, body = locked
    typed[:] = [OSError(errno.EBADF, os.strerror(errno.EBADF))]
    hangup = signal.getsignal(signal.SIGHUP)
    try:
        run = cli(["sign", str(doc), "--key", str(key)])
    finally:
        signal.signal(signal.SIGHUP, hangup)
    said = f"minecheck: error: {os.strerror(errno.EBADF)}\n"
    assert (run.exit_code, run.stdout, run.stderr) == (2, "", said)
    assert signal.getsignal(signal.SIGHUP) == hangup
    assert doc.read_bytes() == body


# -- ssh-agent (cli/_signing.py's _agent_signer) ------------------------------------------------


@needs_agent
def test_a_locked_key_held_by_ssh_agent_signs_with_no_passphrase_asked(
    cli: Cli, isolated_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A key whose file has a passphrase, loaded into ssh-agent: a script with no terminal and
    no passphrase signs through the agent (not "no terminal to ask for it"), with that key."""
    key, doc, body = _unlocked_then_locked(tmp_path)
    with running_agent(tmp_path) as sock:
        ssh_add(sock, key.with_name("unlocked"))
        monkeypatch.setenv("SSH_AUTH_SOCK", str(sock))
        run = cli(["sign", str(doc), "--key", str(key)])
    assert (run.exit_code, run.stdout, run.stderr) == (0, f"{doc}\n", "")
    assert doc.read_bytes().startswith(body)
    assert doc.read_bytes() != body
    assert trust_line_verifies(cli, tmp_path, key, doc)


@needs_agent
def test_an_agent_without_the_key_leaves_the_key_file_to_sign(
    cli: Cli, isolated_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ssh-agent runs but holds another key: the key named signs from its file (no request
    the agent would refuse, no other key used)."""
    other = new_key(tmp_path, "bob@mine.example")
    mine = new_key(tmp_path, ALICE)
    doc = tmp_path / "doc.toml"
    body = findings_body(ALICE, mine.fingerprint)
    doc.write_bytes(body)
    with running_agent(tmp_path) as sock:
        ssh_add(sock, other.key)
        monkeypatch.setenv("SSH_AUTH_SOCK", str(sock))
        run = cli(["sign", str(doc), "--key", str(mine.key), "--signer", ALICE])
    assert (run.exit_code, run.stdout, run.stderr) == (0, f"{doc}\n", "")
    assert trust_line_verifies(cli, tmp_path, mine.key, doc)


def _unlocked_then_locked(tmp_path: Path) -> tuple[Path, Path, bytes]:
    """Alice's key: an unencrypted copy `unlocked` (for ssh-add), and the same key with the
    passphrase `pass-phrase` at `locked_ed25519`; a document for it. (key, doc, body)"""
    assert SSH_KEYGEN is not None
    unlocked = tmp_path / "unlocked"
    public = generate(unlocked, ALICE, None)
    key = tmp_path / "locked_ed25519"
    shutil.copyfile(unlocked, key)
    key.chmod(0o600)
    shutil.copyfile(unlocked.with_name("unlocked.pub"), key.with_name(key.name + ".pub"))
    subprocess.run(
        [SSH_KEYGEN, "-q", "-p", "-P", "", "-N", "pass-phrase", "-f", str(key)],
        check=True,
        capture_output=True,
        timeout=60,
    )
    doc = tmp_path / "doc.toml"
    body = findings_body(ALICE, public.fingerprint())
    doc.write_bytes(body)
    return key, doc, body


def trust_line_verifies(cli: Cli, tmp_path: Path, key: Path, doc: Path) -> bool:
    """The document verifies as trusted against an allowed_signers file trusting only `key`."""
    allowed = tmp_path / "allowed_only_this_key"
    allowed.write_text(f"{ALICE} " + key.with_name(key.name + ".pub").read_text())
    return status_of(cli, doc, "--allowed-signers", str(allowed)) == "trusted"


# -- round 60: the passphrase file swapped or left open, a stop or a hangup at the prompt, a
# locale that cannot hold the passphrase typed, a copy of one key among others, a cipher not read


@pytest.mark.usefixtures("isolated_home")
def test_a_passphrase_file_swapped_for_one_others_may_read_is_refused(
    cli: Cli, locked: tuple[Path, Path, bytes], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The name is looked at (mode 0600), then another file others may read is put in its
    place before it is opened: what was opened is refused with the chmod to run, and nothing
    is signed with the passphrase it holds."""
    import minecheck.fileio

    key, doc, body = locked
    secret = tmp_path / "pp"
    secret.write_text("pass-phrase\n")
    secret.chmod(0o600)
    shared = tmp_path / "shared"
    shared.write_text("pass-phrase\n")
    shared.chmod(0o644)
    real_open_named = minecheck.fileio.open_named

    def swapped_first(path: Any, **kwargs: Any) -> tuple[int, os.stat_result]:
        if Path(path) == secret and shared.exists():
            os.replace(shared, secret)
        return real_open_named(path, **kwargs)

    monkeypatch.setattr(minecheck.fileio, "open_named", swapped_first)
    run = cli(["sign", str(doc), "--key", str(key), "--passphrase-file", str(secret)])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == (
        f"minecheck: error: passphrase file {secret} is readable by group or others\n"
        "  hint: let only its owner read it:\n"
        f"    chmod 600 {secret}\n"
    )
    assert not shared.exists()  # (the swap was made)
    assert doc.read_bytes() == body


@pytest.mark.usefixtures("isolated_home")
def test_a_stop_already_raised_asks_no_passphrase(
    cli: Cli,
    typed: list[str | OSError | None],
    locked: tuple[Path, Path, bytes],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A stop (SIGTERM, SIGHUP) whose interruption was lost before the passphrase prompt: the
    run ends as interrupted, exit 130, the passphrase not asked and nothing signed (not a
    question asked, and the document signed, after the stop)."""
    from minecheck import portable

    key, doc, body = locked
    typed[:] = ["pass-phrase"]
    monkeypatch.setattr(portable, "_stop_raised", [True])
    run = cli(["sign", str(doc), "--key", str(key)])
    assert (run.exit_code, run.stdout, run.stderr) == (
        130,
        "",
        "minecheck: error: interrupted; nothing was written\n",
    )
    assert typed == ["pass-phrase"]
    assert doc.read_bytes() == body


@pytest.mark.usefixtures("isolated_home", "echoing_terminal")
def test_a_terminal_hung_up_where_the_echo_cannot_be_hidden_is_an_interruption(
    cli: Cli, locked: tuple[Path, Path, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The echo cannot be turned off because the terminal has hung up (the SSH session
    dropped): the run ends as an interruption, exit 130, as at every other question, not
    "this terminal cannot hide a passphrase" with a hint to a user who is gone."""
    monkeypatch.setattr("minecheck.portable.terminal_hung_up", lambda: True)
    _signing_is_interrupted(cli, locked, typed="pass-phrase\n")


def _signing_is_interrupted(
    cli: Cli, locked: tuple[Path, Path, bytes], typed: str | None = None
) -> None:
    """`sign` with the locked key ends as an interruption (130), nothing written, the document
    as it was; the SIGHUP handler the run set is put back."""
    key, doc, body = locked
    hangup = signal.getsignal(signal.SIGHUP)
    try:
        run = cli(["sign", str(doc), "--key", str(key)], input=typed)
    finally:
        signal.signal(signal.SIGHUP, hangup)
    assert (run.exit_code, run.stdout, run.stderr) == (
        130,
        "",
        "minecheck: error: interrupted; nothing was written\n",
    )
    assert doc.read_bytes() == body


@pytest.mark.usefixtures("isolated_home")
@pytest.mark.parametrize("encoding", ["ascii", "no-such-encoding"])
def test_a_passphrase_typed_that_the_locale_cannot_encode_opens_a_key_made_in_utf8(
    cli: Cli,
    typed: list[str | OSError | None],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    encoding: str,
) -> None:
    """A Chinese passphrase typed where the locale's encoding cannot hold it (or is unknown):
    its UTF-8 text is tried alone and opens the key made with it (not a traceback)."""
    import locale

    key = tmp_path / "key_ed25519"
    public = generate(key, ALICE, "山脊上薄雾".encode())
    doc = tmp_path / "doc.toml"
    body = findings_body(ALICE, public.fingerprint())
    doc.write_bytes(body)
    monkeypatch.setattr(locale, "getpreferredencoding", lambda do_setlocale=True: encoding)
    typed[:] = ["山脊上薄雾"]
    run = cli(["sign", str(doc), "--key", str(key)])
    assert (run.exit_code, run.stdout, run.stderr) == (0, f"{doc}\n", "")
    assert typed == []
    assert doc.read_bytes().startswith(body)
    assert doc.read_bytes() != body


def test_a_copy_of_a_key_signs_as_its_principal_among_others_recorded(
    cli: Cli, tmp_path: Path
) -> None:
    """Two keys recorded, Alice's and Bob's: a copy of Alice's key without its .pub signs as
    Alice (Bob's entry, another key, does not make the principal unknown)."""
    made: dict[str, dict[str, Any]] = {}
    for who in (ALICE, BOB):
        run = cli(["keys", "generate", "--principal", who, "--json"])
        assert run.exit_code == 0, run.stderr
        made[who] = run.json()["data"]
    copy = tmp_path / "stick" / "alice-key"
    copy.parent.mkdir()
    copy.write_bytes(Path(made[ALICE]["path"]).read_bytes())
    copy.chmod(0o600)
    doc = tmp_path / "doc.toml"
    body = findings_body(ALICE, made[ALICE]["fingerprint"])
    doc.write_bytes(body)
    run = cli(["sign", str(doc), "--key", str(copy)])
    assert (run.exit_code, run.stdout, run.stderr) == (0, f"{doc}\n", "")
    assert doc.read_bytes().startswith(body)


@pytest.mark.usefixtures("isolated_home")
def test_a_key_in_a_cipher_not_read_says_how_to_re_encrypt_it_with_a_passphrase_file(
    cli: Cli, tmp_path: Path
) -> None:
    """A key ssh-keygen encrypted with chacha20-poly1305, its passphrase in a file: the error
    names the cipher and keeps its hint (re-encrypt it), not "the passphrase was read from",
    which would send the user to a passphrase that is right."""
    from minecheck.core.keys import load_public

    if SSH_KEYGEN is None:
        pytest.skip("ssh-keygen is not installed")
    key = tmp_path / "id_ed25519"
    cipher = "chacha20-poly1305@openssh.com"
    made = subprocess.run(
        [SSH_KEYGEN, "-q", "-t", "ed25519", "-C", ALICE, "-N", "pw", "-Z", cipher,
         "-f", str(key)],
        capture_output=True,
        check=False,
        timeout=60,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    secret = tmp_path / "pp"
    secret.write_text("pw\n")
    secret.chmod(0o600)
    doc = tmp_path / "doc.toml"
    public, _ = load_public(key.with_name(key.name + ".pub"))
    doc.write_bytes(findings_body(ALICE, public.fingerprint()))
    body = doc.read_bytes()
    run = cli(["sign", str(doc), "--key", str(key), "--passphrase-file", str(secret)])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == (
        f"minecheck: error: {key} is encrypted with {cipher}, which minecheck cannot read\n"
        f"  hint: re-encrypt it:\n    ssh-keygen -p -Z aes256-ctr -f {key}\n"
    )
    assert doc.read_bytes() == body


@pytest.mark.usefixtures("isolated_home")
@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="counts open files in /proc")
def test_a_passphrase_file_is_closed_once_read(
    cli: Cli, locked: tuple[Path, Path, bytes], tmp_path: Path
) -> None:
    """The passphrase file is not held open for the rest of the run once its line is read."""
    key, doc, _ = locked
    secret = tmp_path / "pp"
    secret.write_text("pass-phrase\n")
    secret.chmod(0o600)

    def open_on_secret() -> int:
        fds = Path("/proc/self/fd")
        return sum(1 for fd in fds.iterdir() if os.path.realpath(fd) == os.path.realpath(secret))

    run = cli(["sign", str(doc), "--key", str(key), "--passphrase-file", str(secret)])
    assert (run.exit_code, run.stdout, run.stderr) == (0, f"{doc}\n", "")
    assert open_on_secret() == 0


@pytest.mark.usefixtures("isolated_home")
def test_the_passphrase_is_asked_once_however_often_the_signer_is_needed(
    typed: list[str | OSError | None], locked: tuple[Path, Path, bytes]
) -> None:
    """A command that signs more than once (a follow-up's steps, a walk signing at its end
    after checking the key at its start) asks the passphrase once: the key opened first is
    the one used after."""
    from minecheck.cli._signing import SignOptions

    key, _, _ = locked
    typed[:] = ["pass-phrase", "pass-phrase"]
    options = SignOptions(key, None, None)
    first = options.identity()
    assert (first.principal, first.key_path) == (ALICE, key)
    assert options.identity() is first
    assert typed == ["pass-phrase"]
