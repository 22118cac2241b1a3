"""The command-line reference (docs/cli.md), made from the real `--help` of every command;
its Chinese (docs/cli.zh.md) from the help in Chinese.

    python -m minecheck.cli._reference > docs/cli.md
    python -m minecheck.cli._reference --lang zh > docs/cli.zh.md

The help is rendered at a fixed width with no colour, so the file only changes when a command does.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator

WIDTH = 100
COMMAND = "python -m minecheck.cli._reference > docs/cli.md"
COMMANDS = {"en": COMMAND, "zh": "python -m minecheck.cli._reference --lang zh > docs/cli.zh.md"}


def command_paths() -> list[tuple[str, ...]]:
    """Every command and group, as the words after `minecheck`, in the order --help lists them."""
    import typer

    from minecheck.cli import app

    root = typer.main.get_command(app)
    paths: list[tuple[str, ...]] = []

    def walk(command: object, path: tuple[str, ...]) -> None:
        paths.append(path)
        list_commands = getattr(command, "list_commands", None)
        if list_commands is None:
            return
        ctx = typer.Context(command)  # type: ignore[arg-type]
        for name in list_commands(ctx):
            walk(command.commands[name], (*path, name))  # type: ignore[attr-defined]

    walk(root, ())
    return paths


def help_text(path: tuple[str, ...], lang: str = "en") -> str:
    """`minecheck PATH --help` as a reader sees it in LANG, trailing spaces removed."""
    from typer.testing import CliRunner

    from minecheck.cli import app

    result = CliRunner().invoke(
        app,
        [*path, "--help"],
        prog_name="minecheck",
        env={"NO_COLOR": "1", "TERM": "dumb", "MINECHECK_LANG": lang},
    )
    if result.exit_code != 0:
        raise RuntimeError(f"minecheck {' '.join(path)} --help exited {result.exit_code}")
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n"


def reference(lang: str = "en") -> str:
    """The whole of docs/cli.md (LANG en), or of docs/cli.zh.md (zh)."""
    with _plain_help():
        parts = list(HEADINGS[lang])
        parts.insert(2, f"```sh\n{COMMANDS[lang]}\n```\n")
        for path in command_paths():
            title = " ".join(("minecheck", *path))
            parts.append(f"## {title}\n")
            parts.append(f"```text\n{help_text(path, lang)}```\n")
    return "\n".join(parts)


HEADINGS = {
    "en": (
        "# Command-line reference\n",
        f"Every command's `--help`, as minecheck prints it at {WIDTH} columns ([in Chinese]"
        "(cli.zh.md): `--lang zh`, `MINECHECK_LANG=zh` or a Chinese locale). A narrower "
        "terminal breaks the help's lines elsewhere; where an option's names and its help do "
        "not fit side by side, each option's names are on a line and its help under them. "
        "This file is generated; after changing a command, run\n",
        "(a test fails while it is out of date). Exit codes, output and the environment "
        "are described in the README; file formats in [formats.md](formats.md).\n",
    ),
    "zh": (
        "# 命令行参考\n",
        "每个命令的 `--help`，即 minecheck 在中文下（`--lang zh`、`MINECHECK_LANG=zh` "
        f"或中文区域设置）、在 {WIDTH} 列宽的终端上打印的内容；英文版见 [cli.md](cli.md)。"
        "终端较窄时帮助在别处换行；选项名与其说明并排放不下时，每个选项的名称单独占一行，"
        "说明写在其下。本文件由程序生成；修改命令之后请运行\n",
        "（文件过期时有测试会失败）。退出码、输出和环境变量见 README；"
        "文件格式见 [formats.md](formats.md)。\n",
    ),
}


@contextlib.contextmanager
def _plain_help() -> Iterator[None]:
    """Render Typer's help at WIDTH columns, with no colour and no terminal codes."""
    from typer import rich_utils

    names = ("MAX_WIDTH", "FORCE_TERMINAL", "COLOR_SYSTEM")
    saved = {name: getattr(rich_utils, name) for name in names}
    rich_utils.MAX_WIDTH = WIDTH
    rich_utils.FORCE_TERMINAL = False
    rich_utils.COLOR_SYSTEM = None
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(rich_utils, name, value)


def main(args: list[str]) -> int:
    if args not in ([], ["--lang", "en"], ["--lang", "zh"]):
        sys.stderr.write("usage: python -m minecheck.cli._reference [--lang en|zh]\n")
        return 2
    sys.stdout.write(reference(args[1] if args else "en"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
