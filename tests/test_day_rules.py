"""The day's new rules at their edges: the ten minutes a clock may be ahead, taken in full by
merge and by a merged file's check of what it holds; an extension recorded late, dated on the
deadline's own day or signed on it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from tests.helpers_merge import (
    CREATED,
    Who,
    allowed_signers,
    findings,
    make_merged,
    store_for,
)
from tests.test_attack_changes7 import _merge, two  # noqa: F401 - its fixture
from tests.test_audit import Office, office  # noqa: F401 - its fixture
from tests.test_cli_keys_trust import Cli
from tests.test_followup import an_inspection_to_follow
from tests.test_followup_rules import REF

TEN_MINUTES = dt.timedelta(minutes=10)


@pytest.fixture
def setup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """test_followup's inspection to follow, its signers trusted."""
    made = an_inspection_to_follow(tmp_path, monkeypatch)
    allowed = allowed_signers(tmp_path / "allowed_signers", made["who"], made["inspector"])
    return {**made, "allowed": allowed}


# --- ten minutes ahead, and not a second more -------------------------------------------------


def test_a_merged_file_dated_ten_minutes_before_what_it_holds_is_trusted(
    cli: Cli,
    office: Office,  # noqa: F811 - test_audit's office, imported
) -> None:
    """Ten minutes between clocks are allowed in full: a merged file signed exactly ten minutes
    before the findings it holds is trusted, as SPEC 3's slack says ("more than ten minutes"
    is malformed)."""
    store = store_for(office.wang, office.merger)
    inner = findings(office.wang, ["noncompliant", "compliant", "compliant"])
    data = make_merged(office.merger, [inner], store, created=CREATED - TEN_MINUTES)
    path = office.work / "joint.toml"
    path.write_bytes(data)
    trust = ["--allowed-signers", str(office.work / "allowed_signers")]
    run = cli(["verify", str(path), *trust])
    assert (run.exit_code, run.stdout.split(": ")[1]) == (0, "trusted")


def test_merge_takes_a_source_signed_exactly_ten_minutes_ahead_of_its_clock(
    cli: Cli,
    tmp_path: Path,
    two: tuple[Who, Who],  # noqa: F811 - test_attack_changes7's two, imported
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A source signed ten minutes to the second ahead of this computer's clock is merged, and
    the merged file is trusted: merge refuses only what its own verify would call malformed
    (more than ten minutes)."""
    from minecheck.core import documents, seal

    wang, chen = two
    now = dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC)
    monkeypatch.setattr(documents, "utc_now", lambda: now)
    monkeypatch.setattr(seal, "clock", lambda: now)
    source = tmp_path / "ahead.toml"
    source.write_bytes(
        findings(wang, ["noncompliant", "compliant", "compliant"], when=now + TEN_MINUTES)
    )
    run = _merge(cli, tmp_path, chen, source)
    assert (run.exit_code, run.stderr) == (0, "")
    trust = ["--allowed-signers", str(tmp_path / "allowed_signers")]
    verified = cli(["verify", str(tmp_path / "merged.toml"), *trust])
    assert (verified.exit_code, verified.stdout.split(": ")[1]) == (0, "trusted")


# --- an extension recorded late: the deadline's own day ---------------------------------------

LATE = (
    "minecheck: warning: {ref}: the extension is dated {at}, by the deadline 2026-12-01, and "
    "signed on {signed}, after that deadline passed: reports apply it as made in time\n"
    "  hint: the signed time shows when it was recorded (export --rows events, column signed)\n"
)


@pytest.mark.parametrize(
    ("at", "signed", "late"),
    [
        ("2026-12-01T12:00:00Z", dt.datetime(2026, 12, 5, 12, 0, tzinfo=dt.UTC), True),
        ("2026-11-30T12:00:00Z", dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC), False),
    ],
    ids=["dated-on-the-deadline-signed-after", "signed-on-the-deadline"],
)
def test_an_extension_on_the_deadlines_own_day(
    cli: Any,
    setup: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
    at: str,
    signed: dt.datetime,
    late: bool,
) -> None:
    """The deadline's day is in time: an extension dated on it and signed days later is said
    recorded late (reports apply it as made in time); one signed on the deadline's day itself
    was recorded in time, and nothing is said. Times far from midnight: the same local days in
    any zone."""
    from minecheck.core import documents

    work: Path = setup["work"]
    (work / "alice.toml").write_bytes(
        findings(
            setup["inspector"],
            ["compliant", "noncompliant", "compliant"],
            deadline=dt.date(2026, 12, 1),
        )
    )
    monkeypatch.setattr(documents, "utc_now", lambda: signed)
    args = ["followup", REF, "--action", "extended", "--note", "a new fan", "--at", at]
    run = cli([*args, "--new-deadline", "2026-12-20", *setup["grant"], "-o", "ext.toml"])
    assert (run.exit_code, run.stdout) == (0, "ext.toml\n")
    said = LATE.format(ref=REF, at=at, signed=signed.date().isoformat())
    assert run.stderr == (said if late else "")
    assert (work / "ext.toml").exists()


# --- a stated time ten minutes ahead, and one just past ---------------------------------------


@pytest.mark.parametrize(
    ("created", "at"),
    [
        (dt.timedelta(minutes=10), dt.timedelta(minutes=10)),  # ten minutes ahead, no more
        (dt.timedelta(minutes=-1), dt.timedelta(minutes=-2)),  # made a minute ago
    ],
    ids=["ten-minutes-ahead", "a-minute-ago"],
)
def test_an_events_file_stating_its_times_within_the_slack_is_signed(
    cli: Any,
    setup: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
    created: dt.timedelta,
    at: dt.timedelta,
) -> None:
    """An events file whose `created`, and an event's `at`, are up to ten minutes ahead of this
    computer's clock (another machine's clock a little fast), or a minute behind it (written a
    minute ago), is signed as it states them: only more than ten minutes ahead lies in the
    future."""
    from minecheck.core import documents

    now = dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC)
    monkeypatch.setattr(documents, "utc_now", lambda: now)

    def z(when: dt.datetime) -> str:
        return when.strftime("%Y-%m-%dT%H:%M:%SZ")

    (setup["work"] / "ev.toml").write_text(
        f"[minecheck]\ncreated = {z(now + created)}\n\n"
        f'[[event]]\nfinding = "{REF}"\naction = "escalated"\nnote = "suspended"\n'
        f"at = {z(now + at)}\n"
    )
    run = cli(["followup", "--events", "ev.toml", "-o", "f.toml", *setup["sign"]])
    assert (run.exit_code, run.stdout, run.stderr) == (0, "f.toml\n", "")
    assert f"created = {z(now + created)}\n".encode() in (setup["work"] / "f.toml").read_bytes()


# --- the second search for a name: what it finds, and where it stops ---------------------------


def test_a_pattern_without_an_at_sign_found_by_the_second_search_names_someone() -> None:
    """`li.*` excluding every name with an `a` or an `i` after its first two characters: each
    name the first fillings make holds one (`li.a@a`), and the second search finds li.b@b,
    which the field admits. The `@` is put in where the wildcard was, the rest of the pattern
    after it as written (a name made with the pattern's start written twice, `li.b@bli.`, is
    excluded)."""
    from minecheck.core.principals import names_someone
    from minecheck.core.signers import match_pattern_list

    field = "li.*,!??*a*,!??*i*"
    assert match_pattern_list("li.b@b", field)
    assert names_someone(field)


def test_a_pattern_with_a_question_mark_for_the_at_sign_is_tried_as_written() -> None:
    """`li?x.org` (a `?` for the `@`) beside `li.*`: li@x.org is excluded, and the search goes
    on to `li.*`, which admits li.b@b; a name with one more character after the `@`
    (`li@bx.org`, which `li?x.org` does not admit) must not end it as naming no one."""
    from minecheck.core.principals import names_someone

    assert names_someone("li?x.org,li.*,!li@x.org,!??*a*,!??*i*")


@pytest.mark.parametrize("field", ["b***?*,*?b*b,!??*", "*?b*b,b***?*,!??*"])
def test_a_field_excluding_every_name_is_settled_within_the_budget(field: str) -> None:
    """`??*` excludes every name (a signer's name has at least three characters): the field
    names no one, and its second search, long for its many wildcards, ends within the budget
    and refuses it, rather than giving it the benefit of the doubt."""
    from minecheck.core.principals import names_someone

    assert not names_someone(field)
