"""What the Chinese guides' scripts print for a person is in Chinese, also under cron (the C
locale, no MINECHECK_LANG): every command whose messages reach a person is given `--lang zh`;
a command whose output is for a program (`--json`: the envelope on stdout, nothing on stderr)
is not."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.helpers_cron import as_cron
from tests.helpers_merge import allowed_signers, findings, person

# A script the guide writes with `cat > NAME <<'MARK'`, and the guide it is in.
SCRIPTS = {
    "monthly-report.sh": "guide-monthly-report.zh.md",
    "nightly.sh": "guide-monthly-report.zh.md",
    "monday.sh": "guide-followup.zh.md",
}


def script(name: str) -> str:
    text = (REPO / "docs" / SCRIPTS[name]).read_text(encoding="utf-8")
    found = re.search(rf"cat > {re.escape(name)} <<'(\w+)'\n(.*?)\n\1\n", text, re.DOTALL)
    assert found is not None, name
    return found.group(2) + "\n"


def command_lines(name: str) -> list[str]:
    return [line for line in script(name).splitlines() if re.match(r"\s*minecheck ", line)]


@pytest.mark.parametrize("name", SCRIPTS)
def test_every_command_a_person_reads_is_given_lang_zh(name: str) -> None:
    """Without `--lang zh` a command under cron speaks English: its warnings and errors, mailed
    or logged, were English in the Chinese scripts (`export` in both monthly-report.sh and
    nightly.sh, monday.sh's `export`)."""
    lines = command_lines(name)
    assert lines
    for line in lines:
        assert ("--json" in line) != ("--lang zh" in line), line


def cron(tmp_path: Path, name: str, *args: str) -> subprocess.CompletedProcess[str]:
    """The script run as cron runs it over a folder of two files, one by a key not trusted:
    the C locale, no MINECHECK_LANG, stdin from /dev/null."""
    (tmp_path / name).write_text(script(name))
    (tmp_path / name).chmod(0o755)
    alice, bob = person(tmp_path, "alice"), person(tmp_path, "bob")
    home = tmp_path / "home"
    home.mkdir()
    allowed_signers(home / "allowed_signers", alice)
    (tmp_path / "incoming").mkdir()
    (tmp_path / "incoming" / "alice.toml").write_bytes(findings(alice, ["compliant"] * 3))
    (tmp_path / "incoming" / "bob.toml").write_bytes(findings(bob, ["compliant"] * 3))
    return as_cron(tmp_path, [f"./{name}", *args], home)


def test_the_monthly_script_mails_a_file_left_out_in_chinese(tmp_path: Path) -> None:
    """cron mails the script's stderr: `export`'s warning of the file it left out was English."""
    done = cron(tmp_path, "monthly-report.sh", "incoming", "reports")
    month = next((tmp_path / "reports").iterdir()).name
    assert (done.returncode, done.stdout) == (0, "")
    left_out = (
        "minecheck: warning: incoming/bob.toml：未计入：untrusted-key："
        "签名密钥不在 allowed_signers 中\n"
    )
    hint = (  # (the way to count it: author6's hint, in Chinese too)
        "  hint: 要计入它，请信任签名人亲手交给您的公钥（或 --from LINES）："
        "minecheck trust add --principal bob@coal.example --key KEY.pub\n"
    )
    assert done.stderr == f"有文件未受信任：见 reports/{month}/verify.txt\n" + (left_out + hint) * 2


def test_the_nightly_script_logs_a_file_left_out_in_chinese(tmp_path: Path) -> None:
    done = cron(tmp_path, "nightly.sh", str(tmp_path / "incoming"), str(tmp_path / "nightly"))
    assert done.returncode == 1
    assert "not in allowed_signers" not in done.stdout + done.stderr
    assert done.stderr.count("签名密钥不在 allowed_signers 中") == 2
