"""The provincial office for major-disaster prevention asks which aspects of the criteria (and
which clauses) a year's findings breach most: `summary --by clause` and `--by aspect`, recounted
here from the signed files themselves, across two editions of the coal checklist, a provincial
checklist that names its items otherwise, and the non-coal criteria."""

from __future__ import annotations

import csv
import datetime as dt
import io
import tomllib
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from minecheck.core.documents import Event, Finding
from minecheck.report.aspects import aspect, aspect_name
from tests.helpers_merge import allowed_signers, findings_of, person
from tests.test_export import followup

WHEN = dt.datetime(2026, 10, 20, 9, 0, tzinfo=dt.UTC)
AS_OF = "2026-12-31"
DUE = dt.date(2026, 11, 20)  # past by the report's day: every open hidden danger is overdue
OLD = ("coal-major-hidden-dangers", "2024.1", "1" * 64)
NEW = ("coal-major-hidden-dangers-2026", "2026.1", "2" * 64)  # a new edition: a new id
PROVINCE = ("hlj-coal-screen", "2025.3", "3" * 64)  # a provincial checklist, its own item ids
NONCOAL = ("noncoal-major-hidden-dangers", "2024.1", "4" * 64)
I1, I2, I3, I4 = (f"5c0d{n}000-0000-4000-8000-00000000000{n}" for n in range(1, 5))


def _bad(item: str, *basis: str, severity: str = "major") -> Finding:
    return Finding(item, "noncompliant", severity=severity, basis=basis, deadline=DUE)


@pytest.fixture
def archive(tmp_path: Path) -> dict[str, Path]:
    """Four inspections of four mines: gas and water cited together (two aspects), two clauses
    of one aspect (8.1 and 8.10), a general finding citing none and one citing a law, the same
    situation under three item ids (two editions and a province), a non-coal situation; one
    major closed after an expert's acceptance."""
    office, mine, deputy = (person(tmp_path, name) for name in ("office", "mine", "deputy"))
    docs = tmp_path / "docs"
    docs.mkdir()
    plan: list[tuple[str, tuple[str, str, str], str, str, list[Finding]]] = [
        (I1, OLD, "SX-01", "Dongshan", [
            Finding("gas-check-genuine", "compliant"),
            _bad("gas-overlimit", "CMHD-5.2", "CMHD-9.3"),
            _bad("ventilation-airflow", "CMHD-8.10", "CMHD-8.1"),
            _bad("records-kept", severity="general"),
            Finding("water-probe", "not-applicable"),
        ]),
        (I2, NEW, "SX-02", "Xinxing", [
            _bad("gas-work-over-limit", "CMHD-5.2"),
            _bad("training-records", "WSL-28", severity="general"),
            Finding("gas-check-genuine", "compliant"),
        ]),
        (I3, PROVINCE, "SX-03", "Beishan", [
            _bad("hlj-gas-2", "CMHD-5.2"),
            _bad("hlj-water-9", "CMHD-9.3", "CR24-36"),
            Finding("hlj-fan", "not-checked"),
        ]),
        (I4, NONCOAL, "NM-04", "Tiefeng", [
            _bad("ug-water", "MNM-UG-7"),
            _bad("ug-exits", "MNM-UG-1", severity="general"),
            Finding("ug-monitoring", "compliant"),
        ]),
    ]  # fmt: skip
    for n, (iid, checklist, code, site, rows) in enumerate(plan):
        data = findings_of(
            office, rows, iid.replace("5c0d", "d0c5"), inspection_id=iid, when=WHEN,
            site_id=code, site=site, checklist=checklist,
        )  # fmt: skip
        (docs / f"{n}-{site}.toml").write_bytes(data)
    # a joint inspection: the second inspector cites one more clause for the same finding
    rows = [
        _bad("ug-water", "MNM-UG-8", "MNM-UG-7"),
        _bad("ug-exits", "MNM-UG-1", severity="general"),
    ]
    data = findings_of(deputy, [*rows, Finding("ug-monitoring", "compliant")],
                       "d0c50000-0000-4000-8000-0000000000aa", inspection_id=I4, when=WHEN,
                       site_id="NM-04", site="Tiefeng", checklist=NONCOAL)  # fmt: skip
    (docs / "4-Tiefeng-deputy.toml").write_bytes(data)
    ref = f"{I1}/gas-overlimit"
    (docs / "rectified.toml").write_bytes(
        followup(
            mine,
            Event(ref, "rectified", WHEN + dt.timedelta(days=5)),
            document_id="a0000000-0000-4000-8000-000000000001",
        )
    )
    (docs / "closed.toml").write_bytes(
        followup(
            office,
            Event(ref, "accepted", WHEN + dt.timedelta(days=6), method="expert-review"),
            Event(ref, "closed", WHEN + dt.timedelta(days=7)),
            document_id="a0000000-0000-4000-8000-000000000002",
        )
    )
    allowed = allowed_signers(tmp_path / "allowed_signers", office, mine, deputy)
    return {"docs": docs, "allowed": allowed}


def _run(cli: Any, archive: dict[str, Path], *args: str, as_of: str = AS_OF) -> Any:
    run = cli(
        [
            *("summary", str(archive["docs"]), "--as-of", as_of),
            *("--allowed-signers", str(archive["allowed"]), *args),
        ]
    )
    assert (run.exit_code, run.stderr) == (0, ""), run.stderr
    return run


def _aspect(code: str) -> str:
    """Written apart from the product: an article of the coal criteria, a part of the non-coal
    ones, else the document."""
    if code.startswith("CMHD-"):
        return code.partition(".")[0]
    if code.startswith("MNM-"):
        return "-".join(code.split("-")[:2])
    return code.split("-")[0]


def _recount(docs: Path, of: Any) -> dict[str, Counter[str]]:
    """From the signed files: findings (one per inspection and item, the clauses its inspectors
    cite joined), hidden dangers and majors under each value `of` gives for its clauses (each
    once), and which are open (the one closed is known)."""
    joined: dict[str, tuple[bool, bool, set[str]]] = {}
    for path in sorted(docs.glob("*.toml")):
        doc = tomllib.loads(path.read_text())
        for f in doc.get("finding", []):
            ref = f"{doc['inspection']['id']}/{f['item']}"
            bad = f["result"] == "noncompliant"
            basis = joined.get(ref, (False, False, set()))[2] | set(f.get("basis", []))
            joined[ref] = (bad, bad and f["severity"] == "major", basis)
    counts: dict[str, Counter[str]] = {}
    for ref, (bad, major, basis) in joined.items():
        for key in set(of(sorted(basis))) or {""}:
            c = counts.setdefault(key, Counter())
            c["findings"] += 1
            c["hidden_dangers"] += bad
            c["majors"] += major
            closed = ref == f"{I1}/gas-overlimit"
            c["closed"] += closed
            c["open"] += bad and not closed
            c["overdue"] += bad and not closed
            c["open_majors"] += major and not closed
    return counts


MEASURED = ("findings", "hidden_dangers", "majors", "open", "open_majors", "overdue", "closed")


@pytest.mark.parametrize(
    ("by", "of"),
    [("clause", lambda basis: basis), ("aspect", lambda basis: map(_aspect, basis))],
)
def test_each_clause_and_aspect_recounted_from_the_files(
    cli: Any, archive: dict[str, Path], by: str, of: Any
) -> None:
    """Cold, warm (the memo), without the cache and with counts kept from another report day:
    the same groups, each the recount of the signed files."""
    expected = _recount(archive["docs"], of)
    for more in ([], [], ["--no-cache"]):
        groups = _run(cli, archive, "--by", by, "--format", "json", *more).json()["groups"]
        assert {g[by] or "": {m: g[m] for m in MEASURED} for g in groups} == {
            key: {m: c[m] for m in MEASURED} for key, c in expected.items()
        }
    later = _run(cli, archive, "--by", by, "--format", "json", as_of="2027-01-05")
    afresh = _run(cli, archive, "--by", by, "--format", "json", "--no-cache", as_of="2027-01-05")
    assert later.stdout == afresh.stdout


def test_the_groups_are_in_the_criteria_s_order_and_say_what_they_add_up_to(
    cli: Any, archive: dict[str, Path]
) -> None:
    """Aspects and clauses by their numbers (CMHD-5 before CMHD-18, 8.1 before 8.10), the
    findings citing none last; the headline counts each hidden danger once."""
    data = _run(cli, archive, "--by", "clause", "--format", "json").json()
    assert [g["clause"] for g in data["groups"]] == [
        *("CMHD-5.2", "CMHD-8.1", "CMHD-8.10", "CMHD-9.3", "CR24-36"),
        *("MNM-UG-1", "MNM-UG-7", "MNM-UG-8", "WSL-28", None),
    ]
    assert data["headline"]["hidden_dangers"] == 9
    # 5.2+9.3, 8.1+8.10, 9.3+36, and UG-7 joined by a second inspector's UG-8
    assert sum(g["hidden_dangers"] for g in data["groups"]) == 13
    gas = next(g for g in data["groups"] if g["clause"] == "CMHD-5.2")
    assert (gas["majors"], gas["open_majors"], gas["closed"]) == (3, 2, 1)  # three item ids
    aspects = _run(cli, archive, "--by", "aspect", "--format", "json").json()["groups"]
    assert [g["aspect"] for g in aspects] == [
        *("CMHD-5", "CMHD-8", "CMHD-9", "CR24", "MNM-UG", "WSL", None)
    ]
    ventilation = next(g for g in aspects if g["aspect"] == "CMHD-8")
    assert ventilation["hidden_dangers"] == 1  # 8.1 and 8.10: one hidden danger, once


def test_two_editions_and_a_province_kept_apart_with_the_checklist(
    cli: Any, archive: dict[str, Path]
) -> None:
    run = _run(cli, archive, "--by", "checklist,aspect", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(run.stdout)))
    water = [(r["checklist"], r["majors"]) for r in rows if r["aspect"] == "CMHD-9"]
    assert water == [("coal-major-hidden-dangers", "1"), ("hlj-coal-screen", "1")]
    assert list(rows[0])[:3] == ["checklist", "aspect", "findings"]


def test_the_mines_with_most_majors_in_the_gas_and_water_aspects(
    cli: Any, archive: dict[str, Path]
) -> None:
    """The office's question, answered from `--by aspect,site` in CSV: each mine's majors in
    CMHD-5 to 7 (gas) and CMHD-9 (water), with its code to join to the register of mines."""
    run = _run(cli, archive, "--by", "aspect,site", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(run.stdout)))
    gas = {(r["site_id"], r["majors"]) for r in rows if r["aspect"] in ("CMHD-5", "CMHD-6")}
    water = {(r["site_id"], r["majors"]) for r in rows if r["aspect"] == "CMHD-9"}
    assert gas == {("SX-01", "1"), ("SX-02", "1"), ("SX-03", "1")}
    assert water == {("SX-01", "1"), ("SX-03", "1")}


@pytest.mark.parametrize(
    ("lang", "gas", "none", "note"),
    [
        (
            "en",
            "CMHD-5 working with gas over the limit",
            "(cites no clause)",
            "A hidden danger is counted once under each aspect its clauses belong to",
        ),
        ("zh", "CMHD-5 瓦斯超限作业", "（未引用条款）", "隐患在其所引条款所属的每个方面下各计一次"),
    ],
)
def test_a_reader_sees_each_aspect_named_and_what_the_rows_add_up_to(
    cli: Any,
    archive: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    gas: str,
    none: str,
    note: str,
) -> None:
    monkeypatch.setenv("MINECHECK_LANG", lang)
    md = _run(cli, archive, "--by", "aspect", "--format", "md").stdout
    assert f"| {gas} | 3 | 3 | 3 | 2 | 2 | 2 | 2 | 1 |" in md
    assert f"| {none} |" in md
    assert note in md
    html = _run(cli, archive, "--by", "aspect", "--format", "html").stdout
    assert f'<p class="counted">{note}' in html
    assert gas in html
    assert none in html
    table = _run(cli, archive, "--by", "aspect", "--format", "table").stdout
    assert "".join(note.split()[:4]) in "".join(table.split())
    assert "CMHD-5" in table


def test_a_clause_code_from_a_file_is_shown_as_written_and_made_safe(
    cli: Any, tmp_path: Path
) -> None:
    """A basis is any text in a signed file: one of no known form is its own clause and aspect,
    and reaches the terminal made visible, the CSV neutralised."""
    office = person(tmp_path, "office")
    docs = tmp_path / "docs"
    docs.mkdir()
    rows = [_bad("odd", "=HYPERLINK(1)", "X\x1b[31m", severity="general")]
    (docs / "odd.toml").write_bytes(
        findings_of(office, rows, "d0c50000-0000-4000-8000-0000000000ff", when=WHEN)
    )
    archive = {"docs": docs, "allowed": allowed_signers(tmp_path / "allowed_signers", office)}
    out = _run(cli, archive, "--by", "aspect", "--format", "csv").stdout
    assert [line.split(",")[0] for line in out.splitlines()[1:]] == [
        "'=HYPERLINK(1)",
        "X\\u001b[31m",
    ]
    md = _run(cli, archive, "--by", "aspect", "--format", "md").stdout
    assert "\x1b" not in md
    assert "| X\\\\u001b\\[31m |" in md


def test_an_unknown_grouping_names_the_new_ones(cli: Any, archive: dict[str, Path]) -> None:
    run = cli(["summary", str(archive["docs"]), "--by", "article"])
    assert run.exit_code == 2
    assert "state, clause, aspect" in run.stderr


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("CMHD-4.1", "CMHD-4"),
        ("CMHD-18.11", "CMHD-18"),
        ("CMHD-8", "CMHD-8"),
        ("MNM-UG-32", "MNM-UG"),
        ("MNM-OP", "MNM-OP"),
        ("MNM-TP-19", "MNM-TP"),
        ("WSL-41", "WSL"),
        ("CR24-36", "CR24"),
        ("O16", "O16"),
        ("HM24-3", "HM24"),
        ("AP24-1", "AP24"),
        ("cmhd-5.2", "cmhd-5.2"),
        ("CMHD-5.2 ", "CMHD-5.2 "),
        ("HLJ-3.2", "HLJ-3.2"),
    ],
)
def test_the_aspect_of_each_form_of_clause_code(code: str, expected: str) -> None:
    assert aspect(code) == expected


def test_every_article_of_the_coal_criteria_is_named_in_both_languages() -> None:
    for article in range(4, 19):
        code = f"CMHD-{article}"
        english, chinese = aspect_name(code, "en"), aspect_name(code, "zh")
        assert english.startswith(f"{code} ")
        assert chinese.startswith(f"{code} ")
        assert english != chinese
    assert aspect_name("CMHD-19", "zh") == "CMHD-19"


def test_the_numbers_in_the_codes_order_the_rows_however_long(cli: Any, tmp_path: Path) -> None:
    """Article 5 before 10 before 18, whatever order the files cite them in; a number of nine
    digits after one of eight (a code from a file may be any text)."""
    office = person(tmp_path, "office")
    docs = tmp_path / "docs"
    docs.mkdir()
    rows = [
        _bad("a", "CMHD-18.2"),
        _bad("b", "X-100000000"),
        _bad("c", "CMHD-5.2"),
        _bad("d", "X-99999999"),
        _bad("e", "CMHD-10.1"),
    ]
    (docs / "order.toml").write_bytes(
        findings_of(office, rows, "d0c50000-0000-4000-8000-0000000000ee", when=WHEN)
    )
    archive = {"docs": docs, "allowed": allowed_signers(tmp_path / "allowed_signers", office)}
    for by, first in (("clause", ["CMHD-5.2", "CMHD-10.1", "CMHD-18.2"]),
                      ("aspect", ["CMHD-5", "CMHD-10", "CMHD-18"])):  # fmt: skip
        groups = _run(cli, archive, "--by", by, "--format", "json").json()["groups"]
        assert [g[by] for g in groups] == [*first, "X-99999999", "X-100000000"]
