"""Template functions: how they are typed, and Go's predefined ones (``text/template/funcs.go``).

A :class:`GoFunc` records Go's parameter types so that calls are checked the way Go
checks them (``wrong number of args for join: want 2 got 1``, ``wrong type for value;
expected string; got int``). A function reports a Go error by raising ``ValueError``;
execution turns it into ``error calling <name>: <message>``.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ...golang.strconv import format_float, quote
from .values import NO_VALUE, go_type, is_true, sprint, sprint_one, sprintln

# Parameter types: "string", "int", "bool", "[]string", "any" (interface{}: a missing
# value arrives as None) and "value" (reflect.Value: a missing value stays NO_VALUE).


@dataclass(frozen=True)
class GoFunc:
    """A function callable from a template, with its Go parameter types."""

    call: Callable[..., Any]
    params: tuple[str, ...]
    variadic: bool = False  # the last parameter repeats (Go's ``...T``)


def _nil(value: Any) -> bool:
    return value is None or value is NO_VALUE


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, str):
        return "string"
    return "other"


def _eq(first: Any, *others: Any) -> bool:
    if not others:
        raise ValueError("missing argument for comparison")
    for other in others:
        if _kind(first) != _kind(other):
            if not _nil(first) and not _nil(other):
                raise ValueError("incompatible types for comparison")
            truth = False
        elif _kind(first) != "other":
            truth = first == other
        elif _nil(first) or _nil(other):
            truth = _nil(first) == _nil(other)
        elif isinstance(other, (list, tuple, dict)):
            raise ValueError(f"non-comparable type {sprint_one(other)}: {go_type(other)}")
        else:
            truth = first is other
        if truth:
            return True
    return False


def _lt(first: Any, second: Any) -> bool:
    kinds = {_kind(first), _kind(second)}
    if "other" in kinds:
        raise ValueError("invalid type for comparison")
    if len(kinds) > 1:
        raise ValueError("incompatible types for comparison")
    if kinds == {"bool"}:
        raise ValueError("invalid type for comparison")
    return first < second


def _length(item: Any) -> int:
    if item is NO_VALUE:
        raise ValueError("reflect: call of reflect.Value.Type on zero Value")
    if item is None:
        raise ValueError("len of nil pointer")
    if isinstance(item, str):
        return len(item.encode())
    if isinstance(item, (list, tuple, dict)):
        return len(item)
    raise ValueError(f"len of type {go_type(item)}")


def _index_number(index: Any, length: int, *, allow_end: bool = False) -> int:
    if _nil(index):
        raise ValueError("cannot index slice/array with nil")
    if isinstance(index, bool) or not isinstance(index, int):
        raise ValueError(f"cannot index slice/array with type {go_type(index)}")
    if index < 0 or index > length or (index == length and not allow_end):
        raise ValueError(f"index out of range: {index}")
    return index


def _index(item: Any, *indexes: Any) -> Any:
    if _nil(item):
        raise ValueError("index of untyped nil")
    for index in indexes:
        if isinstance(item, (list, tuple)):
            item = item[_index_number(index, len(item))]
        elif isinstance(item, str):
            item = item.encode()[_index_number(index, len(item.encode()))]
        elif isinstance(item, dict):
            if not isinstance(index, str):
                raise ValueError(f"value has type {go_type(index)}; should be string")
            strings = all(isinstance(value, str) for value in item.values())
            item = item.get(index, "" if strings else None)
        elif item is None:
            raise ValueError("index of nil pointer")
        else:
            raise ValueError(f"can't index item of type {go_type(item)}")
    return item


def _slice(item: Any, *indexes: Any) -> Any:
    if _nil(item):
        raise ValueError("slice of untyped nil")
    if len(indexes) > 3:
        raise ValueError(f"too many slice indexes: {len(indexes)}")
    if not isinstance(item, (list, tuple, str)):
        raise ValueError(f"can't slice item of type {go_type(item)}")
    if isinstance(item, str) and len(indexes) == 3:
        raise ValueError("cannot 3-index slice a string")
    length = len(item.encode()) if isinstance(item, str) else len(item)
    bounds = [0, length]
    for position, index in enumerate(indexes[:2]):
        bounds[position] = _index_number(index, length, allow_end=True)
    if bounds[0] > bounds[1]:
        raise ValueError(f"invalid slice index: {bounds[0]} > {bounds[1]}")
    if isinstance(item, str):
        return item.encode()[bounds[0] : bounds[1]].decode(errors="replace")
    return list(item[bounds[0] : bounds[1]])


def _text_of(args: tuple[Any, ...]) -> str:
    """Go's ``evalArgs``: a single string as is, anything else through ``fmt.Sprint``."""
    if len(args) == 1 and isinstance(args[0], str):
        return args[0]
    return sprint(*args)


def _html(*args: Any) -> str:
    table = {'"': "&#34;", "'": "&#39;", "&": "&amp;", "<": "&lt;", ">": "&gt;", "\0": "\ufffd"}
    return "".join(table.get(char, char) for char in _text_of(args))


def _js(*args: Any) -> str:
    table = {"\\": "\\\\", "'": "\\'", '"': '\\"', "<": "\\u003C", ">": "\\u003E", "&": "\\u0026", "=": "\\u003D"}
    out = []
    for char in _text_of(args):
        if char in table:
            out.append(table[char])
        elif ord(char) < 0x20 or not char.isprintable():
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    return "".join(out)


def _urlquery(*args: Any) -> str:
    return urllib.parse.quote_plus(_text_of(args), safe="-_.~")


def _call(function: Any, *args: Any) -> Any:
    if _nil(function):
        raise ValueError("call of nil")
    if not callable(function):
        raise ValueError(f"non-function {sprint_one(function)} of type {go_type(function)}")
    return function(*args)


_VERB = re.compile(r"%([-+# 0]*)(\d+)?(?:\.(\d+))?([a-zA-Z%])")


def _format_one(flags: str, width: str | None, precision: str | None, verb: str, value: Any) -> str:
    """One ``fmt`` verb applied to one value (the verbs templates use)."""
    if verb in "sv":
        text = sprint_one(value)
        if verb == "s" and not isinstance(value, str) and _kind(value) in ("int", "bool", "float"):
            return f"%!s({go_type(value)}={text})"
        text = text[: int(precision)] if precision is not None and verb == "s" else text
    elif verb == "q" and isinstance(value, str):
        text = quote(value)
    elif verb == "t" and isinstance(value, bool):
        text = "true" if value else "false"
    elif verb in "dxXob" and _kind(value) == "int":
        text = format(value, {"d": "d", "x": "x", "X": "X", "o": "o", "b": "b"}[verb])
        text = "+" + text if "+" in flags and value >= 0 else text
    elif verb in "xX" and isinstance(value, str):
        text = value.encode().hex()
        text = text.upper() if verb == "X" else text
    elif verb in "feEgG" and _kind(value) in ("float", "int") and not isinstance(value, bool):
        digits = 6 if precision is None else int(precision)
        if verb in "gG" and precision is None:
            text = format_float(float(value))
        else:
            text = format(float(value), f".{digits}{verb}")
    else:
        return f"%!{verb}({go_type(value)}={sprint_one(value)})"
    if width is not None and len(text) < int(width):
        if "-" in flags:
            text = text.ljust(int(width))
        elif "0" in flags and verb not in "sqvt":
            sign = text[0] if text[:1] in "+-" else ""
            text = sign + text[len(sign) :].rjust(int(width) - len(sign), "0")
        else:
            text = text.rjust(int(width))
    return text


def sprintf(template: str, *args: Any) -> str:
    """``fmt.Sprintf`` for the verbs templates use (%v %s %q %d %x %f %g %t), with Go's error marks."""
    out = []
    position = 0
    used = 0
    for match in _VERB.finditer(template):
        out.append(template[position : match.start()])
        position = match.end()
        flags, width, precision, verb = match.groups()
        if verb == "%":
            out.append("%")
        elif used >= len(args):
            out.append(f"%!{verb}(MISSING)")
        else:
            out.append(_format_one(flags, width, precision, verb, args[used]))
            used += 1
    out.append(template[position:])
    if used < len(args):
        extra = ", ".join(f"{go_type(arg)}={sprint_one(arg)}" for arg in args[used:])
        out.append(f"%!(EXTRA {extra})")
    return "".join(out)


BUILTINS: dict[str, GoFunc] = {
    "and": GoFunc(lambda *args: args[-1], ("value", "value"), variadic=True),
    "or": GoFunc(lambda *args: args[-1], ("value", "value"), variadic=True),
    "not": GoFunc(lambda value: not is_true(value), ("value",)),
    "len": GoFunc(_length, ("value",)),
    "index": GoFunc(_index, ("value", "value"), variadic=True),
    "slice": GoFunc(_slice, ("value", "value"), variadic=True),
    "print": GoFunc(sprint, ("any",), variadic=True),
    "println": GoFunc(sprintln, ("any",), variadic=True),
    "printf": GoFunc(sprintf, ("string", "any"), variadic=True),
    "eq": GoFunc(_eq, ("value", "value"), variadic=True),
    "ne": GoFunc(lambda first, second: not _eq(first, second), ("value", "value")),
    "lt": GoFunc(_lt, ("value", "value")),
    "le": GoFunc(lambda first, second: _lt(first, second) or _eq(first, second), ("value", "value")),
    "gt": GoFunc(lambda first, second: not (_lt(first, second) or _eq(first, second)), ("value", "value")),
    "ge": GoFunc(lambda first, second: not _lt(first, second), ("value", "value")),
    "html": GoFunc(_html, ("any",), variadic=True),
    "js": GoFunc(_js, ("any",), variadic=True),
    "urlquery": GoFunc(_urlquery, ("any",), variadic=True),
    "call": GoFunc(_call, ("value", "value"), variadic=True),
}
