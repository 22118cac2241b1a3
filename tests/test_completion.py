"""Shell completion: the completers, and one real completion through the installed command."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from minecheck.cli.completion import checklist_ids, draft_ids, finding_refs
from tests.helpers_merge import INSPECTION, findings, person

MINECHECK = shutil.which("minecheck", path=str(Path(sys.executable).parent))


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    work = tmp_path / "work"
    work.mkdir()
    who = person(tmp_path, "alice")
    (work / "a.toml").write_bytes(findings(who, ["compliant", "noncompliant", "noncompliant"]))
    (work / "junk.toml").write_bytes(b"\x00\xff not a document")
    monkeypatch.chdir(work)
    return work


def test_finding_refs_offer_the_hidden_dangers_here(here: Path) -> None:
    assert finding_refs("") == [f"{INSPECTION}/gas-overlimit", f"{INSPECTION}/methane-return"]
    assert finding_refs(f"{INSPECTION}/m") == [f"{INSPECTION}/methane-return"]
    assert finding_refs("ffff") == []


def test_checklist_ids_and_drafts(isolated_home: Path) -> None:
    assert "coal-major-hidden-dangers" in checklist_ids("")
    assert checklist_ids("coal-") == ["coal-major-hidden-dangers"]
    assert draft_ids("") == []
    from minecheck import paths

    drafts = paths.drafts_dir()
    assert drafts.is_relative_to(isolated_home)
    drafts.mkdir(parents=True)
    for name in ("0b7e4c1a.toml", "9f00.toml", "0b-notes.txt"):
        (drafts / name).write_text("")
    assert draft_ids("0b") == ["0b7e4c1a"]


@pytest.mark.skipif(MINECHECK is None, reason="the console script is not installed")
def test_a_real_completion_through_the_environment_protocol(here: Path) -> None:
    assert MINECHECK is not None
    env = {k: v for k, v in os.environ.items() if not k.startswith("_MINECHECK")}
    env.update(
        {
            "_MINECHECK_COMPLETE": "complete_bash",
            "COMP_WORDS": f"minecheck followup {INSPECTION[:4]}",
            "COMP_CWORD": "2",
        }
    )
    run = subprocess.run(
        [MINECHECK], env=env, cwd=here, capture_output=True, text=True, check=False
    )
    assert (run.returncode, run.stderr) == (0, "")
    assert run.stdout.split() == [f"{INSPECTION}/gas-overlimit", f"{INSPECTION}/methane-return"]
    env["COMP_WORDS"] = "minecheck inspect coal"
    run = subprocess.run(
        [MINECHECK], env=env, cwd=here, capture_output=True, text=True, check=False
    )
    assert run.stdout.split() == ["coal-major-hidden-dangers"]
    shown = subprocess.run(
        [MINECHECK, "--show-completion", "bash"], capture_output=True, text=True, check=False
    )
    assert shown.returncode == 0
    assert "_MINECHECK_COMPLETE=complete_bash" in shown.stdout


def test_finding_refs_from_inside_a_merged_file(here: Path, tmp_path: Path) -> None:
    from tests.helpers_merge import make_merged, store_for

    (tmp_path / "other").mkdir()
    alice = person(tmp_path / "other", "alice")
    inner = (here / "a.toml").read_bytes()
    (here / "a.toml").unlink()
    (here / "joint.toml").write_bytes(make_merged(alice, [inner], store_for()))
    assert finding_refs("") == [f"{INSPECTION}/gas-overlimit", f"{INSPECTION}/methane-return"]


def test_show_completion_prints_the_script_of_the_shell_named_wherever_it_runs() -> None:
    """Under cron or another program no shell is found above the process: the named one is
    printed all the same (the README's `minecheck --show-completion bash > ...`)."""
    assert MINECHECK is not None
    env = {**os.environ, "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    for shell, marker in (
        ("bash", "complete_bash"),
        ("zsh", "complete_zsh"),
        ("fish", "complete_fish"),
    ):
        shown = subprocess.run(
            [MINECHECK, "--show-completion", shell],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert (shown.returncode, shown.stderr) == (0, ""), shell
        assert f"_MINECHECK_COMPLETE={marker}" in shown.stdout
    odd = subprocess.run(
        [MINECHECK, "--show-completion", "tcsh"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (odd.returncode, odd.stdout) == (2, "")
    assert odd.stderr == (
        "minecheck: error: no completion for the shell 'tcsh'\n"
        "  hint: name one of bash, fish, powershell, pwsh, zsh\n"
    )


# -- --install-completion ------------------------------------------------------------------


def _install(home: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """`minecheck --install-completion ARGS` for a user whose home is `home`, the shell not
    found by looking (as under cron, or with the shell named)."""
    assert MINECHECK is not None
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("MINECHECK_", "XDG_"))}
    environ.update(HOME=str(home), _TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION="1", **env)
    return subprocess.run(
        [MINECHECK, "--install-completion", *args],
        env=environ,
        capture_output=True,
        text=True,
        check=False,
    )


def _script(shell: str) -> str:
    assert MINECHECK is not None
    shown = subprocess.run(
        [MINECHECK, "--show-completion", shell], capture_output=True, text=True, check=True
    )
    return shown.stdout


def test_install_completion_for_bash_appends_one_line_and_loads_in_bash(tmp_path: Path) -> None:
    """The framework's installer ignored a shell named, rewrote ~/.bashrc whole (a power cut
    there emptied it) and added a blank line to it at every run, in English whatever the
    language. The script is written whole; the start-up file gains its one line once."""
    home = tmp_path / "home"
    home.mkdir()
    rc = home / ".bashrc"
    rc.write_bytes(b"alias ll='ls -l'  # no newline at the end")
    target = home / ".bash_completions" / "minecheck.sh"
    for _ in range(2):
        run = _install(home, "bash")
        assert (run.returncode, run.stdout) == (0, f"{target}\n")
        assert run.stderr == (
            f"bash completion installed in {target}\n"
            f"{rc} loads it: it takes effect in a new shell\n"
        )
    assert rc.read_bytes() == (
        b"alias ll='ls -l'  # no newline at the end\n" + f"source {target}\n".encode()
    )
    assert target.read_text() == _script("bash")
    if shutil.which("bash"):
        loaded = subprocess.run(
            ["bash", "-c", f"source {rc} && complete -p minecheck"],
            env={"HOME": str(home), "PATH": os.environ["PATH"]},
            capture_output=True,
            text=True,
            check=False,
        )
        assert loaded.returncode == 0, loaded.stderr
        assert "minecheck" in loaded.stdout


def test_a_bashrc_set_up_by_the_earlier_installer_is_left_as_it_is(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    target = home / ".bash_completions" / "minecheck.sh"
    before = f"\nsource '{target}'\n".encode()
    (home / ".bashrc").write_bytes(before)
    assert _install(home, "bash").returncode == 0
    assert (home / ".bashrc").read_bytes() == before


def test_install_completion_for_zsh_and_fish(tmp_path: Path) -> None:
    """zsh: the script in ~/.zfunc and the one line that loads it (the earlier installer also
    turned on a menu style for every command); fish: its completions folder, under
    XDG_CONFIG_HOME where that is set, in Chinese where the run's language is Chinese."""
    home = tmp_path / "home"
    home.mkdir()
    (home / ".zshrc").write_text("zstyle ':completion:*' list-colors ''\n")
    run = _install(home, "zsh")
    assert run.returncode == 0, run.stderr
    assert (home / ".zshrc").read_text() == (
        "zstyle ':completion:*' list-colors ''\nfpath+=~/.zfunc; autoload -Uz compinit; compinit\n"
    )
    assert (home / ".zfunc" / "_minecheck").read_text() == _script("zsh")
    config = tmp_path / "config"
    run = _install(home, "fish", XDG_CONFIG_HOME=str(config), MINECHECK_LANG="zh")
    fish = config / "fish" / "completions" / "minecheck.fish"
    assert (run.returncode, run.stdout) == (0, f"{fish}\n")
    assert run.stderr == f"已为 fish 安装命令补全：{fish}\n在新的 shell 中生效\n"
    assert fish.read_text() == _script("fish")


@pytest.mark.parametrize(
    ("args", "lang", "said"),
    [
        (
            (),
            "en",
            "minecheck: error: cannot tell which shell runs minecheck\n"
            "  hint: name it: minecheck --install-completion bash (or zsh, fish)\n",
        ),
        (
            (),
            "zh",
            "minecheck: error: 无法判断 minecheck 在哪个 shell 中运行\n"
            "  hint: 请指定 shell：minecheck --install-completion bash（或 zsh、fish）\n",
        ),
        (
            ("tcsh",),
            "en",
            "minecheck: error: no completion for the shell 'tcsh'\n"
            "  hint: name one of bash, fish, powershell, pwsh, zsh\n",
        ),
        (
            ("pwsh",),
            "en",
            "minecheck: error: minecheck does not change PowerShell's profile or its execution"
            " policy\n  hint: add the script to your profile yourself:\n    minecheck"
            " --show-completion pwsh >> $PROFILE\n",
        ),
    ],
)
def test_install_completion_that_cannot_be_done_writes_nothing(
    tmp_path: Path, args: tuple[str, ...], lang: str, said: str
) -> None:
    """No shell found and none named (the framework's option then wanted a word, in English), a
    shell with no script, PowerShell (whose execution policy the earlier installer set to
    Unrestricted, appending the script to the profile again at every run): exit 2, said, and
    nothing written."""
    home = tmp_path / "home"
    home.mkdir()
    run = _install(home, *args, MINECHECK_LANG=lang)
    assert (run.returncode, run.stdout, run.stderr) == (2, "", said)
    assert list(home.iterdir()) == []


def test_a_start_up_file_that_is_not_a_file_is_said_not_waited_on(tmp_path: Path) -> None:
    """~/.bashrc a named pipe (or a folder): reading it waited for ever; said, exit 2, and the
    script is not left without the line that loads it."""
    home = tmp_path / "home"
    home.mkdir()
    os.mkfifo(home / ".bashrc")
    run = _install(home, "bash")
    assert (run.returncode, run.stdout) == (2, "")
    assert run.stderr == f"minecheck: error: {home / '.bashrc'}: not a regular file (a FIFO)\n"
    assert sorted(p.name for p in home.iterdir()) == [".bashrc"]


# -- every spelling of the two options ---------------------------------------------------------


def _root(home: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """`minecheck ARGS` for a user whose home is `home`, no shell found by looking."""
    assert MINECHECK is not None
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("MINECHECK_", "XDG_"))}
    environ.update(HOME=str(home), _TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION="1", **env)
    return subprocess.run(
        [MINECHECK, *args], env=environ, capture_output=True, text=True, check=False
    )


@pytest.mark.parametrize(
    ("args", "lang", "said"),
    [
        (
            ("--install-completion", "bash", "extra"),
            "en",
            "minecheck: error: --install-completion names one shell at most, not: bash extra\n"
            "  hint: minecheck --help\n",
        ),
        (
            ("--show-completion", "bash", "x y"),
            "en",
            "minecheck: error: --show-completion names one shell at most, not: bash 'x y'\n"
            "  hint: minecheck --help\n",
        ),
        (
            ("--install-completion=bash", "zsh"),
            "zh",
            "minecheck: error: --install-completion 最多指定一个 shell，而不是：bash zsh\n"
            "  hint: minecheck --help\n",
        ),
        (
            ("--show-completion",),
            "en",
            "minecheck: error: cannot tell which shell runs minecheck\n"
            "  hint: name it: minecheck --show-completion bash (or zsh, fish)\n",
        ),
        (
            ("--show-completion",),
            "zh",
            "minecheck: error: 无法判断 minecheck 在哪个 shell 中运行\n"
            "  hint: 请指定 shell：minecheck --show-completion bash（或 zsh、fish）\n",
        ),
    ],
)
def test_completion_options_with_a_word_too_many_or_none_write_nothing(
    tmp_path: Path, args: tuple[str, ...], lang: str, said: str
) -> None:
    """A word after the shell's name went to the framework's own installer (which rewrote
    ~/.bashrc whole) or was ignored; `--show-completion` with no shell named printed the
    framework's words in English. Every spelling is minecheck's: said, exit 2, nothing written."""
    home = tmp_path / "home"
    home.mkdir()
    run = _root(home, *args, MINECHECK_LANG=lang)
    assert (run.returncode, run.stdout, run.stderr) == (2, "", said)
    assert list(home.iterdir()) == []


def test_completion_options_with_an_equals_sign_name_the_shell(tmp_path: Path) -> None:
    """`--install-completion=bash` and `--show-completion=zsh` (Click's spelling of an option's
    value) were refused: "does not take a value"."""
    home = tmp_path / "home"
    home.mkdir()
    target = home / ".bash_completions" / "minecheck.sh"
    run = _root(home, "--install-completion=bash")
    assert (run.returncode, run.stdout) == (0, f"{target}\n"), run.stderr
    assert target.read_text() == _script("bash")
    shown = _root(home, "--show-completion=zsh")
    assert (shown.returncode, shown.stderr) == (0, "")
    assert shown.stdout == _script("zsh")


def test_help_after_a_completion_option_is_the_help(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    run = _root(home, "--install-completion", "--help", COLUMNS="100")
    assert (run.returncode, run.stderr) == (0, "")
    assert run.stdout == _root(home, "--help", COLUMNS="100").stdout
    assert list(home.iterdir()) == []


@pytest.mark.parametrize(
    ("lang", "install", "show"),
    [
        (
            "en",
            "--install-completion [SHELL] Install completion for SHELL (bash, zsh or fish), or"
            " for the shell minecheck runs in.",
            "--show-completion [SHELL] Show the completion script for SHELL, or for the shell"
            " minecheck runs in.",
        ),
        (
            "zh",
            "--install-completion [SHELL] 为 SHELL（bash、zsh 或 fish）或运行 minecheck 的 shell"
            " 安装命令补全。",
            "--show-completion [SHELL] 显示 SHELL 或运行 minecheck 的 shell 的补全脚本。",
        ),
    ],
)
def test_the_help_says_a_shell_may_be_named(
    tmp_path: Path, lang: str, install: str, show: str
) -> None:
    """The help said "for the current shell", though a shell may be named (and under cron or
    another program must be)."""
    run = _root(tmp_path, "--help", COLUMNS="200", MINECHECK_LANG=lang)
    assert run.returncode == 0, run.stderr
    lines = [" ".join(line.split()) for line in run.stdout.splitlines()]
    assert install in lines
    assert show in lines


def test_a_start_up_file_that_fills_the_disk_is_given_back_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The disk fills while the line is appended to ~/.bashrc (a part of it written): the file
    is as it was, byte for byte, the script written for it is gone, and the error is said."""
    import errno

    from minecheck.cli import _shell_completion

    home = tmp_path / "home"
    home.mkdir()
    rc = home / ".bashrc"
    rc.write_bytes(b"alias ll='ls -l'\n")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", "1")
    monkeypatch.delenv("MINECHECK_LANG", raising=False)
    real_write = os.write
    calls: list[int] = []

    def filling(fd: int, data: bytes) -> int:
        if fd > 2 and os.path.samefile(f"/proc/self/fd/{fd}", rc):
            calls.append(len(data))
            if len(calls) == 1:
                return real_write(fd, data[:3])  # "sou"
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", filling)
    with pytest.raises(SystemExit) as end:
        _shell_completion.run(["--install-completion", "bash"])
    assert end.value.code == 2
    assert rc.read_bytes() == b"alias ll='ls -l'\n"
    assert not (home / ".bash_completions" / "minecheck.sh").exists()
    assert len(calls) == 2
    assert capsys.readouterr().err == f"minecheck: error: {rc}: No space left on device\n"
