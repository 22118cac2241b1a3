"""Hostile inputs and ordinary faults: never a hang, never a traceback, the rest still checked."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import errno
import os
import re
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import pytest

from minecheck.core import sshsig
from minecheck.core.keys import load_private
from minecheck.core.seal import TRAILER_HEAD, TRAILER_TAIL
from minecheck.core.signers import parse_allowed_signers, parse_revoked_keys
from minecheck.core.tomlio import parse_toml
from minecheck.core.tomlpos import key_positions
from minecheck.errors import InputError
from minecheck.fileio import LINK_TO_NOTHING
from minecheck.session.answers import read_answers
from minecheck.session.rules import AnswerError, evidence_resolver
from tests.conftest import Run, within
from tests.helpers_docs import findings_body, seal_with

ALICE = "alice@mine.example"
HANG = b'bogus = ["""\\"""}"""]\n'  # an escaped quote inside a multi-line string
BIG_NUMBER = b"n = " + b"7" * 5000 + b"\n"
SCRIPT = Path(sys.executable).parent / "minecheck"


class Cli(Protocol):
    def __call__(self, args: Sequence[str], input: str | bytes | None = None) -> Run: ...


@pytest.fixture
def alice(cli: Cli) -> dict[str, Any]:
    run = cli(["keys", "generate", "--principal", ALICE, "--json"])
    assert run.exit_code == 0, run.stdout
    data: dict[str, Any] = run.json()["data"]
    assert (
        cli(["trust", "add", "--principal", ALICE, "--key", data["public_key_path"]]).exit_code == 0
    )
    return data


def signed(cli: Cli, path: Path, alice: dict[str, Any], **kwargs: Any) -> Path:
    path.write_bytes(findings_body(ALICE, alice["fingerprint"], **kwargs))
    run = cli(["sign", str(path)])
    assert run.exit_code == 0, run.stderr
    return path


# -- 1. the key position scanner --------------------------------------------------------------


def test_an_escaped_quote_in_a_multiline_string_ends_nothing() -> None:
    with within(5):
        found = key_positions((HANG + b"after = 1\n").decode())
    assert found[("bogus",)] == (1, 1)
    assert found[("bogus", 0)] == (1, 10)
    assert found[("after",)] == (2, 1)


@pytest.mark.parametrize(
    ("text", "key", "where"),
    [
        ('a = """one\\"""\nx"""\nb = 1\n', ("b",), (3, 1)),
        ("a = '''it's'''\nb = 1\n", ("b",), (2, 1)),
        ('a = """ends in quotes"""""\nb = 1\n', ("b",), (2, 1)),
        ('a = """line \\\n  continued"""\nb = 1\n', ("b",), (3, 1)),
        ('"k\\u00e9y" = 1\n', ("k\u00e9y",), (1, 1)),
        ('"tab\\there" = 1\n', ("tab\there",), (1, 1)),
        ("'lit\\eral' = 1\n", ("lit\\eral",), (1, 1)),
        ('t = { "q\\"uote" = 1 }\n', ("t", 'q"uote'), (1, 7)),
        ("a = [}\nb = 1\n", ("a",), (1, 1)),  # text TOML refuses: the scan still ends
        ('a = "unterminated\nb = 1\n', ("b",), (2, 1)),
    ],
)
def test_every_string_form_is_understood(text: str, key: tuple[str, ...], where: Any) -> None:
    with within(5):
        assert key_positions(text).get(key) == where


@pytest.mark.parametrize("command", ["verify", "lint"])
def test_the_80_byte_file_is_reported_not_hung(cli: Cli, tmp_path: Path, command: str) -> None:
    path = tmp_path / "hang.toml"
    path.write_bytes(b"[checklist]\n" + HANG if command == "lint" else HANG)
    args = ["checklists", "lint", str(path)] if command == "lint" else ["verify", str(path)]
    with within(20):
        run = cli(args)
    assert run.exit_code == 1
    assert "Traceback" not in run.stderr
    assert f"{path}:" in run.stdout + run.stderr


# -- 3. numbers too long for Python -----------------------------------------------------------


def test_a_5000_digit_number_is_a_problem_in_every_reader(tmp_path: Path) -> None:
    with pytest.raises(InputError) as toml_error:
        parse_toml(BIG_NUMBER.decode(), "big.toml")
    [problem] = toml_error.value.problems
    assert (problem.code, problem.message) == (
        "toml-value",
        "invalid TOML: a number is too long (more than 4300 digits)",
    )
    with pytest.raises(InputError) as json_error:
        read_answers(b'{"answers": {"x": ' + b"7" * 5000 + b"}}", "a.json")
    assert [p.code for p in json_error.value.problems] == ["json-value"]
    with pytest.raises(InputError):
        read_answers(BIG_NUMBER, "a.toml")


def test_verify_goes_on_after_a_5000_digit_number(
    cli: Cli, tmp_path: Path, alice: dict[str, Any]
) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a-big.toml").write_bytes(BIG_NUMBER)
    good = signed(cli, docs / "b-good.toml", alice)
    run = cli(["verify", "--json", str(docs)])
    assert (run.exit_code, run.stderr) == (1, "")
    envelope = run.json()
    assert {f["path"]: f["status"] for f in envelope["data"]["files"]} == {
        str(docs / "a-big.toml"): "malformed",
        str(good): "trusted",
    }
    assert any(p["code"] == "toml-value" for p in envelope["problems"])


# -- 7. the directory walk --------------------------------------------------------------------


def test_verify_reports_everything_under_a_directory_it_cannot_read(
    cli: Cli, tmp_path: Path, alice: dict[str, Any]
) -> None:
    docs = tmp_path / "docs"
    (docs / "sub").mkdir(parents=True)
    good = signed(cli, docs / "good.toml", alice)
    os.mkfifo(docs / "fifo.toml")
    os.mkfifo(docs / "dir.toml")
    (docs / "sub" / "loop").symlink_to("..")
    (docs / "dangling.toml").symlink_to("nowhere.toml")
    deep = docs / "deep"
    for _ in range(300):
        deep = deep / "d"
    deep.mkdir(parents=True)
    (docs / "notes.txt").write_text("ignored\n")
    with within(60):
        run = cli(["verify", str(docs)])
    assert run.exit_code == 2
    assert run.stdout == (
        f"{good}: trusted: signed by a trusted key ({ALICE} {alice['fingerprint']})\n"
    )
    lines = run.stderr.splitlines()
    assert f"{docs / 'fifo.toml'}: not a regular file (a FIFO)" in lines
    assert f"{docs / 'dir.toml'}: not a regular file (a FIFO)" in lines
    assert f"{docs / 'sub' / 'loop'}: a link back to a directory above it" in lines
    assert f"{docs / 'dangling.toml'}: {LINK_TO_NOTHING}" in lines
    assert any(line.endswith("more than 256 directory levels down; not searched") for line in lines)
    assert lines[-1] == "6 documents: 1 trusted, 5 unreadable"
    assert "Traceback" not in run.stderr


def test_a_directory_that_cannot_be_listed_is_reported(
    cli: Cli, tmp_path: Path, alice: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = tmp_path / "docs"
    (docs / "locked").mkdir(parents=True)
    good = signed(cli, docs / "good.toml", alice)
    real_scandir = os.scandir

    def scandir(path: str) -> Any:
        if path.endswith("locked"):
            raise PermissionError(13, "Permission denied", path)
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    run = cli(["verify", "--json", str(docs)])
    envelope = run.json()
    assert (run.exit_code, envelope["exit_code"]) == (2, 2)
    assert [f["path"] for f in envelope["data"]["files"]] == [str(good)]
    assert envelope["problems"][0] == {
        "code": "unlistable",
        "message": "cannot list this directory: Permission denied",
        "path": str(docs / "locked"),
        "line": None,
        "column": None,
        "hint": None,
    }


def test_a_directory_that_cannot_be_looked_at_is_reported(
    cli: Cli, tmp_path: Path, alice: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A directory the walk lists but cannot enter (no search permission, a path over PATH_MAX)
    holds documents unseen: said, and exit 2 (it was skipped without a word, exit 0)."""
    docs = tmp_path / "docs"
    (docs / "sub").mkdir(parents=True)
    (docs / "notes.txt").write_text("not a document\n")
    good = signed(cli, docs / "good.toml", alice)
    real_stat = os.stat

    def stat(path: Any, *args: Any, **kwargs: Any) -> Any:
        if str(path).endswith(("sub", "notes.txt")):
            raise PermissionError(13, "Permission denied", str(path))
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", stat)
    run = cli(["verify", str(docs)])
    assert run.exit_code == 2
    assert run.stdout.startswith(f"{good}: trusted: ")
    assert f"{docs / 'sub'}: cannot read: Permission denied" in run.stderr.splitlines()
    assert "notes.txt" not in run.stderr  # a plain file of another name is nobody's business


@pytest.mark.skipif(os.geteuid() == 0, reason="root lists every directory")
def test_a_really_unlistable_directory_is_reported(cli: Cli, tmp_path: Path) -> None:
    locked = tmp_path / "docs" / "locked"
    locked.mkdir(parents=True)
    (locked / "x.toml").write_text("x = 1\n")
    locked.chmod(0)
    try:
        run = cli(["verify", str(tmp_path / "docs")])
    finally:
        locked.chmod(0o700)
    assert run.exit_code == 2
    assert f"{locked}: cannot list this directory: Permission denied" in run.stderr


def test_lint_never_blocks_on_a_fifo(cli: Cli, tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "blocked.toml")
    with within(20):
        run = cli(["checklists", "lint", str(tmp_path)])
    assert run.exit_code == 2
    assert f"{tmp_path / 'blocked.toml'}: not a regular file (a FIFO)\n" in run.stderr


def test_a_tree_1400_levels_deep_is_no_crash(cli: Cli, tmp_path: Path) -> None:
    top = tmp_path / "deep"
    os.mkdir(top)
    fd = os.open(top, os.O_RDONLY)
    try:
        for _ in range(1400):  # deeper than a path can be written, so build it by descriptor
            os.mkdir("d", dir_fd=fd)
            inner = os.open("d", os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = inner
    finally:
        os.close(fd)
    try:
        for args in (["verify", str(top)], ["checklists", "lint", str(top)]):
            with within(60):
                run = cli(args)
            assert run.exit_code == 2, run.stderr
            assert "Traceback" not in run.stderr
            assert "not searched" in run.stderr
    finally:
        flatten(top)


def flatten(top: Path) -> None:
    """Remove a chain of `d` directories too deep for shutil.rmtree, one level at a time."""
    fd = os.open(top, os.O_RDONLY)
    try:
        while os.path.isdir(top / "d" / "d"):
            os.rename("d/d", "up", src_dir_fd=fd, dst_dir_fd=fd)
            os.rmdir("d", dir_fd=fd)
            os.rename("up", "d", src_dir_fd=fd, dst_dir_fd=fd)
        os.rmdir("d", dir_fd=fd)
    finally:
        os.close(fd)


# -- 4. ordinary faults -----------------------------------------------------------------------


def test_a_damaged_key_list_is_an_error(cli: Cli, isolated_home: Path) -> None:
    keys = isolated_home / "keys"
    keys.mkdir(parents=True)
    damaged: tuple[bytes, ...] = (
        b"key = 5\n",
        b"key = [1]\n",
        b'[[key]]\npath = 1\nfingerprint = "x"\n',
        b"=",
    )
    # a default that is no fingerprint, an empty path, a NUL in one, a fingerprint that is
    # missing or no text, a principal that is no text
    damaged += (b"default = 5\n", b'[[key]]\npath = ""\nfingerprint = "x"\n')
    damaged += (b'[[key]]\npath = "/k\\u0000/x"\nfingerprint = "x"\n', b'[[key]]\npath = "/k"\n')
    damaged += (b'[[key]]\npath = "/k"\nfingerprint = 1\n',)
    damaged += (b'[[key]]\npath = "/k"\nfingerprint = "x"\nprincipal = 1\n',)
    for damage in damaged:
        (keys / "keys.toml").write_bytes(damage)
        run = cli(["keys", "list"])
        assert run.exit_code == 2, damage
        assert f"minecheck: error: {keys / 'keys.toml'} is damaged" in run.stderr
        assert "Traceback" not in run.stderr


def test_output_to_a_directory_or_a_device_is_refused(
    cli: Cli, tmp_path: Path, alice: dict[str, Any]
) -> None:
    doc = tmp_path / "doc.toml"
    doc.write_bytes(findings_body(ALICE, alice["fingerprint"]))
    out = tmp_path / "out"
    target = out / "doc.toml"  # -o DIR writes DIR/doc.toml: here a directory stands in its way
    target.mkdir(parents=True)
    run = cli(["sign", str(doc), "-o", str(out), "--force"])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == (
        f"minecheck: error: {target} is a directory; only a file can be replaced\n"
    )
    run = cli(["sign", str(doc), "-o", "/dev/null", "--force"])
    assert run.exit_code == 2
    assert (
        run.stderr
        == "minecheck: error: /dev/null: not a regular file (a character device); only a file "
        "can be replaced\n"
    )
    assert doc.read_bytes() == findings_body(ALICE, alice["fingerprint"])


def test_a_file_size_limit_is_an_error_and_nothing_is_written(
    cli: Cli, tmp_path: Path, alice: dict[str, Any], isolated_home: Path
) -> None:
    doc = tmp_path / "doc.toml"
    doc.write_bytes(findings_body(ALICE, alice["fingerprint"]))
    out = tmp_path / "signed.toml"

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (512, 512))

    env = {k: v for k, v in os.environ.items() if not k.startswith("MINECHECK_")}
    env["MINECHECK_HOME"] = str(isolated_home)
    result = subprocess.run(
        [str(SCRIPT), "sign", str(doc), "-o", str(out)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
        preexec_fn=limit,  # the limit is set in the child only
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"minecheck: error: {out}: cannot write: File too large; nothing was written\n"
    )
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def _no_hard_links(monkeypatch: pytest.MonkeyPatch) -> None:
    """The filesystem of a USB stick (FAT, exFAT) as Linux mounts it: link() is refused, and
    so is a change of permissions."""
    import errno

    def refused(*args: object, **kw: object) -> None:
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", refused)
    monkeypatch.setattr(os, "chmod", refused)


def test_a_new_file_is_written_where_the_filesystem_has_no_hard_links(
    cli: Cli, tmp_path: Path, alice: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Writing to a USB stick failed: "cannot write: Operation not permitted; nothing was
    written" (a new file is put in place with a hard link, so none made meanwhile is lost)."""
    doc = tmp_path / "doc.toml"
    doc.write_bytes(findings_body(ALICE, alice["fingerprint"]))
    stick = tmp_path / "stick"
    stick.mkdir()
    _no_hard_links(monkeypatch)
    run = cli(["sign", str(doc), "-o", str(stick / "signed.toml")])
    assert run.exit_code == 0, run.stderr
    assert cli(["verify", str(stick / "signed.toml")]).exit_code == 0
    assert sorted(p.name for p in stick.iterdir()) == ["signed.toml"]
    run = cli(["sign", str(doc), "-o", str(stick / "signed.toml")])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.startswith(f"minecheck: error: {stick / 'signed.toml'} already exists\n")


def test_a_file_made_meanwhile_on_such_a_filesystem_is_not_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from minecheck import fileio
    from minecheck.errors import UsageError

    _no_hard_links(monkeypatch)
    path = tmp_path / "report.csv"

    def made_meanwhile(fh: Any) -> None:
        fh.write(b"ours")
        path.write_bytes(b"theirs")  # another program, between the check and the rename

    with pytest.raises(UsageError, match="already exists"):
        fileio.atomic_write(path, made_meanwhile)
    assert path.read_bytes() == b"theirs"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.csv"]


@pytest.mark.parametrize(
    "args",
    [
        ["verify", "{docs}"],
        ["verify", "{docs}", "--json"],
        ["show", "{docs}/0.toml"],
        ["summary", "{docs}", "--format", "table"],
        ["summary", "{docs}", "--format", "md"],
        ["export", "{docs}", "--format", "csv"],
        ["checklists", "show", "coal-major-hidden-dangers"],
        ["checklists", "list"],
        ["--help"],  # help is drawn by the framework's console, which ended with 1
        ["summary", "--help"],
    ],
    ids=lambda args: " ".join(a for a in args if "{" not in a),
)
def test_a_broken_pipe_ends_quietly(
    cli: Cli, tmp_path: Path, alice: dict[str, Any], args: list[str]
) -> None:
    """Whatever writes the output (plain lines, a Rich table, an envelope), a reader gone
    before the first line ends the run with 141 and nothing on stderr."""
    docs = tmp_path / "docs"
    docs.mkdir()
    for n in range(3):
        signed(
            cli, docs / f"{n}.toml", alice, document_id=f"6f1c2a4e-8b3d-4f7a-9c2e-1d5b7a9e3f0{n}"
        )
    env = dict(os.environ)
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first line is written
    try:
        result = subprocess.run(
            [str(SCRIPT), *(a.format(docs=docs) for a in args)],
            env=env,
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
            timeout=60,
        )
    finally:
        os.close(write_end)
    assert result.returncode == 141
    assert result.stderr == ""


UNWRITABLE_OUTPUT_RUNS = [
    ["--version"],
    ["--help"],
    ["checklists", "list", "--json"],  # the envelope, written after the command's body
    ["checklists", "list"],  # data written by the body
    ["summary", "--json"],  # a usage error's envelope
    ["no-such-command", "--json"],
    ["verify", "--help"],
]


def _buffered(buffered: bool = True) -> dict[str, str]:
    """The environment, standard output buffered as Python buffers it by default (what is left
    in the buffer is written once more as the interpreter ends), or unbuffered as under
    PYTHONUNBUFFERED."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    return env if buffered else env | {"PYTHONUNBUFFERED": "1"}


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("args", UNWRITABLE_OUTPUT_RUNS, ids=" ".join)
def test_a_full_standard_output_is_an_error_not_a_traceback(
    isolated_home: Path, args: list[str]
) -> None:
    """Standard output on a full disk (here /dev/full): one error line on stderr naming standard
    output, exit 2."""
    with open("/dev/full", "w") as full:  # (the environment: isolated_home's)
        result = subprocess.run(
            [str(SCRIPT), *args],
            env=_buffered(),
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
            timeout=60,
        )
    assert result.stderr == (
        "minecheck: error: cannot write to standard output: No space left on device\n"
    )
    assert result.returncode == 2


@pytest.mark.parametrize("buffered", [True, False], ids=["buffered", "unbuffered"])
@pytest.mark.parametrize(
    ("args", "said"),
    [
        *((args, "cannot write to standard output") for args in UNWRITABLE_OUTPUT_RUNS[2:5]),
        (["checklists", "list", "--lang", "zh"], "无法写入标准输出"),
    ],
    ids=lambda x: " ".join(x) if isinstance(x, list) else "",
)
def test_a_standard_output_open_for_reading_only_is_named(
    isolated_home: Path, tmp_path: Path, args: list[str], said: str, buffered: bool
) -> None:
    """`minecheck ... 1<file` (or `exec 1<file` earlier in a script): the write is refused
    ("Bad file descriptor"), and the error says it was standard output that could not be
    written, exit 2; the file standing in for it is unchanged."""
    stand_in = tmp_path / "read-only"
    stand_in.write_bytes(b"kept\n")
    with stand_in.open("rb") as read_only:
        result = subprocess.run(
            [str(SCRIPT), *args],
            env=_buffered(buffered),
            stdout=read_only,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
            timeout=60,
        )
    english = said.isascii()
    reason = os.strerror(errno.EBADF) if english else "文件描述符无效"
    separator = ": " if english else "："
    assert (result.returncode, result.stderr) == (
        2,
        f"minecheck: error: {said}{separator}{reason}\n",
    )
    assert stand_in.read_bytes() == b"kept\n"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("args", [["no-such-command"], ["verify", "missing.toml"]], ids=" ".join)
def test_a_full_standard_error_still_ends_in_exit_2(isolated_home: Path, args: list[str]) -> None:
    """The error cannot be said: the exit code says it (never 1, a check's verdict)."""
    with open("/dev/full", "w") as full:  # (the environment: isolated_home's)
        result = subprocess.run(
            [str(SCRIPT), *args], stdout=subprocess.PIPE, stderr=full, check=False
        )
    assert (result.returncode, result.stdout) == (2, b"")


@pytest.mark.parametrize(
    ("given", "reason"),
    [
        ("loop.jpg", "cannot be read"),
        ("nul\0.jpg", "holds a NUL character"),
        ("x" * 5000 + ".jpg", "cannot be read"),
        ("locked.jpg", None),
    ],
)
def test_evidence_paths_that_cannot_be_read(tmp_path: Path, given: str, reason: str | None) -> None:
    (tmp_path / "loop.jpg").symlink_to("loop.jpg")
    resolve = evidence_resolver(tmp_path, tmp_path)
    if reason is None:  # a directory where a file should be: reported as one, not a crash
        (tmp_path / "locked.jpg").mkdir()
        reason = "is a directory, not a file"
    with pytest.raises(AnswerError) as error:
        resolve(given)
    assert reason in str(error.value)


# -- 2. key windows and a signer's own `created` ----------------------------------------------


def _sealed(alice: dict[str, Any], **kwargs: Any) -> bytes:
    return seal_with(findings_body(ALICE, alice["fingerprint"], **kwargs), Path(alice["path"]))


def test_a_document_created_in_the_future_is_not_trusted(
    cli: Cli, tmp_path: Path, alice: dict[str, Any]
) -> None:
    soon = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(minutes=5)
    later = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(minutes=20)
    (tmp_path / "soon.toml").write_bytes(_sealed(alice, created=soon))
    (tmp_path / "later.toml").write_bytes(_sealed(alice, created=later))
    run = cli(["verify", "--json", str(tmp_path / "soon.toml"), str(tmp_path / "later.toml")])
    files = run.json()["data"]["files"]
    assert [(f["status"], f["detail"]) for f in files] == [
        ("trusted", "signed by a trusted key"),
        (
            "key-not-yet-valid",
            "created in the future: the document's created time is more than 10 minutes "
            "after this computer's clock",
        ),
    ]
    assert run.exit_code == 1

    unsigned = tmp_path / "unsigned.toml"
    unsigned.write_bytes(findings_body(ALICE, alice["fingerprint"], created=later))
    run = cli(["sign", str(unsigned)])
    assert run.exit_code == 2
    assert run.stderr.startswith(f"minecheck: error: {unsigned}: created ")
    assert "lies in the future" in run.stderr
    assert unsigned.read_bytes() == findings_body(ALICE, alice["fingerprint"], created=later)


def test_a_retired_key_back_dating_is_caught_by_verify_at_now(
    cli: Cli, tmp_path: Path, alice: dict[str, Any]
) -> None:
    allowed = tmp_path / "allowed_signers"
    add = ["trust", "add", "--principal", ALICE, "--key", alice["public_key_path"]]
    assert (
        cli([*add, "--allowed-signers", str(allowed), "--valid-before", "2025-01-01"]).exit_code
        == 0
    )
    doc = tmp_path / "old.toml"
    doc.write_bytes(_sealed(alice, created=dt.datetime(2024, 6, 1, tzinfo=dt.UTC)))
    assert cli(["verify", str(doc), "--allowed-signers", str(allowed)]).exit_code == 0
    run = cli(["verify", "--json", str(doc), "--allowed-signers", str(allowed), "--at", "now"])
    assert run.exit_code == 1
    [verdict] = run.json()["data"]["files"]
    assert (verdict["status"], verdict["detail"]) == (
        "key-expired",
        "the signing key had expired at the time of checking",
    )
    run = cli(["verify", str(doc), "--at", "yesterday"])
    assert (run.exit_code, run.stderr) == (
        2,
        "minecheck: error: --at 'yesterday': expected created or now\n",
    )


# -- 5. revocation survives trivial edits -----------------------------------------------------


def _rewrap(data: bytes, width: int) -> bytes:
    head, rest = data.split(b"-----BEGIN SSH SIGNATURE-----\n")
    b64, tail = rest.split(b"-----END SSH SIGNATURE-----\n")
    joined = b64.replace(b"\n", b"")
    lines = [joined[i : i + width] for i in range(0, len(joined), width)]
    armor = b"\n".join(lines) + b"\n"
    return (
        head + b"-----BEGIN SSH SIGNATURE-----\n" + armor + b"-----END SSH SIGNATURE-----\n" + tail
    )


@pytest.mark.parametrize(
    "edit",
    [
        lambda d: d + b"\n",
        lambda d: _rewrap(d, 76),
        lambda d: d.replace(b"sshsig = '''", b'sshsig = """').replace(
            b"-----\n'''\n", b'-----\n"""\n'
        ),
        lambda d: (
            d + b"# appended\n[signature]\nsshsig = '''\n-----BEGIN SSH SIGNATURE-----\nAAAA\n"
        ),
        lambda d: b"\xef\xbb\xbf" + d.replace(b"\n", b"\r\n"),
    ],
    ids=["newline", "rewrapped-76", "triple-double-quotes", "appended-armor", "bom-crlf"],
)
def test_revocation_is_judged_first_however_the_file_was_edited(
    cli: Cli, tmp_path: Path, alice: dict[str, Any], edit: Any
) -> None:
    doc = tmp_path / "doc.toml"
    original = _sealed(alice)
    doc.write_bytes(edit(original))
    assert doc.read_bytes() != original
    revoked = tmp_path / "revoked_keys"
    assert (
        cli(["trust", "revoke", alice["public_key_path"], "--revoked-keys", str(revoked)]).exit_code
        == 0
    )
    before = cli(["verify", "--json", str(doc)]).json()["data"]["files"][0]["status"]
    assert before == "malformed"
    run = cli(["verify", "--json", str(doc), "--revoked-keys", str(revoked)])
    [verdict] = run.json()["data"]["files"]
    assert (verdict["status"], verdict["detail"]) == (
        "revoked",
        f"key {alice['fingerprint']} is revoked",
    )


# -- 10. what SPEC 2.2 says a signed document is ----------------------------------------------


def test_sha256_signatures_and_bodies_not_starting_with_minecheck_are_malformed(
    cli: Cli, tmp_path: Path, alice: dict[str, Any]
) -> None:
    signer = load_private(Path(alice["path"]), None)
    body = findings_body(ALICE, alice["fingerprint"])
    sha256 = tmp_path / "sha256.toml"
    armored = sshsig.sign(signer, body, sshsig.NAMESPACE_FINDINGS, hash_alg="sha256")
    sha256.write_bytes(body + TRAILER_HEAD + armored.encode() + TRAILER_TAIL)
    prefixed = tmp_path / "prefixed.toml"
    moved = b"# a comment first\n" + body
    armored = sshsig.sign(signer, moved, sshsig.NAMESPACE_FINDINGS)
    prefixed.write_bytes(moved + TRAILER_HEAD + armored.encode() + TRAILER_TAIL)
    run = cli(["verify", "--json", str(sha256), str(prefixed)])
    assert run.exit_code == 1
    assert [(f["status"], f["detail"]) for f in run.json()["data"]["files"]] == [
        ("malformed", "the signature uses sha256; minecheck documents are signed with sha512"),
        ("malformed", "a document body must begin with the [minecheck] table"),
    ]


# -- 6. allowed_signers read at least as strictly as ssh-keygen -------------------------------


@pytest.mark.parametrize(
    ("options", "code", "column"),
    [
        ('namespaces="minecheck-findings-v1\\" ', "bad-option", 53),
        ('namespaces="x\\",minecheck-findings-v1" ', "bad-option", 33),
    ],
)
def test_a_backslash_quote_in_an_option_is_refused(
    alice: dict[str, Any], options: str, code: str, column: int
) -> None:
    key = Path(alice["public_key_path"]).read_text().split()[:2]
    text = f"{ALICE} {options}{' '.join(key)}\n"
    with pytest.raises(InputError) as error:
        parse_allowed_signers(text, "allowed_signers")
    [problem] = error.value.problems
    assert (problem.code, problem.line, problem.column) == (code, 1, column)
    assert problem.message.startswith("a backslash is not allowed in the value of option")


def test_non_canonical_base64_keys_are_refused(alice: dict[str, Any]) -> None:
    key_type, b64 = Path(alice["public_key_path"]).read_text().split()[:2]
    assert b64.endswith("=") is False  # an Ed25519 key blob encodes without padding
    for bad in (b64 + "==", b64 + "===="):
        with pytest.raises(InputError) as error:
            parse_allowed_signers(f"{ALICE} {key_type} {bad}\n", "allowed_signers")
        assert "not canonical" in error.value.problems[0].message
        with pytest.raises(InputError):
            parse_revoked_keys(f"{key_type} {bad}\n".encode(), "revoked_keys")


def _base64_as_python_3_13(real: Any) -> Any:
    """`base64.b64decode` as Python 3.13 has it: with validate=True, "=" after a whole group of
    four is an error (3.11 and 3.12 read past it)."""

    def b64decode(s: str | bytes, altchars: bytes | None = None, validate: bool = False) -> bytes:
        text = s.decode("ascii") if isinstance(s, bytes) else s
        core = text.rstrip("=")
        if validate and core != text and len(core) % 4 == 0:
            raise binascii.Error("Excess padding not allowed")
        result: bytes = real(s, altchars, validate)
        return result

    return b64decode


@pytest.mark.parametrize("strictness", ["this Python's", "Python 3.13's"])
def test_extra_padding_on_a_key_is_named_alike_on_every_python(
    alice: dict[str, Any], monkeypatch: pytest.MonkeyPatch, strictness: str
) -> None:
    if strictness == "Python 3.13's":
        monkeypatch.setattr(base64, "b64decode", _base64_as_python_3_13(base64.b64decode))
    key_type, b64 = Path(alice["public_key_path"]).read_text().split()[:2]
    with pytest.raises(InputError) as error:
        parse_allowed_signers(f"{ALICE} {key_type} {b64}==\n", "allowed_signers")
    [problem] = error.value.problems
    assert problem.message == (
        "invalid ssh-ed25519 key: the key's base64 is not canonical (extra padding or bits)"
    )


# -- 10. contract gaps ------------------------------------------------------------------------


def test_a_located_warning_keeps_its_place_under_json(
    cli: Cli, tmp_path: Path, alice: dict[str, Any], isolated_home: Path
) -> None:
    doc = signed(cli, tmp_path / "doc.toml", alice)
    allowed = isolated_home / "allowed_signers"
    key = " ".join(Path(alice["public_key_path"]).read_text().split()[:2])
    with allowed.open("a") as fh:
        fh.write(f"*@mine.example cert-authority {key}\n")
    run = cli(["verify", "--json", str(doc)])
    assert run.json()["problems"] == [
        {
            "code": "cert-authority-skipped",
            "message": "cert-authority line skipped: certificates are not supported",
            "path": str(allowed),
            "line": 2,
            "column": 16,
            "hint": None,
        }
    ]


def test_allowed_signers_from_a_pipe(
    cli: Cli, tmp_path: Path, alice: dict[str, Any], isolated_home: Path
) -> None:
    doc = signed(cli, tmp_path / "doc.toml", alice)
    content = (isolated_home / "allowed_signers").read_bytes()
    env = {k: v for k, v in os.environ.items() if not k.startswith("MINECHECK_")}
    env["MINECHECK_HOME"] = str(tmp_path / "elsewhere")  # nothing trusted there
    result = subprocess.run(
        [
            "bash",
            "-c",
            '"$0" verify "$1" --allowed-signers <(printf %s "$2")',
            SCRIPT,
            doc,
            content,
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert (result.returncode, result.stderr) == (0, "1 document: 1 trusted\n")


def test_trust_add_through_a_symlink_keeps_the_link(
    cli: Cli, tmp_path: Path, alice: dict[str, Any]
) -> None:
    real = tmp_path / "shared" / "allowed_signers"
    real.parent.mkdir()
    real.write_text("")
    real.chmod(0o600)
    link = tmp_path / "allowed_signers"
    link.symlink_to(real)
    add = ["trust", "add", "--principal", "bob@mine.example", "--key", alice["public_key_path"]]
    assert cli([*add, "--allowed-signers", str(link)]).exit_code == 0
    assert link.is_symlink()
    assert (real.stat().st_mode & 0o777) == 0o600
    assert real.read_text().startswith("bob@mine.example ")


def test_keys_import_refuses_the_public_half_of_another_key(
    cli: Cli, tmp_path: Path, alice: dict[str, Any]
) -> None:
    from minecheck.core.keys import generate

    mine = tmp_path / "ssh" / "id_ed25519"
    mine.parent.mkdir(mode=0o700)
    generate(mine, "me@mine.example", None)
    other = tmp_path / "ssh" / "other"
    generate(other, "other@mine.example", None)
    pub = mine.with_name("id_ed25519.pub")
    pub.write_bytes(other.with_name("other.pub").read_bytes())
    run = cli(["keys", "import", str(mine), "--principal", "me@mine.example"])
    assert run.exit_code == 2
    assert run.stdout == ""
    assert run.stderr.startswith(
        f"minecheck: error: {pub} is the public half of another key, not of {mine}\n"
    )


# -- 7. the user checklist directory is read like any other directory --------------------------


def test_a_fifo_among_the_user_checklists_is_reported_not_read(
    cli: Cli, isolated_home: Path
) -> None:
    user = isolated_home / "checklists"
    user.mkdir(parents=True)
    os.mkfifo(user / "blocked.toml")
    (user / "folder.toml").mkdir()
    (user / "gone.toml").symlink_to("nowhere.toml")
    with within(20):
        run = cli(["checklists", "list"])
    assert run.exit_code == 0
    assert "coal-major-hidden-dangers" in run.stdout
    assert "blocked" not in run.stdout
    assert run.stderr.splitlines() == [
        f"minecheck: warning: {user / 'blocked.toml'}: not a regular file (a FIFO); skipped",
        f"minecheck: warning: {user / 'folder.toml'}: a directory, not a checklist; skipped",
        f"minecheck: warning: {user / 'gone.toml'}: {LINK_TO_NOTHING}; skipped",
    ]
    with within(20):
        run = cli(["checklists", "list", "--json"])
    envelope = run.json()
    assert (run.exit_code, run.stderr) == (0, "")
    assert [(p["code"], p["path"]) for p in envelope["problems"]] == [
        ("not-a-file", str(user / "blocked.toml")),
        ("not-a-file", str(user / "folder.toml")),
        ("unreadable", str(user / "gone.toml")),
    ]
    with within(20):  # naming it by id finds nothing to read rather than waiting on it
        run = cli(["checklists", "show", "blocked"])
    assert run.exit_code == 2
    assert "no checklist with id 'blocked'" in run.stderr


def test_discover_reads_only_regular_files(tmp_path: Path) -> None:
    from minecheck.core.checklist import discover, discover_checklists

    (tmp_path / "good.toml").write_text("")
    (tmp_path / "link.toml").symlink_to("good.toml")
    os.mkfifo(tmp_path / "fifo.toml")
    (tmp_path / "notes.txt").write_text("")
    assert discover([tmp_path, tmp_path / "absent"]) == {
        "good": tmp_path / "good.toml",
        "link": tmp_path / "link.toml",
    }
    found, problems = discover_checklists([tmp_path])
    assert list(found) == ["good", "link"]
    assert [(p.code, p.message, p.path) for p in problems] == [
        ("not-a-file", "not a regular file (a FIFO)", str(tmp_path / "fifo.toml"))
    ]


# -- 11. the README's ssh-keygen recipe refuses what verify refuses ----------------------------


def security_recipe() -> str:
    from tests.test_docs import security_recipe as recipe

    return recipe()


def readme_recipe() -> str:
    text = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = text.split("## Verifying without minecheck\n", 1)[1].split("\n## ", 1)[0]
    [recipe] = re.findall(r"^```sh\n(.*?)^```$", section, flags=re.M | re.S)
    return str(recipe)


APPENDED_TOML = b"[extra]\nnote = '''\n-----END SSH SIGNATURE-----\n'''\n"


def _second_armor(data: bytes) -> bytes:
    start = data.index(b"-----BEGIN SSH SIGNATURE-----\n")
    end = data.index(b"-----END SSH SIGNATURE-----\n") + len(b"-----END SSH SIGNATURE-----\n")
    return data[:end] + data[start:end] + data[end:]


@pytest.mark.skipif(shutil.which("ssh-keygen") is None, reason="ssh-keygen is not installed")
@pytest.mark.parametrize(
    ("case", "accepted"),
    [
        ("good", True),
        ("appended", False),
        ("appended-trailer", False),
        ("appended-valid-toml", False),
        ("revoked", False),
        ("rewrapped-76", False),
        ("rewrapped-64", False),
        ("two-armors", False),
        ("window-closed-before-created", False),
        ("window-closed-since", True),  # judged at `created`, as verify judges it
    ],
)
@pytest.mark.parametrize("doc", ["README.md", "docs/security.md"])
def test_the_published_recipes_agree_with_verify(
    cli: Cli, tmp_path: Path, alice: dict[str, Any], case: str, accepted: bool, doc: str
) -> None:
    """Each published recipe refuses what verify refuses (the security.md one took a signature
    re-wrapped at 64 columns, which verify refuses)."""
    work = tmp_path / "work"
    work.mkdir()
    original = _sealed(alice)
    data = {
        "appended": original + b'note = "added later"\n',
        "appended-trailer": original
        + b"[extra]\nx = 1\n"
        + original[original.index(b"[signature]\n") :],
        # valid TOML appended, ending in the 32 bytes a signed file ends with
        "appended-valid-toml": original + APPENDED_TOML,
        "rewrapped-76": _rewrap(original, 76),
        "rewrapped-64": _rewrap(original, 64),
        "two-armors": _second_armor(original),
    }.get(case, original)
    (work / "f.toml").write_bytes(data)
    (work / "xinxing.toml").write_bytes(data)  # the name security.md's recipe gives
    pub = alice["public_key_path"]
    line = f"{ALICE} {' '.join(Path(pub).read_text().split()[:2])}"
    window = {
        "window-closed-before-created": 'valid-before="20260101Z" ',
        "window-closed-since": 'valid-after="20260101Z",valid-before="20261130Z" ',
    }.get(case, "")
    (work / "allowed_signers").write_text(f"{ALICE} {window}{line.split(' ', 1)[1]}\n")
    (work / "revoked_keys").write_text(Path(pub).read_text() if case == "revoked" else "")
    (work / "revoked_keys").chmod(0o644)
    (work / "allowed_signers").chmod(0o644)
    script = readme_recipe() if doc == "README.md" else security_recipe()
    recipe = subprocess.run(
        # security.md's recipe is saved as check.sh and given the file; the README's names f.toml
        ["bash", "-c", script, "check.sh", "xinxing.toml"],
        cwd=work,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
        env={"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8"},
    )
    verify = cli(
        [
            "verify",
            str(work / "f.toml"),
            "--allowed-signers",
            str(work / "allowed_signers"),
            "--revoked-keys",
            str(work / "revoked_keys"),
        ]
    )
    assert (recipe.returncode == 0, verify.exit_code == 0) == (accepted, accepted), (
        recipe.stdout + recipe.stderr + verify.stdout
    )
    if accepted:
        assert recipe.stdout.startswith(f'Good "minecheck-findings-v1" signature for {ALICE}')


@pytest.mark.skipif(shutil.which("ssh-keygen") is None, reason="ssh-keygen is not installed")
def test_the_security_recipe_refuses_valid_toml_appended(
    tmp_path: Path, alice: dict[str, Any]
) -> None:
    """Appended TOML that itself ends in the 32 bytes of a trailer is still content appended."""
    from tests.test_docs import run_recipe

    line = " ".join(Path(alice["public_key_path"]).read_text().split()[:2])
    (tmp_path / "allowed_signers").write_text(f"{ALICE} {line}\n")
    (tmp_path / "revoked_keys").write_text("")
    original = _sealed(alice)
    assert run_recipe(tmp_path, original).returncode == 0
    run = run_recipe(tmp_path, original + APPENDED_TOML)
    assert (run.returncode, run.stdout) == (1, "REFUSE: content after the signature\n")


@pytest.mark.skipif(shutil.which("ssh-keygen") is None, reason="ssh-keygen is not installed")
def test_the_guide_script_refuses_valid_toml_appended(
    tmp_path: Path, alice: dict[str, Any]
) -> None:
    guide = Path(__file__).resolve().parents[1] / "docs" / "guide-keys-and-trust.md"
    text = guide.read_text(encoding="utf-8")
    script = text.split("cat > check-signature.sh <<'EOF'\n", 1)[1].split("\nEOF\n", 1)[0]
    (tmp_path / "check.sh").write_text(script + "\n")
    line = " ".join(Path(alice["public_key_path"]).read_text().split()[:2])
    (tmp_path / "allowed_signers").write_text(f"{ALICE} {line}\n")
    (tmp_path / "revoked_keys").write_text("")
    original = _sealed(alice)
    results = []
    for data in (original, original + APPENDED_TOML):
        (tmp_path / "f.toml").write_bytes(data)
        run = subprocess.run(
            ["sh", "check.sh", "f.toml", "allowed_signers", "revoked_keys"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )
        results.append((run.returncode, run.stderr))
    assert results[0][0] == 0
    assert results[1] == (1, "f.toml: content after the signature\n")


# -- found by fuzzing -------------------------------------------------------------------------


def test_applies_if_holding_lists_is_a_lint_problem_not_a_crash(cli: Cli, tmp_path: Path) -> None:
    found = Path(__file__).parent / "fuzz_regressions" / "checklist"
    path = tmp_path / "mini-check.toml"
    path.write_bytes((found / "applies-if-holding-lists.toml").read_bytes())
    run = cli(["checklists", "lint", str(path)])
    assert (run.exit_code, run.stderr) == (1, "1 file checked, 2 problems\n")
    assert run.stdout == (
        f"{path}:18:15: applies_if must hold only strings\n"
        f"{path}:18:37: applies_if must hold only strings\n"
    )


@pytest.mark.parametrize(
    ("what", "expected"),
    [
        ("answers file", "not an answers file"),
        ("events file", "not an events file"),
        ("document", "not a document"),
    ],
)
def test_a_directory_named_as_a_file_is_refused_in_plain_words(
    what: str, expected: str, tmp_path: Path
) -> None:
    from minecheck.fileio import read_limited

    with pytest.raises(InputError) as caught:
        read_limited(tmp_path, 100, what)
    assert str(caught.value) == f"{tmp_path}: is a directory, {expected}"


def test_no_home_directory(
    cli: Cli,
    tmp_path: Path,
    alice: dict[str, Any],
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """No HOME and no passwd entry (`docker --user`, a bare cron job): commands given every path
    run (without a cache); the others say what is missing. platformdirs raised a traceback."""
    import platformdirs

    doc = signed(cli, tmp_path / "doc.toml", alice)
    allowed = tmp_path / "allowed_signers"
    shutil.copy(isolated_home / "allowed_signers", allowed)

    def no_home(*args: Any, **kwargs: Any) -> str:
        raise RuntimeError("could not determine the home directory")

    monkeypatch.delenv("MINECHECK_HOME")
    for kind in ("config", "data", "cache"):
        monkeypatch.setattr(platformdirs, f"user_{kind}_dir", no_home)
    run = cli(["verify", str(doc), "--allowed-signers", str(allowed)])
    assert (run.exit_code, run.stderr) == (0, "1 document: 1 trusted\n")
    run = cli(["summary", str(doc), "--allowed-signers", str(allowed), "--format", "json"])
    assert (run.exit_code, run.stderr) == (0, "")
    run = cli(["trust", "list"])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == (
        "minecheck: error: there is no home directory to keep minecheck's config files in\n"
        "  hint: set HOME, or MINECHECK_HOME to a directory of minecheck's own\n"
    )
    assert cli(["checklists", "list"]).exit_code == 0  # the bundled ones


def test_no_home_directory_with_an_older_platformdirs(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The platformdirs releases minecheck allows from 4.2 on answer no HOME and no passwd entry
    with the path as `os.path.expanduser` leaves it, "~/.config/minecheck": a key was written
    under a folder named "~" in the current directory, with exit 0."""
    import platformdirs

    monkeypatch.delenv("MINECHECK_HOME")
    for kind, path in (("config", ".config"), ("data", ".local/share"), ("cache", ".cache")):
        monkeypatch.setattr(
            platformdirs, f"user_{kind}_dir", lambda app, path=path: f"~/{path}/{app}"
        )
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    run = cli(["keys", "generate", "--principal", ALICE])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == (
        "minecheck: error: there is no home directory to keep minecheck's config files in\n"
        "  hint: set HOME, or MINECHECK_HOME to a directory of minecheck's own\n"
    )
    assert list(work.iterdir()) == []


def test_a_relative_xdg_directory_is_ignored_with_an_older_platformdirs(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A relative XDG_CONFIG_HOME (`XDG_CONFIG_HOME=.config`, a typo in a profile) is to be
    ignored, as recent platformdirs releases do; 4.2 took it as given, and `keys generate` was
    told there is no home directory (or, had the check not been there, wrote the key into a
    folder of that name wherever it was run)."""
    import os

    import platformdirs

    monkeypatch.delenv("MINECHECK_HOME")
    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))
    for kind, default in (("config", ".config"), ("data", ".local/share"), ("cache", ".cache")):
        variable = f"XDG_{kind.upper()}_HOME"
        monkeypatch.setenv(variable, "relative")

        def as_4_2(app: str, variable: str = variable, default: str = default) -> str:
            base = os.environ.get(variable) or os.path.expanduser(f"~/{default}")
            return os.path.join(base, app)

        monkeypatch.setattr(platformdirs, f"user_{kind}_dir", as_4_2)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    run = cli(["keys", "generate", "--principal", ALICE])
    assert run.exit_code == 0, run.stderr
    assert (home / ".config" / "minecheck" / "keys" / ALICE).is_file()
    assert list(work.iterdir()) == []
    assert os.environ["XDG_CONFIG_HOME"] == "relative"  # (given back as it was)


@pytest.mark.parametrize("command", ["summary", "export", "show"])
def test_a_zone_a_whole_day_from_utc(
    cli: Cli, tmp_path: Path, alice: dict[str, Any], monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    """POSIX allows TZ=UTC-24, which Python cannot make a local date in: said, exit 2 (it was a
    traceback through the pool)."""
    doc = signed(cli, tmp_path / "doc.toml", alice)
    monkeypatch.setenv("TZ", "UTC-24")
    time.tzset()
    try:
        run = cli([command, str(doc)])
    finally:
        monkeypatch.undo()
        time.tzset()
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == (
        "minecheck: error: the local time zone (TZ=UTC-24) is 24 hours or more from UTC\n"
        "  hint: set TZ to a zone such as Asia/Shanghai or UTC\n"
    )


def test_a_private_file_is_not_written_where_permissions_cannot_be_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from minecheck import fileio

    _no_hard_links(monkeypatch)
    path = tmp_path / "draft.toml"
    with pytest.raises(InputError) as raised:
        fileio.atomic_write(path, b"answers", mode=0o600)
    assert str(raised.value) == (
        f"{path}: cannot write: Operation not permitted; nothing was written"
    )
    assert list(tmp_path.iterdir()) == []


def _pipe(path: Path, data: bytes) -> Any:
    """A writer of `data` into the named pipe `path` (made here), on a thread of its own."""
    import threading

    if not path.exists():
        os.mkfifo(path)

    def write() -> None:
        with path.open("wb") as pipe:
            pipe.write(data)

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    return writer


@pytest.mark.parametrize("files", [3, 60])  # read here, and by the pool's workers
def test_summary_and_export_read_a_pipe_named_on_purpose(
    cli: Cli, tmp_path: Path, files: int
) -> None:
    """`summary <(...)` and `export <(...)` read a pipe named on the command line, as verify
    does (they named it "not a regular file"); each run reads it once, and a run after it with
    other bytes in the pipe is not answered from what the last run found. A pipe met in a
    directory is still left out, never waited on."""
    from benchmarks.corpus import generate

    generate(tmp_path / "c", files, 4, seed=3)
    docs = tmp_path / "c" / "docs"
    trust = ["--allowed-signers", str(tmp_path / "c" / "allowed_signers"), "--as-of", "2027-06-30"]
    whole = cli(["summary", str(docs), *trust, "--format", "json"])
    assert whole.exit_code == 0, whole.stderr
    rows = tmp_path / "whole.csv"
    assert cli(["export", str(docs), *trust, "--format", "csv", "-o", str(rows)]).exit_code == 0
    first, second = sorted((docs / "findings").rglob("*.toml"))[:2]
    data = first.read_bytes()
    first.unlink()
    fewer = cli(["summary", str(docs), *trust, "--format", "json"])
    assert fewer.stdout != whole.stdout
    pipe = tmp_path / "pipe.toml"
    for _ in range(2):  # the second run: the memo of the first (the same bytes)
        writer = _pipe(pipe, data)
        with within(60):
            run = cli(["summary", str(docs), str(pipe), *trust, "--format", "json"])
        writer.join(5)
        assert (run.exit_code, run.stderr) == (0, "")
        assert run.stdout == whole.stdout
    writer = _pipe(pipe, second.read_bytes())  # other bytes: the same file twice, once counted
    with within(60):
        other = cli(["summary", str(docs), str(pipe), *trust, "--format", "json"])
    writer.join(5)
    assert other.exit_code == 0, other.stderr
    assert other.stdout == fewer.stdout
    out = tmp_path / "rows.csv"
    writer = _pipe(pipe, data)
    with within(60):
        done = cli(["export", str(docs), str(pipe), *trust, "--format", "csv", "-o", str(out)])
    writer.join(5)
    assert (done.exit_code, done.stderr) == (0, "")
    assert out.read_bytes() == rows.read_bytes()
    os.mkfifo(docs / "waiting.toml")  # in a directory: left out, never waited on
    with within(60):
        run = cli(["summary", str(docs), *trust, "--format", "json"])
    assert run.exit_code == 2  # (an entry below a directory that cannot be read, as verify)
    assert f"{docs / 'waiting.toml'}: left out: not a regular file (a FIFO)\n" in run.stderr
