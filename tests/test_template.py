"""`minecheck checklists template`: an answers file that loads, with each item's facts."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import pytest

from minecheck.cli.template import toml_comment
from minecheck.core.checklist import Reading, load_checklist
from minecheck.paths import bundled_checklists_dir
from tests.conftest import DATA, Run

ALICE = "alice@mine.example"
MINI = DATA / "checklists" / "valid" / "mini-check.toml"
COAL = "coal-major-hidden-dangers"


class Cli(Protocol):
    def __call__(self, args: Sequence[str], input: str | bytes | None = None) -> Run: ...


def answers(text: str) -> dict[str, Any]:
    table: dict[str, Any] = tomllib.loads(text)["answers"]
    return table


def test_mini_template_exactly(cli: Cli) -> None:
    run = cli(["checklists", "template", str(MINI), "--lang", "en"])
    assert run.exit_code == 0, run.stderr
    assert run.stderr == ""
    assert run.stdout == (
        "# Answers for mini-check 1: Mini check\n"
        "# Site tags: coal-underground. 2 items apply.\n"
        "# Replace each 'not-checked' with compliant, noncompliant or not-applicable,\n"
        "# or give a reading item its value: { reading = 1.3 } (the limit decides).\n"
        '# A noncompliant answer is a table: { result = "noncompliant", description = "...", '
        'location = "...", deadline = 2026-12-20, evidence = ["ev/1.jpg"] }\n'
        f"# Use it with: minecheck inspect {MINI} --site NAME --tag coal-underground "
        "--answers FILE\n"
        "\n"
        "# inspect refuses these answers under another checklist or version:\n"
        'checklist = "mini-check"\n'
        'version = "1"\n'
        "\n"
        "[answers]\n"
        "\n"
        "# == Gas (gas)\n"
        "\n"
        "# Are gas checks done and genuine?\n"
        "# grade: major; basis: CMHD-5.1; evidence: recommended\n"
        '"gas-check-genuine" = "not-checked"\n'
        "\n"
        "# Methane in the working-face return airflow (%)\n"
        "# grade: major; basis: CMHD-5.2; reading: %CH4, ≤ 1 %CH4; evidence: recommended\n"
        '"methane-return" = "not-checked"\n'
        "\n"
        "# Not applicable to these tags (recorded as not-applicable without asking):\n"
        "#   outburst-org\n"
    )


def test_tags_decide_the_items_and_chinese_comments(cli: Cli) -> None:
    run = cli(["checklists", "template", str(MINI), "--tag", "outburst", "--lang", "zh"])
    assert run.exit_code == 0, run.stderr
    assert list(answers(run.stdout)) == ["gas-check-genuine", "methane-return", "outburst-org"]
    assert "# 瓦斯检查是否真实、无漏检假检？\n" in run.stdout
    assert "# 等级：重大（major）；依据：CMHD-5.1；佐证：建议提供（recommended）\n" in run.stdout
    assert "不适用" not in run.stdout


def test_every_applicable_item_of_a_bundled_checklist(cli: Cli) -> None:
    cl = load_checklist(bundled_checklists_dir() / f"{COAL}.toml")
    tags = {"coal-underground", "high-gas"}
    run = cli(["checklists", "template", COAL, "--tag", "coal-underground", "--tag", "high-gas"])
    assert run.exit_code == 0, run.stderr
    expected = [item.id for item in cl.items if item.applies(tags)]
    assert 0 < len(expected) < len(cl.items)
    assert list(answers(run.stdout)) == expected
    # every item line is preceded by its facts: grade, and the reading limit where there is one
    lines = run.stdout.splitlines()
    for item in cl.items:
        if item.id not in expected:
            assert f"#   {item.id}" in lines
            continue
        facts = lines[lines.index(f'"{item.id}" = "not-checked"') - 1]
        assert facts.startswith(f"# grade: {item.severity}; ")
        assert facts.endswith(f"evidence: {item.evidence}")
        if item.reading is not None:
            assert f"reading: {item.reading.unit}, {item.reading.limits()}" in facts


def test_filled_template_is_a_valid_answers_file(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli(["keys", "generate", "--principal", ALICE, "--trust"]).exit_code == 0
    args = ["--tag", "coal-underground", "--tag", "high-gas"]
    template = cli(["checklists", "template", COAL, *args]).stdout
    cl = load_checklist(bundled_checklists_dir() / f"{COAL}.toml")

    # a value within each reading's limits (the limits themselves count as within)
    def within(r: Reading) -> float:
        if r.min is not None:
            return r.min
        if r.max is not None:
            return r.max
        if r.below is not None:
            return r.below / 2
        assert r.above is not None
        return r.above + 1

    readings = {item.id: within(item.reading) for item in cl.items if item.reading is not None}
    assert readings

    # as printed, it loads: every applicable item recorded not-checked
    (tmp_path / "blank.toml").write_text(template, encoding="utf-8")
    run = cli(["inspect", COAL, "--site", "Mine A", *args, "--answers", "blank.toml"])
    assert run.exit_code == 0, run.stderr
    blank = tomllib.loads(Path(run.stdout.strip()).read_text(encoding="utf-8"))
    results = {f["item"]: f["result"] for f in blank["finding"]}
    assert set(results.values()) == {"not-checked", "not-applicable"}
    assert {i for i, r in results.items() if r == "not-checked"} == set(answers(template))

    # filled in: results for the plain items, a reading within the limit for the reading items
    required = {item.id for item in cl.items if item.evidence == "required"}

    def fill(match: re.Match[str]) -> str:
        item = match.group(1)
        reason = ', evidence_reason = "seen on site"' if item in required else ""
        if item in readings:
            return f'"{item}" = {{ reading = {readings[item]}{reason} }}'
        return f'"{item}" = {{ result = "compliant"{reason} }}'

    filled = re.sub(r'^"([a-z0-9.-]+)" = "not-checked"$', fill, template, flags=re.M)
    (tmp_path / "filled.toml").write_text(filled, encoding="utf-8")
    out = tmp_path / "filled-findings.toml"
    run = cli(
        ["inspect", COAL, "--site", "Mine A", *args, "--answers", "filled.toml", "-o", str(out)]
    )
    assert run.exit_code == 0, run.stderr
    assert run.stdout == f"{out}\n"
    doc = tomllib.loads(out.read_text(encoding="utf-8"))
    for finding in doc["finding"]:
        if finding["item"] in answers(template):
            assert finding["result"] == "compliant", finding
    verified = cli(["verify", str(out)])
    assert verified.exit_code == 0, verified.stderr


def test_json_envelope_carries_the_template(cli: Cli) -> None:
    plain = cli(["checklists", "template", str(MINI), "--lang", "en"])
    run = cli(["checklists", "template", str(MINI), "--lang", "en", "--json"])
    assert run.exit_code == 0
    assert run.stderr == ""
    data = run.json()["data"]
    assert data["template"] == plain.stdout
    assert data["site_tags"] == ["coal-underground"]
    assert [i["id"] for i in data["items"]] == ["gas-check-genuine", "methane-return"]
    assert data["items"][1]["reading"] == {
        "unit": "%CH4",
        "min": None,
        "max": 1.0,
        "above": None,
        "below": None,
    }
    assert data["not_applicable"] == ["outburst-org"]


def test_json_template_keeps_a_limit_the_reading_may_not_reach(cli: Cli) -> None:
    """Methane reaching 1.5 % at a working place is a breach: the bound is `below`, and a
    script reading the template must see it (it was dropped, the limit shown as none)."""
    run = cli(["checklists", "template", COAL, "--tag", "coal-underground", "--json"])
    assert run.exit_code == 0, run.stderr
    readings = {i["id"]: i["reading"] for i in run.json()["data"]["items"]}
    assert readings["methane-working-place"] == {
        "unit": "%CH4",
        "min": None,
        "max": None,
        "above": None,
        "below": 1.5,
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            [str(MINI), "--tag", "gassy"],
            "minecheck: error: unknown tag 'gassy'\n",
        ),
        (
            [COAL],
            "minecheck: error: which kind of site is this? coal-major-hidden-dangers applies to "
            "coal-underground, coal-open-pit\n"
            "  hint: pass one of them with --tag, e.g. --tag coal-underground\n",
        ),
        (
            [str(MINI), "--tag", "tailings-pond"],
            "minecheck: error: mini-check does not apply to tailings-pond sites\n"
            "  hint: it applies to coal-underground\n",
        ),
        (
            ["no-such-checklist"],
            "minecheck: error: no checklist with id 'no-such-checklist'\n"
            "  hint: to see the installed checklists:\n    minecheck checklists list\n",
        ),
        # a typo names what was meant
        (
            [str(MINI), "--tag", "outbrust"],
            "minecheck: error: unknown tag 'outbrust'; did you mean outburst?\n",
        ),
        (
            ["coal-major-hidden-dangrs"],
            "minecheck: error: no checklist with id 'coal-major-hidden-dangrs'; did you mean "
            "coal-major-hidden-dangers?\n",
        ),
    ],
)
def test_bad_input_is_a_usage_error(cli: Cli, args: list[str], message: str) -> None:
    run = cli(["checklists", "template", *args])
    assert run.exit_code == 2
    assert run.stdout == ""
    assert run.stderr.startswith(message)


def test_text_cannot_break_out_of_a_comment() -> None:
    # the checklist loader refuses these characters; the template does not rely on it
    nasty = 'Genuine?\n"x" = "compliant"\r\u2028\u0085[answers2]'
    line = toml_comment(nasty)
    assert line == '# Genuine?\\u000a"x" = "compliant"\\u000d\\u2028\\u0085[answers2]'
    assert tomllib.loads(f"[answers]\n{line}\n") == {"answers": {}}


def test_chinese_comments_list_with_chinese_punctuation(cli: Cli) -> None:
    """A Chinese template listed basis codes and tags with ", " and put a section's id in
    half-width brackets."""
    tags = ["--tag", "coal-underground", "--tag", "high-gas"]
    run = cli(["checklists", "template", "rectification-quality", *tags, "--lang", "zh"])
    assert run.exit_code == 0, run.stderr
    assert "# 场所标签：coal-underground、high-gas。" in run.stdout
    assert "# == 治理方案与治理期间管控（plan-and-control）\n" in run.stdout
    assert "# 等级：一般（general）；依据：WSL-41、O16；佐证：必须提供（required）\n" in run.stdout
    english = cli(["checklists", "template", "rectification-quality", "--tag", "coal-underground"])
    assert "basis: WSL-41, O16;" in english.stdout


@pytest.mark.parametrize(
    "command", [["checklists", "template"], ["inspect", "--site", "x"]], ids=lambda c: c[0]
)
def test_the_kinds_of_site_listed_in_chinese(cli: Cli, command: list[str]) -> None:
    """A Chinese error listed the kinds of site with ", "."""
    run = cli([*command, COAL, "--lang", "zh"])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.startswith(
        "minecheck: error: 这是哪类场所？coal-major-hidden-dangers 适用于 "
        "coal-underground、coal-open-pit\n"
    )
    tags = ["--tag", "tailings-pond", "--tag", "government"]
    wrong = cli([*command, str(MINI), *tags, "--lang", "zh"])
    assert wrong.stderr.startswith(
        "minecheck: error: mini-check 不适用于 tailings-pond、government 场所\n"
    )


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("en", "# Site tags: coal-underground. 1 item applies.\n"),
        ("zh", "# 场所标签：coal-underground。适用条目 1 项。\n"),
    ],
)
def test_one_applicable_item_is_said_in_the_singular(
    cli: Cli, tmp_path: Path, lang: str, line: str
) -> None:
    text = MINI.read_text(encoding="utf-8")
    one = tmp_path / "mini-check.toml"  # only its first item: the others cut off
    one.write_text(text[: text.index('[[section.item]]\nid = "methane-return"')], encoding="utf-8")
    run = cli(["checklists", "template", str(one), "--lang", lang])
    assert run.exit_code == 0, run.stderr
    assert run.stdout.splitlines(keepends=True)[1] == line


def test_an_item_that_names_no_evidence_asks_for_none(cli: Cli) -> None:
    """`evidence` left out of an item means none is asked for, and the template says so."""
    args = ["checklists", "template", str(MINI), "--tag", "coal-underground", "--tag", "outburst"]
    en = cli([*args, "--lang", "en"]).stdout.splitlines()
    zh = cli([*args, "--lang", "zh"]).stdout.splitlines()
    at = en.index('"outburst-org" = "not-checked"')
    assert en[at - 1] == "# grade: general; evidence: none"
    assert (
        zh[zh.index('"outburst-org" = "not-checked"') - 1]
        == "# 等级：一般（general）；佐证：不要求（none）"
    )
    run = cli([*args, "--json"])
    assert [i["evidence"] for i in run.json()["data"]["items"]] == [
        "recommended",
        "recommended",
        "none",
    ]


@pytest.mark.parametrize(
    ("lang", "lines"),
    [
        (
            "en",
            [
                "# Evidence 'required' is needed whatever the result: "
                '{ result = "compliant", evidence = ["ev/2.jpg"] },',
                '# or the reason there is none: { result = "compliant", evidence_reason = "..." }',
            ],
        ),
        (
            "zh",
            [
                "# 佐证为“必须提供”的条目，无论结论如何都要给出佐证："
                '{ result = "compliant", evidence = ["ev/2.jpg"] }，',
                '# 或写明没有佐证的原因：{ result = "compliant", evidence_reason = "..." }',
            ],
        ),
    ],
)
def test_a_template_with_required_evidence_shows_how_a_compliant_answer_gives_it(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, lines: list[str]
) -> None:
    """Items whose evidence is required need it when compliant too: the template says how, and
    each of its two forms, put as the answer, is taken (a compliant "compliant" alone is not)."""
    monkeypatch.chdir(tmp_path)
    assert cli(["keys", "generate", "--principal", ALICE, "--trust"]).exit_code == 0
    text = MINI.read_text(encoding="utf-8").replace('"recommended"', '"required"', 1)
    (tmp_path / "mini-check.toml").write_text(text, encoding="utf-8")
    template = cli(["checklists", "template", "mini-check.toml", "--lang", lang]).stdout
    assert template.splitlines()[5:7] == lines
    (tmp_path / "ev").mkdir()
    (tmp_path / "ev" / "2.jpg").write_bytes(b"photo")
    plain = '"gas-check-genuine" = "not-checked"'
    for line, taken in ((lines[0], True), (lines[1], True), ("= compliant", False)):
        form = re.search(r"\{.*\}|\"compliant\"", line.replace("= compliant", '"compliant"'))
        assert form is not None
        answer = template.replace(plain, f'"gas-check-genuine" = {form.group(0)}')
        answer = answer.replace(
            '"methane-return" = "not-checked"', '"methane-return" = { reading = 0.5 }'
        )
        (tmp_path / "a.toml").write_text(answer, encoding="utf-8")
        run = cli(["inspect", "mini-check.toml", "--site", "Mine A", "--answers", "a.toml"])
        assert (run.exit_code == 0) is taken, run.stderr
    # a checklist with no required evidence says nothing of it
    assert "required" not in cli(["checklists", "template", str(MINI)]).stdout


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_required_evidence_of_an_item_the_tags_leave_out_is_not_taught(
    cli: Cli, tmp_path: Path, lang: str
) -> None:
    """The lines on required evidence are for the items the answers file asks for: an item
    that requires evidence but does not apply to the tags given is no line of the file, and
    the template says nothing of its evidence; with its tag it asks for it."""
    text = MINI.read_text(encoding="utf-8").replace(
        'applies_if = ["outburst"]', 'applies_if = ["outburst"]\nevidence = "required"', 1
    )
    checklist = tmp_path / "mini-check.toml"
    checklist.write_text(text, encoding="utf-8")
    without = cli(["checklists", "template", str(checklist), "--lang", lang])
    assert without.exit_code == 0, without.stderr
    assert '"outburst-org"' not in "".join(answers(without.stdout))
    plain = cli(["checklists", "template", str(MINI), "--lang", lang])
    assert without.stdout == plain.stdout.replace(str(MINI), str(checklist))
    tagged = ["checklists", "template", str(checklist), "--tag", "outburst", "--lang", lang]
    told = cli(tagged).stdout.splitlines()
    said = "Evidence 'required' is needed" if lang == "en" else "佐证为“必须提供”的条目"
    assert [line for line in told if said in line] != []
