"""An attacker on the last sessions' changes: the KRL reader, the restore hints, the renamed
copy's search, and the trust commands' new options.

Where the real `ssh-keygen` reads the same input, its verdict is the reference.
"""

from __future__ import annotations

import base64
import hashlib
import os
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from minecheck.core.signers import parse_revoked_keys
from minecheck.errors import InputError
from tests.helpers_krl import (
    ca_blobs,
    certificates,
    header,
    krl,
    needs_ssh_keygen,
    section,
    ssh_keygen_verdicts,
    string,
    u64,
)
from tests.helpers_merge import allowed_signers, person
from tests.test_enterprise import _evidence_followup, signed

# Where minecheck may refuse a KRL ssh-keygen reads: it says so (the refusal is safe)
_SAID_WHY = ("a signed KRL", "CA key of a kind not read here")


def _ours(data: bytes, blobs: list[bytes]) -> list[bool] | str:
    try:
        revoked = parse_revoked_keys(data, "revoked.krl")
    except InputError as exc:
        return str(exc)
    return [blob in revoked for blob in blobs]


def _keys(tmp_path: Path) -> tuple[list[Path], list[bytes]]:
    pubs = [Path(f"{person(tmp_path, name).key}.pub") for name in ("wang", "li", "zhao")]
    return pubs, [base64.b64decode(p.read_text().split()[1]) for p in pubs]


# -- the KRL reader against ssh-keygen -Q ------------------------------------------------------


@needs_ssh_keygen
def test_seeded_krls_get_ssh_keygen_s_verdict_or_are_refused(tmp_path: Path) -> None:
    """Every KRL ssh-keygen cannot read is refused; where both read one, the verdicts agree.
    minecheck may refuse what ssh-keygen reads only where it says why (a signed KRL, a CA key
    of a kind it does not read). 400 KRLs of one seed, the same ones on every run whatever the
    load (the 12 s it ran made 450-700, fewer on a busy machine); KRL_FUZZ_SECONDS runs for
    that long by hand, KRL_FUZZ_SEED another seed."""
    pubs, blobs = _keys(tmp_path)
    cas = ca_blobs(tmp_path)
    seconds = os.environ.get("KRL_FUZZ_SECONDS")
    rng = random.Random(int(os.environ.get("KRL_FUZZ_SEED", "2026")))  # noqa: S311
    target = tmp_path / "revoked.krl"
    end, runs, mismatches = time.monotonic() + float(seconds or 0), 0, []
    while time.monotonic() < end if seconds else runs < 400:
        data = krl(rng, blobs, cas)
        target.write_bytes(data)
        theirs, ours = ssh_keygen_verdicts(target, pubs), _ours(data, blobs)
        runs += 1
        refused = isinstance(ours, str)
        if refused and (theirs is None or any(why in ours for why in _SAID_WHY)):
            continue
        if ours != theirs:
            mismatches.append((data.hex(), theirs, ours))
    assert runs > 100
    assert mismatches == []


@needs_ssh_keygen
@pytest.mark.parametrize(
    "odd",
    [
        certificates(b"", section(0x21, u64(9) + u64(5))),  # a serial range upside down
        certificates(b"", section(0x20, u64(0))),  # serial 0
        certificates(b"", section(0x21, u64(0) + u64(5))),
        certificates(b"", section(0x22, u64(0) + string(b"\x01"))),  # bit 0 at serial 0
        certificates(b"", section(0x22, u64(2**64 - 1) + string(b"\x02"))),  # past 2^64 - 1
        certificates(b"", section(0x22, u64(5) + string(b"\x80"))),  # a negative bitmap
        certificates(b"", section(0x22, u64(5) + string(b"\0\0" + b"\1" * 2048))),  # too long
        certificates(b"", section(0x23, string(b"a\0b"))),  # a NUL inside a key ID
        certificates(b"", section(0x21, u64(1) + u64(2) + b"x")),  # a byte left over
        certificates(b"", section(0x24, b"")),  # an unknown subsection
        certificates(b"\0\0\0\x0bssh-ed25519" + string(b"short")),  # a damaged CA key
        certificates(b"garbage"),
    ],
)
def test_a_krl_ssh_keygen_cannot_read_is_refused(tmp_path: Path, cli: Any, odd: bytes) -> None:
    """ssh-keygen refuses such a KRL (and so fails every verify): minecheck read it past its
    certificate section and said `trusted` of a key the office meant to revoke by it."""
    wang = person(tmp_path, "wang")
    pub = Path(f"{wang.key}.pub")
    target = tmp_path / "revoked.krl"
    target.write_bytes(header() + odd)
    assert ssh_keygen_verdicts(target, [pub]) is None
    allowed = allowed_signers(tmp_path / "allowed_signers", wang)
    run = cli(["trust", "list", "--revoked-keys", str(target), "--allowed-signers", str(allowed)])
    assert (run.exit_code, run.stdout) == (2, "")
    assert f"{target}: a key revocation list (KRL) that cannot be read: " in run.stderr


@needs_ssh_keygen
def test_a_krl_whose_ecdsa_ca_key_is_a_compressed_point_is_refused(tmp_path: Path) -> None:
    """Found by the longer seeded run: a bit flipped in an ECDSA CA key's point stopped minecheck
    with a traceback (the point read as compressed, which OpenSSH does not read)."""
    wang = person(tmp_path, "wang")
    pub = Path(f"{wang.key}.pub")
    ecdsa = ca_blobs(tmp_path)[1]
    at = ecdsa.index(b"\x04", len(ecdsa) - 65)  # the point: 0x04, then x and y
    compressed = ecdsa[:at] + b"\x02" + ecdsa[at + 1 :]
    target = tmp_path / "revoked.krl"
    target.write_bytes(header() + certificates(compressed))
    assert ssh_keygen_verdicts(target, [pub]) is None
    assert "the KRL is truncated or damaged" in str(_ours(target.read_bytes(), []))


@needs_ssh_keygen
def test_a_krl_comment_with_a_nul_inside_is_refused_as_ssh_keygen_refuses_it(
    tmp_path: Path,
) -> None:
    wang = person(tmp_path, "wang")
    pub = Path(f"{wang.key}.pub")
    blob = base64.b64decode(pub.read_text().split()[1])
    target = tmp_path / "revoked.krl"
    for comment, readable in ((b"a\0b", False), (b"end\0", True), (b"office", True)):
        target.write_bytes(header(comment) + section(2, string(blob)))
        assert (ssh_keygen_verdicts(target, [pub]) is not None) is readable
        assert isinstance(_ours(target.read_bytes(), [blob]), list) is readable


@needs_ssh_keygen
def test_a_krl_with_every_kind_of_certificate_section_is_read(tmp_path: Path) -> None:
    pubs, blobs = _keys(tmp_path)
    cas = ca_blobs(tmp_path)
    target = tmp_path / "revoked.krl"
    serials = [
        section(0x20, u64(1) + u64(7)),
        section(0x21, u64(3) + u64(3)),
        section(0x22, u64(2**64 - 8) + string(b"\x7f")),  # up to 2^64 - 2
        section(0x23, string(b"wang") + string(b"")),
    ]
    data = header(b"office") + b"".join(certificates(ca, *serials) for ca in (b"", *cas[:2]))
    data += section(5, string(hashlib.sha256(blobs[1]).digest()))
    target.write_bytes(data)
    assert ssh_keygen_verdicts(target, pubs) == [False, True, False]
    assert _ours(data, blobs) == [False, True, False]


@needs_ssh_keygen
def test_a_krl_of_thousands_of_keys_is_read_at_once(tmp_path: Path) -> None:
    pubs, blobs = _keys(tmp_path)
    rng = random.Random(5)  # noqa: S311
    many = [hashlib.sha256(rng.randbytes(8)).digest() for _ in range(20_000)]
    explicit = [b"\0\0\0\x0bssh-ed25519" + string(rng.randbytes(32)) for _ in range(20_000)]
    data = header() + section(5, b"".join(map(string, [*many, hashlib.sha256(blobs[2]).digest()])))
    data += section(2, b"".join(map(string, [*explicit, blobs[0]])))
    target = tmp_path / "revoked.krl"
    target.write_bytes(data)
    started = time.monotonic()
    assert _ours(data, blobs) == [True, False, True]
    assert time.monotonic() - started < 2
    assert ssh_keygen_verdicts(target, pubs) == [True, False, True]


# -- the restore hint: a command to paste, with a hostile file name in it ----------------------

MINECHECK = Path(sys.executable).with_name("minecheck")  # the installed console script
HOSTILE = [
    "it's.toml",
    "$(touch PWNED).toml",
    "`touch PWNED`.toml",
    "-rf.toml",
    "--help.toml",
    'a "b" c;d|e&.toml',
    "x" * 250 + ".toml",  # the copy's name would pass the 255 bytes a name may have
    # shown escaped at the terminal: the command spells their bytes (`sanitize.shell_word`)
    "a\nb.toml",
    "esc\x1b[31mred.toml",
    os.fsdecode(b"bad\xff.toml"),
]
DAMAGED = {
    "crlf": lambda data: data.replace(b"\n", b"\r\n"),
    "bom": lambda data: b"\xef\xbb\xbf" + data,
    "bom and crlf": lambda data: b"\xef\xbb\xbf" + data.replace(b"\n", b"\r\n"),
}


def _verify(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "400"}
    return subprocess.run(
        [str(MINECHECK), "verify", *args], cwd=cwd, capture_output=True, text=True, env=env,
        check=False,
    )  # fmt: skip


def _advised(stderr: str, language: str) -> str:
    """The restore command: the line under the hint's sentence, on a line of its own."""
    start = {"en": "as it was signed:", "zh": "签署时的原文件："}[language]
    lines = stderr.splitlines()
    [at] = [i for i, line in enumerate(lines) if line.endswith(start)]
    return lines[at + 1].removeprefix("    ")


@pytest.mark.parametrize("damage", sorted(DAMAGED))
@pytest.mark.parametrize("name", HOSTILE)
def test_the_restore_command_is_safe_to_paste_and_gives_back_the_signed_bytes(
    tmp_path: Path, cli: Any, name: str, damage: str
) -> None:
    """The installed command's advice, pasted into a shell, makes a copy with the signed
    bytes (that copy verified in-process: its bytes are what is checked, not the script)."""
    inspector = person(tmp_path, "wang")
    allowed = allowed_signers(tmp_path / "allowed_signers", inspector)
    folder = tmp_path / "inbox"
    folder.mkdir()
    original = signed(inspector)
    (folder / name).write_bytes(DAMAGED[damage](original))
    for language in ("en", "zh"):
        run = _verify("--lang", language, "--allowed-signers", str(allowed), "--", name,
                      cwd=folder)  # fmt: skip
        assert run.returncode == 1, run.stderr
        command = _advised(run.stderr, language)
        subprocess.run(["sh", "-c", command], cwd=folder, check=True)
        assert not (folder / "PWNED").exists()
        [copy] = [p for p in folder.iterdir() if p.name != name]
        assert copy.read_bytes() == original, command
        again = cli(["verify", "--allowed-signers", str(allowed), "--", str(copy)])
        assert again.exit_code == 0, again.stderr
        assert (folder / name).read_bytes() == DAMAGED[damage](original)  # left as it was
        copy.unlink()


def test_the_restore_command_writes_over_no_file_already_there(tmp_path: Path) -> None:
    inspector = person(tmp_path, "wang")
    allowed = allowed_signers(tmp_path / "allowed_signers", inspector)
    original = signed(inspector)
    (tmp_path / "xinxing.toml").write_bytes(DAMAGED["crlf"](original))
    kept = tmp_path / "xinxing-as-signed.toml"
    kept.write_bytes(b"another file the user keeps\n")
    run = _verify("--allowed-signers", str(allowed), "xinxing.toml", cwd=tmp_path)
    subprocess.run(["sh", "-c", _advised(run.stderr, "en")], cwd=tmp_path, check=True)
    assert kept.read_bytes() == b"another file the user keeps\n"
    assert (tmp_path / "xinxing-as-signed-2.toml").read_bytes() == original


@pytest.mark.parametrize("name", ["ends in a line break.toml\n", "a\nb.toml\n"])
def test_a_name_no_command_line_can_carry_gets_no_command_that_names_another_file(
    tmp_path: Path, name: str
) -> None:
    """A name ending in a line break, which no shell word of a pasted line carries (`$(...)`
    drops it): a command with the name in it would name another file (and its `>` make a
    stray empty one)."""
    inspector = person(tmp_path, "wang")
    allowed = allowed_signers(tmp_path / "allowed_signers", inspector)
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / name).write_bytes(DAMAGED["bom"](signed(inspector)))
    for language, said in (("en", "give it a plain name"), ("zh", "改为普通文件名")):
        run = _verify("--lang", language, "--allowed-signers", str(allowed), "--", name,
                      cwd=folder)  # fmt: skip
        assert run.returncode == 1
        assert "tail -c" not in run.stderr
        assert said in run.stderr, run.stderr


def test_verify_json_carries_the_restore_command(tmp_path: Path, cli: Any) -> None:
    inspector = person(tmp_path, "wang")
    allowed = allowed_signers(tmp_path / "allowed_signers", inspector)
    path = tmp_path / "xinxing.toml"
    path.write_bytes(DAMAGED["crlf"](signed(inspector)))
    run = cli(["verify", "--json", "--allowed-signers", str(allowed), str(path)])
    [entry] = run.json()["data"]["files"]
    assert entry["hint"].startswith(f"to get back the file as it was signed: tr -d '\\r' < {path}")


def test_a_tampered_file_with_crs_is_not_passed_as_merely_damaged(tmp_path: Path) -> None:
    """The hint does not vouch for the file: the copy it makes is judged by its signature."""
    inspector = person(tmp_path, "wang")
    allowed = allowed_signers(tmp_path / "allowed_signers", inspector)
    tampered = signed(inspector).replace(b"1201 return", b"1202 return")
    (tmp_path / "xinxing.toml").write_bytes(DAMAGED["bom and crlf"](tampered))
    run = _verify("--allowed-signers", str(allowed), "xinxing.toml", cwd=tmp_path)
    assert run.returncode == 1
    assert run.stdout.startswith("xinxing.toml: malformed: ")
    assert "the signature says whether it is the signer's file" in run.stderr
    subprocess.run(["sh", "-c", _advised(run.stderr, "en")], cwd=tmp_path, check=True)
    again = _verify("--allowed-signers", str(allowed), "xinxing-as-signed.toml", cwd=tmp_path)
    assert again.returncode == 1
    assert again.stdout.startswith("xinxing-as-signed.toml: bad-signature: ")


# -- verify --evidence: the renamed copy's search ----------------------------------------------


def _moved_photo(cli: Any, tmp_path: Path) -> tuple[Path, Path, list[str]]:
    inspector = person(tmp_path, "wang")
    followup, renamed = _evidence_followup(cli, tmp_path, inspector)
    return followup, renamed, ["--allowed-signers", str(tmp_path / "allowed_signers")]


def test_the_search_does_not_follow_a_folder_link_out_of_the_document_s_folder(
    tmp_path: Path, cli: Any
) -> None:
    """The evidence folder is a link to a folder elsewhere: its files were read and one named."""
    followup, renamed, trust = _moved_photo(cli, tmp_path)
    elsewhere = tmp_path / "elsewhere"
    renamed.parent.rename(elsewhere)
    renamed.parent.symlink_to(elsewhere, target_is_directory=True)
    run = cli(["verify", "--evidence", *trust, str(followup)])
    assert run.exit_code == 1
    assert run.stdout.splitlines()[1].startswith(
        f"{followup}: evidence-missing: evidence/现场照片 1.jpg: "
    )
    assert "ATT00001" not in run.stdout


def test_the_search_passes_over_pipes_links_and_many_files_and_names_the_copy(
    tmp_path: Path, cli: Any
) -> None:
    followup, renamed, trust = _moved_photo(cli, tmp_path)
    folder = renamed.parent
    size = renamed.stat().st_size
    os.mkfifo(folder / "AAA-pipe.jpg")  # read, it would wait for a writer for ever
    (folder / "AAB-zero.jpg").symlink_to("/dev/zero")
    (folder / "AAC-out.jpg").symlink_to(renamed)  # a link to the copy itself: not named
    for n in range(900):
        (folder / f"a{n:04}.jpg").write_bytes(b"x" * size)  # the same size, other bytes
    renamed.rename(folder / "zz\x1b[2Jcopy.jpg")
    started = time.monotonic()
    run = cli(["verify", "--evidence", *trust, str(followup)])
    assert time.monotonic() - started < 20
    line = run.stdout.splitlines()[1]
    assert "\x1b" not in run.stdout
    assert "evidence/zz\\u001b[2Jcopy.jpg in the same folder has the recorded size" in line


# -- trust remove --key, trust revoke: a key in every form -------------------------------------


def _fingerprint(pub: Path, kind: str = "sha256") -> str:
    ran = subprocess.run(
        ["ssh-keygen", "-l", "-E", kind, "-f", str(pub)], capture_output=True, text=True, check=True
    )
    return ran.stdout.split()[1]


@needs_ssh_keygen
def test_trust_remove_and_revoke_take_a_key_line_as_pasted(tmp_path: Path, cli: Any) -> None:
    """A key line pasted from a mail (`ssh-ed25519 AAAA... comment`) was looked for as a file:
    "public key file ssh-ed25519 AAAA... does not exist"."""
    wang = person(tmp_path, "wang")
    pub = Path(f"{wang.key}.pub")
    allowed = allowed_signers(tmp_path / "allowed_signers", wang)
    line = pub.read_text().strip()
    run = cli(["trust", "remove", "--allowed-signers", str(allowed), wang.principal, "--key", line])
    assert (run.exit_code, run.stderr) == (0, f"{allowed}: removed {wang.principal} from 1 line\n")
    revoked = tmp_path / "revoked_keys"
    run = cli(["trust", "revoke", "--revoked-keys", str(revoked), line])
    assert (run.exit_code, run.stderr) == (0, f"{revoked}: revoked {wang.fingerprint}\n")
    assert revoked.read_text().split()[:2] == line.split()[:2]


@needs_ssh_keygen
@pytest.mark.parametrize("form", ["sha1", "md5", "lowercase", "bare"])
def test_a_fingerprint_of_another_form_is_said_to_be_one(
    tmp_path: Path, cli: Any, form: str
) -> None:
    """`ssh-keygen -l -E md5` prints another form: it was called a file that does not exist."""
    wang = person(tmp_path, "wang")
    pub = Path(f"{wang.key}.pub")
    allowed = allowed_signers(tmp_path / "allowed_signers", wang)
    given = {
        "sha1": _fingerprint(pub, "sha1"),
        "md5": _fingerprint(pub, "md5"),
        "lowercase": "sha256:" + wang.fingerprint.split(":", 1)[1],
        "bare": wang.fingerprint.split(":", 1)[1],
    }[form]
    for args in (
        ["trust", "remove", "--allowed-signers", str(allowed), wang.principal, "--key", given],
        ["trust", "revoke", "--revoked-keys", str(tmp_path / "revoked_keys"), given],
    ):
        run = cli(args)
        assert (run.exit_code, run.stdout) == (2, "")
        assert run.stderr == (
            f"minecheck: error: {given} is not a public key file, nor a fingerprint as verify"
            " prints it (SHA256:...)\n  hint: a key's fingerprint is printed by:\n"
            "    ssh-keygen -l -f KEY.pub\n"
        )
        run = cli([*args, "--lang", "zh"])
        assert run.stderr.startswith(f"minecheck: error: {given} 不是公钥文件")


def test_trust_remove_of_a_principal_trusted_by_a_pattern_says_which_line_trusts_it(
    tmp_path: Path, cli: Any
) -> None:
    """`trust remove wang@x` said only "'wang@x' is not in FILE" while `*@coal.example` went
    on trusting Wang's key: the keeper was not told what still trusts him."""
    wang = person(tmp_path, "wang")
    key = " ".join(Path(f"{wang.key}.pub").read_text().split()[:2])
    allowed = tmp_path / "allowed_signers"
    allowed.write_text(f"# the office\n*@coal.example {key}\n")
    before = allowed.read_bytes()
    for extra in ([], ["--key", f"{wang.key}.pub"]):
        run = cli(["trust", "remove", "--allowed-signers", str(allowed), wang.principal, *extra])
        assert (run.exit_code, run.stdout) == (2, ""), run.stderr
        assert run.stderr.splitlines()[1:3] == [
            f"  hint: line 2 trusts {wang.principal} by the pattern '*@coal.example': stop"
            " trusting it with:",
            f"    minecheck trust remove '*@coal.example' --allowed-signers {allowed}",
        ]
        assert allowed.read_bytes() == before
    run = cli(
        ["trust", "remove", "--lang", "zh", "--allowed-signers", str(allowed), wang.principal]
    )
    assert "第 2 行以模式 '*@coal.example' 信任" in run.stderr
