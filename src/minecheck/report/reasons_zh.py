"""Reasons and problems said in Chinese: what the fold, the trust judgement, the verifier, the
document schema and the TOML and JSON readers say in English, kept so with a document's verdict,
and said in Chinese where a Chinese report, `verify` or `show` shows it.

Each English template (`the hidden danger is already {state}`) has its Chinese; its fields are
found in the text (`_Template`) and said in turn: a state, a status or an acceptance method in a
report's words (`Labels("zh")`), a detail reworded again, a parser's or a key format's own words
from their tables. A text that matches no template is shown as written.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping

from minecheck.report.labels import Labels

# The reasons the fold (core/loop.py), the trust judgement (report/corpus._reason) and the
# verifier (core/seal.py, core/merge.py, a file that cannot be read) write, as English
# templates with their Chinese: a report in Chinese shows them in Chinese, a {state} in its
# Chinese word, a {detail} translated in turn. What a field holds otherwise (a path, a key, an
# operating system's message) stays as written. tests/test_reasons.py reads these reasons from
# the source and fails on one missing here.
REASONS_ZH: dict[str, str] = {
    "the event is dated before the finding was recorded": "事件日期早于该隐患的记录时间",
    "reopened while {state}: only a rectified, accepted or closed one reopens": (
        "在“{state}”状态下重新打开：只有已整改、已验收或已销号的隐患才能重新打开"
    ),
    "the hidden danger is already {state}": "该隐患已是“{state}”",
    "rectified while already {state}": "已是“{state}”时又报告整改完成",
    "accepted while {state}: only a rectified hidden danger can be accepted": (
        "在“{state}”状态下验收：只有已整改的隐患才能验收"
    ),
    "a major hidden danger cannot be accepted by {method} assessment; it needs expert-review, "
    "third-party or regulator-onsite": (
        "重大隐患不能采用{method}；须专家评审（expert-review）、第三方（third-party）"
        "或监管部门现场（regulator-onsite）验收"
    ),
    "{signer} reported it rectified and cannot also accept it": (
        "{signer} 报告了整改完成，不能再由其验收"
    ),
    "the key that reported it rectified cannot also accept it": (
        "报告整改完成所用的密钥不能再用于验收"
    ),
    "{signer} reported it rectified and cannot also close it": (
        "{signer} 报告了整改完成，不能再由其销号"
    ),
    "the key that reported it rectified cannot also close it": (
        "报告整改完成所用的密钥不能再用于销号"
    ),
    "{signer} has already accepted this rectification": "{signer} 已验收过这次整改",
    "the key that accepted this rectification has already accepted it": "该密钥已验收过这次整改",
    "rejected while {state}: "
    "only a rectified or accepted (not yet closed) hidden danger can be rejected": (
        "在“{state}”状态下判为验收不通过：只有已整改或已验收（尚未销号）的隐患才能判为验收不通过"
    ),
    "closed while {state}: a hidden danger is closed only after it is accepted": (
        "在“{state}”状态下销号：隐患须验收通过后才能销号"
    ),
    "extended on {made}, after the deadline {deadline} had passed": (
        "{made} 才申请延期，整改期限 {deadline} 已过"
    ),
    "a withdrawal needs its reason in note": "撤销须在 note 中写明原因",
    "an extension must move the deadline later": "延期必须把整改期限往后推",
    "an extension must move the deadline later than {deadline}": (
        "延期必须把整改期限推到 {deadline} 之后"
    ),
    "an extension made on {made} must set a deadline after that day": (
        "{made} 申请的延期，新的整改期限必须晚于当天"
    ),
    "unknown action {action}": "未知的操作 {action}",
    "no trusted findings document holds this finding": "没有受信任的检查结果文件包含该条目",
    "the finding is not a hidden danger": "该检查结果不是隐患",
    "signed by a trusted key": "由受信任的密钥签名",
    "the signing key is not in allowed_signers": "签名密钥不在 allowed_signers 中",
    "the signing key is not allowed for this signer": "签名密钥未授权给该签名人",
    "the signing key is not allowed for this namespace": "签名密钥未授权用于该命名空间",
    "the signing key had expired when the document was created": "文件创建时签名密钥已过期",
    "the signing key was not yet valid when the document was created": (
        "文件创建时签名密钥尚未生效"
    ),
    "the signing key had expired at the time of checking": "检查时签名密钥已过期",
    "the signing key was not yet valid at the time of checking": "检查时签名密钥尚未生效",
    # what the verifier says of a file (core/seal.py, core/merge.py)
    "created in the future: the document's created time is more than 10 minutes after this "
    "computer's clock": "创建时间在未来：文件的创建时间比本机时钟晚 10 分钟以上",
    "the file is empty": "文件为空",
    "the file is {size} bytes, over the limit of {limit}": (
        "文件大小为 {size} 字节，超过上限 {limit}"
    ),
    "the file starts with a byte-order mark (BOM)": "文件以字节顺序标记（BOM）开头",
    "the file contains a carriage return (CR): line endings were changed": (
        "文件含有回车符（CR）：换行符被改动过"
    ),
    "not a minecheck document": "不是 minecheck 文件",
    "the document is not signed": "文件未签名",
    "the signature is malformed: {reason}": "签名格式有误：{reason}",
    "the signature's namespace {namespace} is not minecheck's": (
        "签名的命名空间 {namespace} 不属于 minecheck"
    ),
    "the signature uses {used}; minecheck documents are signed with {wanted}": (
        "签名使用 {used}；minecheck 文件以 {wanted} 签名"
    ),
    "the signature does not match the content: the file was changed after signing": (
        "签名与内容不符：文件在签名后被改动过"
    ),
    "the file was saved again in GBK (GB18030) after signing: its text converted back to UTF-8 "
    "is what was signed": (
        "文件在签名后被另存为 GBK（GB18030）编码：其文本转换回 UTF-8 即为签名时的内容"
    ),
    "the file was saved again in Big5 after signing: its text converted back to UTF-8 is what "
    "was signed": "文件在签名后被另存为 Big5 编码：其文本转换回 UTF-8 即为签名时的内容",
    "the signed body is not a valid document": "签名的正文不是有效的文件",
    "format {format} does not go with namespace {namespace}": (
        "格式 {format} 与命名空间 {namespace} 不相符"
    ),
    "signer_key {stated} is not the signing key {used}": (
        "signer_key {stated} 不是签名所用的密钥 {used}"
    ),
    "key {key} is revoked": "密钥 {key} 已被吊销",
    "the [signature] table is not in the form minecheck writes": (
        "[signature] 表不是 minecheck 写出的格式"
    ),
    "the document holds {armor}": (
        "文件中有一行看似签名的封装行（-----BEGIN/END SSH SIGNATURE-----），会误导标准的 "
        "sed/ssh-keygen 检查"
    ),
    "the body holds {armor}": (
        "正文中有一行看似签名的封装行（-----BEGIN/END SSH SIGNATURE-----），会误导标准的 "
        "sed/ssh-keygen 检查"
    ),
    "a document body must not hold {armor}": (
        "正文中不得有看似签名封装行（-----BEGIN/END SSH SIGNATURE-----）的行，它会误导标准的 "
        "sed/ssh-keygen 检查"
    ),
    "line {line} of the [minecheck] table is not written as minecheck writes it (one key = value "
    "on its line, no comment; signer and signer_key in double quotes, created as "
    "2026-12-01T08:15:00Z), which would mislead the stock sed/ssh-keygen check": (
        "[minecheck] 表的第 {line} 行不是 minecheck 写出的格式（每行一个 key = value，"
        "不带注释；signer 和 signer_key 用双引号，created 写成 2026-12-01T08:15:00Z），"
        "会误导标准的 sed/ssh-keygen 检查"
    ),
    "the body before [signature] must end with an empty line": (
        "[signature] 之前的正文必须以空行结束"
    ),
    "the file holds more than one [signature] table": "文件含有不止一个 [signature] 表",
    "there is content after the signature, or the trailer is not closed": (
        "签名之后还有内容，或签名部分没有结束"
    ),
    "there is content after the signature": "签名之后还有内容",
    "the signature is not ASCII text": "签名不是 ASCII 文本",
    "a document body must begin with the [minecheck] table": "正文必须以 [minecheck] 表开头",
    # what the TOML and JSON readers say of a text (core/tomlio.py, core/jsonio.py), kept in
    # English with a document's verdict and said in Chinese where shown; a `{msg}` is the
    # parser's own words (PARSER_WORDS_ZH), a `{detail}` translated in turn
    '{detail}: text goes in straight double quotes "…", not {quote}': (
        '{detail}：文字须写在半角双引号 "…" 中，不能用 {quote}'
    ),
    '{detail}: text goes in double quotes, e.g. "{word}"': (
        '{detail}：文字须写在半角双引号中，例如 "{word}"'
    ),
    "{detail}: a key is given twice in one table": "{detail}：同一个表中有一个键写了两次",
    "{detail}: the calendar has no {value}: a year has 12 months": (
        "{detail}：日历上没有 {value}：一年只有 12 个月"
    ),
    "{detail}: the calendar has no {value}: {ym} has {days} days": (
        "{detail}：日历上没有 {value}：{ym} 只有 {days} 天"
    ),
    "{detail}: no time of day is {value}: hours run from 00 to 23, minutes and seconds from 00 "
    "to 59": "{detail}：一天中没有 {value} 这一时刻：时为 00 至 23，分和秒为 00 至 59",
    "{detail}: no offset from UTC is {offset}: an offset runs from -23:59 to +23:59, as hh:mm "
    "after + or -": (
        "{detail}：没有 {offset} 这样的 UTC 时差：时差为 -23:59 至 +23:59，在 + 或 - 之后写作 hh:mm"
    ),
    "{detail}: TOML writes {value} with no offset, as {bare}: an offset from UTC follows a date "
    "and time only": (
        "{detail}：TOML 中 {value} 应不带时差写作 {bare}：UTC 时差只能跟在日期和时间之后"
    ),
    "{detail}: TOML writes one offset from UTC: {value} as {at_utc} or {written}": (
        "{detail}：TOML 中只能写一个 UTC 时差：{value} 应写作 {at_utc} 或 {written}"
    ),
    "{detail}: TOML writes {value} as {written}": "{detail}：TOML 中 {value} 应写作 {written}",
    "invalid {language}: {msg}": "{language} 格式错误：{msg}",
    "{path} is not valid {language}": "{path} 不是有效的 {language}",
    "{path} is nested too deeply": "{path} 嵌套过深",
    "{path} is too large to parse": "{path} 过大，无法解析",
    "{path}: the same key appears twice": "{path}：同一个键出现了两次",
    "duplicate key {key}": "键 {key} 重复",
    "{path} starts with a byte-order mark": "{path} 以字节顺序标记（BOM）开头",
    "starts with a UTF-8 byte-order mark (BOM); save it as UTF-8 without BOM": (
        "以 UTF-8 字节顺序标记（BOM）开头；请另存为不带 BOM 的 UTF-8"
    ),
    "{path} holds a byte-order mark": "{path} 含有字节顺序标记（BOM）",
    "a UTF-8 byte-order mark (BOM) inside a line: lists saved with one were joined, one not "
    "ending its last line; save each as UTF-8 without BOM": (
        "行中有 UTF-8 字节顺序标记（BOM）：拼接的列表各自带有 BOM，且有列表末行没有换行；"
        "请将每个列表另存为不带 BOM 的 UTF-8"
    ),
    "a line starts with a UTF-8 byte-order mark (BOM): lists saved with one were joined; save "
    "each as UTF-8 without BOM": (
        "该行以 UTF-8 字节顺序标记（BOM）开头：拼接的列表各自带有 BOM；"
        "请将每个列表另存为不带 BOM 的 UTF-8"
    ),
    "{path} is not UTF-8 text": "{path} 不是 UTF-8 文本",
    "not UTF-8: it is {encoding} text (it starts with a {mark} byte-order mark); save it as "
    "UTF-8": "不是 UTF-8：这是 {encoding} 文本（以 {mark} 字节顺序标记开头）；请另存为 UTF-8",
    "not UTF-8: it reads as {encoding} text (UTF-16 without a byte-order mark: every other byte "
    "is 0); save it as UTF-8": (
        "不是 UTF-8：可按 {encoding} 读出（不带字节顺序标记的 UTF-16：每隔一个字节为 0）；"
        "请另存为 UTF-8"
    ),
    "not UTF-8: it reads as {encoding} text (UTF-16 without a byte-order mark, mostly "
    "Chinese); save it as UTF-8": (
        "不是 UTF-8：可按 {encoding} 读出（不带字节顺序标记的 UTF-16，以中文为主）；请另存为 UTF-8"
    ),
    "not UTF-8: it is {encoding} text (it starts with a {mark} byte-order mark), with one byte "
    "more at its end, 0x0a (as `echo >>` appends); save it as UTF-8": (
        "不是 UTF-8：这是 {encoding} 文本（以 {mark} 字节顺序标记开头），末尾多出一个字节 "
        "0x0a（`echo >>` 追加的那种）；请另存为 UTF-8"
    ),
    "not UTF-8: it reads as {encoding} text (UTF-16 without a byte-order mark: every other byte "
    "is 0), with one byte more at its end, 0x0a (as `echo >>` appends); save it as UTF-8": (
        "不是 UTF-8：可按 {encoding} 读出（不带字节顺序标记的 UTF-16：每隔一个字节为 0），"
        "末尾多出一个字节 0x0a（`echo >>` 追加的那种）；请另存为 UTF-8"
    ),
    "not UTF-8: it reads as {encoding} text (UTF-16 without a byte-order mark, mostly "
    "Chinese), with one byte more at its end, 0x0a (as `echo >>` appends); save it as UTF-8": (
        "不是 UTF-8：可按 {encoding} 读出（不带字节顺序标记的 UTF-16，以中文为主），"
        "末尾多出一个字节 0x0a（`echo >>` 追加的那种）；请另存为 UTF-8"
    ),
    "not UTF-8: it is {encoding} text (it starts with a {mark} byte-order mark), with one byte "
    "more at its end, 0x{byte}, which is not part of it; save it as UTF-8": (
        "不是 UTF-8：这是 {encoding} 文本（以 {mark} 字节顺序标记开头），末尾多出一个不属于它的"
        "字节 0x{byte}；请另存为 UTF-8"
    ),
    "not UTF-8: it reads as {encoding} text (UTF-16 without a byte-order mark: every other byte "
    "is 0), with one byte more at its end, 0x{byte}, which is not part of it; save it as UTF-8": (
        "不是 UTF-8：可按 {encoding} 读出（不带字节顺序标记的 UTF-16：每隔一个字节为 0），"
        "末尾多出一个不属于它的字节 0x{byte}；请另存为 UTF-8"
    ),
    "not UTF-8: it reads as {encoding} text (UTF-16 without a byte-order mark, mostly "
    "Chinese), with one byte more at its end, 0x{byte}, which is not part of it; save it as "
    "UTF-8": (
        "不是 UTF-8：可按 {encoding} 读出（不带字节顺序标记的 UTF-16，以中文为主），"
        "末尾多出一个不属于它的字节 0x{byte}；请另存为 UTF-8"
    ),
    "not UTF-8: it is {encoding} text (it starts with a {mark} byte-order mark), with {count} "
    "bytes more at its end, {shown}, which are not part of it; save it as UTF-8": (
        "不是 UTF-8：这是 {encoding} 文本（以 {mark} 字节顺序标记开头），末尾多出 {count} 个"
        "不属于它的字节 {shown}；请另存为 UTF-8"
    ),
    "not UTF-8: it reads as {encoding} text (UTF-16 without a byte-order mark: every other byte "
    "is 0), with {count} bytes more at its end, {shown}, which are not part of it; save it as "
    "UTF-8": (
        "不是 UTF-8：可按 {encoding} 读出（不带字节顺序标记的 UTF-16：每隔一个字节为 0），"
        "末尾多出 {count} 个不属于它的字节 {shown}；请另存为 UTF-8"
    ),
    "not UTF-8: it reads as {encoding} text (UTF-16 without a byte-order mark, mostly "
    "Chinese), with {count} bytes more at its end, {shown}, which are not part of it; save it "
    "as UTF-8": (
        "不是 UTF-8：可按 {encoding} 读出（不带字节顺序标记的 UTF-16，以中文为主），"
        "末尾多出 {count} 个不属于它的字节 {shown}；请另存为 UTF-8"
    ),
    "not UTF-8: byte 0x{byte} cannot be decoded": "不是 UTF-8：字节 0x{byte} 无法解码",
    "not UTF-8: the text ends inside a character ({shown} begins one, and nothing follows): "
    "the file was cut short; copy it or save it again whole": (
        "不是 UTF-8：文本在一个字符的中间结束（{shown} 是一个字符的开头，其后再无内容）："
        "文件被截断了；请重新完整地复制或保存"
    ),
    "{path} has a carriage return (CR) byte": "{path} 含有回车符（CR）",
    "carriage return (CR) found; use LF line endings only": "发现回车符（CR）；请只用 LF 换行",
    # a body refused unread (core/seal.density_problem)
    "implausible document: {values} values in {size} bytes (more than one in {density} "
    "bytes); refused unread": (
        "文件不合常理：{size} 字节中有 {values} 个值（超过每 {density} 字节一个）；未读取即拒绝"
    ),
    "implausible document: more than {allowed} [table] headers or dotted keys in {size} "
    "bytes (more than one in {spacing} bytes); refused unread": (
        "文件不合常理：{size} 字节中的表头或带点的键超过 {allowed} 个"
        "（超过每 {spacing} 字节一个）；未读取即拒绝"
    ),
    # what the document schema says of a TOML file that is no minecheck document (core/docschema)
    "missing the [minecheck] table": "缺少 [minecheck] 表",
    "{key} must be an offset date-time in UTC": "{key} 必须是带时区的 UTC 日期时间",
    "{key} must be in UTC, in whole seconds": "{key} 必须是 UTC 时间，精确到整秒",
    "{key} must lie between {earliest} and {latest}": (
        "{key} 必须在 {earliest} 年到 {latest} 年之间"
    ),
    "{key} must be a local date like 2026-12-15": "{key} 必须是当地日期，如 2026-12-15",
    "bytes must not be negative": "bytes 不能为负数",
    "{key} belongs only to a noncompliant finding": "{key} 只属于不符合的检查结果",
    "a noncompliant finding needs a severity": "不符合的检查结果需要等级（severity）",
    "a major finding must cite its basis": "重大隐患必须引用依据（basis）",
    "unknown measure {measure}": "未知的立即措施 {measure}",
    "finished is before started": "finished 早于 started",
    "finished is after the document's created time: an inspection is signed once it is done": (
        "finished 晚于文件的创建时间：检查结束后才签名"
    ),
    "item {item} repeats": "条目 {item} 重复",
    "{key} belongs only to an accepted event": "{key} 只属于验收通过（accepted）事件",
    "an accepted event needs a method": "验收通过（accepted）事件需要验收方式（method）",
    "an extended event needs a new_deadline": "延期（extended）事件需要 new_deadline",
    "new_deadline belongs only to extended": "new_deadline 只属于延期（extended）事件",
    "a follow-up document needs at least one event": "跟踪文件至少需要一个事件",
    "at is after the document's created time: a follow-up records what has happened by the "
    "time it is signed": "at 晚于文件的创建时间：跟踪文件只记录签名前已发生的事",
    "the body must not hold a [signature] table": "正文不得含有 [signature] 表",
    "a document body must end with an empty line": "正文必须以空行结束",
    "a document body must not contain a carriage return (CR)": "正文不得含有回车符（CR）",
    "a document body must not contain a [signature] table": "正文不得含有 [signature] 表",
    "merged documents are nested more than {depth} deep": "合并文件嵌套超过 {depth} 层",
    # what is wrong with a merged body's shape (core/merge.read_structure)
    "unknown key {key} in a merged document": "合并文件中有未知的键 {key}",
    "consolidated must be an array of tables": "consolidated 必须是表的数组",
    "consolidated entry {n} is not inspection/item/result/by": (
        "consolidated 第 {n} 项不是 inspection/item/result/by"
    ),
    "a merged document needs at least one [[source]]": "合并文件至少需要一个 [[source]]",
    "source must be an array of tables": "source 必须是表的数组",
    "source {n} is not a table of sha256 and file": "第 {n} 个来源不是含 sha256 和 file 的表",
    "a merged document needs source_count in [minecheck]": (
        "合并文件的 [minecheck] 中需要 source_count"
    ),
    "source_count is {stated}, but the document holds {held} sources": (
        "source_count 为 {stated}，但文件含有 {held} 个来源"
    ),
    "source_count is {stated}, but the document holds 1 source": (
        "source_count 为 {stated}，但文件含有 1 个来源"
    ),
    "source {source}: its sha256 does not match its bytes": "来源 {source}：其 sha256 与内容不符",
    "a source appears more than once": "有来源重复出现",
    "the sources are not in sha256 order, as minecheck writes them": (
        "来源没有按 minecheck 写出时的 sha256 顺序排列"
    ),
    "a source document appears more than once": "有来源文件重复出现",
    "source {source} is malformed: {detail}": "来源 {source} 格式有误：{detail}",
    "consolidated does not equal what the sources give": "consolidated 与各来源得出的结果不一致",
    "source {source} was signed at {signed}, after the merged file that holds it ({created}): "
    "one of the two signed times is not true": (
        "来源 {source} 的签名时间 {signed} 晚于包含它的合并文件（{created}）："
        "两个签名时间中必有一个不真实"
    ),
    "source {source} is {status}: {detail}": "来源 {source}（{status}）：{detail}",
    # what is wrong with documents taken together (report/corpus.py, report/consolidate.py)
    "document {id} also appears in {path} with different content; both are left out": (
        "文件 {id} 也出现在 {path} 中，但内容不同；两者均不计入"
    ),
    "inspection {id}: {signer} answered it twice, in {earlier} (created {first}) and in "
    "{later} (created {second}, the later), differently on {items}; both answers count, as "
    "two inspectors' would: if the later corrects the earlier, leave the earlier file out of "
    "the report": (
        "检查 {id}：{signer} 对其作答两次，分别在 {earlier}（创建于 {first}）和 {later}"
        "（创建于 {second}，较晚）中，结论不同的条目为 {items}；"
        "两份结论都计入，如同两名检查人员的结论：如果较晚的文件更正了较早的，请不要把较早的文件纳入报告"
    ),
    "inspection {id}: {signer} answered it twice, in {earlier} (created {first}) and in "
    "{later} (created {second}, the later), differently on {items}; both answers count, as "
    "two inspectors' would: if the later corrects the earlier, extract {merged} and merge its "
    "sources again without the earlier one": (
        "检查 {id}：{signer} 对其作答两次，分别在 {earlier}（创建于 {first}）和 {later}"
        "（创建于 {second}，较晚）中，结论不同的条目为 {items}；"
        "两份结论都计入，如同两名检查人员的结论："
        "如果较晚的文件更正了较早的，请取出 {merged} 的来源文件，不含较早的那份重新合并"
    ),
    "inspection {id}: {signer} answered it twice, in {earlier} and in {later}, both created "
    "{first} (in the same second: which is the later cannot be told), differently on {items}; "
    "both answers count, as two inspectors' would: if one corrects the other, leave the one "
    "it corrects out of the report": (
        "检查 {id}：{signer} 对其作答两次，分别在 {earlier} 和 {later} 中，两份都创建于 {first}"
        "（同一秒内，无法判断哪份较晚），结论不同的条目为 {items}；"
        "两份结论都计入，如同两名检查人员的结论：如果其中一份更正了另一份，请不要把被更正的文件纳入报告"
    ),
    "inspection {id}: {signer} answered it twice, in {earlier} and in {later}, both created "
    "{first} (in the same second: which is the later cannot be told), differently on {items}; "
    "both answers count, as two inspectors' would: if one corrects the other, extract "
    "{merged} and merge its sources again without the one it corrects": (
        "检查 {id}：{signer} 对其作答两次，分别在 {earlier} 和 {later} 中，两份都创建于 {first}"
        "（同一秒内，无法判断哪份较晚），结论不同的条目为 {items}；"
        "两份结论都计入，如同两名检查人员的结论："
        "如果其中一份更正了另一份，请取出 {merged} 的来源文件，不含被更正的那份重新合并"
    ),
    "inspection {id}: its documents name different sites: {sites}; an inspection is at one "
    "site (was an inspection id used again?)": (
        "检查 {id}：其文件所写的被检查单位不同：{sites}；"
        "一次检查只在一个被检查单位进行（是否重复使用了检查编号？）"
    ),
    "inspection {id}: {items} answered from different checklists ({checklists}); their "
    "answers are taken as one finding": (
        "检查 {id}：{items} 的结论来自不同的检查表（{checklists}）；这些结论被当作同一条检查结果"
    ),
    "inspection {id}: {items} answered from different versions of checklist {checklist} "
    "({versions}); their answers are taken as one finding, though an item may ask otherwise "
    "in each version": (
        "检查 {id}：{items} 的结论来自检查表 {checklist} 的不同版本（{versions}）；"
        "这些结论被当作同一条检查结果，但同一条目在各版本中所查内容可能不同"
    ),
    # an evidence file against what the document recorded (core/evidence.py, verify --evidence)
    "the file does not exist": "文件不存在",
    "the file does not exist; {twin} differs only in letter case (rename it as recorded)": (
        "文件不存在；{twin} 仅大小写不同（请按记录的名称改名）"
    ),
    "the file does not exist; {copy} in the same folder has the recorded size and SHA-256 "
    "(a copy renamed, by a mail program say: rename it as recorded)": (
        "文件不存在；同一目录中的 {copy} 与记录的大小和 SHA-256 相同"
        "（是改了名的副本，例如被邮件程序改名：请按记录的名称改回）"
    ),
    "a link to a place outside the document's directory is there; the file was not read "
    "(copy the file in)": "该处是指向文件所在目录之外的链接；未读取该文件（请把文件复制进来）",
    "a directory is there, not the file": "该处是目录，不是文件",
    "cannot be read: {reason}": "无法读取：{reason}",
    "{size} bytes where {recorded} were recorded": "现为 {size} 字节，记录的是 {recorded} 字节",
    "1 byte where {recorded} were recorded": "现为 1 字节，记录的是 {recorded} 字节",
    "{size} bytes where 1 was recorded": "现为 {size} 字节，记录的是 1 字节",
    "its SHA-256 differs from the recorded one": "其 SHA-256 与记录的不同",
    # a file that cannot be read (report/corpus.py, report/corpus_cache.py)
    "cannot read: {reason}": "无法读取：{reason}",
    # what the walk of a folder says of an entry it does not read (cli/_listing.py)
    "not a regular file ({what})": "不是普通文件（{what}）",
    "a link back to a directory above it": "是指回上层目录的链接",
    "more than {depth} directory levels down; not searched": "目录层级超过 {depth} 层，未查找",
    "not a usable file name": "不是可用的文件名",
}


# The TOML and JSON parsers' own words (tomli, json), the `{msg}` of "invalid TOML: {msg}".
PARSER_WORDS_ZH: dict[str, str] = {
    "Invalid value": "值无效",
    "Invalid date or datetime": "日期或时间无效",
    "Cannot overwrite a value": "不能覆盖已有的值",
    "Unclosed array": "数组没有闭合",
    "Unclosed inline table": "内联表没有闭合",
    "Unterminated string": "字符串没有结束",
    "a string is not closed on its line": "字符串没有在本行内闭合",
    "a multi-line string is not closed": "多行字符串没有闭合",
    "a control character, {code}, stands here (an editor shows it as nothing, or as a box): "
    "TOML text holds none but a tab and the line ends; delete it": (
        "此处有一个控制字符 {code}（编辑器中显示为空白或方框）：TOML 文本中除制表符和换行外不能有"
        "控制字符；请删除它"
    ),
    "Invalid statement": "无效的语句",
    "Expected newline or end of document after a statement": "语句之后应换行或结束",
    "Expected '=' after a key in a key/value pair": "键之后应有 '='",
    "Invalid initial character for a key part": "键的首个字符无效",
    "Expected ']' at the end of a table declaration": "表头末尾应有 ']'",
    "Expected ']]' at the end of an array declaration": "数组表头末尾应有 ']]'",
    "Unescaped '\\' in a string": "字符串中有未转义的 '\\'",
    "Invalid hex value": "十六进制值无效",
    "Escaped character is not a Unicode scalar value": "转义字符不是 Unicode 标量值",
    "Illegal character {char}": "非法字符 {char}",
    "Found invalid character {char}": "无效字符 {char}",
    "Expected {expect}": "此处应为 {expect}",
    "Cannot declare {key} twice": "{key} 不能声明两次",
    "Cannot mutate immutable namespace {key}": "不能修改已定义的表 {key}",
    "Cannot redefine namespace {key}": "不能重新定义表 {key}",
    "Duplicate inline table key {key}": "内联表中的键 {key} 重复",
    "nested too deeply": "嵌套过深",
    "too large to parse": "过大，无法解析",
    "a number is too long (more than 4300 digits)": "数字过长（超过 4300 位）",
    "a value cannot be read": "有一个值无法读取",
    "Expecting value": "此处应为一个值",
    "Expecting property name enclosed in double quotes": "此处应为写在双引号中的键名",
    "Expecting ',' delimiter": "此处应为分隔符 ','",
    "Expecting ':' delimiter": "此处应为分隔符 ':'",
    "Extra data": "多余的内容",
    "Illegal trailing comma before end of object": "对象的末尾多了一个逗号",  # (Python 3.13)
    "Illegal trailing comma before end of array": "数组的末尾多了一个逗号",
    "Unterminated string starting at": "字符串没有结束",
    "Invalid control character at": "无效的控制字符",
    "Invalid \\escape": "无效的转义",
    "Invalid \\uXXXX escape": "无效的 \\uXXXX 转义",
}

# Reasons the walk of a folder gives in the words of a message (a file named on the command
# line): their Chinese is the message catalogue's.
MESSAGE_TEMPLATES = (
    "cannot list this directory: {reason}",
    "a symbolic link that leads to no file (a loop, or its target is gone)",
)
# merge's refusal of a file signed ahead of this clock (`cli.merge`), said in the run's language:
# its way (`way`) is the template's, the file's time and source left out, that a terminal tells
# the first such file with its hint among the refusals of its status (it had no way, and among
# files not trusted here it was counted and never told)
SIGNED_AHEAD = (
    "signed at {signed}, more than ten minutes after this computer's clock: a file merged now "
    "would say it was signed before a source it holds, and be refused as malformed"
)
SOURCE_SIGNED_AHEAD = (
    "{source} inside it was signed at {signed}, more than ten minutes after this computer's "
    "clock: a file merged now would say it was signed before a source it holds, and be refused "
    "as malformed"
)

# The document schema's own words (core/schema.Validator): an answers file says them at once
# in the person's language (their Chinese is the message catalogue's), a document's problems
# keep them in English, with its verdict in the cache, and a report says them here. A `{what}`
# or `{kind}` is a catalogue word in turn.
SCHEMA_TEMPLATES = (
    "unknown key {key} in {what}; did you mean {close}?",
    "unknown key {key} in {what}",
    "missing required key {key} in {what}",
    "{name} must be {kind}",
    "{key} must not be empty",
    "{key} must hold only strings",
    "{key} must be one of {choices}, not {value}",
    "{key} contains the control or format character {code}",
    "{key} contains text in square brackets that looks like terminal markup",
    "{key} holds {code}, half of a UTF-16 surrogate pair and no character of its own",
    "and {count} more problems, not listed",
    "and 1 more problem, not listed",
)
_KEY_PATH = re.compile(r"([A-Za-z_][\w.\[\]-]*): (.+)\Z", re.DOTALL)


class _Template:
    """An English template (`unknown key {key} in {what}`) that finds its {fields} in a text
    made from it, as the pattern `unknown key (?P<key>.+?) in (?P<what>.+?)\\Z` would (each
    field one character or more, as short as the rest allows), in time linear in the text.

    (Matched as such a pattern, a text of a file's own words repeating the template's (a key
    holding " in " 100,000 times) took time in the square or cube of its length: a Chinese
    `verify` of one such file did not end.) Each literal is found at its first place after the
    field before it: a later place only leaves less room for what follows, so if the first
    place fails, every later one does.
    """

    __slots__ = ("literals", "names")

    def __init__(self, english: str) -> None:
        parts = re.split(r"\{(\w+)\}", english)
        self.literals, self.names = parts[0::2], parts[1::2]

    def match(self, text: str) -> dict[str, str] | None:
        literals, names = self.literals, self.names
        if not names:
            return {} if text == literals[0] else None
        if not (text.startswith(literals[0]) and text.endswith(literals[-1])):
            return None
        end = len(text) - len(literals[-1])
        at = len(literals[0])
        fields = {}
        for name, literal in zip(names, literals[1:-1], strict=False):
            found = text.find(literal, at + 1, end)
            if found < 0:
                return None
            fields[name] = text[at:found]
            at = found + len(literal)
        if end - at < 1:
            return None
        fields[names[-1]] = text[at:end]
        return fields


def _patterns(table: Mapping[str, str]) -> tuple[tuple[_Template, str], ...]:
    """Each English template, its {fields} to be found, and its Chinese."""
    return tuple((_Template(english), chinese) for english, chinese in table.items())


@functools.cache
def _reason_patterns() -> tuple[tuple[_Template, str], ...]:
    from minecheck.core.docschema import SHAPES, SIGNING_TEMPLATES
    from minecheck.i18n import ZH

    said = (
        *SCHEMA_TEMPLATES,
        *MESSAGE_TEMPLATES,
        SIGNED_AHEAD,
        SOURCE_SIGNED_AHEAD,
        *SIGNING_TEMPLATES,
    )
    shapes = {
        f"{what} {{value}} {words}": f"{ZH.get(what, what)} {{value}} {ZH[words]}"
        for what, words in SHAPES
    }
    return _patterns({**REASONS_ZH, **{english: ZH[english] for english in said}, **shapes})


@functools.cache
def _parser_patterns() -> tuple[tuple[_Template, str], ...]:
    return _patterns(PARSER_WORDS_ZH)


@functools.cache
def _format_patterns() -> tuple[tuple[_Template, str], ...]:
    from minecheck.core.sshsig import FORMAT_TEMPLATES
    from minecheck.i18n import ZH

    return _patterns({english: ZH[english] for english in FORMAT_TEMPLATES})


def _format_words(reason: str) -> str:
    """What SSHFormatError said (a signature's or a key's armor and fields) in Chinese, an
    operating system's words for a common error (`os_words`), a reason in a message's own
    words (a loop of links), or a reason minecheck wrote in place of the system's (a socket
    opened: `NotRegular`); as written when none."""
    from minecheck.i18n import ZH
    from minecheck.os_words import os_words

    if reason in MESSAGE_TEMPLATES:
        return ZH[reason]
    for template, chinese in _format_patterns():
        found = template.match(reason)
        if found is not None:
            return chinese.format(**found)
    said = os_words(reason, "zh")
    if said == reason:  # words minecheck wrote itself: `not a regular file (a socket)`
        return reworded(reason)
    return said


def _word(text: str) -> str:
    """A catalogue word in Chinese (`[checklist]`, `a string`), or one naming an entry
    (`finding 'x'`, from the template `finding {item}`); as written when not known."""
    from minecheck.i18n import ZH

    if text in ZH:
        return ZH[text]
    head, _, rest = text.partition(" ")
    template = ZH.get(f"{head} {{item}}")
    return template.format(item=rest) if rest and template else text


def _parser_words(msg: str) -> str:
    """A TOML or JSON parser's words in Chinese, as written when not known."""
    for template, chinese in _parser_patterns():
        found = template.match(msg)
        if found is not None:
            return chinese.format(**found)
    return msg


_LABELS = Labels("zh")  # a state's, a status's and an acceptance method's words


def reworded(text: str) -> str:
    """TEXT in Chinese, or as written where no template matches (`Labels("zh").reason`, which
    keeps what this gives; a key path's rest and a detail are said through it in turn)."""
    from minecheck.i18n import ZH

    prefixed = _KEY_PATH.match(text)
    if prefixed is not None:
        rest = _LABELS.reason(prefixed.group(2))
        if rest != prefixed.group(2):
            return f"{prefixed.group(1)}：{rest}"
    for template, chinese in _reason_patterns():
        fields = template.match(text)
        if fields is None:
            continue
        if "kind" in fields and fields["kind"] not in ZH:
            continue  # "{name} must be {kind}" is a type's words only
        _said_in_chinese(fields)
        if "detail" in fields:  # a source's own detail, translated in turn
            fields["detail"] = _LABELS.reason(fields["detail"])
        if "msg" in fields:
            fields["msg"] = _parser_words(fields["msg"])
        if "reason" in fields:
            fields["reason"] = _format_words(fields["reason"])
        return chinese.format(**fields)
    return text


def _said_in_chinese(fields: dict[str, str]) -> None:
    """The fields of a template that are minecheck's own words (a catalogue word, a state, a
    method, a status, a schema's choices), put in Chinese in place."""
    for name in ("what", "kind"):
        if name in fields:
            fields[name] = _word(fields[name])
    if "state" in fields:
        fields["state"] = _LABELS.value("state", fields["state"])
    if "method" in fields and f"method.{fields['method']}" in _LABELS:
        word = _LABELS[f"method.{fields['method']}"]
        fields["method"] = f"{word}（{fields['method']}）"
    if "status" in fields:  # a source's status, in words as the reports name it
        fields["status"] = _LABELS.value("status", fields["status"])
    if "choices" in fields:  # a schema's own codes, never a file's: a list as Chinese's
        fields["choices"] = "、".join(fields["choices"].split(", "))


VALUE = "…"  # a file's own value, left out of the way a reason names
# a template's fields that are minecheck's own words, never a file's: kept in a way
_OWN_WORDS = frozenset(("what", "kind", "choices", "state", "method", "status"))


_REMEMBERED = 1024  # the longest text `way` remembers the way of (a file's value can be MBs)


def way(text: str, zh: bool) -> str:
    """`_way_of`, remembered for a text of at most `_REMEMBERED` characters: 4,096 details of
    a megabyte each would have been held as the memo's keys."""
    return _way_remembered(text, zh) if len(text) <= _REMEMBERED else _way_of(text, zh)


@functools.lru_cache(maxsize=4096)
def _way_remembered(text: str, zh: bool) -> str:
    return _way_of(text, zh)


def _way_of(text: str, zh: bool) -> str:
    """The way TEXT (a reason as a verdict keeps it, in English) says a file is at fault, in
    Chinese or English, each of the file's own values in it left out (`VALUE`): files at fault
    one way, each with its own values (a line's length, a version, a namespace, a size), are
    one way, which a terminal's roll-up tells once and counts on one line (`Tally.told`'s
    reason), and no file's text is said there. A text that matches no template is its own way,
    as written (`Labels.reason`)."""
    found = _way(text, _by_head(_reason_patterns), zh)
    if found is not None:
        return found
    return reworded(text) if zh else text


_HEAD = 8  # how many characters of a text `_by_head` sorts the templates by


@functools.cache
def _by_head(
    made: Callable[[], tuple[tuple[_Template, str], ...]],
) -> dict[str, tuple[tuple[_Template, str], ...]]:
    """The patterns `made` gives that a text beginning with each `_HEAD` characters can
    match, in their order ("": those a text beginning otherwise can, which begin with less
    than that before a field): a batch of 10,000 malformed files matched each against every
    template."""
    patterns = made()
    heads = {t.literals[0][:_HEAD] for t, _ in patterns if len(t.literals[0]) >= _HEAD}
    return {
        head: tuple(
            p
            for p in patterns
            if len(p[0].literals[0]) < _HEAD or (head and p[0].literals[0].startswith(head))
        )
        for head in heads | {""}
    }


def _format_way(reason: str, zh: bool) -> str:
    """`way` of what SSHFormatError or the system said (`_format_words`' texts)."""
    if reason in MESSAGE_TEMPLATES:
        from minecheck.i18n import ZH

        return ZH[reason] if zh else reason
    found = _way(reason, _by_head(_format_patterns), zh)
    if found is not None:
        return found
    return _format_words(reason) if zh else reason


def _way(text: str, by_head: dict[str, tuple[tuple[_Template, str], ...]], zh: bool) -> str | None:
    """`way` of TEXT by the first template it matches (`_by_head`'s), None where none does."""
    from minecheck.i18n import ZH

    for template, chinese in by_head.get(text[:_HEAD], by_head[""]):
        fields = template.match(text)
        if fields is None or ("kind" in fields and fields["kind"] not in ZH):
            continue
        said = {name: VALUE for name in fields if name not in _OWN_WORDS}
        said.update({name: fields[name] for name in fields if name in _OWN_WORDS})
        if "detail" in fields:
            said["detail"] = way(fields["detail"], zh)
        if "reason" in fields:
            said["reason"] = _format_way(fields["reason"], zh)
        if "msg" in fields:  # (a parser's words: its own, not a file's)
            said["msg"] = _parser_words(fields["msg"]) if zh else fields["msg"]
        if zh:
            _said_in_chinese(said)
            return chinese.format(**said)
        names = [said[name] for name in template.names]
        return "".join(a + b for a, b in zip(template.literals, [*names, ""], strict=True))
    return None
