"""Inputs as Windows tools write them, round 3: a name Explorer gives for a file inside WSL
(`\\\\wsl.localhost\\Distro\\...`), a name in Windows' long form (`\\\\?\\C:\\...`), a name
relative to a drive's current folder (`C:a.toml`), UTF-16 without a mark that is mostly
Chinese, and UTF-16 with a mark and one byte appended (`echo >>`)."""

from __future__ import annotations

import os
import random
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.test_attack24 import SHARE

DATA = Path(__file__).parent / "data"
CHECKLIST = str(DATA / "checklists" / "valid" / "mini-check.toml")

pytestmark = pytest.mark.skipif(os.sep != "/", reason="a Windows name begins a path there")

NOT_THERE = {
    "en": "minecheck: error: {name}: no such file",
    "zh": "minecheck: error: {name}：文件不存在",
}


def _hint(cli: Any, name: str, lang: str) -> list[str]:
    """What `verify NAME` says, the name not there: its error line, then its hint's lines."""
    run = cli(["verify", name, "--lang", lang])
    assert (run.exit_code, run.stdout) == (2, "")
    said: list[str] = run.stderr.splitlines()
    assert said[0] == NOT_THERE[lang].format(name=name)
    return said[1:]


# -- 1. a file inside WSL, as Explorer names it ------------------------------------------------

IN_THIS_DISTRIBUTION = {
    "en": "  hint: it names a file in the WSL distribution Ubuntu, which is this system: {path}",
    "zh": "  hint: 它指向 WSL 发行版 Ubuntu 中的文件，也就是本系统：{path}",
}
NOT_IN_THIS_DISTRIBUTION = {
    "en": "  hint: it names a file in the WSL distribution Ubuntu, which is this system, but "
    "{path} is not there either",
    "zh": "  hint: 它指向 WSL 发行版 Ubuntu 中的文件，也就是本系统，但 {path} 也不存在",
}
IN_A_DISTRIBUTION = {
    "en": "  hint: it names a file in the WSL distribution Ubuntu, at {path} there: run "
    "minecheck in that distribution and name the file by that path",
    "zh": "  hint: 它指向 WSL 发行版 Ubuntu 中的文件，在那里的路径是 {path}：请在该发行版中运行 "
    "minecheck，并按这个路径给出文件",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("host", ["wsl.localhost", "wsl$", "WSL.LOCALHOST"])
def test_a_file_inside_this_wsl_distribution_is_said_by_its_path_here(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, host: str
) -> None:
    """Explorer's "Copy as path" of a file inside WSL writes `\\\\wsl.localhost\\Ubuntu\\home\\
    ...` (older Windows `\\\\wsl$\\...`): it was told "network share ... no path here", though
    the file is on this very system. Where this system is that distribution (WSL names it in
    WSL_DISTRO_NAME), the path here is said: the path after the distribution's name."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("WSL_DISTRO_NAME", "Ubuntu")
    (tmp_path / "insp").mkdir()
    (tmp_path / "insp" / "a.toml").write_bytes(b"")
    here = f"{tmp_path}/insp/a.toml"
    name = f"\\\\{host}\\Ubuntu" + here.replace("/", "\\")
    # (a file there, whose name here is not the name given)
    assert _hint(cli, name, lang) == [IN_THIS_DISTRIBUTION[lang].format(path=here)]
    gone = f"{tmp_path}/insp/b.toml"
    quoted = f'"\\\\{host}\\Ubuntu' + gone.replace("/", "\\") + '"'
    assert _hint(cli, quoted, lang) == [NOT_IN_THIS_DISTRIBUTION[lang].format(path=gone)]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("distro", ["Debian", None])
def test_a_file_inside_another_wsl_distribution_is_said_by_its_path_there(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, distro: str | None
) -> None:
    """Where this system is another distribution, or not known to be one, the file's path is
    the distribution's, not this system's: it is said as the path there, never looked for
    here (`..` stops at the distribution's root)."""
    monkeypatch.chdir(tmp_path)
    if distro is None:
        monkeypatch.delenv("WSL_DISTRO_NAME", raising=False)
    else:
        monkeypatch.setenv("WSL_DISTRO_NAME", distro)
    name = "\\\\wsl.localhost\\Ubuntu\\home\\li\\..\\..\\..\\insp\\a.toml"
    assert _hint(cli, name, lang) == [IN_A_DISTRIBUTION[lang].format(path="/insp/a.toml")]


def test_a_hostile_distribution_name_is_shown_escaped(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("WSL_DISTRO_NAME", raising=False)
    run = cli(["verify", "\\\\wsl$\\Ub\x1b[2Juntu\\a.toml"])
    assert (run.exit_code, run.stdout) == (2, "")
    assert "\x1b" not in run.stderr
    assert run.stderr.splitlines()[1:] == [
        IN_A_DISTRIBUTION["en"].replace("Ubuntu", "Ub\\u001b[2Juntu").format(path="/a.toml")
    ]


# -- 2. Windows' long names: \\?\C:\... and \\?\UNC\server\share\... ------------------------

DRIVE = {
    "en": "  hint: it names a file on the Windows drive C:, which is mounted here at {m}/c: "
    "{m}/c/Users/li/a.toml",
    "zh": "  hint: 它指向 Windows C: 盘上的文件，该盘在这里挂载于 {m}/c：{m}/c/Users/li/a.toml",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("prefix", ["\\\\?\\", "\\\\.\\"])
def test_a_long_name_with_a_drive_letter_is_said_as_the_drive(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, prefix: str
) -> None:
    """`\\\\?\\C:\\Users\\li\\a.toml` (a name past Windows' 260 characters, as some tools write
    it) was told it names a file on the network share `\\\\?\\C:`: it is on the drive C:."""
    from minecheck import fileio

    monkeypatch.chdir(tmp_path)
    mount = tmp_path / "mnt"
    (mount / "c" / "Users" / "li").mkdir(parents=True)
    (mount / "c" / "Users" / "li" / "a.toml").write_bytes(b"")
    monkeypatch.setattr(fileio, "WINDOWS_DRIVES", str(mount))
    name = prefix + "C:\\Users\\li\\a.toml"
    assert _hint(cli, name, lang) == [DRIVE[lang].format(m=mount)]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_long_name_on_a_share_is_said_as_the_share(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """`\\\\?\\UNC\\server\\share\\a.toml` was told the share `\\\\?\\UNC`."""
    monkeypatch.chdir(tmp_path)
    said = "  hint: " + SHARE[lang].format(share="\\\\server\\share")
    assert _hint(cli, "\\\\?\\UNC\\server\\share\\insp\\a.toml", lang) == [said]


def test_a_windows_device_name_is_not_said_to_be_a_share(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`\\\\.\\pipe\\x` (a named pipe) and `\\\\?\\Volume{...}\\a.toml` are no network share: no
    hint rather than a wrong one."""
    monkeypatch.chdir(tmp_path)
    assert _hint(cli, "\\\\.\\pipe\\x", "en") == []
    assert _hint(cli, "\\\\?\\Volume{26a21bda-a627-11d7-9931-806e6f6e6963}\\a.toml", "en") == []


# -- 3. a name relative to a drive's current folder: C:a.toml, C: -----------------------------

RELATIVE = {
    "en": "  hint: it is written relative to the current folder of the Windows drive C: (no \\ "
    "after C:), which is no path here: copy the files to this system and name them by their "
    "paths here",
    "zh": "  hint: 它按 Windows C: 盘的当前文件夹相对写出（C: 后没有 \\），这在这里不是路径："
    "请把文件复制到本系统，再按它们在这里的路径给出",
}
RELATIVE_MOUNTED = {
    "en": "  hint: it is written relative to the current folder of the Windows drive C: (no \\ "
    "after C:), which is mounted here at {m}/c: name it by its path there",
    "zh": "  hint: 它按 Windows C: 盘的当前文件夹相对写出（C: 后没有 \\），该盘在这里挂载于 "
    "{m}/c：请按它在那里的路径给出",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("name", ["C:a.toml", "c:insp\\a.toml", "C:", '"C:a.toml"'])
@pytest.mark.parametrize("mounted", [False, True])
def test_a_name_relative_to_a_drives_current_folder_is_told_so(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, name: str, mounted: bool
) -> None:
    """`C:a.toml` is a.toml in the current folder of the drive C: on Windows (no `\\` after the
    colon), and `C:` that folder: a list written so read here said `no such file` and nothing
    more. The folder meant cannot be told from here, so no path is guessed."""
    from minecheck import fileio

    monkeypatch.chdir(tmp_path)
    mount = tmp_path / "mnt"
    if mounted:
        (mount / "c" / "insp").mkdir(parents=True)
        (mount / "c" / "a.toml").write_bytes(b"")
    monkeypatch.setattr(fileio, "WINDOWS_DRIVES", str(mount))
    said = (RELATIVE_MOUNTED if mounted else RELATIVE)[lang].format(m=mount)
    assert _hint(cli, name, lang) == [said]


def test_a_name_with_a_colon_that_is_there_is_read_as_named(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """(A guard: `C:a.toml` is a legal name here, and a file so named is read.)"""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "C:a.toml").write_bytes(b"x = 1\n")
    run = cli(["verify", "C:a.toml"])
    assert (run.exit_code, run.stdout) == (1, "C:a.toml: malformed: not a minecheck document\n")


# -- 4. UTF-16 without a mark that is mostly Chinese --------------------------------------------

CHINESE_ANSWERS = (
    "[answers]\r\n"
    '"gas-check-genuine" = { result = "noncompliant", description = "假检：瓦斯检查牌板上的'
    "检查记录从未实际进行，检查员在交班前补填了全部记录，监控室的数据与牌板不符。三个班次的"
    "记录笔迹相同，时间间隔完全一致，与井下人员定位系统记录的检查员位置对照，检查员当时并未到达"
    '该地点。回风巷甲烷传感器同期读数高于牌板所记数值。", location = "一二零一综采工作面回风巷", '
    'measures = "对瓦斯检查员重新培训，由通风科科长每班抽查检查记录与监控数据，'
    '并将人员定位记录纳入每日核对；对补填记录的检查员按规定处理，整改情况报矿总工程师。", '
    'responsible = "通风科", deadline = 2027-01-15 }\r\n'
    '"methane-return" = { reading = 1.3 }\r\n'
)


def _markless(lang: str, path: str, command: str) -> list[str]:
    if lang == "zh":
        return [
            f"{path}:1:1: 不是 UTF-8：可按 UTF-16LE 读出（不带字节顺序标记的 UTF-16，以中文为主）；"
            "请另存为 UTF-8",
            "  hint: 请用以下命令转换为 UTF-8：",
            f"    {command}",
            "  或将其另存为 UTF-8（记事本：另存为，编码选 UTF-8）",
            f"minecheck: error: {path} 不是 UTF-8 文本",
        ]
    return [
        f"{path}:1:1: not UTF-8: it reads as UTF-16LE text (UTF-16 without a byte-order mark, "
        "mostly Chinese); save it as UTF-8",
        "  hint: convert it to UTF-8 with:",
        f"    {command}",
        "  or save it as UTF-8 (Notepad: Save as, Encoding UTF-8)",
        f"minecheck: error: {path} is not UTF-8 text",
    ]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_answers_in_utf_16_without_a_mark_mostly_chinese_are_said_to_be_utf_16(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """Markless UTF-16 whose characters are mostly Chinese has a NUL in fewer than half of
    them: it was said `it reads as GB18030 text` with `iconv -f GB18030`, whose file was
    mojibake. Its UTF-16 reading is all text (Chinese, ASCII, line ends) where real GB18030
    reads as Hangul and private characters: it is said UTF-16LE, and its command converts it."""
    monkeypatch.chdir(tmp_path)
    wide = CHINESE_ANSWERS.encode("utf-16-le")
    assert wide[1::2].count(0) * 2 < len(wide) // 2  # (mostly Chinese: round 2's rule fails)
    (tmp_path / "a.toml").write_bytes(wide)
    inspect = ["inspect", CHECKLIST, "--site", "M", "-o", "f.toml", "--lang", lang]
    run = cli([*inspect, "--answers", "a.toml"])
    assert (run.exit_code, run.stdout) == (2, "")
    command = "iconv -f UTF-16LE -t UTF-8 a.toml > a.utf-8.toml"
    assert run.stderr.splitlines() == _markless(lang, "a.toml", command)
    subprocess.run(["sh", "-c", command], check=True)
    assert (tmp_path / "a.toml").read_bytes() == wide
    assert (tmp_path / "a.utf-8.toml").read_bytes() == CHINESE_ANSWERS.encode()
    assert cli(["keys", "generate", "--principal", "a@x.example"]).exit_code == 0
    done = cli([*inspect, "--answers", "a.utf-8.toml"])
    assert done.exit_code == 0, done.stderr


def test_markless_utf_16_of_chinese_alone_is_said_to_be_utf_16(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Chinese alone in UTF-16 has no NUL at all; it was said GB18030, whose reading of it holds
    control characters no text has. Its UTF-16 reading is Chinese throughout."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.toml").write_bytes("检查说明检查说明".encode("utf-16-le"))
    run = cli(["inspect", CHECKLIST, "--site", "M", "--answers", "a.toml"])
    assert run.exit_code == 2
    command = "iconv -f UTF-16LE -t UTF-8 a.toml > a.utf-8.toml"
    assert run.stderr.splitlines() == _markless("en", "a.toml", command)


def test_gb18030_text_is_still_said_to_be_gb18030(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """(A guard: real GB18030, Chinese alone or with ASCII, of even length, is never UTF-16.)"""
    monkeypatch.chdir(tmp_path)
    for text in ("检查说明检查说明", CHINESE_ANSWERS):
        data = text.encode("gb18030")
        data += b" " * (len(data) % 2)  # (an even length: one UTF-16 could be read in)
        (tmp_path / "a.toml").write_bytes(data)
        run = cli(["inspect", CHECKLIST, "--site", "M", "--answers", "a.toml"])
        assert run.exit_code == 2
        assert "  hint: it reads as GB18030 text: convert it to UTF-8 with:" in run.stderr
        assert "UTF-16" not in run.stderr


def test_random_bytes_are_neither_utf_16_nor_gb18030(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """(A guard: bytes that are no text get no command that would make one of them.)"""
    monkeypatch.chdir(tmp_path)
    draw = random.Random(6)  # noqa: S311 (the same bytes each run, no secret)
    for size in (64, 400, 4000):
        (tmp_path / "a.toml").write_bytes(draw.randbytes(size))
        run = cli(["inspect", CHECKLIST, "--site", "M", "--answers", "a.toml"])
        assert run.exit_code == 2
        assert "iconv" not in run.stderr


def test_ascii_with_a_stray_byte_is_not_said_to_be_utf_16(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """(A guard: ASCII read two bytes at a time reads as Chinese, `[a` as 慛; a stray byte in
    ASCII text is said by its byte, as before.)"""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.toml").write_bytes(b"[answers]\n\xff\n")
    run = cli(["inspect", CHECKLIST, "--site", "M", "--answers", "a.toml"])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines() == [
        "a.toml:2:1: not UTF-8: byte 0xff cannot be decoded",
        "minecheck: error: a.toml is not UTF-8 text",
    ]


def test_short_random_bytes_are_not_said_to_be_utf_16() -> None:
    """(A guard: random bytes of 16 to 40 read as mostly Chinese UTF-16 one time in a few
    thousand under a rule that asks only that; it asks a line end where they hold a NUL, and
    common characters alone where they hold none.)"""
    from minecheck.core.tomlio import wide_text

    draw = random.Random(3)  # noqa: S311 (the same bytes each run, no secret)
    drawn = (draw.randbytes(draw.randrange(16, 41)) for _ in range(100000))
    marks = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")
    said = [data for data in drawn if not data.startswith(marks) and wide_text(data)[0]]
    assert said == []


def test_a_gb18030_reading_with_control_characters_gets_no_command(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bytes whose GB18030 reading holds a Chinese character among control characters were told
    `iconv -f GB18030`, whose file is refused next for those: no text is made so."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.toml").write_bytes(b"\x01\x02\xb2\xe9\x03\x04")
    run = cli(["inspect", CHECKLIST, "--site", "M", "--answers", "a.toml"])
    assert run.stderr.splitlines() == [
        "a.toml:1:3: not UTF-8: byte 0xb2 cannot be decoded",
        "minecheck: error: a.toml is not UTF-8 text",
    ]


# -- 5. UTF-16 with its mark and one byte appended ----------------------------------------------

ODD = {
    "en": [
        "{path}:1:1: not UTF-8: it is UTF-16 text (it starts with a UTF-16 byte-order mark), "
        "with one byte more at its end, 0x0a (as `echo >>` appends); save it as UTF-8",
        "  hint: convert it to UTF-8{pipe} with:",
        "    {command}",
        "  or save it as UTF-8 (Notepad: Save as, Encoding UTF-8)",
        "minecheck: error: {path} is not UTF-8 text",
    ],
    "zh": [
        "{path}:1:1: 不是 UTF-8：这是 UTF-16 文本（以 UTF-16 字节顺序标记开头），末尾多出一个字节 "
        "0x0a（`echo >>` 追加的那种）；请另存为 UTF-8",
        "  hint: 请{pipe}用以下命令转换为 UTF-8：",
        "    {command}",
        "  或将其另存为 UTF-8（记事本：另存为，编码选 UTF-8）",
        "minecheck: error: {path} 不是 UTF-8 文本",
    ],
}
ANSWERS = (DATA / "answers" / "mini-good.toml").read_text("utf-8").replace("\n", "\r\n")


def _appended_answers_said(cli: Any, tmp_path: Path, lang: str, wide: bytes, encoding: str) -> str:
    """What `inspect` says of answers `wide` with one LF appended (exit 2, nothing on stdout),
    after the command it gives for `encoding` is run: the file stays as it was, and the answers
    the command makes are UTF-8 and signed."""
    original = wide + b"\n"
    (tmp_path / "a.toml").write_bytes(original)
    inspect = ["inspect", CHECKLIST, "--site", "M", "-o", "f.toml", "--lang", lang]
    run = cli([*inspect, "--answers", "a.toml"])
    assert (run.exit_code, run.stdout) == (2, "")
    command = f"head -c {len(wide)} a.toml | iconv -f {encoding} -t UTF-8 > a.utf-8.toml"
    assert f"\n    {command}\n" in run.stderr
    subprocess.run(["sh", "-c", command], check=True)
    assert (tmp_path / "a.toml").read_bytes() == original
    assert (tmp_path / "a.utf-8.toml").read_bytes() == ANSWERS.encode()
    assert cli(["keys", "generate", "--principal", "a@x.example"]).exit_code == 0
    done = cli([*inspect, "--answers", "a.utf-8.toml"])
    assert done.exit_code == 0, done.stderr
    return str(run.stderr)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be-marked"])
def test_utf_16_with_a_byte_appended_is_said_with_that_byte_and_a_command_that_mends_it(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, codec: str
) -> None:
    """`echo >> a.toml` from Git Bash appends one byte, LF, to a UTF-16 file PowerShell wrote:
    it was said `byte 0xff cannot be decoded` and nothing more (iconv too refuses the half
    character). It is said as UTF-16 with that byte named, and the command given leaves it out
    and converts the rest: the answers it makes are signed."""
    monkeypatch.chdir(tmp_path)
    if codec == "utf-16":
        wide = ANSWERS.encode("utf-16")
    else:
        wide = b"\xfe\xff" + ANSWERS.encode("utf-16-be")
    said = _appended_answers_said(cli, tmp_path, lang, wide, "UTF-16")
    command = f"head -c {len(wide)} a.toml | iconv -f UTF-16 -t UTF-8 > a.utf-8.toml"
    shown = "\n".join(ODD[lang]).format(path="a.toml", pipe="", command=command)
    assert said.splitlines() == shown.splitlines()


MARKLESS_ODD = {
    "en": (
        "a.toml:1:1: not UTF-8: it reads as {encoding} text (UTF-16 without a byte-order mark: "
        "every other byte is 0), with one byte more at its end, 0x0a (as `echo >>` appends); "
        "save it as UTF-8"
    ),
    "zh": (
        "a.toml:1:1: 不是 UTF-8：可按 {encoding} 读出（不带字节顺序标记的 UTF-16：每隔一个字节"
        "为 0），末尾多出一个字节 0x0a（`echo >>` 追加的那种）；请另存为 UTF-8"
    ),
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(
    ("codec", "encoding"), [("utf-16-le", "UTF-16LE"), ("utf-16-be", "UTF-16BE")]
)
def test_markless_utf_16_with_a_byte_appended_is_told_as_the_marked_is(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, codec: str, encoding: str
) -> None:
    """The same `echo >>` on UTF-16 without a mark (every other byte a NUL) left a file of odd
    length that was taken for UTF-8 with NULs: `invalid JSON: Expecting value` at 1:2, where
    guide-scripting's not-utf8 row promises what the marked file gets. It is said as the
    markless UTF-16 it is, with that byte named, and the command given makes answers that are
    signed."""
    monkeypatch.chdir(tmp_path)
    said = _appended_answers_said(cli, tmp_path, lang, ANSWERS.encode(codec), encoding)
    assert said.splitlines()[0] == MARKLESS_ODD[lang].format(encoding=encoding)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_utf_16_list_with_a_byte_appended_is_told_the_filter_in_its_pipe(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    monkeypatch.chdir(tmp_path)
    wide = "a.toml\r\n".encode("utf-16")
    run = cli(["verify", "-", "--lang", lang], input=wide + b"\n")
    assert (run.exit_code, run.stdout) == (2, "")
    pipe = {"en": " in the pipe, before minecheck,", "zh": "在管道中、minecheck 之前"}[lang]
    command = f"head -c {len(wide)} | iconv -f UTF-16 -t UTF-8"
    said = "\n".join(ODD[lang]).format(path="<stdin>", pipe=pipe, command=command)
    assert run.stderr.splitlines() == said.splitlines()
    made = subprocess.run(["sh", "-c", command], input=wide + b"\n", capture_output=True)
    assert made.stdout == b"a.toml\r\n"


def test_a_checklist_in_utf_16_with_a_byte_appended_is_mended_under_its_name(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """(A checklist: its name kept, its CRs taken out, as every checklist's command does.)"""
    monkeypatch.chdir(tmp_path)
    text = Path(CHECKLIST).read_text("utf-8")
    wide = text.replace("\n", "\r\n").encode("utf-16")
    (tmp_path / "mini-check.toml").write_bytes(wide + b"\n")
    run = cli(["checklists", "lint", "mini-check.toml"])
    assert run.exit_code == 1
    said = run.stdout.splitlines() + run.stderr.splitlines()
    command = (
        f"mkdir -p utf-8 && head -c {len(wide)} mini-check.toml | iconv -f UTF-16 -t UTF-8 | "
        "tr -d '\\r' > utf-8/mini-check.toml"
    )
    assert f"    {command}" in said
    subprocess.run(["sh", "-c", command], check=True)
    again = cli(["checklists", "lint", "utf-8/mini-check.toml"])
    assert (again.exit_code, again.stdout, again.stderr) == (0, "", "1 file checked, 0 problems\n")


@pytest.mark.parametrize("tail", [b"abc"], ids=["more-than-a-line-end"])
def test_utf_16_with_other_bytes_appended_is_said_by_its_byte_as_before(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tail: bytes
) -> None:
    """(A guard: only a lone byte after whole lines is told so, an LF or, since the encodings'
    fourth round, any other, or, since attack round 29, a line of one-byte text, `echo ab >>`'s
    `ab` and LF (tests/test_attack29.py); bytes that end in no line end are no line appended:
    the text is not told.)"""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.toml").write_bytes(ANSWERS.encode("utf-16") + tail)
    run = cli(["inspect", CHECKLIST, "--site", "M", "--answers", "a.toml"])
    assert run.exit_code == 2
    assert "UTF-16" not in run.stderr
    assert "iconv" not in run.stderr
