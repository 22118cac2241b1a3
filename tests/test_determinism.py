"""The same question gives the same answer: outputs byte for byte across the ways one set of
documents can be named (order, directories or their files, a file named twice, a copy at
another path), hash seeds, the number of cores, cache states and languages.

A report author and an auditor run a command again and compare the output with a checksum kept
in a case file; nothing in it may depend on how the files were named or on the machine's state.
`MINECHECK_DETERMINISM_EXAMPLES=N` plays N more random namings of the archive (seeded by their
number) against the reference:

    MINECHECK_DETERMINISM_EXAMPLES=200 .venv/bin/pytest -p no:xdist tests/test_determinism.py
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from benchmarks.corpus import generate
from hypothesis import given
from hypothesis import strategies as st

from minecheck.cli._listing import _spelled
from minecheck.core.documents import FOLLOWUP, Event, FollowUpDoc, Header
from minecheck.core.keys import load_private
from minecheck.core.seal import seal
from minecheck.core.sshsig import NAMESPACE_FINDINGS
from minecheck.report import batch
from minecheck.report.rows import STATES
from minecheck.report.summary import SEVERITIES
from tests.helpers_docs import replace_once, split_trailer
from tests.helpers_merge import (
    CREATED,
    INSPECTION,
    Who,
    allowed_signers,
    findings,
    make_merged,
    person,
    store_for,
)

AS_OF = "2026-12-31"
OTHER = "4b6f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c1f"
MINECHECK = shutil.which("minecheck", path=str(Path(sys.executable).parent))
EXTRA = int(os.environ.get("MINECHECK_DETERMINISM_EXAMPLES", "0"))

SUMMARIES = [
    ["summary", "--format", fmt, *by]
    for fmt in ("table", "md", "csv", "json", "nl", "html")
    for by in ([], ["--by", "site,state"])
]
OUTPUTS = [
    *SUMMARIES,
    ["summary", "--json"],
    ["export", "--format", "csv"],
    ["export", "--format", "jsonl"],
    ["export", "--json"],
]


def _followup(who: Who, document_id: str, *events: Event) -> bytes:
    header = Header(
        FOLLOWUP,
        document_id,
        max(e.at for e in events) + dt.timedelta(minutes=1),
        who.principal,
        who.fingerprint,
        "minecheck 0.1.0",
    )
    return seal(FollowUpDoc(header, events).to_toml(), who.signer, NAMESPACE_FINDINGS)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small archive: a joint inspection whose two inspectors disagree, a lone one at a mine
    named in Chinese, the joint one merged, follow-ups (one applied, one refused, and a copy of
    that one), an unsigned document; and an allowed_signers file for everyone."""
    root = tmp_path_factory.mktemp("world")
    people = {n: person(root, n) for n in ("alice", "bob", "carol", "ent")}
    allowed_signers(root / "allowed_signers", *people.values())
    docs = root / "docs"
    for sub in ("team1", "team2", "followups"):
        (docs / sub).mkdir(parents=True)
    a = findings(people["alice"], ["compliant", "noncompliant", "compliant"])
    b = findings(people["bob"], ["noncompliant", "noncompliant", "compliant"])
    c = findings(
        people["carol"],
        ["noncompliant", "compliant", "noncompliant"],
        inspection_id=OTHER,
        site="东山煤矿",
        site_id=None,
        description="风机房无人值守",
    )
    (docs / "team1" / "a.toml").write_bytes(a)
    (docs / "team1" / "b.toml").write_bytes(b)
    (docs / "team2" / "c.toml").write_bytes(c)
    (docs / "team2" / "unsigned.toml").write_bytes(split_trailer(c)[0])
    store = store_for(*people.values())
    (docs / "merged.toml").write_bytes(make_merged(people["carol"], [a, b], store))
    day = dt.timedelta(days=1)
    rectified = Event(f"{INSPECTION}/gas-overlimit", "rectified", CREATED + day, note="done")
    closed = Event(f"{INSPECTION}/gas-overlimit", "closed", CREATED + 2 * day)  # not accepted
    (docs / "followups" / "f1.toml").write_bytes(
        _followup(people["ent"], "7b5f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c01", rectified)
    )
    (docs / "followups" / "f2.toml").write_bytes(
        _followup(people["alice"], "7b5f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c02", closed)
    )
    (docs / "kept").mkdir()  # a copy kept in a case folder, inside the archive
    shutil.copy(docs / "followups" / "f2.toml", docs / "kept" / "f2.toml")
    return root


def _files(world: Path) -> list[str]:
    return sorted(str(p.relative_to(world)) for p in (world / "docs").rglob("*.toml"))


def _run(cli: Any, world: Path, command: list[str], inputs: list[str], *more: str) -> Any:
    trust = ["--allowed-signers", str(world / "allowed_signers"), "--as-of", AS_OF]
    if command[0] == "verify":
        trust = trust[:2]
    run = cli([command[0], *inputs, *command[1:], *trust, *more])
    return run.exit_code, run.stdout, run.stderr


@pytest.fixture
def in_world(world: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(world)
    return world


# -- defects found (each a test that failed first) ------------------------------------------------


@pytest.mark.parametrize(
    "command", [["summary", "--format", "md"], ["summary", "--json"], ["export", "--json"]]
)
def test_a_copy_of_a_document_is_named_alike_whichever_is_named_first(
    cli: Any, in_world: Path, command: list[str]
) -> None:
    """The same follow-up at two paths (a copy kept in a case folder): the refused event was
    said of the copy named first, so `summary docs copies` and `summary copies docs` told two
    reports apart. The copy at the path that sorts first is the one named, in both orders."""
    copies = in_world / "copies"
    copies.mkdir()
    try:
        shutil.copy(in_world / "docs" / "followups" / "f2.toml", copies / "f2.toml")
        first = _run(cli, in_world, command, ["docs", "copies"])
        second = _run(cli, in_world, command, ["copies", "docs"])
    finally:
        shutil.rmtree(copies)
    assert second == first
    assert "copies/f2.toml" in first[1] + first[2]
    assert "followups/f2.toml" not in first[1] + first[2]


def test_one_document_with_two_contents_is_said_alike_in_either_order(
    cli: Any, in_world: Path
) -> None:
    """One document id signed twice with different content: the warning named the file met
    second as the one that "also appears in" the first, so the order of the inputs decided
    which file each report blamed."""
    alice = load_private(in_world / "alice", None)
    body = split_trailer((in_world / "docs" / "team1" / "a.toml").read_bytes())[0]
    noncompliant = b'result = "noncompliant"\n'
    changed = replace_once(body, noncompliant, noncompliant + b'note = "corrected"\n')
    other = in_world / "other"
    other.mkdir()
    try:
        (other / "a.toml").write_bytes(seal(changed, alice, NAMESPACE_FINDINGS))
        runs = [
            _run(cli, in_world, ["summary", "--json"], inputs)
            for inputs in (["docs", "other"], ["other", "docs"])
        ]
    finally:
        shutil.rmtree(other)
    assert runs[1] == runs[0]
    (problem,) = [p for p in json.loads(runs[0][1])["problems"] if p["code"] == "conflict"]
    assert problem["path"] == "other/a.toml"
    place = problem["message"].split(" also appears in ")[1].split(" with different content")[0]
    assert place in ("docs/merged.toml#1", "docs/merged.toml#2")  # (the first in sorted order)


@pytest.mark.parametrize(
    "inputs",
    [
        ["docs/team2/unsigned.toml", "docs/team2/unsigned.toml", "docs"],
        ["docs", "./docs/team2/unsigned.toml", "docs/team2"],
        ["docs", "docs"],
    ],
)
def test_a_file_named_twice_is_one_document(cli: Any, in_world: Path, inputs: list[str]) -> None:
    """A file named again (by itself and inside its directory, or a directory named twice)
    was read once per naming: the unsigned document was "Documents not counted: 3", verify
    said "10 documents" of eight files, and each was warned about as often."""
    once = [_run(cli, in_world, c, ["docs"]) for c in (["summary", "--json"], ["verify"])]
    summary, verify = (_run(cli, in_world, c, inputs) for c in (["summary", "--json"], ["verify"]))
    assert summary == once[0]
    assert json.loads(summary[1])["data"]["scope"]["documents_not_counted"] == 1
    assert summary[2] == ""
    assert verify[1].count("unsigned.toml: unsigned") == 1
    assert verify[2].endswith("8 documents: 7 trusted, 1 unsigned\n")
    md = _run(cli, in_world, ["summary", "--format", "md"], inputs)
    assert "Documents not counted: 1" in md[1]
    assert md[2].count("unsigned.toml: left out: unsigned") == 1


@pytest.mark.skipif(os.sep != "/", reason="the quick spelling is the POSIX one")
@given(
    st.sampled_from(["/", "/home/inspector", "/srv/archive/"]),
    st.lists(st.sampled_from(["a", "b.toml", ".", "..", "", "c d"]), max_size=6),
    st.booleans(),
)
def test_a_name_is_spelled_once_as_pathlib_spells_it(
    here: str, parts: list[str], rooted: bool
) -> None:
    """The key a file is known by, however it was named, without a Path per name (10,000
    names: 0.2 s with Paths)."""
    name = ("/" if rooted else "") + "/".join(parts)
    expected = str(Path(here, name))
    if expected.startswith("//"):  # (POSIX leaves a leading // to the system: Linux reads /)
        expected = expected[1:]
    assert _spelled(here, name) == expected


# -- held: what already gave the same bytes, kept so ---------------------------------------------


def _namings(world: Path) -> dict[str, list[str]]:
    """Ways to name the whole archive that name every file by the same string."""
    files = _files(world)
    shuffled = files[:]
    random.Random(5).shuffle(shuffled)  # noqa: S311 - a shuffle
    return {
        "directory": ["docs"],
        "files": files,
        "files reversed": files[::-1],
        "files shuffled": shuffled,
        "directories out of order": [
            "docs/team2",
            "docs/kept",
            "docs/followups",
            "docs/merged.toml",
            "docs/team1",
        ],
        "files and their directory": [*files[::2], "docs", *files[1::2], "./" + files[0]],
    }


@pytest.mark.parametrize("command", OUTPUTS, ids=" ".join)
def test_every_output_is_the_same_however_the_archive_is_named(
    cli: Any, in_world: Path, command: list[str]
) -> None:
    outputs = {
        name: _run(cli, in_world, command, inputs) for name, inputs in _namings(in_world).items()
    }
    reference = outputs["directory"]
    assert reference[0] == 0, reference[2]
    for name, output in outputs.items():
        assert output == reference, name


def test_verify_says_each_file_once_in_the_order_it_was_named(cli: Any, in_world: Path) -> None:
    """verify's lines follow the command line (a directory's files sorted); the set of lines and
    the count are the same however the archive is named."""
    reference = _run(cli, in_world, ["verify"], ["docs"])
    for name, inputs in _namings(in_world).items():
        code, out, err = _run(cli, in_world, ["verify"], inputs)
        assert (code, sorted(out.splitlines()), err) == (
            reference[0],
            sorted(reference[1].splitlines()),
            reference[2],
        ), name
    shuffled = _namings(in_world)["files shuffled"]
    out = _run(cli, in_world, ["verify"], shuffled)[1]
    named = [line.split(": ")[0] for line in out.splitlines() if not line.startswith(" ")]
    assert named == shuffled  # (a merged file's sources are the lines under it)


@pytest.mark.parametrize(
    "command",
    [["summary", "--format", "md"], ["summary", "--json", "--by", "month"], ["export", "--json"]],
    ids=" ".join,
)
def test_cold_warm_and_uncached_runs_agree_across_report_dates(
    cli: Any, in_world: Path, command: list[str]
) -> None:
    """A first run (nothing cached), a run answered from the memo, one with --no-cache, and the
    kept counts carried across report dates (one day, another, the first again)."""
    days = ("2026-12-31", "2027-02-28", "2026-12-31", "2026-12-01")
    for day in days:
        cold = _run(cli, in_world, command, ["docs"], "--no-cache", "--as-of", day)
        assert cold[0] == 0, cold[2]
        assert _run(cli, in_world, command, ["docs"], "--as-of", day) == cold, day
        assert _run(cli, in_world, command, ["docs"], "--as-of", day) == cold, day


@pytest.fixture(scope="module")
def pooled(world: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The world's archive beside a generated one of 60 findings files: enough for the pool."""
    out = tmp_path_factory.mktemp("pooled")
    generate(out, 60, 6, seed=17)
    shutil.copytree(world / "docs", out / "docs" / "world")
    people = (world / "allowed_signers").read_text()
    with (out / "allowed_signers").open("a") as allowed:
        allowed.write(people)
    return out


@pytest.mark.parametrize(
    "command",
    [["summary", "--format", "html", "--by", "site,state"], ["export", "--format", "jsonl"]],
    ids=" ".join,
)
def test_one_core_and_every_core_give_the_same_bytes(
    cli: Any, pooled: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    outputs = []
    for cores in (1, 2, 3):
        monkeypatch.setattr(batch, "cpu_count", lambda cores=cores: cores)
        outputs.append(_run(cli, pooled, command, [str(pooled / "docs")], "--no-cache"))
    assert outputs[0][0] == 0, outputs[0][2]
    assert outputs[1] == outputs[0]
    assert outputs[2] == outputs[0]


_STAMP = re.compile(rb"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(Z|[+-]\d\d:\d\d)")


def _in_utc(page: bytes, zone: str) -> bytes:
    """`page` with every time written with an offset (the report's zone's, as a report says a
    refused event's time) written in UTC instead; UTC-5 writes at least one with its offset
    (London's is +00:00 in winter, written Z)."""

    def utc(m: re.Match[bytes]) -> bytes:
        at = dt.datetime.fromisoformat(m[0].decode().replace("Z", "+00:00"))
        return at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ").encode()

    said, count = _STAMP.subn(utc, page)
    assert zone != "Etc/GMT+5" or any(m[2] == b"-05:00" for m in _STAMP.finditer(page))
    assert count
    return said


@pytest.mark.skipif(MINECHECK is None, reason="the console script is not installed")
def test_hash_seeds_and_time_zones_change_no_byte(pooled: Path, tmp_path: Path) -> None:
    """The installed command under three hash seeds, each in another time zone where every
    time in the archive falls on the same calendar day, on every core: the reports differ
    only by the zone they name."""
    assert MINECHECK is not None
    trust = ["--allowed-signers", str(pooled / "allowed_signers")]
    commands = [
        ["summary", "docs", "--format", "html", "--by", "site,inspector", "--as-of", AS_OF],
        ["summary", "docs", "--json", "--by", "item", "--as-of", AS_OF],
        ["export", "docs", "--format", "csv", "--as-of", AS_OF],
        ["verify", "docs", "--json"],
        # (show's "today" is the zone's own day: UTC-5's is another from 00:00 to 05:00 UTC)
        [
            *("show", "docs/world/merged.toml", "docs/world/followups/f2.toml", "--json"),
            *("--as-of", AS_OF),
        ],
    ]
    runs: dict[tuple[str, str], list[tuple[int, bytes, bytes]]] = {}
    # (every time in the archives lies between 08:00 and 23:00 UTC: the same day in each zone)
    for seed, zone in (("0", "UTC"), ("1", "Europe/London"), ("4242", "Etc/GMT+5")):
        env = {
            "PATH": os.environ.get("PATH", ""),
            "HOME": str(tmp_path),
            "MINECHECK_HOME": str(tmp_path / f"home-{seed}"),
            "LANG": "C.UTF-8",
            "NO_COLOR": "1",
            "PYTHONHASHSEED": seed,
            "TZ": zone,
        }
        runs[(seed, zone)] = [
            (r.returncode, r.stdout, r.stderr)
            for r in (
                subprocess.run(
                    [MINECHECK, *command, *trust],
                    cwd=pooled,
                    env=env,
                    capture_output=True,
                    check=False,
                )
                for command in commands
            )
        ]
    # each report names the zone its days are local to; the rest is the same, byte for byte
    named = {
        "UTC": (b"UTC", b'"name": "UTC",\n      "utc_offset": "+00:00"'),
        "Europe/London": (
            b"Europe/London (UTC+00:00)",
            b'"name": "Europe/London",\n      "utc_offset": "+00:00"',
        ),
        "Etc/GMT+5": (
            b"Etc/GMT+5 (UTC-05:00)",
            b'"name": "Etc/GMT+5",\n      "utc_offset": "-05:00"',
        ),
    }
    for (_, zone), outcomes in runs.items():
        html, data = named[zone]
        assert f"{AS_OF}, ".encode() + html + b" \xc2\xb7" in outcomes[0][1]
        page = outcomes[0][1].replace(html, b"ZONE")
        # and a refused event's time is said in that zone: the same instant, in UTC here
        outcomes[0] = (*outcomes[0][:1], _in_utc(page, zone), outcomes[0][2])
        for at in (1, 4):  # (summary's and show's --json)
            assert data in outcomes[at][1]
            shown = outcomes[at][1].replace(data, b"ZONE")
            outcomes[at] = (outcomes[at][0], shown, outcomes[at][2])
    first, *others = runs.values()
    assert [code for code, _, _ in first] == [0, 0, 0, 1, 0]  # (the world's unsigned file)
    for other in others:
        assert other == first


@pytest.mark.parametrize(
    "command", [["summary", "--format", "json"], ["export", "--format", "csv"]]
)
def test_the_language_changes_no_data(cli: Any, in_world: Path, command: list[str]) -> None:
    """Data for scripts keeps its English keys and values in a Chinese report."""
    english = _run(cli, in_world, command, ["docs"])
    chinese = _run(cli, in_world, command, ["docs"], "--lang", "zh")
    assert (chinese[0], chinese[1]) == (english[0], english[1])
    assert chinese[2] != english[2]  # (the warnings are said in Chinese)


def test_merge_in_any_order_signs_the_same_body_and_extract_gives_each_source_back(
    cli: Any, in_world: Path
) -> None:
    """`merge A B` and `merge B A`: only the merged file's own id and time differ; extract
    writes every source back byte for byte. Signing the same bytes twice gives the same file."""
    docs = in_world / "docs"
    sources = [docs / "team1" / "a.toml", docs / "team1" / "b.toml", docs / "team2" / "c.toml"]
    out = in_world / "out"
    out.mkdir()
    try:
        key = ["--key", str(in_world / "carol"), "--signer", "carol@coal.example"]
        trust = ["--allowed-signers", str(in_world / "allowed_signers")]
        bodies = []
        for n, order in enumerate((sources, sources[::-1], [sources[1], sources[2], sources[0]])):
            merged = out / f"m{n}.toml"
            run = cli(["merge", *map(str, order), "-o", str(merged), *key, *trust])
            assert run.exit_code == 0, run.stderr
            body = merged.read_bytes().split(b"[signature]\n")[0]
            bodies.append(
                b"".join(
                    line
                    for line in body.splitlines(keepends=True)
                    if not line.startswith((b"document_id = ", b"created = "))
                )
            )
            (out / f"x{n}").mkdir()
            run = cli(["extract", str(merged), "-o", str(out / f"x{n}"), *trust])
            assert run.exit_code == 0, run.stderr
            back = sorted(p.read_bytes() for p in (out / f"x{n}").iterdir())
            assert back == sorted(p.read_bytes() for p in sources)
        assert bodies[1] == bodies[0]
        assert bodies[2] == bodies[0]
        unsigned = split_trailer(sources[2].read_bytes())[0]
        for name in ("u1.toml", "u2.toml"):
            (out / name).write_bytes(unsigned)
            assert cli(["sign", str(out / name), *key]).exit_code == 0
        assert (out / "u1.toml").read_bytes() == (out / "u2.toml").read_bytes()
        assert (out / "u1.toml").read_bytes() == sources[2].read_bytes()
    finally:
        shutil.rmtree(out)


def test_the_orders_said_are_held(cli: Any, in_world: Path) -> None:
    """Where an order is decided, by the data and not by the files: export rows by inspection
    id, then item; summary groups by key (severities major then general, states in the
    loop's order, blanks last); open majors by site most first, ties by name; the documents
    not counted by path."""
    rows = [
        json.loads(line)
        for line in _run(cli, in_world, ["export", "--format", "jsonl"], ["docs"])[1].splitlines()
    ]
    keys = [(r["inspection"], r["item"]) for r in rows]
    assert keys == sorted(keys)
    assert len(set(keys)) == len(keys) == 6
    data = json.loads(
        _run(cli, in_world, ["summary", "--format", "json", "--by", "severity,state"], ["docs"])[1]
    )
    groups = [(g["severity"], g["state"]) for g in data["groups"]]
    order = {v: n for n, v in enumerate((*SEVERITIES, *STATES, None, ""))}
    assert groups == sorted(groups, key=lambda g: (order[g[0]], order[g[1]]))
    assert ("major", "open") in groups
    assert ("major", "rectified") in groups
    assert groups[-1][1] in (None, "")  # (findings that are no hidden danger: no state)
    sites = [(-s["open_majors"], s["site"]) for s in data["open_majors_by_site"]]
    assert sites == sorted(sites)
    assert len(sites) == 2
    documents = [d["path"] for d in data["documents"]]
    assert documents == sorted(documents)
    assert documents


@pytest.mark.skipif(not EXTRA, reason="set MINECHECK_DETERMINISM_EXAMPLES=N for a longer hunt")
@pytest.mark.parametrize("example", range(EXTRA))
def test_random_namings_give_the_reference_bytes(
    cli: Any, pooled: Path, monkeypatch: pytest.MonkeyPatch, example: int
) -> None:
    """Each file of the pooled archive named 0-3 times, as itself, `./` itself, by its
    directory or by the archive, in a random order; on one core or three; cached or not. The
    reference names each file it covers once, in sorted order."""
    rnd = random.Random(example)  # noqa: S311 - a seeded hunt
    monkeypatch.chdir(pooled)
    files = _files(pooled)
    inputs = [
        rnd.choice([name, "./" + name, str(Path(name).parent), "docs"])
        for name in files
        for _ in range(rnd.randrange(4))
    ] or ["docs"]
    rnd.shuffle(inputs)
    cores = rnd.choice((1, 3))
    monkeypatch.setattr(batch, "cpu_count", lambda: cores)
    covered = [
        name
        for name in files
        if any(name == given.removeprefix("./") or name.startswith(f"{given}/") for given in inputs)
    ]
    for command in (["summary", "--json"], ["summary", "--format", "md"], ["export", "--json"]):
        more = ("--no-cache",) if rnd.random() < 0.5 else ()
        assert _run(cli, pooled, command, inputs, *more) == _run(cli, pooled, command, covered)
