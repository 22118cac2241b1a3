"""The documentation cannot go stale: the CLI reference is regenerated, every command is named."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

from minecheck.cli._reference import COMMAND, COMMANDS, command_paths, reference
from tests.conftest import REPO

DOCS = REPO / "docs"
CLI_MD = DOCS / "cli.md"
CLI_ZH_MD = DOCS / "cli.zh.md"


def test_cli_reference_is_up_to_date() -> None:
    current = CLI_MD.read_text(encoding="utf-8") if CLI_MD.exists() else ""
    assert current == reference(), f"docs/cli.md is out of date; run: {COMMAND}"


def test_chinese_cli_reference_is_up_to_date() -> None:
    current = CLI_ZH_MD.read_text(encoding="utf-8") if CLI_ZH_MD.exists() else ""
    assert current == reference("zh"), f"docs/cli.zh.md is out of date; run: {COMMANDS['zh']}"


@pytest.mark.parametrize("page", [CLI_MD, CLI_ZH_MD], ids=lambda page: page.name)
def test_every_command_has_a_section(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    headings = re.findall(r"^## (minecheck.*)$", text, flags=re.M)
    expected = [" ".join(("minecheck", *path)) for path in command_paths()]
    assert headings == expected
    assert {"minecheck checklists template", "minecheck keys generate"} <= set(headings)


def test_every_command_is_in_the_readme_or_a_guide() -> None:
    """Each command and subcommand is named, as a reader would type it, outside the reference."""
    prose = "\n".join(
        path.read_text(encoding="utf-8")
        for path in [REPO / "README.md", *sorted(DOCS.glob("guide-*.md"))]
    )
    named = set(re.findall(r"minecheck((?: [a-z][a-z-]*)+)", prose))
    missing = [
        " ".join(path)
        for path in command_paths()
        if path and not any(f"{n} ".startswith(" ".join(("", *path, ""))) for n in named)
    ]
    assert missing == []


def test_readme_links_every_guide() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    guides = sorted(page.name for page in DOCS.glob("guide-*.md"))
    assert {
        "guide-first-inspection.md",
        "guide-first-inspection.zh.md",
        "guide-keys-and-trust.md",
        "guide-followup.md",
        "guide-monthly-report.md",
    } <= set(guides)
    assert [g for g in guides if f"](docs/{g})" not in readme] == []


# A type where a value's name belongs: Python's names and the command-line framework's own.
PLACEHOLDER = re.compile(
    r"<(?:str|text|bool|boolean|int|float|(?:int|float) range|path|filename|uuid|choice"
    r"|list\[[^>]*|datetime|[A-Za-z]+Path)>"
)


def test_no_help_shows_a_type_placeholder() -> None:
    """Every value is named by its metavar (FILE, DATE, ...); flags show none."""
    from minecheck.cli._reference import help_text

    found = {
        " ".join(("minecheck", *path)): PLACEHOLDER.findall(help_text(path))
        for path in command_paths()
    }
    assert {name: hits for name, hits in found.items() if hits} == {}
    assert "<inspection-id>/<item>" in help_text(("followup",))  # words in <> are still allowed


def test_inspect_help_names_every_mode_and_tag() -> None:
    """The help lists what --mode and --tag take (it said "routine, unannounced, night, …")."""
    from minecheck.cli._reference import help_text
    from minecheck.core.checklist import TAGS
    from minecheck.core.documents import MODES

    words = set(re.findall(r"[a-z][a-z-]+", " ".join(help_text(("inspect",)).split())))
    assert [name for name in (*MODES, *TAGS) if name not in words] == []


@pytest.mark.parametrize(
    ("options", "page"), [([], CLI_MD), (["--lang", "zh"], CLI_ZH_MD)], ids=["en", "zh"]
)
def test_generator_runs_as_documented(options: list[str], page: Path) -> None:
    """The command the docs give writes exactly docs/cli.md, or with --lang zh docs/cli.zh.md
    (a fresh process, no terminal); the English whatever language the environment speaks."""
    import os

    run = subprocess.run(
        [sys.executable, "-m", "minecheck.cli._reference", *options],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        env={**os.environ, "LANG": "zh_CN.UTF-8"},
    )
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    assert run.stdout == page.read_text(encoding="utf-8")
    command = COMMANDS["zh" if options else "en"]
    assert f"```sh\n{command}\n```" in run.stdout


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
        "findings-second",
        "followup",
        "minimal-sign",
        "minimal-events",
        "merged",
        "allowed_signers",
        "headline",
        "events-closing",
        "events-stock",
        "events-opinion",
        "events-month-end",
        "events-read-jsonl",
        "findings-read-csv",
    }


def test_format_examples_load_and_belong_together(tmp_path: Path) -> None:
    from minecheck.core.checklist import load_checklist
    from minecheck.session.answers import read_answers

    examples = format_examples()
    checklist = tmp_path / "demo-gas.toml"
    checklist.write_text(examples["checklist"], encoding="utf-8")
    cl = load_checklist(checklist)
    answers = read_answers(examples["answers"].encode(), "answers.toml")
    assert answers.problems == ()
    assert set(answers.answers) <= {item.id for item in cl.items}
    findings = tomllib.loads(examples["findings"])
    assert findings["inspection"]["checklist"] == cl.id
    assert findings["inspection"]["checklist_sha256"] == cl.sha256
    assert [f["item"] for f in findings["finding"]] == [item.id for item in cl.items]
    followup = tomllib.loads(examples["followup"])
    inspection = findings["inspection"]["id"]
    assert {e["finding"].split("/")[0] for e in followup["event"]} == {inspection}
    second = tomllib.loads(examples["findings-second"])
    assert second["inspection"]["id"] == inspection
    assert second["inspection"]["checklist_sha256"] == cl.sha256
    merged = tomllib.loads(examples["merged"])
    assert merged["minecheck"]["format"] == "minecheck.merged/1"
    assert merged["minecheck"]["source_count"] == len(merged["source"])


def test_signed_format_examples_verify(cli: Any, tmp_path: Path) -> None:
    examples = format_examples()
    allowed = tmp_path / "allowed_signers"
    allowed.write_text(examples["allowed_signers"], encoding="utf-8")
    files = []
    for name in ("findings", "findings-second", "followup"):
        path = tmp_path / f"{name}.toml"
        path.write_text(examples[name], encoding="utf-8")
        files.append(str(path))
    run = cli(["verify", "--allowed-signers", str(allowed), *files])
    assert run.exit_code == 0, run.stdout + run.stderr
    assert run.stdout.count(": trusted: ") == 3


def test_formats_names_every_field() -> None:
    """Every key the readers accept appears in formats.md as `key`."""
    import dataclasses

    from minecheck.core import checklist, documents
    from minecheck.core.merge import Consolidated
    from minecheck.session.answers import FIELDS

    text = (DOCS / "formats.md").read_text(encoding="utf-8")
    keys: set[str] = set(FIELDS)
    keys |= {*checklist._CHECKLIST_KEYS, *checklist._CHECKLIST_OPTIONAL}
    keys |= {*checklist._EDITION_REQUIRED, *checklist._EDITION_OPTIONAL}
    keys |= {*checklist._ITEM_REQUIRED, *checklist._ITEM_OPTIONAL, *checklist.READING_BOUNDS}
    for model in (
        documents.Header,
        documents.Inspection,
        documents.Finding,
        documents.Event,
        documents.Evidence,
        documents.ReadingValue,
        Consolidated,
    ):
        keys |= {f.name for f in dataclasses.fields(model)}
    keys |= {"sha256", "file", "source_count", "unit"}
    from minecheck.report.rows import EXPORT_COLUMNS

    keys |= set(EXPORT_COLUMNS)
    from minecheck.report.summary import MEASURES

    keys |= set(MEASURES)  # the summary's headline, each defined over the export's columns
    missing = sorted(k for k in keys if f"`{k}`" not in text)
    assert missing == []


ABBREVIATED = "<abbreviated>"
VARYING = re.compile(r"^(document_id|created|signer_key) = .*$", re.M)
END = "-----END SSH SIGNATURE-----\n'''\n"


def _shape(text: str) -> list[str]:
    """The lines of a merged document with what differs from run to run (the merger's key, the
    time, the new id, the signature) blanked, and the `# abbreviated` comments of the docs gone."""
    text = VARYING.sub(r"\1 = ...", text)
    body, _, _ = text.rpartition("\n-----BEGIN SSH SIGNATURE-----")
    return [line for line in body.split("\n") if not line.startswith("# abbreviated")]


def test_merged_example_is_what_merge_writes(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The docs' merged example, made again from its two sources, differs only where it must."""
    from minecheck.core.keys import generate

    examples = format_examples()
    monkeypatch.chdir(tmp_path)
    Path("allowed_signers").write_text(examples["allowed_signers"], encoding="utf-8")
    Path("wang.toml").write_text(examples["findings"], encoding="utf-8")
    Path("li.toml").write_text(examples["findings-second"], encoding="utf-8")
    generate(tmp_path / "merger", "chen.jie@hlj.example", None)
    run = cli(
        [
            *("merge", "wang.toml", "li.toml", "-o", "merged.toml"),
            *("--allowed-signers", "allowed_signers", "--key", "merger"),
            *("--signer", "chen.jie@hlj.example"),
        ]
    )
    assert run.exit_code == 0, run.stderr
    real = Path("merged.toml").read_text(encoding="utf-8")
    documented = examples["merged"]
    assert real.endswith(END)
    assert documented.endswith(END)
    got, shown = _shape(real), _shape(documented)
    assert len(got) == len(shown)
    abbreviated = 0
    for real_line, doc_line in zip(got, shown, strict=True):
        if doc_line.endswith(f'{ABBREVIATED}"'):
            abbreviated += 1
            assert doc_line.startswith('file = "')
            assert real_line.startswith(doc_line.removesuffix(f'{ABBREVIATED}"'))
        else:
            assert real_line == doc_line
    assert abbreviated == 2
    assert documented.count("# abbreviated") == 2  # nothing else is shortened
    # the embedded files are the two examples, byte for byte
    sources = sorted(s["file"] for s in tomllib.loads(real)["source"])
    assert sources == sorted([examples["findings"], examples["findings-second"]])


@pytest.mark.skipif(shutil.which("ssh-keygen") is None, reason="ssh-keygen is not installed")
def test_the_smallest_inputs_are_signed_and_verify(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    examples = format_examples()
    monkeypatch.chdir(tmp_path)
    made = cli(["keys", "generate", "--principal", "zhao.lei@xinxing.example", "--trust"])
    assert made.exit_code == 0, made.stderr
    Path("minimal.toml").write_text(examples["minimal-sign"], encoding="utf-8")
    run = cli(["sign", "minimal.toml"])
    assert (run.exit_code, run.stdout) == (0, "minimal.toml\n"), run.stderr
    Path("events.toml").write_text(examples["minimal-events"], encoding="utf-8")
    run = cli(["followup", "--events", "events.toml", "-o", "followup.toml"])
    assert (run.exit_code, run.stdout) == (0, "followup.toml\n"), run.stderr
    run = cli(["verify", "minimal.toml", "followup.toml"])
    assert run.exit_code == 0, run.stdout + run.stderr
    assert run.stdout.count(": trusted: ") == 2


# -- docs/security.md: the published ssh-keygen recipe refuses what minecheck refuses --------------


def security_recipe() -> str:
    text = (DOCS / "security.md").read_text(encoding="utf-8")
    section = text.split("## Verifying without minecheck", 1)[1]
    recipe = re.search(r"^```sh\n(.*?)^```$", section, flags=re.M | re.S)
    assert recipe is not None
    return recipe.group(1)


def run_recipe(workdir: Path, document: bytes) -> subprocess.CompletedProcess[str]:
    (workdir / "xinxing.toml").write_bytes(document)
    return subprocess.run(
        ["bash", "-c", security_recipe(), "check.sh", "xinxing.toml"],
        cwd=workdir,
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8"},
    )


@pytest.mark.skipif(shutil.which("ssh-keygen") is None, reason="ssh-keygen is not installed")
def test_security_recipe_agrees_with_verify(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from minecheck.paths import allowed_signers_file

    monkeypatch.chdir(tmp_path)
    assert (
        cli(["keys", "generate", "--principal", "wang.wei@hlj.example", "--trust"]).exit_code == 0
    )
    answers = '[answers]\n"gas-check-genuine" = "compliant"\n"methane-return" = { reading = 1.3 }\n'
    checklist = str(REPO / "tests" / "data" / "checklists" / "valid" / "mini-check.toml")
    made = cli(
        ["inspect", checklist, "--site", "Mine A", "--answers", "-", "-o", "f.toml"], answers
    )
    assert made.exit_code == 0, made.stderr
    good = (tmp_path / "f.toml").read_bytes()
    work = tmp_path / "recipe"
    work.mkdir()
    shutil.copy(allowed_signers_file(), work / "allowed_signers")
    (work / "revoked_keys").write_text("", encoding="utf-8")

    run = run_recipe(work, good)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith('Good "minecheck-findings-v1" signature for wang.wei@hlj.example')

    run = run_recipe(work, good + b'note = "added later"\n')
    assert run.returncode == 1
    assert run.stdout == "REFUSE: content after the signature\n"

    # a window that closed before `created`: refused at `created`, as minecheck judges it
    line = (work / "allowed_signers").read_text(encoding="utf-8")
    closed = line.replace('namespaces="', 'valid-before="20200101Z",namespaces="', 1)
    (work / "allowed_signers").write_text(closed, encoding="utf-8")
    assert run_recipe(work, good).returncode != 0
    (work / "allowed_signers").write_text(line, encoding="utf-8")

    # a revoked key, whatever the time
    pub = Path(str(cli(["keys", "show", "--json"]).json()["data"]["path"]) + ".pub")
    shutil.copy(pub, work / "revoked_keys")
    assert run_recipe(work, good).returncode != 0
    assert cli(["trust", "revoke", str(pub)]).exit_code == 0
    assert cli(["verify", "f.toml"]).exit_code == 1


def test_the_checklist_format_example_lints_clean(cli: Any, tmp_path: Path) -> None:
    """An author copies the example in docs/checklist-format.md and lints it: no problem, and
    its id is not one a bundled checklist has (installed, it would replace that one)."""
    from minecheck.core.checklist import _ITEM_OPTIONAL

    text = (DOCS / "checklist-format.md").read_text(encoding="utf-8")
    (block,) = re.findall(r"```toml\n(.*?)```", text, flags=re.DOTALL)
    doc = tomllib.loads(block)
    cid = doc["checklist"]["id"]
    assert not (REPO / "checklists" / f"{cid}.toml").exists()
    path = tmp_path / f"{cid}.toml"
    path.write_text(block, encoding="utf-8")
    result = cli(["checklists", "lint", str(path)])
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "1 file checked, 0 problems\n"
    shown = {key for item in doc["section"][0]["item"] for key in item}
    assert set(_ITEM_OPTIONAL) <= shown
