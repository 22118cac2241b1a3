"""Yesterday's product beside today's: the session's first commit and main's code after it, run
on one set of inputs (healthy and broken; en and zh; `--json` and not; 40, 80 and 120 columns;
a pipe and a real pty for the walk and `show`). Every difference in stdout, stderr and the exit
code was matched to the section of docs/decisions.md that meant it; the ones below pin what
differed and the defects the comparison found."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

HINT = {
    "en": "  hint: it is written with \\ as on Windows; here a path's parts are separated by /: ",
    "zh": "  hint: 它按 Windows 的写法用 \\ 分隔；这里路径的各部分以 / 分隔：",
}
NO_SUCH = {"en": "{path}: no such file", "zh": "{path}：文件不存在"}
FINDINGS_NO_SUCH = {"en": "--findings {path}: no such file", "zh": "--findings {path}：文件不存在"}
EVENTS = '[{"finding": "11111111-2222-4333-8444-555555555555/a", "action": "rectified"}]'


@pytest.fixture
def windows_list(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder holding sub/a.toml (the file a Windows list names `sub\\a.toml`)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.toml").write_bytes(b"")
    (tmp_path / "ev.json").write_text(EVENTS, "utf-8")
    return tmp_path


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("command", ["summary", "export"])
def test_a_backslashed_document_not_there_is_told_its_slashed_name_in_summary_and_export(
    cli: Any, windows_list: Path, command: str, lang: str
) -> None:
    """`verify`, `show`, `merge` and `checklists lint` told `sub\\a.toml` of `sub/a.toml`;
    `summary` and `export`, whose named documents are looked at before the batch reads them,
    said `no such file` alone."""
    run = cli([command, "--no-cache", "--lang", lang, "sub\\a.toml"])
    assert run.exit_code == 2
    assert run.stdout == ""
    assert run.stderr.splitlines() == [
        "minecheck: error: " + NO_SUCH[lang].format(path="sub\\a.toml"),
        HINT[lang] + "sub/a.toml",
    ]
    envelope = cli([command, "--no-cache", "--lang", lang, "--json", "sub\\a.toml"]).json()
    (problem,) = envelope["problems"]
    assert (problem["code"], problem["hint"]) == ("input", HINT[lang][8:] + "sub/a.toml")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_backslashed_findings_file_not_there_is_told_its_slashed_name(
    cli: Any, windows_list: Path, lang: str
) -> None:
    """`followup --findings sub\\a.toml` said `--findings sub\\a.toml: no such file` alone."""
    args = ["followup", "--events", "ev.json", "--findings", "sub\\a.toml", "--lang", lang]
    run = cli(args)
    assert run.exit_code == 2
    assert run.stderr.splitlines() == [
        "minecheck: error: " + FINDINGS_NO_SUCH[lang].format(path="sub\\a.toml"),
        HINT[lang] + "sub/a.toml",
    ]
    assert not (windows_list / "followups").exists()


@pytest.mark.parametrize("command", ["summary", "export", "followup"])
def test_a_name_not_there_without_a_slashed_twin_gets_no_hint(
    cli: Any, windows_list: Path, command: str
) -> None:
    """The hint is only where the name with slashes is there (`nope\\a.toml` is not)."""
    args = (
        ["followup", "--events", "ev.json", "--findings", "nope\\a.toml"]
        if command == "followup"
        else [command, "--no-cache", "nope\\a.toml"]
    )
    run = cli([*args, "--json"])
    (problem,) = run.json()["problems"]
    assert problem["hint"] is None
    assert problem["message"].endswith("nope\\a.toml: no such file")


UTF16_LIST = "\ufeffa.toml\r\nb.toml\r\n".encode("utf-16-le")
# each difference the comparison found on inputs needing no signature, with the line it now
# says and its section: "Files as Windows tools write them" (W), "The session's changes
# attacked, round 23" (A23), "Loose ends, round 5" (L5); the walk's whitespace (A23), the
# evidence of one byte and a key's one trailing byte (L5) are pinned where they were made
INTENDED = [
    (  # W: a list of paths in UTF-16 was names with NULs in them, `not a usable file name`
        ["verify", "-"],
        UTF16_LIST,
        "<stdin>:1:1: not UTF-8: it is UTF-16 text (it starts with a UTF-16 byte-order mark); "
        "save it as UTF-8",
    ),
    (  # A23: a later line's BOM was `\ufeffb.toml: no such file`
        ["summary", "--no-cache", "-"],
        b"a.toml\n\xef\xbb\xbfb.toml\n",
        "<stdin>:2:1: a line starts with a UTF-8 byte-order mark (BOM): lists saved with one "
        "were joined; save each as UTF-8 without BOM",
    ),
    (  # W: a document in UTF-16 was `not UTF-8: byte 0xff cannot be decoded`
        ["verify", "wide.toml"],
        None,
        "wide.toml:1:1: not UTF-8: it is UTF-16 text (it starts with a UTF-16 byte-order "
        "mark); save it as UTF-8",
    ),
    (  # L5: a key file that is a device was `... is not a regular file`, without its kind
        ["trust", "add", "--principal", "m@x", "--key", "/dev/null"],
        None,
        "minecheck: error: public key file /dev/null: not a regular file (a character device)",
    ),
    (  # W: a checklist in GB18030 was told a command that kept its CRs, under another name
        ["checklists", "lint", "gb.toml"],
        None,
        "    mkdir -p utf-8 && iconv -f GB18030 -t UTF-8 gb.toml | tr -d '\\r' > utf-8/gb.toml",
    ),
]


@pytest.mark.parametrize(
    ("args", "stdin", "line"),
    INTENDED,
    ids=["utf16-list", "later-bom", "utf16-doc", "device-key", "gb-checklist"],
)
def test_the_differences_the_comparison_found_are_those_the_sections_meant(
    cli: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    stdin: bytes | None,
    line: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "wide.toml").write_bytes(b"\xff\xfe" + "x = 1\n".encode("utf-16-le"))
    checklist = Path(__file__).parent / "data" / "checklists" / "valid" / "mini-check.toml"
    text = checklist.read_text("utf-8").replace("\n", "\r\n")
    (tmp_path / "gb.toml").write_bytes(text.encode("gb18030"))
    run = cli(args, input=stdin)
    assert run.exit_code in (1, 2)
    assert line in run.stderr.splitlines() + run.stdout.splitlines()


@pytest.mark.parametrize("option", ["--allowed-signers", "--revoked-keys"])
def test_a_backslashed_trust_file_not_there_is_told_its_slashed_name(
    cli: Any, windows_list: Path, option: str
) -> None:
    """`verify --allowed-signers sub\\a.toml` said `--allowed-signers sub\\a.toml: no such file`
    alone (the trust files named on the command line are looked at in one place)."""
    run = cli(["verify", option, "sub\\a.toml", "sub/a.toml"])
    assert run.exit_code == 2
    assert run.stderr.splitlines() == [
        f"minecheck: error: {option} sub\\a.toml: no such file",
        HINT["en"] + "sub/a.toml",
    ]


def test_a_backslashed_public_key_not_there_is_told_its_slashed_name(
    cli: Any, windows_list: Path
) -> None:
    """`trust add --key sub\\a.pub` said `public key file sub\\a.pub does not exist` alone."""
    (windows_list / "sub" / "a.pub").write_bytes(b"")
    run = cli(["trust", "add", "--principal", "m@x", "--key", "sub\\a.pub", "--json"])
    assert run.exit_code == 2
    (problem,) = run.json()["problems"]
    assert problem["message"] == "public key file sub\\a.pub does not exist"
    assert problem["hint"] == HINT["en"][8:] + "sub/a.pub"


DRIVE = "it names a file on the Windows drive C:, which is no path here: copy the files to this "


@pytest.mark.parametrize(
    "args",
    [
        ["summary", "--no-cache", "C:\\inspections\\a.toml"],
        ["export", "--no-cache", "C:\\inspections\\a.toml"],
        ["followup", "--events", "ev.json", "--findings", "C:\\inspections\\a.toml"],
        ["verify", "--allowed-signers", "C:\\trust\\allowed_signers", "sub/a.toml"],
        ["trust", "add", "--principal", "m@x", "--key", "C:\\keys\\a.pub"],
    ],
    ids=["summary", "export", "followup", "trust-file", "public-key"],
)
def test_a_name_on_a_windows_drive_is_told_so_wherever_a_name_not_there_is_said(
    cli: Any, windows_list: Path, args: list[str]
) -> None:
    """Where the backslashed name's hint is given, a drive letter's is too: each place that says
    a name is not there asks one function for what a Windows name needs (the two hints were
    made apart on the same day, and one of them reached only `not_there`'s callers)."""
    (problem,) = cli([*args, "--json"]).json()["problems"]
    assert problem["hint"].startswith(DRIVE)
