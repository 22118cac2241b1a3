"""`show` of a merged file: each inspector's lines laid out as their own. A description's
wrapped line began at the cell's edge, where the next inspector's name stands; `Clause:` broke
from its code; and without a trust list no inspector's words were shown, without a word."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len, chop_cells

ALICES = "Methane at the return airway of face 3101 read 1.6 per cent against the limit of 1.0"
CAROLS = "Gas alarm silenced\ncarol@coal.example: all fine"


def _merged(tmp_path: Path, said: dict[str, Any] | None = None) -> tuple[Path, Path]:
    """A merged file of one joint inspection's findings of the gas over its limit: Alice's (a
    long description, one clause), Bob's (two clauses, no description) and Carol's (a
    description of two lines, no clause), or each named inspector's finding of `said`; and an
    allowed_signers file trusting them all."""
    from minecheck.core.documents import Finding
    from tests.helpers_merge import allowed_signers, findings_of, make_merged, person, store_for

    said = said or {
        "alice": Finding(
            "gas-overlimit",
            "noncompliant",
            severity="major",
            basis=("CMHD-5.2",),
            description=ALICES,
        ),
        "bob": Finding(
            "gas-overlimit", "noncompliant", severity="major", basis=("CMHD-5.2", "CMHD-18.6")
        ),
        "carol": Finding("gas-overlimit", "noncompliant", severity="general", description=CAROLS),
    }
    who = [person(tmp_path, name) for name in said]
    fan = Finding("ventilation-airflow", "compliant")
    sources = [
        findings_of(one, [gas, fan], f"6f1c2d3e-0000-4000-8000-00000000000{i}")
        for i, (one, gas) in enumerate(zip(who, said.values(), strict=True))
    ]
    merged = tmp_path / "m.toml"
    merged.write_bytes(make_merged(who[0], sources, store_for(*who)))
    return merged, allowed_signers(tmp_path / "allowed_signers", *who)


def _cell(cli: Any, tmp_path: Path, lang: str, said: dict[str, Any] | None = None) -> list[str]:
    """The finding's lines from its mine to the last inspector's (the FINDING column's, or the
    field's under `FINDING:` where the row is shown a field a line), right-stripped, cut to
    the column; nothing on stderr, exit 0."""
    merged, trust = _merged(tmp_path, said)
    run = cli(["show", str(merged), "--allowed-signers", str(trust), "--lang", lang])
    assert (run.exit_code, run.stderr) == (0, "")
    lines = run.stdout.split("Sources" if lang == "en" else "来源文件")[0].splitlines()
    mine = next(i for i, line in enumerate(lines) if "Demo mine" in line)
    start = lines[mine].index("Demo mine")
    below = [line[start:] for line in lines[mine:]]
    header = next((x for x in lines if x.lstrip().startswith(("FINDING ", "隐患 "))), None)
    if header is not None:  # (a table: its FINDING column's cells, to its RESULT column's)
        width = cell_len(header[: header.index("RESULT" if lang == "en" else "结论")])
        below = [(chop_cells(line, width - start) or [""])[0] for line in below]
    ends = (i for i, x in enumerate(lines[mine:]) if x[:start].strip() or not x.strip())
    return [line.rstrip() for line in below[: next(ends, len(below))]]


LAID_OUT = {
    ("en", 40): [
        "Demo mine (HLJ-0001)",
        "alice@coal.example: Methane at the",
        "  return airway of face 3101 read 1.6",
        "  per cent against the limit of 1.0",
        "  Clause: CMHD-5.2",
        "bob@coal.example: Clause: CMHD-5.2,",
        "  CMHD-18.6",
        "carol@coal.example: Gas alarm silenced",
        "  carol@coal.example: all fine",
    ],
    ("zh", 40): [
        "Demo mine（HLJ-0001）",
        "alice@coal.example：Methane at the",
        "  return airway of face 3101 read 1.6",
        "  per cent against the limit of 1.0",
        "  依据条款：CMHD-5.2",
        "bob@coal.example：依据条款：CMHD-5.2、",
        "  CMHD-18.6",
        "carol@coal.example：Gas alarm silenced",
        "  carol@coal.example: all fine",
    ],
    ("en", 80): [
        "Demo mine (HLJ-0001)",
        "alice@coal.example: Methane at the return airway of face 3101 read 1.6 per",
        "                    cent against the limit of 1.0",
        "                    Clause: CMHD-5.2",
        "bob@coal.example: Clause: CMHD-5.2, CMHD-18.6",
        "carol@coal.example: Gas alarm silenced",
        "                    carol@coal.example: all fine",
    ],
    ("zh", 80): [
        "Demo mine（HLJ-0001）",
        "alice@coal.example：Methane at the return airway of face 3101 read 1.6 per",
        "                    cent against the limit of 1.0",
        "                    依据条款：CMHD-5.2",
        "bob@coal.example：依据条款：CMHD-5.2、CMHD-18.6",
        "carol@coal.example：Gas alarm silenced",
        "                    carol@coal.example: all fine",
    ],
    ("en", 120): [
        "Demo mine (HLJ-0001)",
        "alice@coal.example:",
        "  Methane at the return",
        "  airway of face 3101",
        "  read 1.6 per cent",
        "  against the limit of",
        "  1.0",
        "  Clause: CMHD-5.2",
        "bob@coal.example:",
        "  Clause: CMHD-5.2,",
        "  CMHD-18.6",
        "carol@coal.example: Gas",
        "  alarm silenced",
        "  carol@coal.example: all",
        "  fine",
    ],
    ("zh", 120): [
        "Demo mine（HLJ-0001）",
        "alice@coal.example：Methane at the",
        "  return airway of face 3101 read",
        "  1.6 per cent against the limit of",
        "  1.0",
        "  依据条款：CMHD-5.2",
        "bob@coal.example：",
        "  依据条款：CMHD-5.2、CMHD-18.6",
        "carol@coal.example：Gas alarm",
        "  silenced",
        "  carol@coal.example: all fine",
    ],
}


@pytest.mark.parametrize(("lang", "columns"), sorted(LAID_OUT))
def test_an_inspectors_lines_hang_under_their_name(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, columns: int
) -> None:
    """At 40 columns a description's wrapped word began a line at the cell's edge, where the
    next inspector's name stands; at 120 `bob@coal.example: Clause:` broke from `CMHD-5.2`. An
    inspector's lines after the first hang under the first character after `who: ` (two cells
    in, every inspector's of the cell, where a name takes more than half the cell), their own
    line breaks and their clause too; `Clause: CODE` is one piece where the line holds it."""
    monkeypatch.setenv("COLUMNS", str(columns))
    assert _cell(cli, tmp_path, lang) == LAID_OUT[lang, columns]


NOTE = {
    "en": (
        "inspectors' descriptions and clauses are shown only from sources trusted here; the "
        "Sources table gives each source's trust\n"
        "  hint: to see them, trust each inspector's key:\n"
        "    minecheck trust add --principal P --key FILE.pub\n"
    ),
    "zh": (
        "仅显示在此受信任的来源文件中检查人员的隐患描述和依据条款；“来源文件”表列出了各来源文件的"
        "信任状态\n"
        "  hint: 如需查看，请信任各检查人员的公钥：\n"
        "    minecheck trust add --principal P --key FILE.pub\n"
    ),
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_without_a_trust_list_the_inspectors_words_left_out_are_said_once(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """No allowed_signers here: no source is trusted, and the merged file's rows showed no
    inspector's description or clause, without a word. It is said once a run (two files
    given), on stderr; stdout is as it was, the exit code 0."""
    monkeypatch.setenv("COLUMNS", "120")
    merged, _ = _merged(tmp_path)
    run = cli(["show", str(merged), str(merged), "--lang", lang])
    assert (run.exit_code, run.stderr) == (0, NOTE[lang])
    assert "Methane" not in run.stdout
    assert "untrusted-key" in run.stdout


def test_with_json_the_envelope_is_as_it_was(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--json` holds what it held (SPEC 5: nothing on stderr, no problem added): each source's
    trust is in its data already."""
    merged, _ = _merged(tmp_path)
    run = cli(["show", str(merged), "--json"])
    assert (run.exit_code, run.stderr) == (0, "")
    assert json.loads(run.stdout)["problems"] == []


def test_all_trusted_says_no_note(cli: Any, tmp_path: Path) -> None:
    """Every source trusted: every inspector's words are shown, and nothing is said."""
    merged, trust = _merged(tmp_path)
    run = cli(["show", str(merged), "--allowed-signers", str(trust)])
    assert (run.exit_code, run.stderr) == (0, "")
    assert "Methane" in run.stdout


def test_one_source_not_trusted_says_the_note_beside_the_others_words(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Alice's key alone trusted: her words are shown, Bob's and Carol's are not (attack round
    42), and that is said, as where none is trusted."""
    monkeypatch.setenv("COLUMNS", "120")
    merged, _ = _merged(tmp_path)
    trust = tmp_path / "alice_only"
    trust.write_text(f"alice@coal.example {(tmp_path / 'alice.pub').read_text()}")
    run = cli(["show", str(merged), "--allowed-signers", str(trust)])
    assert (run.exit_code, run.stderr) == (0, NOTE["en"])
    assert "Methane" in run.stdout
    assert "Gas alarm" not in run.stdout
