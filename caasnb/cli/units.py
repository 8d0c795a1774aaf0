"""docker/go-units: how docker words durations and sizes (``2 minutes``, ``1.5MB``, ``512MiB``)."""

from __future__ import annotations

from ..sim.durations import HOUR, MINUTE, SECOND

DECIMAL_UNITS = ("B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB")
BINARY_UNITS = ("B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB")


def human_duration(ns: int) -> str:
    """``units.HumanDuration``: ``Less than a second``, ``About a minute``, ``3 hours``, ``2 weeks``.

    Docker lower-cases it for task states (``Running 2 minutes ago``) and uses it as is
    for container status (``Up About a minute``).
    """
    seconds = int(ns / SECOND)
    if seconds < 1:
        return "Less than a second"
    if seconds == 1:
        return "1 second"
    if seconds < 60:
        return f"{seconds} seconds"
    minutes = int(ns / MINUTE)
    if minutes == 1:
        return "About a minute"
    if minutes < 60:
        return f"{minutes} minutes"
    hours = int(ns / HOUR + 0.5)
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
    return f"{int(ns / HOUR) // 24 // 365} years"


def _scaled(size: float, base: float, units: tuple[str, ...]) -> tuple[float, str]:
    index = 0
    while size >= base and index < len(units) - 1:
        size /= base
        index += 1
    return size, units[index]


def _go_g4(value: float) -> str:
    """Go's ``%.4g``: four significant digits, trailing zeros dropped."""
    return f"{value:.4g}"


def human_size(size: float) -> str:
    """``units.HumanSize``: decimal units, 4 significant digits: ``1.5MB``, ``999B``, ``1kB``."""
    value, unit = _scaled(float(size), 1000.0, DECIMAL_UNITS)
    return _go_g4(value) + unit


def bytes_size(size: float) -> str:
    """``units.BytesSize``: binary units, 4 significant digits: ``512MiB``, ``1.953GiB``."""
    value, unit = _scaled(float(size), 1024.0, BINARY_UNITS)
    return _go_g4(value) + unit
