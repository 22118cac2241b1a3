"""A signed file as every reader takes it apart (core/seal.py): the size limit, the armor's
lines, the [minecheck] table's form, the trailer; each as `verify` and `sign` say it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from minecheck.core.seal import TRAILER_HEAD, TRAILER_TAIL, seal
from minecheck.core.sshsig import NAMESPACE_FINDINGS, KeySigner
from minecheck.errors import InputError
from tests.conftest import within
from tests.helpers_docs import findings_body
from tests.helpers_seal import ALICE, Cli, World, make_world


@pytest.fixture
def world(tmp_path: Path) -> World:
    return make_world(tmp_path)


ARMOR = (
    "a line that reads like the signature's armor (-----BEGIN/END SSH SIGNATURE-----), "
    "which would mislead the stock sed/ssh-keygen check"
)
HEADER = (
    "line {line} of the [minecheck] table is not written as minecheck writes it (one key = "
    "value on its line, no comment; signer and signer_key in double quotes, created as "
    "2026-12-01T08:15:00Z), which would mislead the stock sed/ssh-keygen check"
)


def malformed(detail: str, key: KeySigner | None = None) -> tuple[int, str, str]:
    """What verify says of a malformed file (with the signing key, where its signature was
    read)."""
    said = f"{detail} ({key.public_key.fingerprint()})" if key else detail
    return 1, f"malformed: {said}\n", "1 document: 1 malformed\n"


# -- the size limit, in the bytes it names -----------------------------------------------------


def test_a_file_of_64_mib_is_read_and_one_byte_more_is_refused_unread(
    cli: Cli, world: World
) -> None:
    """The limit is 67108864 bytes (64 MiB), said as a number, not taken from the code: a file
    of exactly the limit is read (here it starts with a BOM, which is what is said of it)."""
    path = world.work / "f.toml"
    for size, detail, hint in (
        (67108864, "the file starts with a byte-order mark (BOM)", "tail -c +4 "),
        (67108865, "the file is 67108865 bytes, over the limit of 67108864", None),
    ):
        with path.open("wb") as fh:
            fh.write(b"\xef\xbb\xbf")
            fh.truncate(size)  # sparse: nothing more is written
        run = cli(["verify", str(path), *world.trust])
        assert (run.exit_code, run.stdout) == (1, f"{path}: malformed: {detail}\n")
        advice = run.stderr.removesuffix("1 document: 1 malformed\n")
        assert advice.startswith(f"  hint: to get back the file as it was signed:\n    {hint}") == (
            hint is not None
        ), run.stderr
        assert (advice == "") == (hint is None)


# -- the armor's lines, wherever they stand -----------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        b"-----BEGIN SSH SIGNATURE-----\nrest = 1\n",  # the file's first line
        b"rest = 1\n-----END SSH SIGNATURE-----",  # its last, with no line end after it
        b"[minecheck]\n-----END SSH SIGNATURE-----\nrest = 1\n",  # the END line alone
    ],
    ids=["first-line", "last-line-unended", "end-line-alone"],
)
def test_an_unsigned_file_holding_an_armor_line_is_malformed(
    cli: Cli, world: World, data: bytes
) -> None:
    assert world.said(cli, data) == malformed(f"the document holds {ARMOR}")


def test_a_signed_body_holding_the_end_line_alone_is_malformed(cli: Cli, world: World) -> None:
    """Signed by other software: the body holds the armor's END line (no BEGIN line) inside a
    multi-line string, where the stock sed recipe would stop reading the signature."""
    body = world.body().replace(
        b"[[finding]]\n", b'[[finding]]\nnote = """\n-----END SSH SIGNATURE-----\n"""\n', 1
    )
    assert world.said(cli, world.signed_as_is(body)) == malformed(f"the body holds {ARMOR}")


# -- the [minecheck] table, as the stock recipe reads it ---------------------------------------


def _header(world: World, old: bytes, new: bytes) -> bytes:
    body = world.body()
    assert body.count(old) == 1
    return body.replace(old, new)


@pytest.mark.parametrize(
    ("old", "new", "line"),
    [
        (b'signer = "alice@mine.example"', b"signer = 'alice@mine.example'", 5),
        (b'signer_key = "SHA256:', b"signer_key = 'SHA256:", 6),
        (b"created = 2026-11-29T08:15:00Z", b"created = 2026-11-29 08:15:00Z", 4),
        (b"created = 2026-11-29T08:15:00Z", b"created = 2026-11-29T08:15:00+00:00", 4),
        (b'tool = "minecheck 0.1.0"', b'tool = "minecheck 0.1.0" # by hand', 7),
        (b'tool = "minecheck 0.1.0"', b'tool = """minecheck\n0.1.0"""', 7),
        (b'tool = "minecheck 0.1.0"', b"tool = '''minecheck\n0.1.0'''", 7),
        (b'tool = "minecheck 0.1.0"', b'tool="minecheck 0.1.0"', 7),
        (b'tool = "minecheck 0.1.0"\n', b'tool = "minecheck 0.1.0"\n# a note\n', 8),
    ],
    ids=[
        "signer-single-quoted",
        "signer-key-single-quoted",
        "created-with-a-space",
        "created-with-an-offset",
        "a-comment",
        "basic-string-over-lines",
        "literal-string-over-lines",
        "no-spaces",
        "a-comment-line",
    ],
)
def test_verify_refuses_a_header_the_stock_recipe_would_misread(
    cli: Cli, world: World, old: bytes, new: bytes, line: int
) -> None:
    body = _header(world, old, new)
    if old.startswith(b"signer_key"):
        body = body.replace(b'"\ntool', b"'\ntool", 1)
    assert world.said(cli, world.signed_as_is(body)) == malformed(
        HEADER.format(line=line), world.key
    )


@pytest.mark.parametrize(
    "new",
    [
        b"tool = 'minecheck 0.1.0'",
        b'tool = """minecheck "0.1.0" ""x"""',
        b"tool = '''minecheck 'it' 0.1.0'''",
        b'tool = "minecheck \\"0.1.0\\""',
    ],
    ids=["literal", "multi-line-basic-on-one-line", "multi-line-literal-on-one-line", "escapes"],
)
def test_verify_takes_every_string_the_header_may_hold_on_its_line(
    cli: Cli, world: World, new: bytes
) -> None:
    body = _header(world, b'tool = "minecheck 0.1.0"', new)
    code, said, summary = world.said(cli, world.signed_as_is(body))
    assert (code, summary) == (0, "1 document: 1 trusted\n")
    assert said.startswith("trusted: signed by a trusted key")


def test_a_signed_body_of_the_header_alone_is_read_to_its_end(cli: Cli, world: World) -> None:
    """The [minecheck] table runs to the body's end (no table after it): the form check stops
    at the last line, and the body is then found to be no document."""
    body = world.body()
    body = body[: body.index(b"\n[inspection]")] + b"\n\n"
    with within(60):
        code, said, problems = world.said(cli, world.signed_as_is(body))
    assert code == 1
    assert said.startswith("malformed: the signed body is not a valid document")
    assert "missing required key 'inspection' in a findings document\n" in problems


def test_an_empty_header_table_is_no_form_problem(cli: Cli, world: World) -> None:
    """A table right after `[minecheck]` ends it: what is wrong is the missing keys, said as
    such, not line 2's form."""
    body = world.body()
    head = body[: body.index(b"\n[inspection]") + 1]
    body = b"[minecheck]\n" + body[len(head) :]
    code, said, problems = world.said(cli, world.signed_as_is(body))
    assert code == 1
    assert said.startswith("malformed: the signed body is not a valid document")
    assert "missing required key 'format' in [minecheck]\n" in problems


# -- the rules a body obeys before it is signed ------------------------------------------------


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (lambda b: b"# a note\n" + b, "a document body must begin with the [minecheck] table"),
        (lambda b: b[:-1], "a document body must end with an empty line"),
        (
            lambda b: b.replace(b"[inspection]\n", b"[inspection]\r\n"),
            "a document body must not contain a carriage return (CR)",
        ),
        (
            lambda b: b + b"[signature]\nx = 1\n\n",
            "a document body must not contain a [signature] table",
        ),
        (
            lambda b: b + b'[extra]\nx = """\n-----BEGIN SSH SIGNATURE-----\n"""\n\n',
            f"a document body must not hold {ARMOR}",
        ),
        (
            lambda b: b.replace(b'tool = "minecheck 0.1.0"', b"tool = 'minecheck 0.1.0' # x"),
            HEADER.format(line=7),
        ),
    ],
    ids=[
        "no-header-first",
        "no-empty-line-last",
        "a-cr",
        "a-signature-table",
        "an-armor-line",
        "a-header-line",
    ],
)
def test_seal_refuses_a_body_every_reader_would_refuse(
    world: World, change: Callable[[bytes], bytes], said: str
) -> None:
    """What `sign`, `merge` and `followup` seal is checked once more as it is sealed: nothing is
    signed that verify would call malformed (the commands build bodies that pass; this is the
    last guard, said as such)."""
    with pytest.raises(InputError) as refused:
        seal(change(world.body()), world.key, NAMESPACE_FINDINGS)
    assert refused.value.message == said


def test_verify_refuses_a_signed_body_that_does_not_begin_with_the_header(
    cli: Cli, world: World
) -> None:
    data = world.signed_as_is(b"# a note\n" + world.body())
    assert world.said(cli, data) == malformed(
        "a document body must begin with the [minecheck] table", world.key
    )


# -- the split into body and signature ---------------------------------------------------------


def _trailer(armored: bytes) -> bytes:
    return TRAILER_HEAD + armored + TRAILER_TAIL


SPLITS: dict[str, tuple[Callable[[World], bytes], str]] = {
    "a-signature-table-first": (
        lambda w: b"[signature]\nx = 1\n",
        "the [signature] table is not in the form minecheck writes",
    ),
    "a-signature-table-of-another-form": (
        lambda w: w.body() + b"[signature]\nsshsig = 'x'\n",
        "the [signature] table is not in the form minecheck writes",
    ),
    "the-trailer-alone": (
        lambda w: w.signed_as_is(w.body())[len(w.body()) :],
        "the body before [signature] must end with an empty line",
    ),
    "no-empty-line-before-it": (
        lambda w: w.body()[:-1] + w.signed_as_is(w.body())[len(w.body()) :],
        "the body before [signature] must end with an empty line",
    ),
    "two-trailers": (
        lambda w: w.signed_as_is(w.body()) + b"\n" + w.signed_as_is(w.body())[len(w.body()) :],
        "the file holds more than one [signature] table",
    ),
    "a-byte-after-it": (
        lambda w: w.signed_as_is(w.body()) + b"x",
        "there is content after the signature, or the trailer is not closed",
    ),
    "a-string-closed-inside-it": (
        lambda w: w.body() + _trailer(b"AAAA\n'''\nx = '''\n"),
        "there is content after the signature",
    ),
    "not-ascii": (
        lambda w: w.body() + _trailer("\u00e9\n".encode()),
        "the signature is not ASCII text",
    ),
}


@pytest.mark.parametrize("case", SPLITS)
def test_verify_names_what_is_wrong_with_the_trailer(cli: Cli, world: World, case: str) -> None:
    make, said = SPLITS[case]
    assert world.said(cli, make(world)) == malformed(said)


@pytest.mark.parametrize("before", [b"\n# checked twice\n", b"# checked twice\n\n"])
def test_sign_says_a_file_must_begin_with_the_header_whatever_comes_first(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, before: bytes
) -> None:
    """A comment before the [minecheck] table was taken for a line of that table when an empty
    line came first ("line 2 of the [minecheck] table is not written as minecheck writes
    it"); the file is refused as every other file that does not begin with the table."""
    monkeypatch.chdir(tmp_path)
    made = cli(["keys", "generate", "--principal", ALICE, "--json"])
    assert made.exit_code == 0, made.stderr
    text = before + findings_body(ALICE, made.json()["data"]["fingerprint"])
    Path("f.toml").write_bytes(text)
    run = cli(["sign", "f.toml"])
    assert (run.exit_code, run.stdout, run.stderr) == (
        2,
        "",
        "minecheck: error: a document body must begin with the [minecheck] table\n",
    )
    assert Path("f.toml").read_bytes() == text


# -- the density limits, at their exact edges --------------------------------------------------


def _tables(count: int, size: int | None, *, last_line_ended: bool = True) -> bytes:
    """A body of `count` [table] headers (the first [minecheck]), padded by a comment line to
    `size` bytes when one is given."""
    heads = [b"[minecheck]\n", *(b"[t%d]\n" % i for i in range(1, count))]
    if not last_line_ended:
        heads[-1] = heads[-1][:-1]
    if size is None:
        return b"".join(heads)
    pad = size - sum(map(len, heads)) - 3
    assert pad >= 0
    return heads[0] + b"# " + b"x" * pad + b"\n" + b"".join(heads[1:])


DENSE = {  # (body, refused unread with this line, or None: read, and found no document)
    "values-at-the-limit": (b"[minecheck]\na = '" + b"," * 4681 + b"'\n", None),
    "values-one-past": (
        b"[minecheck]\na = '" + b"," * 4682 + b"'\n",
        "implausible document: 4684 values in 4701 bytes (more than one in 8 bytes); "
        "refused unread",
    ),
    "tables-at-the-limit": (_tables(1014, 7168), None),
    "tables-one-past": (
        _tables(1014, 7167),
        "implausible document: more than 1013 [table] headers or dotted keys in 7167 bytes "
        "(more than one in 512 bytes); refused unread",
    ),
    "tables-one-more-than-lines": (
        _tables(1014, None, last_line_ended=False),
        "implausible document: more than 1013 [table] headers or dotted keys in 7008 bytes "
        "(more than one in 512 bytes); refused unread",
    ),
}


@pytest.mark.parametrize("case", DENSE)
def test_verify_refuses_a_dense_body_unread_from_one_value_past_the_limit(
    cli: Cli, world: World, case: str
) -> None:
    """One value in 8 bytes beyond 4096, one [table] header in 512 bytes beyond 1000: the limits
    said in numbers, at the limit (read: then found to be no document) and one past it."""
    body, refused = DENSE[case]
    path = world.work / "f.toml"
    path.write_bytes(body)
    run = cli(["verify", str(path), *world.trust])
    assert (run.exit_code, run.stdout) == (1, f"{path}: malformed: not a minecheck document\n")
    if refused is None:
        assert "implausible" not in run.stderr
        assert "missing required key 'format' in [minecheck]\n" in run.stderr
    else:
        assert run.stderr == f"{path}: {refused}\n1 document: 1 malformed\n"
        said = cli(["verify", "--json", str(path), *world.trust]).json()["problems"]
        assert [(p["code"], p["message"]) for p in said] == [("too-dense", refused)]


@pytest.mark.parametrize(
    ("size", "where"),
    [(1048576, "{path}:3:1: "), (1048577, "{path}: minecheck.note: ")],
    ids=["one-mib", "one-byte-more"],
)
def test_a_problem_is_placed_by_line_up_to_one_mib_and_by_key_beyond(
    cli: Cli, world: World, size: int, where: str
) -> None:
    """A body of up to 1 MiB (1048576 bytes) has its problems placed by line and column; one
    byte more, by their key path (the body is not scanned a second time)."""
    head, tail = b'[minecheck]\nformat = "x"\nnote = "', b'"\n\n'
    path = world.work / "f.toml"
    path.write_bytes(head + b"y" * (size - len(head) - len(tail)) + tail)
    run = cli(["verify", str(path), *world.trust])
    assert (run.exit_code, run.stdout) == (1, f"{path}: malformed: not a minecheck document\n")
    said = where.format(path=path) + "unknown key 'note' in [minecheck]\n"
    assert said in run.stderr


def test_a_dense_body_s_problem_in_json_counts_braces_as_values(cli: Cli, world: World) -> None:
    """`{` counts as a value as `,` does (4682 braces, one `=`, one `[`: 4684 values in 4701
    bytes, one past the limit); the problem's code is `too-dense`."""
    path = world.work / "f.toml"
    path.write_bytes(b"[minecheck]\na = '" + b"{" * 4682 + b"'\n")
    run = cli(["verify", "--json", str(path), *world.trust])
    envelope = run.json()
    assert (run.exit_code, envelope["data"]["files"][0]["status"]) == (1, "malformed")
    assert envelope["problems"] == [
        {
            "code": "too-dense",
            "message": "implausible document: 4684 values in 4701 bytes (more than one in 8 "
            "bytes); refused unread",
            "path": str(path),
            "line": None,
            "column": None,
            "hint": None,
        }
    ]


# -- a revoked key recognised in a damaged file ------------------------------------------------


def _unwrapped(data: bytes) -> bytes:
    head, rest = data.split(b"-----BEGIN SSH SIGNATURE-----\n")
    armor, tail = rest.split(b"-----END SSH SIGNATURE-----")
    joined = armor.replace(b"\n", b"") + b"\n"
    return (
        head + b"-----BEGIN SSH SIGNATURE-----\n" + joined + b"-----END SSH SIGNATURE-----" + tail
    )


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data.replace(b"\n", b"\r\n"),  # an editor's line endings
        lambda data: data[data.index(b"-----BEGIN SSH SIGNATURE-----") :],  # the armor alone
        _unwrapped,  # the base64 on one line: 255 of it within the span read
        lambda data: data[: data.index(b"-----BEGIN SSH SIGNATURE-----\n") + 30 + 102],
    ],
    ids=["crlf", "armor-alone", "unwrapped", "cut-short"],
)
def test_a_damaged_file_signed_by_a_revoked_key_is_said_revoked(
    cli: Cli, world: World, damage: Callable[[bytes], bytes]
) -> None:
    """The key is read from the base64 after the BEGIN line however the file was damaged: with
    CRLF line endings, with the armor at the file's very start (the .sig the stock recipe
    extracts), with the armor's lines joined (its base64 then cut to whole groups of 4), or cut
    short 101 base64 characters in (a copy that failed: the key is in the first 88)."""
    (world.work / "revoked_keys").write_text(world.key.public_key.openssh() + "\n", "utf-8")
    fingerprint = world.key.public_key.fingerprint()
    code, said, summary = world.said(cli, damage(world.signed_as_is(world.body())))
    assert (code, said, summary) == (
        1,
        f"revoked: key {fingerprint} is revoked\n",
        "1 document: 1 revoked\n",
    )
