"""`minecheck --show-completion SHELL` and `--install-completion [SHELL]`: the completion script
for the shell named, printed or put where the shell loads it.

The framework's own options ignored a shell named (asking the process tree, which finds none
under cron or another program) and said everything in English. Its installer rewrote ~/.bashrc
or ~/.zshrc whole (a power cut there left the file empty), appended a blank line to ~/.bashrc at
every run, turned on a menu style for every command in zsh, set PowerShell's execution policy to
Unrestricted and appended the script to the profile again at every run. Here the script is
written whole or not at all, a start-up file only ever has the one line it lacks appended,
PowerShell is left to its user, and every line is in the run's language.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import sys
from pathlib import Path
from typing import NoReturn

from minecheck.core.sanitize import quoted
from minecheck.errors import UsageError

PROG = "minecheck"
# what PowerShell's users add themselves: minecheck changes neither profile nor policy
POWERSHELLS = ("powershell", "pwsh")
INSTALL = "--install-completion"


def run(args: list[str]) -> NoReturn:
    """`minecheck --install-completion [SHELL]` or `--show-completion [SHELL]`, in either
    spelling (`--show-completion zsh`, `--show-completion=zsh`): exit 0, or 2 with the error
    said. Every spelling is minecheck's own: a word after the shell's name went to the
    framework's installer, and `--show-completion` alone to its English."""
    option, equals, value = args[0].partition("=")
    words = [value, *args[1:]] if equals else args[1:]

    def done(rep: object) -> None:
        if len(words) > 1:
            from minecheck.core.sanitize import for_terminal
            from minecheck.i18n import t

            raise UsageError(
                t(
                    "{option} names one shell at most, not: {words}",
                    option=option,
                    words=for_terminal(shlex.join(words)),
                ),
                hint=f"{PROG} --help",
            )
        named = words[0] if words else None
        if option == INSTALL:
            _install(named)
        else:
            sys.stdout.write(_script(_shell(named, option)) + "\n")

    # run as a command's body is, in the run's language, its errors (a full disk too) said as
    # every command says them
    import typer

    from minecheck.cli._output import run as as_a_command

    try:
        as_a_command(option, False, done)
    except typer.Exit as end:  # (the entry point takes these before the framework runs)
        sys.exit(end.exit_code)


def refuse_unanswerable(value: str) -> None:
    """A completion request (`_MINECHECK_COMPLETE=VALUE`) the shells' completion scripts never
    send, a usage error said as every other, exit 2: the framework said "Invalid completion
    instruction." in English with exit 1, and `complete_bash` without the words to complete
    (`COMP_WORDS`, `COMP_CWORD` a number) was a traceback. One they send returns."""
    from typer._completion_shared import _completion_scripts

    instruction, _, shell = value.partition("_")
    if shell in _completion_scripts and (
        instruction == "source"
        or (instruction == "complete" and (shell != "bash" or _bash_words_given()))
    ):
        return

    def refuse(rep: object) -> None:
        from minecheck.cli import COMPLETE_VAR
        from minecheck.core.sanitize import for_terminal
        from minecheck.i18n import t

        raise UsageError(
            t(
                "{variable}={value} is not a completion request minecheck answers",
                variable=COMPLETE_VAR,
                value=for_terminal(value),
            ),
            hint=t(
                "the shell's completion script sets it: unset {variable}, or install the "
                "script again:\n  {command}",
                command=f"{PROG} {INSTALL}",
                variable=COMPLETE_VAR,
            ),
        )

    import typer

    from minecheck.cli._output import run as as_a_command

    try:
        as_a_command("", False, refuse)
    except typer.Exit as end:
        sys.exit(end.exit_code)


def _bash_words_given() -> bool:
    """Whether bash's completion script's words are there: the framework reads them as such."""
    return "COMP_WORDS" in os.environ and os.environ.get("COMP_CWORD", "").isdigit()


def _script(shell: str) -> str:
    """The completion script for `shell`; UsageError for a shell there is none for."""
    from typer._completion_shared import _completion_scripts, get_completion_script

    from minecheck.cli import COMPLETE_VAR

    if shell not in _completion_scripts:
        from minecheck.i18n import t

        shells = sorted(_completion_scripts)
        raise UsageError(
            t("no completion for the shell {shell}", shell=quoted(shell)),
            hint=t("name one of {shells}", shells=shells),
        )
    return get_completion_script(prog_name=PROG, complete_var=COMPLETE_VAR, shell=shell)


def _install(named: str | None) -> None:
    """Completion installed for the shell `named`, or for the shell minecheck runs under;
    where it went on stdout, what was done on stderr."""
    from minecheck.i18n import t

    shell = _shell(named, INSTALL)
    script = _script(shell)
    if shell in POWERSHELLS:
        raise UsageError(
            t("minecheck does not change PowerShell's profile or its execution policy"),
            hint=t(
                "add the script to your profile yourself:\n  minecheck --show-completion {shell} "
                ">> $PROFILE",
                shell=shell,
            ),
        )
    home = Path.home()
    if shell == "bash":
        target = home / ".bash_completions" / f"{PROG}.sh"
        rc: Path | None = home / ".bashrc"
        # (the framework's installer wrote `source '...'`: a file it set up is left as it is)
        lines = [f"source {shlex.quote(str(target))}", f"source '{target}'"]
    elif shell == "zsh":
        target = home / ".zfunc" / f"_{PROG}"
        rc = home / ".zshrc"
        lines = ["fpath+=~/.zfunc; autoload -Uz compinit; compinit"]
    else:  # fish loads what is in its completions folder
        target = _fish_config(home) / "completions" / f"{PROG}.fish"
        rc, lines = None, []
    held = _start_up_text(rc) if rc is not None else ""  # (read first: refused, nothing written)
    earlier = target.exists()
    _write_script(target, script.rstrip("\n") + "\n")
    if rc is not None:
        try:
            _append_unless_present(rc, held, lines)
        except OSError:  # (a full disk): no script left that nothing loads, unless one was
            if not earlier:
                with contextlib.suppress(OSError):
                    target.unlink()
            raise
    from minecheck.cli._output import write_path
    from minecheck.cli._render import shown_line

    # (paths under $HOME or $XDG_CONFIG_HOME: their names are the environment's)
    installed = t("{shell} completion installed in {path}", shell=shell, path=target)
    sys.stderr.write(shown_line(installed) + "\n")
    if rc is not None:
        said = t("{rc} loads it: it takes effect in a new shell", rc=rc)
    else:
        said = t("it takes effect in a new shell")
    sys.stderr.write(shown_line(said) + "\n")
    write_path(target)


def _shell(named: str | None, option: str) -> str:
    """The shell named, or the one minecheck runs under; UsageError where none is found."""
    shell = named if named is not None else _running_shell()
    if shell is None:
        from minecheck.i18n import t

        raise UsageError(
            t("cannot tell which shell runs minecheck"),
            hint=t("name it: minecheck {option} bash (or zsh, fish)", option=option),
        )
    return shell


def _running_shell() -> str | None:
    """The shell minecheck runs under, as the framework finds it (the process tree); None
    where there is none (cron, another program) or detection is turned off."""
    if os.environ.get("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION"):
        return None
    from typer._completion_shared import _get_shell_name

    return _get_shell_name()


def _fish_config(home: Path) -> Path:
    """fish's configuration folder: XDG_CONFIG_HOME/fish where that is absolute."""
    base = os.environ.get("XDG_CONFIG_HOME", "")
    return (Path(base) if os.path.isabs(base) else home / ".config") / "fish"


def _write_script(target: Path, script: str) -> None:
    """The script written whole (replacing an earlier one), in a folder made if missing."""
    from minecheck.fileio import atomic_write, make_directory

    make_directory(target.parent, 0o755)
    atomic_write(target, script.encode("utf-8"), force=True)


def _start_up_text(rc: Path) -> str:
    """What the start-up file holds ("" where there is none); UsageError where it is not a
    file (a pipe there was waited on for ever)."""
    if rc.exists() and not rc.is_file():
        from minecheck.fileio import not_regular

        raise UsageError(not_regular(rc, rc.stat().st_mode), path=f"{rc}")
    try:
        return rc.read_bytes().decode("utf-8", "surrogateescape")
    except FileNotFoundError:
        return ""


def _append_unless_present(rc: Path, held: str, lines: list[str]) -> None:
    """The first of `lines` appended to the start-up file, which holds `held`, on a line of its
    own, unless it holds one of them already; the file is never written anew (what it holds
    stays as it is, whatever happens meanwhile)."""
    there = held.splitlines()
    if any(line in there for line in lines):
        return
    text = ("" if held.endswith("\n") or not held else "\n") + lines[0] + "\n"
    data = text.encode("utf-8")
    made = not os.path.lexists(rc)
    fd = os.open(rc, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        size = os.fstat(fd).st_size
        try:
            while data:
                data = data[os.write(fd, data) :]
            os.fsync(fd)
        except OSError as exc:  # (a full disk): what was written of the line is taken back
            with contextlib.suppress(OSError):
                if made:  # (gone again)
                    os.unlink(rc)
                else:
                    os.ftruncate(fd, size)
            exc.filename = exc.filename or str(rc)  # (a write names no file: said with it)
            raise
    finally:
        os.close(fd)
