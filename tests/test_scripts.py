"""minecheck in shell scripts and cron jobs: the output and exit-code contract, whatever the
environment says about a terminal there is none of."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest

from tests.conftest import Run
from tests.helpers_docs import findings_body

SCRIPT = Path(sys.executable).parent / "minecheck"
ALICE = "alice@mine.example"


def run(
    args: list[str],
    home: Path,
    env: Mapping[str, str | None] | None = None,
    cwd: Path | None = None,
) -> Run:
    """The installed script, stdout and stderr each a pipe, `env` over the test's environment
    (a value of None removes the variable)."""
    given = {**os.environ, "MINECHECK_HOME": str(home)}
    for name, value in (env or {}).items():
        if value is None:
            given.pop(name, None)
        else:
            given[name] = value
    done = subprocess.run(
        [str(SCRIPT), *args],
        env=given,
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        timeout=120,  # a hang guard, not a timing assertion
    )
    return Run(done.returncode, done.stdout, done.stderr)


@pytest.fixture(scope="module")
def _signed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A home with a key trusted in it, and a findings document it signed (made once)."""
    home = tmp_path_factory.mktemp("signed") / "home"
    env = {n: None for n in os.environ if n.startswith("MINECHECK_") and n != "MINECHECK_HOME"}
    made = run(["keys", "generate", "--principal", ALICE, "--default", "--trust"], home, env)
    assert made.exit_code == 0, made.stderr
    fingerprint = run(["keys", "show", "--json"], home, env).json()["data"]["fingerprint"]
    path = home.parent / "doc.toml"
    path.write_bytes(findings_body(ALICE, fingerprint))
    signed = run(["sign", str(path)], home, env)
    assert signed.exit_code == 0, signed.stderr
    return home, path


@pytest.fixture
def doc(tmp_path: Path, isolated_home: Path, _signed: tuple[Path, Path]) -> Path:
    """A findings document signed by a key trusted here (a copy of the home that signed it)."""
    import shutil

    home, made = _signed
    shutil.copytree(home, isolated_home)
    path = tmp_path / "doc.toml"
    shutil.copyfile(made, path)
    return path


# -- the terminal's size, as the environment gives it ----------------------------------------

SIZED = [
    ["keys", "list"],  # a table on stdout
    ["verify", "{doc}"],  # a line on stdout, the tally on stderr
    ["summary", "{doc}", "--fail-on", "any", "--format", "nl"],  # the verdict's line on stderr
    ["--help"],  # the framework's help
]
NO_SIZES = [
    {"COLUMNS": "0"},
    {"COLUMNS": "abc"},
    {"COLUMNS": "-3"},
    {"COLUMNS": "\u0663"},  # an Arabic-Indic 3: a digit to Python, not to Rich
    {"LINES": "0"},
    {"TERMINAL_WIDTH": "0"},
    {"TERMINAL_WIDTH": "abc"},
    {"TERMINAL_WIDTH": "-5"},
]


@pytest.mark.parametrize("args", SIZED, ids=" ".join)
def test_a_terminal_size_that_is_no_size_is_ignored(
    doc: Path, isolated_home: Path, args: list[str]
) -> None:
    """COLUMNS=0 (a pseudo-terminal that reports no size, a serial console) made every table,
    every message drawn by Rich and the help print nothing at all, with exit 0: a cron job's
    report silently empty. COLUMNS=abc wrapped a pipe's tables at 80 columns, fingerprints
    broken across lines, and TERMINAL_WIDTH=abc was a traceback (exit 1). A size that is not
    a positive number is no size: the output is what it is without one."""
    given = [a.format(doc=doc) for a in args]
    unset: dict[str, str | None] = {"COLUMNS": None, "LINES": None, "TERMINAL_WIDTH": None}
    plain = run(given, isolated_home, unset)
    assert plain.stdout.strip()
    for setting in NO_SIZES:
        odd = run(given, isolated_home, {**unset, **setting})
        assert (odd.exit_code, odd.stdout, odd.stderr) == (
            plain.exit_code,
            plain.stdout,
            plain.stderr,
        ), setting


@pytest.mark.parametrize("columns", ["100000", None], ids=["COLUMNS=100000", "no COLUMNS"])
def test_help_to_a_pipe_has_no_trailing_blanks(isolated_home: Path, columns: str | None) -> None:
    """Help padded each line to the width with blanks: at COLUMNS=100000, `--help` wrote 2.6 MB,
    nearly all of it spaces, to whatever read it."""
    for args in (["--help"], ["summary", "--help"]):
        shown = run(args, isolated_home, {"COLUMNS": columns})
        assert shown.exit_code == 0, shown.stderr
        lines = shown.stdout.splitlines()
        assert [line for line in lines if line != line.rstrip()] == []
        assert any(line.startswith(" Usage: minecheck") for line in lines)
        assert len(shown.stdout) < 8000


# -- `-o -` and outputs that are not files -----------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["summary", "{doc}", "--format", "nl"],
        ["summary", "{doc}", "--format", "csv", "--json"],
        ["export", "{doc}", "--format", "csv"],
        ["export", "{doc}", "--json"],
    ],
    ids=" ".join,
)
@pytest.mark.parametrize("dash", [["-o", "-"], ["--output=-"]], ids=" ".join)
def test_dash_output_is_standard_output(
    doc: Path, tmp_path: Path, isolated_home: Path, args: list[str], dash: list[str]
) -> None:
    """`-o -` wrote a file named `-` in the working directory and printed its name: a script
    that passes `-o "$OUT"` with OUT=- (the usual word for standard output, as `--answers -`
    and `--events -` read standard input) got a stray file and no report."""
    given = [a.format(doc=doc) for a in args]
    work = tmp_path / "work"
    work.mkdir()
    plain = run(given, isolated_home, cwd=work)
    dashed = run([*given, *dash], isolated_home, cwd=work)
    assert (dashed.exit_code, dashed.stdout, dashed.stderr) == (0, plain.stdout, plain.stderr)
    assert plain.stdout.strip()
    assert list(work.iterdir()) == []


def test_a_file_named_dash_is_still_written_as_dot_slash_dash(
    doc: Path, tmp_path: Path, isolated_home: Path
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    made = run(["export", str(doc), "--format", "csv", "-o", "./-"], isolated_home, cwd=work)
    assert (made.exit_code, made.stdout) == (0, "./-\n")  # (as -o spelled it: `-` is stdout)
    assert (work / "-").read_text(encoding="utf-8").startswith("inspection,")


@pytest.mark.parametrize(
    "args",
    [
        ["inspect", "coal-major-hidden-dangers", "--site", "X", "--answers", "{answers}"],
        ["followup", "x/y", "--action", "rectified"],
        ["merge", "{doc}"],
        ["sign", "{doc}"],
        ["extract", "{doc}"],
    ],
    ids=lambda args: args[0],
)
def test_dash_output_is_refused_where_a_file_is_written(
    doc: Path, tmp_path: Path, isolated_home: Path, args: list[str]
) -> None:
    """The commands that write signed documents (or extract's directory) wrote a file named
    `-` (inspect, followup, merge) or said `directory - does not exist` (extract)."""
    answers = tmp_path / "answers.toml"
    answers.write_text("[answers]\n", encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir()
    given = [a.format(doc=doc, answers=answers) for a in args]
    done = run([*given, "-o", "-"], isolated_home, cwd=work)
    assert (done.exit_code, done.stdout) == (2, "")
    assert done.stderr == (
        "minecheck: error: -o - is standard output, and this command writes files\n"
        "  hint: give -o a path (./- for a file named -)\n"
    )
    assert list(work.iterdir()) == []


@pytest.mark.parametrize("command", ["summary", "export"])
def test_an_output_that_is_not_a_file_is_said_at_once(
    doc: Path, tmp_path: Path, isolated_home: Path, command: str
) -> None:
    """`-o /dev/stdout` said `/dev/stdout already exists, pass --force`; with --force, that it is
    not a regular file. It is said at once, with the way to write to standard output."""
    for force in ([], ["--force"]):
        done = run(
            [command, str(doc), "--format", "csv", "-o", "/dev/stdout", *force], isolated_home
        )
        assert (done.exit_code, done.stdout) == (2, "")
        assert done.stderr == (
            "minecheck: error: /dev/stdout: not a regular file (a FIFO); only a file can be "
            "replaced\n"
            "  hint: leave out -o, or give -o -, to write to standard output\n"
        )
    done = run([command, str(doc), "--format", "csv", "-o", str(tmp_path)], isolated_home)
    assert (done.exit_code, done.stdout) == (2, "")
    assert done.stderr.startswith(
        f"minecheck: error: {tmp_path} is a directory; only a file can be replaced\n"
    )


# -- MINECHECK_LANG as a cron job's environment sets it ---------------------------------------


@pytest.mark.parametrize("value", ["zh_CN.UTF-8", "zh-Hans", "ZH", "zh_TW"])
def test_minecheck_lang_in_the_form_of_a_locale(doc: Path, isolated_home: Path, value: str) -> None:
    """MINECHECK_LANG=zh_CN.UTF-8 (LANG's value, copied) was `unknown language`, exit 2, for
    verify, and English without a word for export: the language is what it starts with."""
    done = run(["verify", str(doc)], isolated_home, {"MINECHECK_LANG": value})
    assert (done.exit_code, done.stderr) == (0, "共 1 份文件：受信任 1 份\n")


@pytest.mark.parametrize(
    "args",
    [
        ["verify", "{doc}"],
        ["export", "{doc}"],
        ["merge", "{doc}", "-o", "{out}"],
        ["show", "{doc}"],
    ],
    ids=lambda args: args[0],
)
def test_an_unknown_minecheck_lang_is_said_alike_by_every_command(
    doc: Path, tmp_path: Path, isolated_home: Path, args: list[str]
) -> None:
    """MINECHECK_LANG=fr stopped verify with `unknown language 'fr'` and a hint to use --lang
    (the option was not the trouble), while export, merge and extract ran on in English."""
    given = [a.format(doc=doc, out=tmp_path / "merged.toml") for a in args]
    done = run(given, isolated_home, {"MINECHECK_LANG": "fr"})
    assert (done.exit_code, done.stdout) == (2, "")
    assert done.stderr == (
        "minecheck: error: MINECHECK_LANG='fr' is not a language minecheck speaks\n"
        "  hint: set MINECHECK_LANG to en or zh, or unset it\n"
    )
    assert not (tmp_path / "merged.toml").exists()
    with_json = run([*given, "--json"], isolated_home, {"MINECHECK_LANG": "fr"})
    assert (with_json.exit_code, with_json.stderr) == (2, "")
    assert with_json.json()["problems"][-1]["message"] == (
        "MINECHECK_LANG='fr' is not a language minecheck speaks"
    )


def test_lang_given_wins_over_an_unknown_minecheck_lang(doc: Path, isolated_home: Path) -> None:
    done = run(["verify", str(doc), "--lang", "en"], isolated_home, {"MINECHECK_LANG": "fr"})
    assert (done.exit_code, done.stderr) == (0, "1 document: 1 trusted\n")


# -- hints a script writer copies: paths as one shell word -------------------------------------


def test_a_hint_names_a_path_as_one_shell_word(
    doc: Path, tmp_path: Path, isolated_home: Path
) -> None:
    """`minecheck verify -odd name.toml says what it is`: pasted into a shell, that is an option
    and two files. A path in a hint's command is one word, and a name starting with `-` is
    not taken for an option."""
    odd = tmp_path / "-odd name.toml"
    odd.write_text("[answers]\n", encoding="utf-8")
    done = run(
        ["followup", "x/y", "--action", "rectified", "--findings=-odd name.toml"],
        isolated_home,
        cwd=tmp_path,
    )
    assert (done.exit_code, done.stdout) == (2, "")
    assert done.stderr.endswith(
        "  hint: to see what it is:\n    minecheck verify './-odd name.toml'\n"
    )


def test_the_key_import_hint_names_the_key_as_one_shell_word(
    doc: Path, tmp_path: Path, isolated_home: Path
) -> None:
    key = tmp_path / "field kit" / "id_ed25519"
    key.parent.mkdir()
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "not a principal", "-f", str(key)],
        check=True,
        capture_output=True,
    )
    unsigned = tmp_path / "new.toml"
    body = findings_body(ALICE, "SHA256:x").decode()  # signer and key: sign fills them in
    unsigned.write_text(
        "".join(line for line in body.splitlines(True) if not line.startswith("signer")),
        encoding="utf-8",
    )
    done = run(["sign", str(unsigned), "--key", str(key)], isolated_home)
    assert (done.exit_code, done.stdout) == (2, "")
    assert done.stderr.endswith(f"minecheck keys import '{key}' --principal you@unit.example\n"), (
        done.stderr
    )


# -- a list of paths on standard input -------------------------------------------------------


def test_verify_reads_a_list_of_paths_from_standard_input(
    doc: Path, tmp_path: Path, isolated_home: Path
) -> None:
    """`find ... | minecheck verify -`, as summary and export read one: verify said `-: no such
    file or directory`. A list beyond any argument list's limit, and names with spaces."""
    spaced = tmp_path / "a copy of it.toml"
    spaced.write_bytes(doc.read_bytes())
    named = run(["verify", str(doc), str(spaced)], isolated_home)
    given = subprocess.run(
        [str(SCRIPT), "verify", "-"],
        input=f"{doc}\n{spaced}\n",
        env={**os.environ, "MINECHECK_HOME": str(isolated_home)},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert (given.returncode, given.stdout, given.stderr) == (0, named.stdout, named.stderr)
    assert named.stderr == "2 documents: 2 trusted\n"


# -- warnings about the trust files, alike in every command that judges trust -----------------


@pytest.mark.parametrize(
    "args",
    [
        ["verify", "{doc}"],
        ["show", "{doc}"],
        ["summary", "{doc}", "--format", "nl"],
        ["export", "{doc}"],
        ["merge", "{doc}", "-o", "{out}"],
    ],
    ids=lambda args: args[0],
)
def test_a_skipped_trust_line_is_said_by_every_command_that_judges_trust(
    doc: Path, tmp_path: Path, isolated_home: Path, args: list[str]
) -> None:
    """A cert-authority line is skipped with a warning (SPEC 3): show, merge and extract said
    nothing, and summary and export gave the warning without its place in --json."""
    allowed = isolated_home / "allowed_signers"
    line = allowed.read_text(encoding="utf-8").splitlines()[0]
    key = " ".join(line.split()[-2:])  # ssh-ed25519 AAAA...
    with allowed.open("a", encoding="utf-8") as fh:
        fh.write(f"ca@mine.example cert-authority {key}\n")
    given = [a.format(doc=doc, out=tmp_path / "merged.toml") for a in args]
    done = run(given, isolated_home)
    assert done.exit_code == 0, done.stderr
    said = f"minecheck: warning: {allowed}:2:17: cert-authority line skipped"
    assert said in done.stderr
    (tmp_path / "merged.toml").unlink(missing_ok=True)
    enveloped = run([*given, "--json"], isolated_home).json()
    skipped = [p for p in enveloped["problems"] if p["code"] == "cert-authority-skipped"]
    assert [(p["path"], p["line"], p["column"]) for p in skipped] == [(str(allowed), 2, 17)]


# -- passphrases from a script's environment --------------------------------------------------


@pytest.fixture
def locked_key(tmp_path: Path) -> Path:
    key = tmp_path / "locked key"
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "right", "-C", ALICE, "-f", str(key)],
        check=True,
        capture_output=True,
    )
    return key


def _sign_with(key: Path, tmp_path: Path, home: Path, env: dict[str, str], *extra: str) -> Run:
    fingerprint = subprocess.run(
        ["ssh-keygen", "-lf", str(key)], check=True, capture_output=True, text=True
    ).stdout.split()[1]
    doc = tmp_path / "new.toml"
    doc.write_bytes(findings_body(ALICE, fingerprint))
    return run(["sign", str(doc), "--key", str(key), *extra], home, env)


@pytest.mark.parametrize(
    ("env", "extra", "source"),
    [
        ({"MINECHECK_PASSPHRASE": "wrong"}, [], "MINECHECK_PASSPHRASE"),
        ({"MINECHECK_PASSPHRASE_FILE": "{secret}"}, [], "MINECHECK_PASSPHRASE_FILE ({secret})"),
        ({}, ["--passphrase-file", "{secret}"], "--passphrase-file {secret}"),
    ],
    ids=["MINECHECK_PASSPHRASE", "MINECHECK_PASSPHRASE_FILE", "--passphrase-file"],
)
def test_a_wrong_passphrase_names_where_it_came_from(
    locked_key: Path,
    tmp_path: Path,
    isolated_home: Path,
    env: dict[str, str],
    extra: list[str],
    source: str,
) -> None:
    """A cron job's wrong passphrase was `hint: sign with another key: --key PATH`: nothing said
    which of three places (an option, two variables, maybe left from another job) it came from."""
    secret = tmp_path / "secret"
    secret.write_text("wrong\n", encoding="utf-8")
    secret.chmod(0o600)
    given = {k: v.format(secret=secret) for k, v in env.items()}
    done = _sign_with(
        locked_key, tmp_path, isolated_home, given, *(a.format(secret=secret) for a in extra)
    )
    assert (done.exit_code, done.stdout) == (2, "")
    assert done.stderr == (
        f"minecheck: error: wrong passphrase for {locked_key}\n"
        f"  hint: the passphrase was read from {source.format(secret=secret)}\n"
    )


def test_an_empty_minecheck_passphrase_is_no_passphrase(
    locked_key: Path, tmp_path: Path, isolated_home: Path
) -> None:
    """`MINECHECK_PASSPHRASE=$PW` with PW unset: an empty MINECHECK_PASSPHRASE_FILE was no file,
    while an empty MINECHECK_PASSPHRASE was tried as the passphrase (`wrong passphrase`)."""
    done = _sign_with(locked_key, tmp_path, isolated_home, {"MINECHECK_PASSPHRASE": ""})
    assert done.exit_code == 2
    assert done.stderr.startswith(
        f"minecheck: error: {locked_key} is protected by a passphrase and there is no terminal"
    )


def test_the_chmod_hint_names_the_passphrase_file_as_one_shell_word(
    locked_key: Path, tmp_path: Path, isolated_home: Path
) -> None:
    secret = tmp_path / "my secret"
    secret.write_text("right\n", encoding="utf-8")
    secret.chmod(0o644)
    done = _sign_with(locked_key, tmp_path, isolated_home, {}, "--passphrase-file", str(secret))
    assert done.exit_code == 2
    assert done.stderr.endswith(f"  hint: let only its owner read it:\n    chmod 600 '{secret}'\n")


# -- the path of a written file, whatever its name ----------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["summary", "{doc}", "--format", "nl", "-o", "{out}"],
        ["export", "{doc}", "--format", "csv", "-o", "{out}"],
        ["merge", "{doc}", "-o", "{out}"],
        ["sign", "{unsigned}", "-o", "{out}"],
    ],
    ids=lambda args: args[0],
)
def test_the_written_path_comes_back_as_its_own_bytes(
    doc: Path, tmp_path: Path, isolated_home: Path, args: list[str]
) -> None:
    """`-o` a name that is not UTF-8 (an archive from a GBK machine): the file was written, then
    printing its path was a traceback (exit 1, a check's verdict to a script). The path printed
    is the name's own bytes, so `out=$(minecheck ...)` names the file."""
    out = os.fsdecode(bytes(tmp_path) + b"/\xb9\xfa\xbc\xd2 out.toml")  # GBK, not UTF-8
    unsigned = tmp_path / "unsigned.toml"
    fingerprint = run(["keys", "show", "--json"], isolated_home).json()["data"]["fingerprint"]
    unsigned.write_bytes(findings_body(ALICE, fingerprint))
    given = [a.format(doc=doc, out=out, unsigned=unsigned) for a in args]
    done = subprocess.run(
        [str(SCRIPT), *given],
        env={**os.environ, "MINECHECK_HOME": str(isolated_home)},
        capture_output=True,
        check=False,
        timeout=120,
    )
    assert (done.returncode, done.stderr) == (0, b""), done.stderr
    assert done.stdout == os.fsencode(out) + b"\n"
    assert Path(out).is_file()


def test_keys_path_under_a_home_whose_name_is_not_utf8(tmp_path: Path) -> None:
    home = os.fsdecode(bytes(tmp_path) + b"/h\xff")
    done = subprocess.run(
        [str(SCRIPT), "keys", "path"],
        env={**os.environ, "MINECHECK_HOME": home},
        capture_output=True,
        check=False,
        timeout=120,
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, os.fsencode(home) + b"/keys\n", b"")


def test_a_key_is_not_made_where_the_key_list_cannot_name_it(tmp_path: Path) -> None:
    """Under a MINECHECK_HOME whose name is not UTF-8, `keys generate` made the key, then could
    not write the key list (UTF-8 TOML): a traceback, and the next run said the key exists."""
    home = os.fsdecode(bytes(tmp_path) + b"/h\xff")
    done = subprocess.run(
        [str(SCRIPT), "keys", "generate", "--principal", ALICE],
        env={**os.environ, "MINECHECK_HOME": home},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    shown = home.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        f"minecheck: error: {shown.replace(chr(0xFFFD), chr(92) + 'udcff')}/keys/{ALICE}: the key "
        "list keeps UTF-8 paths only, and this one is not\n"
        "  hint: keep keys under a directory whose name is UTF-8 (MINECHECK_HOME)\n"
    )
    assert not os.path.exists(home)
