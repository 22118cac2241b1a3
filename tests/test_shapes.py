"""Inputs shaped to be slow: work that grows with the input, not with its square.

Each defect found by benchmarks/shapes.py has a test here on a shape within the limits that
took minutes before (run in a subprocess under a generous bound, never timed), and a check that
the linear way reads ordinary input exactly as the pattern it replaced did.
`MINECHECK_SHAPES_EXAMPLES=N` draws N examples per comparison instead of the fixed few.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from minecheck.cli._render import SHOWN_CHARACTERS
from minecheck.core import signers, tomlpos
from minecheck.core.seal import seal
from minecheck.core.sshsig import NAMESPACE_FINDINGS
from minecheck.report import reasons_zh
from minecheck.report.labels import Labels
from minecheck.session.rules import AnswerError, number_and_unit, parse_reading
from tests.conftest import Run
from tests.helpers_docs import split_trailer
from tests.helpers_merge import Who, allowed_signers, findings, person

_LONG = os.environ.get("MINECHECK_SHAPES_EXAMPLES")
EXAMPLES = settings(
    max_examples=int(_LONG) if _LONG else 300,
    derandomize=not _LONG,
    database=None,
    deadline=None,
)
BOUND = 60  # seconds: the shapes below took minutes to hours before, a second or two now


EXE = Path(sys.executable).parent / "minecheck"


def _python(code: str) -> subprocess.CompletedProcess[str]:
    """`code` run by this Python, under BOUND (a hang fails the test, it does not stop the run)."""
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=BOUND, check=False
    )


# -- the walk's reading parser ----------------------------------------------------------------

# What the parser read a reading as before: a number, then its unit on one line.
_OLD_NUMBER = re.compile(r"\s*([+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+))\s*(\S.*?)?\s*")


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        # a unit cut by a long run of blanks: each place in the unit tried the run to its end
        ("'1 a' + ' ' * 400_000 + 'b'", "the unit of this reading is %CH4, not a b"),
        # a long number then a line break in the unit: each digit given back and tried again
        ("'1' * 400_000 + 'x\\n\\x00'", None),
    ],
    ids=["blanks-in-the-unit", "digits-then-a-line-break"],
)
def test_a_long_typed_reading_is_read_at_once(typed: str, said: str | None) -> None:
    code = (
        "from minecheck.session.rules import AnswerError, parse_reading\n"
        f"typed = {typed}\n"
        "try:\n"
        "    print(parse_reading(typed, '%CH4'))\n"
        "except AnswerError as exc:\n"
        "    print(' '.join(str(exc).split()))\n"
    )
    done = _python(code)
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"{said}\n"


_READING_PIECES = st.sampled_from(
    ["1", "0", "12", ".", ",", "+", "-", " ", "\t", "\n", "\u3000", "\xa0", "%", "CH4", "a", "٣"]
)


@EXAMPLES
@given(st.lists(_READING_PIECES, max_size=12).map("".join))
def test_a_reading_splits_as_the_pattern_it_replaced_did(typed: str) -> None:
    old = _OLD_NUMBER.fullmatch(typed)
    assert number_and_unit(typed) == (None if old is None else old.groups())


@pytest.mark.parametrize(
    ("typed", "value"),
    [("0.8", 0.8), (" 0.8 %CH4 ", 0.8), ("1,5", 1.5), ("0.8%", 0.8), (".5 %ch4", 0.5)],
)
def test_ordinary_readings_read_as_before(typed: str, value: float) -> None:
    assert parse_reading(typed, "%CH4") == value


def test_a_unit_over_two_lines_is_no_reading_and_a_wrong_unit_is_said() -> None:
    assert parse_reading("0.8 %CH4\nx", "%CH4") is None
    with pytest.raises(AnswerError, match="not ppm"):
        parse_reading("0.8  ppm  ", "%CH4")


# -- a reason in Chinese ----------------------------------------------------------------------


def test_a_reason_repeating_its_template_words_is_said_in_chinese_at_once(tmp_path: Path) -> None:
    """An unknown key of a file's own holding " in x" 100,000 times (500 kB, within a body's
    1 MiB): its reason was matched against "unknown key {key} in {what}; did you mean
    {close}?" with a try per " in " per place after it (10 minutes and more)."""
    wang = person(tmp_path, "wang")
    signed = findings(wang, ["compliant", "compliant", "compliant"])
    body, _ = split_trailer(signed)
    key = "x" + " in x" * 100_000
    body = body.replace(b"[inspection]\n", f'[inspection]\n"{key}" = 1\n'.encode(), 1)
    path = tmp_path / "odd.toml"
    path.write_bytes(seal(body, wang.signer, NAMESPACE_FINDINGS))
    trusted = allowed_signers(tmp_path / "allowed_signers", wang)
    done = subprocess.run(
        [str(EXE), "verify", "--lang", "zh", "--allowed-signers", str(trusted), str(path)],
        capture_output=True,
        text=True,
        timeout=BOUND,
        check=False,
    )
    assert done.returncode == 1
    said = done.stderr.splitlines()
    # (at a terminal the line is cut as every text from a file is, the rest counted)
    assert said[0].startswith(f"{path}:10:1: ")
    assert said[0].endswith("个字符未显示")
    assert len(said[0]) < SHOWN_CHARACTERS + 1_000
    assert said[1:] == ["共 1 份文件：文件格式错误 1 份"]
    whole = subprocess.run(
        [str(EXE), "verify", "--json", "--lang=zh", "--allowed-signers", str(trusted), str(path)],
        capture_output=True,
        text=True,
        timeout=BOUND,
        check=False,
    )
    # (said in Chinese, the whole key in it; where the key is cut, at its first " in ", is as
    # it was: the template's own words are ambiguous there)
    message = json.loads(whole.stdout)["problems"][0]["message"]
    assert "[inspection]中有未知的键" in message
    assert message.count(" in x") == 100_000 - 1


def _as_pattern(english: str) -> re.Pattern[str]:
    """The template as the pattern it was matched by before."""
    pattern = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>.+?)", re.escape(english))
    return re.compile(f"{pattern}\\Z", re.DOTALL)


def _every_template() -> list[str]:
    from minecheck.core.sshsig import FORMAT_TEMPLATES

    return sorted(
        {
            *reasons_zh.REASONS_ZH,
            *reasons_zh.SCHEMA_TEMPLATES,
            *reasons_zh.PARSER_WORDS_ZH,
            *FORMAT_TEMPLATES,
        }
    )


@st.composite
def _near_template(draw: st.DrawFn) -> tuple[str, str]:
    """A template and a text made of its own pieces: its literals, cut, repeated, in another
    order, with a little else between."""
    english = draw(st.sampled_from(_every_template()))
    literals = re.split(r"\{\w+\}", english)
    pieces = [
        p for lit in literals if lit for p in (lit, lit[: len(lit) // 2], lit[len(lit) // 2 :])
    ]
    piece = st.sampled_from([*pieces, "x", " ", "'", ": ", "\n"]) if pieces else st.just("x")
    filler = st.lists(piece, max_size=4).map("".join)
    parts = []
    for k, literal in enumerate(literals):
        if draw(st.booleans()) or not draw(st.booleans()):
            parts.append(literal)
        if k < len(literals) - 1:
            parts.append(draw(filler))
    return english, "".join(parts)


@EXAMPLES
@given(_near_template())
def test_a_template_finds_the_fields_the_pattern_found(case: tuple[str, str]) -> None:
    english, text = case
    old = _as_pattern(english).match(text)
    assert reasons_zh._Template(english).match(text) == (None if old is None else old.groupdict())


def test_no_template_names_a_field_twice() -> None:
    """Each field is found at its one place (`_Template` takes a literal's first place after
    the field before it): a field named twice could hold two different words, and the pattern
    it stands for would be a backreference, no longer found in linear time."""
    for english in _every_template():
        fields = re.findall(r"\{(\w+)\}", english)
        assert len(fields) == len(set(fields)), english


def test_every_template_reads_its_own_words_back() -> None:
    for english in _every_template():
        fields = re.findall(r"\{(\w+)\}", english)
        text = english.format(**{name: f"<{name} with {english[:9]}>" for name in fields})
        old = _as_pattern(english).match(text)
        assert old is not None
        assert reasons_zh._Template(english).match(text) == old.groupdict()


def test_reasons_in_chinese_read_as_before() -> None:
    zh = Labels("zh")
    assert zh.reason("unknown key 'sitee' in [inspection]; did you mean 'site'?") == (
        "[inspection] 表中有未知的键 'sitee'；您是指 'site' 吗？"
    )


# -- principals' patterns in allowed_signers ---------------------------------------------------


def _old_glob(name: bytes, pattern: bytes) -> bool:
    """How a principal was matched against one pattern before: a byte at a time, from each
    place the last star could end."""
    n = p = 0
    star = -1
    mark = 0
    while n < len(name):
        if p < len(pattern) and pattern[p] == ord("*"):
            star, mark = p, n
            p += 1
        elif p < len(pattern) and pattern[p] in (ord("?"), name[n]):
            n += 1
            p += 1
        elif star >= 0:
            mark += 1
            n, p = mark, star + 1
        else:
            return False
    while p < len(pattern) and pattern[p] == ord("*"):
        p += 1
    return p == len(pattern)


def test_a_long_list_of_patterns_is_matched_at_once(tmp_path: Path) -> None:
    """A trust line listing 16,000 patterns `*aa...ab` (4 MiB), and a principal of 254 a's
    and a c, the signer's own choice: each pattern was tried from each of its 255 places (16 ms
    a pattern, over four minutes a principal)."""
    wang = person(tmp_path, "wang")
    principal = "a" * 64 + "@" + "a" * 189 + "c"
    signer = Who(principal, wang.signer, wang.key)
    path = tmp_path / "signed.toml"
    path.write_bytes(findings(signer, ["compliant", "compliant", "compliant"]))
    patterns = ",".join(["*" + "a" * 254 + "b"] * 16_000 + [principal])
    trusted = tmp_path / "allowed_signers"
    trusted.write_text(f"{patterns} {Path(f'{wang.key}.pub').read_text()}")
    assert trusted.stat().st_size <= signers.MAX_TRUST_FILE_BYTES
    done = subprocess.run(
        [str(EXE), "verify", "--allowed-signers", str(trusted), str(path)],
        capture_output=True,
        text=True,
        timeout=BOUND,
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, "1 document: 1 trusted\n")
    assert done.stdout.startswith(f"{path}: trusted: signed by a trusted key ({principal} ")


_GLOB_BYTES = st.sampled_from([b"a", b"b", "é".encode(), b"\xc3", b"?", b"*", b"**", b"."])


@EXAMPLES
@given(st.lists(_GLOB_BYTES, max_size=10).map(b"".join), st.lists(_GLOB_BYTES, max_size=10))
def test_a_pattern_matches_what_it_matched_before(pattern: bytes, name: list[bytes]) -> None:
    subject = b"".join(piece for piece in name if piece not in (b"?", b"*", b"**"))
    assert signers._glob(subject, pattern) == _old_glob(subject, pattern)


def test_patterns_with_stars_and_marks_match_as_openssh_words_them() -> None:
    assert signers.match_pattern_list("wang.wei@hlj.example", "*@hlj.example")
    assert signers.match_pattern_list("wang.wei@hlj.example", "w?ng.*@*.example,!li*")
    assert not signers.match_pattern_list("li.na@hlj.example", "*@hlj.example,!li*")
    assert not signers.match_pattern_list("wang.wei@hlj.example", "*@hlj.exampl")
    assert signers.match_pattern_list("王@x", "???@x")  # a byte each: 王 is three
    assert not signers.match_pattern_list("王@x", "?@x")
    assert not signers.match_pattern_list("a@x", "a@x*?")


# -- problems beyond those listed -------------------------------------------------------------


def test_unknown_keys_beyond_those_listed_are_counted_without_a_suggestion_each(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """40,000 unknown keys (550 kB): the typo each most likely meant was looked for, though
    only the first 200 are listed (11 of 18 s of verify)."""
    from minecheck.core import schema
    from minecheck.core.docschema import read_document
    from minecheck.core.tomlio import parse_toml

    wang = person(tmp_path, "wang")
    body, _ = split_trailer(findings(wang, ["compliant", "compliant", "compliant"]))
    keys = "".join(f"sitx{k} = 1\n" for k in range(1_000))
    text = body.decode().replace("[inspection]\n", f"[inspection]\n{keys}", 1)
    looked_for: list[str] = []
    real = schema.closest

    def counted(given: str, known: object) -> str | None:
        looked_for.append(given)
        return real(given, known)  # type: ignore[arg-type]

    monkeypatch.setattr(schema, "closest", counted)
    _, problems = read_document(parse_toml(text, "odd.toml"), text, "odd.toml")
    assert len(looked_for) == schema.Validator.MAX_PROBLEMS
    assert [p.message for p in problems[:2]] == [
        "unknown key 'sitx0' in [inspection]; did you mean 'site'?",
        "unknown key 'sitx1' in [inspection]; did you mean 'site'?",
    ]
    assert problems[-1].message == "and 800 more problems, not listed"
    assert len(problems) == schema.Validator.MAX_PROBLEMS + 1


def _inspect_answers(tmp_path: Path, cli: Any, extra: str) -> Run:
    """`inspect --answers` of the coal checklist's every item not checked, and `extra`."""
    answers = tmp_path / "answers.toml"
    template = cli(
        ["checklists", "template", "coal-major-hidden-dangers", "--tag", "coal-underground"]
    )
    answers.write_text(template.stdout + extra, encoding="utf-8")
    done: Run = cli(
        [
            "inspect",
            "coal-major-hidden-dangers",
            "--site",
            "Demo",
            "--tag",
            "coal-underground",
            "--answers",
            str(answers),
            "-o",
            str(tmp_path / "out.toml"),
        ]
    )
    return done


def test_an_answers_file_of_many_unknown_items_lists_200_and_counts_the_rest(
    tmp_path: Path, cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """480,000 answers to items the checklist lacks (16 MiB): each was listed with the item it
    most likely meant (a look through every item: 7 minutes, 60 MB of messages)."""
    from minecheck.cli import _common

    looked_for: list[str] = []
    real = _common.close_to

    def counted(given: str, known: Iterable[str]) -> str | None:
        looked_for.append(given)
        return real(given, known)

    monkeypatch.setattr(_common, "close_to", counted)
    monkeypatch.setattr("minecheck.cli.inspect.close_to", counted)
    extra = "".join(f'"gas-overlimit-{k}" = "compliant"\n' for k in range(1_000))
    done = _inspect_answers(tmp_path, cli, extra)
    assert done.exit_code == 2
    lines = done.stderr.splitlines()
    assert len(looked_for) == 200
    assert lines[0].endswith(
        ": 'gas-overlimit-0' is not an item of coal-major-hidden-dangers;"
        " did you mean gas-overlimit?"
    )
    assert lines[-2:] == [
        f"{tmp_path / 'answers.toml'}: and 800 more problems, not listed",
        "minecheck: error: the answers cannot be used; nothing was written",
    ]
    assert len(lines) == 200 + 2
    assert not (tmp_path / "out.toml").exists()


def test_an_answers_file_over_1_mib_names_key_paths_and_is_not_scanned_for_positions(
    tmp_path: Path, cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A problem's line and column come from a scan of the whole text (~25 us a line: 40 s for
    16 MiB of short lines); beyond 1 MiB, as for a document, its key path is named instead."""
    from minecheck.core import schema

    scanned: list[int] = []
    real = tomlpos.key_positions

    def counted(text: str) -> Any:
        scanned.append(len(text))
        return real(text)

    monkeypatch.setattr(schema, "key_positions", counted)
    extra = "".join(f"k{k}=1\n" for k in range(150_000))  # 1.3 MB
    done = _inspect_answers(tmp_path, cli, extra)
    assert done.exit_code == 2
    assert scanned == []
    lines = done.stderr.splitlines()
    assert (
        lines[0]
        == f"{tmp_path / 'answers.toml'}: answers.k0: an answer is a result string or a table"
    )
    assert lines[-2] == f"{tmp_path / 'answers.toml'}: and 299800 more problems, not listed"


def test_a_small_answers_file_still_says_where_each_problem_is(tmp_path: Path, cli: Any) -> None:
    done = _inspect_answers(tmp_path, cli, "k0=1\n")
    assert done.exit_code == 2
    first = done.stderr.splitlines()[0]
    assert re.fullmatch(
        re.escape(str(tmp_path / "answers.toml"))
        + r":\d+:1: an answer is a result string or a table",
        first,
    )


# -- a usage error in Chinese -----------------------------------------------------------------

_OLD_NO_SUCH_COMMAND = r"No such command (?P<name>.+?)\. Did you mean (?P<names>.+)\?"


def test_a_long_unknown_command_is_said_in_chinese_at_once(tmp_path: Path) -> None:
    """A command word holding ". Did you mean x" many times: the pattern took the name at each
    of them in turn (a word of 128 kB, the most one word may be: 19 s; 640 kB from a script's
    own call: minutes)."""
    word = "x" + ". Did you mean x" * 8_000
    done = subprocess.run(
        [str(EXE), word],
        capture_output=True,
        text=True,
        timeout=BOUND,
        check=False,
        env={**os.environ, "MINECHECK_LANG": "zh"},
    )
    assert done.returncode == 2
    said = f"没有命令 '{word}'。"  # (at a terminal: cut as every message is, the rest counted)
    more = len(said) - SHOWN_CHARACTERS
    assert done.stderr.splitlines() == [
        f"minecheck: error: {said[:SHOWN_CHARACTERS]} …… 另有 {more} 个字符未显示",
        "  hint: minecheck --help",
    ]
    code = (
        "from minecheck.cli._output import usage_said\n"
        "from minecheck.i18n import set_language\n"
        "set_language('zh')\n"
        "said = usage_said(\"No such command 'x\" + '. Did you mean x' * 40_000 + \"'.\")\n"
        "print(said[:9], said[-4:], len(said))\n"
    )
    done = _python(code)
    assert (done.returncode, done.stdout) == (0, "没有命令 'x.   x'。 640009\n")


@EXAMPLES
@given(
    st.lists(
        st.sampled_from(["x", "'", ".", "?", " ", ". Did you mean ", "Did you mean", "\n"]),
        max_size=8,
    ).map("".join)
)
def test_no_such_command_is_read_as_before(rest: str) -> None:
    from minecheck.cli._output import _USAGE_ERRORS

    message = "No such command " + rest
    new = [p for p, _ in _USAGE_ERRORS if p.startswith("No such command (?>")]
    assert len(new) == 1
    old = re.fullmatch(_OLD_NO_SUCH_COMMAND, message, flags=re.S)
    now = re.fullmatch(new[0], message, flags=re.S)
    assert (old and old.groupdict()) == (now and now.groupdict())


# -- a merged file of many documents, in the reports -------------------------------------------


class _Parsed:
    """`json` as report.corpus_cache uses it, counting the bytes of JSON it reads."""

    def __init__(self) -> None:
        import json

        self.json = json
        self.read = 0

    def loads(self, text: str | bytes) -> Any:
        self.read += len(text)
        return self.json.loads(text)

    def dumps(self, value: Any, **options: Any) -> str:
        return self.json.dumps(value, **options)


@pytest.mark.parametrize("command", ["export", "summary"])
def test_a_merged_file_of_many_documents_is_read_once_not_once_a_document(
    tmp_path: Path, cli: Any, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    """A merged file's documents, 24 inspections of one mine on one day: export decoded the
    whole file's value for each document, and read it again to see whether each records a major
    (400 documents: 54 s, 3,200: an hour); pass 2 fetched it for each batch of its documents (5
    here, 500 in a run), read again from the file, signatures and all, where no cache kept it;
    and `separate-inspections` decoded it once more (it is said from what pass 1 noted now)."""
    import uuid

    from minecheck.report import batch, corpus_cache, stream, stream_files
    from tests.helpers_merge import make_merged, store_for

    wang = person(tmp_path, "wang")
    sources = [
        findings(
            wang,
            ["noncompliant", "compliant", "compliant"],
            k,
            inspection_id=str(uuid.UUID(int=k, version=4)),
        )
        for k in range(24)
    ]
    merged = tmp_path / "merged.toml"
    merged.write_bytes(make_merged(wang, sources, store_for(wang)))
    trusted = allowed_signers(tmp_path / "allowed_signers", wang)
    value = corpus_cache.encode_result(corpus_cache.read_for_cache(merged.read_bytes()))
    argv = [command, "--no-cache", "--as-of", "2026-12-01", "--allowed-signers", str(trusted)]
    argv += ["--format", "csv" if command == "export" else "json", str(merged)]
    expected = cli(argv)  # (as read with the batches as they are)

    parsed = _Parsed()
    read_again: list[str] = []
    real = stream_files._read_again

    def again(digest: bytes, path: str) -> Any:
        read_again.append(path)
        return real(digest, path)

    monkeypatch.setattr(corpus_cache, "json", parsed)
    monkeypatch.setattr(stream_files, "_read_again", again)
    monkeypatch.setattr(stream, "BATCH", 5)
    monkeypatch.setattr(batch, "cpu_count", lambda: 1)  # (every reading here, counted)
    done = cli(argv)
    assert (done.exit_code, done.stdout) == (expected.exit_code, expected.stdout)
    assert read_again == []
    assert parsed.read <= 4 * len(value), (parsed.read, len(value))
