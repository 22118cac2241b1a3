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

from collections.abc import Iterable

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
    return written(message, _current, **fields)


def written(message: str, lang: str, /, **fields: object) -> str:
    """`message` in the language `lang`, whatever the current one: for text written into a
    document, which follows the document's language (a findings file's `language`). A message
    whose text has lines (a command to run on a line of its own) is `Lines`."""
    text = ZH.get(message, message) if lang == "zh" else message
    if lang == "zh" and any(isinstance(value, Word) for value in fields.values()):
        fields = {k: ZH.get(v, v) if isinstance(v, Word) else v for k, v in fields.items()}
    if lang == "zh" and any(isinstance(value, Quoted) for value in fields.values()):
        text, fields = _quoted_in_chinese(text, fields)
    if "\n" in text:  # each line filled in alone: a field's line break never makes a line
        filled = listed(fields, lang)
        return Lines(line.format(**filled) for line in text.split("\n"))
    return text.format(**listed(fields, lang)) if fields else text


class Word(str):
    """A word of the catalogue given as a field (`a FIFO`, `evidence`), written in the
    message's language: for a message kept as its template and fields and said later in the
    reader's language (`AnswerError`)."""


class Quoted(str):
    """A value a person typed (an answer's reading, an item id in a checklist) between single
    quotes, as `core.sanitize.quoted_value` writes it: an English line shows it so, a Chinese
    one between Chinese quotes (`条目“a”的表`), without the blanks its template puts beside it
    where a Chinese character is on the other side. A command, a path, a key name or an
    option's value is not one: it is quoted as code is, the same in both languages."""

    inner: str

    def __new__(cls, inner: str) -> Quoted:
        made = super().__new__(cls, f"'{inner}'")
        made.inner = inner
        return made

    def __getnewargs__(self) -> tuple[str]:  # (a copy, a pickle: made again from the value)
        return (self.inner,)


def _quoted_in_chinese(text: str, fields: dict[str, object]) -> tuple[str, dict[str, object]]:
    """TEXT and FIELDS with each `Quoted` field between Chinese quotes, its blanks gone."""
    import re

    fields = dict(fields)
    for name, value in fields.items():
        if isinstance(value, Quoted):
            place = re.escape(f"{{{name}}}")
            text = re.sub(rf"(?<=[^\x00-\x7f]) (?={place})|(?<={place}) (?=[^\x00-\x7f])", "", text)
            fields[name] = f"“{value.inner}”"
    return text, fields


class Lines(str):
    """A message with a command to run (or a path or an id to copy) on a line of its own,
    indented two spaces under the sentence that says what it is for, as git and cargo write
    their hints: at a terminal of any width where the command fits, it is never folded, and
    where it does not, the terminal folds that one line, which it copies as one.

    The string is the message on one line, as it always was (`--json`'s problems, a log, a
    test that reads the text): the lines joined, a blank between them but after a Chinese
    mark. `lines` is what the message sink writes, one line each (`Reporter`)."""

    lines: tuple[str, ...]

    def __new__(cls, lines: Iterable[str]) -> Lines:
        kept = tuple(lines)
        made = super().__new__(cls, on_one_line(kept))
        made.lines = kept
        return made

    def __reduce__(self) -> tuple[type[Lines], tuple[tuple[str, ...]]]:
        return (Lines, (self.lines,))  # (a copy, a pickle: made again from its lines)


def on_one_line(lines: Iterable[str]) -> str:
    """LINES as one line: each after the first without its indent, after a blank, or after
    nothing where the line before ends with a Chinese mark (`继续请运行：minecheck ...`)."""
    said = ""
    for line in lines:
        if not said:
            said = line
            continue
        said += ("" if said.endswith(_WIDE_MARKS) else " ") + line.lstrip(" ")
    return said


_WIDE_MARKS = tuple("：；，。（）")


def lines_of(text: str) -> tuple[str, ...]:
    """The lines a message is written in: a `Lines`'s, else the one."""
    return text.lines if isinstance(text, Lines) else (text,)


def followed(first: str, between: str, second: str) -> str:
    """FIRST, BETWEEN and SECOND as one message: its lines kept (a hint and the advice after
    it, `...; your answers are kept:` and the resume command on its own line)."""
    if not isinstance(first, Lines) and not isinstance(second, Lines):
        return first + between + second
    head, tail = lines_of(first), lines_of(second)
    return Lines((*head[:-1], head[-1] + between + tail[0], *tail[1:]))


def listed(fields: dict[str, object], lang: str) -> dict[str, object]:
    """FIELDS with each list or tuple of values written as the language writes a list of
    codes or names: `a, b`, in Chinese `a、b` (a list is never said as Python writes one)."""
    return {
        key: joined(value, lang) if isinstance(value, list | tuple) else value
        for key, value in fields.items()
    }


def list_mark(lang: str | None = None) -> str:
    """What the language (LANG, else the current one) writes between two items of a list:
    `, `, in Chinese `、`."""
    return "、" if (lang or _current) == "zh" else ", "


def joined(values: Iterable[object], lang: str | None = None) -> str:
    """VALUES as the language (LANG, else the current one) writes a list of codes or names:
    `a, b`, in Chinese `a、b`."""
    return list_mark(lang).join(f"{each}" for each in values)


ZH: dict[str, str] = {
    # prompts
    "{label}: ": "{label}：",
    "{label} [{default}]: ": "{label} [{default}]：",
    # results and grades
    "compliant": "符合",
    "noncompliant": "不符合",
    "not-applicable": "不适用",
    "not-checked": "未检查",
    "non-compliant": "不符合",
    "not applicable": "不适用",
    "not checked": "未检查",
    "major": "重大",
    "general": "一般",
    # the question
    "y compliant · n non-compliant · a not applicable · s skip · b back · ? guidance"
    " · q save and quit": "y 符合 · n 不符合 · a 不适用 · s 跳过 · b 返回上一条 · ? 检查要点 · q 保存并退出",
    "y compliant · n non-compliant · a not applicable · s keep the earlier answer"
    " · b back · ? guidance · q save and quit": (
        "y 符合 · n 不符合 · a 不适用 · s 保留原回答 · b 返回上一条 · ? 检查要点 · q 保存并退出"
    ),
    "y compliant · n non-compliant · a not applicable · s keep the earlier answer"
    " · b back · f forward to where you were · ? guidance · q save and quit": (
        "y 符合 · n 不符合 · a 不适用 · s 保留原回答 · b 返回上一条 · f 回到原处 · ? 检查要点"
        " · q 保存并退出"
    ),
    "A skipped item comes back:": "跳过的条目现在再次提问：",
    "evidence required": "必须提供佐证",
    "evidence recommended": "建议提供佐证",
    "(earlier answer: {result})": "（原答案：{result}）",
    "(earlier answer: {value} {unit}, {result})": "（原答案：{value} {unit}，{result}）",
    "(unfinished answer: {result}; what was typed is filled in)": "（未完成的回答：{result}；已输入的内容已填入）",
    "(unfinished answer: {result}; nothing typed for it was kept: press its key to answer it)": (
        "（未完成的回答：{result}；没有保存为它输入的内容：请按其按键重新作答）"
    ),
    "Enter the reading in {unit} (limit {limit}), or a key": "请输入 {unit} 读数（限值 {limit}），或按键",
    "this item is judged by its reading: type the value": "本条目按读数判定：请输入数值",
    "'{given}' is not an answer: use one of the keys above": "“{given}”不是有效回答：请使用上面列出的按键",
    "'{given}' is not a reading: type the value in {unit}, or one of the keys above": (
        "“{given}”不是读数：请输入以 {unit} 计的数值，或使用上面列出的按键"
    ),
    "{value} {unit} is within the limit {limit} → compliant": "{value} {unit} 在限值 {limit} 以内 → 符合",
    "{value} {unit} is above the limit {limit} → non-compliant": "{value} {unit} 超过限值 {limit} → 不符合",
    "{value} {unit} is below the limit {limit} → non-compliant": "{value} {unit} 低于限值 {limit} → 不符合",
    "{value} {unit} reaches the limit {limit} → non-compliant": "{value} {unit} 达到限值 {limit} → 不符合",
    "a reading must be a finite number": "读数必须是有限的数值",
    "a reading cannot be negative": "读数不能为负数",
    "a reading in {unit} cannot be above 100": "以 {unit} 计的读数不能超过 100",
    "the unit of this reading is {unit}, not {given}": "本读数的单位是 {unit}，不是 {given}",
    "item {item} takes no reading": "条目 {item} 不取读数",
    "the reading {value} {unit} against the limit {limit} makes the result {derived}, not {result}": (
        "读数 {value} {unit} 对照限值 {limit}，结论应为 {derived}，而不是 {result}"
    ),
    "a {result} item takes no reading": "结论为 {result} 的条目不取读数",
    "item {item} needs a result or a reading": "条目 {item} 需要结论或读数",
    "item {item} needs a result": "条目 {item} 需要结论",
    "result must be one of {choices}, not {given}": "结论必须是 {choices} 之一，而不是 {given}",
    "{field} belongs only to a noncompliant answer": "{field} 只属于不符合的回答",
    "{fields} belong only to a noncompliant answer": "{fields} 只属于不符合的回答",
    "the comment of {path} ({comment}) is not a principal to sign as": "{path} 的注释（{comment}）不是可用于签名的签名身份",
    "name the principal:\n  {command}": "请指明签名身份：\n  {command}",
    "severity must be major or general, not {given}": "等级必须是 major 或 general，而不是 {given}",
    "item {item} is major by its criteria; lowering it needs a severity_reason": (
        "条目 {item} 按判定标准属重大隐患；降为一般须填写 severity_reason"
    ),
    "basis {code} names no clause of the criteria or the laws (CMHD-<article>.<n>,"
    " MNM-UG-<n>, MNM-OP-<n>, MNM-TP-<n>, WSL-<n>, CR24-<n>, O16, HM24, AP24)": (
        "依据 {code} 不是判定标准或法规中的条款（CMHD-<条>.<项>、MNM-UG-<项>、MNM-OP-<项>、"
        "MNM-TP-<项>、WSL-<条>、CR24-<条>、O16、HM24、AP24）"
    ),
    "a major hidden danger is a situation the criteria list: cite one"
    " (CMHD-<article>.<n> or MNM-UG/OP/TP-<n>) in basis, not only {basis},"
    " or grade it general": (
        "重大事故隐患必须是判定标准所列情形：请在依据中引用一项（CMHD-<条>.<项> 或 "
        "MNM-UG/OP/TP-<项>），不能只有 {basis}；否则请定为一般隐患"
    ),
    "a major finding must cite its basis (the clause that makes it major)": (
        "重大隐患必须引用依据（判定其为重大的条款）"
    ),
    "immediate measure must be one of {choices}": "立即措施必须是 {choices} 之一",
    "item {item} requires evidence: give a file, or the reason there is none (evidence_reason)": (
        "条目 {item} 必须提供佐证：请给出文件，或说明没有的原因（evidence_reason）"
    ),
    "evidence file {given} cannot be read: {reason}": "佐证文件 {given} 无法读取：{reason}",
    "evidence path {given} holds a NUL character": "佐证路径 {given} 含有 NUL 字符",
    "evidence path is empty": "佐证路径为空",
    "evidence path {given} is absolute; paths are relative to the findings file": (
        "佐证路径 {given} 是绝对路径；路径应相对于检查结果文件"
    ),
    "evidence path {given} uses backslashes; use forward slashes": (
        "佐证路径 {given} 使用了反斜杠；请使用正斜杠 /"
    ),
    "evidence path {given} has an empty or '..' part": "佐证路径 {given} 含有空的或 '..' 部分",
    "evidence {given} is outside {directory}, the directory the document is written to; copy "
    "the file below it, or write the document higher up with -o": (
        "佐证 {given} 不在文件写入的目录 {directory} 之内；请把文件复制到该目录下，"
        "或用 -o 把文件写到更上层的目录"
    ),
    "evidence file {given} does not exist": "佐证文件 {given} 不存在",
    "evidence {given}: the file's name is not {encoding} (from an archive made on another system?); "
    "rename the file, or unpack the archive again naming its encoding (python3 -m zipfile"
    " --metadata-encoding GBK -e ARCHIVE DIR, or unzip -O GBK ARCHIVE where unzip has -O)": (
        "佐证 {given}：文件名不是 {encoding} 编码（来自在其他系统上制作的压缩包？）；"
        "请给文件改名，或指明编码重新解压（python3 -m zipfile --metadata-encoding GBK -e ARCHIVE"
        " DIR；unzip 支持 -O 时也可用 unzip -O GBK ARCHIVE）"
    ),
    "evidence file {given} does not exist; {twin} differs only in letter case": (
        "佐证文件 {given} 不存在；{twin} 仅大小写不同"
    ),
    "evidence path {given} cannot be a file name on Windows ({characters}); rename the file": (
        "佐证路径 {given} 在 Windows 上不能作文件名（{characters}）；请给文件改名"
    ),
    "evidence path {given} cannot be a file name on Windows (it ends in a dot or a space); "
    "rename the file": "佐证路径 {given} 在 Windows 上不能作文件名（以点或空格结尾）；请给文件改名",
    "evidence path {given} cannot be a file name on Windows ({device} is a device name there); "
    "rename the file": (
        "佐证路径 {given} 在 Windows 上不能作文件名（{device} 在那里是设备名）；请给文件改名"
    ),
    "evidence {given}: {twin} beside it differs only in letter case or Unicode spelling; on "
    "Windows and macOS the two are one file: rename one": (
        "佐证 {given}：旁边的 {twin} 与它仅大小写或 Unicode 写法不同；"
        "在 Windows 和 macOS 上二者是同一个文件：请给其中一个改名"
    ),
    "evidence {given} is a directory, not a file": "佐证 {given} 是目录，不是文件",
    "key file {path} does not exist": "密钥文件 {path} 不存在",
    "passphrase file {path} cannot be read": "口令文件 {path} 无法读取",
    "passphrase file {path} is readable by group or others": "口令文件 {path} 可被同组或其他用户读取",
    "passphrase file {path} cannot be read: {reason}": "口令文件 {path} 无法读取：{reason}",
    "passphrase file {path} is empty": "口令文件 {path} 是空的",
    "passphrase file {path} is over the limit of {limit} bytes": (
        "口令文件 {path} 超过 {limit} 字节的上限"
    ),
    "{path} is protected by a passphrase and there is no terminal to ask for it": (
        "{path} 有口令保护，但没有终端可以询问口令"
    ),
    # what SSHFormatError says (core/sshsig.py FORMAT_TEMPLATES)
    "truncated: a length runs past the end of the data": "数据被截断：某个长度超出了数据末尾",
    "{count} unexpected trailing bytes": "末尾多出 {count} 个字节",
    "1 unexpected trailing byte": "末尾多出 1 个字节",
    "an Ed25519 public key has 32 bytes, not {count}": "Ed25519 公钥应为 32 字节，而不是 {count} 字节",
    "a point of small order, which no private key gives, is no Ed25519 public key": (
        "这是一个小阶点，任何私钥都不会得出它，不是 Ed25519 公钥"
    ),
    "key type {name} is not supported; minecheck uses ssh-ed25519": (
        "不支持密钥类型 {name}；minecheck 使用 ssh-ed25519"
    ),
    "expected 'ssh-ed25519 <base64> [comment]'": "应为 'ssh-ed25519 <base64> [注释]'",
    "key type {name} is not supported; minecheck uses ssh-ed25519 keys": (
        "不支持密钥类型 {name}；minecheck 使用 ssh-ed25519 密钥"
    ),
    "the key's base64 is not valid": "密钥的 base64 无效",
    "the key's base64 is not canonical (extra padding or bits)": (
        "密钥的 base64 不是规范形式（有多余的填充或位）"
    ),
    "signature type {name} is not ssh-ed25519": "签名类型 {name} 不是 ssh-ed25519",
    "an Ed25519 signature has 64 bytes, not {count}": "Ed25519 签名应为 64 字节，而不是 {count} 字节",
    "armored signature contains a carriage return (CRLF line ending?)": (
        "签名块含有回车符（换行符是 CRLF？）"
    ),
    "armored signature must end with {end} and a newline": "签名块须以 {end} 和一个换行符结尾",
    "armored signature must begin with {begin}": "签名块须以 {begin} 开头",
    "armored signature has no base64 lines": "签名块中没有 base64 行",
    "armored signature line {number} has {count} characters; base64 is wrapped at exactly {wrap}": (
        "签名块第 {number} 行有 {count} 个字符；base64 须恰好每 {wrap} 个字符换行"
    ),
    "armored signature line {number} has 1 character; base64 is wrapped at exactly {wrap}": (
        "签名块第 {number} 行有 1 个字符；base64 须恰好每 {wrap} 个字符换行"
    ),
    "armored signature is not valid base64": "签名块不是有效的 base64",
    "armored signature is not canonical base64": "签名块不是规范形式的 base64",
    "signature namespace is not valid UTF-8": "签名的命名空间不是有效的 UTF-8",
    "signature hash algorithm is not valid UTF-8": "签名的哈希算法不是有效的 UTF-8",
    "not an SSHSIG signature (bad magic)": "不是 SSHSIG 签名（开头的标识不对）",
    "SSHSIG version {version} is not supported (expected 1)": (
        "不支持 SSHSIG 版本 {version}（应为 1）"
    ),
    "signature namespace is empty": "签名的命名空间为空",
    "signature reserved field is not empty": "签名的保留字段不为空",
    "signature hash algorithm {name} is not sha512 or sha256": (
        "签名的哈希算法 {name} 不是 sha512 或 sha256"
    ),
    "this terminal cannot hide a passphrase as it is typed: it is not asked": (
        "此终端无法在输入时隐藏口令：不在此询问口令"
    ),
    "use --passphrase-file / MINECHECK_PASSPHRASE_FILE": (
        "请使用 --passphrase-file / MINECHECK_PASSPHRASE_FILE"
    ),
    "add the key to ssh-agent, or use --passphrase-file / MINECHECK_PASSPHRASE_FILE": (
        "请把密钥加入 ssh-agent，或使用 --passphrase-file / MINECHECK_PASSPHRASE_FILE"
    ),
    "no signing key is set up yet": "尚未设置签名密钥",
    # keys show
    "path: {value}": "路径：{value}",
    "principal: {value}": "签名身份：{value}",
    "fingerprint: {value}": "指纹：{value}",
    "default: {value}": "默认密钥：{value}",
    "yes": "是",
    "no": "否",
    "allowed_signers: {value}": "allowed_signers 行：{value}",
    " … {count} more characters not shown": " …… 另有 {count} 个字符未显示",
    " … 1 more character not shown": " …… 另有 1 个字符未显示",
    "wrong passphrase for {path}": "{path} 的口令错误",
    "there is no home directory to keep minecheck's {kind} files in": (
        "没有可存放 minecheck {kind} 文件的主目录"
    ),
    "set HOME, or MINECHECK_HOME to a directory of minecheck's own": (
        "请设置 HOME，或把 MINECHECK_HOME 设为 minecheck 专用的目录"
    ),
    "writing Parquet needs the optional pyarrow package, which is not installed": (
        "写出 Parquet 需要可选的 pyarrow 包，但尚未安装"
    ),
    "install it (minecheck's parquet extra):\n  pip install 'pyarrow>=16'": (
        "请安装（minecheck 的 parquet 附加组件）：\n  pip install 'pyarrow>=16'"
    ),
    "writing Parquet needs the optional pyarrow package; the one installed cannot be loaded: {reason}": (
        "写出 Parquet 需要可选的 pyarrow 包；已安装的 pyarrow 无法加载：{reason}"
    ),
    "upgrade it (minecheck's parquet extra):\n  pip install --upgrade 'pyarrow>=16'": (
        "请升级（minecheck 的 parquet 附加组件）：\n  pip install --upgrade 'pyarrow>=16'"
    ),
    # sign: the header a hand-made document states
    " with ": "，",
    "signer {value}": "签名人 {value}",
    "key {value}": "密钥 {value}",
    "{file} names {names}, but you sign as {principal} with {fingerprint}": (
        "{file} 写明了{names}，但您以 {principal} 和 {fingerprint} 签名"
    ),
    'set signer = "{principal}" and signer_key = "{fingerprint}" in its [minecheck] table, '
    "or leave them out": (
        '请在其 [minecheck] 表中写 signer = "{principal}" 和 signer_key = "{fingerprint}"，或不写这两项'
    ),
    "{label}: a document must begin with the [minecheck] table": "{label}：文件必须以 [minecheck] 表开头",
    "make [minecheck] the file's first line; a comment may go below the table's lines": (
        "请把 [minecheck] 作为文件第一行；注释可以放在该表的各行之后"
    ),
    "{label}: cannot add {keys} to its [minecheck] table": "{label}：无法在其 [minecheck] 表中加入 {keys}",
    "write the [minecheck] table as one-line key = value entries": (
        "请把 [minecheck] 表写成每行一个 key = value 的形式"
    ),
    "the passphrase was read from {source}": "口令读自 {source}",
    "let only its owner read it:\n  chmod 600 {quoted}": "请设为仅所有者可读：\n  chmod 600 {quoted}",
    "type the passphrase again with care (Caps Lock, the input method), or sign with another"
    " key: --key PATH (minecheck keys list shows yours)": (
        "请再仔细输入一次口令（注意大写锁定键和输入法），或用另一个密钥签名：--key PATH"
        "（minecheck keys list 会列出您的密钥）"
    ),
    # ssh-agent (core/agent.py)
    "ssh-agent refused to sign with {key}": "ssh-agent 拒绝用 {key} 签名",
    "check that the key is loaded (ssh-add -l); a key added with ssh-add -c"
    " signs only when its use is confirmed": (
        "请检查该密钥是否已载入（ssh-add -l）；用 ssh-add -c 加入的密钥须确认使用后才会签名"
    ),
    "a key added with ssh-add -c signs only when its use is confirmed": (
        "用 ssh-add -c 加入的密钥须确认使用后才会签名"
    ),
    "waiting for ssh-agent to sign with {key} (confirm its use if you are asked) ...": (
        "正在等待 ssh-agent 用 {key} 签名（如被询问，请确认使用该密钥）……"
    ),
    "ssh-agent at {path} returned a signature that does not verify with {key}": (
        "{path} 处的 ssh-agent 返回的签名无法用 {key} 核验"
    ),
    "ssh-agent at {path} did not answer within {seconds} s": (
        "{path} 处的 ssh-agent 在 {seconds} 秒内没有应答"
    ),
    "cannot reach ssh-agent at {path}: {reason}": "无法连接 {path} 处的 ssh-agent：{reason}",
    'start one with: eval "$(ssh-agent -s)" && ssh-add': (
        '可用以下命令启动：eval "$(ssh-agent -s)" && ssh-add'
    ),
    'start one with the key in it: eval "$(ssh-agent -s)" && ssh-add {key}': (
        '可用以下命令启动并加入该密钥：eval "$(ssh-agent -s)" && ssh-add {key}'
    ),
    "ssh-agent at {path} closed the connection mid-reply": (
        "{path} 处的 ssh-agent 在应答中途关闭了连接"
    ),
    "ssh-agent at {path} sent a malformed reply": "{path} 处的 ssh-agent 发来的应答格式有误",
    "ssh-agent at {path} sent an unexpected reply (type {kind})": (
        "{path} 处的 ssh-agent 发来意外的应答（类型 {kind}）"
    ),
    # a key file, said where it is read (core/keys.py)
    "key file": "密钥文件",
    "public key file": "公钥文件",
    "create one with:\n  minecheck keys generate": "创建密钥请运行：\n  minecheck keys generate",
    "ask its signer for an Ed25519 key; minecheck keys generate makes one": (
        "请签名人提供 Ed25519 密钥；可用 minecheck keys generate 生成"
    ),
    "a key comment must be a single line": "密钥注释只能有一行",
    "ask the signer for their .pub file (minecheck keys show prints the line to give: "
    "trust add --from FILE)": "请向签名人索取其 .pub 文件（minecheck keys show 打印可交付的那一行：trust add --from FILE）",
    "{path} is protected by a passphrase": "{path} 有口令保护",
    "{path} is encrypted with {cipher}, which minecheck cannot read": (
        "{path} 以 {cipher} 加密，minecheck 无法读取"
    ),
    "re-encrypt it:\n  ssh-keygen -p -Z aes256-ctr -f {path}": (
        "请重新加密：\n  ssh-keygen -p -Z aes256-ctr -f {path}"
    ),
    "{path} is not an OpenSSH public key (not UTF-8 text)": (
        "{path} 不是 OpenSSH 公钥（不是 UTF-8 文本）"
    ),
    "{path} is a private key; pass the public key ({name})": "{path} 是私钥；请给出公钥（{name}）",
    "{path} is a private key, not the public half of {key}": "{path} 是私钥，不是 {key} 的公钥",
    "{path} is not an OpenSSH public key: expected one 'ssh-ed25519 AAAA...' line, "
    "found {count}": "{path} 不是 OpenSSH 公钥：应有一行 'ssh-ed25519 AAAA...'，实有 {count} 行",
    "{path} holds an allowed_signers line, not a public key file": (
        "{path} 中是一行 allowed_signers 记录，不是公钥文件"
    ),
    "{path} is a public key file, not allowed_signers lines": (
        "{path} 是公钥文件，不是 allowed_signers 记录"
    ),
    "{path} is not an OpenSSH public key: {reason}": "{path} 不是 OpenSSH 公钥：{reason}",
    "{what} {path} does not exist": "{what} {path} 不存在",
    "cannot read {what} {path}: {reason}": "无法读取{what} {path}：{reason}",
    "{path} is too large to be a key file": "{path} 太大，不可能是密钥文件",
    "{path} is a public key; pass the private key (the file without .pub)": (
        "{path} 是公钥；请给出私钥（不带 .pub 的那个文件）"
    ),
    "permissions {mode} for '{path}' are too open; run:\n  chmod 600 {quoted}": (
        "'{path}' 的权限 {mode} 过于开放；请运行：\n  chmod 600 {quoted}"
    ),
    "{path} is not an OpenSSH private key": "{path} 不是 OpenSSH 私钥",
    "{path} holds several keys; minecheck reads files with one key": (
        "{path} 中有多个密钥；minecheck 只读取含一个密钥的文件"
    ),
    "cannot create directory {path}: {reason}": "无法创建目录 {path}：{reason}",
    "cannot create {path}: {reason}": "无法创建 {path}：{reason}",
    "cannot write {path}: {reason}": "无法写入 {path}：{reason}",
    "cannot write to standard output: {reason}": "无法写入标准输出：{reason}",
    "{path}: the directory could not be flushed to the disk ({reason}); what was written "
    "there is in place, but a power cut may lose it": (
        "{path}：目录未能刷写到磁盘（{reason}）；写入其中的内容已就位，但断电可能使其丢失"
    ),
    "{path} is a pipe: keys import records where a key file stays, and a pipe holds the key "
    "only while it is read": (
        "{path} 是管道：keys import 记录密钥文件所在的位置，而管道只在读取时才有密钥"
    ),
    "save the key in a file (chmod 600) and import that file": (
        "把密钥保存为文件（chmod 600）再导入该文件"
    ),
    "an RSA key": "RSA 密钥",
    "an ECDSA key": "ECDSA 密钥",
    "a DSA key": "DSA 密钥",
    "a FIDO security key (sk-*)": "FIDO 安全密钥（sk-*）",
    "an OpenSSH certificate": "OpenSSH 证书",
    "a {type} key": "{type} 密钥",
    "{path} is {kind}; minecheck signs with Ed25519 keys only ({hint})": (
        "{path} 是 {kind}；minecheck 只用 Ed25519 密钥签名（{hint}）"
    ),
    "{path} is not a valid OpenSSH private key": "{path} 不是有效的 OpenSSH 私钥",
    # sign
    "{path} is already signed": "{path} 已经签过名",
    "merged documents are made and signed by minecheck merge": (
        "合并文件由 minecheck merge 生成并签名"
    ),
    "this line of the [minecheck] table is not written as minecheck writes it (one key = value "
    "on its line, no comment; signer and signer_key in double quotes, created as "
    "2026-12-01T08:15:00Z), which would mislead the stock sed/ssh-keygen check": (
        "[minecheck] 表的这一行不是 minecheck 写出的格式（每行一个 key = value，不带注释；"
        "signer 和 signer_key 用双引号，created 写成 2026-12-01T08:15:00Z），"
        "会误导标准的 sed/ssh-keygen 检查"
    ),
    "{path} is not a valid minecheck document": "{path} 不是有效的 minecheck 文件",
    "this terminal's encoding ({encoding}) cannot show Chinese: what is in Chinese shows as '?'": (
        "此终端的编码（{encoding}）无法显示中文：中文内容显示为“?”"
    ),
    "use --lang en, or a terminal and locale in UTF-8 or GB18030": (
        "请使用 --lang en，或使用 UTF-8 或 GB18030 编码的终端和区域设置"
    ),
    "{option} holds bytes that are not {encoding} ({code}), the encoding of the locale": (
        "{option} 含有不是 {encoding}（区域设置的编码）的字节（{code}）"
    ),
    "type it at a terminal set to {encoding}, or set LANG to the locale the terminal is set to": (
        "请在设为 {encoding} 的终端中输入，或将 LANG 设为与终端一致的区域设置"
    ),
    "the terminal sent bytes that are not {encoding} ({code}), the locale's encoding: set the"
    " terminal and the locale (LANG) to one encoding and type that again": (
        "终端发送的字节不是 {encoding}（{code}），即区域设置的编码：请将终端和区域设置（LANG）"
        "设为同一编码后重新输入"
    ),
    "{path} would be refused unread by every reader; nothing was written": "{path} 会被所有读取方不经读取直接拒绝；未写入任何内容",
    "{path} would be {size} bytes, over the limit of {limit} that every reader keeps; nothing was written": "{path} 将有 {size} 字节，超过所有读取方的上限 {limit}；未写入任何内容",
    "the new signature of {path} does not verify; nothing was written": "{path} 的新签名核验不通过；未写入任何内容",
    "{path} does not read back as written": "{path} 读回的内容与写入的不同",
    "merge fewer files at once: summary and export read several files together": "每次合并较少的文件：summary 和 export 可以同时读取多个文件",
    "inside strings, write {marks} as {escapes}": "字符串中的 {marks} 请写作 {escapes}",
    "{path}: created {created} lies in the future; "
    "a document is signed with the time it was made": (
        "{path}：created {created} 在未来；文件应以其生成时间签名"
    ),
    "set created to the current UTC time, or leave it out": (
        "请把 created 设为当前 UTC 时间，或删去它"
    ),
    "{path}: filled in {fields}": "{path}：已填入 {fields}",
    "nothing was answered; no draft was kept": "尚未作答；未保留草稿",
    "no draft {id}": "没有草稿 {id}",
    "draft {id} is damaged ({reason}); it was left as it is": "草稿 {id} 已损坏（{reason}）；已原样保留",
    "it cannot be resumed; discard it with:\n  minecheck drafts discard {id}": (
        "它无法继续；删除它请运行：\n  minecheck drafts discard --lang zh {id}"
    ),
    "not valid TOML": "不是有效的 TOML",
    "draft {id} could not be removed ({reason}); it was left as it is": (
        "草稿 {id} 无法删除（{reason}）；已原样保留"
    ),
    "{key} has the wrong type": "{key} 的类型不对",
    "{key} is not a table": "{key} 不是表",
    "{key} is not a field of an answer": "{key} 不是答案的字段",
    "{key} is not a field of a draft": "{key} 不是草稿的字段",
    "draft.id {id} is not the draft's file name": "draft.id {id} 与草稿文件名不符",
    "draft {id} is a directory, not a draft; it was left as it is": (
        "草稿 {id} 是一个目录，不是草稿；已原样保留"
    ),
    "not a minecheck draft": "不是 minecheck 草稿",
    "its fields are not a draft's": "其字段不是草稿的字段",
    "damaged ({reason})": "已损坏（{reason}）",
    "draft {id} was written by a newer version of minecheck ({format}); it was left as it is": (
        "草稿 {id} 由更新版本的 minecheck 写成（{format}）；已原样保留"
    ),
    "resume it with that version, or a later one": "请用那个版本或更新的版本继续",
    "draft {id} was begun with checklist {checklist} ({path}), which is not installed; the draft "
    "was left as it is": "草稿 {id} 开始时使用的检查表 {checklist}（{path}）未安装；草稿已原样保留",
    "put that checklist file in {directory} as {name}, then resume:\n  {command}": (
        "请把该检查表文件以 {name} 为名放到 {directory}，然后继续：\n  {command}"
    ),
    "{ref} is not a draft id": "{ref} 不是草稿编号",
    "draft id {ref} is ambiguous": "草稿编号 {ref} 不唯一",
    "give more of the id": "请多给出几位编号",
    "  (missing)": "  （文件不存在）",
    "create one with (or pass --key PATH):\n  minecheck keys generate --principal you@unit.example": (
        "创建密钥请运行（或加上 --key PATH）：\n  minecheck keys generate --principal you@unit.example"
    ),
    "create one with:\n  minecheck keys generate --principal you@unit.example": (
        "创建密钥请运行：\n  minecheck keys generate --principal you@unit.example"
    ),
    "the key's recorded principal": "密钥记录的签名身份",
    "{source} {value} is not a valid principal": "{source} {value} 不是有效的签名身份",
    "no principal to sign as for {path}": "{path} 没有可用的签名身份",
    "record its principal (or pass --signer you@unit.example, or set MINECHECK_SIGNER):\n"
    "  minecheck keys import {path} --principal you@unit.example": (
        "请登记其签名身份（或加上 --signer you@unit.example，或设置 MINECHECK_SIGNER）：\n"
        "  minecheck keys import {path} --principal you@unit.example"
    ),
    "{public} does not belong to {path}": "{public} 与 {path} 不是一对密钥",
    "evidence file {given} is larger than 2 GiB ({size} bytes); record a shorter clip or a "
    "still of it": "佐证文件 {given} 超过 2 GiB（{size} 字节）；请改为记录较短的片段或截图",
    "a comma in a reading is ambiguous: write {plain} or {decimal}": (
        "读数中的逗号有歧义：请写成 {plain} 或 {decimal}"
    ),
    "a blank splits the number of this reading ({given}): write its digits together": (
        "读数的数字被空格隔开（{given}）：请把数字连在一起写"
    ),
    "item {item} is judged by its reading: give the value": "条目 {item} 按读数判定：请给出数值",
    # text written into a finding, in the inspection's language
    "{value} {unit}, limit {limit}": "{value} {unit}，限值 {limit}",
    "no evidence: {reason}": "无佐证：{reason}",
    "{note}; {reason}": "{note}；{reason}",
    "applies only to: {condition}": "仅适用于：{condition}",
    "{some} and {every}": "{some} 且 {every}",
    "one of {some}": "{some} 之一",
    " and ": " 且 ",
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
    "{label}: no control or invisible characters (type the name again, or leave it empty)": (
        "{label}：不能含控制字符或不可见字符（请重新输入名称，或留空）"
    ),
    "Enforcement order": "执法文书",
    "Clause": "依据条款",
    "Deadline (YYYY-MM-DD)": "整改期限（YYYY-MM-DD）",
    "'{given}' is not a date like {example}": "“{given}”不是形如 {example} 的日期",
    "'{given}' is no day of the calendar: {month} has {days} days": (
        "“{given}”不是日历上的日期：{month} 只有 {days} 天"
    ),
    "'{given}' is no day of the calendar: a year has 12 months": (
        "“{given}”不是日历上的日期：一年只有 12 个月"
    ),
    "{date} is in the past: give a deadline from today on": "{date} 已经过去：整改期限不能早于今天",
    "Evidence so far:": "已有佐证：",
    "Evidence file (empty to finish)": "佐证文件（留空结束）",
    "Evidence file (empty to finish, -N removes entry N)": "佐证文件（留空结束，输入 -N 删除第 N 项）",
    "there is no entry {number}": "没有第 {number} 项",
    "Why there is no evidence (this item requires it)": "没有佐证的原因（本条目必须提供佐证）",
    "a reason is needed, or the evidence file: type or drop its path": (
        "必须填写理由，或给出佐证文件：输入或拖入其路径"
    ),
    "{given} is taken as evidence": "{given} 已作为佐证",
    "{given} is entry {number} already": "{given} 已是第 {number} 项",
    # the review
    "Review: {summary}": "复核：{summary}",
    "{count} not answered": "未作答 {count} 项",
    "{count} {result}": "{result} {count} 项",
    "NO.": "编号",
    "ITEM": "条目",
    "GRADE": "等级",
    "DEADLINE": "整改期限",
    "DESCRIPTION": "隐患描述",
    "Grade": "等级",
    "Deadline": "整改期限",
    "Description": "隐患描述",
    "not answered (will be recorded as not-checked): {items}": "未作答（将记为未检查）：{items}",
    "Enter to sign and write · an item's number or id to answer it again"
    " · q to save and quit": "回车 签名并保存 · 输入条目编号或 id 重新作答 · 输入 q 保存并退出",
    "Your choice (Enter signs)": "您的选择（回车即签名）",
    "no item '{given}' to answer again; did you mean {close}?": "没有可重新作答的条目“{given}”；您是指 {close} 吗？",
    "no item '{given}' to answer again": "没有可重新作答的条目“{given}”",
    "this is the first question": "这已经是第一个问题",
    # keys and drafts
    "You have no signing key yet; findings are signed so anyone can check them.": "您还没有签名密钥；检查结果需要签名，以便任何人都能核验。",
    "Create one now? Principal [{principal}] (or n to stop): ": "现在创建一个吗？签名身份 [{principal}]（输入 n 停止）：",
    "'{principal}' cannot be a principal: a principal is lowercase ASCII shaped like an e-mail"
    " address (e.g. wang.wei@hlj.example); your name for the record is asked next": (
        "“{principal}”不能作为签名身份：签名身份由小写英文字母、数字和符号组成，形如电子邮件地址"
        "（例如 wang.wei@hlj.example）；记录中显示的姓名随后另行询问"
    ),
    "created {path} ({fingerprint})": "已创建 {path}（{fingerprint}）",
    "allowed_signers line: {line}": "allowed_signers 行：{line}",
    "Trust this key on this computer too (for minecheck verify)? [Y/n] ": "在本机也信任此密钥（供 minecheck verify 使用）吗？[Y/n] ",
    "{path}: trusting {fingerprint} for {principal}": "{path}：信任 {fingerprint}，签名身份 {principal}",
    "no signing key": "没有签名密钥",
    "{fingerprint} is not trusted on this computer; the inspection goes on and is signed with it": (
        "{fingerprint} 未在本机受信任；检查照常进行，并用它签名"
    ),
    "once that is mended, trust it with:\n  minecheck trust add --principal {principal} --key {key}": (
        "修复之后，用以下命令信任它：\n  minecheck trust add --principal {principal} --key {key}"
    ),
    "{path} is one of the inputs; it is not replaced": "{path} 是输入文件之一，不会被替换",
    "choose another -o": "请另选 -o",
    "the local time zone{tz} is 24 hours or more from UTC": "本地时区{tz}与 UTC 相差 24 小时或更多",
    "set TZ to a zone such as Asia/Shanghai or UTC": "请把 TZ 设为 Asia/Shanghai 或 UTC 等时区",
    "A key's principal names your signatures, lowercase and shaped like an e-mail "
    "address (e.g. wang.wei@hlj.example): the keeper of the trust files knows you by it.": (
        "密钥的 principal（签名身份）是您签名所用的名字，小写、形如电子邮件地址"
        "（例如 wang.wei@hlj.example）：管理信任文件的人凭它认出您。"
    ),
    "Inspector (your name as it should appear){shown}: ": "检查人员（记录中显示的姓名）{shown}：",
    "a name is needed, without control or invisible characters": "必须填写姓名，且不能含控制字符或不可见字符",
    "An unfinished draft of this checklist and site exists ({id}, 1 answer).": (
        "本检查表和被检查单位有一份未完成的草稿（{id}，已答 1 项）。"
    ),
    "An unfinished draft of this checklist and site exists ({id}, {count} answers).": (
        "本检查表和被检查单位有一份未完成的草稿（{id}，已答 {count} 项）。"
    ),
    "An unfinished draft of this checklist and site exists ({id}, 1 answer + {m} unfinished).": (
        "本检查表和被检查单位有一份未完成的草稿（{id}，已答 1 项 + {m} 项未完成）。"
    ),
    "An unfinished draft of this checklist and site exists ({id}, {count} answers + {m}"
    " unfinished).": "本检查表和被检查单位有一份未完成的草稿（{id}，已答 {count} 项 + {m} 项未完成）。",
    "Resume it? [Y/n] ": "继续吗？[Y/n] ",
    "Try again? [Y/n] ": "再试一次吗？[Y/n] ",
    "output": "输出文件",
    "tags": "标签",
    "language": "语言",
    "the draft keeps its own settings: {kept}": "草稿保留其原有设置：{kept}",
    "this draft was started with checklist {checklist} version {old}; "
    "it is now version {new}. ": "本草稿开始时使用检查表 {checklist} 的 {old} 版；现在是 {new} 版。",
    "Answers to removed items were dropped: {items}. ": "已删除条目的答案被舍弃：{items}。",
    "Answers to changed items will be asked again: {items}. ": "已修改条目的答案将重新提问：{items}。",
    "{item} ({reason})": "{item}（{reason}）",
    "{item} (noncompliant; {typed})": "{item}（不符合；{typed}）",
    "{name} ({detail})": "{name}（{detail}）",
    "its reading's unit or limits changed": "其读数的单位或限值已修改",
    "it no longer takes a reading": "已不再需要读数",
    "it now takes a reading": "现在需要读数",
    "its basis changed": "其依据已修改",
    "its grade changed": "其隐患等级已修改",
    "it now requires evidence": "现在要求佐证",
    "Answers to items that no longer apply to the site were replaced by "
    "not-applicable: {items}. ": "不再适用于该被检查单位的条目的答案已改为不适用：{items}。",
    "Items not answered yet will be asked.": "尚未回答的条目将会提问。",
    "draft {id} (answers are saved as you go)": "草稿 {id}（每个回答都会自动保存）",
    "answers are saved as you go, in draft:\n  {id}": "每个回答都会自动保存，草稿：\n  {id}",
    "interrupted; draft {id} kept": "已中断；草稿 {id} 已保留",
    "interrupted before signing; draft {id} kept": "签名前中断；草稿 {id} 已保留",
    "resume it with:\n  minecheck drafts resume {id}": (
        "继续请运行：\n  minecheck drafts resume --lang zh {id}"
    ),
    "saved draft {id}; resume with:\n  minecheck drafts resume {word}": (
        "草稿 {id} 已保存；继续请运行：\n  minecheck drafts resume --lang zh {word}"
    ),
    "your answers are kept:\n  minecheck drafts resume {id}": (
        "您的回答已保留：\n  minecheck drafts resume --lang zh {id}"
    ),
    "the draft cannot be saved ({reason}); go on: your answers are held here and saved as soon as that works again": (
        "草稿无法保存（{reason}）；请继续：您的回答暂存在本程序中，一旦可以保存即会保存"
    ),
    "draft {id} is saved again": "草稿 {id} 已重新保存",
    "draft {id} could not be saved: {reason}": "草稿 {id} 无法保存：{reason}",
    "draft {id} could not be removed ({reason}): its answers are signed in {path}; discard it with:\n  minecheck drafts discard {word}": (
        "草稿 {id} 无法删除（{reason}）：其中的回答已签名写入 {path}；丢弃它请运行：\n  minecheck drafts discard --lang zh {word}"
    ),
    "write the findings where their evidence lies, or leave -o out": "请把检查结果写到其佐证文件所在的目录，或不加 -o",
    "evidence {path} has changed since it was given": "佐证文件 {path} 在提交之后已被修改",
    "your answers are kept (with -o PATH to write them elsewhere):\n  minecheck drafts resume {id}": (
        "您的回答已保留（加 -o 路径 可写到别处）：\n  minecheck drafts resume --lang zh {id}"
    ),
    "signed and written: {path}": "已签名并写入：{path}",
    "draft {id} is open in another minecheck": "草稿 {id} 正在另一个 minecheck 中打开",
    "draft {id} is open in another minecheck (process {pid})": "草稿 {id} 正在另一个 minecheck 中打开（进程 {pid}）",
    "It is open in another minecheck (process {pid}).": "它正在另一个 minecheck 中打开（进程 {pid}）。",
    "It is open in another minecheck.": "它正在另一个 minecheck 中打开。",
    "Start another inspection of this site here? [y/N] ": "在这里另开一次对该单位的检查吗？[y/N] ",
    "finish or quit that one first": "请先完成或退出那一个",
    # keys and trust
    "{principal} is not a valid principal": "{principal} 不是有效的签名身份",
    "a principal looks like name@unit.example: lowercase ASCII, at most 64 characters before "
    "the @ and 190 after": (
        "签名身份形如 name@unit.example：小写 ASCII 字符，@ 前至多 64 个字符、@ 后至多 190 个"
    ),
    "a principal looks like name@unit.example: lowercase ASCII, at most 64 characters before "
    "the @ and 190 after (patterns may use *, ? and !)": (
        "签名身份形如 name@unit.example：小写 ASCII 字符，@ 前至多 64 个字符、@ 后至多 190 个"
        "（模式可使用 *、? 和 !）"
    ),
    "{path}: the key list keeps UTF-8 paths only, and this one is not": (
        "{path}：密钥列表只保存 UTF-8 路径，而此路径不是"
    ),
    "keep keys under a directory whose name is UTF-8 (MINECHECK_HOME)": (
        "请将密钥放在名称为 UTF-8 的目录下（MINECHECK_HOME）"
    ),
    "move the key and its .pub to a directory whose name is UTF-8, and import it from there": (
        "请把密钥及其 .pub 移到名称为 UTF-8 的目录下，再从那里导入"
    ),
    "it is not in minecheck's key list (a `keys generate` stopped before recording it?): "
    "record it with:\n  {command}": (
        "它不在 minecheck 的密钥列表中（上次 `keys generate` 在登记前中断？）：请用以下命令登记：\n  {command}"
    ),
    "minecheck never overwrites a key: choose another path, or move the old key away": (
        "minecheck 从不覆盖密钥：请另选路径，或把旧密钥移走"
    ),
    "the default signing key stays {principal} ({fingerprint}); to make this one the default "
    "(or pass --key when signing):\n  {command}": (
        "默认签名密钥仍为 {principal}（{fingerprint}）；如要将本密钥设为默认"
        "（或在签名时使用 --key），请运行：\n  {command}"
    ),
    "{path}: trusting it on this computer": "{path}：在本机信任此密钥",
    "give this line to whoever keeps the allowed_signers file:": (
        "请把下面这一行交给管理 allowed_signers 文件的人："
    ),
    "no keys yet; create one with:\n  minecheck keys generate --principal P": (
        "还没有密钥；创建密钥请运行：\n  minecheck keys generate --principal P"
    ),
    "no default key": "没有默认密钥",
    "{path} is missing": "缺少 {path}",
    "recreate it with:\n  {command}": "请用以下命令重新生成：\n  {command}",
    "NEW-FILE (no name tried is free and short enough: name a new file)": (
        "新文件（试过的名称都已被占用或过长：请另起一个新文件名）"
    ),
    "remove the link and write the file in its place with:\n  {command}": (
        "请删除该链接，并用以下命令在原处重新生成：\n  {command}"
    ),
    "move the folder away first (nothing in it is removed here), then write the file in its "
    "place with:\n  {command}": (
        "请先把该文件夹移走（这里不删除其中任何内容），再用以下命令在原处生成该文件：\n  {command}"
    ),
    "{path} is the public half of another key, not of {key}": (
        "{path} 是另一个密钥的公钥，不是 {key} 的"
    ),
    "recorded {path} for {principal} ({fingerprint})": "已登记 {path}，签名身份 {principal}（{fingerprint}）",
    "{option} {value} is not a time": "{option} {value} 不是时间",
    "use 2026-01-31, 2026-01-31T08:00:00Z or 20260131Z (always UTC)": (
        "请使用 2026-01-31、2026-01-31T08:00:00Z 或 20260131Z（均为 UTC）"
    ),
    "{option} {value} needs a Z: trust times are in UTC": "{option} {value} 须以 Z 结尾：信任时间一律为 UTC",
    "{option} {value} must be in UTC (end it with Z)": "{option} {value} 必须是 UTC 时间（以 Z 结尾）",
    "give either --from, or --principal with --key": "请给出 --from，或同时给出 --principal 和 --key，二者择一",
    "trust add needs --principal and --key, or --from FILE": (
        "trust add 需要 --principal 和 --key，或 --from FILE"
    ),
    "--namespaces {given} is not a namespace pattern list": "--namespaces {given} 不是命名空间模式列表",
    "{fingerprint} is revoked in {revoked}: what it signs stays revoked while it is listed there": (
        "{fingerprint} 已在 {revoked} 中吊销：只要它仍列在那里，它签名的文件一律视为已吊销"
    ),
    "--namespaces {given} allows neither of minecheck's namespaces ({ours}): no document this "
    "key signs will count": "--namespaces {given} 不包含 minecheck 的任何命名空间（{ours}）：该密钥签署的文件都不会被计入",
    "{given} matches every signer's name: a document this key signs counts whichever signer it "
    "names, one trusted for another key too": (
        "{given} 匹配任何签名人的名字：此密钥签署的文件无论写明哪位签名人都会被计入，"
        "已为其他密钥信任的签名人也不例外"
    ),
    "name the signer, or its domain (*@hlj.example), unless that is meant": (
        "除非确有此意，请写明签名人或其域（*@hlj.example）"
    ),
    "{new} reads like {old}, already trusted for another key ({fingerprint}): trust it only if "
    "they are different signers": (
        "{new} 看起来与 {old} 相似，后者已信任另一把密钥（{fingerprint}）：仅当二者确为不同签名人时才信任"
    ),
    "{fingerprint} is already trusted for {principal} in {path}": (
        "{fingerprint} 已在 {path} 中受信任，签名身份 {principal}"
    ),
    "{path} is not UTF-8 text": "{path} 不是 UTF-8 文本",
    "{path}: no allowed_signers line in it": "{path}：其中没有 allowed_signers 行",
    "PRINCIPALS": "签名身份",
    "NAMESPACES": "命名空间",
    "VALID AFTER": "生效时间",
    "VALID BEFORE": "失效时间",
    "revoked: {fingerprint}": "已吊销：{fingerprint}",
    "{fingerprint} (revoked)": "{fingerprint}（已吊销）",
    "{path}: no trusted keys yet; add one with:\n  {command}": (
        "{path}：还没有受信任的密钥；添加请运行：\n  {command}"
    ),
    "no key with fingerprint {fingerprint} is known here": "本机没有指纹为 {fingerprint} 的密钥",
    "add the lines of an allowed_signers file (or - for standard input):\n"
    "  minecheck trust add --from wang.wei.allowed_signers": (
        "添加 allowed_signers 文件中的各行（或用 - 读取标准输入）：\n"
        "  minecheck trust add --from wang.wei.allowed_signers"
    ),
    "give it as the key, with its principal:\n  {command}": (
        "请把它作为密钥给出，并写明签名身份：\n  {command}"
    ),
    "add its line with:\n  minecheck trust add --from {path}": (
        "添加这一行请运行：\n  minecheck trust add --from {path}"
    ),
    "give the public key file instead:\n  minecheck trust revoke KEY.pub": (
        "请改为给出公钥文件：\n  minecheck trust revoke KEY.pub"
    ),
    "{principal} is not in {path}": "{principal} 不在 {path} 中",
    "{principal} has no line with key {fingerprint} in {path}": (
        "{path} 中没有 {principal} 使用密钥 {fingerprint} 的行"
    ),
    "{path}: removed {principal} from 1 line": "{path}：已从 1 行中删除 {principal}",
    "{path}: removed {principal} from {n} lines": "{path}：已从 {n} 行中删除 {principal}",
    "{fingerprint} is already revoked in {path}": "{fingerprint} 已在 {path} 中吊销",
    "{path}: revoked {fingerprint}": "{path}：已吊销 {fingerprint}",
    "{path}: no key could sign at {time}": "{path}：{time} 时没有可签名的密钥",
    # tables and other commands
    "ID": "编号",
    "VERSION": "版本",
    "ITEMS": "条目数",
    "MAJOR": "重大",
    "TITLE": "标题",
    "BASIS": "依据",
    "DRAFT": "草稿",
    "CHECKLIST": "检查表",
    "SITE": "被检查单位",
    "ANSWERED": "已答",
    "UPDATED": "更新时间",
    "PRINCIPAL": "签名身份",
    "DEFAULT": "默认",
    "FINGERPRINT": "指纹",
    "PATH": "路径",
    "discarded draft {id}": "已删除草稿 {id}",
    "no unfinished inspections": "没有未完成的检查",
    "nothing was discarded": "未删除任何内容",
    "please answer y or n": "请回答 y 或 n",
    "an empty path was given": "给出的路径为空",
    "name a file or a directory": "请指定文件或目录",
    "{item} is not an item of {checklist}": "{item} 不是检查表 {checklist} 中的条目",
    "these answers were made from the template of {theirs}, not of {ours}": (
        "这些答案是按 {theirs} 的模板填写的，不是按 {ours} 的模板"
    ),
    "these answers were made from the template of {checklist} {theirs}; the installed "
    "checklist is {checklist} {ours}, whose items and limits may differ": (
        "这些答案是按 {checklist} {theirs} 的模板填写的；已安装的检查表是 {checklist} {ours}，"
        "其条目和限值可能不同"
    ),
    "check each answer against minecheck checklists template {ref}, then write {line}": (
        "请对照 minecheck checklists template {ref} 逐项核对答案，然后写上 {line}"
    ),
    "{item} is not an item of {checklist}; did you mean {close}?": (
        "{item} 不是检查表 {checklist} 中的条目；您是指 {close} 吗？"
    ),
    "{n} item not answered: {items}": "有 {n} 个条目未回答：{items}",
    "{n} items not answered: {items}": "有 {n} 个条目未回答：{items}",
    "answer them, or pass --allow-incomplete to record them as not-checked": (
        "请回答这些条目，或加上 --allow-incomplete 将其记为未检查"
    ),
    "{item} applies only to {condition}; add {tags} to include it": (
        "{item} 仅适用于 {condition}；请加上 {tags}"
    ),
    "the answers cannot be used; nothing was written": "答案无法使用；未写入任何文件",
    # an answers file's shape (core.schema's messages, said in the inspector's language)
    "{path}: the answers file has problems": "{path}：答案文件有问题",
    "{path}: answers file is over the limit of {limit} bytes": "{path}：答案文件超过 {limit} 字节的上限",
    # a follow-up's events file (`followup --events`): its shape
    "{path}: the events are over the limit of {limit} bytes": "{path}：事件超过 {limit} 字节的上限",
    "{path}: unknown key {key}; events go in an 'event' list": (
        "{path}：未知的键 {key}；事件应放在 'event' 列表中"
    ),
    "{path}: expected a list of events": "{path}：应为事件列表",
    "{path}: 'minecheck' holds the header fields, as an object": (
        "{path}：'minecheck' 存放文件头字段，应为对象"
    ),
    "{path}: unknown key {key}; events are [[event]] tables": (
        "{path}：未知的键 {key}；事件应为 [[event]] 表"
    ),
    "{path}: events are [[event]] tables": "{path}：事件应为 [[event]] 表",
    "{path}: [minecheck] holds the header fields, as a table": (
        "{path}：[minecheck] 存放文件头字段，应为表"
    ),
    '{path}: an answers file in JSON is an object: {{"answers": {{...}}}}': (
        '{path}：JSON 答案文件应是一个对象：{{"answers": {{...}}}}'
    ),
    "an answer is a result string or a table": "回答应是一个结论字符串或一个表",
    "an answer is a result string or an object": "回答应是一个结论字符串或一个对象",
    "the answer for {item}": "条目 {item} 的回答",
    "the answers file": "答案文件",
    "a findings document": "检查结果文件",
    "finding {item}": "条目 {item} 的检查结果",
    # the tables and words named in a document's problems (`[inspection] 表中有未知的键 'x'`)
    "[inspection]": "[inspection] 表",
    "[minecheck]": "[minecheck] 表",
    '"minecheck"': '"minecheck" 对象',
    "[checklist]": "[checklist] 表",
    "[checklist.edition]": "[checklist.edition] 表",
    "evidence": "佐证",
    "inspection id": "检查编号",
    "finding": "隐患",
    # what a document's field is held to (core/docschema.SHAPE_WORDS)
    "must be a lowercase UUID version 4": "应为小写的第 4 版 UUID",
    "must be an ASCII principal like name@unit.example (lowercase)": (
        "应为 name@unit.example 这样的 ASCII 签名身份（小写）"
    ),
    "must be SHA256:…": "应为 SHA256:…",
    "must be 64 hex digits": "应为 64 位十六进制数字",
    "is not a valid item id": "不是有效的条目 id",
    "is not valid": "无效",
    "is bad": "无效",
    "must be <inspection id>/<item>": "的写法应为 <inspection-id>/<item>",
    "event": "事件",
    "a follow-up document": "跟踪文件",
    "deadline must be a date like 2026-12-20": "deadline 必须是日期，如 2026-12-20",
    "unknown key {key} in {what}": "{what}中有未知的键 {key}",
    "unknown key {key} in {what}; did you mean {close}?": "{what}中有未知的键 {key}；您是指 {close} 吗？",
    "missing required key {key} in {what}": "{what}缺少必需的键 {key}",
    "{name} must be {kind}": "{name} 必须是{kind}",
    "{name} is too large a number (more than 1.8e308)": "{name} 数值过大（超过 1.8e308）",
    "a string": "字符串",
    "true or false": " true 或 false",
    "an integer": "整数",
    "a number": "数值",
    "an array": "数组",
    "a table": "表",
    "an object": "对象",
    "{key} must not be empty": "{key} 不能为空",
    "{key} is one line: a line break is in it (join its lines)": (
        "{key} 只能写一行：其中有换行（请把各行连起来）"
    ),
    "{key} contains the control or format character {code}": "{key} 含有控制字符或格式字符 {code}",
    "{key} contains text in square brackets that looks like terminal markup": (
        "{key} 含有方括号文字，看起来像终端标记"
    ),
    "{key} must hold only strings": "{key} 只能包含字符串",
    "{key} holds {code}, half of a UTF-16 surrogate pair and no character of its own": "{key} 含有 {code}：它只是 UTF-16 代理对的一半，本身不是字符",
    "{key} must be one of {choices}, not {value}": "{key} 必须是 {choices} 之一，而不是 {value}",
    "and {count} more problems, not listed": "另有 {count} 个问题，未列出",
    "and 1 more problem, not listed": "另有 1 个问题，未列出",
    "{what} {value} {expected}": "{what}{value}{expected}",
    # a checklist's problems (core/checklist.py), as `checklists lint` and every command says them
    "the checklist file": "检查表文件",
    "checklist id": "检查表编号",
    "section id": "部分编号",
    "item id": "条目编号",
    "clause code": "条款代码",
    "version": "版本号",
    "item": "条目",
    "section": "部分",
    "item {id}": "条目 {id} 的表",  # (`条目 'a' 的表中有未知的键`: a table, as [checklist] 表)
    "section {id}": "部分 {id}",
    "must be 2 to 64 lowercase letters, digits and '-', starting with a letter or digit": (
        "必须是 2 至 64 个小写字母、数字或 '-'，并以字母或数字开头"
    ),
    "must be 1 to 64 lowercase letters, digits and '-', starting with a letter or digit": (
        "必须是 1 至 64 个小写字母、数字或 '-'，并以字母或数字开头"
    ),
    "must be 1 to 64 lowercase letters, digits, '.' and '-', starting with a letter or digit": (
        "必须是 1 至 64 个小写字母、数字、'.' 或 '-'，并以字母或数字开头"
    ),
    "must be letters, digits, '.', '+' or '-' (at most 32)": (
        "只能由字母、数字、'.'、'+' 或 '-' 组成（最多 32 个字符）"
    ),
    "is no code of a standard minecheck knows (CMHD, MNM-UG, MNM-OP, MNM-TP, WSL, CR24, O16, "
    "HM24, AP24): basis cites those only, which reports count by; cite a rule of your own in "
    "the item's guidance": (
        "不属于 minecheck 所知的标准（CMHD、MNM-UG、MNM-OP、MNM-TP、WSL、CR24、O16、HM24、AP24）："
        "basis 只引用这些条款，报告按它们统计；本地规定的条款请写在条目的 guidance 中"
    ),
    "is not a known clause code (CMHD-<4..18>.<n>, MNM-UG[-n], MNM-OP[-n], MNM-TP[-n], "
    "WSL-<n>, CR24-<n>, O16[-n], HM24[-n], AP24[-n])": (
        "不是已知的条款代码（CMHD-<4..18>.<n>、MNM-UG[-n]、MNM-OP[-n]、MNM-TP[-n]、"
        "WSL-<n>、CR24-<n>、O16[-n]、HM24[-n]、AP24[-n]）"
    ),
    "clause code {code} is not a situation: Art. {article} lists {n}": (
        "条款代码 {code} 不是所列情形：第 {article} 条只列有 {n} 项"
    ),
    "clause code {code} is not a situation: {prefix} lists {n}": (
        "条款代码 {code} 不是所列情形：{prefix} 只列有 {n} 项"
    ),
    "clause code {code} is not an article: CR24 has {n}": (
        "条款代码 {code} 不是现有条文：CR24 共 {n} 条"
    ),
    "{key} has no Chinese character: the walk in Chinese shows it as written": (
        "{key} 中没有汉字：用中文检查时将照原样显示"
    ),
    "site kind": "场所类型",
    "site tag": "场所标签",
    "directive": "部署要求",
    "standard": "标准",
    "question_zh asks whether something is not so (是否未…): its yes means "
    "compliant only through a double negative; state the requirement (不得…)": (
        "question_zh 问的是“是否未……”：回答“是”要经过双重否定才表示符合；请改为陈述要求（不得……）"
    ),
    "question_zh asks whether something wrong is there (是否存在…): its yes means "
    "non-compliant, but the walk records yes as compliant; state the requirement (不得…)": (
        "question_zh 问的是“是否存在……”：回答“是”表示存在问题，检查时却记为符合；"
        "请改为陈述要求（不得……）"
    ),
    "question asks whether something wrong is there (Any …?): its yes means "
    "non-compliant, but the walk records yes as compliant; state the requirement (No …)": (
        "question 问的是“Any …?”：回答“是”表示存在问题，检查时却记为符合；请改为陈述要求（No …）"
    ),
    "unknown {what} {value}: one of {known}": "未知的{what} {value}：可用的有 {known}",
    "unknown {what} {value}; did you mean {close}?": "未知的{what} {value}；您是指 {close} 吗？",
    "checklist id {id} differs from the file name {stem}": "检查表编号 {id} 与文件名 {stem} 不同",
    'version must be a string, e.g. version = "2024.1"': (
        'version 必须是字符串，例如 version = "2024.1"'
    ),
    "applies_to must name at least one site kind": "applies_to 至少要列出一种场所类型",
    "{have} is given but {missing} is missing": "给出了 {have}，但缺少 {missing}",
    "in_force must be a date, e.g. in_force = 2021-01-01": (
        "in_force 必须是日期，例如 in_force = 2021-01-01"
    ),
    "reading {key} must be a finite number": "reading 的 {key} 必须是有限的数值",
    "reading needs a bound: min or above (lower), max or below (upper), or one of each": (
        "reading 需要限值：min 或 above（下限）、max 或 below（上限），或上下限各一个"
    ),
    "reading has both {first} and {second}: give one '{first}' (the limit itself passes) "
    "or '{second}' (the limit itself fails)": (
        "reading 同时有 {first} 和 {second}：只能给一个，'{first}'（恰好等于限值算符合）"
        "或 '{second}'（恰好等于限值即不符合）"
    ),
    "reading {low} is greater than its {high}": "reading 的 {low} 大于其 {high}",
    "reading {low} and {high} leave no value compliant": (
        "reading 的 {low} 与 {high} 使任何读数都不符合"
    ),
    "reading {key} {number} is outside 0–100, but its unit {unit} is a percentage: is the "
    "limit written in another unit?": (
        "reading 的 {key} {number} 超出 0–100，但其单位 {unit} 是百分比：限值是否用了别的单位？"
    ),
    "duplicate item id {id}": "条目编号 {id} 重复",
    "duplicate item id {id} (first at line {line})": "条目编号 {id} 重复（首次出现在第 {line} 行）",
    "duplicate section id {id}": "部分编号 {id} 重复",
    "duplicate section id {id} (first at line {line})": (
        "部分编号 {id} 重复（首次出现在第 {line} 行）"
    ),
    'a major item must cite its clause in basis, e.g. basis = ["CMHD-5.1"]': (
        '重大条目必须在 basis 中引用其条款，例如 basis = ["CMHD-5.1"]'
    ),
    "a major item must cite a listed situation (CMHD-<article>.<n> or MNM-UG/OP/TP-<n>) in "
    "basis, not only {basis}; otherwise grade it general": (
        "重大条目必须在 basis 中引用判定标准所列情形（CMHD-<条>.<项> 或 MNM-UG/OP/TP-<项>），"
        "不能只有 {basis}；否则请定为一般"
    ),
    "item {id} can never apply: applies_if_all names {tags}, and the checklist applies to "
    "{kinds} only": "条目 {id} 永远不会适用：applies_if_all 列出了 {tags}，而本检查表只适用于 {kinds}",
    "item {id} can never apply: applies_if names only {tags}, and the checklist applies to "
    "{kinds} only": "条目 {id} 永远不会适用：applies_if 只列出了 {tags}，而本检查表只适用于 {kinds}",
    "{key} must name at least one site tag": "{key} 至少要列出一个场所标签",
    "{key} names {tag} twice": "{key} 两次列出 {tag}",
    "applies_if_all with one tag says the same as applies_if; use applies_if": (
        "只有一个标签的 applies_if_all 与 applies_if 意思相同；请改用 applies_if"
    ),
    "{tag} is in both applies_if and applies_if_all; applies_if_all already requires it": (
        "{tag} 同时出现在 applies_if 和 applies_if_all 中；applies_if_all 已经要求它"
    ),
    "a section needs at least one item": "每个部分至少需要一个条目",
    "{path} is too large for a checklist": "{path} 太大，不可能是检查表",
    "checklist is {size} bytes, over the limit of {limit}": "检查表大小为 {size} 字节，超过上限 {limit}",
    "the file is empty": "文件为空",
    "{path}: the file is empty": "{path}：文件为空",
    "{path}: {count} problem in the checklist": "{path}：检查表中有 {count} 个问题",
    "{path}: {count} problems in the checklist": "{path}：检查表中有 {count} 个问题",
    "checklist id {id} is a bundled checklist's: among your checklists this file replaces the "
    "bundled one, and reports count the findings of both as one checklist; give it an id of its "
    "own unless it is meant to replace it": (
        "检查表编号 {id} 是一份内置检查表的编号：放在您的检查表中，此文件将取代内置的那份，"
        "报告也会把两者的检查结果算作同一检查表；除非有意取代，请另起一个编号"
    ),
    "version {version} is the version of the installed {id} ({path}), whose text differs: "
    "give a changed checklist a new version": (
        "版本号 {version} 与已安装的 {id}（{path}）相同，但内容不同：修改过的检查表请使用新版本号"
    ),
    "{first} and {then}": "{first}、{then}",
    "grade": "等级",
    "basis": "依据",
    "reading": "读数",
    "reading unit": "读数单位",
    "item {id} has another {changed} than in the installed version {version}: an item id keeps "
    "its meaning from version to version (give another requirement a new id)": (
        "条目 {id} 的{changed}与已安装的 {version} 版不同：条目编号在各版本间含义不变"
        "（另一项要求请用新编号）"
    ),
    "cannot list this directory: {reason}": "无法列出此目录：{reason}",
    "not read: a checklist's file name ends in .toml": "未读取：检查表的文件名须以 .toml 结尾",
    "cannot be read: {reason}": "无法读取：{reason}",
    "a directory, not a checklist": "是目录，不是检查表",
    "not a regular file ({kind})": "不是普通文件（{kind}）",
    "{path}: not a regular file ({kind}): a path listed on standard input is read only as a "
    "file or a directory": "{path}：不是普通文件（{kind}）：标准输入上列出的路径只作为文件或目录读取",
    "take it out of the list (find ... -type f), or name it on the command line to read it as it "
    "is": "请将它从列表中去掉（find ... -type f），或在命令行上直接给出它，按原样读取",
    "{n} file": "{n} 个文件",
    "{n} files": "{n} 个文件",
    "{n} problem": "{n} 个问题",
    "{n} problems": "{n} 个问题",
    "{files} checked, {problems}": "已检查 {files}，发现 {problems}",
    "reading must be a number, not {value}": "读数必须是数值，而不是 {value}",
    "reading must be a finite number": "读数必须是有限的数值",
    "{label}: {item}: requires evidence, and none is given": "{label}：{item}：必须提供佐证，但未给出",
    "{label}: {item}: the deadline {deadline} is already past (recorded as given)": (
        "{label}：{item}：整改期限 {deadline} 已过（按所给记录）"
    ),
    "site {site} is written without its code in some findings and with code {codes} in "
    "others: counted as two sites": (
        "单位 {site} 在部分检查结果中未写编码，在其他检查结果中编码为 {codes}：按两个单位统计"
    ),
    "it cannot be resumed, and no command can name its id (it ends in a line break): "
    "remove its file with:\n  rm -- {path}": (
        "它无法继续，且其标识以换行结尾，任何命令都无法指明它：删除其文件请运行：\n  rm -- {path}"
    ),
    "WORD (it ends in a line break or holds a NUL, which no command can carry)": (
        "参数（以换行结尾或含有 NUL，命令无法携带）"
    ),
    "FILE (its name ends in a line break: give it a plain name)": (
        "文件（其名称以换行结尾：请先改为普通名称）"
    ),
    "{n} sites are written without their code in some findings and with a code in others: "
    "each counted as two sites (the first: {site}, code {codes})": (
        "{n} 个单位在部分检查结果中未写编码、在其他检查结果中写了编码：各按两个单位统计"
        "（第一个：{site}，编码 {codes}）"
    ),
    "give each site's code (site_id) in every inspection of it; --json lists each": (
        "请在每个单位的每次检查中写明其编码（site_id）；--json 会逐一列出"
    ),
    "give the site's code (site_id) in every inspection of it": (
        "请在该单位的每次检查中写明其编码（site_id）"
    ),
    "{site}, {n} answers": "{site}，已回答 {n} 项",
    "{n} + {m} unfinished": "{n} + {m} 项未完成",
    "{what} + {m} unfinished": "{what} + {m} 项未完成",
    "{site}, 1 answer": "{site}，已回答 1 项",
    "written by a newer minecheck": "由更新版本的 minecheck 写成",
    "discarding needs confirmation": "删除需要确认",
    "pass --yes": "请加上 --yes",
    "Discard draft {id} ({what})? [y/N] ": "删除草稿 {id}（{what}）？[y/N] ",
    "Passphrase for {path}": "{path} 的口令",
    "Wrong passphrase, try again.": "口令错误，请重试。",
    "the passphrase as typed cannot be read (Backspace over a Chinese character can erase"
    " only part of it): type it again without correcting it, or use --passphrase-file": (
        "无法读取输入的口令（退格键可能只删除了汉字的一部分）：请重新输入，中途不要修改；"
        "或使用 --passphrase-file"
    ),
    "the passphrase for {path} could not be read three times": "{path} 的口令三次都无法读取",
    "Passphrase for the new key (empty for none)": "新密钥的口令（留空表示不设口令）",
    "Same passphrase again": "再次输入同一口令",
    "The passphrases differ, try again.": "两次口令不一致，请重试。",
    "the passphrases differed three times; no key was created": "口令三次不一致；未创建密钥",
    "the passphrase could not be read three times; no key was created": "口令三次都无法读取；未创建密钥",
    "no terminal to ask for a passphrase: the key is not encrypted": "没有终端可询问口令：密钥未加密",
    # inspect
    "{path} is a directory": "{path} 是一个目录",
    "{path} already exists": "{path} 已存在",
    "{path} is a symbolic link; files are written only in {directory}, never through a link; "
    "nothing was written": "{path} 是符号链接；文件只写在 {directory} 中，从不经由链接写入；未写入任何内容",
    "remove the link, or choose another directory": "请删除该链接，或另选目录",
    "-o - is standard output, and this command writes files": "-o - 是标准输出，而此命令写入的是文件",
    "give -o a path (./- for a file named -)": "请为 -o 指定路径（名为 - 的文件写作 ./-）",
    "leave out -o, or give -o -, to write to standard output": (
        "要写到标准输出，请省略 -o，或使用 -o -"
    ),
    "{header} format must be {format} here": "此处 {header} 的 format 必须为 {format}",
    "{label}: created {created} lies in the future; a document is signed with the time it was made": (
        "{label}：created {created} 在未来；文件签名时应使用其生成时间"
    ),
    "leave created out: it is filled in with the current time": "请省略 created：将自动填入当前时间",
    "{label}: {header} {key} is {stated}, but you sign as {principal} with {fingerprint}": (
        "{label}：{header} 的 {key} 为 {stated}，但您以 {principal}（{fingerprint}）签名"
    ),
    "leave {key} out, or sign with its key (--key)": "请省略 {key}，或用其对应的密钥签名（--key）",
    "choose another -o, or pass --force": "请另选 -o，或加上 --force",
    "directory {path} does not exist": "目录 {path} 不存在",
    "{path} is not a directory": "{path} 不是目录",
    "create it first:\n  {command}": "请先创建：\n  {command}",
    # inspect: the command line
    "no checklist with id {given}": "没有编号为 {given} 的检查表",
    "{path}: replaces the bundled checklist {id} ({bundled})": "{path}：取代了内置检查表 {id}（{bundled}）",
    "{path}: {reason}; skipped": "{path}：{reason}；已跳过",
    "{path}: not loaded: {reason}; to see why:\n  minecheck checklists lint {word}": (
        "{path}：未加载：{reason}；查看原因请运行：\n  minecheck checklists lint {word}"
    ),
    "{said}; not loaded; to see why:\n  minecheck checklists lint {word}": (
        "{said}；未加载；查看原因请运行：\n  minecheck checklists lint {word}"
    ),
    "to see the installed checklists:\n  minecheck checklists list": (
        "查看已安装的检查表请运行：\n  minecheck checklists list"
    ),
    "{message}; did you mean {close}?": "{message}；您是指 {close} 吗？",
    "unknown tag {given}": "未知的标签 {given}",
    "known tags: {tags}": "已知的标签：{tags}",
    "unknown mode {given}": "未知的检查方式 {given}",
    "modes: {modes}": "检查方式：{modes}",
    "--inspection-id {given} is not a lowercase UUID4": "--inspection-id {given} 不是小写的 UUID4",
    "{option} must be non-empty text without control or invisible characters": (
        "{option} 必须是非空文字，且不能含控制字符或不可见字符"
    ),
    "{option} is optional: leave it empty, or give a name without control or invisible "
    "characters": "{option} 为选填：可留空，或填写不含控制字符或不可见字符的名称",
    "{option} begins or ends with a blank: a site id is a code, written without blanks around it": (
        "{option} 首尾有空白：单位编码是代码，前后不能有空白"
    ),
    "{option} is optional: leave it out, or give an id without control or invisible characters": (
        "{option} 为选填：可省略，或填写不含控制字符或不可见字符的编号"
    ),
    "an interactive inspection needs a terminal, and standard input is not one": (
        "交互式检查需要终端，而标准输入不是终端"
    ),
    "give the answers in a file: minecheck inspect ... --answers FILE (or -)": (
        "请把答案写在文件中：minecheck inspect ... --answers FILE（或 -）"
    ),
    "resuming an inspection needs a terminal, and standard input is not one": (
        "继续检查需要终端，而标准输入不是终端"
    ),
    "run it in a terminal": "请在终端中运行",
    "which kind of site is this? {checklist} applies to {kinds}": (
        "这是哪类场所？{checklist} 适用于 {kinds}"
    ),
    "pass one of them with --tag, e.g. --tag {tag}": "请用 --tag 给出其中之一，例如 --tag {tag}",
    "{checklist} does not apply to {kinds} sites": "{checklist} 不适用于 {kinds} 场所",
    "it applies to {kinds}": "它适用于 {kinds}",
    "unknown language {given}": "未知的语言 {given}",
    "MINECHECK_LANG={given} is not a language minecheck speaks": (
        "MINECHECK_LANG={given} 不是 minecheck 支持的语言"
    ),
    "set MINECHECK_LANG to en or zh, or unset it": "请将 MINECHECK_LANG 设为 en 或 zh，或取消设置",
    "use --lang en or --lang zh": "请使用 --lang en 或 --lang zh",
    "interrupted; nothing was written": "已中断；未写入任何文件",
    "interrupted; the rows on standard output are incomplete": "已中断；标准输出上的行不完整",
    "interrupted after writing {path}": "已中断；{path} 已写入",
    "interrupted after writing {count} files, the last {path}": (
        "已中断；已写入 {count} 个文件，最后一个是 {path}"
    ),
    "interrupted after writing the new key {path} and its public half {public}": (
        "已中断；已写入新密钥 {path} 及其公钥 {public}"
    ),
    # the command-line framework's usage errors (cli._output.usage_said)
    "No such option: {option}": "没有选项 {option}",
    "No such option: {option} (possible options: {options})": (
        "没有选项 {option}（可能是：{options}）"
    ),
    "No such command {name}.": "没有命令 {name}。",
    "No such command {name}. Did you mean {names}?": "没有命令 {name}。是不是要用 {names}？",
    "Missing command.": "缺少命令。",
    "{option} goes after the command's name: {example}": "{option} 应写在命令名之后：{example}",
    "Missing argument {name}.": "缺少参数 {name}。",
    "Missing option {name}.": "缺少选项 {name}。",
    "Option {option} requires an argument.": "选项 {option} 需要一个值。",
    "Option {option} does not take a value.": "选项 {option} 不带值。",
    "Got unexpected extra argument(s) ({words})": "多余的参数（{words}）",
    "Invalid value for {name}: {reason}": "{name} 的值无效：{reason}",
    "no completion for the shell {shell}": "没有适用于 shell {shell} 的命令补全",
    "{variable}={value} is not a completion request minecheck answers": (
        "{variable}={value} 不是 minecheck 能应答的补全请求"
    ),
    "the shell's completion script sets it: unset {variable}, or install the script again:\n"
    "  {command}": (
        "此变量由 shell 的补全脚本设置：请取消设置 {variable}，或重新安装补全脚本：\n  {command}"
    ),
    "cannot tell which shell runs minecheck": "无法判断 minecheck 在哪个 shell 中运行",
    "name it: minecheck {option} bash (or zsh, fish)": (
        "请指定 shell：minecheck {option} bash（或 zsh、fish）"
    ),
    "{option} names one shell at most, not: {words}": "{option} 最多指定一个 shell，而不是：{words}",
    "minecheck does not change PowerShell's profile or its execution policy": (
        "minecheck 不会修改 PowerShell 的配置文件或执行策略"
    ),
    "add the script to your profile yourself:\n  minecheck --show-completion {shell} >> $PROFILE": (
        "请自行将脚本加入配置文件：\n  minecheck --show-completion {shell} >> $PROFILE"
    ),
    "{shell} completion installed in {path}": "已为 {shell} 安装命令补全：{path}",
    "{rc} loads it: it takes effect in a new shell": "{rc} 会加载它：在新的 shell 中生效",
    "it takes effect in a new shell": "在新的 shell 中生效",
    "name one of {shells}": "请指定以下之一：{shells}",
    "the input is nested too deeply to be processed": "输入嵌套过深，无法处理",
    # files that cannot be read or written (fileio, and the paths a command is given)
    "{path}: no such file": "{path}：文件不存在",
    "it is written with \\ as on Windows; here a path's parts are separated by /: {path}": (
        "它按 Windows 的写法用 \\ 分隔；这里路径的各部分以 / 分隔：{path}"
    ),
    "it names a file on the Windows drive {drive}:, which is mounted here at {mount}: {path}": (
        "它指向 Windows {drive}: 盘上的文件，该盘在这里挂载于 {mount}：{path}"
    ),
    "it names a file on the Windows drive {drive}:, which is mounted here at {mount}, but {path} "
    "is not there either": "它指向 Windows {drive}: 盘上的文件，该盘在这里挂载于 {mount}，但 {path} 也不存在",
    "it names a file on the Windows network share {share}, which is no path here: copy the "
    "files to this system and name them by their paths here": (
        "它指向 Windows 网络共享 {share} 上的文件，这在这里不是路径：请把文件复制到本系统，"
        "再按它们在这里的路径给出"
    ),
    "it names a file on the Windows drive {drive}:, which is no path here: copy the files to "
    "this system and name them by their paths here": (
        "它指向 Windows {drive}: 盘上的文件，这在这里不是路径：请把文件复制到本系统，"
        "再按它们在这里的路径给出"
    ),
    "it is written relative to the current folder of the Windows drive {drive}: (no \\ after "
    "{drive}:), which is mounted here at {mount}: name it by its path there": (
        "它按 Windows {drive}: 盘的当前文件夹相对写出（{drive}: 后没有 \\），该盘在这里挂载于 "
        "{mount}：请按它在那里的路径给出"
    ),
    "it is written relative to the current folder of the Windows drive {drive}: (no \\ after "
    "{drive}:), which is no path here: copy the files to this system and name them by their "
    "paths here": (
        "它按 Windows {drive}: 盘的当前文件夹相对写出（{drive}: 后没有 \\），这在这里不是路径："
        "请把文件复制到本系统，再按它们在这里的路径给出"
    ),
    "it names a file in the WSL distribution {distribution}, at {path} there: run minecheck in "
    "that distribution and name the file by that path": (
        "它指向 WSL 发行版 {distribution} 中的文件，在那里的路径是 {path}：请在该发行版中运行 "
        "minecheck，并按这个路径给出文件"
    ),
    "it names a file in the WSL distribution {distribution}, which is this system: {path}": (
        "它指向 WSL 发行版 {distribution} 中的文件，也就是本系统：{path}"
    ),
    "it names a file in the WSL distribution {distribution}, which is this system, but {path} "
    "is not there either": "它指向 WSL 发行版 {distribution} 中的文件，也就是本系统，但 {path} 也不存在",
    "-: no such file; standard input is not read here": "-：文件不存在；此处不读取标准输入",
    "{path} is not a directory, and minecheck needs a directory there": (
        "{path} 不是目录，而 minecheck 需要在此处使用一个目录"
    ),
    "move it away, then run the command again; to move it:\n  {command}": (
        "把它移开，然后重新运行命令；移开请运行：\n  {command}"
    ),
    "move it away, then run the command again": "把它移开，然后重新运行命令",
    "move it away: the walk goes on, and saves the draft as soon as it can": (
        "请把它移开：检查会继续进行，一旦可以保存即会保存草稿"
    ),
    "move it away: the walk goes on, and saves the draft as soon as it can; to move it:\n  {command}": (
        "请把它移开：检查会继续进行，一旦可以保存即会保存草稿；移开请运行：\n  {command}"
    ),
    "move it away, then try again": "把它移开，然后再试一次",
    "move it away, then try again; to move it:\n  {command}": (
        "把它移开，然后再试一次；移开请运行：\n  {command}"
    ),
    "name the file itself (a file named - is ./-)": "请直接给出文件（名为 - 的文件写作 ./-）",
    "{path}: cannot read: {reason}": "{path}：无法读取：{reason}",
    "standard input is closed": "标准输入已关闭",
    "give it a file or a pipe (< FILE), or name the files instead of -": (
        "请以文件或管道作为标准输入（< FILE），或不用 -，直接写出文件名"
    ),
    "give it a file or a pipe (< FILE), or name the file instead of -": (
        "请以文件或管道作为标准输入（< FILE），或不用 -，直接写出这个文件的名字"
    ),
    # a trust file (core/trust.py, core/signers.py)
    "minecheck keeps its own {name} file here: move this directory away": (
        "minecheck 自己的 {name} 文件存放于此：请将该目录移走"
    ),
    "minecheck keeps its own {name} file here: move it away": (
        "minecheck 自己的 {name} 文件存放于此：请将它移走"
    ),
    "restore the file it leads to, or remove the link to have none": (
        "恢复它所指向的文件，或删除该链接（即不用此文件）"
    ),
    "name the file itself (allowed_signers, revoked_keys), not its directory": (
        "请指定文件本身（allowed_signers、revoked_keys），而不是其所在目录"
    ),
    "{path} is larger than 4 MiB, the limit for a trust file": (
        "{path} 超过 4 MiB，即信任文件的上限"
    ),
    "{path} is writable by group or others; run:\n  chmod go-w {quoted}": (
        "{path} 可被同组或其他用户写入；请运行：\n  chmod go-w {quoted}"
    ),
    "{path}: its directory {directory} is writable by group or others, who could replace the file": (
        "{path}：其所在目录 {directory} 可被同组或其他用户写入，他们可以替换该文件"
    ),
    "keep trust files in a directory only their keeper can write": "请将信任文件放在只有其保管人能写入的目录中",
    "{path} holds a private key, not {file} (its lines are not shown)": (
        "{path} 是私钥，不是 {file}（其内容不予显示）"
    ),
    "give a file of public keys, one `ssh-ed25519 AAAA...` line each": (
        "请给出公钥文件，每行一个 `ssh-ed25519 AAAA...`"
    ),
    "convert it to UTF-8 with:\n  {command}\nor save it as UTF-8 (Notepad: Save as, "
    "Encoding UTF-8)": "请用以下命令转换为 UTF-8：\n  {command}\n或将其另存为 UTF-8（记事本：另存为，编码选 UTF-8）",
    "take it out with:\n  {command}\nor save it as UTF-8 (Notepad: Save as, Encoding UTF-8)": (
        "请用以下命令去掉它：\n  {command}\n或将其另存为 UTF-8（记事本：另存为，编码选 UTF-8）"
    ),
    "convert it to UTF-8 in the pipe, before minecheck, with:\n  {command}\nor save it as UTF-8 "
    "(Notepad: Save as, Encoding UTF-8)": (
        "请在管道中、minecheck 之前用以下命令转换为 UTF-8：\n  {command}\n"
        "或将其另存为 UTF-8（记事本：另存为，编码选 UTF-8）"
    ),
    "take it out in the pipe, before minecheck, with:\n  {command}\nor save it as UTF-8 "
    "(Notepad: Save as, Encoding UTF-8)": (
        "请在管道中、minecheck 之前用以下命令去掉它：\n  {command}\n"
        "或将其另存为 UTF-8（记事本：另存为，编码选 UTF-8）"
    ),
    "it reads as GB18030 text: convert it to UTF-8 in the pipe, before minecheck, with:\n  "
    "{command}\nor save it as UTF-8 (Notepad: Save as, Encoding UTF-8)": (
        "它可按 GB18030 编码读出：请在管道中、minecheck 之前用以下命令转换为 UTF-8：\n  {command}\n"
        "或将其另存为 UTF-8（记事本：另存为，编码选 UTF-8）"
    ),
    "it reads as GB18030 text: convert it to UTF-8 with:\n  {command}\nor save it as UTF-8 "
    "(Notepad: Save as, Encoding UTF-8)": (
        "它可按 GB18030 编码读出：请用以下命令转换为 UTF-8：\n  {command}\n"
        "或将其另存为 UTF-8（记事本：另存为，编码选 UTF-8）"
    ),
    "it reads as Big5 text (traditional Chinese): convert it to UTF-8 in the pipe, before "
    "minecheck, with:\n  {command}\nor save it as UTF-8 (Notepad: Save as, Encoding UTF-8)": (
        "它可按 Big5 编码（繁体中文）读出：请在管道中、minecheck 之前用以下命令转换为 UTF-8：\n"
        "  {command}\n或将其另存为 UTF-8（记事本：另存为，编码选 UTF-8）"
    ),
    "it reads as Big5 text (traditional Chinese): convert it to UTF-8 with:\n  {command}\nor "
    "save it as UTF-8 (Notepad: Save as, Encoding UTF-8)": (
        "它可按 Big5 编码（繁体中文）读出：请用以下命令转换为 UTF-8：\n  {command}\n"
        "或将其另存为 UTF-8（记事本：另存为，编码选 UTF-8）"
    ),
    "the rest of it is UTF-8 text: a byte here was lost or changed, as in a damaged copy; copy "
    "the file again, or mend the text at this place": (
        "其余部分是 UTF-8 文本：此处有字节丢失或被改动，像是损坏的副本；请重新复制该文件，或在此处"
        "修改文本"
    ),
    "which encoding it is in cannot be told (it reads whole as no one Chinese or Western "
    "encoding's text: it may mix two); save it as UTF-8 (Notepad: Save as, Encoding UTF-8)": (
        "无法判断它的编码（它按任何一种中文或西文编码都不能完整读成文本：可能混用了两种编码）；"
        "请将其另存为 UTF-8（记事本：另存为，编码选 UTF-8）"
    ),
    "it reads as Chinese text in GB18030 and in Big5, and which it is cannot be told: save it "
    "as UTF-8 (Notepad: Save as, Encoding UTF-8)": (
        "它按 GB18030 和 Big5 都能读成中文，无法判断是哪一种：请将其另存为 UTF-8"
        "（记事本：另存为，编码选 UTF-8）"
    ),
    "it reads as Western European text (Windows-1252 or Latin-1): convert it to UTF-8 in the "
    "pipe, before minecheck, with:\n  {command}\nor save it as UTF-8 (Notepad: Save as, "
    "Encoding UTF-8)": (
        "它可按西欧文字编码（Windows-1252 或 Latin-1）读出：请在管道中、minecheck 之前用以下命令"
        "转换为 UTF-8：\n  {command}\n或将其另存为 UTF-8（记事本：另存为，编码选 UTF-8）"
    ),
    "it reads as Western European text (Windows-1252 or Latin-1): convert it to UTF-8 with:\n  "
    "{command}\nor save it as UTF-8 (Notepad: Save as, Encoding UTF-8)": (
        "它可按西欧文字编码（Windows-1252 或 Latin-1）读出：请用以下命令转换为 UTF-8：\n  {command}\n"
        "或将其另存为 UTF-8（记事本：另存为，编码选 UTF-8）"
    ),
    "take them out in the pipe, before minecheck, with:\n  {command}\nor save each list as "
    "UTF-8 (Notepad: Save as, Encoding UTF-8)": (
        "请在管道中、minecheck 之前用以下命令去掉它们：\n  {command}\n"
        "或将每个列表另存为 UTF-8（记事本：另存为，编码选 UTF-8）"
    ),
    # what a file that is not a regular file is (fileio.special_kind)
    "a directory": "目录",
    "a FIFO": "命名管道",
    "a socket": "套接字",
    "a character device": "字符设备",
    "a block device": "块设备",
    "a special file": "特殊文件",
    "a symbolic link that leads to no file (a loop, or its target is gone)": (
        "符号链接不指向任何文件（链接成环，或目标已不存在）"
    ),
    "the allowed signers file": "allowed_signers 文件",
    "the revoked keys file": "revoked_keys 文件",
    "{path}: 1 malformed line in {file}": "{path}：{file}中有 1 行格式有误",
    "{path}: {count} malformed lines in {file}": "{path}：{file}中有 {count} 行格式有误",
    # a line of allowed_signers or revoked_keys (core/signers.py)
    'invalid {option} time "{value}"; expected YYYYMMDD[HHMM[SS]]Z': (
        '{option} 时间 "{value}" 无效；应为 YYYYMMDD[HHMM[SS]]Z'
    ),
    '{option} time "{value}" must end in Z (UTC), e.g. "{value}Z"; local times are not accepted': (
        '{option} 时间 "{value}" 必须以 Z（UTC）结尾，如 "{value}Z"；不接受本地时间'
    ),
    'invalid {option} time "{value}": no such date or time': (
        '{option} 时间 "{value}" 无效：没有这个日期或时刻'
    ),
    '{option} time "{value}" must be later than 19700101000000Z': (
        '{option} 时间 "{value}" 必须晚于 19700101000000Z'
    ),
    "carriage return (CR) found; use LF line endings only": "发现回车符（CR）；请只用 LF 换行",
    "control character {code} is not allowed": "不允许控制字符 {code}",
    'key type "{type}" is not supported; only ssh-ed25519 keys are supported': (
        '不支持密钥类型 "{type}"；只支持 ssh-ed25519 密钥'
    ),
    'expected key type ssh-ed25519, found "{type}"': '应为密钥类型 ssh-ed25519，实为 "{type}"',
    "this line holds no ssh-ed25519 key; its words are not shown (is it the right file?)": (
        "此行没有 ssh-ed25519 密钥；其内容不予显示（是否给错了文件？）"
    ),
    "missing base64 key data after ssh-ed25519": "ssh-ed25519 之后缺少 base64 密钥数据",
    "invalid ssh-ed25519 key: {reason}": "ssh-ed25519 密钥无效：{reason}",
    'expected an option after ","': '"," 之后应有一个选项',
    "empty option": "选项为空",
    'option "cert-authority" takes no value': '选项 "cert-authority" 不带值',
    'option "{option}" needs a value': '选项 "{option}" 需要一个值',
    'the value of option "{option}" must be in double quotes': '选项 "{option}" 的值必须放在双引号中',
    'unterminated quote in option "{option}"': '选项 "{option}" 中的引号没有闭合',
    'a backslash is not allowed in the value of option "{option}"': (
        '选项 "{option}" 的值中不允许出现反斜杠'
    ),
    'option "{option}" is given twice': '选项 "{option}" 出现了两次',
    'unknown option "{option}"': '未知选项 "{option}"',
    'unexpected {found} after option "{option}"': '选项 "{option}" 之后出现意外的 {found}',
    "valid-before must be later than valid-after": "valid-before 必须晚于 valid-after",
    "--valid-before must be later than --valid-after": "--valid-before 必须晚于 --valid-after",
    "--principal {given} names no one who can sign: no document this key signs would count": (
        "--principal {given} 不指向任何可签名的人：此密钥签署的文件都不会被计入"
    ),
    "{path}: {given} names no one who can sign: no document this key signs would count": (
        "{path}：{given} 不指向任何可签名的人：此密钥签署的文件都不会被计入"
    ),
    "name the signer (wang.wei@hlj.example), or a pattern that matches signers "
    "(*@hlj.example,!zhao.gang@hlj.example)": (
        "请写明签名人（wang.wei@hlj.example），或能匹配签名人的模式"
        "（*@hlj.example,!zhao.gang@hlj.example）"
    ),
    "unterminated quote in the principals": "签名身份字段中的引号没有闭合",
    "expected a space after the quoted principals": "带引号的签名身份之后应有一个空格",
    "a quote may only enclose the whole principals field": "引号只能括住整个签名身份字段",
    "the line starts with a key type; principals come first": (
        "该行以密钥类型开头；签名身份应在前面"
    ),
    "empty principals": "签名身份为空",
    " ({count} characters)": "（共 {count} 个字符）",
    "missing key; expected [options] ssh-ed25519 <base64> [comment]": (
        "缺少密钥；应为 [options] ssh-ed25519 <base64> [comment]"
    ),
    "cert-authority line skipped: certificates are not supported": (
        "已跳过 cert-authority 行：不支持证书"
    ),
    "{path}: a key revocation list (KRL) that cannot be read: {why}": (
        "{path}：无法读取的密钥吊销列表（KRL）：{why}"
    ),
    "write it again with:\n  {command}": "请重新生成：\n  {command}",
    "{key} is not a public key file, nor a fingerprint as verify prints it (SHA256:...)": (
        "{key} 不是公钥文件，也不是 verify 所显示的指纹（SHA256:...）"
    ),
    "a key's fingerprint is printed by:\n  ssh-keygen -l -f KEY.pub": (
        "可用以下命令显示密钥的指纹：\n  ssh-keygen -l -f KEY.pub"
    ),
    "line {line} trusts {principal} by the pattern {patterns}: stop trusting it with:\n"
    "  {command}": "第 {line} 行以模式 {patterns} 信任 {principal}：要停止信任，请运行：\n  {command}",
    "an unknown KRL format version": "未知的 KRL 格式版本",
    "a signed KRL (its signature cannot be checked here)": "已签名的 KRL（此处无法检查其签名）",
    "an unknown KRL section ({kind})": "未知的 KRL 段（{kind}）",
    "the KRL is truncated or damaged": "KRL 不完整或已损坏",
    "a certificate section's CA key of a kind not read here": "证书段的 CA 密钥类型此处无法读取",
    "{path} is a key revocation list (KRL); minecheck does not write into one": (
        "{path} 是密钥吊销列表（KRL）；minecheck 不写入这种文件"
    ),
    "add the key to it with:\n  {command}": "请用以下命令把密钥加入其中：\n  {command}",
    "cannot read: {reason}": "无法读取：{reason}",
    "{path}: cannot be read": "{path}：无法读取",
    "{path}: {reason}": "{path}：{reason}",
    "{path}: not a usable file name": "{path}：不是可用的文件名",
    "{path}: not a regular file ({kind})": "{path}：不是普通文件（{kind}）",
    "{what} {path}: not a regular file ({kind})": "{what} {path}：不是普通文件（{kind}）",
    "{path}: is a directory, not a {what}": "{path}：是一个目录，不是{what}",
    "{path}: is a directory, not an {what}": "{path}：是一个目录，不是{what}",
    "name the files in it (FOLDER/*.toml); verify, summary and export take a folder": (
        "请逐个给出其中的文件（文件夹/*.toml）；verify、summary 和 export 可以直接读取文件夹"
    ),
    "name the {what} itself, not its folder": "请给出{what}本身，而不是其所在的文件夹",
    "{path}: {what} is {size} bytes, over the limit of {limit} bytes": (
        "{path}：{what}大小为 {size} 字节，超过 {limit} 字节的上限"
    ),
    "{path}: {what} is over the limit of {limit} bytes": "{path}：{what}超过 {limit} 字节的上限",
    "document": "文件",
    "draft": "草稿",
    "answers file": "答案文件",
    "list of paths": "路径列表",
    "events file": "事件文件",
    "allowed_signers file": "allowed_signers 文件",
    "key list": "密钥列表",
    "{path}: cannot write: {reason}; nothing was written": "{path}：无法写入：{reason}；未写入任何内容",
    "{path} is being changed by another minecheck; try again": "{path} 正在被另一个 minecheck 修改；请稍后重试",
    "free space on the disk that holds {folder}, then run the command again": (
        "请清理 {folder} 所在磁盘的空间，然后重新运行命令"
    ),
    "the result cache is off: {path} is not a file or folder minecheck can use; every run reads every file again": (
        "结果缓存已停用：{path} 不是 minecheck 能使用的文件或文件夹；每次运行都会重新读取全部文件"
    ),
    "the result cache is off: {path} belongs to another user, {owner}; every run reads every file again": (
        "结果缓存已停用：{path} 属于另一个用户 {owner}；每次运行都会重新读取全部文件"
    ),
    "the result cache is off for this run: {path} cannot be used ({reason})": (
        "本次运行未使用结果缓存：{path} 无法使用（{reason}）"
    ),
    "if this is said again, remove {path} (the next run makes the cache anew), or pass --no-cache to go without it": (
        "如果再次出现此提示，请删除 {path}（下次运行会重新建立缓存），或加上 --no-cache 不使用缓存"
    ),
    "the result cache is off: {path} can be written by group or others; every run reads every file again": (
        "结果缓存已停用：{path} 可被同组或其他用户写入；每次运行都会重新读取全部文件"
    ),
    "the result cache is off: the disk that holds {path} is full; every run reads every file again": (
        "结果缓存已停用：{path} 所在的磁盘已满；每次运行都会重新读取全部文件"
    ),
    "move {path} away; the next run makes the cache anew": "请将 {path} 移走；下次运行会重新建立缓存",
    "free space on the disk that holds {folder}: the walk goes on, and saves the draft as soon as it can": (
        "请清理 {folder} 所在磁盘的空间：检查会继续进行，一旦可以保存即会保存草稿"
    ),
    "free space on the disk that holds {folder}, then try again": (
        "请清理 {folder} 所在磁盘的空间，然后再试一次"
    ),
    "{path}: not a usable file name; nothing was written": "{path}：不是可用的文件名；未写入任何内容",
    "{path} is a directory; only a file can be replaced": "{path} 是一个目录；只有文件可以被替换",
    "{refused}; only a file can be replaced": "{refused}；只有文件可以被替换",
    # summary, export, show
    "inconsistent": "结论不一致",
    "{path}: left out: {reason}": "{path}：未计入：{reason}",
    "to count it, trust the signer's key as you received it from them (or --from LINES): "
    "{command}": "要计入它，请信任签名人亲手交给您的公钥（或 --from LINES）：{command}",
    "JSON has no comments: remove the lines that begin with // or #": (
        "JSON 不能有注释：请删去以 // 或 # 开头的行"
    ),
    "JSON has no comments: remove them (// or # to the line's end, /* to */)": (
        "JSON 不能有注释：请删去注释（// 或 # 至行尾，/* 至 */）"
    ),
    "no documents given (no *.toml files found)": "没有给出文件（未找到 *.toml 文件）",
    "name the files, or a folder with *.toml files below it": "请给出文件，或其下有 *.toml 文件的文件夹",
    "{path}: no *.toml files found below it": "{path}：其下未找到 *.toml 文件",
    "no *.toml files found below it": "其下未找到 *.toml 文件",
    "{path}: event {action} for {finding} at {at} not applied: {reason}": "{path}：{finding} 于 {at} 的“{action}”事件未采纳：{reason}",
    "{events} follow-up events not applied: no trusted findings document among the inputs holds "
    "their findings (files: {files}, inspections: {inspections}; the first: {path}: {action} for "
    "{finding})": (
        "{events} 个整改跟踪事件未采纳：输入中没有受信任的检查结果文件包含其条目"
        "（文件 {files} 个，检查 {inspections} 次；第一个：{path}：{finding} 的“{action}”）"
    ),
    "give the findings files with their follow-ups (a report on part of an archive, one district "
    "or one mine, leaves the others' follow-ups unapplied); the summary's report lists each "
    "event, and so does --json": (
        "请把检查结果文件与其整改跟踪文件一起给出（只对档案的一部分——一个区域或一座矿井——出报告时，"
        "其余部分的整改跟踪不会被采纳）；summary 的报告逐条列出这些事件，--json 也是"
    ),
    "{signed} ({local} local time, UTC{offset})": "{signed}（当地时间 {local}，UTC{offset}）",
    "not counted as of {date}: signed at {signed} local time (UTC{offset}), after that day (a "
    "report of that day does not know it yet)": (
        "截至 {date} 不计入：签名于当地时间 {signed}（UTC{offset}），晚于该日（该日的报告尚不知道它）"
    ),
    "not counted as of {date}: the inspection finished at {finished} local time (UTC{offset}), "
    "after that day (a report of that day does not know it yet)": (
        "截至 {date} 不计入：检查结束于当地时间 {finished}（UTC{offset}），晚于该日（该日的报告尚不知道它）"
    ),
    "not counted: a document that is not trusted changes no state ({status})": (
        "不计入：不受信任的文件不改变任何状态（{status}）"
    ),
    "not applied: {action} for {finding} at {at}: {reason}": "未采纳：{finding} 于 {at} 的{action}：{reason}",
    "no document could be used": "没有可用的文件",
    "no document could be used: {count} left out ({reasons})": (
        "没有可用的文件：{count} 个文件均被排除（{reasons}）"
    ),
    "{count} {status}": "{status} {count} 个",
    "minecheck verify names the key of each and the command that trusts it; to count "
    "documents signed but not trusted, add --include-untrusted": (
        "minecheck verify 会列出每个文件的密钥和信任它的命令；若要计入已签名但不受信任的文件，"
        "请加 --include-untrusted"
    ),
    "no document could be used: no key is trusted here: there is no {path}": (
        "没有可用的文件：本机不信任任何密钥：没有 {path}"
    ),
    "every document is dated after {day}, the report's day: none is counted": "所有文件的日期都晚于报告日 {day}：均未计入",
    "no document could be read": "没有能读取的文件",
    "{count} entry could not be read (each is named above): the report is made for the rest": (
        "有 {count} 项无法读取（均已在上面列出）：报告已按其余文件生成"
    ),
    "{count} entries could not be read (each is named above): the report is made for the rest": (
        "有 {count} 项无法读取（均已在上面列出）：报告已按其余文件生成"
    ),
    "mend or move away the entries named, then run it again": "修好或移走上面列出的各项，然后再运行一次",
    "{status}: {reason}": "{status}：{reason}",
    "{path}: the file changed while it was read": "{path}：读取期间文件被改动",
    "run the summary again": "请重新运行 summary",
    "cannot keep the summary's working data in a temporary file: {reason}": "无法将汇总的中间数据写入临时文件：{reason}",
    "cannot keep the export's working data in a temporary file: {reason}": "无法将导出的中间数据写入临时文件：{reason}",
    "cannot keep the JSON output in a temporary file: {reason}": "无法将 JSON 输出写入临时文件：{reason}",
    "cannot read the JSON output back from its temporary file: {reason}": "无法从临时文件读回 JSON 输出：{reason}",
    "free space in the temporary directory, or set TMPDIR to another one": "请清理临时目录的空间，或将 TMPDIR 设为其他目录",
    "--as-of {value} is not a date like 2026-12-31": "--as-of {value} 不是形如 2026-12-31 的日期",
    "--as-of {why}": "--as-of {why}",
    "unknown format {format}": "未知格式 {format}",
    "Parquet is binary: name a file": "Parquet 是二进制格式：请指定输出文件",
    "use --format jsonl, csv or parquet": "请使用 --format jsonl、csv 或 parquet",
    "pass -o FILE.parquet": "请加上 -o FILE.parquet",
    "unknown rows {rows}": "未知的行类型 {rows}",
    "use --rows findings or --rows events": "请使用 --rows findings 或 --rows events",
    "the rows of events are written as CSV or JSONL, not Parquet": "事件行只能导出为 CSV 或 JSONL，不能导出为 Parquet",
    "use --format csv or --format jsonl": "请使用 --format csv 或 --format jsonl",
    "--bom is for CSV": "--bom 只用于 CSV",
    "pass --format csv, or leave out --bom": "请加上 --format csv，或去掉 --bom",
    "pass --force to replace it": "如需覆盖，请加上 --force",
    "unknown --fail-on level {level}": "未知的 --fail-on 级别 {level}",
    "use major, any or overdue": "请使用 major、any 或 overdue",
    "use table, md, csv, json, nl or html": "请使用 table、md、csv、json、nl 或 html",
    "the table format is for the terminal": "table 格式只用于终端显示",
    "use --format md": "请使用 --format md",
    "--fail-on overdue: the threshold is met by overdue hidden dangers: {count}": (
        "--fail-on overdue：逾期隐患 {count} 项，达到阈值"
    ),
    "--fail-on major: the threshold is met by open major hidden dangers: {count}": (
        "--fail-on major：未销号重大隐患 {count} 项，达到阈值"
    ),
    "--fail-on any: the threshold is met by open hidden dangers: {count}": (
        "--fail-on any：未销号隐患 {count} 项，达到阈值"
    ),
    "to list them:\n  {command}": "逐项列出：\n  {command}",
    "to list them, add the same paths to:\n  {export} {options}": (
        "逐项列出：在以下命令中加上相同的路径：\n  {export} {options}"
    ),
    "to list them, add the same paths and trust options to:\n  {export} {options}": (
        "逐项列出：在以下命令中加上相同的路径和信任选项：\n  {export} {options}"
    ),
    "to list them, add the same paths after export in:\n  {export} {options}": (
        "逐项列出：在以下命令的 export 之后加上相同的路径：\n  {export} {options}"
    ),
    "to list them, add the same paths and trust options after export in:\n  {export} {options}": (
        "逐项列出：在以下命令的 export 之后加上相同的路径和信任选项：\n  {export} {options}"
    ),
    "cannot group by {value}": "不能按 {value} 分组",
    "use --by with one of {values}": "--by 可选：{values}",
    "trust": "信任状态",
    "signed by": "签名人",
    "signer named, not signed": "文件所列签名人（未签名）",
    "created": "签名时间",
    "site": "被检查单位",
    "inspector": "检查人员",
    "checklist": "检查表",
    "finished": "完成时间",
    "inspection": "检查编号",
    "no non-compliant items": "无不符合项",
    "nothing consolidated: the file records no finding": "无合并结论：文件中未记录任何检查结论",
    "Non-compliant items (as of {date})": "不符合项（隐患，截至 {date}）",
    "item texts not shown: the installed {checklist} is version {installed}, "
    "not version {version}": (
        "未显示条目内容：已安装的 {checklist} 为 {installed} 版，不是本次检查所用的 {version} 版"
    ),
    "item texts not shown: the installed {checklist} {version} is not the text this "
    "inspection used": "未显示条目内容：已安装的 {checklist} {version} 版与本次检查所用的文本不同",
    "Events": "整改跟踪事件",
    "Consolidated findings (as of {date})": "合并结论（截至 {date}）",
    "inspectors' descriptions and clauses are shown only from sources trusted here; the Sources "
    "table gives each source's trust": (
        "仅显示在此受信任的来源文件中检查人员的隐患描述和依据条款；“来源文件”表列出了各来源文件的"
        "信任状态"
    ),
    "to see them, trust each inspector's key:\n  minecheck trust add --principal P --key FILE.pub": (
        "如需查看，请信任各检查人员的公钥：\n  minecheck trust add --principal P --key FILE.pub"
    ),
    "new deadline {date}": "新期限 {date}",
    "Sources": "来源文件",
    "STATE": "状态",
    "FINDING": "隐患",
    "ACTION": "操作",
    "AT": "时间",
    "NOTE": "说明",
    "RESULT": "结论",
    "BY": "各检查人员结论",
    "SOURCE": "来源文件",
    "TRUST": "信任状态",
    "SIGNER": "签名人",
    "DOCUMENT": "文件",
    "findings: {site}": "检查结果：{site}",
    "follow-up: {count} events": "整改跟踪：{count} 个事件",
    "follow-up: 1 event": "整改跟踪：1 个事件",
    "merged: {count} sources": "合并文件：{count} 个来源",
    "merged: 1 source": "合并文件：1 个来源",
    # merge, extract
    "some documents cannot be merged; nothing was written": "部分文件无法合并；未写入任何文件",
    "{detail}; pass --allow-untrusted to merge it anyway": "{detail}；如仍要合并，请加上 --allow-untrusted",
    "merging it would nest more than {depth} deep": "合并后嵌套将超过 {depth} 层",
    "signed at {signed}, more than ten minutes after this computer's clock: a file merged now "
    "would say it was signed before a source it holds, and be refused as malformed": (
        "签名时间 {signed} 比本机时钟晚 10 分钟以上：现在合并出的文件将声称签于它所含的来源之前，"
        "会被判为格式有误"
    ),
    "{source} inside it was signed at {signed}, more than ten minutes after this computer's "
    "clock: a file merged now would say it was signed before a source it holds, and be refused "
    "as malformed": (
        "其中的 {source} 签名时间 {signed} 比本机时钟晚 10 分钟以上：现在合并出的文件将声称签于它所含的"
        "来源之前，会被判为格式有误"
    ),
    "check this computer's clock and the signer's (date -u); merge it when this clock is right": (
        "请检查本机和签名人的时钟（date -u）；本机时钟正确后再合并"
    ),
    "merge its sources instead:\n  mkdir DIR && minecheck extract {path} -o DIR && "
    "minecheck merge DIR/*.toml -o OUT": (
        "请改为合并其来源：\n  mkdir DIR && minecheck extract {path} -o DIR && "
        "minecheck merge DIR/*.toml -o OUT"
    ),
    "to merge those of its sources that still count, take them out with:\n"
    "  mkdir DIR && minecheck extract {path} -o DIR": (
        "要合并其中仍然有效的来源文件，请先用以下命令取出：\n"
        "  mkdir DIR && minecheck extract {path} -o DIR"
    ),
    "holds document {id}, which {other} holds too; merge their sources instead": "包含文件 {id}，{other} 也包含它；请改为合并它们的来源文件",
    "holds {count} documents that {other} holds too ({id}, ...); merge their sources instead": "包含 {count} 份 {other} 也包含的文件（{id} 等）；请改为合并它们的来源文件",
    "{path} is already inside {merged}": "{path} 已包含在 {merged} 中",
    "{path}: {status}: the key signing it is not trusted here for {principal}: summary and "
    "export here leave the whole file out": (
        "{path}: {status}: 签署它的密钥在本机不受信任（签名身份 {principal}）：本机的汇总和导出将整个文件排除在外"
    ),
    "the same document_id as {other}, with different bytes": "与 {other} 的 document_id 相同，但内容不同",
    "inconsistent: {finding} ({site}): {answers}": "结论不一致：{finding}（{site}）：{answers}",
    "{who}: {result}": "{who}：{result}",
    "{who}: {result} ({path})": "{who}：{result}（{path}）",
    "{path} is the same file as {other}; it is merged once": "{path} 与 {other} 是同一个文件；只合并一次",
    "{path} is given twice; it is merged once": "{path} 给出了两次；只合并一次",
    "{site}: {count} inspections on {day} ({inspections}) record {items} as a hidden danger, "
    "each counted apart in reports (its majors flagged repeat-major); if they were one joint "
    "inspection, its inspectors give it one id (inspect --inspection-id)": (
        "{site}：{day} 的 {count} 次检查（{inspections}）都将 {items} 记为隐患，"
        "报告中按各次检查分别计数（其中重大隐患标为重复重大隐患）；"
        "如果这是一次联合检查，各检查人员应使用同一个检查编号（inspect --inspection-id）"
    ),
    "{id} by {signers}": "{id}：{signers}",
    "site codes {codes} differ only in letter case, in full-width forms or in blanks at their "
    "ends: reports count them as {count} sites, and do not see separate inspections or repeat "
    "majors across them": (
        "单位编码 {codes} 仅大小写、全角半角或首尾空白不同：报告将其计为 {count} 个单位，"
        "看不到它们之间的分次检查和重复重大隐患"
    ),
    "site codes {codes} differ only in letter case, in full-width forms or in characters not seen at their ends ({characters}): reports count them as {count} sites, and do not see separate inspections or repeat majors across them": (
        "单位编码 {codes} 仅大小写、全角半角或首尾不可见字符（{characters}）不同：报告将其计为 {count} 个单位，"
        "看不到它们之间的分次检查和重复重大隐患"
    ),
    "site codes {codes} differ only in letter case, in full-width forms or in characters not seen in them ({characters}): reports count them as {count} sites, and do not see separate inspections or repeat majors across them": (
        "单位编码 {codes} 仅大小写、全角半角或其中的不可见字符（{characters}）不同：报告将其计为 {count} 个单位，"
        "看不到它们之间的分次检查和重复重大隐患"
    ),
    "1 more {code} warning is not shown here; --json lists every one": "另有 1 条 {code} 警告未在此显示；--json 列出全部",
    "{count} more {code} warnings are not shown here; --json lists every one": "另有 {count} 条 {code} 警告未在此显示；--json 列出全部",
    "1 more {code} problem is not shown here; --json lists every one": "另有 1 条 {code} 问题未在此显示；--json 列出全部",
    "1 more {code} warning ({reason}) is not shown here; --json lists every one": "另有 1 条 {code} 警告（{reason}）未在此显示；--json 列出全部",
    "{count} more {code} warnings ({reason}) are not shown here; --json lists every one": "另有 {count} 条 {code} 警告（{reason}）未在此显示；--json 列出全部",
    "1 more {code} warning of other reasons is not shown here; --json lists every one": "另有 1 条其他原因的 {code} 警告未在此显示；--json 列出全部",
    "{count} more {code} warnings of other reasons are not shown here; --json lists every one": "另有 {count} 条其他原因的 {code} 警告未在此显示；--json 列出全部",
    "1 more {code} problem ({reason}) is not shown here; --json lists every one": "另有 1 条 {code} 问题（{reason}）未在此显示；--json 列出全部",
    "{count} more {code} problems ({reason}) are not shown here; --json lists every one": "另有 {count} 条 {code} 问题（{reason}）未在此显示；--json 列出全部",
    "1 more {code} problem of other reasons is not shown here; --json lists every one": "另有 1 条其他原因的 {code} 问题未在此显示；--json 列出全部",
    "{count} more {code} problems of other reasons are not shown here; --json lists every one": "另有 {count} 条其他原因的 {code} 问题未在此显示；--json 列出全部",
    "a source inside it: {reason}": "其中一份来源：{reason}",
    "its signing key is revoked": "其签名密钥已被吊销",
    "{id} (not in composed form)": "{id}（未按 NFC 规范组合）",
    "{count} more {code} problems are not shown here; --json lists every one": "另有 {count} 条 {code} 问题未在此显示；--json 列出全部",
    "{code} ({count} more characters)": "{code}（另有 {count} 个字符）",
    "{codes} and {count} more not shown here (--json lists every one)": (
        "{codes} 及另外 {count} 个未在此显示的编码（--json 列出全部）"
    ),
    "{code} (1 more character)": "{code}（另有 1 个字符）",
    "write each site's code one way in every inspection of it": "同一单位的每次检查请用同一写法填写其编码",
    "{option} {given} is written with full-width forms: reports count it as a site apart from "
    "{plain}": "{option} {given} 含全角字符：报告将其与 {plain} 计为不同的单位",
    "if the site's code is {plain}, write it so in every inspection of the site": (
        "如果该单位的编码是 {plain}，请在该单位的每次检查中都这样填写"
    ),
    "{signer} (not trusted here: {status})": "{signer}（在本机未受信任：{status}）",
    "separate inspections of a mine on 1 more day ({inspections} inspections) are not shown "
    "here; --json lists every one": "另有 1 个矿井日的分次检查（共 {inspections} 次检查）未在此显示；--json 列出全部",
    "separate inspections of a mine on {days} more days ({inspections} inspections) are not "
    "shown here; --json lists every one": (
        "另有 {days} 个矿井日的分次检查（共 {inspections} 次检查）未在此显示；--json 列出全部"
    ),
    "{named}; and {count} more (--json lists every one)": "{named}；另有 {count} 次（--json 列出全部）",
    "inspection {id}: {items} answered from different checklists ({checklists}); their "
    "answers are taken as one finding": "检查 {id}：{items} 的结论来自不同的检查表（{checklists}）；这些结论被当作同一条检查结果",
    "inspection {id}: {items} answered from different versions of checklist {checklist} "
    "({versions}); their answers are taken as one finding, though an item may ask otherwise "
    "in each version": (
        "检查 {id}：{items} 的结论来自检查表 {checklist} 的不同版本（{versions}）；"
        "这些结论被当作同一条检查结果，但同一条目在各版本中所查内容可能不同"
    ),
    "inspection {id}: its documents name different sites: {sites}; an inspection is at one "
    "site (was an inspection id used again?)": (
        "检查 {id}：其文件所写的被检查单位不同：{sites}；一次检查只在一个被检查单位进行（是否重复使用了检查编号？）"
    ),
    "{path}: {status}: {detail}; no source can be taken from it": "{path}：{status}：{detail}；无法从中取出来源文件",
    "{path} is a {format} document, not a merged one: there is nothing to extract": (
        "{path} 是 {format} 文件，不是合并文件：没有可取出的内容"
    ),
    "{paths} already exist": "{paths} 已存在",
    # followup
    "--events cannot be combined with {options}": "--events 不能与 {options} 同时使用",
    "{ref}: escalated without a note: which escalation it was is not recorded": (
        "{ref}：升级处理未附说明，未记录是哪一种升级处理"
    ),
    "name it in the event's note (--note): suspension for rectification, a closure requested, "
    "or a transfer to another authority": "请在该事件的说明（--note）中写明：停产整顿、提请关闭或移送",
    "name it in the event's note: suspension for rectification, a closure requested, "
    "or a transfer to another authority": "请在该事件的 note 中写明：停产整顿、提请关闭或移送",
    "{path}: {status}, so its findings were not read; it may hold inspection {id}": (
        "{path}：{status}，其中的检查结果未读取；它可能包含检查 {id}"
    ),
    "no findings file here holds inspection {id}; the event names it as given "
    "(--findings FILE checks it against the file that holds it)": (
        "当前目录下没有检查结果文件包含检查 {id}；事件按所给编号记录（用 --findings FILE 可对照其所在文件核对）"
    ),
    "--action {given} is not one of {choices}": "--action {given} 不是以下之一：{choices}",
    "{ref} is {result} in the findings here, not a hidden danger: "
    "a report applies the event only if another inspector found it non-compliant": (
        "{ref} 在此处的检查结果中为{result}，不是隐患：只有其他检查人员判定其不符合时，报告才会采纳该事件"
    ),
    "{ref}: the event is dated {at}, before the inspection began ({began}): "
    "no report will apply it": (
        "{ref}：事件时间 {at} 早于检查开始时间（{began}）：任何报告都不会采纳该事件"
    ),
    "{ref}: the findings grade it major, which is accepted only by expert-review, "
    "third-party or regulator-onsite: no report will apply this acceptance by {method} "
    "assessment": (
        "{ref}：检查结果将其定为重大隐患，须专家评审（expert-review）、第三方（third-party）"
        "或监管部门现场（regulator-onsite）验收：任何报告都不会采纳这一验收（{method}）"
    ),
    "{ref}: {recorders} signed the findings that set its deadline, and {signer} signed none "
    "of them: every report applies this extension as signed, though an extension is the "
    "authority's to grant": (
        "{ref}：设定其整改期限的检查结果由 {recorders} 签名，{signer} 未签名其中任何一份："
        "各报告都会按签名采纳该延期，而延期应由执法部门批准"
    ),
    "{ref}: {recorders} signed the findings that record it, and {signer} signed none of "
    "them: every report applies this withdrawal as signed, though a finding is withdrawn by "
    "the authority that recorded it": (
        "{ref}：记录该隐患的检查结果由 {recorders} 签名，{signer} 未签名其中任何一份："
        "各报告都会按签名采纳该撤销，而隐患应由记录它的执法部门撤销"
    ),
    "a finding recorded in error is withdrawn, with the reason, by the inspector who "
    "recorded it": "误记的隐患由记录它的检查人员撤销，并写明原因",
    "ask the authority whose order set the deadline, in writing and before it passes; its "
    "inspector signs the extension": (
        "请在期限届满前书面向下达整改期限的执法部门申请延期，由其检查人员签署延期"
    ),
    "{ref}: {signer} reported it rectified ({where}): no report will apply a major hidden "
    "danger's acceptance by the one who reported it rectified": (
        "{ref}：{signer} 已报告整改完成（{where}）：报告整改完成者本人对重大隐患的验收，"
        "任何报告都不会采纳"
    ),
    "{ref}: {signer} reported it rectified ({where}): no report will apply a major hidden "
    "danger's closure by the one who reported it rectified": (
        "{ref}：{signer} 已报告整改完成（{where}）：报告整改完成者本人对重大隐患的销号，"
        "任何报告都不会采纳"
    ),
    "{problem}: followup judges the follow-ups here by their signatures alone, as where "
    "minecheck has no trust list of its own": (
        "{problem}：followup 仅按签名判断此处的跟踪记录，如同 minecheck 没有自己的信任文件"
    ),
    "every report made with it stops at it; see what keeps it from being read with\n"
    "  minecheck trust list": (
        "使用它的报告都会在此停止；查看无法读取的原因：\n  minecheck trust list"
    ),
    "{ref}: {where} reports it rectified at {at}, the time the acceptance is dated, and is "
    "signed at {signed}, after this document ({created}): a report takes events of one time in "
    "the order they were signed, and applies an acceptance only after the rectification it "
    "accepts": (
        "{ref}：{where} 报告于 {at}（即该验收所署时间）整改完成，其签名时间 {signed} 晚于本记录"
        "（{created}）：同一时间的事件，报告按签名先后采纳，而验收只在所验收的整改之后才采纳"
    ),
    "{ref}: {where} reports it rectified at {at}, the time the acceptance is dated, and is "
    "signed in the same second as this document ({created}): a report takes events of one time "
    "signed in one second in the order of their random document ids, here the acceptance "
    "first, and applies an acceptance only after the rectification it accepts": (
        "{ref}：{where} 报告于 {at}（即该验收所署时间）整改完成，且与本记录在同一秒（{created}）"
        "签名：同一时间、同一秒签名的事件，报告按其随机的文件编号排定先后，此处验收在前，"
        "而验收只在所验收的整改之后才采纳"
    ),
    "date the acceptance after the rectification ({at}), or sign it in a later second (a later "
    "created, or none: the time it is signed)": (
        "将验收时间（{at}）写在整改之后，或在其后的某一秒签名（写一个更晚的 created，"
        "或不写 created，即取签名时间）"
    ),
    "date the acceptance after the rectification ({at}), or set this machine's clock right": (
        "将验收时间（{at}）写在整改之后，或校正本机时钟"
    ),
    "{ref}: this document reports it rectified at {at}, the time the acceptance is dated, in an "
    "event listed after the acceptance: a report takes events of one time in one document in "
    "the order they are listed, and applies an acceptance only after the rectification it "
    "accepts": (
        "{ref}：本记录在该验收之后列出的事件中报告于 {at}（即该验收所署时间）整改完成：同一记录中"
        "同一时间的事件，报告按列出先后采纳，而验收只在所验收的整改之后才采纳"
    ),
    "list the rectification before the acceptance, or date the acceptance after it (at)": (
        "将整改列在验收之前，或将验收时间（at）写在整改之后"
    ),
    "{ref}: no signed follow-up here reports it rectified by {at}, when the acceptance is "
    "dated: a report applies an acceptance only after the rectification it accepts": (
        "{ref}：此处已签名的跟踪记录中，没有在该验收所署时间 {at} 或之前报告整改完成的："
        "报告只在所验收的整改之后才采纳验收"
    ),
    "{ref}: the signed follow-ups here send it back to rectification at {back} (a rejection or "
    "a reopening), and none reports it rectified again by {at}, when the acceptance is dated: a "
    "report applies an acceptance only after the rectification it accepts": (
        "{ref}：此处已签名的跟踪记录在 {back} 将其退回整改（驳回或重新打开），此后没有在该验收所署"
        "时间 {at} 之前再次报告整改完成的：报告只在所验收的整改之后才采纳验收"
    ),
    "this document": "本文件",
    "{ref}: no signed follow-up here accepts it by {at}, when the closure is dated: a report "
    "applies a closure only after the acceptance of the rectification": (
        "{ref}：此处已签名的跟踪记录中，没有在该销号所署时间 {at} 或之前验收其整改的："
        "报告只在整改验收之后才采纳销号"
    ),
    "close it after its rectification is accepted (--action accepted), the acceptance kept "
    "beside the findings or where the closure is written": (
        "请在整改验收（--action accepted）之后销号，验收记录放在检查结果文件旁边或销号文件所写入的文件夹中"
    ),
    "{ref}: {where} already reports it rectified at {at}, and no follow-up here sends it back "
    "to rectification since: no report will apply a second rectification": (
        "{ref}：{where} 已报告其于 {at} 整改完成，此处的跟踪记录此后没有将其退回整改："
        "任何报告都不会采纳第二次整改完成"
    ),
    "a hidden danger is reported rectified again only after a rejection or a reopening sends "
    "it back; an event already signed needs no second file": (
        "隐患经驳回或重新打开退回整改后，才能再次报告整改完成；已签名的事件无需再写一个文件"
    ),
    "{ref}: {signer} already accepts this rectification ({where}, {at}), and no follow-up here "
    "sends it back to rectification since: no report will apply a second acceptance by one "
    "signer": (
        "{ref}：{signer} 已验收此次整改（{where}，{at}），此处的跟踪记录此后没有将其退回整改："
        "任何报告都不会采纳同一签名人的第二次验收"
    ),
    "each reviewer accepts a rectification once; an acceptance already signed needs no second "
    "file": "每位验收人员对一次整改只验收一次；已签名的验收无需再写一个文件",
    "{ref}: {where} closes it at {at}, and no follow-up here reopens it since: no report will "
    "apply an event to a closed hidden danger until it is reopened": (
        "{ref}：{where} 已于 {at} 将其销号，此处的跟踪记录此后没有重新打开它："
        "重新打开之前，任何报告都不会对已销号的隐患采纳任何事件"
    ),
    "a closed hidden danger takes no further event; one found unrectified again is reopened "
    "first (--action reopened)": (
        "已销号的隐患不再接受事件；复查发现未整改到位的，请先重新打开（--action reopened）"
    ),
    "{ref}: {where} withdraws it at {at}, and no follow-up here reopens it since: no report "
    "will apply an event to a withdrawn hidden danger until it is reopened": (
        "{ref}：{where} 已于 {at} 将其撤销，此处的跟踪记录此后没有重新打开它："
        "重新打开之前，任何报告都不会对已撤销的隐患采纳任何事件"
    ),
    "a withdrawn finding was recorded in error and takes no further event; if the withdrawal "
    "was the error, reopen it first (--action reopened)": (
        "撤销的隐患系误录，不再接受事件；若撤销本身有误，请先重新打开（--action reopened）"
    ),
    "{ref}: the findings and the signed follow-ups here leave it {state} at {at}, when the "
    "rejection is dated: no report will apply it, as only a rectified or accepted hidden danger "
    "not yet closed is rejected": (
        "{ref}：按此处的检查结果和已签名的跟踪记录，该隐患在驳回所署时间 {at} 的状态为{state}："
        "任何报告都不会采纳此驳回，只有已整改或已验收且尚未销号的隐患才能驳回"
    ),
    "reject a rectification after the enterprise reports it (--action rectified); a closed one "
    "is reopened (--action reopened)": (
        "请在企业报告整改完成（--action rectified）之后再驳回；已销号的隐患应重新打开"
        "（--action reopened）"
    ),
    "{ref}: the findings and the signed follow-ups here leave it {state} at {at}, when the "
    "reopening is dated: no report will apply it, as only a rectified, accepted, closed or "
    "withdrawn hidden danger is reopened": (
        "{ref}：按此处的检查结果和已签名的跟踪记录，该隐患在重新打开所署时间 {at} 的状态为"
        "{state}：任何报告都不会采纳此重新打开，只有已整改、已验收、已销号或已撤销的隐患才能"
        "重新打开"
    ),
    "a hidden danger not reported rectified since it was found or sent back is still in "
    "rectification and needs no reopening": (
        "发现以来或退回以来尚未报告整改完成的隐患仍在整改中，无需重新打开"
    ),
    "{ref}: the new deadline {new} is not after the deadline {deadline} the "
    "findings give: no report will apply the extension": (
        "{ref}：新的整改期限 {new} 不晚于检查结果所定的期限 {deadline}：任何报告都不会采纳该延期"
    ),
    "{ref}: the new deadline {new} is not after the deadline {deadline} that {where} extends "
    "it to: no report will apply the extension": (
        "{ref}：新的整改期限 {new} 不晚于 {where} 延期至的期限 {deadline}：任何报告都不会采纳该延期"
    ),
    "{ref}: the new deadline {new} is not after {made}, the day the extension is made: "
    "no report will apply it": (
        "{ref}：新的整改期限 {new} 不晚于申请延期的当天 {made}：任何报告都不会采纳该延期"
    ),
    "{ref}: the extension is dated {at}, on {made}, after the deadline {deadline} the findings "
    "give had passed: a report applies it only where an earlier extension, a rejection or a "
    "reopening set a new term, and the follow-ups here hold none": (
        "{ref}：延期日期为 {at}，即 {made}，已过检查结果所定的期限 {deadline}：只有此前的延期、"
        "验收不通过或重新打开给了新的期限，报告才会采纳该延期，而此处的跟踪记录中没有这样的记录"
    ),
    "{ref}: the extension is dated {at}, on {made}, after the deadline {deadline} that {where} "
    "extends it to had passed: a report applies it only where a rejection or a reopening since "
    "set a new term, and the follow-ups here hold none": (
        "{ref}：延期日期为 {at}，即 {made}，已过 {where} 延期至的期限 {deadline}：只有此后的验收"
        "不通过或重新打开给了新的期限，报告才会采纳该延期，而此处的跟踪记录中没有这样的记录"
    ),
    "date the event when it happened, at or after the inspection began ({at})": (
        "按事件实际发生的时间注明日期，不早于检查开始的时间（{at}）"
    ),
    "date the event when it happened, at or after the inspection began": (
        "按事件实际发生的时间注明日期，不早于检查开始的时间"
    ),
    "give the findings file that holds it with its follow-ups; a report on part of an archive "
    "cannot apply the follow-ups of the rest": (
        "请把包含该条目的检查结果文件与其整改跟踪文件一起给出；只针对部分档案的报告无法采纳其余部分的整改跟踪"
    ),
    "follow-ups are kept only for hidden dangers: check the finding the event names": (
        "只有隐患才有整改跟踪：请核对该事件所指的条目"
    ),
    "a closed or withdrawn hidden danger takes no further event; one found unrectified again "
    "is reopened first (--action reopened)": (
        "已销号或已撤销的隐患不再接受事件；复查发现未整改到位的，请先重新打开（--action reopened）"
    ),
    "a rectification is accepted after the enterprise reports it (--action rectified)": (
        "须在企业报告整改完成（--action rectified）之后才能验收"
    ),
    "an extension moves the deadline later: give a new deadline after the one in force "
    "(--new-deadline)": "延期只能把期限推后：请给出晚于现行期限的新期限（--new-deadline）",
    "an extension moves the deadline later: give a new deadline after the day the extension "
    "is made (--new-deadline)": "延期只能把期限推后：请给出晚于延期当天的新期限（--new-deadline）",
    "a withdrawal says why the finding was recorded in error (--note)": (
        "撤销时须说明该条目为何系误录（--note）"
    ),
    "a later minecheck may know this action: update minecheck, or ask the signer which action "
    "was meant": "较新版本的 minecheck 可能认识该动作：请更新 minecheck，或询问签名人本意是哪个动作",
    "a major hidden danger is accepted by a review independent of the enterprise: --method "
    "expert-review (naming each --reviewer), third-party or regulator-onsite": (
        "重大隐患由独立于企业的评审验收：--method expert-review（以 --reviewer 写明每位评审人）、"
        "third-party 或 regulator-onsite"
    ),
    "a major hidden danger is accepted by a review independent of the enterprise: method "
    '"expert-review" (naming each in reviewers), "third-party" or "regulator-onsite"': (
        '重大隐患由独立于企业的评审验收：method "expert-review"（在 reviewers 中写明每位评审人）、'
        '"third-party" 或 "regulator-onsite"'
    ),
    "accept it after the enterprise's signed report that it is rectified (--action rectified), "
    "kept beside the findings or where the acceptance is written": (
        "请在企业签名报告整改完成（--action rectified）之后验收；该跟踪记录应与检查结果放在一起，"
        "或放在写入验收记录的目录中"
    ),
    "accept it after the enterprise reports it rectified again (--action rectified)": (
        "请在企业再次报告整改完成（--action rectified）之后验收"
    ),
    "a major hidden danger is accepted by reviewers other than the one who reported it "
    "rectified": "重大隐患由报告整改完成者以外的人员验收",
    "a major hidden danger is closed by the authority that recorded it, not by the one who "
    "reported it rectified": "重大隐患由记录它的执法部门销号，而不是由报告整改完成者销号",
    "an extension moves the deadline later: give a day after {day} ({option})": (
        "延期只能把期限推后：请给出 {day} 之后的日期（{option}）"
    ),
    "an extension is granted before the deadline passes; past it, the hidden danger is "
    "escalated (or given one new term once a rejection or a reopening puts it back in "
    "rectification)": (
        "延期须在期限届满前批准；期限已过的隐患应升级处理（因验收不通过或重新打开而回到整改中的，"
        "可再给一个新的整改期限）"
    ),
    "{ref}: the extension is dated {at}, by the deadline {deadline}, and signed on {signed}, "
    "after that deadline passed: reports apply it as made in time": (
        "{ref}：延期日期为 {at}，未超过期限 {deadline}，却在该期限过后的 {signed} 才签名："
        "报告会视其为按时作出"
    ),
    "the signed time shows when it was recorded (export --rows events, column signed)": (
        "签名时间显示其记录时间（export --rows events 的 signed 列）"
    ),
    "--action {action} needs {options}": "--action {action} 需要 {options}",
    "--method {given} is not one of {choices}": "--method {given} 不是以下之一：{choices}",
    "{option} goes only with --action {action}": "{option} 只用于 --action {action}",
    "--method {method} needs --reviewer NAME for each person who reviewed the rectification": (
        "--method {method} 需要 --reviewer 姓名，每位验收人员各一个"
    ),
    "--note REASON": "--note 原因",
    "a withdrawn event needs its reason in note": "撤销事件须在 note 中写明原因",
    "an extended event needs a reason in note": "延期事件须在 note 中写明原因",
    "an accepted event by {method} needs its reviewers": (
        "验收方式为{method}的事件须写明 reviewers（验收人员）"
    ),
    "reviewers holds {name}, which names no one": "reviewers 中的 {name} 未写明任何人",
    "reviewers holds {name}, which has control or invisible characters": (
        "reviewers 中的 {name} 含控制字符或不可见字符"
    ),
    # verify
    "{n} {status}": "{status} {n} 份",
    "{n} unreadable": "无法读取 {n} 份",
    "{n} document: {counts}": "共 {n} 份文件：{counts}",
    "{n} documents: {counts}": "共 {n} 份文件：{counts}",
    ", ": "，",
    "; ": "；",
    "  read {allowed}; to trust the key (or --from LINES):\n    {command}": (
        "  已读取 {allowed}；要信任该密钥（或 --from LINES）：\n    {command}"
    ),
    "  no key is trusted here: there is no {path}": "  本机不信任任何密钥：没有 {path}",
    "  to trust the key here (or --from LINES):\n    {command}": (
        "  要在本机信任该密钥（或 --from LINES）：\n    {command}"
    ),
    "to trust its key here:\n  {command}": "要在本机信任其密钥：\n  {command}",
    "name the office's list with --allowed-signers FILE, or set MINECHECK_HOME to the "
    "directory that holds it (cron and services do not get your shell's variables)": (
        "用 --allowed-signers FILE 指定本单位的信任文件，或把 MINECHECK_HOME 设为其所在目录"
        "（cron 和系统服务不会继承您 shell 中的变量）"
    ),
    "to get back the file as it was signed:\n  {command}\nthen check it (the signature "
    "says whether it is the signer's file):\n  {verify}\nor ask the sender to send it "
    "again inside a zip archive, which a mail program leaves as it is": (
        "恢复为签署时的原文件：\n  {command}\n然后核验（由签名判断它是否为签名人的原文件）：\n"
        "  {verify}\n或请发件人把文件装入 zip 压缩包重新发送，邮件程序不会改动压缩包里的文件"
    ),
    "its name holds characters a command shown here cannot carry: give it a plain name "
    "and run verify on it again, which then says how to get back the file as it was "
    "signed; or ask the sender to send it again inside a zip archive, which a mail "
    "program leaves as it is": (
        "文件名含有此处显示的命令无法承载的字符：请把它改为普通文件名后再对它运行 verify，"
        "届时会说明如何恢复为签署时的原文件；或请发件人把文件装入 zip 压缩包重新发送，"
        "邮件程序不会改动压缩包里的文件"
    ),
    "--at {given}: expected created or now": "--at {given}：应为 created 或 now",
    "no documents to verify (no *.toml files found)": "没有要核验的文件（未找到 *.toml 文件）",
    "the list of paths on standard input is empty": "标准输入上的路径列表为空",
    "list the documents one a line, or name them on the command line": (
        "请每行列出一个文件，或在命令行上给出文件"
    ),
    "{path}: the evidence of its sources ({n} file) is recorded relative to the files they "
    "were merged from, not checked here; extract the sources next to their evidence and verify "
    "those": (
        "{path}：其来源的 {n} 个佐证文件按合并前各文件的位置记录，此处未检查；"
        "请把来源提取到其佐证旁边再核验"
    ),
    "{path}: the evidence of its sources ({n} files) is recorded relative to the files they "
    "were merged from, not checked here; extract the sources next to their evidence and verify "
    "those": (
        "{path}：其来源的 {n} 个佐证文件按合并前各文件的位置记录，此处未检查；"
        "请把来源提取到其佐证旁边再核验"
    ),
    "no checklists to check (no *.toml files found)": "没有要检查的检查表（未找到 *.toml 文件）",
    "--findings {path} is a directory, not a file": "--findings {path} 是目录，不是文件",
    "--findings {path} holds no signed findings": "--findings {path} 中没有已签名的检查结果",
    "to see what it is:\n  minecheck verify {path}": "查看它是什么请运行：\n  minecheck verify {path}",
    "{path} is not a directory: extract writes one file per source there": (
        "{path} 不是目录：extract 在目录中为每个来源写一个文件"
    ),
    "{n} source was there already, byte for byte: left as it was": (
        "{n} 个来源文件已在目录中，逐字节相同：保持原样"
    ),
    "{n} sources were there already, byte for byte: left as they were": (
        "{n} 个来源文件已在目录中，逐字节相同：保持原样"
    ),
    "give FINDING-REF and --action, or --events FILE": "请给出 FINDING-REF 和 --action，或使用 --events FILE",
    "the command line": "命令行",
    "--findings {path}: no such file": "--findings {path}：文件不存在",
    "finding {ref} must be <inspection-id>/<item>": "隐患 {ref} 的写法应为 <inspection-id>/<item>",
    "finding {ref} must be <inspection-id>/<item>, here {example}": (
        "隐患 {ref} 的写法应为 <inspection-id>/<item>，此处即 {example}"
    ),
    "no findings file here holds inspection {id}": "当前目录下没有检查结果文件包含检查 {id}",
    "only the findings files in the current directory and the folders below it are read; "
    "name the one that holds it:\n"
    "  minecheck followup {ref} ... --findings FILE": (
        "只读取当前目录及其下各层文件夹中的检查结果文件；请指明包含它的文件：\n"
        "  minecheck followup {ref} ... --findings FILE"
    ),
    "only the findings files in the current directory and the folders below it are read; "
    "name those that hold them:\n"
    "  minecheck followup --events {path} --findings FILE ...": (
        "只读取当前目录及其下各层文件夹中的检查结果文件；请指明包含它们的文件：\n"
        "  minecheck followup --events {path} --findings FILE ..."
    ),
    "none of the --findings files holds inspection {id}": (
        "--findings 所给的检查结果文件中没有检查 {id}"
    ),
    "inspection prefix {prefix} is ambiguous: {ids}": "检查编号前缀 {prefix} 不唯一：{ids}",
    "give more of the inspection id, enough to name one: {refs}": (
        "请多写几位检查编号，足以只指一次检查：{refs}"
    ),
    "inspection {id} has no item {item}": "检查 {id} 中没有条目 {item}",
    "{what} {value} needs a time and its zone, like 2026-12-10T09:00:00Z "
    "(or with an offset: 2026-12-10T17:00:00+08:00)": (
        "{what} {value} 须写明时间和时区，例如 2026-12-10T09:00:00Z（或带偏移量：2026-12-10T17:00:00+08:00）"
    ),
    "{what} {value} is not a UTC time like 2026-12-10T09:00:00Z": "{what} {value} 不是形如 2026-12-10T09:00:00Z 的 UTC 时间",
    "{what} {value} is no time of day: hours run from 00 to 23, minutes and seconds from 00 to 59": (
        "{what} {value} 不是一天中的时刻：时为 00 至 23，分和秒为 00 至 59"
    ),
    "'{given}' lies outside the years {first} to {last}": "'{given}' 超出 {first} 至 {last} 年",
    "{what} {value} is no day of the calendar: {month} has {days} days": (
        "{what} {value} 不是日历上的日期：{month} 只有 {days} 天"
    ),
    "{what} {value} is no day of the calendar: a year has 12 months": (
        "{what} {value} 不是日历上的日期：一年只有 12 个月"
    ),
    "{what} {value} is not a date like 2027-01-15": "{what} {value} 不是形如 2027-01-15 的日期",
    "{what} {why}": "{what} {why}",
    "{label}: there are no events": "{label}：没有任何事件",
    "event {number}": "第 {number} 个事件",
    "the event": "该事件",
    "{where}: an event is a table": "{where}：事件应为一个表",
    "{where}: an event is an object": "{where}：事件应为一个对象",
    "{where}: {problem}": "{where}：{problem}",
    "{what} {value} is in the future": "{what} {value} 是将来的时间",
    "evidence is a list of file paths": "evidence 应为文件路径列表",
    "{label}: the events cannot be used; nothing was written": "{label}：事件无法使用；未写入任何文件",
}
