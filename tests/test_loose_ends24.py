"""Loose ends, round 24: a zero-width joiner or non-joiner a name's spelling needs (where
`unfit_name` takes it: Unicode's identifier rules, UAX #31) shown whole wherever a person reads
text (the terminal, Markdown, HTML, CSV), in names, descriptions and notes alike; a joiner
anywhere else still shown as its escape, and JSON as before."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.helpers_docs import INSPECTION_ID, findings_body
from tests.test_hostile import person, signed_raw
from tests.test_loose_ends22 import JOINED, SPOOFED

SINHALA = JOINED["Sinhala"]  # ZWJ after the al-lakuna
PERSIAN = JOINED["Persian"]  # ZWNJ between a dual- and a right-joining letter
MALAYALAM = JOINED["Malayalam"]  # ZWJ after the virama, last: a chillu letter
HALF_FORM = JOINED["Devanagari"]  # ZWJ after the virama: a conjunct's half form
SPOOF = SPOOFED["ZWJ between Latin letters"]  # `Wang\u200dWei`: reads as `WangWei`
SPOOF_SHOWN = "Wang\\u200dWei"
DESCRIPTION = f"{HALF_FORM} {SPOOF} {PERSIAN}"
DESCRIPTION_SHOWN = f"{HALF_FORM} {SPOOF_SHOWN} {PERSIAN}"
NOTE = f"मनोज {HALF_FORM} {SPOOF}"
NOTE_SHOWN = f"मनोज {HALF_FORM} {SPOOF_SHOWN}"
SIGNER = "alice@mine.example"
REF = f"{INSPECTION_ID}/gas-overlimit"
ESCAPES = ("\\u200c", "\\u200d")


def _body(key: dict[str, Any], n: int, site: str, inspector: str) -> bytes:
    body = findings_body(
        SIGNER,
        key["fingerprint"],
        site=site,
        description=DESCRIPTION,
        document_id=f"6f1c2a4e-8b3d-4f7a-9c2e-1d5b7a9e3{n:03d}",
    ).decode()
    body = body.replace('inspector = "Wang Wei"', f'inspector = "{inspector}"')
    if n > 1:  # an inspection and a site of its own
        body = body.replace(INSPECTION_ID, f"{INSPECTION_ID[:-3]}{n:03d}")
        body = body.replace('site_id = "HLJ-0001"', f'site_id = "HLJ-000{n}"')
    location = 'location = "No. 3 return airway"\n'
    assert body.count(location) == 1
    body = body.replace(location, f'{location}responsible = "{MALAYALAM}"\n')
    return body.encode()


@pytest.fixture
def records(cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """A folder `docs` holding a findings file whose site, inspector, responsible and
    description need joiners (the description a spoofed one too), and a rectification whose
    note does; the test run inside the folder above it."""
    monkeypatch.chdir(tmp_path)
    key = person(cli, SIGNER)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "f.toml").write_bytes(signed_raw(key, _body(key, 1, SINHALA, PERSIAN)))
    who = ["--key", key["path"], "--signer", SIGNER]
    at = ["--at", "2026-12-01T08:00:00Z", "--findings", "docs/f.toml"]
    run = cli(["followup", REF, "--action", "rectified", "--note", NOTE, *at, *who, "-o", "r.toml"])
    assert run.exit_code == 0, run.stderr
    (tmp_path / "r.toml").rename(docs / "r.toml")
    return key


def _no_joiner_escaped_but_the_spoof(text: str) -> None:
    """`text` holds no joiner's escape but the spoofed one's."""
    assert [e for e in ESCAPES if e in text.replace(SPOOF_SHOWN, "")] == []


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_show_gives_the_names_description_and_note_as_written(
    cli: Any, records: dict[str, Any], lang: str
) -> None:
    """`show`: the site, the inspector, the responsible, the description and a follow-up's
    note as written (they were `ශ්\\u200dරී ලංකා`, `علی\\u200cرضا`); the joiner between Latin
    letters still an escape."""
    run = cli(["show", "docs/f.toml", "--lang", lang])
    assert (run.exit_code, run.stderr) == (0, "")
    line = {
        "en": "site: {} (HLJ-0001)   inspector: {}",
        "zh": "被检查单位：{}（HLJ-0001）   检查人员：{}",
    }
    assert line[lang].format(SINHALA, PERSIAN) in run.stdout.splitlines()
    assert DESCRIPTION_SHOWN in run.stdout
    assert MALAYALAM in run.stdout
    _no_joiner_escaped_but_the_spoof(run.stdout)
    run = cli(["show", "docs/r.toml", "--lang", lang])
    assert (run.exit_code, run.stderr) == (0, "")
    assert NOTE_SHOWN in run.stdout
    _no_joiner_escaped_but_the_spoof(run.stdout)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("by", ["site", "inspector"])
def test_the_summary_s_table_markdown_and_html_give_the_names_as_written(
    cli: Any, records: dict[str, Any], lang: str, by: str
) -> None:
    name = {"site": SINHALA, "inspector": PERSIAN}[by]
    for form in ("table", "md", "html"):
        run = cli(["summary", "docs", "--by", by, "--format", form, "--lang", lang])
        assert (run.exit_code, run.stderr) == (0, ""), form
        assert name in run.stdout, form
        assert [e for e in ESCAPES if e in run.stdout] == [], form


def test_the_summary_s_csv_gives_the_site_as_written(cli: Any, records: dict[str, Any]) -> None:
    run = cli(["summary", "docs", "--by", "site", "--format", "csv"])
    assert (run.exit_code, run.stderr) == (0, "")
    assert run.stdout.splitlines()[1].startswith(f"{SINHALA},HLJ-0001,2,1,")


def test_export_s_csv_gives_every_text_as_written_and_the_spoof_escaped(
    cli: Any, records: dict[str, Any]
) -> None:
    """The findings' rows: site, description, responsible, inspector as written (the
    description's spoofed joiner escaped); the events' rows: the note too."""
    run = cli(["export", "docs", "--format", "csv"])
    assert (run.exit_code, run.stderr) == (0, "")
    row = run.stdout.splitlines()[2].split(",")
    assert (row[2], row[14], row[16], row[17]) == (SINHALA, DESCRIPTION_SHOWN, MALAYALAM, PERSIAN)
    run = cli(["export", "docs", "--format", "csv", "--rows", "events"])
    assert (run.exit_code, run.stderr) == (0, "")
    rows = [line.split(",") for line in run.stdout.splitlines()]
    assert [(r[2], r[14]) for r in rows[1:]] == [(SINHALA, ""), (SINHALA, NOTE_SHOWN)]


def test_json_gives_every_joiner_escaped_as_before(cli: Any, records: dict[str, Any]) -> None:
    """Guard: JSON writes every format character as JSON's escape, a joiner a spelling needs
    too; read, the text is whole."""
    run = cli(["summary", "docs", "--by", "site", "--format", "json"])
    assert (run.exit_code, run.stderr) == (0, "")
    assert '"site": "ශ්\\u200dරී ලංකා"' in run.stdout
    run = cli(["export", "docs", "--format", "jsonl"])
    assert (run.exit_code, run.stderr) == (0, "")
    row = json.loads(run.stdout.splitlines()[1])
    assert (row["site"], row["description"], row["inspectors"]) == (SINHALA, DESCRIPTION, [PERSIAN])
    assert "\\u200c" in run.stdout.splitlines()[1]
    run = cli(["show", "docs/f.toml", "--json"])
    assert (run.exit_code, run.stderr) == (0, "")
    assert '"site": "ශ්\\u200dරී ලංකා"' in run.stdout


def test_two_sites_that_read_alike_still_show_the_joiner_that_tells_them_apart(
    cli: Any, records: dict[str, Any], tmp_path: Path
) -> None:
    """Guard: a site `علی‌رضا` beside a site `علیرضا` reads as it; in a report a person reads,
    the one with the non-joiner shows it as its escape (what tells them apart), the other as
    written."""
    key = records
    plain = PERSIAN.replace("\u200c", "")
    (tmp_path / "docs" / "g.toml").write_bytes(signed_raw(key, _body(key, 2, plain, "Sun Li")))
    (tmp_path / "docs" / "h.toml").write_bytes(signed_raw(key, _body(key, 3, PERSIAN, "Sun Li")))
    for form in ("table", "md", "html"):
        run = cli(["summary", "docs", "--by", "site", "--format", form])
        assert (run.exit_code, run.stderr) == (0, ""), form
        shown = run.stdout.replace("\\\\", "\\")  # (Markdown's backslash escaped)
        assert PERSIAN.replace("\u200c", "\\u200c") in shown, form
        assert PERSIAN not in run.stdout, form


@pytest.mark.parametrize("name", sorted(JOINED))
def test_every_text_shown_keeps_a_joiner_a_spelling_needs(name: str) -> None:
    from minecheck.core.sanitize import for_csv, for_terminal

    text = JOINED[name]
    for shown in (text, f"{text} {text}", f"site: {text} (1)\n{text}"):
        assert for_terminal(shown) == shown.replace("\n", "\\u000a")
        assert for_terminal(shown, multiline=True) == shown
        assert for_csv(shown) == shown


@pytest.mark.parametrize("where", sorted(SPOOFED))
def test_a_joiner_no_spelling_needs_is_still_shown_escaped(where: str) -> None:
    """Guard: each place `unfit_name` refuses a joiner, every text shown escapes it."""
    from minecheck.core.sanitize import for_csv, for_terminal

    text = SPOOFED[where]
    shown = text.replace("\u200c", "\\u200c").replace("\u200d", "\\u200d")
    if where == "two ZWJ after the virama":  # the first is the half form's: the second escaped
        shown = "क्\u200d\\u200dष"
    assert for_terminal(text) == for_csv(text) == shown


def test_one_rule_takes_a_name_and_shows_its_joiners() -> None:
    """A name `unfit_name` takes is shown as written, and one it refuses for a joiner shows
    that joiner escaped: the same rule, at each place, beside other text too."""
    from minecheck.core.sanitize import for_terminal, unfit_name

    for text in (*JOINED.values(), *SPOOFED.values()):
        for shown in (text, f"{text} {SINHALA}", f"{PERSIAN} {text}"):
            fit = not unfit_name(shown)
            assert (for_terminal(shown) == shown) is fit, shown


def test_a_joiner_after_a_virama_made_visible_is_escaped() -> None:
    """A virama past a run's sixth mark is shown as its escape: the joiner after it, which
    follows no virama a reader sees, is escaped too."""
    from minecheck.core.sanitize import for_terminal

    text = "क" + "\u0951" * 6 + "\u094d\u200dष"
    assert for_terminal(text) == "क" + "\u0951" * 6 + "\\u094d\\u200dष"


@pytest.mark.parametrize("name", ["Persian", "Sinhala"])
def test_a_command_in_a_hint_still_spells_a_joiner_in_octal(name: str) -> None:
    """Guard: a file name holding a joiner a spelling needs is shown whole, but a command a hint
    hands over to paste names it in octal as before (a terminal's copy of a character of no
    width may drop it, and the pasted command would name another file)."""
    from minecheck.core.sanitize import shell_word

    path = f"docs/{JOINED[name]}.toml"
    octal = "".join(f"\\0{b:03o}" if b > 0x7E else chr(b) for b in path.encode())
    assert shell_word(path) == f"\"$(printf %b '{octal}')\""
