"""The KRL reader (`core/krl.py`) under mutation: each test holds one thing a keeper notices."""

from __future__ import annotations

import base64
import hashlib
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from minecheck.core.krl import parse_krl
from minecheck.errors import InputError
from minecheck.i18n import set_language
from tests.helpers_krl import (
    ca_blobs,
    certificates,
    header,
    needs_ssh_keygen,
    section,
    ssh_keygen_verdicts,
    string,
    u64,
)
from tests.helpers_merge import allowed_signers, findings, person


def _refusal(data: bytes) -> InputError:
    with pytest.raises(InputError) as caught:
        parse_krl(data, "revoked.krl")
    return caught.value


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "en",
            "revoked.krl: a key revocation list (KRL) that cannot be read: "
            "a signed KRL (its signature cannot be checked here)",
        ),
        ("zh", "已签名的 KRL（此处无法检查其签名）"),
    ],
)
def test_a_signed_krl_is_refused_saying_it_is_signed(lang: str, said: str) -> None:
    """A signed KRL (section 4) is refused for its signature, not as an unknown section: the
    keeper learns to write it again unsigned."""
    set_language(lang)
    refused = _refusal(header() + section(4, b""))
    assert said in refused.message
    assert "unknown" not in refused.message
    assert refused.hint is not None
    assert "ssh-keygen -k -f revoked.krl KEY.pub..." in refused.hint


@pytest.mark.parametrize("kind", [0, 6, 0x20, 255])
def test_a_section_of_an_unknown_kind_is_refused_naming_its_number(kind: int) -> None:
    refused = _refusal(header() + section(kind, b""))
    assert refused.message == (
        "revoked.krl: a key revocation list (KRL) that cannot be read: "
        f"an unknown KRL section ({kind})"
    )


@pytest.mark.parametrize("version", [0, 2, 2**32 - 1])
def test_a_krl_of_another_format_version_is_refused(version: int) -> None:
    """ssh-keygen reads format version 1 only; another is not read as if it were."""
    refused = _refusal(header(version=version))
    assert refused.message == (
        "revoked.krl: a key revocation list (KRL) that cannot be read: "
        "an unknown KRL format version"
    )
    assert [p.code for p in refused.problems] == ["krl-invalid"]
    assert refused.code == "revoked-keys-invalid"


@needs_ssh_keygen
def test_a_certificate_section_under_a_1024_bit_rsa_ca_is_read(tmp_path: Path) -> None:
    """OpenSSH takes an RSA CA key of 1,024 bits (its least): a KRL naming one is read, and the
    keys it lists are revoked as `ssh-keygen -Q` says, rather than the whole list refused."""
    ca = tmp_path / "ca"
    made = ["ssh-keygen", "-q", "-t", "rsa", "-b", "1024", "-N", "", "-f", str(ca)]
    subprocess.run(made, check=True)
    wang = tmp_path / "wang"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(wang)], check=True)
    pub = Path(f"{wang}.pub")
    blob = base64.b64decode(pub.read_text().split()[1])
    ca_blob = base64.b64decode(Path(f"{ca}.pub").read_text().split()[1])
    target = tmp_path / "revoked.krl"
    target.write_bytes(header() + certificates(ca_blob) + section(2, string(blob)))
    assert ssh_keygen_verdicts(target, [pub]) == [True]
    assert blob in parse_krl(target.read_bytes(), str(target))


# -- at the edges of what OpenSSH reads; a KRL naming one key, and a damaged file -----------


def _ed25519(tmp_path: Path, name: str = "wang") -> tuple[Path, bytes]:
    key = tmp_path / name
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True)
    pub = Path(f"{key}.pub")
    return pub, base64.b64decode(pub.read_text().split()[1])


def _rsa_ca(modulus_bytes: int) -> bytes:
    """An RSA CA key whose modulus is `modulus_bytes` long (its top bit set): 8 bits a byte."""
    modulus = b"\0" + b"\xc5" * (modulus_bytes - 1) + b"\x01"
    return string(b"ssh-rsa") + string(b"\x01\x00\x01") + string(modulus)


def _read_where_ssh_keygen_reads(tmp_path: Path, sections: bytes, read: bool) -> None:
    """A KRL of `sections` and then a key revoked: where `ssh-keygen -Q` reads it (`read`), the
    key is revoked here too; where it refuses the KRL, so does minecheck."""
    pub, blob = _ed25519(tmp_path)
    target = tmp_path / "revoked.krl"
    target.write_bytes(header() + sections + section(2, string(blob)))
    assert ssh_keygen_verdicts(target, [pub]) == ([True] if read else None)
    if read:
        assert blob in parse_krl(target.read_bytes(), str(target))
    else:
        assert "the KRL is truncated or damaged" in _refusal(target.read_bytes()).message


@needs_ssh_keygen
@pytest.mark.parametrize(
    ("modulus_bytes", "read"), [(127, False), (128, True), (2048, True), (2049, False)]
)
def test_an_rsa_ca_key_is_read_from_1024_to_16384_bits_as_ssh_keygen_reads_it(
    tmp_path: Path, modulus_bytes: int, read: bool
) -> None:
    """OpenSSH reads an RSA key of 1,024 to 16,384 bits: a KRL naming such a CA is read and the
    key it lists revoked, as `ssh-keygen -Q` says; at 1,016 or 16,392 bits both refuse it."""
    _read_where_ssh_keygen_reads(tmp_path, certificates(_rsa_ca(modulus_bytes)), read)


@needs_ssh_keygen
@pytest.mark.parametrize(
    ("low", "bitmap", "read"),
    [
        (0, b"\x02", True),  # serial 1 only: bit 0 (serial 0) is clear
        (2**64 - 2, b"\x03", True),  # up to 2^64 - 1 exactly
        (5, b"\x40" + b"\x01" * 2047, True),  # 2,048 bytes: the longest
        (5, b"\0\x80" + b"\x01" * 2047, True),  # 2,048 bytes after a leading zero
        (5, b"\x01" * 2049, False),  # 2,049 bytes, none of them a leading zero
        (0, b"\x01", False),  # serial 0
    ],
    ids=["serial-1", "up-to-2^64-1", "2048-bytes", "2049-bytes-zero-first", "2049-bytes", "0"],
)
def test_a_serial_bitmap_is_read_where_ssh_keygen_reads_it(
    tmp_path: Path, low: int, bitmap: bytes, read: bool
) -> None:
    """A certificate section's bitmap at the edges of what OpenSSH reads: where `ssh-keygen -Q`
    reads the KRL the key it lists is revoked here too (not the whole list refused); where it
    refuses the KRL, so does minecheck."""
    bitmaps = certificates(b"", section(0x22, u64(low) + string(bitmap)))
    _read_where_ssh_keygen_reads(tmp_path, bitmaps, read)


@needs_ssh_keygen
@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "a certificate section's CA key of a kind not read here"),
        ("zh", "证书段的 CA 密钥类型此处无法读取"),
    ],
)
@pytest.mark.parametrize("kind", ["dsa", "fido"])
def test_a_dsa_or_fido_ca_key_is_refused_saying_its_kind_is_not_read(
    tmp_path: Path, lang: str, said: str, kind: str
) -> None:
    """ssh-keygen reads a KRL whose certificate section names a DSA or FIDO CA; minecheck does
    not read such a key, and says so (not "damaged", which would send the keeper looking for a
    broken file)."""
    pub, blob = _ed25519(tmp_path)
    ca = ca_blobs(tmp_path)[2 if kind == "dsa" else 4]
    target = tmp_path / "revoked.krl"
    target.write_bytes(header() + certificates(ca) + section(2, string(blob)))
    assert ssh_keygen_verdicts(target, [pub]) == [True]
    set_language(lang)
    refused = _refusal(target.read_bytes())
    assert refused.message.endswith(said)


@needs_ssh_keygen
@pytest.mark.parametrize("listed", ["whole", "sha256", "sha1"])
def test_a_damaged_file_signed_by_a_key_a_krl_revokes_is_revoked(
    tmp_path: Path, cli: Any, listed: str
) -> None:
    """Revocation wins however the file was damaged (a byte-order mark added): a KRL that names
    the one key only, whole or by one kind of digest, makes `verify` say `revoked`, as a plain
    revoked_keys file does, not `malformed`."""
    wang = person(tmp_path, "wang")
    pub = Path(f"{wang.key}.pub")
    blob = base64.b64decode(pub.read_text().split()[1])
    entry = {
        "whole": section(2, string(blob)),
        "sha256": section(5, string(hashlib.sha256(blob).digest())),
        "sha1": section(3, string(hashlib.sha1(blob).digest())),  # noqa: S324
    }[listed]
    krl = tmp_path / "revoked.krl"
    krl.write_bytes(header() + entry)
    assert ssh_keygen_verdicts(krl, [pub]) == [True]
    damaged = tmp_path / "a.toml"
    damaged.write_bytes(b"\xef\xbb\xbf" + findings(wang, ["compliant"] * 3))
    allowed = allowed_signers(tmp_path / "allowed_signers", wang)
    trust = ["--allowed-signers", str(allowed), "--revoked-keys", str(krl)]
    run = cli(["verify", "--json", str(damaged), *trust])
    assert json.loads(run.stdout)["data"]["files"][0]["status"] == "revoked"
