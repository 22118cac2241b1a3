"""Edges of the day's changes no test looked at: a Ctrl-C that reaches the line editor once it
has let its answer go; a JSON answers file made for another checklist or version; a summary
by checklist and item; a severity typed in full width when the walk stopped."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from rich.console import Console

from minecheck import portable
from minecheck.cli._line_reader import _new_session
from minecheck.cli._prompter import RichPrompter
from minecheck.core.checklist import Item
from minecheck.session.walk import Step
from tests.conftest import DATA
from tests.test_cli_signing import Cli
from tests.test_contract4 import here as here  # (a fixture: alice's key, trusted)
from tests.test_prompter import _Keyboard
from tests.test_small_faults import INSPECTION, OTHER_INSPECTION, _inspected, _other_checklist


def test_a_ctrl_c_reaching_the_editor_after_it_returned_ends_the_next_question(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A Ctrl-C's signal comes to the editor's event loop, which hands it on one turn later: in
    the turn that ends the question, it reaches the editor after it has returned its line, when
    it no longer holds an answer to end (no `future`). It is a stop: the question after it
    ends the walk. It was an error inside the loop ('NoneType' object has no attribute 'done'),
    printed with a traceback, and the Ctrl-C was lost."""
    monkeypatch.setattr(portable, "_stop_raised", [])
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        session = _new_session()
        pipe.send_text("Shaft 2\r")
        assert session.prompt("Location: ") == "Shaft 2"
        assert session.app.future is None  # (as prompt_toolkit leaves an editor that returned)
        session.app.key_processor.send_sigint()
    with pytest.raises(KeyboardInterrupt):
        portable.stop_lost()


# --- an answers file in JSON made for another checklist or version -----------------------------

MINI = DATA / "checklists" / "valid" / "mini-check.toml"
JSON_ANSWERS = {"gas-check-genuine": "compliant", "methane-return": {"reading": 0.5}}


@pytest.mark.parametrize(
    ("made_for", "code", "said"),
    [
        (
            {"checklist": "coal-major-hidden-dangers"},
            "checklist-differs",
            "a.json: these answers were made from the template of 'coal-major-hidden-dangers', "
            "not of mini-check",
        ),
        (
            {"checklist": "mini-check", "version": "2025.1"},
            "version-differs",
            "a.json: these answers were made from the template of mini-check '2025.1'; the "
            "installed checklist is mini-check 1, whose items and limits may differ",
        ),
    ],
)
def test_json_answers_made_for_another_are_refused_without_a_place(
    cli: Cli,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    made_for: dict[str, str],
    code: str,
    said: str,
) -> None:
    """JSON keeps no positions: the refusal names the file alone (no line, `line: null` with
    `--json`), and says its code; nothing is written."""
    monkeypatch.chdir(tmp_path)
    Path("a.json").write_text(json.dumps({**made_for, "answers": JSON_ANSWERS}))
    args = ["inspect", str(MINI), "--site", "Mine A", "--answers", "a.json"]
    run = cli(args)
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines()[0] == said
    assert run.stderr.splitlines()[-1] == (
        "minecheck: error: the answers cannot be used; nothing was written"
    )
    enveloped = cli([*args, "--json"])
    assert (enveloped.exit_code, enveloped.stderr) == (2, "")
    [problem, _] = enveloped.json()["problems"]
    assert (problem["code"], problem["path"], problem["line"], problem["column"]) == (
        code,
        "a.json",
        None,
        None,
    )
    assert list(tmp_path.glob("*findings*")) == []


# --- summary --by checklist,item: the item column is the id alone ------------------------------


@pytest.mark.parametrize("form", ["md", "table"])
def test_summary_by_checklist_and_item_names_each_id_alone(cli: Cli, here: Path, form: str) -> None:
    """Where the report is by checklist too, its column says whose item each is: an id two
    checklists share is shown as it is, not with its checklist after it a second time."""
    _inspected(cli, MINI, "a1.toml", "Mine A", "--site-id", "HLJ-0001")
    county = _other_checklist("mini-county")
    _inspected(
        cli, county, "c1.toml", "Mine C", "--site-id", "HLJ-0003", inspection=OTHER_INSPECTION
    )
    args = ["summary", "a1.toml", "c1.toml", "--by", "checklist,item", "--format", form]
    shown = cli(args)
    assert (shown.exit_code, shown.stderr) == (0, "")
    rows = [re.sub(r"[ │|┃]+", " ", line).strip() for line in shown.stdout.splitlines()]
    for checklist in ("mini-check", "mini-county"):
        assert any(row.startswith(f"{checklist} gas-check-genuine 1 1 1 ") for row in rows)
    assert "(mini-c" not in shown.stdout


@pytest.mark.parametrize("by", ["checklist", "severity", "month"])
@pytest.mark.parametrize("form", ["json", "nl"])
def test_summary_by_another_dimension_gives_no_item_columns(
    cli: Cli, here: Path, by: str, form: str
) -> None:
    """Only `--by item` gives an item's id and checklist: a group by anything else has its own
    column and the figures, no empty `item` or `checklist` beside them."""
    _inspected(cli, MINI, "a1.toml", "Mine A", "--site-id", "HLJ-0001")
    shown = cli(["summary", "a1.toml", "--by", by, "--format", form])
    assert (shown.exit_code, shown.stderr) == (0, "")
    lines = shown.stdout.splitlines()
    first = json.loads(shown.stdout)["groups"][0] if form == "json" else json.loads(lines[0])
    assert list(first)[:2] == [by, "findings"]


def test_problems_found_by_an_english_run_are_said_in_chinese_lists_by_a_chinese_one(
    cli: Cli, here: Path
) -> None:
    """The result cache keeps a problem of documents taken together as the run that found it
    made it: found in English, the Chinese run after it says its lists as Chinese does (、),
    the same bytes as had it found them itself."""
    _inspected(cli, MINI, "a1.toml", "Mine A", "--site-id", "HLJ-0001")
    _inspected(cli, _other_checklist("mini-county"), "a2.toml", "Mine A", "--site-id", "HLJ-0001")
    assert cli(["summary", "a1.toml", "a2.toml", "--lang", "en"]).exit_code == 0
    warm = cli(["summary", "a1.toml", "a2.toml", "--lang", "zh"])
    assert warm.exit_code == 0, warm.stderr
    assert (
        f"检查 {INSPECTION}：gas-check-genuine、methane-return、outburst-org 的结论来自不同的检查表"
        "（mini-check、mini-county）；这些结论被当作同一条检查结果"
    ) in warm.stderr


# --- a severity typed in full width, or with blanks, kept at a Ctrl-C -----------------------------


@pytest.mark.parametrize("typed", ["ｇｅｎｅｒａｌ", " general ", "一般 "])
def test_a_severity_typed_as_an_input_method_does_is_kept_at_a_ctrl_c(typed: str) -> None:
    """The line being typed at the severity when the walk stops is kept as the grade it names,
    read as the question reads an answer (full-width letters as ASCII, blanks around it
    dropped): typed with a Chinese input method it was lost, and the resumed walk offered the
    item's own grade again."""
    console = Console(file=io.StringIO(), width=200, no_color=True)
    prompter = RichPrompter(console, "en", dt.date(2026, 11, 29))
    prompter.lines = _Keyboard(["missed", "face 3"], typed)  # type: ignore[assignment]
    item = Item("gas", "s", "Gas?", "瓦斯？", "major", basis=("CMHD-5.1",), evidence="required")
    saved: dict[str, object] = {}
    with pytest.raises(KeyboardInterrupt):
        prompter.details(Step(item, 1, 1, "S", None, keep=saved.__setitem__), "noncompliant", None)
    assert saved["severity"] == "general"
