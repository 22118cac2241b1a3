"""Two `sign FILE` of one unsigned file at once (a cron job and an inspector, or two terminals):
both read the unsigned file, both said "signed", and the second's signature silently replaced the
first's. Run one after the other, the second is refused ("already signed"); at once, now too.

The interleaving is made, not waited for: the second signer is started from inside the first at
the moment it has read the file and is about to sign it, and the first goes on only once the
second has either finished or is seen holding the file open, waiting for it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Run
from tests.helpers_docs import findings_body
from tests.helpers_merge import person

EXE = Path(sys.executable).parent / "minecheck"


def unsigned_body(who: Any) -> str:
    """A findings body that names no signer: either key may sign it."""
    text = findings_body(who.principal, who.fingerprint).decode()
    return "".join(line for line in text.splitlines(True) if not line.startswith("signer"))


def _holds_open(pid: int, path: Path) -> bool:
    try:
        fds = list(Path(f"/proc/{pid}/fd").iterdir())
    except OSError:
        return False
    for fd in fds:
        try:
            if os.readlink(fd) == str(path):
                return True
        except OSError:
            continue
    return False


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="reads /proc")
def test_two_signing_one_file_in_place_at_once_keep_the_first_signature(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keys = tmp_path / "keys"
    keys.mkdir()
    alice, bob = person(keys, "alice"), person(keys, "bob")
    doc = tmp_path / "u.toml"
    doc.write_text(unsigned_body(alice), "utf-8")
    other: list[subprocess.Popen[str]] = []
    from minecheck.cli import sign as sign_module
    from minecheck.cli._signing import resolve_identity as real

    def identity_as_another_signs(*args: Any, **kwargs: Any) -> Any:
        # the file is read; before it is signed, Bob signs it from another terminal
        proc = subprocess.Popen(
            [str(EXE), "sign", str(doc), "--key", str(bob.key)],
            env=dict(os.environ),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        other.append(proc)
        deadline = time.monotonic() + 60  # a hang guard, not a timing assertion
        while proc.poll() is None and not _holds_open(proc.pid, doc):
            assert time.monotonic() < deadline
            time.sleep(0.01)
        return real(*args, **kwargs)

    monkeypatch.setattr(sign_module, "resolve_identity", identity_as_another_signs)
    run: Run = cli(["sign", str(doc), "--key", str(alice.key)])
    assert run.exit_code == 0, run.stderr
    _, err = other[0].communicate(timeout=120)
    assert (other[0].returncode, err) == (2, f"minecheck: error: {doc} is already signed\n")
    text = doc.read_text("utf-8")
    assert re.search(r'^signer = "alice@coal.example"$', text, re.M), text
