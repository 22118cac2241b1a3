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
    run = verify(cli, alice, out, "--lang", lang)
    assert run.exit_code == 1
    said = [line.removeprefix(f"{out}: ") for line in run.stdout.splitlines()[1:]]
    assert said == SIZES_SAID[lang]
    as_json = verify(cli, alice, out, "--json", "--lang", lang)
    assert as_json.exit_code == 1
    [file] = json.loads(as_json.stdout)["data"]["files"]
    details = [line.split(": ", 2)[2] for line in SIZES_SAID["en"]]  # (a script's: English)
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
