"""The key home tests/key_homes.py copies into a test is the one `keys generate --trust` makes
there: the same files with the same modes, the key listed at its own path, the default, trusted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.key_homes import ALICE, generate, keyed_home, minecheck


def _tree(home: Path) -> dict[str, int]:
    """Each path under home (and home itself) with its permission bits."""
    listed = {".": home.stat().st_mode & 0o7777}
    for path in home.rglob("*"):
        listed[str(path.relative_to(home))] = path.stat().st_mode & 0o7777
    return listed


@pytest.mark.parametrize("passphrase", [None, "correct horse"])
def test_a_copied_home_is_the_generated_one(tmp_path: Path, passphrase: str | None) -> None:
    generated, copied = tmp_path / "generated", tmp_path / "copied"
    made = generate(generated, tmp_path, ALICE, passphrase)  # (as a test would, by hand)
    assert made.returncode == 0, made.stderr

    keyed_home(copied, ALICE, passphrase)

    assert _tree(copied) == _tree(generated)
    assert _tree(copied)["keys/" + ALICE] == 0o600
    assert _tree(copied)["keys"] == 0o700
    for home in (generated, copied):
        listed = minecheck(home, tmp_path, "keys", "list", "--json")
        assert listed.returncode == 0, listed.stderr
        [key] = json.loads(listed.stdout)["data"]["keys"]
        assert (key["principal"], key["default"]) == (ALICE, True), key
        assert key["path"] == str(home / "keys" / ALICE), key
        trusted = (home / "allowed_signers").read_text().split()
        public = (home / "keys" / f"{ALICE}.pub").read_text().split()
        assert trusted[0] == ALICE, trusted
        assert trusted[-2:] == public[:2], trusted


def test_each_test_gets_a_copy_of_its_own(tmp_path: Path) -> None:
    """A test that changes its home (a key added, the trust list rewritten) changes no other's."""
    first, second = tmp_path / "first", tmp_path / "second"
    keyed_home(first)
    (first / "allowed_signers").write_text("")
    keyed_home(second)
    assert (second / "allowed_signers").read_text().startswith(ALICE + " ")
