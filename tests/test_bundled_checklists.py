"""Checks on the checklist definitions bundled in checklists/.

These tests read the TOML files directly with the standard library, so they hold whatever the
loader in src/ does: the bundled data must satisfy the documented format on its own.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
CHECKLIST_DIR = REPO / "checklists"
DOMAIN_MD = Path(__file__).resolve().parents[2] / "shared" / "DOMAIN.md"
PATHS = sorted(CHECKLIST_DIR.glob("*.toml"))
PATH_IDS = [p.stem for p in PATHS]

EXPECTED_IDS = {
    "coal-major-hidden-dangers",
    "noncoal-major-hidden-dangers",
    "territorial-leadership",
    "enterprise-responsibility",
    "department-supervision",
    "rectification-quality",
    "illegal-production",
    "disaster-monitoring-intrinsic",
}

CHECKLIST_KEYS = {
    "id",
    "version",
    "title",
    "title_zh",
    "purpose",
    "purpose_zh",
    "applies_to",
    "directives",
    "references",
}
SECTION_KEYS = {"id", "title", "title_zh", "item"}
ITEM_REQUIRED = {"id", "question", "question_zh", "severity", "directives", "evidence"}
ITEM_OPTIONAL = {"guidance", "guidance_zh", "basis", "applies_if", "reading"}
READING_KEYS = {"unit", "min", "max"}

SITE_KINDS = {
    "coal-underground",
    "coal-open-pit",
    "mnm-underground",
    "mnm-open-pit",
    "tailings-pond",
    "government",
    "department",
    "enterprise",
}
HAZARD_TAGS = {
    "high-gas",
    "outburst",
    "rock-burst",
    "spontaneous-combustion",
    "complex-hydrogeology",
    "under-construction",
}
DIRECTIVES = {f"D{n}" for n in range(1, 15)}
STANDARDS = {"CMHD", "MNM-UG", "MNM-OP", "MNM-TP", "WSL", "O16", "HM24", "AP24"}
SEVERITIES = {"major", "general"}
EVIDENCE = {"required", "recommended", "none"}

CHECKLIST_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,63}$")
SECTION_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
ITEM_ID_RE = re.compile(r"^[a-z0-9][a-z0-9.-]{0,63}$")
CLAUSE_RE = re.compile(
    r"^(?:CMHD-(?:[4-9]|1[0-8])\.[1-9][0-9]?"
    r"|MNM-(?:UG|OP|TP)(?:-[1-9][0-9]*)?"
    r"|WSL-[1-9][0-9]*"
    r"|(?:O16|HM24|AP24)(?:-[1-9][0-9]*)?)$"
)
RICH_MARKUP_RE = re.compile(r"\[/?[A-Za-z#@][^\]]*\]")
CJK_RE = re.compile(r"[\u3400-\u9fff]")

# Situations per article of the coal criteria (Art. 4 .. Art. 18): 81 in all.
CMHD_COUNTS = {
    4: 6,
    5: 3,
    6: 7,
    7: 2,
    8: 10,
    9: 9,
    10: 3,
    11: 5,
    12: 4,
    13: 6,
    14: 3,
    15: 4,
    16: 5,
    17: 3,
    18: 11,
}
CMHD_CODES = frozenset(
    f"CMHD-{article}.{i}" for article, n in CMHD_COUNTS.items() for i in range(1, n + 1)
)
# Numbered metal/non-metal clauses whose numbers are known; any other number would be invented.
MNM_NUMBERED = frozenset(
    [f"MNM-UG-{n}" for n in (1, 2, 3, 4, 5, 7, 13, 20, 21, 27)]
    + [f"MNM-OP-{n}" for n in (1, 2, 3, 4, 5, 6, 7, 8, 10)]
)
TEXT_KEYS = ("title", "title_zh", "purpose", "purpose_zh", "question", "question_zh")


def load(path: Path) -> dict[str, Any]:
    with path.open("rb") as fh:
        return tomllib.load(fh)


def items_of(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return [item for section in doc.get("section", []) for item in section.get("item", [])]


def texts_of(doc: dict[str, Any]) -> list[tuple[str, str]]:
    """Every (key, text) pair of the checklist, its sections and its items."""
    found: list[tuple[str, str]] = []
    tables: list[dict[str, Any]] = [doc["checklist"], *doc.get("section", []), *items_of(doc)]
    for table in tables:
        for key in (*TEXT_KEYS, "guidance", "guidance_zh"):
            value = table.get(key)
            if isinstance(value, str):
                found.append((key, value))
    return found


def standard_of(code: str) -> str:
    for prefix in ("MNM-UG", "MNM-OP", "MNM-TP"):
        if code.startswith(prefix):
            return prefix
    return code.split("-", 1)[0]


def domain_cmhd_codes(text: str) -> set[str]:
    """The situation codes listed in section 1 of DOMAIN.md.

    Situations start a bullet ("- 4.1 ...") or follow two spaces inside a bullet
    ("- 10.1 ....  10.2 ..."); continuation lines may hold other numbers (0.74 MPa), so
    only those two positions count.
    """
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("## 1."))
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("## "))
    codes: set[str] = set()
    for line in lines[start + 1 : end]:
        found = re.findall(r"^- (\d{1,2}\.\d{1,2}) ", line)
        found += re.findall(r"\S {2,}(\d{1,2}\.\d{1,2}) ", line)
        for code in found:
            if 4 <= int(code.split(".")[0]) <= 18:
                codes.add(f"CMHD-{code}")
    return codes


def test_expected_checklists_present() -> None:
    missing = EXPECTED_IDS - set(PATH_IDS)
    assert not missing, missing


@pytest.mark.parametrize("path", PATHS, ids=PATH_IDS)
def test_file_encoding_and_layout(path: Path) -> None:
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf"), "UTF-8 BOM"
    assert b"\r" not in raw, "CR byte"
    assert b"\t" not in raw, "tab"
    assert raw.endswith(b"\n"), "no final newline"
    text = raw.decode("utf-8")
    bad = [c for c in text if (ord(c) < 0x20 and c != "\n") or 0x7F <= ord(c) <= 0x9F]
    assert not bad, f"control characters: {bad!r}"


@pytest.mark.parametrize("path", PATHS, ids=PATH_IDS)
def test_checklist_header(path: Path) -> None:
    doc = load(path)
    assert set(doc) == {"checklist", "section"}
    head = doc["checklist"]
    assert set(head) == CHECKLIST_KEYS
    assert head["id"] == path.stem
    assert CHECKLIST_ID_RE.match(head["id"])
    assert isinstance(head["version"], str)
    assert head["version"]
    for key in ("title", "title_zh", "purpose", "purpose_zh"):
        assert isinstance(head[key], str), key
        assert head[key].strip(), key
    for key, allowed in (
        ("applies_to", SITE_KINDS),
        ("directives", DIRECTIVES),
        ("references", STANDARDS),
    ):
        assert head[key], key
        assert set(head[key]) <= allowed, (key, set(head[key]) - allowed)
    assert len(set(head["applies_to"])) == len(head["applies_to"])


@pytest.mark.parametrize("path", PATHS, ids=PATH_IDS)
def test_sections_and_items(path: Path) -> None:
    doc = load(path)
    references = set(doc["checklist"]["references"])
    sections = doc["section"]
    assert sections, "no sections"
    section_ids = [s["id"] for s in sections]
    assert len(section_ids) == len(set(section_ids)), "duplicate section id"
    item_ids: list[str] = []
    for section in sections:
        assert set(section) == SECTION_KEYS, section.get("id")
        assert SECTION_ID_RE.match(section["id"])
        assert section["item"], f"empty section {section['id']}"
        for item in section["item"]:
            keys = set(item)
            where = item.get("id", "?")
            assert not ITEM_REQUIRED - keys, (where, ITEM_REQUIRED - keys)
            assert keys <= ITEM_REQUIRED | ITEM_OPTIONAL, (where, keys - ITEM_REQUIRED)
            assert ITEM_ID_RE.match(item["id"]), where
            item_ids.append(item["id"])
            assert item["severity"] in SEVERITIES, where
            assert item["evidence"] in EVIDENCE, where
            assert item["directives"], where
            assert set(item["directives"]) <= DIRECTIVES, where
            assert ("guidance" in item) == ("guidance_zh" in item), where
            basis = item.get("basis", [])
            if item["severity"] == "major":
                assert basis, f"major item without basis: {where}"
            assert len(basis) == len(set(basis)), where
            for code in basis:
                assert CLAUSE_RE.match(code), (where, code)
                assert standard_of(code) in references, (where, code)
                if code.startswith("CMHD-"):
                    assert code in CMHD_CODES, (where, code)
                if re.match(r"^MNM-(UG|OP|TP)-", code):
                    assert code in MNM_NUMBERED, (where, code)
            tags = item.get("applies_if")
            if tags is not None:
                assert tags, where
                assert set(tags) <= SITE_KINDS | HAZARD_TAGS, (where, tags)
            if "reading" in item:
                reading = item["reading"]
                assert set(reading) <= READING_KEYS, where
                assert isinstance(reading.get("unit"), str), where
                assert reading["unit"], where
                bounds = [reading[k] for k in ("min", "max") if k in reading]
                assert bounds, where
                assert all(isinstance(b, float) for b in bounds), where
                if len(bounds) == 2:
                    assert bounds[0] <= bounds[1], where
    assert len(item_ids) == len(set(item_ids)), "duplicate item id"


@pytest.mark.parametrize("path", PATHS, ids=PATH_IDS)
def test_text_is_clean(path: Path) -> None:
    for key, text in texts_of(load(path)):
        assert text, key
        assert text.strip() == text, (key, text)
        assert not RICH_MARKUP_RE.search(text), (key, text)
        assert '"' not in text, (key, text)
        if key.endswith("_zh"):
            assert CJK_RE.search(text), (key, text)
        else:
            assert not CJK_RE.search(text), (key, text)


def coal() -> dict[str, Any]:
    return load(CHECKLIST_DIR / "coal-major-hidden-dangers.toml")


def test_coal_one_section_per_article() -> None:
    articles: list[int] = []
    for section in coal()["section"]:
        match = re.match(r"^art(\d{2})-", section["id"])
        assert match, section["id"]
        article = int(match.group(1))
        articles.append(article)
        for item in section["item"]:
            for code in item.get("basis", [])[:1]:
                assert code.startswith(f"CMHD-{article}."), (section["id"], item["id"], code)
    assert articles == sorted(CMHD_COUNTS)


def test_coal_covers_every_situation() -> None:
    cited: set[str] = set()
    for item in items_of(coal()):
        cited.update(item.get("basis", []))
        if "reading" not in item:
            assert item["severity"] == "major", item["id"]
    assert len(CMHD_CODES) == 81
    assert cited == CMHD_CODES


def test_coal_codes_match_domain_brief() -> None:
    if not DOMAIN_MD.is_file():
        pytest.skip("shared/DOMAIN.md not present")
    assert domain_cmhd_codes(DOMAIN_MD.read_text(encoding="utf-8")) == set(CMHD_CODES)


def test_noncoal_sections_are_gated_by_site_kind() -> None:
    doc = load(CHECKLIST_DIR / "noncoal-major-hidden-dangers.toml")
    kinds = {"underground": "mnm-underground", "open-pit": "mnm-open-pit"}
    kinds["tailings-pond"] = "tailings-pond"
    assert [s["id"] for s in doc["section"]] == list(kinds)
    for section in doc["section"]:
        for item in section["item"]:
            assert item["applies_if"] == [kinds[section["id"]]], item["id"]
            assert item["severity"] == "major", item["id"]


def test_domain_parser_handles_shared_lines() -> None:
    sample = (
        "## 1. Coal\n"
        "- 10.1 Mining outside the licensed seam.  10.2 Outside the boundary.\n"
        "- 18.4 After gas-dynamic phenomena, or seam gas\n"
        "  pressure of 0.74 MPa or more (or the situation of 7.2).\n"
        "## 2. Other\n"
        "- 4.1 not in section 1\n"
    )
    assert domain_cmhd_codes(sample) == {"CMHD-10.1", "CMHD-10.2", "CMHD-18.4"}
