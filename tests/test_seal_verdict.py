"""What verify says of each file (core/seal.py's `examine` and its verdict), each line in full as
a reader or a script meets it; and what `write_sealed` refuses to write, the file unwritten."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest

from minecheck.core import seal
from minecheck.core.keys import generate
from minecheck.core.seal import HEADER_FORM, TRAILER_HEAD, TRAILER_TAIL, write_sealed
from minecheck.core.sshsig import NAMESPACE_FINDINGS, NAMESPACE_MERGED, KeySigner, PublicKey, sign
from minecheck.errors import InputError
from tests.helpers_docs import flip_byte
from tests.helpers_seal import ALICE, Cli, World, make_world


@pytest.fixture
def world(tmp_path: Path) -> World:
    return make_world(tmp_path)


# -- each verdict as verify says it ------------------------------------------------------------


def test_a_trusted_file_names_its_signer_and_key(cli: Cli, world: World) -> None:
    assert world.said(cli, world.signed_as_is(world.body())) == (
        0,
        f"trusted: signed by a trusted key ({ALICE} {world.fingerprint})\n",
        "1 document: 1 trusted\n",
    )


def test_an_unsigned_document_is_unsigned_and_names_its_signer(cli: Cli, world: World) -> None:
    assert world.said(cli, world.body()) == (
        1,
        f"unsigned: the document is not signed ({ALICE})\n",
        "1 document: 1 unsigned\n",
    )


def test_an_unsigned_file_that_is_no_document_is_malformed(cli: Cli, world: World) -> None:
    code, said, problems = world.said(cli, b"[minecheck]\nformat = 1\n\n")
    assert (code, said) == (1, "malformed: not a minecheck document\n")
    assert problems.endswith("1 document: 1 malformed\n")


def test_a_carriage_return_is_said_as_line_endings_changed(cli: Cli, world: World) -> None:
    data = world.signed_as_is(world.body()).replace(b"[inspection]\n", b"[inspection]\r\n")
    code, said, problems = world.said(cli, data)
    assert (code, said) == (
        1,
        "malformed: the file contains a carriage return (CR): line endings were changed\n",
    )
    assert problems.startswith("  hint: to get back the file as it was signed:\n    tr -d '\\r' < ")
    assert problems.endswith("\n1 document: 1 malformed\n")


def test_a_changed_body_is_a_bad_signature_named_by_its_key(cli: Cli, world: World) -> None:
    data = flip_byte(world.signed_as_is(world.body()), b"Methane sensor")
    assert world.said(cli, data) == (
        1,
        "bad-signature: the signature does not match the content: the file was changed after "
        f"signing ({world.fingerprint})\n",
        "1 document: 1 bad-signature\n",
    )


def test_a_signature_in_another_namespace_is_named_as_such(cli: Cli, world: World) -> None:
    """Signed with `ssh-keygen -Y sign -n file`: refused for its namespace (not read further,
    where its format would be said not to go with it)."""
    assert world.said(cli, world.signed_as_is(world.body(), "file")) == (
        1,
        f"malformed: the signature's namespace 'file' is not minecheck's ({world.fingerprint})\n",
        "1 document: 1 malformed\n",
    )


def test_a_signed_body_that_is_no_document_is_said_in_full(cli: Cli, world: World) -> None:
    body = world.body().replace(b"[inspection]\n", b"[inspection]\nnote = 1\n", 1)
    code, said, problems = world.said(cli, world.signed_as_is(body))
    assert (code, said) == (
        1,
        f"malformed: the signed body is not a valid document ({world.fingerprint})\n",
    )
    assert "unknown key 'note' in [inspection]\n" in problems


def test_an_intact_file_signed_by_a_revoked_key_names_the_key_once(cli: Cli, world: World) -> None:
    """The signature still reads: the detail names the key, and the line does not name it again
    (it read `key SHA256:X is revoked (SHA256:X)`)."""
    world.revoke(world.key.public_key)
    assert world.said(cli, world.signed_as_is(world.body())) == (
        1,
        f"revoked: key {world.fingerprint} is revoked\n",
        "1 document: 1 revoked\n",
    )


def test_another_key_revoked_leaves_a_trusted_file_trusted(cli: Cli, world: World) -> None:
    world.revoke(KeySigner.generate().public_key)
    assert world.said(cli, world.signed_as_is(world.body()))[0] == 0


def _quoting(body: bytes, armored: bytes, *, mid_line: bool) -> bytes:
    """`body` with `armored` in a string of its first finding: its BEGIN and END on lines of
    their own, or inside the string's first and last lines."""
    quoted = armored[:-1] if mid_line else b"\n" + armored
    return body.replace(b"[[finding]]\n", b'[[finding]]\nnote = """' + quoted + b'"""\n', 1)


@pytest.mark.parametrize("mid_line", [False, True], ids=["armor-lines", "mid-line"])
def test_a_revoked_key_s_signature_inside_a_body_is_not_pinned_on_the_file_s_signer(
    cli: Cli, world: World, mid_line: bool
) -> None:
    """A body holding another's signature (by a revoked key) in a string, signed by a trusted
    key: the file is revoked (revocation wins), naming the revoked key; the file's own key,
    which is not the revoked one, is not given as the key of that verdict (whether the file's
    trailer still reads, the quoted armor being inside lines, or not)."""
    revoked = KeySigner.generate()
    world.revoke(revoked.public_key)
    quoted = sign(revoked, b"anything", NAMESPACE_FINDINGS).encode("ascii")
    data = world.signed_as_is(_quoting(world.body(), quoted, mid_line=mid_line))
    fingerprint = revoked.public_key.fingerprint()
    assert world.said(cli, data) == (
        1,
        f"revoked: key {fingerprint} is revoked\n",
        "1 document: 1 revoked\n",
    )
    entry = world.verify(cli, data, "--json").json()["data"]["files"][0]
    assert (entry["status"], entry["fingerprint"]) == ("revoked", None)


def test_an_unsigned_file_quoting_a_revoked_key_s_signature_mid_line_is_revoked(
    cli: Cli, world: World
) -> None:
    """The armor's BEGIN and END stand inside lines of a string (no line of their own, so no
    trailer and no armor line is found): the key after BEGIN is still read, and said."""
    revoked = KeySigner.generate()
    world.revoke(revoked.public_key)
    quoted = sign(revoked, b"anything", NAMESPACE_FINDINGS).encode("ascii")
    body = _quoting(world.body(), quoted, mid_line=True)
    assert world.said(cli, body) == (
        1,
        f"revoked: key {revoked.public_key.fingerprint()} is revoked\n",
        "1 document: 1 revoked\n",
    )


# Each way a file whose signature was read can still be malformed: (its body, how it is signed).
def _signed_malformed(world: World, case: str) -> tuple[bytes, bytes, KeySigner]:
    body, key, namespace, hash_alg = world.body(), world.key, NAMESPACE_FINDINGS, "sha512"
    if case == "namespace":
        namespace = "file"
    elif case == "hash":
        hash_alg = "sha256"
    elif case == "body-rule":
        body = b"\n" + body
    elif case == "header-form":
        body = body.replace(b'tool = "minecheck 0.1.0"', b'tool = "minecheck 0.1.0" # x', 1)
    elif case == "not-a-document":
        body = body.replace(b"[inspection]\n", b"[inspection]\nnote = 1\n", 1)
    elif case == "format":
        namespace = NAMESPACE_MERGED
    else:  # "signer-key": signed by a key the header does not name
        key = KeySigner.generate()
    armored = sign(key, body, namespace, hash_alg=hash_alg).encode("ascii")
    return body, body + TRAILER_HEAD + armored + TRAILER_TAIL, key


MALFORMED_SIGNED = {
    "namespace": "the signature's namespace 'file' is not minecheck's",
    "hash": "the signature uses sha256; minecheck documents are signed with sha512",
    "body-rule": "a document body must begin with the [minecheck] table",
    "header-form": HEADER_FORM.format(line=7),
    "not-a-document": "the signed body is not a valid document",
    "format": "format 'minecheck.findings/1' does not go with namespace 'minecheck-merged-v1'",
    "signer-key": "signer_key {mine} is not the signing key {other}",
}


@pytest.mark.parametrize("case", list(MALFORMED_SIGNED))
def test_every_malformed_file_whose_signature_was_read_names_its_key_and_digest(
    cli: Cli, world: World, case: str
) -> None:
    """However a signed file is malformed, once its signature was read verify names the signing
    key on the file's line (once: where the detail names it, not again after it), and --json
    gives that key and the signed body's SHA-256."""
    body, data, key = _signed_malformed(world, case)
    fingerprint = key.public_key.fingerprint()
    detail = MALFORMED_SIGNED[case].format(mine=world.fingerprint, other=fingerprint)
    code, said, _ = world.said(cli, data)
    named = "" if fingerprint in detail else f" ({fingerprint})"
    assert (code, said) == (1, f"malformed: {detail}{named}\n")
    entry = world.verify(cli, data, "--json").json()["data"]["files"][0]
    assert (entry["status"], entry["detail"]) == ("malformed", detail)
    assert (entry["fingerprint"], entry["body_sha256"]) == (
        fingerprint,
        hashlib.sha256(body).hexdigest(),
    )


def test_a_malformed_signature_gives_the_body_s_digest_and_no_key(cli: Cli, world: World) -> None:
    """No signature was read: no key is named; the body was split off, so its digest is given."""
    body = world.body()
    data = body + TRAILER_HEAD + b"-----BEGIN SSH SIGNATURE-----\nAAAA\n"
    data += b"-----END SSH SIGNATURE-----\n" + TRAILER_TAIL
    entry = world.verify(cli, data, "--json").json()["data"]["files"][0]
    assert entry["status"] == "malformed"
    assert entry["detail"].startswith("the signature is malformed: ")
    assert (entry["fingerprint"], entry["body_sha256"]) == (None, hashlib.sha256(body).hexdigest())


def test_a_revoked_key_s_intact_file_gives_its_key_and_digest(cli: Cli, world: World) -> None:
    world.revoke(world.key.public_key)
    body = world.body()
    entry = world.verify(cli, world.signed_as_is(body), "--json").json()["data"]["files"][0]
    assert (entry["status"], entry["fingerprint"], entry["body_sha256"]) == (
        "revoked",
        world.fingerprint,
        hashlib.sha256(body).hexdigest(),
    )


# -- verify --json: each file's entry, its keys and values -------------------------------------


def test_verify_json_gives_every_field_of_a_checked_file(cli: Cli, world: World) -> None:
    body = world.body()
    run = world.verify(cli, world.signed_as_is(body), "--json")
    assert run.exit_code == 0
    assert run.json()["data"]["files"] == [
        {
            "path": str(world.work / "f.toml"),
            "status": "trusted",
            "detail": "signed by a trusted key",
            "signer": ALICE,
            "fingerprint": world.fingerprint,
            "document_id": "6f1c2a4e-8b3d-4f7a-9c2e-1d5b7a9e3f01",
            "format": "minecheck.findings/1",
            "body_sha256": hashlib.sha256(body).hexdigest(),
            "created": "2026-11-29T08:15:00Z",
        }
    ]


def test_verify_json_nests_a_merged_file_s_sources(cli: Cli, world: World) -> None:
    source = world.work / "f.toml"
    source.write_bytes(world.signed_as_is(world.body()))
    key = world.work / "alice"
    merger = generate(key, ALICE, None).fingerprint()
    allowed = world.work / "allowed_signers"
    pub = " ".join(Path(f"{key}.pub").read_text("utf-8").split()[:2])
    allowed.write_text(allowed.read_text("utf-8") + f"{ALICE} {pub}\n", "utf-8")
    merged = world.work / "m.toml"
    signing = ["--key", str(key), "--signer", ALICE]
    run = cli(["merge", str(source), "-o", str(merged), *signing, *world.trust])
    assert run.exit_code == 0, run.stderr
    run = cli(["verify", "--json", str(merged), *world.trust])
    assert run.exit_code == 0, run.stderr
    (entry,) = run.json()["data"]["files"]
    sources = entry.pop("sources")
    assert (entry["status"], entry["fingerprint"], entry["format"]) == (
        "trusted",
        merger,
        "minecheck.merged/1",
    )
    assert sources == [
        {
            "path": f"{merged}#1",
            "status": "trusted",
            "detail": "signed by a trusted key",
            "signer": ALICE,
            "fingerprint": world.fingerprint,
            "document_id": "6f1c2a4e-8b3d-4f7a-9c2e-1d5b7a9e3f01",
            "format": "minecheck.findings/1",
            "body_sha256": hashlib.sha256(world.body()).hexdigest(),
            "created": "2026-11-29T08:15:00Z",
        }
    ]


# -- write_sealed: the last guard before a signed file is written ------------------------------


def test_a_body_every_reader_would_refuse_unread_is_not_written(world: World) -> None:
    """The commands make bodies that pass (their strings' marks escaped where needed); this is
    the guard behind them, said with the caller's hint, and nothing is written."""
    body = b"[minecheck]\na = '" + b"," * 4682 + b"'\n\n"
    path = world.work / "out.toml"
    with pytest.raises(InputError) as refused:
        write_sealed(path, body, world.key, NAMESPACE_FINDINGS, force=False, hint="merge less")
    assert refused.value.message == (
        f"{path} would be refused unread by every reader; nothing was written"
    )
    assert refused.value.hint == "merge less"
    assert [p.code for p in refused.value.problems] == ["too-dense"]
    assert not path.exists()


def test_a_signed_file_of_exactly_the_limit_is_written_and_one_byte_less_refused(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The limit is every reader's: a file of exactly that size is read, so it is written."""
    body = world.body()
    size = len(seal.seal(body, world.key, NAMESPACE_FINDINGS))
    path = world.work / "out.toml"
    monkeypatch.setattr(seal, "MAX_DOCUMENT_BYTES", size)
    data = write_sealed(path, body, world.key, NAMESPACE_FINDINGS, force=False)
    assert (len(data), path.read_bytes()) == (size, data)
    path.unlink()
    monkeypatch.setattr(seal, "MAX_DOCUMENT_BYTES", size - 1)
    with pytest.raises(InputError) as refused:
        write_sealed(path, body, world.key, NAMESPACE_FINDINGS, force=False, hint="fewer")
    assert (refused.value.message, refused.value.hint) == (
        f"{path} would be {size} bytes, over the limit of {size - 1} that every reader keeps; "
        "nothing was written",
        "fewer",
    )
    assert not path.exists()


class OtherData:
    """A signer that signs something else than it is given (a faulty token or agent)."""

    def __init__(self, key: KeySigner) -> None:
        self.key = key

    @property
    def public_key(self) -> PublicKey:
        return self.key.public_key

    def sign_raw(self, data: bytes) -> bytes:
        return self.key.sign_raw(data + b"x")


def test_a_signature_that_does_not_verify_is_not_written(world: World) -> None:
    path = world.work / "out.toml"
    with pytest.raises(InputError) as refused:
        write_sealed(path, world.body(), OtherData(world.key), NAMESPACE_FINDINGS, force=False)
    assert refused.value.message == (
        f"the new signature of {path} does not verify; nothing was written"
    )
    assert not path.exists()


def test_the_file_is_read_back_after_it_is_written(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A disk that keeps other bytes than it was given is said, not taken as a signed file."""
    from minecheck import fileio

    real = fileio.atomic_write

    def garbling(path: Path, data: bytes, **kw: Any) -> None:
        real(path, data.replace(b"Methane", b"methane"), **kw)

    monkeypatch.setattr(fileio, "atomic_write", garbling)
    path = world.work / "out.toml"
    with pytest.raises(InputError) as refused:
        write_sealed(path, world.body(), world.key, NAMESPACE_FINDINGS, force=False)
    assert refused.value.message == f"{path} does not read back as written"


def test_the_last_two_refusals_are_said_in_the_callers_words_with_the_path(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A faulty signer and a disk that keeps other bytes are said in the language the command
    speaks, like every other refusal of write_sealed, each naming the file in the envelope."""
    from minecheck import fileio
    from minecheck.i18n import written

    def zh(message: str, /, **fields: object) -> str:
        return written(message, "zh", **fields)

    path = world.work / "out.toml"
    with pytest.raises(InputError) as refused:
        write_sealed(
            path, world.body(), OtherData(world.key), NAMESPACE_FINDINGS, force=False, say=zh
        )
    assert (refused.value.message, refused.value.path) == (
        f"{path} 的新签名核验不通过；未写入任何内容",
        f"{path}",
    )
    assert not path.exists()
    real = fileio.atomic_write

    def garbling(target: Path, data: bytes, **kw: Any) -> None:
        real(target, data.replace(b"Methane", b"methane"), **kw)

    monkeypatch.setattr(fileio, "atomic_write", garbling)
    with pytest.raises(InputError) as refused:
        write_sealed(path, world.body(), world.key, NAMESPACE_FINDINGS, force=False, say=zh)
    assert (refused.value.message, refused.value.path) == (
        f"{path} 读回的内容与写入的不同",
        f"{path}",
    )


def test_before_write_is_called_once_the_document_is_signed(world: World) -> None:
    path = world.work / "out.toml"
    seen: list[bool] = []
    write_sealed(
        path,
        world.body(),
        world.key,
        NAMESPACE_FINDINGS,
        force=False,
        before_write=lambda: seen.append(path.exists()),
    )
    assert seen == [False]
    assert path.read_bytes().startswith(world.body())
