"""What minecheck keeps about people on the machine it runs on: readable by whom, for how long.

The result cache holds what reports read of every file (sites, inspectors, descriptions of hidden
dangers, responsible persons): it is its owner's alone whatever the umask, and it does not grow
with every report date a nightly job asks for.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from minecheck.report import cache as cache_module
from minecheck.report import memo
from minecheck.report.cache import FILE_NAME, ResultCache
from tests.test_result_cache_rules import _plant, _values
from tests.test_shared_server import mode, two_signed


@pytest.fixture
def archive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Two signed findings files and the trust file that trusts them; the run's directory."""
    trust = two_signed(tmp_path, monkeypatch)["trust"]
    return ["alice.toml", "bob.toml", "--allowed-signers", trust]


@pytest.mark.parametrize("with_umask", [0o000, 0o002, 0o022], indirect=True, ids=oct)
def test_the_result_cache_is_its_owners_alone_whatever_the_umask(
    cli: Any, archive: list[str], with_umask: int, isolated_home: Path
) -> None:
    """The cache kept every site, inspector and description a report read in a file made 0644
    (umask 022): its directory was private, but a copy of the folder, a backup or a directory
    opened up by hand showed it to every user of the machine."""
    run = cli(["summary", *archive])
    assert run.exit_code == 0, run.stderr
    cache = isolated_home / "cache" / FILE_NAME
    assert oct(mode(cache)) == oct(0o600)
    assert oct(mode(cache.parent)) == oct(0o700)


@pytest.mark.parametrize("with_umask", [0o022], indirect=True, ids=oct)
def test_the_cache_s_journal_is_its_owners_alone_while_a_run_writes(
    tmp_path: Path, with_umask: int
) -> None:
    """SQLite makes its write-ahead log and shared-memory file with the database's mode: while
    a run holds the cache they hold the values too."""
    path = tmp_path / "cache" / FILE_NAME
    with ResultCache(path, "v") as cache:
        cache.put(b"\x01" * 32, b"Zhang San, ventilation team")
        made = sorted(p.name for p in path.parent.iterdir())
        modes = {p.name: oct(mode(p)) for p in path.parent.iterdir()}
    assert made == [FILE_NAME, f"{FILE_NAME}-shm", f"{FILE_NAME}-wal"]
    assert modes == dict.fromkeys(made, oct(0o600))


@pytest.mark.parametrize("with_umask", [0o022], indirect=True, ids=oct)
def test_a_cache_made_readable_by_an_earlier_minecheck_is_made_private(
    cli: Any, archive: list[str], with_umask: int, isolated_home: Path
) -> None:
    run = cli(["summary", *archive])
    assert run.exit_code == 0, run.stderr
    cache = isolated_home / "cache" / FILE_NAME
    cache.chmod(0o644)  # as every minecheck before this one left it
    run = cli(["summary", *archive, "--as-of", "2027-01-01"])
    assert run.exit_code == 0, run.stderr
    assert oct(mode(cache)) == oct(0o600)


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="descriptors listed in /proc")
def test_making_the_cache_private_leaves_no_file_open(tmp_path: Path) -> None:
    """A batch or a server opens the cache once a report: each opening closed leaves nothing
    open behind it (a descriptor left each time ends in "too many open files")."""
    path = tmp_path / FILE_NAME

    def open_now() -> set[str]:
        return set(os.listdir("/proc/self/fd"))

    before = open_now()
    for _ in range(3):
        ResultCache(path, "v").close()
    leaked = {fd for fd in open_now() - before if Path(f"/proc/self/fd/{fd}").exists()}
    assert leaked == set()


def _memos(cache: Path) -> int:
    with sqlite3.connect(cache) as db:
        (count,) = db.execute(
            "SELECT count(*) FROM result WHERE version LIKE ?", (f"% {memo.MEMO_VERSION}",)
        ).fetchone()
    return int(count)


def test_a_nightly_summary_keeps_a_bounded_number_of_whole_results(
    cli: Any, archive: list[str], isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A summary remembers its whole result under its arguments, the report date among them: a
    job run every night kept one more result every day, each with every site and person the
    report named, for as long as the same minecheck was installed. The latest MEMO_KEEP are kept
    (the memo of yesterday's date is no use today)."""
    monkeypatch.setattr(memo, "MEMO_KEEP", 5)
    answered: list[bool] = []
    recall = memo.SummaryMemo.recall

    def spy(self: memo.SummaryMemo) -> memo.Remembered | None:
        got = recall(self)
        answered.append(got is not None)
        return got

    monkeypatch.setattr(memo.SummaryMemo, "recall", spy)
    dates = [str(dt.date(2027, 1, 1) + dt.timedelta(days=n)) for n in range(12)]
    for day in dates:
        run = cli(["summary", *archive, "--as-of", day])
        assert run.exit_code == 0, run.stderr
    cache = isolated_home / "cache" / FILE_NAME
    assert _memos(cache) == 5
    # the latest written are those kept: the last date is answered from the memo, the first
    # is made again (and kept in place of the oldest)
    answered.clear()
    for day in (dates[-1], dates[-5], dates[0]):
        run = cli(["summary", *archive, "--as-of", day])
        assert run.exit_code == 0, run.stderr
    assert answered == [True, True, False]
    assert _memos(cache) == 5


def test_the_number_of_results_kept_is_a_few_dozen() -> None:
    assert 16 <= memo.MEMO_KEEP <= 100


@pytest.mark.parametrize(
    ("guide", "said"),
    [
        ("guide-first-inspection.md", r"the latest (\d+)\s+whole summaries"),
        ("guide-first-inspection.zh.md", r"最近 (\d+) 份完整汇总"),
    ],
)
def test_the_guide_says_how_many_whole_results_are_kept(guide: str, said: str) -> None:
    """The guide tells a user what the cache keeps about people: the number it gives is the
    number kept."""
    text = (Path(__file__).parent.parent / "docs" / guide).read_text(encoding="utf-8")
    (number,) = re.findall(said, text)
    assert int(number) == memo.MEMO_KEEP


def test_keeping_the_latest_values_of_one_version_leaves_the_others(tmp_path: Path) -> None:
    path = tmp_path / FILE_NAME
    with ResultCache(path, "other") as other:
        other.put_many({bytes([n]) * 32: b"kept" for n in range(3)})
    with ResultCache(path, "memo") as cache:
        for n in range(4):
            cache.put(bytes([n]) * 32, b"old")
        cache.put(b"\x00" * 32, b"new")  # replaced: written last
        cache.keep_latest(2)
        assert cache.get_many(bytes([n]) * 32 for n in range(4)) == {
            b"\x00" * 32: b"new",
            b"\x03" * 32: b"old",
        }
        cache.keep_latest(5)  # fewer than asked: nothing goes
        assert len(cache.get_many(bytes([n]) * 32 for n in range(4))) == 2
    with ResultCache(path, "other") as other:
        assert len(other.get_many(bytes([n]) * 32 for n in range(3))) == 3


@pytest.mark.parametrize("default", [0, 1], ids=["SQLite built to leave it", "to zero it"])
def test_a_value_deleted_from_the_cache_leaves_no_trace_in_its_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, default: int
) -> None:
    """A result pruned (or expired) is gone from the file, not left in a free page where any
    reader of the file could still find the sites, names and descriptions it held, whether
    the SQLite Python came with zeroes what it deletes (Debian's does) or not (the default)."""
    connect = sqlite3.connect

    def built_so(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        db: sqlite3.Connection = connect(*args, **kwargs)
        db.execute(f"PRAGMA secure_delete = {default}")
        return db

    monkeypatch.setattr(sqlite3, "connect", built_so)
    path = tmp_path / FILE_NAME
    marker = "矿长 Zhang Wei, 13900000000".encode()
    with ResultCache(path, "memo") as cache:
        cache.put(b"\x01" * 32, marker * 50)
        cache.put(b"\x02" * 32, b"later")
        cache.keep_latest(1)
        assert cache.get(b"\x01" * 32) is None
    held = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith(FILE_NAME))
    assert b"later" in held
    assert marker not in held


def _four_values(path: Path) -> None:
    with ResultCache(path, "memo") as cache:
        cache.put_many({bytes([n]) * 32: b"old" for n in range(4)})


def test_a_prune_refused_by_the_file_itself_turns_the_cache_off_and_makes_it_anew(
    tmp_path: Path,
) -> None:
    """A file whose table refuses the pruning (damaged, or changed by hand) is off for the rest
    of the run and deleted, so the next run makes it anew rather than keep every result."""
    path = tmp_path / FILE_NAME
    _four_values(path)
    _plant(
        path, "CREATE TRIGGER planted BEFORE DELETE ON result BEGIN SELECT RAISE(ABORT, 'no'); END"
    )
    cache = ResultCache(path, "memo")
    cache.keep_latest(1)
    assert not cache.enabled
    assert cache.problem == "the cache failed: no"
    cache.close()
    assert not path.exists()


def test_a_prune_sqlite_fails_turns_the_cache_off_and_keeps_the_file(tmp_path: Path) -> None:
    path = tmp_path / FILE_NAME
    _four_values(path)
    _plant(path, "CREATE TRIGGER planted BEFORE DELETE ON result BEGIN DELETE FROM nosuch; END")
    cache = ResultCache(path, "memo")
    cache.keep_latest(1)
    assert not cache.enabled
    assert cache.problem == "the cache failed: no such table: main.nosuch"
    cache.close()
    assert len(_values(path)) == 4


def test_a_prune_while_another_run_writes_is_left_for_the_next_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another run holding the write lock is no failure: the cache stays on, nothing is lost,
    and the next pruning does it."""
    monkeypatch.setattr(cache_module, "BUSY_TIMEOUT_S", 0.05)
    path = tmp_path / FILE_NAME
    _four_values(path)
    cache = ResultCache(path, "memo")
    with closing(sqlite3.connect(path, isolation_level=None)) as other:
        other.execute("BEGIN IMMEDIATE")
        cache.keep_latest(1)
        other.execute("COMMIT")
    assert cache.enabled, cache.problem
    assert cache.problem is None
    assert len(_values(path)) == 4
    cache.keep_latest(1)
    cache.close()
    assert len(_values(path)) == 1


PASSPHRASE = "correct horse battery staple"
NOT_SHOWN = "this line holds no ssh-ed25519 key; its words are not shown (is it the right file?)"


@pytest.mark.parametrize(
    "args",
    [
        ["verify", "alice.toml", "--revoked-keys", "secret"],
        ["verify", "alice.toml", "--allowed-signers", "secret"],
        ["summary", "alice.toml", "--revoked-keys", "secret"],
        ["trust", "add", "--from", "secret"],
        ["trust", "add", "--principal", "alice@coal.example", "--key", "secret"],
        ["trust", "revoke", "secret"],
    ],
    ids=["revoked-keys", "allowed-signers", "summary", "trust-add-from", "trust-add", "revoke"],
)
@pytest.mark.parametrize("json", [False, True], ids=["text", "json"])
@pytest.mark.parametrize("passphrase", [PASSPHRASE, "correct horse AAAA-staple"])
def test_a_passphrase_file_given_for_a_list_of_keys_is_not_quoted(
    cli: Any,
    archive: list[str],
    isolated_home: Path,
    args: list[str],
    json: bool,
    passphrase: str,
) -> None:
    """A passphrase file given where a list of keys belongs (the wrong tab completed) had a
    word of it quoted in the error: `secret:1:1: expected key type ssh-ed25519, found
    "correct"`, or `unknown option "horse"`, on the terminal, in a CI log, in the envelope.
    A word starting `AAAA` that no key's base64 could be (`AAAA-`) makes no line a key's:
    `trust add --key` and `trust revoke` quoted the first word of such a line."""
    secret = Path("secret")
    secret.write_text(passphrase + "\n")
    secret.chmod(0o600)
    run = cli([*args, *(["--json"] if json else [])])
    assert run.exit_code == 2
    said = run.stdout + run.stderr
    assert [word for word in passphrase.split() if word in said] == []
    if json:
        assert run.stderr == ""
    elif "--key" in args or "revoke" in args:  # one public key expected
        assert run.stderr.splitlines()[0] == (
            "minecheck: error: secret is not an OpenSSH public key: "
            "expected 'ssh-ed25519 <base64> [comment]'"
        )
    else:
        assert run.stderr.splitlines()[0] == f"secret:1:1: {NOT_SHOWN}"


def test_a_keys_file_with_a_typo_still_says_the_word(
    cli: Any, archive: list[str], tmp_path: Path
) -> None:
    """Where the line holds a key, the word that is wrong is still quoted: it is the keeper's
    typo in a real file, and quoting it says which."""
    key = (tmp_path / "alice.pub").read_text().split()
    Path("revoked").write_text(f"ssh-ed2551 {key[1]}\n")
    run = cli(["verify", "alice.toml", "--revoked-keys", "revoked"])
    assert run.exit_code == 2
    assert run.stderr.splitlines()[0] == (
        'revoked:1:1: expected key type ssh-ed25519, found "ssh-ed2551"'
    )


@pytest.mark.parametrize(
    ("line", "said"),
    [
        # a key with its type cut short: the word is quoted (the keeper's key, not a secret)
        ("ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI x@y", "key type 'ed25519' is not supported"),
        # the key type alone, with no key after it: no traceback
        ("ssh-ed25519", "expected 'ssh-ed25519 <base64> [comment]'"),
    ],
    ids=["another-type", "type-alone"],
)
def test_a_public_key_file_with_a_key_line_still_says_what_is_wrong(
    cli: Any, archive: list[str], line: str, said: str
) -> None:
    """Words are withheld only from a line with no key on it: a line with a key type or a key's
    base64 on it is the keeper's, and the error says what is wrong with it."""
    Path("given.pub").write_text(line + "\n")
    run = cli(["trust", "add", "--principal", "alice@coal.example", "--key", "given.pub"])
    assert run.exit_code == 2, run.stderr
    assert run.stderr.splitlines()[0].startswith(
        f"minecheck: error: given.pub is not an OpenSSH public key: {said}"
    )


def _core_limit(pid: int) -> str:
    """The soft limit on core files of process `pid`, as /proc shows it."""
    for line in Path(f"/proc/{pid}/limits").read_text().splitlines():
        if line.startswith("Max core file size"):
            return line.split()[4]
    raise AssertionError("no core limit")


def _cores_allowed() -> None:
    import resource

    _, hard = resource.getrlimit(resource.RLIMIT_CORE)
    resource.setrlimit(resource.RLIMIT_CORE, (hard, hard))


def spawn_keeping_cores(args: list[str], env: dict[str, str], cwd: Path, **more: Any) -> Any:
    """minecheck in a pseudo-terminal whose core-file limit starts as high as it may go, so
    that a limit of 0 read later was set by minecheck itself."""
    import pexpect

    from tests.test_inspect_pty import EXE

    return pexpect.spawn(
        str(EXE),
        args,
        env=env,
        cwd=str(cwd),
        timeout=30,
        encoding="utf-8",
        preexec_fn=_cores_allowed,
        **more,
    )


needs_proc = pytest.mark.skipif(
    not Path("/proc/self/limits").exists(), reason="reads a process's limits in /proc"
)


@needs_proc
@pytest.mark.parametrize("passphrase", ["", "a passphrase"], ids=["none", "in-environment"])
def test_no_core_file_holds_a_passphrase_given_in_the_environment(
    tmp_path: Path, isolated_home: Path, passphrase: str
) -> None:
    """With MINECHECK_PASSPHRASE set (or a key opened), a crash or a Ctrl-\\ during the walk
    wrote a core file holding the passphrase and every answer, in the current directory where
    the system's core pattern is `core`. The console script turns core files off for itself
    when it holds a secret from its start; without one, the limit is the user's."""

    from tests.test_inspect_pty import CHECKLIST, GAS_QUESTION, Terminal

    term = Terminal(isolated_home, tmp_path)
    made = term.run("keys", "generate", "--principal", "alice@coal.example", "--trust")
    assert made.returncode == 0, made.stderr
    env = term.env()
    if passphrase:
        env["MINECHECK_PASSPHRASE"] = passphrase
    inspect = ["inspect", str(CHECKLIST), "--site", "Mine A", "--inspector", "Wang Wei"]
    child = spawn_keeping_cores(inspect, env, tmp_path, dimensions=(40, 120))
    try:
        child.expect_exact(GAS_QUESTION)
        limit = _core_limit(child.pid)
    finally:
        child.terminate(force=True)
    assert (limit == "0") == bool(passphrase)


@needs_proc
def test_no_core_file_holds_a_passphrase_typed_or_a_key_opened(
    tmp_path: Path, isolated_home: Path
) -> None:
    import pexpect

    from minecheck.core.keys import generate
    from tests.test_inspect_pty import Terminal
    from tests.test_shared_server import _UNSIGNED_FOLLOWUP

    key = tmp_path / "key"
    generate(key, "alice@coal.example", b"a passphrase")
    (tmp_path / "u.toml").write_text(_UNSIGNED_FOLLOWUP)
    args = ["sign", "u.toml", "--key", str(key), "--signer", "alice@coal.example", "-o", "s.toml"]
    child = spawn_keeping_cores(args, Terminal(isolated_home, tmp_path).env(), tmp_path)
    try:
        child.expect_exact("assphrase")
        limit = _core_limit(child.pid)
        child.sendline("a passphrase")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert limit == "0"
    assert child.exitstatus == 0
    assert (tmp_path / "s.toml").exists()


@needs_proc
def test_no_core_file_holds_a_new_keys_passphrase(tmp_path: Path, isolated_home: Path) -> None:
    """`keys generate` at a terminal asks for the new key's passphrase twice, then holds it and
    the key: a Ctrl-\\ at the second question wrote a core file holding the first (the limit was
    set only where a key is opened to sign). It is set before the first question now."""
    import pexpect

    from tests.test_inspect_pty import Terminal

    generate = ["keys", "generate", "--principal", "alice@coal.example"]
    child = spawn_keeping_cores(generate, Terminal(isolated_home, tmp_path).env(), tmp_path)
    try:
        child.expect_exact("Passphrase for the new key")
        first = _core_limit(child.pid)
        child.sendline("a passphrase")
        child.expect_exact("Same passphrase again")
        second = _core_limit(child.pid)
        child.sendline("a passphrase")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert (first, second) == ("0", "0")
    assert child.exitstatus == 0


@needs_proc
def test_a_core_limit_of_one_byte_is_lowered_too(tmp_path: Path) -> None:
    """Whatever soft limit the user's shell set (here 1 byte, under a hard limit), no core
    file is allowed once a secret is held; the hard limit is left as it was."""
    import resource
    import subprocess
    import sys

    hard = resource.getrlimit(resource.RLIMIT_CORE)[1]
    if hard == 0:
        pytest.skip("core files are not allowed here at all")
    script = (
        "import resource\n"
        "_, hard = resource.getrlimit(resource.RLIMIT_CORE)\n"
        "resource.setrlimit(resource.RLIMIT_CORE, (1, hard))\n"
        "from minecheck.portable import no_core_dumps\n"
        "no_core_dumps()\n"
        "print(*resource.getrlimit(resource.RLIMIT_CORE))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=tmp_path
    )
    assert run.stdout == f"0 {hard}\n"
