"""An auditor with stock tools only: what docs/security.md and the README publish, run as published.

Each published recipe is taken from the docs as they stand and run with the real `ssh-keygen`
and the system's Python (no minecheck) against the files minecheck writes and against forged
ones; every verdict is compared with `minecheck verify`'s, so a recipe that drifts from the
tool, or the tool from the recipe, fails here.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import duckdb
import pytest

from minecheck.core.documents import FOLLOWUP, MERGED, Event, FollowUpDoc, Header
from minecheck.core.merge import consolidate, findings_leaves, merged_body
from minecheck.core.seal import examine, seal
from minecheck.core.sshsig import NAMESPACE_FINDINGS, NAMESPACE_MERGED
from minecheck.report.summary import MEASURES
from tests.conftest import REPO
from tests.helpers_merge import CREATED, INSPECTION, Who, findings, person, store_for
from tests.test_summary_done import World, _answers, _nc, world  # noqa: F401 (world: a fixture)

pytestmark = pytest.mark.skipif(
    shutil.which("ssh-keygen") is None, reason="the recipes are checked with ssh-keygen"
)

STOCK_ENV = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8"}
PYTHON = shutil.which("python3", path=STOCK_ENV["PATH"]) or "python3"


def _section(page: str) -> str:
    text = (REPO / page).read_text(encoding="utf-8")
    return text.split("## Verifying without minecheck\n", 1)[1].split("\n## ", 1)[0]


def security_blocks() -> list[tuple[str, str]]:
    """(language, text) of every fenced block of security.md's "Verifying without minecheck"."""
    return re.findall(r"^```(\w+)\n(.*?)^```$", _section("docs/security.md"), flags=re.M | re.S)


def published() -> dict[str, str]:
    """The scripts an auditor copies: check.sh, who.sh, sources.py, the loop over the sources,
    and the README's shorter recipe (which names its file f.toml)."""
    blocks = security_blocks()
    shells = [text for lang, text in blocks if lang == "sh"]
    python = next(text for lang, text in blocks if text.startswith("# usage: python3 sources.py"))
    (readme,) = re.findall(r"^```sh\n(.*?)^```$", _section("README.md"), flags=re.M | re.S)
    check, who, loop = shells
    assert check.startswith("f=$1\n")
    assert "sources.py joint.toml" in loop
    return {
        "check.sh": check,
        "who.sh": who,
        "sources.py": python,
        "loop.sh": loop,
        "readme": readme,
    }


@dataclasses.dataclass
class Office:
    work: Path
    wang: Who
    li: Who
    zhao: Who
    merger: Who

    def write_trust(self, revoked: tuple[Who, ...] = (), extra: str = "") -> None:
        lines = "".join(
            f"{w.principal} {' '.join(_pub(w).split()[:2])}\n"
            for w in (self.wang, self.li, self.zhao, self.merger)
        )
        (self.work / "allowed_signers").write_text(lines + extra, encoding="utf-8")
        (self.work / "revoked_keys").write_text("".join(_pub(w) for w in revoked), "utf-8")

    def sh(self, script: str, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["sh", "-c", script, "sh", *args],
            cwd=self.work,
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
            env=STOCK_ENV,
        )

    def check(self, name: str) -> subprocess.CompletedProcess[str]:
        return self.sh(published()["check.sh"], name)

    def readme(self, data: bytes) -> subprocess.CompletedProcess[str]:
        (self.work / "f.toml").write_bytes(data)
        return self.sh(published()["readme"])

    def audit_merged(self, data: bytes) -> subprocess.CompletedProcess[str]:
        """security.md's whole check of a merged document, saved and run as it says."""
        (self.work / "joint.toml").write_bytes(data)
        shutil.rmtree(self.work / "joint-sources", ignore_errors=True)
        (self.work / "check.sh").write_text(published()["check.sh"], encoding="utf-8")
        (self.work / "sources.py").write_text(published()["sources.py"], encoding="utf-8")
        loop = published()["loop.sh"].replace("python3 ", f"{PYTHON} ")
        return self.sh(loop)

    def verify(self, cli: Any, name: str) -> int:
        args = ["verify", str(self.work / name)]
        args += ["--allowed-signers", str(self.work / "allowed_signers")]
        args += ["--revoked-keys", str(self.work / "revoked_keys")]
        return int(cli(args).exit_code)


def _pub(who: Who) -> str:
    return Path(f"{who.key}.pub").read_text(encoding="utf-8")


@pytest.fixture
def office(tmp_path: Path) -> Office:
    keys = tmp_path / "keys"
    keys.mkdir()
    work = tmp_path / "work"
    work.mkdir()
    found = Office(work, *(person(keys, name) for name in ("wang", "li", "zhao", "merger")))
    found.write_trust()
    return found


def followup(who: Who, finding: str) -> bytes:
    header = Header(
        FOLLOWUP,
        "5d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6",
        CREATED,
        who.principal,
        who.fingerprint,
        "minecheck 0.1.0",
    )
    event = Event(finding, "rectified", CREATED - dt.timedelta(hours=1), note="done")
    return seal(FollowUpDoc(header, (event,)).to_toml(), who.signer, NAMESPACE_FINDINGS)


def merged(office: Office, sources: list[bytes], **changes: Any) -> bytes:
    """A merged document by the merger; `consolidated=` forges what it states."""
    store = store_for(office.wang, office.li, office.zhao, office.merger)
    verdicts = [examine(s, f"s{i}", store) for i, s in enumerate(sources)]
    header = Header(
        MERGED,
        "9a5f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c1e",
        CREATED,
        office.merger.principal,
        office.merger.fingerprint,
        "minecheck 0.1.0",
    )
    stated = changes.get("consolidated", consolidate(findings_leaves(verdicts)))
    return seal(merged_body(header, sources, stated), office.merger.signer, NAMESPACE_MERGED)


def reseal(office: Office, data: bytes, edit: Any) -> bytes:
    """The merger signs again a merged body it edited (a dishonest merger)."""
    body = data[: data.rindex(b"[signature]\n")]
    return seal(edit(body), office.merger.signer, NAMESPACE_MERGED)


def two_inspectors(office: Office) -> tuple[bytes, bytes]:
    # Wang did not check methane-return, Li found it compliant: compliant, not inconsistent
    wang = findings(office.wang, ["noncompliant", "compliant", "not-checked"])
    li = findings(office.li, ["compliant", "compliant", "compliant"])
    return wang, li


# -- one recipe for every kind of file ----------------------------------------------------------


def test_the_recipes_check_every_kind_of_signed_file(cli: Any, office: Office) -> None:
    wang, li = two_inspectors(office)
    files = {
        "findings.toml": wang,
        "followup.toml": followup(office.zhao, f"{INSPECTION}/gas-check-genuine"),
        "merged.toml": merged(office, [wang, li]),
    }
    for name, data in files.items():
        (office.work / name).write_bytes(data)
        run = office.check(name)
        assert (run.returncode, office.verify(cli, name)) == (0, 0), run.stdout + run.stderr
        namespace = "minecheck-merged-v1" if name == "merged.toml" else "minecheck-findings-v1"
        assert run.stdout.startswith(f'Good "{namespace}" signature for ')
        assert office.readme(data).returncode == 0


def test_who_signed_and_in_which_namespace(office: Office) -> None:
    """security.md's find-principals and check-novalidate lines, on f.sig and f.body as the
    recipe leaves them."""
    wang, li = two_inspectors(office)
    (office.work / "merged.toml").write_bytes(merged(office, [wang, li]))
    assert office.check("merged.toml").returncode == 0
    run = office.sh(published()["who.sh"])
    assert run.returncode != 0  # the documented line names the findings namespace...
    assert "namespace does not match" in run.stderr  # ...and says so for a merged document
    merged_who = published()["who.sh"].replace("-n minecheck-findings-v1", "-n minecheck-merged-v1")
    run = office.sh(merged_who)
    fingerprint = office.merger.fingerprint
    assert run.returncode == 0, run.stderr
    assert run.stdout == (
        f"{office.merger.principal}\n"
        f'Good "minecheck-merged-v1" signature with ED25519 key {fingerprint}\n'
    )
    (office.work / "findings.toml").write_bytes(wang)
    assert office.check("findings.toml").returncode == 0
    run = office.sh(published()["who.sh"])
    assert run.stdout.splitlines() == [
        office.wang.principal,
        f'Good "minecheck-findings-v1" signature with ED25519 key {office.wang.fingerprint}',
    ]


def test_a_signature_by_another_key_of_the_same_signer_is_refused(
    cli: Any, office: Office, tmp_path: Path
) -> None:
    """Wang has two trusted keys (a rotation): a body naming one and signed by the other is not
    what it says. minecheck calls it malformed; every published recipe refuses it too."""
    second = person(tmp_path / "keys", "wang2")
    line = f"{office.wang.principal} {' '.join(_pub(second).split()[:2])}\n"
    office.write_trust(extra=line)
    wang, _ = two_inspectors(office)
    body = wang[: wang.rindex(b"[signature]\n")]
    forged = seal(body, second.signer, NAMESPACE_FINDINGS)
    (office.work / "forged.toml").write_bytes(forged)
    run = office.check("forged.toml")
    assert run.returncode == 1, run.stdout + run.stderr
    assert run.stdout.endswith("REFUSE: signer_key is not the signing key\n")
    assert office.readme(forged).returncode == 1
    assert office.verify(cli, "forged.toml") == 1
    guide = (REPO / "docs" / "guide-keys-and-trust.md").read_text(encoding="utf-8")
    script = guide.split("cat > check-signature.sh <<'EOF'\n", 1)[1].split("\nEOF\n", 1)[0]
    (office.work / "check-signature.sh").write_text(script + "\n", encoding="utf-8")
    run = subprocess.run(
        ["sh", "check-signature.sh", "forged.toml", "allowed_signers", "revoked_keys"],
        cwd=office.work,
        capture_output=True,
        text=True,
        check=False,
        env=STOCK_ENV,
    )
    assert (run.returncode, run.stderr) == (1, "forged.toml: signer_key is not the signing key\n")


def test_a_merged_body_signed_as_findings_is_refused(cli: Any, office: Office) -> None:
    wang, li = two_inspectors(office)
    good = merged(office, [wang, li])
    body = good[: good.rindex(b"[signature]\n")]
    swapped = seal(body, office.merger.signer, NAMESPACE_FINDINGS)
    (office.work / "swapped.toml").write_bytes(swapped)
    assert office.check("swapped.toml").returncode != 0
    assert office.readme(swapped).returncode != 0
    assert office.verify(cli, "swapped.toml") == 1


# -- the sources of a merged document ------------------------------------------------------------


def test_the_sources_are_written_byte_for_byte_and_checked(cli: Any, office: Office) -> None:
    wang, li = two_inspectors(office)
    inner = merged(office, [wang, li])
    other = findings(
        office.zhao, ["compliant"] * 3, inspection_id="7c2d9e4f-1a3b-4c5d-8e6f-0a1b2c3d4e5f"
    )
    outer = merged(office, [inner, other, followup(office.zhao, f"{INSPECTION}/gas-check-genuine")])
    run = office.audit_merged(outer)
    assert run.returncode == 0, run.stdout + run.stderr
    written = (office.work / "sources.txt").read_text(encoding="utf-8").split()
    assert len(written) == 5  # three sources, and the two inside the merged one
    contents = {(office.work / p).read_bytes() for p in written}
    assert {inner, other, wang, li} <= contents
    assert run.stdout.count("Good ") == 6  # the outer document and every source
    (office.work / "joint.toml").write_bytes(outer)
    assert office.verify(cli, "joint.toml") == 0
    # `minecheck extract` writes the same bytes for the outer level
    out = office.work / "extracted"
    out.mkdir()
    assert cli(["extract", str(office.work / "joint.toml"), "-o", str(out)]).exit_code == 0
    assert {p.read_bytes() for p in out.iterdir()} == {
        (office.work / p).read_bytes() for p in written if p.count(".") == 2
    }
    # the not-checked rule, as formats.md states it
    assert b'item = "methane-return"\nresult = "compliant"' in inner


def forge(office: Office, forgery: str, sources: list[bytes]) -> bytes:
    """A merged document of `sources`, forged as named (by a dishonest merger, who signs again)."""
    good = merged(office, sources)
    first = sources[0]
    if forgery == "source-edited":  # a source changed inside the merged file
        return reseal(office, good, lambda b: b.replace(b'\\"routine\\"', b'\\"special\\"', 1))
    if forgery == "source-edited-sha-updated":  # the same, with its sha256 updated to match
        store = store_for(office.wang, office.li)
        stated = consolidate(findings_leaves([examine(first, "s", store)]))
        edited = first.replace(b'"routine"', b'"special"', 1)
        return merged(office, [edited], consolidated=stated)
    if forgery == "consolidated-forged":  # the disagreement stated away
        stated = tuple(
            dataclasses.replace(c, result="compliant") if c.result == "inconsistent" else c
            for c in consolidate(
                findings_leaves(
                    [examine(s, "s", store_for(office.wang, office.li)) for s in sources]
                )
            )
        )
        return merged(office, sources, consolidated=stated)
    if forgery == "source-count":
        return reseal(
            office, good, lambda b: b.replace(b"source_count = 2\n", b"source_count = 1\n")
        )
    if forgery == "source-repeated":
        return reseal(
            office,
            good,
            lambda b: (
                b.replace(b"source_count = 2\n", b"source_count = 3\n")
                + b[b.rindex(b"[[source]]") :]
            ),
        )
    if forgery == "merged-before-a-source":  # dated a day before the sources it holds
        return reseal(
            office,
            good,
            lambda b: b.replace(
                b"\ncreated = 2026-11-29T08:15:00Z\n", b"\ncreated = 2026-11-28T08:15:00Z\n", 1
            ),
        )
    if forgery == "merger-signature-swapped":  # the trailer of another merged document
        other = merged(office, sources[:1])
        return good[: good.rindex(b"[signature]\n")] + other[other.rindex(b"[signature]\n") :]
    assert forgery in ("good", "source-revoked")
    return good


REFUSED_BY_SOURCES_PY = {
    "source-edited": r"REFUSE: joint: source \d: its sha256 does not match its bytes",
    "consolidated-forged": "REFUSE: joint: consolidated does not equal what the sources give",
    "source-count": "REFUSE: joint: source_count is not the number of sources",
    "source-repeated": "REFUSE: joint: the sources repeat or are not in sha256 order",
    "merged-before-a-source": (
        r"REFUSE: joint: source \d was signed after the merged file that holds it"
    ),
}


@pytest.mark.parametrize(
    "forgery",
    [
        *REFUSED_BY_SOURCES_PY,
        "source-edited-sha-updated",
        "merger-signature-swapped",
        "source-revoked",
        "good",
    ],
)
def test_a_forged_merged_file_is_refused_as_verify_refuses_it(
    cli: Any, office: Office, forgery: str
) -> None:
    wang, li = two_inspectors(office)
    sources = [wang] if forgery == "source-edited-sha-updated" else [wang, li]
    data = forge(office, forgery, sources)
    if forgery == "source-revoked":  # revoked since the merge
        office.write_trust(revoked=(office.wang,))
    run = office.audit_merged(data)
    verdict = office.verify(cli, "joint.toml")
    accepted = forgery == "good"
    assert (run.returncode == 0, verdict == 0) == (accepted, accepted), run.stdout + run.stderr
    if forgery in REFUSED_BY_SOURCES_PY:
        assert run.returncode == 1
        assert re.fullmatch(REFUSED_BY_SOURCES_PY[forgery] + "\n", run.stderr), run.stderr
    elif not accepted:  # what the merged file says holds; a signature fails check.sh
        assert "REFUSE" not in run.stdout + run.stderr
        assert run.stdout.endswith("Could not verify signature.\n"), run.stdout + run.stderr


# -- the summary's headline, counted again from an export ----------------------------------------
def _documented_headline_query() -> str:
    """The DuckDB query docs/formats.md gives for the summary's headline (over findings.csv)."""
    from tests.test_docs import format_examples

    return format_examples()["headline"]


@pytest.mark.parametrize("untrusted", [False, True], ids=["trusted", "include-untrusted"])
def test_the_documented_query_counts_the_headline_from_every_export(
    world: World,  # noqa: F811 (the fixture imported above)
    tmp_path: Path,
    untrusted: bool,
) -> None:
    """An auditor runs the query of docs/formats.md over each export and gets the summary's
    headline, every field of it: a measure added, renamed or counted differently fails here."""
    extra = ["--include-untrusted"] if untrusted else []
    # the archive, and a second inspection of Xinxing that finds a major again (repeat-major)
    archive = tmp_path / "archive"
    shutil.copytree(world.docs, archive)
    again = {"gas-overlimit": _nc("瓦斯超限作业", dt.date.today() + dt.timedelta(days=2))}
    world.ok(
        *(
            "inspect",
            "coal-major-hidden-dangers",
            "--site",
            "新兴煤矿",
            "--tag",
            "coal-underground",
        ),
        *("--answers", _answers(tmp_path / "again.json", again), "--allow-incomplete"),
        *("-o", str(archive / "again.toml"), "--key", str(world.home.parent / "keys" / "carol")),
        *("--signer", "carol@coal.example"),
    )
    headline = json.loads(
        world.ok("summary", str(archive), "--as-of", world.as_of, "--format", "json", *extra)
    )["headline"]
    assert set(headline) == set(MEASURES)
    table = world.ok("summary", str(archive), "--as-of", world.as_of, "--format", "csv", *extra)
    # (the stock against increment of majors follows: the export has no dates to count it from)
    assert [line.split(",")[: len(MEASURES)] for line in table.splitlines()] == [
        list(MEASURES),
        [str(headline[m]) for m in MEASURES],
    ]
    nonzero = {m for m in MEASURES if headline[m]}
    assert nonzero >= {"hidden_dangers", "open", "overdue", "closed", "inconsistent"}
    assert nonzero >= {"no_enforcement", "repeat_major", "overdue_majors"}
    assert ("untrusted" in nonzero) == untrusted
    query = _documented_headline_query()
    sources = {
        "csv": "read_csv('findings.csv')",
        "jsonl": "read_json_auto('findings.jsonl')",
        "parquet": "'findings.parquet'",
    }
    assert sources["csv"] in query
    told = (REPO / "docs" / "formats.md").read_text(encoding="utf-8")
    assert all(f"`FROM {source}`" in told for source in list(sources.values())[1:])
    for fmt, source in sources.items():
        out = tmp_path / f"findings.{fmt}"
        run = world.mc(
            "export",
            str(archive),
            "--as-of",
            world.as_of,
            "--format",
            fmt,
            "-o",
            str(out),
            *extra,
        )
        assert run.returncode == 0, run.stderr
        sql = query.replace(
            "read_csv('findings.csv')", source.replace("findings.", f"{tmp_path}/findings.")
        )
        cursor = duckdb.connect().execute(sql)
        names = [column[0] for column in cursor.description]
        assert dict(zip(names, cursor.fetchone() or (), strict=True)) == headline, fmt


def _told_types() -> dict[str, set[str]]:
    """The export's column types as formats.md states them in its "Types" paragraph."""
    text = (REPO / "docs" / "formats.md").read_text(encoding="utf-8")
    paragraph = " ".join(
        text.split("\nTypes, for a spreadsheet or a database: ", 1)[1].split("\n\n")[0].split()
    )

    def names(before: str) -> set[str]:
        part = paragraph.split(before, 1)[0]
        part = re.split(r"[;.] ", part)[-1]
        return set(re.findall(r"`([a-z_]+)`", part))

    return {
        "list": names(" are lists of text"),
        "date": names(" is a date"),
        "bool": names(" is a boolean"),
        "nullable": names(" leaves it empty in CSV"),
    }


def test_the_export_types_are_the_documented_ones(
    world: World,  # noqa: F811 (the fixture imported above)
    tmp_path: Path,
) -> None:
    """What formats.md says of each column's type holds in Parquet, JSONL and CSV."""
    import csv

    import pyarrow as pa
    import pyarrow.parquet as pq

    from minecheck.report.rows import EXPORT_COLUMNS

    told = _told_types()
    assert told["date"] == {"deadline"}
    assert told["bool"] == {"overdue"}
    files: dict[str, Path] = {}
    for fmt in ("parquet", "jsonl", "csv"):
        files[fmt] = tmp_path / f"findings.{fmt}"
        world.ok(
            "export",
            str(world.docs),
            "--as-of",
            world.as_of,
            "--format",
            fmt,
            "-o",
            str(files[fmt]),
        )
    schema = pq.read_schema(files["parquet"])
    assert schema.names == list(EXPORT_COLUMNS)
    kinds = {
        field.name: "list"
        if pa.types.is_list(field.type)
        else "date"
        if pa.types.is_date(field.type)
        else "bool"
        if pa.types.is_boolean(field.type)
        else "text"
        for field in schema
    }
    for kind in ("list", "date", "bool"):
        assert {name for name, k in kinds.items() if k == kind} == told[kind], kind
    assert {field.name for field in schema if field.nullable} == told["nullable"]
    rows: list[dict[str, Any]] = [
        json.loads(line) for line in files["jsonl"].read_text("utf-8").splitlines()
    ]
    seen_null = set()
    for row in rows:
        for name, value in row.items():
            if value is None:
                seen_null.add(name)
            elif kinds[name] == "list":
                assert isinstance(value, list)
                assert all(isinstance(v, str) for v in value), (name, value)
            else:
                assert isinstance(value, bool if kinds[name] == "bool" else str), (name, value)
            if kinds[name] == "date" and value is not None:
                assert dt.date.fromisoformat(str(value)).isoformat() == value
    assert seen_null <= told["nullable"]
    assert {"severity", "state", "deadline"} <= seen_null  # compliant rows have none
    with files["csv"].open(encoding="utf-8", newline="") as handle:
        table = list(csv.DictReader(handle))
    assert {row["overdue"] for row in table} == {"true", "false"}


# -- the header as the stock recipes read it ------------------------------------------------------

FOLLOWUP_BY_HAND = """\
[minecheck]
format = "minecheck.followup/1"

[[event]]
finding = "0b7e4c1a-2d3f-4a5b-8c6d-7e8f9a0b1c2d/gas-check-genuine"
action = "rectified"
at = 2026-12-01T00:18:00Z
note = \"\"\"
Copied from the enterprise's form:
format = "minecheck.merged/1"
signer = "li.na@hlj.example"
created = 2020-01-01T00:00:00Z
\"\"\"
"""


def _every_recipe(work: Path, name: str) -> dict[str, subprocess.CompletedProcess[str]]:
    """security.md's check.sh, the README's recipe and the keys guide's script, on one file."""
    scripts = published()
    guide = (REPO / "docs" / "guide-keys-and-trust.md").read_text(encoding="utf-8")
    script = guide.split("cat > check-signature.sh <<'EOF'\n", 1)[1].split("\nEOF\n", 1)[0]
    shutil.copy(work / name, work / "f.toml")

    def sh(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["sh", "-c", *args],
            cwd=work,
            capture_output=True,
            text=True,
            check=False,
            env=STOCK_ENV,
            timeout=60,
        )

    return {
        "security.md": sh(scripts["check.sh"], "sh", name),
        "README.md": sh(scripts["readme"]),
        "guide": sh(script, "sh", name, "allowed_signers", "revoked_keys"),
    }


def test_lines_like_the_header_further_down_do_not_mislead_the_recipes(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A follow-up written by hand, whose note quotes lines that read like a header, is signed and
    trusted; every recipe reads the header's own lines and agrees (each used to read the note's
    `created`, or its `format`, and refuse)."""
    from minecheck.paths import allowed_signers_file

    monkeypatch.chdir(tmp_path)
    made = cli(["keys", "generate", "--principal", "zhao.lei@xinxing.example", "--trust"])
    assert made.exit_code == 0, made.stderr
    Path("hand.toml").write_text(FOLLOWUP_BY_HAND, encoding="utf-8")
    assert cli(["sign", "hand.toml"]).exit_code == 0
    assert cli(["verify", "hand.toml"]).exit_code == 0
    work = tmp_path / "work"
    work.mkdir()
    shutil.copy("hand.toml", work)
    shutil.copy(allowed_signers_file(), work / "allowed_signers")
    (work / "revoked_keys").write_text("", encoding="utf-8")
    for recipe, run in _every_recipe(work, "hand.toml").items():
        assert run.returncode == 0, (recipe, run.stdout, run.stderr)
        assert run.stdout.startswith(
            'Good "minecheck-findings-v1" signature for zhao.lei@xinxing.example '
        ), recipe


HEADERS_MISREAD = {
    # a multi-line tool holding a created line before the real one
    "multi-line": 'tool = """minecheck\ncreated = 2020-01-01T00:00:00Z\n"""\n',
    "no-spaces": 'signer="zhao.lei@xinxing.example"\n',
    "comment": 'tool = "minecheck" # by hand\n',
    "signer-in-single-quotes": "signer = 'zhao.lei@xinxing.example'\n",
    "created-with-a-space": "created = 2026-12-01 00:18:00Z\n",
    "after-a-blank-line": '\ntool = """\ncreated = 2020-01-01T00:00:00Z"""\n',
}


@pytest.mark.parametrize("case", HEADERS_MISREAD)
def test_sign_refuses_a_header_the_recipes_would_misread(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli(["keys", "generate", "--principal", "zhao.lei@xinxing.example"]).exit_code == 0
    head = '[minecheck]\nformat = "minecheck.followup/1"\n'
    text = head + HEADERS_MISREAD[case] + FOLLOWUP_BY_HAND.split("\n\n", 1)[1]
    Path("hand.toml").write_text(text, encoding="utf-8")
    run = cli(["sign", "hand.toml"])
    line = 4 if case == "after-a-blank-line" else 3
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == (
        f"hand.toml:{line}:1: this line of the [minecheck] table is not written as minecheck "
        "writes it (one key = value on its line, no comment; signer and signer_key in double "
        "quotes, created as 2026-12-01T08:15:00Z), which would mislead the stock sed/ssh-keygen "
        "check\n"
        "minecheck: error: hand.toml is not a valid minecheck document\n"
    )
    assert Path("hand.toml").read_text(encoding="utf-8") == text  # left as it was


def test_verify_calls_a_header_the_recipes_would_misread_malformed(
    cli: Any, office: Office
) -> None:
    """Signed by other software (minecheck will not sign it): the stock recipe would judge the
    key at 2026-01-01, a time the body states only inside a string; minecheck refuses the file."""
    from minecheck.core.sshsig import sign as sshsig_sign

    wang, _ = two_inspectors(office)
    body = wang[: wang.rindex(b"[signature]\n")]
    # the stock recipe would read this created, stated only inside the tool string
    fake = b'tool = """\ncreated = 2026-01-01T00:00:00Z"""\n'
    body = body.replace(b'tool = "minecheck 0.1.0"\n', fake, 1)
    armored = sshsig_sign(office.wang.signer, body, NAMESPACE_FINDINGS)
    data = body + b"[signature]\nsshsig = '''\n" + armored.encode() + b"'''\n"
    (office.work / "odd.toml").write_bytes(data)
    run = cli(
        [
            "verify",
            "--json",
            str(office.work / "odd.toml"),
            "--allowed-signers",
            str(office.work / "allowed_signers"),
            "--revoked-keys",
            str(office.work / "revoked_keys"),
        ]
    )
    (found,) = run.json()["data"]["files"]
    assert (run.exit_code, found["status"]) == (1, "malformed")
    assert found["detail"].startswith("line 7 of the [minecheck] table is not written as")


def test_the_signed_examples_of_formats_md_pass_the_stock_recipe(tmp_path: Path) -> None:
    from tests.test_docs import format_examples

    examples = format_examples()
    (tmp_path / "allowed_signers").write_text(examples["allowed_signers"], encoding="utf-8")
    (tmp_path / "revoked_keys").write_text("", encoding="utf-8")
    for name in ("findings", "findings-second", "followup"):
        (tmp_path / f"{name}.toml").write_text(examples[name], encoding="utf-8")
        run = subprocess.run(
            ["sh", "-c", published()["check.sh"], "sh", f"{name}.toml"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=False,
            env=STOCK_ENV,
            timeout=60,
        )
        assert run.returncode == 0, (name, run.stdout, run.stderr)
        assert run.stdout.startswith('Good "minecheck-findings-v1" signature for ')


def test_the_evidence_script_finds_what_verify_evidence_finds(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """security.md's evidence.py, with the standard library alone, against `verify --evidence`."""
    text = (REPO / "docs" / "security.md").read_text(encoding="utf-8")
    section = text.split("## Evidence: `verify --evidence`", 1)[1].split("\n## ", 1)[0]
    (script,) = re.findall(r"^```python\n(.*?)^```$", section, flags=re.M | re.S)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "evidence.py").write_text(script, encoding="utf-8")
    assert (
        cli(["keys", "generate", "--principal", "wang.wei@hlj.example", "--trust"]).exit_code == 0
    )
    (tmp_path / "ev").mkdir()
    Path("ev/board.jpg").write_bytes(b"\xff\xd8 the board")
    Path("ev/reading.jpg").write_bytes(b"\xff\xd8 the detector")
    answers = (
        '[answers]\n"gas-check-genuine" = { result = "compliant", evidence = ["ev/board.jpg"] }\n'
        '"methane-return" = { reading = 0.2, evidence = ["ev/reading.jpg"] }\n'
    )
    checklist = str(REPO / "tests" / "data" / "checklists" / "valid" / "mini-check.toml")
    made = cli(
        ["inspect", checklist, "--site", "Mine A", "--answers", "-", "-o", "f.toml"], answers
    )
    assert made.exit_code == 0, made.stderr

    def audit() -> tuple[int, str]:
        run = subprocess.run(
            [PYTHON, "evidence.py", "f.toml"],
            capture_output=True,
            text=True,
            check=False,
            env=STOCK_ENV,
            timeout=60,
        )
        return run.returncode, run.stdout + run.stderr

    assert audit() == (0, "")
    assert cli(["verify", "--evidence", "f.toml"]).exit_code == 0
    Path("ev/board.jpg").write_bytes(b"\xff\xd8 the board, edited")
    Path("ev/reading.jpg").unlink()
    assert audit() == (
        1,
        "f.toml: evidence-changed: ev/board.jpg\nf.toml: evidence-missing: ev/reading.jpg\n",
    )
    assert cli(["verify", "--evidence", "f.toml"]).exit_code == 1
    Path("ev/board.jpg").write_bytes(b"\xff\xd8 the BOARD")  # the same size, other bytes
    Path("ev/reading.jpg").write_bytes(b"\xff\xd8 the detector")
    assert audit() == (1, "f.toml: evidence-changed: ev/board.jpg\n")
    assert cli(["verify", "--evidence", "f.toml"]).exit_code == 1
    # a link out of the folder to a copy with the right bytes: not read, missing
    store = tmp_path.parent / f"{tmp_path.name}-store"
    store.mkdir()
    (store / "reading.jpg").write_bytes(b"\xff\xd8 the detector")
    Path("ev/board.jpg").write_bytes(b"\xff\xd8 the board")
    Path("ev/reading.jpg").unlink()
    Path("ev/reading.jpg").symlink_to(store / "reading.jpg")
    assert audit() == (1, "f.toml: evidence-missing: ev/reading.jpg\n")
    assert cli(["verify", "--evidence", "f.toml"]).exit_code == 1


def _together_scripts() -> tuple[str, list[str]]:
    text = (REPO / "docs" / "security.md").read_text(encoding="utf-8")
    section = text.split("### Files taken together", 1)[1].split("\n## ", 1)[0]
    (script,) = re.findall(r"^```python\n(.*?)^```$", section, flags=re.M | re.S)
    (sql,) = re.findall(r"^```sql\n(.*?)^```$", section, flags=re.M | re.S)
    return script, [q for q in sql.split(";") if q.strip()]


def test_copies_and_reused_ids_show_across_files_as_minecheck_says(
    cli: Any, office: Office
) -> None:
    """security.md's documents.py and its two queries find the document signed twice with two
    contents and the inspection id used again at another mine; a plain copy is neither."""
    wang, li = two_inspectors(office)
    work = office.work
    (work / "wang.toml").write_bytes(wang)
    (work / "li.toml").write_bytes(li)
    (work / "copy-of-wang.toml").write_bytes(wang)  # a copy under another name
    # Wang signs his document again, with the same id and an answer changed
    again = findings(office.wang, ["noncompliant", "compliant", "not-checked"], description="new")
    assert again != wang
    (work / "wang-again.toml").write_bytes(again)
    # Zhao files at another mine under the joint inspection's id
    other = findings(office.zhao, ["compliant"] * 3, site="Dongshan", site_id="HLJ-0002")
    (work / "zhao.toml").write_bytes(other)
    (work / "joint.toml").write_bytes(merged(office, [wang, li]))
    script, queries = _together_scripts()
    (work / "documents.py").write_text(script, encoding="utf-8")
    names = sorted(p.name for p in work.glob("*.toml"))
    listed = subprocess.run(
        [PYTHON, "documents.py", *names],
        cwd=work,
        capture_output=True,
        check=True,
        env=STOCK_ENV,
        timeout=60,
    )
    (work / "documents.csv").write_bytes(listed.stdout)
    assert listed.stdout.decode().count("\n") == 1 + len(names) + 2  # the merged file's sources
    con = duckdb.connect()
    with contextlib.chdir(work):
        two_contents = con.execute(queries[0]).fetchall()
        two_sites = con.execute(queries[1]).fetchall()
    inside = 1 if hashlib.sha256(wang).hexdigest() < hashlib.sha256(li).hexdigest() else 2
    assert [sorted(files) for *_, files in two_contents] == [
        ["copy-of-wang.toml", f"joint.toml#{inside}", "wang-again.toml", "wang.toml"]
    ]
    assert [(inspection, sorted(sites)) for inspection, sites in two_sites] == [
        (INSPECTION, ["HLJ-0001", "HLJ-0002"])
    ]
    # minecheck says the same of the same files
    run = cli(
        [
            "summary",
            "--format",
            "json",
            "--allowed-signers",
            str(work / "allowed_signers"),
            "--revoked-keys",
            str(work / "revoked_keys"),
            *(str(work / n) for n in names),
        ]
    )
    assert run.exit_code == 0, run.stderr
    said = [line.replace(f"{work}/", "") for line in run.stderr.splitlines()]
    assert any(
        f"inspection {INSPECTION}: its documents name different sites" in line for line in said
    ), said
    assert any(
        line.startswith("minecheck: warning: wang-again.toml: document ")
        and line.endswith("with different content; both are left out")
        for line in said
    ), said
