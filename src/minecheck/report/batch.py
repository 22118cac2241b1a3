"""Map a per-file function over many files, on every core: the engine of the batch commands.

`map_files(func, paths)` reads each file in a worker process and yields, in input order, one
`FileResult` per path: the function's value, or why the file could not be read. The function
takes `(data, path)` and must be picklable (a module-level function, or a `functools.partial`
of one over picklable arguments) and so must its result; it is sent to each worker once, when
the worker starts, not with every file.

Paths go to the pool in chunks, so the cost of a task (a pickle each way, a wake-up) is paid
once per chunk rather than once per file, and only a few chunks per worker are in flight at a
time, so memory stays flat however many files there are and however slowly results are used.
Small inputs, a single core, a platform where a process pool cannot be made, or a host where
its workers cannot be started (a limit on a user's processes or open files) run in this
process instead, with the same results. Workers ignore SIGINT: a Ctrl-C reaches only this
process, which ends the pool and lets the interrupt go on. A worker that dies (killed, out of
memory) ends the run with an error (`WorkerLost`) instead of leaving it waiting for ever for the
chunk it held: the pool is `concurrent.futures`' process pool, which notices. `map_items(func,
items)` is the same engine over any picklable items (map_files is it over paths, each file read
in the worker).
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import time
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

from minecheck.errors import MinecheckError
from minecheck.fileio import irregular, open_named, read_open
from minecheck.os_words import os_reason
from minecheck.portable import stop_lost

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

T = TypeVar("T")
U = TypeVar("U")

MIN_PARALLEL = 50  # below this many files a pool costs more than it saves
MAX_CHUNK = 32
IN_FLIGHT = 3  # chunks queued or running per worker


class WorkerLost(MinecheckError):
    """A worker process of the pool ended before its work was done (exit 2)."""

    code = "worker-lost"


@dataclass(frozen=True)
class FileResult(Generic[T]):
    """One file's outcome: `value` when it was read, else `unreadable` or `too_large` says why."""

    path: str
    value: T | None = None
    unreadable: str | None = None  # the reason, e.g. "Permission denied"
    too_large: int | None = None  # its size in bytes, over the limit given
    digest: bytes | None = None  # with the result cache: the content's key the value is for
    aside: object = None  # with the result cache: what the worker worked out beside the value


# Pipes named on the command line (`summary <(...)`), read once before any worker starts: a pipe
# gives its bytes only once, and a run reads a file more than once (hashed for the cache, read by
# a worker, by a second pass, by the memo). Every reader of this run takes them from here.
_streams: dict[str, bytes | int | str] = {}


def read_streams(names: Iterable[str], limit: int) -> None:
    """Read each of `names` (named on the command line) that is a pipe, once, for this run:
    `read_file` gives its bytes from then on. What the last run read is forgotten."""
    _streams.clear()
    for name in names:
        try:
            is_pipe = stat.S_ISFIFO(os.stat(name).st_mode)
        except (OSError, ValueError):
            continue  # (said by the reader, as for any file)
        if is_pipe:
            _streams[name] = _read(name, limit, pipe=True)


NOT_REGULAR = "not a regular file"  # the words that begin why such a file is not read


def read_file(path: str, limit: int) -> bytes | int | str:
    """The file's bytes; its size when over `limit`; or why it cannot be read (never blocks;
    a pipe named on the command line was read before, by `read_streams`)."""
    given = _streams.get(path)
    if given is not None:
        return len(given) if isinstance(given, bytes) and len(given) > limit else given
    return _read(path, limit)


def _read(path: str, limit: int, *, pipe: bool = False) -> bytes | int | str:
    """`read_file`; with `pipe`, a pipe is read too (waiting for its writer to come and end);
    without, a FIFO is not opened (`open_named`)."""
    try:
        fd, st = open_named(path, pipes=pipe)
    except OSError as exc:  # (NotRegular too: a socket, a device with nothing behind it)
        return os_reason(exc, "en")
    except ValueError:  # a NUL character in the name
        return "not a usable file name"
    try:
        if not (stat.S_ISREG(st.st_mode) or (pipe and stat.S_ISFIFO(st.st_mode))):
            # a device, a directory (one put in its place after the walk listed it): named
            # with its kind, as the walk names it
            return irregular(st.st_mode, "en")
        return read_open(fd, st, limit)
    except OSError as exc:
        return os_reason(exc, "en")
    finally:
        os.close(fd)


def _apply(func: Callable[[bytes, str], T], path: str, limit: int) -> FileResult[T]:
    got = read_file(path, limit)
    if isinstance(got, bytes):
        return FileResult(path, func(got, path))
    if isinstance(got, int):
        return FileResult(path, too_large=got)
    return FileResult(path, unreadable=got)


@dataclass(frozen=True)
class _OnFile(Generic[T]):
    """`func` applied to a file by its path (picklable when `func` is)."""

    func: Callable[[bytes, str], T]
    limit: int

    def __call__(self, path: str) -> FileResult[T]:
        return _apply(self.func, path, self.limit)


# The function a worker applies to each item, installed once by `_init_worker`.
_worker_func: Callable[[object], object] | None = None


def _stop_signals() -> tuple[int, ...]:
    import signal

    return tuple(getattr(signal, n) for n in ("SIGINT", "SIGHUP", "SIGTERM") if hasattr(signal, n))


_STOPS = _stop_signals()  # what a worker ignores (a stop reaches the whole group)


@contextlib.contextmanager
def _stops_blocked() -> Iterator[None]:
    """SIGINT, SIGHUP and SIGTERM blocked in this thread while the pool may start a worker (at
    a task handed to it: all at once with fork, as needed with spawn): a worker begins with
    this thread's signal mask, across spawn's exec too, and so keeps a stop pending till
    `_init_worker` has set it ignored. One that comes to the run meanwhile is delivered as the
    block ends, to the run's own handler, as it would have been. (No such mask on Windows.)"""
    import signal

    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


PARENT_POLL_S = 0.5  # how often a worker looks whether the run that started it is still there


def _init_worker(
    func: Callable[[object], object], streams: dict[str, bytes | int | str], parent: int
) -> None:
    import signal

    global _worker_func
    if streams is not _streams:  # (a spawned worker; a forked one has them already)
        _streams.clear()
        _streams.update(streams)
    # Ctrl-C, a hang-up and a timer's SIGTERM reach the whole process group (`timeout` sends
    # its signal to the group, systemd to every process of the service): the parent ends the
    # run, and each worker finishes the chunk in its hands (stopped while sending a result, it
    # left the pool's thread waiting for the rest: the run hung at exit, or lost 10 s to
    # `_end`'s wait). A worker whose run is gone ends itself (`_watch_parent`).
    for signum in _STOPS:
        signal.signal(signum, signal.SIG_IGN)
    # (the signals first, blocked till here since the fork or spawn (`_stops_blocked`): a stop
    # that came meanwhile met the run's handler, inherited by fork, or spawn's default, and
    # ended the worker in its set-up; now ignored, such a stop is dropped as it is let through)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOPS)
    _watch_parent(parent)
    _worker_func = func


def _watch_parent(parent: int) -> None:
    """End this worker once the run that started it (`parent`) is gone. A run killed outright
    (SIGKILL: `timeout -s KILL`, the OOM killer) tells no one: its workers, adopted by another
    process, waited for work for ever, each with its copy of the run's memory. A thread looks
    at the parent's id twice a second (POSIX gives an orphan a new parent; prctl's
    PR_SET_PDEATHSIG would fire when the thread that forked a worker ends, not the run)."""
    import threading

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_POLL_S)
        os._exit(1)

    threading.Thread(target=watch, name="minecheck-parent", daemon=True).start()


def _work_chunk(items: Sequence[object]) -> list[object]:
    func = _worker_func
    assert func is not None
    return [func(item) for item in items]


def cpu_count() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def chunk_size(files: int, workers: int) -> int:
    """About four chunks per worker, so a slow chunk does not leave the others idle at the end."""
    return max(1, min(MAX_CHUNK, -(-files // (workers * 4))))


def map_files(
    func: Callable[[bytes, str], T],
    paths: Sequence[str | Path],
    *,
    limit: int,
    workers: int | None = None,
    min_parallel: int = MIN_PARALLEL,
) -> Generator[FileResult[T], None, None]:
    """Apply `func(data, path)` to every file; yield one FileResult per path, in input order.

    `limit` is the largest file read, in bytes. `workers` defaults to the usable cores.
    """
    names = [str(p) for p in paths]
    return map_items(
        _OnFile(func, limit), names, count=len(names), workers=workers, min_parallel=min_parallel
    )


def map_items(
    func: Callable[[U], T],
    items: Iterable[U],
    *,
    count: int,
    workers: int | None = None,
    min_parallel: int = MIN_PARALLEL,
) -> Generator[T, None, None]:
    """`func(item)` for each of the `count` items, on every core; the values in input order.

    `func`, the items and the values must be picklable. `workers` defaults to the usable cores.
    The items are taken as the workers need them (a few chunks ahead), never all at once.
    """
    workers = cpu_count() if workers is None else max(1, workers)
    workers = min(workers, count)
    if workers < 2 or count < min_parallel:
        yield from _here(func, items)
        return
    pool = _make_pool(workers, cast("Callable[[object], object]", func))
    if pool is None or not _started_or_ended(pool):
        yield from _here(func, items)
        return
    size = chunk_size(count, workers)
    source = iter(items)
    chunks = iter(lambda: list(islice(source, size)), [])
    pending: deque[Future[list[object]]] = deque()
    finished = False
    processes = _workers(pool)  # (a stop while the first chunks are handed out ends these)
    try:
        # A few chunks per worker in flight, no more: a slow consumer holds back the workers
        # instead of letting results pile up in memory.
        for chunk in islice(chunks, workers * IN_FLIGHT):
            pending.append(_submit(pool, chunk))
        # the workers, started by the first task (all at once, with fork): to stop them if the
        # run ends early, whatever the pool has made of its own list by then
        processes.update(_workers(pool))
        while pending:
            stop_lost()  # (a Ctrl-C lost in one of the pool's callbacks ends the run here)
            done = _result(pending.popleft())
            for chunk in islice(chunks, 1):
                pending.append(_submit(pool, chunk))
            yield from cast("list[T]", done)  # the workers ran `func`, giving T
        finished = True
    finally:
        _end(pool, finished, processes)


def _here(func: Callable[[U], T], items: Iterable[U]) -> Generator[T, None, None]:
    """`func` of each item in this process; a Ctrl-C lost where Python could not raise it (a
    weak reference's callback, a finalizer: `portable.stop_raised`) ends the run at the next
    item, as it ends a question (the run went on to its end, as if no Ctrl-C had come)."""
    for item in items:
        stop_lost()
        yield func(item)


def _workers(pool: ProcessPoolExecutor) -> dict[int, Any]:
    return dict(getattr(pool, "_processes", None) or {})


def _started_or_ended(pool: ProcessPoolExecutor) -> bool:
    """`_started`; a stop (Ctrl-C, a timer's SIGTERM) that comes meanwhile ends the workers as
    any stop does (the pool, never shut down, left them waiting for work, and the run waited
    for them as it left: it hung)."""
    try:
        return _started(pool)
    except BaseException:
        _end(pool, False, _workers(pool))
        raise


def _started(pool: ProcessPoolExecutor) -> bool:
    """Whether the pool could start its workers (with fork, all of them at its first task).
    Where a host allows a user only so many processes (`ulimit -u`, a cgroup's pids.max) or
    open files, starting one fails; those already started are then ended, the pool is let go,
    and the work is done in this process (a worker left waiting for work kept the interpreter
    from ever leaving)."""
    from concurrent.futures.process import BrokenProcessPool

    try:
        with _stops_blocked():
            started = pool.submit(_work_chunk, [])  # an empty chunk
        started.result()
    except (OSError, BrokenProcessPool):
        processes = list(_workers(pool).values())
        with contextlib.suppress(Exception):
            pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:  # (holding no work; a SIGTERM handler of the command's
            with contextlib.suppress(Exception):  # own, inherited by fork, would outlive it)
                process.kill()
        for process in processes:
            with contextlib.suppress(Exception):
                process.join()
        return False
    return True


def _submit(pool: ProcessPoolExecutor, chunk: Sequence[object]) -> Future[list[object]]:
    """The chunk handed to the pool; a pool that knows a worker died refuses it at once."""
    from concurrent.futures.process import BrokenProcessPool

    try:
        with _stops_blocked():  # (spawn starts a worker at a task where none is idle)
            return pool.submit(_work_chunk, chunk)
    except BrokenProcessPool:
        raise _lost() from None


def _result(future: Future[list[object]]) -> list[object]:
    from concurrent.futures.process import BrokenProcessPool

    try:
        return future.result()
    except BrokenProcessPool:
        raise _lost() from None


def _lost() -> WorkerLost:
    return WorkerLost(
        "a worker process stopped before its work was done (killed, or out of memory?); "
        "the run is incomplete",
        hint="run it again; with little memory, on fewer files at a time",
    )


# Set when a run ended early and the pool's own thread could not be seen to end: the process
# then leaves with os._exit (see __main__), as the interpreter would wait for that thread.
abandoned = False

STOP_WAIT_S = 10  # how long a stopped run waits for each worker to finish the chunk in its hands


def _end(pool: ProcessPoolExecutor, finished: bool, processes: dict[int, Any]) -> None:
    """Done: the workers are let go. Interrupted, stopped early or broken: what is queued is
    dropped and each worker ends after the chunk in its hands (a worker stopped while it sends
    a result leaves the pool's thread waiting for the rest for ever: CPython's pool cannot
    recover from that, so it is neither done here nor waited for)."""
    global abandoned
    if finished:
        pool.shutdown(wait=True)
        return
    thread = getattr(pool, "_executor_manager_thread", None)  # (shutdown forgets it)
    pool.shutdown(wait=False, cancel_futures=True)
    deadline = time.monotonic() + STOP_WAIT_S
    for process in processes.values():
        process.join(max(0.0, deadline - time.monotonic()))
    for process in processes.values():
        if process.exitcode is None and process.is_alive():  # a chunk that will not end
            process.kill()  # (a worker ignores SIGTERM, which a timer sends the whole group)
    import threading

    # (a generator left unfinished is closed wherever it is collected: on that thread, maybe)
    if thread is not None and thread is not threading.current_thread():
        thread.join(max(0.5, deadline - time.monotonic()))
        abandoned = abandoned or thread.is_alive()


def start_method() -> str | None:
    """fork on Linux: a worker starts in milliseconds and shares what is already imported.
    Elsewhere the platform's default (spawn on macOS and Windows) re-imports the function's
    module in each worker, so what a task carries must pickle (tests/test_batch.py runs the
    batch commands both ways)."""
    import multiprocessing

    fork = sys.platform == "linux" and "fork" in multiprocessing.get_all_start_methods()
    return "fork" if fork else None


def _make_pool(workers: int, func: Callable[[object], object]) -> ProcessPoolExecutor | None:
    """A process pool, or None where this platform cannot make one (no semaphores, no fork)."""
    try:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        context = multiprocessing.get_context(start_method())
        return ProcessPoolExecutor(
            workers,
            mp_context=context,
            initializer=_init_worker,
            initargs=(func, _streams, os.getpid()),
        )
    except (ImportError, OSError, ValueError, NotImplementedError):
        return None
