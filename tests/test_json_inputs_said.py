"""An answers file or events in JSON are told JSON's words (an object, not a table), and a JSON
array is read as JSON, not as a TOML table header; a TOML file is told and read as before."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers_merge import INSPECTION, Who, person
from tests.test_cli_signing import Cli
from tests.test_small_faults import MINI

REF = f"{INSPECTION}/gas-overlimit"
EVENT = f'[[event]]\nfinding = "{REF}"\naction = "rectified"\nx = 1\n'


def _answered(cli: Cli, name: str, text: str, lang: str) -> list[str]:
    """The lines `inspect --answers` says of the file, having refused it and written nothing."""
    Path(name).write_text(text, encoding="utf-8")
    run = cli(["inspect", str(MINI), "--site", "Mine A", "--answers", name, "--lang", lang])
    assert (run.exit_code, run.stdout) == (2, "")
    assert sorted(p.name for p in Path.cwd().iterdir()) == [name]
    return run.stderr.splitlines()


# --- the types an answers file is told of: JSON's in JSON, TOML's in TOML ----------------------

TYPED = [
    ("en", "a.json", '{"answers": []}', "a.json: answers: answers must be an object"),
    ("zh", "a.json", '{"answers": []}', "a.json: answers: answers 必须是对象"),
    ("en", "a.toml", "answers = []\n", "a.toml:1:1: answers must be a table"),
    ("zh", "a.toml", "answers = []\n", "a.toml:1:1: answers 必须是表"),
    (
        "en",
        "a.json",
        '{"answers": {"gas-check-genuine": 1}}',
        "a.json: answers.gas-check-genuine: an answer is a result string or an object",
    ),
    (
        "zh",
        "a.json",
        '{"answers": {"gas-check-genuine": 1}}',
        "a.json: answers.gas-check-genuine: 回答应是一个结论字符串或一个对象",
    ),
    (
        "en",
        "a.toml",
        '[answers]\n"gas-check-genuine" = 1\n',
        "a.toml:2:1: an answer is a result string or a table",
    ),
    (
        "zh",
        "a.toml",
        '[answers]\n"gas-check-genuine" = 1\n',
        "a.toml:2:1: 回答应是一个结论字符串或一个表",
    ),
]


@pytest.mark.parametrize(("lang", "name", "text", "said"), TYPED)
def test_an_answers_file_names_its_types_in_its_own_form(
    cli: Cli,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    name: str,
    text: str,
    said: str,
) -> None:
    """A JSON answers file was told `must be a table` and `a result string or a table`: JSON
    says object. A TOML file keeps TOML's word."""
    monkeypatch.chdir(tmp_path)
    assert said in _answered(cli, name, text, lang)


# --- a JSON array is JSON ----------------------------------------------------------------------

NOT_AN_OBJECT = {
    "en": 'a.json: an answers file in JSON is an object: {"answers": {...}}',
    "zh": 'a.json：JSON 答案文件应是一个对象：{"answers": {...}}',
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(
    "text", ["[1]", '["answers"]', "[]", '\n  [{"gas-check-genuine": "compliant"}]\n', "[[1]]"]
)
def test_an_answers_file_in_a_json_array_is_refused_as_json(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, text: str
) -> None:
    """`[1]` was read as TOML ("unknown key '1'"), `[]` was "invalid TOML": a JSON array is
    JSON, and an answers file in JSON is an object."""
    monkeypatch.chdir(tmp_path)
    lines = _answered(cli, "a.json", text, lang)
    assert lines == [f"minecheck: error: {NOT_AN_OBJECT[lang]}"]


BROKEN_JSON = {
    "en": ("a.json:{at}: invalid JSON: {what}", "minecheck: error: a.json is not valid JSON"),
    "zh": ("a.json:{at}: JSON 格式错误：{what}", "minecheck: error: a.json 不是有效的 JSON"),
}
BROKEN_WHAT = {
    "Expecting value": {"en": "Expecting value", "zh": "此处应为一个值"},
    "Expecting ',' delimiter": {"en": "Expecting ',' delimiter", "zh": "此处应为分隔符 ','"},
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(
    ("text", "at", "what"),
    [
        ('[{"gas-check-genuine": "compliant"},]', "1:37", "Expecting value"),
        ("[1, 2", "1:6", "Expecting ',' delimiter"),
        (
            '\n[\n  {"gas-check-genuine": "compliant"}\n  {"x": 1}\n]\n',
            "4:3",
            "Expecting ',' delimiter",
        ),
    ],
)
def test_a_broken_json_array_is_told_where_json_breaks(
    cli: Cli,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    text: str,
    at: str,
    what: str,
) -> None:
    """A JSON array whose first line is no TOML table header is JSON, broken or not: a comma
    too many or a bracket missing is said where JSON breaks, never as invalid TOML."""
    monkeypatch.chdir(tmp_path)
    lines = _answered(cli, "a.json", text, lang)
    first, last = BROKEN_JSON[lang]
    assert lines == [first.format(at=at, what=BROKEN_WHAT[what][lang]), last]


@pytest.mark.parametrize(
    "text",
    [
        '[answers]\n"gas-check-genuine" = "compliant"\n"x" = "compliant"\n',
        '[ "answers" ]\n"gas-check-genuine" = "compliant"\n"x" = "compliant"\n',
        '[\'answers\'] # made by hand\n"gas-check-genuine" = "compliant"\n"x" = "compliant"\n',
        '[answers."gas-check-genuine"]\nresult = "compliant"\n[answers.x]\nresult = "compliant"\n',
        '[answers.gas-check-genuine]\nresult = "compliant"\n[answers.x]\nresult = "compliant"\n',
        '[answers."gas\\u002dcheck-genuine"]\nresult = "compliant"\n'
        '[answers.x]\nresult = "compliant"\n',
        '# the answers /* of\n[answers] # 5 December */\n"x" = "compliant"\n',
    ],
)
def test_a_toml_answers_file_beginning_with_a_table_is_still_toml(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    """Read as TOML: the unknown item is said at its line and column."""
    monkeypatch.chdir(tmp_path)
    lines = _answered(cli, "a.toml", text, "en")
    assert any(line.startswith("a.toml:3:") and "'x' is not an item" in line for line in lines)


# --- events ------------------------------------------------------------------------------------


@pytest.fixture
def who(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Who:
    (tmp_path / "work").mkdir()
    monkeypatch.chdir(tmp_path / "work")
    return person(tmp_path, "ent")


EVENT_SAID = {
    "en": "<stdin>: the event: an event is an object",
    "zh": "<stdin>: 该事件：事件应为一个对象",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("text", ["[1]", '["a"]', "[[1]]", ' [ ["minecheck"] ]', '{"event": [1]}'])
def test_an_event_in_json_that_is_no_object_is_told_so(
    cli: Cli, who: Who, lang: str, text: str
) -> None:
    """`[[1]]` was read as TOML (`unknown key '1'; events are [[event]] tables`), and every
    JSON event that was no object was told `an event is a table`."""
    args = ["followup", "--events", "-", "-o", "f.toml", "--lang", lang]
    run = cli([*args, "--key", str(who.key), "--signer", who.principal], text)
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines()[0] == EVENT_SAID[lang]
    assert not Path("f.toml").exists()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_toml_event_that_is_no_table_is_told_so(cli: Cli, who: Who, lang: str) -> None:
    """TOML keeps its word: `event = [1]` is an event that is no table."""
    args = ["followup", "--events", "-", "-o", "f.toml", "--lang", lang]
    run = cli([*args, "--key", str(who.key), "--signer", who.principal], "event = [1]\n")
    assert (run.exit_code, run.stdout) == (2, "")
    said = {
        "en": "<stdin>:1: event 1: an event is a table",
        "zh": "<stdin>:1: 第 1 个事件：事件应为一个表",
    }
    assert run.stderr.splitlines()[0] == said[lang]


@pytest.mark.parametrize(
    "text",
    [
        EVENT,
        f'# by hand\n[minecheck]\ntool = "t"\n{EVENT}',
        f'[ "minecheck" ]\ntool = "t"\n{EVENT}',
    ],
)
def test_toml_events_beginning_with_a_table_are_still_toml(cli: Cli, who: Who, text: str) -> None:
    """Read as TOML: the unknown key is said at its line and column."""
    args = ["followup", "--events", "-", "-o", "f.toml"]
    run = cli([*args, "--key", str(who.key), "--signer", who.principal], text)
    assert run.exit_code == 2
    assert any(
        line.startswith("<stdin>:") and "unknown key 'x' in event" in line
        for line in run.stderr.splitlines()
    ), run.stderr


HEADER_SAID = {
    "en": (
        "<stdin>: \"minecheck\" format must be 'minecheck.followup/1' here",
        "<stdin>: minecheck.foo: unknown key 'foo' in \"minecheck\"",
        "minecheck: error: <stdin>: \"minecheck\" signer is 'x@y.example', but you sign as",
    ),
    "zh": (
        "<stdin>: 此处 \"minecheck\" 的 format 必须为 'minecheck.followup/1'",
        "<stdin>: minecheck.foo: \"minecheck\" 对象中有未知的键 'foo'",
        "minecheck: error: <stdin>：\"minecheck\" 的 signer 为 'x@y.example'，但您以",
    ),
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_header_of_json_events_is_named_as_json_names_it(cli: Cli, who: Who, lang: str) -> None:
    """JSON events' header is the `"minecheck"` object: it was told `[minecheck] format must
    be ...`, `unknown key 'foo' in [minecheck]`, `[minecheck] signer is ...`, TOML's table."""
    event = f'"event": [{{"finding": "{REF}", "action": "rectified"}}]'
    args = ["followup", "--events", "-", "-o", "f.toml", "--lang", lang]
    signing = ["--key", str(who.key), "--signer", who.principal]
    bad = '{"minecheck": {"format": "x", "foo": 1}, ' + event + "}"
    run = cli([*args, *signing], bad)
    assert (run.exit_code, run.stdout) == (2, "")
    lines = run.stderr.splitlines()
    assert lines[:2] == list(HEADER_SAID[lang][:2])
    other = '{"minecheck": {"signer": "x@y.example"}, ' + event + "}"
    run = cli([*args, *signing], other)
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.startswith(HEADER_SAID[lang][2])
    assert not Path("f.toml").exists()


COMMENTED_HINT = {
    "en": "  hint: JSON has no comments: remove the lines that begin with // or #",
    "zh": "  hint: JSON 不能有注释：请删去以 // 或 # 开头的行",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(
    ("mark", "before", "at"),
    [
        ("//", "", "1:1"),
        ("#", "", "1:1"),
        # indented, after a blank line, a blank line between two, Windows line ends
        ("//", "\r\n  ", "2:3"),
        ("#", "\r\n\t", "2:2"),
        # a form feed or a lone CR (classic Mac line ends) before it
        ("//", "\f", "1:1"),
        ("//", "\r", "1:2"),
    ],
)
def test_a_json_answers_file_with_a_comment_is_told_json_has_none(
    cli: Cli,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    mark: str,
    before: str,
    at: str,
) -> None:
    """A JSON file that begins with a comment line (as an editor's JSON with comments allows)
    was read as TOML and refused as "not valid TOML", to someone who wrote JSON: it is JSON,
    refused where its comment is, with what to do."""
    monkeypatch.chdir(tmp_path)
    answers = '{"answers": {"gas-check-genuine": "compliant"}}'
    end = "\r\n" if before else "\n"
    text = f"{before}{mark} the answers{end}{end}{mark} of 5 December{end}{answers}{end}"
    lines = _answered(cli, "a.json", text, lang)
    assert lines == _no_value_said(at, COMMENTED_HINT[lang], lang)


def _no_value_said(at: str, hint: str, lang: str) -> list[str]:
    """The lines of a JSON file refused at `at`, where a value was due, with `hint` under the
    problem it explains."""
    first, last = BROKEN_JSON[lang]
    return [first.format(at=at, what=BROKEN_WHAT["Expecting value"][lang]), hint, last]


BLOCK_HINT = {
    "en": "  hint: JSON has no comments: remove them (// or # to the line's end, /* to */)",
    "zh": "  hint: JSON 不能有注释：请删去注释（// 或 # 至行尾，/* 至 */）",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(
    ("before", "at"),
    [
        ("/* the answers of 5 December */\n", "1:1"),
        ("/*\n * the answers\n * of 5 December\n */\n", "1:1"),
        ("// the answers\n  /* of 5 December */ ", "1:1"),
        ("\n\n  /* the answers */ ", "3:3"),
        # C's comments do not nest: the second `*/` is JSON's error
        ("/* the /* answers */ */\n", "1:1"),
        # a line comment ended by a lone CR (classic Mac line ends)
        ("// the answers\r/* of 5 December */ ", "1:1"),
    ],
)
def test_a_json_answers_file_with_a_block_comment_is_told_json_has_none(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, before: str, at: str
) -> None:
    """JSON with comments has `/* ... */` too: a file beginning with one was refused as "not
    valid TOML" to someone who wrote JSON. It is JSON, refused where its first comment is,
    with every kind of comment to remove."""
    monkeypatch.chdir(tmp_path)
    # (a comment's end in the text after it ends no comment: the comment ends at its own)
    answers = '{"answers": {"gas-check-genuine": {"result": "compliant", "note": "*/"}}}'
    lines = _answered(cli, "a.json", f"{before}{answers}\n", lang)
    assert lines == _no_value_said(at, BLOCK_HINT[lang], lang)


TOML_REFUSED = {
    "en": "minecheck: error: a.toml is not valid TOML",
    "zh": "minecheck: error: a.toml 不是有效的 TOML",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(
    ("text", "at"),
    [
        # classic Mac line ends: TOML ends a line only at LF or CR LF
        ('[answers]\r"gas-check-genuine" = "compliant"\r', "1:10"),
        ('# the answers\r[answers]\r"gas-check-genuine" = "compliant"\r', "1:14"),
        ('# the answers\r\n# of 5 December\r[answers]\r"x" = "compliant"\r', "2:16"),
    ],
)
def test_a_toml_answers_file_with_lone_crs_is_told_as_toml(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, text: str, at: str
) -> None:
    """A TOML answers file saved with lone CRs (a TOML comment, a table header on its own line)
    was told JSON: "Expecting value" at a header's second character, or "JSON has no comments"
    for a TOML comment. Its first line is a table header (or a TOML comment): it is TOML, refused
    at its first lone CR, which TOML does not read as a line end."""
    monkeypatch.chdir(tmp_path)
    lines = _answered(cli, "a.toml", text, lang)
    assert not any("JSON" in line for line in lines)
    assert lines[-1] == TOML_REFUSED[lang]
    assert lines[0].startswith(f"a.toml:{at}: ")  # (at the lone CR)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("// the answers of 5 December\n", COMMENTED_HINT),
        ("// the answers\r\n\r\n// of 5 December", COMMENTED_HINT),
        ("/* the answers of 5 December */\n", BLOCK_HINT),
    ],
)
def test_a_json_answers_file_of_comments_alone_is_told_json_has_none(
    cli: Cli,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    text: str,
    hint: dict[str, str],
) -> None:
    """A file holding JSON's comments and nothing else (the answers not yet pasted) was told
    "invalid TOML: Invalid statement": no TOML text has a `//` or `/*`. It is JSON with no
    value, refused at its first comment (1:1), with the comments to remove."""
    monkeypatch.chdir(tmp_path)
    lines = _answered(cli, "a.json", text, lang)
    assert lines == _no_value_said("1:1", hint[lang], lang)


def test_a_toml_answers_file_of_comments_alone_is_still_toml(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """TOML's own comments, and nothing else: an empty TOML document, missing its answers."""
    monkeypatch.chdir(tmp_path)
    lines = _answered(cli, "a.toml", "# the answers of 5 December\n\n", "en")
    assert "JSON" not in "\n".join(lines)
    assert "missing required key 'answers'" in "\n".join(lines)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(
    ("text", "what", "at"),
    [
        (
            '{"answers": {"gas-check-genuine": "compliant" // as seen\n}}\n',
            "Expecting ',' delimiter",
            "1:47",
        ),
        ('{"answers": /* all */ {"gas-check-genuine": "compliant"}}\n', "Expecting value", "1:13"),
    ],
)
def test_a_comment_inside_json_is_told_json_has_none(
    cli: Cli,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    text: str,
    what: str,
    at: str,
) -> None:
    """A comment after the JSON begins (where JSON's parser stops) gets the hint too, with
    every kind of comment to remove: its line was not before the text."""
    monkeypatch.chdir(tmp_path)
    lines = _answered(cli, "a.json", text, lang)
    first, last = BROKEN_JSON[lang]
    assert lines == [first.format(at=at, what=BROKEN_WHAT[what][lang]), BLOCK_HINT[lang], last]


@pytest.mark.parametrize(
    ("before", "hint"),
    [
        ("// the answers\r", COMMENTED_HINT),  # (a comment line ended by a lone CR)
        ("\f/* the answers */ ", BLOCK_HINT),  # (a form feed before a block comment)
        ("\f\n// the answers\n", COMMENTED_HINT),  # (a line of a form feed before a comment)
    ],
)
def test_comments_after_a_lone_cr_or_a_form_feed_are_told_as_comments(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, before: str, hint: dict[str, str]
) -> None:
    """Each is a comment before the JSON, said with the hint of its kind: lines that begin
    with // or #, or every kind where a block comment is."""
    monkeypatch.chdir(tmp_path)
    lines = _answered(cli, "a.json", before + '{"answers": {}}\n', "en")
    first, last = BROKEN_JSON["en"]
    assert lines == [first.format(at="1:1", what="Expecting value"), hint["en"], last]
