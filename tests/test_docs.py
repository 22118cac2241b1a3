"""The documentation cannot go stale: the CLI reference is regenerated, every command is named."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

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


# -- docs/formats.md: its examples load, and the signed ones verify --------------------------------

EXAMPLE = re.compile(r"^<!-- example: ([a-z_-]+) -->\n```[a-z]+\n(.*?)^```$", re.M | re.S)


def format_examples() -> dict[str, str]:
    text = (DOCS / "formats.md").read_text(encoding="utf-8")
    found = EXAMPLE.findall(text)
    examples = dict(found)
    assert len(examples) == len(found), "two examples share a name"
    return examples


def test_formats_has_an_example_of_every_format() -> None:
    assert set(format_examples()) == {
        "checklist",
        "answers",
        "findings",
        "followup",
        "merged-shape",
        "allowed_signers",
    }


def test_format_examples_load_and_belong_together(tmp_path: Path) -> None:
    from minecheck.core.checklist import load_checklist
    from minecheck.session.answers import parse_answers

    examples = format_examples()
    checklist = tmp_path / "demo-gas.toml"
    checklist.write_text(examples["checklist"], encoding="utf-8")
    cl = load_checklist(checklist)
    answers = parse_answers(examples["answers"].encode(), "answers.toml")
    assert set(answers) <= {item.id for item in cl.items}
    findings = tomllib.loads(examples["findings"])
    assert findings["inspection"]["checklist"] == cl.id
    assert findings["inspection"]["checklist_sha256"] == cl.sha256
    assert [f["item"] for f in findings["finding"]] == [item.id for item in cl.items]
    followup = tomllib.loads(examples["followup"])
    inspection = findings["inspection"]["id"]
    assert {e["finding"].split("/")[0] for e in followup["event"]} == {inspection}
    merged = tomllib.loads(examples["merged-shape"])
    assert merged["minecheck"]["format"] == "minecheck.merged/1"
    assert merged["minecheck"]["source_count"] == len(merged["source"])


def test_signed_format_examples_verify(cli: Any, tmp_path: Path) -> None:
    examples = format_examples()
    allowed = tmp_path / "allowed_signers"
    allowed.write_text(examples["allowed_signers"], encoding="utf-8")
    files = []
    for name in ("findings", "followup"):
        path = tmp_path / f"{name}.toml"
        path.write_text(examples[name], encoding="utf-8")
        files.append(str(path))
    run = cli(["verify", "--allowed-signers", str(allowed), *files])
    assert run.exit_code == 0, run.stdout + run.stderr
    assert run.stdout.count(": trusted: ") == 2
