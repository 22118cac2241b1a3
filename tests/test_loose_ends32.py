"""Loose ends 32: a result cache off for a reason no `chmod` mends is said with what the user can
do; another user's cache names its owner; `site-codes-alike` says what tells the codes apart and
shortens a very long code; `show` of a merged file gives each hidden danger's description and
clause from the sources that record it."""

from __future__ import annotations

import json
import os
import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from minecheck.core.sanitize import shell_word
from tests.helpers_merge import Who, findings
from tests.test_loose_ends27 import ALICE, _alike, people
from tests.test_mutated92 import COMMANDS, every_kind_with_a_cache

__all__ = ["people"]  # the fixture

UNUSABLE = {
    "en": (
        "minecheck: warning: the result cache is off for this run: {path} cannot be used "
        "({reason})",
        "  hint: if this is said again, remove {word} (the next run makes the cache anew), or "
        "pass --no-cache to go without it",
    ),
    "zh": (
        "minecheck: warning: 本次运行未使用结果缓存：{path} 无法使用（{reason}）",
        "  hint: 如果再次出现此提示，请删除 {word}（下次运行会重新建立缓存），"
        "或加上 --no-cache 不使用缓存",
    ),
}
THEIRS = {
    "en": (
        "minecheck: warning: the result cache is off: {path} belongs to another user, {owner}; "
        "every run reads every file again",
        "  hint: move {word} away; the next run makes the cache anew",
    ),
    "zh": (
        "minecheck: warning: 结果缓存已停用：{path} 属于另一个用户 {owner}；"
        "每次运行都会重新读取全部文件",
        "  hint: 请将 {word} 移走；下次运行会重新建立缓存",
    ),
}


def _said_beside(cli: Any, args: list[str], lines: tuple[str, ...]) -> None:
    """Each of two runs says `lines` once, between what `--no-cache` says; stdout and exit code
    as `--no-cache`'s; `--json` gives it as `cache-off`."""
    plain = cli([*args, "--no-cache"])
    for _ in range(2):
        run = cli(args)
        assert (run.exit_code, run.stdout) == (plain.exit_code, plain.stdout)
        said = run.stderr.splitlines()
        at = said.index(lines[0])
        assert said[at + 1] == lines[1]
        assert said[:at] + said[at + 2 :] == plain.stderr.splitlines()
    enveloped = json.loads(cli([*args, "--json"]).stdout)
    off = [p["message"] for p in enveloped["problems"] if p["code"] == "cache-off"]
    assert off == [lines[0].split(": ", 2)[2]]
    assert enveloped["exit_code"] == plain.exit_code


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_damaged_cache_that_cannot_be_made_anew_is_said_with_what_to_do(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str, lang: str
) -> None:
    """A cache file that is no database and cannot be deleted (a read-only mount, a file made
    immutable): every run was cold and said nothing."""
    from minecheck.report.cache import ResultCache

    home, docs = every_kind_with_a_cache(tmp_path, monkeypatch)
    cache = home / "cache" / "results.sqlite3"
    cache.parent.mkdir(parents=True, mode=0o700)
    cache.write_bytes(b"not a database " * 100)
    os.chmod(cache, 0o600)
    monkeypatch.setattr(ResultCache, "_discard", lambda self: None)
    said = tuple(
        s.format(path=cache, word=shell_word(cache), reason="file is not a database")
        for s in UNUSABLE[lang]
    )
    name, *rest = COMMANDS[command]
    _said_beside(cli, [name, str(docs), *rest, "--lang", lang], said)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_io_error_is_said_with_what_to_do(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """SQLite fails to read a sound file (a failing disk): off, and said, with the reason."""
    from minecheck.report.cache import ResultCache

    home, docs = every_kind_with_a_cache(tmp_path, monkeypatch)
    cache = home / "cache" / "results.sqlite3"

    def failing(self: ResultCache) -> sqlite3.Connection:
        error = sqlite3.OperationalError("disk I/O error")
        error.sqlite_errorcode = sqlite3.SQLITE_IOERR
        raise error

    monkeypatch.setattr(ResultCache, "_connect", failing)
    said = tuple(
        s.format(path=cache, word=shell_word(cache), reason="disk I/O error")
        for s in UNUSABLE[lang]
    )
    name, *rest = COMMANDS["summary"]
    _said_beside(cli, [name, str(docs), *rest, "--lang", lang], said)


def test_a_damaged_cache_made_anew_says_nothing(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A damaged cache file minecheck can delete is made anew: nothing to say."""
    home, docs = every_kind_with_a_cache(tmp_path, monkeypatch)
    cache = home / "cache" / "results.sqlite3"
    cache.parent.mkdir(parents=True, mode=0o700)
    cache.write_bytes(b"not a database " * 100)
    os.chmod(cache, 0o600)
    name, *rest = COMMANDS["summary"]
    args = [name, str(docs), *rest]
    plain = cli([*args, "--no-cache"])
    run = cli(args)
    assert (run.exit_code, run.stdout, run.stderr) == (plain.exit_code, plain.stdout, plain.stderr)


def test_a_value_found_damaged_mid_run_and_not_deleted_is_said(tmp_path: Path) -> None:
    """A database error met after opening (a damaged page) deletes the file for the next run; a
    file that stays (it cannot be deleted) is said, as no next run would mend it."""
    from minecheck.report.cache import ResultCache, ToMend, take_to_mend

    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    path = folder / "results.sqlite3"
    take_to_mend()
    opened = ResultCache(path, "v")
    opened._failed(sqlite3.DatabaseError("database disk image is malformed"))
    assert take_to_mend() is None  # deleted: the next run makes it anew
    opened = ResultCache(path, "v")
    opened._discard = lambda: None  # type: ignore[method-assign]
    opened._failed(sqlite3.DatabaseError("database disk image is malformed"))
    assert take_to_mend() == ToMend("unusable", path, "database disk image is malformed")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_another_users_cache_names_its_owner(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """The cache folder is another user's (a run under sudo made it root's): the warning names
    the owner, who can tell the user where it came from; the hint stays `move it away` (a
    rename needs rights over the folder that holds it, not over the cache: no `sudo`)."""
    import pwd

    home, docs = every_kind_with_a_cache(tmp_path, monkeypatch)
    folder = home / "cache"
    folder.mkdir(parents=True, mode=0o700)
    owner = pwd.getpwuid(folder.stat().st_uid).pw_name
    real = os.getuid()
    monkeypatch.setattr(os, "getuid", lambda: real + 4242)
    said = tuple(s.format(path=folder, word=shell_word(folder), owner=owner) for s in THEIRS[lang])
    name, *rest = COMMANDS["export"]
    _said_beside(cli, [name, str(docs), *rest, "--lang", lang], said)


def test_an_owner_without_a_name_is_named_by_number(tmp_path: Path) -> None:
    from minecheck.report.cache import ToMend, _in_the_way

    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    if os.getuid() != 0:
        pytest.skip("giving a folder to a user id that has no name needs root")
    os.chown(folder, 54321, -1)
    assert _in_the_way(folder / "results.sqlite3") == ToMend("another-user", folder, "54321")


# -- site-codes-alike -------------------------------------------------------------------------

UNSEEN_SAID = {
    "en": "minecheck: warning: site codes {codes} differ only in letter case, in full-width forms "
    "or in characters not seen at their ends ({characters}): reports count them as 2 sites, and "
    "do not see separate inspections or repeat majors across them\n"
    "  hint: write each site's code one way in every inspection of it\n",
    "zh": "minecheck: warning: 单位编码 {codes} 仅大小写、全角半角或首尾不可见字符"
    "（{characters}）不同："
    "报告将其计为 2 个单位，看不到它们之间的分次检查和重复重大隐患\n"
    "  hint: 同一单位的每次检查请用同一写法填写其编码\n",
}
JOINED = {"en": ", ", "zh": "、"}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(
    ("code", "shown", "characters"),
    [
        ("HLJ-0001\x1f", "'HLJ-0001\\u001f'", ["\\u001f"]),  # (a unit separator: str.strip's)
        ("HLJ-0001\x85", "'HLJ-0001\\u0085'", ["\\u0085"]),  # (next line, C1)
        ("\u200bHLJ-0001", "'\\u200bHLJ-0001'", ["\\u200b"]),  # (a zero-width space, pasted)
        ("HLJ-0001\ufeff ", "'HLJ-0001\\ufeff '", ["\\ufeff"]),  # (a byte-order mark, a blank)
    ],
)
def test_codes_apart_by_characters_not_seen_at_their_ends_say_which(
    tmp_path: Path,
    people: dict[str, Who],
    cli: Any,
    lang: str,
    code: str,
    shown: str,
    characters: list[str],
) -> None:
    """`site-codes-alike` called a unit separator or a next-line at a code's end a blank (a
    zero-width space or a byte-order mark there was not seen as alike at all): the characters
    are named, as the terminal shows them."""
    files, trust = _alike(tmp_path, people, code)
    run = cli(["summary", *files, *trust, "--lang", lang])
    shown_as = {"HLJ-0001": "'HLJ-0001'", code: shown}
    codes = JOINED[lang].join(shown_as[c] for c in sorted(shown_as))
    said = UNSEEN_SAID[lang].format(codes=codes, characters=JOINED[lang].join(characters))
    assert (run.exit_code, run.stderr) == (0, said)
    problem = json.loads(cli(["summary", *files, *trust, "--json"]).stdout)["problems"]
    assert [p["code"] for p in problem] == ["site-codes-alike"]


def test_codes_apart_by_blanks_at_their_ends_are_still_said_as_blanks(
    tmp_path: Path, people: dict[str, Who], cli: Any
) -> None:
    files, trust = _alike(tmp_path, people, "HLJ-0001\u3000")
    run = cli(["summary", *files, *trust, "--lang", "en"])
    assert "in blanks at their ends:" in run.stderr


LONG = {
    "en": "minecheck: warning: site codes {a}, {b} differ only in letter case, in full-width "
    "forms or in blanks at their ends: reports count them as 2 sites, and do not see separate "
    "inspections or repeat majors across them\n"
    "  hint: write each site's code one way in every inspection of it\n",
    "zh": "minecheck: warning: 单位编码 {a}、{b} 仅大小写、全角半角或首尾空白不同："
    "报告将其计为 2 个单位，看不到它们之间的分次检查和重复重大隐患\n"
    "  hint: 同一单位的每次检查请用同一写法填写其编码\n",
}
MORE = {"en": "'{head}…' ({count} more characters)", "zh": "'{head}…'（另有 {count} 个字符）"}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("report", ["summary", "merge"])
def test_a_very_long_code_is_shortened_where_it_is_shown_and_whole_in_json(
    tmp_path: Path, people: dict[str, Who], cli: Any, lang: str, report: str
) -> None:
    """Two spellings of a code of 5,000 characters: the line said both whole (10,000
    characters and more), and the terminal's cut took the rest of the message and the
    second code. Each is shown to 64 characters and the rest counted; `--json` keeps them."""
    code = "HLJ-" + "0" * 4996
    other = code.replace("HLJ", "Hlj")
    files, trust = _alike(tmp_path, people, code)
    (tmp_path / "docs" / "alice.toml").write_bytes(findings(people["alice"], ALICE, site_id=other))
    coord = people["coord"]
    signing = ["--key", str(coord.key), "--signer", coord.principal]
    args = {
        "summary": ["summary", *files, *trust],
        "merge": ["merge", *files, "-o", str(tmp_path / "m.toml"), *trust, *signing, "--force"],
    }[report]
    run = cli([*args, "--lang", lang])
    cut = sorted([other, code])
    a, b = (MORE[lang].format(head=c[:64], count=len(c) - 64) for c in cut)
    assert (run.exit_code, run.stderr) == (0, LONG[lang].format(a=a, b=b))
    problems = json.loads(cli([*args, "--json"]).stdout)["problems"]
    assert [p["code"] for p in problems] == ["site-codes-alike"]
    assert all(c in problems[0]["message"] for c in cut)


def test_export_says_no_site_codes_alike(tmp_path: Path, people: dict[str, Who], cli: Any) -> None:
    """Decided: export writes each row's code as the file gives it and counts nothing by site;
    summary and merge, which count and join by site, say it (see the decisions)."""
    files, trust = _alike(tmp_path, people)
    run = cli(["export", *files, *trust, "--format", "csv"])
    assert (run.exit_code, run.stderr) == (0, "")


# -- show of a merged file --------------------------------------------------------------------


def _merged_show(cli: Any, tmp_path: Path, lang: str) -> list[str]:
    """`show` of a merged file of Alice's and Bob's findings of one joint inspection: Alice
    finds the gas over its limit (a major, two clauses, a description with an escape in it),
    Bob finds it too with his own words and no clause, and the fan Alice alone finds wanting.
    The lines (right-stripped) of stdout; nothing on stderr, exit 0."""
    from minecheck.core.documents import Finding
    from tests.helpers_merge import allowed_signers, findings_of, make_merged, person, store_for

    alice, bob = person(tmp_path, "alice"), person(tmp_path, "bob")
    gas = Finding(
        "gas-overlimit",
        "noncompliant",
        severity="major",
        basis=("CMHD-5.2", "CMHD-18.6"),
        description="Work went on after methane passed 1.5 % \x1b[31m",
        location="Face 3101",
    )
    fan = Finding("ventilation-airflow", "noncompliant", severity="general")
    a = findings_of(alice, [gas, fan], "6f1c2d3e-0000-4000-8000-00000000000a")
    bobs = Finding("gas-overlimit", "noncompliant", severity="general", description="CH4 1.6 %")
    b = findings_of(
        bob,
        [bobs, Finding("ventilation-airflow", "compliant")],
        "6f1c2d3e-0000-4000-8000-00000000000b",
    )
    merged = tmp_path / "m.toml"
    merged.write_bytes(make_merged(alice, [a, b], store_for(alice, bob)))
    trust = allowed_signers(tmp_path / "allowed_signers", alice, bob)
    run = cli(["show", str(merged), "--allowed-signers", str(trust), "--lang", lang])
    assert (run.exit_code, run.stderr) == (0, "")
    return [line.rstrip() for line in run.stdout.split("Sources")[0].splitlines()]


FOUND_SAID = {
    "en": [
        "Demo mine (HLJ-0001)",
        "alice@coal.example: Work went on after methane passed 1.5 % \\u001b[31m",
        "Clause: CMHD-5.2, CMHD-18.6",
        "bob@coal.example: CH4 1.6 %",
    ],
    "zh": [
        "Demo mine（HLJ-0001）",
        "alice@coal.example：Work went on after methane passed 1.5 % \\u001b[31m",
        "依据条款：CMHD-5.2、CMHD-18.6",
        "bob@coal.example：CH4 1.6 %",
    ],
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_show_of_a_merged_file_gives_each_inspectors_description_and_clause(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """The combined table gave a hidden danger's grade (major) and each inspector's answer,
    but not what was found nor the clause a major rests on, while `show` of each source gave
    both. The merged file holds them in its signed sources: under the finding and its mine,
    each inspector's description (named by its signer, in `by`'s order) and the clause it
    cites, escaped as the source's own `show` gives them; an inspector who recorded neither
    (Alice's fan) adds no line."""
    monkeypatch.setenv("COLUMNS", "200")
    lines = _merged_show(cli, tmp_path, lang)
    first = [re.split(r"\s{2,}", line.strip())[0] for line in lines]
    gas = next(i for i, cell in enumerate(first) if cell.endswith("/gas-overlimit"))
    assert first[gas + 1 : gas + 5] == FOUND_SAID[lang]
    fan = next(i for i, cell in enumerate(first) if cell.endswith("/ventilation-airflow"))
    assert first[fan + 1 : fan + 3] == [FOUND_SAID[lang][0], ""]
