"""A Ctrl-C at a key question's first instant: between the question's check for a stop and the
key being read, the interruption must end the walk (exit 130, the draft named), never leave it
waiting for a key.

The moment is staged in the walk itself, started in a Python that runs `main()` with the
fault put where it belongs (the key reader's terminal set up for the read, the stop already
checked): a SIGINT whose handler runs inside a weak reference's callback (Python reports the
interruption there and goes on), and one taken by another thread of the process (its flag set,
the main thread already waiting in `read`: what a Ctrl-C that comes just before the read's
system call leaves too).
"""

from __future__ import annotations

import sys

import pexpect
import pytest

from tests.test_inspect_pty import (
    CHECKLIST,
    GAS_QUESTION,
    GAS_QUESTION_ZH,
    Terminal,
    draft_id,
    ended,
    keyed,
    term,
)

__all__ = ["keyed", "term"]  # fixtures

# the key reader's `cbreak`, called once the stop is checked and before the key is read
AT_THE_KEY_READ = """
import os, signal, sys, threading, time, weakref
import minecheck.portable as portable
from minecheck.__main__ import main

real = portable.cbreak

class Dropped:
    pass

def in_a_callback(_ref):
    os.kill(os.getpid(), signal.SIGINT)  # its handler runs inside this callback
    sum(range(100))

def from_another_thread():
    time.sleep(0.5)  # (the main thread waits in `read` by now)
    signal.pthread_kill(threading.get_ident(), signal.SIGINT)

def cbreak(fd):
    real(fd)
    if sys._getframe(1).f_code.co_name == "_read_key_termios":
        if sys.argv[1] == "callback":
            dropped = Dropped()
            ref = weakref.ref(dropped, in_a_callback)
            del dropped  # the interruption is raised inside the callback, and lost
        else:
            threading.Thread(target=from_another_thread, daemon=True).start()

portable.cbreak = cbreak
sys.argv = ["minecheck", *sys.argv[2:]]
main()
"""

QUESTION = {"en": GAS_QUESTION, "zh": GAS_QUESTION_ZH}
INTERRUPTED = {"en": "interrupted; draft {id} kept", "zh": "已中断；草稿 {id} 已保留"}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("where", ["callback", "thread"])
def test_a_ctrl_c_as_the_key_question_reads_ends_the_walk(
    keyed: Terminal, lang: str, where: str
) -> None:
    """Both waited for a key for ever (a Ctrl-C sent as the first question appeared, seen once
    in a full run of the suite under load): now exit 130, the draft kept and named."""
    args = ["inspect", str(CHECKLIST), "--site", "Mine A", "-o", str(keyed.out)]
    child = pexpect.spawn(
        sys.executable,
        ["-c", AT_THE_KEY_READ, where, *args, "--inspector", "W", "--lang", lang],
        env=keyed.env(),
        cwd=str(keyed.cwd),
        dimensions=(keyed.rows, keyed.width),
        timeout=8,  # (it waited for ever: the test's own bound, far above the run's second)
        encoding="utf-8",
    )
    kept = draft_id(child)
    child.expect_exact(QUESTION[lang])
    status, output = ended(child)
    assert status == 130, output
    assert INTERRUPTED[lang].format(id=kept) in output
    assert "Traceback" not in output
    assert "Exception ignored" not in output
    assert keyed.drafts()[0]["id"] == kept
