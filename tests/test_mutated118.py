"""Mutation round 118: tests that kill the mutants of the code after round 117 that the tests
before them let live (`followup`'s extended-not-later naming this document, an acceptance after
a reopening of a withdrawn danger, the local day an extension past its deadline is made on)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.helpers_merge import findings
from tests.test_attack42 import LATE_IN_FORCE
from tests.test_expert_panel import ACCEPT, REF, by, panel, step
from tests.test_field14 import refused
from tests.test_field15 import FILLED, LATE_SIGNED, MORE, hand_written, sign
from tests.test_loose_ends17 import due
from tests.test_loose_ends27 import ALICE, _alike, people
from tests.test_loose_ends32 import LONG, UNSEEN_SAID, UNUSABLE, _said_beside
from tests.test_mutated92 import COMMANDS, every_kind_with_a_cache
from tests.test_mutated117 import IN_THE_WAY
from tests.test_same_second import Clock, T, clock, created

__all__ = ["clock", "due", "panel", "people"]  # the fixtures


def test_an_extension_not_later_than_one_in_this_document_names_this_document(
    cli: Any, due: dict[str, Any]
) -> None:
    """Two extensions in one events file, the second to a day before the first's: the
    warning names this document (no path), its line, and the events file's key."""
    wang = due["people"]["wang"]
    Path("events.toml").write_text(
        "[minecheck]\ncreated = 2026-11-30T09:00:00Z\n\n"
        f'[[event]]\nfinding = "{REF}"\naction = "extended"\nat = 2026-11-29T12:00:00Z\n'
        'new_deadline = 2026-12-10\nnote = "a"\n'
        f'[[event]]\nfinding = "{REF}"\naction = "extended"\nat = 2026-11-30T08:00:00Z\n'
        'new_deadline = 2026-12-05\nnote = "b"\n'
    )
    got = cli(["followup", "--events", "events.toml", "-o", "e.toml", *by(wang)])
    assert (got.exit_code, got.stdout) == (0, "e.toml\n")
    assert got.stderr == (
        f"minecheck: warning: events.toml:10: {REF}: the new deadline 2026-12-05 is not after "
        "the deadline 2026-12-10 that this document extends it to: no report will apply the "
        "extension\n"
        "  hint: an extension moves the deadline later: give a day after 2026-12-10 "
        "(new_deadline)\n"
    )
    assert refused(cli, due, ["xinxing.toml", "e.toml"]) == ["extended-not-later"]


def test_an_acceptance_after_a_reopened_withdrawal_says_none_rectified(
    cli: Any, panel: dict[str, Any]
) -> None:
    """Withdrawn, then reopened (a reopening takes a withdrawn danger back to rectification,
    though none was ever reported rectified), then accepted: no rectification was ever
    reported, and the warning says that, not "rectified again"."""
    p = panel["people"]
    step(cli, p["wang"], "c1.toml", "2026-11-30T08:00:00Z", "--action", "withdrawn", "--note", "x")
    step(cli, p["wang"], "r1.toml", "2026-12-01T08:00:00Z", "--action", "reopened", "--note", "y")
    accept = (*ACCEPT, "--reviewer", "Liu Yang")
    got = cli(
        ["followup", REF, *accept, "--at", "2026-12-03T08:00:00Z", "-o", "a1.toml", *by(p["liu"])]
    )
    assert (got.exit_code, got.stdout) == (0, "a1.toml\n")
    assert got.stderr == (
        f"minecheck: warning: {REF}: no signed follow-up here reports it rectified by "
        "2026-12-03T08:00:00Z, when the acceptance is dated: a report applies an acceptance "
        "only after the rectification it accepts\n"
        "  hint: accept it after the enterprise's signed report that it is rectified (--action "
        "rectified), kept beside the findings or where the acceptance is written\n"
    )
    files = ["xinxing.toml", "c1.toml", "r1.toml", "a1.toml"]
    assert refused(cli, panel, files) == ["accepted-not-rectified"]


def test_an_extension_past_its_deadline_names_the_local_day_it_is_made_on(
    cli: Any, due: dict[str, Any], in_zone: Callable[[str | None], None]
) -> None:
    """In Shanghai, an extension at 20:00 UTC on the deadline (30 November) is made on 1
    December, after it: the warning names the local day, as the reports judge it."""
    in_zone("Asia/Shanghai")
    wang = due["people"]["wang"]
    more = ("--action", "extended", "--new-deadline", "2026-12-31", "--note", "a")
    got = cli(["followup", REF, *more, "--at", "2026-11-30T20:00:00Z", "-o", "e.toml", *by(wang)])
    assert (got.exit_code, got.stdout) == (0, "e.toml\n")
    assert got.stderr == (
        f"minecheck: warning: {REF}: the extension is dated 2026-11-30T20:00:00Z, on "
        "2026-12-01, after the deadline 2026-11-30 the findings give had passed: a report "
        "applies it only where an earlier extension, a rejection or a reopening set a new "
        "term, and the follow-ups here hold none\n"
        "  hint: an extension is granted before the deadline passes; past it, the hidden danger "
        "is escalated (or given one new term once a rejection or a reopening puts it back in "
        "rectification)\n"
    )
    assert refused(cli, due, ["xinxing.toml", "e.toml"]) == ["extended-after-deadline"]


def test_an_extension_not_later_after_a_rejection_names_the_extension_in_force(
    cli: Any, due: dict[str, Any]
) -> None:
    """Extended to 10 December (e1.toml), rectified, rejected (j1.toml), then extended to 5
    December: the deadline in force is e1.toml's, and the warning names it, not the rejection
    that came after it."""
    p = due["people"]
    first = ("--action", "extended", "--new-deadline", "2026-12-10", "--note", "a")
    step(cli, p["wang"], "e1.toml", "2026-11-29T12:00:00Z", *first)
    step(cli, p["mine"], "f1.toml", "2026-12-01T08:00:00Z", "--action", "rectified")
    step(cli, p["wang"], "j1.toml", "2026-12-02T08:00:00Z", "--action", "rejected", "--note", "n")
    second = ("--action", "extended", "--new-deadline", "2026-12-05", "--note", "b")
    got = cli(
        ["followup", REF, *second, "--at", "2026-12-03T08:00:00Z", "-o", "e2.toml", *by(p["wang"])]
    )
    assert (got.exit_code, got.stdout) == (0, "e2.toml\n")
    assert got.stderr == (
        f"minecheck: warning: {REF}: the new deadline 2026-12-05 is not after the deadline "
        "2026-12-10 that e1.toml extends it to: no report will apply the extension\n"
        "  hint: an extension moves the deadline later: give a day after 2026-12-10 "
        "(--new-deadline)\n"
    )
    files = ["xinxing.toml", "e1.toml", "f1.toml", "j1.toml", "e2.toml"]
    assert refused(cli, due, files) == ["extended-not-later"]


def test_a_later_file_beside_does_not_move_the_deadline_an_extension_was_made_by(
    cli: Any, due: dict[str, Any]
) -> None:
    """attack 42's extension recorded after the deadline an extension set (3 December), with a
    rectification signed beside it on 4 December, after the extension being signed: the
    deadline it was made by is still the one in force when it was made (the later file's
    event, first in its file as the extension is in its own, is no part of it)."""
    p = due["people"]
    first = ("--action", "extended", "--new-deadline", "2026-12-03", "--note", "a")
    step(cli, p["wang"], "e1.toml", "2026-11-29T12:00:00Z", *first)
    step(cli, p["mine"], "f1.toml", "2026-12-04T08:00:00Z", "--action", "rectified")
    hand_written("2026-12-06T08:00:00Z", "extended", "2026-12-02T08:00:00Z", MORE["extended"])
    got = sign(cli, p["wang"], "en")
    assert (got.exit_code, got.stdout) == (0, "hand.toml\n")
    assert got.stderr == FILLED["en"] + LATE_IN_FORCE["en"].format(ref=REF)


@pytest.mark.parametrize(
    ("at", "created", "late"),
    [
        ("2026-11-29T12:00:00Z", "2026-11-30T08:00:00Z", False),  # signed on the deadline
        ("2026-11-30T08:00:00Z", "2026-12-03T08:00:00Z", True),  # dated on it, signed after
    ],
    ids=["signed-on-the-deadline", "dated-on-the-deadline"],
)
def test_recorded_late_counts_the_deadline_day_as_in_time(
    cli: Any, due: dict[str, Any], at: str, created: str, late: bool
) -> None:
    """An extension signed on the deadline's day is not late; one dated on that day and signed
    after it is (the day itself is in time, for the event and for its signing)."""
    hand_written(created, "extended", at, MORE["extended"])
    got = sign(cli, due["people"]["wang"], "en")
    assert (got.exit_code, got.stdout) == (0, "hand.toml\n")
    said = (
        LATE_SIGNED["en"]
        .replace("2026-11-29T12:00:00Z", at)
        .replace("signed on 2026-12-03", f"signed on {created[:10]}")
    )
    assert got.stderr == FILLED["en"] + (said.format(ref=REF) if late else "")


def test_the_recorders_key_under_another_name_is_no_other_signer(
    cli: Any, due: dict[str, Any]
) -> None:
    """The inspector's own key, signing under another name: one key under two names is one
    signer, as the fold takes it, and nothing is said of who extends."""
    wang = due["people"]["wang"]
    hand_written("2026-11-29T13:00:00Z", "extended", "2026-11-29T12:00:00Z", MORE["extended"])
    got = cli(["sign", "hand.toml", "--key", str(wang.key), "--signer", "office@coal.example"])
    assert (got.exit_code, got.stdout, got.stderr) == (0, "hand.toml\n", FILLED["en"])


def test_an_acceptance_with_a_refused_rectification_of_its_time_after_it(
    cli: Any, panel: dict[str, Any]
) -> None:
    """Accepted, withdrawn and rectified at one time, in that order: the rectification after
    the acceptance is refused (withdrawn), so the acceptance is not said to come before it."""
    p = panel["people"]
    at = "at = 2026-12-03T08:00:00Z\n"
    Path("events.toml").write_text(
        "[minecheck]\ncreated = 2026-12-03T09:00:00Z\n\n"
        f'[[event]]\nfinding = "{REF}"\naction = "accepted"\n{at}'
        'method = "expert-review"\nreviewers = ["Liu Yang"]\n'
        f'[[event]]\nfinding = "{REF}"\naction = "withdrawn"\n{at}note = "x"\n'
        f'[[event]]\nfinding = "{REF}"\naction = "rectified"\n{at}'
    )
    got = cli(["followup", "--events", "events.toml", "-o", "e.toml", *by(p["wang"])])
    assert (got.exit_code, got.stdout) == (0, "e.toml\n")
    assert got.stderr.splitlines()[:3] == [
        f"minecheck: warning: events.toml:4: {REF}: no signed follow-up here reports it "
        "rectified by 2026-12-03T08:00:00Z, when the acceptance is dated: a report applies an "
        "acceptance only after the rectification it accepts",
        "  hint: accept it after the enterprise's signed report that it is rectified (--action "
        "rectified), kept beside the findings or where the acceptance is written",
        f"minecheck: warning: events.toml:15: {REF}: this document withdraws it at "
        "2026-12-03T08:00:00Z, and no follow-up here reopens it since: no report will apply an "
        "event to a withdrawn hidden danger until it is reopened",
    ]


def test_sign_keeps_a_stated_created_without_waiting_for_the_next_second(
    cli: Any, panel: dict[str, Any], clock: Clock
) -> None:
    """The mine's rectification signed now; an acceptance written by hand at its time, its
    created stated (now): sign keeps the author's time and waits for no next second (the wait
    is for a created it fills in)."""
    p = panel["people"]
    run = cli(["followup", REF, "--action", "rectified", "-o", "f1.toml", *by(p["mine"])])
    assert (run.exit_code, run.stderr) == (0, "")
    Path("hand.toml").write_text(
        '[minecheck]\nformat = "minecheck.followup/1"\ncreated = 2026-12-01T08:00:00Z\n\n'
        f'[[event]]\nfinding = "{REF}"\naction = "accepted"\nat = 2026-12-01T08:00:00Z\n'
        'method = "expert-review"\nreviewers = ["Chen Jie"]\n'
    )
    got = sign(cli, p["chen"], "en")
    assert (got.exit_code, got.stdout) == (0, "hand.toml\n")
    assert (clock.waited, created("hand.toml")) == ([], T)


def test_a_busy_cache_past_its_retries_is_not_said(tmp_path: Path) -> None:
    """A cache another run holds past the retries is off for this run, as is normal: nothing
    is kept to say (a failing disk or a damaged file is)."""
    import sqlite3

    from minecheck.report.cache import ResultCache, take_to_mend

    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    take_to_mend()
    opened = ResultCache(folder / "results.sqlite3", "v")
    opened._failed(sqlite3.OperationalError("database is locked"))
    assert (opened.enabled, take_to_mend()) == (False, None)


def _unusable(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: Exception, **said: str
) -> None:
    """`summary` with the cache's connection failing with `error`, in a home named `home`:
    the unusable warning said (its reason `reason`), in `lang`, between what --no-cache says."""
    from minecheck.core.sanitize import shell_word
    from minecheck.report.cache import ResultCache

    home, docs = every_kind_with_a_cache(tmp_path, monkeypatch, home_name=said["home"])
    cache = home / "cache" / "results.sqlite3"

    def failing(self: ResultCache) -> Any:
        raise error

    monkeypatch.setattr(ResultCache, "_connect", failing)
    word = shell_word(cache)
    lines = tuple(
        s.format(path=cache, word=word, reason=said["reason"]) for s in UNUSABLE[said["lang"]]
    )
    name, *rest = COMMANDS["summary"]
    _said_beside(cli, [name, str(docs), *rest, "--lang", said["lang"]], lines)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_system_error_is_said_in_the_systems_words_without_the_path(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """The system refuses the cache file (a failing disk): the reason is what it said, the path
    named once, before it (not again in the system's `[Errno 5] ...: '<path>'`)."""
    import errno

    error = OSError(errno.EIO, "Input/output error", "results.sqlite3")
    _unusable(
        cli, tmp_path, monkeypatch, error, home="home", reason="Input/output error", lang=lang
    )


def test_the_recorders_are_listed_in_order_whatever_the_hash_seed(
    cli: Any, panel: dict[str, Any]
) -> None:
    """attack 42's joint inspection, signed in processes of several hash seeds: the two
    recorders are listed in their order each time (a set's order is the seed's)."""
    import os
    import subprocess
    import sys

    from tests.helpers_merge import findings
    from tests.test_field15 import hand_written

    p = panel["people"]
    deadline = dt.date(2026, 11, 30)
    results = ["compliant", "noncompliant", "compliant"]
    Path("xinxing.toml").write_bytes(findings(p["wang"], results, deadline=deadline))
    Path("chen.toml").write_bytes(findings(p["chen"], results, deadline=deadline))
    names = f"{p['chen'].principal}, {p['wang'].principal}"
    signing = ["--key", str(p["mine"].key), "--signer", p["mine"].principal]
    args = [sys.executable, "-m", "minecheck", "sign", "hand.toml", *signing]
    for seed in range(6):
        hand_written("2026-11-29T13:00:00Z", "extended", "2026-11-29T12:00:00Z", MORE["extended"])
        got = subprocess.run(
            args,
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": f"{seed}"},
            check=False,
        )
        assert (got.returncode, got.stdout) == (0, "hand.toml\n")
        assert f"{REF}: {names} signed the findings that set its deadline" in got.stderr


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_link_to_nothing_where_the_caches_folder_goes_is_named_in_the_way(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """The cache's folder a link to nothing (its target moved or on a disk not mounted): it
    was said as the cache file that "cannot be used", with the hint to remove that file, which
    is not there; the link is named, and the hint moves it away."""
    from minecheck.core.sanitize import shell_word

    home, docs = every_kind_with_a_cache(tmp_path, monkeypatch)
    home.mkdir()
    folder = home / "cache"
    folder.symlink_to(tmp_path / "gone")
    said = IN_THE_WAY[lang].format(path=folder, word=shell_word(folder)).splitlines()
    name, *rest = COMMANDS["summary"]
    _said_beside(cli, [name, str(docs), *rest, "--lang", lang], (said[0], said[1]))


def test_a_disk_that_fails_mid_run_is_kept_to_say(tmp_path: Path) -> None:
    """A disk I/O error met after opening (not busy, not full): off, and kept to say with
    SQLite's words (no next run mends a failing disk alone)."""
    import sqlite3

    from minecheck.report.cache import ResultCache, ToMend, take_to_mend

    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    path = folder / "results.sqlite3"
    take_to_mend()
    opened = ResultCache(path, "v")
    opened._failed(sqlite3.OperationalError("disk I/O error"))
    assert take_to_mend() == ToMend("unusable", path, "disk I/O error")


def test_the_unusable_hint_quotes_a_path_with_a_blank(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A home with a blank in its name: the hint gives the path as one shell word."""
    import sqlite3

    error = sqlite3.OperationalError("disk I/O error")
    _unusable(cli, tmp_path, monkeypatch, error, home="my home", reason=f"{error}", lang="en")


def test_a_variation_selector_at_a_codes_end_is_not_seen_and_named(
    tmp_path: Path, people: dict[str, Any], cli: Any
) -> None:
    """A supplementary variation selector (U+E0100) pasted at a code's end: alike, and named."""
    files, trust = _alike(tmp_path, people, "HLJ-0001\U000e0100")
    run = cli(["summary", *files, *trust, "--lang", "en"])
    codes = "'HLJ-0001', 'HLJ-0001\U000e0100'"
    said = UNSEEN_SAID["en"].format(codes=codes, characters="\\U000e0100")
    assert (run.exit_code, run.stderr) == (0, said)


@pytest.mark.parametrize(
    ("length", "shown"),
    [(64, "'{code}'"), (65, "'{head}…' (1 more character)")],
    ids=["64-whole", "65-one-more"],
)
def test_a_code_at_the_cut_is_whole_or_counts_one_character(
    tmp_path: Path, people: dict[str, Any], cli: Any, length: int, shown: str
) -> None:
    """A code of 64 characters is said whole; one of 65 shows 64 and counts one more, in the
    singular."""
    code = "HLJ-" + "0" * (length - 4)
    other = code.replace("HLJ", "Hlj")
    files, trust = _alike(tmp_path, people, code)
    (tmp_path / "docs" / "alice.toml").write_bytes(findings(people["alice"], ALICE, site_id=other))
    run = cli(["summary", *files, *trust, "--lang", "en"])
    a, b = (shown.format(code=c, head=c[:64]) for c in sorted([other, code]))
    assert (run.exit_code, run.stderr) == (0, LONG["en"].format(a=a, b=b))


def test_a_blank_before_an_ascii_code_is_a_blank_at_its_end(
    tmp_path: Path, people: dict[str, Any], cli: Any
) -> None:
    files, trust = _alike(tmp_path, people, " HLJ-0001")
    run = cli(["summary", *files, *trust, "--lang", "en"])
    said = LONG["en"].format(a="' HLJ-0001'", b="'HLJ-0001'")
    assert (run.exit_code, run.stderr) == (0, said)
