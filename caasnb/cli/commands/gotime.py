"""Go's ``time.Time.String()`` for UTC instants: ``2024-05-01 10:00:00.5 +0000 UTC``."""

from __future__ import annotations

import datetime

_NS = 1_000_000_000


def go_time(unix_ns: int) -> str:
    """``t.String()``: the fraction without trailing zeros (none if whole), then ``+0000 UTC``."""
    seconds, fraction = divmod(unix_ns, _NS)
    moment = datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc)
    digits = f"{fraction:09d}".rstrip("0")
    return moment.strftime("%Y-%m-%d %H:%M:%S") + (f".{digits}" if digits else "") + " +0000 UTC"
