"""The words of a report and of a problem said in Chinese (report/labels.py,
report/reasons_zh.py), as a reader of a Chinese report or of `verify --lang zh` meets them: each
kind of field in a reason put in its Chinese word, and what has no translation left as written.
"""

from __future__ import annotations

import pytest

from minecheck.report.labels import Labels

ZH = Labels("zh")
EN = Labels("en")


def test_a_language_with_no_words_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match=r"\Aunknown language 'fr'\Z"):
        Labels("fr")


@pytest.mark.parametrize(
    ("said", "chinese"),
    [
        ("invalid TOML: Unclosed array", "TOML 格式错误：数组没有闭合"),
        ("invalid JSON: Expecting value", "JSON 格式错误：此处应为一个值"),
        ("invalid TOML: Cannot declare ('a',) twice", "TOML 格式错误：('a',) 不能声明两次"),
        # a parser's words with no translation are kept as the parser wrote them
        ("invalid TOML: something new", "TOML 格式错误：something new"),
    ],
)
def test_a_parser_s_words_in_a_problem_are_said_in_chinese(said: str, chinese: str) -> None:
    assert ZH.reason(said) == chinese
    assert EN.reason(said) == said


@pytest.mark.parametrize(
    ("method", "named"),
    [
        ("self", "自行验收（self）"),
        ("third-party", "第三方验收（third-party）"),
        ("by-guess", "by-guess"),  # no such method: as the file wrote it
    ],
)
def test_an_acceptance_method_refused_for_a_major_is_named_in_chinese(
    method: str, named: str
) -> None:
    reason = (
        f"a major hidden danger cannot be accepted by {method} assessment; it needs "
        "expert-review, third-party or regulator-onsite"
    )
    assert ZH.reason(reason) == (
        f"重大隐患不能采用{named}；须专家评审（expert-review）、第三方（third-party）"
        "或监管部门现场（regulator-onsite）验收"
    )


@pytest.mark.parametrize(
    ("said", "chinese"),
    [
        ("severity must be a string", "severity 必须是字符串"),
        ("findings must be an array", "findings 必须是数组"),
        # "{name} must be {kind}" is a type's words only: a list of choices is the next template
        (
            "severity must be one of major, general, not grave",
            "severity 必须是 major、general 之一，而不是 grave",
        ),
        ("severity must be green", "severity must be green"),
    ],
)
def test_a_value_of_the_wrong_kind_is_named_in_chinese(said: str, chinese: str) -> None:
    assert ZH.reason(said) == chinese


@pytest.mark.parametrize(
    ("said", "chinese"),
    [
        (
            "inspection: missing required key id in [inspection]",
            "inspection：[inspection] 表缺少必需的键 id",
        ),
        (
            "findings[2].item: missing required key id in [inspection]",
            "findings[2].item：[inspection] 表缺少必需的键 id",
        ),
        # after a key path, words with no translation: the whole line as written
        ("inspection: a thing nobody wrote", "inspection: a thing nobody wrote"),
    ],
)
def test_a_key_path_before_a_schema_s_words_is_kept(said: str, chinese: str) -> None:
    assert ZH.reason(said) == chinese


def test_the_dimensions_of_a_group_table_are_named_in_the_report_s_language() -> None:
    """The heading "By site, month" / "按单位、月份统计"."""
    assert ZH["groups"].format(dims=ZH.dims(("site", "month"))) == "按单位、月份统计"
    assert EN["groups"].format(dims=EN.dims(("site", "month"))) == "By site, month"


@pytest.mark.parametrize(
    ("status", "include_untrusted", "en", "zh"),
    [
        ("untrusted-key", True, "untrusted-key (counted, marked)", "密钥未受信任（已计入并标注）"),
        ("untrusted-key", False, "untrusted-key", "密钥未受信任"),
        ("trusted", True, "trusted", "受信任"),
        ("bad-signature", True, "bad-signature", "签名无效"),  # never counted: never marked
    ],
)
def test_a_document_counted_though_not_trusted_is_marked_so(
    status: str, include_untrusted: bool, en: str, zh: str
) -> None:
    assert EN.status(status, include_untrusted) == en
    assert ZH.status(status, include_untrusted) == zh


@pytest.mark.parametrize(
    ("dimension", "value", "en", "zh"),
    [
        ("state", "rectified", "rectified", "已整改待验收"),
        ("severity", "major", "major", "重大"),
        ("site", "", "—", "—"),
        ("site", "东门", "东门", "东门"),
    ],
)
def test_a_group_s_value_is_named_in_words_and_a_blank_one_shown_as_a_dash(
    dimension: str, value: str, en: str, zh: str
) -> None:
    assert (EN.value(dimension, value), ZH.value(dimension, value)) == (en, zh)


@pytest.mark.parametrize(
    ("said", "chinese"),
    [
        ("cannot be read: [Errno 13] Permission denied", "无法读取：[Errno 13] Permission denied"),
        ("duplicate key a", "键 a 重复"),  # a field of one character is a field
        ("key K is revoked", "密钥 K 已被吊销"),
        ("source s is malformed: the file is empty", "来源 s 格式有误：文件为空"),
    ],
)
def test_what_a_field_holds_is_kept_as_written(said: str, chinese: str) -> None:
    """An operating system's words after "cannot be read:" are no SSH format error: shown as
    the system wrote them, inside the Chinese."""
    assert ZH.reason(said) == chinese


@pytest.mark.parametrize("said", ["duplicate key ", "unknown action ", "key  is revoked"])
def test_a_reason_with_a_field_left_empty_is_not_taken_for_its_template(said: str) -> None:
    """Each field of a template holds one character at least: a text with one empty is shown
    as written, not made into a Chinese sentence with a hole in it."""
    assert ZH.reason(said) == said
