"""A provincial coordinator's merges: teams' files, city merges merged again, the same file sent
twice, corrections, revocations after the merge; what merge, extract and show tell the person
who gathers them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.helpers_merge import INSPECTION, Who, findings, person

OTHER = "4b6f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c1e"


@pytest.fixture(scope="module")
def people(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Who]:
    d = tmp_path_factory.mktemp("keys")
    return {n: person(d, n) for n in ("alice", "bob", "carol", "city", "province")}


@pytest.fixture
def teams(people: dict[str, Who], tmp_path: Path, cli: Any) -> dict[str, Any]:
    """Alice and Bob inspected one mine together (Bob disagrees on one item); Carol another."""
    allowed = tmp_path / "allowed_signers"
    for who in people.values():
        run = cli(
            [
                *("trust", "add", "--principal", who.principal, "--key", f"{who.key}.pub"),
                *("--allowed-signers", str(allowed)),
            ]
        )
        assert run.exit_code == 0, run.stderr
    (tmp_path / "revoked_keys").write_text("")
    files = {
        "a": findings(people["alice"], ["compliant", "noncompliant", "compliant"]),
        "b": findings(people["bob"], ["noncompliant", "noncompliant", "compliant"]),
        "c": findings(
            people["carol"], ["compliant", "noncompliant", "compliant"], inspection_id=OTHER
        ),
    }
    paths = {}
    for name, data in files.items():
        paths[name] = tmp_path / f"team-{name}.toml"
        paths[name].write_bytes(data)
    trust = ["--allowed-signers", str(allowed), "--revoked-keys", str(tmp_path / "revoked_keys")]

    def merge(by: str, out: Path, *inputs: Path, extra: tuple[str, ...] = ()) -> Any:
        who = people[by]
        return cli(
            [
                *("merge", *map(str, inputs), "-o", str(out), *trust, *extra),
                *("--key", str(who.key), "--signer", who.principal),
            ]
        )

    return {"dir": tmp_path, "trust": trust, "merge": merge, **paths}


def _sources(merged: Path) -> list[bytes]:
    import tomllib

    return [s["file"].encode() for s in tomllib.loads(merged.read_text("utf-8"))["source"]]


def test_a_merged_file_given_with_a_merge_that_holds_it_is_already_inside(
    teams: dict[str, Any], cli: Any
) -> None:
    """The province merged the city's file with Carol's; the city's file, sent again with the
    province's, was "city.toml and province.toml both hold document ...; merge their sources
    instead" (exit 2), where a findings file inside is skipped as already inside."""
    d, merge = teams["dir"], teams["merge"]
    city, province, again = d / "city.toml", d / "province.toml", d / "again.toml"
    assert merge("city", city, teams["a"], teams["b"]).exit_code == 0
    assert merge("province", province, city, teams["c"]).exit_code == 0
    for inputs in ((province, city), (city, province), (province, city, teams["a"])):
        run = merge("province", again, *inputs, extra=("--force", "--json"))
        assert run.exit_code == 0, run.stdout
        assert _sources(again) == [province.read_bytes()]
        data = run.json()["data"]
        assert data["source_count"] == 1
        skipped = {(s["path"], s["inside"]) for s in data["skipped"]}
        assert (str(city), str(province)) in skipped
        run = merge("province", again, *inputs, extra=("--force",))
        assert run.exit_code == 0
        assert f"{city} is already inside {province}" in run.stderr.splitlines()
    summary = [
        cli(["summary", *map(str, inputs), "--format", "json", *teams["trust"]]).json()["headline"]
        for inputs in ((again,), (teams["a"], teams["b"], teams["c"]), (again, city, teams["a"]))
    ]
    assert summary[0] == summary[1] == summary[2]
    # a merged file that shares only some documents with another stays refused (decided);
    # every pair is named in one run, with a file that cannot be read
    other, third = d / "other.toml", d / "third.toml"
    assert merge("city", other, teams["a"], teams["c"]).exit_code == 0
    assert merge("city", third, teams["b"]).exit_code == 0
    gone = d / "gone.toml"
    run = merge("province", d / "x.toml", province, other, third, gone)
    assert (run.exit_code, run.stdout) == (2, "")
    b_id = _document_id(teams["b"].read_bytes())
    first = _document_id(_sources(other)[0])  # both of its sources are in the province's too
    assert sorted(run.stderr.splitlines()) == sorted(
        [
            f"{gone}: no such file",
            f"{other}: holds 2 documents that {province} holds too ({first}, ...); merge "
            "their sources instead",
            f"{third}: holds document {b_id}, which {province} holds too; merge their sources "
            "instead",
            "minecheck: error: some documents cannot be merged; nothing was written",
        ]
    )
    assert not (d / "x.toml").exists()


def test_the_same_file_sent_twice_under_two_names_is_said_and_merged_once(
    teams: dict[str, Any],
) -> None:
    """A team mailed its file twice (team-a.toml, team-a (1).toml): merge kept one copy without
    a word, so the coordinator's count of files and the merge's source_count disagreed."""
    d, merge = teams["dir"], teams["merge"]
    copy = d / "team-a (1).toml"
    copy.write_bytes(teams["a"].read_bytes())
    out = d / "city.toml"
    run = merge("city", out, teams["a"], copy, teams["b"])
    assert run.exit_code == 0, run.stderr
    assert f"{copy} is the same file as {teams['a']}; it is merged once" in run.stderr.splitlines()
    assert sorted(_sources(out)) == sorted([teams["a"].read_bytes(), teams["b"].read_bytes()])
    run = merge("city", out, teams["a"], copy, teams["b"], extra=("--force", "--json"))
    assert run.json()["data"]["skipped"] == [{"path": str(copy), "same_as": str(teams["a"])}]
    assert run.json()["data"]["source_count"] == 2
    run = merge("city", out, teams["a"], teams["b"], teams["a"], extra=("--force",))
    assert run.exit_code == 0, run.stderr
    assert f"{teams['a']} is given twice; it is merged once" in run.stderr.splitlines()


def test_an_inconsistent_finding_names_the_file_behind_each_answer(
    teams: dict[str, Any], people: dict[str, Who]
) -> None:
    """Alice corrected her file and signed it again as a new document of the same inspection:
    the line read "alice: compliant; alice: noncompliant; bob: noncompliant", with no way to
    tell which file said what. Each answer now names its file (a source inside a merged file
    by its place, `city.toml#2`), and the line names the mine."""
    d, merge = teams["dir"], teams["merge"]
    city = d / "city.toml"
    assert merge("city", city, teams["a"], teams["b"]).exit_code == 0
    alice = people["alice"]
    corrected = d / "team-a-corrected.toml"
    corrected.write_bytes(findings(alice, ["noncompliant", "noncompliant", "compliant"], n=1))
    out = d / "province.toml"
    run = merge("province", out, city, corrected, extra=("--json",))
    assert run.exit_code == 0
    [row] = run.json()["data"]["inconsistent"]
    assert row["by"] == [
        "alice@coal.example: compliant",
        "alice@coal.example: noncompliant",
        "bob@coal.example: noncompliant",
    ]
    assert row["sites"] == ["Demo mine (HLJ-0001)"]  # the mine: an id alone says nothing
    places = {(a["signer"], a["result"], a["path"]) for a in row["answers"]}
    a_in_city = _place(city, teams["a"])
    b_in_city = _place(city, teams["b"])
    assert places == {
        ("alice@coal.example", "compliant", a_in_city),
        ("alice@coal.example", "noncompliant", str(corrected)),
        ("bob@coal.example", "noncompliant", b_in_city),
    }
    run = merge("province", out, city, corrected, extra=("--force",))
    assert (
        f"minecheck: warning: inconsistent: {INSPECTION}/gas-check-genuine (Demo mine "
        f"(HLJ-0001)): alice@coal.example: compliant ({a_in_city}); "
        f"alice@coal.example: noncompliant ({corrected}); "
        f"bob@coal.example: noncompliant ({b_in_city})"
    ) in run.stderr.splitlines()
    run = merge("province", out, city, corrected, extra=("--force", "--lang", "zh"))
    assert (
        f"minecheck: warning: 结论不一致：{INSPECTION}/gas-check-genuine"
        "（Demo mine（HLJ-0001））：alice@coal.example：符合"
        f"（{a_in_city}）；alice@coal.example：不符合（{corrected}）；"
        f"bob@coal.example：不符合（{b_in_city}）"
    ) in run.stderr.splitlines()


def _document_id(data: bytes) -> str:
    return data.decode().split('document_id = "')[1].split('"')[0]


def _place(merged: Path, source: Path) -> str:
    """Where `source` sits inside `merged`, as verify names it (`merged.toml#N`)."""
    return f"{merged}#{_sources(merged).index(source.read_bytes()) + 1}"


def test_extract_of_a_revoked_merge_warns_in_the_reader_s_language(
    teams: dict[str, Any], people: dict[str, Who], cli: Any
) -> None:
    """Bob's key was revoked after the merge: extract's warning was English in a Chinese run
    (verify, merge and show say the same detail in Chinese)."""
    d, merge = teams["dir"], teams["merge"]
    city = d / "city.toml"
    assert merge("city", city, teams["a"], teams["b"]).exit_code == 0
    (d / "revoked_keys").write_bytes(Path(f"{people['bob'].key}.pub").read_bytes())
    (d / "x").mkdir()
    run = cli(["extract", str(city), "-o", str(d / "x"), "--lang", "zh", *teams["trust"]])
    assert run.exit_code == 0
    place = _place(city, teams["b"])
    assert run.stderr == (
        f"minecheck: warning: {city}：revoked：来源 {place}（密钥已吊销）："
        f"密钥 {people['bob'].fingerprint} 已被吊销\n"
    )


def test_show_of_a_merge_of_merges_lists_every_source_with_what_it_is(
    teams: dict[str, Any], cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """show of the province's file listed its two direct sources (`province.toml#1`, `#2`) and
    nothing of the teams' files inside them: which inspector's document, of which mine."""
    d, merge = teams["dir"], teams["merge"]
    city, province = d / "city.toml", d / "province.toml"
    assert merge("city", city, teams["a"], teams["b"]).exit_code == 0
    assert merge("province", province, city, teams["c"]).exit_code == 0
    monkeypatch.chdir(d)
    run = cli(["show", "province.toml", *teams["trust"]])
    assert run.exit_code == 0, run.stderr
    lines = [" ".join(line.split()) for line in run.stdout.splitlines()]
    c_at = _place(province, teams["c"]).rsplit("/", 1)[1]
    city_at = _place(province, city).rsplit("/", 1)[1]
    a_at = f"{city_at}#{_place(city, teams['a']).rsplit('#', 1)[1]}"
    assert f"{c_at} trusted carol@coal.example findings: Demo mine (HLJ-0001)" in lines
    assert f"{city_at} trusted city@coal.example merged: 2 sources" in lines
    assert f"{a_at} trusted alice@coal.example findings: Demo mine (HLJ-0001)" in lines
    # each hidden danger says its mine under its id (the id alone said nothing to a reader)
    assert sum(x.startswith("Demo mine (HLJ-0001)") for x in lines) == 3  # three rows
    zh = cli(["show", "province.toml", "--lang", "zh", *teams["trust"]])
    lines = [" ".join(line.split()) for line in zh.stdout.splitlines()]
    assert f"{c_at} 受信任（trusted） carol@coal.example 检查结果：Demo mine（HLJ-0001）" in lines
    assert f"{city_at} 受信任（trusted） city@coal.example 合并文件：2 个来源" in lines
    # each inspector's answer in the reader's words, as merge says it (it read "noncompliant")
    assert "noncompliant" not in zh.stdout
    assert any("bob@coal.example：不符合" in line for line in lines)


def test_every_file_that_cannot_be_merged_is_named_in_one_run(teams: dict[str, Any]) -> None:
    """Of a hundred files, one missing stopped the merge at it ("no such file"), and the
    changed and unsigned ones behind it were said only on the next runs, one run each."""
    d, merge = teams["dir"], teams["merge"]
    edited = d / "edited.toml"
    edited.write_bytes(teams["a"].read_bytes().replace(b"Demo mine", b"Demo mind"))
    unsigned = d / "unsigned.toml"
    unsigned.write_bytes(teams["b"].read_bytes().split(b"[signature]\n")[0])
    gone, folder = d / "gone.toml", d / "folder.toml"
    folder.mkdir()
    out = d / "city.toml"
    run = merge("city", out, teams["c"], gone, edited, folder, unsigned)
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr.splitlines() == [
        f"{gone}: no such file",
        f"{edited}: the signature does not match the content: the file was changed after signing",
        f"{folder}: is a directory, not a document",
        "  hint: name the files in it (FOLDER/*.toml); verify, summary and export take a folder",
        f"{unsigned}: the document is not signed",
        "minecheck: error: some documents cannot be merged; nothing was written",
    ]
    assert not out.exists()
    run = merge("city", out, teams["c"], gone, unsigned, extra=("--json",))
    assert [(p["path"], p["code"]) for p in run.json()["problems"]] == [
        (str(gone), "unreadable"),
        (str(unsigned), "unsigned"),
        (None, "input"),
    ]
    run = merge("city", out, teams["c"], gone, extra=("--lang", "zh"))
    assert run.stderr.splitlines()[0] == f"{gone}: 文件不存在"


def test_a_merge_signed_by_a_key_not_trusted_here_for_merged_files_is_warned_about(
    teams: dict[str, Any], people: dict[str, Who], tmp_path: Path, cli: Any
) -> None:
    """The coordinator merged a dozen teams' trusted files with a key this trust file does not
    trust for merged documents (a new key, or one trusted for findings only): exit 0 and not a
    word, and every summary and export here then left the whole file out ("no document could
    be used")."""
    d, merge = teams["dir"], teams["merge"]
    stranger = person(tmp_path, "stranger")
    out = d / "city.toml"
    # (Carol's file at another mine: two inspections of one mine on one day are warned of too,
    # tests/test_coordinator2.py)
    elsewhere = d / "carol-elsewhere.toml"
    elsewhere.write_bytes(
        findings(
            people["carol"],
            ["compliant", "noncompliant", "compliant"],
            inspection_id=OTHER,
            site_id="HLJ-0002",
            site="Other mine",
        )
    )
    as_stranger = ("--key", str(stranger.key), "--signer", stranger.principal)
    run = cli(
        ["merge", str(teams["a"]), str(elsewhere), "-o", str(out), *teams["trust"], *as_stranger]
    )
    assert (run.exit_code, run.stdout) == (0, f"{out}\n")
    assert run.stderr.splitlines() == [
        f"minecheck: warning: {out}: untrusted-key: the key signing it is not trusted here "
        f"for {stranger.principal}: summary and export here leave the whole file out",
        "  hint: to trust its key here:",
        f"    minecheck trust add --principal {stranger.principal} --key KEY.pub "
        f"--namespaces minecheck-merged-v1 --allowed-signers {teams['trust'][1]}",
    ]
    allowed = Path(teams["trust"][1])
    findings_only = (
        f'{stranger.principal} namespaces="minecheck-findings-v1" '
        + " ".join(Path(f"{stranger.key}.pub").read_text().split()[:2])
        + "\n"
    )
    allowed.write_text(allowed.read_text() + findings_only)
    both = (str(teams["a"]), str(elsewhere))
    run = cli(["merge", *both, "-o", str(out), "--force", "--json", *teams["trust"], *as_stranger])
    assert run.exit_code == 0
    [problem] = run.json()["problems"]
    assert (problem["code"], problem["path"]) == ("namespace-not-allowed", str(out))
    # a trusted merger: no word
    run = merge("city", out, teams["a"], elsewhere, extra=("--force",))
    assert (run.exit_code, run.stderr) == (0, "")


def test_a_line_break_in_a_file_never_starts_a_line_of_its_own_in_merge_s_messages(
    teams: dict[str, Any], people: dict[str, Who]
) -> None:
    """A site typed with a line break (or a file named with one) came out as it was in the
    disagreement line and the skipped-input lines: a file sent in could write a line that
    reads as minecheck's own ("minecheck: warning: ..." or a forged "inconsistent:" line)."""
    d, merge = teams["dir"], teams["merge"]
    forged = "Demo mine\nminecheck: all sources trusted, no disagreement"
    a = d / "a.toml"
    a.write_bytes(
        findings(people["alice"], ["compliant", "noncompliant", "compliant"], site=forged)
    )
    b = d / "b.toml"
    b.write_bytes(
        findings(people["bob"], ["noncompliant", "noncompliant", "compliant"], site=forged)
    )
    named = d / "b.toml\nminecheck: merged once"
    named.write_bytes(b.read_bytes())
    run = merge("province", d / "out.toml", a, b, named)
    assert run.exit_code == 0, run.stderr
    lines = run.stderr.splitlines()
    assert not [line for line in lines if line.startswith("minecheck: all sources")]
    assert not [line for line in lines if line.startswith("minecheck: merged once")]
    assert any("Demo mine\\u000aminecheck: all sources trusted" in line for line in lines)
    assert (
        f"{d}/b.toml\\u000aminecheck: merged once is the same file as {b}; it is merged once"
        in lines
    )


def test_extract_of_a_merged_file_whose_signature_was_taken_off(
    teams: dict[str, Any], cli: Any
) -> None:
    """A merged file with its [signature] table cut off (an unsigned merge, as sent by someone
    who edited it): extract was a traceback (its sources had not been read). Its sources are
    read and written back, each to be judged on its own, with a warning; one whose structure is
    broken too (a source's bytes not those its digest names) gives none back, as a signed one."""
    d, merge = teams["dir"], teams["merge"]
    city = d / "city.toml"
    assert merge("city", city, teams["a"], teams["b"]).exit_code == 0
    unsigned = d / "unsigned.toml"
    unsigned.write_bytes(city.read_bytes().split(b"[signature]\n")[0])
    out = d / "out"
    out.mkdir()
    run = cli(["extract", str(unsigned), "-o", str(out), *teams["trust"]])
    assert run.exit_code == 0, run.stderr
    assert f"minecheck: warning: {unsigned}: unsigned: the document is not signed" in (
        run.stderr.splitlines()
    )
    written = sorted(p.read_bytes() for p in out.iterdir())
    assert written == sorted([teams["a"].read_bytes(), teams["b"].read_bytes()])
    broken = d / "broken.toml"
    text = unsigned.read_text("utf-8")
    sha = __import__("hashlib").sha256(_sources(city)[0]).hexdigest()
    broken.write_text(text.replace(sha, "0" * 64, 1), "utf-8")
    other = d / "other"
    other.mkdir()
    run = cli(["extract", str(broken), "-o", str(other), *teams["trust"]])
    assert run.exit_code == 2, run.stderr
    assert "its sha256 does not match its bytes" in run.stderr
    assert list(other.iterdir()) == []


def test_extract_never_writes_through_a_link_in_the_output_directory(
    teams: dict[str, Any], people: dict[str, Who], cli: Any
) -> None:
    """A merged file holding a source of any bytes (malformed: extract gives those back to be
    judged on their own) is named by their digest, which its maker knows. Whoever could write
    the output directory (a shared one) put a link there by that name to a file of the
    coordinator's: `extract --force` wrote the maker's bytes into that file, outside DIR. A link
    at a source's name is refused, nothing written; --force replaces files, not links' targets."""
    import hashlib

    from minecheck.core.documents import MERGED, Header
    from minecheck.core.merge import merged_body
    from minecheck.core.seal import seal
    from minecheck.core.sshsig import NAMESPACE_MERGED
    from tests.helpers_merge import CREATED

    d = teams["dir"]
    planted = b"echo owned\n"
    good = teams["a"].read_bytes()
    maker = people["city"]
    head = Header(
        MERGED,
        "9a5f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c1e",
        CREATED,
        maker.principal,
        maker.fingerprint,
        "minecheck 0.1.0",
    )
    merged = d / "sent.toml"
    merged.write_bytes(seal(merged_body(head, [good, planted], []), maker.signer, NAMESPACE_MERGED))
    out = d / "shared"
    out.mkdir()
    precious = d / "precious.txt"
    precious.write_bytes(b"mine\n")
    link = out / f"{hashlib.sha256(planted).hexdigest()}.toml"
    link.symlink_to(precious)
    for extra in ((), ("--force",)):
        run = cli(["extract", str(merged), "-o", str(out), *teams["trust"], *extra])
        assert run.exit_code == 2, run.stderr
        assert f"{link} is a symbolic link" in run.stderr
        assert precious.read_bytes() == b"mine\n"
        assert sorted(p.name for p in out.iterdir()) == [link.name]


def test_show_of_a_document_with_no_signature_never_says_signed_by(
    teams: dict[str, Any], cli: Any
) -> None:
    """A file with its signature cut off, its header still naming a signer: show said
    "signed by: alice@..." under "trust: unsigned". It names the signer the header claims as a
    claim; a signed one still says "signed by"."""
    d = teams["dir"]
    unsigned = d / "unsigned.toml"
    unsigned.write_bytes(teams["a"].read_bytes().split(b"[signature]\n")[0])
    run = cli(["show", str(unsigned), *teams["trust"]])
    assert run.exit_code == 0, run.stderr
    assert "signed by" not in run.stdout
    assert "signer named, not signed: alice@coal.example" in run.stdout
    run = cli(["show", str(teams["a"]), *teams["trust"]])
    assert "signed by: alice@coal.example" in run.stdout


def test_show_of_an_unsigned_merge_keeps_each_answer_on_its_own_line(
    teams: dict[str, Any], cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unsigned merged file's consolidated entries are not checked against its sources (it
    is read no further): an answer in `by` holding a line break drew lines of the sender's
    choosing in the BY column. Each answer is one line, its breaks made visible."""
    d, merge = teams["dir"], teams["merge"]
    city = d / "city.toml"
    assert merge("city", city, teams["a"], teams["b"]).exit_code == 0
    body = city.read_bytes().split(b"[signature]\n")[0].decode()
    forged = body.replace(
        '"bob@coal.example: noncompliant"',
        '"bob@coal.example: noncompliant\\nregulator@gov.example: compliant"',
        1,
    )
    assert forged != body
    unsigned = d / "unsigned.toml"
    unsigned.write_text(forged, "utf-8")
    monkeypatch.setenv("COLUMNS", "300")  # (each cell on one line)
    run = cli(["show", str(unsigned), *teams["trust"]])
    assert run.exit_code == 0, run.stderr
    said = "bob@coal.example: noncompliant\\u000aregulator@gov.example: compliant"
    assert said in run.stdout
    assert "regulator@gov.example" not in run.stdout.replace(said, "")


def test_extract_gives_every_source_a_name_of_its_own() -> None:
    """Two signers' documents may share an id, and were then told apart by the first 12 digits
    of their digests: a source made to match another's 12 digits (a search of 2^24 tries) was
    written over it with --force (a document gone from what extract gives back) or stopped
    extract half way. Where the 12 digits are shared, the whole digest names each."""
    from minecheck.cli.merge import source_names

    one = "ab" * 6 + "0" * 52
    two = "ab" * 6 + "1" * 52
    three = "cd" * 32
    same = "3a5f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c1e"
    other = "4b6f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c1e"
    names = source_names([same, same, same, other, None], [one, two, three, "ef" * 32, "01" * 32])
    assert names == [
        f"{same}.{one}.toml",
        f"{same}.{two}.toml",
        f"{same}.{three[:12]}.toml",
        f"{other}.toml",
        f"{'01' * 32}.toml",
    ]
    assert len(set(names)) == len(names)
