"""Request bodies read as dockerd reads them (``httputils.ReadJSON`` and Go's ``json.Decoder``).

A body given as bytes or text is checked like the daemon checks it: a ``Content-Type`` other
than ``application/json`` is refused, an empty body means an empty struct, a syntax error
is Go's (``invalid JSON: invalid character 'x' looking for beginning of value``), content
after the value is ``unexpected content after JSON``, and a value that is not an object is
Go's type error for the struct the endpoint decodes into. A body given as a Python object
is already decoded JSON (what the CLI sends) and only its top-level type is checked.
"""

from __future__ import annotations

import json
from typing import Any

from ..errors import InvalidArgument
from ..golang.strconv import quote

_SPACE = b" \t\r\n"
_DIGITS = b"0123456789"
_HEX = b"0123456789abcdefABCDEF"
_ESCAPES = b'"\\/bfnrtu'


class _Syntax(Exception):
    """A Go ``json.SyntaxError`` (or ``unexpected EOF``) text."""


def _char(c: int) -> str:
    """Go's ``quoteChar``: how a syntax error names the offending byte."""
    if c == ord("'"):
        return "'\\''"
    if c == ord('"'):
        return "'\"'"
    return "'" + quote(chr(c))[1:-1] + "'"


MAX_DEPTH = 300
"""Nesting allowed in a request body. Go's scanner allows 10,000 levels; this scanner and Python's decoder
recurse, so they stop sooner, with Go's words."""
MAX_DIGITS = 4000
"""Longest integer literal decoded: Python refuses to convert beyond 4,300 digits; no Go field holds one."""


class _Scanner:
    """A recursive-descent check of one JSON value that fails with Go's scanner messages."""

    def __init__(self, data: bytes) -> None:
        self.data, self.pos, self.depth = data, 0, 0

    def peek(self) -> int | None:
        return self.data[self.pos] if self.pos < len(self.data) else None

    def next(self, context: str, allowed: bytes) -> int:
        c = self.peek()
        if c is None:
            raise _Syntax("unexpected EOF")
        if c not in allowed:
            raise _Syntax(f"invalid character {_char(c)} {context}")
        self.pos += 1
        return c

    def skip_space(self) -> int | None:
        while (c := self.peek()) is not None and c in _SPACE:
            self.pos += 1
        return c

    def value(self) -> None:
        c = self.skip_space()
        if c is None:
            raise _Syntax("unexpected EOF")
        if c == ord("{"):
            self.container(b"}", "after object key:value pair", self.member)
        elif c == ord("["):
            self.container(b"]", "after array element", self.value)
        elif c == ord('"'):
            self.string()
        elif c == ord("-") or c in _DIGITS:
            self.number()
        elif c in b"tfn":
            self.literal({ord("t"): "true", ord("f"): "false", ord("n"): "null"}[c])
        else:
            raise _Syntax(f"invalid character {_char(c)} looking for beginning of value")

    def container(self, close: bytes, after: str, item) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _Syntax(f"invalid character {_char(self.data[self.pos])} exceeded max depth")
        self.pos += 1
        if self.skip_space() == close[0]:
            self.pos += 1
            self.depth -= 1
            return
        while True:
            item()
            self.skip_space()
            if self.next(after, b"," + close) == close[0]:
                self.depth -= 1
                return

    def member(self) -> None:
        self.skip_space()
        if self.peek() != ord('"'):
            self.next("looking for beginning of object key string", b'"')
        self.string()
        self.skip_space()
        self.next("after object key", b":")
        self.value()

    def string(self) -> None:
        self.pos += 1
        while True:
            c = self.peek()
            if c is None:
                raise _Syntax("unexpected EOF")
            if c < 0x20:
                raise _Syntax(f"invalid character {_char(c)} in string literal")
            self.pos += 1
            if c == ord('"'):
                return
            if c == ord("\\") and self.next("in string escape code", _ESCAPES) == ord("u"):
                for _ in range(4):
                    self.next("in \\u hexadecimal character escape", _HEX)

    def digits(self, context: str) -> None:
        self.next(context, _DIGITS)
        while (c := self.peek()) is not None and c in _DIGITS:
            self.pos += 1

    def number(self) -> None:
        if self.peek() == ord("-"):
            self.pos += 1
        if self.peek() == ord("0"):
            self.pos += 1
        else:
            self.digits("in numeric literal")
        if self.peek() == ord("."):
            self.pos += 1
            self.digits("after decimal point in numeric literal")
        if self.peek() in (ord("e"), ord("E")):
            self.pos += 1
            if self.peek() in (ord("+"), ord("-")):
                self.pos += 1
            self.digits("in exponent of numeric literal")

    def literal(self, word: str) -> None:
        self.pos += 1
        for expected in word[1:]:
            self.next(f"in literal {word} (expecting '{expected}')", expected.encode())


def _go_kind(value: Any) -> str:
    """How Go's decoder names a top-level JSON value that does not fit a struct."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, dict):
        return "object"
    return "string" if isinstance(value, str) else "array"


def decode_json(data: bytes) -> tuple[Any, bool]:
    """One JSON value from ``data`` as Go's ``json.Decoder`` reads it, and whether ``dec.More()`` holds."""
    if not data.strip(_SPACE):
        raise InvalidArgument("invalid JSON: got EOF while reading request body")
    scanner = _Scanner(data)
    try:
        scanner.value()
    except _Syntax as error:
        raise InvalidArgument(f"invalid JSON: {error}") from None
    rest = scanner.skip_space()
    text = data[: scanner.pos].decode("utf-8", "replace")
    return json.loads(text, parse_int=_integer), rest is not None and rest not in b"]}"


def _integer(literal: str) -> int:
    if len(literal.lstrip("-")) > MAX_DIGITS:
        raise InvalidArgument(f"invalid JSON: json: cannot unmarshal number {literal} into Go value of type int64")
    return int(literal)


def expect_strings(body: dict[str, Any], go_type: str, *names: str) -> None:
    """Go's decoding of string fields of struct ``go_type``: another JSON type there is its unmarshal error."""
    for name in names:
        value = body.get(name)
        if value is not None and not isinstance(value, str):
            raise InvalidArgument(
                f"invalid JSON: json: cannot unmarshal {_go_kind(value)} into Go struct field {go_type}.{name} "
                "of type string"
            )


def _check_content_type(content_type: str) -> None:
    """``httputils.CheckForJSON`` (Go's ``mime.ParseMediaType``, simplified to its common errors)."""
    media = content_type.partition(";")[0].strip().lower()
    if not media:
        raise InvalidArgument(f"malformed Content-Type header ({content_type}): mime: no media type")
    if media != "application/json":
        raise InvalidArgument(f"unsupported Content-Type header ({content_type}): must be 'application/json'")


def read_json(body: Any, content_type: str, go_type: str) -> dict[str, Any]:
    """The request body decoded into an object for Go struct ``go_type`` (``swarm.ServiceSpec``)."""
    more = False
    if isinstance(body, (bytes, bytearray, str)):
        raw = body.encode() if isinstance(body, str) else bytes(body)
        if not raw and not content_type:
            return {}
        _check_content_type(content_type)
        if not raw:
            return {}
        body, more = decode_json(raw)
    if body is not None and not isinstance(body, dict):
        raise InvalidArgument(f"invalid JSON: json: cannot unmarshal {_go_kind(body)} into Go value of type {go_type}")
    if more:
        raise InvalidArgument("unexpected content after JSON")
    return body or {}
