"""The batch engine: a process pool over files, results in input order, same as in-process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from concurrent.futures import Future
from pathlib import Path

import pytest
from benchmarks.corpus import generate

from minecheck.report import batch
from minecheck.report.batch import FileResult, chunk_size, map_files

EXE = Path(sys.executable).parent / "minecheck"


def size_and_pid(data: bytes, path: str) -> tuple[int, str, int]:
    return len(data), Path(path).name, os.getpid()


def _files(tmp_path: Path, n: int) -> list[Path]:
    paths = []
    for i in range(n):
        p = tmp_path / f"{i:03d}.toml"
        p.write_bytes(b"x" * i)
        paths.append(p)
    return paths


def _plain(results: list[FileResult[tuple[int, str, int]]]) -> list[object]:
    return [(r.path, r.value[:2] if r.value else None, r.unreadable, r.too_large) for r in results]


def test_the_pool_gives_what_one_process_gives_in_input_order(tmp_path: Path) -> None:
    paths = _files(tmp_path, 120)
    paths.insert(7, tmp_path / "missing.toml")
    fifo = tmp_path / "fifo.toml"
    os.mkfifo(fifo)
    paths.insert(60, fifo)  # would block an open() forever
    pooled = list(map_files(size_and_pid, paths, limit=100, workers=2))
    alone = list(map_files(size_and_pid, paths, limit=100, workers=1))
    assert _plain(pooled) == _plain(alone)
    assert [r.path for r in pooled] == [str(p) for p in paths]
    assert pooled[7].unreadable == "No such file or directory"
    assert pooled[60].unreadable == "not a regular file (a FIFO)"
    assert pooled[-1].too_large == 119  # over the limit of 100 bytes
    assert pooled[-1].value is None
    assert pooled[0].value == (0, "000.toml", pooled[0].value[2] if pooled[0].value else 0)
    worker_pids = {r.value[2] for r in pooled if r.value}
    assert os.getpid() not in worker_pids  # the files were read and handled in workers
    assert {r.value[2] for r in alone if r.value} == {os.getpid()}


def test_small_inputs_stay_in_this_process(tmp_path: Path) -> None:
    results = list(map_files(size_and_pid, _files(tmp_path, 10), limit=100, workers=2))
    assert {r.value[2] for r in results if r.value} == {os.getpid()}


def test_without_a_pool_the_work_is_done_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(batch, "_make_pool", lambda *a: None)
    results = list(map_files(size_and_pid, _files(tmp_path, 80), limit=100, workers=2))
    assert [r.value[0] for r in results if r.value] == list(range(80))
    assert {r.value[2] for r in results if r.value} == {os.getpid()}


def test_chunks_are_small_enough_to_share_the_work_and_large_enough_to_pay() -> None:
    assert chunk_size(2000, 2) == 32
    assert chunk_size(100, 2) == 13
    assert chunk_size(3, 8) == 1


INTERRUPTED = textwrap.dedent(
    """
    import multiprocessing, sys, time
    from pathlib import Path
    from minecheck.report.batch import map_files

    def slow(data, path):
        time.sleep(0.05)
        return path

    if __name__ == "__main__":
        paths = sorted(Path(sys.argv[1]).iterdir())
        try:
            for i, r in enumerate(map_files(slow, paths, limit=1000, workers=2)):
                if i == 0:
                    print("started", flush=True)
        except KeyboardInterrupt:
            print("interrupted", multiprocessing.active_children(), flush=True)
            sys.exit(130)
        print("finished", flush=True)
    """
)


@pytest.mark.usefixtures("ctrl_c_reaches")  # (also where the tests run in the background)
def test_ctrl_c_ends_the_pool_cleanly(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    _files(docs, 400)
    proc = subprocess.Popen(
        [sys.executable, "-c", INTERRUPTED, str(docs)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline() == "started\n"
    time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGINT)  # as a terminal's Ctrl-C: the whole process group
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, (out, err)
    assert out == "interrupted []\n"  # no worker left behind
    assert err == ""  # and none printed a traceback


# A stop (SIGTERM, to this process alone) that lands as the pool's workers have started, before
# the first chunk is handed out.
STOPPED_AS_WORKERS_START = textwrap.dedent(
    """
    import multiprocessing, os, sys
    from minecheck.report import batch

    real = batch._started

    def started(pool):
        real(pool)
        raise KeyboardInterrupt

    batch._started = started
    if __name__ == "__main__":
        try:
            for _ in batch.map_items(abs, range(5000), count=5000, workers=2):
                pass
        except KeyboardInterrupt:
            print("interrupted", multiprocessing.active_children(), flush=True)
            os._exit(130)  # (as __main__ leaves a run whose pool's thread was abandoned)
        print("finished", flush=True)
    """
)


def test_a_stop_as_the_workers_start_leaves_none_waiting() -> None:
    """The nightly export stopped by a timer's SIGTERM as its workers started hung (found by a
    fresh-clone run of the suite, under load): the pool was never shut down, its workers waited
    for work, and the interpreter waited for them at exit."""
    proc = subprocess.run(
        [sys.executable, "-c", STOPPED_AS_WORKERS_START],
        capture_output=True,
        text=True,
        timeout=60,  # a hang guard, not a timing assertion
        check=False,
    )
    assert (proc.returncode, proc.stdout, proc.stderr) == (130, "interrupted []\n", "")


KILLED = textwrap.dedent(
    """
    import multiprocessing, os, signal, sys
    from pathlib import Path
    from minecheck.report.batch import WorkerLost, map_files

    def dies_on_the_tenth(data, path):
        if path.endswith("010.toml"):  # as the kernel's OOM killer would end a worker
            os.kill(os.getpid(), signal.SIGKILL)
        return len(data)

    if __name__ == "__main__":
        paths = sorted(Path(sys.argv[1]).iterdir())
        try:
            for r in map_files(dies_on_the_tenth, paths, limit=1000, workers=2):
                pass
        except WorkerLost as exc:
            print("lost:", exc.message, multiprocessing.active_children(), flush=True)
            sys.exit(2)
        print("finished", flush=True)
    """
)


def test_a_worker_that_dies_ends_the_run_with_an_error(tmp_path: Path) -> None:
    """It waited for ever for the chunk the dead worker held (a cron job that never ends)."""
    docs = tmp_path / "docs"
    docs.mkdir()
    _files(docs, 200)
    run = subprocess.run(
        [sys.executable, "-c", KILLED, str(docs)],
        capture_output=True,
        text=True,
        timeout=120,  # a hang guard, not a timing assertion
        check=False,
    )
    assert run.returncode == 2, (run.stdout, run.stderr)
    assert run.stdout == (
        "lost: a worker process stopped before its work was done (killed, or out of memory?); "
        "the run is incomplete []\n"
    )


class _PoolBrokenAfterOne:
    """A pool whose worker died after its first chunk was handed out: the pool refuses every
    later chunk at once (`submit` raises), before any result is asked for."""

    def __init__(self) -> None:
        self.handed = 0

    def submit(self, fn: object, chunk: list[object]) -> Future[list[object]]:
        from concurrent.futures.process import BrokenProcessPool

        self.handed += 1
        if self.handed > 1:
            raise BrokenProcessPool("A child process terminated abruptly")
        done: Future[list[object]] = Future()
        done.set_result(list(chunk))
        return done

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        pass


def test_a_worker_dead_before_its_chunk_is_handed_out_ends_the_run_with_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pool may learn a worker died while the next chunk is handed out (a loaded machine):
    it is the same WorkerLost, not a traceback of BrokenProcessPool."""
    monkeypatch.setattr(batch, "_make_pool", lambda *a: _PoolBrokenAfterOne())
    with pytest.raises(batch.WorkerLost):
        list(batch.map_items(str, range(100), count=100, workers=2, min_parallel=1))


def test_verify_dir_in_parallel_reports_every_file_in_order(tmp_path: Path) -> None:
    totals = generate(tmp_path / "c", 64, 5, seed=7, merged=0)
    docs = tmp_path / "c" / "docs"
    tampered = docs / "findings" / "000031.toml"
    tampered.write_bytes(tampered.read_bytes().replace(b'result = "compliant"', b'result = "x"', 1))
    env = {**os.environ, "MINECHECK_HOME": str(tmp_path / "home")}
    result = subprocess.run(
        [
            str(EXE),
            "verify",
            "--allowed-signers",
            str(tmp_path / "c" / "allowed_signers"),
            str(docs),
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    lines = result.stdout.splitlines()
    expected = sorted(docs.rglob("*.toml"))
    assert len(expected) == totals["files"] > 64
    assert [line.split(": ", 1)[0] for line in lines] == [str(p) for p in expected]
    bad = [line for line in lines if ": trusted: " not in line]
    assert len(bad) == 1
    assert bad[0].startswith(f"{tampered}: bad-signature: ")
    assert result.stderr.endswith(
        f"{totals['files']} documents: 1 bad-signature, {totals['files'] - 1} trusted\n"
    )
    assert result.returncode == 1


def logged(data: bytes, path: str) -> int:
    with open(Path(path).parent.parent / "log", "a") as log:
        log.write(path + "\n")
    return len(data)


def test_a_slow_consumer_holds_the_workers_back(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    paths = _files(docs, 400)
    results = map_files(logged, paths, limit=1000, workers=2)
    first = next(results)
    assert first.value == 0
    time.sleep(1.5)  # the workers would finish all 400 by now if nothing held them back
    done = (tmp_path / "log").read_text().count("\n")
    size = chunk_size(400, 2)
    assert done <= size * (2 * batch.IN_FLIGHT + 1) < 400
    assert [r.value for r in results] == list(range(1, 400))
    assert (tmp_path / "log").read_text().count("\n") == 400


def test_read_file_reads_whole_files_up_to_the_limit(tmp_path: Path) -> None:
    big = tmp_path / "big.toml"
    big.write_bytes(bytes(range(256)) * 1000)
    assert batch.read_file(str(big), 256_000) == bytes(range(256)) * 1000
    assert batch.read_file(str(big), 255_999) == 256_000
    assert batch.read_file(str(tmp_path), 10) == "not a regular file (a directory)"


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_terminated_export_leaves_nothing_behind(tmp_path: Path, signum: int) -> None:
    """`timeout`, systemd or a dropped SSH session end a run as Ctrl-C does: exit 130, no
    temporary file beside the output or in TMPDIR, no worker left, no traceback."""
    corpus = tmp_path / "c"
    generate(corpus, 300, 40, seed=3, merged=0)
    out = tmp_path / "out"
    out.mkdir()
    (out / "rows.csv").write_text("kept\n")
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp), "MINECHECK_HOME": str(tmp_path / "home")}
    env["PYTHONFAULTHANDLER"] = "1"  # (where a run that does not end was: SIGABRT below)
    proc = subprocess.Popen(
        [
            *(str(EXE), "export", str(corpus / "docs"), "--format", "csv", "--no-cache"),
            *("--allowed-signers", str(corpus / "allowed_signers"), "--force"),
            *("-o", str(out / "rows.csv")),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    deadline = time.monotonic() + 30  # a hang guard, not a timing assertion
    while not any(temp.iterdir()) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)  # until it is under way: its temporary database made
    time.sleep(0.2)  # (and past the moment of its making, when no one could yet remove it)
    proc.send_signal(signum)
    try:
        _, err = proc.communicate(timeout=60)  # a hang guard, not a timing assertion
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGABRT)  # each thread's stack, written by faulthandler
        try:
            _, err = proc.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            _, err = proc.communicate()
        pytest.fail(f"the run did not end after the signal; where it was:\n{err}")
    if proc.returncode == 0:
        pytest.skip("the export finished before the signal came")
    assert (proc.returncode, err) == (130, "minecheck: error: interrupted; nothing was written\n")
    assert [p.name for p in out.iterdir()] == ["rows.csv"]
    assert (out / "rows.csv").read_text() == "kept\n"
    assert list(temp.iterdir()) == []


def test_a_hangup_after_the_work_is_done_does_not_end_the_process(
    monkeypatch: pytest.MonkeyPatch, isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Once a run's exit code is known, the interpreter shuts down, putting back the default
    actions of the signals it handled: a hangup then killed an export whose output was written
    (seen in the test above: exit -1, nothing said). SIGTERM and SIGHUP are ignored from there
    on, so the run ends with its own code."""
    from minecheck.__main__ import main

    names = (signal.SIGTERM, signal.SIGHUP)
    before = {s: signal.getsignal(s) for s in names}
    monkeypatch.setattr(sys, "argv", ["minecheck", "checklists", "list", "--json"])
    try:
        with pytest.raises(SystemExit) as end:
            main()
        assert end.value.code == 0
        assert [signal.getsignal(s) for s in names] == [signal.SIG_IGN, signal.SIG_IGN]
    finally:
        for s, handler in before.items():
            signal.signal(s, handler)
    assert '"ok": true' in capsys.readouterr().out


def test_closed_standard_streams_are_no_crash(tmp_path: Path) -> None:
    """`>&-`, `2>&-`, `<&-`: the run goes on, writing nowhere; the exit code still tells (a
    closed stdout or stderr gave a traceback and exit 1, which reads as a negative verdict)."""
    generate(tmp_path / "c", 8, 3, seed=5, merged=0)
    docs, allowed = tmp_path / "c" / "docs", tmp_path / "c" / "allowed_signers"
    env = {**os.environ, "MINECHECK_HOME": str(tmp_path / "home")}
    for redirect in (">&-", "2>&-", "<&-", ">&- 2>&-"):
        for command in ("--version", f"verify {docs} --allowed-signers {allowed}"):
            run = subprocess.run(
                ["bash", "-c", f"{EXE} {command} {redirect}; echo rc=$?"],
                capture_output=True,
                text=True,
                check=False,
                env=env,
                timeout=60,
            )
            assert run.stdout.splitlines()[-1] == "rc=0", (redirect, command, run.stderr)
            assert "Traceback" not in run.stderr


SPAWNED = """
import os
import sys
from minecheck.report import batch
batch.start_method = lambda: "spawn"
batch.cpu_count = lambda: 2
made = batch._make_pool


def noted(*args, **kwargs):
    pool = made(*args, **kwargs)
    with open(os.environ["METHOD_LOG"], "w") as log:  # the pool's start method, as made
        log.write(pool._mp_context.get_start_method())
    return pool


batch._make_pool = noted
if __name__ == "__main__":
    from minecheck.__main__ import main
    sys.argv[0] = "minecheck"
    main()
"""


def test_the_batch_commands_run_alike_where_workers_are_spawned(tmp_path: Path) -> None:
    """macOS and Windows start a pool's workers by spawn, not fork: what a task carries is
    pickled and the modules imported again. Every batch command prints what it prints here."""
    generate(tmp_path / "c", 120, 3, seed=5)
    docs = str(tmp_path / "c" / "docs")
    trust = ["--allowed-signers", str(tmp_path / "c" / "allowed_signers")]
    script = tmp_path / "spawned.py"
    script.write_text(SPAWNED)
    commands = [
        ["verify", docs, *trust],
        ["summary", docs, *trust, "--json", "--as-of", "2026-12-01"],  # an empty cache
        ["summary", docs, *trust, "--json", "--by", "site"],  # values from the cache
        ["export", docs, *trust, "--format", "csv"],
    ]
    for command in commands:
        runs = []
        log = tmp_path / "method"
        log.unlink(missing_ok=True)
        spawned = [sys.executable, str(script)]
        for how, start in (("fork", [str(EXE)]), ("spawn", spawned)):
            env = {**os.environ, "MINECHECK_HOME": str(tmp_path / how), "METHOD_LOG": str(log)}
            runs.append(
                subprocess.run(
                    [*start, *command], env=env, capture_output=True, timeout=300, check=False
                )
            )
        fork, spawn = runs
        assert (spawn.returncode, spawn.stderr) == (0, fork.stderr), command
        assert spawn.stdout == fork.stdout, command
        assert len(spawn.stdout) > 1000, command
        assert log.read_text() == "spawn", command


def test_a_run_ended_on_the_pool_s_own_thread_does_not_join_it() -> None:
    """A map_items generator left unfinished may be collected on any thread, the pool's own
    included: ending the run there joined that thread itself (RuntimeError, reported by the
    interpreter as an exception ignored, which fails whichever test is running)."""
    import threading

    from minecheck.report import batch

    class Pool:
        _executor_manager_thread = threading.current_thread()

        def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
            pass

    batch._end(Pool(), False, {})  # type: ignore[arg-type]


def test_a_pipe_named_on_purpose_reaches_spawned_workers(tmp_path: Path) -> None:
    """`summary DIR <(...)` from a shell: the pipe is read once, before the workers start, and
    workers started by spawn (macOS, Windows) are given its bytes as forked ones have them."""
    generate(tmp_path / "c", 60, 3, seed=9)
    docs = tmp_path / "c" / "docs"
    one = sorted((docs / "findings").rglob("*.toml"))[0]
    moved = tmp_path / "one.toml"
    one.rename(moved)
    script = tmp_path / "spawned.py"
    script.write_text(SPAWNED)
    trust = f"--allowed-signers '{tmp_path / 'c' / 'allowed_signers'}' --as-of 2027-06-30"
    outputs = []
    for how, start in (("fork", f"'{EXE}'"), ("spawn", f"'{sys.executable}' '{script}'")):
        log = tmp_path / f"method-{how}"
        env = {**os.environ, "MINECHECK_HOME": str(tmp_path / how), "METHOD_LOG": str(log)}
        line = f"{start} summary '{docs}' <(cat '{moved}') {trust} --format json"
        run = subprocess.run(
            ["bash", "-c", line], env=env, capture_output=True, timeout=300, check=False
        )
        assert (run.returncode, run.stderr) == (0, b""), how
        outputs.append(run.stdout)
        assert not (how == "spawn" and log.read_text() != "spawn")
    moved.rename(one)
    whole = subprocess.run(
        ["bash", "-c", f"'{EXE}' summary '{docs}' {trust} --format json"],
        env={**os.environ, "MINECHECK_HOME": str(tmp_path / "whole")},
        capture_output=True,
        timeout=300,
        check=False,
    )
    assert outputs == [whole.stdout, whole.stdout]


def test_a_chunk_that_will_not_end_after_a_stop_is_ended(monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker ignores SIGTERM (a timer's stop reaches the whole group): one whose chunk has
    not ended when the run's wait is over is killed, not sent the SIGTERM it ignores (it went
    on running after the run had left)."""
    from minecheck.report import batch

    monkeypatch.setattr(batch, "STOP_WAIT_S", 0.5)
    pool = batch._make_pool(1, print)
    assert pool is not None
    pool.submit(time.sleep, 3600)
    processes: dict[int, object] = {}
    for _ in range(100):  # (the worker starts at the first task)
        processes = batch._workers(pool)
        if processes:
            break
        time.sleep(0.05)
    time.sleep(0.5)  # (the task taken up: the worker is in it, past its set-up)
    batch._end(pool, False, processes)
    for process in processes.values():
        process.join(5)  # type: ignore[attr-defined]
        assert not process.is_alive()  # type: ignore[attr-defined]
