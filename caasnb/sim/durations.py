"""Durations the way Docker reads and prints them.

Docker's flags (``--update-delay 10s``, ``--health-interval 1m30s``) are parsed by
Go's ``time.ParseDuration`` and printed by ``time.Duration.String``. The simulation
keeps time in integer nanoseconds, like Go, so both directions are exact.
"""

from __future__ import annotations

import re

NANOSECOND = 1
MICROSECOND = 1_000
MILLISECOND = 1_000_000
SECOND = 1_000_000_000
MINUTE = 60 * SECOND
HOUR = 60 * MINUTE

_UNITS = {
    "ns": NANOSECOND,
    "us": MICROSECOND,
    "µs": MICROSECOND,  # U+00B5 micro sign
    "μs": MICROSECOND,  # U+03BC Greek mu
    "ms": MILLISECOND,
    "s": SECOND,
    "m": MINUTE,
    "h": HOUR,
}
_TERM = re.compile(r"(\d*)(?:\.(\d*))?(ns|us|µs|μs|ms|s|m|h)?")
_MAX = 2**63 - 1


def parse_duration(text: str) -> int:
    """Return the nanoseconds in a Go duration string such as ``"1m30s"`` or ``"-1.5h"``.

    Raises ``ValueError`` with Go's own message (``time: invalid duration "x"``,
    ``time: missing unit in duration "5"``, ``time: unknown unit "d" in duration "5d"``).
    """
    original = text
    quoted = '"' + original + '"'
    sign = 1
    if text[:1] in "+-" and text:
        sign = -1 if text[0] == "-" else 1
        text = text[1:]
    if text == "0":
        return 0
    if not text:
        raise ValueError(f"time: invalid duration {quoted}")
    total = 0
    pos = 0
    while pos < len(text):
        match = _TERM.match(text, pos)
        whole, frac, unit = match.group(1), match.group(2), match.group(3)
        if not whole and not frac:
            raise ValueError(f"time: invalid duration {quoted}")
        if unit is None:
            rest = text[match.end() :]
            bad_unit = re.match(r"[^0-9.]+", rest)
            if bad_unit:
                raise ValueError(f'time: unknown unit "{bad_unit.group(0)}" in duration {quoted}')
            raise ValueError(f"time: missing unit in duration {quoted}")
        scale = _UNITS[unit]
        value = int(whole or "0") * scale
        if frac:
            value += int(frac) * scale // 10 ** len(frac)
        total += value
        if total > _MAX:
            raise ValueError(f"time: invalid duration {quoted}")
        pos = match.end()
    return sign * total


def format_duration(ns: int) -> str:
    """Print nanoseconds as Go's ``Duration.String`` does: ``1m30s``, ``500ms``, ``1h0m0s``, ``0s``."""
    if ns == 0:
        return "0s"
    sign = "-" if ns < 0 else ""
    ns = abs(ns)
    if ns < SECOND:
        for unit, scale in (("ns", NANOSECOND), ("µs", MICROSECOND), ("ms", MILLISECOND)):
            if ns < scale * 1000:
                return sign + _decimal(ns, scale) + unit
    hours, rest = divmod(ns, HOUR)
    minutes, rest = divmod(rest, MINUTE)
    text = _decimal(rest, SECOND) + "s"
    if hours or minutes:
        text = f"{minutes}m" + text
    if hours:
        text = f"{hours}h" + text
    return sign + text


def _decimal(value: int, scale: int) -> str:
    """``value / scale`` with trailing zeros of the fraction trimmed, as Go prints it."""
    whole, frac = divmod(value, scale)
    if not frac:
        return str(whole)
    digits = len(str(scale)) - 1
    return f"{whole}." + f"{frac:0{digits}d}".rstrip("0")


def seconds(value: float) -> int:
    """Simulated seconds (as learners write them) to integer nanoseconds."""
    return round(value * SECOND)
