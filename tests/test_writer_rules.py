"""The bytes every signature covers, as the writer makes them (core/tomlwrite.py), and where the
position finder (core/tomlpos.py) places a problem: each rule as a reader meets it, the file
written byte for byte, read back by the standard library, verified by ssh-keygen."""

from __future__ import annotations

import shutil
import subprocess
import tomllib
from pathlib import Path
from typing import Any

import pytest

from minecheck.core import tomlwrite
from minecheck.core.sanitize import for_terminal
from minecheck.core.seal import split
from minecheck.core.tomlpos import key_positions, position_of
from tests.helpers_merge import Who, findings, person

SSH_KEYGEN = shutil.which("ssh-keygen")


@pytest.fixture(scope="module")
def who(tmp_path_factory: pytest.TempPathFactory) -> Who:
    return person(tmp_path_factory.mktemp("keys"), "wang")


def verified_by_ssh_keygen(who: Who, signed: bytes, directory: Path) -> bytes:
    """The body of `signed` once `ssh-keygen -Y verify` has accepted its signature."""
    body, armored = split(signed)
    assert armored is not None
    if SSH_KEYGEN is None:  # pragma: no cover - ssh-keygen is part of the test image
        pytest.skip("ssh-keygen is not installed")
    allowed = directory / "allowed"
    allowed.write_text(f"{who.principal} {Path(f'{who.key}.pub').read_text()}")
    (directory / "sig").write_text(armored)
    checked = subprocess.run(
        [
            *(SSH_KEYGEN, "-Y", "verify", "-f", str(allowed), "-I", who.principal),
            *("-n", "minecheck-findings-v1", "-s", str(directory / "sig")),
        ],
        input=body,
        capture_output=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stderr
    return body


# -- the writer: the last code points of the 4-digit escape and the first of the 8-digit one ------


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("\ufffe", "\\uFFFE"),  # a noncharacter: the last but one 4-digit escape
        ("\uffff", "\\uFFFF"),  # the last code point written with 4 digits
        ("\U0001d173", "\\U0001D173"),  # a format character above it: 8 digits
        ("\U000e0001", "\\U000E0001"),
        ("\U0010ffff", "\\U0010FFFF"),
    ],
)
def test_a_character_escaped_is_written_with_4_digits_up_to_uffff_and_8_beyond(
    who: Who, tmp_path: Path, text: str, written: str
) -> None:
    """`\\uFFFF` and `\\U0000FFFF` read back alike, but only one of them is the signed bytes
    the writer's rules fix (`\\uXXXX` up to U+FFFF, `\\UXXXXXXXX` beyond)."""
    description = f"gas {text} reading"
    assert tomlwrite.string(description) == f'"gas {written} reading"'
    signed = findings(who, ["noncompliant", "compliant", "compliant"], description=description)
    body = verified_by_ssh_keygen(who, signed, tmp_path)
    assert f'description = "gas {written} reading"\n'.encode() in body
    assert tomllib.loads(body.decode())["finding"][0]["description"] == description


# -- the position finder: a key written with an escape is found where it stands -----------------

CHECKLIST = Path(__file__).parent / "data" / "checklists" / "valid" / "mini-check.toml"


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ('"x\\by"', "x\by"),
        ('"x\\ty"', "x\ty"),
        ('"x\\ny"', "x\ny"),
        ('"x\\fy"', "x\fy"),
        ('"x\\ry"', "x\ry"),
        ('"x\\"y"', 'x"y'),
        ('"x\\\\y"', "x\\y"),
        ('"x\\u00e9y"', "x\u00e9y"),
        ('"x\\U0001F600y"', "x\U0001f600y"),
        ("'x\\ty'", "x\\ty"),
    ],
)
def test_an_unknown_item_written_with_an_escape_is_placed_at_its_key(
    cli: Any, tmp_path: Path, written: str, name: str
) -> None:
    """The finder decodes a quoted key as TOML does, so the problem with it is placed at the key
    (line 4, column 3), not at the `[answers]` table above it."""
    answers = tmp_path / "answers.toml"
    answers.write_text(
        '[answers]\n"gas-check-genuine" = "compliant" # it\'s "checked"\n\n  '
        f'{written} = "compliant"\nmethane-return = {{ reading = 0.2 }}\n',
        encoding="utf-8",
    )
    out = tmp_path / "f.toml"
    args = ["inspect", str(CHECKLIST), "--site", "Mine A", "--answers", str(answers)]
    run = cli([*args, "-o", str(out)])
    assert (run.exit_code, run.stdout) == (2, "")
    quoted = for_terminal("'" + name + "'")  # as given, escaped as every name is (`\\u0009`)
    assert run.stderr.splitlines()[0] == f"{answers}:4:3: {quoted} is not an item of mini-check"
    assert not out.exists()


@pytest.mark.parametrize(("extra", "where"), [(0, ":3:1"), (1, "")])
def test_a_problem_is_placed_in_a_text_of_up_to_a_mebibyte(
    cli: Any, tmp_path: Path, extra: int, where: str
) -> None:
    """Positions are worked out for a text of up to POSITIONS_MAX (1 MiB) characters; one more
    and the problem names its key without a line and column."""
    head = (
        '[answers]\n"gas-check-genuine" = "compliant"\n"nope" = "compliant"\n'
        "methane-return = { reading = 0.2 }\n"
    )
    answers = tmp_path / "answers.toml"
    answers.write_text(head + "#" + "x" * (1024 * 1024 - len(head) - 2 + extra) + "\n")
    assert answers.stat().st_size == 1024 * 1024 + extra
    out = tmp_path / "f.toml"
    args = ["inspect", str(CHECKLIST), "--site", "Mine A", "--answers", str(answers)]
    run = cli([*args, "-o", str(out)])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines()[0] == f"{answers}{where}: 'nope' is not an item of mini-check"


@pytest.mark.parametrize("quote", ['"""', "'''"])
def test_a_header_quoted_in_a_multi_line_note_does_not_move_a_problem(
    cli: Any, tmp_path: Path, quote: str
) -> None:
    """A note of several lines that quotes `[answers.nope]` holds no table: the problem with the
    real `[answers.nope]` below is placed there (line 10, column 10)."""
    answers = tmp_path / "answers.toml"
    answers.write_text(
        f"[answers.methane-return]\nreading = 0.2\nnote = {quote}quoted from the log:\n"
        f'[answers.nope]\n{quote}\n\n[answers.gas-check-genuine]\nresult = "compliant"\n\n'
        '[answers.nope]\nresult = "compliant"\n'
    )
    out = tmp_path / "f.toml"
    args = ["inspect", str(CHECKLIST), "--site", "Mine A", "--answers", str(answers)]
    run = cli([*args, "-o", str(out)])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines()[0] == f"{answers}:10:10: 'nope' is not an item of mini-check"


@pytest.mark.parametrize("empty", ['""', "''"])
def test_an_empty_note_is_no_multi_line_string(cli: Any, tmp_path: Path, empty: str) -> None:
    """`note = ""` is an empty string, not the start of a multi-line one that runs on: the problem
    below it is still placed (line 7, column 10)."""
    answers = tmp_path / "answers.toml"
    answers.write_text(
        f"[answers.methane-return]\nreading = 0.2\nnote = {empty}\n\n"
        f'[answers.gas-check-genuine]\nresult = "compliant"\n[answers.nope]\nresult = "ok"\n'
    )
    out = tmp_path / "f.toml"
    args = ["inspect", str(CHECKLIST), "--site", "Mine A", "--answers", str(answers)]
    run = cli([*args, "-o", str(out)])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines()[0] == f"{answers}:7:10: 'nope' is not an item of mini-check"


def test_a_header_written_with_blanks_around_its_dots_places_its_problem(
    cli: Any, tmp_path: Path
) -> None:
    """`[ answers . nope ]` is the table `answers.nope`: its problem is placed at `nope`
    (line 5, column 13), not at the header's start or at `[answers]`."""
    answers = tmp_path / "answers.toml"
    answers.write_text(
        '[answers]\ngas-check-genuine = "compliant"\nmethane-return . reading = 0.2\n\n'
        '[ answers . nope ]\nresult = "compliant"\n'
    )
    out = tmp_path / "f.toml"
    args = ["inspect", str(CHECKLIST), "--site", "Mine A", "--answers", str(answers)]
    run = cli([*args, "-o", str(out)])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines()[0] == f"{answers}:5:13: 'nope' is not an item of mini-check"


_ARRAYS_AND_TABLES = (
    '[t] # it\'s "here"\n'
    'a = [ "x, y", # c]\n'
    '  [1, 2], { k = "v", m = [3] },\n'
    "  'z]',\n"
    "]\n"
    'b = { c = 1, d = { e = "}" } } # e\'s\n'
    "[[t.r]]\n"
    "f = 1\n"
    "[[t.r]]\n"
    "g = [[1], [2, [3]]]\n"
)


def test_every_key_and_element_is_placed_at_its_line_and_column() -> None:
    """Each element of an array (over lines, with comments and strings holding `,` `]` `}`),
    each key of an inline table and each table of an array: where a problem there is placed."""
    assert tomllib.loads(_ARRAYS_AND_TABLES)  # a real document
    assert key_positions(_ARRAYS_AND_TABLES) == {
        ("t",): (1, 2),
        ("t", "a"): (2, 1),
        ("t", "a", 0): (2, 7),
        ("t", "a", 1): (3, 3),
        ("t", "a", 1, 0): (3, 4),
        ("t", "a", 1, 1): (3, 7),
        ("t", "a", 2): (3, 11),
        ("t", "a", 2, "k"): (3, 13),
        ("t", "a", 2, "m"): (3, 22),
        ("t", "a", 2, "m", 0): (3, 27),
        ("t", "a", 3): (4, 3),
        ("t", "b"): (6, 1),
        ("t", "b", "c"): (6, 7),
        ("t", "b", "d"): (6, 14),
        ("t", "b", "d", "e"): (6, 20),
        ("t", "r"): (7, 5),
        ("t", "r", 0): (7, 5),
        ("t", "r", 0, "f"): (8, 1),
        ("t", "r", 1): (9, 5),
        ("t", "r", 1, "g"): (10, 1),
        ("t", "r", 1, "g", 0): (10, 6),
        ("t", "r", 1, "g", 0, 0): (10, 7),
        ("t", "r", 1, "g", 1): (10, 11),
        ("t", "r", 1, "g", 1, 0): (10, 12),
        ("t", "r", 1, "g", 1, 1): (10, 15),
        ("t", "r", 1, "g", 1, 1, 0): (10, 16),
    }
    assert position_of(key_positions(_ARRAYS_AND_TABLES), ("t", "b", "d", "x", 0)) == (6, 14)
    assert position_of({}, ("t",)) is None


def test_quotes_escaped_twice_in_a_multi_line_note_end_nothing(cli: Any, tmp_path: Path) -> None:
    """An escaped triple quote, twice in a multi-line note, ends it neither time: the header
    quoted after them is still inside the note, and the problem with the real `[answers.nope]`
    is placed there."""
    answers = tmp_path / "answers.toml"
    answers.write_text(
        '[answers.methane-return]\nreading = 0.2\nnote = """one \\"""\ntwo \\"""\n'
        '[answers.nope]\n"""\n[answers.gas-check-genuine]\nresult = "compliant"\n'
        '[answers.nope]\nresult = "compliant"\n'
    )
    assert tomllib.loads(answers.read_text())["answers"]["methane-return"]["note"] == (
        'one """\ntwo """\n[answers.nope]\n'
    )
    out = tmp_path / "f.toml"
    args = ["inspect", str(CHECKLIST), "--site", "Mine A", "--answers", str(answers)]
    run = cli([*args, "-o", str(out)])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines()[0] == f"{answers}:9:10: 'nope' is not an item of mini-check"
