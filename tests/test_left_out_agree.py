"""What verify, summary and export say of a file they leave out, side by side: one verdict, one
wording and one exit code for a file over the size limit, in both languages and in JSON; two
documents of one id with different contents listed in the summary's "documents not counted"
with their reason, as the export leaves them out (report/corpus_cache.py, report/corpus.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.helpers_merge import allowed_signers, findings, person

AS_OF = "2026-12-31"
BAD = ["compliant", "noncompliant", "noncompliant"]
OVER = 64 * 1024 * 1024 + 1  # one byte over the readers' limit
DETAIL = {
    "en": "the file is 67108865 bytes, over the limit of 67108864",
    "zh": "文件大小为 67108865 字节，超过上限 67108864",
}
LEFT_OUT = {"en": "left out", "zh": "未计入"}
SEP = {"en": ": ", "zh": "："}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("left")
    alice = person(out, "alice")
    (out / "good.toml").write_bytes(findings(alice, BAD))
    with open(out / "big.toml", "wb") as big:  # (sparse)
        big.truncate(OVER)
    allowed_signers(out / "allowed", alice)
    return out


def _run(cli: Any, folder: Path, command: str, *more: str) -> Any:
    files = [str(folder / "good.toml"), str(folder / "big.toml")]
    trust = ["--allowed-signers", str(folder / "allowed")]
    dated = [] if command == "verify" else ["--as-of", AS_OF]
    return cli([command, *files, *trust, *dated, *more])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_file_over_the_limit_is_malformed_with_the_limit_in_verify_summary_and_export(
    cli: Any, folder: Path, lang: str
) -> None:
    big = folder / "big.toml"
    verify = _run(cli, folder, "verify", "--lang", lang)
    assert verify.exit_code == 1  # a negative verdict, as for any malformed file
    assert f"{big}: malformed: {DETAIL[lang]}" in verify.stdout.splitlines()
    said = f"minecheck: warning: {big}{SEP[lang]}{LEFT_OUT[lang]}{SEP[lang]}malformed{SEP[lang]}"
    for command, form in (("summary", "md"), ("export", "csv")):
        got = _run(cli, folder, command, "--format", form, "--lang", lang)
        assert got.exit_code == 0, (command, got.stderr)  # as for any malformed file
        assert got.stderr.splitlines() == [said + DETAIL[lang]], command


def test_a_file_over_the_limit_reads_alike_in_each_json(cli: Any, folder: Path) -> None:
    big = str(folder / "big.toml")
    verify = json.loads(_run(cli, folder, "verify", "--json").stdout)
    (entry,) = [f for f in verify["data"]["files"] if f["path"] == big]
    assert (entry["status"], entry["detail"]) == ("malformed", DETAIL["en"])
    summary = _run(cli, folder, "summary", "--format", "json")
    assert summary.exit_code == 0
    (listed,) = json.loads(summary.stdout)["documents"]
    assert (listed["path"], listed["status"], listed["reason"]) == (big, "malformed", DETAIL["en"])
    export = _run(cli, folder, "export", "--format", "jsonl", "--json")
    assert export.exit_code == 0
    envelope = json.loads(export.stdout)
    assert [(p["code"], p["path"], p["message"]) for p in envelope["problems"]] == [
        ("malformed", big, f"{big}: left out: malformed: {DETAIL['en']}")
    ]


@pytest.fixture(scope="module")
def twins(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("twins")
    alice = person(out, "alice")
    (out / "a-good.toml").write_bytes(findings(alice, BAD, 1, inspection_id=OTHER))
    for n, text in enumerate(("one text", "another text")):  # one document id, two contents
        (out / f"twin{n}.toml").write_bytes(findings(alice, BAD, description=text))
    allowed_signers(out / "allowed", alice)
    return out


OTHER = "5b6c7d8e-0000-4000-8000-00000000a001"


def _twins(cli: Any, twins: Path, command: str, *more: str) -> Any:
    trust = ["--allowed-signers", str(twins / "allowed")]
    return cli([command, str(twins), *trust, "--as-of", AS_OF, *more])


def test_two_documents_of_one_id_are_among_the_documents_not_counted_with_their_reason(
    cli: Any, twins: Path
) -> None:
    t0, t1 = twins / "twin0.toml", twins / "twin1.toml"
    export = _twins(cli, twins, "export", "--format", "jsonl")
    assert export.exit_code == 0
    rows = [json.loads(line) for line in export.stdout.splitlines()]
    assert {r["inspection"] for r in rows} == {OTHER}  # both twins left out
    (said,) = export.stderr.splitlines()
    ident = said.split("document ", 1)[1].split(" ", 1)[0]
    assert said == (
        f"minecheck: warning: {t1}: document {ident} also appears in {t0} with different "
        "content; both are left out"
    )
    summary = _twins(cli, twins, "summary", "--format", "json")
    assert (summary.exit_code, summary.stderr) == (0, export.stderr)  # said once, as before
    report = json.loads(summary.stdout)
    assert report["scope"]["inspections"] == 1
    assert report["scope"]["documents_not_counted"] == 2
    why = "document {} also appears in {} with different content; both are left out"
    assert [
        (d["path"], d["status"], d["reason"], d["document_id"]) for d in report["documents"]
    ] == [
        (str(t0), "conflict", why.format(ident, t1), ident),
        (str(t1), "conflict", why.format(ident, t0), ident),
    ]
    md = _twins(cli, twins, "summary", "--format", "md", "--lang", "zh").stdout
    assert (
        f"| {t0} | 同一编号内容不同 | 文件 {ident} 也出现在 {t1} 中，但内容不同；两者均不计入 |"
        in md
    )
    assert "未计入文件：2" in md


def test_an_untrusted_copy_left_out_is_not_listed_as_counted_with_include_untrusted(
    cli: Any, tmp_path: Path
) -> None:
    alice, bob = person(tmp_path, "alice"), person(tmp_path, "bob")  # bob not trusted
    (tmp_path / "alice.toml").write_bytes(findings(alice, BAD, 1, inspection_id=OTHER))
    for n, text in enumerate(("one text", "another text")):
        (tmp_path / f"bob{n}.toml").write_bytes(findings(bob, BAD, description=text))
    allowed_signers(tmp_path / "allowed", alice)
    got = _twins(cli, tmp_path, "summary", "--format", "json", "--include-untrusted")
    report = json.loads(got.stdout)
    assert report["headline"]["untrusted"] == 0  # neither copy counted
    assert report["scope"]["documents_not_counted"] == 2
    listed = [(Path(d["path"]).name, d["status"]) for d in report["documents"]]
    assert listed == [("bob0.toml", "conflict"), ("bob1.toml", "conflict")]
    md = _twins(cli, tmp_path, "summary", "--format", "md", "--include-untrusted").stdout
    assert "counted, marked" not in md


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_text_reports_documents_figure_is_the_json_documents_with_include_untrusted(
    cli: Any, tmp_path: Path, lang: str
) -> None:
    """A script reads the text reports' "Documents not trusted or not counted: N" from the JSON
    as the length of `documents` (each with its status); `documents_not_counted` counts those
    left out."""
    alice, bob = person(tmp_path, "alice"), person(tmp_path, "bob")  # bob not trusted
    (tmp_path / "alice.toml").write_bytes(findings(alice, BAD, 1, inspection_id=OTHER))
    (tmp_path / "bob.toml").write_bytes(findings(bob, BAD))
    (tmp_path / "bad.toml").write_bytes(b"x\n")
    allowed_signers(tmp_path / "allowed", alice)
    ask = ("--include-untrusted", "--lang", lang)
    report = json.loads(_twins(cli, tmp_path, "summary", "--format", "json", *ask).stdout)
    listed = [(Path(d["path"]).name, d["status"]) for d in report["documents"]]
    assert listed == [("bad.toml", "malformed"), ("bob.toml", "untrusted-key")]
    assert report["scope"]["documents_not_counted"] == 1  # bob's is counted, marked
    md = _twins(cli, tmp_path, "summary", "--format", "md", *ask).stdout
    html = _twins(cli, tmp_path, "summary", "--format", "html", *ask).stdout
    if lang == "en":
        assert "· Documents not trusted or not counted: 2\n" in md
        assert "· Documents not trusted or not counted 2</p>" in html
    else:
        assert "· 未受信任或未计入文件：2\n" in md
        assert "· 未受信任或未计入文件 2</p>" in html
