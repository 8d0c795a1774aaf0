"""``--format`` and ``--quiet`` for list commands, as docker's ``formatter.Context`` does them.

A list command declares its formats once::

    SERVICE_LIST = ListFormat(
        table="table {{.ID}}\\t{{.Name}}\\t{{.Mode}}\\t{{.Replicas}}\\t{{.Image}}\\t{{.Ports}}",
        header={"ID": "ID", "Name": "NAME", "Mode": "MODE", ...},
    )
    text = SERVICE_LIST.render(invocation.flag("format"), invocation.flag("quiet"), rows)

``rows`` are objects (or dicts) with Go-named fields. ``table ...`` formats get a header row
(the template run over ``header`` with header functions) and are aligned by the tabwriter;
``json`` is ``{{json .}}``; a literal ``\\t`` or ``\\n`` in a format becomes a tab or newline.
Template errors become docker's ``template parsing error: ...`` (exit 1).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import ClientError
from .gotemplate import Template, TemplateError
from .tabwriter import align
from .templatefuncs import BASIC_FUNCTIONS, HEADER_FUNCTIONS

TABLE_FORMAT_KEY = "table"
RAW_FORMAT_KEY = "raw"
JSON_FORMAT_KEY = "json"
DEFAULT_QUIET_FORMAT = "{{.ID}}"
JSON_FORMAT = "{{json .}}"


def is_table(format_string: str) -> bool:
    return format_string.startswith(TABLE_FORMAT_KEY)


def _template_text(format_string: str) -> str:
    """docker's ``preFormat``: drop ``table``, expand ``json``, trim spaces, turn ``\\t``/``\\n`` into tabs/newlines."""
    if is_table(format_string):
        text = format_string[len(TABLE_FORMAT_KEY) :]
    elif format_string == JSON_FORMAT_KEY:
        text = JSON_FORMAT
    else:
        text = format_string
    return text.strip(" ").replace("\\t", "\t").replace("\\n", "\n")


def parse_format(format_string: str) -> Template:
    """The template of a ``--format`` value; docker's error if it does not parse."""
    try:
        return Template("", _template_text(format_string), BASIC_FUNCTIONS)
    except TemplateError as error:
        raise ClientError(f"template parsing error: {error}") from None


def render(format_string: str, rows: Iterable[Any], header: Mapping[str, str] | None = None) -> str:
    """Every row through the format, one per line; for ``table`` formats a header and alignment."""
    template = parse_format(format_string)
    lines = []
    for row in rows:
        try:
            lines.append(template.execute(row) + "\n")
        except TemplateError as error:
            raise ClientError(f"template parsing error: {error}") from None
    if not is_table(format_string):
        return "".join(lines)
    try:
        head = template.execute(dict(header or {}), HEADER_FUNCTIONS)
    except TemplateError as error:
        head = error.output  # docker ignores a header that fails, keeping what it wrote
    return align(head + "\n" + "".join(lines))


@dataclass(frozen=True)
class ListFormat:
    """The formats of one list command: its default table, ``--quiet`` and ``raw`` variants, its header."""

    table: str
    header: Mapping[str, str] = field(default_factory=dict)
    quiet: str = DEFAULT_QUIET_FORMAT
    raw: str = ""
    raw_quiet: str = ""

    def choose(self, format_flag: str, quiet: bool) -> str:
        """The format docker uses for ``--format format_flag`` with or without ``--quiet``.

        No ``--format`` means ``table``; ``table`` and ``raw`` mean the command's own
        layouts (quiet variants with ``-q``); any other format is used as given, so
        ``--format`` wins over ``--quiet``.
        """
        chosen = format_flag or TABLE_FORMAT_KEY
        if chosen == TABLE_FORMAT_KEY:
            return self.quiet if quiet else self.table
        if chosen == RAW_FORMAT_KEY and self.raw:
            return self.raw_quiet if quiet else self.raw
        return chosen

    def render(self, format_flag: str, quiet: bool, rows: Iterable[Any]) -> str:
        return render(self.choose(format_flag, quiet), rows, self.header)
