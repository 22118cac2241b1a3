"""What the built distributions hold: the sdist is enough to run the tests, the wheel enough to
run every command (the bundled checklists and the report's template inside the package)."""

from __future__ import annotations

import tarfile
import zipfile
from pathlib import Path

from minecheck import __version__
from tests.conftest import REPO

# What the tests read besides themselves and the code: the docs they check commands and messages
# against, the benchmark corpus several tests build on, and the CI script the README quotes.
READ_BY_THE_TESTS = ("src", "tests", "checklists", "docs", "benchmarks", ".ci")
NOT_SOURCE = {"__pycache__", ".hypothesis", ".pytest_cache", ".mypy_cache", ".ruff_cache"}


def _tree(root: Path, folders: tuple[str, ...]) -> set[str]:
    names = set()
    for folder in folders:
        for path in (root / folder).rglob("*"):
            relative = path.relative_to(root)
            if path.is_file() and not NOT_SOURCE & set(relative.parts):
                names.add(relative.as_posix())
    return names


def test_the_sdist_holds_every_file_the_tests_read(tmp_path: Path) -> None:
    from hatchling.builders.sdist import SdistBuilder

    [built] = SdistBuilder(str(REPO)).build(directory=str(tmp_path), versions=["standard"])
    with tarfile.open(built) as sdist:
        names = {name.partition("/")[2] for name in sdist.getnames()}
    wanted = _tree(REPO, READ_BY_THE_TESTS) | {"README.md", "pyproject.toml"}
    assert sorted(wanted - names) == []


def test_the_wheel_holds_the_bundled_checklists_and_the_report_template(tmp_path: Path) -> None:
    from hatchling.builders.wheel import WheelBuilder

    [built] = WheelBuilder(str(REPO)).build(directory=str(tmp_path), versions=["standard"])
    with zipfile.ZipFile(built) as wheel:
        inside = {name: wheel.read(name) for name in wheel.namelist() if not name.endswith(".py")}
    checklists = sorted((REPO / "checklists").glob("*.toml"))
    assert checklists
    for path in checklists:
        assert inside.get(f"minecheck/checklists/{path.name}") == path.read_bytes()
    templates = REPO / "src" / "minecheck" / "report" / "templates"
    for path in sorted(templates.iterdir()):
        assert inside.get(f"minecheck/report/templates/{path.name}") == path.read_bytes()
    assert "minecheck/py.typed" in inside
    entry_points = inside[f"minecheck-{__version__}.dist-info/entry_points.txt"]
    assert b"minecheck = minecheck.__main__:main" in entry_points
