"""Inputs as Windows tools write them, round 2: the UTF-8 byte-order mark's refusal told the
command that takes it out (as UTF-16's and GB18030's are told theirs), UTF-16 without a mark
told by its NULs, a path with a drive letter, and an answers file's text signed as the walk
signs the same words."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

DATA = Path(__file__).parent / "data"
CHECKLIST = str(DATA / "checklists" / "valid" / "mini-check.toml")
ANSWERS = (DATA / "answers" / "mini-good.toml").read_text("utf-8")
BOM = b"\xef\xbb\xbf"
PIPE = " in the pipe, before minecheck,"  # (standard input's filter: where it goes)
PIPED_ZH = "在管道中、minecheck 之前"


def _bom_said(path: str, lang: str, command: str, error: str) -> list[str]:
    if lang == "zh":
        return [
            f"{path}:1:1: 以 UTF-8 字节顺序标记（BOM）开头；请另存为不带 BOM 的 UTF-8",
            f"  hint: 请{PIPED_ZH if path == '<stdin>' else ''}用以下命令去掉它：",
            f"    {command}",
            "  或将其另存为 UTF-8（记事本：另存为，编码选 UTF-8）",
            f"minecheck: error: {error}",
        ]
    return [
        f"{path}:1:1: starts with a UTF-8 byte-order mark (BOM); save it as UTF-8 without BOM",
        f"  hint: take it out{PIPE if path == '<stdin>' else ''} with:",
        f"    {command}",
        "  or save it as UTF-8 (Notepad: Save as, Encoding UTF-8)",
        f"minecheck: error: {error}",
    ]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_answers_file_with_a_bom_is_told_the_command_that_takes_it_out(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """`Set-Content -Encoding UTF8` writes a BOM: the refusal said to save without it and gave no
    command, where UTF-16 and GB18030 are given one. The command given makes, beside the file
    and without writing over it, one the reader takes."""
    monkeypatch.chdir(tmp_path)
    original = BOM + ANSWERS.replace("\n", "\r\n").encode()
    (tmp_path / "a.toml").write_bytes(original)
    inspect = ["inspect", CHECKLIST, "--site", "M", "--lang", lang, "-o", "f.toml"]
    run = cli([*inspect, "--answers", "a.toml"])
    assert (run.exit_code, run.stdout) == (2, "")
    command = "tail -c +4 a.toml > a.utf-8.toml"
    error = {"en": "a.toml starts with a byte-order mark", "zh": "a.toml 以字节顺序标记（BOM）开头"}
    assert run.stderr.splitlines() == _bom_said("a.toml", lang, command, error[lang])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.toml"]
    subprocess.run(["sh", "-c", command], check=True)
    assert (tmp_path / "a.toml").read_bytes() == original
    assert (tmp_path / "a.utf-8.toml").read_bytes() == original[3:]
    assert cli(["keys", "generate", "--principal", "a@x.example"]).exit_code == 0
    done = cli([*inspect, "--answers", "a.utf-8.toml"])
    assert done.exit_code == 0, done.stderr
    assert (tmp_path / "f.toml").exists()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_list_of_paths_with_a_bom_is_told_the_filter_that_takes_it_out(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    monkeypatch.chdir(tmp_path)
    run = cli(["verify", "-", "--lang", lang], input=BOM + b"a.toml\r\n")
    assert (run.exit_code, run.stdout) == (2, "")
    error = {
        "en": "<stdin> starts with a byte-order mark",
        "zh": "<stdin> 以字节顺序标记（BOM）开头",
    }
    assert run.stderr.splitlines() == _bom_said("<stdin>", lang, "tail -c +4", error[lang])


def test_trust_add_from_a_line_with_a_bom_is_told_the_command_that_takes_it_out(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    line = (
        'b@x namespaces="minecheck-findings-v1,minecheck-merged-v1" ssh-ed25519 '
        "AAAAC3NzaC1lZDI1NTE5AAAAIB6wi2PnFJqQqIcERlZAxD5RxrelKP3FqwvPN0dmBthh\n"
    )
    (tmp_path / "line.txt").write_bytes(BOM + line.encode())
    run = cli(["trust", "add", "--from", "line.txt"])
    assert (run.exit_code, run.stdout) == (2, "")
    command = "tail -c +4 line.txt > line.utf-8.txt"
    error = "line.txt starts with a byte-order mark"
    assert run.stderr.splitlines() == _bom_said("line.txt", "en", command, error)
    subprocess.run(["sh", "-c", command], check=True)
    assert cli(["trust", "add", "--from", "line.utf-8.txt"]).exit_code == 0


def test_a_checklist_with_a_bom_is_told_a_command_that_keeps_its_name_and_takes_its_crs(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A checklist saved with `Set-Content -Encoding UTF8` (a BOM and CR LF): the command keeps
    its name, which is its id, takes the CRs a checklist refuses, and leaves the file as it
    was; `lint` takes what it makes."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "lists").mkdir()
    text = Path(CHECKLIST).read_text("utf-8")
    original = BOM + text.replace("\n", "\r\n").encode()
    (tmp_path / "lists" / "mini-check.toml").write_bytes(original)
    run = cli(["checklists", "lint", "lists/mini-check.toml"])
    assert run.exit_code == 1
    said = run.stderr.splitlines()
    at = said.index("  hint: take it out with:")
    command = said[at + 1].strip()
    assert command == (
        "mkdir -p lists/utf-8 && tail -c +4 lists/mini-check.toml | tr -d '\\r' > "
        "lists/utf-8/mini-check.toml"
    )
    subprocess.run(["sh", "-c", command], check=True)
    assert (tmp_path / "lists" / "mini-check.toml").read_bytes() == original
    assert (tmp_path / "lists" / "utf-8" / "mini-check.toml").read_bytes() == text.encode()
    again = cli(["checklists", "lint", "lists/utf-8/mini-check.toml"])
    assert (again.exit_code, again.stdout, again.stderr) == (0, "", "1 file checked, 0 problems\n")


def _markless(path: str, codec: str, lang: str, command: str) -> list[str]:
    named = codec.upper().replace("-LE", "LE").replace("-BE", "BE")
    if lang == "zh":
        return [
            f"{path}:1:1: 不是 UTF-8：可按 {named} 读出"
            "（不带字节顺序标记的 UTF-16：每隔一个字节为 0）；请另存为 UTF-8",
            f"  hint: 请{PIPED_ZH if path == '<stdin>' else ''}用以下命令转换为 UTF-8：",
            f"    {command}",
            "  或将其另存为 UTF-8（记事本：另存为，编码选 UTF-8）",
            f"minecheck: error: {path} 不是 UTF-8 文本",
        ]
    return [
        f"{path}:1:1: not UTF-8: it reads as {named} text (UTF-16 without a byte-order mark: "
        "every other byte is 0); save it as UTF-8",
        f"  hint: convert it to UTF-8{PIPE if path == '<stdin>' else ''} with:",
        f"    {command}",
        "  or save it as UTF-8 (Notepad: Save as, Encoding UTF-8)",
        f"minecheck: error: {path} is not UTF-8 text",
    ]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_answers_in_utf_16_without_a_mark_are_said_to_be_utf_16(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, codec: str
) -> None:
    """UTF-16 without its mark (a .NET `UnicodeEncoding(false, false)`, a mark cut off) was said
    by its first byte that cannot be decoded, or read as text with NULs. Its NULs tell it; the
    command names the byte order, which iconv cannot guess without a mark, and converts it."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.toml").write_bytes(ANSWERS.replace("\n", "\r\n").encode(codec))
    run = cli(["inspect", CHECKLIST, "--site", "M", "--answers", "a.toml", "--lang", lang])
    assert (run.exit_code, run.stdout) == (2, "")
    named = codec.upper().replace("-LE", "LE").replace("-BE", "BE")
    command = f"iconv -f {named} -t UTF-8 a.toml > a.utf-8.toml"
    assert run.stderr.splitlines() == _markless("a.toml", codec, lang, command)
    subprocess.run(["sh", "-c", command], check=True)
    made = (tmp_path / "a.utf-8.toml").read_bytes()
    assert made == ANSWERS.replace("\n", "\r\n").encode()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_list_of_paths_in_utf_16_without_a_mark_is_said_to_be_utf_16(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.toml").write_bytes(b"")
    run = cli(["summary", "-", "--lang", lang], input="a.toml\r\n".encode("utf-16-le"))
    assert (run.exit_code, run.stdout) == (2, "")
    command = "iconv -f UTF-16LE -t UTF-8"
    assert run.stderr.splitlines() == _markless("<stdin>", "utf-16-le", lang, command)


def test_utf_16_without_a_mark_that_is_mostly_chinese_is_said_to_be_utf_16(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where most characters have no NUL byte the NULs alone cannot tell it; what it reads as
    does (tests/test_windows_files3.py): it is said UTF-16LE, not by its byte."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.toml").write_bytes(
        "[answers]\n说明说明说明说明说明说明说明说明说明说明说明说明\n".encode("utf-16-le")
    )
    run = cli(["inspect", CHECKLIST, "--site", "M", "--answers", "a.toml"])
    assert run.exit_code == 2
    assert run.stderr.splitlines()[0] == (
        "a.toml:1:1: not UTF-8: it reads as UTF-16LE text (UTF-16 without a byte-order mark, "
        "mostly Chinese); save it as UTF-8"
    )


@pytest.mark.skipif(os.sep != "/", reason="a drive letter begins a path there")
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(
    "name", ['"C:\\Users\\li\\a.toml"', "C:\\Users\\li\\a.toml", "c:/Users/li/a.toml"]
)
def test_a_path_with_a_drive_letter_is_said_to_name_a_file_on_windows(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, name: str
) -> None:
    """A list copied from Explorer ("Copy as path": quoted, with a drive letter) read here said
    `"C:\\Users\\li\\a.toml": no such file` and nothing more."""
    from minecheck import fileio

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(fileio, "WINDOWS_DRIVES", str(tmp_path / "mnt"))
    run = cli(["verify", "-", "--lang", lang], input=f"{name}\r\n".encode())
    assert (run.exit_code, run.stdout) == (2, "")
    assert (
        run.stderr.splitlines()
        == {
            "en": [
                f"minecheck: error: {name}: no such file",
                "  hint: it names a file on the Windows drive C:, which is no path here: copy the "
                "files to this system and name them by their paths here",
            ],
            "zh": [
                f"minecheck: error: {name}：文件不存在",
                "  hint: 它指向 Windows C: 盘上的文件，这在这里不是路径：请把文件复制到本系统，"
                "再按它们在这里的路径给出",
            ],
        }[lang]
    )


@pytest.mark.skipif(os.sep != "/", reason="a drive letter begins a path there")
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_path_with_a_drive_letter_is_told_where_the_drive_is_mounted(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """Under WSL a Windows drive is mounted (`C:` at /mnt/c): where the file is there, its
    path here is said."""
    from minecheck import fileio

    monkeypatch.chdir(tmp_path)
    mount = tmp_path / "mnt"
    (mount / "c" / "Users" / "li").mkdir(parents=True)
    (mount / "c" / "Users" / "li" / "a.toml").write_bytes(b"")
    monkeypatch.setattr(fileio, "WINDOWS_DRIVES", str(mount))
    run = cli(["verify", "C:\\Users\\li\\a.toml", "--lang", lang])
    assert (run.exit_code, run.stdout) == (2, "")
    said = {
        "en": "it names a file on the Windows drive C:, which is mounted here at {m}/c: {m}/c/"
        "Users/li/a.toml",
        "zh": "它指向 Windows C: 盘上的文件，该盘在这里挂载于 {m}/c：{m}/c/Users/li/a.toml",
    }[lang]
    assert run.stderr.splitlines()[1] == "  hint: " + said.format(m=mount)


GAPS = {"VT": "\\u000B", "FF": "\\u000C", "NEL": "\\u0085", "LS": "\\u2028", "TAB": "\\t"}


@pytest.mark.parametrize("gap", sorted(GAPS))
def test_whitespace_in_an_answers_files_text_is_signed_as_written(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, gap: str
) -> None:
    """An answers file's texts are signed exactly as written (test_roundtrip's guarantee: a
    script's or a spreadsheet's text, a tab-separated table in a description, comes back
    whole): a vertical tab, a form feed, U+0085, U+2028 or a tab in one is kept. (The walk
    signs a space for one pasted at a terminal, where it was never seen as typed; a file's
    bytes say what was meant.)"""
    monkeypatch.chdir(tmp_path)
    assert ANSWERS.count("the gas-check board") == 1
    text = ANSWERS.replace("the gas-check board", f"the gas-check{GAPS[gap]}board")
    (tmp_path / "a.toml").write_text(text, "utf-8")
    assert cli(["keys", "generate", "--principal", "a@x.example"]).exit_code == 0
    run = cli(["inspect", CHECKLIST, "--site", "M", "--answers", "a.toml", "-o", "f.toml"])
    assert run.exit_code == 0, run.stderr
    import tomllib

    signed = tomllib.loads((tmp_path / "f.toml").read_text("utf-8"))
    said = tomllib.loads(f'x = "{GAPS[gap]}"')["x"]
    descriptions = [finding.get("description", "") for finding in signed["finding"]]
    assert f"the gas-check{said}board" in "\n".join(descriptions)


def test_a_zero_width_space_in_an_answers_files_text_is_kept_as_written(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A format character is no gap between words: it is kept as written (as the walk keeps one
    pasted) and shown escaped (guard)."""
    monkeypatch.chdir(tmp_path)
    text = ANSWERS.replace("the gas-check board", "the gas-check\\u200Bboard")
    (tmp_path / "a.toml").write_text(text, "utf-8")
    assert cli(["keys", "generate", "--principal", "a@x.example"]).exit_code == 0
    run = cli(["inspect", CHECKLIST, "--site", "M", "--answers", "a.toml", "-o", "f.toml"])
    assert run.exit_code == 0, run.stderr
    assert "gas-check\\u200Bboard" in (tmp_path / "f.toml").read_text("utf-8")
