"""The clause a finding cites, and the aspect of the criteria that clause belongs to.

`summary --by clause` groups hidden dangers by each code of their `basis`; `--by aspect` by the
part of the criteria (or the law) the code names: an article of the coal criteria is one of its
15 aspects of major hidden dangers (`CMHD-5.2` -> `CMHD-5`, working with gas over the limit),
the metal/non-metal criteria are read by their three parts (`MNM-UG-7` -> `MNM-UG`), and a law
or directive by its document (`WSL-41` -> `WSL`). Pure: codes in, codes and words out. A code
from a file may be any text: one that is none of these forms is its own aspect, as written.
"""

from __future__ import annotations

import re

_CMHD = re.compile(r"CMHD-([1-9][0-9]?)(?:\.[0-9]+)?")
_MNM = re.compile(r"(MNM-(?:UG|OP|TP))(?:-[0-9]+)?")
_DOCUMENT = re.compile(r"(WSL|CR24|O16|HM24|AP24)(?:-[0-9]+)?")

# The coal criteria's articles 4-18 (MEM Order No. 4), one aspect each; the other parts and
# documents a clause code can name. English, then Chinese.
_NAMES: dict[str, tuple[str, str]] = {
    "CMHD-4": (
        "over-capacity, over-intensity or over-staffed production",
        "超能力、超强度或者超定员组织生产",
    ),
    "CMHD-5": ("working with gas over the limit", "瓦斯超限作业"),
    "CMHD-6": (
        "outburst mine not taking outburst-prevention measures",
        "煤与瓦斯突出矿井未依照规定实施防突出措施",
    ),
    "CMHD-7": (
        "high-gas mine without working gas drainage and monitoring",
        "高瓦斯矿井未建立瓦斯抽采系统和监控系统或者系统不能正常运行",
    ),
    "CMHD-8": ("ventilation system incomplete or unreliable", "通风系统不完善、不可靠"),
    "CMHD-9": ("serious water hazard without effective measures", "有严重水患，未采取有效措施"),
    "CMHD-10": ("mining beyond licensed seams, levels or boundaries", "超层越界开采"),
    "CMHD-11": ("rock-burst risk without effective measures", "有冲击地压危险，未采取有效措施"),
    "CMHD-12": (
        "serious spontaneous combustion without effective measures",
        "自然发火严重，未采取有效措施",
    ),
    "CMHD-13": (
        "banned or obsolete equipment or processes",
        "使用明令禁止使用或者淘汰的设备、工艺",
    ),
    "CMHD-14": ("no dual-circuit power supply", "煤矿没有双回路供电系统"),
    "CMHD-15": (
        "producing while building, or beyond design during expansion",
        "边建设边生产或改扩建期间违规生产",
    ),
    "CMHD-16": ("contracting and subcontracting violations", "违规承包、转包"),
    "CMHD-17": ("violations during restructuring", "改制期间违规"),
    "CMHD-18": ("other major hidden dangers", "其他重大事故隐患"),
    "MNM-UG": ("metal/non-metal underground mines", "金属非金属地下矿山"),
    "MNM-OP": ("metal/non-metal open-pit mines", "金属非金属露天矿山"),
    "MNM-TP": ("tailings ponds", "尾矿库"),
    "WSL": ("Work Safety Law", "安全生产法"),
    "CR24": ("Coal Mine Safety Production Regulations", "煤矿安全生产条例"),
    "O16": (
        "provisions on hidden-danger investigation and rectification",
        "安全生产事故隐患排查治理暂行规定",
    ),
    "HM24": ("hard measures for mines", "矿山领域重特大事故防范硬措施"),
    "AP24": ("three-year action plan on root causes", "安全生产治本攻坚三年行动方案"),
}


def clauses(basis: tuple[str, ...]) -> tuple[str, ...]:
    """Each clause a finding cites, once, in order; ("",) for one that cites none."""
    return tuple(sorted(set(basis))) or ("",)


def aspect(code: str) -> str:
    """The aspect of one clause code (the code itself when it is of no known form)."""
    if match := _CMHD.fullmatch(code):
        return f"CMHD-{match[1]}"
    if match := _MNM.fullmatch(code) or _DOCUMENT.fullmatch(code):
        return match[1]
    return code


def aspects(basis: tuple[str, ...]) -> tuple[str, ...]:
    """Each aspect a finding's clauses belong to, once, in order; ("",) for none cited."""
    return tuple(sorted({aspect(code) for code in basis})) or ("",)


def aspect_name(code: str, lang: str) -> str:
    """An aspect as a reader sees it: its code and, where known, its name in `lang`."""
    names = _NAMES.get(code)
    if names is None:
        return code
    return f"{code} {names[1] if lang == 'zh' else names[0]}"


def natural(code: str) -> str:
    """A code's sort key: its numbers in numeric order (`CMHD-5` before `CMHD-18`), however many
    digits they have (each is written after its length)."""
    return _DIGITS.sub(_number, code)


def _number(match: re.Match[str]) -> str:
    digits = match[0].lstrip("0") or "0"
    return f"{len(digits):05d}{digits}"


_DIGITS = re.compile(r"[0-9]+")
