"""Loose ends, round 41: a refused or stopped command leaves no draft lock file it made, a new
inspection begun instead of the offered draft lets that draft go before it walks, the lock's
holder read from what its file holds (or said unknown), the offered draft read as it is once
held, and a trust list's skipped lines rolled up on every command that reads one."""

from __future__ import annotations

import json
import os
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from minecheck.core.checklist import load_checklist
from minecheck.errors import UsageError
from minecheck.session import draft as drafts
from tests.test_cli_walk_rules import inspect, keys, saved_id, started
from tests.test_inspect_scripted import CHECKLIST, Cli
from tests.test_inspect_scripted import work as work  # (a fixture: Alice's key, trusted)
from tests.test_loose_ends35 import ROLLED
from tests.test_loose_ends38 import COMMANDS, SKIPPED, _counted, _with_authorities
from tests.test_loose_ends38 import merger as merger  # (a fixture: ./k, ./k.pub, in ./)
from tests.test_loose_ends40 import BROKEN, DAMAGED, DRAFT_ID, HINT, NOT_TOML
from tests.test_session_unit import new_draft

__all__ = ["keys"]  # (a fixture, used by name)

OPEN = {
    "en": "draft {id} is open in another minecheck{pid}",
    "zh": "草稿 {id} 正在另一个 minecheck 中打开{pid}",
}
PID = {"en": " (process {pid})", "zh": "（进程 {pid}）"}
FINISH = {"en": "  hint: finish or quit that one first\n", "zh": "  hint: 请先完成或退出那一个\n"}


def _files(home: Path) -> list[str]:
    return sorted(p.name for p in (home / "drafts").iterdir())


def _damaged(home: Path, monkeypatch: pytest.MonkeyPatch, kind: str = "wrong-type") -> Path:
    """A damaged draft of `kind` in the drafts directory (returned), standard input a terminal."""
    directory = home / "drafts"
    directory.mkdir(parents=True)
    (directory / f"{DRAFT_ID}.toml").write_text(BROKEN[kind], "utf-8")
    monkeypatch.setattr("minecheck.cli._output.stdin_is_tty", lambda: True)
    return directory


# -- 1. a refused command leaves no lock file it made ---------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_damaged_draft_s_refused_resume_leaves_no_lock_file(
    cli: Any, isolated_home: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    _damaged(isolated_home, monkeypatch, "not-toml")
    run = cli(["drafts", "resume", DRAFT_ID[:8], "--lang", lang], input="q\n")
    damaged = DAMAGED[lang].format(id=DRAFT_ID, reason=NOT_TOML[lang])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.endswith(f"minecheck: error: {damaged}\n" + HINT[lang].format(id=DRAFT_ID))
    assert _files(isolated_home) == [f"{DRAFT_ID}.toml"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_resume_refused_for_its_checklist_leaves_no_lock_file(
    cli: Any, isolated_home: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, lang: str
) -> None:
    directory = isolated_home / "drafts"
    draft = new_draft(load_checklist(CHECKLIST), tmp_path / "a.toml")
    draft.checklist, draft.checklist_path = "gone-check", str(tmp_path / "gone-check.toml")
    drafts.save(directory, draft)
    monkeypatch.setattr("minecheck.cli._output.stdin_is_tty", lambda: True)
    run = cli(["drafts", "resume", draft.id[:8], "--lang", lang], input="q\n")
    assert (run.exit_code, run.stdout) == (2, "")
    said = "which is not installed" if lang == "en" else "未安装；草稿已原样保留"
    assert said in run.stderr
    assert _files(isolated_home) == [f"{draft.id}.toml"]


def test_a_lock_file_that_was_there_stays_after_a_refusal(
    cli: Any, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the lock file a command made goes: one there before (a walk's) is left."""
    (_damaged(isolated_home, monkeypatch) / f"{DRAFT_ID}.lock").write_bytes(b"")
    run = cli(["drafts", "resume", DRAFT_ID[:8]], input="q\n")
    assert run.exit_code == 2
    assert _files(isolated_home) == [f"{DRAFT_ID}.lock", f"{DRAFT_ID}.toml"]


@pytest.mark.usefixtures("work")
def test_ctrl_c_at_the_offer_of_a_draft_leaves_no_lock_file_it_made(
    cli: Cli, keys: list[str], tmp_path: Path, isolated_home: Path
) -> None:
    """A draft with no lock file beside it (copied here, or its lock file removed) offered,
    and the offer stopped with Ctrl-C: the draft is kept as it was, and nothing is added."""
    kept = saved_id(started(cli, keys, tmp_path / "a.toml"))
    (isolated_home / "drafts" / f"{kept}.lock").unlink(missing_ok=True)
    before = (isolated_home / "drafts" / f"{kept}.toml").read_bytes()
    keys[:] = []  # Ctrl-C at the question
    run = inspect(cli, "-o", str(tmp_path / "a.toml"))
    assert run.exit_code == 130, run.stderr
    assert "Resume it? [Y/n] " in run.stderr
    assert _files(isolated_home) == [f"{kept}.toml"]
    assert (isolated_home / "drafts" / f"{kept}.toml").read_bytes() == before


# -- 2. a new inspection begun instead of the offered draft lets that draft go ---------------


@pytest.mark.usefixtures("work")
def test_a_new_inspection_begun_instead_lets_the_offered_draft_go_before_it_walks(
    cli: Cli, keys: list[str], tmp_path: Path, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`n` at `Resume it?`: while the new walk asks its first question, the old draft can be
    taken by another minecheck (a second terminal's `drafts resume`)."""
    kept = saved_id(started(cli, keys, tmp_path / "a.toml"))
    directory = isolated_home / "drafts"
    taken: list[bool] = []

    def first_question() -> str:
        try:
            with drafts.locked(directory, kept):
                taken.append(True)
        except UsageError:  # (the refusal a second terminal would meet)
            taken.append(False)
        raise KeyboardInterrupt

    monkeypatch.setattr("minecheck.cli._prompter.read_key", first_question)
    run = inspect(cli, "-o", str(tmp_path / "b.toml"), typed="n\n\n")
    assert "Resume it? [Y/n] " in run.stderr
    assert taken == [True], run.stderr
    assert (directory / f"{kept}.toml").exists()


# -- 3. the holder named from what its lock file holds, or said unknown ----------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(
    ("written", "named"),
    [
        (b"4242", "4242"),
        (b"4242\n", "4242"),
        (b"  4242  \n", "4242"),
        (b"4242\r\n", "4242"),
        (b"4242\nmore\n", "4242"),
        (b"", ""),
        (b"not-a-pid\n", ""),
        (b"42\x1b[31m42\n", ""),
        (b"\xff\xfe4\x002\x00", ""),
        (b"9" * 5000, ""),
        (b"-1\n", ""),
    ],
    ids=[
        "bare",
        "newline",
        "spaces",
        "crlf",
        "more-lines",
        "empty",
        "word",
        "escape",
        "utf16",
        "long",
        "negative",
    ],
)
def test_a_draft_held_elsewhere_names_its_holder_or_says_it_is_unknown(
    cli: Any,
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    written: bytes,
    named: str,
) -> None:
    directory = _damaged(isolated_home, monkeypatch)
    with drafts.locked(directory, DRAFT_ID) as lock:
        lock.path.write_bytes(written)  # (the same file: its lock holds)
        run = cli(["drafts", "resume", DRAFT_ID[:8], "--lang", lang], input="q\n")
    pid = PID[lang].format(pid=named) if named else ""
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == (
        f"minecheck: error: {OPEN[lang].format(id=DRAFT_ID, pid=pid)}\n" + FINISH[lang]
    )


def test_a_huge_lock_file_is_not_read_whole(
    cli: Any, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A lock file of 256 MiB (sparse): its first line is read, not the file."""
    directory = _damaged(isolated_home, monkeypatch)
    with drafts.locked(directory, DRAFT_ID) as lock:
        with open(lock.path, "r+b") as fh:
            fh.write(b"4242\n")
            fh.truncate(256 << 20)
        tracemalloc.start()
        try:
            run = cli(["drafts", "resume", DRAFT_ID[:8]], input="q\n")
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        lock.path.write_bytes(b"")
    assert run.exit_code == 2
    assert run.stderr.startswith(
        f"minecheck: error: draft {DRAFT_ID} is open in another minecheck (process 4242)\n"
    )
    assert peak < 32 << 20


# -- 4. the offered draft is read as it is once its lock is held -----------------------------


@pytest.mark.usefixtures("work")
def test_the_offer_says_the_draft_as_it_is_once_held(
    cli: Cli, keys: list[str], tmp_path: Path, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A draft changed between the listing and the lock (another minecheck saved more
    answers, then quit): the offer names what is on disk now, and the walk resumes that."""
    kept = saved_id(started(cli, keys, tmp_path / "a.toml"))
    path = isolated_home / "drafts" / f"{kept}.toml"
    listed = drafts.load(path)
    assert listed.inspector  # (one answer given, by Alice)
    acquire = drafts.DraftLock.acquire

    def meanwhile(self: drafts.DraftLock, wait: float = 0.0) -> None:
        now = drafts.load(path)
        now.inspector = "Bob Meanwhile"
        now.answers = {}  # (answers taken back: 0 answers)
        drafts.save(path.parent, now)
        monkeypatch.setattr(drafts.DraftLock, "acquire", acquire)
        acquire(self, wait)

    monkeypatch.setattr(drafts.DraftLock, "acquire", meanwhile)
    keys[:] = ["y"]
    run = inspect(cli, "-o", str(tmp_path / "a.toml"), typed="y\nq\n")
    assert run.exit_code == 0, run.stderr
    assert f"site exists ({kept[:8]}, 0 answers).\nResume it? [Y/n] " in run.stderr
    assert saved_id(run) == kept
    assert drafts.load(path).inspector == "Bob Meanwhile"


# -- 5. a trust list's skipped lines: ten and a count at a terminal, every one in --json ------

MORE = {
    "export": ["export", "doc.toml", "-o", "x.csv"],
    "extract": ["extract", "doc.toml", "-o", "out"],
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("command", list(MORE))
def test_skipped_trust_lines_are_rolled_up_on_export_and_extract(
    cli: Any, merger: list[str], lang: str, command: str
) -> None:
    """loose38's five commands, and the two others that read a trust list: a terminal gets
    ten of the 500 `cert-authority` lines and a count, `--json` every one (SPEC §5)."""
    assert command not in COMMANDS
    Path("out").mkdir()
    _with_authorities(500)
    Path("doc.toml").write_text("garbage [\n")
    run = cli([*MORE[command], "--allowed-signers", "as", "--lang", lang])
    told = [
        f"minecheck: warning: as:{i + 1}:{len(f'ca{i}@x') + 2}: {SKIPPED[lang]}" for i in range(10)
    ]
    counted = [
        f"minecheck: warning: {line}"
        for line in _counted(ROLLED, lang, "cert-authority-skipped", 490)
    ]
    lines = run.stderr.splitlines()
    assert lines[: len(told) + len(counted)] == told + counted
    assert not any("cert-authority" in line for line in lines[len(told) + len(counted) :])
    quiet = cli([*MORE[command], "--allowed-signers", "as", "--lang", lang, "--json"])
    problems = json.loads(quiet.stdout)["problems"]
    assert sum(p["code"] == "cert-authority-skipped" for p in problems) == 500


def test_pid_is_this_process_when_it_holds_the_lock(isolated_home: Path) -> None:
    """What a lock file holds once taken: the pid alone, which `holder` gives back."""
    directory = isolated_home / "drafts"
    with drafts.locked(directory, DRAFT_ID) as lock:
        assert lock.path.read_bytes() == str(os.getpid()).encode()
        assert lock.holder() == str(os.getpid())
