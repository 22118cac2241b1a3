"""A full or failing disk at every call that changes it, in every command that writes: the
documented exit (2), one line naming the file and the reason, never a traceback; every file
that was there is as it was (or, where the command replaces it, whole and new); no file is
left that the command says it did not write."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run
from tests.helpers_disk import FAILING, FULL, DiskFaults, snapshot
from tests.helpers_docs import findings_body
from tests.helpers_faults import calls_to
from tests.helpers_merge import INSPECTION, Who, findings, make_merged, person, store_for

DATA = Path(__file__).resolve().parent / "data"
CHECKLIST = DATA / "checklists" / "valid" / "mini-check.toml"
ANSWERS = DATA / "answers" / "mini-good.toml"
DRAFT = "0d1e2f3a-0000-4000-8000-000000000000"  # (a damaged one: discarded all the same)


def _commands(w: World) -> dict[str, list[str]]:
    a, bob, carol = w.who["alice"], w.who["bob"], w.who["carol"]
    sign = ["--key", str(a.key), "--signer", a.principal]
    md = ["--format", "md"]
    return {
        "sign in place": ["sign", "u.toml", *sign],
        "sign -o": ["sign", "u.toml", "-o", "s.toml", *sign],
        "inspect": [
            *("inspect", str(CHECKLIST), "--site", "Mine A", "--answers", str(ANSWERS)),
            *("-o", "i.toml", *sign),
        ],
        "followup": [
            *("followup", f"{INSPECTION}/gas-overlimit", "--action", "escalated"),
            *("-o", "f.toml", *sign),
        ],
        "merge": ["merge", "a.toml", "b.toml", "-o", "m.toml", *sign],
        "extract": ["extract", "m0.toml", "-o", "out"],
        "export -o": ["export", "a.toml", "b.toml", "--format", "csv", "-o", "e.csv"],
        "summary -o": ["summary", "a.toml", "b.toml", *md, "-o", "s.md"],
        "summary -o --force": ["summary", "a.toml", "b.toml", *md, "-o", "old.md", "--force"],
        "trust add": ["trust", "add", "--principal", carol.principal, "--key", f"{carol.key}.pub"],
        "trust add, the first": [
            *("trust", "add", "--principal", carol.principal, "--key", f"{carol.key}.pub"),
        ],
        "trust remove": ["trust", "remove", bob.principal],
        "trust revoke": ["trust", "revoke", f"{bob.key}.pub"],
        "keys generate": ["keys", "generate", "--principal", "dan@coal.example"],
        "keys import": ["keys", "import", str(carol.key), "--principal", carol.principal],
        "drafts discard": ["drafts", "discard", DRAFT[:8], "--yes"],
        "install completion": ["--install-completion", "bash"],  # (HOME is the test's home)
    }


class World:
    """A home that trusts Alice and Bob, and a working directory of their documents."""

    def __init__(self, tmp_path: Path, home: Path, cli: Callable[..., Run], first: bool) -> None:
        self.work = tmp_path / "work"
        self.home = home
        self.work.mkdir()
        keys = tmp_path / "keys"
        keys.mkdir()
        self.who: dict[str, Who] = {n: person(keys, n) for n in ("alice", "bob", "carol")}
        alice, bob = self.who["alice"], self.who["bob"]
        if not first:
            for who in (alice, bob):
                run = cli(["trust", "add", "--principal", who.principal, "--key", f"{who.key}.pub"])
                assert run.exit_code == 0, run.stderr
        a = findings(alice, ["compliant", "noncompliant", "compliant"])
        b = findings(bob, ["noncompliant", "noncompliant", "compliant"])
        (self.work / "a.toml").write_bytes(a)
        (self.work / "b.toml").write_bytes(b)
        (self.work / "m0.toml").write_bytes(make_merged(alice, [a, b], store_for(alice, bob)))
        (self.work / "u.toml").write_bytes(findings_body(alice.principal, alice.fingerprint))
        (self.work / "old.md").write_text("an old report\n")
        (self.work / "out").mkdir()
        if not first:  # (the first use: nothing in the home yet)
            drafts = home / "drafts"
            drafts.mkdir()
            (drafts / f"{DRAFT}.toml").write_text(
                '[draft]\nformat = "minecheck.draft/1"\nstarted = "morning"\n', "utf-8"
            )

    def files(self) -> dict[Path, bytes]:
        """Every file but the result cache's (made again from the documents, and made before
        the output is written)."""
        cache = self.home / "cache"
        return {p: d for p, d in snapshot(self.work, self.home).items() if cache not in p.parents}

    def restore(self, files: dict[Path, bytes]) -> None:
        for path in snapshot(self.work, self.home):
            if path not in files and self.home / "cache" not in path.parents:
                path.unlink()
        for path, data in files.items():
            if not path.exists() or path.read_bytes() != data:  # (a removed one made again)
                path.write_bytes(data)


COMMANDS = [
    "sign in place",
    "sign -o",
    "inspect",
    "followup",
    "merge",
    "extract",
    "export -o",
    "summary -o",
    "summary -o --force",
    "trust add",
    "trust add, the first",
    "trust remove",
    "trust revoke",
    "keys generate",
    "keys import",
    "drafts discard",
    "install completion",
]


def _failures(
    world: World,
    cli: Callable[..., Run],
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    error: tuple[int, str],
    no_links: bool = False,
) -> list[str]:
    args = _commands(world)[name]
    before = world.files()
    counted = DiskFaults(no_links=no_links)
    with monkeypatch.context() as patched:
        counted.install(patched)
        done = cli(args)
    assert done.exit_code == 0, done.stderr
    whole = world.files()
    problems: list[str] = []
    for n in range(1, counted.count + 1):
        world.restore(before)
        faults = DiskFaults(n, error, no_links=no_links)
        with monkeypatch.context() as patched:
            faults.install(patched)
            run = cli(args)
        now = world.files()
        kind = faults.kinds[n - 1] if n <= faults.count else "not made"
        said = f"{name}, call {n} of {counted.count} ({kind}), exit {run.exit_code}"
        if run.exit_code == 0:
            if now.keys() != whole.keys():
                problems.append(f"{said}: written {sorted(now)} but {sorted(whole)} expected")
            continue
        lines = run.stderr.splitlines()
        errors = [line for line in lines if line.startswith("minecheck: error: ")]
        if run.exit_code != 2 or len(errors) != 1 or "Traceback" in run.stderr:
            problems.append(f"{said}: {run.stderr!r}")
        elif (
            not errors[0].endswith(f"{error[1]}; nothing was written") and error[1] not in errors[0]
        ):
            problems.append(f"{said}: the reason is not said: {errors[0]!r}")
        for path, data in before.items():
            if now.get(path) != data:
                problems.append(f"{said}: {path.name} changed though nothing was written")
        for path in now.keys() - before.keys():
            if path.name == "revoked_keys" and now[path] == b"":  # (revokes nothing)
                continue
            # (extract writes one file per source: those it names as written are whole)
            named = world.work in path.parents and f"{path.relative_to(world.work)}\n" in run.stdout
            if not named or now[path] != whole[path]:
                problems.append(f"{said}: {path.name} left though nothing was written")
    return problems


# A failing disk (EIO) takes the paths a full one takes; it is tried on one command of a kind.
CASES = [pytest.param(name, FULL, id=f"{name}, full") for name in COMMANDS] + [
    pytest.param(name, FAILING, id=f"{name}, failing")
    for name in ("sign in place", "inspect", "trust revoke", "keys generate", "drafts discard")
]


@pytest.mark.parametrize(("name", "error"), CASES)
def test_a_disk_failing_at_any_write_loses_nothing_and_says_so(
    tmp_path: Path,
    isolated_home: Path,
    cli: Callable[..., Run],
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    error: tuple[int, str],
) -> None:
    world = World(tmp_path, isolated_home, cli, first=name.endswith("the first"))
    monkeypatch.chdir(world.work)
    monkeypatch.setenv("HOME", str(isolated_home))
    problems = _failures(world, cli, monkeypatch, name, error)
    assert problems == []


@pytest.mark.parametrize("name", ["sign -o", "export -o", "keys generate", "extract"])
def test_on_a_usb_stick_a_failed_write_leaves_no_empty_file(
    tmp_path: Path,
    isolated_home: Path,
    cli: Callable[..., Run],
    monkeypatch: pytest.MonkeyPatch,
    name: str,
) -> None:
    """Where the filesystem makes no hard links (FAT, exFAT), a new file's name is taken with
    an empty file first, then the written one is renamed over it: a rename that failed left
    that empty file behind, which read as a damaged findings file (or blocked the next `keys
    generate` with "already exists") though the command said nothing was written."""
    world = World(tmp_path, isolated_home, cli, first=False)
    monkeypatch.chdir(world.work)
    problems = _failures(world, cli, monkeypatch, name, FAILING, no_links=True)
    assert problems == []


def test_a_new_directory_and_a_new_key_survive_a_power_cut(
    tmp_path: Path, isolated_home: Path, cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file linked or renamed into place is lost by a power cut until its directory is
    flushed, and a new directory until the one above it is: the first draft (a new drafts
    directory) and a new key (linked without its directory flushed) were at risk."""
    from minecheck import fileio

    flushed = calls_to(monkeypatch, fileio, "fsync_dir")
    fileio.make_directory(tmp_path / "a" / "b")
    assert flushed == [(tmp_path,), (tmp_path / "a",)]
    assert (tmp_path / "a" / "b").stat().st_mode & 0o777 == 0o700 & ~_umask()
    flushed.clear()
    run = cli(["keys", "generate", "--principal", "dan@coal.example"])
    assert run.exit_code == 0, run.stderr
    keys = isolated_home / "keys"
    assert (isolated_home.parent,) in flushed
    assert (isolated_home,) in flushed
    assert flushed.count((keys,)) == 3  # the key, its .pub and the key list, each once linked


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _trust_line() -> str:
    from minecheck.core.sshsig import KeySigner

    public = " ".join(KeySigner.generate().public_key.openssh().split()[:2])
    return f"bob@coal.example {public}\n"


def _directory_flush_failing(monkeypatch: pytest.MonkeyPatch, error: int) -> None:
    """The flush of a directory to the device fails with `error` (a failing disk: EIO); the
    flush of a file's data does not."""
    real = os.fsync

    def fsync(fd: int) -> None:
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            raise OSError(error, os.strerror(error))
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_directory_flush_that_fails_is_a_warning_the_file_written(
    tmp_path: Path,
    isolated_home: Path,
    cli: Callable[..., Run],
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
) -> None:
    """The file is written and in place (its data flushed), but the directory holding its name
    could not be flushed: whether it survives a power cut is not known. Said once for the
    directory, as a warning (exit 0); it was not said at all."""
    line = _trust_line()
    (tmp_path / "lines").write_text(line, "utf-8")
    target = tmp_path / "office" / "allowed_signers"
    target.parent.mkdir()
    _directory_flush_failing(monkeypatch, errno.EIO)
    args = ["trust", "add", "--from", str(tmp_path / "lines"), "--allowed-signers", str(target)]
    run = cli([*args, "--lang", lang])
    assert run.exit_code == 0, run.stderr
    assert target.read_text("utf-8").endswith(line)
    reason = os.strerror(errno.EIO)
    said = {
        "en": f"minecheck: warning: {target.parent}: the directory could not be flushed to the "
        f"disk ({reason}); what was written there is in place, but a power cut may lose it\n",
        "zh": f"minecheck: warning: {target.parent}：目录未能刷写到磁盘（输入/输出错误）；"
        "写入其中的内容已就位，但断电可能使其丢失\n",
    }
    assert run.stderr.endswith(said[lang])
    assert run.stderr.count("minecheck: warning: ") == 1
    other = tmp_path / "elsewhere" / "allowed_signers"
    other.parent.mkdir()
    envelope = cli([*args[:-1], str(other), "--json"]).json()
    assert envelope["exit_code"] == 0
    assert [(p["code"], p["path"]) for p in envelope["problems"]] == [
        ("not-flushed", str(other.parent))
    ]


def test_a_directory_flush_the_filesystem_does_not_offer_is_not_said(
    tmp_path: Path, isolated_home: Path, cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Some filesystems (network shares, FUSE) refuse a directory's flush as not supported
    (EINVAL): nothing is at risk that a warning at every write could mend."""
    (tmp_path / "lines").write_text(_trust_line(), "utf-8")
    _directory_flush_failing(monkeypatch, errno.EINVAL)
    target = tmp_path / "allowed_signers"
    run = cli(["trust", "add", "--from", str(tmp_path / "lines"), "--allowed-signers", str(target)])
    assert (run.exit_code, run.stderr.count("warning")) == (0, 0), run.stderr
    assert target.exists()
