"""Where a TOML file written by hand is refused, and what the person who wrote it is told:
the line and column of the byte or token at fault (columns in characters, Chinese counted as
one), the encoding it seems to be in and the command that converts it, and tomli's words said
plainly for the mistakes made most."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from minecheck.core.tomlio import decode_text, parse_toml, refused, unreadable_value
from minecheck.errors import InputError, Problem

ICONV = "it reads as GB18030 text: convert it to UTF-8 with: iconv -f GB18030 -t UTF-8"
NOTEPAD = " or save it as UTF-8 (Notepad: Save as, Encoding UTF-8)"
CHINESE_GB18030 = "中文 = 1\n".encode("gb18030")


def problem_of(data: bytes, path: str = "c.toml", **options: Any) -> Problem:
    with pytest.raises(InputError) as caught:
        decode_text(data, path, **options)
    (problem,) = caught.value.problems
    return problem


def toml_problem(text: str, path: str = "c.toml") -> tuple[str, Problem]:
    with pytest.raises(InputError) as caught:
        parse_toml(text, path, data=text.encode())
    (problem,) = caught.value.problems
    return caught.value.message, problem


def test_a_byte_order_mark_is_refused_at_the_first_character() -> None:
    with pytest.raises(InputError) as caught:
        decode_text(b"\xef\xbb\xbfa = 1\n", "c.toml")
    assert caught.value.message == "c.toml starts with a byte-order mark"
    assert caught.value.problems == (
        Problem(
            "bom",
            "starts with a UTF-8 byte-order mark (BOM); save it as UTF-8 without BOM",
            "c.toml",
            1,
            1,
        ),
    )


def test_a_byte_order_mark_further_in_is_text() -> None:
    assert decode_text("a = 1\n# \ufeff\n".encode(), "c.toml") == "a = 1\n# \ufeff\n"


@pytest.mark.parametrize(
    ("data", "line", "column"),
    [
        (b"\xff", 1, 1),
        (b"# \xe4\xb8\xad\xe6\x96\x87 \xff\n", 1, 6),  # two Chinese characters are two columns
        (b'a = "x"\nb = "\xe4\xb8\xad\xff"\n', 2, 7),
        (b"a = 1\n\n\nb\xfe", 4, 2),
    ],
)
def test_a_byte_that_is_not_utf8_is_placed_by_line_and_character(
    data: bytes, line: int, column: int
) -> None:
    problem = problem_of(data)
    assert (problem.code, problem.line, problem.column) == ("not-utf8", line, column)
    bad = next(byte for byte in data if byte in (0xFE, 0xFF))
    assert problem.message == f"not UTF-8: byte 0x{bad:02x} cannot be decoded"


@pytest.mark.parametrize(
    ("data", "line", "column"),
    [(b"\r", 1, 1), (b"a = 1\r\nb = 2\r\n", 1, 6), (b"a = 1\nb = '\xe4\xb8\xad'\r\n", 2, 8)],
)
def test_a_carriage_return_is_placed(data: bytes, line: int, column: int) -> None:
    problem = problem_of(data)
    assert problem == Problem(
        "cr", "carriage return (CR) found; use LF line endings only", "c.toml", line, column
    )


def test_a_carriage_return_is_text_where_it_is_allowed() -> None:
    assert decode_text(b"a = 1\r\n", "c.toml", allow_cr=True) == "a = 1\r\n"


@pytest.mark.parametrize(
    ("path", "command"),
    [
        ("c.toml", "c.toml > c.utf-8.toml"),
        ("dir.v2/answers", "dir.v2/answers > dir.v2/answers.utf-8"),
        ("answers", "answers > answers.utf-8"),
        ("a b.toml", "'a b.toml' > 'a b.utf-8.toml'"),
    ],
)
def test_a_file_saved_as_gb18030_is_told_the_command_that_converts_it(
    path: str, command: str
) -> None:
    problem = problem_of(CHINESE_GB18030, path, written_by_hand=True)
    assert (problem.line, problem.column) == (1, 1)
    assert problem.hint == f"{ICONV} {command}{NOTEPAD}"


def test_gb18030_on_standard_input_is_told_the_command_alone() -> None:
    piped = ICONV.replace("UTF-8 with:", "UTF-8 in the pipe, before minecheck, with:")
    assert (
        problem_of(CHINESE_GB18030, "<stdin>", written_by_hand=True, stdin=True).hint
        == piped + NOTEPAD
    )


def test_gb18030_in_a_file_no_word_can_name_is_told_the_command_alone() -> None:
    """A name ending in a line break: `iconv ... > NEW` pasted would write a file of another
    name (or one named for the placeholder): the command alone, as for standard input."""
    assert problem_of(CHINESE_GB18030, "gb.toml\n", written_by_hand=True).hint == ICONV + NOTEPAD


@pytest.mark.parametrize(
    "data",
    [
        b"gar\xe7on = 1\n",  # Latin-1, ç another letter in Baltic (test_loose_ends9: é told)
        b"a = 1\n\xff\xfe\n",  # GB18030 refuses it
    ],
)
def test_bytes_that_are_not_chinese_get_no_conversion_hint(data: bytes) -> None:
    assert problem_of(data, written_by_hand=True).hint is None


def test_a_file_a_program_wrote_gets_no_conversion_hint() -> None:
    assert problem_of(CHINESE_GB18030).hint is None


def test_a_syntax_error_is_placed_where_tomli_places_it() -> None:
    message, problem = toml_problem("a = 1\n[b\n")
    assert message == "c.toml is not valid TOML"
    assert problem == Problem(
        "toml-syntax",
        "invalid TOML: Expected ']' at the end of a table declaration",
        "c.toml",
        2,
        3,
    )


@pytest.mark.parametrize("quote", ["“", "‘", "「", "＂"])
def test_a_typographic_quote_is_named(quote: str) -> None:
    _, problem = toml_problem(f"[checklist]\nid = {quote}abc{quote}\n")
    assert (problem.line, problem.column) == (2, 6)
    assert problem.message == (
        f'invalid TOML: Invalid value: text goes in straight double quotes "…", not {quote}'
    )


@pytest.mark.parametrize(
    ("value", "word"),
    [
        ("abc def", "abc"),
        ("abc,def", "abc"),
        ("[abc]", "abc"),  # (in an array)
        ("abc#note", "abc"),
        ("甲乙", "甲乙"),
        ("x" * 50, "x" * 40),
    ],
)
def test_text_without_quotes_is_shown_quoted(value: str, word: str) -> None:
    _, problem = toml_problem(f"[checklist]\nid = {value}\n")
    assert problem.line == 2
    assert (
        problem.message == f'invalid TOML: Invalid value: text goes in double quotes, e.g. "{word}"'
    )


def test_text_without_quotes_on_the_last_line_without_a_newline() -> None:
    _, problem = toml_problem("a = 1\nb = yes")
    assert (problem.line, problem.column) == (2, 5)
    assert problem.message.endswith('text goes in double quotes, e.g. "yes"')


@pytest.mark.parametrize("value", ["+", "-", "*"])
def test_an_invalid_value_not_a_word_is_said_as_tomli_says_it(value: str) -> None:
    _, problem = toml_problem(f"a = {value}\n")
    assert problem.message == "invalid TOML: Invalid value"


def test_a_key_given_twice_is_said_so() -> None:
    _, problem = toml_problem("[t]\na = 1\n  a = 2\n")
    assert (problem.line, problem.column) == (3, 8)
    assert problem.message == (
        "invalid TOML: Cannot overwrite a value: a key is given twice in one table"
    )


def test_a_table_header_given_twice_is_said_as_tomli_says_it() -> None:
    _, problem = toml_problem("[a]\nx = 1\n[a]\n")
    assert problem.message == "invalid TOML: Cannot declare ('a',) twice"


def test_an_integer_too_long_is_said_so() -> None:
    text = "a = " + "1" * 4301 + "\n"
    message, problem = toml_problem(text)
    assert message == "c.toml is not valid TOML"
    assert problem == Problem(
        "toml-value", "invalid TOML: a number is too long (more than 4300 digits)", "c.toml"
    )


def test_nesting_too_deep_and_memory_are_said_in_the_language_read() -> None:
    deep = refused(RecursionError(), "a.json", "JSON")
    assert deep.message == "a.json is nested too deeply"
    assert deep.problems == (Problem("too-deep", "invalid JSON: nested too deeply", "a.json"),)
    large = refused(MemoryError(), "a.toml", "TOML")
    assert large.message == "a.toml is too large to parse"
    assert large.problems == (Problem("too-large", "invalid TOML: too large to parse", "a.toml"),)


def test_a_value_that_cannot_be_read_for_another_reason() -> None:
    error = refused(ValueError("bad"), "a.json", "JSON")
    assert error.problems == (
        Problem("json-value", "invalid JSON: a value cannot be read", "a.json"),
    )
    assert unreadable_value(ValueError("Exceeds the limit (4300 digits)")) == (
        "a number is too long (more than 4300 digits)"
    )


def test_what_lint_prints_for_a_hand_written_checklist(cli: Any, tmp_path: Path) -> None:
    """The whole line a person reads, and the hint under it, for each kind of fault."""
    cases = {
        "bom.toml": (
            b"\xef\xbb\xbf[checklist]\n",
            "bom.toml:1:1: starts with a UTF-8 byte-order mark",
        ),
        "cr.toml": (b"[checklist]\r\n", "cr.toml:1:12: carriage return (CR) found"),
        "gb.toml": (CHINESE_GB18030, "gb.toml:1:1: not UTF-8: byte 0xd6 cannot be decoded"),
        "bare.toml": (
            b"[checklist]\nid = mine\n",
            'bare.toml:2:6: invalid TOML: Invalid value: text goes in double quotes, e.g. "mine"',
        ),
    }
    for name, (data, said) in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        result = cli(["checklists", "lint", str(path)])
        assert result.exit_code == 1, name
        assert f"{tmp_path}/{said}" in result.stdout + result.stderr, name
    out = cli(["checklists", "lint", str(tmp_path / "gb.toml")])
    line = ICONV.replace(": iconv", f":\n    mkdir -p {tmp_path}/utf-8 && iconv")
    assert f"  hint: {line} {tmp_path}/gb.toml > {tmp_path}/utf-8/gb.toml" in (
        out.stdout + out.stderr
    )  # (a checklist's converted copy keeps its name, which is its id)
