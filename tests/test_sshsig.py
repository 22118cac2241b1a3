"""SSHSIG: byte-exact interoperability with OpenSSH, strict parsing, tamper resistance."""

from __future__ import annotations

import base64
import os
import shutil
import string
import struct
import subprocess
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    load_ssh_private_key,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from minecheck.core.sshsig import (
    NAMESPACE_FINDINGS,
    NAMESPACE_MERGED,
    KeySigner,
    PublicKey,
    Signature,
    SSHFormatError,
    armor,
    dearmor,
    encode_signature,
    parse_armored,
    parse_blob,
    sign,
    signed_data,
    ssh_string,
    verify,
)

SSH_KEYGEN = shutil.which("ssh-keygen")
needs_ssh_keygen = pytest.mark.skipif(SSH_KEYGEN is None, reason="ssh-keygen is not installed")

SIGNER = KeySigner(Ed25519PrivateKey.from_private_bytes(bytes(range(32))))
OTHER = KeySigner(Ed25519PrivateKey.from_private_bytes(bytes(range(1, 33))))
MESSAGE = b'[minecheck]\nformat = "minecheck.findings/1"\n\n'


def keygen(
    *args: str, stdin: bytes = b"", check: bool = True
) -> subprocess.CompletedProcess[bytes]:
    assert SSH_KEYGEN is not None
    env = {k: v for k, v in os.environ.items() if k != "SSH_AUTH_SOCK"}
    result = subprocess.run(
        [SSH_KEYGEN, *args], input=stdin, capture_output=True, env=env, check=False, timeout=30
    )
    if check:
        assert result.returncode == 0, result.stderr.decode()
    return result


def write_key(path: Path, signer: KeySigner) -> Path:
    data = signer.private_key.private_bytes(Encoding.PEM, PrivateFormat.OpenSSH, NoEncryption())
    path.write_bytes(data)
    path.chmod(0o600)
    return path


def build_blob(
    *,
    magic: bytes = b"SSHSIG",
    version: int = 1,
    pubkey: bytes | None = None,
    namespace: bytes = NAMESPACE_FINDINGS.encode(),
    reserved: bytes = b"",
    hash_alg: bytes = b"sha512",
    sig: bytes | None = None,
) -> bytes:
    if sig is None and hash_alg not in (b"sha512", b"sha256"):
        sig = encode_signature(bytes(64))
    if sig is None:
        raw = SIGNER.sign_raw(signed_data(namespace.decode(), hash_alg.decode(), MESSAGE))
        sig = encode_signature(raw)
    return (
        magic
        + struct.pack(">I", version)
        + ssh_string(SIGNER.public_key.blob if pubkey is None else pubkey)
        + ssh_string(namespace)
        + ssh_string(reserved)
        + ssh_string(hash_alg)
        + ssh_string(sig)
    )


def parses_and_verifies(text: str, message: bytes = MESSAGE, ns: str = NAMESPACE_FINDINGS) -> bool:
    try:
        sig = parse_armored(text)
    except SSHFormatError:
        return False
    return verify(sig, message, ns)


# -- OpenSSH interoperability ----------------------------------------------------------------

CASES = [
    (b"", NAMESPACE_FINDINGS),
    (MESSAGE, NAMESPACE_MERGED),
    (bytes(range(256)) * 64, "file"),
    (b"x", "n" * 40),  # the base64 fills exactly four 70-column lines
    ("检查\n".encode(), "命名空间"),
]


@needs_ssh_keygen
@pytest.mark.parametrize(("message", "namespace"), CASES)
@pytest.mark.parametrize("hash_alg", ["sha512", "sha256"])
def test_sign_is_byte_identical_to_ssh_keygen(
    tmp_path: Path, message: bytes, namespace: str, hash_alg: str
) -> None:
    key = write_key(tmp_path / "id", SIGNER)
    theirs = keygen(
        "-Y", "sign", "-n", namespace, "-f", str(key), "-O", f"hashalg={hash_alg}", stdin=message
    ).stdout.decode()
    ours = sign(SIGNER, message, namespace, hash_alg=hash_alg)
    assert ours == theirs
    assert "\n\n" not in ours


def test_sign_defaults_to_sha512_and_wraps_at_70() -> None:
    text = sign(SIGNER, MESSAGE, NAMESPACE_FINDINGS)
    lines = text.splitlines()
    assert lines[0] == "-----BEGIN SSH SIGNATURE-----"
    assert lines[-1] == "-----END SSH SIGNATURE-----"
    assert text.endswith("-----END SSH SIGNATURE-----\n")
    assert all(len(line) == 70 for line in lines[1:-2])
    assert 0 < len(lines[-2]) <= 70
    sig = parse_armored(text)
    assert sig.hash_alg == "sha512"
    assert sig.namespace == NAMESPACE_FINDINGS
    assert sig.public_key == SIGNER.public_key
    assert sig.blob == dearmor(text)
    assert len(sig.signature) == 64


@needs_ssh_keygen
def test_ssh_keygen_verifies_our_signature(tmp_path: Path) -> None:
    sig_file = tmp_path / "body.sig"
    sig_file.write_text(sign(SIGNER, MESSAGE, NAMESPACE_FINDINGS))
    allowed = tmp_path / "allowed_signers"
    allowed.write_text(
        f'wang.wei@hlj.example namespaces="{NAMESPACE_FINDINGS}" {SIGNER.public_key.openssh()}\n'
        f"other@x {OTHER.public_key.openssh()}\n"
    )
    common = ["-n", NAMESPACE_FINDINGS, "-s", str(sig_file)]
    good = keygen(
        "-Y", "verify", "-f", str(allowed), "-I", "wang.wei@hlj.example", *common, stdin=MESSAGE
    )
    assert b'Good "minecheck-findings-v1" signature for wang.wei@hlj.example' in good.stdout
    keygen("-Y", "check-novalidate", *common, stdin=MESSAGE)
    found = keygen("-Y", "find-principals", "-f", str(allowed), "-s", str(sig_file))
    assert found.stdout == b"wang.wei@hlj.example\n"
    # the harness can fail: a changed body, another principal, another namespace
    args = ["-Y", "verify", "-f", str(allowed), "-I", "wang.wei@hlj.example"]
    assert keygen(*args, *common, stdin=MESSAGE + b" ", check=False).returncode != 0
    wrong_ns = ["-n", NAMESPACE_MERGED, "-s", str(sig_file)]
    assert keygen(*args, *wrong_ns, stdin=MESSAGE, check=False).returncode != 0
    other = ["-Y", "verify", "-f", str(allowed), "-I", "other@x", *common]
    assert keygen(*other, stdin=MESSAGE, check=False).returncode != 0


@needs_ssh_keygen
@pytest.mark.parametrize("hash_alg", ["sha512", "sha256"])
def test_ssh_keygen_signature_verifies_with_us(tmp_path: Path, hash_alg: str) -> None:
    key = tmp_path / "id_ed25519"
    keygen("-q", "-t", "ed25519", "-N", "", "-C", "a@b", "-f", str(key))
    armored = keygen(
        "-Y", "sign", "-n", NAMESPACE_MERGED, "-f", str(key), "-O", f"hashalg={hash_alg}",
        stdin=MESSAGE,
    ).stdout.decode()  # fmt: skip
    sig = parse_armored(armored)
    assert sig.hash_alg == hash_alg
    assert sig.public_key == PublicKey.from_openssh(Path(f"{key}.pub").read_text())
    assert verify(sig, MESSAGE, NAMESPACE_MERGED)
    assert not verify(sig, MESSAGE, NAMESPACE_FINDINGS)
    assert not verify(sig, MESSAGE + b"\n", NAMESPACE_MERGED)
    loaded = load_ssh_private_key(key.read_bytes(), None)
    assert isinstance(loaded, Ed25519PrivateKey)
    assert sign(KeySigner(loaded), MESSAGE, NAMESPACE_MERGED, hash_alg=hash_alg) == armored


@needs_ssh_keygen
def test_fingerprint_matches_ssh_keygen(tmp_path: Path) -> None:
    for signer in (SIGNER, OTHER, KeySigner.generate()):
        pub = tmp_path / "k.pub"
        pub.write_text(signer.public_key.openssh("c@d") + "\n")
        out = keygen("-l", "-f", str(pub)).stdout.decode().split()
        assert out[1] == signer.public_key.fingerprint()
        assert out[0] == "256"
        assert out[-1] == "(ED25519)"


# -- armor strictness ------------------------------------------------------------------------

ARMORED = sign(SIGNER, MESSAGE, NAMESPACE_FINDINGS)
B64 = "".join(ARMORED.splitlines()[1:-1])


def noncanonical(b64: str) -> str:
    """The same bytes with an unused low bit of the last base64 digit set."""
    alphabet = string.ascii_uppercase + string.ascii_lowercase + string.digits + "+/"
    data = b64.rstrip("=")
    assert len(data) % 4, "needs padding, hence unused bits"
    last = alphabet[alphabet.index(data[-1]) ^ 1]
    return data[:-1] + last + b64[len(data) :]


def rewrap(b64: str, width: int = 70) -> str:
    lines = [b64[i : i + width] for i in range(0, len(b64), width)]
    return (
        "\n".join(["-----BEGIN SSH SIGNATURE-----", *lines, "-----END SSH SIGNATURE-----"]) + "\n"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (ARMORED.replace("\n", "\r\n"), "carriage return"),
        (ARMORED + "\n", "must end with"),
        (ARMORED + "x\n", "must end with"),
        (ARMORED[:-1], "must end with"),
        (ARMORED.replace("-----END SSH SIGNATURE-----\n", ""), "must end with"),
        ("\n" + ARMORED, "must begin with"),
        (" " + ARMORED, "must begin with"),
        ("-----BEGIN SSH SIGNATURE-----\n-----END SSH SIGNATURE-----\n", "no base64 lines"),
        (ARMORED.replace("-----BEGIN SSH SIGNATURE-----\n", ""), "must begin with"),
        (rewrap(B64, 71), "line 2 has 71 characters"),
        (rewrap(B64, 69), "line 2 has 69 characters"),
        (rewrap(B64, 68), "line 2 has 68 characters"),
        (rewrap(B64).replace("\n-----END", "\n\n-----END"), "line 5 has 46 characters"),
        (rewrap("").replace("-----\n-----END", "-----\n\n-----END"), "line 2 has 0 characters"),
        (rewrap(B64.rstrip("=")), "not valid base64"),
        (rewrap(B64 + "="), "not valid base64"),
        (rewrap(noncanonical(B64)), "not canonical base64"),
        (rewrap(B64[:-1] + "\u00e9"), "not valid base64"),
        (rewrap(B64[:-6] + "!" + B64[-5:]), "not valid base64"),
        (
            rewrap(base64.b64encode(dearmor(ARMORED) + b"\0").decode()),
            "1 unexpected trailing byte$",
        ),
    ],
)
def test_armor_deviations_are_rejected(text: str, message: str) -> None:
    with pytest.raises(SSHFormatError, match=message):
        parse_armored(text)


def test_armor_roundtrip_and_canonical_padding() -> None:
    assert rewrap(B64) == ARMORED
    assert armor(dearmor(ARMORED)) == ARMORED
    assert base64.b64decode(noncanonical(B64)) == dearmor(ARMORED)
    assert noncanonical(B64) != B64


# -- blob strictness -------------------------------------------------------------------------


def rsa_blob() -> bytes:
    return ssh_string(b"ssh-rsa") + ssh_string(b"\x01\x00\x01") + ssh_string(b"\x00\xc3" * 64)


@pytest.mark.parametrize(
    ("blob", "message"),
    [
        (build_blob(magic=b"SSHSIH"), "bad magic"),
        (b"SSHS", "truncated"),
        (build_blob(version=2), "version 2"),
        (build_blob(version=0), "version 0"),
        (build_blob(pubkey=rsa_blob()), "'ssh-rsa' is not supported"),
        (build_blob(pubkey=ssh_string(b"ssh-ed25519") + ssh_string(bytes(31))), "not 31"),
        (build_blob(pubkey=SIGNER.public_key.blob + b"\0"), "trailing"),
        (build_blob(namespace=b""), "namespace is empty"),
        (build_blob(namespace=b"\xff\xfe", sig=encode_signature(bytes(64))), "not valid UTF-8"),
        (build_blob(reserved=b"x"), "reserved field is not empty"),
        (build_blob(hash_alg=b"sha511"), "'sha511' is not sha512"),
        (build_blob(hash_alg=b"sha1"), "'sha1' is not sha512"),
        (build_blob(hash_alg=b"SHA512"), "'SHA512'"),
        (build_blob(sig=ssh_string(b"ssh-rsa") + ssh_string(bytes(64))), "'ssh-rsa' is not"),
        (build_blob(sig=encode_signature(bytes(63))), "64 bytes, not 63"),
        (build_blob(sig=encode_signature(bytes(65))), "64 bytes, not 65"),
        (build_blob(sig=encode_signature(bytes(64)) + b"\0"), "1 unexpected trailing"),
        (build_blob() + b"\0\0", "2 unexpected trailing"),
        (build_blob()[:-1], "truncated"),
        (build_blob()[:10] + b"\xff\xff\xff\xff" + build_blob()[14:], "truncated"),
    ],
)
def test_blob_deviations_are_rejected(blob: bytes, message: str) -> None:
    with pytest.raises(SSHFormatError, match=message):
        parse_blob(blob)
    with pytest.raises(SSHFormatError, match=message):
        parse_armored(armor(blob))


def test_built_blob_is_what_sign_writes() -> None:
    assert armor(build_blob()) == ARMORED
    assert parse_blob(build_blob()) == parse_armored(ARMORED)


# -- verification ----------------------------------------------------------------------------


def test_verify_checks_namespace_message_and_key() -> None:
    sig = parse_armored(ARMORED)
    assert verify(sig, MESSAGE, NAMESPACE_FINDINGS)
    assert not verify(sig, MESSAGE, NAMESPACE_MERGED)
    assert not verify(sig, MESSAGE, NAMESPACE_FINDINGS + " ")
    assert not verify(sig, MESSAGE[:-1], NAMESPACE_FINDINGS)
    assert not verify(sig, MESSAGE + b"\n", NAMESPACE_FINDINGS)
    other_key = Signature(OTHER.public_key, sig.namespace, sig.hash_alg, sig.signature, sig.blob)
    assert not verify(other_key, MESSAGE, NAMESPACE_FINDINGS)
    swapped = Signature(sig.public_key, sig.namespace, "sha256", sig.signature, sig.blob)
    assert not verify(swapped, MESSAGE, NAMESPACE_FINDINGS)
    unknown = Signature(sig.public_key, sig.namespace, "md5", sig.signature, sig.blob)
    assert not verify(unknown, MESSAGE, NAMESPACE_FINDINGS)
    short = Signature(sig.public_key, sig.namespace, sig.hash_alg, sig.signature[:63], sig.blob)
    assert not verify(short, MESSAGE, NAMESPACE_FINDINGS)


def test_signature_in_another_namespace_field_does_not_verify() -> None:
    """A valid signature moved into a blob that claims another namespace or hash."""
    raw = SIGNER.sign_raw(signed_data(NAMESPACE_FINDINGS, "sha512", MESSAGE))
    for blob in (
        build_blob(namespace=NAMESPACE_MERGED.encode(), sig=encode_signature(raw)),
        build_blob(hash_alg=b"sha256", sig=encode_signature(raw)),
    ):
        sig = parse_blob(blob)
        assert not verify(sig, MESSAGE, NAMESPACE_FINDINGS)
        assert not verify(sig, MESSAGE, NAMESPACE_MERGED)


def test_every_single_bit_flip_in_the_armor_fails() -> None:
    assert parses_and_verifies(ARMORED)
    for i, char in enumerate(ARMORED):
        for bit in range(8):
            flipped = chr(ord(char) ^ (1 << bit))
            assert not parses_and_verifies(ARMORED[:i] + flipped + ARMORED[i + 1 :]), (i, bit)


def test_every_single_bit_flip_in_the_blob_fails() -> None:
    blob = dearmor(ARMORED)
    for i in range(len(blob)):
        for bit in range(8):
            mutated = bytearray(blob)
            mutated[i] ^= 1 << bit
            assert not parses_and_verifies(armor(bytes(mutated))), (i, bit)


def test_every_single_bit_flip_in_the_message_fails() -> None:
    sig = parse_armored(ARMORED)
    for i in range(len(MESSAGE)):
        for bit in range(8):
            mutated = bytearray(MESSAGE)
            mutated[i] ^= 1 << bit
            assert not verify(sig, bytes(mutated), NAMESPACE_FINDINGS), (i, bit)


def test_every_single_bit_flip_in_the_namespace_fails() -> None:
    sig = parse_armored(ARMORED)
    ns = NAMESPACE_FINDINGS.encode()
    for i in range(len(ns)):
        for bit in range(7):
            mutated = bytearray(ns)
            mutated[i] ^= 1 << bit
            assert not verify(sig, MESSAGE, mutated.decode()), (i, bit)


def test_hash_name_and_signature_tampering() -> None:
    blob = dearmor(ARMORED)
    with pytest.raises(SSHFormatError, match="sha511"):
        parse_armored(armor(blob.replace(b"sha512", b"sha511")))
    sig = parse_armored(ARMORED)
    for i in range(64):
        raw = bytearray(sig.signature)
        raw[i] ^= 0x80
        tampered = blob.replace(sig.signature, bytes(raw))
        assert not parses_and_verifies(armor(tampered)), i


def test_sign_rejects_bad_arguments() -> None:
    with pytest.raises(ValueError, match="namespace"):
        sign(SIGNER, MESSAGE, "")
    with pytest.raises(ValueError, match="sha1"):
        sign(SIGNER, MESSAGE, NAMESPACE_FINDINGS, hash_alg="sha1")

    class Broken:
        public_key = SIGNER.public_key

        def sign_raw(self, data: bytes) -> bytes:
            return SIGNER.sign_raw(data)[:63]

    with pytest.raises(ValueError, match="63 bytes"):
        sign(Broken(), MESSAGE, NAMESPACE_FINDINGS)


# -- properties ------------------------------------------------------------------------------

namespaces = st.text(min_size=1, max_size=40)


@settings(max_examples=60, deadline=None)
@given(message=st.binary(max_size=4096), namespace=namespaces)
def test_roundtrip(message: bytes, namespace: str) -> None:
    text = sign(SIGNER, message, namespace)
    sig = parse_armored(text)
    assert sig.namespace == namespace
    assert verify(sig, message, namespace)
    assert armor(sig.blob) == text


@settings(max_examples=150, deadline=None)
@given(
    message=st.binary(max_size=256),
    position=st.integers(min_value=0),
    delta=st.integers(min_value=1, max_value=255),
)
def test_random_blob_mutation_never_verifies(message: bytes, position: int, delta: int) -> None:
    blob = dearmor(sign(SIGNER, message, NAMESPACE_FINDINGS))
    mutated = bytearray(blob)
    mutated[position % len(blob)] ^= delta
    assert not parses_and_verifies(armor(bytes(mutated)), message)


@settings(max_examples=60, deadline=None)
@given(message=st.binary(max_size=256), other=st.binary(max_size=256), namespace=namespaces)
def test_signature_covers_exactly_its_message(message: bytes, other: bytes, namespace: str) -> None:
    sig = parse_armored(sign(SIGNER, message, namespace))
    assert verify(sig, other, namespace) == (other == message)
    assert not verify(sig, message, namespace + "x")


# -- keys of small order ---------------------------------------------------------------------

SMALL_ORDER = [
    "0000000000000000000000000000000000000000000000000000000000000000",  # order 4
    "0100000000000000000000000000000000000000000000000000000000000000",  # the identity
    "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",  # order 8
    "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",  # order 8
    "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",  # order 2
    "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",  # 0, written as p
    "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",  # 1, written as p + 1
]
IDENTITY = bytes.fromhex(SMALL_ORDER[1])
SMALL = "a point of small order, which no private key gives, is no Ed25519 public key"


@pytest.mark.parametrize("sign", [0x00, 0x80])
@pytest.mark.parametrize("y", SMALL_ORDER)
def test_a_key_of_small_order_is_refused(y: str, sign: int) -> None:
    raw = bytes.fromhex(y)
    raw = raw[:31] + bytes([raw[31] | sign])
    with pytest.raises(SSHFormatError, match=SMALL):
        PublicKey(raw)


def test_keys_that_are_no_small_order_point_are_read() -> None:
    PublicKey(SIGNER.public_key.raw)  # a real key
    PublicKey(bytes.fromhex(SMALL_ORDER[2][:-2] + "06"))  # one bit from a point of order 8


@needs_ssh_keygen
def test_a_signature_by_the_identity_key_is_refused_though_ssh_keygen_takes_it(
    tmp_path: Path,
) -> None:
    """R = the identity and S = 0 is a valid signature of every message under the identity
    key: ssh-keygen takes it for a message nobody signed; minecheck refuses the key itself."""
    key = ssh_string(b"ssh-ed25519") + ssh_string(IDENTITY)
    forged = build_blob(pubkey=key, sig=encode_signature(IDENTITY + bytes(32)))
    signature = tmp_path / "message.sig"
    signature.write_text(armor(forged))
    taken = keygen(
        *("-Y", "check-novalidate", "-n", NAMESPACE_FINDINGS, "-s", str(signature)),
        stdin=b"a message nobody signed",
    )
    assert taken.returncode == 0
    with pytest.raises(SSHFormatError, match=SMALL):
        parse_armored(armor(forged))
    line = f"x@y ssh-ed25519 {base64.b64encode(key).decode()}"
    from minecheck.core.signers import parse_allowed_signers
    from minecheck.errors import InputError

    with pytest.raises(InputError) as refused:
        parse_allowed_signers(line + "\n", "allowed_signers")
    [problem] = refused.value.problems
    assert (problem.code, problem.message) == ("bad-key", f"invalid ssh-ed25519 key: {SMALL}")
