"""What a trainer met following the day's changed guides in both languages: the keys guide's
restore hint for a mailed file, whose check of the copy (`minecheck verify ... COPY`) judged trust
otherwise than the command that gave it, and the Chinese follow-up guide's escalation said with
two verbs."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Any

import pytest

from tests.helpers_merge import Who
from tests.test_enterprise import DAMAGES, inspector, received, signed, trust

__all__ = ["inspector", "trust"]  # (the fixtures)

COPY = "xinxing-as-signed.toml"


def _advised_check(stderr: str) -> list[str]:
    """The words of the one `minecheck verify` line of the restore hint, as pasted."""
    [line] = [each for each in stderr.splitlines() if each.startswith("    minecheck verify ")]
    return shlex.split(line)


def _copied(path: Path, stderr: str) -> None:
    """The hint's first command run as pasted (`tr -d '\\r' < F > COPY`)."""
    [line] = [each for each in stderr.splitlines() if each.startswith("    tr -d ")]
    copy = Path(shlex.split(line)[-1])
    copy.write_bytes(path.read_bytes().replace(b"\r", b""))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_restore_hint_checks_the_copy_at_the_time_asked_for(
    cli: Any, tmp_path: Path, inspector: Who, lang: str
) -> None:
    """`verify --at now F` on a mailed file, signed inside its key's window (29 November) by a
    key that expired on 1 December, advised `minecheck verify --allowed-signers A COPY`:
    pasted, it judged the window at the signed time and called the copy trusted (exit 0),
    where the reader had asked for the present. The advised check carries `--at now`."""
    public = inspector.key.with_suffix(".pub").read_text(encoding="utf-8")
    allowed = tmp_path / "allowed_signers"
    allowed.write_text(f'{inspector.principal} valid-before="20261201Z" {public}')
    options = ["--allowed-signers", str(allowed), "--at", "now"]
    path = received(tmp_path, DAMAGES["crlf"](signed(inspector)))
    run = cli(["verify", *options, str(path), "--lang", lang])
    assert run.exit_code == 1, run.stderr
    _copied(path, run.stderr)
    advised = _advised_check(run.stderr)
    assert advised == ["minecheck", "verify", *options, str(path.with_name(COPY))]
    pasted = cli(advised[1:])
    assert pasted.exit_code == 1, pasted.stdout
    assert ": key-expired: " in pasted.stdout


@pytest.mark.parametrize("command", ["verify", "show"])
def test_the_restore_hint_checks_the_copy_against_the_revocation_list_given(
    cli: Any, tmp_path: Path, inspector: Who, trust: list[str], command: str
) -> None:
    """`--revoked-keys R` named the list the reader meant (one that revokes nothing here);
    the advised check read the default one instead, which another office's revocation may
    fill. It names the same list, as the summary's hint names its trust files."""
    revoked = tmp_path / "revoked-none"
    revoked.write_text("")
    options = [*trust, "--revoked-keys", str(revoked)]
    path = received(tmp_path, DAMAGES["crlf"](signed(inspector)))
    run = cli([command, *options, str(path)])
    assert run.exit_code == (1 if command == "verify" else 2), run.stderr
    advised = _advised_check(run.stderr)
    assert advised == ["minecheck", "verify", *options, str(path.with_name(COPY))]


def test_the_chinese_escalation_says_the_act_as_its_record_does() -> None:
    """The Chinese follow-up guide said Wang 提交 (submits) the case to the provincial bureau and
    had him record 已移交省局 (handed over): one act, two verbs, where the English guide says
    "refers" and records "Referred". The sentence uses the record's word."""
    from tests.conftest import REPO

    text = (REPO / "docs" / "guide-followup.zh.md").read_text(encoding="utf-8")
    said = text[text.index("王伟回头看检查时") : text.index("--action escalated")]
    assert '--note "已移交省局"' in text[text.index("--action escalated") :][:200]
    assert "移交省局" in said
    assert "提交省局" not in said


@pytest.mark.parametrize("command", ["summary", "export"])
def test_a_report_s_restore_hint_checks_the_copy_with_its_trust_files(
    cli: Any, tmp_path: Path, inspector: Who, trust: list[str], command: str
) -> None:
    """`summary` and `export` warn of a mailed file with the same hint, whose check of the copy
    named no trust file at all: pasted after `summary --allowed-signers A`, it read minecheck's
    own allowed_signers instead (here none: the inspector's copy was not trusted)."""
    revoked = tmp_path / "revoked-none"
    revoked.write_text("")
    options = [*trust, "--revoked-keys", str(revoked)]
    path = received(tmp_path, DAMAGES["crlf"](signed(inspector)))
    run = cli([command, *options, str(path), *(["--format", "csv"] if command == "export" else [])])
    _copied(path, run.stderr)
    advised = _advised_check(run.stderr)
    assert advised == ["minecheck", "verify", *options, str(path.with_name(COPY))]
    pasted = cli(advised[1:])
    assert pasted.exit_code == 0, pasted.stdout


def test_the_restore_hint_checks_the_copy_s_evidence_when_asked(
    cli: Any, tmp_path: Path, inspector: Who, trust: list[str]
) -> None:
    """`verify --evidence` exits 1 when an evidence file is changed or missing; the advised
    check of the copy dropped `--evidence`, so pasted it checked the signature alone and could
    exit 0 for a file whose photograph had been replaced. It asks for the evidence too."""
    options = [*trust, "--evidence"]
    path = received(tmp_path, DAMAGES["crlf"](signed(inspector)))
    run = cli(["verify", *options, str(path)])
    assert run.exit_code == 1, run.stderr
    advised = _advised_check(run.stderr)
    assert advised == ["minecheck", "verify", *options, str(path.with_name(COPY))]
