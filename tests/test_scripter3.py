"""A script writer's round 3: the session's new codes and warnings (`trust-unread`, the hints of
`not-applied`, names with invisible characters, a file saved again in GBK or Big5, a trust file
that cannot be read) run as a nightly job runs them: the installed console script, cron's empty
environment, `LANG=C`, `NO_COLOR`, stdout and stderr each a pipe, `--json` parsed whole."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from minecheck import paths
from tests.test_expert_panel import ACCEPT, REF, REVIEWERS, by, panel, step
from tests.test_same_second import RECTIFIED
from tests.test_scripts import SCRIPT

__all__ = ["panel"]  # the fixture


def cron(args: list[str]) -> tuple[int, Any, str]:
    """The installed script as cron runs it (no variables but these, the C locale, no colour),
    its stdout parsed as one JSON document: (exit code, envelope, stderr)."""
    env = {
        "PATH": "/usr/bin:/bin",
        "LANG": "C",
        "NO_COLOR": "1",
        "MINECHECK_HOME": os.environ["MINECHECK_HOME"],
    }
    done = subprocess.run(
        [str(SCRIPT), *args], capture_output=True, text=True, env=env, check=False
    )
    return done.returncode, json.loads(done.stdout), done.stderr


def _own_list(panel: dict[str, Any], cause: str) -> Path:
    """minecheck's own trust list, the panel's keys, made unreadable by `cause`: the file at
    fault."""
    own = paths.allowed_signers_file()
    own.parent.mkdir(parents=True, exist_ok=True)
    listed = Path(panel["trust"][1]).read_text()
    if cause == "allowed signers line":
        own.write_text(listed + "a line that names no key\n")
        return own
    own.write_text(listed)
    revoked = paths.revoked_keys_file()
    if cause == "revoked keys line":
        revoked.write_text("not a key\n")
    else:  # a link whose target is gone
        revoked.symlink_to(own.parent / "moved-away")
    return revoked


CAUSES = ["allowed signers line", "revoked keys line", "revoked keys link to nothing"]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("cause", CAUSES)
def test_trust_unread_names_the_file_at_fault_as_its_path(
    cli: Any, panel: dict[str, Any], cause: str, lang: str
) -> None:
    """`followup --json` warned `trust-unread` with the file at fault at the head of its
    message and `"path": null`: a script that lists the files to mend (`.problems[].path`)
    found none. The path is the file's, in both languages; the follow-up is written, exit 0,
    nothing on stderr."""
    step(cli, panel["people"]["mine"], "f1.toml", "2026-11-30T08:00:00Z", *RECTIFIED)
    at = _own_list(panel, cause)
    args = ["followup", REF, *ACCEPT, *REVIEWERS, "--at", "2026-12-01T08:00:00Z"]
    code, envelope, err = cron(
        [*args, *by(panel["people"]["chen"]), "-o", "a.toml", "--json", "--lang", lang]
    )
    assert (code, err, envelope["ok"]) == (0, "", True)
    [problem] = envelope["problems"]
    assert problem["code"] == "trust-unread"
    assert problem["message"].startswith(str(at))
    assert problem["path"] == str(at)
    assert Path("a.toml").is_file()


READERS = {
    "verify": ["verify"],
    "summary": ["summary"],
    "export": ["export"],
    "show": ["show"],
    "merge": ["merge", "-o", "m.toml"],
}
LISTS = {
    "allowed signers line": "allowed-signers-invalid",
    "revoked keys line": "revoked-keys-invalid",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("cause", sorted(LISTS))
@pytest.mark.parametrize("command", sorted(READERS))
def test_a_trust_file_with_a_malformed_line_is_the_path_of_the_error_that_stops_a_report(
    cli: Any, panel: dict[str, Any], command: str, cause: str, lang: str
) -> None:
    """minecheck's own allowed signers or revoked keys file with a malformed line stops every
    report (exit 2): the envelope's last problem, `allowed-signers-invalid` or
    `revoked-keys-invalid`, named the file in its message and had `"path": null`, where the
    line's own problem before it has the path, as a link to nothing's `input` has. Nothing is
    written."""
    step(cli, panel["people"]["mine"], "f1.toml", "2026-11-30T08:00:00Z", *RECTIFIED)
    at = _own_list(panel, cause)
    code, envelope, err = cron(
        [*READERS[command], "--json", "xinxing.toml", "f1.toml", "--lang", lang]
    )
    assert (code, err, envelope["exit_code"], envelope["data"]) == (2, "", 2, {})
    line, stop = envelope["problems"]
    assert (line["path"], line["column"]) == (str(at), 1)
    assert stop["code"] == LISTS[cause]
    assert stop["message"].startswith(str(at))
    assert stop["path"] == str(at)
    assert not Path("m.toml").exists()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_key_revoked_twice_warns_with_the_revoked_keys_file_as_its_path(
    panel: dict[str, Any], lang: str
) -> None:
    """`trust revoke` of a key already revoked warns `duplicate`, "... is already revoked in
    FILE", exit 0: the envelope's problem had `"path": null`. It is the revoked keys file."""
    public = f"{panel['people']['sun'].key}.pub"
    assert cron(["trust", "revoke", public, "--json"])[0] == 0
    code, envelope, err = cron(["trust", "revoke", public, "--json", "--lang", lang])
    assert (code, err, envelope["ok"]) == (0, "", True)
    [problem] = envelope["problems"]
    at = str(paths.revoked_keys_file())
    assert (problem["code"], problem["path"]) == ("duplicate", at)
    assert at in problem["message"]


def test_every_warning_and_every_error_from_a_helper_that_names_a_file_carries_it() -> None:
    """The class of the defects above: tests/test_attack_changes5.py holds every error whose
    own text names a file to carry it as `path=`, but not a warning (`rep.warn(...)`: trust
    revoke's `duplicate`, the walk's `draft-not-removed`), nor an error whose text a helper
    makes from the file (`_malformed_lines(path, ...)`: `allowed-signers-invalid`,
    `revoked-keys-invalid`). Each now gives it."""
    import ast

    from tests.test_attack_changes5 import _names_a_file
    from tests.test_problem_codes import SRC, source_nodes

    def from_a_helper(first: ast.expr) -> bool:
        return (
            isinstance(first, ast.Call)
            and isinstance(first.func, ast.Name)
            and first.func.id not in ("t", "tr", "say")
            and any(isinstance(a, ast.Name) and a.id == "path" for a in first.args)
        )

    without = [
        f"{file.relative_to(SRC)}:{node.lineno}"
        for file, node in source_nodes()
        if isinstance(node, ast.Call)
        and node.args
        and not any(k.arg == "path" for k in node.keywords)
        and (
            (
                isinstance(node.func, ast.Attribute)
                and node.func.attr == "warn"
                and any(_names_a_file(part) for part in ast.walk(node.args[0]))
            )
            or (
                isinstance(node.func, ast.Name)
                and node.func.id in ("InputError", "UsageError")
                and from_a_helper(node.args[0])
            )
        )
    ]
    assert without == []


GUIDE = {
    "guide-scripting.md": ("`hint`, for a file", "the command that gives back"),
    "guide-scripting.zh.md": ("`hint`，对", "给出取回其签名时原样的命令"),
}


@pytest.mark.parametrize("guide", sorted(GUIDE))
def test_the_guide_s_hint_of_a_file_names_the_file_saved_again_in_gbk_or_big5(guide: str) -> None:
    """`verify --json` gives `data.files[].hint`, the `iconv` command back, for a signed file an
    editor saved again in GBK or Big5 (this session's): the scripting guide's gate said the
    field is there for "a file a mail program changed" alone, so a gate that routes the files
    with a hint to a repair step read the new case as unforeseen. Both guides name it."""
    from tests.conftest import REPO

    text = " ".join((REPO / "docs" / guide).read_text(encoding="utf-8").split())
    start, end = GUIDE[guide]
    said = text[text.index(start) : text.index(end, text.index(start))]
    assert "GBK" in said, said
    assert "Big5" in said, said
