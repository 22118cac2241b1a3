"""Loose ends, round 39: a trust list's (and a revoked-keys file's) malformed lines are named
up to the 200 a schema's or an answers file's faults are, the rest counted on one line as
theirs are; `--json` keeps the same 200 and the line that counts the rest."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.helpers_merge import INSPECTION, Who, allowed_signers, findings, person
from tests.test_loose_ends35 import ROLLED
from tests.test_loose_ends38 import merger

__all__ = ["merger"]  # (the fixture, used here by name)

MORE = {
    "en": ("and 1 more problem, not listed", "and {count} more problems, not listed"),
    "zh": ("另有 1 个问题，未列出", "另有 {count} 个问题，未列出"),
}
REFUSED = {
    ("en", "as"): "minecheck: error: bad: {count} malformed lines in the allowed signers file",
    ("zh", "as"): "minecheck: error: bad：allowed_signers 文件中有 {count} 行格式有误",
    ("en", "rk"): "minecheck: error: bad: {count} malformed lines in the revoked keys file",
    ("zh", "rk"): "minecheck: error: bad：revoked_keys 文件中有 {count} 行格式有误",
}
COMMANDS = {
    "trust-list": ["trust", "list"],
    "verify": ["verify", "doc.toml"],
    "summary": ["summary", "doc.toml"],
    "export": ["export", "doc.toml", "-o", "out.csv"],
    "show": ["show", "doc.toml"],
    "merge": ["merge", "doc.toml", "-o", "m.toml", "--key", "k", "--signer", "me"],
}
OPTION = {"as": "--allowed-signers", "rk": "--revoked-keys"}


def _bad(kind: str, count: int) -> None:
    """./bad: `count` lines, each with a key whose base64 is not valid."""
    line = "p{i} ssh-ed25519 AAAA!\n" if kind == "as" else "ssh-ed25519 AAAA! {i}\n"
    Path("bad").write_text("".join(line.format(i=i) for i in range(count)))
    Path("doc.toml").write_text("garbage [\n")


def _expected(lang: str, kind: str, count: int) -> list[str]:
    """Each line's place (path, line) as it is named, then the count of the rest, the error."""
    named = [["bad", str(i)] for i in range(1, min(count, 200) + 1)]
    rest = count - 200
    one, many = MORE[lang]
    counted = [] if rest <= 0 else [f"bad: {one if rest == 1 else many.format(count=rest)}"]
    return [*map(str, named), *counted, REFUSED[(lang, kind)].format(count=count)]


def _told(stderr: str) -> list[str]:
    """stderr's lines, each naming a line of the file shown by its place alone."""
    return [
        str(line.split(":")[:2]) if line.split(":")[1:2] and line.split(":")[1].isdigit() else line
        for line in stderr.splitlines()
    ]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("kind", ["as", "rk"])
@pytest.mark.parametrize("count", [200, 201, 202, 10_000])
def test_a_trust_files_bad_lines_are_named_to_200_and_counted(
    cli: Any, merger: list[str], lang: str, kind: str, count: int
) -> None:
    """10,000 malformed lines were 10,000 lines on stderr; now 200, then `and 9800 more
    problems, not listed` as a schema's are, then the error. Exit 2, nothing on stdout."""
    _bad(kind, count)
    run = cli(["verify", "doc.toml", OPTION[kind], "bad", "--lang", lang])
    assert (run.exit_code, run.stdout) == (2, "")
    assert _told(run.stderr) == _expected(lang, kind, count)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_command_reading_trust_counts_past_200(
    cli: Any, merger: list[str], lang: str, command: str
) -> None:
    """Every command that reads the trust list says the same 200 lines and the count."""
    _bad("as", 1000)
    args = [*COMMANDS[command], "--allowed-signers", "bad", "--lang", lang]
    run = cli(args)
    assert (run.exit_code, run.stdout) == (2, "")
    assert _told(run.stderr) == _expected(lang, "as", 1000)
    _bad("rk", 1000)
    run = cli([*args[:-4], "--revoked-keys", "bad", "--allowed-signers", "as", "--lang", lang])
    assert (run.exit_code, run.stdout) == (2, "")
    assert _told(run.stderr) == _expected(lang, "rk", 1000)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("kind", ["as", "rk"])
def test_json_keeps_the_200_and_the_count_as_a_schemas_cap_does(
    cli: Any, merger: list[str], lang: str, kind: str
) -> None:
    """`--json`: the 200 lines, each at its place, a `too-many-problems` problem counting the
    rest, the error last; stderr empty."""
    _bad(kind, 10_000)
    run = cli(["verify", "doc.toml", OPTION[kind], "bad", "--lang", lang, "--json"])
    assert (run.exit_code, run.stderr) == (2, "")
    problems = json.loads(run.stdout)["problems"]
    assert [p["line"] for p in problems[:200]] == list(range(1, 201))
    assert [(p["code"], p["path"], p["message"]) for p in problems[200:-1]] == [
        ("too-many-problems", "bad", MORE[lang][1].format(count=9800))
    ]
    assert len(problems) == 202


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Who]:
    d = tmp_path_factory.mktemp("keys")
    return {n: person(d, n) for n in ("alice", "bob")}


INCONSISTENT = {
    "en": "minecheck: warning: inconsistent: {ref} (Demo mine (HLJ-0001)): alice@coal.example: "
    "compliant (a.toml); bob@coal.example: noncompliant (b.toml)",
    "zh": "minecheck: warning: 结论不一致：{ref}（Demo mine（HLJ-0001））：alice@coal.example："
    "符合（a.toml）；bob@coal.example：不符合（b.toml）",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("count", [10, 11, 13])
def test_merges_inconsistent_findings_are_told_ten_and_counted(
    cli: Any, pair: dict[str, Who], tmp_path: Path, lang: str, count: int, monkeypatch: Any
) -> None:
    """merge's `inconsistent` cautions: ten, then the rest counted in the words every kind's
    roll-up has (cli/_rolled.py), byte for byte."""
    monkeypatch.chdir(tmp_path)
    alice, bob = pair["alice"], pair["bob"]
    allowed_signers(tmp_path / "as", alice, bob)
    items = [f"item-{i:02d}" for i in range(count)]
    Path("a.toml").write_bytes(findings(alice, ["compliant"] * count, items=items))
    Path("b.toml").write_bytes(findings(bob, ["noncompliant"] * count, items=items))
    sign = ["--key", str(alice.key), "--signer", alice.principal]
    run = cli(
        [
            "merge",
            "a.toml",
            "b.toml",
            "-o",
            "m.toml",
            "--allowed-signers",
            "as",
            *sign,
            "--lang",
            lang,
        ]
    )
    assert (run.exit_code, run.stdout) == (0, "m.toml\n")
    told = [INCONSISTENT[lang].format(ref=f"{INSPECTION}/{item}") for item in items[:10]]
    one, many = ROLLED[lang]
    rest = count - 10
    said = (
        one.format(code="inconsistent")
        if rest == 1
        else many.format(count=rest, code="inconsistent")
    )
    counted = [f"minecheck: warning: {said}"] if rest > 0 else []
    assert run.stderr.splitlines() == told + counted
