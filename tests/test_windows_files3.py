"""Inputs as Windows tools write them, round 3: a name Explorer gives for a file inside WSL
(`\\\\wsl.localhost\\Distro\\...`), a name in Windows' long form (`\\\\?\\C:\\...`), a name
relative to a drive's current folder (`C:a.toml`), UTF-16 without a mark that is mostly
Chinese, and UTF-16 with a mark and one byte appended (`echo >>`)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

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

SHARE = {
    "en": "  hint: it names a file on the Windows network share \\\\server\\share, which is no "
    "path here: copy the files to this system and name them by their paths here",
    "zh": "  hint: 它指向 Windows 网络共享 \\\\server\\share 上的文件，这在这里不是路径：请把"
    "文件复制到本系统，再按它们在这里的路径给出",
}
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
    assert _hint(cli, "\\\\?\\UNC\\server\\share\\insp\\a.toml", lang) == [SHARE[lang]]


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
