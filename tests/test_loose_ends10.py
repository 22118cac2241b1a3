"""Loose ends, round 10: a `.pub` that is a link, `untaken` out of names, a stop as a worker
starts, a closed standard input, an escalation without its kind."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from benchmarks.corpus import generate

from tests.helpers_merge import findings
from tests.test_attack26 import KINDS, _command, _inspect
from tests.test_cli_keys_rules import ALICE, ssh_keygen
from tests.test_followup_rules import REF, setup  # noqa: F401  (a fixture)

EXE = Path(sys.executable).parent / "minecheck"

# A run whose every worker is sent SIGTERM before the first line of its set-up (`_init_worker`):
# the instant between a fork (or spawn) and the initializer, made to happen every time.
STOPPED_AS_STARTED = """
import os
import signal
import sys
from minecheck.report import batch
batch.start_method = lambda: os.environ["START_METHOD"]
batch.cpu_count = lambda: 2
real = batch._init_worker


def stopped_first(*args):
    os.kill(os.getpid(), signal.SIGTERM)
    real(*args)
    with open(os.environ["SET_UP_LOG"], "a") as log:  # a worker set up, to take the work
        log.write("set up;")


batch._init_worker = stopped_first
if __name__ == "__main__":
    from minecheck.__main__ import main
    sys.argv[0] = "minecheck"
    main()
"""


@pytest.mark.parametrize("how", ["fork", "spawn"])
def test_a_stop_before_a_worker_s_set_up_is_ignored_as_after_it(tmp_path: Path, how: str) -> None:
    """A stop sent to the whole group (a timer's SIGTERM) that reached a worker before its
    set-up's first line met the run's handler, inherited by fork ("Exception in initializer",
    a traceback; the pool broken, the run did the work itself), or spawn's default (the
    worker died). The signals are blocked while the pool starts a worker: the worker ignores such
    a stop as it ignores one that comes later, and the run goes on to its end."""
    generate(tmp_path / "c", 60, 2, seed=3)
    docs = str(tmp_path / "c" / "docs")
    trust = ["--allowed-signers", str(tmp_path / "c" / "allowed_signers")]
    script = tmp_path / "stopped.py"
    script.write_text(STOPPED_AS_STARTED)
    env = {**os.environ, "MINECHECK_HOME": str(tmp_path / "home"), "START_METHOD": how}
    env["SET_UP_LOG"] = str(tmp_path / "set-up")
    command = ["export", docs, *trust, "--format", "csv", "--no-cache"]
    plain = subprocess.run(
        [str(EXE), *command], env=env, capture_output=True, timeout=300, check=False
    )
    stopped = subprocess.run(
        [sys.executable, str(script), *command],
        env=env,
        capture_output=True,
        timeout=300,
        check=False,
    )
    assert (stopped.returncode, stopped.stderr.decode()) == (0, ""), how
    assert stopped.stdout == plain.stdout
    assert "set up;" in (tmp_path / "set-up").read_text()  # (not the run alone, in itself)
    assert plain.returncode == 0
    assert len(plain.stdout) > 1000


STDIN_READERS = [
    ["verify", "-"],
    ["show", "-"],
    ["summary", "-"],
    ["export", "-"],
]  # (where `-` is one file the hint says "name the file": tests/test_loose_ends11.py)


@pytest.mark.parametrize("command", STDIN_READERS, ids=lambda c: " ".join(c[:2]))
@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "en",
            "minecheck: error: <stdin>: cannot read: standard input is closed\n"
            "  hint: give it a file or a pipe (< FILE), or name the files instead of -\n",
        ),
        (
            "zh",
            "minecheck: error: <stdin>：无法读取：标准输入已关闭\n"
            "  hint: 请以文件或管道作为标准输入（< FILE），或不用 -，直接写出文件名\n",
        ),
    ],
)
def test_a_closed_standard_input_is_said_so(
    tmp_path: Path, command: list[str], lang: str, said: str
) -> None:
    """`verify - <&-` said "Bad file descriptor", the system's words for what the caller did
    (`</dev/null` is "no documents"): every command that reads standard input says it is
    closed, and what to give it, exit 2 as before."""
    env = {**os.environ, "MINECHECK_HOME": str(tmp_path / "home"), "MINECHECK_LANG": lang}
    run = subprocess.run(
        ["sh", "-c", '"$@" <&-', "sh", str(EXE), *command, "--lang", lang],
        env=env,
        capture_output=True,
        timeout=60,
        check=False,
        cwd=tmp_path,
    )
    assert (run.returncode, run.stdout, run.stderr.decode()) == (2, b"", said)


PUB_LINKED = {
    "en": (
        "  hint: remove the link and write the file in its place with:\n"
        "    rm k1.pub && ssh-keygen -y -f k1 > k1.pub\n"
    ),
    "zh": (
        "  hint: 请删除该链接，并用以下命令在原处重新生成：\n"
        "    rm k1.pub && ssh-keygen -y -f k1 > k1.pub\n"
    ),
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("link", ["to nothing", "to another key's"])
def test_keys_import_s_command_for_a_pub_that_is_a_link_never_writes_through_it(
    tmp_path: Path, lang: str, link: str
) -> None:
    """`keys import`'s "recreate it with: ssh-keygen -y -f KEY > KEY.pub": where the `.pub` is
    a link, `>` wrote through it: to its target's name where it led to nothing (told "missing"),
    over another key's public half where it led to that. The command removes the link first;
    run as pasted it makes the `.pub` a file and leaves the link's target as it was."""
    ssh_keygen(tmp_path / "k1", ALICE)
    ssh_keygen(tmp_path / "k2", ALICE)
    (tmp_path / "k1.pub").unlink()
    other = (tmp_path / "k2.pub").read_bytes()
    target = "gone.pub" if link == "to nothing" else "k2.pub"
    (tmp_path / "k1.pub").symlink_to(target)
    env = {**os.environ, "MINECHECK_HOME": str(tmp_path / "home")}
    run = subprocess.run(
        [str(EXE), "keys", "import", "k1", "--lang", lang],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=tmp_path,
    )
    said = {
        ("to nothing", "en"): "k1.pub: a symbolic link that leads to no file (a loop, or its "
        "target is gone)",
        ("to nothing", "zh"): "k1.pub：符号链接不指向任何文件（链接成环，或目标已不存在）",
        ("to another key's", "en"): "k1.pub is the public half of another key, not of k1",
        ("to another key's", "zh"): "k1.pub 是另一个密钥的公钥，不是 k1 的",
    }[link, lang]
    assert (run.returncode, run.stdout) == (2, "")
    assert run.stderr == f"minecheck: error: {said}\n{PUB_LINKED[lang]}"
    command = run.stderr.splitlines()[-1].strip()
    subprocess.run(["sh", "-c", command], cwd=tmp_path, check=True, capture_output=True)
    assert not (tmp_path / "k1.pub").is_symlink()
    assert not (tmp_path / "gone.pub").exists()
    assert (tmp_path / "k2.pub").read_bytes() == other
    again = subprocess.run(
        [str(EXE), "keys", "import", "k1"], env=env, capture_output=True, timeout=60, cwd=tmp_path
    )
    assert again.returncode == 0, again.stderr


NO_NAME = {
    "en": "'NEW-FILE (no name tried is free and short enough: name a new file)/'",
    "zh": "'新文件（试过的名称都已被占用或过长：请另起一个新文件名）/'",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_conversions_command_with_every_name_taken_names_none_and_says_so(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """`a.utf-8.toml` to `a.utf-8-100.toml` all there: the command wrote over the last, taken
    (`untaken` gave up and handed it over). Now it names no file and says to name one; run as
    pasted, every file there is as it was."""
    monkeypatch.chdir(tmp_path)
    Path("a.toml").write_bytes(KINDS["utf-16"])
    taken = ["a.utf-8.toml"] + [f"a.utf-8-{n}.toml" for n in range(2, 101)]
    for name in taken:
        Path(name).write_bytes(name.encode())
    command = _command(_inspect(cli, "a.toml", lang).stderr)
    assert command == f"iconv -f UTF-16 -t UTF-8 a.toml > {NO_NAME[lang]}"
    assert subprocess.run(["sh", "-c", command], capture_output=True, check=False).returncode != 0
    assert all(Path(name).read_bytes() == name.encode() for name in taken)


def test_a_conversions_command_for_a_suffix_longer_than_a_name_names_none(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`a.` and 250 letters: the stem was cut to nothing and the name written still too long
    (the shell's "File name too long", nothing made). Now the command says to name a file."""
    monkeypatch.chdir(tmp_path)
    name = "a." + "x" * 250
    Path(name).write_bytes(KINDS["utf-16"])
    command = _command(_inspect(cli, name, "en").stderr)
    assert command == f"iconv -f UTF-16 -t UTF-8 {name} > {NO_NAME['en']}"


def test_a_signed_copy_with_every_name_taken_names_none_and_says_so(tmp_path: Path) -> None:
    """The copy of a signed file whose CRs were added, `-as-signed` to `-as-signed-100` all
    there: the last, taken, was handed over to be written and checked."""
    from minecheck.cli._damage import restore_hint
    from minecheck.core.seal import CR_ADDED

    source = tmp_path / "f.toml"
    source.write_bytes(b"x")
    for n in range(1, 101):
        (tmp_path / f"f-as-signed{'' if n == 1 else f'-{n}'}.toml").write_bytes(b"mine")
    hint = restore_hint(str(source), CR_ADDED)
    assert hint == (
        f"to get back the file as it was signed: tr -d '\\r' < {source} > {NO_NAME['en']} "
        "then check it (the signature says whether it is the signer's file): minecheck verify "
        f"{NO_NAME['en']} or ask the sender to send it again inside a zip archive, which a "
        "mail program leaves as it is"
    )


UNNAMED = {
    "en": (
        f"minecheck: warning: {REF}: escalated without a note: which escalation it was is not "
        "recorded\n"
        "  hint: name it in the event's note (--note): suspension for rectification, a closure "
        "requested, or a transfer to another authority\n"
    ),
    "zh": (
        f"minecheck: warning: {REF}：升级处理未附说明，未记录是哪一种升级处理\n"
        "  hint: 请在该事件的说明（--note）中写明：停产整顿、提请关闭或移送\n"
    ),
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_escalation_without_a_note_is_signed_and_warned(
    cli: Any,
    setup: dict[str, Any],  # noqa: F811
    lang: str,
) -> None:
    """An `escalated` event needs no note (SPEC 2.4), so which of DOMAIN's three escalations
    it was (停产整顿, 提请关闭, 移送) went unrecorded, unsaid. It is signed as before (exit 0,
    its path on stdout) with a warning; with a note, or from an events file with one, nothing
    is said; an events file without one is warned as the command line is, its hint naming
    the file's key (`note`) for the option."""
    work: Path = setup["work"]
    work.joinpath("alice.toml").write_bytes(
        findings(setup["inspector"], ["compliant", "noncompliant", "compliant"])
    )
    args = ["followup", REF, "--action", "escalated", *setup["sign"], "--lang", lang]
    run = cli([*args, "-o", "bare.toml"])
    assert (run.exit_code, run.stdout, run.stderr) == (0, "bare.toml\n", UNNAMED[lang])
    run = cli([*args, "-o", "named.toml", "--note", "停产整顿 (suspended for rectification)"])
    assert (run.exit_code, run.stdout, run.stderr) == (0, "named.toml\n", "")
    (work / "ev.toml").write_text(f'[[event]]\nfinding = "{REF}"\naction = "escalated"\n')
    events = ["followup", "--events", "ev.toml", *setup["sign"], "--lang", lang]
    run = cli([*events, "-o", "from-file.toml"])
    keyed = UNNAMED[lang].replace(" (--note)", "").replace("说明（--note）", " note ")
    assert keyed != UNNAMED[lang]  # (of a file, its key: --events takes no --note beside it)
    keyed = keyed.replace(REF, f"ev.toml:1: {REF}", 1)  # (and the event's place)
    assert (run.exit_code, run.stdout, run.stderr) == (0, "from-file.toml\n", keyed)
