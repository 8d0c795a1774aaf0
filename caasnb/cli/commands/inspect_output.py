"""What ``docker node|service inspect`` prints: indented JSON, one template per object, or errors.

docker's ``inspect.Inspect``: no format prints a JSON array marshalled with four-space
indentation (Go escapes ``<``, ``>`` and ``&``); a template runs once per object. Objects
that cannot be fetched are reported together after the others are printed (exit 1).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ...errors import ClientError, DockerError
from ...golang.json import json_float, json_string
from ..gotemplate import Template, TemplateError
from ..gotemplate.values import to_json
from ..invocation import Invocation
from ..templatefuncs import BASIC_FUNCTIONS


def go_indent(value: Any, depth: int = 0) -> str:
    """``json.MarshalIndent(value, "", "    ")`` for decoded JSON."""
    pad, inner = "    " * depth, "    " * (depth + 1)
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = (f"{inner}{json_string(str(key))}: {go_indent(item, depth + 1)}" for key, item in value.items())
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        return "[\n" + ",\n".join(inner + go_indent(item, depth + 1) for item in value) + "\n" + pad + "]"
    if isinstance(value, float) and not isinstance(value, bool):
        return json_float(value)
    return to_json(value, escape_html=True)


def inspect(invocation: Invocation, refs: list[str], format_text: str, fetch: Callable[[str], Any]) -> None:
    """Print ``refs`` to the invocation's output; then raise the joined errors (exit 1), if any."""
    template = None
    if format_text and format_text != "json":
        try:
            template = Template("", format_text, BASIC_FUNCTIONS)
        except TemplateError as error:
            raise ClientError(f"template parsing error: {error}", exit_code=64) from None
    found, errors = [], []
    for ref in refs:
        try:
            element = fetch(ref)
            found.append(element if template is None else template.execute(element) + "\n")
        except TemplateError as error:
            errors.append(f"template parsing error: {error}")
        except DockerError as error:
            errors.append(error.cli_lines().rstrip("\n"))
    if template is not None:
        invocation.out.write("".join(found) or "\n")
    elif format_text == "json":
        invocation.out.write(to_json(found, escape_html=True) + "\n")
    else:
        invocation.out.write(go_indent(found) + "\n")
    if errors:
        raise ClientError("\n".join(errors))
