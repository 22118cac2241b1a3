"""`--help` in Chinese: the Chinese of every help text, and the words the framework prints.

Imported only when the help is written in Chinese (`cli._help_in_chinese`). The English help
text is the key, as in `minecheck.i18n.ZH`; the words follow that catalogue (签名身份 for a
principal, 隐患, 重大, 整改, 验收, 销号, 佐证, 检查结果文件, 跟踪文件, 答案文件, 草稿, 吊销, ...).
A test fails for any command, option or argument whose help has no Chinese here.

Values a reader types (option names, metavars such as FILE, the words an option takes such as
`routine` or `jsonl`, the usage line's [OPTIONS]) stay as they are typed.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from typing import Any

# The framework's own words (its panel titles, its default and required marks, the usage line).
USAGE = ("Usage:", "用法：")  # (both six columns wide: a folded usage line keeps its indent)
WORDS_ZH = {
    "ARGUMENTS_PANEL_TITLE": "参数",
    "OPTIONS_PANEL_TITLE": "选项",
    "COMMANDS_PANEL_TITLE": "命令",
    "REQUIRED_LONG_STRING": "（必填）",
    "DEFAULT_STRING": "（默认：{}）",
}

HELP_ZH: dict[str, str] = {
    # the command line, and the framework's options
    "Mine-safety inspections: checklists, signed findings, follow-ups and reports.": (
        "矿山安全检查：检查表、签名的检查结果、整改跟踪和报告。"
    ),
    "Show the version and exit.": "显示版本号并退出。",
    "Install completion for SHELL (bash, zsh or fish), or for the shell minecheck runs in.": (
        "为 SHELL（bash、zsh 或 fish）或运行 minecheck 的 shell 安装命令补全。"
    ),
    "Show the completion script for SHELL, or for the shell minecheck runs in.": (
        "显示 SHELL 或运行 minecheck 的 shell 的补全脚本。"
    ),
    "Show this message and exit.": "显示本帮助并退出。",
    # options several commands share
    "Replace an existing output file.": "覆盖已有的输出文件。",
    "OpenSSH Ed25519 private key to sign with (default: your default key).": (
        "用于签名的 OpenSSH Ed25519 私钥（默认：您的默认密钥）。"
    ),
    "Principal to sign as (default: MINECHECK_SIGNER, then the key's).": (
        "签名所用的签名身份（默认：MINECHECK_SIGNER，其次为密钥记录的签名身份）。"
    ),
    "File (mode 0600) holding the key's passphrase; also MINECHECK_PASSPHRASE_FILE.": (
        "存放密钥口令的文件（权限 0600）；也可用 MINECHECK_PASSPHRASE_FILE 指定。"
    ),
    "Language of the text shown: en or zh (default: MINECHECK_LANG, then the locale).": (
        "显示文字的语言：en 或 zh（默认：MINECHECK_LANG，其次为系统区域设置）。"
    ),
    "Print one JSON envelope on stdout and nothing on stderr.": (
        "在标准输出打印一个 JSON 信封，标准错误不输出任何内容。"
    ),
    "Print one JSON envelope on stdout, every warning in it (without --json, stderr tells ten "
    "of a kind), and nothing on stderr.": (
        "在标准输出打印一个 JSON 信封，其中列出全部警告"
        "（不加 --json 时标准错误输出每种只显示前十条），标准错误不输出任何内容。"
    ),
    "OpenSSH allowed_signers file (default: the one in minecheck's config directory).": (
        "OpenSSH allowed_signers 文件（默认：minecheck 配置目录中的那一个）。"
    ),
    "Revoked public keys, one per line, or a KRL (default: in minecheck's config directory).": (
        "已吊销的公钥，每行一个（默认：minecheck 配置目录中的）；也可以是 KRL。"
    ),
    "Documents, directories of *.toml files, or - for a list of paths on stdin.": (
        "文件、含 *.toml 文件的目录，或用 - 从标准输入读取路径列表。"
    ),
    "Judge states and deadlines as of this date; later inspections and events are not yet known.": (
        "按此日期判断状态和整改期限；此后的检查和跟踪事件视为尚不知道。"
    ),
    "Count documents that are signed but not trusted.": "把已签名但未受信任的文件也计入。",
    "Begin CSV with a UTF-8 byte-order mark: Excel needs it to read Chinese.": (
        "在 CSV 开头写入 UTF-8 字节顺序标记：Excel 需要它才能正确读取中文。"
    ),
    "Read every file afresh: neither use nor fill the cache.": (
        "重新读取每个文件：既不使用也不写入缓存。"
    ),
    # inspect
    "Inspect a site against a checklist and write a signed findings file.": (
        "按检查表检查被检查单位，并写出签名的检查结果文件。"
    ),
    "Checklist id, or path to a checklist file.": "检查表编号，或检查表文件的路径。",
    "Mine or unit name, as you write it.": "矿井或单位名称，按您的写法记录。",
    "Stable code: mine ID, credit code.": "固定代码：矿井编号、统一社会信用代码。",
    "A site kind (coal-underground, coal-open-pit, mnm-underground, mnm-open-pit, tailings-pond,"
    " government, department, enterprise) or a hazard (high-gas, outburst, rock-burst,"
    " spontaneous-combustion, complex-hydrogeology, under-construction); repeatable.": (
        "场所类型（coal-underground、coal-open-pit、mnm-underground、mnm-open-pit、"
        "tailings-pond、government、department、enterprise）或灾害类型（high-gas、outburst、"
        "rock-burst、spontaneous-combustion、complex-hydrogeology、under-construction）；可重复。"
    ),
    "routine, unannounced, night, special, follow-up or self-inspection.": (
        "routine、unannounced、night、special、follow-up 或 self-inspection。"
    ),
    "Shared id of a joint inspection (a UUID).": "联合检查共用的检查编号（UUID）。",
    "Your name as it should appear.": "检查人员姓名，按记录中显示的写法。",
    "Answers file (TOML or JSON), or - for standard input.": (
        "答案文件（TOML 或 JSON），或用 - 从标准输入读取。"
    ),
    "Record items missing from --answers as not-checked.": "--answers 中缺少的条目记为未检查。",
    "Where to write the signed findings: a file, or a directory for the default name"
    " CHECKLIST-YYYYMMDD-HHMMSS.toml (in the current directory without -o; a short id is added"
    " where that name is taken).": (
        "签名的检查结果写到哪里：一个文件，或一个目录（使用默认文件名 "
        "CHECKLIST-YYYYMMDD-HHMMSS.toml；不给 -o 时写在当前目录；该文件名已被占用时加上简短编号）。"
    ),
    # followup
    "Record a step of a hidden danger's rectification as a signed follow-up document.": (
        "把隐患整改的一个步骤记录为签名的跟踪文件。"
    ),
    "<inspection-id>/<item>; an unambiguous prefix of the id will do.": (
        "<inspection-id>/<item>；检查编号写出不致混淆的前缀即可。"
    ),
    "rectified, accepted, rejected, closed, reopened, extended, escalated, withdrawn.": (
        "rectified、accepted、rejected、closed、reopened、extended、escalated、withdrawn。"
    ),
    "What was done, or why.": "做了什么，或者原因。",
    "For accepted: self, expert-review, third-party, regulator-onsite.": (
        "用于 accepted（验收）：self、expert-review、third-party、regulator-onsite。"
    ),
    "For accepted: a reviewer (repeatable).": "用于 accepted（验收）：验收人员（可重复）。",
    "For extended: the new date, YYYY-MM-DD.": "用于 extended（延期）：新的期限，YYYY-MM-DD。",
    "A file to hash in (repeatable).": "计入其哈希值的文件（可重复）。",
    "When it happened, e.g. 2026-12-10T09:00:00Z (default: now).": (
        "发生时间，如 2026-12-10T09:00:00Z（默认：当前时间）。"
    ),
    "Many events from a TOML or JSON file, or - for stdin. Each event needs only finding and"
    " action (at defaults to now); document_id, created, signer, signer_key and tool are filled"
    " in unless a \\[minecheck] table states them. See docs/formats.md.": (
        "从 TOML 或 JSON 文件读取多个事件，或用 - 从标准输入读取。每个事件只需 finding 和 "
        "action（at 默认为当前时间）；document_id、created、signer、signer_key 和 tool "
        "除非在 \\[minecheck] 表中写明，否则自动填写。见 docs/formats.md。"
    ),
    "Findings file to resolve FINDING-REF against (default: ./*.toml).": (
        "用来查找 FINDING-REF 的检查结果文件（默认：./*.toml）。"
    ),
    "Where to write the follow-up document: a file, or a directory for the default name"
    " followup-YYYYMMDD-HHMMSS.toml (in the current directory without -o; a short id is added"
    " where that name is taken).": (
        "跟踪文件写到哪里：一个文件，或一个目录（使用默认文件名 "
        "followup-YYYYMMDD-HHMMSS.toml；不给 -o 时写在当前目录；该文件名已被占用时加上简短编号）。"
    ),
    # merge, extract
    "Merge several inspectors' signed documents into one signed envelope.": (
        "把多名检查人员签名的文件合并为一个签名的合并文件。"
    ),
    "Findings, follow-up or merged documents; - for a list of paths on stdin.": (
        "检查结果文件、跟踪文件或合并文件；- 表示从标准输入读取路径列表。"
    ),
    "The merged document to write.": "要写出的合并文件。",
    "Exit 1 when inspectors disagree on any item, or on the site.": (
        "检查人员对任何条目或对被检查单位结论不一致时，退出码为 1。"
    ),
    "Embed sources whose key is not trusted here.": "也收入其密钥在本机未受信任的来源文件。",
    "Write the sources of a merged document back out, byte for byte.": (
        "把合并文件中的来源文件逐字节原样写出。"
    ),
    "A merged document.": "一个合并文件。",
    "Directory for the sources.": "存放来源文件的目录。",
    # export
    "Export rows for a spreadsheet or a database: one per consolidated finding, with its state"
    " and flags, or one per follow-up event and per hidden danger found (--rows events).": (
        "导出供电子表格或数据库使用的行：每条合并结论一行（含其状态和标记），"
        "或每个整改跟踪事件及每项排查出的隐患各一行（--rows events）。"
    ),
    "jsonl, csv or parquet (with the parquet extra).": (
        "jsonl、csv 或 parquet（需安装 parquet 附加组件）。"
    ),
    "Write here instead of standard output (- is standard output).": (
        "写到此处而不是标准输出（- 即标准输出）。"
    ),
    "findings: one row per consolidated finding; events: one row per follow-up event and per"
    " hidden danger found, with its day and whether it was applied (CSV or JSONL).": (
        "findings：每条合并结论一行；events：每个整改跟踪事件及每项排查出的隐患各一行，"
        "含其日期及是否被采纳（CSV 或 JSONL）。"
    ),
    # summary
    "Summarise findings, follow-ups and merged files: counts, open and overdue hidden dangers.": (
        "汇总检查结果、整改跟踪和合并文件：数量、未销号和逾期的隐患。"
    ),
    "Group by site, checklist, item, severity, inspector, month, state, clause or aspect (the"
    " clauses a hidden danger cites, or the parts of the criteria they belong to; repeatable,"
    " or comma-separated).": (
        "按 site、checklist、item、severity、inspector、month、state、clause 或 aspect 分组"
        "（后两者按隐患引用的条款及其所属方面；可重复，或用逗号分隔）。"
    ),
    "table, md, csv, json, nl or html (default: table on a terminal, else md).": (
        "table、md、csv、json、nl 或 html（默认：在终端上为 table，否则为 md）。"
    ),
    "Write the report to this file (- for standard output).": (
        "把报告写到此文件（- 即标准输出）。"
    ),
    "Exit 1 when open findings meet this level: major, any or overdue.": (
        "未销号隐患达到此级别时退出码为 1：major、any 或 overdue。"
    ),
    # show
    "Show documents readably: header, trust, each hidden danger with its state and deadline.": (
        "以易读的方式显示文件：文件头、信任状态、每项隐患及其状态和整改期限。"
    ),
    "Documents; follow-ups given with findings; - for a list of paths on stdin.": (
        "文件；跟踪文件与检查结果文件一同给出；- 表示从标准输入读取路径列表。"
    ),
    # sign
    "Sign an unsigned minecheck document after checking its schema (in place, or to -o).\n\n"
    "The smallest input is a \\[minecheck] table holding only its format line, then the"
    " document's tables. sign fills in document_id, created (now), signer, signer_key and tool"
    " where they are absent and keeps what is present; a signer or signer_key other than the"
    " signing key's is refused. docs/formats.md has examples.": (
        "检查未签名的 minecheck 文件的结构后为其签名（原地签名，或写到 -o）。\n\n"
        "最小的输入是只含 format 一行的 \\[minecheck] 表，其后是文件的各个表。sign 会补上缺少的 "
        "document_id、created（当前时间）、signer、signer_key 和 tool，已有的保持不变；"
        "signer 或 signer_key 与签名密钥不符时拒绝签名。示例见 docs/formats.md。"
    ),
    "An unsigned findings or follow-up document.": "未签名的检查结果文件或跟踪文件。",
    "Write here instead of signing in place.": "写到此处，而不是原地签名。",
    # verify
    "Check each document's signature and trust; exit 0 only when every one is trusted.": (
        "检查每个文件的签名和信任状态；只有全部受信任时退出码才为 0。"
    ),
    "created: judge key windows at each document's signed created time; now: at the present,"
    " as ssh-keygen does.": (
        "created：按每个文件签名中的 created 时间判断密钥有效期；"
        "now：按当前时间判断，与 ssh-keygen 相同。"
    ),
    "Also check each evidence file's size and SHA-256 (exit 1 if not).": (
        "同时检查每个佐证文件的大小和 SHA-256（不符时退出码为 1）。"
    ),
    # checklists
    "List, show and lint checklist definitions.": "列出、显示和检查检查表定义。",
    "List the installed checklists: your own (they take precedence) and the bundled ones.": (
        "列出已安装的检查表：您自己的（优先使用）和内置的。"
    ),
    "Show a checklist's sections and items.": "显示检查表的各部分和条目。",
    "Check checklist files; print every problem as path:line:col: message (exit 1 if any).": (
        "检查检查表文件；每个问题打印为 路径:行:列: 说明（有问题时退出码为 1）。"
    ),
    "Checklist files, or directories of *.toml files.": "检查表文件，或含 *.toml 文件的目录。",
    "Print an answers file (TOML) with every applicable item, to fill in for inspect --answers.": (
        "打印含全部适用条目的答案文件（TOML），填写后供 inspect --answers 使用。"
    ),
    "A site kind or a hazard (repeatable), as for inspect.": (
        "场所类型或灾害类型（可重复），与 inspect 相同。"
    ),
    # drafts
    "Inspections in progress: list, resume or discard them.": "进行中的检查：列出、继续或删除。",
    "List unfinished inspections.": "列出未完成的检查。",
    "Go on with an unfinished inspection where it stopped.": "从中断处继续一次未完成的检查。",
    "Draft id (or a unique prefix of it).": "草稿编号（或其唯一的前缀）。",
    "Write the signed findings here instead of where the inspection began to (a file, or a"
    " directory for the draft's file name): the first place may be gone.": (
        "把签名的检查结果写到此处，而不是检查开始时指定的位置（一个文件，或使用草稿文件名的目录）："
        "原来的位置可能已不存在。"
    ),
    "Delete an unfinished inspection and its answers.": "删除一次未完成的检查及其回答。",
    "Do not ask for confirmation.": "不要求确认。",
    # keys
    "Create and manage signing keys.": "创建和管理签名密钥。",
    "Create an Ed25519 signing key; print the allowed_signers line for the trust keeper.": (
        "创建 Ed25519 签名密钥；打印交给信任管理人的 allowed_signers 行。"
    ),
    "Who signs with this key, e.g. wang.wei@hlj.example.": (
        "用此密钥签名的签名身份，如 wang.wei@hlj.example。"
    ),
    "Who signs with this key, e.g. wang.wei@hlj.example (default: the key's comment, when it "
    "is one).": (
        "用此密钥签名的签名身份，如 wang.wei@hlj.example（默认：密钥的注释，若它是签名身份）。"
    ),
    "Make this the default signing key.": "设为默认签名密钥。",
    "Also trust it here (adds it to allowed_signers).": (
        "同时在本机信任它（加入 allowed_signers）。"
    ),
    "List the keys minecheck knows; * marks the default.": (
        "列出 minecheck 登记的密钥；* 标出默认密钥。"
    ),
    "Show a key's fingerprint, principal and allowed_signers line.": (
        "显示密钥的指纹、签名身份和 allowed_signers 行。"
    ),
    "Key file (default: the default key).": "密钥文件（默认：默认密钥）。",
    "Record an existing Ed25519 key (it stays where it is) and the principal it signs as.": (
        "登记一个已有的 Ed25519 密钥（文件留在原处）及其签名身份。"
    ),
    "An OpenSSH Ed25519 private key, e.g. ~/.ssh/id_ed25519.": (
        "一个 OpenSSH Ed25519 私钥，如 ~/.ssh/id_ed25519。"
    ),
    "Print the directory that holds the keys.": "打印存放密钥的目录。",
    # trust
    "Decide whose keys are trusted (OpenSSH allowed_signers and revoked_keys).": (
        "决定信任谁的密钥（OpenSSH allowed_signers 和 revoked_keys）。"
    ),
    "Trust a public key for a principal (appends a line to allowed_signers).": (
        "为签名身份信任一个公钥（在 allowed_signers 中追加一行）。"
    ),
    "Who signs with this key.": "用此密钥签名的签名身份。",
    "The signer's public key file (*.pub).": "签名人的公钥文件（*.pub）。",
    "allowed_signers lines (as `keys generate` prints them) from FILE, or - for standard input.": (
        "从 FILE 读取 allowed_signers 行（即 keys generate 打印的行），或用 - 从标准输入读取。"
    ),
    "Namespaces the key may sign (OpenSSH pattern list).": (
        "该密钥可签名的命名空间（OpenSSH 模式列表）。"
    ),
    "Trusted from this UTC time on.": "自此 UTC 时间起受信任。",
    "Trusted until this UTC time.": "受信任至此 UTC 时间。",
    "List trusted keys and revoked keys.": "列出受信任的密钥和已吊销的密钥。",
    "Only the lines under which a key could sign minecheck documents at TIME (UTC: 2026-01-31 is "
    "its first second, 2026-01-31T08:00:00Z, 20260131Z): inside their window, for a minecheck "
    "namespace, the key not revoked.": (
        "只列出在 TIME 时可以签署 minecheck 文件的行（UTC：2026-01-31 指当天第一秒、"
        "2026-01-31T08:00:00Z、20260131Z）：在有效期内、允许 minecheck 的命名空间、密钥未被吊销。"
    ),
    "Stop trusting a principal: its lines leave allowed_signers (comments are kept).": (
        "不再信任某个签名身份：从 allowed_signers 中删除其各行（注释保留）。"
    ),
    "The principal to stop trusting.": "不再信任的签名身份。",
    "Only the lines of this key, its public key file (*.pub), its line (ssh-ed25519 AAAA...) "
    "or fingerprint (SHA256:...): the principal's other keys stay trusted.": (
        "只删除此密钥的行（公钥文件 *.pub、公钥行 ssh-ed25519 AAAA... 或指纹 SHA256:...）："
        "该签名身份的其他密钥仍受信任。"
    ),
    "Revoke a key: documents it signed are never trusted again, whatever their date.": (
        "吊销密钥：它签名的文件无论日期如何都不再受信任。"
    ),
    "The public key (*.pub) to revoke, its line (ssh-ed25519 AAAA...), or its fingerprint "
    "(SHA256:...) as verify prints it.": (
        "要吊销的公钥（*.pub）、公钥行（ssh-ed25519 AAAA...），"
        "或 verify 打印的其指纹（SHA256:...）。"
    ),
}

# Where a Chinese line may break: after any Chinese character or punctuation, and at spaces;
# never inside a run of other characters (an option, a file name, a value to type), unless
# the run is wider than the column. Closing punctuation stays with what it closes, opening
# punctuation with what follows. (The layout's own rule breaks at spaces only, and a Chinese
# sentence has none: a run such as `coal-underground、coal-open-pit` was cut at any column.)
_CJK = "\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
_CLOSING = "，。、；：！？）》」』”’"
_OPENING = "（《「『“‘"
_CHINESE_WORD = re.compile(rf"\s*[{_OPENING}]*(?:[^\s{_CJK}]+|[{_CJK}])[{_CLOSING}]*\s*")


def _narrowest_by_chinese_words(measure: Any) -> Any:
    """A text's measure whose least width is its widest word by the Chinese rule (the layout
    takes its widest run between spaces, a whole Chinese sentence, and cut the line short)."""
    from rich import _wrap
    from rich.cells import cell_len
    from rich.measure import Measurement

    def narrowest(self: Any, console: Any, options: Any) -> Measurement:
        got: Measurement = measure(self, console, options)
        words = [word.strip() for _, _, word in _wrap.words(self.plain)]
        least = max((cell_len(word) for word in words), default=got.minimum)
        return Measurement(min(least, got.maximum), got.maximum)

    return narrowest


def _rstrip_end_in_cells(self: Any, size: int) -> None:
    """The blanks that end a wrapped line and pass the column's edge removed, counted in
    columns: the layout counted characters, and a line of Chinese that ended in a blank just
    past the edge lost its last word to an ellipsis (`minechec…`)."""
    from rich.cells import cell_len

    excess = cell_len(self.plain) - size
    blanks = len(self.plain) - len(self.plain.rstrip())
    if excess > 0 and blanks:
        self.right_crop(min(blanks, excess))


def chinese(text: str | None) -> str | None:
    """TEXT's Chinese (TEXT itself where there is none)."""
    return HELP_ZH.get(text, text) if text else text


class _Setter:
    """Attributes set for a while, and set back in the reverse order (or removed where the
    object had none of its own)."""

    def __init__(self) -> None:
        self.saved: list[tuple[Any, str, Any, bool]] = []

    def put(self, owner: Any, name: str, value: Any) -> None:
        own = name in vars(owner)
        self.saved.append((owner, name, vars(owner).get(name), own))
        setattr(owner, name, value)

    def restore(self) -> None:
        for owner, name, value, own in reversed(self.saved):
            if own:
                setattr(owner, name, value)
            else:
                delattr(owner, name)


def _texts(setter: _Setter, command: Any, ctx: Any) -> None:
    """COMMAND's help, its parameters' and its subcommands' in Chinese."""
    for each in (command, *getattr(command, "commands", {}).values()):
        setter.put(each, "help", chinese(each.help))
        setter.put(each, "short_help", chinese(each.short_help))
    for param in command.get_params(ctx):
        setter.put(param, "help", chinese(getattr(param, "help", None)))


@contextlib.contextmanager
def in_chinese(command: Any, ctx: Any) -> Iterator[None]:
    """While COMMAND's help is written: its texts, its parameters' and its subcommands' in
    Chinese, and the framework's words too; all set back afterwards."""
    from rich import _wrap
    from rich.text import Text
    from typer import rich_utils

    setter = _Setter()
    put = setter.put
    _texts(setter, command, ctx)
    for name, word in WORDS_ZH.items():
        put(rich_utils, name, word)
    put(_wrap, "re_word", _CHINESE_WORD)
    put(Text, "__rich_measure__", _narrowest_by_chinese_words(Text.__rich_measure__))
    put(Text, "rstrip_end", _rstrip_end_in_cells)
    english_usage = command.get_usage

    def usage(ctx: Any) -> str:
        text: str = english_usage(ctx)
        return text.replace(*USAGE, 1) if text.startswith(USAGE[0]) else text

    put(command, "get_usage", usage)
    marks = rich_utils.highlighter.highlights  # (the usage word is coloured as in English)
    put(rich_utils.highlighter, "highlights", [*marks, rf"(?P<usage>{USAGE[1]} )"])
    try:
        yield
    finally:
        setter.restore()


SHORT = 45  # columns of a subcommand's description in a completion menu, as in English


def _cut(text: str, width: int) -> str:
    """TEXT cut to WIDTH columns (a Chinese character is two), ending in … where it is cut."""
    import unicodedata

    def columns(char: str) -> int:
        return 2 if unicodedata.east_asian_width(char) in "WF" else 1

    if sum(map(columns, text)) <= width:
        return text
    kept, used = [], 2  # (room for the …)
    for char in text:
        used += columns(char)
        if used > width:
            break
        kept.append(char)
    return "".join(kept).rstrip() + "…"


@contextlib.contextmanager
def completing_in_chinese(command: Any, ctx: Any) -> Iterator[None]:
    """While the shell completes a word of COMMAND: the descriptions a shell shows beside each
    subcommand and option (zsh, fish, PowerShell) in Chinese, each subcommand's its first
    sentence, cut short with … (the framework shortens at blanks, and a Chinese sentence has
    none)."""
    setter = _Setter()
    _texts(setter, command, ctx)
    for each in getattr(command, "commands", {}).values():
        if each.help and not each.short_help:
            first = re.split(r"(?<=[。；：])", each.help.split("\n\n")[0], maxsplit=1)[0]
            first = first.rstrip("。；：")
            setter.put(each, "short_help", _cut(first, SHORT))
    try:
        yield
    finally:
        setter.restore()
