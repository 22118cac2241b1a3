"""`minecheck show`: header, trust, states and deadlines from follow-ups, --lang, --json."""

from __future__ import annotations

import datetime as dt
import itertools
import os
import re
from pathlib import Path
from typing import Any

import pytest

from minecheck.core.documents import Event
from tests.helpers_merge import CREATED, INSPECTION, Who, findings, make_merged, person, store_for
from tests.test_export import FOLLOWUP_ID, followup
from tests.test_stock_increment import utc  # noqa: F401 - the fixture

OTHER_FOLLOWUP = "7b5f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c2f"


@pytest.fixture
def setup(tmp_path: Path, cli: Any) -> dict[str, Any]:
    alice, bob = person(tmp_path, "alice"), person(tmp_path, "bob")
    allowed = tmp_path / "allowed_signers"
    for who in (alice, bob):
        run = cli(
            [
                *("trust", "add", "--principal", who.principal, "--key", f"{who.key}.pub"),
                *("--allowed-signers", str(allowed)),
            ]
        )
        assert run.exit_code == 0
    a = tmp_path / "a.toml"
    a.write_bytes(
        findings(
            alice,
            ["compliant", "noncompliant", "compliant"],
            deadline=dt.date(2026, 12, 20),
            description="Gas \x1b[31m high [bold]x[/bold] \u202eevil",
        )
    )
    f = tmp_path / "f.toml"
    f.write_bytes(
        followup(
            bob,
            Event(f"{INSPECTION}/gas-overlimit", "rectified", CREATED + dt.timedelta(days=1)),
        )
    )
    return {
        "a": a,
        "f": f,
        "alice": alice,
        "bob": bob,
        "trust": ["--allowed-signers", str(allowed)],
    }


@pytest.mark.usefixtures("utc")  # (the table's title names the zone of its day)
def test_show_findings_with_states_sanitized(
    cli: Any, setup: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "400")
    args = ["show", str(setup["a"]), str(setup["f"]), "--as-of", "2026-12-25", *setup["trust"]]
    run = cli([*args, "--lang", "en"])
    assert (run.exit_code, run.stderr) == (0, "")
    out = run.stdout
    assert "trust: trusted" in out
    assert "signed by: alice@coal.example" in out
    assert "Non-compliant items (as of 2026-12-25, UTC)" in out
    assert "rectified [overdue, no-enforcement]" in out
    assert "2026-12-20" in out
    assert "Gas \\u001b[31m high [bold]x[/bold] \\u202eevil" in out
    assert "\x1b" not in out
    assert "rectified   2026-11-30 08:15Z" in out
    # the id a follow-up names a finding by (`<inspection id>/<item>`), where a reader looks
    assert f"inspection: {INSPECTION}" in out.splitlines()
    zh = cli([*args, "--lang", "zh"])
    assert f"检查编号：{INSPECTION}" in zh.stdout.splitlines()
    assert "信任状态：受信任（trusted）" in zh.stdout
    assert "签名人：alice@coal.example" in zh.stdout
    assert "不符合项（隐患，截至 2026-12-25，UTC）" in zh.stdout
    assert "已整改待验收 [逾期、未记录执法措施]" in zh.stdout
    assert "报告整改完成   2026-11-30 08:15Z" in zh.stdout


def test_show_json_and_an_untrusted_file(cli: Any, setup: dict[str, Any]) -> None:
    run = cli(["show", str(setup["a"]), str(setup["f"]), "--as-of", "2026-12-25", "--json"])
    assert run.stderr == ""
    env = run.json()
    assert env["ok"] is True
    docs = env["data"]["documents"]
    assert [d["status"] for d in docs] == ["untrusted-key", "untrusted-key"]
    assert docs[0]["findings"][1]["description"].startswith("Gas \x1b[31m")
    assert env["data"]["rows"] == []  # nothing trusted: no states are derived
    run = cli(
        [
            "show",
            str(setup["a"]),
            str(setup["f"]),
            "--as-of",
            "2026-12-25",
            "--json",
            *setup["trust"],
        ]
    )
    [row] = run.json()["data"]["rows"]
    assert (row["item"], row["state"], row["overdue"]) == ("gas-overlimit", "rectified", True)


@pytest.mark.usefixtures("utc")  # (the table's title names the zone of its day)
def test_show_a_merged_file(
    cli: Any, setup: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "400")
    alice: Who = setup["alice"]
    bob: Who = setup["bob"]
    store = store_for(alice, bob)
    b = findings(bob, ["noncompliant", "noncompliant", "compliant"])
    m = tmp_path / "m.toml"
    m.write_bytes(make_merged(alice, [setup["a"].read_bytes(), b], store))
    args = ["show", str(m), str(setup["f"]), *setup["trust"]]
    run = cli([*args, "--as-of", "2026-12-25", "--lang", "en"])
    assert run.exit_code == 0, run.stderr
    assert "Consolidated findings (as of 2026-12-25, UTC)" in run.stdout
    # each hidden danger with its state and deadline, as for a findings file
    merged = run.stdout.split("Sources")[0]  # the events table below names the findings too
    cells = {
        line.split()[0]: re.split(r"\s{2,}", line.strip())
        for line in merged.splitlines()
        if line.strip().startswith(INSPECTION)
    }
    assert cells[f"{INSPECTION}/gas-check-genuine"][1:] == [
        "inconsistent",
        "major",
        "open [no-enforcement]",
        "-",
        "alice@coal.example: compliant",
    ]
    assert cells[f"{INSPECTION}/gas-overlimit"][1:] == [
        "noncompliant",
        "major",
        "rectified [overdue, no-enforcement]",
        "2026-12-20",
        "alice@coal.example: noncompliant",
    ]
    assert f"{m}#1   trusted" in run.stdout


def test_show_json_of_a_merged_file_gives_its_consolidated_findings(
    cli: Any, setup: dict[str, Any], tmp_path: Path
) -> None:
    """`show --json` of a merged document: its consolidated table as signed, each entry's
    inspection, item, result and who said what, beside its sources' verdicts."""
    import tomllib

    alice: Who = setup["alice"]
    bob: Who = setup["bob"]
    b = findings(bob, ["noncompliant", "noncompliant", "compliant"])
    m = tmp_path / "m.toml"
    m.write_bytes(make_merged(alice, [setup["a"].read_bytes(), b], store_for(alice, bob)))
    run = cli(["show", str(m), *setup["trust"], "--as-of", "2026-12-25", "--json"])
    assert (run.exit_code, run.stderr) == (0, "")
    [doc] = run.json()["data"]["documents"]
    assert (doc["format"], doc["status"]) == ("minecheck.merged/1", "trusted")
    assert [s["status"] for s in doc["sources"]] == ["trusted", "trusted"]
    assert doc["consolidated"] == tomllib.loads(m.read_text())["consolidated"]
    assert doc["consolidated"][0] == {
        "inspection": INSPECTION,
        "item": "gas-check-genuine",
        "result": "inconsistent",
        "by": ["alice@coal.example: compliant", "bob@coal.example: noncompliant"],
    }


def test_show_a_damaged_file(cli: Any, setup: dict[str, Any]) -> None:
    setup["a"].write_bytes(setup["a"].read_bytes().replace(b"Demo mine", b"Demo mind"))
    run = cli(["show", str(setup["a"]), *setup["trust"]])
    assert run.exit_code == 2
    assert "trust: bad-signature" in run.stdout
    assert run.stderr.splitlines()[-1].startswith(f"minecheck: error: {setup['a']}: bad-signature")


def test_show_says_which_events_were_not_applied_and_why(
    cli: Any, setup: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    ref = f"{INSPECTION}/gas-overlimit"
    early = tmp_path / "early.toml"  # closed before it was accepted: the fold refuses it
    closed = Event(ref, "closed", CREATED + dt.timedelta(days=2))
    early.write_bytes(followup(setup["bob"], closed, document_id=OTHER_FOLLOWUP))
    args = ["show", str(setup["a"]), str(setup["f"]), str(early), "--as-of", "2026-12-25"]
    run = cli([*args, *setup["trust"]])
    assert (run.exit_code, run.stderr) == (0, "")
    reason = "closed while rectified: a hidden danger is closed only after it is accepted"
    assert f"not applied: closed for {ref} at 2026-12-01 08:15Z: {reason}" in run.stdout
    assert "not applied: rectified" not in run.stdout  # the applied one is not named
    zh = cli([*args, *setup["trust"], "--lang", "zh"])
    chinese = "在“已整改待验收”状态下销号：隐患须验收通过后才能销号"  # the reason, in Chinese too
    assert f"未采纳：{ref} 于 2026-12-01 08:15Z 的销号：{chinese}" in zh.stdout
    assert "信任状态：受信任（trusted）  由受信任的密钥签名" in zh.stdout
    [rejected] = cli([*args, *setup["trust"], "--json"]).json()["data"]["rejected"]
    # The same document id with other content: both copies are left out, and show says so.
    twin = tmp_path / "twin.toml"
    twin.write_bytes(followup(setup["bob"], closed))  # f.toml's id, other events
    both = cli(["show", str(setup["f"]), str(twin), *setup["trust"]])
    assert both.exit_code == 0
    assert both.stderr == (
        f"minecheck: warning: {twin}: document {FOLLOWUP_ID} also appears in {setup['f']} "
        "with different content; both are left out\n"
    )
    # with --json the warning names its code and the file it is about
    [warning] = cli(["show", str(setup["f"]), str(twin), *setup["trust"], "--json"]).json()[
        "problems"
    ]
    assert (warning["code"], warning["path"]) == ("conflict", str(twin))
    assert rejected == {
        "path": str(early),
        "finding": ref,
        "action": "closed",
        "at": "2026-12-01T08:15:00Z",  # in UTC with Z, as every time in the JSON
        "reason": reason,
    }


def test_show_says_that_an_untrusted_follow_up_changes_no_state(
    cli: Any, setup: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An untrusted follow-up's events were listed like any other's, the state beside them
    unchanged and nothing saying why (a trusted one's refusals each have a line)."""
    monkeypatch.setenv("COLUMNS", "400")  # (a line names a temporary path)
    mallory = person(tmp_path, "mallory")
    f = tmp_path / "m.toml"
    f.write_bytes(
        followup(
            mallory,
            Event(f"{INSPECTION}/gas-overlimit", "rectified", CREATED + dt.timedelta(days=1)),
        )
    )
    run = cli(["show", str(setup["a"]), str(f), "--as-of", "2026-12-25", *setup["trust"]])
    assert run.exit_code == 0, run.stderr
    lines = run.stdout.splitlines()
    said = "not counted: a document that is not trusted changes no state (untrusted-key)"
    assert lines.count(said) == 1
    assert lines.index(said) > lines.index(f"{f}  minecheck.followup/1")
    run = cli(["show", str(setup["a"]), str(setup["f"]), *setup["trust"]])
    assert "not counted" not in run.stdout


@pytest.mark.usefixtures("utc")  # (the notice gives the local time)
def test_show_says_that_a_document_signed_after_as_of_is_not_counted_then(
    cli: Any, setup: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A follow-up signed after --as-of changes no state on that day (as in every report): its
    events were listed beside states they had not changed, without a word."""
    monkeypatch.setenv("COLUMNS", "400")  # (a line names a temporary path)
    args = ["show", str(setup["a"]), str(setup["f"]), *setup["trust"]]
    run = cli([*args, "--as-of", "2026-11-29"])
    assert run.exit_code == 0, run.stderr
    lines = run.stdout.splitlines()
    said = (
        "not counted as of 2026-11-29, UTC: signed at 2026-11-30 08:15 local time (UTC+00:00), "
        "after that day (a report of that day does not know it yet)"
    )
    assert lines.count(said) == 1
    assert lines.index(said) > lines.index(f"{setup['f']}  minecheck.followup/1")
    assert "not counted" not in cli([*args, "--as-of", "2026-11-30"]).stdout


def _acceptance_shown(
    cli: Any,
    setup: dict[str, Any],
    tmp_path: Path,
    columns: pytest.MonkeyPatch,
    reviewers: tuple[str, ...],
    note: str = "sensor works",
) -> tuple[str, str]:
    """What `show` prints, in English and in Chinese, of an expert-review acceptance by
    REVIEWERS with `note` (at 200 columns: a row on one line; COLUMNS is the test's
    monkeypatch)."""
    columns.setenv("COLUMNS", "200")
    accepted = Event(
        f"{INSPECTION}/gas-overlimit",
        "accepted",
        CREATED + dt.timedelta(days=2),
        note=note,
        method="expert-review",
        reviewers=reviewers,
    )
    acc = tmp_path / "acc.toml"
    acc.write_bytes(followup(setup["alice"], accepted, document_id=OTHER_FOLLOWUP))
    shown = []
    for lang in ("en", "zh"):
        run = cli(["show", str(acc), *setup["trust"], "--lang", lang])
        assert run.exit_code == 0, run.stderr
        shown.append(str(run.stdout))
    return shown[0], shown[1]


def test_show_an_acceptance_with_its_method_and_reviewers(
    cli: Any, setup: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    en, zh = _acceptance_shown(cli, setup, tmp_path, monkeypatch, ("Dr Li", "Eng. Zhao"))
    assert "expert-review; Dr Li, Eng. Zhao; sensor works" in en
    # the method as the reports say it; the list and the parts with the language's marks
    assert "专家评审验收；Dr Li、Eng. Zhao；sensor works" in zh


def test_show_an_extension_with_its_new_deadline_and_reason(
    cli: Any, setup: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An extended event shows the deadline it moved to beside its reason, in the reader's
    language."""
    monkeypatch.setenv("COLUMNS", "200")
    extended = Event(
        f"{INSPECTION}/gas-overlimit",
        "extended",
        CREATED + dt.timedelta(days=2),
        note="the pump arrives late",
        new_deadline=dt.date(2027, 1, 15),
    )
    ext = tmp_path / "ext.toml"
    ext.write_bytes(followup(setup["alice"], extended, document_id=OTHER_FOLLOWUP))
    run = cli(["show", str(ext), *setup["trust"], "--lang", "en"])
    assert run.exit_code == 0, run.stderr
    assert "new deadline 2027-01-15; the pump arrives late" in run.stdout
    zh = cli(["show", str(ext), *setup["trust"], "--lang", "zh"])
    assert zh.exit_code == 0, zh.stderr
    assert "新期限 2027-01-15；the pump arrives late" in zh.stdout


def test_show_says_a_findings_file_without_a_non_compliance_has_none(
    cli: Any, setup: dict[str, Any], tmp_path: Path
) -> None:
    """No empty table for a clean inspection: a line says there is nothing non-compliant."""
    clean = tmp_path / "clean.toml"
    clean.write_bytes(findings(setup["alice"], ["compliant", "compliant", "not-applicable"]))
    for lang, said in (("en", "no non-compliant items"), ("zh", "无不符合项")):
        run = cli(["show", str(clean), *setup["trust"], "--lang", lang])
        assert run.exit_code == 0, run.stderr
        assert said in run.stdout.splitlines()
        assert "gas-overlimit" not in run.stdout


def test_show_json_gives_json_values_not_python_text(cli: Any, tmp_path: Path) -> None:
    """Lists stay lists, a reading is an object, times are ISO 8601 in UTC with Z, dates ISO."""
    from minecheck.core.documents import FINDINGS, Finding, FindingsDoc, Header, Inspection
    from minecheck.core.documents import ReadingValue as Reading
    from minecheck.core.seal import seal
    from minecheck.core.sshsig import NAMESPACE_FINDINGS

    alice = person(tmp_path, "alice")
    signed = CREATED + dt.timedelta(hours=2)
    header = Header(FINDINGS, OTHER_FOLLOWUP, signed, alice.principal, alice.fingerprint, "-")
    inspection = Inspection(
        *(INSPECTION, "coal-major-hidden-dangers", "2024.1", "0" * 64, "Demo mine", "alice"),
        *("routine", CREATED, CREATED + dt.timedelta(hours=1, seconds=5), "zh", None),
        ("coal-underground", "high-gas"),
    )
    finding = Finding(
        "methane-return",
        "noncompliant",
        severity="general",
        deadline=dt.date(2026, 12, 9),
        immediate=("stop-work",),
        reading=Reading(1.3, "%CH4", max=1.0),
    )
    a = tmp_path / "a.toml"
    body = FindingsDoc(header, inspection, (finding,)).to_toml()
    a.write_bytes(seal(body, alice.signer, NAMESPACE_FINDINGS))
    extended = Event(
        f"{INSPECTION}/methane-return",
        "extended",
        CREATED + dt.timedelta(days=2),
        note="fan ordered",
        new_deadline=dt.date(2027, 1, 15),
    )
    f = tmp_path / "f.toml"
    f.write_bytes(followup(alice, extended))
    run = cli(["show", str(a), str(f), "--as-of", "2026-12-25", "--json"])
    assert (run.exit_code, run.stderr) == (0, ""), run.stdout
    [doc, fu] = run.json()["data"]["documents"]
    assert doc["inspection"] == {
        "id": INSPECTION,
        "checklist": "coal-major-hidden-dangers",
        "checklist_version": "2024.1",
        "checklist_sha256": "0" * 64,
        "site": "Demo mine",
        "site_id": None,
        "site_tags": ["coal-underground", "high-gas"],
        "inspector": "alice",
        "mode": "routine",
        "started": "2026-11-29T08:15:00Z",
        "finished": "2026-11-29T09:15:05Z",
        "language": "zh",
    }
    assert doc["findings"] == [
        {
            "item": "methane-return",
            "result": "noncompliant",
            "severity": "general",
            "severity_reason": None,
            "basis": None,
            "description": None,
            "location": None,
            "measures": None,
            "responsible": None,
            "deadline": "2026-12-09",
            "funds": None,
            "contingency": None,
            "immediate": ["stop-work"],
            "enforcement": None,
            "reading": {"value": 1.3, "unit": "%CH4", "max": 1.0},
            "note": None,
        }
    ]
    assert fu["events"] == [
        {
            "finding": f"{INSPECTION}/methane-return",
            "action": "extended",
            "at": "2026-12-01T08:15:00Z",
            "note": "fan ordered",
            "method": None,
            "reviewers": None,
            "new_deadline": "2027-01-15",
        }
    ]


ZH_DESCRIPTION = "采空区积水未探明，防治水措施未落实"
BOX = re.compile(r"[\s─━│┃┌┐└┘├┤┬┴┼╭╮╰╯═：]")  # (and the stacked layout's ：)


def cell_len(line: str) -> int:
    """The columns a line takes on a terminal (a Chinese character takes two)."""
    from rich.cells import cell_len as cells

    return cells(line)


def _in_order(wanted: str, text: str) -> bool:
    """Whether every character of `wanted` appears in `text`, in order."""
    rest = iter(text)
    return all(ch in rest for ch in wanted)


def _zh_findings(tmp_path: Path) -> Path:
    """A findings file with one general hidden danger described in Chinese, of a checklist not
    installed here (so the table holds only what the test names)."""
    from minecheck.core.documents import FINDINGS, Finding, FindingsDoc, Header, Inspection
    from minecheck.core.seal import seal
    from minecheck.core.sshsig import NAMESPACE_FINDINGS

    alice = person(tmp_path, "alice")
    header = Header(FINDINGS, OTHER_FOLLOWUP, CREATED, alice.principal, alice.fingerprint, "-")
    inspection = Inspection(
        *(INSPECTION, "not-installed", "1", "0" * 64, "Demo mine", "alice", "routine"),
        *(CREATED, CREATED, "zh", None, ("coal-underground",)),
    )
    finding = Finding(
        "water-goaf",
        "noncompliant",
        severity="general",
        deadline=dt.date(2027, 1, 1),
        description=ZH_DESCRIPTION,
    )
    a = tmp_path / "a.toml"
    body = FindingsDoc(header, inspection, (finding,)).to_toml()
    a.write_bytes(seal(body, alice.signer, NAMESPACE_FINDINGS))
    return a


@pytest.mark.usefixtures("utc")  # (the table's title ends with the zone of its day)
@pytest.mark.parametrize("width", range(20, 81))
def test_show_at_any_width_loses_no_character_of_a_chinese_description(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    a = _zh_findings(tmp_path)
    monkeypatch.setenv("COLUMNS", str(width))
    run = cli(["show", str(a), "--as-of", "2026-12-02", "--lang", "zh"])
    assert (run.exit_code, run.stderr) == (0, "")
    assert max(map(cell_len, run.stdout.splitlines())) <= width  # nothing runs past the edge
    table = run.stdout.split("UTC）", 1)[1]  # below the table's title
    flat = BOX.sub("", table)
    assert _in_order(ZH_DESCRIPTION, flat), table
    # every character of every cell and header is there, and nothing else: none was lost
    cells = ["条目", "等级", "状态", "整改期限", "隐患描述"]
    cells += ["water-goaf", "一般", "-", "2027-01-01", ZH_DESCRIPTION]  # (not trusted: no state)
    assert sorted(flat) == sorted("".join(cells)), table
    assert "2027-01-01" in table, table  # a date is never broken over two lines


def test_a_note_s_own_line_breaks_show_as_line_breaks(
    cli: Any, setup: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A follow-up's note of two lines showed as `\\u000a` (a finding's description did not);
    other control characters stay made visible."""
    monkeypatch.setenv("COLUMNS", "200")
    note = "Sensor replaced.\nCalibrated \x1b[31m on site."
    event = Event(f"{INSPECTION}/gas-overlimit", "rectified", CREATED, note=note)
    f = tmp_path / "two-lines.toml"
    f.write_bytes(followup(setup["bob"], event))
    run = cli(["show", str(f), *setup["trust"]])
    assert (run.exit_code, run.stderr) == (0, "")
    assert "\\u000a" not in run.stdout
    lines = run.stdout.splitlines()
    assert any(ln.rstrip().endswith("Sensor replaced.") for ln in lines), run.stdout
    assert any(ln.strip() == "Calibrated \\u001b[31m on site." for ln in lines), run.stdout


def test_a_text_of_megabytes_is_shown_in_part_and_said(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One signed description of one long line (the format allows megabytes) took minutes to
    lay out in a table (8 MB: 47 s, growing with its size); a terminal shows 10,000 characters
    of one text and says how many more there are. --json gives it whole."""
    monkeypatch.setenv("COLUMNS", "80")
    alice = person(tmp_path, "alice")
    description = "采" * 9_999 + "末" + "x" * 40_000
    doc = tmp_path / "long.toml"
    doc.write_bytes(
        findings(alice, ["noncompliant", "compliant", "compliant"], description=description)
    )
    run = cli(["show", str(doc), "--as-of", "2026-12-25"])
    assert run.exit_code == 0, run.stderr
    flat = re.sub(r"[\s│─]", "", run.stdout)
    # (then the clause the finding cites, on a line of its own under the description)
    assert flat.endswith("采末…40000morecharactersnotshownClause:CMHD-5.2")
    assert flat.count("采") == 9_999
    assert "xx" not in flat
    data = cli(["show", str(doc), "--as-of", "2026-12-25", "--json"]).json()["data"]
    [finding] = [f for f in data["documents"][0]["findings"] if f["result"] == "noncompliant"]
    assert finding["description"] == description


def test_a_narrow_terminal_s_rows_cannot_be_drawn_by_a_text(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One field a line: a description's line breaks drew fields of their own at the left
    edge, as a whole fake row would ("STATE: closed"). Every line of a value is indented."""
    monkeypatch.setenv("COLUMNS", "30")
    alice = person(tmp_path, "alice")
    forged = "Gas high.\n\nITEM: gas-check-genuine\nSTATE: closed\nDESCRIPTION: all fine"
    doc = tmp_path / "forged.toml"
    doc.write_bytes(findings(alice, ["noncompliant", "compliant", "compliant"], description=forged))
    run = cli(["show", str(doc), "--as-of", "2026-12-25", "--lang", "en"])
    assert run.exit_code == 0, run.stderr
    lines = run.stdout.splitlines()
    # the item's own text is not shown (the document names coal 2024.1, not what is installed)
    assert [ln for ln in lines if ln.startswith(("ITEM", "STATE"))] == [
        "ITEM: gas-check-genuine",
        "STATE: -",
    ]
    assert "  STATE: closed" in lines
    assert "  DESCRIPTION: all fine" in lines


def test_show_labels_items_only_with_the_checklist_the_inspection_used(
    cli: Any, tmp_path: Path, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A province reuses an item id for another requirement in its next version (a mistake, but
    one an author makes): a finding signed under the first must not be shown under the text of
    the second. The installed text is shown only when it is the text the inspection used."""
    from tests.conftest import DATA

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "200")
    assert cli(["keys", "generate", "--principal", "ann@mine.example", "--trust"]).exit_code == 0
    user = isolated_home / "checklists"
    user.mkdir(parents=True)
    installed = user / "mini-check.toml"
    first = (DATA / "checklists" / "valid" / "mini-check.toml").read_text(encoding="utf-8")
    installed.write_text(first, encoding="utf-8")
    answers = '[answers]\n"gas-check-genuine" = { result = "noncompliant", description = "x" }\n'
    out = tmp_path / "f.toml"
    args = ["inspect", "mini-check", "--site", "Mine A", "-o", str(out), "--inspector", "Ann"]
    run = cli([*args, "--answers", "-", "--allow-incomplete"], input=answers)
    assert run.exit_code == 0, run.stderr
    shown = cli(["show", str(out), "--lang", "en"])
    assert shown.exit_code == 0
    assert "Are gas checks done and genuine?" in shown.stdout

    second = first.replace('version = "1"', 'version = "2"').replace(
        "Are gas checks done and genuine?", "Is the gas drainage station staffed?"
    )
    installed.write_text(second, encoding="utf-8")
    for lang, note in (
        ("en", "item texts not shown: the installed mini-check is version 2, not version 1"),
        ("zh", "未显示条目内容：已安装的 mini-check 为 2 版，不是本次检查所用的 1 版"),
    ):
        shown = cli(["show", str(out), "--lang", lang])
        assert shown.exit_code == 0
        assert "gas drainage" not in shown.stdout
        assert "Are gas checks" not in shown.stdout
        assert note in shown.stdout

    # the same version, its text edited in place (a typo mended without a new version)
    edited = first.replace("Are gas checks done and genuine?", "Are gas checks done, and genuine?")
    installed.write_text(edited, encoding="utf-8")
    for lang, note in (
        (
            "en",
            "item texts not shown: the installed mini-check 1 is not the text this inspection used",
        ),
        ("zh", "未显示条目内容：已安装的 mini-check 1 版与本次检查所用的文本不同"),
    ):
        shown = cli(["show", str(out), "--lang", lang])
        assert shown.exit_code == 0
        assert "Are gas checks" not in shown.stdout
        assert note in shown.stdout


def test_show_reads_each_checklist_text_once_for_many_documents(
    cli: Any, tmp_path: Path, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A day's hundreds of findings files name a few checklists: the installed checklist was
    read and parsed again for every document shown; now once per checklist text the documents
    used, each document still labelled (or not) by the text it used."""
    from minecheck.cli import _common
    from tests.conftest import DATA

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "200")
    assert cli(["keys", "generate", "--principal", "ann@mine.example", "--trust"]).exit_code == 0
    user = isolated_home / "checklists"
    user.mkdir(parents=True)
    installed = user / "mini-check.toml"
    first = (DATA / "checklists" / "valid" / "mini-check.toml").read_text(encoding="utf-8")
    second = first.replace('version = "1"', 'version = "2"').replace(
        "Are gas checks done and genuine?", "Is the gas drainage station staffed?"
    )
    answers = '[answers]\n"gas-check-genuine" = { result = "noncompliant", description = "x" }\n'
    made = []
    for n, text in enumerate((first, first, second, first)):
        installed.write_text(text, encoding="utf-8")
        out = tmp_path / f"f{n}.toml"
        args = ["inspect", "mini-check", "--site", f"Mine {n}", "-o", str(out)]
        run = cli(
            [*args, "--inspector", "Ann", "--answers", "-", "--allow-incomplete"], input=answers
        )
        assert run.exit_code == 0, run.stderr
        made.append(str(out))
    loaded = []
    real = _common.load_checklist_ref

    def counted(ref: str) -> Any:
        loaded.append(ref)
        return real(ref)

    monkeypatch.setattr(_common, "load_checklist_ref", counted)
    shown = cli(["show", *made, "--lang", "en"])
    assert (shown.exit_code, shown.stderr) == (0, "")
    assert loaded == ["mini-check", "mini-check"]  # version 1 and version 2, once each
    note = "item texts not shown: the installed mini-check is version 1, not version 2"
    assert shown.stdout.count("Are gas checks done and genuine?") == 3  # f0, f1, f3
    assert shown.stdout.count(note) == 1  # f2
    assert shown.stdout.index(note) > shown.stdout.index("f2.toml")
    assert "drainage" not in shown.stdout


def test_show_derives_states_from_documents_given_through_pipes(
    cli: Any, setup: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`show <(cat a.toml) <(cat f.toml)`: each pipe was read twice (once for its header, once
    for the states), the second time as nothing, so no state and no row came out of it."""
    from tests.test_specials import late_writer

    monkeypatch.setenv("COLUMNS", "400")
    named = []
    for name in ("a", "f"):
        fifo = tmp_path / f"{name}.fifo"
        os.mkfifo(fifo)
        late_writer(fifo, setup[name].read_bytes())
        named.append(str(fifo))
    args = ["show", *named, "--as-of", "2026-12-25", *setup["trust"], "--lang", "en"]
    run = cli(args)
    assert (run.exit_code, run.stderr) == (0, "")
    assert "rectified [overdue, no-enforcement]" in run.stdout
    for name in ("a", "f"):
        fifo = tmp_path / f"{name}.fifo"
        late_writer(fifo, setup[name].read_bytes())
    [row] = cli([*args, "--json"]).json()["data"]["rows"]
    assert (row["item"], row["state"], row["overdue"]) == ("gas-overlimit", "rectified", True)


def test_show_quotes_a_reviewer_whose_name_holds_a_list_mark(
    cli: Any, setup: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reviewer written `Li, Wei` read as two people among the others (`Li, Wei, Eng. Zhao`):
    a name holding the list's or the parts' mark is quoted; plain names are not."""
    names = ("Li, Wei", "Eng. Zhao", "王工；李工", "张工、赵工", "Chen; Wu")
    en, zh = _acceptance_shown(cli, setup, tmp_path, monkeypatch, names)
    quoted = ["'Li, Wei'", "Eng. Zhao", "'王工；李工'", "'张工、赵工'", "'Chen; Wu'"]
    assert f"expert-review; {', '.join(quoted)}; sensor works" in en
    assert f"专家评审验收；{'、'.join(quoted)}；sensor works" in zh


def test_a_reviewer_whose_name_holds_a_quote_is_not_shown_as_two(
    cli: Any, setup: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One reviewer named `Li', 'Wang` was shown `'Li', 'Wang'`, two quoted names, as a second
    reviewer who never signed would read (in Chinese `'李工'、'王工'`). A name to quote that
    holds a quote is written in double quotes, its own escaped (`"Li', 'Wang"`)."""
    names = ("Li', 'Wang", "李工'、'王工", """Zhao "Jr", 'Sr'""", "O'Brien")
    en, zh = _acceptance_shown(cli, setup, tmp_path, monkeypatch, names)
    quoted = ["\"Li', 'Wang\"", "\"李工'、'王工\"", '"Zhao \\"Jr\\", \'Sr\'"', "O'Brien"]
    assert f"expert-review; {', '.join(quoted)}; sensor works" in en
    assert f"专家评审验收；{'、'.join(quoted)}；sensor works" in zh
    assert "'Li', 'Wang'" not in en


@pytest.mark.parametrize("columns", ["80", "40", "100"])
def test_an_acceptance_s_reviewers_are_each_on_one_line_at_any_width(
    cli: Any, setup: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, columns: str
) -> None:
    """A Chinese list has no blank in it (`Eng. Zhao、'王工；李工'`), and the table broke it
    wherever the line ended: a quote left at one line's end and its name on the next, a name
    cut in two (`Alexa` / `nder`), a line begun with `、`. A line now breaks between the
    acceptance's parts (the method, each reviewer, the note), each kept whole where it fits
    (at these widths each name fits the column; a longer one breaks at its blanks)."""
    reviewers = ("王工", "Alexander Petrov", "张三、李四", "Dr; Wang", "Eng. Zhao", "李高级工程师")
    words = "sensor replaced at the return airway"
    accepted = Event(
        f"{INSPECTION}/gas-overlimit",
        "accepted",
        CREATED + dt.timedelta(days=2),
        note=f"传感器已更换并经复测合格，回风巷甲烷浓度正常 {words}",
        method="expert-review",
        reviewers=reviewers,
    )
    acc = tmp_path / "acc.toml"
    acc.write_bytes(followup(setup["alice"], accepted, document_id=OTHER_FOLLOWUP))
    monkeypatch.setenv("COLUMNS", columns)
    shown = ["王工", "Alexander Petrov", "'张三、李四'", "'Dr; Wang'", "Eng. Zhao", "李高级工程师"]
    for lang in ("en", "zh"):
        run = cli(["show", str(acc), *setup["trust"], "--lang", lang])
        assert run.exit_code == 0, run.stderr
        lines = run.stdout.splitlines()
        for name in [*shown, *words.split()]:
            assert any(name in line for line in lines), (lang, name, run.stdout)
        cells = [part.strip() for line in lines for part in line.split("   ")]
        assert [c for c in cells if c.startswith(("、", "；", ",", ";"))] == [], run.stdout


def test_a_cell_of_parts_loses_nothing_and_begins_no_line_with_a_closing_mark() -> None:
    """At every width a table may give it, the note cell's lines hold every character, in
    order, and none but at the narrowest begins with `；`, `、` or `，` (a word longer than the
    line is folded, its mark carried with the character before it), but where the line before
    ends an English word the mark's carrying would break (`Petrov` / `；` at 6 and 7 columns,
    not `Petro` / `v；`)."""
    from rich.cells import cell_len
    from rich.console import Console
    from rich.text import Text

    from minecheck.cli._parts import Parts

    cell = Parts()
    for part, joiner in (("专家评审验收", "；"), ("王工", "、"), ("Alexander Petrov", "；")):
        cell.add(Text(part), joiner)
    cell.add(Text("line one of the note\n第二行：传感器已更换并经复测合格，回风巷甲烷浓度正常 ok"))
    for width in range(2, 41):
        lines = [line.plain for line in cell.wrap(Console(width=80), width)]
        assert "".join(lines).replace(" ", "") == cell.plain.replace("\n", "").replace(" ", "")
        assert all(cell_len(line) <= width for line in lines), (width, lines)
        if width >= 4:
            for before, line in itertools.pairwise(lines):
                if line.startswith(("；", "、", "，")):
                    assert re.search(r"[!-~]{2}$", before), (width, lines)


@pytest.mark.usefixtures("utc")
def test_show_s_header_pairs_share_a_line_where_they_fit_and_each_is_said_once(
    cli: Any, setup: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two pairs that fit a line share it, three blanks between them; a pair wider than the
    terminal has its label on a line and its value under it, and the pair before it is said
    once, on its own line (never again after the long one)."""
    inspector = "Inspector " + "Alexandrovich " * 4 + "Petrov"  # (70 cells: no line holds it)
    named = tmp_path / "named.toml"
    named.write_bytes(findings(setup["alice"], ["compliant"] * 3, inspector=inspector))
    monkeypatch.setenv("COLUMNS", "200")
    wide = cli(["show", str(named), *setup["trust"], "--lang", "en"])
    assert (wide.exit_code, wide.stderr) == (0, "")
    lines = wide.stdout.splitlines()
    assert "signed by: alice@coal.example   created: 2026-" in wide.stdout
    assert f"site: Demo mine (HLJ-0001)   inspector: {inspector}" in lines
    monkeypatch.setenv("COLUMNS", "40")
    narrow = cli(["show", str(named), *setup["trust"], "--lang", "en"])
    assert (narrow.exit_code, narrow.stderr) == (0, "")
    lines = narrow.stdout.splitlines()
    at = lines.index("site: Demo mine (HLJ-0001)")
    assert lines[at + 1 : at + 4] == [
        "inspector:",
        "  Inspector Alexandrovich Alexandrovich",
        "  Alexandrovich Alexandrovich Petrov",
    ], narrow.stdout
    assert lines[at + 4] == "checklist:", narrow.stdout
    assert [line for line in lines if line.startswith("site: ")] == [lines[at]]
    # a line exactly as wide as the terminal holds what it holds a cell narrower
    both = f"site: Demo mine (HLJ-0001)   inspector: {inspector}"
    monkeypatch.setenv("COLUMNS", str(len(both)))
    exact = cli(["show", str(named), *setup["trust"], "--lang", "en"])
    assert both in exact.stdout.splitlines(), exact.stdout
    monkeypatch.setenv("COLUMNS", str(len(both) - 1))  # (a cell short: the gap counts too)
    short = cli(["show", str(named), *setup["trust"], "--lang", "en"]).stdout.splitlines()
    at = short.index("site: Demo mine (HLJ-0001)")
    assert short[at + 1] == f"inspector: {inspector}", short
    alone = f"inspection: {INSPECTION}"
    monkeypatch.setenv("COLUMNS", str(len(alone)))
    exact = cli(["show", str(named), *setup["trust"], "--lang", "en"])
    assert alone in exact.stdout.splitlines(), exact.stdout


@pytest.mark.usefixtures("utc")
def test_a_reviewer_whose_name_holds_a_line_break_is_shown_on_one_line(
    cli: Any, setup: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reviewer's name that holds a line break was shown as two lines of the cell, read as
    two reviewers (`Li` / `Wang`). It shows the break made visible, as an inspector's name
    does; the note keeps its own lines."""
    names = ("Li\nWang", "Eng. Zhao")
    note = "Sensor replaced.\nCalibrated on site."
    shown = _acceptance_shown(cli, setup, tmp_path, monkeypatch, names, note)
    for out, said in zip(
        shown,
        (
            "expert-review; Li\\u000aWang, Eng. Zhao; Sensor replaced.",
            "专家评审验收；Li\\u000aWang、Eng. Zhao；Sensor replaced.",
        ),
        strict=True,
    ):
        lines = [line.rstrip() for line in out.splitlines()]
        first = next(i for i, line in enumerate(lines) if line.endswith("Sensor replaced."))
        assert lines[first].endswith(said), out
        assert lines[first + 1].strip() == "Calibrated on site.", out


def test_a_note_s_later_lines_break_in_the_cell_as_they_would_alone() -> None:
    """The method and the reviewers end on the cell's first line; a later line of the note
    breaks only at its own blanks, as it would alone (where each part ends is counted from
    the line it is on: counted from elsewhere, `Alexandrovich P` / `etrovsky` at 16 columns,
    or `ab Petrovsk` / `y` at 11)."""
    from rich.console import Console
    from rich.text import Text

    from minecheck.cli._parts import Parts

    later = "ab Petrovsky\nAlexandrovich Petrovsky ok\n\nlast line"
    cell = Parts()
    for part, joiner in (("expert-review", "; "), ("Eng. Zhao", "; ")):
        cell.add(Text(part), joiner)
    cell.add(Text(f"ok\n{later}"))
    alone = Parts()
    alone.add(Text(later))
    for width in range(8, 41):
        lines = [line.plain.rstrip() for line in cell.wrap(Console(width=80), width)]
        expected = [line.plain.rstrip() for line in alone.wrap(Console(width=80), width)]
        assert lines[-len(expected) :] == expected, (width, lines)


@pytest.mark.parametrize(
    ("width", "shown"),
    [
        (
            10,
            "expert-rev|iew; Li,|Alexander|Petrov,|Wu,|Eng. Zhao;|checked at|shaft/leve|"
            "ls/-450m/r|eturn-airw|ay-7",
        ),
        (
            17,
            "expert-review;|Li,|Alexander Petrov,|Wu, Eng. Zhao;|checked at|shaft/levels/-450|"
            "m/return-airway-7",
        ),
        (
            25,
            "expert-review; Li,|Alexander Petrov, Wu,|Eng. Zhao; checked at|"
            "shaft/levels/-450m/return|-airway-7",
        ),
    ],
)
def test_a_cell_of_parts_fills_each_line_with_what_fits_whole(width: int, shown: str) -> None:
    """Each line takes the parts that fit it whole, a part as wide as the line on a line of
    its own (not its first word after the part before), a part wider than the line broken at
    its blanks, a word wider than the line folded into pieces of the whole width."""
    from rich.console import Console
    from rich.text import Text

    from minecheck.cli._parts import Parts

    cell = Parts()
    for part, joiner in (
        ("expert-review", "; "),
        ("Li", ", "),
        ("Alexander Petrov", ", "),
        ("Wu", ", "),
        ("Eng. Zhao", "; "),
    ):
        cell.add(Text(part), joiner)
    cell.add(Text("checked at shaft/levels/-450m/return-airway-7"))
    lines = [line.plain.rstrip() for line in cell.wrap(Console(width=80), width)]
    assert lines == shown.split("|")


def test_a_note_that_begins_with_a_combining_mark_is_folded_whole() -> None:
    """A note from a file may begin with a mark that combines with what stands before it (a
    stray accent): the fold keeps it with the first letter, and every character is shown."""
    from rich.console import Console
    from rich.text import Text

    from minecheck.cli._parts import Parts

    cell = Parts()
    cell.add(Text("Li"), "; ")
    cell.add(Text("\u0301abcdefghijklmnop"))
    lines = [line.plain for line in cell.wrap(Console(width=80), 6)]
    assert lines == ["Li; ", "\u0301abcdef", "ghijkl", "mnop"]


@pytest.mark.usefixtures("utc")
def test_an_item_id_longer_than_a_whole_word_is_folded_at_32_cells(
    cli: Any, setup: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An item's id of 40 characters is longer than a word a table keeps whole: it is folded,
    its column kept 32 cells wide (as much of an id as is kept unfolded), not narrowed to
    fewer cells a line to give the other columns room."""
    long_id = "methane-return-airway-sensor-check-40ch"
    assert len(long_id) > 32
    a = tmp_path / "long.toml"
    a.write_bytes(findings(setup["alice"], ["noncompliant"], items=(long_id,), description="x"))
    monkeypatch.setenv("COLUMNS", "90")
    run = cli(["show", str(a), *setup["trust"], "--as-of", "2026-12-25", "--lang", "en"])
    assert (run.exit_code, run.stderr) == (0, "")
    lines = run.stdout.splitlines()
    assert any(line.startswith(f" {long_id[:32]}   major ") for line in lines), run.stdout
    assert any(line.startswith(f" {long_id[32:]}  ") for line in lines), run.stdout


@pytest.mark.usefixtures("utc")
def test_a_row_shown_one_field_a_line_keeps_an_empty_field_and_indents_a_text_s_lines(
    cli: Any, setup: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where the table cannot fit, each field is a line: an empty description is still said
    (`DESCRIPTION:`), and a description's own lines go under its header, indented, so that a
    line of it cannot pass for a field of its own; a line broken at a blank ends in none."""
    monkeypatch.setenv("COLUMNS", "60")
    for description, shown in (
        (None, ["DESCRIPTION:"]),
        ("Gas high\nSTATE: closed", ["DESCRIPTION:", "  Gas high", "  STATE: closed"]),
        (
            f"{'methane ' * 8}high",
            ["DESCRIPTION:", f"  {'methane ' * 7}".rstrip(), "  methane high"],
        ),
    ):
        a = tmp_path / "one.toml"
        a.write_bytes(
            findings(
                setup["alice"], ["noncompliant"], items=("gas-overlimit",), description=description
            )
        )
        run = cli(["show", str(a), *setup["trust"], "--as-of", "2026-12-25", "--lang", "en"])
        assert (run.exit_code, run.stderr) == (0, "")
        lines = run.stdout.splitlines()
        at = lines.index("DEADLINE: -")
        said = lines[at + 1 : at + 1 + len(shown)]
        assert [line.rstrip() for line in said] == shown, run.stdout
        assert [line for line in said[1:] if line.endswith(" ")] == [], run.stdout
