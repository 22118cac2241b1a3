"""Atomic, never-clobbering file writes and size-limited reads."""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import re
import stat
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from minecheck.errors import InputError, UnreadableInput, UsageError
from minecheck.i18n import language, t
from minecheck.i18n import written as in_language
from minecheck.os_words import os_reason
from minecheck.portable import signals_held
from minecheck.portable_files import held_in_place, open_new, open_to_read, open_waiting

# The largest document any command reads (core.seal's limit; here, where a batch can list and
# stat its files without importing the document reader).
MAX_DOCUMENT_BYTES = 64 * 1024 * 1024


def atomic_write(
    path: Path,
    data: bytes | Callable[[BinaryIO], object],
    *,
    force: bool = False,
    mode: int = 0o644,
    through_links: bool = True,
    output: bool = True,
) -> None:
    """Write `data` to `path` via a temp file in the same directory, fsync, rename.

    `data` is the bytes, or a function that writes them to the file it is given (a large
    output made as it is written); whatever it raises leaves nothing written and goes on.
    Without `force` an existing file is never replaced (checked again at the rename, with a
    hard link, so a file created meanwhile is not clobbered either). With `force`, only a regular
    file is replaced; a symbolic link to one stays a link, and its target is replaced, keeping
    the target's permissions (`through_links=False`: a link there is refused, for a name the
    user did not choose, as `extract`'s are, whose link could point out of the directory; one
    made after the check is replaced itself by the rename). Any failure (a full disk, a
    read-only directory, a file-size limit) is an InputError, and the file at `path` is then
    exactly as it was.

    Permissions: a private `mode` (nothing for group or others: a draft, the key registry) is
    given exactly, whatever the umask. Any other is a file colleagues may read (a signed
    document, a report, a trust file): a new one is made as `open()` makes it, `mode` less the
    umask (and a directory's default ACL), so an office's umask 027 keeps other users out of a
    shared archive; a file replaced with `force` keeps the permissions it had.

    A file written is one the run's interruption names (`interrupted_text`), unless it is not
    an `output` the user asked for but minecheck's own (a draft, the key registry).
    """
    try:
        _atomic_write(
            path, data, force=force, mode=mode, through_links=through_links, output=output
        )
    except _Made as made:  # what `data` raised, as it raised it
        raise made.error from None
    except OSError as exc:
        reason = os_reason(exc)
        hint = full_disk_hint(exc, path)
        raise (InputError if hint is None else FullDisk)(
            t("{path}: cannot write: {reason}; nothing was written", path=path, reason=reason),
            hint=hint,
            path=f"{path}",
        ) from None
    except ValueError:  # a NUL character in the name
        raise InputError(
            t("{path}: not a usable file name; nothing was written", path=path),
            path=f"{path}",
        ) from None


class FullDisk(InputError):
    """A write refused for a full disk (or a full quota), its hint `full_disk_hint`'s ("run the
    command again"). A caller that goes on after it (the walk) says what it does in a hint of
    its own, about the disk that holds `folder`."""

    @property
    def folder(self) -> Path:
        return _folder_of(Path(self.path or "."))


def full_disk_hint(exc: OSError, path: Path) -> str | None:
    """What to do where a write to `path` failed for a full disk (or a full quota): free space
    on the disk that holds its folder. The system's words alone ("No space left on device")
    named no folder and no way on; None for any other failure."""
    if exc.errno not in (errno.ENOSPC, errno.EDQUOT):
        return None
    return t(
        "free space on the disk that holds {folder}, then run the command again",
        folder=_folder_of(path),
    )


def _folder_of(path: Path) -> Path:
    """The folder a write to `path` goes to, as a full disk's hints name it (`FullDisk.folder`,
    `full_disk_hint`)."""
    return Path(path).absolute().parent


_written: list[Path] = []  # the files put in place in this run, in order


def written(path: Path) -> None:
    """`path` was put in place whole in this run (see `interrupted_text`)."""
    _written.append(path)


_key_pairs: list[tuple[Path, Path]] = []  # of those, each new key and its public half


def key_pair_written(key: Path, public: Path) -> None:
    """`key` and `public`, both said `written`, are a new key pair: named as such, not as two
    files (an inspection half written is what "2 files" sounded like)."""
    _key_pairs.append((key, public))


def taken_back(path: Path) -> None:
    """`path`, said `written`, was removed again in this run (a new key pair the key list could
    not record): what a stopped run says no longer names it."""
    while path in _written:
        _written.remove(path)
    _key_pairs[:] = [pair for pair in _key_pairs if path not in pair]


_rows_begun: list[bool] = []  # rows are being written to standard output (`rows_on_stdout`)


@contextlib.contextmanager
def rows_on_stdout() -> Iterator[None]:
    """While this lasts, rows go to standard output as they are made (`export` without `-o`):
    a stop then says the rows there are incomplete, not that nothing was written. (Left
    marked where it ends in an error, which is said after it.)"""
    _rows_begun.append(True)
    yield
    _rows_begun.clear()


def forget_written() -> None:
    """A new run in this process: what an earlier one wrote is not this one's."""
    _written.clear()
    _key_pairs.clear()
    _rows_begun.clear()


def interrupted_text() -> str:
    """What a run stopped by Ctrl-C or a timer's SIGTERM says: that nothing was written, so it
    may simply run again, or the files it had put in place (each is whole: writes are atomic)."""
    if not _written and _rows_begun:
        return t("interrupted; the rows on standard output are incomplete")
    if not _written:
        return t("interrupted; nothing was written")
    if len(_written) == 2 and tuple(_written) in _key_pairs:
        key, public = _written
        return t(
            "interrupted after writing the new key {path} and its public half {public}",
            path=key,
            public=public,
        )
    if len(_written) == 1:
        return t("interrupted after writing {path}", path=_written[0])
    return t(
        "interrupted after writing {count} files, the last {path}",
        count=len(_written),
        path=_written[-1],
    )


class _Made(Exception):
    """What the function making the data raised (not a failure to write)."""

    def __init__(self, error: Exception) -> None:
        super().__init__(str(error))
        self.error = error


def _atomic_write(
    path: Path,
    data: bytes | Callable[[BinaryIO], object],
    *,
    force: bool,
    mode: int,
    through_links: bool = True,
    output: bool = True,
) -> None:
    asked = path  # (the name the interruption gives: a link's, where its target is replaced)
    try:
        st = os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):  # (a file above it: said below, as such)
        st = None
    keep: int | None = None  # the permissions of the file replaced, which the new one keeps
    if st is not None:
        if stat.S_ISLNK(st.st_mode) and not through_links:
            raise symbolic_link(path, path.parent)
        if not force:
            raise _exists(path)
        if stat.S_ISLNK(st.st_mode):
            target = Path(os.path.realpath(path))
            target_st = os.stat(path)  # a dangling link or a loop fails here
            if not stat.S_ISREG(target_st.st_mode):
                raise UsageError(not_replaced(path, target_st.st_mode), path=f"{path}")
            path, keep = target, stat.S_IMODE(target_st.st_mode)
        elif not stat.S_ISREG(st.st_mode):
            if stat.S_ISDIR(st.st_mode):
                raise UsageError(
                    t("{path} is a directory; only a file can be replaced", path=path),
                    path=f"{path}",
                )
            raise UsageError(not_replaced(path, st.st_mode), path=f"{path}")
        else:
            keep = stat.S_IMODE(st.st_mode)
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise no_directory(directory)
    private = not mode & 0o077
    fd, tmp = _new_temporary(directory, path.name, mode)
    try:
        with os.fdopen(fd, "wb") as fh:
            if isinstance(data, bytes):
                fh.write(data)
            else:
                _make(data, fh)
            fh.flush()
            os.fsync(fh.fileno())
        if private:
            _set_mode(tmp, mode, required=True)
        elif keep is not None:
            _set_mode(tmp, keep & 0o777, required=False)
        # A stop between the file taking its name and its note (`written`) said "nothing was
        # written" of a whole file in place (a timer's SIGTERM as an export ended): taken after.
        with signals_held():
            if force:
                os.replace(tmp, path)
            else:
                put_new(tmp, path, _exists(path))
            if output:
                written(asked)
        fsync_dir(directory)
        _remove_stale(directory)
    finally:  # (a second stop of a burst, taken as the first's removed it, left it there)
        with signals_held(), contextlib.suppress(OSError):
            tmp.unlink()


def _new_temporary(directory: Path, name: str, mode: int) -> tuple[int, Path]:
    """A new file beside the one to be written, made with `mode` less the umask (mkstemp makes
    0600, which a rename would leave unreadable to every colleague); its descriptor and path.
    Its hidden name says which machine and process made it (`.NAME.HOST.PID.TOKEN.tmp`), so
    that one a killed run left can be told stale (`_remove_stale`)."""
    import secrets

    maker = f"{host_tag()}.{os.getpid()}"
    for _ in range(100):
        tmp = directory / f".{name}.{maker}.{secrets.token_hex(4)}.tmp"
        try:
            return open_new(tmp, mode), tmp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(directory))


@functools.cache
def host_tag() -> str:
    """This machine, in eight hex digits (of its name): a temporary file's maker's machine."""
    import hashlib
    import socket

    return hashlib.sha256(os.fsencode(socket.gethostname())).hexdigest()[:8]


STALE_AFTER_S = 3600.0  # a killed run's temporary file untouched this long may be removed
_TOKEN = re.compile(r"[0-9a-f]{8}")


_swept: set[str] = set()  # directories whose stale temporary files this process removed


def _remove_stale(directory: Path) -> None:
    """Remove the temporary files in `directory` that killed runs left (SIGKILL, a power cut),
    once per directory in a run (`extract` writes hundreds of files into one): only those it
    can tell are stale, made on this machine by a process that is gone, and untouched for
    STALE_AFTER_S. Another machine's (a shared folder: its processes cannot be looked up
    here), a live process's, a young one and one of an earlier version (no maker named) are
    left. Windows is passed over (a process is looked up there by ending it). Nothing here
    fails a write."""
    if os.name == "nt" or str(directory) in _swept:
        return
    _swept.add(str(directory))
    try:
        for path, st in _left_by_killed_runs(directory, _temporary_file_maker):
            if stat.S_ISREG(st.st_mode):
                with contextlib.suppress(OSError):
                    os.unlink(path)
    except OSError:
        return


def _temporary_file_maker(name: str) -> tuple[str, str] | None:
    """The machine and process a temporary file's name (`.NAME.HOST.PID.TOKEN.tmp`) says
    made it; None for another name."""
    if not (name.startswith(".") and name.endswith(".tmp")):
        return None
    parts = name[1 : -len(".tmp")].rsplit(".", 3)
    if len(parts) != 4 or not _TOKEN.fullmatch(parts[3]):
        return None
    return parts[1], parts[2]


WORK_PREFIX = "minecheck-"  # a run's working directory in the temporary directory
_swept_work: set[str] = set()  # temporary directories this process swept of them
_WORK = re.compile(re.escape(WORK_PREFIX) + r"([0-9a-f]{8})\.([0-9]+)\.[a-z0-9_]{8}")


def working_directory_prefix() -> str:
    """The prefix of a run's working directory (`tempfile.TemporaryDirectory(prefix=...)`):
    its machine and process named, for `remove_stale_working_directories`."""
    return f"{WORK_PREFIX}{host_tag()}.{os.getpid()}."


def remove_stale_working_directories(directory: str) -> None:
    """Remove the working directories in `directory` (the temporary one) that runs killed with
    SIGKILL left: this user's, made on this machine by a process that is gone, untouched for
    STALE_AFTER_S; once a run. Another's, a live process's, a young one, one of an earlier
    version (no maker named), a link by that name are left; nothing here fails a run."""
    if os.name == "nt" or not hasattr(os, "getuid") or directory in _swept_work:
        return  # (whose a folder is cannot be told without getuid)
    _swept_work.add(directory)
    import shutil

    me = os.getuid()
    try:
        for path, st in _left_by_killed_runs(directory, _working_directory_maker):
            if stat.S_ISDIR(st.st_mode) and st.st_uid == me:
                shutil.rmtree(path, ignore_errors=True)
    except OSError:
        return


def _working_directory_maker(name: str) -> tuple[str, str] | None:
    """The machine and process a working directory's name says made it; None for another."""
    named = _WORK.fullmatch(name)
    return None if named is None else (named.group(1), named.group(2))


def _left_by_killed_runs(
    directory: str | Path, maker: Callable[[str], tuple[str, str] | None]
) -> Iterator[tuple[str, os.stat_result]]:
    """The entries of `directory` that killed runs left, each with its lstat: those whose name
    says (`maker`: its machine and process, None for a name of another kind) they were made on
    this machine by a process that is gone, untouched for STALE_AFTER_S. The caller judges the
    kind of entry; an OSError is the caller's."""
    ours, now = host_tag(), time.time()
    with os.scandir(directory) as entries:
        for entry in entries:
            made = maker(entry.name)
            if made is None or made[0] != ours or not _maker_gone(made[1]):
                continue
            st = entry.stat(follow_symlinks=False)
            if now - st.st_mtime >= STALE_AFTER_S:
                yield entry.path, st


def _maker_gone(pid: str) -> bool:
    """Whether the process `pid` (digits from a name) that made a file is gone."""
    if not (pid.isascii() and pid.isdigit()) or int(pid) == os.getpid():
        return False
    return not _running(int(pid))


def _running(pid: int) -> bool:
    """Whether process `pid` exists (another user's too); in doubt, it does."""
    if pid <= 0:
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # (EPERM: another user's)
        return True
    return True


def symbolic_link(path: Path, directory: Path) -> UsageError:
    """A link where a file is to be written under a name the user did not choose."""
    return UsageError(
        t(
            "{path} is a symbolic link; files are written only in {directory}, never through "
            "a link; nothing was written",
            path=path,
            directory=directory,
        ),
        hint=t("remove the link, or choose another directory"),
        path=f"{path}",
    )


def _exists(path: Path) -> UsageError:
    return UsageError(
        t("{path} already exists", path=path),
        hint=t("pass --force to replace it"),
        path=f"{path}",
        code="file-exists",
    )


def _set_mode(tmp: Path, mode: int, *, required: bool) -> None:
    """The written file's permission bits. FAT and exFAT (a USB stick) keep none, and Linux
    refuses to change them there: a file others may read is then left as the filesystem makes
    it, while a private one (a draft, the key registry: `required`) is not written at all."""
    try:
        os.chmod(tmp, mode)
    except OSError as exc:
        if exc.errno not in _NO_LINKS or required:
            raise


def put_new(tmp: Path, path: Path, exists: Exception) -> None:
    """Move the written `tmp` to `path`, which must not exist (else `exists` is raised): a
    hard link fails if a file was made there meanwhile. Where a filesystem has no hard links
    (FAT and exFAT on a USB stick, some network shares), the name is taken first with an
    exclusive create, then replaced; should the replacing fail, the empty file that took the
    name is removed (left, it read as a damaged file, and blocked the next run). Once the file
    is in place it is written: a temporary name that cannot be removed then (a failing disk)
    is left behind, hidden, rather than said to have undone the write."""
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise exists from None
    except OSError as exc:
        if exc.errno not in _NO_LINKS:
            raise
        try:
            os.close(open_new(path, 0o600))
        except FileExistsError:
            raise exists from None
        try:
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(path)
            raise
    else:
        with contextlib.suppress(OSError):
            tmp.unlink()


# what link() and chmod() say where the filesystem cannot make a link or keep permissions
# (EPERM: Linux on FAT; ENOTSUP or EOPNOTSUPP: network shares; EINVAL: Windows on FAT;
# ENOSYS; EMLINK where a link count is fixed at one)
_NO_LINKS = frozenset(
    getattr(errno, name)
    for name in ("EPERM", "ENOTSUP", "EOPNOTSUPP", "ENOSYS", "EMLINK", "EACCES", "EINVAL")
    if hasattr(errno, name)
)


def _make(data: Callable[[BinaryIO], object], fh: BinaryIO) -> None:
    """`data(fh)`. An OSError is a failure to write (a full disk, a size limit); a ValueError
    is what it is, not a bad file name (`_Made`)."""
    try:
        data(fh)
    except ValueError as exc:
        raise _Made(exc) from None


def fsync_dir(directory: Path) -> None:
    """The directory's entries flushed to the device, so a file just linked or renamed into
    it survives a power loss under its name. A flush that fails (a failing disk) undoes
    nothing: the file is in place and its data flushed, so it is no error; it is noted for
    `unflushed`, to be said as a warning. A directory that cannot be opened (Windows opens
    none) or whose filesystem offers no such flush is passed over, as nothing can be done."""
    try:
        dfd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dfd)
    except OSError as exc:
        if exc.errno not in _NO_DIRECTORY_FLUSH:
            _unflushed.setdefault(str(directory), os_reason(exc))
    finally:
        os.close(dfd)


# what fsync() says of a directory where the filesystem does not flush one (network shares,
# FUSE), rather than that the flush failed
_NO_DIRECTORY_FLUSH = frozenset(
    getattr(errno, name)
    for name in ("EINVAL", "ENOTSUP", "EOPNOTSUPP", "EBADF", "ENOSYS")
    if hasattr(errno, name)
)
_unflushed: dict[str, str] = {}  # directory -> why its flush failed, since last asked


def unflushed() -> list[tuple[str, str]]:
    """The directories whose flush failed since this was last asked, each once, with the
    reason: what was written in each is in place, but a power cut may lose it."""
    found = list(_unflushed.items())
    _unflushed.clear()
    return found


def make_directory(path: Path, mode: int = 0o700) -> None:
    """`path` made with `mode` (less the umask), and any parents missing as `mkdir -p` makes
    them, each one's entry flushed to the device in the directory above, so a file put in a
    new directory (the first draft, the first key) is not lost with the directory by a power
    cut."""
    if path.is_dir():
        return
    parent = path.parent
    if parent != path:
        make_directory(parent, 0o777)
    try:
        path.mkdir(mode=mode)
    except FileExistsError:
        if not path.is_dir():
            raise InTheWay(path) from None
        return
    fsync_dir(parent)


class InTheWay(InputError):
    """A directory minecheck needs at `path` is a file or a link to nothing: it said "PATH: File
    exists", which names no way out; its hint is "move it away, then run the command again"
    (moving it away keeps it), and `command` moves it. The command is given only for a name of
    printable characters, else None (a leaf quotes it with shlex: the terminal's escapes of any
    other would name another file once pasted). A caller that goes on after it (the walk) says
    what it does in a hint of its own."""

    def __init__(self, path: Path) -> None:
        import shlex

        shown = f"{path}"
        self.command: str | None = None
        if shown.isprintable():
            word = f"./{shown}" if shown.startswith("-") else shown
            self.command = f"mv {shlex.quote(word)} {shlex.quote(word + '.old')}"
            moved = "move it away, then run the command again; to move it:\n  {command}"
            hint = t(moved, command=self.command)
        else:
            hint = t("move it away, then run the command again")
        super().__init__(
            t("{path} is not a directory, and minecheck needs a directory there", path=path),
            hint=hint,
            path=shown,
        )


UPDATE_WAIT = 60.0  # seconds another minecheck's change of the same file is waited for


def no_directory(path: Path) -> UsageError:
    """What to say of a directory needed at `path` that is not there: the file in the way,
    where `path` or a directory above it is a file ("directory f.toml does not exist", and
    `mkdir -p f.toml` as the way out, said of a file that exists); else that it does not
    exist (`NoDirectory`)."""
    probe = path
    while not os.path.lexists(probe) and probe.parent != probe:
        probe = probe.parent
    if os.path.lexists(probe) and not probe.is_dir():
        return UsageError(t("{path} is not a directory", path=probe), path=f"{probe}")
    return NoDirectory(path)


class NoDirectory(UsageError):
    """A directory needed at `folder` that is not there. Its hint, how to make it (`mkdir -p`,
    the folder as `sanitize.shell_word` writes it), is the command's reporter's (`made`), as it
    says it, wherever it is found: a leaf below the sanitizer (`atomic_write`) or a command
    (`-o` into a folder not there, `extract -o`), so every one says it alike."""

    def __init__(self, folder: Path) -> None:
        super().__init__(t("directory {path} does not exist", path=folder), path=f"{folder}")
        self.folder = folder

    def made(self, quoted: str) -> None:
        """The hint: make the folder, named `quoted`, first."""
        self.hint = t("create it first:\n  {command}", command=f"mkdir -p {quoted}")


def _being_changed(path: Path) -> InputError:
    return InputError(
        t("{path} is being changed by another minecheck; try again", path=path), path=f"{path}"
    )


@contextlib.contextmanager
def updating(path: Path, *, wait: float = UPDATE_WAIT) -> Iterator[None]:
    """Hold `path` for a read-modify-write (a line added to allowed_signers, a key recorded in
    the registry): another minecheck changing the same file waits for this one to finish, so
    neither rewrites the file from what it read before the other wrote (two `trust add` at
    once kept one line of two). The lock is a hidden file beside `path`, `.NAME.lock`; it is
    kept (removing it would let a waiter lock a name that a third process then makes anew)
    and no reader of the directory looks at it. Nothing is locked where the directory is
    missing or cannot be written: nothing can be written there either, and the write says so
    (filelock would make a missing directory)."""
    from filelock import FileLock

    directory = path.parent if str(path.parent) else Path(".")
    with contextlib.ExitStack() as held:
        try:
            if directory.is_dir():  # (else the write says the directory is missing)
                name = str(directory / f".{path.name}.lock")
                held.enter_context(FileLock(name, timeout=wait, is_singleton=False))
        except TimeoutError:  # (filelock's Timeout is one)
            raise _being_changed(path) from None
        except OSError:  # a directory that cannot be written: nor can the file, as it says
            pass
        yield


@contextlib.contextmanager
def rewriting(path: Path) -> Iterator[None]:
    """Hold `path` while it is read and written anew under its name (`sign FILE`), as
    `updating` holds a file it changes, but by a lock on the file itself
    (`portable_files.held_in_place`): no lock file is left beside a signed file in an archive."""
    with held_in_place(path, wait=UPDATE_WAIT, busy=lambda: _being_changed(path)):
        yield


def open_named(path: str | os.PathLike[str], *, pipes: bool = True) -> tuple[int, os.stat_result]:
    """Open a file named to be read: its descriptor and what it is (`fstat`), for the caller
    to refuse what it does not read. Every reader of a named file opens it here.

    Nothing blocks on a special file by accident: a device or a socket is opened without
    waiting, and a FIFO where `pipes` is false (one met in a directory, one at minecheck's own
    files) is not opened at all but refused as NotRegular: any open of it, even one that does
    not wait, is a reader, and a writer that came then (`cat doc > f`) wrote into it and left,
    its bytes gone with the refused file (one swapped in after the look is opened without
    waiting, and refused by the caller as before). A FIFO named on purpose
    (`mkfifo f; minecheck verify f`) is opened as `cat` opens it, waiting for its writer:
    opened without waiting, it had no writer yet and its first read said it had ended (read
    as an empty file). The name is looked at first, so that the open that waits is the only
    one: a second open after one that did not wait would miss a writer that came, wrote into
    the first and left. `<(...)` names /dev/fd/N, a pipe this process already holds: opening
    it never waits, even once its writer has ended (it then reads as empty, as with `cat`).
    The open's own errors (OSError; ValueError for a NUL in the name) are the caller's to say.
    """
    for last in (False, True):
        try:
            mode = os.stat(path).st_mode
        except (OSError, ValueError):
            mode = 0  # (the open says why)
        if stat.S_ISFIFO(mode) and not pipes:
            raise NotRegular(path, mode)
        waits = stat.S_ISFIFO(mode)
        try:
            fd = open_waiting(path) if waits else open_to_read(path)
        except OSError as exc:
            raise _as_it_is(path, exc) from None
        try:
            st = os.fstat(fd)
        except BaseException:
            os.close(fd)
            raise
        if waits or last or not (pipes and stat.S_ISFIFO(st.st_mode)):
            break
        os.close(fd)  # a FIFO put at the name since it was looked at: opened again, waiting
    if pipes and stat.S_ISFIFO(st.st_mode):
        os.set_blocking(fd, True)
    return fd, st


class NotRegular(OSError):
    """A file `open_named` did not open for what it is (a socket, or a device with nothing
    behind it: its open is "No such device or address", ENXIO, which names no device the user
    gave); `mode` tells its kind. Its text is the words every reader says of such a file,
    `not a regular file (a socket)`, in the current language; `os_reason` asks for them in the
    language it is told (`said`)."""

    def __init__(self, path: str | os.PathLike[str], mode: int) -> None:
        self.mode = mode
        super().__init__(errno.ENXIO, self.said(language()), os.fspath(path))

    def said(self, lang: str) -> str:
        """Its words in LANG: a reason recorded in English (an evidence file's) is English."""
        return irregular(self.mode, lang)


def irregular(mode: int, lang: str) -> str:
    """The reason every reader gives for a file that is not a regular file, with its kind, in
    LANG: `not a regular file (a socket)`; a reason recorded in English (a batch's, an evidence
    file's) asks for "en"."""
    kind = in_language(special_kind(mode), lang)
    return in_language("not a regular file ({kind})", lang, kind=kind)


def not_regular(path: object, mode: int, what: str | None = None) -> str:
    """What every reader says of a file named that is not a regular file, with its kind:
    `/dev/null: not a regular file (a character device)`; with `what`, the file's role first
    (`key file /dev/null: ...`)."""
    kind = t(special_kind(mode))
    if what is None:
        return t("{path}: not a regular file ({kind})", path=path, kind=kind)
    return t("{what} {path}: not a regular file ({kind})", what=t(what), path=path, kind=kind)


def not_replaced(path: object, mode: int) -> str:
    """What `-o` and `--force` say of a file to be replaced that is not a regular file (a
    directory has words of its own): `/dev/null: not a regular file (a character device); only
    a file can be replaced`."""
    return t("{refused}; only a file can be replaced", refused=not_regular(path, mode))


def _as_it_is(path: str | os.PathLike[str], exc: OSError) -> OSError:
    """An open's error said as what is there: a file that is not a regular file whose open
    names no device the user gave (ENXIO: a socket; a device with nothing behind it, as
    /dev/tty where there is no terminal) is NotRegular. (A loop of links, ELOOP, is said in
    the project's words by `os_reason`, which every caller asks.)"""
    if exc.errno == errno.ENXIO:
        with contextlib.suppress(OSError, ValueError):
            mode = os.stat(path).st_mode
            if not stat.S_ISREG(mode):
                return NotRegular(path, mode)
    return exc


LINK_TO_NOTHING = "a symbolic link that leads to no file (a loop, or its target is gone)"


def link_to_nothing(path: str | os.PathLike[str]) -> str | None:
    """Where `path` is a symbolic link that leads to no file (a loop, or its target gone), what
    to say of it: "no such file" named a file that is there, as a link; None otherwise."""
    if os.path.islink(path) and not os.path.exists(path):
        return t("{path}: {reason}", path=path, reason=t(LINK_TO_NOTHING))
    return None


def not_there(path: str | os.PathLike[str], said: str) -> UnreadableInput:
    """The error for a file named that is not there, SAID (`{path}: no such file`): a link to
    nothing says so (`link_to_nothing`), and `-` where the command reads no standard input
    (`sign -`, `extract -`) says that, with what to do, where it read as a file's name."""
    if f"{path}" == "-":  # (`./-` given is a file named -)
        return UnreadableInput(
            t("-: no such file; standard input is not read here"),
            hint=t("name the file itself (a file named - is ./-)"),
            path="-",
        )
    return UnreadableInput(link_to_nothing(path) or said, hint=as_on_windows(path), path=f"{path}")


def as_on_windows(path: str | os.PathLike[str]) -> str | None:
    """Where a name not there is written as on Windows (with backslashes, or beginning with a
    drive letter), what to say of it; None otherwise (and on Windows)."""
    return _slashed(path) or _on_a_drive(path)


def _slashed(path: str | os.PathLike[str]) -> str | None:
    """Where a name not there is written with backslashes, as on Windows (a list of paths made
    there), and the name with slashes is there: that name; None otherwise (and on Windows)."""
    name = os.fspath(path)
    if os.sep != "/" or "\\" not in name:
        return None
    slashed = name.replace("\\", "/")
    if not os.path.lexists(slashed):
        return None
    return t(
        "it is written with \\ as on Windows; here a path's parts are separated by /: {path}",
        path=slashed,
    )


# where WSL mounts the drives of the Windows it runs on (C: at /mnt/c)
WINDOWS_DRIVES = "/mnt"


def _on_a_drive(path: str | os.PathLike[str]) -> str | None:
    """Where a name not there begins with a drive letter (`C:\\...`, `C:/...`, in quotes as
    Explorer's "Copy as path" writes it; `C:a.toml`, relative to the drive's current folder),
    names a network share (`\\\\server\\share...`), either in Windows' long form
    (`\\\\?\\C:\\...`, `\\\\?\\UNC\\server\\share...`), or a file inside WSL
    (`\\\\wsl.localhost\\Distro\\...`), on a system whose paths begin at /: that it names a
    file on Windows, with the file's path here where that can be told (the drive mounted, as
    WSL mounts it; this system the distribution named); None otherwise (and on Windows)."""
    if os.sep != "/":
        return None
    name = os.fspath(path)
    name = name[1:] if name.startswith('"') else name
    name = name[:-1] if name.endswith('"') else name
    long = re.match(r"\\\\[?.]\\(UNC\\)?", name, re.IGNORECASE)
    if long is not None:  # (the long form names a drive, or a share after UNC; else a device)
        name = name[long.end() :] if long.group(1) is None else "\\\\" + name[long.end() :]
        if long.group(1) is None and not re.match(r"[A-Za-z]:", name):
            return None
    wsl = re.fullmatch(r"\\\\wsl(?:\.localhost|\$)\\([^\\/]+)(.*)", name, re.I | re.S)
    if wsl is not None:
        return _in_wsl(wsl.group(1), wsl.group(2))
    share = re.fullmatch(r"(\\\\[^\\/]+\\[^\\/]+)(?:\\.*)?", name, re.DOTALL)
    if share is not None:
        return t(
            "it names a file on the Windows network share {share}, which is no path here: copy "
            "the files to this system and name them by their paths here",
            share=share.group(1),
        )
    found = re.fullmatch(r"([A-Za-z]):(.*)", name, re.DOTALL)
    if found is None:
        return None
    drive, rest = found.group(1), found.group(2).replace("\\", "/")
    mount = os.path.join(WINDOWS_DRIVES, drive.lower())
    if not rest.startswith("/"):  # (`C:a.toml`: the drive's current folder, not known here)
        if os.path.isdir(mount):
            said = (
                "it is written relative to the current folder of the Windows drive {drive}: (no "
                "\\ after {drive}:), which is mounted here at {mount}: name it by its path there"
            )
        else:
            said = (
                "it is written relative to the current folder of the Windows drive {drive}: (no "
                "\\ after {drive}:), which is no path here: copy the files to this system and "
                "name them by their paths here"
            )
        return t(said, drive=drive.upper(), mount=mount)
    here = os.path.join(mount, _from_root(rest).lstrip("/"))
    if os.path.lexists(here):
        said = (
            "it names a file on the Windows drive {drive}:, which is mounted here at {mount}: "
            "{path}"
        )
    elif os.path.isdir(mount):  # (mounted, and the file not on it: a name mistyped, moved)
        said = (
            "it names a file on the Windows drive {drive}:, which is mounted here at {mount}, but "
            "{path} is not there either"
        )
    else:
        said = (
            "it names a file on the Windows drive {drive}:, which is no path here: copy the files "
            "to this system and name them by their paths here"
        )
    return t(said, drive=drive.upper(), mount=mount, path=here)


def _from_root(rest: str) -> str:
    """REST (a path on Windows, its \\ made /) as a path from a root: `..` stops at the root
    there (a drive's, a WSL distribution's), as it does at /, so it names no file off it."""
    return "/" + os.path.normpath("/" + rest.replace("\\", "/")).lstrip("/")  # (not `//x`)


def _in_wsl(distribution: str, rest: str) -> str:
    """What to say of a file Explorer names inside WSL (`\\\\wsl.localhost\\Ubuntu\\home...`,
    older `\\\\wsl$\\...`): its path is REST in DISTRIBUTION; where this system is that
    distribution (WSL names it in WSL_DISTRO_NAME), the file is said here, there or not."""
    where = _from_root(rest)
    if os.environ.get("WSL_DISTRO_NAME", "").casefold() != distribution.casefold():
        said = (
            "it names a file in the WSL distribution {distribution}, at {path} there: run "
            "minecheck in that distribution and name the file by that path"
        )
    elif os.path.lexists(where):
        said = (
            "it names a file in the WSL distribution {distribution}, which is this system: {path}"
        )
    else:
        said = (
            "it names a file in the WSL distribution {distribution}, which is this system, but "
            "{path} is not there either"
        )
    return t(said, distribution=distribution, path=where)


def read_open(fd: int, st: os.stat_result, limit: int) -> bytes | int:
    """The bytes of a file `open_named` opened; where there are more than `limit`, how many:
    a regular file's size, said before anything is read, or `limit + 1` (a pipe, or a file
    that grew: nothing past the limit is read, so no endless stream is held). Each read asks
    for what `fstat` promised and a little more, not for the limit: `os.read` allocates the
    whole request first."""
    if stat.S_ISREG(st.st_mode) and st.st_size > limit:
        return st.st_size
    chunks: list[bytes] = []
    size = 0
    while size <= limit:
        want = max(st.st_size - size + 1, 1 << 16)
        chunk = os.read(fd, min(limit + 1 - size, want))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return size if size > limit else b"".join(chunks)


def read_limited(path: str | Path, limit: int, what: str, *, pipe_ok: bool = True) -> bytes:
    """Read a whole file, refusing one larger than `limit` bytes, with clear messages.

    A regular file, or a pipe named on purpose (`<(...)`, a FIFO: its writer waited for;
    refused with `pipe_ok=False`, for a file found in a directory rather than named); a
    directory, a device or a socket is refused before anything is read, so nothing here can
    block on a special file by accident. What is not read (what the system would not open or
    read, a directory whether its open failed or not, a special file) is an UnreadableInput;
    a file over the limit, or a name with a NUL in it, an InputError.
    """
    named = t(what)  # "document", "checklist", ...: said in the reader's language
    if what[:1] in "aeiou":
        a_directory = t("{path}: is a directory, not an {what}", path=path, what=named)
    else:
        a_directory = t("{path}: is a directory, not a {what}", path=path, what=named)
    if what == "document":  # (verify, summary and export read a folder; show, merge, sign not)
        in_it = t("name the files in it (FOLDER/*.toml); verify, summary and export take a folder")
    else:
        in_it = t("name the {what} itself, not its folder", what=named)
    try:
        fd, st = open_named(path, pipes=pipe_ok)
    except IsADirectoryError:
        raise UnreadableInput(a_directory, hint=in_it, path=f"{path}") from None
    except NotRegular as exc:
        raise UnreadableInput(not_regular(path, exc.mode), path=f"{path}") from None
    except FileNotFoundError:
        raise not_there(path, t("{path}: no such file", path=path)) from None
    except OSError as exc:  # (a refused permission, a loop of links: ELOOP)
        reason = os_reason(exc)
        said = t("{path}: cannot read: {reason}", path=path, reason=reason)
        raise UnreadableInput(link_to_nothing(path) or said, path=f"{path}") from None
    except ValueError:  # a NUL character in the name
        raise InputError(t("{path}: not a usable file name", path=path), path=f"{path}") from None
    try:
        if stat.S_ISDIR(st.st_mode):  # (opened: the same directory the open may refuse)
            raise UnreadableInput(a_directory, hint=in_it, path=f"{path}")
        if not (stat.S_ISREG(st.st_mode) or (pipe_ok and stat.S_ISFIFO(st.st_mode))):
            # a device: nothing is read; named with its kind, as the walk names it
            raise UnreadableInput(not_regular(path, st.st_mode), path=f"{path}")
        got = read_open(fd, st, limit)
    except IsADirectoryError:
        raise UnreadableInput(a_directory, hint=in_it, path=f"{path}") from None
    except OSError as exc:
        reason = os_reason(exc)
        raise UnreadableInput(
            t("{path}: cannot read: {reason}", path=path, reason=reason), path=f"{path}"
        ) from None
    finally:
        os.close(fd)
    if isinstance(got, bytes):
        return got
    if stat.S_ISREG(st.st_mode) and st.st_size > limit:
        said = "{path}: {what} is {size} bytes, over the limit of {limit} bytes"
        raise InputError(t(said, path=path, what=named, size=got, limit=limit), path=f"{path}")
    said = "{path}: {what} is over the limit of {limit} bytes"
    raise InputError(t(said, path=path, what=named, limit=limit), path=f"{path}")


CLOSED_MARK = "minecheck_closed"  # on the stream made for a standard input the caller closed


def standard_input_bytes(most: int, *, one_file: bool = False) -> bytes:
    """At most `most` bytes of standard input, read as a file named `-` is read: one that cannot
    be read is said so (`<stdin>: cannot read: ...`), whether it is open the wrong way (`0>FILE`,
    EBADF) or closed by the caller (`<&-`: made again on /dev/null, so that it keeps its number,
    and said to be closed, with what to give it, not taken as empty). `one_file`: `-` stands
    for one file (`--answers -`, `--events -`, `--from -`), not a list of them."""
    import sys

    if getattr(
        sys.stdin, CLOSED_MARK, False
    ):  # (EBADF named what the caller did in the OS's words)
        raise InputError(
            t(
                "{path}: cannot read: {reason}",
                path="<stdin>",
                reason=t("standard input is closed"),
            ),
            hint=t(
                "give it a file or a pipe (< FILE), or name the file instead of -"
                if one_file
                else "give it a file or a pipe (< FILE), or name the files instead of -"
            ),
            path="<stdin>",
        )
    stream = getattr(sys.stdin, "buffer", None)
    try:
        if stream is not None:
            return bytes(stream.read(most))
        return os.fsencode(sys.stdin.read(most))  # (a text stream with no bytes under it)
    except OSError as exc:  # (standard input a directory, say)
        reason = os_reason(exc)
        raise InputError(
            t("{path}: cannot read: {reason}", path="<stdin>", reason=reason), path="<stdin>"
        ) from None


def read_standard_input(limit: int, what: str, *, one_file: bool = False) -> bytes:
    """Standard input whole (`--answers -`, a list of paths after `-`), refused past `limit`
    bytes: nothing past the limit is read, so `< /dev/zero` ends with the message instead of
    filling the memory, and nothing over it is cut short and taken as whole."""
    data = standard_input_bytes(limit + 1, one_file=one_file)
    if len(data) > limit:
        said = "{path}: {what} is over the limit of {limit} bytes"
        raise InputError(t(said, path="<stdin>", what=t(what), limit=limit), path="<stdin>")
    return data


def special_kind(mode: int) -> str:
    """What a file that is not a regular file is, in words."""
    for test, name in (
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
    ):
        if test(mode):
            return name
    return "a special file"
