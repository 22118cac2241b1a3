"""Mutation round 114: what the mutants of the last session's code (`separate-inspections`
said briefly, the joiners of one script, a number kept with its unit, a full disk, the ids a
file that fails to verify spells, an events file's placed problems) showed untested."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from minecheck.errors import SHOWN_CHARACTERS, WARNING
from tests import test_loose_ends22 as loose22
from tests import test_loose_ends25
from tests.helpers_merge import INSPECTION, Who, findings
from tests.test_coordinator2 import ALICE, BOB, OTHER, THIRD, merge, people
from tests.test_expert_panel import REF, panel
from tests.test_loose_ends26 import ESCALATED, signed_here
from tests.test_mutated113 import _reported, _said

many = test_loose_ends25.many  # (its fixture: 200 inspections of one mine on one day)
__all__ = ["many", "merge", "panel", "people", "signed_here"]  # fixtures

FOURTH = "6e8f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c1e"
ALICE_P, BOB_P = "alice@coal.example", "bob@coal.example"
ONE_DANGER = ["noncompliant", "compliant", "compliant"]


def _id(n: int) -> str:
    return f"00000000-0000-4000-8000-{n:012d}"


@pytest.mark.parametrize("over", [0, 1], ids=["exactly", "one-more"])
def test_a_warning_line_of_exactly_the_characters_shown_is_shown_whole(
    people: dict[str, Who], merge: Any, over: int
) -> None:
    """Some 160 inspections of one mine on one day: merge's warning line is shown whole while
    it is no longer than a terminal is shown (SHOWN_CHARACTERS), every inspection named; one
    character more and the first ten are named, the rest counted (`SameDay.brief`)."""
    count = 162

    def files(site: str) -> dict[str, bytes]:
        return {
            f"f{n:03d}.toml": findings(people["alice"], ONE_DANGER, inspection_id=_id(n), site=site)
            for n in range(count)
        }

    probe = merge(files("Demo mine"), "--json")
    (problem,) = json.loads(probe.stdout)["problems"]
    pad = SHOWN_CHARACTERS - len(WARNING) - len(problem["message"]) + over
    assert 0 <= pad < 100  # (the site's name made longer brings the line to the count)
    run = merge(files("Demo mine" + "e" * pad))
    assert run.exit_code == 0
    (line,) = run.stderr.splitlines()
    named = count if over == 0 else 10
    assert [_id(n) in line for n in range(count)] == [n < named for n in range(count)]
    assert len(line) == (SHOWN_CHARACTERS if over == 0 else len(line))
    assert ("; and 152 more (--json lists every one))" in line) == bool(over)


def test_separate_inspections_of_two_mines_are_said_in_the_order_of_their_codes_and_ids(
    people: dict[str, Who], merge: Any
) -> None:
    """Two mines, each inspected twice on one day under two ids, the files given mine by mine
    and the later id first: the warnings come in the order of the mines' codes, each naming
    its inspections in the order of their ids (`same_day_inspections` sorts both)."""
    files = {
        "a.toml": findings(people["bob"], BOB, inspection_id=FOURTH, site_id="HLJ-0002"),
        "b.toml": findings(people["alice"], ALICE, inspection_id=THIRD, site_id="HLJ-0002"),
        "c.toml": findings(people["bob"], BOB, inspection_id=OTHER),
        "d.toml": findings(people["alice"], ALICE),
    }
    run = merge(files)
    assert run.exit_code == 0
    assert run.stderr == "".join(
        f"{WARNING}{_said(f'Demo mine ({code})', f'{one} by {ALICE_P}', f'{two} by {BOB_P}')}\n"
        for code, one, two in (
            ("HLJ-0001", INSPECTION, OTHER),
            ("HLJ-0002", THIRD, FOURTH),
        )
    )


@pytest.mark.parametrize("over", [0, 1], ids=["exactly", "one-more"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_report_s_warning_line_of_exactly_the_characters_shown_is_shown_whole(
    many: tuple[Path, list[str]], cli: Any, tmp_path: Path, lang: str, over: int
) -> None:
    """A summary's `separate-inspections` line (`minecheck: warning: `, the first path, `: ` or
    Chinese's `：`, the message) is shown whole while no longer than a terminal is shown, every
    inspection named; one character more (the first file's name one longer) and it is told in
    brief. Its length is counted with the words the line is said in (`_at`, each language's)."""
    pool, trust = many
    docs = tmp_path / "docs"

    def line(count: int, pad: int = 0) -> str:
        shutil.rmtree(docs, ignore_errors=True)
        docs.mkdir()
        for n in range(count):
            name = f"f{n:03d}{'e' * pad if n == 0 else ''}.toml"
            shutil.copy(pool / f"f{n:03d}.toml", docs / name)
        run = cli(["summary", str(docs), *trust, "--lang", lang, "--json"])
        (problem,) = json.loads(run.stdout)["problems"]
        said: str = problem["message"]  # (`--json`'s message: `PATH: ` and the warning)
        return WARNING + said

    # the line grows with every file (each names one more inspection): the first count whose
    # one more is past the width is found by halving 150-200, not by a summary of each count
    low, high = 150, 200
    while low < high:
        mid = (low + high) // 2
        if len(line(mid + 1)) > SHOWN_CHARACTERS:
            high = mid
        else:
            low = mid + 1
    count = low
    assert count < 200
    pad = SHOWN_CHARACTERS - len(line(count)) + over
    assert 0 <= pad < 100
    assert len(line(count, pad)) == SHOWN_CHARACTERS + over
    run = cli(["summary", str(docs), *trust, "--lang", lang])
    assert run.exit_code == 0
    named = re.findall(r"00000000-0000-4000-8000-\d{12}", run.stderr)
    assert named == [test_loose_ends25._id(n) for n in range(10 if over else count)]
    assert run.stderr.count("\n") == 1
    advice = test_loose_ends25.ADVICE[lang].replace("190", str(count - 10))
    if not over:  # (no count of the rest)
        advice = advice.split(")" if lang == "en" else "）", 1)[1]
    assert run.stderr.endswith(advice), run.stderr[-300:]


# an events file's second event dated in the future and its evidence no list (its `[[event]]`
# on line 8), and a file whose events are no tables (on lines 3 and 4)
LATE_EVENT = (
    f'# the inspection of 2026-11-29\n{ESCALATED}note = "y"\n\n'
    + ESCALATED.replace("2026-12-03", "2099-12-03")
    + "evidence = 3\n"
)
NO_TABLES = "# the inspection of 2026-11-29\nevent = [\n  1,\n  2,\n]\n"
EVENTS_SAID = {
    ("late", "en"): (
        "e.toml:8: event 2: at '2099-12-03T08:00:00Z' is in the future\n"
        "e.toml:8: event 2: evidence is a list of file paths\n"
        "minecheck: error: e.toml: the events cannot be used; nothing was written\n"
    ),
    ("late", "zh"): (
        "e.toml:8: 第 2 个事件：at '2099-12-03T08:00:00Z' 是将来的时间\n"
        "e.toml:8: 第 2 个事件：evidence 应为文件路径列表\n"
        "minecheck: error: e.toml：事件无法使用；未写入任何文件\n"
    ),
    ("tables", "en"): (
        "e.toml:3: event 1: an event is a table\n"
        "e.toml:4: event 2: an event is a table\n"
        "minecheck: error: e.toml: the events cannot be used; nothing was written\n"
    ),
    ("tables", "zh"): (
        "e.toml:3: 第 1 个事件：事件应为一个表\n"
        "e.toml:4: 第 2 个事件：事件应为一个表\n"
        "minecheck: error: e.toml：事件无法使用；未写入任何文件\n"
    ),
}


@pytest.mark.parametrize(("kind", "lang"), list(EVENTS_SAID))
def test_an_events_file_s_refused_event_is_placed_at_its_line(
    cli: Any, signed_here: list[str], kind: str, lang: str
) -> None:
    """An event refused by followup's own checks (a time in the future, evidence no list, no
    table at all) is said at its event's line, as the schema's problems and its warnings are
    (`_event_places`); `--json` gives that line beside the path."""
    Path("e.toml").write_text(LATE_EVENT if kind == "late" else NO_TABLES, encoding="utf-8")
    run = cli(["followup", "--events", "e.toml", *signed_here, "-o", "a.toml", "--lang", lang])
    assert (run.exit_code, run.stdout, run.stderr) == (2, "", EVENTS_SAID[kind, lang])
    assert not Path("a.toml").exists()
    enveloped = cli(["followup", "--events", "e.toml", *signed_here, "--json", "--lang", lang])
    placed = [(p["path"], p["line"]) for p in json.loads(enveloped.stdout)["problems"][:2]]
    assert placed == ([("e.toml", 8)] * 2 if kind == "late" else [("e.toml", 3), ("e.toml", 4)])


@pytest.mark.parametrize(
    "command", [["summary"], ["export", "--rows", "events"]], ids=["summary", "events"]
)
def test_two_dangers_shared_are_each_said_when_the_report_is_read_from_its_cache(
    people: dict[str, Who], tmp_path: Path, cli: Any, command: list[str]
) -> None:
    """Two inspections of one mine on one day sharing two hidden dangers: the report names both
    items, as made, from its cache (where a document's dangers are kept as columns,
    `HiddenColumns`) and without one."""
    files = {
        "a.toml": findings(people["alice"], ALICE),
        "b.toml": findings(people["bob"], ALICE, inspection_id=OTHER),
    }
    docs, args = _reported(tmp_path, people, files)
    said = _said(
        "Demo mine (HLJ-0001)",
        f"{INSPECTION} by {ALICE_P}",
        f"{OTHER} by {BOB_P}",
        items="gas-check-genuine, gas-overlimit",
    )
    for more in ([], [], ["--no-cache"]):  # (made, read from the cache, without one)
        run = cli([command[0], *args, *command[1:], *more])
        assert (run.exit_code, run.stderr) == (0, f"{WARNING}{docs / 'a.toml'}: {said}\n")


# the site's name of a changed copy of the findings found, with another id the prefix starts as
# TOML spells it: within a longer word (no id), standing alone, after a path's escaped backslash
AROUND = {
    "_b": ("{}_b", False),
    "z": ("{}z", False),
    "jpg": ("{}.jpg", True),
    "path": ("photos\\\\{}", True),
}


@pytest.mark.parametrize("around", sorted(AROUND))
def test_a_changed_copy_holding_an_id_is_told_where_it_stands_alone(
    cli: Any, panel: dict[str, Any], monkeypatch: pytest.MonkeyPatch, around: str
) -> None:
    """A changed copy of the findings found whose site's name holds another id the prefix
    starts: within a longer word (`…0c1e_b`, `…0c1ez`) it spells no such id (`_ids_spelled`
    takes an id standing alone), so nothing is said; standing alone (`.jpg` after it, or a
    path's escaped backslash `photos\\\\` before it, a backslash as read) the copy is told, as
    round 36 tells a file that may hold the inspection sought."""
    from tests.test_loose_ends19 import OTHER as ANOTHER
    from tests.test_loose_ends19 import _archive

    records = _archive(cli, panel)
    copy = records / "findings" / "copy.toml"
    other = REF[:8] + ANOTHER[8:]
    spelled, told = AROUND[around]
    data = (records / loose22.FILED).read_bytes()
    copy.write_bytes(data.replace(b"Demo mine", f"Demo mine {spelled.format(other)}".encode()))
    monkeypatch.chdir(records)
    run = loose22._accept(cli, panel, loose22.SHORT, "-o", "a.toml")
    assert (run.exit_code, run.stdout) == (0, "a.toml\n")
    said = loose22._told("en", "findings/copy.toml", "bad-signature", loose22.SHORT[:8])
    assert run.stderr.splitlines() == (said if told else [])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_id_split_by_a_line_ending_backslash_in_a_file_that_fails_to_verify_is_told(
    cli: Any, panel: dict[str, Any], monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """Round 38's twin, its inspection id a multi-line string broken by a line-ending
    backslash (TOML joins the lines, the blanks after it dropped): the file spells that id,
    and is told."""
    from tests import test_attack36, test_attack38

    test_attack38._twin(cli, panel, monkeypatch, lambda iid: f'""{iid[:9]}\\\n    {iid[9:]}""')
    test_attack36.twin_told(cli, panel, lang)


# a twin's id after an escape TOML refuses (beyond Unicode, a surrogate): the escape spells
# nothing, and the file (its signature bad) is told where the id after it stands alone
BAD_ESCAPES: dict[str, tuple[str, bool]] = {
    "beyond": ("\\U00110000{}", True),
    "surrogate": ("\\uD800{}", True),
    "surrogate-in-a-word": ("x\\uD800{}", False),
}


@pytest.mark.parametrize("escape", sorted(BAD_ESCAPES))
def test_an_escape_no_character_has_spells_nothing_and_is_no_error(
    cli: Any, panel: dict[str, Any], monkeypatch: pytest.MonkeyPatch, escape: str
) -> None:
    """Round 38's twin, its id after an escape of no character (`\\U00110000`, a surrogate's
    `\\uD800`): followup neither fails nor reads a character there. The id standing alone is
    told; after `x` and the escape it is within a word, and nothing is said."""
    from tests import test_attack38

    spelled, told = BAD_ESCAPES[escape]
    test_attack38._twin(cli, panel, monkeypatch, spelled.format)
    short = loose22.SHORT
    run = loose22._accept(cli, panel, short, "-o", "a.toml")
    assert (run.exit_code, run.stdout) == (0, "a.toml\n"), run.stderr
    said = loose22._told("en", "findings/twin.toml", "bad-signature", short[:8])
    assert run.stderr.splitlines() == (said if told else [])


def test_an_id_spelled_with_toml_1_1_s_x_escape_in_a_file_that_fails_to_verify_is_told(
    cli: Any, panel: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Round 38's twin, its id's first character written with TOML 1.1's `\\xHH`: the file
    spells that id (`_ids_spelled` reads `\\x` as `\\u`), and is told."""
    from tests import test_attack36, test_attack38

    test_attack38._twin(cli, panel, monkeypatch, lambda iid: f"\\x{ord(iid[0]):02x}{iid[1:]}")
    test_attack36.twin_told(cli, panel, "en")


@pytest.mark.parametrize("line", ["for 30 minutes", "checked 3 times", "in 2 hours", "1 meter"])
def test_a_number_before_a_word_that_begins_as_a_unit_may_still_break(line: str) -> None:
    """Loose ends 25 holds a number with its unit (`30 min`), not with a word whose first
    letters are a unit's (`minutes`, `times`, `hours`, `meter`): a line may break there."""
    from minecheck.cli._breaks import pieces

    before = line.rpartition(" ")[0]
    assert len(before) + 1 in pieces(line)
    assert len("for 30 ") not in pieces("for 30 min.")  # (guard: a number keeps its unit)


@pytest.mark.parametrize(
    ("line", "at"),
    [
        ("30 m apart", 3),
        ("gas at 1 %CH4", 9),
        ("gas at 1 ％", 9),
        ("does not exceed 1.0 %.", 20),
        ("area 30 m2", 8),
        ("kept at -5 °C", 11),
        ("held at 0.6 MPa", 12),
    ],
)
def test_a_number_keeps_its_unit_first_in_a_line_and_as_percent_or_square_metres(
    line: str, at: int
) -> None:
    """No break between a number and its unit (after `at` characters) where the number is the
    line's first word, nor before a percent sign (`%CH4`, Chinese's `％`) or `m2`, nor after a
    number with a sign or a decimal point."""
    from minecheck.cli._breaks import pieces

    assert at not in pieces(line)


# a reading's unit as the walk and `show` give it (`1.3 %CH4, limit ≤ 1 %CH4`): a symbol, letters
# after it
PERCENT_OF = {
    "en": "Methane in the return airflow of the working face stays at or below 1 %CH4, "
    "and 0.75 %CO2 where the air leaves the district.",
    "zh": "工作面回风流中甲烷浓度不超过 1 %CH4，采区回风流中二氧化碳不超过 0.75 %CO2。",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_number_keeps_a_percent_unit_with_letters_after_it_at_every_width(lang: str) -> None:
    """`1 %CH4` was read as no unit (the unit's letters after `%` ended it), so a line could end
    in `1` and the next begin `%CH4`: what `show` and the tables print (`Broken`) now keeps the
    number with it at every width, as with `30 m`."""
    import io
    import itertools

    from rich.console import Console

    from minecheck.cli._breaks import Broken

    text = PERCENT_OF[lang]
    for width in range(12, 90):
        console = Console(width=width, file=io.StringIO(), color_system=None)
        lines = [x.plain.rstrip() for x in Broken(text).wrap(console, width)]
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")  # (nothing lost)
        for before, after in itertools.pairwise(lines):
            assert not (before[-1:].isdigit() and after.startswith("%")), (width, lines)
