"""Found by a provincial report author with a month's archive: the bad inputs a shared drive
holds, said as a report author counts them."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from tests.helpers_merge import (
    INSPECTION,
    allowed_signers,
    findings,
    make_merged,
    person,
    store_for,
)

OTHER = "5c7e9a1b-3d5f-4a6b-8c0d-1e2f3a4b5c6d"

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
