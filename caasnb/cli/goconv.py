"""Go's ``strconv`` number and boolean parsing, with Go's exact error texts.

Flag values reach docker's commands through pflag, which parses them with ``strconv``
(``--replicas x`` fails with ``strconv.ParseUint: parsing "x": invalid syntax``). The
rules that matter to learners are Go's too: base prefixes (``0x1f``, ``0o17``, ``0b101``),
a leading ``0`` meaning octal, and ``_`` digit separators when the base is inferred.
"""

from __future__ import annotations

import math
import re


def go_quote(text: str) -> str:
    """Go's ``strconv.Quote`` (and ``%q``): double quotes, Go escapes for what is not printable."""
    escapes = {'"': '\\"', "\\": "\\\\", "\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r"}
    escapes |= {"\t": "\\t", "\v": "\\v"}
    out = []
    for char in text:
        if char in escapes:
            out.append(escapes[char])
        elif char.isprintable():
            out.append(char)
        elif ord(char) < 0x80:
            out.append(f"\\x{ord(char):02x}")
        elif ord(char) < 0x10000:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(f"\\U{ord(char):08x}")
    return '"' + "".join(out) + '"'


def _num_error(func: str, text: str, reason: str) -> ValueError:
    return ValueError(f"strconv.{func}: parsing {go_quote(text)}: {reason}")


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


def _place_point(digits: str, point: int) -> str:
    if point <= 0:
        return "0." + "0" * -point + digits
    if point >= len(digits):
        return digits + "0" * (point - len(digits))
    return digits[:point] + "." + digits[point:]


def format_float(value: float) -> str:
    """Go's ``strconv.FormatFloat(v, 'g', -1, 64)``, which ``%v`` prints: ``1.5``, ``100000``, ``1e+06``."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    sign = "-" if math.copysign(1.0, value) < 0 else ""
    digits, point = _shortest_digits(value)
    exponent = point - 1
    if exponent < -4 or exponent >= 6:
        mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        return f"{sign}{mantissa}e{'-' if exponent < 0 else '+'}{abs(exponent):02d}"
    return sign + _place_point(digits, point)


def format_json_float(value: float) -> str:
    """A float as Go's ``encoding/json`` writes it: plain digits unless tiny or ``>= 1e21``."""
    if math.isnan(value) or math.isinf(value):
        raise ValueError(f"json: unsupported value: {format_float(value)}")
    sign = "-" if value < 0 else ""
    digits, point = _shortest_digits(value)
    if value != 0 and (abs(value) < 1e-6 or abs(value) >= 1e21):
        exponent = point - 1
        mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        return f"{sign}{mantissa}e{'-' if exponent < 0 else '+'}{abs(exponent)}"
    return sign + _place_point(digits, point)
