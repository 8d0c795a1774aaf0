"""Sizes as docker/go-units (v0.5.0, vendored by Docker 28) reads and prints them.

``FromHumanSize`` is decimal (``10m`` = 10,000,000 bytes: json-file's and local's
``max-size``); ``RAMInBytes`` is binary (``1k`` = 1024: ``max-buffer-size``,
fluentd's buffer limit). ``BytesSize`` prints ``12.3MiB``; ``HumanSize`` prints ``1.5kB``.
"""

from __future__ import annotations

import re

_DECIMAL = {"k": 1000, "m": 1000**2, "g": 1000**3, "t": 1000**4, "p": 1000**5}
_BINARY = {"k": 1024, "m": 1024**2, "g": 1024**3, "t": 1024**4, "p": 1024**5}
_DECIMAL_ABBRS = ("B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB")
_BINARY_ABBRS = ("B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB")
_GO_FLOAT = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|[+-]?(?:inf|infinity|nan)", re.IGNORECASE)


def from_human_size(text: str) -> int:
    """``units.FromHumanSize``: ``"10m"`` → 10000000. Raises ValueError with go-units' message."""
    return _parse_size(text, _DECIMAL)


def ram_in_bytes(text: str) -> int:
    """``units.RAMInBytes``: ``"1k"`` → 1024."""
    return _parse_size(text, _BINARY)


def _parse_size(text: str, multipliers: dict[str, int]) -> int:
    sep = max(text.rfind(c) for c in "01234567890. ")
    if sep == -1:
        raise ValueError(f"invalid size: '{text}'")
    number, suffix = (text[: sep + 1], text[sep + 1 :]) if text[sep] != " " else (text[:sep], text[sep + 1 :])
    if not _GO_FLOAT.fullmatch(number):
        raise ValueError(f'strconv.ParseFloat: parsing "{number}": invalid syntax')
    size = float(number)
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


def _scaled(size: float, base: float, abbrs: tuple[str, ...]) -> tuple[float, str]:
    unit = 0
    while size >= base and unit < len(abbrs) - 1:
        size /= base
        unit += 1
    return size, abbrs[unit]


def human_size(size: float, precision: int = 4) -> str:
    """``units.HumanSizeWithPrecision`` (``HumanSize`` when precision is 4): ``"1.5kB"``."""
    value, unit = _scaled(float(size), 1000.0, _DECIMAL_ABBRS)
    return f"{value:.{precision}g}{unit}"


def bytes_size(size: float) -> str:
    """``units.BytesSize``: ``"12.3MiB"``, ``"1.944GiB"``."""
    value, unit = _scaled(float(size), 1024.0, _BINARY_ABBRS)
    return f"{value:.4g}{unit}"
