"""docker/go-units (v0.5.0, vendored by Docker 28): how docker words durations and sizes.

``FromHumanSize`` is decimal (``10m`` = 10,000,000 bytes: json-file's and local's
``max-size``); ``RAMInBytes`` is binary (``1k`` = 1024: ``max-buffer-size``, fluentd's
buffer limit). ``HumanSize`` prints ``1.5kB``, ``BytesSize`` ``12.3MiB``,
``HumanDuration`` ``About a minute``.
"""

from __future__ import annotations

from .strconv import parse_float

_SECOND = 1_000_000_000
_MINUTE = 60 * _SECOND
_HOUR = 60 * _MINUTE
_DECIMAL = {"k": 1000, "m": 1000**2, "g": 1000**3, "t": 1000**4, "p": 1000**5}
_BINARY = {"k": 1024, "m": 1024**2, "g": 1024**3, "t": 1024**4, "p": 1024**5}
DECIMAL_UNITS = ("B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB")
BINARY_UNITS = ("B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB")


def human_duration(ns: int) -> str:
    """``units.HumanDuration``: ``Less than a second``, ``About a minute``, ``3 hours``, ``2 weeks``.

    Docker lower-cases it for task states (``Running 2 minutes ago``) and uses it as is
    for container status (``Up About a minute``).
    """
    seconds = int(ns / _SECOND)
    if seconds < 1:
        return "Less than a second"
    if seconds == 1:
        return "1 second"
    if seconds < 60:
        return f"{seconds} seconds"
    minutes = int(ns / _MINUTE)
    if minutes == 1:
        return "About a minute"
    if minutes < 60:
        return f"{minutes} minutes"
    hours = int(ns / _HOUR + 0.5)
    if hours == 1:
        return "About an hour"
    if hours < 48:
        return f"{hours} hours"
    if hours < 24 * 7 * 2:
        return f"{hours // 24} days"
    if hours < 24 * 30 * 2:
        return f"{hours // 24 // 7} weeks"
    if hours < 24 * 365 * 2:
        return f"{hours // 24 // 30} months"
    return f"{int(ns / _HOUR) // 24 // 365} years"


def _scaled(size: float, base: float, units: tuple[str, ...]) -> tuple[float, str]:
    """go-units' ``getSizeAndUnit``: divide by ``base`` until below it (or out of units)."""
    index = 0
    while size >= base and index < len(units) - 1:
        size /= base
        index += 1
    return size, units[index]


def human_size_with_precision(size: float, precision: int) -> str:
    """``units.HumanSizeWithPrecision``: decimal units, ``%.*g``: ``(1500, 3)`` → ``1.5kB``."""
    value, unit = _scaled(float(size), 1000.0, DECIMAL_UNITS)
    return f"{value:.{precision}g}{unit}"


def human_size(size: float) -> str:
    """``units.HumanSize``: ``HumanSizeWithPrecision(size, 4)``: ``1.5MB``, ``999B``, ``1kB``."""
    return human_size_with_precision(size, 4)


def bytes_size(size: float) -> str:
    """``units.BytesSize``: binary units, 4 significant digits: ``512MiB``, ``1.944GiB``."""
    value, unit = _scaled(float(size), 1024.0, BINARY_UNITS)
    return f"{value:.4g}{unit}"


def from_human_size(text: str) -> int:
    """``units.FromHumanSize``: ``"10m"`` → 10000000. Raises ValueError with go-units' message."""
    return _parse_size(text, _DECIMAL)


def ram_in_bytes(text: str) -> int:
    """``units.RAMInBytes``: ``"1k"`` → 1024."""
    return _parse_size(text, _BINARY)


def _parse_size(text: str, multipliers: dict[str, int]) -> int:
    """go-units' ``parseSize``: a ``strconv.ParseFloat`` number, then an optional unit suffix."""
    sep = max(text.rfind(c) for c in "01234567890. ")
    if sep == -1:
        raise ValueError(f"invalid size: '{text}'")
    number, suffix = (text[: sep + 1], text[sep + 1 :]) if text[sep] != " " else (text[:sep], text[sep + 1 :])
    size = parse_float(number)
    if size < 0:
        raise ValueError(f"invalid size: '{text}'")
    if not suffix:
        return int(size)
    lowered = suffix.lower()
    if len(suffix) > 3:
        raise ValueError(f"invalid suffix: '{suffix}'")
    if lowered[0] == "b":
        if len(lowered) > 1:
            raise ValueError(f"invalid suffix: '{lowered}'")
        return int(size)
    if (
        lowered[0] not in multipliers
        or (len(lowered) == 2 and lowered[1] != "b")
        or (len(lowered) == 3 and lowered[1:] != "ib")
    ):
        raise ValueError(f"invalid suffix: '{lowered}'")
    return int(size * multipliers[lowered[0]])
