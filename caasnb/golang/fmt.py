"""Go's ``fmt.Sprint`` of one operand: how templates, logrus fields and ``%v`` spell values."""

from __future__ import annotations

from typing import Any

from .strconv import format_float


def sprint(value: Any) -> str:
    """``fmt.Sprint(value)``: ``<nil>``, ``true``, ``1e+06``, lists as ``[a b]``, maps as ``map[k:v]`` (sorted)."""
    if isinstance(value, str):
        return value
    if value is None:
        return "<nil>"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return format_float(value)
    if isinstance(value, (list, tuple)):
        return "[" + " ".join(sprint(item) for item in value) + "]"
    if isinstance(value, dict):
        return "map[" + " ".join(f"{sprint(key)}:{sprint(value[key])}" for key in sorted(value)) + "]"
    return str(value)
