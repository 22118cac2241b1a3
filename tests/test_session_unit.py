"""The inspection's parts on their own: rules, drafts and the walk behind a fake prompter."""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from minecheck.core.checklist import Checklist, Item, Reading, load_checklist
from minecheck.core.documents import Evidence, Finding, ReadingValue
from minecheck.errors import InputError, UsageError
from minecheck.session import draft as drafts
from minecheck.session.draft import Draft
from minecheck.session.rules import (
    AnswerError,
    AnswerSpec,
    build_finding,
    decide_result,
    default_deadline,
    evidence_resolver,
)
from minecheck.session.walk import Reply, Review, ScriptedPrompter, Step, Walk
from tests.conftest import DATA

CHECKLIST = DATA / "checklists" / "valid" / "mini-check.toml"
GAS, METHANE, OUTBURST = "gas-check-genuine", "methane-return", "outburst-org"
TODAY = dt.date(2026, 11, 29)
STARTED = dt.datetime(2026, 11, 29, 8, 15, tzinfo=dt.UTC)
DRAFT_ID = "3f2b8c1e-9d4a-4e6b-8f7a-1c2d3e4f5a6b"


@pytest.fixture(scope="module")
def checklist() -> Checklist:
    return load_checklist(CHECKLIST)


def item(cl: Checklist, item_id: str) -> Item:
    found = cl.item(item_id)
    assert found is not None
    return found


def no_evidence(path: str) -> Evidence:
    raise AssertionError(f"no evidence expected, got {path!r}")


def new_draft(cl: Checklist, output: Path, tags: tuple[str, ...] = ("coal-underground",)) -> Draft:
    return Draft(
        id=DRAFT_ID,
        checklist=cl.id,
        checklist_path=cl.source,
        checklist_version=cl.version,
        checklist_sha256=cl.sha256,
        site="Mine A",
        site_tags=list(tags),
        inspector="",
        mode="routine",
        inspection_id="0b6a1f6e-6a39-4c1b-9a51-2d43e5f1c7aa",
        language="en",
        output=str(output),
        started=STARTED,
    )


# -- rules: decide_result --------------------------------------------------------------------


def test_a_reading_decides_the_result(checklist: Checklist) -> None:
    methane = item(checklist, METHANE)
    assert decide_result(methane, AnswerSpec(reading=0.5)) == "compliant"
    assert decide_result(methane, AnswerSpec(reading=1.0)) == "compliant"  # the limit is allowed
    assert decide_result(methane, AnswerSpec(reading=1.3)) == "noncompliant"
    agreeing = AnswerSpec(result="noncompliant", reading=1.3)
    assert decide_result(methane, agreeing) == "noncompliant"
    oxygen = Item(
        "oxygen", "gas", "Oxygen (%)", "氧气浓度（%）", "major", reading=Reading("%", 18.5)
    )
    assert decide_result(oxygen, AnswerSpec(reading=18.4)) == "noncompliant"
    assert decide_result(oxygen, AnswerSpec(reading=20.9)) == "compliant"


@pytest.mark.parametrize(
    ("item_id", "spec", "message"),
    [
        (
            METHANE,
            AnswerSpec(result="compliant", reading=1.3),
            "the reading 1.3 %CH4 against the limit ≤ 1 %CH4 makes the result noncompliant, "
            "not compliant",
        ),
        (
            METHANE,
            AnswerSpec(result="noncompliant", reading=0.2),
            "the reading 0.2 %CH4 against the limit ≤ 1 %CH4 makes the result compliant, "
            "not noncompliant",
        ),
        (METHANE, AnswerSpec(result="not-applicable", reading=0.2), "a not-applicable item "),
        (METHANE, AnswerSpec(), "item 'methane-return' needs a result or a reading"),
        (GAS, AnswerSpec(reading=0.5), "item 'gas-check-genuine' takes no reading"),
        (GAS, AnswerSpec(), "item 'gas-check-genuine' needs a result"),
        (GAS, AnswerSpec(result="ok"), "result must be one of compliant, noncompliant, "),
    ],
)
def test_decide_result_refuses(
    checklist: Checklist, item_id: str, spec: AnswerSpec, message: str
) -> None:
    with pytest.raises(AnswerError) as info:
        decide_result(item(checklist, item_id), spec)
    assert str(info.value).startswith(message)


# -- rules: build_finding --------------------------------------------------------------------


def test_build_finding_defaults(checklist: Checklist) -> None:
    methane = build_finding(item(checklist, METHANE), AnswerSpec(reading=1.3), TODAY, no_evidence)
    assert methane == Finding(
        METHANE,
        "noncompliant",
        severity="major",
        basis=("CMHD-5.2",),
        description="1.3 %CH4, limit ≤ 1 %CH4",  # a reading outside its limit says so
        deadline=dt.date(2026, 12, 29),
        reading=ReadingValue(1.3, "%CH4", None, 1.0),
    )
    outburst = build_finding(
        item(checklist, OUTBURST),
        AnswerSpec(result="noncompliant", description="d"),
        TODAY,
        no_evidence,
    )
    assert (outburst.severity, outburst.basis, outburst.deadline) == (
        "general",
        (),
        dt.date(2026, 12, 6),
    )
    assert default_deadline("major", TODAY) == dt.date(2026, 12, 29)
    assert default_deadline("general", TODAY) == dt.date(2026, 12, 6)


def test_build_finding_keeps_what_is_given(checklist: Checklist) -> None:
    spec = AnswerSpec(
        result="noncompliant",
        severity="general",
        severity_reason="found and reported by the mine itself",
        basis=("CMHD-5.1",),
        description="假检",
        location="1201",
        measures="retrain",
        responsible="ventilation section",
        deadline=dt.date(2027, 1, 15),
        immediate=("stop-work",),
        note="n",
    )
    finding = build_finding(item(checklist, GAS), spec, TODAY, no_evidence)
    assert finding == Finding(
        GAS,
        "noncompliant",
        severity="general",
        severity_reason="found and reported by the mine itself",
        basis=("CMHD-5.1",),
        description="假检",
        location="1201",
        measures="retrain",
        responsible="ventilation section",
        deadline=dt.date(2027, 1, 15),
        immediate=("stop-work",),
        note="n",
    )
    compliant = build_finding(
        item(checklist, GAS),
        AnswerSpec(result="compliant", note="board checked"),
        TODAY,
        no_evidence,
    )
    assert compliant == Finding(GAS, "compliant", note="board checked")


@pytest.mark.parametrize(
    ("item_id", "spec", "message"),
    [
        (
            GAS,
            AnswerSpec(result="noncompliant", severity="general"),
            "item 'gas-check-genuine' is major by its criteria; lowering it needs a "
            "severity_reason",
        ),
        (
            OUTBURST,
            AnswerSpec(result="noncompliant", severity="major"),
            "a major finding must cite its basis (the clause that makes it major)",
        ),
        (GAS, AnswerSpec(result="noncompliant", severity="grave"), "severity must be major or "),
        (
            GAS,
            AnswerSpec(result="noncompliant", immediate=("run-away",)),
            "immediate measure must be one of withdraw-persons, ",
        ),
        (
            GAS,
            AnswerSpec(result="compliant", severity="major", description="d"),
            "severity, description belong only to a noncompliant answer",
        ),
        (
            METHANE,
            AnswerSpec(reading=0.5, deadline=TODAY),
            "deadline belongs only to a noncompliant answer",
        ),
        (
            GAS,
            AnswerSpec(result="not-applicable", basis=("CMHD-5.1",)),
            "basis belongs only to a noncompliant answer",
        ),
    ],
)
def test_build_finding_refuses(
    checklist: Checklist, item_id: str, spec: AnswerSpec, message: str
) -> None:
    with pytest.raises(AnswerError) as info:
        build_finding(item(checklist, item_id), spec, TODAY, no_evidence)
    assert str(info.value).startswith(message)


def test_raising_a_general_item_to_major_with_a_basis(checklist: Checklist) -> None:
    spec = AnswerSpec(
        result="noncompliant", severity="major", basis=("CMHD-5.3",), description="no unit"
    )
    finding = build_finding(item(checklist, OUTBURST), spec, TODAY, no_evidence)
    assert (finding.severity, finding.basis) == ("major", ("CMHD-5.3",))
    assert finding.deadline == dt.date(2026, 12, 29)


# -- rules: evidence_resolver ----------------------------------------------------------------


def test_evidence_resolver(tmp_path: Path) -> None:
    out_dir = tmp_path / "report"
    (out_dir / "ev").mkdir(parents=True)
    data = b"\x00photo\xff" * 1000
    (out_dir / "ev" / "board.jpg").write_bytes(data)
    (tmp_path / "outside.jpg").write_bytes(b"x")
    (out_dir / "ev" / "link.jpg").symlink_to(tmp_path / "outside.jpg")
    expected = Evidence("ev/board.jpg", hashlib.sha256(data).hexdigest(), len(data))

    from_cwd = evidence_resolver(out_dir, tmp_path)
    assert from_cwd("report/ev/board.jpg") == expected
    assert from_cwd(str(out_dir / "ev" / "board.jpg")) == expected  # absolute, inside
    assert from_cwd("report/ev/../ev/board.jpg") == expected
    assert evidence_resolver(out_dir, out_dir / "ev")("board.jpg") == expected

    problems = {
        "outside.jpg": f"evidence outside.jpg is outside {out_dir}, the directory the "
        "document is written to",
        "report/../outside.jpg": "evidence report/../outside.jpg is outside",
        "report/ev/link.jpg": "evidence report/ev/link.jpg is outside",
        "report/ev/missing.jpg": "evidence file report/ev/missing.jpg does not exist",
        "report/ev": "evidence report/ev is a directory, not a file",
        "report": "evidence report is a directory, not a file",
    }
    if hasattr(os, "mkfifo"):  # a pipe was said not to exist (and one swapped in blocked)
        os.mkfifo(out_dir / "ev" / "pipe")
        problems["report/ev/pipe"] = "evidence report/ev/pipe: not a regular file (a FIFO)"
    for given, message in problems.items():
        with pytest.raises(AnswerError) as info:
            from_cwd(given)
        assert str(info.value).startswith(message), given


def test_build_finding_hashes_evidence_for_any_result(checklist: Checklist, tmp_path: Path) -> None:
    (tmp_path / "a.jpg").write_bytes(b"abc")
    resolve = evidence_resolver(tmp_path, tmp_path)
    spec = AnswerSpec(result="compliant", evidence=("a.jpg",))
    finding = build_finding(item(checklist, GAS), spec, TODAY, resolve)
    assert finding.evidence == (Evidence("a.jpg", hashlib.sha256(b"abc").hexdigest(), 3),)


# -- drafts --------------------------------------------------------------------------------


def full_draft(cl: Checklist, tmp_path: Path) -> Draft:
    d = new_draft(cl, tmp_path / "out.toml")
    d.site_id = "MINE-0042"
    d.answers[GAS] = Finding(
        GAS,
        "noncompliant",
        severity="major",
        basis=("CMHD-5.1",),
        description="假检 \"quoted\" and 'single'\nsecond line",
        deadline=dt.date(2026, 12, 29),
        immediate=("stop-work", "post-warning"),
        evidence=(Evidence("ev/a.jpg", "ab" * 32, 12),),
    )
    d.answers[METHANE] = Finding(METHANE, "compliant", reading=ReadingValue(0.5, "%CH4", None, 1.0))
    d.answers[OUTBURST] = Finding(OUTBURST, "not-applicable", note="applies only to: outburst")
    d.skipped = [METHANE]
    d.history = [GAS, METHANE]
    # an answer being given again when the walk was interrupted, as far as it was typed
    d.unfinished = {
        GAS: {
            "result": "noncompliant",
            "description": "two lines\n第二行",
            "deadline": dt.date(2026, 12, 30),
            "evidence": ["/site/ev/a.jpg"],
        },
        METHANE: {"result": "noncompliant", "reading": 1.5},
    }
    return d


def test_draft_save_load_round_trip_is_byte_stable(
    checklist: Checklist, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(drafts, "utc_now", lambda: dt.datetime(2026, 11, 29, 9, 0, tzinfo=dt.UTC))
    original = full_draft(checklist, tmp_path)
    first, second = tmp_path / "first", tmp_path / "second"
    drafts.save(first, original)
    path = drafts.draft_path(first, DRAFT_ID)
    loaded = drafts.load(path)
    assert loaded == original
    drafts.save(second, loaded)
    assert drafts.draft_path(second, DRAFT_ID).read_bytes() == path.read_bytes()
    assert path.stat().st_mode & 0o777 == 0o600
    assert first.stat().st_mode & 0o777 == 0o700
    assert drafts.find(first, DRAFT_ID[:8]) == path
    assert [(p, d) for p, d in drafts.all_drafts(first)] == [(path, original)]


DAMAGE: list[tuple[str, Callable[[str], str], str]] = [
    ("not TOML", lambda t: t.replace("[draft]", "[draft"), "is damaged (not valid TOML)"),
    (
        "not a draft",
        lambda t: t.replace('format = "minecheck.draft/2"', 'format = "minecheck.answers/1"'),
        "not a minecheck",
    ),
    ("a key missing", lambda t: t.replace(f'id = "{DRAFT_ID}"\n', ""), "damaged"),
    ("an unknown key", lambda t: t.replace("[draft]\n", "[draft]\ncolour = 1\n"), "damaged"),
    ("a text", lambda t: t.replace('site = "Mine A"', "site = 3"), "draft.site has the wrong"),
    (
        "a time",
        lambda t: t.replace("started = 2026-11-29 08:15:00+00:00", 'started = "morning"'),
        "draft.started has the wrong type",
    ),
    (
        "a local time",
        lambda t: t.replace("started = 2026-11-29 08:15:00+00:00", "started = 2026-11-29T08:15:00"),
        "draft.started has the wrong type",
    ),
    ("a tag", lambda t: t.replace('"coal-underground"', "7"), "draft.site_tags has the wrong"),
    ("answers", lambda t: "answers = 3\n" + t.split("\n[answers")[0], "answers is not a table"),
    (
        "a result",
        lambda t: t.replace('result = "compliant"', "result = 1"),
        "answers.methane-return.result has the wrong type",
    ),
    (
        "a deadline",
        lambda t: t.replace("deadline = 2026-12-29", 'deadline = "soon"'),
        "answers.gas-check-genuine.deadline has the wrong type",
    ),
    (
        "an unfinished field",
        lambda t: t.replace("reading = 1.5", 'reading = "high"'),
        "unfinished.methane-return.reading has the wrong type",
    ),
    (
        "an unfinished key",
        lambda t: t.replace("reading = 1.5", "colour = 1"),
        "unfinished.methane-return.colour is not a field of an answer",
    ),
    (
        "evidence",
        lambda t: t.replace("bytes = 12", "bytes = 12\nsize = 3"),
        "draft 3f2b8c1e-9d4a-4e6b-8f7a-1c2d3e4f5a6b is damaged",
    ),
]


@pytest.mark.parametrize(("what", "damage", "message"), DAMAGE, ids=[d[0] for d in DAMAGE])
def test_a_damaged_draft_is_a_clear_input_error(
    checklist: Checklist, tmp_path: Path, what: str, damage: Callable[[str], str], message: str
) -> None:
    directory = tmp_path / "drafts"
    drafts.save(directory, full_draft(checklist, tmp_path))
    path = drafts.draft_path(directory, DRAFT_ID)
    text = path.read_text("utf-8")
    damaged = damage(text)
    assert damaged != text, what
    path.write_text(damaged, "utf-8")
    with pytest.raises(InputError) as info:
        drafts.load(path)
    assert message in info.value.message + "".join(p.message for p in info.value.problems)
    assert path.read_text("utf-8") == damaged  # left as it is
    assert list(drafts.all_drafts(directory)) == [(path, None)]


def test_a_missing_draft(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no draft nope"):
        drafts.load(tmp_path / "nope.toml")
    with pytest.raises(UsageError, match="no draft nope"):
        drafts.find(tmp_path, "nope")
    with pytest.raises(UsageError, match="is not a draft id"):
        drafts.find(tmp_path, "../x")


HOLD_LOCK = """
import sys
from pathlib import Path
from minecheck.session.draft import locked
with locked(Path(sys.argv[1]), sys.argv[2]):
    print("held", flush=True)
    sys.stdin.readline()
"""


def test_a_draft_locked_by_another_process(tmp_path: Path) -> None:
    directory = tmp_path / "drafts"
    child = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(directory), DRAFT_ID],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline() == "held\n"
        with pytest.raises(UsageError) as info, drafts.locked(directory, DRAFT_ID):
            pytest.fail("the lock was taken twice")
        assert info.value.message == (
            f"draft {DRAFT_ID} is open in another minecheck (process {child.pid})"
        )
        assert info.value.hint == "finish or quit that one first"
    finally:
        child.communicate("\n", timeout=30)
    assert child.returncode == 0
    with drafts.locked(directory, DRAFT_ID):  # free again once the holder is gone
        pass


def test_discard_removes_the_draft_and_its_lock(checklist: Checklist, tmp_path: Path) -> None:
    directory = tmp_path / "drafts"
    drafts.save(directory, full_draft(checklist, tmp_path))
    drafts.discard(directory, DRAFT_ID)
    assert list(directory.iterdir()) == []


def test_a_holder_not_yet_known_is_not_named_process_question_mark(
    checklist: Checklist, tmp_path: Path
) -> None:
    """Between taking the lock and writing its pid into the lock file, a holder is not known:
    the message said "(process ?)"."""
    from filelock import FileLock

    directory = tmp_path / "drafts"
    drafts.save(directory, full_draft(checklist, tmp_path))
    holder = FileLock(str(directory / f"{DRAFT_ID}.lock"), timeout=0, is_singleton=False)
    with holder, pytest.raises(UsageError) as info, drafts.locked(directory, DRAFT_ID):
        pytest.fail("the lock was taken twice")
    assert info.value.message == f"draft {DRAFT_ID} is open in another minecheck"
    assert info.value.hint == "finish or quit that one first"


def test_a_discard_beside_a_discard_waits_for_it(
    checklist: Checklist, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A discard of a draft another discard holds (for the instant it takes) said the draft was
    "open in another minecheck"; it waits for that one and says what a discard after it says."""
    import threading
    import time

    from filelock import FileLock

    directory = tmp_path / "drafts"
    drafts.save(directory, full_draft(checklist, tmp_path))
    monkeypatch.setattr(drafts, "DISCARD_WAIT", 60.0)  # (ample: the other lets go at once)
    held = threading.Event()

    def the_other_discard() -> None:  # (a lock is let go by the thread that took it)
        with FileLock(str(directory / f"{DRAFT_ID}.lock"), timeout=0, is_singleton=False):
            held.set()
            time.sleep(0.2)
            drafts.draft_path(directory, DRAFT_ID).unlink()

    other = threading.Thread(target=the_other_discard)
    other.start()
    held.wait()
    try:
        with pytest.raises(UsageError) as info:
            drafts.discard(directory, DRAFT_ID)
    finally:
        other.join()
    assert (info.value.message, info.value.hint) == (
        f"no draft {DRAFT_ID}",
        "minecheck drafts list",
    )
    assert list(directory.iterdir()) == []


# -- the walk ------------------------------------------------------------------------------

Y = Reply(result="compliant")
N = Reply(result="noncompliant")
SKIP = Reply(command="skip")
BACK = Reply(command="back")
QUIT = Reply(command="quit")


def reading(value: float) -> Reply:
    return Reply(reading=value)


@dataclass
class FakePrompter:
    """Replies from lists; remembers every question, problem and review."""

    replies: list[Reply]
    details_given: list[AnswerSpec] = field(default_factory=list)
    choices: list[str] = field(default_factory=lambda: ["sign"])
    asked: list[tuple[str, bool, str | None]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    reviews: list[Review] = field(default_factory=list)

    def ask(self, step: Step) -> Reply:
        previous = step.previous.result if step.previous else None
        self.asked.append((step.item.id, step.revisit, previous))
        assert self.replies, f"unexpected question: {step.item.id}"
        return self.replies.pop(0)

    def details(self, step: Step, result: str, reading: float | None) -> AnswerSpec:
        assert self.details_given, f"unexpected details for {step.item.id}"
        spec = self.details_given.pop(0)
        return AnswerSpec(
            result=result,
            reading=reading,
            severity=spec.severity,
            severity_reason=spec.severity_reason,
            description=spec.description,
            deadline=spec.deadline,
        )

    def evidence(self, step: Step) -> tuple[tuple[str, ...], str | None]:
        return (), "no camera"

    def problem(self, message: str) -> None:
        self.problems.append(message)

    def review(self, review: Review) -> str:
        self.reviews.append(review)
        assert self.choices, "unexpected review"
        return self.choices.pop(0)


@dataclass
class Walked:
    walk: Walk
    prompter: FakePrompter
    saves: list[Draft]
    directory: Path


def walker(cl: Checklist, tmp_path: Path, prompter: FakePrompter) -> Walked:
    directory = tmp_path / "drafts"
    saves: list[Draft] = []

    def save(d: Draft) -> None:
        saves.append(copy.deepcopy(d))
        drafts.save(directory, d)

    walk = Walk(cl, new_draft(cl, tmp_path / "out.toml"), prompter, save, TODAY, no_evidence)
    return Walked(walk, prompter, saves, directory)


def results(d: Draft) -> dict[str, str]:
    return {k: f.result for k, f in d.answers.items()}


def test_a_straight_walk(checklist: Checklist, tmp_path: Path) -> None:
    w = walker(checklist, tmp_path, FakePrompter([Y, reading(0.5)]))
    assert w.walk.run() == "done"
    assert w.prompter.asked == [(GAS, False, None), (METHANE, False, None)]
    assert results(w.walk.draft) == {
        OUTBURST: "not-applicable",
        GAS: "compliant",
        METHANE: "compliant",
    }
    # saved after the prefill and after every answer
    assert [len(d.answers) for d in w.saves] == [1, 2, 3]
    review = w.prompter.reviews[0]
    assert [f.item for f in review.findings] == [GAS, METHANE, OUTBURST]  # checklist order
    assert review.unanswered == ()


def test_skip_comes_back_at_the_end(checklist: Checklist, tmp_path: Path) -> None:
    w = walker(checklist, tmp_path, FakePrompter([SKIP, reading(0.5), Y]))
    assert w.walk.run() == "done"
    assert [a[0] for a in w.prompter.asked] == [GAS, METHANE, GAS]
    assert results(w.walk.draft)[GAS] == "compliant"
    assert w.walk.draft.skipped == []
    assert drafts.load(drafts.draft_path(w.directory, DRAFT_ID)).skipped == []


def test_skipped_twice_is_left_for_the_review(checklist: Checklist, tmp_path: Path) -> None:
    prompter = FakePrompter([SKIP, reading(1.0), SKIP], choices=["quit"])
    w = walker(checklist, tmp_path, prompter)
    assert w.walk.run() == "quit"
    assert [a[0] for a in prompter.asked] == [GAS, METHANE, GAS]
    assert prompter.reviews[0].unanswered == (GAS,)
    saved = drafts.load(drafts.draft_path(w.directory, DRAFT_ID))
    assert saved.skipped == [GAS]
    assert GAS not in saved.answers


def test_back_asks_again_and_the_new_answer_replaces_the_old(
    checklist: Checklist, tmp_path: Path
) -> None:
    prompter = FakePrompter(
        [Y, BACK, N, reading(0.5)], details_given=[AnswerSpec(description="假检")]
    )
    w = walker(checklist, tmp_path, prompter)
    assert w.walk.run() == "done"
    assert prompter.asked == [
        (GAS, False, None),
        (METHANE, False, None),
        (GAS, True, "compliant"),  # asked again, showing the earlier answer
        (METHANE, False, None),
    ]
    gas = w.walk.draft.answers[GAS]
    assert (gas.result, gas.description, gas.severity) == ("noncompliant", "假检", "major")
    assert [f.item for f in prompter.reviews[0].findings] == [GAS, METHANE, OUTBURST]
    assert w.walk.draft.history == [GAS, METHANE]


def test_back_at_the_first_question(checklist: Checklist, tmp_path: Path) -> None:
    w = walker(checklist, tmp_path, FakePrompter([BACK, Y, reading(0.1)]))
    assert w.walk.run() == "done"
    assert w.prompter.problems == ["this is the first question"]
    assert [a[0] for a in w.prompter.asked] == [GAS, GAS, METHANE]


def test_quit_returns_quit_with_the_answers_saved(checklist: Checklist, tmp_path: Path) -> None:
    w = walker(checklist, tmp_path, FakePrompter([Y, QUIT]))
    assert w.walk.run() == "quit"
    assert w.prompter.reviews == []
    saved = drafts.load(drafts.draft_path(w.directory, DRAFT_ID))
    assert results(saved) == {OUTBURST: "not-applicable", GAS: "compliant"}
    # a resumed walk goes on where it stopped
    again = FakePrompter([reading(2.0)], details_given=[AnswerSpec(description="high")])
    walk = Walk(checklist, saved, again, lambda d: None, TODAY, no_evidence)
    assert walk.run() == "done"
    assert again.asked == [(METHANE, False, None)]
    methane = walk.draft.answers[METHANE]
    assert (methane.result, methane.reading) == (
        "noncompliant",
        ReadingValue(2.0, "%CH4", None, 1.0),
    )


def test_review_returning_an_item_id_asks_it_again(checklist: Checklist, tmp_path: Path) -> None:
    prompter = FakePrompter(
        [Y, reading(0.5), N],
        details_given=[AnswerSpec(description="on second thought")],
        choices=[GAS, "no-such-item", OUTBURST, "sign"],
    )
    w = walker(checklist, tmp_path, prompter)
    assert w.walk.run() == "done"
    assert prompter.asked[-1] == (GAS, True, "compliant")
    assert prompter.problems == [
        "no item 'no-such-item' to answer again",
        "no item 'outburst-org' to answer again",  # it does not apply to this site
    ]
    assert len(prompter.reviews) == 4
    assert [f.result for f in prompter.reviews[0].findings] == [
        "compliant",
        "compliant",
        "not-applicable",
    ]
    assert [f.result for f in prompter.reviews[1].findings] == [
        "noncompliant",
        "compliant",
        "not-applicable",
    ]
    assert w.walk.draft.answers[GAS].description == "on second thought"


def test_a_refused_answer_is_explained_and_asked_again(
    checklist: Checklist, tmp_path: Path
) -> None:
    prompter = FakePrompter(
        [N, N, reading(0.5)],
        details_given=[
            AnswerSpec(severity="general", description="d"),  # lowering without a reason
            AnswerSpec(severity="general", severity_reason="a first, minor lapse", description="d"),
        ],
    )
    w = walker(checklist, tmp_path, prompter)
    assert w.walk.run() == "done"
    assert prompter.problems == [
        "item 'gas-check-genuine' is major by its criteria; lowering it needs a severity_reason"
    ]
    gas = w.walk.draft.answers[GAS]
    assert (gas.severity, gas.severity_reason) == ("general", "a first, minor lapse")
    assert gas.deadline == dt.date(2026, 12, 6)


def test_items_that_do_not_apply_are_prefilled_once(checklist: Checklist, tmp_path: Path) -> None:
    w = walker(checklist, tmp_path, FakePrompter([Y, reading(0.5)]))
    w.walk.prefill()
    w.walk.prefill()
    assert len(w.saves) == 1
    assert w.walk.draft.answers[OUTBURST] == Finding(
        OUTBURST, "not-applicable", note="applies only to: outburst"
    )
    outburst_site = new_draft(checklist, tmp_path / "o.toml", ("coal-underground", "outburst"))
    prompter = FakePrompter([Y, reading(0.5), Y])
    walk = Walk(checklist, outburst_site, prompter, lambda d: None, TODAY, no_evidence)
    assert walk.run() == "done"
    assert [a[0] for a in prompter.asked] == [GAS, METHANE, OUTBURST]


def test_the_scripted_prompter_keeps_the_whole_answer(checklist: Checklist, tmp_path: Path) -> None:
    (tmp_path / "a.jpg").write_bytes(b"abc")
    specs = {
        GAS: AnswerSpec(result="compliant", note="board checked", evidence=("a.jpg",)),
        METHANE: AnswerSpec(reading=1.3, description="high at the return", location="1201"),
    }
    d = new_draft(checklist, tmp_path / "out.toml")
    resolve = evidence_resolver(tmp_path, tmp_path)
    walk = Walk(checklist, d, ScriptedPrompter(specs), lambda _d: None, TODAY, resolve)
    assert walk.run() == "done"
    gas, methane = d.answers[GAS], d.answers[METHANE]
    assert (gas.result, gas.note, [e.path for e in gas.evidence]) == (
        "compliant",
        "board checked",
        ["a.jpg"],
    )
    assert (methane.result, methane.description, methane.location) == (
        "noncompliant",
        "high at the return",
        "1201",
    )
    # an item the answers leave out is recorded as not-checked
    d2 = new_draft(checklist, tmp_path / "out2.toml")
    walk = Walk(checklist, d2, ScriptedPrompter({}), lambda _d: None, TODAY, resolve)
    assert walk.run() == "done"
    assert results(d2) == {OUTBURST: "not-applicable", GAS: "not-checked", METHANE: "not-checked"}


def test_a_chinese_walk_notes_ruled_out_items_in_chinese_and_does_not_count_them(
    checklist: Checklist, tmp_path: Path
) -> None:
    """The prefilled not-applicable note follows the draft's language; `drafts list` still
    counts only the answers the inspector gave."""
    from minecheck.session.walk import given_answers

    d = new_draft(checklist, tmp_path / "f.toml")
    d.language = "zh"
    walk = Walk(checklist, d, ScriptedPrompter({}), lambda _: None, TODAY, no_evidence)
    walk.prefill()
    assert d.answers[OUTBURST].note == "仅适用于：outburst"
    assert given_answers(d) == 0


def test_refit_keeps_only_answers_that_fit_the_new_version(
    checklist: Checklist, tmp_path: Path
) -> None:
    """A new version of the checklist under a draft: each answer is kept, asked again or
    replaced by not-applicable according to the item as it now is."""
    from dataclasses import replace

    from minecheck.session.walk import refit

    d = new_draft(checklist, tmp_path / "f.toml", tags=("coal-underground", "outburst"))
    d.answers = {
        GAS: Finding(GAS, "noncompliant", severity="major", basis=("CMHD-5.1",), description="x"),
        METHANE: Finding(METHANE, "compliant", reading=ReadingValue(0.5, "%CH4", max=1.0)),
        OUTBURST: Finding(OUTBURST, "compliant"),
        "gone": Finding("gone", "compliant"),
    }
    d.history = [GAS, METHANE, OUTBURST, "gone"]
    typed = {"result": "noncompliant", "description": "typed"}
    d.unfinished = {GAS: dict(typed), OUTBURST: dict(typed), "gone": dict(typed)}
    gas, methane, outburst = (
        item(checklist, GAS),
        item(checklist, METHANE),
        item(checklist, OUTBURST),
    )
    unchanged = copy.deepcopy(d)
    same = refit(checklist, unchanged)
    assert (same.removed, same.changed, same.ruled_out) == (("gone",), (), ())
    assert set(unchanged.answers) == {GAS, METHANE, OUTBURST}

    newer = replace(
        checklist,
        sections=(
            replace(
                checklist.sections[0],
                items=(
                    replace(gas, basis=("CMHD-5.3",)),  # another situation
                    replace(methane, evidence="required"),  # evidence now required
                    replace(outburst, applies_if=("rock-burst",)),  # no longer applies
                ),
            ),
        ),
    )
    lost = refit(newer, d)
    assert (lost.removed, lost.changed, lost.ruled_out) == (
        ("gone",),
        (GAS, METHANE),
        (OUTBURST,),
    )
    assert d.answers == {}
    assert d.history == []
    # what was typed for an item that is gone or no longer applies is not asked for
    assert d.unfinished == {GAS: typed}


def test_refit_fills_in_what_was_typed_of_a_non_compliance_it_asks_again(
    checklist: Checklist, tmp_path: Path
) -> None:
    """A non-compliance asked again (its item regraded by the new version) keeps its typed
    fields and evidence for the editor; an answer that was one key keeps nothing to fill in."""
    from dataclasses import replace

    from minecheck.session.walk import refit

    d = new_draft(checklist, tmp_path / "sub" / "f.toml")
    photo = Evidence("evidence/board.jpg", "0" * 64, 4)
    d.answers = {
        GAS: Finding(
            GAS,
            "noncompliant",
            severity="major",
            basis=("CMHD-5.1",),
            description="Board filled in",
            location="1201 face",
            measures="Retrain",
            deadline=dt.date(2026, 12, 20),
            evidence=(photo,),
        ),
        METHANE: Finding(METHANE, "compliant", reading=ReadingValue(0.5, "%CH4", max=1.0)),
    }
    gas, methane = item(checklist, GAS), item(checklist, METHANE)
    newer = replace(
        checklist,
        sections=(
            replace(
                checklist.sections[0],
                items=(replace(gas, basis=("CMHD-5.3",)), replace(methane, evidence="required")),
            ),
        ),
    )
    lost = refit(newer, d)
    assert lost.changed == (GAS, METHANE)
    assert lost.why == {GAS: "basis", METHANE: "evidence"}  # what the warning says of each
    assert d.unfinished == {
        GAS: {
            "result": "noncompliant",
            "severity": "major",
            "description": "Board filled in",
            "location": "1201 face",
            "measures": "Retrain",
            "deadline": dt.date(2026, 12, 20),
            "evidence": [str(tmp_path / "sub" / "evidence" / "board.jpg")],
        }
    }
    drafts.save(tmp_path / "drafts", d)  # and it is kept as a draft keeps what is being typed
    assert drafts.load(tmp_path / "drafts" / f"{d.id}.toml").unfinished == d.unfinished


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_pipe_a_directory_or_a_huge_file_among_the_drafts_is_said_and_never_read(
    checklist: Checklist, tmp_path: Path
) -> None:
    """Someone else on a shared laptop made a FIFO, a directory and a file of 100 MB with
    draft names: `drafts list` (and `inspect`, which looks for the site's draft) waited for
    ever on the FIFO's writer; the directory stopped the list (exit 2, no draft listed); the
    big file was read whole into memory. Each is said with why it cannot be read, never
    opened to wait, and the inspector's own draft is listed."""
    home = tmp_path / "home"
    directory = home / "drafts"
    drafts.save(directory, full_draft(checklist, tmp_path))
    os.mkfifo(directory / "aaaaaaaa-0000-4000-8000-000000000000.toml")
    (directory / "bbbbbbbb-0000-4000-8000-000000000000.toml").mkdir()
    with open(directory / "cccccccc-0000-4000-8000-000000000000.toml", "wb") as fh:
        fh.truncate(100 * 1024 * 1024)  # (sparse: no disk taken)
    env = {**os.environ, "MINECHECK_HOME": str(home), "NO_COLOR": "1", "COLUMNS": "200"}
    env.pop("MINECHECK_LANG", None)
    exe = Path(sys.executable).parent / "minecheck"
    run = subprocess.run(
        [str(exe), "drafts", "list", "--lang", "en"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,  # (a run waiting on the FIFO never ends: this ends the test instead)
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert DRAFT_ID[:8] in run.stdout
    reasons = {  # (the reader's reason, as every other reader says it: loose ends 36)
        "aaaaaaaa": "not a regular file (a FIFO)",
        "bbbbbbbb": "is a directory, not a draft",
        "cccccccc": "draft is 104857600 bytes, over the limit of 67108864 bytes",
    }
    for name, reason in reasons.items():
        path = directory / f"{name}-0000-4000-8000-000000000000.toml"
        assert f"minecheck: warning: {path}: {reason}" in run.stderr.splitlines()
    with pytest.raises(InputError, match="not a regular file"):
        drafts.load(directory / "aaaaaaaa-0000-4000-8000-000000000000.toml")
    with pytest.raises(InputError, match="over the limit"):
        drafts.load(directory / "cccccccc-0000-4000-8000-000000000000.toml")
