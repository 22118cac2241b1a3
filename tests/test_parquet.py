"""Parquet export: the export columns with their types, read back by DuckDB."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import duckdb
import pytest

from minecheck.errors import UsageError
from minecheck.i18n import lines_of
from minecheck.report import parquet
from minecheck.report.rows import EXPORT_COLUMNS
from minecheck.report.summary import MEASURES, summarize
from tests.summary_corpus import AS_OF, KNOWN, hostile_rows, sample


def query(sql: str) -> list[tuple[Any, ...]]:
    rel = duckdb.sql(sql)
    assert rel is not None
    return rel.fetchall()


# One query over a folder of exports that gives the summary's headline numbers.
HEADLINE_SQL = """
SELECT
  count(*) AS findings,
  count(*) FILTER (hidden) AS hidden_dangers,
  count(*) FILTER (hidden AND severity = 'major') AS majors,
  count(*) FILTER (open) AS open,
  count(*) FILTER (open AND severity = 'major') AS open_majors,
  count(*) FILTER (open AND overdue) AS overdue,
  count(*) FILTER (open AND overdue AND severity = 'major') AS overdue_majors,
  count(*) FILTER (hidden AND state = 'closed') AS closed,
  count(*) FILTER (list_contains(flags, 'no-enforcement')) AS no_enforcement,
  count(*) FILTER (list_contains(flags, 'repeat-major')) AS repeat_major,
  count(*) FILTER (result = 'inconsistent') AS inconsistent,
  count(*) FILTER (trust <> 'trusted') AS untrusted
FROM (
  SELECT *,
    result IN ('noncompliant', 'inconsistent') AS hidden,
    result IN ('noncompliant', 'inconsistent') AND state NOT IN ('closed', 'withdrawn') AS open
  FROM read_parquet('{folder}/*.parquet')
)
"""


def test_columns_and_types(tmp_path: Path) -> None:
    out = tmp_path / "export.parquet"
    parquet.write_parquet(KNOWN, out)
    described = query(f"DESCRIBE SELECT * FROM read_parquet('{out}')")
    assert [(name, kind) for name, kind, *_ in described] == [
        ("inspection", "VARCHAR"),
        ("document_ids", "VARCHAR[]"),
        ("site", "VARCHAR"),
        ("site_id", "VARCHAR"),
        ("checklist", "VARCHAR"),
        ("checklist_version", "VARCHAR"),
        ("item", "VARCHAR"),
        ("result", "VARCHAR"),
        ("severity", "VARCHAR"),
        ("basis", "VARCHAR[]"),
        ("state", "VARCHAR"),
        ("deadline", "DATE"),
        ("overdue", "BOOLEAN"),
        ("flags", "VARCHAR[]"),
        ("description", "VARCHAR"),
        ("location", "VARCHAR"),
        ("responsible", "VARCHAR"),
        ("inspectors", "VARCHAR[]"),
        ("signers", "VARCHAR[]"),
        ("trust", "VARCHAR"),
    ]
    assert tuple(name for name, *_ in described) == EXPORT_COLUMNS


def test_values_round_trip(tmp_path: Path) -> None:
    out = tmp_path / "export.parquet"
    rows = (*KNOWN, *hostile_rows())
    parquet.write_parquet(rows, out)
    got = query(f"SELECT * FROM read_parquet('{out}')")
    assert len(got) == len(rows)
    for row, values in zip(rows, got, strict=True):
        expected = tuple(
            list(v) if isinstance(v, tuple) else v
            for v in (getattr(row, c) for c in EXPORT_COLUMNS)
        )
        assert values == expected
    second = got[1]
    assert second[EXPORT_COLUMNS.index("deadline")] == dt.date(2026, 10, 15)
    assert second[EXPORT_COLUMNS.index("flags")] == ["overdue", "no-enforcement"]
    assert got[2][EXPORT_COLUMNS.index("severity")] is None


def test_duckdb_over_a_folder_gives_the_summary_headline(tmp_path: Path) -> None:
    rows = (*KNOWN, *sample())
    half = len(rows) // 2
    parquet.write_parquet(rows[:half], tmp_path / "a.parquet")
    parquet.write_parquet(rows[half:], tmp_path / "b.parquet")
    [result] = query(HEADLINE_SQL.format(folder=tmp_path))
    headline = summarize(rows, as_of=AS_OF).headline
    assert result == tuple(getattr(headline, m) for m in MEASURES)
    assert result[0] == len(rows)


def test_rows_are_written_in_batches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parquet, "BATCH_ROWS", 4)
    out = tmp_path / "export.parquet"
    parquet.write_parquet(iter(KNOWN), out)
    count = query(f"SELECT count(*) FROM read_parquet('{out}')")
    assert count == [(14,)]
    groups = query(f"SELECT count(*) FROM parquet_metadata('{out}') WHERE column_id = 0")
    assert groups == [(4,)]  # 4 + 4 + 4 + 2


def test_no_rows_is_an_empty_file_with_the_columns(tmp_path: Path) -> None:
    out = tmp_path / "export.parquet"
    parquet.write_parquet([], out)
    rel = duckdb.sql(f"SELECT * FROM read_parquet('{out}')")
    assert rel is not None
    assert (tuple(rel.columns), rel.fetchall()) == (EXPORT_COLUMNS, [])


def test_an_existing_file_is_kept_without_force(tmp_path: Path) -> None:
    out = tmp_path / "export.parquet"
    out.write_bytes(b"keep me")
    with pytest.raises(UsageError, match="already exists"):
        parquet.write_parquet(KNOWN, out)
    assert out.read_bytes() == b"keep me"
    parquet.write_parquet(KNOWN, out, force=True)
    assert out.read_bytes()[:4] == b"PAR1"


def test_same_rows_same_bytes() -> None:
    assert parquet.parquet_bytes(KNOWN) == parquet.parquet_bytes(list(KNOWN))


def test_missing_pyarrow_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(UsageError) as info:
        parquet.parquet_bytes(KNOWN)
    assert info.value.message == (
        "writing Parquet needs the optional pyarrow package, which is not installed"
    )
    assert lines_of(info.value.hint or "") == (
        "install it (minecheck's parquet extra):",
        "  pip install 'pyarrow>=16'",
    )
    assert info.value.code == "missing-extra"


def test_a_pyarrow_that_cannot_be_loaded_is_not_called_missing(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """pyarrow 14 beside NumPy 2 is installed but fails to import: that is what is said."""
    broken = tmp_path / "pyarrow"
    broken.mkdir()
    (broken / "__init__.py").write_text(
        'raise ImportError("numpy.core.multiarray failed to import")\n'
    )
    for name in [m for m in sys.modules if m == "pyarrow" or m.startswith("pyarrow.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(UsageError) as info:
        parquet.parquet_bytes(KNOWN)
    assert info.value.message == (
        "writing Parquet needs the optional pyarrow package; "
        "the one installed cannot be loaded: numpy.core.multiarray failed to import"
    )
    assert lines_of(info.value.hint or "") == (
        "upgrade it (minecheck's parquet extra):",
        "  pip install --upgrade 'pyarrow>=16'",
    )
    assert info.value.code == "missing-extra"
