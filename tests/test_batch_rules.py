"""The batch commands over one folder of good, damaged, untrusted and unreadable files, as a user
meets them: `verify DIR`, `summary` and `export` say the same on one core and on several, with the
cache cold, warm or off; each bad file is named once, in order, with its reason and the exit code
the SPEC gives (report/batch.py, report/stream.py)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from benchmarks.corpus import generate

from minecheck.core.documents import Event
from minecheck.fileio import LINK_TO_NOTHING
from minecheck.report import batch
from tests.helpers_merge import INSPECTION, ITEMS, findings, person
from tests.test_export import followup

AS_OF = "2026-12-31"
HEADLINE = (  # the summary of the corpus on AS_OF: what each run must count
    {
        "findings": 243,
        "hidden_dangers": 32,
        "majors": 21,
        "open": 26,
        "open_majors": 18,
        "overdue": 24,
        "overdue_majors": 16,
        "closed": 6,
        "no_enforcement": 8,
        "repeat_major": 11,
        "inconsistent": 0,
        "untrusted": 0,
    },
    {"inspections": 49, "sites": 9, "documents_not_counted": 23, "rejected_events": 2},  # twins
)
OWN = "5b6c7d8e-0000-4000-8000-00000000a001"
TWIN = "ffdbafbb-b865-4685-b1b2-d83a8eb79ce6"  # the id both twins carry
NOBODY = "5b6c7d8e-0000-4000-8000-00000000b002"
UNTRUSTED = "m.silva@mines.example"  # left out of the trust file: each of its files untrusted


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    generate(out, 60, 5, seed=23, merged=2)
    found = out / "docs" / "findings"
    data = sorted(found.glob("*.toml"))[0].read_bytes()
    (found / "zz-bad.toml").write_bytes(data.replace(b"compliant", b"complaint", 1))
    (found / "zz-unsigned.toml").write_bytes(data.split(b"[signature]")[0])
    (found / "zz-empty.toml").write_bytes(b"")
    (found / "zz-garbage.toml").write_bytes(b"\xff\xfe not text")
    os.mkfifo(found / "zz-dir.toml")  # (a folder of that name is walked)
    os.symlink("nowhere.toml", found / "zz-dangling.toml")
    with open(found / "zz-huge.toml", "wb") as huge:  # (sparse: one byte over the limit)
        huge.truncate(64 * 1024 * 1024 + 1)
    alice, bob = person(out, "alice"), person(out, "bob")
    extra = out / "docs" / "extra"
    extra.mkdir()
    bad = ["compliant", "noncompliant", "noncompliant"]
    for n, text in enumerate(("one text", "another text")):  # one document id, two contents
        (extra / f"twin{n}.toml").write_bytes(findings(alice, bad, description=text))
    (extra / "own.toml").write_bytes(findings(bob, bad, inspection_id=OWN))
    at = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)
    events = [
        Event(f"{OWN}/{ITEMS[1]}", "rectified", at, note="done"),
        Event(f"{OWN}/no-such-item", "rectified", at, note="x"),  # no such finding
        Event(f"{NOBODY}/{ITEMS[1]}", "rectified", at, note="x"),  # no such inspection
    ]
    (extra / "follow.toml").write_bytes(followup(alice, *events))
    lines = (out / "allowed_signers").read_text(encoding="utf-8").splitlines(keepends=True)
    some = "".join(line for line in lines if not line.startswith(UNTRUSTED))
    some += "".join(f"{w.principal} {Path(f'{w.key}.pub').read_text()}" for w in (alice, bob))
    (out / "trusted_some").write_text(some, encoding="utf-8")
    return out


@pytest.fixture
def cores(monkeypatch: pytest.MonkeyPatch) -> Callable[[int], None]:
    def use(n: int) -> None:
        monkeypatch.setattr(batch, "cpu_count", lambda: n)

    return use


def _args(corpus: Path, command: str, *more: str) -> list[str]:
    trust = ["--allowed-signers", str(corpus / "trusted_some")]
    dated = ["--as-of", AS_OF] if command != "verify" else []
    return [command, str(corpus / "docs"), *trust, *dated, *more]


def _run(cli: Any, corpus: Path, command: str, *more: str) -> tuple[int, str, str]:
    got = cli(_args(corpus, command, *more))
    return got.exit_code, got.stdout, got.stderr


BAD = {
    "zz-bad.toml": "bad-signature: the signature does not match the content: the file was "
    "changed after signing",
    "zz-empty.toml": "malformed: the file is empty",
    "zz-garbage.toml": "malformed: not a minecheck document",
    "zz-unsigned.toml": "unsigned: the document is not signed",
}


def test_verify_names_every_file_once_in_order_with_its_verdict_on_any_number_of_cores(
    cli: Any, corpus: Path, cores: Any
) -> None:
    cores(1)
    one = _run(cli, corpus, "verify")
    for n in (2, 3, 7):
        cores(n)
        assert _run(cli, corpus, "verify") == one
    code, out, err = one
    assert code == 2  # an unreadable file
    lines = out.splitlines()
    tops = [line for line in lines if not line.startswith(" ")]
    names = [line.split(": ", 1)[0] for line in tops]
    docs = corpus / "docs"
    readable = sorted(
        p for p in docs.rglob("*.toml") if p.is_file() and not p.name.startswith("zz-d")
    )
    assert names == [str(p) for p in readable]
    sources = [line for line in lines if line.startswith(" ")]  # each under its merged file
    assert len(sources) == 4
    assert all(".toml#" in line for line in sources)
    verdicts = {Path(n).name: line for n, line in zip(names, tops, strict=True)}
    found = docs / "findings"
    for name, why in BAD.items():
        assert verdicts[name].startswith(f"{found / name}: {why}")
    assert verdicts["zz-huge.toml"] == (
        f"{found / 'zz-huge.toml'}: malformed: the file is 67108865 bytes, over the limit of "
        "67108864"
    )
    untrusted = [line for line in lines if f"({UNTRUSTED} SHA256:" in line]
    assert untrusted
    assert all(": untrusted-key: " in line for line in untrusted)
    assert err.splitlines() == [
        f"{found / 'zz-dangling.toml'}: {LINK_TO_NOTHING}",
        f"{found / 'zz-dir.toml'}: not a regular file (a FIFO)",
        f"  read {corpus / 'trusted_some'}; to trust the key (or --from LINES):",
        f"    minecheck trust add --principal {UNTRUSTED} --key KEY.pub --allowed-signers "
        f"{corpus / 'trusted_some'}",
        f"{found / 'zz-garbage.toml'}:1:1: not UTF-8: byte 0xff cannot be decoded",
        "85 documents: 1 bad-signature, 3 malformed, 64 trusted, 1 unsigned, 14 untrusted-key, "
        "2 unreadable",
    ]


def test_verify_json_is_the_same_on_one_core_and_on_several(
    cli: Any, corpus: Path, cores: Any
) -> None:
    cores(1)
    one = _run(cli, corpus, "verify", "--json")
    cores(2)
    two = _run(cli, corpus, "verify", "--json")
    assert two == one
    files = json.loads(one[1])["data"]["files"]
    assert len(files) == 85 - 2  # the merged files' sources are nested in theirs
    assert one[0] == 2


def _left_out(err: str) -> list[str]:
    return [line for line in err.splitlines() if ": left out: " in line]


@pytest.mark.parametrize("command", ["summary", "export"])
def test_summary_and_export_say_the_same_on_one_core_and_several_cold_warm_and_uncached(
    cli: Any, corpus: Path, cores: Any, command: str
) -> None:
    form = ["--format", "json"] if command == "summary" else ["--format", "csv"]
    cores(1)
    one = _run(cli, corpus, command, *form, "--no-cache")
    assert one[0] == 2  # two files unreadable: the report is written, the exit says so
    if command == "summary":  # what the corpus holds, counted by hand once
        report = json.loads(one[1])
        assert (report["headline"], report["scope"]) == HEADLINE
    runs = {}
    for n in (1, 2, 3):
        cores(n)
        runs[n, "cold"] = _run(cli, corpus, command, *form)
        runs[n, "warm"] = _run(cli, corpus, command, *form)
        runs[n, "off"] = _run(cli, corpus, command, *form, "--no-cache")
    shutil.rmtree(os.environ["MINECHECK_HOME"], ignore_errors=True)
    for key, got in runs.items():
        assert got == one, key
    found = corpus / "docs" / "findings"
    left = _left_out(one[2])
    assert (
        f"minecheck: warning: {found / 'zz-huge.toml'}: left out: malformed: the file is "
        "67108865 bytes, over the limit of 67108864" in left
    )
    for name, why in BAD.items():
        assert left.count(f"minecheck: warning: {found / name}: left out: {why}") == 1
    assert sum("left out: untrusted-key" in line for line in left) == 10  # (ten told of 14)
    rolled = "minecheck: warning: 4 more untrusted-key warnings are not shown here; --json lists "
    assert one[2].count(rolled + "every one\n") == 1
    extra = corpus / "docs" / "extra"
    said = [line for line in one[2].splitlines() if str(extra) in line]
    assert said == [
        f"minecheck: warning: {extra / 'twin1.toml'}: document {TWIN} also appears in "
        f"{extra / 'twin0.toml'} with different content; both are left out",
        *(
            f"minecheck: warning: {extra / 'follow.toml'}: event rectified for {ref} at "
            "2026-11-30T09:00:00Z not applied: no trusted findings document holds this finding"
            for ref in (f"{OWN}/no-such-item", f"{NOBODY}/{ITEMS[1]}")
        ),
    ]
    if command == "export":  # the twins' inspection left out; the event on OWN applied
        rows = list(csv.DictReader(io.StringIO(one[1])))
        assert not [row for row in rows if row["inspection"] == INSPECTION]
        own = {row["item"]: row["state"] for row in rows if row["inspection"] == OWN}
        assert own == {ITEMS[0]: "", ITEMS[1]: "rectified", ITEMS[2]: "open"}


def test_summary_counts_only_the_trusted_documents_unless_asked(
    cli: Any, corpus: Path, cores: Any
) -> None:
    cores(2)
    code, out, err = _run(cli, corpus, "summary", "--format", "json")
    data = json.loads(out)["data"] if "data" in json.loads(out) else json.loads(out)
    code_all, out_all, err_all = _run(
        cli, corpus, "summary", "--format", "json", "--include-untrusted"
    )
    data_all = json.loads(out_all)["data"] if "data" in json.loads(out_all) else json.loads(out_all)
    assert (code, code_all) == (2, 2)
    assert data != data_all
    assert not any("untrusted-key" in line for line in _left_out(err_all))
    assert len(_left_out(err)) == len(_left_out(err_all)) + 10  # (ten of 14 told, 4 counted)
    assert "4 more untrusted-key warnings are not shown here" in err


def test_a_summary_on_another_day_counts_afresh_what_the_cache_kept_for_the_first(
    cli: Any, corpus: Path, cores: Any
) -> None:
    """Counts kept from a run on one day serve a run on another only where no deadline lies
    between: each later summary equals one that reads every file afresh."""
    cores(2)
    first = _run(cli, corpus, "summary", "--format", "json")
    for day in ("2026-03-20", "2026-06-01", "2026-09-15", "2027-06-30"):
        args = _args(corpus, "summary", "--format", "json")
        args[args.index(AS_OF)] = day
        kept = cli(args)
        afresh = cli([*args, "--no-cache"])
        assert (kept.exit_code, kept.stdout, kept.stderr) == (
            afresh.exit_code,
            afresh.stdout,
            afresh.stderr,
        ), day
        assert kept.stdout != first[1]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_name_with_a_nul_listed_on_standard_input_is_said_in_the_user_s_language(
    cli: Any, corpus: Path, lang: str
) -> None:
    """verify stops at a name no file can have, as at a name that does not exist; summary and
    export leave it out and report the rest."""
    first = sorted((corpus / "docs" / "findings").glob("0*.toml"))[1]
    names = f"{first}\nbad\0name.toml\n"
    trust = ["--allowed-signers", str(corpus / "trusted_some"), "--lang", lang]
    run = cli(["verify", "-", *trust], input=names)
    said = {
        "en": "bad\\u0000name.toml: not a usable file name",
        "zh": "bad\\u0000name.toml：不是可用的文件名",
    }
    assert (run.exit_code, run.stdout, run.stderr) == (2, "", f"minecheck: error: {said[lang]}\n")
    for command in ("summary", "export"):
        run = cli([command, "-", *trust, "--as-of", AS_OF, "--format", "csv"], input=names)
        assert run.exit_code == 2
        assert run.stdout
        line, error, _ = run.stderr.splitlines()  # the entry, then what made it exit 2
        assert line.startswith("minecheck: warning: bad\\u0000name.toml")
        assert error.startswith(("minecheck: error: 1 ", "minecheck: error: 有 1 "))
