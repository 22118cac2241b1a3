"""The session's changes attacked, round 21: a merged file's `[source]` that is not an array of
tables, and the commands in hints that name a word that is not a path."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Any

import pytest

from minecheck.core.sanitize import quoted
from minecheck.core.seal import seal, split
from minecheck.core.sshsig import NAMESPACE_MERGED
from tests.helpers_merge import allowed_signers, findings, make_merged, person, store_for
from tests.test_domain_review4 import ASKS_FOR_VIOLATION


def _one_source_as_a_table(body: bytes, padding: int) -> bytes:
    """BODY with its first source written `[source]` (a table, not an array of tables), the
    others gone, and PADDING more consolidated entries before it (a body read in pieces)."""
    start = body.index(b"[[source]]\n")
    end = body.find(b"\n\n[[source]]\n", start)
    one = body[start : end + 2 if end >= 0 else len(body)]
    extra = b"".join(
        b'[[consolidated]]\ninspection = "%08d-0000-4000-8000-000000000000"\nitem = "a"\n'
        b'result = "compliant"\nby = ["x@y.example: compliant"]\n\n' % n
        for n in range(padding)
    )
    first = body.index(b"[[consolidated]]\n")
    return body[:first] + extra + body[first:start] + one.replace(b"[[source]]", b"[source]", 1)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("size", ["small", "big"])
def test_a_merged_files_source_given_as_one_table_is_said_not_an_array_not_missing(
    cli: Any, tmp_path: Path, lang: str, size: str
) -> None:
    """`[source]` (one table) was said "a merged document needs at least one [[source]]", as if
    there were none: it is there, and not an array of tables, as `[consolidated]` is said. The
    same words for a body past a mebibyte, read in pieces."""
    alice, bob = person(tmp_path, "alice"), person(tmp_path, "bob")
    trust = allowed_signers(tmp_path / "allowed_signers", alice, bob)
    merged = make_merged(
        bob,
        [findings(alice, ["compliant", "noncompliant", "compliant"])],
        store_for(alice, bob),
        source_count=1,
    )
    body, _ = split(merged)
    path = tmp_path / "m.toml"
    forged = _one_source_as_a_table(body, 0 if size == "small" else 8_000)
    path.write_bytes(seal(forged, bob.signer, NAMESPACE_MERGED))
    assert (path.stat().st_size > 1 << 20) == (size == "big")
    run = cli(["verify", str(path), "--allowed-signers", str(trust), "--lang", lang])
    signer = f"({bob.principal} {bob.fingerprint})"
    said = {
        "en": f"{path}: malformed: source must be an array of tables {signer}",
        "zh": f"{path}: malformed: source 必须是表的数组 {signer}",
    }
    assert (run.exit_code, run.stdout.splitlines()) == (1, [said[lang]])


def _pasted(cli: Any, command: str) -> Any:
    """The command a hint gave, run as a shell would split it."""
    words = shlex.split(command.strip())
    assert words[0] == "minecheck"
    return cli(words[1:])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_pattern_that_starts_with_a_dash_is_removed_by_the_command_the_hint_gives(
    cli: Any, tmp_path: Path, lang: str
) -> None:
    """`trust remove` of a principal trusted by the pattern `-*@coal.example` named the pattern
    `./-*@coal.example` (as a path starting with `-` is written), in the sentence and in the
    command, which once pasted said "'./-*@coal.example' is not in FILE": a pattern is no path.
    It is written as it is, after `--`."""
    wang = person(tmp_path, "wang")
    key = " ".join(Path(f"{wang.key}.pub").read_text().split()[:2])
    allowed = tmp_path / "allowed_signers"
    allowed.write_text(f"-*@coal.example {key}\n")
    run = cli(
        [
            "trust",
            "remove",
            "--allowed-signers",
            str(allowed),
            "--lang",
            lang,
            "--",
            "-w@coal.example",
        ]
    )
    assert (run.exit_code, run.stdout) == (2, "")
    hint, command = run.stderr.splitlines()[1:3]
    said = {
        "en": "  hint: line 1 trusts -w@coal.example by the pattern '-*@coal.example': stop "
        "trusting it with:",
        "zh": "  hint: 第 1 行以模式 '-*@coal.example' 信任 -w@coal.example",
    }
    assert hint.startswith(said[lang])
    assert command == (
        f"    minecheck trust remove --allowed-signers {allowed} -- '-*@coal.example'"
    )
    done = _pasted(cli, command)
    assert (done.exit_code, allowed.read_text()) == (0, ""), done.stderr


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_key_never_recorded_whose_principal_starts_with_a_dash_is_imported_as_pasted(
    cli: Any, isolated_home: Path, lang: str
) -> None:
    """`-x@coal.example` is a valid principal; the `keys import` the hint gave for its key
    (made, never recorded) wrote `--principal ./-x@coal.example`, refused once pasted."""
    principal = "-x@coal.example"
    assert cli(["keys", "generate", "--principal", principal]).exit_code == 0
    (isolated_home / "keys" / "keys.toml").unlink()
    run = cli(["keys", "generate", "--principal", principal, "--lang", lang])
    assert run.exit_code == 2
    command = run.stderr.splitlines()[-1]
    key = isolated_home / "keys" / principal
    assert command == f"    minecheck keys import {key} --principal {principal}"
    done = _pasted(cli, command)
    assert done.exit_code == 0, done.stderr
    assert cli(["keys", "list", "--json"]).json()["data"]["keys"][0]["principal"] == principal


@pytest.mark.parametrize("ref", ["-ab/gas", "ab cd/gas", "ZZ/gas", "检查/项"])
def test_a_prefix_no_inspection_id_can_begin_with_is_not_sent_to_a_findings_file(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ref: str
) -> None:
    """`followup -- -ab/gas` was told to name its findings file with `minecheck followup
    ./-ab/gas ... --findings FILE`, another ref once pasted; and no file anywhere holds an
    inspection whose id (a lowercase UUID) begins `-ab`, `ab cd` or `ZZ`. The line that no
    file here holds it stays, with no hint."""
    monkeypatch.chdir(tmp_path)
    run = cli(["followup", "--action", "rectified", "--", ref])
    prefix = ref.split("/")[0]
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines() == [
        f"no findings file here holds inspection {quoted(prefix)}",
        "minecheck: error: the command line: the events cannot be used; nothing was written",
    ]


@pytest.mark.parametrize(
    ("key", "question", "warned"),
    [
        # typed with a Chinese input method on: the full-width question mark
        ("question", "Any unreported accident (hospital, insurance cross-check)？", True),
        ("question", "ANY mining beyond the licensed levels?", True),
        ("question", "Is any face concealed from the survey?", False),
        # 是否存在 as what a duty checks, not as the question asked
        ("question_zh", "是否定期排查是否存在重大事故隐患？", False),
        ("question_zh", "对是否存在超层越界开采是否进行了核查？", False),
        ("question_zh", "检查是否存在瞒报行为，并已依法处理？", False),
        ("question_zh", "是否已消除存在的隐患？", False),
        ("question_zh", "矿井是否存在越界开采？", True),
        ("question_zh", "是否按设计开采，是否存在越界开采？", True),
    ],
)
def test_asks_for_violation_warns_of_the_question_asked_not_of_what_a_duty_checks(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, key: str, question: str, warned: bool
) -> None:
    """An English "Any …？" typed with the Chinese full-width mark was not warned of, though its
    yes means the violation is there as "Any …?"'s does; 「是否定期排查是否存在重大事故隐患？」 was,
    though its yes (the checks are made) is compliant: 是否存在 after a verb of checking (排查、
    核查、检查、确认…) or 对 is what the duty looks for, not the question asked."""
    monkeypatch.chdir(tmp_path)
    text = ASKS_FOR_VIOLATION.replace("是否存在越界开采？", "按批准的范围开采。").replace(
        "Any unreported accident (hospital, insurance, social-media cross-check)?",
        "No accident goes unreported.",
    )
    line = f'{key} = "{question}"\n'
    text = (
        text.replace('question_zh = "是否开展冬季防灭火演练？"\n', line, 1)
        if key == "question_zh"
        else text.replace(
            'question = "Is there a written rescue agreement, and are there any refuges?"\n',
            line,
            1,
        )
    )
    assert line in text
    Path("hlj-crackdown.toml").write_text(text, encoding="utf-8")
    data = cli(["checklists", "lint", "--json", "hlj-crackdown.toml"]).json()
    assert data["exit_code"] == 0
    codes = [w["code"] for w in data["data"]["files"][0]["warnings"]]
    assert codes == (["asks-for-violation"] if warned else [])
