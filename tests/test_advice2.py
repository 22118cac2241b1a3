"""Every piece of advice a message gives, followed to the letter (part 2: drafts, temporary
files, keys and terminals).

As in tests/test_advice.py: the installed console script in a subprocess (or at a terminal of
its own where the command needs one), its own MINECHECK_HOME and HOME; the advice is taken out of
the message's own line in each language, run as written (only a placeholder a reader fills in is
filled in), and the situation is checked to be mended.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import socket
import struct
import threading
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pexpect
import pytest

from minecheck.core.keys import load_public
from minecheck.core.sshsig import PublicKey, ssh_string
from tests.key_homes import keyed_home
from tests.test_advice import advised, run, shell
from tests.test_agent import frame, recv_exactly, socket_path, u32
from tests.test_followup import REF, an_inspection_to_follow
from tests.test_inspect_pty import CHECKLIST, Terminal, key

pytestmark = pytest.mark.skipif(shutil.which("bash") is None, reason="advice is a shell line")

READING = {"en": "or a key: ", "zh": "或按键"}  # (the reading prompt's end)
ANSWERS = (
    '[answers]\n"gas-check-genuine" = { result = "compliant" }\n'
    '"methane-return" = { reading = 0.4 }\n'
)
SIGN = {"en": "(Enter signs): ", "zh": "（回车即签名）"}  # (the review's last question)


class At(Terminal):
    """A terminal whose minecheck speaks `lang`, with a HOME of its own."""

    def __init__(self, cwd: Path, lang: str) -> None:
        super().__init__(cwd / "mh", cwd)
        self.lang = lang

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in super().env().items() if k != "HOME"}
        return env | {"HOME": str(self.cwd / "home"), "MINECHECK_LANG": self.lang}

    def inspect_with(self, checklist: str) -> Any:
        return self.spawn(
            "inspect", checklist, "--site", "Mine A", "-o", str(self.out), "--inspector", "Wang Wei"
        )


def a_draft(term: At, checklist: str) -> str:
    """An inspection of `checklist` begun at the terminal and left at its second item: the id
    of the draft it kept."""
    keyed_home(term.home, "wang.wei@mine.example")  # (`keys generate --trust`, run once)
    child = term.inspect_with(checklist)
    key(child, "y", question=None)
    child.expect_exact(READING[term.lang])
    child.sendline("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    [draft] = term.drafts()
    draft_id: str = draft["id"]
    return draft_id


# -- a draft whose checklist file has gone: put it back where minecheck looks, then resume


@pytest.mark.parametrize(
    ("lang", "said"),
    # (the commands on a line of their own, under the hint's `then resume:`, `然后继续：`)
    [("en", r"^    (mkdir -p .*)$"), ("zh", r"^    (mkdir -p .*)$")],
)
def test_a_draft_whose_checklist_is_gone_resumes_once_the_file_is_put_where_advised(
    tmp_path: Path, lang: str, said: str
) -> None:
    term = At(tmp_path, lang)
    shutil.copy(CHECKLIST, tmp_path / "mini-check.toml")
    draft_id = a_draft(term, "mini-check.toml")
    # the file goes (a cleaned-up folder); the inspector still has a copy, under another name
    (tmp_path / "mini-check.toml").rename(tmp_path / "copy of the checklist.toml")
    child = term.spawn("drafts", "resume", draft_id)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 2, child.before
    advice = advised(child.before.replace("\r\n", "\n"), said)
    setup, _, resume = advice.rpartition(" && ")
    # (a Chinese draft is resumed with --lang zh: the walk speaks the draft's language)
    flag = " --lang zh" if lang == "zh" else ""
    assert resume == f"minecheck drafts resume{flag} {draft_id}", advice
    done = shell(setup.replace("FILE", "'copy of the checklist.toml'"), tmp_path, lang, KEY="")
    assert done.returncode == 0, (setup, done.stderr)
    child = term.spawn(*resume.split()[1:])
    child.expect_exact(READING[lang])  # the walk goes on where it stopped
    child.sendline("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    assert [d["answered"] for d in term.drafts()] == [1]


# -- evidence from an archive made on a Chinese Windows: its names are GBK bytes here


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", r"naming its encoding \((python3 -m zipfile .*?), or unzip -O"),
        ("zh", r"指明编码重新解压（(python3 -m zipfile .*?)；"),
    ],
)
def test_evidence_named_in_gbk_is_taken_once_the_archive_is_unpacked_as_advised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, said: str
) -> None:
    setup = an_inspection_to_follow(tmp_path, monkeypatch)
    work: Path = setup["work"]
    gbk = "照片.jpg".encode("gbk")
    with zipfile.ZipFile(work / "photos.zip", "w") as archive:  # no UTF-8 flag, as on Windows
        archive.writestr("xxxx.jpg", b"photo")
    made = (work / "photos.zip").read_bytes()
    (work / "photos.zip").write_bytes(made.replace(b"xxxx.jpg", gbk))
    (work / os.fsdecode(gbk)).write_bytes(b"photo")  # what an unzip naming no encoding makes
    event = [*("followup", REF, "--action", "rectified", "--note", "done"), *setup["sign"]]
    refused = run([*event, "--evidence", os.fsdecode(gbk), "-o", "f.toml"], work, lang)
    assert refused.returncode == 2, refused.stderr
    advice = advised(refused.stderr, said)
    done = shell(advice.replace("ARCHIVE", "photos.zip").replace("DIR", "again"), work, lang, "")
    assert done.returncode == 0, (advice, done.stderr)
    taken = run([*event, "--evidence", "again/照片.jpg", "-o", "f.toml"], work, lang)
    assert taken.returncode == 0, taken.stderr


# -- the answers of a walk whose file could not be written: resumed, written elsewhere


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "en",
            r"your answers are kept \(with (-o PATH) to write them elsewhere\):\n    (minecheck",
        ),
        ("zh", r"您的回答已保留（加 (-o 路径) 可写到别处）：\n    (minecheck"),
    ],
)
def test_a_walk_whose_file_could_not_be_written_is_written_elsewhere_as_advised(
    tmp_path: Path, lang: str, said: str
) -> None:
    term = At(tmp_path, lang)
    keyed_home(term.home, "wang.wei@mine.example")  # (`keys generate --trust`, run once)
    (tmp_path / "stick").mkdir()
    term.out = tmp_path / "stick" / "f.toml"
    child = term.inspect_with(str(CHECKLIST))
    key(child, "y", question=None)
    child.expect_exact(READING[lang])
    (tmp_path / "stick").rmdir()  # the USB stick is pulled out before the last answer
    child.sendline("0.4")
    child.expect_exact(SIGN[lang])
    child.sendline("")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 2, child.before
    stderr = child.before.replace("\r\n", "\n")
    flag = " --lang zh" if lang == "zh" else ""
    found = re.search(said + r" drafts resume" + flag + r" \S+)$", stderr, re.M)
    assert found, stderr
    option, resume = found.groups()
    elsewhere = tmp_path / "elsewhere.toml"
    child = term.spawn(*resume.split()[1:], *option.split()[:1], str(elsewhere))
    child.expect_exact(SIGN[lang])
    child.sendline("")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    verified = term.run("verify", str(elsewhere))
    assert verified.returncode == 0, verified.stderr
    assert term.drafts() == []


# -- a key path whose name is not UTF-8 (a folder named on a GBK machine)

NOT_UTF8 = os.fsdecode("下载".encode("gbk"))  # a "downloads" folder as a GBK system names it


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", r"hint: keep keys under a directory whose name is UTF-8 \((MINECHECK_HOME)\)$"),
        ("zh", r"hint: 请将密钥放在名称为 UTF-8 的目录下（(MINECHECK_HOME)）$"),
    ],
)
def test_a_home_not_in_utf8_generates_once_minecheck_home_is_set_as_advised(
    tmp_path: Path, lang: str, said: str
) -> None:
    (tmp_path / NOT_UTF8).mkdir()
    generate = ["keys", "generate", "--principal", "wang.wei@mine.example"]
    refused = run([*generate, "--lang", lang], tmp_path / NOT_UTF8, lang)
    assert refused.returncode == 2, refused.stderr
    variable = advised(refused.stderr, said)
    (tmp_path / "home").mkdir()
    done = shell(f"{variable}=$PWD/home minecheck {shlex.join(generate)}", tmp_path, lang, "")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "home" / "keys" / "wang.wei@mine.example").is_file()


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", r"hint: move the key and its \.pub to a directory whose name is UTF-8, and import"),
        ("zh", r"hint: 请把密钥及其 \.pub 移到名称为 UTF-8 的目录下，再从那里导入"),
    ],
)
def test_a_key_in_a_folder_not_named_in_utf8_is_imported_once_moved_as_advised(
    tmp_path: Path, lang: str, said: str
) -> None:
    folder = tmp_path / NOT_UTF8
    folder.mkdir()
    made = shell(
        f"ssh-keygen -q -t ed25519 -N '' -C x -f {NOT_UTF8}/id_ed25519", tmp_path, lang, ""
    )
    assert made.returncode == 0, made.stderr
    imported = ["keys", "import", "--principal", "wang.wei@mine.example"]
    refused = run([*imported, f"{NOT_UTF8}/id_ed25519"], tmp_path, lang)
    assert refused.returncode == 2, refused.stderr
    assert len([x for x in refused.stderr.splitlines() if re.search(said, x)]) == 1, refused.stderr
    (tmp_path / "keys").mkdir()  # the advice followed: a folder named in UTF-8, the pair in it
    for name in ("id_ed25519", "id_ed25519.pub"):
        (folder / name).rename(tmp_path / "keys" / name)
    done = run([*imported, "keys/id_ed25519"], tmp_path, lang)
    assert done.returncode == 0, done.stderr


# -- a walk left (q) or interrupted (Ctrl-C): the command it prints resumes it


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        # (on a line of its own, under `resume with:` or the hint's `resume it with:`)
        ("en", r"^ {2,4}(minecheck drafts resume \S+)$"),
        ("zh", r"^ {2,4}(minecheck drafts resume --lang zh \S+)$"),
    ],
)
@pytest.mark.parametrize("leave", ["q", "ctrl-c"])
def test_a_walk_left_resumes_with_the_command_it_printed(
    tmp_path: Path, lang: str, said: str, leave: str
) -> None:
    term = At(tmp_path, lang)
    keyed_home(term.home, "wang.wei@mine.example")  # (`keys generate --trust`, run once)
    child = term.inspect_with(str(CHECKLIST))
    key(child, "y", question=None)
    child.expect_exact(READING[lang])
    if leave == "q":
        child.sendline("q")
    else:
        child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == (0 if leave == "q" else 130), child.before
    command = advised(child.before.replace("\r\n", "\n"), said)
    child = term.spawn(*command.split()[1:])
    child.expect_exact(READING[lang])  # the walk goes on where it stopped
    child.sendline("0.4")
    child.expect_exact(SIGN[lang])
    child.sendline("")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    assert term.verify(term.out) == "trusted"
    assert term.drafts() == []


# -- an ssh-agent gone between listing its keys and signing: start one, add the key, sign


@contextmanager
def an_agent_that_goes(tmp_path: Path, public: PublicKey) -> Iterator[Path]:
    """An agent that lists `public` once and is gone before it is asked to sign (stopped, its
    socket removed: before the answer is sent, so no later connection can reach it)."""
    with socket_path(tmp_path) as sock, socket.socket(socket.AF_UNIX) as server:
        server.bind(str(sock))
        server.listen(1)
        server.settimeout(30)  # a hang guard, not a timed assertion

        def serve() -> None:
            conn, _ = server.accept()
            with conn:
                (length,) = struct.unpack(">I", recv_exactly(conn, 4))
                recv_exactly(conn, length)
                sock.unlink()
                server.close()
                answer = bytes([12]) + u32(1) + ssh_string(public.blob) + ssh_string(b"k")
                conn.sendall(frame(answer))

        thread = threading.Thread(target=serve, daemon=True)
        thread.start()
        try:
            yield sock
        finally:
            thread.join(30)


@pytest.mark.skipif(shutil.which("ssh-agent") is None, reason="needs OpenSSH's ssh-agent")
@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", r"start one with the key in it: (.*)$"),
        ("zh", r"可用以下命令启动并加入该密钥：(.*)$"),
    ],
)
def test_an_agent_gone_before_signing_is_mended_by_starting_one_as_advised(
    tmp_path: Path, lang: str, said: str
) -> None:
    (tmp_path / "pp").write_text("pass phrase 1\n")
    (tmp_path / "pp").chmod(0o600)
    (tmp_path / "askpass").write_text(f"#!/bin/sh\ncat {shlex.quote(str(tmp_path / 'pp'))}\n")
    (tmp_path / "askpass").chmod(0o700)
    made = run(
        [
            "keys",
            "generate",
            "--principal",
            "wang.wei@mine.example",
            "--trust",
            "--passphrase-file",
            "pp",
        ],
        tmp_path,
        lang,
    )
    assert made.returncode == 0, made.stderr
    shutil.copy(CHECKLIST, tmp_path / "mini-check.toml")
    (tmp_path / "a.toml").write_text(ANSWERS)
    inspect = "minecheck inspect mini-check.toml --site 'Mine A' --inspector W --answers a.toml"
    public, _ = load_public(tmp_path / "mh" / "keys" / "wang.wei@mine.example.pub")
    with an_agent_that_goes(tmp_path, public) as sock:
        gone = shell(f"SSH_AUTH_SOCK={sock} {inspect} -o f.toml </dev/null", tmp_path, lang, "")
    assert gone.returncode == 2, gone.stderr
    assert not (tmp_path / "f.toml").exists()
    advice = advised(gone.stderr, said)
    asked = f"SSH_ASKPASS={tmp_path}/askpass SSH_ASKPASS_REQUIRE=force DISPLAY=:0"
    line = f"export {asked}; {advice} </dev/null && {inspect} -o f.toml </dev/null"
    done = shell(f"{line}; done=$?; ssh-agent -k >/dev/null; exit $done", tmp_path, lang, "")
    assert done.returncode == 0, (advice, done.stderr)
    assert run(["verify", "f.toml"], tmp_path, lang).returncode == 0


# -- a private key others can read: the chmod the message gives, pasted into a shell


@pytest.mark.parametrize(("lang", "said"), [("en", r"^  (chmod .*)$"), ("zh", r"^  (chmod .*)$")])
@pytest.mark.parametrize("name", ["my key", "-key"])
def test_a_key_too_open_is_mended_by_the_chmod_it_gives(
    tmp_path: Path, lang: str, said: str, name: str
) -> None:
    made = shell(
        f"ssh-keygen -q -t ed25519 -N '' -C x -f ./{shlex.quote(name)}", tmp_path, lang, ""
    )
    assert made.returncode == 0, made.stderr
    (tmp_path / name).chmod(0o644)
    shutil.copy(CHECKLIST, tmp_path / "mini-check.toml")
    (tmp_path / "a.toml").write_text(ANSWERS)
    inspect = ["inspect", "mini-check.toml", "--site", "Mine A", "--inspector", "W"]
    key = ["--key", f"./{name}", "--signer", "wang.wei@mine.example"]
    refused = run([*inspect, "--answers", "a.toml", *key], tmp_path, lang)
    assert refused.returncode == 2, refused.stderr
    done = shell(advised(refused.stderr, said), tmp_path, lang, "")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / name).stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize(
    ("lang", "said"), [("en", r"^ {4}(mkdir -p .*)$"), ("zh", r"^ {4}(mkdir -p .*)$")]
)
def test_a_directory_not_made_whose_name_starts_with_a_dash_is_made_as_advised(
    tmp_path: Path, lang: str, said: str
) -> None:
    shutil.copy(CHECKLIST, tmp_path / "mini-check.toml")
    (tmp_path / "a.toml").write_text(ANSWERS)
    made = run(
        ["keys", "generate", "--principal", "wang.wei@mine.example", "--trust"], tmp_path, lang
    )
    assert made.returncode == 0, made.stderr
    inspect = ["inspect", "mini-check.toml", "--site", "Mine A", "--inspector", "W"]
    written = [*inspect, "--answers", "a.toml", "-o", "./-x y/f.toml"]
    refused = run(written, tmp_path, lang)
    assert refused.returncode == 2, refused.stderr
    done = shell(advised(refused.stderr, said), tmp_path, lang, "")
    assert done.returncode == 0, done.stderr
    again = run(written, tmp_path, lang)
    assert again.returncode == 0, again.stderr
    assert run(["verify", "./-x y/f.toml"], tmp_path, lang).returncode == 0
