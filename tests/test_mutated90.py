"""Mutation testing, round 90: tests that kill mutants which survived the tests before them
(the day's `read_examined`, the pieces reader and the cache's decoding)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from benchmarks.corpus import generate

from minecheck.cli._breaks import breaks, pieces, widest_piece
from minecheck.core.seal import examine, split
from minecheck.report import corpus_cache
from minecheck.report.corpus import read_document_file, read_examined
from minecheck.report.corpus_cache import (
    decode_at,
    decode_head,
    decode_result,
    encode_result,
    read_for_cache,
    records_majors,
)
from tests.helpers_faults import calls_to
from tests.helpers_merge import (
    allowed_signers,
    findings,
    make_merged,
    person,
    store_for,
    without_separate_inspections,
)
from tests.test_author_month import INSPECTOR_NOTE, joint  # noqa: F401 - the fixture

OTHER = "5b6f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c1e"  # (bob's inspection: not alice's)
BAD = ["noncompliant", "compliant", "compliant"]


def test_a_file_merged_by_an_untrusted_key_with_an_unsigned_source_is_read_as_phase_one_reads_it(
    tmp_path: Path,
) -> None:
    """Phase 1 trusts every key and names the unsigned source; the store's check names it too
    (SPEC 3's order: an unsigned source before the merger's untrusted key, since the day's
    differential of trust). The report's reading of the verdict must say what phase 1 says (the
    mutant that dropped `_unjudged`'s "source … is unsigned" gave the merger's untrusted-key),
    nested one level down as well."""
    alice, bob, carol = (person(tmp_path, n) for n in ("alice", "bob", "carol"))
    store = store_for(alice, bob)
    unsigned = split(findings(alice, BAD))[0]
    inner = make_merged(carol, [findings(bob, BAD, inspection_id=OTHER), unsigned], store)
    cases = {
        "m.toml": make_merged(carol, [unsigned], store),
        "mm.toml": make_merged(carol, [inner], store),
    }
    for name, data in cases.items():
        verdict = examine(data, name, store)
        assert verdict.status.value == "unsigned", name
        assert read_examined(data, verdict) == read_document_file(data, name), name
        outer = read_examined(data, verdict).outer
        assert (outer.status, outer.detail.split(": ")[0]) == (
            "unsigned",
            "source m.toml#1 is unsigned" if name == "m.toml" else "source mm.toml#1 is unsigned",
        ), name


def test_a_merged_file_s_other_sources_count_when_one_source_s_key_is_revoked(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A trusted merged file whose second source's key is revoked since: summary counts the
    first source's findings and leaves the second out, named by its path. (Where the merged
    file's own reading named its sources' keys, the revoked key left the whole file out.)"""
    monkeypatch.setenv("MINECHECK_HOME", str(tmp_path / "home"))
    alice, bob = person(tmp_path, "alice"), person(tmp_path, "bob")
    sources = [findings(alice, BAD), findings(bob, BAD, inspection_id=OTHER)]
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "merged.toml").write_bytes(make_merged(alice, sources, store_for(alice, bob)))
    trust = allowed_signers(tmp_path / "allowed_signers", alice, bob)
    revoked = tmp_path / "revoked_keys"
    revoked.write_text(Path(f"{bob.key}.pub").read_text())
    shas = [hashlib.sha256(s).hexdigest() for s in sources]
    bobs = sorted(shas).index(shas[1]) + 1  # (sources are held in sha256 order)
    args = ["summary", str(docs), "--allowed-signers", str(trust), "--format", "json"]
    for more, found, said in (
        ([], 6, ""),
        (
            ["--revoked-keys", str(revoked)],
            3,
            f"minecheck: warning: {docs / 'merged.toml'}#{bobs}: left out: revoked: "
            f"key {bob.fingerprint} is revoked\n",
        ),
    ):
        run = cli([*args, "--as-of", "2026-12-01", "--no-cache", *more])
        assert (run.exit_code, without_separate_inspections(run.stderr)) == (0, said)
        summary = json.loads(run.stdout)
        assert summary["headline"]["findings"] == found
        assert summary["scope"]["documents_not_counted"] == (found == 3)


def _every_kind(tmp_path: Path) -> dict[str, bytes]:
    """A file of every kind the cache keeps: the benchmark corpus's findings, follow-ups and
    merged files, with unsigned, damaged, empty, merged-of-merged and nested-unsigned ones."""
    generate(tmp_path / "gen", 24, 6, seed=9, merged=2)
    files = {p.name: p.read_bytes() for p in sorted((tmp_path / "gen").rglob("*.toml"))}
    alice, bob = person(tmp_path, "alice"), person(tmp_path, "bob")
    store = store_for(alice, bob)
    mine = findings(alice, BAD, description="Gas 1.2 % at the face")
    theirs = findings(bob, ["compliant", "not-applicable", "not-checked"], inspection_id=OTHER)
    unsigned = split(mine)[0]
    merged = make_merged(alice, [mine, theirs], store)
    files |= {
        "signed.toml": mine,
        "no-site-id.toml": findings(alice, BAD, site_id=None, inspection_id=OTHER),
        "unsigned.toml": unsigned,
        "bad-signature.toml": mine.replace(b"Demo mine", b"Demo mind", 1),
        "malformed.toml": unsigned.replace(b"[[finding]]", b"[[finding]", 1),
        "empty.toml": b"",
        "crlf.toml": mine.replace(b"\n", b"\r\n"),
        "merged.toml": merged,
        "merged-unsigned-source.toml": make_merged(alice, [theirs, unsigned], store),
        "merged-of-merged.toml": make_merged(bob, [merged], store),
    }
    return files


def test_every_kind_of_file_s_cached_value_decodes_back_to_what_was_encoded(tmp_path: Path) -> None:
    """Each file's value, encoded for the cache, decodes (whole, its head, its body, its
    majors) and encodes again to the same bytes. A value the cache cannot decode is a miss
    and the file is read again: the output stays the same, so only this sees it."""
    for name, data in _every_kind(tmp_path).items():
        result = read_for_cache(data)
        blob = encode_result(result)
        back = decode_at(blob, result.path)
        assert encode_result(back) == blob, name
        assert decode_result(blob) is not None, name
        assert decode_head(blob) is not None, name
        majors = records_majors(blob)
        for index, leaf in enumerate(result.leaves):
            recorded = any(
                f.result == "noncompliant" and f.severity == "major" for f in leaf.findings
            )
            assert majors(index) == recorded, (name, index)


def test_a_warm_summary_of_every_kind_of_file_reads_none_again(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A summary run twice over every kind of file, the second from the cache: the same output,
    and no file's value made again from its bytes (a value that does not decode is made again,
    which no output shows)."""
    monkeypatch.setenv("MINECHECK_HOME", str(tmp_path / "home"))
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, data in _every_kind(tmp_path).items():
        (docs / name).write_bytes(data)
    args = ["summary", str(docs), "--format", "json", "--as-of", "2026-12-01"]
    args += ["--include-untrusted"]
    cold = cli(args)
    made = calls_to(monkeypatch, corpus_cache, "read_for_cache")
    warm = cli(args)
    assert (warm.exit_code, warm.stdout, warm.stderr) == (cold.exit_code, cold.stdout, cold.stderr)
    assert made == []


def test_both_notes_in_chinese_are_joined_without_a_blank(
    cli: Any,
    joint: list[str],  # noqa: F811 - test_author_month's fixture, imported
) -> None:
    """`--by aspect,inspector` in Chinese: the two notes follow each other as Chinese
    sentences do, with no blank between them (English puts one)."""
    run = cli(["summary", *joint, "--format", "md", "--by", "aspect,inspector", "--lang", "zh"])
    assert run.exit_code == 0, run.stderr
    lines = run.stdout.splitlines()
    at = next(k for k, line in enumerate(lines) if line.startswith("## ") and "检查人员" in line)
    assert lines[at + 1 : at + 4] == [
        "",
        "隐患在其所引条款所属的每个方面下各计一次，各行之和可能大于合计。不是隐患的条目不引用条款。"
        + INSPECTOR_NOTE["zh"],
        "",
    ]


CLAUSE_NOTE = {
    "en": (
        "A hidden danger that cites several clauses is counted once under each: the rows may "
        "add up to more than the total. Findings that are no hidden danger cite none."
    ),
    "zh": (
        "引用多个条款的隐患在每个条款下各计一次，各行之和可能大于合计。不是隐患的条目不引用条款。"
    ),
}
BY_CLAUSE = {
    ("en", "clause"): "## By clause",
    ("zh", "clause"): "## 按依据条款统计",
    ("en", "clause,inspector"): "## By clause, inspector",
    ("zh", "clause,inspector"): "## 按依据条款、检查人员统计",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("by", ["clause", "clause,inspector"])
def test_rows_by_clause_are_said_to_add_up_to_more_than_the_total(
    cli: Any,
    joint: list[str],  # noqa: F811 - test_author_month's fixture, imported
    lang: str,
    by: str,
) -> None:
    """`--by clause` says under its heading that a hidden danger citing several clauses is in
    several rows (no test read the note: emptying the name `clause` where it is looked for
    lost it), and with `inspector` the joint inspection's note after it."""
    run = cli(["summary", *joint, "--format", "md", "--by", by, "--lang", lang])
    assert run.exit_code == 0, run.stderr
    lines = run.stdout.splitlines()
    at = lines.index(BY_CLAUSE[lang, by])
    note = CLAUSE_NOTE[lang]
    if by != "clause":
        note += ("" if lang == "zh" else " ") + INSPECTOR_NOTE[lang]
    assert lines[at + 1 : at + 4] == ["", note, ""]


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "en",
            "minecheck: error: {d}: is a directory, not a document\n"
            "  hint: name the files in it (FOLDER/*.toml); verify, summary and export take a "
            "folder\n",
        ),
        (
            "zh",
            "minecheck: error: {d}：是一个目录，不是文件\n"
            "  hint: 请逐个给出其中的文件（文件夹/*.toml）；"
            "verify、summary 和 export 可以直接读取文件夹\n",
        ),
    ],
)
def test_show_of_a_folder_names_what_it_wants(
    cli: Any, tmp_path: Path, lang: str, said: str
) -> None:
    """`show FOLDER`: exit 2, and the error says a document was wanted and how to name the
    files (the word `document` emptied where show reads its files went unseen)."""
    run = cli(["show", "--lang", lang, str(tmp_path)])
    assert (run.exit_code, run.stdout, run.stderr) == (2, "", said.format(d=tmp_path))


def test_a_cached_value_with_a_result_no_finding_has_is_not_decoded(tmp_path: Path) -> None:
    """A cached value whose plain findings give a result that is none of a finding's (a value
    damaged on disk) cannot be decoded: the cache takes it as a miss and reads the file again,
    rather than counting a result that no report knows."""
    blob = encode_result(read_for_cache(findings(person(tmp_path, "alice"), BAD)))
    assert b'["compliant", ["gas-overlimit"' in blob
    damaged = blob.replace(b'["compliant", ["gas-overlimit"', b'["complaint", ["gas-overlimit"')
    with pytest.raises(ValueError, match="cannot decode a cached value"):
        decode_at(damaged, "f.toml")
    decode_at(blob, "f.toml")  # (the value as written decodes)


# the words of the reports' Chinese that a line is not broken inside (cli/_breaks.py TERMS)
WORDS = [
    "第三方",
    "监管部门",
    "统计日",
    "专家",
    "重新",
    "整改",
    "验收",
    "销号",
    "撤销",
    "隐患",
    "排查",
    "检查",
    "结论",
    "执法",
    "措施",
    "逾期",
    "用时",
    "反弹",
    "存量",
    "增量",
]


@pytest.mark.parametrize("word", WORDS)
def test_a_line_is_not_broken_inside_a_word_of_the_reports(word: str) -> None:
    """Each word, between characters that are none of its: a line may break before and after
    it, never inside it where holding it costs no line (`的的` / the word and `的`, not
    a line cut inside the word); too narrow for it whole, it is folded as before."""
    line = f"的的{word}的"
    assert pieces(line) == (1, 2, 2 + len(word), len(line))
    assert breaks(line, 2 * (len(word) + 1)) == [2]
    assert breaks(line, 2) == list(range(1, len(line)))


@pytest.mark.parametrize("body", [b"5", b"null", b'"text"', b"{}"])
def test_a_cached_value_whose_findings_are_not_a_list_says_it_cannot_be_decoded(
    body: bytes,
) -> None:
    """Whether a document of a damaged value records a major hidden danger: a ValueError, when
    the value is read or when a document is asked (the cache's miss), never another error."""
    with pytest.raises(ValueError, match="cannot decode a cached value"):
        records_majors(b"[false, null, []]\n" + body)(0)


def test_a_line_s_leading_blank_and_a_mark_of_no_width_go_with_their_character() -> None:
    """A line's leading blank is not a piece of its own (a column was measured without it:
    `widest_piece`), and a mark of no width after a Chinese character (an accent, a variation
    selector) is not parted from it."""
    assert pieces(" 隐患") == (3,)
    assert widest_piece(" 隐患") == 5
    for mark in ("\u0301", "\ufe0f"):
        assert pieces(f"中{mark}文") == (2, 3)
        assert breaks(f"中{mark}文", 2) == [2]
