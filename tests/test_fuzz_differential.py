"""Differential fuzzing: each of minecheck's fast paths against the reader it must agree with.

- `tomlio.parse_toml` with its compiled fast path against tomli (the reference reader): the
  same value (types, key order, a date-time's zone class) or the same problem, on TOML written
  from the grammar with its edge cases weighted (`tests/toml_grammar.py`), on such text edited,
  and on real signed bodies edited.

By default each target runs a small, fixed, derandomized set of examples, so the suite stays
fast and stable. For a real hunt, as in tests/test_fuzz.py:

    MINECHECK_FUZZ_EXAMPLES=200000 .venv/bin/pytest -n 0 -p no:cacheprovider \
        tests/test_fuzz_differential.py -k toml

Every disagreement found becomes a file under `tests/fuzz_regressions/<target>/`, replayed by
tests/test_fuzz.py (`CHECKS` there takes `DIFFERENTIAL_CHECKS` from here).
"""

from __future__ import annotations

import os
from collections.abc import Callable

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_tomlio_fast import body, same_as_tomli
from tests.toml_grammar import document, edited

_LONG = os.environ.get("MINECHECK_FUZZ_EXAMPLES")
DIFFERENTIAL = settings(
    max_examples=int(_LONG) if _LONG else 200,
    derandomize=not _LONG,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
)


def check_toml_fast(data: bytes) -> None:
    """The fast path and tomli give the same value, or the same problems."""
    same_as_tomli(data.decode("utf-8", "surrogatepass"))


DIFFERENTIAL_CHECKS: dict[str, Callable[[bytes], None]] = {
    "toml_fast": check_toml_fast,
}


@DIFFERENTIAL
@given(st.one_of(document(), edited(document()), edited(st.just(body()))))
def test_toml_fast_path_reads_as_tomli(text: str) -> None:
    same_as_tomli(text)
