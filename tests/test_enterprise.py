"""The mine's safety officer: a findings file received by mail, read for what the mine must do."""

from __future__ import annotations

import datetime as dt
import shlex
import subprocess
from pathlib import Path
from typing import Any

import pytest

from minecheck.core.documents import Finding
from tests.helpers_merge import Who, allowed_signers, findings_of, person

INSPECTION = "0b7e4c1a-2d3f-4a5b-8c6d-7e8f9a0b1c2d"
RECEIVED = "收件 inbox"  # a folder name with a space: the advice must quote it


@pytest.fixture
def inspector(tmp_path: Path) -> Who:
    return person(tmp_path, "wang")


@pytest.fixture
def trust(tmp_path: Path, inspector: Who) -> list[str]:
    return ["--allowed-signers", str(allowed_signers(tmp_path / "allowed_signers", inspector))]


def signed(inspector: Who) -> bytes:
    row = Finding(
        "gas-overlimit",
        "noncompliant",
        severity="major",
        basis=("CMHD-5.2",),
        description="Work went on after methane passed 1.5 %",
        location="1201 return airway",
        measures="Repair the methane cut-off relay; retrain the shift leaders",
        responsible="Production section, Li Gang",
        deadline=dt.date(2026, 12, 15),
        enforcement="HLJ-MS-2026-0412",
    )
    return findings_of(
        inspector, [row], "6f1c2a4e-8b3d-4f7a-9c2e-1d5b7a9e3f01", inspection_id=INSPECTION
    )


def received(tmp_path: Path, data: bytes) -> Path:
    folder = tmp_path / RECEIVED
    folder.mkdir(exist_ok=True)
    path = folder / "xinxing.toml"
    path.write_bytes(data)
    return path


DAMAGES = {
    "crlf": lambda data: data.replace(b"\n", b"\r\n"),
    "bom": lambda data: b"\xef\xbb\xbf" + data,
}


@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_verify_says_how_to_undo_what_a_mail_program_did(
    cli: Any, tmp_path: Path, inspector: Who, trust: list[str], damage: str
) -> None:
    """A findings file whose line endings (or a BOM) a mail program or an editor changed: verify
    says how to get back the bytes that were signed, and the command it advises does so."""
    original = signed(inspector)
    path = received(tmp_path, DAMAGES[damage](original))
    run = cli(["verify", *trust, str(path)])
    assert run.exit_code == 1
    assert run.stdout.startswith(f"{path}: malformed: ")
    lines = run.stderr.splitlines()
    hints = [i for i, line in enumerate(lines) if line.startswith("  hint: ")]
    assert len(hints) == 1, run.stderr
    hint = "\n".join(lines[hints[0] : hints[0] + 5])
    copy = path.with_name("xinxing-as-signed.toml")
    assert shlex.quote(str(path)) in hint
    assert shlex.quote(str(copy)) in hint
    assert "ask the sender" in hint
    # the advised command, run as given, restores the signed bytes exactly
    assert lines[hints[0]] == "  hint: to get back the file as it was signed:"
    command = lines[hints[0] + 1].removeprefix("    ")
    subprocess.run(["sh", "-c", command], check=True)
    assert copy.read_bytes() == original
    again = cli(["verify", *trust, str(copy)])
    assert again.exit_code == 0, again.stderr
    assert again.stdout.startswith(f"{copy}: trusted: ")


@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_verify_in_chinese_says_it_in_chinese(
    cli: Any, tmp_path: Path, inspector: Who, trust: list[str], damage: str
) -> None:
    path = received(tmp_path, DAMAGES[damage](signed(inspector)))
    run = cli(["verify", *trust, "--lang", "zh", str(path)])
    assert run.exit_code == 1
    lines = run.stderr.splitlines()
    [at] = [i for i, line in enumerate(lines) if line.startswith("  hint: ")]
    assert lines[at] == "  hint: 恢复为签署时的原文件："
    assert lines[at + 2] == "  然后核验（由签名判断它是否为签名人的原文件）："
    assert lines[at + 4].startswith("  或请发件人")


def test_show_of_a_file_with_changed_line_endings_says_how_to_restore_it(
    cli: Any, tmp_path: Path, inspector: Who, trust: list[str]
) -> None:
    path = received(tmp_path, DAMAGES["crlf"](signed(inspector)))
    run = cli(["show", *trust, str(path)])
    assert run.exit_code == 2
    lines = run.stderr.splitlines()
    assert lines[-6].startswith(f"minecheck: error: {path}: malformed: ")
    assert lines[-5] == "  hint: to get back the file as it was signed:"
    assert lines[-4].startswith("    tr -d '\\r'")


@pytest.mark.parametrize("command", ["summary", "export"])
def test_a_report_that_leaves_such_a_file_out_says_how_to_restore_it(
    cli: Any, tmp_path: Path, inspector: Who, trust: list[str], command: str
) -> None:
    """The mine's officer summarises the folder of received files: the one a mail program
    changed was left out with no word on what to do. The same hint follows its line, and
    --json carries it with the problem."""
    path = received(tmp_path, DAMAGES["crlf"](signed(inspector)))
    received(tmp_path, signed(inspector)).rename(path.with_name("kept.toml"))
    path.write_bytes(DAMAGES["crlf"](signed(inspector)))
    run = cli([command, *trust, str(path.parent)])
    assert run.exit_code == 0, run.stderr
    lines = run.stderr.splitlines()
    at = lines.index(
        f"minecheck: warning: {path}: left out: malformed: the file contains a carriage return "
        "(CR): line endings were changed"
    )
    assert lines[at + 1] == "  hint: to get back the file as it was signed:"
    assert lines[at + 2].startswith("    tr -d '\\r'")
    problems = cli([command, *trust, str(path.parent), "--json"]).json()["problems"]
    [left_out] = [p for p in problems if p.get("path") == str(path)]
    assert left_out["hint"].startswith("to get back the file as it was signed: tr -d")


def test_a_file_changed_otherwise_gets_no_such_advice(
    cli: Any, tmp_path: Path, inspector: Who, trust: list[str]
) -> None:
    """Only what is undone exactly is advised: a changed word is a bad signature, no hint."""
    data = signed(inspector).replace(b"1201 return", b"1202 return")
    path = received(tmp_path, data)
    run = cli(["verify", *trust, str(path)])
    assert run.exit_code == 1
    assert "bad-signature" in run.stdout
    assert "hint:" not in run.stderr


@pytest.mark.parametrize(
    ("lang", "labels"),
    [
        ("en", ("Location: ", "Rectification measures: ", "Responsible unit / person: ")),
        ("zh", ("位置：", "整改措施：", "责任单位/人：")),
    ],
)
def test_show_says_what_the_mine_must_do_where_and_who(
    cli: Any,
    tmp_path: Path,
    inspector: Who,
    trust: list[str],
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    labels: tuple[str, str, str],
) -> None:
    """The mine reads a findings file for what it must do: the place, the measures ordered,
    who answers for them, by when, and the order's number; `show` (piped to the mine's ledger
    too) gave the description and deadline only."""
    monkeypatch.setenv("COLUMNS", "400")
    path = received(tmp_path, signed(inspector))
    run = cli(["show", *trust, "--lang", lang, "--as-of", "2026-12-01", str(path)])
    assert run.exit_code == 0, run.stderr
    lines = [" ".join(line.split()) for line in run.stdout.splitlines()]
    wanted = [
        labels[0] + "1201 return airway",
        labels[1] + "Repair the methane cut-off relay; retrain the shift leaders",
        labels[2] + "Production section, Li Gang",
    ]
    at = [next(i for i, line in enumerate(lines) if line.endswith(w)) for w in wanted]
    assert at == sorted(at)
    row = next(i for i, line in enumerate(lines) if "2026-12-15" in line)
    assert row < at[0] <= row + 3
    assert any(line.endswith("HLJ-MS-2026-0412") for line in lines)


def _evidence_followup(cli: Any, tmp_path: Path, inspector: Who) -> tuple[Path, Path]:
    """The mine reports a rectification with a photo, then the photo's name is changed (a mail
    program saves an attachment as ATT00001.jpg): the follow-up and the photo as received."""
    mine = person(tmp_path, "zhao")
    folder = tmp_path / "ledger"
    (folder / "evidence").mkdir(parents=True)
    (folder / "xinxing.toml").write_bytes(signed(inspector))
    photo = folder / "evidence" / "现场照片 1.jpg"
    photo.write_bytes(b"\xff\xd8 the relay, repaired")
    run = cli(
        [
            *("followup", "0b7e4c1a/gas-overlimit", "--action", "rectified"),
            *("--findings", str(folder / "xinxing.toml"), "--evidence", str(photo)),
            *("--at", "2026-12-01T08:00:00Z", "--key", str(mine.key)),
            *("-o", str(folder / "fu-rectified.toml")),
        ]
    )
    assert run.exit_code == 0, run.stderr
    allowed_signers(tmp_path / "allowed_signers", inspector, mine)
    (folder / "evidence" / "other.jpg").write_bytes(b"\xff\xd8 another photo, same length")
    renamed = photo.with_name("ATT00001.jpg")
    photo.rename(renamed)
    return folder / "fu-rectified.toml", renamed


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "evidence/ATT00001.jpg in the same folder has the recorded size and SHA-256"),
        ("zh", "同一目录中的 evidence/ATT00001.jpg 与记录的大小和 SHA-256 相同"),
    ],
)
def test_verify_evidence_names_the_renamed_copy_of_a_missing_file(
    cli: Any, tmp_path: Path, inspector: Who, trust: list[str], lang: str, said: str
) -> None:
    followup, _ = _evidence_followup(cli, tmp_path, inspector)
    run = cli(["verify", "--evidence", "--lang", lang, *trust, str(followup)])
    assert run.exit_code == 1
    line = run.stdout.splitlines()[1]
    assert line.startswith(f"{followup}: evidence-missing: evidence/现场照片 1.jpg: ")
    assert said in line


def test_verify_evidence_names_no_copy_when_none_has_the_content(
    cli: Any, tmp_path: Path, inspector: Who, trust: list[str]
) -> None:
    followup, renamed = _evidence_followup(cli, tmp_path, inspector)
    renamed.write_bytes(b"\xff\xd8 the relay, REPAIRED")  # same size, other bytes
    run = cli(["verify", "--evidence", *trust, str(followup)])
    assert run.exit_code == 1
    assert run.stdout.splitlines()[1] == (
        f"{followup}: evidence-missing: evidence/现场照片 1.jpg: the file does not exist"
    )


@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_verify_json_carries_the_restoring_hint_with_the_file(
    cli: Any, tmp_path: Path, inspector: Who, trust: list[str], damage: str
) -> None:
    """A script that reads `verify --json` gets the same advice a person reads on stderr, with
    the file it is about (it was on stderr only, and --json keeps stderr quiet)."""
    path = received(tmp_path, DAMAGES[damage](signed(inspector)))
    said = cli(["verify", *trust, str(path)]).stderr.splitlines()
    [at] = [i for i, line in enumerate(said) if line.startswith("  hint: ")]
    # (the hint's lines, on one: a command's line after its sentence's, a blank between)
    hint = " ".join(line.strip() for line in said[at : at + 5]).removeprefix("hint: ")
    run = cli(["verify", *trust, str(path), "--json"])
    assert run.exit_code == 1
    assert run.stderr == ""
    [entry] = run.json()["data"]["files"]
    assert entry["status"] == "malformed"
    assert entry["hint"] == hint


def test_verify_json_gives_no_hint_to_a_file_that_needs_none(
    cli: Any, tmp_path: Path, inspector: Who, trust: list[str]
) -> None:
    path = received(tmp_path, signed(inspector))
    [entry] = cli(["verify", *trust, str(path), "--json"]).json()["data"]["files"]
    assert entry["status"] == "trusted"
    assert "hint" not in entry
