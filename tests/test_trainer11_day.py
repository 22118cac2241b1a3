"""What a trainer met following the guides as changed for files saved on Windows, in both
languages: a file saved as Notepad's "ANSI" on a Chinese Windows (GB18030) was told the `iconv`
command but not, as a BOM or UTF-16 is, to save it as UTF-8 in Notepad, the one tool that made
it; and the first inspection guide said every such file is refused at line 1, column 1, where
"ANSI" is refused at its first character that is not ASCII."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO

DATA = Path(__file__).parent / "data"
CHECKLIST = DATA / "checklists" / "valid" / "mini-check.toml"
ANSWERS = (DATA / "answers" / "mini-good.toml").read_text("utf-8")
NOTEPAD = {
    "en": "  or save it as UTF-8 (Notepad: Save as, Encoding UTF-8)",
    "zh": "  或将其另存为 UTF-8（记事本：另存为，编码选 UTF-8）",
}
READS_AS = {
    "en": "  hint: it reads as GB18030 text: convert it to UTF-8 with:",
    "zh": "  hint: 它可按 GB18030 编码读出：请用以下命令转换为 UTF-8：",
}
NOT_UTF8 = {"en": "{} is not UTF-8 text", "zh": "{} 不是 UTF-8 文本"}
BYTE = {"en": "not UTF-8: byte 0xbc cannot be decoded", "zh": "不是 UTF-8：字节 0xbc 无法解码"}


def _ansi(text: str) -> bytes:
    """TEXT as Notepad saves it in "ANSI" on a Chinese Windows: GB18030, CR LF ends."""
    return text.replace("\n", "\r\n").encode("gb18030")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_answers_file_saved_as_ansi_is_told_notepad_s_save_as_as_utf_16_is(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """Notepad's "ANSI" is the likeliest way a Chinese inspector's answers come to be GB18030:
    the hint gave `iconv` only, where UTF-16 (Notepad's "Unicode") and a BOM are told `or save
    it as UTF-8 (Notepad: ...)` too. Said now; the command given, run as pasted, makes a file
    that is signed, and the file itself is left as it was."""
    monkeypatch.chdir(tmp_path)
    original = _ansi(ANSWERS)
    Path("a.toml").write_bytes(original)
    inspect = ["inspect", str(CHECKLIST), "--site", "M", "--lang", lang, "-o", "f.toml"]
    run = cli([*inspect, "--answers", "a.toml"])
    assert (run.exit_code, run.stdout) == (2, "")
    command = "iconv -f GB18030 -t UTF-8 a.toml > a.utf-8.toml"
    assert run.stderr.splitlines() == [
        f"a.toml:3:65: {BYTE[lang]}",
        READS_AS[lang],
        f"    {command}",
        NOTEPAD[lang],
        f"minecheck: error: {NOT_UTF8[lang].format('a.toml')}",
    ]
    subprocess.run(["sh", "-c", command], check=True)
    assert Path("a.toml").read_bytes() == original
    assert cli(["keys", "generate", "--principal", "a@x.example"]).exit_code == 0
    done = cli([*inspect, "--answers", "a.utf-8.toml"])
    assert done.exit_code == 0, done.stderr
    assert Path("f.toml").exists()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_checklist_saved_as_ansi_is_told_notepad_s_save_as_under_its_command(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """The same hint for a checklist (its command keeps the name and takes out the CRs), under
    lint's problem line; the command run as pasted makes a checklist that lints clean."""
    monkeypatch.chdir(tmp_path)
    Path("mini-check.toml").write_bytes(_ansi(CHECKLIST.read_text("utf-8")))
    run = cli(["checklists", "lint", "mini-check.toml", "--lang", lang])
    assert (run.exit_code, run.stdout) == (1, f"mini-check.toml:5:14: {BYTE[lang]}\n")
    command = (
        "mkdir -p utf-8 && iconv -f GB18030 -t UTF-8 mini-check.toml | tr -d '\\r' > "
        "utf-8/mini-check.toml"
    )
    assert run.stderr.splitlines()[:3] == [READS_AS[lang], f"    {command}", NOTEPAD[lang]]
    subprocess.run(["sh", "-c", command], check=True)
    lint = cli(["checklists", "lint", "utf-8/mini-check.toml", "--lang", lang])
    assert lint.exit_code == 0, lint.stdout


def _windows_section(name: str) -> str:
    text = (REPO / "docs" / name).read_text("utf-8")
    heading = {"guide-first-inspection.md": "### Files saved on Windows"}.get(
        name, "### 在 Windows 上保存的文件"
    )
    return text.split(heading, 1)[1].split("\n## ", 1)[0]


@pytest.mark.parametrize("name", ["guide-first-inspection.md", "guide-first-inspection.zh.md"])
def test_the_guide_shows_where_an_ansi_file_is_refused_as_it_is(name: str) -> None:
    """The guide said every file saved otherwise is refused at line 1, column 1; an "ANSI" file
    is refused at its first character that is not ASCII (1:36 of the Chinese guide's answers
    file, line 19 of the English one's). The section shows an "ANSI" file refused, with the
    place a reader sees (run and compared by tests/test_guides.py), and the text says where
    each kind is refused."""
    section = _windows_section(name)
    assert "iconv -f UTF-8 -t GB18030" in section
    shown = re.findall(r"^ansi\.toml:(\d+):(\d+): ", section, re.MULTILINE)
    assert len(shown) == 1, shown
    assert shown != [("1", "1")]
    said = {
        "guide-first-inspection.md": "first character",
        "guide-first-inspection.zh.md": "第一个",
    }
    assert said[name] in section


BOM = b"\xef\xbb\xbf"


# what a list of paths or an answers file piped to minecheck is, as Windows tools save it, and
# the filter its hint gives
def _with_bom(text: str) -> bytes:
    return BOM + text.encode()


def _utf_16(text: str) -> bytes:
    return text.encode("utf-16")


def _gb18030(text: str) -> bytes:
    return text.encode("gb18030")


PIPED: dict[str, tuple[Callable[[str], bytes], str]] = {
    "bom": (_with_bom, "tail -c +4"),
    "utf-16": (_utf_16, "iconv -f UTF-16 -t UTF-8"),
    "gb18030": (_gb18030, "iconv -f GB18030 -t UTF-8"),
}
PIPE_THROUGH = {
    "bom": {
        "en": "  hint: take it out in the pipe, before minecheck, with:",
        "zh": "  hint: 请在管道中、minecheck 之前用以下命令去掉它：",
    },
    "utf-16": {
        "en": "  hint: convert it to UTF-8 in the pipe, before minecheck, with:",
        "zh": "  hint: 请在管道中、minecheck 之前用以下命令转换为 UTF-8：",
    },
    "gb18030": {
        "en": "  hint: it reads as GB18030 text: convert it to UTF-8 in the pipe, before "
        "minecheck, with:",
        "zh": "  hint: 它可按 GB18030 编码读出：请在管道中、minecheck 之前用以下命令转换为 UTF-8：",
    },
}


@pytest.mark.parametrize("saved", ["bom", "utf-16", "gb18030"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_text_piped_to_minecheck_is_told_where_its_filter_goes(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, saved: str
) -> None:
    """Answers given on standard input (`--answers -`) were told `take it out with: tail -c +4`
    or `convert it to UTF-8 with: iconv -f ... -t UTF-8`: pasted as given, the filter waits
    for the keyboard. The hint says where it goes, in the pipe before minecheck; put there, the
    answers are signed."""
    monkeypatch.chdir(tmp_path)
    encode, command = PIPED[saved]
    data = encode(ANSWERS)
    inspect = ["inspect", str(CHECKLIST), "--site", "M", "--lang", lang, "-o", "f.toml"]
    run = cli([*inspect, "--answers", "-"], input=data)
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines()[1:4] == [
        PIPE_THROUGH[saved][lang],
        f"    {command}",
        NOTEPAD[lang],
    ]
    piped = subprocess.run(["sh", "-c", command], input=data, capture_output=True, check=True)
    assert cli(["keys", "generate", "--principal", "a@x.example"]).exit_code == 0
    done = cli([*inspect, "--answers", "-"], input=piped.stdout)
    assert done.exit_code == 0, done.stderr


@pytest.mark.parametrize("saved", ["bom", "utf-16"])
def test_a_list_of_paths_piped_to_minecheck_is_told_where_its_filter_goes(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, saved: str
) -> None:
    """The same for a list of paths (`verify -`), which is always read from a pipe."""
    monkeypatch.chdir(tmp_path)
    encode, command = PIPED[saved]
    run = cli(["verify", "-"], input=encode("a.toml\r\n"))
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines()[1:3] == [PIPE_THROUGH[saved]["en"], f"    {command}"]
