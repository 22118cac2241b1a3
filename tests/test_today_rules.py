"""The day's new rules as a user meets them, each pinned where a mutation of its code went
unnoticed: trust's look-alike warning, the fold's steps behind the export of events, where an
option goes and which language says so."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any, Protocol

from tests.conftest import Run
from tests.helpers_merge import ITEMS
from tests.test_script_contract import _installed, _pub, _trusted
from tests.test_stock_increment import Story, _at, _story, utc  # noqa: F401


class Cli(Protocol):
    def __call__(self, args: list[str], input: str | None = None) -> Run: ...


# --- trust add: an exclusion names no one, so it is nobody's look-alike ---


def test_exclusions_that_read_alike_are_not_warned_of(cli: Cli, isolated_home: Path) -> None:
    """`!wang@examp1e.org` excludes a signer and names none: it reads like the other line's
    exclusion, but no document is shown as signed by either, so there is nothing to warn of."""
    assert _trusted(cli, "*@a.example,!wang@example.org", _pub(cli, "a@a.example")) == []
    assert _trusted(cli, "*@b.example,!wang@examp1e.org", _pub(cli, "b@b.example")) == []
    lines = (isolated_home / "allowed_signers").read_text().splitlines()
    assert [line.split()[0] for line in lines] == [
        "*@a.example,!wang@example.org",
        "*@b.example,!wang@examp1e.org",
    ]


# --- export --rows events: each finding's rows in their order, its text as written ---


def _events(cli: Cli, s: Story, out: Path) -> list[dict[str, Any]]:
    args = ["export", str(s.docs), "--allowed-signers", str(s.allowed), "--rows", "events"]
    run = cli([*args, "--format", "jsonl", "--as-of", "2026-01-10", "-o", str(out)])
    assert run.exit_code == 0, run.stderr
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def test_each_finding_s_rows_are_numbered_one_after_another(
    cli: Cli,
    tmp_path: Path,
    utc: None,  # noqa: F811 - the fixture imported above
) -> None:
    """`seq` counts a finding's rows 0 (its own), 1, 2, 3 ... with no gap, as formats.md has it:
    a report author orders a finding's history by it."""
    rows = _events(cli, _story(tmp_path), tmp_path / "events.jsonl")
    groups: dict[tuple[str, str], list[tuple[int, str]]] = {}
    for row in rows:
        groups.setdefault((row["inspection"], row["item"]), []).append((row["seq"], row["action"]))
    assert max(len(group) for group in groups.values()) >= 4
    for group in groups.values():
        first = 0 if group[0][1] == "found" else 1  # (an event about a finding no input holds)
        assert [seq for seq, _ in group] == list(range(first, first + len(group)))
    assert any(group[0] == (0, "found") for group in groups.values())


def test_a_chinese_note_is_written_as_it_reads_in_jsonl(
    cli: Cli,
    tmp_path: Path,
    utc: None,  # noqa: F811 - the fixture imported above
) -> None:
    """The JSONL is UTF-8 text: a note in Chinese is the characters themselves, not \\u escapes
    a person reading the file or grepping it could not find."""
    s = Story(tmp_path)
    a = s.found("a", _at(11, 1), ["noncompliant"] * 3)
    s.event(f"{a}/{ITEMS[0]}", "withdrawn", _at(11, 5), note="复查时发现记录有误")
    out = tmp_path / "events.jsonl"
    rows = _events(cli, s, out)
    assert [r["note"] for r in rows if r["action"] == "withdrawn"] == ["复查时发现记录有误"]
    assert '"note":"复查时发现记录有误"' in out.read_text(encoding="utf-8")


# --- the top level: --lang's value is the whole of what follows `=` ---


def test_lang_with_a_value_that_is_no_language_chooses_no_chinese() -> None:
    """`minecheck --lang=zh=x nosuch`: `zh=x` is no language, so the error is said as without
    --lang (English here), not taken as `zh`."""
    run = _installed("--lang=zh=x", "nosuch")
    assert run.returncode == 2
    assert run.stderr.splitlines()[0] == "minecheck: error: No such command 'nosuch'."
    zh = _installed("--lang=zh", "nosuch")
    assert zh.stderr.splitlines()[0] == "minecheck: error: 没有命令 'nosuch'。"


def test_acceptance_is_given_only_on_an_applied_closure(
    cli: Cli,
    tmp_path: Path,
    utc: None,  # noqa: F811 - the fixture imported above
) -> None:
    """The `acceptance` column says which acceptance a closure followed: empty on every other
    row (an acceptance, a reopening, a refused closure), as formats.md has it."""
    rows = _events(cli, _story(tmp_path), tmp_path / "events.jsonl")
    given = {(r["action"], r["applied"]) for r in rows if r["acceptance"] is not None}
    assert given == {("closed", True)}


def test_the_reviewers_of_an_acceptance_are_names_joined_by_semicolons_in_csv(
    cli: Cli,
    tmp_path: Path,
    utc: None,  # noqa: F811 - the fixture imported above
) -> None:
    """An acceptance's reviewers, a list in JSONL, are one cell `Chen Jie;Li Na` in the CSV, as
    the finding rows' lists are: not a program's rendering of a list."""
    s = Story(tmp_path)
    a = s.found("a", _at(11, 1), ["noncompliant"] * 3)
    s.event(f"{a}/{ITEMS[0]}", "rectified", _at(11, 5))
    s.event(f"{a}/{ITEMS[0]}", "accepted", _at(11, 6), reviewers=("Chen Jie", "Li Na"))
    out = tmp_path / "events.csv"
    args = ["export", str(s.docs), "--allowed-signers", str(s.allowed), "--rows", "events"]
    run = cli([*args, "--format", "csv", "--as-of", "2026-01-10", "-o", str(out)])
    assert run.exit_code == 0, run.stderr
    with out.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [r["reviewers"] for r in rows if r["action"] == "accepted"] == ["Chen Jie;Li Na"]
    assert [r["reviewers"] for r in rows if r["action"] == "rectified"] == [""]


def test_lang_before_no_command_at_all_says_where_it_goes_in_that_language() -> None:
    """`minecheck --lang zh` and `minecheck keys --lang zh` ask for no help: the usage error
    says where --lang goes, in Chinese, not a help page or the framework's "Missing command"."""
    run = _installed("--lang", "zh")
    assert (run.returncode, run.stdout) == (2, "")
    assert run.stderr.splitlines() == [
        "minecheck: error: --lang 应写在命令名之后：minecheck COMMAND --lang ...",
        "  hint: minecheck --help",
    ]
    run = _installed("keys", "--lang", "zh")
    assert (run.returncode, run.stdout) == (2, "")
    assert run.stderr.splitlines() == [
        "minecheck: error: --lang 应写在命令名之后：minecheck keys COMMAND --lang ...",
        "  hint: minecheck keys --help",
    ]


def test_both_help_options_with_lang_give_the_help_in_that_language() -> None:
    """`minecheck -h --help --lang zh` asks for the help twice over: the Chinese help, exit 0,
    as `minecheck --help --lang zh` gives it."""
    run = _installed("-h", "--help", "--lang", "zh")
    assert (run.returncode, run.stderr) == (0, "")
    assert run.stdout == _installed("--help", "--lang", "zh").stdout
    assert "用法" in run.stdout


def test_a_look_alike_is_warned_of_when_the_same_key_is_trusted_before_it(
    cli: Cli, isolated_home: Path
) -> None:
    """The new key already on a line above (trusted for another name) does not hide a
    look-alike trusted further down for another key: the warning still comes."""
    mine = _pub(cli, "a@x.org")
    assert _trusted(cli, "li.wei@x.org", mine) == []
    assert _trusted(cli, "wang@example.org", _pub(cli, "b@x.org")) == []
    [problem] = _trusted(cli, "wang@examp1e.org", mine)
    assert problem["code"] == "lookalike"
    assert problem["message"].startswith("wang@examp1e.org reads like wang@example.org")


# --- trust add: how long a principals field is searched for a name it admits ---


def _no_one(tries: int) -> list[str]:
    """Distinct patterns no signer's name matches (capitals: a signer's name is lowercase),
    whose wildcards are filled `tries` times in all (a `*` twelve ways)."""
    patterns = []
    for stars in range(6, -1, -1):
        count, tries = divmod(tries, 12**stars)
        patterns += [f"A{stars}X{i}{'*' * stars}" for i in range(count)]
    return patterns


def _from_lines(cli: Cli, tmp_path: Path, principals: str) -> Run:
    key = " ".join(Path(_pub(cli, "a@x.org")).read_text().split()[:2])
    lines = tmp_path / "lines"
    lines.write_text(f"{principals} {key}\n")
    return cli(["trust", "add", "--json", "--from", str(lines)])


def test_a_field_settled_at_the_budget_s_last_try_is_refused(
    cli: Cli, isolated_home: Path, tmp_path: Path
) -> None:
    """80,000 fillings against 4 exclusions and the name's shape: 400,000 matchings, the whole
    budget (tries × exclusions ≤ 400,000, as docs/decisions.md has it). Every one is tried and
    none is a signer's name: the line names no one, exit 2, nothing written."""
    principals = ",".join([*_no_one(80_000), "!B1", "!B2", "!B3", "!B4"])
    run = _from_lines(cli, tmp_path, principals)
    assert run.exit_code == 2, run.stdout
    assert [p["code"] for p in run.json()["problems"]] == ["principals"]
    assert not (isolated_home / "allowed_signers").exists()


def test_a_field_not_settled_within_the_budget_is_taken(
    cli: Cli, isolated_home: Path, tmp_path: Path
) -> None:
    """57,143 fillings against 6 exclusions and the name's shape: 400,001 matchings, one past
    the budget. The search stops there and gives the line the benefit of the doubt: trusted,
    exit 0, though no name was found (a longer search could take minutes)."""
    principals = ",".join([*_no_one(57_143), "!B1", "!B2", "!B3", "!B4", "!B5", "!B6"])
    run = _from_lines(cli, tmp_path, principals)
    assert run.exit_code == 0, run.stdout
    assert run.json()["data"]["added"][0].startswith("A4X0****,")
    assert (isolated_home / "allowed_signers").read_text().startswith("A4X0****,")


def test_a_question_mark_standing_for_the_at_sign_names_a_signer(
    cli: Cli, isolated_home: Path
) -> None:
    """`wang?hlj.example` admits wang@hlj.example (a `?` matches the `@` too, as ssh-keygen
    matches it): the key is trusted, exit 0, not refused as naming no one."""
    assert _trusted(cli, "wang?hlj.example", _pub(cli, "a@x.org")) == []
    lines = (isolated_home / "allowed_signers").read_text().splitlines()
    assert [line.split()[0] for line in lines] == ["wang?hlj.example"]
