"""The documentation cannot go stale: the CLI reference is regenerated, every command is named."""

from __future__ import annotations

import re
import subprocess
import sys

from minecheck.cli._reference import COMMAND, command_paths, reference
from tests.conftest import REPO

DOCS = REPO / "docs"
CLI_MD = DOCS / "cli.md"


def test_cli_reference_is_up_to_date() -> None:
    current = CLI_MD.read_text(encoding="utf-8") if CLI_MD.exists() else ""
    assert current == reference(), f"docs/cli.md is out of date; run: {COMMAND}"


def test_every_command_has_a_section() -> None:
    text = CLI_MD.read_text(encoding="utf-8")
    headings = re.findall(r"^## (minecheck.*)$", text, flags=re.M)
    expected = [" ".join(("minecheck", *path)) for path in command_paths()]
    assert headings == expected
    assert {"minecheck checklists template", "minecheck keys generate"} <= set(headings)


def test_every_top_level_command_is_in_the_readme_or_a_guide() -> None:
    prose = "\n".join(
        path.read_text(encoding="utf-8")
        for path in [REPO / "README.md", *sorted(DOCS.glob("guide-*.md"))]
    )
    missing = [
        path[0]
        for path in command_paths()
        if len(path) == 1 and f"minecheck {path[0]}" not in prose
    ]
    assert missing == []


def test_generator_runs_as_documented() -> None:
    """The command the docs give writes exactly docs/cli.md (a fresh process, no terminal)."""
    run = subprocess.run(
        [sys.executable, "-m", "minecheck.cli._reference"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    assert run.stdout == CLI_MD.read_text(encoding="utf-8")


def test_markdown_links_between_docs_resolve() -> None:
    for page in [REPO / "README.md", *sorted(DOCS.glob("*.md"))]:
        text = page.read_text(encoding="utf-8")
        for target in re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", text):
            assert (page.parent / target).exists(), f"{page.name} links to missing {target}"
