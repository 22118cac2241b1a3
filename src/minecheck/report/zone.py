"""The calendar a report counts its days in, named as a reader can check it.

Every day of a report is local to the machine making it (`core.loop.day`): `--as-of`, months,
deadlines. A report names that zone beside its day: the IANA name where the settings give one
(`TZ`, else the zone file `/etc/localtime` links to), and the UTC offset in force at the end of
the report's day (the last instant it counts), which the day alone decides, not the clock.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import time
from dataclasses import dataclass

LOCALTIME = "/etc/localtime"
ZONEINFO = "/usr/share/zoneinfo"
# An IANA name: parts of letters, digits and `_+-`, none of them `.` or `..`
_NAME = re.compile(r"[A-Za-z0-9_+-][A-Za-z0-9_+.-]*(?:/[A-Za-z0-9_+-][A-Za-z0-9_+.-]*)*")
# Names of UTC itself: a report says "UTC" for them
UTC_NAMES = frozenset({"UTC", "Etc/UTC", "UCT", "Etc/UCT", "Universal", "Etc/Universal", "Zulu"})


@dataclass(frozen=True)
class Calendar:
    """The zone a report's days are local to: its IANA `name` where known (else None), and
    `utc_offset` (`+08:00`; with seconds where the zone has them) at the end of the day."""

    name: str | None
    utc_offset: str

    def data(self) -> dict[str, str | None]:
        """As `--json` gives it."""
        return {"name": self.name, "utc_offset": self.utc_offset}

    @property
    def is_utc(self) -> bool:
        return self.utc_offset == "+00:00" and self.name in UTC_NAMES


def calendar(day: dt.date) -> Calendar:
    """The calendar of a report as of `day`, made on this machine now."""
    return Calendar(zone_name(), offset_text(offset_at_end(day)))


def zone_name() -> str | None:
    """The IANA name of the local zone where the settings give one the C library reads: `TZ`
    (`:` before it allowed) naming a zone file under TZDIR, or without `TZ` the zone file
    `/etc/localtime` links to. None for a POSIX rule (`CST-8`), a path, a name with no zone
    file (the C library counts in UTC then) and a copied `/etc/localtime`."""
    tz = os.environ.get("TZ")
    if tz is None:
        try:
            target = os.readlink(LOCALTIME)
        except (OSError, ValueError):
            return None  # (not a link: a copy names no zone)
        target = os.path.normpath(os.path.join(os.path.dirname(LOCALTIME), target))
        _, found, name = target.partition("/zoneinfo/")
        named = found and _NAME.fullmatch(name) and ".." not in name.split("/")
        return name if named and os.path.isfile(target) else None
    name = tz[1:] if tz.startswith(":") else tz
    if not _NAME.fullmatch(name) or any(p in (".", "..") for p in name.split("/")):
        return None
    folder = os.environ.get("TZDIR") or ZONEINFO
    return name if os.path.isfile(os.path.join(folder, name)) else None


def offset_at_end(day: dt.date) -> int:
    """The local zone's UTC offset, in seconds, in force at the last second of `day`."""
    try:
        ends = time.mktime((day.year, day.month, day.day, 23, 59, 59, 0, 0, -1))
        return time.localtime(ends).tm_gmtoff
    except (OverflowError, OSError, ValueError):
        return -time.timezone  # (a day the C library cannot place: its standard offset)


def offset_text(seconds: int) -> str:
    """`+08:00`, `-03:30`; `+08:05:43` for an offset of whole seconds (local mean time)."""
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{sign}{hours:02d}:{minutes:02d}" + (f":{secs:02d}" if secs else "")
