"""verify's per-file summaries (report/verdicts.py): each regular file is judged by a worker and
comes back judged, not handed back to be read again; the parsed document only when asked."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from minecheck.core.documents import FindingsDoc
from minecheck.core.seal import examine
from minecheck.core.trust import TrustStatus, load_trust
from minecheck.report.verdicts import Checked, Unread, check_files
from tests.helpers_seal import World, make_world


@pytest.fixture
def world(tmp_path: Path) -> World:
    return make_world(tmp_path)


def _signed_files(world: World, n: int) -> list[Path]:
    data = world.signed_as_is(world.body())
    paths = []
    for i in range(n):
        path = world.work / f"f{i}.toml"
        path.write_bytes(data)
        paths.append(path)
    return paths


def test_each_regular_file_comes_back_judged_in_order_without_its_document(
    world: World,
) -> None:
    """A worker judges each file (a file handed back unread is read a second time, alone)."""
    paths = _signed_files(world, 3)
    store = load_trust(world.work / "allowed_signers", None)
    results = list(check_files(paths, store))
    assert all(isinstance(r, Checked) for r in results)
    checked = [r for r in results if isinstance(r, Checked)]
    assert [c.path for c in checked] == [str(p) for p in paths]
    assert {c.status for c in checked} == {TrustStatus.TRUSTED}
    assert [c.document for c in checked] == [None, None, None]  # (not sent between processes)


def test_the_document_comes_back_when_asked_and_a_directory_comes_back_unread(
    world: World,
) -> None:
    (path,) = _signed_files(world, 1)
    store = load_trust(world.work / "allowed_signers", None)
    first, second = check_files([path, world.work], store, keep_document=True)
    assert isinstance(first, Checked)
    assert isinstance(first.document, FindingsDoc)
    assert second == Unread(str(world.work))


def test_a_summary_keeps_no_document_unless_asked_and_cannot_be_changed(world: World) -> None:
    (path,) = _signed_files(world, 1)
    store = load_trust(world.work / "allowed_signers", None)
    verdict = examine(path.read_bytes(), str(path), store)
    assert Checked.of(verdict).document is None
    assert Checked.of(verdict, keep_document=True).document is verdict.document
    with pytest.raises(dataclasses.FrozenInstanceError):
        Checked.of(verdict).status = TrustStatus.REVOKED  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        Unread("x").path = "y"  # type: ignore[misc]
