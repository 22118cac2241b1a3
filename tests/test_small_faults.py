"""Small faults an inspector, a report author and a script writer each met: the drafts list's
times, the checklist's guidance before a walk, a template's version, problems said in Chinese,
and one item id in two checklists."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from minecheck.core.checklist import Checklist
from minecheck.session import draft as drafts
from tests.conftest import DATA, Run
from tests.test_author_day import EVIDENCE
from tests.test_cli_signing import Cli
from tests.test_contract4 import here as here  # (a fixture: alice's key, trusted)
from tests.test_draft_rules import checklist as checklist  # (a fixture)
from tests.test_draft_rules import every_field_draft
from tests.test_session_unit import DRAFT_ID

# --- drafts list gives the local time under the UTC, as show does ------------------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("zone", ["Asia/Shanghai", "America/New_York", "UTC"])
def test_drafts_list_gives_the_local_time_under_the_utc(
    cli: Cli,
    checklist: Checklist,
    tmp_path: Path,
    isolated_home: Path,
    in_zone: Callable[[str | None], None],
    zone: str,
    lang: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """UPDATED was `2026-11-29T16:30:00Z` alone: an inspector in Beijing stopped at 00:30 the
    next day. Under the UTC time, the local time with its offset then (as show's events
    table); nothing more where the zone is UTC; `--json` keeps its one UTC string."""
    in_zone(zone)
    stopped = dt.datetime(2026, 11, 29, 16, 30, 5, tzinfo=dt.UTC)
    monkeypatch.setattr(drafts, "utc_now", lambda: stopped)
    draft = every_field_draft(checklist, tmp_path)
    drafts.save(isolated_home / "drafts", draft)
    run: Run = cli(["drafts", "list", "--lang", lang])
    assert (run.exit_code, run.stderr) == (0, "")
    lines = run.stdout.splitlines()
    row = next(i for i, line in enumerate(lines) if DRAFT_ID[:8] in line)
    assert lines[row].split()[-2:] == ["2026-11-29", "16:30Z"]
    local = stopped.astimezone(ZoneInfo(zone))
    under = lines[row + 1].split() if row + 1 < len(lines) else []
    if zone == "UTC":
        assert not re.search(r"\d\d:\d\d", " ".join(under))
    else:
        offset = local.strftime("%z")
        assert under[-2:] == [f"{local:%Y-%m-%d}", f"{local:%H:%M}{offset[:3]}:{offset[3:]}"]
    listed = cli(["drafts", "list", "--json", "--lang", lang]).json()["data"]["drafts"]
    assert listed[0]["updated"] == "2026-11-29T16:30:05Z"


# --- checklists show gives each item's guidance ------------------------------------------------

GUIDED = EVIDENCE.replace(
    'evidence = "required"\n',
    'evidence = "required"\n'
    'guidance = """Look in every shaft-top building.\nA stove counts."""\n'
    'guidance_zh = "逐间查看井口房。"\n',
    1,
)

SHOWN_WITH_GUIDANCE = {
    "en": [
        "w-fire-heaters   general           No open-flame heating in shaft-top buildings."
        "  (evidence required)",
        "guidance: Look in every shaft-top building.",
        "A stove counts.",
        "w-fire-co        general           Carbon monoxide does not exceed 24 ppm.  "
        "(≤ 24 ppm CO; if spontaneous-combustion; evidence recommended)",
        "w-fire-drill     general           The winter fire drill was held.",
    ],
    "zh": [
        "w-fire-heaters   一般          井口房不得使用明火取暖。（必须提供佐证）",
        "检查要点：逐间查看井口房。",
        "w-fire-co        一般          一氧化碳浓度不超过24 ppm。（≤ 24 ppm CO；"
        "适用于自然发火（spontaneous-combustion）；建议提供佐证）",
        "w-fire-drill     一般          冬季防灭火演练已开展。",
    ],
}


def shown_from(
    cli: Cli, checklist: str, lang: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> list[str]:
    """`checklists show` of CHECKLIST (the winter checklist's shape), each line from its first
    item on stripped, blank ones kept but for those that end the output."""
    monkeypatch.setenv("COLUMNS", "300")
    monkeypatch.chdir(tmp_path)
    Path("hlj-winter.toml").write_text(checklist, encoding="utf-8")
    result = cli(["checklists", "show", "hlj-winter.toml", "--lang", lang])
    assert (result.exit_code, result.stderr) == (0, "")
    lines = [line.strip() for line in result.stdout.splitlines()]
    start = next(i for i, line in enumerate(lines) if line.startswith("w-fire-heaters"))
    return "\n".join(lines[start:]).rstrip("\n").split("\n")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_checklists_show_gives_an_items_guidance_under_it(
    lang: str, cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An inspector preparing a walk read each item's requirement but not its guidance (what to
    look at, where), which only `?` in the walk or `--json` gave. It is shown under the
    requirement in the language asked for, line by line; an item without guidance has no such
    line."""
    rows = [row for row in shown_from(cli, GUIDED, lang, tmp_path, monkeypatch) if row]
    assert rows == SHOWN_WITH_GUIDANCE[lang]
    [item, *_] = cli(["checklists", "show", "hlj-winter.toml", "--json"]).json()["data"][
        "checklist"
    ]["sections"][0]["items"]
    assert item["guidance"] == "Look in every shaft-top building.\nA stove counts."


# --- an answers file made from another version's template --------------------------------------

MINI = DATA / "checklists" / "valid" / "mini-check.toml"
ANSWERED = '[answers]\n"gas-check-genuine" = "compliant"\n"methane-return" = { reading = 0.5 }\n'

MADE_FOR_ANOTHER = {
    "en": [
        "a.toml:2:1: these answers were made from the template of mini-check '2025.1'; the "
        "installed checklist is mini-check 1, whose items and limits may differ",
        f"  hint: check each answer against minecheck checklists template {MINI}, then write "
        'version = "1"',
        "minecheck: error: the answers cannot be used; nothing was written",
    ],
    "zh": [
        "a.toml:2:1: 这些答案是按 mini-check '2025.1' 的模板填写的；已安装的检查表是 mini-check 1，"
        "其条目和限值可能不同",
        f'  hint: 请对照 minecheck checklists template {MINI} 逐项核对答案，然后写上 version = "1"',
        "minecheck: error: 答案无法使用；未写入任何文件",
    ],
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_answers_made_for_another_version_are_refused_naming_both(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """An answers file filled in from an older template was judged by the installed version
    without a word: an item changed since was answered to another requirement, and signed.
    The template now writes the checklist and version it was made from; inspect refuses
    answers made for another version (exit 2, nothing written), naming both."""
    monkeypatch.chdir(tmp_path)
    Path("a.toml").write_text('checklist = "mini-check"\nversion = "2025.1"\n' + ANSWERED)
    run = cli(["inspect", str(MINI), "--site", "Mine A", "--answers", "a.toml", "--lang", lang])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines() == MADE_FOR_ANOTHER[lang]
    assert list(tmp_path.glob("*findings*")) == []
    enveloped = cli(["inspect", str(MINI), "--site", "Mine A", "--answers", "a.toml", "--json"])
    assert (enveloped.exit_code, enveloped.stderr) == (2, "")
    problems = enveloped.json()["problems"]
    assert [(p["code"], p["line"]) for p in problems] == [("version-differs", 2), ("input", None)]


@pytest.mark.parametrize(
    "head", ["", 'checklist = "mini-check"\nversion = "1"\n', 'version = "1"\n'], ids=repr
)
def test_answers_without_a_version_or_of_this_version_are_taken(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, head: str
) -> None:
    """An answers file written before templates carried a version, or by hand, is taken as
    before; one of the installed version, and the template as printed, too."""
    monkeypatch.chdir(tmp_path)
    assert cli(["keys", "generate", "--principal", "alice@hlj.example"]).exit_code == 0
    Path("a.toml").write_text(head + ANSWERED)
    run = cli(["inspect", str(MINI), "--site", "Mine A", "--answers", "a.toml", "-o", "f.toml"])
    assert (run.exit_code, run.stdout) == (0, "f.toml\n"), run.stderr
    as_json = json.dumps({"version": "1", "answers": {"gas-check-genuine": "compliant"}})
    Path("a.json").write_text(as_json)
    run = cli(
        ["inspect", str(MINI), "--site", "Mine A", "--answers", "a.json", "--allow-incomplete"]
    )
    assert run.exit_code == 0, run.stderr


@pytest.mark.parametrize(
    ("head", "said"),
    [
        (
            'checklist = "coal-major-hidden-dangers"\n',
            "a.toml:1:1: these answers were made from the template of 'coal-major-hidden-dangers', "
            "not of mini-check",
        ),
        ("version = 2025.1\n", "a.toml:1:1: version must be a string"),
    ],
)
def test_answers_for_another_checklist_or_with_a_version_not_a_string_are_refused(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, head: str, said: str
) -> None:
    """Answers made from another checklist's template are refused as another version's are; a
    version written as a number (TOML's 2025.1 is a float) is told to be a string."""
    monkeypatch.chdir(tmp_path)
    Path("a.toml").write_text(head + ANSWERED)
    run = cli(["inspect", str(MINI), "--site", "Mine A", "--answers", "a.toml"])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines() == [
        said,
        "minecheck: error: the answers cannot be used; nothing was written",
    ]


# --- problems of documents taken together, said in Chinese as the language writes lists --------

INSPECTION = "3f2b1c9e-8a7d-4e6f-9b5a-1c2d3e4f5a6b"
NONCOMPLIANT = (
    '[answers]\n"gas-check-genuine" = { result = "noncompliant", description = "d", '
    'location = "l", responsible = "r", evidence_reason = "none" }\n'
    '"methane-return" = { reading = 0.5 }\n'
)


def _inspected(
    cli: Cli, checklist: Path, out: str, *site: str, inspection: str = INSPECTION
) -> None:
    """A findings file of the one inspection (or another), signed with the default key."""
    Path("a.toml").write_text(NONCOMPLIANT)
    args = ["--inspection-id", inspection, "--answers", "a.toml", "-o", out]
    made = cli(["inspect", str(checklist), "--site", *site, *args])
    assert made.exit_code == 0, made.stderr


def _other_checklist(named: str) -> Path:
    """The mini checklist under another id: the same item ids for another county's check."""
    path = Path(f"{named}.toml")
    path.write_text(
        MINI.read_text(encoding="utf-8").replace('id = "mini-check"', f'id = "{named}"')
    )
    return path


@pytest.mark.parametrize(
    ("made", "said"),
    [
        (
            "sites",
            "检查 {id}：其文件所写的被检查单位不同："
            "Mine A（HLJ-0001）；Mine B; north（HLJ-0002）；一次检查只在一个被检查单位进行"
            "（是否重复使用了检查编号？）",
        ),
        (
            "checklists",
            "检查 {id}：gas-check-genuine、methane-return、outburst-org 的结论来自不同的检查表"
            "（mini-check、mini-county）；这些结论被当作同一条检查结果",
        ),
    ],
)
def test_problems_of_documents_together_are_said_as_chinese_writes_lists(
    cli: Cli, here: Path, made: str, said: str
) -> None:
    """A Chinese summary said the sites of one inspection as English writes them, `Mine A
    (HLJ-0001); Mine B (HLJ-0002)`, and the items and checklists with `, `: the problem is kept
    in English in the result cache and its template cannot take a list of names apart again
    (a name may hold `; `). It is made in both languages at once; a run answered from the cache
    says the same bytes as the first."""
    if made == "sites":
        _inspected(cli, MINI, "a1.toml", "Mine A", "--site-id", "HLJ-0001")
        _inspected(cli, MINI, "a2.toml", "Mine B; north", "--site-id", "HLJ-0002")
    else:
        _inspected(cli, MINI, "a1.toml", "Mine A", "--site-id", "HLJ-0001")
        _inspected(
            cli, _other_checklist("mini-county"), "a2.toml", "Mine A", "--site-id", "HLJ-0001"
        )
    cold = cli(["summary", "a1.toml", "a2.toml", "--lang", "zh"])
    warm = cli(["summary", "a1.toml", "a2.toml", "--lang", "zh"])
    assert cold.exit_code == warm.exit_code == 0, cold.stderr
    assert cold.stderr == warm.stderr
    lines = [
        re.sub(r"\Aminecheck: warning: a[12]\.toml：", "", x) for x in cold.stderr.splitlines()
    ]
    assert said.format(id=INSPECTION) in lines
    english = cli(["summary", "a1.toml", "a2.toml", "--lang", "en", "--json"]).json()
    [problem] = [p for p in english["problems"] if p["code"] == made]
    assert ("Mine A (HLJ-0001); Mine B; north (HLJ-0002)" in problem["message"]) == (
        made == "sites"
    )
    assert ("gas-check-genuine, methane-return, outburst-org" in problem["message"]) == (
        made == "checklists"
    )


# --- summary --by item: one item id in two checklists is two rows ---------------------------

OTHER_INSPECTION = "5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d"
FIGURES = "findings,hidden_dangers,majors,open,open_majors,overdue,overdue_majors,closed,"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_summary_by_item_keeps_one_id_of_two_checklists_apart(
    cli: Cli, here: Path, lang: str
) -> None:
    """A county's checklist and another both with `gas-check-genuine`: `--by item` added them
    into one row, two requirements counted as one (2 majors). A row per checklist and item;
    the table names the checklist after an id two checklists share; csv, nl and json give the
    item's checklist in a column after `item` (none where `--by checklist` gives it)."""
    _inspected(cli, MINI, "a1.toml", "Mine A", "--site-id", "HLJ-0001")
    county = _other_checklist("mini-county")
    _inspected(
        cli, county, "c1.toml", "Mine C", "--site-id", "HLJ-0003", inspection=OTHER_INSPECTION
    )
    args = ["summary", "a1.toml", "c1.toml", "--by", "item", "--lang", lang]
    csv = cli([*args, "--format", "csv"])
    assert csv.exit_code == 0, csv.stderr
    rows = csv.stdout.splitlines()
    assert rows[0].startswith("item,checklist," + FIGURES)
    assert [row.split(",")[:4] for row in rows[1:]] == [
        ["gas-check-genuine", "mini-check", "1", "1"],
        ["gas-check-genuine", "mini-county", "1", "1"],
        ["methane-return", "mini-check", "1", "0"],
        ["methane-return", "mini-county", "1", "0"],
        ["outburst-org", "mini-check", "1", "0"],
        ["outburst-org", "mini-county", "1", "0"],
    ]
    groups = cli([*args, "--format", "json"]).json()["groups"]
    assert [(g["item"], g["checklist"], g["majors"]) for g in groups][:2] == [
        ("gas-check-genuine", "mini-check", 1),
        ("gas-check-genuine", "mini-county", 1),
    ]
    nl = cli([*args, "--format", "nl"])
    first = json.loads(nl.stdout.splitlines()[0])
    assert list(first)[:3] == ["item", "checklist", "findings"]
    md = cli([*args, "--format", "md"]).stdout
    named = "{}（{}）" if lang == "zh" else "{} ({})"  # (the language's brackets)
    assert f"| {named.format('gas-check-genuine', 'mini-check')} | 1 |" in md
    assert f"| {named.format('gas-check-genuine', 'mini-county')} | 1 |" in md
    both = cli(["summary", "a1.toml", "c1.toml", "--by", "checklist,item", "--format", "csv"])
    assert both.stdout.splitlines()[0].startswith("checklist,item," + FIGURES)
    assert both.stdout.splitlines()[1].startswith("mini-check,gas-check-genuine,1,1,")


def test_summary_by_item_names_no_checklist_where_an_id_is_in_one(cli: Cli, here: Path) -> None:
    """Where every id is one checklist's, the table's item column is the id as before."""
    _inspected(cli, MINI, "a1.toml", "Mine A", "--site-id", "HLJ-0001")
    md = cli(["summary", "a1.toml", "--by", "item", "--format", "md"])
    assert "| gas-check-genuine | 1 |" in md.stdout
    assert "(mini-check)" not in md.stdout
