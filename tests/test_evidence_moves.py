"""Evidence after the inspection folder has travelled: a Mac's decomposed names, a sync
client's composed ones, a FAT stick's letter case, links that lead out of the folder, and a
merged file whose sources' photos are elsewhere."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from tests.test_inspect_scripted import GAS, METHANE, Cli, answers, document, inspect, work

__all__ = ["work"]

CAFE_NFC = unicodedata.normalize("NFC", "café.jpg")
CAFE_NFD = unicodedata.normalize("NFD", "café.jpg")


def _inspect_with(cli: Cli, work: Path, *paths: str) -> Path:
    out = work / "f.toml"
    listed = ", ".join(f'"{p}"' for p in paths)
    text = answers(
        f'"{GAS}" = {{ result = "compliant", evidence = [{listed}] }}',
        f'"{METHANE}" = {{ reading = 0.2 }}',
    )
    run = inspect(cli, out, text)
    assert run.exit_code == 0, run.stderr
    return out


def test_a_name_is_recorded_composed_and_found_in_either_form(cli: Cli, work: Path) -> None:
    # the photo came from a Mac (decomposed), the inspector typed the name composed
    (work / "ev").mkdir()
    (work / "ev" / CAFE_NFD).write_bytes(b"\xff\xd8 the board")
    out = _inspect_with(cli, work, f"ev/{CAFE_NFC}")
    [recorded] = document(out)["finding"][0]["evidence"]
    assert recorded["path"] == f"ev/{CAFE_NFC}"  # one spelling, whatever the disk holds
    run = cli(["verify", "--evidence", str(out)])
    assert run.exit_code == 0, run.stdout + run.stderr

    # a sync client composes the name: still the same photo
    os.rename(work / "ev" / CAFE_NFD, work / "ev" / CAFE_NFC)
    run = cli(["verify", "--evidence", str(out)])
    assert run.exit_code == 0, run.stdout + run.stderr


def test_a_decomposed_name_typed_is_recorded_composed(cli: Cli, work: Path) -> None:
    (work / CAFE_NFD).write_bytes(b"photo")  # Tab completion gives the bytes on the disk
    out = _inspect_with(cli, work, CAFE_NFD)
    assert document(out)["finding"][0]["evidence"][0]["path"] == CAFE_NFC
    assert cli(["verify", "--evidence", str(out)]).exit_code == 0


def test_a_name_that_lost_its_case_is_named(cli: Cli, work: Path) -> None:
    (work / "ev").mkdir()
    (work / "ev" / "IMG_0001.JPG").write_bytes(b"photo")
    out = _inspect_with(cli, work, "ev/IMG_0001.JPG")
    os.rename(work / "ev" / "IMG_0001.JPG", work / "ev" / "img_0001.jpg")  # a FAT stick's 8.3
    run = cli(["verify", "--evidence", str(out)])
    assert run.exit_code == 1
    assert run.stdout.splitlines()[1:] == [
        f"{out}: evidence-missing: ev/IMG_0001.JPG: the file does not exist; "
        "ev/img_0001.jpg differs only in letter case (rename it as recorded)"
    ]


def test_a_link_out_of_the_folder_is_not_followed(cli: Cli, work: Path) -> None:
    (work / "ev").mkdir()
    photo = work / "ev" / "board.jpg"
    photo.write_bytes(b"photo")
    out = _inspect_with(cli, work, "ev/board.jpg")
    elsewhere = work.parent / f"{work.name}-store"
    elsewhere.mkdir()
    (elsewhere / "board.jpg").write_bytes(b"photo")  # the same bytes, outside the folder
    photo.unlink()
    photo.symlink_to(elsewhere / "board.jpg")
    run = cli(["verify", "--evidence", str(out)])
    assert run.exit_code == 1
    assert run.stdout.splitlines()[1:] == [
        f"{out}: evidence-missing: ev/board.jpg: a link to a place outside the document's "
        "directory is there; the file was not read (copy the file in)"
    ]
    # a directory linked out: the same
    photo.unlink()
    os.rename(work / "ev", work / "ev-old")
    (work / "ev").symlink_to(elsewhere)
    run = cli(["verify", "--evidence", str(out)])
    assert run.stdout.splitlines()[1:] == [
        f"{out}: evidence-missing: ev/board.jpg: a link to a place outside the document's "
        "directory is there; the file was not read (copy the file in)"
    ]
    # a link inside the folder is followed
    (work / "ev").unlink()
    (work / "ev").symlink_to(work / "ev-old")
    (work / "ev-old" / "board.jpg").write_bytes(b"photo")
    assert cli(["verify", "--evidence", str(out)]).exit_code == 0


def test_a_merged_file_says_its_sources_evidence_is_not_checked(cli: Cli, work: Path) -> None:
    (work / "ev").mkdir()
    (work / "ev" / "board.jpg").write_bytes(b"photo")
    out = _inspect_with(cli, work, "ev/board.jpg")
    merged = work / "office" / "m.toml"
    merged.parent.mkdir()
    assert cli(["merge", str(out), "-o", str(merged)]).exit_code == 0
    run = cli(["verify", "--evidence", str(merged)])
    assert run.exit_code == 0, run.stdout + run.stderr
    assert "evidence-" not in run.stdout
    assert (
        f"minecheck: warning: {merged}: the evidence of its sources (1 file) is recorded "
        "relative to the files they were merged from, not checked here; extract the sources "
        "next to their evidence and verify those"
    ) in run.stderr
    envelope = cli(["verify", "--evidence", "--json", str(merged)]).json()
    assert envelope["data"]["files"][0]["evidence_unchecked"] == 1
    assert [(p["code"], p["path"]) for p in envelope["problems"]] == [
        ("evidence-unchecked", str(merged))
    ]


def _refused(cli: Cli, work: Path, given: str) -> str:
    out = work / "f.toml"
    text = answers(
        f'"{GAS}" = {{ result = "compliant", evidence = [{given}] }}',
        f'"{METHANE}" = {{ reading = 0.2 }}',
    )
    run = inspect(cli, out, text)
    assert (run.exit_code, run.stdout, out.exists()) == (2, "", False), run.stderr
    return run.stderr.splitlines()[0]


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ('scan of "order" 1.pdf', '"'),
        ("12:30 fan.jpg", ":"),
        ("fan?.jpg", "?"),
        ("fan.jpg.", "it ends in a dot or a space"),
        ("fan.jpg ", "it ends in a dot or a space"),
        ("CON.jpg", "CON is a device name there"),
        ("lpt1", "LPT1 is a device name there"),
    ],
)
def test_a_name_windows_cannot_hold_is_refused_when_recorded(
    cli: Cli, work: Path, name: str, why: str
) -> None:
    (work / "ev").mkdir()
    (work / "ev" / name).write_bytes(b"photo")
    given = "'ev/" + name + "'"
    assert _refused(cli, work, given) == (
        f"<stdin>:2:1: {GAS}: evidence path ev/{name} cannot be a file name on "
        f"Windows ({why}); rename the file"
    )


def test_two_names_one_on_windows_and_macos_are_refused(cli: Cli, work: Path) -> None:
    (work / "ev").mkdir()
    (work / "ev" / "IMG_0001.JPG").write_bytes(b"first")
    (work / "ev" / "img_0001.jpg").write_bytes(b"second")
    assert _refused(cli, work, '"ev/IMG_0001.JPG"') == (
        f"<stdin>:2:1: {GAS}: evidence ev/IMG_0001.JPG: ev/img_0001.jpg beside it differs "
        "only in letter case or Unicode spelling; on Windows and macOS the two are one file: "
        "rename one"
    )
    (work / "ev" / "img_0001.jpg").unlink()
    (work / "ev" / CAFE_NFC).write_bytes(b"first")
    (work / "ev" / CAFE_NFD).write_bytes(b"second")
    assert _refused(cli, work, f'"ev/{CAFE_NFC}"') == (
        f"<stdin>:2:1: {GAS}: evidence ev/{CAFE_NFC}: ev/{CAFE_NFD} beside it differs "
        "only in letter case or Unicode spelling; on Windows and macOS the two are one file: "
        "rename one"
    )


def test_a_name_typed_in_another_case_is_named_when_recorded(cli: Cli, work: Path) -> None:
    (work / "ev").mkdir()
    (work / "ev" / "IMG_0001.JPG").write_bytes(b"photo")
    assert _refused(cli, work, '"ev/img_0001.jpg"') == (
        f"<stdin>:2:1: {GAS}: evidence file ev/img_0001.jpg does not exist; "
        "ev/IMG_0001.JPG differs only in letter case"
    )


def test_a_video_over_2_gib_is_refused_before_it_is_read(work: Path) -> None:
    from minecheck.session.rules import MAX_EVIDENCE_BYTES, AnswerError, evidence_resolver

    video = work / "shaft.mp4"
    with video.open("wb") as fh:  # sparse: no 2 GiB written
        fh.truncate(MAX_EVIDENCE_BYTES + 1)
    resolve = evidence_resolver(work, work)
    with pytest.raises(AnswerError) as refused:
        resolve("shaft.mp4")
    assert refused.value.said() == (
        f"evidence file shaft.mp4 is larger than 2 GiB ({MAX_EVIDENCE_BYTES + 1} bytes); "
        "record a shorter clip or a still of it"
    )


def test_a_file_of_the_limit_itself_is_taken(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from minecheck.session import rules

    monkeypatch.setattr(rules, "MAX_EVIDENCE_BYTES", 10)
    (work / "clip.mp4").write_bytes(b"x" * 10)
    assert rules.evidence_resolver(work, work)("clip.mp4").bytes == 10
    (work / "clip.mp4").write_bytes(b"x" * 11)
    with pytest.raises(rules.AnswerError):
        rules.evidence_resolver(work, work)("clip.mp4")


def test_a_photo_named_twice_is_recorded_once(cli: Cli, work: Path) -> None:
    (work / "ev").mkdir()
    (work / "ev" / "board.jpg").write_bytes(b"photo")
    (work / "ev" / "fan.jpg").write_bytes(b"fan")
    out = _inspect_with(cli, work, "ev/board.jpg", "ev/fan.jpg", "./ev/board.jpg")
    paths = [e["path"] for e in document(out)["finding"][0]["evidence"]]
    assert paths == ["ev/board.jpg", "ev/fan.jpg"]


def test_a_folder_of_photos_is_listed_once_not_once_per_photo(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every photo renamed (a FAT stick's lower case): each lookup listed the folder again, and
    4,000 photos took 42 s to verify, 55 s to record."""
    import hashlib

    from minecheck.core import evidence
    from minecheck.core.documents import Evidence
    from minecheck.session.rules import evidence_resolver

    (tmp_path / "ev").mkdir()
    names = [f"IMG_{i:04d}.JPG" for i in range(200)]
    for name in names:
        (tmp_path / "ev" / name).write_bytes(name.encode())
    listed: list[str] = []
    real = os.listdir

    def counted(path: Any) -> list[str]:
        listed.append(os.fspath(path))
        return real(path)

    monkeypatch.setattr(os, "listdir", counted)
    resolve = evidence_resolver(tmp_path, tmp_path)
    recorded = [resolve(f"ev/{name}") for name in names]
    assert len(listed) <= 4, listed  # the document's directory and ev/, once each
    for name in names:
        os.rename(tmp_path / "ev" / name, tmp_path / "ev" / name.lower())
    listed.clear()
    checks = [evidence.check_file(tmp_path, entry) for entry in recorded]
    assert all(c is not None and "differs only in letter case" in c.detail for c in checks)
    assert len(listed) <= 4, listed
    digest = hashlib.sha256(b"IMG_0000.JPG").hexdigest()
    assert recorded[0] == Evidence("ev/IMG_0000.JPG", digest, 12)


def test_a_linked_findings_file_has_its_evidence_beside_the_file_itself(
    cli: Cli, work: Path
) -> None:
    """A report author's folder of links to every inspection's findings file: the evidence
    lies beside each real file, and was "the file does not exist" for every photo."""
    (work / "ev").mkdir()
    (work / "ev" / "board.jpg").write_bytes(b"photo")
    out = _inspect_with(cli, work, "ev/board.jpg")
    farm = work / "farm"
    farm.mkdir()
    (farm / "north.toml").symlink_to(out)
    run = cli(["verify", "--evidence", str(farm / "north.toml")])
    assert run.exit_code == 0, run.stdout
    (work / "ev" / "board.jpg").write_bytes(b"edited")
    run = cli(["verify", "--evidence", str(farm)])
    assert run.stdout.splitlines()[1:] == [
        f"{farm / 'north.toml'}: evidence-changed: ev/board.jpg: 6 bytes where 5 were recorded"
    ]


def test_the_new_details_read_in_chinese(cli: Cli, work: Path) -> None:
    (work / "ev").mkdir()
    (work / "ev" / "IMG_0001.JPG").write_bytes(b"photo")
    out = _inspect_with(cli, work, "ev/IMG_0001.JPG")
    os.rename(work / "ev" / "IMG_0001.JPG", work / "ev" / "img_0001.jpg")
    run = cli(["verify", "--evidence", "--lang", "zh", str(out)])
    assert run.stdout.splitlines()[1:] == [
        f"{out}: evidence-missing: ev/IMG_0001.JPG: 文件不存在；ev/img_0001.jpg 仅大小写不同"
        "（请按记录的名称改名）"
    ]
