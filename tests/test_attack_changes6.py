"""Found by an attacker on the day's changes: the export of events read by the documented
DuckDB lines, principals that pass as naming someone, paths named on standard input."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import duckdb
import pytest

from tests.test_export_events import CLOSING_SQL, STOCK_SQL, _run, _summary
from tests.test_stock_increment import Story, _at, utc  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent
GUIDES = ("docs/formats.md", "docs/guide-monthly-report.md", "docs/guide-monthly-report.zh.md")
# how each text makes the table `ev` from the CSV export of events
CREATE_EV = re.compile(r"CREATE TABLE ev AS FROM read_csv\('events\.csv'[^)]*\)")


def _creates() -> list[tuple[str, str]]:
    found = [
        (name, m.group(0))
        for name in GUIDES
        for m in CREATE_EV.finditer((ROOT / name).read_text(encoding="utf-8"))
    ]
    assert {name for name, _ in found} == set(GUIDES)
    return found


def _numbered(tmp_path: Path) -> Story:
    """Majors whose item ids read as numbers (1.1, 1.10: a checklist numbered by clause):
    1.1 closed in December, 1.10 rectified and still open, 2 open."""
    s = Story(tmp_path)
    items = ("1.1", "1.10", "2")
    a = s.found("a", _at(11, 3), ["noncompliant"] * 3, items=items)
    s.closed(f"{a}/1.1", _at(12, 4))
    s.event(f"{a}/1.10", "rectified", _at(12, 6))
    return s


@pytest.mark.usefixtures("utc")
def test_item_ids_that_read_as_numbers_are_counted_apart_by_the_documented_csv_read(
    cli: Any, tmp_path: Path
) -> None:
    s = _numbered(tmp_path)
    day = "2025-12-20"
    summary = _summary(cli, s, day)
    (closing,) = summary["closing"]
    assert (closing["closed"], closing["ever_closed"]) == (1, 1)
    stock = summary["stock"]
    expected = tuple(stock[k] for k in ("stock", "cleared", "increment", "increment_open"))
    assert expected == (3, 1, 0, 0)
    out = tmp_path / "events.csv"
    run = _run(cli, s, "--rows", "events", "--format", "csv", "--as-of", day, "-o", str(out))
    assert run.exit_code == 0, run.stderr
    for name, create in _creates():
        con = duckdb.connect()
        con.execute(create.replace("'events.csv'", "?"), [str(out)])
        items = con.execute("SELECT DISTINCT CAST(item AS VARCHAR) FROM ev ORDER BY 1").fetchall()
        assert items == [("1.1",), ("1.10",), ("2",)], name
        got = con.execute(CLOSING_SQL).fetchall()
        assert [(r[0], r[1], r[4]) for r in got] == [("major", 1, 1)], name
        first = dt.date(2025, 12, 1)
        assert con.execute(STOCK_SQL, {"first": first}).fetchone() == expected, name


# --- a principal field that passes for naming someone but matches no signer's name ---


@pytest.fixture
def a_key(cli: Any) -> Path:
    run = cli(["keys", "generate", "--principal", "alice@example.org", "--json"])
    assert run.exit_code == 0, run.stdout
    return Path(run.json()["data"]["public_key_path"])


# a signer's name is lowercase (`--principal` refuses capitals as no pattern at all; a line
# given with --from was taken), patterns match case as written, and a Cyrillic a (U+0430) in
# a pattern matches no ASCII name
@pytest.mark.parametrize(
    "principal", ["*@X.ORG", "Wang.*@hlj.example", "x?", "*,!*", "*@ex\u0430mple.org"]
)
def test_a_line_from_a_file_whose_pattern_matches_no_signer_is_refused(
    cli: Any, a_key: Path, isolated_home: Path, tmp_path: Path, principal: str
) -> None:
    key = " ".join(a_key.read_text().split()[:2])
    lines = tmp_path / "lines"
    lines.write_text(f"b@x.org {key}\n{principal} {key}\n")
    trusted = isolated_home / "allowed_signers"
    before = trusted.read_bytes() if trusted.exists() else None
    run = cli(["trust", "add", "--json", "--from", str(lines)])
    assert run.exit_code == 2, run.stdout
    [problem] = run.json()["problems"]
    assert (problem["code"], problem["path"]) == ("principals", str(lines))
    assert (trusted.read_bytes() if trusted.exists() else None) == before
    zh = cli(["trust", "add", "--lang", "zh", "--from", str(lines)])
    assert zh.exit_code == 2
    assert zh.stderr == (
        f"minecheck: error: {lines}：{principal!r} 不指向任何可签名的人："
        "此密钥签署的文件都不会被计入\n"
        "  hint: 请写明签名人（wang.wei@hlj.example），或能匹配签名人的模式"
        "（*@hlj.example,!zhao.gang@hlj.example）\n"
    )


SOMEONE = [
    "*",
    "*@*",
    "?*",
    "wang.*@hlj.example",
    "*.wei@*",
    "*@x.org,!a*@x.org",
    "*@x.org,!a@x.org,!b@x.org,!@x.org",
    "?@x.org",
    "a@x.org",
]


@pytest.mark.parametrize("principal", SOMEONE)
def test_a_pattern_some_signer_can_match_is_still_taken(
    cli: Any, a_key: Path, principal: str
) -> None:
    run = cli(["trust", "add", "--json", "--principal", principal, "--key", str(a_key)])
    assert run.exit_code == 0, run.stdout


# --- a pattern that matches every signer's name: trusted as asked, and said ---

ANYONE_EN = (
    "{given} matches every signer's name: a document this key signs counts whichever signer it "
    "names, one trusted for another key too"
)
ANYONE_HINT_EN = "name the signer, or its domain (*@hlj.example), unless that is meant"
ANYONE_ZH = (
    "minecheck: warning: {given} 匹配任何签名人的名字：此密钥签署的文件无论写明哪位签名人都会"
    "被计入，已为其他密钥信任的签名人也不例外\n"
    "  hint: 除非确有此意，请写明签名人或其域（*@hlj.example）\n"
)


@pytest.mark.parametrize("principal", ["*", "*@*", "?*", "*@?*", "*,!nobody@x.org"])
def test_a_pattern_that_matches_every_name_is_trusted_and_said(
    cli: Any, a_key: Path, isolated_home: Path, principal: str
) -> None:
    run = cli(["trust", "add", "--json", "--principal", principal, "--key", str(a_key)])
    assert run.exit_code == 0, run.stdout
    problems = run.json()["problems"]
    assert [(p["code"], p["message"], p["hint"]) for p in problems] == [
        ("anyone", ANYONE_EN.format(given=principal), ANYONE_HINT_EN)
    ]
    assert (isolated_home / "allowed_signers").read_text().startswith(f"{principal} ")
    (isolated_home / "allowed_signers").unlink()
    zh = cli(["trust", "add", "--lang", "zh", "--principal", principal, "--key", str(a_key)])
    assert zh.exit_code == 0
    warning, trusting = zh.stderr.split("\n  hint: ")[0], zh.stderr.splitlines()[-1]
    assert zh.stderr.startswith(ANYONE_ZH.format(given=principal)), warning
    assert trusting.endswith(f"签名身份 {principal}")


@pytest.mark.parametrize("principal", ["*@hlj.example", "*.*@*", "wang.*@*", "a@x.org"])
def test_a_pattern_limited_to_some_names_is_not_said_to_match_everyone(
    cli: Any, a_key: Path, principal: str
) -> None:
    run = cli(["trust", "add", "--json", "--principal", principal, "--key", str(a_key)])
    assert run.exit_code == 0, run.stdout
    assert run.json()["problems"] == []


def test_a_line_from_a_file_that_matches_everyone_is_said_with_its_file(
    cli: Any, a_key: Path, tmp_path: Path
) -> None:
    key = " ".join(a_key.read_text().split()[:2])
    lines = tmp_path / "lines"
    lines.write_text(f"b@x.org {key}\n*@* {key}\n")
    run = cli(["trust", "add", "--json", "--from", str(lines)])
    assert run.exit_code == 0, run.stdout
    [problem] = run.json()["problems"]
    assert (problem["code"], problem["message"]) == ("anyone", ANYONE_EN.format(given="*@*"))


# --- a FIFO listed on standard input (a shared archive's `find ... | minecheck CMD -`) ---

MINECHECK = Path(sys.executable).parent / "minecheck"
LISTING = ["verify", "summary", "export", "show", "merge"]


def _listed(tmp_path: Path, command: str, names: bytes, lang: str = "en") -> Any:
    extra = ["-o", str(tmp_path / "out.toml")] if command == "merge" else []
    env = {**os.environ, "MINECHECK_HOME": str(tmp_path / "home"), "LANG": "C.UTF-8"}
    return subprocess.run(
        [str(MINECHECK), command, "--lang", lang, "-", *extra],
        input=names,
        capture_output=True,
        cwd=tmp_path,
        env=env,
        timeout=20,
        check=False,
    )


@pytest.mark.parametrize("command", LISTING)
def test_a_fifo_listed_on_stdin_is_refused_at_once_not_waited_for(
    tmp_path: Path, command: str
) -> None:
    os.mkfifo(tmp_path / "x.toml")  # nobody will ever write to it
    run = _listed(tmp_path, command, b"x.toml\n")
    assert run.returncode == 2, run.stderr
    assert run.stdout == b""
    assert run.stderr.decode() == (
        "minecheck: error: x.toml: not a regular file (a FIFO): a path listed on standard "
        "input is read only as a file or a directory\n"
        "  hint: take it out of the list (find ... -type f), or name it on the command line "
        "to read it as it is\n"
    )
    assert not (tmp_path / "out.toml").exists()
    zh = _listed(tmp_path, command, b"x.toml\n", "zh")
    assert zh.returncode == 2
    assert zh.stderr.decode().startswith(
        "minecheck: error: x.toml：不是普通文件（命名管道）："
        "标准输入上列出的路径只作为文件或目录读取\n"
    )


# --- `--json` after `--` names a file, also where the error is the top level's ---


def _words(tmp_path: Path, *args: str) -> Any:
    env = {**os.environ, "MINECHECK_HOME": str(tmp_path / "home"), "LANG": "C.UTF-8"}
    env.pop("MINECHECK_LANG", None)
    return subprocess.run(
        [str(MINECHECK), *args], capture_output=True, cwd=tmp_path, env=env, timeout=20, check=False
    )


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (
            ["--lang=zh", "show", "--", "--json"],
            "minecheck: error: --lang 应写在命令名之后：minecheck show --lang ...\n"
            "  hint: minecheck show --help\n",
        ),
        (
            ["--lang", "zh", "merge", "-o", "m.toml", "--", "--json"],
            "minecheck: error: --lang 应写在命令名之后：minecheck merge --lang ...\n"
            "  hint: minecheck merge --help\n",
        ),
        (
            ["--", "--json", "show"],
            "minecheck: error: No such command '--json'.\n  hint: minecheck --help\n",
        ),
    ],
)
def test_json_after_the_double_dash_asks_for_no_envelope_at_the_top_level(
    tmp_path: Path, args: list[str], said: str
) -> None:
    run = _words(tmp_path, *args)
    assert (run.returncode, run.stdout, run.stderr.decode()) == (2, b"", said)


def test_json_before_the_command_still_asks_for_the_envelope(tmp_path: Path) -> None:
    run = _words(tmp_path, "--json", "show", "--", "x.toml")
    assert run.returncode == 2
    assert json.loads(run.stdout)["problems"][0]["message"] == (
        "--json goes after the command's name: minecheck show --json ..."
    )
