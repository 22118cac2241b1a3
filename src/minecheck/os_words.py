"""What the operating system said of a call that failed, in the user's language.

An OSError carries the system's own words (`exc.strerror`: "Permission denied"), which are
English whatever the message around them. `os_reason(exc)` is the one place a message takes
them from: in English the system's words as they are (so English output is what it always
was), in Chinese the words of `ZH_BY_ERRNO` for the common errors, and for the rest the
system's words in a Chinese frame that names the errno (`系统错误（ENOEXEC）：Exec format
error`: nothing the system said is lost, and the name is what a reader can look up). A reason
recorded in English and said in Chinese later (the reports' reasons, `report/reasons_zh.py`)
is turned by `os_words`, which knows the system's words by their text. A strerror the project
wrote itself (`NotRegular`'s `not a regular file (a socket)`) is not the system's text for its
errno and is kept as written.
"""

from __future__ import annotations

import errno
import functools
import os

# Each common error's words in Chinese, by its errno's name (a name a platform lacks is passed
# over: Windows has no EDQUOT).
_ZH_BY_NAME: dict[str, str] = {
    "ENOENT": "文件或目录不存在",
    "EACCES": "权限不足",
    "EPERM": "不允许此操作",
    "EISDIR": "是一个目录",
    "ENOTDIR": "路径中有一段不是目录",
    "ENOSPC": "设备上没有剩余空间",
    "EDQUOT": "超出磁盘配额",
    "EFBIG": "文件过大",
    "EROFS": "只读文件系统",
    "EEXIST": "文件已存在",
    "ENOTEMPTY": "目录不为空",
    "ENAMETOOLONG": "文件名过长",
    "ELOOP": "符号链接层数过多",
    "EMFILE": "打开的文件过多",
    "ENFILE": "系统中打开的文件过多",
    "EIO": "输入/输出错误",
    "EBUSY": "设备或资源忙",
    "EXDEV": "不能跨文件系统链接",
    "ETXTBSY": "文件正在被执行（文本文件忙）",
    "ENXIO": "没有该设备或地址",
    "ENODEV": "没有该设备",
    "EINVAL": "参数无效",
    "EAGAIN": "资源暂时不可用",
    "EINTR": "系统调用被中断",
    "ENOMEM": "无法分配内存",
    "EPIPE": "管道已断开",
    "ESTALE": "文件句柄已失效",
    "ECONNREFUSED": "连接被拒绝",
    "ECONNRESET": "连接被对方重置",
    "ETIMEDOUT": "连接超时",
    "ENOTSOCK": "不是套接字",
    "EOPNOTSUPP": "不支持此操作",
    # a standard input or output opened the wrong way or closed (`verify - 0>FILE`)
    "EBADF": "文件描述符无效",
    "EMLINK": "链接数过多",  # (a directory made where its parent holds too many)
    "EILSEQ": "无效或不完整的多字节字符",  # (a name the filesystem takes in UTF-8 only)
}

# An errno outside the table, in Chinese: its name and the system's words
_ZH_OTHER = "系统错误（{name}）：{said}"

ZH_BY_ERRNO: dict[int, str] = {
    getattr(errno, name): chinese for name, chinese in _ZH_BY_NAME.items() if hasattr(errno, name)
}


@functools.cache
def _zh_by_text() -> dict[str, str]:
    """The system's words for each errno this platform knows (its `os.strerror`), in Chinese:
    the table's words, else `_ZH_OTHER`."""
    out = {os.strerror(number): chinese for number, chinese in ZH_BY_ERRNO.items()}
    for number, name in errno.errorcode.items():
        said = os.strerror(number)
        if not said.startswith("Unknown error"):
            out.setdefault(said, _ZH_OTHER.format(name=name, said=said))
    return out


def os_words(said: str, lang: str | None = None) -> str:
    """SAID, the system's words for an error (`Permission denied`), in LANG (else the current
    language); as written when they are not the system's words for an errno."""
    from minecheck.i18n import language

    if (lang or language()) != "zh":
        return said
    return _zh_by_text().get(said, said)


def os_reason(exc: OSError, lang: str | None = None) -> str:
    """Why the system refused, for a message in LANG (else the current language): its words
    (`exc.strerror`, else the exception as written) in English, in Chinese for the common
    errors, the errno named with the system's words for the rest. What minecheck wrote itself
    (`NotRegular`'s words) is written again in LANG, and a loop of links (ELOOP: nothing opens
    without following links) is said in the words every reader says of one."""
    import errno

    from minecheck.fileio import LINK_TO_NOTHING, NotRegular
    from minecheck.i18n import language, written

    if isinstance(exc, NotRegular):
        return exc.said(lang or language())
    if exc.errno == errno.ELOOP:
        return written(LINK_TO_NOTHING, lang or language())
    return os_words(exc.strerror or str(exc), lang)
