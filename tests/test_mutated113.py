"""Mutation round 113: what the mutants of `separate-inspections` (merge's key and groups, the
reports' spill and stream), of the joiners a spelling needs, of `findings-unverified`, of the
first walk's key and of an events file's placed warnings showed untested."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest

from minecheck.core.documents import Finding
from tests import test_loose_ends22 as loose22
from tests.helpers_merge import (
    CREATED,
    INSPECTION,
    Who,
    allowed_signers,
    findings,
    findings_of,
    make_merged,
    store_for,
)
from tests.test_coordinator2 import ALICE, BOB, OTHER, THIRD, merge, people
from tests.test_expert_panel import REF, panel
from tests.test_loose_ends19 import _archive

__all__ = ["merge", "panel", "people"]  # fixtures

NONE = ["compliant", "compliant", "compliant"]
FOURTH = "6e8f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c1e"
OTHER_LIST = ("noncoal-underground", "2024.1", "1" * 64)
DANGER = Finding("gas-check-genuine", "noncompliant", severity="major", basis=("CMHD-5.2",))
ADVICE = (
    "as a hidden danger, each counted apart in reports (its majors flagged repeat-major); if "
    "they were one joint inspection, its inspectors give it one id (inspect --inspection-id)"
)


def _said(site: str, *inspections: str, items: str = "gas-check-genuine") -> str:
    """merge's `separate-inspections` line in English (the day the helpers' files are made)."""
    return (
        f"{site}: {len(inspections)} inspections on 2026-11-29 ({'; '.join(inspections)}) "
        f"record {items} {ADVICE}"
    )


def _reported(tmp_path: Path, people: dict[str, Who], files: dict[str, bytes]) -> Any:
    """The files in a folder of their own, and the arguments of a report of it (each signer
    trusted)."""
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, data in files.items():
        (docs / name).write_bytes(data)
    allowed = allowed_signers(tmp_path / "allowed_signers", *people.values())
    return docs, [str(docs), "--allowed-signers", str(allowed), "--as-of", "2026-12-31"]


def test_inspections_of_two_checklists_on_one_day_are_not_said(
    people: dict[str, Who], merge: Any
) -> None:
    """One mine, one day, the same item id recorded by a coal inspection and by one of another
    checklist: two checks, not one inspection made twice (`same_day_key` holds the checklist)."""
    bob = findings_of(
        people["bob"],
        (DANGER,),
        "6d7f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c1e",
        inspection_id=OTHER,
        checklist=OTHER_LIST,
    )
    run = merge({"alice.toml": findings(people["alice"], ALICE), "bob.toml": bob})
    assert (run.exit_code, run.stderr) == (0, "")


def test_a_site_named_as_another_mine_s_code_is_not_that_mine(
    people: dict[str, Who], merge: Any
) -> None:
    """A mine written without a code whose name is another mine's code: merge's sites check
    takes them apart (`sites_of`), and so does the warning (a name is never a code)."""
    bob = findings(people["bob"], BOB, inspection_id=OTHER, site_id=None, site="HLJ-0001")
    run = merge({"alice.toml": findings(people["alice"], ALICE), "bob.toml": bob})
    assert (run.exit_code, run.stderr) == (0, "")


def test_a_site_written_as_its_names_joined_is_the_coded_site(
    people: dict[str, Who], merge: Any
) -> None:
    """The coded mine is named in two languages (`Demo mine / 演示矿 (HLJ-0001)`, as the warning
    writes it); Bob wrote those names without the code: the coded site still."""
    coord = findings(
        people["coord"],
        NONE,
        inspection_id=THIRD,
        site="演示矿",
        when=CREATED + dt.timedelta(hours=1),
    )
    bob = findings(people["bob"], BOB, inspection_id=OTHER, site_id=None, site="Demo mine / 演示矿")
    files = {"alice.toml": findings(people["alice"], ALICE), "coord.toml": coord, "bob.toml": bob}
    run = merge(files)
    assert run.exit_code == 0
    assert (
        run.stderr
        == "minecheck: warning: "
        + _said(
            "Demo mine / 演示矿 (HLJ-0001)",
            f"{INSPECTION} by alice@coal.example",
            f"{OTHER} by bob@coal.example",
        )
        + "\n"
    )


@pytest.mark.parametrize(
    "command", [["summary"], ["export", "--rows", "events"]], ids=["summary", "events"]
)
def test_only_the_inspections_sharing_a_danger_are_named_at_the_first_of_their_paths(
    people: dict[str, Who], tmp_path: Path, cli: Any, command: list[str]
) -> None:
    """Three inspections of one mine on one day, the first (by path) recording no hidden danger:
    the two that share one are named, the line is said at the first of their paths, and the
    site is the whole group's (named in two languages by its inspections)."""
    third = findings(people["coord"], NONE, inspection_id=THIRD, site="演示矿")
    files = {
        "a.toml": third,
        "b.toml": findings(people["alice"], ALICE),
        "c.toml": findings(people["bob"], BOB, inspection_id=OTHER),
    }
    docs, args = _reported(tmp_path, people, files)
    for more in ([], ["--no-cache"]):
        run = cli([command[0], *args, *command[1:], *more])
        assert run.exit_code == 0
        assert (
            run.stderr
            == f"minecheck: warning: {docs / 'b.toml'}: "
            + _said(
                "Demo mine / 演示矿 (HLJ-0001)",
                f"{INSPECTION} by alice@coal.example",
                f"{OTHER} by bob@coal.example",
            )
            + "\n"
        )


JOINT_ZH = (
    "minecheck: warning: Demo mine（HLJ-0001）：2026-11-29 的 2 次检查"
    f"（{INSPECTION}：alice@coal.example、bob@coal.example；{OTHER}：coord@coal.example）"
    "都将 gas-check-genuine 记为隐患，"
)


def test_a_joint_inspection_beside_another_is_said_with_each_of_its_signers(
    people: dict[str, Who], merge: Any
) -> None:
    """Alice and Bob made one joint inspection (one id), only Alice recording the danger; the
    coordinator made another that day recording it too. The joint inspection's dangers are
    each of its documents', and its signers are listed as the language lists."""
    files = {
        "alice.toml": findings(people["alice"], ALICE),
        "bob.toml": findings(people["bob"], NONE),
        "coord.toml": findings(people["coord"], BOB, inspection_id=OTHER),
    }
    run = merge(files, "--lang", "zh")
    assert run.exit_code == 0
    assert JOINT_ZH in run.stderr  # (after merge's line on the inconsistent finding)


@pytest.mark.parametrize("command", [["summary"], ["export", "--format", "csv"]], ids=["s", "e"])
def test_a_file_fetched_for_the_warning_is_not_read_again_without_a_cache(
    people: dict[str, Who],
    tmp_path: Path,
    cli: Any,
    monkeypatch: pytest.MonkeyPatch,
    command: list[str],
) -> None:
    """With `--no-cache`, the value of a file fetched for `separate-inspections` (a merged file
    of the two inspections, which pass 2 fetches too: not one lone document) is kept for pass 2
    (`fetch_again`): no file is read a second time."""
    from minecheck.report import stream_files

    sources = [findings(people["alice"], ALICE), findings(people["bob"], BOB, inspection_id=OTHER)]
    merged = make_merged(people["coord"], sources, store_for(*people.values()))
    docs, args = _reported(tmp_path, people, {"merged.toml": merged})
    again: list[str] = []
    real = stream_files._read_again

    def counted(digest: bytes, path: str) -> Any:
        again.append(path)
        return real(digest, path)

    monkeypatch.setattr(stream_files, "_read_again", counted)
    run = cli([command[0], *args, *command[1:], "--no-cache"])
    assert run.exit_code == 0
    assert run.stderr.startswith(f"minecheck: warning: {docs / 'merged.toml'}#1: Demo mine")
    assert again == []


def test_nothing_is_fetched_for_the_warning_where_no_day_has_two_inspections(
    people: dict[str, Who], tmp_path: Path, cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A joint inspection (two documents, one id) and, beside it, inspections of the same mine
    the next day, of another mine that day and of another checklist that day: no site,
    checklist and day holds two inspection ids, so the spill's query gives no document and
    nothing is fetched for `separate-inspections` (a fetch before pass 2's is `again`)."""
    from minecheck.report import consolidate, stream_files

    coord = people["coord"]
    files = {
        "alice.toml": findings(people["alice"], ALICE),
        "bob.toml": findings(people["bob"], BOB),
        "next-day.toml": findings(
            coord, ALICE, inspection_id=OTHER, when=CREATED + dt.timedelta(days=1)
        ),
        "other-mine.toml": findings(
            coord, ALICE, inspection_id=THIRD, site_id="HLJ-0002", site="Other mine"
        ),
        "other-list.toml": findings_of(
            coord,
            (DANGER,),
            "6d7f7c9e-1b2d-4e6f-8a0c-2d4f6b8a0c1e",
            inspection_id=FOURTH,
            checklist=OTHER_LIST,
        ),
    }
    _, args = _reported(tmp_path, people, files)
    before: list[str] = []
    real = stream_files._fetch

    def counted(values: Any, kept: Any, keys: Any, *, again: bool = False) -> Any:
        if again:
            before.extend(path for _, path in keys)
        return real(values, kept, keys, again=again)

    monkeypatch.setattr(stream_files, "_fetch", counted)
    for more in ([], ["--no-cache"]):
        run = cli(["summary", *args, *more])
        assert (run.exit_code, before) == (0, [])
    # `export --rows events` reads through `load_corpus`: none of its documents is looked at
    real_doc = consolidate.same_day_doc

    def looked_at(doc: Any) -> Any:
        before.append("looked at")
        return real_doc(doc)

    monkeypatch.setattr(consolidate, "same_day_doc", looked_at)
    run = cli(["export", *args, "--rows", "events"])
    assert (run.exit_code, before) == (0, [])


# joiners a spelling needs with marks beside them (UAX #31: a letter's marks before its virama,
# marks of a combining class between the virama and the joiner, transparent marks either side
# of a non-joiner)
JOINED_BESIDE_MARKS = {
    "a nukta before the virama": "क\u093c\u094d\u200dष",
    "an udatta between the virama and the joiner": "क\u094d\u0951\u200dष",
    "a kasra before the non-joiner": "علی\u0650\u200cرضا",
    "a kasra after the non-joiner": "علی\u200c\u0650رضا",
}
# a virama after a digit of its script: no letter takes a half form there
SPOOFED_AFTER_A_DIGIT = "\u0967\u094d\u200dष"


@pytest.mark.parametrize("where", sorted(JOINED_BESIDE_MARKS))
def test_a_joiner_a_spelling_needs_beside_marks_is_taken_and_shown(where: str) -> None:
    """Such a name is signed, and shown as written, by the one rule (`joiners_needed`)."""
    from minecheck.core.sanitize import for_terminal, unfit_name

    name = JOINED_BESIDE_MARKS[where]
    assert not unfit_name(name)
    assert for_terminal(name) == name
    assert for_terminal(f"{name} 煤矿") == f"{name} 煤矿"


def test_a_joiner_after_a_digit_s_virama_is_refused_and_shown_escaped() -> None:
    from minecheck.core.sanitize import for_terminal, unfit_name

    assert unfit_name(SPOOFED_AFTER_A_DIGIT)
    assert for_terminal(SPOOFED_AFTER_A_DIGIT) == "\u0967\u094d\\u200dष"


def test_groups_whose_documents_come_in_turn_are_each_said(
    people: dict[str, Who], tmp_path: Path, cli: Any
) -> None:
    """Two days of separate inspections at one mine, their files' names taking the days in
    turn (read in that order): the spill gives a day's documents together, and each day is
    said."""
    later = CREATED + dt.timedelta(days=1)
    files = {
        "a.toml": findings(people["alice"], ALICE),
        "b.toml": findings(people["coord"], ALICE, inspection_id=THIRD, when=later),
        "c.toml": findings(people["bob"], BOB, inspection_id=OTHER),
        "d.toml": findings(people["alice"], BOB, inspection_id=FOURTH, when=later),
    }
    docs, args = _reported(tmp_path, people, files)
    second = _said(
        "Demo mine (HLJ-0001)", f"{THIRD} by coord@coal.example", f"{FOURTH} by alice@coal.example"
    ).replace("2026-11-29", "2026-11-30")
    for more in ([], ["--no-cache"]):
        run = cli(["summary", *args, *more])
        assert run.exit_code == 0
        assert run.stderr == (
            f"minecheck: warning: {docs / 'a.toml'}: "
            + _said(
                "Demo mine (HLJ-0001)",
                f"{INSPECTION} by alice@coal.example",
                f"{OTHER} by bob@coal.example",
            )
            + f"\nminecheck: warning: {docs / 'b.toml'}: {second}\n"
        )


def _unsigned(path: Path) -> None:
    """The file's signature cut off: a findings document whose body is read (it names its
    inspection), not signed."""
    data = path.read_bytes()
    path.write_bytes(data[: data.index(b"-----BEGIN SSH SIGNATURE-----")])


def _not_toml(path: Path) -> None:
    """Signed, then made no TOML: its inspections cannot be read, only its bytes."""
    path.write_bytes(path.read_bytes().replace(b"[", b"{", 1))


NOWHERE = "0f0f0f0f/gas-overlimit"  # a prefix no file holds
OTHER_REF = "9c1d2e3f-4a5b-4c6d-8e7f-0a1b2c3d4e5f"  # (test_loose_ends19's other inspection)


@pytest.mark.parametrize("broken", [_unsigned, _not_toml], ids=["unsigned", "not-toml"])
@pytest.mark.parametrize("ref", [loose22.SHORT, NOWHERE], ids=["found", "held-nowhere"])
def test_a_file_that_fails_to_verify_holding_only_another_inspection_is_not_told(
    cli: Any,
    panel: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
    broken: Any,
    ref: str,
) -> None:
    """At an archive's top (where every findings file is read), a file that fails to verify
    holds only an inspection the prefix does not start (read from its body, or from its
    bytes): whether the prefix finds the sound findings below or is held nowhere, the file is
    not said."""
    records = _archive(cli, panel)
    (records / "findings" / "other.toml").rename(records / "other.toml")
    broken(records / "other.toml")
    monkeypatch.chdir(records)
    run = loose22._accept(cli, panel, ref, "-o", "a.toml")
    if ref == NOWHERE:
        assert run.exit_code == 2
        assert run.stderr.startswith("no findings file here holds inspection '0f0f0f0f'\n")
    else:
        assert (run.exit_code, run.stdout, run.stderr) == (0, "a.toml\n", "")


def test_a_changed_copy_whose_text_holds_the_prefix_alone_is_not_told(
    cli: Any, panel: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A changed copy of the findings found whose site's name holds the prefix typed (not an
    inspection id): its bytes spell no other inspection the prefix starts."""
    records = _archive(cli, panel)
    copy = records / "findings" / "copy.toml"
    data = (records / loose22.FILED).read_bytes()
    copy.write_bytes(data.replace(b"Demo mine", b"Demo mine " + REF[:8].encode()))
    monkeypatch.chdir(records)
    run = loose22._accept(cli, panel, loose22.SHORT, "-o", "a.toml")
    assert (run.exit_code, run.stdout, run.stderr) == (0, "a.toml\n", "")


def test_the_hint_at_a_file_that_fails_to_verify_quotes_its_name(
    cli: Any, panel: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file's name holds a blank: the command of the hint is one a shell runs as shown."""
    records = _archive(cli, panel)
    name = "findings/other copy.toml"
    (records / "findings" / "other.toml").rename(records / name)
    _not_toml(records / name)
    monkeypatch.chdir(records)
    run = loose22._accept(cli, panel, NOWHERE.replace("0f0f0f0f", OTHER_REF[:8]), "-o", "a.toml")
    told = loose22._told("en", name, "malformed", OTHER_REF[:8])
    told[2] = f"    minecheck verify '{name}'"
    assert run.stderr.splitlines()[:3] == told


def test_a_folder_or_a_fifo_named_as_findings_is_not_told(
    cli: Any, panel: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder and a named pipe called `*.toml` at the archive's top are not read (the pipe
    never waited on) and are no findings file that failed to verify: a prefix held nowhere is
    refused with nothing said of them."""
    records = _archive(cli, panel)
    (records / "old.toml").mkdir()
    os.mkfifo(records / "pipe.toml")
    monkeypatch.chdir(records)
    run = loose22._accept(cli, panel, NOWHERE, "-o", "a.toml")
    assert run.exit_code == 2
    assert run.stderr.startswith("no findings file here holds inspection '0f0f0f0f'\n")


PRINCIPAL = "wang.wei@hlj.example"
REFUSED_KEY = {
    "public key left": (
        f"minecheck: error: {{home}}/keys/{PRINCIPAL}.pub already exists\n"
        "  hint: minecheck never overwrites a key: choose another path, or move the old key away\n"
    ),
    "keys a link to nothing": (
        "minecheck: error: {home}/keys is not a directory, and minecheck needs a directory there\n"
        "  hint: move it away, then run the command again; to move it:\n"
        "    mv {home}/keys {home}/keys.old\n"
    ),
    "home a file": (
        "minecheck: error: {home} is not a directory, and minecheck needs a directory there\n"
        "  hint: move it away, then run the command again; to move it:\n"
        "    mv {home} {home}.old\n"
    ),
}


def _in_the_way_of_a_key(home: Path, case: str) -> None:
    """What refuses a new key for PRINCIPAL, made under minecheck's home."""
    if case == "public key left":  # (the private key moved away, its .pub left)
        (home / "keys").mkdir(parents=True)
        (home / "keys" / f"{PRINCIPAL}.pub").write_text("ssh-ed25519 AAAA old\n")
    elif case == "home a file":  # (the keys folder's parent, not the keys folder, a file)
        home.parent.mkdir(parents=True, exist_ok=True)
        home.write_text("not a folder\n")
    elif case == "keys a link to nothing":  # (a share not mounted)
        home.mkdir(parents=True)
        (home / "keys").symlink_to(home / "share-not-mounted")


def test_keys_generate_refuses_a_principal_and_a_path_before_the_passphrase(
    cli: Any, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A principal that is none, and minecheck's folder named by bytes that are not UTF-8 (the
    key list keeps UTF-8 paths only), are refused before the passphrase is asked for."""
    from minecheck.cli import keys

    asked: list[str] = []

    def new_passphrase(*args: Any) -> None:
        asked.append("asked")

    monkeypatch.setattr(keys, "new_passphrase", new_passphrase)
    run = cli(["keys", "generate", "--principal", "Wang Wei"])
    assert (run.exit_code, run.stdout, asked) == (2, "", [])
    assert run.stderr.startswith("minecheck: error: ")
    monkeypatch.setenv("MINECHECK_HOME", os.fsdecode(os.fsencode(isolated_home) + b"\xff"))
    run = cli(["keys", "generate", "--principal", PRINCIPAL])
    assert (run.exit_code, run.stdout, asked) == (2, "", [])
    assert "the key list keeps UTF-8 paths only, and this one is not\n" in run.stderr


@pytest.mark.parametrize("case", sorted(REFUSED_KEY))
def test_keys_generate_is_refused_before_the_passphrase(
    cli: Any, isolated_home: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    """`keys generate` refuses what would refuse the new key before its passphrase is asked
    for (`keys.key_can_be_made`): a `.pub` of that name alone, and minecheck's folder above
    the keys folder a file. Nothing is made; the file there is left as it was."""
    from minecheck.cli import keys

    _in_the_way_of_a_key(isolated_home, case)
    asked: list[str] = []

    def new_passphrase(*args: Any) -> None:
        asked.append("asked")

    monkeypatch.setattr(keys, "new_passphrase", new_passphrase)
    before = {p: p.read_bytes() for p in isolated_home.parent.rglob("*") if p.is_file()}
    run = cli(["keys", "generate", "--principal", PRINCIPAL])
    assert (run.exit_code, run.stdout, asked) == (2, "", [])
    assert run.stderr == REFUSED_KEY[case].format(home=isolated_home)
    assert {p: p.read_bytes() for p in isolated_home.parent.rglob("*") if p.is_file()} == before
