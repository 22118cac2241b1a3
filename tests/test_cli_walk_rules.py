"""The walk's command-line side (cli/_walk.py) as an inspector meets it, run in-process: keys
pressed and lines typed are given in order, so each case takes a moment (the real terminal is
tests/test_inspect_pty.py's and tests/test_walk_pty.py's)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import shutil
import subprocess
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from minecheck.cli import _walk
from minecheck.cli._output import Reporter
from minecheck.core.checklist import Checklist, load_checklist
from minecheck.core.documents import Evidence, Finding, ReadingValue
from minecheck.errors import InputError, UsageError
from minecheck.session import draft as drafts
from minecheck.session.draft import Draft
from tests.conftest import Run
from tests.test_inspect_pty import KEY_PROMPT, Terminal, ended
from tests.test_inspect_pty import keyed as keyed  # (fixtures: a terminal, Alice's key made)
from tests.test_inspect_pty import term as term
from tests.test_inspect_scripted import ALICE, CHECKLIST, Cli, document
from tests.test_inspect_scripted import work as work  # (a fixture: Alice's key, trusted)
from tests.test_locale_pty import UNSHOWN, UNSHOWN_HINT, EncodedTerminal
from tests.test_session_unit import DRAFT_ID, GAS, METHANE, new_draft


@pytest.fixture
def keys(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Keys pressed at the walk's one-key questions, in order; none left is Ctrl-C (a test
    that runs out of keys ends instead of waiting); standard input is taken for a terminal."""
    pressed: list[str] = []

    def read_key() -> str:
        if not pressed:
            raise KeyboardInterrupt
        return pressed.pop(0)

    monkeypatch.setattr("minecheck.cli._prompter.read_key", read_key)
    monkeypatch.setattr("minecheck.cli.inspect.stdin_is_tty", lambda: True)
    return pressed


def inspect(cli: Cli, *args: str, typed: str = "") -> Run:
    return cli(["inspect", str(CHECKLIST), "--site", "Mine A", *args], input=typed)


def warnings(run: Run) -> list[str]:
    """The warning lines (what is typed is not echoed here: one may follow a question)."""
    mark = "minecheck: warning:"
    return [line[line.index(mark) :] for line in run.stderr.splitlines() if mark in line]


def saved_id(run: Run) -> str:
    """The id of the draft a walk quit with `q` kept."""
    return run.stderr.split("saved draft ")[1].split(";")[0]


def started(cli: Cli, keys: list[str], out: Path) -> Run:
    """A walk stopped with `q` after one answer: its draft is kept."""
    keys[:] = ["y"]  # then `q` at the methane reading
    run = inspect(cli, "-o", str(out), typed="\nq\n")
    assert run.exit_code == 0, run.stderr
    assert "saved draft" in run.stderr
    return run


@pytest.mark.usefixtures("work")
def test_resuming_with_another_output_says_the_draft_keeps_its_own(
    cli: Cli, keys: list[str], tmp_path: Path
) -> None:
    """Resumed with another -o, the draft's own output is kept and said (one warning line);
    the resume question names the one answer given."""
    kept = saved_id(started(cli, keys, tmp_path / "a.toml"))
    run = inspect(cli, "-o", str(tmp_path / "b.toml"), typed="y\nq\n")
    assert run.exit_code == 0, run.stderr
    assert f"site exists ({kept[:8]}, 1 answer).\nResume it? [Y/n] " in run.stderr
    assert warnings(run) == [
        f"minecheck: warning: the draft keeps its own settings: output {tmp_path / 'a.toml'}"
    ]


@pytest.mark.usefixtures("work")
def test_resuming_with_the_same_output_or_none_given_warns_of_nothing(
    cli: Cli, keys: list[str], tmp_path: Path
) -> None:
    """The same -o, or none (a default name made from the time is no setting), is no change."""
    started(cli, keys, tmp_path / "a.toml")
    run = inspect(cli, "-o", str(tmp_path / "a.toml"), typed="y\nq\n")
    assert (run.exit_code, warnings(run)) == (0, [])
    run = inspect(cli, typed="y\nq\n")
    assert (run.exit_code, warnings(run)) == (0, [])


def draft_files(home: Path) -> list[str]:
    return sorted(p.name for p in (home / "drafts").iterdir()) if (home / "drafts").exists() else []


@pytest.mark.usefixtures("work")
def test_a_walk_to_the_end_signs_names_the_file_and_leaves_no_draft(
    cli: Cli, keys: list[str], tmp_path: Path, isolated_home: Path
) -> None:
    """Enter at the review signs: the path alone on stdout, said on stderr; the draft and its
    lock are gone; --json gives the document's counts, signer and path."""
    out = tmp_path / "a.toml"
    keys[:] = ["y"]
    run = inspect(cli, "-o", str(out), typed="\n0.5\n\n")
    assert (run.exit_code, run.stdout) == (0, f"{out}\n")
    assert run.stderr.endswith(f"signed and written: {out}\n")
    assert draft_files(isolated_home) == []
    assert cli(["verify", "--json", str(out)]).json()["data"]["files"][0]["status"] == "trusted"

    keys[:] = ["y"]
    run = inspect(cli, "-o", str(tmp_path / "b.toml"), "--json", typed="\n0.5\n\n")
    assert run.exit_code == 0, run.stderr
    data = run.json()["data"]
    assert (data["path"], data["signer"]) == (str(tmp_path / "b.toml"), ALICE)
    assert data["counts"] == {"compliant": 2, "not-applicable": 1}
    assert data["fingerprint"].startswith("SHA256:")
    assert draft_files(isolated_home) == []


@pytest.mark.usefixtures("work")
def test_quitting_before_any_answer_keeps_no_draft(
    cli: Cli, keys: list[str], tmp_path: Path, isolated_home: Path
) -> None:
    """Nothing is left in the drafts directory: neither the draft nor its lock file (one was
    left by every walk quit before its first answer, as signing and discarding leave none)."""
    keys[:] = ["q"]
    run = inspect(cli, "-o", str(tmp_path / "a.toml"), typed="\n")
    assert (run.exit_code, run.stdout) == (0, "")
    assert run.stderr.endswith("nothing was answered; no draft was kept\n")
    assert draft_files(isolated_home) == []
    assert not (tmp_path / "a.toml").exists()


@pytest.mark.usefixtures("work")
def test_a_draft_begun_in_chinese_resumes_in_chinese_and_says_so(
    cli: Cli, keys: list[str], tmp_path: Path, isolated_home: Path
) -> None:
    """Resumed from an English command, the walk goes on in the draft's language (the
    warning saying so is in the command's); the draft is kept when quit again."""
    keys[:] = ["y"]
    run = inspect(cli, "-o", str(tmp_path / "a.toml"), "--lang", "zh", typed="\nq\n")
    assert run.exit_code == 0, run.stderr
    run = inspect(cli, "-o", str(tmp_path / "a.toml"), typed="y\nq\n")
    assert run.exit_code == 0, run.stderr
    assert warnings(run) == ["minecheck: warning: the draft keeps its own settings: language zh"]
    assert "采煤工作面回风流中甲烷浓度（%）" in run.stderr
    assert "Methane in the working-face" not in run.stderr
    assert [name for name in draft_files(isolated_home) if name.endswith(".toml")] != []


INSPECTOR_PROMPT = "Inspector (your name as it should appear)"


@pytest.mark.usefixtures("work")
def test_the_inspector_is_asked_with_the_keys_principal_offered_until_a_name_fits(
    cli: Cli, keys: list[str], tmp_path: Path
) -> None:
    """Enter takes the key's principal; a name with a control character is refused with what
    to do, and the next one is recorded; --inspector asks nothing."""
    out = tmp_path / "a.toml"
    keys[:] = ["y"]
    run = inspect(cli, "-o", str(out), typed="\n0.5\n\n")
    assert run.stderr.startswith(f"{INSPECTOR_PROMPT} [alice@mine.example]: draft ")
    assert document(out)["inspection"]["inspector"] == ALICE

    keys[:] = ["y"]
    run = inspect(cli, "-o", str(tmp_path / "b.toml"), typed="Wang\aWei\nWang Wei\n0.5\n\n")
    assert run.exit_code == 0, run.stderr
    assert run.stderr.startswith(
        f"{INSPECTOR_PROMPT} [alice@mine.example]: "
        "a name is needed, without control or invisible characters\n"
        f"{INSPECTOR_PROMPT} [alice@mine.example]: draft "
    )
    assert document(tmp_path / "b.toml")["inspection"]["inspector"] == "Wang Wei"

    keys[:] = ["y"]
    run = inspect(cli, "-o", str(tmp_path / "c.toml"), "--inspector", "Li Na", typed="0.5\n\n")
    assert run.exit_code == 0, run.stderr
    assert INSPECTOR_PROMPT not in run.stderr
    assert document(tmp_path / "c.toml")["inspection"]["inspector"] == "Li Na"


@pytest.mark.usefixtures("work")
@pytest.mark.parametrize("typed", ["\u0301", "\u3164", "\u2800\u0301"])
def test_an_inspector_typed_who_names_no_one_is_asked_again(
    cli: Cli, keys: list[str], tmp_path: Path, typed: str
) -> None:
    """A name of a combining mark alone or of blanks a terminal draws (a Hangul filler, the
    blank Braille pattern) was recorded as the inspector, where `--inspector` refuses it."""
    keys[:] = ["y"]
    out = tmp_path / "a.toml"
    run = inspect(cli, "-o", str(out), typed=f"{typed}\nWang Wei\n0.5\n\n")
    assert run.exit_code == 0, run.stderr
    assert run.stderr.startswith(
        f"{INSPECTOR_PROMPT} [alice@mine.example]: "
        "a name is needed, without control or invisible characters\n"
    )
    assert document(out)["inspection"]["inspector"] == "Wang Wei"


def test_with_no_key_the_walk_offers_one_and_n_stops_with_the_command_to_make_it(
    cli: Cli, keys: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A principal that cannot be one is said and asked again; `n` ends with exit 2 and the
    command that makes a key; nothing is written. (Lines are compared as words: the
    conversation is folded at the terminal's width.)"""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("minecheck.cli._walk.default_principal", lambda: "wang@pit")
    run = inspect(cli, "-o", str(tmp_path / "a.toml"), typed="Wang Wei\nn\n")
    assert (run.exit_code, run.stdout) == (2, "")
    question = "Create one now? Principal [wang@pit] (or n to stop): "
    assert " ".join(run.stderr.split()) == " ".join(
        (
            "You have no signing key yet; findings are signed so anyone can check them.\n"
            "A key's principal names your signatures, lowercase and shaped like an e-mail address"
            " (e.g. wang.wei@hlj.example): the keeper of the trust files knows you by it.\n"
            f"{question}'Wang Wei' cannot be a principal: a principal is lowercase ASCII shaped"
            " like an e-mail address (e.g. wang.wei@hlj.example); your name for the record is"
            " asked next\n"
            f"{question}minecheck: error: no signing key\n"
            "  hint: create one with:\n"
            "    minecheck keys generate --principal you@unit.example\n"
        ).split()
    )
    assert not (tmp_path / "a.toml").exists()


@pytest.mark.parametrize(
    ("lang", "yes", "refused"),
    [
        ("en", "y", "cannot be a principal"),
        ("en", "Yes", "cannot be a principal"),
        ("zh", "是", "不能作为签名身份"),
        ("zh", "y", "不能作为签名身份"),
    ],
)
def test_yes_to_the_offer_of_a_key_takes_the_principal_proposed(
    cli: Cli,
    keys: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    yes: str,
    refused: str,
) -> None:
    """ "Create one now? Principal [wang@pit]": yes is the answer a newcomer gives; it takes the
    principal shown, as Enter does, and is not refused as a principal."""
    from minecheck import paths
    from minecheck.core.keyring import load_registry

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("minecheck.cli._walk.default_principal", lambda: "wang@pit")
    run = inspect(cli, "-o", str(tmp_path / "a.toml"), "--lang", lang, typed=f"{yes}\nn\nq\n")
    assert refused not in run.stderr
    registry = load_registry(paths.keys_dir())
    assert [key.principal for key in registry.keys] == ["wang@pit"]


@pytest.mark.usefixtures("work")
def test_the_resume_question_counts_the_answers_given(
    cli: Cli, keys: list[str], tmp_path: Path
) -> None:
    keys[:] = ["y"]
    run = inspect(cli, "-o", str(tmp_path / "a.toml"), typed="\n0.5\nq\n")
    assert run.exit_code == 0, run.stderr
    draft_id = saved_id(run)
    run = inspect(cli, "-o", str(tmp_path / "a.toml"), typed="n\n\nq\n")
    assert (
        f"An unfinished draft of this checklist and site exists ({draft_id[:8]}, 2 answers).\n"
        "Resume it? [Y/n] " in run.stderr
    )
    assert draft_id not in run.stderr.split("Resume it?")[1]  # (not resumed: a new draft)


class _User:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.monkeypatch = monkeypatch

    def __call__(self, user: str, host: str) -> str:
        self.monkeypatch.setattr("getpass.getuser", lambda: user)
        self.monkeypatch.setattr("socket.gethostname", lambda: host)
        return _walk.default_principal()


@pytest.fixture
def principal_of(monkeypatch: pytest.MonkeyPatch) -> _User:
    return _User(monkeypatch)


def test_the_principal_offered_is_the_login_and_host_made_to_fit(principal_of: _User) -> None:
    """The first-run key offer proposes user@host, lowercased, without what a principal cannot
    hold; a login or host with nothing left becomes inspector / localhost."""
    assert principal_of("Wang.Wei", "Pit-2.HLJ.example") == "wang.wei@pit-2.hlj.example"
    assert principal_of("王伟 x_y+z", "矿 host_1") == "x_y+z@host1"
    assert principal_of("王伟", "矿井") == "inspector@localhost"


def test_the_principal_offered_is_cut_to_64_and_190_characters(principal_of: _User) -> None:
    assert principal_of("u" * 70, "h" * 200) == "u" * 64 + "@" + "h" * 190
    assert principal_of("u" * 64, "h" * 190) == "u" * 64 + "@" + "h" * 190


# -- a draft begun with another version of its checklist -----------------------------------------


def version_2(tmp_path: Path, *changes: tuple[str, str]) -> Checklist:
    """mini-check as version 2, with each (old, new) text replaced once."""
    text = CHECKLIST.read_text(encoding="utf-8").replace('version = "1"', 'version = "2"')
    for old, new in changes:
        assert old in text
        text = text.replace(old, new, 1)
    path = tmp_path / "mini-check.toml"
    path.write_text(text, encoding="utf-8")
    return load_checklist(path)


def reconciled(cl: Checklist, draft: Draft, capsys: pytest.CaptureFixture[str]) -> str:
    """What the inspector is told, on stderr (nothing on stdout)."""
    _walk.reconcile_checklist(Reporter("drafts resume", False), cl, draft)
    out, err = capsys.readouterr()
    assert out == ""
    return err


def two_answered(old: Checklist, tmp_path: Path) -> Draft:
    """A draft of `old` with two items answered (compliant, not applicable)."""
    draft = new_draft(old, tmp_path / "out.toml")
    draft.answers[GAS] = Finding(GAS, "compliant")
    draft.answers[METHANE] = Finding(METHANE, "not-applicable")
    return draft


def noncompliant(item: str, description: str = "", location: str = "") -> Finding:
    return Finding(
        item,
        "noncompliant",
        severity="major",
        basis=("CMHD-5.1",),
        description=description,
        location=location,
    )


def test_an_answer_asked_again_says_what_changed_in_its_item(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each kind of change is named after the item it changed (grade, basis, evidence now
    required, a reading now taken, none taken any more, other limits); the draft then
    carries the new version, so it is said once."""
    old = load_checklist(CHECKLIST)
    cases = [
        (
            (
                'severity = "major"\nbasis = ["CMHD-5.1"]',
                'severity = "general"\nbasis = ["CMHD-5.1"]',
            ),
            noncompliant(GAS),
            "its grade changed",
        ),
        (('basis = ["CMHD-5.1"]', 'basis = ["CMHD-5.3"]'), noncompliant(GAS), "its basis changed"),
        (
            ('evidence = "recommended"', 'evidence = "required"'),
            Finding(GAS, "compliant"),
            "it now requires evidence",
        ),
    ]
    for change, finding, reason in cases:
        draft = new_draft(old, tmp_path / "out.toml")
        draft.answers[GAS] = finding
        cl = version_2(tmp_path, change)
        assert reconciled(cl, draft, capsys) == (
            "minecheck: warning: this draft was started with checklist mini-check version 1; it"
            " is now version 2. Answers to changed items will be asked again:"
            f" {GAS} ({reason}). Items not answered yet will be asked.\n"
        )
        assert (draft.checklist_version, draft.checklist_sha256) == ("2", cl.sha256)
        assert GAS not in draft.answers
        assert reconciled(cl, draft, capsys) == ""  # (now of this version: nothing to say)


def test_readings_asked_again_say_whether_the_item_takes_one_and_under_what_limits(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = load_checklist(CHECKLIST)
    draft = new_draft(old, tmp_path / "out.toml")
    draft.answers[GAS] = Finding(GAS, "compliant", reading=ReadingValue(0.5, "%CH4", max=1.0))
    draft.answers[METHANE] = Finding(
        METHANE, "compliant", reading=ReadingValue(0.5, "%CH4", max=1.0)
    )
    cl = version_2(tmp_path, ("max = 1.0", "max = 0.75"))
    assert (
        "asked again: gas-check-genuine (it no longer takes a reading), methane-return"
        " (its reading's unit or limits changed). Items" in reconciled(cl, draft, capsys)
    )

    draft = new_draft(old, tmp_path / "out.toml")
    draft.answers[GAS] = Finding(GAS, "compliant")
    cl = version_2(
        tmp_path,
        (
            'evidence = "recommended"',
            'evidence = "recommended"\nreading = { unit = "ppm", max = 24.0 }',
        ),
    )
    assert "asked again: gas-check-genuine (it now takes a reading). Items" in reconciled(
        cl, draft, capsys
    )


def test_a_removed_item_says_what_was_typed_for_it_and_one_ruled_out_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The text typed for a removed item's non-compliance is said under its field names (it
    has no item to go to: the inspector may record it under another); an answer to an item
    the site's tags now rule out is named; a removed item answered compliant is named alone."""
    old = load_checklist(CHECKLIST)
    text = CHECKLIST.read_text(encoding="utf-8")
    gas = text[text.index("[[section.item]]") : text.index('[[section.item]]\nid = "methane')]
    draft = new_draft(old, tmp_path / "out.toml")
    draft.answers[GAS] = noncompliant(GAS, description="board faked", location="1201 face")
    draft.answers[METHANE] = Finding(
        METHANE, "compliant", reading=ReadingValue(0.5, "%CH4", max=1.0)
    )
    cl = version_2(tmp_path, (gas, ""), ("reading = {", 'applies_if = ["outburst"]\nreading = {'))
    assert reconciled(cl, draft, capsys) == (
        "minecheck: warning: this draft was started with checklist mini-check version 1; it is"
        " now version 2. Answers to removed items were dropped: gas-check-genuine (noncompliant;"
        " Description of the hidden danger: board faked; Location: 1201 face). Answers to items"
        " that no longer apply to the site were replaced by not-applicable: methane-return. Items"
        " not answered yet will be asked.\n"
    )
    draft = new_draft(old, tmp_path / "out.toml")
    draft.answers[GAS] = Finding(GAS, "compliant")
    assert "were dropped: gas-check-genuine. Items" in reconciled(cl, draft, capsys)


@pytest.fixture
def saves_failing(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether each save after the walk's first fails (a full disk), in order; the rest work."""
    fails: list[bool] = []
    real = drafts.save
    calls: list[int] = []

    def save(directory: Path, draft: Draft) -> None:
        calls.append(1)
        if len(calls) > 1 and fails and fails.pop(0):
            raise InputError("no space left on device")
        real(directory, draft)

    monkeypatch.setattr(drafts, "save", save)
    return fails


def two_keys(tmp_path: Path) -> Path:
    """mini-check with both items answered by one key (no reading)."""
    text = CHECKLIST.read_text(encoding="utf-8").replace(
        'reading = { unit = "%CH4", max = 1.0 }\n', ""
    )
    path = tmp_path / "two-keys" / "mini-check.toml"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.usefixtures("work")
def test_ctrl_c_after_a_failed_save_saves_the_answer_held(
    cli: Cli, keys: list[str], tmp_path: Path, isolated_home: Path, saves_failing: list[bool]
) -> None:
    """The answer that could not be saved is saved when the walk is stopped (exit 130)."""
    saves_failing[:] = [True]
    keys[:] = ["y"]  # then Ctrl-C at the second question
    args = ["inspect", str(two_keys(tmp_path)), "--site", "Mine A", "-o", str(tmp_path / "a.toml")]
    run = cli(args, input="\n")
    assert (run.exit_code, run.stdout) == (130, ""), run.stderr
    assert "the draft cannot be saved (no space left on device); go on" in run.stderr
    [kept] = list((isolated_home / "drafts").glob("*.toml"))
    assert f"minecheck: error: interrupted; draft {kept.stem} kept\n" in run.stderr
    assert drafts.load(kept).answers[GAS].result == "compliant"


@pytest.mark.usefixtures("work")
def test_ctrl_c_while_the_draft_cannot_be_saved_says_so(
    cli: Cli, keys: list[str], tmp_path: Path, saves_failing: list[bool]
) -> None:
    saves_failing[:] = [True] * 9  # (every save from the first answer on)
    keys[:] = ["y"]
    args = ["inspect", str(two_keys(tmp_path)), "--site", "Mine A", "-o", str(tmp_path / "a.toml")]
    run = cli(args, input="\n")
    assert (run.exit_code, run.stdout) == (130, ""), run.stderr
    assert run.stderr.endswith("could not be saved: no space left on device\n")
    assert "minecheck: error: draft " in run.stderr


# -- drafts resume -o: the findings written elsewhere ------------------------------------------


@pytest.fixture
def with_evidence(
    work: Path, keys: list[str], isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """A draft (DRAFT_ID) for site/f.toml with a non-compliance whose photo is site/ev/a.jpg;
    `drafts resume` taken for being at a terminal."""
    monkeypatch.setattr("minecheck.cli._output.stdin_is_tty", lambda: True)
    site = work / "site"
    (site / "ev").mkdir(parents=True)
    photo = b"\xff\xd8 a photo"
    (site / "ev" / "a.jpg").write_bytes(photo)
    draft = new_draft(load_checklist(CHECKLIST), site / "f.toml")
    draft.inspector = "Wang Wei"
    draft.answers[GAS] = replace(
        noncompliant(GAS, "board faked", "1201 face"),
        measures="retrain",
        responsible="ventilation section",
        deadline=dt.date.today() + dt.timedelta(days=30),
        evidence=(Evidence("ev/a.jpg", hashlib.sha256(photo).hexdigest(), len(photo)),),
    )
    drafts.save(isolated_home / "drafts", draft)
    return site


def resume(cli: Cli, output: Path | str, typed: str = "0.5\n\n") -> Run:
    return cli(["drafts", "resume", DRAFT_ID[:8], "-o", str(output)], input=typed)


def test_resumed_to_a_directory_above_its_evidence_records_it_from_there(
    cli: Cli, with_evidence: Path, isolated_home: Path
) -> None:
    site = with_evidence
    run = resume(cli, f"{site.parent}/")
    assert (run.exit_code, run.stdout) == (0, f"{site.parent / 'f.toml'}\n")
    [gas] = [f for f in document(site.parent / "f.toml")["finding"] if f["item"] == GAS]
    assert [e["path"] for e in gas["evidence"]] == ["site/ev/a.jpg"]
    assert draft_files(isolated_home) == []
    assert not (site / "f.toml").exists()


def test_resumed_where_its_evidence_does_not_lie_below_is_refused_and_kept(
    cli: Cli, with_evidence: Path, isolated_home: Path
) -> None:
    site = with_evidence
    (site / "sub").mkdir()
    kept = (isolated_home / "drafts" / f"{DRAFT_ID}.toml").read_bytes()
    run = resume(cli, f"{site / 'sub'}/")
    assert (run.exit_code, run.stdout) == (2, "")
    assert "hint: write the findings where their evidence lies, or leave -o out" in run.stderr
    assert (isolated_home / "drafts" / f"{DRAFT_ID}.toml").read_bytes() == kept
    assert list((site / "sub").iterdir()) == []


def test_resumed_elsewhere_after_its_evidence_changed_is_refused_naming_the_file(
    cli: Cli, with_evidence: Path, isolated_home: Path
) -> None:
    site = with_evidence
    (site / "ev" / "a.jpg").write_bytes(b"another photo")
    run = resume(cli, f"{site.parent}/")
    assert (run.exit_code, run.stdout) == (2, "")
    assert (
        f"minecheck: error: evidence {site / 'ev' / 'a.jpg'} has changed since it was given\n"
        in run.stderr
    )
    assert not (site.parent / "f.toml").exists()


def test_a_draft_begun_in_chinese_is_resumed_in_chinese(
    cli: Cli, with_evidence: Path, isolated_home: Path
) -> None:
    """`drafts resume` without --lang goes on in the language the draft was begun in."""
    path = isolated_home / "drafts" / f"{DRAFT_ID}.toml"
    draft = drafts.load(path)
    draft.language = "zh"
    drafts.save(isolated_home / "drafts", draft)
    run = cli(["drafts", "resume", DRAFT_ID[:8]], input="q\n")
    assert run.exit_code == 0, run.stderr
    assert "采煤工作面回风流中甲烷浓度（%）" in run.stderr
    assert "Methane in the working-face" not in run.stderr
    assert "save and quit" not in run.stderr  # (the keys' legend too)


# -- round 47: the first-run key, a name taken while walking, a draft another minecheck holds ----


def test_with_no_key_a_principal_typed_makes_the_key_that_signs_the_walk(
    cli: Cli,
    keys: list[str],
    tmp_path: Path,
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The principal is asked once; the key made is named with its fingerprint, trusted on
    Enter, offered as the inspector, and signs the findings (trusted at once)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("minecheck.cli._walk.default_principal", lambda: "wang@pit")
    out = tmp_path / "a.toml"
    keys[:] = ["y"]
    run = inspect(cli, "-o", str(out), "--json", typed="wang.wei@hlj.example\n\n\n0.5\n\n")
    assert run.exit_code == 0, run.stderr
    data = run.json()["data"]
    assert (data["signer"], document(out)["inspection"]["inspector"]) == (
        "wang.wei@hlj.example",
        "wang.wei@hlj.example",
    )
    said = " ".join(run.stderr.split())
    assert said.count("Create one now? Principal [wang@pit]") == 1
    key = isolated_home / "keys" / "wang.wei@hlj.example"
    fingerprint = data["fingerprint"]
    assert f" created {key} ({fingerprint}) Trust this key on this computer too" in said
    trusted = isolated_home / "allowed_signers"
    assert f" {trusted}: trusting {fingerprint} for wang.wei@hlj.example Inspector" in said
    assert cli(["verify", "--json", str(out)]).json()["data"]["files"][0]["status"] == "trusted"


def taken_while_walking(monkeypatch: pytest.MonkeyPatch, path: Path, content: bytes) -> None:
    """The walk's one key is `y`, and as it is pressed another program writes `path`."""
    pressed = ["y"]

    def read_key() -> str:
        if not pressed:
            raise KeyboardInterrupt
        path.write_bytes(content)
        return pressed.pop()

    monkeypatch.setattr("minecheck.cli._prompter.read_key", read_key)


@pytest.mark.usefixtures("work")
def test_an_output_named_with_o_and_taken_while_walking_is_refused_and_the_draft_kept(
    cli: Cli, keys: list[str], tmp_path: Path, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """-o names the file: one written there meanwhile is neither replaced nor written beside
    under another name; the error's own hint and where the answers are kept are one line."""
    out = tmp_path / "a.toml"
    taken_while_walking(monkeypatch, out, b"theirs\n")
    run = inspect(cli, "-o", str(out), typed="\n0.5\n\n")
    assert (run.exit_code, run.stdout) == (2, "")
    assert out.read_bytes() == b"theirs\n"
    assert sorted(p.name for p in tmp_path.glob("*.toml")) == ["a.toml"]
    [kept] = list((isolated_home / "drafts").glob("*.toml"))
    assert drafts.load(kept).answers[METHANE].reading is not None
    error, hint, command = run.stderr.splitlines()[-3:]
    assert error.endswith(f"(Enter signs): minecheck: error: {out} already exists")
    assert hint == (
        "  hint: pass --force to replace it; your answers are kept (with -o PATH to write them "
        "elsewhere):"
    )
    assert command == f"    minecheck drafts resume {kept.stem}"  # (a line of its own, to copy)


@pytest.mark.usefixtures("work")
def test_a_refused_signing_while_the_draft_cannot_be_saved_says_it_is_not_kept(
    cli: Cli,
    keys: list[str],
    tmp_path: Path,
    saves_failing: list[bool],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Saves failing to the end: the hint says the draft could not be saved, never "kept"."""
    out = tmp_path / "a.toml"
    saves_failing[:] = [True] * 9
    taken_while_walking(monkeypatch, out, b"theirs\n")
    run = inspect(cli, "-o", str(out), typed="\n0.5\n\n")
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines()[-2].endswith(f"minecheck: error: {out} already exists")
    hint = run.stderr.splitlines()[-1]
    assert hint.endswith("could not be saved: no space left on device")
    assert "kept" not in hint


@pytest.mark.usefixtures("work")
def test_a_refused_signing_after_saves_work_again_keeps_every_answer(
    cli: Cli,
    keys: list[str],
    tmp_path: Path,
    isolated_home: Path,
    saves_failing: list[bool],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A save failed once, then worked: "saved again" is said; the signing then refused, the
    draft holds both answers and the hint says so."""
    out = tmp_path / "a.toml"
    saves_failing[:] = [True]
    taken_while_walking(monkeypatch, out, b"theirs\n")
    run = inspect(cli, "-o", str(out), typed="\n0.5\n\n")
    assert (run.exit_code, run.stdout) == (2, "")
    [kept] = list((isolated_home / "drafts").glob("*.toml"))
    assert f"draft {kept.stem} is saved again\n" in run.stderr
    assert set(drafts.load(kept).answers) >= {GAS, METHANE}
    assert run.stderr.splitlines()[-2].endswith(
        "your answers are kept (with -o PATH to write them elsewhere):"
    )
    assert run.stderr.splitlines()[-1] == f"    minecheck drafts resume {kept.stem}"


@pytest.mark.usefixtures("work")
def test_an_empty_draft_open_in_another_minecheck_is_offered_not_discarded(
    cli: Cli, keys: list[str], tmp_path: Path, isolated_home: Path
) -> None:
    """A draft with nothing answered is discarded unseen, unless another minecheck has it
    open: then it is left and named (with 0 answers), open elsewhere; another inspection is
    begun if the inspector wants one (it was offered to resume, which then failed)."""
    directory = isolated_home / "drafts"
    empty = new_draft(load_checklist(CHECKLIST), tmp_path / "a.toml")
    drafts.save(directory, empty)
    keys[:] = ["q"]
    with drafts.locked(directory, empty.id):
        run = inspect(cli, "-o", str(tmp_path / "b.toml"), typed="y\n\n")
    assert run.exit_code == 0, run.stderr
    assert (
        f"site exists ({empty.id[:8]}, 0 answers).\nIt is open in another minecheck (process"
        f" {os.getpid()}).\nStart another inspection of this site here? [y/N] "
    ) in run.stderr
    assert (directory / f"{empty.id}.toml").exists()


@pytest.mark.usefixtures("work")
def test_enter_at_the_resume_question_resumes(cli: Cli, keys: list[str], tmp_path: Path) -> None:
    kept = saved_id(started(cli, keys, tmp_path / "a.toml"))
    run = inspect(cli, "-o", str(tmp_path / "a.toml"), typed="\nq\n")
    assert run.exit_code == 0, run.stderr
    assert saved_id(run) == kept


@pytest.mark.usefixtures("work")
def test_an_empty_draft_is_discarded_unseen(
    cli: Cli, keys: list[str], tmp_path: Path, isolated_home: Path
) -> None:
    """A draft with nothing answered (none open elsewhere) is not offered, and is gone."""
    directory = isolated_home / "drafts"
    empty = new_draft(load_checklist(CHECKLIST), tmp_path / "a.toml")
    drafts.save(directory, empty)
    keys[:] = ["q"]
    run = inspect(cli, "-o", str(tmp_path / "b.toml"), typed="\n")
    assert run.exit_code == 0, run.stderr
    assert "Resume it?" not in run.stderr
    assert draft_files(isolated_home) == []


@pytest.mark.usefixtures("work")
def test_a_draft_that_cannot_be_saved_at_the_start_asks_nothing(
    cli: Cli, keys: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No answer is asked for that could not be kept: the error, exit 2, no question."""

    def save(directory: Path, draft: Draft) -> None:
        raise InputError("no space left on device")

    monkeypatch.setattr(drafts, "save", save)
    keys[:] = ["y"]
    run = inspect(cli, "-o", str(tmp_path / "a.toml"), typed="\n0.5\n\n")
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.endswith("minecheck: error: no space left on device\n")
    assert "Are gas checks done and genuine?" not in run.stderr
    assert keys == ["y"]


@pytest.mark.usefixtures("work")
def test_saves_that_work_again_are_said_once(
    cli: Cli, keys: list[str], tmp_path: Path, saves_failing: list[bool]
) -> None:
    """Said once, after the warning that the draft could not be saved (not as a walk starts)."""
    saves_failing[:] = [True]
    keys[:] = ["n"]
    finding = "board faked\n1201 face\n\nretrain\nventilation\n\n\n\n0.5\n\n"
    run = inspect(cli, "-o", str(tmp_path / "a.toml"), typed="\n" + finding)
    assert run.exit_code == 0, run.stderr
    assert run.stderr.count(" is saved again\n") == 1
    assert run.stderr.index("the draft cannot be saved") < run.stderr.index(" is saved again")


def test_a_key_outside_the_key_list_offers_no_inspector_name(
    cli: Cli, keys: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--key FILE with no key of minecheck's own: the inspector is asked with nothing offered."""
    monkeypatch.chdir(tmp_path)
    key = tmp_path / "own"
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "own", "-f", str(key)], check=True
    )
    keys[:] = ["q"]
    run = inspect(cli, "-o", str(tmp_path / "a.toml"), "--key", str(key), typed="Wang Wei\n")
    assert run.exit_code == 0, run.stderr
    assert run.stderr.startswith(f"{INSPECTOR_PROMPT}: draft ")


@pytest.mark.usefixtures("work")
def test_q_while_the_draft_cannot_be_saved_is_an_error_not_an_interruption(
    cli: Cli, keys: list[str], tmp_path: Path, saves_failing: list[bool]
) -> None:
    saves_failing[:] = [True] * 9
    keys[:] = ["y"]  # then `q` at the methane reading
    run = inspect(cli, "-o", str(tmp_path / "a.toml"), typed="\nq\n")
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.endswith("could not be saved: no space left on device\n")
    assert "saved draft" not in run.stderr


def test_the_key_made_at_the_first_run_gives_its_allowed_signers_line(
    cli: Cli, keys: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The line to hand to the keeper of the trust files is said, whether trusted here or not."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("minecheck.cli._walk.default_principal", lambda: "wang@pit")
    keys[:] = ["q"]
    run = inspect(cli, "-o", str(tmp_path / "a.toml"), typed="\nn\n\n")
    assert run.exit_code == 0, run.stderr
    [said] = [x for x in run.stderr.splitlines() if x.startswith("allowed_signers line: ")]
    assert said.startswith("allowed_signers line: wang@pit ")
    assert " ssh-ed25519 AAAA" in said
    assert "trusting" not in run.stderr


def test_a_wrong_passphrase_at_signing_keeps_the_answers_and_says_how_to_resume(
    cli: Cli, keys: list[str], tmp_path: Path, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = alice_with_a_passphrase(cli, tmp_path, monkeypatch)
    secret.write_text("wrong horse\n")
    keys[:] = ["y"]
    args = ("-o", str(tmp_path / "a.toml"), "--passphrase-file", str(secret))
    run = inspect(cli, *args, typed="\n0.5\n\n")
    assert (run.exit_code, run.stdout) == (2, "")
    [kept] = list((isolated_home / "drafts").glob("*.toml"))
    assert run.stderr.endswith(f"your answers are kept:\n    minecheck drafts resume {kept.stem}\n")
    assert not (tmp_path / "a.toml").exists()


def test_resumed_to_a_file_named_with_o_and_taken_meanwhile_is_refused(
    cli: Cli, with_evidence: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`drafts resume -o FILE`: FILE written by another program during the walk is neither
    replaced nor written beside under another name."""
    site = with_evidence
    out = site / "g.toml"
    real = drafts.save

    def save(directory: Path, draft: Draft) -> None:
        real(directory, draft)
        out.write_bytes(b"theirs\n")

    monkeypatch.setattr(drafts, "save", save)
    run = resume(cli, out)
    assert (run.exit_code, run.stdout) == (2, "")
    assert f"minecheck: error: {out} already exists" in run.stderr
    assert out.read_bytes() == b"theirs\n"
    assert sorted(p.name for p in site.glob("*.toml")) == ["g.toml"]


# -- round 53: an inspect that resumes an older draft, Ctrl-C at the passphrase, -o DIR/ taken ----


@pytest.mark.usefixtures("work")
def test_inspect_resuming_a_draft_of_an_older_checklist_says_so_and_asks_again(
    cli: Cli, keys: list[str], tmp_path: Path, isolated_home: Path
) -> None:
    """Resumed by `inspect` (not only by `drafts resume`), a draft begun with version 1 of its
    checklist is told what version 2 changed, and the answer it no longer fits is asked again;
    the draft then carries version 2."""
    checklist = tmp_path / "mini-check.toml"
    checklist.write_bytes(CHECKLIST.read_bytes())
    args = ["inspect", str(checklist), "--site", "Mine A", "-o", str(tmp_path / "a.toml")]
    keys[:] = ["y"]  # the methane reading 0.9, then `q` at the review
    kept = saved_id(cli(args, input="\n0.9\nq\n"))
    version_2(tmp_path, ("max = 1.0", "max = 0.8"))
    run = cli(args, input="y\nq\n")  # `q` at the methane reading, asked again
    assert (run.exit_code, saved_id(run)) == (0, kept), run.stderr
    assert warnings(run) == [
        "minecheck: warning: this draft was started with checklist mini-check version 1; it is"
        f" now version 2. Answers to changed items will be asked again: {METHANE} (its"
        " reading's unit or limits changed). Items not answered yet will be asked."
    ]
    assert "limit ≤ 0.8 %CH4" in run.stderr
    assert drafts.load(isolated_home / "drafts" / f"{kept}.toml").checklist_version == "2"


def alice_with_a_passphrase(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Alice's key, made in TMP_PATH (the working directory now) with the passphrase "correct
    horse", and the passphrase file it was made with."""
    monkeypatch.chdir(tmp_path)
    secret = tmp_path / "secret"
    secret.write_text("correct horse\n")
    secret.chmod(0o600)
    made = cli(["keys", "generate", "--principal", ALICE, "--passphrase-file", str(secret)])
    assert made.exit_code == 0, made.stderr
    return secret


def passphrase_asked(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, getpass: Callable[[str], str]
) -> None:
    """Alice's key has a passphrase (`alice_with_a_passphrase`), asked at the terminal when
    the walk signs (no agent): `getpass` answers."""
    alice_with_a_passphrase(cli, tmp_path, monkeypatch)
    monkeypatch.setattr("getpass.getpass", getpass)
    monkeypatch.setattr("minecheck.cli._signing.stdin_is_tty", lambda: True)
    monkeypatch.delenv("SSH_AUTH_SOCK", raising=False)


@pytest.fixture
def ctrl_c_at_the_passphrase(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C at the passphrase (`passphrase_asked`)."""

    def getpass(prompt: str = "") -> str:
        raise KeyboardInterrupt

    passphrase_asked(cli, tmp_path, monkeypatch, getpass)


@pytest.mark.usefixtures("ctrl_c_at_the_passphrase")
def test_ctrl_c_at_the_passphrase_keeps_the_draft_and_says_how_to_resume(
    cli: Cli, keys: list[str], tmp_path: Path, isolated_home: Path
) -> None:
    keys[:] = ["y"]
    run = cli(
        ["inspect", str(CHECKLIST), "--site", "Mine A", "-o", str(tmp_path / "a.toml")],
        input="\n0.5\n\n",
    )
    assert (run.exit_code, run.stdout) == (130, ""), run.stderr
    [kept] = list((isolated_home / "drafts").glob("*.toml"))
    assert run.stderr.endswith(
        f"minecheck: error: interrupted before signing; draft {kept.stem} kept\n"
        "  hint: resume it with:\n"
        f"    minecheck drafts resume {kept.stem}\n"
    )
    assert drafts.load(kept).answers[METHANE].reading is not None
    assert not (tmp_path / "a.toml").exists()


@pytest.mark.usefixtures("ctrl_c_at_the_passphrase")
def test_ctrl_c_at_the_passphrase_while_the_draft_cannot_be_saved_says_so(
    cli: Cli, keys: list[str], tmp_path: Path, saves_failing: list[bool]
) -> None:
    """An interruption still (exit 130), which says the answers could not be kept."""
    saves_failing[:] = [True] * 9
    keys[:] = ["y"]
    run = cli(
        ["inspect", str(CHECKLIST), "--site", "Mine A", "-o", str(tmp_path / "a.toml")],
        input="\n0.5\n\n",
    )
    assert (run.exit_code, run.stdout) == (130, ""), run.stderr
    assert run.stderr.endswith("could not be saved: no space left on device\n")
    assert "kept" not in run.stderr.splitlines()[-1]


def test_resumed_to_a_directory_whose_name_is_taken_meanwhile_gets_the_documents_id(
    cli: Cli, with_evidence: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`drafts resume -o DIR/`: the name is minecheck's, so one written there by another
    program during the walk is left as it is and the findings get the document's id after
    the name, as `inspect -o DIR/` does (never an error at the end of a walk)."""
    site = with_evidence
    taken = site.parent / "f.toml"
    real = drafts.save

    def save(directory: Path, draft: Draft) -> None:
        real(directory, draft)
        taken.write_bytes(b"theirs\n")

    monkeypatch.setattr(drafts, "save", save)
    run = resume(cli, f"{site.parent}/")
    assert run.exit_code == 0, run.stderr
    [written] = list(site.parent.glob("f-*.toml"))
    assert run.stdout == f"{written}\n"
    document_id = document(written)["minecheck"]["document_id"]
    assert written.name == f"f-{document_id[:8]}.toml"
    assert taken.read_bytes() == b"theirs\n"


@pytest.mark.usefixtures("work")
def test_a_walk_whose_drafts_directory_is_removed_takes_its_draft_again(
    cli: Cli, tmp_path: Path, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The drafts directory removed while walking (a clean-up of the home): the next save
    writes the draft again and holds it, so another minecheck is refused it (both would have
    walked it, the later signing a second findings file)."""
    directory = isolated_home / "drafts"
    refused: list[str] = []
    pressed = ["y", "q"]

    def read_key() -> str:
        if len(pressed) == 2:  # the first question: the directory goes
            shutil.rmtree(directory)
        else:  # the second: the first answer was saved
            [draft] = list(directory.glob("*.toml"))
            with pytest.raises(UsageError) as info, drafts.locked(directory, draft.stem):
                pass
            refused.append(info.value.message)
        return pressed.pop(0)

    monkeypatch.setattr("minecheck.cli._prompter.read_key", read_key)
    monkeypatch.setattr("minecheck.cli.inspect.stdin_is_tty", lambda: True)
    args = ["inspect", str(two_keys(tmp_path)), "--site", "Mine A", "-o", str(tmp_path / "a.toml")]
    run = cli(args, input="\n")
    assert run.exit_code == 0, run.stderr
    kept = saved_id(run)
    assert [m.split(" (")[0] for m in refused] == [f"draft {kept} is open in another minecheck"]
    assert drafts.load(directory / f"{kept}.toml").answers[GAS].result == "compliant"


@pytest.mark.usefixtures("work")
def test_a_draft_kept_at_q_keeps_its_lock_file(
    cli: Cli, keys: list[str], tmp_path: Path, isolated_home: Path
) -> None:
    """Only the lock of a draft that is gone is removed: the lock file of a kept draft, removed
    once the walk let go of it, could be the one another minecheck had just taken on it."""
    kept = saved_id(started(cli, keys, tmp_path / "a.toml"))
    assert draft_files(isolated_home) == [f"{kept}.lock", f"{kept}.toml"]


@pytest.mark.usefixtures("work")
def test_a_chinese_draft_of_an_older_checklist_is_told_of_the_change_in_chinese(
    cli: Cli, keys: list[str], tmp_path: Path
) -> None:
    """Resumed from an English `inspect`, the draft's settings are said in English, and from
    then on the walk is in the draft's language: what its new checklist version changed too."""
    checklist = tmp_path / "mini-check.toml"
    checklist.write_bytes(CHECKLIST.read_bytes())
    args = ["inspect", str(checklist), "--site", "Mine A", "-o", str(tmp_path / "a.toml")]
    keys[:] = ["y"]
    assert cli([*args, "--lang", "zh"], input="\n0.9\nq\n").exit_code == 0
    version_2(tmp_path, ("max = 1.0", "max = 0.8"))
    run = cli(args, input="y\nq\n")
    assert run.exit_code == 0, run.stderr
    assert warnings(run) == [
        "minecheck: warning: the draft keeps its own settings: language zh",
        "minecheck: warning: 本草稿开始时使用检查表 mini-check 的 1 版；现在是 2 版。"
        + run.stderr.split("现在是 2 版。")[1].splitlines()[0],
    ]
    assert "this draft was started" not in run.stderr


def test_resumed_to_a_file_that_exists_is_refused_before_anything_is_asked(
    cli: Cli, with_evidence: Path, isolated_home: Path
) -> None:
    """`drafts resume -o FILE` with FILE already there: refused at once with the --force hint
    (not at the end of the walk), FILE and the draft byte for byte."""
    site = with_evidence
    out = site / "g.toml"
    out.write_bytes(b"theirs\n")
    kept = (isolated_home / "drafts" / f"{DRAFT_ID}.toml").read_bytes()
    run = resume(cli, out)
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == (  # (the reading was not asked)
        f"minecheck: error: {out} already exists\n  hint: choose another -o, or pass --force\n"
    )
    assert out.read_bytes() == b"theirs\n"
    assert (isolated_home / "drafts" / f"{DRAFT_ID}.toml").read_bytes() == kept


def test_a_key_list_whose_default_is_gone_gets_the_key_made_at_the_walk_as_default(
    cli: Cli, keys: list[str], tmp_path: Path, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The key list names a default no longer in it (its entry removed by hand): the walk offers
    a key, and the one made signs the walk (it was made but not the default: "no signing key")."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("minecheck.cli._walk.default_principal", lambda: "wang@pit")
    (isolated_home / "keys").mkdir(parents=True, mode=0o700)
    (isolated_home / "keys" / "keys.toml").write_text('default = "SHA256:gone"\n')
    out = tmp_path / "a.toml"
    keys[:] = ["y"]
    run = inspect(cli, "-o", str(out), typed="\nn\n\n0.5\n\n")
    assert (run.exit_code, run.stdout) == (0, f"{out}\n"), run.stderr
    assert document(out)["inspection"]["inspector"] == "wang@pit"


def test_a_draft_removed_at_the_passphrase_prompt_is_not_said_to_be_left(
    cli: Cli, keys: list[str], tmp_path: Path, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The drafts directory removed while the passphrase is asked (a clean-up of the home): the
    findings are signed and written, with no warning that the draft, already gone, could not
    be removed."""

    def getpass(prompt: str = "") -> str:
        shutil.rmtree(isolated_home / "drafts")
        return "correct horse"

    passphrase_asked(cli, tmp_path, monkeypatch, getpass)
    out = tmp_path / "a.toml"
    keys[:] = ["y"]
    run = inspect(cli, "-o", str(out), typed="\n0.5\n\n")
    assert (run.exit_code, run.stdout) == (0, f"{out}\n"), run.stderr
    assert warnings(run) == []


@pytest.mark.usefixtures("work")
def test_ctrl_d_at_the_inspector_question_is_an_interruption(
    cli: Cli, keys: list[str], tmp_path: Path, isolated_home: Path
) -> None:
    """End of input where a line is asked (Ctrl-D) stops the run as Ctrl-C does: exit 130,
    nothing written, no draft begun."""
    run = inspect(cli, "-o", str(tmp_path / "a.toml"), typed="")
    assert (run.exit_code, run.stdout) == (130, ""), run.stderr
    assert run.stderr.startswith(f"{INSPECTOR_PROMPT} [alice@mine.example]: ")
    assert "minecheck: error: interrupted" in run.stderr
    assert not (tmp_path / "a.toml").exists()
    assert draft_files(isolated_home) == []


@pytest.mark.usefixtures("work")
def test_an_empty_draft_open_elsewhere_is_passed_over_without_waiting(
    cli: Cli, keys: list[str], tmp_path: Path, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The try to discard an empty draft another minecheck has open gives up at once (it waited
    a second, as `drafts discard` does, before the walk could begin)."""
    directory = isolated_home / "drafts"
    empty = new_draft(load_checklist(CHECKLIST), tmp_path / "a.toml")
    drafts.save(directory, empty)
    took: list[float] = []
    real = drafts.discard

    def discard(directory: Path, draft_id: str, wait: float | None = None) -> None:
        start = time.monotonic()
        try:
            real(directory, draft_id, wait)
        finally:
            took.append(time.monotonic() - start)

    monkeypatch.setattr(drafts, "discard", discard)
    keys[:] = ["q"]
    with drafts.locked(directory, empty.id):
        run = inspect(cli, "-o", str(tmp_path / "b.toml"), typed="y\n\n")
    assert run.exit_code == 0, run.stderr
    assert len(took) == 1
    assert took[0] < 0.5


def test_a_chinese_draft_resumed_at_a_latin_1_terminal_says_once_why_it_shows_question_marks(
    keyed: Terminal, isolated_home: Path
) -> None:
    """`drafts resume` (an English command) of a draft begun in Chinese, at a terminal whose
    encoding has no Chinese: the walk goes on in Chinese, so the one English line saying why
    its questions show as '?', and what to do, comes before them (the command's own start
    had nothing in Chinese to warn of)."""
    draft = new_draft(load_checklist(CHECKLIST), keyed.cwd / "f.toml")
    draft.language, draft.inspector = "zh", "Wang Wei"
    drafts.save(isolated_home / "drafts", draft)
    child = EncodedTerminal(keyed, "latin-1").spawn("drafts", "resume", DRAFT_ID[:8])
    child.logfile_read = io.StringIO()
    child.expect_exact(KEY_PROMPT)
    child.send("\x03")
    status, _ = ended(child)
    output = child.logfile_read.getvalue()
    assert status == 130, output
    lines = output.splitlines()
    assert lines.count(UNSHOWN.format(encoding="ISO-8859-1")) == 1, output
    assert lines.count(UNSHOWN_HINT) == 1, output
    assert output.index(UNSHOWN_HINT) < output.index(KEY_PROMPT)


@pytest.mark.usefixtures("work")
def test_q_before_any_answer_with_the_draft_removed_and_saves_failing_says_nothing_was_kept(
    cli: Cli,
    tmp_path: Path,
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    saves_failing: list[bool],
) -> None:
    """The drafts directory removed at the first question (a clean-up of the home) and the
    save at `q` failing (a full disk): nothing was answered, so there is nothing to keep: exit
    0, the warning, then "nothing was answered; no draft was kept" (a draft file already gone
    must not end the walk in an error)."""
    directory = isolated_home / "drafts"
    saves_failing[:] = [True] * 9

    def read_key() -> str:
        shutil.rmtree(directory)
        return "q"

    monkeypatch.setattr("minecheck.cli._prompter.read_key", read_key)
    monkeypatch.setattr("minecheck.cli.inspect.stdin_is_tty", lambda: True)
    run = inspect(cli, "-o", str(tmp_path / "a.toml"), typed="\n")
    assert (run.exit_code, run.stdout) == (0, ""), run.stderr
    assert "the draft cannot be saved (no space left on device); go on" in run.stderr
    assert run.stderr.endswith("nothing was answered; no draft was kept\n")
    assert list(directory.glob("*.toml")) == []
    assert not (tmp_path / "a.toml").exists()


def test_two_removed_items_and_two_ruled_out_are_each_named_apart(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two items of a kind are named as a list ("a, b"), so the inspector can tell them apart
    and find each in the checklist."""
    old = load_checklist(CHECKLIST)
    draft = two_answered(old, tmp_path)
    renamed = version_2(
        tmp_path,
        ('id = "gas-check-genuine"', 'id = "gas-check-kept"'),
        ('id = "methane-return"', 'id = "methane-face"'),
    )
    assert "were dropped: gas-check-genuine, methane-return. Items" in reconciled(
        renamed, draft, capsys
    )
    draft = two_answered(old, tmp_path)
    ruled = version_2(
        tmp_path,
        ('basis = ["CMHD-5.1"]', 'applies_if = ["outburst"]\nbasis = ["CMHD-5.1"]'),
        ('basis = ["CMHD-5.2"]', 'applies_if = ["outburst"]\nbasis = ["CMHD-5.2"]'),
    )
    assert "replaced by not-applicable: gas-check-genuine, methane-return. Items" in reconciled(
        ruled, draft, capsys
    )


@pytest.mark.usefixtures("work")
def test_resumed_with_other_output_and_tags_names_each_setting_kept_in_its_words(
    cli: Cli, keys: list[str], tmp_path: Path
) -> None:
    """Each setting the draft keeps is named with its value as typed, the tags as a list (not
    a program's list, brackets and quotes), the settings apart: one warning line."""
    keys[:] = ["y"]  # then `q` at the methane reading
    run = inspect(cli, "-o", str(tmp_path / "a.toml"), "--tag", "high-gas", typed="\nq\n")
    assert run.exit_code == 0, run.stderr
    run = inspect(cli, "-o", str(tmp_path / "b.toml"), typed="y\nq\n")
    assert run.exit_code == 0, run.stderr
    assert warnings(run) == [
        "minecheck: warning: the draft keeps its own settings: output"
        f" {tmp_path / 'a.toml'}; tags coal-underground, high-gas"
    ]
    run = inspect(cli, "-o", str(tmp_path / "a.toml"), "--lang", "zh", typed="y\nq\n")
    assert run.exit_code == 0, run.stderr
    [said] = warnings(run)
    assert "coal-underground、high-gas" in said
    assert "[" not in said


@pytest.mark.usefixtures("work")
def test_a_save_that_fails_is_said_in_one_warning_line_and_q_names_the_command_to_resume(
    cli: Cli, keys: list[str], tmp_path: Path, saves_failing: list[bool]
) -> None:
    """What the inspector reads when the disk fills: why, that the walk goes on and the answers
    are held; once saving works again, `q` ends with the command that resumes the draft."""
    saves_failing[:] = [True]
    keys[:] = ["y"]  # then `q` at the methane reading
    run = inspect(cli, "-o", str(tmp_path / "a.toml"), typed="\nq\n")
    assert run.exit_code == 0, run.stderr
    assert warnings(run) == [
        "minecheck: warning: the draft cannot be saved (no space left on device); go on: your"
        " answers are held here and saved as soon as that works again"
    ]
    kept = saved_id(run)
    assert run.stderr.endswith(
        f"saved draft {kept}; resume with:\n  minecheck drafts resume {kept}\n"
    )
