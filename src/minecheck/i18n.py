"""Every message a person reads, in English and in Chinese.

The API is two functions:

    from minecheck.i18n import t
    t("draft {id} kept", id=draft.id)     # the message in the current language, fields filled in
    set_language("zh")                     # once, where a command knows its language

The English text is the key; `ZH` holds its Chinese. Fields are named `{like_this}` and are the
same in both. A message missing from `ZH` is shown in English, and a test fails for any literal
`t("...")` in the package that has no Chinese. Result and severity words (`compliant`, `major`,
...) are messages too, so `t(finding.result)` shows them in the inspector's language.
"""

from __future__ import annotations

LANGUAGES = ("en", "zh")
_current = "en"


def set_language(lang: str) -> None:
    """Choose the language of every message from now on (`en` or `zh`)."""
    global _current
    _current = lang if lang in LANGUAGES else "en"


def language() -> str:
    return _current


def t(message: str, /, **fields: object) -> str:
    """`message` in the current language, with its `{fields}` filled in."""
    text = ZH.get(message, message) if _current == "zh" else message
    return text.format(**fields) if fields else text


ZH: dict[str, str] = {
    # prompts
    "{label}: ": "{label}：",
    "{label} [{default}]: ": "{label} [{default}]：",
    # results and grades
    "compliant": "符合",
    "noncompliant": "不符合",
    "not-applicable": "不适用",
    "not-checked": "未检查",
    "major": "重大",
    "general": "一般",
    # the question
    "y compliant · n non-compliant · a not applicable · s skip · b back · ? guidance"
    " · q save and quit": "y 符合 · n 不符合 · a 不适用 · s 跳过 · b 返回 · ? 说明 · q 保存并退出",
    "A skipped item comes back:": "跳过的条目现在再次提问：",
    "evidence required": "必须提供佐证",
    "evidence recommended": "建议提供佐证",
    "earlier answer": "原答案",
    "Enter the reading in {unit} (limit {limit}), or a key": "请输入 {unit} 读数（限值 {limit}），或按键",
    "this item is judged by its reading: type the value": "本条目按读数判定：请输入数值",
    "'{given}' is not an answer: use one of the keys above": "“{given}”不是有效回答：请使用上面列出的按键",
    "{value} {unit} is within the limit {limit} → compliant": "{value} {unit} 在限值 {limit} 以内 → 符合",
    "{value} {unit} is above the limit {limit} → non-compliant": "{value} {unit} 超过限值 {limit} → 不符合",
    "{value} {unit} is below the limit {limit} → non-compliant": "{value} {unit} 低于限值 {limit} → 不符合",
    "a reading must be a finite number": "读数必须是有限的数值",
    "a reading cannot be negative": "读数不能为负数",
    "a reading in {unit} cannot be above 100": "以 {unit} 计的读数不能超过 100",
    "the unit of this reading is {unit}, not {given}": "本读数的单位是 {unit}，不是 {given}",
    "item '{item}' is judged by its reading: give the value": "条目“{item}”按读数判定：请给出数值",
    # the finding
    "Description of the hidden danger": "隐患描述",
    "a non-compliant finding needs a description": "不符合项必须填写隐患描述",
    "Location": "位置",
    "Severity (major/general)": "隐患等级（重大/一般）",
    "'{given}': the severity is major (重大) or general (一般)": "“{given}”：隐患等级为 重大（major）或 一般（general）",
    "Reason for lowering the severity": "降低等级的理由",
    "a reason is needed": "必须填写理由",
    "Rectification measures": "整改措施",
    "Responsible unit / person": "责任单位/人",
    "Deadline (YYYY-MM-DD)": "整改期限（YYYY-MM-DD）",
    "'{given}' is not a date like {example}": "“{given}”不是形如 {example} 的日期",
    "{date} is in the past: give a deadline from today on": "{date} 已经过去：整改期限不能早于今天",
    "Evidence so far:": "已有佐证：",
    "Evidence file (empty to finish)": "佐证文件（留空结束）",
    "Evidence file (empty to finish, -N removes entry N)": "佐证文件（留空结束，输入 -N 删除第 N 项）",
    "there is no entry {number}": "没有第 {number} 项",
    "This item requires evidence. Why is there none?": "本条目必须提供佐证。为什么没有？",
    # the review
    "Review": "复核",
    "NO.": "编号",
    "ITEM": "条目",
    "GRADE": "等级",
    "DEADLINE": "整改期限",
    "DESCRIPTION": "隐患描述",
    "not answered (will be recorded as not-checked)": "未作答（将记为未检查）",
    "Enter: sign and write · an item number or id: answer it again"
    " · q: save and quit": "回车：签名并保存 · 输入条目编号：重新作答 · q：保存并退出",
    "no item '{given}' to answer again; did you mean {close}?": "没有可重新作答的条目“{given}”；您是指 {close} 吗？",
    "no item '{given}' to answer again": "没有可重新作答的条目“{given}”",
    "this is the first question": "这已经是第一个问题",
    # keys and drafts
    "You have no signing key yet; findings are signed so anyone can check them.": "您还没有签名密钥；检查结果需要签名，以便任何人都能核验。",
    "Create one now? Principal [{principal}] (or n to stop): ": "现在创建一个吗？签名身份 [{principal}]（输入 n 停止）：",
    "created {path} ({fingerprint})": "已创建 {path}（{fingerprint}）",
    "allowed_signers line: {line}": "allowed_signers 行：{line}",
    "Trust this key on this computer too (for minecheck verify)? [Y/n] ": "在本机也信任此密钥（供 minecheck verify 使用）吗？[Y/n] ",
    "{path}: trusting {fingerprint} for {principal}": "{path}：信任 {fingerprint}，签名身份 {principal}",
    "no signing key": "没有签名密钥",
    "Inspector (your name as it should appear){shown}: ": "检查人员（记录中显示的姓名）{shown}：",
    "a name is needed, without control characters": "必须填写姓名，且不能含控制字符",
    "An unfinished draft of this checklist and site exists ({id}, {count} answers). "
    "Resume it? [Y/n] ": "本检查表和场所有一份未完成的草稿（{id}，已答 {count} 项）。继续吗？[Y/n] ",
    "output": "输出文件",
    "tags": "标签",
    "language": "语言",
    "the draft keeps its own settings: {kept}": "草稿保留其原有设置：{kept}",
    "this draft was started with checklist {checklist} version {old}; "
    "it is now version {new}. ": "本草稿开始时使用检查表 {checklist} 的 {old} 版；现在是 {new} 版。",
    "Answers to removed items were dropped: {items}. ": "已删除条目的答案被舍弃：{items}。",
    "New items will be asked.": "新增条目将会提问。",
    "draft {id} (answers are saved as you go)": "草稿 {id}（每个回答都会自动保存）",
    "interrupted; draft {id} kept": "已中断；草稿 {id} 已保留",
    "interrupted before signing; draft {id} kept": "签名前中断；草稿 {id} 已保留",
    "saved draft {id}; resume with: minecheck drafts resume {id}": "草稿 {id} 已保存；继续请运行：minecheck drafts resume {id}",
    "your answers are kept: minecheck drafts resume {id}": "您的回答已保留：minecheck drafts resume {id}",
    "signed and written: {path}": "已签名并写入：{path}",
    "draft {id} is open in another minecheck (process {pid})": "草稿 {id} 正在另一个 minecheck 中打开（进程 {pid}）",
    "finish or quit that one first": "请先完成或退出那一个",
    # tables and other commands
    "ID": "编号",
    "VERSION": "版本",
    "ITEMS": "条目数",
    "MAJOR": "重大",
    "TITLE": "标题",
    "BASIS": "依据",
    "QUESTION": "检查内容",
    "DRAFT": "草稿",
    "CHECKLIST": "检查表",
    "SITE": "场所",
    "ANSWERED": "已答",
    "UPDATED": "更新时间",
    "PRINCIPAL": "签名身份",
    "FINGERPRINT": "指纹",
    "PATH": "路径",
    "discarded draft {id}": "已删除草稿 {id}",
    "no unfinished inspections": "没有未完成的检查",
    "nothing was discarded": "未删除任何内容",
    "Passphrase for {path}": "{path} 的口令",
    "Passphrase for the new key (empty for none)": "新密钥的口令（留空表示不设口令）",
    "Same passphrase again": "再次输入同一口令",
    "The passphrases differ, try again.": "两次口令不一致，请重试。",
    "the passphrases differed three times; no key was created": "口令三次不一致；未创建密钥",
    "no terminal to ask for a passphrase: the key is not encrypted": "没有终端可询问口令：密钥未加密",
    # inspect
    "{path} is a directory": "{path} 是一个目录",
    "{path} already exists": "{path} 已存在",
    "choose another -o, or pass --force": "请另选 -o，或加上 --force",
    "directory {path} does not exist": "目录 {path} 不存在",
}
