"""Every argument at every command: no traceback, the SPEC's exit codes and streams, no file
damaged, whatever the command line (see tests/argv_harness.py for the world and the rules).

The property walks the real command tree (root, groups, commands) and draws command lines from
each node's own options and arguments, with values of odd kinds (empty, `-`, missing paths,
directories, /dev/null, an empty file, a binary file, a FIFO, numbers too big or negative,
dates that are none, names that are not UTF-8, very long strings), options of other commands,
`--`, stray words, repeated options, `--json` and `--lang`, and values that mean something in
the world so the deeper code is reached. Each runs in process through the entry point
(`minecheck.__main__.main`) under a real time bound, in a fresh copy of the world.

By default the run is small and deterministic; for a longer hunt:

    MINECHECK_ARGV_EXAMPLES=5000 .venv/bin/pytest -p no:xdist tests/test_argv.py

draws that many command lines at random (a new seed every run; Hypothesis prints the failing
command line). Each defect found has a plain regression test below, and a sample of them runs
through the installed console script too.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings

from tests.argv_harness import (
    DRAFT_ID,
    PRINCIPAL,
    Node,
    World,
    argvs,
    console_script,
    one_run,
    one_script_run,
    stdin_bytes,
)
from tests.argv_harness import command_tree as _tree
from tests.conftest import REPO

_LONG = os.environ.get("MINECHECK_ARGV_EXAMPLES")
ARGV = settings(
    max_examples=int(_LONG) if _LONG else 300,
    derandomize=not _LONG,
    database=None,
    deadline=None,  # the harness's timer is the real bound
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],
)

TREE: dict[tuple[str, ...], Node] = _tree()


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    return World(tmp_path_factory.mktemp("argv"))


def _outside() -> tuple[str, ...]:
    """What a run must never touch: the repository's files, the real user's minecheck dirs."""
    status = subprocess.run(
        ["git", "-C", str(REPO), "status", "--porcelain"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    real = Path(os.path.expanduser("~"))
    dirs = [real / ".config" / "minecheck", real / ".cache" / "minecheck"]
    return (status, *(repr(sorted(os.listdir(d))) if d.is_dir() else "-" for d in dirs))


def test_the_tree_is_the_whole_command_line() -> None:
    assert len(TREE) == 30
    assert {" ".join(p) for p in TREE} >= {"", "inspect", "trust", "trust revoke", "keys path"}
    assert TREE[("verify",)].option("--json") is not None
    assert TREE[()].children == (
        "inspect", "followup", "merge", "extract", "export", "summary", "show", "sign", "verify",
        "checklists", "drafts", "keys", "trust",
    )  # fmt: skip


def test_every_argument_at_every_command(world: World) -> None:
    outside = _outside()

    @ARGV
    @given(argv=argvs(TREE, world.inspection), stdin=stdin_bytes())
    def one(argv: list[str], stdin: bytes) -> None:
        one_run(world, TREE, argv, stdin)

    one()
    assert _outside() == outside


# -- what the hunt found, each as a user meets it -----------------------------------------------


def run(world: World, *argv: str, stdin: bytes = b"") -> tuple[int, str, str]:
    """`minecheck ARGV` in a fresh world, in process through the entry point, checked as every
    drawn command line is."""
    got = one_run(world, TREE, argv, stdin)
    return got.code, got.out, got.err


@pytest.mark.parametrize(
    ("argv", "option"),
    [
        (["extract", "m1.toml", "-o", ""], "'-o' / '--output'"),
        (["inspect", "mini-check.toml", "--site", "X", "--tag", "coal-underground",
          "--answers", "answers.toml", "-o", ""], "'-o' / '--output'"),
        (["sign", "unsigned.toml", "--output="], "'-o' / '--output'"),
        (["checklists", "lint", "mini-check.toml", ""], "'PATH'"),
        (["keys", "show", "--key", ""], "'--key'"),
        (["merge", "f1.toml", "", "-o", "m2.toml"], "'FILE'"),
        (["verify", "f1.toml", "--allowed-signers", ""], "'--allowed-signers'"),
        (["inspect", "mini-check.toml", "--site", "X", "--tag", "coal-underground",
          "--answers", ""], "'--answers'"),
        (["followup", "--events", "", "-o", "fu2.toml"], "'--events'"),
        (["trust", "add", "--from", ""], "'--from'"),
        (["summary", "f1.toml", ""], "'PATH'"),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else None,
)  # fmt: skip
def test_an_empty_path_is_refused_by_every_parameter_that_names_a_file(
    world: World, argv: list[str], option: str
) -> None:
    """`-o "$OUT"` with OUT unset: Path("") is the current directory, and `extract M -o ""`
    wrote the sources there, `inspect -o ""` its findings, `checklists lint ""` linted every file
    in it, `keys show --key ""` was a traceback, and the rest said ". is a directory"."""
    code, out, err = run(world, *argv)
    assert (code, out) == (2, "")
    assert err.splitlines()[0] == (
        f"minecheck: error: Invalid value for {option}: an empty path was given"
    )


def test_an_empty_path_is_said_in_chinese(world: World) -> None:
    code, _, err = run(world, "extract", "m1.toml", "-o", "", "--lang", "zh")
    assert code == 2
    assert err.splitlines()[0] == "minecheck: error: '-o' / '--output' 的值无效：给出的路径为空"


@pytest.mark.parametrize(
    "argv",
    [
        ["keys", "show", "--key", "."],
        ["keys", "show", "--key", "/"],
        ["sign", "unsigned.toml", "--key", "."],
        ["sign", "unsigned.toml", "--key", "/"],
        ["followup", "{ID}/gas-check-genuine", "--action", "rectified", "--key", "..",
         "-o", "fu2.toml"],
    ],
    ids=" ".join,
)  # fmt: skip
def test_a_key_path_that_names_no_file_is_said(world: World, argv: list[str]) -> None:
    """`--key .` (or `/`) has no `<key>.pub` beside it: a traceback (ValueError: has an empty
    name), exit 1, in every command that signs and in `keys show`."""
    code, out, err = run(world, *(a.replace("{ID}", world.inspection) for a in argv))
    key = argv[argv.index("--key") + 1]
    assert (code, out, err) == (
        2,
        "",
        f"minecheck: error: key file {key}: not a regular file (a directory)\n",
    )


NOT_UTF8_LINE = b"f\xff\xfe.toml\n"  # the name of a signed file in the world, as its bytes


@pytest.mark.parametrize("command", ["verify", "summary", "export"])
def test_a_list_of_paths_on_stdin_is_read_as_names_whatever_the_stream_decodes(
    world: World, command: str
) -> None:
    """`find . -name '*.toml' | minecheck verify -` where a name is not UTF-8 (a GBK archive)
    and standard input decodes strictly (PYTHONIOENCODING=utf-8, Windows' code page): the list
    was read through the text stream, a UnicodeDecodeError and a traceback. The names are
    read as bytes and decoded as the file system does."""
    code, out, err = run(world, command, "-", "--json", stdin=b"f1.toml\n" + NOT_UTF8_LINE)
    assert (code, err) == (0, "")
    envelope = json.loads(out)
    if command == "verify":
        paths = [f["path"] for f in envelope["data"]["files"]]
        assert paths == ["f1.toml", "f\udcff\udcfe.toml"]


def test_no_command_is_a_usage_error_with_the_help_on_stderr(world: World) -> None:
    """`minecheck` and `minecheck keys` alone (a script's empty "$CMD") printed the help on
    stdout, where a script reads data, and exited 2 with nothing on stderr: the help is said on
    stderr, as the framework means it, ending with the error line `minecheck --` gives."""
    for argv, hint in (([], "minecheck --help"), (["keys"], "minecheck keys --help")):
        code, out, err = run(world, *argv)
        assert (code, out) == (2, "")
        lines = err.splitlines()
        assert lines[-2:] == ["minecheck: error: Missing command.", f"  hint: {hint}"]
        assert any(line.strip().startswith("Usage: minecheck") for line in lines)


MINECHECK = console_script()
STRICT_STDIN = {"PYTHONIOENCODING": "utf-8"}  # stdin decoded strictly, as on some machines
SAMPLE = [
    # (argv, stdin, environment, exit code, the last line on stderr)
    ([], b"", {}, 2, "  hint: minecheck --help"),
    (["trust"], b"", {}, 2, "  hint: minecheck trust --help"),
    (["extract", "m1.toml", "-o", ""], b"", {}, 2, "  hint: minecheck extract --help"),
    (["checklists", "lint", ""], b"", {}, 2, "  hint: minecheck checklists lint --help"),
    (["keys", "show", "--key", "/"], b"", {}, 2,
     "minecheck: error: key file /: not a regular file (a directory)"),
    (["sign", "unsigned.toml", "--key", "."], b"", {}, 2,
     "minecheck: error: key file .: not a regular file (a directory)"),
    (["verify", "-"], NOT_UTF8_LINE, STRICT_STDIN, 0, "1 document: 1 trusted"),
    (["summary", "-", "--json"], NOT_UTF8_LINE, STRICT_STDIN, 0, None),
    (["export", "-", "f1.toml"], b"\xff\n", STRICT_STDIN, 2,
     "minecheck: error: \\udcff: no such file"),
    # a FIFO whose writer writes nothing, named where a file is read, through a real process
    (["inspect", "mini-check.toml", "--site", "X", "--tag", "coal-underground",
      "--answers", "fifo.toml"], b"", {}, 2, None),
    (["verify", "fifo.toml", "--allowed-signers", "fifo.toml"], b"", {}, 1,
     "1 document: 1 malformed"),
    (["summary", "\udcff\udcfe", "--json"], b"", {}, 2, None),  # a name in bytes, not UTF-8
    (["show", "x" * 3000], b"", {}, 2, None),
]  # fmt: skip


@pytest.mark.skipif(MINECHECK is None, reason="the console script is not installed")
@pytest.mark.parametrize(
    ("argv", "stdin", "env", "code", "last"), SAMPLE, ids=[" ".join(s[0])[:60] for s in SAMPLE]
)
def test_a_sample_through_the_console_script(
    world: World,
    argv: list[str],
    stdin: bytes,
    env: dict[str, str],
    code: int,
    last: str | None,
) -> None:
    """The command lines the hunt found, run as a user runs them: real argv bytes, real pipes,
    the interpreter's own stream set-up (which the in-process run cannot reproduce)."""
    assert MINECHECK is not None
    got = one_script_run(world, TREE, MINECHECK, argv, stdin, **env)
    assert got.code == code, got.err
    if last is not None:
        assert got.err.splitlines()[-1] == last


@pytest.mark.parametrize("ref", ["?", "*", "0b*", "[0-9]", "**"])
def test_a_draft_id_is_a_prefix_not_a_pattern(world: World, ref: str) -> None:
    """The id given to `drafts discard` and `drafts resume` was a glob pattern: `discard '?'
    --yes` (or `'0b*'`) discarded the only draft there was, and `'*'` was a traceback (a
    ValueError from pathlib). The id is matched as the start of a draft's id, character for
    character."""
    code, out, err = run(world, "drafts", "discard", ref, "--yes")
    assert (code, out) == (2, "")
    assert err == f"minecheck: error: no draft {ref}\n  hint: minecheck drafts list\n"


def test_a_draft_is_still_found_by_the_start_of_its_id(world: World) -> None:
    code, _, err = run(world, "drafts", "discard", DRAFT_ID[:4], "--yes")
    assert code == 0
    assert err == f"discarded draft {DRAFT_ID}-7c1d-4e2f-9a3b-5c6d7e8f9a0b\n"


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["summary", "f1.toml", "--format", ""], "unknown format ''"),
        (["summary", "f1.toml", "--by", ""], "cannot group by ''"),
        (["followup", "{ID}/methane-return", "--action", "accepted", "--method",
          "expert-review", "--reviewer", "", "-o", "fu2.toml"],
         "--reviewer must be non-empty text without control or invisible characters"),
        (["followup", "{ID}/methane-return", "--action", "accepted", "--method",
          "expert-review", "--reviewer", "Li", "--reviewer", " ", "-o", "fu2.toml"],
         "--reviewer must be non-empty text without control or invisible characters"),
    ],
    ids=["summary --format ''", "summary --by ''", "--reviewer ''", "--reviewer ' '"],
)  # fmt: skip
def test_an_empty_word_for_a_choice_or_a_name_is_refused(
    world: World, argv: list[str], said: str
) -> None:
    """An unset variable in a script: `summary --format ""` made the default report and
    `--by ""` no groups, where `export --format ""` is refused; `followup --reviewer ""` signed
    an accepted event reviewed by nobody named, where `inspect --inspector ""` is refused."""
    code, out, err = run(world, *(a.replace("{ID}", world.inspection) for a in argv))
    assert (code, out) == (2, "")
    assert err.splitlines()[0] == f"minecheck: error: {said}"


@pytest.mark.parametrize(
    "argv",
    [
        ["sign", "bare.toml", "--signer", "", "-o", "s.toml"],
        ["inspect", "mini-check.toml", "--site", "X", "--tag", "coal-underground",
         "--answers", "answers.toml", "--signer="],
    ],
    ids=["sign", "inspect"],
)  # fmt: skip
def test_an_empty_signer_is_refused_not_taken_for_none_given(world: World, argv: list[str]) -> None:
    """`--signer "$WHO"` with WHO unset signed as the key's recorded principal, as if no
    --signer had been given (an empty MINECHECK_SIGNER stays unset, as the passphrase's)."""
    code, out, err = run(world, *argv)
    assert (code, out) == (2, "")
    assert err.splitlines()[0] == "minecheck: error: --signer '' is not a valid principal"


@pytest.mark.parametrize("option", ["--site", "--inspector"])
def test_a_name_of_bytes_not_in_the_locales_encoding_is_said_so(world: World, option: str) -> None:
    """A name typed at a terminal set to GBK where the locale is UTF-8 (or a stray byte at a
    GB18030 one) reaches Python as lone surrogates: refused (a file cannot hold them), but
    said as "control or invisible characters", which it has none of. It names the bytes and
    the encoding the command line is read in."""
    argv = ["inspect", "mini-check.toml", "--site", "X", "--inspector", "W"]
    argv[argv.index(option) + 1] = "Mine \udcd6\udcd0"  # 中 in GBK
    code, out, err = run(
        world, *argv, "--tag", "coal-underground", "--answers", "answers.toml", "-o", "n.toml"
    )
    assert (code, out) == (2, "")
    assert err == (
        f"minecheck: error: {option} holds bytes that are not UTF-8 (\\udcd6), the encoding of"
        " the locale\n  hint: type it at a terminal set to UTF-8, or set LANG to the locale"
        " the terminal is set to\n"
    )


@pytest.mark.parametrize(
    "argv",
    [
        ["trust", "add", "--principal", "bob@coal.example", "--key", "alice.pub",
         "--allowed-signers", "binary.bin"],
        ["trust", "remove", PRINCIPAL, "--allowed-signers", "binary.bin"],
        ["trust", "revoke", "alice.pub", "--revoked-keys", "binary.bin"],
    ],
    ids=["add", "remove", "revoke"],
)  # fmt: skip
def test_a_trust_file_that_is_not_utf8_is_said_by_the_commands_that_edit_it(
    world: World, argv: list[str]
) -> None:
    """`trust add/remove/revoke` with an --allowed-signers or --revoked-keys file that is not
    UTF-8 text (found by the long hunt): a UnicodeDecodeError and a traceback, where `trust
    list` says it. Said as `trust list` says it, exit 2, the file left as it was."""
    code, out, err = run(world, *argv)
    assert (code, out) == (2, "")
    assert err == "minecheck: error: binary.bin is not UTF-8 text\n"
