"""Every command judges a file alike: `verify`, `show`, `summary`, `export` and `merge` over one
set of hostile files, each file's status (and, where two commands print one, its detail) the same.

A generator makes sets of files with real keys: findings, follow-ups and merged files (merges of
merges too, to the nesting limit), signed by a trusted key, an untrusted one, a revoked one (the
document's, a source's, the merger's revoked after it merged), a key whose allowed_signers window
had closed or not yet opened at the document's `created`, a principal the key is not listed for,
a key limited to the other namespace; unsigned, signed in the wrong namespace, a byte changed
after signing, a syntax error late in a signed body, a merged file's source changed under its
digest, created in the future of the run's clock. For each set it runs, in one process through
the app:

- `verify --json` and `verify --json --at now`;
- `show --json` (with and without `--as-of`): each file's entry is `verify`'s, word for word;
- `summary --format json` and `export --json` (with and without `--as-of`, with and without
  `--include-untrusted`): the files left out are the same in both, with one status and one
  reason; a file `verify` calls something else than trusted is left out with `verify`'s status
  and detail (a merged file whose own signature holds: its sources that are not trusted, each
  as `verify` lists it); and what they count are documents `verify` calls trusted;
- `merge` of each file alone: refused with `verify`'s status exactly when that is not trusted.

The differences that are the contract and not checked as disagreements: `verify --at now` judges
key windows at the present (SPEC 3), the others at each document's `created`; a merged file
whose merger is trusted gives `summary` and `export` its trusted sources even where one source
is not (SPEC 4, consolidation of trusted leaf documents; docs/decisions.md).

In the suite a fixed set of hand-made cases runs, then seeded sets for a small time budget. For
a hunt, run it long with another seed:

    MINECHECK_AGREE_SECONDS=600 MINECHECK_AGREE_SEED=7 .venv/bin/pytest -n 0 \\
        -p no:cacheprovider tests/test_agree_trust.py
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import random
import shlex
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from minecheck.core.documents import (
    FOLLOWUP,
    MERGED,
    Event,
    Finding,
    FollowUpDoc,
    Header,
    utc_now,
)
from minecheck.core.merge import consolidate, findings_leaves, merged_body
from minecheck.core.seal import TRAILER_HEAD, TRAILER_TAIL, examine
from minecheck.core.sshsig import NAMESPACE_FINDINGS, NAMESPACE_MERGED, sign
from minecheck.core.trust import UNTRUSTED_BUT_SIGNED, TrustStatus
from tests.helpers_merge import INSPECTION, Who, findings_of, person, store_for

SEED = int(os.environ.get("MINECHECK_AGREE_SEED", "0"))
SECONDS = float(os.environ.get("MINECHECK_AGREE_SECONDS", "6"))

OLD = dt.datetime(2026, 10, 1, 8, 0, tzinfo=dt.UTC)  # inside every window but the late one's
CREATED = dt.datetime(2026, 11, 29, 8, 15, tzinfo=dt.UTC)  # after the closed window
# Names, and how allowed_signers lists each key (None: not at all).
KEYS: dict[str, str | None] = {
    "alice": "",
    "bob": "",
    "rex": "",  # always revoked
    "late": "",  # revoked in some sets: after the merges it made were made
    "mallory": None,
    "exp": 'valid-before="202611010000Z" ',
    "nyv": 'valid-after="202701010000Z" ',
    "pat": "other",  # listed for another principal
    "nina": 'namespaces="minecheck-merged-v1" ',
}
LEAF_DAMAGE = ("none", "none", "none", "unsigned", "flip", "late-syntax", "namespace")
MERGED_DAMAGE = (*LEAF_DAMAGE, "digest")
AS_OF_LATE = "2027-12-31"  # after every document: none is left for later


@dataclasses.dataclass(frozen=True)
class Spec:
    kind: str  # findings | followup | merged
    signer: str
    when: str  # old | created | future
    damage: str
    sources: tuple[Spec, ...] = ()


@dataclasses.dataclass
class World:
    root: Path
    people: dict[str, Who]
    allowed: Path
    revoked: dict[bool, Path]  # with `late` revoked or not
    future: dt.datetime
    made: int = 0

    def document_id(self) -> str:
        self.made += 1
        return str(uuid.UUID(int=(SEED << 64) + self.made, version=4))


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    root = tmp_path_factory.mktemp("agree")
    people = {name: person(root, name) for name in KEYS}
    lines = []
    for name, listed in KEYS.items():
        if listed is None:
            continue
        who = people[name]
        principal = "someone@coal.example" if listed == "other" else who.principal
        options = "" if listed == "other" else listed
        lines.append(f"{principal} {options}{Path(f'{who.key}.pub').read_text()}")
    allowed = root / "allowed_signers"
    allowed.write_text("".join(lines))
    revoked = {}
    for late in (False, True):
        names = ["rex", "late"] if late else ["rex"]
        path = root / f"revoked-{late}"
        path.write_text("".join(Path(f"{people[n].key}.pub").read_text() for n in names))
        revoked[late] = path
    return World(root, people, allowed, revoked, utc_now() + dt.timedelta(days=2))


def _signed(body: bytes, who: Who, namespace: str) -> bytes:
    armored = sign(who.signer, body, namespace)
    return body + TRAILER_HEAD + armored.encode("ascii") + TRAILER_TAIL


def _when(world: World, when: str) -> dt.datetime:
    return {"old": OLD, "created": CREATED, "future": world.future}[when]


def make(world: World, spec: Spec) -> bytes:
    """The file `spec` describes, signed with real keys."""
    who = world.people[spec.signer]
    when = _when(world, spec.when)
    namespace = NAMESPACE_MERGED if spec.kind == "merged" else NAMESPACE_FINDINGS
    if spec.kind == "findings":
        rows = (
            Finding("gas-check-genuine", "compliant"),
            Finding("gas-overlimit", "noncompliant", severity="major", basis=("CMHD-5.2",)),
        )
        signed = findings_of(who, rows, world.document_id(), when=when)
        body = signed[: signed.rfind(TRAILER_HEAD)]
    elif spec.kind == "followup":
        header = Header(
            FOLLOWUP, world.document_id(), when, who.principal, who.fingerprint, "minecheck 0.1.0"
        )
        event = Event(f"{INSPECTION}/gas-overlimit", "rectified", when, note="fan replaced")
        body = FollowUpDoc(header, (event,)).to_toml()
    else:
        sources = [make(world, s) for s in spec.sources]
        everyone = store_for(*world.people.values())
        verdicts = [examine(s, f"s{i}", everyone, now=when) for i, s in enumerate(sources)]
        head = Header(
            MERGED, world.document_id(), when, who.principal, who.fingerprint, "minecheck 0.1.0"
        )
        body = merged_body(head, sources, consolidate(findings_leaves(verdicts)))
    if spec.damage == "late-syntax":
        body = body[:-1] + b"note = [1,\n\n"
    if spec.damage == "digest":
        at = body.index(b'"[minecheck]', body.index(b"[[source]]")) + 2  # its first source's
        body = body[:at] + b"n" + body[at + 1 :]
    if spec.damage == "unsigned":
        return body
    if spec.damage == "namespace":
        namespace = NAMESPACE_FINDINGS if namespace == NAMESPACE_MERGED else NAMESPACE_MERGED
    data = _signed(body, who, namespace)
    if spec.damage == "flip":
        at = data.index(b"minecheck 0.1.0")
        data = data[:at] + b"minecheck 0.1.1" + data[at + 15 :]
    return data


def spec(rng: random.Random, depth: int = 3) -> Spec:
    signer = rng.choice(list(KEYS))
    when = rng.choice(("old", "created", "created", "future"))
    if depth > 1 and rng.random() < 0.35:
        count = rng.randint(1, 3)
        sources = tuple(spec(rng, depth - 1) for _ in range(count))
        return Spec("merged", signer, when, rng.choice(MERGED_DAMAGE), sources)
    kind = rng.choice(("findings", "findings", "followup"))
    return Spec(kind, signer, when, rng.choice(LEAF_DAMAGE))


# -- what each command says -----------------------------------------------------------------


def _json(run: Any) -> Any:
    return json.loads(run.stdout)


def _tree(entry: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield entry
    for source in entry.get("sources", ()):
        yield from _tree(source)


def _leaves(entry: dict[str, Any]) -> Iterator[dict[str, Any]]:
    return (e for e in _tree(entry) if not e.get("sources"))


def _signers(entry: dict[str, Any]) -> set[str | None]:
    return {e["signer"] for e in _tree(entry)}


VERDICT = ("path", "status", "detail", "signer", "fingerprint", "document_id", "format")
VERDICT_MORE = ("body_sha256", "created")


def _verdict(shown: dict[str, Any]) -> dict[str, Any]:
    """What `show` says of a file that `verify` says too (show adds the document's content)."""
    out = {k: shown[k] for k in (*VERDICT, *VERDICT_MORE)}
    if shown.get("sources"):
        out["sources"] = [_verdict(s) for s in shown["sources"]]
    return out


SIGNED = {s.value for s in UNTRUSTED_BUT_SIGNED}  # counted with --include-untrusted
STATUSES = {s.value for s in TrustStatus} | {"unreadable"}
WINDOWED = {f"{name}@coal.example" for name in ("exp", "nyv")}


def check(cli: Any, world: World, files: list[Path], *, late: bool, rng: random.Random) -> None:
    """Every command over `files` judges each file as `verify` does."""
    paths = [str(f) for f in files]
    trust = ["--allowed-signers", str(world.allowed), "--revoked-keys", str(world.revoked[late])]
    verify = cli(["verify", *paths, *trust, "--json"])
    assert verify.exit_code in (0, 1), verify.stdout
    said = {e["path"]: e for e in _json(verify)["data"]["files"]}
    assert list(said) == paths

    now = {
        e["path"]: e
        for e in _json(cli(["verify", *paths, *trust, "--json", "--at", "now"]))["data"]["files"]
    }
    for path, entry in said.items():  # the present differs from `created` only by a window
        if not (_signers(entry) & WINDOWED):
            assert now[path] == entry, path

    as_of = rng.choice([[], ["--as-of", AS_OF_LATE]])
    show = cli(["show", *paths, *trust, "--json", *as_of])
    assert show.exit_code in (0, 1, 2), show.stdout
    shown = {d["path"]: _verdict(d) for d in _json(show)["data"]["documents"]}
    assert shown == said

    for include in ([], ["--include-untrusted"]):
        options = [*trust, *as_of, *include]
        summary = cli(["summary", *paths, *options, "--format", "json", "--no-cache"])
        export = cli(["export", *paths, *options, "--json", "--no-cache"])
        assert export.exit_code in (0, 1, 2), export.stdout
        assert summary.exit_code in (0, 1, 2), summary.stderr
        envelope = _json(export)
        left = sorted(
            (p["path"], p["code"], p["message"])
            for p in envelope["problems"]
            if p["code"] in STATUSES
        )
        if summary.exit_code == 0:
            listed = {d["path"]: (d["status"], d["reason"]) for d in _json(summary)["documents"]}
            out = {p: sr for p, sr in listed.items() if not (include and sr[0] in SIGNED)}
            assert left == sorted((p, s, f"{p}: left out: {s}: {r}") for p, (s, r) in out.items())
        else:  # nothing could be used: the same files in the same words on stderr
            listed = {p: (s, m.split(f": left out: {s}: ", 1)[1]) for p, s, m in left}
        counted = {i for row in envelope["data"].get("rows", ()) for i in row["document_ids"]}
        _agree(said, listed, counted, include=bool(include))

    for path, entry in said.items():
        alone = cli(
            [
                "merge",
                path,
                "-o",
                str(world.root / "out.toml"),
                "--force",
                *trust,
                "--key",
                str(world.people["alice"].key),
                "--json",
            ]
        )
        refused = [(p["code"], p["path"]) for p in _json(alone)["problems"] if p["path"]]
        if entry["status"] == "trusted" and entry["created"] is not None:
            assert alone.exit_code == 0 or refused == [], (path, refused)
        else:
            assert alone.exit_code == 2
            assert refused == [(entry["status"], path)], (path, entry["status"], refused)


def _left_out_whole(listed: tuple[str, str] | None, include: bool) -> bool:
    return listed is not None and not (include and listed[0] in SIGNED)


def _agree(
    said: dict[str, dict[str, Any]],
    listed: dict[str, tuple[str, str]],
    counted: set[str],
    *,
    include: bool,
) -> None:
    may: set[str] = set()
    must: set[str] = set()
    for entry in said.values():
        _judged(entry, listed, include, may, must)
    assert must <= counted, must - counted
    assert counted <= may, counted - may


def _judged(
    entry: dict[str, Any],
    listed: dict[str, tuple[str, str]],
    include: bool,
    may: set[str],
    must: set[str],
) -> None:
    """What the reports list of a file or a source in `verify`'s tree, and what they may and
    must count of it (`may`, `must`: document ids)."""
    path, status, detail = entry["path"], entry["status"], entry["detail"]
    inside = [p for p in listed if p.startswith(path + "#")]
    sources = entry.get("sources") or []
    if status == "trusted":
        assert path not in listed, (path, listed[path])
        assert not inside, (path, inside)
        ids = {e["document_id"] for e in _leaves(entry)}
        may |= ids
        must |= {e["document_id"] for e in _leaves(entry) if e["format"] != FOLLOWUP}
        return
    own = not detail.startswith(f"source {path}#")  # (the merger's own signature, or damage)
    if not sources or path in listed or own:  # left out whole, or counted by --include-untrusted
        if sources and not _left_out_whole(listed.get(path), include):
            pass  # counted by --include-untrusted: its merger's own status (docs/decisions.md)
        else:
            assert listed.get(path) == (status, detail), (path, listed.get(path))
        if not _left_out_whole(listed.get(path), include):
            may.add(entry["document_id"])
        elif sources:
            assert not inside, (path, inside)
            return
    for source in sources:  # counted by its merger's own signature: its sources each judged
        _judged(source, listed, include, may, must)


# -- the cases ------------------------------------------------------------------------------


def _write(world: World, name: str, specs: list[Spec]) -> list[Path]:
    folder = world.root / name
    folder.mkdir()
    files = []
    for i, s in enumerate(specs):
        path = folder / f"f{i}.toml"
        path.write_bytes(make(world, s))
        files.append(path)
    return files


def F(signer: str, damage: str = "none", when: str = "created") -> Spec:
    return Spec("findings", signer, when, damage)


def M(signer: str, *sources: Spec, damage: str = "none", when: str = "created") -> Spec:
    return Spec("merged", signer, when, damage, sources)


CASES: dict[str, list[Spec]] = {
    "leaves": [F(n) for n in KEYS]
    + [F("alice", d) for d in LEAF_DAMAGE[3:]]
    + [F("alice", when="future"), F("exp", when="old"), Spec("followup", "bob", "created", "none")],
    "merged": [
        M("alice", F("bob"), F("mallory")),
        M("mallory", F("bob"), F("alice")),
        M("late", F("bob"), F("alice")),
        M("alice", F("rex"), F("bob")),
        M("mallory", F("rex"), F("bob")),
        M("alice", F("bob"), damage="digest"),
        M("alice", F("bob", "flip")),
        M("alice", M("bob", F("alice"), F("late")), F("nyv")),
        M("nina", F("exp", when="old"), F("pat")),
        M("alice", F("bob"), when="future"),
        M("alice", M("mallory", F("bob")), F("bob")),
        M("alice", M("rex", F("bob")), F("alice")),
    ],
}


@pytest.mark.parametrize("late", [False, True])
@pytest.mark.parametrize("case", sorted(CASES))
def test_every_command_judges_each_hand_made_file_as_verify_does(
    cli: Any, world: World, case: str, late: bool
) -> None:
    files = _write(world, f"{case}-{late}", CASES[case])
    check(cli, world, files, late=late, rng=random.Random(0))  # noqa: S311 - test data


def test_every_command_judges_each_generated_file_as_verify_does(cli: Any, world: World) -> None:
    rng = random.Random(SEED)  # noqa: S311 - test data
    stop = time.monotonic() + SECONDS
    n = 0
    while n < 3 or time.monotonic() < stop:
        specs = [spec(rng) for _ in range(rng.randint(1, 4))]
        late = rng.random() < 0.5
        try:
            check(cli, world, _write(world, f"set{n}", specs), late=late, rng=rng)
        except AssertionError as e:
            raise AssertionError(f"seed {SEED}, set {n}, late={late}: {specs}") from e
        n += 1


# -- what the differential found ------------------------------------------------------------

LEFT_OUT = {"en": ": left out: ", "zh": "：未计入："}
SEP = {"en": ": ", "zh": "："}


def _said(cli: Any, world: World, files: list[Path], lang: str, *more: str) -> dict[str, Any]:
    """verify's line of each file, and the lines summary and export warn with (left out)."""
    paths = [str(f) for f in files]
    trust = ["--allowed-signers", str(world.allowed), "--revoked-keys", str(world.revoked[False])]
    verify = cli(["verify", *paths, *trust, "--lang", lang])
    summary = cli(["summary", *paths, *trust, "--format", "md", "--lang", lang, *more])
    export = cli(["export", *paths, *trust, "--format", "csv", "--lang", lang, *more])
    assert (verify.exit_code, summary.exit_code, export.exit_code) == (1, 0, 0)
    assert summary.stderr == export.stderr
    files_said = [  # each file's line, without its sources' and its signer and key
        line.rsplit(" (", 1)[0] if line.endswith(")") else line
        for line in verify.stdout.splitlines()
        if line.startswith(str(files[0].parent))
    ]
    return {"verify": files_said, "left": summary.stderr.splitlines()}


def _fingerprint(world: World, name: str) -> str:
    return world.people[name].fingerprint


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_revoked_key_and_a_key_not_yet_valid_are_said_in_verify_s_words_by_the_reports(
    cli: Any, world: World, lang: str
) -> None:
    files = _write(world, f"words-{lang}", [F("alice"), F("rex"), F("nyv")])
    said = _said(cli, world, files, lang)
    revoked = {
        "en": f"key {_fingerprint(world, 'rex')} is revoked",
        "zh": f"密钥 {_fingerprint(world, 'rex')} 已被吊销",
    }[lang]
    early = {
        "en": "the signing key was not yet valid when the document was created",
        "zh": "文件创建时签名密钥尚未生效",
    }[lang]
    assert said["verify"][1:] == [
        f"{files[1]}: revoked: {revoked}",
        f"{files[2]}: key-not-yet-valid: {early}",
    ]
    # (main said "the signing key is revoked" and "the signing key was not yet valid then")
    assert said["left"] == [
        f"minecheck: warning: {files[1]}{LEFT_OUT[lang]}revoked{SEP[lang]}{revoked}",
        f"minecheck: warning: {files[2]}{LEFT_OUT[lang]}key-not-yet-valid{SEP[lang]}{early}",
    ]


def _source_of(cli: Any, world: World, merged: Path, status: str) -> str:
    trust = ["--allowed-signers", str(world.allowed), "--revoked-keys", str(world.revoked[False])]
    (entry,) = _json(cli(["verify", str(merged), *trust, "--json"]))["data"]["files"]
    (path,) = [s["path"] for s in entry["sources"] if s["status"] == status]
    return str(path)


def _second_file_said(
    cli: Any, world: World, files: list[Path], lang: str, status: str, detail: str
) -> None:
    """verify says `status: detail` of the second file, and the reports leave it out so."""
    said = _said(cli, world, files, lang)
    assert said["verify"][1:] == [f"{files[1]}: {status}: {detail}"]
    assert said["left"] == [
        f"minecheck: warning: {files[1]}{LEFT_OUT[lang]}{status}{SEP[lang]}{detail}"
    ]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_merged_file_left_out_with_a_revoked_source_is_revoked_in_every_command(
    cli: Any, world: World, lang: str
) -> None:
    files = _write(world, f"revoked-inside-{lang}", [F("alice"), M("mallory", F("rex"), F("bob"))])
    source = _source_of(cli, world, files[1], "revoked")
    key = _fingerprint(world, "rex")
    detail = {
        "en": f"source {source} is revoked: key {key} is revoked",
        "zh": f"来源 {source}（密钥已吊销）：密钥 {key} 已被吊销",
    }[lang]
    # (main's reports: untrusted-key, the merger's own status, as if revocation came after it)
    _second_file_said(cli, world, files, lang, "revoked", detail)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_merged_file_holding_a_bad_signature_is_bad_signature_in_every_command(
    cli: Any, world: World, lang: str
) -> None:
    files = _write(world, f"bad-inside-{lang}", [F("alice"), M("mallory", F("bob", "flip"))])
    source = f"{files[1]}#1"
    detail = {
        "en": f"source {source} is bad-signature: the signature does not match the content: "
        "the file was changed after signing",
        "zh": f"来源 {source}（签名无效）：签名与内容不符：文件在签名后被改动过",
    }[lang]
    # (main's verify: untrusted-key, the merger's own status, where the reports said this)
    _second_file_said(cli, world, files, lang, "bad-signature", detail)


def _rows_signed_by(cli: Any, world: World, files: list[Path], *more: str) -> list[str]:
    paths = [str(f) for f in files]
    trust = ["--allowed-signers", str(world.allowed), "--revoked-keys", str(world.revoked[False])]
    export = cli(["export", *paths, *trust, "--format", "jsonl", *more])
    assert export.exit_code == 0, export.stderr
    return sorted({s for line in export.stdout.splitlines() for s in json.loads(line)["signers"]})


@pytest.mark.parametrize(("merger", "status"), [("rex", "revoked"), ("mallory", "untrusted-key")])
def test_a_merge_inside_a_merge_counts_only_where_its_merger_s_key_would_count_alone(
    cli: Any, world: World, merger: str, status: str
) -> None:
    files = _write(world, f"inner-{merger}", [M("alice", M(merger, F("bob")), F("alice"))])
    inner = _source_of(cli, world, files[0], status)
    detail = {
        "revoked": f"key {_fingerprint(world, 'rex')} is revoked",
        "untrusted-key": "the signing key is not in allowed_signers",
    }[status]
    said = _said(cli, world, files, "en")
    assert said["verify"] == [f"{files[0]}: {status}: source {inner} is {status}: {detail}"]
    # (main counted bob's findings, gathered by a key it would not count, and said nothing)
    hint = (  # (the way to count it, where trusting the merger's key would: author6)
        "  hint: to count it, trust the signer's key as you received it from them (or --from "
        f"LINES): minecheck trust add --principal {merger}@coal.example --key KEY.pub "
        f"--allowed-signers {shlex.quote(str(world.allowed))}"
    )
    left = f"minecheck: warning: {inner}: left out: {status}: {detail}"
    assert said["left"] == ([left, hint] if status == "untrusted-key" else [left])
    assert _rows_signed_by(cli, world, files) == ["alice@coal.example"]
    counted = ["alice@coal.example", "bob@coal.example"]
    untrusted = _rows_signed_by(cli, world, files, "--include-untrusted")
    assert untrusted == (counted if status == "untrusted-key" else ["alice@coal.example"])
