"""Text from a locale that is not UTF-8 (a GB18030 system), off a terminal: what a person typed
there is the same text wherever it is read."""

from __future__ import annotations

import locale
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import DATA

CHECKLIST = DATA / "checklists" / "valid" / "mini-check.toml"
ANSWERS = DATA / "answers" / "mini-good.toml"
ALICE = "alice@mine.example"
PASSPHRASE = "山脊上薄雾"


def in_locale(monkeypatch: pytest.MonkeyPatch, encoding: str) -> None:
    """The locale's text encoding, as Python reads it from LANG (zh_CN.GB18030: gb18030)."""
    monkeypatch.setattr(locale, "getpreferredencoding", lambda do_setlocale=True: encoding)


def passphrase_file(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "passphrase"
    path.write_bytes(data + b"\n")
    path.chmod(0o600)
    return path


def generate_with(cli: Any, secret: Path) -> None:
    """Alice's key made by `keys generate` with the passphrase in `secret`, and trusted."""
    made = cli(
        ["keys", "generate", "--principal", ALICE, "--trust", "--passphrase-file", str(secret)]
    )
    assert made.exit_code == 0, made.stderr


def ssh_keygen_key(cli: Any, tmp_path: Path, passphrase: bytes) -> Path:
    """A key ssh-keygen made with `passphrase` (its bytes as they are), recorded and trusted."""
    import shutil
    import subprocess

    keygen = shutil.which("ssh-keygen")
    if keygen is None:
        pytest.skip("ssh-keygen is not installed")
    key = tmp_path / "id_ed25519"
    made = subprocess.run(
        [keygen, "-q", "-t", "ed25519", "-C", ALICE, "-f", str(key), "-N", passphrase],
        capture_output=True,
        check=False,
        timeout=60,
    )
    assert made.returncode == 0, made.stderr
    assert cli(["keys", "import", str(key), "--principal", ALICE]).exit_code == 0
    assert cli(["trust", "add", "--principal", ALICE, "--key", f"{key}.pub"]).exit_code == 0
    return key


def inspect(cli: Any, tmp_path: Path, *extra: str) -> Any:
    return cli(
        [
            *("inspect", str(CHECKLIST), "--site", "Mine A", "--inspector", "W"),
            *("--answers", str(ANSWERS), "-o", str(tmp_path / "f.toml"), "--force", *extra),
        ]
    )


def test_a_passphrase_file_written_in_a_gb18030_locale_is_the_passphrase_typed_there(
    cli: Any, isolated_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`echo 山脊上薄雾 > passphrase` at a GB18030 terminal writes the passphrase in GB18030;
    typed at the passphrase prompt, or given in MINECHECK_PASSPHRASE, it is its text in UTF-8.
    A key made from the file did not open with the passphrase typed (\"wrong passphrase\"),
    nor one made at the prompt with the file. The file's text is the passphrase, as typed."""
    in_locale(monkeypatch, "gb18030")
    secret = passphrase_file(tmp_path, PASSPHRASE.encode("gb18030"))
    generate_with(cli, secret)
    monkeypatch.setenv("MINECHECK_PASSPHRASE", PASSPHRASE)  # (as typed: its text in UTF-8)
    run = inspect(cli, tmp_path)
    assert run.exit_code == 0, run.stderr
    monkeypatch.delenv("MINECHECK_PASSPHRASE")
    run = inspect(cli, tmp_path, "--passphrase-file", str(secret))
    assert run.exit_code == 0, run.stderr


def test_a_key_made_from_such_a_file_before_still_opens_with_it(
    cli: Any, isolated_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A key made from a GB18030 passphrase file took its bytes as they were: the same file
    still opens it."""
    secret = passphrase_file(tmp_path, PASSPHRASE.encode("gb18030"))
    in_locale(monkeypatch, "utf-8")  # (where the file is no text: its bytes, as before)
    generate_with(cli, secret)
    in_locale(monkeypatch, "gb18030")
    run = inspect(cli, tmp_path, "--passphrase-file", str(secret))
    assert run.exit_code == 0, run.stderr
    wrong = passphrase_file(tmp_path, "山脊上薄霧".encode("gb18030"))
    run = inspect(cli, tmp_path, "--passphrase-file", str(wrong))
    assert run.exit_code == 2
    assert run.stderr.startswith("minecheck: error: wrong passphrase for ")


def test_random_bytes_in_a_passphrase_file_are_the_passphrase_as_they_are(
    cli: Any, isolated_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A passphrase file of random bytes made in a Latin-1 locale (every byte is a Latin-1
    character) is no text typed: a key made from it opens with the same file anywhere."""
    secret = passphrase_file(tmp_path, bytes(range(0x80, 0xC0)))
    in_locale(monkeypatch, "latin-1")
    generate_with(cli, secret)
    in_locale(monkeypatch, "utf-8")
    run = inspect(cli, tmp_path, "--passphrase-file", str(secret))
    assert run.exit_code == 0, run.stderr


def test_a_key_ssh_keygen_made_in_a_gb18030_locale_opens_with_the_passphrase_typed(
    cli: Any, isolated_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ssh-keygen takes a typed passphrase's bytes as they are: made at a GB18030 terminal, a
    Chinese passphrase is its GB18030 bytes, and the same passphrase typed at minecheck's prompt
    there ("wrong passphrase" three times) was taken as its UTF-8 bytes only."""
    import minecheck.cli._signing as signing

    key = ssh_keygen_key(cli, tmp_path, PASSPHRASE.encode("gb18030"))  # (as the terminal sent)
    in_locale(monkeypatch, "gb18030")
    typed: list[str] = []

    def prompt(label: str) -> str:  # (getpass decodes what the terminal sent in the locale's)
        typed.append(label)
        return PASSPHRASE

    monkeypatch.setattr(signing, "prompt_secret", prompt)
    monkeypatch.setattr(signing, "stdin_is_tty", lambda: True)
    run = inspect(cli, tmp_path, "--key", str(key))
    assert run.exit_code == 0, run.stderr
    assert len(typed) == 1


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_minecheck_passphrase_of_bytes_the_locale_does_not_read(
    cli: Any,
    isolated_home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    encoding: str,
) -> None:
    """MINECHECK_PASSPHRASE holding bytes that are not text in the locale (a script's random
    passphrase, or GB18030 read in a UTF-8 locale) was a traceback (UnicodeEncodeError). Its
    bytes are the passphrase, as a passphrase file's are; its text in the locale comes first."""
    import os

    raw = b"\xff\xfe" + PASSPHRASE.encode("gb18030")
    key = ssh_keygen_key(cli, tmp_path, raw)
    in_locale(monkeypatch, encoding)
    monkeypatch.setenv("MINECHECK_PASSPHRASE", os.fsdecode(raw))  # (as the process sees it)
    run = inspect(cli, tmp_path, "--key", str(key))
    assert run.exit_code == 0, run.stderr


def test_a_file_saved_in_gb18030_is_told_how_to_convert(
    cli: Any, isolated_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An answers file or a checklist saved by an editor on a Chinese Windows system (GB18030)
    was refused "not UTF-8" at its first Chinese byte, with nothing said of how to mend it."""
    monkeypatch.chdir(tmp_path)
    Path("answers.toml").write_bytes(ANSWERS.read_text(encoding="utf-8").encode("gb18030"))
    run = inspect(cli, tmp_path, "--answers", "answers.toml")
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == (
        "answers.toml:3:65: not UTF-8: byte 0xbc cannot be decoded\n"
        "  hint: it reads as GB18030 text: convert it to UTF-8 with:\n"
        "    iconv -f GB18030 -t UTF-8 answers.toml > answers.utf-8.toml\n"
        "  or save it as UTF-8 (Notepad: Save as, Encoding UTF-8)\n"
        "minecheck: error: answers.toml is not UTF-8 text\n"
    )
    given = cli(
        [
            *("inspect", str(CHECKLIST), "--site", "Mine A", "--inspector", "W"),
            *("--answers", "-", "-o", "f.toml"),
        ],
        input=Path("answers.toml").read_bytes(),
    )
    assert given.exit_code == 2
    assert (
        "  hint: it reads as GB18030 text: convert it to UTF-8 in the pipe, before minecheck, "
        "with:\n"
        "    iconv -f GB18030 -t UTF-8\n"
        "  or save it as UTF-8 (Notepad: Save as, Encoding UTF-8)\n" in (given.stderr)
    )
    Path("check list.toml").write_bytes(CHECKLIST.read_text(encoding="utf-8").encode("gb18030"))
    lint = cli(["checklists", "lint", "check list.toml"])
    assert (lint.exit_code, lint.stdout) == (
        1,
        "check list.toml:5:14: not UTF-8: byte 0xbc cannot be decoded\n",
    )
    assert lint.stderr == (
        "  hint: it reads as GB18030 text: convert it to UTF-8 with:\n"
        "    mkdir -p utf-8 && iconv -f GB18030 -t UTF-8 'check list.toml' > "
        "'utf-8/check list.toml'\n"
        "  or save it as UTF-8 (Notepad: Save as, Encoding UTF-8)\n"
        "1 file checked, 1 problem\n"
    )
    # the command given converts it
    import subprocess

    converted = subprocess.run(
        ["iconv", "-f", "GB18030", "-t", "UTF-8", "check list.toml"],
        capture_output=True,
        check=True,
    )
    assert converted.stdout == CHECKLIST.read_bytes()
    # text in another encoding (Latin-1) is not taken for GB18030: it is told as it is
    Path("latin.toml").write_bytes('[answers]\n"a" = { note = "café au lait" }\n'.encode("latin-1"))
    run = inspect(cli, tmp_path, "--answers", "latin.toml")
    assert run.exit_code == 2
    assert "GB18030" not in run.stderr
    assert "    iconv -f CP1252 -t UTF-8 latin.toml > latin.utf-8.toml\n" in run.stderr
