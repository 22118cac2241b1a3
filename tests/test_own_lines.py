"""The hints that named a command inside a sentence (two commands, or a command in brackets):
each command on a line of its own under the sentence that says what it is for, in English and
Chinese; `--json` carries each hint on one line."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Any

import pytest

from minecheck.i18n import on_one_line
from tests.helpers_merge import Who
from tests.test_enterprise import DAMAGES, inspector, received, signed, trust

__all__ = ["inspector", "trust"]  # (the fixtures)

RESTORE = {
    "en": [
        "  hint: to get back the file as it was signed:",
        "    tr -d '\\r' < {path} > {copy}",
        "  then check it (the signature says whether it is the signer's file):",
        "    minecheck verify --allowed-signers {trust} {copy}",
        "  or ask the sender to send it again inside a zip archive, which a mail program leaves "
        "as it is",
    ],
    "zh": [
        "  hint: 恢复为签署时的原文件：",
        "    tr -d '\\r' < {path} > {copy}",
        "  然后核验（由签名判断它是否为签名人的原文件）：",
        "    minecheck verify --allowed-signers {trust} {copy}",
        "  或请发件人把文件装入 zip 压缩包重新发送，邮件程序不会改动压缩包里的文件",
    ],
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_mail_restore_hint_gives_each_command_a_line(
    cli: Any, tmp_path: Path, inspector: Who, trust: list[str], lang: str
) -> None:
    path = received(tmp_path, DAMAGES["crlf"](signed(inspector)))
    copy = path.with_name("xinxing-as-signed.toml")
    run = cli(["verify", *trust, str(path), "--lang", lang])
    assert run.exit_code == 1
    words = {"path": shlex.quote(str(path)), "copy": shlex.quote(str(copy)), "trust": trust[1]}
    words["trust"] = shlex.quote(words["trust"])
    said = [line.format(**words) for line in RESTORE[lang]]
    assert run.stderr.splitlines()[:5] == said
    [entry] = cli(["verify", *trust, str(path), "--json", "--lang", lang]).json()["data"]["files"]
    # (the lines on one: a blank between two, nothing after a Chinese mark)
    assert entry["hint"] == on_one_line([said[0].removeprefix("  hint: "), *said[1:]])


def test_show_of_two_changed_files_keeps_each_hint_s_lines(
    cli: Any, tmp_path: Path, inspector: Who, trust: list[str]
) -> None:
    """`show` says the hints of all the files it could not read after its error: they were
    joined into one line, the commands inside it."""
    first = received(tmp_path, DAMAGES["crlf"](signed(inspector)))
    second = first.with_name("second.toml")
    second.write_bytes(first.read_bytes())
    run = cli(["show", *trust, str(first), str(second)])
    assert run.exit_code == 2
    lines = run.stderr.splitlines()
    commands = [line.strip() for line in lines if line.startswith("    tr -d ")]
    assert [shlex.split(each)[4] for each in commands] == [str(first), str(second)]
    assert "leaves as it is; to get back the file as it was signed:" in run.stderr
