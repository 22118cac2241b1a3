"""Mutation round 120: tests that kill the mutants of the warnings' roll-up (`_rolled`, the
reporter's rolled warnings, merge's refusal), the envelope's spool, `Hung.widest`, a damaged
draft's reasons, the site codes' cut and the encoding hints' patterns that the tests before them
let live."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.helpers_merge import INSPECTION
from tests.test_loose_ends27 import people
from tests.test_loose_ends35 import work
from tests.test_loose_ends37 import WHOLE
from tests.test_loose_ends38 import NOT_OURS, REFUSED, merger

__all__ = ["merger", "people", "work"]  # the fixtures

TWO_MORE = {
    "en": "2 more malformed problems are not shown here; --json lists every one",
    "zh": "另有 2 条 malformed 问题未在此显示；--json 列出全部",
}
BINARY = "not a minecheck document"
ONE_MORE = "1 more {code} warning is not shown here; --json lists every one"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_merge_refusal_of_twelve_files_counts_two_problems(
    cli: Any, merger: list[str], lang: str
) -> None:
    """Two refused files past ten are counted as problems, not warnings (the plural's own
    branch: one and three were tested)."""
    names = [f"x{i:02d}.toml" for i in range(12)]
    for i, name in enumerate(names):
        Path(name).write_text(f"garbage [ {i}\n")
    run = cli(["merge", *names, *merger, "--lang", lang])
    told = [f"{name}: {NOT_OURS[lang]}" for name in names[:10]]
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines() == [*told, TWO_MORE[lang], REFUSED[lang]]


def _unverified(count: int) -> str:
    """`count` copies of alice's findings file in ./work, each its signature broken and its
    inspection the one the events file (ev.toml) names; that id."""
    from tests.helpers_merge import INSPECTION
    from tests.test_loose_ends37 import _unknown

    text, [iid] = _unknown(1)
    signed = Path("alice.toml").read_bytes().replace(INSPECTION.encode(), iid.encode())
    for i in range(count):
        Path(f"copy{i:02d}.toml").write_bytes(signed)
    Path("ev.toml").write_text(text)
    return iid


def test_followup_s_rolled_warnings_keep_their_hints(cli: Any, work: dict[str, Any]) -> None:
    """The ten `findings-unverified` warnings told each say their hint under them, and `--json`
    keeps the hint of each, the two past ten too."""
    _unverified(12)
    args = ["followup", "--events", "ev.toml", "-o", "out.toml", "--lang", "en", *work["sign"]]
    run = cli(args)
    assert (run.exit_code, run.stdout) == (0, "out.toml\n")
    hints = [line for line in run.stderr.splitlines() if line.startswith("  ")]
    assert hints == [
        line
        for i in range(10)
        for line in ("  hint: to see what it is:", f"    minecheck verify copy{i:02d}.toml")
    ]
    run = cli([*args[:4], "out2.toml", "--json", *work["sign"]])
    problems = json.loads(run.stdout)["problems"][:12]
    assert [p["hint"] for p in problems] == [
        f"to see what it is: minecheck verify copy{i:02d}.toml" for i in range(12)
    ]


@pytest.mark.parametrize("count", [1, 11])
def test_a_malformed_file_told_is_followed_by_its_faults_and_one_counted_is_not(
    cli: Any, tmp_path: Path, count: int
) -> None:
    """A summary's malformed file left out is told with its fault at its line under it (as
    verify says it); past ten, the file is counted and its fault is in `--json` alone."""
    from tests.helpers_merge import allowed_signers, findings, person

    alice = person(tmp_path, "alice")
    allowed = allowed_signers(tmp_path / "allowed_signers", alice)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.toml").write_bytes(findings(alice, ["compliant"] * 3))
    for i in range(count):
        (docs / f"b{i:02d}.toml").write_bytes(b"\x00\xff\xfe" * 10)
    args = ["summary", str(docs), "--allowed-signers", str(allowed), "--lang", "en"]
    run = cli(args)
    told = [
        line
        for i in range(min(count, 10))
        for line in (
            f"minecheck: warning: {docs}/b{i:02d}.toml: left out: malformed: {BINARY}",
            f"{docs}/b{i:02d}.toml:1:2: not UTF-8: byte 0xff cannot be decoded",
        )
    ]
    counted = [f"minecheck: warning: {ONE_MORE.format(code='malformed')}"] if count > 10 else []
    assert (run.exit_code, run.stderr.splitlines()) == (0, [*told, *counted])
    run = cli([*args, "--json"])
    faults = [p for p in json.loads(run.stdout)["problems"] if p["line"] == 1]
    assert [p["path"] for p in faults] == [f"{docs}/b{i:02d}.toml" for i in range(count)]


@pytest.mark.parametrize("block", [1, 5, 64])
def test_the_envelope_written_a_few_characters_at_a_time_lays_its_spooled_lists_out_alike(
    monkeypatch: pytest.MonkeyPatch, block: int
) -> None:
    """The envelope written in blocks of any size (a block may end anywhere: after a list's
    key's indent, before its `"rows": `) is the envelope held whole: a spooled list is indented
    as far as the line it starts on, whatever was written of that line before the last block."""
    import io

    from minecheck.cli import _spool
    from minecheck.core.sanitize import json_text
    from tests.test_output_spool import _rows

    monkeypatch.setattr(_spool, "_BLOCK", block)
    rows = _rows(3, 3)
    held = {"minecheck": 1, "data": {"rows": rows, "count": 3, "more": rows}, "problems": []}
    spools = _spool.Spooled(), _spool.Spooled()
    try:
        for spool in spools:
            spool.extend(rows)
        data = {"rows": spools[0], "count": 3, "more": spools[1]}
        out = io.StringIO()
        _spool.write_json(out, {**held, "data": data})
    finally:
        for spool in spools:
            spool.close()
    assert out.getvalue() == json_text(held) + "\n"


def test_merge_refusal_s_json_says_the_files_not_told_in_the_run_s_language(
    cli: Any, merger: list[str]
) -> None:
    """`--json` under `--lang zh` says each refused file's problem in Chinese, the ones a
    terminal would not be told (past ten) as the ones it would."""
    names = [f"x{i:02d}.toml" for i in range(12)]
    for i, name in enumerate(names):
        Path(name).write_text(f"garbage [ {i}\n")
    run = cli(["merge", *names, *merger, "--lang", "zh", "--json"])
    assert (run.exit_code, run.stderr) == (2, "")
    problems = [p for p in json.loads(run.stdout)["problems"] if p["code"] == "malformed"]
    assert [p["message"] for p in problems] == [NOT_OURS["zh"]] * 12


@pytest.mark.parametrize("length", [64, 65])
def test_a_code_of_exactly_the_cells_shown_is_shown_whole(
    tmp_path: Path, people: dict[str, Any], cli: Any, length: int
) -> None:
    """Two spellings of a code of 64 characters, the most a code is shown: each shown whole,
    nothing counted; of 65, each cut at 64 with the one more counted."""
    from tests.helpers_merge import findings
    from tests.test_loose_ends27 import ALICE, _alike
    from tests.test_loose_ends32 import LONG

    code = "HLJ-" + "0" * (length - 4)
    other = code.replace("HLJ", "Hlj")
    files, trust = _alike(tmp_path, people, code)
    (tmp_path / "docs" / "alice.toml").write_bytes(findings(people["alice"], ALICE, site_id=other))
    run = cli(["summary", *files, *trust, "--lang", "en"])
    if length == 64:
        a, b = (f"'{c}'" for c in sorted([other, code]))
    else:
        a, b = (f"'{c[:64]}…' (1 more character)" for c in sorted([other, code]))
    assert (run.exit_code, run.stderr) == (0, LONG["en"].format(a=a, b=b))


def test_a_cut_code_s_own_ellipsis_takes_the_cells_of_its_escape(
    tmp_path: Path, people: dict[str, Any], cli: Any
) -> None:
    """A code's own `…` is shown as its escape, six characters: the code is cut at 64 cells
    counting those six, not one."""
    from tests.helpers_merge import findings
    from tests.test_loose_ends27 import ALICE, _alike
    from tests.test_loose_ends32 import LONG

    code = "HLJ-\u2026" + "0" * 65
    other = code.replace("HLJ", "Hlj")
    files, trust = _alike(tmp_path, people, code)
    (tmp_path / "docs" / "alice.toml").write_bytes(findings(people["alice"], ALICE, site_id=other))
    run = cli(["summary", *files, *trust, "--lang", "en"])
    a, b = (f"'{c[:4]}\\u2026{'0' * 54}…' (11 more characters)" for c in sorted([other, code]))
    assert (run.exit_code, run.stderr) == (0, LONG["en"].format(a=a, b=b))


def test_json_escapes_where_the_stream_s_encoding_is_unknown() -> None:
    """A stream whose encoding Python does not know (a locale's odd name) is not taken for
    UTF-8: while JSON is written, what it cannot hold is written as escapes; after, its own
    handler again."""
    from minecheck.cli._spool import json_escapes
    from minecheck.core.sanitize import JSON_ESCAPES

    class Stream:
        encoding = "no-such-codec"
        errors = "strict"

        def reconfigure(self, *, errors: str) -> None:
            self.errors = errors

    out = Stream()
    with json_escapes(out):  # type: ignore[arg-type]
        assert out.errors == JSON_ESCAPES
    assert out.errors == "strict"


TWICE = {
    "en": (
        "inspection {id}: alice@coal.example answered it twice, in {b} and in {a}, both created "
        "2026-11-29T08:15:00Z (in the same second: which is the later cannot be told), "
        "differently on methane-return (noncompliant / compliant); both answers count, as two "
        "inspectors' would: if one corrects the other, leave the one it corrects out of the "
        "report"
    ),
    "zh": (
        "检查 {id}：alice@coal.example 对其作答两次，分别在 {b} 和 {a} 中，两份都创建于 "
        "2026-11-29T08:15:00Z（同一秒内，无法判断哪份较晚），结论不同的条目为 methane-return"
        "（不符合 / 符合）；两份结论都计入，如同两名检查人员的结论：如果其中一份更正了另一份，"
        "请不要把被更正的文件纳入报告"
    ),
}


@pytest.fixture
def twice(tmp_path: Path) -> list[str]:
    """alice's file of one inspection and her corrected one signed again (a second answer of
    its last item), both trusted: merge's arguments, signed by alice, written to m.toml."""
    from tests.helpers_merge import allowed_signers, findings, person

    alice = person(tmp_path, "alice")
    allowed = allowed_signers(tmp_path / "allowed_signers", alice)
    first = findings(alice, ["compliant"] * 3)
    again = findings(alice, ["compliant", "compliant", "noncompliant"], 1)
    files = []
    for name, data in (("a.toml", first), ("b.toml", again)):
        (tmp_path / name).write_bytes(data)
        files.append(str(tmp_path / name))
    sign = ["--key", str(alice.key), "--signer", alice.principal]
    return ["merge", *files, "--allowed-signers", str(allowed), *sign, "-o", str(tmp_path / "m")]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_merge_s_answered_twice_is_said_at_its_file_in_the_run_s_language(
    cli: Any, twice: list[str], lang: str
) -> None:
    """merge's `answered-twice` warning (told ten of a kind) is said as `warn_at` said it: at
    its file, in the run's language."""
    run = cli([*twice, "--lang", lang])
    where = Path(twice[1]).parent
    a, b = where / "a.toml", where / "b.toml"
    assert (run.exit_code, run.stderr.splitlines()[1]) == (
        0,
        f"minecheck: warning: {b}: " + TWICE[lang].format(a=a, b=b, id=INSPECTION),
    )


def test_utf_8_of_kana_and_punctuation_with_a_byte_changed_is_said_to_be_damaged(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The characters UTF-8 writes in three bytes that tell a damaged copy are any such, not
    Chinese ideographs alone: an events file whose note is in kana and full-width punctuation,
    one byte changed, is said to be UTF-8 damaged there."""
    import re

    from tests.test_encodings5 import DAMAGED, TEXTS, _read

    monkeypatch.chdir(tmp_path)
    whole = re.sub("[\u4e00-\u9fff]", "\u30fc", TEXTS["events"]).encode()
    at = whole.index(b'"', whole.index(b"= ", whole.index(b"note"))) + 1
    said = _read(cli, "events", whole[:at] + b"\x93" + whole[at + 1 :], "en")
    assert said[1:-1] == [DAMAGED["en"]]


def test_followup_refused_after_files_unverified_counts_them_before_its_error(
    cli: Any, work: dict[str, Any]
) -> None:
    """A follow-up refused (its event's action unknown) after twelve files here that did not
    verify: ten told, the two more counted, then the error."""
    _unverified(12)
    text = Path("ev.toml").read_text().replace('"escalated"', '"flew"')
    Path("ev.toml").write_text(text)
    run = cli(["followup", "--events", "ev.toml", "-o", "out.toml", "--lang", "en", *work["sign"]])
    lines = run.stderr.splitlines()
    warned = [line for line in lines if line.startswith("minecheck: warning: copy")]
    assert (run.exit_code, len(warned)) == (2, 10)
    assert lines[-3:] == [
        "minecheck: warning: 2 more findings-unverified warnings are not shown here; --json "
        "lists every one",
        "ev.toml:3:1: action must be one of rectified, accepted, rejected, closed, reopened, "
        "extended, escalated, withdrawn, not 'flew'",
        "minecheck: error: ev.toml: the events cannot be used; nothing was written",
    ]


MORE_DAMAGE = [  # (a damaged draft's text, its reason in each language)
    (WHOLE + "[answers.gas]\n", "answers.gas.result is missing", "缺少 answers.gas.result"),
    (
        WHOLE + "answers = {}\n",  # (a draft's own table, not its head's)
        "draft.answers is not a field of a draft",
        "draft.answers 不是草稿的字段",
    ),
]


@pytest.mark.parametrize(("text", "en", "zh"), MORE_DAMAGE, ids=[en for _, en, _ in MORE_DAMAGE])
def test_a_damaged_draft_s_reason_names_what_is_wrong(
    cli: Any, isolated_home: Path, text: str, en: str, zh: str
) -> None:
    """A draft's damage named in the run's language, not as Python's words for a call that
    failed (`its fields are not a draft's` at best): said as loose ends 37's damages are."""
    from tests.test_loose_ends37 import test_a_damaged_drafts_reason_is_said_in_the_runs_language

    test_a_damaged_drafts_reason_is_said_in_the_runs_language(cli, isolated_home, text, en, zh)


def _hung_cell(*blocks: tuple[str, str, bool]) -> Any:
    """A cell of blocks, each (lead, its text, whether its second line is kept whole)."""
    from rich.text import Text

    from minecheck.cli._hung import Hung

    cell = Hung()
    for lead, text, whole in blocks:
        body = Hung()
        body.append(text)
        if whole:
            body.keep(text.index("\n") + 1, len(text))
        cell.hang(Text(lead), body)
    return cell


ALICE_SAYS = "alice@coal.example: "  # (20 cells)
STOPPED = "Gas alarm silenced, fan stopped"  # (31)


@pytest.mark.parametrize(
    ("blocks", "widest", "lines"),
    [
        (  # a name of just half the width: its lines still hang under it
            [(ALICE_SAYS, "Gas alarm silenced\n" + "x" * 20, False)],
            40,
            [ALICE_SAYS + "Gas alarm silenced", " " * 20 + "x" * 20],
        ),
        (  # a part kept whole of just the cells the name leaves
            [(ALICE_SAYS, "Gas alarm silenced\nCMHD-5.2,CMHD-18.6,CMHD-20", True)],
            46,
            [ALICE_SAYS + "Gas alarm silenced", " " * 20 + "CMHD-5.2,CMHD-18.6,CMHD-20"],
        ),
        (  # another block's part kept whole is not this block's
            [(ALICE_SAYS, f"{STOPPED}\nx", False), ("bo: ", "Fan\n" + "C" * 40, True)],
            51,
            [ALICE_SAYS + STOPPED, " " * 20 + "x", "bo: Fan", "    " + "C" * 40],
        ),
        (  # a name of more than half the width its lines need under it: they hang by 2
            [("a" * 28 + ": ", "Fan\n" + "y" * 20, False)],
            33,
            ["a" * 28 + ": Fan", "  " + "y" * 20],
        ),
    ],
)
def test_a_hung_text_hangs_under_its_names_at_the_edges_of_the_rule(
    blocks: list[tuple[str, str, bool]], widest: int, lines: list[str]
) -> None:
    from rich.console import Console
    from rich.measure import Measurement

    cell = _hung_cell(*blocks)
    console = Console(width=200)
    assert Measurement.get(console, console.options, cell).maximum == widest
    assert [line.plain.rstrip() for line in cell.wrap(console, widest)] == lines


def test_extract_s_skipped_trust_lines_are_told_ten_and_counted(
    cli: Any, merger: list[str]
) -> None:
    """`extract` reads the trust list too: of its eleven cert-authority lines, ten told, the
    one more counted, before its own words."""
    from tests.test_loose_ends35 import ROLLED
    from tests.test_loose_ends38 import SKIPPED, _with_authorities

    _with_authorities(11)
    Path("doc.toml").write_text("garbage [\n")
    Path("out").mkdir()
    run = cli(["extract", "doc.toml", "-o", "out", "--allowed-signers", "as", "--lang", "en"])
    told = [
        f"minecheck: warning: as:{i + 1}:{len(f'ca{i}@x') + 2}: {SKIPPED['en']}" for i in range(10)
    ]
    counted = ROLLED["en"][0].format(code="cert-authority-skipped")
    assert run.stderr.splitlines()[:11] == [*told, f"minecheck: warning: {counted}"]
    assert not any("cert-authority" in line for line in run.stderr.splitlines()[11:])
