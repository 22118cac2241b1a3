"""The KRL reader (`core/krl.py`) under mutation: each test holds one thing a keeper notices."""

from __future__ import annotations

import base64
import shutil
import subprocess
from pathlib import Path

import pytest

from minecheck.core.krl import parse_krl
from minecheck.errors import InputError
from minecheck.i18n import set_language
from tests.helpers_krl import certificates, header, section, ssh_keygen_verdicts, string

needs_ssh_keygen = pytest.mark.skipif(
    shutil.which("ssh-keygen") is None, reason="ssh-keygen is not installed"
)


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
