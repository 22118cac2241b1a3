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
    "edition",
}
EDITION_REQUIRED = {"standard", "standard_zh", "edition", "edition_zh"}
EDITION_OPTIONAL = {"in_force", "note", "note_zh"}
SECTION_KEYS = {"id", "title", "title_zh", "item"}
ITEM_REQUIRED = {"id", "question", "question_zh", "severity", "directives", "evidence"}
ITEM_OPTIONAL = {"guidance", "guidance_zh", "basis", "applies_if", "applies_if_all", "reading"}
READING_KEYS = {"unit", "min", "max", "above", "below"}

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
STANDARDS = {"CMHD", "MNM-UG", "MNM-OP", "MNM-TP", "WSL", "O16", "HM24", "AP24", "CR24"}
SEVERITIES = {"major", "general"}
EVIDENCE = {"required", "recommended", "none"}

CHECKLIST_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,63}$")
SECTION_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
ITEM_ID_RE = re.compile(r"^[a-z0-9][a-z0-9.-]{0,63}$")
CLAUSE_RE = re.compile(
    r"^(?:CMHD-(?:[4-9]|1[0-8])\.[1-9][0-9]?"
    r"|MNM-(?:UG|OP|TP)(?:-[1-9][0-9]*)?"
    r"|WSL-[1-9][0-9]*"
    r"|CR24-[1-9][0-9]*"
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
# First-level situations of the metal/non-metal criteria (2022 edition): 64 in all.
MNM_COUNTS: dict[str, int] = {"MNM-UG": 32, "MNM-OP": 13, "MNM-TP": 19}
MNM_CODES: frozenset[str] = frozenset(
    f"{prefix}-{n}" for prefix, count in MNM_COUNTS.items() for n in range(1, count + 1)
)
LISTED = CMHD_CODES | MNM_CODES
DOUBLE_NEGATIVE_ZH = re.compile(r"是否(未|不|没有)")
TEXT_KEYS = ("title", "title_zh", "purpose", "purpose_zh", "question", "question_zh")
EDITION_TEXT_KEYS = ("standard", "standard_zh", "note", "note_zh")


def load(path: Path) -> dict[str, Any]:
    with path.open("rb") as fh:
        return tomllib.load(fh)


def items_of(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return [item for section in doc.get("section", []) for item in section.get("item", [])]


def texts_of(doc: dict[str, Any]) -> list[tuple[str, str]]:
    """Every (key, text) pair of the checklist, its sections and its items."""
    found: list[tuple[str, str]] = []
    tables: list[dict[str, Any]] = [doc["checklist"], *doc.get("section", []), *items_of(doc)]
    tables.append(doc["checklist"].get("edition", {}))
    for table in tables:
        for key in (*TEXT_KEYS, *EDITION_TEXT_KEYS, "guidance", "guidance_zh"):
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
    edition = head["edition"]
    assert EDITION_REQUIRED <= set(edition) <= EDITION_REQUIRED | EDITION_OPTIONAL
    for key in EDITION_REQUIRED:
        assert edition[key].strip(), key
    assert ("note" in edition) == ("note_zh" in edition)


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
                    assert code in MNM_CODES, (where, code)
            for key in ("applies_if", "applies_if_all"):
                tags = item.get(key)
                if tags is not None:
                    assert tags, where
                    assert len(set(tags)) == len(tags), where
                    assert set(tags) <= SITE_KINDS | HAZARD_TAGS, (where, tags)
            if "reading" in item:
                reading = item["reading"]
                assert set(reading) <= READING_KEYS, where
                assert isinstance(reading.get("unit"), str), where
                assert reading["unit"], where
                lower = [reading[k] for k in ("min", "above") if k in reading]
                upper = [reading[k] for k in ("max", "below") if k in reading]
                assert lower or upper, where
                assert len(lower) <= 1, where
                assert len(upper) <= 1, where
                assert all(isinstance(b, float) for b in lower + upper), where
                if lower and upper:
                    assert lower[0] < upper[0], where
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


# -- the grading rule ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", PATHS, ids=PATH_IDS)
def test_no_major_without_a_listed_situation(path: Path) -> None:
    for item in items_of(load(path)):
        if item["severity"] == "major":
            assert LISTED & set(item.get("basis", [])), item["id"]


def site_kinds_of(doc: dict[str, Any], item: dict[str, Any]) -> set[str]:
    """The site kinds an item can be asked at: its own site-kind tags, else the checklist's."""
    kinds = set(doc["checklist"]["applies_to"]) & SITE_KINDS
    every = set(item.get("applies_if_all", [])) & SITE_KINDS
    if every:
        return kinds & every
    some = set(item.get("applies_if", [])) & SITE_KINDS
    return kinds & some if some else kinds


def test_each_listed_situation_is_asked_in_one_checklist_per_site_kind() -> None:
    asked: dict[tuple[str, str], set[str]] = {}
    for path in PATHS:
        doc = load(path)
        for item in items_of(doc):
            for code in LISTED & set(item.get("basis", [])):
                for kind in site_kinds_of(doc, item):
                    asked.setdefault((code, kind), set()).add(path.stem)
    repeated = {key: ids for key, ids in asked.items() if len(ids) > 1}
    assert not repeated


# -- Chinese as inspectors write it ---------------------------------------------------------------


@pytest.mark.parametrize("path", PATHS, ids=PATH_IDS)
def test_items_state_requirements(path: Path) -> None:
    for item in items_of(load(path)):
        assert not DOUBLE_NEGATIVE_ZH.search(item["question_zh"]), item["id"]
        assert "是否" not in item["question_zh"], item["id"]
        assert not item["question_zh"].endswith("？"), item["id"]
        assert not item["question"].endswith("?"), item["id"]


def test_double_negative_pattern_catches_the_old_style() -> None:
    assert DOUBLE_NEGATIVE_ZH.search("矿井是否未使用架线式电机车？")
    assert DOUBLE_NEGATIVE_ZH.search("是否不存在违反规定的串联通风？")
    assert not DOUBLE_NEGATIVE_ZH.search("不得使用架线式电机车。")


# -- the coal screen: headings, wording, readings, edition ----------------------------------------

COAL_HEADINGS_ZH = {
    4: "超能力、超强度或者超定员组织生产",
    5: "瓦斯超限作业",
    6: "煤与瓦斯突出矿井，未依照规定实施防突出措施",
    7: "高瓦斯矿井未建立瓦斯抽采系统和监控系统，或者系统不能正常运行",
    8: "通风系统不完善、不可靠",
    9: "有严重水患，未采取有效措施",
    10: "超层越界开采",
    11: "有冲击地压危险，未采取有效措施",
    12: "自然发火严重，未采取有效措施",
    13: "使用明令禁止使用或者淘汰的设备、工艺",
    14: "煤矿没有双回路供电系统",
    15: "新建煤矿边建设边生产",
    16: "煤矿实行整体承包生产经营后",
    17: "煤矿改制期间",
    18: "有其他重大事故隐患",
}

# DOMAIN section 1, "Wording corrections": the words each situation's item must carry.
COAL_WORDING = {
    "CMHD-4.4": ("half-coal", "半煤岩"),
    "CMHD-9.1": ("own field", "井田范围内"),
    "CMHD-11.4": ("island pillars", "孤岛煤柱"),
    "CMHD-16.5": ("new level", "新水平延深开拓工程"),
    "CMHD-18.4": ("designated outburst-prone", "认定为突出煤层"),
}


def test_coal_sections_use_the_criteria_headings() -> None:
    for section in coal()["section"]:
        article = int(section["id"][3:5])
        assert section["title_zh"].startswith("第"), section["id"]
        assert COAL_HEADINGS_ZH[article] in section["title_zh"], section["id"]
        assert section["title"].startswith(f"Art. {article} "), section["id"]


@pytest.mark.parametrize("code", sorted(COAL_WORDING))
def test_coal_wording_corrections(code: str) -> None:
    en, zh = COAL_WORDING[code]
    items = [item for item in items_of(coal()) if item.get("basis", [None])[0] == code]
    assert len(items) == 1
    assert en in items[0]["question"]
    assert zh in items[0]["question_zh"]


# What a domain review found worded so that a mine failing the criterion would comply: the words
# each item must carry (English, Chinese), and those it must not (an escape the criterion lacks).
SITUATION_WORDING = {
    "CMHD-4.1": (("less than 10% above",), ("幅度小于10%",), ("未超过核定",)),
    # the criterion counts the headcount of mining and development working places (采掘作业地点),
    # for which the national limits are set; "a working place" reached a pump room in English only
    "CMHD-4.6": (
        ("no mining or development working place's single-shift headcount",),
        ("采掘作业地点单班作业人数",),
        (),
    ),
    # DOMAIN 1, 11.5: no access regime for burst-risk zones (人员准入制度), or one not enforced; a
    # headcount cap (限员) in Chinese only made a mine with its regime enforced a major in Chinese
    "CMHD-11.5": (
        ("personnel-access regime for burst-risk zones is set",),
        ("冲击地压危险区域人员准入制度",),
        ("限员", "headcount"),
    ),
    # the earlier phase binds an extremely complex mine too (复杂及以上), in English as in Chinese
    "CMHD-14.3": (("complex or extremely complex hydrogeology",), ("水文地质类型复杂及以上",), ()),
    # "仅有两个时间距" read as "two time-distances": the 30 m is between the two exits
    "MNM-UG-1": (("where only two, at least 30 m apart",), ("仅有两个安全出口时，其间距",), ()),
    "MNM-UG-7": (("watertight door and",), ("装设防水门，且",), ("防水门或",)),
    # DOMAIN 2.2: the gates *or platforms* (安全门或者摇台) at the collar and the levels not
    # interlocked with the hoist; an item naming gates only let a platform without one comply
    "MNM-UG-22": (("landing gates and platforms",), ("安全门和摇台",), ()),
    "MNM-UG-30": (
        ("by less than 20%", "less than 20% of"),
        ("幅度小于20%", "小于设计年生产能力的20%"),
        ("未超过设计产能的20%",),
    ),
    "MNM-OP-8": (("radial cracks",), ("放射状裂缝",), ("处理", "treat")),
    "MNM-TP-5": (("through cracks",), ("贯穿性裂缝",), ("处理", "treat")),
}


@pytest.mark.parametrize("code", sorted(SITUATION_WORDING))
def test_situations_say_what_the_criteria_say(code: str) -> None:
    en, zh, never = SITUATION_WORDING[code]
    doc = (
        coal()
        if code.startswith("CMHD")
        else load(CHECKLIST_DIR / "noncoal-major-hidden-dangers.toml")
    )
    [item] = [item for item in items_of(doc) if item.get("basis", [None])[0] == code]
    assert all(words in item["question"] for words in en), item["question"]
    assert all(words in item["question_zh"] for words in zh), item["question_zh"]
    text = item["question"] + item["question_zh"]
    assert [words for words in never if words in text] == []


# Articles of the coal criteria about an underground mine (矿井): gas, outburst, gas drainage,
# ventilation, water, rock burst, fire, equipment; and 14.3, the construction phases' supply.
UNDERGROUND_ARTICLES = {5, 6, 7, 8, 9, 11, 12, 13}


def test_underground_situations_never_reach_an_open_pit() -> None:
    """An open pit with every hazard tag is asked none of them (a hazard tag alone let them in)."""
    tags = {"coal-open-pit", *HAZARD_TAGS}
    reached = []
    for item in items_of(coal()):
        some, every = item.get("applies_if", []), item.get("applies_if_all", [])
        applies = (not some or any(t in tags for t in some)) and all(t in tags for t in every)
        code = item.get("basis", ["CMHD-0.0"])[0]
        article = int(code[5:].split(".")[0]) if code.startswith("CMHD-") else 0
        if applies and (article in UNDERGROUND_ARTICLES or code == "CMHD-14.3"):
            reached.append(item["id"])
    assert reached == []


def test_coal_edition_says_which_criteria_and_the_revision() -> None:
    edition = coal()["checklist"]["edition"]
    assert edition["edition"] == "MEM Order No. 4 (2020)"
    assert edition["edition_zh"] == "应急管理部令第4号（2020年）"
    assert str(edition["in_force"]) == "2021-01-01"
    assert "MEM Order No. 21" in edition["note"]
    assert "第21号" in edition["note_zh"]


def test_noncoal_edition_is_the_2022_criteria() -> None:
    edition = load(CHECKLIST_DIR / "noncoal-major-hidden-dangers.toml")["checklist"]["edition"]
    assert "2022" in edition["edition"]
    assert str(edition["in_force"]) == "2022-09-01"


# (item, unit, bounds) as the rules say them: Art. 135 intake, return limits exceeded only above,
# methane at a working place breached on reaching 1.5, CO in ppm. The mine's total or wing return
# has one limit for methane and for carbon dioxide (DOMAIN 5: "methane or CO2 above 0.75 %").
COAL_READINGS = {
    "methane-return": ("%CH4", {"max": 1.0}),
    "methane-working-place": ("%CH4", {"below": 1.5}),
    "methane-mine-return": ("%CH4", {"max": 0.75}),
    "co2-mine-return": ("%CO2", {"max": 0.75}),
    "co2-return": ("%CO2", {"max": 1.5}),
    "oxygen-intake": ("%O2", {"min": 20.0}),
    "co2-intake": ("%CO2", {"max": 0.5}),
    "co-working-place": ("ppm CO", {"max": 24.0}),
}


def test_coal_readings_as_the_rules_say_them() -> None:
    found = {item["id"]: item for item in items_of(coal()) if "reading" in item}
    assert set(found) == set(COAL_READINGS)
    for item_id, (unit, bounds) in COAL_READINGS.items():
        reading = dict(found[item_id]["reading"])
        assert reading.pop("unit") == unit, item_id
        assert reading == bounds, item_id
        # a reading is evidence; the major situation is working on after it (CMHD-5.2)
        assert found[item_id]["severity"] == "general", item_id
        assert "basis" not in found[item_id], item_id
    for item_id in ("methane-return", "methane-working-place"):
        assert "CMHD-5.2" in found[item_id]["guidance"]
    assert "intake" in found["oxygen-intake"]["question"]
    assert "进风流" in found["oxygen-intake"]["question_zh"]
    # the mine's return: the same airflow and words for both gases, in English and Chinese
    for item_id in ("methane-mine-return", "co2-mine-return"):
        item = found[item_id]
        assert "total or wing return airflow" in item["question"], item_id
        assert "must not exceed 0.75%" in item["question"], item_id
        assert "总回风或者一翼回风流" in item["question_zh"], item_id
        assert "不得超过0.75%" in item["question_zh"], item_id
        assert "Above 0.75% the cause must be found" in item["guidance"], item_id
        assert "超过0.75%必须查明原因" in item["guidance_zh"], item_id
    assert "Carbon dioxide" in found["co2-mine-return"]["question"]
    assert "二氧化碳" in found["co2-mine-return"]["question_zh"]


def test_underground_construction_items_need_both_tags() -> None:
    by_id = {item["id"]: item for item in items_of(coal())}
    for item_id in ("full-pressure-ventilation-construction", "permanent-drainage-construction"):
        item = by_id[item_id]
        assert item["applies_if_all"] == ["coal-underground", "under-construction"], item_id
        assert "applies_if" not in item, item_id


# -- the non-coal screen: every first-level situation of the 2022 criteria ------------------------


def noncoal_cited() -> dict[str, list[str]]:
    cited: dict[str, list[str]] = {}
    for item in items_of(load(CHECKLIST_DIR / "noncoal-major-hidden-dangers.toml")):
        for code in item.get("basis", []):
            cited.setdefault(code, []).append(item["id"])
    return cited


MNM_IN_ORDER = [f"{p}-{n}" for p, count in MNM_COUNTS.items() for n in range(1, count + 1)]


@pytest.mark.parametrize("code", MNM_IN_ORDER)
def test_every_mnm_situation_has_an_item(code: str) -> None:
    assert noncoal_cited().get(code), code


def test_noncoal_cites_nothing_else() -> None:
    assert set(noncoal_cited()) == MNM_CODES
    assert len(MNM_CODES) == 64


def domain_mnm_counts(text: str) -> dict[str, int]:
    """The first-level counts that section 2.1 of DOMAIN.md gives."""
    match = re.search(
        r"underground (\d+), open pit (\d+),\s+tailings ponds (\d+)", text.replace("\n", " ")
    )
    assert match, "counts not found in DOMAIN.md"
    return dict(zip(("MNM-UG", "MNM-OP", "MNM-TP"), map(int, match.groups()), strict=True))


def domain_mnm_codes(text: str) -> set[str]:
    """Situation numbers that section 2 of DOMAIN.md names (UG-21, OP-10, ...)."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("## 2."))
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("## "))
    found = re.findall(r"\b(UG|OP|TP)-(\d{1,2})\b", "\n".join(lines[start:end]))
    return {f"MNM-{kind}-{n}" for kind, n in found}


def test_mnm_situations_match_domain_brief() -> None:
    if not DOMAIN_MD.is_file():
        pytest.skip("shared/DOMAIN.md not present")
    text = DOMAIN_MD.read_text(encoding="utf-8")
    assert domain_mnm_counts(text) == MNM_COUNTS
    named = domain_mnm_codes(text)
    assert named, "no numbered situations found in DOMAIN.md"
    assert named <= MNM_CODES


def test_domain_mnm_parsers() -> None:
    sample = (
        "## 2. Metal\n"
        "64 situations: underground 32, open pit 13,\ntailings ponds 19, with sub-items.\n"
        "- UG-21 Self-rescuers. - OP-10 Concave pits. (UG-23 [R])\n"
        "## 3. Other\n"
        "- UG-99 not in section 2\n"
    )
    assert domain_mnm_counts(sample) == {"MNM-UG": 32, "MNM-OP": 13, "MNM-TP": 19}
    assert domain_mnm_codes(sample) == {"MNM-UG-21", "MNM-OP-10", "MNM-UG-23"}


def test_recalled_noncoal_items_say_so() -> None:
    doc = load(CHECKLIST_DIR / "noncoal-major-hidden-dangers.toml")
    # DOMAIN 2.1 lists these headings as recalled, not read in an official copy
    recalled = {f"MNM-UG-{n}" for n in (6, 8, 9, 10, 11, 12, 14, 15, 16, 17, 18, 19, 22, 23)}
    recalled |= {f"MNM-UG-{n}" for n in (24, 25, 26, 28, 29, 30, 31, 32)}
    recalled |= {"MNM-OP-9", "MNM-OP-11", "MNM-OP-12", "MNM-OP-13"}
    recalled |= {f"MNM-TP-{n}" for n in range(4, 20)}
    for item in items_of(doc):
        if item["basis"][0] in recalled:
            assert "official text" in item["guidance"], item["id"]
            assert "官方文本" in item["guidance_zh"], item["id"]


def test_trackless_carriers_carry_the_25_person_limit() -> None:
    items = {
        i["basis"][0]: i
        for i in items_of(load(CHECKLIST_DIR / "noncoal-major-hidden-dangers.toml"))
    }
    assert "25 persons" in items["MNM-UG-23"]["question"]
    assert "25人" in items["MNM-UG-23"]["question_zh"]
    others = [i for code, i in items.items() if code != "MNM-UG-23"]
    assert not [i["id"] for i in others if "25" in i["question"]]
    assert "dual power sources" in items["MNM-UG-24"]["question"]
    assert "双重电源" in items["MNM-UG-24"]["question_zh"]
    assert "6–35 kV" in items["MNM-UG-25"]["question"]


def test_the_quarterly_major_report_goes_to_the_same_bodies_in_both_languages() -> None:
    """CR24-35: the department at county level or above (县级以上) and the mine-safety inspection
    body. The English named the county-level department only, so a report to a city's
    department complied in Chinese and not in English; the Chinese named the inspection body
    by its old coal-only name where the English and the other checklists say 矿山."""
    doc = load(CHECKLIST_DIR / "enterprise-responsibility.toml")
    [item] = [i for i in items_of(doc) if i["id"] == "quarterly-major-report"]
    assert "at county level or above" in item["question"]
    assert "county-level" not in item["question"]
    assert "县级以上" in item["question_zh"]
    assert "矿山安全监察机构" in item["question_zh"]
    assert "煤矿安全监察机构" not in item["question_zh"]
