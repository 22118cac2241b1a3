"""The script contract's loose ends: which problem makes a summary's or an export's exit 2, the
envelope's `command` for an unknown command, the Chinese left-out line, and the advice for a
public key that is not there."""

from __future__ import annotations

import ast
import errno
import importlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Protocol

import pytest

from minecheck import __version__
from minecheck.errors import MinecheckError
from tests.conftest import REPO, Run
from tests.helpers_docs import findings_body
from tests.helpers_merge import INSPECTION
from tests.test_problem_codes import source_nodes

ALICE = "alice@example.org"
SRC = REPO / "src" / "minecheck"


class Cli(Protocol):
    def __call__(self, args: list[str], input: str | None = None) -> Run: ...


@pytest.fixture
def alice(cli: Cli) -> dict[str, Any]:
    run = cli(["keys", "generate", "--principal", ALICE, "--json"])
    assert run.exit_code == 0, run.stdout
    data: dict[str, Any] = run.json()["data"]
    added = cli(["trust", "add", "--principal", ALICE, "--key", data["public_key_path"]])
    assert added.exit_code == 0
    return data


def _inbox(cli: Cli, tmp_path: Path, alice: dict[str, Any]) -> Path:
    """A folder with one trusted document, one unsigned and one link to nothing."""
    docs = tmp_path / "docs"
    docs.mkdir()
    good = docs / "good.toml"
    good.write_bytes(findings_body(ALICE, alice["fingerprint"]))
    assert cli(["sign", str(good)]).exit_code == 0
    (docs / "plain.toml").write_bytes(
        findings_body(
            ALICE, alice["fingerprint"], document_id="0b7c7f7e-9c2a-4d7e-9a57-3d1f4c2b8e11"
        )
    )
    (docs / "gone.toml").symlink_to("nowhere.toml")
    return docs


BATCH = [["summary", "--json"], ["export", "--json"]]


@pytest.mark.parametrize("command", BATCH, ids=lambda c: c[0])
def test_the_problem_that_makes_a_batch_exit_2_is_an_error_of_its_own(
    cli: Cli, tmp_path: Path, alice: dict[str, Any], command: list[str]
) -> None:
    docs = _inbox(cli, tmp_path, alice)
    out = ["-o", str(tmp_path / "out.csv")] if command[0] == "export" else []
    run = cli([*command, *out, str(docs)])
    assert run.exit_code == 2
    assert run.stderr == ""
    problems = run.json()["problems"]
    assert [p["code"] for p in problems] == ["unreadable", "unsigned", "not-all-read"]
    last = problems[-1]
    assert (
        last["message"]
        == "1 entry could not be read (each is named above): the report is made for the rest"
    )
    assert last["hint"] == "mend or move away the entries named, then run it again"
    assert last["path"] is None


@pytest.mark.parametrize("command", [["summary"], ["export"]], ids=lambda c: c[0])
def test_the_error_line_ends_stderr_in_both_languages(
    cli: Cli, tmp_path: Path, alice: dict[str, Any], command: list[str]
) -> None:
    docs = _inbox(cli, tmp_path, alice)
    run = cli([*command, str(docs)])
    assert run.exit_code == 2
    assert run.stderr.splitlines()[-2:] == [
        "minecheck: error: 1 entry could not be read (each is named above): the report is made "
        "for the rest",
        "  hint: mend or move away the entries named, then run it again",
    ]
    zh = cli([*command, "--lang", "zh", str(docs)])
    assert zh.exit_code == 2
    assert zh.stderr.splitlines()[-2:] == [
        "minecheck: error: 有 1 项无法读取（均已在上面列出）：报告已按其余文件生成",
        "  hint: 修好或移走上面列出的各项，然后再运行一次",
    ]


def test_only_files_left_out_keep_exit_0_and_no_error(
    cli: Cli, tmp_path: Path, alice: dict[str, Any]
) -> None:
    docs = _inbox(cli, tmp_path, alice)
    (docs / "gone.toml").unlink()
    run = cli(["summary", "--json", str(docs)])
    assert run.exit_code == 0
    assert [p["code"] for p in run.json()["problems"]] == ["unsigned"]


def test_the_chinese_left_out_line_has_no_ascii_colon_after_the_status(
    cli: Cli, tmp_path: Path, alice: dict[str, Any]
) -> None:
    docs = _inbox(cli, tmp_path, alice)
    run = cli(["summary", "--lang", "zh", str(docs)])
    plain = str(docs / "plain.toml")
    gone = str(docs / "gone.toml")
    lines = run.stderr.splitlines()
    assert any(
        line.startswith(f"minecheck: warning: {plain}：未计入：unsigned：") for line in lines
    )
    assert any(line.startswith(f"minecheck: warning: {gone}：未计入：") for line in lines)
    assert not any(": " in line.partition("未计入")[2] for line in lines)


def _installed(*args: str) -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).parent / "minecheck"
    return subprocess.run([str(script), *args], capture_output=True, text=True, check=False)


@pytest.mark.parametrize(
    ("args", "command"),
    [
        (["nosuch", "--json"], ""),
        (["--json", "nosuch"], ""),
        (["trust", "nosuch", "--json"], "trust"),
        (["trust", "add", "--json", "--no-such"], "trust add"),
    ],
)
def test_the_envelope_names_only_a_command_that_exists(args: list[str], command: str) -> None:
    run = _installed(*args)
    assert run.returncode == 2
    assert run.stderr == ""
    envelope = json.loads(run.stdout)
    assert envelope["command"] == command
    assert envelope["problems"][0]["code"] == "usage"


def test_a_public_key_not_there_asks_for_the_signers_pub(cli: Cli, tmp_path: Path) -> None:
    missing = tmp_path / "wang.pub"
    run = cli(["trust", "add", "--json", "--principal", ALICE, "--key", str(missing)])
    assert run.exit_code == 2
    [problem] = run.json()["problems"]
    assert problem["code"] == "key-not-found"
    assert problem["path"] == str(missing)
    assert problem["hint"] == (
        "ask the signer for their .pub file (minecheck keys show prints the line to give: "
        "trust add --from FILE)"
    )
    zh = cli(["trust", "add", "--lang", "zh", "--principal", ALICE, "--key", str(missing)])
    assert zh.stderr.splitlines()[-1] == (
        "  hint: 请向签名人索取其 .pub 文件"
        "（minecheck keys show 打印可交付的那一行：trust add --from FILE）"
    )


def _error_classes() -> list[type[MinecheckError]]:
    for module in sorted(SRC.rglob("*.py")):
        name = ".".join(module.relative_to(SRC.parent).with_suffix("").parts)
        if not name.endswith("__main__"):
            importlib.import_module(name.removesuffix(".__init__"))
    found: list[type[MinecheckError]] = []
    todo = [MinecheckError]
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(cls.__subclasses__())
    return found


def test_the_code_error_is_only_a_fallback_no_command_gives() -> None:
    """`error` stays in the catalogue as what an error without a code of its own would say; no
    error class falls back to it, and none is raised as the bare base class."""
    assert [
        c.__name__ for c in _error_classes() if c is not MinecheckError and c.code == "error"
    ] == []
    bare = [
        f"{path.name}:{node.lineno}"
        for path, node in source_nodes()
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "MinecheckError"
    ]
    assert bare == []


@pytest.fixture
def follow(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    from tests.test_followup import an_inspection_to_follow

    return an_inspection_to_follow(tmp_path, monkeypatch)


@pytest.mark.parametrize(
    ("finding", "code"),
    [
        (f"{INSPECTION}/gas-check-genuine", "not-a-hidden-danger"),  # compliant in alice.toml
        (f"0{INSPECTION[1:]}/gas-overlimit", "findings-unchecked"),  # no file here holds it
    ],
)
def test_followup_s_warnings_have_codes_of_their_own(
    cli: Cli, follow: dict[str, Any], finding: str, code: str
) -> None:
    args = ["followup", "--json", finding, "--action", "escalated", "--note", "suspended"]
    args += ["-o", "f.toml"]
    run = cli([*args, *follow["sign"]])
    assert run.exit_code == 0, run.stdout
    assert [p["code"] for p in run.json()["problems"]] == [code]


def test_every_warning_is_given_a_code_of_its_kind() -> None:
    """`Reporter.warn` has no default code: each warning says its kind (24 once said only the
    generic `warning`, which a script cannot match on)."""
    generic = [
        f"{path.name}:{node.lineno}"
        for path, node in source_nodes()
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "warn"
        and not any(k.arg == "code" for k in node.keywords)
    ]
    assert generic == []


def test_show_says_a_file_it_cannot_use_as_summary_does_in_chinese(
    cli: Cli, tmp_path: Path
) -> None:
    plain = tmp_path / "p.toml"
    plain.write_text("x = 1\n")
    run = cli(["show", "--lang", "zh", str(plain)])
    assert run.exit_code == 2
    assert run.stderr.splitlines()[-1] == (
        f"minecheck: error: {plain}：malformed：不是 minecheck 文件"
    )
    en = cli(["show", str(plain)])
    assert en.stderr.splitlines()[-1] == (
        f"minecheck: error: {plain}: malformed: not a minecheck document"
    )


# --- what a script and a Chinese reader get for --json or --lang before the command ---


def _envelope(run: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    assert run.returncode == 2
    assert run.stderr == ""
    envelope: dict[str, Any] = json.loads(run.stdout)
    assert envelope["exit_code"] == 2
    return envelope


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--json", "nosuch"], "No such command 'nosuch'."),
        (["--json", "verfy", "x.toml"], "No such command 'verfy'. Did you mean 'verify'?"),
        (["--json", "--lang", "zh", "nosuch"], "没有命令 'nosuch'。"),
        (["--json", "--lang=zh", "nosuch"], "没有命令 'nosuch'。"),
    ],
)
def test_an_unknown_command_after_json_is_said_as_an_unknown_command(
    args: list[str], message: str
) -> None:
    envelope = _envelope(_installed(*args))
    assert envelope["command"] == ""
    [problem] = envelope["problems"]
    assert (problem["code"], problem["message"]) == ("usage", message)


@pytest.mark.parametrize(
    ("args", "command", "message"),
    [
        (
            ["--json", "verify", "x.toml"],
            "verify",
            "--json goes after the command's name: minecheck verify --json ...",
        ),
        (
            ["--json", "trust", "add"],
            "trust add",
            "--json goes after the command's name: minecheck trust add --json ...",
        ),
        (
            ["trust", "--json", "list"],
            "trust list",
            "--json goes after the command's name: minecheck trust list --json ...",
        ),
        (["--json"], "", "--json goes after the command's name: minecheck COMMAND --json ..."),
    ],
)
def test_json_before_a_command_says_where_it_goes(
    args: list[str], command: str, message: str
) -> None:
    envelope = _envelope(_installed(*args))
    assert envelope["command"] == command
    [problem] = envelope["problems"]
    assert (problem["code"], problem["message"]) == ("usage", message)


@pytest.mark.parametrize(
    ("args", "hint"),
    [
        (["verify", "--json", "--bogus"], "minecheck verify --help"),
        (["trust", "add", "--json", "-Z"], "minecheck trust add --help"),
        (["--json", "verify"], "minecheck verify --help"),
        (["--json"], "minecheck --help"),
    ],
)
def test_a_usage_problem_carries_the_hint_the_terminal_shows(args: list[str], hint: str) -> None:
    """The envelope of a usage error names the help to read, as the `hint:` line on stderr
    does without --json (it was null)."""
    [problem] = _envelope(_installed(*args))["problems"]
    assert (problem["code"], problem["hint"]) == ("usage", hint)
    plain = _installed(*[a for a in args if a != "--json"] or ["--bogus"])
    assert plain.stderr.splitlines()[-1] == f"  hint: {hint}"


@pytest.mark.parametrize(
    ("args", "lines"),
    [
        (
            ["--lang", "zh", "nosuch"],
            ["minecheck: error: 没有命令 'nosuch'。", "  hint: minecheck --help"],
        ),
        (
            ["nosuch", "--lang", "zh"],
            ["minecheck: error: 没有命令 'nosuch'。", "  hint: minecheck --help"],
        ),
        (
            ["--lang", "zh", "verify", "x.toml"],
            [
                "minecheck: error: --lang 应写在命令名之后：minecheck verify --lang ...",
                "  hint: minecheck verify --help",
            ],
        ),
        (
            ["trust", "--lang", "zh", "add"],
            [
                "minecheck: error: --lang 应写在命令名之后：minecheck trust add --lang ...",
                "  hint: minecheck trust add --help",
            ],
        ),
        (
            ["trust", "nosuch", "--lang=zh"],
            ["minecheck: error: 没有命令 'nosuch'。", "  hint: minecheck trust --help"],
        ),
        (
            ["--lang", "en", "verify"],
            [
                "minecheck: error: --lang goes after the command's name: "
                "minecheck verify --lang ...",
                "  hint: minecheck verify --help",
            ],
        ),
    ],
)
def test_lang_before_a_command_is_the_language_of_the_error(
    args: list[str], lines: list[str]
) -> None:
    run = _installed(*args)
    assert (run.returncode, run.stdout) == (2, "")
    assert run.stderr.splitlines() == lines


def test_a_lang_after_the_double_dash_chooses_nothing() -> None:
    run = _installed("nosuch", "--", "--lang", "zh")
    assert run.stderr.splitlines()[0] == "minecheck: error: No such command 'nosuch'."


# --- `-` for show and merge: a list of paths on standard input, as verify, summary, export ---


def _two_signed(cli: Cli, tmp_path: Path, alice: dict[str, Any]) -> list[Path]:
    made = []
    for name, document_id in (
        ("one.toml", "0b7c7f7e-9c2a-4d7e-9a57-3d1f4c2b8e11"),
        ("two.toml", "1c8d8f8f-9c2a-4d7e-9a57-3d1f4c2b8e12"),
    ):
        path = tmp_path / name
        path.write_bytes(findings_body(ALICE, alice["fingerprint"], document_id=document_id))
        assert cli(["sign", str(path)]).exit_code == 0
        made.append(path)
    return made


def test_show_dash_reads_the_list_of_paths_on_stdin(
    cli: Cli, tmp_path: Path, alice: dict[str, Any]
) -> None:
    files = _two_signed(cli, tmp_path, alice)
    named = cli(["show", *map(str, files)])
    listed = cli(["show", "-"], input="".join(f"{f}\n" for f in files))
    assert named.exit_code == 0, named.stderr
    assert (listed.exit_code, listed.stdout, listed.stderr) == (0, named.stdout, named.stderr)


def test_merge_dash_reads_the_list_of_paths_on_stdin(
    cli: Cli, tmp_path: Path, alice: dict[str, Any]
) -> None:
    files = _two_signed(cli, tmp_path, alice)
    out = tmp_path / "merged.toml"
    run = cli(["merge", "--json", "-", "-o", str(out)], input=f"{files[0]}\n\n{files[1]}\n")
    assert run.exit_code == 0, run.stdout
    assert run.json()["data"]["source_count"] == 2
    assert cli(["verify", str(out)]).exit_code == 0


@pytest.mark.parametrize("command", [["show"], ["merge", "-o", "m.toml"]], ids=lambda c: c[0])
def test_an_empty_list_for_show_or_merge_is_said_with_what_to_do(
    cli: Cli, command: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    run = cli([*command, "--json", "-"], input="\n")
    assert run.exit_code == 2
    [problem] = run.json()["problems"]
    assert problem["code"] == "input"
    assert problem["message"] == "the list of paths on standard input is empty"
    assert problem["hint"] == "list the documents one a line, or name them on the command line"
    assert not (tmp_path / "m.toml").exists()
    zh = cli([*command, "--lang", "zh", "-"], input="")
    assert zh.stderr == (
        "minecheck: error: 标准输入上的路径列表为空\n"
        "  hint: 请每行列出一个文件，或在命令行上给出文件\n"
    )


def test_a_file_named_dash_is_still_read_as_dot_slash_dash(
    cli: Cli, tmp_path: Path, alice: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    [one, _] = _two_signed(cli, tmp_path, alice)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "-").write_bytes(one.read_bytes())
    run = cli(["show", "./-"], input="nothing.toml\n")
    assert run.exit_code == 0, run.stderr


# --- a principal that can never match a signer is refused, nothing written ---


@pytest.fixture
def a_key(cli: Cli) -> Path:
    run = cli(["keys", "generate", "--principal", ALICE, "--json"])
    assert run.exit_code == 0, run.stdout
    return Path(run.json()["data"]["public_key_path"])


@pytest.mark.parametrize(
    "principal",
    [
        "!x",
        "!a@x.org,!b@x.org",
        "x,!y@x.org",
        "a!b@x.org",
        "x?",  # no `@`: no name@domain has two characters
        "?",
        "*@hlj_example",  # `_` is no character of a domain
        "*,!*",  # every name the first admits, the second excludes
        "*@x.org,!*@x.org",
        "*@*,!?*",
    ],
)
def test_a_principal_naming_no_one_is_a_usage_error_and_nothing_is_written(
    cli: Cli, a_key: Path, isolated_home: Path, principal: str
) -> None:
    trusted = isolated_home / "allowed_signers"
    before = trusted.read_bytes() if trusted.exists() else None
    run = cli(["trust", "add", "--json", "--principal", principal, "--key", str(a_key)])
    assert run.exit_code == 2
    [problem] = run.json()["problems"]
    assert problem["code"] == "principals"
    assert problem["message"] == (
        f"--principal {principal!r} names no one who can sign: no document this key signs "
        "would count"
    )
    assert problem["hint"] == (
        "name the signer (wang.wei@hlj.example), or a pattern that matches signers "
        "(*@hlj.example,!zhao.gang@hlj.example)"
    )
    assert (trusted.read_bytes() if trusted.exists() else None) == before
    zh = cli(["trust", "add", "--lang", "zh", "--principal", principal, "--key", str(a_key)])
    assert zh.exit_code == 2
    assert zh.stderr == (
        f"minecheck: error: --principal {principal!r} 不指向任何可签名的人："
        "此密钥签署的文件都不会被计入\n"
        "  hint: 请写明签名人（wang.wei@hlj.example），或能匹配签名人的模式"
        "（*@hlj.example,!zhao.gang@hlj.example）\n"
    )


def test_a_line_from_a_file_naming_no_one_is_refused_and_nothing_is_written(
    cli: Cli, a_key: Path, isolated_home: Path, tmp_path: Path
) -> None:
    key = a_key.read_text().split()[:2]
    lines = tmp_path / "lines"
    lines.write_text(f"b@x.org {' '.join(key)}\n!y@x.org {' '.join(key)}\n")
    trusted = isolated_home / "allowed_signers"
    before = trusted.read_bytes() if trusted.exists() else None
    run = cli(["trust", "add", "--json", "--from", str(lines)])
    assert run.exit_code == 2
    [problem] = run.json()["problems"]
    assert (problem["code"], problem["path"]) == ("principals", str(lines))
    assert problem["message"] == (
        f"{lines}: '!y@x.org' names no one who can sign: no document this key signs would count"
    )
    assert (trusted.read_bytes() if trusted.exists() else None) == before


@pytest.mark.parametrize("principal", ["*@x.org", "*@x.org,!b@x.org", "a@x.org,!b@x.org"])
def test_a_pattern_that_matches_signers_is_still_taken(
    cli: Cli, a_key: Path, principal: str
) -> None:
    run = cli(["trust", "add", "--json", "--principal", principal, "--key", str(a_key)])
    assert run.exit_code == 0, run.stdout


# --- look-alike principals: the same rule wherever a key is trusted, patterns included ---


def _pub(cli: Cli, principal: str) -> str:
    run = cli(["keys", "generate", "--principal", principal, "--json"])
    assert run.exit_code == 0, run.stdout
    return str(run.json()["data"]["public_key_path"])


def _trusted(cli: Cli, principal: str, key: str) -> list[dict[str, Any]]:
    run = cli(["trust", "add", "--json", "--principal", principal, "--key", key])
    assert run.exit_code == 0, run.stdout
    problems: list[dict[str, Any]] = run.json()["problems"]
    return problems


def test_keys_generate_trust_warns_of_a_look_alike_as_trust_add_does(cli: Cli) -> None:
    first = cli(["keys", "generate", "--principal", "wang@example.org", "--trust", "--json"])
    assert first.exit_code == 0
    run = cli(["keys", "generate", "--principal", "wang@examp1e.org", "--trust", "--json"])
    assert run.exit_code == 0
    [problem] = run.json()["problems"]
    assert problem["code"] == "lookalike"
    assert problem["message"].startswith(
        "wang@examp1e.org reads like wang@example.org, already trusted for another key"
    )
    assert "wang@examp1e.org" in Path(run.json()["data"]["trusted_in"]).read_text()


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("*@example.org", "zhao@examp1e.org"),  # a name a trusted pattern matches as it reads
        ("wang@example.org", "*@examp1e.org"),  # a pattern matching what a trusted name reads
        ("*@example.org", "*@exarnple.org"),  # two patterns that read the same
        ("li.1@x.org", "li.l@x.org"),  # the digit one and the letter l, as before
    ],
)
def test_a_look_alike_of_a_pattern_is_warned_of(cli: Cli, old: str, new: str) -> None:
    assert _trusted(cli, old, _pub(cli, "a@x.org")) == []
    [problem] = _trusted(cli, new, _pub(cli, "b@x.org"))
    assert problem["code"] == "lookalike"
    assert problem["message"].startswith(f"{new} reads like {old}, already trusted")


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("*@hlj.example", "wang.wei@hlj.example"),  # matched as written: no look-alike
        ("wang.wei@hlj.example", "*@hlj.example"),
        ("*", "zhao@examp1e.org"),
        ("li.1@x.org", "li.2@x.org"),
        ("*@example.org,!wang@example.org", "li@example.org"),
    ],
)
def test_names_that_read_apart_or_match_as_written_are_not_warned_of(
    cli: Cli, old: str, new: str
) -> None:
    # (`*` is said to match every name, code anyone: no look-alike)
    codes = [p["code"] for p in _trusted(cli, old, _pub(cli, "a@x.org"))]
    assert codes == (["anyone"] if old == "*" else [])
    assert _trusted(cli, new, _pub(cli, "b@x.org")) == []


# --- the in-process runner reads `-o -` and `-o DIR/` from its own words, as the script does ---


@pytest.mark.parametrize(
    "command", [["summary"], ["export", "--format", "csv"]], ids=lambda c: c[0]
)
@pytest.mark.parametrize("dash", [["-o", "-"], ["--output=-"], ["-o-"]], ids=" ".join)
def test_dash_in_process_is_standard_output_as_from_the_console_script(
    cli: Cli,
    tmp_path: Path,
    alice: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
    command: list[str],
    dash: list[str],
) -> None:
    """sys.argv is the test runner's own here: `-o -` was read from it, and a file named `-`
    written where the console script writes to standard output."""
    [one, _] = _two_signed(cli, tmp_path, alice)
    monkeypatch.chdir(tmp_path)
    plain = cli([*command, str(one)])
    assert plain.exit_code == 0, plain.stderr
    run = cli([*command, str(one), *dash])
    assert (run.exit_code, run.stdout) == (0, plain.stdout)
    assert not (tmp_path / "-").exists()


def test_a_trailing_slash_in_process_says_a_directory_was_meant(
    cli: Cli, tmp_path: Path, alice: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    [one, _] = _two_signed(cli, tmp_path, alice)
    monkeypatch.chdir(tmp_path)
    run = cli(["summary", str(one), "--format", "csv", "-o", "out/"])
    assert run.exit_code == 2
    assert not (tmp_path / "out").exists()


# --- a completion request the shell's script never sends: exit 2, said by minecheck ---


def _completing(value: str, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).parent / "minecheck"
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("COMP_", "_TYPER"))}
    environment.update({"_MINECHECK_COMPLETE": value, "MINECHECK_LANG": "en", **env})
    return subprocess.run(
        [str(script), *args], capture_output=True, text=True, check=False, env=environment
    )


@pytest.mark.parametrize(
    ("value", "args", "env"),
    [
        ("bogus", ["--help"], {}),
        ("bogus", [], {}),
        ("bogus_zsh", ["verify"], {}),
        ("source_tcsh", [], {}),
        ("complete_bash", [], {}),  # (its words missing: a KeyError's traceback)
        ("complete_bash", [], {"COMP_WORDS": "minecheck ", "COMP_CWORD": "x"}),
    ],
)
def test_a_completion_request_no_script_sends_is_a_usage_error(
    value: str, args: list[str], env: dict[str, str]
) -> None:
    run = _completing(value, *args, **env)
    assert (run.returncode, run.stdout) == (2, "")
    assert run.stderr == (
        f"minecheck: error: _MINECHECK_COMPLETE={value} is not a completion request minecheck "
        "answers\n"
        "  hint: the shell's completion script sets it: unset _MINECHECK_COMPLETE, or install "
        "the script again:\n"
        "    minecheck --install-completion\n"
    )


def test_a_completion_request_no_script_sends_is_said_in_chinese() -> None:
    run = _completing("bogus", "--help", MINECHECK_LANG="zh")
    assert (run.returncode, run.stdout) == (2, "")
    assert run.stderr == (
        "minecheck: error: _MINECHECK_COMPLETE=bogus 不是 minecheck 能应答的补全请求\n"
        "  hint: 此变量由 shell 的补全脚本设置：请取消设置 _MINECHECK_COMPLETE，"
        "或重新安装补全脚本：\n"
        "    minecheck --install-completion\n"
    )


@pytest.mark.parametrize(
    ("value", "env"),
    [
        ("complete_bash", {"COMP_WORDS": "minecheck ver", "COMP_CWORD": "1"}),
        ("complete_zsh", {"_TYPER_COMPLETE_ARGS": "minecheck ver"}),
        ("source_bash", {}),
        ("", {}),  # (set empty: no completion asked, the command runs)
    ],
)
def test_what_the_completion_scripts_send_is_answered(value: str, env: dict[str, str]) -> None:
    run = _completing(value, "--version", **env) if not value else _completing(value, **env)
    assert run.returncode == 0, run.stderr
    assert run.stdout


# --- `-` where a command reads no standard input: said so, with what to do ---


UNSIGNED_FOLLOWUP = """[minecheck]
format = "minecheck.followup/1"

[[event]]
finding = "0b7e4c1a-2d3f-4a5b-8c6d-7e8f9a0b1c2d/gas"
action = "rectified"
at = 2026-12-01T00:18:00Z
"""


@pytest.mark.parametrize(
    "args",
    [
        ["sign", "-"],
        ["extract", "-", "-o", "out"],
        ["checklists", "lint", "-"],
        ["keys", "import", "-"],
        ["trust", "add", "--principal", "wang@hlj.example", "--key", "-"],
        ["sign", "--key", "-", "x.toml"],
        ["followup", "x/y", "--action", "closed", "--findings", "-"],
    ],
    ids=lambda a: " ".join(w for w in a if w.isalpha()),
)
def test_dash_where_no_standard_input_is_read_says_so(
    cli: Cli, args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "out").mkdir()
    (tmp_path / "x.toml").write_text(UNSIGNED_FOLLOWUP, encoding="utf-8")  # (for sign --key -)
    run = cli([*args, "--json"], input="x.toml\n")
    assert run.exit_code == 2
    [problem] = run.json()["problems"]
    assert (problem["code"], problem["path"]) == ("input", "-")
    assert problem["message"] == "-: no such file; standard input is not read here"
    assert problem["hint"] == "name the file itself (a file named - is ./-)"
    zh = cli([*args, "--lang", "zh"], input="x.toml\n")
    assert zh.stderr.splitlines()[-2:] == [
        "minecheck: error: -：文件不存在；此处不读取标准输入",
        "  hint: 请直接给出文件（名为 - 的文件写作 ./-）",
    ]


def _help(*args: str, lang: str) -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).parent / "minecheck"
    env = {**os.environ, "MINECHECK_LANG": lang, "COLUMNS": "80"}
    return subprocess.run([str(script), *args], capture_output=True, text=True, env=env)


@pytest.mark.parametrize(
    ("args", "asked"),
    [
        (["--help", "--lang", "zh"], ["--help"]),
        (["--lang", "zh", "--help"], ["--help"]),
        (["--lang=zh", "-h"], ["--help"]),
        (["keys", "--help", "--lang", "zh"], ["keys", "--help"]),
        (["trust", "--lang=zh", "-h"], ["trust", "--help"]),
    ],
)
def test_help_of_the_top_level_or_a_group_is_in_the_language_named(
    args: list[str], asked: list[str]
) -> None:
    """The top level and the groups have no --lang of their own, but a reader who asks for
    their help with `--lang zh` gets it in Chinese (it was "--lang goes after the command's
    name", which left no way to the Chinese top-level help but MINECHECK_LANG); the language
    named wins over MINECHECK_LANG, as a command's --lang does."""
    run = _help(*args, lang="en")
    assert (run.returncode, run.stderr) == (0, "")
    assert run.stdout == _help(*asked, lang="zh").stdout
    english = _help(*[w.replace("zh", "en") for w in args], lang="zh")
    assert english.stdout == _help(*asked, lang="en").stdout


@pytest.mark.parametrize(
    "args", [["--lang", "zh"], ["--lang", "zh", "--help", "keys"], ["--lang", "--help"]]
)
def test_lang_beside_more_than_help_is_still_a_usage_error(args: list[str]) -> None:
    run = _help(*args, lang="en")
    assert (run.returncode, run.stdout) == (2, "")
    assert run.stderr.startswith("minecheck: error: ")


@pytest.mark.parametrize(
    ("args", "said", "hint"),
    [
        (
            ["show", "d"],
            "d: is a directory, not a document",
            "name the files in it (FOLDER/*.toml); verify, summary and export take a folder",
        ),
        (
            ["sign", "d"],
            "d: is a directory, not a document",
            "name the files in it (FOLDER/*.toml); verify, summary and export take a folder",
        ),
        (
            ["trust", "add", "--from", "d"],
            "d: is a directory, not an allowed_signers file",
            "name the allowed_signers file itself, not its folder",
        ),
    ],
)
def test_a_folder_where_a_file_is_read_says_what_to_name_instead(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], said: str, hint: str
) -> None:
    """A folder given where one file is read (show, merge and sign take documents, not folders as
    verify does): the error says what to give instead, in both languages."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "d").mkdir()
    run = cli(args)
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines()[-2:] == [f"minecheck: error: {said}", f"  hint: {hint}"]
    zh = cli([*args, "--lang", "zh"])
    assert zh.stderr.splitlines()[-1].startswith("  hint: 请")


def test_merge_lists_a_folder_with_what_to_name_instead(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """merge says every file it cannot use before its error: a folder's line has its hint."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "d").mkdir()
    run = cli(["merge", "d", "-o", "m.toml"])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines() == [
        "d: is a directory, not a document",
        "  hint: name the files in it (FOLDER/*.toml); verify, summary and export take a folder",
        "minecheck: error: some documents cannot be merged; nothing was written",
    ]
    assert not (tmp_path / "m.toml").exists()


# --- the options before the command, then `--`, then words: minecheck's words, not the framework's


@pytest.mark.parametrize(
    "args",
    [
        ["--lang", "zh", "--version"],
        ["--version", "--lang=zh"],
        ["--lang", "en", "--version"],
        ["--lang", "zh", "--version", "--lang", "en"],
    ],
)
def test_the_version_with_lang_beside_it_is_the_version(args: list[str]) -> None:
    """The version is the same in every language: `--lang` beside it is taken as beside the
    help (it was "没有选项 --lang", exit 2)."""
    run = _installed(*args)
    assert (run.returncode, run.stdout, run.stderr) == (0, f"minecheck {__version__}\n", "")


@pytest.mark.parametrize(
    ("args", "command", "message"),
    [
        (["--json", "--", "nosuch"], "", "No such command 'nosuch'."),
        (["--json", "--lang", "zh", "--", "nosuch"], "", "没有命令 'nosuch'。"),
        (
            ["--json", "--", "show", "x.toml"],
            "show",
            "--json goes after the command's name: minecheck show --json ...",
        ),
        (
            ["trust", "--json", "--", "add"],
            "trust add",
            "--json goes after the command's name: minecheck trust add --json ...",
        ),
        (["--json", "--", "--x"], "", "No such command '--x'."),
        (
            ["--json", "--"],
            "",
            "--json goes after the command's name: minecheck COMMAND --json ...",
        ),
        (
            ["--json", "--version"],
            "",
            "--json goes after the command's name: minecheck COMMAND --json ...",
        ),
        (
            ["--json", "--lang", "zh", "--version"],
            "",
            "--json 应写在命令名之后：minecheck COMMAND --json ...",
        ),
        (
            ["--json", "--bogus", "show"],
            "",
            "--json goes after the command's name: minecheck COMMAND --json ...",
        ),
    ],
)
def test_json_before_the_double_dash_is_said_as_before_a_command(
    args: list[str], command: str, message: str
) -> None:
    """`--` ends the options: the word after it is the command's name, as the framework reads
    it; another option between `--json` and the command leaves the command unknown. It was "No
    such option: --json (Possible options: --version)"."""
    envelope = _envelope(_installed(*args))
    assert envelope["command"] == command
    [problem] = envelope["problems"]
    assert (problem["code"], problem["message"]) == ("usage", message)


@pytest.mark.parametrize(
    ("args", "lines"),
    [
        (
            ["--", "--json", "show"],
            ["minecheck: error: No such command '--json'.", "  hint: minecheck --help"],
        ),
        (
            ["--lang", "zh", "--", "--json", "show"],
            ["minecheck: error: 没有命令 '--json'。", "  hint: minecheck --help"],
        ),
        (
            ["--", "--bogus"],
            ["minecheck: error: No such command '--bogus'.", "  hint: minecheck --help"],
        ),
        (
            ["trust", "--", "--json", "add"],
            ["minecheck: error: No such command '--json'.", "  hint: minecheck trust --help"],
        ),
        (
            ["--lang", "zh", "--", "nosuch"],
            ["minecheck: error: 没有命令 'nosuch'。", "  hint: minecheck --help"],
        ),
        (
            ["--lang", "zh", "--bogus"],
            [
                "minecheck: error: --lang 应写在命令名之后：minecheck COMMAND --lang ...",
                "  hint: minecheck --help",
            ],
        ),
    ],
)
def test_a_word_after_the_double_dash_is_a_command_s_name(
    args: list[str], lines: list[str]
) -> None:
    """A word after `--` where a command is named is a name, even one that starts with `-`,
    and no envelope is asked by a `--json` after `--` (it was "No such option: --json. Did you
    mean 'show'?")."""
    run = _installed(*args)
    assert (run.returncode, run.stdout) == (2, "")
    assert run.stderr.splitlines() == lines


# --- a path named on the command line is shown as it was named -------------------------------

ODD = ["./-", "./--x.toml", " sp.toml", "./ sp.toml"]


@pytest.fixture
def odd_names(
    cli: Cli, tmp_path: Path, alice: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Signed copies of one document named `-`, `--x.toml` and ` sp.toml`; an unsigned one
    named `--u.toml`; the folder they are in is the current one."""
    [one, _] = _two_signed(cli, tmp_path, alice)
    for name in ("-", "--x.toml", " sp.toml"):
        (tmp_path / name).write_bytes(one.read_bytes())
    unsigned = findings_body(
        ALICE, alice["fingerprint"], document_id="2d9e9f9f-9c2a-4d7e-9a57-3d1f4c2b8e13"
    )
    (tmp_path / "--u.toml").write_bytes(unsigned)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.usefixtures("odd_names")
@pytest.mark.parametrize("given", ODD)
def test_show_heads_a_document_with_its_path_as_named(cli: Cli, given: str) -> None:
    """`show ./-` was headed `-` (standard input's name), `show ./--x.toml` `--x.toml`."""
    run = cli(["show", given])
    assert run.exit_code == 0, run.stderr
    assert run.stdout.splitlines()[0] == f"{given}  minecheck.findings/1"
    [document] = cli(["show", "--json", given]).json()["data"]["documents"]
    assert document["path"] == given


@pytest.mark.usefixtures("odd_names")
def test_verify_names_each_file_as_named(cli: Cli) -> None:
    run = cli(["verify", *ODD[:3]])
    assert run.exit_code == 0, run.stderr
    assert [line.partition(": trusted:")[0] for line in run.stdout.splitlines()] == ODD[:3]
    files = cli(["verify", "--json", *ODD[:3]]).json()["data"]["files"]
    assert [f["path"] for f in files] == ODD[:3]


@pytest.mark.usefixtures("odd_names")
def test_merge_names_each_file_as_named(cli: Cli) -> None:
    run = cli(["merge", "--json", "./-", "./--x.toml", "two.toml", "-o", "m.toml"])
    assert run.exit_code == 0, run.stdout
    assert run.json()["data"]["skipped"] == [{"path": "./--x.toml", "same_as": "./-"}]
    again = cli(["merge", "./-", "./--x.toml", "two.toml", "-o", "m2.toml"])
    assert "./--x.toml is the same file as ./-; it is merged once" in again.stderr.splitlines()


@pytest.mark.usefixtures("odd_names")
@pytest.mark.parametrize("command", [["summary"], ["export", "-o", "out.csv"]], ids=str)
def test_summary_and_export_name_a_file_left_out_as_named(cli: Cli, command: list[str]) -> None:
    run = cli([*command, "--json", "./--u.toml", "two.toml"])
    [problem] = run.json()["problems"]
    assert problem["path"] == "./--u.toml"
    assert problem["message"] == "./--u.toml: left out: unsigned: the document is not signed"


@pytest.mark.parametrize(
    ("command", "said"),
    [
        (["show"], "./-: no such file"),
        (["merge", "-o", "m.toml"], "no such file"),  # (its problem names the file)
        (["verify"], "./-: no such file"),
        (["summary"], "./-: no such file"),
        (["export"], "./-: no such file"),
    ],
    ids=lambda c: str(c[0]) if isinstance(c, list) else "",
)
def test_a_file_named_dot_slash_dash_not_there_is_no_standard_input(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str], said: str
) -> None:
    """`./-` names a file: one not there said "-: no such file; standard input is not read
    here", with the hint to write `./-`."""
    monkeypatch.chdir(tmp_path)
    run = cli([*command, "--json", "./-"])
    assert run.exit_code == 2
    problem = run.json()["problems"][0]
    assert (problem["message"], problem["path"], problem["hint"]) == (said, "./-", None)


# --- a name with a control character, bytes not UTF-8, a bidi control or a line break --------

ODD_BYTES = [b"c\x01d.toml", b"\xd6\xd0.toml", "b\u202eb.toml".encode(), b"n\nl.toml"]


@pytest.mark.parametrize("raw", ODD_BYTES, ids=repr)
def test_show_verify_and_merge_show_an_odd_name_by_one_rule(
    cli: Cli, tmp_path: Path, alice: dict[str, Any], monkeypatch: pytest.MonkeyPatch, raw: bytes
) -> None:
    """On a terminal, in a pipe and in messages the name is shown with what a terminal would act
    on escaped (`for_terminal`: `\\u0001`, `\\udcd6` for a byte not UTF-8, `\\u202e`,
    `\\u000a`); in `--json` it is the name as Python decodes it, whose bytes `os.fsencode`
    gives back."""
    from minecheck.core.sanitize import for_terminal

    [one, _] = _two_signed(cli, tmp_path, alice)
    monkeypatch.chdir(tmp_path)
    name = os.fsdecode(raw)
    Path(name).write_bytes(one.read_bytes())
    shown = for_terminal(name)
    assert cli(["show", name]).stdout.splitlines()[0] == f"{shown}  minecheck.findings/1"
    assert cli(["verify", name]).stdout.startswith(f"{shown}: trusted: ")
    merged = cli(["merge", name, "one.toml", "-o", "m.toml"])
    assert f"one.toml is the same file as {shown}; it is merged once" in merged.stderr
    [document] = cli(["show", "--json", name]).json()["data"]["documents"]
    [file] = cli(["verify", "--json", name]).json()["data"]["files"]
    [skipped] = cli(["merge", "--json", name, "one.toml", "-o", "m2.toml"]).json()["data"][
        "skipped"
    ]
    assert os.fsencode(document["path"]) == os.fsencode(file["path"]) == raw
    assert os.fsencode(skipped["same_as"]) == raw


@pytest.mark.parametrize(
    ("command", "said"),
    [
        (["show"], "a\\u0000b.toml: not a usable file name"),
        (["verify"], "a\\u0000b.toml: not a usable file name"),
        (["merge", "-o", "m.toml"], "a\\u0000b.toml: not a usable file name"),
    ],
    ids=lambda c: str(c[0]) if isinstance(c, list) else "",
)
def test_a_nul_in_a_listed_name_is_said_alike(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str], said: str
) -> None:
    """A NUL listed on stdin: show and merge said it as Python writes it (`'a\\x00b.toml'`),
    merge with the name twice; verify as `\\u0000`, as every other character is shown."""
    monkeypatch.chdir(tmp_path)
    run = cli([*command, "-"], input="a\0b.toml\n")
    assert run.exit_code == 2
    assert said in run.stderr.splitlines()[0].removeprefix("minecheck: error: ")
    [problem, *_] = cli([*command, "--json", "-"], input="a\0b.toml\n").json()["problems"]
    assert problem["path"] == "a\0b.toml"


@pytest.mark.usefixtures("odd_names")
@pytest.mark.parametrize(
    ("command", "given"),
    [
        (["merge", "two.toml"], ["-o", "./-"]),
        (["merge", "two.toml"], ["--output=./--m.toml"]),
        (["summary", "two.toml"], ["-o", "./--s.md"]),
        (["export", "two.toml"], ["-o./--e.csv"]),
    ],
    ids=lambda c: " ".join(c),
)
def test_the_file_written_is_named_as_minus_o_named_it(
    cli: Cli, command: list[str], given: list[str]
) -> None:
    """`merge -o ./-` printed `-` for the file it wrote (read as standard output), `summary -o
    ./--s.md` `--s.md` (read as an option), and `--json` said the same in `path`."""
    spelled = given[-1].removeprefix("--output=").removeprefix("-o")
    Path("-").unlink()  # (the fixture's)
    run = cli([*command, *given])
    assert (run.exit_code, run.stdout) == (0, f"{spelled}\n"), run.stderr
    assert Path(spelled).is_file()
    refused = cli([*command, *given])
    assert refused.stderr.startswith(f"minecheck: error: {spelled} already exists\n")
    again = cli([*command, *given, "--force", "--json"])
    assert again.json()["data"]["path"] == spelled


@pytest.mark.parametrize(
    ("args", "command"),
    [
        (["--", "show", "--json", "--bogus"], "show"),
        (["--", "trust", "add", "--json", "--bogus"], "trust add"),
        (["--", "show", "--lang", "zh", "--json", "--bogus"], "show"),
        (["--", "trust", "--json", "add"], "trust add"),
    ],
)
def test_a_command_after_the_double_dash_keeps_its_own_json(args: list[str], command: str) -> None:
    """`minecheck -- show --json ...`: the `--` is the top level's, and show takes its --json
    (any other error is the envelope); a usage error was plain English text on stderr, the
    words after that `--` read as no option."""
    envelope = _envelope(_installed(*args))
    assert envelope["command"] == command
    [problem] = envelope["problems"]
    zh = "--lang" in args
    said = "没有选项 --bogus" if zh else "No such option: --bogus"
    if "--bogus" not in args:  # (a group's)
        said = "--json goes after the command's name: minecheck trust add --json ..."
    assert (problem["code"], problem["message"]) == ("usage", said)


def test_a_command_after_the_double_dash_keeps_its_own_lang() -> None:
    run = _installed("--", "show", "--lang", "zh", "--bogus")
    assert (run.returncode, run.stdout) == (2, "")
    assert run.stderr.splitlines() == [
        "minecheck: error: 没有选项 --bogus",
        "  hint: minecheck show --help",
    ]
    helped = _help("--", "show", "--lang", "zh", "--help", lang="en")
    assert helped.stdout == _help("show", "--help", lang="zh").stdout


# --- what the mutation of the contract's code showed untested ----------------------------------


def test_only_the_first_word_after_the_double_dash_is_a_name_whatever_it_starts_with() -> None:
    """`minecheck --json -- trust --bogus list`: the word after `--` names the group; the next,
    an option of that group, is no command's name, so the --json is said to go after the
    command's name, not "No such command '--bogus'"."""
    envelope = _envelope(_installed("--json", "--", "trust", "--bogus", "list"))
    assert envelope["command"] == "trust"
    [problem] = envelope["problems"]
    assert (problem["code"], problem["message"]) == (
        "usage",
        "--json goes after the command's name: minecheck trust COMMAND --json ...",
    )


@pytest.mark.parametrize("option", ["--lang", "-o"])
def test_a_command_s_own_option_without_its_value_says_so(option: str) -> None:
    """`minecheck summary --lang` (the value left out) is the framework's "requires an
    argument", not "--lang goes after the command's name", which is said only of an option
    written before the command."""
    run = _installed("summary", option)
    assert (run.returncode, run.stdout) == (2, "")
    assert run.stderr.splitlines() == [
        f"minecheck: error: Option '{option}' requires an argument.",
        "  hint: minecheck summary --help",
    ]


# --- what the mutation of the top level's reading of its words showed untested -----------------


@pytest.mark.parametrize(
    ("args", "asked"),
    [
        (["--lang", "zh", "--help", "-h"], ["--help"]),
        (["keys", "--lang=zh", "-h", "--help"], ["keys", "--help"]),
    ],
)
def test_help_asked_twice_with_lang_is_still_the_help_in_that_language(
    args: list[str], asked: list[str]
) -> None:
    """`minecheck --lang zh --help -h` asks for the help as `--lang zh --help` does: the Chinese
    help, not "--lang goes after the command's name"."""
    run = _help(*args, lang="en")
    assert (run.returncode, run.stderr) == (0, "")
    assert run.stdout == _help(*asked, lang="zh").stdout


def test_a_group_s_version_with_lang_says_where_lang_goes() -> None:
    """Only the top level has a version: `minecheck trust --lang zh --version` is the usage
    error of the `--lang` before the group's command, in the language named (not the group's
    "no such option --version")."""
    run = _help("trust", "--lang", "zh", "--version", lang="en")
    assert (run.returncode, run.stdout) == (2, "")
    assert run.stderr.splitlines() == [
        "minecheck: error: --lang 应写在命令名之后：minecheck trust COMMAND --lang ...",
        "  hint: minecheck trust --help",
    ]


def test_an_option_after_the_double_dash_with_words_after_it_is_no_command() -> None:
    """`minecheck -- --bogus show`: the word after `--` is the command's name whatever follows
    it, so it is said to be no command, as `minecheck -- --bogus` alone says (not the
    framework's "No such option")."""
    run = _installed("--", "--bogus", "show")
    assert (run.returncode, run.stdout) == (2, "")
    assert run.stderr.splitlines() == [
        "minecheck: error: No such command '--bogus'.",
        "  hint: minecheck --help",
    ]


# --- the contract as a table: every command that takes --json x the errors a script meets ----

ZHAO = "zhao.gang@example.org"  # a key no one trusts
LI = "li.na@example.org"  # a key trusted, then revoked
FIELDS = ["minecheck", "command", "ok", "exit_code", "data", "problems"]
PROBLEM = ["code", "message", "path", "line", "column", "hint"]


def _signed_elsewhere(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, home: Path, principal: str, doc: Path, n: int
) -> Path:
    """DOC signed with a key of PRINCIPAL made in HOME (another computer's); its public key."""
    with monkeypatch.context() as there:
        there.setenv("MINECHECK_HOME", str(home))
        made = cli(["keys", "generate", "--principal", principal, "--json"])
        assert made.exit_code == 0, made.stdout
        key = made.json()["data"]
        document_id = f"0b7c7f7e-9c2a-4d7e-9a57-3d1f4c2b8e1{n}"
        doc.write_bytes(findings_body(principal, key["fingerprint"], document_id=document_id))
        assert cli(["sign", str(doc)]).exit_code == 0
    return Path(key["public_key_path"])


@pytest.fixture
def handed_in(
    cli: Cli, alice: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """In the current directory: good.toml (trusted), untrusted.toml, revoked.toml (its key
    revoked), damaged.toml (cut short), plain.toml (unsigned), an empty folder `adir`, a file
    `afile`."""
    monkeypatch.chdir(tmp_path)
    good = tmp_path / "good.toml"
    good.write_bytes(findings_body(ALICE, alice["fingerprint"]))
    assert cli(["sign", "good.toml"]).exit_code == 0
    _signed_elsewhere(cli, monkeypatch, tmp_path / "zhao", ZHAO, tmp_path / "untrusted.toml", 1)
    li = _signed_elsewhere(cli, monkeypatch, tmp_path / "li", LI, tmp_path / "revoked.toml", 2)
    assert cli(["trust", "add", "--principal", LI, "--key", str(li)]).exit_code == 0
    assert cli(["trust", "revoke", str(li)]).exit_code == 0
    (tmp_path / "damaged.toml").write_bytes(good.read_bytes()[:300])
    (tmp_path / "adir").mkdir()
    (tmp_path / "afile").write_text("")
    (tmp_path / "plain.toml").write_bytes(findings_body(ALICE, alice["fingerprint"]))
    return tmp_path


def _cells() -> list[Any]:
    """(command line, exit code, the problems' codes): the files of `handed_in` given to each
    command that reads one, as SPEC's exit codes say (a verdict 1, an input refused 2)."""
    reads = {
        "verify": {"missing": 2, "dir": 2, "damaged": 1, "untrusted": 1, "revoked": 1},
        "show": {"missing": 2, "dir": 2, "damaged": 2, "untrusted": 0, "revoked": 2},
        "summary": dict.fromkeys(["missing", "dir", "damaged", "untrusted", "revoked"], 2),
        "export --format csv": dict.fromkeys(["missing", "dir", "damaged", "untrusted"], 2),
        "merge -o m.toml": dict.fromkeys(["missing", "dir", "damaged", "untrusted", "revoked"], 2),
        "sign": dict.fromkeys(["missing", "dir", "damaged"], 2),
        "checklists lint": {"missing": 2, "dir": 2, "damaged": 1},
        "checklists show": {"missing": 2, "damaged": 2},
        "keys import": dict.fromkeys(["missing", "dir", "damaged"], 2),
        "trust revoke": dict.fromkeys(["missing", "dir", "damaged"], 2),
        f"trust add --principal {ALICE} --key": dict.fromkeys(["missing", "dir", "damaged"], 2),
        "inspect coal-major-hidden-dangers --site S --tag coal-underground -o i.toml --answers": (
            dict.fromkeys(["missing", "dir", "damaged"], 2)
        ),
    }
    names = {
        "missing": "nope.toml",
        "dir": "adir",
        "damaged": "damaged.toml",
        "untrusted": "untrusted.toml",
        "revoked": "revoked.toml",
    }
    cells = [
        pytest.param([*command.split(), names[kind]], code, id=f"{command.split()[0]}-{kind}")
        for command, kinds in reads.items()
        for kind, code in kinds.items()
    ]
    cells += [
        pytest.param([*line.split(), "afile/out"], 2, id=f"{line.split()[0]}-output-through-a-file")
        for line in THROUGH_A_FILE
    ]
    return cells


THROUGH_A_FILE = [
    "merge good.toml -o",
    "sign plain.toml -o",
    "summary good.toml -o",
    "export good.toml --format csv -o",
    "extract good.toml -o",
    "inspect coal-major-hidden-dangers --site S --tag coal-underground --answers answers.toml"
    " --allow-incomplete -o",
]


BAD_OPTION = [
    "verify good.toml",
    "show good.toml",
    "summary good.toml",
    "export good.toml",
    "merge good.toml -o m.toml",
    "sign good.toml",
    "extract good.toml -o out",
    "followup good.toml#x --action closed",
    "inspect coal-major-hidden-dangers --site S",
    "checklists list",
    "checklists show coal-major-hidden-dangers",
    "checklists lint afile",
    "checklists template coal-major-hidden-dangers",
    "drafts list",
    "drafts resume 0b7c7f7e",
    "drafts discard 0b7c7f7e",
    "keys list",
    "keys show",
    "keys path",
    "keys generate --principal a@example.org",
    "trust list",
    "trust remove a@example.org",
]


def _keys_of(value: Any) -> Any:
    """The shape of a JSON value: its keys all the way down (the values left out)."""
    if isinstance(value, dict):
        return {key: _keys_of(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_keys_of(item) for item in value]
    return None


def _one_envelope(run: Run, args: list[str], exit_code: int) -> dict[str, Any]:
    """SPEC §5: one envelope on stdout, with the process's exit code, and nothing on stderr."""
    assert run.stderr == "", run.stderr
    envelope: dict[str, Any] = json.loads(run.stdout)  # (exactly one document: else it raises)
    assert list(envelope) == FIELDS
    assert (run.exit_code, envelope["exit_code"], envelope["ok"]) == (
        exit_code,
        exit_code,
        exit_code == 0,
    )
    assert envelope["minecheck"] == 1
    assert args[0].startswith(envelope["command"].split()[0])
    for problem in envelope["problems"]:
        assert list(problem) == PROBLEM
        assert isinstance(problem["code"], str), problem
        assert problem["code"], problem
        for field in ("message", "hint"):
            said = problem[field] or ""
            assert "\n" not in said, problem  # (a command on a line of its own: one line here)
            assert "Traceback" not in said, problem
    return envelope


@pytest.mark.usefixtures("handed_in")
@pytest.mark.parametrize(("args", "exit_code"), _cells())
def test_every_command_s_failure_is_one_envelope_alike_in_both_languages(
    cli: Cli, args: list[str], exit_code: int, tmp_path: Path
) -> None:
    """For each command and each kind of error: one envelope, SPEC's exit code, nothing on
    stderr; `--lang zh` gives the same exit code, keys, codes and paths, with the messages in
    Chinese. Nothing is written by a failed run."""
    (tmp_path / "answers.toml").write_text('[answers]\n"gas-overlimit" = "compliant"\n')
    before = sorted(p.name for p in tmp_path.iterdir())
    en = _one_envelope(cli([*args, "--json"]), args, exit_code)
    zh = _one_envelope(cli([*args, "--json", "--lang", "zh"]), args, exit_code)
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert _keys_of(zh) == _keys_of(en)
    assert zh["command"] == en["command"]
    where = [(p["code"], p["path"], p["line"], p["column"]) for p in en["problems"]]
    assert [(p["code"], p["path"], p["line"], p["column"]) for p in zh["problems"]] == where
    assert en["problems"] or exit_code != 2, en  # (a verdict is data: verify's files)
    for problem in zh["problems"]:
        assert not problem["message"].isascii(), problem  # (said in Chinese, codes kept)


@pytest.mark.usefixtures("handed_in")
@pytest.mark.parametrize("line", BAD_OPTION)
def test_a_bad_option_is_one_envelope_of_usage_in_both_languages(line: str) -> None:
    """An option no command has, from the console script (a usage error's envelope is made
    before any command runs): exit 2, code `usage`, in both languages."""
    args = [*line.split(), "--nosuch", "--json"]
    en, zh = (_installed(*args, "--lang", lang) for lang in ("en", "zh"))
    said = [_one_envelope(Run(run.returncode, run.stdout, run.stderr), args, 2) for run in (en, zh)]
    assert [[p["code"] for p in envelope["problems"]] for envelope in said] == [["usage"]] * 2
    words = line.split()
    command = " ".join(
        words[:2] if words[0] in ("checklists", "drafts", "keys", "trust") else words[:1]
    )
    assert said[0]["command"] == said[1]["command"] == command


@pytest.mark.usefixtures("handed_in")
@pytest.mark.parametrize("line", THROUGH_A_FILE, ids=lambda line: line.split()[0])
@pytest.mark.parametrize(
    ("lang", "said"), [("en", "afile is not a directory"), ("zh", "afile 不是目录")]
)
def test_an_output_through_a_file_is_said_alike_by_every_command(
    cli: Cli, line: str, lang: str, said: str
) -> None:
    """`-o afile/out` with `afile` a file: inspect and extract said "afile is not a directory"
    (`usage`, as of a directory not there), merge, sign, summary and export "afile/out: cannot
    write: Not a directory; nothing was written" (`input`): one kind of error, one answer."""
    args = [*line.split(), "afile/out", "--lang", lang]
    envelope = _one_envelope(cli([*args, "--json"]), args, 2)
    assert [(p["code"], p["message"], p["path"]) for p in envelope["problems"]] == [
        ("usage", said, "afile")
    ]
    run = cli(args)
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines()[0] == f"minecheck: error: {said}"


def _refused_to_read(monkeypatch: pytest.MonkeyPatch, name: str, number: int) -> None:
    """Opening NAME fails with NUMBER (errno), as a file of mode 0 does for any user but root
    (the suite may run as root, which reads every file)."""
    real = os.open

    def refusing(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if os.fspath(path).endswith(name):
            raise OSError(number, os.strerror(number), os.fspath(path))
        return real(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing)


READ_BY_NAME = [
    "show",
    "sign --force",
    "checklists show",
    "inspect coal-major-hidden-dangers --site S --tag coal-underground -o i.toml --answers",
    "followup x#gas --action closed -o f.toml --findings",
]


@pytest.mark.usefixtures("handed_in")
@pytest.mark.parametrize("command", READ_BY_NAME, ids=lambda c: c.split()[0])
@pytest.mark.parametrize(
    ("lang", "number", "said"),
    [
        ("en", errno.EACCES, "good.toml: cannot read: Permission denied"),
        ("zh", errno.EACCES, "good.toml：无法读取：权限不足"),
        ("en", errno.EIO, "good.toml: cannot read: Input/output error"),
        ("zh", errno.EIO, "good.toml：无法读取：输入/输出错误"),
    ],
)
def test_a_file_that_cannot_be_read_is_said_in_the_system_s_words_by_every_command(
    cli: Cli,
    monkeypatch: pytest.MonkeyPatch,
    command: str,
    lang: str,
    number: int,
    said: str,
) -> None:
    """A file the system refuses to open: "cannot read: " and the system's words, in Chinese
    the words of `os_words` (`权限不足`), as for any other error and in summary, export,
    keys and trust. A refused permission alone said "permission denied" (`没有权限`)."""
    _refused_to_read(monkeypatch, "good.toml", number)
    args = [*command.split(), "good.toml", "--lang", lang]
    envelope = _one_envelope(cli([*args, "--json"]), args, 2)
    assert [(p["code"], p["message"], p["path"]) for p in envelope["problems"]] == [
        ("input", said, "good.toml")
    ]


@pytest.mark.usefixtures("handed_in")
@pytest.mark.parametrize(
    ("lang", "said"),
    [("en", "cannot read: Permission denied"), ("zh", "无法读取：权限不足")],
)
@pytest.mark.parametrize("command", ["verify", "merge -o m.toml"], ids=lambda c: c.split()[0])
def test_verify_and_merge_say_a_refused_file_as_the_rest_do(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, command: str, lang: str, said: str
) -> None:
    _refused_to_read(monkeypatch, "good.toml", errno.EACCES)
    args = [*command.split(), "good.toml", "--lang", lang]
    envelope = _one_envelope(cli([*args, "--json"]), args, 2)
    first = envelope["problems"][0]
    assert (first["code"], first["message"], first["path"]) == (
        "unreadable",
        said,
        "good.toml",
    )


@pytest.mark.usefixtures("handed_in")
@pytest.mark.parametrize("number", [errno.EACCES, errno.EIO], ids=errno.errorcode.get)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_lint_of_a_file_that_cannot_be_read_is_exit_2_as_a_missing_one(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, number: int, lang: str
) -> None:
    """SPEC's 2 is "an input that cannot be read": lint said 1, its verdict on a checklist,
    of a file it could not open (and 2 of a file not there)."""
    _refused_to_read(monkeypatch, "good.toml", number)
    args = ["checklists", "lint", "good.toml", "--lang", lang]
    envelope = _one_envelope(cli([*args, "--json"]), args, 2)
    assert [(p["code"], p["path"]) for p in envelope["problems"]] == [("input", "good.toml")]
    run = cli(args)
    assert (run.exit_code, run.stdout) == (2, "")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_kept_y_is_an_unfinished_answer_in_the_drafts_envelopes(
    cli: Cli, isolated_home: Path, tmp_path: Path, lang: str
) -> None:
    """A `y` stopped at its evidence prompt (kept with the file given): `drafts list --json`
    counts it unfinished, `drafts resume --json` without a terminal is a usage error whose
    hint is one line, `drafts discard --yes --json` removes it; one envelope each, nothing on
    stderr, the same in both languages but for the words."""
    from minecheck.core.checklist import load_checklist
    from minecheck.paths import bundled_checklists_dir
    from minecheck.session import draft as drafts
    from tests.test_session_unit import DRAFT_ID, new_draft

    checklist = load_checklist(bundled_checklists_dir() / "coal-major-hidden-dangers.toml")
    kept = new_draft(checklist, tmp_path / "out.toml")
    kept.unfinished = {"gas-overlimit": {"result": "compliant", "evidence": ["ev/meter.jpg"]}}
    drafts.save(isolated_home / "drafts", kept)

    args = ["drafts", "list", "--lang", lang]
    listed = _one_envelope(cli([*args, "--json"]), args, 0)
    [row] = listed["data"]["drafts"]
    assert (row["id"], row["answered"], row["unfinished"]) == (DRAFT_ID, 0, 1)

    args = ["drafts", "resume", DRAFT_ID[:8], "--lang", lang]
    refused = _one_envelope(cli([*args, "--json"]), args, 2)
    assert [p["code"] for p in refused["problems"]] == ["usage"]
    assert refused["problems"][0]["hint"]  # (one line: `_one_envelope`)

    args = ["drafts", "discard", DRAFT_ID[:8], "--yes", "--lang", lang]
    gone = _one_envelope(cli([*args, "--json"]), args, 0)
    assert (gone["data"], gone["problems"]) == ({"discarded": DRAFT_ID}, [])
    assert list((isolated_home / "drafts").glob("*.toml")) == []
