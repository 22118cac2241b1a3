"""Upgrading in the middle of the work: what an earlier minecheck left behind (its cache, its
drafts) is read by this one without being served stale, lost or misread.

The files under tests/data/upgrade/ were made by minecheck 0.1.0 as it stood on 1 December 2026
(commit 98403a4), whose reader accepted an inspection finished before it started:

    minecheck keys generate --principal wang.wei@hlj.example --trust
    minecheck inspect demo-gas ... -o good.toml        (the demo-gas checklist of docs/formats.md)
    # good.toml's body with `finished` set before `started` and a new document_id:
    minecheck sign finished-before-started.toml
    minecheck export finished-before-started.toml --format csv

`allowed_signers` is the line `keys generate --trust` wrote; `corpus-value-0.1.0-corpus6.json` is
the one row that export left in the result cache's `result` table (its version string, the file's
SHA-256 and the value, as text).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from minecheck.report import corpus_cache
from minecheck.report.cache import FILE_NAME, ResultCache

UPGRADE = Path(__file__).resolve().parent / "data" / "upgrade"
STALE = UPGRADE / "finished-before-started.toml"


def _plant_old_value(home: Path) -> None:
    """The result cache as the older minecheck left it: its verdict on STALE's bytes."""
    row = json.loads((UPGRADE / "corpus-value-0.1.0-corpus6.json").read_text(encoding="utf-8"))
    (home / "cache").mkdir(parents=True)
    with ResultCache(home / "cache" / FILE_NAME, row["version"]) as cache:
        cache.put(bytes.fromhex(row["digest"]), row["value"].encode("utf-8"))


def _trust() -> list[str]:
    return ["--allowed-signers", str(UPGRADE / "allowed_signers"), "--as-of", "2027-01-15"]


def test_the_fixture_is_what_this_version_calls_malformed(cli: Any) -> None:
    got = cli(["verify", str(STALE), "--allowed-signers", str(UPGRADE / "allowed_signers")])
    assert got.exit_code == 1
    assert f"{STALE.name}:20:1: finished is before started" in got.stderr
    assert "malformed" in got.stdout


def test_an_older_builds_verdict_in_the_cache_is_not_served(cli: Any, isolated_home: Path) -> None:
    _plant_old_value(isolated_home)
    for command in (["export", "--format", "csv"], ["summary", "--format", "json"]):
        got = cli([*command, str(STALE), *_trust()])
        assert got.exit_code == 2, got.stdout  # the one document is left out: nothing to report
        assert f"{STALE}: left out: malformed" in got.stderr
        assert got.stdout == ""


def test_the_values_version_names_the_code_that_made_them(monkeypatch: Any) -> None:
    """Two builds of one version number (an upgrade between releases, a development install)
    keep their phase-1 values apart, as the memo and the kept counts do."""
    from minecheck.report import memo

    first = corpus_cache.values_version()
    monkeypatch.setattr(memo, "_package_code", lambda: "another build's sources")
    assert corpus_cache.values_version() != first
    assert "another build's sources" in corpus_cache.values_version()
