"""End to end: `minecheck keys ...` and `minecheck trust ...`, and the signer they give `sign`."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol

import pytest

from tests.conftest import Run
from tests.helpers_docs import findings_body, split_trailer

SSH_KEYGEN = shutil.which("ssh-keygen")
needs_ssh_keygen = pytest.mark.skipif(SSH_KEYGEN is None, reason="ssh-keygen is not installed")

ALICE = "alice@mine.example"
BOB = "bob@mine.example"
NAMESPACES = 'namespaces="minecheck-findings-v1,minecheck-merged-v1"'
PASSPHRASE = "correct horse battery staple"
CREATED_SSH = "20261129081500Z"  # the documents' `created`, as ssh-keygen's verify-time
NO_TTY_HINT = "add the key to ssh-agent, or use --passphrase-file / MINECHECK_PASSPHRASE_FILE"


class Cli(Protocol):
    def __call__(self, args: Sequence[str], input: str | bytes | None = None) -> Run: ...


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def keygen(*args: str) -> subprocess.CompletedProcess[str]:
    if SSH_KEYGEN is None:
        pytest.skip("ssh-keygen is not installed")
    env = {k: v for k, v in os.environ.items() if k != "SSH_AUTH_SOCK"}
    return subprocess.run(
        [SSH_KEYGEN, *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def ssh_keygen_key(path: Path, comment: str, *, key_type: str = "ed25519") -> Path:
    """A key made by ssh-keygen itself, without a passphrase."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    bits = ["-b", "2048"] if key_type == "rsa" else []
    made = keygen("-q", "-t", key_type, *bits, "-N", "", "-C", comment, "-f", str(path))
    assert made.returncode == 0, made.stderr
    return path


def generate(cli: Cli, principal: str, *args: str) -> dict[str, Any]:
    run = cli(["keys", "generate", "--principal", principal, "--json", *args])
    assert (run.exit_code, run.stderr) == (0, ""), run.stdout
    data: dict[str, Any] = run.json()["data"]
    return data


def private_file(path: Path, text: str) -> Path:
    path.write_text(text)
    path.chmod(0o600)
    return path


def document(tmp_path: Path, principal: str, fingerprint: str, name: str = "doc.toml") -> Path:
    doc = tmp_path / name
    doc.write_bytes(findings_body(principal, fingerprint))
    return doc


def sign_json(cli: Cli, doc: Path, *args: str) -> dict[str, Any]:
    run = cli(["sign", "--json", str(doc), *args])
    assert run.stderr == ""
    envelope: dict[str, Any] = run.json()
    assert envelope["exit_code"] == run.exit_code
    return envelope


def status_of(cli: Cli, doc: Path, *args: str) -> str:
    run = cli(["verify", "--json", str(doc), *args])
    [entry] = run.json()["data"]["files"]
    status: str = entry["status"]
    return status


@pytest.fixture
def umask() -> Iterator[None]:
    """A permissive umask, so that the modes checked are the ones minecheck sets itself."""
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


# -- keys generate -----------------------------------------------------------------------------


@pytest.mark.usefixtures("umask")
def test_generate_creates_a_private_key_in_a_private_directory(
    cli: Cli, isolated_home: Path
) -> None:
    run = cli(["keys", "generate", "--principal", ALICE])
    assert run.exit_code == 0
    key = isolated_home / "keys" / ALICE
    pub = isolated_home / "keys" / f"{ALICE}.pub"
    assert mode(key) == 0o600
    assert mode(key.parent) == 0o700
    assert mode(pub) == 0o644
    assert mode(key.parent / "keys.toml") == 0o600  # the key list says where keys are: private
    public_line = pub.read_text()
    assert public_line.startswith("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA")
    assert public_line.endswith(f" {ALICE}\n")
    assert run.stdout == f"{ALICE} {NAMESPACES} {public_line.rsplit(' ', 1)[0]}\n"
    fingerprint = run.stderr.split("(", 1)[1].split(")", 1)[0]
    assert run.stderr.endswith(
        f"created {key} ({fingerprint})\n"
        "give this line to whoever keeps the allowed_signers file:\n"
    )
    assert "the key is not encrypted" in run.stderr
    shown = cli(["keys", "show", "--json"]).json()["data"]
    assert (shown["fingerprint"], shown["principal"], shown["default"]) == (
        fingerprint,
        ALICE,
        True,
    )

    if SSH_KEYGEN is not None:
        listed = keygen("-lf", str(pub))
        assert listed.returncode == 0, listed.stderr
        assert listed.stdout == f"256 {fingerprint} {ALICE} (ED25519)\n"
        derived = keygen("-y", "-f", str(key))
        assert derived.returncode == 0, derived.stderr
        assert derived.stdout.split()[:2] == public_line.split()[:2]


def test_generate_never_overwrites(cli: Cli, isolated_home: Path) -> None:
    generate(cli, ALICE)
    key = isolated_home / "keys" / ALICE
    pub = isolated_home / "keys" / f"{ALICE}.pub"
    registry = isolated_home / "keys" / "keys.toml"
    before = (key.read_bytes(), pub.read_bytes(), registry.read_bytes())

    run = cli(["keys", "generate", "--principal", ALICE])
    assert run.exit_code == 2
    assert run.stdout == ""
    assert run.stderr.endswith(
        f"minecheck: error: {key} already exists\n"
        "  hint: minecheck never overwrites a key: choose another path, or move the old key away\n"
    )
    assert (key.read_bytes(), pub.read_bytes(), registry.read_bytes()) == before

    # even when only the public half is left over
    key.unlink()
    assert cli(["keys", "generate", "--principal", ALICE]).exit_code == 2
    assert not key.exists()
    assert pub.read_bytes() == before[1]


def test_a_key_made_but_never_recorded_is_offered_to_keys_import(
    cli: Cli, isolated_home: Path
) -> None:
    """A `keys generate` stopped between writing the key and recording it (SIGKILL, a power cut)
    left a key no list knows; the next generate said only "move the old key away"."""
    generate(cli, ALICE)
    key = isolated_home / "keys" / ALICE
    registry = isolated_home / "keys" / "keys.toml"
    registry.unlink()  # as if the run had stopped before the key list was written
    before = (key.read_bytes(), (isolated_home / "keys" / f"{ALICE}.pub").read_bytes())

    run = cli(["keys", "generate", "--principal", ALICE])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.endswith(
        f"minecheck: error: {key} already exists\n"
        "  hint: it is not in minecheck's key list (a `keys generate` stopped before recording "
        f"it?): record it with:\n    minecheck keys import {key} --principal {ALICE}\n"
    )
    assert (key.read_bytes(), (isolated_home / "keys" / f"{ALICE}.pub").read_bytes()) == before

    zh = cli(["keys", "generate", "--principal", ALICE, "--lang", "zh"])
    assert zh.exit_code == 2
    assert zh.stderr.endswith(f"minecheck keys import {key} --principal {ALICE}\n"), zh.stderr
    assert "不在 minecheck 的密钥列表中" in zh.stderr

    followed = cli(["keys", "import", str(key), "--principal", ALICE])
    assert followed.exit_code == 0, followed.stderr
    assert cli(["keys", "list", "--json"]).json()["data"]["keys"][0]["principal"] == ALICE


def test_trust_add_says_what_a_newcomer_got_wrong(cli: Cli, isolated_home: Path) -> None:
    """The line `keys generate` printed given as --key; a principal in capitals."""
    data = generate(cli, ALICE)
    line = isolated_home / "alice.line"
    line.write_text(data["allowed_signers"] + "\n")
    run = cli(["trust", "add", "--principal", ALICE, "--key", str(line)])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == (
        f"minecheck: error: {line} holds an allowed_signers line, not a public key file\n"
        "  hint: add its line with:\n"
        f"    minecheck trust add --from {line}\n"
    )
    # the other way round: the public key file given as --from, its comment the principal
    pub = data["public_key_path"]
    for comment, principal in ((ALICE, ALICE), ("laptop key", "PRINCIPAL")):
        bare = isolated_home / "bare.pub"
        bare.write_text(" ".join(Path(pub).read_text().split()[:2]) + f" {comment}\n")
        run = cli(["trust", "add", "--from", str(bare)])
        assert (run.exit_code, run.stdout) == (2, "")
        assert run.stderr == (
            f"minecheck: error: {bare} is a public key file, not allowed_signers lines\n"
            "  hint: give it as the key, with its principal:\n"
            f"    minecheck trust add --principal {principal} --key {bare}\n"
        )
    assert not (isolated_home / "allowed_signers").exists()
    run = cli(["trust", "add", "--principal", "Alice@Mine", "--key", data["public_key_path"]])
    assert run.stderr == (
        "minecheck: error: 'Alice@Mine' is not a valid principal\n"
        "  hint: a principal looks like name@unit.example: lowercase ASCII, at most 64 characters "
        "before the @ and 190 after (patterns may use *, ? and !)\n"
    )


def test_a_second_key_says_which_stays_the_default(cli: Cli, isolated_home: Path) -> None:
    """A newcomer's second key is not the default, and is told so (it then signed with the
    first, and read the first one's fingerprint over the phone)."""
    first = generate(cli, ALICE)
    run = cli(["keys", "generate", "--principal", BOB])
    assert run.exit_code == 0
    assert (
        f"the default signing key stays {ALICE} ({first['fingerprint']}); to make this one the "
        "default (or pass --key when signing):\n"
        f"  minecheck keys import {isolated_home / 'keys' / BOB} --default\n"
    ) in run.stderr
    run = cli(["keys", "generate", "--principal", "carol@mine.example", "--default"])
    assert "default signing key stays" not in run.stderr


def test_generate_json_envelope(cli: Cli, isolated_home: Path) -> None:
    run = cli(["keys", "generate", "--principal", ALICE, "--json"])
    assert (run.exit_code, run.stderr) == (0, "")
    envelope = run.json()
    key = isolated_home / "keys" / ALICE
    data = envelope["data"]
    assert envelope == {
        "minecheck": 1,
        "command": "keys generate",
        "ok": True,
        "exit_code": 0,
        "data": {
            "path": str(key),
            "public_key_path": f"{key}.pub",
            "principal": ALICE,
            "fingerprint": data["fingerprint"],
            "encrypted": False,
            "default": True,
            "allowed_signers": data["allowed_signers"],
        },
        "problems": [],
    }
    assert data["fingerprint"].startswith("SHA256:")
    assert data["allowed_signers"].startswith(f"{ALICE} {NAMESPACES} ssh-ed25519 ")

    again = cli(["keys", "generate", "--principal", ALICE, "--json"])
    assert (again.exit_code, again.stderr) == (2, "")
    failed = again.json()
    assert (failed["ok"], failed["exit_code"], failed["data"]) == (False, 2, {})
    assert [p["code"] for p in failed["problems"]] == ["file-exists"]

    # a second key does not take over as the default, unless asked
    assert generate(cli, BOB)["default"] is False
    assert generate(cli, "carol@mine.example", "--default")["default"] is True
    keys = cli(["keys", "list", "--json"]).json()["data"]["keys"]
    assert [(k["principal"], k["default"]) for k in keys] == [
        (ALICE, False),
        (BOB, False),
        ("carol@mine.example", True),
    ]


@pytest.mark.parametrize(
    "principal", ["Alice@mine.example", "alice", "al ice@x", "алиса@x.example"]
)
def test_generate_refuses_a_bad_principal(cli: Cli, isolated_home: Path, principal: str) -> None:
    run = cli(["keys", "generate", "--principal", principal])
    assert run.exit_code == 2
    assert "is not a valid principal" in run.stderr
    assert not (isolated_home / "keys").exists()


# -- passphrases -------------------------------------------------------------------------------


def test_an_encrypted_key(cli: Cli, tmp_path: Path) -> None:
    secret = private_file(tmp_path / "passphrase", PASSPHRASE + "\n")
    data = generate(cli, ALICE, "--passphrase-file", str(secret))
    key = Path(data["path"])
    assert data["encrypted"] is True
    assert mode(key) == 0o600
    assert (
        cli(["trust", "add", "--principal", ALICE, "--key", data["public_key_path"]]).exit_code == 0
    )
    doc = document(tmp_path, ALICE, data["fingerprint"])
    body = doc.read_bytes()

    run = cli(["sign", str(doc)])
    assert run.exit_code == 2
    assert run.stderr == (
        f"minecheck: error: {key} is protected by a passphrase and there is no terminal to ask "
        f"for it\n  hint: {NO_TTY_HINT}\n"
    )
    assert doc.read_bytes() == body

    wrong = private_file(tmp_path / "wrong", "not the passphrase\n")
    run = cli(["sign", str(doc), "--passphrase-file", str(wrong)])
    assert run.exit_code == 2
    assert run.stderr == (
        f"minecheck: error: wrong passphrase for {key}\n"
        f"  hint: the passphrase was read from --passphrase-file {wrong}\n"
    )
    run = cli(["sign", str(doc), "--passphrase-file", str(wrong), "--lang", "zh"])
    assert run.stderr == (
        f"minecheck: error: {key} 的口令错误\n  hint: 口令读自 --passphrase-file {wrong}\n"
    )
    assert doc.read_bytes() == body

    loose = tmp_path / "loose"
    loose.write_text(PASSPHRASE + "\n")
    loose.chmod(0o644)
    run = cli(["sign", str(doc), "--passphrase-file", str(loose)])
    assert run.exit_code == 2
    assert run.stderr == (
        f"minecheck: error: passphrase file {loose} is readable by group or others\n"
        "  hint: let only its owner read it:\n"
        f"    chmod 600 {loose}\n"
    )
    assert doc.read_bytes() == body

    run = cli(["sign", str(doc), "--passphrase-file", str(secret)])
    assert (run.exit_code, run.stdout, run.stderr) == (0, f"{doc}\n", "")
    assert status_of(cli, doc) == "trusted"

    if SSH_KEYGEN is not None:  # ssh-keygen reads the encrypted key with the same passphrase
        derived = keygen("-y", "-P", PASSPHRASE, "-f", str(key))
        assert derived.returncode == 0, derived.stderr
        assert keygen("-y", "-P", "nope", "-f", str(key)).returncode != 0


def test_passphrase_from_the_environment(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MINECHECK_PASSPHRASE", PASSPHRASE)
    data = generate(cli, ALICE)
    assert data["encrypted"] is True
    doc = document(tmp_path, ALICE, data["fingerprint"])
    assert cli(["sign", str(doc), "-o", str(tmp_path / "a.toml")]).exit_code == 0

    monkeypatch.setenv("MINECHECK_PASSPHRASE", "wrong")
    run = cli(["sign", str(doc), "-o", str(tmp_path / "b.toml")])
    assert run.exit_code == 2
    assert "wrong passphrase" in run.stderr
    assert not (tmp_path / "b.toml").exists()

    monkeypatch.delenv("MINECHECK_PASSPHRASE")
    secret = private_file(tmp_path / "secret", PASSPHRASE)
    monkeypatch.setenv("MINECHECK_PASSPHRASE_FILE", str(secret))
    assert cli(["sign", str(doc), "-o", str(tmp_path / "c.toml")]).exit_code == 0
    secret.chmod(0o640)
    run = cli(["sign", str(doc), "-o", str(tmp_path / "d.toml")])
    assert run.exit_code == 2
    assert f"hint: let only its owner read it:\n    chmod 600 {secret}\n" in run.stderr


def test_generate_refuses_a_loose_passphrase_file(
    cli: Cli, tmp_path: Path, isolated_home: Path
) -> None:
    loose = tmp_path / "loose"
    loose.write_text(PASSPHRASE)
    loose.chmod(0o644)
    run = cli(["keys", "generate", "--principal", ALICE, "--passphrase-file", str(loose)])
    assert run.exit_code == 2
    assert "is readable by group or others" in run.stderr
    assert not (isolated_home / "keys" / ALICE).exists()


def test_a_passphrase_file_that_cannot_be_read(cli: Cli, tmp_path: Path) -> None:
    secret = private_file(tmp_path / "passphrase", PASSPHRASE)
    data = generate(cli, ALICE, "--passphrase-file", str(secret))
    doc = document(tmp_path, ALICE, data["fingerprint"])
    body = doc.read_bytes()
    directory = tmp_path / "a-directory"
    directory.mkdir(mode=0o700)
    directory.chmod(0o700)
    for bad in (directory, tmp_path / "missing"):
        run = cli(["sign", str(doc), "--passphrase-file", str(bad)])
        assert run.exit_code == 2
        assert run.stderr.startswith(f"minecheck: error: passphrase file {bad} cannot be read")
        assert "Traceback" not in run.stderr
        assert doc.read_bytes() == body
        run = cli(["keys", "generate", "--principal", BOB, "--passphrase-file", str(bad)])
        assert run.exit_code == 2
        assert "cannot be read" in run.stderr


def test_an_empty_passphrase_file_is_refused(cli: Cli, tmp_path: Path, isolated_home: Path) -> None:
    """A passphrase file with nothing on its first line (a script's variable left empty) is
    said to be empty: no key is made unencrypted from it, and no document is signed."""
    secret = private_file(tmp_path / "passphrase", PASSPHRASE)
    data = generate(cli, ALICE, "--passphrase-file", str(secret))
    doc = document(tmp_path, ALICE, data["fingerprint"])
    body = doc.read_bytes()
    empty = private_file(tmp_path / "empty", "\n" + PASSPHRASE)
    said = f"minecheck: error: passphrase file {empty} is empty\n"
    run = cli(["sign", str(doc), "--passphrase-file", str(empty)])
    assert (run.exit_code, run.stdout, run.stderr) == (2, "", said)
    assert doc.read_bytes() == body
    run = cli(["sign", str(doc), "--passphrase-file", str(empty), "--lang", "zh"])
    assert (run.exit_code, run.stderr) == (2, f"minecheck: error: 口令文件 {empty} 是空的\n")
    run = cli(["keys", "generate", "--principal", BOB, "--passphrase-file", str(empty)])
    assert (run.exit_code, run.stderr) == (2, said)
    assert not (isolated_home / "keys" / BOB).exists()


def test_a_public_key_file_of_another_key_is_refused(cli: Cli, tmp_path: Path) -> None:
    """KEY.pub beside KEY names the key a document is signed with; when it is another key's
    (a copy gone wrong), nothing is signed and the pair is named."""
    one, other = generate(cli, ALICE), generate(cli, BOB)
    key = Path(one["path"])
    public = Path(one["public_key_path"])
    public.write_text(Path(other["public_key_path"]).read_text())
    doc = document(tmp_path, ALICE, other["fingerprint"])
    body = doc.read_bytes()
    run = cli(["sign", str(doc), "--key", str(key)])
    said = f"minecheck: error: {public} does not belong to {key}\n"
    assert (run.exit_code, run.stdout, run.stderr) == (2, "", said)
    assert doc.read_bytes() == body
    run = cli(["sign", str(doc), "--key", str(key), "--lang", "zh"])
    assert (run.exit_code, run.stderr) == (2, f"minecheck: error: {public} 与 {key} 不是一对密钥\n")


def test_keys_show_of_a_key_made_elsewhere(cli: Cli, tmp_path: Path) -> None:
    """`keys show --key` takes a key minecheck did not make: no principal is recorded for it,
    shown as `-` (as `keys list` shows it), never as Python's `None`."""
    from minecheck.core.keys import generate as make_key

    key = tmp_path / "ssh" / "id_ed25519"
    key.parent.mkdir(mode=0o700)
    fingerprint = make_key(key, ALICE, None).fingerprint()
    run = cli(["keys", "show", "--key", str(key)])
    assert (run.exit_code, run.stderr) == (0, "")
    assert run.stdout.splitlines() == [
        f"path: {key}",
        "principal: -",
        f"fingerprint: {fingerprint}",
        "default: no",
    ]
    zh = cli(["keys", "show", "--key", str(key), "--lang", "zh"])
    assert zh.stdout.splitlines()[1] == "签名身份：-"
    data = cli(["keys", "show", "--key", str(key), "--json"]).json()["data"]
    assert (data["principal"], data["fingerprint"]) == (None, fingerprint)


# -- keys that are refused ---------------------------------------------------------------------


def test_a_private_key_others_can_read_is_refused(cli: Cli, tmp_path: Path) -> None:
    data = generate(cli, ALICE)
    key = Path(data["path"])
    doc = document(tmp_path, ALICE, data["fingerprint"])
    body = doc.read_bytes()
    for loose in (0o644, 0o640, 0o604):
        key.chmod(loose)
        run = cli(["sign", str(doc)])
        assert run.exit_code == 2
        assert run.stderr == (
            f"minecheck: error: permissions {loose:04o} for '{key}' are too open; "
            f"run:\n  chmod 600 {key}\n"
        )
        assert doc.read_bytes() == body
    key.chmod(0o600)
    assert cli(["sign", str(doc)]).exit_code == 0


PRIVATE_KEY_MISTAKES = [
    ("allowed signers", ["trust", "list", "--allowed-signers", "{key}"]),
    ("revoked keys", ["trust", "list", "--revoked-keys", "{key}"]),
    ("allowed signers", ["verify", "{doc}", "--allowed-signers", "{key}"]),
    ("revoked keys", ["verify", "{doc}", "--revoked-keys", "{key}"]),
    ("revoked keys", ["summary", "{doc}", "--revoked-keys", "{key}"]),
    ("allowed signers", ["trust", "add", "--from", "{key}"]),
]


@pytest.mark.parametrize(("file", "args"), PRIVATE_KEY_MISTAKES)
@pytest.mark.parametrize("json", [False, True])
def test_a_private_key_given_for_a_list_of_public_keys_is_never_shown(
    cli: Cli, tmp_path: Path, file: str, args: list[str], json: bool
) -> None:
    """A private key given where allowed_signers or revoked_keys belong was read as one and each
    of its lines quoted in the error ('expected key type ssh-ed25519, found "QyNTUxOQAA..."'):
    the key's secret half printed on the terminal, or into a CI log."""
    data = generate(cli, ALICE)
    key = Path(data["path"])
    secret_lines = [ln for ln in key.read_text().splitlines() if "-----" not in ln]
    doc = document(tmp_path, ALICE, data["fingerprint"])
    argv = [a.format(key=key, doc=doc) for a in args] + (["--json"] if json else [])
    run = cli(argv)
    assert run.exit_code == 2
    said = run.stdout + run.stderr
    for line in secret_lines:
        for start in range(0, len(line) - 11, 4):  # (no 12 characters of it anywhere)
            assert line[start : start + 12] not in said
    message = f"{key} holds a private key, not the {file} file (its lines are not shown)"
    hint = "give a file of public keys, one `ssh-ed25519 AAAA...` line each"
    if json:
        [problem] = run.json()["problems"]
        assert (problem["code"], problem["message"], problem["hint"]) == (
            "private-key",
            message,
            hint,
        )
    else:
        assert (run.stdout, run.stderr) == ("", f"minecheck: error: {message}\n  hint: {hint}\n")


@needs_ssh_keygen
def test_an_rsa_key_is_refused(cli: Cli, tmp_path: Path) -> None:
    rsa = ssh_keygen_key(tmp_path / "ssh" / "id_rsa", ALICE, key_type="rsa")
    doc = document(tmp_path, ALICE, "SHA256:" + "A" * 43)
    body = doc.read_bytes()
    message = "is an RSA key; minecheck signs with Ed25519 keys only"

    run = cli(["sign", str(doc), "--key", str(rsa)])
    assert run.exit_code == 2
    assert message in run.stderr
    assert "Traceback" not in run.stderr
    assert doc.read_bytes() == body

    run = cli(["keys", "import", str(rsa), "--principal", ALICE])
    assert run.exit_code == 2
    assert message in run.stderr

    run = cli(["trust", "add", "--principal", ALICE, "--key", f"{rsa}.pub"])
    assert run.exit_code == 2
    assert message in run.stderr

    # without its .pub, the private key itself is recognised
    Path(f"{rsa}.pub").unlink()
    run = cli(["sign", str(doc), "--key", str(rsa), "--signer", ALICE])
    assert run.exit_code == 2
    assert message in run.stderr


def test_keys_import_reads_the_private_half_itself(cli: Cli, tmp_path: Path) -> None:
    """The private key is judged by what it holds, not by the .pub beside it: an RSA key under
    an Ed25519 .pub is named as RSA, and a key whose public part is damaged is said malformed."""
    import base64

    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import (
        Encoding,
        NoEncryption,
        PrivateFormat,
    )

    from minecheck.core.keys import generate as make_key

    make_key(tmp_path / "ed", "", None)
    key = private_file(
        tmp_path / "id_rsa",
        rsa.generate_private_key(public_exponent=65537, key_size=2048)
        .private_bytes(Encoding.PEM, PrivateFormat.OpenSSH, NoEncryption())
        .decode(),
    )
    Path(f"{key}.pub").write_text((tmp_path / "ed.pub").read_text())
    run = cli(["keys", "import", str(key), "--principal", ALICE])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == (
        f"minecheck: error: {key} is an RSA key; minecheck signs with Ed25519 keys only "
        "(create one with: minecheck keys generate)\n"
    )

    damaged = tmp_path / "damaged"
    make_key(damaged, "", None)
    lines = damaged.read_text().splitlines()
    raw = base64.b64decode("".join(lines[1:-1]))
    at = raw.index(b"ssh-ed25519") + len(b"ssh-ed25519")
    assert raw[at : at + 4] == b"\0\0\0\x20"  # the public key's 32 bytes, said as 31
    body = base64.b64encode(raw[:at] + b"\0\0\0\x1f" + raw[at + 4 :]).decode()
    wrapped = [body[i : i + 70] for i in range(0, len(body), 70)]
    damaged.write_text("\n".join([lines[0], *wrapped, lines[-1], ""]))
    run = cli(["keys", "import", str(damaged), "--principal", ALICE, "--json"])
    assert run.exit_code == 2
    assert [(p["code"], p["message"]) for p in run.json()["problems"]] == [
        ("malformed-key", f"{damaged} is not a valid OpenSSH private key")
    ]


def test_a_key_s_halves_mixed_up_carry_their_codes(cli: Cli, isolated_home: Path) -> None:
    """What a script tells apart in --json: a private key given for a public one, a public
    key (or no key at all) given for a private one, an allowed_signers line for a key file."""
    data = generate(cli, ALICE)
    key, pub = data["path"], data["public_key_path"]
    line = isolated_home / "alice.line"
    line.write_text(data["allowed_signers"] + "\n")
    text = private_file(isolated_home / "hello", "hello\n")

    def said(*args: str) -> list[tuple[str, str, str | None]]:
        run = cli([*args, "--json"])
        assert run.exit_code == 2
        return [(p["code"], p["message"], p["hint"]) for p in run.json()["problems"]]

    assert said("trust", "add", "--principal", ALICE, "--key", key) == [
        (
            "not-a-public-key",
            f"{key} is a private key; pass the public key ({Path(pub).name})",
            None,
        )
    ]
    assert said("trust", "add", "--principal", ALICE, "--key", str(line)) == [
        (
            "allowed-signers-line",
            f"{line} holds an allowed_signers line, not a public key file",
            f"add its line with: minecheck trust add --from {line}",
        )
    ]
    assert said("keys", "import", pub, "--principal", ALICE) == [
        (
            "not-a-private-key",
            f"{pub} is a public key; pass the private key (the file without .pub)",
            None,
        )
    ]
    assert said("keys", "import", str(text), "--principal", ALICE) == [
        (
            "not-a-private-key",
            f"{text} is not an OpenSSH private key",
            "create one with: minecheck keys generate",
        )
    ]


def test_a_public_key_file_that_is_not_there_is_named_as_one(cli: Cli, tmp_path: Path) -> None:
    missing = tmp_path / "nope.pub"
    run = cli(["trust", "add", "--principal", ALICE, "--key", str(missing)])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == (
        f"minecheck: error: public key file {missing} does not exist\n"
        "  hint: ask the signer for their .pub file (minecheck keys show prints the line to give: "
        "trust add --from FILE)\n"
    )
    run = cli(["trust", "add", "--principal", ALICE, "--key", str(missing), "--lang", "zh"])
    assert run.exit_code == 2
    assert run.stderr.startswith(f"minecheck: error: 公钥文件 {missing} 不存在\n  hint: 请向签名人")


# -- keys import -------------------------------------------------------------------------------


@needs_ssh_keygen
def test_import_an_ssh_keygen_key_and_sign_with_it(
    cli: Cli, tmp_path: Path, isolated_home: Path
) -> None:
    key = ssh_keygen_key(tmp_path / "dot-ssh" / "id_ed25519", "someone@laptop")
    run = cli(["keys", "import", str(key), "--principal", ALICE, "--default", "--json"])
    assert (run.exit_code, run.stderr) == (0, "")
    data = run.json()["data"]
    assert (data["principal"], data["default"], data["path"]) == (ALICE, True, str(key))
    listed = keygen("-lf", f"{key}.pub")
    assert listed.stdout.split()[1] == data["fingerprint"]
    assert data["allowed_signers"] == f"{ALICE} {NAMESPACES} " + " ".join(
        Path(f"{key}.pub").read_text().split()[:2]
    )
    assert not (isolated_home / "keys" / "id_ed25519").exists()  # never copied

    doc = document(tmp_path, ALICE, data["fingerprint"])
    body = doc.read_bytes()
    envelope = sign_json(cli, doc)
    assert envelope["data"] == {
        "path": str(doc),
        "signer": ALICE,
        "fingerprint": data["fingerprint"],
    }
    assert split_trailer(doc.read_bytes())[0] == body

    text = cli(["keys", "import", str(key), "--principal", ALICE])
    assert text.exit_code == 0
    assert text.stdout == data["allowed_signers"] + "\n"
    assert cli(["trust", "add", "--principal", ALICE, "--key", f"{key}.pub"]).exit_code == 0
    assert status_of(cli, doc) == "trusted"


@needs_ssh_keygen
def test_import_needs_the_public_half(cli: Cli, tmp_path: Path) -> None:
    key = ssh_keygen_key(tmp_path / "dot-ssh" / "id_ed25519", "someone@laptop")
    Path(f"{key}.pub").unlink()
    run = cli(["keys", "import", str(key), "--principal", ALICE])
    assert run.exit_code == 2
    assert run.stderr == (
        f"minecheck: error: {key}.pub is missing\n"
        f"  hint: recreate it with:\n    ssh-keygen -y -f {key} > {key}.pub\n"
    )
    key.chmod(0o644)
    run = cli(["keys", "import", str(key), "--principal", ALICE])
    assert run.exit_code == 2
    assert f"run:\n  chmod 600 {key}\n" in run.stderr


# -- who signs ---------------------------------------------------------------------------------


def test_signer_resolution_order(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--signer, then MINECHECK_SIGNER, then the recorded principal, then the key's comment."""
    fingerprint = generate(cli, ALICE)["fingerprint"]  # recorded for alice, the default key

    def signs_as(principal: str, *args: str) -> None:
        doc = document(tmp_path, principal, fingerprint, name=f"{principal}.toml")
        envelope = sign_json(cli, doc, *args)
        assert envelope["ok"], envelope["problems"]
        assert envelope["data"]["signer"] == principal
        doc.unlink()

    signs_as(ALICE)
    monkeypatch.setenv("MINECHECK_SIGNER", "")
    signs_as(ALICE)
    monkeypatch.setenv("MINECHECK_SIGNER", BOB)
    signs_as(BOB)
    signs_as("carol@mine.example", "--signer", "carol@mine.example")

    # the document must name whoever signs
    doc = document(tmp_path, ALICE, fingerprint)
    run = cli(["sign", str(doc)])
    assert run.exit_code == 2
    assert f"but you sign as '{BOB}' with {fingerprint}" in run.stderr

    monkeypatch.setenv("MINECHECK_SIGNER", "Bob")
    run = cli(["sign", str(doc)])
    assert run.exit_code == 2
    assert run.stderr.startswith(
        "minecheck: error: MINECHECK_SIGNER 'Bob' is not a valid principal"
    )


@needs_ssh_keygen
def test_the_key_comment_is_the_last_resort(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    erin = ssh_keygen_key(tmp_path / "erin" / "id_ed25519", "erin@mine.example")
    fingerprint = keygen("-lf", f"{erin}.pub").stdout.split()[1]
    doc = document(tmp_path, "erin@mine.example", fingerprint)
    envelope = sign_json(cli, doc, "--key", str(erin), "-o", str(tmp_path / "out1.toml"))
    assert envelope["data"]["signer"] == "erin@mine.example"

    # a recorded principal beats the comment
    assert cli(["keys", "import", str(erin), "--principal", "frank@mine.example"]).exit_code == 0
    run = cli(["sign", str(doc), "--key", str(erin)])
    assert run.exit_code == 2
    assert "but you sign as 'frank@mine.example'" in run.stderr

    # and MINECHECK_SIGNER beats it as well
    monkeypatch.setenv("MINECHECK_SIGNER", "erin@mine.example")
    envelope = sign_json(cli, doc, "--key", str(erin), "-o", str(tmp_path / "out2.toml"))
    assert envelope["data"]["signer"] == "erin@mine.example"


@needs_ssh_keygen
def test_no_principal_at_all_stops_with_a_hint(cli: Cli, tmp_path: Path) -> None:
    key = ssh_keygen_key(tmp_path / "dot-ssh" / "id_ed25519", "laptop key")
    fingerprint = keygen("-lf", f"{key}.pub").stdout.split()[1]
    doc = document(tmp_path, ALICE, fingerprint)
    body = doc.read_bytes()
    run = cli(["sign", str(doc), "--key", str(key)])
    assert run.exit_code == 2
    assert run.stderr == (
        f"minecheck: error: no principal to sign as for {key}\n"
        "  hint: record its principal (or pass --signer you@unit.example, or set"
        " MINECHECK_SIGNER):\n"
        f"    minecheck keys import {key} --principal you@unit.example\n"
    )
    assert doc.read_bytes() == body
    assert cli(["sign", str(doc), "--key", str(key), "--signer", ALICE]).exit_code == 0


def test_a_copy_of_a_recorded_key_signs_as_its_recorded_principal(cli: Cli, tmp_path: Path) -> None:
    """The principal is recorded for the key (SPEC: "the principal recorded for the key"), not
    for the path it was made at: a copy of the key (on a USB stick, in a home directory moved
    to a new laptop), without its .pub, stopped with "no principal to sign as". It is known by
    its public half, which the private key file holds unencrypted; a key recorded under two
    principals names neither (the hint is said, as before)."""
    made = generate(cli, "gina@mine.example")
    copy = tmp_path / "stick" / "gina-key"
    copy.parent.mkdir()
    copy.write_bytes(Path(made["path"]).read_bytes())
    copy.chmod(0o600)
    doc = document(tmp_path, "gina@mine.example", made["fingerprint"])
    envelope = sign_json(cli, doc, "--key", str(copy), "-o", str(tmp_path / "out.toml"))
    assert (envelope["exit_code"], envelope["problems"]) == (0, [])
    assert envelope["data"]["signer"] == "gina@mine.example"
    allowed = tmp_path / "allowed_signers"
    allowed.write_text(made["allowed_signers"] + "\n")
    assert status_of(cli, tmp_path / "out.toml", "--allowed-signers", str(allowed)) == "trusted"
    # the same key recorded again under another principal: which one is meant is not known
    Path(f"{copy}.pub").write_bytes(Path(made["public_key_path"]).read_bytes())
    run = cli(["keys", "import", str(copy), "--principal", "hugo@mine.example"])
    assert run.exit_code == 0, run.stderr
    other = tmp_path / "elsewhere"
    other.write_bytes(copy.read_bytes())
    other.chmod(0o600)
    run = cli(["sign", str(doc), "--key", str(other), "-o", str(tmp_path / "out2.toml")])
    assert run.exit_code == 2
    assert run.stderr.startswith(f"minecheck: error: no principal to sign as for {other}\n")


# -- trust -------------------------------------------------------------------------------------


def ssh_verify(doc: Path, allowed: Path, principal: str, *extra: str) -> int:
    """`ssh-keygen -Y verify` of a signed document at its `created` time; the exit status."""
    if SSH_KEYGEN is None:
        pytest.skip("ssh-keygen is not installed")
    body, trailer = split_trailer(doc.read_bytes())
    sig = doc.with_name(doc.name + ".sig")
    sig.write_bytes(trailer.split(b"\n", 2)[2].rsplit(b"'''", 1)[0])
    argv = [SSH_KEYGEN, "-Y", "verify", "-f", str(allowed), "-I", principal]
    argv += ["-n", "minecheck-findings-v1", "-s", str(sig), "-O", f"verify-time={CREATED_SSH}"]
    result = subprocess.run(
        [*argv, *extra],
        env={k: v for k, v in os.environ.items() if k != "SSH_AUTH_SOCK"},
        input=body,
        capture_output=True,
        check=False,
        timeout=60,
    )
    return result.returncode


@pytest.fixture
def signed_by(cli: Cli, tmp_path: Path) -> dict[str, tuple[dict[str, Any], Path]]:
    """Alice's and Bob's keys (made by `keys generate`) and one document each signed with them."""
    out: dict[str, tuple[dict[str, Any], Path]] = {}
    for principal in (ALICE, BOB):
        data = generate(cli, principal)
        name = principal.split("@")[0]
        doc = document(tmp_path, principal, data["fingerprint"], name=f"{name}.toml")
        run = cli(["sign", str(doc), "--key", data["path"]])
        assert run.exit_code == 0, run.stderr
        out[name] = (data, doc)
    return out


def test_trust_round_trip(
    cli: Cli,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    isolated_home: Path,
    signed_by: dict[str, tuple[dict[str, Any], Path]],
) -> None:
    (alice, alice_doc), (bob, bob_doc) = signed_by["alice"], signed_by["bob"]
    allowed = isolated_home / "allowed_signers"
    assert status_of(cli, alice_doc) == "untrusted-key"

    run = cli(["trust", "add", "--principal", ALICE, "--key", alice["public_key_path"]])
    assert run.exit_code == 0
    alice_line = f"{ALICE} {NAMESPACES} {alice['allowed_signers'].split(' ', 2)[2]}"
    assert run.stdout == alice_line + "\n"
    assert run.stderr == f"{allowed}: trusting {alice['fingerprint']} for {ALICE}\n"
    assert allowed.read_text() == alice_line + "\n"
    assert mode(allowed) & 0o022 == 0
    # an empty revoked_keys beside it, so that the docs' `ssh-keygen ... -r revoked_keys` runs
    revoked = isolated_home / "revoked_keys"
    assert revoked.read_bytes() == b""
    if SSH_KEYGEN is not None:
        assert ssh_verify(alice_doc, allowed, ALICE, "-r", str(revoked)) == 0

    with allowed.open("a") as fh:
        fh.write("# kept by the safety office\n\n")
    run = cli(
        ["trust", "add", "--principal", BOB, "--key", bob["public_key_path"],
         "--valid-after", "2026-01-01", "--json"]
    )  # fmt: skip
    assert (run.exit_code, run.stderr) == (0, "")
    [bob_line] = run.json()["data"]["added"]
    assert bob_line == (
        f'{BOB} {NAMESPACES},valid-after="20260101000000Z" '
        + bob["allowed_signers"].split(" ", 2)[2]
    )
    assert allowed.read_text() == (f"{alice_line}\n# kept by the safety office\n\n{bob_line}\n")

    listed = cli(["trust", "list", "--json"])
    assert (listed.exit_code, listed.stderr) == (0, "")
    data = listed.json()["data"]
    assert data["allowed_signers"] == str(allowed)
    assert data["revoked"] == []
    assert [
        (s["principals"], s["fingerprint"], s["namespaces"], s["valid_after"], s["line"])
        for s in data["signers"]
    ] == [
        ([ALICE], alice["fingerprint"], ["minecheck-findings-v1", "minecheck-merged-v1"], None, 1),
        ([BOB], bob["fingerprint"], ["minecheck-findings-v1", "minecheck-merged-v1"],
         "2026-01-01T00:00:00Z", 4),
    ]  # fmt: skip
    monkeypatch.setenv("COLUMNS", "200")  # wide enough that no cell is folded
    table = cli(["trust", "list"])
    assert table.exit_code == 0
    assert alice["fingerprint"] in table.stdout
    assert "2026-01-01T00:00:00Z" in table.stdout

    assert status_of(cli, alice_doc) == "trusted"
    assert status_of(cli, bob_doc) == "trusted"
    if SSH_KEYGEN is not None:  # the very file works with stock OpenSSH
        assert ssh_verify(alice_doc, allowed, ALICE) == 0
        assert ssh_verify(bob_doc, allowed, BOB) == 0
        assert ssh_verify(bob_doc, allowed, ALICE) != 0

    run = cli(["trust", "remove", ALICE])
    assert run.exit_code == 0
    assert run.stderr == f"{allowed}: removed {ALICE} from 1 line\n"
    assert allowed.read_text() == f"# kept by the safety office\n\n{bob_line}\n"
    assert status_of(cli, alice_doc) == "untrusted-key"
    assert status_of(cli, bob_doc) == "trusted"
    if SSH_KEYGEN is not None:
        assert ssh_verify(alice_doc, allowed, ALICE) != 0
        assert ssh_verify(bob_doc, allowed, BOB) == 0

    run = cli(["trust", "remove", ALICE])
    assert run.exit_code == 2
    assert run.stderr == f"minecheck: error: '{ALICE}' is not in {allowed}\n"

    run = cli(["trust", "revoke", bob["public_key_path"]])
    assert run.exit_code == 0
    revoked = isolated_home / "revoked_keys"
    assert run.stderr == f"{revoked}: revoked {bob['fingerprint']}\n"
    assert revoked.read_text().startswith(bob["allowed_signers"].split(" ", 2)[2] + " revoked-")
    assert status_of(cli, bob_doc) == "revoked"
    listed_revoked = cli(["trust", "list", "--json"]).json()["data"]["revoked"]
    assert listed_revoked == [{"fingerprint": bob["fingerprint"]}]
    if SSH_KEYGEN is not None:  # ssh-keygen reads the revoked keys file too
        assert ssh_verify(bob_doc, allowed, BOB, "-r", str(revoked)) != 0
    run = cli(["trust", "revoke", bob["public_key_path"]])
    assert run.exit_code == 0  # what was asked is so
    assert run.stderr == (
        f"minecheck: warning: {bob['fingerprint']} is already revoked in {revoked}\n"
    )
    # trusted again under another name: said, for revocation wins over trust
    run = cli(["trust", "add", "--principal", "bob2@mine.example", "--key", bob["public_key_path"]])
    assert run.exit_code == 0
    assert run.stderr == (
        f"minecheck: warning: {bob['fingerprint']} is revoked in {revoked}: what it signs stays "
        "revoked while it is listed there\n"
        f"{allowed}: trusting {bob['fingerprint']} for bob2@mine.example\n"
    )
    assert status_of(cli, bob_doc) == "revoked"


def test_remove_one_principal_of_a_shared_line(
    cli: Cli, tmp_path: Path, signed_by: dict[str, tuple[dict[str, Any], Path]]
) -> None:
    (alice, alice_doc), (_, bob_doc) = signed_by["alice"], signed_by["bob"]
    allowed = tmp_path / "allowed"
    allowed.write_text("# team keys\n")
    allowed.chmod(0o644)
    run = cli(
        ["trust", "add", "--principal", f"{BOB},{ALICE}", "--key", alice["public_key_path"],
         "--allowed-signers", str(allowed)]
    )  # fmt: skip
    assert run.exit_code == 0
    key = alice["allowed_signers"].split(" ", 2)[2]
    assert allowed.read_text() == f"# team keys\n{BOB},{ALICE} {NAMESPACES} {key}\n"
    assert status_of(cli, alice_doc, "--allowed-signers", str(allowed)) == "trusted"
    assert status_of(cli, bob_doc, "--allowed-signers", str(allowed)) == "untrusted-key"

    run = cli(["trust", "remove", ALICE, "--allowed-signers", str(allowed)])
    assert run.exit_code == 0
    assert allowed.read_text() == f"# team keys\n{BOB} {NAMESPACES} {key}\n"
    assert status_of(cli, alice_doc, "--allowed-signers", str(allowed)) == "principal-mismatch"
    if SSH_KEYGEN is not None:
        assert ssh_verify(alice_doc, allowed, ALICE) != 0


@pytest.mark.parametrize(
    ("given", "written"),
    [
        ("2026-01-01", "20260101000000Z"),
        ("2026-01-31T08:00:00Z", "20260131080000Z"),
        ("2026-01-31T08:00:00+00:00", "20260131080000Z"),
        ("20260131Z", "20260131Z"),
        ("202601310800Z", "202601310800Z"),
    ],
)
def test_trust_times_are_written_for_openssh(
    cli: Cli, tmp_path: Path, given: str, written: str
) -> None:
    pub = Path(generate(cli, ALICE)["public_key_path"])
    allowed = tmp_path / "allowed"
    for option in ("--valid-after", "--valid-before"):
        run = cli(
            ["trust", "add", "--principal", ALICE, "--key", str(pub), option, given,
             "--allowed-signers", str(allowed)]
        )  # fmt: skip
        assert run.exit_code == 0, run.stderr
        assert f'{option[2:]}="{written}" ' in run.stdout


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("yesterday", "is not a time"),
        ("2026-01-31T08:00:00", "needs a Z"),
        ("2026-01-31T08:00:00+08:00", "must be in UTC"),
        ("2026-02-30", "is not a time"),
    ],
)
def test_trust_times_that_are_refused(
    cli: Cli, tmp_path: Path, isolated_home: Path, given: str, message: str
) -> None:
    pub = Path(generate(cli, ALICE)["public_key_path"])
    run = cli(["trust", "add", "--principal", ALICE, "--key", str(pub), "--valid-after", given])
    assert run.exit_code == 2
    assert message in run.stderr
    assert not (isolated_home / "allowed_signers").exists()


def test_trust_add_refuses_bad_input(cli: Cli, tmp_path: Path, isolated_home: Path) -> None:
    data = generate(cli, ALICE)
    for principal in ("Alice@Mine", "alice@mine.example extra", 'a"b@x'):
        run = cli(["trust", "add", "--principal", principal, "--key", data["public_key_path"]])
        assert run.exit_code == 2, principal
    run = cli(["trust", "add", "--principal", ALICE, "--key", data["path"]])
    assert run.exit_code == 2
    assert "is a private key; pass the public key" in run.stderr
    run = cli(
        ["trust", "add", "--principal", ALICE, "--key", data["public_key_path"],
         "--valid-after", "2027-01-01", "--valid-before", "2026-01-01"]
    )  # fmt: skip
    assert run.exit_code == 2
    assert not (isolated_home / "allowed_signers").exists()


@pytest.mark.parametrize(
    ("case", "english", "chinese"),
    [
        (
            "from-and-principal",
            "give either --from, or --principal with --key",
            "请给出 --from，或同时给出 --principal 和 --key，二者择一",
        ),
        (
            "namespaces",
            "--namespaces 'a b' is not a namespace pattern list",
            "--namespaces 'a b' 不是命名空间模式列表",
        ),
        ("not-utf8", "{from_file} is not UTF-8 text", "{from_file} 不是 UTF-8 文本"),
        (
            "no-line",
            "{from_file}: no allowed_signers line in it",
            "{from_file}：其中没有 allowed_signers 行",
        ),
    ],
)
def test_trust_add_says_why_it_refuses(
    cli: Cli, tmp_path: Path, isolated_home: Path, case: str, english: str, chinese: str
) -> None:
    """Each refusal of `trust add` is one line on stderr, exit 2, in the reader's language,
    and nothing is trusted."""
    pub = generate(cli, ALICE)["public_key_path"]
    from_file = tmp_path / "lines.txt"
    if case == "not-utf8":
        from_file.write_bytes(b"\xc3( alice")  # (not `\xff\xfe`: UTF-16's mark, said as such)
    elif case == "no-line":
        from_file.write_text("# the team's keys, to come\n\n")
    else:
        from_file.write_text(f"{BOB} {Path(pub).read_text()}")
    args = {
        "from-and-principal": ["--from", str(from_file), "--principal", ALICE],
        "namespaces": ["--principal", ALICE, "--key", pub, "--namespaces", "a b"],
    }.get(case, ["--from", str(from_file)])
    for lang, message in (("en", english), ("zh", chinese)):
        run = cli(["trust", "add", *args, "--lang", lang])
        said = message.format(from_file=from_file)
        assert (run.exit_code, run.stdout, run.stderr) == (2, "", f"minecheck: error: {said}\n")
    assert not (isolated_home / "allowed_signers").exists()


def test_a_public_key_with_extra_base64_padding_is_refused(
    cli: Cli, tmp_path: Path, isolated_home: Path
) -> None:
    """ssh-keygen refuses a key whose base64 is written otherwise than it writes it ("=" after a
    whole group decodes to the same bytes): so does `trust add`, in the reader's language."""
    pub = Path(generate(cli, ALICE)["public_key_path"])
    key_type, b64, comment = pub.read_text().split(None, 2)
    padded = tmp_path / "padded.pub"
    padded.write_text(f"{key_type} {b64}==== {comment}")
    said = {
        "en": f"{padded} is not an OpenSSH public key: "
        "the key's base64 is not canonical (extra padding or bits)",
        "zh": f"{padded} 不是 OpenSSH 公钥：密钥的 base64 不是规范形式（有多余的填充或位）",
    }
    for lang, message in said.items():
        run = cli(["trust", "add", "--principal", ALICE, "--key", str(padded), "--lang", lang])
        assert (run.exit_code, run.stdout, run.stderr) == (2, "", f"minecheck: error: {message}\n")
    assert not (isolated_home / "allowed_signers").exists()


def test_trust_remove_reads_quoted_principals_and_counts_the_lines(
    cli: Cli, tmp_path: Path
) -> None:
    """allowed_signers may quote its principals field; `trust remove` takes the principal out
    of such a line as out of any other, and says how many lines named it."""
    key = Path(generate(cli, ALICE)["public_key_path"]).read_text().split(" ")[:2]
    blob = " ".join(key)
    allowed = tmp_path / "allowed"
    allowed.write_text(
        f'"{ALICE}" {NAMESPACES} {blob}\n'
        f'"{BOB},{ALICE}" {NAMESPACES} {blob}\n'
        f"{BOB} {NAMESPACES} {blob}\n"
    )
    allowed.chmod(0o644)
    run = cli(["trust", "remove", ALICE, "--allowed-signers", str(allowed)])
    assert (run.exit_code, run.stdout) == (0, "")
    assert run.stderr == f"{allowed}: removed {ALICE} from 2 lines\n"
    assert allowed.read_text() == f"{BOB} {NAMESPACES} {blob}\n" * 2
    zh = cli(["trust", "remove", BOB, "--allowed-signers", str(allowed), "--lang", "zh"])
    assert (zh.exit_code, zh.stderr) == (0, f"{allowed}：已从 2 行中删除 {BOB}\n")
    assert allowed.read_text() == ""


def test_revoke_by_fingerprint_finds_our_own_key_and_says_an_unknown_one(
    cli: Cli, isolated_home: Path
) -> None:
    """`trust revoke SHA256:...` takes a key trusted here or one of our own keys (a lost
    laptop's key need not be trusted to be revoked); a fingerprint known nowhere here is
    refused with the way round it, in the reader's language."""
    own = generate(cli, ALICE)  # made here, never trusted
    revoked = isolated_home / "revoked_keys"
    run = cli(["trust", "revoke", own["fingerprint"]])
    assert (run.exit_code, run.stderr) == (0, f"{revoked}: revoked {own['fingerprint']}\n")
    assert revoked.read_text().startswith(own["allowed_signers"].split(" ", 2)[2] + " revoked-")
    unknown = "SHA256:" + "A" * 43
    before = revoked.read_bytes()
    for lang, said, hint in (
        (
            "en",
            f"no key with fingerprint {unknown} is known here",
            "give the public key file instead:\n    minecheck trust revoke KEY.pub",
        ),
        (
            "zh",
            f"本机没有指纹为 {unknown} 的密钥",
            "请改为给出公钥文件：\n    minecheck trust revoke KEY.pub",
        ),
    ):
        run = cli(["trust", "revoke", unknown, "--lang", lang])
        assert (run.exit_code, run.stdout) == (2, "")
        assert run.stderr == f"minecheck: error: {said}\n  hint: {hint}\n"
    assert revoked.read_bytes() == before


def test_namespaces_none_of_minecheck_s_are_said(cli: Cli, isolated_home: Path) -> None:
    """A typo in --namespaces (`minecheck-finding-v1`) made the key count for nothing, and
    nothing said so until every document it signed came out namespace-not-allowed."""
    data = generate(cli, ALICE)
    add = ["trust", "add", "--principal", ALICE, "--key", data["public_key_path"]]
    run = cli([*add, "--namespaces", "minecheck-finding-v1"])
    assert run.exit_code == 0, run.stderr
    assert run.stderr.splitlines()[0] == (
        "minecheck: warning: --namespaces 'minecheck-finding-v1' allows neither of minecheck's "
        "namespaces (minecheck-findings-v1, minecheck-merged-v1): no document this key signs "
        "will count"
    )
    for fine in ("minecheck-*", "minecheck-findings-v1"):
        run = cli(["trust", "add", "--principal", BOB, "--key", data["public_key_path"],
                   "--namespaces", fine])  # fmt: skip
        assert (run.exit_code, "warning" in run.stderr) == (0, False), fine


@pytest.mark.usefixtures("group_shared")
@pytest.mark.parametrize("name", ["allowed_signers", "revoked_keys"])
def test_trust_files_others_can_write_are_refused(
    cli: Cli, isolated_home: Path, name: str, signed_by: dict[str, tuple[dict[str, Any], Path]]
) -> None:
    alice, doc = signed_by["alice"]
    assert (
        cli(["trust", "add", "--principal", ALICE, "--key", alice["public_key_path"]]).exit_code
        == 0
    )
    assert cli(["trust", "revoke", signed_by["bob"][0]["public_key_path"]]).exit_code == 0
    assert status_of(cli, doc) == "trusted"
    path = isolated_home / name
    path.chmod(0o664)
    run = cli(["verify", str(doc)])
    assert run.exit_code == 2
    assert run.stdout == ""
    assert run.stderr == (
        f"minecheck: error: {path} is writable by group or others; run:\n  chmod go-w {path}\n"
    )
    assert cli(["trust", "list"]).exit_code == 2
    envelope = cli(["verify", "--json", str(doc)])
    assert (envelope.exit_code, envelope.stderr) == (2, "")
    assert "chmod go-w" in envelope.json()["problems"][-1]["message"]
    path.chmod(0o644)
    assert status_of(cli, doc) == "trusted"


def test_a_cert_authority_line_is_skipped_with_a_warning(
    cli: Cli, isolated_home: Path, signed_by: dict[str, tuple[dict[str, Any], Path]]
) -> None:
    (alice, alice_doc), (bob, bob_doc) = signed_by["alice"], signed_by["bob"]
    assert (
        cli(["trust", "add", "--principal", ALICE, "--key", alice["public_key_path"]]).exit_code
        == 0
    )
    allowed = isolated_home / "allowed_signers"
    bob_key = bob["allowed_signers"].split(" ", 2)[2]
    with allowed.open("a") as fh:
        fh.write(f"*@mine.example cert-authority {bob_key}\n")

    run = cli(["verify", str(alice_doc)])
    assert run.exit_code == 0
    assert run.stderr == (
        f"minecheck: warning: {allowed}:2:16: cert-authority line skipped: "
        "certificates are not supported\n"
        "1 document: 1 trusted\n"
    )
    envelope = cli(["verify", "--json", str(alice_doc), str(bob_doc)])
    assert envelope.stderr == ""
    result = envelope.json()
    assert [f["status"] for f in result["data"]["files"]] == ["trusted", "untrusted-key"]
    assert [p["code"] for p in result["problems"]] == ["cert-authority-skipped"]
    listed = cli(["trust", "list"])
    assert listed.exit_code == 0
    assert "cert-authority line skipped" in listed.stderr
    if SSH_KEYGEN is not None:  # ssh-keygen reads the file as it is, and skips the line too
        assert ssh_verify(alice_doc, allowed, ALICE) == 0
        assert ssh_verify(bob_doc, allowed, BOB) != 0


def test_trust_commands_run_again_change_nothing_and_succeed(
    cli: Cli, tmp_path: Path, isolated_home: Path
) -> None:
    """A set-up script run twice: `trust add --principal --key` failed (exit 2) where `--from`
    warned (exit 0), each with its own JSON shape; `trust revoke` failed on a revoked key."""
    run = cli(["keys", "generate", "--principal", ALICE, "--json"])
    pub = run.json()["data"]["public_key_path"]
    first = cli(["trust", "add", "--principal", ALICE, "--key", pub, "--json"])
    assert (first.exit_code, first.stderr) == (0, "")
    [line] = first.json()["data"]["added"]
    again = cli(["trust", "add", "--principal", ALICE, "--key", pub])
    assert (again.exit_code, again.stdout) == (0, "")
    assert again.stderr.startswith("minecheck: warning: SHA256:")
    assert "is already trusted for alice@mine.example" in again.stderr
    lines = tmp_path / "lines"
    lines.write_text(line + "\n")
    from_file = cli(["trust", "add", "--from", str(lines), "--json"])
    assert from_file.exit_code == 0
    assert set(from_file.json()["data"]) == set(first.json()["data"])  # one shape
    allowed = isolated_home / "allowed_signers"
    assert allowed.read_text().count(line) == 1
    revoked = [cli(["trust", "revoke", pub]) for _ in range(2)]
    assert [r.exit_code for r in revoked] == [0, 0]
    assert "is already revoked in" in revoked[1].stderr
    assert (isolated_home / "revoked_keys").read_text().count("ssh-ed25519") == 1


def test_trust_list_of_a_named_file_that_is_not_there_is_an_error(cli: Cli, tmp_path: Path) -> None:
    """A typo in --allowed-signers listed nothing and exited 0 (verify says exit 2 for it)."""
    run = cli(["trust", "list", "--allowed-signers", str(tmp_path / "no-such-file")])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == (
        f"minecheck: error: --allowed-signers {tmp_path / 'no-such-file'}: no such file\n"
    )
    assert cli(["trust", "list"]).exit_code == 0  # the default one, not made yet: an empty list


def test_trust_add_from_a_long_list_reads_and_writes_the_file_once(
    cli: Cli, tmp_path: Path, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A province's list of keys: each line was checked against the file read and parsed again,
    then the file written again (minutes for two thousand lines). Now the file is written once,
    and what is said of each line is said in the order of the lines, after it is written."""
    from minecheck import fileio
    from minecheck.core.sshsig import PublicKey

    keys = [PublicKey(n.to_bytes(2, "big") + bytes(30)).openssh() for n in range(1, 41)]
    lines = [f"p{n}@x.example {key}" for n, key in enumerate(keys)]
    allowed = isolated_home / "allowed_signers"
    isolated_home.mkdir(parents=True, exist_ok=True)
    allowed.write_text(f"# ours\n{lines[3]}\n")
    allowed.chmod(0o644)
    (isolated_home / "revoked_keys").write_text(keys[7] + "\n")
    (isolated_home / "revoked_keys").chmod(0o644)
    given = tmp_path / "province"
    given.write_text("\n".join([*lines, lines[5]]) + "\n")
    writes: list[Path] = []
    real = fileio.atomic_write

    def counted(path: Path, *args: Any, **kwargs: Any) -> None:
        writes.append(path)
        real(path, *args, **kwargs)

    monkeypatch.setattr(fileio, "atomic_write", counted)
    run = cli(["trust", "add", "--from", str(given)])
    assert run.exit_code == 0
    assert writes == [allowed]
    added = [line for n, line in enumerate(lines) if n != 3]
    assert allowed.read_text() == f"# ours\n{lines[3]}\n" + "".join(f"{x}\n" for x in added)
    assert run.stdout == "".join(f"{x}\n" for x in added)

    def fingerprint(n: int) -> str:
        return PublicKey.from_openssh(keys[n]).fingerprint()

    said = []
    for n in [*range(40), 5]:
        if n == 7:
            said.append(
                f"minecheck: warning: {fingerprint(7)} is revoked in "
                f"{isolated_home / 'revoked_keys'}: what it signs stays revoked while it is "
                "listed there"
            )
        if n == 3 or len(said) > 40:
            said.append(
                f"minecheck: warning: {fingerprint(n)} is already trusted for p{n}@x.example "
                f"in {allowed}"
            )
        else:
            said.append(f"{allowed}: trusting {fingerprint(n)} for p{n}@x.example")
    assert run.stderr.splitlines() == said


def test_a_damaged_public_key_leaves_the_other_keys_listed(cli: Cli, isolated_home: Path) -> None:
    """One key's .pub overwritten: `keys list` listed nothing (exit 2); it lists every key,
    says which one cannot be read, and the list is still the answer (exit 0)."""
    generate(cli, ALICE)
    bob = Path(generate(cli, BOB)["path"])
    Path(f"{bob}.pub").write_text("garbage\n")
    run = cli(["keys", "list"])
    assert run.exit_code == 0, run.stderr
    assert ALICE in run.stdout
    assert BOB in run.stdout
    assert run.stderr == (
        f"minecheck: warning: {bob}.pub is not an OpenSSH public key: expected"
        " 'ssh-ed25519 <base64> [comment]'\n"
    )
    listed = cli(["keys", "list", "--json"]).json()
    assert [("allowed_signers" in k, k["principal"]) for k in listed["data"]["keys"]] == [
        (True, ALICE),
        (False, BOB),
    ]
    assert [p["code"] for p in listed["problems"]] == ["key-unreadable"]


def test_no_keys_lists_no_table(cli: Cli, isolated_home: Path) -> None:
    run = cli(["keys", "list"])
    assert (run.exit_code, run.stdout) == (0, "")
    assert run.stderr == (
        "no keys yet; create one with:\n  minecheck keys generate --principal P\n"
    )


def test_no_trusted_keys_lists_no_table(cli: Cli, isolated_home: Path) -> None:
    # a script reading stdout got the header of an empty table
    run = cli(["trust", "list", "--lang", "en"])
    assert (run.exit_code, run.stdout) == (0, "")
    assert run.stderr.endswith(
        ": no trusted keys yet; add one with:\n  minecheck trust add --principal P --key K.pub\n"
    )
    assert cli(["trust", "list", "--json"]).json()["data"]["signers"] == []


def test_a_key_list_of_exactly_1_mib_is_read_and_one_byte_more_is_not(
    cli: Cli, isolated_home: Path
) -> None:
    """keys.toml is read whole up to its limit: a list padded to exactly 1 MiB still gives its
    key; one byte more is refused, named as the key list, before any of it is read."""
    generate(cli, ALICE)
    registry = isolated_home / "keys" / "keys.toml"
    kept = registry.read_bytes()
    registry.write_bytes(kept + b"#" * (1024 * 1024 - len(kept) - 1) + b"\n")
    assert registry.stat().st_size == 1024 * 1024
    listed = cli(["keys", "list", "--json"])
    assert listed.exit_code == 0, listed.stderr
    assert [k["principal"] for k in listed.json()["data"]["keys"]] == [ALICE]
    registry.write_bytes(kept + b"#" * (1024 * 1024 - len(kept)) + b"\n")
    refused = cli(["keys", "list"])
    assert (refused.exit_code, refused.stdout) == (2, "")
    assert refused.stderr == (
        f"minecheck: error: {registry}: key list is 1048577 bytes, over the limit of "
        "1048576 bytes\n"
    )
