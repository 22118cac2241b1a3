"""A disk that fails: the n-th call that changes it (a write, a flush to the device, a rename, a
link, a new file) raises an OSError, and every file is compared before and after."""

from __future__ import annotations

import builtins
import errno
import io
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

FULL = (errno.ENOSPC, "No space left on device")
FAILING = (errno.EIO, "Input/output error")

_WRITING = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC


class DiskFaults:
    """Counts the calls that change the disk from `install()` on; the `fail_at`-th (counted
    from 1) raises `OSError(*error)`, and so does every later one when `stays` (a disk that is
    full stays full). `fail_at=None` counts only. `kinds` are the calls made, in order."""

    def __init__(
        self,
        fail_at: int | None = None,
        error: tuple[int, str] = FULL,
        *,
        stays: bool = False,
        no_links: bool = False,
    ) -> None:
        self.fail_at = fail_at
        self.error = error
        self.stays = stays
        self.no_links = no_links  # a filesystem without hard links (FAT, exFAT: a USB stick)
        self.kinds: list[str] = []

    def _tick(self, kind: str, where: object = None) -> None:
        self.kinds.append(kind)
        n = len(self.kinds)
        if self.fail_at is not None and (n == self.fail_at or (self.stays and n > self.fail_at)):
            raise OSError(self.error[0], self.error[1], None if where is None else str(where))

    @property
    def count(self) -> int:
        return len(self.kinds)

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        real_open, real_fdopen, real_io_open = os.open, os.fdopen, io.open

        def os_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
            if flags & _WRITING:
                self._tick("open", path)
            return real_open(path, flags, *args, **kwargs)

        def fdopen(fd: int, *args: Any, **kwargs: Any) -> Any:
            return _Failing(self, real_fdopen(fd, *args, **kwargs))

        def io_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
            got = real_io_open(file, mode, *args, **kwargs)
            if any(c in mode for c in "wax+") and not isinstance(file, int):
                return _Failing(self, got)
            return got

        def simple(name: str) -> Callable[..., Any]:
            real = getattr(os, name)

            def failing(*args: Any, **kwargs: Any) -> Any:
                if name == "link" and self.no_links:
                    raise OSError(errno.EPERM, "Operation not permitted", str(args[1]))
                self._tick(name, args[1] if name in ("replace", "link", "rename") else None)
                return real(*args, **kwargs)

            return failing

        monkeypatch.setattr(os, "open", os_open)
        monkeypatch.setattr(os, "fdopen", fdopen)
        monkeypatch.setattr(io, "open", io_open)
        monkeypatch.setattr(builtins, "open", io_open)
        for name in ("fsync", "replace", "rename", "link", "unlink", "mkdir", "chmod", "fchmod"):
            monkeypatch.setattr(os, name, simple(name))


class _Failing:
    """A file object whose writes and flushes count as calls that change the disk."""

    def __init__(self, faults: DiskFaults, inner: Any) -> None:
        self._faults = faults
        self._inner = inner

    def write(self, data: Any) -> Any:
        self._faults._tick("write")
        return self._inner.write(data)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        if not self._inner.closed:
            self._faults._tick("flush")
        self._inner.flush()

    def __enter__(self) -> _Failing:
        return self

    def __exit__(self, *exc: object) -> None:
        self._inner.close()

    def __iter__(self) -> Iterator[Any]:
        return iter(self._inner)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


def snapshot(*roots: Path) -> dict[Path, bytes]:
    """Every regular file below `roots`, with its bytes (locks left out: they hold nothing)."""
    files: dict[Path, bytes] = {}
    for root in roots:
        for directory, _, names in os.walk(root):
            for name in names:
                path = Path(directory, name)
                if name.endswith(".lock") or not path.is_file() or path.is_symlink():
                    continue
                files[path] = path.read_bytes()
    return files
