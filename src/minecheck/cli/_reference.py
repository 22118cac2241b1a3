"""The command-line reference (docs/cli.md), made from the real `--help` of every command.

    python -m minecheck.cli._reference > docs/cli.md

The help is rendered at a fixed width with no colour, so the file only changes when a command does.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator

WIDTH = 100
COMMAND = "python -m minecheck.cli._reference > docs/cli.md"


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


def help_text(path: tuple[str, ...]) -> str:
    """`minecheck PATH --help` as a reader sees it, trailing spaces removed."""
    from typer.testing import CliRunner

    from minecheck.cli import app

    result = CliRunner().invoke(
        app, [*path, "--help"], prog_name="minecheck", env={"NO_COLOR": "1", "TERM": "dumb"}
    )
    if result.exit_code != 0:
        raise RuntimeError(f"minecheck {' '.join(path)} --help exited {result.exit_code}")
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n"


def reference() -> str:
    """The whole of docs/cli.md."""
    with _plain_help():
        parts = [
            "# Command-line reference\n",
            "Every command's `--help`, as minecheck prints it. This file is generated; after "
            "changing a command, run\n",
            f"```sh\n{COMMAND}\n```\n",
            "(a test fails while it is out of date). Exit codes, output and the environment "
            "are described in the README; file formats in [formats.md](formats.md).\n",
        ]
        for path in command_paths():
            title = " ".join(("minecheck", *path))
            parts.append(f"## {title}\n")
            parts.append(f"```text\n{help_text(path)}```\n")
    return "\n".join(parts)


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


if __name__ == "__main__":
    sys.stdout.write(reference())
