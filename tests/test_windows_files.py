"""Inputs as Windows tools write them: PowerShell 5's `>` and `Out-File` (UTF-16 LE with a
byte-order mark), `-Encoding BigEndianUnicode` and `-Encoding UTF32`, `Set-Content -Encoding
UTF8` (a UTF-8 byte-order mark), Notepad's "ANSI" on a Chinese Windows (GB18030), CR LF line
ends. Each reader recognises UTF-16 and UTF-32 in one place (tomlio.refuse_wide) and says the
encoding, not a byte that cannot be decoded or names not found."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

CHECKLIST = str(Path(__file__).parent / "data" / "checklists" / "valid" / "mini-check.toml")
ANSWERS = (Path(__file__).parent / "data" / "answers" / "mini-good.toml").read_text("utf-8")

# what PowerShell 5 writes for each -Encoding (`>` and Out-File: Unicode)
WIDE = {
    "utf-16-le": b"\xff\xfe",
    "utf-16-be": b"\xfe\xff",
    "utf-32-le": b"\xff\xfe\x00\x00",
}


def _windows(text: str, codec: str) -> bytes:
    """`text` with CR LF line ends, in `codec` after its byte-order mark."""
    return WIDE[codec] + text.replace("\n", "\r\n").encode(codec)


PIPE = " in the pipe, before minecheck,"  # (standard input's filter: where it goes)
PIPED_ZH = "在管道中、minecheck 之前"


def _said(path: str, encoding: str, lang: str, command: str) -> list[str]:
    if lang == "zh":
        return [
            f"{path}:1:1: 不是 UTF-8：这是 {encoding} 文本（以 {encoding} 字节顺序标记开头）；"
            "请另存为 UTF-8",
            f"  hint: 请{PIPED_ZH if path == '<stdin>' else ''}用以下命令转换为 UTF-8：",
            f"    {command}",
            "  或将其另存为 UTF-8（记事本：另存为，编码选 UTF-8）",
            f"minecheck: error: {path} 不是 UTF-8 文本",
        ]
    return [
        f"{path}:1:1: not UTF-8: it is {encoding} text (it starts with a {encoding} byte-order "
        "mark); save it as UTF-8",
        f"  hint: convert it to UTF-8{PIPE if path == '<stdin>' else ''} with:",
        f"    {command}",
        "  or save it as UTF-8 (Notepad: Save as, Encoding UTF-8)",
        f"minecheck: error: {path} is not UTF-8 text",
    ]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("codec", sorted(WIDE))
def test_an_answers_file_in_utf_16_or_utf_32_is_named_so_with_how_to_convert_it(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, codec: str
) -> None:
    """`Get-Content answers.toml > a.toml` in PowerShell 5 wrote UTF-16: it was `not UTF-8: byte
    0xff cannot be decoded` and nothing more. The encoding is named, with the command that
    converts it; nothing is written."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.toml").write_bytes(_windows(ANSWERS, codec))
    run = cli(["inspect", CHECKLIST, "--site", "M", "--answers", "a.toml", "--lang", lang])
    assert (run.exit_code, run.stdout) == (2, "")
    encoding = codec[:6].upper()
    command = f"iconv -f {encoding} -t UTF-8 a.toml > a.utf-8.toml"
    assert run.stderr.splitlines() == _said("a.toml", encoding, lang, command)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.toml"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_answers_in_utf_16_on_standard_input_are_told_the_command_without_names(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    monkeypatch.chdir(tmp_path)
    run = cli(
        ["inspect", CHECKLIST, "--site", "M", "--answers", "-", "--lang", lang],
        input=_windows(ANSWERS, "utf-16-le"),
    )
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines() == _said("<stdin>", "UTF-16", lang, "iconv -f UTF-16 -t UTF-8")


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(
    "args",
    [["verify", "-"], ["summary", "-"], ["show", "-"], ["export", "-"], ["merge", "-", "-o", "m"]],
    ids=" ".join,
)
def test_a_list_of_paths_in_utf_16_is_refused_naming_its_encoding(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, args: list[str]
) -> None:
    """`Get-ChildItem -Name *.toml > list.txt` in PowerShell 5 wrote UTF-16: its names were
    decoded as the file system decodes names and said not found (`a.toml` as `\\xff\\xfea`,
    NULs between letters). The list is refused as the answers file is, before any name in it
    is looked for; nothing is written."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.toml").write_bytes(b"")
    run = cli([*args, "--lang", lang], input=_windows("a.toml\nb.toml\n", "utf-16-le"))
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines() == _said("<stdin>", "UTF-16", lang, "iconv -f UTF-16 -t UTF-8")
    assert not (tmp_path / "m").exists()


def test_a_list_of_paths_in_utf_16_is_one_not_utf8_problem_in_json(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The problem keeps the code a script already knows for a text not in UTF-8."""
    monkeypatch.chdir(tmp_path)
    run = cli(["verify", "-", "--json"], input=_windows("a.toml\n", "utf-16-be"))
    assert run.exit_code == 2
    said = [(p["code"], p["path"], p["line"], p["column"]) for p in run.json()["problems"]]
    assert said == [("not-utf8", "<stdin>", 1, 1), ("input", "<stdin>", None, None)]


def test_a_gb18030_file_whose_name_begins_with_a_bracket_is_named_in_its_command(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Standard input was told by its label (a path beginning `<`): an answers file named
    `<x>.toml` got `iconv -f GB18030 -t UTF-8` with no file in it. It is told by what was
    given (`--answers -`)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "<x>.toml").write_bytes(ANSWERS.encode("gb18030"))
    run = cli(["inspect", CHECKLIST, "--site", "M", "--answers", "<x>.toml"])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines()[1:3] == [
        "  hint: it reads as GB18030 text: convert it to UTF-8 with:",
        "    iconv -f GB18030 -t UTF-8 '<x>.toml' > '<x>.utf-8.toml'",
    ]


LINE = (
    'b@x namespaces="minecheck-findings-v1,minecheck-merged-v1" ssh-ed25519 '
    "AAAAC3NzaC1lZDI1NTE5AAAAIB6wi2PnFJqQqIcERlZAxD5RxrelKP3FqwvPN0dmBthh\n"
)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_trust_add_from_a_line_saved_as_utf_16_names_its_encoding(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """A signer's line saved with PowerShell's `>` was `line.txt is not UTF-8 text` and no
    more; the trust file is left as it was."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "line.txt").write_bytes(_windows(LINE, "utf-16-le"))
    run = cli(["trust", "add", "--from", "line.txt", "--lang", lang])
    assert (run.exit_code, run.stdout) == (2, "")
    command = "iconv -f UTF-16 -t UTF-8 line.txt > line.utf-8.txt"
    assert run.stderr.splitlines() == _said("line.txt", "UTF-16", lang, command)
    assert cli(["trust", "list"]).stdout.count("b@x") == 0


def test_trust_add_from_a_line_with_a_byte_order_mark_is_refused_as_other_texts_are(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`Set-Content -Encoding UTF8` writes a BOM: it was read as the first principal's
    (`'\\ufeffb@x' names no one who can sign`), a name no one typed."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "line.txt").write_bytes(b"\xef\xbb\xbf" + LINE.encode())
    run = cli(["trust", "add", "--from", "line.txt"])
    assert (run.exit_code, run.stdout) == (2, "")
    said = run.stderr.splitlines()
    assert said[0] == (
        "line.txt:1:1: starts with a UTF-8 byte-order mark (BOM); save it as UTF-8 without BOM"
    )
    assert said[-1] == "minecheck: error: line.txt starts with a byte-order mark"


def test_a_public_key_saved_as_utf_16_names_its_encoding(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    key = LINE.split(" ", 2)[2]
    (tmp_path / "b.pub").write_bytes(_windows(key, "utf-16-le"))
    run = cli(["trust", "add", "--principal", "b@x", "--key", "b.pub"])
    assert (run.exit_code, run.stdout) == (2, "")
    command = "iconv -f UTF-16 -t UTF-8 b.pub > b.utf-8.pub"
    assert run.stderr.splitlines() == _said("b.pub", "UTF-16", "en", command)


def _notepad_ansi(text: str) -> bytes:
    return text.replace("\n", "\r\n").encode("gb18030")


def _powershell(text: str) -> bytes:
    return _windows(text, "utf-16-le")


# a checklist as Notepad on a Chinese Windows saves it ("ANSI"), and as PowerShell's `>` does
NOTEPAD: dict[str, Callable[[str], bytes]] = {"gb18030": _notepad_ansi, "utf-16": _powershell}


@pytest.mark.parametrize("saved", sorted(NOTEPAD))
def test_the_command_a_checklist_is_told_makes_one_that_lint_takes(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, saved: str
) -> None:
    """The hint's `iconv ... mini-check.toml > mini-check.utf-8.toml` made a checklist refused
    twice more: for its CRs (Windows line ends; a checklist takes none) and for its file name,
    which no longer matched its id. The command given now makes one `lint` takes, beside the
    file, under its own name; the file itself is left as it was."""
    import subprocess

    monkeypatch.chdir(tmp_path)
    (tmp_path / "lists").mkdir()
    original = NOTEPAD[saved](Path(CHECKLIST).read_text("utf-8"))
    (tmp_path / "lists" / "mini-check.toml").write_bytes(original)
    run = cli(["checklists", "lint", "lists/mini-check.toml"])
    assert run.exit_code == 1
    said = run.stderr.splitlines()
    at = said.index(next(line for line in said if "iconv" in line))
    command = said[at].strip()
    assert command == (
        f"mkdir -p lists/utf-8 && iconv -f {saved.upper()} -t UTF-8 lists/mini-check.toml "
        "| tr -d '\\r' > lists/utf-8/mini-check.toml"
    )
    subprocess.run(["sh", "-c", command], check=True)
    assert (tmp_path / "lists" / "mini-check.toml").read_bytes() == original
    assert (tmp_path / "lists" / "utf-8" / "mini-check.toml").read_bytes() == Path(
        CHECKLIST
    ).read_bytes()
    again = cli(["checklists", "lint", "lists/utf-8/mini-check.toml"])
    assert (again.exit_code, again.stdout, again.stderr) == (0, "", "1 file checked, 0 problems\n")


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("given", ["ev.toml", "-"])
def test_an_events_file_in_utf_16_is_named_so_with_how_to_convert_it(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, given: str
) -> None:
    """Events written with PowerShell's `>` (UTF-16, CR LF), named or on standard input: the
    encoding is said before anything else is asked for; nothing is written."""
    monkeypatch.chdir(tmp_path)
    events = _windows('[[event]]\nfinding = "x#1"\naction = "rectified"\n', "utf-16-le")
    (tmp_path / "ev.toml").write_bytes(events)
    run = cli(["followup", "--events", given, "-o", "f.toml", "--lang", lang], input=events)
    assert (run.exit_code, run.stdout) == (2, "")
    path, command = ("ev.toml", "iconv -f UTF-16 -t UTF-8 ev.toml > ev.utf-8.toml")
    if given == "-":
        path, command = ("<stdin>", "iconv -f UTF-16 -t UTF-8")
    assert run.stderr.splitlines() == _said(path, "UTF-16", lang, command)
    assert not (tmp_path / "f.toml").exists()


@pytest.mark.skipif(os.sep != "/", reason="a backslash separates a path's parts there")
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_path_written_with_backslashes_is_told_the_name_with_slashes(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """A list made on Windows (`Get-ChildItem -Recurse -Name`) read here said `sub\\a.toml: no
    such file` and nothing more, though `sub/a.toml` is there."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.toml").write_bytes(b"")
    run = cli(["verify", "-", "--lang", lang], input=b"sub\\a.toml\r\n")
    assert (run.exit_code, run.stdout) == (2, "")
    assert (
        run.stderr.splitlines()
        == {
            "en": [
                "minecheck: error: sub\\a.toml: no such file",
                "  hint: it is written with \\ as on Windows; here a path's parts are separated by "
                "/: sub/a.toml",
            ],
            "zh": [
                "minecheck: error: sub\\a.toml：文件不存在",
                "  hint: 它按 Windows 的写法用 \\ 分隔；这里路径的各部分以 / 分隔：sub/a.toml",
            ],
        }[lang]
    )
