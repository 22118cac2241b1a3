"""A trainer follows guide-followup section 11 (looking back after an accident), in English and
in Chinese, on the archive the guide's own sections 1 to 10 build, and breaks the archive on
purpose: each recipe of the section must notice what an investigator has to see."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.helpers_docs import findings_body
from tests.helpers_merge import allowed_signers, findings, person
from tests.test_cli_keys_trust import Cli
from tests.test_guides import SCRIPTS, run_guide, runnable_blocks

GUIDES = ("guide-followup.md", "guide-followup.zh.md")
EVIDENCE = "records/evidence/gas-record.pdf"


def _section(guide: str) -> str:
    text = (REPO / "docs" / guide).read_text(encoding="utf-8")
    return text[text.index("\n## 11.") :]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The working directory after sections 1 to 10: the archive as the team takes it."""
    where = tmp_path_factory.mktemp("guide")
    text = (REPO / "docs" / "guide-followup.md").read_text(encoding="utf-8")
    run_guide(text[: text.index("\n## 11.")], "guide-followup.md", where)
    return where


@pytest.fixture
def archive(built: Path, tmp_path: Path) -> Path:
    where = tmp_path / "work"
    shutil.copytree(built, where, symlinks=True)
    return where


def _bash(script: str, where: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-e", "-o", "pipefail", "-c", script],
        cwd=where,
        env={
            "PATH": f"{SCRIPTS}:/usr/local/bin:/usr/bin:/bin",
            "HOME": str(where / "user"),
            "MINECHECK_HOME": str(where / "minecheck-home"),
            "LANG": "C.UTF-8",
            "NO_COLOR": "1",
            "TZ": "UTC",
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _recipe(guide: str) -> str:
    """The section's block that takes the digests and lists each file's verdict."""
    (block,) = [b for b in runnable_blocks(_section(guide), guide) if "> taken.sha256" in b.script]
    return block.script


def _check_line(guide: str) -> str:
    (line,) = [line for line in _recipe(guide).splitlines() if "diff taken.sha256" in line]
    return line


@pytest.mark.parametrize("guide", GUIDES)
def test_the_recipe_names_an_evidence_file_swapped_before_the_archive_was_taken(
    archive: Path, guide: str
) -> None:
    """The scan Zhao signed as evidence of a rectification, replaced by another: the recipe
    printed nothing, `verified.json` said every file `trusted` (a signature covers the evidence's
    recorded size and SHA-256, not the file; only `verify --evidence` compares them)."""
    (archive / "revoked_keys").touch()
    (archive / EVIDENCE).write_bytes(b"another scan")
    ran = _bash(_recipe(guide), archive)
    assert ran.returncode == 0, ran.stderr
    assert "records/fu-01-rectified.toml\tevidence/gas-record.pdf\tevidence-changed" in ran.stdout
    verified = json.loads((archive / "verified.json").read_text())
    assert verified["exit_code"] == 1


@pytest.mark.parametrize("guide", GUIDES)
def test_the_digests_name_an_evidence_file_changed_or_added_since(
    archive: Path, guide: str
) -> None:
    """The digests held the `.toml` files only: an evidence file swapped or added after the
    archive was taken left `diff` silent, though the guide says it names a file changed or
    added."""
    (archive / "revoked_keys").touch()
    ran = _bash(_recipe(guide), archive)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout == ""
    (archive / EVIDENCE).write_bytes(b"another scan")
    (archive / "records" / "evidence" / "photo.jpg").write_bytes(b"added later")
    checked = _bash(_check_line(guide), archive)
    assert checked.returncode == 1
    assert EVIDENCE in checked.stdout
    assert "records/evidence/photo.jpg" in checked.stdout


@pytest.mark.parametrize("guide", GUIDES)
def test_the_recipe_judges_by_the_office_s_revocations(archive: Path, guide: str) -> None:
    """The team takes the office's `allowed_signers` and `revoked_keys`; the recipe named the
    first only, so revocations came from the investigator's own machine and every file of a
    key the office had revoked was listed `trusted`."""
    (line,) = [
        line
        for line in (archive / "allowed_signers").read_text().splitlines()
        if line.startswith("zhao.lei@")
    ]
    revoked = archive / "revoked_keys"
    revoked.write_text(" ".join(line.split()[-2:]) + "\n")
    listed = subprocess.run(
        ["ssh-keygen", "-lf", str(revoked)], capture_output=True, text=True, check=True
    )
    fingerprint = listed.stdout.split()[1]
    ran = _bash(_recipe(guide), archive)
    assert ran.returncode == 0, ran.stderr
    rows = [row.split("\t") for row in (archive / "signed.tsv").read_text().splitlines()]
    statuses = {(row[3] == fingerprint, row[1]) for row in rows}
    assert statuses == {(True, "revoked"), (False, "trusted")}


@pytest.mark.parametrize("guide", GUIDES)
def test_the_section_names_whose_revoked_key_signed_a_file(archive: Path, guide: str) -> None:
    """A revoked key's file is listed with its fingerprint alone (no signed time, no signer:
    nothing it says is read): a trainee asks whose it was, and the guide did not say. Its
    `trust list` line names the signer of that fingerprint, marked revoked."""
    (line,) = [
        line
        for line in (archive / "allowed_signers").read_text().splitlines()
        if line.startswith("zhao.lei@")
    ]
    (archive / "revoked_keys").write_text(" ".join(line.split()[-2:]) + "\n")
    assert _bash(_recipe(guide), archive).returncode == 0
    rows = [row.split("\t") for row in (archive / "signed.tsv").read_text().splitlines()]
    revoked = [row for row in rows if row[1] == "revoked"]
    assert revoked
    assert all(row[0] == "" and row[2] == "" for row in revoked)
    (fingerprint,) = {row[3] for row in revoked}
    (listing,) = [
        b.script for b in runnable_blocks(_section(guide), guide) if "trust list" in b.script
    ]
    listed = _bash(listing, archive)
    assert listed.returncode == 0, listed.stderr
    named = [line.split()[:3] for line in listed.stdout.splitlines() if fingerprint in line]
    assert named[0] == ["zhao.lei@xinxing.example", fingerprint, "(revoked)"]


@pytest.mark.parametrize("guide", GUIDES)
def test_every_command_of_the_section_names_both_trust_files(guide: str) -> None:
    """`summary --as-of` and `export --rows events` alike: an investigator's report counts what
    the office trusted, not what the machine it runs on does."""
    scripts = [b.script for b in runnable_blocks(_section(guide), guide)]
    commands = [s for s in scripts if "minecheck " in s]
    assert len(commands) == 4
    for script in commands:
        assert script.count("--revoked-keys revoked_keys") == script.count(
            "--allowed-signers allowed_signers"
        ), script


# --- guide-scripting section 8: merge's refusal of a source signed ahead of its clock ---------


def _catalogue_paragraph(guide: str, needle: str) -> str:
    """The paragraph of guide-scripting's section 8 that holds `needle`, or ''."""
    text = (REPO / "docs" / guide).read_text(encoding="utf-8")
    section = text[text.index("\n## 8.") :]
    paragraphs = [" ".join(p.split()) for p in section.split("\n\n")]
    return next((p for p in paragraphs if needle in p), "")


@pytest.mark.parametrize(
    ("guide", "lang", "said"),
    [
        ("guide-scripting.md", "en", "more than ten minutes after this computer's clock"),
        ("guide-scripting.zh.md", "zh", "比本机时钟晚 10 分钟以上"),
    ],
)
def test_the_catalogue_explains_merge_s_refusal_of_a_source_signed_ahead(
    cli: Cli, tmp_path: Path, guide: str, lang: str, said: str
) -> None:
    """A script writer matching on `code` got `untrusted-key` from `merge --allow-untrusted`
    (or `key-not-yet-valid` for a trusted signer), exit 2: the catalogue's rows for those codes
    send the reader to the trust keeper or the key's `valid-after=`, and nothing said that merge
    refuses a source signed ahead of its own clock whatever the option, nor that the clocks are
    what to check."""
    keys = tmp_path / "keys"
    keys.mkdir()
    wang, chen, li = person(keys, "wang"), person(keys, "chen"), person(keys, "li")
    allowed_signers(tmp_path / "allowed_signers", wang, chen)
    ahead = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(hours=1)
    codes = set()
    for who in (wang, li):
        source = tmp_path / f"{who.principal}.toml"
        source.write_bytes(findings(who, ["noncompliant", "compliant", "compliant"], when=ahead))
        merger = ["--key", str(chen.key), "--signer", chen.principal]
        trust = ["--allowed-signers", str(tmp_path / "allowed_signers"), "--allow-untrusted"]
        out = ["-o", str(tmp_path / "merged.toml"), "--json", "--lang", lang]
        run = cli(["merge", str(source), *merger, *trust, *out])
        assert run.exit_code == 2, run.stdout
        (problem, _) = json.loads(run.stdout)["problems"]
        assert said in problem["message"]
        codes.add(problem["code"])
    assert codes == {"key-not-yet-valid", "untrusted-key"}
    paragraph = _catalogue_paragraph(guide, said)
    for needed in ("`merge`", "`--allow-untrusted`", *(f"`{c}`" for c in codes), "`date -u`"):
        assert needed in paragraph, needed


# --- guide-scripting section 2: a trust file named as it was typed ----------------------------


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "minecheck: error: {option} ./--t: no such file"),
        ("zh", "minecheck: error: {option} ./--t：文件不存在"),
    ],
)
@pytest.mark.parametrize("option", ["--allowed-signers", "--revoked-keys"])
def test_a_trust_file_that_is_not_there_is_named_as_typed(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, option: str, lang: str, said: str
) -> None:
    """`verify x.toml --allowed-signers ./--t` said "--allowed-signers --t: no such file", which
    reads as two options, though guide-scripting section 2 says every command shows a file's
    name as it was named (`./--x.toml`)."""
    monkeypatch.chdir(tmp_path)
    keys = tmp_path / "keys"
    keys.mkdir()
    wang = person(keys, "wang")
    allowed_signers(tmp_path / "allowed_signers", wang)
    (tmp_path / "x.toml").write_bytes(findings(wang, ["noncompliant", "compliant", "compliant"]))
    trust = {"--allowed-signers": "allowed_signers", "--revoked-keys": "revoked_keys"}
    trust[option] = "./--t"
    (tmp_path / "revoked_keys").touch()
    words = [w for k, v in trust.items() for w in ([f"{k}={v}"] if v == "./--t" else [k, v])]
    run = cli(["verify", "x.toml", *words, "--lang", lang])
    assert run.exit_code == 2, run.stdout
    assert run.stderr.splitlines()[0] == said.format(option=option)


def test_trust_add_from_a_file_that_is_not_there_names_it_as_typed(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`trust add --from ./--l` said "--l: no such file"."""
    monkeypatch.chdir(tmp_path)
    run = cli(["trust", "add", "--from=./--l", "--allowed-signers", "allowed_signers"])
    assert run.exit_code == 2, run.stdout
    assert run.stderr.splitlines()[0] == "minecheck: error: ./--l: no such file"


def test_the_trust_add_hint_names_the_trust_file_as_typed(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """verify's hint for a key not trusted names the list it read: with
    `--allowed-signers=./--t` it said "read --t; to trust the key: ... --allowed-signers ./--t"."""
    monkeypatch.chdir(tmp_path)
    keys = tmp_path / "keys"
    keys.mkdir()
    wang, li = person(keys, "wang"), person(keys, "li")
    allowed_signers(tmp_path / "--t", wang)
    (tmp_path / "x.toml").write_bytes(findings(li, ["noncompliant", "compliant", "compliant"]))
    run = cli(["verify", "x.toml", "--allowed-signers=./--t"])
    assert run.exit_code == 1, run.stdout
    assert "  read ./--t; to trust the key (or --from LINES):\n" in run.stderr, run.stderr
    assert "    minecheck trust add" in run.stderr, run.stderr
    assert "--allowed-signers ./--t\n" in run.stderr, run.stderr


@pytest.mark.parametrize(
    ("words", "said"),
    [
        (
            ["trust", "add", "--principal", "a@b.example", "--key", "./--k.pub"],
            "public key file ./--k.pub does not exist",
        ),
        (["trust", "revoke", "./--k.pub"], "public key file ./--k.pub does not exist"),
        (["sign", "x.toml", "--key", "./--k"], "key file ./--k does not exist"),
    ],
    ids=["trust-add", "trust-revoke", "sign"],
)
def test_a_key_file_that_is_not_there_is_named_as_typed(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, words: list[str], said: str
) -> None:
    """`trust add --key ./--k.pub` said "public key file --k.pub does not exist", `sign --key
    ./--k` "key file --k does not exist": a name that reads as an option."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "x.toml").write_bytes(findings_body("wang.wei@hlj.example", "SHA256:" + "A" * 43))
    run = cli(words)
    assert run.exit_code == 2, run.stdout
    assert run.stderr.splitlines()[0] == f"minecheck: error: {said}"
