"""The issue's "Done when" run: one directory holding every hostile file found so far, beside good
signed documents, checked by the installed console script in bounded time and memory.

Left out: the 63 MB document that took 1.2-2.3 GB to read (memory amplification in the reader)
is bounded in the document reader's own tests, not here.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import resource
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import pytest

from minecheck.core import sshsig
from minecheck.core.keys import load_private
from minecheck.core.sanitize import for_terminal
from minecheck.core.seal import TRAILER_HEAD, TRAILER_TAIL
from minecheck.fileio import LINK_TO_NOTHING
from tests.conftest import DATA, Run
from tests.helpers_docs import findings_body
from tests.test_hardening import HANG, _rewrap, flatten

SCRIPT = shutil.which("minecheck", path=str(Path(sys.executable).parent))
MEMORY = 1 << 30  # RLIMIT_AS for the whole run: 1 GiB
ALICE = "alice@mine.example"
MALLORY = "mallory@mine.example"


class Cli(Protocol):
    def __call__(self, args: Sequence[str], input: str | bytes | None = None) -> Run: ...


def installed(args: Sequence[str], timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """The installed console script, with its address space bounded."""
    assert SCRIPT is not None, "the console script is not installed beside this Python"

    def bound() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))

    return subprocess.run(
        [SCRIPT, *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
        preexec_fn=bound,  # in the child only
        env=dict(os.environ),  # MINECHECK_HOME is the test's own (conftest)
    )


def person(cli: Cli, principal: str) -> dict[str, Any]:
    run = cli(["keys", "generate", "--principal", principal, "--json"])
    assert run.exit_code == 0, run.stderr
    key: dict[str, Any] = run.json()["data"]
    run = cli(["trust", "add", "--principal", principal, "--key", key["public_key_path"]])
    assert run.exit_code == 0, run.stderr
    return key


def sealed(key: dict[str, Any], principal: str, n: int, **kwargs: Any) -> bytes:
    """A findings document signed with `key`, as `sign` writes it; `n` makes its id unique."""
    document_id = f"6f1c2a4e-8b3d-4f7a-9c2e-1d5b7a9e3{n:03d}"
    return signed_raw(
        key, findings_body(principal, key["fingerprint"], document_id=document_id, **kwargs)
    )


def signed_raw(key: dict[str, Any], body: bytes, hash_alg: str = "sha512") -> bytes:
    """`body` with a trailer, signed however asked, even where `sign` would refuse."""
    signer = load_private(Path(key["path"]), None)
    armored = sshsig.sign(signer, body, sshsig.NAMESPACE_FINDINGS, hash_alg=hash_alg)
    return body + TRAILER_HEAD + armored.encode() + TRAILER_TAIL


def deep_tree(top: Path, levels: int) -> None:
    """A chain of `d` directories deeper than a path can be written, built by descriptor."""
    os.mkdir(top)
    fd = os.open(top, os.O_RDONLY)
    try:
        for _ in range(levels):
            os.mkdir("d", dir_fd=fd)
            inner = os.open("d", os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = inner
    finally:
        os.close(fd)


TRUSTED = "trusted: signed by a trusted key"


@pytest.fixture
def hostile(cli: Cli, tmp_path: Path) -> tuple[Path, dict[str, str], dict[str, str]]:
    """(directory, file name → expected stdout status text, entry name → expected stderr text)."""
    alice = person(cli, ALICE)
    mallory = person(cli, MALLORY)
    docs = tmp_path / "docs"
    docs.mkdir()
    good = f"{TRUSTED} ({ALICE} {alice['fingerprint']})"
    by_alice = f" ({alice['fingerprint']})"  # the signing key, where no signer could be read
    revoked = f"revoked: key {mallory['fingerprint']} is revoked"
    files: dict[str, bytes] = {}
    expected: dict[str, str] = {}

    def add(name: str, data: bytes, status: str) -> None:
        files[name] = data
        expected[name] = status

    # Good documents, one with Rich markup and an emoji code in its name and its strings.
    for n in range(4):
        add(f"good-{n}.toml", sealed(alice, ALICE, n), good)
    add("good-\x1b[31m-red.toml", sealed(alice, ALICE, 11), good)
    # names that are not UTF-8 (GBK, as an archive made on another system names its files):
    # they read as text with lone surrogates, which no database or encoder may be handed
    add(os.fsdecode("检查记录.toml".encode("gbk")), sealed(alice, ALICE, 12), good)
    add(os.fsdecode(b"\xbb\xb5-\x1b[31m.toml"), b"garbage\n", "malformed: not a minecheck document")
    add(
        "[bold red]:skull: good.toml",
        sealed(alice, ALICE, 10, site="[bold]:skull: Demo[/bold]", description=":warning: x"),
        good,
    )
    # 1. the 80-byte file that hung the position scanner, with a schema problem
    add("hang.toml", HANG, "malformed: not a minecheck document")
    # 3. numbers too long for Python, in the body and behind a good signature
    add("big-number.toml", b"n = " + b"7" * 5000 + b"\n", "malformed: not a minecheck document")
    add(
        "big-number-signed.toml",
        signed_raw(
            alice, findings_body(ALICE, alice["fingerprint"]) + b"n = " + b"9" * 4301 + b"\n\n"
        ),
        "malformed: the signed body is not a valid document" + by_alice,
    )
    # a tree nested far deeper than any parser recurses
    add(
        "nested.toml",
        b"a = " + b"[" * 5000 + b"]" * 5000 + b"\n",
        "malformed: not a minecheck document",
    )
    # 5. revocation, however the file was edited afterwards
    original = sealed(mallory, MALLORY, 20)
    add("revoked.toml", original, revoked)  # (the key named once: the detail names it)
    add("revoked-newline.toml", original + b"\n", revoked)
    add("revoked-rewrapped-76.toml", _rewrap(original, 76), revoked)
    add(
        "revoked-triple-double-quotes.toml",
        original.replace(b"sshsig = '''", b'sshsig = """').replace(
            b"-----\n'''\n", b'-----\n"""\n'
        ),
        revoked,
    )
    add("revoked-bom-crlf.toml", b"\xef\xbb\xbf" + original.replace(b"\n", b"\r\n"), revoked)
    # 10. what SPEC 2.2 says a signed document is
    add(
        "sha256.toml",
        signed_raw(alice, findings_body(ALICE, alice["fingerprint"]), hash_alg="sha256"),
        "malformed: the signature uses sha256; minecheck documents are signed with sha512"
        + by_alice,
    )
    add(
        "not-minecheck-first.toml",
        signed_raw(alice, b"# a comment first\n" + findings_body(ALICE, alice["fingerprint"])),
        "malformed: a document body must begin with the [minecheck] table" + by_alice,
    )
    # 2. a signer's own `created` in the future
    later = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(hours=1)
    add(
        "future.toml",
        sealed(alice, ALICE, 30, created=later),
        "key-not-yet-valid: created in the future: the document's created time is more than "
        f"10 minutes after this computer's clock ({ALICE} {alice['fingerprint']})",
    )
    # ordinary damage
    add(
        "tampered.toml",
        sealed(alice, ALICE, 40).replace(b"Demo mine", b"Demo mind"),
        "bad-signature: the signature does not match the content: the file was changed after "
        "signing" + by_alice,
    )
    add(
        "unsigned.toml",
        findings_body(ALICE, alice["fingerprint"]),
        f"unsigned: the document is not signed ({ALICE})",
    )
    add("empty.toml", b"", "malformed: the file is empty")
    add(
        "binary.toml",
        bytes(range(256)),
        "malformed: the file contains a carriage return (CR): line endings were changed",
    )
    for name, data in files.items():
        (docs / name).write_bytes(data)
    # cli(["trust", "revoke", ...]) after signing: mallory was trusted until now
    run = cli(["trust", "revoke", mallory["public_key_path"]])
    assert run.exit_code == 0, run.stderr

    # 7. things under the directory that are not documents
    entries: dict[str, str] = {}
    os.mkfifo(docs / "fifo.toml")
    entries["fifo.toml"] = "not a regular file (a FIFO)"
    (docs / "x.toml").mkdir()  # a folder whatever its name: walked, said of nothing
    (docs / "dangling.toml").symlink_to("nowhere.toml")
    entries["dangling.toml"] = LINK_TO_NOTHING
    (docs / "loop.toml").symlink_to("loop.toml")
    entries["loop.toml"] = LINK_TO_NOTHING
    deep_tree(docs / "deep", 1400)
    entries["deep/" + "/".join(["d"] * 256)] = "more than 256 directory levels down; not searched"
    (docs / "answers-big.json").write_bytes(b'{"answers": {"x": ' + b"7" * 5000 + b"}}")
    (docs / "notes.txt").write_text("not a document: ignored\n")
    if os.geteuid() != 0:  # root reads a file whatever its mode
        locked = docs / "locked.toml"
        locked.write_bytes(sealed(alice, ALICE, 50))
        locked.chmod(0)
        entries["locked.toml"] = "cannot read: Permission denied"
    return docs, expected, entries


def test_verify_over_every_hostile_file(
    hostile: tuple[Path, dict[str, str], dict[str, str]],
) -> None:
    docs, expected, entries = hostile
    try:
        run = installed(["verify", str(docs)])
        as_json = installed(["verify", "--json", str(docs)])
    finally:
        flatten(docs / "deep")
    assert "Traceback" not in run.stderr
    assert run.returncode == 2  # SPEC 5: entries that cannot be read make it a usage-level failure
    shown = {name: for_terminal(name) for name in expected}
    assert run.stdout.splitlines() == [
        f"{docs / shown[name]}: {status}" for name, status in sorted(expected.items())
    ]
    messages = run.stderr.splitlines()
    for name, message in entries.items():
        assert f"{docs / name}: {message}" in messages
    statuses = sorted(status.split(":", 1)[0] for status in expected.values())
    counts = [f"{statuses.count(s)} {s}" for s in sorted(set(statuses))]
    total = len(expected) + len(entries)
    assert messages[-1] == f"{total} documents: {', '.join(counts)}, {len(entries)} unreadable"

    envelope = json.loads(as_json.stdout)
    assert (as_json.returncode, envelope["exit_code"], as_json.stderr) == (2, 2, "")
    assert {Path(f["path"]).name: f["status"] for f in envelope["data"]["files"]} == {
        name: status.split(":", 1)[0] for name, status in expected.items()
    }
    located = {p["path"]: p["message"] for p in envelope["problems"]}
    for name, message in entries.items():
        assert located[str(docs / name)] == message


def test_hostile_answers_and_trust_files_are_errors_not_tracebacks(
    cli: Cli, tmp_path: Path
) -> None:
    """A 5,000-digit number in an answers JSON; allowed_signers lines ssh-keygen would refuse."""
    answers = tmp_path / "answers.json"
    answers.write_bytes(b'{"answers": {"gas-check-genuine": {"reading": ' + b"7" * 5000 + b"}}}")
    checklist = DATA / "checklists" / "valid" / "mini-check.toml"
    out = tmp_path / "out.toml"
    run = installed(
        [
            "inspect",
            str(checklist),
            "--site",
            "Mine A",
            "--answers",
            str(answers),
            "-o",
            str(out),
        ]
    )
    assert run.returncode == 2
    assert "Traceback" not in run.stderr
    assert "a number is too long (more than 4300 digits)" in run.stderr
    assert not out.exists()

    key = person(cli, ALICE)
    blob = Path(key["public_key_path"]).read_text().split()[:2]
    lenient = tmp_path / "allowed_signers"
    lenient.write_text(
        f'{ALICE} namespaces="minecheck-findings-v1\\" {" ".join(blob)}\n'
        f"{ALICE} {blob[0]} {blob[1]}==\n"
    )
    doc = tmp_path / "doc.toml"
    doc.write_bytes(sealed(key, ALICE, 1))
    run = installed(["verify", str(doc), "--allowed-signers", str(lenient)])
    assert (run.returncode, run.stdout) == (2, "")
    assert "Traceback" not in run.stderr
    assert run.stderr.splitlines() == [
        f'{lenient}:1:53: a backslash is not allowed in the value of option "namespaces"',
        f"{lenient}:2:32: invalid ssh-ed25519 key: the key's base64 is not canonical "
        "(extra padding or bits)",
        f"minecheck: error: {lenient}: 2 malformed lines in the allowed signers file",
    ]


def test_summary_and_export_over_every_hostile_file(
    hostile: tuple[Path, dict[str, str], dict[str, str]],
) -> None:
    """The two-pass summary (and export's reader) meet the same files: each bad one is named
    on stderr once, the good ones are counted, nothing ends in a traceback, and a cold, a warm
    and an uncached run say the same."""
    docs, expected, entries = hostile
    runs = {}
    try:
        for name, args in {
            "cold": ["summary", str(docs), "--format", "json"],
            "warm": ["summary", str(docs), "--format", "json"],
            "bare": ["summary", str(docs), "--format", "json", "--no-cache"],
            "export": ["export", str(docs), "--format", "csv"],
        }.items():
            runs[name] = installed(args)
    finally:
        flatten(docs / "deep")
    for run in runs.values():
        assert "Traceback" not in run.stderr
        # files left out are named and the rest reported; entries that cannot be read (a FIFO,
        # a dangling link, a directory named *.toml) make it 2, as in verify (SPEC 5)
        assert run.returncode == 2, run.stderr
    assert runs["cold"].stdout == runs["warm"].stdout == runs["bare"].stdout
    assert runs["cold"].stderr == runs["warm"].stderr == runs["bare"].stderr
    assert json.loads(runs["cold"].stdout)["headline"]["findings"] > 0
    messages = runs["cold"].stderr.splitlines()
    for name in (*expected, *entries):
        prefix = f"minecheck: warning: {docs / for_terminal(name)}: left out: "
        named = [m for m in messages if m.startswith(prefix)]
        assert len(named) == (0 if expected.get(name, "").startswith("trusted") else 1), name
