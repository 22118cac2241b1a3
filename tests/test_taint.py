"""Every untrusted string traced to where it is shown: one hostile value per field, driven through
each command that shows that field, in English and Chinese, as text and as JSON.

The hostile value carries every class of trouble at once: C0 and C1 controls, an ANSI colour and
an OSC 8 link, bidi overrides and isolates, zero-width and other format characters, line and
paragraph separators, CR and TAB, Rich markup and an emoji code, Markdown and HTML syntax, and a
leading CSV formula trigger. Wherever it is shown it must be made safe and still be recognisable
by the tag it begins with.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest

from minecheck import paths

MINECHECK = shutil.which("minecheck", path=str(Path(sys.executable).parent))

# what no terminal, report or log may receive as it is (newline aside, where lines are made)
UNSAFE = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"})


def hostile(tag: str) -> str:
    """One value holding every class of unsafe text, beginning with `tag` (a formula trigger
    before it, for CSV)."""
    return (
        f"={tag}<\x1b[31mR\x1b]8;;http://e.example\x07L\x1b]8;;\x07\x9b31m\x85"
        "\u202eRTL\u2066I\u2069\u200b\ufeff\u00ad\u2028LS\u2029PS\r\t\x7f"
        "[bold]B[/bold][link=http://e.example]k[/link]:skull: <b>h</b>&amp; *m* |p| `c`\n# h"
    )


def raw(text: str, allowed: str = "\n") -> list[str]:
    """The unsafe characters of `text` that reached it as they are."""
    return sorted({f"U+{ord(ch):04X}" for ch in text if ch not in allowed} & _unsafe(text))


def _unsafe(text: str) -> set[str]:
    return {f"U+{ord(ch):04X}" for ch in set(text) if unicodedata.category(ch) in UNSAFE}


# -- shell completion: names met in minecheck's own directories ---------------------------------

COMPLETED: list[tuple[str, Callable[[], Path], str]] = [
    # (what is completed, the directory a file name is met in, the words typed)
    ("draft ids", paths.drafts_dir, "minecheck drafts discard a"),
    ("checklist ids", paths.user_checklists_dir, "minecheck inspect a"),
]


@pytest.mark.skipif(MINECHECK is None, reason="the console script is not installed")
@pytest.mark.parametrize(("what", "directory", "words"), COMPLETED, ids=[c[0] for c in COMPLETED])
def test_completion_offers_no_name_that_cannot_be_shown(
    what: str, directory: Callable[[], Path], words: str, tmp_path: Path
) -> None:
    """A file name met in the drafts or checklist directory is offered to the shell, which
    lists the candidates on the terminal as they are: an OSC sequence in one set the window's
    title, a bidi override turned the list around, a newline made two names that do not exist,
    and a name that is not UTF-8 was a traceback instead of any completion."""
    assert MINECHECK is not None
    where = directory()
    where.mkdir(parents=True)
    names = [
        "ab-good",
        "ab\x1b]0;PWNED\x07c",
        "ab\u202eX",
        "ab\nline",
        "ab\u200bzw",
        "ab[bold]x",
    ]
    for name in names:
        (where / f"{name}.toml").write_text("")
    (where / os.fsdecode(b"ab\xff.toml")).write_text("")
    env = {k: v for k, v in os.environ.items() if not k.startswith("_MINECHECK")}
    cword = str(len(words.split()) - 1)
    env.update({"_MINECHECK_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": cword})
    run = subprocess.run([MINECHECK], env=env, cwd=tmp_path, capture_output=True, check=False)
    assert (run.returncode, run.stderr) == (0, b"")
    offered = run.stdout.decode("utf-8").splitlines()
    assert offered == ["ab-good", "ab[bold]x"]
