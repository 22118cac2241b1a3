"""Found by an attacker on the day's changes: the --fail-on gate's pasted export, the officer's
Monday script, the stock section and the site-without-code warning."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.helpers_merge import ITEMS, allowed_signers, findings, person

MINECHECK = Path(sys.executable).with_name("minecheck")  # the installed console script
AS_OF = "2026-12-05"
BAD = ["noncompliant"] * len(ITEMS)
HINT = {"en": "  hint: to list them: ", "zh": "  hint: 逐项列出"}


def _run(*args: str, cwd: Path, input: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "400", "TZ": "UTC"}  # (named in the hint)
    return subprocess.run([str(MINECHECK), *args], cwd=cwd, capture_output=True, env=env,
                          input=input, check=False)  # fmt: skip


def _signed(tmp_path: Path, site: str = "Xinan mine", n: int = 0) -> tuple[bytes, Path]:
    who = person(tmp_path, f"wang{n}")
    data = findings(
        who,
        BAD,
        n,
        inspection_id=f"00000000-0000-4000-8000-{n:012d}",
        site=site,
        when=dt.datetime(2026, 12, 2, tzinfo=dt.UTC),
        deadline=dt.date(2026, 12, 20),
    )
    return data, allowed_signers(tmp_path / f"allowed{n}", who)


def _gate(name: str, allowed: str, folder: Path, language: str) -> bytes:
    run = _run(
        *("summary", "--lang", language, "--allowed-signers", allowed, "--as-of", AS_OF),
        *("--format", "csv", "--fail-on", "any", "--", name),
        cwd=folder,
    )
    assert run.returncode == 1, run.stderr
    # (the hint, and the command on its own line after it where it has one)
    return b"  hint: " + run.stderr.rstrip(b"\n").split(b"\n  hint: ", 1)[1]


# -- the gate's export, pasted: the very files, nothing else ----------------------------------

HOSTILE = [
    "$(touch PWNED).toml",
    "`touch PWNED`",
    "-o x",
    "--force",
    "it's; rm -f decoy",
    "a\nb.toml",
    "esc\x1b[31mred.toml",
    "\u202eevil.toml",
    os.fsdecode(b"gbk\xd6\xd0.toml"),
    "back\\slash %b\\c.toml",
]


@pytest.mark.parametrize("name", HOSTILE)
def test_the_gate_s_export_names_the_very_file_and_does_nothing_else(
    tmp_path: Path, name: str
) -> None:
    data, allowed = _signed(tmp_path)
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / name).write_bytes(data)
    (folder / "-allowed").write_bytes(allowed.read_bytes())
    (folder / "decoy").write_bytes(b"")
    before = sorted(os.listdir(folder))
    for language in ("en", "zh"):
        line = _gate(name, "-allowed", folder, language)
        command = line.split(b"minecheck export ", 1)[1]
        pasted = subprocess.run(
            [b"sh", b"-c", bytes(MINECHECK) + b" export " + command],
            cwd=folder,
            capture_output=True,
            check=False,
        )
        assert pasted.returncode == 0, pasted.stderr
        rows = pasted.stdout.decode().count("\n00000000-0000-4000-8000-000000000000,")
        assert rows == len(ITEMS)
        assert sorted(os.listdir(folder)) == before


def test_a_name_ending_in_a_line_break_is_said_as_the_same_paths(tmp_path: Path) -> None:
    """`$(...)` drops a line break at the end of what it gives: the pasted export named
    `trail`, here another inspector's file. Such a name is said as "the same paths" (or "the
    same trust options", for a trust file)."""
    data, allowed = _signed(tmp_path)
    decoy, _ = _signed(tmp_path, "Decoy mine", 1)
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "trail\n").write_bytes(data)
    (folder / "trail").write_bytes(decoy)
    (folder / "plain.toml").write_bytes(data)
    (folder / "allowed\n").write_bytes(allowed.read_bytes())
    said = {
        "trail\n": ("the same paths", f"--allowed-signers {allowed} "),
        "plain.toml": ("the same paths and trust options", ""),
    }
    for name, trust in (("trail\n", str(allowed)), ("plain.toml", "allowed\n")):
        line = _gate(name, trust, folder, "en")
        what, options = said[name]
        assert line.decode() == (
            f"  hint: to list them, add {what} to:\n"
            f"    TZ=UTC minecheck export {options}--as-of {AS_OF} --format csv"
        )
        assert _gate(name, trust, folder, "zh").decode().startswith(HINT["zh"])


def test_the_same_paths_keep_the_trust_options(tmp_path: Path) -> None:
    """Paths read on standard input (or many) are said as "the same paths": the trust list and
    --include-untrusted were left out, and the export so advised judged trust otherwise."""
    data, allowed = _signed(tmp_path)
    (tmp_path / "a.toml").write_bytes(data)
    for language, said in (
        ("en", "  hint: to list them, add the same paths to:"),
        ("zh", "  hint: 逐项列出：在以下命令中加上相同的路径："),
    ):
        run = _run(
            *("summary", "-", "--allowed-signers", str(allowed), "--include-untrusted"),
            *("--as-of", AS_OF, "--format", "csv", "--fail-on", "any", "--lang", language),
            cwd=tmp_path,
            input=b"a.toml\n",
        )
        assert run.returncode == 1, run.stderr
        assert run.stderr.decode().splitlines()[-2:] == [
            said,
            f"    TZ=UTC minecheck export --allowed-signers {allowed} --include-untrusted "
            f"--as-of {AS_OF} --format csv",
        ]


# -- the officer's Monday script: what it reads from an export, shown ---------------------------

GUIDES = Path(__file__).resolve().parent.parent / "docs"


def _monday_script(guide: str) -> str:
    text = (GUIDES / guide).read_text(encoding="utf-8")
    return text.split("cat > monday.sh <<'EOF'\n", 1)[1].split("\nEOF\n", 1)[0] + "\n"


@pytest.mark.skipif(shutil.which("jq") is None, reason="the recipe reads the export with jq")
@pytest.mark.parametrize("guide", ["guide-followup.md", "guide-followup.zh.md"])
def test_the_monday_script_shows_no_control_character_of_a_site_name(
    tmp_path: Path, guide: str
) -> None:
    """A site name from a signed file reached the officer's terminal (or cron's mail) as it was:
    jq's @tsv escapes a tab and a line break, not an escape sequence nor a bidi override. The
    recipe shows such characters as `?` now; the rest of the line is as before."""
    hostile = "Xinan\x1b]0;pwned\x07\x1b[2J mine\u202e\u2028\x85\ue000"
    data, allowed = _signed(tmp_path, hostile)
    records = tmp_path / "records"
    records.mkdir()
    (records / "xinan.toml").write_bytes(data)
    (tmp_path / "allowed_signers").write_bytes(allowed.read_bytes())
    script = tmp_path / "monday.sh"
    script.write_text(_monday_script(guide), encoding="utf-8")
    env = {**os.environ, "PATH": f"{MINECHECK.parent}{os.pathsep}{os.environ['PATH']}"}
    run = subprocess.run(
        ["sh", str(script), "wang0@coal.example", "2026-12-21"],
        cwd=tmp_path,
        capture_output=True,
        env=env,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    out = run.stdout.decode()
    overdue = out.split("== ", 2)[1].splitlines()[1:]
    assert len(overdue) == len(ITEMS)
    for line in overdue:
        fields = line.split("\t")
        assert fields[2] == "Xinan?]0;pwned??[2J mine????"
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\ue000]", out)


# -- a passphrase file with the key type in it, given for a list of keys ------------------------

ALMOST = "correct horse ssh-ed25519 staple"  # a passphrase that holds the key type's word


@pytest.mark.parametrize(
    "args",
    [
        ["verify", "a.toml", "--revoked-keys", "secret"],
        ["verify", "a.toml", "--allowed-signers", "secret"],
        ["trust", "add", "--from", "secret"],
        ["trust", "add", "--principal", "alice@coal.example", "--key", "secret"],
        ["trust", "revoke", "secret"],
    ],
    ids=["revoked-keys", "allowed-signers", "trust-add-from", "trust-add", "revoke"],
)
def test_a_passphrase_holding_the_key_type_is_not_quoted(
    cli: Any, tmp_path: Path, isolated_home: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    """A line with the word ssh-ed25519 on it counted as a line with a key: its other words
    were quoted (`unknown option "horse"`, `found "correct"`, `key type 'correct'`). A line
    is taken for a key's only where a key's base64 is on it."""
    data, _ = _signed(tmp_path)
    monkeypatch.chdir(tmp_path)
    Path("a.toml").write_bytes(data)
    secret = Path("secret")
    secret.write_text(ALMOST + "\n")
    secret.chmod(0o600)
    for json in (False, True):
        run = cli([*args, *(["--json"] if json else [])])
        assert run.exit_code == 2
        said = run.stdout + run.stderr
        assert [w for w in ALMOST.split() if w in said and w != "ssh-ed25519"] == []
