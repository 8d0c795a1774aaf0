"""The ``tag`` log option: a Go template over the container's logger info.

Docker renders ``--log-opt tag=...`` with ``text/template`` against ``logger.Info``
(``{{.ID}}`` is the default for syslog, journald, gelf, fluentd, splunk; json-file has no
default tag). This is the subset tags use: fields and methods of ``logger.Info``, the
template functions moby registers (lower, upper, title, split, join, pad, truncate,
json) and pipes, with Go's error texts.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from .message import ContainerInfo

DEFAULT_TEMPLATE = "{{.ID}}"
"""``loggerutils.DefaultTemplate``."""

FIELDS: dict[str, Callable[[ContainerInfo], Any]] = {
    "ID": lambda i: i.short_id,
    "FullID": lambda i: i.id,
    "Name": lambda i: i.plain_name,
    "ImageID": lambda i: i.image_id[:12],
    "ImageFullID": lambda i: i.image_id,
    "ImageName": lambda i: i.image_name,
    "DaemonName": lambda i: i.daemon_name,
    "Command": lambda i: i.command,
    "Hostname": lambda i: i.hostname,
    "ContainerID": lambda i: i.id,
    "ContainerName": lambda i: i.name,
    "ContainerEntrypoint": lambda i: i.entrypoint,
    "ContainerArgs": lambda i: list(i.args),
    "ContainerImageID": lambda i: i.image_id,
    "ContainerImageName": lambda i: i.image_name,
    "ContainerEnv": lambda i: list(i.env),
}

FUNCTIONS: dict[str, Callable[..., Any]] = {
    "json": lambda v: json.dumps(v, ensure_ascii=False, separators=(",", ":")),
    "split": lambda s, sep: s.split(sep) if sep else list(s),
    "join": lambda items, sep: sep.join(items),
    "title": lambda s: re.sub(r"(^|[^\w'])(\w)", lambda m: m.group(1) + m.group(2).upper(), s),
    "lower": str.lower,
    "upper": str.upper,
    "pad": lambda s, prefix, suffix: " " * prefix + s + " " * suffix if s else s,
    "truncate": lambda s, length: s if len(s) < length else s[:length],
}

_ACTION = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[()|]|[^\s"()|]+')


class TagError(ValueError):
    """A tag template Go's ``text/template`` rejects; the message is Go's."""


def render_tag(template: str, info: ContainerInfo) -> str:
    """The tag ``template`` renders to for ``info`` (``loggerutils.ParseLogTag``)."""
    if template.count("{{") != len(_ACTION.findall(template)):
        raise TagError(f"template: log-tag:{template.count(chr(10)) + 1}: unclosed action")
    out, pos = [], 0
    for match in _ACTION.finditer(template):
        out.append(template[pos : match.start()])
        out.append(_text(_pipeline(match, template, info)))
        pos = match.end()
    out.append(template[pos:])
    return "".join(out)


def _text(value: Any) -> str:
    if isinstance(value, list):
        return "[" + " ".join(map(str, value)) + "]"
    return str(value)


def _pipeline(match: re.Match[str], template: str, info: ContainerInfo) -> Any:
    line = template.count("\n", 0, match.start()) + 1
    tokens = _TOKEN.findall(match.group(1))
    value, rest = _evaluate(tokens, line, match, template, info)
    if rest:
        raise TagError(f"template: log-tag:{line}: unexpected {rest[0]!r} in command")
    return value


def _evaluate(tokens: list[str], line: int, match: re.Match[str], template: str, info: ContainerInfo):
    """Run a pipeline (commands joined by ``|``) from ``tokens``; returns its value and the unread tokens."""
    value: Any = None
    first = True
    while True:
        words: list[Any] = []
        while tokens and tokens[0] not in ("|", ")"):
            token, tokens = tokens[0], tokens[1:]
            if token == "(":
                inner, tokens = _evaluate(tokens, line, match, template, info)
                if not tokens or tokens[0] != ")":
                    raise TagError(f"template: log-tag:{line}: unclosed left paren")
                tokens = tokens[1:]
                words.append((inner,))
            else:
                words.append(token)
        if not words:
            raise TagError(f"template: log-tag:{line}: missing value for command")
        head, args = words[0], [_operand(w, match, template, info) for w in words[1:]]
        if not first:
            args.append(value)
        if isinstance(head, tuple) or head.startswith((".", '"')) or head[0].isdigit():
            value = _operand(head, match, template, info)
        elif head in FUNCTIONS:
            try:
                value = FUNCTIONS[head](*args)
            except (TypeError, AttributeError):
                raise TagError(
                    f'template: log-tag:{line}: executing "log-tag" at <{head}>: wrong type for value'
                ) from None
        else:
            raise TagError(f'template: log-tag:{line}: function "{head}" not defined')
        first = False
        if not tokens or tokens[0] != "|":
            return value, tokens
        tokens = tokens[1:]


def _operand(word: Any, match: re.Match[str], template: str, info: ContainerInfo) -> Any:
    if isinstance(word, tuple):
        return word[0]
    if word.startswith("."):
        name = word[1:]
        if name not in FIELDS:
            offset = template.index(word, match.start())
            line_start = template.rfind("\n", 0, offset) + 1
            where = f"{template.count(chr(10), 0, offset) + 1}:{offset - line_start}"
            raise TagError(
                f'template: log-tag:{where}: executing "log-tag" at <{word}>: '
                f"can't evaluate field {name} in type *logger.Info"
            )
        return FIELDS[name](info)
    if word.startswith('"'):
        return json.loads(word)
    if re.fullmatch(r"-?\d+", word):
        return int(word)
    raise TagError(f'template: log-tag:1: function "{word}" not defined')
