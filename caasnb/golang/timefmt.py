"""Go's ``time`` layouts for Unix nanoseconds, in UTC as a daemon with ``TZ=UTC`` prints them.

RFC 3339 (nano, fixed nano, micro, seconds), ``time.Stamp`` for BSD syslog, and the
RFC 3339 reader. Simulated instants become Unix time through ``caasnb.sim.wall_ns``.
"""

from __future__ import annotations

import calendar
import re
import time
from functools import lru_cache

_NS = 1_000_000_000


@lru_cache(maxsize=4096)
def _seconds(unix_seconds: int, layout: str) -> str:
    return time.strftime(layout, time.gmtime(unix_seconds))


def rfc3339nano(unix_ns: int) -> str:
    """Go's ``time.RFC3339Nano`` in UTC: fraction with trailing zeros trimmed (``...00.5Z``)."""
    seconds, frac = divmod(unix_ns, _NS)
    text = _seconds(seconds, "%Y-%m-%dT%H:%M:%S")
    return text + ("." + f"{frac:09d}".rstrip("0") if frac else "") + "Z"


@lru_cache(maxsize=4096)
def rfc3339nano_fixed(unix_ns: int) -> str:
    """``2006-01-02T15:04:05.000000000Z07:00``: always nine digits (``docker logs -t``, dockerd's log)."""
    seconds, frac = divmod(unix_ns, _NS)
    return f"{_seconds(seconds, '%Y-%m-%dT%H:%M:%S')}.{frac:09d}Z"


def rfc3339(unix_ns: int) -> str:
    """Go's ``time.RFC3339``: whole seconds (syslog rfc5424)."""
    return _seconds(unix_ns // _NS, "%Y-%m-%dT%H:%M:%S") + "Z"


def rfc3339micro(unix_ns: int) -> str:
    """``2006-01-02T15:04:05.000000Z07:00`` (syslog rfc5424micro): six digits, truncated."""
    seconds, frac = divmod(unix_ns, _NS)
    return f"{_seconds(seconds, '%Y-%m-%dT%H:%M:%S')}.{frac // 1000:06d}Z"


def stamp(unix_ns: int) -> str:
    """Go's ``time.Stamp`` (``Jan _2 15:04:05``): the BSD syslog timestamp, day padded with a space."""
    parts = time.gmtime(unix_ns // _NS)
    return _seconds(unix_ns // _NS, "%b ") + f"{parts.tm_mday:2d}" + _seconds(unix_ns // _NS, " %H:%M:%S")


_RFC3339 = re.compile(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})\Z")


@lru_cache(maxsize=4096)
def parse_rfc3339nano(text: str) -> int:
    """Unix nanoseconds of an RFC 3339 timestamp with optional fraction (what ``time.Parse`` reads back)."""
    match = _RFC3339.match(text)
    if match is None:
        raise ValueError(f"not an RFC 3339 timestamp: {text!r}")
    year, month, day, hour, minute, second = (int(g) for g in match.groups()[:6])
    frac, zone = match.group(7) or "", match.group(8)
    seconds = calendar.timegm((year, month, day, hour, minute, second))
    if zone != "Z":
        offset = int(zone[1:3]) * 3600 + int(zone[4:6]) * 60
        seconds -= offset if zone[0] == "+" else -offset
    return seconds * _NS + int(frac.ljust(9, "0") or 0)
