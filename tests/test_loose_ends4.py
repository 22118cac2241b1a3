"""The loose ends round 21 left: a list of paths that starts with a byte-order mark, a malformed
document's reason in `extract` and `summary`, a count of one said in the plural, a tab typed
into the walk's free text, and an events file named `<stdin>`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.helpers_merge import allowed_signers, findings, person

BOM_SAID = {
    "en": [
        "<stdin>:1:1: starts with a UTF-8 byte-order mark (BOM); save it as UTF-8 without BOM",
        "  hint: take it out in the pipe, before minecheck, with:",
        "    tail -c +4",
        "  or save it as UTF-8 (Notepad: Save as, Encoding UTF-8)",
        "minecheck: error: <stdin> starts with a byte-order mark",
    ],
    "zh": [
        "<stdin>:1:1: 以 UTF-8 字节顺序标记（BOM）开头；请另存为不带 BOM 的 UTF-8",
        "  hint: 请在管道中、minecheck 之前用以下命令去掉它：",
        "    tail -c +4",
        "  或将其另存为 UTF-8（记事本：另存为，编码选 UTF-8）",
        "minecheck: error: <stdin> 以字节顺序标记（BOM）开头",
    ],
}


# every command that reads a list of paths on standard input
each_list_reader = pytest.mark.parametrize(
    "args",
    [["verify", "-"], ["summary", "-"], ["show", "-"], ["export", "-"], ["merge", "-", "-o", "m"]],
    ids=" ".join,
)


@pytest.mark.parametrize("lang", ["en", "zh"])
@each_list_reader
def test_a_list_of_paths_that_starts_with_a_byte_order_mark_is_refused_as_the_answers_are(
    cli: Any,
    isolated_home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    args: list[str],
) -> None:
    """A list saved by Notepad as "UTF-8 with BOM" said its first name `\\ufeffa.toml: no such
    file`, a name no one typed. It is refused in the answers file's words (the BOM named at 1:1,
    and how to save without it), before any name in it is looked for; nothing is written."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.toml").write_bytes(b"")
    run = cli([*args, "--lang", lang], input=b"\xef\xbb\xbfa.toml\r\nb.toml\r\n")
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines() == BOM_SAID[lang]
    assert not (tmp_path / "m").exists()


def test_a_list_of_paths_with_a_byte_order_mark_is_one_problem_in_json(
    cli: Any, isolated_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    run = cli(["verify", "-", "--json"], input=b"\xef\xbb\xbfa.toml\n")
    assert run.exit_code == 2
    said = [(p["code"], p["message"], p["path"], p["line"]) for p in run.json()["problems"]]
    assert said == [
        ("bom", BOM_SAID["en"][0].split(": ", 1)[1], "<stdin>", 1),
        ("input", "<stdin> starts with a byte-order mark", "<stdin>", None),
    ]


BAD = b'[minecheck]\nformat = "minecheck.merged/1"\nsource_count = "x"\n\n'
MISSING = ("document_id", "created", "signer", "signer_key", "tool")
FAULTS = {
    "en": [
        *(f"bad.toml:1:2: missing required key '{key}' in [minecheck]" for key in MISSING),
        "bad.toml:3:1: source_count must be an integer",
    ],
    "zh": [
        *(f"bad.toml:1:2: [minecheck] 表缺少必需的键 '{key}'" for key in MISSING),
        "bad.toml:3:1: source_count 必须是整数",
    ],
}


EXTRACT_SAID = {
    "en": "minecheck: error: bad.toml: malformed: not a minecheck document; no source can be "
    "taken from it",
    "zh": "minecheck: error: bad.toml：malformed：不是 minecheck 文件；无法从中取出来源文件",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("command", ["verify", "summary", "export", "extract"])
def test_a_malformed_document_is_said_with_its_faults_by_every_command_that_reads_it(
    cli: Any,
    isolated_home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    command: str,
) -> None:
    """`extract` and `summary` said `malformed: not a minecheck document` and nothing of why,
    where `verify` and `show` name each fault at its line: they name them in verify's words.
    A summary's report is made all the same (its exit code is the one it was)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.toml").write_bytes(BAD)
    alice = person(tmp_path, "alice")
    trust = allowed_signers(tmp_path / "allowed_signers", alice)
    (tmp_path / "good.toml").write_bytes(
        findings(alice, ["compliant", "noncompliant", "compliant"])
    )
    (tmp_path / "out").mkdir()
    files = ["bad.toml"] if command == "extract" else ["bad.toml", "good.toml"]
    more = ["-o", "out"] if command == "extract" else ["--allowed-signers", str(trust)]
    run = cli([command, *files, *more, "--lang", lang])
    assert run.exit_code == {"verify": 1, "summary": 0, "export": 0, "extract": 2}[command]
    assert [line for line in run.stderr.splitlines() if line.startswith("bad.toml:")] == (
        FAULTS[lang]
    )
    if command == "extract":  # the reason in the command's language too
        assert run.stderr.splitlines()[-1] == EXTRACT_SAID[lang]
    if command != "verify":
        json_run = cli([command, *files, *more, "--json"])
        said = [
            (p["path"], p["line"], p["message"])
            for p in json_run.json()["problems"]
            if p["line"] is not None
        ]
        assert ("bad.toml", 3, "source_count must be an integer") in said
        assert json_run.exit_code == run.exit_code


ONE_OF_EACH = {
    "en": ["merged: 1 source", "follow-up: 1 event"],
    "zh": ["合并文件：1 个来源", "整改跟踪：1 个事件"],
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_merged_file_s_sources_count_one_in_the_singular(
    cli: Any, isolated_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """`show` said a source `follow-up: 1 events` and `merged: 1 sources`."""
    from minecheck.core.documents import Event
    from tests.helpers_merge import CREATED, INSPECTION, ITEMS, make_merged, store_for
    from tests.test_export import followup

    monkeypatch.setenv("COLUMNS", "200")
    alice, bob = person(tmp_path, "alice"), person(tmp_path, "bob")
    trust = allowed_signers(tmp_path / "allowed_signers", alice, bob)
    store = store_for(alice, bob)
    inner = make_merged(alice, [findings(alice, ["noncompliant", "compliant", "compliant"])], store)
    events = followup(bob, Event(f"{INSPECTION}/{ITEMS[0]}", "rectified", CREATED))
    merged = tmp_path / "m.toml"
    merged.write_bytes(make_merged(bob, [inner, events], store))
    run = cli(["show", str(merged), "--allowed-signers", str(trust), "--lang", lang])
    assert (run.exit_code, run.stderr) == (0, "")
    shown = [line.rstrip().split("  ")[-1].strip() for line in run.stdout.splitlines()]
    assert sorted(line for line in shown if line in ONE_OF_EACH[lang]) == sorted(ONE_OF_EACH[lang])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_count_of_one_is_said_in_the_singular_where_it_is_said(lang: str) -> None:
    """One more problem than a file's problems listed, one character more than is shown, an
    armor line of one character: each said `1 ...s` in English."""
    from minecheck.cli._render import SHOWN_CHARACTERS, _cut
    from minecheck.core.schema import Validator
    from minecheck.core.sshsig import SSHFormatError, parse_armored
    from minecheck.i18n import set_language, t

    set_language(lang)
    try:
        checker = Validator("a.toml", None, say=t)
        checker.more = 1
        said = [checker.finish()[-1].message, _cut("x" * (SHOWN_CHARACTERS + 1), False)[1]]
        with pytest.raises(SSHFormatError) as raised:
            parse_armored("-----BEGIN SSH SIGNATURE-----\nA\nAAAA\n-----END SSH SIGNATURE-----\n")
        said.append(raised.value.said())
    finally:
        set_language("en")
    assert (
        said
        == {
            "en": [
                "and 1 more problem, not listed",
                " … 1 more character not shown",
                "armored signature line 2 has 1 character; base64 is wrapped at exactly 70",
            ],
            "zh": [
                "另有 1 个问题，未列出",
                " …… 另有 1 个字符未显示",
                "签名块第 2 行有 1 个字符；base64 须恰好每 70 个字符换行",
            ],
        }[lang]
    )


EVENTS = '[[event]]\nfinding = "cd2932c4/gas-check-genuine"\naction = "rectified"\n'


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("given", ["<stdin>", "-"])
def test_an_events_file_named_like_standard_input_is_named_as_a_file_in_the_hint(
    cli: Any,
    isolated_home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    given: str,
) -> None:
    """An events file named `<stdin>` got the hint `--events -`, which reads the keyboard: the
    hint told standard input by its label. It is told by what was given: the file is named
    as a file (quoted), `-` stays `-`."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "<stdin>").write_text(EVENTS, encoding="utf-8")
    stdin = EVENTS if given == "-" else ""
    run = cli(["followup", "--events", given, "-o", "fu.toml", "--lang", lang], input=stdin)
    assert (run.exit_code, run.stdout) == (2, "")
    named = "-" if given == "-" else "'<stdin>'"
    assert run.stderr.splitlines()[-1] == (
        f"    minecheck followup --events {named} --findings FILE ..."
    )
    assert not (tmp_path / "fu.toml").exists()
