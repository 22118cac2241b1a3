"""The Chinese a user reads says one idea with one term, the regulations' term where they have
one, in one register, with Chinese punctuation inside Chinese sentences: the message catalogue,
the report's labels, the help and every Chinese guide. (The bundled checklists are versioned
documents that signed findings cite; their words are not held here.)"""

from __future__ import annotations

import re
from pathlib import Path

from minecheck.i18n import ZH
from minecheck.report.labels import _EN, _ZH
from minecheck.report.reasons_zh import PARSER_WORDS_ZH, REASONS_ZH
from tests.conftest import REPO

# A variant, the term chosen instead, and why. The chosen terms are the words of the Work Safety
# Law and of the enforcement documents (现场检查记录: 检查人员, 被检查单位) or the one the product
# already used most.
GLOSSARY = (
    # an inspector: 检查员 is a job in a mine (瓦斯检查员, the gas inspector), not the official
    (r"(?<!瓦斯)检查员|检查人(?!员)", "检查人员"),
    # the inspected site: the law's and the inspection record's 被检查单位
    (r"受检单位", "被检查单位"),
    # who signed a file
    (r"签名者", "签名人"),
    (r"签署时间", "签名时间"),
    # an item of a checklist, and a section of it (节 alone numbers a guide's sections)
    (r"检查项", "条目"),
    (r"章节", "部分"),
    # what `verify` does to a signature or a file
    (r"验证", "核验"),
    # the persons named by --reviewer, who accept a rectification on site (验收人员 of a ledger)
    (r"核查人|验收人(?!员)", "验收人员"),
    # a file that supports an answer; a signed record is a 凭证 (证据 stays where a thing is
    # kept as evidence in a case: 作为证据收存)
    (r"(?<!作为)证据", "佐证"),
    # the allowed_signers file
    (r"信任列表", "信任文件"),
    # one register: the reader is 您
    (r"你", "您"),
    # what summary and export make, as every message says it (a mine's own 产量报表 is not one)
    (r"(?<!产量)报表", "报告"),
)

SOURCES = sorted((REPO / "src" / "minecheck").rglob("*.py"))
GUIDES = sorted((REPO / "docs").glob("*.zh.md"))
CATALOGUES = (ZH, _ZH, REASONS_ZH, PARSER_WORDS_ZH)


def _lines(paths: list[Path]) -> list[tuple[str, str]]:
    return [
        (f"{path.relative_to(REPO)}:{n}", line.strip())
        for path in paths
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
    ]


def test_one_idea_is_said_with_one_term_in_chinese() -> None:
    """The report said 检查项目 and 检查人 where the guide that explains its columns said 条目
    and 检查人员; 被检查单位 and 受检单位, 签名者 and 签名人, 验证 and 核验, 证据 and 佐证
    stood side by side for one thing each."""
    found = [
        f"{where}: {variant!r} (say {chosen}): {line}"
        for variant, chosen in GLOSSARY
        for where, line in _lines(SOURCES + GUIDES)
        if re.search(variant, line)
    ]
    assert found == []


def _pairs() -> list[tuple[str, str]]:
    labels = [(_EN.get(key, key), zh) for key, zh in _ZH.items()]
    return [*ZH.items(), *labels, *REASONS_ZH.items()]


# The English word, and the Chinese term its message must carry. `{site}` is a field, and a
# site's kind and tags are 场所类型 and 场所标签 (tests/test_messages.py).
EN_TO_ZH = (
    (r"(?<!kind of )\bsites?\b(?! kind| tag)", "单位"),
    (r"\binspectors?\b", "检查人员"),
)


def test_an_english_term_is_said_with_its_chinese_term() -> None:
    """merge said that the documents of one inspection name different 矿井, where every other
    message and the report call a site 单位; the report's column of inspectors was 检查人."""
    found = [
        f"{en!r} => {zh!r} (say {chosen})"
        for pattern, chosen in EN_TO_ZH
        for en, zh in _pairs()
        if re.search(pattern, re.sub(r"\{\w+\} sites|\{\w+\}", "", en), re.IGNORECASE)
        and chosen not in zh
    ]
    assert found == []


CJK = r"[\u3400-\u9fff]"
HALF_WIDTH = re.compile(rf"{CJK}[,:;?!()]|[,:;?!()]{CJK}")
# Left half-width on purpose: a key typed (`? 检查要点`), the character shown for what cannot be
# shown (“?”), the characters of a principals pattern (*、? 和 !), and `path: status:` at the
# start of verify's line, which scripts split on.
HALF_WIDTH_KEPT = ("? 检查要点", "“?”", "? 和 !", "{path}: {status}:")


def test_chinese_sentences_take_full_width_punctuation() -> None:
    found = [
        zh
        for table in CATALOGUES
        for zh in table.values()
        if HALF_WIDTH.search(zh) and not any(kept in zh for kept in HALF_WIDTH_KEPT)
    ]
    assert found == []


# A list of item ids (`gas-overlimit (noncompliant → compliant)`) is Latin text: it stands apart
# from the Chinese around it, as every field of Latin text in the catalogue does ({what}, {names}
# and {action} hold Chinese words and are written close).
ITEMS_CLOSE = re.compile(rf"{CJK}\{{items\}}|\{{items\}}{CJK}")


def test_a_list_of_item_ids_is_spaced_from_chinese() -> None:
    """merge's warning of one signer's two answers read `… → compliant)的结论不同`."""
    found = [zh for table in CATALOGUES for zh in table.values() if ITEMS_CLOSE.search(zh)]
    assert found == []


# A measure (a limit, a number of days) is written in Arabic digits, as the catalogue writes its
# limits (10 分钟, 30 天, 64 个字符); characters stay for fixed and approximate expressions
# (一天, 三年行动, 几十秒).
MEASURE_IN_CHARACTERS = re.compile(
    r"(?<!几)[十百千][一二三四五六七八九]?\s?(?:分钟|秒|天|日|字节|个字符)"
)


def test_a_measure_is_written_in_digits() -> None:
    """Of the same ten minutes, verify said a created time was "晚 10 分钟以上" the clock and
    merge said "晚十分钟以上"."""
    found = [
        f"{where}: {line}"
        for where, line in _lines(SOURCES + GUIDES)
        if MEASURE_IN_CHARACTERS.search(line)
    ]
    assert found == []
