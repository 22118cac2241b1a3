"""minecheck run unattended (a cron job, a systemd service and its timer): what the log, the
exit code and the files left behind say to the person who reads them the next morning."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

# The process is sent SIGTERM (a timer's timeout, `systemctl stop`) as the named module is
# first imported: while minecheck starts, before the command's own body runs.
STOPPED_AT = textwrap.dedent(
    """
    import builtins, os, signal, sys
    real, module = builtins.__import__, sys.argv[1]
    def stopped(name, *args, **kwargs):
        if name == module:
            builtins.__import__ = real
            os.kill(os.getpid(), signal.SIGTERM)
        return real(name, *args, **kwargs)
    builtins.__import__ = stopped
    sys.argv = ["minecheck", *sys.argv[2:]]
    from minecheck.__main__ import main
    main()
    """
)


def stopped_while_importing(
    module: str, args: list[str], tmp_path: Path
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", STOPPED_AT, module, *args],
        env={**os.environ, "MINECHECK_HOME": str(tmp_path / "home")},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,  # a hang guard, not a timing assertion
    )


# the command-line framework; the command's module (what `app_for` builds); the command's body
STARTING = ["typer", "minecheck.cli._common", "minecheck.report.verdicts"]


@pytest.mark.parametrize("module", STARTING)
def test_a_stop_while_minecheck_starts_is_one_line_and_130(module: str, tmp_path: Path) -> None:
    """A SIGTERM that came while minecheck was still starting printed a Python traceback of
    some 30 lines into the job's log (a KeyboardInterrupt raised among the imports)."""
    (tmp_path / "a.toml").write_text("x = 1\n")
    done = stopped_while_importing(module, ["verify", str(tmp_path / "a.toml")], tmp_path)
    assert (done.returncode, done.stdout, done.stderr) == (
        130,
        "",
        "minecheck: error: interrupted; nothing was written\n",
    )


@pytest.mark.parametrize("module", STARTING)
def test_a_stop_while_minecheck_starts_is_an_envelope_with_json(
    module: str, tmp_path: Path
) -> None:
    (tmp_path / "a.toml").write_text("x = 1\n")
    done = stopped_while_importing(module, ["verify", str(tmp_path / "a.toml"), "--json"], tmp_path)
    assert (done.returncode, done.stderr) == (130, "")
    envelope = json.loads(done.stdout)
    assert (envelope["command"], envelope["ok"], envelope["exit_code"]) == ("verify", False, 130)
    assert [p["code"] for p in envelope["problems"]] == ["interrupted"]


# -- the trust list a job finds where it runs ------------------------------------------------
# A job that cron or a service starts has none of the shell's variables: MINECHECK_HOME unset,
# it read the trust list of the job user's own home, where there was none, and every document
# was untrusted; verify said "read <a file that is not there>; to trust the key: ..." and
# summary and export "no document could be used", with nothing to say why.

ADVICE = (
    "name the office's list with --allowed-signers FILE, or set MINECHECK_HOME to the "
    "directory that holds it (cron and services do not get your shell's variables)"
)
ALICE = "alice@mine.example"


@pytest.fixture
def untrusted(tmp_path: Path) -> Path:
    """A document signed by a key that is trusted nowhere, in a home without a trust list."""
    from minecheck.core.keys import generate
    from tests.helpers_docs import findings_body, seal_with

    key = tmp_path / "key"
    fingerprint = generate(key, ALICE, None).fingerprint()
    path = tmp_path / "doc.toml"
    path.write_bytes(seal_with(findings_body(ALICE, fingerprint), key))
    return path


def test_verify_says_the_trust_list_is_not_there_and_what_to_do(
    untrusted: Path, isolated_home: Path, cli: Any
) -> None:
    done = cli(["verify", str(untrusted)])
    assert done.exit_code == 1
    listed = isolated_home / "allowed_signers"
    assert done.stderr.splitlines()[:4] == [
        f"  no key is trusted here: there is no {listed}",
        f"  hint: {ADVICE}",
        "  to trust the key here (or --from LINES):",
        f"    minecheck trust add --principal {ALICE} --key KEY.pub",
    ]


@pytest.mark.parametrize("command", [["summary", "--format", "nl"], ["export", "--format", "csv"]])
def test_no_document_could_be_used_says_the_trust_list_is_not_there(
    command: list[str], untrusted: Path, isolated_home: Path, cli: Any
) -> None:
    done = cli([command[0], str(untrusted), *command[1:]])
    assert done.exit_code == 2
    listed = isolated_home / "allowed_signers"
    assert done.stderr.splitlines()[-2:] == [
        "minecheck: error: no document could be used: no key is trusted here: there is no "
        f"{listed}",
        f"  hint: {ADVICE}",
    ]
    envelope = cli([command[0], str(untrusted), *command[1:], "--json"]).json()
    assert envelope["problems"][-1]["hint"] == ADVICE


@pytest.mark.parametrize(
    "command", [["verify"], ["summary", "--format", "nl"], ["export", "--format", "csv"]]
)
def test_a_trust_list_there_or_named_is_not_said_missing(
    command: list[str], untrusted: Path, isolated_home: Path, cli: Any, tmp_path: Path
) -> None:
    named = tmp_path / "office_signers"
    named.write_text("")
    args = [command[0], str(untrusted), *command[1:]]
    assert "there is no" not in cli([*args, "--allowed-signers", str(named)]).stderr
    isolated_home.mkdir(parents=True, exist_ok=True)
    (isolated_home / "allowed_signers").write_text("")  # (no one trusted yet, as made)
    done = cli(args)
    assert "there is no" not in done.stderr
    assert ADVICE not in done.stderr


def test_the_trust_list_not_there_in_chinese(
    untrusted: Path, isolated_home: Path, cli: Any
) -> None:
    done = cli(["summary", str(untrusted), "--lang", "zh"])
    listed = isolated_home / "allowed_signers"
    assert done.stderr.splitlines()[-2:] == [
        f"minecheck: error: 没有可用的文件：本机不信任任何密钥：没有 {listed}",
        "  hint: 用 --allowed-signers FILE 指定本单位的信任文件，或把 MINECHECK_HOME 设为其所在目录"
        "（cron 和系统服务不会继承您 shell 中的变量）",
    ]


@pytest.mark.parametrize("option", ["--allowed-signers", "--revoked-keys"])
@pytest.mark.parametrize(
    ("lang", "hint"), [("en", "name the file itself"), ("zh", "请指定文件本身")]
)
def test_a_trust_file_named_by_its_directory_says_to_name_the_file(
    cli: Any, tmp_path: Path, option: str, lang: str, hint: str
) -> None:
    """A job's command line names the office's trust directory where the file was meant
    (`--allowed-signers /srv/minecheck/home`): said, with what to do, not only "not a regular
    file"."""
    folder = tmp_path / "home"
    folder.mkdir()
    (tmp_path / "f.toml").write_text("[minecheck]\n", encoding="utf-8")
    run = cli(["verify", option, str(folder), str(tmp_path / "f.toml"), "--lang", lang])
    assert (run.exit_code, run.stdout) == (2, "")
    error, advice = run.stderr.splitlines()[-2:]
    assert error == f"minecheck: error: {folder}: not a regular file (a directory)" or lang == "zh"
    assert str(folder) in error
    assert advice.startswith("  hint: ")
    assert hint in advice
