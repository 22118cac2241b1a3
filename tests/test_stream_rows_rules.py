"""An export's rows made on every core (report/stream_rows.py) from a merged file whose
documents are nowhere else. Found by mutating the module."""

from __future__ import annotations

from pathlib import Path

from minecheck.report.corpus import load_corpus, read_document_file
from minecheck.report.export import render
from tests.helpers_merge import findings, make_merged, person, store_for
from tests.test_export_stream import AS_OF, _lines
from tests.test_summary_counts import JOINT, OTHER


def test_a_merged_file_alone_gives_the_lines_of_its_documents(
    tmp_path: Path, isolated_home: Path
) -> None:
    """Each document of a merged file is given to a worker on its own: the export's lines are
    the rows held, and none is made in the parent instead."""
    alice, bob, carol = (person(tmp_path, name) for name in ("alice", "bob", "carol"))
    store = store_for(alice, bob, carol)
    sources = [
        findings(alice, ["compliant", "noncompliant", "not-checked"]),
        findings(bob, ["noncompliant", "compliant", "noncompliant"], inspection_id=JOINT),
        findings(carol, ["compliant", "compliant", "noncompliant"], inspection_id=OTHER),
    ]
    merged = tmp_path / "merged.toml"
    merged.write_bytes(make_merged(carol, sources, store))
    expected = load_corpus(
        [read_document_file(merged.read_bytes(), str(merged))], store, as_of=AS_OF
    )
    assert len({r.inspection for r in expected.rows}) == 3
    for cache in (False, True, True):  # no cache, cold, warm
        text, in_parent, corpus = _lines([str(merged)], store, False, cache=cache)
        assert render([], "csv") + text == render(expected.rows, "csv")
        assert in_parent == 0
        assert corpus.rejected == expected.rejected
