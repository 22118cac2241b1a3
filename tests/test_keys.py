"""Key files: generate, load, refuse; interoperability with ssh-keygen both ways."""

from __future__ import annotations

import base64
import os
import shutil
import stat
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import (
    BestAvailableEncryption,
    Encoding,
    NoEncryption,
    PrivateFormat,
)

from minecheck.core.keys import (
    PassphraseRequired,
    generate,
    is_encrypted,
    load_private,
    load_public,
    public_key_path,
)
from minecheck.core.sshsig import NAMESPACE_FINDINGS, PublicKey, parse_armored, sign, verify
from minecheck.errors import InputError, UsageError

SSH_KEYGEN = shutil.which("ssh-keygen")
needs_ssh_keygen = pytest.mark.skipif(SSH_KEYGEN is None, reason="ssh-keygen is not installed")
CREATE = "(create one with: minecheck keys generate)"
MESSAGE = b"[minecheck]\n\n"


def keygen(*args: str, stdin: bytes = b"", check: bool = True) -> subprocess.CompletedProcess[str]:
    assert SSH_KEYGEN is not None
    env = {k: v for k, v in os.environ.items() if k != "SSH_AUTH_SOCK"}
    result = subprocess.run(
        [SSH_KEYGEN, *args],
        input=stdin.decode(),
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=60,
    )
    if check:
        assert result.returncode == 0, result.stderr
    return result


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask() -> Iterator[None]:
    """A permissive umask, so that the modes checked are the ones the code sets."""
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


# -- generate --------------------------------------------------------------------------------


@pytest.mark.usefixtures("umask")
def test_generate_writes_private_and_public_files(tmp_path: Path) -> None:
    key = tmp_path / "new" / "keys" / "id_ed25519"
    public = generate(key, "wang.wei@hlj.example", None)
    assert mode(key) == 0o600
    assert mode(key.parent) == 0o700
    assert mode(public_key_path(key)) == 0o644
    assert key.read_text().startswith("-----BEGIN OPENSSH PRIVATE KEY-----\n")
    assert key.read_text().endswith("-----END OPENSSH PRIVATE KEY-----\n")
    pub_text = (tmp_path / "new" / "keys" / "id_ed25519.pub").read_text()
    assert pub_text == public.openssh("wang.wei@hlj.example") + "\n"
    assert pub_text.startswith("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI")
    assert load_public(public_key_path(key)) == (public, "wang.wei@hlj.example")
    assert not is_encrypted(key)
    assert load_private(key, None).public_key == public
    assert load_private(key, b"ignored for an unencrypted key").public_key == public


@pytest.mark.parametrize("mask", [0o022, 0o277])
def test_the_directory_generate_makes_is_0700_whatever_the_umask(tmp_path: Path, mask: int) -> None:
    """SPEC 3: keys live in a 0700 directory; a umask that takes the owner's own bits (0277)
    would have left it 0500."""
    old = os.umask(mask)
    try:
        generate(tmp_path / "keys" / "k", "", None)
    finally:
        os.umask(old)
    assert mode(tmp_path / "keys") == 0o700
    assert (mode(tmp_path / "keys" / "k"), mode(tmp_path / "keys" / "k.pub")) == (0o600, 0o644)


@pytest.mark.usefixtures("umask")
def test_generate_leaves_an_existing_directory_alone(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir(mode=0o755)
    generate(tmp_path / "d" / "k", "", None)
    assert mode(tmp_path / "d") == 0o755
    assert (tmp_path / "d" / "k.pub").read_text().count(" ") == 1  # no comment field


def test_generate_with_passphrase(tmp_path: Path) -> None:
    key = tmp_path / "k"
    public = generate(key, "a@b", b"correct horse")
    assert is_encrypted(key)
    with pytest.raises(PassphraseRequired, match="is protected by a passphrase") as required:
        load_private(key, None)
    assert required.value.code == "passphrase-required"
    assert isinstance(required.value, InputError)
    with pytest.raises(InputError, match=r"^wrong passphrase for ") as wrong:
        load_private(key, b"correct horsf")
    assert wrong.value.message == f"wrong passphrase for {key}"
    assert wrong.value.code == "wrong-passphrase"
    assert not isinstance(wrong.value, PassphraseRequired)
    with pytest.raises(InputError, match="wrong passphrase"):
        load_private(key, b"")
    assert load_private(key, b"correct horse").public_key == public


def test_empty_passphrase_means_unencrypted(tmp_path: Path) -> None:
    generate(tmp_path / "k", "", b"")
    assert not is_encrypted(tmp_path / "k")


@pytest.mark.parametrize("existing", ["k", "k.pub"])
def test_generate_never_overwrites(tmp_path: Path, existing: str) -> None:
    (tmp_path / existing).write_bytes(b"precious\x00bytes")
    (tmp_path / existing).chmod(0o600)
    with pytest.raises(UsageError, match="already exists") as info:
        generate(tmp_path / "k", "", None)
    assert info.value.message == f"{tmp_path / existing} already exists"
    assert info.value.hint
    assert info.value.code == "file-exists"  # (what --json gives scripts to match on)
    assert [p.name for p in tmp_path.iterdir()] == [existing]
    assert (tmp_path / existing).read_bytes() == b"precious\x00bytes"


def test_generate_never_follows_a_dangling_symlink(tmp_path: Path) -> None:
    (tmp_path / "k").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(UsageError, match="already exists"):
        generate(tmp_path / "k", "", None)
    assert not (tmp_path / "elsewhere").exists()


@pytest.mark.parametrize("comment", ["a\nb", "a\rb", "a\r\n"])
def test_generate_refuses_a_multiline_comment(tmp_path: Path, comment: str) -> None:
    """A CR alone ends a line too (an old Mac's, or a pasted Windows line): the public key
    file would hold two lines, or a line a reader cuts at the CR."""
    with pytest.raises(UsageError, match="single line"):
        generate(tmp_path / "k", comment, None)
    assert list(tmp_path.iterdir()) == []


def test_generated_keys_differ(tmp_path: Path) -> None:
    assert generate(tmp_path / "a", "", None) != generate(tmp_path / "b", "", None)


# -- ssh-keygen interoperability -------------------------------------------------------------


@needs_ssh_keygen
def test_generated_keys_work_with_ssh_keygen(tmp_path: Path) -> None:
    plain, locked = tmp_path / "plain", tmp_path / "locked"
    plain_pub = generate(plain, "p@x", None)
    locked_pub = generate(locked, "l@x", b"s3cret pass")
    assert PublicKey.from_openssh(keygen("-y", "-f", str(plain)).stdout) == plain_pub
    derived = keygen("-y", "-P", "s3cret pass", "-f", str(locked)).stdout
    assert PublicKey.from_openssh(derived) == locked_pub
    assert keygen("-y", "-P", "wrong", "-f", str(locked), check=False).returncode != 0
    fingerprint = keygen("-l", "-f", str(public_key_path(plain))).stdout.split()
    assert fingerprint[1:] == [plain_pub.fingerprint(), "p@x", "(ED25519)"]
    # ssh-keygen signs with our key file, and the result is ours byte for byte
    theirs = keygen("-Y", "sign", "-n", NAMESPACE_FINDINGS, "-f", str(plain), stdin=MESSAGE)
    assert verify(parse_armored(theirs.stdout), MESSAGE, NAMESPACE_FINDINGS)
    assert sign(load_private(plain, None), MESSAGE, NAMESPACE_FINDINGS) == theirs.stdout


@needs_ssh_keygen
@pytest.mark.parametrize("passphrase", ["", "pass phrase"])
def test_ssh_keygen_keys_load(tmp_path: Path, passphrase: str) -> None:
    key = tmp_path / "id_ed25519"
    keygen("-q", "-t", "ed25519", "-N", passphrase, "-C", "me@host", "-f", str(key))
    public, comment = load_public(public_key_path(key))
    assert comment == "me@host"
    assert is_encrypted(key) == bool(passphrase)
    if passphrase:
        with pytest.raises(PassphraseRequired):
            load_private(key, None)
        with pytest.raises(InputError, match="wrong passphrase"):
            load_private(key, b"nope")
    signer = load_private(key, passphrase.encode() if passphrase else None)
    assert signer.public_key == public
    fingerprint = keygen("-l", "-f", str(key)).stdout.split()[1]
    assert signer.public_key.fingerprint() == fingerprint


@needs_ssh_keygen
def test_unsupported_cipher_is_named(tmp_path: Path) -> None:
    key = tmp_path / "k"
    keygen("-q", "-t", "ed25519", "-N", "pw", "-Z", "chacha20-poly1305@openssh.com", "-f", str(key))
    assert is_encrypted(key)
    with pytest.raises(InputError, match=r"chacha20-poly1305@openssh\.com") as info:
        load_private(key, b"pw")
    assert info.value.code == "unsupported-cipher"
    assert info.value.hint == f"re-encrypt it: ssh-keygen -p -Z aes256-ctr -f {key}"


@needs_ssh_keygen
@pytest.mark.parametrize(
    ("args", "kind"),
    [
        (["-t", "rsa", "-b", "1024"], "an RSA key"),
        (["-t", "rsa", "-b", "1024", "-m", "PEM"], "an RSA key"),
        (["-t", "ecdsa", "-b", "256"], "an ECDSA key"),
        (["-t", "ecdsa", "-b", "256", "-m", "PEM"], "an ECDSA key"),
    ],
)
def test_ssh_keygen_other_key_types_are_refused(tmp_path: Path, args: list[str], kind: str) -> None:
    key = tmp_path / "k"
    keygen("-q", *args, "-N", "pass-phrase", "-f", str(key))  # PEM wants 5 characters or more
    expected = f"{key} is {kind}; minecheck signs with Ed25519 keys only {CREATE}"
    for passphrase in (None, b"pass-phrase"):
        with pytest.raises(InputError) as info:
            load_private(key, passphrase)
        assert info.value.message == expected
        assert info.value.code == "unsupported-key-type"
    with pytest.raises(InputError) as pub_info:
        load_public(public_key_path(key))
    assert pub_info.value.message == f"{public_key_path(key)} is {kind}; " + expected.split("; ")[1]


@pytest.mark.parametrize("kind", ["rsa", "ecdsa"])
def test_other_key_types_from_cryptography_are_refused(tmp_path: Path, kind: str) -> None:
    private: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey = (
        rsa.generate_private_key(65537, 2048)
        if kind == "rsa"
        else ec.generate_private_key(ec.SECP256R1())
    )
    key = tmp_path / "k"
    key.write_bytes(private.private_bytes(Encoding.PEM, PrivateFormat.OpenSSH, NoEncryption()))
    key.chmod(0o600)
    name = "an RSA key" if kind == "rsa" else "an ECDSA key"
    with pytest.raises(InputError, match=f"is {name}; minecheck signs with Ed25519 keys only"):
        load_private(key, None)


# -- refusals ----------------------------------------------------------------------------------


@pytest.mark.parametrize("bits", [0o644, 0o640, 0o604, 0o610, 0o601, 0o660])
def test_key_readable_by_others_is_refused(tmp_path: Path, bits: int) -> None:
    key = tmp_path / "k"
    generate(key, "", b"pw")
    key.chmod(bits)
    expected = f"permissions {bits:04o} for '{key}' are too open; run: chmod 600 {key}"
    for call in (lambda: load_private(key, None), lambda: is_encrypted(key)):
        with pytest.raises(InputError) as info:
            call()
        assert info.value.message == expected
        assert info.value.code == "key-permissions"
    key.chmod(0o600)
    assert is_encrypted(key)
    key.chmod(0o400)
    with pytest.raises(PassphraseRequired):
        load_private(key, None)


def test_missing_and_odd_files(tmp_path: Path) -> None:
    with pytest.raises(InputError) as missing:
        load_private(tmp_path / "nope", None)
    assert missing.value.message == f"key file {tmp_path / 'nope'} does not exist"
    assert missing.value.code == "key-not-found"
    assert missing.value.hint == "create one with: minecheck keys generate"
    with pytest.raises(InputError, match=r": not a regular file \(a directory\)$"):
        load_private(tmp_path, None)
    with pytest.raises(InputError, match="does not exist"):
        load_public(tmp_path / "nope.pub")


def test_public_key_given_as_private_key(tmp_path: Path) -> None:
    generate(tmp_path / "k", "c", None)
    with pytest.raises(InputError) as info:
        load_private(tmp_path / "k.pub", None)
    assert info.value.message == (
        f"{tmp_path / 'k.pub'} is a public key; pass the private key (the file without .pub)"
    )
    with pytest.raises(InputError, match=r"is a private key; pass the public key \(k.pub\)"):
        load_public(tmp_path / "k")


def write_private(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    path.chmod(0o600)
    return path


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "is not an OpenSSH private key"),
        (b"hello\n", "is not an OpenSSH private key"),
        (b"\xff\xfe\x00garbage", "is not an OpenSSH private key"),
        (b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", "not an OpenSSH"),
        (
            b"-----BEGIN OPENSSH PRIVATE KEY-----\n!!!!\n-----END OPENSSH PRIVATE KEY-----\n",
            "is not a valid OpenSSH private key",
        ),
        (
            b"-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n",
            "is not a valid OpenSSH private key",
        ),
        (b"x" * (64 * 1024 + 1), "too large"),
    ],
)
def test_malformed_private_keys(tmp_path: Path, data: bytes, message: str) -> None:
    key = write_private(tmp_path / "k", data)
    with pytest.raises(InputError, match=message):
        load_private(key, None)


def test_corrupted_private_key_body(tmp_path: Path) -> None:
    key = tmp_path / "k"
    generate(key, "", None)
    lines = key.read_text().splitlines(keepends=True)
    middle = lines[3]
    lines[3] = middle[:10] + ("A" if middle[10] != "A" else "B") + middle[11:]
    write_private(tmp_path / "bad", "".join(lines).encode())
    with pytest.raises(InputError, match="is not a valid OpenSSH private key") as info:
        load_private(tmp_path / "bad", None)
    assert info.value.code == "malformed-key"


def test_crlf_private_key_still_loads(tmp_path: Path) -> None:
    key = tmp_path / "k"
    public = generate(key, "", None)
    write_private(tmp_path / "crlf", key.read_text().replace("\n", "\r\n").encode())
    assert load_private(tmp_path / "crlf", None).public_key == public


def test_encrypted_key_from_cryptography(tmp_path: Path) -> None:
    """Keys written by other tools through `cryptography` (aes256-ctr, bcrypt) load too."""
    generate(tmp_path / "src", "", None)
    signer = load_private(tmp_path / "src", None)
    data = signer.private_key.private_bytes(
        Encoding.PEM, PrivateFormat.OpenSSH, BestAvailableEncryption(b"pw")
    )
    key = write_private(tmp_path / "k", data)
    assert load_private(key, b"pw").public_key == signer.public_key


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "found 0"),
        ("# only a comment\n\n", "found 0"),
        ("ssh-ed25519 AAAA\nssh-ed25519 AAAA\n", "found 2"),
        ("ssh-ed25519\n", r"expected 'ssh-ed25519 <base64> \[comment\]'"),
        ("ssh-ed25519 !!!! c\n", "base64 is not valid"),
        ("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5 c\n", "truncated"),
        ('from="x" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5\n', "'from=\"x\"' is not supported"),
        ("ssh-dss AAAA c\n", "is a DSA key"),
        ("sk-ssh-ed25519@openssh.com AAAA c\n", "is a FIDO security key"),
        ("ssh-foo AAAA c\n", "is a 'ssh-foo' key"),
    ],
)
def test_malformed_public_keys(tmp_path: Path, text: str, message: str) -> None:
    pub = tmp_path / "k.pub"
    pub.write_text(text)
    with pytest.raises(InputError, match=message):
        load_public(pub)


def test_a_key_file_of_exactly_64_kib_is_read_and_one_byte_more_is_not(tmp_path: Path) -> None:
    generate(tmp_path / "k", "c", None)
    line = (tmp_path / "k.pub").read_bytes()
    padded = tmp_path / "padded.pub"
    padded.write_bytes(line + b"#" * (64 * 1024 - len(line) - 1) + b"\n")
    assert padded.stat().st_size == 64 * 1024
    assert load_public(padded) == load_public(tmp_path / "k.pub")
    padded.write_bytes(line + b"#" * (64 * 1024 - len(line)) + b"\n")
    with pytest.raises(InputError) as info:
        load_public(padded)
    assert info.value.message == f"{padded} is too large to be a key file"


def test_public_key_comment_and_blank_lines(tmp_path: Path) -> None:
    key = PublicKey(bytes(range(32)))
    pub = tmp_path / "k.pub"
    pub.write_text(f"# mine\n\n{key.openssh('two words  here')}\n\n")
    assert load_public(pub) == (key, "two words  here")
    pub.write_text(key.openssh())
    assert load_public(pub) == (key, "")


def test_generate_removes_its_private_key_when_the_public_file_appears_meanwhile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "k.pub").write_text("someone else's\n")
    monkeypatch.setattr(os.path, "lexists", lambda _path: False)  # lose the race
    with pytest.raises(UsageError) as info:
        generate(tmp_path / "k", "", None)
    assert (info.value.message, info.value.code) == (
        f"{tmp_path / 'k.pub'} already exists",
        "file-exists",
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["k.pub"]
    assert (tmp_path / "k.pub").read_text() == "someone else's\n"


def test_generate_reports_write_failures(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "file").write_text("")
    with pytest.raises(InputError, match="file is not a directory, and minecheck needs a dir"):
        generate(tmp_path / "file" / "sub" / "k", "", None)  # (the file in the way named)

    def full(_fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(InputError, match=r"cannot write .*: No space left on device"):
        generate(tmp_path / "k", "", None)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]  # nothing half-written

    def interrupted(_fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        generate(tmp_path / "k", "", None)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]
    with pytest.raises(InputError, match=r"cannot create .*: File name too long"):
        generate(tmp_path / ("k" * 300), "", None)


def test_unreadable_paths(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")
    with pytest.raises(InputError, match=r"cannot read key file .*: Not a directory"):
        load_private(tmp_path / "file" / "k", None)
    os.mkfifo(tmp_path / "fifo")
    with pytest.raises(InputError, match=r"fifo: not a regular file \(a FIFO\)$"):
        load_private(tmp_path / "fifo", None)
    (tmp_path / "k.pub").write_bytes(b"ssh-ed25519 \xff\n")
    with pytest.raises(InputError, match=r"not an OpenSSH public key \(not UTF-8 text\)"):
        load_public(tmp_path / "k.pub")


def rewrite_container(key: Path, edit: Callable[[bytes], bytes]) -> Path:
    lines = key.read_text().splitlines()
    raw = edit(base64.b64decode("".join(lines[1:-1])))
    body = base64.b64encode(raw).decode()
    wrapped = [body[i : i + 70] for i in range(0, len(body), 70)]
    return write_private(key, "\n".join([lines[0], *wrapped, lines[-1], ""]).encode())


def test_container_header_is_checked(tmp_path: Path) -> None:
    key = tmp_path / "k"
    generate(key, "", None)
    magic_and_header = len(b"openssh-key-v1\0") + 3 * 4 + len(b"none") * 2  # + empty kdfoptions
    rewrite_container(
        key, lambda raw: raw[:magic_and_header] + b"\0\0\0\x02" + raw[4 + magic_and_header :]
    )
    with pytest.raises(InputError, match="holds several keys"):
        load_private(key, None)
    generate(tmp_path / "k2", "", None)
    rewrite_container(tmp_path / "k2", lambda raw: raw[: magic_and_header + 6])
    with pytest.raises(InputError, match="is not a valid OpenSSH private key"):
        is_encrypted(tmp_path / "k2")
