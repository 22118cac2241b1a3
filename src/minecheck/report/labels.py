"""The words of a summary report in English and Chinese: headings, measures, values.

Data formats (json, nl, csv) keep fixed English keys for scripts; the human formats (table, md,
html) take every word from here, so a report follows `--lang` throughout.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from minecheck.errors import Problem
    from minecheck.report.zone import Calendar

_EN: dict[str, str] = {
    # headings
    "title": "Hidden-danger inspection and rectification summary",
    "as_of": "As of",
    "scope": "Scope",
    "headline": "Headline figures",
    "groups": "By {dims}",
    "total": "Total",
    "severity_state": "Hidden dangers by severity and state",
    "open_majors_by_site": "Open major hidden dangers by site",
    "progress": "Rectification progress by month",
    "overdue_by_responsible": "Overdue hidden dangers by responsible unit",
    "closing": "Closure: time, acceptance, rebounds",
    "stock": "Major hidden dangers this month ({month}): stock and increment",
    "stock_measure": "Major hidden dangers",
    "majors_stock": "Stock: open when the month began (found before it)",
    "majors_stock_cleared": "of which closed or withdrawn by the report date",
    "majors_increment": "Increment: found from the month's first day to the report date",
    "majors_increment_open": "of which still open",
    "documents": "Documents not counted",
    "documents_included": "Documents not trusted or not counted",
    "counted_mark": " (counted, marked)",
    "rejected": "Follow-up events not applied",
    "none": "None.",
    "rejected_later_one": (
        "None by the report date: 1 follow-up document dated after it is not counted."
    ),
    "rejected_later": "None by the report date: {n} follow-up documents dated after it are not "
    "counted.",
    "not_recorded": "(not recorded)",
    "empty_value": "—",
    "untrusted_note": "Includes {n} finding(s) from documents that are not trusted.",
    "generated": "Report as of {date}. The same documents always give the same report.",
    "generated_zone": "Report as of {date}, local days in {zone}. The same documents in the same "
    "time zone always give the same report.",
    "as_of_zone": "{day}, {zone}",
    "zone_named": "{name} (UTC{offset})",
    "zone_offset": "UTC{offset}",
    "page": "Page",
    "chart_label": "Chart: {title}. The table of the same name gives its figures.",
    "chart_more": "{n} of {total} drawn; the table lists them all.",
    # scope
    "inspections": "Inspections",
    "sites": "Sites",
    "documents_listed": "Documents not counted",
    "documents_listed_included": "Documents not trusted or not counted",
    "dated_later": "every document is dated after that day: none is counted",
    "rejected_events": "Follow-up events not applied",
    # measures (headline and group columns)
    "findings": "Checklist items",
    "hidden_dangers": "Hidden dangers",
    "majors": "Major",
    "open": "Open",
    "open_majors": "Open major",
    "overdue": "Overdue",
    "overdue_majors": "Overdue major",
    "closed": "Closed",
    "no_enforcement": "Open major, no enforcement",
    "repeat_major": "Repeat major",
    "inconsistent": "Inconsistent",
    "untrusted": "From untrusted documents",
    "not_checked_note": "(incl. {n} not checked)",
    # progress columns
    "month": "Month",
    "found": "Found",
    "rectified": "Rectified",
    "closed_in_month": "Closed",
    "mean_days": "Mean days to close",
    "independent": "Accepted by expert, third party or regulator",
    "reopened_after": "Reopened after closure",
    "n_of_total": "{n} of {total}",
    # other columns
    "site": "Site",
    "checklist": "Checklist",
    "item": "Item",
    "severity": "Severity",
    "inspector": "Inspector",
    "state": "State",
    "clause": "Clause",
    "aspect": "Aspect",
    "clause.": "(cites no clause)",
    "aspect.": "(cites no clause)",
    "cited_note.clause": (
        "A hidden danger that cites several clauses is counted once under each: the rows may "
        "add up to more than the total. Findings that are no hidden danger cite none."
    ),
    "cited_note.aspect": (
        "A hidden danger is counted once under each aspect its clauses belong to: the rows may "
        "add up to more than the total. Findings that are no hidden danger cite none."
    ),
    "joint_note": (
        "A joint inspection's finding is counted once under each of its inspectors: the rows "
        "may add up to more than the total."
    ),
    "responsible": "Responsible unit",
    "count": "Count",
    "measure": "Measure",
    "path": "File",
    "status": "Status",
    "reason": "Reason",
    "finding": "Finding",
    "action": "Action",
    "at": "At",
    # value words
    "severity.major": "major",
    "severity.general": "general",
    "state.open": "open",
    "state.rectifying": "rectifying",
    "state.rectified": "rectified",
    "state.accepted": "accepted",
    "state.closed": "closed",
    "state.escalated": "escalated",
    "state.withdrawn": "withdrawn",
}

_ZH: dict[str, str] = {
    "title": "隐患排查整改情况汇总",
    "as_of": "统计截至",
    "scope": "统计范围",
    "headline": "主要数据",
    "groups": "按{dims}统计",
    "total": "合计",
    "severity_state": "隐患按等级和状态",
    "open_majors_by_site": "各单位未销号重大隐患",
    "progress": "逐月整改进度",
    "overdue_by_responsible": "逾期隐患（按责任单位）",
    "closing": "销号情况：用时、验收、反弹",
    "stock": "本月（{month}）重大事故隐患存量与增量",
    "stock_measure": "重大事故隐患",
    "majors_stock": "存量：月初未销号（此前排查出）",
    "majors_stock_cleared": "其中截至统计日已销号或撤销",
    "majors_increment": "增量：本月1日至统计日新排查出",
    "majors_increment_open": "其中仍未销号",
    "documents": "未计入的文件",
    "documents_included": "未受信任或未计入的文件",
    "counted_mark": "（已计入并标注）",
    "rejected": "未采纳的跟踪记录",
    "none": "无。",
    "rejected_later_one": "截至统计日无；1 份跟踪记录的日期晚于统计日，未计入。",
    "rejected_later": "截至统计日无；{n} 份跟踪记录的日期晚于统计日，未计入。",
    "not_recorded": "（未填写）",
    "empty_value": "—",
    "untrusted_note": "其中 {n} 条来自未受信任的文件。",
    "generated": "数据截至 {date}。相同的文件始终生成相同的报告。",
    "generated_zone": "数据截至 {date}，按 {zone}的日期计算。"
    "相同的文件在相同的时区下始终生成相同的报告。",
    "as_of_zone": "{day}，{zone}",
    "zone_named": "{name}（UTC{offset}）",
    "zone_offset": "UTC{offset}",
    "page": "页",
    "chart_label": "图表：{title}。各项数字见同名表格。",
    "chart_more": "图中显示 {total} 项中的 {n} 项，表格列出全部。",
    "inspections": "检查次数",
    "sites": "被检查单位",
    "documents_listed": "未计入文件",
    "documents_listed_included": "未受信任或未计入文件",
    "dated_later": "所有文件的日期都晚于该日：均未计入",
    "rejected_events": "未采纳跟踪记录",
    "findings": "条目数",
    "hidden_dangers": "隐患",
    "majors": "重大隐患",
    "open": "未销号",
    "open_majors": "未销号重大隐患",
    "overdue": "逾期",
    "overdue_majors": "逾期重大隐患",
    "closed": "已销号",
    "no_enforcement": "未销号重大隐患未记录执法措施",
    "repeat_major": "重复重大隐患",
    "inconsistent": "检查结论不一致",
    "untrusted": "来自未受信任文件",
    "not_checked_note": "（其中未检查 {n}）",
    "month": "月份",
    "found": "发现",
    "rectified": "整改完成",
    "closed_in_month": "销号",
    "mean_days": "平均销号用时（天）",
    "independent": "经专家、第三方或监管部门验收",
    "reopened_after": "销号后反弹重新整改",
    "n_of_total": "{total} 项中 {n} 项",
    "site": "单位",
    "checklist": "检查表",
    "item": "条目",
    "severity": "等级",
    "inspector": "检查人员",
    "state": "状态",
    "clause": "依据条款",
    "aspect": "所属方面",
    "clause.": "（未引用条款）",
    "aspect.": "（未引用条款）",
    "cited_note.clause": (
        "引用多个条款的隐患在每个条款下各计一次，各行之和可能大于合计。不是隐患的条目不引用条款。"
    ),
    "cited_note.aspect": (
        "隐患在其所引条款所属的每个方面下各计一次，各行之和可能大于合计。不是隐患的条目不引用条款。"
    ),
    "joint_note": "联合检查的条目在每名检查人员下各计一次，各行之和可能大于合计。",
    "responsible": "责任单位",
    "count": "数量",
    "measure": "指标",
    "path": "文件",
    "status": "状态",
    "reason": "原因",
    "finding": "隐患",
    "action": "操作",
    "at": "时间",
    "severity.major": "重大",
    "severity.general": "一般",
    "state.open": "未整改",
    "state.rectifying": "整改中",
    "state.rectified": "已整改待验收",
    "state.accepted": "已验收",
    "state.closed": "已销号",
    "state.escalated": "已升级处理",
    "state.withdrawn": "已撤销",
    # document statuses (why a file was not counted) and follow-up actions
    "status.trusted": "受信任",
    "status.revoked": "密钥已吊销",
    "status.malformed": "文件格式错误",
    "status.bad-signature": "签名无效",
    "status.unsigned": "未签名",
    "status.untrusted-key": "密钥未受信任",
    "status.principal-mismatch": "签名身份不符",
    "status.namespace-not-allowed": "签名用途不符",
    "status.key-expired": "密钥已过有效期",
    "status.key-not-yet-valid": "密钥尚未生效",
    "status.unreadable": "无法读取",
    "status.conflict": "同一编号内容不同",
    "status.not-a-document": "不是 minecheck 文件",
    "flag.overdue": "逾期",
    "flag.no-enforcement": "未记录执法措施",
    "flag.repeat-major": "重复重大隐患",
    "action.rectified": "报告整改完成",
    "action.accepted": "验收通过",
    "action.rejected": "验收不通过",
    "action.closed": "销号",
    "action.reopened": "重新打开",
    "action.extended": "延期",
    "action.escalated": "升级处理",
    "action.withdrawn": "撤销",
    "method.self": "自行验收",
    "method.expert-review": "专家评审验收",
    "method.third-party": "第三方验收",
    "method.regulator-onsite": "监管部门现场验收",
}

_TABLES: Mapping[str, Mapping[str, str]] = {"en": _EN, "zh": _ZH}


class Labels:
    """The words of one language. A heading's or a measure's word is looked up with no fallback
    (`labels[key]`: a missing one is a bug, a KeyError); a value with no word of its own (a
    site, a unit, a text with no translation) is shown as written."""

    def __init__(self, lang: str) -> None:
        if lang not in _TABLES:
            raise ValueError(f"unknown language {lang!r}")
        self.lang = lang
        self._words = _TABLES[lang]

    def __getitem__(self, key: str) -> str:
        return self._words[key]

    def __contains__(self, key: object) -> bool:
        return key in self._words

    def zone(self, zone: Calendar) -> str:
        """A zone as a report names it: `Asia/Shanghai (UTC+08:00)`; `UTC` for UTC; the offset
        alone (`UTC+08:00`) where the zone has no known name."""
        if zone.is_utc:
            return "UTC"
        if zone.name is None:
            return self._words["zone_offset"].format(offset=zone.utc_offset)
        return self._words["zone_named"].format(name=zone.name, offset=zone.utc_offset)

    def day_in(self, day: str, zone: Calendar | None) -> str:
        """A report's day with the zone its days are local to: `2026-06-14, Asia/Shanghai
        (UTC+08:00)` (the day alone where no zone is given)."""
        return (
            day if zone is None else self._words["as_of_zone"].format(day=day, zone=self.zone(zone))
        )

    def value(self, dimension: str, value: str) -> str:
        """A grouping value as a reader sees it: states and severities translated, blanks named,
        an aspect of the criteria by its code and name."""
        if value == "":
            return self._words.get(f"{dimension}.", self._words["empty_value"])
        if dimension == "aspect":
            from minecheck.report.aspects import aspect_name

            return aspect_name(value, self.lang)
        return self._words.get(f"{dimension}.{value}", value)

    def status(self, status: str, include_untrusted: bool) -> str:
        """A document's status as listed in a report; with --include-untrusted, marked where
        the document is counted all the same."""
        from minecheck.core.trust import TrustStatus, counted

        shown = self.value("status", status)
        if status != TrustStatus.TRUSTED and counted(status, include_untrusted):
            shown += self._words["counted_mark"]
        return shown

    def reason(self, text: str) -> str:
        """Why a document or an event was left out, or what is wrong in a file, in this
        language (the Chinese: report/reasons_zh.py); a text with no translation is shown as
        written. A key path before a schema's words (`inspection: missing ...`) is kept."""
        return text if self.lang != "zh" else _in_chinese(text)

    def way(self, text: str) -> str:
        """The way a reason (`reason`'s TEXT) says a file is at fault, in this language, the
        file's own values in it left out (`…`): what a terminal's roll-up tells once and counts
        on a line (`reasons_zh.way`)."""
        from minecheck.report.reasons_zh import way

        return way(text, self.lang == "zh")

    def problem(self, problem: Problem) -> str:
        """A problem's message in this language: as made in Chinese where it was (`Problem.zh`),
        else as `reason` says its English."""
        if self.lang == "zh" and problem.zh is not None:
            return problem.zh
        return self.reason(problem.message)

    def brief(self, problem: Problem) -> str | None:
        """What a terminal is shown of a problem in this language where that differs from its
        message (`Problem.brief`); None: its message."""
        return problem.brief_zh if self.lang == "zh" else problem.brief

    def dims(self, dimensions: tuple[str, ...]) -> str:
        if self.lang == "zh":
            return "、".join(self._words[d] for d in dimensions)
        return ", ".join(self._words[d].lower() for d in dimensions)


@functools.lru_cache(maxsize=4096)
def _in_chinese(text: str) -> str:
    """`Labels("zh").reason(text)`, kept: a batch's problems say the same few things again and
    again (verify of 400 malformed files, 7,600 lines: 1.8 s of CPU against English's 0.8 s
    when each line was matched afresh; kept, as English). The rewording's templates load on
    the first text to be said in Chinese."""
    from minecheck.report.reasons_zh import reworded

    return reworded(text)
