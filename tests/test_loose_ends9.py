"""Loose ends, round 9: date-shaped TOML values the calendar check did not reach, the overdue
hint of `--fail-on overdue`, a Latin-1 text's conversion command."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.test_officer_month import REF, setup
from tests.test_officer_week import MONDAY, gate, week
from tests.test_stock_increment import utc

__all__ = ["setup", "utc", "week"]

SCRIPTS = Path(sys.executable).parent
CHECKLIST = str(Path(__file__).parent / "data" / "checklists" / "valid" / "mini-check.toml")
OVERDUE_ONLY = "| grep -F '\"overdue\":true'"

NOT_WRITTEN_AS_TOML = [
    (
        "at = 2026-11-30T09:00:00+25:00",
        "no offset from UTC is +25:00: an offset runs from -23:59 to +23:59, as hh:mm after + or -",
        "没有 +25:00 这样的 UTC 时差：时差为 -23:59 至 +23:59，在 + 或 - 之后写作 hh:mm",
    ),
    (
        "at = 2026-11-30T09:00:00-00:60",
        "no offset from UTC is -00:60: an offset runs from -23:59 to +23:59, as hh:mm after + or -",
        "没有 -00:60 这样的 UTC 时差：时差为 -23:59 至 +23:59，在 + 或 - 之后写作 hh:mm",
    ),
    (
        "at = 2026-11-30T09:00:60Z",
        "no time of day is 2026-11-30T09:00:60Z: hours run from 00 to 23, minutes and seconds "
        "from 00 to 59",
        "一天中没有 2026-11-30T09:00:60Z 这一时刻：时为 00 至 23，分和秒为 00 至 59",
    ),
    (
        "at = 2026-11-30T09:00:61+08:00",
        "no time of day is 2026-11-30T09:00:61+08:00: hours run from 00 to 23, minutes and "
        "seconds from 00 to 59",
        "一天中没有 2026-11-30T09:00:61+08:00 这一时刻：时为 00 至 23，分和秒为 00 至 59",
    ),
    (
        "at = 2026-1-5",
        "TOML writes 2026-1-5 as 2026-01-05",
        "TOML 中 2026-1-5 应写作 2026-01-05",
    ),
    (
        "at = 2026-11-30T9:00:00Z",
        "TOML writes 2026-11-30T9:00:00Z as 2026-11-30T09:00:00Z",
        "TOML 中 2026-11-30T9:00:00Z 应写作 2026-11-30T09:00:00Z",
    ),
    (
        "at = 2026-11-30  09:00:00Z",
        "TOML writes 2026-11-30  09:00:00Z as 2026-11-30T09:00:00Z",
        "TOML 中 2026-11-30  09:00:00Z 应写作 2026-11-30T09:00:00Z",
    ),
    (
        "at = 2026-11-30 9:00:00+08",
        "TOML writes 2026-11-30 9:00:00+08 as 2026-11-30 09:00:00+08:00",
        "TOML 中 2026-11-30 9:00:00+08 应写作 2026-11-30 09:00:00+08:00",
    ),
    (
        "at = 2026-11-30T09:00:00.Z",
        "TOML writes 2026-11-30T09:00:00.Z as 2026-11-30T09:00:00Z",
        "TOML 中 2026-11-30T09:00:00.Z 应写作 2026-11-30T09:00:00Z",
    ),
]


def _events(cli: Any, setup: dict[str, Any], line: str, lang: str) -> Any:
    (setup["work"] / "events.toml").write_text(
        f'[[event]]\nfinding = "{REF}"\naction = "rectified"\n{line}\n'
    )
    args = ["followup", "--events", "events.toml", "-o", "f.toml", *setup["sign"]]
    return cli([*args, "--lang", lang])


@pytest.mark.parametrize(
    ("line", "en", "zh"), NOT_WRITTEN_AS_TOML, ids=[line for line, _, _ in NOT_WRITTEN_AS_TOML]
)
def test_a_date_or_time_tomli_refuses_as_text_after_a_value_is_said_at_its_column(
    cli: Any, setup: dict[str, Any], line: str, en: str, zh: str
) -> None:
    """An offset past 23:59, a second of 60 or 61, a field in one digit, two spaces between the
    date and the time, a point without a fraction: the parser said "Expected newline or end of
    document after a statement" in the middle of the value (or the calendar's words only where
    it stopped in the date). Each is said at the value's column, en and zh; nothing written."""
    for lang, why, head, tail in (
        ("en", en, "invalid TOML: Invalid date or datetime: ", "is not valid TOML"),
        ("zh", zh, "TOML 格式错误：日期或时间无效：", "不是有效的 TOML"),
    ):
        run = _events(cli, setup, line, lang)
        assert (run.exit_code, run.stdout) == (2, "")
        assert run.stderr.splitlines() == [
            f"events.toml:4:6: {head}{why}",
            f"minecheck: error: events.toml {tail}",
        ]
    assert not (setup["work"] / "f.toml").exists()


@pytest.mark.parametrize(
    "line", ["at = 2026-11-30T09:00:00.1234567890Z", "at = 2026-11-30 09:00:00Z"]
)
def test_a_long_fraction_and_one_space_before_the_time_are_read(
    cli: Any, setup: dict[str, Any], line: str
) -> None:
    """TOML keeps the precision it can of a long fraction, and allows one space for the T."""
    run = _events(cli, setup, line, "en")
    assert (run.exit_code, run.stdout) == (0, "f.toml\n")


def test_a_time_of_day_no_clock_has_is_said_so(cli: Any, setup: dict[str, Any]) -> None:
    """A time of day alone (no date) is the class too; text after a date that is no part of it
    keeps the parser's words."""
    run = _events(cli, setup, "at = 24:00:00", "en")
    assert run.stderr.splitlines()[0] == (
        "events.toml:4:6: invalid TOML: Invalid date or datetime: no time of day is 24:00:00: "
        "hours run from 00 to 23, minutes and seconds from 00 to 59"
    )
    run = _events(cli, setup, "at = 2026-11-30.5", "en")
    assert run.stderr.splitlines()[0] == (
        "events.toml:4:16: invalid TOML: Expected newline or end of document after a statement"
    )


def _pasted(command: str, tmp_path: Path, given: str = "") -> list[dict[str, Any]]:
    env = {"PATH": f"{SCRIPTS}:/usr/bin:/bin", "LANG": "C.UTF-8"}
    env["MINECHECK_HOME"] = str(tmp_path / "home")
    done = subprocess.run(
        ["sh", "-c", command], env=env, capture_output=True, text=True, check=False, input=given
    )
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


@pytest.mark.usefixtures("utc")
def test_the_overdue_gate_s_command_lists_the_overdue_ones_alone(
    cli: Any, week: tuple[Path, list[str]], tmp_path: Path
) -> None:
    """`--fail-on overdue` counted 2 of 545 and handed over the export of all 545 rows, the two
    to be found by hand. Its command now gives the overdue ones alone, one JSON line each (as
    many as the gate counted); `major` and `any` keep theirs."""
    records, trust = week
    for lang, head in (("en", "  hint: to list them:"), ("zh", "  hint: 逐项列出：")):
        run = gate(cli, week, "overdue", "--as-of", MONDAY, "--lang", lang)
        assert run.exit_code == 1
        command = (
            f"TZ=UTC minecheck export {records} --allowed-signers {trust[1]} --as-of {MONDAY} "
            + OVERDUE_ONLY
        )
        assert run.stderr.splitlines()[1:] == [head, f"    {command}"]
    rows = _pasted(command, tmp_path)
    assert [(r["item"], r["overdue"]) for r in rows] == [("gas-check-genuine", True)]
    major = gate(cli, week, "major", "--as-of", MONDAY)
    assert major.stderr.splitlines()[-1].endswith(f"--as-of {MONDAY} --format csv")


@pytest.mark.usefixtures("utc")
def test_the_overdue_gate_on_a_list_of_paths_says_where_the_paths_go(
    cli: Any, week: tuple[Path, list[str]], tmp_path: Path
) -> None:
    """Paths added at the end of a command that ends in a filter go to `grep`: the hint says to
    add them after `export`, en and zh, and so pasted the command lists the overdue one."""
    records, trust = week
    said = {
        "en": "  hint: to list them, add the same paths after export in:",
        "zh": "  hint: 逐项列出：在以下命令的 export 之后加上相同的路径：",
    }
    for lang in ("en", "zh"):
        run = cli(
            [
                *("summary", "-", *trust, "--as-of", MONDAY, "--format", "csv"),
                *("--fail-on", "overdue", "--lang", lang),
            ],
            input=f"{records / 'xinxing.toml'}\n",
        )
        assert run.exit_code == 1, run.stderr
        command = f"TZ=UTC minecheck export --allowed-signers {trust[1]} --as-of {MONDAY} "
        assert run.stderr.splitlines()[-2:] == [said[lang], f"    {command}{OVERDUE_ONLY}"]
    pasted = command.replace("export ", "export - ") + OVERDUE_ONLY
    rows = _pasted(pasted, tmp_path, f"{records / 'xinxing.toml'}\n")
    assert [r["item"] for r in rows] == ["gas-check-genuine"]


def _answers_refused(cli: Any, tmp_path: Path, data: bytes, lang: str = "en") -> Any:
    (tmp_path / "a.toml").write_bytes(data)
    run = cli(["inspect", CHECKLIST, "--site", "M", "--answers", "a.toml", "--lang", lang])
    assert (run.exit_code, run.stdout) == (2, "")
    return run


WESTERN = {
    "en": [
        "  hint: it reads as Western European text (Windows-1252 or Latin-1): convert it to "
        "UTF-8 with:",
        "    iconv -f CP1252 -t UTF-8 a.toml > a.utf-8.toml",
        "  or save it as UTF-8 (Notepad: Save as, Encoding UTF-8)",
    ],
    "zh": [
        "  hint: 它可按西欧文字编码（Windows-1252 或 Latin-1）读出：请用以下命令转换为 UTF-8：",
        "    iconv -f CP1252 -t UTF-8 a.toml > a.utf-8.toml",
        "  或将其另存为 UTF-8（记事本：另存为，编码选 UTF-8）",
    ],
}
LATIN_ANSWERS = (
    '[answers]\n"gas-check-genuine" = { result = "noncompliant", description = "{word}: '
    'le registre est faux", deadline = 2026-12-20 }\n'
)


@pytest.mark.parametrize("word", ["étudiant", "Ménard", "Müller, Straße", "café"])
def test_latin_1_text_whose_letters_read_alike_in_every_western_code_page_is_told_so(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, word: str
) -> None:
    """`\\xe9tudiant` read in GB18030 as 閠udiant and was told `iconv -f GB18030`, whose file
    held a Chinese character for the two letters; `café` (the byte before a line's end, which
    GB18030 cannot read) was told nothing. Where every byte above ASCII stands alone and is a
    letter every Western code page writes alike (é, ä, ö, ü, ß...), the text is told
    Windows-1252, en and zh, and the command, run, makes the text."""
    monkeypatch.chdir(tmp_path)
    text = LATIN_ANSWERS.replace("{word}", word)
    for lang in ("en", "zh"):
        run = _answers_refused(cli, tmp_path, text.encode("cp1252"), lang)
        assert run.stderr.splitlines()[1:4] == WESTERN[lang]
        assert "GB18030" not in run.stderr
    env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
    done = subprocess.run(
        ["sh", "-c", WESTERN["en"][1].strip()], env=env, check=False, capture_output=True
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "a.utf-8.toml").read_text(encoding="utf-8") == text


@pytest.mark.parametrize("word", ["Françoise", "Noël à Sète", "señal"])
def test_latin_text_whose_letters_differ_between_code_pages_gets_no_command(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, word: str
) -> None:
    """ç, è, à and ñ are other letters in Central European or Baltic code pages: which one the
    file was saved in cannot be told, so no command is given (GB18030's neither)."""
    monkeypatch.chdir(tmp_path)
    run = _answers_refused(cli, tmp_path, LATIN_ANSWERS.replace("{word}", word).encode("cp1252"))
    assert "iconv" not in run.stderr
    assert run.stderr.splitlines()[1] == "minecheck: error: a.toml is not UTF-8 text"


def test_chinese_text_in_gb18030_is_still_told_gb18030(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """(A guard: Chinese text, its bytes above ASCII in pairs, keeps its command.)"""
    monkeypatch.chdir(tmp_path)
    data = LATIN_ANSWERS.replace("{word}", "检查记录").encode("gb18030")
    run = _answers_refused(cli, tmp_path, data)
    assert "  hint: it reads as GB18030 text: convert it to UTF-8 with:" in run.stderr
