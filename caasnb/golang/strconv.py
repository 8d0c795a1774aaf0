"""Go's ``strconv``: number and boolean parsing with Go's exact error texts, quoting, float printing.

Flag values reach docker's commands through pflag, which parses them with ``strconv``
(``--replicas x`` fails with ``strconv.ParseUint: parsing "x": invalid syntax``). The
rules that matter to learners are Go's too: base prefixes (``0x1f``, ``0o17``, ``0b101``),
a leading ``0`` meaning octal, and ``_`` digit separators when the base is inferred.
"""

from __future__ import annotations

import math
import re

_SHORT_ESCAPES = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v"}
_SURROGATES = range(0xD800, 0xE000)


def quote(text: str) -> str:
    """Go's ``strconv.Quote`` (what ``%q`` prints for a string): printable runes kept, the rest escaped.

    Bytes that were not valid UTF-8 arrive as ``surrogateescape`` surrogates and print as
    Go prints a bad byte (``\\xff``).
    """
    out = ['"']
    for char in text:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif char.isprintable() and code not in _SURROGATES:
            out.append(char)
        elif char in _SHORT_ESCAPES:
            out.append(_SHORT_ESCAPES[char])
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


def _num_error(func: str, text: str, reason: str) -> ValueError:
    return ValueError(f"strconv.{func}: parsing {quote(text)}: {reason}")


def _underscores_ok(text: str) -> bool:
    """Go's ``underscoreOK``: every ``_`` sits between digits (a base prefix counts as a digit)."""
    saw = "^"
    if text[:1] in ("+", "-"):
        text = text[1:]
    hexadecimal = False
    start = 0
    if len(text) >= 2 and text[0] == "0" and text[1].lower() in "box":
        start, saw, hexadecimal = 2, "0", text[1].lower() == "x"
    for char in text[start:]:
        if char.isdigit() and char.isascii() or hexadecimal and char.lower() in "abcdef":
            saw = "0"
        elif char == "_":
            if saw != "0":
                return False
            saw = "_"
        elif saw == "_":
            return False
        else:
            saw = "!"
    return saw != "_"


def _parse_magnitude(func: str, original: str, text: str, base: int, limit: int) -> int:
    """Digits of ``text`` in ``base`` (0 = from the prefix), as Go's ``ParseUint`` reads them."""
    if not text:
        raise _num_error(func, original, "invalid syntax")
    inferred = base == 0
    if inferred:
        base = 10
        if text[0] == "0":
            prefix = text[1:2].lower()
            if len(text) >= 3 and prefix in ("b", "o", "x"):
                base, text = {"b": 2, "o": 8, "x": 16}[prefix], text[2:]
            else:
                base, text = 8, text[1:]
    value = 0
    underscores = False
    overflow = False
    for char in text:
        if char == "_" and inferred:
            underscores = True
            continue
        digit = int(char, 36) if char.isascii() and char.isalnum() else 99
        if digit >= base:
            raise _num_error(func, original, "invalid syntax")
        value = value * base + digit
        overflow = overflow or value > limit
    if underscores and not _underscores_ok(original):
        raise _num_error(func, original, "invalid syntax")
    if overflow:
        raise _num_error(func, original, "value out of range")
    return value


def parse_uint(text: str, base: int = 0, bits: int = 64) -> int:
    """Go's ``strconv.ParseUint``: no sign allowed; ``value out of range`` past ``2**bits - 1``."""
    return _parse_magnitude("ParseUint", text, text, base, 2**bits - 1)


def parse_int(text: str, base: int = 0, bits: int = 64) -> int:
    """Go's ``strconv.ParseInt``: an optional sign, then the digits ``parse_uint`` accepts."""
    if not text:
        raise _num_error("ParseInt", text, "invalid syntax")
    negative = text[0] == "-"
    digits = text[1:] if text[0] in "+-" else text
    magnitude = _parse_magnitude("ParseInt", text, digits, base, 2**bits)
    if magnitude > 2 ** (bits - 1) - (0 if negative else 1):
        raise _num_error("ParseInt", text, "value out of range")
    return -magnitude if negative else magnitude


_TRUE = {"1", "t", "T", "TRUE", "true", "True"}
_FALSE = {"0", "f", "F", "FALSE", "false", "False"}


def parse_bool(text: str) -> bool:
    """Go's ``strconv.ParseBool``: 1, t, T, TRUE, true, True and their false twins."""
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise _num_error("ParseBool", text, "invalid syntax")


_DECIMAL_FLOAT = re.compile(r"[+-]?(\d(_?\d)*)?(\.(\d(_?\d)*)?)?([eE][+-]?\d(_?\d)*)?")
_SPECIAL_FLOAT = re.compile(r"[+-]?(inf|infinity|nan)", re.IGNORECASE)


def parse_float(text: str, bits: int = 64) -> float:
    """Go's ``strconv.ParseFloat`` for decimal, ``inf`` and ``nan`` spellings."""
    if _SPECIAL_FLOAT.fullmatch(text):
        return float(text)
    match = _DECIMAL_FLOAT.fullmatch(text)
    if not match or not (match.group(1) or match.group(4)):
        raise _num_error("ParseFloat", text, "invalid syntax")
    value = float(text.replace("_", ""))
    largest = 3.4028234663852886e38 if bits == 32 else 1.7976931348623157e308
    if math.isinf(value) or abs(value) > largest:
        raise _num_error("ParseFloat", text, "value out of range")
    return value


def _shortest_digits(value: float) -> tuple[str, int]:
    """The shortest round-trip digits of ``|value|`` and where the decimal point goes (Go's ``digs``)."""
    mantissa, _, exponent = repr(abs(value)).partition("e")
    whole, _, fraction = mantissa.partition(".")
    digits = whole + fraction
    point = len(whole) + int(exponent or 0)
    significant = digits.lstrip("0")
    point -= len(digits) - len(significant)
    return significant.rstrip("0") or "0", point if significant else 1


def format_float(value: float, fmt: str = "g") -> str:
    """Go's ``strconv.FormatFloat(v, fmt, -1, 64)`` for ``fmt`` 'g', 'e' or 'f' (shortest digits).

    'g' is what ``%v`` and Prometheus' Go client print: ``1.5``, ``100000``, ``1e+06``.
    """
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    sign = "-" if math.copysign(1.0, value) < 0 else ""
    digits, point = _shortest_digits(value)
    exponent = point - 1
    if fmt == "e" or fmt == "g" and (exponent < -4 or exponent >= 6):
        mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        return f"{sign}{mantissa}e{'-' if exponent < 0 else '+'}{abs(exponent):02d}"
    if point <= 0:
        return f"{sign}0.{'0' * -point}{digits}"
    if point >= len(digits):
        return sign + digits + "0" * (point - len(digits))
    return f"{sign}{digits[:point]}.{digits[point:]}"
