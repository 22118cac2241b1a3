"""One server shared by an office: several users, one archive, a locked-down host.

The modes of what minecheck writes follow the writer's umask for files colleagues read (signed
documents, merges, reports, exports, trust files) and stay private for what is the writer's own
(keys, drafts, the key registry), whatever the umask.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from benchmarks.corpus import generate

from tests.helpers_merge import INSPECTION, allowed_signers, findings, person


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


# what a file others may read is made with under each umask: as open() makes it, never writable
# by group or others (a trust file so made would be refused by the next verify)
SHARED = {0o022: 0o644, 0o027: 0o640, 0o077: 0o600, 0o002: 0o644, 0o000: 0o644}


@pytest.fixture
def archive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    return two_signed(tmp_path, monkeypatch)


def two_signed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Alice's and Bob's findings files in `archive/`, the run's directory, and the trust file
    that trusts them."""
    alice = person(tmp_path, "alice")
    bob = person(tmp_path, "bob")
    work = tmp_path / "archive"
    work.mkdir()
    (work / "alice.toml").write_bytes(findings(alice, ["compliant", "noncompliant", "compliant"]))
    (work / "bob.toml").write_bytes(findings(bob, ["compliant", "noncompliant", "compliant"]))
    trust = allowed_signers(tmp_path / "allowed_signers", alice, bob)
    monkeypatch.chdir(work)
    return {"alice": alice, "bob": bob, "work": work, "trust": str(trust)}


@pytest.mark.parametrize("with_umask", sorted(SHARED), indirect=True, ids=oct)
def test_what_colleagues_read_follows_the_umask(
    cli: Any, archive: dict[str, Any], with_umask: int, isolated_home: Path
) -> None:
    """A findings file written into a shared archive under umask 027 was mode 0644: readable by
    every user of the server, where the office's umask keeps others out."""
    expected = SHARED[with_umask]
    alice = archive["alice"]
    sign = ["--key", str(alice.key), "--signer", alice.principal]
    trust = ["--allowed-signers", archive["trust"]]
    ref = f"{INSPECTION}/gas-overlimit"
    made: list[str] = []

    run = cli(["followup", ref, "--action", "rectified", "-o", "f.toml", *sign])
    assert run.exit_code == 0, run.stderr
    made.append("f.toml")
    run = cli(["merge", "alice.toml", "bob.toml", "-o", "joint.toml", *sign, *trust])
    assert run.exit_code == 0, run.stderr
    made.append("joint.toml")
    Path("out").mkdir()
    run = cli(["extract", "joint.toml", "-o", "out", *trust])
    assert run.exit_code == 0, run.stderr
    made += [str(p) for p in sorted(Path("out").iterdir())]
    run = cli(["summary", "alice.toml", "bob.toml", "-o", "report.md", *trust])
    assert run.exit_code == 0, run.stderr
    made.append("report.md")
    run = cli(["export", "alice.toml", "--format", "csv", "-o", "rows.csv", *trust])
    assert run.exit_code == 0, run.stderr
    made.append("rows.csv")
    unsigned = Path("unsigned.toml")
    unsigned.write_text(_UNSIGNED_FOLLOWUP)
    run = cli(["sign", "unsigned.toml", "-o", "signed.toml", *sign])
    assert run.exit_code == 0, run.stderr
    made.append("signed.toml")

    assert {name: oct(mode(Path(name))) for name in made} == {name: oct(expected) for name in made}
    assert len(made) == 7


@pytest.mark.parametrize("with_umask", sorted(SHARED), indirect=True, ids=oct)
def test_trust_files_follow_the_umask_and_are_never_writable_by_others(
    cli: Any, archive: dict[str, Any], with_umask: int, isolated_home: Path
) -> None:
    """Under umask 002 (a shared group) the trust files stay 0644: 0664 would be refused by the
    next verify; under 027 they are 0640 as the office asked."""
    expected = SHARED[with_umask]
    pub = f"{archive['alice'].key}.pub"
    run = cli(["trust", "add", "--principal", archive["alice"].principal, "--key", pub])
    assert run.exit_code == 0, run.stderr
    allowed, revoked = isolated_home / "allowed_signers", isolated_home / "revoked_keys"
    assert (oct(mode(allowed)), oct(mode(revoked))) == (oct(expected), oct(expected))
    assert cli(["verify", "alice.toml"]).exit_code == 0


@pytest.mark.parametrize("with_umask", [0o000, 0o002, 0o022], indirect=True, ids=oct)
def test_what_is_the_writers_own_stays_private_whatever_the_umask(
    cli: Any, with_umask: int, isolated_home: Path
) -> None:
    run = cli(["keys", "generate", "--principal", "carol@coal.example"])
    assert run.exit_code == 0, run.stderr
    keys = isolated_home / "keys"
    assert oct(mode(keys / "carol@coal.example")) == oct(0o600)
    assert oct(mode(keys / "keys.toml")) == oct(0o600)
    assert oct(mode(keys)) == oct(0o700)


@pytest.mark.parametrize("with_umask", [0o022, 0o027], indirect=True, ids=oct)
def test_a_replaced_file_keeps_its_permissions(
    cli: Any, archive: dict[str, Any], with_umask: int
) -> None:
    """`--force` replaces a report the coordinator had made private (0600) or shared with the
    group (0660): the new one is as the old one was, not as the umask would make a new file."""
    trust = ["--allowed-signers", archive["trust"]]
    for kept in (0o600, 0o660, 0o444):
        out = Path(f"report-{kept:o}.md")
        out.write_text("old\n")
        out.chmod(kept)
        run = cli(["summary", "alice.toml", "-o", str(out), "--force", *trust])
        assert run.exit_code == 0, run.stderr
        assert out.read_text() != "old\n"
        assert oct(mode(out)) == oct(kept)


# A host that lets a user start only so many processes (`ulimit -u`, a cgroup's pids.max) or
# open only so many files: the pool's second worker cannot be started (fork fails with EAGAIN).
NO_SECOND_WORKER = textwrap.dedent(
    """
    import errno, os, sys
    real_fork, forks = os.fork, []

    def fork():
        forks.append(1)
        if len(forks) > 1:
            raise BlockingIOError(errno.EAGAIN, os.strerror(errno.EAGAIN))
        return real_fork()

    os.fork = fork
    from minecheck.__main__ import main
    sys.argv[0] = "minecheck"
    main()
    """
)


def test_workers_that_cannot_be_started_leave_the_work_to_this_process(tmp_path: Path) -> None:
    """Under `ulimit -u` the cron user's verify, summary and export said "minecheck: error:
    Resource temporarily unavailable" (exit 2), and summary and export then never ended: the
    one worker started waited for work and the interpreter for it at exit."""
    generate(tmp_path / "c", 120, 3, seed=5)
    docs = str(tmp_path / "c" / "docs")
    trust = ["--allowed-signers", str(tmp_path / "c" / "allowed_signers")]
    script = tmp_path / "limited.py"
    script.write_text(NO_SECOND_WORKER)
    exe = Path(sys.executable).parent / "minecheck"
    for command in (
        ["verify", docs, *trust],
        ["summary", docs, *trust, "--json", "--as-of", "2026-12-01", "--no-cache"],
        ["export", docs, *trust, "--format", "csv"],
    ):
        runs = []
        for start in ([str(exe)], [sys.executable, str(script)]):
            env = {**os.environ, "MINECHECK_HOME": str(tmp_path / "home")}
            runs.append(
                subprocess.run(
                    [*start, *command],
                    env=env,
                    capture_output=True,
                    timeout=120,  # a hang guard, not a timing assertion
                    check=False,
                )
            )
        usual, limited = runs
        assert (limited.returncode, limited.stderr) == (usual.returncode, usual.stderr), command
        assert limited.stdout == usual.stdout, command
        assert len(usual.stdout) > 1000, command


def _pid(data: bytes, path: str) -> int:
    return os.getpid()


@pytest.mark.skipif(not hasattr(os, "sched_getaffinity"), reason="no CPU affinity here")
def test_the_pool_follows_the_cpus_the_process_may_use(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cron job run under `taskset -c 0` (or a cgroup's cpuset) on a many-core server: the
    pool is sized to the CPUs this process may use, not to the machine's (os.cpu_count)."""
    from minecheck.report.batch import map_files

    paths = []
    for i in range(80):
        paths.append(tmp_path / f"{i:02d}.toml")
        paths[-1].write_bytes(b"x")
    monkeypatch.setattr(os, "cpu_count", lambda: 8)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0})
    alone = {r.value for r in map_files(_pid, paths, limit=10)}
    assert alone == {os.getpid()}
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})
    pooled = {r.value for r in map_files(_pid, paths, limit=10)}
    assert os.getpid() not in pooled
    assert 1 <= len(pooled) <= 2


@pytest.mark.usefixtures("group_shared")
@pytest.mark.parametrize("sticky", [False, True])
def test_a_trust_file_in_a_directory_others_can_write_is_refused(
    cli: Any, archive: dict[str, Any], tmp_path: Path, sticky: bool
) -> None:
    """allowed_signers kept in the office's shared archive (group-writable, setgid, no sticky
    bit), mode 0644: any inspector of the group could rename a file of their own over it,
    trusting their own key, and verify took it. The file's mode was checked, not its
    directory's. A sticky directory (/tmp) lets no one replace a file of another's."""
    shared = tmp_path / "shared"
    shared.mkdir()
    trust = Path(archive["trust"]).rename(shared / "allowed_signers")
    for bits in (0o775, 0o757):
        shared.chmod(bits | (stat.S_ISVTX if sticky else 0))
        run = cli(["verify", "alice.toml", "--allowed-signers", str(trust)])
        if sticky:
            assert (run.exit_code, run.stderr) == (0, "1 document: 1 trusted\n")
            continue
        assert (run.exit_code, run.stdout) == (2, "")
        assert run.stderr == (
            f"minecheck: error: {trust}: its directory {shared} is writable by group or others, "
            "who could replace the file\n"
            "  hint: keep trust files in a directory only their keeper can write\n"
        )
    shared.chmod(0o755)
    assert cli(["verify", "alice.toml", "--allowed-signers", str(trust)]).exit_code == 0


@pytest.mark.parametrize("command", ["verify", "export"])
def test_json_output_on_a_full_temporary_directory_is_one_envelope_of_the_error(
    cli: Any, archive: dict[str, Any], monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    """With TMPDIR on a small full disk, `verify DIR --json` printed `minecheck: error: No space
    left on device` on stderr and no envelope: the list spooled to a temporary file was written
    in blocks, and its last block failed only while the envelope was being printed."""
    import tempfile

    def full_disk(*args: Any, **kwargs: Any) -> Any:  # a device every write to which fails
        return open("/dev/full", "w+", encoding="utf-8", newline="")

    monkeypatch.setattr(tempfile, "TemporaryFile", full_disk)
    args = ["--allowed-signers", archive["trust"], "alice.toml", "bob.toml", "--json"]
    run = cli([command, *args] if command == "verify" else [command, *args, "--format", "csv"])
    envelope = json.loads(run.stdout)  # one envelope, whole
    assert (run.exit_code, run.stderr, envelope["ok"]) == (2, "", False)
    [problem] = envelope["problems"]
    assert problem["message"] == (
        "cannot keep the JSON output in a temporary file: No space left on device"
    )
    assert problem["hint"] == "free space in the temporary directory, or set TMPDIR to another one"


_UNSIGNED_FOLLOWUP = f"""\
[minecheck]
format = "minecheck.followup/1"

[[event]]
finding = "{INSPECTION}/gas-overlimit"
action = "rectified"
at = 2026-11-30T10:00:00Z
note = "fan replaced"

"""


def _own_group() -> bool:
    from minecheck.core.trust import owners_own_group

    return owners_own_group(os.getuid(), os.getgid())


@pytest.mark.skipif(not _own_group(), reason="the tests' user has no group of their own")
def test_a_trust_file_in_a_group_of_its_owner_alone_is_taken(
    cli: Any, archive: dict[str, Any], tmp_path: Path
) -> None:
    """Where every user has a group of their own (umask 002: Debian, Ubuntu, Fedora), every
    file and directory a user makes is group-writable: a trust file they copied into a
    directory of theirs was refused twice (the file, then its directory), though no one else
    could write either."""
    own = tmp_path / "own"
    own.mkdir()
    trust = Path(archive["trust"]).rename(own / "allowed_signers")
    own.chmod(0o775)
    trust.chmod(0o664)
    run = cli(["verify", "alice.toml", "--allowed-signers", str(trust)])
    assert (run.exit_code, run.stderr) == (0, "1 document: 1 trusted\n")
    trust.chmod(0o666)  # others may write: refused whatever the group
    run = cli(["verify", "alice.toml", "--allowed-signers", str(trust)])
    assert (run.exit_code, run.stderr) == (
        2,
        f"minecheck: error: {trust} is writable by group or others; run:\n  chmod go-w {trust}\n",
    )
    trust.chmod(0o644)
    own.chmod(0o777)
    run = cli(["verify", "alice.toml", "--allowed-signers", str(trust)])
    assert run.exit_code == 2
    assert "its directory" in run.stderr


def test_a_group_is_its_owner_s_own_only_when_no_one_else_is_in_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import grp
    import pwd

    from minecheck.core.trust import owners_own_group

    def user(name: str, uid: int, gid: int) -> Any:
        return pwd.struct_passwd((name, "x", uid, gid, "", "/", "/bin/sh"))

    users = [user("wang", 1000, 1000), user("li", 1001, 1001)]
    groups = {1000: ["wang"], 1001: [], 100: ["wang", "li"]}
    monkeypatch.setattr(pwd, "getpwall", lambda: users)
    monkeypatch.setattr(pwd, "getpwuid", lambda uid: next(u for u in users if u.pw_uid == uid))
    monkeypatch.setattr(
        grp, "getgrgid", lambda gid: grp.struct_group((str(gid), "x", gid, groups[gid]))
    )
    assert owners_own_group(1000, 1000)  # wang's group, wang alone in it
    assert not owners_own_group(1000, 100)  # the office's group
    assert not owners_own_group(1001, 1000)  # li's file in wang's group
    assert not owners_own_group(1000, 4242)  # a group the group file does not name
    groups[1000] = ["wang", "li"]  # li added to wang's group
    assert not owners_own_group(1000, 1000)
    groups[1000] = []
    users.append(user("zhao", 1002, 1000))  # zhao's primary group is wang's
    assert not owners_own_group(1000, 1000)
