"""Loose ends, round 27: `followup`'s findings-unchecked quotes its id; a `keys generate`
stopped while recording its key says what is left; merge's separate-inspections names an
untrusted signer as such; site ids that differ only in letter case or end blanks."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

# `keys generate` sent SIGTERM (a Ctrl-C alike) while it records its new key in the key list
# (waiting on another minecheck's lock): the pair it made is taken away again
STOPPED_WHILE_RECORDING = textwrap.dedent(
    """
    import os, signal, sys
    import minecheck.cli.keys as keys
    real = keys.record_key
    def stopped(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGTERM)
        return real(*args, **kwargs)
    keys.record_key = stopped
    sys.argv = ["minecheck", *sys.argv[1:]]
    from minecheck.__main__ import main
    main()
    """
)
NOTHING_WRITTEN = {
    "en": "minecheck: error: interrupted; nothing was written",
    "zh": "minecheck: error: 已中断；未写入任何文件",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_run_stopped_while_recording_its_key_says_nothing_was_written(
    tmp_path: Path, lang: str
) -> None:
    """The pair was written, then taken away when the key list was not written: the run said
    "interrupted after writing the new key … and its public half …", of files not there."""
    home = tmp_path / "home"
    done = subprocess.run(
        [
            *(sys.executable, "-c", STOPPED_WHILE_RECORDING, "keys", "generate"),
            *("--principal", "wang.wei@hlj.example", "--lang", lang),
        ],
        env={**os.environ, "MINECHECK_HOME": str(home)},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,  # a hang guard, not a timing assertion
    )
    assert (done.returncode, done.stdout) == (130, ""), done.stderr
    assert done.stderr.splitlines()[-1] == NOTHING_WRITTEN[lang]
    assert sorted(p.name for p in (home / "keys").iterdir() if not p.name.startswith(".")) == []
