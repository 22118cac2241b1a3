"""Loose ends, round 27: `followup`'s findings-unchecked quotes its id; a `keys generate`
stopped while recording its key says what is left; merge's separate-inspections names an
untrusted signer as such; site ids that differ only in letter case or end blanks."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest

from tests.helpers_docs import findings_body
from tests.helpers_merge import INSPECTION, Who, allowed_signers, findings, person
from tests.test_cli_sign_rules import who
from tests.test_encodings5 import ANSWERS
from tests.test_loose_ends18 import REFUSED
from tests.test_loose_ends26 import generate_stopped
from tests.test_minimal_input import sign_args
from tests.test_windows_files3 import CHECKLIST

__all__ = ["who"]  # the fixture

# `keys generate` sent SIGTERM (a Ctrl-C alike) while it records its new key in the key list
# (waiting on another minecheck's lock): the pair it made is taken away again
STOPPED_WHILE_RECORDING = textwrap.dedent(
    """
    import os, signal, sys
    import minecheck.cli.keys as keys
    real = keys.record_key
    def stopped(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGTERM)
        return real(*args, **kwargs)
    keys.record_key = stopped
    sys.argv = ["minecheck", *sys.argv[1:]]
    from minecheck.__main__ import main
    main()
    """
)
NOTHING_WRITTEN = {
    "en": "minecheck: error: interrupted; nothing was written",
    "zh": "minecheck: error: 已中断；未写入任何文件",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_run_stopped_while_recording_its_key_says_nothing_was_written(
    tmp_path: Path, lang: str
) -> None:
    """The pair was written, then taken away when the key list was not written: the run said
    "interrupted after writing the new key … and its public half …", of files not there."""
    home = tmp_path / "home"
    done = generate_stopped(
        STOPPED_WHILE_RECORDING, home, "--principal", "wang.wei@hlj.example", "--lang", lang
    )
    assert (done.returncode, done.stdout) == (130, ""), done.stderr
    assert done.stderr.splitlines()[-1] == NOTHING_WRITTEN[lang]
    assert sorted(p.name for p in (home / "keys").iterdir() if not p.name.startswith(".")) == []


OTHER = "4b6f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c1e"
# (gas-check-genuine, gas-overlimit, methane-return)
ALICE = ["noncompliant", "noncompliant", "compliant"]
BOB = ["noncompliant", "compliant", "compliant"]
# Alice's and Bob's inspections of one mine on one day, Bob's key not trusted here
UNTRUSTED_SAID = {
    "en": "Demo mine (HLJ-0001): 2 inspections on 2026-11-29 "
    f"({INSPECTION} by alice@coal.example; {OTHER} by bob@coal.example (not trusted here: "
    "untrusted-key)) record gas-check-genuine as a hidden danger, each counted apart in "
    "reports (its majors flagged repeat-major); if they were one joint inspection, its "
    "inspectors give it one id (inspect --inspection-id)",
    "zh": "Demo mine（HLJ-0001）：2026-11-29 的 2 次检查"
    f"（{INSPECTION}：alice@coal.example；{OTHER}：bob@coal.example（在本机未受信任：untrusted-key））"
    "都将 gas-check-genuine 记为隐患，"
    "报告中按各次检查分别计数（其中重大隐患标为重复重大隐患）；"
    "如果这是一次联合检查，各检查人员应使用同一个检查编号（inspect --inspection-id）",
}


@pytest.fixture(scope="module")
def people(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Who]:
    d = tmp_path_factory.mktemp("keys")
    return {n: person(d, n) for n in ("alice", "bob", "coord")}


def _one_day(tmp_path: Path, people: dict[str, Who]) -> tuple[list[str], list[str]]:
    """Alice's and Bob's files of one mine and day, each their own id; Alice and the
    coordinator trusted, Bob not: the files and the trust options."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "alice.toml").write_bytes(findings(people["alice"], ALICE))
    (docs / "bob.toml").write_bytes(findings(people["bob"], BOB, inspection_id=OTHER))
    allowed = allowed_signers(tmp_path / "allowed_signers", people["alice"], people["coord"])
    (tmp_path / "revoked_keys").write_text("")
    trust = ["--allowed-signers", str(allowed), "--revoked-keys", str(tmp_path / "revoked_keys")]
    return [str(docs / "alice.toml"), str(docs / "bob.toml")], trust


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_merge_names_an_untrusted_signer_of_separate_inspections_as_such(
    tmp_path: Path, people: dict[str, Who], cli: Any, lang: str
) -> None:
    """Merged with --allow-untrusted, the warning named Bob, whose key is not trusted here, as
    it named Alice: the coordinator read two trusted inspectors' work."""
    files, trust = _one_day(tmp_path, people)
    coord = people["coord"]
    run = cli(
        [
            *("merge", *files, "-o", str(tmp_path / "merged.toml"), *trust, "--lang", lang),
            *("--key", str(coord.key), "--signer", coord.principal, "--allow-untrusted"),
        ]
    )
    assert run.exit_code == 0, run.stderr
    assert f"minecheck: warning: {UNTRUSTED_SAID[lang]}\n" in run.stderr


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(
    "report", [["summary"], ["export", "--format", "csv"], ["summary", "--no-cache"]]
)
def test_a_report_with_untrusted_documents_names_their_signer_as_such(
    tmp_path: Path, people: dict[str, Who], cli: Any, lang: str, report: list[str]
) -> None:
    """summary and export --include-untrusted count Bob's file, and said him as a trusted
    signer."""
    files, trust = _one_day(tmp_path, people)
    folder = str(Path(files[0]).parent)
    run = cli([*report, folder, *trust, "--include-untrusted", "--lang", lang])
    assert run.exit_code == 0, run.stderr
    at = "{path}: " if lang == "en" else "{path}："
    said = at.format(path=files[0]) + UNTRUSTED_SAID[lang]
    assert f"minecheck: warning: {said}\n" in run.stderr


# what is said of a site id written with a blank at either end, typed or in a file
BLANK_ENDS = {
    "en": "{option} begins or ends with a blank: a site id is a code, written without blanks "
    "around it",
    "zh": "{option} 首尾有空白：单位编码是代码，前后不能有空白",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("given", ["HLJ-0001 ", " HLJ-0001", "HLJ-0001\u3000"])
def test_inspect_refuses_a_site_id_with_a_blank_at_an_end(
    cli: Any, who: Who, given: str, lang: str
) -> None:
    """`--site-id "HLJ-0001 "` was signed, and every report counted it a site apart from
    HLJ-0001: its separate inspections and repeat majors were not seen."""
    Path("a.toml").write_bytes(ANSWERS.encode())
    args = ["inspect", CHECKLIST, "--site", "M", "--site-id", given, "--answers", "a.toml"]
    run = cli([*args, "-o", "out.toml", "--allow-incomplete", *sign_args(who), "--lang", lang])
    said = BLANK_ENDS[lang].format(option="--site-id")
    assert (run.exit_code, run.stdout, run.stderr) == (2, "", f"minecheck: error: {said}\n")
    assert not Path("out.toml").exists()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_sign_refuses_a_site_id_with_a_blank_at_an_end(cli: Any, who: Who, lang: str) -> None:
    body = findings_body(who.principal, who.fingerprint).decode()
    text = body.replace('site_id = "HLJ-0001"', 'site_id = "HLJ-0001 "').encode()
    assert text != body.encode()
    Path("f.toml").write_bytes(text)
    run = cli(["sign", "f.toml", *sign_args(who), "-o", "out.toml", "--lang", lang])
    said = BLANK_ENDS[lang].format(option="site_id")
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == f"f.toml:15:1: {said}\n{REFUSED[lang]}"
    assert Path("f.toml").read_bytes() == text
    assert not Path("out.toml").exists()


ALIKE_SAID = {
    "en": "minecheck: warning: site codes 'HLJ-0001', 'hlj-0001' differ only in letter case, "
    "in full-width forms or in blanks at their ends: reports count them as 2 sites, and do "
    "not see separate "
    "inspections or repeat majors across them\n"
    "  hint: write each site's code one way in every inspection of it\n",
    "zh": "minecheck: warning: 单位编码 'HLJ-0001'、'hlj-0001' 仅大小写、全角半角或首尾空白不同："
    "报告将其计为 2 个单位，看不到它们之间的分次检查和重复重大隐患\n"
    "  hint: 同一单位的每次检查请用同一写法填写其编码\n",
}


def _alike(
    tmp_path: Path, people: dict[str, Who], code: str = "hlj-0001"
) -> tuple[list[str], list[str]]:
    """Alice's file of HLJ-0001 and Bob's of `code` (one mine, one day, each their own id),
    both trusted: the files and the trust options."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "alice.toml").write_bytes(findings(people["alice"], ALICE))
    bob = findings(people["bob"], BOB, inspection_id=OTHER, site_id=code)
    (docs / "bob.toml").write_bytes(bob)
    trusted = (people["alice"], people["bob"], people["coord"])
    allowed = allowed_signers(tmp_path / "allowed_signers", *trusted)
    (tmp_path / "revoked_keys").write_text("")
    trust = ["--allowed-signers", str(allowed), "--revoked-keys", str(tmp_path / "revoked_keys")]
    return [str(docs / "alice.toml"), str(docs / "bob.toml")], trust


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("report", [["summary"], ["summary", "--no-cache"]])
def test_a_summary_warns_of_site_codes_that_differ_only_in_case(
    tmp_path: Path, people: dict[str, Who], cli: Any, lang: str, report: list[str]
) -> None:
    """HLJ-0001 and hlj-0001 were two sites in every count, and nothing said so."""
    files, trust = _alike(tmp_path, people)
    for _ in ("cold", "warm"):  # (the second from the cache and the summary's memo)
        run = cli([*report, *files, *trust, "--lang", lang])
        assert (run.exit_code, run.stderr) == (0, ALIKE_SAID[lang])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_merge_warns_of_site_codes_that_differ_only_in_case(
    tmp_path: Path, people: dict[str, Who], cli: Any, lang: str
) -> None:
    files, trust = _alike(tmp_path, people)
    coord = people["coord"]
    run = cli(
        [
            *("merge", *files, "-o", str(tmp_path / "merged.toml"), *trust, "--lang", lang),
            *("--key", str(coord.key), "--signer", coord.principal),
        ]
    )
    assert (run.exit_code, run.stderr) == (0, ALIKE_SAID[lang])


def test_a_code_signed_with_a_blank_at_its_end_is_said_alike(
    tmp_path: Path, people: dict[str, Who], cli: Any
) -> None:
    """A file signed before `sign` refused it (HLJ-0001 with a blank after it) is said too."""
    files, trust = _alike(tmp_path, people, "HLJ-0001 ")
    run = cli(["summary", *files, *trust])
    assert (run.exit_code, run.stderr) == (
        0,
        ALIKE_SAID["en"].replace("'HLJ-0001', 'hlj-0001'", "'HLJ-0001', 'HLJ-0001 '"),
    )
