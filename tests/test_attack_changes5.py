"""Found by an attacker on the day's changes: the script writer's guide's recipes fed hostile file
names from a shared inbox, the top-level help, --lang as the options parse it, the result cache's
secure_delete and the size limit that moved to fileio."""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers_merge import allowed_signers, findings, person
from tests.test_problem_codes import SRC, source_nodes

MINECHECK = Path(sys.executable).with_name("minecheck")  # the installed console script
GUIDES = Path(__file__).resolve().parent.parent / "docs"
SCRIPTING = ["guide-scripting.md", "guide-scripting.zh.md"]
# the gate's own words in each guide: a refusal's line, and the count when all are trusted
REFUSED = {"guide-scripting.md": "refused: {}: {}: ", "guide-scripting.zh.md": "拒收：{}：{}："}
BETWEEN = {"guide-scripting.md": ": {}: ", "guide-scripting.zh.md": "：{}："}
ALL_TRUSTED = {
    "guide-scripting.md": "all {} trusted\n",
    "guide-scripting.zh.md": "全部 {} 份受信任\n",
}
GOOD = ["compliant"] * 3
# what no line a recipe shows may hold: C0 and C1 controls, bidi and other format characters,
# line and paragraph separators, a private-use character
UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\ue000]")
HOSTILE_NAME = "esc\x1b]0;pwned\x07\x1b[2J\u202egnp\u2028\x85.toml"

needs_jq = pytest.mark.skipif(shutil.which("jq") is None, reason="the recipes read with jq")


def _environ(home: Path) -> dict[str, str]:
    path = f"{MINECHECK.parent}{os.pathsep}{os.environ['PATH']}"
    environ = {**os.environ, "PATH": path, "NO_COLOR": "1", "MINECHECK_HOME": str(home)}
    environ.pop("MINECHECK_LANG", None)
    return environ


def _inbox(tmp_path: Path) -> tuple[Path, Path]:
    """A home trusting wang; an inbox with wang's file and one signed by evil, whose key the
    home does not trust. (inbox, home)"""
    wang, evil = person(tmp_path, "wang"), person(tmp_path, "evil")
    home = tmp_path / "home"
    home.mkdir()
    allowed_signers(home / "allowed_signers", wang)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "good.toml").write_bytes(findings(wang, GOOD, 0))
    (inbox / "forged.toml").write_bytes(findings(evil, GOOD, 1))
    # what evil leaves beside it: a trust list of its own (wang's line too), hidden from a
    # glob, and a file named as the option that gives it
    both = allowed_signers(tmp_path / "both", wang, evil)
    (inbox / ".s.toml").write_bytes(both.read_bytes())
    (inbox / "--allowed-signers=.s.toml").write_bytes(b"")
    return inbox, home


def _recipe(guide: str, name: str) -> str:
    text = (GUIDES / guide).read_text(encoding="utf-8")
    return text.split(f"cat > {name} <<'EOF'\n", 1)[1].split("\nEOF\n", 1)[0] + "\n"


def _gate(guide: str, tmp_path: Path, inbox: Path, home: Path) -> subprocess.CompletedProcess[str]:
    script = tmp_path / "gate.sh"
    script.write_text(_recipe(guide, "gate.sh"), encoding="utf-8")
    names = sorted(n for n in os.listdir(inbox) if n.endswith(".toml") and n[0] != ".")
    return subprocess.run(
        ["sh", str(script), *names],  # as `./gate.sh *.toml` run in the inbox
        cwd=inbox,
        env=_environ(home),
        capture_output=True,
        text=True,
        errors="surrogateescape",
        check=False,
    )


# -- the intake gate of the scripting guide (section 5) -----------------------------------------


@needs_jq
@pytest.mark.parametrize("guide", SCRIPTING)
def test_the_gate_takes_a_file_named_as_an_option_for_a_file(guide: str, tmp_path: Path) -> None:
    """`./gate.sh *.toml` in an inbox where a file is named `--allowed-signers=.s.toml` ran
    `minecheck verify --json --allowed-signers=.s.toml ...`: the trust list was the one left
    beside it (a dot file, which the glob does not list), and the forged file passed with exit 0,
    "all 3 trusted". The recipe ends the options with `--`: that name is a file, the forged one
    is refused."""
    inbox, home = _inbox(tmp_path)
    run = _gate(guide, tmp_path, inbox, home)
    assert run.returncode != 0, run.stdout
    assert run.stdout == ""
    assert REFUSED[guide].format("forged.toml", "untrusted-key") in run.stderr


@needs_jq
@pytest.mark.parametrize("guide", SCRIPTING)
def test_the_gate_counts_the_files_it_checked(guide: str, tmp_path: Path) -> None:
    """`all $# trusted` counted the words given: a directory was "all 1 trusted"."""
    inbox, home = _inbox(tmp_path)
    for name in ("forged.toml", ".s.toml", "--allowed-signers=.s.toml"):
        (inbox / name).unlink()
    (inbox / "sub").mkdir()
    (inbox / "sub" / "again.toml").write_bytes((inbox / "good.toml").read_bytes())
    script = tmp_path / "gate.sh"
    script.write_text(_recipe(guide, "gate.sh"), encoding="utf-8")
    run = subprocess.run(
        ["sh", str(script), "sub"], cwd=inbox, env=_environ(home), capture_output=True, text=True
    )
    assert (run.returncode, run.stdout, run.stderr) == (0, ALL_TRUSTED[guide].format(1), "")
    run = subprocess.run(
        ["sh", str(script), "."], cwd=inbox, env=_environ(home), capture_output=True, text=True
    )
    assert (run.returncode, run.stdout, run.stderr) == (0, ALL_TRUSTED[guide].format(2), "")


@needs_jq
@pytest.mark.parametrize("guide", SCRIPTING)
@pytest.mark.parametrize("dangling", [False, True], ids=["refused", "dangling"])
def test_the_gate_shows_no_control_character_of_a_name(
    guide: str, dangling: bool, tmp_path: Path
) -> None:
    """A file name from the inbox reached the terminal (or the CI log) as it was: jq -r turns
    the envelope's `\\u001b` back into an escape (a title change, a screen clear, OSC 52 into
    the clipboard), a bidi override, a line separator. The recipe shows each as `?`."""
    inbox, home = _inbox(tmp_path)
    for name in (".s.toml", "--allowed-signers=.s.toml"):
        (inbox / name).unlink()
    (inbox / "forged.toml").rename(inbox / HOSTILE_NAME)
    if dangling:  # a link to nothing: a problem with its path (exit 2), not a verdict
        (inbox / HOSTILE_NAME).unlink()
        (inbox / HOSTILE_NAME).symlink_to("nowhere")
    run = _gate(guide, tmp_path, inbox, home)
    assert run.returncode == (2 if dangling else 1), run.stderr
    shown = "esc?]0;pwned??[2J?gnp??.toml"
    assert BETWEEN[guide].format(shown) in run.stderr
    assert not UNSAFE.search(run.stderr), ascii(run.stderr)


def _jq_lines(guide: str, *sections: str) -> list[str]:
    """The `$ jq -r ...` commands of the guide's sections that read a file's path."""
    text = (GUIDES / guide).read_text(encoding="utf-8")
    parts = re.split(r"^## (\d+)\. ", text, flags=re.MULTILINE)
    chosen = [parts[i + 1] for i in range(1, len(parts), 2) if parts[i] in sections]
    return [
        line[2:]
        for part in chosen
        for line in part.splitlines()
        if line.startswith("$ jq -r ") and ".path" in line
    ]


@needs_jq
@pytest.mark.parametrize("guide", SCRIPTING)
def test_the_jq_recipes_show_no_control_character_of_a_name(guide: str, tmp_path: Path) -> None:
    """Sections 6 and 7 print the paths of the files left out (`\\(.path)`, `map(.path)`) with
    jq -r: a name's escape sequence or bidi override reached the terminal. Each shows it as `?`,
    as the gate does."""
    inbox, home = _inbox(tmp_path)
    for name in (".s.toml", "--allowed-signers=.s.toml"):
        (inbox / name).unlink()
    (inbox / "forged.toml").rename(inbox / HOSTILE_NAME)
    environ = _environ(home)
    for args, out in (
        (["summary", "--json", "--fail-on", "any", "."], "summary.json"),
        (["verify", "--json", "."], "verified.json"),
    ):
        made = subprocess.run([str(MINECHECK), *args], cwd=inbox, env=environ, capture_output=True)
        assert made.returncode in (0, 1), made.stdout
        (inbox / out).write_bytes(made.stdout)
    lines = _jq_lines(guide, "6", "7")
    assert len(lines) == 2
    for line in lines:
        run = subprocess.run(
            ["sh", "-c", line], cwd=inbox, env=environ, capture_output=True, check=False
        )
        shown = run.stdout.decode("utf-8")
        assert (run.returncode, run.stderr) == (0, b""), line
        assert "esc?]0;pwned??[2J?gnp??.toml" in shown, line
        shown = shown.replace("untrusted-key\t", "")  # (the recipe's own tab, before the path)
        assert not UNSAFE.search(shown), (line, ascii(shown))


# -- --json read from the words as the options parse them --------------------------------------


def _minecheck(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    environ = _environ(cwd / "home")
    return subprocess.run(
        [str(MINECHECK), *args], cwd=cwd, env=environ, capture_output=True, text=True, check=False
    )


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["export", "-o", "--json", "x.toml", "--nope"], "No such option: --nope"),
        (["summary", "--format", "--json", "x.toml", "--nope"], "No such option: --nope"),
        (["merge", "--", "--json"], "Missing option '-o' / '--output'."),
        (["trust", "add", "--principal", "--json", "--nope"], "No such option: --nope"),
        (["verify", "--lang", "--json", "--nope"], "No such option: --nope"),
    ],
    ids=["output", "format", "after-dashes", "principal", "lang"],
)
def test_a_usage_error_is_an_envelope_only_where_json_is_an_option(
    args: list[str], said: str, tmp_path: Path
) -> None:
    """A usage error was answered with the JSON envelope on stdout wherever the word `--json`
    stood on the line: as another option's value (`-o --json`, a file of that name) or after
    `--`, where it is a file, the run asked for no JSON and its stderr was empty. The error is
    said on stderr there, as the options parse the line (`cli.language_of` reads --lang so)."""
    run = _minecheck(*args, cwd=tmp_path)
    assert (run.returncode, run.stdout) == (2, "")
    assert run.stderr.startswith(f"minecheck: error: {said}"), run.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["export", "--json", "x.toml", "--nope"],
        ["export", "x.toml", "--nope", "--json"],
        ["merge", "--json", "--", "a.toml"],
        ["trust", "add", "--json", "--nope"],
        ["--json"],
        ["trust", "--json"],
    ],
    ids=["before", "after", "then-dashes", "group-command", "top-level", "group"],
)
def test_a_usage_error_is_still_an_envelope_where_json_is_asked(
    args: list[str], tmp_path: Path
) -> None:
    run = _minecheck(*args, cwd=tmp_path)
    assert (run.returncode, run.stderr) == (2, "")
    assert '"code": "usage"' in run.stdout


# -- the result cache on a disk that refuses its writes -----------------------------------------


def _refusal(kind: str, tmp_path: Path) -> sqlite3.OperationalError:
    """The error SQLite gives where the disk, not the file, refuses (a real one where SQLite
    makes it without privileges: a database opened read-only, one at its page limit)."""
    db = sqlite3.connect(tmp_path / f"{kind}.db", isolation_level=None)
    db.execute("CREATE TABLE t (x)")
    db.close()
    if kind == "read-only":
        uri = f"file:{tmp_path / 'read-only.db'}?mode=ro"
        sql, db = "INSERT INTO t VALUES (1)", sqlite3.connect(uri, uri=True)
    else:
        db = sqlite3.connect(tmp_path / f"{kind}.db", isolation_level=None)
        db.execute(f"PRAGMA max_page_count = {db.execute('PRAGMA page_count').fetchone()[0]}")
        sql = "INSERT INTO t VALUES (zeroblob(100000))"
    try:
        db.execute(sql)
    except sqlite3.OperationalError as exc:
        return exc
    finally:
        db.close()
    raise AssertionError(kind)


@pytest.mark.parametrize("kind", ["full", "read-only", "shared-memory"])
def test_a_cache_a_full_or_read_only_disk_cannot_open_is_kept(
    kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A summary on a full disk deleted the whole result cache: SQLite could not make the
    cache's shared-memory file (`disk I/O error`, SQLITE_IOERR_SHMSIZE, as a full tmpfs gives
    it) and the open took that for a damaged file, deleted it and made an empty one, so every
    later run read every document again. A disk that refuses (full, read-only, an I/O error)
    turns the cache off for the run and leaves the file; a damaged file is still made anew."""
    from minecheck.report import cache as cache_module
    from minecheck.report.cache import FILE_NAME, ResultCache, content_key

    path = tmp_path / "cache" / FILE_NAME
    key = content_key(b"a findings document")
    with ResultCache(path, "v1") as cache:
        cache.put(key, b"kept")
    if kind == "shared-memory":
        error = sqlite3.OperationalError("disk I/O error")
        error.sqlite_errorcode = sqlite3.SQLITE_IOERR | (19 << 8)
        error.sqlite_errorname = "SQLITE_IOERR_SHMSIZE"
    else:
        error = _refusal(kind, tmp_path)
    connect = cache_module.ResultCache._connect

    def refused(self: ResultCache) -> sqlite3.Connection:
        raise error

    monkeypatch.setattr(cache_module.ResultCache, "_connect", refused)
    cache = ResultCache(path, "v1")
    assert not cache.enabled
    assert cache.problem == f"the cache cannot be used: {error}"
    cache.close()
    monkeypatch.setattr(cache_module.ResultCache, "_connect", connect)
    with ResultCache(path, "v1") as cache:
        assert cache.get(key) == b"kept"


# -- the file a problem is about, in the envelope's path -------------------------------------------


def test_every_error_that_names_a_file_carries_it_as_its_path() -> None:
    """The script writer's guide promises `path` is the file a problem is about: each error
    whose text names a file (`_names_a_file`) gives it as `path=`, which the envelope's problem
    carries. A message that begins with its file once gave none (`verify --json nothere.toml`),
    nor one that names it elsewhere (`key file {path} does not exist`, `--findings {path} ...`,
    `wrong passphrase for {path}`), under another name (`{label}: there are no events`), or
    holds the template in a variable or a choice of two."""

    without = [
        f"{file.relative_to(SRC)}:{node.lineno}"
        for file, node in source_nodes()
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in ("InputError", "UsageError")
        and node.args
        and any(_names_a_file(part) for part in ast.walk(node.args[0]))
        and not any(k.arg == "path" for k in node.keywords)
    ]
    assert without == []


def _unsigned(signed: bytes) -> bytes:
    """A findings document before its signature, without what `sign` fills in."""
    body = signed.split(b"\n[signature]", 1)[0]
    fills = (b"document_id", b"created", b"signer", b"tool")
    return b"".join(line for line in body.splitlines(True) if not line.startswith(fills))


def _names_a_file(part: ast.AST) -> bool:
    """A text given a file: `t("...", path=X)` (or `tr`, `say`), one led by its file under
    another name (`t("{label}: ...")`, `{file}`: the events file or `<stdin>`), `f"{path}:
    ..."`, or what `link_to_nothing(X)` says of it."""
    if isinstance(part, ast.Call) and isinstance(part.func, ast.Name):
        if part.func.id == "link_to_nothing":
            return True
        if part.func.id in ("t", "tr", "say"):
            led = (
                bool(part.args)
                and isinstance(part.args[0], ast.Constant)
                and str(part.args[0].value).startswith(("{label}", "{file}"))
            )
            return led or any(k.arg == "path" for k in part.keywords)
    if isinstance(part, ast.JoinedStr) and part.values:
        first = part.values[0]
        return (
            isinstance(first, ast.FormattedValue)
            and isinstance(first.value, ast.Name)
            and first.value.id in ("path", "file", "merged")
        )
    return False


@pytest.mark.parametrize(
    ("args", "path"),
    [
        (["sign", "--json", "--key", "nothere", "doc.toml"], "nothere"),
        (["sign", "--json", "--key", "key", "--passphrase-file", "open", "doc.toml"], "open"),
        (["followup", "--json", "--findings", "folder", "--events", "e.toml"], "folder"),
        (["followup", "--json", "--findings", "nothere", "--events", "e.toml"], "nothere"),
        (["sign", "--json", "--key", "key", "bom.toml"], "bom.toml"),
        (["checklists", "lint", "--json", "empty.toml"], "empty.toml"),
    ],
    ids=["key", "passphrase-file", "findings", "findings-missing", "bom", "empty-checklist"],
)
def test_a_named_file_is_the_problems_path(args: list[str], path: str, tmp_path: Path) -> None:
    who = person(tmp_path, "key")
    (tmp_path / "doc.toml").write_bytes(_unsigned(findings(who, GOOD, 0)))
    (tmp_path / "open").write_bytes(b"")
    (tmp_path / "open").chmod(0o644)
    (tmp_path / "folder").mkdir()
    (tmp_path / "bom.toml").write_bytes(b"\xef\xbb\xbf" + (tmp_path / "doc.toml").read_bytes())
    (tmp_path / "empty.toml").write_bytes(b"")
    run = subprocess.run(
        [str(MINECHECK), *args],
        cwd=tmp_path,
        env=_environ(tmp_path / "home"),
        capture_output=True,
        text=True,
        check=False,
    )
    assert (run.returncode, run.stderr) == (2 - (args[0] == "checklists"), ""), run.stdout
    problems = json.loads(run.stdout)["problems"]
    assert problems[-1]["path"] == path, problems
