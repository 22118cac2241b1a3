"""Work interrupted or done twice at once: nothing written is lost, nothing is half written."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import resource
import signal
import subprocess
import sys
import time
import tomllib
from pathlib import Path
from typing import Any

import pexpect
import pytest

from minecheck.errors import InputError
from tests.conftest import Run
from tests.test_inspect_pty import (
    CHECKLIST,
    GAS,
    READING_PROMPT,
    RESUME_PROMPT,
    REVIEW_PROMPT,
    Terminal,
    compliant_methane,
    draft_id,
    ended,
    findings,
    finish,
    key,
    keyed,
    line,
    major,
    term,
)

__all__ = ["keyed", "term"]  # fixtures

EXE = Path(sys.executable).parent / "minecheck"


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MINECHECK_")}
    env.update(MINECHECK_HOME=str(home), NO_COLOR="1", PYTHONDONTWRITEBYTECODE="1")
    return env


def _at_once(home: Path, commands: list[list[str]]) -> list[Run]:
    """Every command started before any is waited for: they run side by side."""
    started = [
        subprocess.Popen(
            [str(EXE), *args],
            env=_env(home),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for args in commands
    ]
    runs = []
    for process in started:
        out, err = process.communicate(timeout=120)
        runs.append(Run(process.returncode, out, err))
    return runs


def _public_keys(tmp_path: Path, count: int) -> list[Path]:
    made = []
    for n in range(count):
        key = tmp_path / f"k{n}"
        subprocess.run(
            ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", f"u{n}", "-f", str(key)],
            check=True,
        )
        made.append(key.with_name(f"k{n}.pub"))
    return made


def test_trust_add_run_side_by_side_keeps_every_line(tmp_path: Path, isolated_home: Path) -> None:
    """Ten `trust add` at once (a setup script run in parallel): each said it trusted its key,
    and each key is in allowed_signers (each rewrote the file from what it had read, and one
    line of four was left)."""
    keys = _public_keys(tmp_path, 10)
    runs = _at_once(
        isolated_home,
        [
            ["trust", "add", "--principal", f"u{n}@mine.example", "--key", str(key)]
            for n, key in enumerate(keys)
        ],
    )
    assert [r.exit_code for r in runs] == [0] * 10, [r.stderr for r in runs]
    lines = (isolated_home / "allowed_signers").read_text().splitlines()
    assert sorted(line.split()[0] for line in lines) == sorted(
        f"u{n}@mine.example" for n in range(10)
    )


def test_trust_revoke_run_side_by_side_keeps_every_revocation(
    tmp_path: Path, isolated_home: Path
) -> None:
    """A revocation lost to another written at the same moment trusts a key again."""
    keys = _public_keys(tmp_path, 8)
    runs = _at_once(isolated_home, [["trust", "revoke", str(key)] for key in keys])
    assert [r.exit_code for r in runs] == [0] * 8, [r.stderr for r in runs]
    revoked = (isolated_home / "revoked_keys").read_text().splitlines()
    assert sorted(line.split()[1] for line in revoked) == sorted(
        key.read_text().split()[1] for key in keys
    )


def test_keys_generated_side_by_side_are_all_recorded(isolated_home: Path) -> None:
    runs = _at_once(
        isolated_home,
        [["keys", "generate", "--principal", f"g{n}@mine.example"] for n in range(6)],
    )
    assert [r.exit_code for r in runs] == [0] * 6, [r.stderr for r in runs]
    listed = subprocess.run(
        [str(EXE), "keys", "list", "--json"],
        env=_env(isolated_home),
        capture_output=True,
        text=True,
        check=False,
    )
    keys = json.loads(listed.stdout)["data"]["keys"]
    assert sorted(k["principal"] for k in keys) == [f"g{n}@mine.example" for n in range(6)]


def test_a_file_held_too_long_by_another_is_said_not_waited_for_ever(tmp_path: Path) -> None:
    """Another minecheck holding the file (a hung one): the run gives up with a clear error,
    the file as it was, and leaves nothing beside it but the lock."""
    from minecheck.fileio import updating

    allowed = tmp_path / "allowed_signers"
    allowed.write_text("kept\n")
    with (
        updating(allowed, wait=1),  # (a lock of its own: held as by another process)
        pytest.raises(InputError) as info,
        updating(allowed, wait=0.1),
    ):
        allowed.write_text("changed\n")
    assert info.value.message == f"{allowed} is being changed by another minecheck; try again"
    assert allowed.read_text() == "kept\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".allowed_signers.lock",
        "allowed_signers",
    ]


def test_no_lock_makes_a_directory_that_is_missing(tmp_path: Path) -> None:
    from minecheck.fileio import updating

    with updating(tmp_path / "missing" / "allowed_signers"):
        pass
    assert list(tmp_path.iterdir()) == []


# -- the walk interrupted in the middle of an answer ----------------------------------------

TYPED = {
    "description": "梯子断了 at shaft 2 — rungs missing",
    "location": "Level −350, 回风巷",
}
HALF = "Replace the lad 更换"  # typed, Enter not yet pressed


def _typed_up_to_measures(keyed: Terminal) -> tuple[Any, str]:
    child = keyed.inspect()
    kept = draft_id(child)
    key(child, "n")
    line(child, "Description of the hidden danger: ", TYPED["description"])
    line(child, "Location: ", TYPED["location"])
    line(child, "Severity (major/general) [major]: ", "")
    child.expect_exact("Rectification measures: ")
    child.send(HALF)
    child.expect_exact(HALF[-2:])  # echoed: the editor has it
    return child, kept


def _stop(child: Any, how: str) -> None:
    if how == "ctrl-c":
        child.sendintr()
    elif how == "ctrl-d":  # (a stop at an empty line only)
        child.sendeof()
    else:
        child.kill(getattr(signal, how))
    # (a hang guard, not a timing: the draft is saved with an fsync, which a disk busy with
    # other work can hold for seconds)
    child.expect(pexpect.EOF, timeout=90)
    child.close()


@pytest.mark.parametrize("how", ["SIGHUP", "SIGTERM", "ctrl-c"])
def test_a_walk_stopped_in_a_findings_fields_keeps_every_field_typed(
    keyed: Terminal, how: str
) -> None:
    """The SSH session drops (SIGHUP), the laptop shuts down (SIGTERM), Ctrl-C, while the
    measures are being typed: the description and location given, and the half line of
    measures, are in the draft; resumed, the walk is back at that item with all of it filled
    in, and Enter through the fields signs exactly what was typed (all of it was lost: the
    resumed walk asked the item from nothing)."""
    child, kept = _typed_up_to_measures(keyed)
    _stop(child, how)
    assert child.exitstatus == 130
    [listed] = keyed.drafts()
    assert listed["id"] == kept

    child = keyed.spawn("drafts", "resume", kept)
    child.expect_exact("(unfinished answer: non-compliant; what was typed is filled in)")
    key(child, "n")
    line(child, f"Description of the hidden danger [{TYPED['description']}]: ", "")
    line(child, f"Location [{TYPED['location']}]: ", "")
    line(child, "Severity (major/general) [major]: ", "")
    line(child, f"Rectification measures [{HALF}]: ", "")
    line(child, "Responsible unit / person: ", "")
    line(child, "Enforcement order: ", "")
    due = dt.date.today() + dt.timedelta(days=30)
    line(child, f"Deadline (YYYY-MM-DD) [{due.isoformat()}]: ", "")
    line(child, "Evidence file (empty to finish): ", "")
    line(child, READING_PROMPT, "0.5")
    finish(child)
    [gas, methane, _] = findings(keyed.out)
    assert gas == {**major(TYPED["description"]), "location": TYPED["location"], "measures": HALF}
    assert methane == compliant_methane(0.5)
    assert keyed.drafts() == []


def test_a_killed_walk_keeps_the_fields_entered(keyed: Terminal) -> None:
    """SIGKILL (the battery dies) runs no handler: every field entered with Enter is already
    on disk; only the line being typed is gone."""
    child, kept = _typed_up_to_measures(keyed)
    _stop(child, "SIGKILL")
    assert child.signalstatus == signal.SIGKILL
    saved = tomllib.loads((keyed.home / "drafts" / f"{kept}.toml").read_text())
    assert saved["unfinished"][GAS] == {"result": "noncompliant", **TYPED, "severity": "major"}
    # the list says the answer being typed is there (it said 0 answers)
    [listed] = keyed.drafts()
    assert (listed["answered"], listed["unfinished"]) == (0, 1)
    table = keyed.run("drafts", "list")
    assert table.returncode == 0, table.stderr
    assert "0 + 1 unfinished" in table.stdout
    child = keyed.spawn("drafts", "discard", kept)
    child.expect_exact("(Mine A, 0 answers + 1 unfinished)? [y/N]")
    child.send("n\r")
    assert ended(child)[0] == 0
    assert [d["id"] for d in keyed.drafts()] == [kept]


def test_a_draft_holding_only_an_unfinished_answer_is_offered_not_discarded(
    keyed: Terminal,
) -> None:
    """A draft with no finished answer was taken for an empty one and discarded unseen by
    the next `inspect`: with it went the description typed."""
    child, kept = _typed_up_to_measures(keyed)
    _stop(child, "SIGHUP")
    child = keyed.inspect()
    # (counted as `drafts list` counts it: the answer being typed is said, not "0 answers")
    child.expect_exact(
        f"An unfinished draft of this checklist and site exists ({kept[:8]}, 0 answers + 1"
        " unfinished)."
    )
    line(child, RESUME_PROMPT, "")
    assert draft_id(child) == kept
    child.expect_exact("(unfinished answer: non-compliant; what was typed is filled in)")
    key(child, "q")
    assert ended(child)[0] == 0
    assert [d["id"] for d in keyed.drafts()] == [kept]


# -- the place to write gone by the end of the walk -----------------------------------------


def test_an_output_directory_gone_by_the_end_can_be_written_elsewhere(keyed: Terminal) -> None:
    """The walk wrote to a USB stick that was pulled out before signing: the answers were
    kept, but `drafts resume` could only try the same place again, for ever."""
    stick = keyed.cwd / "stick"
    stick.mkdir()
    child = keyed.spawn(
        "inspect", str(CHECKLIST), "--site", "Mine A", "-o", str(stick / "f.toml"),
        "--inspector", "Wang Wei",
    )  # fmt: skip
    kept = draft_id(child)
    key(child, "y")
    line(child, READING_PROMPT, "0.5")
    child.expect_exact(REVIEW_PROMPT)
    stick.rmdir()
    child.sendline("")
    status, output = ended(child)
    assert status == 2
    assert f"minecheck: error: directory {stick} does not exist" in output
    assert (
        "your answers are kept (with -o PATH to write them elsewhere):\r\n"
        f"    minecheck drafts resume {kept}\r\n" in output
    )

    elsewhere = keyed.cwd / "laptop"
    elsewhere.mkdir()
    child = keyed.spawn("drafts", "resume", kept, "-o", f"{elsewhere}/")
    line(child, REVIEW_PROMPT, "")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    written = elsewhere / "f.toml"
    assert f"{written}\r\n" in child.before
    assert [f["result"] for f in findings(written)][:2] == ["compliant", "compliant"]
    assert keyed.verify(written) == "trusted"
    assert keyed.drafts() == []


def test_written_elsewhere_evidence_must_lie_below_the_new_place(keyed: Terminal) -> None:
    """Evidence is recorded relative to the findings file: written elsewhere, it is recorded
    anew from there, or refused where the new file could not name it."""
    site = keyed.cwd / "site"
    (site / "ev").mkdir(parents=True)
    (site / "ev" / "p.jpg").write_bytes(b"\xff\xd8 a photo")
    child = keyed.spawn(
        "inspect", str(CHECKLIST), "--site", "Mine A", "-o", str(site / "f.toml"),
        "--inspector", "Wang Wei",
    )  # fmt: skip
    kept = draft_id(child)
    key(child, "n")
    line(child, "Description of the hidden danger: ", "no ladder")
    for prompt in ("Location: ", "Severity (major/general) [major]: "):
        line(child, prompt, "")
    line(child, "Rectification measures: ", "")
    line(child, "Responsible unit / person: ", "")
    line(child, "Enforcement order: ", "")
    child.expect_exact("Deadline (YYYY-MM-DD) [")
    child.sendline("")
    line(child, "Evidence file (empty to finish): ", str(site / "ev" / "p.jpg"))
    line(child, "Evidence file (empty to finish, -N removes entry N): ", "")
    line(child, READING_PROMPT, "0.5")
    child.expect_exact(REVIEW_PROMPT)
    child.sendintr()
    assert ended(child)[0] == 130
    before = (keyed.home / "drafts" / f"{kept}.toml").read_bytes()

    other = keyed.cwd / "other"
    other.mkdir()
    child = keyed.spawn("drafts", "resume", kept, "-o", f"{other}/")
    status, output = ended(child)
    assert status == 2
    assert f"is outside {other}, the directory the document is written to" in output
    assert "write the findings where their evidence lies, or leave -o out" in output
    assert (keyed.home / "drafts" / f"{kept}.toml").read_bytes() == before

    child = keyed.spawn("drafts", "resume", kept, "-o", str(keyed.cwd / "all.toml"))
    line(child, REVIEW_PROMPT, "")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    [gas, *_] = findings(keyed.cwd / "all.toml")
    assert [e["path"] for e in gas["evidence"]] == ["site/ev/p.jpg"]
    assert keyed.verify(keyed.cwd / "all.toml") == "trusted"


# -- the terminal itself gone (the SSH session dropped: reads fail, then the hangup) ------------


def _hang_up(child: Any) -> int:
    """Close the terminal's other end, as sshd does when the connection drops: the walk's
    next read fails (EIO) and a SIGHUP follows. The process's exit status."""
    child.ptyproc.fileobj.close()
    child.ptyproc.closed = child.closed = True  # (pexpect must not close it, or its number, again)
    _, status = os.waitpid(child.pid, 0)
    assert os.WIFEXITED(status), status
    return os.WEXITSTATUS(status)


def test_a_terminal_gone_while_a_field_is_typed_keeps_the_line(keyed: Terminal) -> None:
    """On a dumb terminal the editor failed with EIO, and the half line went with it."""
    child = keyed.inspect()
    kept = draft_id(child)
    key(child, "n")
    line(child, "Description of the hidden danger: ", "Ladder broken")
    child.expect_exact("Location: ")
    child.send("Level −350 回风")
    child.expect_exact("回风")
    assert _hang_up(child) == 130
    saved = tomllib.loads((keyed.home / "drafts" / f"{kept}.toml").read_text())
    assert saved["unfinished"][GAS] == {
        "result": "noncompliant",
        "description": "Ladder broken",
        "location": "Level −350 回风",
    }


def _logged(log: Path, text: str) -> str:
    """The log once `text` is in it (the prompts go there, not to the terminal)."""
    for _ in range(600):  # a hang guard on a loaded machine, not a timing assertion
        said = log.read_text() if log.exists() else ""
        if text in said:
            return said
        time.sleep(0.05)
    raise AssertionError(f"{text!r} never came: {said!r}")


def test_a_terminal_gone_says_which_draft_was_kept_in_the_log(keyed: Terminal) -> None:
    """Messages sent to a log (`2>>walk.log`): the failed read (EIO) and the hangup behind it
    ended the run with a bare "interrupted", the draft's id nowhere."""
    log = keyed.cwd / "walk.log"
    command = f"exec {EXE} inspect {CHECKLIST} --site 'Mine A' -o {keyed.out} --inspector W 2>{log}"
    child = pexpect.spawn("/bin/sh", ["-c", command], env=keyed.env(), timeout=60, encoding="utf-8")
    _logged(log, "Are gas checks done and genuine? > ")
    child.send("y")
    written = _logged(log, "or a key: ")  # the reading is asked
    assert _hang_up(child) == 130
    [kept] = re.findall(r"draft ([0-9a-f-]{36}) \(answers are saved", written)
    said = log.read_text()
    assert f"minecheck: error: interrupted; draft {kept} kept\n" in said
    assert f"  hint: resume it with:\n    minecheck drafts resume {kept}\n" in said


def test_a_terminal_gone_at_the_review_is_an_interruption(keyed: Terminal) -> None:
    """At the review the failed read was taken for `q` and the run then failed writing "saved
    draft" to the terminal that was gone: exit 2, as if the input had been bad."""
    child = keyed.inspect()
    kept = draft_id(child)
    key(child, "y")
    line(child, READING_PROMPT, "0.5")
    child.expect_exact(REVIEW_PROMPT)
    assert _hang_up(child) == 130
    [listed] = keyed.drafts()
    assert (listed["id"], listed["answered"]) == (kept, 2)


def test_an_answer_given_again_from_the_review_resumes_there(keyed: Terminal) -> None:
    """Stopped while answering an item again from the review: resumed, that item is asked
    first (not the review, where the typed description would wait unseen), and the earlier
    answer stands until the new one is finished."""
    child = keyed.inspect()
    kept = draft_id(child)
    key(child, "y")
    line(child, READING_PROMPT, "0.5")
    line(child, REVIEW_PROMPT, "1")
    key(child, "n")
    line(child, "Description of the hidden danger: ", "the board was filled in ahead")
    child.expect_exact("Location: ")
    child.sendintr()
    assert ended(child)[0] == 130

    child = keyed.spawn("drafts", "resume", kept)
    child.expect_exact("(earlier answer: compliant)")
    child.expect_exact("(unfinished answer: non-compliant; what was typed is filled in)")
    key(child, "n")
    line(child, "Description of the hidden danger [the board was filled in ahead]: ", "")
    line(child, "Location: ", "")
    line(child, "Severity (major/general) [major]: ", "")
    line(child, "Rectification measures: ", "")
    line(child, "Responsible unit / person: ", "")
    line(child, "Enforcement order: ", "")
    child.expect_exact("Deadline (YYYY-MM-DD) [")
    child.sendline("")
    line(child, "Evidence file (empty to finish): ", "")
    finish(child)
    [gas, methane, _] = findings(keyed.out)
    assert gas == major("the board was filled in ahead")
    assert methane == compliant_methane(0.5)


def test_a_terminal_gone_at_the_passphrase_prompt_keeps_the_draft(term: Terminal) -> None:
    """The failed read of the passphrase was an input error (exit 2, no word of the draft)."""
    term.key_with_passphrase()
    log = term.cwd / "walk.log"
    command = f"exec {EXE} inspect {CHECKLIST} --site 'Mine A' -o {term.out} --inspector W 2>{log}"
    child = pexpect.spawn("/bin/sh", ["-c", command], env=term.env(), timeout=60, encoding="utf-8")
    _logged(log, "Are gas checks done and genuine? > ")
    child.send("y")
    _logged(log, "or a key: ")
    child.send("0.5\r")
    _logged(log, REVIEW_PROMPT)
    child.send("\r")
    child.expect_exact("Passphrase for ")  # getpass asks on the terminal itself
    child.expect_exact(": ")
    assert _hang_up(child) == 130
    [kept] = re.findall(r"draft ([0-9a-f-]{36}) \(answers are saved", log.read_text())
    assert f"interrupted before signing; draft {kept} kept" in log.read_text()
    assert [d["id"] for d in term.drafts()] == [kept]
    assert not term.out.exists()


def test_a_note_of_several_lines_pasted_when_the_terminal_closes_is_kept(keyed: Terminal) -> None:
    """A description of several lines pasted in (an xterm pastes it whole), the window closed
    before Enter: kept as pasted, line break and tab included."""
    env = {**keyed.env(), "TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1"}
    args = ["inspect", str(CHECKLIST), "--site", "Mine A", "-o", str(keyed.out), "--inspector", "W"]
    child = pexpect.spawn(str(EXE), args, env=env, timeout=60, encoding="utf-8")
    kept = draft_id(child)
    key(child, "n")
    child.expect_exact("Description of the hidden danger")
    child.send("\x1b[200~第一行 line one\r\nline two\ttab\x1b[201~")
    child.expect_exact("tab")
    assert _hang_up(child) == 130
    saved = tomllib.loads((keyed.home / "drafts" / f"{kept}.toml").read_text())
    assert saved["unfinished"][GAS]["description"] == "第一行 line one\nline two\ttab"


# -- the draft cannot be saved for a while (a full disk) ------------------------------------

LONG = "The ladder in shaft 2 has rungs missing between levels −300 and −350. " * 30


def _small_files() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (2048, resource.RLIM_INFINITY))


def _no_room_for_the_draft(keyed: Terminal) -> tuple[Any, str]:
    """A walk whose draft cannot be saved once a long description is given."""
    args = ["inspect", str(CHECKLIST), "--site", "Mine A", "-o", str(keyed.out), "--inspector", "W"]
    child = pexpect.spawn(
        str(EXE), args, env=keyed.env(), timeout=60, encoding="utf-8", preexec_fn=_small_files
    )
    kept = draft_id(child)
    key(child, "n")
    line(child, "Description of the hidden danger: ", LONG)
    child.expect_exact("minecheck: warning: the draft cannot be saved (")
    child.expect_exact("File too large; nothing was written); go on: your answers are held here")
    return child, kept


def test_stopped_while_the_draft_cannot_be_saved_says_so(keyed: Terminal) -> None:
    """Not "draft kept": what could not be saved is said, with the interruption's exit."""
    child, kept = _no_room_for_the_draft(keyed)
    child.expect_exact("Location: ")
    child.sendintr()
    status, output = ended(child)
    assert status == 130, output
    assert f"minecheck: error: draft {kept} could not be saved: " in output
    assert "kept" not in output.split("could not be saved")[1]


@pytest.mark.skipif(not hasattr(resource, "prlimit"), reason="needs Linux prlimit")
def test_a_draft_that_cannot_be_saved_for_a_while_does_not_end_the_walk(keyed: Terminal) -> None:
    """The disk filled up (photos) in the middle of a walk: the first save that failed ended
    the inspection with exit 2 and the answer being given was lost. Now the walk says so and
    goes on; once there is room again the draft is saved, and the walk signs all of it. (A
    file-size limit stands in for the full disk: no root needed.)"""

    child, kept = _no_room_for_the_draft(keyed)
    line(child, "Location: ", "Level −350")
    line(child, "Severity (major/general) [major]: ", "")
    line(child, "Rectification measures: ", "")
    line(child, "Responsible unit / person: ", "")
    line(child, "Enforcement order: ", "")
    child.expect_exact("Deadline (YYYY-MM-DD) [")
    child.sendline("")
    line(child, "Evidence file (empty to finish): ", "")
    child.expect_exact(READING_PROMPT)
    resource.prlimit(child.pid, resource.RLIMIT_FSIZE, (-1, -1))  # room again
    child.sendline("0.5")
    child.expect_exact(f"draft {kept} is saved again")
    finish(child)
    gas = findings(keyed.out)[0]
    assert (gas["description"], gas["location"]) == (LONG, "Level −350")
    assert keyed.verify(keyed.out) == "trusted"


# -- a key being written when the power goes --------------------------------------------------

KILLED_AT_FSYNC = """
import os, signal, sys
os.fsync = lambda fd: os.kill(os.getpid(), signal.SIGKILL)  # the power goes as it is flushed
sys.argv = ["minecheck", "keys", "generate", "--principal", "ann@mine.example"]
from minecheck.__main__ import main
main()
"""


def test_a_key_cut_off_while_written_does_not_block_the_next(isolated_home: Path) -> None:
    """`keys generate` killed while the private key was flushed left it under its own name,
    possibly empty, without its .pub and unrecorded: the next generate refused ("already
    exists ... move the old key away") and nothing pointed at the half key."""
    env = _env(isolated_home)
    killed = subprocess.run([sys.executable, "-c", KILLED_AT_FSYNC], env=env, check=False)
    assert killed.returncode == -signal.SIGKILL
    again = subprocess.run(
        [str(EXE), "keys", "generate", "--principal", "ann@mine.example"],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )
    assert again.returncode == 0, again.stderr
    key = isolated_home / "keys" / "ann@mine.example"
    check = subprocess.run(["ssh-keygen", "-y", "-f", str(key)], capture_output=True, check=False)
    assert (
        check.stdout.decode().split()[:2]
        == key.with_name(f"{key.name}.pub").read_text().split()[:2]
    )


# -- a stop that comes as the signed file is put in place -------------------------------------

STOPPED_AS_LINKED = """
import os, signal

_link = os.link


def link(source, target, *args, **kwargs):
    _link(source, target, *args, **kwargs)
    if os.path.basename(target) == "f.toml":  # the stop comes as the signed file is in place
        os.kill(os.getpid(), signal.{name})


os.link = link
"""


def walked_with(
    keyed: Terminal, tmp_path: Path, sitecustomize: str, *extra: str
) -> tuple[int | None, str]:
    """A walk answered to its end and signed, in a Python started with `sitecustomize` (a
    fault put where the test wants it), `extra` options added: its exit status and what it
    showed."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(sitecustomize)
    env = {**keyed.env(), "PYTHONPATH": str(site)}
    child = pexpect.spawn(
        str(EXE),
        [
            "inspect",
            *(str(CHECKLIST), "--site", "Mine A", "-o", str(keyed.out), "--inspector", "W"),
            *extra,
        ],
        env=env,
        cwd=str(keyed.cwd),
        dimensions=(40, keyed.width),
        timeout=30,
        encoding="utf-8",
    )
    key(child, "y")
    line(child, READING_PROMPT, "0.5")
    line(child, REVIEW_PROMPT, "")
    return ended(child)


@pytest.mark.parametrize("name", ["SIGINT", "SIGTERM", "SIGHUP"])
def test_a_stop_as_the_signed_file_is_written_removes_the_draft_and_names_the_file(
    keyed: Terminal, tmp_path: Path, name: str
) -> None:
    """Stopped between putting the signed file in place and removing the draft, the walk said
    "interrupted before signing; draft ... kept": the file was signed, and resuming the draft
    signed a second one. The stop now takes effect once the draft is removed and the file is
    named: exit 130, the path said, no draft left."""
    status, output = walked_with(keyed, tmp_path, STOPPED_AS_LINKED.replace("{name}", name))
    assert status == 130, output
    assert f"signed and written: {keyed.out}\r\n" in output
    assert output.rstrip().endswith(f"minecheck: error: interrupted after writing {keyed.out}")
    assert "before signing" not in output
    assert keyed.verify(keyed.out) == "trusted"
    assert keyed.drafts() == []


# A line question whose stop lands while the interpreter runs a weak reference's callback (the
# editor's loop drops tasks and handles as it goes): Python prints an exception raised there and
# goes on. SIGHUP and SIGTERM raised KeyboardInterrupt from their handler, and one walk in about
# twenty stopped by SIGHUP at a line question was left waiting for ever (its terminal gone).
STOPPED_IN_A_CALLBACK = """
import asyncio, os, signal, sys, weakref
from minecheck.__main__ import _signals
from minecheck.cli._line_reader import LineReader

_signals()
reader = LineReader()
stop = getattr(signal, sys.argv[1])
kept = []

class Dropped:
    pass

def stopped_here(_ref):
    os.kill(os.getpid(), stop)  # its handler runs inside this callback
    sum(range(100))

step = asyncio.BaseEventLoop._run_once

def run_once(self):
    if reader._session is not None and reader._session.default_buffer.text == "half":
        dropped = Dropped()
        kept.append(weakref.ref(dropped, stopped_here))
        del dropped
    step(self)

asyncio.BaseEventLoop._run_once = run_once
try:
    reader.read("Measures: ")
except KeyboardInterrupt:
    print("stopped, kept:", repr(reader.unsent))
    sys.exit(130)
"""


@pytest.mark.parametrize("how", ["SIGHUP", "SIGTERM"])
@pytest.mark.parametrize("terminal", ["dumb", "xterm"])
def test_a_stop_that_lands_in_a_callback_ends_the_line_question(
    tmp_path: Path, how: str, terminal: str
) -> None:
    env = {**_env(tmp_path), "TERM": terminal}
    child = pexpect.spawn(
        sys.executable, ["-c", STOPPED_IN_A_CALLBACK, how], env=env, timeout=30, encoding="utf-8"
    )
    child.expect_exact("Measures:")  # (the full editor draws the blank after it as a move)
    child.send("half")
    child.expect_exact("stopped, kept: 'half'")  # (it waited for ever)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert "Exception ignored" not in (child.before or "")


# A Ctrl-C that comes as asyncio starts the line editor's loop: its own handling of Ctrl-C is
# in place (it cancels the editor), and the count of the Ctrl-Cs it took not yet set to none.
WALK_STOPPED_AS_ASYNCIO_STARTS = """
import asyncio.runners, os, signal, sys, types
from minecheck.__main__ import main

real = signal.signal

def taken_over(signum, handler):
    before = real(signum, handler)
    if signum == signal.SIGINT and getattr(handler, "func", None) is not None:
        os.kill(os.getpid(), signal.SIGINT)  # (taken before `run` sets its count)
    return before

asyncio.runners.signal = types.SimpleNamespace(**{**vars(signal), "signal": taken_over})
sys.argv = ["minecheck", *sys.argv[1:]]
main()
"""


@pytest.mark.parametrize("terminal", ["dumb", "xterm"])
def test_a_ctrl_c_as_the_line_editor_starts_its_loop_ends_the_walk_with_130(
    keyed: Terminal, terminal: str
) -> None:
    """Seen twice in full runs of the suite (a Ctrl-C as `Location: ` appeared at a dumb
    terminal, whose editor writes its prompt before it starts): the walk ended with a
    traceback of asyncio's CancelledError and exit 1, the draft unnamed. asyncio cancels the
    editor at a Ctrl-C, and counts it to raise KeyboardInterrupt after; one that came before
    the count was set was left a bare cancellation."""
    args = ["inspect", str(CHECKLIST), "--site", "Mine A", "-o", str(keyed.out), "--inspector", "W"]
    child = pexpect.spawn(
        sys.executable,
        ["-c", WALK_STOPPED_AS_ASYNCIO_STARTS, *args],
        env={**keyed.env(), "TERM": terminal},
        timeout=30,
        encoding="utf-8",
    )
    kept = draft_id(child)
    key(child, "n")
    status, output = ended(child)
    assert status == 130, output
    assert f"minecheck: error: interrupted; draft {kept} kept" in output
    assert "Traceback" not in output
    assert keyed.drafts()[0]["id"] == kept


KEY_STOPPED_AS_ASYNCIO_STARTS = WALK_STOPPED_AS_ASYNCIO_STARTS.replace(
    "from minecheck.__main__ import main",
    "from minecheck.portable import read_key_portable",
).replace(
    'sys.argv = ["minecheck", *sys.argv[1:]]\nmain()',
    'try:\n    read_key_portable()\nexcept KeyboardInterrupt:\n    print("stopped")\n'
    "    sys.exit(130)",
)


def test_a_ctrl_c_as_the_key_reader_starts_its_loop_ends_the_key_question(
    tmp_path: Path,
) -> None:
    """The same for the key reader of a terminal without termios (Windows, or standard input
    not a terminal), another editor in a loop of its own."""
    child = pexpect.spawn(
        sys.executable,
        ["-c", KEY_STOPPED_AS_ASYNCIO_STARTS],
        env={**_env(tmp_path), "TERM": "xterm"},
        timeout=30,
        encoding="utf-8",
    )
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130, child.before
    assert "stopped" in child.before


# A Ctrl-C lost in the moment the line editor starts (the stop checked, the editor's own
# handling of Ctrl-C not yet in place): the editor must not wait for a line.
LOST_AS_THE_EDITOR_STARTS = """
import os, signal, sys, weakref
import prompt_toolkit.application as application
from minecheck.__main__ import _signals
from minecheck.cli._line_reader import LineReader

_signals()
real = application.create_app_session

class Dropped:
    pass

def stopped_here(_ref):
    os.kill(os.getpid(), signal.SIGINT)
    sum(range(100))

def starting(*args, **kwargs):
    dropped = Dropped()
    ref = weakref.ref(dropped, stopped_here)
    del dropped  # the interruption is raised inside the callback, and lost
    return real(*args, **kwargs)

application.create_app_session = starting
try:
    LineReader().read("Measures: ")
except KeyboardInterrupt:
    print("stopped")
    sys.exit(130)
"""


@pytest.mark.parametrize("terminal", ["xterm", "dumb"])
def test_a_ctrl_c_lost_as_the_line_editor_starts_ends_the_question(
    tmp_path: Path, terminal: str
) -> None:
    """Seen once in a full run of the suite: a Ctrl-C typed as the walk's next line question
    appeared was lost, and the walk waited for a line. The plain editor of a dumb terminal
    (another application, made by the editor as it starts) waited too."""
    child = pexpect.spawn(
        sys.executable,
        ["-c", LOST_AS_THE_EDITOR_STARTS],
        env={**_env(tmp_path), "TERM": terminal},
        timeout=30,
        encoding="utf-8",
    )
    child.expect_exact("stopped")  # (it waited for a line)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert "Exception ignored" not in (child.before or "")


# A Ctrl-C typed just after the Enter that ends a line: the line is taken, and the editor, still
# running, is letting go of the terminal. `where` puts it at each moment of that: while the
# editor's own handling of Ctrl-C is still in place, once that is removed, and after that.
CTRL_C_AFTER_THE_ENTER = """
import asyncio, os, signal, sys
import prompt_toolkit.application.application as application
from minecheck.__main__ import _signals
from minecheck.cli._line_reader import LineReader

_signals()
where = sys.argv[1]
sent = []

def ctrl_c():
    if not sent:
        sent.append(True)
        os.kill(os.getpid(), signal.SIGINT)

if where == "taken":  # the line's result set, the editor's handling of Ctrl-C in place
    real_exit = application.Application.exit
    def exit(self, *args, **kwargs):
        real_exit(self, *args, **kwargs)
        if "result" in kwargs:
            ctrl_c()
    application.Application.exit = exit
elif where == "restored":  # the editor's handling removed, the one before it put back
    import contextlib
    real_restore = application._restore_sigint_from_ctypes
    @contextlib.contextmanager
    def restore():
        with real_restore():
            yield
        ctrl_c()
    application._restore_sigint_from_ctypes = restore
else:
    loop_class = type(asyncio.new_event_loop())
    real_remove = loop_class.remove_signal_handler
    removed = []
    def remove(self, sig):
        done = real_remove(self, sig)
        if sig == signal.SIGINT:
            removed.append(True)
            if where == "removed":
                ctrl_c()
        return done
    loop_class.remove_signal_handler = remove
    real_close = loop_class.close
    def close(self):  # (the editor's loop, not one closed before it reads)
        real_close(self)
        if where == "closed" and removed:
            ctrl_c()
    loop_class.close = close

reader = LineReader()
if sys.argv[2] == "key":  # the key reader where the terminal's own modes cannot be set
    from minecheck.portable import read_key_portable

    print("Key:", flush=True)
    ask = read_key_portable
else:
    ask = lambda: reader.read("Location: ")
try:
    line = ask()
except KeyboardInterrupt:
    print("stopped, kept:", repr(reader.unsent))
    sys.exit(130)
print("went on with", repr(line))
"""


def _ctrl_c_after(tmp_path: Path, where: str, what: str, terminal: str) -> str:
    """CTRL_C_AFTER_THE_ENTER asking `what` (a line or a key) at a `terminal`, answered, with
    the Ctrl-C at `where`: what it printed, once it ended with 130."""
    child = pexpect.spawn(
        sys.executable,
        ["-c", CTRL_C_AFTER_THE_ENTER, where, what],
        env={**_env(tmp_path), "TERM": terminal},
        timeout=30,
        encoding="utf-8",
    )
    child.expect_exact("Location:" if what == "line" else "Key:")
    child.send("Shaft 2\r" if what == "line" else "y")
    child.expect(pexpect.EOF)
    child.close()
    printed = child.before or ""
    assert child.exitstatus == 130, printed
    return printed


@pytest.mark.parametrize("where", ["taken", "removed", "restored", "closed"])
@pytest.mark.parametrize("terminal", ["dumb", "xterm"])
def test_a_ctrl_c_just_after_the_enter_ends_the_question_with_the_line_kept(
    tmp_path: Path, where: str, terminal: str
) -> None:
    """Seen in a full run of the suite (exit 1 where 130 was expected), and at a terminal: a
    Ctrl-C typed at once after the Enter that answered a line question reached the editor's
    handling once the line was taken; it said "Exception: Application is not running.
    Application.exit() failed." and the walk asked its next question as if no Ctrl-C had
    come. It ends the question now, with the line kept as typed."""
    printed = _ctrl_c_after(tmp_path, where, "line", terminal)
    assert "stopped, kept: 'Shaft 2'" in printed
    assert "Exception" not in printed
    assert "Traceback" not in printed


@pytest.mark.parametrize("where", ["taken", "removed", "restored", "closed"])
def test_a_ctrl_c_just_after_a_key_ends_the_key_question(tmp_path: Path, where: str) -> None:
    """The same for the key reader of a terminal without termios (Windows, or standard input
    not a terminal): the key was taken and the Ctrl-C after it lost."""
    assert "stopped, kept: ''" in _ctrl_c_after(tmp_path, where, "key", "xterm")


# A stop that comes as a line is taken (the Enter read, the editor still running): `STOP_AT` is
# the answer after whose Enter it comes.
STOPPED_AS_THE_LINE_IS_TAKEN = """
import os, signal
import prompt_toolkit.application.application as application

real_exit = application.Application.exit


def exit(self, *args, **kwargs):
    real_exit(self, *args, **kwargs)
    if kwargs.get("result") == os.environ["STOP_AT"]:
        os.kill(os.getpid(), signal.{name})


application.Application.exit = exit
"""


def _stopped_after_the_line(
    keyed: Terminal, tmp_path: Path, stop: str, answer: str, terminal: str = "dumb"
) -> Any:
    """A walk that `stop` (a sitecustomize) stops after the line `answer`."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(stop)
    return pexpect.spawn(
        str(EXE),
        ["inspect", str(CHECKLIST), "--site", "Mine A", "-o", str(keyed.out), "--inspector", "W"],
        env={**keyed.env(), "PYTHONPATH": str(site), "STOP_AT": answer, "TERM": terminal},
        cwd=str(keyed.cwd),
        dimensions=(40, keyed.width),
        timeout=30,
        encoding="utf-8",
    )


@pytest.mark.parametrize("name", ["SIGINT", "SIGTERM"])
@pytest.mark.parametrize("field", ["severity", "deadline"])
def test_a_stop_just_after_the_enter_keeps_a_severity_or_a_deadline_answered(
    keyed: Terminal, tmp_path: Path, field: str, name: str
) -> None:
    """A Ctrl-C (or a SIGTERM) just after the Enter that answers the severity or the deadline
    kept the line as typed, and the walk dropped it: only the free-text fields were kept, and
    the resumed walk offered `major` and the default deadline again. The answer is kept now as
    the question reads it, and resumed, it is the default."""
    due = dt.date.today() + dt.timedelta(days=20)
    given = {"severity": "general", "deadline": due.isoformat()}[field]
    stop = STOPPED_AS_THE_LINE_IS_TAKEN.replace("{name}", name)
    child = _stopped_after_the_line(keyed, tmp_path, stop, given)
    kept = draft_id(child)
    key(child, "n")
    line(child, "Description of the hidden danger: ", "Board faked")
    line(child, "Location: ", "")
    line(child, "Severity (major/general) [major]: ", "general")
    if field == "deadline":
        line(child, "Reason for lowering the severity: ", "first time")
        for label in ("Rectification measures: ", "Responsible unit / person: "):
            line(child, label, "")
        line(child, "Enforcement order: ", "")
        child.expect_exact("Deadline (YYYY-MM-DD) [")
        line(child, "]: ", given)
    status, output = ended(child)
    assert status == 130, output
    assert f"interrupted; draft {kept} kept" in output
    assert "Traceback" not in output

    child = keyed.spawn("drafts", "resume", kept)
    key(child, "n")
    line(child, "Description of the hidden danger [Board faked]: ", "")
    line(child, "Location: ", "")
    line(child, "Severity (major/general) [general]: ", "")  # ([major]: the answer was lost)
    line(child, "Reason for lowering the severity", "first time")
    for label in ("Rectification measures: ", "Responsible unit / person: "):
        line(child, label, "")
    line(child, "Enforcement order: ", "")
    if field == "deadline":
        line(child, f"Deadline (YYYY-MM-DD) [{given}]: ", "")
    else:
        line(child, "Deadline (YYYY-MM-DD) [", "")
    line(child, "Evidence file (empty to finish): ", "")
    line(child, READING_PROMPT, "0.5")
    finish(child)
    [gas, _, _] = findings(keyed.out)
    assert gas["severity"] == "general"
    if field == "deadline":
        assert gas["deadline"] == due


@pytest.mark.parametrize("name", ["SIGINT", "SIGHUP"])
def test_a_stop_just_after_the_enter_keeps_a_reading_answered(
    keyed: Terminal, tmp_path: Path, name: str
) -> None:
    """The same for a reading: typed, Enter, and a Ctrl-C at once lost it (the resumed walk
    asked for it as if none had been given). It is kept, and offered as the default."""
    stop = STOPPED_AS_THE_LINE_IS_TAKEN.replace("{name}", name)
    child = _stopped_after_the_line(keyed, tmp_path, stop, "0.75")
    kept = draft_id(child)
    key(child, "y")
    line(child, READING_PROMPT, "0.75")
    status, output = ended(child)
    assert status == 130, output
    assert f"interrupted; draft {kept} kept" in output
    [listed] = keyed.drafts()
    assert (listed["answered"], listed["unfinished"]) == (1, 1)  # (1, 0): lost

    child = keyed.spawn("drafts", "resume", kept)
    line(child, READING_PROMPT.replace("key: ", "key [0.75]: "), "")
    finish(child)
    [_, methane, _] = findings(keyed.out)
    assert methane == compliant_methane(0.75)


# A stop that comes once the line is read, before the walk keeps it (a Ctrl-C or a SIGTERM just
# after the editor has let go of the terminal).
STOPPED_AS_THE_LINE_IS_READ = """
import os, signal
from minecheck.cli import _line_reader

real_read = _line_reader.LineReader.read


def read(self, *args, **kwargs):
    line = real_read(self, *args, **kwargs)
    if line == os.environ["STOP_AT"]:
        os.kill(os.getpid(), signal.SIGTERM)
        sum(range(100))  # (its handler runs here)
    return line


_line_reader.LineReader.read = read
"""


@pytest.mark.parametrize(("answer", "field"), [("Shaft 2", "location"), ("general", "severity")])
def test_a_stop_once_the_line_is_read_keeps_it(
    keyed: Terminal, tmp_path: Path, answer: str, field: str
) -> None:
    """Stopped once the editor had returned the line and before the walk kept it, the answer
    was lost: the resumed walk asked the field from nothing."""
    child = _stopped_after_the_line(keyed, tmp_path, STOPPED_AS_THE_LINE_IS_READ, answer)
    kept = draft_id(child)
    key(child, "n")
    line(child, "Description of the hidden danger: ", "Board faked")
    line(child, "Location: ", "Shaft 2")
    if field == "severity":
        line(child, "Severity (major/general) [major]: ", "general")
    status, output = ended(child)
    assert status == 130, output
    assert "Traceback" not in output

    child = keyed.spawn("drafts", "resume", kept)
    key(child, "n")
    line(child, "Description of the hidden danger [Board faked]: ", "")
    line(child, "Location [Shaft 2]: ", "")  # (Location: , the answer lost)
    shown = "general" if field == "severity" else "major"
    child.expect_exact(f"Severity (major/general) [{shown}]: ")
    child.sendcontrol("c")
    assert ended(child)[0] == 130


# A Ctrl-C as asyncio makes the line editor's event loop (the first instant of a question).
STOPPED_AS_THE_EDITOR_S_LOOP_IS_MADE = """
import os, signal
import asyncio.selector_events as selector_events

real_make = selector_events.BaseSelectorEventLoop._make_self_pipe


def make(self):
    os.kill(os.getpid(), signal.SIGINT)  # the loop is left made in part
    return real_make(self)


selector_events.BaseSelectorEventLoop._make_self_pipe = make
"""


@pytest.mark.parametrize("terminal", ["dumb", "xterm"])
def test_a_ctrl_c_as_the_editor_s_loop_is_made_says_nothing_of_python_s(
    keyed: Terminal, tmp_path: Path, terminal: str
) -> None:
    """The walk ended rightly (130, the draft kept and named) and then printed "Exception
    ignored in: <function BaseEventLoop.__del__>", a traceback, and a RuntimeWarning naming a
    source file ("coroutine 'Application.run_async' was never awaited")."""
    stop = STOPPED_AS_THE_EDITOR_S_LOOP_IS_MADE
    child = _stopped_after_the_line(keyed, tmp_path, stop, "", terminal)
    kept = draft_id(child)
    key(child, "n")  # the description's editor: the first event loop made
    status, output = ended(child)
    assert status == 130, output
    assert f"interrupted; draft {kept} kept" in output
    for noise in ("Exception", "Traceback", "Warning", ".py"):
        assert noise not in output


# The same stop lost before a question is asked: the question must not wait for an answer.
LOST_BEFORE_A_QUESTION = """
import os, signal, sys, weakref
from minecheck.__main__ import _signals
from minecheck.cli._line_reader import LineReader
from minecheck.cli._signing import prompt_secret
from minecheck.portable import read_key

_signals()
stop = getattr(signal, sys.argv[1])

class Dropped:
    pass

def stopped_here(_ref):
    os.kill(os.getpid(), stop)
    sum(range(100))

dropped = Dropped()
ref = weakref.ref(dropped, stopped_here)
del dropped  # the interruption is raised inside the callback: printed, and lost
print("went on")
ask = {"key": read_key, "line": lambda: LineReader().read("Measures: "),
       "passphrase": lambda: prompt_secret("Passphrase")}[sys.argv[2]]
try:
    ask()
except KeyboardInterrupt:
    print("stopped")
    sys.exit(130)
"""


@pytest.mark.parametrize("question", ["key", "line", "passphrase"])
@pytest.mark.parametrize("stop", ["SIGTERM", "SIGINT"])
def test_a_stop_lost_before_a_question_ends_the_run_there(
    tmp_path: Path, stop: str, question: str
) -> None:
    """SIGINT too: a Ctrl-C typed in the moment between two questions, while the terminal is in
    its line mode, is a signal; its interruption, raised in a weak reference's callback, was
    printed ("Exception ignored in: ... KeyboardInterrupt") and lost, and the walk waited at
    the next question as if no Ctrl-C had come (seen once in a full run of the suite)."""
    child = pexpect.spawn(
        sys.executable,
        ["-c", LOST_BEFORE_A_QUESTION, stop, question],
        env=_env(tmp_path),
        timeout=30,
        encoding="utf-8",
    )
    child.expect_exact("went on")
    assert child.before == ""  # (not Python's "Exception ignored in: ..." and a traceback)
    child.expect_exact("stopped")  # (it waited for an answer that would not come)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130


# The same Ctrl-C lost while a batch command works (a process pool makes many weak references
# and finalizers): the run must end, not go on to its end as if no Ctrl-C had come.
LOST_IN_A_BATCH = """
import os, signal, sys, weakref
from minecheck.__main__ import main

class Dropped:
    pass

def stopped_here(_ref):
    os.kill(os.getpid(), signal.SIGINT)
    sum(range(100))

import minecheck.report.batch as batch
real = batch.map_items

def map_items(*args, **kwargs):
    dropped = Dropped()
    ref = weakref.ref(dropped, stopped_here)
    del dropped  # lost here, as the files begin to be read
    return real(*args, **kwargs)

batch.map_items = map_items
batch.cpu_count = lambda: int(os.environ["CORES"])
main()
"""


@pytest.mark.parametrize("cores", ["1", "2"])
def test_a_ctrl_c_lost_while_a_batch_command_works_ends_it(tmp_path: Path, cores: str) -> None:
    """`summary DIR` with a Ctrl-C lost in a callback went on and reported (exit 0 here, or 2
    with nothing usable); it ends as a Ctrl-C does: "interrupted", exit 130."""
    folder = tmp_path / "docs"
    folder.mkdir()
    for n in range(60):  # (enough for a pool)
        (folder / f"d{n:02}.toml").write_bytes(b"not a document\n")
    run = subprocess.run(
        [sys.executable, "-c", LOST_IN_A_BATCH, "summary", str(folder), "--no-cache"],
        env={**_env(tmp_path), "CORES": cores},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (run.returncode, run.stdout) == (130, "")
    assert run.stderr.splitlines()[-1] == "minecheck: error: interrupted; nothing was written"
    assert "Traceback" not in run.stderr
