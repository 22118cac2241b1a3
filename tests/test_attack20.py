"""The session's error paths and narrow layouts attacked (round 20): a folder named twice among
several empty ones; a hint's command line pasted as written, whatever the path it names; a
device given to lint, an input not read."""

from __future__ import annotations

import os
import shlex
from pathlib import Path
from typing import Protocol

import pytest

from tests.conftest import Run
from tests.helpers_docs import findings_body
from tests.test_keys import keygen, needs_ssh_keygen

ALICE = "alice@mine.example"


class Cli(Protocol):
    def __call__(self, args: list[str], input: str | None = None) -> Run: ...


COMMANDS = {  # each command's own words where it finds nothing, and the hint
    "verify": "no documents to verify (no *.toml files found)",
    "summary": "no documents given (no *.toml files found)",
    "export": "no documents given (no *.toml files found)",
    "checklists lint": "no checklists to check (no *.toml files found)",
}
HINT = "  hint: name the files, or a folder with *.toml files below it\n"


@pytest.mark.parametrize("command", list(COMMANDS))
def test_one_empty_folder_named_twice_is_said_as_one_folder(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    """`verify a a/` (a folder typed twice, or a glob and a name): it was the several-folders
    form naming the folder twice, where one folder named once says `a: no *.toml …`."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a").mkdir()
    once = cli([*command.split(), "a"])
    assert (once.exit_code, once.stdout) == (2, "")
    assert once.stderr == "minecheck: error: a: no *.toml files found below it\n" + HINT
    for again in (["a", "a"], ["a", "./a/"], ["a", str(tmp_path / "a")]):
        twice = cli([*command.split(), *again])
        assert (twice.exit_code, twice.stdout, twice.stderr) == (2, "", once.stderr)


@pytest.mark.parametrize("command", list(COMMANDS))
def test_several_empty_folders_each_named_once_in_json(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("a", "中文"):
        (tmp_path / name).mkdir()
    run = cli([*command.split(), "a", "中文", "./a", "中文/", "--json"])
    assert (run.exit_code, run.stderr) == (2, "")
    problems = run.json()["problems"]
    assert [(p["message"], p["path"]) for p in problems] == [
        ("no *.toml files found below it", "a"),
        ("no *.toml files found below it", "中文"),
        (COMMANDS[command], None),
    ]


@needs_ssh_keygen
@pytest.mark.parametrize("name", ["my keys/id ed25519", "它's/-key", 'a "quoted" key'])
def test_the_re_encrypt_command_names_the_key_once_pasted(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """A key ssh-keygen encrypted with a cipher minecheck cannot read: the hint's command line,
    `ssh-keygen -p -Z aes256-ctr -f PATH`, had the path as it is, so a path with a blank or a
    quote named other files once pasted."""
    from minecheck.core.keys import load_public

    monkeypatch.chdir(tmp_path)
    key = Path(name)
    key.parent.mkdir(parents=True, exist_ok=True)
    cipher = "chacha20-poly1305@openssh.com"
    keygen("-q", "-t", "ed25519", "-C", ALICE, "-N", "pw", "-Z", cipher, "-f", str(key))
    secret = tmp_path / "pp"
    secret.write_text("pw\n")
    secret.chmod(0o600)
    public, _ = load_public(key.with_name(key.name + ".pub"))
    doc = tmp_path / "doc.toml"
    body = findings_body(ALICE, public.fingerprint())
    doc.write_bytes(body)
    run = cli(["sign", str(doc), f"--key={name}", "--passphrase-file", str(secret)])
    assert (run.exit_code, run.stdout) == (2, "")
    lines = run.stderr.splitlines()
    assert lines[1] == "  hint: re-encrypt it:"
    command = shlex.split(lines[2])
    assert command[:-1] == ["ssh-keygen", "-p", "-Z", "aes256-ctr", "-f"]
    assert Path(command[-1]).resolve() == key.resolve()
    assert len(lines) == 3
    assert doc.read_bytes() == body


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_device_named_to_lint_is_an_input_not_read(cli: Cli, lang: str) -> None:
    """`checklists lint /dev/null`: a device was lint's verdict on a checklist (`1 file checked,
    1 problem`, exit 1), where a socket named, or a FIFO met in a folder, is an input not read
    (exit 2, SPEC's exit codes), as verify and show say of the same device."""
    if not os.path.exists(os.devnull) or os.devnull != "/dev/null":
        pytest.skip("no /dev/null")
    said = {
        "en": ("/dev/null: not a regular file (a character device)", "0 files checked, 0 problems"),
        "zh": ("/dev/null: 不是普通文件（字符设备）", "已检查 0 个文件，发现 0 个问题"),
    }[lang]
    run = cli(["checklists", "lint", "/dev/null", "--lang", lang])
    assert run.exit_code == 2
    assert said[0] in run.stdout + run.stderr
    if said[1] is not None:
        assert said[1] in run.stdout + run.stderr
    envelope = cli(["checklists", "lint", "/dev/null", "--json"])
    assert envelope.exit_code == 2
    body = envelope.json()
    assert body["exit_code"] == 2
    assert [(p["code"], p["path"]) for p in body["problems"]] == [("input", "/dev/null")]
