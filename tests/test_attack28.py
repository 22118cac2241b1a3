"""The last merges attacked, round 28: what loose ends rounds 10 and 11 changed, run as a user
would (a placeholder word pasted into a shell)."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.test_attack26 import KINDS, _command, _inspect

PLACEHOLDER = {
    "en": "NEW-FILE (no name tried is free and short enough: name a new file)",
    "zh": "新文件（试过的名称都已被占用或过长：请另起一个新文件名）",
}


@pytest.mark.parametrize("shell", ["sh", "bash"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_no_name_placeholder_pasted_writes_no_file(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, shell: str
) -> None:
    """Every name tried taken: the command's last word said to name a new file, but pasted it
    was a file's name, and `>` made that file, or wrote over it where an earlier paste had made
    it. The word ends in `/` now: the shell refuses it (a name ending in `/` is never a file it
    can create), the command fails and no file there changes or is made."""
    monkeypatch.chdir(tmp_path)
    Path("a.toml").write_bytes(KINDS["utf-16"])
    taken = ["a.utf-8.toml"] + [f"a.utf-8-{n}.toml" for n in range(2, 101)]
    for name in taken:
        Path(name).write_bytes(name.encode())
    Path(PLACEHOLDER[lang]).write_bytes(b"an earlier paste's output\n")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    command = _command(_inspect(cli, "a.toml", lang).stderr)
    assert command == f"iconv -f UTF-16 -t UTF-8 a.toml > '{PLACEHOLDER[lang]}/'"
    ran = subprocess.run([shell, "-c", command], capture_output=True, check=False)
    assert (ran.returncode != 0, ran.stdout) == (True, b"")
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before
    Path(PLACEHOLDER[lang]).unlink()
    ran = subprocess.run([shell, "-c", command], capture_output=True, check=False)
    assert ran.returncode != 0
    assert not Path(PLACEHOLDER[lang]).exists()


def test_a_signed_copy_s_placeholder_pasted_writes_and_checks_nothing(tmp_path: Path) -> None:
    """The signed copy's `tr` command and the `minecheck verify` after it, every name taken:
    pasted, the placeholder is refused by the shell (the copy's command) and is no file to
    check; nothing there changes."""
    from minecheck.cli._damage import restore_hint
    from minecheck.core.seal import CR_ADDED

    source = tmp_path / "f.toml"
    source.write_bytes(b"x\r\n")
    for n in range(1, 101):
        (tmp_path / f"f-as-signed{'' if n == 1 else f'-{n}'}.toml").write_bytes(b"mine")
    (tmp_path / PLACEHOLDER["en"]).write_bytes(b"kept")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    hint = restore_hint(str(source), CR_ADDED)
    word = f"'{PLACEHOLDER['en']}/'"
    command = f"tr -d '\\r' < {source} > {word}"
    assert hint == (
        f"to get back the file as it was signed: {command} then check it (the signature says "
        f"whether it is the signer's file): minecheck verify {word} or ask the sender to send it "
        "again inside a zip archive, which a mail program leaves as it is"
    )
    ran = subprocess.run(["sh", "-c", command], cwd=tmp_path, capture_output=True, check=False)
    assert ran.returncode != 0
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_a_name_ending_in_a_line_break_s_placeholder_is_no_file_either(tmp_path: Path) -> None:
    """`shell_word`'s other placeholder, for a name no word carries, is refused by the shell as
    a file to write or remove alike."""
    from minecheck.core.sanitize import shell_word

    word = shell_word("a.toml\n")
    assert word == "'FILE (its name ends in a line break: give it a plain name)/'"
    name = tmp_path / "FILE (its name ends in a line break: give it a plain name)"
    name.write_bytes(b"kept")
    for command in (f"echo x > {word}", f"rm {word}"):
        ran = subprocess.run(["sh", "-c", command], cwd=tmp_path, capture_output=True, check=False)
        assert ran.returncode != 0
    assert name.read_bytes() == b"kept"


PUB_LINK_HINT = {
    "en": "  hint: remove the link and write the file in its place with:\n",
    "zh": "  hint: 请删除该链接，并用以下命令在原处重新生成：\n",
}


REFUSED = {
    (
        "a directory",
        "en",
    ): "public key file ./-k; touch owned.pub: not a regular file (a directory)",
    ("a directory", "zh"): "公钥文件 ./-k; touch owned.pub：不是普通文件（目录）",
    ("a private key", "en"): (  # (keys import's words since loose ends round 13)
        "./-k; touch owned.pub is a private key, not the public half of ./-k; touch owned"
    ),
    ("a private key", "zh"): "./-k; touch owned.pub 是私钥，不是 ./-k; touch owned 的公钥",
}


def _keys_import(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`minecheck keys import ARGS` run in FOLDER, its keys recorded under FOLDER/home."""
    import os
    import sys

    return subprocess.run(
        [str(Path(sys.executable).parent / "minecheck"), "keys", "import", *args],
        env={**os.environ, "MINECHECK_HOME": str(folder / "home")},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=folder,
    )


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("target", ["a directory", "a private key"])
def test_a_pub_that_links_to_what_is_no_public_key_gets_the_link_s_command(
    tmp_path: Path, lang: str, target: str
) -> None:
    """A `.pub` that is a link to a folder, or to a private key, was refused ("not a regular
    file (a directory)", "is a private key") with no hint, and without saying it was a link.
    Every refusal of a `.pub` that is a link hands over the command that removes the link and
    writes the file in its place; run as pasted (the key's name a hostile one), it removes
    nothing but the link, and `keys import` then records the key."""
    from tests.test_cli_keys_rules import ALICE, ssh_keygen

    name = "-k; touch owned"
    key, pub = tmp_path / name, tmp_path / f"{name}.pub"
    ssh_keygen(key, ALICE)
    ssh_keygen(tmp_path / "other", ALICE)
    (tmp_path / "folder").mkdir()
    (tmp_path / "folder" / "inside").write_bytes(b"kept")
    pub.unlink()
    pub.symlink_to("folder" if target == "a directory" else "other")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file() and p != pub}
    run = _keys_import(tmp_path, f"./{name}", "--lang", lang)
    command = f"rm './{name}.pub' && ssh-keygen -y -f './{name}' > './{name}.pub'"
    assert (run.returncode, run.stdout) == (2, "")
    assert run.stderr == (
        f"minecheck: error: {REFUSED[target, lang]}\n{PUB_LINK_HINT[lang]}    {command}\n"
    )
    subprocess.run(["sh", "-c", command], cwd=tmp_path, check=True, capture_output=True)
    assert not pub.is_symlink()
    assert not (tmp_path / "owned").exists()
    assert (tmp_path / "folder" / "inside").read_bytes() == b"kept"
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file() and p != pub} == (
        before
    )
    again = _keys_import(tmp_path, f"./{name}")
    assert again.returncode == 0, again.stderr


OPEN_AT_THE_END = {
    "en": "invalid TOML: a string is not closed on its line",
    "zh": "TOML 格式错误：字符串没有在本行内闭合",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("quote", ['"', "'"])
def test_a_string_left_open_on_the_file_s_last_line_is_said_plainly(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, quote: str
) -> None:
    """A string left open on a file's last line, with no line break after it (an editor that
    ends none, a file cut short), kept the parser's words: "Unterminated string" (a basic
    string), `Expected "'"` (a literal one). It is said as on any other line, at the line's end,
    by verify and summary alike; a multi-line string left open is said where it opens (since
    the encodings' fourth round: see tests/test_encodings4.py)."""
    monkeypatch.chdir(tmp_path)
    Path("a.toml").write_text(f"minecheck = 1\nsite = {quote}甲乙丙", encoding="utf-8")
    said = f"a.toml:2:12: {OPEN_AT_THE_END[lang]}\n"
    run = cli(["verify", "a.toml", "--lang", lang])
    assert run.exit_code == 1
    assert run.stderr.splitlines(keepends=True)[0] == said
    run = cli(["summary", "a.toml", "--lang", lang])
    assert run.exit_code == 2
    assert run.stderr.splitlines(keepends=True)[1] == said
    Path("a.toml").write_text(f"minecheck = 1\nsite = {quote * 3}甲乙丙", encoding="utf-8")
    run = cli(["verify", "a.toml", "--lang", "en"])
    said = "a.toml:2:8: invalid TOML: a multi-line string is not closed"  # (where it opens)
    assert run.stderr.splitlines()[0] == said
