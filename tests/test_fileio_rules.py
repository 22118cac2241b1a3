"""What the writes and reads of minecheck.fileio and the directories of minecheck.paths promise,
each held where no other test held it: a file made meanwhile on a USB stick is not clobbered, a
stray hidden file does not stop a write, standard input without bytes under it is read, a pipe
over the limit is refused rather than cut short, a private directory is closed and never
opened, an installed package finds its checklists."""

from __future__ import annotations

import contextlib
import errno
import io
import os
import sys
import threading
from pathlib import Path

import pytest

from minecheck import fileio
from minecheck.errors import InputError, UsageError


def _no_hard_links(monkeypatch: pytest.MonkeyPatch, meanwhile: Path | None = None) -> None:
    """A filesystem that makes no hard links (FAT, exFAT: Linux says EPERM); where `meanwhile`
    is given, another program makes that file just before the link is tried."""

    def link(source: object, target: object) -> None:
        if meanwhile is not None:
            meanwhile.write_bytes(b"a colleague's file\n")
        raise OSError(errno.EPERM, os.strerror(errno.EPERM))

    monkeypatch.setattr(os, "link", link)


def test_on_a_usb_stick_a_file_made_meanwhile_is_not_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without --force a file is never replaced, also one made at the name after the check
    (where there are no hard links, the name is taken with an exclusive create): the other
    file is kept byte for byte, "already exists" is said, and no hidden file is left."""
    target = tmp_path / "report.md"
    _no_hard_links(monkeypatch, meanwhile=target)
    with pytest.raises(UsageError) as info:
        fileio.atomic_write(target, b"# mine\n")
    assert info.value.message == f"{target} already exists"
    assert target.read_bytes() == b"a colleague's file\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.md"]


def test_on_a_usb_stick_a_new_file_is_written_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where there are no hard links, a new file is still written, whole, with no hidden file
    left beside it."""
    _no_hard_links(monkeypatch)
    target = tmp_path / "report.md"
    fileio.atomic_write(target, b"# mine\n")
    assert target.read_bytes() == b"# mine\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.md"]


@pytest.mark.parametrize("pid", ["abc", "12a", "\u0661\u0662"])
def test_a_hidden_file_with_no_process_number_does_not_stop_a_write(
    tmp_path: Path, pid: str
) -> None:
    """A hidden file that looks like a temporary file of this machine but names no process
    (copied in, or made by hand) is left alone, and the write beside it goes on: it was not
    to be taken as the file name being unusable."""
    fileio._swept.clear()  # (a directory is swept once in a process)
    stray = tmp_path / f".f.toml.{fileio.host_tag()}.{pid}.0123abcd.tmp"
    stray.write_bytes(b"half")
    old = 1_000_000_000.0
    os.utime(stray, (old, old))
    fileio.atomic_write(tmp_path / "f.toml", b"whole\n")
    assert (tmp_path / "f.toml").read_bytes() == b"whole\n"
    assert stray.read_bytes() == b"half"


def test_standard_input_as_text_with_no_bytes_under_it_is_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Standard input replaced by a text stream (an embedding program, a test runner) is read
    as its text in UTF-8, and refused past the limit like any other."""
    monkeypatch.setattr(sys, "stdin", io.StringIO("a.toml\nb.toml\n"))
    assert fileio.read_standard_input(100, "list of paths") == b"a.toml\nb.toml\n"
    monkeypatch.setattr(sys, "stdin", io.StringIO("x" * 11))
    with pytest.raises(InputError) as info:
        fileio.read_standard_input(10, "list of paths")
    assert info.value.message == "<stdin>: list of paths is over the limit of 10 bytes"


def _fifo_with(tmp_path: Path, data: bytes) -> tuple[Path, threading.Thread]:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)

    def write() -> None:
        with contextlib.suppress(BrokenPipeError), open(fifo, "wb") as fh:
            fh.write(data)  # (past the limit the reader stops and closes the pipe)

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    return fifo, writer


@pytest.mark.parametrize("size", [10, 11, 70_000])
def test_a_pipe_is_read_whole_or_refused_never_cut_at_the_limit(tmp_path: Path, size: int) -> None:
    """A pipe named on purpose has no size to look at first: its bytes up to the limit are
    read whole, and one byte more is refused as over the limit, not taken as a whole file
    cut short."""
    limit = 10 if size <= 11 else 65_536
    fifo, writer = _fifo_with(tmp_path, b"x" * size)
    if size <= limit:
        assert fileio.read_limited(fifo, limit, "document") == b"x" * size
    else:
        with pytest.raises(InputError) as info:
            fileio.read_limited(fifo, limit, "document")
        assert info.value.message == f"{fifo}: document is over the limit of {limit} bytes"
    writer.join(timeout=10)


# -- minecheck.paths ---------------------------------------------------------------------------


def test_a_private_directory_open_to_others_is_closed_and_one_closed_is_left(
    tmp_path: Path,
) -> None:
    """The keys and drafts directory is made 0700; one the user already has that others may
    read (0755, a umask of 022 at a `mkdir`) is closed to 0700; one others cannot read is left
    as its owner set it (0500, made read-only on purpose: not opened again for writing)."""
    from minecheck.paths import make_private_dir

    made = make_private_dir(tmp_path / "new" / "keys")
    assert made == tmp_path / "new" / "keys"
    assert made.stat().st_mode & 0o777 == 0o700
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o755)
    make_private_dir(shared)
    assert shared.stat().st_mode & 0o777 == 0o700
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        make_private_dir(locked)
        assert locked.stat().st_mode & 0o777 == 0o500
    finally:
        locked.chmod(0o700)


def test_an_installed_package_finds_its_checklists_inside_itself(tmp_path: Path) -> None:
    """Installed from a wheel, the bundled checklists are in the package's own folder (in a
    source checkout they are two folders up): that folder is the one named."""
    import importlib.util

    import minecheck.paths

    package = tmp_path / "site-packages" / "minecheck"
    (package / "checklists").mkdir(parents=True)
    copy = package / "paths.py"
    copy.write_bytes(Path(minecheck.paths.__file__).read_bytes())
    spec = importlib.util.spec_from_file_location("installed_paths", copy)
    assert spec is not None
    assert spec.loader is not None
    installed = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(installed)
    assert installed.bundled_checklists_dir() == package / "checklists"


def test_every_stale_temporary_file_is_removed_whatever_lies_beside_it(tmp_path: Path) -> None:
    """A folder where killed runs left several hidden temporary files, among the documents,
    other machines' temporary files (a shared folder), an earlier version's, a live process's
    and this process's own: every stale one goes at the next write, whatever order the folder
    lists them in, and every other file stays (a symbolic link with such a name too)."""
    import subprocess

    fileio._swept.clear()  # (a directory is swept once in a process)
    child = subprocess.Popen([sys.executable, "-c", ""])
    child.wait()
    dead, ours, old = child.pid, fileio.host_tag(), 1_000_000_000.0

    def left(name: str) -> Path:
        path = tmp_path / name
        path.write_bytes(b"half")
        os.utime(path, (old, old))
        return path

    stale, kept = [], []
    for n in range(6):
        stale.append(left(f".s{n}.toml.{ours}.{dead}.0000000{n}.tmp"))
        kept += [
            left(f"d{n}.toml"),  # a document
            left(f".o{n}.toml.0badc0de.{dead}.0000000{n}.tmp"),  # another machine's
            left(f".e{n}.toml.5e5e5e5{n}.tmp"),  # an earlier version's (no maker named)
            left(f".p{n}.toml.{ours}.{os.getpid()}.0000000{n}.tmp"),  # this process's
            left(f".l{n}.toml.{ours}.{os.getppid()}.0000000{n}.tmp"),  # a live process's
            left(f"v{n}.{ours}.{dead}.0000000{n}.tmp"),  # not hidden: the user's own
            left(f".b{n}.toml.{ours}.{dead}.0000000{n}.bak"),  # hidden, not a temporary file
        ]
        link = tmp_path / f".k{n}.toml.{ours}.{dead}.0000000{n}.tmp"  # a link: not one we made
        link.symlink_to(kept[0])
        os.utime(link, (old, old), follow_symlinks=False)
        kept.append(link)
    fileio.atomic_write(tmp_path / "new.toml", b"whole\n")
    assert [path.name for path in stale if path.exists()] == []
    assert [path.name for path in kept if not path.exists()] == []


def test_force_over_a_directory_or_a_fifo_says_what_is_there(tmp_path: Path) -> None:
    """`--force` replaces only a file: a directory at the name is said to be a directory, a
    FIFO not a regular file; each is left as it was."""
    folder = tmp_path / "out"
    (folder / "inside").mkdir(parents=True)
    with pytest.raises(UsageError) as info:
        fileio.atomic_write(folder, b"x", force=True)
    assert info.value.message == f"{folder} is a directory; only a file can be replaced"
    assert [p.name for p in folder.iterdir()] == ["inside"]
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(UsageError) as info:
        fileio.atomic_write(fifo, b"x", force=True)
    said = f"{fifo}: not a regular file (a FIFO); only a file can be replaced"
    assert info.value.message == said
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "pipe"]
