"""Mutation round 110: what the mutants of the session's later merges (the names an answers
file may not hold, a signed file saved again in GB18030, minecheck's own trust file linked to
a device, the --findings files and the findings below, an events file's hints) showed
untested."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path
from typing import Any

import pytest

from minecheck import paths
from tests.helpers_docs import findings_body, seal_with
from tests.helpers_merge import Who, allowed_signers
from tests.test_cli_sign_rules import who
from tests.test_encodings5 import ANSWERS
from tests.test_expert_panel import REF, panel
from tests.test_loose_ends18 import ANSWERS_REFUSED, OPTIONAL_NAMED, RESAVED_SAID, RESTORE
from tests.test_loose_ends19 import _archive
from tests.test_minimal_input import sign_args
from tests.test_windows_files3 import CHECKLIST

__all__ = ["panel", "who"]  # the fixtures


def _answered(cli: Any, who: Who, responsible: str, lang: str) -> Any:
    """`inspect --answers` of an answers file whose one finding names `responsible`."""
    text = ANSWERS.replace("deadline =", f'responsible = "{responsible}", deadline =')
    Path("a.toml").write_text(text, encoding="utf-8")
    args = ["inspect", CHECKLIST, "--site", "M", "--answers", "a.toml", "-o", "out.toml"]
    return cli([*args, "--allow-incomplete", *sign_args(who), "--lang", lang])


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("blank", [" ", "\u3000"])
def test_an_answers_file_s_responsible_of_blanks_alone_is_refused(
    cli: Any, who: Who, blank: str, lang: str
) -> None:
    """A responsible of blanks alone (a space, the ideographic space a Chinese input method
    types) names no one: refused as a name with an invisible character is, nothing written."""
    run = _answered(cli, who, blank, lang)
    said = OPTIONAL_NAMED[lang].format(option="responsible")
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == ANSWERS_REFUSED[lang].format(said=said)
    assert not Path("out.toml").exists()


def test_an_answers_file_s_responsible_left_empty_is_not_given(cli: Any, who: Who) -> None:
    """An empty responsible is an optional name not given, not a name refused: the findings
    are signed without it, as the walk leaves it out left empty."""
    run = _answered(cli, who, "", "en")
    assert (run.exit_code, run.stdout) == (0, "out.toml\n")
    assert "responsible" not in Path("out.toml").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("name", ["Bjørn Olsen", "王\U00020bb7"])
def test_a_signed_file_saved_again_in_gb18030_with_a_character_gbk_lacks_is_told_the_command(
    cli: Any, who: Who, name: str, lang: str
) -> None:
    """An editor set to GB18030 writes a character GBK lacks (a foreign name's ø, a name's rare
    character of Extension B) in four bytes: the text read as GB18030 is what was signed, and
    the command given gives it back byte for byte (read as GBK, it could not be read)."""
    body = findings_body(who.principal, who.fingerprint, site="新兴煤矿", description=name)
    signed = seal_with(body, who.key)
    allowed_signers(Path("allowed"), who)
    saved = signed.decode("utf-8").encode("gb18030")
    Path("f.toml").write_bytes(saved)
    run = cli(["verify", "--allowed-signers", "allowed", "f.toml", "--lang", lang])
    said = RESAVED_SAID["gbk", lang]
    assert (run.exit_code, run.stdout) == (
        1,
        f"f.toml: bad-signature: {said} ({who.fingerprint})\n",
    )
    command = "iconv -f GB18030 -t UTF-8 f.toml > f-as-signed.toml"
    assert run.stderr == "\n".join(RESTORE[lang]).format(command=command) + "\n"
    with Path("f-as-signed.toml").open("wb") as out:
        subprocess.run(["iconv", "-f", "GB18030", "-t", "UTF-8", "f.toml"], stdout=out, check=True)
    assert Path("f-as-signed.toml").read_bytes() == signed


def test_minecheck_s_own_trust_file_linked_to_a_device_is_not_called_a_directory(
    cli: Any,
) -> None:
    """minecheck's own allowed signers file made a link to /dev/null (to empty the list) is no
    regular file, said so, with the hint every special file at minecheck's own trust path has
    (loose ends 25), not the directory's."""
    own = paths.allowed_signers_file()
    own.parent.mkdir(parents=True, exist_ok=True)
    own.symlink_to("/dev/null")
    listed = cli(["trust", "list"])
    assert (listed.exit_code, listed.stdout) == (2, "")
    assert listed.stderr == (
        f"minecheck: error: {own}: not a regular file (a character device)\n"
        "  hint: minecheck keeps its own allowed_signers file here: move it away\n"
    )


def test_with_findings_named_the_findings_below_are_not_looked_for(
    cli: Any, panel: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """With --findings, only those files are read for the inspections: a prefix they do not
    hold is refused, though a findings file below the current directory holds it."""
    records = _archive(cli, panel)
    monkeypatch.chdir(records)
    mine = panel["people"]["mine"]
    short = f"{REF[:8]}/gas-overlimit"
    who = ["--key", str(mine.key), "--signer", mine.principal]
    args = ["followup", short, "--action", "rectified", "--note", "x", *who]
    run = cli([*args, "--findings", "findings/other.toml", "--at", "2026-12-01T08:00:00Z"])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == (
        f"none of the --findings files holds inspection '{REF[:8]}'\n"
        "minecheck: error: the command line: the events cannot be used; nothing was written\n"
    )


EXTENDED_TOO_EARLY = f"""\
[[event]]
finding = "{REF}"
action = "extended"
note = "the mine asked in writing"
new_deadline = 2026-12-02
at = 2026-12-05T08:00:00Z
"""


def test_an_events_file_s_extension_to_a_day_already_past_is_hinted_by_its_key(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An events file's extension to a day not after the day it is made (the findings' deadline
    before both): the hint names the file's key, `new_deadline`, not `--new-deadline`, which
    `--events` refuses beside it."""
    from tests.helpers_merge import findings, person

    wang = person(tmp_path, "wang")
    monkeypatch.chdir(tmp_path)
    results = ["compliant", "noncompliant", "compliant"]
    Path("x.toml").write_bytes(findings(wang, results, deadline=dt.date(2026, 11, 30)))
    Path("e.toml").write_text(EXTENDED_TOO_EARLY, encoding="utf-8")
    signing = ["--key", str(wang.key), "--signer", wang.principal, "--findings", "x.toml"]
    run = cli(["followup", "--events", "e.toml", *signing, "-o", "a.toml"])
    assert (run.exit_code, run.stdout) == (0, "a.toml\n")
    assert run.stderr.endswith(
        "  hint: an extension moves the deadline later: give a day after 2026-12-04 "
        "(new_deadline)\n"
    )
