"""Found by a provincial report author with a month's archive: the bad inputs a shared drive
holds, said as a report author counts them."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

from minecheck.core.documents import Event
from tests.helpers_merge import (
    INSPECTION,
    allowed_signers,
    findings,
    make_merged,
    person,
    store_for,
)
from tests.test_export import followup

OTHER = "5c7e9a1b-3d5f-4a6b-8c0d-1e2f3a4b5c6d"
THIRD = "6d8f0b2c-4e6a-4b7c-9d1e-2f3a4b5c6d7e"

NOTHING_USABLE = {
    "en": [
        "minecheck: warning: d/p.toml: left out: not a regular file (a FIFO)",
        "minecheck: warning: d/a.toml: left out: malformed: the file is empty",
        "minecheck: error: no document could be used: 2 left out (1 malformed, 1 unreadable)",
    ],
    "zh": [
        "minecheck: warning: d/p.toml：未计入：不是普通文件（命名管道）",
        "minecheck: warning: d/a.toml：未计入：malformed：文件为空",
        "minecheck: error: 没有可用的文件：2 个文件均被排除（malformed 1 个，unreadable 1 个）",
    ],
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("command", ["summary", "export"])
def test_nothing_usable_counts_every_entry_said_left_out(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str, lang: str
) -> None:
    """A folder of an empty file and a FIFO: two lines said "left out", and the last line, the
    one a log of thousands of files is read by, said "1 left out": the FIFO the walk passed over
    was not counted, though the report lists it among the documents not counted."""
    monkeypatch.chdir(tmp_path)
    Path("d").mkdir()
    Path("d/a.toml").write_bytes(b"")
    os.mkfifo("d/p.toml")
    run = cli([command, "d", "--lang", lang, "--no-cache"])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines() == NOTHING_USABLE[lang]


@pytest.mark.parametrize("trusted", [("alice", "bob"), ("alice",), ("bob",)])
def test_show_of_a_merged_file_names_the_mine_under_every_hidden_danger(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, trusted: tuple[str, ...]
) -> None:
    """`show` of a merged file names the mine under each hidden danger, as the guide says; a
    hidden danger no report counts (its source signed by a key not trusted here, or the whole
    file's merger not trusted) was shown by its inspection id alone, though its grade, from the
    same source, stood beside it."""
    monkeypatch.setenv("COLUMNS", "200")
    alice, bob = person(tmp_path, "alice"), person(tmp_path, "bob")
    bad = ["noncompliant", "compliant", "compliant"]
    a = findings(alice, bad, site="Xinxing Coal Mine", site_id="HLJ-0001")
    b = findings(bob, bad, 1, inspection_id=OTHER, site="Dongshan Coal Mine", site_id="HLJ-0002")
    merged = tmp_path / "m.toml"
    merged.write_bytes(make_merged(alice, [a, b], store_for(alice, bob)))
    who = {"alice": alice, "bob": bob}
    trust = allowed_signers(tmp_path / "allowed_signers", *(who[w] for w in trusted))
    for lang, xinxing, dongshan in (
        ("en", "Xinxing Coal Mine (HLJ-0001)", "Dongshan Coal Mine (HLJ-0002)"),
        ("zh", "Xinxing Coal Mine（HLJ-0001）", "Dongshan Coal Mine（HLJ-0002）"),
    ):
        run = cli(["show", str(merged), "--allowed-signers", str(trust), "--lang", lang])
        assert run.exit_code == 0, run.stderr
        lines = [line.strip() for line in run.stdout.splitlines()]
        for inspection, mine in ((INSPECTION, xinxing), (OTHER, dongshan)):
            at = next(n for n, line in enumerate(lines) if line.startswith(inspection))
            assert lines[at + 1] == mine, (lang, lines[at : at + 2])


@pytest.mark.parametrize("command", ["verify", "summary", "export"])
def test_a_document_named_in_capitals_below_a_folder_is_read(
    cli: Any, tmp_path: Path, command: str
) -> None:
    """A USB stick formatted on Windows, or a mail program, gives `XINXING.TOML`: below a
    folder it was passed over without a word, and a report left its hidden dangers out (a
    folder of such files alone: "no *.toml files found"). A file's suffix is read in any case,
    as Windows reads it."""
    alice = person(tmp_path, "alice")
    trust = allowed_signers(tmp_path / "allowed_signers", alice)
    folder = tmp_path / "usb"
    folder.mkdir()
    bad = ["noncompliant", "compliant", "compliant"]
    (folder / "XINXING.TOML").write_bytes(findings(alice, bad, site="Xinxing Coal Mine"))
    (folder / "dongshan.Toml").write_bytes(
        findings(alice, bad, 1, inspection_id=OTHER, site="Dongshan Coal Mine", site_id="HLJ-2")
    )
    (folder / "notes.toml.txt").write_text("not a document\n", encoding="utf-8")
    args = [command, str(folder), "--allowed-signers", str(trust), "--lang", "en", "--json"]
    run = cli([*args, "--no-cache"] if command != "verify" else args)
    envelope = run.json()
    assert (run.exit_code, envelope["problems"], run.stderr) == (0, [], "")
    if command == "verify":
        read = [Path(d["path"]).name for d in envelope["data"]["files"]]
        assert sorted(read) == ["XINXING.TOML", "dongshan.Toml"]
    elif command == "summary":
        assert envelope["data"]["headline"]["hidden_dangers"] == 2
    else:
        assert [row["site"] for row in envelope["data"]["rows"]] == [
            *(["Xinxing Coal Mine"] * 3),
            *(["Dongshan Coal Mine"] * 3),
        ]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_show_of_a_file_of_no_format_ends_its_header_at_the_name(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """`show` of an empty file printed its header as `z.toml  `: the two spaces before a
    format it does not have (in dim at a terminal), trailing on the line a script greps."""
    monkeypatch.chdir(tmp_path)
    Path("z.toml").write_bytes(b"")
    run = cli(["show", "z.toml", "--lang", lang])
    assert run.exit_code == 2
    assert run.stdout.splitlines()[0] == "z.toml"


def _month_end(cli: Any, command: str, lang: str, *more: str) -> Any:
    """`summary` (Markdown) or `export` (CSV to a file) of folder `d` with the list `trust`."""
    args = [command, "d", "--allowed-signers", "trust", "--lang", lang, "--no-cache"]
    out = ["--format", "csv", "-o", "out.csv"] if command == "export" else ["--format", "md"]
    return cli([*args, *out, *more])


UNTRUSTED_SAID = {
    "en": [
        "minecheck: warning: d/b1.toml: left out: untrusted-key: "
        "the signing key is not in allowed_signers",
        "  hint: to count it, trust the signer's key as you received it from them (or --from "
        "LINES): minecheck trust add --principal bob@coal.example --key KEY.pub "
        "--allowed-signers trust",
        "minecheck: warning: d/b2.toml: left out: untrusted-key: "
        "the signing key is not in allowed_signers",
    ],
    "zh": [
        "minecheck: warning: d/b1.toml：未计入：untrusted-key：签名密钥不在 allowed_signers 中",
        "  hint: 要计入它，请信任签名人亲手交给您的公钥（或 --from LINES）："
        "minecheck trust add --principal bob@coal.example --key KEY.pub "
        "--allowed-signers trust",
        "minecheck: warning: d/b2.toml：未计入：untrusted-key：签名密钥不在 allowed_signers 中",
    ],
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("command", ["summary", "export"])
def test_a_file_left_out_for_its_untrusted_key_says_how_to_count_it(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str, lang: str
) -> None:
    """The month's files of an inspector whose key the author has not yet trusted: summary and
    export said each one "left out: untrusted-key" and nothing of what to do, where `verify`
    of the same file gives the `minecheck trust add` that counts it. Now the first file of each
    such signer carries it at a terminal (one signer's 30 files are not told it 30 times), and
    every one in `--json`."""
    monkeypatch.chdir(tmp_path)
    alice, bob = person(tmp_path, "alice"), person(tmp_path, "bob")
    Path("d").mkdir()
    Path("d/a.toml").write_bytes(findings(alice, ["noncompliant", "compliant", "compliant"]))
    bad = ["compliant", "noncompliant", "compliant"]
    Path("d/b1.toml").write_bytes(findings(bob, bad, 1, inspection_id=OTHER))
    Path("d/b2.toml").write_bytes(findings(bob, bad, 2, inspection_id=THIRD))
    allowed_signers(Path("trust"), alice)
    run = _month_end(cli, command, lang)
    assert run.exit_code == 0, run.stderr
    said = [line for line in run.stderr.splitlines() if "b1.toml" in line or "b2.toml" in line]
    at = run.stderr.splitlines().index(said[0])
    assert run.stderr.splitlines()[at : at + 3] == UNTRUSTED_SAID[lang]
    envelope = json.loads(_month_end(cli, command, lang, "--force", "--json").stdout)
    hints = [p["hint"] for p in envelope["problems"] if p["code"] == "untrusted-key"]
    assert hints == [UNTRUSTED_SAID[lang][1].split(": ", 1)[1]] * 2


REFUSED_SAID = {
    "en": [
        f"minecheck: warning: d/f.toml: event closed for {INSPECTION}/gas-check-genuine at "
        "2026-12-02T08:00:00Z not applied: closed while rectified: a hidden danger is closed "
        "only after it is accepted",
        "  hint: close it after its rectification is accepted (--action accepted), the "
        "acceptance kept beside the findings or where the closure is written",
    ],
    "zh": [
        f"minecheck: warning: d/f.toml：{INSPECTION}/gas-check-genuine 于 2026-12-02T08:00:00Z "
        "的“销号”事件未采纳：在“已整改待验收”状态下销号：隐患须验收通过后才能销号",
        "  hint: 请在整改验收（--action accepted）之后销号，验收记录放在检查结果文件旁边或销号文件"
        "所写入的文件夹中",
    ],
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("command", ["summary", "export"])
def test_an_event_not_applied_says_what_to_do(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str, lang: str
) -> None:
    """The month's closure signed before any acceptance of the rectification: summary
    and export said the event was not applied and why, and nothing of what to do, where
    `followup` gave the rule as its hint when the event was signed."""
    monkeypatch.chdir(tmp_path)
    alice = person(tmp_path, "alice")
    Path("d").mkdir()
    Path("d/a.toml").write_bytes(findings(alice, ["noncompliant", "compliant", "compliant"]))
    ref = f"{INSPECTION}/gas-check-genuine"
    day = dt.datetime(2026, 12, 1, 8, tzinfo=dt.UTC)
    events = (Event(ref, "rectified", day), Event(ref, "closed", day + dt.timedelta(days=1)))
    Path("d/f.toml").write_bytes(followup(alice, *events))
    allowed_signers(Path("trust"), alice)
    run = _month_end(cli, command, lang, "--as-of", "2026-12-31")
    assert run.exit_code == 0, run.stderr
    assert run.stderr.splitlines() == REFUSED_SAID[lang]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_rule_an_event_breaks_has_a_hint_in_each_language(lang: str) -> None:
    """Each code of formats.md's table of `refused` codes: its hint, in the language asked for."""
    from minecheck.cli._batch_inputs import refused_hint
    from minecheck.i18n import set_language
    from tests.test_export_events import _codes_in_formats_md

    set_language(lang)
    try:
        hints = {code: refused_hint(code) for code in _codes_in_formats_md()}
    finally:
        set_language("en")
    assert all(hints.values()), [code for code, hint in hints.items() if not hint]
    han = [code for code, hint in hints.items() if not re.search(r"[\u4e00-\u9fff]", hint or "")]
    assert han == ([] if lang == "zh" else list(hints)), han
