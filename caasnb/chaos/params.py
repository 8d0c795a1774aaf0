"""How faults take their parameters: durations like Docker's flags, rates like tc's, chances as fractions.

A duration is a Go duration string (``"30s"``, ``"1m30s"``, ``"-2h"`` where a sign makes
sense) or a number of seconds; a rate is a whole number of bytes per second or a tc rate
(``"1mbit"``, ``"500kbps"``: ``bit`` units count bits, ``bps`` units bytes, SI multiples);
a chance (loss, duplicate, corrupt) is a fraction between 0 and 1, as the underlay stores it.
"""

from __future__ import annotations

import re

from ..errors import InvalidArgument
from ..sim import parse_duration, seconds

_RATE = re.compile(r"(?P<number>\d+(?:\.\d+)?)(?P<prefix>[kmgt]?)(?P<unit>bit|bps)", re.IGNORECASE)
_SI = {"": 1, "k": 10**3, "m": 10**6, "g": 10**9, "t": 10**12}


def duration_ns(value: str | float, what: str, *, signed: bool = False) -> int:
    """``value`` in ns; InvalidArgument naming ``what`` when it is not a duration (or negative unless ``signed``)."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise InvalidArgument(f"{what} must be a duration such as 30s or a number of seconds, not {value!r}")
    try:
        ns = parse_duration(value) if isinstance(value, str) else seconds(value)
    except ValueError as error:
        raise InvalidArgument(f"invalid {what} {value!r}: {error}") from None
    if ns < 0 and not signed:
        raise InvalidArgument(f"{what} must not be negative, not {value!r}")
    return ns


def rate_bytes(value: str | int) -> int:
    """A rate limit in bytes per second (0: no limit)."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    match = _RATE.fullmatch(value.strip()) if isinstance(value, str) else None
    if match is None:
        raise InvalidArgument(f"rate must be bytes per second or a tc rate such as 1mbit or 500kbps, not {value!r}")
    per_second = float(match["number"]) * _SI[match["prefix"].lower()]
    return round(per_second / 8 if match["unit"].lower() == "bit" else per_second)


def chance(value: float, what: str) -> float:
    """A probability between 0 and 1."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0.0 <= value <= 1.0:
        raise InvalidArgument(f"{what} must be a fraction between 0 and 1 (0.1 is 10 %), not {value!r}")
    return float(value)
