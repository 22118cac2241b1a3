"""A domain review, sixth pass: the directive checklists' items against DOMAIN §4.

Each test pins what an inspector reads in the bundled checklist, in English and Chinese."""

from __future__ import annotations

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
