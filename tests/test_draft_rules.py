"""The walk's draft: what the inspector typed comes back on resume exactly, and damage is said.

`drafts resume` reads a draft as `draft.load` does and a walk saves it after every answer as
`draft.save` does: each answer and each half-typed one must come back field for field, the file
written again byte for byte; a draft that is not what minecheck writes is refused with its
reason, left as it is, and listed as damaged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from minecheck.core.checklist import Checklist, load_checklist
from minecheck.core.documents import Evidence, Finding, ReadingValue
from minecheck.errors import InputError, UsageError
from minecheck.session import draft as drafts
from minecheck.session.draft import UNFINISHED, Draft
from minecheck.session.rules import TEXT_FIELDS
from tests.conftest import Run
from tests.test_cli_signing import Cli
from tests.test_session_unit import CHECKLIST, DRAFT_ID, GAS, METHANE, OUTBURST, new_draft

NOW = dt.datetime(2026, 11, 29, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def checklist() -> Checklist:
    return load_checklist(CHECKLIST)


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(drafts, "utc_now", lambda: NOW)


def every_field_draft(cl: Checklist, tmp_path: Path) -> Draft:
    """A draft holding every field an answer and a half-typed answer can hold."""
    d = new_draft(cl, tmp_path / "out.toml")
    d.answers[GAS] = Finding(
        GAS,
        "noncompliant",
        severity="major",
        basis=("CMHD-5.1", "WSL-41"),
        deadline=dt.date(2026, 12, 29),
        immediate=("stop-work",),
        reading=ReadingValue(1.25, "%CH4", 0.0, 1.0, -1.0, 2.0),
        note="seen twice",
        evidence=(Evidence("ev/a.jpg", "ab" * 32, 12), Evidence("ev/b.jpg", "cd" * 32, 0)),
        **{k: f"{k} 的内容\n第二行" for k in TEXT_FIELDS},
    )
    d.answers[OUTBURST] = Finding(OUTBURST, "not-applicable", note="applies only to: outburst")
    d.skipped = [METHANE]
    d.history = [GAS, OUTBURST]
    d.unfinished = {
        METHANE: {
            "result": "noncompliant",
            "reading": 1.5,
            "severity": "general",
            **{k: f"typed {k}" for k in (*TEXT_FIELDS, "severity_reason", "evidence_reason")},
            "deadline": dt.date(2026, 12, 30),
            "evidence": ["/site/ev/a.jpg", "ev/c.jpg"],
        }
    }
    assert set(d.unfinished[METHANE]) == set(UNFINISHED)
    return d


def test_every_typed_field_comes_back_on_resume_and_is_written_again_byte_for_byte(
    checklist: Checklist, tmp_path: Path
) -> None:
    original = every_field_draft(checklist, tmp_path)
    first, second = tmp_path / "first", tmp_path / "second"
    drafts.save(first, original)
    path = drafts.draft_path(first, DRAFT_ID)
    text = path.read_text("utf-8")
    assert text.startswith('[draft]\nformat = "minecheck.draft/2"\n')
    assert "site_id" not in text  # none given: none written, none read back
    resumed = drafts.load(path)
    assert resumed == original
    assert resumed.site_id is None
    assert resumed.answers[GAS].fields() == original.answers[GAS].fields()
    assert resumed.answers[GAS].evidence == original.answers[GAS].evidence
    assert resumed.unfinished == original.unfinished
    drafts.save(second, resumed)
    assert drafts.draft_path(second, DRAFT_ID).read_bytes() == path.read_bytes()


def test_a_draft_with_nothing_half_typed_stays_of_format_1(
    checklist: Checklist, tmp_path: Path
) -> None:
    """An older minecheck resumes format 1 whole: a draft holding no half-typed answer keeps it,
    and its site id comes back."""
    original = every_field_draft(checklist, tmp_path)
    original.unfinished = {}
    original.site_id = "MINE-0042"
    drafts.save(tmp_path, original)
    path = drafts.draft_path(tmp_path, DRAFT_ID)
    text = path.read_text("utf-8")
    assert text.startswith('[draft]\nformat = "minecheck.draft/1"\n')
    assert 'site_id = "MINE-0042"\n' in text
    assert "[unfinished" not in text
    resumed = drafts.load(path)
    assert resumed == original
    assert resumed.site_id == "MINE-0042"


def test_a_half_typed_reading_written_as_a_whole_number_is_kept(
    checklist: Checklist, tmp_path: Path
) -> None:
    original = every_field_draft(checklist, tmp_path)
    drafts.save(tmp_path, original)
    path = drafts.draft_path(tmp_path, DRAFT_ID)
    path.write_text(path.read_text("utf-8").replace("reading = 1.5\n", "reading = 2\n"), "utf-8")
    reading = drafts.load(path).unfinished[METHANE]["reading"]
    assert (reading, type(reading)) == (2.0, float)


def _replace(old: str, new: str) -> Callable[[str], str]:
    def edit(text: str) -> str:
        assert text.count(old) == 1, old
        return text.replace(old, new)

    return edit


DAMAGE: list[tuple[str, Callable[[str], str], str]] = [
    (
        "an-answer-deadline-a-date-time",
        _replace("deadline = 2026-12-29\n", "deadline = 2026-12-29T08:00:00Z\n"),
        "answers.gas-check-genuine.deadline has the wrong type",
    ),
    (
        "a-basis-holding-a-number",
        _replace('    "WSL-41",\n', "    41,\n"),
        "answers.gas-check-genuine.basis has the wrong type",
    ),
    (
        "immediate-not-a-list",
        _replace('immediate = [\n    "stop-work",\n]', 'immediate = "stop-work"'),
        "answers.gas-check-genuine.immediate has the wrong type",
    ),
    (
        "an-answer-evidence-holding-a-text",
        _replace(
            'note = "applies only to: outburst"\n',
            'note = "applies only to: outburst"\nevidence = ["ev/a.jpg"]\n',
        ),
        "answers.outburst-org.evidence has the wrong type",
    ),
    (
        "a-note-a-number",
        _replace('note = "seen twice"', "note = 2"),
        "answers.gas-check-genuine.note has the wrong type",
    ),
    (
        "a-reading-not-a-table",
        _replace(
            'note = "applies only to: outburst"\n',
            'note = "applies only to: outburst"\nreading = 3\n',
        ),
        "answers.outburst-org.reading has the wrong type",
    ),
    (
        "an-answer-not-a-table",
        lambda text: text.replace(
            '[answers.outburst-org]\nitem = "outburst-org"\nresult = "not-applicable"\n'
            'note = "applies only to: outburst"\n',
            "",
        ).replace("[answers.", '[answers]\n"outburst-org" = 1\n\n[answers.', 1),
        "answers.outburst-org is not a table",
    ),
    (
        "a-half-typed-reading-too-large",
        _replace("reading = 1.5\n", "reading = 1" + "0" * 400 + "\n"),
        "unfinished.methane-return.reading has the wrong type",
    ),
    (
        "a-half-typed-reading-a-truth-value",
        _replace("reading = 1.5\n", "reading = true\n"),
        "unfinished.methane-return.reading has the wrong type",
    ),
    (
        "updated-a-local-time",
        _replace("updated = 2026-11-29 09:00:00+00:00", "updated = 2026-11-29T09:00:00"),
        "draft.updated has the wrong type",
    ),
    (
        "history-holding-a-number",
        _replace('history = [\n    "gas-check-genuine",', "history = [\n    7,"),
        "draft.history has the wrong type",
    ),
    (
        "skipped-not-a-list",
        _replace('skipped = [\n    "methane-return",\n]', 'skipped = "methane-return"'),
        "draft.skipped has the wrong type",
    ),
    (
        "a-half-typed-deadline-a-date-time",
        _replace("deadline = 2026-12-30\n", "deadline = 2026-12-30T08:00:00Z\n"),
        "unfinished.methane-return.deadline has the wrong type",
    ),
    (
        "a-half-typed-evidence-holding-a-number",
        _replace('    "ev/c.jpg",\n', "    3,\n"),
        "unfinished.methane-return.evidence has the wrong type",
    ),
    (
        "a-half-typed-severity-a-number",
        _replace('severity = "general"', "severity = 1"),
        "unfinished.methane-return.severity has the wrong type",
    ),
    (
        "a-half-typed-answer-not-a-table",
        lambda text: text.split("\n[unfinished.")[0] + '\n[unfinished]\n"methane-return" = 1\n',
        "unfinished.methane-return is not a table",
    ),
    (
        "unfinished-not-a-table",
        lambda text: "unfinished = 1\n" + text.split("\n[unfinished.")[0],
        "unfinished is not a table",
    ),
    (
        "a-format-not-a-string",
        _replace('format = "minecheck.draft/2"', "format = 2"),
        "not a minecheck draft",
    ),
]


def _damaged(
    cli: Cli,
    checklist: Checklist,
    tmp_path: Path,
    isolated_home: Path,
    damage: Callable[[str], str],
) -> tuple[Path, str]:
    directory = isolated_home / "drafts"
    drafts.save(directory, every_field_draft(checklist, tmp_path))
    path = drafts.draft_path(directory, DRAFT_ID)
    text = damage(path.read_text("utf-8"))
    path.write_text(text, "utf-8")
    return path, text


def _listed_as_damaged(cli: Cli, path: Path) -> None:
    run: Run = cli(["drafts", "list", "--json"])
    assert (run.exit_code, run.stderr) == (0, "")
    envelope = run.json()
    assert envelope["data"]["drafts"] == []
    assert [(p["code"], p["path"]) for p in envelope["problems"]] == [("draft-damaged", str(path))]


@pytest.mark.parametrize(("case", "damage", "reason"), DAMAGE, ids=[d[0] for d in DAMAGE])
def test_a_damaged_draft_is_refused_with_its_reason_and_left_as_it_is(
    cli: Cli,
    checklist: Checklist,
    tmp_path: Path,
    isolated_home: Path,
    case: str,
    damage: Callable[[str], str],
    reason: str,
) -> None:
    path, text = _damaged(cli, checklist, tmp_path, isolated_home, damage)
    with pytest.raises(InputError) as info:
        drafts.load(path)
    message = info.value.message
    assert message.startswith(f"draft {DRAFT_ID} is damaged (")
    assert message.endswith("); it was left as it is")
    assert reason in message
    assert path.read_text("utf-8") == text
    _listed_as_damaged(cli, path)


def test_a_draft_of_a_newer_format_is_left_for_that_version(
    cli: Cli, checklist: Checklist, tmp_path: Path, isolated_home: Path
) -> None:
    path, text = _damaged(
        cli,
        checklist,
        tmp_path,
        isolated_home,
        _replace('format = "minecheck.draft/2"', 'format = "minecheck.draft/3"'),
    )
    with pytest.raises(InputError) as info:
        drafts.load(path)
    assert (info.value.message, info.value.hint, info.value.code) == (
        f"draft {DRAFT_ID} was written by a newer version of minecheck (minecheck.draft/3); "
        "it was left as it is",
        "resume it with that version, or a later one",
        "draft-newer",
    )
    assert path.read_text("utf-8") == text


def test_a_reading_that_is_not_finite_is_asked_again_and_the_rest_kept(
    checklist: Checklist, tmp_path: Path
) -> None:
    original = every_field_draft(checklist, tmp_path)
    drafts.save(tmp_path, original)
    path = drafts.draft_path(tmp_path, DRAFT_ID)
    path.write_text(path.read_text("utf-8").replace("value = 1.25\n", "value = nan\n"), "utf-8")
    resumed = drafts.load(path)
    assert list(resumed.answers) == [OUTBURST]
    assert resumed.answers[OUTBURST] == original.answers[OUTBURST]
    assert resumed.unfinished == original.unfinished


@pytest.mark.parametrize("ref", ["", ".hidden", "a/b"])
def test_a_ref_that_names_no_draft_file_is_not_a_draft_id(tmp_path: Path, ref: str) -> None:
    with pytest.raises(UsageError) as info:
        drafts.find(tmp_path, ref)
    assert (info.value.message, info.value.hint) == (
        f"{ref!r} is not a draft id",
        "minecheck drafts list",
    )


def test_a_draft_is_found_by_its_id_or_a_prefix_only_it_has(
    checklist: Checklist, tmp_path: Path
) -> None:
    drafts.save(tmp_path, every_field_draft(checklist, tmp_path))
    path = drafts.draft_path(tmp_path, DRAFT_ID)
    (tmp_path / f".{DRAFT_ID}.toml").write_text("hidden", "utf-8")
    (tmp_path / f"{DRAFT_ID}.lock").write_text("1", "utf-8")
    assert drafts.find(tmp_path, DRAFT_ID) == path
    assert drafts.find(tmp_path, DRAFT_ID[:4]) == path
    with pytest.raises(UsageError) as info:
        drafts.find(tmp_path, "3f2c")
    assert info.value.message == "no draft 3f2c"


def test_drafts_list_says_the_version_each_draft_was_begun_with(
    cli: Cli, checklist: Checklist, tmp_path: Path, isolated_home: Path
) -> None:
    """Before resuming under a revised checklist an inspector sees which version a draft was
    begun with (the table gave the checklist's id alone; JSON had the version already)."""
    drafts.save(isolated_home / "drafts", every_field_draft(checklist, tmp_path))
    run: Run = cli(["drafts", "list"])
    assert (run.exit_code, run.stderr) == (0, "")
    row = next(line for line in run.stdout.splitlines() if DRAFT_ID[:8] in line)
    assert f"{checklist.id} {checklist.version}" in row
