"""Loose ends, round 13: what `keys import` says of a `.pub` that holds a private key, a `.pub`
that is a folder, and where `followup --events`' `escalation-unnamed` warning points."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.helpers_merge import findings
from tests.test_attack28 import PUB_LINK_HINT, _keys_import
from tests.test_cli_keys_rules import ALICE, ssh_keygen
from tests.test_followup_rules import REF, setup  # noqa: F401  (a fixture)

NAME = "-k; touch owned"

NOT_ITS_HALF = {
    "en": f"./{NAME}.pub is a private key, not the public half of ./{NAME}",
    "zh": f"./{NAME}.pub 是私钥，不是 ./{NAME} 的公钥",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("linked", [True, False])
def test_a_pub_holding_a_private_key_is_said_in_keys_import_s_words(
    tmp_path: Path, lang: str, linked: bool
) -> None:
    """`keys import KEY` where KEY.pub is (or links to) a private key said "pass the public
    key (KEY.pub.pub)": advice for a key named on the command line, naming a file no one
    meant. It says what the file is to this command; a link keeps the link's command, a file
    (perhaps the only copy of another key) is handed nothing that writes over it."""
    key, pub = tmp_path / NAME, tmp_path / f"{NAME}.pub"
    ssh_keygen(key, ALICE)
    ssh_keygen(tmp_path / "other", ALICE)
    pub.unlink()
    if linked:
        pub.symlink_to("other")
    else:
        pub.write_bytes((tmp_path / "other").read_bytes())
    run = _keys_import(tmp_path, f"./{NAME}", "--lang", lang)
    command = f"rm './{NAME}.pub' && ssh-keygen -y -f './{NAME}' > './{NAME}.pub'"
    hint = f"{PUB_LINK_HINT[lang]}    {command}\n" if linked else ""
    assert (run.returncode, run.stdout) == (2, "")
    assert run.stderr == f"minecheck: error: {NOT_ITS_HALF[lang]}\n{hint}"
    assert (tmp_path / "other").read_bytes() != b""


FOLDER = {
    "en": (
        f"minecheck: error: public key file ./{NAME}.pub: not a regular file (a directory)\n"
        "  hint: move the folder away first (nothing in it is removed here), then write the "
        "file in its place with:\n"
        f"    ssh-keygen -y -f './{NAME}' > './{NAME}.pub'\n"
    ),
    "zh": (
        f"minecheck: error: 公钥文件 ./{NAME}.pub：不是普通文件（目录）\n"
        "  hint: 请先把该文件夹移走（这里不删除其中任何内容），再用以下命令在原处生成该文件：\n"
        f"    ssh-keygen -y -f './{NAME}' > './{NAME}.pub'\n"
    ),
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_pub_that_is_a_folder_gets_the_command_that_makes_it_again(
    tmp_path: Path, lang: str
) -> None:
    """A `.pub` that is itself a folder was refused with no hint. The hint says to move the
    folder away first and gives the command that writes the file; pasted while the folder is
    still there, the command fails and the folder's files are as they were; once it is moved,
    the command makes the file and `keys import` records the key."""
    import subprocess

    key, pub = tmp_path / NAME, tmp_path / f"{NAME}.pub"
    ssh_keygen(key, ALICE)
    pub.unlink()
    pub.mkdir()
    (pub / "inside").write_bytes(b"kept")
    run = _keys_import(tmp_path, f"./{NAME}", "--lang", lang)
    assert (run.returncode, run.stdout, run.stderr) == (2, "", FOLDER[lang])
    command = run.stderr.splitlines()[-1].strip()
    pasted = subprocess.run(["sh", "-c", command], cwd=tmp_path, capture_output=True, check=False)
    assert pasted.returncode != 0
    assert (pub / "inside").read_bytes() == b"kept"
    assert not (tmp_path / "owned").exists()
    pub.rename(tmp_path / "moved")
    subprocess.run(["sh", "-c", command], cwd=tmp_path, capture_output=True, check=True)
    assert _keys_import(tmp_path, f"./{NAME}").returncode == 0
    assert (tmp_path / "moved" / "inside").read_bytes() == b"kept"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_unnamed_escalation_from_an_events_file_names_its_file_and_line_in_json(
    cli: Any,
    setup: dict[str, Any],  # noqa: F811
    lang: str,
) -> None:
    """`followup --events FILE --json`: the `escalation-unnamed` warning had `path` and `line`
    null. It names the events file and the line of the event (a TOML file's `[[event]]`; a
    JSON file has no lines to give, its path alone); from the command line, neither."""
    work: Path = setup["work"]
    work.joinpath("alice.toml").write_bytes(
        findings(setup["inspector"], ["compliant", "noncompliant", "compliant"])
    )
    (work / "ev.toml").write_text(
        f'# two events\n[[event]]\nfinding = "{REF}"\naction = "escalated"\nnote = "停产整顿"\n\n'
        f'[[event]]\nfinding = "{REF}"\naction = "escalated"\n'
    )
    (work / "ev.json").write_text(
        json.dumps({"event": [{"finding": REF, "action": "escalated"}]}), encoding="utf-8"
    )
    base = [*setup["sign"], "--lang", lang, "--json"]
    for events, line, out in (("ev.toml", 7, "a.toml"), ("ev.json", None, "b.toml")):
        run = cli(["followup", "--events", events, *base, "-o", out])
        assert (run.exit_code, run.stderr) == (0, "")
        (warning,) = json.loads(run.stdout)["problems"]
        assert (warning["code"], warning["path"], warning["line"]) == (
            "escalation-unnamed",
            events,
            line,
        )
    run = cli(["followup", REF, "--action", "escalated", *base, "-o", "c.toml"])
    (warning,) = json.loads(run.stdout)["problems"]
    assert (warning["code"], warning["path"], warning["line"]) == ("escalation-unnamed", None, None)
