"""Every test runs with its own minecheck home and a clean environment."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any

import pytest
import typer.main
import typer.testing
from hypothesis import settings
from typer.testing import CliRunner

from minecheck.cli import app

# Under CI the property tests run the same examples every time (a red run is then a change, not
# luck) and keep no example database; elsewhere they explore anew on each run.
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")


def _command_of(typer_app: typer.Typer) -> Any:
    """The framework's command of `typer_app`: the whole command line's made once for the test
    run, others as the test runner makes them. `CliRunner.invoke` made every command of the
    whole line again for each call (~20 ms of a ~22 ms `keys list`); what it makes depends on
    nothing a run changes (the commands' functions, their options and `cli.HELP`, fixed when
    `app` is first asked for), and a run changes nothing of it."""
    if typer_app is not app:
        return _made_by_typer(typer_app)
    if not _whole:
        _whole.append(_made_by_typer(app))
    return _whole[0]


_made_by_typer = typer.main.get_command
_whole: list[Any] = []
# (what `CliRunner.invoke` makes its command with; another name in another Typer: made anew)
setattr(typer.testing, "_get_command", _command_of)  # noqa: B010

# A test run started as a script's background job (`&`, no job control) inherits SIGINT and
# SIGQUIT ignored, and so would every process its tests start (exec keeps an ignored signal):
# the pseudo-terminal tests' Ctrl-C and Ctrl-\ were then lost and each waited out its 30 s. The
# test process takes them as a terminal's foreground job does (`sigint_as_in_a_terminal`).
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)
_QUIT = getattr(signal, "SIGQUIT", None)  # (none on Windows)
if _QUIT is not None and signal.getsignal(_QUIT) is signal.SIG_IGN:
    signal.signal(_QUIT, signal.SIG_DFL)


# The stops a run ignores as it ends (`__main__._done`): a test that says an interruption in
# this process (test_scripter5's, since `interrupted` ignores them too) left SIGTERM ignored,
# and every process a later test started in the same worker inherited it (exec keeps an
# ignored signal): test_mutated104's child, told to die of a SIGTERM, ran on to its end (a
# fresh-clone run, one worker's file order of many).
_STOPS_KEPT = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP", "SIGINT") if hasattr(signal, name)
)


@pytest.fixture(autouse=True)
def _stops_put_back() -> Iterator[None]:
    """Each test leaves the stops' handlers as it found them."""
    before = [signal.getsignal(stop) for stop in _STOPS_KEPT]
    yield
    for stop, handler in zip(_STOPS_KEPT, before, strict=True):
        if handler is not None and signal.getsignal(stop) is not handler:
            signal.signal(stop, handler)


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """`-n auto`'s workers: half as many again as the cores this process may use. With one a
    core, an idle machine's CPU stood a sixth idle through the test command (`vmstat 10`, five
    minutes mid-run: 17 % idle): the pseudo-terminal and time-out tests wait on a child, a
    prompt or a clock, and their core waited with them."""
    if hasattr(os, "sched_getaffinity"):
        cores = len(os.sched_getaffinity(0))
    else:
        cores = os.cpu_count() or 1
    return cores + cores // 2


REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "data"


@pytest.fixture(scope="session", autouse=True)
def _key_homes(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Where tests/key_homes.py makes, once a session, the key homes it copies into tests."""
    from tests import key_homes

    key_homes.BASE[:] = [tmp_path_factory.mktemp("key-homes")]


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    for name in list(os.environ):
        if name.startswith("MINECHECK_") or name in ("SSH_AUTH_SOCK", "FORCE_COLOR"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("MINECHECK_HOME", str(home))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setenv("COLUMNS", "120")
    from minecheck.i18n import set_language

    set_language("en")  # a command run in Chinese by an earlier test does not speak for this one
    return home


@pytest.fixture
def older_objects_set_aside() -> Iterator[None]:
    """The test runs with the objects made before it set aside from the collector
    (tests/helpers_heap.py): a `gc.collect()` in it, the test's or minecheck's, costs what
    the test made, not the heap the worker's earlier files left."""
    from tests.helpers_heap import old_objects_set_aside

    with old_objects_set_aside():
        yield


@pytest.fixture
def group_shared(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every file's group has other users in it (an office's group), whoever runs the tests:
    a group-writable trust file or directory is then writable by another."""
    monkeypatch.setattr("minecheck.core.trust.owners_own_group", lambda uid, gid: False)


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


@pytest.fixture
def with_umask(request: pytest.FixtureRequest) -> Iterator[int]:
    """The process's umask set to the test's parameter (`indirect=True`), then put back."""
    old = os.umask(request.param)
    try:
        yield request.param
    finally:
        os.umask(old)


@pytest.fixture
def cli() -> Any:
    """Invoke the app in-process; stdout and stderr kept apart."""

    def invoke(args: Sequence[str], input: str | bytes | None = None) -> Run:
        result = CliRunner().invoke(app, list(args), input=input, catch_exceptions=False)
        return Run(result.exit_code, result.stdout, result.stderr)

    return invoke


@contextlib.contextmanager
def within(seconds: float, error: Callable[[str], BaseException] = TimeoutError) -> Iterator[None]:
    """Raise `error` (instead of hanging the test run) if the block takes longer than `seconds`."""

    def expired(signum: int, frame: FrameType | None) -> None:
        raise error(f"did not finish within {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def sigint_as_in_a_terminal() -> Iterator[None]:
    """SIGINT at Python's own handler in this process while the block runs, so that a process
    it starts takes a Ctrl-C as a terminal's foreground job does (exec leaves a handled signal
    at its default). A test run started in the background without job control (`&` from a
    script) ignores SIGINT, and so did every process its tests started: a Ctrl-C sent to one
    was lost, and the run went on to its end."""
    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, before)


@pytest.fixture
def ctrl_c_reaches() -> Iterator[None]:
    """`sigint_as_in_a_terminal` for the whole test: for tests that send a child SIGINT."""
    with sigint_as_in_a_terminal():
        yield


@pytest.fixture
def in_zone() -> Iterator[Callable[[str | None], None]]:
    """`in_zone("Asia/Shanghai")` makes the rest of the test run in that zone (None: TZ unset);
    reports name the zone their days are local to, so a test that pins one sets it."""
    with pytest.MonkeyPatch.context() as mp:

        def set_zone(value: str | None) -> None:
            if value is None:
                mp.delenv("TZ", raising=False)
            else:
                mp.setenv("TZ", value)
            time.tzset()

        yield set_zone
    time.tzset()
