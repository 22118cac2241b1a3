"""Commands racing each other on one archive and one home (a provincial office: several people
and cron jobs at the same moment). A seeded schedule of commands is started at once as real
processes, some killed at random instants; afterwards what a user relies on must hold: no
traceback, only the contract's exit codes, JSON that parses, trust files and the key registry
whole with no lost update, every signed file whole, and the cache never serving a stale answer.

The suite plays a few schedules; MINECHECK_RACE_EXAMPLES=N plays N more (seeded by their number).
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from minecheck.core.checklist import load_checklist
from minecheck.session.draft import save as save_draft
from tests.helpers_docs import findings_body
from tests.helpers_merge import Who, findings, person
from tests.test_session_unit import CHECKLIST, new_draft

EXE = Path(sys.executable).parent / "minecheck"
AS_OF = "2026-12-20"
PAIRS = 26  # inspections, each recorded by alice and by bob: 52 signed files (the pool reads them)
EXTRA = int(os.environ.get("MINECHECK_RACE_EXAMPLES", "0"))


def inspection_id(n: int) -> str:
    return str(uuid.UUID(int=0x3A5F7C9E_1B2D_4E6F_8A0C_000000000000 + n, version=4))


@dataclass
class World:
    """Made once: keys, the signed archive, a home trusting alice and bob."""

    root: Path
    alice: Who
    bob: Who
    spare: list[Path]  # public keys to trust or revoke in a race (they sign nothing)

    @property
    def archive(self) -> Path:
        return self.root / "archive"

    @property
    def home(self) -> Path:
        return self.root / "home"


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MINECHECK_")}
    env.update(MINECHECK_HOME=str(home), HOME=str(home.parent), NO_COLOR="1", LANG="C.UTF-8")
    env.pop("SSH_AUTH_SOCK", None)
    return env


def run(home: Path, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [str(EXE), *args],
        cwd=cwd or home.parent,
        env=_env(home),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        check=False,
    )


def ok(home: Path, *args: str) -> bytes:
    done = run(home, *args)
    assert done.returncode == 0, (args, done.stderr.decode())
    return done.stdout


@pytest.fixture(scope="session")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    root = tmp_path_factory.mktemp("race-world")
    keys = root / "keys"
    keys.mkdir()
    alice, bob = person(keys, "alice"), person(keys, "bob")
    spare = [Path(f"{person(keys, f'spare{n}').key}.pub") for n in range(4)]
    archive = root / "archive"
    archive.mkdir()
    for n in range(PAIRS):
        for who in (alice, bob):
            results = ["noncompliant", ("compliant", "noncompliant")[n % 2], "compliant"]
            data = findings(who, results, n, inspection_id=inspection_id(n), site_id=f"S-{n % 3}")
            (archive / f"{n:03}-{who.principal[:3]}.toml").write_bytes(data)
    body = findings_body(alice.principal, alice.fingerprint, document_id=str(uuid.uuid4()))
    (root / "unsigned.toml").write_bytes(body)
    home = root / "home"
    for who in (alice, bob):
        ok(home, "trust", "add", "--principal", who.principal, "--key", f"{who.key}.pub")
    drafts = home / "drafts"
    drafts.mkdir(mode=0o700)
    checklist = load_checklist(CHECKLIST)
    for n in range(2):
        draft = dataclasses.replace(new_draft(checklist, root / f"d{n}.toml"), id=_draft(n))
        save_draft(drafts, draft)
    return World(root, alice, bob, spare)


def _draft(n: int) -> str:
    return str(uuid.UUID(int=0xD0 + n, version=4))


@dataclass
class Place:
    """One round's copy of the world."""

    world: World
    root: Path

    @property
    def archive(self) -> Path:
        return self.root / "archive"

    @property
    def home(self) -> Path:
        return self.root / "home"

    @classmethod
    def copy(cls, world: World, root: Path) -> Place:
        root.mkdir()
        shutil.copytree(world.archive, root / "archive")
        shutil.copytree(world.home, root / "home", symlinks=True)
        shutil.copy(world.root / "unsigned.toml", root / "unsigned.toml")
        unsigned = (world.root / "unsigned.toml").read_text("utf-8").splitlines(True)
        (root / "pending.toml").write_text(  # names no signer: alice or bob may sign it
            "".join(line for line in unsigned if not line.startswith("signer")), "utf-8"
        )
        (root / "out").mkdir()
        return cls(world, root)


@dataclass
class Command:
    kind: str
    args: list[str]
    writes_archive: bool = False
    kill_after: float | None = None
    proc: subprocess.Popen[bytes] | None = None
    rc: int = 0
    out: bytes = b""
    err: bytes = b""
    extra: dict[str, Any] = field(default_factory=dict)


def schedule(place: Place, rng: random.Random, size: int) -> list[Command]:
    """`size` commands drawn from the office's day."""
    w = place.world
    a, b = str(place.archive), str(place.root / "out")
    alice = ["--key", str(w.alice.key), "--signer", w.alice.principal]
    files = sorted(place.archive.glob("*.toml"))
    spares = list(w.spare)
    rng.shuffle(spares)
    made: list[Command] = []
    for i in range(size):
        kind = rng.choice(KINDS)
        if kind == "summary":
            made.append(Command(kind, ["summary", a, "--json", "--as-of", AS_OF]))
        elif kind == "summary-by":
            made.append(Command(kind, ["summary", a, "--json", "--as-of", AS_OF, "--by", "site"]))
        elif kind == "verify":
            made.append(Command(kind, ["verify", a, "--json"]))
        elif kind == "export":
            made.append(Command(kind, ["export", a, "--as-of", AS_OF, "-o", f"{b}/e{i}.jsonl"]))
        elif kind == "followup":
            n = rng.randrange(PAIRS)
            ref = f"{inspection_id(n)}/gas-check-genuine"
            made.append(
                Command(
                    kind,
                    [
                        "followup",
                        ref,
                        "--action",
                        "rectified",
                        "--note",
                        f"n{i}",
                        "-o",
                        f"{a}/",
                        "--findings",
                        str(files[2 * n]),
                        *alice,
                    ],
                    writes_archive=True,
                )
            )
        elif kind == "sign-over":  # a colleague's file replaced by a newer signed version
            target = rng.choice(files)
            made.append(
                Command(
                    kind,
                    [
                        "sign",
                        str(place.root / "unsigned.toml"),
                        "-o",
                        str(target),
                        "--force",
                        *alice,
                    ],
                    writes_archive=True,
                    extra={"target": target},
                )
            )
        elif kind == "merge":
            n = rng.randrange(PAIRS)
            made.append(
                Command(
                    kind,
                    [
                        "merge",
                        str(files[2 * n]),
                        str(files[2 * n + 1]),
                        "-o",
                        f"{b}/m.toml",
                        "--force",
                        *alice,
                    ],
                )
            )
        elif kind == "trust-add" and spares:
            pub = spares.pop()
            made.append(
                Command(
                    kind,
                    ["trust", "add", "--principal", f"{pub.stem}@coal.example", "--key", str(pub)],
                    extra={"key": pub.read_text().split()[1]},
                )
            )
        elif kind == "trust-revoke" and spares:
            pub = spares.pop()
            made.append(
                Command(
                    kind, ["trust", "revoke", str(pub)], extra={"key": pub.read_text().split()[1]}
                )
            )
        elif kind == "keys-generate":
            made.append(Command(kind, ["keys", "generate", "--principal", f"g{i}@coal.example"]))
        elif kind == "drafts-discard":
            made.append(Command(kind, ["drafts", "discard", _draft(rng.randrange(2)), "--yes"]))
        elif kind == "drafts-list":
            made.append(Command(kind, ["drafts", "list", "--json"]))
        elif kind == "sign-in-place":
            who = rng.choice((w.alice, w.bob))
            made.append(Command(kind, ["sign", str(place.root / "pending.toml"), "--key",
                                       str(who.key)], extra={"who": who.principal}))  # fmt: skip
        else:
            made.append(Command("summary", ["summary", a, "--json", "--as-of", AS_OF]))
    for command in made:
        if rng.random() < KILL_SHARE:
            command.kill_after = rng.uniform(0.05, 0.8)
    return made


KINDS = (
    "summary", "summary", "summary-by", "verify", "export", "followup", "followup", "sign-over",
    "merge", "trust-add", "trust-revoke", "keys-generate", "drafts-discard", "drafts-list",
    "sign-in-place",
)  # fmt: skip
KILL_SHARE = 0.2
# every command of the day succeeds when not killed, whatever runs beside it
MUST_SUCCEED = frozenset(KINDS)


def race(place: Place, commands: list[Command]) -> None:
    """Start them all at once; kill those to be killed at their instants; wait for the rest."""
    env = _env(place.home)
    start = time.monotonic()
    for command in commands:
        command.proc = subprocess.Popen(
            [str(EXE), *command.args],
            cwd=place.root,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
    for command in sorted(commands, key=lambda c: c.kill_after or 1e9):
        assert command.proc is not None
        if command.kill_after is not None:
            time.sleep(max(0.0, start + command.kill_after - time.monotonic()))
            command.proc.send_signal(signal.SIGKILL)
        command.out, command.err = command.proc.communicate()
        command.rc = command.proc.returncode


def totals(summary: dict[str, Any]) -> Any:
    return summary["data"]


def counts(summary: dict[str, Any]) -> Any:
    """What a summary counts, without the paths it names."""
    data = summary["data"]
    return [data[k] for k in ("headline", "results", "severity_state", "open_majors_by_site")]


def states(place: Place, before: dict[str, bytes], home: Path) -> list[Any]:
    """The counts of every state the archive passed through: each name that changed, as it
    was before or as it is now, in every combination (a reader may have seen any of them)."""
    after = {p.name: p.read_bytes() for p in place.archive.glob("*.toml")}
    changed = sorted(n for n in before.keys() | after.keys() if before.get(n) != after.get(n))
    assert len(changed) <= 6, changed
    found = []
    for mask in range(1 << len(changed)):
        view = place.root / f"view{mask}"
        view.mkdir()
        for name in before.keys() | after.keys():
            if name in changed:
                data = after.get(name) if mask >> changed.index(name) & 1 else before.get(name)
            else:
                data = after[name]
            if data is not None:
                (view / name).write_bytes(data)
        got = run(home, "summary", str(view), "--json", "--as-of", AS_OF, "--no-cache")
        found.append(counts(json.loads(got.stdout)))
        shutil.rmtree(view)
    return found


def check(place: Place, commands: list[Command], before: dict[str, bytes]) -> None:
    """What a user relies on after the race."""
    home = place.home
    writers = any(c.writes_archive for c in commands)
    raced = writers and any(c.kind.startswith("summary") and c.rc == 0 for c in commands)
    seen = states(place, before, home) if raced else []
    quiet = json.loads(ok(home, "summary", str(place.archive), "--json", "--as-of", AS_OF,
                          "--no-cache"))  # fmt: skip
    for command in commands:
        what = f"{command.args}: {command.err.decode(errors='replace')[-2000:]}"
        if command.rc == -signal.SIGKILL:
            continue
        assert b"Traceback" not in command.err, what
        assert command.rc in (0, 1, 2), (command.rc, what)
        if "--json" in command.args:
            envelope = json.loads(command.out)
            assert envelope["exit_code"] == command.rc, what
            assert command.err == b"", what
        if command.kind == "drafts-discard" and command.rc == 2:  # another took it first
            draft = command.args[2]
            # (or holds it still: the draft lock is not waited for, a walk holds it for minutes)
            assert command.err.decode().startswith(
                (
                    f"minecheck: error: no draft {draft}\n",
                    f"minecheck: error: draft {draft} is open",
                )
            ), what
            assert any(c is not command and c.args == command.args for c in commands)
            continue
        if command.kind == "sign-in-place" and command.rc == 2:  # another signed it first
            assert command.err.decode().endswith("pending.toml is already signed\n"), what
            continue
        if command.kind == "drafts-list":
            assert json.loads(command.out)["problems"] == [], what
        if command.kind in MUST_SUCCEED:
            assert command.rc == 0, what
        if command.kind == "summary" and not writers:
            assert totals(json.loads(command.out)) == totals(quiet), what
        if command.kind.startswith("summary") and writers and command.rc == 0:
            got = json.loads(command.out)
            if command.kind == "summary":
                assert counts(got) in seen, (counts(got), seen)
    # no process of the race is left (a killed run's workers end with it)
    deadline = time.monotonic() + 30  # a hang guard, not a timing assertion
    while Path("/proc").is_dir() and _processes_under(place.root) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _processes_under(place.root)
    # every signed file in the archive is whole and trusted
    verified = run(home, "verify", str(place.archive), "--json")
    assert verified.returncode == 0, verified.stdout.decode()[-3000:]
    # one signature on the file signed in place, that of the one signer told it signed
    signers = [c.extra["who"] for c in commands if c.kind == "sign-in-place" and c.rc == 0]
    assert len(signers) <= 1, signers
    if signers:
        pending = place.root / "pending.toml"
        assert f'signer = "{signers[0]}"' in pending.read_text("utf-8")
        assert run(home, "verify", str(pending)).returncode == 0
    # trust: no lost update
    allowed = (home / "allowed_signers").read_text()
    revoked_path = home / "revoked_keys"
    revoked = revoked_path.read_text() if revoked_path.exists() else ""
    for command in commands:
        if command.kind == "trust-add" and command.rc == 0:
            assert command.extra["key"] in allowed, allowed
        if command.kind == "trust-revoke" and command.rc == 0:
            assert command.extra["key"] in revoked, revoked
    listed = json.loads(ok(home, "keys", "list", "--json"))
    text = json.dumps(listed)
    for command in commands:
        if command.kind == "keys-generate" and command.rc == 0:
            assert command.args[3] in text, text
    drafts = json.loads(ok(home, "drafts", "list", "--json"))
    for command in commands:
        if command.kind == "drafts-discard" and command.rc == 0:
            assert command.args[2] not in json.dumps(drafts)
    # the cache serves no stale answer: a cached run equals a fresh one, twice
    for _ in range(2):
        cached = json.loads(ok(home, "summary", str(place.archive), "--json", "--as-of", AS_OF))
        assert totals(cached) == totals(quiet)
    fresh_export = ok(home, "export", str(place.archive), "--as-of", AS_OF, "--no-cache")
    assert ok(home, "export", str(place.archive), "--as-of", AS_OF) == fresh_export


def _processes_under(root: Path) -> list[int]:
    """The processes whose command line names `root` (a round's commands and their workers)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                line = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if str(root).encode() in line and _alive(int(entry.name)):
                found.append(int(entry.name))
    return found


def play(world: World, root: Path, seed: int, size: int) -> list[Command]:
    rng = random.Random(seed)  # noqa: S311 - a schedule, not a secret
    place = Place.copy(world, root)
    if rng.random() < 0.5:  # a warm cache half the time
        ok(place.home, "summary", str(place.archive), "--json", "--as-of", AS_OF)
    commands = schedule(place, rng, size)
    before = {p.name: p.read_bytes() for p in place.archive.glob("*.toml")}
    race(place, commands)
    check(place, commands, before)
    return commands


def _seeds() -> Iterator[int]:
    yield 5  # the suite's round: two writers beside two summaries, kills; the hunt's follow
    yield from range(1000, 1000 + EXTRA)


@pytest.mark.parametrize("seed", list(_seeds()))
def test_a_schedule_of_commands_at_once_keeps_what_a_user_relies_on(
    world: World, tmp_path: Path, seed: int
) -> None:
    commands = play(world, tmp_path / "round", seed, 8)
    assert len(commands) == 8


BLOCKED = """
import os, sys, time
from pathlib import Path
from minecheck.report.batch import map_items

def held(item):
    (Path(sys.argv[1]) / str(os.getpid())).touch()
    time.sleep(3600)  # until someone ends this worker
    return item

if __name__ == "__main__":
    for _ in map_items(held, range(60), count=60, workers=2):
        pass
"""


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")  # a zombie has ended


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_the_workers_end_with_a_run_killed_outright(tmp_path: Path) -> None:
    """A summary, export or verify of 50 files or more killed with SIGKILL (`timeout -s KILL`
    in a cron job, the OOM killer) left its workers behind, asleep for ever, each holding a copy
    of the run's memory: they are adopted by another process and never told. Each worker now
    ends once the run that started it is gone."""
    marks = tmp_path / "workers"
    marks.mkdir()
    run_ = subprocess.Popen([sys.executable, "-c", BLOCKED, str(marks)])
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 60  # a hang guard, not a timing assertion
        while len(workers) < 2 and run_.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)  # until both workers hold a chunk
            workers = [int(p.name) for p in marks.iterdir()]
        assert len(workers) == 2, run_.poll()
        run_.kill()
        run_.wait()
        deadline = time.monotonic() + 60  # a hang guard, not a timing assertion
        while any(map(_alive, workers)) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not [pid for pid in workers if _alive(pid)]
    finally:
        run_.kill()
        for pid in workers:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
