"""A checklist as it is read: the rules of its readings, clause codes and warnings, each as a
checklist author or an inspector meets them (`checklists lint`, `inspect --answers`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import DATA, REPO
from tests.test_inspect_scripted import (
    GAS,
    METHANE,
    NOT_USED,
    OUTBURST,
    Cli,
    answers,
    refused,
    work,
)

__all__ = ["work"]  # the fixture, used by name

MINI = DATA / "checklists" / "valid" / "mini-check.toml"
READING = 'reading = { unit = "%CH4", max = 1.0 }'  # line 36 of mini-check.toml


def mini_with(tmp_path: Path, old: str, new: str) -> Path:
    text = MINI.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "mini-check.toml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


# -- a reading's bounds and unit ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("reading", "column", "english", "chinese"),
    [
        (
            'unit = "%CH4", min = 5.0, max = 1.0',
            28,
            "reading min is greater than its max",
            "reading 的 min 大于其 max",
        ),
        (
            'unit = "%CH4", above = 1.0, below = 0.5',
            28,
            "reading above is greater than its below",
            "reading 的 above 大于其 below",
        ),
        (
            'unit = "%CH4", above = 1.0, below = 1.0',
            28,
            "reading above and below leave no value compliant",
            "reading 的 above 与 below 使任何读数都不符合",
        ),
        (
            'unit = "%CH4", min = 1.0, below = 1.0',
            28,
            "reading min and below leave no value compliant",
            "reading 的 min 与 below 使任何读数都不符合",
        ),
        (
            'unit = "%CH4", above = 1.0, max = 1.0',
            28,
            "reading above and max leave no value compliant",
            "reading 的 above 与 max 使任何读数都不符合",
        ),
        ('unit = "", max = 1.0', 13, "unit must not be empty", "unit 不能为空"),
        ('unit = "  ", max = 1.0', 13, "unit must not be empty", "unit 不能为空"),
    ],
)
def test_a_reading_no_value_can_meet_or_without_a_unit_is_refused(
    cli: Cli, tmp_path: Path, reading: str, column: int, english: str, chinese: str
) -> None:
    """A lower bound above the upper one (or one that leaves no value) would grade every
    reading non-compliant; a reading without a unit says nothing of what was measured."""
    path = mini_with(tmp_path, READING, f"reading = {{ {reading} }}")
    for lang, said, tail in (
        ("en", english, "1 file checked, 1 problem\n"),
        ("zh", chinese, "已检查 1 个文件，发现 1 个问题\n"),
    ):
        result = cli(["checklists", "lint", "--lang", lang, str(path)])
        assert (result.exit_code, result.stdout) == (1, f"{path}:36:{column}: {said}\n")
        assert result.stderr == tail
    shown = cli(["checklists", "show", str(path)])
    assert (shown.exit_code, shown.stdout) == (2, "")
    assert f"{path}:36:{column}: {english}" in shown.stderr


@pytest.mark.parametrize(
    "reading",
    [
        'unit = "%CH4", min = 1.0, max = 1.0',  # exactly one value passes
        'unit = "%CH4", above = 0.5, below = 1.0',
        'unit = "%CH4", min = 0.0',
        'unit = "%CH4", below = 100.0',
        'unit = "ppm", max = 500.0',  # not a percentage: no limit-unit warning
    ],
)
def test_a_reading_some_value_can_meet_is_clean(cli: Cli, tmp_path: Path, reading: str) -> None:
    path = mini_with(tmp_path, READING, f"reading = {{ {reading} }}")
    result = cli(["checklists", "lint", str(path)])
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        "",
        "1 file checked, 0 problems\n",
    )


# -- texts that should be Chinese --------------------------------------------------------------


def test_a_header_or_edition_text_without_chinese_is_warned_of(cli: Cli, tmp_path: Path) -> None:
    """Every `*_zh` text, not only an item's: the checklist's own and its edition's are shown
    in the walk and in `checklists show --lang zh`."""
    edition = (
        '\n[checklist.edition]\nstandard = "Criteria"\nstandard_zh = "Criteria"\n'
        'edition = "No. 4"\nedition_zh = "第4号令"\n'
    )
    path = mini_with(tmp_path, 'references = ["CMHD"]\n', f'references = ["CMHD"]\n{edition}')
    text = path.read_text(encoding="utf-8").replace(
        'purpose_zh = "用于测试的两项检查表。"', 'purpose_zh = "TODO"'
    )
    path.write_text(text, encoding="utf-8")
    result = cli(["checklists", "lint", str(path)])
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == (
        f"minecheck: warning: {path}:7:1: purpose_zh has no Chinese character: the walk in "
        "Chinese shows it as written\n"
        f"minecheck: warning: {path}:14:1: standard_zh has no Chinese character: the walk in "
        "Chinese shows it as written\n"
        "1 file checked, 0 problems\n"
    )


def test_a_checklist_over_a_mebibyte_names_each_warnings_line(cli: Cli, tmp_path: Path) -> None:
    """Lint places every warning of a large checklist, as it places those that compare it with
    another checklist: a file of thousands of items is where a line is needed most."""
    path = mini_with(tmp_path, 'title_zh = "小检查"', 'title_zh = "Mini"')
    with path.open("a", encoding="utf-8") as out:
        out.write("# an author's notes\n" * 60_000)  # 1.2 MB
    assert path.stat().st_size > 1024 * 1024
    for args in (["--lang", "en"], ["--lang", "zh"]):
        result = cli(["checklists", "lint", *args, "--json", str(path)])
        assert result.exit_code == 0
        [warning] = result.json()["data"]["files"][0]["warnings"]
        assert (warning["code"], warning["line"], warning["column"]) == ("no-chinese", 5, 1)
    result = cli(["checklists", "lint", str(path)])
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == (
        f"minecheck: warning: {path}:5:1: title_zh has no Chinese character: the walk in "
        "Chinese shows it as written\n1 file checked, 0 problems\n"
    )


# -- texts of one line and texts of several -----------------------------------------------------


def test_guidance_may_span_lines_and_a_question_may_not(cli: Cli, tmp_path: Path) -> None:
    """Guidance and purpose are paragraphs; a question or a title is one line in the walk."""
    guidance = 'guidance = "Compare the gas-check board with the monitoring record."'
    path = mini_with(tmp_path, guidance, 'guidance = "Compare the board.\\nThen the record."')
    text = path.read_text(encoding="utf-8").replace(
        'guidance_zh = "对照瓦斯检查牌板与监控记录。"', 'guidance_zh = "对照牌板。\\n再对照记录。"'
    )
    path.write_text(
        text.replace('purpose_zh = "用于测试的两项检查表。"', 'purpose_zh = "用于测试。\\n两项。"'),
        encoding="utf-8",
    )
    result = cli(["checklists", "lint", str(path)])
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        "",
        "1 file checked, 0 problems\n",
    )
    path.write_text(text.replace('title_zh = "瓦斯"', 'title_zh = "瓦\\n斯"'), encoding="utf-8")
    result = cli(["checklists", "lint", str(path)])
    assert (result.exit_code, result.stdout) == (
        1,
        f"{path}:15:1: title_zh is one line: a line break is in it (join its lines)\n",
    )


def test_both_guidances_are_read(cli: Cli) -> None:
    result = cli(["checklists", "show", "--json", str(MINI)])
    items = result.json()["data"]["checklist"]["sections"][0]["items"]
    assert (items[0]["guidance"], items[0]["guidance_zh"]) == (
        "Compare the gas-check board with the monitoring record.",
        "对照瓦斯检查牌板与监控记录。",
    )


# -- sections ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "said"),
    [
        ('id = "gas"\n', "", "12:3: missing required key 'id' in section"),
        (
            'title_zh = "瓦斯"\n',
            'title_zh = "瓦斯"\n\n[[section]]\nid = "empty"\ntitle = "E"\ntitle_zh = "空"\n',
            "12:3: missing required key 'item' in section 'gas'",
        ),
    ],
)
def test_a_section_without_its_id_or_items_is_one_problem(
    cli: Cli, tmp_path: Path, old: str, new: str, said: str
) -> None:
    """(The section added after the first takes the first's items: TOML gives each
    `[[section.item]]` to the section above it.)"""
    path = mini_with(tmp_path, old, new)
    result = cli(["checklists", "lint", str(path)])
    assert (result.exit_code, result.stdout) == (1, f"{path}:{said}\n")


def test_a_checklist_that_is_not_a_table_is_said(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "mini-check.toml"
    path.write_text('checklist = "mini"\n', encoding="utf-8")
    result = cli(["checklists", "lint", str(path)])
    assert (result.exit_code, result.stdout, result.stderr) == (
        1,
        f"{path}: missing required key 'section' in the checklist file\n"
        f"{path}:1:1: checklist must be a table\n",
        "1 file checked, 2 problems\n",
    )


# -- the file's name --------------------------------------------------------------------------


def test_a_checklist_id_other_than_its_file_name_is_refused(cli: Cli, tmp_path: Path) -> None:
    """`inspect prov` finds `prov.toml`: a file whose id is another name could never be found
    by the name it is kept under."""
    path = tmp_path / "mini-chek.toml"
    path.write_bytes(MINI.read_bytes())
    for lang, said, tail in (
        (
            "en",
            "checklist id 'mini-check' differs from the file name 'mini-chek'",
            "1 file checked, 1 problem\n",
        ),
        (
            "zh",
            "检查表编号 'mini-check' 与文件名 'mini-chek' 不同",
            "已检查 1 个文件，发现 1 个问题\n",
        ),
    ):
        result = cli(["checklists", "lint", "--lang", lang, str(path)])
        assert (result.exit_code, result.stdout, result.stderr) == (
            1,
            f"{path}:2:1: {said}\n",
            tail,
        )
    other = tmp_path / "mini-check.txt"  # not a .toml name: no name to compare
    other.write_bytes(MINI.read_bytes())
    result = cli(["checklists", "lint", str(other)])
    assert (result.exit_code, result.stdout) == (0, "")


# -- against the installed and the bundled checklists ------------------------------------------

NEW_ITEM = """
[[section.item]]
id = "gas-drainage"
question = "Is gas drained where the standard asks for it?"
question_zh = "是否按规定抽采瓦斯？"
severity = "general"
"""


def test_a_new_version_that_adds_an_item_is_clean(
    cli: Cli, tmp_path: Path, isolated_home: Path
) -> None:
    """An item the installed version lacks is new, not reused: nothing to compare it with."""
    user = isolated_home / "checklists"
    user.mkdir(parents=True)
    text = MINI.read_text(encoding="utf-8")
    (user / "mini-check.toml").write_text(text, encoding="utf-8")
    path = tmp_path / "mini-check.toml"
    path.write_text(text.replace('version = "1"', 'version = "2"') + NEW_ITEM, encoding="utf-8")
    result = cli(["checklists", "lint", str(path)])
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        "",
        "1 file checked, 0 problems\n",
    )


def test_an_item_given_a_reading_in_a_new_version_is_said(
    cli: Cli, tmp_path: Path, isolated_home: Path
) -> None:
    """A yes/no item turned into a measured one is another requirement under the same id."""
    user = isolated_home / "checklists"
    user.mkdir(parents=True)
    text = MINI.read_text(encoding="utf-8")
    (user / "mini-check.toml").write_text(text, encoding="utf-8")
    path = tmp_path / "mini-check.toml"
    edited = text.replace('version = "1"', 'version = "2"').replace(
        'applies_if = ["outburst"]',
        'applies_if = ["outburst"]\nreading = { unit = "m", min = 2.0 }',
    )
    path.write_text(edited, encoding="utf-8")
    result = cli(["checklists", "lint", str(path)])
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == (
        f"minecheck: warning: {path}:39:1: item 'outburst-org' has another reading than in the "
        "installed version 1: an item id keeps its meaning from version to version (give another "
        "requirement a new id)\n1 file checked, 0 problems\n"
    )
    warned = cli(["checklists", "lint", "--json", str(path)]).json()["data"]["files"][0]
    assert [(w["code"], w["line"]) for w in warned["warnings"]] == [("item-reused", 39)]


def test_a_copy_of_a_bundled_checklist_byte_for_byte_takes_no_id(
    cli: Cli, tmp_path: Path, isolated_home: Path
) -> None:
    """The source tree's checklists beside an installed package's are the bundled ones: a
    byte-for-byte copy (here in the user's own folder too) is not another checklist taking
    the id; one byte changed, it is."""
    bundled = REPO / "checklists" / "illegal-production.toml"
    user = isolated_home / "checklists"
    user.mkdir(parents=True)
    (user / bundled.name).write_bytes(bundled.read_bytes())
    copy = tmp_path / bundled.name
    copy.write_bytes(bundled.read_bytes())
    for path in (copy, user / bundled.name, bundled):
        result = cli(["checklists", "lint", str(path)])
        assert (result.exit_code, result.stdout, result.stderr) == (
            0,
            "",
            "1 file checked, 0 problems\n",
        )
    copy.write_bytes(bundled.read_bytes() + b"\n")
    result = cli(["checklists", "lint", "--json", str(copy)])
    assert result.exit_code == 0
    warned = result.json()["data"]["files"][0]["warnings"]
    assert [w["code"] for w in warned] == ["replaces-bundled", "same-version"]


# -- clause codes an inspector gives -----------------------------------------------------------


@pytest.mark.parametrize("code", ["CMHD-x.1", "CMHD-5.x", "CR24-x", "MNM-UG-x", "CMHD-5"])
def test_a_malformed_clause_code_in_answers_is_said_not_a_traceback(
    cli: Cli, work: Path, code: str
) -> None:
    """A basis typed by the inspector is checked for its form before its range is looked up."""
    text = answers(
        f'"{GAS}" = "compliant"',
        f'"{METHANE}" = {{ reading = 0.5 }}',
        f'"{OUTBURST}" = {{ result = "noncompliant", description = "none", severity = "major",'
        f' basis = ["CMHD-7.1", "{code}"] }}',
    )
    said = (
        f"basis {code!r} names no clause of the criteria or the laws (CMHD-<article>.<n>, "
        "MNM-UG-<n>, MNM-OP-<n>, MNM-TP-<n>, WSL-<n>, CR24-<n>, O16, HM24, AP24)"
    )
    refused(cli, work, text, f"<stdin>:4:1: {OUTBURST}: {said}\n" + NOT_USED, "--tag", "outburst")
