"""Loose ends, round 26: an events file's escalation hint says the key once; a run stopped just
after a new key pair was written names the key and its public half; a misplaced header key of
an events file is placed at its line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from tests.test_expert_panel import REF
from tests.test_trainer14 import signing_beside_findings

ESCALATED = f"""\
[[event]]
finding = "{REF}"
action = "escalated"
at = 2026-12-03T08:00:00Z
"""


@pytest.fixture
def signed_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    return signing_beside_findings(tmp_path, monkeypatch)


# of an events file the note is the key itself: "the event's note (note)" said it twice
UNNAMED_HINT = {
    "en": "  hint: name it in the event's note: suspension for rectification, a closure "
    "requested, or a transfer to another authority\n",
    "zh": "  hint: 请在该事件的 note 中写明：停产整顿、提请关闭或移送\n",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_events_file_s_escalation_hint_names_the_note_once(
    cli: Any, signed_here: list[str], lang: str
) -> None:
    Path("e.toml").write_text(ESCALATED, encoding="utf-8")
    run = cli(["followup", "--events", "e.toml", *signed_here, "-o", "a.toml", "--lang", lang])
    assert (run.exit_code, run.stdout) == (0, "a.toml\n")
    hints = [line + "\n" for line in run.stderr.splitlines() if line.startswith("  hint: ")]
    assert hints == [UNNAMED_HINT[lang]]


# `keys generate` sent SIGTERM (a Ctrl-C alike) just after its key pair is put in place
STOPPED_AFTER_THE_PAIR = textwrap.dedent(
    """
    import os, signal, sys
    import minecheck.core.keys as keys
    real = keys.generate
    def then_stopped(*args, **kwargs):
        made = real(*args, **kwargs)
        os.kill(os.getpid(), signal.SIGTERM)
        return made
    keys.generate = then_stopped
    sys.argv = ["minecheck", *sys.argv[1:]]
    from minecheck.__main__ import main
    main()
    """
)
STOPPED_SAID = {
    "en": "minecheck: error: interrupted after writing the new key {key} and its public half "
    "{key}.pub",
    "zh": "minecheck: error: 已中断；已写入新密钥 {key} 及其公钥 {key}.pub",
}


def generate_stopped(script: str, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`keys generate ARGS` run by `script` (which stops it), with minecheck's home at `home`."""
    return subprocess.run(
        [sys.executable, "-c", script, "keys", "generate", *args],
        env={**os.environ, "MINECHECK_HOME": str(home)},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,  # a hang guard, not a timing assertion
    )


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_run_stopped_after_a_new_key_pair_names_the_key_and_its_public_half(
    tmp_path: Path, lang: str
) -> None:
    """Stopped after the walk's key offer (or `keys generate`) made the pair, the run said
    "interrupted after writing 2 files, the last …/NAME.pub", as if an inspection were half
    written."""
    secret = tmp_path / "pass"
    secret.write_text("a passphrase long enough\n", encoding="utf-8")
    secret.chmod(0o600)
    from minecheck import paths

    home = tmp_path / "home"
    with pytest.MonkeyPatch.context() as env:
        env.setenv("MINECHECK_HOME", str(home))
        key = paths.keys_dir() / "wang.wei@hlj.example"
    done = generate_stopped(
        STOPPED_AFTER_THE_PAIR,
        home,
        *("--principal", key.name, "--passphrase-file", str(secret), "--lang", lang),
    )
    assert (done.returncode, done.stdout) == (130, ""), done.stderr
    assert done.stderr.splitlines()[-1] == STOPPED_SAID[lang].format(key=key)
    assert key.is_file()  # (both whole, as said)
    assert Path(f"{key}.pub").is_file()


def test_two_files_that_are_no_key_pair_are_counted_as_before(tmp_path: Path) -> None:
    from minecheck import fileio

    fileio.forget_written()
    fileio.atomic_write(tmp_path / "k", b"x")
    fileio.atomic_write(tmp_path / "k.pub", b"x")
    assert fileio.interrupted_text() == (
        f"interrupted after writing 2 files, the last {tmp_path / 'k.pub'}"
    )
    fileio.forget_written()


def _header_events(header: str) -> str:
    return f'# the inspection of 2026-11-29\n[minecheck]\n{header}\n\n{ESCALATED}note = "y"\n'


# each `[minecheck]` key refused, on line 3 of the file: said as `e.toml:3:`, as the file's
# other problems are placed (was `e.toml:`)
HEADER_SAID = {
    ("signer", "en"): (
        'signer = "li@coal.example"',
        "minecheck: error: e.toml:3: [minecheck] signer is 'li@coal.example', but you sign as "
        "'wang@coal.example' with {fingerprint}\n"
        "  hint: leave signer out, or sign with its key (--key)\n",
    ),
    ("signer", "zh"): (
        'signer = "li@coal.example"',
        "minecheck: error: e.toml:3：[minecheck] 的 signer 为 'li@coal.example'，但您以 "
        "'wang@coal.example'（{fingerprint}）签名\n"
        "  hint: 请省略 signer，或用其对应的密钥签名（--key）\n",
    ),
    ("created", "en"): (
        "created = 2099-12-03T08:00:00Z",
        "minecheck: error: e.toml:3: created 2099-12-03T08:00:00Z lies in the future; a document "
        "is signed with the time it was made\n"
        "  hint: leave created out: it is filled in with the current time\n",
    ),
    ("format", "en"): (
        'format = "minecheck.findings/1"',
        "e.toml:3: [minecheck] format must be 'minecheck.followup/1' here\n"
        "minecheck: error: e.toml: the events cannot be used; nothing was written\n",
    ),
}


@pytest.mark.parametrize(("key", "lang"), list(HEADER_SAID))
def test_a_refused_header_key_of_an_events_file_is_placed_at_its_line(
    cli: Any, signed_here: list[str], key: str, lang: str
) -> None:
    from minecheck.core.keys import load_public

    header, expected = HEADER_SAID[key, lang]
    Path("e.toml").write_text(_header_events(header), encoding="utf-8")
    run = cli(["followup", "--events", "e.toml", *signed_here, "-o", "a.toml", "--lang", lang])
    fingerprint = load_public(Path(f"{signed_here[1]}.pub"))[0].fingerprint()
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == expected.format(fingerprint=fingerprint)
    assert not Path("a.toml").exists()
    # and in `--json`, the line beside the path; a JSON events file has none to give
    enveloped = cli(["followup", "--events", "e.toml", *signed_here, "--json", "--lang", lang])
    first = json.loads(enveloped.stdout)["problems"][0]
    assert (first["path"], first["line"]) == ("e.toml", 3)
