"""Found by a county checklist author: writing a checklist of one's own and reporting on it."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from pathlib import Path

import pexpect
import pytest

from minecheck.core.checklist import DIRECTIVES, SITE_KINDS, STANDARDS, TAGS, Reading
from minecheck.report.render import render
from minecheck.report.summary import DIMENSIONS, summarize
from minecheck.session.rules import AnswerError, parse_reading
from tests.conftest import Run
from tests.summary_corpus import AS_OF, KNOWN, KNOWN_DOCUMENTS, KNOWN_REJECTED
from tests.test_inspect_pty import REVIEW_PROMPT, Terminal, line


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("by", DIMENSIONS)
def test_a_group_table_names_each_column_once(by: str, lang: str) -> None:
    """`summary --by item --lang zh` headed its table `| 条目 | 条目 | 隐患 |`: the item and the
    count of checklist items were one word, and a reader could not tell which column was which."""
    summary = summarize(
        KNOWN, as_of=AS_OF, by=(by,), documents=KNOWN_DOCUMENTS, rejected=KNOWN_REJECTED
    )
    md = render(summary, "md", lang)
    headers = [line for line in md.splitlines() if line.startswith("| ") and "---" not in line]
    group_header = next(h for h in headers if h.count("|") > 10)
    cells = [cell.strip() for cell in group_header.strip("|").split("|")]
    assert len(cells) == len(set(cells)), group_header
    html = render(summary, "html", lang)
    for row in re.findall(r"<thead>(.*?)</thead>", html, flags=re.S):
        names = [
            re.sub(r"<[^>]+>", "", c).strip()
            for c in re.findall(r"<th[^>]*>.*?</th>", row, flags=re.S)
        ]
        assert len(names) == len(set(names)), names


# The head of a county's winter checklist (8 lines): each test adds its sections.
HEAD = """\
[checklist]
id = "hlj-winter"
version = "2026.1"
title_zh = "冬季“三防”专项检查"
title = "Winter campaign"
purpose_zh = "冬季检查防火、防冻、防废弃巷道瓦斯积聚。"
purpose = "Winter checks."
applies_to = ["coal-underground"]
"""

HEADER = (
    HEAD.replace('["coal-underground"]', '["coal"]')
    + """\
directives = ["D15"]
references = ["CR24", "煤矿安全规程"]

[[section]]
id = "fire"
title_zh = "防火"
title = "Fire"

[[section.item]]
id = "w-fire-heaters"
question_zh = "井口房不得使用明火取暖。"
question = "No open-flame heating in shaft-top buildings."
severity = "general"
applies_if = ["winter"]
"""
)

Cli = Callable[..., Run]
KINDS = ", ".join(SITE_KINDS)
KINDS_ZH = "、".join(SITE_KINDS)
TAG_LIST = ", ".join(TAGS)
TAG_LIST_ZH = "、".join(TAGS)
DIRS = ", ".join(DIRECTIVES)
DIRS_ZH = "、".join(DIRECTIVES)
STDS = ", ".join(STANDARDS)
STDS_ZH = "、".join(STANDARDS)


@pytest.mark.parametrize(
    ("lang", "lines"),
    [
        (
            "en",
            [
                f"hlj-winter.toml:8:15: unknown site kind 'coal': one of {KINDS}",
                f"hlj-winter.toml:9:15: unknown directive 'D15': one of {DIRS}",
                f"hlj-winter.toml:10:23: unknown standard '煤矿安全规程': one of {STDS}",
                f"hlj-winter.toml:22:15: unknown site tag 'winter': one of {TAG_LIST}",
            ],
        ),
        (
            "zh",
            [
                f"hlj-winter.toml:8:15: 未知的场所类型 'coal'：可用的有 {KINDS_ZH}",
                f"hlj-winter.toml:9:15: 未知的部署要求 'D15'：可用的有 {DIRS_ZH}",
                f"hlj-winter.toml:10:23: 未知的标准 '煤矿安全规程'：可用的有 {STDS_ZH}",
                f"hlj-winter.toml:22:15: 未知的场所标签 'winter'：可用的有 {TAG_LIST_ZH}",
            ],
        ),
    ],
)
def test_an_unknown_code_is_told_with_the_codes_there_are(
    lang: str, lines: list[str], cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A county author naming the province's own standard in `references`, or a tag of the
    campaign's own (`winter`), read "unknown standard '煤矿安全规程'" and nothing of what lint
    knows: a close code was named ("did you mean"), a far one left the author to guess."""
    monkeypatch.chdir(tmp_path)
    Path("hlj-winter.toml").write_text(HEADER, encoding="utf-8")
    result = cli(["checklists", "lint", "hlj-winter.toml", "--lang", lang])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == lines


OWN_CLAUSE = (
    HEAD
    + """\

[[section]]
id = "closed"
title_zh = "废弃巷道瓦斯"
title = "Gas in closed-down workings"

[[section.item]]
id = "w-closed-seal"
question_zh = "废弃巷道已按规定封闭。"
question = "Closed-down workings are sealed as required."
severity = "general"
basis = ["HLJ-W-3", "cmhd-6.1", "CMHD-19.1"]
"""
)


@pytest.mark.parametrize(
    ("lang", "own", "typed"),
    [
        (
            "en",
            "hlj-winter.toml:20:10: clause code 'HLJ-W-3' is no code of a standard minecheck "
            "knows (CMHD, MNM-UG, MNM-OP, MNM-TP, WSL, CR24, O16, HM24, AP24): basis cites "
            "those only, which reports count by; cite a rule of your own in the item's guidance",
            "clause code {code} is not a known clause code (CMHD-<4..18>.<n>, MNM-UG[-n], "
            "MNM-OP[-n], MNM-TP[-n], WSL-<n>, CR24-<n>, O16[-n], HM24[-n], AP24[-n])",
        ),
        (
            "zh",
            "hlj-winter.toml:20:10: 条款代码“HLJ-W-3”不属于 minecheck 所知的标准（CMHD、MNM-UG、"
            "MNM-OP、MNM-TP、WSL、CR24、O16、HM24、AP24）：basis 只引用这些条款，报告按它们统计；"
            "本地规定的条款请写在条目的 guidance 中",
            "条款代码{code}不是已知的条款代码（CMHD-<4..18>.<n>、MNM-UG[-n]、MNM-OP[-n]、"
            "MNM-TP[-n]、WSL-<n>、CR24-<n>、O16[-n]、HM24[-n]、AP24[-n]）",
        ),
    ],
)
def test_a_clause_of_ones_own_is_told_where_it_goes(
    lang: str,
    own: str,
    typed: str,
    cli: Cli,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A county author citing the campaign notice's own clause (`HLJ-W-3`) in `basis` was told
    only which code forms lint knows, as if the code were mistyped: the author learns that
    basis is for the standards' clauses and where a local rule is cited. A known standard's code
    mistyped (lowercase, an article the criteria do not have) is told as before."""
    monkeypatch.chdir(tmp_path)
    Path("hlj-winter.toml").write_text(OWN_CLAUSE, encoding="utf-8")
    result = cli(["checklists", "lint", "hlj-winter.toml", "--lang", lang])
    assert result.exit_code == 1
    quote = "'%s'" if lang == "en" else "“%s”"  # (a typed value in a Chinese line: “…”)
    assert result.stdout.splitlines() == [
        own,
        "hlj-winter.toml:20:21: " + typed.format(code=quote % "cmhd-6.1"),
        "hlj-winter.toml:20:33: " + typed.format(code=quote % "CMHD-19.1"),
    ]


WINTER = (
    HEAD
    + """\

[[section]]
id = "freeze"
title_zh = "防冻"
title = "Freezing"

[[section.item]]
id = "w-freeze-intake"
question_zh = "进风井口以下空气温度保持在2℃以上。"
question = "Air below the intake shaft top is kept at 2 °C or more."
severity = "general"
reading = { unit = "°C", min = 2 }

[[section.item]]
id = "w-fire-co"
question_zh = "一氧化碳浓度不超过24 ppm。"
question = "Carbon monoxide does not exceed 24 ppm."
severity = "general"
reading = { unit = "ppm CO", max = 24 }

[[section.item]]
id = "w-closed-ch4"
question_zh = "密闭墙外甲烷浓度低于1.0%。"
question = "Methane outside each seal stays below 1.0 %."
severity = "general"
reading = { unit = "%CH4", below = 1.0 }
"""
)


def _winter_answers(freeze: str, co: str = "3", ch4: str = "0.2") -> str:
    return (
        "[answers]\n"
        f'"w-freeze-intake" = {{ reading = {freeze} }}\n'
        f'"w-fire-co" = {{ reading = {co} }}\n'
        f'"w-closed-ch4" = {{ reading = {ch4} }}\n'
    )


def _inspect_winter(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, answers: str) -> Run:
    """`inspect --answers -` of WINTER in `tmp_path`, signed with a key made there, to f.toml."""
    monkeypatch.chdir(tmp_path)
    Path("hlj-winter.toml").write_text(WINTER, encoding="utf-8")
    assert cli(["keys", "generate", "--principal", "li.na@hlj.example", "--trust"]).exit_code == 0
    args = ["inspect", "hlj-winter.toml", "--site", "Mine A", "--tag", "coal-underground"]
    return cli([*args, "--answers", "-", "-o", "f.toml"], input=answers)


def test_a_temperature_below_zero_is_a_reading(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a Heilongjiang winter the air at an intake shaft reads -5 °C: the very breach the
    freezing item is there to record. `inspect` refused it ("a reading cannot be negative"),
    in the walk and in an answers file, so the inspector could answer only `n` without the
    value: a temperature (or a pressure difference across a seal) may be below zero."""
    run = _inspect_winter(cli, tmp_path, monkeypatch, _winter_answers("-5"))
    assert (run.exit_code, run.stdout, run.stderr) == (0, "f.toml\n", "")
    with open("f.toml", "rb") as fh:
        freeze = tomllib.load(fh)["finding"][0]
    assert freeze["result"] == "noncompliant"
    assert freeze["description"] == "-5 °C, limit ≥ 2 °C"
    assert freeze["reading"] == {"value": -5.0, "unit": "°C", "min": 2.0}
    assert cli(["verify", "f.toml"]).exit_code == 0


@pytest.mark.parametrize("zero", ["-0", "-0.0"])
def test_a_reading_of_minus_zero_is_signed_as_zero(
    zero: str, cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`-0` is zero: it was signed as `value = -0.0` and described as "-0 °C", a sign the
    reading never had, kept for ever in the signed record; and by the walk the same."""
    run = _inspect_winter(cli, tmp_path, monkeypatch, _winter_answers(zero))
    assert (run.exit_code, run.stderr) == (0, "")
    text = Path("f.toml").read_text("utf-8")
    assert 'reading = { value = 0.0, unit = "°C", min = 2.0 }' in text
    assert 'description = "0 °C, limit ≥ 2 °C"' in text
    assert str(parse_reading(zero, "°C", below_zero=True)) == "0.0"
    assert str(parse_reading(zero, "%CH4")) == "0.0"


@pytest.mark.parametrize(("co", "ch4"), [("-3", "0.2"), ("3", "-0.1")])
def test_a_concentration_below_zero_is_still_refused(
    co: str, ch4: str, cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A gas concentration (a percentage, ppm) cannot be below zero: a `-` typed there is a slip,
    and taken as a value it would comply with any upper limit."""
    run = _inspect_winter(cli, tmp_path, monkeypatch, _winter_answers("3", co, ch4))
    assert run.exit_code == 2
    where = "3:1: w-fire-co" if co.startswith("-") else "4:1: w-closed-ch4"
    assert run.stderr.splitlines()[0] == f"<stdin>:{where}: a reading cannot be negative"
    assert not Path("f.toml").exists()


@pytest.mark.parametrize(
    ("typed", "reading", "value"),
    [
        ("-5", Reading("°C", min=2), -5.0),
        ("－12.5", Reading("℃", above=0), -12.5),
        ("-3 Pa", Reading("Pa", min=-50, max=50), -3.0),
        ("\u22125 °C", Reading("°C", min=2), -5.0),  # the minus sign a PDF or a report holds
    ],
)
def test_the_walk_reads_a_reading_below_zero(typed: str, reading: Reading, value: float) -> None:
    """What the walk makes of a line typed at a reading's prompt (full-width as an input method
    types it): the number, where it said "a reading cannot be negative". A temperature reads
    below zero, and so does a quantity whose own limits go below zero (a pressure difference
    across a seal); a concentration, a share or a quantity limited from zero up does not."""
    assert parse_reading(typed, reading.unit, below_zero=reading.below_zero()) == value
    for refused in (Reading("%CH4", max=1.0), Reading("ppm CO", max=24), Reading("Pa", min=0)):
        with pytest.raises(AnswerError, match="cannot be negative"):
            parse_reading("-1", refused.unit, below_zero=refused.below_zero())


def test_the_walk_at_a_terminal_records_a_temperature_below_zero(
    tmp_path: Path, isolated_home: Path
) -> None:
    """The walk in a real terminal: -5 typed at the intake temperature's prompt is judged against
    the limit and signed as the item's reading, where it was refused and asked again."""
    term = Terminal(isolated_home, tmp_path)
    (tmp_path / "hlj-winter.toml").write_text(WINTER, encoding="utf-8")
    keyed = term.run("keys", "generate", "--principal", "li.na@hlj.example", "--trust")
    assert keyed.returncode == 0, keyed.stderr
    child = term.spawn(
        *("inspect", "hlj-winter.toml", "--site", "Mine A", "--tag", "coal-underground"),
        *("--inspector", "Li Na", "-o", str(term.out)),
    )
    line(child, "Enter the reading in °C (limit ≥ 2 °C), or a key: ", "-5")
    child.expect_exact("-5 °C is below the limit ≥ 2 °C → non-compliant")
    for prompt in ("Description of the hidden danger: ", "Location: ", "Rectification measures: "):
        line(child, prompt, "")
    line(child, "Responsible unit / person: ", "")
    line(child, "Enforcement order: ", "")
    line(child, "Deadline (YYYY-MM-DD) [", "")
    line(child, "Evidence file (empty to finish): ", "")
    line(child, "Enter the reading in ppm CO (limit ≤ 24 ppm CO), or a key: ", "3")
    line(child, "Enter the reading in %CH4 (limit < 1 %CH4), or a key: ", "0.2")
    line(child, REVIEW_PROMPT, "")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    with term.out.open("rb") as fh:
        freeze = tomllib.load(fh)["finding"][0]
    assert (freeze["result"], freeze["description"]) == ("noncompliant", "-5 °C, limit ≥ 2 °C")
    assert freeze["reading"] == {"value": -5.0, "unit": "°C", "min": 2.0}


EVIDENCE = (
    HEAD
    + """\

[[section]]
id = "fire"
title_zh = "防火"
title = "Fire"

[[section.item]]
id = "w-fire-heaters"
question_zh = "井口房不得使用明火取暖。"
question = "No open-flame heating in shaft-top buildings."
severity = "general"
evidence = "required"

[[section.item]]
id = "w-fire-co"
question_zh = "一氧化碳浓度不超过24 ppm。"
question = "Carbon monoxide does not exceed 24 ppm."
severity = "general"
evidence = "recommended"
applies_if = ["spontaneous-combustion"]
reading = { unit = "ppm CO", max = 24 }

[[section.item]]
id = "w-fire-drill"
question_zh = "冬季防灭火演练已开展。"
question = "The winter fire drill was held."
severity = "general"
"""
)


@pytest.mark.parametrize(
    ("lang", "rows"),
    [
        (
            "en",
            [
                "w-fire-heaters   general           No open-flame heating in shaft-top buildings."
                "  (evidence required)",
                "w-fire-co        general           Carbon monoxide does not exceed 24 ppm.  "
                "(≤ 24 ppm CO; if spontaneous-combustion; evidence recommended)",
                "w-fire-drill     general           The winter fire drill was held.",
            ],
        ),
        (
            "zh",
            [
                "w-fire-heaters   一般          井口房不得使用明火取暖。（必须提供佐证）",
                "w-fire-co        一般          一氧化碳浓度不超过24 ppm。（≤ 24 ppm CO；"
                "适用于自然发火（spontaneous-combustion）；建议提供佐证）",
                "w-fire-drill     一般          冬季防灭火演练已开展。",
            ],
        ),
    ],
)
def test_checklists_show_says_which_items_need_evidence(
    lang: str, rows: list[str], cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An inspector reading `checklists show` before the campaign learnt each item's grade,
    basis, reading and condition, but not which items need a photograph or a record: the walk
    asks for it on site, where it may be too late to take one. The evidence rule is shown as
    the walk words it; an item needing none says nothing."""
    monkeypatch.setenv("COLUMNS", "300")
    monkeypatch.chdir(tmp_path)
    Path("hlj-winter.toml").write_text(EVIDENCE, encoding="utf-8")
    result = cli(["checklists", "show", "hlj-winter.toml", "--lang", lang])
    assert result.exit_code == 0, result.stderr
    shown = [line.strip() for line in result.stdout.splitlines() if line.startswith(" w-")]
    assert shown == rows


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "question_zh is one line: a line break is in it (join its lines)"),
        ("zh", "question_zh 只能写一行：其中有换行（请把各行连起来）"),
    ],
)
def test_a_question_broken_over_two_lines_is_told_so(
    lang: str, said: str, cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An author who wrapped a long requirement in a TOML multi-line string read "question_zh
    contains the control or format character U+000A": a line break, named by its code point.
    A title or question is one line (a guidance may have several); another control character
    is still named by its code."""
    monkeypatch.chdir(tmp_path)
    broken = EVIDENCE.replace(
        'question_zh = "井口房不得使用明火取暖。"', 'question_zh = """井口房不得\n使用明火取暖。"""'
    ).replace('question = "The winter fire drill was held."', 'question = "The\\u0007drill."')
    Path("hlj-winter.toml").write_text(broken, encoding="utf-8")
    result = cli(["checklists", "lint", "hlj-winter.toml", "--lang", lang])
    assert result.exit_code == 1
    control = {
        "en": "question contains the control or format character U+0007",
        "zh": "question 含有控制字符或格式字符 U+0007",
    }
    assert result.stdout.splitlines() == [
        f"hlj-winter.toml:17:1: {said}",
        f"hlj-winter.toml:35:1: {control[lang]}",
    ]


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "en",
            "question_zh asks whether something is not so (是否未…): its yes means compliant "
            "only through a double negative; state the requirement (不得…)",
        ),
        (
            "zh",
            "question_zh 问的是“是否未……”：回答“是”要经过双重否定才表示符合；"
            "请改为陈述要求（不得……）",
        ),
    ],
)
def test_a_double_negative_question_is_warned_of(
    lang: str, said: str, cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """checklist-format.md asks for the requirement stated, never 「是否未使用…？」, whose yes
    is compliant only through a double negative: an inspector at the walk answers `y` for "yes,
    it was not used" or for "yes, it was used" alike. Lint said nothing of it. A question that
    asks plainly (是否设有…？), asks a limit (是否不超过…？) or an absence (是否无漏检？), or states
    the requirement is not warned of."""
    monkeypatch.chdir(tmp_path)
    text = (
        EVIDENCE.replace("井口房不得使用明火取暖。", "井口房是否未使用明火取暖？")
        .replace("冬季防灭火演练已开展。", "是否开展冬季防灭火演练？")
        .replace("一氧化碳浓度不超过24 ppm。", "一氧化碳浓度是否不超过24 ppm、是否无漏检？")
    )
    Path("hlj-winter.toml").write_text(text, encoding="utf-8")
    result = cli(["checklists", "lint", "hlj-winter.toml", "--lang", lang])
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr.splitlines()[0] == f"minecheck: warning: hlj-winter.toml:17:1: {said}"
    assert len(result.stderr.splitlines()) == 2  # the warning, then the count
    warned = cli(["checklists", "lint", "--json", "hlj-winter.toml"]).json()
    assert [w["code"] for w in warned["data"]["files"][0]["warnings"]] == ["double-negative"]
