"""A power cut (SIGKILL) at random instants of the commands that write: afterwards every file
is absent, as it was, or whole and new; the result cache is never served half written; the
same command then runs as before (no lock or temporary file in its way)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.helpers_disk import snapshot
from tests.helpers_docs import findings_body
from tests.helpers_merge import INSPECTION, Who, findings, person

EXE = Path(sys.executable).parent / "minecheck"
BUDGET_S = float(os.environ.get("MINECHECK_KILL_BUDGET_S", "1.2"))  # per command
DOCUMENTS = 120  # for the reports: enough that the cache is written while the run is killed


class Place:
    def __init__(self, tmp_path: Path, cli: Any) -> None:
        self.home = tmp_path / "home"
        self.work = tmp_path / "work"
        self.work.mkdir()
        keys = tmp_path / "keys"
        keys.mkdir()
        self.alice: Who = person(keys, "alice")
        self.bob: Who = person(keys, "bob")
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("MINECHECK_")}
        self.env.update(MINECHECK_HOME=str(self.home), NO_COLOR="1", LANG="C.UTF-8")
        assert os.environ["MINECHECK_HOME"] == str(self.home)  # (the in-process CLI's home)
        for who in (self.alice, self.bob):  # set-up, not the test: trusted in-process
            added = cli(["trust", "add", "--principal", who.principal, "--key", f"{who.key}.pub"])
            assert added.exit_code == 0, added.stderr
        docs = self.work / "docs"
        docs.mkdir()
        for n in range(DOCUMENTS):
            who = (self.alice, self.bob)[n % 2]
            results = ["compliant", "noncompliant", ("compliant", "noncompliant")[n % 3 == 0]]
            (docs / f"{n:04}.toml").write_bytes(findings(who, results, n))
        self.sign = ["--key", str(self.alice.key), "--signer", self.alice.principal]

    def run(self, *args: str) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(
            [str(EXE), *args],
            cwd=self.work,
            env=self.env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            check=False,
        )

    def ok(self, *args: str) -> bytes:
        done = self.run(*args)
        assert done.returncode == 0, done.stderr.decode()
        return done.stdout

    def killed(self, args: list[str], after: float) -> int:
        child = subprocess.Popen(
            [str(EXE), *args],
            cwd=self.work,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(after)
        child.send_signal(signal.SIGKILL)
        return child.wait()

    def files(self) -> dict[Path, bytes]:
        cache = self.home / "cache"
        return {p: d for p, d in snapshot(self.work, self.home).items() if cache not in p.parents}


def _kill_at_random(
    place: Place,
    args: list[str],
    seed: int,
    outputs: list[Path],
    whole: Callable[[Path, bytes], bool],
    reset: Callable[[], None],
) -> int:
    """Kill `args` at random instants within BUDGET_S; check after each kill that the files
    but `outputs` are as they were and each output is absent, as it was, or `whole`."""
    start = time.perf_counter()
    reset()
    before = place.files()
    place.ok(*args)
    took = time.perf_counter() - start
    rng = random.Random(seed)  # noqa: S311 - instants, not secrets
    kills = 0
    while time.perf_counter() - start < BUDGET_S or kills < 2:
        reset()
        place.killed(args, rng.uniform(0.3 * took, 1.1 * took))
        kills += 1
        now = place.files()
        for path, data in before.items():
            if path in outputs:
                continue
            assert now.get(path) == data, f"{path.name} changed by a run killed"
        for path in outputs:
            if path in now and now[path] != before.get(path):
                assert whole(path, now[path]), f"{path.name} half written: {now[path][-80:]!r}"
        for path in now.keys() - before.keys() - set(outputs):
            assert path.name.startswith("."), path  # a hidden temporary name, read by nothing
            assert path.name.endswith(".tmp"), path
    reset()
    place.ok(*args)  # and it runs again
    return kills


def _trusted(place: Place) -> Callable[[Path, bytes], bool]:
    def whole(path: Path, data: bytes) -> bool:
        return data.endswith(b"-----END SSH SIGNATURE-----\n'''\n") and (
            b"trusted" in place.ok("verify", str(path))
        )

    return whole


@pytest.fixture
def place(tmp_path: Path, cli: Any) -> Place:
    return Place(tmp_path, cli)


def test_sign_in_place_killed_leaves_the_body_or_the_signed_file(place: Place) -> None:
    doc = place.work / "u.toml"
    body = findings_body(place.alice.principal, place.alice.fingerprint)

    def reset() -> None:
        doc.write_bytes(body)

    def whole(path: Path, data: bytes) -> bool:
        return data.startswith(body) and _trusted(place)(path, data)

    _kill_at_random(place, ["sign", "u.toml", *place.sign], 1, [doc], whole, reset)


@pytest.mark.parametrize(
    "name",
    ["followup", "merge", "export", "summary"],
)
def test_a_new_file_killed_while_written_is_absent_or_whole(place: Place, name: str) -> None:
    out = place.work / "out"
    args = {
        "followup": [
            *("followup", f"{INSPECTION}/gas-overlimit", "--action", "escalated"),
            *("-o", "out", *place.sign),
        ],
        "merge": ["merge", "docs/0000.toml", "docs/0001.toml", "-o", "out", *place.sign],
        "export": ["export", "docs", "--format", "csv", "-o", "out"],
        "summary": ["summary", "docs", "--format", "json", "-o", "out"],
    }[name]
    if name == "followup":
        (place.work / "f.toml").write_bytes((place.work / "docs" / "0001.toml").read_bytes())
    expected: dict[str, bytes] = {}

    def reset() -> None:
        out.unlink(missing_ok=True)

    def whole(path: Path, data: bytes) -> bool:
        if name in ("followup", "merge"):
            return _trusted(place)(path, data)
        expected.setdefault("out", place.ok(*args[:-2]))  # the same, to standard output
        return data == expected["out"]

    _kill_at_random(place, args, 2, [out], whole, reset)


def test_trust_add_killed_keeps_every_line(place: Place, tmp_path: Path) -> None:
    carol = person(tmp_path / "keys", "carol")
    allowed = place.home / "allowed_signers"
    old = allowed.read_bytes()
    args = ["trust", "add", "--principal", carol.principal, "--key", f"{carol.key}.pub"]

    def reset() -> None:
        allowed.write_bytes(old)

    def whole(path: Path, data: bytes) -> bool:
        return data.startswith(old) and data.count(b"\n") == old.count(b"\n") + 1

    _kill_at_random(place, args, 3, [allowed], whole, reset)


def test_a_cache_killed_while_written_is_never_served_half_written(place: Place) -> None:
    args = ["summary", "docs", "--format", "json"]
    fresh = place.ok(*args, "--no-cache")
    cache = place.home / "cache"
    rng = random.Random(4)  # noqa: S311 - instants, not secrets
    start = time.perf_counter()
    kills = 0
    while time.perf_counter() - start < BUDGET_S or kills < 2:
        if rng.random() < 0.3:
            for made in cache.glob("*"):
                made.unlink()
        place.killed(args, rng.uniform(0.2, 0.9))
        kills += 1
        assert place.ok(*args) == fresh
    assert place.ok(*args) == fresh


# -- the temporary file a killed run left, removed by the next write beside it -----------------


def _dead_pid() -> int:
    """The id of a process that has ended (and been waited for)."""
    child = subprocess.Popen([sys.executable, "-c", ""])
    child.wait()
    return child.pid


def _left(directory: Path, name: str, pid: int, host: str | None = None, age_s: float = 0) -> Path:
    """A hidden temporary file as a run of process `pid` on `host` (this one) leaves it."""
    import secrets

    from minecheck.fileio import host_tag

    path = directory / f".{name}.{host or host_tag()}.{pid}.{secrets.token_hex(4)}.tmp"
    path.write_bytes(b"half a file")
    if age_s:
        when = time.time() - age_s
        os.utime(path, (when, when))
    return path


def test_a_killed_run_s_temporary_file_is_removed_by_the_next_write_beside_it(
    tmp_path: Path, isolated_home: Path
) -> None:
    """SIGKILL (or a power cut) gives a run no chance to remove its hidden temporary file. The
    next write beside it removes one it can tell is stale: made on this machine by a process
    that is gone, and untouched for an hour (another file's too). Any other is left: a live
    process's (it may still be writing), a young one, another machine's on a shared folder
    (its process cannot be looked up from here), one of an earlier version (no process
    named)."""
    from minecheck import fileio
    from minecheck.fileio import atomic_write

    fileio._swept.clear()  # (a directory is swept once in a process)

    work = tmp_path / "work"
    work.mkdir()
    dead = _dead_pid()
    stale = [_left(work, "f.toml", dead, age_s=7200), _left(work, "g.toml", dead, age_s=7200)]
    kept = [
        _left(work, "f.toml", dead, age_s=60),  # young
        _left(work, "f.toml", os.getppid(), age_s=7200),  # a live process's
        _left(work, "f.toml", dead, host="0badc0de", age_s=7200),  # another machine's
    ]
    earlier = work / ".f.toml.5e5e5e5e.tmp"  # an earlier version's name
    earlier.write_bytes(b"half")
    atomic_write(work / "f.toml", b"whole\n")
    assert (work / "f.toml").read_bytes() == b"whole\n"
    assert not any(path.exists() for path in stale)
    assert all(path.exists() for path in [*kept, earlier])


def test_a_command_s_write_removes_its_stale_temporary_file(
    tmp_path: Path, isolated_home: Path, cli: Any
) -> None:
    """As a user meets it: `trust add` killed while writing the office's allowed_signers, run
    again later: the half-written hidden file is gone, and only the trust file is there."""
    from minecheck.core.sshsig import KeySigner

    office = tmp_path / "office"
    office.mkdir()
    stale = _left(office, "allowed_signers", _dead_pid(), age_s=7200)
    public = " ".join(KeySigner.generate().public_key.openssh().split()[:2])
    key = tmp_path / "bob.pub"
    key.write_text(public + "\n", "utf-8")
    args = ["trust", "add", "--principal", "bob@coal.example", "--key", str(key)]
    run = cli([*args, "--allowed-signers", str(office / "allowed_signers")])
    assert run.exit_code == 0, run.stderr
    assert [p.name for p in office.iterdir() if p.name.endswith(".tmp")] == []
    assert not stale.exists()
