"""The keys commands (cli/keys.py) as a user meets them, each test held by a mutant of the module
that no other test noticed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

SCRIPT = Path(sys.executable).parent / "minecheck"
ALICE = "alice@mine.example"


def ssh_keygen(path: Path, comment: str) -> None:
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", str(path)],
        check=True,
        capture_output=True,
        timeout=60,
    )


def test_keys_path_refuses_an_unknown_language(cli: Any, isolated_home: Path) -> None:
    """`keys path --lang fr` printed the directory as if the option were right."""
    run = cli(["keys", "path", "--lang", "fr"])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == (
        "minecheck: error: unknown language 'fr'\n  hint: use --lang en or --lang zh\n"
    )


def test_keys_import_refuses_a_key_whose_path_is_not_utf8(tmp_path: Path) -> None:
    """A key in a directory whose name is not UTF-8 (made on a GBK machine): refused before
    anything is recorded, with what to do, from the console script."""
    home = tmp_path / "home"
    folder = os.fsdecode(bytes(tmp_path) + b"/k\xff")
    os.mkdir(folder)
    key = Path(folder) / "id"
    ssh_keygen(key, ALICE)
    done = subprocess.run(
        [str(SCRIPT), "keys", "import", "k\udcff/id"],
        env={**os.environ, "MINECHECK_HOME": str(home)},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        "minecheck: error: k\\udcff/id: the key list keeps UTF-8 paths only, and this one is not\n"
        "  hint: move the key and its .pub to a directory whose name is UTF-8, and import it"
        " from there\n"
    )
    assert not home.exists()


def test_keys_generate_trust_says_where_the_key_is_trusted(cli: Any, isolated_home: Path) -> None:
    """`keys generate --trust` says which allowed_signers file now trusts the key, between the
    key made and the line to hand on; that file holds the line printed."""
    run = cli(["keys", "generate", "--principal", ALICE, "--trust"])
    assert run.exit_code == 0, run.stderr
    allowed = isolated_home / "allowed_signers"
    fingerprint = cli(["keys", "show", "--json"]).json()["data"]["fingerprint"]
    assert run.stderr.splitlines() == [
        "no terminal to ask for a passphrase: the key is not encrypted",
        f"created {isolated_home}/keys/{ALICE} ({fingerprint})",
        f"{allowed}: trusting it on this computer",
        "give this line to whoever keeps the allowed_signers file:",
    ]
    assert run.stdout.startswith(f"{ALICE} namespaces=")
    assert run.stdout in allowed.read_text()


def test_keys_show_without_a_default_key_says_how_to_make_one(
    cli: Any, isolated_home: Path
) -> None:
    """`keys show` with no key at all: an error that names the command to run, no traceback."""
    run = cli(["keys", "show"])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == (
        "minecheck: error: no default key\n"
        "  hint: create one with:\n"
        "    minecheck keys generate --principal you@unit.example\n"
    )


def test_keys_show_prints_the_allowed_signers_line_of_the_key(
    cli: Any, isolated_home: Path
) -> None:
    """`keys show`'s last line is the key's allowed_signers line, the one `keys generate`
    printed, not a copy of the line above it."""
    made = cli(["keys", "generate", "--principal", ALICE, "--default"])
    assert made.exit_code == 0, made.stderr
    fingerprint = cli(["keys", "show", "--json"]).json()["data"]["fingerprint"]
    run = cli(["keys", "show"])
    assert (run.exit_code, run.stderr) == (0, "")
    assert run.stdout.splitlines() == [
        f"path: {isolated_home}/keys/{ALICE}",
        f"principal: {ALICE}",
        f"fingerprint: {fingerprint}",
        "default: yes",
        f"allowed_signers: {made.stdout.rstrip()}",
    ]


def test_keys_list_shows_each_key_s_principal(cli: Any, isolated_home: Path) -> None:
    """The table of `keys list` names who signs with each key (not "-" for a recorded one)."""
    assert cli(["keys", "generate", "--principal", ALICE, "--default"]).exit_code == 0
    fingerprint = cli(["keys", "show", "--json"]).json()["data"]["fingerprint"]
    run = cli(["keys", "list"])
    assert (run.exit_code, run.stderr) == (0, "")
    rows = [line.split() for line in run.stdout.splitlines() if line.strip()]
    assert rows[0] == ["DEFAULT", "PRINCIPAL", "FINGERPRINT", "PATH"]
    assert rows[1][:2] == ["yes", ALICE]  # (the columns after it fold at the width)
    assert fingerprint.startswith(rows[1][2])


def test_keys_show_key_of_a_recorded_key_names_its_principal(cli: Any, isolated_home: Path) -> None:
    """`keys show --key K` of a key in the key list gives the principal recorded for it."""
    assert cli(["keys", "generate", "--principal", ALICE]).exit_code == 0
    run = cli(["keys", "show", "--key", str(isolated_home / "keys" / ALICE)])
    assert run.exit_code == 0, run.stderr
    assert run.stdout.splitlines()[1] == f"principal: {ALICE}"


def test_keys_generate_over_a_key_without_its_pub_is_not_offered_to_import(
    cli: Any, isolated_home: Path
) -> None:
    """A private key the key list does not know, whose .pub is gone, cannot be imported:
    `keys generate` says it never overwrites a key, not to import it."""
    key = isolated_home / "keys" / ALICE
    key.parent.mkdir(parents=True)
    ssh_keygen(key, ALICE)  # made by hand, not in the key list, its .pub then lost
    Path(f"{key}.pub").unlink()
    run = cli(["keys", "generate", "--principal", ALICE])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == (
        f"minecheck: error: {key} already exists\n"
        "  hint: minecheck never overwrites a key: choose another path, or move the old key"
        " away\n"
    )


def test_keys_import_without_principal_signs_as_the_key_s_comment(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A key whose comment is a principal is recorded for it; one whose comment is a name is
    refused with the command that names the principal."""
    monkeypatch.chdir(tmp_path)
    ssh_keygen(tmp_path / "k1", ALICE)
    ssh_keygen(tmp_path / "k2", "Alice Smith")
    run = cli(["keys", "import", "k1"])
    assert run.exit_code == 0, run.stderr
    assert run.stdout.startswith(f'{ALICE} namespaces="minecheck-findings-v1,')
    assert run.stderr.startswith(f"recorded k1 for {ALICE} (SHA256:")
    run = cli(["keys", "import", "k2"])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == (
        "minecheck: error: the comment of k2.pub ('Alice Smith') is not a principal to sign as\n"
        "  hint: name the principal:\n    minecheck keys import k2 --principal you@unit.example\n"
    )


def test_keys_import_refuses_a_pub_of_another_key(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A .pub beside the key that belongs to another key: refused, nothing recorded."""
    monkeypatch.chdir(tmp_path)
    ssh_keygen(tmp_path / "k1", ALICE)
    ssh_keygen(tmp_path / "k3", ALICE)
    Path("k3.pub").write_bytes(Path("k1.pub").read_bytes())
    run = cli(["keys", "import", "k3"])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == (
        "minecheck: error: k3.pub is the public half of another key, not of k3\n"
        "  hint: recreate it with:\n    ssh-keygen -y -f k3 > k3.pub\n"
    )
    assert cli(["keys", "list", "--json"]).json()["data"]["keys"] == []
