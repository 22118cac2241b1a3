"""The guides followed to the letter, in English and in Chinese, where they teach the month's
stock and increment, the aspects of the criteria, an officer's week and what minecheck keeps on
a machine.

Each test holds a sentence of a guide to what the command prints or writes: a heading a `sed`
range picks, a name the report gives, where a note stands, a file kept in minecheck's home.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
from pathlib import Path
from typing import Any

import pytest

from minecheck.report.aspects import aspect_name
from tests.conftest import REPO
from tests.helpers_merge import allowed_signers, findings, person
from tests.test_guides import SCRIPTS

DOCS = REPO / "docs"
GUIDES = sorted(DOCS.glob("guide-*.md"))

# `minecheck summary ARGS | sed -n '/^## START/,/^## END/p'`, continuation lines joined
SED_RANGE = re.compile(
    r"minecheck summary (?P<args>[^|\n]*?)\s*\|\s*"
    r"sed -n '/\^## (?P<start>[^/]+)/,/\^## (?P<end>[^/]+)/p'"
)


def _sed_ranges(guide: Path) -> list[tuple[str, str, str]]:
    text = guide.read_text(encoding="utf-8").replace("\\\n", " ")
    return [(m["args"], m["start"], m["end"]) for m in SED_RANGE.finditer(text)]


def _section(guide: str, heading: str) -> str:
    """The text of a guide's section from `heading` to the next heading of its level or above,
    its lines joined as a reader reads them (a Chinese line break joins without a space)."""
    text = (DOCS / guide).read_text(encoding="utf-8")
    level = heading.split(" ", 1)[0]
    start = text.index(f"\n{heading}\n")
    ends = [
        m.start()
        for m in re.finditer(rf"^#{{1,{len(level)}}} ", text[start + 1 :], flags=re.M)
        if m.start() > 0
    ]
    body = text[start : start + 1 + ends[0]] if ends else text[start:]
    joiner = "" if guide.endswith(".zh.md") else " "
    return re.sub(r"\s*\n\s*", joiner, body)


@pytest.fixture
def archive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """One signed findings file with a major hidden danger and its trust file (the run's folder)."""
    wang = person(tmp_path, "wang")
    work = tmp_path / "archive"
    work.mkdir()
    (work / "wang.toml").write_bytes(findings(wang, ["compliant", "noncompliant", "compliant"]))
    trust = allowed_signers(tmp_path / "allowed_signers", wang)
    monkeypatch.chdir(work)
    return ["wang.toml", "--allowed-signers", str(trust)]


RANGES = [(g.name, *r) for g in GUIDES for r in _sed_ranges(g)]


def test_the_guides_pick_report_sections_with_sed() -> None:
    assert {name for name, *_ in RANGES} >= {
        "guide-monthly-report.md",
        "guide-monthly-report.zh.md",
    }


@pytest.mark.parametrize(("guide", "args", "start", "end"), RANGES)
def test_a_sed_range_names_headings_the_command_prints(
    cli: Any, archive: list[str], guide: str, args: str, start: str, end: str
) -> None:
    """The Chinese guide's aspects block picked '## 按' to '## 各单位' from a report it asked
    for without --lang zh: on a machine whose locale is not Chinese (the guide runner's, a
    server's) the report was in English and the block printed nothing."""
    words = shlex.split(args.replace("$(", "(").replace('"', ""))
    options: list[str] = []
    for i, word in enumerate(words):
        if word in ("--by", "--lang"):
            options += [word, words[i + 1]]
    run = cli(["summary", *archive, "--format", "md", *options])
    assert run.exit_code == 0, run.stderr
    headings = [line[3:] for line in run.stdout.splitlines() if line.startswith("## ")]
    first = next((i for i, h in enumerate(headings) if re.match(start, h)), None)
    assert first is not None, f"{guide}: no heading '## {start}' in {headings}"
    assert any(re.match(end, h) for h in headings[first + 1 :]), (
        f"{guide}: no heading '## {end}' after '## {start}' in {headings}"
    )


ASPECTS = [
    ("guide-monthly-report.md", "### Which aspects of the criteria are breached most", "en"),
    ("guide-monthly-report.zh.md", "### 判定标准的哪些方面被违反得最多", "zh"),
]


@pytest.mark.parametrize(("guide", "heading", "lang"), ASPECTS)
def test_the_guide_names_each_coal_aspect_as_the_report_does(
    guide: str, heading: str, lang: str
) -> None:
    """The guide called CMHD-9 "a serious water hazard" where the report's row reads "serious
    water hazard without effective measures" (有严重水患，未采取有效措施)."""
    section = _section(guide, heading)
    codes = sorted(set(re.findall(r"`(CMHD-\d+)`", section)))
    assert codes
    for code in codes:
        name = aspect_name(code, lang).split(" ", 1)[1]
        assert name in section, f"{code}: {name}"


@pytest.mark.parametrize(("guide", "heading", "lang"), ASPECTS)
def test_the_guide_puts_the_note_of_rows_counted_twice_where_the_report_does(
    cli: Any, archive: list[str], guide: str, heading: str, lang: str
) -> None:
    """The guide said the report notes "under the table" that the rows may add up to more than
    the total; every report gives the note under the heading, above the table."""
    said = {"en": "the report says so above the table", "zh": "报告在表前注明"}[lang]
    assert said in _section(guide, heading)
    run = cli(["summary", *archive, "--format", "md", "--by", "aspect", "--lang", lang])
    lines = run.stdout.splitlines()
    at = lines.index({"en": "## By aspect", "zh": "## 按所属方面统计"}[lang])
    note = next(i for i in range(at, len(lines)) if lines[i] and not lines[i].startswith("#"))
    assert not lines[note].startswith("|"), lines[at : at + 4]
    assert lines[note + 2].startswith("|")


PRIVACY = [
    ("guide-first-inspection.md", "## 8. What minecheck keeps on this machine"),
    ("guide-first-inspection.zh.md", "## 8. minecheck 在本机保存的内容"),
]


@pytest.mark.parametrize(("guide", "heading"), PRIVACY)
def test_the_privacy_section_names_every_file_minecheck_keeps(
    cli: Any,
    archive: list[str],
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    guide: str,
    heading: str,
) -> None:
    """'What minecheck keeps' named the lock files .allowed_signers.lock and
    keys/.keys.toml.lock; `trust revoke` leaves a third, .revoked_keys.lock, beside
    revoked_keys."""
    monkeypatch.setenv("MINECHECK_PASSPHRASE", "correct horse battery")
    principal = "zhang.min@hlj.example"
    run = cli(["keys", "generate", "--principal", principal, "--trust"])
    assert run.exit_code == 0, run.stderr
    public = isolated_home / "keys" / f"{principal}.pub"
    assert cli(["trust", "revoke", str(public)]).exit_code == 0
    assert cli(["summary", *archive]).exit_code == 0
    office = isolated_home.parent / "office"
    office.mkdir()
    named = ["--principal", principal, "--key", str(public)]
    run = cli(["trust", "add", *named, "--allowed-signers", str(office / "signers")])
    assert run.exit_code == 0, run.stderr
    section = _section(guide, heading)
    assert (office / ".signers.lock").is_file()
    assert {"en": "`.NAME.lock`", "zh": "`.文件名.lock`"}["zh" if ".zh." in guide else "en"] in (
        section
    )
    kept = sorted(p for p in isolated_home.rglob("*") if p.is_file())
    assert {p.name for p in kept} >= {"results.sqlite3", ".revoked_keys.lock"}
    for path in kept:
        if path.name in (principal, f"{principal}.pub"):  # "your private key, its .pub"
            continue
        assert f"`{path.name}" in section or f"/{path.name}`" in section, path.name


def test_the_chinese_monday_script_explains_itself_in_chinese() -> None:
    """The Chinese guide's monday.sh said what it does in English, its other comments in
    Chinese; the usage line is a command's words and stays as it is."""
    section = (DOCS / "guide-followup.zh.md").read_text(encoding="utf-8").split("## 10.")[1]
    script = section.split("cat > monday.sh <<'EOF'\n")[1].split("\nEOF\n")[0]
    comments = [
        line.split("#", 1)[1]
        for line in script.splitlines()
        if "#" in line and not line.startswith(("#!", "# usage:")) and "# " in line
    ]
    assert comments
    for comment in comments:
        assert re.search(r"[\u4e00-\u9fff]", comment), comment


def test_the_fail_on_hint_says_the_same_in_both_languages(cli: Any, archive: list[str]) -> None:
    """The Chinese hint of a tripped --fail-on said which columns the export lists (状态、期限、
    标记), the English one did not: the guides quote both, and the two said different things."""
    said = {}
    for lang in ("en", "zh"):
        run = cli(["summary", *archive, "--fail-on", "major", "--format", "csv", "--lang", lang])
        assert run.exit_code == 1, run.stderr
        hint = run.stderr.rpartition("  hint: ")[2]
        said[lang] = hint.partition("：\n" if lang == "zh" else ":\n")
    assert said["en"][0] == "to list them"
    assert said["zh"][0] == "逐项列出"
    assert said["zh"][2] == said["en"][2]


@pytest.mark.parametrize(("guide", "heading"), PRIVACY)
def test_a_departing_inspector_s_laptop_is_cleared_with_commands_that_exist(
    guide: str, heading: str
) -> None:
    """The section said "sign or discard each draft; revoke the key" and named no command for
    either: a draft is signed by finishing it (`drafts resume`), a key revoked by `trust
    revoke` on its public key, where the trust files are kept."""
    section = _section(guide, heading)
    reference = (DOCS / ("cli.zh.md" if ".zh." in guide else "cli.md")).read_text("utf-8")
    for command in ("drafts list", "drafts resume ID", "drafts discard ID", "trust revoke"):
        assert f"`minecheck {command}" in section, command
        assert f"minecheck {command.removesuffix(' ID')}" in reference, command


def test_summary_help_says_what_aspect_groups_by_in_both_languages() -> None:
    """`--by` said "clause or aspect (the clauses a hidden danger cites...)" in English, which
    explains clause alone; the Chinese help explains both (条款及其所属方面)."""

    def shown(lang: str, joiner: str) -> str:
        done = subprocess.run(
            [str(SCRIPTS / "minecheck"), "summary", "--help", "--lang", lang],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "COLUMNS": "120"},
        )
        lines = (line.strip(" │|") for line in done.stdout.splitlines())
        return joiner.join(" ".join(line.split()) for line in lines if line)

    english, chinese = shown("en", " "), shown("zh", "")
    assert "or the parts of the criteria they belong to" in english
    assert "条款及其所属方面" in chinese
