"""The script contract's loose ends, round 4: a path given to any option or argument shown as
it was given, `-o` read as the option parser read it, the version with help in any order, the
walk's evidence messages, a drafts directory that is a file, merge's refusal of a source signed
ahead of this clock, and the length of trust's `principals` error."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Protocol

import pytest

from tests.conftest import DATA, Run
from tests.helpers_docs import findings_body
from tests.helpers_merge import allowed_signers, findings, make_merged, person, store_for
from tests.test_inspect_pty import READING_PROMPT, Terminal, draft_id, ended, key, keyed, term

__all__ = ["keyed", "term"]  # fixtures

ALICE = "alice@example.org"
MINI = DATA / "checklists" / "valid" / "mini-check.toml"
ANSWERS = DATA / "answers" / "mini-good.toml"
NAMES = ("./-", "./--k")


class Cli(Protocol):
    def __call__(self, args: list[str], input: str | None = None) -> Run: ...


@pytest.fixture
def here(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder with alice's key as the default and trusted, and one signed findings
    document `doc.toml`, `plain.toml` unsigned, and `signers` trusting her."""
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    made = cli(["keys", "generate", "--principal", ALICE, "--json"])
    assert made.exit_code == 0, made.stdout
    data: dict[str, Any] = made.json()["data"]
    trusted = cli(["trust", "add", "--principal", ALICE, "--key", data["public_key_path"]])
    assert trusted.exit_code == 0
    Path("doc.toml").write_bytes(findings_body(ALICE, data["fingerprint"]))
    assert cli(["sign", "doc.toml"]).exit_code == 0
    Path("plain.toml").write_bytes(findings_body(ALICE, data["fingerprint"]))
    Path("signers").write_text(data["allowed_signers"] + "\n")
    return work


# --- 1. a path given to any option or argument is shown as it was given -----------------------

MISSING = [
    (["keys", "import", "{n}"], "key file {n} does not exist"),
    (["keys", "show", "--key", "{n}"], "public key file {n}.pub does not exist"),
    (["trust", "add", "--principal", ALICE, "--key", "{n}"], "public key file {n} does not exist"),
    (["trust", "add", "--from", "{n}"], "{n}: no such file"),
    (["trust", "list", "--allowed-signers", "{n}"], "--allowed-signers {n}: no such file"),
    (["verify", "doc.toml", "--revoked-keys", "{n}"], "--revoked-keys {n}: no such file"),
    (["sign", "plain.toml", "-o", "s.toml", "--key", "{n}"], "key file {n} does not exist"),
    (["inspect", str(MINI), "--site", "S", "--answers", "{n}"], "{n}: no such file"),
    (["inspect", "{n}.toml", "--site", "S", "--answers", str(ANSWERS)], "{n}.toml: no such file"),
]


@pytest.mark.usefixtures("here")
@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize(
    ("args", "said"), MISSING, ids=lambda v: " ".join(v[:2]) if isinstance(v, list) else ""
)
def test_a_path_not_there_is_named_as_given(
    cli: Cli, name: str, args: list[str], said: str
) -> None:
    """`keys import ./--k` said "key file --k does not exist" (read as an option), `keys
    import ./-` "-: no such file; standard input is not read here": the framework made every
    path parameter a Path, which drops `./`. Each now says the name as given, in --json too."""
    given = [a.format(n=name) for a in args]
    run = cli(given)
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines()[0] == "minecheck: error: " + said.format(n=name)
    [problem] = cli([*given, "--json"]).json()["problems"]
    assert problem["message"] == said.format(n=name)
    assert problem["path"] in (name, f"{name}.pub", f"{name}.toml")


@pytest.mark.usefixtures("here")
@pytest.mark.parametrize("name", NAMES)
def test_a_file_written_to_o_is_named_as_given(cli: Cli, name: str) -> None:
    """`inspect -o ./-.toml` and `sign -o ./--k.toml` print the file written as given, say it
    so when it is there already, and a key file there is named so by `keys import`."""
    inspect = ["inspect", str(MINI), "--site", "S", "--answers", str(ANSWERS), "-o"]
    run = cli([*inspect, f"{name}.toml"])
    assert (run.exit_code, run.stdout) == (0, f"{name}.toml\n"), run.stderr
    again = cli([*inspect, f"{name}.toml"])
    assert again.stderr.startswith(f"minecheck: error: {name}.toml already exists\n")
    signed = cli(["sign", "plain.toml", "-o", f"{name}-s.toml"])
    assert (signed.exit_code, signed.stdout) == (0, f"{name}-s.toml\n"), signed.stderr
    Path(name).write_text("not a key\n")
    Path(name).chmod(0o600)
    refused = cli(["keys", "import", name])
    assert refused.exit_code == 2
    assert f" {name} " in refused.stderr.splitlines()[0], refused.stderr


# --- 3. -o's value is the one the option parser gave it, not a word read again -----------------


@pytest.mark.usefixtures("here")
def test_o_is_the_value_the_option_parser_gave_it(cli: Cli) -> None:
    """`summary --allowed-signers -o - -o ./-` (a trust list named `-o`, the paths on stdin)
    wrote the report on standard output, not to the file `-`: the words were read again and
    `-o -` found in them, where `-o` was --allowed-signers' value."""
    Path("-o").write_text(Path("signers").read_text())
    args = ["summary", "--allowed-signers", "-o", "-", "-o", "./-", "--format", "md"]
    run = cli(args, input="doc.toml\n")
    assert (run.exit_code, run.stdout) == (0, "./-\n"), run.stderr
    assert Path("-").read_text(encoding="utf-8").startswith("# ")
    dashed = cli(["summary", "--allowed-signers", "-o", "-", "-o", "-"], input="doc.toml\n")
    assert dashed.exit_code == 0, dashed.stderr
    assert dashed.stdout.startswith("# ")


# --- 2. the version and the help together, with --lang beside them ---------------------------


def _installed(*args: str) -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).parent / "minecheck"
    env = {**os.environ, "COLUMNS": "80"}
    return subprocess.run([str(script), *args], capture_output=True, text=True, env=env)


@pytest.mark.parametrize(
    ("args", "as_without"),
    [
        (["--lang", "zh", "--version", "--help"], ["--version"]),
        (["--version", "-h", "--lang=zh"], ["--version"]),
        (["--lang", "zh", "--help", "--version"], ["--lang", "zh", "--help"]),
        (["-h", "--lang", "en", "--version"], ["--lang", "en", "--help"]),
    ],
)
def test_the_version_and_the_help_with_lang_answer_as_without_it(
    args: list[str], as_without: list[str]
) -> None:
    """`minecheck --lang zh --version --help` was a usage error ("--lang goes after the
    command's name"), where `--version --help` is the version and `--lang zh --version` and
    `--lang zh --help` each are answered: the first of the two answers, as without --lang, the
    help in the language named."""
    run = _installed(*args)
    expected = _installed(*as_without)
    assert (run.returncode, run.stderr) == (0, "")
    assert run.stdout == expected.stdout
    assert run.stdout.startswith("minecheck 0.1" if "--version" in as_without else "\n")


# --- 4. the walk's evidence messages name a file as every other message does -------------------

EVIDENCE = [
    ("./--e.jpg", "evidence file ./--e.jpg does not exist", "佐证文件 ./--e.jpg 不存在"),
    ("it's.jpg", "evidence file it's.jpg does not exist", "佐证文件 it's.jpg 不存在"),
    (
        "a\x07.jpg",
        "evidence path a\\u0007.jpg cannot be a file name on Windows (\\u0007); rename the file",
        "佐证路径 a\\u0007.jpg 在 Windows 上不能作文件名（\\u0007）；请给文件改名",
    ),
    ("adir", "evidence adir is a directory, not a file", "佐证 adir 是目录，不是文件"),
    (
        "a\\b.jpg",
        "evidence path a\\b.jpg uses backslashes; use forward slashes",
        "佐证路径 a\\b.jpg 使用了反斜杠；请使用正斜杠 /",
    ),
]


def inspected_with_evidence(cli: Cli, name: str, lang: str) -> tuple[list[str], Run]:
    """`inspect` of the mini checklist with an answers file (a.toml, here) whose methane reading
    names `name` as its evidence, on line 3: the command and how it ran."""
    Path("a.toml").write_text(
        '[answers]\n"gas-check-genuine" = "compliant"\n'
        f'"methane-return" = {{ reading = 1.3, evidence = [{json.dumps(name)}] }}\n',
        encoding="utf-8",
    )
    args = ["inspect", str(MINI), "--site", "S", "--answers", "a.toml", "--lang", lang]
    return args, cli(args)


@pytest.mark.usefixtures("here")
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(("name", "en", "zh"), EVIDENCE, ids=[e[0] for e in EVIDENCE])
def test_an_evidence_message_names_the_file_as_given(
    cli: Cli, lang: str, name: str, en: str, zh: str
) -> None:
    """Said "evidence file './--e.jpg' does not exist", `"it's.jpg"`, `'a\\x07.jpg'`: the walk's
    evidence messages showed a name as Python's repr, quoted one way or the other with its own
    escapes, where every other message names a file as given (guide-scripting §2); a backslash
    in a name was said in English in a Chinese run."""
    Path("adir").mkdir()
    Path("a\\b.jpg").write_bytes(b"photo")
    args, run = inspected_with_evidence(cli, name, lang)
    assert (run.exit_code, run.stdout) == (2, "")
    said = f"methane-return: {en}" if lang == "en" else f"methane-return：{zh}"  # (its colon)
    assert run.stderr.splitlines()[0] == f"a.toml:3:1: {said}"
    [problem] = cli([*args, "--json"]).json()["problems"][:1]
    assert problem["message"] == said.replace("a\\u0007", "a\x07")


# --- 5. a drafts directory replaced by a file -------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_drafts_directory_that_is_a_file_is_said_at_the_start(keyed: Terminal, lang: str) -> None:
    """It said "minecheck: error: PATH/drafts: File exists", exit 2, and nothing of what to do."""
    drafts = keyed.home / "drafts"
    drafts.write_text("kept\n")
    status, output = ended(keyed.inspect("--lang", lang))
    moved = f"mv {drafts} {drafts}.old"
    assert status == 2
    assert output.replace("\r\n", "\n").splitlines()[-3:] == (
        [
            f"minecheck: error: {drafts} is not a directory, and minecheck needs a directory there",
            "  hint: move it away, then run the command again; to move it:",
            f"    {moved}",
        ]
        if lang == "en"
        else [
            f"minecheck: error: {drafts} 不是目录，而 minecheck 需要在此处使用一个目录",
            "  hint: 把它移开，然后重新运行命令；移开请运行：",
            f"    {moved}",
        ]
    )
    assert drafts.read_text() == "kept\n"


def _q_with_the_drafts_in_the_way(keyed: Terminal) -> tuple[Any, str, Path]:
    """A walk with one answer, its drafts directory moved away and a file put in its place,
    then `q`: (the walk, its draft's id, the drafts path)."""
    child = keyed.inspect()
    kept = draft_id(child)
    key(child, "y")
    child.expect_exact(READING_PROMPT)
    drafts = keyed.home / "drafts"
    drafts.rename(keyed.home / "drafts.moved")
    drafts.write_text("in the way\n")
    child.sendline("q")
    return child, kept, drafts


def test_q_with_the_drafts_directory_replaced_by_a_file_keeps_the_answers(keyed: Terminal) -> None:
    """`q` when the drafts directory had become a file ended the walk "PATH/drafts: File
    exists", exit 2, every answer lost. It says why and what to do (move it away, then try
    again: not "run the command again"), asks to try again, and saves the draft once the
    directory is back."""
    child, kept, drafts = _q_with_the_drafts_in_the_way(keyed)
    child.expect_exact(f"minecheck: warning: draft {kept} could not be saved: {drafts} is not a")
    child.expect_exact("hint: move it away, then try again; to move it:\r\n")
    child.expect_exact(f"    mv {drafts} {drafts}.old\r\n")
    child.expect_exact("Try again? [Y/n] ")
    drafts.unlink()
    (keyed.home / "drafts.moved").rename(drafts)
    child.sendline("")
    status, output = ended(child)
    assert status == 0, output
    assert f"saved draft {kept}; resume with:\r\n  minecheck drafts resume {kept}\r\n" in output
    [listed] = keyed.drafts()
    assert (listed["id"], listed["answered"]) == (kept, 1)


def test_q_where_the_draft_still_cannot_be_saved_says_so(keyed: Terminal) -> None:
    child, kept, drafts = _q_with_the_drafts_in_the_way(keyed)
    child.expect_exact("Try again? [Y/n] ")
    child.sendline("n")
    status, output = ended(child)
    assert status == 2
    assert output.replace("\r\n", "\n").splitlines()[-3:] == [
        f"minecheck: error: draft {kept} could not be saved: {drafts} is not a directory, and "
        "minecheck needs a directory there",
        "  hint: move it away, then run the command again; to move it:",
        f"    mv {drafts} {drafts}.old",
    ]
    assert drafts.read_text() == "in the way\n"


# --- 6. merge's refusal of a source signed ahead of this clock names the document inside ------


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_merged_input_refused_for_a_time_inside_it_names_that_document(
    cli: Cli, tmp_path: Path, lang: str
) -> None:
    """A merged file signed five minutes ahead holds findings signed fourteen minutes ahead:
    merge said "inner-merged.toml: signed at T", T the findings' time, not the merged file's.
    It now names the findings inside it."""
    keys = tmp_path / "keys"
    keys.mkdir()
    wang, chen = person(keys, "wang"), person(keys, "chen")
    allowed_signers(tmp_path / "allowed_signers", wang, chen)
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    inner = findings(wang, ["noncompliant"] * 3, when=now + dt.timedelta(minutes=14))
    merged = tmp_path / "inner-merged.toml"
    store = store_for(wang, chen)
    merged.write_bytes(make_merged(chen, [inner], store, created=now + dt.timedelta(minutes=5)))
    run = cli(
        [
            "merge",
            str(merged),
            "-o",
            str(tmp_path / "out.toml"),
            "--allowed-signers",
            str(tmp_path / "allowed_signers"),
            "--key",
            str(chen.key),
            "--lang",
            lang,
        ]
    )
    assert run.exit_code == 2, run.stdout
    signed = (now + dt.timedelta(minutes=14)).isoformat().replace("+00:00", "Z")
    assert run.stderr.splitlines()[0] == (
        f"{merged}: {merged}#1 inside it was signed at {signed}, more than ten minutes after "
        "this computer's clock: a file merged now would say it was signed before a source it "
        "holds, and be refused as malformed"
        if lang == "en"
        else f"{merged}: 其中的 {merged}#1 签名时间 {signed} 比本机时钟晚 10 分钟以上：现在合并出的"
        "文件将声称签于它所含的来源之前，会被判为格式有误"
    )
    assert not (tmp_path / "out.toml").exists()


# --- 7. a long principals field is quoted short ------------------------------------------------

LONG_FIELD = ",".join(f"a@x{i}" for i in range(3000)) + ",!*@x*,!" + "?" * 189
LONG_SHOWN = (
    "'a@x0,a@x1,a@x2,a@x3,a@x4,a@x5,a@x6,a@x7,a@x8,a@x9,…" + "?" * 20 + "'"
    f" ({len(LONG_FIELD)} characters)"
)
NO_ONE = "names no one who can sign: no document this key signs would count"


@pytest.mark.usefixtures("here")
def test_a_long_principals_field_is_quoted_by_its_ends_and_length(cli: Cli) -> None:
    """`trust add`'s `principals` error repeated the whole field: 24 KB on one line for a field
    of 3,000 names, on stderr (cut by the terminal's limit) and whole in --json. It now quotes
    the field's first 50 and last 20 characters and says its length; a short field is quoted
    whole as before."""
    key = ["--key", str(next(Path(os.environ["MINECHECK_HOME"], "keys").glob("*.pub")))]
    run = cli(["trust", "add", "--principal", LONG_FIELD, *key])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines()[0] == f"minecheck: error: --principal {LONG_SHOWN} {NO_ONE}"
    [problem] = cli(["trust", "add", "--principal", LONG_FIELD, *key, "--json"]).json()["problems"]
    assert (problem["code"], problem["message"]) == (
        "principals",
        f"--principal {LONG_SHOWN} {NO_ONE}",
    )
    zh = cli(["trust", "add", "--principal", LONG_FIELD, *key, "--lang", "zh"])
    assert f"（共 {len(LONG_FIELD)} 个字符）" in zh.stderr.splitlines()[0]
    assert len(zh.stderr.splitlines()[0]) < 300
    line = LONG_FIELD + " " + Path(key[1]).read_text()
    Path("long.pub").write_text(line)
    listed = cli(["trust", "add", "--from", "long.pub"])
    assert listed.stderr.splitlines()[0] == f"minecheck: error: long.pub: {LONG_SHOWN} {NO_ONE}"
    short = cli(["trust", "add", "--principal", "!a@b", *key])
    assert short.stderr.splitlines()[0] == f"minecheck: error: --principal '!a@b' {NO_ONE}"
    upper = cli(["trust", "add", "--principal", "A" + LONG_FIELD, *key])
    assert upper.stderr.splitlines()[0] == (
        "minecheck: error: 'Aa@x0,a@x1,a@x2,a@x3,a@x4,a@x5,a@x6,a@x7,a@x8,a@x9…"
        + "?" * 20
        + f"' ({len(LONG_FIELD) + 1} characters) is not a valid principal"
    )
