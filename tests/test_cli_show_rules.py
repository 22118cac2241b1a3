"""`minecheck show` (`cli/show.py`) as a reader meets it: the mine with its code, what the mine
must do under each description, ids and dates whole on a narrow terminal, the way to get back a
file a mail program changed."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

from minecheck.core.documents import Event, Finding
from tests.helpers_merge import (
    CREATED,
    INSPECTION,
    ITEMS,
    allowed_signers,
    findings,
    findings_of,
    make_merged,
    person,
    store_for,
)
from tests.test_export import followup
from tests.test_stock_increment import utc  # noqa: F401 - the fixture

LONG_ITEM = "roof-support-spacing-underground"  # 32 characters: the widest kept unfolded


@pytest.fixture
def people(tmp_path: Path) -> tuple[Any, Any, list[str]]:
    alice, bob = person(tmp_path, "alice"), person(tmp_path, "bob")
    trust = allowed_signers(tmp_path / "allowed_signers", alice, bob)
    return alice, bob, ["--allowed-signers", str(trust), "--lang", "en"]


def test_the_mine_is_named_with_its_code_and_without_one_alone(
    cli: Any, people: tuple[Any, Any, list[str]], tmp_path: Path
) -> None:
    alice, _, args = people
    coded, plain = tmp_path / "coded.toml", tmp_path / "plain.toml"
    coded.write_bytes(findings(alice, ["compliant"] * 3))
    plain.write_bytes(
        findings(
            alice,
            ["compliant"] * 3,
            1,
            site_id=None,
            inspection_id="3a5f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c1f",
        )
    )
    run = cli(["show", str(coded), str(plain), *args])
    assert (run.exit_code, run.stderr) == (0, "")
    lines = [line.split("   ")[0] for line in run.stdout.splitlines()]
    assert lines.count("site: Demo mine (HLJ-0001)") == 1
    assert lines.count("site: Demo mine") == 1


def test_under_a_description_the_location_measures_responsible_and_order_are_listed(
    cli: Any, people: tuple[Any, Any, list[str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "300")
    alice, _, args = people
    finding = Finding(
        "gas-overlimit",
        "noncompliant",
        severity="general",
        description="Gas above the limit",
        location="Face 3101",
        measures="Stop work; ventilate",
        responsible="Ventilation Section",
        enforcement="ORDER-2026-7",
    )
    doc = tmp_path / "d.toml"
    doc.write_bytes(findings_of(alice, [finding], "6f1c2d3e-0000-4000-8000-00000000000a"))
    run = cli(["show", str(doc), *args])
    assert (run.exit_code, run.stderr) == (0, "")
    shown = [line.strip() for line in run.stdout.splitlines()]
    for said in (
        "Location: Face 3101",
        "Rectification measures: Stop work; ventilate",
        "Responsible unit / person: Ventilation Section",
        "Enforcement order: ORDER-2026-7",
    ):
        assert any(line.endswith(said) for line in shown), said


def test_on_a_narrow_terminal_item_ids_and_dates_are_never_broken(
    cli: Any, people: tuple[Any, Any, list[str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reader searches a checklist for the id and reads the deadline as a date: at 60 columns
    neither is folded over two lines, in a findings file or in a merged one."""
    monkeypatch.setenv("COLUMNS", "60")
    alice, bob, args = people
    items = (LONG_ITEM, "gas-overlimit", "methane-return")
    bad = ["noncompliant", "noncompliant", "compliant"]
    a = findings(alice, bad, deadline=dt.date(2026, 12, 20), items=items, description="x " * 40)
    b = findings(bob, bad, deadline=dt.date(2026, 12, 20), items=items)
    single, merged = tmp_path / "a.toml", tmp_path / "m.toml"
    single.write_bytes(a)
    merged.write_bytes(make_merged(alice, [a, b], store_for(alice, bob)))
    for path in (single, merged):
        run = cli(["show", str(path), *args, "--as-of", "2026-12-01"])
        assert (run.exit_code, run.stderr) == (0, ""), path
        assert run.stdout.count("2026-12-20") == 2, path
        if path == single:
            assert sum(LONG_ITEM in line for line in run.stdout.splitlines()) == 1


def test_a_file_a_mail_program_changed_is_refused_with_how_to_get_it_back(
    cli: Any, people: tuple[Any, Any, list[str]], tmp_path: Path
) -> None:
    alice, _, args = people
    doc = tmp_path / "a.toml"
    doc.write_bytes(findings(alice, ["compliant"] * 3).replace(b"\n", b"\r\n"))
    run = cli(["show", str(doc), *args])
    assert run.exit_code == 2
    assert "  hint: to get back the file as it was signed:\n    tr -d '\\r' <" in run.stderr


def test_in_colour_a_trusted_file_says_so_in_green_and_any_other_in_red(
    cli: Any, people: tuple[Any, Any, list[str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("FORCE_COLOR", "1")
    alice, _, args = people
    stranger = person(tmp_path, "mallory")
    good, unknown = tmp_path / "good.toml", tmp_path / "unknown.toml"
    good.write_bytes(findings(alice, ["compliant"] * 3))
    unknown.write_bytes(findings(stranger, ["compliant"] * 3, 1))
    run = cli(["show", str(good), str(unknown), *args])
    assert run.exit_code == 0, run.stderr
    said = re.findall(r"\x1b\[(3[12])m(trusted|untrusted-key)\b", run.stdout)
    assert said == [("32", "trusted"), ("31", "untrusted-key")]


def test_a_merged_file_s_deadlines_are_whole_at_every_width(
    cli: Any, people: tuple[Any, Any, list[str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Between the width where a merged file's table is drawn one row a line and a wide one,
    the deadline column is never folded, whatever the width of the findings' ids."""
    alice, bob, args = people
    bad = ["noncompliant", "noncompliant", "compliant"]
    a = findings(alice, bad, deadline=dt.date(2026, 12, 20))
    b = findings(bob, bad, deadline=dt.date(2026, 12, 20))
    merged = tmp_path / "m.toml"
    merged.write_bytes(make_merged(alice, [a, b], store_for(alice, bob)))
    for width in range(40, 140, 3):
        monkeypatch.setenv("COLUMNS", str(width))
        run = cli(["show", str(merged), *args, "--as-of", "2026-12-01"])
        assert (run.exit_code, run.stderr) == (0, ""), width
        assert run.stdout.count("2026-12-20") == 2, width
    # under each finding its mine: an inspection id alone says nothing to a reader
    consolidated = run.stdout.split("Sources")[0]
    assert consolidated.count("Demo mine (HLJ-0001)") == 2


@pytest.mark.usefixtures("utc")  # (the notice gives the local time)
def test_only_a_trusted_file_signed_after_as_of_is_said_not_counted_then(
    cli: Any, people: tuple[Any, Any, list[str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file by an unknown key is left out for its trust, not for its date: the notice of a
    day too early is given for the trusted file only."""
    monkeypatch.setenv("COLUMNS", "200")
    alice, _, args = people
    stranger = person(tmp_path, "mallory")
    good, unknown = tmp_path / "good.toml", tmp_path / "unknown.toml"
    good.write_bytes(findings(alice, ["compliant"] * 3))
    unknown.write_bytes(findings(stranger, ["compliant"] * 3, 1))
    run = cli(["show", str(good), str(unknown), *args, "--as-of", "2026-11-01"])
    assert run.exit_code == 0, run.stderr
    notices = [line for line in run.stdout.splitlines() if "not counted as of" in line]
    assert notices == [
        "not counted as of 2026-11-01, UTC: signed at 2026-11-29 08:15 local time (UTC+00:00), "
        "after that day (a report of that day does not know it yet)"
    ]


def test_a_merged_file_s_sources_say_what_each_is(
    cli: Any, people: tuple[Any, Any, list[str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The coordinator asks whose file each source was: a findings file's mine, a follow-up's
    number of events."""
    monkeypatch.setenv("COLUMNS", "200")
    alice, bob, args = people
    a = findings(alice, ["noncompliant", "compliant", "compliant"])
    events = followup(bob, Event(f"{INSPECTION}/{ITEMS[0]}", "rectified", CREATED))
    merged = tmp_path / "m.toml"
    merged.write_bytes(make_merged(alice, [a, events], store_for(alice, bob)))
    run = cli(["show", str(merged), *args])
    assert (run.exit_code, run.stderr) == (0, ""), run.stderr
    sources = run.stdout.split("Sources")[1]
    assert "findings: Demo mine (HLJ-0001)" in sources
    assert re.search(r"follow-up: 1 event\b", sources)


def test_an_item_s_title_is_on_the_line_under_its_id(
    cli: Any,
    people: tuple[Any, Any, list[str]],
    tmp_path: Path,
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A reader copies the id to search a checklist: the id is a line of its own and the item's
    text (from the checklist the inspection used) the line under it, never run on after it."""
    import hashlib

    from tests.conftest import DATA

    monkeypatch.setenv("COLUMNS", "200")
    alice, _, args = people
    text = (DATA / "checklists" / "valid" / "mini-check.toml").read_bytes()
    (isolated_home / "checklists").mkdir(parents=True)
    (isolated_home / "checklists" / "mini-check.toml").write_bytes(text)
    finding = Finding("gas-check-genuine", "noncompliant", severity="general", description="x")
    used = ("mini-check", "1", hashlib.sha256(text).hexdigest())
    doc = tmp_path / "d.toml"
    doc.write_bytes(
        findings_of(alice, [finding], "6f1c2d3e-0000-4000-8000-00000000000b", checklist=used)
    )
    run = cli(["show", str(doc), *args])
    assert (run.exit_code, run.stderr) == (0, "")
    cells = [line.strip("│ ").split(" ")[0] for line in run.stdout.splitlines()]
    at = cells.index("gas-check-genuine")
    assert run.stdout.splitlines()[at + 1].strip("│ ").startswith("Are gas checks done")


def test_an_id_longer_than_32_characters_is_folded_at_32_on_a_narrow_terminal(
    cli: Any, people: tuple[Any, Any, list[str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ids are kept whole up to 32 characters; a longer one folds after its 32nd, so that at 90
    columns the table is still drawn and the description keeps its room. (At 80 it is one
    field a line: the state's `[no-enforcement]` and the header DESCRIPTION are kept whole.)"""
    monkeypatch.setenv("COLUMNS", "90")
    alice, _, args = people
    longer = LONG_ITEM + "s"  # 33 characters
    items = (longer, "gas-overlimit", "methane-return")
    bad = ["noncompliant", "compliant", "compliant"]
    a = findings(alice, bad, items=items, description="x " * 40)
    doc = tmp_path / "a.toml"
    doc.write_bytes(a)
    run = cli(["show", str(doc), *args])
    assert (run.exit_code, run.stderr) == (0, "")
    lines = run.stdout.splitlines()
    assert not any(longer in line for line in lines)
    [first] = [line for line in lines if LONG_ITEM in line]
    assert lines[lines.index(first) + 1].split()[0] == "s"  # the 33rd character, folded


def test_a_merged_file_s_source_that_cannot_be_read_is_said_with_a_dash(
    cli: Any, people: tuple[Any, Any, list[str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A source changed after signing is no document: its DOCUMENT cell says `-`, not blank (a
    blank reads as a cell the table lost)."""
    monkeypatch.setenv("COLUMNS", "200")
    alice, bob, args = people
    a = findings(alice, ["noncompliant", "compliant", "compliant"])
    changed = findings(bob, ["compliant"] * 3, 1).replace(b"Demo mine", b"Demo mina")
    merged = tmp_path / "m.toml"
    merged.write_bytes(make_merged(alice, [a, changed], store_for(alice, bob)))
    run = cli(["show", str(merged), *args])
    sources = run.stdout.split("Sources")[1]
    rows = [line for line in sources.splitlines() if "bad-signature" in line]
    assert len(rows) == 1, run.stdout
    assert rows[0].rstrip(" │").endswith(" -"), rows[0]


def test_a_measure_s_own_line_breaks_show_as_line_breaks(
    cli: Any, people: tuple[Any, Any, list[str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Measures written as steps, one a line, are read as steps: each on a line of its own under
    the label, not run together with a mark between them."""
    monkeypatch.setenv("COLUMNS", "200")
    alice, _, args = people
    steps = "1. Stop work\n2. Ventilate the face"
    finding = Finding("gas-overlimit", "noncompliant", severity="general", measures=steps)
    doc = tmp_path / "d.toml"
    doc.write_bytes(findings_of(alice, [finding], "6f1c2d3e-0000-4000-8000-00000000000d"))
    run = cli(["show", str(doc), *args])
    assert (run.exit_code, run.stderr) == (0, "")
    shown = [line.rstrip(" │") for line in run.stdout.splitlines()]
    [at] = [
        n for n, line in enumerate(shown) if line.endswith("Rectification measures: 1. Stop work")
    ]
    assert shown[at + 1].endswith(" 2. Ventilate the face")


def test_each_document_ends_with_a_blank_line_before_the_next(
    cli: Any, people: tuple[Any, Any, list[str]], tmp_path: Path
) -> None:
    """Two files shown: a blank line ends each, so the second's name does not read as a line of
    the first's."""
    alice, _, args = people
    first, second = tmp_path / "first.toml", tmp_path / "second.toml"
    first.write_bytes(findings(alice, ["compliant"] * 3))
    second.write_bytes(
        findings(alice, ["compliant"] * 3, 1, inspection_id="3a5f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c1f")
    )
    run = cli(["show", str(first), str(second), *args])
    assert (run.exit_code, run.stderr) == (0, "")
    lines = run.stdout.splitlines()
    [at] = [n for n, line in enumerate(lines) if line.startswith(str(second))]
    assert lines[at - 1] == ""
    assert lines[-1] == ""


def test_json_says_the_day_the_states_are_judged_as_of(
    cli: Any, people: tuple[Any, Any, list[str]], tmp_path: Path
) -> None:
    """A script reading `show --json` learns which day the states and overdue flags are of."""
    alice, _, args = people
    doc = tmp_path / "a.toml"
    doc.write_bytes(findings(alice, ["noncompliant", "compliant", "compliant"]))
    run = cli(["show", str(doc), *args, "--as-of", "2026/12/25", "--json"])
    assert run.exit_code == 0, run.stderr
    assert run.json()["data"]["as_of"] == "2026-12-25"


def test_a_findings_file_s_header_says_who_where_what_and_when(
    cli: Any, people: tuple[Any, Any, list[str]], tmp_path: Path
) -> None:
    """Each line of a findings file's header, in order: signer and time, mine and inspector,
    checklist and when the walk finished, the inspection's id; then that nothing is wrong."""
    alice, _, args = people
    doc = tmp_path / "a.toml"
    doc.write_bytes(findings(alice, ["compliant"] * 3))
    run = cli(["show", str(doc), *args])
    assert (run.exit_code, run.stderr) == (0, "")
    assert run.stdout.splitlines()[2:] == [
        "signed by: alice@coal.example   created: 2026-11-29 08:15Z",
        "site: Demo mine (HLJ-0001)   inspector: alice",
        "checklist: coal-major-hidden-dangers 2024.1   finished: 2026-11-29 08:15Z",
        f"inspection: {INSPECTION}",
        "no non-compliant items",
        "",
    ]


def test_a_merged_file_s_sources_name_their_signer_not_a_fingerprint(
    cli: Any, people: tuple[Any, Any, list[str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The coordinator reads who signed each source: the signer's name where the key is known,
    not the key's fingerprint."""
    monkeypatch.setenv("COLUMNS", "200")
    alice, bob, args = people
    a = findings(alice, ["noncompliant", "compliant", "compliant"])
    b = findings(bob, ["compliant"] * 3, 1)
    merged = tmp_path / "m.toml"
    merged.write_bytes(make_merged(alice, [a, b], store_for(alice, bob)))
    run = cli(["show", str(merged), *args])
    assert (run.exit_code, run.stderr) == (0, "")
    sources = run.stdout.split("Sources")[1]
    assert [alice.principal in sources, bob.principal in sources] == [True, True]
    assert "SHA256:" not in sources
