"""Files that are not plain files, standard streams that are closed or odd, and files that
change while a command reads them: a named FIFO whose writer comes later, devices, sockets,
links that loop, a file truncated or replaced under a reader."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import pytest

from tests.conftest import DATA, Run, within

ALICE = "alice@mine.example"
SCRIPT = Path(sys.executable).parent / "minecheck"
CHECKLIST = DATA / "checklists" / "valid" / "mini-check.toml"
ANSWERS = DATA / "answers" / "mini-good.toml"


class Cli(Protocol):
    def __call__(self, args: Sequence[str], input: str | bytes | None = None) -> Run: ...


@dataclass
class World:
    root: Path
    home: Path
    public_key: Path
    findings: Path  # signed by alice, trusted
    other: Path  # a second inspection of alice's
    merged: Path
    inspection: str

    @property
    def allowed(self) -> bytes:
        return (self.home / "allowed_signers").read_bytes()


@pytest.fixture
def world(cli: Cli, tmp_path: Path, isolated_home: Path) -> World:
    run = cli(["keys", "generate", "--principal", ALICE, "--json"])
    assert run.exit_code == 0, run.stdout
    public = Path(run.json()["data"]["public_key_path"])
    assert cli(["trust", "add", "--principal", ALICE, "--key", str(public)]).exit_code == 0
    made = []
    for site in ("Mine A", "Mine B"):
        out = tmp_path / f"{site[-1].lower()}.toml"
        args = ["inspect", str(CHECKLIST), "--site", site, "--tag", "coal-underground"]
        run = cli([*args, "--answers", str(ANSWERS), "-o", str(out)])
        assert run.exit_code == 0, run.stderr
        made.append(out)
    merged = tmp_path / "merged.toml"
    assert cli(["merge", *map(str, made), "-o", str(merged)]).exit_code == 0
    inspection = re.search(rb'^id = "([^"]+)"', made[0].read_bytes(), re.MULTILINE)
    assert inspection is not None
    return World(tmp_path, isolated_home, public, made[0], made[1], merged, inspection[1].decode())


# -- a named FIFO whose writer comes after the reader -------------------------------------------


def late_writer(path: Path, data: bytes) -> threading.Thread:
    """A writer of `data` into the FIFO `path` that opens it only once a reader has it open (an
    open for writing without waiting fails with ENXIO until then), as a slow `ssh host cat f >
    fifo` or a script started after minecheck would: the reader is there first."""

    def write() -> None:
        while True:
            try:
                fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
                break
            except OSError as exc:
                if exc.errno != errno.ENXIO:
                    raise
                time.sleep(0.005)
        os.set_blocking(fd, True)
        try:
            os.write(fd, data)
        except BrokenPipeError:  # (a reader that gave up: the test says why)
            pass
        finally:
            os.close(fd)

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    return writer


Case = Callable[[World, str], tuple[list[str], bytes]]


def _answers(w: World, fifo: str) -> tuple[list[str], bytes]:
    out = str(w.root / "new.toml")
    args = ["inspect", str(CHECKLIST), "--site", "Mine C", "--tag", "coal-underground"]
    return [*args, "--answers", fifo, "-o", out], ANSWERS.read_bytes()


def _checked(w: World, fifo: str) -> tuple[list[str], bytes]:
    return ["verify", fifo], w.findings.read_bytes()


def _shown(w: World, fifo: str) -> tuple[list[str], bytes]:
    return ["show", fifo], w.findings.read_bytes()


def _summed(w: World, fifo: str) -> tuple[list[str], bytes]:
    return ["summary", fifo, "--format", "json"], w.findings.read_bytes()


def _exported(w: World, fifo: str) -> tuple[list[str], bytes]:
    return ["export", fifo, "--format", "csv"], w.findings.read_bytes()


def _linted(w: World, fifo: str) -> tuple[list[str], bytes]:
    return ["checklists", "lint", fifo], CHECKLIST.read_bytes()


def _merged(w: World, fifo: str) -> tuple[list[str], bytes]:
    return ["merge", fifo, str(w.other), "-o", str(w.root / "m2.toml")], w.findings.read_bytes()


def _extracted(w: World, fifo: str) -> tuple[list[str], bytes]:
    (w.root / "out").mkdir()
    return ["extract", fifo, "-o", str(w.root / "out")], w.merged.read_bytes()


def _signed(w: World, fifo: str) -> tuple[list[str], bytes]:
    body = w.findings.read_bytes().split(b"[signature]\n")[0]
    return ["sign", fifo, "-o", str(w.root / "s.toml")], body


def _followed(w: World, fifo: str) -> tuple[list[str], bytes]:
    ref = f"{w.inspection}/gas-check-genuine"
    args = ["followup", ref, "--action", "rectified", "--findings", fifo]
    return [*args, "-o", str(w.root / "fu.toml")], w.findings.read_bytes()


def _allowed(w: World, fifo: str) -> tuple[list[str], bytes]:
    return ["verify", str(w.findings), "--allowed-signers", fifo], w.allowed


def _trusted_from(w: World, fifo: str) -> tuple[list[str], bytes]:
    line = w.allowed.replace(ALICE.encode(), b"bob@mine.example")
    return ["trust", "add", "--from", fifo], line


def _trusted_key(w: World, fifo: str) -> tuple[list[str], bytes]:
    args = ["trust", "add", "--principal", "bob@mine.example", "--key", fifo]
    return args, w.public_key.read_bytes()


def _revoked_key(w: World, fifo: str) -> tuple[list[str], bytes]:
    return ["trust", "revoke", fifo], w.public_key.read_bytes()


CASES: dict[str, Case] = {
    "inspect --answers": _answers,
    "verify": _checked,
    "show": _shown,
    "summary": _summed,
    "export": _exported,
    "checklists lint": _linted,
    "merge": _merged,
    "extract": _extracted,
    "sign": _signed,
    "followup --findings": _followed,
    "verify --allowed-signers": _allowed,
    "trust add --from": _trusted_from,
    "trust add --key": _trusted_key,
    "trust revoke": _revoked_key,
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_named_fifo_is_read_once_its_writer_comes(
    cli: Cli, world: World, tmp_path: Path, case: str
) -> None:
    """`mkfifo f; minecheck verify f & ssh host cat doc > f`: the command waits for the
    writer as `cat f` would. It read the FIFO before any writer had come, as empty ("missing
    required key 'answers'", "the file is empty", a trust file with no lines)."""
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    args, data = CASES[case](world, str(fifo))
    writer = late_writer(fifo, data)
    with within(60):
        run = cli(args)
    writer.join(10)
    assert run.exit_code == 0, (run.stdout, run.stderr)
    assert "empty" not in run.stderr


def test_revoked_keys_from_a_fifo_are_waited_for(cli: Cli, world: World, tmp_path: Path) -> None:
    """A revocation list that comes late through a FIFO was read as no revocation at all: the
    revoked key's document was trusted."""
    fifo = tmp_path / "revoked"
    os.mkfifo(fifo)
    writer = late_writer(fifo, world.public_key.read_bytes())
    with within(60):
        run = cli(["verify", str(world.findings), "--revoked-keys", str(fifo)])
    writer.join(10)
    assert run.exit_code == 1
    assert run.stdout.startswith(f"{world.findings}: revoked: ")
    assert run.stderr == "1 document: 1 revoked\n"


def test_a_public_key_from_a_fifo_past_the_key_limit_is_refused(
    cli: Cli, world: World, tmp_path: Path
) -> None:
    """A pipe named as a public key is read up to a key file's limit (64 KiB), never past it:
    what is over is refused as a key file, and nothing is trusted."""
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    writer = late_writer(fifo, b"ssh-ed25519 " + b"A" * (64 * 1024))
    before = world.allowed
    with within(60):
        run = cli(["trust", "add", "--principal", "bob@mine.example", "--key", str(fifo)])
    writer.join(10)
    assert (run.exit_code, run.stderr) == (
        2,
        f"minecheck: error: {fifo} is too large to be a key file\n",
    )
    assert world.allowed == before


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_keys_import_of_a_pipe_says_a_pipe_cannot_keep_a_key(
    cli: Cli, world: World, tmp_path: Path, lang: str
) -> None:
    """`keys import <(...)` records where the key stays (it is not copied): a pipe holds the
    key only while it is read, so it is refused as such, with what to do instead, and nothing
    is recorded (the FIFO's writer is never waited for)."""
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    registry = world.home / "keys" / "keys.toml"
    before = registry.read_bytes()
    with within(60):
        run = cli(["keys", "import", str(fifo), "--principal", "bob@mine.example", "--lang", lang])
    said = {
        "en": (
            f"minecheck: error: {fifo} is a pipe: keys import records where a key file stays, "
            "and a pipe holds the key only while it is read\n"
            "  hint: save the key in a file (chmod 600) and import that file\n"
        ),
        "zh": (
            f"minecheck: error: {fifo} 是管道：keys import 记录密钥文件所在的位置，"
            "而管道只在读取时才有密钥\n"
            "  hint: 把密钥保存为文件（chmod 600）再导入该文件\n"
        ),
    }
    assert (run.exit_code, run.stderr) == (2, said[lang])
    assert registry.read_bytes() == before


@pytest.mark.skipif(not Path("/dev/fd").is_dir(), reason="no /dev/fd")
def test_a_finished_process_substitution_is_read_as_empty_at_once(
    world: World, tmp_path: Path
) -> None:
    """`<(true)` whose process has ended is an open pipe with no writer (/dev/fd/N, not a
    FIFO by a name): read at once as empty, as `cat` reads it, never waited on."""
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("no bash")
    env = {**os.environ, "HOME": str(tmp_path)}
    line = f'{SCRIPT} verify <(true) --allowed-signers <(cat "$1") ; echo "rc=$?"'
    with within(60):
        done = subprocess.run(
            [bash, "-c", f"sleep 0.2 & wait; {line}", "bash", str(world.home / "allowed_signers")],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
            check=False,
        )
    assert re.fullmatch(r"/dev/fd/\d+: malformed: the file is empty\n", done.stdout.split("rc=")[0])
    assert done.stdout.endswith("rc=1\n")
    assert done.stderr == "1 document: 1 malformed\n"


# -- an endless standard input -----------------------------------------------------------------


def _limited_memory() -> None:
    import resource

    # (should the limit be lost, the run fails here instead of filling the machine's memory)
    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))


STDIN_CASES = {
    "verify -": (["verify", "-"], "list of paths", 64 << 20),
    "summary -": (["summary", "-"], "list of paths", 64 << 20),
    "export -": (["export", "-", "--format", "csv"], "list of paths", 64 << 20),
    "trust add --from -": (["trust", "add", "--from", "-"], "allowed_signers file", 1 << 20),
    "inspect --answers -": (
        ["inspect", str(CHECKLIST), "--site", "S", "--tag", "coal-underground", "--answers", "-"],
        "answers file",
        16 << 20,
    ),
}


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
@pytest.mark.parametrize("case", list(STDIN_CASES))
def test_an_endless_standard_input_stops_at_the_limit(
    world: World, tmp_path: Path, case: str, device: str
) -> None:
    """`find ... | minecheck verify -` with /dev/zero (or random bytes, lines and all) on
    standard input: the list of paths was read whole, for ever, until the memory ran out
    (23 GB and the OOM killer). Every reader of standard input stops at its limit, with the
    limit's message and exit 2."""
    if not Path(device).exists():
        pytest.skip(f"no {device}")
    args, what, limit = STDIN_CASES[case]
    env = {**os.environ, "HOME": str(tmp_path)}
    with open(device, "rb") as endless:
        done = subprocess.run(
            [str(SCRIPT), *args],
            stdin=endless,
            capture_output=True,
            env=env,
            timeout=120,
            check=False,
            preexec_fn=_limited_memory,
        )
    said = f"minecheck: error: <stdin>: {what} is over the limit of {limit} bytes\n"
    assert (done.returncode, done.stdout, done.stderr.decode()) == (2, b"", said)


def test_allowed_signers_on_stdin_past_the_limit_are_refused_not_cut(
    cli: Cli, world: World
) -> None:
    """`trust add --from -` read the first MiB of standard input and took it as the whole:
    the lines after it were dropped without a word. Refused, as a file past the limit is."""
    line = world.allowed.replace(ALICE.encode(), b"bob@mine.example")
    filler = b"#" * 1023 + b"\n"
    run = cli(["trust", "add", "--from", "-"], input=filler * 1024 + line)
    said = "minecheck: error: <stdin>: allowed_signers file is over the limit of 1048576 bytes\n"
    assert (run.exit_code, run.stdout, run.stderr) == (2, "", said)
    assert b"bob@" not in world.allowed


@pytest.mark.skipif(not Path("/dev/fd").is_dir(), reason="no /dev/fd")
def test_a_passphrase_file_that_never_ends_is_refused(
    cli: Cli, tmp_path: Path, isolated_home: Path
) -> None:
    """`--passphrase-file <(yes)` (a pipe is 0600, so it passes the mode check) was read whole:
    a MemoryError traceback once the memory was gone. At most 64 KiB is read."""
    read_end, write_end = os.pipe()

    def send() -> None:  # (bounded here, so that the old reader ends too: 1 MiB of "y")
        with contextlib.suppress(BrokenPipeError), os.fdopen(write_end, "wb") as out:
            out.write(b"y\n" * (1 << 19))

    sender = threading.Thread(target=send, daemon=True)
    sender.start()
    named = f"/dev/fd/{read_end}"
    try:
        with within(60):
            run = cli(["keys", "generate", "--principal", ALICE, "--passphrase-file", named])
    finally:
        os.close(read_end)
        sender.join(10)
    said = f"minecheck: error: passphrase file {named} is over the limit of 65536 bytes\n"
    assert (run.exit_code, run.stdout, run.stderr) == (2, "", said)
    assert not (isolated_home / "keys" / ALICE).exists()


def test_a_passphrase_file_from_a_fifo_is_waited_for(
    cli: Cli, tmp_path: Path, isolated_home: Path
) -> None:
    fifo = tmp_path / "secret"
    os.mkfifo(fifo, 0o600)
    writer = late_writer(fifo, b"correct horse\n")
    with within(60):
        run = cli(["keys", "generate", "--principal", ALICE, "--passphrase-file", str(fifo)])
    writer.join(10)
    assert run.exit_code == 0, run.stderr
    assert (isolated_home / "keys" / ALICE).read_bytes().startswith(b"-----BEGIN OPENSSH")


def test_a_fifo_linted_under_a_bundled_checklists_name_is_read_once(
    cli: Cli, tmp_path: Path
) -> None:
    """`checklists lint coal-major-hidden-dangers.toml`, a FIFO: the file was read again to
    compare it with the bundled checklist of its id, and the second read waited for a second
    writer for ever. The bytes read once are compared."""
    from minecheck import paths

    bundled = paths.bundled_checklists_dir() / "coal-major-hidden-dangers.toml"
    data = bundled.read_bytes().replace(b'version = "', b'version = "9', 1)
    fifo = tmp_path / "coal-major-hidden-dangers.toml"
    os.mkfifo(fifo)
    writer = late_writer(fifo, data)
    with within(30):
        run = cli(["checklists", "lint", str(fifo)])
    writer.join(10)
    assert run.exit_code == 0, run.stderr
    assert "replaces the bundled one" in run.stderr
    same = tmp_path / "same" / "coal-major-hidden-dangers.toml"
    same.parent.mkdir()
    os.mkfifo(same)
    writer = late_writer(same, bundled.read_bytes())  # the bundled one's bytes: no warning
    with within(30):
        run = cli(["checklists", "lint", str(same)])
    writer.join(10)
    assert (run.exit_code, run.stderr) == (0, "1 file checked, 0 problems\n")


# -- an output where a file stands in for a directory ------------------------------------------


@pytest.mark.parametrize(
    "case",
    ["inspect -o F/x.toml", "inspect -o F/", "summary -o F/", "extract -o F/x", "merge -o F/"],
)
def test_an_output_under_a_file_says_the_file_is_no_directory(
    cli: Cli, world: World, case: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`-o report.toml/` or `-o findings.toml/new.toml`, where findings.toml is a file: said
    "directory findings.toml does not exist", hint `mkdir -p findings.toml` (which fails: the
    name is taken). The file in the way is named."""
    taken = world.other
    before = taken.read_bytes()
    verb, _, where = case.split(" ")
    output = where.replace("F", str(taken))
    args = {
        "inspect": _answers(world, str(ANSWERS))[0][:-2],
        "summary": ["summary", str(world.findings)],
        "extract": ["extract", str(world.merged)],
        "merge": ["merge", str(world.findings), str(world.merged)],
    }[verb]
    monkeypatch.setattr(
        sys, "argv", ["minecheck", *args, "-o", output]
    )  # (the slash is seen there)
    run = cli([*args, "-o", output])
    assert (run.exit_code, run.stdout) == (2, "")
    # (named as typed where the output itself is the file: `-o F/`, not `F`)
    named = output if verb in ("summary", "merge") else taken
    assert run.stderr == f"minecheck: error: {named} is not a directory\n"
    assert taken.read_bytes() == before


# -- a file that changes while it is read --------------------------------------------------------


@pytest.mark.parametrize("change", ["truncated", "grown", "replaced", "deleted"])
def test_a_file_changed_as_it_is_read_is_reported_as_read_and_never_served_stale(
    cli: Cli, world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    """Right after a report's reader has the bytes of one document of an archive, the file is
    truncated, grown, replaced by a rename or deleted (a hook at that instant, not a timer).
    Each command reports the file as it read it (a consistent state, no traceback, SPEC's
    codes); the result cache keeps each value under the bytes it was made from, so the next
    run reports the file as it is now, exactly as a run without the cache does."""
    from minecheck.report import batch

    archive = tmp_path / "archive"
    archive.mkdir()
    shutil.copy(world.findings, archive / "a.toml")
    shutil.copy(world.other, archive / "b.toml")
    target = archive / "b.toml"
    original = batch._read
    changed: list[str] = []

    def read_then_change(path: str, limit: int, *, pipe: bool = False) -> bytes | int | str:
        got = original(path, limit, pipe=pipe)
        if path == str(target) and not changed:
            changed.append(path)
            if change == "truncated":
                with open(target, "r+b") as fh:
                    fh.truncate(100)
            elif change == "grown":
                with open(target, "ab") as fh:
                    fh.write(b"# appended\n")
            elif change == "replaced":
                fresh = tmp_path / "fresh.toml"
                shutil.copy(world.findings, fresh)
                os.replace(fresh, target)
            else:
                target.unlink()
        return got

    for command in (
        ["summary", str(archive), "--format", "json", "--as-of", "2027-06-30"],
        ["verify", str(archive)],
    ):
        changed.clear()
        shutil.copy(world.other, target)
        monkeypatch.setattr(batch, "_read", read_then_change)
        first = cli(command)
        monkeypatch.setattr(batch, "_read", original)
        assert changed == [str(target)]
        assert (first.exit_code, "Traceback" in first.stderr) == (0, False), first.stderr
        if command[0] == "summary":  # (both documents as they were read: two inspections)
            assert first.json()["scope"]["inspections"] == 2
        else:
            assert first.stderr == "2 documents: 2 trusted\n"
        now = cli([*command, "--no-cache"] if command[0] == "summary" else command)
        again = cli(command)
        assert (again.exit_code, again.stdout, again.stderr) == (
            now.exit_code,
            now.stdout,
            now.stderr,
        )
        assert again.stdout != first.stdout or change == "replaced"


@pytest.mark.parametrize("name", ["allowed_signers", "revoked_keys"])
def test_a_fifo_in_place_of_minecheck_s_own_trust_file_is_said_never_waited_on(
    cli: Cli, world: World, name: str
) -> None:
    """Only a file named on the command line is read as a pipe. A FIFO at minecheck's own
    allowed_signers or revoked_keys (not named: found) was read as empty when no writer was
    there (the revoked keys as none), and `trust add` then refused to replace it: it is not a
    regular file, said at once by every command (with the hint to move it away, as a folder
    there is told), nothing waited for, nothing written."""
    own = world.home / name
    own.unlink()
    os.mkfifo(own, 0o600)
    said = (
        f"minecheck: error: {own}: not a regular file (a FIFO)\n"
        f"  hint: minecheck keeps its own {name} file here: move it away\n"
    )
    for args in (
        ["verify", str(world.findings)],
        ["summary", str(world.findings)],
        ["trust", "list"],
        ["trust", "add", "--principal", "bob@mine.example", "--key", str(world.public_key)],
    ):
        with within(30):
            run = cli(args)
        assert (run.exit_code, run.stdout, run.stderr) == (2, "", said), args
    assert stat.S_ISFIFO(own.lstat().st_mode)


def test_a_fifo_in_place_of_the_key_list_is_said_never_waited_on(cli: Cli, world: World) -> None:
    """The key list minecheck keeps is found, not named: a FIFO there is not waited for."""
    from minecheck.core.keyring import REGISTRY

    registry = world.home / "keys" / REGISTRY
    registry.unlink()
    os.mkfifo(registry, 0o600)
    with within(30):
        run = cli(["keys", "list"])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == f"minecheck: error: {registry}: not a regular file (a FIFO)\n"


# -- what a named thing is, said as it is -------------------------------------------------------


def _links(root: Path) -> dict[str, Path]:
    """A socket, a looping link and a link to a file that is gone."""
    import socket

    made = {"socket": root / "inbox.sock", "loop": root / "loop1", "gone": root / "gone"}
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(made["socket"]))
    server.close()  # (the name stays, with nothing listening: what an editor's crash leaves)
    os.symlink(root / "loop2", made["loop"])
    os.symlink(made["loop"], root / "loop2")
    os.symlink(root / "deleted.toml", made["gone"])
    return made


@pytest.mark.parametrize(
    "args",
    [
        ["verify", "{target}"],
        ["summary", "{target}"],
        ["checklists", "lint", "{target}"],
        ["inspect", str(CHECKLIST), "--site", "Mine A", "--answers", "{target}"],
        ["verify", "{findings}", "--allowed-signers", "{target}"],
        ["verify", "{findings}", "--revoked-keys", "{target}"],
        ["followup", "--findings", "{target}", "x/y"],
    ],
)
def test_a_socket_or_a_link_to_nothing_is_said_as_what_it_is(
    cli: Cli, world: World, args: list[str]
) -> None:
    """A socket named as a file said "cannot read: No such device or address"; a looping link
    given to --allowed-signers, --revoked-keys or --findings said "no such file" (it is there,
    as a link), elsewhere "Too many levels of symbolic links"; a link to a deleted file "no such
    file". Each is said as what it is, and never read as an empty file (no revocation)."""
    link = "a symbolic link that leads to no file (a loop, or its target is gone)"
    said = {"socket": "not a regular file (a socket)", "loop": link, "gone": link}
    for kind, target in _links(world.root).items():
        argv = [a.format(target=target, findings=world.findings) for a in args]
        with within(30):
            run = cli(argv)
        assert run.exit_code in (1, 2), (kind, run.stderr)
        shown = run.stdout + run.stderr
        assert f"{target}: " in shown, (kind, argv, shown)
        assert said[kind] in shown, (kind, argv, shown)
        assert "No such device" not in shown, shown
        assert "Too many levels" not in shown, shown


# -- what a folder's walk says of what it does not read, in the reader's language ---------------


@pytest.mark.parametrize("command", ["verify", "summary", "export"])
def test_a_fifo_and_a_dead_link_in_a_folder_are_said_in_chinese(
    cli: Cli, world: World, tmp_path: Path, command: str
) -> None:
    """`verify --lang zh DIR` said "not a regular file (a FIFO)" and "broken or looping link: No
    such file or directory" in English (summary and export too, after Chinese words of their
    own); a dead link met in a folder is said in the words a link named on the command line
    gets."""
    folder = tmp_path / "d"
    folder.mkdir()
    shutil.copy(world.findings, folder / "a.toml")
    os.mkfifo(folder / "p.toml")
    (folder / "gone.toml").symlink_to("nowhere.toml")
    fifo, link = folder / "p.toml", folder / "gone.toml"
    dead = "符号链接不指向任何文件（链接成环，或目标已不存在）"
    left = "" if command == "verify" else "：未计入"  # (summary and export leave them out)
    run = cli([command, "--lang", "zh", str(folder)])
    assert run.exit_code == 2
    lines = [line for line in run.stderr.splitlines() if "a.toml" not in line]
    warned = "" if command == "verify" else "minecheck: warning: "
    sep = ": " if command == "verify" else "："
    assert lines[:2] == [
        f"{warned}{link}{left}{sep}{dead}",
        f"{warned}{fifo}{left}{sep}不是普通文件（命名管道）",
    ]
    run = cli([command, "--lang", "en", str(folder)])
    left = "" if command == "verify" else ": left out"
    dead = "a symbolic link that leads to no file (a loop, or its target is gone)"
    lines = [line for line in run.stderr.splitlines() if "a.toml" not in line]
    assert lines[:2] == [
        f"{warned}{link}{left}: {dead}",
        f"{warned}{fifo}{left}: not a regular file (a FIFO)",
    ]


def test_a_named_fifo_is_opened_once_by_verify(
    cli: Cli, world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`verify f` opened the FIFO twice: first without waiting, as the batch's reader opens a
    file met in a folder (then left it, a FIFO being none of its files), and again, waiting,
    to read it alone. A writer that came between the two (`cat doc > f`, its open waiting for
    any reader) wrote into the first and left; its bytes went with it, and verify then waited
    for ever for a writer that had come and gone (once in a fresh clone's run: 60 s, then
    `cannot read`). The batch's reader now looks before it opens: a FIFO it would not read
    is not opened."""
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    opened: list[int] = []
    real_open = os.open

    def spied(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if os.fspath(path) == str(fifo) and not flags & (os.O_WRONLY | os.O_RDWR):
            opened.append(flags & os.O_NONBLOCK)  # (a read's open; the writer's are its own)
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", spied)
    writer = late_writer(fifo, world.findings.read_bytes())
    with within(60):
        run = cli(["verify", str(fifo)])
    writer.join(10)
    assert run.exit_code == 0, (run.stdout, run.stderr)
    assert opened == [0]  # (once, waiting for its writer)


@contextlib.contextmanager
def reads_of(fifo: Path) -> Any:
    """The opens for reading of `fifo` made within (each one's O_NONBLOCK bit): a writer
    waiting to open it takes any of them, even one that does not wait."""
    opened: list[int] = []
    real_open = os.open

    def spied(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if os.fspath(path) == str(fifo) and not flags & (os.O_WRONLY | os.O_RDWR):
            opened.append(flags & os.O_NONBLOCK)
        return real_open(path, flags, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "open", spied)
        yield opened


def test_a_fifo_a_reader_refuses_is_never_opened(tmp_path: Path) -> None:
    """Every reader that refuses a FIFO (one met in a folder, or at minecheck's own files) had
    it opened without waiting first, then refused it: an open is a reader, and a writer that
    came at that moment (`cat doc > f`) wrote into it and left, its bytes lost. The one open
    every reader calls looks first, and does not open a FIFO it will not read."""
    from minecheck.fileio import NotRegular, open_named

    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    with reads_of(fifo) as opened, pytest.raises(NotRegular) as refused:
        open_named(fifo, pipes=False)
    assert (opened, stat.S_ISFIFO(refused.value.mode)) == ([], True)
    assert str(refused.value.strerror) == "not a regular file (a FIFO)"


def test_a_fifo_at_minecheck_s_own_files_is_never_opened(cli: Cli, world: World) -> None:
    """The trust list and the key list minecheck keeps are found, not named: a FIFO there is
    said at once (the words of the tests above), and never opened."""
    from minecheck.core.keyring import REGISTRY

    own = world.home / "allowed_signers"
    registry = world.home / "keys" / REGISTRY
    for path, args in ((own, ["verify", str(world.findings)]), (registry, ["keys", "list"])):
        path.unlink()
        os.mkfifo(path, 0o600)
        with within(30), reads_of(path) as opened:
            run = cli(args)
        assert (run.exit_code, run.stdout, opened) == (2, "", []), args
        assert f"{path}: not a regular file (a FIFO)" in run.stderr
