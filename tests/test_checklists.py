"""Checklist loading, linting and the `checklists` commands."""

from __future__ import annotations

import datetime as dt
import math
import shlex
from collections.abc import Callable
from pathlib import Path

import pytest

from minecheck import paths
from minecheck.core.checklist import Edition, Reading, load_checklist, parse_checklist
from minecheck.errors import InputError
from tests.conftest import DATA, REPO, Run

INVALID = sorted((DATA / "checklists" / "invalid").glob("*.toml"))
Cli = Callable[..., Run]


# what lint hands over on stderr before its count, by the invalid checklist's name
_BOM = "tests/data/checklists/invalid/bom.toml"
_TAKE_OUT = f"mkdir -p tests/data/checklists/invalid/utf-8 && tail -c +4 {_BOM} > " + (
    "tests/data/checklists/invalid/utf-8/bom.toml"
)
_LATIN = "tests/data/checklists/invalid/not-utf8.toml"  # ("café" in Latin-1)
_CONVERT = (
    f"mkdir -p tests/data/checklists/invalid/utf-8 && iconv -f CP1252 -t UTF-8 {_LATIN} > "
    + ("tests/data/checklists/invalid/utf-8/not-utf8.toml")
)
HINTS = {
    "not-utf8": {
        "en": "  hint: it reads as Western European text (Windows-1252 or Latin-1): convert it to "
        f"UTF-8 with:\n    {_CONVERT}\n"
        "  or save it as UTF-8 (Notepad: Save as, Encoding UTF-8)\n",
        "zh": "  hint: 它可按西欧文字编码（Windows-1252 或 Latin-1）读出："
        "请用以下命令转换为 UTF-8：\n"
        f"    {_CONVERT}\n"
        "  或将其另存为 UTF-8（记事本：另存为，编码选 UTF-8）\n",
    },
    "bom": {
        "en": f"  hint: take it out with:\n    {_TAKE_OUT}\n"
        "  or save it as UTF-8 (Notepad: Save as, Encoding UTF-8)\n",
        "zh": f"  hint: 请用以下命令去掉它：\n    {_TAKE_OUT}\n"
        "  或将其另存为 UTF-8（记事本：另存为，编码选 UTF-8）\n",
    },
}


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_invalid_checklist_gives_exact_problems(
    path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    rel = path.relative_to(REPO)
    expected = path.with_suffix(".expected").read_text(encoding="utf-8")
    result = cli(["checklists", "lint", str(rel)])
    assert result.exit_code == 1
    assert result.stdout == expected
    count = len(expected.splitlines())
    counted = f"1 file checked, {count} problem{'s' if count != 1 else ''}\n"
    assert result.stderr == HINTS.get(path.stem, {}).get("en", "") + counted


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_invalid_checklist_gives_exact_problems_in_chinese(
    path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`checklists lint --lang zh` (it had no --lang, and said everything in English): each
    problem, the TOML reader's included, and the count line, in Chinese; the codes stay."""
    monkeypatch.chdir(REPO)
    rel = path.relative_to(REPO)
    expected = path.with_suffix(".expected.zh").read_text(encoding="utf-8")
    result = cli(["checklists", "lint", str(rel), "--lang", "zh"])
    assert result.exit_code == 1
    assert result.stdout == expected
    count = len(expected.splitlines())
    counted = f"已检查 1 个文件，发现 {count} 个问题\n"
    assert result.stderr == HINTS.get(path.stem, {}).get("zh", "") + counted
    english = cli(["checklists", "lint", str(rel), "--json"]).json()["problems"]
    chinese = cli(["checklists", "lint", str(rel), "--json", "--lang", "zh"]).json()["problems"]
    assert [p["code"] for p in chinese] == [p["code"] for p in english]
    assert [p["message"] for p in chinese] == [
        line.split(": ", 1)[1] for line in expected.splitlines()
    ]


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", ["duplicate section id 's'", "duplicate item id 'a'"]),
        ("zh", ["部分编号“s”重复", "条目编号“a”重复"]),
    ],
)
def test_a_duplicate_id_in_a_checklist_too_big_for_positions_is_said_without_a_line(
    lang: str, said: list[str], cli: Cli, tmp_path: Path
) -> None:
    """Past a mebibyte a checklist's keys are not placed (tomlpos.POSITIONS_MAX): a duplicate
    id is still said, in each language, without the line of the first."""
    path = tmp_path / "duplicate-ids.toml"
    duplicates = (DATA / "checklists" / "invalid" / "duplicate-ids.toml").read_text("utf-8")
    path.write_text(duplicates + "#" + "x" * (1024 * 1024) + "\n", encoding="utf-8")
    result = cli(["checklists", "lint", str(path), "--lang", lang])
    assert result.exit_code == 1
    assert result.stdout == (
        f"{path}: section[1].id: {said[0]}\n{path}: section[1].item[0].id: {said[1]}\n"
    )


def test_lint_follows_the_locale(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    for name in ("MINECHECK_LANG", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    rel = "tests/data/checklists/invalid/unknown-key.toml"
    result = cli(["checklists", "lint", rel])
    assert result.stdout.splitlines() == [
        f"{rel}:9:1: [checklist] 表中有未知的键 'colour'",
        f"{rel}:21:1: 条目“a”的表中有未知的键 'weight'",
    ]
    assert result.stderr == "已检查 1 个文件，发现 2 个问题\n"
    monkeypatch.setenv("MINECHECK_LANG", "en")
    assert cli(["checklists", "lint", rel]).stderr == "1 file checked, 2 problems\n"


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_invalid_checklist_show_exits_2_without_traceback(
    path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    result = cli(["checklists", "show", str(path.relative_to(REPO))])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1].startswith("minecheck: error: ")
    assert "\x1b" not in result.stderr


def test_escape_sequences_never_reach_the_terminal(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    result = cli(["checklists", "lint", "tests/data/checklists/invalid/escapes.toml"])
    assert "\x1b" not in result.stdout + result.stderr
    assert "\u202e" not in result.stdout + result.stderr


def test_lint_json_envelope(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    result = cli(
        ["checklists", "lint", "--json", "tests/data/checklists/invalid/major-without-basis.toml"]
    )
    assert result.exit_code == 1
    assert result.stderr == ""
    env = result.json()
    assert env["ok"] is False
    assert env["exit_code"] == 1
    assert env["command"] == "checklists lint"
    assert env["problems"] == [
        {
            "code": "missing-basis",
            "message": 'a major item must cite its clause in basis, e.g. basis = ["CMHD-5.1"]',
            "path": "tests/data/checklists/invalid/major-without-basis.toml",
            "line": 19,
            "column": 1,
            "hint": None,
        }
    ]


GRADES = """[checklist]
id = "grades"
version = "1"
title = "T"
title_zh = "标题"
purpose = "P"
purpose_zh = "目的"
applies_to = ["coal-underground"]

[[section]]
id = "s"
title = "S"
title_zh = "节"

[[section.item]]
id = "a"
question = "Q?"
question_zh = "问？"
guidance = "Look."
severity = "major"
basis = ["WSL-36"]
directives = ["D99"]

[[section.item]]
id = "b"
question = "Q?"
question_zh = "问？"
severity = "general"
basis = ["CMHD-5.99"]
"""


def test_lint_json_names_each_item_problem_by_its_code(cli: Cli, tmp_path: Path) -> None:
    """A major citing only a law, a guidance without its Chinese, an item's unknown directive
    and a situation its article lacks: each at its place, with the code scripts match on."""
    path = tmp_path / "grades.toml"
    path.write_text(GRADES, "utf-8")
    result = cli(["checklists", "lint", "--json", str(path)])
    assert (result.exit_code, result.stderr) == (1, "")
    assert [
        (p["code"], p["line"], p["column"], p["message"]) for p in result.json()["problems"]
    ] == [
        ("missing-key", 19, 1, "guidance is given but guidance_zh is missing"),
        (
            "major-not-listed",
            20,
            1,
            "a major item must cite a listed situation (CMHD-<article>.<n> or MNM-UG/OP/TP-<n>) "
            "in basis, not only WSL-36; otherwise grade it general",
        ),
        (
            "bad-value",
            22,
            15,
            "unknown directive 'D99': one of D1, D2, D3, D4, D5, D6, D7, D8, D9, D10, D11, D12, "
            "D13, D14",
        ),
        ("bad-value", 29, 10, "clause code 'CMHD-5.99' is not a situation: Art. 5 lists 3"),
    ]


# The last situation of each article of the coal criteria (DOMAIN section 1: 81 in all).
LAST_SITUATION = {4: 6, 5: 3, 6: 7, 7: 2, 8: 10, 9: 9, 10: 3, 11: 5, 12: 4}
LAST_SITUATION |= {13: 6, 14: 3, 15: 4, 16: 5, 17: 3, 18: 11}
UNKNOWN_CLAUSE = (
    "is not a known clause code (CMHD-<4..18>.<n>, MNM-UG[-n], MNM-OP[-n], MNM-TP[-n], "
    "WSL-<n>, CR24-<n>, O16[-n], HM24[-n], AP24[-n])"
)


def _one_item(path: Path, lines: str) -> Path:
    """A checklist (its id the file's stem) of one general item `a`, `lines` ending it from
    line 20."""
    path.write_text(
        GRADES.split("\n[[section.item]]")[0].replace('id = "grades"', f'id = "{path.stem}"')
        + '\n[[section.item]]\nid = "a"\nquestion = "Q?"\nquestion_zh = "问？"\n'
        f'severity = "general"\n{lines}',
        "utf-8",
    )
    return path


def _citing(path: Path, codes: list[str]) -> Path:
    """A checklist whose one (general) item cites `codes`, one a line from line 21."""
    cited = "".join(f'  "{code}",\n' for code in codes)
    return _one_item(path, f"basis = [\n{cited}]\n")


def test_every_clause_code_up_to_the_last_of_its_kind_is_known(cli: Cli, tmp_path: Path) -> None:
    """Each article's last situation (CMHD-8.10, CMHD-18.11), each metal/non-metal criteria's
    (MNM-UG-32, MNM-OP-13, MNM-TP-19), CR24's 80th article, and the widest code of each law."""
    codes = [f"CMHD-{article}.{n}" for article, n in LAST_SITUATION.items()]
    codes += ["CMHD-4.1", "MNM-UG-1", "MNM-UG-32", "MNM-OP-13", "MNM-TP-19", "MNM-UG", "MNM-TP"]
    codes += ["CR24-1", "CR24-80", "WSL-1", "WSL-999", "O16", "O16-99", "HM24-1", "AP24-99"]
    result = cli(["checklists", "lint", str(_citing(tmp_path / "known.toml", codes))])
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "1 file checked, 0 problems\n"


def test_a_clause_code_one_past_the_last_is_refused_saying_how_many_there_are(
    cli: Cli, tmp_path: Path
) -> None:
    """One situation past each article's last is said with the article's count (a major citing
    CMHD-4.7 would rest on a situation the criteria lack); a number the form cannot have is no
    clause code at all."""
    past = [f"CMHD-{article}.{n + 1}" for article, n in LAST_SITUATION.items()]
    past += ["MNM-UG-33", "MNM-OP-14", "MNM-TP-20"]
    malformed = ["CMHD-4.0", "CMHD-3.1", "CMHD-19.1", "MNM-UG-0", "MNM-UG-100", "CR24-0"]
    malformed += ["CR24-1000", "WSL-0", "WSL-1000", "O16-0", "O16-100", "AP24-100"]
    path = _citing(tmp_path / "past.toml", [*past, "CR24-81", "CR24-100", *malformed])
    result = cli(["checklists", "lint", str(path)])
    assert (result.exit_code, result.stderr) == (1, "1 file checked, 32 problems\n")
    said = [f"Art. {article} lists {n}" for article, n in LAST_SITUATION.items()]
    said += ["MNM-UG lists 32", "MNM-OP lists 13", "MNM-TP lists 19"]
    expected = [
        f"{path}:{line}:3: clause code {code!r} is not a situation: {why}"
        for line, (code, why) in enumerate(zip(past, said, strict=True), start=21)
    ]
    expected += [
        f"{path}:{line}:3: clause code {code!r} is not an article: CR24 has 80"
        for line, code in ((39, "CR24-81"), (40, "CR24-100"))
    ]
    expected += [
        f"{path}:{line}:3: clause code {code!r} {UNKNOWN_CLAUSE}"
        for line, code in enumerate(malformed, start=41)
    ]
    assert result.stdout.splitlines() == expected


def test_lint_json_gives_each_misused_reading_bound_its_code(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The codes scripts match on, at each place readings.expected names in words."""
    monkeypatch.chdir(REPO)
    result = cli(["checklists", "lint", "--json", "tests/data/checklists/invalid/readings.toml"])
    assert (result.exit_code, result.stderr) == (1, "")
    assert [(p["code"], p["line"], p["column"]) for p in result.json()["problems"]] == [
        ("bad-value", 20, 1),  # no bound
        ("bad-value", 27, 39),  # max and below
        ("bad-value", 34, 37),  # min and above
        ("bad-value", 41, 27),  # no value compliant
        ("bad-value", 48, 27),  # below = inf
        ("bad-value", 48, 40),  # above = nan
        ("bad-value", 55, 1),  # no bound
        ("unknown-key", 55, 27),
    ]


@pytest.mark.parametrize(
    "bounds",
    [
        "min = 20.0, max = 20.0",  # one value only is compliant, and it is
        "above = 18.0, max = 20.0",
        "min = 18.0, below = 20.0",
        "above = 18.0, below = 20.0",
        "min = 0.0, max = 100.0",  # a percentage's whole range
    ],
)
def test_a_reading_with_a_lower_and_an_upper_bound_lints_clean(
    cli: Cli, tmp_path: Path, bounds: str
) -> None:
    path = _one_item(tmp_path / "bounds.toml", f'reading = {{ unit = "%O2", {bounds} }}\n')
    result = cli(["checklists", "lint", str(path)])
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "1 file checked, 0 problems\n"


@pytest.mark.parametrize("bound", ["min", "above", "max", "below"])
def test_each_bound_of_a_reading_is_read_as_written(tmp_path: Path, bound: str) -> None:
    """A lower bound is as much a limit as an upper one (oxygen not below 20 %)."""
    path = _one_item(tmp_path / "bound.toml", f'reading = {{ unit = "%O2", {bound} = 20.0 }}\n')
    item = load_checklist(path).item("a")
    assert item is not None
    assert item.reading == Reading("%O2", **{bound: 20.0})


def test_a_reading_unit_is_one_line(cli: Cli, tmp_path: Path) -> None:
    """A unit is shown inside one line (`1.3 %CH4, limit ≤ 1 %CH4`): a line break in it is
    refused where it stands, as in any one-line text."""
    path = _one_item(tmp_path / "unit.toml", 'reading = { unit = "%\\nCH4", max = 1.0 }\n')
    result = cli(["checklists", "lint", str(path)])
    assert (result.exit_code, result.stderr) == (1, "1 file checked, 1 problem\n")
    assert result.stdout == (
        f"{path}:20:13: unit is one line: a line break is in it (join its lines)\n"
    )


def test_lint_missing_file_is_exit_2(cli: Cli, tmp_path: Path) -> None:
    result = cli(["checklists", "lint", str(tmp_path / "nope.toml")])
    assert result.exit_code == 2
    assert result.stderr == f"minecheck: error: {tmp_path / 'nope.toml'}: no such file\n"


def test_bundled_checklists_lint_clean(cli: Cli) -> None:
    result = cli(["checklists", "lint", str(REPO / "checklists")])
    assert result.stdout == ""
    assert result.exit_code == 0
    count = len(list((REPO / "checklists").glob("*.toml")))
    assert result.stderr == f"{count} files checked, 0 problems\n"  # no warning of their ids


REPLACES = (
    "checklist id 'illegal-production' is a bundled checklist's: among your checklists this "
    "file replaces the bundled one, and reports count the findings of both as one checklist; "
    "give it an id of its own unless it is meant to replace it"
)


def test_lint_warns_of_an_id_a_bundled_checklist_has(cli: Cli, tmp_path: Path) -> None:
    """A province's checklist that took a bundled id by mistake: valid, so exit 0, but said,
    at the id's position, before it is shipped."""
    text = (DATA / "checklists" / "valid" / "mini-check.toml").read_text(encoding="utf-8")
    path = tmp_path / "illegal-production.toml"
    path.write_text(text.replace('id = "mini-check"', 'id = "illegal-production"'), "utf-8")
    result = cli(["checklists", "lint", str(path)])
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == (
        f"minecheck: warning: {path}:2:1: {REPLACES}\n1 file checked, 0 problems\n"
    )
    envelope = cli(["checklists", "lint", "--json", str(path)]).json()
    assert envelope["ok"] is True
    warning = {
        "code": "replaces-bundled",
        "message": REPLACES,
        "path": str(path),
        "line": 2,
        "column": 1,
        "hint": None,
    }
    assert envelope["data"]["files"] == [
        {"path": str(path), "ok": True, "problems": [], "warnings": [warning]}
    ]


def test_valid_checklist_model() -> None:
    cl = load_checklist(DATA / "checklists" / "valid" / "mini-check.toml")
    assert [i.id for i in cl.items] == ["gas-check-genuine", "methane-return", "outburst-org"]
    reading = cl.items[1].reading
    assert reading is not None
    assert reading.within(1.0)
    assert not reading.within(1.01)
    assert cl.items[2].applies(frozenset({"outburst"}))
    assert not cl.items[2].applies(frozenset({"high-gas"}))
    assert cl.items[0].applies(frozenset())


def test_oversized_checklist_refused_before_parsing(tmp_path: Path, cli: Cli) -> None:
    big = tmp_path / "big.toml"
    with big.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    result = cli(["checklists", "lint", str(big)])
    assert result.exit_code == 1
    assert result.stdout == (
        f"{big}: checklist is {50 * 1024 * 1024} bytes, over the limit of 4194304 bytes\n"
    )


def test_parse_errors_collect_everything_at_once() -> None:
    with pytest.raises(InputError) as info:
        parse_checklist(b"[checklist]\nid = 3\n", "x.toml", stem="x")
    messages = [p.message for p in info.value.problems]
    assert "id must be a string" in messages
    assert "missing required key 'version' in [checklist]" in messages


def test_show_json_and_text(cli: Cli) -> None:
    path = str(DATA / "checklists" / "valid" / "mini-check.toml")
    result = cli(["checklists", "show", path, "--json"])
    assert result.exit_code == 0
    assert result.stderr == ""
    data = result.json()["data"]["checklist"]
    assert data["id"] == "mini-check"
    assert data["items"] == 3
    text = cli(["checklists", "show", path, "--lang", "zh"])
    assert "瓦斯检查是否真实" in text.stdout
    assert text.stderr == ""
    # tags stay as --tag takes them, with their meaning beside them
    assert "适用：井工煤矿（coal-underground）" in text.stdout
    assert "（适用于煤与瓦斯突出（outburst））" in text.stdout  # Chinese brackets and commas
    assert "(if outburst)" in cli(["checklists", "show", path, "--lang", "en"]).stdout


def test_every_site_tag_has_its_chinese() -> None:
    from minecheck.cli.checklists import TAGS_ZH
    from minecheck.core.checklist import TAGS

    assert set(TAGS_ZH) == set(TAGS)


def test_show_unknown_id(cli: Cli) -> None:
    result = cli(["checklists", "show", "no-such-list"])
    assert result.exit_code == 2
    assert result.stderr == (
        "minecheck: error: no checklist with id 'no-such-list'\n"
        "  hint: to see the installed checklists:\n"
        "    minecheck checklists list\n"
    )


def test_user_checklist_dir_overrides_and_lists(cli: Cli, isolated_home: Path) -> None:
    user = isolated_home / "checklists"
    user.mkdir(parents=True)
    src = DATA / "checklists" / "valid" / "mini-check.toml"
    (user / "mini-check.toml").write_bytes(src.read_bytes())
    result = cli(["checklists", "list", "--json"])
    assert result.exit_code == 0
    rows = {c["id"]: c for c in result.json()["data"]["checklists"]}
    assert rows["mini-check"]["edition"] is None
    assert rows["coal-major-hidden-dangers"]["edition"] == "MEM Order No. 4 (2020)"
    assert result.stderr == ""


def test_list_says_which_bundled_checklist_a_user_one_replaces(
    cli: Cli, isolated_home: Path
) -> None:
    user = isolated_home / "checklists"
    user.mkdir(parents=True)
    text = (DATA / "checklists" / "valid" / "mini-check.toml").read_text(encoding="utf-8")
    mine = user / "illegal-production.toml"
    mine.write_text(text.replace('id = "mini-check"', 'id = "illegal-production"'), "utf-8")
    bundled = paths.bundled_checklists_dir() / "illegal-production.toml"  # (installed or not)
    result = cli(["checklists", "list"])
    assert result.exit_code == 0
    assert result.stderr == (
        f"minecheck: warning: {mine}: replaces the bundled checklist illegal-production "
        f"({bundled})\n"
    )
    result = cli(["checklists", "list", "--lang", "zh"])
    assert result.stderr == (
        f"minecheck: warning: {mine}：取代了内置检查表 illegal-production（{bundled}）\n"
    )


# -- readings: inclusive and exclusive bounds ---------------------------------------------------


def reading(**bounds: float) -> Reading:
    return Reading(unit="%", **bounds)


@pytest.mark.parametrize(
    ("limits", "value", "inside"),
    [
        ({"max": 1.0}, 1.0, True),
        ({"max": 1.0}, 1.0000001, False),
        ({"below": 1.5}, 1.5, False),
        ({"below": 1.5}, 1.4999, True),
        ({"min": 20.0}, 20.0, True),
        ({"min": 20.0}, 19.99, False),
        ({"above": 0.0}, 0.0, False),
        ({"above": 0.0}, 0.001, True),
        ({"min": 1.0, "below": 2.0}, 1.0, True),
        ({"min": 1.0, "below": 2.0}, 2.0, False),
    ],
)
def test_reading_bounds(limits: dict[str, float], value: float, inside: bool) -> None:
    assert reading(**limits).within(value) is inside


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
@pytest.mark.parametrize(
    "limits",
    [{"max": 1.0}, {"below": 1.5}, {"min": 20.0}, {"above": 0.0}, {"min": 0.0, "max": 9.0}],
)
def test_reading_never_calls_nan_or_infinity_compliant(
    limits: dict[str, float], value: float
) -> None:
    assert not reading(**limits).within(value)


def test_reading_limits_say_which_bound() -> None:
    assert Reading("%CH4", below=1.5).limits() == "< 1.5 %CH4"
    assert Reading("%CH4", max=1.0).limits() == "≤ 1 %CH4"
    assert Reading("%O2", min=20.0).limits() == "≥ 20 %O2"
    assert Reading("x", above=0.5).limits() == "> 0.5 x"
    assert Reading("x", min=1.0, max=2.0).limits() == "1–2 x"
    assert Reading("x", min=1.0, below=2.0).limits() == "≥ 1, < 2 x"


def test_bundled_coal_methane_readings() -> None:
    coal = load_checklist(REPO / "checklists" / "coal-major-hidden-dangers.toml")
    working_place = coal.item("methane-working-place")
    face_return = coal.item("methane-return")
    assert working_place is not None
    assert face_return is not None
    assert working_place.reading is not None
    assert face_return.reading is not None
    assert not working_place.reading.within(1.5)
    assert working_place.reading.within(1.49)
    assert face_return.reading.within(1.0)
    assert not face_return.reading.within(1.01)


# -- applies_if (any of) and applies_if_all (all of) ----------------------------------------------

ITEM_HEAD = """[checklist]
id = "cond"
version = "1"
title = "T"
title_zh = "标题"
purpose = "P"
purpose_zh = "目的"
applies_to = ["coal-underground", "coal-open-pit"]

[[section]]
id = "s"
title = "S"
title_zh = "节"

[[section.item]]
id = "a"
question = "Q."
question_zh = "问。"
severity = "general"
"""


def test_applies_if_all_needs_every_tag() -> None:
    text = ITEM_HEAD + 'applies_if_all = ["coal-underground", "under-construction"]\n'
    item = parse_checklist(text.encode(), "cond.toml", stem="cond").items[0]
    assert item.applies(frozenset({"coal-underground", "under-construction"}))
    assert not item.applies(frozenset({"coal-open-pit", "under-construction"}))
    assert not item.applies(frozenset({"coal-underground"}))


def test_applies_if_and_applies_if_all_combine() -> None:
    text = ITEM_HEAD + (
        'applies_if = ["high-gas", "outburst"]\napplies_if_all = ["coal-underground"]\n'
    )
    item = parse_checklist(text.encode(), "cond.toml", stem="cond").items[0]
    assert item.applies(frozenset({"coal-underground", "outburst"}))
    assert not item.applies(frozenset({"coal-underground"}))
    assert not item.applies(frozenset({"coal-open-pit", "high-gas"}))


@pytest.mark.parametrize(
    ("lines", "words"),
    [
        ('applies_if = ["outburst"]\n', "outburst"),
        ('applies_if = ["high-gas", "outburst"]\n', "one of high-gas, outburst"),
        (
            'applies_if_all = ["coal-underground", "under-construction"]\n',
            "coal-underground and under-construction",
        ),
        (
            'applies_if = ["high-gas", "outburst"]\napplies_if_all = ["coal-underground"]\n',
            "one of high-gas, outburst, and coal-underground",
        ),
    ],
)
def test_condition_in_words(lines: str, words: str) -> None:
    item = parse_checklist((ITEM_HEAD + lines).encode(), "cond.toml", stem="cond").items[0]
    assert item.condition() == words


def test_old_checklists_still_load() -> None:
    """A checklist written before editions, exclusive bounds and applies_if_all loads unchanged."""
    cl = load_checklist(DATA / "checklists" / "valid" / "mini-check.toml")
    assert cl.edition is None
    assert cl.items[1].reading == Reading("%CH4", max=1.0)
    assert cl.items[2].applies_if_all == ()


# -- editions -----------------------------------------------------------------------------------

EDITION = """
[checklist.edition]
standard = "Criteria"
standard_zh = "判定标准"
edition = "Order No. 4 (2020)"
edition_zh = "第4号令（2020年）"
in_force = 2021-01-01
"""


def test_edition_is_loaded() -> None:
    head, rest = ITEM_HEAD.split("\n\n", 1)
    cl = parse_checklist(f"{head}\n{EDITION}\n{rest}".encode(), "cond.toml", stem="cond")
    assert cl.edition == Edition(
        "Criteria", "判定标准", "Order No. 4 (2020)", "第4号令（2020年）", dt.date(2021, 1, 1)
    )


def test_edition_problems() -> None:
    head, rest = ITEM_HEAD.split("\n\n", 1)
    bad = EDITION.replace("in_force = 2021-01-01", 'in_force = "2021"\nnote = "N"').replace(
        'edition_zh = "第4号令（2020年）"\n', ""
    )
    with pytest.raises(InputError) as info:
        parse_checklist(f"{head}\n{bad}\n{rest}".encode(), "cond.toml", stem="cond")
    assert [(p.line, p.message) for p in info.value.problems] == [
        (10, "missing required key 'edition_zh' in [checklist.edition]"),
        (14, "in_force must be a date, e.g. in_force = 2021-01-01"),
        (15, "note is given but note_zh is missing"),
    ]


def test_show_puts_the_edition_in_the_header(cli: Cli) -> None:
    zh = cli(["checklists", "show", "coal-major-hidden-dangers", "--lang", "zh"])
    assert zh.exit_code == 0
    lines = zh.stdout.splitlines()
    assert lines[0].startswith("煤矿重大事故隐患排查  coal-major-hidden-dangers ")
    assert (
        lines[1]
        == "依据：煤矿重大事故隐患判定标准 · 应急管理部令第4号（2020年） · 施行日期 2021-01-01"
    )
    assert "应急管理部令第21号" in lines[2]
    assert "逐项判定：符合 / 不符合 / 不适用" in zh.stdout
    assert "不得使用架线式电机车。" in zh.stdout
    en = cli(["checklists", "show", "coal-major-hidden-dangers", "--lang", "en"])
    assert en.stdout.splitlines()[1] == (
        "implements: Criteria for determining major hidden dangers in coal mines"
        " · MEM Order No. 4 (2020) · in force 2021-01-01"
    )
    data = cli(["checklists", "show", "coal-major-hidden-dangers", "--json"]).json()
    edition = data["data"]["checklist"]["edition"]
    assert edition["edition"] == "MEM Order No. 4 (2020)"
    assert edition["in_force"] == "2021-01-01"


def test_show_s_header_on_a_narrow_terminal_begins_with_the_title_and_no_blank_line(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 30 columns neither the title nor the id and version fit a line: each goes on lines
    of its own, not indented (they have no label), and no blank line comes before either."""
    monkeypatch.setenv("COLUMNS", "30")
    run = cli(["checklists", "show", "coal-major-hidden-dangers", "--lang", "en"])
    assert (run.exit_code, run.stderr) == (0, "")
    version = cli(["checklists", "show", "coal-major-hidden-dangers", "--json"]).json()
    lines = run.stdout.splitlines()
    assert lines[:4] == [
        "Coal mines: major",
        "hidden-danger screen",
        "coal-major-hidden-dangers",
        version["data"]["checklist"]["version"],
    ], run.stdout


def test_show_renders_file_text_literally(cli: Cli, tmp_path: Path) -> None:
    """Emoji codes in a section title or question are text, not pictures (nor markup)."""
    path = tmp_path / "cond.toml"
    text = ITEM_HEAD.replace('title = "S"', 'title = "Gas :skull: check"')
    text = text.replace('question = "Q."', 'question = "Q :fire: here."')
    path.write_text(text, encoding="utf-8")
    result = cli(["checklists", "show", str(path)])
    assert result.exit_code == 0, result.stderr
    assert "Gas :skull: check" in result.stdout
    assert "Q :fire: here." in result.stdout
    assert "\U0001f480" not in result.stdout
    assert "\U0001f525" not in result.stdout


def test_readings_recorded_with_their_bound_in_signed_findings(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Methane reaching 1.5 at a working place fails; 1.0 in a return passes; each finding keeps
    the kind of bound that judged it, and the signed file verifies."""
    import tomllib

    monkeypatch.chdir(tmp_path)
    assert cli(["keys", "generate", "--principal", "ann@mine.example", "--trust"]).exit_code == 0
    out = tmp_path / "f.toml"
    answers = (
        "[answers]\n"
        '"methane-working-place" = { reading = 1.5 }\n'
        '"methane-return" = { reading = 1.0 }\n'
        '"co-working-place" = { reading = 24 }\n'
    )
    coal = str(REPO / "checklists" / "coal-major-hidden-dangers.toml")
    args = ["inspect", coal, "--site", "Mine A", "--tag", "coal-underground", "-o", str(out)]
    run = cli([*args, "--answers", "-", "--allow-incomplete"], input=answers)
    assert run.exit_code == 0, run.stderr
    with out.open("rb") as fh:
        found = {f["item"]: f for f in tomllib.load(fh)["finding"]}
    working_place = found["methane-working-place"]
    assert working_place["result"] == "noncompliant"
    assert working_place["severity"] == "general"
    assert working_place["reading"] == {"value": 1.5, "unit": "%CH4", "below": 1.5}
    assert found["methane-return"]["result"] == "compliant"
    assert found["methane-return"]["reading"] == {"value": 1.0, "unit": "%CH4", "max": 1.0}
    assert found["co-working-place"]["result"] == "compliant"
    assert found["co-working-place"]["reading"] == {"value": 24.0, "unit": "ppm CO", "max": 24.0}
    verified = cli(["verify", "--json", str(out)]).json()
    assert verified["data"]["files"][0]["status"] == "trusted"


def test_open_pit_mine_under_construction_skips_underground_items(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tomllib

    monkeypatch.chdir(tmp_path)
    assert cli(["keys", "generate", "--principal", "ann@mine.example", "--trust"]).exit_code == 0
    out = tmp_path / "f.toml"
    coal = str(REPO / "checklists" / "coal-major-hidden-dangers.toml")
    tags = ["--tag", "coal-open-pit", "--tag", "under-construction"]
    args = ["inspect", coal, "--site", "Pit B", *tags, "-o", str(out), "--answers", "-"]
    answers = '[answers]\n"no-coal-during-construction" = "compliant"\n'
    run = cli([*args, "--allow-incomplete"], input=answers)
    assert run.exit_code == 0, run.stderr
    with out.open("rb") as fh:
        found = {f["item"]: f for f in tomllib.load(fh)["finding"]}
    for item_id in ("full-pressure-ventilation-construction", "permanent-drainage-construction"):
        assert found[item_id] == {
            "item": item_id,
            "result": "not-applicable",
            "note": "applies only to: coal-underground and under-construction",
        }
    assert found["no-coal-during-construction"]["result"] == "compliant"


def test_the_list_speaks_the_language_asked_for(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    zh = cli(["checklists", "list", "--lang", "zh"])
    assert zh.exit_code == 0
    assert zh.stdout.split()[:5] == ["编号", "版本", "条目数", "重大", "标题"]
    en = cli(["checklists", "list", "--lang", "en"])
    assert en.stdout.split()[:5] == ["ID", "VERSION", "ITEMS", "MAJOR", "TITLE"]


def test_list_names_a_broken_user_checklist_once_and_how_to_see_why(
    cli: Cli, isolated_home: Path
) -> None:
    user = isolated_home / "checklists"
    user.mkdir(parents=True)
    text = (DATA / "checklists" / "valid" / "mini-check.toml").read_text(encoding="utf-8")
    broken = user / "mini-check.toml"
    broken.write_text(text.replace('severity = "general"', 'severity = "General"'), "utf-8")
    result = cli(["checklists", "list"])
    assert result.exit_code == 0
    assert result.stderr == (
        f"minecheck: warning: {broken}: not loaded: 1 problem in the checklist; to see why:\n"
        f"  minecheck checklists lint {broken}\n"
    )


def test_a_checklist_that_cannot_be_read_is_named_once_in_either_language(
    cli: Cli, isolated_home: Path
) -> None:
    """`checklists lint` and `checklists list` name the file at the start of the line, and
    the reason after it without the file again: in Chinese the reason's own `{path}：` was kept
    (the path twice), and `list` gave the reason in English."""
    from minecheck.core.checklist import MAX_CHECKLIST_BYTES

    user = isolated_home / "checklists"
    user.mkdir(parents=True)
    big = user / "big-one.toml"
    with big.open("wb") as fh:
        fh.truncate(MAX_CHECKLIST_BYTES + 1)  # sparse: nothing is written
    size = MAX_CHECKLIST_BYTES + 1
    garbled = user / "garbled.toml"
    garbled.write_bytes(b"\xff\xfe[checklist]\n")
    for lang, said in (
        ("en", f"checklist is {size} bytes, over the limit of {MAX_CHECKLIST_BYTES} bytes"),
        ("zh", f"检查表大小为 {size} 字节，超过 {MAX_CHECKLIST_BYTES} 字节的上限"),
    ):
        run = cli(["checklists", "lint", str(big), "--lang", lang])
        assert (run.exit_code, run.stdout) == (1, f"{big}: {said}\n")
    run = cli(["checklists", "list", "--lang", "zh"])
    assert run.exit_code == 0
    assert run.stderr.splitlines() == [
        f"minecheck: warning: {big}：未加载：检查表大小为 {size} 字节，超过 "
        f"{MAX_CHECKLIST_BYTES} 字节的上限；查看原因请运行：",
        f"  minecheck checklists lint {big}",
        f"minecheck: warning: {garbled} 不是 UTF-8 文本；未加载；查看原因请运行：",
        f"  minecheck checklists lint {garbled}",
    ]
    # a reason that is a sentence about the file is said whole, the file named once
    run = cli(["checklists", "list", "--lang", "en"])
    assert run.stderr.splitlines()[2:] == [
        f"minecheck: warning: {garbled} is not UTF-8 text; not loaded; to see why:",
        f"  minecheck checklists lint {garbled}",
    ]


def test_lint_warns_of_a_chinese_text_that_has_no_chinese(cli: Cli, tmp_path: Path) -> None:
    """The English copied into question_zh as a placeholder, forgotten: the walk in Chinese
    would show it. Valid (a text may be a code), so exit 0, but said where."""
    text = (DATA / "checklists" / "valid" / "mini-check.toml").read_text(encoding="utf-8")
    text = text.replace('title_zh = "瓦斯"', 'title_zh = "Gas"').replace(
        'question_zh = "是否设有防突机构并配备专业人员？"', 'question_zh = "TODO"'
    )
    path = tmp_path / "mini-check.toml"
    path.write_text(text, encoding="utf-8")
    result = cli(["checklists", "lint", str(path)])
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == (
        f"minecheck: warning: {path}:15:1: title_zh has no Chinese character: "
        "the walk in Chinese shows it as written\n"
        f"minecheck: warning: {path}:41:1: question_zh has no Chinese character: "
        "the walk in Chinese shows it as written\n"
        "1 file checked, 0 problems\n"
    )


@pytest.mark.parametrize("limit", ["10000", "100.5", "-0.5"])
def test_lint_warns_of_a_percentage_limit_out_of_0_to_100(
    cli: Cli, tmp_path: Path, limit: str
) -> None:
    """A limit written in ppm under a % unit (10000 for 1 %): every reading would comply; just
    past either end of 0–100 is said too (0 and 100 themselves are not: see above)."""
    text = (DATA / "checklists" / "valid" / "mini-check.toml").read_text(encoding="utf-8")
    text = text.replace(
        'reading = { unit = "%CH4", max = 1.0 }', f'reading = {{ unit = "%CH4", max = {limit} }}'
    )
    path = tmp_path / "mini-check.toml"
    path.write_text(text, encoding="utf-8")
    result = cli(["checklists", "lint", str(path)])
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == (
        f"minecheck: warning: {path}:36:28: reading max {limit} is outside 0–100, but its unit "
        "%CH4 is a percentage: is the limit written in another unit?\n"
        "1 file checked, 0 problems\n"
    )
    warned = cli(["checklists", "lint", "--json", str(path)]).json()["data"]["files"][0]
    assert [(w["code"], w["line"], w["column"]) for w in warned["warnings"]] == [
        ("limit-unit", 36, 28)
    ]


def test_a_reading_without_its_unit_is_said_not_a_traceback(cli: Cli, tmp_path: Path) -> None:
    text = (DATA / "checklists" / "valid" / "mini-check.toml").read_text(encoding="utf-8")
    text = text.replace('reading = { unit = "%CH4", max = 1.0 }', "reading = { max = 1.0 }")
    path = tmp_path / "mini-check.toml"
    path.write_text(text, encoding="utf-8")
    result = cli(["checklists", "lint", "--json", str(path)])
    assert (result.exit_code, result.stderr) == (1, "")
    assert [(p["code"], p["line"], p["message"]) for p in result.json()["problems"]] == [
        ("missing-key", 36, "missing required key 'unit' in reading")
    ]


def test_lint_json_code_of_a_lower_bound_above_the_upper(cli: Cli, tmp_path: Path) -> None:
    text = (DATA / "checklists" / "valid" / "mini-check.toml").read_text(encoding="utf-8")
    text = text.replace(
        'reading = { unit = "%CH4", max = 1.0 }',
        'reading = { unit = "%CH4", above = 1.5, max = 1.0 }',
    )
    path = tmp_path / "mini-check.toml"
    path.write_text(text, encoding="utf-8")
    result = cli(["checklists", "lint", "--json", str(path)])
    assert (result.exit_code, result.stderr) == (1, "")
    assert [(p["code"], p["line"], p["message"]) for p in result.json()["problems"]] == [
        ("bad-value", 36, "reading above is greater than its max")
    ]


def test_lint_compares_a_new_version_with_the_installed_one(
    cli: Cli, tmp_path: Path, isolated_home: Path
) -> None:
    """The province edits its installed checklist: an edit without a new version, and an item id
    given to another requirement (its grade, basis or reading changed), are said."""
    user = isolated_home / "checklists"
    user.mkdir(parents=True)
    text = (DATA / "checklists" / "valid" / "mini-check.toml").read_text(encoding="utf-8")
    (user / "mini-check.toml").write_text(text, encoding="utf-8")
    edited = text.replace("Compare the gas-check board", "Compare the board")
    path = tmp_path / "mini-check.toml"
    path.write_text(edited, encoding="utf-8")
    result = cli(["checklists", "lint", str(path)])
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == (
        f"minecheck: warning: {path}:3:1: version '1' is the version of the installed "
        f"mini-check ({user / 'mini-check.toml'}), whose text differs: give a changed checklist "
        "a new version\n1 file checked, 0 problems\n"
    )
    reused = text.replace('version = "1"', 'version = "2"').replace(
        'severity = "general"\napplies_if', 'severity = "major"\nbasis = ["CMHD-6.1"]\napplies_if'
    )
    reused = reused.replace('unit = "%CH4", max = 1.0', 'unit = "m3/min", min = 100')
    path.write_text(reused, encoding="utf-8")
    result = cli(["checklists", "lint", str(path)])
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == (
        f"minecheck: warning: {path}:29:1: item 'methane-return' has another reading unit than "
        "in the installed version 1: an item id keeps its meaning from version to version "
        "(give another requirement a new id)\n"
        f"minecheck: warning: {path}:39:1: item 'outburst-org' has another grade and basis than "
        "in the installed version 1: an item id keeps its meaning from version to version "
        "(give another requirement a new id)\n"
        "1 file checked, 0 problems\n"
    )
    # three changes are a list: "grade and basis and reading" was each joined by "and"
    path.write_text(
        reused.replace(
            'basis = ["CMHD-6.1"]', 'basis = ["CMHD-6.1"]\nreading = { unit = "people", min = 5 }'
        ),
        encoding="utf-8",
    )
    for lang, said in (
        ("en", "item 'outburst-org' has another grade, basis and reading than in the installed"),
        ("zh", "条目“outburst-org”的等级、依据、读数与已安装的 1 版不同"),
    ):
        result = cli(["checklists", "lint", str(path), "--lang", lang])
        assert said in result.stderr.splitlines()[1], result.stderr
    path.write_text(text.replace('version = "1"', 'version = "2"'), encoding="utf-8")
    assert cli(["checklists", "lint", str(path)]).stderr == "1 file checked, 0 problems\n"


def test_lint_warns_of_an_item_that_can_never_apply(cli: Cli, tmp_path: Path) -> None:
    """A coal checklist's item kept for open pits only, or for non-coal mines: `inspect` takes
    only the checklist's own kinds of site, so such an item is not-applicable everywhere."""
    text = (DATA / "checklists" / "valid" / "mini-check.toml").read_text(encoding="utf-8")
    text = text.replace(
        'applies_if = ["outburst"]', 'applies_if = ["mnm-open-pit", "coal-open-pit"]'
    )
    text = text.replace(
        'evidence = "recommended"\nreading',
        'evidence = "recommended"\napplies_if = ["high-gas"]\n'
        'applies_if_all = ["coal-underground", "tailings-pond"]\nreading',
    )
    path = tmp_path / "mini-check.toml"
    path.write_text(text, encoding="utf-8")
    result = cli(["checklists", "lint", str(path)])
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == (
        f"minecheck: warning: {path}:37:1: item 'methane-return' can never apply: "
        "applies_if_all names tailings-pond, and the checklist applies to coal-underground only\n"
        f"minecheck: warning: {path}:45:1: item 'outburst-org' can never apply: "
        "applies_if names only mnm-open-pit, coal-open-pit, and the checklist applies to "
        "coal-underground only\n"
        "1 file checked, 0 problems\n"
    )


def test_list_says_which_files_it_does_not_read_as_checklists(
    cli: Cli, isolated_home: Path
) -> None:
    """Notepad saves `prov.toml.txt`; another editor `PROV.TOML`: neither is read, and the author
    is told so rather than finding the checklist missing."""
    user = isolated_home / "checklists"
    user.mkdir(parents=True)
    text = (DATA / "checklists" / "valid" / "mini-check.toml").read_bytes()
    (user / "mini-check.toml.txt").write_bytes(text)
    (user / "other.TOML").write_bytes(text)
    (user / "README.md").write_text("notes\n", encoding="utf-8")
    result = cli(["checklists", "list"])
    assert result.exit_code == 0
    assert result.stderr == (
        f"minecheck: warning: {user / 'mini-check.toml.txt'}: not read: a checklist's file "
        "name ends in .toml; skipped\n"
        f"minecheck: warning: {user / 'other.TOML'}: not read: a checklist's file name ends in "
        ".toml; skipped\n"
    )


def test_the_lint_a_broken_checklist_s_warning_hands_over_runs_for_a_name_with_a_blank(
    cli: Cli, isolated_home: Path
) -> None:
    """`checklists list` hands over `checklists lint PATH` on a line of its own, the path one
    shell word: a name with a blank, taken as typed, is the one file lint reads."""
    user = isolated_home / "checklists"
    user.mkdir(parents=True)
    broken = user / "mine a.toml"
    broken.write_bytes(b"\xc3([checklist]\n")  # (not UTF-8; `\xff\xfe` would be UTF-16's mark)
    run = cli(["checklists", "list"])
    assert run.exit_code == 0
    [command] = [each for each in run.stderr.splitlines() if each.startswith("  minecheck ")]
    words = shlex.split(command)
    assert words == ["minecheck", "checklists", "lint", str(broken)]
    linted = cli(words[1:])
    assert (linted.exit_code, linted.stdout) == (
        1,
        f"{broken}:1:1: not UTF-8: byte 0xc3 cannot be decoded\n",
    )
