"""An inspector's field day, round 12, in a real pseudo-terminal: a new inspector's first day, from
no key, no trust list and no minecheck folder to a signed findings file, with minecheck's own
trust files in trouble (the revoked keys a link to nothing, the allowed signers a folder or not
writable, a full disk) and the key's passphrase typed wrong and then right; in English and
Chinese."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pexpect
import pytest

from tests.test_inspect_pty import (
    CHECKLIST,
    GAS,
    KEY_PROMPT,
    METHANE,
    Terminal,
    ended,
    line,
    term,
)


def folded_line(child: Any, prompt: str, answer: str) -> None:
    """`line`, for a prompt the walk folds at the terminal's width (the key's path is as long as
    the test's folder: a line break may stand at a blank or inside the path)."""
    child.expect(r"\s*".join(re.escape(ch) for ch in prompt if not ch.isspace()))
    child.sendline(answer)


__all__ = ["term"]  # fixture

PRINCIPAL = "wang.wei@hlj.example"
PASSPHRASE = "plain fog over the ridge"

# minecheck with its writes of a trust file failing as the disk would have them fail (a full
# disk, a file the system will not let it write): the product's one place that writes a file.
TRUST_FILES_FAIL = """
import errno
import sys

from minecheck import fileio

TROUBLE = sys.argv.pop(1)
ERROR = {
    "full": (errno.ENOSPC, "No space left on device"),
    "denied": (errno.EACCES, "Permission denied"),
}[TROUBLE]
FAILING = {"full": ("allowed_signers", "revoked_keys"), "denied": ("allowed_signers",)}[TROUBLE]
real = fileio._atomic_write


def _atomic_write(path, *args, **kwargs):
    if path.name in FAILING:
        raise OSError(ERROR[0], ERROR[1], str(path))
    return real(path, *args, **kwargs)


fileio._atomic_write = _atomic_write
sys.argv = ["minecheck", *sys.argv[1:]]
from minecheck.__main__ import main
main()
"""

SAID = {
    "en": {
        "principal": "Create one now? Principal [",
        "new": "Passphrase for the new key (empty for none): ",
        "again": "Same passphrase again: ",
        "trust": "Trust this key on this computer too (for minecheck verify)? [Y/n] ",
        "inspector": "Inspector (your name as it should appear) [wang.wei@hlj.example]: ",
        "reading": "Enter the reading in %CH4 (limit ≤ 1 %CH4), or a key: ",
        "review": "Your choice (Enter signs): ",
        "passphrase": "Passphrase for {key}: ",
        "wrong": "Wrong passphrase, try again.",
        "written": "signed and written: {path}",
        "not trusted": (
            "minecheck: warning: {fingerprint} is not trusted on this computer; the inspection"
            " goes on and is signed with it\n"
            "  hint: once that is mended, trust it with:\n"
            "    minecheck trust add --principal wang.wei@hlj.example --key {key}.pub\n"
        ),
        "gone": (
            "minecheck: warning: {home}/revoked_keys: a symbolic link that leads to no file (a"
            " loop, or its target is gone)\n"
            "  hint: restore the file it leads to, or remove the link to have none\n"
        ),
        "folder": (
            "minecheck: warning: {home}/allowed_signers: not a regular file (a directory)\n"
            "  hint: minecheck keeps its own allowed_signers file here: move this directory away\n"
        ),
        "full": (
            "minecheck: warning: {home}/revoked_keys: cannot write: No space left on device;"
            " nothing was written\n"
            "  hint: free space on the disk that holds {home}, then run the command again\n"
        ),
        "denied": (
            "minecheck: warning: {home}/allowed_signers: cannot write: Permission denied;"
            " nothing was written\n"
        ),
    },
    "zh": {
        "principal": "签名身份 [",
        "new": "新密钥的口令（留空表示不设口令）：",
        "again": "再次输入同一口令：",
        "trust": "在本机也信任此密钥（供 minecheck verify 使用）吗？[Y/n] ",
        "inspector": "检查人员（记录中显示的姓名） [wang.wei@hlj.example]：",
        "reading": "请输入 %CH4 读数（限值 ≤ 1 %CH4），或按键：",
        "review": "您的选择（回车即签名）：",
        "passphrase": "{key} 的口令：",
        "wrong": "口令错误，请重试。",
        "written": "已签名并写入：{path}",
        "not trusted": (
            "minecheck: warning: {fingerprint} 未在本机受信任；检查照常进行，并用它签名\n"
            "  hint: 修复之后，用以下命令信任它：\n"
            "    minecheck trust add --principal wang.wei@hlj.example --key {key}.pub\n"
        ),
        "gone": (
            "minecheck: warning: {home}/revoked_keys：符号链接不指向任何文件（链接成环，或目标已"
            "不存在）\n"
            "  hint: 恢复它所指向的文件，或删除该链接（即不用此文件）\n"
        ),
        "folder": (
            "minecheck: warning: {home}/allowed_signers：不是普通文件（目录）\n"
            "  hint: minecheck 自己的 allowed_signers 文件存放于此：请将该目录移走\n"
        ),
        "full": (
            "minecheck: warning: {home}/revoked_keys：无法写入：设备上没有剩余空间；"
            "未写入任何内容\n"
            "  hint: 请清理 {home} 所在磁盘的空间，然后重新运行命令\n"
        ),
        "denied": (
            "minecheck: warning: {home}/allowed_signers：无法写入：权限不足；未写入任何内容\n"
        ),
    },
}


def _first_walk(term: Terminal, lang: str, trouble: str) -> Any:
    """`inspect` at a terminal on the first day (no key), minecheck's own trust files in
    TROUBLE: what the walk met is made here, a failing write by the script above."""
    own = term.home / "allowed_signers"
    args = ["inspect", str(CHECKLIST), "--site", "新兴煤矿", "-o", str(term.out), "--lang", lang]
    if trouble == "gone":
        term.home.mkdir(parents=True, exist_ok=True)
        (term.home / "revoked_keys").symlink_to(term.cwd / "share-not-mounted")
    elif trouble == "folder":
        own.mkdir(parents=True)
    if trouble in ("full", "denied"):
        program, args = sys.executable, ["-c", TRUST_FILES_FAIL, trouble, *args]
    else:
        program = str(Path(sys.executable).parent / "minecheck")
    return pexpect.spawn(
        program,
        args,
        env=term.env(),
        cwd=str(term.cwd),
        dimensions=(term.rows, term.width),
        timeout=30,  # a hang guard on a loaded machine, not a timing assertion
        encoding="utf-8",
    )


TROUBLES = ["gone", "folder", "full", "denied"]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("trouble", TROUBLES)
def test_a_first_walk_goes_on_when_its_key_cannot_be_trusted(
    term: Terminal, lang: str, trouble: str
) -> None:
    """The first walk offers a key and to trust it; where minecheck's own trust files cannot be
    read or written (the revoked keys a link to nothing, the allowed signers a folder, a full
    disk, a write refused), the walk stopped there with exit 2 before its first question: the
    inspector who came to inspect had a key and no inspection. Now the trouble is a warning
    with its hint, the key is not trusted (nothing was checked against the revoked keys), the
    command that trusts it once that is mended is given, and the walk goes on to a signed
    file: the passphrase typed wrong is asked again, and right signs it."""
    said = SAID[lang]
    child = _first_walk(term, lang, trouble)
    line(child, said["principal"], PRINCIPAL)
    line(child, said["new"], PASSPHRASE)
    line(child, said["again"], PASSPHRASE)
    line(child, said["trust"], "")
    child.expect_exact(said["inspector"])  # (the walk goes on: stopped, the output ended here)
    key = term.home / "keys" / PRINCIPAL
    fingerprint = _fingerprint(key)
    warned = child.before.replace("\r", "").lstrip("\n")
    expected = said[trouble] + said["not trusted"]
    assert warned == expected.format(home=term.home, fingerprint=fingerprint, key=key)
    child.sendline("王伟")
    child.expect_exact(KEY_PROMPT)
    child.send("y")
    line(child, said["reading"], "０．５")  # (as a Chinese input method types it)
    line(child, said["review"], "")
    folded_line(child, said["passphrase"].format(key=key), "plain fog")
    child.expect_exact(said["wrong"])
    folded_line(child, said["passphrase"].format(key=key), PASSPHRASE)
    child.expect_exact(said["written"].format(path=term.out))
    status, _ = ended(child)
    assert status == 0
    with term.out.open("rb") as fh:
        doc = tomllib.load(fh)
    assert doc["minecheck"]["signer"] == PRINCIPAL
    assert doc["inspection"]["inspector"] == "王伟"
    assert doc["inspection"]["site"] == "新兴煤矿"
    assert [f["item"] for f in doc["finding"]] == [GAS, METHANE, "outburst-org"]
    assert doc["finding"][1]["reading"] == {"value": 0.5, "unit": "%CH4", "max": 1.0}
    assert doc["inspection"]["language"] == lang
    assert term.drafts() == []
    # nothing was trusted, and the trust files are as they were
    own, revoked = term.home / "allowed_signers", term.home / "revoked_keys"
    if trouble == "gone":
        assert revoked.readlink() == term.cwd / "share-not-mounted"
        assert not own.exists()
        revoked.unlink()  # mended: no revoked keys
    elif trouble == "folder":
        assert list(own.iterdir()) == []
        own.rmdir()  # mended: moved away
    else:
        assert not own.exists()
    # the hint's command, pasted into a shell, trusts the key, and the file is then trusted
    pasted = expected.format(home=term.home, fingerprint=fingerprint, key=key).splitlines()[-1]
    trusted = subprocess.run(
        ["/bin/sh", "-c", pasted.strip()],
        env={**term.env(), "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin"},
        cwd=term.cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    assert trusted.returncode == 0, trusted.stderr
    assert term.verify(term.out) == "trusted"


def _fingerprint(key: Path) -> str:
    """The key's fingerprint, as its public half gives it."""
    from minecheck.core.keys import private_key_public

    return private_key_public(key).fingerprint()


IN_THE_WAY = {
    "en": (
        "minecheck: error: {keys} is not a directory, and minecheck needs a directory there\n"
        "  hint: move it away, then run the command again; to move it:\n"
        "    mv {keys} {keys}.old\n"
    ),
    "zh": (
        "minecheck: error: {keys} 不是目录，而 minecheck 需要在此处使用一个目录\n"
        "  hint: 把它移开，然后重新运行命令；移开请运行：\n"
        "    mv {keys} {keys}.old\n"
    ),
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("command", ["inspect", "keys generate"])
def test_a_keys_folder_that_is_a_file_is_said_before_the_passphrase(
    term: Terminal, lang: str, command: str
) -> None:
    """minecheck's keys folder a file (a copy gone wrong): the first walk's key, and `keys
    generate` at a terminal, asked for the new passphrase twice and only then said the folder
    could not be used, the passphrase typed for nothing (`keys generate` refuses a key already
    there before it asks; this it did not). Said now before the passphrase is asked for: exit
    2, the file left as it was, no key and no draft made."""
    term.home.mkdir(parents=True)
    keys = term.home / "keys"
    keys.write_bytes(b"not a folder\n")
    if command == "inspect":
        child = _first_walk(term, lang, "none")
        line(child, SAID[lang]["principal"], PRINCIPAL)
        child.expect_exact(PRINCIPAL)  # (its echo)
    else:
        child = term.spawn("keys", "generate", "--principal", PRINCIPAL, "--lang", lang)
    status, said = ended(child)
    assert status == 2
    assert said.replace("\r", "").lstrip("\n") == IN_THE_WAY[lang].format(keys=keys)
    assert keys.read_bytes() == b"not a folder\n"
    assert sorted(p.name for p in term.home.iterdir()) == ["keys"]
