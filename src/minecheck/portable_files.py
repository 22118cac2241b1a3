"""The file calls that differ between operating systems, each with a portable path.

Nothing else in the package imports `fcntl`: a file is opened for its exact bytes here (binary,
never blocking on a FIFO unless asked to wait, never inherited), created only where none is,
given its mode, and held while it is read and written anew. The terminal, signals and keys are
portable.py's.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator


def _flags(*names: str) -> int:
    """The `os.O_*` flags of these names this platform has (read at each call)."""
    flags = 0
    for name in names:
        flags |= getattr(os, name, 0)
    return flags


def open_to_read(path: str | os.PathLike[str]) -> int:
    """`os.open` for a file's exact bytes on every platform: binary (Windows' default text
    mode turns CRLF into LF and stops at Ctrl-Z, so a signature would be checked over other
    bytes), never blocking on a FIFO, never taking a terminal as the controlling one, not
    inherited by child processes."""
    flags = _flags("O_BINARY", "O_NONBLOCK", "O_NOCTTY", "O_CLOEXEC")
    return os.open(path, os.O_RDONLY | flags)


def open_waiting(path: str | os.PathLike[str]) -> int:
    """`open_to_read`, but waiting as `cat` waits: a FIFO's open returns once a writer has
    opened it (an open that does not wait finds no writer yet, and its first read says the
    pipe has ended)."""
    flags = _flags("O_BINARY", "O_NOCTTY", "O_CLOEXEC")
    return os.open(path, os.O_RDONLY | flags)


@contextlib.contextmanager
def held_in_place(
    path: str | os.PathLike[str], *, wait: float, busy: Callable[[], BaseException]
) -> Iterator[None]:
    """Hold the file at `path` while it is read and then written anew under its name (`sign
    FILE`): another minecheck doing the same waits, then reads what this one wrote, instead of
    both reading the old file and the last writer's replacing the first's. The lock (flock) is
    on the file itself, so nothing is left beside it; once held, the name must still name that
    file (a rewrite puts another in its place), else the new one is locked instead. Waited for
    at most `wait` seconds, then `busy()` is raised. Nothing is held where the file cannot be
    opened or locked (the read then says why), nor where there is no flock (Windows)."""
    try:
        import fcntl
    except ImportError:
        yield
        return
    import time

    deadline = time.monotonic() + wait
    fd: int | None = None
    while fd is None:
        try:
            fd = open_to_read(path)
        except OSError:
            break
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise busy() from None
                    time.sleep(0.05)
            held, named = os.fstat(fd), os.stat(path)
            if (held.st_dev, held.st_ino) == (named.st_dev, named.st_ino):
                break
        except OSError:  # (removed meanwhile, or a file that takes no lock): held no more
            os.close(fd)
            fd = None
            break
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)  # replaced while this one waited: the new file is locked instead
        fd = None
    try:
        yield
    finally:
        if fd is not None:
            os.close(fd)


def open_new(path: str | os.PathLike[str], mode: int) -> int:
    """`os.open` of a file that must not exist yet, for writing bytes as they are."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _flags("O_BINARY", "O_CLOEXEC")
    return os.open(path, flags, mode)


def set_mode(fd: int, path: str | os.PathLike[str], mode: int) -> None:
    """The file's permission bits (`os.fchmod` where there is one; Windows keeps only the
    read-only bit)."""
    if hasattr(os, "fchmod"):
        os.fchmod(fd, mode)
    else:
        os.chmod(path, mode)


def owned_by_me(uid: int) -> bool:
    """Whether a file's owner is this process's user (always, where there are no user ids)."""
    return not hasattr(os, "getuid") or uid == os.getuid()
