"""Loose ends, round 15: the time of an event not applied in the report's own zone, a `.pub`
that is a link or a folder in every command that reads it, ..."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from minecheck.core.documents import Event
from minecheck.core.sanitize import shell_word
from tests.helpers_merge import INSPECTION, allowed_signers, findings, person
from tests.test_attack28 import PUB_LINK_HINT
from tests.test_cli_keys_rules import ALICE, ssh_keygen
from tests.test_export import followup
from tests.test_loose_ends13 import FOLDER
from tests.test_minimal_input import MINIMAL_FOLLOWUP
from tests.test_minimal_input import REF as FOLLOWED

# Signed near midnight in Beijing: 22:37:17 UTC is 06:37:17 on the next day there
NEAR_MIDNIGHT = dt.datetime(2026, 12, 6, 22, 37, 17, tzinfo=dt.UTC)
REF = f"{INSPECTION}/gas-check-genuine"


def _an_event_not_applied(tmp_path: Path) -> Path:
    """A folder of a major hidden danger and a follow-up accepting it while it is open (not
    applied), signed at NEAR_MIDNIGHT; `allowed_signers` beside it."""
    alice = person(tmp_path, "alice")
    allowed_signers(tmp_path / "allowed_signers", alice)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.toml").write_bytes(findings(alice, ["noncompliant", "compliant", "compliant"]))
    event = Event(REF, "accepted", NEAR_MIDNIGHT, method="self")
    (docs / "f.toml").write_bytes(followup(alice, event))
    return docs


def _summary(cli: Any, docs: Path, lang: str, *args: str) -> Any:
    allowed = str(docs.parent / "allowed_signers")
    run = cli(["summary", str(docs), "--allowed-signers", allowed, "--lang", lang, *args])
    assert run.exit_code == 0, run.stderr
    return run


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_event_not_applied_is_dated_in_the_report_s_zone(
    cli: Any, tmp_path: Path, in_zone: Callable[[str | None], None], lang: str
) -> None:
    """The report counts days in its zone (Beijing here); its list of the events not applied
    gave their time in UTC, so an event signed at 06:37 on 7 December in Beijing read as one of
    the 6th. Table, Markdown and HTML now give it in the report's zone with its offset, the
    day a reader sees being the day the report counted; JSON keeps UTC (its contract), and so
    does the warning on stderr, which names no zone."""
    docs = _an_event_not_applied(tmp_path)
    in_zone("Asia/Shanghai")
    said = "2026-12-07T06:37:17+08:00"
    md = _summary(cli, docs, lang, "--as-of", "2026-12-07", "--format", "md")
    row = [line for line in md.stdout.splitlines() if "f.toml" in line]
    assert len(row) == 1
    assert row[0].split(" | ")[3] == said
    assert "2026-12-06T22:37:17Z" in md.stderr  # the warning as before
    html = _summary(cli, docs, lang, "--as-of", "2026-12-07", "--format", "html").stdout
    assert f'<td class="t">{said}</td>' in html
    assert "22:37:17" not in html
    table = _summary(cli, docs, lang, "--as-of", "2026-12-07", "--format", "table")
    assert said in table.stdout
    assert "22:37:17" not in table.stdout
    data = json.loads(_summary(cli, docs, lang, "--as-of", "2026-12-07", "--json").stdout)
    assert data["data"]["rejected"][0]["at"] == "2026-12-06T22:37:17Z"


def test_an_event_not_applied_in_a_report_made_in_utc_is_said_as_before(
    cli: Any, tmp_path: Path, in_zone: Callable[[str | None], None]
) -> None:
    """In UTC the time keeps its `Z`, byte for byte as before; west of it the offset is the
    one in force at the event (New York in summer time for a June event would say -04:00)."""
    docs = _an_event_not_applied(tmp_path)
    in_zone("UTC")
    md = _summary(cli, docs, "en", "--as-of", "2026-12-07", "--format", "md").stdout
    assert "| accepted | 2026-12-06T22:37:17Z |" in md
    in_zone("America/New_York")
    md = _summary(cli, docs, "en", "--as-of", "2026-12-07", "--format", "md").stdout
    assert "| accepted | 2026-12-06T17:37:17-05:00 |" in md


NOT_A_FILE = {
    "en": "minecheck: {kind}: public key file {pub}: not a regular file (a directory)\n",
    "zh": "minecheck: {kind}: 公钥文件 {pub}：不是普通文件（目录）\n",
}
FOLDER_HINT = {lang: FOLDER[lang].splitlines(keepends=True)[1] for lang in ("en", "zh")}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("shape", ["link", "folder"])
def test_a_pub_that_is_a_link_or_a_folder_gets_the_command_that_makes_it_in_every_command(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, shape: str
) -> None:
    """`keys import` gives a `.pub` that is a link (round 28) or a folder (round 13) the command
    that makes it again; `keys show`, `keys list`, `sign`, `followup` and `trust revoke` (our
    own key by its fingerprint), reading the same `.pub` beside a key, refused it with no
    hint. Each gives import's hint now, the key and `.pub` named as the command names them;
    `keys list` says it under its warning and still lists the key. Nothing is written."""
    monkeypatch.chdir(tmp_path)
    ssh_keygen(tmp_path / "key", ALICE)
    ssh_keygen(tmp_path / "lone", ALICE)  # a key recorded nowhere
    assert cli(["keys", "import", "./key", "--principal", ALICE]).exit_code == 0
    fingerprint = json.loads(cli(["keys", "show", "--json"]).stdout)["data"]["fingerprint"]
    (tmp_path / "real").mkdir()
    for name in ("key", "lone"):
        pub = tmp_path / f"{name}.pub"
        pub.unlink()
        if shape == "link":
            pub.symlink_to("real")
        else:
            pub.mkdir()
    Path("f.toml").write_text(MINIMAL_FOLLOWUP)
    whole = tmp_path / "key"

    def said(kind: str, key: str, typed: str | None = None) -> str:
        """The refusal of KEY's `.pub` (named TYPED where the message names it as typed)."""
        pub = f"{key}.pub"
        command = f"ssh-keygen -y -f {shell_word(key)} > {shell_word(pub)}"
        if shape == "link":
            hint = f"{PUB_LINK_HINT[lang]}    rm {shell_word(pub)} && {command}\n"
        else:
            hint = f"{FOLDER_HINT[lang]}    {command}\n"
        return NOT_A_FILE[lang].format(kind=kind, pub=typed or pub) + hint

    error = said("error", f"{whole}")
    cases: list[tuple[list[str], str]] = [
        (["keys", "show"], error),
        (["keys", "show", "--key", "./key"], error),
        (["keys", "show", "--key", "./lone"], said("error", "lone", "./lone.pub")),
        (["sign", "f.toml", "--key", "./key"], said("error", "key", "./key.pub")),
        (["sign", "f.toml"], error),
        (["followup", FOLLOWED, "--action", "rectified"], error),
        (["trust", "revoke", fingerprint], error),
        (["keys", "import", "./key"], said("error", "key", "./key.pub")),  # (as before)
    ]
    for args, words in cases:
        run = cli([*args, "--lang", lang])
        assert (run.exit_code, run.stdout, run.stderr) == (2, "", words), args
    run = cli(["keys", "list", "--lang", lang])
    assert (run.exit_code, run.stderr) == (0, said("warning", f"{whole}"))
    assert ALICE in run.stdout  # the key still listed
    assert not Path("allowed_signers").exists()
    assert not Path("revoked_keys").exists()
    assert Path("f.toml").read_text() == MINIMAL_FOLLOWUP
    assert list((tmp_path / "real").iterdir()) == []


# A run whose Ctrl-C lands in the command's own code, the batch generator left suspended between
# two of its values (where a user's Ctrl-C lands whenever the command, not a worker, is busy),
# then what is left of the pool as the command has returned, before the interpreter cleans up.
STOPPED_OUTSIDE = textwrap.dedent(
    """
    import multiprocessing, sys
    from minecheck import __main__
    from minecheck.report import batch

    real = batch.map_items

    def stopped(*args, **kwargs):
        for i, value in enumerate(real(*args, **kwargs)):
            if i == 60:
                raise KeyboardInterrupt  # (out of the batch generator, suspended at a value)
            yield value

    batch.map_items = stopped
    if __name__ == "__main__":
        sys.argv = ["minecheck", *sys.argv[1:]]
        try:
            __main__.main()
        except SystemExit as end:
            print(end.code, multiprocessing.active_children(), flush=True)
    """
)


@pytest.mark.parametrize(
    "command", [["verify"], ["summary", "--no-cache"], ["export", "--format", "jsonl"]]
)
def test_a_stop_outside_the_batch_code_ends_the_pool_before_the_command_returns(
    tmp_path: Path, command: list[str]
) -> None:
    """Round 2 of the script writer left it open whether a stop outside the batch generator
    ends the pool only as the interpreter cleans up (joining the pool's thread first). It
    does not: the generator is closed as the command's handler of the stop lets the stop go,
    so the command says `interrupted` once, exits 130 and has no worker left when it returns.
    Tried in a pseudo-terminal on 2,409 files too (a single Ctrl-C and two in a row, at five
    moments each): no hang, no traceback. A guard: it passes on the code before."""
    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(300):
        (docs / f"{i:03d}.toml").write_bytes(b"x = %d\n" % i)
    (tmp_path / "allowed_signers").write_text("")
    out = tmp_path / "out"
    args = [*command, "--allowed-signers", str(tmp_path / "allowed_signers"), str(docs)]
    if command[0] != "verify":
        args += ["-o", str(out)]
    run = subprocess.run(
        [sys.executable, "-c", STOPPED_OUTSIDE, *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "MINECHECK_LANG": "en", "COLUMNS": "80"},
    )
    assert run.stdout.splitlines()[-1] == "130 []"
    assert f"\n{run.stderr}".endswith("\nminecheck: error: interrupted; nothing was written\n")
    assert run.stderr.count("interrupted") == 1
    assert "Traceback" not in run.stderr
    assert not out.exists()
