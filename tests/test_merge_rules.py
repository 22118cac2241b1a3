"""What `minecheck merge` takes, refuses and says, as a user meets it: the exit code, the exact
lines on stderr in both languages, and the merged file then checked by `verify` and by
`ssh-keygen -Y verify` (each test named after the rule of cli/merge.py it holds)."""

from __future__ import annotations

import shutil
import subprocess
import tomllib
from pathlib import Path
from typing import Any

import pytest

from minecheck.core.seal import split
from minecheck.core.sshsig import NAMESPACE_MERGED
from tests.helpers_merge import INSPECTION, Who, allowed_signers, findings, person


@pytest.fixture(scope="module")
def people(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Who]:
    d = tmp_path_factory.mktemp("keys")
    return {n: person(d, n) for n in ("alice", "bob", "mallory")}


@pytest.fixture
def setup(people: dict[str, Who], tmp_path: Path) -> dict[str, Any]:
    allowed = allowed_signers(tmp_path / "allowed_signers", people["alice"], people["bob"])
    a, b, m = tmp_path / "a.toml", tmp_path / "b.toml", tmp_path / "m.toml"
    a.write_bytes(findings(people["alice"], ["compliant", "noncompliant", "compliant"]))
    b.write_bytes(findings(people["bob"], ["noncompliant", "noncompliant", "compliant"]))
    m.write_bytes(findings(people["mallory"], ["compliant", "compliant", "compliant"]))
    return {
        "a": a,
        "b": b,
        "m": m,
        "dir": tmp_path,
        "allowed": allowed,
        "trust": ["--allowed-signers", str(allowed)],
        "sign": ["--key", str(people["alice"].key), "--signer", people["alice"].principal],
    }


def _checked(cli: Any, setup: dict[str, Any], merged: Path, people: dict[str, Who]) -> None:
    """`verify` trusts the merged file, and ssh-keygen verifies its signature."""
    run = cli(["verify", str(merged), *setup["trust"]])
    assert run.exit_code == 0, run.stdout + run.stderr
    if shutil.which("ssh-keygen") is None:
        return
    body, armored = split(merged.read_bytes())
    assert armored is not None
    (setup["dir"] / "sig").write_text(armored)
    who = people["alice"]
    checked = subprocess.run(
        [
            *("ssh-keygen", "-Y", "verify", "-f", str(setup["allowed"]), "-I", who.principal),
            *("-n", NAMESPACE_MERGED, "-s", str(setup["dir"] / "sig")),
        ],
        input=body,
        capture_output=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stderr


def _sources(merged: Path) -> list[bytes]:
    return [s["file"].encode() for s in tomllib.loads(merged.read_text("utf-8"))["source"]]


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "cert-authority line skipped: certificates are not supported"),
        ("zh", "已跳过 cert-authority 行：不支持证书"),
    ],
)
def test_a_cert_authority_line_in_allowed_signers_is_said_by_merge(
    cli: Any, setup: dict[str, Any], people: dict[str, Who], lang: str, said: str
) -> None:
    """merge reads allowed_signers as verify does: a cert-authority line skipped is said."""
    allowed: Path = setup["allowed"]
    key = Path(f"{people['mallory'].key}.pub").read_text().split(" ", 2)
    with allowed.open("a") as fh:
        fh.write(f"*@coal.example cert-authority {key[0]} {key[1]}\n")
    out = setup["dir"] / "joint.toml"
    run = cli(
        ["merge", str(setup["a"]), "-o", str(out), *setup["trust"], *setup["sign"], "--lang", lang]
    )
    assert (run.exit_code, run.stdout) == (0, f"{out}\n")
    assert run.stderr == f"minecheck: warning: {allowed}:3:16: {said}\n"
    assert _sources(out) == [setup["a"].read_bytes()]
    _checked(cli, setup, out, people)


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "cert-authority line skipped: certificates are not supported"),
        ("zh", "已跳过 cert-authority 行：不支持证书"),
    ],
)
def test_a_cert_authority_line_in_allowed_signers_is_said_by_extract(
    cli: Any, setup: dict[str, Any], people: dict[str, Who], lang: str, said: str
) -> None:
    """extract reads allowed_signers as verify does: a cert-authority line skipped is said, and
    the sources are written back byte for byte."""
    out = setup["dir"] / "joint.toml"
    made = cli(
        ["merge", str(setup["a"]), str(setup["b"]), "-o", str(out), *setup["trust"], *setup["sign"]]
    )
    assert made.exit_code == 0, made.stderr
    allowed: Path = setup["allowed"]
    key = Path(f"{people['mallory'].key}.pub").read_text().split(" ", 2)
    with allowed.open("a") as fh:
        fh.write(f"*@coal.example cert-authority {key[0]} {key[1]}\n")
    into = setup["dir"] / "x"
    into.mkdir()
    run = cli(["extract", str(out), "-o", str(into), *setup["trust"], "--lang", lang])
    assert run.exit_code == 0, run.stderr
    assert run.stderr == f"minecheck: warning: {allowed}:3:16: {said}\n"
    assert sorted(p.read_bytes() for p in into.iterdir()) == sorted(
        [setup["a"].read_bytes(), setup["b"].read_bytes()]
    )
    assert sorted(run.stdout.splitlines()) == sorted(str(p) for p in into.iterdir())


def test_extract_force_writes_a_changed_source_back_and_json_names_every_file(
    cli: Any, setup: dict[str, Any]
) -> None:
    """A source changed since an extract is written back with --force (the other, there byte
    for byte, left as it is); --json names the command and every file, those left included."""
    out = setup["dir"] / "joint.toml"
    both = [str(setup["a"]), str(setup["b"])]
    made = cli(["merge", *both, "-o", str(out), *setup["trust"], *setup["sign"]])
    assert made.exit_code == 0, made.stderr
    into = setup["dir"] / "x"
    into.mkdir()
    first = cli(["extract", str(out), "-o", str(into), *setup["trust"], "--json"])
    assert first.exit_code == 0, first.stderr
    envelope = first.json()
    assert envelope["command"] == "extract"
    written = sorted(envelope["data"]["files"])
    assert written == sorted(str(p) for p in into.iterdir())
    assert sorted(Path(p).read_bytes() for p in written) == sorted(
        [setup["a"].read_bytes(), setup["b"].read_bytes()]
    )
    changed = Path(written[0])
    original = changed.read_bytes()
    changed.write_bytes(original + b"\n")
    refused = cli(["extract", str(out), "-o", str(into), *setup["trust"]])
    assert (refused.exit_code, refused.stdout) == (2, "")
    assert changed.read_bytes() == original + b"\n"
    forced = cli(["extract", str(out), "-o", str(into), *setup["trust"], "--force", "--json"])
    assert forced.exit_code == 0, forced.stderr
    assert changed.read_bytes() == original
    assert sorted(forced.json()["data"]["files"]) == written
    plain = cli(["extract", str(out), "-o", str(into), *setup["trust"], "--force"])
    assert sorted(plain.stdout.splitlines()) == written
    assert plain.stderr == "2 sources were there already, byte for byte: left as they were\n"
    zh = cli(["extract", str(out), "-o", str(into), *setup["trust"], "--lang", "zh"])
    assert zh.exit_code == 0
    assert zh.stderr == "2 个来源文件已在目录中，逐字节相同：保持原样\n"


def test_a_follow_up_inside_a_merged_input_hides_no_answer_after_it(
    cli: Any, setup: dict[str, Any], people: dict[str, Who], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A merged input holds a follow-up ahead of Alice's findings (sources sorted by digest):
    the inconsistency line still names every inspector's answer, in both languages."""
    import hashlib

    monkeypatch.chdir(setup["dir"])
    bob = people["bob"]
    for n in range(1, 64):  # Alice's file sorting in the upper half: a follow-up then sorts
        # before it one time in two or more (its digest varies with the keys made for the run:
        # one below 1/65 of the range failed the search below about one run in 65)
        if hashlib.sha256(setup["a"].read_bytes()).hexdigest() >= "8":
            break
        setup["a"].write_bytes(
            findings(people["alice"], ["compliant", "noncompliant", "compliant"], n)
        )
    digest_a = hashlib.sha256(setup["a"].read_bytes()).hexdigest()
    for n in range(64):  # a follow-up whose digest sorts before Alice's file's
        follow = setup["dir"] / f"f{n}.toml"
        run = cli(
            [
                *("followup", f"{INSPECTION}/gas-overlimit", "--action", "escalated"),
                *("--note", f"note {n}", "-o", follow.name),
                *("--key", str(bob.key), "--signer", bob.principal),
            ]
        )
        assert run.exit_code == 0, run.stderr
        if hashlib.sha256(follow.read_bytes()).hexdigest() < digest_a:
            break
    else:
        pytest.fail("no follow-up sorted first")
    inner = setup["dir"] / "inner.toml"
    made = cli(
        ["merge", str(follow), str(setup["a"]), "-o", str(inner), *setup["trust"], *setup["sign"]]
    )
    assert made.exit_code == 0, made.stderr
    assert _sources(inner) == [follow.read_bytes(), setup["a"].read_bytes()]
    out = setup["dir"] / "out.toml"
    args = ["merge", str(inner), str(setup["b"]), "-o", str(out), *setup["trust"], *setup["sign"]]
    run = cli(args)
    assert (run.exit_code, run.stdout) == (0, f"{out}\n")
    finding = f"{INSPECTION}/gas-check-genuine"
    assert run.stderr == (
        f"minecheck: warning: inconsistent: {finding} (Demo mine (HLJ-0001)): "
        "alice@coal.example: compliant "
        f"({inner}#2); bob@coal.example: noncompliant ({setup['b']})\n"
    )
    _checked(cli, setup, out, people)
    zh = cli([*args, "--force", "--lang", "zh"])
    assert zh.exit_code == 0
    assert zh.stderr == (
        f"minecheck: warning: 结论不一致：{finding}（Demo mine（HLJ-0001））："
        "alice@coal.example：符合"
        f"（{inner}#2）；bob@coal.example：不符合（{setup['b']}）\n"
    )
    _checked(cli, setup, out, people)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("written", ["Demo mine (HLJ-0001)", "Demo mine（HLJ-0001）"])
def test_a_site_written_with_its_code_in_its_name_is_that_site_in_either_language(
    cli: Any, setup: dict[str, Any], people: dict[str, Who], lang: str, written: str
) -> None:
    """A document without a site code that writes the code after the name, in either language's
    brackets, names the coded site: one site in both languages, so --strict, `sites_differ`
    and the warning agree. (English took the first form for the site and the second for
    another; Chinese the other way round: --strict failed in one language with no line saying
    why, or warned in the other and passed.)"""
    other = setup["dir"] / "other.toml"
    answers = ["compliant", "noncompliant", "compliant"]  # as Alice's: no disagreement
    other.write_bytes(findings(people["bob"], answers, site=written, site_id=None))
    out = setup["dir"] / "j.toml"
    args = ["merge", str(setup["a"]), str(other), "-o", str(out), *setup["trust"], *setup["sign"]]
    run = cli([*args, "--strict", "--lang", lang])
    assert (run.exit_code, run.stdout, run.stderr) == (0, f"{out}\n", "")
    plain = cli([*args, "--force", "--json", "--lang", lang])
    assert (plain.exit_code, plain.json()["data"]["sites_differ"]) == (0, [])
    report = cli(["summary", str(out), "--format", "md", "--lang", lang, *setup["trust"]])
    assert (report.exit_code, report.stderr) == (0, "")


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "en",
            "inspection {id}: its documents name different sites: Demo mine (HLJ-0001); "
            "Dongfeng mine (HLJ-0002); an inspection is at one site (was an inspection id used "
            "again?)",
        ),
        (
            "zh",
            "检查 {id}：其文件所写的被检查单位不同："
            "Demo mine（HLJ-0001）；Dongfeng mine（HLJ-0002）；"
            "一次检查只在一个被检查单位进行（是否重复使用了检查编号？）",
        ),
    ],
)
def test_strict_fails_on_two_sites_even_where_every_answer_agrees(
    cli: Any, setup: dict[str, Any], people: dict[str, Who], lang: str, said: str
) -> None:
    """One inspection id at two mines, every answer alike: no item is inconsistent, yet
    --strict fails (exit 1) on the sites alone; the merged file is written and verifies."""
    other = setup["dir"] / "other-mine.toml"
    answers = ["compliant", "noncompliant", "compliant"]  # as Alice's
    other.write_bytes(findings(people["bob"], answers, site="Dongfeng mine", site_id="HLJ-0002"))
    out = setup["dir"] / "j.toml"
    args = ["merge", str(setup["a"]), str(other), "-o", str(out), *setup["trust"], *setup["sign"]]
    run = cli([*args, "--strict", "--lang", lang])
    assert (run.exit_code, run.stdout) == (1, f"{out}\n")
    assert run.stderr == f"minecheck: warning: {said.format(id=INSPECTION)}\n"
    assert sorted(_sources(out)) == sorted([setup["a"].read_bytes(), other.read_bytes()])
    _checked(cli, setup, out, people)
    plain = cli([*args, "--force", "--json"])
    assert plain.exit_code == 0
    data = plain.json()["data"]
    assert (data["sites_differ"], data["inconsistent"]) == ([INSPECTION], [])
    assert [p["code"] for p in plain.json()["problems"]] == ["sites"]
    merged = tomllib.loads(split(out.read_bytes())[0].decode())["minecheck"]
    assert (data["path"], data["document_id"]) == (str(out), merged["document_id"])
    assert (data["source_count"], data["consolidated"], data["skipped"]) == (2, 3, [])


@pytest.mark.parametrize(
    ("lang", "said", "hint"),
    [
        ("en", "{paths} already exist", "choose another -o, or pass --force"),
        ("zh", "{paths} 已存在", "请另选 -o，或加上 --force"),
    ],
)
def test_extract_names_every_changed_source_it_will_not_replace(
    cli: Any, setup: dict[str, Any], lang: str, said: str, hint: str
) -> None:
    """Two sources changed since an extract: both named in one line, nothing replaced."""
    out = setup["dir"] / "joint.toml"
    both = [str(setup["a"]), str(setup["b"])]
    made = cli(["merge", *both, "-o", str(out), *setup["trust"], *setup["sign"], "--json"])
    assert made.exit_code == 0, made.stderr
    into = setup["dir"] / "x"
    into.mkdir()
    first = cli(["extract", str(out), "-o", str(into), *setup["trust"]])
    assert first.exit_code == 0, first.stderr
    written = first.stdout.splitlines()
    for name in written:
        Path(name).write_bytes(b"changed\n")
    run = cli(["extract", str(out), "-o", str(into), *setup["trust"], "--lang", lang])
    assert (run.exit_code, run.stdout) == (2, "")
    paths = {"en": ", ", "zh": "、"}[lang].join(written)
    assert run.stderr == f"minecheck: error: {said.format(paths=paths)}\n  hint: {hint}\n"
    assert [Path(name).read_bytes() for name in written] == [b"changed\n", b"changed\n"]


def test_merge_json_names_each_inconsistent_finding_with_its_site_and_answers(
    cli: Any, setup: dict[str, Any], people: dict[str, Who]
) -> None:
    out = setup["dir"] / "joint.toml"
    both = [str(setup["a"]), str(setup["b"])]
    run = cli(["merge", *both, "-o", str(out), *setup["trust"], *setup["sign"], "--json"])
    assert run.exit_code == 0, run.stderr
    assert run.json()["data"]["inconsistent"] == [
        {
            "finding": f"{INSPECTION}/gas-check-genuine",
            "sites": ["Demo mine (HLJ-0001)"],
            "by": ["alice@coal.example: compliant", "bob@coal.example: noncompliant"],
            "answers": [
                {"signer": "alice@coal.example", "result": "compliant", "path": str(setup["a"])},
                {"signer": "bob@coal.example", "result": "noncompliant", "path": str(setup["b"])},
            ],
        }
    ]
    _checked(cli, setup, out, people)


def test_merge_json_codes_what_it_refuses_and_what_it_skips(
    cli: Any, setup: dict[str, Any], people: dict[str, Who]
) -> None:
    """--json: a findings file already inside a merged input is skipped as inside that file; a
    second version of a document is `two-contents`; a merge nested too deep is `too-deep`."""
    d = setup["dir"]
    inner = d / "inner.toml"
    made = cli(["merge", str(setup["a"]), "-o", str(inner), *setup["trust"], *setup["sign"]])
    assert made.exit_code == 0, made.stderr
    out = d / "out.toml"
    args = ["-o", str(out), *setup["trust"], *setup["sign"], "--json"]
    run = cli(["merge", str(inner), str(setup["a"]), str(setup["b"]), *args])
    assert run.exit_code == 0, run.stderr
    assert run.json()["data"]["skipped"] == [{"path": str(setup["a"]), "inside": str(inner)}]
    assert sorted(_sources(out)) == sorted([inner.read_bytes(), setup["b"].read_bytes()])
    _checked(cli, setup, out, people)
    again = d / "again.toml"  # Bob's document once more, one answer changed
    body = setup["b"].read_text().split("[signature]")[0]
    from minecheck.core.seal import seal
    from minecheck.core.sshsig import NAMESPACE_FINDINGS

    changed = body.replace('result = "compliant"', 'result = "not-checked"', 1)
    assert changed != body
    again.write_bytes(seal(changed.encode(), people["bob"].signer, NAMESPACE_FINDINGS))
    out.unlink()
    run = cli(["merge", str(setup["b"]), str(again), *args])
    assert (run.exit_code, out.exists()) == (2, False)
    codes = [(p["code"], p["path"]) for p in run.json()["problems"]]
    assert codes == [("two-contents", str(again)), ("input", None)]
    level = setup["a"]
    for n in range(3):
        nxt = d / f"l{n}.toml"
        made = cli(["merge", str(level), "-o", str(nxt), *setup["trust"], *setup["sign"]])
        assert made.exit_code == 0, made.stderr
        level = nxt
    run = cli(["merge", str(level), *args])
    assert (run.exit_code, out.exists()) == (2, False)
    codes = [(p["code"], p["path"]) for p in run.json()["problems"]]
    assert codes == [("too-deep", str(level)), ("input", None)]


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "source_count is 2, but the document holds 1 source"),
        ("zh", "source_count 为 2，但文件含有 1 个来源"),
    ],
)
def test_extract_refuses_a_signed_merged_file_whose_structure_is_broken(
    cli: Any, setup: dict[str, Any], people: dict[str, Who], lang: str, said: str
) -> None:
    """A merged file signed by a trusted key whose source_count is not its number of sources:
    nothing is written, and the line names the file and why."""
    from minecheck.core.seal import seal

    out = setup["dir"] / "joint.toml"
    made = cli(["merge", str(setup["a"]), "-o", str(out), *setup["trust"], *setup["sign"]])
    assert made.exit_code == 0, made.stderr
    body = split(out.read_bytes())[0].decode()
    assert "source_count = 1\n" in body
    broken = body.replace("source_count = 1\n", "source_count = 2\n")
    out.write_bytes(seal(broken.encode(), people["alice"].signer, NAMESPACE_MERGED))
    into = setup["dir"] / "x"
    into.mkdir()
    run = cli(["extract", str(out), "-o", str(into), *setup["trust"], "--lang", lang])
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == f"minecheck: error: {out}: {said}\n"
    assert list(into.iterdir()) == []
