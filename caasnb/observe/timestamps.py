"""``--since``/``--until`` values, turned into instants exactly as docker does it.

The docker client (``api/types/time.GetTimestamp``) accepts a Go duration (``10m``: that
long before now, truncated to whole seconds), an RFC 3339 date or date-time in one of
several layouts (read in the client's zone, UTC here, when it names none), or a Unix
timestamp ``seconds[.nanoseconds]``; the daemon then reads ``seconds.nanoseconds``
(``ParseTimestamps``). Bad values fail with Go's ``time.Parse`` messages.
"""

from __future__ import annotations

import calendar
import re

from ..golang.strconv import quote
from ..sim import parse_duration

_NS = 1_000_000_000
_ELEMENTS = re.compile(r"2006|01|02|15|04|05|\.999999999|Z07:00")


class TimestampError(ValueError):
    """A ``--since``/``--until`` value docker rejects; the message is docker's."""


def get_timestamp(value: str, now_unix_ns: int) -> str:
    """The client side: ``value`` as the ``seconds[.nanoseconds]`` string sent to the daemon."""
    if value != "0":
        try:
            delta = parse_duration(value)
        except ValueError:
            pass
        else:
            return str((now_unix_ns - delta) // _NS)
    in_location = not any(c in value for c in "zZ+") and value.count("-") != 3
    try:
        unix_ns = _parse_layout(_layout_for(value, in_location), value)
    except TimestampError:
        if "-" in value:
            raise
        try:
            parse_timestamps(value)
        except TimestampError:
            raise TimestampError(f"failed to parse value as time or duration: {quote(value)}") from None
        return value
    seconds, nanos = divmod(unix_ns, _NS)
    return f"{seconds}.{nanos:09d}"


def _layout_for(value: str, in_location: bool) -> str:
    """The Go layout ``GetTimestamp`` picks for ``value``."""
    if "." in value:
        return "2006-01-02T15:04:05.999999999" if in_location else "2006-01-02T15:04:05.999999999Z07:00"
    if "T" in value:
        colons = value.count(":")
        if not in_location and not any(c in value for c in "zZ") and colons > 0:
            colons -= 1
        hours = ("2006-01-02T15", "2006-01-02T15:04", "2006-01-02T15:04:05")[min(colons, 2)]
        return hours if in_location else hours + "Z07:00"
    return "2006-01-02" if in_location else "2006-01-02Z07:00"


def parse_timestamps(value: str) -> int:
    """The daemon side (``ParseTimestamps``): ``seconds[.fraction]`` to Unix nanoseconds."""
    seconds, dot, fraction = value.partition(".")
    try:
        whole = _go_atoi(seconds)
        nanos = int(float(_go_atoi(fraction)) * 10.0 ** (9 - len(fraction))) if dot else 0
    except ValueError:
        raise TimestampError(f"strconv.ParseInt: parsing {quote(value)}: invalid syntax") from None
    return whole * _NS + nanos


def _go_atoi(text: str) -> int:
    if not re.fullmatch(r"[+-]?\d+", text):
        raise ValueError(text)
    return int(text)


def _parse_layout(layout: str, value: str) -> int:
    """A small ``time.Parse`` for the layouts above: Unix ns, or Go's ParseError text."""
    fields = {"2006": 1, "01": 1, "02": 1, "15": 0, "04": 0, "05": 0}
    nanos, offset = 0, 0
    rest, pos = value, 0

    def fail(elem: str, at: str, message: str = "") -> TimestampError:
        if message:
            return TimestampError(f"parsing time {quote(value)}{message}")
        return TimestampError(
            f"parsing time {quote(value)} as {quote(layout)}: cannot parse {quote(at)} as {quote(elem)}"
        )

    for match in _ELEMENTS.finditer(layout):
        literal = layout[pos : match.start()]
        if not rest.startswith(literal):
            raise fail(literal, rest)
        rest = rest[len(literal) :]
        elem, pos = match.group(0), match.end()
        if elem == "2006":
            if len(rest) < 4 or not rest[:4].isdigit():
                raise fail(elem, rest)
            fields[elem], rest = int(rest[:4]), rest[4:]
        elif elem == ".999999999":
            digits = re.match(r"[.,](\d+)", rest)
            if digits:
                nanos, rest = int(digits.group(1)[:9].ljust(9, "0")), rest[digits.end() :]
        elif elem == "Z07:00":
            if rest[:1] == "Z":
                rest = rest[1:]
            elif len(rest) >= 6 and rest[0] in "+-" and rest[3] == ":" and (rest[1:3] + rest[4:6]).isdigit():
                minutes = int(rest[1:3]) * 60 + int(rest[4:6])
                offset, rest = (minutes if rest[0] == "+" else -minutes) * 60, rest[6:]
            else:
                raise fail(elem, rest)
        else:
            digits = re.match(r"\d\d" if elem != "15" else r"\d\d?", rest)
            if not digits:
                raise fail(elem, rest)
            number, rest = int(digits.group(0)), rest[digits.end() :]
            limit = {"01": (1, 12, "month"), "02": (1, 31, "day"), "15": (0, 23, "hour")}.get(elem, (0, 59, None))
            if not limit[0] <= number <= limit[1]:
                raise fail("", "", f": {limit[2] or ('minute' if elem == '04' else 'second')} out of range")
            fields[elem] = number
            if elem == "05":
                fraction = re.match(r"[.,](\d+)", rest)
                if fraction and ".999999999" not in layout:
                    nanos, rest = int(fraction.group(1)[:9].ljust(9, "0")), rest[fraction.end() :]
    tail = layout[pos:]
    if not rest.startswith(tail):
        raise fail(tail, rest)
    rest = rest[len(tail) :]
    if rest:
        raise fail("", "", f": extra text: {quote(rest)}")
    year, month, day = fields["2006"], fields["01"], fields["02"]
    if day > calendar.monthrange(year, month)[1]:
        raise fail("", "", ": day out of range")
    seconds = calendar.timegm((year, month, day, fields["15"], fields["04"], fields["05"])) - offset
    return seconds * _NS + nanos


def resolve(value: str, now_unix_ns: int) -> int | None:
    """A ``--since``/``--until`` flag value as Unix ns (None when unset), client and daemon together."""
    if value == "":
        return None
    return parse_timestamps(get_timestamp(value, now_unix_ns))
