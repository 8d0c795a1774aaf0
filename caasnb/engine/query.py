"""Query parameters read the way dockerd's handlers read them.

Go's ``r.Form.Get`` takes a parameter's first value. Three readers matter to the Engine API:
``httputils.BoolValue`` (anything but "", "0", "no", "false", "none" is true, for ``force``),
``strconv.ParseBool`` (1/t/true/0/f/false..., for ``status`` and ``insertDefaults``, each
handler with its own error text) and ``strconv.ParseUint`` (object versions). ``filters`` is
``filters.FromJSON``: ``{"name":{"web":true}}``, or the legacy ``{"name":["web"]}``, else
``invalid filter``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl

from ..errors import InvalidArgument
from ..golang.strconv import parse_bool, parse_uint


def _text(value: Any) -> str:
    """A Python value as a query string carries it (docker's client writes true as "1")."""
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


class Query:
    """A request's query parameters: each name with its values in order."""

    def __init__(self, values: Mapping[str, list[str]] | None = None) -> None:
        self.values: dict[str, list[str]] = dict(values or {})

    @classmethod
    def parse(cls, query: Mapping[str, Any] | None, raw: str = "") -> Query:
        """Parameters from ``raw`` (the path's ``?...``) then ``query`` (a value or a list per name)."""
        values: dict[str, list[str]] = {}
        for name, value in parse_qsl(raw, keep_blank_values=True):
            values.setdefault(name, []).append(value)
        for name, value in (query or {}).items():
            items = value if isinstance(value, (list, tuple)) else [value]
            values.setdefault(name, []).extend(_text(item) for item in items if item is not None)
        return cls(values)

    def get(self, name: str) -> str:
        """Go's ``Form.Get``: the first value, or "" when absent."""
        return self.values.get(name, [""])[0] if self.values.get(name) else ""

    def bool_value(self, name: str) -> bool:
        """``httputils.BoolValue``."""
        return self.get(name).strip().lower() not in ("", "0", "no", "false", "none")

    def parse_bool(self, name: str, wrap: bool = False) -> bool:
        """``strconv.ParseBool`` of a set parameter (false when unset or empty).

        ``wrap`` chooses how the handler reports a bad value: ``invalid value for X: V: <Go error>``
        (``errors.Wrapf``, as ``status`` and ``insertDefaults``) or ``invalid value for X: V``.
        """
        value = self.get(name)
        if not value:
            return False
        try:
            return parse_bool(value)
        except ValueError as error:
            reason = f": {error}" if wrap else ""
            raise InvalidArgument(f"invalid value for {name}: {value}{reason}") from None

    def version(self, what: str) -> int:
        """The ``version`` parameter of an update: ``strconv.ParseUint(v, 10, 64)``."""
        raw = self.get("version")
        try:
            return parse_uint(raw, 10)
        except ValueError as error:
            raise InvalidArgument(f"invalid {what} version '{raw}': {error}") from None

    def filters(self) -> dict[str, list[str]]:
        """The ``filters`` parameter decoded (``filters.FromJSON``); {} when absent."""
        return decode_filters(self.get("filters"))


def decode_filters(text: str) -> dict[str, list[str]]:
    """``filters.FromJSON``: each filter with its values, from either JSON form; ``invalid filter`` otherwise."""
    if not text:
        return {}
    try:
        data = json.loads(text, parse_constant=_reject)
    except ValueError:
        raise InvalidArgument("invalid filter") from None
    if data is None:
        return {}
    if isinstance(data, dict):
        if all(_is_value_set(values) for values in data.values()):
            return {name: list(values or {}) for name, values in data.items()}
        if all(_is_legacy_list(values) for values in data.values()):
            return {name: list(dict.fromkeys(value or "" for value in values or [])) for name, values in data.items()}
    raise InvalidArgument("invalid filter")


def _reject(constant: str) -> None:
    raise ValueError(constant)  # NaN and Infinity are not JSON to Go


def _is_value_set(values: Any) -> bool:
    """``map[string]bool`` (or null)."""
    if values is None:
        return True
    return isinstance(values, dict) and all(v is None or isinstance(v, bool) for v in values.values())


def _is_legacy_list(values: Any) -> bool:
    """``[]string`` (or null)."""
    return values is None or (isinstance(values, list) and all(v is None or isinstance(v, str) for v in values))
