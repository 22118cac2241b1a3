"""Found by the keeper of an office's keys over several years: windows, rotation, revocation.

Each test runs a command as the keeper or a verifier would, and where the same allowed_signers
and revoked_keys reach the real `ssh-keygen -Y verify`, checks that both give the same verdict.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from minecheck.core.sshsig import NAMESPACE_FINDINGS
from tests.helpers_docs import findings_body, seal_with
from tests.helpers_merge import Who, person

WINDOW = 'valid-after="20260101000000Z",valid-before="20260601000000Z"'


def _signed(tmp_path: Path, who: Who, created: dt.datetime, name: str) -> Path:
    doc = tmp_path / name
    doc.write_bytes(
        seal_with(findings_body(who.principal, who.fingerprint, created=created), who.key)
    )
    return doc


def _windowed(tmp_path: Path, who: Who) -> Path:
    """allowed_signers trusting `who` from 2026-01-01 until 2026-06-01 only."""
    allowed = tmp_path / "allowed_signers"
    allowed.write_text(f"{who.principal} {WINDOW} {Path(f'{who.key}.pub').read_text()}")
    return allowed


def test_a_window_s_verdicts_are_said_in_chinese(tmp_path: Path, cli: Any) -> None:
    wang = person(tmp_path, "wang")
    allowed = _windowed(tmp_path, wang)
    early = _signed(tmp_path, wang, dt.datetime(2025, 12, 1, tzinfo=dt.UTC), "early.toml")
    late = _signed(tmp_path, wang, dt.datetime(2026, 7, 1, tzinfo=dt.UTC), "late.toml")
    inside = _signed(tmp_path, wang, dt.datetime(2026, 3, 1, tzinfo=dt.UTC), "inside.toml")
    fp = f"({wang.principal} {wang.fingerprint})"
    run = cli(["verify", "--lang", "zh", "--allowed-signers", str(allowed), str(early), str(late)])
    assert run.exit_code == 1
    assert run.stdout.splitlines()[:2] == [
        f"{early}: key-not-yet-valid: 文件创建时签名密钥尚未生效 {fp}",
        f"{late}: key-expired: 文件创建时签名密钥已过期 {fp}",
    ]
    run = cli(
        ["verify", "--lang", "zh", "--at", "now", "--allowed-signers", str(allowed), str(inside)]
    )
    assert run.exit_code == 1
    assert run.stdout.splitlines()[0] == f"{inside}: key-expired: 检查时签名密钥已过期 {fp}"


# -- a revoked_keys file that is a KRL (`ssh-keygen -k`), read as ssh-keygen reads it ---------

needs_ssh_keygen = pytest.mark.skipif(
    shutil.which("ssh-keygen") is None, reason="ssh-keygen is not installed"
)


def _ssh_keygen(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["ssh-keygen", *args], input=stdin, capture_output=True, check=False)


def _krl(tmp_path: Path, name: str, spec: str | Path) -> Path:
    """A KRL made by ssh-keygen from a public key file or a KRL spec text."""
    if isinstance(spec, str):
        spec_file = tmp_path / f"{name}.spec"
        spec_file.write_text(spec)
        spec = spec_file
    krl = tmp_path / name
    made = _ssh_keygen("-k", "-f", str(krl), str(spec))
    assert made.returncode == 0, made.stderr
    assert krl.read_bytes().startswith(b"SSHKRL\n\0")
    return krl


def _ssh_keygen_verifies(doc: Path, allowed: Path, revoked: Path, who: Who) -> bool:
    """The stock recipe's verdict (SPEC 2.2) with `revoked` given to `-r`."""
    data = doc.read_bytes()
    body, trailer = data[: data.rindex(b"[signature]\n")], data[data.rindex(b"[signature]\n") :]
    sig = doc.with_suffix(".sig")
    sig.write_bytes(trailer[trailer.index(b"-----BEGIN") : trailer.rindex(b"'''")])
    ran = _ssh_keygen(
        "-Y", "verify", "-f", str(allowed), "-I", who.principal, "-n", NAMESPACE_FINDINGS,
        "-O", "verify-time=20260301000000Z", "-r", str(revoked), "-s", str(sig),
        stdin=body,
    )  # fmt: skip
    return ran.returncode == 0


@needs_ssh_keygen
def test_a_krl_revokes_in_every_form_ssh_keygen_writes(tmp_path: Path, cli: Any) -> None:
    wang, li = person(tmp_path, "wang"), person(tmp_path, "li")
    allowed = _windowed(tmp_path, wang)
    doc = _signed(tmp_path, wang, dt.datetime(2026, 3, 1, tzinfo=dt.UTC), "wang.toml")
    pub = Path(f"{wang.key}.pub")
    key = " ".join(pub.read_text().split()[:2])
    others = tmp_path / "others.pub"  # an RSA and an ECDSA key beside Li's Ed25519 one
    for kind in ("rsa", "ecdsa"):
        assert _ssh_keygen("-q", "-t", kind, "-N", "", "-f", str(tmp_path / kind)).returncode == 0
    others.write_text(
        "".join(Path(f"{tmp_path / k}.pub").read_text() for k in ("rsa", "ecdsa"))
        + Path(f"{li.key}.pub").read_text()
    )
    forms: dict[str, tuple[str | Path, bool]] = {
        "whole.krl": (pub, True),
        "hash.krl": (f"hash: {wang.fingerprint}\n", True),
        "sha256.krl": (f"sha256: {key}\n", True),
        "sha1.krl": (f"sha1: {key}\n", True),
        "others.krl": (others, False),
    }
    for name, (spec, revoked) in forms.items():
        krl = _krl(tmp_path, name, spec)
        assert _ssh_keygen_verifies(doc, allowed, krl, wang) is not revoked, name
        run = cli(
            ["verify", "--allowed-signers", str(allowed), "--revoked-keys", str(krl), str(doc)]
        )
        status = "revoked" if revoked else "trusted"
        assert (run.exit_code, run.stderr) == (int(revoked), f"1 document: 1 {status}\n"), name
        assert run.stdout.startswith(f"{doc}: {status}: "), name
        run = cli(
            ["summary", "--allowed-signers", str(allowed), "--revoked-keys", str(krl), str(doc)]
        )
        assert (run.exit_code == 0) is not revoked, name
        said = f"key {wang.fingerprint} is revoked"
        left_out = f"minecheck: warning: {doc}: left out: revoked: {said}\n"
        assert (left_out in run.stderr) is revoked, name


@needs_ssh_keygen
def test_trust_list_names_a_krl_s_keys_as_ssh_keygen_does(tmp_path: Path, cli: Any) -> None:
    wang = person(tmp_path, "wang")
    key = " ".join(Path(f"{wang.key}.pub").read_text().split()[:2])
    krl = _krl(tmp_path, "sha1.krl", f"sha1: {key}\nhash: {wang.fingerprint}\n")
    sha1 = _ssh_keygen("-l", "-E", "sha1", "-f", f"{wang.key}.pub").stdout.split()[1].decode()
    allowed = _windowed(tmp_path, wang)
    run = cli(["trust", "list", "--allowed-signers", str(allowed), "--revoked-keys", str(krl)])
    assert run.exit_code == 0
    assert run.stdout.splitlines()[-2:] == [f"revoked: {wang.fingerprint}", f"revoked: {sha1}"]


@needs_ssh_keygen
def test_trust_revoke_does_not_write_text_into_a_krl(tmp_path: Path, cli: Any) -> None:
    wang, li = person(tmp_path, "wang"), person(tmp_path, "li")
    krl = _krl(tmp_path, "revoked.krl", Path(f"{wang.key}.pub"))
    before = krl.read_bytes()
    run = cli(["trust", "revoke", "--revoked-keys", str(krl), f"{li.key}.pub"])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == (
        f"minecheck: error: {krl} is a key revocation list (KRL); minecheck does not write into"
        f" one\n  hint: add the key to it with:\n    ssh-keygen -k -u -f {krl} KEY.pub\n"
    )
    run = cli(["trust", "revoke", "--lang", "zh", "--revoked-keys", str(krl), f"{li.key}.pub"])
    assert run.stderr.startswith(f"minecheck: error: {krl} 是密钥吊销列表（KRL）")
    run = cli(["trust", "revoke", "--revoked-keys", str(krl), f"{wang.key}.pub"])
    assert (run.exit_code, run.stderr) == (
        0,
        f"minecheck: warning: {wang.fingerprint} is already revoked in {krl}\n",
    )
    assert krl.read_bytes() == before


def test_a_damaged_krl_stops_verify_with_the_command_to_make_it_again(
    tmp_path: Path, cli: Any
) -> None:
    wang = person(tmp_path, "wang")
    allowed = _windowed(tmp_path, wang)
    doc = _signed(tmp_path, wang, dt.datetime(2026, 3, 1, tzinfo=dt.UTC), "wang.toml")
    krl = tmp_path / "revoked.krl"
    krl.write_bytes(b"SSHKRL\n\0\0\0\0\1" + b"\0" * 10)  # cut short in its header
    run = cli(["verify", "--allowed-signers", str(allowed), "--revoked-keys", str(krl), str(doc)])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == (
        f"{krl}:1:1: the KRL is truncated or damaged\n"
        f"minecheck: error: {krl}: a key revocation list (KRL) that cannot be read: the KRL is"
        f" truncated or damaged\n  hint: write it again with:\n"
        f"    ssh-keygen -k -f {krl} KEY.pub...\n"
    )


# -- "who could sign on that day?": trust list --at -------------------------------------------


def test_trust_list_at_a_time_names_only_the_keys_that_could_sign_then(
    tmp_path: Path, cli: Any
) -> None:
    old, new, lost, other = (person(tmp_path, n) for n in ("old", "new", "lost", "other"))

    def line(who: Who, principal: str, options: str) -> str:
        return f"{principal} {options} {Path(f'{who.key}.pub').read_text()}"

    allowed = tmp_path / "allowed_signers"
    allowed.write_text(
        line(old, "wang@hlj.example", WINDOW)  # retired on 2026-06-01
        + line(new, "wang@hlj.example", 'valid-after="20260601000000Z"')  # its successor
        + line(lost, "li@hlj.example", 'valid-after="20250101Z"')  # revoked below
        + line(other, "zhao@hlj.example", 'namespaces="file"')  # signs no minecheck document
    )
    revoked = tmp_path / "revoked_keys"
    revoked.write_text(Path(f"{lost.key}.pub").read_text())
    files = ["--allowed-signers", str(allowed), "--revoked-keys", str(revoked)]

    def listed(at: str) -> list[str]:
        run = cli(["trust", "list", "--json", "--at", at, *files])
        assert run.exit_code == 0, run.stdout
        return [row["fingerprint"] for row in run.json()["data"]["signers"]]

    assert listed("2026-03-01") == [old.fingerprint]
    assert listed("2026-06-01T00:00:00Z") == [old.fingerprint, new.fingerprint]  # both ends count
    assert listed("20260601000001Z") == [new.fingerprint]
    run = cli(["trust", "list", "--at", "2025-06-01", *files])
    assert (run.exit_code, run.stdout) == (0, f"revoked: {lost.fingerprint}\n")
    assert run.stderr == f"{allowed}: no key could sign at 2025-06-01T00:00:00Z\n"
    run = cli(["trust", "list", "--lang", "zh", "--at", "2025-06-01", *files])
    assert run.stderr == f"{allowed}：2025-06-01T00:00:00Z 时没有可签名的密钥\n"
    run = cli(["trust", "list", "--at", "2026-02-30", *files])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == (
        "minecheck: error: --at '2026-02-30' is not a time\n"
        "  hint: use 2026-01-31, 2026-01-31T08:00:00Z or 20260131Z (always UTC)\n"
    )


# -- keys of other types offered to the keeper ------------------------------------------------


def _pub(path: Path, key_type: bytes, *fields: bytes) -> Path:
    import base64
    import struct

    blob = b"".join(struct.pack(">I", len(f)) + f for f in (key_type, *fields))
    path.write_text(f"{key_type.decode()} {base64.b64encode(blob).decode()} x@hlj.example\n")
    return path


def test_a_security_key_or_a_certificate_offered_to_trust_add_is_named_plainly(
    tmp_path: Path, cli: Any
) -> None:
    sk = _pub(tmp_path / "sk.pub", b"sk-ssh-ed25519@openssh.com", b"\1" * 32, b"ssh:")
    cert = _pub(tmp_path / "cert.pub", b"ssh-ed25519-cert-v01@openssh.com", b"\1" * 32)
    hint = "ask its signer for an Ed25519 key; minecheck keys generate makes one"
    for pub, kind in ((sk, "a FIDO security key (sk-*)"), (cert, "an OpenSSH certificate")):
        run = cli(["trust", "add", "--principal", "x@hlj.example", "--key", str(pub)])
        assert (run.exit_code, run.stdout) == (2, "")
        assert run.stderr == (
            f"minecheck: error: {pub} is {kind}; minecheck signs with Ed25519 keys only ({hint})\n"
        )


@needs_ssh_keygen
def test_a_summary_remembered_is_not_served_once_a_krl_revokes_its_key_by_digest(
    tmp_path: Path, cli: Any
) -> None:
    wang, li = person(tmp_path, "wang"), person(tmp_path, "li")
    allowed = _windowed(tmp_path, wang)
    doc = _signed(tmp_path, wang, dt.datetime(2026, 3, 1, tzinfo=dt.UTC), "wang.toml")
    others = _krl(tmp_path, "others.krl", f"hash: {li.fingerprint}\n")
    ours = _krl(tmp_path, "ours.krl", f"hash: {wang.fingerprint}\n")
    for krl, code in ((others, 0), (ours, 2), (others, 0), (ours, 2)):
        args = ["--allowed-signers", str(allowed), "--revoked-keys", str(krl), str(doc)]
        run = cli(["summary", "--as-of", "2026-12-01", *args])
        assert run.exit_code == code, krl


def test_trust_list_marks_a_revoked_key_s_line(tmp_path: Path, cli: Any) -> None:
    """Without --at, a revoked key's allowed_signers line was listed like any other, its
    revocation only in a line below: a keeper reading the table took it as trusted. The row
    says so, in both languages and in --json."""
    lost, kept = person(tmp_path, "lost"), person(tmp_path, "kept")
    allowed = tmp_path / "allowed_signers"
    allowed.write_text(
        "".join(f"{w.principal} {Path(f'{w.key}.pub').read_text()}" for w in (lost, kept))
    )
    revoked = tmp_path / "revoked_keys"
    revoked.write_text(Path(f"{lost.key}.pub").read_text())
    files = ["--allowed-signers", str(allowed), "--revoked-keys", str(revoked)]
    rows = cli(["trust", "list", "--json", *files]).json()["data"]["signers"]
    assert [(row["fingerprint"], row["revoked"]) for row in rows] == [
        (lost.fingerprint, True),
        (kept.fingerprint, False),
    ]
    shown = cli(["trust", "list", *files]).stdout
    lost_row, kept_row = shown.split(kept.principal)  # (a cell may fold onto a line below)
    assert lost.fingerprint in lost_row
    assert "(revoked)" in lost_row
    assert "revoked" not in kept_row.split("\nrevoked: ")[0]
    shown = cli(["trust", "list", "--lang", "zh", *files]).stdout
    assert "（已吊销）" in shown.split(kept.principal)[0]


def test_trust_remove_key_takes_out_one_key_of_a_principal(tmp_path: Path, cli: Any) -> None:
    """A key added by mistake beside the principal's right one: `trust remove P` took every
    line of P. `--key` (a .pub file or a fingerprint) takes only that key's lines; the other
    stays trusted, the file otherwise byte for byte."""
    wrong, right = person(tmp_path, "wrong"), person(tmp_path, "right")
    allowed = tmp_path / "allowed_signers"
    keys = {w: Path(f"{w.key}.pub").read_text() for w in (wrong, right)}
    allowed.write_text(
        f"# office list\nwang@hlj.example {keys[right]}"
        f"wang@hlj.example,li@hlj.example {keys[wrong]}"
    )
    files = ["--allowed-signers", str(allowed)]
    run = cli(["trust", "remove", "wang@hlj.example", "--key", f"{wrong.key}.pub", *files])
    assert (run.exit_code, run.stdout) == (0, "")
    assert run.stderr == f"{allowed}: removed wang@hlj.example from 1 line\n"
    assert allowed.read_text() == (
        f"# office list\nwang@hlj.example {keys[right]}li@hlj.example {keys[wrong]}"
    )
    run = cli(["trust", "remove", "wang@hlj.example", "--key", wrong.fingerprint, *files])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == (
        f"minecheck: error: 'wang@hlj.example' has no line with key {wrong.fingerprint} in "
        f"{allowed}\n"
    )
    run = cli(["trust", "remove", "li@hlj.example", "--key", wrong.fingerprint, *files])
    assert run.exit_code == 0
    assert allowed.read_text() == f"# office list\nwang@hlj.example {keys[right]}"


@pytest.mark.parametrize(
    "command", [["trust", "add", "--principal", "r@x", "--key"], ["trust", "revoke"]]
)
def test_another_type_of_key_offered_to_the_keeper_is_asked_of_its_signer(
    tmp_path: Path, cli: Any, command: list[str]
) -> None:
    """An RSA key given to `trust add` told the keeper to `create one with: minecheck keys
    generate`, as if the key were the keeper's own: the keeper is told to ask its signer."""
    rsa = tmp_path / "rsa.pub"
    subprocess.run(
        [
            "ssh-keygen",
            "-q",
            "-t",
            "rsa",
            "-b",
            "2048",
            "-N",
            "",
            "-C",
            "r@x",
            "-f",
            rsa.with_suffix(""),
        ],
        check=True,
    )
    run = cli([*command, str(rsa)])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == (
        f"minecheck: error: {rsa} is an RSA key; minecheck signs with Ed25519 keys only (ask "
        "its signer for an Ed25519 key; minecheck keys generate makes one)\n"
    )
    run = cli([*command, str(rsa), "--lang", "zh"])
    assert "请签名人提供 Ed25519 密钥" in run.stderr
