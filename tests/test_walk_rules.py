"""The inspector's walk, scripted: readings, descriptions, evidence, -o DIR, verify --evidence."""

from __future__ import annotations

import ast
import copy
import datetime as dt
import json
import os
import re
import string
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from minecheck.core.checklist import Checklist, load_checklist
from minecheck.core.documents import Evidence, Finding, ReadingValue
from minecheck.core.schema import _TYPE_NAMES
from minecheck.i18n import ZH, set_language, t
from minecheck.session import draft as drafts
from minecheck.session.answers import MAX_ANSWERS_BYTES
from minecheck.session.draft import Draft
from minecheck.session.rules import AnswerError, AnswerSpec, parse_reading
from minecheck.session.walk import (
    Reply,
    ScriptedPrompter,
    Step,
    Walk,
    given_answers,
    holds_work,
    refit,
)
from tests.conftest import DATA, REPO
from tests.test_dates import parse_date
from tests.test_inspect_scripted import (
    ALICE,
    CHECKLIST,
    GAS,
    METHANE,
    OUTBURST,
    Cli,
    answers,
    document,
    findings,
    inspect,
    verify_status,
    work,
)
from tests.test_session_unit import (
    BACK,
    DRAFT_ID,
    QUIT,
    SKIP,
    TODAY,
    FakePrompter,
    Walked,
    Y,
    new_draft,
    no_evidence,
    reading,
    walker,
)

__all__ = ["work"]  # the fixture, shared with the answers-file tests


def required_evidence_checklist(directory: Path) -> Path:
    """mini-check with its gas item requiring evidence."""
    text = CHECKLIST.read_text("utf-8").replace(
        'directives = ["D10"]\nevidence = "recommended"',
        'directives = ["D10"]\nevidence = "required"',
        1,
    )
    assert 'evidence = "required"' in text
    path = directory / "mini-check.toml"
    path.write_text(text, "utf-8")
    return path


# -- readings --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "value"),
    [("0.8", 0.8), ("0.8%", 0.8), ("0.8 %CH4", 0.8), ("0,8 %ch4", 0.8), (" 1 ", 1.0)],
)
def test_a_reading_may_carry_its_unit(typed: str, value: float) -> None:
    assert parse_reading(typed, "%CH4") == value


@pytest.mark.parametrize(
    "typed",
    ["\ufeff0.8", "0.8\u200b", "\u200e0.8 %CH4\u200f", "0.8\u2060%", "0\u200b.8", "０.８\ufeff％"],
)
def test_a_reading_pasted_with_invisible_characters_is_read(typed: str) -> None:
    """A reading copied from a PDF, a web page or a Windows file brings a byte-order mark, a
    zero-width space or a direction mark with it, none of them seen: `\ufeff0.8` was "not an
    answer" and `0.8\u200b` had "the unit of this reading is %CH4, not " an invisible one."""
    assert parse_reading(typed, "%CH4") == 0.8


@pytest.mark.parametrize(
    ("typed", "unit"),
    [("0.8 % CH4", "%CH4"), ("0.8 %ch4", "% CH4"), ("0.8 %", "% CH4"), ("0.8m/s", "m/s")],
)
def test_a_unit_is_read_without_its_spaces_or_case(typed: str, unit: str) -> None:
    assert parse_reading(typed, unit) == 0.8


@pytest.mark.parametrize(
    ("typed", "unit", "given"),
    [
        ("24 %", "ppm", "%"),
        ("0.5%", "m/s", "%"),
        ("1 ²", "m", "²"),  # a superscript is no digit of the number: no blank splits it
        ("5 ½ ppm", "ppm", "½ ppm"),
    ],
)
def test_a_unit_that_is_not_the_item_s_is_refused_as_typed(
    typed: str, unit: str, given: str
) -> None:
    """A bare `%` stands for a percentage unit only: 24 % against a limit in ppm is refused
    (not read as 24 ppm), and the unit is echoed as it was typed."""
    with pytest.raises(AnswerError) as info:
        parse_reading(typed, unit)
    assert str(info.value) == f"the unit of this reading is {unit}, not {given}"


@pytest.mark.parametrize(("typed", "value"), [("0", 0.0), ("0.0 %CH4", 0.0), ("100", 100.0)])
def test_the_ends_of_what_a_reading_can_be(typed: str, value: float) -> None:
    """No methane at all is a reading (not a negative one); 100 is the most a percentage can
    be, and is one (101 is refused above)."""
    assert parse_reading(typed, "%CH4") == value


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("-1", "a reading cannot be negative"),
        ("-0.5 %CH4", "a reading cannot be negative"),
        ("101", "a reading in %CH4 cannot be above 100"),
        ("0.8 ppm", "the unit of this reading is %CH4, not ppm"),
    ],
)
def test_impossible_readings_are_refused(typed: str, message: str) -> None:
    with pytest.raises(AnswerError) as info:
        parse_reading(typed, "%CH4")
    assert str(info.value) == message


@pytest.mark.parametrize("typed", ["nan", "-inf", "inf", "1e999", "NaN", "1,5e999"])
def test_non_finite_readings_are_refused(typed: str) -> None:
    with pytest.raises(AnswerError) as info:
        parse_reading(typed, "%CH4")
    assert str(info.value) == "a reading must be a finite number"


@pytest.mark.parametrize(
    ("typed", "plain", "decimal"),
    [
        ("1,200", "1200", "1.200"),
        ("2,000 ppm", "2000", "2.000"),
        ("1,200,000", "1200000", "1.200000"),
    ],
)
def test_a_reading_grouped_by_commas_is_refused_not_guessed(
    typed: str, plain: str, decimal: str
) -> None:
    """1,200 ppm CO is 1200 to a Chinese inspector and 1.2 where a comma is the decimal point:
    taken as 1.2 it was within a limit of 24, so it is refused in either language."""
    with pytest.raises(AnswerError) as info:
        parse_reading(typed, "ppm")
    assert str(info.value) == f"a comma in a reading is ambiguous: write {plain} or {decimal}"
    assert parse_reading(f"{typed.split()[0]}.5 ppm", "ppm") == float(plain) + 0.5  # one reading
    set_language("zh")
    try:
        assert info.value.said() == f"读数中的逗号有歧义：请写成 {plain} 或 {decimal}"
    finally:
        set_language("en")


@pytest.mark.parametrize(
    ("typed", "given"),
    [
        ("1 000", "1 000"),
        ("1 000 ppm", "1 000 ppm"),
        ("12\u2009345.5", "12\u2009345.5"),  # a thin space, as typeset tables group digits
        (" 1\u202f000 ", "1\u202f000"),
        ("1 5", "1 5"),
        ("1,200.5 1,200.5", "1,200.5 1,200.5"),  # two readings, one pasted after the other
        ("１ ０００", "１ ０００"),
        ("0 ,5", "0 ,5"),  # a blank before the decimal mark: no unit `,5`
        ("1 .5 ppm", "1 .5 ppm"),
        ("1 \u0660\u0660\u0660", "1 \u0660\u0660\u0660"),  # Arabic-Indic digits
    ],
)
def test_a_reading_whose_digits_a_blank_splits_is_refused_as_such(typed: str, given: str) -> None:
    """`1 000` (digits grouped by a space, as SI writes them) was refused as "the unit of this
    reading is ppm, not 000": the digits after the blank are no unit. Not guessed either (`1 5`
    may be 15 or 1.5): the inspector is asked to write the digits together. So too `0 ,5` and
    `1 .5` (a decimal mark and digits are no unit either)."""
    with pytest.raises(AnswerError) as info:
        parse_reading(typed, "ppm")
    said = "a blank splits the number of this reading ({given}): write its digits together"
    assert str(info.value) == said.format(given=given)
    set_language("zh")
    try:
        assert info.value.said() == f"读数的数字被空格隔开（{given}）：请把数字连在一起写"
    finally:
        set_language("en")
    assert parse_reading("1000 ppm", "ppm") == 1000.0


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("12,5", 12.5),
        ("１．３", 1.3),
        ("１．３％", 1.3),
        ("1。3", 1.3),
        ("０.８ %CH4", 0.8),
    ],
)
def test_a_reading_as_an_input_method_types_it(typed: str, value: float) -> None:
    """Full-width digits, point and percent, and the ideographic full stop, read as typed."""
    assert parse_reading(typed, "%CH4") == value


@pytest.mark.parametrize(
    ("bounds", "value", "where"),
    [
        ({"below": 1.5}, 1.5, "reaches"),
        ({"below": 1.5}, 1.6, "above"),
        ({"max": 1.0}, 1.2, "above"),
        ({"above": 18.0}, 18.0, "reaches"),
        ({"min": 18.0}, 17.0, "below"),
        ({"above": 18.0}, 17.5, "below"),
        ({"min": 18.0, "max": 20.0}, 19.0, "within"),
    ],
)
def test_the_verdict_says_where_a_reading_lies(
    bounds: dict[str, float], value: float, where: str
) -> None:
    """1.5 against a limit < 1.5 reaches it: it is not 'below the limit'."""
    from minecheck.core.checklist import Item, Reading
    from minecheck.session.rules import reading_verdict

    item = replace(_an_item(), reading=Reading("%", **bounds))
    assert isinstance(item, Item)
    assert reading_verdict(item, value) == where


@pytest.mark.parametrize("typed", ["y", "", "abc", "?"])
def test_non_numbers_are_not_readings(typed: str) -> None:
    assert parse_reading(typed, "%CH4") is None


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ("{ reading = nan }", "reading must be a finite number"),
        ("{ reading = -1.0 }", "methane-return: a reading cannot be negative"),
        ("{ reading = 120 }", "methane-return: a reading in %CH4 cannot be above 100"),
        ('"compliant"', "methane-return: item 'methane-return' is judged by its reading"),
        (
            '{ result = "not-checked", reading = 0.5 }',
            "methane-return: a not-checked item takes no reading",
        ),
        (
            '{ result = "not-applicable", reading = 0.5 }',
            "methane-return: a not-applicable item takes no reading",
        ),
    ],
)
def test_answers_files_refuse_impossible_readings(
    cli: Cli, work: Path, answer: str, message: str
) -> None:
    run = inspect(
        cli, work / "f.toml", answers(f'"{GAS}" = "compliant"', f'"{METHANE}" = {answer}')
    )
    assert run.exit_code == 2
    assert message in run.stderr
    assert not (work / "f.toml").exists()


def test_a_reading_over_its_limit_describes_itself(cli: Cli, work: Path) -> None:
    out = work / "f.toml"
    run = inspect(cli, out, answers(f'"{GAS}" = "compliant"', f'"{METHANE}" = {{ reading = 1.3 }}'))
    assert run.exit_code == 0, run.stderr
    assert findings(out)[1]["description"] == "1.3 %CH4, limit ≤ 1 %CH4"


def test_a_non_compliance_needs_a_description(cli: Cli, work: Path) -> None:
    run = inspect(
        cli,
        work / "f.toml",
        answers(f'"{GAS}" = "noncompliant"', f'"{METHANE}" = {{ reading = 0.2 }}'),
    )
    assert run.exit_code == 2
    assert "<stdin>:2:1: gas-check-genuine: a non-compliant finding needs a description\n" in (
        run.stderr
    )


def test_a_non_compliance_stated_on_a_reading_item_records_no_reading(cli: Cli, work: Path) -> None:
    """A broken sensor: the methane item is non-compliant with no value measured."""
    refusal = inspect(
        cli,
        work / "f.toml",
        answers(f'"{GAS}" = "compliant"', f'"{METHANE}" = {{ result = "noncompliant" }}'),
    )
    assert (refusal.exit_code, refusal.stdout) == (2, "")
    assert refusal.stderr == (
        "<stdin>:3:1: methane-return: a non-compliant finding needs a description\n"
        "minecheck: error: the answers cannot be used; nothing was written\n"
    )
    out = work / "f.toml"
    stated = f'"{METHANE}" = {{ result = "noncompliant", description = "sensor off" }}'
    run = inspect(cli, out, answers(f'"{GAS}" = "compliant"', stated))
    assert (run.exit_code, run.stdout) == (0, f"{out}\n"), run.stderr
    assert findings(out)[1] == {
        "item": METHANE,
        "result": "noncompliant",
        "severity": "major",
        "basis": ["CMHD-5.2"],
        "description": "sensor off",
        "deadline": dt.date.today() + dt.timedelta(days=30),
    }


def test_immediate_measures_belong_to_a_non_compliance_and_are_named(cli: Cli, work: Path) -> None:
    text = answers(
        f'"{GAS}" = {{ result = "compliant", immediate = ["stop-work"] }}',
        f'"{METHANE}" = {{ reading = 1.3, immediate = ["run"] }}',
    )
    run = inspect(cli, work / "f.toml", text)
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == (
        "<stdin>:2:1: gas-check-genuine: immediate belongs only to a noncompliant answer\n"
        "<stdin>:3:1: methane-return: immediate measure must be one of withdraw-persons, "
        "stop-work, stop-equipment, seal, post-warning\n"
        "minecheck: error: the answers cannot be used; nothing was written\n"
    )
    assert not (work / "f.toml").exists()


# -- required evidence ------------------------------------------------------------------------


def test_required_evidence_is_enforced_or_its_absence_explained(cli: Cli, work: Path) -> None:
    checklist = required_evidence_checklist(work)
    base = ["inspect", str(checklist), "--site", "Mine A", "--answers", "-"]
    bare = answers(f'"{GAS}" = "compliant"', f'"{METHANE}" = {{ reading = 0.2 }}')
    run = cli([*base, "-o", "a.toml"], input=bare)
    assert run.exit_code == 2
    assert (
        "<stdin>:2:1: gas-check-genuine: item 'gas-check-genuine' requires evidence: give a file, "
        "or the reason there is none (evidence_reason)\n"
    ) in run.stderr

    run = cli([*base, "-o", "b.toml", "--allow-incomplete"], input=bare)
    assert run.exit_code == 0, run.stderr
    assert (
        "minecheck: warning: <stdin>: gas-check-genuine: requires evidence, and none is given\n"
        in run.stderr
    )

    explained = answers(
        f'"{GAS}" = {{ result = "compliant", evidence_reason = "camera not allowed underground" }}',
        f'"{METHANE}" = {{ reading = 0.2 }}',
    )
    run = cli([*base, "-o", "c.toml"], input=explained)
    assert run.exit_code == 0, run.stderr
    assert findings(work / "c.toml")[0] == {
        "item": GAS,
        "result": "compliant",
        "note": "no evidence: camera not allowed underground",
    }


def test_required_evidence_is_enforced_on_a_non_compliance_too(cli: Cli, work: Path) -> None:
    checklist = required_evidence_checklist(work)
    base = ["inspect", str(checklist), "--site", "Mine A", "--answers", "-"]
    found = answers(
        f'"{GAS}" = {{ result = "noncompliant", description = "board not filled in" }}',
        f'"{METHANE}" = {{ reading = 0.2 }}',
    )
    run = cli([*base, "-o", "a.toml"], input=found)
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == (
        "<stdin>:2:1: gas-check-genuine: item 'gas-check-genuine' requires evidence: give a file, "
        "or the reason there is none (evidence_reason)\n"
        "minecheck: error: the answers cannot be used; nothing was written\n"
    )
    assert not (work / "a.toml").exists()


# -- answers input ----------------------------------------------------------------------------


def test_json_answers_with_a_key_given_twice_are_refused(cli: Cli, work: Path) -> None:
    text = (
        '{"answers": {"'
        + GAS
        + '": "compliant", "'
        + METHANE
        + '": {"reading": 0.2}, "'
        + GAS
        + '": "noncompliant"}}'
    )
    run = inspect(cli, work / "f.toml", text)
    assert run.exit_code == 2
    assert f"<stdin>: duplicate key '{GAS}'\n" in run.stderr
    assert "minecheck: error: <stdin>: the same key appears twice\n" in run.stderr


def test_standard_input_is_read_only_up_to_the_limit(cli: Cli, work: Path) -> None:
    run = inspect(cli, work / "f.toml", b"#" * (MAX_ANSWERS_BYTES + 10))
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == (
        f"minecheck: error: <stdin>: answers file is over the limit of {MAX_ANSWERS_BYTES} bytes\n"
    )


# -- -o DIR -----------------------------------------------------------------------------------


GOOD = answers(f'"{GAS}" = "compliant"', f'"{METHANE}" = {{ reading = 0.2 }}')


def test_o_dir_writes_the_default_name_into_it(cli: Cli, work: Path) -> None:
    reports = work / "reports"
    reports.mkdir()
    for extra in ((), ("--force",)):
        args = ["inspect", str(CHECKLIST), "--site", "Mine A", "-o", str(reports), "--answers", "-"]
        run = cli([*args, *extra], input=GOOD)
        assert run.exit_code == 0, run.stderr
        [written] = [Path(line) for line in run.stdout.splitlines()]
        assert written.parent == reports
        local = dt.datetime.now().astimezone().strftime("%Y%m%d")  # the local date, not UTC
        assert written.name.startswith(f"mini-check-{local}-")
        assert document(written)["minecheck"]["signer"] == ALICE


def test_sign_o_dir(cli: Cli, work: Path) -> None:
    out = work / "f.toml"
    assert inspect(cli, out, GOOD).exit_code == 0
    body = out.read_bytes()
    unsigned = work / "u.toml"
    unsigned.write_bytes(body[: body.index(b"[signature]")])
    target = work / "signed"
    target.mkdir()
    run = cli(["sign", str(unsigned), "-o", str(target), "--force"])
    assert (run.exit_code, run.stdout) == (0, f"{target / 'u.toml'}\n"), run.stderr
    assert "Traceback" not in run.stderr


# -- verify --evidence ------------------------------------------------------------------------


def test_verify_evidence_catches_a_changed_or_missing_photo(cli: Cli, work: Path) -> None:
    (work / "ev").mkdir()
    photo, fan = work / "ev" / "board.jpg", work / "ev" / "fan.jpg"
    photo.write_bytes(b"\xff\xd8 the board")
    fan.write_bytes(b"fan")
    out = work / "f.toml"
    text = answers(
        f'"{GAS}" = {{ result = "compliant", evidence = ["ev/board.jpg"] }}',
        f'"{METHANE}" = {{ reading = 0.2, evidence = ["ev/fan.jpg"] }}',
    )
    assert inspect(cli, out, text).exit_code == 0
    run = cli(["verify", "--evidence", str(out)])
    assert run.exit_code == 0, run.stdout + run.stderr

    photo.write_bytes(b"\xff\xd8 the board, edited")
    fan.unlink()
    run = cli(["verify", "--evidence", str(out)])
    assert run.exit_code == 1
    lines = run.stdout.splitlines()
    assert lines[0].startswith(f"{out}: trusted: ")  # the signature status stays what it is
    assert lines[1:] == [
        f"{out}: evidence-changed: ev/board.jpg: 20 bytes where 12 were recorded",
        f"{out}: evidence-missing: ev/fan.jpg: the file does not exist",
    ]
    envelope = cli(["verify", "--evidence", "--json", str(out)]).json()
    assert envelope["exit_code"] == 1
    assert [e["status"] for e in envelope["data"]["files"][0]["evidence"]] == [
        "evidence-changed",
        "evidence-missing",
    ]
    assert cli(["verify", str(out)]).exit_code == 0  # without the flag: the signature only

    # a directory or a pipe where the photo was: said for what it is, and a pipe never read
    photo.unlink()
    photo.mkdir()
    os.mkfifo(work / "ev" / "fan.jpg")
    run = cli(["verify", "--evidence", str(out)])
    assert run.exit_code == 1
    assert run.stdout.splitlines()[1:] == [
        f"{out}: evidence-missing: ev/board.jpg: a directory is there, not the file",
        f"{out}: evidence-missing: ev/fan.jpg: not a regular file (a FIFO)",
    ]


# -- the catalogue ----------------------------------------------------------------------------


MESSAGE_CALLS = ("t", "tr", "written", "AnswerError")  # whose first argument is a message


def _messages() -> list[tuple[str, str]]:
    found = []
    for path in sorted((REPO / "src" / "minecheck").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            if (isinstance(func, ast.Name) and func.id in MESSAGE_CALLS) or (
                # core.schema's and a checklist's messages, made by the Validator's `say`
                path.name in ("schema.py", "checklist.py", "checklist_lint.py")
                and getattr(func, "attr", getattr(func, "id", None)) == "say"
            ):
                where, first = f"{path.name}:{node.lineno}", node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    found.append((where, first.value))
                elif isinstance(first, ast.JoinedStr):  # made before it could be looked up
                    found.append((where, "an f-string given to a message"))
    return found


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_message_has_its_chinese_with_the_same_fields() -> None:
    messages = _messages()
    assert len(messages) > 50
    missing = [where for where, text in messages if text not in ZH]
    assert missing == []
    differ = [text for text in ZH if _fields(text) != _fields(ZH[text])]
    assert differ == []
    # the words core.schema puts into its messages: the type names and the answers file's parts
    assert [name for name in (*_TYPE_NAMES.values(), "the answers file") if name not in ZH] == []


def test_t_follows_set_language() -> None:
    try:
        set_language("zh")
        assert t("signed and written: {path}", path="f.toml") == "已签名并写入：f.toml"
        assert t("an unknown message {x}", x=1) == "an unknown message 1"
    finally:
        set_language("en")
    assert t("signed and written: {path}", path="f.toml") == "signed and written: f.toml"


# -- a long walk is linear --------------------------------------------------------------------


class CountingId(str):
    """An item id that counts how often it is compared: a walk must not search per step."""

    compared = 0

    def __eq__(self, other: object) -> bool:
        CountingId.compared += 1
        return str.__eq__(self, other)

    __hash__ = str.__hash__


def test_a_long_walk_does_not_search_per_step(tmp_path: Path) -> None:
    mini = load_checklist(CHECKLIST)
    template = mini.sections[0].items[0]
    count = 3000
    items = tuple(
        replace(template, id=CountingId(f"item-{n}"), evidence="none") for n in range(count)
    )
    section = replace(mini.sections[0], items=items)
    big: Checklist = replace(mini, sections=(section,))
    draft = Draft(
        id="d",
        checklist=big.id,
        checklist_path="x",
        checklist_version="1",
        checklist_sha256="0",
        site="Mine A",
        site_tags=["coal-underground"],
        inspector="W",
        mode="routine",
        inspection_id="i",
        language="en",
        output=str(tmp_path / "f.toml"),
        started=dt.datetime(2026, 11, 29, tzinfo=dt.UTC),
    )
    specs = {item.id: AnswerSpec(result="compliant") for item in items}
    walk = Walk(big, draft, ScriptedPrompter(specs), lambda _d: None, dt.date(2026, 11, 29), _no)
    CountingId.compared = 0
    assert walk.run() == "done"
    assert len(draft.answers) == count
    assert CountingId.compared < 10 * count  # a search per step would be ~count²/2


def _no(path: str) -> Any:
    raise AssertionError(path)


def test_the_pieces_of_the_walk_load_without_posix_modules() -> None:
    """Checked in a subprocess by tests/test_portable.py; this keeps the data file honest."""
    assert json.loads((DATA / "answers" / "mini-good.json").read_text("utf-8"))["answers"]
    assert OUTBURST


# -- the draft lock ---------------------------------------------------------------------------


def test_the_lock_holds_on_the_draft_after_its_directory_is_removed(tmp_path: Path) -> None:
    import shutil

    from minecheck.errors import UsageError
    from minecheck.session.draft import DraftLock, locked

    directory = tmp_path / "drafts"
    with locked(directory, "d") as held:
        shutil.rmtree(directory)  # someone removes the drafts directory mid-walk
        held.check()  # the next save takes the lock again, on the new file
        other = DraftLock(directory, "d")
        with pytest.raises(UsageError) as info:
            other.acquire()
        assert info.value.message.startswith("draft d is open in another minecheck (process ")
    with locked(directory, "d"):  # free once the walk ends
        pass


# -- usage errors -----------------------------------------------------------------------------


def test_usage_errors_read_like_every_other_error(tmp_path: Path) -> None:
    import subprocess
    import sys

    exe = Path(sys.executable).parent / "minecheck"
    result = subprocess.run(
        [str(exe), "inspect", "x", "--sit", "Mine A"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
        cwd=tmp_path,
    )
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        "minecheck: error: No such option: --sit (Possible options: --signer, --site, --site-id)\n"
        "  hint: minecheck inspect --help\n"
    )
    help_text = subprocess.run(
        [str(exe), "inspect", "--help"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
        env={"COLUMNS": "120", "NO_COLOR": "1", "PATH": "/usr/bin:/bin"},
    ).stdout
    assert "CHECKLIST" in help_text
    assert re.search(r"--tag +TAG ", help_text)
    assert re.search(r"--answers +FILE ", help_text)
    assert "<list[str]>" not in help_text
    assert re.search(r"--allow-incomplete +Record", help_text)  # a flag shows no type
    assert re.search(r"--lang +LANG ", help_text)


# -- the trust keeper's path ------------------------------------------------------------------


def test_trust_takes_what_keys_generate_and_verify_print(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    made = cli(["keys", "generate", "--principal", "wang.wei@hlj.example", "--json"]).json()
    line = made["data"]["allowed_signers"]
    fingerprint = made["data"]["fingerprint"]
    out = tmp_path / "f.toml"
    signed = cli(
        [
            *("inspect", str(CHECKLIST), "--site", "Mine A", "-o", str(out)),
            *("--answers", "-"),
        ],
        input=GOOD,
    )
    assert signed.exit_code == 0, signed.stderr
    untrusted = cli(["verify", str(out)])
    assert untrusted.exit_code == 1
    assert ": untrusted-key: " in untrusted.stdout
    assert "minecheck trust add --principal wang.wei@hlj.example" in untrusted.stderr
    # (a home never set up has no trust list: verify names the file it looked for)
    assert "  no key is trusted here: there is no " in untrusted.stderr

    run = cli(["trust", "add", "--from", "-"], input=line + "\n")  # the line, on stdin
    assert (run.exit_code, run.stdout) == (0, line + "\n"), run.stderr
    assert cli(["verify", str(out)]).exit_code == 0
    (tmp_path / "wang.wei.allowed_signers").write_text(line + "\n", "utf-8")
    again = cli(["trust", "add", "--from", "wang.wei.allowed_signers"])
    assert again.exit_code == 0
    assert again.stdout == ""
    assert "minecheck: warning: " in again.stderr
    assert "is already trusted for wang.wei@hlj.example" in again.stderr
    pub = made["data"]["public_key_path"]
    dup = cli(["trust", "add", "--principal", "wang.wei@hlj.example", "--key", pub, "--json"])
    assert dup.exit_code == 0  # as with --from: a script run again goes on
    assert dup.json()["data"]["added"] == []
    assert dup.json()["problems"][0]["code"] == "duplicate"

    revoked = cli(["trust", "revoke", fingerprint])  # the fingerprint as verify prints it
    assert revoked.exit_code == 0, revoked.stderr
    assert ": revoked: " in cli(["verify", str(out)]).stdout


# -- a skipped item is announced when it comes back -------------------------------------------


def test_a_skipped_item_is_announced_when_it_comes_back(tmp_path: Path) -> None:
    import io

    from rich.console import Console

    from minecheck.cli._prompter import RichPrompter
    from minecheck.session.walk import Reply, Step
    from tests.test_session_unit import SKIP, FakePrompter, reading, walker

    class Recording(FakePrompter):
        returning: list[bool]

        def ask(self, step: Step) -> Reply:
            self.returning.append(step.returning)
            return super().ask(step)

    prompter = Recording([SKIP, reading(0.5), Reply(result="compliant")])
    prompter.returning = []
    w = walker(load_checklist(CHECKLIST), tmp_path, prompter)
    assert w.walk.run() == "done"
    assert prompter.returning == [False, False, True]

    out = io.StringIO()
    shown = RichPrompter(Console(file=out, width=80, no_color=True), "en", dt.date(2026, 1, 1))
    item = load_checklist(CHECKLIST).sections[0].items[0]
    shown._show(Step(item, 1, 2, "Gas", None, returning=True))
    assert out.getvalue().startswith("A skipped item comes back:\n")


def test_the_question_wraps_on_words(monkeypatch: pytest.MonkeyPatch) -> None:
    """The question ends on the line where the key is typed, folded between words."""
    import io

    from rich.console import Console

    from minecheck.cli import _prompter
    from minecheck.session.walk import Step

    monkeypatch.setattr(_prompter, "read_key", lambda: "y")
    out = io.StringIO()
    console = Console(file=out, width=20, no_color=True, soft_wrap=True)  # as the sink makes it
    item = load_checklist(CHECKLIST).sections[0].items[0]
    prompter = _prompter.RichPrompter(console, "en", dt.date(2026, 1, 1))
    assert prompter.ask(Step(item, 1, 2, "Gas", None)).result == "compliant"
    lines = [line.rstrip() for line in out.getvalue().splitlines()]
    assert lines[-3:] == ["Are gas checks", "done and", "genuine? > y"]  # "> " never alone
    assert max(map(len, lines)) <= 20


def test_a_draft_with_a_nan_reading_resumes_and_asks_that_item_again(tmp_path: Path) -> None:
    from minecheck.core.documents import Finding, ReadingValue
    from minecheck.session import draft as drafts
    from tests.test_session_unit import DRAFT_ID, new_draft

    cl = load_checklist(CHECKLIST)
    d = new_draft(cl, tmp_path / "f.toml")
    d.answers[METHANE] = Finding(METHANE, "compliant", reading=ReadingValue(0.5, "%CH4", None, 1.0))
    d.answers[GAS] = Finding(GAS, "compliant")
    directory = tmp_path / "drafts"
    drafts.save(directory, d)
    path = drafts.draft_path(directory, DRAFT_ID)
    text = path.read_text("utf-8")
    assert "value = 0.5" in text
    path.write_text(text.replace("value = 0.5", "value = nan"), "utf-8")
    loaded = drafts.load(path)
    assert sorted(loaded.answers) == [GAS]  # the impossible reading is asked again


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '{"answers": ' + "[" * 100_000 + "]" * 100_000 + "}",
            [
                "<stdin>: invalid JSON: nested too deeply",
                "minecheck: error: <stdin> is nested too deeply",
            ],
        ),
        (
            '{"answers": {"x": ' + "1" * 5000 + "}}",
            [
                "<stdin>: invalid JSON: a number is too long (more than 4300 digits)",
                "minecheck: error: <stdin> is not valid JSON",
            ],
        ),
    ],
    ids=["nested too deeply", "a number too long"],
)
def test_bad_json_answers_are_worded_as_bad_json_events(
    cli: Cli, work: Path, text: str, expected: list[str]
) -> None:
    run = inspect(cli, work / "f.toml", text)
    assert run.exit_code == 2
    assert run.stderr.splitlines()[: len(expected)] == expected


def _an_item() -> Any:
    return next(iter(load_checklist(CHECKLIST).items))


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("2027-01-10", dt.date(2027, 1, 10)),
        ("2027-1-10", dt.date(2027, 1, 10)),
        (" 2027-1-5 ", dt.date(2027, 1, 5)),
        ("２０２７－０１－１０", dt.date(2027, 1, 10)),
        ("2027年1月10日", dt.date(2027, 1, 10)),
        ("2027-13-01", None),
        ("27-1-10", None),
        ("2027/1/10x", None),
        ("٢٠٢٧-1-10", None),  # digits of another script are not read as a year
        ("\ufeff2027-01-10", dt.date(2027, 1, 10)),  # pasted: a BOM, a zero-width space
        ("2027-01-10\u200b", dt.date(2027, 1, 10)),
        ("\u200e2027年1月10日\u200f", dt.date(2027, 1, 10)),  # direction marks
    ],
)
def test_a_deadline_as_people_write_it(typed: str, day: dt.date | None) -> None:
    assert parse_date(typed) == day


# -- what the walk records and asks (round 21 of mutating the code: session/walk.py) ----------


def _variant(directory: Path, old: str, new: str) -> Path:
    """mini-check with one line of it changed (the file keeps its name: the checklist's id)."""
    text = CHECKLIST.read_text("utf-8")
    assert old in text
    path = directory / "mini-check.toml"
    path.write_text(text.replace(old, new, 1), "utf-8")
    return path


@pytest.mark.parametrize(
    ("condition", "en", "zh"),
    [
        (
            'applies_if = ["outburst", "high-gas"]',
            "applies only to: one of outburst, high-gas",
            "仅适用于：outburst，high-gas 之一",
        ),
        (
            'applies_if = ["outburst", "high-gas"]\napplies_if_all = ["coal-underground"]',
            "applies only to: one of outburst, high-gas, and coal-underground",
            "仅适用于：outburst，high-gas 之一 且 coal-underground",
        ),
        (
            'applies_if = ["outburst"]\napplies_if_all = ["coal-underground"]',
            "applies only to: outburst and coal-underground",
            "仅适用于：outburst 且 coal-underground",
        ),
        (
            'applies_if_all = ["coal-underground", "outburst"]',
            "applies only to: coal-underground and outburst",
            "仅适用于：coal-underground 且 outburst",
        ),
    ],
    ids=["some", "some-and-every", "one-and-every", "every"],
)
def test_an_item_ruled_out_by_the_tags_is_signed_with_its_condition_in_words(
    cli: Cli, work: Path, condition: str, en: str, zh: str
) -> None:
    checklist = _variant(work, 'applies_if = ["outburst"]', condition)
    text = answers(f'"{GAS}" = "compliant"', f'"{METHANE}" = {{ reading = 0.4 }}')
    for language, note in (("en", en), ("zh", zh)):
        out = work / f"{language}.toml"
        args = ["inspect", str(checklist), "--site", "Mine A", "-o", str(out), "--answers", "-"]
        run = cli([*args, "--lang", language], input=text)
        assert (run.exit_code, run.stdout) == (0, f"{out}\n"), run.stderr
        assert findings(out)[2] == {"item": OUTBURST, "result": "not-applicable", "note": note}
        assert verify_status(cli, out) == "trusted"


def _walk(tmp_path: Path, prompter: FakePrompter, cl: Checklist | None = None) -> Walked:
    return walker(cl or load_checklist(CHECKLIST), tmp_path, prompter)


def test_back_from_the_first_answered_item_goes_no_further(tmp_path: Path) -> None:
    """`b` on the first item answered, reached by going back, says so and asks it again: it
    does not wrap round to the last item answered."""
    prompter = FakePrompter([Y, BACK, BACK, Y, reading(0.5)])
    w = _walk(tmp_path, prompter)
    assert w.walk.run() == "done"
    assert prompter.problems == ["this is the first question"]
    assert prompter.asked == [
        (GAS, False, None),
        (METHANE, False, None),
        (GAS, True, "compliant"),
        (GAS, True, "compliant"),
        (METHANE, False, None),
    ]


def test_an_item_the_tags_rule_out_is_not_answered_again_from_the_review(tmp_path: Path) -> None:
    """The id of an item the site's tags rule out, typed at the review, asks nothing: it stays
    not-applicable as the walk wrote it, and the review says there is no such item to answer."""
    prompter = FakePrompter([Y, reading(0.5)], choices=[OUTBURST, "sign"])
    w = _walk(tmp_path, prompter)
    assert w.walk.run() == "done"
    assert prompter.problems == [f"no item '{OUTBURST}' to answer again"]
    assert prompter.asked == [(GAS, False, None), (METHANE, False, None)]
    assert w.walk.draft.answers[OUTBURST].result == "not-applicable"


def test_a_name_near_an_item_s_id_at_the_review_is_answered_with_the_id(tmp_path: Path) -> None:
    prompter = FakePrompter([Y, reading(0.5)], choices=["gas-check-genuin", "sign"])
    w = _walk(tmp_path, prompter)
    assert w.walk.run() == "done"
    assert prompter.problems == [
        "no item 'gas-check-genuin' to answer again; did you mean gas-check-genuine?"
    ]
    set_language("zh")
    try:
        prompter = FakePrompter([Y, reading(0.5)], choices=["gas-check-genuin", "sign"])
        assert _walk(tmp_path / "zh", prompter).walk.run() == "done"
    finally:
        set_language("en")
    assert prompter.problems == [
        "没有可重新作答的条目“gas-check-genuin”；您是指 gas-check-genuine 吗？"
    ]


def test_an_answer_by_key_on_an_item_requiring_evidence_records_the_reason_for_none(
    tmp_path: Path,
) -> None:
    """A `y` on an item that requires evidence asks for it; the reason given for there being
    none is recorded with the answer (not refused, asked again)."""
    cl = load_checklist(required_evidence_checklist(tmp_path))
    prompter = FakePrompter([Y, reading(0.5)])
    w = _walk(tmp_path, prompter, cl)
    assert w.walk.run() == "done"
    assert prompter.problems == []
    gas = w.walk.draft.answers[GAS]
    assert (gas.result, gas.note, gas.evidence) == ("compliant", "no evidence: no camera", ())


def test_an_answer_without_evidence_for_a_reason_still_fits_when_evidence_becomes_required(
    tmp_path: Path,
) -> None:
    """A checked answer that says why it has no evidence is kept when the new version of the
    checklist requires evidence; one that says nothing is asked again."""
    old = load_checklist(CHECKLIST)
    d = new_draft(old, tmp_path / "f.toml")
    reasoned = Finding(GAS, "compliant", note="board checked; no evidence: no camera")
    d.answers = {GAS: reasoned}
    new = load_checklist(required_evidence_checklist(tmp_path))
    lost = refit(new, d)
    assert (lost.removed, lost.changed, lost.ruled_out) == ((), (), ())
    assert d.answers == {GAS: reasoned}
    d.answers[GAS] = Finding(GAS, "compliant", note="board checked")
    lost = refit(new, d)
    assert (lost.changed, dict(lost.why)) == ((GAS,), {GAS: "evidence"})


def test_a_not_applicable_answer_without_a_note_counts_as_given(tmp_path: Path) -> None:
    d = new_draft(load_checklist(CHECKLIST), tmp_path / "f.toml")
    d.answers = {
        GAS: Finding(GAS, "not-applicable"),
        METHANE: Finding(METHANE, "compliant", note="applies only to: the return airway"),
        OUTBURST: Finding(OUTBURST, "not-applicable", note="applies only to: outburst"),
    }
    assert given_answers(d) == 2
    assert holds_work(d)


def test_of_two_answers_left_unfinished_the_walk_goes_back_to_the_last_only(
    tmp_path: Path,
) -> None:
    """Two answered items each with part of a new answer typed (the walk was interrupted twice
    while going back): the walk resumes at the later one, then goes on; the earlier one's typed
    fields wait until it is asked again."""
    cl = load_checklist(CHECKLIST)
    d = new_draft(cl, tmp_path / "f.toml")
    d.answers = {GAS: Finding(GAS, "compliant"), METHANE: Finding(METHANE, "compliant")}
    d.history = [GAS, METHANE]
    d.unfinished = {GAS: {"description": "typed"}, METHANE: {"description": "typed"}}
    prompter = FakePrompter([reading(0.3)])
    walk = Walk(cl, d, prompter, lambda _: None, TODAY, lambda p: Evidence(p, "", 0))
    assert walk.run() == "done"
    assert prompter.asked == [(METHANE, True, "compliant")]
    assert d.unfinished == {GAS: {"description": "typed"}}


def test_a_skipped_item_asked_again_at_the_end_is_shown_as_returning(tmp_path: Path) -> None:
    shown: list[tuple[str, bool, bool]] = []

    class Recording(FakePrompter):
        def ask(self, step: Step) -> Reply:
            shown.append((step.item.id, step.revisit, step.returning))
            return super().ask(step)

    prompter = Recording([SKIP, reading(0.5), BACK, reading(0.4), Y])
    assert _walk(tmp_path, prompter).walk.run() == "done"
    assert shown == [
        (GAS, False, False),
        (METHANE, False, False),
        (GAS, False, True),  # the skipped one, at the end
        (METHANE, True, False),  # gone back to from it: not a skipped one returning
        (GAS, False, True),
    ]


def test_refit_asks_an_item_ruled_out_by_its_old_condition_that_now_applies(
    tmp_path: Path,
) -> None:
    """An item the walk recorded not-applicable from the site's tags is not an answer lost
    when it still does not apply (no 'ruled out' said), and is asked when it now applies;
    skipped items stay skipped unless their item is gone or no longer applies."""
    old = load_checklist(CHECKLIST)
    by_tags = Finding(OUTBURST, "not-applicable", note="applies only to: outburst")
    d = new_draft(old, tmp_path / "f.toml")
    d.answers = {OUTBURST: by_tags}
    d.skipped = [GAS, "gone", METHANE]
    lost = refit(old, d)
    assert (lost.removed, lost.changed, lost.ruled_out) == ((), (), ())
    assert d.skipped == [GAS, METHANE]
    now_applies = load_checklist(
        _variant(tmp_path, 'applies_if = ["outburst"]', 'applies_if = ["coal-underground"]')
    )
    lost = refit(now_applies, d)
    assert (lost.removed, lost.changed, lost.ruled_out) == ((), (), ())
    assert d.answers == {}
    prompter = FakePrompter([Y, Y, reading(0.5)])  # the skipped ones come back at the end
    walk = Walk(now_applies, d, prompter, lambda _: None, TODAY, no_evidence)
    assert walk.run() == "done"
    assert [asked[0] for asked in prompter.asked] == [OUTBURST, GAS, METHANE]


def test_quit_on_an_item_chosen_at_the_review_quits_the_walk(tmp_path: Path) -> None:
    prompter = FakePrompter([Y, reading(0.5), QUIT], choices=[GAS, "sign"])
    w = _walk(tmp_path, prompter)
    assert w.walk.run() == "quit"
    assert len(prompter.reviews) == 1
    assert prompter.choices == ["sign"]
    assert w.walk.draft.answers[GAS].result == "compliant"


def test_each_field_typed_is_saved_once_and_a_cleared_one_is_dropped(tmp_path: Path) -> None:
    """The walk keeps the fields of an answer as they are typed: a change is saved at once, a
    value typed again as it was or an empty field never given is not saved again, a field
    cleared is dropped; the draft on disk holds what was typed when the walk stopped."""
    seen: list[tuple[dict[str, object], int]] = []

    class Typing(FakePrompter):
        def ask(self, step: Step) -> Reply:
            for name, value in [
                ("description", "board"),
                ("description", "board"),  # (the same again)
                ("location", ""),  # (an empty field never given)
                ("evidence", ("ev/a.jpg",)),
                ("description", "board shows checks never made"),
                ("evidence", ()),  # (cleared)
                ("measures", None),  # (never given)
            ]:
                step.keep(name, value)
                seen.append((dict(w.walk.draft.unfinished.get(GAS, {})), len(w.saves)))
            return QUIT

    w = _walk(tmp_path, Typing([]))
    assert w.walk.run() == "quit"
    assert seen == [
        ({"description": "board"}, 2),
        ({"description": "board"}, 2),
        ({"description": "board"}, 2),
        ({"description": "board", "evidence": ["ev/a.jpg"]}, 3),
        ({"description": "board shows checks never made", "evidence": ["ev/a.jpg"]}, 4),
        ({"description": "board shows checks never made"}, 5),
        ({"description": "board shows checks never made"}, 5),
    ]
    saved = drafts.load(drafts.draft_path(w.directory, DRAFT_ID))
    assert saved.unfinished == {GAS: {"description": "board shows checks never made"}}


def test_refit_names_what_changed_in_an_item_it_asks_again(tmp_path: Path) -> None:
    """A reading recorded on an item that no longer takes one; a non-compliance without
    evidence or a reason for none on an item that now requires evidence."""
    old = load_checklist(CHECKLIST)
    d = new_draft(old, tmp_path / "f.toml")
    d.answers = {
        GAS: Finding(GAS, "noncompliant", severity="major", basis=("CMHD-5.1",), description="x"),
        METHANE: Finding(METHANE, "compliant", reading=ReadingValue(0.5, "%CH4", max=1.0)),
    }
    assert refit(old, copy.deepcopy(d)).changed == ()
    text = required_evidence_checklist(tmp_path).read_text("utf-8")
    no_reading = text.replace('reading = { unit = "%CH4", max = 1.0 }\n', "", 1)
    assert no_reading != text
    (tmp_path / "mini-check.toml").write_text(no_reading, "utf-8")
    lost = refit(load_checklist(tmp_path / "mini-check.toml"), d)
    assert (lost.changed, dict(lost.why)) == (
        (GAS, METHANE),
        {GAS: "evidence", METHANE: "no-reading"},
    )


def test_refit_keeps_a_grade_lowered_for_a_reason(tmp_path: Path) -> None:
    """A major item's non-compliance recorded general with its reason still fits a new version
    of the checklist that leaves the item as it was; one regraded without a reason does not."""
    old = load_checklist(CHECKLIST)
    d = new_draft(old, tmp_path / "f.toml")
    lowered = Finding(
        GAS,
        "noncompliant",
        severity="general",
        severity_reason="one board, corrected on the spot",
        basis=("CMHD-5.1",),
        description="x",
        note="no evidence: no camera",
    )
    d.answers = {GAS: lowered}
    newer = load_checklist(_variant(tmp_path, 'title = "Mini check"', 'title = "Mini check 2"'))
    assert newer.sha256 != old.sha256
    lost = refit(newer, d)
    assert (lost.removed, lost.changed, lost.ruled_out) == ((), (), ())
    assert d.answers == {GAS: lowered}
    d.answers[GAS] = replace(lowered, severity_reason=None)
    assert dict(refit(newer, d).why) == {GAS: "grade"}


def test_refit_asks_again_a_reading_under_other_limits_after_an_unanswered_item(
    tmp_path: Path,
) -> None:
    old = load_checklist(CHECKLIST)
    d = new_draft(old, tmp_path / "f.toml")
    d.answers = {METHANE: Finding(METHANE, "compliant", reading=ReadingValue(0.5, "%CH4", max=1.0))}
    d.history = [METHANE]
    newer = load_checklist(_variant(tmp_path, "max = 1.0", "max = 0.75"))
    lost = refit(newer, d)  # (the first item, before it, has no answer)
    assert (lost.changed, dict(lost.why)) == ((METHANE,), {METHANE: "reading-limits"})
    assert (d.answers, d.history) == ({}, [])


def test_back_from_an_item_outside_the_history_goes_to_the_last_answer(tmp_path: Path) -> None:
    """Resumed at an answered item with part of a new answer typed that the history does not
    hold: `b` goes to the last item answered."""
    cl = load_checklist(CHECKLIST)
    d = new_draft(cl, tmp_path / "f.toml")
    d.answers = {GAS: Finding(GAS, "compliant"), METHANE: Finding(METHANE, "compliant")}
    d.history = [GAS]
    d.unfinished = {METHANE: {"description": "typed"}}
    prompter = FakePrompter([BACK, Y, reading(0.3)])
    walk = Walk(cl, d, prompter, lambda _: None, TODAY, no_evidence)
    assert walk.run() == "done"
    assert prompter.problems == []
    assert [asked[0] for asked in prompter.asked] == [METHANE, GAS, METHANE]


def test_refit_keeps_the_inspector_s_own_not_applicable_and_notes(tmp_path: Path) -> None:
    """Only a not-applicable the walk wrote from the site's tags is written again: one the
    inspector gave, or a compliant answer whose note reads like it, is kept, evidence now
    required or not."""
    old = load_checklist(CHECKLIST)
    d = new_draft(old, tmp_path / "f.toml")
    given = {
        GAS: Finding(GAS, "not-applicable", note="the face is sealed"),
        METHANE: Finding(
            METHANE,
            "compliant",
            reading=ReadingValue(0.5, "%CH4", max=1.0),
            note="applies only to: the return; no evidence: no camera",
        ),
    }
    d.answers = dict(given)
    lost = refit(load_checklist(required_evidence_checklist(tmp_path)), d)
    assert (lost.removed, lost.changed, lost.ruled_out) == ((), (), ())
    assert d.answers == given


def test_an_item_chosen_at_the_review_by_its_number_is_asked_again(tmp_path: Path) -> None:
    prompter = FakePrompter([Y, reading(0.5), reading(0.7)], choices=["2", "3", "sign"])
    w = _walk(tmp_path, prompter)
    assert w.walk.run() == "done"
    assert prompter.asked[-1] == (METHANE, True, "compliant")
    assert prompter.problems == ["no item '3' to answer again"]  # (two items apply here)
    assert w.walk.draft.answers[METHANE].reading == ReadingValue(0.7, "%CH4", max=1.0)


def test_an_item_chosen_at_the_review_with_invisible_characters_pasted_is_asked_again(
    tmp_path: Path,
) -> None:
    """A number or an id copied with a BOM or a zero-width space names its item: it was "no
    item '\ufeff2' to answer again"."""
    choices = ["\ufeff2", f"{METHANE}\u200b", "sign"]
    prompter = FakePrompter([Y, reading(0.5), reading(0.7), reading(0.9)], choices=choices)
    w = _walk(tmp_path, prompter)
    assert w.walk.run() == "done"
    assert prompter.problems == []
    assert w.walk.draft.answers[METHANE].reading == ReadingValue(0.9, "%CH4", max=1.0)


def test_refit_asks_again_a_compliance_on_an_item_that_now_takes_a_reading(
    tmp_path: Path,
) -> None:
    old = load_checklist(_variant(tmp_path, 'reading = { unit = "%CH4", max = 1.0 }\n', ""))
    d = new_draft(old, tmp_path / "f.toml")
    d.answers = {METHANE: Finding(METHANE, "compliant", note="no evidence: no camera")}
    lost = refit(load_checklist(CHECKLIST), d)
    assert (lost.changed, dict(lost.why)) == ((METHANE,), {METHANE: "reading"})


# -- round 25 of mutating the code: the rest of round 21's sample of session/walk.py ---------


def test_refit_of_a_non_compliance_without_a_deadline_saves_the_draft(tmp_path: Path) -> None:
    """A draft's non-compliance without a deadline (one a person wrote into the draft) asked
    again under a new grade keeps what was typed, and the draft is saved and read back: no empty
    deadline is carried into the answer being typed (TOML has no empty value)."""
    d = new_draft(load_checklist(CHECKLIST), tmp_path / "f.toml")
    d.answers = {
        GAS: Finding(GAS, "noncompliant", severity="general", basis=("CMHD-5.1",), description="x")
    }
    assert dict(refit(load_checklist(CHECKLIST), d).why) == {GAS: "grade"}
    typed = {"result": "noncompliant", "severity": "general", "description": "x"}
    assert d.unfinished == {GAS: typed}
    drafts.save(tmp_path, d)
    assert drafts.load(drafts.draft_path(tmp_path, d.id)).unfinished == {GAS: typed}


def test_refit_forgets_an_item_skipped_that_the_checklist_no_longer_has(tmp_path: Path) -> None:
    """A draft that skipped an item a new version of the checklist removed resumes: the item is
    no longer among those skipped (nothing to come back to), the others are."""
    d = new_draft(load_checklist(CHECKLIST), tmp_path / "f.toml")
    d.skipped = ["roof-bolting-gone", GAS]
    d.answers = {METHANE: Finding(METHANE, "compliant", reading=ReadingValue(0.5, "%CH4", max=1.0))}
    lost = refit(load_checklist(CHECKLIST), d)
    assert (lost.removed, lost.changed, lost.ruled_out) == ((), (), ())
    assert d.skipped == [GAS]


def test_the_first_item_can_be_chosen_at_the_review_by_its_number(tmp_path: Path) -> None:
    prompter = FakePrompter([Y, reading(0.5), Y], choices=["1", "sign"])
    w = _walk(tmp_path, prompter)
    assert w.walk.run() == "done"
    assert prompter.problems == []
    assert prompter.asked[-1] == (GAS, True, "compliant")
