"""Go's ``encoding/json`` strings and numbers, and json-file's own string escaper.

``encoding/json`` escapes HTML characters as ``\\u003c`` (unless an encoder turns that
off, as docker's ``{{json}}`` template function does), always escapes ``\\u2028``/``\\u2029``
and writes invalid UTF-8 as ``\\ufffd``. Lines are Python ``str``; bytes that were not
valid UTF-8 arrive as lone surrogates (``surrogateescape``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .strconv import format_float

_HEX = "0123456789abcdef"
_SURROGATES = range(0xD800, 0xE000)
_QUOTES = (("\\", "\\\\"), ('"', '\\"'))
_HTML = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"))


def _rare_table(short: dict[int, str]) -> dict[int, str]:
    """Escapes for control characters, U+2028/9 and lone surrogates (invalid UTF-8 becomes U+FFFD)."""
    table = {c: "\\u00" + _HEX[c >> 4] + _HEX[c & 0xF] for c in range(0x20)}
    table.update(short)
    table.update({0x2028: "\\u2028", 0x2029: "\\u2029"})
    table.update(dict.fromkeys(_SURROGATES, "\\ufffd"))
    return table


class _Escaper:
    """A Go string escaper: chained ``str.replace`` for the common characters, a table for the rare ones.

    ``str.translate`` with a dict costs tens of nanoseconds a character; a replace pass
    is a memchr-speed scan, so a line with nothing rare is escaped at C speed.
    """

    def __init__(self, short: dict[int, str], keep_newline: bool = False, html: bool = True) -> None:
        self.common = _QUOTES + _HTML if html else _QUOTES
        self.table = _rare_table(short)
        if keep_newline:
            del self.table[10]
        controls = "\\x00-\\x09\\x0b-\\x1f" if keep_newline else "\\x00-\\x1f"
        self.rare = re.compile(f"[{controls}\\u2028\\u2029\\ud800-\\udfff]")

    def __call__(self, text: str) -> str:
        for char, escaped in self.common:
            if char in text:
                text = text.replace(char, escaped)
        if self.rare.search(text):
            text = text.translate(self.table)
        return text


_JSON_SHORT = {8: "\\b", 9: "\\t", 10: "\\n", 12: "\\f", 13: "\\r"}

escape_json = _Escaper(_JSON_SHORT)
"""The inside of a string as ``encoding/json`` (Go 1.22+, HTML escaping on) writes it."""

_escape_json_no_html = _Escaper(_JSON_SHORT, html=False)

escape_jsonfile = _Escaper({13: "\\r"}, keep_newline=True)
"""json-file's own ``ffjsonWriteJSONBytesAsString`` (only ``\\r`` and ``\\n`` get short escapes),
leaving ``\\n`` alone: callers join many lines with a bare newline and replace it afterwards."""


def json_string(text: str, escape_html: bool = True) -> str:
    """``text`` as ``json.Marshal`` writes a string, with quotes (``escape_html=False``: ``SetEscapeHTML(false)``)."""
    return '"' + (escape_json if escape_html else _escape_json_no_html)(text) + '"'


def json_float(value: float) -> str:
    """A float64 as ``encoding/json`` writes it: shortest digits, 'f' form unless below 1e-6 or from 1e21."""
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(f"json: unsupported value: {format_float(value)}")
    magnitude = abs(value)
    if magnitude != 0 and (magnitude < 1e-6 or magnitude >= 1e21):
        text = format_float(value, "e")
        return text[:-2] + text[-1] if text[-4:-1] == "e-0" else text  # Go cleans e-07 up to e-7
    return format_float(value, "f")


def json_object(fields: Mapping[str, str]) -> str:
    """``json.Marshal(map[string]string)``: keys sorted, Go string escaping, no spaces."""
    return "{" + ",".join(json_string(k) + ":" + json_string(v) for k, v in sorted(fields.items())) + "}"


def _is_zero(value: Any) -> bool:
    return value is None or value is False or value == 0 or value == "" or value == {} or value == []


def go_struct(fields: dict[str, Any], always: tuple[str, ...] = ()) -> dict[str, Any]:
    """``fields`` (in Go struct order) minus the ``omitempty`` ones that hold a zero value.

    Keys named in ``always`` have no ``omitempty`` tag and are written even when zero.
    """
    return {key: value for key, value in fields.items() if key in always or not _is_zero(value)}


def go_float(value: float) -> float | int:
    """A float as Go's JSON encoder writes it: whole numbers without a fraction (``0``, not ``0.0``)."""
    return int(value) if value.is_integer() else value
