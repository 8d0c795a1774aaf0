"""The functions docker adds to ``--format`` templates (docker/cli ``templates/templates.go``).

``json``, ``split``, ``join``, ``title``, ``lower``, ``upper``, ``pad`` and ``truncate``.
Table headers are rendered with :data:`HEADER_FUNCTIONS`, which leave the column name
as it is (so ``{{upper .Name}}`` still heads its column ``NAME``) except ``pad``.
"""

from __future__ import annotations

from .gotemplate import GoFunc
from .gotemplate.values import to_json


def _split(text: str, separator: str) -> list[str]:
    """Go's ``strings.Split``: an empty separator splits into characters."""
    return list(text) if separator == "" else text.split(separator)


def _is_separator(char: str) -> bool:
    """Go's ``strings.Title`` word boundaries."""
    if char.isascii():
        return not (char.isalnum() or char == "_")
    if char.isalpha() or char.isdigit():
        return False
    return char.isspace()


def _title(text: str) -> str:
    """Go's ``strings.Title``: upper-case the first letter of every word."""
    out, previous = [], " "
    for char in text:
        out.append(char.upper() if _is_separator(previous) else char)
        previous = char
    return "".join(out)


def _pad(source: str, prefix: int, suffix: int) -> str:
    return source if source == "" else " " * prefix + source + " " * suffix


def _truncate(source: str, length: int) -> str:
    return source if len(source) < length else source[:length]


BASIC_FUNCTIONS = {
    "json": GoFunc(to_json, ("any",)),
    "split": GoFunc(_split, ("string", "string")),
    "join": GoFunc(lambda items, separator: separator.join(items), ("[]string", "string")),
    "title": GoFunc(_title, ("string",)),
    "lower": GoFunc(str.lower, ("string",)),
    "upper": GoFunc(str.upper, ("string",)),
    "pad": GoFunc(_pad, ("string", "int", "int")),
    "truncate": GoFunc(_truncate, ("string", "int")),
}


def _keep_first(value: str, *_ignored: object) -> str:
    return value


HEADER_FUNCTIONS = {
    "json": GoFunc(_keep_first, ("string",)),
    "split": GoFunc(_keep_first, ("string", "string")),
    "join": GoFunc(_keep_first, ("string", "string")),
    "title": GoFunc(_keep_first, ("string",)),
    "lower": GoFunc(_keep_first, ("string",)),
    "upper": GoFunc(_keep_first, ("string",)),
    "truncate": GoFunc(_keep_first, ("string", "int")),
}
