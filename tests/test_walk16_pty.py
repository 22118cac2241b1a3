"""A stop at a read's first instant, beyond walk15's key question: a line read without an editor
(the prompts sent to a file), SIGTERM and SIGHUP as well as Ctrl-C; and a key typed at once after
a lone Esc, which the key question dropped.

The moment is staged in the walk itself, as tests/test_walk15_pty.py stages it: a Python runs
`main()` with the fault put where it belongs (the question's terminal set up for the read, the
stop already checked): a signal whose handler runs inside a weak reference's callback, and one
another thread of the process takes while the main thread waits in its read.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pexpect
import pytest

from tests.test_inspect_pty import (
    CHECKLIST,
    GAS_QUESTION,
    GAS_QUESTION_ZH,
    KEY_PROMPT,
    Terminal,
    draft_id,
    ended,
    keyed,
    term,
)

__all__ = ["keyed", "term"]  # fixtures

# argv: where (callback / thread), the signal (INT / TERM / HUP), the read (key / line / secret /
# discard),
# the file the prompts go to ("-": the terminal), then minecheck's arguments
AT_THE_READ = """
import contextlib, os, signal, sys, threading, time, weakref
import minecheck.portable as portable
import minecheck.cli._line_reader as line_reader
from minecheck.__main__ import main

where, name, read, prompts = sys.argv[1:5]
signum = getattr(signal, "SIG" + name)
if prompts != "-":
    os.dup2(os.open(prompts, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), 2)

class Dropped:
    pass

def in_a_callback(_ref):
    os.kill(os.getpid(), signum)  # its handler runs inside this callback
    sum(range(100))

def from_another_thread():
    time.sleep(0.5)  # (the main thread waits in its read by now)
    signal.pthread_kill(threading.get_ident(), signum)

fired = []

def fault():
    if fired:
        return
    fired.append(True)
    if where == "callback":
        dropped = Dropped()
        ref = weakref.ref(dropped, in_a_callback)
        del dropped  # the stop is raised inside the callback, and lost
    else:
        threading.Thread(target=from_another_thread, daemon=True).start()

real_cbreak, real_line_mode = portable.cbreak, line_reader.line_mode
real_given_back = portable.terminal_given_back_at_quit_or_stop

def cbreak(fd):
    real_cbreak(fd)
    if read == "key" and sys._getframe(1).f_code.co_name == "_read_key_termios":
        fault()

@contextlib.contextmanager
def line_mode():
    with real_line_mode():
        if read == "line":
            fault()
        yield

@contextlib.contextmanager
def given_back(prompt=""):
    with real_given_back(prompt):  # (entered as the passphrase is about to be read)
        if read == "secret":
            fault()
        yield

real_folded = line_reader.folded

def folded(text):
    if read == "discard" and "[y/N]" in text:  # (the question written, its line not read)
        fault()
    return real_folded(text)

portable.cbreak, line_reader.line_mode, line_reader.folded = cbreak, line_mode, folded
portable.terminal_given_back_at_quit_or_stop = given_back
sys.argv = ["minecheck", *sys.argv[5:]]
main()
"""

QUESTION = {"en": GAS_QUESTION, "zh": GAS_QUESTION_ZH}
INTERRUPTED = {"en": "interrupted; draft {id} kept", "zh": "已中断；草稿 {id} 已保留"}


def staged(term: Terminal, lang: str, *fault: str) -> pexpect.spawn:
    """The walk, `fault` staged in it."""
    args = ["inspect", str(CHECKLIST), "--site", "Mine A", "-o", str(term.out)]
    return spawned(term, {}, *fault, *args, "--inspector", "W", "--lang", lang)


def spawned(term: Terminal, env: dict[str, str], *argv: str) -> pexpect.spawn:
    return pexpect.spawn(
        sys.executable,
        ["-c", AT_THE_READ, *argv],
        env={**term.env(), **env},
        cwd=str(term.cwd),
        dimensions=(term.rows, term.width),
        timeout=8,  # (it waited for ever: the test's own bound, far above the run's second)
        encoding="utf-8",
    )


def shown(path: Path, text: str) -> str:
    """What the prompts' file holds once `text` is in it (within 8 s)."""
    deadline = time.monotonic() + 8
    while time.monotonic() < deadline:
        written = path.read_text("utf-8", "replace") if path.exists() else ""
        if text in written:
            return written
        time.sleep(0.05)
    raise AssertionError(f"{text!r} not in {written!r}")


def assert_interrupted(term: Terminal, lang: str, status: int | None, said: str) -> None:
    kept = term.drafts()[0]["id"]
    assert status == 130, said
    assert INTERRUPTED[lang].format(id=kept) in said
    assert "Traceback" not in said
    assert "Exception ignored" not in said


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("where", ["callback", "thread"])
def test_a_ctrl_c_as_a_line_is_read_without_an_editor_ends_the_walk(
    keyed: Terminal, lang: str, where: str
) -> None:
    """The prompts sent to a file, the line is read in the terminal's line mode: a Ctrl-C as
    that read began left the walk waiting for a line."""
    prompts = keyed.cwd / "prompts.txt"
    child = staged(keyed, lang, where, "INT", "line", str(prompts))
    shown(prompts, QUESTION[lang])
    child.send("y")  # (the first line question comes next)
    status, _ = ended(child)
    assert_interrupted(keyed, lang, status, shown(prompts, INTERRUPTED[lang][:6]))


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("read", ["key", "line"])
@pytest.mark.parametrize("name", ["TERM", "HUP"])
@pytest.mark.parametrize("where", ["callback", "thread"])
def test_a_sigterm_or_sighup_at_a_question_s_first_instant_ends_the_walk(
    keyed: Terminal, lang: str, read: str, name: str, where: str
) -> None:
    """SIGTERM (a shutdown) and SIGHUP (the window closed) as a key question's or a line
    question's read begins: the documented end, exit 130 and the draft named."""
    prompts = keyed.cwd / "prompts.txt"
    child = staged(keyed, lang, where, name, read, str(prompts) if read == "line" else "-")
    if read == "line":
        shown(prompts, QUESTION[lang])
        child.send("y")
        status, _ = ended(child)
        said = shown(prompts, INTERRUPTED[lang][:6])
    else:
        draft_id(child)
        child.expect_exact(QUESTION[lang])
        status, said = ended(child)
    assert_interrupted(keyed, lang, status, said)


NEXT = {"en": "Enter the reading in", "zh": "或按键："}  # (the question after a `y`)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_key_typed_at_once_after_a_lone_esc_is_kept(keyed: Terminal, lang: str) -> None:
    """Esc, then `y` 5 ms later: the Esc answers nothing, the `y` answers the question (it
    was read as the Esc's sequence and dropped, and the question waited)."""
    child = staged(keyed, lang, "none", "INT", "none", "-")
    draft_id(child)
    child.expect_exact(QUESTION[lang])
    child.expect_exact(KEY_PROMPT)
    child.delaybeforesend = None  # (pexpect waits 50 ms before each send)
    child.send("\x1b")
    time.sleep(0.005)
    child.send("y")
    child.expect_exact(NEXT[lang], timeout=5)
    child.sendintr()
    status, _ = ended(child)
    assert status == 130


BEFORE_SIGNING = {
    "en": "interrupted before signing; draft {id} kept",
    "zh": "签名前中断；草稿 {id} 已保留",
}
REVIEW = {"en": "Your choice (Enter signs)", "zh": "您的选择（回车即签名）"}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("name", ["INT", "TERM", "HUP"])
@pytest.mark.parametrize("where", ["callback", "thread"])
def test_a_stop_as_the_passphrase_is_read_ends_the_walk(
    term: Terminal, lang: str, name: str, where: str
) -> None:
    """Ctrl-C or SIGTERM as the passphrase's read began left the prompt waiting for it."""
    term.key_with_passphrase()
    prompts = term.cwd / "prompts.txt"
    child = staged(term, lang, where, name, "secret", str(prompts))
    shown(prompts, QUESTION[lang])
    child.send("y")
    shown(prompts, NEXT[lang])
    child.send("0.5\r")
    shown(prompts, REVIEW[lang])
    child.send("\r")
    status, _ = ended(child)
    said = shown(prompts, BEFORE_SIGNING[lang][:6])
    kept = term.drafts()[0]["id"]
    assert status == 130, said
    assert BEFORE_SIGNING[lang].format(id=kept) in said
    assert "Traceback" not in said
    assert not term.out.exists()


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("where", ["callback", "thread"])
def test_a_ctrl_c_as_drafts_discard_reads_its_answer_ends_it(
    keyed: Terminal, lang: str, where: str
) -> None:
    """`drafts discard` asks on the terminal and reads the answer's line: a Ctrl-C as that
    read began left it waiting; now it ends as a Ctrl-C there ends it, nothing discarded."""
    walk = staged(keyed, lang, "none", "INT", "none", "-")
    kept = draft_id(walk)
    key_prompt_then(walk, "y")
    walk.expect_exact(NEXT[lang])
    walk.send("q\r")  # (saved and left)
    assert ended(walk)[0] == 0
    fault = [where, "INT", "discard", "-"]
    child = spawned(keyed, {"MINECHECK_LANG": lang}, *fault, "drafts", "discard", kept[:8])
    child.expect_exact("[y/N]")
    status, said = ended(child)
    assert status == 130, said
    assert said.strip() == "minecheck: error: " + NOTHING_WRITTEN[lang]
    assert [d["id"] for d in keyed.drafts()] == [kept]


NOTHING_WRITTEN = {"en": "interrupted; nothing was written", "zh": "已中断；未写入任何文件"}


def key_prompt_then(child: pexpect.spawn, answer: str) -> None:
    child.expect_exact(KEY_PROMPT)
    child.send(answer)
