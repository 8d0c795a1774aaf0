"""Python values seen through Go's eyes: their type names, truth, ``fmt.Sprint`` and JSON.

Templates run over plain Python data (dicts and lists decoded from the Engine API, and
the row objects of docker's formatters). Go's rules decide how those print: a missing
map key prints ``<no value>``, nil prints ``<nil>``, a list ``[a b]``, a map
``map[k:v]`` with sorted keys, a float ``1e+06``. Objects expose Go fields as attributes
whose names start with a capital letter and may name their Go type in ``go_type``.
"""

from __future__ import annotations

from typing import Any

from ...golang.fmt import sprint as go_sprint
from ...golang.json import json_float, json_string


class _NoValue:
    """Go's invalid ``reflect.Value``: what a missing map key evaluates to."""

    def __repr__(self) -> str:
        return "NO_VALUE"


NO_VALUE = _NoValue()


def go_type(value: Any) -> str:
    """The Go type name error messages use for ``value``."""
    if value is None or value is NO_VALUE:
        return "<nil>"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float64"
    if isinstance(value, str):
        return "string"
    if isinstance(value, (list, tuple)):
        return "[]string" if value and all(isinstance(item, str) for item in value) else "[]interface {}"
    if isinstance(value, dict):
        strings = value and all(isinstance(item, str) for item in value.values())
        return "map[string]string" if strings else "map[string]interface {}"
    return getattr(type(value), "go_type", type(value).__name__)


def is_true(value: Any) -> bool:
    """Go's ``template.IsTrue``: the zero value of any type is false, structs are true."""
    if value is None or value is NO_VALUE:
        return False
    if isinstance(value, (bool, int, float, str, list, tuple, dict)):
        return bool(value)
    return True


def sprint_one(value: Any) -> str:
    """``fmt.Sprint(value)`` for one operand; a missing map key prints ``<no value>``."""
    return "<no value>" if value is NO_VALUE else go_sprint(value)


def sprint(*values: Any) -> str:
    """``fmt.Sprint``: a space between operands when neither side is a string."""
    out = ""
    for index, value in enumerate(values):
        if index and not isinstance(value, str) and not isinstance(values[index - 1], str):
            out += " "
        out += sprint_one(value)
    return out


def sprintln(*values: Any) -> str:
    """``fmt.Sprintln``: spaces between all operands, then a newline."""
    return " ".join(sprint_one(value) for value in values) + "\n"


def to_json(value: Any, *, escape_html: bool = False) -> str:
    """Go's ``encoding/json`` output for ``value``, compact, keys in the order given.

    An object with a ``go_json()`` method is marshalled as docker's formatter contexts
    marshal themselves: a map of their fields (sorted keys) with HTML escaping on. One with
    ``go_struct()`` is a plain Go struct: its fields in the order that method gives them.
    """
    if value is None or value is NO_VALUE:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return json_float(value)
    if isinstance(value, str):
        return json_string(value, escape_html)
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(to_json(item, escape_html=escape_html) for item in value) + "]"
    if isinstance(value, dict):
        items = (
            f"{json_string(str(key), escape_html)}:{to_json(item, escape_html=escape_html)}"
            for key, item in value.items()
        )
        return "{" + ",".join(items) + "}"
    if hasattr(value, "go_struct"):
        return to_json(value.go_struct(), escape_html=escape_html)
    if hasattr(value, "go_json"):
        fields = value.go_json()
        return to_json({key: fields[key] for key in sorted(fields)}, escape_html=True)
    raise ValueError(f"json: unsupported type: {go_type(value)}")
