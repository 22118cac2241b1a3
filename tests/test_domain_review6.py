"""A domain review, sixth pass: the directive checklists' items against DOMAIN §4.

Each test pins what an inspector reads in the bundled checklist, in English and Chinese."""

from __future__ import annotations

import re

import pytest

from tests.test_bundled_checklists import CHECKLIST_DIR, items_of, load


def _item(checklist: str, item_id: str) -> dict[str, object]:
    [item] = [i for i in items_of(load(CHECKLIST_DIR / f"{checklist}.toml")) if i["id"] == item_id]
    return item


def test_a_closed_mines_shafts_are_filled_and_sealed_and_signs_posted() -> None:
    # DOMAIN §4.5, CR24-70: closure requires the shafts filled and sealed and signs posted (with
    # the licences revoked and power and explosives cut); "filled or capped" let a shaft only
    # capped comply, and no sign was asked for
    item = _item("territorial-leadership", "closed-mines-sealed")
    assert "shafts filled and sealed" in str(item["question"])
    assert "signs posted" in str(item["question"])
    assert "井筒填实并封闭" in str(item["question_zh"])
    assert "设立标识牌" in str(item["question_zh"])
    text = f"{item['question']} {item['question_zh']}"
    assert [w for w in ("filled or capped", "填实或者封堵") if w in text] == []
    assert "licences revoked" in str(item["guidance"])
    assert "吊销或者注销" in str(item["guidance_zh"])


def test_closure_is_requested_for_a_mine_producing_without_its_licences() -> None:
    # DOMAIN §4.3, HM24: no or incomplete licences, or two majors within 3 months while
    # producing, each lead to a closure request; the department checklist asked the second only
    by_id = {i["id"]: i for i in items_of(load(CHECKLIST_DIR / "department-supervision.toml"))}
    item = by_id["unlicensed-closure-request"]
    assert item["question"] == (
        "Closure was requested for every mine found producing without the licences it needs, "
        "or with incomplete ones."
    )
    assert item["question_zh"] == "对无证或者证照不全从事生产的矿山，提请予以关闭。"
    assert (item["severity"], item["basis"], item["directives"]) == (
        "general",
        ["HM24"],
        ["D4", "D9"],
    )
    ids = list(by_id)
    assert ids.index("unlicensed-closure-request") == ids.index("repeat-major-closure-request") + 1


DIRECTIVE_CHECKLISTS = (
    "department-supervision",
    "disaster-monitoring-intrinsic",
    "enterprise-responsibility",
    "illegal-production",
    "rectification-quality",
    "territorial-leadership",
)


@pytest.mark.parametrize("checklist", DIRECTIVE_CHECKLISTS)
def test_a_directive_checklists_edition_names_every_directive_its_items_serve(
    checklist: str,
) -> None:
    # `checklists show` gives the edition as what the checklist implements: a directive its
    # items serve (rectification-quality's look-back, D8) missing there is missing for the reader
    doc = load(CHECKLIST_DIR / f"{checklist}.toml")
    served = {code for item in items_of(doc) for code in item.get("directives", [])}
    edition = doc["checklist"]["edition"]
    named = set(re.findall(r"D\d+", edition["edition"]))
    named_zh = set(re.findall(r"D\d+", edition["edition_zh"]))
    assert (served - named, served - named_zh) == (set(), set())
    assert set(doc["checklist"]["directives"]) == served
