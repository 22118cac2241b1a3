"""Every argument at every command: the command tree, a world of files to point at, command
lines drawn from both, a run as the installed entry point runs, and what every run must keep.

Used by tests/test_argv.py (a small derandomized run in the suite, a longer hunt on demand) and
by its subprocess check through the installed console script.

A run happens in a world of its own: a copy of a template (a minecheck home with a key trusted,
a signed findings file, a follow-up, a merged file, a draft, answers and events files, and odd
things: an empty file, a binary one, a directory named `x.toml`, a file whose name is not
UTF-8) plus a FIFO made fresh. The command runs with its working directory, HOME, XDG
directories, MINECHECK_HOME and TMPDIR in that world and stdin a file, not a terminal.

What every run must keep (`check`), from SPEC section 5:
- no traceback, and an exit code the SPEC names for it: 0, 2, or 1 only for a check's verdict
  (verify, checklists lint, merge --strict, summary --fail-on);
- without --json, a failure (2) says `minecheck: error: ...` on stderr and writes nothing on
  stdout;
- with --json, stdout is one envelope (its exit_code the process's, `ok` true only for 0) and
  stderr is empty;
- a run that failed left every file that was there byte for byte as it was, and no temporary
  file behind; no run writes outside its world.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import traceback
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from tests.conftest import DATA, within

SECONDS_PER_RUN = 30.0  # generous: the machine is shared; a hang is what this catches
PRINCIPAL = "alice@coal.example"
KEY = f"../home/keys/{PRINCIPAL}"
BOB = "../home/keys/bob@coal.example"  # not trusted
CAROL = "../home/keys/carol@coal.example"  # under a passphrase
DRAFT_ID = "0b6a1f6e"
NOT_UTF8 = os.fsdecode(b"f\xff\xfe.toml")  # a name from a GBK archive, as Python holds it
ENVELOPE_KEYS = {"minecheck", "command", "ok", "exit_code", "data", "problems"}
PROBLEM_KEYS = {"code", "message", "path", "line", "column", "hint"}


def _empty_writer(fifo: Path, done: threading.Event) -> None:
    """Open `fifo` for writing each time a reader has it open, and close it at once: each
    reader reads an empty file, as from `: > fifo`."""
    while not done.wait(0.005):
        try:
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        except OSError:  # (ENXIO: no reader yet; the FIFO gone with its world)
            continue


class Hang(BaseException):  # not an Exception: no `except Exception` in the code can swallow it
    """A run took longer than SECONDS_PER_RUN."""


# -- the command tree --------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Param:
    opts: tuple[str, ...]  # every name, the secondary ones (--no-default) too; () for arguments
    metavar: str
    flag: bool
    choices: tuple[str, ...]

    @property
    def argument(self) -> bool:
        return not self.opts


@dataclasses.dataclass(frozen=True)
class Node:
    path: tuple[str, ...]  # () for the root
    params: tuple[Param, ...]
    children: tuple[str, ...]

    @property
    def options(self) -> tuple[Param, ...]:
        return tuple(p for p in self.params if not p.argument)

    @property
    def arguments(self) -> tuple[Param, ...]:
        return tuple(p for p in self.params if p.argument)

    def option(self, name: str) -> Param | None:
        return next((p for p in self.options if name in p.opts), None)


def command_tree() -> dict[tuple[str, ...], Node]:
    """Every command and group of the real command line, the root included, by path."""
    import typer

    from minecheck.cli import build

    found: dict[tuple[str, ...], Node] = {}

    def walk(command: Any, path: tuple[str, ...]) -> None:
        params = []
        for p in command.params:
            names = tuple(p.opts) + tuple(getattr(p, "secondary_opts", ()))
            flag = bool(getattr(p, "is_flag", False))
            metavar = p.metavar or ("" if flag else p.name.upper())
            choices = tuple(getattr(p.type, "choices", ()) or ())
            params.append(
                Param(names if p.param_type_name == "option" else (), metavar, flag, choices)
            )
        children = tuple(getattr(command, "commands", {}))
        found[path] = Node(path, tuple(params), children)
        for name in children:
            walk(command.commands[name], (*path, name))

    walk(typer.main.get_command(build()), ())
    return found


def parsed(tree: dict[tuple[str, ...], Node], argv: Sequence[str]) -> tuple[Node, set[str]]:
    """The command ARGV runs and the options it gives it, read as the framework reads them
    (an option's value is the next word, or after `=`; `--` ends the options)."""
    node = tree[()]
    given: set[str] = set()
    words = list(argv)
    at = 0
    ended = False
    while at < len(words):
        word = words[at]
        at += 1
        if ended or word == "-" or not word.startswith("-"):
            if not ended and word in node.children:
                node = tree[(*node.path, word)]
            continue
        if word == "--":
            ended = True
            continue
        name = word.split("=", 1)[0] if word.startswith("--") else word[:2]
        param = node.option(name)
        if param is None:
            if name in ("--help", "-h"):
                given.add("--help")
            continue
        given.add(param.opts[0] if name not in param.opts[1:] else name)
        attached = "=" in word if word.startswith("--") else len(word) > 2
        if not param.flag and not attached:
            at += 1
    return node, given


# -- the world ---------------------------------------------------------------------------------


@dataclasses.dataclass
class Outcome:
    code: int
    stdout: bytes
    stderr: bytes
    crash: str | None = None  # the traceback of an exception that escaped the entry point

    @property
    def out(self) -> str:
        return self.stdout.decode("utf-8", "replace")

    @property
    def err(self) -> str:
        return self.stderr.decode("utf-8", "replace")


class World:
    """A template of files, copied for each run (`fresh`), and the runs in it."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.template = root / "template"
        self.count = 0
        self.inspection = ""
        self._build()

    # the environment of a run in world W
    @staticmethod
    def environment(world: Path) -> dict[str, str]:
        home = world / "home"
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("MINECHECK_", "XDG_", "_MINECHECK", "LC_"))
            and k not in ("SSH_AUTH_SOCK", "FORCE_COLOR", "PYTEST_XDIST_WORKER")
        }
        env.update(
            {
                "MINECHECK_HOME": str(home),
                "HOME": str(home),
                "XDG_CONFIG_HOME": str(world / "xdg" / "config"),
                "XDG_CACHE_HOME": str(world / "xdg" / "cache"),
                "XDG_DATA_HOME": str(world / "xdg" / "data"),
                "XDG_STATE_HOME": str(world / "xdg" / "state"),
                "TMPDIR": str(world / "tmp"),
                "LANG": "C.UTF-8",
                "NO_COLOR": "1",
                "COLUMNS": "120",
                "PYTHONDONTWRITEBYTECODE": "1",
            }
        )
        return env

    def _build(self) -> None:
        t = self.template
        cwd = t / "cwd"
        for d in (cwd, t / "home", t / "tmp", t / "xdg", cwd / "adir", cwd / "adir.toml"):
            d.mkdir(parents=True, exist_ok=True)
        shutil.copy(DATA / "checklists" / "valid" / "mini-check.toml", cwd)
        shutil.copy(DATA / "answers" / "mini-good.toml", cwd / "answers.toml")
        shutil.copy(DATA / "answers" / "mini-good.json", cwd / "answers.json")

        def setup(*argv: str) -> Outcome:
            got = self.run_in(t, argv)
            assert got.crash is None, (argv, got)
            assert got.code == 0, (argv, got)
            return got

        setup("keys", "generate", "--principal", PRINCIPAL)
        setup("trust", "add", "--principal", PRINCIPAL, "--key", f"{KEY}.pub")
        setup(
            "inspect", "mini-check.toml", "--site", "Demo mine", "--tag", "coal-underground",
            "--answers", "answers.toml", "-o", "f1.toml",
        )  # fmt: skip
        signed = (cwd / "f1.toml").read_bytes()
        self.inspection = signed.split(b'\nid = "', 1)[1].split(b'"', 1)[0].decode()
        ref = f"{self.inspection}/gas-check-genuine"
        setup("followup", ref, "--action", "rectified", "--note", "done", "-o", "fu1.toml")
        setup("merge", "f1.toml", "fu1.toml", "-o", "m1.toml")
        (cwd / "events.toml").write_text(
            f'[[event]]\nfinding = "{self.inspection}/methane-return"\naction = "rectified"\n'
            'note = "fan fixed"\n',
            encoding="utf-8",
        )
        (cwd / "unsigned.toml").write_bytes(signed.split(b"[signature]\n", 1)[0])
        (cwd / "bad.toml").write_bytes(b"[minecheck\nformat = 1\n")
        (cwd / "empty.toml").write_bytes(b"")
        (cwd / "binary.bin").write_bytes(bytes(range(256)) * 4)
        (cwd / "adir" / "f1.toml").write_bytes(signed)
        os.symlink("loop.toml", cwd / "loop.toml")  # a link to itself
        os.symlink("gone.toml", cwd / "dangling.toml")
        os.symlink("f1.toml", cwd / "link.toml")
        (cwd / NOT_UTF8).write_bytes(signed)
        shutil.copy(cwd / f"{KEY}.pub", cwd / "alice.pub")
        (cwd / "pass.txt").write_text("not the passphrase\n", encoding="utf-8")
        (cwd / "pass.txt").chmod(0o600)
        # a document with only its format in the header (sign fills the rest in), signed by an
        # untrusted key; a key under a passphrase, its file and one others can read
        body = signed.split(b"[signature]\n", 1)[0].decode()
        filled = ("document_id", "created", "signer", "signer_key", "tool")
        bare = [line for line in body.split("\n") if not line.startswith(filled)]
        (cwd / "bare.toml").write_text("\n".join(bare), encoding="utf-8")
        (cwd / "enc-pass.txt").write_text("a passphrase\n", encoding="utf-8")
        (cwd / "enc-pass.txt").chmod(0o600)
        shutil.copy(cwd / "enc-pass.txt", cwd / "loose-pass.txt")
        (cwd / "loose-pass.txt").chmod(0o644)
        setup("keys", "generate", "--principal", "bob@coal.example", "--no-default")
        setup(
            "keys", "generate", "--principal", "carol@coal.example", "--no-default",
            "--passphrase-file", "enc-pass.txt",
        )  # fmt: skip
        setup("sign", "bare.toml", "--key", BOB, "-o", "bob.toml")
        self._draft(t)

    def _draft(self, world: Path) -> None:
        import datetime as dt

        from minecheck.core.checklist import load_checklist
        from minecheck.session import draft as drafts
        from minecheck.session.draft import Draft

        checklist = load_checklist(world / "cwd" / "mini-check.toml")
        directory = world / "home" / "drafts"
        directory.mkdir(mode=0o700, exist_ok=True)
        drafts.save(
            directory,
            Draft(
                id=f"{DRAFT_ID}-7c1d-4e2f-9a3b-5c6d7e8f9a0b",
                checklist=checklist.id,
                checklist_path=checklist.source,
                checklist_version=checklist.version,
                checklist_sha256=checklist.sha256,
                site="Mine A",
                site_tags=["coal-underground"],
                inspector="",
                mode="routine",
                inspection_id="0b6a1f6e-6a39-4c1b-9a51-2d43e5f1c7aa",
                language="en",
                output=str(world / "cwd" / "from-draft.toml"),
                started=dt.datetime(2026, 11, 29, 8, 0, tzinfo=dt.UTC),
            ),
        )

    @contextlib.contextmanager
    def fresh(self) -> Iterator[Path]:
        """A copy of the template, with a FIFO in it whose writer comes to every reader and
        writes nothing (a named FIFO is waited for as `cat` waits: one whose writer never
        came would be waited for as long); removed after."""
        self.count += 1
        world = self.root / f"run-{self.count}"
        shutil.copytree(self.template, world, symlinks=True)
        fifo = world / "cwd" / "fifo.toml"
        os.mkfifo(fifo)
        done = threading.Event()
        writer = threading.Thread(target=_empty_writer, args=(fifo, done), daemon=True)
        writer.start()
        try:
            yield world
        finally:
            done.set()
            writer.join(5)
            shutil.rmtree(world, ignore_errors=True)

    def run_in(self, world: Path, argv: Sequence[str], stdin: bytes = b"", **env: str) -> Outcome:
        """`minecheck ARGV` in WORLD, in this process, through the entry point (`main`); ENV
        added to the world's environment."""
        from minecheck.__main__ import main

        streams = world.parent / f"{world.name}.streams"
        streams.mkdir(exist_ok=True)
        (streams / "in").write_bytes(stdin)
        saved_env = dict(os.environ)
        saved = (sys.argv, sys.stdin, sys.stdout, sys.stderr, os.getcwd(), tempfile.tempdir)
        handlers = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGHUP)}
        code: int = -1
        crash = None
        with (
            open(streams / "in", encoding="utf-8") as fin,
            open(streams / "out", "w+", encoding="utf-8") as fout,
            open(streams / "err", "w+", encoding="utf-8") as ferr,
        ):
            os.environ.clear()
            os.environ.update({**self.environment(world), **env})
            tempfile.tempdir = None
            os.chdir(world / "cwd")
            sys.argv = ["minecheck", *argv]
            sys.stdin, sys.stdout, sys.stderr = fin, fout, ferr
            try:
                with within(SECONDS_PER_RUN, error=Hang):
                    main()
                code = 0
            except SystemExit as end:
                code = end.code if isinstance(end.code, int) else (0 if end.code is None else 1)
            except Hang:
                raise
            except BaseException:  # noqa: BLE001 (what escaped the entry point is the finding)
                crash = traceback.format_exc()
            finally:
                with contextlib.suppress(Exception):
                    sys.stdout.flush()
                    sys.stderr.flush()
                sys.argv, sys.stdin, sys.stdout, sys.stderr, cwd, tempfile.tempdir = saved
                os.chdir(cwd)
                os.environ.clear()
                os.environ.update(saved_env)
                for s, h in handlers.items():
                    signal.signal(s, h)
                from minecheck.i18n import set_language

                set_language("en")
        return Outcome(code, (streams / "out").read_bytes(), (streams / "err").read_bytes(), crash)


def console_script() -> Path | None:
    """The installed `minecheck`, beside the interpreter running the tests."""
    found = Path(sys.executable).parent / "minecheck"
    return found if found.exists() else None


def run_script(
    script: Path, world: Path, argv: Sequence[str], stdin: bytes = b"", **env: str
) -> Outcome:
    """`minecheck ARGV` in WORLD as a process: real argv bytes, stdin and stdout pipes; ENV
    added to the world's environment."""
    try:
        done = subprocess.run(
            [os.fsencode(script), *(os.fsencode(a) for a in argv)],
            input=stdin,
            capture_output=True,
            cwd=world / "cwd",
            env={**World.environment(world), **env},
            timeout=SECONDS_PER_RUN * 2,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise Hang(f"minecheck {argv!r} did not finish") from exc
    return Outcome(done.returncode, done.stdout, done.stderr)


# -- what every run keeps ---------------------------------------------------------------------

Snapshot = dict[str, tuple[str, str]]

# Commands that report on each entry given, what could be read first, name each entry that
# could not, and then end with 2 (docs/decisions.md: "an entry that cannot be read makes the
# exit 2 after the report is made, as in verify"; show and lint say each file in turn).
PARTIAL = ("verify", "summary", "export", "show", "checklists lint")


def snapshot(world: Path) -> Snapshot:
    """Every file and directory under WORLD (the minecheck cache apart): kind and content."""
    seen: Snapshot = {}
    for base, dirs, files in os.walk(world):
        rel = os.path.relpath(base, world)
        if rel in ("home/cache", "xdg/cache") or rel.startswith(("home/cache/", "xdg/cache/")):
            dirs[:] = []
            continue
        for name in dirs + files:
            path = os.path.join(base, name)
            st_ = os.lstat(path)
            key = os.path.relpath(path, world)
            if stat.S_ISREG(st_.st_mode):
                with open(path, "rb") as f:
                    digest = hashlib.sha256(f.read()).hexdigest()
                seen[key] = ("file", f"{digest} {stat.S_IMODE(st_.st_mode):o}")
            elif stat.S_ISLNK(st_.st_mode):
                seen[key] = ("link", os.readlink(path))
            elif stat.S_ISDIR(st_.st_mode):
                seen[key] = ("dir", "")
            else:
                seen[key] = ("other", f"{stat.S_IFMT(st_.st_mode)}")
    return seen


def verdict_possible(node: Node, given: set[str]) -> bool:
    """Whether this command may end with 1, a check's negative verdict (SPEC 5)."""
    name = " ".join(node.path)
    return (
        name in ("verify", "checklists lint")
        or (name == "merge" and "--strict" in given)
        or (name == "summary" and "--fail-on" in given)
    )


def check(
    tree: dict[tuple[str, ...], Node],
    argv: Sequence[str],
    got: Outcome,
    before: Snapshot,
    after: Snapshot,
) -> None:
    """What every run must keep (see the module's docstring). Raises AssertionError."""
    said = (
        f"minecheck {' '.join(map(repr, argv))} -> {got.code}\n"
        f"--- stdout\n{got.out[:3000]}\n--- stderr\n{got.err[:3000]}"
    )
    assert got.crash is None, f"{said}\n--- escaped the entry point\n{got.crash}"
    assert "Traceback (most recent call last)" not in got.err, said
    node, given = parsed(tree, argv)
    assert got.code in (0, 1, 2), f"exit code not in the SPEC: {said}"
    if got.code == 1:
        assert verdict_possible(node, given), f"exit 1 where no check was asked for: {said}"
    helped = "--help" in given and got.out.lstrip().startswith(("Usage:", "用法"))
    as_json = "--json" in given and not helped
    looks_json = got.out.startswith("{")
    if as_json or ("--json" in argv and got.code == 2 and looks_json):
        assert got.err == "", f"--json, yet stderr: {said}"
        try:
            envelope = json.loads(got.stdout)
        except ValueError as exc:
            raise AssertionError(
                f"--json, yet stdout is no JSON document ({exc}): {said}"
            ) from None
        assert isinstance(envelope, dict), said
        assert set(envelope) == ENVELOPE_KEYS, said
        assert envelope["minecheck"] == 1, said
        assert envelope["exit_code"] == got.code, f"envelope's exit_code: {said}"
        assert envelope["ok"] is (got.code == 0), said
        assert isinstance(envelope["data"], dict), said
        assert isinstance(envelope["problems"], list), said
        for problem in envelope["problems"]:
            assert isinstance(problem, dict), said
            assert set(problem) == PROBLEM_KEYS, said
        if got.code == 2:
            assert envelope["problems"], f"a failure without a problem: {said}"
    elif got.code == 2 and " ".join(node.path) in PARTIAL:
        # a report made of what could be read, each entry that could not named on stderr
        assert got.err.strip(), f"exit 2 after a report, no entry named: {said}"
    elif got.code == 2:
        lines = got.err.splitlines()
        assert any(line.startswith("minecheck: error: ") for line in lines), (
            f"exit 2 without an error line: {said}"
        )
        assert got.stdout == b"", f"stdout written by a failed run: {said}"
    if got.code in (0, 1):
        assert not any(line.startswith("minecheck: error: ") for line in got.err.splitlines()), (
            f"an error said, yet exit {got.code}: {said}"
        )
    left = [k for k in after if k.endswith(".tmp") and k not in before]
    assert not left, f"temporary files left behind {left}: {said}"
    if got.code != 0:
        changed = {k: (before[k], after.get(k)) for k in before if after.get(k) != before[k]}
        assert not changed, f"a failed run changed files {changed}: {said}"


# -- command lines -----------------------------------------------------------------------------

ODD = (
    "",
    "-",
    "nonexistent.toml",
    "no/such/dir/x.toml",
    "adir",
    "adir/",
    "adir.toml",
    "/dev/null",
    "empty.toml",
    "binary.bin",
    "fifo.toml",
    "bad.toml",
    "loop.toml",
    "dangling.toml",
    "link.toml",
    NOT_UTF8,
    "\udcff\udcfe",
    "9" * 30,
    "-1",
    "0",
    "-0",
    "1e999",
    "NaN",
    "2026-02-30",
    "2026-13-45",
    "2026-12-10T25:00:00Z",
    "yesterday",
    "\u0663",
    "\uff19",
    "x" * 3000,
    "a\nb",
    "[bold]x[/bold]",
    "\x1b[2J",
    "\u202e",
    "--json",
    "-o",
    "--",
    "../escape.toml",
    ".",
    "..",
    " ",
    "*",
    "~",
    "zh",
    "\u2014json",  # an em dash where a word processor put it: `—json`
    "\uff0d\uff0djson",
    "--\udcff",
    "-\u0301",
)


def valid_values(inspection: str) -> dict[str, tuple[str, ...]]:
    """Values that mean something to the options of each metavar, in the world."""
    files = ("f1.toml", "fu1.toml", "m1.toml", "answers.toml", "answers.json", "events.toml")
    return {
        "CHECKLIST": ("mini-check.toml", "coal-major-hidden-dangers", "illegal-production"),
        "NAME": ("Demo mine", "王伟"),
        "ID": ("HLJ-0001",),
        "TAG": ("coal-underground", "high-gas", "outburst"),
        "MODE": ("routine", "night", "follow-up", "self-inspection"),
        "UUID": (inspection, "0b6a1f6e-6a39-4c1b-9a51-2d43e5f1c7aa"),
        "FILE": (
            *files,
            "unsigned.toml",
            "-",
            "mini-check.toml",
            "../home/allowed_signers",
            "../home/revoked_keys",
            "pass.txt",
            "alice.pub",
            "bare.toml",
            "bob.toml",
            "enc-pass.txt",
            "loose-pass.txt",
        ),
        "PATH": ("out.toml", "out/", "outdir", ".", "adir", "f1.toml", "mini-check.toml", "-"),
        "KEY": (KEY, f"{KEY}.pub", "alice.pub", BOB, CAROL),
        "FILE.pub": (f"{KEY}.pub", "alice.pub", KEY),
        "PRINCIPAL": (PRINCIPAL, "bob@coal.example", "*@coal.example"),
        "FINDING-REF": (
            f"{inspection}/gas-check-genuine",
            f"{inspection}/methane-return",
            "gas-check-genuine",
            f"{inspection[:8]}/gas-check-genuine",
        ),
        "ACTION": (
            "rectified",
            "accepted",
            "rejected",
            "closed",
            "reopened",
            "extended",
            "escalated",
            "withdrawn",
        ),
        "TEXT": ("done", "整改完成"),
        "METHOD": ("self", "expert-review", "third-party", "regulator-onsite"),
        "DATE": ("2026-12-10", "2027-01-15", "2026-11-01", "1970-01-01"),
        "TIME": ("2026-12-10T09:00:00Z", "2026-12-10T09:00:00+08:00", "20261210", "2026-12-10"),
        "FORMAT": ("table", "md", "csv", "json", "nl", "html", "jsonl", "parquet"),
        "GROUP": ("site", "checklist", "item", "severity", "inspector", "month", "state"),
        "LEVEL": ("major", "any", "overdue"),
        "WHEN": ("created", "now", "2026-12-01T00:00:00Z"),
        "LIST": ("minecheck-findings-v1", "minecheck-*", "*"),
        "LANG": ("en", "zh"),
        "DRAFT": (DRAFT_ID, f"{DRAFT_ID}-7c1d-4e2f-9a3b-5c6d7e8f9a0b", "0b"),
        "MERGED": ("m1.toml", "f1.toml"),
        "DIR": ("outdir", "extracted/", "adir", "."),
    }


STDIN = (
    b"",
    b"f1.toml\nfu1.toml\n",
    (DATA / "answers" / "mini-good.toml").read_bytes(),
    b"\xff\xfe\x00 not text",
    b"y\n",
)


def recipes(inspection: str) -> tuple[tuple[str, ...], ...]:
    """A command line that works in the world, for each command: the start of a mutated one,
    so that the code behind the options is reached."""
    ref = f"{inspection}/methane-return"
    return (
        ("inspect", "mini-check.toml", "--site", "Demo mine", "--tag", "coal-underground",
         "--answers", "answers.toml", "-o", "new.toml"),
        ("inspect", "mini-check.toml", "--site", "Demo mine", "--tag", "coal-underground",
         "--answers", "-", "--allow-incomplete"),
        ("followup", ref, "--action", "rectified", "--note", "fan fixed", "-o", "fu2.toml"),
        ("followup", ref, "--action", "extended", "--new-deadline", "2027-03-01", "--note", "parts",
         "--findings", "f1.toml"),
        ("followup", "--events", "events.toml", "-o", "fu3.toml"),
        ("merge", "f1.toml", "fu1.toml", "-o", "m2.toml"),
        ("extract", "m1.toml", "-o", "ex"),
        ("export", ".", "--format", "csv"),
        ("export", "f1.toml", "fu1.toml", "--format", "jsonl", "-o", "out.jsonl"),
        ("summary", "f1.toml", "fu1.toml", "--format", "md"),
        ("summary", ".", "--fail-on", "major", "--by", "site", "--as-of", "2027-02-01"),
        ("summary", "f1.toml", "--format", "html", "-o", "report.html"),
        ("show", "f1.toml", "fu1.toml"),
        ("show", "m1.toml", "--as-of", "2027-02-01"),
        ("sign", "unsigned.toml"),
        ("sign", "unsigned.toml", "-o", "signed.toml"),
        ("sign", "bare.toml", "--key", BOB, "--signer", "bob@coal.example", "-o", "b2.toml"),
        ("sign", "bare.toml", "--key", CAROL, "--passphrase-file", "enc-pass.txt"),
        ("merge", "f1.toml", "bob.toml", "-o", "m3.toml", "--allow-untrusted"),
        ("merge", "f1.toml", "m1.toml", "fu1.toml", "--strict", "-o", "m4.toml"),
        ("summary", "f1.toml", "bob.toml", "--include-untrusted", "--format", "json"),
        ("verify", "f1.toml", "fu1.toml", "m1.toml"),
        ("verify", ".", "--evidence", "--at", "now"),
        ("checklists", "list"),
        ("checklists", "show", "mini-check.toml"),
        ("checklists", "lint", "mini-check.toml", "bad.toml"),
        ("checklists", "template", "mini-check.toml", "--tag", "coal-underground"),
        ("drafts", "list"),
        ("drafts", "resume", DRAFT_ID, "-o", "d.toml"),
        ("drafts", "discard", DRAFT_ID, "--yes"),
        ("keys", "generate", "--principal", "bob@coal.example"),
        ("keys", "list"),
        ("keys", "show", "--key", KEY),
        ("keys", "import", KEY, "--principal", "carol@coal.example", "--no-default"),
        ("keys", "path"),
        ("trust", "add", "--principal", "bob@coal.example", "--key", "alice.pub"),
        ("trust", "add", "--from", "-"),
        ("trust", "list"),
        ("trust", "remove", PRINCIPAL),
        ("trust", "revoke", "alice.pub"),
    )  # fmt: skip


def argvs(tree: dict[tuple[str, ...], Node], inspection: str) -> st.SearchStrategy[list[str]]:
    """Command lines: half drawn piece by piece for a command or group, half a working command
    line (`recipes`) mutated a few times."""
    nodes = sorted(tree.values(), key=lambda n: n.path)
    valid = valid_values(inspection)
    every_option = sorted({(n.path, o) for n in nodes for o in n.options}, key=repr)
    working = recipes(inspection)

    def value(draw: Any, param: Param) -> str:
        known = valid.get(param.metavar, ()) + param.choices
        if known and draw(st.integers(0, 99)) < 55:
            return str(draw(st.sampled_from(known)))
        return str(draw(st.sampled_from(ODD)))

    def option(draw: Any, param: Param) -> list[str]:
        name = draw(st.sampled_from(param.opts))
        if param.flag:
            return [name]
        given = value(draw, param)
        form = draw(st.integers(0, 9))
        if form == 0:
            return [f"{name}={given}" if name.startswith("--") else f"{name}{given}"]
        return [name, given]

    def piece(draw: Any, node: Node, argv: list[str]) -> list[str]:
        kind = draw(st.integers(0, 99))
        if kind < 38 and node.options:
            return option(draw, draw(st.sampled_from(node.options)))
        if kind < 62 and node.arguments:
            return [value(draw, draw(st.sampled_from(node.arguments)))]
        if kind < 70:
            return ["--json"]
        if kind < 75:
            return ["--lang", draw(st.sampled_from(("zh", "en", "fr", "", "ZH ")))]
        if kind < 81:
            _, param = draw(st.sampled_from(every_option))
            return option(draw, param)
        if kind < 85:
            return ["--"]
        if kind < 91:
            return [draw(st.sampled_from(ODD))]
        if kind < 93:
            return [draw(st.sampled_from(("--help", "-h", "--version")))]
        if kind < 96 and node.options:
            return [draw(st.sampled_from(node.options)).opts[0]]  # its value left out
        if kind < 98:  # short options run together (`-yh`, `-ofile`)
            shorts = [o[1] for p in node.options for o in p.opts if len(o) == 2]
            return ["-" + "".join(draw(st.lists(st.sampled_from(shorts or ["h"]), min_size=2)))]
        if kind < 99:  # one word many times over (a glob that matched a whole archive)
            return [draw(st.sampled_from(("f1.toml", "fu1.toml", "adir", ".")))] * 100
        return argv[-1:]  # the last word said twice

    @st.composite
    def one(draw: Any) -> list[str]:
        if draw(st.booleans()):
            argv = list(draw(st.sampled_from(working)))
            node = tree[tuple(argv[:2]) if tuple(argv[:2]) in tree else tuple(argv[:1])]
            for _ in range(draw(st.integers(1, 3))):
                at = draw(st.integers(len(node.path), len(argv)))
                how = draw(st.integers(0, 9))
                if how < 4 and at < len(argv):  # a word replaced
                    argv[at] = draw(st.sampled_from(ODD))
                elif how < 5 and at < len(argv):  # a word left out
                    del argv[at]
                else:  # a piece put in
                    argv[at:at] = piece(draw, node, argv[:at])
            return argv
        node = draw(st.sampled_from(nodes))
        argv = list(node.path)
        for _ in range(draw(st.integers(0, 7))):
            argv += piece(draw, node, argv)
        return argv

    return one()


def stdin_bytes() -> st.SearchStrategy[bytes]:
    return st.sampled_from(STDIN)


def one_run(
    world: World,
    tree: dict[tuple[str, ...], Node],
    argv: Sequence[str],
    stdin: bytes = b"",
    **env: str,
) -> Outcome:
    """`minecheck ARGV` in a fresh world, in process, checked."""
    with world.fresh() as w:
        before = snapshot(w)
        got = world.run_in(w, argv, stdin, **env)
        after = snapshot(w)
        check(tree, argv, got, before, after)
    return got


def one_script_run(
    world: World,
    tree: dict[tuple[str, ...], Node],
    script: Path,
    argv: Sequence[str],
    stdin: bytes = b"",
    **env: str,
) -> Outcome:
    """`minecheck ARGV` in a fresh world, through the console script, checked."""
    with world.fresh() as w:
        before = snapshot(w)
        got = run_script(script, w, argv, stdin, **env)
        after = snapshot(w)
        check(tree, argv, got, before, after)
    return got
