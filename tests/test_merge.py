"""Merged documents: properties of the merge, the attack matrix, and the merge/extract commands."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from minecheck.core.merge import consolidate, findings_leaves, leaves_of
from minecheck.core.seal import Verdict, examine, seal
from minecheck.core.sshsig import NAMESPACE_FINDINGS, NAMESPACE_MERGED
from minecheck.core.trust import TrustStatus, TrustStore
from tests.conftest import Run
from tests.helpers_merge import INSPECTION, Who, findings, make_merged, person, store_for

OTHER_INSPECTION = "4b6f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c1e"


@pytest.fixture(scope="module")
def people(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Who]:
    d = tmp_path_factory.mktemp("keys")
    return {n: person(d, n) for n in ("alice", "bob", "carol", "mallory")}


def leaf_bytes(v: Verdict) -> set[str]:
    return {leaf.body_sha256 or "" for leaf in leaves_of(v)}


RESULTS = st.sampled_from(["compliant", "noncompliant", "not-applicable", "not-checked"])


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["alice", "bob", "carol"]), st.lists(RESULTS, min_size=3, max_size=3)
        ),
        min_size=1,
        max_size=4,
        unique_by=lambda t: t[0],
    ),
    st.randoms(use_true_random=False),
)
def test_merge_is_order_independent_idempotent_and_flattens(
    people: dict[str, Who], docs: list[tuple[str, list[str]]], rnd: Any
) -> None:
    store = store_for(*people.values())
    sources = [findings(people[name], results) for name, results in docs]
    merged = make_merged(people["alice"], sources, store)
    shuffled = sources[::-1]
    rnd.shuffle(shuffled)
    assert make_merged(people["alice"], shuffled, store) == merged  # order-independent
    assert make_merged(people["alice"], sources + sources, store) == merged  # idempotent
    v = examine(merged, "m", store)
    assert v.status == TrustStatus.TRUSTED, v.detail
    # extract ∘ merge is the identity on bytes
    from minecheck.core.merge import read_structure

    assert isinstance(v.document, type(v.document))
    _, embedded, _ = read_structure(v.document)  # type: ignore[arg-type]
    assert sorted(s.file for s in embedded) == sorted(set(sources))
    # a merge of merges has the same leaves and the same consolidated view as the flat merge
    half = len(sources) // 2
    if half:
        inner = [
            make_merged(people["bob"], sources[:half], store),
            make_merged(people["carol"], sources[half:], store),
        ]
        nested = examine(make_merged(people["alice"], inner, store), "n", store)
        assert nested.status == TrustStatus.TRUSTED, nested.detail
        assert leaf_bytes(nested) == leaf_bytes(v)
        assert consolidate(findings_leaves([nested])) == consolidate(findings_leaves([v]))


def test_disagreement_is_inconsistent_with_who_said_what(people: dict[str, Who]) -> None:
    store = store_for(*people.values())
    a = findings(people["alice"], ["compliant", "noncompliant", "not-checked"])
    b = findings(people["bob"], ["noncompliant", "noncompliant", "compliant"])
    v = examine(make_merged(people["alice"], [a, b], store), "m", store)
    assert [(c.item, c.result, c.by) for c in consolidate(findings_leaves([v]))] == [
        (
            "gas-check-genuine",
            "inconsistent",
            ("alice@coal.example: compliant", "bob@coal.example: noncompliant"),
        ),
        (
            "gas-overlimit",
            "noncompliant",
            ("alice@coal.example: noncompliant", "bob@coal.example: noncompliant"),
        ),
        (
            "methane-return",
            "compliant",
            ("alice@coal.example: not-checked", "bob@coal.example: compliant"),
        ),
    ]


def _resign(data: bytes, who: Who, namespace: str = NAMESPACE_MERGED) -> bytes:
    pos = data.rfind(b"\n[signature]\n")
    return seal(data[: pos + 1] if pos >= 0 else data, who.signer, namespace)


def _sources_section(data: bytes) -> tuple[bytes, list[bytes]]:
    body = data[: data.rindex(b"[signature]\n")]
    head, *parts = body.split(b"[[source]]\n")
    return head, [b"[[source]]\n" + p for p in parts]


def _attacks(people: dict[str, Who], store: TrustStore) -> dict[str, bytes]:
    alice, bob = people["alice"], people["bob"]
    a = findings(alice, ["compliant", "noncompliant", "compliant"])
    b = findings(bob, ["compliant", "noncompliant", "compliant"])
    c = findings(people["carol"], ["compliant", "compliant", "compliant"])
    good = make_merged(alice, [a, b], store)
    head, srcs = _sources_section(good)
    out: dict[str, bytes] = {}
    removed = head + srcs[0]
    out["source removed"] = removed + good[len(removed + srcs[1]) :]
    out["source removed, re-signed"] = _resign(removed, alice)
    out["source removed, count fixed, re-signed"] = _resign(
        removed.replace(b"source_count = 2", b"source_count = 1"), alice
    )
    out["reordered, re-signed"] = _resign(head + srcs[1] + srcs[0], alice)
    out["duplicated, re-signed"] = _resign(
        (head + srcs[0] + srcs[0] + srcs[1]).replace(b"source_count = 2", b"source_count = 3"),
        alice,
    )
    edited = srcs[0].replace(b'result = \\"noncompliant\\"', b'result = \\"compliant\\"', 1)
    assert edited != srcs[0]
    out["source edited"] = good.replace(srcs[0], edited)
    out["source edited, re-signed"] = _resign(head + edited + srcs[1], alice)
    import tomli

    raw = tomli.loads(edited.decode())["source"][0]["file"].encode()
    old_sha = tomli.loads(edited.decode())["source"][0]["sha256"].encode()
    edited_fixed = edited.replace(old_sha, hashlib.sha256(raw).hexdigest().encode())
    out["source edited, sha256 fixed"] = good.replace(srcs[0], edited_fixed)
    out["source edited, sha256 fixed, re-signed"] = _resign(head + edited_fixed + srcs[1], alice)
    out["signature stripped"] = good[: good.rindex(b"[signature]\n")]
    out["wrong source_count, re-signed"] = _resign(
        good[: good.rindex(b"[signature]\n")].replace(b"source_count = 2", b"source_count = 3"),
        alice,
    )
    out["merged in the findings namespace"] = _resign(good, alice, NAMESPACE_FINDINGS)
    out["findings in the merged namespace"] = _resign(a, alice, NAMESPACE_MERGED)
    out["consolidated forged, re-signed"] = _resign(
        good[: good.rindex(b"[signature]\n")].replace(
            b'result = "noncompliant"', b'result = "compliant"', 1
        ),
        alice,
    )
    deep = make_merged(alice, [a], store)
    for merger in ("bob", "carol", "alice"):
        deep = make_merged(people[merger], [deep], store)
    out["nesting depth 4"] = deep
    out["untrusted source in a trusted merger"] = make_merged(
        alice, [a, findings(people["mallory"], ["compliant"] * 3)], store_for(*people.values())
    )
    out["untrusted merger"] = make_merged(people["mallory"], [a, c], store)
    return out


def test_no_attack_on_a_merged_file_counts_as_trusted(people: dict[str, Who]) -> None:
    store = store_for(people["alice"], people["bob"], people["carol"])
    a = findings(people["alice"], ["compliant", "noncompliant", "compliant"])
    b = findings(people["bob"], ["compliant", "noncompliant", "compliant"])
    assert examine(make_merged(people["alice"], [a, b], store), "m", store).status == "trusted"
    attacks = _attacks(people, store)
    assert len(attacks) == 17
    verdicts = {name: examine(data, "m", store) for name, data in attacks.items()}
    assert {name: v.status for name, v in verdicts.items() if v.status == "trusted"} == {}
    assert verdicts["nesting depth 4"].status == "malformed"
    assert verdicts["nesting depth 4"].detail.endswith(
        "m#1#1#1 is malformed: merged documents are nested more than 3 deep"
    )
    details = {name: v.detail for name, v in verdicts.items()}
    assert details["duplicated, re-signed"] == "a source appears more than once"
    assert details["wrong source_count, re-signed"] == (
        "source_count is 3, but the document holds 2 sources"
    )
    assert details["source edited, re-signed"] == "source 1: its sha256 does not match its bytes"
    assert details["reordered, re-signed"] == (
        "the sources are not in sha256 order, as minecheck writes them"
    )
    assert details["consolidated forged, re-signed"] == (
        "consolidated does not equal what the sources give"
    )
    assert details["merged in the findings namespace"] == (
        "format 'minecheck.merged/1' does not go with namespace 'minecheck-findings-v1'"
    )
    assert verdicts["untrusted source in a trusted merger"].status == "untrusted-key"
    assert verdicts["signature stripped"].status in ("unsigned", "malformed")


# -- the commands --------------------------------------------------------------------------------


@pytest.fixture
def setup(people: dict[str, Who], tmp_path: Path, cli: Any) -> dict[str, Any]:
    allowed = tmp_path / "allowed_signers"
    for name in ("alice", "bob"):
        who = people[name]
        run = cli(
            [
                "trust",
                "add",
                "--principal",
                who.principal,
                "--key",
                f"{who.key}.pub",
                "--allowed-signers",
                str(allowed),
            ]
        )
        assert run.exit_code == 0, run.stderr
    a = tmp_path / "a.toml"
    b = tmp_path / "b.toml"
    m = tmp_path / "m.toml"
    a.write_bytes(findings(people["alice"], ["compliant", "noncompliant", "compliant"]))
    b.write_bytes(findings(people["bob"], ["noncompliant", "noncompliant", "compliant"]))
    m.write_bytes(findings(people["mallory"], ["compliant", "compliant", "compliant"]))
    trust = ["--allowed-signers", str(allowed)]
    sign = ["--key", str(people["alice"].key), "--signer", people["alice"].principal]
    return {"a": a, "b": b, "m": m, "trust": trust, "sign": sign, "dir": tmp_path}


def test_verify_hints_at_the_key_of_the_untrusted_source(cli: Any, setup: dict[str, Any]) -> None:
    """A trusted merger's file is untrusted for a source: the hint names the source's signer."""
    out = setup["dir"] / "joint.toml"
    args = ["merge", str(setup["a"]), str(setup["m"]), "-o", str(out), "--allow-untrusted"]
    run = cli([*args, *setup["trust"], *setup["sign"]])
    assert run.exit_code == 0, run.stderr
    run = cli(["verify", str(out), *setup["trust"]])
    assert run.exit_code == 1
    assert run.stderr.count("to trust the key") == 1
    assert (
        f"  read {setup['trust'][1]}; to trust the key (or --from LINES):\n"
        "    minecheck trust add --principal mallory@coal.example --key KEY.pub "
        f"--allowed-signers {setup['trust'][1]}\n"
    ) in run.stderr


def test_merge_strict_verify_and_extract(cli: Any, setup: dict[str, Any]) -> None:
    d = setup["dir"]
    out = d / "joint.toml"
    run: Run = cli(
        [
            "merge",
            str(setup["a"]),
            str(setup["b"]),
            "-o",
            str(out),
            "--strict",
            *setup["trust"],
            *setup["sign"],
        ]
    )
    assert run.exit_code == 1
    assert run.stdout == f"{out}\n"
    assert (
        f"inconsistent: {INSPECTION}/gas-check-genuine (Demo mine (HLJ-0001)): "
        f"alice@coal.example: compliant ({setup['a']}); "
        f"bob@coal.example: noncompliant ({setup['b']})" in run.stderr
    )
    verify = cli(["verify", str(out), *setup["trust"], "--json"])
    assert verify.exit_code == 0
    [entry] = verify.json()["data"]["files"]
    assert entry["status"] == "trusted"
    assert sorted(s["signer"] for s in entry["sources"]) == [
        "alice@coal.example",
        "bob@coal.example",
    ]
    assert {s["path"] for s in entry["sources"]} == {f"{out}#1", f"{out}#2"}
    (d / "x").mkdir()
    ext = cli(["extract", str(out), "-o", str(d / "x"), *setup["trust"]])
    assert ext.exit_code == 0, ext.stderr
    written = sorted((d / "x").iterdir())
    assert sorted(p.read_bytes() for p in written) == sorted(
        [setup["a"].read_bytes(), setup["b"].read_bytes()]
    )
    # run again (after a stop, say): the sources there byte for byte are left as they are
    stamps = [p.stat().st_mtime_ns for p in written]
    again = cli(["extract", str(out), "-o", str(d / "x"), *setup["trust"]])
    assert again.exit_code == 0, again.stderr
    assert sorted(again.stdout.splitlines()) == [str(p) for p in written]
    assert "2 sources were there already, byte for byte: left as they were" in again.stderr
    assert [p.stat().st_mtime_ns for p in written] == stamps
    # one of them changed: it is not replaced without --force, and only it is named
    written[0].write_bytes(written[0].read_bytes() + b"\n")
    changed = cli(["extract", str(out), "-o", str(d / "x"), *setup["trust"]])
    assert (changed.exit_code, changed.stdout) == (2, "")
    assert f"minecheck: error: {written[0]} already exists\n" in changed.stderr
    assert sorted((d / "x").iterdir()) == written
    (d / "answers.toml").write_text("a file")  # -o names a file: it was "does not exist"
    into_a_file = cli(["extract", str(out), "-o", str(d / "answers.toml"), *setup["trust"]])
    assert (into_a_file.exit_code, into_a_file.stdout) == (2, "")
    assert into_a_file.stderr == (
        f"minecheck: error: {d / 'answers.toml'} is not a directory: "
        "extract writes one file per source there\n"
    )
    missing = d / "not-made"  # a directory mistyped is not made: it is said
    nowhere = cli(["extract", str(out), "-o", str(missing), *setup["trust"]])
    assert (nowhere.exit_code, nowhere.stdout) == (2, "")
    assert nowhere.stderr == (
        f"minecheck: error: directory {missing} does not exist\n"
        f"  hint: create it first:\n    mkdir -p {missing}\n"
    )
    assert not missing.exists()


def test_merge_refuses_untrusted_sources_unless_allowed(cli: Any, setup: dict[str, Any]) -> None:
    out = setup["dir"] / "joint.toml"
    args = [
        "merge",
        str(setup["a"]),
        str(setup["m"]),
        "-o",
        str(out),
        *setup["trust"],
        *setup["sign"],
    ]
    run = cli(args)
    assert run.exit_code == 2
    assert (
        f"{setup['m']}: the signing key is not in allowed_signers; pass --allow-untrusted"
        in run.stderr
    )
    assert not out.exists()
    run = cli([*args, "--allow-untrusted"])
    assert run.exit_code == 0, run.stderr
    verify = cli(["verify", str(out), *setup["trust"]])
    assert verify.exit_code == 1
    assert verify.stdout.splitlines()[0].startswith(f"{out}: untrusted-key: source {out}#")


def test_merge_refuses_a_damaged_source_and_a_deep_nesting(cli: Any, setup: dict[str, Any]) -> None:
    bad = setup["dir"] / "bad.toml"
    bad.write_bytes(setup["a"].read_bytes().replace(b"Demo mine", b"Demo mind"))
    out = setup["dir"] / "j.toml"
    run = cli(["merge", str(bad), "-o", str(out), *setup["trust"], *setup["sign"]])
    assert run.exit_code == 2
    assert f"{bad}: the signature does not match the content" in run.stderr
    level = setup["a"]
    for n in range(3):
        nxt = setup["dir"] / f"l{n}.toml"
        run = cli(["merge", str(level), "-o", str(nxt), *setup["trust"], *setup["sign"]])
        assert run.exit_code == 0, run.stderr
        level = nxt
    run = cli(["merge", str(level), "-o", str(out), *setup["trust"], *setup["sign"]])
    assert run.exit_code == 2
    assert f"{level}: merging it would nest more than 3 deep" in run.stderr
    assert (
        "  hint: merge its sources instead:\n"
        f"    mkdir DIR && minecheck extract {level} -o DIR && minecheck merge DIR/*.toml -o OUT\n"
    ) in run.stderr


def test_a_document_id_reused_by_another_signer_neither_hides_nor_blocks_a_document(
    cli: Any, setup: dict[str, Any], people: dict[str, Who]
) -> None:
    """Bob bundles a document of his own under Alice's document id; merging his bundle with
    Alice's file embeds hers (it is not "already inside"), the result verifies, and export and
    extract keep both. Merging the two plain files is no conflict either."""
    d, alice_file = setup["dir"], setup["a"]
    stolen = alice_file.read_text("utf-8").split('document_id = "', 1)[1].split('"', 1)[0]
    bob = people["bob"]
    theirs = findings(bob, ["compliant", "compliant", "compliant"], inspection_id=OTHER_INSPECTION)
    own_id = theirs.decode().split('document_id = "', 1)[1].split('"', 1)[0]
    clash = d / "clash.toml"
    body = theirs.decode().split("[signature]", 1)[0].replace(own_id, stolen)
    clash.write_bytes(seal(body.encode(), bob.signer, NAMESPACE_FINDINGS))
    as_bob = ["--key", str(bob.key), "--signer", bob.principal]
    bundle = d / "bundle.toml"
    made = cli(["merge", str(clash), "-o", str(bundle), *setup["trust"], *as_bob])
    assert made.exit_code == 0, made.stderr
    joint = d / "joint.toml"
    run = cli(
        ["merge", str(bundle), str(alice_file), "-o", str(joint), *setup["trust"], *setup["sign"]]
    )
    assert run.exit_code == 0, run.stderr
    assert "already inside" not in run.stderr
    verify = cli(["verify", str(joint), *setup["trust"], "--json"])
    assert verify.exit_code == 0, verify.stdout
    rows = cli(
        ["export", str(joint), *setup["trust"], "--as-of", "2026-12-31", "--format", "jsonl"]
    )
    assert rows.exit_code == 0, rows.stderr
    inspections = {json.loads(x)["inspection"] for x in rows.stdout.splitlines()}
    assert inspections == {INSPECTION, OTHER_INSPECTION}
    both = cli(
        [
            "merge",
            str(alice_file),
            str(clash),
            "-o",
            str(d / "both.toml"),
            *setup["trust"],
            *setup["sign"],
        ]
    )
    assert both.exit_code == 0, both.stderr
    (d / "out").mkdir()
    ext = cli(["extract", str(d / "both.toml"), "-o", str(d / "out"), *setup["trust"]])
    assert ext.exit_code == 0, ext.stderr
    assert sorted(p.read_bytes() for p in (d / "out").iterdir()) == sorted(
        [alice_file.read_bytes(), clash.read_bytes()]
    )


def test_one_signer_s_two_versions_of_a_document_are_refused_and_a_copy_inside_is_skipped(
    cli: Any, setup: dict[str, Any], people: dict[str, Who]
) -> None:
    d, a = setup["dir"], setup["a"]
    alice = people["alice"]
    body = a.read_text("utf-8").split("[signature]", 1)[0].replace("Demo mine", "Demo mine 2")
    other = d / "a2.toml"
    other.write_bytes(seal(body.encode(), alice.signer, NAMESPACE_FINDINGS))
    out = d / "x.toml"
    run = cli(["merge", str(a), str(other), "-o", str(out), *setup["trust"], *setup["sign"]])
    assert run.exit_code == 2
    assert f"{other}: the same document_id as {a}, with different bytes" in run.stderr
    assert not out.exists()
    bundle = d / "bundle.toml"
    made = cli(["merge", str(a), "-o", str(bundle), *setup["trust"], *setup["sign"]])
    assert made.exit_code == 0, made.stderr
    again = cli(["merge", str(bundle), str(a), "-o", str(out), *setup["trust"], *setup["sign"]])
    assert again.exit_code == 0, again.stderr
    assert f"{a} is already inside {bundle}" in again.stderr
    late = cli(
        [
            "merge",
            str(bundle),
            str(other),
            "-o",
            str(out),
            "--force",
            *setup["trust"],
            *setup["sign"],
        ]
    )
    assert late.exit_code == 2
    assert f"{other}: the same document_id as {bundle}, with different bytes" in late.stderr


def test_force_never_replaces_an_input(cli: Any, setup: dict[str, Any]) -> None:
    """`-o` naming one of the command's own inputs is refused, --force or not (a signed file
    replaced by the report made from it; a merged file by one of its sources)."""
    a, d = setup["a"], setup["dir"]
    before = a.read_bytes()
    said = (
        f"minecheck: error: {a} is one of the inputs; it is not replaced\n"
        "  hint: choose another -o\n"
    )
    for command in (
        ["summary", str(a), "--format", "md"],
        ["export", str(a), "--format", "csv"],
        ["merge", str(a), str(setup["b"]), *setup["sign"]],
    ):
        run = cli([*command, "-o", str(a), "--force", *setup["trust"]])
        assert (run.exit_code, run.stderr) == (2, said), command
        assert a.read_bytes() == before
    merged = d / "joint.toml"
    run = cli(
        ["merge", str(a), str(setup["b"]), "-o", str(merged), *setup["trust"], *setup["sign"]]
    )
    assert run.exit_code == 0, run.stderr
    (d / "x").mkdir()
    first = cli(["extract", str(merged), "-o", str(d / "x"), *setup["trust"]]).stdout.split()[0]
    kept = merged.read_bytes()
    target = Path(first)
    target.unlink()
    merged.rename(target)  # the merged file sits where one of its sources would be written
    run = cli(["extract", str(target), "-o", str(d / "x"), "--force", *setup["trust"]])
    assert run.exit_code == 2
    assert run.stderr.startswith(f"minecheck: error: {target} is one of the inputs")
    assert target.read_bytes() == kept


def test_a_merged_file_whose_source_key_was_revoked_since_is_revoked_not_malformed(
    cli: Any, setup: dict[str, Any], people: dict[str, Who], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bob's key is revoked after Alice merged his findings with hers (and merged that again):
    every merged file holding his is `revoked`, as the precedence of statuses says, not
    "malformed: consolidated does not equal what the sources give" (which accused the merger of
    a forgery); extract still gives both sources back, and merge names the revocation."""
    d = setup["dir"]
    joint, outer = d / "joint.toml", d / "outer.toml"
    for inputs, out in (([setup["a"], setup["b"]], joint), ([joint], outer)):
        run = cli(["merge", *map(str, inputs), "-o", str(out), *setup["trust"], *setup["sign"]])
        assert run.exit_code == 0, run.stderr
    revoked = d / "revoked_keys"
    revoked.write_bytes(Path(f"{people['bob'].key}.pub").read_bytes())
    trust = [*setup["trust"], "--revoked-keys", str(revoked)]
    verify = cli(["verify", str(joint), str(outer), *trust, "--json"])
    assert verify.exit_code == 1
    files = verify.json()["data"]["files"]
    assert [(f["path"], f["status"]) for f in files] == [
        (str(joint), "revoked"),
        (str(outer), "revoked"),
    ]
    bob = f"key {people['bob'].fingerprint} is revoked"
    [bob_source] = [s["path"] for s in files[0]["sources"] if s["status"] == "revoked"]
    assert files[0]["detail"] == f"source {bob_source} is revoked: {bob}"
    inner = f"{outer}#1#{bob_source.rsplit('#', 1)[1]}"
    assert files[1]["detail"] == f"source {outer}#1 is revoked: source {inner} is revoked: {bob}"
    monkeypatch.setenv("COLUMNS", "400")  # (the line holds a temporary path of any length)
    shown = cli(["show", str(joint), *trust])
    assert shown.exit_code == 0, shown.stderr
    assert f"trust: revoked  source {bob_source} is revoked" in shown.stdout
    (d / "x").mkdir()
    ext = cli(["extract", str(joint), "-o", str(d / "x"), *trust])
    assert ext.exit_code == 0, ext.stderr
    assert f"{joint}: revoked: source {bob_source} is revoked" in ext.stderr
    assert sorted(p.read_bytes() for p in (d / "x").iterdir()) == sorted(
        [setup["a"].read_bytes(), setup["b"].read_bytes()]
    )
    ids = sorted(
        f.read_text().split('document_id = "')[1].split('"')[0] + ".toml"
        for f in (setup["a"], setup["b"])
    )
    assert sorted(p.name for p in (d / "x").iterdir()) == ids  # Bob's too, not by its digest
    again = cli(["merge", str(joint), "-o", str(d / "again.toml"), *trust, *setup["sign"]])
    assert again.exit_code == 2
    assert f"{joint}: source {bob_source} is revoked: {bob}" in again.stderr
    assert (
        "  hint: to merge those of its sources that still count, take them out with:\n"
        f"    mkdir DIR && minecheck extract {joint} -o DIR\n"
    ) in again.stderr


def test_the_sources_of_a_merged_file_whose_merger_was_revoked_can_be_taken_out(
    cli: Any, setup: dict[str, Any], people: dict[str, Who]
) -> None:
    """Alice merged Bob's findings with hers; her key is revoked since. The merged file counts
    for nothing, but Bob's document inside is his own, signed by his key: extract gives both
    sources back (with a warning), and each is then judged on its own. It said "not a merged
    document (revoked)", exit 2: the way back that extract is for was closed."""
    d = setup["dir"]
    joint = d / "joint.toml"
    run = cli(
        [
            "merge",
            str(setup["a"]),
            str(setup["b"]),
            "-o",
            str(joint),
            *setup["trust"],
            *setup["sign"],
        ]
    )
    assert run.exit_code == 0, run.stderr
    revoked = d / "revoked_keys"
    revoked.write_bytes(Path(f"{people['alice'].key}.pub").read_bytes())
    trust = [*setup["trust"], "--revoked-keys", str(revoked)]
    (d / "x").mkdir()
    ext = cli(["extract", str(joint), "-o", str(d / "x"), *trust])
    assert ext.exit_code == 0, ext.stderr
    assert ext.stderr == (
        f"minecheck: warning: {joint}: revoked: key {people['alice'].fingerprint} is revoked\n"
    )
    written = sorted((d / "x").iterdir())
    assert sorted(p.read_bytes() for p in written) == sorted(
        [setup["a"].read_bytes(), setup["b"].read_bytes()]
    )
    verify = cli(["verify", *map(str, written), *trust, "--json"])
    status = {Path(f["path"]).read_bytes(): f["status"] for f in verify.json()["data"]["files"]}
    assert status == {setup["a"].read_bytes(): "revoked", setup["b"].read_bytes(): "trusted"}


def test_documents_of_one_inspection_naming_two_mines_are_said(
    cli: Any, setup: dict[str, Any], people: dict[str, Who]
) -> None:
    """Bob used Alice's inspection id again for another mine: merging them mixed the two mines'
    answers into `inconsistent` rows without a word, and reports put both mines' hidden dangers
    at one of them. merge says so (a failed check with --strict); the same mine named in
    another language, or without its code, is one site."""
    d = setup["dir"]
    other = d / "other-mine.toml"
    other.write_bytes(
        findings(people["bob"], ["noncompliant"] * 3, site="Dongfeng mine", site_id="HLJ-0002")
    )
    out = d / "j.toml"
    args = ["merge", str(setup["a"]), str(other), "-o", str(out), *setup["trust"], *setup["sign"]]
    run = cli(args)
    assert run.exit_code == 0, run.stderr
    said = (
        f"minecheck: warning: inspection {INSPECTION}: its documents name different sites: "
        "Demo mine (HLJ-0001); Dongfeng mine (HLJ-0002); an inspection is at one site (was an "
        "inspection id used again?)"
    )
    assert said in run.stderr.splitlines()
    strict = cli([*args, "--force", "--strict", "--json"])
    assert strict.exit_code == 1
    assert strict.json()["data"]["sites_differ"] == [INSPECTION]
    # the reports, which put every finding of the inspection at one of the two mines, say it
    # too, of the separate files and of the merged one (naming the document whose site counts)
    first = min((setup["a"], other), key=lambda p: p.read_text().split('document_id = "')[1])
    for report in (["summary", "--format", "md"], ["export", "--format", "csv"], ["show"]):
        for files in ([setup["a"], other], [out]):
            run = cli([*report, *map(str, files), *setup["trust"], "--as-of", "2026-12-31"])
            assert run.exit_code == 0, run.stderr
            at = str(first) if files != [out] else f"{out}#{_source_index(out, first)}"
            assert f"minecheck: warning: {at}: {said[len('minecheck: warning: ') :]}" in (
                run.stderr.splitlines()
            ), (report, files)
    zh = cli(["summary", str(out), "--format", "md", "--lang", "zh", *setup["trust"]])
    assert (
        f"minecheck: warning: {out}#{_source_index(out, first)}：检查 {INSPECTION}：其文件所写的"
        "被检查单位不同：Demo mine（HLJ-0001）；Dongfeng mine（HLJ-0002）；"
        "一次检查只在一个被检查单位进行（是否重复使用了检查编号？）"
    ) in zh.stderr.splitlines()
    same = d / "same-mine.toml"
    for n, (site, site_id) in enumerate((("演示矿", "HLJ-0001"), ("Demo mine", None))):
        answers = ["compliant", "noncompliant", "compliant"]  # as Alice's: no disagreement
        same.write_bytes(findings(people["bob"], answers, n, site=site, site_id=site_id))
        run = cli([*args[:2], str(same), *args[3:], "--force", "--strict", "--json"])
        assert (run.exit_code, run.json()["data"]["sites_differ"]) == (0, []), run.stdout
        report = cli(["summary", str(setup["a"]), str(same), "--format", "md", *setup["trust"]])
        assert "different sites" not in report.stderr


def _source_index(merged: Path, source: Path) -> int:
    """The number `verify` and the reports give a source inside a merged file (its place)."""
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    shas = [
        line.split('"')[1]
        for line in merged.read_text().splitlines()
        if line.startswith("sha256 = ")
    ]
    return shas.index(digest) + 1


def test_one_item_id_answered_from_two_checklists_is_said(
    cli: Any, setup: dict[str, Any], people: dict[str, Who]
) -> None:
    """A province's own checklist reuses an item id of the bundled one; in a joint inspection
    Bob answers it from that checklist. A finding is <inspection>/<item>, so the two answers
    are one finding: merge and the reports say so (versions of one checklist share ids)."""
    d = setup["dir"]
    body = findings(people["bob"], ["noncompliant"] * 3).decode().split("[signature]")[0]
    own = body.replace('checklist = "coal-major-hidden-dangers"', 'checklist = "hlj-gas"')
    theirs = d / "hlj-gas.toml"
    theirs.write_bytes(seal(own.encode(), people["bob"].signer, NAMESPACE_FINDINGS))
    out = d / "j.toml"
    args = ["merge", str(setup["a"]), str(theirs), "-o", str(out), *setup["trust"], *setup["sign"]]
    run = cli(args)
    assert run.exit_code == 0, run.stderr
    said = (
        f"inspection {INSPECTION}: gas-check-genuine, gas-overlimit, methane-return answered "
        "from different checklists (coal-major-hidden-dangers, hlj-gas); their answers are "
        "taken as one finding"
    )
    assert f"minecheck: warning: {said}" in run.stderr.splitlines()
    first = min((setup["a"], theirs), key=lambda p: p.read_text().split('document_id = "')[1])
    report = cli(["summary", str(setup["a"]), str(theirs), "--format", "md", *setup["trust"]])
    assert f"minecheck: warning: {first}: {said}" in report.stderr.splitlines()
    version = body.replace('checklist_version = "2024.1"', 'checklist_version = "2026.2"')
    theirs.write_bytes(seal(version.encode(), people["bob"].signer, NAMESPACE_FINDINGS))
    run = cli([*args, "--force"])
    assert "different checklists" not in run.stderr


def test_extract_says_what_a_file_that_is_no_merged_document_is(
    cli: Any, setup: dict[str, Any]
) -> None:
    """It said "not a merged document (trusted)" of a findings file and "(bad-signature)" of a
    changed merged file: which it is, and why nothing can be taken from it."""
    d = setup["dir"]
    (d / "x").mkdir()
    run = cli(["extract", str(setup["a"]), "-o", str(d / "x"), *setup["trust"]])
    assert (run.exit_code, run.stderr) == (
        2,
        f"minecheck: error: {setup['a']} is a minecheck.findings/1 document, not a merged one: "
        "there is nothing to extract\n",
    )
    joint = d / "joint.toml"
    made = cli(["merge", str(setup["a"]), "-o", str(joint), *setup["trust"], *setup["sign"]])
    assert made.exit_code == 0, made.stderr
    joint.write_bytes(joint.read_bytes().replace(b"source_count = 1", b"source_count = 1 "))
    run = cli(["extract", str(joint), "-o", str(d / "x"), *setup["trust"]])
    assert (run.exit_code, run.stderr) == (
        2,
        f"minecheck: error: {joint}: bad-signature: the signature does not match the content: "
        "the file was changed after signing; no source can be taken from it\n",
    )
    assert list((d / "x").iterdir()) == []


def test_extract_says_a_missing_output_directory_before_it_reads_the_merged_file(
    cli: Any, setup: dict[str, Any]
) -> None:
    """A mistyped -o was said only after the merged file was read and its signatures checked
    (seconds for a large file): the directory is looked at first, whatever the file holds."""
    d = setup["dir"]
    missing = d / "no-such-dir"
    run = cli(["extract", str(setup["a"]), "-o", str(missing), *setup["trust"]])
    assert (run.exit_code, run.stdout, run.stderr) == (
        2,
        "",
        f"minecheck: error: directory {missing} does not exist\n"
        f"  hint: create it first:\n    mkdir -p {missing}\n",
    )
    (d / "a-file").write_text("x")
    run = cli(["extract", str(d / "nothing.toml"), "-o", str(d / "a-file"), *setup["trust"]])
    assert (run.exit_code, run.stderr) == (
        2,
        f"minecheck: error: {d / 'a-file'} is not a directory: extract writes one file per "
        "source there\n",
    )


def test_merge_extract_and_export_speak_chinese(cli: Any, setup: dict[str, Any]) -> None:
    """merge, extract and export took no --lang; each inspector's answer in merge's
    inconsistency line kept its English result word in a Chinese line."""
    d = setup["dir"]
    out = d / "joint.toml"
    both = [str(setup["a"]), str(setup["b"])]
    run: Run = cli(
        ["merge", *both, "-o", str(out), "--strict", "--lang", "zh", *setup["trust"]]
        + setup["sign"]
    )
    assert run.exit_code == 1
    assert run.stderr == (
        f"minecheck: warning: 结论不一致：{INSPECTION}/gas-check-genuine（Demo mine（HLJ-0001））："
        f"alice@coal.example：符合（{setup['a']}）；bob@coal.example：不符合（{setup['b']}）\n"
    )
    again = cli(["merge", *both, "-o", str(out), "--lang", "zh", *setup["trust"], *setup["sign"]])
    assert again.stderr.endswith(
        f"minecheck: error: {out} 已存在\n  hint: 请另选 -o，或加上 --force\n"
    )
    run = cli(["extract", str(setup["a"]), "-o", str(d), "--lang", "zh", *setup["trust"]])
    assert run.stderr == (
        f"minecheck: error: {setup['a']} 是 minecheck.findings/1 文件，"
        "不是合并文件：没有可取出的内容\n"
    )
    run = cli(["export", str(out), "--format", "xml", "--lang", "zh"])
    assert run.stderr == (
        "minecheck: error: 未知格式 'xml'\n  hint: 请使用 --format jsonl、csv 或 parquet\n"
    )
    run = cli(["export", str(out), "--format", "xml", "--lang", "en"])
    assert run.stderr.startswith("minecheck: error: unknown format 'xml'\n")
