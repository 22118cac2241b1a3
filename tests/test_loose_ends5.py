"""The loose ends the last rounds left: a size of one byte said in the plural, a file that is
not a regular file refused in more than one wording, and a merged file's table without the
grade a findings file's table shows."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest

from tests.helpers_merge import Who, person
from tests.test_evidence_form import recorded, signed, verify


@pytest.fixture(scope="module")
def alice(tmp_path_factory: pytest.TempPathFactory) -> Who:
    return person(tmp_path_factory.mktemp("keys"), "alice")


SIZES_SAID = {
    "en": [
        "evidence-changed: ev/one.jpg: 1 byte where 5 were recorded",
        "evidence-changed: ev/two.jpg: 2 bytes where 1 was recorded",
        "evidence-changed: ev/three.jpg: 3 bytes where 5 were recorded",
    ],
    "zh": [
        "evidence-changed: ev/one.jpg: 现为 1 字节，记录的是 5 字节",
        "evidence-changed: ev/two.jpg: 现为 2 字节，记录的是 1 字节",
        "evidence-changed: ev/three.jpg: 现为 3 字节，记录的是 5 字节",
    ],
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_evidence_file_of_one_byte_is_said_in_the_singular(
    cli: Any, alice: Who, tmp_path: Path, lang: str
) -> None:
    """An evidence file changed to one byte said `1 bytes where 5 were recorded`; one recorded
    as one byte said `where 1 were recorded`."""
    ev = tmp_path / "ev"
    ev.mkdir()
    (ev / "one.jpg").write_bytes(b"p")
    (ev / "two.jpg").write_bytes(b"pp")
    (ev / "three.jpg").write_bytes(b"ppp")
    out = signed(
        alice,
        tmp_path,
        recorded(b"photo", "ev/one.jpg"),
        recorded(b"p", "ev/two.jpg"),
        recorded(b"photo", "ev/three.jpg"),
    )
    evidence_said(cli, alice, out, lang, SIZES_SAID)


def evidence_said(cli: Any, who: Who, out: Path, lang: str, said: dict[str, list[str]]) -> None:
    """`verify --evidence` of `out` fails (exit 1) with `said[lang]` after its first line, each
    after the file's name; `--json` gives each line's detail in English (a script's)."""
    run = verify(cli, who, out, "--lang", lang)
    assert run.exit_code == 1
    lines = [line.removeprefix(f"{out}: ") for line in run.stdout.splitlines()[1:]]
    assert lines == said[lang]
    as_json = verify(cli, who, out, "--json", "--lang", lang)
    assert as_json.exit_code == 1
    [file] = json.loads(as_json.stdout)["data"]["files"]
    details = [line.split(": ", 2)[2] for line in said["en"]]
    assert [e["detail"] for e in file["evidence"]] == details


TRAILING_SAID = {
    "en": [
        "allowed:1:32: invalid ssh-ed25519 key: 1 unexpected trailing byte",
        "minecheck: error: allowed: 1 malformed line in the allowed signers file",
    ],
    "zh": [
        "allowed:1:32: ssh-ed25519 密钥无效：末尾多出 1 个字节",
        "minecheck: error: allowed：allowed_signers 文件中有 1 行格式有误",
    ],
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_key_with_one_byte_too_many_is_said_in_the_singular(
    cli: Any, alice: Who, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    monkeypatch.chdir(tmp_path)
    kind, blob = Path(f"{alice.key}.pub").read_text().split()[:2]
    longer = base64.b64encode(base64.b64decode(blob) + b"\0").decode()
    Path("allowed").write_text(f"{alice.principal} {kind} {longer}\n")
    run = cli(["trust", "list", "--allowed-signers", "allowed", "--lang", lang])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines() == TRAILING_SAID[lang]


def _socket(path: Path) -> None:
    import socket

    with socket.socket(socket.AF_UNIX) as s:
        s.bind(str(path))  # (the name stays when it is closed)


KINDS = {
    # what is named, how it is made, its kind in English and in Chinese
    "socket": ("sock", _socket, "a socket", "套接字"),
    "device": ("/dev/null", None, "a character device", "字符设备"),
}
E = "minecheck: error: "
REFUSED = {  # the command, then its first line in English and in Chinese
    "show": (["show", "{f}"], E + "{f}: not a regular file ({k})", E + "{f}：不是普通文件（{z}）"),
    "verify": (["verify", "{f}"], "{f}: not a regular file ({k})", "{f}: 不是普通文件（{z}）"),
    "lint": (
        ["checklists", "lint", "{f}"],
        "{f}: not a regular file ({k})",
        "{f}: 不是普通文件（{z}）",
    ),
    "trust": (
        ["trust", "list", "--allowed-signers", "{f}"],
        E + "{f}: not a regular file ({k})",
        E + "{f}：不是普通文件（{z}）",
    ),
    "keys": (
        ["keys", "import", "{f}", "--principal", "a@coal.example"],
        E + "key file {f}: not a regular file ({k})",
        E + "密钥文件 {f}：不是普通文件（{z}）",
    ),
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("special", KINDS)
@pytest.mark.parametrize("command", REFUSED)
def test_a_file_that_is_not_a_regular_file_is_refused_one_way_with_its_kind(
    cli: Any,
    isolated_home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    special: str,
    command: str,
) -> None:
    """A socket said `sock: cannot read: a socket, not a file`, a device `/dev/null: not a
    regular file (a character device)`, a key file or a trust file that is neither `X is not a
    regular file`: each is now said with its kind, one way, in both languages; exit 2."""
    monkeypatch.chdir(tmp_path)
    name, make, kind, kind_zh = KINDS[special]
    if make is not None:
        make(tmp_path / name)
    args, en, zh = REFUSED[command]
    run = cli([a.format(f=name) for a in args] + ["--lang", lang])
    assert (run.exit_code, run.stdout) == (2, "")
    line = (en if lang == "en" else zh).format(f=name, k=kind, z=kind_zh)
    assert run.stderr.splitlines()[0] == line


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_key_or_trust_file_named_by_a_directory_is_said_a_directory(
    cli: Any, isolated_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """`key file . is not a regular file` and `dir is not a regular file` said no kind."""
    monkeypatch.chdir(tmp_path)
    Path("dir").mkdir()
    key = cli(["keys", "import", ".", "--principal", "a@coal.example", "--lang", lang])
    trust = cli(["trust", "list", "--allowed-signers", "dir", "--lang", lang])
    assert (key.exit_code, key.stdout, trust.exit_code, trust.stdout) == (2, "", 2, "")
    said = {
        "en": [
            "minecheck: error: key file .: not a regular file (a directory)",
            "minecheck: error: dir: not a regular file (a directory)",
        ],
        "zh": [
            "minecheck: error: 密钥文件 .：不是普通文件（目录）",
            "minecheck: error: dir：不是普通文件（目录）",
        ],
    }[lang]
    assert [key.stderr.splitlines(), trust.stderr.splitlines()[:1]] == [said[:1], said[1:]]
    assert trust.stderr.splitlines()[1].startswith("  hint: ")
