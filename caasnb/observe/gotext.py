"""Text encodings exactly as Go prints them, for byte-exact records and log lines.

Docker is written in Go, so its records carry Go's spellings: ``encoding/json`` strings
(HTML characters as ``\\u003c``, ``\\u2028``/``\\u2029`` escaped, invalid UTF-8 as
``\\ufffd``), json-file's own hand-written escaper (only ``\\n`` and ``\\r`` get short
escapes, so a tab is ``\\u0009``), ``%q`` quoting (logrus), and float formatting
(``strconv.FormatFloat`` 'g' and JSON numbers). Lines are Python ``str``; bytes that were
not valid UTF-8 arrive as lone surrogates (``surrogateescape``) and encode as ``\\ufffd``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

_HEX = "0123456789abcdef"
_SURROGATES = range(0xD800, 0xE000)


_COMMON = (("\\", "\\\\"), ('"', '\\"'), ("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"))


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

    def __init__(self, short: dict[int, str], keep_newline: bool = False) -> None:
        self.table = _rare_table(short)
        if keep_newline:
            del self.table[10]
        controls = "\\x00-\\x09\\x0b-\\x1f" if keep_newline else "\\x00-\\x1f"
        self.rare = re.compile(f"[{controls}\\u2028\\u2029\\ud800-\\udfff]")

    def __call__(self, text: str) -> str:
        for char, escaped in _COMMON:
            if char in text:
                text = text.replace(char, escaped)
        if self.rare.search(text):
            text = text.translate(self.table)
        return text


escape_json = _Escaper({8: "\\b", 9: "\\t", 10: "\\n", 12: "\\f", 13: "\\r"})
"""The inside of a string as ``encoding/json`` (Go 1.22+, HTML escaping on) writes it."""

escape_jsonfile = _Escaper({13: "\\r"}, keep_newline=True)
"""json-file's own ``ffjsonWriteJSONBytesAsString`` (only ``\\r`` and ``\\n`` get short escapes),
leaving ``\\n`` alone: callers join many lines with a bare newline and replace it afterwards."""


def json_string(text: str) -> str:
    """``text`` as Go's ``json.Marshal`` writes a string, quotes included."""
    return '"' + escape_json(text) + '"'


def json_float(value: float) -> str:
    """A float64 as ``encoding/json`` writes it: shortest digits, 'f' form between 1e-6 and 1e21."""
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(f"json: unsupported value: {value}")
    magnitude = abs(value)
    if magnitude != 0 and (magnitude < 1e-6 or magnitude >= 1e21):
        mantissa, exponent = repr(value).split("e")
        sign = exponent[0]
        return f"{mantissa}e{sign}{int(exponent[1:])}" if sign == "-" else f"{mantissa}e+{int(exponent[1:])}"
    return _fixed(value)


def _fixed(value: float) -> str:
    """Shortest round-trip digits in positional notation (no exponent, no trailing ``.0``)."""
    text = format(Decimal(repr(value)), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def format_g(value: float) -> str:
    """``strconv.FormatFloat(v, 'g', -1, 64)``: what Prometheus' Go client and ``%v`` print."""
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "+Inf" if value > 0 else "-Inf"
    if value == 0:
        return "-0" if str(value)[0] == "-" else "0"
    sign, digits, exponent = Decimal(repr(value)).normalize().as_tuple()
    ndigits = len(digits)
    point = ndigits + exponent  # position of the decimal point relative to the first digit
    eprec = ndigits if ndigits < 6 and ndigits >= point else 6
    exp = point - 1
    text = "".join(map(str, digits))
    minus = "-" if sign else ""
    if exp < -4 or exp >= eprec:
        mantissa = text[0] + ("." + text[1:] if ndigits > 1 else "")
        return f"{minus}{mantissa}e{'-' if exp < 0 else '+'}{abs(exp):02d}"
    if point <= 0:
        return f"{minus}0.{'0' * -point}{text}"
    if point >= ndigits:
        return minus + text + "0" * (point - ndigits)
    return f"{minus}{text[:point]}.{text[point:]}"


def quote(text: str) -> str:
    """Go's ``%q`` (``strconv.Quote``): printable runes kept, the rest escaped."""
    out = ['"']
    for char in text:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif char.isprintable() and code not in _SURROGATES:
            out.append(char)
        elif char in _SHORT_QUOTE_ESCAPES:
            out.append(_SHORT_QUOTE_ESCAPES[char])
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\x{code:02x}")
        elif code in _SURROGATES:
            out.append(f"\\x{code & 0xFF:02x}" if 0xDC80 <= code <= 0xDCFF else "\\ufffd")
        elif code < 0x10000:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    out.append('"')
    return "".join(out)


_SHORT_QUOTE_ESCAPES = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v"}


def sprint(value: Any) -> str:
    """``fmt.Sprint`` of a plain value: Go spellings of bool, nil and floats."""
    if isinstance(value, str):
        return value
    if value is None:
        return "<nil>"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return format_g(value)
    return str(value)


def json_object(fields: Mapping[str, str]) -> str:
    """``json.Marshal(map[string]string)``: keys sorted, Go string escaping, no spaces."""
    return "{" + ",".join(json_string(k) + ":" + json_string(v) for k, v in sorted(fields.items())) + "}"
